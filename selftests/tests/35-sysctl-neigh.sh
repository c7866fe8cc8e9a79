#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Per-sandbox sysctls and permanent neighbours, checked in the sandboxes
# themselves (published, so ip -n and ip netns exec work): every key of the
# allow-list reads back what was set, with sandbox add and with sysctl set;
# a refused key, a bad value or a value the kernel refuses changes nothing
# (the namespace's value and nsbox's record alike) and a create with one
# leaves nothing; permanent ARP and ND entries show in ip neigh with their
# lladdr, go with neigh del and with their device; bad ones fail cleanly.
# TAP devices carry the neighbours: they have Ethernet addresses and need
# no peer in the host.

. "$(dirname "$0")/../lib.sh"

ktap_plan 34

sandboxes="sc1 sc2 scbad"

cleanup() {
	for s in $sandboxes; do
		$NSBOX sandbox del "$s" 2>/dev/null
	done
}
trap cleanup EXIT

# pyjson CODE: run the Python statements CODE with d, the JSON on stdin
pyjson() {
	python3 -c "import json, sys
d = json.load(sys.stdin)
$1"
}

# one_line_error OUT PATTERN: OUT is one line, "nsbox: ...", matching the
# extended regular expression PATTERN, whatever the case
one_line_error() {
	[ "$(printf '%s\n' "$1" | wc -l)" -eq 1 ] &&
		printf '%s' "$1" | grep -q '^nsbox: ' &&
		printf '%s' "$1" | grep -qiE "$2"
}

# fails_saying DESC PATTERN CMD...: CMD fails with one line matching PATTERN
fails_saying() {
	_desc=$1
	_pat=$2
	shift 2
	_out=$("$@" 2>&1)
	_rc=$?
	if [ "$_rc" -ne 0 ] && one_line_error "$_out" "$_pat"; then
		ktap_ok "$_desc"
	else
		ktap_fail "$_desc" "$(printf '$ %s: exit %d\n%s' "$*" "$_rc" "$_out")"
	fi
}

