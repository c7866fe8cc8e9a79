#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh [ -n N ] [ -r RUNS ] [ -l LIST_N ] [ -t TIMEOUT_S ] [ -p ]
#
# nsbox's benchmark (issue 7), run by `make bench` in the test VM and, with
# small numbers, by tests/80-bench.sh. Needs root, the nsbox module and
# tun loaded, nsbox on the PATH and the programs of selftests/bench/ built
# in $NSBOX_BUILD/bin/bench (default build/bin/bench of the repository).
#
# Each sandbox is a network namespace with loopback up, a persistent TUN
# device tun0 with MTU 1400, up, with 10.A.B.1/24 and a route to
# 172.16.0.0/12 via 10.A.B.2. Made, side by side in one run:
#
#   create_floor          by one C process with raw syscalls (floor.c)
#   create_nsbox_batch    by one `nsbox -batch` of N `sandbox add` lines
#   create_nsbox_single   by one `nsbox sandbox add` command per sandbox
#   create_iproute2       by `ip netns add` and five `ip -n` commands
#   create_single_static, create_single_dynamic
#                         as create_nsbox_single, with the CLI linked
#                         statically and with a dynamic libc (nsbox-static
#                         and nsbox-dynamic of $bin), in interleaved rounds
#   delete_settle_*       deleting them all until the net_namespace slab is
#                         back at its baseline (slab.c): one nsbox batch, or
#                         the floor closing its namespace files
#   exec_*                RUNS starts of /bin/true in a sandbox: nsbox exec,
#                         ip netns exec, nsenter (each spawned by spawn.c),
#                         setns+fork+exec (exec_floor.c), the nsbox family's
#                         PROG_EXEC from a running client (exec_api.c)
#   list_nsbox            `nsbox -j sandbox list` of LIST_N sandboxes
#
# and the memory per sandbox of the batch and of the floor: the growth of
# the slab objects in use (bench.h), of Slab and the drop of MemAvailable
# (/proc/meminfo). What nsbox itself takes per sandbox is the difference of
# the first. Defaults: N 1000, RUNS 200, LIST_N 10000, TIMEOUT_S (the
# longest wait for a teardown) 600. -p also profiles, after the
# measurements, the batch, the floor and the single commands with perf.
#
# Standard output: the table (name, mean ms per operation, count), then
# "ratio NAME VALUE", "mem NAME BYTES", "list NAME VALUE" and "target NAME
# VALUE OP GOAL met|missed" lines. Progress goes to standard error. Missed
# targets are no failure; a failed command or a wrong count is, and so is
# anything left behind.

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${NSBOX_BUILD:-$here/../../build}
bin=$build/bin/bench
NSBOX=${NSBOX:-nsbox}

n=1000
runs=200
list_n=10000
timeout=600
profile=
while getopts n:r:l:t:p opt; do
	case $opt in
	n) n=$OPTARG ;;
	r) runs=$OPTARG ;;
	l) list_n=$OPTARG ;;
	t) timeout=$OPTARG ;;
	p) profile=1 ;;
	*) exit 2 ;;
	esac
done
for v in "$n" "$runs" "$list_n" "$timeout"; do
	case $v in
	'' | *[!0-9]* | 0) echo "bench: bad number '$v'" >&2 && exit 2 ;;
	esac
done
# addresses 10.A.B.1 and names are unique up to 65536
if [ "$n" -gt 65536 ] || [ "$list_n" -gt 65536 ]; then
	echo "bench: at most 65536 sandboxes" >&2
	exit 2
fi

tmp=$(mktemp -d)
results=$tmp/results

say() {
	echo "# $*" >&2
}

fail() {
	echo "bench: $*" >&2
	exit 1
}

# Everything the benchmark may have left, by name: sandboxes bb*, bs*, bx*
# and bl*, iproute2 namespaces bi*.
leftovers() {
	{ $NSBOX sandbox list 2>/dev/null || true; } |
		awk '$1 ~ /^b[bsxl][0-9]*$/ { print $1 }'
	{ ip netns list 2>/dev/null || true; } | awk '$1 ~ /^bi[0-9]+$/ { print "ip", $1 }'
}

