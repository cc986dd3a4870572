# nsbox nsenter vs util-linux's nsenter: the Speed targets of issue 4.
# Runs inside the bench sandbox (bench/run.sh); the target processes are
# started here and killed at the end.
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

targets=()
kill_targets() {
	[ ${#targets[@]} -eq 0 ] || kill "${targets[@]}" 2>/dev/null || true
	wait 2>/dev/null || true
}
trap kill_targets EXIT

# start_target NS_LINK UNSHARE_ARGS...: start `unshare ARGS sleep 600` (it
# execs sleep in place, so $! is the target), wait until its NS_LINK (e.g.
# net) differs from ours, i.e. it has unshared, and set $target to its PID.
start_target() {
	local link=$1; shift
	unshare "$@" sleep 600 </dev/null >/dev/null &
	local pid=$! t
	targets+=("$pid")
	for ((t = 0; t < 100; t++)); do
		[ "$(readlink "/proc/$pid/ns/$link" 2>/dev/null)" = "$(readlink "/proc/self/ns/$link")" ] || break
		sleep 0.05
	done
	[ "$(readlink "/proc/$pid/ns/$link")" != "$(readlink "/proc/self/ns/$link")" ] ||
		{ echo "bench: nsenter: target $* did not unshare" >&2; return 1; }
	target=$pid
}

section "nsenter vs util-linux ($(nsenter --version | grep -o '[0-9][0-9.]*$'))"

start_target mnt -n -u -i -m --propagation private
# The command started in the target's namespaces says where it runs.
where="readlink /proc/self/ns/net /proc/self/ns/uts /proc/self/ns/ipc /proc/self/ns/mnt"
same_output "nsenter -t PID -n -u" "$NSBOX nsenter -t $target -n -u $where" "nsenter -t $target -n -u $where"
same_output "nsenter -t PID -a" "$NSBOX nsenter -t $target -a $where" "nsenter -t $target -a $where"

compare "nsenter -t PID -n -u true" 1.3 1 "-runs 101 -warmup 5" \
	"$NSBOX nsenter -t $target -n -u true" "nsenter -t $target -n -u true"
# `nsenter -t PID -n -u PROG` runs in the fast path, before the Go runtime
# starts; the extra row is the same work in Go (-F, a no-op without -p,
# keeps the command line out of the fast path).
compare "nsenter -t PID -n -u true, Go path (extra)" - 1 "-runs 101 -warmup 5" \
	"$NSBOX nsenter -t $target -n -u -F true" "nsenter -t $target -n -u true"
compare "nsenter -t PID -a true" 1.2 1 "-runs 101 -warmup 5" \
	"$NSBOX nsenter -t $target -a true" "nsenter -t $target -a true"
peak_rss "peak RSS: nsenter -t PID -n -u true" \
	"$NSBOX nsenter -t $target -n -u true" "nsenter -t $target -n -u true"
peak_rss "peak RSS: nsenter -t PID -a true" \
	"$NSBOX nsenter -t $target -a true" "nsenter -t $target -a true"

# Extra, no target: -a into a process in its own user namespace (unshare
# -U -r), which nsbox joins through its pre-runtime stage (a re-exec).
start_target user -U -r -n
utarget=$target
where="readlink /proc/self/ns/user /proc/self/ns/net"
if ! "$NSBOX" nsenter -t "$utarget" -a true; then
	row "nsenter -t USERNS_PID -a true: nsbox fails" - - - - - FAIL
else
	same_output "nsenter -t USERNS_PID -a" "$NSBOX nsenter -t $utarget -a $where" "nsenter -t $utarget -a $where"
	compare "nsenter -t PID -a true, own userns (extra)" - 1 "-runs 101 -warmup 5" \
		"$NSBOX nsenter -t $utarget -a true" "nsenter -t $utarget -a true"
	peak_rss "peak RSS: nsenter -a, own userns (extra)" \
		"$NSBOX nsenter -t $utarget -a true" "nsenter -t $utarget -a true"
fi
