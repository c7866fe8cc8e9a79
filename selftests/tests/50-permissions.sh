#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The permission matrix: every operation (info, sandbox add/del/list/show,
# link add/del, addr add/del, route add/del, the events group, the helper's
# report, exec) tried by
#  - root: works;
#  - uid 65534 with CAP_NET_ADMIN alone: works (it is what the family needs),
#    but exec, which needs CAP_SYS_ADMIN as well (the helper is full root);
#  - uid 65534 without capabilities: EPERM;
#  - root of a user namespace, with and without a network namespace of its
#    own: EPERM (CAP_NET_ADMIN counts in the initial user namespace only).
#    One exception: it may join the events group of its own network
#    namespace (GENL_MCAST_CAP_NET_ADMIN is checked against the owner of the
#    socket's network namespace), where no sandbox can be: it hears nothing;
#  - root inside a sandbox: sees none of the host's sandboxes (ENOENT), and
#    what it creates belongs to the sandbox, invisible from the host;
#  - a process that does not own an owned sandbox: it sees it, but may not
#    delete it, change it, run a program in it or put a veth peer in it
#    (EPERM, "owned by another socket"); the owning socket may.
# Each refused attempt must say why (EPERM: "not permitted", ENOENT: "no
# sandbox") and change nothing: the sandbox list, the module's counts, the
# network namespace count, the host's devices and the sandbox's own links,
# addresses and routes are compared before and after.
#
# The requests the CLI does not make here (the helper's report, exec,
# joining the events group on its own) are made raw, by python3 (raw.py).

. "$(dirname "$0")/../lib.sh"

ktap_plan 96

tmp=$(mktemp -d)
chmod 755 "$tmp"
raw=$tmp/raw.py
pids=

cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null
	done
	[ -z "${batch_fd_open:-}" ] || exec 3>&-
	for s in victim cap1 r1 own1 own2 own3; do
		$NSBOX sandbox del "$s" >/dev/null 2>&1
	done
	[ -z "${linger:-}" ] || serve_linger "$linger"
	rm -rf "$tmp"
}
trap cleanup EXIT

cat >"$raw" <<'EOF'
# raw.py info | report | exec SANDBOX | join | listen FLAGFILE: one raw
# generic netlink request to nsbox; prints "ok" or the errno's name, exits 0
# only on "ok". exec: PROG_EXEC of /bin/true in SANDBOX.
# listen: joins the events group, prints "joined", waits for FLAGFILE to
# exist, then prints "events N", the nsbox messages it had received.
import errno, os, socket, struct, sys, time

SOL_NETLINK, NETLINK_ADD_MEMBERSHIP = 270, 1
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_MCAST_GROUPS = 1, 2, 7
NSBOX_CMD_INFO_GET, NSBOX_CMD_HELPER_REPORT, NSBOX_A_REPORT_TOKEN = 1, 5, 2
NSBOX_CMD_PROG_EXEC, NSBOX_A_PROG_SANDBOX, NSBOX_A_PROG_PATH = 16, 2, 3

def attr(t, data):
    n = 4 + len(data)
    return struct.pack("HH", n, t) + data + b"\0" * (-n % 4)

def attrs(data):
    out, off = {}, 0
    while off + 4 <= len(data):
        n, t = struct.unpack_from("HH", data, off)
        if n < 4 or off + n > len(data):
            break
        out[t & 0x3fff] = data[off + 4:off + n]
        off += (n + 3) & ~3
    return out

def talk(sk, typ, cmd, payload=b"", version=1):
    sk.send(struct.pack("IHHII", 20 + len(payload), typ, 5, 1, 0) +
            struct.pack("BBH", cmd, version, 0) + payload)
    replies = []
    while True:
        data = sk.recv(65536)
        off = 0
        while off + 16 <= len(data):
            n, t = struct.unpack_from("IH", data, off)
            if n < 16 or off + n > len(data):
                raise SystemExit("malformed answer")
            if t == 2:
                return struct.unpack_from("i", data, off + 16)[0], replies
            replies.append(data[off + 20:off + n])
            off += (n + 3) & ~3

