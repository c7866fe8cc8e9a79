# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# KTAP helpers for nsbox's shell selftests (selftests/tests/*.sh):
#
#	. "$(dirname "$0")/../lib.sh"
#	ktap_plan 2
#	check "loopback is up" ip link show lo up
#	check_fail "no such sandbox" "$NSBOX" sandbox del no-such-name
#	ktap_finish
#
# Plain POSIX sh, so that a test may be run by sh or by bash. Helpers keep
# their state in _ktap_* globals and their scratch values in _lib_* ones.

NSBOX=${NSBOX:-nsbox}

# Kernel log lines that fail a run: warnings, bugs, sanitizers, lockdep,
# leaked netdev references, hung tasks and RCU stalls. run_tests.sh looks
# for them after every test, run-vm.sh in the whole run's console. Most
# reports of the debug kernel (make check-debug) start with "BUG:" or
# "WARNING:"; the rest are named: reference trackers, list corruption.
# shellcheck disable=SC2034
NSBOX_SPLAT_RE='WARNING:|BUG:|Oops|Kernel panic|general protection|Call Trace|KASAN|UBSAN|kmemleak|possible (circular|recursive) locking|inconsistent lock state|unregister_netdevice: waiting for|blocked for more than|detected stall|refcount_t:'
NSBOX_SPLAT_RE="$NSBOX_SPLAT_RE|kernel BUG at|suspicious RCU usage|sleeping function called from invalid context|ref_tracker|leaked reference|list_(add|del) corruption|ODEBUG"

_ktap_n=0
_ktap_pass=0
_ktap_fail=0
_ktap_skip=0
_ktap_plan=

# Print each line of $* as a KTAP diagnostic.
ktap_diag() {
	printf '%s\n' "$*" | sed 's/^/# /'
}

ktap_plan() {
	_ktap_plan=$1
	echo "TAP version 13"
	echo "1..$1"
}

ktap_ok() {
	_ktap_n=$((_ktap_n + 1))
	_ktap_pass=$((_ktap_pass + 1))
	echo "ok $_ktap_n $1"
}

