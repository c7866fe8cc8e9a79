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
#include <linux/netlink.h>
#include <linux/nsbox.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "rtnl.h"

#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK	10
#endif

/* Requests are small and bounded: a veth with its peer is the largest. */
#define NLBUF_SIZE	1024

struct nlbuf {
	union {
		struct nlmsghdr	nlh;
		char		raw[NLBUF_SIZE];
	};
	bool	overflow;
};

/* Starts a request and returns its zeroed family header of @hdrlen bytes. */
static void *nl_init(struct nlbuf *b, uint16_t type, uint16_t flags, size_t hdrlen)
{
	memset(b, 0, sizeof(*b));
	b->nlh.nlmsg_len = NLMSG_LENGTH(hdrlen);
	b->nlh.nlmsg_type = type;
	b->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	return NLMSG_DATA(&b->nlh);
}

static struct nlattr *nl_put(struct nlbuf *b, uint16_t type, const void *data, size_t len)
{
	size_t off = NLMSG_ALIGN(b->nlh.nlmsg_len);
	struct nlattr *nla = (struct nlattr *)(b->raw + off);

	if (off + NLA_ALIGN(NLA_HDRLEN + len) > sizeof(b->raw)) {
		b->overflow = true;
		return NULL;
	}
	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)nla + NLA_HDRLEN, data, len);
	b->nlh.nlmsg_len = off + NLA_ALIGN(nla->nla_len);
	return nla;
}

static void nl_put_u32(struct nlbuf *b, uint16_t type, uint32_t val)
{
	nl_put(b, type, &val, sizeof(val));
}

static void nl_put_str(struct nlbuf *b, uint16_t type, const char *s)
{
	nl_put(b, type, s, strlen(s) + 1);
}

/*
 * Reserves the bare header of a nested payload (VETH_INFO_PEER's struct
 * ifinfomsg); nl_init() zeroed the whole buffer, so it is zeroed too.
 */
static void *nl_put_hdr(struct nlbuf *b, size_t len)
{
	size_t off = NLMSG_ALIGN(b->nlh.nlmsg_len);

	if (off + NLMSG_ALIGN(len) > sizeof(b->raw)) {
		b->overflow = true;
		return NULL;
	}
	b->nlh.nlmsg_len = off + NLMSG_ALIGN(len);
	return b->raw + off;
}

static struct nlattr *nl_nest(struct nlbuf *b, uint16_t type)
{
	return nl_put(b, type | NLA_F_NESTED, NULL, 0);
}

static void nl_nest_end(struct nlbuf *b, struct nlattr *nest)
{
	if (nest)
		nest->nla_len = b->raw + b->nlh.nlmsg_len - (char *)nest;
}

