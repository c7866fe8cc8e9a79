// SPDX-License-Identifier: GPL-2.0
/*
 * A run's job (see steps.h): fetched from the module with HELPER_JOB_GET,
 * or sent to a serving helper as HELPER_JOB, and decoded here into steps.
 *
 * The decoding is as strict as the module is precise: a step with no kind
 * or two, an attribute of the wrong size, a value out of range or a name
 * the kernel would not take refuses the whole job before anything runs,
 * since anything unexpected means the module and the helper disagree.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/nsbox.h>
#include <linux/rtnetlink.h>

#include "helper.h"
#include "nsnl.h"
#include "steps.h"

/*
 * What the kernel accepts as a device name (dev_valid_name()), less "%":
 * a name must mean that very device, never a pattern for the kernel to
 * number, since later steps and the undo find the device by it. It is also
 * a path component under /proc/sys.
 */
static int job_ifname(const struct nlattr *nla, char *ifname)
{
	const char *s = nsnl_get_str(nla, IFNAMSIZ);

	if (!s || !strcmp(s, ".") || !strcmp(s, "..") || strpbrk(s, "/:% \t\n\v\f\r"))
		return -1;
	strcpy(ifname, s);
	return 0;
}

/* An address of 4 or 16 bytes, or of @want's family when @want is set. */
static int job_inet(const struct nlattr *nla, int want, unsigned char *addr, int *family)
{
	size_t len;

	if (!nla)
		return -1;
	len = nsnl_attr_len(nla);
	if (len == 4)
		*family = AF_INET;
	else if (len == 16)
		*family = AF_INET6;
	else
		return -1;
	if (want && *family != want)
		return -1;
	memcpy(addr, nsnl_attr_data(nla), len);
	return 0;
}

static int job_plen(const struct nlattr *nla, struct inet_prefix *p)
{
	uint8_t plen;

	if (nsnl_get_u8(nla, &plen) || plen > (p->family == AF_INET ? 32 : 128))
		return -1;
	p->plen = plen;
	return 0;
}

/* An optional u32: absent leaves *@has false. */
static int job_opt_u32(const struct nlattr *nla, bool *has, uint32_t *val)
{
	if (!nla)
		return 0;
	*has = true;
	return nsnl_get_u32(nla, val);
}

/* A MAC address: 6 bytes, unicast, not all zeros, as the module checked. */
static int job_mac(const struct nlattr *nla, bool *has, unsigned char *mac)
{
	static const unsigned char zero[6];

	if (!nla)
		return 0;
	if (nsnl_attr_len(nla) != 6)
		return -1;
	memcpy(mac, nsnl_attr_data(nla), 6);
	if ((mac[0] & 1) || !memcmp(mac, zero, 6))
		return -1;
	*has = true;
	return 0;
}

/*
 * A macvlan (mode private, vepa, bridge, passthru), ipvlan (l2, l3, l3s) or
 * vlan (an id): on a parent in the namespace of the fd beside it.
 */
