// SPDX-License-Identifier: GPL-2.0
/*
 * Raw rtnetlink requests of nsbox-helper.
 *
 * Every request carries NLM_F_ACK and is waited for: the ACK's error is the
 * errno the module will hand to its requester, and once it has arrived the
 * change is in place, so the next step can rely on it without any polling.
 * Links are named, not indexed, in requests that accept a name: the names
 * come from the module and are what a later step refers to.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/ipv6_route.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/nsbox.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "nsnl.h"
#include "rtnl.h"

/* Requests are small and bounded: a veth with its peer is the largest. */
#define NLBUF_SIZE	1024

struct nlbuf {
	struct nsnl_msg	m;
	union {
		struct nlmsghdr	nlh;
		char		raw[NLBUF_SIZE];
	};
};

/* Starts a request and returns its zeroed family header of @hdrlen bytes. */
static void *nl_init(struct nlbuf *b, uint16_t type, uint16_t flags, size_t hdrlen)
{
	return nsnl_msg_init(&b->m, b->raw, sizeof(b->raw), type, flags, hdrlen);
}

int rtnl_open(struct rtnl *rt)
{
	rt->fd = nsnl_open(NETLINK_ROUTE);
	return rt->fd < 0 ? rt->fd : 0;
}

void rtnl_close(struct rtnl *rt)
{
	if (rt->fd >= 0)
		close(rt->fd);
	rt->fd = -1;
}

/* A GET's reply, before its ACK: the first @len bytes of its payload. */
struct rtnl_reply {
	void	*buf;
	size_t	len;
	bool	got;
};

static int rtnl_keep(const struct nlmsghdr *nlh, void *arg)
{
	struct rtnl_reply *r = arg;

	if (!r->got && nlh->nlmsg_len >= NLMSG_LENGTH(r->len)) {
		memcpy(r->buf, NLMSG_DATA(nlh), r->len);
		r->got = true;
	}
	return 0;
}

/*
 * Sends the request and returns the error of its ACK; a GET's reply comes
 * before it and goes to @reply (@len bytes).
 */
static int rtnl_talk(struct rtnl *rt, struct nlbuf *b, void *reply, size_t len)
{
	struct rtnl_reply r = { .buf = reply, .len = len };
	int err;

	err = nsnl_talk(rt->fd, &b->m, reply ? rtnl_keep : NULL, &r);
	if (!err && reply && !r.got)
		return -EPROTO;
	return err;
}

