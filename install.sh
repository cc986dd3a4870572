#!/bin/sh
# Install nsbox and its applet links (busybox style), the man pages and the
# bash, zsh and fish completions.
#   ./install.sh [--prefix DIR] [--uninstall]      (DESTDIR is honoured)
# Build first with `make`. Files that exist and are not nsbox's are left
# alone; --uninstall removes exactly what the manifest lists.
set -eu
usage() { echo "usage: ./install.sh [--prefix DIR] [--uninstall]" >&2; exit 2; }
prefix=/usr/local
uninstall=false
while [ $# -gt 0 ]; do
	case "$1" in
	--prefix) [ $# -ge 2 ] && [ -n "$2" ] || usage; prefix=$2; shift ;;
	--prefix=*) prefix=${1#--prefix=}; [ -n "$prefix" ] || usage ;;
	--uninstall) uninstall=true ;;
	-h|--help) sed -n '2,6p' "$0"; exit 0 ;;
	*) echo "install.sh: unknown argument: $1" >&2; exit 2 ;;
	esac
	shift
done
here=$(cd "$(dirname "$0")" && pwd)
root=${DESTDIR:-}$prefix
# Every path below is relative to $root, as the manifest records it.
bindir=bin
# The man pages go by the section their name ends in (docs/man/nsenter.1:
# util-linux's sections, nsenter(1), lsns(8), as --help names them).
mandir=share/man
# Where bash-completion, zsh and fish look (bash-completion and fish load
# completions/NAME and vendor_completions.d/NAME.fish when NAME is completed;
# fish looks under $prefix/share when it is in XDG_DATA_DIRS, and under /usr).
bashdir=share/bash-completion/completions
zshdir=share/zsh/site-functions
fishdir=share/fish/vendor_completions.d
# The manifest: one installed path a line, relative to $root. Anything it
# lists is nsbox's to replace or remove; nothing else is.
manifest=$root/share/nsbox/manifest

if $uninstall; then
	[ -f "$manifest" ] || { echo "install.sh: no $manifest: nothing to uninstall" >&2; exit 1; }
	while IFS= read -r f; do
		case "$f" in ''|/*|*..*) continue ;; esac
		rm -f "$root/$f"
	done <"$manifest"
	rm -f "$manifest"
	rmdir "$root/share/nsbox" 2>/dev/null || true
	echo "nsbox removed from $root"
	exit 0
fi

[ -x "$here/nsbox" ] || { echo "install.sh: build nsbox first (make)" >&2; exit 1; }
applets=$("$here/nsbox" --list)
mkdir -p "$root/share/nsbox"
touch "$manifest"
installed=""

# mine PATH: PATH may be (re)placed: it is missing, in the manifest, or a
# symbolic link as this script makes them (an install from before the
# manifest); otherwise a warning, and it is left alone.
mine() {
	if [ ! -e "$root/$1" ] && [ ! -L "$root/$1" ]; then return 0; fi
	if grep -qxF "$1" "$manifest"; then return 0; fi
	if [ -n "${2:-}" ] && [ -L "$root/$1" ] && [ "$(readlink "$root/$1")" = "$2" ]; then return 0; fi
	echo "install.sh: $root/$1 exists and is not nsbox's; left alone" >&2
	return 1
}

# record PATH: into the manifest before PATH is written, so an interrupted
# run still knows it.
record() {
	grep -qxF "$1" "$manifest" || printf '%s\n' "$1" >>"$manifest"
	installed="$installed$1
"
}

# put_file SOURCE PATH MODE and put_link TARGET PATH install one file or
# symbolic link.
put_file() {
	if mine "$2"; then
		record "$2"
		mkdir -p "$(dirname "$root/$2")"
		install -m "$3" "$1" "$root/$2"
	fi
}
put_link() {
	if mine "$2" "$1"; then
		record "$2"
		mkdir -p "$(dirname "$root/$2")"
		ln -sfn "$1" "$root/$2"
	fi
}

put_file "$here/nsbox" "$bindir/nsbox" 0755
for page in "$here"/docs/man/*.[1-9]; do
	[ -f "$page" ] || continue
	name=${page##*/}
	put_file "$page" "$mandir/man${name##*.}/$name" 0644
done
put_file "$here/docs/completions/nsbox.bash" "$bashdir/nsbox" 0644
put_file "$here/docs/completions/_nsbox" "$zshdir/_nsbox" 0644
put_file "$here/docs/completions/nsbox.fish" "$fishdir/nsbox.fish" 0644
for a in $applets; do
	put_link nsbox "$bindir/$a"
	put_link nsbox "$bashdir/$a"
	put_link nsbox.fish "$fishdir/$a.fish"
done

# What an earlier install made and this one did not (an applet since
# removed) goes; the manifest is then exactly this install.
printf '%s' "$installed" >"$manifest.new"
while IFS= read -r f; do
	case "$f" in ''|/*|*..*) continue ;; esac
	grep -qxF "$f" "$manifest.new" || rm -f "$root/$f"
done <"$manifest"
mv "$manifest.new" "$manifest"
echo "nsbox installed in $root/$bindir with links:" $applets
