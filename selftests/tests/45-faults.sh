#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Faults: every one must end in a clean error or a complete result, and
# leave nothing behind. "Nothing" is checked with progs/nsbox-faults's
# snapshot (selftests/faults/state.c), compared whole before and after: the
# sandboxes and what nsbox recorded in them, the devices, addresses and
# routes that exist in their namespaces, the devices of the host, nsbox's
# counts (nsbox info), nsbox-helper processes, the test's programs, and the
# exact number of network namespaces.
#
# 1. Allocation failures, where the kernel can inject them (failslab,
#    fail_page_alloc, /proc/thread-self/fail-nth: the debug kernel of make
#    check-debug; elsewhere a SKIP that says why). For each request - a
#    sandbox with a hostname, a TUN, an address and a route in one request,
#    link add (tun, veth), addr add, route add, exec, info, get with
#    namespace fds, dump, del - nsbox-faults makes the 1st, 2nd, ...
#    allocation of the requesting thread fail (sendmsg, the genetlink core,
#    nsbox, what nsbox calls) until one request goes through untouched. Each
#    injected failure must give ENOMEM or ENOBUFS, or another errno with the
#    module's message, or succeed completely all the same; after each, once
#    a success is undone, the snapshot (and our fd table) must be as before.
#    The number of fault points each request passed is printed.
# 2. The creating CLI killed at random points (every kernel): `nsbox
#    sandbox add` with a link, an address and a route, and `nsbox exec S --
#    /bin/sleep 30`, SIGKILLed after delays drawn from a printed seed over
#    the time they take. A sandbox is then there complete or not at all, no
#    program is left running, no helper, and the count of namespaces is back.
# 3. The usermode-helper machinery refusing, and helpers that misbehave
#    after nsbox's checks passed (20-sandbox.sh has the helper missing,
#    group-writable, failing at each step, killed, silent and hanging): a
#    helper not executable, not root's, not a regular file; one the kernel
#    cannot execute (no valid format, a noexec mount, a missing interpreter);
#    no process can be created at all (threads-max at its minimum); and a
#    stand-in (nsbox-faults as helper) that reports garbage, a wrong UTS
#    namespace, no loopback, or reports and is then killed, fails, hangs,
#    or reports twice. Each for create, and the refusals for link add and
#    exec too.
#
# Knobs (environment, or NAME=VALUE on the kernel command line of the test
# VM: NSBOX_VM_APPEND="..."): NSBOX_FAULTS_SEED (default 20261122),
# NSBOX_FAULTS_KILLS (create kills, default 60), NSBOX_FAULTS_EXEC_KILLS
# (default 30), NSBOX_FAULTS_OPS (the requests of part 1).

. "$(dirname "$0")/../lib.sh"

here=$(cd "$(dirname "$0")/.." && pwd)
faults=${NSBOX_BUILD:-$here/../build}/bin/progs/nsbox-faults
tmp=$(mktemp -d)
flt=/run/nsbox-flt
dbg=/sys/kernel/debug
fi_saved=
linger=
reloaded=
max_netns=$(cat /proc/sys/user/max_net_namespaces)
threads_max=$(cat /proc/sys/kernel/threads-max)

fi_restore() {
	while read -r _f _v; do
		echo "$_v" >"$_f"
	done <"$tmp/fi.saved"
}

cleanup() {
	[ -z "$fi_saved" ] || fi_restore
	echo "$max_netns" >/proc/sys/user/max_net_namespaces
	echo "$threads_max" >/proc/sys/kernel/threads-max
	for s in kx flt-fix flt-new flt-del; do
		$NSBOX sandbox del "$s" >/dev/null 2>&1
	done
	if [ -n "$reloaded" ]; then
		modprobe -r nsbox && modprobe nsbox
	elif [ -n "$linger" ]; then
		serve_linger "$linger"
	fi
	umount "$flt/noexec" 2>/dev/null
	rm -rf "$flt" "$tmp"
}
trap cleanup EXIT

# microseconds, as milliseconds with one decimal
ms() {
	echo "$(($1 / 1000)).$(($1 % 1000 / 100))"
}

# uptime in seconds, for deadlines
uptime_s() {
	read -r _up _ </proc/uptime
	echo "${_up%.*}"
}

