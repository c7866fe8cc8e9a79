#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Provide the kselftest harness headers for the C selftests: Debian ships them
# only inside the kernel source tarball, so copy the two we need out of it
# once. Usage: scripts/kselftest.sh DIR (default build/kselftest).

set -euf

dir=${1:-build/kselftest}
tarball=${KSFT_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
headers="kselftest_harness.h kselftest.h"

have=1
for h in $headers; do
	[ -s "$dir/$h" ] || have=
done
[ -n "$have" ] && exit 0

[ -r "$tarball" ] || {
	echo "kselftest: $tarball missing (run: make deps)" >&2
	exit 1
}

# extract next to the destination and rename, so that an interrupted run
# never leaves a truncated header that would count as cached
mkdir -p "$dir"
tmp=$(mktemp -d "$dir/.extract.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
members=
for h in $headers; do
	members="$members */tools/testing/selftests/$h"
done
# shellcheck disable=SC2086 # one pattern per header; tar expands them
tar -xJf "$tarball" -C "$tmp" --wildcards --no-wildcards-match-slash \
	--strip-components=4 $members
for h in $headers; do
	mv "$tmp/$h" "$dir/$h"
done
