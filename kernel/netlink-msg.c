// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink layer's messages: every reply, dump and event of the family
 * is built here, from the objects' plain structs, so that what a sandbox,
 * a link, an address, a route or a program looks like on the wire is said
 * once. Replies and events about a sandbox are built under nsbox_lock, which
 * keeps what they read whole; none of them blocks.
 */

#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/netdevice.h>
#include <linux/proc_fs.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "nsbox.h"
#include "netlink-gen.h"
#include "netlink.h"

/* ---- what the family says about sandboxes, links, addresses, routes, programs ---- */

/* Room for the attributes nsbox_put_sandbox() puts, with a reason or fds. */
static size_t nsbox_sandbox_size(void)
{
	return nla_total_size(NSBOX_NAME_MAX + 1) +		/* name */
	       nla_total_size(NSBOX_HOSTNAME_MAX + 1) +		/* hostname */
	       nla_total_size_64bit(sizeof(u64)) +		/* created */
	       12 * nla_total_size(sizeof(u32));		/* the rest */
}

/*
 * The attributes describing a sandbox, shared by replies, dumps and events;
 * not its records nor its programs. nsbox_lock held: state, counts and
 * records do not change meanwhile.
 */
static int nsbox_put_sandbox(struct sk_buff *skb, const struct nsbox_sandbox *sb)
{
	nsbox_sandbox_assert_locked();
	if (nla_put_u32(skb, NSBOX_A_SANDBOX_ID, sb->id) ||
	    nla_put_string(skb, NSBOX_A_SANDBOX_NAME, sb->name) ||
	    nla_put_u32(skb, NSBOX_A_SANDBOX_FLAGS, sb->flags) ||
	    nla_put_u32(skb, NSBOX_A_SANDBOX_STATE, sb->state) ||
	    nla_put_u32(skb, NSBOX_A_SANDBOX_OWNER_UID,
			from_kuid_munged(&init_user_ns, sb->owner_uid)) ||
	    nla_put_u64_64bit(skb, NSBOX_A_SANDBOX_CREATED_NS, sb->created_ns,
			      NSBOX_A_SANDBOX_PAD) ||
	    nla_put_u32(skb, NSBOX_A_SANDBOX_LINKS, sb->cfg.nlinks) ||
	    nla_put_u32(skb, NSBOX_A_SANDBOX_PROGRAMS, sb->nprogs))
		return -EMSGSIZE;

	if ((sb->flags & NSBOX_SANDBOX_F_UTS) &&
	    nla_put_string(skb, NSBOX_A_SANDBOX_HOSTNAME, sb->hostname))
		return -EMSGSIZE;
	if ((sb->flags & NSBOX_SANDBOX_F_OWNED) &&
	    nla_put_u32(skb, NSBOX_A_SANDBOX_OWNER_PORTID, sb->owner_portid))
		return -EMSGSIZE;
	if (sb->net && nla_put_u32(skb, NSBOX_A_SANDBOX_NETNS_INODE, sb->net->ns.inum))
		return -EMSGSIZE;
	return 0;
}

/*
 * What a device is now, of what link-set changes: MTU, queue length, flags,
 * and the MAC address of an Ethernet device. rcu_read_lock() held.
 */
static int nsbox_put_dev(struct sk_buff *skb, const struct net_device *dev)
{
	u8 mac[ETH_ALEN];

	if (nla_put_u32(skb, NSBOX_A_LINK_MTU, READ_ONCE(dev->mtu)) ||
	    nla_put_u32(skb, NSBOX_A_LINK_TXQUEUELEN, READ_ONCE(dev->tx_queue_len)) ||
	    nla_put_u32(skb, NSBOX_A_LINK_DEV_FLAGS, dev_get_flags(dev)))
		return -EMSGSIZE;
	if (dev->addr_len != ETH_ALEN)
		return 0;
	/* a copy, which dev_set_mac_address() may change meanwhile */
	memcpy(mac, dev->dev_addr, ETH_ALEN);
	return nla_put(skb, NSBOX_A_LINK_ADDRESS, ETH_ALEN, mac);
}

/* A macvlan's, ipvlan's or vlan's parent, and its mode or VLAN id. */
static int nsbox_put_link_parent(struct sk_buff *skb, const struct nsbox_link *l)
{
	if (l->type == NSBOX_LINK_TYPE_VXLAN &&
	    (nla_put_u32(skb, NSBOX_A_LINK_VNI, l->vni) ||
	     nla_put_u32(skb, NSBOX_A_LINK_PORT, l->vx_port) ||
	     (l->has_remote && nla_put(skb, l->vx_group ? NSBOX_A_LINK_VXLAN_GROUP :
				       NSBOX_A_LINK_REMOTE, l->vx_len, l->vx_remote)) ||
	     (l->has_local && nla_put(skb, NSBOX_A_LINK_LOCAL, l->vx_len, l->vx_local)) ||
	     (l->underlay[0] && nla_put_string(skb, NSBOX_A_LINK_UNDERLAY, l->underlay))))
		return -EMSGSIZE;
	return (l->parent[0] && nla_put_string(skb, NSBOX_A_LINK_PARENT, l->parent)) ||
	       (l->mode && nla_put_u32(skb, NSBOX_A_LINK_MODE, l->mode)) ||
	       (l->vlan_id && nla_put_u32(skb, NSBOX_A_LINK_VLAN_ID, l->vlan_id)) ?
	       -EMSGSIZE : 0;
}

/* A link's attributes, with its device's live state: a nest's or a dump's. */
static int nsbox_put_link(struct sk_buff *skb, struct net *net, const struct nsbox_link *l)
{
	struct net_device *dev;
	int err = 0;

	if (nla_put_string(skb, NSBOX_A_LINK_IFNAME, l->ifname) ||
	    nla_put_u32(skb, NSBOX_A_LINK_TYPE, l->type) ||
	    nla_put_u32(skb, NSBOX_A_LINK_FLAGS, l->flags) ||
	    (l->has_owner && nla_put_u32(skb, NSBOX_A_LINK_OWNER, l->owner)) ||
	    (l->has_group && nla_put_u32(skb, NSBOX_A_LINK_GROUP, l->group)) ||
	    (l->peer[0] && nla_put_string(skb, NSBOX_A_LINK_PEER_IFNAME, l->peer)) ||
	    (l->peer_sandbox[0] &&
	     nla_put_string(skb, NSBOX_A_LINK_PEER_SANDBOX, l->peer_sandbox)) ||
	    (l->master[0] && nla_put_string(skb, NSBOX_A_LINK_MASTER, l->master)) ||
	    nsbox_put_link_parent(skb, l) ||
	    (l->host_ifname[0] && nla_put_string(skb, NSBOX_A_LINK_HOST_IFNAME, l->host_ifname)))
		return -EMSGSIZE;

	/* the device as it is now, not as it was asked for */
	rcu_read_lock();
	dev = net ? dev_get_by_name_rcu(net, l->ifname) : NULL;
	if (dev && (nla_put_u32(skb, NSBOX_A_LINK_IFINDEX, dev->ifindex) ||
		    nsbox_put_dev(skb, dev) ||
		    nla_put_u32(skb, NSBOX_A_LINK_OPERSTATE, READ_ONCE(dev->operstate))))
		err = -EMSGSIZE;
	rcu_read_unlock();
	return err;
}

