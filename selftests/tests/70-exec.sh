#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Programs in sandboxes: nsbox exec behaves like ip netns exec (status,
# stdio, /sys, /etc/netns, signals, credentials), nsbox run supervises
# daemons, and nothing is left running by a failed request, a deleted
# sandbox or an unloaded module. Every wait for a program to be gone first
# checks that it ran. At the end, no sandbox, helper or network namespace
# is left beyond the baseline taken before the first exec: a helper that
# kept a namespace alive would show there.

. "$(dirname "$0")/../lib.sh"

ktap_plan 55

tmp=$(mktemp -d)
monpid=
old_hung=
cleanup() {
	[ -z "$monpid" ] || kill "$monpid" 2>/dev/null
	[ -z "$old_hung" ] || echo "$old_hung" >/proc/sys/kernel/hung_task_timeout_secs
	$NSBOX sandbox del ex1 2>/dev/null
	$NSBOX sandbox del ex2 2>/dev/null
	$NSBOX sandbox del web 2>/dev/null
	ip link del hveth0 2>/dev/null
	rm -rf "$tmp" /etc/netns/ex1
}
trap cleanup EXIT

running() {
	pgrep -f "$1" >/dev/null
}

modprobe tun 2>/dev/null
# plain creates are served by a lingering helper: none may count as left
serve_linger 0
base=$(netns_count)
ktap_diag "baseline: $base network namespaces"
check "no sandbox or helper before the first exec" nsbox_empty

check "a sandbox with a TUN" $NSBOX sandbox add ex1 hostname exhost link tun0 type tun

# --- exit status ---
$NSBOX exec ex1 -- /bin/sh -c 'exit 7'
check "exit status passes through (7)" test $? -eq 7
$NSBOX exec ex1 -- /bin/sh -c 'kill -9 $$' 2>"$tmp/err"
rc=$?
check "death by SIGKILL is 137" test $rc -eq 137
check "and the CLI says so" grep -q "signal 9" "$tmp/err"
# as env(1) and podman tell their own failure from the program's
$NSBOX exec ex1 -- /no/such/program 2>"$tmp/err"
rc=$?
check "a program that does not exist is 127, said clearly" \
	sh -c "test $rc -eq 127 && grep -q 'execve /no/such/program: No such file' '$tmp/err'"
printf 'echo ran\n' >"$tmp/noexec"
chmod 0644 "$tmp/noexec"
$NSBOX exec ex1 -- "$tmp/noexec" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "one that cannot be run is 126" \
	sh -c "test $rc -eq 126 && ! grep -q ran '$tmp/out' && grep -q 'Permission denied' '$tmp/err' ||
		{ echo 'exit $rc:'; cat '$tmp/err'; exit 1; }"
$NSBOX exec no-such-sandbox -- /bin/true 2>"$tmp/err"
rc=$?
check "nsbox's own failure is 125, said clearly" \
	sh -c "test $rc -eq 125 && grep -q 'sandbox with this name' '$tmp/err' ||
		{ echo 'exit $rc:'; cat '$tmp/err'; exit 1; }"
$NSBOX exec ex1 /bin/true 2>"$tmp/err"
rc=$?
check "and so is a bad command line, with the usage" \
	sh -c "test $rc -eq 125 && grep -q 'Usage: nsbox exec' '$tmp/err'"
check "the hostname is the sandbox's" sh -c "test \"\$($NSBOX exec ex1 -- /bin/hostname)\" = exhost"

# --- stdio, byte for byte ---
head -c 1048576 /dev/urandom >"$tmp/in"
$NSBOX exec ex1 -- /bin/cat <"$tmp/in" >"$tmp/out"
check "1 MiB through stdin and stdout" cmp "$tmp/in" "$tmp/out"
$NSBOX exec ex1 -- /bin/sh -c 'cat >&2' <"$tmp/in" 2>"$tmp/err2" >/dev/null
check "1 MiB through stderr" cmp "$tmp/in" "$tmp/err2"
check "environment and working directory are the caller's" sh -c \
	"cd /proc && NSBOX_T=42 $NSBOX exec ex1 -- /bin/sh -c 'test \"\$NSBOX_T\" = 42 && test \"\$PWD\" = /proc'"

# --- the view: /sys and /etc/netns ---
check "/sys/class/net shows the sandbox's links" sh -c \
	"test \"\$($NSBOX exec ex1 -- /bin/ls /sys/class/net | tr '\n' ' ')\" = 'lo tun0 '"
