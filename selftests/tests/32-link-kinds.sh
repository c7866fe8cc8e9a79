#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# More link kinds and link changes, checked with iproute2 in the (published)
# sandboxes themselves: dummy and bridge links, MAC addresses, bridge
# masters, a bridge switching between two other sandboxes, link set (mtu,
# up and down, txqueuelen, address, master and nomaster) with its events,
# addr replace, and bad requests that leave everything as it was.

. "$(dirname "$0")/../lib.sh"

ktap_plan 49

tmp=$(mktemp -d)
pids=
sandboxes="k1 k2 k3 ka kb"

cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null
	done
	for s in $sandboxes; do
		$NSBOX sandbox del "$s" 2>/dev/null
	done
	ip link del nsbp0 2>/dev/null
	ip link del nsbp1 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# pyjson CODE [ARGS]: run the Python statements CODE with d, the JSON
# document on standard input, and sys.argv[1:], ARGS
pyjson() {
	_code=$1
	shift
	python3 -c "import json, sys
d = json.load(sys.stdin)
$_code" "$@"
}

# one_line_error OUT PATTERN: OUT is one line "nsbox: ..." matching PATTERN
one_line_error() {
	[ "$(printf '%s\n' "$1" | wc -l)" -eq 1 ] &&
		printf '%s' "$1" | grep -q '^nsbox: ' &&
		printf '%s' "$1" | grep -qiE "$2"
}

# link_is SANDBOX DEV PYTHON: ip -d -j link show DEV as l, PYTHON asserts
link_is() {
	ip -n "$1" -d -j link show "$2" | pyjson "l = d[0]
k = l.get('linkinfo', {}).get('info_kind')
$3"
}

# What a failed request must leave as it was: k1's links as ip sees them.
state() {
	ip -n k1 -d -j link show | python3 -c '
import json, sys
for l in sorted(json.load(sys.stdin), key=lambda l: l["ifname"]):
    print(l["ifname"], l.get("linkinfo", {}).get("info_kind"), l["mtu"], l.get("txqlen"),
          l.get("address"), l.get("master"), "UP" in l["flags"])'
}

base=$(netns_count)

$NSBOX monitor >"$tmp/mon.txt" &
pids="$pids $!"
poll 10 sh -c "$NSBOX sandbox add ev0 && $NSBOX sandbox del ev0 && grep -q ev0 '$tmp/mon.txt'"

# --- dummy and bridge, with MAC addresses and a master ---
check "link add dm0 type dummy address 02:00:00:00:aa:01 mtu 1400" sh -c \
	"$NSBOX sandbox add k1 publish &&
	 $NSBOX link add k1 dm0 type dummy address 02:00:00:00:aa:01 mtu 1400"
check "ip: dm0 is a dummy, up, with that MAC and mtu" link_is k1 dm0 '
assert k == "dummy" and "UP" in l["flags"], l
assert l["address"] == "02:00:00:00:aa:01" and l["mtu"] == 1400, l'
check "link add br0 type bridge address 02:00:00:00:bb:01" \
	$NSBOX link add k1 br0 type bridge address 02:00:00:00:bb:01
check "ip: br0 is a bridge, up, with that MAC" link_is k1 br0 '
assert k == "bridge" and "UP" in l["flags"], l
assert l["address"] == "02:00:00:00:bb:01", l'
check "link add dm1 type dummy master br0: ip shows br0 its master" sh -c \
	"$NSBOX link add k1 dm1 type dummy master br0 &&
	 ip -n k1 -j link show dm1 | grep -q '\"master\":\"br0\"'"
