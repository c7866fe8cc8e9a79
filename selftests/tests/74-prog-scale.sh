#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Programs at scale: a running program holds no kernel thread. 300 daemons,
# more than the 256 the module allowed while each held a worker, live at
# once in 30 sandboxes, and the count of kernel threads stays where it was
# with none; their exits still come back with their status, max_programs
# still bounds them, and deleting the sandboxes ends them all.

. "$(dirname "$0")/../lib.sh"

ktap_plan 11

DAEMONS=$(knob NSBOX_SCALE_DAEMONS 300)
SANDBOXES=30
PER=$((DAEMONS / SANDBOXES))
DAEMONS=$((PER * SANDBOXES))
MAXP=/sys/module/nsbox/parameters/max_programs
batch=$(mktemp)
old_max=$(cat "$MAXP")

cleanup() {
	local i

	echo "$old_max" >"$MAXP"
	for i in $(seq 0 $((SANDBOXES - 1))); do
		$NSBOX sandbox del "sc$i" 2>/dev/null
	done
	rm -f "$batch"
}
trap cleanup EXIT

# kthreads: the kernel threads, as the kernel flags them (PF_KTHREAD), read
# by the shell itself: the daemons are children of kthreadd as well
kthreads() {
	local f line n=0

	for f in /proc/[0-9]*/stat; do
		read -r line 2>/dev/null <"$f" || continue
		# after "pid (comm) ": state ppid pgrp session tty tpgid flags
		set -- ${line##*) }
		[ $(($7 & 0x00200000)) = 0 ] || n=$((n + 1))
	done
	echo "$n"
}

# sleepers: how many of the daemons run
sleepers() {
	local f n=0 cmd

	for f in /proc/[0-9]*/cmdline; do
		read -r -d '' cmd 2>/dev/null <"$f"
		[ "$cmd" != /bin/sleep ] || n=$((n + 1))
	done
	echo "$n"
}

all_run() {
	[ "$(sleepers)" -eq "$DAEMONS" ]
}

none_run() {
	[ "$(sleepers)" -eq 0 ]
}

d1_killed() {
	$NSBOX sandbox show sc0 | grep -Eq 'prog d1 .*exit-status 15( |$)'
}

# Settle: the helpers of earlier tests gone, workers idle. kworkers of the
# unbound pools start as a burst needs them and stay idle for minutes, so
# the slack below is for those few, not for a thread per program.
serve_linger 0
wait_for "no helper runs" 20 helpers_idle
for i in $(seq 0 $((SANDBOXES - 1))); do
	echo "sandbox add sc$i"
	for j in $(seq 1 $PER); do
		echo "run sc$i name d$j -- /bin/sleep 100000"
	done
done >"$batch"
before=$(kthreads)
ktap_diag "kernel threads before: $before"

check "$DAEMONS daemons start in $SANDBOXES sandboxes (one batch)" $NSBOX -batch "$batch"
check "all $DAEMONS run" poll 30 all_run
after=$(kthreads)
ktap_diag "kernel threads with $DAEMONS daemons: $after"
check "the kernel thread count is where it was (at most 16 more, not $DAEMONS)" \
	test "$after" -le $((before + 16))
check "sandbox show lists the daemons running" sh -c \
	"[ \$($NSBOX sandbox show sc0 | grep -c 'prog d[0-9]* .*running') -eq $PER ]"

$NSBOX kill sc0 d1 TERM
check "an exit still comes back with its status (SIGTERM)" poll 10 d1_killed

echo $((DAEMONS - 1)) >"$MAXP"
check "max_programs still bounds them" fails_with "program limit reached" \
	$NSBOX run sc0 name over -- /bin/sleep 100000
echo $DAEMONS >"$MAXP"
check "one more fits again under a raised limit" $NSBOX run sc0 name d1 -- /bin/sleep 100000
echo "$old_max" >"$MAXP"

for i in $(seq 0 $((SANDBOXES - 1))); do
	echo "sandbox del sc$i"
done >"$batch"
check "deleting the sandboxes stops them all" $NSBOX -batch "$batch"
check "no daemon is left" poll 30 none_run
wait_for "no sandbox or helper is left" 20 nsbox_empty

ktap_finish
