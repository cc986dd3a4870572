#!/bin/sh
# Install nsbox and its applet links (busybox style), the man pages and the
# bash, zsh and fish completions.
#   ./install.sh [--prefix DIR] [--uninstall]      (DESTDIR is honoured)
# Build first with `make`.
set -eu
prefix=/usr/local
uninstall=false
while [ $# -gt 0 ]; do
	case "$1" in
	--prefix) prefix=$2; shift ;;
	--prefix=*) prefix=${1#--prefix=} ;;
	--uninstall) uninstall=true ;;
	-h|--help) sed -n '2,5p' "$0"; exit 0 ;;
	*) echo "install.sh: unknown argument: $1" >&2; exit 2 ;;
	esac
	shift
done
here=$(cd "$(dirname "$0")" && pwd)
root=${DESTDIR:-}$prefix
bindir=$root/bin
mandir=$root/share/man/man8
man1dir=$root/share/man/man1
# Where bash-completion, zsh and fish look (bash-completion and fish load
# completions/NAME and vendor_completions.d/NAME.fish when NAME is completed;
# fish looks under $prefix/share when it is in XDG_DATA_DIRS, and under /usr).
bashdir=$root/share/bash-completion/completions
zshdir=$root/share/zsh/site-functions
fishdir=$root/share/fish/vendor_completions.d
[ -x "$here/nsbox" ] || { echo "install.sh: build nsbox first (make)" >&2; exit 1; }
applets=$("$here/nsbox" --list)

# ours DIR NAME TARGET: DIR/NAME is a link to TARGET, as this script makes them.
ours() { [ -L "$1/$2" ] && [ "$(readlink "$1/$2")" = "$3" ]; }

# link DIR NAME TARGET makes DIR/NAME a link to TARGET, unless DIR/NAME is
# something else (util-linux's lsns completion, say).
link() {
	if [ -e "$1/$2" ] || [ -L "$1/$2" ]; then
		if ! ours "$1" "$2" "$3"; then
			echo "install.sh: $1/$2 exists and is not nsbox's; left alone" >&2
			return
		fi
	fi
	ln -sfn "$3" "$1/$2"
}

if $uninstall; then
	for a in $applets; do
		if ours "$bindir" "$a" nsbox; then rm -f "$bindir/$a"; fi
		if ours "$bashdir" "$a" nsbox; then rm -f "$bashdir/$a"; fi
		if ours "$fishdir" "$a.fish" nsbox.fish; then rm -f "$fishdir/$a.fish"; fi
		rm -f "$mandir/$a.8"
	done
	rm -f "$bindir/nsbox" "$man1dir/nsbox.1" "$bashdir/nsbox" "$zshdir/_nsbox" "$fishdir/nsbox.fish"
	echo "nsbox removed from $root"
	exit 0
fi

mkdir -p "$bindir" "$mandir" "$man1dir" "$bashdir" "$zshdir" "$fishdir"
install -m 0755 "$here/nsbox" "$bindir/nsbox"
install -m 0644 "$here/docs/man/nsbox.1" "$man1dir/nsbox.1"
install -m 0644 "$here/docs/completions/nsbox.bash" "$bashdir/nsbox"
install -m 0644 "$here/docs/completions/_nsbox" "$zshdir/_nsbox"
install -m 0644 "$here/docs/completions/nsbox.fish" "$fishdir/nsbox.fish"
for a in $applets; do
	link "$bindir" "$a" nsbox
	link "$bashdir" "$a" nsbox
	link "$fishdir" "$a.fish" nsbox.fish
	if [ -f "$here/docs/man/$a.8" ]; then install -m 0644 "$here/docs/man/$a.8" "$mandir/$a.8"; fi
done
echo "nsbox installed in $bindir with links:" $applets