# one_of OUT TEXT...: OUT contains one of the TEXTs
one_of() {
	_o=$1
	shift
	for _t in "$@"; do
		case $_o in *"$_t"*) return 0 ;; esac
	done
	return 1
}

ops=$(knob NSBOX_FAULTS_OPS "create link-tun link-veth addr route exec info get dump" | tr , " ")
# shellcheck disable=SC2086 # a list
set -- $ops
ktap_plan $(($# + 22))

# TUN devices: without udev, /dev/net/tun appears only with the module
modprobe tun 2>/dev/null

# the serving helper exits as soon as its queue is empty, and the baseline
# is taken without it
linger=$(cat /sys/module/nsbox/parameters/helper_linger_ms)
serve_linger 0
poll 30 helpers_idle
"$faults" state >"$tmp/base" || ktap_diag "no snapshot: $(cat "$tmp/base")"
ktap_diag "baseline: $(grep '^netns' "$tmp/base") network namespaces, $(grep -c '^host dev' "$tmp/base") host devices"

# --- 1. allocation failures, one fault point after the other ---

t0=$(uptime_s)
if [ -e /proc/thread-self/fail-nth ] && [ -d $dbg/failslab ] && [ -d $dbg/fail_page_alloc ]; then
	# Every allocation of the thread counts, sleeping ones and user pages
	# included; never at random (probability 0); no report in the kernel
	# log, which would read as a splat.
	for f in failslab/ignore-gfp-wait failslab/verbose failslab/probability \
		fail_page_alloc/ignore-gfp-wait fail_page_alloc/ignore-gfp-highmem \
		fail_page_alloc/min-order fail_page_alloc/verbose fail_page_alloc/probability; do
		echo "$dbg/$f $(cat "$dbg/$f")"
	done >"$tmp/fi.saved"
	fi_saved=1
	for d in failslab fail_page_alloc; do
		echo N >"$dbg/$d/ignore-gfp-wait"
		echo 0 >"$dbg/$d/verbose"
		echo 0 >"$dbg/$d/probability"
	done
	echo N >$dbg/fail_page_alloc/ignore-gfp-highmem
	echo 0 >$dbg/fail_page_alloc/min-order

	for op in $ops; do
		"$faults" inject "$op" >"$tmp/inject" 2>&1
		rc=$?
		grep -v '^PASS \|^FAIL ' "$tmp/inject" | sed 's/^/# /'
		summary=$(sed -n "s/^\(PASS\|FAIL\) $op: //p" "$tmp/inject")
		if [ $rc -eq 0 ]; then
			ktap_ok "allocation failures in $op: $summary, each clean, nothing left"
		else
			ktap_fail "allocation failures in $op${summary:+: $summary}" "exit status $rc"
		fi
	done
	fi_restore
	fi_saved=
else
	for op in $ops; do
		ktap_skip "allocation failures in $op" \
			"no fault injection in this kernel (failslab, fail_page_alloc, fail-nth: make check-debug)"
	done
fi

ktap_diag "part 1: $(($(uptime_s) - t0)) s"

# --- 2. the creating CLI killed at random points ---

t0=$(uptime_s)
seed=$(knob NSBOX_FAULTS_SEED 20261122)
clauses="link tun0 type tun addr 10.77.0.1/24 dev tun0 route 10.78.0.0/16 via 10.77.0.2 dev tun0"

# killafter [-w] USECS CMD...: run CMD, SIGKILL it after USECS (-w: once
# a "sleep 30" runs) and set end (killed, exit=N, signal=N), us (when),
# running and helpers (how many "sleep 30" and helpers ran at the kill),
# started (-w: when the first "sleep 30" did) and sys (the system call CMD
# was in at the kill, -1 if none)
killafter() {
	"$faults" killafter "$@" >"$tmp/killafter"
	read -r end us running started helpers sys <"$tmp/killafter"
}

# random points: N numbers from 0 to 999999 (millionths of a span), from SEED
points() {
	awk -v seed="$1" -v n="$2" \
		'BEGIN { srand(seed); for (i = 0; i < n; i++) printf "%d\n", rand() * 1000000 }'
}

# The kills are spread over a span a little longer than the measured time
# of what they interrupt. That time changes under load (the debug kernel's
# scans of /proc slow the measurement itself), so each kill's outcome
# corrects the estimate: a kill that came too late shows the work took at
# most its delay, one that came too early that it took longer.
# shorter D: the estimate down to D if D is below it
shorter() {
	[ "$1" -ge "$est_us" ] || est_us=$1
}

# longer D: the estimate up to D if D is above it
longer() {
	[ "$1" -le "$est_us" ] || est_us=$1
}

# What the checks below need of the kills. Each loop has a time budget,
# but goes on past it, up to all its kills, until it has that many: a slow
# kernel (the debug tier) takes longer rather than failing.
min_creates=15 min_inflight=5
min_execs=10 min_each_side=2

# median N...: the middle one of three numbers
median() {
	printf '%s\n' "$@" | sort -n | sed -n 2p
}

# how long a create takes: the median of three, in microseconds
t=
for _ in 1 2 3; do
	# shellcheck disable=SC2086 # clauses are words
	killafter 60000000 $NSBOX sandbox add kprobe $clauses
	[ "$end" = exit=0 ] && t="$t $us"
	$NSBOX sandbox del kprobe >/dev/null 2>&1
done
# shellcheck disable=SC2086
create_us=$(median $t)
kills=$(knob NSBOX_FAULTS_KILLS 60)
est_us=${create_us:=0}
ktap_diag "a create takes $(ms "$create_us") ms (the median of three);"
ktap_diag "killing creates after random delays up to 5/4 of that, corrected as they land, seed $seed"

poll 30 helpers_idle
"$faults" state >"$tmp/base2"
deadline=$(($(uptime_s) + 50))
i=0 interrupted=0 late=0 finished=0 inflight=0 inhelper=0 bad=
for p in $(points "$seed" "$kills"); do
	[ "$(uptime_s)" -lt "$deadline" ] || [ "$i" -lt "$min_creates" ] ||
		[ "$inflight" -lt "$min_inflight" ] || break
	i=$((i + 1))
	d=$((p * est_us * 5 / 4 / 1000000))
	# shellcheck disable=SC2086
	killafter "$d" $NSBOX sandbox add "k$i" $clauses
	how="$end after $(ms "$us") ms, the kill due after $(ms "$d") ms"
	if ! out=$("$faults" outcome "k$i" 1 1 1 "$tmp/base2" 2>&1); then
		bad="$bad; k$i ($how): $out"
		break
	fi
	case $end:$out in
	killed:absent)
		interrupted=$((interrupted + 1))
		# in sendmsg (46) or sendto (44): in the request, which nsbox
		# handles in the sender's context
		case $sys in 44 | 46) inflight=$((inflight + 1)) ;; esac
		[ "$helpers" -eq 0 ] || inhelper=$((inhelper + 1))
		longer "$d"
		;;
	killed:complete)
		late=$((late + 1))
		shorter "$d"
		;;
	exit=0:complete)
		finished=$((finished + 1))
		shorter "$us"
		;;
	*) bad="$bad; k$i: $how, but the sandbox is $out" ;;
	esac