cleanup() {
	local left

	left=$(leftovers)
	if [ -n "$left" ]; then
		printf '%s\n' "$left" | awk '$1 != "ip" { print "sandbox del", $1 }' |
			$NSBOX -force -batch - >/dev/null 2>&1
		printf '%s\n' "$left" | awk '$1 == "ip" { print "netns del", $2 }' |
			ip -force -batch - >/dev/null 2>&1
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

# row NAME MS_PER_OP COUNT
row() {
	echo "$1 $2 $3" >>"$tmp/rows"
}

# value NAME: the ms per operation of a row
value() {
	awk -v k="$1" '$1 == k { print $2 }' "$tmp/rows"
}

# lines COUNT FORMAT: FORMAT for sandbox 0 to COUNT - 1, with %i replaced by
# its number I and %a.%b by A.B of its addresses (I / 256, I % 256)
lines() {
	FMT=$2 awk -v count="$1" 'BEGIN {
		for (i = 0; i < count; i++) {
			s = ENVIRON["FMT"]
			gsub(/%i/, i, s)
			gsub(/%a/, int(i / 256) % 256, s)
			gsub(/%b/, i % 256, s)
			print s
		}
	}'
}

# per_op TOTAL_MS COUNT
per_op() {
	awk -v t="$1" -v n="$2" 'BEGIN { printf "%.3f", t / n }'
}

# Measurements made in rounds, so that a change of the machine's load
# weighs on all alternatives alike.
# round_size I ROUNDS TOTAL: how many of TOTAL round I does (the first
# takes the remainder)
round_size() {
	echo $(($3 / $2 + ($1 == 0 ? $3 % $2 : 0)))
}

# rounds_mean FILE KEY: the mean ms per operation over the rounds of KEY,
# FILE's lines being "KEY MEAN_MS COUNT"
rounds_mean() {
	awk -v k="$2" '$1 == k { t += $2 * $3; c += $3 } END { printf "%.3f", t / c }' "$1"
}

clauses='link tun0 type tun mtu 1400 addr 10.%a.%b.1/24 dev tun0 route 172.16.0.0/12 via 10.%a.%b.2 dev tun0'

# count_sandboxes PREFIX: live nsbox sandboxes named PREFIX and a number
count_sandboxes() {
	$NSBOX sandbox list | awk -v p="$1" '$1 ~ "^" p "[0-9]+$"' | wc -l
}

# memory: "SLAB_OBJECT_BYTES MEMAVAILABLE_KB SLAB_KB"
memory() {
	echo "$("$bin/slab" bytes)" "$(awk '$1 == "MemAvailable:" { a = $2 }
		$1 == "Slab:" { s = $2 } END { print a, s }' /proc/meminfo)"
}

# helpers_gone: wait until no helper runs, the serving one included (it
# lingers helper_linger_ms after its last create): memory is measured
# without it, as it is no sandbox's
helpers_gone() {
	local i
	for ((i = 0; i < 300; i++)); do
		"$NSBOX" -j info | grep -q '"helpers": *0[,}]' &&
			! pgrep -f nsbox-helper >/dev/null && return 0
		sleep 0.1
	done
	fail "a helper still runs 30 s after the last request"
}

# The mean ms of a measurement's output "MEAN_MS COUNT", or for settle's
# "COMMAND_MS TOTAL_MS" the total; a failed measurement ends the benchmark.
first() {
	echo "${1%% *}"
}
second() {
	echo "${1##* }"
}

[ -e /dev/net/tun ] || fail "no /dev/net/tun (modprobe tun)"
[ -z "$(leftovers)" ] || fail "sandboxes or namespaces of an earlier run exist: $(leftovers | tr '\n' ' ')"
# Every teardown is waited for until the slab is back here: each
# measurement starts from the same state and none pays for the one before.
base=$("$bin/slab" count)
say "N $n, exec runs $runs, list $list_n; net_namespace slab: $base objects"

# The programs once each, untimed: in the test VM their first run reads
# them over 9p.
"$NSBOX" info >/dev/null
ip -V >/dev/null
nsenter -V >/dev/null
/bin/true

# --- (d), (e), (g): the floor ---
say "floor: $n sandboxes"
"$bin/floor" "$n" "$timeout" >"$tmp/floor"
floor() {
	awk -v k="$1" '$1 == k { print $2 }' "$tmp/floor"
}
row create_floor "$(floor create_ms)" "$n"
row delete_settle_floor "$(per_op "$(floor delete_ms)" "$n")" "$n"

