#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh [ -n N ] [ -R ROUNDS ] [ -r RUNS ] [ -l LIST_N ] [ -d DAEMONS ]
#          [ -D DAEMON_SANDBOXES ] [ -c CLIENTS ] [ -g LEVELS ]
#          [ -s SECTIONS ] [ -t TIMEOUT_S ] [ -p ]
#
# nsbox's benchmark (issues 7, 15, 19 and 21), run by `make bench` in the test VM
# and, with small numbers, by tests/80-bench.sh. Needs root, the nsbox
# module and tun loaded, nsbox on the PATH and the programs of
# selftests/bench/ built in $NSBOX_BUILD/bin/bench (default build/bin/bench
# of the repository).
#
# Each sandbox is a network namespace with loopback up, a persistent TUN
# device tun0 with MTU 1400, up, with 10.A.B.1/24 and a route to
# 172.16.0.0/12 via 10.A.B.2. Made, side by side in one run:
#
#   create_floor          by one C process with raw syscalls, in the fewest
#                         steps (floor.c): the lean floor
#   create_floor_same     by the same process doing the steps nsbox's helper
#                         takes (floor.c -s): the same-steps floor
#   create_nsbox_batch    by one `nsbox -batch` of N `sandbox add` lines
#   create_nsbox_single   by one `nsbox sandbox add` command per sandbox
#   create_iproute2       by `ip netns add` and five `ip -n` commands
#   create_single_static, create_single_dynamic
#                         as create_nsbox_single, with the CLI linked
#                         statically and with a dynamic libc (nsbox-static
#                         and nsbox-dynamic of $bin)
#   delete_settle_*       deleting them until the net_namespace slab is back
#                         at its baseline (slab.c): one nsbox batch, one ip
#                         batch, or the floors closing their namespace files
#
# First an untimed warm-up: N sandboxes made and deleted by nsbox and by
# the floor, so that no row pays for the kernel's first growth to N live
# namespaces. Then ROUNDS rounds (default 5) of N sandboxes by each
# alternative, the order of the alternatives rotated by one each round so
# that each takes every place; each round's sandboxes are deleted, and the
# teardown waited for, before the next alternative starts. A row is the
# median of its rounds, with their min and max; a ratio is the quotient of
# two medians, with the min and max of the quotients round by round (its
# run-to-run spread).
#
#   exec_*                RUNS starts of a program in a sandbox: nsbox exec,
#                         ip netns exec, nsenter (each spawned by spawn.c),
#                         setns+fork+exec (exec_floor.c), the nsbox family's
#                         PROG_EXEC from a running client (exec_api.c); the
#                         program /bin/true, and for the *_noop rows the static
#                         no-op noop.c; in rounds of 10 runs (at most 20)
#   list                  `nsbox -j sandbox list` of LIST_N sandboxes
#   daemons               DAEMONS sleeping daemons live at once, spread over
#                         DAEMON_SANDBOXES sandboxes: the time to start them
#                         all (one `nsbox -batch` of `run` lines), the count
#                         of kernel threads before and with them, and the
#                         time to stop them all (their sandboxes deleted, to
#                         the last one's exit)
#
#   concurrentK_*         N sandboxes made by K clients at once (CLIENTS,
#                         default 1,2,4,8), each one `nsbox -batch` of its
#                         share, against K lean floors at once (floor -c),
#                         both started and waited for by spawn -p: the wall
#                         time per sandbox, in ROUNDS rounds
#   grow_*_L              with L sandboxes live (LEVELS, default
#                         0,1000,5000,20000; the first 0), in ROUNDS rounds:
#                         creating and deleting N more (an nsbox batch and
#                         the lean floor, the teardown waited for), `nsbox
#                         sandbox show` of one, a program started (nsbox
#                         exec and the exec floor, RUNS / 10 each) and
#                         `nsbox -j sandbox list` of them all (ms per list)
#   teardown              the L of the last level deleted by one nsbox batch,
#                         until the net_namespace slab is back at its
#                         baseline, against the floor making and closing as
#                         many
#
# Then an untimed pass for memory and phases: N * ROUNDS sandboxes made by
# one nsbox batch and by each floor, and the growth of the slab objects in
# use (bench.h), of Slab and the drop of MemAvailable (/proc/meminfo); for
# nsbox also the growth of the module's own slab caches (slab module), what
# nsbox itself keeps per sandbox; for the floors the time of each step.
# Defaults: N 200, ROUNDS 5, RUNS 200, LIST_N 10000, DAEMONS 10000,
# DAEMON_SANDBOXES 1000, TIMEOUT_S (the longest
# wait for a teardown) 600. -p also profiles with perf, after the
# measurements, the batch, the floor and the single commands; the clients
# at once, with their kernel lock waits (perf lock); and N creates at the
# last growth level. SECTIONS, a comma
# list of create, exec, list, daemons, concurrency, growth and memory
# (default all of them), runs only those, and prints only their rows,
# ratios and targets.
#
# Standard output: the table (name, median, min and max ms per operation,
# rounds, operations per round), then "ratio NAME MEDIAN MIN MAX",
# "overhead NAME MEDIAN MIN MAX" (ms), "mem NAME BYTES", "settle NAME
# COUNT", "list NAME VALUE", "daemons NAME VALUE", "grow NAME VALUE",
# "teardown NAME VALUE" and "target NAME VALUE OP GOAL met|missed" lines. Progress goes to standard error. Missed targets are no failure; a
# failed command or a wrong count is, and so is anything left behind.

set -euo pipefail
# a command that fails where set -e ends the run says where
set -E
trap 'echo "bench: line $LINENO: a command failed (exit $?)" >&2' ERR

