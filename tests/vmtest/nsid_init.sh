#!/bin/sh
# /init of the namespace-id test VM (busybox sh, Linux >= 6.19, which opens
# nsfs file handles): nsenter -n:ID and --net=:ID (util-linux 2.42) enter
# the namespace whose 64-bit id (NS_GET_ID, printed by /bin/nsid) is ID.
# Checks and result marker: guest.sh.
/bin/busybox --install -s /bin
. /lib/vmtest/guest.sh

# holder ARGS...: `nsbox unshare ARGS sleep 600` in the background, its PID
# in P once it runs sleep (unshare execs it in place, in its namespaces;
# before that P is the forked shell, then nsbox).
holder() {
	nsbox unshare "$@" sleep 600 &
	P=$!
	poll sleeping $P || fail "holder $*: sleep did not start"
}
sleeping() { [ "$(tr '\0' ' ' </proc/"$1"/cmdline)" = "sleep 600 " ]; }

holder -n
N=$P nid=$(nsid /proc/$P/ns/net) net=$(readlink /proc/$P/ns/net)
check "holder-has-own-netns" test "$net" != "$(readlink /proc/self/ns/net)"
expect "net-by-id" 0 "$net" "" nsbox nsenter -n:"$nid" readlink /proc/self/ns/net
expect "net-by-id-long" 0 "$net" "" nsbox nsenter --net=:"$nid" readlink /proc/self/ns/net

holder -U -r
uid=$(nsid /proc/$P/ns/user) user=$(readlink /proc/$P/ns/user)
check "holder-has-own-userns" test "$user" != "$(readlink /proc/self/ns/user)"
expect "user-by-id" 0 "$user" "" nsbox nsenter -U:"$uid" readlink /proc/self/ns/user
expect "user-by-id-long" 0 "$user" "" nsbox nsenter --user=:"$uid" readlink /proc/self/ns/user
# A namespace of another type than asked for opens, and setns refuses it.
expect "user-id-as-net" 1 "" "nsenter: reassociate to namespace 'ns/net' failed: Invalid argument" \
	nsbox nsenter -n:"$uid" true

# Both at once: the user namespace, then the network namespace it owns.
holder -U -r -n
both="$(readlink /proc/$P/ns/user) $(readlink /proc/$P/ns/net)"
expect "user-and-net-by-id" 0 "$both" "" nsbox nsenter -U:"$(nsid /proc/$P/ns/user)" -n:"$(nsid /proc/$P/ns/net)" \
	sh -c 'echo $(readlink /proc/self/ns/user) $(readlink /proc/self/ns/net)'

# A named namespace (a bind mount, no process in it).
nsbox netns add moose
expect "named-net-by-id" 0 "net:[$(stat -c %i /run/netns/moose)]" "" \
	nsbox nsenter -n:"$(nsid /run/netns/moose)" readlink /proc/self/ns/net

# No such id (the kernel says ESTALE), and the id of a namespace that died.
expect "unknown-id" 1 "" "nsenter: cannot open namespace of id 999999999: Stale file handle" \
	nsbox nsenter -n:999999999 true
kill $N
wait $N 2>/dev/null
poll sh -c "! nsbox nsenter -n:$nid true"
expect "dead-ns-id" 1 "" "nsenter: cannot open namespace of id $nid: Stale file handle" \
	nsbox nsenter -n:"$nid" true

# lsns with listns(): a network namespace bind-mounted only inside a mount
# namespace no process is in (that one pinned by a mount here) is beyond
# the /proc walk, which reads the mount tables of processes' namespaces.
mkdir -p /run/pin && mount --bind /run/pin /run/pin && mount --make-private /run/pin && touch /run/pin/mnt /run/pin/net
nsbox unshare --mount=/run/pin/mnt sh -c 'nsbox unshare --net=/run/pin/net true && stat -c %i /run/pin/net' >/run/hidden.ino
hidden=$(cat /run/hidden.ino)
check "hidden-netns-made" test -n "$hidden" -a "$hidden" != "$(stat -c %i /run/pin/net)"
expect "lsns-lists-hidden" 0 "$hidden net 0 " "" sh -c "nsbox lsns -n -r -o NS,TYPE,NPROCS,PID -t net | grep '^$hidden '"
# Every id lsns shows opens, by nsenter -n:ID (and --TYPE=:ID), that very
# namespace; the hidden ones too. Mount namespaces only with $mnt set: not
# every one has a root with readlink (kdevtmpfs's).
roundtrip() {
	nsbox lsns -n -r -o ID,TYPE,NS "$@" >/tmp/ids || return 1
	[ -s /tmp/ids ] || return 1
	while read -r id type ns; do
		case $type in mnt) [ -n "$mnt" ] || continue; opt=mount ;; net | uts | ipc | cgroup) opt=$type ;; *) continue ;; esac
		got=$(nsbox nsenter --$opt=:"$id" readlink /proc/self/ns/$type) || { echo "$type $id: nsenter failed"; return 1; }
		[ "$got" = "$type:[$ns]" ] || { echo "$type $id: $got, want $type:[$ns]"; return 1; }
	done </tmp/ids
}
check "lsns-ids-roundtrip" roundtrip
check "lsns-hidden-id-roundtrip" roundtrip -Q "NS == $hidden"
mnt=1
check "lsns-hidden-mntns-id-roundtrip" roundtrip -Q "NS == $(stat -c %i /run/pin/mnt)"
mnt=
# -t TYPE (the type mask given to listns) lists what the full list has of
# that type, and every namespace a process is in.
agree() {
	nsbox lsns -n -r -o NS -t "$1" | sort >/tmp/typed
	nsbox lsns -n -r -o NS,TYPE | awk -v t="$1" '$2 == t { print $1 }' | sort >/tmp/all
	for p in /proc/[0-9]*; do readlink $p/ns/"$1"; done 2>/dev/null | tr -dc '0-9\n' | sort -u >/tmp/walk
	cmp /tmp/typed /tmp/all && [ -z "$(comm -13 /tmp/typed /tmp/walk)" ] && [ -s /tmp/typed ]
}
for t in net mnt uts user pid; do check "lsns-t-$t-agrees" agree $t; done

finish