done
ktap_diag "$i creates: $interrupted killed before they were done ($inflight of them in their request, $inhelper while their helper ran), $late killed once done, $finished finished first"
ktap_diag "a create took about $(ms "$est_us") ms by the end"
if [ -z "$bad" ] && [ "$i" -ge "$min_creates" ]; then
	ktap_ok "creating CLI killed at $i random points: all or nothing, nothing left"
else
	ktap_fail "creating CLI killed at $i random points: all or nothing, nothing left" "${bad#; }"
fi
check "kills landed in the create request ($inflight)" test "$inflight" -ge "$min_inflight"

# exec: the program must never be left running
$NSBOX sandbox add kx link tun0 type tun >/dev/null
poll 30 helpers_idle
"$faults" state >"$tmp/base3"
t=
for _ in 1 2 3; do
	killafter -w 60000000 "$NSBOX" exec kx -- /bin/sleep 30
	t="$t $started"
	"$faults" settle "$tmp/base3" 30 >/dev/null
done
# shellcheck disable=SC2086
start_us=$(median $t)
kills=$(knob NSBOX_FAULTS_EXEC_KILLS 30)
est_us=${start_us:=0}
ktap_diag "an exec's program runs after $(ms "$start_us") ms; killing the CLI after random delays up to 3/2 of that, corrected as they land"
deadline=$(($(uptime_s) + 25))
i=0 before=0 after=0 bad=
for p in $(points $((seed + 1)) "$kills"); do
	[ "$(uptime_s)" -lt "$deadline" ] || [ "$i" -lt "$min_execs" ] ||
		[ "$before" -lt "$min_each_side" ] || [ "$after" -lt "$min_each_side" ] || break
	i=$((i + 1))
	d=$((p * est_us * 3 / 2 / 1000000))
	killafter "$d" "$NSBOX" exec kx -- /bin/sleep 30
	how="$end after $(ms "$us") ms, the kill due after $(ms "$d") ms"
	if [ "$end" != killed ]; then
		bad="$bad; exec $i ended by itself ($how)"
	elif [ "$running" -gt 0 ]; then
		after=$((after + 1))
		shorter "$d"
	else
		before=$((before + 1))
		longer "$d"
	fi
	if ! why=$("$faults" settle "$tmp/base3" 30 2>&1); then
		bad="$bad; after exec $i ($how): $why"
		break
	fi