here=$(cd "$(dirname "$0")" && pwd)
build=${NSBOX_BUILD:-$here/../../build}
bin=$build/bin/bench
NSBOX=${NSBOX:-nsbox}

n=200
rounds=5
runs=200
list_n=10000
daemons=10000
daemon_sandboxes=1000
clients=1,2,4,8
levels=0,1000,5000,20000
all_sections=create,exec,list,daemons,concurrency,growth,memory
sections=$all_sections
timeout=600
profile=
while getopts n:R:r:l:d:D:c:g:s:t:p opt; do
	case $opt in
	n) n=$OPTARG ;;
	R) rounds=$OPTARG ;;
	r) runs=$OPTARG ;;
	l) list_n=$OPTARG ;;
	d) daemons=$OPTARG ;;
	D) daemon_sandboxes=$OPTARG ;;
	c) clients=$OPTARG ;;
	g) levels=$OPTARG ;;
	s) sections=$OPTARG ;;
	t) timeout=$OPTARG ;;
	p) profile=1 ;;
	*) exit 2 ;;
	esac
done
usage() {
	echo "bench: $*" >&2
	exit 2
}
for v in "$n" "$rounds" "$runs" "$list_n" "$daemons" "$daemon_sandboxes" "$timeout"; do
	case $v in
	'' | *[!0-9]* | 0) usage "bad number '$v'" ;;
	esac
done
IFS=, read -ra clients <<<"$clients"
IFS=, read -ra levels <<<"$levels"
IFS=, read -ra sections <<<"$sections"
for v in "${clients[@]}"; do
	case $v in
	'' | *[!0-9]* | 0) usage "bad number of clients '$v'" ;;
	esac
	[ "$v" -le "$n" ] || usage "$v clients cannot share $n sandboxes"
done
prev=-1
for v in "${levels[@]}"; do
	case $v in
	'' | *[!0-9]*) usage "bad level '$v'" ;;
	esac
	[ "$v" -gt "$prev" ] || usage "the levels must grow: '$v' after '$prev'"
	prev=$v
done
if [ "${#levels[@]}" -lt 2 ] || [ "${levels[0]}" -ne 0 ]; then
	usage "the levels start at 0, and there are at least two"
