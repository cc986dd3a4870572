# nsbox unshare vs util-linux's unshare: the Speed targets of issue 7.
# Runs inside the bench sandbox (bench/run.sh): every namespace made here
# dies with its command.
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

section "unshare vs util-linux ($(unshare --version | grep -o '[0-9][0-9.]*$'))"

if ! "$NSBOX" --list | grep -qx unshare; then
	info "skipped: no unshare applet" - -
	exit 0
fi

# The command in the new namespaces says which of ours it left, and whether
# it is PID 1 (it is with -p -f): both tools must have the same effect.
# shellcheck disable=SC2016 # the $ are for the inner shell
where='[ $$ = 1 ]; echo pid1 $?; for t in mnt uts ipc net pid; do [ "$(readlink /proc/self/ns/$t)" = "$(readlink /proc/'$$'/ns/$t)" ]; echo $t $?; done'
for args in "-n" "-m -u -i -n -p -f"; do
	# shellcheck disable=SC2086 # args is a word list on purpose
	a=$("$NSBOX" unshare $args sh -c "$where" 2>&1 || true)
	# shellcheck disable=SC2086
	b=$(unshare $args sh -c "$where" 2>&1 || true)
	if [ "$a" != "$b" ]; then
		row "unshare $args: effect differs" - - - - - FAIL
		diff <(echo "$a") <(echo "$b") >&2 || true
	fi
done

compare "unshare -n true" 1.3 1 "-runs 101 -warmup 5" \
	"$NSBOX unshare -n true" "unshare -n true"
# `unshare -n PROG` runs in the fast path, before the Go runtime starts; the
# extra row is the same work in Go (--propagation unchanged is a no-op
# without -m that keeps the command line out of the fast path).
compare "unshare -n true, Go path (extra)" - 1 "-runs 101 -warmup 5" \
	"$NSBOX unshare -n --propagation unchanged true" "unshare -n true"
compare "unshare -m -u -i -n -p -f true" 1.3 1 "-runs 101 -warmup 5" \
	"$NSBOX unshare -m -u -i -n -p -f true" "unshare -m -u -i -n -p -f true"
# So does this one (the child gets its pid namespace from clone); the Go
# path with --propagation private, -m's default.
compare "unshare -m -u -i -n -p -f true, Go path (extra)" - 1 "-runs 101 -warmup 5" \
	"$NSBOX unshare -m -u -i -n -p -f --propagation private true" "unshare -m -u -i -n -p -f true"
peak_rss "peak RSS: unshare -n true" "$NSBOX unshare -n true" "unshare -n true"
peak_rss "peak RSS: unshare -m -u -i -n -p -f true" \
	"$NSBOX unshare -m -u -i -n -p -f true" "unshare -m -u -i -n -p -f true"
