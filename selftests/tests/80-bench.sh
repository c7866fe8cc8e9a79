#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark of `make bench` (selftests/bench/bench.sh), tiny: 5
# sandboxes per measurement, 5 starts of a program per alternative, 20
# sandboxes listed. It must run through and print every row of its table
# and every ratio, memory, list and target line, with numbers, and leave
# nothing behind. Timings are never checked: benchmarks are not tests.

. "$(dirname "$0")/../lib.sh"

ktap_plan 8

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

"$(dirname "$0")/../bench/bench.sh" -n 5 -r 5 -l 20 -t 60 >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 0 ]; then
	ktap_ok "bench.sh -n 5 -r 5 -l 20 ran through"
else
	ktap_fail "bench.sh -n 5 -r 5 -l 20 ran through" "exit $rc: $(tail -n 20 "$tmp/err")"
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

lines_ok "a table row with numbers for every measurement" "" " *$num +[0-9]+" \
	create_floor create_nsbox_batch create_nsbox_single create_iproute2 \
	delete_settle_floor delete_settle_nsbox exec_nsbox exec_ip_netns \
	exec_nsenter exec_floor exec_api create_list_batch list_nsbox delete_settle_list \
	create_single_static create_single_dynamic
lines_ok "every ratio line, with a number" ratio "$num" \
	batch_vs_floor single_vs_floor single_vs_iproute2 exec_vs_ipnetnsexec \
	exec_vs_nsenter exec_vs_floor exec_api_vs_floor delete_settle_vs_floor \
	single_dynamic_vs_static
lines_ok "the memory and list lines, with numbers" "" "$num" \
	"mem module_bytes_per_sandbox" "mem object_bytes_per_sandbox" \
	"mem floor_object_bytes_per_sandbox" "mem slab_bytes_per_sandbox" \
	"mem floor_slab_bytes_per_sandbox" "list seconds_for_N" "list n"
lines_ok "every target, met or missed" target "$num (<=|>=) $num (met|missed)" \
	batch_vs_floor single_vs_iproute2 exec_vs_ipnetnsexec exec_vs_floor \
	module_bytes_per_sandbox listed

check "no sandbox left (info: sandboxes $sandboxes)" test "$(info_sandboxes)" -eq "$sandboxes"
check "no namespace left in /run/netns" sh -c '! ip netns list | grep -q "^b[ix]"'
check "the network namespace count is back to its baseline ($base)" wait_netns_count "$base" 60

ktap_finish
