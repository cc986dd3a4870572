#!/usr/bin/env bash
# Runs the root tests that read the mount table, the run dir or /etc/netns
# once more on a machine that looks used: /run/netns a mount point with a
# name mounted in it (what `ip netns add` leaves), a namespace bound
# outside /run, a non-empty /etc/netns, an earlier run's leftovers in /tmp,
# and $NETNS_RUN_DIR, $NETNS_ETC_DIR and a locale set. All of it is made
# in a private mount namespace, on a tmpfs /run and $TMPDIR/nsbox-test and
# a copy of /etc, so the host stays as it was, whether or not its own
# /run/netns is mounted. `make test-hermetic`; HERMETIC_PKGS picks other
# packages.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
	echo "hermetic: skipped (needs root)"
	exit 0
fi
pkgs=${HERMETIC_PKGS:-./nslib/... ./applets/netns/ ./applets/unshare/ ./applets/nsmove/ ./applets/nsenter/ ./applets/lsns/ .}
export GO=${GO:-go}
# A developer's environment: other run and etc dirs, a locale.
export NETNS_RUN_DIR=/run/hermetic-elsewhere NETNS_ETC_DIR=/etc/hermetic-elsewhere LANG=C.UTF-8 LC_ALL=C.UTF-8
case $PWD/ in /run/*)
	echo "hermetic: $PWD is under /run, which the run hides" >&2
	exit 1
esac
# Where every test run builds its binary (nstest.Binary).
export HERMETIC_BUILDS=${TMPDIR:-/tmp}/nsbox-test
mkdir -p "$HERMETIC_BUILDS"
exec unshare -m --propagation private bash -euo pipefail -c '
mount -t tmpfs -o mode=0755 hermetic-run /run
mount -t tmpfs -o mode=0755 hermetic-builds "$HERMETIC_BUILDS"
# A copy of /etc, not an overlay: the sandbox lays its own overlay on
# /etc, and overlays stack only two deep (a root on overlayfs is one).
cp -a /etc /run/.hermetic-etc
mount --bind /run/.hermetic-etc /etc
ip netns add leftover
touch /run/netns/stale /etc/hermetic-uts
mount --bind /proc/self/ns/uts /etc/hermetic-uts
mkdir -p /etc/netns/leftover "$HERMETIC_BUILDS/4194304"
echo leftover >/etc/netns/leftover/hostname
echo junk >"$HERMETIC_BUILDS/4194304/nsbox"
echo "hermetic: host-like state: $(grep -c " - nsfs " /proc/self/mountinfo) nsfs mounts, /run/netns mounted, /etc/netns: $(ls /etc/netns)"
$GO test -p 1 -count=1 -timeout 30m '"$pkgs"'
'