static int job_link_on(const struct nlattr **tb, const struct nlattr *peer_fd,
		       uint32_t type, struct link_step *l)
{
	static const uint32_t macvlan_modes[] = {
		[NSBOX_LINK_MODE_PRIVATE] = MACVLAN_MODE_PRIVATE,
		[NSBOX_LINK_MODE_VEPA] = MACVLAN_MODE_VEPA,
		[NSBOX_LINK_MODE_BRIDGE] = MACVLAN_MODE_BRIDGE,
		[NSBOX_LINK_MODE_PASSTHRU] = MACVLAN_MODE_PASSTHRU,
	};
	uint32_t mode = 0, fd;
	bool has;

	l->kind = type == NSBOX_LINK_TYPE_MACVLAN ? LINK_MACVLAN :
		  type == NSBOX_LINK_TYPE_IPVLAN ? LINK_IPVLAN : LINK_VLAN;
	if (!peer_fd || nsnl_get_u32(peer_fd, &fd) || fd > INT32_MAX ||
	    job_ifname(tb[NSBOX_A_LINK_PARENT], l->parent) ||
	    tb[NSBOX_A_LINK_FLAGS] || tb[NSBOX_A_LINK_OWNER] || tb[NSBOX_A_LINK_GROUP] ||
	    tb[NSBOX_A_LINK_PEER_IFNAME] || tb[NSBOX_A_LINK_NOMASTER] || tb[NSBOX_A_LINK_UP] ||
	    job_opt_u32(tb[NSBOX_A_LINK_MTU], &l->has_mtu, &l->mtu) ||
	    job_opt_u32(tb[NSBOX_A_LINK_TXQUEUELEN], &l->has_txqlen, &l->txqlen) ||
	    job_mac(tb[NSBOX_A_LINK_ADDRESS], &l->has_addr, l->addr) ||
	    (tb[NSBOX_A_LINK_MASTER] && job_ifname(tb[NSBOX_A_LINK_MASTER], l->master)))
		return -1;
	l->peer_fd = fd;
	if (l->kind == LINK_VLAN) {
		if (tb[NSBOX_A_LINK_MODE] ||
		    job_opt_u32(tb[NSBOX_A_LINK_VLAN_ID], &has, &l->vlan_id) ||
		    !l->vlan_id || l->vlan_id > 4094)
			return -1;
		return 0;
	}
	if (tb[NSBOX_A_LINK_VLAN_ID] || nsnl_get_u32(tb[NSBOX_A_LINK_MODE], &mode))
		return -1;
	if (l->kind == LINK_MACVLAN) {
		if (mode < NSBOX_LINK_MODE_PRIVATE || mode > NSBOX_LINK_MODE_PASSTHRU)
			return -1;
		l->mode = macvlan_modes[mode];
		return 0;
	}
	if (l->has_addr || l->master[0] || mode < NSBOX_LINK_MODE_L2 || mode > NSBOX_LINK_MODE_L3S)
		return -1;
	l->mode = mode == NSBOX_LINK_MODE_L2 ? IPVLAN_MODE_L2 :
		  mode == NSBOX_LINK_MODE_L3 ? IPVLAN_MODE_L3 : IPVLAN_MODE_L3S;
	return 0;
}

/* A vxlan's VNI, remote or group and local of one family, port and underlay. */
static int job_vxlan(const struct nlattr **tb, struct link_step *l)
{
	struct rtnl_vxlan *vx = &l->vxlan;
	const struct nlattr *remote = tb[NSBOX_A_LINK_REMOTE] ?: tb[NSBOX_A_LINK_VXLAN_GROUP];
	uint32_t port;

	if (nsnl_get_u32(tb[NSBOX_A_LINK_VNI], &vx->vni) || vx->vni > 0xffffff ||
	    (tb[NSBOX_A_LINK_REMOTE] && tb[NSBOX_A_LINK_VXLAN_GROUP]) ||
	    nsnl_get_u32(tb[NSBOX_A_LINK_PORT], &port) || !port || port > 65535)
		return -1;
	vx->port = port;
	if (remote) {
		if (job_inet(remote, 0, vx->remote, &vx->family))
			return -1;
		vx->has_remote = true;
	}
	if (tb[NSBOX_A_LINK_LOCAL]) {
		if (job_inet(tb[NSBOX_A_LINK_LOCAL], vx->family, vx->local, &vx->family))
			return -1;
		vx->has_local = true;
	}
	if (tb[NSBOX_A_LINK_UNDERLAY] && job_ifname(tb[NSBOX_A_LINK_UNDERLAY], l->underlay))
		return -1;
	return 0;
}

static int job_link(const struct nlattr *nest, const struct nlattr *peer_fd,
		    struct link_step *l)
{
	const unsigned int known = NSBOX_LINK_F_MULTI_QUEUE | NSBOX_LINK_F_VNET_HDR |
				   NSBOX_LINK_F_PI;
	const struct nlattr *tb[NSBOX_A_LINK_MAX + 1];
	uint32_t type, flags = 0, fd;
	bool tun;

