// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation failures, one fault site at a time (the kernel's fail-nth,
 * Documentation/fault-injection/fault-injection.rst): for n = 1, 2, ...
 * the n-th fault site this thread passes during one request fails (slab,
 * page allocator) - in sendmsg, in the genetlink core, in nsbox, in what
 * nsbox calls - until a request goes through with no fault injected.
 *
 * Each injected failure must be refused with a clean error (ENOMEM or
 * ENOBUFS, or another errno with the module's message saying why), or be
 * absorbed (the request succeeds anyway, completely), or lose the answer
 * (ENOBUFS on the socket: then either is fine). Afterwards the snapshot
 * (state.c: sandboxes and what nsbox recorded in them, what exists in their
 * namespaces and in ours, nsbox's counts, helper processes, our fds) must
 * be what it was before the request, once what the request did is undone.
 * The network namespace count is compared too whenever a process was
 * created during the request (a helper; nothing else creates namespaces),
 * and always at the end of an op.
 *
 * The helper runs in its own task, where this thread's fail-nth does not
 * reach: faults are injected in the requester's context only.
 */

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "faults.h"

#define FAIL_NTH	"/proc/thread-self/fail-nth"
#define MAX_POINTS	5000
/*
 * Bounds, not goals: they end a loop that never gets through and a state
 * that never comes back. On the debug kernel a create walks some 95 fault
 * points, each a helper run and a namespace made and torn down: 1.5 s each
 * in a fresh VM, 6.7 s each late in a whole run (seen), where every
 * teardown of a qdisc has lockdep zap its dynamic key against all the lock
 * chains recorded so far, and a namespace's teardown can take half a minute.
 */
#define OP_SECONDS	1500
#define SETTLE_SECONDS	60

static int fail_fd = -1;

static void arm(unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	if (pwrite(fail_fd, buf, len, 0) != len) {
		msg("cannot write %s: %m", FAIL_NTH);
		exit(2);
	}
}

/* Stop injecting; was the fault injected (the count ran down to 0)? */
static bool disarm(void)
{
	char buf[16] = "";
	ssize_t n = pread(fail_fd, buf, sizeof(buf) - 1, 0);

	if (pwrite(fail_fd, "0", 1, 0) != 1 || n <= 0) {
		msg("cannot use %s: %m", FAIL_NTH);
		exit(2);
	}
	buf[n] = 0;
	return atoi(buf) == 0;
}

/* --- the requests --- */

static void nest_link(struct genl_req *r, uint16_t type, const char *ifname, uint32_t ltype,
		      const char *peer)
{
	struct nlattr *nest = type ? nl_nest(r, type) : NULL;

	genl_put_str(r, NSBOX_A_LINK_IFNAME, ifname);
	genl_put_u32(r, NSBOX_A_LINK_TYPE, ltype);
	if (peer)
		genl_put_str(r, NSBOX_A_LINK_PEER_IFNAME, peer);
	if (nest)
		nl_nest_end(r, nest);
}

static void nest_addr(struct genl_req *r, uint16_t type, const char *ifname, const char *ip,
		      uint8_t plen)
{
	struct nlattr *nest = type ? nl_nest(r, type) : NULL;

	genl_put_str(r, NSBOX_A_ADDR_IFNAME, ifname);
	nl_put_ip4(r, NSBOX_A_ADDR_ADDRESS, ip);
	nl_put_u8(r, NSBOX_A_ADDR_PREFIXLEN, plen);
	if (nest)
		nl_nest_end(r, nest);
}

static void nest_route(struct genl_req *r, uint16_t type, const char *dst, uint8_t len,
		       const char *gw, const char *ifname)
{
	struct nlattr *nest = type ? nl_nest(r, type) : NULL;

	nl_put_ip4(r, NSBOX_A_ROUTE_DST, dst);
	nl_put_u8(r, NSBOX_A_ROUTE_DST_LEN, len);
	nl_put_ip4(r, NSBOX_A_ROUTE_GATEWAY, gw);
	genl_put_str(r, NSBOX_A_ROUTE_IFNAME, ifname);
	if (nest)
		nl_nest_end(r, nest);
}

/* One request on a socket of its own; the fds a reply handed out are closed. */
static int request(struct genl_req *r, struct answer *a)
{
	int fd = nl_open();

	if (fd < 0)
		return -1;
	nl_talk(fd, r, a, NULL, NULL);
	nl_close_fds(a);
	close(fd);
	return answer_ok(a) ? 0 : -1;
}

static int checked(const char *what, struct genl_req *r)
{
	struct answer a;
	char buf[320];

	if (!request(r, &a))
		return 0;
	msg("%s: %s", what, answer_str(&a, buf, sizeof(buf)));
	return -1;
}

/* The fixture: a TUN with an address, what the link, addr, route, exec ops use. */
static int make_fixture(void)
{
	struct genl_req r;

	nl_init(&r, NSBOX_CMD_SANDBOX_NEW, 0);
	genl_put_str(&r, NSBOX_A_SANDBOX_NAME, FIX_NAME);
	nest_link(&r, NSBOX_A_SANDBOX_LINK, "tun0", NSBOX_LINK_TYPE_TUN, NULL);
	nest_addr(&r, NSBOX_A_SANDBOX_ADDR, "tun0", "10.90.0.1", 24);
	return checked("creating the fixture " FIX_NAME, &r);
}

static int make_plain(const char *name)
{
	struct genl_req r;

	nl_init(&r, NSBOX_CMD_SANDBOX_NEW, 0);
	genl_put_str(&r, NSBOX_A_SANDBOX_NAME, name);
	return checked("creating a sandbox", &r);
}

static int del_sandbox(const char *name)
{
	struct genl_req r;

	nl_init(&r, NSBOX_CMD_SANDBOX_DEL, 0);
	genl_put_str(&r, NSBOX_A_SANDBOX_NAME, name);
	return checked("deleting a sandbox", &r);
}

static bool exists(const char *name)
{
	struct answer a;
	struct sbx s;

	return !sbx_get(name, false, &s, &a);
}

/*
 * One sandbox in one request, as `nsbox sandbox add flt-new hostname ...
 * publish link tun0 type tun addr ... route ...` sends it: the reply hands
 * out namespace fds (publish), and the hostname adds a UTS namespace.
 */
static void build_create(struct genl_req *r)
{
	nl_init(r, NSBOX_CMD_SANDBOX_NEW, 0);
	genl_put_str(r, NSBOX_A_SANDBOX_NAME, NEW_NAME);
	genl_put_str(r, NSBOX_A_SANDBOX_HOSTNAME, "flt-host");
	genl_put_u32(r, NSBOX_A_SANDBOX_FLAGS, NSBOX_SANDBOX_F_PUBLISH);
	nest_link(r, NSBOX_A_SANDBOX_LINK, "tun0", NSBOX_LINK_TYPE_TUN, NULL);
	nest_addr(r, NSBOX_A_SANDBOX_ADDR, "tun0", "10.92.0.1", 24);
	nest_route(r, NSBOX_A_SANDBOX_ROUTE, "10.93.0.0", 16, "10.92.0.2", "tun0");
}

static int effect_create(char *why, size_t len)
{
	if (!exists(NEW_NAME))
		return 0;
	return complete(NEW_NAME, 1, 1, 1, why, len) ? -1 : 1;
}

static int undo_create(void)
{
	return del_sandbox(NEW_NAME);
}

static void build_link_tun(struct genl_req *r)
{
	nl_init(r, NSBOX_CMD_LINK_NEW, 0);
	genl_put_str(r, NSBOX_A_LINK_SANDBOX, FIX_NAME);
	nest_link(r, 0, "tun1", NSBOX_LINK_TYPE_TUN, NULL);
}

static void build_link_veth(struct genl_req *r)
{
	nl_init(r, NSBOX_CMD_LINK_NEW, 0);
	genl_put_str(r, NSBOX_A_LINK_SANDBOX, FIX_NAME);
	nest_link(r, 0, "veth1", NSBOX_LINK_TYPE_VETH, PEER_NAME);
}

/* The fixture has one more link, addr or route than it had; all of it exists. */
static int effect_cfg(int links, int addrs, int routes, char *why, size_t len)
{
	struct answer a;
	struct sbx s;

	if (sbx_get(FIX_NAME, false, &s, &a)) {
		snprintf(why, len, "the fixture is gone");
		return -1;
	}
	if (s.nlink == 1 && s.naddr == 1 && s.nroute == 0)
		return 0;
	return complete(FIX_NAME, links, addrs, routes, why, len) ? -1 : 1;
}

static int effect_link_tun(char *why, size_t len)
{
	return effect_cfg(2, 1, 0, why, len);
}

static int effect_link_veth(char *why, size_t len)
{
	int e = effect_cfg(2, 1, 0, why, len);

	if (e > 0 && !if_nametoindex(PEER_NAME)) {
		snprintf(why, len, "the veth's host end %s is not there", PEER_NAME);
		return -1;
	}
	return e;
}

static int undo_link(const char *ifname)
{
	struct genl_req r;

	nl_init(&r, NSBOX_CMD_LINK_DEL, 0);
	genl_put_str(&r, NSBOX_A_LINK_SANDBOX, FIX_NAME);
	genl_put_str(&r, NSBOX_A_LINK_IFNAME, ifname);
	return checked("deleting the link", &r);
}

static int undo_link_tun(void)
{
	return undo_link("tun1");
}

static int undo_link_veth(void)
{
	return undo_link("veth1");
}

static void build_addr_op(struct genl_req *r, uint8_t cmd)
{
	nl_init(r, cmd, 0);
	genl_put_str(r, NSBOX_A_ADDR_SANDBOX, FIX_NAME);
	nest_addr(r, 0, "tun0", "10.90.1.1", 24);
}

static void build_addr(struct genl_req *r)
{
	build_addr_op(r, NSBOX_CMD_ADDR_NEW);
}

static int effect_addr(char *why, size_t len)
{
	return effect_cfg(1, 2, 0, why, len);
}

static int undo_addr(void)
{
	struct genl_req r;

	build_addr_op(&r, NSBOX_CMD_ADDR_DEL);
	return checked("deleting the address", &r);
}

static void build_route_op(struct genl_req *r, uint8_t cmd)
{
	nl_init(r, cmd, 0);
	genl_put_str(r, NSBOX_A_ROUTE_SANDBOX, FIX_NAME);
	nest_route(r, 0, "10.94.0.0", 16, "10.90.0.2", "tun0");
}

static void build_route(struct genl_req *r)
{
	build_route_op(r, NSBOX_CMD_ROUTE_NEW);
}

static int effect_route(char *why, size_t len)
{
	return effect_cfg(1, 1, 1, why, len);
}

static int undo_route(void)
{
	struct genl_req r;

	build_route_op(&r, NSBOX_CMD_ROUTE_DEL);
	return checked("deleting the route", &r);
}

/* `nsbox exec flt-fix -- /bin/sleep 30`: killed when our socket closes. */
static void build_exec(struct genl_req *r)
{
	nl_init(r, NSBOX_CMD_PROG_EXEC, 0);
	genl_put_str(r, NSBOX_A_PROG_SANDBOX, FIX_NAME);
	genl_put_str(r, NSBOX_A_PROG_PATH, "/bin/sleep");
	genl_put_str(r, NSBOX_A_PROG_ARG, "sleep");
	genl_put_str(r, NSBOX_A_PROG_ARG, "30");
	genl_put_str(r, NSBOX_A_PROG_ENV, "PATH=/usr/bin:/bin");
	genl_put_str(r, NSBOX_A_PROG_CWD, "/");
}

/* the answer of the request under test, for what effect_exec() cannot see */
static const struct answer *cur;

static int effect_exec(char *why, size_t len)
{
	double deadline = now() + 10;
	int helpers, sleepers;

	/* replied once the helper reported: the program comes a moment later */
	procs(&helpers, &sleepers);
	while (cur->prog_pid && !sleepers && now() < deadline) {
		pause_ms(10);
		procs(&helpers, &sleepers);
	}
	if (sleepers > 1) {
		snprintf(why, len, "%d programs run", sleepers);
		return -1;
	}
	return sleepers;
}

static void build_info(struct genl_req *r)
{
	nl_init(r, NSBOX_CMD_INFO_GET, 0);
}

/* The fixture with its namespace fds, as `nsbox exec` asks for it. */
static void build_get(struct genl_req *r)
{
	nl_init(r, NSBOX_CMD_SANDBOX_GET, 0);
	genl_put_str(r, NSBOX_A_SANDBOX_NAME, FIX_NAME);
	genl_put(r, NSBOX_A_SANDBOX_WANT_NSFDS, NULL, 0);
}

static void build_dump(struct genl_req *r)
{
	nl_init(r, NSBOX_CMD_SANDBOX_GET, NLM_F_DUMP);
}

static void build_del(struct genl_req *r)
{
	nl_init(r, NSBOX_CMD_SANDBOX_DEL, 0);
	genl_put_str(r, NSBOX_A_SANDBOX_NAME, DEL_NAME);
}

/* For del, the effect is the sandbox gone; undoing it is creating it again. */
static int effect_del(char *why, size_t len)
{
	(void)why;
	(void)len;
	return !exists(DEL_NAME);
}

static int undo_del(void)
{
	return make_plain(DEL_NAME);
}

struct op {
	const char	*name;
	bool		fixture;	/* works on FIX_NAME */
	bool		target;		/* works on DEL_NAME */
	int		replies;	/* a success has at least that many replies */
	int		fds;		/* and hands out that many fds */
	void		(*build)(struct genl_req *r);
	/* what the request did: 1 all of it, 0 nothing, -1 part (@why) */
	int		(*effect)(char *why, size_t len);
	int		(*undo)(void);	/* undo what it did */
};

static const struct op ops[] = {
	{ "create", false, false, 1, 2, build_create, effect_create, undo_create },
	{ "link-tun", true, false, 0, 0, build_link_tun, effect_link_tun, undo_link_tun },
	{ "link-veth", true, false, 0, 0, build_link_veth, effect_link_veth, undo_link_veth },
	{ "addr", true, false, 0, 0, build_addr, effect_addr, undo_addr },
	{ "route", true, false, 0, 0, build_route, effect_route, undo_route },
	{ "exec", true, false, 1, 0, build_exec, effect_exec, NULL },
	{ "info", false, false, 1, 0, build_info, NULL, NULL },
	{ "get", true, false, 1, 1, build_get, NULL, NULL },
	{ "dump", true, false, 1, 0, build_dump, NULL, NULL },
	{ "del", false, true, 0, 0, build_del, effect_del, undo_del },
};

static const struct op *find_op(const char *name)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(ops[i].name, name))
			return &ops[i];
	return NULL;
}