int rtnl_link_index(struct rtnl *rt, const char *ifname)
{
	struct nlbuf b;
	struct ifinfomsg reply;
	int err;

	nl_init(&b, RTM_GETLINK, 0, sizeof(struct ifinfomsg));
	nsnl_put_u32(&b.m, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	nsnl_put_str(&b.m, IFLA_IFNAME, ifname);
	err = rtnl_talk(rt, &b, &reply, sizeof(reply));
	return err ? err : reply.ifi_index;
}

/* Sets one u32 attribute of a link, e.g. IFLA_MTU or IFLA_TXQLEN. */
int rtnl_link_set_u32(struct rtnl *rt, const char *ifname, uint16_t attr, uint32_t val)
{
	struct nlbuf b;

	nl_init(&b, RTM_SETLINK, 0, sizeof(struct ifinfomsg));
	nsnl_put_str(&b.m, IFLA_IFNAME, ifname);
	nsnl_put_u32(&b.m, attr, val);
	return rtnl_talk(rt, &b, NULL, 0);
}

int rtnl_link_updown(struct rtnl *rt, const char *ifname, bool up)
{
	struct nlbuf b;
	struct ifinfomsg *ifi;

	ifi = nl_init(&b, RTM_SETLINK, 0, sizeof(*ifi));
	ifi->ifi_flags = up ? IFF_UP : 0;
	ifi->ifi_change = IFF_UP;
	nsnl_put_str(&b.m, IFLA_IFNAME, ifname);
	return rtnl_talk(rt, &b, NULL, 0);
}

int rtnl_link_up(struct rtnl *rt, const char *ifname)
{
	return rtnl_link_updown(rt, ifname, true);
}

/* Renames a link, which must be down (a new one is). */
int rtnl_link_rename(struct rtnl *rt, const char *ifname, const char *newname)
{
	struct ifinfomsg *ifi;
	struct nlbuf b;
	int index;

	index = rtnl_link_index(rt, ifname);
	if (index < 0)
		return index;
	ifi = nl_init(&b, RTM_SETLINK, 0, sizeof(*ifi));
	ifi->ifi_index = index;
	nsnl_put_str(&b.m, IFLA_IFNAME, newname);
	return rtnl_talk(rt, &b, NULL, 0);
}

int rtnl_link_set_addr(struct rtnl *rt, const char *ifname, const unsigned char *mac)
{
	struct nlbuf b;

	nl_init(&b, RTM_SETLINK, 0, sizeof(struct ifinfomsg));
	nsnl_put_str(&b.m, IFLA_IFNAME, ifname);
	nsnl_put(&b.m, IFLA_ADDRESS, mac, 6);
	return rtnl_talk(rt, &b, NULL, 0);
}

/* RTM_GETLINK's answer, read into a struct rtnl_link_state. */
static int rtnl_keep_link(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[IFLA_MAX + 1];
	struct rtnl_link_state *st = arg;
	const struct ifinfomsg *ifi;
	struct nlattr *attrs;
	size_t len;

	if (nlh->nlmsg_type != RTM_NEWLINK || st->ifindex ||
	    nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
		return 0;
	ifi = NLMSG_DATA(nlh);
	attrs = nsnl_msg_attrs(nlh, sizeof(*ifi), &len);
	if (nsnl_parse(attrs, len, tb, IFLA_MAX) ||
	    nsnl_get_u32(tb[IFLA_MTU], &st->mtu) ||
	    nsnl_get_u32(tb[IFLA_TXQLEN], &st->txqlen))
		return -EPROTO;
	if (tb[IFLA_MASTER] && nsnl_get_u32(tb[IFLA_MASTER], &st->master))
		return -EPROTO;
	if (tb[IFLA_ADDRESS] && nsnl_attr_len(tb[IFLA_ADDRESS]) == 6) {
		memcpy(st->addr, nsnl_attr_data(tb[IFLA_ADDRESS]), 6);
		st->has_addr = true;
	}
	st->ifindex = ifi->ifi_index;
	st->flags = ifi->ifi_flags;
	return 0;
}

int rtnl_link_get(struct rtnl *rt, const char *ifname, struct rtnl_link_state *st)
{
	struct nlbuf b;
	int err;

	memset(st, 0, sizeof(*st));
	nl_init(&b, RTM_GETLINK, 0, sizeof(struct ifinfomsg));
	nsnl_put_u32(&b.m, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	nsnl_put_str(&b.m, IFLA_IFNAME, ifname);
	err = nsnl_talk(rt->fd, &b.m, rtnl_keep_link, st);
	if (!err && !st->ifindex)
		return -EPROTO;
	return err;
}

/*
 * A device of a kind that needs nothing but its name (dummy, bridge).
 * NLM_F_EXCL: an existing device of that name is an error, never reused.
 */
int rtnl_link_new(struct rtnl *rt, const char *ifname, const char *kind)
{
	struct nlattr *linkinfo;
	struct nlbuf b;

	nl_init(&b, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, sizeof(struct ifinfomsg));
	nsnl_put_str(&b.m, IFLA_IFNAME, ifname);
	linkinfo = nsnl_nest_start(&b.m, IFLA_LINKINFO);
	nsnl_put_str(&b.m, IFLA_INFO_KIND, kind);
	nsnl_nest_end(&b.m, linkinfo);
	return rtnl_talk(rt, &b, NULL, 0);
}

static size_t inet_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

/*
 * A vxlan. The kernel takes a unicast remote and a multicast group in the
 * same attribute; without a port it would use Linux's old 8472.
 */
int rtnl_vxlan_new(struct rtnl *rt, const char *ifname, const struct rtnl_vxlan *vx)
{
	bool v6 = vx->family == AF_INET6;
	size_t alen = inet_len(v6 ? AF_INET6 : AF_INET);
	struct nlattr *linkinfo, *data;
	struct nlbuf b;

	nl_init(&b, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, sizeof(struct ifinfomsg));
	nsnl_put_str(&b.m, IFLA_IFNAME, ifname);
	linkinfo = nsnl_nest_start(&b.m, IFLA_LINKINFO);
	nsnl_put_str(&b.m, IFLA_INFO_KIND, "vxlan");
	data = nsnl_nest_start(&b.m, IFLA_INFO_DATA);
	nsnl_put_u32(&b.m, IFLA_VXLAN_ID, vx->vni);
	if (vx->has_remote)
		nsnl_put(&b.m, v6 ? IFLA_VXLAN_GROUP6 : IFLA_VXLAN_GROUP, vx->remote, alen);
	if (vx->has_local)
		nsnl_put(&b.m, v6 ? IFLA_VXLAN_LOCAL6 : IFLA_VXLAN_LOCAL, vx->local, alen);
	nsnl_put(&b.m, IFLA_VXLAN_PORT, &(uint16_t){ htons(vx->port) }, sizeof(uint16_t));
	if (vx->link)
		nsnl_put_u32(&b.m, IFLA_VXLAN_LINK, vx->link);
	nsnl_nest_end(&b.m, data);
	nsnl_nest_end(&b.m, linkinfo);
	return rtnl_talk(rt, &b, NULL, 0);
}

int rtnl_link_del(struct rtnl *rt, const char *ifname)
{
	struct nlbuf b;

	nl_init(&b, RTM_DELLINK, 0, sizeof(struct ifinfomsg));
	nsnl_put_str(&b.m, IFLA_IFNAME, ifname);
	return rtnl_talk(rt, &b, NULL, 0);
}

/*
 * Moves link @ifindex to the namespace of @netns_fd, named @newname there:
 * as `ip link set DEV netns NS name NAME`, one request that the kernel
 * undoes whole if the name is taken there.
 */
int rtnl_link_move(struct rtnl *rt, int ifindex, int netns_fd, const char *newname)
{
	struct ifinfomsg *ifi;
	struct nlbuf b;

	ifi = nl_init(&b, RTM_SETLINK, 0, sizeof(*ifi));
	ifi->ifi_index = ifindex;
	nsnl_put_u32(&b.m, IFLA_NET_NS_FD, netns_fd);
	nsnl_put_str(&b.m, IFLA_IFNAME, newname);
	return rtnl_talk(rt, &b, NULL, 0);
}

/*
 * A veth pair; the peer goes to the namespace of @peer_netns_fd, or stays
 * beside @ifname when it is negative. NLM_F_EXCL: an existing device of
 * that name is an error, never reused.
 */
int rtnl_veth_new(struct rtnl *rt, const char *ifname, const char *peer, int peer_netns_fd)
{
	struct nlattr *linkinfo, *data, *peer_nest;
	struct nlbuf b;

	nl_init(&b, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, sizeof(struct ifinfomsg));
	nsnl_put_str(&b.m, IFLA_IFNAME, ifname);
	linkinfo = nsnl_nest_start(&b.m, IFLA_LINKINFO);
	nsnl_put_str(&b.m, IFLA_INFO_KIND, "veth");
	data = nsnl_nest_start(&b.m, IFLA_INFO_DATA);
	peer_nest = nsnl_nest_start(&b.m, VETH_INFO_PEER);
	/* the peer's own struct ifinfomsg (zeroed), then its attributes */
	nsnl_put_hdr(&b.m, sizeof(struct ifinfomsg));
	nsnl_put_str(&b.m, IFLA_IFNAME, peer);
	if (peer_netns_fd >= 0)
		nsnl_put_u32(&b.m, IFLA_NET_NS_FD, peer_netns_fd);
	nsnl_nest_end(&b.m, peer_nest);
	nsnl_nest_end(&b.m, data);
	nsnl_nest_end(&b.m, linkinfo);
	return rtnl_talk(rt, &b, NULL, 0);
}

/*
 * A macvlan, ipvlan or vlan on @parent, the ifindex of a device of @rt's
 * namespace, made in the namespace of @netns_fd. NLM_F_EXCL, as every
 * link: the name is looked up in @rt's namespace (only), never reused.
 */
int rtnl_link_new_on(struct rtnl *rt, const char *ifname, const char *kind, int netns_fd,
		     int parent, uint32_t mode, uint32_t vlan_id)
{
	struct nlattr *linkinfo, *data;
	struct nlbuf b;

	nl_init(&b, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, sizeof(struct ifinfomsg));
	nsnl_put_str(&b.m, IFLA_IFNAME, ifname);
	nsnl_put_u32(&b.m, IFLA_NET_NS_FD, netns_fd);
	nsnl_put_u32(&b.m, IFLA_LINK, parent);
	linkinfo = nsnl_nest_start(&b.m, IFLA_LINKINFO);
	nsnl_put_str(&b.m, IFLA_INFO_KIND, kind);
	data = nsnl_nest_start(&b.m, IFLA_INFO_DATA);
	if (!strcmp(kind, "macvlan")) {
		nsnl_put_u32(&b.m, IFLA_MACVLAN_MODE, mode);
	} else if (!strcmp(kind, "ipvlan")) {
		uint16_t m = mode;

		nsnl_put(&b.m, IFLA_IPVLAN_MODE, &m, sizeof(m));
	} else {
		uint16_t id = vlan_id;

		nsnl_put(&b.m, IFLA_VLAN_ID, &id, sizeof(id));
	}
	nsnl_nest_end(&b.m, data);
	nsnl_nest_end(&b.m, linkinfo);
	return rtnl_talk(rt, &b, NULL, 0);
}

/*
 * RTM_NEWADDR (replacing an existing one only if asked) or RTM_DELADDR.
 * IPv6 addresses skip duplicate address detection: they are usable as soon
 * as they are acknowledged, without a tentative phase.
 */
int rtnl_addr(struct rtnl *rt, int cmd, int ifindex, const struct inet_prefix *pfx,
	      bool replace)
{
	uint16_t flags = 0;
	size_t alen = inet_len(pfx->family);
	struct ifaddrmsg *ifa;
	struct nlbuf b;

	if (cmd == RTM_NEWADDR)
		flags = NLM_F_CREATE | (replace ? NLM_F_REPLACE : NLM_F_EXCL);
	ifa = nl_init(&b, cmd, flags, sizeof(*ifa));
	ifa->ifa_family = pfx->family;
	ifa->ifa_prefixlen = pfx->plen;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = ifindex;
	nsnl_put(&b.m, IFA_LOCAL, pfx->addr, alen);
	nsnl_put(&b.m, IFA_ADDRESS, pfx->addr, alen);
	if (cmd == RTM_NEWADDR && pfx->family == AF_INET6) {
		ifa->ifa_flags = IFA_F_NODAD;
		nsnl_put_u32(&b.m, IFA_FLAGS, IFA_F_NODAD);
	}
	return rtnl_talk(rt, &b, NULL, 0);
}

static void route_metrics(struct nlbuf *b, const struct rtnl_route *r)
{
	struct nlattr *mx;

	if (!r->mtu && !r->advmss)
		return;
	mx = nsnl_nest_start(&b->m, RTA_METRICS);
	if (r->mtu)
		nsnl_put_u32(&b->m, RTAX_MTU, r->mtu);
	if (r->advmss)
		nsnl_put_u32(&b->m, RTAX_ADVMSS, r->advmss);
	nsnl_nest_end(&b->m, mx);
}

/* RTA_MULTIPATH: a struct rtnexthop per nexthop, each with its gateway. */
static void route_multipath(struct nlbuf *b, const struct rtnl_route *r, size_t alen)
{
	struct nlattr *mp = nsnl_nest_start(&b->m, RTA_MULTIPATH);
	struct rtnexthop *rtnh;
	unsigned int i;
	size_t off;

	for (i = 0; i < r->nnh; i++) {
		rtnh = nsnl_put_hdr(&b->m, sizeof(*rtnh));
		if (!rtnh)
			return;		/* overflowed: nsnl_send() refuses it */
		off = (char *)rtnh - (char *)b->m.nlh;
		rtnh->rtnh_flags = r->onlink ? RTNH_F_ONLINK : 0;
		rtnh->rtnh_hops = r->nh[i].weight - 1;
		rtnh->rtnh_ifindex = r->nh[i].oif;
		if (r->nh[i].has_gw)
			nsnl_put(&b->m, RTA_GATEWAY, r->nh[i].gw, alen);
		rtnh = (struct rtnexthop *)((char *)b->m.nlh + off);
		rtnh->rtnh_len = b->m.nlh->nlmsg_len - off;
	}
	nsnl_nest_end(&b->m, mp);
}

/*
 * RTM_NEWROUTE or RTM_DELROUTE. A deletion carries the keys of the route
 * (destination, table, metric, type, gateway, device and nsbox's
 * protocol), so that only a route nsbox installed can match; the metrics
 * are not keys, and a multipath route is deleted whole by its keys.
 */
int rtnl_route(struct rtnl *rt, int cmd, const struct rtnl_route *r)
{
	size_t alen = inet_len(r->dst.family);
	uint32_t table = r->table ? r->table : RT_TABLE_MAIN;
	uint32_t metric = r->metric;
	uint16_t flags = 0;
	struct rtmsg *rtm;
	struct nlbuf b;

	if (cmd == RTM_NEWROUTE)
		flags = NLM_F_CREATE | (r->replace ? NLM_F_REPLACE : NLM_F_EXCL);
	/*
	 * IPv6 gives a route without a metric 1024, and takes a deletion
	 * without one to mean any metric: name it, to delete only that one.
	 */
	if (!metric && r->dst.family == AF_INET6)
		metric = IP6_RT_PRIO_USER;
	rtm = nl_init(&b, cmd, flags, sizeof(*rtm));
	rtm->rtm_family = r->dst.family;
	rtm->rtm_dst_len = r->dst.plen;
	rtm->rtm_protocol = NSBOX_RTPROT;
	rtm->rtm_type = r->type ? r->type : RTN_UNICAST;
	if (cmd == RTM_DELROUTE)
		rtm->rtm_scope = RT_SCOPE_NOWHERE;	/* any scope */
	else if (r->scope >= 0)
		rtm->rtm_scope = r->scope;
	else if (r->type || r->has_gw || r->nnh)
		rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	else
		rtm->rtm_scope = RT_SCOPE_LINK;
	if (r->onlink && !r->nnh)
		rtm->rtm_flags |= RTNH_F_ONLINK;
	/* rtm_table is a byte: larger ids go in RTA_TABLE only */
	if (table < 256) {
		rtm->rtm_table = table;
	} else {
		rtm->rtm_table = RT_TABLE_UNSPEC;
		nsnl_put_u32(&b.m, RTA_TABLE, table);
	}
	if (r->dst.plen)
		nsnl_put(&b.m, RTA_DST, r->dst.addr, alen);
	if (r->has_gw)
		nsnl_put(&b.m, RTA_GATEWAY, r->gw, alen);
	if (r->oif)
		nsnl_put_u32(&b.m, RTA_OIF, r->oif);
	if (metric)
		nsnl_put_u32(&b.m, RTA_PRIORITY, metric);
	if (r->has_src && cmd == RTM_NEWROUTE)
		nsnl_put(&b.m, RTA_PREFSRC, r->src, alen);
	if (cmd == RTM_NEWROUTE) {
		route_metrics(&b, r);
		if (r->nnh)
			route_multipath(&b, r, alen);
	}
	return rtnl_talk(rt, &b, NULL, 0);
}

/*
 * RTM_NEWNEIGH of a permanent entry (never replacing one the kernel has,
 * learnt or not), or RTM_DELNEIGH; @lladdr, 6 bytes, for an add only.
 */
int rtnl_neigh(struct rtnl *rt, int cmd, int ifindex, const struct inet_prefix *dst,
	       const unsigned char *lladdr)
{
	uint16_t flags = cmd == RTM_NEWNEIGH ? NLM_F_CREATE | NLM_F_EXCL : 0;
	struct ndmsg *ndm;
	struct nlbuf b;

	ndm = nl_init(&b, cmd, flags, sizeof(*ndm));
	ndm->ndm_family = dst->family;
	ndm->ndm_ifindex = ifindex;
	ndm->ndm_state = NUD_PERMANENT;
	nsnl_put(&b.m, NDA_DST, dst->addr, inet_len(dst->family));
	if (cmd == RTM_NEWNEIGH)
		nsnl_put(&b.m, NDA_LLADDR, lladdr, 6);
	return rtnl_talk(rt, &b, NULL, 0);
}
