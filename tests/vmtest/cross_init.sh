#!/bin/sh
# /init of the VMs of other CPUs (cross_vm_test.go: arm64, armv7, mipsel,
# mips): the nsbox `make cross` builds for the guest's CPU, on a kernel for
# it, through the everyday workflow: netns add/list/set/exec/pids/identify/
# delete, a veth moved by nsmove, unshare and nsenter with user and time
# namespaces, lsns, and a mac80211_hwsim radio moved by phy and by
# interface name and sent home by delete. Checks are named after the guest
# (nsbox_guest, from the kernel's command line); checks and result marker:
# guest.sh.
/bin/busybox --install -s /bin
. /lib/vmtest/guest.sh
for m in rfkill cfg80211 libarc4 mac80211 virtio_ring virtio veth; do
	[ ! -e /lib/modules/$m.ko ] || insmod /lib/modules/$m.ko
done
[ ! -e /lib/modules/mac80211_hwsim.ko ] || insmod /lib/modules/mac80211_hwsim.ko radios=2 # else built in, with 2
poll test -e /sys/class/ieee80211/phy1

NETNS="nsbox netns"
here=$(readlink /proc/self/ns/net)
check "version-$nsbox_goarch-cgo" sh -c "nsbox --version | grep -q 'linux/$nsbox_goarch, cgo)'"

# Named namespaces: the fast path's add, exec and list, and Go's set,
# pids, identify and delete.
check "netns-add" $NETNS add a
check "netns-add-second" $NETNS add b
$NETNS list >/tmp/out 2>&1
check "netns-list" sh -c 'grep -qx a /tmp/out && grep -qx b /tmp/out'
check "netns-exec-elsewhere" sh -c "[ \"\$($NETNS exec a readlink /proc/self/ns/net)\" != '$here' ]"
check "netns-exec-lo-up" $NETNS exec a ip link set lo up
check "netns-set-nsid" $NETNS set a 7
$NETNS list >/tmp/out 2>&1
check "netns-list-nsid" grep -qx 'a (id: 7)' /tmp/out
$NETNS exec a sleep 600 &
P=$!
poll sh -c "[ \"\$(readlink /proc/$P/ns/net)\" != '$here' ]"
check "netns-pids" sh -c "$NETNS pids a | grep -qx $P"
check "netns-identify" sh -c "[ \"\$($NETNS identify $P)\" = a ]"

# A veth end moved by nsmove, found inside by netns exec.
check "veth-add" ip link add v0 type veth
nsbox nsmove --list >/tmp/out 2>&1
check "nsmove-list-veth" grep -Eq '^v0 +virtual +yes' /tmp/out
check "nsmove-veth" nsbox nsmove v0 a
check "veth-left-init" sh -c '! ip link show v0'
check "veth-in-a" $NETNS exec a ip link show v0

# unshare and nsenter with a user namespace, and a time namespace where
# the kernel has them (not Debian's armhf and MIPS kernels).
expect "unshare-user-root" 0 "0 0" "" nsbox unshare -U -r sh -c 'echo $(id -u) $(id -g)'
nsbox unshare -U -r -n sleep 600 &
U=$!
poll sh -c "[ \"\$(readlink /proc/$U/ns/user)\" != \"\$(readlink /proc/self/ns/user)\" ]"
check "nsenter-user" sh -c "[ \"\$(nsbox nsenter -t $U -U readlink /proc/self/ns/user)\" = \"\$(readlink /proc/$U/ns/user)\" ]"
check "nsenter-user-net" sh -c "[ \"\$(nsbox nsenter -t $U -U -n readlink /proc/self/ns/net)\" = \"\$(readlink /proc/$U/ns/net)\" ]"
if [ -e /proc/self/ns/time ]; then
	check "unshare-time-boottime" sh -c 'nsbox unshare -T --boottime 100000 cat /proc/uptime | grep -q "^1[0-9][0-9][0-9][0-9][0-9]\."'
	nsbox unshare -T --monotonic 5000 sleep 600 &
	T=$!
	poll sh -c "[ \"\$(readlink /proc/$T/ns/time)\" != \"\$(readlink /proc/self/ns/time)\" ]"
	check "nsenter-time" sh -c "[ \"\$(nsbox nsenter -t $T -T readlink /proc/self/ns/time)\" = \"\$(readlink /proc/$T/ns/time)\" ]"
	kill $T
else
	echo "VMTEST NOTE: $nsbox_guest: this kernel has no time namespaces"
fi

# The fast path's unshare -p -f (clone with a pidfd, its arguments in
# each CPU's order), and signals ignored at start, which the stage reads
# from the kernel's struct sigaction (flags first on MIPS), still ignored
# in a program the Go path starts.
expect "unshare-pid-fork" 0 "1" "" nsbox unshare -p -f sh -c 'echo $$'
sh -c "trap '' USR1 HUP; exec grep SigIgn /proc/self/status" >/tmp/want.ign
sh -c "trap '' USR1 HUP; exec nsbox nsenter -t 1 -m grep SigIgn /proc/self/status" >/tmp/got.ign 2>&1
check "ignored-signals-kept" cmp /tmp/want.ign /tmp/got.ign

# lsns: the holders' namespaces and their PIDs.
nsbox lsns -t net -n -o NS,PID >/tmp/out 2>&1
ino=$(readlink /proc/$U/ns/net)
ino=${ino#net:[}
check "lsns-net" grep -Eq "^ *${ino%]} +$U\$" /tmp/out
nsbox lsns -t user >/tmp/out 2>&1
check "lsns-user" grep -q "sleep 600" /tmp/out
kill $U

# A radio: by phy, back with -n, by interface name, home on delete.
check "hwsim-loaded" test -e /sys/class/ieee80211/phy1
check "move-phy0" nsbox nsmove phy0 a
check "wlan0-left-init" sh -c '! ip link show wlan0'
check "wlan0-in-a" $NETNS exec a ip link show wlan0
check "back-phy0" nsbox nsmove -n a phy0 1
check "wlan0-home" ip link show wlan0
nsbox nsmove wlan1 b >/tmp/out 2>&1
check "move-by-wlan1" grep_out 'wlan1 belongs to phy1: moving phy1 (wlan1)'
check "wlan1-in-b" $NETNS exec b ip link show wlan1
check "netns-delete-b" $NETNS delete b
check "wlan1-home-on-delete" poll ip link show wlan1

kill $P
check "netns-delete-a" $NETNS delete a
$NETNS list >/tmp/out 2>&1
check "netns-list-empty" test ! -s /tmp/out
finish