mkdir -p /etc/netns/ex1
echo "192.0.2.77 nsbox-magic" >/etc/netns/ex1/hosts
check "/etc/netns/NAME/hosts is its /etc/hosts" sh -c \
	"$NSBOX exec ex1 -- /bin/cat /etc/hosts | grep -q nsbox-magic"
check "the host's /etc/hosts is untouched" sh -c "! grep -q nsbox-magic /etc/hosts"

# --- credentials ---
$NSBOX exec ex1 uid 65534 gid 65534 caps net_raw -- /bin/cat /proc/self/status >"$tmp/status"
check "uid 65534 inside" sh -c "grep -q '^Uid:.*65534' '$tmp/status'"
check "caps net_raw only, in every set" sh -c "
	for s in CapInh CapPrm CapEff CapBnd CapAmb; do
		grep -q \"^\$s:.*0000000000002000\" '$tmp/status' || exit 1
	done"
# the module's most, beyond what some C libraries call NGROUPS_MAX (musl: 32)
groups=$(seq -s, 1001 1064)
check "64 supplementary groups" sh -c \
	"test \"\$($NSBOX exec ex1 groups $groups -- /bin/id -G | wc -w)\" = 65"
check "rlimit nofile" sh -c \
	"test \"\$($NSBOX exec ex1 rlimit nofile=77:88 -- /bin/sh -c 'ulimit -n')\" = 77"
# a limit the kernel refuses (nofile above fs.nr_open): the request names
# the step, and the program never ran
out=$($NSBOX exec ex1 rlimit nofile=2000000000:2000000000 -- /bin/touch "$tmp/rlimit-ran" 2>&1)
rc=$?
if [ "$rc" -ne 0 ] && printf '%s' "$out" | grep -q "setting the program's resource limits failed" &&
   [ ! -e "$tmp/rlimit-ran" ]; then
	ktap_ok "a refused rlimit is reported as that step"
else
	ktap_fail "a refused rlimit is reported as that step" "exit $rc: $out"
fi

# --- signals ---
$NSBOX exec ex1 -- /bin/sleep 101 2>"$tmp/int" &
cli=$!
wait_for "exec runs the program" 10 running '^/bin/sleep 101'
kill -INT "$cli"
wait "$cli"
rc=$?
check "SIGINT to the CLI ends the program: 130" test $rc -eq 130
check "the CLI reports it" grep -q "signal 2" "$tmp/int"
check "the program is gone" sh -c "! pgrep -f '^/bin/sleep 101' >/dev/null"

$NSBOX exec ex1 -- /bin/sleep 102 &
cli=$!
wait_for "exec runs the program (to kill its CLI)" 10 running '^/bin/sleep 102'
kill -9 "$cli"
wait "$cli" 2>/dev/null
wait_for "killing the CLI kills the program" 10 sh -c "! pgrep -f '^/bin/sleep 102' >/dev/null"

$NSBOX exec ex1 timeout 1 -- /bin/sleep 103 2>/dev/null
check "timeout kills a program that runs too long (137)" test $? -eq 137

# --- refused ---
out=$($NSBOX exec ex1 -- sh -c true 2>&1)
check "a relative program path is refused" sh -c "printf '%s' \"\$1\" | grep -q absolute" - "$out"
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups $NSBOX exec ex1 -- /bin/touch "$tmp/m1" 2>&1)
check "uid 65534: refused, nothing ran" sh -c "printf '%s' \"\$1\" | grep -qi 'not permitted' && ! test -e '$tmp/m1'" - "$out"
out=$(setpriv --inh-caps=-all,+net_admin --ambient-caps=-all,+net_admin --bounding-set=-all,+net_admin \
	--reuid=65534 --regid=65534 --clear-groups $NSBOX exec ex1 -- /bin/touch "$tmp/m2" 2>&1)
check "CAP_NET_ADMIN alone: refused, nothing ran" sh -c \
	"printf '%s' \"\$1\" | grep -q CAP_SYS_ADMIN && ! test -e '$tmp/m2'" - "$out"