def family(sk):
    err, r = talk(sk, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                  attr(CTRL_ATTR_FAMILY_NAME, b"nsbox\0"), 2)
    if err or not r:
        raise SystemExit("no nsbox family: %d" % err)
    a = attrs(r[0])
    grp = None
    for g in attrs(a.get(CTRL_ATTR_MCAST_GROUPS, b"")).values():
        ga = attrs(g)
        if ga.get(1) == b"events\0":
            grp = struct.unpack("I", ga[2])[0]
    return struct.unpack("H", a[CTRL_ATTR_FAMILY_ID][:2])[0], grp

def result(err):
    print("ok" if not err else errno.errorcode.get(-err, str(err)))
    sys.exit(0 if not err else 1)

sk = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
sk.bind((0, 0))
fam, grp = family(sk)
what = sys.argv[1]
if what == "info":
    result(talk(sk, fam, NSBOX_CMD_INFO_GET)[0])
elif what == "exec":
    result(talk(sk, fam, NSBOX_CMD_PROG_EXEC,
                attr(NSBOX_A_PROG_SANDBOX, sys.argv[2].encode() + b"\0") +
                attr(NSBOX_A_PROG_PATH, b"/bin/true\0"))[0])
elif what == "report":
    result(talk(sk, fam, NSBOX_CMD_HELPER_REPORT,
                attr(NSBOX_A_REPORT_TOKEN, struct.pack("Q", 0x123456789abcdef)))[0])
elif what in ("join", "listen"):
    try:
        sk.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, grp)
    except OSError as e:
        result(-e.errno)
    if what == "join":
        result(0)
    print("joined", flush=True)
    while not os.path.exists(sys.argv[2]):
        time.sleep(0.05)
    sk.setblocking(False)
    n = 0
    try:
        while True:
            data = sk.recv(65536)
            off = 0
            while off + 16 <= len(data):
                ln, t = struct.unpack_from("IH", data, off)
                n += t == fam
                off += (ln + 3) & ~3
    except BlockingIOError:
        pass
    print("events", n, flush=True)
EOF
chmod 644 "$raw"

# userns.py [--net] CMD...: CMD as root of a new user namespace (and of a new
# network namespace), as unshare -U -r [--net]. The test VM runs chrooted,
# and the kernel refuses a user namespace to a chrooted process (EPERM):
# then it first climbs out of the chroot to the mount namespace's root (as
# root, it may), makes the namespaces there, and goes back into the chroot,
# which root of the new user namespace may do. Its own failures exit 125.
userns=$tmp/userns.py
cat >"$userns" <<'EOF'
import ctypes, os, sys

CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000
libc = ctypes.CDLL(None, use_errno=True)
args = sys.argv[1:]
flags = CLONE_NEWUSER
if args and args[0] == "--net":
    flags |= CLONE_NEWNET
    args = args[1:]

def die(what):
    sys.stderr.write("userns.py: %s: %s\n" % (what, os.strerror(ctypes.get_errno())))
    sys.exit(125)

try:
    root = os.open("/", os.O_RDONLY | os.O_DIRECTORY)
    if libc.unshare(flags):
        if ctypes.get_errno() != 1:
            die("unshare")
        # chrooted: out to the top, where a user namespace may be made
        d = "/tmp/userns.%d" % os.getpid()
        os.mkdir(d)
        os.chroot(d)
        for _ in range(256):
            os.chdir("..")
        os.chroot(".")
        if libc.unshare(flags):
            die("unshare, out of the chroot")
        os.fchdir(root)
        os.chroot(".")
        os.rmdir(d)
    os.chdir("/")
    for f, v in (("uid_map", "0 0 1"), ("setgroups", "deny"), ("gid_map", "0 0 1")):
        with open("/proc/self/" + f, "w") as fd:
            fd.write(v)
except OSError as e:
    sys.stderr.write("userns.py: %s\n" % e)
    sys.exit(125)
os.execvp(args[0], args)
EOF
chmod 644 "$userns"