done
ktap_diag "$i execs killed: $before before the program ran, $after while it ran"
ktap_diag "the program ran after about $(ms "$est_us") ms by the end"
if [ -z "$bad" ] && [ "$i" -ge "$min_execs" ]; then
	ktap_ok "exec's CLI killed at $i random points: no program, no helper left"
else
	ktap_fail "exec's CLI killed at $i random points: no program, no helper left" "${bad#; }"
fi
check "kills landed before and after the program started ($before, $after)" \
	test "$before" -ge "$min_each_side" -a "$after" -ge "$min_each_side"
$NSBOX sandbox del kx >/dev/null
check "nothing left after the kills" "$faults" settle "$tmp/base" 30

ktap_diag "part 2: $(($(uptime_s) - t0)) s"

# --- 3. the usermode-helper machinery refusing; helpers misbehaving ---

t0=$(uptime_s)
# The module takes helper_path at load: point it at a symlink in $flt,
# then swap what the symlink names. The stand-in is nsbox-faults itself,
# copied so that it is root's and nobody else may write it; in mode "real"
# it execs the real helper.
mkdir -p "$flt/noexec"
cp "$faults" "$flt/nsbox-faults" && chmod 755 "$flt/nsbox-faults"
echo real >"$flt/mode"
ln -s nsbox-faults "$flt/flt-helper"
helper_to() {
	ln -sfn "$1" "$flt/flt-helper"
}
reloaded=1
check "nsbox loaded with the test's helper" sh -c \
	"modprobe -r nsbox && modprobe nsbox helper_path=$flt/flt-helper helper_serve=0"
$NSBOX sandbox add flt-fix link tun0 type tun >/dev/null
"$faults" state >"$tmp/base4"

# refused CASE TEXT...: create, link add and exec all fail saying one of
# TEXTs, and leave nothing
refused() {
	_case=$1
	shift
	_bad=
	for _cmd in "sandbox add r1" "link add flt-fix r1 type tun" "exec flt-fix -- /bin/true"; do
		# shellcheck disable=SC2086
		_out=$($NSBOX $_cmd 2>&1) && _bad="$_bad; $_cmd succeeded"
		one_of "$_out" "$@" || _bad="$_bad; $_cmd: $_out"
	done
	_why=$("$faults" settle "$tmp/base4" 30 2>&1) || _bad="$_bad; $_why"
	if [ -z "$_bad" ]; then
		ktap_ok "$_case: create, link add, exec refused, nothing left"
	else
		ktap_fail "$_case: create, link add, exec refused, nothing left" "${_bad#; }"
	fi
}

cp "$flt/nsbox-faults" "$flt/no-x" && chmod 644 "$flt/no-x"
helper_to no-x
refused "a helper that is not executable" "helper_path: not executable"
cp "$flt/nsbox-faults" "$flt/not-root" && chown 65534 "$flt/not-root"
helper_to not-root
refused "a helper not owned by root" "helper_path: not owned by root"
mkdir "$flt/a-dir"
helper_to a-dir
refused "a helper that is a directory" "helper_path: not a regular file"

