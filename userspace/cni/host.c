// SPDX-License-Identifier: GPL-2.0
/*
 * The host's side of a pod's veth, which is not in any sandbox: the bridge
 * its host end joins (made when missing, as the reference bridge plugin
 * does), the gateway address on that bridge, and in ptp mode the host
 * end's address and a route to each of the pod's addresses. Plain
 * rtnetlink requests through the netlink helper nsbox's tools share.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "cni.h"
#include "nsnl.h"

struct host_req {
	struct nsnl_msg m;
	char buf[1024] __attribute__((aligned(NLMSG_ALIGNTO)));
};

static int talk(struct host_req *r, nsnl_cb_t cb, void *arg)
{
	int fd, err;

	fd = nsnl_open(NETLINK_ROUTE);
	if (fd < 0)
		return fd;
	err = nsnl_talk(fd, &r->m, cb, arg);
	close(fd);
	return err;
}

static int link_parse(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[IFLA_MAX + 1], *li[IFLA_INFO_MAX + 1];
	const struct ifinfomsg *ifi = NLMSG_DATA(nlh);
	struct host_link *hl = arg;
	const char *kind;
	struct nlattr *head;
	size_t len;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 0;
	head = nsnl_msg_attrs(nlh, sizeof(*ifi), &len);
	if (!head || nsnl_parse(head, len, tb, IFLA_MAX))
		return -EBADMSG;
	hl->ifindex = ifi->ifi_index;
	hl->up = ifi->ifi_flags & IFF_UP;
	if (tb[IFLA_MASTER])
		nsnl_get_u32(tb[IFLA_MASTER], (uint32_t *)&hl->master);
	if (tb[IFLA_ADDRESS] && nsnl_attr_len(tb[IFLA_ADDRESS]) == 6)
		memcpy(hl->mac, nsnl_attr_data(tb[IFLA_ADDRESS]), 6);
	if (tb[IFLA_LINKINFO] && !nsnl_parse_nested(tb[IFLA_LINKINFO], li, IFLA_INFO_MAX) &&
	    li[IFLA_INFO_KIND]) {
		kind = nsnl_get_str(li[IFLA_INFO_KIND], sizeof(hl->kind));
		if (kind)
			strcpy(hl->kind, kind);
	}
	return 0;
}

int host_link_get(const char *name, struct host_link *hl)
{
	struct host_req r;
	int err;

	memset(hl, 0, sizeof(*hl));
	nsnl_msg_init(&r.m, r.buf, sizeof(r.buf), RTM_GETLINK, NLM_F_REQUEST,
		      sizeof(struct ifinfomsg));
	nsnl_put_str(&r.m, IFLA_IFNAME, name);
	err = talk(&r, link_parse, hl);
	if (!err && !hl->ifindex)
		err = -ENODEV;
	return err;
}

/* RTM_NEWLINK on an existing device (ifindex) or a new one (kind). */
static int link_new(const char *name, const char *kind, int ifindex, uint32_t mtu,
		    int master, bool up)
{
	struct ifinfomsg *ifi;
	struct nlattr *info;
	struct host_req r;

	ifi = nsnl_msg_init(&r.m, r.buf, sizeof(r.buf), RTM_NEWLINK,
			    NLM_F_REQUEST | (kind ? NLM_F_CREATE | NLM_F_EXCL : 0),
			    sizeof(*ifi));
	ifi->ifi_index = ifindex;
	if (up) {
		ifi->ifi_flags = IFF_UP;
		ifi->ifi_change = IFF_UP;
	}
	if (name)
		nsnl_put_str(&r.m, IFLA_IFNAME, name);
	if (mtu)
		nsnl_put_u32(&r.m, IFLA_MTU, mtu);
	if (master)
		nsnl_put_u32(&r.m, IFLA_MASTER, master);
	if (kind) {
		info = nsnl_nest_start(&r.m, IFLA_LINKINFO);
		nsnl_put_str(&r.m, IFLA_INFO_KIND, kind);
		nsnl_nest_end(&r.m, info);
	}
	return talk(&r, NULL, NULL);
}

int host_bridge_ensure(const char *name, uint32_t mtu, struct host_link *br, struct cni_err *e)
{
	int err;

	err = host_link_get(name, br);
	if (err == -ENODEV) {
		err = link_new(name, "bridge", 0, mtu, 0, false);
		/* another ADD made it first */
		if (err && err != -EEXIST)
			return cni_fail(e, CNI_ERR_HOST, "creating bridge %s: %s", name,
					strerror(-err));
		err = host_link_get(name, br);
	}
	if (err)
		return cni_fail(e, CNI_ERR_HOST, "bridge %s: %s", name, strerror(-err));
	if (strcmp(br->kind, "bridge"))
		return cni_fail(e, CNI_ERR_HOST, "%s exists and is not a bridge", name);
	if (!br->up) {
		err = link_new(NULL, NULL, br->ifindex, 0, 0, true);
		if (err)
			return cni_fail(e, CNI_ERR_HOST, "setting bridge %s up: %s", name,
					strerror(-err));
		br->up = true;
	}
	return 0;
}

