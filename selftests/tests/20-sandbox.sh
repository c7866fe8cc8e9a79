#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Sandboxes end to end, checked against the kernel's own state: namespace
# counts from /proc/slabinfo, iproute2, the process list. Every failure
# path must leave no sandbox, namespace or process behind.

. "$(dirname "$0")/../lib.sh"

ktap_plan 51

here=$(cd "$(dirname "$0")/.." && pwd)
fault_helper=$here/fault-helper.sh
tmp=$(mktemp -d)
monpid=

cleanup() {
	[ -z "$monpid" ] || kill "$monpid" 2>/dev/null
	rm -f /run/nsbox-fault /run/nsbox-fault.hung
	rm -rf "$tmp"
}
trap cleanup EXIT

count_sandboxes() {
	$NSBOX -j sandbox list | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

# nothing left: no sandbox, no helper, no namespace beyond the baseline
all_clean() {
	[ "$(count_sandboxes)" -eq 0 ] && poll 10 helpers_idle &&
		! procs_named sleep && wait_netns_count "$base" 20
}

# reload the module with PARAMS
reload() {
	modprobe -r nsbox && modprobe nsbox "$@"
}

# lines N FMT: N lines of FMT, each %i in it the line's number from 0
lines() {
	awk -v n="$1" -v fmt="$2" 'BEGIN { for (i = 0; i < n; i++) { s = fmt; gsub(/%i/, i, s); print s } }'
}

# clients NAME C...: the batches $tmp/NAMEC, one client each, all at once
# (the output in $tmp/NAMEC.out); fails if any did
clients() {
	_name=$1
	shift
	_pids=
	for _c in "$@"; do
		$NSBOX -batch "$tmp/$_name$_c" >"$tmp/$_name$_c.out" 2>&1 &
		_pids="$_pids $!"
	done
	_rc=0
	for _p in $_pids; do
		wait "$_p" || _rc=1
	done
	return $_rc
}

base=$(netns_count)
ktap_diag "baseline: $base network namespaces"

# --- 200 sandboxes, one batch run ---
i=0
while [ $i -lt 200 ]; do
	echo "sandbox add s$i"
	i=$((i + 1))
done >"$tmp/add"
check "200 sandboxes created in one batch" $NSBOX -batch "$tmp/add"
check "all 200 listed, each in its own namespace" sh -c "$NSBOX -j sandbox list | python3 -c '
import json, sys
l = json.load(sys.stdin)
assert len(l) == 200, len(l)
assert len({s[\"netns_inode\"] for s in l}) == 200
assert all(s[\"state\"] == \"ready\" for s in l)'"
check "200 more network namespaces exist" test "$(netns_count)" -ge $((base + 200))
sed 's/add/del/' "$tmp/add" >"$tmp/del"
check "200 sandboxes deleted" $NSBOX -batch "$tmp/del"
check "net_namespace count back to its baseline" wait_netns_count "$base" 60
check "the list is empty" test "$(count_sandboxes)" -eq 0

# --- show, duplicates, names ---
check "add with hostname" $NSBOX sandbox add h1 hostname box1
check "show reports the hostname" sh -c "$NSBOX -j sandbox show h1 | python3 -c '
import json, sys
s = json.load(sys.stdin)
assert s[\"hostname\"] == \"box1\" and \"uts\" in s[\"flags\"], s'"
out=$($NSBOX sandbox add h1 2>&1)
check "a duplicate name is EEXIST, said clearly" sh -c "printf '%s' \"\$1\" | grep -q 'already exists'" - "$out"
out=$($NSBOX sandbox add 'bad/name' 2>&1)
check "a bad name is refused with the rule" sh -c "printf '%s' \"\$1\" | grep -q 'A-Za-z0-9'" - "$out"
check "del" $NSBOX sandbox del h1
out=$($NSBOX sandbox del h1 2>&1)
check "del of a missing sandbox is ENOENT, said clearly" sh -c "printf '%s' \"\$1\" | grep -q 'no sandbox'" - "$out"

# --- limits ---
echo 2 >/sys/module/nsbox/parameters/max_sandboxes
$NSBOX sandbox add l1 && $NSBOX sandbox add l2
out=$($NSBOX sandbox add l3 2>&1)
check "max_sandboxes is enforced (ENOSPC)" sh -c "printf '%s' \"\$1\" | grep -q 'limit'" - "$out"
echo 65536 >/sys/module/nsbox/parameters/max_sandboxes
$NSBOX sandbox del l1 && $NSBOX sandbox del l2

# --- iproute2 interop ---
check "publish" $NSBOX sandbox add pub publish
check "ip netns list shows it" sh -c 'ip netns list | grep -qw pub'
check "ip netns exec sees only lo, up" sh -c "ip netns exec pub ip -j link show | python3 -c '
import json, sys
l = json.load(sys.stdin)
assert [d[\"ifname\"] for d in l] == [\"lo\"], l
assert \"UP\" in l[0][\"flags\"], l'"
check "ip -n works" ip -n pub addr show lo
check "inside a sandbox, no sandbox is listed" sh -c \
	"test \"\$(ip netns exec pub $NSBOX -j sandbox list)\" = '[]'"
check "del unpublishes" sh -c "$NSBOX sandbox del pub && ! test -e /run/netns/pub"

# --- events ---
$NSBOX -j monitor >"$tmp/mon" &
monpid=$!
# the monitor subscribes asynchronously: wait until it hears a probe
poll 10 sh -c "$NSBOX sandbox add ev0 && $NSBOX sandbox del ev0 && grep -q ev0 '$tmp/mon'"
$NSBOX sandbox add ev1 && $NSBOX sandbox del ev1
wait_for "monitor sees create and delete (reason request)" 10 python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
c = [e for e in ev if e["event"] == "created" and e["name"] == "ev1"]
d = [e for e in ev if e["event"] == "deleted" and e["name"] == "ev1"]
assert c and d and d[0]["reason"] == "request", ev' "$tmp/mon"
# -timestamp: each event stamped, in text local time, in JSON UTC
$NSBOX -t monitor >"$tmp/mont" &
montpid=$!
$NSBOX -j -timestamp monitor >"$tmp/monj" &
monjpid=$!
poll 10 sh -c "$NSBOX sandbox add ev2 && $NSBOX sandbox del ev2 &&
	grep -q ev2 '$tmp/mont' && grep -q ev2 '$tmp/monj'"
kill "$montpid" "$monjpid"
wait_for "monitor -timestamp stamps each event" 10 python3 -c '
import datetime, json, re, sys
text = [l for l in open(sys.argv[1]) if " ev2 " in l]
assert text and all(re.match(r"\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\] (created|deleted) ev2 ", l)
                    for l in text), text
ev = [json.loads(l) for l in open(sys.argv[2])]
ev = [e for e in ev if e["name"] == "ev2"]
now = datetime.datetime.now(datetime.timezone.utc)
for e in ev:
    t = datetime.datetime.strptime(e["time"], "%Y-%m-%dT%H:%M:%S.%fZ")
    assert abs((now - t.replace(tzinfo=datetime.timezone.utc)).total_seconds()) < 120, e
assert len(ev) >= 2, ev' "$tmp/mont" "$tmp/monj"

# --- owned sandboxes die with their socket ---
mkfifo "$tmp/batch"
$NSBOX -batch "$tmp/batch" &
batchpid=$!
exec 3>"$tmp/batch"
echo "sandbox add own1 owned" >&3
wait_for "owned sandbox exists while its socket is open" 10 \
	sh -c "$NSBOX sandbox show own1 >/dev/null"
exec 3>&-
wait "$batchpid"
wait_for "owned sandbox is gone once the socket closed" 10 \
	sh -c "! $NSBOX sandbox show own1 >/dev/null 2>&1"
wait_for "its delete event says owner-gone" 10 python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
assert [e for e in ev if e["event"] == "deleted" and e["name"] == "own1"
        and e["reason"] == "owner-gone"], ev' "$tmp/mon"
check "owned + publish is refused" sh -c "! $NSBOX sandbox add op owned publish"

# --- permissions ---
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups $NSBOX sandbox add u1 2>&1)
check "uid 65534 gets EPERM" sh -c "printf '%s' \"\$1\" | grep -qi 'not permitted'" - "$out"
check "and nothing was created" sh -c "! $NSBOX sandbox show u1 2>/dev/null"

# --- helper failures: each names its step and leaves nothing ---
check "nothing left before the fault tests" all_clean

reload helper_path=/nonexistent/nsbox-helper
out=$($NSBOX sandbox add f1 2>&1)
check "missing helper: refused, says so" sh -c "printf '%s' \"\$1\" | grep -q 'helper_path: no such file'" - "$out"

# the module trusts only a root-owned helper that nobody else may write:
# install our own copies rather than depend on the checkout's modes
cp "$fault_helper" "$tmp/fault-helper" && chmod 755 "$tmp/fault-helper"
cp "$fault_helper" "$tmp/helper" && chmod 775 "$tmp/helper"
reload helper_path="$tmp/helper"
out=$($NSBOX sandbox add f1 2>&1)
check "group-writable helper: refused, says so" sh -c "printf '%s' \"\$1\" | grep -q 'writable by group'" - "$out"

# helper_linger_ms=0: no serving helper outlives its last create, so each
# create below starts the fault helper afresh
reload helper_path="$tmp/fault-helper" helper_timeout_ms=2000 helper_linger_ms=0
check "the fault helper works when told to" sh -c "$NSBOX sandbox add f0 && $NSBOX sandbox del f0"
for fault in "exit=65:unshare" "exit=3:unexpected" "crash:signal" "silent:without reporting" "hang:within helper_timeout_ms"; do
	echo "${fault%%:*}" >/run/nsbox-fault
	out=$($NSBOX sandbox add f1 2>&1)
	if printf '%s' "$out" | grep -q "${fault#*:}" && all_clean; then
		ktap_ok "helper fault ${fault%%:*}: '${fault#*:}' reported, nothing left"
	else
		ktap_fail "helper fault ${fault%%:*}" "$out; sandboxes $(count_sandboxes), netns $(netns_count) (base $base)"
	fi
done

# the creator killed while its helper runs
rm -f /run/nsbox-fault.hung
echo hang >/run/nsbox-fault
echo 30000 >/sys/module/nsbox/parameters/helper_timeout_ms
$NSBOX sandbox add k1 &
clipid=$!
# a kill before the helper ran would prove nothing
wait_for "the creator's helper runs (and hangs)" 30 test -e /run/nsbox-fault.hung
kill -9 "$clipid"
wait "$clipid" 2>/dev/null
check "creator killed mid-create: nothing left" all_clean
rm -f /run/nsbox-fault

# A serving helper that never gets ready is killed once the create waiting
# for it times out, even while later creates keep the queue busy: those get
# a new helper. h2 is queued before h1 times out, h3 after, while h2 waits;
# the fault is gone by the time a new helper starts. One server at most
# (helper_servers=1): with more, h2 would start another, which would serve
# h1 (the case below).
rm -f /run/nsbox-fault.hung
echo hang >/run/nsbox-fault
echo 4000 >/sys/module/nsbox/parameters/helper_timeout_ms
echo 1 >/sys/module/nsbox/parameters/helper_servers
$NSBOX sandbox add h1 >"$tmp/h1" 2>&1 &
h1pid=$!
wait_for "the serving helper runs (and hangs)" 30 test -e /run/nsbox-fault.hung
$NSBOX sandbox add h2 >"$tmp/h2" 2>&1 &
h2pid=$!
rm -f /run/nsbox-fault
wait "$h1pid"
h1rc=$?
$NSBOX sandbox add h3 >"$tmp/h3" 2>&1
h3rc=$?
wait "$h2pid"
h2rc=$?
if [ "$h1rc" -ne 0 ] && grep -q "serving helper not ready within helper_timeout_ms" "$tmp/h1" &&
	[ "$h2rc" -eq 0 ] && [ "$h3rc" -eq 0 ]; then
	ktap_ok "a serving helper never ready is killed at the timeout; later creates work"
else
	ktap_fail "a serving helper never ready is killed at the timeout; later creates work" \
		"h1 $h1rc: $(cat "$tmp/h1"); h2 $h2rc: $(cat "$tmp/h2"); h3 $h3rc: $(cat "$tmp/h3")"
fi
$NSBOX sandbox del h2 >/dev/null 2>&1
$NSBOX sandbox del h3 >/dev/null 2>&1

# With two servers, one that hangs before it is ready delays no create that
# the other can serve: h4 waits for the hung one; h5, queued behind it,
# starts a second, which serves h4 and then h5; the hung one is let go once
# the queue is empty. The timeout is long: a wait for the hung server
# would fail h4 only after a minute.
rm -f /run/nsbox-fault.hung
echo hang >/run/nsbox-fault
echo 60000 >/sys/module/nsbox/parameters/helper_timeout_ms
echo 2 >/sys/module/nsbox/parameters/helper_servers
$NSBOX sandbox add h4 >"$tmp/h4" 2>&1 &
h4pid=$!
wait_for "the first serving helper runs (and hangs)" 30 test -e /run/nsbox-fault.hung
rm -f /run/nsbox-fault
$NSBOX sandbox add h5 >"$tmp/h5" 2>&1
h5rc=$?
wait "$h4pid"
h4rc=$?
if [ "$h4rc" -eq 0 ] && [ "$h5rc" -eq 0 ] && $NSBOX sandbox show h4 >/dev/null &&
	$NSBOX sandbox show h5 >/dev/null; then
	ktap_ok "a hung serving helper delays nobody: a second one serves the queue"
else
	ktap_fail "a hung serving helper delays nobody: a second one serves the queue" \
		"h4 $h4rc: $(cat "$tmp/h4"); h5 $h5rc: $(cat "$tmp/h5")"
fi
check "the hung serving helper is let go, once the queue is empty" \
	poll 30 sh -c '! pgrep -f "^sleep 1000\$" >/dev/null'
$NSBOX sandbox del h4 >/dev/null 2>&1
$NSBOX sandbox del h5 >/dev/null 2>&1

# Four clients at once, 25 creates each with a TUN and an address, served
# by the pool: every sandbox made as asked, nothing else.
reload
for c in 0 1 2 3; do
	lines 25 "sandbox add c$c-%i link tun0 type tun addr 10.$c.%i.1/24 dev tun0" >"$tmp/conc$c"
done
rc=0
clients conc 0 1 2 3 || rc=1
made=$($NSBOX sandbox list | awk '$1 ~ /^c[0-3]-[0-9]+$/' | wc -l)
last=$($NSBOX sandbox show c3-24 2>&1)
if [ "$rc" -eq 0 ] && [ "$made" -eq 100 ] && printf '%s' "$last" | grep -q "addr 10.3.24.1/24"; then
	ktap_ok "four clients at once: 100 sandboxes, each as asked"
else
	ktap_fail "four clients at once: 100 sandboxes, each as asked" \
		"rc $rc, $made made; c3-24: $last; $(cat "$tmp"/conc?.out | head -n 5)"
fi
sed 's/^sandbox add \([^ ]*\) .*/sandbox del \1/' "$tmp"/conc? | $NSBOX -batch - >/dev/null 2>&1

# Two clients creating one sandbox after another leave the queue empty
# between their creates. With one server ready (from a first create), the
# second client's first create starts a second one, slow to start here
# (a second): the first server, done with its own job, takes that one,
# and the queue is empty while the second is starting. It stays, as an
# idle server does, and the two serve all 40. Killing it instead, and
# starting another for each create that finds the first server busy, is
# what the kernel's own record of the helper's execs would show: two
# servers started, the first create's and the second, no more.
reload helper_path="$tmp/fault-helper" helper_servers=2
echo slow=1 >/run/nsbox-fault
trace=/sys/kernel/tracing
[ -e "$trace/trace" ] || mount -t tracefs nodev "$trace" 2>/dev/null
ev=$trace/events/sched/sched_process_exec
if [ -w "$ev/enable" ] && echo 'filename ~ "*/fault-helper"' >"$ev/filter" 2>/dev/null; then
	echo >"$trace/trace"
	echo 1 >"$ev/enable"
	$NSBOX sandbox add q-first
	for c in 0 1; do
		lines 20 "sandbox add q$c-%i" >"$tmp/seq$c"
	done
	rc=0
	clients seq 0 1 || rc=1
	echo 0 >"$ev/enable"
	starts=$(grep -c 'sched_process_exec:' "$trace/trace")
	echo 0 >"$ev/filter"
	ktap_diag "$starts serving helpers started"
	made=$($NSBOX sandbox list | awk '$1 ~ /^q[01]-[0-9]+$/' | wc -l)
	check "two clients, one create after another: all 40 made" \
		sh -c "[ $rc -eq 0 ] && [ $made -eq 40 ]"
	if [ "$starts" -ge 1 ] && [ "$starts" -le 2 ]; then
		ktap_ok "two clients, one create after another: served by 2 servers"
	else
		ktap_fail "two clients, one create after another: served by 2 servers" \
			"$starts serving helpers started"
	fi
	sed 's/^sandbox add \(.*\)/sandbox del \1/' "$tmp"/seq? | $NSBOX -batch - >/dev/null 2>&1
	$NSBOX sandbox del q-first
else
	ktap_skip "two clients, one create after another: all 40 made" "no sched_process_exec event"
	ktap_skip "two clients, one create after another: served by 2 servers" \
		"no sched_process_exec event"
fi
rm -f /run/nsbox-fault

# --- rmmod with live sandboxes ---
reload
i=0
while [ $i -lt 100 ]; do
	echo "sandbox add r$i"
	i=$((i + 1))
done >"$tmp/add100"
check "100 live sandboxes" sh -c "$NSBOX -batch '$tmp/add100' && test \$($NSBOX -j sandbox list | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') -eq 100"
kill "$monpid" 2>/dev/null
$NSBOX -j monitor >"$tmp/mon2" &
monpid=$!
poll 5 sh -c "$NSBOX sandbox add r-probe && $NSBOX sandbox del r-probe && grep -q r-probe '$tmp/mon2'"
check "rmmod with 100 live sandboxes" modprobe -r nsbox
check "every namespace is released" wait_netns_count "$base" 60
check "each deletion was announced: module-unload" python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
d = [e for e in ev if e["event"] == "deleted" and e["reason"] == "module-unload"]
assert len(d) == 100, len(d)' "$tmp/mon2"
check "the module loads again" modprobe nsbox

ktap_finish
