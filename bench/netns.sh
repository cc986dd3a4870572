# nsbox netns vs iproute2's ip netns: the Speed targets of issue 2.
# Runs inside the bench sandbox (bench/run.sh): /run is a private tmpfs.
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

trap '"$IP" -all netns delete 2>/dev/null || true' EXIT

# Untimed between runs that add namespaces: delete them all, then let the
# kernel's asynchronous netns teardown (~0.2 s for 300) finish, so it does
# not steal CPU from the next run.
wipe=$BENCH_TMP/netns-reset
printf '#!/bin/sh\n"%s" -all netns delete\nsleep 0.3\n' "$IP" >"$wipe"
chmod +x "$wipe"

section "netns vs ip netns ($("$IP" -V | grep -o 'iproute2-[^,]*'))"

# Start-up cost: an existing, empty run dir (as after the last delete).
"$IP" netns add bench-e && "$IP" netns delete bench-e
same_output "netns list, empty" "$NSBOX netns list" "$IP netns list"
compare "netns list, empty run dir (start-up)" 1.2 1 "-runs 31 -warmup 3" \
	"$NSBOX netns list" "$IP netns list"
# `netns list` and `netns add NAME` run in the fast path (nslib/prestage),
# before the Go runtime starts; the extra rows are the same work in Go (the
# build without the fast path, $NSBOX_GOPATH).
compare "netns list, empty run dir, Go path (extra)" - 1 "-runs 31 -warmup 3" \
	"$NSBOX_GOPATH netns list" "$IP netns list"
peak_rss "peak RSS: netns list, empty run dir" "$NSBOX netns list" "$IP netns list"
# The floor under every start-up row: the Go runtime alone (bench/cmd/gohello).
compare "info: Go runtime start-up (gohello) vs ip" - 1 "-runs 31 -warmup 3" \
	"$BENCH_TMP/gohello" "$IP netns list"

# exec: ip execs the command in place, as nsbox does; `true` is found in PATH.
"$IP" netns add bench-x
compare "netns exec NAME true" 1.2 1 "-runs 31 -warmup 3" \
	"$NSBOX netns exec bench-x true" "$IP netns exec bench-x true"
# `netns exec NAME PROG` runs in the fast path, before the Go runtime starts;
# the extra row is the same work in Go: a name with a (here empty) config
# directory is left to Go, and iproute2 binds nothing from it either.
mkdir -p "$BENCH_TMP/etc/bench-x"
NETNS_ETC_DIR=$BENCH_TMP/etc compare "netns exec NAME true, Go path (extra)" - 1 "-runs 31 -warmup 3" \
	"$NSBOX netns exec bench-x true" "$IP netns exec bench-x true"
peak_rss "peak RSS: netns exec NAME true" "$NSBOX netns exec bench-x true" "$IP netns exec bench-x true"
"$IP" netns delete bench-x

# 300 adds, one process each; a run is 300 adds, all deleted before the next.
compare "netns add, 300 processes (per add)" 1.2 1 "-runs 9 -warmup 1 -reps 300 -reset $wipe" \
	"$NSBOX netns add a{i}" "$IP netns add a{i}"
compare "netns add, 300 processes, Go path (extra)" - 1 "-runs 5 -warmup 1 -reps 300 -reset $wipe" \
	"$NSBOX_GOPATH netns add a{i}" "$IP netns add a{i}"
peak_rss "peak RSS: netns add NAME" -r "$wipe" "$NSBOX netns add r" "$IP netns add r"

# 300 adds in one batch file (ip -b reads the same `netns add` lines).
batch=$BENCH_TMP/add300.batch
for i in $(seq 300); do echo "netns add b$i"; done >"$batch"
compare "netns -b FILE, 300 adds (per add)" 1.0 300 "-runs 11 -warmup 1 -reset $wipe" \
	"$NSBOX netns -b $batch" "$IP -b $batch"
peak_rss "peak RSS: netns -b FILE (300 adds)" -r "$wipe" "$NSBOX netns -b $batch" "$IP -b $batch"