	l->peer_fd = -1;
	if (nsnl_parse_nested(nest, tb, NSBOX_A_LINK_MAX) ||
	    job_ifname(tb[NSBOX_A_LINK_IFNAME], l->ifname) ||
	    nsnl_get_u32(tb[NSBOX_A_LINK_TYPE], &type))
		return -1;
	switch (type) {
	case NSBOX_LINK_TYPE_TUN:
		l->kind = LINK_TUN;
		break;
	case NSBOX_LINK_TYPE_TAP:
		l->kind = LINK_TAP;
		break;
	case NSBOX_LINK_TYPE_VETH:
		l->kind = LINK_VETH;
		break;
	case NSBOX_LINK_TYPE_DUMMY:
		l->kind = LINK_DUMMY;
		break;
	case NSBOX_LINK_TYPE_BRIDGE:
		l->kind = LINK_BRIDGE;
		break;
	case NSBOX_LINK_TYPE_VXLAN:
		l->kind = LINK_VXLAN;
		if (job_vxlan(tb, l))
			return -1;
		break;
	case NSBOX_LINK_TYPE_MACVLAN:
	case NSBOX_LINK_TYPE_IPVLAN:
	case NSBOX_LINK_TYPE_VLAN:
		return job_link_on(tb, peer_fd, type, l);
	default:
		return -1;
	}
	if (tb[NSBOX_A_LINK_PARENT] || tb[NSBOX_A_LINK_MODE] || tb[NSBOX_A_LINK_VLAN_ID])
		return -1;
	if (l->kind != LINK_VXLAN &&
	    (tb[NSBOX_A_LINK_VNI] || tb[NSBOX_A_LINK_REMOTE] || tb[NSBOX_A_LINK_VXLAN_GROUP] ||
	     tb[NSBOX_A_LINK_LOCAL] || tb[NSBOX_A_LINK_PORT] || tb[NSBOX_A_LINK_UNDERLAY]))
		return -1;
	if (tb[NSBOX_A_LINK_NOMASTER] || tb[NSBOX_A_LINK_UP] ||
	    job_mac(tb[NSBOX_A_LINK_ADDRESS], &l->has_addr, l->addr) ||
	    (l->has_addr && l->kind == LINK_TUN))
		return -1;
	if (tb[NSBOX_A_LINK_MASTER] &&
	    (l->kind == LINK_TUN || l->kind == LINK_BRIDGE ||
	     job_ifname(tb[NSBOX_A_LINK_MASTER], l->master)))
		return -1;
	tun = l->kind == LINK_TUN || l->kind == LINK_TAP;
	if ((tb[NSBOX_A_LINK_FLAGS] && nsnl_get_u32(tb[NSBOX_A_LINK_FLAGS], &flags)) ||
	    (flags & ~known) || (flags && !tun))
		return -1;
	l->flags = flags;
	if (job_opt_u32(tb[NSBOX_A_LINK_MTU], &l->has_mtu, &l->mtu) ||
	    job_opt_u32(tb[NSBOX_A_LINK_TXQUEUELEN], &l->has_txqlen, &l->txqlen) ||
	    job_opt_u32(tb[NSBOX_A_LINK_OWNER], &l->has_owner, &l->owner) ||
	    job_opt_u32(tb[NSBOX_A_LINK_GROUP], &l->has_group, &l->group))
		return -1;
	if (tun) {
		if (tb[NSBOX_A_LINK_PEER_IFNAME] || peer_fd)
			return -1;
		/* the tun driver's own default (500) is short for a VM's or VPN's queue */
		if (!l->has_txqlen) {
			l->has_txqlen = true;
			l->txqlen = 1000;
		}
		return 0;
	}
	if (l->has_owner || l->has_group)
		return -1;
	if (l->kind != LINK_VETH)
		return tb[NSBOX_A_LINK_PEER_IFNAME] || peer_fd ? -1 : 0;
	if (job_ifname(tb[NSBOX_A_LINK_PEER_IFNAME], l->peer))
		return -1;
	if (peer_fd) {
		if (nsnl_get_u32(peer_fd, &fd) || fd > INT32_MAX)
			return -1;
		l->peer_fd = fd;
	}
	return 0;
}

