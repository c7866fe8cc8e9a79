#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# VXLAN links: two sandboxes joined by a veth (the underlay) each get a
# vxlan to the other, made by link add and in a whole sandbox add, and ping
# each other through the tunnel; ip -d shows the VNI, the remote, the
# local address, the port and the underlay. Bad vxlans are refused by name
# and leave no device.

. "$(dirname "$0")/../lib.sh"

ktap_plan 17

cleanup() {
	for s in vxa vxb vxc; do
		$NSBOX sandbox del "$s" 2>/dev/null
	done
}
trap cleanup EXIT

check "sandbox vxb" $NSBOX sandbox add vxb publish
check "sandbox vxa with a veth into vxb, and a vxlan over it, in one request" \
	$NSBOX sandbox add vxa publish \
	link u0 type veth peer u1 sandbox vxb addr 10.210.0.1/24 dev u0 \
	link vx0 type vxlan vni 4242 remote 10.210.0.2 local 10.210.0.1 dev u0 \
	addr 10.211.0.1/24 dev vx0
check "vxb's end of the veth" $NSBOX addr add vxb 10.210.0.2/24 dev u1
check "vxb's vxlan, by link add" $NSBOX link add vxb vx0 type vxlan vni 4242 \
	remote 10.210.0.1 local 10.210.0.2 dev u1 port 4789
check "its address" $NSBOX addr add vxb 10.211.0.2/24 dev vx0
check "ip -d shows the vxlan as asked" sh -c "ip -n vxa -d -j link show vx0 | python3 -c '
import json, sys
d = json.load(sys.stdin)[0][\"linkinfo\"]
assert d[\"info_kind\"] == \"vxlan\", d
x = d[\"info_data\"]
assert x[\"id\"] == 4242 and x[\"remote\"] == \"10.210.0.2\" and x[\"local\"] == \"10.210.0.1\", x
assert x[\"port\"] == 4789 and x[\"link\"] == \"u0\", x'"
wait_for "vxa pings vxb through the tunnel" 10 ip netns exec vxa ping -c 1 -W 2 10.211.0.2
check "vxb pings vxa through the tunnel" ip netns exec vxb ping -c 1 -W 2 10.211.0.1
check "show -j reports the vxlan" sh -c "$NSBOX -j sandbox show vxa | python3 -c '
import json, sys
l = [l for l in json.load(sys.stdin)[\"links\"] if l[\"ifname\"] == \"vx0\"][0]
assert l[\"type\"] == \"vxlan\" and l[\"vni\"] == 4242 and l[\"remote\"] == \"10.210.0.2\", l
assert l[\"port\"] == 4789 and l[\"dev\"] == \"u0\", l'"

# refused, and nothing made
check "no vni" fails_with "vni" $NSBOX link add vxa vx1 type vxlan remote 10.210.0.2
check "a remote and a group" fails_with "not both" \
	$NSBOX link add vxa vx1 type vxlan vni 1 remote 10.210.0.2 group 239.1.1.1 dev u0
check "a multicast remote" fails_with "unicast" \
	$NSBOX link add vxa vx1 type vxlan vni 1 remote 239.1.1.1
check "a group without its dev" fails_with "needs its dev" \
	$NSBOX link add vxa vx1 type vxlan vni 1 group 239.1.1.1
check "an underlay not in the sandbox" fails_with "not in the sandbox" \
	$NSBOX link add vxa vx1 type vxlan vni 1 remote 10.210.0.2 dev nope0
check "a vni out of range" fails_with "vni" \
	$NSBOX link add vxa vx1 type vxlan vni 16777216 remote 10.210.0.2
check "none of them made a device" sh -c "! ip -n vxa link show vx1 2>/dev/null"

check "sandbox del vxa and vxb" sh -c "$NSBOX sandbox del vxa && $NSBOX sandbox del vxb"

ktap_finish
