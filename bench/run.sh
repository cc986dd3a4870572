#!/bin/bash
# Entry point of `make bench`: nsbox against its anchors (iproute2,
# util-linux), side by side in one run. Runs every bench/*.sh but this file
# and lib*.sh, each in its own sandbox: fresh mount and network namespaces
# with a tmpfs on /run, so the host's /run/netns is never touched.
#
#   bash bench/run.sh [APPLET...]   e.g. `bash bench/run.sh netns`
#
# Prints the table and writes it to bench/results/. Exits 1 when a script
# breaks; a missed target is a FAIL row, fatal only with BENCH_STRICT=1.
set -euo pipefail

bench_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench_dir")

# Second stage, already inside `unshare -m -n --propagation private`: hide the
# host's /run (and so /var/run/netns) behind a tmpfs, then run one script.
if [ "${1-}" = --sandboxed ]; then
	mount -t tmpfs -o mode=0755 nsbox-bench /run
	exec bash "$2"
fi

if [ "$(id -u)" != 0 ]; then
	echo "bench: must run as root (it creates namespaces and mounts)" >&2
	exit 1
fi

# What the bench needs on a fresh Debian machine.
need=()
[ -x /usr/bin/time ] || need+=(time)
command -v xz >/dev/null || need+=(xz-utils)
command -v ip >/dev/null || need+=(iproute2)
command -v unshare >/dev/null || need+=(util-linux)
if [ ${#need[@]} -gt 0 ]; then
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

export PATH=$PATH:/usr/local/go/bin
[ -x "$root/nsbox" ] || make -C "$root" build

BENCH_TMP=$(mktemp -d /tmp/nsbox-bench.XXXXXX)
trap 'rm -rf "$BENCH_TMP"' EXIT
# The bench's own programs (bench/cmd/*: the timer, lsns's floor) go to $BENCH_TMP.
(cd "$root" && CGO_ENABLED=0 go build -o "$BENCH_TMP/" ./bench/cmd/...)

NSBOX=$root/nsbox
# The same build without the fast path, for the Go-path rows.
NSBOX_GOPATH=$BENCH_TMP/gopath/nsbox
mkdir -p "$BENCH_TMP/gopath"
make -s -C "$root" build OUT="$NSBOX_GOPATH" EXTRA_TAGS=nsbox_nofastpath >/dev/null
# And without the stage's CPU narrowing (bench/stage.sh: what it buys).
NSBOX_WIDE=$BENCH_TMP/wide/nsbox
mkdir -p "$BENCH_TMP/wide"
make -s -C "$root" build OUT="$NSBOX_WIDE" EXTRA_TAGS=nsbox_nonarrow >/dev/null
IP=$(command -v ip)
export NSBOX_BENCH_SANDBOX=1 NSBOX NSBOX_GOPATH NSBOX_WIDE IP TIMEIT=$BENCH_TMP/timeit \
	BENCH_TABLE=$BENCH_TMP/table BENCH_TMP
# shellcheck source=bench/lib.sh
source "$bench_dir/lib.sh"

scripts=()
if [ $# -gt 0 ]; then
	for a in "$@"; do
		f=$bench_dir/$(basename "${a%.sh}").sh
		[ -f "$f" ] || { echo "bench: no such bench script: $f" >&2; exit 1; }
		scripts+=("$f")
	done
else
	for f in "$bench_dir"/*.sh; do
		case $(basename "$f") in run.sh | lib*.sh) ;; *) scripts+=("$f") ;; esac
	done
fi

{
	echo "nsbox bench  $(date -u '+%Y-%m-%d %H:%M:%S UTC')  $(hostname)"
	echo "kernel $(uname -r); $(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
	echo "binary: $("$NSBOX" --version 2>&1 | head -n 1)"
	echo "times: medians of interleaved runs, fork to reap (bench/cmd/timeit); ratio = nsbox / anchor"
	echo "timer floor: $("$TIMEIT" -runs 31 -warmup 3 /bin/true | awk '{ printf "%.3f", $1 / 1000 }') ms to run /bin/true"
	echo "peak RSS: largest of $RSS_RUNS runs of /usr/bin/time -f %M"
} | tee "$BENCH_TABLE"

section "nsbox binary"
info "size (static, stripped)" bytes "$(stat -c %s "$NSBOX")"
info "size, xz -9e" bytes "$(xz -9e -c "$NSBOX" | wc -c)"

# settle waits (30 s at most) until the machine is quiet: the kernel tears
# down a script's namespaces in its own workers long after the processes
# are gone, and that work would land on the next script's timings. Quiet:
# 90% of CPU time idle over half a second.
settle() {
	local i k a b idle total
	for ((i = 0; i < 60; i++)); do
		read -ra a </proc/stat
		sleep 0.5
		read -ra b </proc/stat
		idle=$((b[4] - a[4] + b[5] - a[5])) total=0
		for k in 1 2 3 4 5 6 7 8; do total=$((total + b[k] - a[k])); done
		((total > 0 && idle * 10 >= total * 9)) && return 0
	done
	echo "!! the machine was still busy after 30 s" | tee -a "$BENCH_TABLE"
}

host_netns_before=$(ls -A /run/netns 2>/dev/null || true)
broken=()
for f in "${scripts[@]}"; do
	settle
	if ! unshare -m -n --propagation private bash "$0" --sandboxed "$f"; then
		broken+=("$(basename "$f")")
		echo "!! $(basename "$f") stopped with an error" | tee -a "$BENCH_TABLE"
	fi
done
if [ "$(ls -A /run/netns 2>/dev/null || true)" != "$host_netns_before" ]; then
	echo "!! the host's /run/netns changed during the bench" | tee -a "$BENCH_TABLE" >&2
	broken+=(host-isolation)
fi

pass=$(grep -c ' PASS$' "$BENCH_TABLE" || true)
fail=$(grep -c ' FAIL$' "$BENCH_TABLE" || true)
echo | tee -a "$BENCH_TABLE"
echo "targets: $pass PASS, $fail FAIL${broken:+; broken: ${broken[*]}}" | tee -a "$BENCH_TABLE"

mkdir -p "$bench_dir/results"
out=$bench_dir/results/$(date -u +%Y%m%d-%H%M%S).txt
cp "$BENCH_TABLE" "$out"
cp "$BENCH_TABLE" "$bench_dir/results/latest.txt"
echo "written to ${out#"$root"/}"

[ ${#broken[@]} -eq 0 ] || exit 1
[ "${BENCH_STRICT-}" != 1 ] || [ "$fail" -eq 0 ] || exit 1
