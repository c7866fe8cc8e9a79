#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# sandbox save: a sandbox with every kind of record nsbox keeps is saved,
# deleted, the module reloaded, and the saved text replayed with -batch;
# the sandbox's namespace must then read back the same with iproute2 and
# /proc/sys (links, addresses, routes, neighbours, sysctls, the host end of
# its veth, a host device moved in).

. "$(dirname "$0")/../lib.sh"

ktap_plan 14

tmp=$(mktemp -d)

cleanup() {
	$NSBOX sandbox del sv1 2>/dev/null
	ip link del nsbsv0 2>/dev/null
	ip link del nsbsd0 2>/dev/null
	ip link del sv-eth 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# snapshot FILE: what the sandbox's namespace holds, normalised: no
# ifindex, MAC, statistics or timer, and devices by name
snapshot() {
	{
		ip -n sv1 -d -j link show
		ip -n sv1 -j addr show
		ip -n sv1 -j route show table all
		ip -n sv1 -6 -j route show
		ip -n sv1 -j neigh show nud permanent
		ip -j link show nsbsv0
		for k in ipv4/ip_forward ipv4/conf/all/rp_filter ipv4/ip_local_port_range; do
			echo "$k=$(ip netns exec sv1 cat "/proc/sys/net/$k")"
		done
	} | python3 -c '
import json, sys
carrier = {"NO-CARRIER", "LOWER_UP", "linkdown"}
# a bridge is up once a port forwards: its operstate is a matter of time
drop = {"operstate", "ifindex", "link_index", "address", "broadcast", "perm_address", "stats64",
        "valid_life_time", "preferred_life_time", "link_netnsid", "inet6_addr_gen_mode",
        "num_tx_queues", "num_rx_queues", "gso_max_size", "gso_max_segs", "link",
        "min_mtu", "max_mtu", "parentbus", "parentdev", "ifalias", "altnames"}
def clean(x):
    # link-local IPv6 addresses come from the MAC addresses, which are new
    if isinstance(x, dict) and "addr_info" in x:
        x["addr_info"] = [a for a in x["addr_info"] if a.get("scope") != "link"]
    # the STP state of a bridge and of its ports runs on timers
    if isinstance(x, dict) and x.get("info_kind") == "bridge":
        x = {k: v for k, v in x.items() if k != "info_data"}
    if isinstance(x, dict):
        x = {k: v for k, v in x.items() if k != "info_slave_data"}
    # carrier comes and goes with whoever holds a TUN, a helper included
    if isinstance(x, dict) and isinstance(x.get("flags"), list):
        x = dict(x, flags=[f for f in x["flags"] if f not in carrier])
    if isinstance(x, dict):
        return {k: clean(v) for k, v in sorted(x.items()) if k not in drop}
    # in any order: a replay makes the bridges first, so the indexes differ;
    # the local routes of link-local addresses come and go with them
    if isinstance(x, list):
        x = [v for v in x if not (isinstance(v, dict) and v.get("type") == "local" and
                                  v.get("dst", "").startswith("fe80:"))]
        return sorted((clean(v) for v in x), key=lambda v: json.dumps(v, sort_keys=True))
    return x
for line in sys.stdin:
    line = line.strip()
    if line.startswith("["):
        print(json.dumps(clean(json.loads(line)), sort_keys=True))
    else:
        print(line)' >"$1"
}

ip link add nsbsd0 type dummy
check "a sandbox with every kind of record" $NSBOX sandbox add sv1 publish \
	link t0 type tun mtu 1400 multi_queue owner 65534 \
	link v0 type veth peer nsbsv0 mtu 1450 \
	link tp0 type tap txqueuelen 500 \
	link br0 type bridge link d0 type dummy master br0 address 02:00:00:00:36:01 \
	sysctl net.ipv4.ip_forward=1 sysctl net.ipv4.conf.all.rp_filter=2 \
	sysctl "net.ipv4.ip_local_port_range=20000 30000" \
	addr 10.70.0.1/24 dev t0 addr 10.71.0.1/24 dev v0 addr fd00:71::1/64 dev v0 \
	neigh 10.71.0.9 lladdr 02:00:00:00:71:09 dev v0 \
	route 10.72.0.0/16 via 10.70.0.2 dev t0 metric 5 \
	route 10.73.0.0/16 nexthop via 10.70.0.2 dev t0 weight 2 nexthop via 10.71.0.2 dev v0 \
	route 10.74.0.0/16 type blackhole \
	route fd00:75::/48 via fd00:71::2 dev v0 src fd00:71::1
check "and a host device moved in" $NSBOX link move sv1 nsbsd0 name sv-eth
check "and a link taken down" $NSBOX link set sv1 tp0 down
snapshot "$tmp/before"
check "the snapshot holds the sandbox's links, routes and sysctls" sh -c "
	grep -q '\"ifname\": \"sv-eth\"' '$tmp/before' && grep -q '10.73.0.0/16' '$tmp/before' &&
	grep -q '^ipv4/ip_local_port_range=20000	30000' '$tmp/before'"
check "sandbox save sv1" sh -c "$NSBOX sandbox save sv1 >'$tmp/sv1.batch'"
check "the text is one sandbox add and one link move" sh -c "
	[ \$(grep -c '^sandbox add sv1 publish ' '$tmp/sv1.batch') = 1 ] &&
	[ \$(grep -c '^link move sv1 nsbsd0 name sv-eth\$' '$tmp/sv1.batch') = 1 ] &&
	[ \$(grep -c '^link set sv1 tp0 down\$' '$tmp/sv1.batch') = 1 ]"
check "sandbox del sv1" $NSBOX sandbox del sv1
check "the moved device is back as nsbsd0" ip link show nsbsd0
check "a fresh module" sh -c "modprobe -r nsbox && modprobe nsbox"
check "the saved text replays" $NSBOX -batch "$tmp/sv1.batch"
snapshot "$tmp/after"
check "the namespace reads back the same" diff -u "$tmp/before" "$tmp/after"
check "save of the replayed sandbox is the same text" sh -c \
	"$NSBOX sandbox save sv1 | diff -u '$tmp/sv1.batch' -"
check "save of no such sandbox fails" sh -c "! $NSBOX sandbox save nope 2>/dev/null"
check "sandbox del sv1" $NSBOX sandbox del sv1

ktap_finish
