/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Links, addresses and routes of a sandbox (NSBOX_A_LINK_*, NSBOX_A_ADDR_*,
 * NSBOX_A_ROUTE_*). One structure each serves both ways: what a request
 * asks for, parsed from the command line, and what a reply reports, parsed
 * from the kernel's attributes. Its have member records which attributes
 * are set, so that a request carries exactly what was asked for and a
 * printout shows exactly what the kernel sent.
 */
#ifndef NSBOX_NETCFG_H
#define NSBOX_NETCFG_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include <netlink/netlink.h>

#include <linux/nsbox.h>

#include "json.h"
#include "nsbox.h"

#define NET_BIT(attr)		(1u << (attr))
#define NET_HAS(x, attr)	((x)->have & NET_BIT(attr))

struct nsbox_link {
	uint32_t have;		/* NET_BIT(NSBOX_A_LINK_*) of the members set */
	char sandbox[NSBOX_NAME_MAX + 1];	/* events only */
	char ifname[IFNAMSIZ];
	uint32_t type;		/* enum nsbox_link_type */
	uint32_t flags;		/* enum nsbox_link_flags */
	uint32_t mtu;
	uint32_t txqueuelen;
	uint32_t owner;
	uint32_t group;
	char peer_ifname[IFNAMSIZ];
	char peer_sandbox[NSBOX_NAME_MAX + 1];
	uint32_t ifindex;	/* replies */
	uint32_t operstate;	/* replies: IF_OPER_* */
	uint32_t dev_flags;	/* replies: IFF_* */
	uint8_t address[6];	/* MAC */
	char master[IFNAMSIZ];
	uint8_t up;		/* link set: NSBOX_A_LINK_UP; nomaster is a have bit */
	char parent[IFNAMSIZ];	/* macvlan, ipvlan, vlan: a device of the host */
	uint32_t mode;		/* enum nsbox_link_mode */
	uint32_t vlan_id;
	char host_ifname[IFNAMSIZ];	/* host links: the name on the host */
	/* vxlan: NSBOX_A_LINK_REMOTE or _VXLAN_GROUP, _LOCAL, of vx_family */
	uint32_t vni;
	int vx_family;
	uint8_t vx_remote[16];
	uint8_t vx_local[16];
	uint32_t port;
	char underlay[IFNAMSIZ];
};

struct nsbox_addr {
	uint32_t have;		/* NET_BIT(NSBOX_A_ADDR_*) */
	char ifname[IFNAMSIZ];
	int family;		/* AF_INET or AF_INET6, from the address's length */
	uint8_t address[16];
	uint8_t prefixlen;
	/* NET_HAS(a, NSBOX_A_ADDR_REPLACE): replace */
};

struct nsbox_route {
	uint32_t have;		/* NET_BIT(NSBOX_A_ROUTE_*) */
	int family;		/* of dst and gateway */
	uint8_t dst[16];
	uint8_t dst_len;
	uint8_t gateway[16];
	char ifname[IFNAMSIZ];
	uint32_t mtu;
	uint32_t advmss;
	uint32_t metric;
	uint32_t table;
	/* NET_HAS(r, NSBOX_A_ROUTE_REPLACE): replace; _ONLINK: onlink */
	uint8_t src[16];
	uint8_t scope;
	uint32_t type;		/* enum nsbox_route_type */
	struct {
		bool has_gw, has_weight;
		uint8_t gateway[16];
		char ifname[IFNAMSIZ];	/* "" for none */
		uint32_t weight;
	} nh[8];		/* NSBOX_A_ROUTE_NEXTHOP: a multipath route's */
	unsigned int nnh;
};

struct nsbox_sysctl {
	uint32_t have;		/* NET_BIT(NSBOX_A_SYSCTL_*) */
	char key[NSBOX_SYSCTL_KEY_MAX + 1];
	char value[NSBOX_SYSCTL_VALUE_MAX + 1];
};

struct nsbox_neigh {
	uint32_t have;		/* NET_BIT(NSBOX_A_NEIGH_*) */
	char ifname[IFNAMSIZ];
	int family;		/* AF_INET or AF_INET6, from the address's length */
	uint8_t address[16];
	uint8_t lladdr[6];
};

/*
 * Parse the grammar of one object from the command line, argv[0] being its
 * first word (DEV for a link, PREFIX for an address, PREFIX or default for
 * a route):
 *
 *   DEV type { tun | tap } [ mtu N ] [ txqueuelen N ] [ multi_queue ]
 *       [ vnet_hdr ] [ pi ] [ owner UID ] [ group GID ]
 *   DEV type veth peer PEERDEV [ sandbox OTHER ] [ mtu N ] [ txqueuelen N ]
 *   DEV type { dummy | bridge } [ mtu N ] [ txqueuelen N ]
 *   DEV type { macvlan | ipvlan } parent PDEV [ mode MODE ] [ mtu N ] [ txqueuelen N ]
 *   DEV type vlan parent PDEV id N [ mtu N ] [ txqueuelen N ]
 *       and for all but tun and ipvlan: [ address MAC ], all but tun, bridge
 *       and ipvlan: [ master BR ]
 *   PREFIX dev DEV [ replace ]
 *   { PREFIX | default } [ via ADDR ] [ dev DEV ] [ mtu N ] [ advmss N ]
 *       [ metric N ] [ table N ] [ replace ]
 *   ADDR [ lladdr MAC ] dev DEV		(a neighbour; lladdr if need_ll)
 *
 * With all, every word must belong to it; otherwise parsing stops at the
 * first word that does not (the next clause of sandbox add). Returns the
 * number of words used, or -1 after a one-line error starting with what
 * (a usage error: the caller returns NSBOX_EXIT_USAGE).
 */
