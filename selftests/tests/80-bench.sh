#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark of `make bench` (selftests/bench/bench.sh), tiny: 5
# sandboxes per measurement in 2 rounds, 5 starts of a program per
# alternative, 20 sandboxes listed, 1 and 4 clients at once, growth to 20
# sandboxes live. It must run through and print every row of
# its table and every ratio, overhead, memory, settle, list, growth,
# teardown and target line, with numbers, and leave nothing behind; sizes
# it cannot measure must be refused before anything is made. The module's own bytes per
# sandbox, read from its slab caches, must be exactly one record of each
# kind (a sandbox of the benchmark has one link, address and route).
# Timings are never checked: benchmarks are not tests.
#
# It runs on the kernel `make bench` boots, the first of scripts/kernels.sh
# (6.1), unless NSBOX_BENCH_ANY=1 asks for it here: what it checks is the
# benchmark's own code, which is the same on every kernel, and elsewhere it
# would cost 75 to 230 s a kernel of the test loop. The kernel paths it
# takes are every other test's.

. "$(dirname "$0")/../lib.sh"

# the kernel of make bench; none found (kernels.sh fails) runs it here
bench_kver=$("$(dirname "$0")/../../scripts/kernels.sh" generic 2>/dev/null | head -n 1)
[ -z "$bench_kver" ] || [ "$bench_kver" = "$(uname -r)" ] ||
	[ "$(knob NSBOX_BENCH_ANY "")" = 1 ] ||
	ktap_skip_all "the benchmark's smoke runs on the kernel make bench boots, $bench_kver"

ktap_plan 15

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# info_sandboxes: sandboxes the module holds, in all namespaces
info_sandboxes() {
	$NSBOX -j info | python3 -c 'import json, sys; print(json.load(sys.stdin)["sandboxes"])'
}

modprobe tun 2>/dev/null
base=$(netns_count)
sandboxes=$(info_sandboxes)
ktap_diag "baseline: $base network namespaces, $sandboxes sandboxes"

# refused ARGS...: bench.sh refuses these sizes (exit 2), having made nothing
refused() {
	_err=$("$(dirname "$0")/../bench/bench.sh" "$@" 2>&1 >/dev/null)
	_rc=$?
	if [ "$_rc" -ne 2 ] || [ -z "$_err" ] || [ "$(info_sandboxes)" -ne "$sandboxes" ]; then
		echo "bench.sh $*: exit $_rc: $_err"
		return 1
	fi
}
_why=
for bad in "-s create,nosuch" "-g 10,20" "-g 0,20,10" "-g 0" "-n 4 -c 1,8" "-c 0"; do
	# shellcheck disable=SC2086 # the words of bad
	_out=$(refused $bad) || _why="$_why $_out;"
done
if [ -z "$_why" ]; then
	ktap_ok "unknown sections, levels not from 0 up and more clients than sandboxes are refused"
else
	ktap_fail "unknown sections, levels not from 0 up and more clients than sandboxes are refused" "$_why"
fi

args="-n 5 -R 2 -r 5 -l 20 -d 20 -D 4 -c 1,4 -g 0,20 -t 60"
# shellcheck disable=SC2086 # the words of args
"$(dirname "$0")/../bench/bench.sh" $args >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 0 ]; then
	ktap_ok "bench.sh $args ran through"
else
	ktap_fail "bench.sh $args ran through" "exit $rc: $(tail -n 20 "$tmp/err")"
fi
ktap_diag "$(cat "$tmp/out")"

num='-?[0-9]+(\.[0-9]+)?'

# missing KIND REGEX NAME...: the NAMEs without a line "[KIND ]NAME REGEX"
missing() {
	_kind=$1
	_re=$2
	shift 2
	for _name in "$@"; do
		grep -Eq "^${_kind:+$_kind }$_name $_re\$" "$tmp/out" || printf '%s ' "$_name"
	done
}

# lines_ok DESC KIND REGEX NAME...
lines_ok() {
	_desc=$1
	shift
	_miss=$(missing "$@")
	if [ -z "$_miss" ]; then
		ktap_ok "$_desc"
	else
		ktap_fail "$_desc" "missing or not numeric: $_miss"
	fi
}

lines_ok "a table row (median, min, max, rounds, count) for every measurement" "" \
	" *$num +$num +$num +[0-9]+ +[0-9]+" \
	create_floor create_floor_same create_nsbox_batch create_nsbox_single \
	create_iproute2 create_single_static create_single_dynamic \
	delete_settle_floor delete_settle_floor_same delete_settle_nsbox delete_settle_iproute2 \
	exec_nsbox exec_ip_netns exec_nsenter exec_floor exec_api \
	exec_nsbox_noop exec_ip_netns_noop exec_nsenter_noop exec_floor_noop exec_api_noop
