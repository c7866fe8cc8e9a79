// SPDX-License-Identifier: GPL-2.0
/*
 * Running nsbox-helper's steps in the current network namespace.
 *
 * Steps run in order and the first failure stops the run; what failed is
 * described by a struct step_failure: the step's index, the errno (from the
 * kernel's ACK or the failing syscall) and the exit status that names the
 * kind of step. Every request is acknowledged before the next one is made,
 * and the module orders the steps links, addresses, routes, so no step has
 * to wait or retry for an earlier one to take effect.
 *
 * Each step marks what it created, so that steps_undo() can remove it again
 * in reverse order: a link once it exists (a tun/tap only once persistent,
 * since until then closing its fd destroys it), an added address or route.
 * A link-set reads the link first and marks itself before its first change:
 * undoing it puts back what it was to change. Deletions are not undone.
 */

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <linux/if_tun.h>
#include <linux/nsbox.h>
#include <linux/rtnetlink.h>

#include "exec.h"
#include "helper.h"
#include "steps.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct run {
	struct rtnl		rt;
	struct step_failure	*fail;
};

/* Records the failure (@err is a negative errno) and returns @code. */
static int failed(struct run *run, int err, int code)
{
	run->fail->err = -err;
	run->fail->code = code;
	return code;
}

/* MTU and queue length of one end of a link, by name. */
static int link_options(struct rtnl *rt, const char *ifname, const struct link_step *l)
{
	int err;

	if (l->has_txqlen) {
		err = rtnl_link_set_u32(rt, ifname, IFLA_TXQLEN, l->txqlen);
		if (err)
			return err;
	}
	if (l->has_mtu)
		return rtnl_link_set_u32(rt, ifname, IFLA_MTU, l->mtu);
	return 0;
}

/* A link's MAC address, if asked (not tun: the module refuses it). */
static int link_mac(struct rtnl *rt, const struct link_step *l)
{
	return l->has_addr ? rtnl_link_set_addr(rt, l->ifname, l->addr) : 0;
}

/* Make @ifname a port of the bridge @master, or of none if it is "". */
static int link_master(struct rtnl *rt, const char *ifname, const char *master)
{
	int index = 0;

	if (master[0]) {
		index = rtnl_link_index(rt, master);
		if (index < 0)
			return index;
	}
	return rtnl_link_set_u32(rt, ifname, IFLA_MASTER, index);
}

/*
 * A new tun/tap device, attached to the returned fd. IFF_TUN_EXCL: an
 * existing device of that name is never attached to, it is an error.
 */
static int tun_create(const struct link_step *l)
{
	struct ifreq ifr;
	int flags, fd, err;

	flags = tun_iff_flags(l->kind != LINK_TUN, l->flags) | IFF_TUN_EXCL;

	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, l->ifname, sizeof(ifr.ifr_name));
	ifr.ifr_flags = (short)flags;	/* IFF_TUN_EXCL is the sign bit */

	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		/* the driver says EBUSY for "exists": say it as veth does */
		err = errno == EBUSY ? -EEXIST : -errno;
		close(fd);
		return err;
	}
	return fd;
}

/*
 * Everything that must happen while the device is still bound to our fd:
 * the owner and group first, so that once persistent an unprivileged
 * daemon of that uid/gid can attach; persistence last, so that any failure
 * before it lets close() destroy the device with nothing to undo.
 */
static int tun_setup(struct rtnl *rt, const struct link_step *l, int fd)
{
	int err;

	if (l->has_owner && ioctl(fd, TUNSETOWNER, (unsigned long)l->owner) < 0)
		return -errno;
	if (l->has_group && ioctl(fd, TUNSETGROUP, (unsigned long)l->group) < 0)
		return -errno;
	err = link_options(rt, l->ifname, l);
	if (!err)
		err = link_mac(rt, l);
	if (err)
		return err;
	if (ioctl(fd, TUNSETPERSIST, 1UL) < 0)
		return -errno;
	return 0;
}

static int run_tun(struct run *run, struct step *st)
{
	const struct link_step *l = &st->link;
	int fd, err;

	fd = tun_create(l);
	if (fd < 0)
		return failed(run, fd, NSBOX_HELPER_EXIT_LINK);
	err = tun_setup(&run->rt, l, fd);
	close(fd);
	if (err)
		return failed(run, err, NSBOX_HELPER_EXIT_LINK_SETUP);
	st->created = true;

	err = l->master[0] ? link_master(&run->rt, l->ifname, l->master) : 0;
	if (!err)
		err = rtnl_link_up(&run->rt, l->ifname);
	if (err)
		return failed(run, err, NSBOX_HELPER_EXIT_LINK_SETUP);
	return 0;
}

