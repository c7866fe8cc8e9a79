#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vm-summary.sh BUILD RUN...: the result lines of test VM runs, each RUN a
# kernel (build/KVER/summary) or a kernel's named boot (build/KVER/NAME/
# summary, see NSBOX_VM_RUN in selftests/vm/run-vm.sh), then their totals
# as "P passed, F failed, S skipped". A run with no summary did not get as
# far as its tests, and counts as one failure. Exits non-zero if anything
# failed.
build=${1:?usage: vm-summary.sh BUILD RUN...}
shift
for r in "$@"; do
	cat "$build/$r/summary" 2>/dev/null ||
		echo "# kernel $r: 0 passed, 1 failed, 0 skipped (did not run)"
done | awk '{ print; pass += $4; fail += $6; skip += $8 }
	END { printf "%d passed, %d failed, %d skipped\n", pass, fail, skip; exit (fail > 0) }'
