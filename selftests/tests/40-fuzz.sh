#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The fuzzer, nsbox-fuzz (selftests/fuzz/): malformed, random and valid
# requests from several threads and sockets, then the module must be as it
# was: the family answers correctly, no sandbox, helper, namespace or host
# device is left, the kernel logged nothing, and the module unloads and loads.
#
# NSBOX_FUZZ_SEED replays a run (by default a seed of the day, printed);
# NSBOX_FUZZ_N is the number of requests (default 10000; the debug tier
# runs more), NSBOX_FUZZ_THREADS the threads (default 4), and
# NSBOX_FUZZ_SECONDS bounds the time spent sending (default 180: a slow
# kernel sends fewer). In the test VM, pass them on the kernel command line:
# NSBOX_VM_APPEND="NSBOX_FUZZ_N=100000 NSBOX_FUZZ_SEED=42".

. "$(dirname "$0")/../lib.sh"

here=$(cd "$(dirname "$0")/.." && pwd)
fuzz=${NSBOX_BUILD:-$here/../build}/bin/progs/nsbox-fuzz
[ -x "$fuzz" ] || ktap_skip_all "no $fuzz (make tests)"

ktap_plan 9

# knob NAME DEFAULT: $NAME, else NAME=VALUE from the kernel command line
# (the test VM hands its tests none of the host's environment: there, set
# it with NSBOX_VM_APPEND="NAME=VALUE"), else DEFAULT
knob() {
	eval "_v=\${$1:-}"
	[ -n "$_v" ] || _v=$(tr ' ' '\n' </proc/cmdline | sed -n "s/^$1=//p" | tail -n 1)
	echo "${_v:-$2}"
}

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