/* A link-set: a name and at least one change; master or nomaster, not both. */
static int job_link_set(const struct nlattr *nest, struct link_set_step *ls)
{
	const struct nlattr *tb[NSBOX_A_LINK_MAX + 1];
	uint8_t up;

	ls->up = -1;
	if (nsnl_parse_nested(nest, tb, NSBOX_A_LINK_MAX) ||
	    job_ifname(tb[NSBOX_A_LINK_IFNAME], ls->ifname) ||
	    job_opt_u32(tb[NSBOX_A_LINK_MTU], &ls->has_mtu, &ls->mtu) ||
	    job_opt_u32(tb[NSBOX_A_LINK_TXQUEUELEN], &ls->has_txqlen, &ls->txqlen) ||
	    job_mac(tb[NSBOX_A_LINK_ADDRESS], &ls->has_addr, ls->addr))
		return -1;
	if (tb[NSBOX_A_LINK_TYPE] || tb[NSBOX_A_LINK_PEER_IFNAME] ||
	    (tb[NSBOX_A_LINK_MASTER] && tb[NSBOX_A_LINK_NOMASTER]) ||
	    (tb[NSBOX_A_LINK_NOMASTER] && nsnl_attr_len(tb[NSBOX_A_LINK_NOMASTER])))
		return -1;
	if (tb[NSBOX_A_LINK_MASTER] && job_ifname(tb[NSBOX_A_LINK_MASTER], ls->master))
		return -1;
	ls->has_master = tb[NSBOX_A_LINK_MASTER] || tb[NSBOX_A_LINK_NOMASTER];
	if (tb[NSBOX_A_LINK_UP]) {
		if (nsnl_get_u8(tb[NSBOX_A_LINK_UP], &up) || up > 1)
			return -1;
		ls->up = up;
	}
	if (!ls->has_mtu && !ls->has_txqlen && !ls->has_addr && !ls->has_master && ls->up < 0)
		return -1;
	return 0;
}

static int job_addr(const struct nlattr *nest, struct addr_step *a)
{
	const struct nlattr *tb[NSBOX_A_ADDR_MAX + 1];

	if (nsnl_parse_nested(nest, tb, NSBOX_A_ADDR_MAX) ||
	    job_ifname(tb[NSBOX_A_ADDR_IFNAME], a->ifname) ||
	    job_inet(tb[NSBOX_A_ADDR_ADDRESS], 0, a->pfx.addr, &a->pfx.family) ||
	    job_plen(tb[NSBOX_A_ADDR_PREFIXLEN], &a->pfx))
		return -1;
	if (tb[NSBOX_A_ADDR_REPLACE] &&
	    (nsnl_attr_len(tb[NSBOX_A_ADDR_REPLACE]) || a->del))
		return -1;
	a->replace = tb[NSBOX_A_ADDR_REPLACE];
	return 0;
}

/*
 * 0 for mtu, advmss and metric means "not given", as it does to the
 * kernel; table 0 is refused: it names no table.
 */
/* One nexthop of a multipath route: a gateway of the route's family, a device, or both. */
static int job_nexthop(const struct nlattr *nest, struct route_step *rs)
{
	const struct nlattr *tb[NSBOX_A_NEXTHOP_MAX + 1];
	struct rtnl_route *r = &rs->r;
	struct rtnl_nexthop *nh;
	uint32_t weight = 1;
	int family;

	if (r->nnh == RTNL_ROUTE_MAX_NEXTHOPS || nsnl_parse_nested(nest, tb, NSBOX_A_NEXTHOP_MAX))
		return -1;
	nh = &r->nh[r->nnh];
	if (!tb[NSBOX_A_NEXTHOP_GATEWAY] && !tb[NSBOX_A_NEXTHOP_IFNAME])
		return -1;
	if (tb[NSBOX_A_NEXTHOP_GATEWAY]) {
		if (job_inet(tb[NSBOX_A_NEXTHOP_GATEWAY], r->dst.family, nh->gw, &family))
			return -1;
		nh->has_gw = true;
	}
	if (tb[NSBOX_A_NEXTHOP_IFNAME] &&
	    job_ifname(tb[NSBOX_A_NEXTHOP_IFNAME], rs->nh_dev[r->nnh]))
		return -1;
	if ((tb[NSBOX_A_NEXTHOP_WEIGHT] && nsnl_get_u32(tb[NSBOX_A_NEXTHOP_WEIGHT], &weight)) ||
	    weight < 1 || weight > 256)
		return -1;
	nh->weight = weight;
	r->nnh++;
	return 0;
}