# --- who: command prefixes ---
NOCAP="setpriv --reuid=65534 --regid=65534 --clear-groups"
CAPNET="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all,+net_admin \
--ambient-caps=-all,+net_admin --bounding-set=-all,+net_admin"
# the user namespaces: each held by a process (python3 is slow to start,
# and the chroot is left once), entered with nsenter as their root
python3 "$userns" --net sleep 100000 </dev/null >"$tmp/usernet.out" 2>&1 &
usernet_pid=$!
python3 "$userns" sleep 100000 </dev/null >"$tmp/userns.out" 2>&1 &
userns_pid=$!
pids="$pids $usernet_pid $userns_pid"
in_userns() {
	[ "$(readlink "/proc/$1/ns/user")" != "$(readlink /proc/self/ns/user)" ]
}
poll 20 in_userns "$usernet_pid"
poll 20 in_userns "$userns_pid"
USERNET="nsenter -t $usernet_pid -U -n"
USERNS="nsenter -t $userns_pid -U"
INSIDE="ip netns exec victim"

# --- state that a refused attempt must leave as it was ---
# info_is FIELD VALUE: nsbox -j info says so
info_is() {
	test "$($NSBOX -j info | python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1")" = "$2"
}

snapshot() {
	poll 10 helpers_idle
	echo "## list"
	$NSBOX -j sandbox list
	echo "## info"
	$NSBOX -j info
	echo "## host links"
	ip -j link show
	echo "## victim"
	printf 'link show\naddr show\nroute show table all\n' | ip -n victim -j -batch -
}

perm='not permitted'
noent='no (ready )?sandbox'

# refused DESC PATTERN CMD...: CMD fails, its output matches PATTERN (an
# extended regular expression, any case), and nothing changed: the state is
# what it was ($tmp/state, from the last refused attempt or from settled)
# and so is the network namespace count ($netns). A command that hangs (a
# monitor that was let in) is stopped after 10 s: that is a failure too.
refused() {
	_desc=$1
	_pat=$2
	shift 2
	_out=$(timeout -k 5 10 "$@" 2>&1 </dev/null)
	_rc=$?
	snapshot >"$tmp/after" 2>&1
	_why=
	case $_rc in
	0 | 124 | 137) _why="exit status $_rc" ;;
	125 | 126 | 127) _why="could not run it (exit $_rc)" ;;
	esac
	printf '%s' "$_out" | grep -qiE "$_pat" || _why="$_why; the output does not say /$_pat/"
	if ! cmp -s "$tmp/state" "$tmp/after"; then
		_why="$_why; the state changed:
$(diff "$tmp/state" "$tmp/after" | head -20)"
		cp "$tmp/after" "$tmp/state"
	fi
	wait_netns_count "$netns" 10 2>"$tmp/ns" || _why="$_why; $(cat "$tmp/ns")"
	if [ -z "$_why" ]; then
		ktap_ok "$_desc"
	else
		ktap_fail "$_desc" "$ $*: exit $_rc: $_out
${_why#; }"
	fi
}

# refuse_all WHO PREFIX [monitor]: every operation, run as PREFIX (a
# command prefix above), is refused with EPERM; the monitor too if asked
refuse_all() {
	_who=$1
	_w=$2
	refused "$_who: info" "$perm" $_w $NSBOX info
	refused "$_who: sandbox add" "$perm" $_w $NSBOX sandbox add p1
	refused "$_who: sandbox del victim" "$perm" $_w $NSBOX sandbox del victim
	refused "$_who: sandbox list" "$perm" $_w $NSBOX sandbox list
	refused "$_who: sandbox show victim" "$perm" $_w $NSBOX sandbox show victim
	refused "$_who: link add victim t9 type tun" "$perm" $_w $NSBOX link add victim t9 type tun
	refused "$_who: link del victim t0" "$perm" $_w $NSBOX link del victim t0
	refused "$_who: addr add" "$perm" $_w $NSBOX addr add victim 10.99.9.1/24 dev t0
	refused "$_who: addr del" "$perm" $_w $NSBOX addr del victim 10.99.1.1/24 dev t0
	refused "$_who: route add" "$perm" $_w $NSBOX route add victim 10.98.9.0/24 dev t0
	refused "$_who: route del" "$perm" $_w $NSBOX route del victim 10.98.1.0/24 dev t0
	if [ "${3:-}" = monitor ]; then
		refused "$_who: monitor (joining the events group)" "$perm" $_w $NSBOX monitor
	fi
	refused "$_who: the helper's report (raw)" "EPERM" $_w python3 "$raw" report
	refused "$_who: exec /bin/true in victim (raw)" "EPERM" $_w python3 "$raw" exec victim
}