# --- (b), (e), (g): nsbox, one batch ---
lines "$n" "sandbox add bb%i $clauses" >"$tmp/add-bb"
lines "$n" "sandbox del bb%i" >"$tmp/del-bb"
say "nsbox batch: $n sandboxes"
helpers_gone
mem0=$(memory)
out=$("$bin/spawn" -- "$NSBOX" -batch "$tmp/add-bb")
helpers_gone
mem1=$(memory)
got=$(count_sandboxes bb)
[ "$got" -eq "$n" ] || fail "nsbox batch: $got sandboxes, not $n"
row create_nsbox_batch "$(per_op "$(first "$out")" "$n")" "$n"
# the last one as asked
last=$((n - 1))
a=$(lines "$n" '10.%a.%b' | tail -n 1)
show=$("$NSBOX" sandbox show "bb$last")
grep -q "link tun0 .*mtu 1400 .*addr $a.1/24" <<<"$show" ||
	fail "nsbox batch: bb$last has no tun0 with MTU 1400 and $a.1/24: $show"
grep -q "route 172.16.0.0/12 via $a.2 dev tun0" <<<"$show" ||
	fail "nsbox batch: bb$last has no route to 172.16.0.0/12: $show"
say "nsbox batch: deleting"
out=$("$bin/slab" wait "$base" "$timeout" "$NSBOX" -batch "$tmp/del-bb")
row delete_settle_nsbox "$(per_op "$(second "$out")" "$n")" "$n"
[ "$(count_sandboxes bb)" -eq 0 ] || fail "nsbox batch: sandboxes left after the deletion"

# --- (a): nsbox, one command per sandbox ---
lines "$n" "$NSBOX sandbox add bs%i $clauses" >"$tmp/add-bs"
lines "$n" "sandbox del bs%i" >"$tmp/del-bs"
say "nsbox single: $n sandboxes"
out=$("$bin/spawn" -f "$tmp/add-bs")
got=$(count_sandboxes bs)
[ "$got" -eq "$n" ] || fail "nsbox single: $got sandboxes, not $n"
row create_nsbox_single "$(first "$out")" "$n"
say "nsbox single: deleting"
"$bin/slab" wait "$base" "$timeout" "$NSBOX" -batch "$tmp/del-bs" >/dev/null
[ "$(count_sandboxes bs)" -eq 0 ] || fail "nsbox single: sandboxes left after the deletion"

# --- the CLI linked statically and with a dynamic libc (README, "Linking") ---
# The same single creates with each build, in interleaved rounds so that a
# change of load weighs on both alike; each round's sandboxes are deleted
# before the next.
rounds=4
[ "$n" -ge "$rounds" ] || rounds=$n
say "linking: $n single creates with each build, in $rounds rounds"
: >"$tmp/link"
for ((r = 0; r < rounds; r++)); do
	chunk=$(round_size "$r" "$rounds" "$n")
	for how in static dynamic; do
		lines "$chunk" "$bin/nsbox-$how sandbox add bs%i $clauses" >"$tmp/add-$how"
		out=$("$bin/spawn" -f "$tmp/add-$how")
		echo "$how $out" >>"$tmp/link"
		got=$(count_sandboxes bs)
		[ "$got" -eq "$chunk" ] || fail "linking: $got sandboxes, not $chunk"
		lines "$chunk" "sandbox del bs%i" >"$tmp/del-link"
		"$bin/slab" wait "$base" "$timeout" "$NSBOX" -batch "$tmp/del-link" >/dev/null
	done
done
for how in static dynamic; do
	row "create_single_$how" "$(rounds_mean "$tmp/link" "$how")" "$n"
done

# --- (c): the iproute2 script ---
lines "$n" 'ip netns add bi%i
ip -n bi%i link set lo up
ip -n bi%i tuntap add dev tun0 mode tun
ip -n bi%i link set tun0 mtu 1400 up
ip -n bi%i addr add 10.%a.%b.1/24 dev tun0
ip -n bi%i route add 172.16.0.0/12 via 10.%a.%b.2 dev tun0' >"$tmp/add-bi"
lines "$n" 'netns del bi%i' >"$tmp/del-bi"
say "iproute2: $n sandboxes"
out=$("$bin/spawn" -f "$tmp/add-bi" -g 6)
got=$(ip netns list | awk '$1 ~ /^bi[0-9]+$/' | wc -l)
[ "$got" -eq "$n" ] || fail "iproute2: $got namespaces, not $n"
ip -n "bi$last" route show | grep -q "^172.16.0.0/12 via $a.2 dev tun0" ||
	fail "iproute2: bi$last has no route to 172.16.0.0/12"
row create_iproute2 "$(first "$out")" "$n"
say "iproute2: deleting"
"$bin/slab" wait "$base" "$timeout" ip -batch "$tmp/del-bi" >/dev/null

