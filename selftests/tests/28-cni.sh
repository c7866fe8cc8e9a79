#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nsbox-cni driven as container runtimes drive CNI plugins: through the
# reference library, libcni (selftests/cni/cni-driver.go calls
# AddNetworkList, CheckNetworkList and DelNetworkList), on a conflist of
# nsbox-cni with host-local IPAM followed by the reference tuning plugin.
# Pod namespaces come from `ip netns add`. Pods get their veth and address,
# reach each other over the bridge and the host, pass CHECK, fail it when
# changed behind nsbox's back, and after DEL leave no sandbox, link or
# lease. A failed ADD (IPAM exhausted, nsbox refusing) leaves nothing; DEL
# is idempotent, also once the namespace is gone; ptp mode routes instead
# of bridging. Errors are CNI error objects with the spec's codes.
# NSBOX_CNI_PODS pods (default 20; the debug tier runs fewer).

. "$(dirname "$0")/../lib.sh"

repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${NSBOX_BUILD:-$repo/build}
driver=$build/bin/progs/cni-driver
plugin=/usr/lib/cni/nsbox-cni
pods=$(knob NSBOX_CNI_PODS 20)
# the checks after the first DEL reuse the namespaces of pods 2 to 8
[ "$pods" -ge 8 ] || pods=8
tmp=$(mktemp -d)
export CNI_PATH=/usr/lib/cni
export NSBOX_CNI_CACHE=$tmp/cache

[ -x "$driver" ] || ktap_skip_all "no $driver (make tests builds it with Debian's Go)"
{ [ -x "$CNI_PATH/host-local" ] && [ -x "$CNI_PATH/tuning" ]; } ||
	ktap_skip_all "no reference plugins in $CNI_PATH (containernetworking-plugins)"

ktap_plan 40

cleanup() {
	local n

	for n in $(ip netns list | awk '/^cnipod/ { print $1 }'); do
		ip netns del "$n"
	done
	$NSBOX sandbox list 2>/dev/null | awk '/^cni-/ { print $1 }' | while read -r n; do
		$NSBOX sandbox del "$n"
	done
	ip link del nsbcni0 2>/dev/null
	ip link del nsbcni1 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# conflist FILE NAME BRIDGE SUBNET [IPAM-EXTRA] [MODE]
conflist() {
	cat >"$1" <<-EOT
	{
	  "cniVersion": "1.0.0",
	  "name": "$2",
	  "plugins": [
	    {
	      "type": "nsbox-cni",
	      "mode": "${6:-bridge}",
	      "bridge": "$3",
	      "isGateway": true,
	      "isDefaultGateway": true,
	      "ipam": {
	        "type": "host-local",
	        "ranges": [[{ "subnet": "$4" $5 }]],
	        "dataDir": "$tmp/ipam"
	      }
	    },
	    { "type": "tuning", "sysctl": { "net.core.somaxconn": "321" } }
	  ]
	}
	EOT
}

# leases NET: the addresses host-local has handed out on network NET (a
# file each, named after the address, beside its lock and last_reserved_ip)
leases() {
	local f n=0

	for f in "$tmp/ipam/$1"/*; do
		case ${f##*/} in
		*[0-9].*[0-9] | *:*) n=$((n + 1)) ;;
		esac
	done
	echo "$n"
}

# only_lo NS: netns NS has no device but lo
only_lo() {
	[ "$(ip -n "$1" -br link | awk '{ print $1 }')" = lo ]
}

# nothing_left NET: no cni- sandbox, no port of nsbcni0 and no lease of NET
nothing_left() {
	[ "$(sandboxes)" = 0 ] && [ "$(ports nsbcni0)" = 0 ] && [ "$(leases "$1")" = 0 ]
}

# sandboxes: how many cni- sandboxes the module holds
sandboxes() {
	$NSBOX sandbox list | grep -c '^cni-'
}

