#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Links, addresses and routes in sandboxes, checked with iproute2 in the
# sandboxes themselves (they are published, so ip -n and ip netns exec work):
# TUN and TAP devices as asked, veth pairs between sandboxes and to the host,
# what survives a bad request (nothing), a whole sandbox in one request (all
# or nothing), noipv6, link events, and packets through a TUN and a TAP
# answered by an unprivileged program attached to them (progs/tun_echo).

. "$(dirname "$0")/../lib.sh"

ktap_plan 79

here=$(cd "$(dirname "$0")/.." && pwd)
tun_echo=${NSBOX_BUILD:-$here/../build}/bin/progs/tun_echo
tmp=$(mktemp -d)
pids=
sandboxes="one l1 va vb vh n6 big"
host_links="nsbh0 nsbh1 bad1"

cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null
	done
	for s in $sandboxes; do
		$NSBOX sandbox del "$s" 2>/dev/null
	done
	for l in $host_links; do
		ip link del "$l" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

# pyjson CODE [ARGS]: run the Python statements CODE with d, the JSON
# document on standard input, and sys.argv[1:], ARGS; asserts fail it
pyjson() {
	_code=$1
	shift
	python3 -c "import json, sys
d = json.load(sys.stdin)
$_code" "$@"
}

# one_line_error OUT PATTERN: OUT is one line, "nsbox: ...", matching the
# extended regular expression PATTERN, whatever the case
one_line_error() {
	[ "$(printf '%s\n' "$1" | wc -l)" -eq 1 ] &&
		printf '%s' "$1" | grep -q '^nsbox: ' &&
		printf '%s' "$1" | grep -qiE "$2"
}

# link_gone [SANDBOX] DEV: ip says DEV does not exist, in SANDBOX's
# namespace (which must be there: ip -n fails without it too) or in the
# host's; fails, showing why, when ip fails for any other reason
link_gone() {
	_dev=$1
	if [ $# -eq 2 ]; then
		_dev=$2
		ip -n "$1" link show lo >/dev/null || return 1
		_out=$(ip -n "$1" link show "$_dev" 2>&1)
	else
		_out=$(ip link show "$_dev" 2>&1)
	fi
	_rc=$?
	case $_rc:$_out in
	0:*) printf '%s\n' "$_out" ;;
	*:"Device \"$_dev\" does not exist.") return 0 ;;
	*) printf '%s\n' "$_out" >&2 ;;
	esac
	return 1
}

# addrs_ok SANDBOX DEV PREFIX...: DEV has these addresses, and those that
# are IPv6 are not tentative (so they can be used)
addrs_ok() {
	_s=$1
	_d=$2
	shift 2
	ip -n "$_s" -j addr show dev "$_d" | pyjson '
ai = d[0]["addr_info"]
have = {"%s/%d" % (a["local"], a["prefixlen"]): a for a in ai}
for p in sys.argv[1:]:
    assert p in have, (p, ai)
    assert not have[p].get("tentative"), ("tentative", p, ai)' "$@"
}

# route_ok SANDBOX PREFIX GATEWAY DEV MTU ADVMSS METRIC: that route, and
# installed by nsbox (proto 176, NSBOX_RTPROT)
route_ok() {
	ip -n "$1" -j route show "$2" | pyjson '
p, gw, dev, mtu, advmss, metric = sys.argv[1:]
r = [r for r in d if r["dst"] == p]
assert len(r) == 1, d
r = r[0]
m = r.get("metrics", [{}])[0]
assert r.get("gateway") == gw and r["dev"] == dev, r
assert r.get("metric") == int(metric), r
assert m.get("mtu") == int(mtu) and m.get("advmss") == int(advmss), r
assert str(r.get("protocol")) == "176", r' "$2" "$3" "$4" "$5" "$6" "$7"
}

# tuntap_ok SANDBOX DEV TYPE MTU TXQLEN [group]: a persistent TUN/TAP owned
# by uid 65534 (and with group, by gid 65534), up
tuntap_ok() {
	ip -n "$1" -d -j link show "$2" | pyjson '
typ, mtu, txqlen = sys.argv[1:4]
l = d[0]
i = l["linkinfo"]["info_data"]
assert l["mtu"] == int(mtu) and l["txqlen"] == int(txqlen), l
assert "UP" in l["flags"], l
assert i["type"] == typ and i["persist"], i
assert str(i.get("user")) in ("nobody", "65534"), i
if sys.argv[4:]:
    assert str(i.get("group")) in ("nogroup", "65534"), i' "$3" "$4" "$5" ${6:+"$6"}
}