fi
top=${levels[${#levels[@]} - 1]}
for v in "${sections[@]}"; do
	[[ ",$all_sections," == *",$v,"* ]] || usage "no section '$v' (of $all_sections)"
done
# has SECTION: whether SECTION runs
has() {
	[[ " ${sections[*]} " == *" $1 "* ]]
}
# addresses 10.A.B.1 and names are unique up to 65536
mem_n=$((n * rounds))
if [ "$mem_n" -gt 65536 ] || [ "$list_n" -gt 65536 ] || [ $((top + n)) -gt 65536 ]; then
	usage "at most 65536 sandboxes"
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

# Everything the benchmark may have left, by name: sandboxes bb*, bs*, bw*,
# bm*, bx*, bl*, bd*, bc*, bg*, bp* and bz, iproute2 namespaces bi*.
leftovers() {
	{ $NSBOX sandbox list 2>/dev/null || true; } |
		awk '$1 ~ /^b[bswmxldcgpz][0-9]*$/ { print $1 }'
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

# A measurement of round ROUND: ms per operation, COUNT operations.
# measure NAME ROUND MS_PER_OP COUNT
measure() {
	echo "$1 $2 $3 $4" >>"$tmp/rounds"
}

# stats NAME: "MEDIAN MIN MAX ROUNDS COUNT" of its rounds
stats() {
	sort -k3,3g "$tmp/rounds" | awk -v k="$1" '$1 == k { v[m++] = $3; c = $4 }
		END {
			if (!m)
				exit 1
			med = m % 2 ? v[(m - 1) / 2] : (v[m / 2 - 1] + v[m / 2]) / 2
			printf "%.3f %.3f %.3f %d %d\n", med, v[0], v[m - 1], m, c
		}'
}

# median NAME
median() {
	local s

	s=$(stats "$1") || fail "no measurement $1"
	echo "${s%% *}"
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

# round_size I ROUNDS TOTAL: how many of TOTAL round I does (the first
# takes the remainder)
round_size() {
	echo $(($3 / $2 + ($1 == 0 ? $3 % $2 : 0)))
}

# rotate I WORDS...: the words, starting at the (I mod count)th
rotate() {
	local i=$1
	shift
	local -a w=("$@")
	local k

	for ((k = 0; k < ${#w[@]}; k++)); do
		printf '%s ' "${w[(i + k) % ${#w[@]}]}"
	done
}

clauses='link tun0 type tun mtu 1400 addr 10.%a.%b.1/24 dev tun0 route 172.16.0.0/12 via 10.%a.%b.2 dev tun0'

# count_sandboxes PREFIX: live nsbox sandboxes named PREFIX and a number
count_sandboxes() {
	$NSBOX sandbox list | awk -v p="$1" '$1 ~ "^" p "[0-9]+$"' | wc -l
}

# count_listed PREFIX FILE: the sandboxes named PREFIX and a number in
# FILE, the output of nsbox -j sandbox list
count_listed() {
	python3 -c 'import json, re, sys
print(sum(1 for s in json.load(open(sys.argv[2])) if re.fullmatch(sys.argv[1] + "[0-9]+", s["name"])))' \
		"$1" "$2" || fail "the output of nsbox -j sandbox list does not parse"
}

# memory: "SLAB_OBJECT_BYTES MEMAVAILABLE_KB SLAB_KB MODULE_BYTES"
memory() {
	echo "$("$bin/slab" bytes)" "$(awk '$1 == "MemAvailable:" { a = $2 }
		$1 == "Slab:" { s = $2 } END { print a, s }' /proc/meminfo)" \
		"$("$bin/slab" module | awk '{ t += $2 } END { print t }')"
}

# helpers_gone [PROGRAMS]: wait until no helper runs but PROGRAMS running
# programs (default none), the serving one included (it lingers
# helper_linger_ms after its last create): memory is measured without it,
# as it is no sandbox's
helpers_gone() {
	local i
	for ((i = 0; i < 300; i++)); do
		"$NSBOX" -j info | grep -q "\"helpers\": *${1:-0}[,}]" &&
			! pgrep -f nsbox-helper >/dev/null && return 0
		sleep 0.1
	done
	fail "a helper still runs 30 s after the last request"
}

# A measurement's output "MEAN_MS COUNT", or for a wait's "COMMAND_MS
# TOTAL_MS NUDGES": the first and the second word.
first() {
	echo "${1%% *}"
}
second() {
	local rest=${1#* }

	echo "${rest%% *}"
}

# settle [COMMAND...]: run COMMAND and wait for the teardown (slab.c wait)
# until the net_namespace slab is back at $level_base (the baseline, or
# more with sandboxes live); prints "COMMAND_MS TOTAL_MS NUDGES" and counts
# the wait and its nudges
settle() {
	local out

	out=$("$bin/slab" wait "$level_base" "$timeout" "$@") || fail "waiting for the teardown"
	echo "${out##* }" >>"$tmp/nudges"
	echo "$out"
}

# floor_run NAME [ -s ] [ -p ] COUNT: the floor program; its output in
# $tmp/NAME, its nudges counted
floor_run() {
	local name=$1
	shift
	"$bin/floor" "$@" "$level_base" "$timeout" >"$tmp/$name" || fail "$name failed"
	awk '$1 == "nudges" { print $2 }' "$tmp/$name" >>"$tmp/nudges"
}

# key FILE KEY: the value of "KEY VALUE" in FILE
key() {
	awk -v k="$2" '$1 == k { print $2 }' "$1"
}

# check_last PREFIX COUNT: sandbox PREFIX(COUNT - 1) is as asked
check_last() {
	local last=$(($2 - 1)) a show

	a=$(lines "$2" '10.%a.%b' | tail -n 1)
	show=$("$NSBOX" sandbox show "$1$last")
	grep -q "link tun0 .*mtu 1400 .*addr $a.1/24" <<<"$show" ||
		fail "$1: $1$last has no tun0 with MTU 1400 and $a.1/24: $show"
	grep -q "route 172.16.0.0/12 via $a.2 dev tun0" <<<"$show" ||
		fail "$1: $1$last has no route to 172.16.0.0/12: $show"
}

[ -e /dev/net/tun ] || fail "no /dev/net/tun (modprobe tun)"
[ -z "$(leftovers)" ] || fail "sandboxes or namespaces of an earlier run exist: $(leftovers | tr '\n' ' ')"
: >"$tmp/rounds"
: >"$tmp/nudges"
# Every teardown is waited for until the slab is back here: each
# measurement starts from the same state and none pays for the one before.
base=$("$bin/slab" base)
level_base=$base
say "N $n in $rounds rounds, exec runs $runs, list $list_n, clients ${clients[*]}," \
	"levels ${levels[*]}, sections ${sections[*]}; net_namespace slab: $base objects"

# The programs once each, untimed: in the test VM their first run reads
# them over 9p.
"$NSBOX" info >/dev/null
"$bin/nsbox-static" info >/dev/null
"$bin/nsbox-dynamic" info >/dev/null
ip -V >/dev/null
nsenter -V >/dev/null
/bin/true
"$bin/noop"

lines "$n" "sandbox add bb%i $clauses" >"$tmp/add-bb"
lines "$n" "sandbox del bb%i" >"$tmp/del-bb"
lines "$n" "sandbox del bs%i" >"$tmp/del-bs"
for how in nsbox static dynamic; do
	cli=$NSBOX
	[ "$how" = nsbox ] || cli=$bin/nsbox-$how
	lines "$n" "$cli sandbox add bs%i $clauses" >"$tmp/add-bs-$how"
done
lines "$n" 'ip netns add bi%i
ip -n bi%i link set lo up
ip -n bi%i tuntap add dev tun0 mode tun
ip -n bi%i link set tun0 mtu 1400 up
ip -n bi%i addr add 10.%a.%b.1/24 dev tun0
ip -n bi%i route add 172.16.0.0/12 via 10.%a.%b.2 dev tun0' >"$tmp/add-bi"
lines "$n" 'netns del bi%i' >"$tmp/del-bi"

# --- the warm-up, untimed ---
say "warm-up: $n sandboxes by nsbox and by the floor"
lines "$n" "sandbox add bw%i $clauses" >"$tmp/add-bw"
lines "$n" "sandbox del bw%i" >"$tmp/del-bw"
"$NSBOX" -batch "$tmp/add-bw" >/dev/null
[ "$(count_sandboxes bw)" -eq "$n" ] || fail "warm-up: not $n sandboxes"
settle "$NSBOX" -batch "$tmp/del-bw" >/dev/null
floor_run warmup "$n"

# --- creation and deletion, in rounds ---
# create ALT ROUND: N sandboxes by ALT, then their deletion
create() {
	local out got cli

	case $1 in
	floor | floor_same)
		if [ "$1" = floor ]; then
			floor_run "$1" "$n"
		else
			floor_run "$1" -s "$n"
		fi
		measure "create_$1" "$2" "$(key "$tmp/$1" create_ms)" "$n"
		measure "delete_settle_$1" "$2" "$(per_op "$(key "$tmp/$1" delete_ms)" "$n")" "$n"
		;;
	nsbox_batch)
		out=$("$bin/spawn" -- "$NSBOX" -batch "$tmp/add-bb")
		got=$(count_sandboxes bb)
		[ "$got" -eq "$n" ] || fail "nsbox batch: $got sandboxes, not $n"
		measure create_nsbox_batch "$2" "$(per_op "$(first "$out")" "$n")" "$n"
		check_last bb "$n"
		out=$(settle "$NSBOX" -batch "$tmp/del-bb")
		[ "$(count_sandboxes bb)" -eq 0 ] || fail "nsbox batch: sandboxes left after the deletion"
		measure delete_settle_nsbox "$2" "$(per_op "$(second "$out")" "$n")" "$n"
		;;
	nsbox_single | single_static | single_dynamic)
		case $1 in
		nsbox_single) cli=nsbox ;;
		*) cli=${1#single_} ;;
		esac
		out=$("$bin/spawn" -f "$tmp/add-bs-$cli")
		got=$(count_sandboxes bs)
		[ "$got" -eq "$n" ] || fail "$1: $got sandboxes, not $n"
		measure "create_$1" "$2" "$(first "$out")" "$n"
		settle "$NSBOX" -batch "$tmp/del-bs" >/dev/null
		[ "$(count_sandboxes bs)" -eq 0 ] || fail "$1: sandboxes left after the deletion"
		;;
	iproute2)
		out=$("$bin/spawn" -f "$tmp/add-bi" -g 6)
		got=$(ip netns list | awk '$1 ~ /^bi[0-9]+$/' | wc -l)
		[ "$got" -eq "$n" ] || fail "iproute2: $got namespaces, not $n"
		ip -n "bi$((n - 1))" route show | grep -q "^172.16.0.0/12 via .* dev tun0" ||
			fail "iproute2: bi$((n - 1)) has no route to 172.16.0.0/12"
		measure create_iproute2 "$2" "$(first "$out")" "$n"
		out=$(settle ip -batch "$tmp/del-bi")
		measure delete_settle_iproute2 "$2" "$(per_op "$(second "$out")" "$n")" "$n"
		;;
	esac
}
create_alts=(floor floor_same nsbox_batch nsbox_single single_static single_dynamic iproute2)
for ((r = 0; r < rounds; r++)); do
	has create || break
	order=$(rotate "$r" "${create_alts[@]}")
	say "round $((r + 1)) of $rounds: $order"
	for alt in $order; do
		create "$alt" "$r"
	done
done

# --- starting a program ---
if has exec; then
	say "exec: $runs runs each"
	# published, for ip netns exec and nsenter
	"$NSBOX" sandbox add bx publish link tun0 type tun mtu 1400 \
		addr 10.255.0.1/24 dev tun0 route 172.16.0.0/12 via 10.255.0.2 dev tun0
	exec_alts=(exec_nsbox exec_ip_netns exec_nsenter exec_floor exec_api)
	# exec_cmd ALT RUNS: ALT, its program /bin/true, or noop.c for ALT_noop
	exec_cmd() {
		local prog=/bin/true

		case $1 in
		*_noop) prog=$bin/noop ;;
		esac
		case ${1%_noop} in
		exec_nsbox) "$bin/spawn" -r "$2" -- "$NSBOX" exec bx -- "$prog" ;;
		exec_ip_netns) "$bin/spawn" -r "$2" -- ip netns exec bx "$prog" ;;
		exec_nsenter) "$bin/spawn" -r "$2" -- nsenter --net=/run/netns/bx "$prog" ;;
		exec_floor) "$bin/exec_floor" /run/netns/bx "$2" "$prog" ;;
		exec_api) "$bin/exec_api" bx "$2" "$prog" ;;
		esac
	}
	all_exec=()
	for alt in "${exec_alts[@]}"; do
		all_exec+=("$alt" "${alt}_noop")
	done
	for alt in "${all_exec[@]}"; do
		exec_cmd "$alt" 1 >/dev/null
	done
	# The host's load changes within seconds, about the time of 40 runs (with 5
	# rounds of 40, exec_vs_ipnetnsexec of the same code was 0.48 in one run of
	# this benchmark and 0.55 in another): rounds of 10 runs, at most 20
	# rounds, leave a burst of load less room to fall on one of them.
	exec_rounds=$((runs / 10))
	[ "$exec_rounds" -ge 1 ] || exec_rounds=1
	[ "$exec_rounds" -le 20 ] || exec_rounds=20
	for ((r = 0; r < exec_rounds; r++)); do
		chunk=$(round_size "$r" "$exec_rounds" "$runs")
		for alt in $(rotate "$r" "${all_exec[@]}"); do
			out=$(exec_cmd "$alt" "$chunk")
			measure "$alt" "$r" "$(first "$out")" "$chunk"
		done
	done
	"$NSBOX" sandbox del bx
	settle >/dev/null
