#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own YNL client, tools/net/ynl/cli.py, drives the family from
# the spec alone, validated against the schema of the protocol it declares:
# info, a sandbox created, got, dumped, given a link, an address, a route
# and a daemon, which the dumps of each kind list, and deleted, with the
# events group seeing the create and the delete. What it did is checked
# with the CLI and the kernel's namespace count; nothing is left behind.

. "$(dirname "$0")/../lib.sh"

ktap_plan 19

repo=$(cd "$(dirname "$0")/../.." && pwd)
# the spec as `make install` installed it, where YNL's own specs go
spec=/usr/share/ynl/specs/nsbox.yaml
sb=ynl1

# staged by the host's `make tests`: missing, they fail the test
if ! ynl=$("$repo/scripts/ynl-tools.sh" 2>&1); then
	ktap_fail "the kernel's YNL tools are there" "$ynl"
	ktap_finish
fi
check "make install put the spec in /usr/share/ynl/specs" \
	cmp "$spec" "$repo/Documentation/netlink/specs/nsbox.yaml"
proto=$(sed -n 's/^protocol: *//p' "$spec")
schema=$ynl/Documentation/netlink/$proto.yaml

# ynl ARGS...: cli.py; with --output-json, the reply as one JSON document
ynl() {
	python3 "$ynl/tools/net/ynl/cli.py" --spec "$spec" --schema "$schema" "$@"
}

# The events group, heard by YNL's library in a process of its own (cli.py's
# --subscribe, in the process that makes the requests, trips on a
# notification that comes in before a reply, in 6.12's ynl.py): it says
# "subscribed" once it is, and ends when it has heard the delete of $sb
# (300 s at most: cli.py takes seconds a run on the debug kernel), printing
# what it heard as one JSON list.
listen() {
	python3 -c '
import json, sys, time
ynl, spec, schema, name = sys.argv[1:5]
sys.path.insert(0, ynl + "/tools/net/ynl")
from lib import YnlFamily
listener = YnlFamily(spec, schema)
listener.ntf_subscribe("events")
print("subscribed", flush=True)
deadline = time.monotonic() + 300
while time.monotonic() < deadline:
    listener.check_ntf()
    if any(m["name"] == "sandbox-delete-ntf" and m["msg"].get("name") == name
           for m in listener.async_msg_queue):
        break
    time.sleep(0.1)
print(json.dumps(listener.async_msg_queue,
                 default=lambda o: sorted(o) if isinstance(o, set) else o.hex()))
' "$ynl" "$spec" "$schema" "$sb"
}

# expect DESC OUTPUT PYTHON: PYTHON, an expression over r (the first JSON
# line of OUTPUT), must be true
expect() {
	if printf '%s\n' "$2" | python3 -c '
import json, sys
lines = [json.loads(l) for l in sys.stdin if l.strip()]
r = lines[0] if lines else None
sys.exit(0 if eval(sys.argv[1]) else 1)
' "$3" 2>/dev/null; then
		ktap_ok "$1"
	else
		ktap_fail "$1" "$(printf 'wanted: %s\ngot:\n%s' "$3" "$2")"
	fi
}

ns0=$(netns_count)
heard=$(mktemp)
listen >"$heard" 2>&1 &
listener=$!
poll 60 grep -q '^subscribed' "$heard" || ktap_diag "the listener did not subscribe: $(cat "$heard")"

# several requests in one message, as cli.py --multi sends them; one reply each
out=$(ynl --output-json --multi info-get '{}' \
	--multi sandbox-new "{\"name\": \"$sb\"}" \
	--multi link-new "{\"sandbox\": \"$sb\", \"ifname\": \"tun0\", \"type\": \"tun\"}" \
	--multi sandbox-get "{\"name\": \"$sb\"}" 2>&1)
expect "cli.py: info-get" "$out" \
	'r[0]["family-version"] == 1 and r[0]["name-max"] == 127 and r[0]["helper-path"].startswith("/")'
expect "cli.py: sandbox-new replies with the sandbox" "$out" \
	"r[1]['name'] == '$sb' and r[1]['id'] > 0 and r[1]['state'] == 'ready'"
expect "cli.py: sandbox-get shows the TUN device link-new made, up" "$out" \
	"r[2] is None and r[3]['links'] == 1 and r[3]['link'][0]['ifname'] == 'tun0' and r[3]['link'][0]['type'] == 'tun' and r[3]['link'][0]['ifindex'] > 1 and r[3]['link'][0]['dev-flags'] & 1"
check "the CLI shows what cli.py made, and the kernel has its namespace" sh -c \
	"$NSBOX sandbox show '$sb' | grep -qw tun0 && '$NSBOX_NETNS_COUNT' $((ns0 + 1)) 10"

out=$(ynl --output-json --dump sandbox-get 2>&1)
expect "cli.py: sandbox-get dump lists it" "$out" \
	"isinstance(r, list) and [s['name'] for s in r].count('$sb') == 1"

# what nsbox made, listed by kind: the dumps of every sandbox of this
# namespace, and of one (the filter)
out=$(ynl --output-json \
	--multi addr-new "{\"sandbox\": \"$sb\", \"ifname\": \"tun0\", \"address\": \"0a2b0001\", \"prefixlen\": 24}" \
	--multi route-new "{\"sandbox\": \"$sb\", \"dst\": \"0a2c0000\", \"dst-len\": 16, \"ifname\": \"tun0\"}" \
	--multi prog-run "{\"sandbox\": \"$sb\", \"name\": \"sleeper\", \"path\": \"/bin/sleep\", \"arg\": [\"sleep\", \"300\"]}" 2>&1)
