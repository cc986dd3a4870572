# What every test VM's /init (busybox sh) shares: the mounts and the
# checks. Every check prints "VMTEST PASS: NAME" or "VMTEST FAIL: NAME:
# DETAIL"; finish prints "VMTEST-RESULT: PASS" or "VMTEST-RESULT: FAIL (N)",
# the marker the Go side waits for, and powers off.
# Sourced after `/bin/busybox --install -s /bin` (or in an image with
# busybox's links).

# Mounted unless the image's own init did (initramfs_checks.sh's images).
mountpoint -q /proc || mount -t proc proc /proc
mountpoint -q /sys || mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs dev /dev
mountpoint -q /run || mount -t tmpfs run /run
mkdir -p /var /tmp && { [ -e /var/run ] || ln -s /run /var/run; }
echo "VMTEST kernel $(uname -r)"

fails=0
# Checks are named after the guest's CPU in the VMs of other CPUs
# (nsbox_guest, from the kernel's command line).
pass() { echo "VMTEST PASS: ${nsbox_guest:+$nsbox_guest }$1"; }
fail() { echo "VMTEST FAIL: ${nsbox_guest:+$nsbox_guest }$1"; fails=$((fails + 1)); }
# check NAME CMD...: CMD must succeed.
check() {
	name=$1
	shift
	if "$@" >/tmp/check.log 2>&1; then pass "$name"; else fail "$name: $(head -c 400 /tmp/check.log | tr '\n' '|') [last output: $(head -c 300 /tmp/out 2>/dev/null | tr '\n' '|')]"; fi
}
# refuse NAME CODE CMD...: CMD must exit with status CODE (its output stays
# in /tmp/out for grep_out).
refuse() {
	name=$1 code=$2
	shift 2
	"$@" >/tmp/out 2>&1
	rc=$?
	if [ $rc -eq "$code" ]; then pass "$name"; else fail "$name: status $rc, want $code: $(head -c 400 /tmp/out | tr '\n' '|')"; fi
}
# expect NAME CODE STDOUT STDERR CMD...: CMD exits with status CODE and
# writes exactly STDOUT and STDERR (each one line, or nothing when empty).
expect() {
	name=$1 code=$2 want_out=$3 want_err=$4
	shift 4
	"$@" >/tmp/out 2>/tmp/err
	rc=$?
	lines "$want_out" >/tmp/want.out
	lines "$want_err" >/tmp/want.err
	if [ $rc -eq "$code" ] && cmp -s /tmp/out /tmp/want.out && cmp -s /tmp/err /tmp/want.err; then
		pass "$name"
	else
		fail "$name: status $rc, stdout '$(head -c 300 /tmp/out | tr '\n' '|')', stderr '$(head -c 300 /tmp/err | tr '\n' '|')'; want $code, '$want_out', '$want_err'"
	fi
}
lines() { [ -z "$1" ] || printf '%s\n' "$1"; }
# poll CMD...: up to 5 s, for the kernel's asynchronous changes.
poll() {
	n=0
	while ! "$@" >/dev/null 2>&1; do
		n=$((n + 1))
		[ $n -gt 50 ] && return 1
		sleep 0.1
	done
}
# grep_out TEXT: the last command's output (kept in /tmp/out) has TEXT.
grep_out() { grep -qF -- "$1" /tmp/out; }

finish() {
	if [ $fails -eq 0 ]; then echo "VMTEST-RESULT: PASS"; else echo "VMTEST-RESULT: FAIL ($fails)"; fi
	poweroff -f
}
