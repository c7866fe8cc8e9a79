#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The nsbox family as the outside sees it: iproute2's genl client, the CLI
# in text and JSON, the errors a user meets, modinfo, and a clean kernel
# after many load/unload cycles.

. "$(dirname "$0")/../lib.sh"

ktap_plan 17

json_ok() {
	python3 -c 'import json, sys; json.load(sys.stdin)'
}

# iproute2's genl asks the controller itself: the family by name, version
# 1; the ops by id ("#N:  ID-0xN"), the groups by id and name
if ctrl=$(genl ctrl get name nsbox 2>&1) &&
   printf '%s\n' "$ctrl" | grep -qE '^Name: nsbox[[:space:]]*$' &&
   printf '%s\n' "$ctrl" | grep -qE 'Version: 0x0*1[^0-9a-f]'; then
	ktap_ok "genl ctrl get name nsbox: the family, version 1"
else
	ktap_fail "genl ctrl get name nsbox: the family, version 1" "$ctrl"
fi
ops=$(printf '%s\n' "$ctrl" | grep 'ID-0x' | grep -vc 'name:')
if [ "$ops" -ge 5 ]; then
	ktap_ok "genl ctrl lists the ops ($ops)"
else
	ktap_fail "genl ctrl lists the ops" "$ctrl"
fi
if printf '%s\n' "$ctrl" | grep -qE 'ID-0x[0-9a-f]+ +name: events'; then
	ktap_ok "genl ctrl lists the events group"
else
	ktap_fail "genl ctrl lists the events group" "$ctrl"
fi

# out: the output of a command that must have succeeded
check "nsbox info names the module version" sh -c \
	"out=\$($NSBOX info) && printf '%s' \"\$out\" | grep -q 'module version'"
version() {
	v=$(cat /sys/module/nsbox/version) &&
		test "$($NSBOX --version)" = "nsbox $v" && test "$($NSBOX -V)" = "nsbox $v"
}
check "nsbox --version and -V print the version, the module's" version
check "nsbox -j info is valid JSON" sh -c "$NSBOX -j info | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[\"family_version\"] == 1 and d[\"helper_path\"].startswith(\"/\") and d[\"name_max\"] == 127, d'"

# uid 65534, no capabilities: refused by the kernel, said in one line
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups $NSBOX info 2>&1)
rc=$?
if [ "$rc" -ne 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] &&
   printf '%s' "$out" | grep -qi 'not permitted'; then
	ktap_ok "uid 65534 gets EPERM and one clear line"
else
	ktap_fail "uid 65534 gets EPERM and one clear line" "exit $rc: $out"
fi

# CAP_NET_ADMIN is what it takes: uid 65534 holding it gets in
check "CAP_NET_ADMIN alone may read info" sh -c \
	"out=\$(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=+net_admin \
		--ambient-caps=+net_admin $NSBOX info) && printf '%s' \"\$out\" | grep -q 'module version'"

check "modinfo has description, version, license" sh -c \
	'm=$(modinfo nsbox) && echo "$m" | grep -q "^description:.*sandbox" &&
	 echo "$m" | grep -q "^version:" && echo "$m" | grep -q "^license: *GPL"'
check "modinfo describes every parameter" sh -c \
	'for p in helper_path helper_timeout_ms max_sandboxes; do
		modinfo -F parm nsbox | grep -q "^$p:.\{20,\}" || exit 1
	 done'

# not loaded, and not autoloadable: the CLI says what to do
modprobe -r nsbox
echo "install nsbox /bin/false" >/etc/modprobe.d/nsbox-test-block.conf
out=$($NSBOX info 2>&1)
rc=$?
rm -f /etc/modprobe.d/nsbox-test-block.conf
# and it stayed unloaded, or the autoload below would prove nothing
if [ "$rc" -ne 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] &&
   printf '%s' "$out" | grep -q 'modprobe nsbox' && [ ! -d /sys/module/nsbox ]; then
	ktap_ok "module not loaded: one line with the modprobe hint"
else
	ktap_fail "module not loaded: one line with the modprobe hint" \
		"exit $rc: $out$([ ! -d /sys/module/nsbox ] || echo '; yet nsbox is loaded')"
fi

# the family alias loads the module on first use, as wireguard's does
check "first use autoloads the module" $NSBOX info
check "module is loaded again" test -d /sys/module/nsbox

# NSBOX_RELOAD_CYCLES (100) load/unload cycles: nothing in dmesg, no taint
# beyond out-of-tree
kmsg_mark "load/unload cycles"
taint_before=$(cat /proc/sys/kernel/tainted)
# insmod and rmmod themselves: what is tested is the module's init and
# exit, not modprobe's reading of its configuration and index each time
cycles=$(knob NSBOX_RELOAD_CYCLES 100)
ko=$(modinfo -n nsbox)
i=0
cycles_ok=1
while [ $i -lt "$cycles" ]; do
	if ! rmmod nsbox || ! insmod "$ko"; then
		cycles_ok=
		break
	fi
	i=$((i + 1))
done
# insmod takes none of modprobe.d's options (the debug tier's helper
# timeout): the tests after this one get nsbox as modprobe loads it
[ -z "$cycles_ok" ] || { rmmod nsbox && modprobe nsbox; } || cycles_ok=
if [ -n "$cycles_ok" ]; then
	ktap_ok "$cycles load/unload cycles"
else
	ktap_fail "$cycles load/unload cycles" "failed at cycle $i"
fi
splats=$(kmsg_since_mark | grep -E "$NSBOX_SPLAT_RE")
if [ -z "$splats" ]; then
	ktap_ok "no warnings in dmesg after the cycles"
else
	ktap_fail "no warnings in dmesg after the cycles" "$splats"
fi
taint=$(cat /proc/sys/kernel/tainted)
# O (out-of-tree, 4096) and E (unsigned, 8192) are expected, nothing else
if [ $((taint & ~(4096 | 8192))) -eq 0 ] && [ "$taint" = "$taint_before" ]; then
	ktap_ok "taint is out-of-tree/unsigned only ($taint)"
else
	ktap_fail "taint is out-of-tree/unsigned only" "tainted=$taint before=$taint_before"
fi
lines=$(kmsg_since_mark | grep -c 'nsbox: loaded')
# and the modprobe after them
check "every load logged once ($lines)" test "$lines" -eq $((cycles + 1))

ktap_finish