fi

# --- listing ---
if has list; then
	lines "$list_n" 'sandbox add bl%i' >"$tmp/add-bl"
	lines "$list_n" 'sandbox del bl%i' >"$tmp/del-bl"
	say "list: creating $list_n sandboxes"
	out=$("$bin/spawn" -- "$NSBOX" -batch "$tmp/add-bl")
	list_create=$(per_op "$(first "$out")" "$list_n")
	say "list: listing"
	out=$("$bin/spawn" -r 3 -o "$tmp/list.json" -- "$NSBOX" -j sandbox list)
	got=$(count_listed bl "$tmp/list.json")
	[ "$got" -eq "$list_n" ] || fail "list: $got sandboxes listed, not $list_n"
	list_ms=$(first "$out")
	say "list: deleting"
	out=$(settle "$NSBOX" -batch "$tmp/del-bl")
	list_delete=$(per_op "$(second "$out")" "$list_n")
fi

# --- daemons: many programs live at once ---
if has daemons; then
	# kthreads: the kernel threads, as the kernel flags them (PF_KTHREAD, the
	# 9th field of stat): the daemons are children of kthreadd as well
	kthreads() {
		cat /proc/[0-9]*/stat 2>/dev/null |
			awk '{ sub(/.*\) /, ""); if (int($7 / 2097152) % 2) n++ } END { print n + 0 }'
	}
	# sleepers: the daemons running, by their command line
	sleepers() {
		pgrep -c -f '^/bin/sleep 1000000$' || true
	}
	# now_ms: the wall clock, in ms
	now_ms() {
		local t=${EPOCHREALTIME/./}

		echo $((t / 1000))
	}
	# wait_sleepers COUNT WHAT: until COUNT daemons run, within the timeout
	wait_sleepers() {
		local i

		for ((i = 0; i < timeout * 10; i++)); do
			[ "$(sleepers)" -ne "$1" ] || return 0
			sleep 0.1
		done
		fail "daemons: $(sleepers) running $2, not $1"
	}
	per_sb=$(((daemons + daemon_sandboxes - 1) / daemon_sandboxes))
	lines "$daemon_sandboxes" 'sandbox add bd%i' >"$tmp/add-bd"
	lines "$daemon_sandboxes" 'sandbox del bd%i' >"$tmp/del-bd"
	awk -v n="$daemons" -v per="$per_sb" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "run bd%d name d%d -- /bin/sleep 1000000\n", int(i / per), i % per
	}' >"$tmp/run-bd"
	say "daemons: $daemons in $daemon_sandboxes sandboxes"
	helpers_gone
	"$NSBOX" -batch "$tmp/add-bd" >/dev/null || fail "daemons: creating the sandboxes"
	helpers_gone
	kthreads_before=$(kthreads)
	t0=$(now_ms)
	"$NSBOX" -batch "$tmp/run-bd" >/dev/null || fail "daemons: starting them"
	wait_sleepers "$daemons" "after the starts"
	t1=$(now_ms)
	helpers_gone "$daemons"
	kthreads_live=$(kthreads)
	t2=$(now_ms)
	"$NSBOX" -batch "$tmp/del-bd" >/dev/null || fail "daemons: deleting the sandboxes"
	wait_sleepers 0 "after their sandboxes were deleted"
	t3=$(now_ms)
	settle >/dev/null
