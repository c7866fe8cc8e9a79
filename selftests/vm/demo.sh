#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A short tour of nsbox, run by `make demo` in a throwaway VM (or by hand as
# root where nsbox is installed). A command that fails is shown with its
# exit status and the tour goes on; only a module that will not load stops
# it.

set -u

NSBOX=${NSBOX:-nsbox}

# Show a command as typed, then its output.
run() {
	local rc

	echo
	echo "# $*"
	"$@"
	rc=$?
	[ "$rc" -eq 0 ] || echo "(exit status $rc)"
}

if [ ! -d /sys/module/nsbox ]; then
	[ -w /dev/kmsg ] && echo "nsbox-vm: loading nsbox" >/dev/kmsg
	run modprobe nsbox
	[ -d /sys/module/nsbox ] || exit 1
fi

run "$NSBOX" info
run "$NSBOX" -j info
run genl ctrl get name nsbox

# a sandbox with its own hostname, held by the module alone
run "$NSBOX" sandbox add demo hostname demo-host
run "$NSBOX" sandbox list
run "$NSBOX" -j sandbox show demo

# a published one is also visible to iproute2
run "$NSBOX" sandbox add web publish
run ip netns list
run ip netns exec web ip -brief link
run "$NSBOX" -p sandbox show web

run "$NSBOX" sandbox del demo
run "$NSBOX" sandbox del web
run "$NSBOX" sandbox list
run "$NSBOX" info
exit 0