# ports BR: how many links are ports of bridge BR
ports() {
	ip -j link show master "$1" 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

# plugin_err CODE CMD...: the plugin, run directly, fails with a CNI error
# object of code CODE
plugin_err() {
	local want=$1 out

	shift
	out=$("$@") && { echo "succeeded: $out"; return 1; }
	printf '%s' "$out" | python3 -c '
import json, sys
e = json.load(sys.stdin)
assert e["code"] == int(sys.argv[1]) and e["msg"], e' "$want" || { echo "$out"; return 1; }
}

conflist "$tmp/net.conflist" cninet nsbcni0 10.77.0.0/24
base_netns=$(netns_count)

check "libcni validates the list (VERSION of each plugin)" "$driver" validate "$tmp/net.conflist"

# --- $pods pods ---
for i in $(seq "$pods"); do
	ip netns add "cnipod$i"
done
ok=1
for i in $(seq "$pods"); do
	"$driver" add "$tmp/net.conflist" "pod$i" "/run/netns/cnipod$i" eth0 \
		>"$tmp/res$i.json" 2>"$tmp/err$i" || { ok=; cat "$tmp/err$i"; break; }
done >"$tmp/adds" 2>&1
check "ADD of $pods pods through libcni" sh -c "[ -n '$ok' ] || { cat $tmp/adds; false; }"
check "$pods adopted sandboxes cni-podN-eth0" sh -c \
	"[ \$($NSBOX sandbox list | grep -c '^cni-pod[0-9]*-eth0 .*adopted') = $pods ]"
check "$pods host ends on bridge nsbcni0" [ "$(ports nsbcni0)" = "$pods" ]
check "the gateway 10.77.0.1/24 is on the bridge" sh -c \
	"ip -br addr show nsbcni0 | grep -q 10.77.0.1/24"

# every result against what iproute2 sees in its pod
check "each result's pod interface, MAC, sandbox, address and route are real" python3 - \
	"$tmp" "$pods" <<'EOT'
import json, subprocess, sys
tmp, pods = sys.argv[1], int(sys.argv[2])
seen = set()
for i in range(1, pods + 1):
    r = json.load(open(f"{tmp}/res{i}.json"))
    assert r["cniVersion"] == "1.0.0", r
    names = [f["name"] for f in r["interfaces"]]
    assert names[0] == "nsbcni0" and names[1].startswith("veth"), names
    pod = r["interfaces"][2]
    assert pod["name"] == "eth0" and pod["sandbox"] == f"/run/netns/cnipod{i}", pod
    ip = r["ips"][0]
    assert ip["interface"] == 2 and ip["gateway"] == "10.77.0.1", ip
    assert ip["address"].startswith("10.77.0.") and ip["address"].endswith("/24"), ip
    seen.add(ip["address"])
    assert {"dst": "0.0.0.0/0", "gw": "10.77.0.1"} in r["routes"], r["routes"]
    link = json.loads(subprocess.check_output(
        ["ip", "-n", f"cnipod{i}", "-j", "addr", "show", "eth0"]))[0]
    assert link["address"] == pod["mac"], (link["address"], pod)
    addrs = [f'{a["local"]}/{a["prefixlen"]}' for a in link["addr_info"] if a["family"] == "inet"]
    assert addrs == [ip["address"]], addrs
    routes = subprocess.check_output(["ip", "-n", f"cnipod{i}", "route"], text=True)
    assert "default via 10.77.0.1 dev eth0" in routes, routes
    host = json.loads(subprocess.check_output(["ip", "-j", "link", "show", r["interfaces"][1]["name"]]))[0]
    assert host["address"] == r["interfaces"][1]["mac"] and host["master"] == "nsbcni0", host
assert len(seen) == pods, seen
EOT
check "tuning, chained after nsbox-cni, set its sysctl in the pod" sh -c \
	"[ \$(ip netns exec cnipod1 cat /proc/sys/net/core/somaxconn) = 321 ]"

addr_of() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ips"][0]["address"].split("/")[0])' \
		"$tmp/res$1.json"
}
last=$(addr_of "$pods")
check "pod 1 reaches pod $pods over the bridge" ip netns exec cnipod1 ping -c 1 -W 5 "$last"
check "pod $pods reaches the host's gateway address" ip netns exec "cnipod$pods" \
	ping -c 1 -W 5 10.77.0.1
host_pings_all() {
	local i

	for i in $(seq "$pods"); do
		ping -c 1 -W 5 "$(addr_of "$i")" >/dev/null || { echo "pod $i"; return 1; }
	done
}
check "the host reaches every pod" host_pings_all