static int nsbox_put_addr(struct sk_buff *skb, const struct nsbox_addr *a)
{
	return nla_put_string(skb, NSBOX_A_ADDR_IFNAME, a->ifname) ||
	       nla_put(skb, NSBOX_A_ADDR_ADDRESS, a->len, a->addr) ||
	       nla_put_u8(skb, NSBOX_A_ADDR_PREFIXLEN, a->prefixlen) ? -EMSGSIZE : 0;
}

static int nsbox_put_nexthop(struct sk_buff *skb, const struct nsbox_route *r,
			     const struct nsbox_nexthop *nh)
{
	struct nlattr *nest = nla_nest_start(skb, NSBOX_A_ROUTE_NEXTHOP);

	if (!nest || (nh->has_gw && nla_put(skb, NSBOX_A_NEXTHOP_GATEWAY, r->len, nh->gw)) ||
	    (nh->ifname[0] && nla_put_string(skb, NSBOX_A_NEXTHOP_IFNAME, nh->ifname)) ||
	    nla_put_u32(skb, NSBOX_A_NEXTHOP_WEIGHT, nh->weight))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int nsbox_put_route(struct sk_buff *skb, const struct nsbox_route *r)
{
	unsigned int i;

	for (i = 0; i < r->nnh; i++)
		if (nsbox_put_nexthop(skb, r, &r->nh[i]))
			return -EMSGSIZE;
	if ((r->has_src && nla_put(skb, NSBOX_A_ROUTE_SRC, r->len, r->src)) ||
	    (r->onlink && nla_put_flag(skb, NSBOX_A_ROUTE_ONLINK)) ||
	    (r->has_scope && nla_put_u8(skb, NSBOX_A_ROUTE_SCOPE, r->scope)) ||
	    (r->type && nla_put_u32(skb, NSBOX_A_ROUTE_TYPE, r->type)))
		return -EMSGSIZE;
	return nla_put(skb, NSBOX_A_ROUTE_DST, r->len, r->dst) ||
	       nla_put_u8(skb, NSBOX_A_ROUTE_DST_LEN, r->dst_len) ||
	       (r->has_gw && nla_put(skb, NSBOX_A_ROUTE_GATEWAY, r->len, r->gw)) ||
	       (r->ifname[0] && nla_put_string(skb, NSBOX_A_ROUTE_IFNAME, r->ifname)) ||
	       (r->mtu && nla_put_u32(skb, NSBOX_A_ROUTE_MTU, r->mtu)) ||
	       (r->advmss && nla_put_u32(skb, NSBOX_A_ROUTE_ADVMSS, r->advmss)) ||
	       nla_put_u32(skb, NSBOX_A_ROUTE_METRIC, r->metric) ||
	       nla_put_u32(skb, NSBOX_A_ROUTE_TABLE, r->table) ? -EMSGSIZE : 0;
}

static int nsbox_put_sysctl(struct sk_buff *skb, const struct nsbox_sysctl *s)
{
	return nla_put_string(skb, NSBOX_A_SYSCTL_KEY, s->key) ||
	       nla_put_string(skb, NSBOX_A_SYSCTL_VALUE, s->value) ? -EMSGSIZE : 0;
}

static int nsbox_put_neigh(struct sk_buff *skb, const struct nsbox_neigh *n)
{
	return nla_put_string(skb, NSBOX_A_NEIGH_IFNAME, n->ifname) ||
	       nla_put(skb, NSBOX_A_NEIGH_ADDRESS, n->len, n->addr) ||
	       nla_put(skb, NSBOX_A_NEIGH_LLADDR, ETH_ALEN, n->lladdr) ? -EMSGSIZE : 0;
}

/* The most nsbox_put_link() and nsbox_put_cfg() put for one record. */
#define NSBOX_LINK_MSG_SIZE						\
	(nla_total_size(0) +				/* the nest */	\
	 3 * nla_total_size(IFNAMSIZ) +			/* name, peer, host */	\
	 nla_total_size(NSBOX_NAME_MAX + 1) +		/* peer sandbox */	\
	 2 * nla_total_size(IFNAMSIZ) +			/* master, parent */	\
	 nla_total_size(ETH_ALEN) +			/* address */	\
	 2 * nla_total_size(16) + nla_total_size(IFNAMSIZ) +	/* vxlan */	\
	 13 * nla_total_size(sizeof(u32)))		/* the rest */

#define NSBOX_ADDR_MSG_SIZE						\
	(nla_total_size(0) + nla_total_size(IFNAMSIZ) +			\
	 nla_total_size(16) + nla_total_size(sizeof(u8)))

#define NSBOX_NEXTHOP_MSG_SIZE						\
	(nla_total_size(0) + nla_total_size(16) + nla_total_size(IFNAMSIZ) +	\
	 nla_total_size(sizeof(u32)))

#define NSBOX_ROUTE_MSG_SIZE						\
	(nla_total_size(0) + 3 * nla_total_size(16) +			\
	 2 * nla_total_size(sizeof(u8)) + nla_total_size(IFNAMSIZ) +	\
	 5 * nla_total_size(sizeof(u32)) + nla_total_size(0) +		\
	 NSBOX_ROUTE_MAX_NEXTHOPS * NSBOX_NEXTHOP_MSG_SIZE)

#define NSBOX_SYSCTL_MSG_SIZE						\
	(nla_total_size(0) + nla_total_size(NSBOX_SYSCTL_KEY_MAX + 1) +	\
	 nla_total_size(NSBOX_SYSCTL_VALUE_MAX + 1))

#define NSBOX_NEIGH_MSG_SIZE						\
	(nla_total_size(0) + nla_total_size(IFNAMSIZ) +			\
	 nla_total_size(16) + nla_total_size(ETH_ALEN))

/* A TUN or TAP link of a program: ifname, queues, and in a job type and flags. */
#define NSBOX_PROG_TUN_MSG_SIZE						\
	(nla_total_size(0) + nla_total_size(IFNAMSIZ) + 3 * nla_total_size(sizeof(u32)))

/* memory-max, cpu-quota-us and -period-us, cpu-weight, pids-max */
#define NSBOX_PROG_LIMITS_MSG_SIZE					\
	(nla_total_size_64bit(sizeof(u64)) + 4 * nla_total_size(sizeof(u32)))

#define NSBOX_PROG_MSG_SIZE						\
	(nla_total_size(0) +				/* the nest */	\
	 2 * nla_total_size(NSBOX_NAME_MAX + 1) +	/* sandbox, name */	\
	 5 * nla_total_size(sizeof(u32)) +		/* id, pid, ... */	\
	 nla_total_size_64bit(sizeof(u64)) +		/* started */	\
	 NSBOX_PROG_TUN_MAX * NSBOX_PROG_TUN_MSG_SIZE +			\
	 NSBOX_PROG_LIMITS_MSG_SIZE +					\
	 nla_total_size(sizeof(u32)) +			/* oom-kills */	\
	 nla_total_size(NSBOX_CGROUP_NAME_LEN) +	/* cgroup */	\
	 7 * nla_total_size(sizeof(u32)) +		/* restart ... */	\
	 nla_total_size(sizeof_field(struct nsbox_prog, failed_reason)))

/* Room for a sandbox's records and programs, as nsbox_put_cfg() puts them. */
static size_t nsbox_cfg_size(const struct nsbox_sandbox *sb)
{
	const struct nsbox_sysctl *s;
	const struct nsbox_neigh *n;
	const struct nsbox_route *r;
	const struct nsbox_addr *a;
	const struct nsbox_prog *p;
	size_t size;

	nsbox_sandbox_assert_locked();
	size = (size_t)sb->cfg.nlinks * NSBOX_LINK_MSG_SIZE;
	list_for_each_entry(a, &sb->cfg.addrs, node)
		size += NSBOX_ADDR_MSG_SIZE;
	list_for_each_entry(r, &sb->cfg.routes, node)
		size += NSBOX_ROUTE_MSG_SIZE;
	list_for_each_entry(p, &sb->progs, sb_node)
		size += NSBOX_PROG_MSG_SIZE;
	list_for_each_entry(s, &sb->cfg.sysctls, node)
		size += NSBOX_SYSCTL_MSG_SIZE;
	list_for_each_entry(n, &sb->cfg.neighs, node)
		size += NSBOX_NEIGH_MSG_SIZE;
	return size;
}

static bool nsbox_dev_gone_now(struct net *net, const char *ifname)
{
	bool gone;

	rcu_read_lock();
	gone = nsbox_dev_gone(net, ifname);
	rcu_read_unlock();
	return gone;
}

/* An address, in a nest of type @type: a sandbox's record, or a job's step. */
static int nsbox_put_addr_nest(struct sk_buff *skb, int type, const struct nsbox_addr *a,
			       bool replace)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest || nsbox_put_addr(skb, a) ||
	    (replace && nla_put_flag(skb, NSBOX_A_ADDR_REPLACE)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* A route, likewise; a job's add may replace one of its key. */
static int nsbox_put_route_nest(struct sk_buff *skb, int type, const struct nsbox_route *r,
				bool replace)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest || nsbox_put_route(skb, r) ||
	    (replace && nla_put_flag(skb, NSBOX_A_ROUTE_REPLACE)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* A sysctl, in a nest of type @type: a sandbox's record, or a job's step. */
static int nsbox_put_sysctl_nest(struct sk_buff *skb, int type, const struct nsbox_sysctl *s)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest || nsbox_put_sysctl(skb, s))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* A neighbour, likewise. */
static int nsbox_put_neigh_nest(struct sk_buff *skb, int type, const struct nsbox_neigh *n)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest || nsbox_put_neigh(skb, n))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * The TUN and TAP links of a program: by name and queues, and in a job
 * (@job) with the type and flags the helper opens them with.
 */
static int nsbox_put_prog_tuns(struct sk_buff *skb, const struct nsbox_prog_tun *tuns,
			       unsigned int ntuns, bool job)
{
	struct nlattr *nest;
	unsigned int i;

	for (i = 0; i < ntuns; i++) {
		nest = nla_nest_start(skb, NSBOX_A_PROG_TUN);
		if (!nest || nla_put_string(skb, NSBOX_A_PROG_TUN_IFNAME, tuns[i].ifname) ||
		    nla_put_u32(skb, NSBOX_A_PROG_TUN_QUEUES, tuns[i].queues) ||
		    (job && (nla_put_u32(skb, NSBOX_A_PROG_TUN_TYPE, tuns[i].type) ||
			     nla_put_u32(skb, NSBOX_A_PROG_TUN_FLAGS, tuns[i].flags))))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

/* A program's cgroup limits, those it has. */
static int nsbox_put_prog_limits(struct sk_buff *skb, const struct nsbox_prog_limits *l)
{
	return (l->memory_max && nla_put_u64_64bit(skb, NSBOX_A_PROG_MEMORY_MAX, l->memory_max,
						   NSBOX_A_PROG_PAD)) ||
	       (l->cpu_quota_us && (nla_put_u32(skb, NSBOX_A_PROG_CPU_QUOTA_US, l->cpu_quota_us) ||
				    nla_put_u32(skb, NSBOX_A_PROG_CPU_PERIOD_US,
						l->cpu_period_us))) ||
	       (l->cpu_weight && nla_put_u32(skb, NSBOX_A_PROG_CPU_WEIGHT, l->cpu_weight)) ||
	       (l->pids_max && nla_put_u32(skb, NSBOX_A_PROG_PIDS_MAX, l->pids_max)) ?
	       -EMSGSIZE : 0;
}

/* A daemon's restart policy, its restarts and, between runs, its fate. */
static int nsbox_put_prog_restart(struct sk_buff *skb, const struct nsbox_prog *prog)
{
	const struct nsbox_restart_policy *r = &prog->restart;

	if (!r->restart)
		return 0;
	return nla_put_u32(skb, NSBOX_A_PROG_RESTART, r->restart) ||
	       nla_put_u32(skb, NSBOX_A_PROG_RESTART_DELAY_MS, r->delay_ms) ||
	       nla_put_u32(skb, NSBOX_A_PROG_RESTART_DELAY_MAX_MS, r->delay_max_ms) ||
	       nla_put_u32(skb, NSBOX_A_PROG_START_LIMIT_BURST, r->burst) ||
	       nla_put_u32(skb, NSBOX_A_PROG_START_LIMIT_INTERVAL_MS, r->interval_ms) ||
	       nla_put_u32(skb, NSBOX_A_PROG_RESTARTS, prog->restarts) ||
	       (prog->state == NSBOX_PROG_STATE_RESTARTING &&
		nla_put_u32(skb, NSBOX_A_PROG_RESTART_IN_MS, prog->restart_in_ms)) ||
	       (prog->state == NSBOX_PROG_STATE_FAILED &&
		nla_put_string(skb, NSBOX_A_PROG_FAILED_REASON, prog->failed_reason)) ?
	       -EMSGSIZE : 0;
}

/*
 * A program's attributes: in a SANDBOX_GET nest, and in its exit event. Its
 * cgroup while it runs; once it exited (a restarting or failed daemon too),
 * its exit status and the out-of-memory kills in its cgroup.
 */
static int nsbox_put_prog(struct sk_buff *skb, const struct nsbox_prog *prog)
{
	bool exited = prog->state == NSBOX_PROG_STATE_EXITED ||
		      prog->state == NSBOX_PROG_STATE_RESTARTING ||
		      prog->state == NSBOX_PROG_STATE_FAILED;

	return nsbox_put_prog_tuns(skb, prog->tuns, prog->ntuns, false) ||
	       nsbox_put_prog_restart(skb, prog) ||
	       nsbox_put_prog_limits(skb, &prog->limits) ||
	       (prog->cgroup[0] && !exited &&
		nla_put_string(skb, NSBOX_A_PROG_CGROUP, prog->cgroup)) ||
	       (prog->cgroup[0] && exited &&
		nla_put_u32(skb, NSBOX_A_PROG_OOM_KILLS, prog->oom_kills)) ||
	       nla_put_string(skb, NSBOX_A_PROG_SANDBOX, prog->sb->name) ||
	       nla_put_u32(skb, NSBOX_A_PROG_ID, prog->id) ||
	       (prog->daemon && nla_put_string(skb, NSBOX_A_PROG_NAME, prog->name)) ||
	       nla_put_u32(skb, NSBOX_A_PROG_PID, prog->pid_nr) ||
	       nla_put_u32(skb, NSBOX_A_PROG_STATE, prog->state) ||
	       nla_put_u32(skb, NSBOX_A_PROG_FLAGS,
			   (prog->daemon ? NSBOX_PROG_F_DAEMON : 0) | prog->ns_flags) ||
	       nla_put_u64_64bit(skb, NSBOX_A_PROG_STARTED_NS, prog->started_ns,
				 NSBOX_A_PROG_PAD) ||
	       (exited && nla_put_u32(skb, NSBOX_A_PROG_EXIT_STATUS, prog->exit_status)) ?
	       -EMSGSIZE : 0;
}

/*
 * What nsbox installed in @sb, with its live state, and its programs:
 * starting and running ones, and exited daemons, which stay listed with
 * their exit status. Addresses, routes, neighbours and per-device sysctls
 * on devices that are gone are gone too: they are left out. nsbox_lock
 * held. On -EMSGSIZE an unfinished nest may be left in @skb, for the caller
 * to trim or cancel.
 */
static int nsbox_put_cfg(struct sk_buff *skb, const struct nsbox_sandbox *sb)
{
	const struct nsbox_sysctl *s;
	const struct nsbox_neigh *n;
	const struct nsbox_route *r;
	const struct nsbox_addr *a;
	const struct nsbox_link *l;
	const struct nsbox_prog *p;
	struct nlattr *nest;

	nsbox_sandbox_assert_locked();
	list_for_each_entry(l, &sb->cfg.links, node) {
		nest = nla_nest_start(skb, NSBOX_A_SANDBOX_LINK);
		if (!nest || nsbox_put_link(skb, sb->net, l))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}

	list_for_each_entry(a, &sb->cfg.addrs, node) {
		if (nsbox_dev_gone_now(sb->net, a->ifname))
			continue;
		if (nsbox_put_addr_nest(skb, NSBOX_A_SANDBOX_ADDR, a, false))
			return -EMSGSIZE;
	}

	list_for_each_entry(r, &sb->cfg.routes, node) {
		if (nsbox_dev_gone_now(sb->net, r->ifname))
			continue;
		if (nsbox_put_route_nest(skb, NSBOX_A_SANDBOX_ROUTE, r, false))
			return -EMSGSIZE;
	}

	list_for_each_entry(s, &sb->cfg.sysctls, node) {
		if (nsbox_dev_gone_now(sb->net, s->ifname))
			continue;
		if (nsbox_put_sysctl_nest(skb, NSBOX_A_SANDBOX_SYSCTL, s))
			return -EMSGSIZE;
	}

	list_for_each_entry(n, &sb->cfg.neighs, node) {
		if (nsbox_dev_gone_now(sb->net, n->ifname))
			continue;
		if (nsbox_put_neigh_nest(skb, NSBOX_A_SANDBOX_NEIGH, n))
			return -EMSGSIZE;
	}

	list_for_each_entry(p, &sb->progs, sb_node) {
		nest = nla_nest_start(skb, NSBOX_A_SANDBOX_PROG);
		if (!nest || nsbox_put_prog(skb, p))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

/*
 * Reply with a sandbox, handing out namespace fds when asked. nsbox_lock
 * held, which keeps its state; the reply is sent without blocking. The fds
 * are installed before the reply is sent and closed again if it cannot be,
 * so that a failed request leaves no fd behind.
 */
int nsbox_nl_reply_sandbox(struct genl_info *info, const struct nsbox_sandbox *sb,
			   bool want_fds)
{
	int netns_fd = -1, uts_fd = -1;
	struct sk_buff *msg;
	void *hdr;
	int err;

	nsbox_sandbox_assert_locked();
	msg = genlmsg_new(nsbox_sandbox_size() + nsbox_cfg_size(sb), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	err = -EMSGSIZE;
	hdr = genlmsg_put_reply(msg, info, &nsbox_family, 0, info->genlhdr->cmd);
	if (!hdr || nsbox_put_sandbox(msg, sb) || nsbox_put_cfg(msg, sb))
		goto err_free;

	if (want_fds) {
		netns_fd = open_related_ns(&sb->net->ns, get_net_ns);
		if (netns_fd < 0) {
			err = netns_fd;
			NL_SET_ERR_MSG_MOD(info->extack, "cannot open the network namespace");
			goto err_free;
		}
		if (sb->uts) {
			uts_fd = get_unused_fd_flags(O_CLOEXEC);
			if (uts_fd < 0) {
				err = uts_fd;
				NL_SET_ERR_MSG_MOD(info->extack, "no fd for the UTS namespace");
				goto err_close;
			}
			fd_install(uts_fd, get_file(sb->uts));
		}
		err = -EMSGSIZE;
		if (nla_put_u32(msg, NSBOX_A_SANDBOX_NETNS_FD, netns_fd) ||
		    (uts_fd >= 0 && nla_put_u32(msg, NSBOX_A_SANDBOX_UTS_FD, uts_fd)))
			goto err_close;
	}
	genlmsg_end(msg, hdr);

	err = genlmsg_reply(msg, info);
	if (err) {
		msg = NULL;	/* consumed */
		goto err_close;
	}
	return 0;

err_close:
	if (uts_fd >= 0)
		close_fd(uts_fd);
	if (netns_fd >= 0)
		close_fd(netns_fd);
err_free:
	nlmsg_free(msg);
	return err;
}

/*
 * One sandbox of a dump, all of it if it fits. A sandbox too large for even
 * an empty message goes without its records, marked partial, rather than
 * failing the whole dump: a GET sizes its reply to the sandbox.
 */
static int nsbox_dump_one(struct sk_buff *skb, void *hdr,
			  const struct nsbox_sandbox *sb, bool alone)
{
	unsigned char *mark;

	if (nsbox_put_sandbox(skb, sb))
		goto cancel;
	mark = skb_tail_pointer(skb);
	if (!nsbox_put_cfg(skb, sb))
		goto end;
	if (!alone)
		goto cancel;	/* it starts the next message */
	nlmsg_trim(skb, mark);
	if (nla_put_flag(skb, NSBOX_A_SANDBOX_PARTIAL))
		goto cancel;
end:
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/**
 * nsbox_nl_dump_sandboxes() - Dump the caller's sandboxes (SANDBOX_GET dump).
 * @skb: the part of the dump to fill.
 * @cb: the dump's state.
 *
 * The caller's sandboxes in id order. The cursor is the next id to visit
 * (cb->args[0]), stable across changes; the generation marks a dump that
 * raced with one (NLM_F_DUMP_INTR) so userspace can retry. A sandbox too
 * large for a message of its own goes without its records, marked partial.
 *
 * Context: takes nsbox_lock.
 *
 * Return: the length of @skb, 0 once every sandbox was dumped; -EMSGSIZE if
 * a sandbox's own attributes do not fit even an empty message.
 */
int nsbox_nl_dump_sandboxes(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	unsigned long next = cb->args[0];
	struct nsbox_sandbox *sb;
	int err = 0;

	nsbox_sandbox_lock();
	cb->seq = nsbox_sandbox_gen();
	while ((sb = nsbox_sandbox_next(net, &next))) {
		bool alone = !skb->len;
		void *hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
					&nsbox_family, NLM_F_MULTI, NSBOX_CMD_SANDBOX_GET);

		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		genl_dump_check_consistent(cb, hdr);
		err = nsbox_dump_one(skb, hdr, sb, alone);
		if (err)
			break;
		next++;
	}
	nsbox_sandbox_unlock();

	cb->args[0] = next;
	/* a full skb ends this part; the next one resumes at the same id */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

/*
 * One record of a LINK_GET, ADDR_GET, ROUTE_GET, PROG_GET, SYSCTL_GET or
 * NEIGH_GET dump, in a message of its own: the sandbox's name and the
 * record's attributes.
 */
static int nsbox_dump_rec(struct sk_buff *skb, struct netlink_callback *cb,
			  enum nsbox_rec kind, const struct nsbox_sandbox *sb, const void *rec)
{
	static const u8 cmds[] = {
		[NSBOX_REC_LINK] = NSBOX_CMD_LINK_GET,
		[NSBOX_REC_ADDR] = NSBOX_CMD_ADDR_GET,
		[NSBOX_REC_ROUTE] = NSBOX_CMD_ROUTE_GET,
		[NSBOX_REC_PROG] = NSBOX_CMD_PROG_GET,
		[NSBOX_REC_SYSCTL] = NSBOX_CMD_SYSCTL_GET,
		[NSBOX_REC_NEIGH] = NSBOX_CMD_NEIGH_GET,
	};
	void *hdr;
	int err;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &nsbox_family, NLM_F_MULTI, cmds[kind]);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	switch (kind) {
	case NSBOX_REC_LINK:
		err = nla_put_string(skb, NSBOX_A_LINK_SANDBOX, sb->name) ?:
		      nsbox_put_link(skb, sb->net, rec);
		break;
	case NSBOX_REC_ADDR:
		err = nla_put_string(skb, NSBOX_A_ADDR_SANDBOX, sb->name) ?:
		      nsbox_put_addr(skb, rec);
		break;
	case NSBOX_REC_ROUTE:
		err = nla_put_string(skb, NSBOX_A_ROUTE_SANDBOX, sb->name) ?:
		      nsbox_put_route(skb, rec);
		break;
	case NSBOX_REC_SYSCTL:
		err = nla_put_string(skb, NSBOX_A_SYSCTL_SANDBOX, sb->name) ?:
		      nsbox_put_sysctl(skb, rec);
		break;
	case NSBOX_REC_NEIGH:
		err = nla_put_string(skb, NSBOX_A_NEIGH_SANDBOX, sb->name) ?:
		      nsbox_put_neigh(skb, rec);
		break;
	default:
		err = nsbox_put_prog(skb, rec);	/* it names its sandbox */
		break;
	}
	if (err) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * Dump @rec, the *@i'th record of its list (counted here), unless the
 * cursor *@idx is past it or its device is @gone; move the cursor past it.
 */
static int nsbox_dump_next(struct sk_buff *skb, struct netlink_callback *cb,
			   enum nsbox_rec kind, const struct nsbox_sandbox *sb,
			   const void *rec, bool gone, unsigned long *i, unsigned long *idx)
{
	int err = 0;

	if ((*i)++ < *idx)
		return 0;
	if (!gone)
		err = nsbox_dump_rec(skb, cb, kind, sb, rec);
	if (!err)
		*idx = *i;
	return err;
}

/*
 * The records of one kind of one sandbox, from the *@idx'th on. Addresses
 * and routes on devices that are gone are passed over, as in SANDBOX_GET.
 */
static int nsbox_dump_recs(struct sk_buff *skb, struct netlink_callback *cb,
			   enum nsbox_rec kind, const struct nsbox_sandbox *sb,
			   unsigned long *idx)
{
	const struct nsbox_sysctl *s;
	const struct nsbox_neigh *n;
	const struct nsbox_route *r;
	const struct nsbox_addr *a;
	const struct nsbox_link *l;
	const struct nsbox_prog *p;
	unsigned long i = 0;
	bool gone;
	int err;

	switch (kind) {
	case NSBOX_REC_LINK:
		list_for_each_entry(l, &sb->cfg.links, node) {
			err = nsbox_dump_next(skb, cb, kind, sb, l, false, &i, idx);
			if (err)
				return err;
		}
		break;
	case NSBOX_REC_ADDR:
		list_for_each_entry(a, &sb->cfg.addrs, node) {
			gone = nsbox_dev_gone_now(sb->net, a->ifname);
			err = nsbox_dump_next(skb, cb, kind, sb, a, gone, &i, idx);
			if (err)
				return err;
		}
		break;
	case NSBOX_REC_ROUTE:
		list_for_each_entry(r, &sb->cfg.routes, node) {
			gone = nsbox_dev_gone_now(sb->net, r->ifname);
			err = nsbox_dump_next(skb, cb, kind, sb, r, gone, &i, idx);
			if (err)
				return err;
		}
		break;
	case NSBOX_REC_PROG:
		list_for_each_entry(p, &sb->progs, sb_node) {
			err = nsbox_dump_next(skb, cb, kind, sb, p, false, &i, idx);
			if (err)
				return err;
		}
		break;
	case NSBOX_REC_SYSCTL:
		list_for_each_entry(s, &sb->cfg.sysctls, node) {
			gone = nsbox_dev_gone_now(sb->net, s->ifname);
			err = nsbox_dump_next(skb, cb, kind, sb, s, gone, &i, idx);
			if (err)
				return err;
		}
		break;
	case NSBOX_REC_NEIGH:
		list_for_each_entry(n, &sb->cfg.neighs, node) {
			gone = nsbox_dev_gone_now(sb->net, n->ifname);
			err = nsbox_dump_next(skb, cb, kind, sb, n, gone, &i, idx);
			if (err)
				return err;
		}
		break;
	}
	return 0;
}

/**
 * nsbox_nl_dump_records() - Dump records of one kind (LINK_GET and others).
 * @skb: the part of the dump to fill.
 * @cb: the dump's state: cb->args[0] is the id of the sandbox to go on with,
 *	cb->args[1] the index of its next record, cb->args[2] set once done.
 * @kind: links, addresses, routes, programs, sysctls or neighbours.
 * @filter: the request's sandbox attribute, or %NULL for every sandbox of
 *	the caller's namespace.
 *
 * Records come in sandbox id order, each sandbox's in the order it keeps
 * them. The sandbox of @filter is looked up by the one rule, at each part;
 * a dump that raced with a change to the tables is marked NLM_F_DUMP_INTR.
 *
 * Context: takes nsbox_lock.
 *
 * Return: the length of @skb; 0 once every record was dumped; -ENOENT, with
 * an extack message, if @filter names no sandbox of the caller's.
 */
int nsbox_nl_dump_records(struct sk_buff *skb, struct netlink_callback *cb,
			  enum nsbox_rec kind, const struct nlattr *filter)
{
	struct nsbox_caller c = {
		.net = sock_net(skb->sk),
		.portid = NETLINK_CB(cb->skb).portid,
	};
	unsigned long id = cb->args[0], idx = cb->args[1];
	struct nsbox_sandbox *sb;
	int err = 0;

	if (cb->args[2])
		return 0;
	nsbox_sandbox_lock();
	cb->seq = nsbox_sandbox_gen();
	if (filter) {
		sb = nsbox_sandbox_lookup(&c, 0, nla_data(filter), 0);
		if (IS_ERR(sb)) {
			nsbox_sandbox_unlock();
			NL_SET_ERR_MSG_ATTR(cb->extack, filter, "no sandbox with this name");
			return PTR_ERR(sb);
		}
		err = nsbox_dump_recs(skb, cb, kind, sb, &idx);
		/* the tables' reference is held: nsbox_lock is */
		nsbox_sandbox_put(sb);
		if (!err)
			cb->args[2] = 1;
	} else {
		while ((sb = nsbox_sandbox_next(c.net, &id))) {
			err = nsbox_dump_recs(skb, cb, kind, sb, &idx);
			if (err)
				break;
			id++;
			idx = 0;
		}
		if (!err)
			cb->args[2] = 1;
	}
	nsbox_sandbox_unlock();

	cb->args[0] = id;
	cb->args[1] = idx;
	/* a full skb ends this part; the next one resumes at the same record */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

/**
 * nsbox_nl_reply_prog() - Reply to PROG_EXEC or PROG_RUN.
 * @info: the request.
 * @prog: the program started.
 *
 * Return: 0 once sent, or a negative errno: -ENOMEM, -EMSGSIZE, or that of
 * genlmsg_reply().
 */
int nsbox_nl_reply_prog(struct genl_info *info, const struct nsbox_prog *prog)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(2 * nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &nsbox_family, 0, info->genlhdr->cmd);
	if (!hdr || nla_put_u32(msg, NSBOX_A_PROG_ID, prog->id) ||
	    nla_put_u32(msg, NSBOX_A_PROG_PID, prog->pid_nr)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* ---- the helper's jobs ---- */

/*
 * A job is encoded once, when its run starts, as the HELPER_JOB message
 * itself: helper.c keeps it as an opaque struct nsbox_job_msg until it is
 * sent to a serving helper (a copy each time) or given to the helper that
 * fetches it (HELPER_JOB_GET's reply, the message itself).
 */
static struct sk_buff *nsbox_job_skb(const struct nsbox_job_msg *msg)
{
	return (struct sk_buff *)msg;
}

/* The most one step takes: its nest, del, peer-fd, and the largest record. */
#define NSBOX_JOB_STEP_SIZE						\
	(2 * nla_total_size(0) + nla_total_size(sizeof(u32)) +		\
	 NSBOX_LINK_MSG_SIZE + NSBOX_ROUTE_MSG_SIZE)

static size_t nsbox_job_size(const struct nsbox_helper_job *job)
{
	const struct nsbox_prog_req *req = job->prog;
	size_t size, nargs;
	unsigned int i;

	size = nla_total_size_64bit(sizeof(u64)) +		/* token */
	       nla_total_size(NSBOX_HOSTNAME_MAX + 1) +		/* hostname */
	       (size_t)job->nsteps * NSBOX_JOB_STEP_SIZE;
	if (!req)
		return size;
	nargs = nla_total_size(strlen(req->path) + 1);
	for (i = 0; i < req->argc; i++)
		nargs += nla_total_size(strlen(req->argv[i]) + 1);
	return size + nla_total_size(0) +			/* the nest */
	       nla_total_size(NSBOX_NAME_MAX + 1) +		/* sandbox */
	       nla_total_size(strlen(req->path) + 1) + nargs +
	       (req->cwd ? nla_total_size(strlen(req->cwd) + 1) : 0) +
	       3 * nla_total_size(sizeof(u32)) +		/* uid, gid, flags */
	       nla_total_size(req->ngroups * sizeof(u32)) +
	       nla_total_size_64bit(sizeof(u64)) +		/* caps */
	       req->nrlimits * (nla_total_size(0) + nla_total_size(sizeof(u32)) +
				2 * nla_total_size_64bit(sizeof(u64))) +
	       req->ntuns * NSBOX_PROG_TUN_MSG_SIZE +
	       NSBOX_PROG_LIMITS_MSG_SIZE + nla_total_size(NSBOX_CGROUP_NAME_LEN);
}

static int nsbox_put_job_link(struct sk_buff *skb, const struct nsbox_link *l)
{
	struct nlattr *nest = nla_nest_start(skb, NSBOX_A_JOB_STEP_LINK);

	if (!nest || nla_put_string(skb, NSBOX_A_LINK_IFNAME, l->ifname) ||
	    nla_put_u32(skb, NSBOX_A_LINK_TYPE, l->type) ||
	    (l->flags && nla_put_u32(skb, NSBOX_A_LINK_FLAGS, l->flags)) ||
	    (l->mtu && nla_put_u32(skb, NSBOX_A_LINK_MTU, l->mtu)) ||
	    (l->txqueuelen && nla_put_u32(skb, NSBOX_A_LINK_TXQUEUELEN, l->txqueuelen)) ||
	    (l->has_owner && nla_put_u32(skb, NSBOX_A_LINK_OWNER, l->owner)) ||
	    (l->has_group && nla_put_u32(skb, NSBOX_A_LINK_GROUP, l->group)) ||
	    (l->peer[0] && nla_put_string(skb, NSBOX_A_LINK_PEER_IFNAME, l->peer)) ||
	    (l->has_addr && nla_put(skb, NSBOX_A_LINK_ADDRESS, ETH_ALEN, l->addr)) ||
	    (l->master[0] && nla_put_string(skb, NSBOX_A_LINK_MASTER, l->master)) ||
	    nsbox_put_link_parent(skb, l))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* A link-set step: the link's name and what to change, nomaster as such. */
static int nsbox_put_job_link_set(struct sk_buff *skb, const struct nsbox_link_change *ch)
{
	struct nlattr *nest = nla_nest_start(skb, NSBOX_A_JOB_STEP_LINK_SET);

	if (!nest || nla_put_string(skb, NSBOX_A_LINK_IFNAME, ch->ifname) ||
	    (ch->has_mtu && nla_put_u32(skb, NSBOX_A_LINK_MTU, ch->mtu)) ||
	    (ch->has_txqlen && nla_put_u32(skb, NSBOX_A_LINK_TXQUEUELEN, ch->txqueuelen)) ||
	    (ch->has_addr && nla_put(skb, NSBOX_A_LINK_ADDRESS, ETH_ALEN, ch->addr)) ||
	    (ch->has_master && ch->master[0] &&
	     nla_put_string(skb, NSBOX_A_LINK_MASTER, ch->master)) ||
	    (ch->has_master && !ch->master[0] && nla_put_flag(skb, NSBOX_A_LINK_NOMASTER)) ||
	    (ch->up >= 0 && nla_put_u8(skb, NSBOX_A_LINK_UP, ch->up)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* A host device to move in or send home, and whether it was up there. */
static int nsbox_put_job_move(struct sk_buff *skb, const struct nsbox_link *l)
{
	struct nlattr *nest = nla_nest_start(skb, NSBOX_A_JOB_STEP_LINK_MOVE);

	if (!nest || nla_put_string(skb, NSBOX_A_LINK_IFNAME, l->ifname) ||
	    nla_put_string(skb, NSBOX_A_LINK_HOST_IFNAME, l->host_ifname) ||
	    (l->host_up && nla_put_u32(skb, NSBOX_A_LINK_DEV_FLAGS, IFF_UP)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int nsbox_put_job_step(struct sk_buff *skb, const struct nsbox_job_step *step)
{
	struct nlattr *nest = nla_nest_start(skb, NSBOX_A_REPORT_JOB_STEP);
	int err = -EMSGSIZE;

	if (!nest)
		return -EMSGSIZE;
	switch (step->kind) {
	case NSBOX_STEP_LINK:
		err = nsbox_put_job_link(skb, step->link);
		if (!err && step->peer_fd >= 0 &&
		    nla_put_u32(skb, NSBOX_A_JOB_STEP_PEER_FD, step->peer_fd))
			err = -EMSGSIZE;
		break;
	case NSBOX_STEP_LINK_DEL:
		err = nla_put_string(skb, NSBOX_A_JOB_STEP_LINK_DEL, step->ifname);
		break;
	case NSBOX_STEP_ADDR:
		err = nsbox_put_addr_nest(skb, NSBOX_A_JOB_STEP_ADDR, step->addr,
					  step->replace);
		break;
	case NSBOX_STEP_ROUTE:
		err = nsbox_put_route_nest(skb, NSBOX_A_JOB_STEP_ROUTE, step->route,
					   step->replace);
		break;
	case NSBOX_STEP_NOIPV6:
		err = nla_put_flag(skb, NSBOX_A_JOB_STEP_NOIPV6);
		break;
	case NSBOX_STEP_LINK_MOVE:
		err = nsbox_put_job_move(skb, step->link);
		if (!err && nla_put_u32(skb, NSBOX_A_JOB_STEP_PEER_FD, step->peer_fd))
			err = -EMSGSIZE;
		break;
	case NSBOX_STEP_SYSCTL:
		err = nsbox_put_sysctl_nest(skb, NSBOX_A_JOB_STEP_SYSCTL, step->sysctl);
		break;
	case NSBOX_STEP_NEIGH:
		err = nsbox_put_neigh_nest(skb, NSBOX_A_JOB_STEP_NEIGH, step->neigh);
		break;
	case NSBOX_STEP_LINK_SET:
		err = nsbox_put_job_link_set(skb, step->change);
		break;
	}
	if (!err && step->del && nla_put_flag(skb, NSBOX_A_JOB_STEP_DEL))
		err = -EMSGSIZE;
	if (err)
		return err;
	nla_nest_end(skb, nest);
	return 0;
}

/* An exec run's program, in the attributes PROG_EXEC and PROG_RUN take. */
static int nsbox_put_job_prog(struct sk_buff *skb, const struct nsbox_helper_job *job)
{
	const struct nsbox_prog_req *req = job->prog;
	struct nlattr *nest, *rl;
	unsigned int i;

	nest = nla_nest_start(skb, NSBOX_A_REPORT_JOB_PROG);
	if (!nest || nla_put_string(skb, NSBOX_A_PROG_SANDBOX, job->sandbox) ||
	    nla_put_string(skb, NSBOX_A_PROG_PATH, req->path) ||
	    (!req->argc && nla_put_string(skb, NSBOX_A_PROG_ARG, req->path)) ||
	    (req->cwd && nla_put_string(skb, NSBOX_A_PROG_CWD, req->cwd)) ||
	    (req->has_uid && nla_put_u32(skb, NSBOX_A_PROG_UID, req->uid)) ||
	    (req->has_gid && nla_put_u32(skb, NSBOX_A_PROG_GID, req->gid)) ||
	    (req->groups && nla_put(skb, NSBOX_A_PROG_GROUPS, req->ngroups * sizeof(u32),
				    req->groups)) ||
	    (req->has_caps && nla_put_u64_64bit(skb, NSBOX_A_PROG_CAPS, req->caps,
						NSBOX_A_PROG_PAD)) ||
	    (req->flags && nla_put_u32(skb, NSBOX_A_PROG_FLAGS, req->flags)))
		return -EMSGSIZE;
	for (i = 0; i < req->argc; i++)
		if (nla_put_string(skb, NSBOX_A_PROG_ARG, req->argv[i]))
			return -EMSGSIZE;
	for (i = 0; i < req->nrlimits; i++) {
		rl = nla_nest_start(skb, NSBOX_A_PROG_RLIMIT);
		if (!rl || nla_put_u32(skb, NSBOX_A_RLIMIT_RESOURCE, req->rlimits[i].resource) ||
		    nla_put_u64_64bit(skb, NSBOX_A_RLIMIT_SOFT, req->rlimits[i].soft,
				      NSBOX_A_RLIMIT_PAD) ||
		    nla_put_u64_64bit(skb, NSBOX_A_RLIMIT_HARD, req->rlimits[i].hard,
				      NSBOX_A_RLIMIT_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, rl);
	}
	if (nsbox_put_prog_tuns(skb, req->tuns, req->ntuns, true) ||
	    nsbox_put_prog_limits(skb, &req->limits) ||
	    (req->cgroup && nla_put_string(skb, NSBOX_A_PROG_CGROUP, req->cgroup)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/**
 * nsbox_job_msg_new() - Encode a helper's job.
 * @token: the run's token, which the job names.
 * @job: the job: a create's hostname, its steps in order, an exec run's
 *	program. What they point at is read now and not kept.
 *
 * Context: may sleep (allocation).
 *
 * Return: the job, a HELPER_JOB message, or %NULL if it cannot be allocated.
 */
struct nsbox_job_msg *nsbox_job_msg_new(u64 token, const struct nsbox_helper_job *job)
{
	struct sk_buff *msg;
	unsigned int i;
	void *hdr;

	msg = genlmsg_new(nsbox_job_size(job), GFP_KERNEL);
	if (!msg)
		return NULL;
	hdr = genlmsg_put(msg, 0, 0, &nsbox_family, 0, NSBOX_CMD_HELPER_JOB);
	if (!hdr || nla_put_u64_64bit(msg, NSBOX_A_REPORT_TOKEN, token, NSBOX_A_REPORT_PAD) ||
	    (job->hostname && !job->target &&
	     nla_put_string(msg, NSBOX_A_REPORT_JOB_HOSTNAME, job->hostname)))
		goto too_big;
	for (i = 0; i < job->nsteps; i++)
		if (nsbox_put_job_step(msg, &job->steps[i]))
			goto too_big;
	if (job->prog && nsbox_put_job_prog(msg, job))
		goto too_big;
	genlmsg_end(msg, hdr);
	return (struct nsbox_job_msg *)msg;
too_big:
	/* sized for the most it can hold: a bug */
	WARN_ON_ONCE(1);
	nlmsg_free(msg);
	return NULL;
}

/**
 * nsbox_job_msg_free() - Free an encoded job.
 * @msg: the job, or %NULL.
 */
void nsbox_job_msg_free(struct nsbox_job_msg *msg)
{
	nlmsg_free(nsbox_job_skb(msg));
}

/**
 * nsbox_send_job() - Send a serving helper its next job (HELPER_JOB).
 * @portid: the serving helper's socket, in the initial namespace.
 * @msg: the job, kept: a copy is sent.
 *
 * Context: may sleep (allocation); sent without blocking.
 *
 * Return: 0 once sent, or a negative errno: -ENOMEM, or that of
 * genlmsg_unicast() (the helper's socket is gone or full).
 */
int nsbox_send_job(u32 portid, const struct nsbox_job_msg *msg)
{
	struct sk_buff *copy = skb_copy(nsbox_job_skb(msg), GFP_KERNEL);

	if (!copy)
		return -ENOMEM;
	return genlmsg_unicast(&init_net, copy, portid);
}

/**
 * nsbox_nl_reply_job() - Answer HELPER_JOB_GET with the job.
 * @info: the request.
 * @msg: the job, consumed: made the answer to the request and sent.
 *
 * Context: may be called with no lock held; sent without blocking.
 *
 * Return: 0 once sent, or the negative errno of genlmsg_reply().
 */
int nsbox_nl_reply_job(struct genl_info *info, struct nsbox_job_msg *msg)
{
	struct sk_buff *skb = nsbox_job_skb(msg);
	struct nlmsghdr *nlh = nlmsg_hdr(skb);
	struct genlmsghdr *genl = nlmsg_data(nlh);

	nlh->nlmsg_pid = info->snd_portid;
	nlh->nlmsg_seq = info->snd_seq;
	genl->cmd = NSBOX_CMD_HELPER_JOB_GET;
	return genlmsg_reply(skb, info);
}

/* ---- events ---- */

/**
 * nsbox_notify_sandbox() - Announce that a sandbox was created or deleted.
 * @sb: the sandbox.
 * @cmd: NSBOX_CMD_SANDBOX_CREATE_NTF or NSBOX_CMD_SANDBOX_DELETE_NTF.
 * @reason: NSBOX_REASON_* of a deletion, 0 for none.
 *
 * Events go to listeners in the namespace the sandbox belongs to, only. One
 * that cannot be allocated or built is not sent.
 *
 * Context: nsbox_lock held, so that events come in the order of the changes;
 * may sleep (allocation).
 */
void nsbox_notify_sandbox(const struct nsbox_sandbox *sb, u8 cmd, u32 reason)
{
	struct sk_buff *msg;
	void *hdr;

	nsbox_sandbox_assert_locked();
	if (!nsbox_genl_registered() ||
	    !genl_has_listeners(&nsbox_family, sb->owner_net, NSBOX_NLGRP_EVENTS))
		return;

	msg = genlmsg_new(nsbox_sandbox_size(), GFP_KERNEL);
	if (!msg)
		return;

	hdr = genlmsg_put(msg, 0, 0, &nsbox_family, 0, cmd);
	if (!hdr || nsbox_put_sandbox(msg, sb) ||
	    (reason && nla_put_u32(msg, NSBOX_A_SANDBOX_REASON, reason))) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&nsbox_family, sb->owner_net, msg, 0,
				NSBOX_NLGRP_EVENTS, GFP_KERNEL);
}

/**
 * nsbox_notify_link() - Announce that nsbox created, deleted or changed a link.
 * @sb: the sandbox the link is in.
 * @link: the link's record.
 * @ifindex: the device's ifindex in the sandbox; 0 if unknown, not sent.
 * @cmd: NSBOX_CMD_LINK_CREATE_NTF, NSBOX_CMD_LINK_DELETE_NTF, or
 *	NSBOX_CMD_LINK_CHANGE_NTF, which has the link as it is now.
 *
 * As for nsbox_notify_sandbox(): to the owner namespace's listeners only,
 * and not sent if it cannot be built.
 *
 * Context: nsbox_lock held, as for nsbox_notify_sandbox(); may sleep
 * (allocation).
 */
void nsbox_notify_link(const struct nsbox_sandbox *sb, const struct nsbox_link *link,
		       int ifindex, u8 cmd)
{
	struct net_device *dev;
	struct sk_buff *msg;
	void *hdr;
	int err;

	nsbox_sandbox_assert_locked();
	if (!nsbox_genl_registered() ||
	    !genl_has_listeners(&nsbox_family, sb->owner_net, NSBOX_NLGRP_EVENTS))
		return;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &nsbox_family, 0, cmd);
	err = !hdr || nla_put_string(msg, NSBOX_A_LINK_SANDBOX, sb->name) ||
	      nla_put_string(msg, NSBOX_A_LINK_IFNAME, link->ifname) ||
	      nla_put_u32(msg, NSBOX_A_LINK_TYPE, link->type) ||
	      (ifindex && nla_put_u32(msg, NSBOX_A_LINK_IFINDEX, ifindex));
	if (!err && cmd == NSBOX_CMD_LINK_CHANGE_NTF) {
		err = link->master[0] && nla_put_string(msg, NSBOX_A_LINK_MASTER, link->master);
		rcu_read_lock();
		dev = dev_get_by_name_rcu(sb->net, link->ifname);
		if (!err && dev)
			err = nsbox_put_dev(msg, dev);
		rcu_read_unlock();
	}
	if (err) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&nsbox_family, sb->owner_net, msg, 0,
				NSBOX_NLGRP_EVENTS, GFP_KERNEL);
}

/*
 * A program's event: to the exec caller's socket (unicast) if @unicast, and
 * to the events group of its sandbox's owner namespace; nothing once that
 * namespace is gone. nsbox_lock held: the record and its sandbox's
 * owner_dead are read whole.
 */
static void nsbox_notify_prog(const struct nsbox_prog *prog, u8 cmd, bool unicast)
{
	struct net *net = prog->sb->owner_net;
	struct sk_buff *msg;
	void *hdr;
	int i;

	nsbox_sandbox_assert_locked();
	if (!nsbox_genl_registered() || prog->sb->owner_dead)
		return;
	for (i = unicast ? 0 : 1; i < 2; i++) {
		if (i == 1 && !genl_has_listeners(&nsbox_family, net, NSBOX_NLGRP_EVENTS))
			continue;
		msg = genlmsg_new(NSBOX_PROG_MSG_SIZE, GFP_KERNEL);
		if (!msg)
			return;
		hdr = genlmsg_put(msg, 0, 0, &nsbox_family, 0, cmd);
		if (!hdr || nsbox_put_prog(msg, prog)) {
			nlmsg_free(msg);
			return;
		}
		genlmsg_end(msg, hdr);
		if (i == 0)
			genlmsg_unicast(prog->owner_net, msg, prog->owner_portid);
		else
			genlmsg_multicast_netns(&nsbox_family, net, msg, 0,
						NSBOX_NLGRP_EVENTS, GFP_KERNEL);
	}
}

/**
 * nsbox_notify_prog_exit() - Announce how a program ended (PROG_EXIT_NTF).
 * @prog: the program, exited; a daemon may be restarting, or failed.
 *
 * To the exec caller's socket, and to the events group.
 *
 * Context: nsbox_lock held. May sleep (allocation).
 */
void nsbox_notify_prog_exit(const struct nsbox_prog *prog)
{
	nsbox_notify_prog(prog, NSBOX_CMD_PROG_EXIT_NTF, !prog->daemon);
}

/**
 * nsbox_notify_prog_restart() - Announce a daemon's restart (PROG_RESTART_NTF).
 * @prog: the daemon, started again: its new pid and its restart count.
 *
 * To the events group.
 *
 * Context: nsbox_lock held. May sleep (allocation).
 */
void nsbox_notify_prog_restart(const struct nsbox_prog *prog)
{
	nsbox_notify_prog(prog, NSBOX_CMD_PROG_RESTART_NTF, false);
}