int rtnl_open(struct rtnl *rt)
{
	int one = 1;

	rt->seq = 0;
	rt->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (rt->fd < 0)
		return -errno;
	/* only the error matters in an ACK, not the echoed request */
	setsockopt(rt->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	return 0;
}

void rtnl_close(struct rtnl *rt)
{
	if (rt->fd >= 0)
		close(rt->fd);
	rt->fd = -1;
}

static int rtnl_send(struct rtnl *rt, struct nlbuf *b)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	if (b->overflow)
		return -EMSGSIZE;
	b->nlh.nlmsg_seq = ++rt->seq;
	if (sendto(rt->fd, b->raw, b->nlh.nlmsg_len, 0,
		   (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return -errno;
	return 0;
}

/*
 * Receives until the ACK of the request last sent and returns its error.
 * A reply to a GET request comes before its ACK; the first @len bytes of
 * its payload (the family header) are copied to @reply.
 */
static int rtnl_wait(struct rtnl *rt, void *reply, size_t len)
{
	static union {
		struct nlmsghdr	nlh;
		char		raw[32768];
	} rbuf;
	struct sockaddr_nl from;
	struct iovec iov = { .iov_base = rbuf.raw, .iov_len = sizeof(rbuf.raw) };
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	bool replied = false;

	for (;;) {
		struct nlmsghdr *nlh = &rbuf.nlh;
		ssize_t n;

		msg.msg_namelen = sizeof(from);
		n = recvmsg(rt->fd, &msg, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (msg.msg_flags & MSG_TRUNC)
			return -EMSGSIZE;
		/* only the kernel speaks here */
		if (from.nl_pid != 0)
			continue;

		for (; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != rt->seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nlh);

				if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
					return -EPROTO;
				if (!e->error && reply && !replied)
					return -EPROTO;
				return e->error;
			}
			if (reply && !replied && nlh->nlmsg_len >= NLMSG_LENGTH(len)) {
				memcpy(reply, NLMSG_DATA(nlh), len);
				replied = true;
			}
		}
	}
}

static int rtnl_talk(struct rtnl *rt, struct nlbuf *b, void *reply, size_t len)
{
	int err = rtnl_send(rt, b);

	return err ? err : rtnl_wait(rt, reply, len);
}

int rtnl_link_index(struct rtnl *rt, const char *ifname)
{
	struct nlbuf b;
	struct ifinfomsg reply;
	int err;

	nl_init(&b, RTM_GETLINK, 0, sizeof(struct ifinfomsg));
	nl_put_u32(&b, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	nl_put_str(&b, IFLA_IFNAME, ifname);
	err = rtnl_talk(rt, &b, &reply, sizeof(reply));
	return err ? err : reply.ifi_index;
}

/* Sets one u32 attribute of a link, e.g. IFLA_MTU or IFLA_TXQLEN. */
int rtnl_link_set_u32(struct rtnl *rt, const char *ifname, uint16_t attr, uint32_t val)
{
	struct nlbuf b;

	nl_init(&b, RTM_SETLINK, 0, sizeof(struct ifinfomsg));
	nl_put_str(&b, IFLA_IFNAME, ifname);
	nl_put_u32(&b, attr, val);
	return rtnl_talk(rt, &b, NULL, 0);
}

int rtnl_link_up(struct rtnl *rt, const char *ifname)
{
	struct nlbuf b;
	struct ifinfomsg *ifi;

	ifi = nl_init(&b, RTM_SETLINK, 0, sizeof(*ifi));
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	nl_put_str(&b, IFLA_IFNAME, ifname);
	return rtnl_talk(rt, &b, NULL, 0);
}

int rtnl_link_del(struct rtnl *rt, const char *ifname)
{
	struct nlbuf b;

	nl_init(&b, RTM_DELLINK, 0, sizeof(struct ifinfomsg));
	nl_put_str(&b, IFLA_IFNAME, ifname);
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
	nl_put_str(&b, IFLA_IFNAME, ifname);
	linkinfo = nl_nest(&b, IFLA_LINKINFO);
	nl_put_str(&b, IFLA_INFO_KIND, "veth");
	data = nl_nest(&b, IFLA_INFO_DATA);
	peer_nest = nl_nest(&b, VETH_INFO_PEER);
	/* the peer's own struct ifinfomsg (zeroed), then its attributes */
	nl_put_hdr(&b, sizeof(struct ifinfomsg));
	nl_put_str(&b, IFLA_IFNAME, peer);
	if (peer_netns_fd >= 0)
		nl_put_u32(&b, IFLA_NET_NS_FD, peer_netns_fd);
	nl_nest_end(&b, peer_nest);
	nl_nest_end(&b, data);
	nl_nest_end(&b, linkinfo);
	return rtnl_talk(rt, &b, NULL, 0);
}

static size_t inet_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

/*
 * RTM_NEWADDR (never replacing an existing one) or RTM_DELADDR. IPv6
 * addresses skip duplicate address detection: they are usable as soon as
 * they are acknowledged, without a tentative phase.
 */
int rtnl_addr(struct rtnl *rt, int cmd, int ifindex, const struct inet_prefix *pfx)
{
	uint16_t flags = cmd == RTM_NEWADDR ? NLM_F_CREATE | NLM_F_EXCL : 0;
	size_t alen = inet_len(pfx->family);
	struct ifaddrmsg *ifa;
	struct nlbuf b;

	ifa = nl_init(&b, cmd, flags, sizeof(*ifa));
	ifa->ifa_family = pfx->family;
	ifa->ifa_prefixlen = pfx->plen;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = ifindex;
	nl_put(&b, IFA_LOCAL, pfx->addr, alen);
	nl_put(&b, IFA_ADDRESS, pfx->addr, alen);
	if (cmd == RTM_NEWADDR && pfx->family == AF_INET6) {
		ifa->ifa_flags = IFA_F_NODAD;
		nl_put_u32(&b, IFA_FLAGS, IFA_F_NODAD);
	}
	return rtnl_talk(rt, &b, NULL, 0);
}

static void route_metrics(struct nlbuf *b, const struct rtnl_route *r)
{
	struct nlattr *mx;

	if (!r->mtu && !r->advmss)
		return;
	mx = nl_nest(b, RTA_METRICS);
	if (r->mtu)
		nl_put_u32(b, RTAX_MTU, r->mtu);
	if (r->advmss)
		nl_put_u32(b, RTAX_ADVMSS, r->advmss);
	nl_nest_end(b, mx);
}

/*
 * RTM_NEWROUTE or RTM_DELROUTE. A deletion carries the keys of the route
 * (destination, table, metric, gateway, device and nsbox's protocol), so
 * that only a route nsbox installed can match; the metrics are not keys.
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
	rtm->rtm_type = RTN_UNICAST;
	if (cmd == RTM_DELROUTE)
		rtm->rtm_scope = RT_SCOPE_NOWHERE;	/* any scope */
	else
		rtm->rtm_scope = r->has_gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	/* rtm_table is a byte: larger ids go in RTA_TABLE only */
	if (table < 256) {
		rtm->rtm_table = table;
	} else {
		rtm->rtm_table = RT_TABLE_UNSPEC;
		nl_put_u32(&b, RTA_TABLE, table);
	}
	if (r->dst.plen)
		nl_put(&b, RTA_DST, r->dst.addr, alen);
	if (r->has_gw)
		nl_put(&b, RTA_GATEWAY, r->gw, alen);
	if (r->oif)
		nl_put_u32(&b, RTA_OIF, r->oif);
	if (metric)
		nl_put_u32(&b, RTA_PRIORITY, metric);
	if (cmd == RTM_NEWROUTE)
		route_metrics(&b, r);
	return rtnl_talk(rt, &b, NULL, 0);
}
