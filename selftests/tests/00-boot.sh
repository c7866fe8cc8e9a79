#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The test VM itself: it runs the kernel it was booted for, nsbox is loaded
# and registered, and the kernel is tainted by nothing but an out-of-tree
# module. Every later test relies on this.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/../lib.sh"

# TAINT_OOT_MODULE (O) and TAINT_UNSIGNED_MODULE (E): what loading any
# out-of-tree module does
TAINT_NSBOX=$(((1 << 12) | (1 << 13)))

# run-vm.sh puts the kernel it boots on the command line
want_kver=${NSBOX_KVER:-$(sed -n 's/.*\bNSBOX_KVER=\([^ ]*\).*/\1/p' /proc/cmdline)}

ktap_plan 4

if [ -n "$want_kver" ]; then
	check "running kernel $want_kver" test "$(uname -r)" = "$want_kver"
else
	ktap_skip "running kernel" "not started by run-vm.sh"
fi

check "nsbox module loaded" test -d /sys/module/nsbox
check "generic netlink family nsbox registered" genl ctrl get name nsbox

tainted=$(cat /proc/sys/kernel/tainted)
if [ $((tainted & ~TAINT_NSBOX)) -eq 0 ]; then
	ktap_ok "kernel taint $tainted: at most O and E"
else
	ktap_fail "kernel taint $tainted: at most O and E" \
		"unexpected taint bits $((tainted & ~TAINT_NSBOX))"
fi

ktap_finish