# --- daemons ---
$NSBOX -j monitor >"$tmp/mon" &
monpid=$!
poll 10 sh -c "$NSBOX sandbox add mprobe && $NSBOX sandbox del mprobe && grep -q mprobe '$tmp/mon'"
check "run starts a daemon" $NSBOX run ex1 name d1 log "$tmp/d1.log" -- /bin/sh -c 'echo started; exec /bin/sleep 104'
wait_for "it runs and logs" 10 sh -c "pgrep -f '^/bin/sleep 104' >/dev/null && grep -q started '$tmp/d1.log'"
check "sandbox show lists it" sh -c "$NSBOX -j sandbox show ex1 | python3 -c '
import json, sys
s = json.load(sys.stdin)
p = [p for p in s[\"programs\"] if p[\"name\"] == \"d1\"]
assert p and p[0][\"state\"] == \"running\", s'"
$NSBOX kill ex1 d1 TERM
wait_for "kill signals it; its exit is an event with its status" 10 python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
e = [e for e in ev if e["event"] == "prog-exit" and e.get("name") == "d1"]
assert e and e[0]["exit_status"] == 15, ev' "$tmp/mon"

# exited daemons stay listed with their status, and a sandbox's reply has
# room for all of them (it was sized for the running ones only)
for i in 1 2 3 4 5 6 7 8; do
	$NSBOX run ex1 name "$(printf 'x%02d%0124d' "$i" 0)" -- /bin/true || break
done
wait_for "8 exited daemons with long names: sandbox show lists them all" 30 sh -c \
	"$NSBOX -j sandbox show ex1 | python3 -c '
import json, sys
s = json.load(sys.stdin)
p = [p for p in s[\"programs\"] if len(p.get(\"name\", \"\")) == 127 and p[\"state\"] == \"exited\"]
assert len(p) == 8, s'"

# a daemon that ignores SIGTERM is killed after the grace period
check "run a daemon that ignores SIGTERM" \
	$NSBOX run ex1 name d2 -- /bin/sh -c 'trap "" TERM; exec /bin/sleep 105'
wait_for "it runs" 10 running '^/bin/sleep 105'
check "sandbox del with a running daemon" $NSBOX sandbox del ex1
wait_for "sandbox del stops its daemons" 10 sh -c "! pgrep -f '^/bin/sleep 105' >/dev/null"

# A daemon's kworker waits as long as the daemon runs: that wait must not
# look like a hung task, whatever hung_task_timeout_secs is.
check "a second sandbox" $NSBOX sandbox add ex2
old_hung=$(cat /proc/sys/kernel/hung_task_timeout_secs)
kmsg_mark hung
echo 2 >/proc/sys/kernel/hung_task_timeout_secs
check "run a daemon to outlast the detector" $NSBOX run ex2 name d4 -- /bin/sleep 107
wait_for "it runs" 10 running '^/bin/sleep 107'
sleep 7	# three periods of the detector: a wait for a clock, not a state
hung=$(kmsg_since_mark | grep -A3 'blocked for more than')
if [ -z "$hung" ] && running '^/bin/sleep 107'; then
	ktap_ok "a daemon past hung_task_timeout_secs is no hung task"
else
	ktap_fail "a daemon past hung_task_timeout_secs is no hung task" "${hung:-the daemon is gone}"
fi
echo "$old_hung" >/proc/sys/kernel/hung_task_timeout_secs
old_hung=
check "delete it" $NSBOX sandbox del ex2

# a real daemon from Debian serving the host over a veth
check "a sandbox with a veth to the host" \
	$NSBOX sandbox add web link veth0 type veth peer hveth0 addr 10.50.0.2/24 dev veth0
ip addr add 10.50.0.1/24 dev hveth0 && ip link set hveth0 up
check "run socat in it" \
	$NSBOX run web name echo -- /usr/bin/socat TCP-LISTEN:7000,fork,reuseaddr EXEC:/bin/cat
wait_for "socat in a sandbox serves the host over a veth" 15 sh -c \
	"test \"\$(echo nsbox-hello | timeout 3 socat - TCP:10.50.0.2:7000)\" = nsbox-hello"

# rmmod stops everything
check "run a daemon that ignores SIGTERM, for rmmod" \
	$NSBOX run web name d3 -- /bin/sh -c 'trap "" TERM; exec /bin/sleep 106'
wait_for "it runs" 10 running '^/bin/sleep 106'
kill "$monpid" 2>/dev/null
monpid=
check "rmmod with running daemons" modprobe -r nsbox
check "no program is left" sh -c "! pgrep -f '^/bin/sleep 106' >/dev/null && ! pgrep -x socat >/dev/null"
check "nsbox loads again" modprobe nsbox
serve_linger 0

# --- nothing left ---
wait_for "no sandbox or helper is left" 10 nsbox_empty
check "the network namespace count is back at its baseline" wait_netns_count "$base" 30

ktap_finish
