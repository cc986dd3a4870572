#!/bin/sh
# /init of the Wi-Fi test VM (busybox sh): loads mac80211_hwsim with two
# radios and checks nsmove's phy moves against the real nl80211, then what
# netns delete does with a radio, hwsim's monitor device and qemu's e1000
# NIC (checks and result marker: guest.sh).
/bin/busybox --install -s /bin
. /lib/vmtest/guest.sh
for m in rfkill cfg80211 libarc4 mac80211 virtio_ring virtio; do insmod /lib/modules/$m.ko; done
insmod /lib/modules/mac80211_hwsim.ko radios=2
[ ! -e /lib/modules/e1000.ko ] || insmod /lib/modules/e1000.ko # the amd64 VM's NIC only
i=0
while [ ! -e /sys/class/ieee80211/phy1 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done

NSMOVE="/bin/nsbox nsmove"
NETNS="/bin/nsbox netns"
here() { ip link show "$1" >/dev/null 2>&1; }
gone() { ! ip link show "$1" >/dev/null 2>&1; }
# in NS DEV: the device is in the named namespace (netns exec remounts /sys).
in_ns() { $NETNS exec "$1" ip link show "$2"; }

check "hwsim-loaded" test -e /sys/class/ieee80211/phy0 -a -e /sys/class/ieee80211/phy1
check "wlan0-wlan1-present" sh -c 'ip link show wlan0 && ip link show wlan1'

# --list: the phys, their interfaces, and that they can move.
$NSMOVE --list >/tmp/list 2>&1
check "list-phy0-movable" grep -Eq '^phy0 +phy +yes +phy#0; interfaces: wlan0' /tmp/list
check "list-wlan0-with-phy0" grep -Eq '^wlan0 +wireless +with phy0' /tmp/list
check "list-lo-immovable" grep -Eq '^lo +loopback +no' /tmp/list
$NSMOVE -l -j >/tmp/json 2>&1
check "list-json" grep -q '"name":"phy1","phy_index":1,"kind":"phy","movable":true,"interfaces":\["wlan1"\]' /tmp/json
# Linux 6.1 has no IFLA_NETNS_IMMUTABLE: the ethtool "netns-local" feature says it.
check "list-json-wlan0-immutable-via-ethtool" grep -q '"name":"wlan0","ifindex":[0-9]*,"kind":"wireless","movable":true,"moves_with":"phy0","netns_immutable":true' /tmp/json
cat /tmp/list

check "netns-add" $NETNS add moose

# By wireless interface name into a named namespace: the whole phy goes.
$NSMOVE wlan0 moose >/tmp/out 2>&1
rc=$?
check "move-wlan0-by-name" test $rc -eq 0
check "move-wlan0-note" grep_out 'wlan0 belongs to phy0: moving phy0 (wlan0)'
check "wlan0-left-init" gone wlan0
check "wlan0-in-moose" in_ns moose wlan0
check "phy0-sysfs-in-moose" $NETNS exec moose test -e /sys/class/ieee80211/phy0
check "phy0-sysfs-gone-from-init" test ! -e /sys/class/ieee80211/phy0
if [ -x /usr/sbin/iw ]; then
	check "iw-phy0-info-in-moose" $NETNS exec moose /usr/sbin/iw phy phy0 info
fi
$NSMOVE -n moose --list >/tmp/list 2>&1
check "list-in-moose" grep -Eq '^phy0 +phy +yes' /tmp/list
$NSMOVE --list >/tmp/list 2>&1
check "list-init-without-phy0" sh -c '! grep -q "^phy0 " /tmp/list'

# Back home with -n (phy name resolved over nl80211 inside moose).
check "back-with-n-phy0" $NSMOVE -n moose phy0 1
check "wlan0-back-home" here wlan0

# phy#N into a path, and back by interface name from the source.
check "move-phy#1-to-path" $NSMOVE 'phy#1' /run/netns/moose
check "wlan1-in-moose" in_ns moose wlan1
check "back-wlan1-n-path" $NSMOVE -n /run/netns/moose wlan1 1
check "wlan1-back-home" here wlan1

# Into a PID's namespace; the phy returns when that namespace dies.
unshare -n sleep 1000 &
P=$!
sleep 0.2
check "move-phy0-to-pid" $NSMOVE phy0 $P
check "wlan0-in-pid-ns" nsenter -t $P -n ip link show wlan0
check "wlan0-left-init-pid" gone wlan0
kill $P
wait $P 2>/dev/null
check "phy0-returns-on-ns-death" poll here wlan0

# Several devices at once; one unknown device: nothing moves.
refuse "batch-with-unknown-device" 1 $NSMOVE wlan0 nosuch0 moose
check "batch-nothing-moved" sh -c 'ip link show wlan0 && ip link show wlan1'
check "move-two-radios" $NSMOVE wlan0 wlan1 moose
check "two-radios-in-moose" sh -c "$NETNS exec moose ip link show wlan0 && $NETNS exec moose ip link show wlan1"
check "back-two-radios" $NSMOVE -n moose phy0 'phy#1' 1
check "two-radios-home" sh -c 'ip link show wlan0 && ip link show wlan1'

# iw agrees: it lists set_wiphy_netns, and a phy moved by iw is found by
# nsmove in its new namespace and brought back.
if [ -x /usr/sbin/iw ]; then
	check "iw-lists-set_wiphy_netns" sh -c '/usr/sbin/iw phy phy0 info | grep -q set_wiphy_netns'
	check "iw-moves-phy0" /usr/sbin/iw phy phy0 set netns name moose
	$NSMOVE -n moose --list >/tmp/list 2>&1
	check "list-sees-iw-move" grep -Eq '^wlan0 +wireless +with phy0' /tmp/list
	check "back-after-iw" $NSMOVE -n moose wlan0 1
	check "wlan0-home-after-iw" here wlan0
fi

# A phy with two interfaces: both follow, and the note names both.
if [ -x /usr/sbin/iw ] && /usr/sbin/iw phy phy0 interface add wlan9 type station >/dev/null 2>&1; then
	$NSMOVE wlan9 moose >/tmp/out 2>&1
	check "two-ifaces-note" grep_out 'wlan9 belongs to phy0: moving phy0 (wlan0, wlan9)'
	check "two-ifaces-both-moved" sh -c "$NETNS exec moose ip link show wlan0 && $NETNS exec moose ip link show wlan9"
	check "two-ifaces-back" $NSMOVE -n moose wlan0 1
	check "two-ifaces-both-home" sh -c 'ip link show wlan0 && ip link show wlan9'
	/usr/sbin/iw dev wlan9 del
fi

# A clash of interface names in the target: cfg80211 renames (wlan%d)
# instead of refusing, so the move goes through.
check "move-phy1" $NSMOVE phy1 moose
check "rename-wlan1-to-wlan0-in-moose" $NETNS exec moose ip link set wlan1 name wlan0
check "move-phy0-onto-clash" $NSMOVE phy0 moose
check "both-radios-in-moose" sh -c "[ \$($NETNS exec moose ls /sys/class/net | grep -c wlan) -eq 2 ]"
check "back-both-after-clash" $NSMOVE -n moose phy0 phy1 1
check "both-home-after-clash" sh -c "[ \$(ls /sys/class/net | grep -c wlan) -eq 2 ]"
# Give phyN's interface its name wlanN again for the checks below.
netdev_of() { for n in /sys/class/net/*; do case $(readlink "$n/phy80211") in */"$1") basename "$n" ;; esac; done; }
a=$(netdev_of phy0) b=$(netdev_of phy1)
ip link set "$a" name tmp0 && ip link set "$b" name tmp1 && ip link set tmp0 name wlan0 && ip link set tmp1 name wlan1
check "names-restored" sh -c 'readlink /sys/class/net/wlan0/phy80211 | grep -q "/phy0$" && readlink /sys/class/net/wlan1/phy80211 | grep -q "/phy1$"'

