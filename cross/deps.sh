#!/bin/bash
# deps.sh [CACHE]: the C side of `make cross`. Debian's cross gcc for each
# target (installed), Debian's musl-dev for arm64, armhf and mipsel
# (downloaded and extracted into CACHE, not installed), musl built from
# Debian's source package for big-endian mips (Debian has no mips port
# since bookworm), and for each target CACHE/TARGET/cc, a musl-gcc: the
# cross gcc driven by musl's specs file, as /usr/bin/musl-gcc drives gcc.
# Idempotent: a filled cache is reused without the network.
# Usage: deps.sh [CACHE] (default $NSBOX_CROSS_CACHE or /var/cache/nsbox-cross)
set -euo pipefail
CACHE=${1:-${NSBOX_CROSS_CACHE:-/var/cache/nsbox-cross}}
HERE=$(cd "$(dirname "$0")" && pwd)
# TARGET GCC-TRIPLET DEBIAN-ARCH (- for musl from source) MUSL-TRIPLET
TARGETS="arm64 aarch64-linux-gnu arm64 aarch64-linux-musl
armv7 arm-linux-gnueabihf armhf arm-linux-musleabihf
mipsle mipsel-linux-gnu mipsel mipsel-linux-musl
mips mips-linux-gnu - mips-linux-musl"
apt() { "$HERE/apt.sh" "$CACHE" "$@"; }

# wrapper DIR TRIPLET: DIR/cc runs TRIPLET-gcc with DIR/musl-gcc.specs, the
# specs of Debian's musl-gcc with its /usr paths moved into DIR/root.
wrapper() {
	sed "s|/usr/|$1/root/usr/|g" "$1/root/usr/lib/$(basename "$(dirname "$(find "$1/root" -name musl-gcc.specs | head -1)")")/musl-gcc.specs" >"$1/musl-gcc.specs"
	printf '#!/bin/sh\nexec %s-gcc "$@" -specs "%s/musl-gcc.specs"\n' "$2" "$1" >"$1/cc"
	chmod +x "$1/cc"
}

# from_debian DIR ARCH: Debian's musl-dev:ARCH extracted into DIR/root.
from_debian() {
	local w=$1.tmp
	rm -rf "$w" && mkdir -p "$w/deb"
	(cd "$w/deb" && apt apt-get download -qq "musl-dev:$2" 2>/dev/null)
	dpkg-deb -x "$w"/deb/musl-dev_*.deb "$w/root"
	rm -rf "$w/deb" "$1" && mv "$w" "$1"
}

# from_source DIR GCC MUSL-TRIPLET: Debian's musl source package (with its
# patches) built by GCC and installed into DIR/root as musl-dev lays it
# out, with musl-dev's specs file. Soft-float, as GOMIPS=softfloat: router
# MIPS cores mostly lack an FPU.
from_source() {
	local w=$1.tmp src
	rm -rf "$w" && mkdir -p "$w/src"
	(cd "$w/src" && apt apt-get source -qq --download-only musl >/dev/null && dpkg-source -x musl_*.dsc musl >/dev/null 2>&1)
	src=$w/src/musl
	(cd "$src" && ./configure --target="$3" CROSS_COMPILE="$2-" CC="$2-gcc" CFLAGS="-O2" \
		--prefix=/usr --includedir="/usr/include/$3" --libdir="/usr/lib/$3" \
		--syslibdir="/lib/$3" --disable-shared &&
		make -j"$(nproc)" && make install DESTDIR="$w/root") >"$w/build.log" 2>&1 ||
		{ tail -20 "$w/build.log" >&2; echo "cross: building musl for $3 failed (log: $w/build.log)" >&2; exit 1; }
	# The specs file Debian's musl-dev ships, for this triplet.
	sed "s|x86_64-linux-musl|$3|g; s|ld-musl-x86_64|ld-musl-mips-sf|" \
		/usr/lib/x86_64-linux-musl/musl-gcc.specs >"$w/root/usr/lib/$3/musl-gcc.specs"
	rm -rf "$w/src" "$w/build.log" "$1" && mv "$w" "$1"
}

need=""
while read -r t gcc arch musl; do
	command -v "$gcc-gcc" >/dev/null || need="$need gcc-$gcc"
done <<<"$TARGETS"
command -v dpkg-source >/dev/null || need="$need dpkg-dev"
[ -e /usr/lib/x86_64-linux-musl/musl-gcc.specs ] || need="$need musl-dev"
if [ -n "$need" ]; then
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
mkdir -p "$CACHE"
while read -r t gcc arch musl; do
	d=$CACHE/$t
	[ -x "$d/cc" ] && [ -s "$d/root/usr/lib/$musl/libc.a" ] && continue
	echo "cross: musl for $t ($([ "$arch" = - ] && echo "built from Debian's source" || echo "Debian's musl-dev:$arch"))" >&2
	if [ "$arch" = - ]; then from_source "$d" "$gcc" "$musl"; else from_debian "$d" "$arch"; fi
	wrapper "$d" "$gcc"
done <<<"$TARGETS"
