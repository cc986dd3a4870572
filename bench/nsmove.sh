# nsbox nsmove vs iproute2's `ip link set dev X netns NAME`: the Speed
# target of issue 5. Runs inside the bench sandbox (bench/run.sh): the veth
# pair and the namespaces live in the sandbox's network namespace.
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

section "nsmove vs ip link set … netns ($("$IP" -V | grep -o 'iproute2-[^,]*'))"

trap '"$IP" link del bm0 2>/dev/null; "$IP" -all netns delete 2>/dev/null || true' EXIT

# The sandbox's own namespace gets a name, so a device can be sent back to
# it (netns 1 would be the host's); the reset runs untimed after each move.
"$IP" netns attach bench-home $$
"$IP" netns add bench-move
"$IP" link add bm0 type veth peer name bm1
back=$BENCH_TMP/nsmove-reset
printf '#!/bin/sh\n"%s" -n bench-move link set dev bm0 netns bench-home\n' "$IP" >"$back"
chmod +x "$back"

# Same effect first: the device ends up in the target, and only there.
"$NSBOX" nsmove bm0 bench-move && "$back"
"$IP" link set dev bm0 netns bench-move && "$back"
if "$IP" -n bench-move link show bm0 >/dev/null 2>&1 || ! "$IP" link show bm0 >/dev/null 2>&1; then
	row "nsmove: device not back home" - - - - - FAIL
fi

compare "move a veth into a named namespace" 1.2 1 "-runs 41 -warmup 3 -reset $back" \
	"$NSBOX nsmove bm0 bench-move" "$IP link set dev bm0 netns bench-move"
peak_rss "peak RSS: nsmove DEV NAME" -r "$back" "$NSBOX nsmove bm0 bench-move" "$IP link set dev bm0 netns bench-move"