/* A dummy, a bridge or a vxlan: created, set up, joined to its master, up. */
static int run_simple(struct run *run, struct step *st)
{
	struct link_step *l = &st->link;
	int err = 0;

	if (l->kind == LINK_VXLAN && l->underlay[0]) {
		l->vxlan.link = rtnl_link_index(&run->rt, l->underlay);
		if (l->vxlan.link < 0)
			err = l->vxlan.link;
	}
	if (!err && l->kind == LINK_VXLAN)
		err = rtnl_vxlan_new(&run->rt, l->ifname, &l->vxlan);
	else if (!err)
		err = rtnl_link_new(&run->rt, l->ifname,
				    l->kind == LINK_BRIDGE ? "bridge" : "dummy");
	if (err)
		return failed(run, err, NSBOX_HELPER_EXIT_LINK);
	st->created = true;

	err = link_options(&run->rt, l->ifname, l);
	if (!err)
		err = link_mac(&run->rt, l);
	if (!err && l->master[0])
		err = link_master(&run->rt, l->ifname, l->master);
	if (!err)
		err = rtnl_link_up(&run->rt, l->ifname);
	if (err)
		return failed(run, err, NSBOX_HELPER_EXIT_LINK_SETUP);
	return 0;
}

/*
 * An rtnetlink socket acts in the namespace it was created in: enter the
 * peer's namespace just long enough to create one, then come back.
 */
static int rtnl_open_in(struct rtnl *rt, int netns_fd)
{
	int self, err;

	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return -errno;
	if (setns(netns_fd, CLONE_NEWNET) < 0) {
		err = -errno;
		close(self);
		return err;
	}
	err = rtnl_open(rt);
	if (setns(self, CLONE_NEWNET) < 0) {
		/*
		 * Stranded outside the sandbox (only an allocation failure
		 * can do that): nothing further, not even the report or the
		 * undo, may be done from here.
		 */
		_exit(NSBOX_HELPER_EXIT_LINK_SETUP);
	}
	close(self);
	return err;
}

/*
 * Both ends: options on each, the MAC address and master of this one, then
 * each up.
 */
static int veth_setup(struct rtnl *rt, struct rtnl *peer, const struct link_step *l)
{
	int err;

	err = link_options(rt, l->ifname, l);
	if (!err)
		err = link_options(peer, l->peer, l);
	if (!err)
		err = link_mac(rt, l);
	if (!err && l->master[0])
		err = link_master(rt, l->ifname, l->master);
	if (!err)
		err = rtnl_link_up(rt, l->ifname);
	if (!err)
		err = rtnl_link_up(peer, l->peer);
	return err;
}

static int run_veth(struct run *run, struct step *st)
{
	const struct link_step *l = &st->link;
	struct rtnl peer_rt, *peer = &run->rt;
	int err;

	err = rtnl_veth_new(&run->rt, l->ifname, l->peer, l->peer_fd);
	if (err)
		return failed(run, err, NSBOX_HELPER_EXIT_LINK);
	/* deleting this end deletes the peer, wherever it went */
	st->created = true;

	if (l->peer_fd >= 0) {
		err = rtnl_open_in(&peer_rt, l->peer_fd);
		if (err)
			return failed(run, err, NSBOX_HELPER_EXIT_LINK_SETUP);
		peer = &peer_rt;
	}
	err = veth_setup(&run->rt, peer, l);
	if (peer != &run->rt)
		rtnl_close(peer);
	if (err)
		return failed(run, err, NSBOX_HELPER_EXIT_LINK_SETUP);
	return 0;
}

/*
 * A macvlan, ipvlan or vlan, made by a socket of the namespace of peer_fd
 * (the host), where its parent is, straight into this one. The kernel looks
 * a new link's name up in the namespace of the socket that asks, so it is
 * made under a name of the helper's own and renamed here, where its name
 * is the sandbox's whatever the host has. Then set up as a dummy is.
 */