int host_link_attach(const char *name, int master, struct cni_err *e)
{
	struct host_link hl;
	int err;

	err = host_link_get(name, &hl);
	if (!err)
		err = link_new(NULL, NULL, hl.ifindex, 0, master, true);
	if (err)
		return cni_fail(e, CNI_ERR_HOST, "%s %s: %s",
				master ? "attaching host end" : "setting up host end", name,
				strerror(-err));
	return 0;
}

int host_addr_add(int ifindex, const char *dev, int family, const uint8_t *addr,
		  uint8_t prefixlen, struct cni_err *e)
{
	size_t alen = family == AF_INET ? 4 : 16;
	struct ifaddrmsg *ifa;
	struct host_req r;
	char buf[64];
	int err;

	ifa = nsnl_msg_init(&r.m, r.buf, sizeof(r.buf), RTM_NEWADDR,
			    NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL, sizeof(*ifa));
	ifa->ifa_family = family;
	ifa->ifa_prefixlen = prefixlen;
	ifa->ifa_index = ifindex;
	nsnl_put(&r.m, IFA_LOCAL, addr, alen);
	nsnl_put(&r.m, IFA_ADDRESS, addr, alen);
	err = talk(&r, NULL, NULL);
	/* every pod of the bridge names the same gateway */
	if (err && err != -EEXIST)
		return cni_fail(e, CNI_ERR_HOST, "adding %s to %s: %s",
				cni_prefix_str(family, addr, prefixlen, buf, sizeof(buf)), dev,
				strerror(-err));
	return 0;
}

int host_route_add(int ifindex, const char *dev, int family, const uint8_t *dst,
		   uint8_t dst_len, struct cni_err *e)
{
	struct rtmsg *rtm;
	struct host_req r;
	char buf[64];
	int err;

	rtm = nsnl_msg_init(&r.m, r.buf, sizeof(r.buf), RTM_NEWROUTE,
			    NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL, sizeof(*rtm));
	rtm->rtm_family = family;
	rtm->rtm_dst_len = dst_len;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_BOOT;
	rtm->rtm_scope = RT_SCOPE_LINK;
	rtm->rtm_type = RTN_UNICAST;
	nsnl_put(&r.m, RTA_DST, dst, family == AF_INET ? 4 : 16);
	nsnl_put_u32(&r.m, RTA_OIF, ifindex);
	err = talk(&r, NULL, NULL);
	if (err)
		return cni_fail(e, CNI_ERR_HOST, "route %s dev %s: %s",
				cni_prefix_str(family, dst, dst_len, buf, sizeof(buf)), dev,
				strerror(-err));
	return 0;
}

struct route_find {
	int ifindex, family;
	const uint8_t *dst;
	uint8_t dst_len;
	bool found;
};

static int route_match(const struct nlmsghdr *nlh, void *arg)
{
	const struct rtmsg *rtm = NLMSG_DATA(nlh);
	const struct nlattr *tb[RTA_MAX + 1];
	struct route_find *f = arg;
	struct nlattr *head;
	uint32_t oif;
	size_t len;

	if (nlh->nlmsg_type != RTM_NEWROUTE || rtm->rtm_family != f->family ||
	    rtm->rtm_dst_len != f->dst_len || rtm->rtm_table != RT_TABLE_MAIN)
		return 0;
	head = nsnl_msg_attrs(nlh, sizeof(*rtm), &len);
	if (!head || nsnl_parse(head, len, tb, RTA_MAX))
		return 0;
	if (tb[RTA_DST] && nsnl_attr_len(tb[RTA_DST]) == (f->family == AF_INET ? 4u : 16u) &&
	    !memcmp(nsnl_attr_data(tb[RTA_DST]), f->dst, nsnl_attr_len(tb[RTA_DST])) &&
	    !nsnl_get_u32(tb[RTA_OIF], &oif) && (int)oif == f->ifindex)
		f->found = true;
	return 0;
}

bool host_route_present(int ifindex, int family, const uint8_t *dst, uint8_t dst_len)
{
	struct route_find f = { ifindex, family, dst, dst_len, false };
	struct rtmsg *rtm;
	struct host_req r;

	rtm = nsnl_msg_init(&r.m, r.buf, sizeof(r.buf), RTM_GETROUTE,
			    NLM_F_REQUEST | NLM_F_DUMP, sizeof(*rtm));
	rtm->rtm_family = family;
	return !talk(&r, route_match, &f) && f.found;
}

/*
 * Pods reach the world and each other through the host, as with the
 * reference plugins; written only when not on already.
 */
int host_forwarding(int family, struct cni_err *e)
{
	const char *path = family == AF_INET ? "/proc/sys/net/ipv4/ip_forward" :
			   "/proc/sys/net/ipv6/conf/all/forwarding";
	char cur = 0;
	int fd, err = 0;

	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		err = errno;
	else if ((read(fd, &cur, 1) != 1 || cur != '1') && pwrite(fd, "1", 1, 0) != 1)
		err = errno ? errno : EIO;
	if (fd >= 0)
		close(fd);
	if (err)
		return cni_fail(e, CNI_ERR_HOST, "enabling forwarding (%s): %s", path,
				strerror(err));
	return 0;
}
