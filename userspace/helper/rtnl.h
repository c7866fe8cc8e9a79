/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw rtnetlink for nsbox-helper: one request at a time, each answered by
 * the kernel's ACK, whose error is what the caller gets back (0 or -errno).
 */
#ifndef NSBOX_HELPER_RTNL_H
#define NSBOX_HELPER_RTNL_H

#include <stdbool.h>
#include <stdint.h>

struct rtnl {
	int		fd;
};

/* An address and its prefix length; also a bare address (plen unused). */
struct inet_prefix {
	int		family;		/* AF_INET or AF_INET6 */
	unsigned int	plen;
	unsigned char	addr[16];	/* 4 or 16 bytes used, network order */
};

#define RTNL_ROUTE_MAX_NEXTHOPS	8

struct rtnl_nexthop {
	bool			has_gw;
	unsigned char		gw[16];		/* the route's family */
	int			oif;		/* 0: none */
	unsigned int		weight;		/* 1 to 256 */
};

struct rtnl_route {
	struct inet_prefix	dst;
	bool			has_gw;
	unsigned char		gw[16];		/* same family as dst */
	int			oif;		/* 0: none */
	uint32_t		mtu;		/* 0: none */
	uint32_t		advmss;		/* 0: none */
	uint32_t		metric;		/* 0: the kernel's default */
	uint32_t		table;		/* 0: main */
	bool			replace;
	bool			has_src;
	unsigned char		src[16];	/* preferred source, same family */
	bool			onlink;
	int			scope;		/* RT_SCOPE_*, -1: from the gateway */
	unsigned char		type;		/* RTN_*, 0: unicast */
	unsigned int		nnh;		/* multipath: nh[] used */
	struct rtnl_nexthop	nh[RTNL_ROUTE_MAX_NEXTHOPS];
};

/* What a link-set may change of a link, as RTM_GETLINK reports it. */
struct rtnl_link_state {
	int		ifindex;
	unsigned int	flags;		/* IFF_* */
	uint32_t	mtu;
	uint32_t	txqlen;
	bool		has_addr;
	unsigned char	addr[6];
	uint32_t	master;		/* ifindex, 0 for none */
};

int rtnl_open(struct rtnl *rt);
void rtnl_close(struct rtnl *rt);

int rtnl_link_index(struct rtnl *rt, const char *ifname);
int rtnl_link_set_u32(struct rtnl *rt, const char *ifname, uint16_t attr, uint32_t val);
int rtnl_link_up(struct rtnl *rt, const char *ifname);
int rtnl_link_updown(struct rtnl *rt, const char *ifname, bool up);
int rtnl_link_set_addr(struct rtnl *rt, const char *ifname, const unsigned char *mac);
int rtnl_link_get(struct rtnl *rt, const char *ifname, struct rtnl_link_state *st);
int rtnl_link_new(struct rtnl *rt, const char *ifname, const char *kind);
int rtnl_link_rename(struct rtnl *rt, const char *ifname, const char *newname);
int rtnl_link_new_on(struct rtnl *rt, const char *ifname, const char *kind, int netns_fd,
		     int parent, uint32_t mode, uint32_t vlan_id);
int rtnl_link_del(struct rtnl *rt, const char *ifname);

/* A vxlan: its VNI, remote or group, local, UDP port and underlay. */
struct rtnl_vxlan {
	uint32_t	vni;
	int		family;		/* of remote and local; 0 for neither */
	bool		has_remote, has_local;
	unsigned char	remote[16];	/* unicast remote or multicast group */
	unsigned char	local[16];
	uint16_t	port;		/* host order */
	int		link;		/* underlay ifindex, 0 for none */
};

int rtnl_vxlan_new(struct rtnl *rt, const char *ifname, const struct rtnl_vxlan *vx);
int rtnl_link_move(struct rtnl *rt, int ifindex, int netns_fd, const char *newname);
int rtnl_veth_new(struct rtnl *rt, const char *ifname, const char *peer, int peer_netns_fd);
int rtnl_addr(struct rtnl *rt, int cmd, int ifindex, const struct inet_prefix *pfx,
	      bool replace);
int rtnl_route(struct rtnl *rt, int cmd, const struct rtnl_route *r);
int rtnl_neigh(struct rtnl *rt, int cmd, int ifindex, const struct inet_prefix *dst,
	       const unsigned char *lladdr);

#endif /* NSBOX_HELPER_RTNL_H */