static int run_on_parent(struct run *run, struct step *st)
{
	static const char *const kinds[] = {
		[LINK_MACVLAN] = "macvlan", [LINK_IPVLAN] = "ipvlan", [LINK_VLAN] = "vlan",
	};
	static unsigned int seq;
	const struct link_step *l = &st->link;
	char tmp[IFNAMSIZ];
	struct rtnl host;
	int err, parent, self;

	snprintf(tmp, sizeof(tmp), "nsbx%x.%u", (unsigned int)getpid() & 0xfffff, seq++ & 0xff);
	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return failed(run, -errno, NSBOX_HELPER_EXIT_LINK);
	err = rtnl_open_in(&host, l->peer_fd);
	if (!err) {
		parent = rtnl_link_index(&host, l->parent);
		err = parent < 0 ? parent :
		      rtnl_link_new_on(&host, tmp, kinds[l->kind], self, parent, l->mode,
				       l->vlan_id);
		rtnl_close(&host);
	}
	close(self);
	if (!err) {
		err = rtnl_link_rename(&run->rt, tmp, l->ifname);
		if (err)
			rtnl_link_del(&run->rt, tmp);
	}
	if (err)
		return failed(run, err, NSBOX_HELPER_EXIT_LINK);
	st->created = true;

	err = link_options(&run->rt, l->ifname, l);
	if (!err)
		err = link_mac(&run->rt, l);
	if (!err && l->master[0])
		err = link_master(&run->rt, l->ifname, l->master);
	if (!err)
		err = rtnl_link_up(&run->rt, l->ifname);
	if (err)
		return failed(run, err, NSBOX_HELPER_EXIT_LINK_SETUP);
	return 0;
}

static int run_link(struct run *run, struct step *st)
{
	switch (st->link.kind) {
	case LINK_MACVLAN:
	case LINK_IPVLAN:
	case LINK_VLAN:
		return run_on_parent(run, st);
	case LINK_VETH:
		return run_veth(run, st);
	case LINK_DUMMY:
	case LINK_BRIDGE:
	case LINK_VXLAN:
		return run_simple(run, st);
	default:
		return run_tun(run, st);
	}
}

/*
 * The changes of a link-set, in the order of a creation: queue length,
 * MTU, MAC address, master, up or down.
 */
static int link_set(struct rtnl *rt, const struct link_set_step *ls)
{
	int err = 0;

	if (ls->has_txqlen)
		err = rtnl_link_set_u32(rt, ls->ifname, IFLA_TXQLEN, ls->txqlen);
	if (!err && ls->has_mtu)
		err = rtnl_link_set_u32(rt, ls->ifname, IFLA_MTU, ls->mtu);
	if (!err && ls->has_addr)
		err = rtnl_link_set_addr(rt, ls->ifname, ls->addr);
	if (!err && ls->has_master)
		err = link_master(rt, ls->ifname, ls->master);
	if (!err && ls->up >= 0)
		err = rtnl_link_updown(rt, ls->ifname, ls->up);
	return err;
}

static int run_link_set(struct run *run, struct step *st)
{
	struct link_set_step *ls = &st->set;
	int err;

	err = rtnl_link_get(&run->rt, ls->ifname, &ls->old);
	if (err)
		return failed(run, err, NSBOX_HELPER_EXIT_LINK_SETUP);
	st->created = true;	/* from now on, undo puts it back */
	err = link_set(&run->rt, ls);
	if (err)
		return failed(run, err, NSBOX_HELPER_EXIT_LINK_SETUP);
	return 0;
}

/* What a link-set was to change, as it was before, last first. */
static void undo_link_set(struct rtnl *rt, const struct link_set_step *ls)
{
	const struct rtnl_link_state *old = &ls->old;

	if (ls->up >= 0)
		rtnl_link_updown(rt, ls->ifname, old->flags & IFF_UP);
	if (ls->has_master)
		rtnl_link_set_u32(rt, ls->ifname, IFLA_MASTER, old->master);
	if (ls->has_addr && old->has_addr)
		rtnl_link_set_addr(rt, ls->ifname, old->addr);
	if (ls->has_mtu)
		rtnl_link_set_u32(rt, ls->ifname, IFLA_MTU, old->mtu);
	if (ls->has_txqlen)
		rtnl_link_set_u32(rt, ls->ifname, IFLA_TXQLEN, old->txqlen);
}

/*
 * Moves a device between the sandbox and the namespace of m->fd, where it
 * is named m->host: in, renamed m->ifname and up; or back (m->back),
 * renamed m->host and up there if it was. The request goes to the
 * namespace the device is in, and names the other one by fd.
 */
