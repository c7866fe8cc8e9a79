#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kernels.sh [FLAVOUR...]: the installed kernels of each flavour, newest
# package of each series (6.1, then 6.12), one a line. The flavours are
# Debian's: "generic" (linux-image-amd64, linux-image-6.12-amd64), "rt"
# (linux-image-rt-amd64, ...) and "cloud". Without arguments, the kernels
# `make check` tests on: the generic ones (the first line is the default
# kernel of check-kernel, demo, shell and bench). Exits non-zero,
# naming it, when a series of a flavour has no kernel installed (make deps
# installs them all): a kernel left out must never pass as a kernel tested.
[ $# -gt 0 ] || set -- generic
rc=0
for flavour in "$@"; do
	case $flavour in
	generic) suffix=amd64 ;;
	*) suffix=$flavour-amd64 ;;
	esac
	for series in 6.1 6.12; do
		# 6.1.0-57-amd64, 6.12.117+deb12-amd64, 6.1.0-57-rt-amd64, ...
		k=$(ls -d /lib/modules/"$series".* 2>/dev/null | sed 's|.*/||' |
			grep -E "^$series\.[0-9]+(\+deb[0-9]+)?(-[0-9]+)?-$suffix\$" |
			sort -V | tail -n 1)
		if [ -n "$k" ]; then
			echo "$k"
		else
			echo "kernels: no $flavour $series kernel installed (make deps)" >&2
			rc=1
		fi
	done
done
exit $rc