# the kernel's exec refuses what nsbox's own checks let through
printf 'not a program\n' >"$flt/garbage" && chmod 755 "$flt/garbage"
helper_to garbage
refused "a helper of no executable format" "helper could not be executed (Exec format error)"
mount -t tmpfs -o noexec tmpfs "$flt/noexec"
cp "$flt/nsbox-faults" "$flt/noexec/helper"
helper_to noexec/helper
refused "a helper on a noexec mount" "helper could not be executed (Permission denied)"
printf '#!/nonexistent/interpreter\n' >"$flt/no-interp" && chmod 755 "$flt/no-interp"
helper_to no-interp
refused "a helper whose interpreter is missing" "helper could not be executed (No such file or directory)"
helper_to nsbox-faults

# no process at all: the helper cannot be started (EAGAIN), or the work
# that starts it waits for a worker thread past the timeout
echo 3000 >/sys/module/nsbox/parameters/helper_timeout_ms
# a skip of one op leaves the other's failure, and what settle finds, failures
bad= skipped=
for op in create exec; do
	out=$("$faults" request --nofork "$op" 2>&1)
	case $out in
	SKIP*) skipped="$skipped $op" ;;
	*"helper could not be executed"* | *"within helper_timeout_ms"*) ;;
	*) bad="$bad; $op: $out" ;;
	esac
	ktap_diag "no process can be created: $op: $out"
done
why=$("$faults" settle "$tmp/base4" 30 2>&1) || bad="$bad; $why"
if [ -n "$bad" ]; then
	ktap_fail "no process can be created: create and exec refused, nothing left" "${bad#; }"
elif [ -n "$skipped" ]; then
	ktap_skip "no process can be created: create and exec refused, nothing left" \
		"threads-max cannot go below the threads there are (for$skipped)"
else
	ktap_ok "no process can be created: create and exec refused, nothing left"
fi

# stand-in helpers, past every check, from the very process nsbox launched
echo 2000 >/sys/module/nsbox/parameters/helper_timeout_ms
for c in "garbage:reports refused, then exits 0:exited without reporting a namespace" \
	"wrong-uts:reports a UTS fd not its own:exited without reporting a namespace" \
	"lo-down:reports a namespace without loopback:did not bring loopback up" \
	"report-kill:reports, then is killed:killed by a signal" \
	"report-exit:reports, then exits 3:unexpected non-zero status" \
	"report-hang:reports, then hangs:did not finish within helper_timeout_ms" \
	"report-twice:reports twice:"; do
	mode=${c%%:*}
	rest=${c#*:}
	desc=${rest%%:*}
	want=${rest#*:}
	echo "$mode" >"$flt/mode"
	: >"$flt/log"
	bad=
	if out=$($NSBOX sandbox add g1 hostname g1host 2>&1); then
		if [ -n "$want" ]; then
			bad="created"
		else
			why=$("$faults" complete g1 0 0 0 2>&1) || bad="incomplete: $why"
		fi
		$NSBOX sandbox del g1 >/dev/null 2>&1
	elif [ -z "$want" ] || ! one_of "$out" "$want"; then
		bad="$out"
	fi
	grep -qx "$mode ok" "$flt/log" || bad="$bad; its log: $(cat "$flt/log")"
	why=$("$faults" settle "$tmp/base4" 30 2>&1) || bad="$bad; $why"
	if [ -z "$bad" ]; then
		ktap_ok "helper $mode ($desc): ${want:-a sandbox}, nothing left"
	else
		ktap_fail "helper $mode ($desc)" "$bad"
	fi
done
echo real >"$flt/mode"

$NSBOX sandbox del flt-fix >/dev/null
ktap_diag "part 3: $(($(uptime_s) - t0)) s"
reloaded=
check "nsbox loaded again as it was" sh -c "modprobe -r nsbox && modprobe nsbox"
check "nothing left: the state is the baseline" "$faults" settle "$tmp/base" 30

ktap_finish