lines_ok "every creation and deletion row in 2 rounds of 5" "" " *$num +$num +$num +2 +5" \
	create_floor create_floor_same create_nsbox_batch create_iproute2 delete_settle_nsbox \
	concurrent1_nsbox concurrent4_nsbox concurrent1_floor concurrent4_floor
grow_rows=
for level in 0 20; do
	for what in create_nsbox delete_nsbox create_floor delete_floor; do
		grow_rows="$grow_rows grow_${what}_$level"
	done
done
lines_ok "every growth row of 5 sandboxes, at 0 and 20 live, in 2 rounds" "" \
	" *$num +$num +$num +2 +5" $grow_rows
lines_ok "a show, exec and list row at each level, in 2 rounds" "" " *$num +$num +$num +2 +1" \
	grow_show_nsbox_0 grow_show_nsbox_20 grow_exec_nsbox_0 grow_exec_nsbox_20 \
	grow_exec_floor_0 grow_exec_floor_20 grow_list_nsbox_0 grow_list_nsbox_20
lines_ok "every ratio line, median, min and max" ratio "$num $num $num" \
	batch_vs_floor batch_vs_floor_same floor_same_vs_floor single_vs_floor \
	single_vs_iproute2 single_dynamic_vs_static delete_settle_vs_floor \
	delete_settle_vs_iproute2 exec_vs_ipnetnsexec exec_vs_nsenter exec_vs_floor \
	exec_api_vs_floor exec_noop_vs_floor \
	concurrent1_vs_floor1 concurrent4_vs_floor4 speedup_4_vs_1 floor_speedup_4_vs_1 \
	create_at_20_vs_at_0 delete_at_20_vs_at_0 show_at_20_vs_at_0 exec_at_20_vs_at_0 \
	floor_create_at_20_vs_at_0 floor_delete_at_20_vs_at_0 floor_exec_at_20_vs_at_0 \
	create_at_20_vs_floor exec_at_20_vs_floor
lines_ok "every exec overhead in ms, median, min and max" overhead "$num $num $num" \
	nsbox_over_floor ip_netns_over_floor nsenter_over_floor api_over_floor \
	nsbox_noop_over_floor ip_netns_noop_over_floor nsenter_noop_over_floor \
	api_noop_over_floor
lines_ok "the memory, settle and list lines, with numbers" "" "$num" \
	"mem module_bytes_per_sandbox" "mem object_bytes_per_sandbox" \
	"mem object_bytes_over_floor_per_sandbox" "mem floor_object_bytes_per_sandbox" \
	"mem floor_same_object_bytes_per_sandbox" "mem slab_bytes_per_sandbox" \
	"mem floor_slab_bytes_per_sandbox" "settle waits" "settle nudges" \
	"list seconds_for_N" "list n" "list create_ms_per_sandbox" \
	"list delete_settle_ms_per_sandbox" "daemons n" "daemons sandboxes" \
	"daemons kthreads_before" "daemons kthreads_live" "daemons start_s_all" \
	"daemons start_ms_per_daemon" "daemons stop_s_all" "grow list_seconds_at_20" \
	"teardown nsbox_ms_per_sandbox" "teardown floor_ms_per_sandbox" "teardown vs_floor"
check "the growth levels and the teardown's count: 0 20, 20" \
	sh -c "grep -qx 'grow levels 0 20' '$tmp/out' && grep -qx 'teardown n 20' '$tmp/out'"
lines_ok "every target, met or missed" target "$num (<=|>=) $num (met|missed)" \
	batch_vs_floor single_vs_iproute2 exec_vs_ipnetnsexec exec_vs_floor \
	module_bytes_per_sandbox listed daemons_live daemons_kthreads_added \
	concurrent4_vs_floor4 speedup_4_vs_1 create_at_20_vs_at_0 show_at_20_vs_at_0 \
	list_seconds_at_20

# One record of each kind the benchmark's sandboxes have (a TUN, its
# address and a route), at the sizes the kernel gives them.
want=$(nsbox_caches | awk '$1 ~ /^nsbox_(entry|link|addr|route)$/ { t += $3 } END { print t }')
got=$(awk '$1 == "mem" && $2 == "module_bytes_per_sandbox" { print $3 }' "$tmp/out")
check "the module's own bytes per sandbox ($got) are one record of each kind ($want)" \
	test "${got:-x}" = "$want"

check "no sandbox left (info: sandboxes $sandboxes)" test "$(info_sandboxes)" -eq "$sandboxes"
check "no namespace left in /run/netns" sh -c '! ip netns list | grep -q "^b[ixz]"'
check "the network namespace count is back to its baseline ($base)" wait_netns_count "$base" 60

ktap_finish
