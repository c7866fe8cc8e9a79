#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The permission matrix: every operation (info, sandbox add/del/list/show,
# link add/del, addr add/del, route add/del, sysctl set, neigh add/del, the
# events group, the helper's report, exec, run, kill) tried by
#  - root: works;
#  - uid 65534 with CAP_NET_ADMIN alone: works (it is what the family needs),
#    but exec, run and kill, which need CAP_SYS_ADMIN as well (programs run
#    as full root), and the delete of a sandbox in which a daemon runs (it
#    would stop it): EPERM, with the module's message;
#  - uid 65534 without capabilities: EPERM for everything;
#  - root of a user namespace, with and without a network namespace of its
#    own: EPERM (CAP_NET_ADMIN counts in the initial user namespace only).
#    One exception: it may join the events group of its own network
#    namespace (GENL_MCAST_CAP_NET_ADMIN is checked against the owner of the
#    socket's network namespace), where no sandbox can be: it hears nothing;
#  - root inside a sandbox: sees none of the host's sandboxes (ENOENT for
#    every op on one), hears none of their events, and what it creates
#    belongs to the sandbox, invisible from the host, heard there only;
#  - a process that does not own an owned sandbox: it sees it, but may not
#    delete it, change its links, addresses or routes, run or signal a
#    program in it or put a veth peer in it (EPERM, "owned by another
#    socket"); the owning socket may.
# Daemons of root's run throughout, d1 in the victim sandbox and b1 in
# busy: each refused attempt must leave them running (their pids in /proc,
# "running" in nsbox -j sandbox show); at the end root kills d1 and deletes
# busy with b1. (busy is not published: the CLI unpublishes a sandbox
# before it deletes it, which CAP_NET_ADMIN alone may not, and the kernel
# would not be asked.)
# Each refused attempt must say why, in words only nsbox prints (the CLI's
# "nsbox: " and the module's message, never setpriv's or nsenter's own
# error: each identity's uid and capabilities are checked first), and change
# nothing: the sandbox list and descriptions, the module's counts, the
# host's devices and the sandbox's own links, addresses and routes are
# compared before and after, and the network namespace count after each
# identity's attempts. A refused exec or run would create a marker file: it
# must not exist afterwards.
#
# The requests the CLI does not make here (the helper's report, joining the
# events group on its own) are made raw, by python3 (raw.py).

. "$(dirname "$0")/../lib.sh"

ktap_plan 153

tmp=$(mktemp -d)
chmod 755 "$tmp"
raw=$tmp/raw.py
pids=

cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null
	done
	[ -z "${batch_fd_open:-}" ] || exec 3>&-
	for s in victim busy cap1 r1 own1 own2 own3; do
		$NSBOX sandbox del "$s" >/dev/null 2>&1
	done
	[ -z "${linger:-}" ] || serve_linger "$linger"
	rm -rf "$tmp"
}
trap cleanup EXIT

cat >"$raw" <<'EOF'
# raw.py info | report | join | listen FLAGFILE: one raw generic netlink
# request to nsbox; prints "ok" or the errno's name, exits 0 only on "ok".
# listen: joins the events group, prints "joined", waits for FLAGFILE to
# exist, then prints "events N", the nsbox messages it had received.
import errno, os, socket, struct, sys, time

SOL_NETLINK, NETLINK_ADD_MEMBERSHIP = 270, 1
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_MCAST_GROUPS = 1, 2, 7
NSBOX_CMD_INFO_GET, NSBOX_CMD_HELPER_REPORT, NSBOX_A_REPORT_TOKEN = 1, 5, 2

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

# creds WHO PREFIX UID CAPEFF: PREFIX really runs its command as UID with
# the effective capabilities CAPEFF (hex, as in /proc/PID/status): a refused
# attempt proves nothing if setpriv or nsenter failed, or let more through
creds() {
	_c=$($2 cat /proc/self/status 2>&1 | awk '
		/^Uid:/ { u = $2 " " $3 " " $4 " " $5 }
		/^CapEff:/ { e = $2 }
		END { print u, e }')
	check "$1 runs as uid $3 with CapEff $4 ($_c)" test "$_c" = "$3 $3 $3 $3 $4"
}
creds "nocap" "$NOCAP" 65534 0000000000000000
creds "CAP_NET_ADMIN alone" "$CAPNET" 65534 0000000000001000

# --- state that a refused attempt must leave as it was ---
# info_is FIELD VALUE: nsbox -j info says so
info_is() {
	test "$($NSBOX -j info | python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1")" = "$2"
}

