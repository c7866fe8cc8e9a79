#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-plot.sh BENCH_TXT SVG|PNG: plot the results of `make bench`
# (selftests/bench/bench.sh's output) with gnuplot, as one SVG (or PNG, by
# the name) of up to three panels, each drawn only when its rows are in BENCH_TXT:
#
#   growth       ms per operation against the sandboxes live (the grow_*
#                rows): create and delete (teardown waited for) by nsbox
#                and by the floor, show, exec by nsbox and by the floor,
#                and the list of them all; log scale, medians with the
#                min-max range of the rounds
#   concurrency  ms per sandbox against the clients at once (the
#                concurrentK_* rows), nsbox's batches and the floors
#   alternatives the creation and exec rows side by side, nsbox against
#                the floors, iproute2 and nsenter, log scale
#
# The table rows are "NAME MEDIAN MIN MAX ROUNDS N"; the title is the
# run's first line. Run by make bench after the VM; it needs gnuplot
# (make deps installs gnuplot-nox).

set -euo pipefail

[ $# -eq 2 ] || { echo "usage: bench-plot.sh BENCH_TXT SVG|PNG" >&2; exit 2; }
in=$1
out=$2
[ -s "$in" ] || { echo "bench-plot: no results in $in" >&2; exit 1; }
command -v gnuplot >/dev/null || { echo "bench-plot: no gnuplot (make deps)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# rows: "NAME MEDIAN MIN MAX" of the table
awk 'NF == 6 && $2 ~ /^[0-9.]+$/ && $5 ~ /^[0-9]+$/ { print $1, $2, $3, $4 }' "$in" >"$tmp/rows"

# growth: "LEVEL" then MEDIAN MIN MAX of each series, by level
series="create_nsbox create_floor delete_nsbox delete_floor show_nsbox exec_nsbox exec_floor list_nsbox"
awk -v series="$series" '
	$1 ~ /^grow_/ {
		name = $1
		sub(/^grow_/, "", name)
		level = name
		sub(/.*_/, "", level)
		sub(/_[0-9]+$/, "", name)
		v[name, level] = $2 " " $3 " " $4
		if (!(level in seen)) {
			seen[level] = 1
			levels[++nl] = level
		}
	}
	END {
		ns = split(series, s, " ")
		for (i = 1; i <= nl; i++) {
			line = levels[i]
			for (j = 1; j <= ns; j++)
				line = line " " ((s[j], levels[i]) in v ? v[s[j], levels[i]] : "NaN NaN NaN")
			print line
		}
	}' "$tmp/rows" | sort -n >"$tmp/growth"

# concurrency: "CLIENTS NSBOX_MEDIAN MIN MAX FLOOR_MEDIAN MIN MAX"
awk '$1 ~ /^concurrent[0-9]+_(nsbox|floor)$/ {
		k = $1
		sub(/^concurrent/, "", k)
		how = k
		sub(/_.*/, "", k)
		sub(/^[0-9]+_/, "", how)
		v[k, how] = $2 " " $3 " " $4
		ks[k] = 1
	}
	END {
		for (k in ks)
			if ((k, "nsbox") in v && (k, "floor") in v)
				print k, v[k, "nsbox"], v[k, "floor"]
	}' "$tmp/rows" | sort -n >"$tmp/concurrency"

# alternatives: "LABEL MEDIAN" of the rows that are there, creation then exec
awk 'BEGIN {
		n = split("create_floor:create, floor|create_floor_same:create, same-steps floor|" \
			  "create_nsbox_batch:create, nsbox -batch|create_nsbox_single:create, nsbox|" \
			  "create_iproute2:create, ip netns + ip -n|exec_floor:exec, setns+fork+exec|" \
			  "exec_api:exec, netlink API from C|exec_nsbox:exec, nsbox exec|" \
			  "exec_ip_netns:exec, ip netns exec|exec_nsenter:exec, nsenter", want, "|")
	}
	{ m[$1] = $2 }
	END {
		for (i = 1; i <= n; i++) {
			split(want[i], kv, ":")
			if (kv[1] in m)
				printf "\"%s\" %s\n", kv[2], m[kv[1]]
		}
	}' "$tmp/rows" >"$tmp/alternatives"