/* --- the loop --- */

#define KINDS_MAX 32

struct stats {
	int	points;		/* fault sites passed */
	int	refused;	/* the request failed with an error */
	int	send;		/* sendmsg failed: nsbox never saw it */
	int	lost;		/* the answer was lost (ENOBUFS on the socket) */
	int	absorbed;	/* it succeeded all the same */
	int	helper_ran;	/* a process was created during the request */
	int	nkinds;
	struct {
		char	what[320];
		int	n;
	} kind[KINDS_MAX];	/* each error and message, and how often */
};

static void count_kind(struct stats *st, const char *what)
{
	int i;

	for (i = 0; i < st->nkinds; i++)
		if (!strcmp(st->kind[i].what, what))
			break;
	if (i == KINDS_MAX)
		return;
	if (i == st->nkinds) {
		snprintf(st->kind[i].what, sizeof(st->kind[i].what), "%s", what);
		st->nkinds++;
	}
	st->kind[i].n++;
}

/* ENOMEM and ENOBUFS say what happened; any other errno needs the module's why. */
static bool clean_error(const struct answer *a)
{
	if (a->send_err)
		return a->send_err == -ENOBUFS || a->send_err == -ENOMEM;
	if (a->recv_err)
		return a->recv_err == -ENOBUFS;
	return a->error == -ENOMEM || a->error == -ENOBUFS || a->msg[0];
}

