#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The fuzzer, nsbox-fuzz (selftests/fuzz/): malformed, random and valid
# requests from several threads and sockets, then the module must be as it
# was: the family answers correctly, nearly all the requests asked for were
# sent, no owned sandbox outlived its socket (before the fuzzer sweeps what
# is left), no sandbox, helper, namespace or host device is left, the
# kernel logged nothing, and the module unloads and loads. A missing
# fuzzer is a failure, not a skip.
#
# NSBOX_FUZZ_SEED replays a run (by default a seed of the day, printed);
# NSBOX_FUZZ_N is the number of requests (default 10000; the debug tier
# runs more), NSBOX_FUZZ_THREADS the threads (default 4), and
# NSBOX_FUZZ_SECONDS bounds the time spent sending (default 180), so that
# the checks still run in the test's time; a run it cuts short below 95%
# of NSBOX_FUZZ_N fails: size the two together. In the test VM, pass them
# on the kernel command line:
# NSBOX_VM_APPEND="NSBOX_FUZZ_N=100000 NSBOX_FUZZ_SEED=42".

. "$(dirname "$0")/../lib.sh"

here=$(cd "$(dirname "$0")/.." && pwd)
fuzz=${NSBOX_BUILD:-$here/../build}/bin/progs/nsbox-fuzz
# a test that cannot run is a failure: a skip would pass CI unfuzzed
if [ ! -x "$fuzz" ]; then
	ktap_plan 1
	ktap_fail "nsbox-fuzz is there to run" "no $fuzz (make tests)"
	ktap_finish
fi

ktap_plan 11

seed=$(knob NSBOX_FUZZ_SEED "$(date +%Y%m%d)")
n=$(knob NSBOX_FUZZ_N 10000)
threads=$(knob NSBOX_FUZZ_THREADS 4)
# what a slow kernel gets to send, so that the test ends in time
secs=$(knob NSBOX_FUZZ_SECONDS 180)
tmp=$(mktemp -d)

cleanup() {
	rm -rf "$tmp"
}
trap cleanup EXIT

# info_is FIELD VALUE: nsbox -j info says so
info_is() {
	test "$($NSBOX -j info | python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1")" = "$2"
}

# what is left is shown when it fails
no_process() {
	! pgrep -af 'nsbox-helper|^sleep (1234.5|5)$'
}

reload() {
	poll 10 rmmod nsbox && modprobe nsbox
}

# the host's devices by name: veth peers the fuzzer made (fzh0, fzh1) must
# have gone with their sandboxes
host_links() {
	ip -br link show | awk '{ sub("@.*", "", $1); print $1 }' | sort
}

links_as_before() {
	host_links | cmp -s "$tmp/links.before" -
}

# TUN devices: without udev, /dev/net/tun appears only with the module
modprobe tun 2>/dev/null

base=$(netns_count)
ktap_diag "seed $seed (NSBOX_FUZZ_SEED=$seed replays), $n requests, $threads threads, at most $secs s"
ktap_diag "baseline: $base network namespaces"
host_links >"$tmp/links.before"
kmsg_mark "40-fuzz: seed $seed"

# bounded, so that the checks below still run if it hangs
timeout -k 10 $((secs + 60)) "$fuzz" -s "$seed" -n "$n" -t "$threads" -T "$secs" \
	>"$tmp/out" 2>&1
rc=$?
# its lines are KTAP diagnostics already; anything else is made one
sed 's/^\([^#]\)/# \1/' "$tmp/out"
if [ "$rc" -eq 0 ]; then
	ktap_ok "nsbox-fuzz -s $seed -n $n -t $threads exited 0"
else
	ktap_fail "nsbox-fuzz -s $seed -n $n -t $threads exited 0" \
		"exit $rc$([ "$rc" -eq 124 ] && echo ' (timed out)'); replay: NSBOX_FUZZ_SEED=$seed"
fi

# A run cut short (-T, a slow kernel) exits 0 having sent little: it must
# have sent nearly all it was asked to (a few sends may fail with ENOBUFS).
sent=$(sed -n 's/^# sent \([0-9]*\) of [0-9]* requests.*/\1/p' "$tmp/out")
if [ -n "$sent" ] && [ "$sent" -ge $((n * 95 / 100)) ]; then
	ktap_ok "it sent $sent of the $n requests asked (at least 95%)"
else
	ktap_fail "it sent at least 95% of the $n requests asked" \
		"sent: ${sent:-not said}$(grep '^# stopped by -T' "$tmp/out" | sed 's/^# /; /')"
fi

# Owned sandboxes die with their socket, and the fuzzer has closed all of
# its sockets before it looks: none may be left for its sweep to delete.
# Unowned ones stay legitimately, and are swept (so the checks below see
# only the sweep's work for them).
left=$(sed -n 's/^# leftovers before the sweep: owned \([0-9]*\), unowned \([0-9]*\)$/\1 \2/p' "$tmp/out")
if [ -z "$left" ]; then
	ktap_fail "no owned sandbox outlived its socket" "the fuzzer did not say what was left"
elif [ "${left%% *}" = 0 ]; then
	ktap_ok "no owned sandbox outlived its socket (before the sweep: ${left#* } unowned ones)"
else
	ktap_fail "no owned sandbox outlived its socket" \
		"before the sweep: owned ${left%% *}, unowned ${left#* }; replay: NSBOX_FUZZ_SEED=$seed"
fi

wait_for "no sandbox is listed afterwards" 30 \
	sh -c "test \"\$($NSBOX -j sandbox list)\" = '[]'"
wait_for "the module holds no sandbox (info: sandboxes 0)" 30 info_is sandboxes 0
wait_for "no helper is running (info: helpers 0)" 30 info_is helpers 0
# its daemons are "sleep 1234.5", its commands "sleep 5" (see gen.c)
wait_for "no nsbox-helper or program of the fuzzer is left" 30 no_process
if wait_netns_count "$base" 60 2>"$tmp/ns"; then
	ktap_ok "the network namespace count is back to its baseline ($base)"
else
	ktap_fail "the network namespace count is back to its baseline ($base)" \
		"$(cat "$tmp/ns"); the module: $($NSBOX -j info 2>&1)"
fi
wait_for "the host's devices are as before (no veth peer left)" 30 links_as_before

splats=$(kmsg_since_mark | grep -E "$NSBOX_SPLAT_RE")
if [ -z "$splats" ]; then
	ktap_ok "no kernel warning since the fuzzer started"
else
	ktap_fail "no kernel warning since the fuzzer started" "$splats"
fi

check "rmmod nsbox && modprobe nsbox" reload

ktap_finish
