#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Programs in namespaces of their own: with pidns the program is PID 1 of a
# new pid namespace with its own /proc, its exit status and signals pass
# through the helper that stays as its relay, and its descendants die with
# it (stopped by kill, by a timeout, by sandbox del); with ipcns it has an
# IPC namespace of its own. pidns without a mount namespace is refused.

. "$(dirname "$0")/../lib.sh"

ktap_plan 18

cleanup() {
	$NSBOX sandbox del pn1 2>/dev/null
	pkill -f '^/bin/sleep 10(0[1-9]|1[0-9])$' 2>/dev/null
}
trap cleanup EXIT

$NSBOX sandbox add pn1 || ktap_fail "sandbox pn1"

# shellcheck disable=SC2016 # the program's shell expands these
check "exec pidns: the program is PID 1" sh -c \
	"[ \"\$($NSBOX exec pn1 pidns -- /bin/sh -c 'echo \$\$')\" = 1 ]"
procs() {
	local out n cmd

	# shellcheck disable=SC2016
	out=$($NSBOX exec pn1 pidns -- /bin/sh -c \
		'ls /proc | grep -c "^[0-9]"; tr "\0" " " </proc/1/cmdline')
	n=$(printf '%s\n' "$out" | sed -n 1p)
	cmd=$(printf '%s\n' "$out" | sed -n 2p)
	if [ "$n" -ge 1 ] && [ "$n" -le 4 ] && [ "${cmd%% *}" = /bin/sh ]; then
		return 0
	fi
	echo "got: $out"
	return 1
}
check "its /proc shows its own namespace: itself as 1, a child or two" procs
check "without pidns, the program is not PID 1" sh -c \
	"[ \"\$($NSBOX exec pn1 -- /bin/sh -c 'echo \$\$')\" != 1 ]"
$NSBOX exec pn1 pidns -- /bin/sh -c 'exit 7'
check "its exit status comes back (7)" test $? = 7
$NSBOX exec pn1 pidns timeout 1 -- /bin/sleep 1001 2>/dev/null
check "a timeout kills it (137)" test $? = 137
check "and nothing of it is left" poll 10 sh -c "! pgrep -f '^/bin/sleep 1001$'"

# --- descendants die with it ---
$NSBOX run pn1 name tree pidns -- /bin/sh -c '/bin/sleep 1002 & /bin/sleep 1003 & wait'
check "a pidns daemon with two children runs" poll 10 sh -c \
	"pgrep -f '^/bin/sleep 1002$' && pgrep -f '^/bin/sleep 1003$'"
check "sandbox show lists it as pidns" sh -c "$NSBOX sandbox show pn1 | grep -q 'prog tree .* pidns' &&
	$NSBOX -j sandbox show pn1 | python3 -c '
import json, sys
p = [p for p in json.load(sys.stdin)[\"programs\"] if p[\"name\"] == \"tree\"][0]
assert p[\"pidns\"] and not p[\"ipcns\"], p'"
$NSBOX kill pn1 tree KILL
check "kill of the daemon kills its children too" poll 10 sh -c \
	"! pgrep -f '^/bin/sleep 100[23]$'"
check "it is shown killed by SIGKILL" poll 10 sh -c \
	"$NSBOX sandbox show pn1 | grep -Eq 'prog tree .*exit-status 9( |\$)'"
# without pidns, a child of a killed daemon lives on: what pidns is for
$NSBOX run pn1 name loose -- /bin/sh -c '/bin/sleep 1004 & wait'
poll 10 pgrep -f '^/bin/sleep 1004$' >/dev/null
$NSBOX kill pn1 loose KILL
sleep 1
check "(without pidns, the child of a killed daemon lives on)" pgrep -f '^/bin/sleep 1004$'
pkill -f '^/bin/sleep 1004$'
$NSBOX run pn1 name stop pidns -- /bin/sh -c '/bin/sleep 1005 & /bin/sleep 1006'
poll 10 pgrep -f '^/bin/sleep 1006$' >/dev/null
# a uid change clears the parent-death signal: the helper sets it again
$NSBOX run pn1 name low pidns uid 65534 gid 65534 -- \
	/bin/sh -c '/bin/sleep 1007 & /bin/sleep 1008'
check "a pidns daemon of uid 65534 with a child runs" poll 10 pgrep -f '^/bin/sleep 1008$'
check "sandbox del stops a pidns daemon, SIGTERM ignored by PID 1, then SIGKILL" \
	$NSBOX sandbox del pn1
check "and its children with it" poll 10 sh -c "! pgrep -f '^/bin/sleep 100[56]$'"
check "and the uid 65534 one, whose relay's death still kills it" poll 10 sh -c \
	"! pgrep -f '^/bin/sleep 100[78]$'"

# --- ipcns, and the refusal ---
$NSBOX sandbox add pn1
host_ipc=$(readlink /proc/self/ns/ipc)
check "exec ipcns: an IPC namespace of its own" sh -c \
	"[ \"\$($NSBOX exec pn1 ipcns -- /bin/readlink /proc/self/ns/ipc)\" != '$host_ipc' ]"
check "without ipcns, the host's" sh -c \
	"[ \"\$($NSBOX exec pn1 -- /bin/readlink /proc/self/ns/ipc)\" = '$host_ipc' ]"
check "pidns with nomount is refused" \
	fails_with "pidns needs the program's own mount namespace" \
	$NSBOX exec pn1 pidns nomount -- /bin/true

ktap_finish