/* The type, preferred source, scope, onlink and nexthops of a route. */
static int job_route_more(const struct nlattr *nest, const struct nlattr **tb,
			  struct route_step *rs)
{
	static const unsigned char types[] = {
		[NSBOX_ROUTE_TYPE_UNICAST]	= RTN_UNICAST,
		[NSBOX_ROUTE_TYPE_BLACKHOLE]	= RTN_BLACKHOLE,
		[NSBOX_ROUTE_TYPE_UNREACHABLE]	= RTN_UNREACHABLE,
		[NSBOX_ROUTE_TYPE_PROHIBIT]	= RTN_PROHIBIT,
	};
	struct rtnl_route *r = &rs->r;
	const struct nlattr *nla;
	uint32_t type;
	uint8_t scope;
	size_t rem;
	int family;

	r->scope = -1;
	if (tb[NSBOX_A_ROUTE_TYPE]) {
		if (nsnl_get_u32(tb[NSBOX_A_ROUTE_TYPE], &type) || !type ||
		    type >= sizeof(types) / sizeof(types[0]))
			return -1;
		r->type = type == NSBOX_ROUTE_TYPE_UNICAST ? 0 : types[type];
	}
	if (tb[NSBOX_A_ROUTE_SRC]) {
		if (job_inet(tb[NSBOX_A_ROUTE_SRC], r->dst.family, r->src, &family))
			return -1;
		r->has_src = true;
	}
	if (tb[NSBOX_A_ROUTE_SCOPE]) {
		if (nsnl_get_u8(tb[NSBOX_A_ROUTE_SCOPE], &scope))
			return -1;
		r->scope = scope;
	}
	if (tb[NSBOX_A_ROUTE_ONLINK] && nsnl_attr_len(tb[NSBOX_A_ROUTE_ONLINK]))
		return -1;
	r->onlink = tb[NSBOX_A_ROUTE_ONLINK];
	nsnl_for_each_nested(nla, nest, rem) {
		if (nsnl_attr_type(nla) == NSBOX_A_ROUTE_NEXTHOP && job_nexthop(nla, rs))
			return -1;
	}
	/* nexthops stand for the route's own gateway and device */
	if (r->nnh && (r->has_gw || rs->dev[0]))
		return -1;
	return 0;
}

static int job_route(const struct nlattr *nest, struct route_step *rs)
{
	const struct nlattr *tb[NSBOX_A_ROUTE_MAX + 1];
	struct rtnl_route *r = &rs->r;
	int family;

	if (nsnl_parse_nested(nest, tb, NSBOX_A_ROUTE_MAX) ||
	    job_inet(tb[NSBOX_A_ROUTE_DST], 0, r->dst.addr, &r->dst.family) ||
	    job_plen(tb[NSBOX_A_ROUTE_DST_LEN], &r->dst))
		return -1;
	if (tb[NSBOX_A_ROUTE_GATEWAY]) {
		if (job_inet(tb[NSBOX_A_ROUTE_GATEWAY], r->dst.family, r->gw, &family))
			return -1;
		r->has_gw = true;
	}
	if (tb[NSBOX_A_ROUTE_IFNAME] && job_ifname(tb[NSBOX_A_ROUTE_IFNAME], rs->dev))
		return -1;
	if ((tb[NSBOX_A_ROUTE_MTU] && nsnl_get_u32(tb[NSBOX_A_ROUTE_MTU], &r->mtu)) ||
	    (tb[NSBOX_A_ROUTE_ADVMSS] && nsnl_get_u32(tb[NSBOX_A_ROUTE_ADVMSS], &r->advmss)) ||
	    (tb[NSBOX_A_ROUTE_METRIC] && nsnl_get_u32(tb[NSBOX_A_ROUTE_METRIC], &r->metric)))
		return -1;
	if (tb[NSBOX_A_ROUTE_TABLE] && (nsnl_get_u32(tb[NSBOX_A_ROUTE_TABLE], &r->table) ||
					!r->table))
		return -1;
	if (tb[NSBOX_A_ROUTE_REPLACE] && nsnl_attr_len(tb[NSBOX_A_ROUTE_REPLACE]))
		return -1;
	r->replace = tb[NSBOX_A_ROUTE_REPLACE];
	return job_route_more(nest, tb, rs);
}

