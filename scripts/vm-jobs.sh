#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm-jobs.sh JOBS: run the commands read from stdin, one a line as
# "NAME COMMAND...", JOBS of them at a time, in the order given; every line
# they print is prefixed with "NAME| ". Exits non-zero if any failed.
#
# For the test VMs of make check and check-debug: each VM runs on one host
# thread (TCG, thread=single), so one at a time leaves N-1 cores of an
# N-core machine idle, and N at once each take only a little longer than
# alone (measured on 2 cores: 124 s against 112 s).

set -uo pipefail

jobs=${1:?usage: vm-jobs.sh JOBS <commands}
status=$(mktemp -d)
trap 'rm -rf "$status"' EXIT

n=0
while read -r name cmd; do
	[ -n "$name" ] || continue
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n
	done
	n=$((n + 1))
	(
		bash -c "$cmd" 2>&1 | sed -u "s#^#$name| #"
		echo "${PIPESTATUS[0]} $name" >"$status/$n"
	) </dev/null &
done
wait

rc=0
for ((i = 1; i <= n; i++)); do
	read -r s name <"$status/$i" 2>/dev/null || { s=1 name="job $i"; }
	[ "$s" -eq 0 ] || { echo "vm-jobs: $name: exit status $s"; rc=1; }
done
exit "$rc"
