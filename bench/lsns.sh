# nsbox lsns vs util-linux's lsns: the Speed and memory targets of issue 3.
# Runs inside the bench sandbox (bench/run.sh), then re-runs itself as PID 1
# of a new pid namespace with its own /proc, so the process list is exactly
# the 2,000 processes started here (and the bench's own few); they all die
# with the namespace when this script ends.
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

if [ "${NSBOX_BENCH_PIDNS-}" != 1 ]; then
	NSBOX_BENCH_PIDNS=1 exec unshare -p -f --mount-proc bash "$0" "$@"
fi

FLOOR=$BENCH_TMP/lsnsfloor
PLAIN=1600 # plain `sleep 600`
OWNNS=400  # `unshare -n -u -i sleep 600`: a net, uts and ipc namespace each

kill_all() {
	local pids
	pids=$(jobs -p)
	# shellcheck disable=SC2086 # a list of PIDs
	[ -z "$pids" ] || kill $pids 2>/dev/null || true
	wait 2>/dev/null || true
}
trap kill_all EXIT

# sleeping: how many processes of this pid namespace run sleep by now (an
# `unshare … sleep` counts once it has exec'd sleep, inside its namespaces).
sleeping() {
	cat /proc/[0-9]*/comm 2>/dev/null | grep -c '^sleep$' || true
}

for ((i = 0; i < PLAIN; i++)); do sleep 600 >/dev/null & done
for ((i = 0; i < OWNNS; i++)); do unshare -n -u -i sleep 600 </dev/null >/dev/null & done
for ((t = 0; t < 300; t++)); do
	[ "$(sleeping)" -lt $((PLAIN + OWNNS)) ] || break
	sleep 0.1
done
n=$(sleeping)
if [ "$n" != $((PLAIN + OWNNS)) ]; then
	echo "bench: lsns: $n of $((PLAIN + OWNNS)) sleeps started" >&2
	exit 1
fi
# Let the kernel finish setting up (and the machine settle) before timing.
sleep 1

section "lsns vs util-linux ($(lsns --version | grep -o '[0-9][0-9.]*$')), $((PLAIN + OWNNS)) processes, $OWNNS with own net/uts/ipc"

# Same namespaces, counted the same, in every timed form: the process list
# is stable (the tools run one at a time, so each sees itself and not the
# other; PID and COMMAND are those of the lowest PID).
for opts in "" "-l" "-J" "-t net"; do
	same_output "lsns $opts" "$NSBOX lsns $opts" "lsns $opts"
done
ul=$(lsns -n -o NS | wc -l)
fl=$("$FLOOR" | awk '{ print $2 }')
[ "$ul" = "$fl" ] || row "lsnsfloor: $fl namespaces, lsns: $ul" - - - - - FAIL
info "namespaces listed (util-linux lsns)" count "$ul"

# ms_row NAME TARGET A_US B_US: a timing row from two medians in µs (the
# ratio A/B); TARGET "-" for no target.
ms_row() {
	local a b ratio
	a=$(awk -v v="$3" 'BEGIN { printf "%.3f", v / 1000 }')
	b=$(awk -v v="$4" 'BEGIN { printf "%.3f", v / 1000 }')
	ratio=$(awk -v a="$3" -v b="$4" 'BEGIN { printf "%.2f", a / b }')
	if [ "$2" = - ]; then
		row "$1" ms "$a" "$b" "$ratio" - -
	else
		row "$1" ms "$a" "$b" "$ratio" "<= $2" "$(verdict "$ratio" "$2")"
	fi
}

# `lsns`: nsbox, util-linux and the floor (bench/cmd/lsnsfloor: only the
# system calls of the scan, on as many threads as nsbox uses) in one
# interleaved run, so the ratios share the machine's noise. Info rows: the
# floor against util-linux (the best ratio any implementation can reach),
# the floor on one thread, and the floor that also lists and stats every
# open descriptor (/proc/PID/fd, how util-linux 2.41+ finds namespaces held
# by open files; 2.38.1 does not). util-linux takes ~0.3-0.6 s a run here.
out=$("$TIMEIT" -runs 15 -warmup 1 "$NSBOX lsns" lsns "$FLOOR" "$FLOOR -j 1" "$FLOOR -fds")
med() { awk -v n="$1" 'NR == n { print $1 }' <<<"$out"; }
ms_row "lsns" 0.2 "$(med 1)" "$(med 2)"
ms_row "lsns vs floor (anchor: lsnsfloor)" 2.0 "$(med 1)" "$(med 3)"
ms_row "info: floor vs util-linux" - "$(med 3)" "$(med 2)"
ms_row "info: floor -j 1 vs util-linux" - "$(med 4)" "$(med 2)"
ms_row "info: floor -fds vs util-linux" - "$(med 5)" "$(med 2)"

compare "lsns -l" 0.2 1 "-runs 7 -warmup 1" "$NSBOX lsns -l" "lsns -l"
compare "lsns -J" 0.2 1 "-runs 7 -warmup 1" "$NSBOX lsns -J" "lsns -J"
out=$("$TIMEIT" -runs 15 -warmup 1 "$NSBOX lsns -t net" "lsns -t net" "$FLOOR -t net" "$FLOOR -t net -fds")
ms_row "lsns -t net" 0.5 "$(med 1)" "$(med 2)"
ms_row "info: floor -t net vs util-linux" - "$(med 3)" "$(med 2)"
ms_row "info: floor -t net -fds vs util-linux" - "$(med 4)" "$(med 2)"
peak_rss_rel "peak RSS: lsns" 1.2 "$NSBOX lsns" "lsns"
peak_rss_rel "peak RSS: lsns -J" 1.2 "$NSBOX lsns -J" "lsns -J"