# the sandboxes whose whole description (links, addresses, routes,
# programs) is part of the state
shown=victim

# snap_once: the state nsbox reports (info and the sandboxes of $shown, from
# one CLI run, then the list) into $tmp/snap.*, once no helper runs but
# those of the programs in $shown (a program's helper runs until it ends)
# and no nsbox-helper process is left
snap_once() {
	_cmds=info
	for _s in $shown; do
		_cmds="$_cmds
sandbox show $_s"
	done
	# a here-document, not a pipe: the shell would fork for the pipe's
	# left side, and this runs after every refused attempt
	$NSBOX -j -force -batch - >"$tmp/snap.shown" 2>&1 <<-EOF &&
	$_cmds
	EOF
		$NSBOX -j sandbox list >"$tmp/snap.list" 2>&1 || return 1
	awk '{
		if (match($0, /"helpers":[0-9]+/))
			h = substr($0, RSTART + 10, RLENGTH - 10) + 0
		n += gsub(/"state":"(starting|running)"/, "")
	} END { exit !(h == n) }' "$tmp/snap.shown" && ! helper_procs
}

# snapshot: what one refused attempt is checked against, cheap enough to
# take after each (a process start costs a good part of a second under TCG,
# and that of a dynamically linked tool more): nsbox's state, with each
# sandbox's links, addresses, routes and programs as nsbox records them,
# and the host's devices by name, read by the shell itself
snapshot() {
	poll 10 snap_once
	for _sf in "$tmp/snap.shown" "$tmp/snap.list"; do
		while IFS= read -r _l || [ -n "$_l" ]; do
			printf '%s\n' "$_l"
		done <"$_sf"
	done
	echo "## host links"
	echo /sys/class/net/*
}

# deep_snapshot: the kernel's own view, with iproute2: every host device
# and its state, the victim's links, addresses and routes. Taken when the
# state settles and compared after each group of attempts (no_new_netns)
deep_snapshot() {
	echo "## host links"
	ip -j link show
	echo "## victim"
	printf 'link show\naddr show\nroute show table all\n' | ip -n victim -j -batch -
}

# daemon_runs NAME PID ARG [SANDBOX | FILE]: the daemon NAME, /bin/sleep
# ARG, runs as PID, and FILE (nsbox -j sandbox show output, a file name with
# a /; else a fresh one of SANDBOX, default victim) shows it running
daemon_runs() {
	case ${4:-victim} in
	*/*) _f=$4 ;;
	*) _f=$tmp/show
	   $NSBOX -j sandbox show "${4:-victim}" >"$_f" || return 1 ;;
	esac
	# stat, not cmdline: read by the shell itself
	read -r _st 2>/dev/null <"/proc/$2/stat" || return 1
	case $_st in
	"$2 (sleep) "*) ;;
	*) return 1 ;;
	esac
	grep -q "\"name\":\"$1\",\"id\":[0-9]*,\"pid\":$2,\"state\":\"running\"" "$_f"
}
# root's daemons in victim that every refused attempt must leave running:
# "NAME:PID:ARG ..."
daemons=

# Patterns of refusals: each matches a line of the CLI's only, never one of
# setpriv ("setpriv: ...: Operation not permitted") or nsenter
perm='^nsbox: operation not permitted \(CAP_NET_ADMIN needed\)$'
launch='^nsbox: launching programs needs CAP_SYS_ADMIN \(operation not permitted\)$'
signal='^nsbox: signalling programs needs CAP_SYS_ADMIN \(operation not permitted\)$'
stopping='^nsbox: programs run in the sandbox: stopping them needs CAP_SYS_ADMIN \(operation not permitted\)$'
adopting='^nsbox: adopting a namespace needs CAP_SYS_ADMIN \(operation not permitted\)$'
noent='^nsbox: .*no (ready )?sandbox with this name'
own='^nsbox: .*sandbox is owned by another socket'

