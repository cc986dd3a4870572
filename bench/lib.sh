# Shared helpers for the per-applet bench scripts (bench/*.sh). Sourced, not
# run. bench/run.sh sets the environment and runs every script inside its own
# sandbox (fresh mount and network namespaces, a tmpfs on /run), so nothing
# here may touch the host.
#
# A script calls section once, then compare / peak_rss / info for each row.
# Rows go to stdout as they are measured and to $BENCH_TABLE for the summary.

set -euo pipefail
shopt -s inherit_errexit

if [ "${NSBOX_BENCH_SANDBOX-}" != 1 ]; then
	echo "bench: run the bench through bench/run.sh (it sets up the sandbox)" >&2
	exit 1
fi
: "${NSBOX:?}" "${IP:?}" "${TIMEIT:?}" "${BENCH_TABLE:?}" "${BENCH_TMP:?}"

# Both tools must use /run/netns: iproute2 ignores these variables.
unset NETNS_RUN_DIR NETNS_ETC_DIR

RSS_LIMIT_KB=10240 # issue 2: peak RSS of any nsbox command <= 10 MB
RSS_RUNS=5         # peak RSS barely varies; the largest of a few runs

# row NAME UNIT NSBOX ANCHOR RATIO TARGET RESULT: one line of the table.
row() {
	printf '%-44s %-7s %10s %10s %7s %9s  %s\n' "$@" | tee -a "$BENCH_TABLE"
}

# section TITLE: a heading in the table (the anchor and its version).
section() {
	printf '\n== %s\n' "$1" | tee -a "$BENCH_TABLE"
	row benchmark unit nsbox anchor ratio target result
}

# info NAME UNIT VALUE: a row with no anchor and no target.
info() {
	row "$1" "$2" "$3" - - - -
}

# verdict VALUE LIMIT: PASS when VALUE <= LIMIT.
verdict() {
	awk -v v="$1" -v l="$2" 'BEGIN { print (v <= l) ? "PASS" : "FAIL" }'
}

# compare NAME TARGET_RATIO PER "TIMEIT OPTIONS" NSBOX_CMD ANCHOR_CMD
# Times both commands interleaved (bench/cmd/timeit), divides the median by
# PER (e.g. 300 adds in one batch -> ms per add) and checks
# median(nsbox)/median(anchor) <= TARGET_RATIO. Commands are split on blanks.
# TARGET_RATIO "-" makes an info row: the ratio, no target, no verdict.
compare() {
	local name=$1 target=$2 per=$3 opts=$4 a=$5 b=$6 out
	# shellcheck disable=SC2086 # opts is a word list on purpose
	out=$("$TIMEIT" $opts "$a" "$b")
	local na ip ratio
	na=$(awk -v p="$per" 'NR == 1 { printf "%.3f", $1 / 1000 / p }' <<<"$out")
	ip=$(awk -v p="$per" 'NR == 2 { printf "%.3f", $1 / 1000 / p }' <<<"$out")
	ratio=$(awk -v a="$na" -v b="$ip" 'BEGIN { printf "%.2f", a / b }')
	if [ "$target" = - ]; then
		row "$name" ms "$na" "$ip" "$ratio" - -
	else
		row "$name" ms "$na" "$ip" "$ratio" "<= $target" "$(verdict "$ratio" "$target")"
	fi
}

# max_rss_kb [-r RESET] CMD...: the largest of RSS_RUNS peak RSS readings of
# CMD in KB, from /usr/bin/time (wait4's ru_maxrss); RESET (a script path) runs
# after every run.
max_rss_kb() {
	local reset=
	if [ "$1" = -r ]; then reset=$2; shift 2; fi
	local f=$BENCH_TMP/rss peak=0 kb i
	for ((i = 0; i < RSS_RUNS; i++)); do
		/usr/bin/time -f %M -o "$f" "$@" >/dev/null || { echo "bench: $* failed" >&2; return 1; }
		kb=$(tail -n 1 "$f")
		((kb > peak)) && peak=$kb
		[ -z "$reset" ] || "$reset"
	done
	echo "$peak"
}

# peak_rss NAME [-r RESET] "NSBOX_CMD" "ANCHOR_CMD": a row with both peak RSS
# figures; the target is absolute (RSS_LIMIT_KB), the anchor is for reference.
peak_rss() {
	local name=$1; shift
	local reset=()
	if [ "$1" = -r ]; then reset=(-r "$2"); shift 2; fi
	local na ip
	# shellcheck disable=SC2086 # the commands are word lists on purpose
	na=$(max_rss_kb "${reset[@]}" $1)
	# shellcheck disable=SC2086
	ip=$(max_rss_kb "${reset[@]}" $2)
	row "$name" KB "$na" "$ip" "$(awk -v a="$na" -v b="$ip" 'BEGIN { printf "%.2f", a / b }')" \
		"<= $RSS_LIMIT_KB" "$(verdict "$na" "$RSS_LIMIT_KB")"
}

# peak_rss_rel NAME TARGET_RATIO "NSBOX_CMD" "ANCHOR_CMD": like peak_rss, but
# the target is relative: nsbox's peak RSS <= TARGET_RATIO x the anchor's.
peak_rss_rel() {
	local name=$1 target=$2 na ip ratio
	# shellcheck disable=SC2086 # the commands are word lists on purpose
	na=$(max_rss_kb $3)
	# shellcheck disable=SC2086
	ip=$(max_rss_kb $4)
	ratio=$(awk -v a="$na" -v b="$ip" 'BEGIN { printf "%.2f", a / b }')
	row "$name" KB "$na" "$ip" "$ratio" "<= $target" "$(verdict "$ratio" "$target")"
}

# same_output NAME "NSBOX_CMD" "ANCHOR_CMD": a FAIL row when the two commands
# print different sets of lines, so a timing never rests on a wrong answer.
# The commands run one after the other, each with its output in a file, so
# neither sees the other (or a pipe's reader) when it lists processes.
same_output() {
	# shellcheck disable=SC2086 # the commands are word lists on purpose
	$2 >"$BENCH_TMP/out.a" || true
	# shellcheck disable=SC2086
	$3 >"$BENCH_TMP/out.b" || true
	if ! diff <(sort "$BENCH_TMP/out.a") <(sort "$BENCH_TMP/out.b") >"$BENCH_TMP/diff"; then
		row "$1: output differs" - - - - - FAIL
		head -n 5 "$BENCH_TMP/diff" >&2
	fi
}