static int move_link(const struct move_step *m, struct rtnl *rt)
{
	struct rtnl there;
	int self, idx, err;

	err = rtnl_open_in(&there, m->fd);
	if (err)
		return err;
	if (m->back) {
		idx = rtnl_link_index(rt, m->ifname);
		err = idx < 0 ? idx : rtnl_link_move(rt, idx, m->fd, m->host);
		if (!err && m->up)
			err = rtnl_link_up(&there, m->host);
	} else {
		self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		idx = self < 0 ? -errno : rtnl_link_index(&there, m->host);
		err = idx < 0 ? idx : rtnl_link_move(&there, idx, self, m->ifname);
		if (self >= 0)
			close(self);
	}
	rtnl_close(&there);
	return err;
}

static int run_link_move(struct run *run, struct step *st)
{
	int err = move_link(&st->move, &run->rt);

	if (err)
		return failed(run, err, NSBOX_HELPER_EXIT_LINK);
	if (st->move.back)
		return 0;
	/* in: from here on, undone by sending it back */
	st->created = true;
	err = rtnl_link_up(&run->rt, st->move.ifname);
	return err ? failed(run, err, NSBOX_HELPER_EXIT_LINK_SETUP) : 0;
}

static int run_link_del(struct run *run, struct step *st)
{
	int err = rtnl_link_del(&run->rt, st->ifname);

	return err ? failed(run, err, NSBOX_HELPER_EXIT_LINK_DEL) : 0;
}

/*
 * Belt and braces with IFA_F_NODAD: no DAD on this interface at all. An
 * interface without IPv6 has no such file; adding the address then fails
 * with the kernel's own errno.
 */
static int no_dad(const char *ifname)
{
	char path[64 + IFNAMSIZ];
	int err;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/accept_dad", ifname);
	err = write_text_at(AT_FDCWD, path, "0");
	return err == -ENOENT ? 0 : err;
}

static int run_addr(struct run *run, struct step *st)
{
	struct addr_step *a = &st->addr;
	int err;

	a->ifindex = rtnl_link_index(&run->rt, a->ifname);
	if (a->ifindex < 0)
		return failed(run, a->ifindex, NSBOX_HELPER_EXIT_ADDR);
	if (!a->del && a->pfx.family == AF_INET6) {
		err = no_dad(a->ifname);
		if (err)
			return failed(run, err, NSBOX_HELPER_EXIT_SYSCTL);
	}
	err = rtnl_addr(&run->rt, a->del ? RTM_DELADDR : RTM_NEWADDR, a->ifindex, &a->pfx,
			a->replace);
	if (err)
		return failed(run, err, NSBOX_HELPER_EXIT_ADDR);
	/* a replaced address may have been there before: it is not ours to undo */
	st->created = !a->del && !a->replace;
	return 0;
}

static int run_route(struct run *run, struct step *st)
{
	struct route_step *rs = &st->route;
	unsigned int i;
	int err;

	if (rs->dev[0]) {
		rs->r.oif = rtnl_link_index(&run->rt, rs->dev);
		if (rs->r.oif < 0)
			return failed(run, rs->r.oif, NSBOX_HELPER_EXIT_ROUTE);
	}
	for (i = 0; i < rs->r.nnh; i++) {
		if (!rs->nh_dev[i][0])
			continue;
		rs->r.nh[i].oif = rtnl_link_index(&run->rt, rs->nh_dev[i]);
		if (rs->r.nh[i].oif < 0)
			return failed(run, rs->r.nh[i].oif, NSBOX_HELPER_EXIT_ROUTE);
	}
	err = rtnl_route(&run->rt, rs->del ? RTM_DELROUTE : RTM_NEWROUTE, &rs->r);
	if (err)
		return failed(run, err, NSBOX_HELPER_EXIT_ROUTE);
	st->created = !rs->del;
	return 0;
}

/*
 * "all" disables IPv6 on the interfaces that exist, "default" on those to
 * come. These files are the current namespace's whichever /proc they are
 * read through. Without them the kernel has no IPv6 to disable.
 */
static int run_noipv6(struct run *run)
{
	static const char *const paths[] = {
		"/proc/sys/net/ipv6/conf/all/disable_ipv6",
		"/proc/sys/net/ipv6/conf/default/disable_ipv6",
	};
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		err = write_text_at(AT_FDCWD, paths[i], "1");
		if (err == -ENOENT)
			return 0;
		if (err)
			return failed(run, err, NSBOX_HELPER_EXIT_SYSCTL);
	}
	return 0;
}

/*
 * A sysctl of the namespace: the files under /proc/sys/net are the
 * current network namespace's. Nothing to undo: a create that fails takes
 * its namespace away, and a set is a single step.
 */
static int run_sysctl(struct run *run, struct step *st)
{
	int err = write_text_at(AT_FDCWD, st->sysctl.path, st->sysctl.value);

	return err ? failed(run, err, NSBOX_HELPER_EXIT_SYSCTL) : 0;
}

