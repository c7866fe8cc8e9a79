#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ynl-regen.sh [--check]
#
# Generate what is generated from Documentation/netlink/specs/nsbox.yaml
# with the kernel's own generator, tools/net/ynl/ynl-gen-c.py (from
# scripts/ynl-tools.sh), as the kernel's tools/net/ynl/ynl-regen.sh does for
# the families in its tree:
#
#	include/uapi/linux/nsbox.h	ynl-gen-c.py --mode uapi --header
#	kernel/netlink-gen.h		ynl-gen-c.py --mode kernel --header
#	kernel/netlink-gen.c		ynl-gen-c.py --mode kernel --source
#
# The kernel pair is the ops table (split ops), the per-op policies, the
# nested policies they use and the multicast group enum; kernel/netlink.c
# holds the handlers they name.
#
# The generated files are committed and never edited by hand; change the
# spec and run this. With --check, write nothing: fail, showing the
# difference, when a committed file is not what the spec makes of it.
# The generator first validates the spec against the schema of the
# protocol it declares.

set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
spec=$repo/Documentation/netlink/specs/nsbox.yaml
python=${PYTHON:-python3}

check=
case ${1:-} in
--check) check=1 ;;
"") ;;
*)
	echo "usage: $0 [--check]" >&2
	exit 2
	;;
esac

ynl=$("$repo/scripts/ynl-tools.sh")

# ynl-gen-c.py expects the spec in a kernel tree: the protocol's schema in
# the parent of the spec's directory, and a MAINTAINERS file at the root
# (the header names the spec by its path from there).
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/Documentation/netlink/specs"
touch "$tree/MAINTAINERS"
ln -s "$ynl"/Documentation/netlink/*.yaml "$tree/Documentation/netlink/"
cp "$spec" "$tree/Documentation/netlink/specs/"

rc=0
# gen MODE KIND FILE: generate FILE (relative to the repository)
gen() {
	local out=$tree/out/$3

	mkdir -p "${out%/*}"
	"$python" "$ynl/tools/net/ynl/ynl-gen-c.py" --mode "$1" "--$2" \
		--spec "$tree/Documentation/netlink/specs/nsbox.yaml" -o "$out" >&2 ||
		{ echo "ynl-regen: ynl-gen-c.py --mode $1 --$2 failed" >&2; exit 1; }
	if [ -n "$check" ]; then
		if ! cmp -s "$out" "$repo/$3"; then
			echo "ynl-regen: $3 is stale: run scripts/ynl-regen.sh" >&2
			diff -u "$repo/$3" "$out" >&2 || true
			rc=1
		fi
	elif ! cmp -s "$out" "$repo/$3"; then
		cp "$out" "$repo/$3"
		echo "	GEN $2	$3"
	fi
}

gen uapi header include/uapi/linux/nsbox.h
gen kernel header kernel/netlink-gen.h
gen kernel source kernel/netlink-gen.c
exit "$rc"
