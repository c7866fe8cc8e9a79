#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ynl-tools.sh [DIR]
#
# Put the kernel's YNL tools in DIR (default: $NSBOX_BUILD/ynl, or build/ynl
# of the repository) and print DIR:
#
#	DIR/tools/net/ynl		ynl-gen-c.py, cli.py and their lib/
#	DIR/Documentation/netlink	the schema of each netlink protocol
#	DIR/version			the source package's version
#
# They come from Debian's linux-source-6.12 (6.1's have no genetlink-c
# checks nor split ops), unpacked once per machine into
# /var/cache/nsbox/ynl/VERSION (or $NSBOX_YNL_CACHE/VERSION): the tarball
# takes half a minute to read through. DIR gets a copy, which is what the
# test guests see of them. Run as it is from a guest, which cannot unpack,
# it only prints DIR once DIR holds the tools of the installed package.

set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
package=linux-source-6.12
tarball=/usr/src/linux-source-6.12.tar.xz
cache=${NSBOX_YNL_CACHE:-/var/cache/nsbox/ynl}
dir=${1:-${NSBOX_BUILD:-$repo/build}/ynl}

die() {
	echo "ynl-tools: $*" >&2
	exit 1
}

version=$(dpkg-query -W -f='${Version}' "$package" 2>/dev/null) ||
	die "$package is not installed (make deps)"

if [ "$(cat "$dir/version" 2>/dev/null)" = "$version" ]; then
	echo "$dir"
	exit 0
fi
[ -r "$tarball" ] || die "no $tarball (make deps)"

src=$cache/$version
if [ ! -f "$src/version" ]; then
	mkdir -p "$cache"
	# one unpacking at a time; a second caller waits and takes its result
	exec 9>"$cache/$version.lock"
	flock 9
	if [ ! -f "$src/version" ]; then
		rm -rf "$src"
		mkdir -p "$src"
		tar -xJf "$tarball" -C "$src" --strip-components=1 --wildcards \
			'*/tools/net/ynl/*' '*/Documentation/netlink/*.yaml' ||
			die "cannot unpack the YNL tools from $tarball"
		[ -f "$src/tools/net/ynl/ynl-gen-c.py" ] && [ -f "$src/tools/net/ynl/cli.py" ] ||
			die "$tarball has no tools/net/ynl"
		echo "$version" >"$src/version"
	fi
	exec 9>&-
fi

rm -rf "$dir"
mkdir -p "$dir/tools/net" "$dir/Documentation"
cp -a "$src/tools/net/ynl" "$dir/tools/net/"
cp -a "$src/Documentation/netlink" "$dir/Documentation/"
cp "$src/version" "$dir/version"
echo "$dir"