# what a refused exec or run would run: it leaves the marker
marker=$tmp/ran
mark="touch $marker"

# refused DESC PATTERN CMD...: CMD fails, its output matches PATTERN (an
# extended regular expression, any case), and nothing changed: the state is
# what it was ($tmp/state, from the last refused attempt or from settled),
# root's daemons run, and no program left the marker. A command that hangs
# (a monitor that was let in) is stopped after 10 s: that is a failure too.
# The network namespace count is checked after each group of attempts
# (no_new_netns): counting them exactly takes namespaces made and torn down,
# too slow under TCG to do after every attempt.
refused() {
	_desc=$1
	_pat=$2
	shift 2
	_out=$(timeout -k 5 10 "$@" 2>&1 </dev/null)
	_rc=$?
	snapshot >"$tmp/after" 2>&1
	_why=
	# 126 and 127: setpriv or timeout could not run the command. 125 is
	# timeout's own failure and nsbox exec's: the output tells them apart.
	case $_rc in
	0 | 124 | 137) _why="exit status $_rc" ;;
	126 | 127) _why="could not run it (exit $_rc)" ;;
	esac
	grep -qiE "$_pat" <<-EOF || _why="$_why; the output does not say /$_pat/"
	$_out
	EOF
	if ! cmp -s "$tmp/state" "$tmp/after"; then
		_why="$_why; the state changed:
