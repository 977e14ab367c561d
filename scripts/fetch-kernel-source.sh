#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch a kernel source package that Debian 12 itself does not have into the
# cache and print the path of its tarball:
#   scripts/fetch-kernel-source.sh 7.3
# linux-source-7.3 comes from Debian's trixie-backports suite. apt-get runs
# with a private sources list, state and cache directory under the cache, so
# the machine's apt configuration and package lists stay as they are; the
# package is downloaded, not installed. The package version is written next
# to the tarball (TARBALL.version): the kernel cache key.
set -euo pipefail
. "$(dirname "$0")/env.sh"

kver=${1:?usage: fetch-kernel-source.sh KVER}
case "$kver" in
7.3) suite=trixie-backports ;;
*) echo "fetch-kernel-source: no source for $kver" >&2; exit 2 ;;
esac
pkg=linux-source-$kver
dir=$CELLROUTER_CACHE/src
tarball=$dir/$pkg.tar.xz
if [ -s "$tarball" ] && [ -s "$tarball.version" ]; then
	echo "$tarball"
	exit 0
fi

mirror=${CELLROUTER_DEBIAN_MIRROR:-http://deb.debian.org/debian}
apt=$dir/apt-$suite
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/parts" "$dir/debs"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" >"$apt/sources.list"
aptopts=(-o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts="$apt/parts"
	 -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" -o Debug::NoLocking=1
	 -o APT::Sandbox::User=root)
echo "fetch-kernel-source: downloading $pkg from $suite" >&2
apt-get "${aptopts[@]}" -qq update >&2
version=$(apt-cache "${aptopts[@]}" policy "$pkg" | sed -n 's/^ *Candidate: //p')
[ -n "$version" ] && [ "$version" != "(none)" ] ||
	{ echo "fetch-kernel-source: $pkg not found in $suite" >&2; exit 1; }
(cd "$dir/debs" && apt-get "${aptopts[@]}" -qq download "$pkg=$version" >&2)
deb=$(ls "$dir/debs/${pkg}_"*.deb | tail -n 1)
dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$pkg.tar.xz" >"$tarball.tmp"
rm -f "$deb"
mv "$tarball.tmp" "$tarball"
echo "$pkg $version" >"$tarball.version"
echo "$tarball"
