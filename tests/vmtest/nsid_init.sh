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

finish