# --- (f): starting a program ---
say "exec: $runs runs each"
# published, for ip netns exec and nsenter
"$NSBOX" sandbox add bx publish link tun0 type tun mtu 1400 \
	addr 10.255.0.1/24 dev tun0 route 172.16.0.0/12 via 10.255.0.2 dev tun0
exec_alts=(exec_nsbox exec_ip_netns exec_nsenter exec_floor exec_api)
exec_cmd() {
	case $1 in
	exec_nsbox) "$bin/spawn" -r "$2" -- "$NSBOX" exec bx -- /bin/true ;;
	exec_ip_netns) "$bin/spawn" -r "$2" -- ip netns exec bx /bin/true ;;
	exec_nsenter) "$bin/spawn" -r "$2" -- nsenter --net=/run/netns/bx /bin/true ;;
	exec_floor) "$bin/exec_floor" /run/netns/bx "$2" /bin/true ;;
	exec_api) "$bin/exec_api" bx "$2" /bin/true ;;
	esac
}
for alt in "${exec_alts[@]}"; do
	exec_cmd "$alt" 1 >/dev/null
done
# In rounds, so that a change of the machine's load meanwhile weighs on all
# alternatives alike. The host's load changes within seconds, about the time
# of 40 runs (with 5 rounds of 40, exec_vs_ipnetnsexec of the same code was
# 0.48 in one run of this benchmark and 0.55 in another): rounds of 10 runs, at
# most 20 rounds, leave a burst of load less room to fall on one of them.
rounds=$((runs / 10))
[ "$rounds" -ge 1 ] || rounds=1
[ "$rounds" -le 20 ] || rounds=20
for ((i = 0; i < rounds; i++)); do
	chunk=$(round_size "$i" "$rounds" "$runs")
	for alt in "${exec_alts[@]}"; do
		out=$(exec_cmd "$alt" "$chunk")
		echo "$alt $out" >>"$tmp/exec"
	done
done
for alt in "${exec_alts[@]}"; do
	row "$alt" "$(rounds_mean "$tmp/exec" "$alt")" "$runs"
done
"$NSBOX" sandbox del bx
"$bin/slab" wait "$base" "$timeout" >/dev/null

# --- (h): listing ---
lines "$list_n" 'sandbox add bl%i' >"$tmp/add-bl"
lines "$list_n" 'sandbox del bl%i' >"$tmp/del-bl"
say "list: creating $list_n sandboxes"
out=$("$bin/spawn" -- "$NSBOX" -batch "$tmp/add-bl")
row create_list_batch "$(per_op "$(first "$out")" "$list_n")" "$list_n"
say "list: listing"
out=$("$bin/spawn" -r 3 -o "$tmp/list.json" -- "$NSBOX" -j sandbox list)
got=$(python3 -c 'import json, re, sys
print(sum(1 for s in json.load(open(sys.argv[1])) if re.fullmatch("bl[0-9]+", s["name"])))' \
	"$tmp/list.json") || fail "list: the output of nsbox -j sandbox list does not parse"
[ "$got" -eq "$list_n" ] || fail "list: $got sandboxes listed, not $list_n"
row list_nsbox "$(first "$out")" "$list_n"
say "list: deleting"
out=$("$bin/slab" wait "$base" "$timeout" "$NSBOX" -batch "$tmp/del-bl")
row delete_settle_list "$(per_op "$(second "$out")" "$list_n")" "$list_n"

# --- nothing left ---
[ -z "$(leftovers)" ] || fail "left behind: $(leftovers | tr '\n' ' ')"

# --- the report ---
ratio() {
	awk -v a="$(value "$2")" -v b="$(value "$3")" -v k="$1" \
		'BEGIN { printf "ratio %s %.3f\n", k, a / b }'
}
{
	echo "# nsbox bench $(date -u +%Y-%m-%dT%H:%MZ), Linux $(uname -r)," \
		"$(nproc) CPUs, N $n, exec runs $runs, list $list_n"
	printf '%-22s %12s %8s\n' name ms/op n
	awk '{ printf "%-22s %12.3f %8d\n", $1, $2, $3 }' "$tmp/rows"
	ratio batch_vs_floor create_nsbox_batch create_floor
	ratio single_vs_floor create_nsbox_single create_floor
	ratio single_vs_iproute2 create_nsbox_single create_iproute2
	ratio exec_vs_ipnetnsexec exec_nsbox exec_ip_netns
	ratio exec_vs_nsenter exec_nsbox exec_nsenter
	ratio exec_vs_floor exec_nsbox exec_floor
	ratio exec_api_vs_floor exec_api exec_floor
	ratio delete_settle_vs_floor delete_settle_nsbox delete_settle_floor
	ratio single_dynamic_vs_static create_single_dynamic create_single_static
	awk -v m="$mem0 $mem1" -v n="$n" -v fo="$(floor object_bytes)" \
		-v fs="$(floor slab_bytes)" -v fa="$(floor avail_bytes)" 'BEGIN {
		split(m, k, " ")
		objects = (k[4] - k[1]) / n
		printf "mem object_bytes_per_sandbox %.0f\n", objects
		printf "mem slab_bytes_per_sandbox %.0f\n", (k[6] - k[3]) * 1024 / n
		printf "mem avail_bytes_per_sandbox %.0f\n", (k[2] - k[5]) * 1024 / n
		printf "mem floor_object_bytes_per_sandbox %.0f\n", fo
		printf "mem floor_slab_bytes_per_sandbox %.0f\n", fs
		printf "mem floor_avail_bytes_per_sandbox %.0f\n", fa
		printf "mem module_bytes_per_sandbox %.0f\n", objects - fo
	}'
	echo "list seconds_for_N $(per_op "$(value list_nsbox)" 1000)"
	echo "list n $list_n"
	awk '$1 ~ /^phase_/ { sub(/^phase_/, "", $1); sub(/_ms$/, "", $1)
		s = s sep $1 " " $2; sep = ", " }
		END { print "# floor, ms per sandbox: " s }' "$tmp/floor"
} >"$results"

