#!/bin/bash
# Prepares what the VM tests need (shared/spec/hwsim-vm.md): qemu,
# busybox-static and iw from Debian when missing; a stock Debian amd64
# kernel with the wireless modules and the e1000 NIC driver extracted (not
# installed) into a cache for the Wi-Fi test, with what mkinitramfs and
# dracut read of its package for the initramfs tests; initramfs-tools-core
# from Debian, and dracut-core unpacked (not installed) into the cache; and
# Debian unstable's kernel for the namespace-id test (nsfs file handles open
# from Linux 6.19 on; bookworm has 6.1); for the VMs of other CPUs, Debian's
# arm64, armhf and mipsel (malta) kernels with the same wireless modules and
# busybox-static for each, downloaded and extracted (through cross/apt.sh,
# nothing installed), a big-endian MIPS kernel and busybox built from
# Debian's sources, and qemu for them.
# Idempotent: a filled cache is reused. Usage: prepare.sh [CACHE_DIR]
set -euo pipefail
CACHE=${1:-${NSBOX_VM_CACHE:-/var/cache/nsbox-vmtest}}
MODULES="kernel/net/rfkill/rfkill.ko kernel/net/wireless/cfg80211.ko kernel/lib/crypto/libarc4.ko
kernel/net/mac80211/mac80211.ko kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio.ko
kernel/drivers/net/wireless/mac80211_hwsim.ko"
# The Wi-Fi VM's NIC driver (amd64 only: qemu's e1000, a device with no
# rtnl link kind, for the physical fate on netns exit); no dependencies.
NIC_MODULES="kernel/drivers/net/ethernet/intel/e1000/e1000.ko"
# What the initramfs images get of the kernel: veth, for nsmove to move.
IMAGE_MODULES="kernel/drivers/net/veth.ko"
SID_MIRROR=${NSBOX_VM_SID_MIRROR:-http://deb.debian.org/debian}
SID_MIN=6.19
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# unpack_vmlinux BZIMAGE OUT: the uncompressed vmlinux inside a bzImage,
# which boots through PVH and skips ~4 s of decompression under TCG. The
# payload starts at (setup_sects + 1) * 512 + payload_offset (the boot
# protocol's setup header); its decompressor exits 1 on the trailing data,
# which is fine: the ELF magic decides. Not XZ or zstd: OUT is the bzImage.
unpack_vmlinux() {
	local setup payload off dec=""
	rm -f "$2"
	setup=$(od -An -tu1 -j $((0x1f1)) -N1 "$1")
	payload=$(od -An -tu4 -j $((0x248)) -N4 "$1")
	off=$(((setup + 1) * 512 + payload))
	case $(od -An -tx1 -j "$off" -N4 "$1" | tr -d ' \n') in
	fd377a58) dec="xz -dc" ;;
	28b52ffd) dec="zstd -qdc" ;;
	esac
	[ -z "$dec" ] || tail -c +$((off + 1)) "$1" | $dec >"$2" 2>/dev/null || true
	if [ "$(head -c 4 "$2" 2>/dev/null | od -An -c | tr -d ' ')" != '177ELF' ]; then
		cp "$1" "$2"
	fi
}