static int run_neigh(struct run *run, struct step *st)
{
	struct neigh_step *n = &st->neigh;
	int err;

	n->ifindex = rtnl_link_index(&run->rt, n->ifname);
	if (n->ifindex < 0)
		return failed(run, n->ifindex, NSBOX_HELPER_EXIT_NEIGH);
	err = rtnl_neigh(&run->rt, n->del ? RTM_DELNEIGH : RTM_NEWNEIGH, n->ifindex, &n->dst,
			 n->lladdr);
	if (err)
		return failed(run, err, NSBOX_HELPER_EXIT_NEIGH);
	st->created = !n->del;
	return 0;
}

static int run_step(struct run *run, struct step *st)
{
	switch (st->kind) {
	case STEP_LINK:
		return run_link(run, st);
	case STEP_LINK_DEL:
		return run_link_del(run, st);
	case STEP_ADDR:
		return run_addr(run, st);
	case STEP_ROUTE:
		return run_route(run, st);
	case STEP_NOIPV6:
		return run_noipv6(run);
	case STEP_LINK_MOVE:
		return run_link_move(run, st);
	case STEP_SYSCTL:
		return run_sysctl(run, st);
	case STEP_NEIGH:
		return run_neigh(run, st);
	case STEP_LINK_SET:
		return run_link_set(run, st);
	}
	return failed(run, -EINVAL, NSBOX_HELPER_EXIT_USAGE);
}

/* The exit status of a step that could not even start. */
static int step_code(const struct step *st)
{
	switch (st->kind) {
	case STEP_LINK:
		return NSBOX_HELPER_EXIT_LINK;
	case STEP_LINK_DEL:
		return NSBOX_HELPER_EXIT_LINK_DEL;
	case STEP_ADDR:
		return NSBOX_HELPER_EXIT_ADDR;
	case STEP_ROUTE:
		return NSBOX_HELPER_EXIT_ROUTE;
	case STEP_NOIPV6:
	case STEP_SYSCTL:
		return NSBOX_HELPER_EXIT_SYSCTL;
	case STEP_LINK_MOVE:
		return NSBOX_HELPER_EXIT_LINK;
	case STEP_NEIGH:
		return NSBOX_HELPER_EXIT_NEIGH;
	case STEP_LINK_SET:
		return NSBOX_HELPER_EXIT_LINK_SETUP;
	}
	return NSBOX_HELPER_EXIT_USAGE;
}

/* Returns 0, or the exit status of the failed step, described in @fail. */
int steps_run(struct steps *steps, struct step_failure *fail)
{
	struct run run = { .fail = fail };
	unsigned int i;
	int err, code = 0;

	if (!steps->n)
		return 0;
	fail->index = 0;
	err = rtnl_open(&run.rt);
	if (err)
		return failed(&run, err, step_code(&steps->v[0]));

	for (i = 0; i < steps->n && !code; i++) {
		fail->index = i;
		code = run_step(&run, &steps->v[i]);
	}
	rtnl_close(&run.rt);
	return code;
}

static void undo_step(struct rtnl *rt, const struct step *st)
{
	switch (st->kind) {
	case STEP_LINK:
		rtnl_link_del(rt, st->link.ifname);
		break;
	case STEP_ADDR:
		rtnl_addr(rt, RTM_DELADDR, st->addr.ifindex, &st->addr.pfx, false);
		break;
	case STEP_LINK_SET:
		undo_link_set(rt, &st->set);
		break;
	case STEP_ROUTE:
		rtnl_route(rt, RTM_DELROUTE, &st->route.r);
		break;
	case STEP_LINK_MOVE: {
		struct move_step back = st->move;

		back.back = true;
		move_link(&back, rt);
		break;
	}
	case STEP_NEIGH:
		rtnl_neigh(rt, RTM_DELNEIGH, st->neigh.ifindex, &st->neigh.dst, NULL);
		break;
	default:
		break;
	}
}

/*
 * Removes what the steps created, last first. Errors are ignored: what a
 * step created may already be gone through a later one (a link-del, or a
 * link taking its addresses and routes with it), and there is nothing
 * better to do about the rest.
 */
void steps_undo(struct steps *steps)
{
	struct rtnl rt;
	unsigned int i = steps->n;

	if (rtnl_open(&rt))
		return;
	while (i--) {
		struct step *st = &steps->v[i];

		if (st->created)
			undo_step(&rt, st);
		st->created = false;
	}
	rtnl_close(&rt);
}
