#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Churn under load: NSBOX_CHURN_WORKERS workers (default 4) loop for
# NSBOX_CHURN_SECONDS (default 30): create a sandbox with a TUN, an address
# and a route in one request, show it, delete it. Meanwhile the module is
# unloaded once, which must succeed promptly, and loaded again; the workers
# meet failures in that window and carry on. Afterwards nothing may be left
# (no sandbox, helper, helper process or network namespace) and the kernel
# must have logged nothing: no warning, no hung task. In the test VM, set
# the knobs on the kernel command line: NSBOX_VM_APPEND="NSBOX_CHURN_SECONDS=120".

. "$(dirname "$0")/../lib.sh"

ktap_plan 12

workers=$(knob NSBOX_CHURN_WORKERS 4)
seconds=$(knob NSBOX_CHURN_SECONDS 30)
tmp=$(mktemp -d)
wpids=

cleanup() {
	for p in $wpids; do
		kill "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

# info_is FIELD VALUE: nsbox -j info says so
info_is() {
	test "$($NSBOX -j info 2>/dev/null |
		python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1" 2>/dev/null)" = "$2"
}

no_helper_process() {
	! pgrep -f nsbox-helper >/dev/null
}

uptime_s() {
	read -r _up _ </proc/uptime
	echo "${_up%.*}"
}

# hundredths of a second since boot
uptime_cs() {
	read -r _up _ </proc/uptime
	_cs=${_up#*.}
	echo $((${_up%.*} * 100 + ${_cs#0}))
}

# worker W: churn until the deadline, and on until one cycle has gone through
# after the reload (a debug kernel may spend the whole window on a few cycles),
# but never past the hard deadline; counts in $tmp/w.W: cycles that went
# through, failures, and cycles that went through after the reload
worker() {
	_w=$1
	_i=0 _ok=0 _fail=0 _after=0
	while :; do
		_now=$(uptime_s)
		[ "$_now" -lt "$hard_deadline" ] || break
		[ "$_now" -lt "$deadline" ] || [ "$_after" -eq 0 ] || break
		_n=c$_w-$_i
		_i=$((_i + 1))
		# shellcheck disable=SC2086 # clauses are words
		if $NSBOX sandbox add "$_n" $clauses >/dev/null 2>>"$tmp/err.$_w" &&
		   $NSBOX sandbox show "$_n" >/dev/null 2>>"$tmp/err.$_w" &&
		   $NSBOX sandbox del "$_n" 2>>"$tmp/err.$_w"; then
			_ok=$((_ok + 1))
			[ ! -e "$tmp/reloaded" ] || _after=$((_after + 1))
		else
			_fail=$((_fail + 1))
			# whatever is left of it, unless the module is away
			$NSBOX sandbox del "$_n" >/dev/null 2>&1
		fi
		echo "$_ok $_fail $_after" >"$tmp/w.$_w.tmp"
		mv "$tmp/w.$_w.tmp" "$tmp/w.$_w"
	done
	echo "$_ok $_fail $_after" >"$tmp/w.$_w.tmp"
	mv "$tmp/w.$_w.tmp" "$tmp/done.$_w"
}

all_done() {
	_k=0
	while [ $_k -lt "$workers" ]; do
		[ -e "$tmp/done.$_k" ] || return 1
		_k=$((_k + 1))
	done
}

# cycles done so far, by all workers
cycles() {
	cat "$tmp"/w.* 2>/dev/null | awk '{ n += $1 } END { print n + 0 }'
}

# TUN devices: without udev, /dev/net/tun appears only with the module
modprobe tun 2>/dev/null

base=$(netns_count)
ktap_diag "baseline: $base network namespaces; $workers workers for $seconds s"
kmsg_mark "60-churn"

# the whole sandbox in one request: the CLI and the module have had it for
# long, so a failure is one, and the churn goes on with it all the same
# (its cycles then fail too, rather than churn something easier)
clauses="link tun0 type tun mtu 1400 addr 10.77.0.1/24 dev tun0 route 10.78.0.0/16 via 10.77.0.2 dev tun0"
# shellcheck disable=SC2086
if out=$($NSBOX sandbox add cprobe $clauses 2>&1) && out=$($NSBOX sandbox del cprobe 2>&1); then
	ktap_ok "sandbox add with a TUN, an address and a route in one request"
else
	$NSBOX sandbox del cprobe >/dev/null 2>&1
	ktap_fail "sandbox add with a TUN, an address and a route in one request" "$out"
fi

deadline=$(($(uptime_s) + seconds))
hard_deadline=$((deadline + seconds + 90))
w=0
while [ $w -lt "$workers" ]; do
	worker $w &
	wpids="$wpids $!"
	w=$((w + 1))
done

enough_cycles() {
	[ "$(cycles)" -ge "$workers" ]
}

# under load: some cycles done, and a third of the time gone
poll "$seconds" enough_cycles
now=$(uptime_s)
while [ "$now" -lt $((deadline - seconds * 2 / 3)) ]; do
	sleep 0.5
	now=$(uptime_s)
done
ktap_diag "$(cycles) cycles before the unload; $(cat /sys/module/nsbox/refcnt 2>/dev/null) module references"

# rmmod: may meet the module in use (a request holds it for a moment) and
# retry; it must get through promptly
t0=$(uptime_cs)
tries=0
rm_ok=
while :; do
	if rmmod nsbox 2>"$tmp/rmmod"; then
		rm_ok=1
		break
	fi
	tries=$((tries + 1))
	[ $(($(uptime_cs) - t0)) -lt 3000 ] || break
	sleep 0.1
done
rm_cs=$(($(uptime_cs) - t0))
if [ -n "$rm_ok" ]; then
	ktap_ok "rmmod nsbox under load ($((rm_cs / 100)).$((rm_cs % 100 / 10)) s, $tries retries)"
else
	ktap_fail "rmmod nsbox under load" "not unloaded after 30 s, $tries retries: $(cat "$tmp/rmmod")"
fi
# the family may have come back already: the controller autoloads it for a
# CLI that asks for it (MODULE_ALIAS_GENL_FAMILY)
[ ! -d /sys/module/nsbox ] || ktap_diag "nsbox was loaded again at once (autoload)"
check "modprobe nsbox" modprobe nsbox
touch "$tmp/reloaded"
check "the family answers after the reload" $NSBOX info

if poll $((seconds * 2 + 120)) all_done; then
	ktap_ok "every worker finished in time"
else
	ktap_fail "every worker finished in time" "$(ps -o pid,stat,wchan:30,args -C nsbox 2>&1)"
fi
wait

total_ok=0 total_fail=0 stuck=
w=0
while [ $w -lt "$workers" ]; do
	if read -r ok fail aft <"$tmp/done.$w" 2>/dev/null; then
		ktap_diag "worker $w: $ok cycles, $fail failed, $aft after the reload"
		total_ok=$((total_ok + ok))
		total_fail=$((total_fail + fail))
		[ "$aft" -gt 0 ] || stuck="$stuck $w"
	else
		stuck="$stuck $w"
	fi
	w=$((w + 1))
done
ktap_diag "$(sort -u "$tmp"/err.* 2>/dev/null | head -n 10)"
check "sandboxes were created, shown and deleted ($total_ok cycles, $total_fail failed)" \
	test "$total_ok" -gt 0
check "every worker went on after the reload${stuck:+ (not:$stuck)}" test -z "$stuck"

wait_for "the module holds no sandbox (info: sandboxes 0)" 30 info_is sandboxes 0
wait_for "no helper is running (info: helpers 0)" 30 info_is helpers 0
wait_for "no nsbox-helper process is left" 30 no_helper_process
check "the network namespace count is back to its baseline ($base)" wait_netns_count "$base" 60

splats=$(kmsg_since_mark | grep -E "$NSBOX_SPLAT_RE|hung_task|blocked for more than")
if [ -z "$splats" ]; then
	ktap_ok "no kernel warning or hung task since the start"
else
	ktap_fail "no kernel warning or hung task since the start" "$splats"
fi

ktap_finish