# bookworm_kernel: linux-image-amd64's kernel, the hwsim modules and the
# NIC driver, in CACHE/KVER, named by CACHE/current (a cached one without
# a module is extracted again).
bookworm_kernel() {
	# The kernel's ABI name changes with every Debian update: resolve it each time.
	local KPKG KVER DIR m b src pats have
	KPKG=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
	if [ -z "$KPKG" ] && [ -z "$updated" ]; then
		apt-get update -qq
		KPKG=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
	fi
	[ -n "$KPKG" ] || { echo "prepare: cannot resolve linux-image-amd64" >&2; exit 1; }
	KVER=${KPKG#linux-image-}
	DIR=$CACHE/$KVER
	have=1
	for m in $MODULES $NIC_MODULES; do [ -s "$DIR/modules/$(basename "$m")" ] || have=""; done
	if [ -n "$have" ] && [ -s "$DIR/vmlinux" ] && [ -s "$DIR/pkgroot/lib/modules/$KVER/modules.dep" ]; then
		echo "$KVER" >"$CACHE/current"
		return
	fi
	mkdir -p "$DIR/modules" "$DIR/deb"
	(cd "$DIR/deb" && rm -f ./*.deb && apt-get download -q "$KPKG" 2>/dev/null)
	rm -rf "$DIR/root" && mkdir -p "$DIR/root"
	pats=("./boot/vmlinuz-$KVER" "./boot/config-$KVER" "./lib/modules/$KVER/modules.*")
	for m in $MODULES $NIC_MODULES $IMAGE_MODULES; do pats+=("./lib/modules/$KVER/$m" "./lib/modules/$KVER/$m.xz" "./lib/modules/$KVER/$m.zst"); done
	dpkg-deb --fsys-tarfile "$DIR"/deb/*.deb | tar -x -C "$DIR/root" --wildcards "${pats[@]}" 2>/dev/null || true
	for m in $MODULES $NIC_MODULES; do
		b=$(basename "$m") src=$DIR/root/lib/modules/$KVER/$m
		if [ -f "$src" ]; then cp "$src" "$DIR/modules/$b"
		elif [ -f "$src.xz" ]; then xz -dc "$src.xz" >"$DIR/modules/$b"
		elif [ -f "$src.zst" ]; then zstd -qdc "$src.zst" >"$DIR/modules/$b"
		else echo "prepare: $b missing from $KPKG" >&2; exit 1; fi
	done
	unpack_vmlinux "$DIR/root/boot/vmlinuz-$KVER" "$DIR/vmlinux"
	# pkgroot: the package's /boot/config (mkinitramfs checks the image's
	# compression against it) and its /lib/modules with IMAGE_MODULES only,
	# made whole by depmod as the package's postinst would.
	rm -rf "$DIR/pkgroot" && mkdir -p "$DIR/pkgroot/boot" "$DIR/pkgroot/lib/modules/$KVER"
	cp "$DIR/root/boot/config-$KVER" "$DIR/pkgroot/boot/"
	cp -r "$DIR/root/lib/modules/$KVER"/modules.* "$DIR/pkgroot/lib/modules/$KVER/"
	for m in $IMAGE_MODULES; do
		for src in "$DIR/root/lib/modules/$KVER/$m"*; do
			mkdir -p "$DIR/pkgroot/lib/modules/$KVER/$(dirname "$m")"
			cp "$src" "$DIR/pkgroot/lib/modules/$KVER/$(dirname "$m")/"
		done
	done
	depmod -b "$DIR/pkgroot" "$KVER"
	rm -rf "$DIR/root" "$DIR/deb"
	echo "$KVER" >"$CACHE/current"
}

# foreign_kernel NAME DEBARCH META: Debian's kernel for another CPU (what
# the package META of DEBARCH depends on) with the hwsim modules it has as
# modules (arm64 builds virtio in) and veth, and busybox-static's busybox
# for that CPU, in CACHE/NAME-KVER, named by CACHE/NAME-current.
foreign_kernel() {
	local name=$1 arch=$2 meta=$3 KPKG KVER DIR m b src pats
	KPKG=$(fapt apt-cache depends "$meta:$arch" | awk '/Depends: linux-image-[0-9]/{sub(/:.*/, "", $2); print $2; exit}')
	[ -n "$KPKG" ] || { echo "prepare: cannot resolve $meta:$arch" >&2; exit 1; }
	KVER=${KPKG#linux-image-}
	DIR=$CACHE/$name-$KVER
	if [ -s "$DIR/vmlinux" ] && [ -s "$DIR/modules/mac80211_hwsim.ko" ] && [ -x "$DIR/busybox" ]; then
		echo "$name-$KVER" >"$CACHE/$name-current"
		return
	fi
	rm -rf "$DIR" && mkdir -p "$DIR/modules" "$DIR/deb" "$DIR/root"
	(cd "$DIR/deb" && fapt apt-get download -qq "$KPKG:$arch" "busybox-static:$arch")
	pats=("./boot/vmlinuz-$KVER" "./boot/vmlinux-$KVER")
	for m in $MODULES $IMAGE_MODULES; do pats+=("./lib/modules/$KVER/$m" "./lib/modules/$KVER/$m.xz" "./lib/modules/$KVER/$m.zst"); done
	dpkg-deb --fsys-tarfile "$DIR"/deb/linux-image-*.deb | tar -x -C "$DIR/root" --wildcards "${pats[@]}" 2>/dev/null || true
	for m in $MODULES $IMAGE_MODULES; do
		b=$(basename "$m") src=$DIR/root/lib/modules/$KVER/$m
		if [ -f "$src" ]; then cp "$src" "$DIR/modules/$b"
		elif [ -f "$src.xz" ]; then xz -dc "$src.xz" >"$DIR/modules/$b"
		elif [ -f "$src.zst" ]; then zstd -qdc "$src.zst" >"$DIR/modules/$b"
		fi
	done
	cp "$(ls "$DIR"/root/boot/vmlinu[xz]-"$KVER" | head -1)" "$DIR/vmlinux"
	dpkg-deb --fsys-tarfile "$DIR"/deb/busybox-static_*.deb | tar -xO ./bin/busybox >"$DIR/busybox"
	chmod 755 "$DIR/busybox"
	[ -s "$DIR/modules/mac80211_hwsim.ko" ] || { echo "prepare: no mac80211_hwsim in $KPKG:$arch" >&2; exit 1; }
	rm -rf "$DIR/root" "$DIR/deb"
	for m in "$CACHE/$name"-*/; do
		[ "$m" = "$DIR/" ] || rm -rf "$m"
	done
	echo "$name-$KVER" >"$CACHE/$name-current"
}

# mips_from_source: the big-endian MIPS guest, which no Debian port has
# since bookworm: a malta kernel (mips-kernel.config, everything built in)
# built from Debian's linux source package with Debian's mips cross gcc,
# and busybox (mips-busybox.config) from Debian's busybox source package,
# linked with make cross's musl for mips against that kernel's headers; in
# CACHE/mips-KEY, named by CACHE/mips-current. Rebuilt when Debian's
# versions or the configurations change (minutes on two cores; then cached).
mips_from_source() {
	local ver bbver key dir w cc syms
	ver=$(fapt apt-cache showsrc linux | awk '/^Version:/{print $2}' | sort -V | tail -1)
	bbver=$(fapt apt-cache showsrc busybox | awk '/^Version:/{print $2}' | sort -V | tail -1)
	key=$ver-$bbver-$(cat "$HERE/mips-kernel.config" "$HERE/mips-busybox.config" | sha256sum | cut -c1-8)
	dir=$CACHE/mips-$key
	if [ -s "$dir/vmlinux" ] && [ -x "$dir/busybox" ]; then
		echo "mips-$key" >"$CACHE/mips-current"
		return
	fi
	echo "prepare: building the big-endian MIPS guest (Linux $ver, busybox $bbver) from Debian's sources" >&2
	"$HERE/../../cross/deps.sh" "${NSBOX_CROSS_CACHE:-/var/cache/nsbox-cross}"
	cc=${NSBOX_CROSS_CACHE:-/var/cache/nsbox-cross}/mips/cc
	w=$CACHE/mips.tmp
	rm -rf "$w" && mkdir -p "$w/linux" "$w/busybox" "$w/out/modules"
	syms=$(grep -o '^CONFIG_[A-Z0-9_]*' "$HERE/mips-busybox.config" | paste -sd'|')
	{
		(cd "$w/linux" && fapt apt-get source -qq --download-only "linux=$ver" && dpkg-source -x --no-check linux_*.dsc src) &&
			kmake() { make -s -C "$w/linux/src" O="$w/kbuild" ARCH=mips CROSS_COMPILE=mips-linux-gnu- "$@"; } &&
			kmake KCONFIG_ALLCONFIG="$HERE/mips-kernel.config" allnoconfig &&
			kmake -j"$(nproc)" vmlinux && kmake headers && cp "$w/kbuild/vmlinux" "$w/out/vmlinux" &&
			(cd "$w/busybox" && fapt apt-get source -qq --download-only "busybox=$bbver" && dpkg-source -x --no-check busybox_*.dsc src) &&
			cd "$w/busybox/src" && make -s allnoconfig &&
			# busybox's kconfig has no KCONFIG_ALLCONFIG: the fragment's lines replace allnoconfig's.
			{ grep -vE "^(# )?($syms)[= ]" .config; grep '^CONFIG_' "$HERE/mips-busybox.config"; } >.config.new &&
			mv .config.new .config && make -s oldconfig < <(yes "") &&
			make -s -j"$(nproc)" CROSS_COMPILE=mips-linux-gnu- CC="$cc" EXTRA_CFLAGS="-isystem $w/kbuild/usr/include" busybox &&
			cp busybox "$w/out/busybox" && cd "$CACHE"
	} >"$w/log" 2>&1 || { tail -30 "$w/log" >&2; echo "prepare: building the mips guest failed (log: $w/log)" >&2; exit 1; }
	rm -rf "$dir" && mv "$w/out" "$dir" && rm -rf "$w"
	for old in "$CACHE"/mips-*/; do
		[ "$old" = "$dir/" ] || rm -rf "$old"
	done
	echo "mips-$key" >"$CACHE/mips-current"
}

# sid_unavailable WHY: no new kernel. A cached one (>= SID_MIN when it came)
# stays in use; without one, CACHE/sid-unavailable tells nsid_test.go why
# it skips. Never an error: the network must not fail the tests.
sid_unavailable() {
	rm -rf "$CACHE/sid.tmp"
	local cur
	cur=$(cat "$CACHE/sid-current" 2>/dev/null || true)
	if [ -n "$cur" ] && [ -s "$CACHE/$cur/vmlinux" ]; then
		echo "prepare: no new sid kernel ($1); keeping $cur for another week" >&2
		touch "$CACHE/sid-current"
		return
	fi
	echo "prepare: no Linux >= $SID_MIN for the namespace-id VM test: $1" >&2
	rm -f "$CACHE/sid-current"
	echo "$1" >"$CACHE/sid-unavailable"
}

# sid_fetch PATH OUT SHA256: a file of the sid mirror, checked against its hash.
sid_fetch() {
	curl -fsS --retry 2 --connect-timeout 10 --max-time 600 -o "$2" "$SID_MIRROR/$1" &&
		[ "$(sha256sum <"$2" | cut -d' ' -f1)" = "$3" ]
}

# sid_kernel: Debian unstable's newest cloud kernel, unsigned (namespaces,
# nsfs, the 8250 console and the initramfs are built in: no modules), in
# CACHE/sid-KVER, named by CACHE/sid-current. Verified as apt would: the
# InRelease signature, Packages.xz's hash in it, the .deb's hash in that.
# A cached kernel is reused for a week before sid is asked again (rm
# CACHE/sid-current to ask now).
sid_kernel() {
	local cur w rel hash pkg file sha kver dir vmlinuz old
	cur=$(cat "$CACHE/sid-current" 2>/dev/null || true)
	if [ -n "$cur" ] && [ -s "$CACHE/$cur/vmlinux" ] && [ -n "$(find "$CACHE/sid-current" -mtime -7)" ]; then
		return
	fi
	w=$CACHE/sid.tmp
	rm -rf "$w" && mkdir -p "$w/root"
	curl -fsS --retry 2 --connect-timeout 10 --max-time 120 -o "$w/InRelease" "$SID_MIRROR/dists/sid/InRelease" ||
		{ sid_unavailable "cannot download $SID_MIRROR/dists/sid/InRelease"; return; }
	# Valid with one known key: sid may also be signed by a key newer than this keyring.
	if ! { gpgv --status-fd 1 --keyring "$KEYRING" --output "$w/Release" "$w/InRelease" 2>/dev/null || true; } |
		awk '/^\[GNUPG:\] BADSIG/{bad=1} /^\[GNUPG:\] VALIDSIG/{good=1} END{exit !(good && !bad)}'; then
		sid_unavailable "sid's InRelease has no valid signature from $KEYRING"
		return
	fi
	rel=main/binary-amd64/Packages.xz
	hash=$(awk -v f=$rel '/^SHA256:/{s=1; next} /^[^ ]/{s=0} s && $3 == f {print $1}' "$w/Release")
	sid_fetch dists/sid/$rel "$w/Packages.xz" "$hash" || { sid_unavailable "cannot download $rel or its hash differs"; return; }
	# The package with the image: linux-binary-unsigned-KVER-cloud-amd64 in
	# sid's layout of 2026 (7.2), linux-image-KVER-cloud-amd64-unsigned in
	# trixie's.
	read -r pkg file sha < <(xz -dc "$w/Packages.xz" | awk '
		/^Package: /{p=$2} /^Filename: /{f=$2} /^SHA256: /{h=$2}
		/^$/{ if (p ~ /^linux-(binary-unsigned-[0-9].*-cloud-amd64|image-[0-9].*-cloud-amd64-unsigned)$/ && f && h) {
			k=p; sub(/^linux-(binary-unsigned|image)-/, "", k); sub(/-unsigned$/, "", k); print k, p, f, h }
			p=f=h="" }' | sort -V | tail -1 | cut -d' ' -f2-) || true
	[ -n "$pkg" ] || { sid_unavailable "no cloud kernel image in sid's Packages"; return; }
	kver=${pkg#linux-binary-unsigned-} kver=${kver#linux-image-} kver=${kver%-unsigned}
	if [ "$(printf '%s\n' "$SID_MIN" "${kver%%[-+]*}" | sort -V | head -1)" != "$SID_MIN" ]; then
		sid_unavailable "sid's newest kernel is $kver"
		return
	fi
	dir=$CACHE/sid-$kver
	if [ ! -s "$dir/vmlinux" ]; then
		sid_fetch "$file" "$w/k.deb" "$sha" || { sid_unavailable "cannot download $file or its hash differs"; return; }
		dpkg-deb --fsys-tarfile "$w/k.deb" | tar -x -C "$w/root" --wildcards '*/vmlinuz*' ||
			{ sid_unavailable "cannot unpack $file"; return; }
		vmlinuz=$(find "$w/root" -type f -name 'vmlinuz*' | head -1)
		[ -n "$vmlinuz" ] || { sid_unavailable "no vmlinuz in $file"; return; }
		unpack_vmlinux "$vmlinuz" "$w/vmlinux"
		mkdir -p "$dir" && mv "$w/vmlinux" "$dir/vmlinux"
	fi
	rm -rf "$w" "$CACHE/sid-unavailable"
	for old in "$CACHE"/sid-*/; do
		[ "$old" = "$dir/" ] || rm -rf "$old"
	done
	echo "sid-$kver" >"$CACHE/sid-current"
}

# dracut_core: Debian's dracut-core unpacked into CACHE/dracut (not
# installed: its systemd units would join the host's boot, and the
# full dracut package conflicts with initramfs-tools), refreshed when
# Debian's version changes. Its cpio, kmod and udev come with
# initramfs-tools-core, dracut-install's libcrypto with curl.
dracut_core() {
	local ver w
	ver=$(apt-cache policy dracut-core | awk '/Candidate:/{print $2}')
	[ -n "$ver" ] && [ "$ver" != "(none)" ] || { echo "prepare: no dracut-core package" >&2; exit 1; }
	if [ "$(cat "$CACHE/dracut/version" 2>/dev/null)" = "$ver" ]; then
		return
	fi
	w=$CACHE/dracut.tmp
	rm -rf "$w" && mkdir -p "$w/deb"
	(cd "$w/deb" && apt-get download -q "dracut-core=$ver" 2>/dev/null)
	dpkg-deb -x "$w"/deb/*.deb "$w/root"
	echo "$ver" >"$w/root/version"
	rm -rf "$CACHE/dracut" && mv "$w/root" "$CACHE/dracut" && rm -rf "$w"
}

missing=""
command -v qemu-system-x86_64 >/dev/null || missing="$missing qemu-system-x86"
command -v qemu-system-aarch64 >/dev/null || missing="$missing qemu-system-arm"
command -v qemu-system-mipsel >/dev/null || missing="$missing qemu-system-mips"
for p in flex bison bc dpkg-dev; do dpkg -s $p >/dev/null 2>&1 || missing="$missing $p"; done # the mips guest's builds
dpkg -s busybox-static >/dev/null 2>&1 || missing="$missing busybox-static" # the guest's /bin/busybox, static
command -v iw >/dev/null || missing="$missing iw"
command -v curl >/dev/null || missing="$missing curl"
command -v gpgv >/dev/null || missing="$missing gpgv"
command -v zstd >/dev/null || missing="$missing zstd"
[ -s "$KEYRING" ] || missing="$missing debian-archive-keyring"
[ -x /usr/sbin/mkinitramfs ] || missing="$missing initramfs-tools-core" # no kernel hooks (initramfs-tools has them)
updated=""
if [ -n "$missing" ]; then
	apt-get update -qq && updated=1
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
mkdir -p "$CACHE"
# fapt: apt for other CPUs' packages (cross/apt.sh, with make cross's cache).
HERE=$(cd "$(dirname "$0")" && pwd)
FAPT=$HERE/../../cross/apt.sh
fapt() { "$FAPT" "${NSBOX_CROSS_CACHE:-/var/cache/nsbox-cross}" "$@"; }
bookworm_kernel
foreign_kernel arm64 arm64 linux-image-arm64
foreign_kernel armv7 armhf linux-image-armmp
foreign_kernel mipsel mipsel linux-image-4kc-malta
mips_from_source
dracut_core
sid_kernel