# events_seen WHO PREFIX: nsbox -j monitor, run as PREFIX, sees a sandbox
# that root creates and deletes
events_seen() {
	_f=$tmp/mon.$1
	$2 $NSBOX -j monitor >"$_f" 2>&1 &
	_pid=$!
	pids="$pids $_pid"
	# it joins asynchronously: probe until it hears one
	poll 15 sh -c "$NSBOX sandbox add evp >/dev/null && $NSBOX sandbox del evp &&
		grep -q '\"deleted\"' '$_f'"
	_rc=$?
	kill "$_pid" 2>/dev/null
	wait "$_pid" 2>/dev/null
	[ "$_rc" -eq 0 ] || cat "$_f"
	return $_rc
}

# TUN devices: without udev, /dev/net/tun appears only with the module
modprobe tun 2>/dev/null

# states are compared whole: no serving helper lingers in them
linger=$(cat /sys/module/nsbox/parameters/helper_linger_ms)
serve_linger 0

# --- the sandbox the others try to touch ---
base=$(netns_count)
ktap_diag "baseline: $base network namespaces"
links_before=$(ip -br link show | awk '{ print $1 }' | sort)

if $NSBOX sandbox add victim publish link t0 type tun addr 10.99.1.1/24 dev t0 \
	route 10.98.1.0/24 dev t0 >"$tmp/out" 2>&1; then
	ktap_ok "root: sandbox add victim with a link, an address and a route"
else
	ktap_diag "$(cat "$tmp/out")"
	ktap_diag "no link/addr/route clauses in sandbox add: one by one"
	if $NSBOX sandbox add victim publish && $NSBOX link add victim t0 type tun &&
	   $NSBOX addr add victim 10.99.1.1/24 dev t0 &&
	   $NSBOX route add victim 10.98.1.0/24 dev t0; then
		ktap_ok "root: sandbox add victim, then its link, address and route"
	else
		ktap_fail "root: sandbox add victim, then its link, address and route"
	fi
fi
netns=$((base + 1))
check "one more network namespace" wait_netns_count "$netns" 30

# the state refused attempts compare with ($tmp/state): it must not change
# by itself
settled() {
	snapshot >"$tmp/state" 2>&1 && snapshot >"$tmp/s2" 2>&1 && cmp -s "$tmp/state" "$tmp/s2"
}
poll 10 settled

# --- root ---
check "root: info" $NSBOX info
check "root: sandbox list shows victim" sh -c "$NSBOX sandbox list | grep -q '^victim '"
check "root: sandbox show victim" $NSBOX sandbox show victim
check "root: link add, addr add, route add, route del, addr del, link del" sh -c \
	"$NSBOX link add victim t1 type tun && $NSBOX addr add victim 10.99.2.1/24 dev t1 &&
	 $NSBOX route add victim 10.98.2.0/24 dev t1 &&
	 ip -n victim route show 10.98.2.0/24 | grep -q t1 &&
	 $NSBOX route del victim 10.98.2.0/24 dev t1 &&
	 $NSBOX addr del victim 10.99.2.1/24 dev t1 && $NSBOX link del victim t1 &&
	 ! ip -n victim link show t1 2>/dev/null"
check "root: sandbox add r1, del r1" sh -c "$NSBOX sandbox add r1 && $NSBOX sandbox del r1"
check "root: joins the events group and sees events" events_seen root ""
out=$(python3 "$raw" report 2>&1)
check "root: the helper's report is refused, but not for permission: ESRCH ($out)" \
	test "$out" = ESRCH
check "root: exec /bin/true in victim (raw)" python3 "$raw" exec victim

# --- uid 65534 with CAP_NET_ADMIN alone: everything works ---
cap1_listed() {
	$CAPNET $NSBOX -j sandbox list | python3 -c '
import json, sys
d = {s["name"]: s for s in json.load(sys.stdin)}
assert set(d) == {"victim", "cap1"}, d
assert d["cap1"]["owner_uid"] == 65534 and d["victim"]["owner_uid"] == 0, d'
}
check "CAP_NET_ADMIN alone: info" $CAPNET $NSBOX info
check "CAP_NET_ADMIN alone: sandbox add cap1" $CAPNET $NSBOX sandbox add cap1
check "CAP_NET_ADMIN alone: sandbox list shows both, cap1 owned by uid 65534" cap1_listed
check "CAP_NET_ADMIN alone: sandbox show cap1" $CAPNET $NSBOX sandbox show cap1
check "CAP_NET_ADMIN alone: link add cap1 t0 type tun" $CAPNET $NSBOX link add cap1 t0 type tun
check "CAP_NET_ADMIN alone: addr add cap1 10.97.0.1/24 dev t0" \
	$CAPNET $NSBOX addr add cap1 10.97.0.1/24 dev t0
