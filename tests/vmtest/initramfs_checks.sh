#!/bin/sh
# The checks of the initramfs test images (initramfs_test.go): runs the
# nsbox and applet links that contrib's initramfs-tools hook or dracut
# module put in the image, as the image's init starts them (before udev
# and before any root is looked for: an init-top script of initramfs-tools,
# a cmdline hook of dracut), then powers off (checks and result marker:
# guest.sh, in the image as /scripts/guest.sh).
case "$1" in
prereqs) exit 0 ;;
esac
. /scripts/guest.sh
# Check names say which builder made the image.
if [ -d /scripts/init-top ]; then image=initramfs-tools; else image=initramfs-dracut; fi

# The links are nsbox's, not busybox's nsenter and unshare. busybox-static's
# shell runs its own applets before any in PATH: its nsenter and unshare
# are called by path below.
for a in $(nsbox --list); do
	check "$image-link-$a" test "$(readlink "/bin/$a")" = nsbox
done
check "$image-nsenter-is-nsbox" sh -c '/bin/nsenter --help | grep -q -- --netns'
check "$image-unshare-is-nsbox" sh -c '/bin/unshare --help | grep -q -- --netns'

here=$(readlink /proc/self/ns/net)
check "$image-netns-add" netns add x
netns list >/tmp/out 2>&1
check "$image-netns-list" grep -q '^x\( \|$\)' /tmp/out
check "$image-netns-exec-elsewhere" sh -c "[ \"\$(netns exec x readlink /proc/self/ns/net)\" != '$here' ]"
check "$image-netns-exec-lo-up" netns exec x ip link set lo up
check "$image-netns-exec-ip-link" sh -c 'netns exec x ip link show lo | grep -q "LOOPBACK,UP"'
check "$image-init-lo-still-down" sh -c '! ip link show lo | grep -q "LOOPBACK,UP"'

# A module from the image (conf/modules) and a device moved by nsmove.
check "$image-modprobe-veth" modprobe veth
check "$image-veth-add" ip link add v0 type veth
nsmove --list >/tmp/out 2>&1
check "$image-nsmove-list" grep -Eq '^v0 +virtual +yes' /tmp/out
check "$image-nsmove-v0" nsmove v0 x
check "$image-v0-left" sh -c '! ip link show v0'
check "$image-v0-in-x" netns exec x ip link show v0

# nsenter, unshare and lsns on a process of its own network namespace.
/bin/unshare -n sleep 100 &
p=$!
poll sh -c "[ \"\$(readlink /proc/$p/ns/net)\" != '$here' ]"
ns=$(readlink /proc/$p/ns/net)
check "$image-unshare-n" test "$ns" != "$here"
check "$image-nsenter-t-n" sh -c "[ \"\$(/bin/nsenter -t $p -n readlink /proc/self/ns/net)\" = '$ns' ]"
lsns -t net -n -o NS,PID >/tmp/out 2>&1
ino=${ns#net:[}
check "$image-lsns" grep -Eq "^ *${ino%]} +$p\$" /tmp/out
kill $p

check "$image-netns-delete" netns delete x
netns list >/tmp/out 2>&1
check "$image-netns-list-empty" test ! -s /tmp/out
finish