/* Messages of the events group: notifications allocate, so have a listener. */
static int listen_events(void)
{
	int fd = nl_open();

	if (fd >= 0 && nsbox_events &&
	    setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &nsbox_events,
		       sizeof(nsbox_events)))
		msg("cannot join the events group: %m");
	return fd;
}

static void drain(int fd)
{
	char buf[8192];

	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0 || errno == ENOBUFS)
		;
}

/* The snapshot without its netns line: for requests that created no process. */
static char *without_netns(const char *text)
{
	char *copy = strdup(text), *p;

	p = copy;
	while (p && *p) {
		char *e = strchrnul(p, '\n');

		if (!strncmp(p, "netns ", 6)) {
			memmove(p, *e ? e + 1 : e, strlen(*e ? e + 1 : e) + 1);
			continue;
		}
		p = *e ? e + 1 : e;
	}
	return copy;
}

/* Is the snapshot @want again, and our fd table as it was (@fds)? */
static int back(const struct op *op, int n, const char *ans, const char *want, bool netns,
		int fds)
{
	struct text got = { 0 };
	int err = 0;

	if (settle(want, netns ? -1 : -2, false, SETTLE_SECONDS, &got)) {
		msg("%s: fault point %d (%s): not back to the state before it:", op->name, n, ans);
		text_diff(want, got.buf ?: "");
		err = -1;
	} else if (fds >= 0 && count_fds() != fds) {
		msg("%s: fault point %d (%s): %d fds open, not %d", op->name, n, ans, count_fds(),
		    fds);
		err = -1;
	}
	text_free(&got);
	return err;
}

