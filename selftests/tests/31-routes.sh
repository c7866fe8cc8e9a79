#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Routes beyond a gateway and a device, read back with iproute2 inside the
# sandbox: multipath with weights, a preferred source, onlink, scopes, and
# blackhole, unreachable and prohibit routes; in a request of their own and
# in a whole sandbox's. Bad combinations are refused by name and install
# nothing.

. "$(dirname "$0")/../lib.sh"

ktap_plan 36

sandboxes="rt1 rt2 rt3"

cleanup() {
	for s in $sandboxes; do
		$NSBOX sandbox del "$s" 2>/dev/null
	done
	ip netns del nsb-rt 2>/dev/null
}
trap cleanup EXIT

# pyroute SANDBOX DST CODE: run CODE with r, the route to DST as ip -j shows it
pyroute() {
	ip -n "$1" -j route show "$2" | python3 -c "
import json, sys
l = json.load(sys.stdin)
assert len(l) == 1, l
r = l[0]
$3"
}

# gone SANDBOX DST: no route to DST in SANDBOX's main table, of any type
gone() {
	[ -z "$(ip -n "$1" route show "$2" 2>/dev/null)" ]
}

check "a sandbox with two TUNs" $NSBOX sandbox add rt1 publish \
	link t1 type tun link t2 type tun \
	addr 10.90.1.1/24 dev t1 addr 10.90.2.1/24 dev t2

# --- multipath ---
check "a multipath route, weights 3 and 1" $NSBOX route add rt1 10.91.0.0/16 \
	nexthop via 10.90.1.2 dev t1 weight 3 nexthop via 10.90.2.2 dev t2
check "ip route shows both nexthops with their weights" pyroute rt1 10.91.0.0/16 '
n = sorted((h["gateway"], h["dev"], h.get("weight", 1)) for h in r["nexthops"])
assert n == [("10.90.1.2", "t1", 3), ("10.90.2.2", "t2", 1)], r'
check "show -j reports them" sh -c "$NSBOX -j sandbox show rt1 | python3 -c '
import json, sys
r = [r for r in json.load(sys.stdin)[\"routes\"] if r[\"dst\"] == \"10.91.0.0/16\"][0]
assert [(h[\"gateway\"], h[\"weight\"]) for h in r[\"nexthops\"]] == [(\"10.90.1.2\", 3), (\"10.90.2.2\", 1)], r'"
check "route del takes the whole multipath route" $NSBOX route del rt1 10.91.0.0/16
check "... gone from the sandbox" gone rt1 10.91.0.0/16

# --- src, onlink, scope ---
check "a route with a preferred source" \
	$NSBOX route add rt1 10.92.0.0/16 via 10.90.1.2 dev t1 src 10.90.1.1
check "... shows src" pyroute rt1 10.92.0.0/16 'assert r["prefsrc"] == "10.90.1.1", r'
check "onlink through a gateway outside every prefix" \
	$NSBOX route add rt1 10.93.0.0/16 via 192.0.2.1 dev t1 onlink
check "... shows onlink" pyroute rt1 10.93.0.0/16 'assert "onlink" in r["flags"], r'
check "a device route of host scope" $NSBOX route add rt1 10.94.0.0/16 dev t2 scope host
check "... shows scope host" pyroute rt1 10.94.0.0/16 'assert r["scope"] == "host", r'

# --- blackhole, unreachable, prohibit ---
check "blackhole" $NSBOX route add rt1 10.95.0.0/16 type blackhole
check "unreachable" $NSBOX route add rt1 10.96.0.0/16 type unreachable
check "prohibit" $NSBOX route add rt1 10.97.0.0/16 type prohibit
check "IPv6 blackhole" $NSBOX route add rt1 2001:db8:9::/48 type blackhole
check "ip route shows each of its type" sh -c "
	ip -n rt1 route show type blackhole | grep -q '^blackhole 10.95.0.0/16' &&
	ip -n rt1 route show type unreachable | grep -q '^unreachable 10.96.0.0/16' &&
	ip -n rt1 route show type prohibit | grep -q '^prohibit 10.97.0.0/16' &&
	ip -n rt1 -6 route show type blackhole | grep -q '^blackhole 2001:db8:9::/48'"
check "route del of a blackhole route" $NSBOX route del rt1 10.95.0.0/16
check "... gone" gone rt1 10.95.0.0/16

# --- refused, with nothing installed ---
check "blackhole with a gateway" fails_with "no gateway or device" \
	$NSBOX route add rt1 10.100.0.0/16 type blackhole via 10.90.1.2
check "nexthops and the route's own gateway" fails_with "take the place" \
	$NSBOX route add rt1 10.100.0.0/16 via 10.90.1.2 nexthop via 10.90.2.2 dev t2
check "a gateway with host scope" fails_with "global scope" \
	$NSBOX route add rt1 10.100.0.0/16 via 10.90.1.2 dev t1 scope host
check "onlink without a gateway" fails_with "onlink is for a route" \
	$NSBOX route add rt1 10.100.0.0/16 dev t1 onlink
check "a nexthop on no such device" fails_with "no such device" \
	$NSBOX route add rt1 10.100.0.0/16 nexthop via 10.90.1.2 dev t1 nexthop dev nope0
check "weight 0" fails_with "weight is 1 to 256" \
	$NSBOX route add rt1 10.100.0.0/16 nexthop via 10.90.1.2 weight 0
check "a source of the other family" fails_with "is IPv6" \
	$NSBOX route add rt1 10.100.0.0/16 dev t1 src 2001:db8::1
check "a nexthop the kernel cannot reach" fails_with "route" \
	$NSBOX route add rt1 10.100.0.0/16 nexthop via 10.90.1.2 dev t1 nexthop via 10.99.9.9 dev t2
check "none of them left a route" gone rt1 10.100.0.0/16

# --- in a whole sandbox, all or nothing ---
check "a sandbox with a multipath route and a blackhole" $NSBOX sandbox add rt2 publish \
	link t1 type tun link t2 type tun addr 10.90.1.1/24 dev t1 addr 10.90.2.1/24 dev t2 \
	route 10.98.0.0/16 nexthop via 10.90.1.2 dev t1 nexthop via 10.90.2.2 dev t2 weight 5 \
	route 10.99.0.0/16 type unreachable
check "... both in it" sh -c "
	ip -n rt2 route show 10.98.0.0/16 | grep -q 'weight 5' &&
	ip -n rt2 route show type unreachable | grep -q '^unreachable 10.99.0.0/16'"
check "a sandbox whose multipath route fails leaves nothing" sh -c "
	! $NSBOX sandbox add rt3 link t1 type tun addr 10.90.1.1/24 dev t1 \
		route 10.98.0.0/16 nexthop via 10.90.1.2 dev t1 nexthop via 10.77.0.1 dev t1 \
		2>/dev/null && ! $NSBOX sandbox show rt3 2>/dev/null"

# --- an adopted namespace: only routes through links nsbox made ---
ip netns add nsb-rt
check "adopt nsb-rt" $NSBOX sandbox add rt3 netns nsb-rt link t9 type tun addr 10.90.9.1/24 dev t9
check "a blackhole route there is refused" fails_with "only through a link nsbox made" \
	$NSBOX route add rt3 10.95.0.0/16 type blackhole
check "sandbox del rt3" $NSBOX sandbox del rt3
ip netns del nsb-rt

check "sandbox del rt1 and rt2" sh -c "$NSBOX sandbox del rt1 && $NSBOX sandbox del rt2"
check "no sandbox or helper is left" poll 10 nsbox_empty

ktap_finish