fi

# --- concurrent creates ---
# N sandboxes by K clients at once, each a share of them (the first the
# remainder): nsbox batches, or lean floors that exit with their
# namespaces open. A row is the wall time per sandbox, from the first
# client's start to the last one's end; the teardown is untimed.
# conc_teardown nsbox|floor: what the clients made gone, the teardown
# waited for: nsbox's sandboxes deleted, the floors' namespaces closed
# already when their processes exited
conc_teardown() {
	if [ "$1" = nsbox ]; then
		settle "$NSBOX" -batch "$tmp/del-bc" >/dev/null
	else
		settle >/dev/null
	fi
}
if has concurrency; then
	lines "$n" "sandbox add bc%i $clauses" >"$tmp/add-bc"
	lines "$n" "sandbox del bc%i" >"$tmp/del-bc"
	for k in "${clients[@]}"; do
		: >"$tmp/conc-nsbox-$k"
		: >"$tmp/conc-floor-$k"
		from=1
		for ((c = 0; c < k; c++)); do
			size=$(round_size "$c" "$k" "$n")
			sed -n "$from,$((from + size - 1))p" "$tmp/add-bc" >"$tmp/add-bc-$k-$c"
			from=$((from + size))
			echo "$NSBOX -batch $tmp/add-bc-$k-$c" >>"$tmp/conc-nsbox-$k"
			echo "$bin/floor -c $size" >>"$tmp/conc-floor-$k"
		done
	done
	for ((r = 0; r < rounds; r++)); do
		order=$(rotate "$r" "${clients[@]}")
		say "concurrency, round $((r + 1)) of $rounds: clients $order"
		for k in $order; do
			for how in $(rotate "$r" nsbox floor); do
				out=$("$bin/spawn" -p "$tmp/conc-$how-$k")
				measure "concurrent${k}_$how" "$r" "$(per_op "$(first "$out")" "$n")" "$n"
				if [ "$how" = nsbox ]; then
					got=$(count_sandboxes bc)
					[ "$got" -eq "$n" ] || fail "$k clients: $got sandboxes, not $n"
					check_last bc "$n"
				fi
				conc_teardown "$how"
			done
		done
	done
fi