# What a failed request must leave as it was: the links, addresses and
# routes of l1, and the host's links. Not carrier, operational state or
# the flags that follow them: a link made a moment ago may still be
# settling (linkwatch reports a lost carrier asynchronously).
state() {
	{
		ip -n l1 -j link show
		ip -n l1 -j addr show
		ip -n l1 -j -4 route show table all
		ip -n l1 -j -6 route show table all
		ip -j link show
	} | python3 -c '
import json, sys
links, addrs, r4, r6, host = [json.loads(l) for l in sys.stdin if l.strip()]
for l in sorted(links, key=lambda l: l["ifname"]):
    print("link", l["ifname"], l["mtu"], l.get("txqlen"), l.get("address"))
for a in addrs:
    for i in a.get("addr_info", []):
        print("addr", a["ifname"], "%s/%d" % (i["local"], i["prefixlen"]))
for r in r4 + r6:
    print("route", *(r.get(k) for k in ("type", "dst", "gateway", "dev", "table",
                                         "protocol", "metric")))
print("host", *sorted(l["ifname"] for l in host))'
}

base=$(netns_count)
ktap_diag "baseline: $base network namespaces"

# --- events: listen from the start, text and JSON ---
$NSBOX -j monitor >"$tmp/mon.json" &
pids="$pids $!"
$NSBOX monitor >"$tmp/mon.txt" &
pids="$pids $!"
# they subscribe asynchronously: wait until both hear a probe
poll 10 sh -c "$NSBOX sandbox add ev0 && $NSBOX sandbox del ev0 &&
	grep -q ev0 '$tmp/mon.json' && grep -q ev0 '$tmp/mon.txt'"

# --- a whole sandbox in one request: all or nothing ---
one_tun="link tun0 type tun mtu 1400 addr 10.9.0.1/24 dev tun0"
one_route="route 10.10.0.0/16 via 10.9.0.2 dev tun0"
# shellcheck disable=SC2086 # clauses are words
out=$($NSBOX sandbox add one publish $one_tun $one_route \
	route 10.11.0.0/16 via 172.16.99.1 dev tun0 2>&1)
rc=$?
if [ "$rc" -ne 0 ] && one_line_error "$out" 'gateway|route|unreachable'; then
	ktap_ok "one request whose last route is unreachable fails, saying why"
else
	ktap_fail "one request whose last route is unreachable fails, saying why" "exit $rc: $out"
fi
left_nothing() {
	# not there, rather than any failure to show it
	if _out=$($NSBOX sandbox show one 2>&1) ||
	   ! one_line_error "$_out" 'no sandbox'; then
		printf '%s\n' "$_out"
		return 1
	fi
	test ! -e /run/netns/one && link_gone tun0
}
check "it left no sandbox, nothing in /run/netns, no device in the host" left_nothing
# a device left in the namespace would hold it
check "it left no network namespace (back to the baseline)" wait_netns_count "$base" 30

# shellcheck disable=SC2086
out=$($NSBOX -j sandbox add one publish $one_tun $one_route 2>&1)
rc=$?
if [ "$rc" -eq 0 ]; then
	ktap_ok "the same without the bad route succeeds in one request"
else
	ktap_fail "the same without the bad route succeeds in one request" "exit $rc: $out"
fi
check "its reply has the link, its address and the route" pyjson '
t = [l for l in d["links"] if l["ifname"] == "tun0"]
assert t and t[0]["type"] == "tun" and t[0]["mtu"] == 1400, d
assert "10.9.0.1/24" in t[0]["addresses"], d
assert [r for r in d["routes"] if r["dst"] == "10.10.0.0/16" and
        r["gateway"] == "10.9.0.2" and r["dev"] == "tun0"], d' <<EOF
$out
EOF
check "ip -n one: tun0 up with mtu 1400, its address and the route" sh -c \
	'ip -n one -j link show tun0 | grep -q "\"mtu\":1400" &&
	 ip -n one -j link show tun0 | grep -q "\"UP\"" &&
	 ip -n one -br addr show tun0 | grep -q "10.9.0.1/24" &&
	 ip -n one route show 10.10.0.0/16 | grep -q "via 10.9.0.2 dev tun0 proto 176"'

