#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TUN and TAP queues handed to programs (exec and run ... tun IFNAME
# [queues N]): the program finds them at fds 3 and up, announced the
# systemd way (LISTEN_FDS, LISTEN_FDNAMES, LISTEN_PID); a daemon running as
# uid 65534 with no capability answers pings sent through the TUN and the
# TAP it was given; sandbox show lists them. What cannot be handed over is
# refused by name and leaves nothing running, and the helper never makes a
# device where the link is gone.

. "$(dirname "$0")/../lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
tun_echo=${NSBOX_BUILD:-$here/../../build}/bin/progs/tun_echo

ktap_plan 21

tmp=$(mktemp -d)
chmod 0755 "$tmp"
cleanup() {
	$NSBOX sandbox del pt1 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

$NSBOX sandbox add pt1 link tun0 type tun addr 10.62.0.1/24 dev tun0 \
	link tap0 type tap addr 10.63.0.1/24 dev tap0 \
	link mq0 type tun multi_queue link gone0 type tun \
	link ve0 type veth peer hpt0 || ktap_fail "sandbox pt1 with its links"

# programs PID-OR-NAME: how many programs pt1 runs now
running() {
	$NSBOX -j sandbox show pt1 | python3 -c '
import json, sys
print(sum(p["state"] == "running" for p in json.load(sys.stdin).get("programs", [])))'
}

# --- what the program finds ---
want="1 tun0 pid-ok /dev/net/tun"
fds_one() {
	local out

	# shellcheck disable=SC2016 # the program's shell expands these
	out=$($NSBOX exec pt1 tun tun0 -- /bin/sh -c \
		'echo "$LISTEN_FDS $LISTEN_FDNAMES $([ "$LISTEN_PID" = $$ ] && echo pid-ok) $(readlink /proc/self/fd/3)"')
	[ "$out" = "$want" ] || { echo "got: $out"; return 1; }
}
check "exec tun tun0: fd 3 is the TUN, LISTEN_FDS 1, LISTEN_FDNAMES tun0, LISTEN_PID its pid" fds_one
fds_many() {
	local out

	# shellcheck disable=SC2016
	out=$($NSBOX exec pt1 tun mq0 queues 4 tun tap0 -- /bin/sh -c \
		'echo "$LISTEN_FDS $LISTEN_FDNAMES"; for f in 3 4 5 6 7 8; do readlink /proc/self/fd/$f; done')
	[ "$out" = "$(printf '5 mq0:mq0:mq0:mq0:tap0\n%s' "$(printf '/dev/net/tun\n%.0s' 1 2 3 4 5)")" ] ||
		{ echo "got: $out"; return 1; }
}
check "four queues of a multi_queue TUN and a TAP: fds 3-7, named in order, nothing more" fds_many
check "without tun, the program gets no LISTEN_FDS" sh -c \
	"[ -z \"\$($NSBOX exec pt1 -- /bin/sh -c 'echo \$LISTEN_FDS')\" ]"

# --- an unprivileged daemon moves the packets ---
# echo_run NAME DEV TYPE: tun_echo as a daemon of uid 65534 with DEV's queue
echo_run() {
	$NSBOX run pt1 name "$1" uid 65534 gid 65534 log "$tmp/$1.log" tun "$2" -- \
		"$tun_echo" - "$3" 3 30 && poll 10 grep -q "^attached $2" "$tmp/$1.log"
}
check "run echo uid 65534 tun tun0: tun_echo takes fd 3" echo_run echo tun0 tun
pid=$($NSBOX -j sandbox show pt1 | python3 -c '
import json, sys
print([p["pid"] for p in json.load(sys.stdin)["programs"] if p["name"] == "echo"][0])')
no_caps() {
	if grep -q '^Uid:[[:space:]]*65534[[:space:]]' "/proc/$pid/status" &&
		grep -q '^CapEff:[[:space:]]*0000000000000000' "/proc/$pid/status" &&
		grep -q '^CapPrm:[[:space:]]*0000000000000000' "/proc/$pid/status"; then
		return 0
	fi
	grep -E '^(Uid|Cap)' "/proc/$pid/status"
	return 1
}
check "it runs as uid 65534 with no capability" no_caps
check "sandbox show lists its tun" sh -c "$NSBOX sandbox show pt1 | grep -q 'prog echo .* tun tun0' &&
	$NSBOX -j sandbox show pt1 | python3 -c '
import json, sys
p = [p for p in json.load(sys.stdin)[\"programs\"] if p[\"name\"] == \"echo\"][0]
assert p[\"tun\"] == [{\"ifname\": \"tun0\", \"queues\": 1}], p'"
check "ping 10.62.0.5 through tun0: 3 replies from the daemon" sh -c \
	"$NSBOX exec pt1 -- /bin/ping -c 3 -i 0.2 -W 2 10.62.0.5 | grep -q ' 3 received'"
check "it answered 3 and exited 0" poll 10 sh -c \
	"grep -qx 'answered 3' $tmp/echo.log && $NSBOX sandbox show pt1 | grep -q 'prog echo .*exit-status 0'"
check "run echotap uid 65534 tun tap0: tun_echo takes fd 3" echo_run echotap tap0 tap
check "ping 10.63.0.5 through tap0 (ARP, then ICMP): 3 replies from the daemon" sh -c \
	"$NSBOX exec pt1 -- /bin/ping -c 3 -i 0.2 -W 2 10.63.0.5 | grep -q ' 3 received'"
check "it answered 3 and exited 0" poll 10 sh -c \
	"grep -qx 'answered 3' $tmp/echotap.log && $NSBOX sandbox show pt1 | grep -q 'prog echotap .*exit-status 0'"

# --- refusals: named, and nothing left running ---
check "a name that is no link of the sandbox is refused" \
	fails_with "tun: the sandbox has no TUN or TAP link" $NSBOX exec pt1 tun nosuch -- /bin/true
check "a veth is refused" \
	fails_with "tun: the sandbox has no TUN or TAP link" $NSBOX exec pt1 tun ve0 -- /bin/true
check "two queues of a single-queue TUN are refused" \
	fails_with "more than one queue needs a multi_queue link" \
	$NSBOX exec pt1 tun tun0 queues 2 -- /bin/true
check "a link given twice is refused" \
	fails_with "a link is given once" $NSBOX exec pt1 tun tun0 tun tun0 -- /bin/true
$NSBOX run pt1 name hold tun tun0 -- /bin/sleep 600
check "a single-queue TUN another program holds: the step fails, busy" \
	fails_with "opening the queues of the program's TUN or TAP link failed (Device or resource busy)" \
	$NSBOX exec pt1 tun tun0 -- /bin/true
$NSBOX kill pt1 hold KILL
check "no room for the queues under rlimit nofile: refused" \
	fails_with "TUN or TAP link failed (Too many open files)" \
	$NSBOX exec pt1 rlimit nofile=4 tun mq0 queues 2 -- /bin/true
$NSBOX exec pt1 -- /sbin/ip link del gone0
check "a link deleted behind nsbox's back: the step fails" \
	fails_with "TUN or TAP link failed (No such device)" $NSBOX exec pt1 tun gone0 -- /bin/true
check "and the helper made no device of that name" sh -c \
	"! $NSBOX exec pt1 -- /sbin/ip link show gone0 2>/dev/null"
# the two echo daemons have exited, and hold was killed
none_running() {
	[ "$(running)" = 0 ]
}
check "nothing of the refused requests runs" poll 10 none_running
check "no helper is left" poll 10 helpers_idle

ktap_finish