check "CAP_NET_ADMIN alone: route add cap1 10.96.0.0/16 dev t0" \
	$CAPNET $NSBOX route add cap1 10.96.0.0/16 dev t0
check "CAP_NET_ADMIN alone: route del" $CAPNET $NSBOX route del cap1 10.96.0.0/16 dev t0
check "CAP_NET_ADMIN alone: addr del" $CAPNET $NSBOX addr del cap1 10.97.0.1/24 dev t0
check "CAP_NET_ADMIN alone: link del" $CAPNET $NSBOX link del cap1 t0
check "CAP_NET_ADMIN alone: joins the events group and sees events" events_seen capnet "$CAPNET"
out=$($CAPNET python3 "$raw" report 2>&1)
check "CAP_NET_ADMIN alone: the helper's report is ESRCH, not EPERM ($out)" test "$out" = ESRCH
check "CAP_NET_ADMIN alone: sandbox del cap1" $CAPNET $NSBOX sandbox del cap1
check "back to one sandbox and its namespace" wait_netns_count "$netns" 30
poll 10 settled
# the helper is full root: programs need CAP_SYS_ADMIN too (kernel/prog.c)
refused "CAP_NET_ADMIN alone: exec in victim is EPERM (CAP_SYS_ADMIN needed)" "EPERM" \
	$CAPNET python3 "$raw" exec victim

# --- uid 65534, no capabilities: EPERM for everything ---
refuse_all nocap "$NOCAP" monitor

# --- root of a user namespace with a network namespace of its own ---
# new_ns KIND...: the namespaces of these kinds differ from the host's
new_ns() {
	_w=$1
	shift
	for _k in user net; do
		_in=$($_w readlink /proc/self/ns/$_k) || return 1
		case " $* " in
		*" $_k "*) [ "$_in" != "$(readlink /proc/self/ns/$_k)" ] || return 1 ;;
		*) [ "$_in" = "$(readlink /proc/self/ns/$_k)" ] || return 1 ;;
		esac
	done
	[ "$($_w id -u)" = 0 ]
}
check "usernet is root of new user and network namespaces" new_ns "$USERNET" user net
refuse_all usernet "$USERNET"
# GENL_MCAST_CAP_NET_ADMIN checks CAP_NET_ADMIN over the socket's network
# namespace, here its own: it may join, but events are sent only to the
# namespace that owns the sandbox, and it can own none
rm -f "$tmp/flag"
$USERNET python3 "$raw" listen "$tmp/flag" >"$tmp/listen" 2>&1 &
lpid=$!
pids="$pids $lpid"
poll 10 grep -qE '^(joined|E)' "$tmp/listen"
check "usernet: may join the events group of its own network namespace" \
	grep -q '^joined' "$tmp/listen"
$NSBOX -j monitor >"$tmp/mon.host" 2>&1 &
mpid=$!
pids="$pids $mpid"
poll 15 sh -c "$NSBOX sandbox add evu >/dev/null && $NSBOX sandbox del evu &&
	grep -q '\"deleted\"' '$tmp/mon.host'"
kill "$mpid" 2>/dev/null
touch "$tmp/flag"
poll 10 grep -q '^events' "$tmp/listen"
check "usernet: and hears none of the host's events ($(tail -n 1 "$tmp/listen"))" \
	grep -qx 'events 0' "$tmp/listen"
wait "$lpid" 2>/dev/null

# --- root of a user namespace in the host's network namespace ---
check "userns is root of a new user namespace, in the host's network namespace" \
	new_ns "$USERNS" user
refuse_all userns "$USERNS" monitor

# --- root inside a sandbox ---
check "inside victim: sandbox list is empty" sh -c \
	"test \"\$(ip netns exec victim $NSBOX -j sandbox list)\" = '[]'"