# 300 deletes, one process each, then in one batch file ({i} counts from
# 0). Between runs the names come back (ip -b, untimed), once the kernel's
# workers have torn down the namespaces the last run deleted (asynchronous,
# 0.2 s or more for 300): that work would land on the next run.
dadd=$BENCH_TMP/readd300.batch
for ((i = 0; i < 300; i++)); do echo "netns add d$i"; done >"$dadd"
readd=$BENCH_TMP/netns-readd
printf '#!/bin/sh\nsleep 1\n"%s" -b "%s"\n' "$IP" "$dadd" >"$readd"
chmod +x "$readd"
"$readd"
compare "netns del NAME, 300 processes (per delete)" 1.2 1 "-runs 9 -warmup 1 -reps 300 -reset $readd" \
	"$NSBOX netns del d{i}" "$IP netns del d{i}"
dbatch=$BENCH_TMP/del300.batch
for ((i = 0; i < 300; i++)); do echo "netns del d$i"; done >"$dbatch"
compare "netns -b FILE, 300 deletes (per delete)" 1.0 300 "-runs 11 -warmup 1 -reset $readd" \
	"$NSBOX netns -b $dbatch" "$IP -b $dbatch"
"$wipe"

# 600 named namespaces, each with an nsid (ip asks for it per name). A list
# this long is Go's (the fast path leaves lists of 128 names or more to it).
setup=$BENCH_TMP/add600.batch
for i in $(seq 600); do printf 'netns add n%d\nnetns set n%d auto\n' "$i" "$i"; done >"$setup"
"$IP" -b "$setup"
[ "$("$IP" netns list | grep -c '(id: ')" = 600 ] || { echo "bench: 600 nsids not set" >&2; exit 1; }
same_output "netns list, 600 names" "$NSBOX netns list" "$IP netns list"
compare "netns list, 600 names with nsids" 0.5 1 "-runs 31 -warmup 2" \
	"$NSBOX netns list" "$IP netns list"
peak_rss "peak RSS: netns list, 600 names" "$NSBOX netns list" "$IP netns list"
"$IP" -all netns delete

# holders walks every process's descriptors (nsfs files, sockets) and every
# mount namespace's table; pids reads one link per process. Both over 2,000
# processes (400 in a network namespace of their own), on the same state:
# the anchor column is nsbox's `netns pids`.
"$IP" netns add bench-h
sleeps=()
trap 'kill "${sleeps[@]}" 2>/dev/null || true; "$IP" -all netns delete 2>/dev/null || true' EXIT
for ((i = 0; i < 1600; i++)); do sleep 600 </dev/null >/dev/null & sleeps+=($!); done
for ((i = 0; i < 400; i++)); do unshare -n sleep 600 </dev/null >/dev/null & sleeps+=($!); done
for ((t = 0; t < 300; t++)); do
	[ "$(cat /proc/[0-9]*/comm 2>/dev/null | grep -c '^sleep$')" -lt 2000 ] || break
	sleep 0.1
done
sleep 1
compare "netns holders NAME vs netns pids, 2,000 procs" 1.2 1 "-runs 21 -warmup 2" \
	"$NSBOX netns holders bench-h" "$NSBOX netns pids bench-h"
peak_rss "peak RSS: netns holders NAME, 2,000 procs" "$NSBOX netns holders bench-h" "$NSBOX netns pids bench-h"
# The floor under that ratio (bench/cmd/lsnsfloor: only the system calls,
# on as many threads as nsbox): one link per process for pids (-t net), and
# also every descriptor listed and stat'ed for holders (-fds).
compare "info: floor of holders vs floor of pids" - 1 "-runs 21 -warmup 2" \
	"$BENCH_TMP/lsnsfloor -t net -fds" "$BENCH_TMP/lsnsfloor -t net"
# identify on the same state: the PID's namespace against every name (ip
# stats each; nsbox too, in the fast path). One of the unshared sleeps.
compare "netns identify PID, 2,000 procs" 1.05 1 "-runs 31 -warmup 3" \
	"$NSBOX netns identify ${sleeps[-1]}" "$IP netns identify ${sleeps[-1]}"
kill "${sleeps[@]}" 2>/dev/null || true
wait 2>/dev/null || true
"$IP" netns delete bench-h