/* One request per fault point, until one goes through with none injected. */
static int run(const struct op *op)
{
	struct text base = { 0 }, pre = { 0 }, got = { 0 };
	char why[512] = "", ans[320];
	struct stats st = { 0 };
	char *pre_nonetns = NULL;
	int events, n, fds, err = 1;
	double t0 = now();
	bool done = false;

	events = listen_events();
	if (helpers_idle(SETTLE_SECONDS))
		msg("%s: a helper still runs before the baseline", op->name);
	if (snapshot(&base, -1, false)) {
		msg("%s: cannot take a snapshot", op->name);
		return 1;
	}
	if ((op->fixture && make_fixture()) || (op->target && make_plain(DEL_NAME)))
		goto cleanup;
	if (helpers_idle(SETTLE_SECONDS))
		msg("%s: the helper that made the fixture still runs", op->name);
	if (snapshot(&pre, -1, false)) {
		msg("%s: cannot take a snapshot", op->name);
		goto cleanup;
	}
	pre_nonetns = without_netns(pre.buf);
	fds = count_fds();

	for (n = 1; !done; n++) {
		bool injected, moved, refused;
		struct genl_req r;
		struct answer a;
		int fd, effect = 0;
		long pid0;

		if (n > MAX_POINTS || now() - t0 > OP_SECONDS) {
			msg("%s: still failing after %d fault points and %.0f s", op->name, n - 1,
			    now() - t0);
			goto cleanup;
		}
		fd = nl_open();
		if (fd < 0) {
			msg("%s: no socket: %m", op->name);
			goto cleanup;
		}
		op->build(&r);
		drain(events);

		pid0 = last_pid();
		arm(n);
		nl_talk(fd, &r, &a, NULL, NULL);
		injected = disarm();
		moved = last_pid() != pid0;

		answer_str(&a, ans, sizeof(ans));
		refused = a.send_err || (!a.recv_err && a.error);
		if (!injected) {
			if (!answer_ok(&a)) {
				msg("%s: failed with no fault injected (n=%d): %s", op->name, n, ans);
				close(fd);
				goto cleanup;
			}
			done = true;
		} else {
			st.points++;
			if (a.send_err)
				st.send++;
			else if (a.recv_err)
				st.lost++;
			else if (a.error)
				st.refused++;
			else
				st.absorbed++;
			if (!answer_ok(&a))
				count_kind(&st, ans);
			if (!answer_ok(&a) && !clean_error(&a)) {
				msg("%s: fault point %d: not a clean error: %s", op->name, n, ans);
				close(fd);
				goto cleanup;
			}
		}
		st.helper_ran += moved;
		if (answer_ok(&a) && (a.nreplies < op->replies || a.nfds < op->fds)) {
			msg("%s: fault point %d: succeeded with %d replies and %d fds", op->name, n,
			    a.nreplies, a.nfds);
			close(fd);
			goto cleanup;
		}
		nl_close_fds(&a);

		/*
		 * A refused exec must not leave its program running until our
		 * socket closes (which kills it too): it must go by itself.
		 */
		if (op->effect == effect_exec && refused &&
		    back(op, n, ans, moved ? pre.buf : pre_nonetns, moved, -1)) {
			close(fd);
			goto cleanup;
		}
		cur = &a;
		if (op->effect)
			effect = op->effect(why, sizeof(why));
		if (effect < 0 || (effect && refused) || (!effect && answer_ok(&a) && op->effect)) {
			msg("%s: fault point %d (%s): %s", op->name, n, injected ? ans : "none",
			    effect < 0 ? why : effect ? "refused, but it was done" :
			    "succeeded, but nothing was done");
			close(fd);
			goto cleanup;
		}
		if (effect > 0 && op->undo && op->undo()) {
			close(fd);
			goto cleanup;
		}
		close(fd);
		if (back(op, n, injected ? ans : "none", moved || effect ? pre.buf : pre_nonetns,
			 moved || effect, fds))
			goto cleanup;
	}

	msg("%s: %d fault points in %.1f s: %d refused, %d refused in sendmsg, %d answers lost, %d absorbed; a helper ran in %d requests",
	    op->name, st.points, now() - t0, st.refused, st.send, st.lost, st.absorbed,
	    st.helper_ran);
	for (n = 0; n < st.nkinds; n++)
		msg("%s:   %4d x %s", op->name, st.kind[n].n, st.kind[n].what);
	if (st.points < 3 || st.refused + st.send < 1) {
		msg("%s: too few faults injected: is fail-nth working?", op->name);
		goto cleanup;
	}
	err = 0;

cleanup:
	if (op->fixture && exists(FIX_NAME))
		del_sandbox(FIX_NAME);
	if (op->target && exists(DEL_NAME))
		del_sandbox(DEL_NAME);
	if (exists(NEW_NAME))
		del_sandbox(NEW_NAME);
	if (!err && settle(base.buf, -1, false, SETTLE_SECONDS, &got)) {
		msg("%s: not back to the state before the op:", op->name);
		text_diff(base.buf, got.buf ?: "");
		err = 1;
	}
	/* the summary, for the test's KTAP line */
	msg("%s %s: %d fault points", err ? "FAIL" : "PASS", op->name, st.points);
	free(pre_nonetns);
	text_free(&base);
	text_free(&pre);
	text_free(&got);
	if (events >= 0)
		close(events);
	return err;
}