ok=1
for i in $(seq "$pods"); do
	"$driver" check "$tmp/net.conflist" "pod$i" "/run/netns/cnipod$i" eth0 ||
		{ ok=; break; }
done >"$tmp/checks" 2>&1
check "CHECK passes for all $pods pods" sh -c "[ -n '$ok' ] || { cat $tmp/checks; false; }"

# --- CHECK sees what changed behind nsbox's back ---
hostend=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["interfaces"][1]["name"])' \
	"$tmp/res2.json")
ip link set "$hostend" nomaster
check "CHECK fails when the host end left the bridge" \
	fails_with "code 102: host end $hostend is not a port of nsbcni0" \
	"$driver" check "$tmp/net.conflist" pod2 /run/netns/cnipod2 eth0
ip link set "$hostend" master nsbcni0
ip -n cnipod3 link set eth0 address 02:00:00:00:00:33
check "CHECK fails when the pod's MAC changed" \
	fails_with "code 102: eth0's address is 02:00:00:00:00:33" \
	"$driver" check "$tmp/net.conflist" pod3 /run/netns/cnipod3 eth0

# --- DEL ---
ok=1
for i in $(seq "$pods"); do
	"$driver" del "$tmp/net.conflist" "pod$i" "/run/netns/cnipod$i" eth0 || { ok=; break; }
done >"$tmp/dels" 2>&1
check "DEL of $pods pods" sh -c "[ -n '$ok' ] || { cat $tmp/dels; false; }"
check "no sandbox, no port and no lease is left" nothing_left cninet
all_only_lo() {
	local i

	for i in $(seq "$pods"); do
		only_lo "cnipod$i" || return 1
	done
}
check "the pods' namespaces are alive, with lo alone" all_only_lo
check "DEL again succeeds" "$driver" del "$tmp/net.conflist" pod1 /run/netns/cnipod1 eth0
check "CHECK of a deleted pod fails: unknown container" \
	fails_with "code 3: no sandbox cni-pod1-eth0" \
	"$driver" check "$tmp/net.conflist" pod1 /run/netns/cnipod1 eth0

# --- DEL once the runtime has removed the namespace ---
"$driver" add "$tmp/net.conflist" gone /run/netns/cnipod1 eth0 >/dev/null
ip netns del cnipod1
check "DEL after the namespace was removed succeeds" \
	"$driver" del "$tmp/net.conflist" gone /run/netns/cnipod1 eth0
check "and leaves no sandbox, port or lease" nothing_left cninet

# --- failed ADDs leave nothing ---
conflist "$tmp/small.conflist" cnismall nsbcni1 10.78.0.0/24 \
	', "rangeStart": "10.78.0.10", "rangeEnd": "10.78.0.11"'
check "two pods fill a range of two addresses" sh -c "
	$driver add $tmp/small.conflist s2 /run/netns/cnipod2 eth0 >/dev/null &&
	$driver add $tmp/small.conflist s3 /run/netns/cnipod3 eth0 >/dev/null"
links_before=$(ip -br link | wc -l)
check "ADD with IPAM exhausted fails with IPAM's message" \
	fails_with "host-local.*no IP addresses available\|ipam plugin host-local" \
	"$driver" add "$tmp/small.conflist" s4 /run/netns/cnipod4 eth0
# left_after SANDBOX NET LEASES POD: no sandbox SANDBOX, as many host links
# as links_before, LEASES leases of NET, and POD with lo alone
left_after() {
	! $NSBOX sandbox show "$1" 2>/dev/null && [ "$(ip -br link | wc -l)" = "$links_before" ] &&
		[ "$(leases "$2")" = "$3" ] && only_lo "$4" && return 0
	echo "links $(ip -br link | wc -l), were $links_before; leases $(leases "$2")"
	ip -n "$4" -br link
	return 1
}
check "and leaves no sandbox, link, lease or address in the pod" \
	left_after cni-s4-eth0 cnismall 2 cnipod4
check "DEL after the failed ADD succeeds" \
	"$driver" del "$tmp/small.conflist" s4 /run/netns/cnipod4 eth0
