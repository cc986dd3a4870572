#!/bin/bash
# apt.sh CACHE COMMAND [ARGS…]: runs apt-get or apt-cache against Debian's
# archive for the foreign architectures the cross builds and the arm64 and
# MIPS VMs need (arm64, armhf, mipsel) and its sources, through a private
# configuration in CACHE/apt: nothing is added to the host's dpkg
# architectures or apt lists, and nothing foreign is installed (packages are
# downloaded and extracted). The lists are refreshed when a day old.
set -euo pipefail
CACHE=$1
shift
MIRROR=${NSBOX_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
ARCHES="arm64 armhf mipsel"
A=$CACHE/apt
mkdir -p "$A/lists/partial" "$A/cache/archives/partial"
cat >"$A/sources.list.new" <<SOURCES
deb [arch=${ARCHES// /,}] $MIRROR $SUITE main
deb [arch=${ARCHES// /,}] $MIRROR $SUITE-updates main
deb-src $MIRROR $SUITE main
SOURCES
mv "$A/sources.list.new" "$A/sources.list"
opts=(-o "Dir::Etc::SourceList=$A/sources.list" -o Dir::Etc::SourceParts=/dev/null -o APT::Sandbox::User=root
	-o "Dir::State::Lists=$A/lists" -o "Dir::Cache=$A/cache" -o APT::Architectures::=amd64
	-o "Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false"
	-o "Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false"
	-o "Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false")
for a in $ARCHES; do opts+=(-o "APT::Architectures::=$a"); done
if [ -z "$(find "$A/lists" -maxdepth 1 -name '*_InRelease' -mtime -1 2>/dev/null)" ]; then
	apt-get "${opts[@]}" update -qq >&2
fi
cmd=$1
shift
exec "$cmd" "${opts[@]}" "$@"