# sysctl_in SANDBOX KEY: the value of KEY inside SANDBOX, blanks as spaces
sysctl_in() {
	_path=$(printf '%s' "$2" | sed 's|^net\.ipv\([46]\)\.conf\.\(.*\)\.\([a-z_0-9]*\)$|net/ipv\1/conf/\2/\3|')
	case $_path in
	net/ipv?/conf/*) ;;
	*) _path=$(printf '%s' "$_path" | tr . /) ;;
	esac
	ip netns exec "$1" cat "/proc/sys/$_path" | tr -s '\t ' '  '
}

# reads SANDBOX KEY VALUE: KEY reads VALUE inside SANDBOX
reads() {
	_v=$(sysctl_in "$1" "$2") || return 1
	[ "$_v" = "$3" ] || { echo "$2 is \"$_v\", not \"$3\""; return 1; }
}

# neigh_permanent SANDBOX ADDR MAC DEV: ip neigh has ADDR PERMANENT with MAC
neigh_permanent() {
	ip -n "$1" neigh show "$2" dev "$4" | grep -q "lladdr $3 PERMANENT"
}

neigh_none() {
	[ -z "$(ip -n "$1" neigh show "$2" dev "$3")" ]
}

# sysctl_record SANDBOX KEY=VALUE: nsbox sysctl list shows exactly that record of KEY
sysctl_record() {
	_l=$($NSBOX sysctl list "$1" | grep " sysctl ${2%%=*}=") || return 1
	[ "$_l" = "$1 sysctl $2" ] || { echo "record: $_l"; return 1; }
}

base=$(netns_count)
ktap_diag "baseline: $base network namespaces"

# --- one request: a tap, sysctls on it and beside it, addresses, neighbours ---
mac4=02:00:00:00:20:02
mac6=02:00:00:00:20:06
out=$($NSBOX -j sandbox add sc1 publish link t0 type tap \
	sysctl net.ipv4.ip_forward=1 sysctl net.ipv4.conf.t0.arp_ignore=1 \
	sysctl net.ipv6.conf.t0.accept_ra=2 sysctl 'net.ipv4.ip_local_port_range=20000 30000' \
	addr 10.20.0.1/24 dev t0 addr fd00:20::1/64 dev t0 \
	neigh 10.20.0.2 lladdr $mac4 dev t0 neigh fd00:20::2 lladdr $mac6 dev t0 2>&1)
rc=$?
if [ "$rc" -eq 0 ]; then
	ktap_ok "sandbox add with sysctl and neigh clauses"
else
	ktap_fail "sandbox add with sysctl and neigh clauses" "exit $rc: $out"
fi
check "ip_forward, conf.t0.arp_ignore read back" sh -c '
	[ "$(ip netns exec sc1 cat /proc/sys/net/ipv4/ip_forward)" = 1 ] &&
	[ "$(ip netns exec sc1 cat /proc/sys/net/ipv4/conf/t0/arp_ignore)" = 1 ]'
check "ipv6 conf.t0.accept_ra and ip_local_port_range read back" sh -c '
	[ "$(ip netns exec sc1 cat /proc/sys/net/ipv6/conf/t0/accept_ra)" = 2 ] &&
	[ "$(ip netns exec sc1 cat /proc/sys/net/ipv4/ip_local_port_range | tr "\t" " ")" = "20000 30000" ]'
check "ip -n sc1 neigh: the ARP entry is PERMANENT with its lladdr" \
	neigh_permanent sc1 10.20.0.2 $mac4 t0
check "ip -n sc1 neigh: the ND entry is PERMANENT with its lladdr" \
	neigh_permanent sc1 fd00:20::2 $mac6 t0
check "the reply lists the sysctls and the neighbours" pyjson '
s = {x["key"]: x["value"] for x in d["sysctls"]}
assert s == {"net.ipv4.ip_forward": "1", "net.ipv4.conf.t0.arp_ignore": "1",
             "net.ipv6.conf.t0.accept_ra": "2",
             "net.ipv4.ip_local_port_range": "20000 30000"}, d
n = sorted((x["dst"], x["lladdr"], x["dev"]) for x in d["neighbours"])
assert n == [("10.20.0.2", "'$mac4'", "t0"), ("fd00:20::2", "'$mac6'", "t0")], d' <<EOF
$out
EOF
check "sandbox show -j lists both" sh -c "$NSBOX -j sandbox show sc1 | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert len(d[\"sysctls\"]) == 4 and len(d[\"neighbours\"]) == 2, d'"
check "sandbox show (text) has the sysctl and neigh lines" sh -c "
	$NSBOX sandbox show sc1 | grep -qx '	sysctl net.ipv4.ip_local_port_range=\"20000 30000\"' &&
	$NSBOX sandbox show sc1 | grep -qx '	neigh 10.20.0.2 lladdr $mac4 dev t0'"

# --- every key of the allow-list, with sysctl set, in a second sandbox ---
if $NSBOX sandbox add sc2 publish link t2 type tap >/dev/null 2>&1; then
	bad=
	for dev in all default t2; do
		for kv in forwarding=1 rp_filter=2 arp_ignore=1 arp_announce=2; do
			k=net.ipv4.conf.$dev.${kv%=*}
			$NSBOX sysctl set sc2 "$k" "${kv#*=}" && reads sc2 "$k" "${kv#*=}" ||
				bad="$bad $k"
		done
		for kv in forwarding=1 accept_ra=2 disable_ipv6=1; do
			k=net.ipv6.conf.$dev.${kv%=*}
			$NSBOX sysctl set sc2 "$k" "${kv#*=}" && reads sc2 "$k" "${kv#*=}" ||
				bad="$bad $k"
		done
	done
	for kv in net.ipv4.ip_forward=1 'net.ipv4.ping_group_range=0 2147483647' \
		  net.ipv4.ip_unprivileged_port_start=80 \
		  'net.ipv4.ip_local_port_range=20000 30000' net.core.somaxconn=1000; do
		# shellcheck disable=SC2086 # a range is two words
		$NSBOX sysctl set sc2 "${kv%%=*}" ${kv#*=} && reads sc2 "${kv%%=*}" "${kv#*=}" ||
			bad="$bad ${kv%%=*}"
	done
	if [ -z "$bad" ]; then
		ktap_ok "each of the 26 allowed keys set by sysctl set reads back"
	else
		ktap_fail "each of the 26 allowed keys set by sysctl set reads back" "failed:$bad"
	fi
	n=$($NSBOX -j sysctl list sc2 | python3 -c 'import json, sys; print(len(json.load(sys.stdin)[0]["sysctls"]))')
	check "sysctl list has one record per key (26)" test "$n" = 26
else
	ktap_fail "each of the 26 allowed keys set by sysctl set reads back" "sandbox add sc2 failed"
	ktap_fail "sysctl list has one record per key (26)"
fi

# --- set again: the record is replaced ---
check "sysctl set of a recorded key" $NSBOX sysctl set sc1 net.ipv4.ip_forward 0
check "it reads back, and the record has the new value once" sh -c "
	[ \"\$(ip netns exec sc1 cat /proc/sys/net/ipv4/ip_forward)\" = 0 ] &&
	[ \"\$($NSBOX sysctl list sc1 | grep -c ' sysctl net.ipv4.ip_forward=')\" = 1 ] &&
	$NSBOX sysctl list sc1 | grep -q ' sysctl net.ipv4.ip_forward=0\$'"

# --- refused: nothing changes ---
# a namespaced key every kernel with IPv4 has (the debug kernel's tiny
# config has no syncookies), but not on the list
ttl=$(ip netns exec sc1 cat /proc/sys/net/ipv4/ip_default_ttl)
nrec=$($NSBOX sysctl list sc1 | wc -l)
fails_saying "a key off the allow-list is refused, by name" \
	'sysctl net\.ipv4\.ip_default_ttl: .*not allowed' \
	$NSBOX sysctl set sc1 net.ipv4.ip_default_ttl $((ttl + 1))
check "... and changed nothing (value and records)" sh -c "
	[ \"\$(ip netns exec sc1 cat /proc/sys/net/ipv4/ip_default_ttl)\" = $ttl ] &&
	[ \"\$($NSBOX sysctl list sc1 | wc -l)\" = $nrec ]"
fails_saying "a key with '..' or '/' is refused" "sysctl .*'/'|sysctl .*'\.\.'" \
	$NSBOX sysctl set sc1 net.ipv4.conf..t0.forwarding 1
fails_saying "a bad value is refused, naming it" 'value abc: .*decimal' \
	$NSBOX sysctl set sc1 net.ipv4.conf.t0.arp_ignore abc
fails_saying "a range needs two numbers" 'value 1000: .*two decimal' \
	$NSBOX sysctl set sc1 net.ipv4.ip_local_port_range 1000
fails_saying "a conf key of a device not in the sandbox" 'no such device' \
	$NSBOX sysctl set sc1 net.ipv4.conf.nodev0.forwarding 1
# the kernel refuses a range whose low end is above its high end
fails_saying "a value the kernel refuses fails, naming the step" 'sysctl' \
	$NSBOX sysctl set sc1 net.ipv4.ip_local_port_range 30000 20000
check "... and changed nothing (value and record)" sh -c "
	[ \"\$(ip netns exec sc1 cat /proc/sys/net/ipv4/ip_local_port_range | tr '\t' ' ')\" = '20000 30000' ] &&
	[ \"\$(ip netns exec sc1 cat /proc/sys/net/ipv4/conf/t0/arp_ignore)\" = 1 ]"
check "... nor the records" sysctl_record sc1 'net.ipv4.ip_local_port_range="20000 30000"'

# --- creates that fail leave nothing ---
fails_saying "sandbox add with a refused key fails, naming it" \
	'sysctl net\.core\.rmem_max: .*not allowed' \
	$NSBOX sandbox add scbad publish sysctl net.core.rmem_max=1
fails_saying "sandbox add whose sysctl write fails, fails" 'sysctl' \
	$NSBOX sandbox add scbad publish link t9 type tap sysctl 'net.ipv4.ip_local_port_range=3 2'
left_nothing() {
	! $NSBOX sandbox show scbad >/dev/null 2>&1 && test ! -e /run/netns/scbad
}
check "they left no sandbox and nothing in /run/netns" left_nothing
check "nor a network namespace (2 sandboxes over the baseline)" \
	wait_netns_count $((base + 2)) 30

# --- neighbours after creation ---
check "neigh add" $NSBOX neigh add sc1 10.20.0.3 lladdr 02:00:00:00:20:03 dev t0
check "ip neigh has it PERMANENT" neigh_permanent sc1 10.20.0.3 02:00:00:00:20:03 t0
fails_saying "the same one again is refused" 'already' \
	$NSBOX neigh add sc1 10.20.0.3 lladdr 02:00:00:00:20:03 dev t0
check "neigh del removes it from ip neigh and from the list" sh -c "
	$NSBOX neigh del sc1 10.20.0.3 dev t0 &&
	[ -z \"\$(ip -n sc1 neigh show 10.20.0.3 dev t0)\" ] &&
	! $NSBOX neigh list sc1 | grep -q 10.20.0.3"
fails_saying "a multicast lladdr is refused" 'lladdr.*unicast' \
	$NSBOX neigh add sc1 10.20.0.4 lladdr 01:00:5e:00:00:01 dev t0
fails_saying "a missing device is refused" 'no such device' \
	$NSBOX neigh add sc1 10.20.0.4 lladdr 02:00:00:00:20:04 dev nodev0
check "... and they left no entry" neigh_none sc1 10.20.0.4 t0
check "a link's neighbours go with it" sh -c "
	$NSBOX link add sc1 t1 type tap &&
	$NSBOX neigh add sc1 10.21.0.2 lladdr 02:00:00:00:21:02 dev t1 &&
	$NSBOX sysctl set sc1 net.ipv4.conf.t1.arp_announce 2 &&
	$NSBOX link del sc1 t1 &&
	! $NSBOX neigh list sc1 | grep -q 10.21.0.2 &&
	! $NSBOX sysctl list sc1 | grep -q conf.t1"

cleanup
check "every network namespace released" wait_netns_count "$base" 60

ktap_finish