"$driver" del "$tmp/small.conflist" s3 /run/netns/cnipod3 eth0
ip -n cnipod5 link add eth0 type dummy
links_before=$(ip -br link | wc -l)
check "ADD that nsbox refuses (the pod has an eth0) fails with the module's message" \
	fails_with "code 100: " "$driver" add "$tmp/small.conflist" s5 /run/netns/cnipod5 eth0
ip -n cnipod5 link del eth0
check "and gives its lease back, with no sandbox or host end left" \
	left_after cni-s5-eth0 cnismall 1 cnipod5
"$driver" del "$tmp/small.conflist" s2 /run/netns/cnipod2 eth0

# --- ptp mode: routed, no bridge ---
conflist "$tmp/ptp.conflist" cniptp unused 10.79.0.0/24 '' ptp
check "ADD of two pods in ptp mode" sh -c "
	$driver add $tmp/ptp.conflist p6 /run/netns/cnipod6 eth0 >$tmp/p6.json &&
	$driver add $tmp/ptp.conflist p7 /run/netns/cnipod7 eth0 >$tmp/p7.json"
p7=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ips"][0]["address"].split("/")[0])' \
	"$tmp/p7.json")
check "ptp: a host address in the pod, host routes to each pod, no bridge" sh -c "
	ip -n cnipod6 -br addr show eth0 | grep -q '10.79.0.[0-9]*/32' &&
	ip route show $p7 | grep -q 'dev veth' && ! ip link show unused 2>/dev/null"
check "ptp: pod 6 reaches pod 7 through the host" ip netns exec cnipod6 ping -c 1 -W 5 "$p7"
check "ptp: CHECK passes" "$driver" check "$tmp/ptp.conflist" p7 /run/netns/cnipod7 eth0
ptp_del() {
	"$driver" del "$tmp/ptp.conflist" p6 /run/netns/cnipod6 eth0 &&
		"$driver" del "$tmp/ptp.conflist" p7 /run/netns/cnipod7 eth0 &&
		[ -z "$(ip route show "$p7")" ] && [ "$(sandboxes)" = 0 ] &&
		[ "$(leases cniptp)" = 0 ]
}
check "ptp: DEL of both leaves no route, sandbox or lease" ptp_del

# --- errors, from the plugin itself ---
links_before=$(ip -br link | wc -l)
env_add="env CNI_COMMAND=ADD CNI_CONTAINERID=e1 CNI_IFNAME=eth0 CNI_NETNS=/run/netns/cnipod8"
check "an unsupported cniVersion: code 1" plugin_err 1 sh -c \
	"echo '{\"cniVersion\":\"0.2.0\",\"name\":\"x\"}' | $env_add $plugin"
check "ipMasq: code 2, unsupported field" plugin_err 2 sh -c \
	"echo '{\"cniVersion\":\"1.0.0\",\"name\":\"x\",\"ipMasq\":true}' | $env_add $plugin"
check "no CNI_NETNS on ADD: code 4" plugin_err 4 sh -c \
	"echo '{\"cniVersion\":\"1.0.0\",\"name\":\"x\",\"ipam\":{\"type\":\"host-local\"}}' |
	 env CNI_COMMAND=ADD CNI_CONTAINERID=e1 CNI_IFNAME=eth0 $plugin"
check "a configuration that is not JSON: code 6" plugin_err 6 sh -c \
	"echo '{\"cniVersion\":' | $env_add $plugin"
check "an unknown IPAM plugin: code 7" plugin_err 7 sh -c \
	"echo '{\"cniVersion\":\"1.0.0\",\"name\":\"x\",\"ipam\":{\"type\":\"nope\"}}' |
	 $env_add $plugin"
check "and nothing is made" left_after cni-e1-eth0 none 0 cnipod8

# --- nothing left: sandboxes, namespaces (the kernel's count), records ---
for i in $(seq 2 "$pods"); do
	ip netns del "cnipod$i"
done
check "after the pods' namespaces go, the namespace count is back" wait_netns_count "$base_netns"
check "the module holds no sandbox" [ "$(sandboxes)" = 0 ]
check "and no record (slab caches)" nsbox_caches_empty

ktap_finish
