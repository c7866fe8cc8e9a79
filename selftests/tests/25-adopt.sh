#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Adopted namespaces: one made by `ip netns add` and one held only by a
# running process become sandboxes, are configured through nsbox, and are
# released when the sandbox goes (deleted, its owner's socket closed, the
# module unloaded): alive, with what nsbox made in them gone and the rest as
# it was, all read back with iproute2. With destroy, every device but lo
# goes. What cannot be adopted is refused by name and changes nothing.

. "$(dirname "$0")/../lib.sh"

ktap_plan 59

tmp=$(mktemp -d)
sleeper=
netns="nsb-ext1 nsb-ext2 nsb-x"

cleanup() {
	[ -z "$sleeper" ] || kill "$sleeper" 2>/dev/null
	for s in ad1 ad3 ad4 ad5 ad6 e5 e6; do
		$NSBOX sandbox del "$s" 2>/dev/null
	done
	ip netns exec nsb-x $NSBOX sandbox del y 2>/dev/null
	for n in $netns; do
		ip netns del "$n" 2>/dev/null
	done
	ip link del nsbh-ad 2>/dev/null
	ip link del nsbh-p3 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# state NS: the devices and addresses of netns NS, as iproute2 shows them
state() {
	ip -n "$1" -br link | sort && ip -n "$1" -br addr | sort && ip -n "$1" route
}

inode() {
	stat -L -c %i "$1"
}

base=$(netns_count)
ip netns add nsb-ext1
ip -n nsb-ext1 link add keep0 type dummy
ip -n nsb-ext1 addr add 192.0.2.1/24 dev keep0
ip -n nsb-ext1 link set keep0 up
state nsb-ext1 >"$tmp/before1"
ino1=$(inode /run/netns/nsb-ext1)

# --- a namespace of ip netns add, adopted by its name ---
check "adopt nsb-ext1 with a tun, an address and a route" $NSBOX sandbox add ad1 netns nsb-ext1 \
	link t0 type tun addr 10.50.0.1/24 dev t0 route 10.51.0.0/16 via 10.50.0.2 dev t0
check "show: adopted, the same namespace" sh -c "$NSBOX -j sandbox show ad1 | python3 -c '
import json, sys
s = json.load(sys.stdin)
assert \"adopted\" in s[\"flags\"] and s[\"netns_inode\"] == $ino1, s'"
check "the tun is in nsb-ext1, with its address and route" sh -c \
	"ip -n nsb-ext1 -br addr show t0 | grep -q 10.50.0.1/24 &&
	 ip -n nsb-ext1 route show 10.51.0.0/16 | grep -q 'via 10.50.0.2 dev t0'"
check "exec runs in the adopted namespace" sh -c \
	"$NSBOX exec ad1 -- $(command -v ip) -br link show keep0 | grep -q keep0"
check "link add: a veth to the host" $NSBOX link add ad1 v0 type veth peer nsbh-ad
check "addr add on a link nsbox made" $NSBOX addr add ad1 10.53.0.1/24 dev v0
check "addr add on the namespace's own device is refused" \
	fails_with "only on a link nsbox made" $NSBOX addr add ad1 10.54.0.1/24 dev keep0
check "a route without its device is refused" \
	fails_with "name its device" $NSBOX route add ad1 10.55.0.0/16 via 10.53.0.2
check "a neighbour on the namespace's own device is refused" \
	fails_with "only on a link nsbox made" $NSBOX neigh add ad1 192.0.2.9 lladdr 02:00:00:00:00:09 dev keep0
check "a sysctl is refused: nothing would put it back" \
	fails_with "for good" $NSBOX sysctl set ad1 net.ipv4.ip_forward 1
check "adopting nsb-ext1 a second time is refused" \
	fails_with "a sandbox already" $NSBOX sandbox add ad2 netns nsb-ext1
check "a link whose name the namespace has is refused, nothing made" \
	fails_with "in the namespace already" $NSBOX sandbox add e5 netns /run/netns/nsb-ext1 \
	link keep0 type tun
check "sandbox del ad1" $NSBOX sandbox del ad1
check "nsb-ext1 lives on, the same namespace" test "$(inode /run/netns/nsb-ext1)" = "$ino1"
state nsb-ext1 >"$tmp/after1"
check "nsb-ext1 is as it was: the tun, the veth and their records gone" \
	cmp "$tmp/before1" "$tmp/after1"
check "the veth's host end went with it" sh -c "! ip link show nsbh-ad 2>/dev/null"

# a failed create with steps: the helper undoes them, nothing is adopted
check "a create whose route fails in the helper fails" \
	fails_with "route" $NSBOX sandbox add e6 netns nsb-ext1 \
	link t5 type tun addr 10.60.0.1/24 dev t5 route 10.70.0.0/16 via 10.99.0.1 dev t5
state nsb-ext1 >"$tmp/after1"
check "... and leaves nsb-ext1 as it was, and no sandbox" sh -c \
	"cmp '$tmp/before1' '$tmp/after1' && ! $NSBOX sandbox show e6 2>/dev/null"

# --- a namespace held only by a process, adopted by pid ---
unshare -n sleep 600 &
sleeper=$!
wait_for "a process in a namespace of its own" 10 sh -c \
	"[ \"\$(readlink /proc/$sleeper/ns/net)\" != \"\$(readlink /proc/self/ns/net)\" ]"
ino3=$(inode /proc/$sleeper/ns/net)
check "adopt it by pid, with a veth to the host" $NSBOX sandbox add ad3 pid "$sleeper" \
	link v1 type veth peer nsbh-p3 addr 10.52.0.2/24 dev v1
ip addr add 10.52.0.1/24 dev nsbh-p3
ip link set nsbh-p3 up
wait_for "the host pings the process's namespace" 10 ping -c 1 -W 2 10.52.0.2
check "sandbox del ad3" $NSBOX sandbox del ad3
check "the process runs on, in the same namespace" sh -c \
	"kill -0 $sleeper && [ \"\$(stat -L -c %i /proc/$sleeper/ns/net)\" = $ino3 ]"
check "its namespace holds lo only again" sh -c \
	"[ \"\$(nsenter -t $sleeper -n ip -br link | cut -d' ' -f1)\" = lo ]"
check "the veth's host end is gone" sh -c "! ip link show nsbh-p3 2>/dev/null"
check "adopting /proc/PID/ns/net" $NSBOX sandbox add ad6 netns "/proc/$sleeper/ns/net" \
	link t6 type tun
check "... is the same namespace" sh -c "$NSBOX -j sandbox show ad6 | python3 -c '
import json, sys
assert json.load(sys.stdin)[\"netns_inode\"] == $ino3'"
check "sandbox del ad6" $NSBOX sandbox del ad6
kill "$sleeper"
wait "$sleeper" 2>/dev/null
sleeper=

# --- destroy: every device but lo goes ---
ip netns add nsb-ext2
ip -n nsb-ext2 link add d0 type dummy
ip -n nsb-ext2 link add vx0 type veth peer name vx1
check "adopt nsb-ext2 with destroy" $NSBOX sandbox add ad4 netns /run/netns/nsb-ext2 destroy \
	link tp0 type tap
check "show: destroy" sh -c "$NSBOX -j sandbox show ad4 | python3 -c '
import json, sys
assert \"destroy\" in json.load(sys.stdin)[\"flags\"]'"
check "sandbox del ad4" $NSBOX sandbox del ad4
check "nsb-ext2 lives on with lo only" sh -c \
	"[ \"\$(ip -n nsb-ext2 -br link | cut -d' ' -f1)\" = lo ]"

# --- the owner's socket closes: an owned adopted sandbox is released ---
printf 'sandbox add ad5 netns nsb-ext1 owned link t7 type tun\n' >"$tmp/owned"
check "an owned adopted sandbox, from a batch that then ends" $NSBOX -batch "$tmp/owned"
wait_for "it went with the batch's socket" 10 sh -c "! $NSBOX sandbox show ad5 2>/dev/null"
state nsb-ext1 >"$tmp/after1"
check "nsb-ext1 is as it was" cmp "$tmp/before1" "$tmp/after1"

# --- module unload: adopted namespaces are released, not destroyed ---
check "adopt nsb-ext1 again" $NSBOX sandbox add ad1 netns nsb-ext1 link t8 type tun
check "rmmod with the adopted sandbox" modprobe -r nsbox
state nsb-ext1 >"$tmp/after1"
check "nsb-ext1 lives on as it was" sh -c \
	"cmp '$tmp/before1' '$tmp/after1' &&
	 [ \"\$(stat -L -c %i /run/netns/nsb-ext1)\" = $ino1 ]"
check "modprobe nsbox" modprobe nsbox

# --- what cannot be adopted ---
check "the initial namespace, by pid" fails_with "initial network namespace" \
	$NSBOX sandbox add e1 pid 1
check "the initial namespace, by path" fails_with "initial network namespace" \
	$NSBOX sandbox add e1 netns /proc/self/ns/net
check "a file that is no namespace" fails_with "not a network namespace" \
	$NSBOX sandbox add e1 netns /etc/hostname
check "a namespace file of another kind" fails_with "not a network namespace" \
	$NSBOX sandbox add e1 netns /proc/self/ns/uts
check "no such process" fails_with "no process" $NSBOX sandbox add e1 pid 4000000
check "no such name in /run/netns" fails_with "No such file" \
	$NSBOX sandbox add e1 netns nsb-none
check "hostname with an adopted namespace" fails_with "UTS" \
	$NSBOX sandbox add e1 netns nsb-ext1 hostname h1
check "noipv6 with an adopted namespace" fails_with "for good" \
	$NSBOX sandbox add e1 netns nsb-ext1 noipv6
check "destroy without a namespace to adopt" fails_with "adopted namespace" \
	$NSBOX sandbox add e1 destroy
check "netns and pid together" fails_with "one namespace" \
	$NSBOX sandbox add e1 netns nsb-ext1 pid 1

# a namespace that holds the caller's, through a sandbox: each would hold
# the other. nsb-x owns sandbox y; a program in y adopts nsb-x.
ip netns add nsb-x
check "a sandbox y made from nsb-x" ip netns exec nsb-x $NSBOX sandbox add y
check "from inside y, adopting nsb-x is a loop" fails_with "loop" \
	ip netns exec nsb-x $NSBOX exec y -- "$(command -v $NSBOX)" sandbox add lp \
	netns /run/netns/nsb-x
check "sandbox del y, from nsb-x" ip netns exec nsb-x $NSBOX sandbox del y

# --- names up to 127 characters: a container id and an interface ---
long=$(printf '%064d-eth0-%057d' 0 0)
check "a name of 127 characters" $NSBOX sandbox add "$long"
check "... listed whole" sh -c "$NSBOX -j sandbox show '$long' | python3 -c '
import json, sys
assert len(json.load(sys.stdin)[\"name\"]) == 127'"
check "... deleted" $NSBOX sandbox del "$long"
check_fail "a name of 128 characters is refused" $NSBOX sandbox add "${long}x"

# --- nothing left behind ---
for n in $netns; do
	ip netns del "$n"
done
netns=
check "no sandbox or helper is left" poll 10 nsbox_empty
check "the module's caches are empty" nsbox_caches_empty
check "network namespaces back to the baseline" wait_netns_count "$base" 30

ktap_finish
