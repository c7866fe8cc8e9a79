#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host devices moved into sandboxes (link move) and back (link release,
# sandbox del, and without a request: the owner's socket closing, module
# unload), checked with iproute2 on both sides: the device, its name, its
# state. What cannot move is refused by name and moves nothing.

. "$(dirname "$0")/../lib.sh"

ktap_plan 30

tmp=$(mktemp -d)
host_links="nsbd0 nsbd1 nsbd2 nsbd3"

cleanup() {
	for s in mv1 mv3 mv4; do
		$NSBOX sandbox del "$s" 2>/dev/null
	done
	for l in $host_links; do
		ip link del "$l" 2>/dev/null
	done
	ip netns del nsb-mv 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# up_on_host DEV: DEV is on the host, administratively up
up_on_host() {
	ip -o link show "$1" 2>/dev/null | grep -q '[<,]UP[,>]'
}

for l in $host_links; do
	ip link add "$l" type dummy
done
ip link set nsbd0 up
ip link set nsbd2 up

check "a sandbox to move devices into" $NSBOX sandbox add mv1 publish
check "link move nsbd0 as eth9" $NSBOX link move mv1 nsbd0 name eth9
check "eth9 is in the sandbox, a dummy, up" sh -c \
	"ip -n mv1 -d -o link show eth9 | grep -q dummy && ip -n mv1 -o link show eth9 | grep -q '[<,]UP[,>]'"
check "nsbd0 left the host" sh -c "! ip link show nsbd0 2>/dev/null"
check "show: type host, its host name" sh -c "$NSBOX -j sandbox show mv1 | python3 -c '
import json, sys
l = [l for l in json.load(sys.stdin)[\"links\"] if l[\"ifname\"] == \"eth9\"]
assert l and l[0][\"type\"] == \"host\" and l[0][\"host_ifname\"] == \"nsbd0\", l'"
check "an address on it" $NSBOX addr add mv1 10.80.0.1/24 dev eth9
check "link del of a host device is refused" \
	fails_with "link-release" $NSBOX link del mv1 eth9
check "link release mv1 eth9" $NSBOX link release mv1 eth9
check "nsbd0 is back on the host, by its name, up" up_on_host nsbd0
check "... without the sandbox's address" sh -c "! ip -br addr show nsbd0 | grep -q 10.80.0.1"
check "eth9 left the sandbox" sh -c "! ip -n mv1 link show eth9 2>/dev/null"
check "show: no link left" sh -c "$NSBOX -j sandbox show mv1 | python3 -c '
import json, sys
assert not json.load(sys.stdin)[\"links\"]'"

# what cannot move
check "no such host device" fails_with "no device of this name" \
	$NSBOX link move mv1 nsb-none
check "loopback" fails_with "loopback" $NSBOX link move mv1 lo
check "a name the sandbox has" fails_with "lo exists" $NSBOX link move mv1 nsbd1 name lo
check "... nsbd1 stayed on the host" ip link show nsbd1
check "link release of a link nsbox made" $NSBOX link add mv1 t0 type tun
check "... is refused" fails_with "not a host device" $NSBOX link release mv1 t0
check "link release of no link" fails_with "no link nsbox made" $NSBOX link release mv1 eth7

# sandbox del sends it back under its old name, as it was (down)
check "link move nsbd1 as e1" $NSBOX link move mv1 nsbd1 name e1
check "sandbox del mv1" $NSBOX sandbox del mv1
check "nsbd1 is back on the host, by its name" ip link show nsbd1
check_fail "... down, as it was" up_on_host nsbd1

# an owned sandbox whose socket closes: the module sends it back itself
printf 'sandbox add mv2 owned\nlink move mv2 nsbd2\n' >"$tmp/owned"
check "a device moved into an owned sandbox, from a batch that then ends" \
	$NSBOX -batch "$tmp/owned"
wait_for "nsbd2 is back on the host, up" 10 up_on_host nsbd2

# module unload, from a sandbox of nsbox's and from an adopted namespace
ip netns add nsb-mv
check "adopt nsb-mv and move nsbd3 in" sh -c \
	"$NSBOX sandbox add mv4 netns nsb-mv && $NSBOX link move mv4 nsbd3"
check "rmmod with the moved device" modprobe -r nsbox
check "nsbd3 is back on the host, nsb-mv holds lo only" sh -c \
	"ip link show nsbd3 >/dev/null && [ \"\$(ip -n nsb-mv -br link | cut -d' ' -f1)\" = lo ]"
check "modprobe nsbox" modprobe nsbox
ip netns del nsb-mv

check "no sandbox or helper is left" poll 10 nsbox_empty

ktap_finish
