#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The kernels `make check` tests on: Debian's 6.1 (linux-image-amd64) and
# 6.12 (linux-image-6.12-amd64), newest package of each series installed.
for series in 6.1 6.12; do
	ls -d /lib/modules/"$series".*-amd64 2>/dev/null | sed 's|.*/||' | sort -V | tail -n 1
done
