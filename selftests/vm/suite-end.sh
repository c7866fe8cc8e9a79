#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The last test of a VM's run (run_tests.sh runs it after every other when
# NSBOX_SUITE_END is set, as guest.sh does): what the suite leaves behind.
# Tests clean up after themselves, each checking its own part; this checks
# the whole, where a leak no single test looked for still shows:
#  - no sandbox in any namespace, no helper running, no nsbox-helper process;
#  - no record in the module's slab caches (a sandbox, link, address or
#    route record that outlived its sandbox);
#  - exactly as many network namespaces as before nsbox was first loaded
#    (NSBOX_BOOT_NETNS, counted by guest.sh);
#  - on a kernel with kmemleak, no leaked object (scanned before the module
#    goes, while its backtraces still have symbols);
#  - rmmod nsbox works, and still nothing is left;
#  - then the kernel's late reports get the time to come: a device whose
#    last reference never goes is reported ("unregister_netdevice: waiting")
#    after netdev_unregister_timeout_secs (10), a task stuck in D state by
#    the hung-task detector, set here to 10 s. The runner fails this test
#    on any of them, run-vm.sh on any in the whole console.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/../lib.sh"

# the wait for late reports: longer than both timeouts above
late_wait=12
kmemleak=/sys/kernel/debug/kmemleak

ktap_plan 8

if [ -z "${NSBOX_BOOT_NETNS:-}" ]; then
	ktap_fail "the boot-time namespace count is known" "NSBOX_BOOT_NETNS is not set"
	NSBOX_BOOT_NETNS=0
fi

serve_linger 0 2>/dev/null
wait_for "no sandbox or helper is left" 30 nsbox_empty
check "the module's slab caches hold no record" nsbox_caches_empty
check "as many network namespaces as at boot ($NSBOX_BOOT_NETNS)" \
	wait_netns_count "$NSBOX_BOOT_NETNS" 60

# kmemleak reports only objects at least 5 s old, and scanning twice drops
# what was only in flight during the first scan
kmemleak_scan() {
	local up start leaks

	read -r start _ </proc/uptime
	start=${start%.*}
	while read -r up _ </proc/uptime && [ "${up%.*}" -lt $((start + 6)) ]; do
		sleep 0.5	# a wait for a clock, bounded, not for a state
	done
	echo scan >"$kmemleak" && echo scan >"$kmemleak" || {
		echo "kmemleak: scan refused"
		return 1
	}
	leaks=$(cat "$kmemleak") || return 1
	[ -z "$leaks" ] && return 0
	# each backtrace once, with the number of objects it leaked
	printf '%s\n' "$leaks" | awk '
		function flush() {
			if (rec == "")
				return
			if (!(key in seen)) {
				order[n++] = key
				first[key] = rec
			}
			seen[key]++
			rec = key = ""
		}
		/^unreferenced object/ { flush() }
		{ rec = rec $0 "\n" }
		/^ *\[<[0-9a-f]+>\] / { f = $0; sub(/^ *\[<[0-9a-f]+>\] /, "", f); key = key f " " }
		END {
			flush()
			for (i = 0; i < n; i++) {
				printf "%s", first[order[i]]
				if (seen[order[i]] > 1)
					printf "  and %d more objects with this backtrace\n", seen[order[i]] - 1
			}
		}'
	echo "$(printf '%s\n' "$leaks" | grep -c '^unreferenced object') leaked objects"
	return 1
}

if [ -e "$kmemleak" ]; then
	check "kmemleak: no leaks" kmemleak_scan
else
	ktap_ok "kmemleak: not in this kernel, nothing to scan"
fi

check "rmmod nsbox" modprobe -r nsbox
check "nsbox is gone" test ! -d /sys/module/nsbox
check "still as many network namespaces as at boot" wait_netns_count "$NSBOX_BOOT_NETNS" 60

old_hung=$(cat /proc/sys/kernel/hung_task_timeout_secs)
echo 10 >/proc/sys/kernel/hung_task_timeout_secs
sleep "$late_wait"	# a wait for the kernel's clocks, not for a state
echo "$old_hung" >/proc/sys/kernel/hung_task_timeout_secs
if pgrep -f nsbox-helper >/dev/null; then
	ktap_fail "after $late_wait s, no nsbox-helper process is left" "$(pgrep -af nsbox-helper)"
else
	ktap_ok "after $late_wait s, no nsbox-helper process is left"
fi

ktap_finish
