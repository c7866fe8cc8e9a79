#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A test-only stand-in for nsbox-helper that fails at the step named in
# /run/nsbox-fault, then (mode "ok") behaves as the real one. Tests load the
# module with helper_path pointing here. exec keeps the pid the module
# recorded, so that the real helper's report is still accepted. A hang
# leaves /run/nsbox-fault.hung first: a test can see it for the price of a
# test -e, where pgrep takes seconds under TCG on the debug kernel.
real=/usr/libexec/nsbox/nsbox-helper
mode=$(cat /run/nsbox-fault 2>/dev/null)
case $mode in
exit=*)	exit "${mode#exit=}" ;;		# non-zero exit: the step it names
crash)	kill -SEGV $$ ;;		# killed by a signal
hang)	: >/run/nsbox-fault.hung		# a namespace, then never reports
	exec unshare -n sleep 1000 ;;
silent)	exit 0 ;;			# exits 0 without reporting
slow=*)	sleep "${mode#slow=}" ;;	# then as the real one: a slow start
esac
exec "$real" "$@"