/* Page faults allocate too: have every page of ours present beforehand. */
static void prefault(void)
{
	volatile char stack[256 * 1024];

	memset((char *)stack, 0, sizeof(stack));
	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		msg("mlockall: %m (page faults may be injected too)");
}

int cmd_inject(int argc, char **argv)
{
	const struct op *op;
	int null, err = 0;

	if (argc < 2)
		return 2;
	fail_fd = open(FAIL_NTH, O_RDWR | O_CLOEXEC);
	if (fail_fd < 0) {
		msg("no %s: %m", FAIL_NTH);
		return 2;
	}
	/*
	 * Our output goes to a copy of stdout: fds 0-2 become /dev/null, the
	 * stdio an exec'd program is given, which then cannot hold the
	 * test's pipe open.
	 */
	out = fdopen(dup(1), "w");
	null = open("/dev/null", O_RDWR);
	if (!out || null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
		return 2;
	close(null);
	if (netns_setup())
		return 2;
	prefault();

	for (int i = 1; i < argc; i++) {
		op = find_op(argv[i]);
		if (!op) {
			msg("unknown op %s", argv[i]);
			return 2;
		}
		err |= run(op);
	}
	return err;
}

/* Lower threads-max to its minimum: no process, no kernel thread can be created. */
static int nofork(long *saved)
{
	char buf[64];
	int fd = open("/proc/sys/kernel/threads-max", O_RDWR | O_CLOEXEC);
	long running, total;
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	*saved = atol(buf);
	close(fd);

	/* "0.00 0.00 0.00 RUNNING/TOTAL LASTPID": TOTAL is nr_threads */
	fd = open("/proc/loadavg", O_RDONLY | O_CLOEXEC);
	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	if (sscanf(buf, "%*s %*s %*s %ld/%ld", &running, &total) != 2 || total < 20)
		return -1;

	fd = open("/proc/sys/kernel/threads-max", O_WRONLY | O_CLOEXEC);
	n = fd < 0 ? -1 : write(fd, "20", 2);
	if (fd >= 0)
		close(fd);
	return n == 2 ? 0 : -1;
}

static void nofork_end(long saved)
{
	char buf[32];
	int fd = open("/proc/sys/kernel/threads-max", O_WRONLY | O_CLOEXEC);
	int len = snprintf(buf, sizeof(buf), "%ld", saved);

	if (fd < 0 || write(fd, buf, len) != len) {
		msg("cannot restore threads-max (%ld): %m", saved);
		exit(2);
	}
	close(fd);
}

int cmd_request(int argc, char **argv)
{
	bool no_fork = argc > 1 && !strcmp(argv[1], "--nofork");
	const struct op *op = argc > 1 + no_fork ? find_op(argv[1 + no_fork]) : NULL;
	char ans[320];
	struct genl_req r;
	struct answer a;
	long saved = 0;
	int fd;

	if (!op)
		return 2;
	fd = nl_open();
	if (fd < 0)
		return 2;
	op->build(&r);
	if (no_fork && nofork(&saved)) {
		msg("SKIP: cannot lower threads-max below the number of threads");
		return 3;
	}
	nl_talk(fd, &r, &a, NULL, NULL);
	if (no_fork)
		nofork_end(saved);
	nl_close_fds(&a);
	msg("%s", answer_str(&a, ans, sizeof(ans)));
	close(fd);
	return 0;
}
