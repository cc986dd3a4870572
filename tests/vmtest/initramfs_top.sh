#!/bin/sh
# init-top script of the initramfs-tools test image (initramfs_test.go):
# runs the nsbox and applet links that contrib/initramfs-tools/hooks/nsbox
# put in the image, as the image's init starts them (before udev and
# before any root is looked for), then powers off (checks and result
# marker: guest.sh, in the image as /scripts/guest.sh).
case "$1" in
prereqs) exit 0 ;;
esac
. /scripts/guest.sh

# The links are nsbox's, not busybox's nsenter and unshare. busybox-static's
# shell runs its own applets before any in PATH: its nsenter and unshare
# are called by path below.
for a in $(nsbox --list); do
	check "initramfs-link-$a" test "$(readlink "/bin/$a")" = nsbox
done
check "initramfs-nsenter-is-nsbox" sh -c '/bin/nsenter --help | grep -q -- --netns'
check "initramfs-unshare-is-nsbox" sh -c '/bin/unshare --help | grep -q -- --netns'

here=$(readlink /proc/self/ns/net)
check "initramfs-netns-add" netns add x
netns list >/tmp/out 2>&1
check "initramfs-netns-list" grep -q '^x\( \|$\)' /tmp/out
check "initramfs-netns-exec-elsewhere" sh -c "[ \"\$(netns exec x readlink /proc/self/ns/net)\" != '$here' ]"
check "initramfs-netns-exec-lo-up" netns exec x ip link set lo up
check "initramfs-netns-exec-ip-link" sh -c 'netns exec x ip link show lo | grep -q "LOOPBACK,UP"'
check "initramfs-init-lo-still-down" sh -c '! ip link show lo | grep -q "LOOPBACK,UP"'

# A module from the image (conf/modules) and a device moved by nsmove.
check "initramfs-modprobe-veth" modprobe veth
check "initramfs-veth-add" ip link add v0 type veth
nsmove --list >/tmp/out 2>&1
check "initramfs-nsmove-list" grep -Eq '^v0 +virtual +yes' /tmp/out
check "initramfs-nsmove-v0" nsmove v0 x
check "initramfs-v0-left" sh -c '! ip link show v0'
check "initramfs-v0-in-x" netns exec x ip link show v0

# nsenter, unshare and lsns on a process of its own network namespace.
/bin/unshare -n sleep 100 &
p=$!
poll sh -c "[ \"\$(readlink /proc/$p/ns/net)\" != '$here' ]"
ns=$(readlink /proc/$p/ns/net)
check "initramfs-unshare-n" test "$ns" != "$here"
check "initramfs-nsenter-t-n" sh -c "[ \"\$(/bin/nsenter -t $p -n readlink /proc/self/ns/net)\" = '$ns' ]"
lsns -t net -n -o NS,PID >/tmp/out 2>&1
ino=${ns#net:[}
check "initramfs-lsns" grep -Eq "^ *${ino%]} +$p\$" /tmp/out
kill $p

check "initramfs-netns-delete" netns delete x
netns list >/tmp/out 2>&1
check "initramfs-netns-list-empty" test ! -s /tmp/out
finish