# --- growth: the costs with more and more sandboxes live ---
# The live ones are whole sandboxes, bg0 and on, plus bz, published, which
# is shown and where programs start. At each level, in rounds: N more
# made and deleted by an nsbox batch (bp0 and on) and by the lean floor,
# each deletion waited for until the net_namespace slab is back at the
# level's count; a show of bz; programs started in it by nsbox exec and by
# the exec floor; the list of them all. Then the teardown of the last
# level's, against the floor's of as many.
if has growth; then
	lines "$top" "sandbox add bg%i $clauses" >"$tmp/add-bg"
	lines "$top" "sandbox del bg%i" >"$tmp/del-bg"
	lines "$n" "sandbox add bp%i $clauses" >"$tmp/add-bp"
	lines "$n" "sandbox del bp%i" >"$tmp/del-bp"
	grow_runs=$((runs / 10))
	[ "$grow_runs" -ge 1 ] || grow_runs=1
	"$NSBOX" sandbox add bz publish link tun0 type tun mtu 1400 \
		addr 10.255.0.1/24 dev tun0 route 172.16.0.0/12 via 10.255.0.2 dev tun0
	grow_alts=(create_nsbox create_floor show exec_nsbox exec_floor list)
	live=0
	for level in "${levels[@]}"; do
		if [ "$level" -gt "$live" ]; then
			say "growth: $live to $level sandboxes live"
			sed -n "$((live + 1)),${level}p" "$tmp/add-bg" >"$tmp/add-bg-$level"
			"$NSBOX" -batch "$tmp/add-bg-$level" >/dev/null ||
				fail "growth: creating bg$live to bg$((level - 1))"
			live=$level
		fi
		[ "$(count_sandboxes bg)" -eq "$level" ] || fail "growth: not $level sandboxes live"
		helpers_gone
		level_base=$("$bin/slab" base)
		for ((r = 0; r < rounds; r++)); do
			say "growth at $level, round $((r + 1)) of $rounds"
			for alt in $(rotate "$r" "${grow_alts[@]}"); do
				case $alt in
				create_nsbox)
					out=$("$bin/spawn" -- "$NSBOX" -batch "$tmp/add-bp")
					got=$(count_sandboxes bp)
					[ "$got" -eq "$n" ] || fail "growth at $level: $got sandboxes, not $n"
					measure "grow_create_nsbox_$level" "$r" "$(per_op "$(first "$out")" "$n")" "$n"
					out=$(settle "$NSBOX" -batch "$tmp/del-bp")
					measure "grow_delete_nsbox_$level" "$r" "$(per_op "$(second "$out")" "$n")" "$n"
					;;
				create_floor)
					floor_run grow_floor "$n"
					measure "grow_create_floor_$level" "$r" "$(key "$tmp/grow_floor" create_ms)" "$n"
					measure "grow_delete_floor_$level" "$r" \
						"$(per_op "$(key "$tmp/grow_floor" delete_ms)" "$n")" "$n"
					;;
				show)
					out=$("$bin/spawn" -r "$grow_runs" -o "$tmp/show" -- "$NSBOX" sandbox show bz)
					grep -q "addr 10.255.0.1/24" "$tmp/show" || fail "growth: sandbox show bz: $(cat "$tmp/show")"
					measure "grow_show_nsbox_$level" "$r" "$(first "$out")" "$grow_runs"
					;;
				exec_nsbox)
					out=$("$bin/spawn" -r "$grow_runs" -- "$NSBOX" exec bz -- /bin/true)
					measure "grow_exec_nsbox_$level" "$r" "$(first "$out")" "$grow_runs"
					;;
				exec_floor)
					out=$("$bin/exec_floor" /run/netns/bz "$grow_runs" /bin/true)
					measure "grow_exec_floor_$level" "$r" "$(first "$out")" "$grow_runs"
					;;
				list)
					out=$("$bin/spawn" -o "$tmp/list.json" -- "$NSBOX" -j sandbox list)
					got=$(count_listed bg "$tmp/list.json")
					[ "$got" -eq "$level" ] || fail "growth: $got of $level sandboxes listed"
					measure "grow_list_nsbox_$level" "$r" "$(first "$out")" 1
					;;
				esac
			done
		done
	done
	# with -p, N more made at the last level, profiled (perf_report below)
	if [ -n "$profile" ]; then
		say "profile: $n creates with $top live"
		perf record -q -e cpu-clock -a -g -o "$tmp/perf.grow" -- \
			"$NSBOX" -batch "$tmp/add-bp" >/dev/null || fail "perf record of the creates at $top"
		settle "$NSBOX" -batch "$tmp/del-bp" >/dev/null
	fi
	"$NSBOX" sandbox del bz
	level_base=$base
	say "teardown: $top sandboxes by nsbox and by the floor"
	out=$(settle "$NSBOX" -batch "$tmp/del-bg")
	[ "$(count_sandboxes bg)" -eq 0 ] || fail "teardown: sandboxes left"
	teardown_nsbox=$(per_op "$(second "$out")" "$top")
	floor_run teardown_floor "$top"
	teardown_floor=$(per_op "$(key "$tmp/teardown_floor" delete_ms)" "$top")
fi

# --- memory and the floors' phases: untimed ---
if has memory; then
	say "memory: $mem_n sandboxes by one nsbox batch and by each floor"
	lines "$mem_n" "sandbox add bm%i $clauses" >"$tmp/add-bm"
	lines "$mem_n" "sandbox del bm%i" >"$tmp/del-bm"
	helpers_gone
	mem0=$(memory)
	"$bin/slab" module >"$tmp/module0"
	"$NSBOX" -batch "$tmp/add-bm" >/dev/null
	helpers_gone
	mem1=$(memory)
	"$bin/slab" module >"$tmp/module1"
	got=$(count_sandboxes bm)
	[ "$got" -eq "$mem_n" ] || fail "memory: $got sandboxes, not $mem_n"
	check_last bm "$mem_n"
	settle "$NSBOX" -batch "$tmp/del-bm" >/dev/null
	"$bin/slab" module >"$tmp/module2"
	floor_run mem_floor -p "$mem_n"
	floor_run mem_floor_same -s -p "$mem_n"
fi

# --- nothing left ---
[ -z "$(leftovers)" ] || fail "left behind: $(leftovers | tr '\n' ' ')"
# the module's caches back where they were before the memory pass
! has memory || [ "$(awk '{ t += $2 } END { print t + 0 }' "$tmp/module2")" -le "${mem0##* }" ] ||
	fail "the module's slab caches hold more after the deletions: $(tr '\n' ' ' <"$tmp/module2")"

