#!/bin/sh
# Install nsbox and its applet links (busybox style), plus the man pages.
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
	-h|--help) sed -n '2,4p' "$0"; exit 0 ;;
	*) echo "install.sh: unknown argument: $1" >&2; exit 2 ;;
	esac
	shift
done
here=$(cd "$(dirname "$0")" && pwd)
bindir=${DESTDIR:-}$prefix/bin
mandir=${DESTDIR:-}$prefix/share/man/man8
[ -x "$here/nsbox" ] || { echo "install.sh: build nsbox first (make)" >&2; exit 1; }
applets=$("$here/nsbox" --list)

if $uninstall; then
	for a in $applets; do
		# Only remove links that point at nsbox.
		if [ -L "$bindir/$a" ] && [ "$(readlink "$bindir/$a")" = nsbox ]; then rm -f "$bindir/$a"; fi
		rm -f "$mandir/$a.8"
	done
	rm -f "$bindir/nsbox"
	echo "nsbox removed from $bindir"
	exit 0
fi

mkdir -p "$bindir" "$mandir"
install -m 0755 "$here/nsbox" "$bindir/nsbox"
for a in $applets; do
	if [ -e "$bindir/$a" ] && ! [ -L "$bindir/$a" ]; then
		echo "install.sh: $bindir/$a exists and is not a link; left alone" >&2
		continue
	fi
	ln -sfn nsbox "$bindir/$a"
	if [ -f "$here/docs/man/$a.8" ]; then install -m 0644 "$here/docs/man/$a.8" "$mandir/$a.8"; fi
done
echo "nsbox installed in $bindir with links: $applets"
