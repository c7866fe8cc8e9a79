#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debug-kernel.sh [--dir]
#
# Build the debug kernel of `make check-debug`, once per machine, and print
# the directory that holds it:
#
#	DIR/bzImage	the kernel image
#	DIR/release	its `uname -r` (6.1.N-nsbox-debug)
#	DIR/build	the O= build tree, to build modules against (KDIR)
#	DIR/modroot/lib/modules/RELEASE
#			its modules.builtin and module index (no modules:
#			everything the VM needs is built in)
#	DIR/ready	written last: a directory without it is an interrupted
#			build, thrown away and redone
#
# The source is Debian's linux-source-6.1, configured with `tinyconfig` and
# selftests/vm/debug.config; every option of the fragment must end up set as
# written, or the build fails. DIR is
# /var/cache/nsbox/debug-kernel/KEY (or $NSBOX_DEBUG_KERNEL_CACHE/KEY), KEY a
# hash of the fragment, the source package's version and this script, so
# that changing any of them builds a new kernel; older ones are removed.
# The build takes about 10 minutes on 2 cores; its log is DIR/build.log.
#
# --dir prints DIR without building.

set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fragment=$repo/selftests/vm/debug.config
package=linux-source-6.1
tarball=/usr/src/linux-source-6.1.tar.xz
cache=${NSBOX_DEBUG_KERNEL_CACHE:-/var/cache/nsbox/debug-kernel}

die() {
	echo "debug-kernel: $*" >&2
	exit 1
}

version=$(dpkg-query -W -f='${Version}' "$package" 2>/dev/null) ||
	die "$package is not installed (make deps)"
[ -r "$tarball" ] || die "no $tarball (make deps)"
key=$({
	cat "$fragment"
	echo "$package $version"
	cat "${BASH_SOURCE[0]}"
} | sha256sum)
key=${key%% *}
dir=$cache/$key

if [ "${1:-}" = --dir ]; then
	echo "$dir"
	exit 0
fi
[ $# -eq 0 ] || die "usage: $0 [--dir]"

[ -f "$dir/ready" ] && {
	echo "$dir"
	exit 0
}

mkdir -p "$cache"
# one build at a time; a second caller waits for it and takes its result
exec 9>"$cache/$key.lock"
flock 9
[ -f "$dir/ready" ] && {
	echo "$dir"
	exit 0
}

rm -rf "$dir"
mkdir -p "$dir"
log=$dir/build.log
start=$SECONDS
echo "debug-kernel: building Linux from $package $version in $dir (about 10 min)" >&2

step() {
	echo "debug-kernel: $1" >&2
	shift
	"$@" >>"$log" 2>&1 || {
		tail -n 40 "$log" >&2
		die "failed: $* (log: $log)"
	}
}

kmake() {
	make -C "$dir/src" O="$dir/build" "$@"
}

mkdir -p "$dir/src" "$dir/build"
step "extracting the source" tar -xJf "$tarball" -C "$dir/src" --strip-components=1
step "configuring" kmake tinyconfig
step "merging $fragment" "$dir/src/scripts/kconfig/merge_config.sh" -m \
	-O "$dir/build" "$dir/build/.config" "$fragment"
step "resolving the configuration" kmake olddefconfig

# Kconfig drops silently what a dependency does not allow: check that every
# option of the fragment is in the final configuration as written.
missing=
while IFS= read -r line; do
	case $line in
	CONFIG_*=*)
		grep -qxF "$line" "$dir/build/.config" || missing+=" $line"
		;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }
		opt=${opt%% *}
		! grep -q "^$opt=" "$dir/build/.config" || missing+=" $opt=n"
		;;
	esac
done <"$fragment"
[ -z "$missing" ] || die "the configuration does not have:$missing"

step "building bzImage (make -j$(nproc))" kmake -j"$(nproc)" bzImage modules
step "installing modules.builtin" kmake INSTALL_MOD_PATH="$dir/modroot" modules_install
cp "$dir/build/arch/x86/boot/bzImage" "$dir/bzImage"
kmake -s kernelrelease >"$dir/release"
sync -f "$dir/bzImage"
touch "$dir/ready"
echo "debug-kernel: $(cat "$dir/release") built in $((SECONDS - start)) s" >&2

# the kernels of older keys, unless a build of theirs is running
for old in "$cache"/*; do
	name=${old##*/}
	if [ "${#name}" -ne 64 ] || [ "$name" = "$key" ] || [ ! -d "$old" ]; then
		continue
	fi
	# shellcheck disable=SC2094 # the lock file is only held, never read
	(flock -n 8 && rm -rf "$old" "$old.lock") 8>"$old.lock" || true
done

echo "$dir"
