#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A program's cgroup v2 limits: memory, cpu, cpuweight and pids are the
# files of a cgroup of its own under nsbox/, which it and its descendants
# run in and which goes when it ends; a program that allocates past its
# memory is killed, and its exit event says out-of-memory; one that forks
# past its pids cannot; where cgroup v2 is not mounted, or a controller not
# enabled, the request fails with the step named and leaves nothing.
#
# The out-of-memory kills are meant: the runner leaves their reports out of
# its check of the kernel log.
# kmsg: oom-kill

. "$(dirname "$0")/../lib.sh"

ktap_plan 24

CG=/sys/fs/cgroup
tmp=$(mktemp -d)
monpid=
bare=

cleanup() {
	[ -z "$monpid" ] || kill "$monpid" 2>/dev/null
	$NSBOX sandbox del cg1 2>/dev/null
	[ -z "$bare" ] || { umount $CG; umount $CG; }
	rmdir $CG/nsbox-test-bare 2>/dev/null
	mountpoint -q $CG || mount -t cgroup2 cgroup2 $CG
	rm -rf "$tmp"
}
trap cleanup EXIT

# prog_cgroups: the programs' cgroups that exist now
prog_cgroups() {
	ls -d $CG/nsbox/prog-* 2>/dev/null
}

no_prog_cgroup() {
	[ -z "$(prog_cgroups)" ]
}

# cgroup_of PID: the cgroup v2 path of a process
cgroup_of() {
	sed -n 's/^0:://p' "/proc/$1/cgroup"
}

for c in memory cpu pids; do
	grep -qw "$c" $CG/cgroup.controllers ||
		ktap_skip_all "this kernel has no $c controller"
done
check "memory, cpu and pids are enabled for the root's children" \
	sh -c "echo '+memory +cpu +pids' >$CG/cgroup.subtree_control"
$NSBOX sandbox add cg1 || ktap_fail "sandbox cg1"
$NSBOX -j monitor >"$tmp/mon" &
monpid=$!

# --- the limits, as files of the program's own cgroup ---
check "run with memory, cpu, cpuweight and pids" \
	$NSBOX run cg1 name lim memory 48M cpu 20ms/100ms cpuweight 50 pids 20 -- /bin/sleep 1001
lim_pid() {
	$NSBOX -j sandbox show cg1 | python3 -c '
import json, sys
p = [p for p in json.load(sys.stdin)["programs"] if p.get("name") == "lim"][0]
assert p["state"] == "running"
print(p["pid"])'
}
poll 10 lim_pid >/dev/null
pid=$(lim_pid)
cg=$(cgroup_of "$pid")
check "it runs in a cgroup of its own under nsbox/ ($cg)" \
	sh -c "case '$cg' in /nsbox/prog-*) ;; *) exit 1 ;; esac"
check "memory.max is 48M" test "$(cat $CG$cg/memory.max)" = 50331648
check "cpu.max is 20000 100000" test "$(cat $CG$cg/cpu.max)" = "20000 100000"
check "cpu.weight is 50" test "$(cat $CG$cg/cpu.weight)" = 50
check "pids.max is 20" test "$(cat $CG$cg/pids.max)" = 20
check "sandbox show lists the limits and the cgroup" sh -c \
	"$NSBOX sandbox show cg1 | grep -q 'prog lim .* memory 50331648 cpu 20000/100000 cpuweight 50 pids 20 cgroup nsbox/prog-'"
$NSBOX kill cg1 lim TERM
check "the cgroup goes when the program ends" poll 10 test ! -d "$CG$cg"

# --- memory: past it, the out-of-memory killer ---
$NSBOX exec cg1 memory 32M -- /bin/dd if=/dev/zero of=/dev/null bs=64M count=1 \
	>/dev/null 2>"$tmp/oom"
rc=$?
check "exec allocating 64M past memory 32M is killed (137)" test "$rc" = 137
check "and nsbox exec says out-of-memory" grep -q "out-of-memory" "$tmp/oom"
check "within its memory, the same runs through" \
	$NSBOX exec cg1 memory 128M -- /bin/dd if=/dev/zero of=/dev/null bs=64M count=1
$NSBOX run cg1 name hog memory 32M -- /bin/dd if=/dev/zero of=/dev/null bs=64M count=1
hog_event() {
	python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("event") == "prog-exit" and e.get("name") == "hog":
        assert e["exit_status"] == 9 and e["oom_kills"] >= 1, e
        sys.exit(0)
sys.exit(1)' "$tmp/mon"
}
check "the daemon's exit event: killed (9), oom-kills 1" poll 20 hog_event
check "sandbox show says so too" sh -c \
	"$NSBOX sandbox show cg1 | grep -Eq 'prog hog .*exit-status 9 memory 33554432 oom-kills [1-9]'"

# --- pids: no fork past it, and its descendants go with it ---
$NSBOX exec cg1 pids 3 -- /bin/sh -c \
	'for i in 1 2 3 4 5; do /bin/sleep 1002 & done; echo started' >"$tmp/pids" 2>&1
check "a shell with pids 3 cannot fork five children" grep -qi "fork" "$tmp/pids"
check "those it could fork are killed with its cgroup" poll 10 sh -c \
	"! pgrep -f '^/bin/sleep 1002$'"
check "no program's cgroup is left" poll 10 no_prog_cgroup

# --- refusals leave nothing ---
check "cpuweight 0 is refused by nsbox" fails_with "invalid cpuweight" \
	$NSBOX exec cg1 cpuweight 0 -- /bin/true
# A hierarchy whose root enables no controller: cgroup2 mounted over
# /sys/fs/cgroup from a cgroup namespace rooted at an empty cgroup, for the
# helper (in init's mount namespace) to find there. The kernel refuses a
# file system mounted over its own root: a tmpfs goes between.
mkdir $CG/nsbox-test-bare
bare=1
sh -c "echo \$\$ >$CG/nsbox-test-bare/cgroup.procs &&
	mount -t tmpfs nsbox-test-tmp $CG &&
	exec unshare --cgroup mount -t cgroup2 nsbox-test-bare $CG"
check "pids, not enabled for the root's children: refused, the controller named" \
	fails_with "controller .* is not enabled" $NSBOX exec cg1 pids 5 -- /bin/true
umount $CG
umount $CG
bare=
rmdir $CG/nsbox-test-bare
umount $CG
check "cgroup v2 not mounted: refused, so named" \
	fails_with "cgroup v2 is not mounted" $NSBOX run cg1 name nomount memory 1M -- /bin/true
mount -t cgroup2 cgroup2 $CG
check "no program's cgroup and no program is left" sh -c \
	"[ -z \"\$(ls -d $CG/nsbox/prog-* 2>/dev/null)\" ] &&
	 ! $NSBOX sandbox show cg1 | grep -q 'state running'"
check "a program without limits has no cgroup of its own" sh -c \
	"[ \"\$($NSBOX exec cg1 -- /bin/sed -n 's/^0:://p' /proc/self/cgroup)\" = / ]"

kill "$monpid" 2>/dev/null
monpid=
check "sandbox del cg1" $NSBOX sandbox del cg1
wait_for "no sandbox or helper is left" 20 nsbox_empty

ktap_finish