# Errors, state unchanged.
refuse "radio-and-lo-nothing-moved" 2 $NSMOVE wlan0 lo moose
check "radio-and-lo-left-wlan0" here wlan0
refuse "no-phy-refuses" 2 $NSMOVE --no-phy wlan0 moose
check "no-phy-left-wlan0" here wlan0
refuse "lo-immutable" 2 $NSMOVE lo moose
check "lo-message" grep_out 'The interface netns is immutable'
refuse "unknown-device" 1 $NSMOVE nosuch0 moose
refuse "unknown-phy-index" 1 $NSMOVE 'phy#9' moose
refuse "unknown-target" 255 $NSMOVE wlan0 nosuchns
touch /run/netns/stale
refuse "stale-target" 2 $NSMOVE wlan0 stale
refuse "name-on-wireless" 255 $NSMOVE --name foo wlan0 moose
check "errors-left-radios-home" sh -c 'ip link show wlan0 && ip link show wlan1'

# rfkill: a soft-blocked radio is reported after the move; --unblock clears it.
rf=""
for r in /sys/class/rfkill/rfkill*; do
	case $(readlink "$r") in */ieee80211/phy0/*) rf=$r ;; esac
done
if [ -n "$rf" ]; then
	echo 1 >"$rf/soft"
	$NSMOVE --list >/tmp/list 2>&1
	check "list-rfkill-soft" grep -Eq '^phy0 .*rfkill: soft-blocked' /tmp/list
	$NSMOVE wlan0 moose >/tmp/out 2>&1
	check "rfkill-warning" grep_out 'warning: phy0 is soft-blocked'
	$NSMOVE --unblock -n moose phy0 1 >/tmp/out 2>&1
	rc=$?
	check "unblock-move-back" test $rc -eq 0
	check "unblock-no-warning" sh -c '! grep -q blocked /tmp/out'
	check "unblock-cleared" grep -qx 0 "$rf/soft"
else
	fail "rfkill-switch-of-phy0: none found"
fi

# The radio returns when its named namespace is deleted (unmounted, no
# process left): asynchronously, so poll.
check "move-for-delete" $NSMOVE wlan0 moose
check "netns-delete" $NETNS delete moose
check "phy0-returns-on-delete" poll here wlan0

# delete --evacuate sends radios home at once.
$NETNS add moose2
$NSMOVE phy1 moose2 >/dev/null 2>&1
$NETNS delete --evacuate moose2 >/tmp/out 2>&1
if here wlan1; then pass "evacuate-sends-radio-home"; else fail "evacuate-sends-radio-home"; poll here wlan1; fi

# netns holders and delete --dry-run on real devices: a radio (phy1) and a
# device with no link kind (hwsim0, hwsim's monitor device), each with and
# without its name taken at home; then the delete does what the dry run said.
# links NS: the devices at home and in NS, for dry runs that must change nothing.
links() { ip -o link | cut -d: -f2; $NETNS exec "$1" ip -o link | cut -d: -f2; }
# unchanged CHECK NS: the dry runs since `links NS >/tmp/links.before` moved
# no device and left the name NS.
unchanged() {
	links "$2" >/tmp/links.after
	check "$1-changed-nothing" cmp /tmp/links.before /tmp/links.after
	check "$1-left-the-name" test -e "/run/netns/$2"
}
if here hwsim0; then
	$NETNS add elk
	check "fate-setup" sh -c "$NSMOVE hwsim0 elk && $NSMOVE phy1 elk"
	expect "holders-elk" 0 "dies once its name is deleted" "" sh -c "$NETNS holders elk | tail -n 1"
	links elk >/tmp/links.before
	$NETNS delete --dry-run elk >/tmp/out 2>&1
	check "dry-run-radio-returns" grep_out "  radio phy1 (wlan1): returns to the initial namespace"
	check "dry-run-physical-returns" grep_out "  hwsim0: returns to the initial namespace"
	$NETNS delete --dry-run --evacuate elk >/tmp/out 2>&1
	check "dry-run-evacuate-radio" grep_out "move radio phy1 (wlan1) to the initial namespace"
	check "dry-run-evacuate-physical" grep_out "move hwsim0 to the initial namespace"
	# Both names taken at home: wlan0 becomes hwsim0, and phy0 gets a wlan1
	# (with iw: the other CPUs' VMs have none, and wlan1 stays free there).
	ip link set wlan0 name hwsim0
	if [ -x /usr/sbin/iw ]; then
		/usr/sbin/iw phy phy0 interface add wlan1 type station >/dev/null 2>&1
		radio="wlan1 as wlan0" back=wlan0
	else
		radio=wlan1 back=wlan1
	fi
	links elk >/tmp/links.before
	idx=$($NETNS exec elk cat /sys/class/net/hwsim0/ifindex)
	$NETNS delete --dry-run elk >/tmp/out 2>&1
	check "dry-run-radio-renamed" grep_out "  radio phy1 ($radio): returns to the initial namespace"
	check "dry-run-physical-renamed" grep_out "  hwsim0: returns to the initial namespace as dev$idx (hwsim0 is taken there)"
	refuse "dry-run-evacuate-clash" 2 $NETNS delete --dry-run --evacuate elk
	check "dry-run-evacuate-clash-message" grep_out "netns: elk: moving hwsim0: File exists"
	unchanged dry-runs elk
	# What the dry run said: hwsim0 comes back as dev$idx, wlan1 as $back.
	check "delete-elk" $NETNS delete elk
	check "physical-returned-renamed" poll here dev$idx
	check "radio-returned-renamed" poll sh -c "readlink /sys/class/net/$back/phy80211 | grep -q '/phy1\$'"
else
	fail "hwsim0: no such device"
fi

# A real NIC: qemu's e1000 (a PCI device; its driver has no rtnl link kind)
# returns to the initial namespace when its namespace dies, under its name
# or, that taken, as devIFINDEX (net/core/dev.c default_device_exit_net).
# Only the amd64 VM has one.
nic=""
for n in /sys/class/net/*; do
	case $(readlink "$n/device/driver") in */e1000) nic=${n##*/} ;; esac
done
# e1000_is DEV: DEV is the e1000 device.
e1000_is() { readlink "/sys/class/net/$1/device/driver" | grep -q '/e1000$'; }
# out_line LINE: the last command's output has exactly the line LINE.
out_line() { grep -qxF -- "$1" /tmp/out; }
if [ -n "$nic" ]; then
	check "nic-into-fox" sh -c "$NETNS add fox && $NSMOVE $nic fox"
	check "nic-in-fox" in_ns fox $nic
	check "nic-left-init" gone $nic
	expect "holders-fox" 0 "dies once its name is deleted" "" sh -c "$NETNS holders fox | tail -n 1"
	links fox >/tmp/links.before
	$NETNS delete --dry-run fox >/tmp/out 2>&1
	check "dry-run-nic-returns" out_line "  $nic: returns to the initial namespace"
	$NETNS delete --dry-run --evacuate fox >/tmp/out 2>&1
	check "dry-run-evacuate-nic" out_line "move $nic to the initial namespace"
	check "dry-run-evacuate-nic-not-left-behind" sh -c "! grep -q '^  $nic:' /tmp/out"
	unchanged nic-dry-runs fox
	check "delete-fox" $NETNS delete fox
	check "nic-returned-by-name" poll e1000_is $nic

	# --evacuate: home at once, before the delete, and said so.
	check "nic-into-fox-evacuate" sh -c "$NETNS add fox && $NSMOVE $nic fox"
	$NETNS delete --evacuate fox >/tmp/out 2>&1
	rc=$?
	check "evacuate-delete-fox" test $rc -eq 0
	check "evacuate-nic-message" out_line "netns: fox: moved to the initial namespace: $nic"
	check "evacuate-nic-home-at-once" e1000_is $nic

	# Its name taken at home (a radio's interface renamed: no dummy module
	# here): the dry run says devIFINDEX, an evacuation refuses, the
	# delete brings it back as devIFINDEX.
	check "nic-into-fox-clash" sh -c "$NETNS add fox && $NSMOVE $nic fox"
	clash=$(netdev_of phy1)
	check "nic-name-taken-at-home" ip link set "$clash" name $nic
	idx=$($NETNS exec fox cat /sys/class/net/$nic/ifindex)
	links fox >/tmp/links.before
	$NETNS delete --dry-run fox >/tmp/out 2>&1
	check "dry-run-nic-renamed" out_line "  $nic: returns to the initial namespace as dev$idx ($nic is taken there)"
	refuse "dry-run-evacuate-nic-clash" 2 $NETNS delete --dry-run --evacuate fox
	check "dry-run-evacuate-nic-clash-message" out_line "netns: fox: moving $nic: File exists"
	unchanged nic-clash-dry-runs fox
	check "delete-fox-clash" $NETNS delete fox
	check "nic-returned-renamed" poll e1000_is dev$idx
	check "nic-name-still-the-radio" test -e /sys/class/net/$nic/phy80211
elif [ -z "$nsbox_guest" ]; then
	fail "nic: no e1000 device"
fi

finish