expect "cli.py: addr-new, route-new and prog-run" "$out" \
	"r[0] is None and r[1] is None and r[2]['pid'] > 1"
# the dumps in one process of YNL's library (cli.py is one per run, and a
# python start takes seconds on the debug kernel): every link, and one
# sandbox's addresses, routes, programs, sysctls (after a sysctl-set) and
# neighbours; one of no sandbox fails
out=$(python3 -c '
import json, sys
ynl, spec, schema, name = sys.argv[1:5]
sys.path.insert(0, ynl + "/tools/net/ynl")
from lib import YnlFamily, NlError
f = YnlFamily(spec, schema)
one = {"sandbox": name}
try:
    f.do("sysctl-set", {"sandbox": name, "key": "net.ipv4.conf.tun0.rp_filter", "value": "2"})
    sysctl_set = "ok"
except NlError as e:
    sysctl_set = [e.nl_msg.error, e.nl_msg.extack.get("msg")]
r = {"link": f.dump("link-get", {}), "addr": f.dump("addr-get", one),
     "route": f.dump("route-get", one), "prog": f.dump("prog-get", one),
     "sysctl-set": sysctl_set, "sysctl": f.dump("sysctl-get", one),
     "neigh": f.dump("neigh-get", one)}
try:
    f.dump("link-get", {"sandbox": "no-such-sandbox"})
    r["none"] = "ok"
except NlError as e:
    r["none"] = [e.nl_msg.error, e.nl_msg.extack.get("msg")]
print(json.dumps(r, default=lambda o: sorted(o) if isinstance(o, set) else o.hex()))
' "$ynl" "$spec" "$schema" "$sb" 2>&1)
expect "YNL: link-get dump lists tun0 with its sandbox and live state" "$out" \
	"[(l['sandbox'], l['ifname'], l['type']) for l in r['link'] if l['sandbox'] == '$sb'] == [('$sb', 'tun0', 'tun')] and all(l['ifindex'] > 1 for l in r['link'] if l['sandbox'] == '$sb')"
expect "YNL: addr-get dump of one sandbox: its address" "$out" \
	"[(a['sandbox'], a['ifname'], a['address'], a['prefixlen']) for a in r['addr']] == [('$sb', 'tun0', '0a2b0001', 24)]"
expect "YNL: route-get dump of one sandbox: its route" "$out" \
	"[(x['dst'], x['dst-len'], x['ifname'], x['table']) for x in r['route']] == [('0a2c0000', 16, 'tun0', 254)]"
expect "YNL: prog-get dump of one sandbox: the daemon, running" "$out" \
	"[(x['sandbox'], x['name'], x['state']) for x in r['prog']] == [('$sb', 'sleeper', 'running')] and r['prog'][0]['pid'] > 1"
expect "YNL: sysctl-set, and the sysctl-get dump of one sandbox lists it" "$out" \
	"r['sysctl-set'] == 'ok' and [(x['sandbox'], x['key'], x['value']) for x in r['sysctl']] == [('$sb', 'net.ipv4.conf.tun0.rp_filter', '2')]"
expect "YNL: neigh-get dump of one sandbox without neighbours: none" "$out" \
	"r['neigh'] == []"
expect "YNL: a dump of an unknown sandbox gets ENOENT, saying so" "$out" \
	"r['none'] == [-2, 'no sandbox with this name']"

# a refused request: cli.py prints the error and the kernel's extack message
out=$(ynl --do sandbox-new --json '{"name": "bad/name"}' 2>&1)
rc=$?
if [ "$rc" -ne 0 ] && printf '%s' "$out" | grep -q 'Invalid argument' &&
   printf '%s' "$out" | grep -qF 'sandbox name may only contain [A-Za-z0-9_.-]'; then
	ktap_ok "cli.py: a bad name gets EINVAL with the kernel's message"
else
	ktap_fail "cli.py: a bad name gets EINVAL with the kernel's message" "exit $rc: $out"
fi

check "cli.py: sandbox-del" ynl --do sandbox-del --json "{\"name\": \"$sb\"}"
wait "$listener"
out=$(sed '/^subscribed/d' "$heard")
rm -f "$heard"
expect "events: sandbox-create-ntf, then sandbox-delete-ntf (request)" "$out" \
	"[m['name'] for m in r if m['msg'].get('name') == '$sb'] == ['sandbox-create-ntf', 'sandbox-delete-ntf'] and [m['msg']['reason'] for m in r if m['name'] == 'sandbox-delete-ntf'] == ['request']"

check "nothing is left: no sandbox, the namespaces of before" sh -c \
	"! $NSBOX sandbox list | grep -qw '$sb' && '$NSBOX_NETNS_COUNT' $ns0 30"

# the group is for CAP_NET_ADMIN only, as the spec says (admin-perm)
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
	python3 "$ynl/tools/net/ynl/cli.py" --spec "$spec" --schema "$schema" \
	--subscribe events 2>&1)
rc=$?
if [ "$rc" -ne 0 ] && printf '%s' "$out" | grep -q 'Operation not permitted'; then
	ktap_ok "cli.py: events refuses a subscriber without CAP_NET_ADMIN"
else
	ktap_fail "cli.py: events refuses a subscriber without CAP_NET_ADMIN" "exit $rc: $out"
fi

ktap_finish