# ktap_fail DESC [WHY]
ktap_fail() {
	_ktap_n=$((_ktap_n + 1))
	_ktap_fail=$((_ktap_fail + 1))
	[ $# -lt 2 ] || ktap_diag "$2"
	echo "not ok $_ktap_n $1"
}

# ktap_skip DESC WHY
ktap_skip() {
	_ktap_n=$((_ktap_n + 1))
	_ktap_skip=$((_ktap_skip + 1))
	echo "ok $_ktap_n $1 # SKIP $2"
}

# Skip the whole test, before any plan, e.g. when a prerequisite is missing.
ktap_skip_all() {
	echo "TAP version 13"
	echo "1..0 # SKIP $1"
	exit 4
}

# Exit as run_tests.sh expects: 0 when all passed, 4 when all were skipped,
# 1 otherwise (including a plan that does not match what ran).
ktap_finish() {
	if [ -n "$_ktap_plan" ] && [ "$_ktap_n" -ne "$_ktap_plan" ]; then
		ktap_diag "planned $_ktap_plan tests but ran $_ktap_n"
		_ktap_fail=$((_ktap_fail + 1))
	fi
	echo "# Totals: pass:$_ktap_pass fail:$_ktap_fail xfail:0 xpass:0 skip:$_ktap_skip error:0"
	[ "$_ktap_fail" -eq 0 ] || exit 1
	[ "$_ktap_pass" -gt 0 ] || [ "$_ktap_skip" -eq 0 ] || exit 4
	exit 0
}

# knob NAME DEFAULT: $NAME, else NAME=VALUE from the kernel command line
# (the test VM hands its tests none of the host's environment: there, set
# it with NSBOX_VM_APPEND="NAME=VALUE"), else DEFAULT. The counts that
# scale with a tier (fuzz requests, churn seconds, kills, reloads) are
# knobs, set per tier by the Makefile.
knob() {
	eval "_lib_v=\${$1:-}"
	[ -n "$_lib_v" ] ||
		_lib_v=$(tr ' \t' '\n\n' </proc/cmdline | sed -n "s/^$1=//p" | tail -n 1)
	echo "${_lib_v:-$2}"
}

# check DESC CMD...: CMD must succeed; its output is shown only when not.
check() {
	_lib_desc=$1
	shift
	if _lib_out=$("$@" 2>&1); then
		ktap_ok "$_lib_desc"
	else
		_lib_rc=$?
		ktap_fail "$_lib_desc" "$(printf '$ %s: exit %d\n%s' "$*" "$_lib_rc" "$_lib_out")"
	fi
}

# check_fail DESC CMD...: CMD must fail.
check_fail() {
	_lib_desc=$1
	shift
	if _lib_out=$("$@" 2>&1); then
		ktap_fail "$_lib_desc" "$(printf '$ %s: succeeded\n%s' "$*" "$_lib_out")"
	else
		ktap_ok "$_lib_desc"
	fi
}

# fails_with WANT CMD...: CMD fails and its output has WANT (a grep
# pattern), a refusal for the reason the test means; prints the output
# otherwise. For check: check "DESC" fails_with WANT CMD...
fails_with() {
	_lib_want=$1
	shift
	_lib_out=$("$@" 2>&1) && { echo "succeeded: $_lib_out"; return 1; }
	printf '%s\n' "$_lib_out" | grep -q -- "$_lib_want" || { echo "$_lib_out"; return 1; }
}

# kmsg_mark [TEXT]: write a mark into the kernel log, for kmsg_since_mark.
# Tests look at their own kernel messages this way, never with dmesg -C:
# clearing the log would hide from the runner what came before.
_lib_marks=0
kmsg_mark() {
	_lib_marks=$((_lib_marks + 1))
	_lib_mark="nsbox-selftests[$$.$_lib_marks]: ${1:-mark}"
	echo "$_lib_mark" >/dev/kmsg
}

# The kernel log since the last kmsg_mark: all of it if the mark is gone,
# since then everything left is newer.
kmsg_since_mark() {
	dmesg | awk -v m="$_lib_mark" '
		{ line[n++] = $0 }
		index($0, m) { n = 0 }
		END { for (i = 0; i < n; i++) print line[i] }'
}

# Seconds since boot, in hundredths: a clock for deadlines that needs no
# date(1) extension and does not jump.
_lib_now() {
	read -r _lib_up _lib_idle </proc/uptime
	_lib_cs=${_lib_up#*.}
	# "08" would be read as a bad octal number
	_lib_now=$((${_lib_up%.*} * 100 + ${_lib_cs#0}))
}

# poll TIMEOUT CMD...: run CMD every 0.1 s until it succeeds (status 0) or
# TIMEOUT seconds have passed (status 1). The way to wait for a state;
# never sleep for one. CMD runs in a subshell, so that it may be one of
# these helpers too.
poll() {
	_lib_now
	_lib_deadline=$((_lib_now + $1 * 100))
	shift
	until ("$@"); do
		_lib_now
		[ "$_lib_now" -lt "$_lib_deadline" ] || return 1
		sleep 0.1
	done
}

# wait_for DESC TIMEOUT CMD...: a test that CMD comes to succeed in time;
# on failure, the output of one more attempt is shown.
wait_for() {
	_lib_desc=$1
	_lib_timeout=$2
	shift 2
	if poll "$_lib_timeout" "$@" >/dev/null 2>&1; then
		ktap_ok "$_lib_desc"
	else
		ktap_fail "$_lib_desc" "$(printf '$ %s: not true after %s s\n%s' \
			"$*" "$_lib_timeout" "$("$@" 2>&1)")"
	fi
}

# The helper that serves creates stays for helper_linger_ms after its last
# one, and counts as a running helper meanwhile. Tests that compare whole
# states set the linger to 0 (the server then exits once its queue is
# empty), and wait for it to be gone before they take a state.

# serve_linger MS: set helper_linger_ms, at run time
serve_linger() {
	echo "$1" >/sys/module/nsbox/parameters/helper_linger_ms
}

# procs_named COMM: whether a process of that name exists, read by the shell
# itself: pgrep takes one to two seconds under TCG, and several on the debug
# kernel.
procs_named() {
	for _lib_c in /proc/[0-9]*/comm; do
		read -r _lib_comm 2>/dev/null <"$_lib_c" || continue
		[ "$_lib_comm" != "$1" ] || return 0
	done
	return 1
}

# helper_procs: whether an nsbox-helper process exists
helper_procs() {
	procs_named nsbox-helper
}

# helpers_idle: no helper runs, and no nsbox-helper process is left
# (no python3 here: it is polled often, and python3 takes long to start
# under TCG, longer still on the debug kernel)
helpers_idle() {
	$NSBOX info | grep -qE ' helpers 0( |$)' && ! helper_procs
}

# nsbox_empty: the module holds no sandbox in any namespace and runs no
# helper, and no nsbox-helper process is left
nsbox_empty() {
	$NSBOX info | grep -Eq '^sandboxes 0([/ ]|$)' && helpers_idle
}

# The records the module holds, from the kernel's own figures: each kind
# has a slab cache named after its struct (kernel/sandbox.c, link.c), under
# its own name in /proc/slabinfo as the test VMs boot with slab_nomerge.
# Each is shrunk first, so that the free objects of a CPU's own slab are not
# counted in use. Prints "NAME ACTIVE_OBJECTS OBJECT_SIZE" per cache; fails
# if one is missing.
NSBOX_CACHES="nsbox_entry nsbox_link nsbox_addr nsbox_route nsbox_sysctl nsbox_neigh"
nsbox_caches() {
	local c

	for c in $NSBOX_CACHES; do
		echo 1 >"/sys/kernel/slab/$c/shrink" 2>/dev/null || true
	done
	awk -v want="$NSBOX_CACHES" '
		BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) need[w[i]] = 1 }
		$1 in need { print $1, $2, $4; delete need[$1] }
		END { for (c in need) { print "no slab cache " c > "/dev/stderr"; bad = 1 }
		      exit bad }' /proc/slabinfo
}

# nsbox_caches_empty: true when no cache of the module has an object in use
nsbox_caches_empty() {
	local out

	out=$(nsbox_caches) || return 1
	printf '%s\n' "$out" | awk '$2 != 0 { print; bad = 1 } END { exit bad }'
}

# Network namespaces besides the initial one that exist or are still being
# torn down, exactly (root's in the initial user namespace, which includes
# every sandbox), counted by selftests/netns/netns-count: the kernel charges
# each to user.max_net_namespaces from creation until the end of its
# teardown, and the program probes that limit (how, and why not the
# net_namespace slab: selftests/netns/netns.c). One process: in the shell,
# each probe was a fork and exec of unshare(1), seconds on the debug kernel.
#
# Afterwards the probes' namespaces are being torn down for a moment: compare
# counts with wait_netns_count rather than with one read. Nothing else may
# create a namespace meanwhile: it would meet the lowered limit.
NSBOX_NETNS_COUNT=${NSBOX_NETNS_COUNT:-${NSBOX_BUILD:-build}/bin/progs/netns-count}

netns_count() {
	"$NSBOX_NETNS_COUNT"
}

# wait_netns_count N [TIMEOUT]: wait until netns_count is N (default: 30 s);
# if it does not come, say what it was
wait_netns_count() {
	"$NSBOX_NETNS_COUNT" "$1" "${2:-30}"
}