# --- the report ---
# compare KIND NAME A B: for KIND ratio, median(A) / median(B) and the min
# and max of A / B round by round; for KIND overhead, median(A) - median(B)
# in ms and the min and max of A - B round by round
compare() {
	awk -v kind="$1" -v k="$2" -v a="$3" -v b="$4" \
		-v ma="$(median "$3")" -v mb="$(median "$4")" '
		function f(u, v) { return kind == "ratio" ? u / v : u - v }
		$1 == a { x[$2] = $3 } $1 == b { y[$2] = $3 }
		END {
			for (r in x)
				if (r in y) {
					q = f(x[r], y[r])
					if (!n++ || q < lo) lo = q
					if (n == 1 || q > hi) hi = q
				}
			printf "%s %s %.3f %.3f %.3f\n", kind, k, f(ma, mb), lo, hi
		}' "$tmp/rounds"
}
ratio() {
	compare ratio "$@"
}
overhead() {
	compare overhead "$@"
}
# at LEVEL: how the names say a level, 20000 as 20k
at() {
	if [ "$1" -ge 1000 ] && [ $(($1 % 1000)) -eq 0 ]; then
		echo "$(($1 / 1000))k"
	else
		echo "$1"
	fi
}
{
	echo "# nsbox bench $(date -u +%Y-%m-%dT%H:%MZ), Linux $(uname -r)," \
		"$(nproc) CPUs, N $n, $rounds rounds, exec runs $runs, list $list_n," \
		"clients ${clients[*]}, levels ${levels[*]}"
	printf '%-26s %10s %10s %10s %6s %6s\n' name median min max rounds n
	awk '!seen[$1]++ { print $1 }' "$tmp/rounds" | while read -r name; do
		read -r med lo hi nr cnt <<<"$(stats "$name")"
		printf '%-26s %10.3f %10.3f %10.3f %6d %6d\n' "$name" "$med" "$lo" "$hi" "$nr" "$cnt"
	done
	if has create; then
		ratio batch_vs_floor create_nsbox_batch create_floor
		ratio batch_vs_floor_same create_nsbox_batch create_floor_same
		ratio floor_same_vs_floor create_floor_same create_floor
		ratio single_vs_floor create_nsbox_single create_floor
		ratio single_vs_iproute2 create_nsbox_single create_iproute2
		ratio single_dynamic_vs_static create_single_dynamic create_single_static
		ratio delete_settle_vs_floor delete_settle_nsbox delete_settle_floor
		ratio delete_settle_vs_iproute2 delete_settle_nsbox delete_settle_iproute2
	fi
	if has exec; then
		ratio exec_vs_ipnetnsexec exec_nsbox exec_ip_netns
		ratio exec_vs_nsenter exec_nsbox exec_nsenter
		ratio exec_vs_floor exec_nsbox exec_floor
		ratio exec_api_vs_floor exec_api exec_floor
		ratio exec_noop_vs_floor exec_nsbox_noop exec_floor_noop
		for alt in exec_nsbox exec_ip_netns exec_nsenter exec_api; do
			overhead "${alt#exec_}_over_floor" "$alt" exec_floor
			overhead "${alt#exec_}_noop_over_floor" "${alt}_noop" exec_floor_noop
		done
	fi
	if has concurrency; then
		for k in "${clients[@]}"; do
			ratio "concurrent${k}_vs_floor$k" "concurrent${k}_nsbox" "concurrent${k}_floor"
		done
		if [[ " ${clients[*]} " == *" 1 "* ]]; then
			for k in "${clients[@]}"; do
				[ "$k" -eq 1 ] && continue
				ratio "speedup_${k}_vs_1" concurrent1_nsbox "concurrent${k}_nsbox"
				ratio "floor_speedup_${k}_vs_1" concurrent1_floor "concurrent${k}_floor"
			done
		fi
	fi
	if has growth; then
		t=$(at "$top")
		for what in create_nsbox delete_nsbox show_nsbox exec_nsbox create_floor \
			delete_floor exec_floor; do
			name=${what%_nsbox}
			[ "$name" = "$what" ] && name=floor_${what%_floor}
			ratio "${name}_at_${t}_vs_at_0" "grow_${what}_$top" "grow_${what}_0"
		done
		ratio "create_at_${t}_vs_floor" "grow_create_nsbox_$top" "grow_create_floor_$top"
		ratio "exec_at_${t}_vs_floor" "grow_exec_nsbox_$top" "grow_exec_floor_$top"
		echo "grow levels ${levels[*]}"
		echo "grow list_seconds_at_$t $(per_op "$(median "grow_list_nsbox_$top")" 1000)"
		echo "teardown n $top"
		echo "teardown nsbox_ms_per_sandbox $teardown_nsbox"
		echo "teardown floor_ms_per_sandbox $teardown_floor"
		echo "teardown vs_floor $(awk -v a="$teardown_nsbox" -v b="$teardown_floor" \
			'BEGIN { printf "%.3f", a / b }')"
	fi
	if has memory; then
		awk -v m="$mem0 $mem1" -v n="$mem_n" -v fo="$(key "$tmp/mem_floor" object_bytes)" \
			-v fs="$(key "$tmp/mem_floor" slab_bytes)" -v fa="$(key "$tmp/mem_floor" avail_bytes)" \
			-v so="$(key "$tmp/mem_floor_same" object_bytes)" 'BEGIN {
			split(m, k, " ")
			objects = (k[5] - k[1]) / n
			printf "mem object_bytes_per_sandbox %.0f\n", objects
			printf "mem slab_bytes_per_sandbox %.0f\n", (k[7] - k[3]) * 1024 / n
			printf "mem avail_bytes_per_sandbox %.0f\n", (k[2] - k[6]) * 1024 / n
			printf "mem floor_object_bytes_per_sandbox %.0f\n", fo
			printf "mem floor_slab_bytes_per_sandbox %.0f\n", fs
			printf "mem floor_avail_bytes_per_sandbox %.0f\n", fa
			printf "mem floor_same_object_bytes_per_sandbox %.0f\n", so
			printf "mem object_bytes_over_floor_per_sandbox %.0f\n", objects - fo
			printf "mem module_bytes_per_sandbox %.0f\n", (k[8] - k[4]) / n
		}'
		awk -v n="$mem_n" 'NR == FNR { before[$1] = $2; next }
			{ s = s sep $1 " " ($2 - before[$1]) / n; sep = ", " }
			END { print "# module caches, bytes per sandbox: " s }' "$tmp/module0" "$tmp/module1"
	fi
	awk '{ w++; t += $1 } END { printf "settle waits %d\nsettle nudges %d\n", w, t }' "$tmp/nudges"
	if has list; then
		echo "list seconds_for_N $(per_op "$list_ms" 1000)"
		echo "list n $list_n"
		echo "list create_ms_per_sandbox $list_create"
		echo "list delete_settle_ms_per_sandbox $list_delete"
	fi
	if has daemons; then
		echo "daemons n $daemons"
		echo "daemons sandboxes $daemon_sandboxes"
		echo "daemons kthreads_before $kthreads_before"
		echo "daemons kthreads_live $kthreads_live"
		echo "daemons start_s_all $(per_op $((t1 - t0)) 1000)"
		echo "daemons start_ms_per_daemon $(per_op $((t1 - t0)) "$daemons")"
		echo "daemons stop_s_all $(per_op $((t3 - t2)) 1000)"
	fi
	if has memory; then
		for f in mem_floor mem_floor_same; do
			awk -v f="${f#mem_}" '$1 ~ /^phase_/ { sub(/^phase_/, "", $1); sub(/_ms$/, "", $1)
				s = s sep $1 " " $2; sep = ", " }
				END { print "# " f ", ms per sandbox in the untimed pass: " s }' "$tmp/$f"
		done
	fi
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
	if has create; then
		target batch_vs_floor "$(get ratio batch_vs_floor)" "<=" 1.5
		target single_vs_iproute2 "$(get ratio single_vs_iproute2)" "<=" 0.1
	fi
	if has exec; then
		target exec_vs_ipnetnsexec "$(get ratio exec_vs_ipnetnsexec)" "<=" 0.42
		target exec_vs_floor "$(get ratio exec_vs_floor)" "<=" 1.2
	fi
	! has memory ||
		target module_bytes_per_sandbox "$(get mem module_bytes_per_sandbox)" "<=" 4096
	! has list || target listed "$list_n" ">=" 10000
	if has daemons; then
		target daemons_live "$daemons" ">=" 10000
		target daemons_kthreads_added "$((kthreads_live - kthreads_before))" "<=" 16
	fi
	if has concurrency && [[ " ${clients[*]} " == *" 4 "* ]]; then
		target concurrent4_vs_floor4 "$(get ratio concurrent4_vs_floor4)" "<=" 1.1
		[[ " ${clients[*]} " != *" 1 "* ]] ||
			target speedup_4_vs_1 "$(get ratio speedup_4_vs_1)" ">=" 1.6
	fi
	if has growth; then
		t=$(at "$top")
		target "create_at_${t}_vs_at_0" "$(get ratio "create_at_${t}_vs_at_0")" "<=" 1.15
		target "show_at_${t}_vs_at_0" "$(get ratio "show_at_${t}_vs_at_0")" "<=" 1.15
		target "list_seconds_at_$t" "$(get grow "list_seconds_at_$t")" "<=" 1
	fi
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
			awk 'NR <= 60' | sed "s/^/# $2: /"
	}
	perf record -q -e cpu-clock -a -g -o "$tmp/perf.batch" -- \
		"$NSBOX" -batch "$tmp/add-bb" >/dev/null || fail "perf record of the batch"
	settle "$NSBOX" -batch "$tmp/del-bb" >/dev/null
	perf record -q -e cpu-clock -a -g -o "$tmp/perf.floor" -- \
		"$bin/floor" "$n" "$base" "$timeout" >/dev/null || fail "perf record of the floor"
	perf record -q -e cpu-clock -a -g -o "$tmp/perf.single" -- \
		"$bin/spawn" -f "$tmp/add-bs-nsbox" >/dev/null || fail "perf record of the single commands"
	settle "$NSBOX" -batch "$tmp/del-bs" >/dev/null
	profiles="batch floor single"
	! has growth || profiles="$profiles grow"
	# K clients at once (4, or the most there are): where their time goes,
	# and which kernel locks they waited for, by total wait (perf lock
	# record, from the lock:contention_* tracepoints, then perf lock
	# contention)
	if has concurrency; then
		k=${clients[${#clients[@]} - 1]}
		[[ " ${clients[*]} " != *" 4 "* ]] || k=4
		say "profile: $k clients at once, nsbox and floor"
		for how in nsbox floor; do
			perf record -q -e cpu-clock -a -g -o "$tmp/perf.conc-$how" -- \
				"$bin/spawn" -p "$tmp/conc-$how-$k" >/dev/null || fail "perf record of $k $how clients"
			conc_teardown "$how"
			profiles="$profiles conc-$how"
			perf lock record -q -a -o "$tmp/lock.$how" -- \
				"$bin/spawn" -p "$tmp/conc-$how-$k" >/dev/null 2>&1 ||
				fail "perf lock record of $k $how clients"
			# by the function that waited, most total wait first
			perf lock contention -i "$tmp/lock.$how" -E 12 >"$tmp/lock-$how" 2>&1 ||
				fail "perf lock contention of $k $how clients"
			conc_teardown "$how"
		done
	fi
	{
		for p in $profiles; do
			perf_report "$tmp/perf.$p" "$p"
		done
		for how in nsbox floor; do
			[ ! -s "$tmp/lock-$how" ] ||
				grep -v -e '^$' -e '^#' "$tmp/lock-$how" | sed "s/^/# lock conc-$how: /"
		done
	} >>"$results"
fi

cat "$results"