# target NAME VALUE OP GOAL
target() {
	awk -v k="$1" -v v="$2" -v op="$3" -v g="$4" 'BEGIN {
		met = op == "<=" ? v + 0 <= g + 0 : v + 0 >= g + 0
		printf "target %s %s %s %s %s\n", k, v, op, g, met ? "met" : "missed"
	}'
}
get() {
	awk -v a="$1" -v k="$2" '$1 == a && $2 == k { print $3 }' "$results"
}
{
	target batch_vs_floor "$(get ratio batch_vs_floor)" "<=" 1.5
	target single_vs_iproute2 "$(get ratio single_vs_iproute2)" "<=" 0.1
	target exec_vs_ipnetnsexec "$(get ratio exec_vs_ipnetnsexec)" "<=" 0.5
	target exec_vs_floor "$(get ratio exec_vs_floor)" "<=" 1.5
	target module_bytes_per_sandbox "$(get mem module_bytes_per_sandbox)" "<=" 4096
	target listed "$list_n" ">=" 10000
} >>"$results"

# --- optional: where the time goes ---
if [ -n "$profile" ]; then
	say "profile: perf of the batch, the floor and the single commands"
	# perf_report FILE LABEL: the share of each process in the samples of
	# both CPUs (swapper is idle), then the functions by inclusive share,
	# system calls among them, idle left out
	perf_report() {
		perf report -i "$1" --stdio --no-children -g none --sort comm \
			--percent-limit 1 2>/dev/null | grep -v -e '^#' -e '^$' | sed "s/^/# $2: /"
		perf report -i "$1" --stdio --children -g none --sort comm,sym \
			--percent-limit 1.5 2>/dev/null | grep -v -e '^#' -e '^$' -e swapper |
			head -n 60 | sed "s/^/# $2: /"
	}
	perf record -q -e cpu-clock -a -g -o "$tmp/perf.batch" -- \
		"$NSBOX" -batch "$tmp/add-bb" >/dev/null || fail "perf record of the batch"
	"$bin/slab" wait "$base" "$timeout" "$NSBOX" -batch "$tmp/del-bb" >/dev/null
	perf record -q -e cpu-clock -a -g -o "$tmp/perf.floor" -- \
		"$bin/floor" "$n" "$timeout" >/dev/null || fail "perf record of the floor"
	perf record -q -e cpu-clock -a -g -o "$tmp/perf.single" -- \
		"$bin/spawn" -f "$tmp/add-bs" >/dev/null || fail "perf record of the single commands"
	"$bin/slab" wait "$base" "$timeout" "$NSBOX" -batch "$tmp/del-bs" >/dev/null
	{
		for p in batch floor single; do
			perf_report "$tmp/perf.$p" "$p"
		done
	} >>"$results"
fi

cat "$results"
