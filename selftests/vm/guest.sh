#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Second stage of the nsbox test VM: PID 1 in the guest's root (the host's
# userland), after init. Loads nsbox and runs the selftests, the demo or a
# shell, according to NSBOX_MODE, then powers the VM off.
#
# What the host reads from the serial console, besides the kernel's log:
#	nsbox-vm: ready after S s	boot time, for the record
#	nsbox-bench: ...		the benchmark's results (bench)
#	nsbox-vm: loading nsbox		(in the kernel log) from here on, the
#					log must be free of warnings
#	nsbox-vm: PASS			the success token (check, demo, bench)
#	nsbox-vm: end			the guest finished

# No "set -e": whatever fails, the guest must get to its end, since PID 1
# must not exit.
set -u

repo=$NSBOX_REPO
# shellcheck source=selftests/lib.sh
. "$repo/selftests/lib.sh"

say() {
	echo "nsbox-vm: $*"
}

load_nsbox() {
	# there is no udev here to create /dev/net/tun from the static node
	# list (kmod static-nodes) as a host's boot does: load tun, and
	# devtmpfs makes the node
	modprobe tun 2>/dev/null
	# On the debug kernel (kmemleak), under TCG, a namespace's teardown
	# takes a hundred times what it takes on a host, and one created
	# while hundreds are torn down waits for them (rtnl): the helper's
	# budget grows like the VM's timeout. Every (re)load of nsbox gets it;
	# tests that set helper_timeout_ms themselves still do. /etc is the
	# guest's own overlay: the host's is not touched.
	if [ -e "$kmemleak" ]; then
		echo "options nsbox helper_timeout_ms=60000" >/etc/modprobe.d/nsbox-debug-tier.conf
	fi
	echo "nsbox-vm: loading nsbox" >/dev/kmsg
	modprobe nsbox && return 0
	say "modprobe nsbox failed"
	return 1
}

# On a kernel with kmemleak (the debug kernel of make check-debug; debugfs
# is mounted by init), what it suspects before nsbox is loaded is set
# aside; selftests/vm/suite-end.sh scans after the tests.
kmemleak=/sys/kernel/debug/kmemleak

kmemleak_clear() {
	[ -w "$kmemleak" ] || return 0
	echo clear >"$kmemleak" || say "kmemleak: clear refused"
}

ip link set lo up
read -r uptime _ </proc/uptime
say "ready after $uptime s"

ok=
case $NSBOX_MODE in
check)
	kmemleak_clear
	# what the whole run must come back to (selftests/vm/suite-end.sh)
	NSBOX_BOOT_NETNS=$(netns_count) && export NSBOX_BOOT_NETNS
	export NSBOX_SUITE_END=1
	load_nsbox
	# shellcheck disable=SC2086 # a list of test names
	"$repo/selftests/run_tests.sh" ${NSBOX_TESTS//,/ } && ok=1
	;;
demo)
	"$repo/selftests/vm/demo.sh" && ok=1
	;;
bench)
	# the sizes, from the kernel command line (see the Makefile's bench)
	args=()
	for opt in -n:N -R:ROUNDS -r:EXEC_RUNS -l:LIST_N -c:CLIENTS -g:LEVELS -s:SECTIONS; do
		v=$(knob "NSBOX_BENCH_${opt#*:}" "")
		[ -z "$v" ] || args+=("${opt%%:*}" "$v")
	done
	[ -z "$(knob NSBOX_BENCH_PROFILE "")" ] || args+=(-p)
	# Once nsbox is loaded, warnings and worse still reach the console,
	# where run-vm.sh looks for them; chatter does not, nor its cost.
	if load_nsbox && dmesg -n 5 &&
		"$repo/selftests/bench/bench.sh" "${args[@]}" </dev/null >/tmp/bench.out; then
		sed 's/^/nsbox-bench: /' /tmp/bench.out
		ok=1
	fi
	;;
shell)
	load_nsbox
	# a serial line has no window size; the host passes its own
	[ -n "$NSBOX_TTY" ] && stty rows "${NSBOX_TTY%x*}" cols "${NSBOX_TTY#*x}" </dev/ttyS0
	# warnings and worse still interrupt the prompt, chatter does not
	dmesg -n 5
	say "nsbox $(cat /sys/module/nsbox/version 2>/dev/null) on $(uname -r); the repo is $repo"
	say "exit the shell to power off"
	# a session of its own with the serial line as its controlling
	# terminal, so that job control and Ctrl-C work
	(cd "$repo" && setsid -c bash -l <>/dev/ttyS0 >&0 2>&0)
	;;
*)
	say "unknown mode '$NSBOX_MODE'"
	;;
esac

[ -n "$ok" ] && say PASS
say end
# busybox's reboot, which needs no init system to talk to; -no-reboot makes
# QEMU exit
exec /bin/busybox reboot -f