refused "inside victim: sandbox del victim is ENOENT" "$noent" \
	$INSIDE $NSBOX sandbox del victim
refused "inside victim: sandbox show victim is ENOENT" "$noent" \
	$INSIDE $NSBOX sandbox show victim
refused "inside victim: link add victim t9 is ENOENT" "$noent" \
	$INSIDE $NSBOX link add victim t9 type tun
check "inside victim: sandbox add inner works" $INSIDE $NSBOX sandbox add inner
check "inside victim: inner is listed there" sh -c \
	"ip netns exec victim $NSBOX sandbox list | grep -q '^inner '"
check "on the host: inner is not listed" sh -c \
	"$NSBOX -j sandbox list | python3 -c '
import json, sys
assert [s[\"name\"] for s in json.load(sys.stdin)] == [\"victim\"]'"
out=$($NSBOX sandbox show inner 2>&1)
check "on the host: sandbox show inner is ENOENT ($out)" sh -c \
	"printf '%s' \"\$1\" | grep -qiE 'no sandbox'" - "$out"
check "but the module counts it (info: sandboxes 2)" info_is sandboxes 2
netns=$((netns + 1))
check "and its namespace" wait_netns_count "$netns" 30

# --- owned sandboxes and other processes ---
mkfifo "$tmp/batch"
$NSBOX -batch "$tmp/batch" >"$tmp/batch.out" 2>&1 &
batchpid=$!
pids="$pids $batchpid"
exec 3>"$tmp/batch"
batch_fd_open=1
echo "sandbox add own1 owned" >&3
echo "sandbox add own2 owned" >&3
echo "sandbox add own3 owned" >&3
wait_for "a batch session owns own1, own2 and own3" 20 sh -c \
	"$NSBOX sandbox show own1 && $NSBOX sandbox show own2 && $NSBOX sandbox show own3"
check "another process sees them, owned, with the owner's port" sh -c \
	"$NSBOX -j sandbox show own1 | python3 -c '
import json, sys
s = json.load(sys.stdin)
assert \"owned\" in s[\"flags\"] and s[\"owner_portid\"] > 0, s'"
netns=$((netns + 3))
poll 10 settled
refused "uid 65534 without capabilities cannot delete own1" "$perm" \
	$NOCAP $NSBOX sandbox del own1
own='owned by another socket'
refused "another root process may not delete own1" "$own" $NSBOX sandbox del own1
refused "nor add a link to it" "$own" $NSBOX link add own1 t0 type tun
refused "nor put a veth peer in it" "$own" \
	$NSBOX link add victim vx0 type veth peer vx1 sandbox own1
refused "nor run a program in it" "$own" $NSBOX exec own1 -- /bin/touch "$tmp/own1-ran"
check "and the program did not run" test ! -e "$tmp/own1-ran"
refused "uid 65534 with CAP_NET_ADMIN may not delete root's own2" "$own" \
	$CAPNET $NSBOX sandbox del own2
echo "link add own3 t0 type tun" >&3
echo "sandbox del own1" >&3
wait_for "the owner itself changes own3 and deletes own1" 20 sh -c \
	"! $NSBOX sandbox show own1 >/dev/null 2>&1 && $NSBOX -j sandbox show own3 | grep -q '\"t0\"'"
exec 3>&-
batch_fd_open=
wait "$batchpid"
check "the owner closed its socket: own2 and own3 are gone, and the session ended well" sh -c \
	"! $NSBOX sandbox show own2 >/dev/null 2>&1 && ! $NSBOX sandbox show own3 >/dev/null 2>&1 &&
	 ! grep -q . '$tmp/batch.out'"
netns=$((netns - 3))
check "the owned sandboxes' namespaces are gone" wait_netns_count "$netns" 30

# --- the end ---
check "sandbox del victim" $NSBOX sandbox del victim
wait_for "inner, created inside victim, went with it (info: sandboxes 0)" 30 \
	info_is sandboxes 0
check "every namespace is gone (back to $base)" wait_netns_count "$base" 60
check "the host's devices are as before" sh -c \
	"test \"\$(ip -br link show | awk '{ print \$1 }' | sort)\" = \"\$1\"" - "$links_before"

ktap_finish