$(diff "$tmp/state" "$tmp/after" | head -20)"
		cp "$tmp/after" "$tmp/state"
	fi
	for _d in $daemons; do
		_n=${_d%%:*}
		_a=${_d##*:}
		_p=${_d#*:}
		_p=${_p%:*}
		daemon_runs "$_n" "$_p" "$_a" "$tmp/after" ||
			_why="$_why; root's daemon $_n (pid $_p) no longer runs"
	done
	# report a lost daemon once
	case $_why in
	*"no longer runs"*) daemons= ;;
	esac
	if [ -e "$marker" ]; then
		_why="$_why; a program ran: $marker exists"
		rm -f "$marker"
	fi
	if [ -z "$_why" ]; then
		ktap_ok "$_desc"
	else
		ktap_fail "$_desc" "$ $*: exit $_rc: $_out
${_why#; }"
	fi
}

# no_new_netns WHO: WHO's attempts left the network namespaces, the host's
# devices and the victim's links, addresses and routes as they were
no_new_netns() {
	check "$1: no network namespace made or lost ($netns)" wait_netns_count "$netns" 10
	deep_snapshot >"$tmp/deep.after" 2>&1
	check "$1: the kernel's devices, addresses and routes are unchanged" \
		diff "$tmp/deep" "$tmp/deep.after"
	cp "$tmp/deep.after" "$tmp/deep"
}

# refuse_progs WHO PREFIX SANDBOX LAUNCH SIGNAL: exec and run in SANDBOX,
# and kill of its daemon d1, run as PREFIX, are refused: the launches with
# LAUNCH, the kill with SIGNAL (patterns)
refuse_progs() {
	refused "$1: exec in $3" "$4" $2 $NSBOX exec "$3" -- /bin/sh -c "$mark"
	refused "$1: run in $3" "$4" $2 $NSBOX run "$3" name m1 -- \
		/bin/sh -c "$mark; exec /bin/sleep 409"
	refused "$1: kill $3 d1 KILL" "$5" $2 $NSBOX kill "$3" d1 KILL
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
	refused "$_who: sysctl set" "$perm" $_w $NSBOX sysctl set victim net.ipv4.ip_forward 1
	refused "$_who: neigh add" "$perm" $_w \
		$NSBOX neigh add victim 10.99.1.2 lladdr 02:00:00:00:99:02 dev t0
	refused "$_who: neigh del" "$perm" $_w $NSBOX neigh del victim 10.99.1.2 dev t0
	if [ "${3:-}" = monitor ]; then
		refused "$_who: monitor (joining the events group)" "$perm" $_w $NSBOX monitor
	fi
	refused "$_who: the helper's report (raw)" '^EPERM$' $_w python3 "$raw" report
	refuse_progs "$_who" "$_w" victim "$perm" "$perm"
	no_new_netns "$_who"
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

# host_events NAME: root creates and deletes sandbox NAME on the host until
# a monitor of the host's hears it: events were sent
host_events() {
	$NSBOX -j monitor >"$tmp/mon.host" 2>&1 &
	_mpid=$!
	pids="$pids $_mpid"
	poll 15 sh -c "$NSBOX sandbox add $1 >/dev/null && $NSBOX sandbox del $1 &&
		grep -q '\"deleted\"' '$tmp/mon.host'"
	kill "$_mpid" 2>/dev/null
	wait "$_mpid" 2>/dev/null
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

# root's daemons: d1 in victim for the others to try to kill, b1 in busy
# (a sandbox in which a program runs) for them to try to delete
check "root: sandbox add busy" $NSBOX sandbox add busy
netns=$((netns + 1))
d1pid=$($NSBOX -j run victim name d1 -- /bin/sleep 86401 | sed -n 's/.*"pid":\([0-9]*\).*/\1/p')
b1pid=$($NSBOX -j run busy name b1 -- /bin/sleep 86402 | sed -n 's/.*"pid":\([0-9]*\).*/\1/p')
both_run() {
	[ -n "$d1pid" ] && [ -n "$b1pid" ] && daemon_runs d1 "$d1pid" 86401 &&
		daemon_runs b1 "$b1pid" 86402 busy
}
wait_for "root: run d1 in victim, b1 in busy; both run (pids ${d1pid:-?} ${b1pid:-?})" 15 both_run
daemons="d1:$d1pid:86401 b1:$b1pid:86402"
shown="victim busy"

# the state refused attempts compare with ($tmp/state): it must not change
# by itself
settled() {
	snapshot >"$tmp/state" 2>&1 && snapshot >"$tmp/s2" 2>&1 && cmp -s "$tmp/state" "$tmp/s2" &&
		deep_snapshot >"$tmp/deep" 2>&1
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
# the marker works: what a refused exec would run leaves it
check "root: exec in victim runs, and leaves the marker" sh -c \
	"$NSBOX exec victim -- /bin/sh -c '$mark' && test -e '$marker'"
rm -f "$marker"

# --- uid 65534 with CAP_NET_ADMIN alone: everything works ---
cap1_listed() {
	$CAPNET $NSBOX -j sandbox list | python3 -c '
import json, sys
d = {s["name"]: s for s in json.load(sys.stdin)}
assert set(d) == {"victim", "busy", "cap1"}, d
assert d["cap1"]["owner_uid"] == 65534 and d["victim"]["owner_uid"] == 0, d'
}
check "CAP_NET_ADMIN alone: info" $CAPNET $NSBOX info
check "CAP_NET_ADMIN alone: sandbox add cap1" $CAPNET $NSBOX sandbox add cap1
check "CAP_NET_ADMIN alone: sandbox list shows cap1, owned by uid 65534" cap1_listed
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
# no program runs in cap1: deleting it stops none
check "CAP_NET_ADMIN alone: sandbox del cap1" $CAPNET $NSBOX sandbox del cap1
check "back to victim and busy and their namespaces" wait_netns_count "$netns" 30
poll 10 settled
# programs run as full root: starting and signalling them, and deleting a
# sandbox in which they run, need CAP_SYS_ADMIN too (kernel/prog.c)
refuse_progs "CAP_NET_ADMIN alone" "$CAPNET" victim "$launch" "$signal"
refused "CAP_NET_ADMIN alone: sandbox del busy, where root's b1 runs" "$stopping" \
	$CAPNET $NSBOX sandbox del busy
# adopting takes over a namespace someone else made, as setns(2) would
refused "CAP_NET_ADMIN alone: adopting a process's namespace" "$adopting" \
	$CAPNET $NSBOX sandbox add cap2 pid "$usernet_pid"
no_new_netns "CAP_NET_ADMIN alone"

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
host_events evu
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
check "inside victim: info" $INSIDE $NSBOX info
check "inside victim: sandbox list is empty" sh -c \
	"test \"\$(ip netns exec victim $NSBOX -j sandbox list)\" = '[]'"
refused "inside victim: sandbox del victim is ENOENT" "$noent" \
	$INSIDE $NSBOX sandbox del victim
refused "inside victim: sandbox show victim is ENOENT" "$noent" \
	$INSIDE $NSBOX sandbox show victim
refused "inside victim: link add victim t9 is ENOENT" "$noent" \
	$INSIDE $NSBOX link add victim t9 type tun
refused "inside victim: link del victim t0 is ENOENT" "$noent" \
	$INSIDE $NSBOX link del victim t0
refused "inside victim: addr add is ENOENT" "$noent" \
	$INSIDE $NSBOX addr add victim 10.99.9.1/24 dev t0
refused "inside victim: addr del is ENOENT" "$noent" \
	$INSIDE $NSBOX addr del victim 10.99.1.1/24 dev t0
refused "inside victim: route add is ENOENT" "$noent" \
	$INSIDE $NSBOX route add victim 10.98.9.0/24 dev t0
refused "inside victim: route del is ENOENT" "$noent" \
	$INSIDE $NSBOX route del victim 10.98.1.0/24 dev t0
refuse_progs "inside victim (ENOENT)" "$INSIDE" victim "$noent" "$noent"
no_new_netns "inside victim"
# its events group is its namespace's: none of the host's events, but those
# of the sandboxes it creates
rm -f "$tmp/flag"
$INSIDE python3 "$raw" listen "$tmp/flag" >"$tmp/listen" 2>&1 &
lpid=$!
pids="$pids $lpid"
poll 10 grep -qE '^(joined|E)' "$tmp/listen"
check "inside victim: joins the events group" grep -q '^joined' "$tmp/listen"
host_events evi
check "inside victim: sandbox add inner works" $INSIDE $NSBOX sandbox add inner
touch "$tmp/flag"
poll 10 grep -q '^events' "$tmp/listen"
check "inside victim: hears inner's creation, none of the host's events ($(tail -n 1 "$tmp/listen"))" \
	grep -qx 'events 1' "$tmp/listen"
wait "$lpid" 2>/dev/null
check "inside victim: inner is listed there" sh -c \
	"ip netns exec victim $NSBOX sandbox list | grep -q '^inner '"
check "on the host: inner is not listed" sh -c \
	"$NSBOX -j sandbox list | python3 -c '
import json, sys
assert sorted(s[\"name\"] for s in json.load(sys.stdin)) == [\"busy\", \"victim\"]'"
out=$($NSBOX sandbox show inner 2>&1)
check "on the host: sandbox show inner is ENOENT ($out)" sh -c \
	"printf '%s' \"\$1\" | grep -qiE 'no sandbox'" - "$out"
check "but the module counts it (info: sandboxes 3)" info_is sandboxes 3
netns=$((netns + 1))
check "and its namespace" wait_netns_count "$netns" 30

# --- owned sandboxes and other processes ---
mkfifo "$tmp/batch"
$NSBOX -batch "$tmp/batch" >"$tmp/batch.out" 2>&1 &
batchpid=$!
pids="$pids $batchpid"
exec 3>"$tmp/batch"
batch_fd_open=1
echo "sandbox add own1 owned link t0 type tun addr 10.95.1.1/24 dev t0 route 10.94.1.0/24 dev t0" >&3
echo "sandbox add own2 owned" >&3
echo "sandbox add own3 owned" >&3
echo "run own1 name d1 -- /bin/sleep 86403" >&3
wait_for "a batch session owns own1, own2 and own3, and runs d1 in own1" 20 sh -c \
	"$NSBOX sandbox show own2 && $NSBOX sandbox show own3 &&
	 $NSBOX -j sandbox show own1 | grep -q '\"name\":\"d1\",[^}]*\"state\":\"running\"'"
check "another process sees them, owned, with the owner's port" sh -c \
	"$NSBOX -j sandbox show own1 | python3 -c '
import json, sys
s = json.load(sys.stdin)
assert \"owned\" in s[\"flags\"] and s[\"owner_portid\"] > 0, s'"
netns=$((netns + 3))
# the owner's daemon must keep running too
own1d=$($NSBOX -j sandbox show own1 | sed -n 's/.*"name":"d1","id":[0-9]*,"pid":\([0-9]*\).*/\1/p')
daemons="$daemons d1:${own1d:-?}:86403"
shown="victim busy own1"
poll 10 settled
refused "uid 65534 without capabilities cannot delete own1" "$perm" \
	$NOCAP $NSBOX sandbox del own1
refused "another root process may not delete own1" "$own" $NSBOX sandbox del own1
refused "nor add a link to it" "$own" $NSBOX link add own1 t9 type tun
refused "nor delete its link" "$own" $NSBOX link del own1 t0
refused "nor add an address" "$own" $NSBOX addr add own1 10.95.9.1/24 dev t0
refused "nor delete one" "$own" $NSBOX addr del own1 10.95.1.1/24 dev t0
refused "nor add a route" "$own" $NSBOX route add own1 10.94.9.0/24 dev t0
refused "nor delete one" "$own" $NSBOX route del own1 10.94.1.0/24 dev t0
refused "nor put a veth peer in it" "$own" \
	$NSBOX link add victim vx0 type veth peer vx1 sandbox own1
refuse_progs "another root process" "" own1 "$own" "$own"
refused "uid 65534 with CAP_NET_ADMIN may not delete root's own2" "$own" \
	$CAPNET $NSBOX sandbox del own2
refused "nor kill the owner's daemon in own1" "$signal" $CAPNET $NSBOX kill own1 d1 KILL
no_new_netns "the owned sandboxes' others"
echo "link add own3 t0 type tun" >&3
echo "sandbox del own1" >&3
shown="victim busy"
daemons="d1:$d1pid:86401 b1:$b1pid:86402"
wait_for "the owner itself changes own3 and deletes own1, its daemon with it" 20 sh -c \
	"! $NSBOX sandbox show own1 >/dev/null 2>&1 && $NSBOX -j sandbox show own3 | grep -q '\"t0\"' &&
	 [ -n '$own1d' ] && ! [ -e /proc/$own1d/cmdline ]"
exec 3>&-
batch_fd_open=
wait "$batchpid"
check "the owner closed its socket: own2 and own3 are gone, and the session ended well" sh -c \
	"! $NSBOX sandbox show own2 >/dev/null 2>&1 && ! $NSBOX sandbox show own3 >/dev/null 2>&1 &&
	 ! grep -q . '$tmp/batch.out'"
netns=$((netns - 3))
check "the owned sandboxes' namespaces are gone" wait_netns_count "$netns" 30

# --- the end: root may signal and delete ---
daemons=
check "root: kill victim d1 KILL" $NSBOX kill victim d1 KILL
d1_gone() {
	! [ -e "/proc/$d1pid/cmdline" ] && $NSBOX -j sandbox show victim >"$tmp/show" &&
		! grep -q '"name":"d1",[^}]*"state":"running"' "$tmp/show" &&
		daemon_runs b1 "$b1pid" 86402 busy
}
wait_for "d1 is gone, b1 still runs" 10 d1_gone
check "root: sandbox del busy, where b1 runs" $NSBOX sandbox del busy
wait_for "b1 is gone" 10 sh -c "! [ -e /proc/$b1pid/cmdline ]"
check "root: sandbox del victim" $NSBOX sandbox del victim
wait_for "inner, created inside victim, went with it (info: sandboxes 0)" 30 \
	info_is sandboxes 0
check "every namespace is gone (back to $base)" wait_netns_count "$base" 60
check "the host's devices are as before" sh -c \
	"test \"\$(ip -br link show | awk '{ print \$1 }' | sort)\" = \"\$1\"" - "$links_before"

ktap_finish