check "link list -j: the kinds, dm0's MAC, dm1's master" sh -c "$NSBOX -j link list k1 | python3 -c '
import json, sys
l = {l[\"ifname\"]: l for l in json.load(sys.stdin)[0][\"links\"]}
assert l[\"dm0\"][\"type\"] == \"dummy\" and l[\"br0\"][\"type\"] == \"bridge\", l
assert l[\"dm0\"][\"address\"] == \"02:00:00:00:aa:01\", l
assert l[\"dm1\"][\"master\"] == \"br0\" and \"master\" not in l[\"dm0\"], l'"
check "link list: address and master in text" sh -c \
	"$NSBOX link list k1 | grep -q '^k1 link dm0 .*type dummy .*address 02:00:00:00:aa:01' &&
	 $NSBOX link list k1 | grep -q '^k1 link dm1 .*address [0-9a-f:]* master br0'"

# --- link set ---
check "link set dm0 mtu 1300: ip shows it" sh -c \
	"$NSBOX link set k1 dm0 mtu 1300 && ip -n k1 -j link show dm0 | grep -q '\"mtu\":1300'"
check "link set dm0 down, then up: ip shows each" sh -c \
	"$NSBOX link set k1 dm0 down && ! ip -n k1 link show dm0 | grep -q '[<,]UP[,>]' &&
	 $NSBOX link set k1 dm0 up && ip -n k1 link show dm0 | grep -q '[<,]UP[,>]'"
check "link set dm0 address 02:00:00:00:aa:02 txqueuelen 77: ip shows both" sh -c \
	"$NSBOX link set k1 dm0 address 02:00:00:00:aa:02 txqueuelen 77 &&
	 ip -n k1 -j link show dm0 | grep -q '\"txqlen\":77.*\"address\":\"02:00:00:00:aa:02\"'"
check "link set dm0 master br0, then nomaster: ip shows each" sh -c \
	"$NSBOX link set k1 dm0 master br0 &&
	 ip -n k1 -j link show dm0 | grep -q '\"master\":\"br0\"' &&
	 $NSBOX link set k1 dm0 nomaster &&
	 ! ip -n k1 -j link show dm0 | grep -q '\"master\"'"
check "the record follows: link list has the new mtu and MAC, no master" sh -c \
	"$NSBOX link list k1 | grep '^k1 link dm0 ' | grep -v ' master ' |
	 grep -q 'mtu 1300 txqueuelen 77 address 02:00:00:00:aa:02'"
wait_for "monitor: link-changed k1 dm0 with the change" 10 \
	grep -qE '^link-changed k1 dm0 type dummy ifindex [0-9]+ mtu 1300 txqueuelen 77 address 02:00:00:00:aa:02 master br0 up$' \
	"$tmp/mon.txt"

# --- bad requests: a clear error each, and nothing changes ---
check "an IPv6 address on dm0 (for the MTU case below)" $NSBOX addr add k1 fd77::1/64 dev dm0
state >"$tmp/before"
while IFS='|' read -r what cmd pattern; do
	# shellcheck disable=SC2086 # a command line
	out=$($NSBOX $cmd 2>&1 </dev/null)
	rc=$?
	state >"$tmp/after"
	if [ "$rc" -ne 0 ] && one_line_error "$out" "$pattern" && [ -s "$tmp/after" ] &&
	   cmp -s "$tmp/before" "$tmp/after"; then
		ktap_ok "refused, nothing changed: $what"
	else
		ktap_fail "refused, nothing changed: $what" \
			"$(printf '$ nsbox %s: exit %s: %s\n' "$cmd" "$rc" "$out")
$(diff "$tmp/before" "$tmp/after")"
	fi
done <<EOF
a bad MAC|link add k1 bad0 type dummy address 02:00:00:00:zz:01|address
a multicast MAC|link set k1 dm0 address 01:00:5e:00:00:01|address.*multicast
a MAC on a tun|link add k1 bad0 type tun address 02:00:00:00:aa:09|MAC
a master that is not a bridge|link add k1 bad0 type dummy master dm0|master.*not a bridge
an unknown master|link add k1 bad0 type dummy master nobr0|master.*no bridge
a bridge with a master|link add k1 bad1 type bridge master br0|master
link set of a link nsbox did not make|link set k1 nolink0 up|no link
link set master that is not a bridge|link set k1 dm1 master dm0|master.*not a bridge
link set mtu 70000|link set k1 dm0 mtu 70000|mtu
link set mtu 1000 under IPv6|link set k1 dm0 mtu 1000|mtu.*1280
a macvlan on no such parent|link add k1 bad0 type macvlan parent nosuch0|parent
EOF

# The kernel's own checks, which the CLI makes first: through the kernel's
# YNL cli.py, a second client that checks nothing itself.
repo=$(cd "$(dirname "$0")/../.." && pwd)
spec=$repo/Documentation/netlink/specs/nsbox.yaml
if ynl=$("$repo/scripts/ynl-tools.sh" 2>&1); then
	schema=$ynl/Documentation/netlink/$(sed -n 's/^protocol: *//p' "$spec").yaml
else
	ktap_diag "no YNL tools: $ynl"
	ynl=
fi
while IFS='|' read -r what op json pattern; do
	out=$([ -n "$ynl" ] && python3 "$ynl/tools/net/ynl/cli.py" --spec "$spec" \
		--schema "$schema" --do "$op" --json "$json" 2>&1)
	rc=$?
	state >"$tmp/after"
	if [ -n "$ynl" ] && [ "$rc" -ne 0 ] && printf '%s' "$out" | grep -qE "$pattern" &&
	   [ -s "$tmp/after" ] && cmp -s "$tmp/before" "$tmp/after"; then
		ktap_ok "kernel refuses, nothing changed: $what"
	else
		ktap_fail "kernel refuses, nothing changed: $what" "exit $rc: $out
$(diff "$tmp/before" "$tmp/after")"
	fi
done <<EOF
a MAC on a tun|link-new|{"sandbox": "k1", "ifname": "bad0", "type": "tun", "address": "020000000009"}|a tun device has no MAC address
a MAC of 5 bytes|link-new|{"sandbox": "k1", "ifname": "bad0", "type": "dummy", "address": "0200000000"}|MAC address must be 6 bytes
a multicast MAC|link-set|{"sandbox": "k1", "ifname": "dm0", "address": "01005e000001"}|unicast
a bridge with a master|link-new|{"sandbox": "k1", "ifname": "bad1", "type": "bridge", "master": "br0"}|can join a bridge
master and nomaster|link-set|{"sandbox": "k1", "ifname": "dm1", "master": "br0", "nomaster": true}|exclude each other
EOF

# A change the kernel accepts but the device refuses half-way: dm0 under a
# macvlan made by hand cannot join a bridge (one rx_handler a device), so
# the helper puts back the MTU it had set already.
put_back() {
	ip -n k1 link add mv0 link dm0 type macvlan || return 1
	if _out=$($NSBOX link set k1 dm0 mtu 1350 master br0 2>&1); then
		echo "it succeeded: $_out"
		return 1
	fi
	ip -n k1 link del mv0
	printf '%s\n' "$_out" | grep -q "^nsbox: " || { echo "$_out"; return 1; }
	state >"$tmp/after"
	cmp -s "$tmp/before" "$tmp/after" || { diff "$tmp/before" "$tmp/after"; return 1; }
	$NSBOX link list k1 | grep -q '^k1 link dm0 .* mtu 1300 '
}
check "a link set failing half-way puts back what it changed (mtu 1300, no master)" put_back

# --- a whole sandbox in one request ---
check "sandbox add k2: a bridge, then two dummies in it, one with a MAC" sh -c \
	"$NSBOX sandbox add k2 publish link b0 type bridge \
		link d0 type dummy master b0 address 02:00:00:00:cc:01 \
		link d1 type dummy master b0 &&
	 ip -n k2 -j link show d0 | grep -q '\"master\":\"b0\".*\"address\":\"02:00:00:00:cc:01\"' &&
	 ip -n k2 -j link show d1 | grep -q '\"master\":\"b0\"'"
out=$($NSBOX sandbox add k3 publish link d0 type dummy master b0 link b0 type bridge 2>&1)
rc=$?
if [ "$rc" -ne 0 ] && one_line_error "$out" 'master' && ! $NSBOX sandbox show k3 >/dev/null 2>&1 &&
   [ ! -e /run/netns/k3 ]; then
	ktap_ok "a master named before its bridge is refused, and no sandbox is left"
else
	ktap_fail "a master named before its bridge is refused, and no sandbox is left" \
		"exit $rc: $out"
fi
out=$($NSBOX sandbox add k3 publish link b0 type bridge link d0 type dummy master b0 \
	route 10.99.0.0/16 via 172.16.99.1 dev d0 2>&1)
rc=$?
if [ "$rc" -ne 0 ] && ! $NSBOX sandbox show k3 >/dev/null 2>&1 && [ ! -e /run/netns/k3 ]; then
	ktap_ok "a bridge sandbox whose route fails leaves nothing"
else
	ktap_fail "a bridge sandbox whose route fails leaves nothing" "exit $rc: $out"
fi

# --- a bridge switching between two other sandboxes ---
check "br1 in k1, with veths pa and pb whose peers are in ka and kb" sh -c \
	"$NSBOX sandbox add ka publish && $NSBOX sandbox add kb publish &&
	 $NSBOX link add k1 br1 type bridge &&
	 $NSBOX link add k1 pa type veth peer ea sandbox ka master br1 &&
	 $NSBOX link add k1 pb type veth peer eb sandbox kb master br1 &&
	 $NSBOX addr add ka 10.77.0.1/24 dev ea && $NSBOX addr add kb 10.77.0.2/24 dev eb"
check "ip: pa and pb are br1's ports" sh -c \
	"test \"\$(ip -n k1 -o link show master br1 | grep -c ' p[ab]@')\" = 2"
wait_for "ka pings kb through br1" 15 ip netns exec ka ping -c 1 -W 2 10.77.0.2
check "link del br1: its ports are no longer listed with a master" sh -c \
	"$NSBOX link del k1 br1 &&
	 ! $NSBOX link list k1 | grep -q 'master br1' &&
	 ! ip -n k1 -j link show pa | grep -q '\"master\"'"

# --- macvlan, ipvlan and vlan, made in sandboxes on a device of the host ---
check "macvlans ma in ka and mb in kb on the host's dummy nsbp0" sh -c \
	"ip link add nsbp0 type dummy && ip link set nsbp0 up &&
	 $NSBOX link add ka ma type macvlan parent nsbp0 mode bridge &&
	 $NSBOX link add kb mb type macvlan parent nsbp0 address 02:00:00:00:dd:02 &&
	 $NSBOX addr add ka 10.78.0.1/24 dev ma && $NSBOX addr add kb 10.78.0.2/24 dev mb"
macvlans_ok() {
	link_is ka ma '
assert k == "macvlan" and l["linkinfo"]["info_data"]["mode"] == "bridge", l
assert "UP" in l["flags"], l' &&
		ip -n kb -j link show mb | grep -q '"address":"02:00:00:00:dd:02"'
}
check "ip: ma is a macvlan in bridge mode, up; mb has its MAC" macvlans_ok
wait_for "ka pings kb through the macvlans on nsbp0" 15 ip netns exec ka ping -c 1 -W 2 10.78.0.2
# (an ipvlan cannot share its parent with a macvlan: one rx_handler a device)
vlans_ok() {
	ip link add nsbp1 type dummy && ip link set nsbp1 up &&
		$NSBOX link add k1 v10 type vlan parent nsbp0 id 10 &&
		$NSBOX link add k1 iv0 type ipvlan parent nsbp1 mode l3 &&
		link_is k1 v10 'assert k == "vlan" and l["linkinfo"]["info_data"]["id"] == 10, l' &&
		link_is k1 iv0 'assert k == "ipvlan" and l["linkinfo"]["info_data"]["mode"] == "l3", l' &&
		$NSBOX link list k1 | grep -q '^k1 link v10 .*type vlan .*parent nsbp0 id 10' &&
		$NSBOX link list k1 | grep -q '^k1 link iv0 .*type ipvlan .*parent nsbp1 mode l3'
}
check "vlan v10 id 10 on nsbp0 and ipvlan iv0 mode l3 on nsbp1, in k1" vlans_ok
check "a vlan named as its parent: the name is the sandbox's, not the host's" sh -c \
	"$NSBOX link add kb nsbp0 type vlan parent nsbp0 id 20 &&
	 ip -n kb -d -j link show nsbp0 | grep -q '\"id\":20'"

# --- addr replace ---
check "addr add 10.88.0.1/24 dev dm0" $NSBOX addr add k1 10.88.0.1/24 dev dm0
out=$($NSBOX addr add k1 10.88.0.1/24 dev dm0 2>&1)
rc=$?
if [ "$rc" -ne 0 ] && one_line_error "$out" 'already|exist'; then
	ktap_ok "adding it again fails"
else
	ktap_fail "adding it again fails" "exit $rc: $out"
fi
check "addr add ... replace of it succeeds, and it is listed once" sh -c \
	"$NSBOX addr add k1 10.88.0.1/24 dev dm0 replace &&
	 test \"\$($NSBOX addr list k1 | grep -c ' 10.88.0.1/24 ')\" = 1"
check "an address added by hand: addr add fails, addr replace takes it over" sh -c \
	"ip -n k1 addr add 10.88.1.1/24 dev dm0 &&
	 ! $NSBOX addr add k1 10.88.1.1/24 dev dm0 2>/dev/null &&
	 $NSBOX addr replace k1 10.88.1.1/24 dev dm0 &&
	 $NSBOX addr list k1 | grep -q ' 10.88.1.1/24 dev dm0' &&
	 ip -n k1 -br addr show dm0 | grep -q '10.88.1.1/24'"

# --- gone with their sandboxes ---
check "sandbox del k1, k2, ka, kb; the host's nsbp0 is left as it was" sh -c \
	"for s in k1 k2 ka kb; do $NSBOX sandbox del \$s || exit 1; done &&
	 ip link show nsbp0 >/dev/null && ip link del nsbp0 && ip link del nsbp1"
check "every network namespace released" wait_netns_count "$base" 60

ktap_finish
