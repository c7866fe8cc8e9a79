#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Restart policies of daemons: a daemon that exits 1 with restart on-failure
# is started again with delays that double up to their largest, each exit
# and each restart an event, and is left failed, with the reason, once its
# starts hit the start limit; on-failure leaves a clean exit alone, always
# does not; a restarted daemon has its arguments, environment and limits
# again, in a cgroup of its own; nsbox kill stops a daemon for good, while
# a crash by another hand is restarted; sandbox del cancels a pending
# restart at once and leaves nothing, and so does rmmod, with restarts
# pending and in flight; bad words are refused.

. "$(dirname "$0")/../lib.sh"

ktap_plan 27

tmp=$(mktemp -d)
monpid=

cleanup() {
	[ -z "$monpid" ] || kill "$monpid" 2>/dev/null
	$NSBOX sandbox del rs1 2>/dev/null
	$NSBOX sandbox del rs2 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# prog NAME [SANDBOX]: the daemon's record in sandbox show, as JSON
prog() {
	$NSBOX -j sandbox show "${2:-rs1}" | python3 -c '
import json, sys
p = [p for p in json.load(sys.stdin).get("programs", []) if p.get("name") == sys.argv[1]]
print(json.dumps(p[0]) if p else "{}")' "$1"
}

# prog_is NAME PYTHON-EXPR: the expression holds of the record p
prog_is() {
	prog "$1" | python3 -c "
import json, sys
p = json.load(sys.stdin)
sys.exit(0 if ($2) else 1)"
}

# events NAME: the daemon's events so far, one JSON object a line
events() {
	python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("name") == sys.argv[2] and e["event"].startswith("prog-"):
        print(json.dumps(e))' "$tmp/mon" "$1"
}

grep -qw pids /sys/fs/cgroup/cgroup.controllers ||
	ktap_skip_all "this kernel has no pids controller"
$NSBOX sandbox add rs1 || ktap_fail "sandbox rs1"
$NSBOX -j -timestamp monitor >"$tmp/mon" &
monpid=$!
sleep 0.5

# --- on-failure: growing delays, then failed at the start limit ---
check "run restart on-failure restart-delay 100ms/300ms start-limit 5/60s" \
	$NSBOX run rs1 name crash restart on-failure restart-delay 100ms/300ms \
	start-limit 5/60s -- /bin/sh -c 'exit 1'
check "it is left failed after its limit" poll 30 prog_is crash \
	'p["state"] == "failed"'
check "sandbox show: restarts 4, the reason, the policy" sh -c \
	"$NSBOX sandbox show rs1 | grep -q 'prog crash .* state failed exit-status 256 restart on-failure restart-delay 100ms/300ms start-limit 5/60000ms restarts 4 failed \"start limit hit: 5 starts within 60000 ms\"'"
crash_events() {
	events crash | python3 -c '
import json, sys
from datetime import datetime
ev = [json.loads(l) for l in sys.stdin]
t = lambda e: datetime.fromisoformat(e["time"].rstrip("Z")).timestamp()
kinds = [(e["event"], e.get("state"), e.get("restart_in_ms"), e.get("restarts")) for e in ev]
want = [("prog-exit", "restarting", 100, 0), ("prog-restart", None, None, 1),
        ("prog-exit", "restarting", 200, 1), ("prog-restart", None, None, 2),
        ("prog-exit", "restarting", 300, 2), ("prog-restart", None, None, 3),
        ("prog-exit", "restarting", 300, 3), ("prog-restart", None, None, 4),
        ("prog-exit", "failed", None, 4)]
if kinds != want:
    sys.exit("events: %s" % kinds)
for e in ev:
    if e["event"] == "prog-exit" and e["exit_status"] != 256:
        sys.exit("exit status: %s" % e)
if "start limit hit" not in ev[-1].get("failed_reason", ""):
    sys.exit("no reason: %s" % ev[-1])
pids = [e["pid"] for e in ev if e["event"] == "prog-restart"]
if len(set(pids)) != 4:
    sys.exit("restarts reuse pids: %s" % pids)
# each restart comes no sooner than the delay its exit announced
for ex, rs in zip(ev[0::2], ev[1::2]):
    gap = (t(rs) - t(ex)) * 1000
    if gap < ex["restart_in_ms"] - 15:
        sys.exit("restarted after %.0f ms, announced %d" % (gap, ex["restart_in_ms"]))'
}
check "each exit and restart an event: delays 100, 200, 300, 300 ms, kept" \
	poll 5 crash_events

# --- on-failure and a clean exit; always ---
check "run restart on-failure of a program that exits 0" \
	$NSBOX run rs1 name clean restart on-failure -- /bin/true
check "it is not restarted: exited, restarts 0" poll 10 prog_is clean \
	'p["state"] == "exited" and p["restarts"] == 0'
# shellcheck disable=SC2016 # the daemon's shell expands these
check "run restart always, with env and args, of a program that exits 0" \
	$NSBOX run rs1 name alw restart always restart-delay 50ms start-limit 3/60s \
	log "$tmp/alw.log" env FOO=bar -- /bin/sh -c 'echo "$FOO $0 $1"; exit 0' zero one
check "always restarts it until its limit: failed, restarts 2" poll 20 prog_is alw \
	'p["state"] == "failed" and p["restarts"] == 2'
check "each run had its arguments and environment" sh -c \
	"[ \"\$(grep -c '^bar zero one\$' $tmp/alw.log)\" = 3 ]"

# --- kill: nsbox's stops it for good, another hand's is a crash ---
echo +pids >/sys/fs/cgroup/cgroup.subtree_control
check "run restart always pids 10 of a sleeper" \
	$NSBOX run rs1 name sl restart always pids 10 -- /bin/sleep 1031
poll 10 prog_is sl 'p["state"] == "running"'
pid1=$(prog sl | python3 -c 'import json, sys; print(json.load(sys.stdin)["pid"])')
cg1=$(prog sl | python3 -c 'import json, sys; print(json.load(sys.stdin)["cgroup"])')
kill -9 "$pid1"
check "killed by another hand, it is restarted: restarts 1, a new pid" poll 10 prog_is sl \
	"p['state'] == 'running' and p['restarts'] == 1 and p['pid'] != $pid1"
check "in a new cgroup with its limit; the last run's is gone" sh -c "
	cg2=\$($NSBOX -j sandbox show rs1 | python3 -c '
import json, sys
print([p for p in json.load(sys.stdin)[\"programs\"] if p.get(\"name\") == \"sl\"][0][\"cgroup\"])')
	[ \"\$cg2\" != $cg1 ] && [ \"\$(cat /sys/fs/cgroup/\$cg2/pids.max)\" = 10 ] &&
	[ ! -d /sys/fs/cgroup/$cg1 ]"
check "nsbox kill sl KILL" $NSBOX kill rs1 sl KILL
check "nsbox's kill is a stop: exited, not restarted" poll 10 prog_is sl \
	'p["state"] == "exited" and p["restarts"] == 1'
check "and no sleeper is left" poll 10 sh -c "! pgrep -f '^/bin/sleep 1031$'"

# --- a pending restart: nsbox kill, sandbox del ---
$NSBOX run rs1 name slow restart on-failure restart-delay 60s -- /bin/sh -c 'exit 3'
check "a crashed daemon waits out its delay: restarting, restart-in 60000ms" \
	poll 10 prog_is slow 'p["state"] == "restarting" and p["restart_in_ms"] == 60000'
check "nsbox kill cancels the restart: exited" sh -c \
	"$NSBOX kill rs1 slow && $NSBOX sandbox show rs1 | grep -q 'prog slow .* state exited'"
ns0=$(netns_count)
$NSBOX sandbox add rs2 || ktap_fail "sandbox rs2"
$NSBOX run rs2 name slow restart always restart-delay 60s -- /bin/true
poll 10 prog_is slow 'p["state"] == "restarting"' rs2
check "sandbox del of a sandbox whose daemon waits to restart" \
	$NSBOX sandbox del rs2
check "it is gone at once, and its namespace with it" sh -c \
	"! $NSBOX sandbox show rs2 >/dev/null 2>&1 && $NSBOX_NETNS_COUNT $ns0 10"

# --- refusals ---
check "restart sometimes is refused by nsbox" fails_with "invalid restart" \
	$NSBOX run rs1 name bad restart sometimes -- /bin/true
check "a first delay above the largest is refused by nsbox" \
	fails_with "invalid restart-delay" \
	$NSBOX run rs1 name bad restart always restart-delay 2s/1s -- /bin/true
check "a delay without restart is refused by the kernel, so named" \
	fails_with "need restart on-failure or always" \
	$NSBOX run rs1 name bad restart-delay 1s -- /bin/true

# --- rmmod: one restart pending, a crash loop starting and exiting ---
kill "$monpid" 2>/dev/null
monpid=
check "a daemon waiting 60 s to restart, and a crash loop restarting every 1 ms" sh -c "
	$NSBOX run rs1 name later restart always restart-delay 60s -- /bin/sleep 0.1 &&
	$NSBOX run rs1 name loop restart always restart-delay 1ms/1ms start-limit 1000/60s \
		-- /bin/sh -c 'exec /bin/sleep 0.01'"
poll 10 prog_is later 'p["state"] == "restarting"'
check "the loop restarts" poll 10 prog_is loop 'p["restarts"] >= 3'
check "rmmod with them" modprobe -r nsbox
check "no program is left, and nsbox loads again" sh -c \
	"! pgrep -f '^/bin/sleep 0.01\$' && modprobe nsbox"
serve_linger 0
wait_for "no sandbox or helper is left" 20 nsbox_empty

ktap_finish
