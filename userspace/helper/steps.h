/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The steps nsbox-helper runs inside a sandbox's network namespace.
 *
 * The module sends them as its job's NSBOX_A_REPORT_JOB_STEP attributes,
 * in the order they run (links, sysctls, addresses, neighbours, routes), each a nest
 * holding exactly one of (include/uapi/linux/nsbox.h, the spec's job-step
 * set):
 *
 *   LINK      a nest of link attributes: ifname, type (tun, tap, veth,
 *             dummy, bridge), flags, mtu, txqueuelen, owner, group
 *             (tun/tap), peer-ifname (veth), address (all but tun), master
 *             (a bridge made before it), parent, mode, vlan-id (macvlan,
 *             ipvlan, vlan), and beside it PEER_FD, the helper's fd of the
 *             namespace the veth peer goes to (absent: beside it), or the
 *             parent is in;
 *   LINK_DEL  the name of a link to delete, with its veth peer;
 *   LINK_SET  a nest of link attributes: ifname and what to change of it:
 *             mtu, txqueuelen, address, master or nomaster, up;
 *   ADDR      a nest of addr attributes (ifname, address, prefixlen,
 *             replace), with DEL to delete it;
 *   ROUTE     a nest of route attributes (dst, dst-len, gateway, ifname,
 *             mtu, advmss, metric, table, replace, src, onlink, scope,
 *             type, and repeated nexthop nests of gateway, ifname and
 *             weight), with DEL to delete it;
 *   NOIPV6    turn IPv6 off;
 *   LINK_MOVE a nest of ifname, host-ifname: move the device host-ifname
 *             of the namespace PEER_FD (beside it) in as ifname and bring
 *             it up; with DEL, send ifname back there as host-ifname, and
 *             bring it up there if the nest's dev-flags has IFF_UP (as it
 *             was there: an undone move-in does the same);
 *   SYSCTL    a nest of sysctl attributes (key, value): write the value
 *             to /proc/sys/KEY, the key's dots made slashes but in the
 *             device's name of a net.ipv{4,6}.conf.DEV.PARAM key;
 *   NEIGH     a nest of neigh attributes (ifname, address, lladdr): a
 *             permanent neighbour, with DEL to delete it.
 *
 * All of them are decoded (job.c) before any runs, so that a job the
 * helper does not understand changes nothing.
 */
#ifndef NSBOX_HELPER_STEPS_H
#define NSBOX_HELPER_STEPS_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include <linux/nsbox.h>

#include "rtnl.h"

enum step_kind {
	STEP_LINK,
	STEP_LINK_DEL,
	STEP_ADDR,
	STEP_ROUTE,
	STEP_NOIPV6,
	STEP_LINK_MOVE,
	STEP_SYSCTL,
	STEP_NEIGH,
	STEP_LINK_SET,
};

enum link_kind {
	LINK_TUN,
	LINK_TAP,
	LINK_VETH,
	LINK_DUMMY,
	LINK_BRIDGE,
	LINK_MACVLAN,	/* on a parent of the namespace of peer_fd */
	LINK_IPVLAN,
	LINK_VLAN,
	LINK_VXLAN,	/* in the sandbox, on an underlay of it */
};

struct link_step {
	enum link_kind	kind;
	char		ifname[IFNAMSIZ];
	bool		has_mtu, has_txqlen, has_owner, has_group;
	uint32_t	mtu;
	uint32_t	txqlen;
	uint32_t	owner;
	uint32_t	group;
	unsigned int	flags;		/* NSBOX_LINK_F_* (tun/tap) */
	char		peer[IFNAMSIZ];	/* veth */
	int		peer_fd;	/* veth: -1 keeps the peer beside it */
	bool		has_addr;
	unsigned char	addr[6];	/* MAC (not tun) */
	char		master[IFNAMSIZ];	/* "" for none */
	char		parent[IFNAMSIZ];	/* macvlan, ipvlan, vlan */
	uint32_t	mode;		/* IFLA_MACVLAN_MODE or IFLA_IPVLAN_MODE value */
	uint32_t	vlan_id;
	struct rtnl_vxlan	vxlan;		/* vxlan: vxlan.link from underlay */
	char		underlay[IFNAMSIZ];	/* vxlan: "" for none */
};

/* A link-set: what to change, and what it was, to put back on failure. */
struct link_set_step {
	char		ifname[IFNAMSIZ];
	bool		has_mtu, has_txqlen, has_addr, has_master;
	int		up;		/* 1, 0, or -1 for as it is */
	uint32_t	mtu;
	uint32_t	txqlen;
	unsigned char	addr[6];
	char		master[IFNAMSIZ];	/* with has_master: "" for nomaster */
	struct rtnl_link_state	old;	/* read by the run before it changes */
};

struct addr_step {
	bool			del;
	bool			replace;	/* NLM_F_REPLACE: update an existing one */
	char			ifname[IFNAMSIZ];
	struct inet_prefix	pfx;
	int			ifindex;	/* resolved by the run */
};

struct route_step {
	bool			del;
	char			dev[IFNAMSIZ];	/* "" for none */
	struct rtnl_route	r;		/* r.oif is resolved from dev */
	/* each nexthop's device, "" for none: r.nh[].oif is resolved from it */
	char			nh_dev[RTNL_ROUTE_MAX_NEXTHOPS][IFNAMSIZ];
};

struct move_step {
	bool		back;		/* from the sandbox to fd's namespace */
	bool		up;		/* back: bring it up there */
	char		ifname[IFNAMSIZ];	/* its name in the sandbox */
	char		host[IFNAMSIZ];		/* its name in fd's namespace */
	int		fd;		/* the helper's fd of the other namespace */
};

struct sysctl_step {
	char		path[128];	/* /proc/sys/... */
	char		value[NSBOX_SYSCTL_VALUE_MAX + 1];
};

struct neigh_step {
	bool			del;
	char			ifname[IFNAMSIZ];
	struct inet_prefix	dst;
	unsigned char		lladdr[6];
	int			ifindex;	/* resolved by the run */
};

struct step {
	enum step_kind	kind;
	/* set by the run once the step created something, for undo */
	bool		created;
	union {
		struct link_step	link;
		struct link_set_step	set;
		char			ifname[IFNAMSIZ];	/* link-del */
		struct addr_step	addr;
		struct route_step	route;
		struct move_step	move;
		struct sysctl_step	sysctl;
		struct neigh_step	neigh;
	};
};

struct steps {
	struct step	*v;
	unsigned int	n;
};

/* What made a run fail. */
struct step_failure {
	unsigned int	index;	/* of the step, from 0 */
	int		err;	/* positive errno */
	int		code;	/* enum nsbox_helper_exit */
};

/* job.c: the job's steps, decoded; 0, or -1 for anything malformed */
struct job;
int job_steps(const struct job *job, struct steps *steps);
void steps_free(struct steps *steps);

/* steps.c */
int steps_run(struct steps *steps, struct step_failure *fail);
void steps_undo(struct steps *steps);

#endif /* NSBOX_HELPER_STEPS_H */