/* A host device to move in, or back (del), and the namespace it comes from or goes to. */
static int job_move(const struct nlattr *nest, const struct nlattr *peer_fd, bool back,
		    struct move_step *m)
{
	const struct nlattr *tb[NSBOX_A_LINK_MAX + 1];
	uint32_t fd, flags = 0;
	unsigned int i;

	if (nsnl_parse_nested(nest, tb, NSBOX_A_LINK_MAX) ||
	    job_ifname(tb[NSBOX_A_LINK_IFNAME], m->ifname) ||
	    job_ifname(tb[NSBOX_A_LINK_HOST_IFNAME], m->host) ||
	    nsnl_get_u32(peer_fd, &fd) || fd > INT32_MAX)
		return -1;
	for (i = 0; i <= NSBOX_A_LINK_MAX; i++)
		if (tb[i] && i != NSBOX_A_LINK_IFNAME && i != NSBOX_A_LINK_HOST_IFNAME &&
		    i != NSBOX_A_LINK_DEV_FLAGS)
			return -1;
	if (tb[NSBOX_A_LINK_DEV_FLAGS] &&
	    (nsnl_get_u32(tb[NSBOX_A_LINK_DEV_FLAGS], &flags) || (flags & ~IFF_UP)))
		return -1;
	m->back = back;
	m->up = flags & IFF_UP;
	m->fd = fd;
	return 0;
}

/*
 * A sysctl key as the module sends it (from its allow-list), as a path
 * under /proc/sys: each dot a slash, but those in the device's name of a
 * net.ipv4.conf.DEV.PARAM or net.ipv6.conf.DEV.PARAM key, which is the
 * directory's name as it is. The value is digits, or two numbers.
 */
static int job_sysctl(const struct nlattr *nest, struct sysctl_step *s)
{
	const struct nlattr *tb[NSBOX_A_SYSCTL_MAX + 1];
	const char *key, *val, *dev = NULL, *last;
	char *p;
	int n;

	if (nsnl_parse_nested(nest, tb, NSBOX_A_SYSCTL_MAX))
		return -1;
	key = nsnl_get_str(tb[NSBOX_A_SYSCTL_KEY], NSBOX_SYSCTL_KEY_MAX + 1);
	val = nsnl_get_str(tb[NSBOX_A_SYSCTL_VALUE], NSBOX_SYSCTL_VALUE_MAX + 1);
	if (!key || !val || strncmp(key, "net.", 4) || strchr(key, '/') || strstr(key, "..") ||
	    strpbrk(key, " \t\n\v\f\r") || !*val || strspn(val, "0123456789 ") != strlen(val))
		return -1;
	last = strrchr(key, '.');
	if (!strncmp(key, "net.ipv4.conf.", 14) || !strncmp(key, "net.ipv6.conf.", 14)) {
		dev = key + 14;
		if (last < dev)
			return -1;
	}
	n = snprintf(s->path, sizeof(s->path), "/proc/sys/%s", key);
	if (n < 0 || (size_t)n >= sizeof(s->path))
		return -1;
	for (p = s->path + 10; *p; p++) {
		const char *k = key + (p - s->path - 10);

		if (*p == '.' && (!dev || k < dev || k == last))
			*p = '/';
	}
	strcpy(s->value, val);
	return 0;
}