int link_parse_args(struct nsbox_ctx *ctx, const char *what, int argc, char **argv,
		    bool all, struct nsbox_link *l);
/*
 * The changes of link set, argv[0] being DEV:
 *   DEV { up | down | mtu N | txqueuelen N | address MAC | master BR | nomaster }...
 * Returns 0, or -1 after a one-line error starting with what.
 */
int link_set_parse_args(struct nsbox_ctx *ctx, const char *what, int argc, char **argv,
			struct nsbox_link *l);
int addr_parse_args(struct nsbox_ctx *ctx, const char *what, int argc, char **argv,
		    bool all, struct nsbox_addr *a);
int route_parse_args(struct nsbox_ctx *ctx, const char *what, int argc, char **argv,
		     bool all, struct nsbox_route *r);
int neigh_parse_args(struct nsbox_ctx *ctx, const char *what, int argc, char **argv,
		     bool all, bool need_ll, struct nsbox_neigh *n);

/*
 * A sysctl from KEY and VALUE, or from KEY=VALUE when value is NULL; only
 * the syntax (the kernel has the allow-list). 0, or -1 after an error.
 */
int sysctl_parse(struct nsbox_ctx *ctx, const char *what, const char *key, const char *value,
		 struct nsbox_sysctl *s);

/* Whether name can be an interface's: NULL, or why not, in a few words. */
const char *ifname_invalid(const char *name);

/* Put the members that are set, but the sandbox; negative if msg is full. */
int link_put(struct nl_msg *msg, const struct nsbox_link *l);
int addr_put(struct nl_msg *msg, const struct nsbox_addr *a);
int route_put(struct nl_msg *msg, const struct nsbox_route *r);
int sysctl_put(struct nl_msg *msg, const struct nsbox_sysctl *s);
int neigh_put(struct nl_msg *msg, const struct nsbox_neigh *n);

/* The same as a nest of type attr (NSBOX_A_SANDBOX_LINK, ...). */
int link_put_nest(struct nl_msg *msg, int attr, const struct nsbox_link *l);
int addr_put_nest(struct nl_msg *msg, int attr, const struct nsbox_addr *a);
int route_put_nest(struct nl_msg *msg, int attr, const struct nsbox_route *r);
int sysctl_put_nest(struct nl_msg *msg, int attr, const struct nsbox_sysctl *s);
int neigh_put_nest(struct nl_msg *msg, int attr, const struct nsbox_neigh *n);

/* From a nest of a reply; -EBADMSG if malformed. */
int link_parse_nest(struct nlattr *nest, struct nsbox_link *l);
int addr_parse_nest(struct nlattr *nest, struct nsbox_addr *a);
int route_parse_nest(struct nlattr *nest, struct nsbox_route *r);
int sysctl_parse_nest(struct nlattr *nest, struct nsbox_sysctl *s);
int neigh_parse_nest(struct nlattr *nest, struct nsbox_neigh *n);

/* A link event (NSBOX_CMD_LINK_*_NTF), sandbox included; -EBADMSG if malformed. */
int link_parse_msg(struct nl_msg *msg, struct nsbox_link *l);

const char *link_type_name(uint32_t type, char *buf, size_t size);
const char *link_mode_name(uint32_t mode, char *buf, size_t size);

/* "10.0.0.1/24"; buf must hold NET_PREFIX_STRLEN */
#define NET_PREFIX_STRLEN	(46 + 4)
const char *addr_str(const struct nsbox_addr *a, char *buf);

/* "02:00:00:00:00:01"; buf must hold 18 */
const char *mac_str(const uint8_t *mac, char *buf);

/*
 * One link and the addresses on it: in text "SEP link DEV ifindex N type
 * ... state S addr P ...", in JSON an object of the links array.
 */
void link_print(struct output *out, const struct nsbox_link *l,
		const struct nsbox_addr *addrs, size_t naddrs, const char *sep);

/* One route: "SEP route DST via GW dev DEV ..." or an object of routes. */
void route_print(struct output *out, const struct nsbox_route *r, const char *sep);

/* An address on a device nsbox did not make: "SEP addr P dev DEV". */
void addr_print(struct output *out, const struct nsbox_addr *a, const char *sep);

/* "SEP sysctl KEY=VALUE" (quoted if it has a blank), or {"key", "value"}. */
void sysctl_print(struct output *out, const struct nsbox_sysctl *s, const char *sep);

/* "SEP neigh ADDR lladdr MAC dev DEV", or {"dst", "lladdr", "dev"}. */
void neigh_print(struct output *out, const struct nsbox_neigh *n, const char *sep);

/*
 * The attribute nla of a request for cmd, inside the nest outer if not
 * NULL, in the words of the command line with the value sent: "mtu 70000",
 * "route via 10.0.0.1" (a clause of sandbox add). "" if it has no word.
 */
void nsbox_attr_describe(uint8_t cmd, const struct nlattr *outer, const struct nlattr *nla,
			 char *buf, size_t size);

#endif /* NSBOX_NETCFG_H */