panels=0
for f in growth concurrency alternatives; do
	[ -s "$tmp/$f" ] && panels=$((panels + 1))
done
[ "$panels" -gt 0 ] || { echo "bench-plot: no rows to plot in $in" >&2; exit 1; }
# xtics FILE: a tic at each value of FILE's first column, and no other
xtics() {
	echo "set xtics ($(awk '{ printf "%s\"%s\" %s", (NR > 1 ? ", " : ""), $1, $1 }' "$1"))"
}

# the run's first line, in two: what ran where, then the sizes
title=$(head -n 1 "$in" | sed 's/^# //; s/"/\\"/g; s/, N /\\nN /')

{
	case $out in
	*.png) echo "set terminal pngcairo size 900,$((panels * 420 + 40)) enhanced font 'sans,10'" ;;
	*) echo "set terminal svg size 900,$((panels * 420 + 40)) dynamic enhanced font 'sans,11'" ;;
	esac
	echo "set output '$out'"
	echo "set multiplot layout $panels,1 title \"$title\" font 'sans,10'"
	echo "set grid"
	echo "set key outside right top"
	echo "set style data yerrorlines"
	if [ -s "$tmp/growth" ]; then
		echo "set title 'Growth: the cost of one operation with more sandboxes live'"
		echo "set xlabel 'sandboxes live'"
		echo "set ylabel 'ms per operation (log)'"
		echo "set logscale y"
		xtics "$tmp/growth"
		# columns: 1 level, then median min max of each series from 2 on
		echo "plot '$tmp/growth' using 1:2:3:4 title 'create, nsbox -batch' lw 2, \\"
		echo "  '' using 1:5:6:7 title 'create, floor' dt 2, \\"
		echo "  '' using 1:8:9:10 title 'delete + teardown, nsbox' lw 2, \\"
		echo "  '' using 1:11:12:13 title 'delete + teardown, floor' dt 2, \\"
		echo "  '' using 1:14:15:16 title 'sandbox show' lw 2, \\"
		echo "  '' using 1:17:18:19 title 'exec, nsbox' lw 2, \\"
		echo "  '' using 1:20:21:22 title 'exec, floor' dt 2, \\"
		echo "  '' using 1:23:24:25 title 'sandbox list (all)' lw 2"
		echo "unset logscale y"
		echo "set xtics autofreq"
	fi
	if [ -s "$tmp/concurrency" ]; then
		echo "set title 'Concurrency: sandboxes made by K clients at once'"
		echo "set xlabel 'clients at once'"
		echo "set ylabel 'ms per sandbox (wall)'"
		echo "set yrange [0:*]"
		xtics "$tmp/concurrency"
		echo "plot '$tmp/concurrency' using 1:2:3:4 title 'nsbox -batch each' lw 2, \\"
		echo "  '' using 1:5:6:7 title 'floor each' dt 2"
		echo "set autoscale y"
		echo "set xtics autofreq"
	fi
	if [ -s "$tmp/alternatives" ]; then
		echo "set title 'The alternatives side by side (medians)'"
		echo "unset xlabel"
		echo "set ylabel 'ms per sandbox or per start (log)'"
		echo "set logscale y"
		echo "set style data histograms"
		echo "set style fill solid 0.6 border -1"
		echo "set boxwidth 0.8"
		echo "set xtics rotate by -30 left"
		echo "set bmargin 7"
		echo "unset key"
		echo "plot '$tmp/alternatives' using 2:xtic(1) lc rgb '#4477aa'"
	fi
	echo "unset multiplot"
} >"$tmp/plot.gp"
gnuplot "$tmp/plot.gp"
echo "# plot in $out"