# --- a TUN ---
check "publish sandbox l1" $NSBOX sandbox add l1 publish
check "link add tun0 type tun mtu 1400 txqueuelen 500 owner 65534" \
	$NSBOX link add l1 tun0 type tun mtu 1400 txqueuelen 500 owner 65534
check "ip: tun0 is a persistent tun owned by 65534, up, mtu 1400, txqlen 500" \
	tuntap_ok l1 tun0 tun 1400 500
check "addr add 10.40.0.1/24 and fd40::1/64 dev tun0" sh -c \
	"$NSBOX addr add l1 10.40.0.1/24 dev tun0 && $NSBOX addr add l1 fd40::1/64 dev tun0"
wait_for "ip: tun0 has both, the IPv6 one not tentative" 5 \
	addrs_ok l1 tun0 10.40.0.1/24 fd40::1/64
check "route add 10.41.0.0/16 via 10.40.0.2 dev tun0 mtu 1400 advmss 1360 metric 10" \
	$NSBOX route add l1 10.41.0.0/16 via 10.40.0.2 dev tun0 mtu 1400 advmss 1360 metric 10
check "ip: the route is exactly that, with proto 176" \
	route_ok l1 10.41.0.0/16 10.40.0.2 tun0 1400 1360 10
check "ip route get 10.41.0.5 takes it" sh -c "ip -n l1 -j route get 10.41.0.5 | python3 -c '
import json, sys
r = json.load(sys.stdin)[0]
assert r[\"dev\"] == \"tun0\" and r[\"gateway\"] == \"10.40.0.2\", r
assert r[\"metrics\"][0] == {\"mtu\": 1400, \"advmss\": 1360}, r'"
out=$($NSBOX link add l1 tun0 type tun 2>&1)
rc=$?
if [ "$rc" -ne 0 ] && one_line_error "$out" 'exist'; then
	ktap_ok "creating tun0 again fails with EEXIST, said clearly"
else
	ktap_fail "creating tun0 again fails with EEXIST, said clearly" "exit $rc: $out"
fi
ifindex=$(ip -n l1 -j link show tun0 2>/dev/null |
	python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["ifindex"])' 2>/dev/null)
check "sandbox show -j: tun0 with its addresses, and the route" sh -c "$NSBOX -j sandbox show l1 | python3 -c '
import json, sys
d = json.load(sys.stdin)
t = [l for l in d[\"links\"] if l[\"ifname\"] == \"tun0\"]
assert len(t) == 1, d
t = t[0]
assert t[\"type\"] == \"tun\" and t[\"ifindex\"] == int(sys.argv[1]), t
assert t[\"mtu\"] == 1400 and t[\"txqlen\"] == 500 and t[\"owner\"] == 65534, t
assert t[\"up\"] is True and t[\"operstate\"] in (\"up\", \"down\", \"unknown\"), t
assert t[\"flags\"] == [] and {\"10.40.0.1/24\", \"fd40::1/64\"} <= set(t[\"addresses\"]), t
r = [r for r in d[\"routes\"] if r[\"dst\"] == \"10.41.0.0/16\"]
assert len(r) == 1, d[\"routes\"]
r = r[0]
assert r[\"gateway\"] == \"10.40.0.2\" and r[\"dev\"] == \"tun0\" and r[\"table\"] == 254, r
assert r[\"mtu\"] == 1400 and r[\"advmss\"] == 1360 and r[\"metric\"] == 10, r' $ifindex"
check "sandbox show: a line for tun0 and one for the route" sh -c \
	"$NSBOX sandbox show l1 >'$tmp/show' &&
	 grep -qE '^.link tun0 ifindex $ifindex type tun mtu 1400 txqueuelen 500 owner 65534 state [a-z]+ .*addr 10.40.0.1/24' '$tmp/show' &&
	 grep -q '^.route 10.41.0.0/16 via 10.40.0.2 dev tun0 mtu 1400 advmss 1360 metric 10 table 254$' '$tmp/show'"
# as `ip link` lists links: nsbox link, nsbox addr, nsbox route
members() {
	$NSBOX link | grep -qE "^l1 link tun0 ifindex $ifindex type tun mtu 1400 " &&
		$NSBOX link list l1 | grep -q "^l1 link tun0 " &&
		! $NSBOX link list l1 | grep -qv "^l1 link " &&
		$NSBOX addr list l1 | grep -q "^l1 addr 10.40.0.1/24 dev tun0" &&
		$NSBOX route | grep -q "^l1 route 10.41.0.0/16 via 10.40.0.2 dev tun0 " &&
		$NSBOX -j link list l1 | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert len(d) == 1 and d[0]["sandbox"] == "l1", d
assert [l for l in d[0]["links"] if l["ifname"] == "tun0"], d' &&
		! $NSBOX link list no-such-sandbox 2>/dev/null
}
check "nsbox link, addr and route list what nsbox made, per sandbox" members
check "sandbox list: one line per sandbox; -j has the links and routes" sh -c \
	"test \$($NSBOX sandbox list | wc -l) -eq \$($NSBOX -j sandbox list | python3 -c '
import json, sys
d = json.load(sys.stdin)
l1 = [s for s in d if s[\"name\"] == \"l1\"][0]
assert [l for l in l1[\"links\"] if l[\"ifname\"] == \"tun0\"], l1
assert [r for r in l1[\"routes\"] if r[\"dst\"] == \"10.41.0.0/16\"], l1
print(len(d))')"

# --- a TAP, and TUN/TAP options ---
check "link add tap0 type tap mtu 1400 txqueuelen 750 owner nobody group nogroup" \
	$NSBOX link add l1 tap0 type tap mtu 1400 txqueuelen 750 owner nobody group nogroup
check "ip: tap0 is a persistent tap owned by 65534:65534, up, mtu 1400, txqlen 750" \
	tuntap_ok l1 tap0 tap 1400 750 group
# Names are resolved by the system's getent, whatever source NSS has them
# from: a user added to the passwd database now is found (ip shows the
# owner by name, as it resolves it too), and one that no source knows is
# refused by name and leaves no device.
# A group with 20,000 members: its line is larger than a pipe holds.
cp /etc/passwd "$tmp/passwd"
cp /etc/group "$tmp/group"
echo "nsbox-u1:x:4242:4242::/nonexistent:/usr/sbin/nologin" >>/etc/passwd
awk 'BEGIN { printf "nsbox-g1:x:4343:"
	for (i = 0; i < 20000; i++) printf "member%d,", i
	print "member" }' >>/etc/group
owner_by_name() {
	$NSBOX link add l1 tapn type tap owner nsbox-u1 group nsbox-g1 &&
		ip -n l1 -d link show tapn | grep -Eq ' user (4242|nsbox-u1) group (4343|nsbox-g1)( |$)' &&
		$NSBOX link del l1 tapn
}
check "owner and group by names the system resolves (getent): 4242 and 4343" owner_by_name
cp "$tmp/passwd" /etc/passwd
cp "$tmp/group" /etc/group
unknown_owner() {
	out=$($NSBOX link add l1 tapx type tap owner nsbox-nobody-such 2>&1)
	rc=$?
	[ "$rc" -eq 2 ] && printf '%s' "$out" | grep -q 'no such user "nsbox-nobody-such"' &&
		! ip -n l1 link show tapx 2>/dev/null
}
check "an unknown owner is refused by name, and no device is made" unknown_owner
check "addresses 10.30.0.1/24, fd30::1/64 and a route on tap0" sh -c \
	"$NSBOX addr add l1 10.30.0.1/24 dev tap0 && $NSBOX addr add l1 fd30::1/64 dev tap0 &&
	 $NSBOX route add l1 10.31.0.0/16 via 10.30.0.2 dev tap0 mtu 1300 advmss 1260 metric 20"
check "ip: tap0 has both addresses" sh -c \
	"ip -n l1 -br addr show tap0 | grep -q '10.30.0.1/24.*fd30::1/64'"
check "ip: the route on tap0 is exactly that, with proto 176" \
	route_ok l1 10.31.0.0/16 10.30.0.2 tap0 1300 1260 20
check "link add mq0 type tun multi_queue vnet_hdr pi: the device has them" sh -c \
	"$NSBOX link add l1 mq0 type tun multi_queue vnet_hdr pi &&
	 ip -n l1 -d -j link show mq0 | python3 -c '
import json, sys
i = json.load(sys.stdin)[0][\"linkinfo\"][\"info_data\"]
assert i[\"multi_queue\"] and i[\"vnet_hdr\"] and i[\"pi\"], i' &&
	 $NSBOX -j sandbox show l1 | python3 -c '
import json, sys
l = [l for l in json.load(sys.stdin)[\"links\"] if l[\"ifname\"] == \"mq0\"][0]
assert l[\"flags\"] == [\"multi_queue\", \"vnet_hdr\", \"pi\"], l'"
check "link add small0 type tun mtu 1000 (txqueuelen by default 1000)" sh -c \
	"$NSBOX link add l1 small0 type tun mtu 1000 &&
	 ip -n l1 -j link show small0 | grep -q '\"mtu\":1000,.*\"txqlen\":1000'"

# --- bad requests: a clear error each, and nothing changes ---
state >"$tmp/before"
while IFS='|' read -r what cmd pattern; do
	# shellcheck disable=SC2086 # a command line
	out=$($NSBOX $cmd 2>&1 </dev/null)
	rc=$?
	state >"$tmp/after"
	# (state prints nothing when it fails: that would compare equal)
	if [ "$rc" -ne 0 ] && one_line_error "$out" "$pattern" &&
	   grep -q '^link tun0 ' "$tmp/after" && cmp -s "$tmp/before" "$tmp/after"; then
		ktap_ok "refused, nothing changed: $what"
	else
		ktap_fail "refused, nothing changed: $what" \
			"$(printf '$ nsbox %s: exit %s: %s\n' "$cmd" "$rc" "$out")
$(diff "$tmp/before" "$tmp/after")"
	fi
done <<EOF
a 16-character name|link add l1 abcdefghijklmnop type tun|interface name
the name a/b|link add l1 a/b type tun|interface name
mtu 0|link add l1 bad0 type tun mtu 0|mtu|link
mtu 70000|link add l1 bad0 type tap mtu 70000|mtu|link
IPv6 on a link with mtu 1000|addr add l1 fd42::1/64 dev small0|mtu|ipv6|1280|addr
prefix 10.0.0.1/33|addr add l1 10.0.0.1/33 dev tun0|prefix
prefix zzz|addr add l1 zzz dev tun0|prefix
an IPv6 gateway to IPv4|route add l1 10.50.0.0/16 via fd40::2 dev tun0|gateway
an IPv4 gateway to IPv6|route add l1 fd50::/64 via 10.40.0.2 dev tun0|gateway
an unreachable gateway|route add l1 10.51.0.0/16 via 172.16.99.1|gateway|route|unreachable
an address on no such device|addr add l1 10.52.0.1/24 dev nodev0|nodev0|device|link
a veth to no such sandbox|link add l1 bad0 type veth peer bad1 sandbox nosuch|sandbox
EOF

# --- a veth pair between two sandboxes ---
check "sandboxes va and vb joined by a veth pair" sh -c \
	"$NSBOX sandbox add va publish && $NSBOX sandbox add vb publish &&
	 $NSBOX link add va ve0 type veth peer ve1 sandbox vb &&
	 ip -n va link show ve0 >/dev/null && ip -n vb link show ve1 >/dev/null"
check "10.60.0.1/24 on va's end, 10.60.0.2/24 on vb's" sh -c \
	"$NSBOX addr add va 10.60.0.1/24 dev ve0 && $NSBOX addr add vb 10.60.0.2/24 dev ve1"
wait_for "va pings vb" 10 ip netns exec va ping -c 1 -W 2 10.60.0.2
wait_for "vb pings va" 10 ip netns exec vb ping -c 1 -W 2 10.60.0.1
del_takes_peer() {
	$NSBOX link del va ve0 && link_gone va ve0 && link_gone vb ve1
}
check "link del of one end takes the other sandbox's end too" del_takes_peer
check "vb no longer lists the address it had on its gone end" sh -c \
	"$NSBOX sandbox show vb >/dev/null && ! $NSBOX sandbox show vb | grep -q 10.60.0.2"
out=$($NSBOX addr add vb 10.60.0.2/24 dev ve1 2>&1)
rc=$?
if [ "$rc" -ne 0 ] && one_line_error "$out" 'no such device'; then
	ktap_ok "and has forgotten it: adding it again is refused for the device, not as a duplicate"
else
	ktap_fail "and has forgotten it: adding it again is refused for the device" "exit $rc: $out"
fi

# --- a veth to the host ---
check "sandbox vh with a veth whose peer nsbh0 is in the host" sh -c \
	"$NSBOX sandbox add vh publish && $NSBOX link add vh vh0 type veth peer nsbh0 &&
	 ip link show nsbh0 >/dev/null && ip -n vh link show vh0 >/dev/null"
check "10.61.0.1/24 on the host end (ip), 10.61.0.2/24 on vh0 (nsbox)" sh -c \
	"ip addr add 10.61.0.1/24 dev nsbh0 && ip link set nsbh0 up &&
	 $NSBOX addr add vh 10.61.0.2/24 dev vh0"
wait_for "vh pings the host" 10 ip netns exec vh ping -c 1 -W 2 10.61.0.1
wait_for "the host pings vh" 10 ping -c 1 -W 2 10.61.0.2
del_takes_host_peer() {
	$NSBOX link del vh vh0 && link_gone vh vh0 && link_gone nsbh0
}
check "link del vh0 removes it and its host-side peer" del_takes_host_peer
check "a second veth to the host, nsbh1" sh -c \
	"$NSBOX link add vh vh1 type veth peer nsbh1 && ip link show nsbh1 >/dev/null"
check "sandbox del vh" $NSBOX sandbox del vh
wait_for "its host-side peer nsbh1 went with it" 20 link_gone nsbh1

# --- noipv6 ---
host_v6=$(cat /proc/sys/net/ipv6/conf/all/disable_ipv6)
check "sandbox add n6 publish noipv6: flagged so" sh -c \
	"$NSBOX sandbox add n6 publish noipv6 &&
	 $NSBOX -j sandbox show n6 | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert \"noipv6\" in d[\"flags\"], d'"
check "IPv6 is disabled inside (all/disable_ipv6 is 1)" sh -c \
	'test "$(ip netns exec n6 cat /proc/sys/net/ipv6/conf/all/disable_ipv6)" = 1'
check "and still enabled in the host (0, as before)" sh -c \
	"test $host_v6 = 0 && test \"\$(cat /proc/sys/net/ipv6/conf/all/disable_ipv6)\" = 0"

# --- packets: ping through tun0 and tap0, answered by tun_echo ---
# /dev/net/tun appears with the tun module, mode 0600 without udev; udev's
# rule makes it 0666, which unprivileged owners of devices rely on
chmod 0666 /dev/net/tun 2>/dev/null

# echo_start DEV TYPE: tun_echo as uid 65534 inside l1, attached to DEV
echo_start() {
	echo_pid=
	: >"$tmp/echo-$1"
	ip -n l1 link show "$1" >/dev/null 2>&1 || return 1
	ip netns exec l1 setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$tun_echo" "$1" "$2" 3 >"$tmp/echo-$1" 2>&1 &
	echo_pid=$!
	pids="$pids $echo_pid"
	poll 10 grep -q "^attached $1" "$tmp/echo-$1"
}

# echo_check DEV: tun_echo exited 0 after answering 3 (it gives up after
# 10 s without a packet)
echo_check() {
	_lib_desc="tun_echo answered the 3 pings on $1"
	if [ -n "$echo_pid" ] && wait "$echo_pid" && grep -qx 'answered 3' "$tmp/echo-$1"; then
		ktap_ok "$_lib_desc"
	else
		ktap_fail "$_lib_desc" "$(cat "$tmp/echo-$1")"
	fi
}

if echo_start tun0 tun; then
	ktap_ok "tun_echo attached to tun0 as uid 65534"
else
	ktap_fail "tun_echo attached to tun0 as uid 65534" "$(cat "$tmp/echo-tun0")"
fi
check "ping 10.41.0.5 through tun0: 3 replies" sh -c \
	"ip netns exec l1 ping -c 3 -i 0.2 -W 2 10.41.0.5 | grep -q ' 3 received'"
echo_check tun0

if echo_start tap0 tap; then
	ktap_ok "tun_echo attached to tap0 as uid 65534"
else
	ktap_fail "tun_echo attached to tap0 as uid 65534" "$(cat "$tmp/echo-tap0")"
fi
# without nodad, DAD can only run once the tap has a carrier
wait_for "ip: tap0's IPv6 address is not tentative (once attached)" 10 \
	addrs_ok l1 tap0 10.30.0.1/24 fd30::1/64
check "ping 10.30.0.2 through tap0 (ARP, then ICMP): 3 replies" sh -c \
	"ip netns exec l1 ping -c 3 -i 0.2 -W 2 10.30.0.2 | grep -q ' 3 received'"
echo_check tap0

# --- deleting links, and the events of it all ---
check "link del tun0" $NSBOX link del l1 tun0
check "ip: tun0 is gone" link_gone l1 tun0
out=$($NSBOX link del l1 tun0 2>&1)
rc=$?
if [ "$rc" -ne 0 ] && one_line_error "$out" 'tun0|link|device|no such'; then
	ktap_ok "deleting it again fails, said clearly"
else
	ktap_fail "deleting it again fails, said clearly" "exit $rc: $out"
fi
wait_for "monitor -j: link-created and link-deleted of l1's tun0" 10 python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
c = [e for e in ev if e["event"] == "link-created" and e.get("sandbox") == "l1"
     and e.get("ifname") == "tun0"]
d = [e for e in ev if e["event"] == "link-deleted" and e.get("sandbox") == "l1"
     and e.get("ifname") == "tun0"]
assert c and d, ev
assert c[0]["type"] == "tun" and isinstance(c[0]["ifindex"], int), c
assert d[0]["type"] == "tun" and d[0]["ifindex"] == c[0]["ifindex"], d' "$tmp/mon.json"
wait_for "monitor: link-created l1 tap0 type tap ifindex N" 10 \
	grep -qE '^link-created l1 tap0 type tap ifindex [0-9]+$' "$tmp/mon.txt"
wait_for "monitor: link-deleted vh vh0 type veth" 10 \
	grep -qE '^link-deleted vh vh0 type veth ifindex [0-9]+$' "$tmp/mon.txt"

# --- a sandbox larger than a netlink message ---
# 800 addresses and 100 routes: some 50 KiB of records, more than one dump
# message holds. show sizes its reply to the sandbox; list gets it on its
# own; del works.
python3 -c '
print("sandbox add big publish link tun0 type tun", end="")
for i in range(800):
	print(" addr 10.80.%d.%d/32 dev tun0" % (i // 200, i % 200 + 1), end="")
for i in range(100):
	print(" route 10.81.%d.0/24 dev tun0" % i, end="")
print()' >"$tmp/big.args"
# shellcheck disable=SC2046
check "one request: a sandbox with 800 addresses and 100 routes" $NSBOX $(cat "$tmp/big.args")
check "show has every address and route" sh -c "$NSBOX -j sandbox show big | python3 -c '
import json, sys
s = json.load(sys.stdin)
a = sum(len(l.get(\"addresses\", [])) for l in s[\"links\"])
assert a == 800 and len(s[\"routes\"]) == 100, (a, len(s[\"routes\"]))'"
check "list -j has them too" sh -c "$NSBOX -j sandbox list | python3 -c '
import json, sys
s = [s for s in json.load(sys.stdin) if s[\"name\"] == \"big\"][0]
a = sum(len(l.get(\"addresses\", [])) for l in s[\"links\"])
assert a == 800 and len(s[\"routes\"]) == 100, (a, len(s[\"routes\"]))'"
check "the kernel has them" sh -c \
	"test \"\$(ip -n big -4 -o addr show dev tun0 | wc -l)\" = 800 &&
	 test \"\$(ip -n big route show proto 176 | wc -l)\" = 100"
check "sandbox del big" $NSBOX sandbox del big

# --- gone with their sandboxes ---
check "sandbox del of the rest" sh -c \
	"for s in one l1 va vb n6; do
		$NSBOX sandbox show \$s >/dev/null 2>&1 || continue
		$NSBOX sandbox del \$s || exit 1
	 done"
# each name on its own: one ls of them all fails as soon as one is missing
nothing_left() {
	test "$($NSBOX -j sandbox list)" = '[]' || return 1
	for _n in $sandboxes; do
		if [ -e "/run/netns/$_n" ] || [ -L "/run/netns/$_n" ]; then
			echo "/run/netns/$_n is left"
			return 1
		fi
	done
}
check "nothing left: no sandbox, no /run/netns entry" nothing_left
check "every network namespace released" wait_netns_count "$base" 60

ktap_finish
