#!/bin/bash
# Prepares what the Wi-Fi VM test needs (shared/spec/hwsim-vm.md): qemu,
# busybox-static and iw from Debian when missing, and a stock Debian amd64
# kernel with the wireless modules extracted (not installed) into a cache.
# Idempotent: a filled cache is reused. Usage: prepare.sh [CACHE_DIR]
set -euo pipefail
CACHE=${1:-${NSBOX_VM_CACHE:-/var/cache/nsbox-vmtest}}
MODULES="kernel/net/rfkill/rfkill.ko kernel/net/wireless/cfg80211.ko kernel/lib/crypto/libarc4.ko
kernel/net/mac80211/mac80211.ko kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio.ko
kernel/drivers/net/wireless/mac80211_hwsim.ko"

missing=""
command -v qemu-system-x86_64 >/dev/null || missing="$missing qemu-system-x86"
dpkg -s busybox-static >/dev/null 2>&1 || missing="$missing busybox-static" # the guest's /bin/busybox, static
command -v iw >/dev/null || missing="$missing iw"
updated=""
if [ -n "$missing" ]; then
	apt-get update -qq && updated=1
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# The kernel's ABI name changes with every Debian update: resolve it each time.
KPKG=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
if [ -z "$KPKG" ] && [ -z "$updated" ]; then
	apt-get update -qq
	KPKG=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
fi
[ -n "$KPKG" ] || { echo "prepare: cannot resolve linux-image-amd64" >&2; exit 1; }
KVER=${KPKG#linux-image-}
DIR=$CACHE/$KVER
if [ -s "$DIR/vmlinux" ] && [ -s "$DIR/modules/mac80211_hwsim.ko" ]; then
	echo "$KVER" > "$CACHE/current"
	exit 0
fi
mkdir -p "$DIR/modules" "$DIR/deb"
(cd "$DIR/deb" && rm -f ./*.deb && apt-get download -q "$KPKG" 2>/dev/null)
rm -rf "$DIR/root" && mkdir -p "$DIR/root"
pats=("./boot/vmlinuz-$KVER")
for m in $MODULES; do pats+=("./lib/modules/$KVER/$m" "./lib/modules/$KVER/$m.xz" "./lib/modules/$KVER/$m.zst"); done
dpkg-deb --fsys-tarfile "$DIR"/deb/*.deb | tar -x -C "$DIR/root" --wildcards "${pats[@]}" 2>/dev/null || true
for m in $MODULES; do
	b=$(basename "$m"); src=$DIR/root/lib/modules/$KVER/$m
	if [ -f "$src" ]; then cp "$src" "$DIR/modules/$b"
	elif [ -f "$src.xz" ]; then xz -dc "$src.xz" > "$DIR/modules/$b"
	elif [ -f "$src.zst" ]; then zstd -qdc "$src.zst" > "$DIR/modules/$b"
	else echo "prepare: $b missing from $KPKG" >&2; exit 1; fi
done
# The uncompressed vmlinux boots through PVH and skips ~4 s of XZ
# decompression under TCG; xz exits 1 on the trailing data, which is fine.
vmlinuz=$DIR/root/boot/vmlinuz-$KVER
off=$(LC_ALL=C grep -abo $'\xfd7zXZ\x00' "$vmlinuz" | head -1 | cut -d: -f1)
tail -c +$((off + 1)) "$vmlinuz" | xz -dc > "$DIR/vmlinux" 2>/dev/null || true
if [ "$(head -c 4 "$DIR/vmlinux" | od -An -c | tr -d ' ')" != '177ELF' ]; then
	cp "$vmlinuz" "$DIR/vmlinux" # not an XZ kernel: boot the bzImage
fi
rm -rf "$DIR/root" "$DIR/deb"
echo "$KVER" > "$CACHE/current"