static int job_neigh(const struct nlattr *nest, struct neigh_step *n)
{
	const struct nlattr *tb[NSBOX_A_NEIGH_MAX + 1];

	if (nsnl_parse_nested(nest, tb, NSBOX_A_NEIGH_MAX) ||
	    job_ifname(tb[NSBOX_A_NEIGH_IFNAME], n->ifname) ||
	    job_inet(tb[NSBOX_A_NEIGH_ADDRESS], 0, n->dst.addr, &n->dst.family) ||
	    !tb[NSBOX_A_NEIGH_LLADDR] || nsnl_attr_len(tb[NSBOX_A_NEIGH_LLADDR]) != 6)
		return -1;
	n->dst.plen = n->dst.family == AF_INET ? 32 : 128;
	memcpy(n->lladdr, nsnl_attr_data(tb[NSBOX_A_NEIGH_LLADDR]), 6);
	return 0;
}

/* One NSBOX_A_REPORT_JOB_STEP: exactly one kind, and del only where it means something. */
static int job_step(const struct nlattr *nest, struct step *st)
{
	const struct nlattr *tb[NSBOX_A_JOB_STEP_MAX + 1];
	unsigned int kinds = 0, i;
	bool del;

	memset(st, 0, sizeof(*st));
	if (nsnl_parse_nested(nest, tb, NSBOX_A_JOB_STEP_MAX))
		return -1;
	for (i = NSBOX_A_JOB_STEP_LINK; i <= NSBOX_A_JOB_STEP_NOIPV6; i++)
		kinds += !!tb[i];
	kinds += !!tb[NSBOX_A_JOB_STEP_LINK_MOVE];
	kinds += !!tb[NSBOX_A_JOB_STEP_SYSCTL] + !!tb[NSBOX_A_JOB_STEP_NEIGH];
	kinds += !!tb[NSBOX_A_JOB_STEP_LINK_SET];
	if (kinds != 1)
		return -1;
	if ((tb[NSBOX_A_JOB_STEP_DEL] && nsnl_attr_len(tb[NSBOX_A_JOB_STEP_DEL])) ||
	    (tb[NSBOX_A_JOB_STEP_PEER_FD] && !tb[NSBOX_A_JOB_STEP_LINK] &&
	     !tb[NSBOX_A_JOB_STEP_LINK_MOVE]))
		return -1;
	del = tb[NSBOX_A_JOB_STEP_DEL];

	if (tb[NSBOX_A_JOB_STEP_LINK_MOVE]) {
		st->kind = STEP_LINK_MOVE;
		return job_move(tb[NSBOX_A_JOB_STEP_LINK_MOVE], tb[NSBOX_A_JOB_STEP_PEER_FD], del,
				&st->move);
	}

	if (tb[NSBOX_A_JOB_STEP_ADDR]) {
		st->kind = STEP_ADDR;
		st->addr.del = del;
		return job_addr(tb[NSBOX_A_JOB_STEP_ADDR], &st->addr);
	}
	if (tb[NSBOX_A_JOB_STEP_ROUTE]) {
		st->kind = STEP_ROUTE;
		st->route.del = del;
		return job_route(tb[NSBOX_A_JOB_STEP_ROUTE], &st->route);
	}
	if (tb[NSBOX_A_JOB_STEP_NEIGH]) {
		st->kind = STEP_NEIGH;
		st->neigh.del = del;
		return job_neigh(tb[NSBOX_A_JOB_STEP_NEIGH], &st->neigh);
	}
	if (del)
		return -1;
	if (tb[NSBOX_A_JOB_STEP_SYSCTL]) {
		st->kind = STEP_SYSCTL;
		return job_sysctl(tb[NSBOX_A_JOB_STEP_SYSCTL], &st->sysctl);
	}
	if (tb[NSBOX_A_JOB_STEP_LINK]) {
		st->kind = STEP_LINK;
		return job_link(tb[NSBOX_A_JOB_STEP_LINK], tb[NSBOX_A_JOB_STEP_PEER_FD],
				&st->link);
	}
	if (tb[NSBOX_A_JOB_STEP_LINK_DEL]) {
		st->kind = STEP_LINK_DEL;
		return job_ifname(tb[NSBOX_A_JOB_STEP_LINK_DEL], st->ifname);
	}
	if (tb[NSBOX_A_JOB_STEP_LINK_SET]) {
		st->kind = STEP_LINK_SET;
		return job_link_set(tb[NSBOX_A_JOB_STEP_LINK_SET], &st->set);
	}
	if (nsnl_attr_len(tb[NSBOX_A_JOB_STEP_NOIPV6]))
		return -1;
	st->kind = STEP_NOIPV6;
	return 0;
}

int job_steps(const struct job *job, struct steps *steps)
{
	const struct nlattr *nla;
	struct nlattr *attrs;
	size_t len, rem;
	unsigned int n = 0;

	steps->n = 0;
	attrs = nsnl_msg_attrs(job->nlh, GENL_HDRLEN, &len);
	nsnl_for_each_attr(nla, attrs, len, rem)
		n += nsnl_attr_type(nla) == NSBOX_A_REPORT_JOB_STEP;
	steps->v = calloc(n ? n : 1, sizeof(*steps->v));
	if (!steps->v)
		return -1;
	nsnl_for_each_attr(nla, attrs, len, rem) {
		if (nsnl_attr_type(nla) != NSBOX_A_REPORT_JOB_STEP)
			continue;
		if (job_step(nla, &steps->v[steps->n]))
			goto bad;
		steps->n++;
	}
	return 0;
bad:
	steps_free(steps);
	return -1;
}

void steps_free(struct steps *steps)
{
	free(steps->v);
	steps->v = NULL;
	steps->n = 0;
}

/*
 * A job's message, checked: the module's, with whole attributes and the
 * run's own token.
 */
int job_check(const struct job *job, uint16_t family, uint8_t cmd, uint64_t *token)
{
	const struct nlattr *tb[NSBOX_A_REPORT_MAX + 1];
	const struct nlmsghdr *nlh = job->nlh;
	const struct genlmsghdr *genl = NLMSG_DATA(nlh);
	struct nlattr *attrs;
	uint64_t t;
	size_t len;

	if (nlh->nlmsg_type != family || nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN) ||
	    genl->cmd != cmd)
		return -1;
	attrs = nsnl_msg_attrs(nlh, GENL_HDRLEN, &len);
	if (nsnl_parse(attrs, len, tb, NSBOX_A_REPORT_MAX) ||
	    nsnl_get_u64(tb[NSBOX_A_REPORT_TOKEN], &t) || !t || (*token && t != *token))
		return -1;
	*token = t;
	return 0;
}

/* The answer to HELPER_JOB_GET, kept: the job's strings are read from it. */
static int job_keep(const struct nlmsghdr *nlh, void *arg)
{
	struct job *job = arg;

	if (job->nlh)
		return -EPROTO;
	job->buf = malloc(nlh->nlmsg_len);
	if (!job->buf)
		return -ENOMEM;
	memcpy(job->buf, nlh, nlh->nlmsg_len);
	job->nlh = (struct nlmsghdr *)job->buf;
	return 0;
}

int job_fetch(int sock, uint16_t family, uint64_t token, struct job *job)
{
	char buf[NLMSG_LENGTH(GENL_HDRLEN) + NLA_HDRLEN + sizeof(uint64_t)];
	struct nsnl_msg m;
	int err;

	memset(job, 0, sizeof(*job));
	nsnl_genl_init(&m, buf, sizeof(buf), family, 0, NSBOX_CMD_HELPER_JOB_GET,
		     NSBOX_GENL_VERSION);
	nsnl_put_u64(&m, NSBOX_A_REPORT_TOKEN, token);
	err = nsnl_talk(sock, &m, job_keep, job);
	if (!err && !job->nlh)
		err = -EPROTO;
	if (!err && job_check(job, family, NSBOX_CMD_HELPER_JOB_GET, &token))
		err = -EPROTO;
	if (err)
		job_free(job);
	return err;
}

void job_free(struct job *job)
{
	free(job->buf);
	job->buf = NULL;
	job->nlh = NULL;
}
