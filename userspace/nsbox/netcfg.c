// SPDX-License-Identifier: GPL-2.0
/*
 * Links, addresses, routes, sysctls and neighbours: their command-line
 * grammar, their netlink attributes both ways, and their output. Only the syntax is checked here
 * (numbers, addresses, prefix lengths, interface names, the family of a
 * gateway); the kernel validates everything again and decides the rest
 * (MTU ranges, whether a gateway is reachable, what already exists).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/genl/genl.h>

#include "ids.h"
#include "netcfg.h"
#include "util.h"

static const struct nla_policy link_policy[NSBOX_A_LINK_MAX + 1] = {
	[NSBOX_A_LINK_SANDBOX]		= { .type = NLA_STRING, .maxlen = NSBOX_NAME_MAX + 1 },
	[NSBOX_A_LINK_IFNAME]		= { .type = NLA_STRING, .maxlen = IFNAMSIZ },
	[NSBOX_A_LINK_TYPE]		= { .type = NLA_U32 },
	[NSBOX_A_LINK_FLAGS]		= { .type = NLA_U32 },
	[NSBOX_A_LINK_MTU]		= { .type = NLA_U32 },
	[NSBOX_A_LINK_TXQUEUELEN]	= { .type = NLA_U32 },
	[NSBOX_A_LINK_OWNER]		= { .type = NLA_U32 },
	[NSBOX_A_LINK_GROUP]		= { .type = NLA_U32 },
	[NSBOX_A_LINK_PEER_IFNAME]	= { .type = NLA_STRING, .maxlen = IFNAMSIZ },
	[NSBOX_A_LINK_PEER_SANDBOX]	= { .type = NLA_STRING, .maxlen = NSBOX_NAME_MAX + 1 },
	[NSBOX_A_LINK_IFINDEX]		= { .type = NLA_U32 },
	[NSBOX_A_LINK_OPERSTATE]	= { .type = NLA_U32 },
	[NSBOX_A_LINK_DEV_FLAGS]	= { .type = NLA_U32 },
	[NSBOX_A_LINK_ADDRESS]		= { .type = NLA_UNSPEC },
	[NSBOX_A_LINK_MASTER]		= { .type = NLA_STRING, .maxlen = IFNAMSIZ },
	[NSBOX_A_LINK_NOMASTER]		= { .type = NLA_FLAG },
	[NSBOX_A_LINK_UP]		= { .type = NLA_U8 },
	[NSBOX_A_LINK_PARENT]		= { .type = NLA_STRING, .maxlen = IFNAMSIZ },
	[NSBOX_A_LINK_MODE]		= { .type = NLA_U32 },
	[NSBOX_A_LINK_VLAN_ID]		= { .type = NLA_U32 },
	[NSBOX_A_LINK_HOST_IFNAME]	= { .type = NLA_STRING, .maxlen = IFNAMSIZ },
	[NSBOX_A_LINK_VNI]		= { .type = NLA_U32 },
	[NSBOX_A_LINK_REMOTE]		= { .type = NLA_UNSPEC },
	[NSBOX_A_LINK_VXLAN_GROUP]	= { .type = NLA_UNSPEC },
	[NSBOX_A_LINK_LOCAL]		= { .type = NLA_UNSPEC },
	[NSBOX_A_LINK_PORT]		= { .type = NLA_U32 },
	[NSBOX_A_LINK_UNDERLAY]		= { .type = NLA_STRING, .maxlen = IFNAMSIZ },
};

static const struct nla_policy addr_policy[NSBOX_A_ADDR_MAX + 1] = {
	[NSBOX_A_ADDR_SANDBOX]		= { .type = NLA_STRING, .maxlen = NSBOX_NAME_MAX + 1 },
	[NSBOX_A_ADDR_IFNAME]		= { .type = NLA_STRING, .maxlen = IFNAMSIZ },
	[NSBOX_A_ADDR_ADDRESS]		= { .type = NLA_UNSPEC },
	[NSBOX_A_ADDR_PREFIXLEN]	= { .type = NLA_U8 },
	[NSBOX_A_ADDR_REPLACE]		= { .type = NLA_FLAG },
};

static const struct nla_policy route_policy[NSBOX_A_ROUTE_MAX + 1] = {
	[NSBOX_A_ROUTE_SANDBOX]		= { .type = NLA_STRING, .maxlen = NSBOX_NAME_MAX + 1 },
	[NSBOX_A_ROUTE_DST]		= { .type = NLA_UNSPEC },
	[NSBOX_A_ROUTE_DST_LEN]		= { .type = NLA_U8 },
	[NSBOX_A_ROUTE_GATEWAY]		= { .type = NLA_UNSPEC },
	[NSBOX_A_ROUTE_IFNAME]		= { .type = NLA_STRING, .maxlen = IFNAMSIZ },
	[NSBOX_A_ROUTE_MTU]		= { .type = NLA_U32 },
	[NSBOX_A_ROUTE_ADVMSS]		= { .type = NLA_U32 },
	[NSBOX_A_ROUTE_METRIC]		= { .type = NLA_U32 },
	[NSBOX_A_ROUTE_TABLE]		= { .type = NLA_U32 },
	[NSBOX_A_ROUTE_REPLACE]		= { .type = NLA_FLAG },
	[NSBOX_A_ROUTE_SRC]		= { .type = NLA_UNSPEC },
	[NSBOX_A_ROUTE_ONLINK]		= { .type = NLA_FLAG },
	[NSBOX_A_ROUTE_SCOPE]		= { .type = NLA_U8 },
	[NSBOX_A_ROUTE_TYPE]		= { .type = NLA_U32 },
	[NSBOX_A_ROUTE_NEXTHOP]		= { .type = NLA_NESTED },
};

static const struct nla_policy nexthop_policy[NSBOX_A_NEXTHOP_MAX + 1] = {
	[NSBOX_A_NEXTHOP_GATEWAY]	= { .type = NLA_UNSPEC },
	[NSBOX_A_NEXTHOP_IFNAME]	= { .type = NLA_STRING, .maxlen = IFNAMSIZ },
	[NSBOX_A_NEXTHOP_WEIGHT]	= { .type = NLA_U32 },
};

static const char *const route_type_names[] = {
	[NSBOX_ROUTE_TYPE_UNICAST]	= "unicast",
	[NSBOX_ROUTE_TYPE_BLACKHOLE]	= "blackhole",
	[NSBOX_ROUTE_TYPE_UNREACHABLE]	= "unreachable",
	[NSBOX_ROUTE_TYPE_PROHIBIT]	= "prohibit",
};

/* rtm_scope, named as iproute2 names them */
static const struct {
	const char *name;
	uint8_t scope;
} route_scopes[] = {
	{ "global", 0 }, { "site", 200 }, { "link", 253 }, { "host", 254 },
};

static const struct nla_policy sysctl_policy[NSBOX_A_SYSCTL_MAX + 1] = {
	[NSBOX_A_SYSCTL_SANDBOX]	= { .type = NLA_STRING, .maxlen = NSBOX_NAME_MAX + 1 },
	[NSBOX_A_SYSCTL_KEY]		= { .type = NLA_STRING, .maxlen = NSBOX_SYSCTL_KEY_MAX + 1 },
	[NSBOX_A_SYSCTL_VALUE]		= { .type = NLA_STRING,
					    .maxlen = NSBOX_SYSCTL_VALUE_MAX + 1 },
};

static const struct nla_policy neigh_policy[NSBOX_A_NEIGH_MAX + 1] = {
	[NSBOX_A_NEIGH_SANDBOX]		= { .type = NLA_STRING, .maxlen = NSBOX_NAME_MAX + 1 },
	[NSBOX_A_NEIGH_IFNAME]		= { .type = NLA_STRING, .maxlen = IFNAMSIZ },
	[NSBOX_A_NEIGH_ADDRESS]		= { .type = NLA_UNSPEC },
	[NSBOX_A_NEIGH_LLADDR]		= { .type = NLA_UNSPEC },
};

static const char *const link_type_names[] = {
	[NSBOX_LINK_TYPE_TUN]	= "tun",
	[NSBOX_LINK_TYPE_TAP]	= "tap",
	[NSBOX_LINK_TYPE_VETH]	= "veth",
	[NSBOX_LINK_TYPE_DUMMY]	= "dummy",
	[NSBOX_LINK_TYPE_BRIDGE] = "bridge",
	[NSBOX_LINK_TYPE_MACVLAN] = "macvlan",
	[NSBOX_LINK_TYPE_IPVLAN] = "ipvlan",
	[NSBOX_LINK_TYPE_VLAN]	= "vlan",
	[NSBOX_LINK_TYPE_HOST]	= "host",	/* link move only: not a type to add */
	[NSBOX_LINK_TYPE_VXLAN]	= "vxlan",
};

static const char *const link_mode_names[] = {
	[NSBOX_LINK_MODE_PRIVATE]	= "private",
	[NSBOX_LINK_MODE_VEPA]		= "vepa",
	[NSBOX_LINK_MODE_BRIDGE]	= "bridge",
	[NSBOX_LINK_MODE_PASSTHRU]	= "passthru",
	[NSBOX_LINK_MODE_L2]		= "l2",
	[NSBOX_LINK_MODE_L3]		= "l3",
	[NSBOX_LINK_MODE_L3S]		= "l3s",
};

/* bit n of enum nsbox_link_flags; the words of the grammar */
static const char *const link_flag_names[] = { "multi_queue", "vnet_hdr", "pi" };

/* IF_OPER_*, RFC 2863, lower case */
static const char *const operstate_names[] = {
	"unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up",
};

/* ------------------------------------------------------------------ */
/* The command line                                                    */

/* Words of one object being parsed. */
struct args {
	struct nsbox_ctx *ctx;
	const char *what;	/* "link add", "sandbox add: link", ... */
	int argc;
	char **argv;
	int i;			/* the word being looked at */
};

/*
 * The value after the keyword at argv[i], which is kw when spelled out;
 * marks bit in *have and moves past both. NULL after reporting a duplicate
 * or a missing value.
 */
static const char *take_value(struct args *a, const char *kw, uint32_t *have, int bit)
{
	if (*have & NET_BIT(bit)) {
		nsbox_err(a->ctx, "%s: duplicate \"%s\"", a->what, kw);
		return NULL;
	}
	if (a->i + 1 >= a->argc) {
		nsbox_err(a->ctx, "%s: %s needs a value", a->what, kw);
		return NULL;
	}
	*have |= NET_BIT(bit);
	a->i += 2;
	return a->argv[a->i - 1];
}

/*
 * "WHAT: message" about a bad value of a known word: a usage error, but one
 * that the grammar would not explain. Returns -1.
 */
static int __attribute__((format(printf, 3, 4)))
value_err(struct nsbox_ctx *ctx, const char *what, const char *fmt, ...)
{
	char msg[NSBOX_ERRMSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ctx->bad_value = true;
	nsbox_err(ctx, "%s: %s", what, msg);
	return -1;
}

static int bad_value(struct args *a, const char *kw, const char *val)
{
	return value_err(a->ctx, a->what, "invalid %s \"%s\"", kw, val);
}

/* A whole decimal number that fits in 32 bits (no octal: 010 is ten). */
static bool parse_u32(const char *s, uint32_t *v)
{
	unsigned long long n;
	char *end;

	if (*s < '0' || *s > '9')	/* no sign, no blanks */
		return false;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || *end || n > UINT32_MAX)
		return false;
	*v = n;
	return true;
}

/* u32 member of a keyword: the value parsed into *v, or -1 */
static int take_u32(struct args *a, const char *kw, uint32_t *have, int bit, uint32_t *v)
{
	const char *val = take_value(a, kw, have, bit);

	if (!val)
		return -1;
	if (!parse_u32(val, v))
		return bad_value(a, kw, val);
	return 0;
}

/* A user or group: a name, or a number (not -1, which means none). */
static int take_id(struct args *a, const char *kw, uint32_t *have, int bit, uint32_t *v)
{
	const char *val = take_value(a, kw, have, bit);
	bool user = bit == NSBOX_A_LINK_OWNER;
	char why[128];
	int ret;

	if (!val)
		return -1;
	if (parse_u32(val, v)) {
		if (*v == UINT32_MAX)
			return bad_value(a, kw, val);
		return 0;
	}
	ret = id_lookup(user ? "passwd" : "group", val, v, why, sizeof(why));
	if (ret > 0)
		return value_err(a->ctx, a->what, "no such %s \"%s\"", user ? "user" : "group", val);
	if (ret < 0)
		return value_err(a->ctx, a->what, "cannot look up %s \"%s\": %s",
				 user ? "user" : "group", val, why);
	return 0;
}

const char *ifname_invalid(const char *name)
{
	const char *p;

	if (!*name)
		return "empty";
	if (strlen(name) >= IFNAMSIZ)
		return "longer than 15 characters";
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return "\".\" and \"..\" are reserved";
	for (p = name; *p; p++)
		if (*p == '/' || *p == ':' || *p == ' ' || (*p >= '\t' && *p <= '\r'))
			return "contains \"/\", \":\" or a blank";
	return NULL;
}

static int copy_ifname(struct args *a, char *dst, const char *name)
{
	const char *why = ifname_invalid(name);

	if (why)
		return value_err(a->ctx, a->what, "invalid interface name \"%s\" (%s)", name, why);
	strcpy(dst, name);
	return 0;
}

/*
 * ADDR or ADDR/LEN, IPv4 or IPv6. Returns 0, or -1 when what is not an
 * address, -2 when the length is wrong. Without a length, the full one.
 */
static int parse_prefix(const char *arg, bool allow_len, int *family, uint8_t *bytes,
			uint8_t *len)
{
	const char *slash = strchr(arg, '/');
	size_t n = slash ? (size_t)(slash - arg) : strlen(arg), digits;
	char buf[INET6_ADDRSTRLEN];
	int max;

	if (n >= sizeof(buf) || (slash && !allow_len))
		return -1;
	memcpy(buf, arg, n);
	buf[n] = '\0';
	memset(bytes, 0, 16);
	if (inet_pton(AF_INET, buf, bytes) == 1) {
		*family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, buf, bytes) == 1) {
		*family = AF_INET6;
		max = 128;
	} else {
		return -1;
	}
	*len = max;
	if (slash) {
		/* 1 to 3 digits: no sign, no blanks */
		digits = strlen(slash + 1);
		if (!digits || digits > 3 || strspn(slash + 1, "0123456789") != digits ||
		    atoi(slash + 1) > max)
			return -2;
		*len = atoi(slash + 1);
	}
	return 0;
}

/* A MAC address, aa:bb:cc:dd:ee:ff in hex: unicast and not all zeros. */
static int take_mac(struct args *a, uint32_t *have, uint8_t *mac)
{
	const char *val = take_value(a, "address", have, NSBOX_A_LINK_ADDRESS);
	unsigned int b[6], i;
	char end;

	if (!val)
		return -1;
	if (strlen(val) != 17 ||
	    sscanf(val, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
		   &end) != 6 || strspn(val, "0123456789abcdefABCDEF:") != 17)
		return value_err(a->ctx, a->what, "invalid address \"%s\" (a MAC, aa:bb:cc:dd:ee:ff)",
				 val);
	for (i = 0; i < 6; i++)
		mac[i] = b[i];
	if ((mac[0] & 1) || !(b[0] | b[1] | b[2] | b[3] | b[4] | b[5]))
		return value_err(a->ctx, a->what,
				 "invalid address \"%s\" (multicast or all zeros)", val);
	return 0;
}

static int addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

static const char *family_name(int family)
{
	return family == AF_INET ? "IPv4" : "IPv6";
}

/* A vxlan's remote, group or local address: one family for them all. */
static int take_vxlan_ip(struct args *a, const char *kw, struct nsbox_link *l, int bit,
			 uint8_t *dst)
{
	const char *val = take_value(a, kw, &l->have, bit);
	uint8_t len;
	int family;

	if (!val)
		return -1;
	if (parse_prefix(val, false, &family, dst, &len))
		return bad_value(a, kw, val);
	if (l->vx_family && family != l->vx_family)
		return value_err(a->ctx, a->what, "%s \"%s\" is not of the other addresses' family",
				 kw, val);
	l->vx_family = family;
	return 0;
}

int link_parse_args(struct nsbox_ctx *ctx, const char *what, int argc, char **argv,
		    bool all, struct nsbox_link *l)
{
	struct args a = { ctx, what, argc, argv, 1 };
	const char *kw, *val, *bad;
	unsigned int bit;

	memset(l, 0, sizeof(*l));
	if (argc < 1) {
		nsbox_err(ctx, "%s: DEV is missing", what);
		return -1;
	}
	if (copy_ifname(&a, l->ifname, argv[0]))
		return -1;
	l->have |= NET_BIT(NSBOX_A_LINK_IFNAME);

	while (a.i < argc) {
		kw = argv[a.i];
		if (matches(kw, "type")) {
			val = take_value(&a, "type", &l->have, NSBOX_A_LINK_TYPE);
			if (!val)
				return -1;
			for (bit = 1; bit < ARRAY_SIZE(link_type_names); bit++)
				if (bit != NSBOX_LINK_TYPE_HOST && !strcmp(val, link_type_names[bit]))
					break;
			if (bit == ARRAY_SIZE(link_type_names))
				return value_err(ctx, what,
						 "invalid type \"%s\" (tun, tap, veth, dummy, bridge, "
						 "macvlan, ipvlan, vlan or vxlan)", val);
			l->type = bit;
		} else if (!strcmp(kw, "address")) {
			/* spelt out: "addr" starts sandbox add's next clause */
			if (take_mac(&a, &l->have, l->address))
				return -1;
		} else if (matches(kw, "master")) {
			val = take_value(&a, "master", &l->have, NSBOX_A_LINK_MASTER);
			if (!val || copy_ifname(&a, l->master, val))
				return -1;
		} else if (matches(kw, "parent")) {
			val = take_value(&a, "parent", &l->have, NSBOX_A_LINK_PARENT);
			if (!val || copy_ifname(&a, l->parent, val))
				return -1;
		} else if (matches(kw, "mode")) {
			val = take_value(&a, "mode", &l->have, NSBOX_A_LINK_MODE);
			if (!val)
				return -1;
			for (bit = 1; bit < ARRAY_SIZE(link_mode_names); bit++)
				if (!strcmp(val, link_mode_names[bit]))
					break;
			if (bit == ARRAY_SIZE(link_mode_names))
				return value_err(ctx, what, "invalid mode \"%s\" (private, vepa, bridge, "
						 "passthru; l2, l3, l3s)", val);
			l->mode = bit;
		} else if (!strcmp(kw, "id")) {
			if (take_u32(&a, "id", &l->have, NSBOX_A_LINK_VLAN_ID, &l->vlan_id))
				return -1;
		} else if (matches(kw, "mtu")) {
			if (take_u32(&a, "mtu", &l->have, NSBOX_A_LINK_MTU, &l->mtu))
				return -1;
		} else if (matches(kw, "txqueuelen") || !strcmp(kw, "txqlen")) {
			if (take_u32(&a, "txqueuelen", &l->have, NSBOX_A_LINK_TXQUEUELEN,
				     &l->txqueuelen))
				return -1;
		} else if (matches(kw, "owner") || !strcmp(kw, "user")) {
			if (take_id(&a, "owner", &l->have, NSBOX_A_LINK_OWNER, &l->owner))
				return -1;
		} else if (matches(kw, "group") && l->type == NSBOX_LINK_TYPE_VXLAN) {
			/* after type vxlan, a multicast group; before it, a tun's gid */
			if (take_vxlan_ip(&a, "group", l, NSBOX_A_LINK_VXLAN_GROUP, l->vx_remote))
				return -1;
		} else if (matches(kw, "group")) {
			if (take_id(&a, "group", &l->have, NSBOX_A_LINK_GROUP, &l->group))
				return -1;
		} else if (matches(kw, "remote")) {
			if (take_vxlan_ip(&a, "remote", l, NSBOX_A_LINK_REMOTE, l->vx_remote))
				return -1;
		} else if (matches(kw, "local")) {
			if (take_vxlan_ip(&a, "local", l, NSBOX_A_LINK_LOCAL, l->vx_local))
				return -1;
		} else if (!strcmp(kw, "vni")) {
			if (take_u32(&a, "vni", &l->have, NSBOX_A_LINK_VNI, &l->vni))
				return -1;
		} else if (!strcmp(kw, "port") || !strcmp(kw, "dstport")) {
			if (take_u32(&a, "port", &l->have, NSBOX_A_LINK_PORT, &l->port))
				return -1;
		} else if (!strcmp(kw, "dev")) {
			val = take_value(&a, "dev", &l->have, NSBOX_A_LINK_UNDERLAY);
			if (!val || copy_ifname(&a, l->underlay, val))
				return -1;
		} else if (matches(kw, "peer")) {
			val = take_value(&a, "peer", &l->have, NSBOX_A_LINK_PEER_IFNAME);
			if (!val || copy_ifname(&a, l->peer_ifname, val))
				return -1;
		} else if (matches(kw, "sandbox")) {
			val = take_value(&a, "sandbox", &l->have, NSBOX_A_LINK_PEER_SANDBOX);
			if (!val)
				return -1;
			if (!*val || strlen(val) > NSBOX_NAME_MAX)
				return value_err(ctx, what, "invalid sandbox \"%s\" (1 to %d characters)",
						 val, NSBOX_NAME_MAX);
			strcpy(l->peer_sandbox, val);
		} else {
			for (bit = 0; bit < ARRAY_SIZE(link_flag_names); bit++)
				if (!strcmp(kw, link_flag_names[bit]))
					break;
			if (bit == ARRAY_SIZE(link_flag_names)) {
				if (!all)
					break;
				nsbox_err(ctx, "%s: unknown argument \"%s\"", what, kw);
				return -1;
			}
			l->flags |= 1u << bit;
			l->have |= NET_BIT(NSBOX_A_LINK_FLAGS);
			a.i++;
		}
	}

	if (!NET_HAS(l, NSBOX_A_LINK_TYPE)) {
		nsbox_err(ctx, "%s: type is missing (tun, tap, veth, dummy or bridge)", what);
		return -1;
	}
	/* about values (the kind's), not the grammar: no usage */
	if (l->type == NSBOX_LINK_TYPE_TUN && NET_HAS(l, NSBOX_A_LINK_ADDRESS))
		return value_err(ctx, what, "a tun device has no MAC address");
	if (l->type == NSBOX_LINK_TYPE_IPVLAN && NET_HAS(l, NSBOX_A_LINK_ADDRESS))
		return value_err(ctx, what, "an ipvlan has its parent's MAC address");
	if ((l->type == NSBOX_LINK_TYPE_TUN || l->type == NSBOX_LINK_TYPE_BRIDGE ||
	     l->type == NSBOX_LINK_TYPE_IPVLAN) && NET_HAS(l, NSBOX_A_LINK_MASTER))
		return value_err(ctx, what, "master is for tap, veth, dummy, macvlan and vlan only");
	if (l->type == NSBOX_LINK_TYPE_VXLAN) {
		if (!NET_HAS(l, NSBOX_A_LINK_VNI)) {
			nsbox_err(ctx, "%s: a vxlan needs vni N", what);
			return -1;
		}
	} else if (l->have & (NET_BIT(NSBOX_A_LINK_VNI) | NET_BIT(NSBOX_A_LINK_REMOTE) |
			      NET_BIT(NSBOX_A_LINK_VXLAN_GROUP) | NET_BIT(NSBOX_A_LINK_LOCAL) |
			      NET_BIT(NSBOX_A_LINK_PORT) | NET_BIT(NSBOX_A_LINK_UNDERLAY))) {
		return value_err(ctx, what, "vni, remote, group, local, port and dev are for vxlan");
	}
	if (l->type == NSBOX_LINK_TYPE_MACVLAN || l->type == NSBOX_LINK_TYPE_IPVLAN ||
	    l->type == NSBOX_LINK_TYPE_VLAN) {
		if (!NET_HAS(l, NSBOX_A_LINK_PARENT)) {
			nsbox_err(ctx, "%s: a %s needs parent PDEV", what, link_type_names[l->type]);
			return -1;
		}
		if (l->type == NSBOX_LINK_TYPE_VLAN && !NET_HAS(l, NSBOX_A_LINK_VLAN_ID)) {
			nsbox_err(ctx, "%s: a vlan needs id N", what);
			return -1;
		}
		if (l->type == NSBOX_LINK_TYPE_VLAN && NET_HAS(l, NSBOX_A_LINK_MODE))
			return value_err(ctx, what, "a vlan has no mode");
		if (l->type != NSBOX_LINK_TYPE_VLAN && NET_HAS(l, NSBOX_A_LINK_VLAN_ID))
			return value_err(ctx, what, "id is for a vlan only");
		if (NET_HAS(l, NSBOX_A_LINK_MODE) &&
		    (l->type == NSBOX_LINK_TYPE_MACVLAN) != (l->mode < NSBOX_LINK_MODE_L2))
			return value_err(ctx, what, "mode %s is not a %s's", link_mode_names[l->mode],
					 link_type_names[l->type]);
	} else if (l->have & (NET_BIT(NSBOX_A_LINK_PARENT) | NET_BIT(NSBOX_A_LINK_MODE) |
			      NET_BIT(NSBOX_A_LINK_VLAN_ID))) {
		return value_err(ctx, what, "parent, mode and id are for macvlan, ipvlan and vlan");
	}
	bad = NULL;
	if (l->type != NSBOX_LINK_TYPE_TUN && l->type != NSBOX_LINK_TYPE_TAP) {
		if (NET_HAS(l, NSBOX_A_LINK_OWNER))
			bad = "owner";
		else if (NET_HAS(l, NSBOX_A_LINK_GROUP))
			bad = "group";
		else if (l->flags)
			bad = link_flag_names[__builtin_ctz(l->flags)];
		if (bad) {
			nsbox_err(ctx, "%s: %s is for tun and tap only", what, bad);
			return -1;
		}
	}
	if (l->type == NSBOX_LINK_TYPE_VETH) {
		if (!NET_HAS(l, NSBOX_A_LINK_PEER_IFNAME)) {
			nsbox_err(ctx, "%s: a veth needs peer PEERDEV", what);
			return -1;
		}
	} else {
		if (NET_HAS(l, NSBOX_A_LINK_PEER_IFNAME))
			bad = "peer";
		else if (NET_HAS(l, NSBOX_A_LINK_PEER_SANDBOX))
			bad = "sandbox";
		if (bad) {
			nsbox_err(ctx, "%s: %s is for veth only", what, bad);
			return -1;
		}
	}
	return a.i;
}

int link_set_parse_args(struct nsbox_ctx *ctx, const char *what, int argc, char **argv,
			struct nsbox_link *l)
{
	struct args a = { ctx, what, argc, argv, 1 };
	const char *kw, *val;

	memset(l, 0, sizeof(*l));
	if (argc < 1) {
		nsbox_err(ctx, "%s: DEV is missing", what);
		return -1;
	}
	if (copy_ifname(&a, l->ifname, argv[0]))
		return -1;
	l->have |= NET_BIT(NSBOX_A_LINK_IFNAME);

	while (a.i < argc) {
		kw = argv[a.i];
		if (!strcmp(kw, "up") || !strcmp(kw, "down")) {
			if (NET_HAS(l, NSBOX_A_LINK_UP)) {
				nsbox_err(ctx, "%s: duplicate up or down", what);
				return -1;
			}
			l->up = !strcmp(kw, "up");
			l->have |= NET_BIT(NSBOX_A_LINK_UP);
			a.i++;
		} else if (matches(kw, "mtu")) {
			if (take_u32(&a, "mtu", &l->have, NSBOX_A_LINK_MTU, &l->mtu))
				return -1;
		} else if (matches(kw, "txqueuelen") || !strcmp(kw, "txqlen")) {
			if (take_u32(&a, "txqueuelen", &l->have, NSBOX_A_LINK_TXQUEUELEN,
				     &l->txqueuelen))
				return -1;
		} else if (matches(kw, "address")) {
			if (take_mac(&a, &l->have, l->address))
				return -1;
		} else if (!strcmp(kw, "nomaster")) {
			if (l->have & (NET_BIT(NSBOX_A_LINK_MASTER) | NET_BIT(NSBOX_A_LINK_NOMASTER))) {
				nsbox_err(ctx, "%s: duplicate master or nomaster", what);
				return -1;
			}
			l->have |= NET_BIT(NSBOX_A_LINK_NOMASTER);
			a.i++;
		} else if (matches(kw, "master")) {
			if (NET_HAS(l, NSBOX_A_LINK_NOMASTER)) {
				nsbox_err(ctx, "%s: duplicate master or nomaster", what);
				return -1;
			}
			val = take_value(&a, "master", &l->have, NSBOX_A_LINK_MASTER);
			if (!val || copy_ifname(&a, l->master, val))
				return -1;
		} else {
			nsbox_err(ctx, "%s: unknown argument \"%s\"", what, kw);
			return -1;
		}
	}
	if (l->have == NET_BIT(NSBOX_A_LINK_IFNAME)) {
		nsbox_err(ctx, "%s: nothing to change (up, down, mtu, txqueuelen, address, "
			  "master, nomaster)", what);
		return -1;
	}
	return 0;
}

int addr_parse_args(struct nsbox_ctx *ctx, const char *what, int argc, char **argv,
		    bool all, struct nsbox_addr *ad)
{
	struct args a = { ctx, what, argc, argv, 1 };
	const char *val;
	int err;

	memset(ad, 0, sizeof(*ad));
	if (argc < 1) {
		nsbox_err(ctx, "%s: PREFIX is missing", what);
		return -1;
	}
	err = parse_prefix(argv[0], true, &ad->family, ad->address, &ad->prefixlen);
	if (err)
		return value_err(ctx, what, "invalid %s \"%s\"",
				 err == -2 ? "prefix length in" : "prefix", argv[0]);
	ad->have |= NET_BIT(NSBOX_A_ADDR_ADDRESS) | NET_BIT(NSBOX_A_ADDR_PREFIXLEN);

	while (a.i < argc) {
		if (matches(argv[a.i], "dev")) {
			val = take_value(&a, "dev", &ad->have, NSBOX_A_ADDR_IFNAME);
			if (!val || copy_ifname(&a, ad->ifname, val))
				return -1;
		} else if (all && !strcmp(argv[a.i], "replace")) {
			ad->have |= NET_BIT(NSBOX_A_ADDR_REPLACE);
			a.i++;
		} else if (all) {
			nsbox_err(ctx, "%s: unknown argument \"%s\"", what, argv[a.i]);
			return -1;
		} else {
			break;
		}
	}
	if (!NET_HAS(ad, NSBOX_A_ADDR_IFNAME)) {
		nsbox_err(ctx, "%s: dev DEV is missing", what);
		return -1;
	}
	return a.i;
}

static bool parse_table(const char *s, uint32_t *v)
{
	if (!strcmp(s, "main"))
		*v = 254;
	else if (!strcmp(s, "local"))
		*v = 255;
	else if (!strcmp(s, "default"))
		*v = 253;
	else
		return parse_u32(s, v);
	return true;
}

/* An address of the route's family (which it sets when not known yet). */
static int route_addr(struct args *a, struct nsbox_route *r, const char *kw, const char *val,
		      uint8_t *dst)
{
	uint8_t len;
	int family;

	if (parse_prefix(val, false, &family, dst, &len))
		return value_err(a->ctx, a->what, "invalid %s \"%s\"", kw, val);
	if (r->family == AF_UNSPEC)
		r->family = family;
	else if (family != r->family)
		return value_err(a->ctx, a->what, "%s \"%s\" is %s but the destination is %s",
				 kw, val, family_name(family), family_name(r->family));
	return 0;
}

/*
 * nexthop [ via ADDR ] [ dev DEV ] [ weight N ]: a nexthop of a multipath
 * route, up to the first word that is not its own.
 */
static int route_nexthop(struct args *a, struct nsbox_route *r)
{
	unsigned int n = r->nnh;
	const char *kw, *val;
	uint32_t have = 0;

	if (n == ARRAY_SIZE(r->nh))
		return value_err(a->ctx, a->what, "at most %zu nexthops", ARRAY_SIZE(r->nh));
	r->have |= NET_BIT(NSBOX_A_ROUTE_NEXTHOP);
	r->nnh++;
	a->i++;
	while (a->i < a->argc) {
		kw = a->argv[a->i];
		if (!strcmp(kw, "via")) {
			val = take_value(a, "nexthop via", &have, NSBOX_A_NEXTHOP_GATEWAY);
			if (!val || route_addr(a, r, "nexthop gateway", val, r->nh[n].gateway))
				return -1;
			r->nh[n].has_gw = true;
		} else if (!strcmp(kw, "dev")) {
			val = take_value(a, "nexthop dev", &have, NSBOX_A_NEXTHOP_IFNAME);
			if (!val || copy_ifname(a, r->nh[n].ifname, val))
				return -1;
		} else if (!strcmp(kw, "weight")) {
			if (take_u32(a, "weight", &have, NSBOX_A_NEXTHOP_WEIGHT, &r->nh[n].weight))
				return -1;
			if (!r->nh[n].weight || r->nh[n].weight > 256)
				return value_err(a->ctx, a->what, "weight is 1 to 256");
			r->nh[n].has_weight = true;
		} else {
			break;
		}
	}
	if (!have || have == NET_BIT(NSBOX_A_NEXTHOP_WEIGHT)) {
		nsbox_err(a->ctx, "%s: a nexthop needs via ADDR or dev DEV", a->what);
		return -1;
	}
	return 0;
}

/* type, src, onlink, scope and nexthop: 1 if kw is none of them, else 0 or -1 */
static int route_more_args(struct args *a, struct nsbox_route *r, const char *kw)
{
	const char *val;
	uint32_t v;
	size_t i;

	if (!strcmp(kw, "nexthop"))
		return route_nexthop(a, r);
	if (!strcmp(kw, "onlink")) {
		r->have |= NET_BIT(NSBOX_A_ROUTE_ONLINK);
		a->i++;
		return 0;
	}
	if (!strcmp(kw, "src")) {
		val = take_value(a, "src", &r->have, NSBOX_A_ROUTE_SRC);
		return val ? route_addr(a, r, "src", val, r->src) : -1;
	}
	if (!strcmp(kw, "type")) {
		val = take_value(a, "type", &r->have, NSBOX_A_ROUTE_TYPE);
		if (!val)
			return -1;
		for (i = 1; i < ARRAY_SIZE(route_type_names); i++)
			if (!strcmp(val, route_type_names[i]))
				break;
		if (i == ARRAY_SIZE(route_type_names))
			return value_err(a->ctx, a->what, "invalid type \"%s\" (unicast, "
					 "blackhole, unreachable or prohibit)", val);
		r->type = i;
		return 0;
	}
	if (!strcmp(kw, "scope")) {
		val = take_value(a, "scope", &r->have, NSBOX_A_ROUTE_SCOPE);
		if (!val)
			return -1;
		for (i = 0; i < ARRAY_SIZE(route_scopes); i++)
			if (!strcmp(val, route_scopes[i].name))
				break;
		if (i < ARRAY_SIZE(route_scopes))
			r->scope = route_scopes[i].scope;
		else if (parse_u32(val, &v) && v <= 255)
			r->scope = v;
		else
			return value_err(a->ctx, a->what, "invalid scope \"%s\" (global, site, "
					 "link, host or 0 to 255)", val);
		return 0;
	}
	return 1;
}

int route_parse_args(struct nsbox_ctx *ctx, const char *what, int argc, char **argv,
		     bool all, struct nsbox_route *r)
{
	struct args a = { ctx, what, argc, argv, 1 };
	const char *kw, *val, *via = NULL;
	uint8_t len;
	int family, err;

	memset(r, 0, sizeof(*r));
	if (argc < 1) {
		nsbox_err(ctx, "%s: PREFIX or default is missing", what);
		return -1;
	}
	if (!strcmp(argv[0], "default")) {
		r->family = AF_UNSPEC;	/* the gateway's, if any */
	} else {
		err = parse_prefix(argv[0], true, &r->family, r->dst, &r->dst_len);
		if (err)
			return value_err(ctx, what, "invalid %s \"%s\"",
					 err == -2 ? "prefix length in" : "prefix", argv[0]);
	}
	r->have |= NET_BIT(NSBOX_A_ROUTE_DST) | NET_BIT(NSBOX_A_ROUTE_DST_LEN);

	while (a.i < argc) {
		kw = argv[a.i];
		if (matches(kw, "via")) {
			via = take_value(&a, "via", &r->have, NSBOX_A_ROUTE_GATEWAY);
			if (!via)
				return -1;
			if (parse_prefix(via, false, &family, r->gateway, &len))
				return value_err(ctx, what, "invalid gateway \"%s\"", via);
			if (r->family == AF_UNSPEC)
				r->family = family;
			else if (family != r->family)
				return value_err(ctx, what,
						 "gateway \"%s\" is %s but the destination is %s",
						 via, family_name(family), family_name(r->family));
		} else if (matches(kw, "dev")) {
			val = take_value(&a, "dev", &r->have, NSBOX_A_ROUTE_IFNAME);
			if (!val || copy_ifname(&a, r->ifname, val))
				return -1;
		} else if (matches(kw, "mtu")) {
			if (take_u32(&a, "mtu", &r->have, NSBOX_A_ROUTE_MTU, &r->mtu))
				return -1;
		} else if (matches(kw, "advmss")) {
			if (take_u32(&a, "advmss", &r->have, NSBOX_A_ROUTE_ADVMSS, &r->advmss))
				return -1;
		} else if (matches(kw, "metric")) {
			if (take_u32(&a, "metric", &r->have, NSBOX_A_ROUTE_METRIC, &r->metric))
				return -1;
		} else if (matches(kw, "table")) {
			val = take_value(&a, "table", &r->have, NSBOX_A_ROUTE_TABLE);
			if (!val)
				return -1;
			if (!parse_table(val, &r->table))
				return bad_value(&a, "table", val);
		} else if (matches(kw, "replace")) {
			r->have |= NET_BIT(NSBOX_A_ROUTE_REPLACE);
			a.i++;
		} else if ((err = route_more_args(&a, r, kw)) <= 0) {
			if (err < 0)
				return -1;
		} else if (all) {
			nsbox_err(ctx, "%s: unknown argument \"%s\"", what, kw);
			return -1;
		} else {
			break;
		}
	}
	/* default: 0.0.0.0/0, or ::/0 with an IPv6 gateway */
	if (r->family == AF_UNSPEC)
		r->family = AF_INET;
	return a.i;
}

/* aa:bb:cc:dd:ee:ff, hex digits in either case */
static bool parse_mac(const char *s, uint8_t *mac)
{
	unsigned int v[6], i;
	int n = 0;

	if (strlen(s) != 17 ||
	    sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%n", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
		   &n) != 6 || n != 17)
		return false;
	for (i = 0; i < 6; i++) {
		if (!isxdigit((unsigned char)s[3 * i]) || !isxdigit((unsigned char)s[3 * i + 1]))
			return false;
		mac[i] = v[i];
	}
	return true;
}

int neigh_parse_args(struct nsbox_ctx *ctx, const char *what, int argc, char **argv,
		     bool all, bool need_ll, struct nsbox_neigh *n)
{
	struct args a = { ctx, what, argc, argv, 1 };
	const char *val;
	uint8_t len;

	memset(n, 0, sizeof(*n));
	if (argc < 1) {
		nsbox_err(ctx, "%s: ADDR is missing", what);
		return -1;
	}
	if (parse_prefix(argv[0], false, &n->family, n->address, &len))
		return value_err(ctx, what, "invalid address \"%s\"", argv[0]);
	n->have |= NET_BIT(NSBOX_A_NEIGH_ADDRESS);

	while (a.i < argc) {
		if (matches(argv[a.i], "dev")) {
			val = take_value(&a, "dev", &n->have, NSBOX_A_NEIGH_IFNAME);
			if (!val || copy_ifname(&a, n->ifname, val))
				return -1;
		} else if (matches(argv[a.i], "lladdr")) {
			val = take_value(&a, "lladdr", &n->have, NSBOX_A_NEIGH_LLADDR);
			if (!val)
				return -1;
			if (!parse_mac(val, n->lladdr))
				return value_err(ctx, what,
						 "invalid lladdr \"%s\" (6 bytes, aa:bb:cc:dd:ee:ff)",
						 val);
		} else if (all) {
			nsbox_err(ctx, "%s: unknown argument \"%s\"", what, argv[a.i]);
			return -1;
		} else {
			break;
		}
	}
	if (need_ll && !NET_HAS(n, NSBOX_A_NEIGH_LLADDR)) {
		nsbox_err(ctx, "%s: lladdr MAC is missing", what);
		return -1;
	}
	if (!NET_HAS(n, NSBOX_A_NEIGH_IFNAME)) {
		nsbox_err(ctx, "%s: dev DEV is missing", what);
		return -1;
	}
	return a.i;
}

int sysctl_parse(struct nsbox_ctx *ctx, const char *what, const char *key, const char *value,
		 struct nsbox_sysctl *s)
{
	size_t klen;

	memset(s, 0, sizeof(*s));
	if (!value) {
		value = strchr(key, '=');
		if (!value)
			return value_err(ctx, what, "\"%s\" is not KEY=VALUE", key);
		klen = value++ - key;
	} else {
		klen = strlen(key);
	}
	if (!klen || klen > NSBOX_SYSCTL_KEY_MAX)
		return value_err(ctx, what, "invalid sysctl key \"%.*s\" (1 to %d characters)",
				 (int)klen, key, NSBOX_SYSCTL_KEY_MAX);
	if (!*value || strlen(value) > NSBOX_SYSCTL_VALUE_MAX)
		return value_err(ctx, what, "invalid value \"%s\" of %.*s (1 to %d characters)",
				 value, (int)klen, key, NSBOX_SYSCTL_VALUE_MAX);
	memcpy(s->key, key, klen);
	strcpy(s->value, value);
	s->have = NET_BIT(NSBOX_A_SYSCTL_KEY) | NET_BIT(NSBOX_A_SYSCTL_VALUE);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Requests                                                            */

static int put_u32_if(struct nl_msg *msg, uint32_t have, int attr, uint32_t v)
{
	return have & NET_BIT(attr) ? nla_put_u32(msg, attr, v) : 0;
}

static int put_str_if(struct nl_msg *msg, uint32_t have, int attr, const char *s)
{
	return have & NET_BIT(attr) ? nla_put_string(msg, attr, s) : 0;
}

int link_put(struct nl_msg *msg, const struct nsbox_link *l)
{
	if (put_str_if(msg, l->have, NSBOX_A_LINK_IFNAME, l->ifname) < 0 ||
	    put_u32_if(msg, l->have, NSBOX_A_LINK_TYPE, l->type) < 0 ||
	    put_u32_if(msg, l->have, NSBOX_A_LINK_FLAGS, l->flags) < 0 ||
	    put_u32_if(msg, l->have, NSBOX_A_LINK_MTU, l->mtu) < 0 ||
	    put_u32_if(msg, l->have, NSBOX_A_LINK_TXQUEUELEN, l->txqueuelen) < 0 ||
	    put_u32_if(msg, l->have, NSBOX_A_LINK_OWNER, l->owner) < 0 ||
	    put_u32_if(msg, l->have, NSBOX_A_LINK_GROUP, l->group) < 0 ||
	    put_str_if(msg, l->have, NSBOX_A_LINK_PEER_IFNAME, l->peer_ifname) < 0 ||
	    put_str_if(msg, l->have, NSBOX_A_LINK_PEER_SANDBOX, l->peer_sandbox) < 0 ||
	    (NET_HAS(l, NSBOX_A_LINK_ADDRESS) &&
	     nla_put(msg, NSBOX_A_LINK_ADDRESS, 6, l->address) < 0) ||
	    put_str_if(msg, l->have, NSBOX_A_LINK_MASTER, l->master) < 0 ||
	    (NET_HAS(l, NSBOX_A_LINK_NOMASTER) && nla_put_flag(msg, NSBOX_A_LINK_NOMASTER) < 0) ||
	    (NET_HAS(l, NSBOX_A_LINK_UP) && nla_put_u8(msg, NSBOX_A_LINK_UP, l->up) < 0) ||
	    put_str_if(msg, l->have, NSBOX_A_LINK_PARENT, l->parent) < 0 ||
	    put_u32_if(msg, l->have, NSBOX_A_LINK_MODE, l->mode) < 0 ||
	    put_u32_if(msg, l->have, NSBOX_A_LINK_VLAN_ID, l->vlan_id) < 0 ||
	    put_str_if(msg, l->have, NSBOX_A_LINK_HOST_IFNAME, l->host_ifname) < 0 ||
	    put_u32_if(msg, l->have, NSBOX_A_LINK_VNI, l->vni) < 0 ||
	    (NET_HAS(l, NSBOX_A_LINK_REMOTE) &&
	     nla_put(msg, NSBOX_A_LINK_REMOTE, addr_len(l->vx_family), l->vx_remote) < 0) ||
	    (NET_HAS(l, NSBOX_A_LINK_VXLAN_GROUP) &&
	     nla_put(msg, NSBOX_A_LINK_VXLAN_GROUP, addr_len(l->vx_family), l->vx_remote) < 0) ||
	    (NET_HAS(l, NSBOX_A_LINK_LOCAL) &&
	     nla_put(msg, NSBOX_A_LINK_LOCAL, addr_len(l->vx_family), l->vx_local) < 0) ||
	    put_u32_if(msg, l->have, NSBOX_A_LINK_PORT, l->port) < 0 ||
	    put_str_if(msg, l->have, NSBOX_A_LINK_UNDERLAY, l->underlay) < 0)
		return -1;
	return 0;
}

int addr_put(struct nl_msg *msg, const struct nsbox_addr *a)
{
	if (put_str_if(msg, a->have, NSBOX_A_ADDR_IFNAME, a->ifname) < 0 ||
	    nla_put(msg, NSBOX_A_ADDR_ADDRESS, addr_len(a->family), a->address) < 0 ||
	    nla_put_u8(msg, NSBOX_A_ADDR_PREFIXLEN, a->prefixlen) < 0 ||
	    (NET_HAS(a, NSBOX_A_ADDR_REPLACE) && nla_put_flag(msg, NSBOX_A_ADDR_REPLACE) < 0))
		return -1;
	return 0;
}

int route_put(struct nl_msg *msg, const struct nsbox_route *r)
{
	int len = addr_len(r->family);
	struct nlattr *nest;
	unsigned int i;

	if (nla_put(msg, NSBOX_A_ROUTE_DST, len, r->dst) < 0 ||
	    nla_put_u8(msg, NSBOX_A_ROUTE_DST_LEN, r->dst_len) < 0 ||
	    (NET_HAS(r, NSBOX_A_ROUTE_GATEWAY) &&
	     nla_put(msg, NSBOX_A_ROUTE_GATEWAY, len, r->gateway) < 0) ||
	    put_str_if(msg, r->have, NSBOX_A_ROUTE_IFNAME, r->ifname) < 0 ||
	    put_u32_if(msg, r->have, NSBOX_A_ROUTE_MTU, r->mtu) < 0 ||
	    put_u32_if(msg, r->have, NSBOX_A_ROUTE_ADVMSS, r->advmss) < 0 ||
	    put_u32_if(msg, r->have, NSBOX_A_ROUTE_METRIC, r->metric) < 0 ||
	    put_u32_if(msg, r->have, NSBOX_A_ROUTE_TABLE, r->table) < 0 ||
	    (NET_HAS(r, NSBOX_A_ROUTE_REPLACE) && nla_put_flag(msg, NSBOX_A_ROUTE_REPLACE) < 0) ||
	    (NET_HAS(r, NSBOX_A_ROUTE_SRC) && nla_put(msg, NSBOX_A_ROUTE_SRC, len, r->src) < 0) ||
	    (NET_HAS(r, NSBOX_A_ROUTE_ONLINK) && nla_put_flag(msg, NSBOX_A_ROUTE_ONLINK) < 0) ||
	    (NET_HAS(r, NSBOX_A_ROUTE_SCOPE) && nla_put_u8(msg, NSBOX_A_ROUTE_SCOPE, r->scope) < 0) ||
	    put_u32_if(msg, r->have, NSBOX_A_ROUTE_TYPE, r->type) < 0)
		return -1;
	for (i = 0; i < r->nnh; i++) {
		nest = nla_nest_start(msg, NSBOX_A_ROUTE_NEXTHOP | NLA_F_NESTED);
		if (!nest ||
		    (r->nh[i].has_gw &&
		     nla_put(msg, NSBOX_A_NEXTHOP_GATEWAY, len, r->nh[i].gateway) < 0) ||
		    (r->nh[i].ifname[0] &&
		     nla_put_string(msg, NSBOX_A_NEXTHOP_IFNAME, r->nh[i].ifname) < 0) ||
		    (r->nh[i].has_weight &&
		     nla_put_u32(msg, NSBOX_A_NEXTHOP_WEIGHT, r->nh[i].weight) < 0) ||
		    nla_nest_end(msg, nest) < 0)
			return -1;
	}
	return 0;
}

int sysctl_put(struct nl_msg *msg, const struct nsbox_sysctl *s)
{
	if (nla_put_string(msg, NSBOX_A_SYSCTL_KEY, s->key) < 0 ||
	    nla_put_string(msg, NSBOX_A_SYSCTL_VALUE, s->value) < 0)
		return -1;
	return 0;
}

int neigh_put(struct nl_msg *msg, const struct nsbox_neigh *n)
{
	if (put_str_if(msg, n->have, NSBOX_A_NEIGH_IFNAME, n->ifname) < 0 ||
	    nla_put(msg, NSBOX_A_NEIGH_ADDRESS, addr_len(n->family), n->address) < 0 ||
	    (NET_HAS(n, NSBOX_A_NEIGH_LLADDR) &&
	     nla_put(msg, NSBOX_A_NEIGH_LLADDR, sizeof(n->lladdr), n->lladdr) < 0))
		return -1;
	return 0;
}

/* nest + put, for NSBOX_A_SANDBOX_LINK and the like */
#define DEFINE_PUT_NEST(obj, type)						\
int obj##_put_nest(struct nl_msg *msg, int attr, const type *x)		\
{									\
	struct nlattr *nest = nla_nest_start(msg, attr | NLA_F_NESTED);	\
									\
	if (!nest || obj##_put(msg, x) < 0)				\
		return -1;						\
	return nla_nest_end(msg, nest) < 0 ? -1 : 0;			\
}

DEFINE_PUT_NEST(link, struct nsbox_link)
DEFINE_PUT_NEST(addr, struct nsbox_addr)
DEFINE_PUT_NEST(route, struct nsbox_route)
DEFINE_PUT_NEST(sysctl, struct nsbox_sysctl)
DEFINE_PUT_NEST(neigh, struct nsbox_neigh)

/* ------------------------------------------------------------------ */
/* Replies                                                             */

static uint32_t have_bits(struct nlattr *tb[], int max)
{
	uint32_t have = 0;
	int i;

	for (i = 1; i <= max; i++)
		if (tb[i])
			have |= NET_BIT(i);
	return have;
}

static uint32_t tb_u32(struct nlattr *tb[], int attr)
{
	return tb[attr] ? nla_get_u32(tb[attr]) : 0;
}

static void tb_str(struct nlattr *tb[], int attr, char *dst, size_t size)
{
	if (tb[attr])
		nla_strlcpy(dst, tb[attr], size);
}

/* An address attribute: its family by length, 4 or 16 bytes. */
static int tb_addr(struct nlattr *tb[], int attr, int *family, uint8_t *dst)
{
	int len = nla_len(tb[attr]);

	if (len != 4 && len != 16)
		return -EBADMSG;
	if (*family && *family != (len == 4 ? AF_INET : AF_INET6))
		return -EBADMSG;
	*family = len == 4 ? AF_INET : AF_INET6;
	memcpy(dst, nla_data(tb[attr]), len);
	return 0;
}

static void link_from_tb(struct nlattr *tb[], struct nsbox_link *l)
{
	memset(l, 0, sizeof(*l));
	l->have = have_bits(tb, NSBOX_A_LINK_MAX);
	tb_str(tb, NSBOX_A_LINK_SANDBOX, l->sandbox, sizeof(l->sandbox));
	tb_str(tb, NSBOX_A_LINK_IFNAME, l->ifname, sizeof(l->ifname));
	tb_str(tb, NSBOX_A_LINK_PEER_IFNAME, l->peer_ifname, sizeof(l->peer_ifname));
	tb_str(tb, NSBOX_A_LINK_PEER_SANDBOX, l->peer_sandbox, sizeof(l->peer_sandbox));
	tb_str(tb, NSBOX_A_LINK_HOST_IFNAME, l->host_ifname, sizeof(l->host_ifname));
	l->type = tb_u32(tb, NSBOX_A_LINK_TYPE);
	l->flags = tb_u32(tb, NSBOX_A_LINK_FLAGS);
	l->mtu = tb_u32(tb, NSBOX_A_LINK_MTU);
	l->txqueuelen = tb_u32(tb, NSBOX_A_LINK_TXQUEUELEN);
	l->owner = tb_u32(tb, NSBOX_A_LINK_OWNER);
	l->group = tb_u32(tb, NSBOX_A_LINK_GROUP);
	l->ifindex = tb_u32(tb, NSBOX_A_LINK_IFINDEX);
	l->operstate = tb_u32(tb, NSBOX_A_LINK_OPERSTATE);
	l->dev_flags = tb_u32(tb, NSBOX_A_LINK_DEV_FLAGS);
	tb_str(tb, NSBOX_A_LINK_MASTER, l->master, sizeof(l->master));
	tb_str(tb, NSBOX_A_LINK_PARENT, l->parent, sizeof(l->parent));
	l->mode = tb_u32(tb, NSBOX_A_LINK_MODE);
	l->vlan_id = tb_u32(tb, NSBOX_A_LINK_VLAN_ID);
	if (tb[NSBOX_A_LINK_ADDRESS] && nla_len(tb[NSBOX_A_LINK_ADDRESS]) == 6)
		memcpy(l->address, nla_data(tb[NSBOX_A_LINK_ADDRESS]), 6);
	else
		l->have &= ~NET_BIT(NSBOX_A_LINK_ADDRESS);
	l->vni = tb_u32(tb, NSBOX_A_LINK_VNI);
	l->port = tb_u32(tb, NSBOX_A_LINK_PORT);
	tb_str(tb, NSBOX_A_LINK_UNDERLAY, l->underlay, sizeof(l->underlay));
	/* a vxlan's addresses, of one family: one that is not is left out */
	if (tb[NSBOX_A_LINK_REMOTE] &&
	    tb_addr(tb, NSBOX_A_LINK_REMOTE, &l->vx_family, l->vx_remote))
		l->have &= ~NET_BIT(NSBOX_A_LINK_REMOTE);
	if (tb[NSBOX_A_LINK_VXLAN_GROUP] &&
	    tb_addr(tb, NSBOX_A_LINK_VXLAN_GROUP, &l->vx_family, l->vx_remote))
		l->have &= ~NET_BIT(NSBOX_A_LINK_VXLAN_GROUP);
	if (tb[NSBOX_A_LINK_LOCAL] && tb_addr(tb, NSBOX_A_LINK_LOCAL, &l->vx_family, l->vx_local))
		l->have &= ~NET_BIT(NSBOX_A_LINK_LOCAL);
}

const char *mac_str(const uint8_t *mac, char *buf)
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	return buf;
}

int link_parse_nest(struct nlattr *nest, struct nsbox_link *l)
{
	struct nlattr *tb[NSBOX_A_LINK_MAX + 1];

	if (nla_parse_nested(tb, NSBOX_A_LINK_MAX, nest, link_policy) ||
	    !tb[NSBOX_A_LINK_IFNAME])
		return -EBADMSG;
	link_from_tb(tb, l);
	return 0;
}

int link_parse_msg(struct nl_msg *msg, struct nsbox_link *l)
{
	struct nlattr *tb[NSBOX_A_LINK_MAX + 1];

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, NSBOX_A_LINK_MAX, link_policy) ||
	    !tb[NSBOX_A_LINK_IFNAME] || !tb[NSBOX_A_LINK_SANDBOX])
		return -EBADMSG;
	link_from_tb(tb, l);
	return 0;
}

int addr_parse_nest(struct nlattr *nest, struct nsbox_addr *a)
{
	struct nlattr *tb[NSBOX_A_ADDR_MAX + 1];

	memset(a, 0, sizeof(*a));
	if (nla_parse_nested(tb, NSBOX_A_ADDR_MAX, nest, addr_policy) ||
	    !tb[NSBOX_A_ADDR_ADDRESS] ||
	    tb_addr(tb, NSBOX_A_ADDR_ADDRESS, &a->family, a->address))
		return -EBADMSG;
	a->have = have_bits(tb, NSBOX_A_ADDR_MAX);
	tb_str(tb, NSBOX_A_ADDR_IFNAME, a->ifname, sizeof(a->ifname));
	a->prefixlen = tb[NSBOX_A_ADDR_PREFIXLEN] ? nla_get_u8(tb[NSBOX_A_ADDR_PREFIXLEN]) :
		       a->family == AF_INET ? 32 : 128;
	return 0;
}

int route_parse_nest(struct nlattr *nest, struct nsbox_route *r)
{
	struct nlattr *tb[NSBOX_A_ROUTE_MAX + 1], *ntb[NSBOX_A_NEXTHOP_MAX + 1], *nla;
	int rem;

	memset(r, 0, sizeof(*r));
	if (nla_parse_nested(tb, NSBOX_A_ROUTE_MAX, nest, route_policy))
		return -EBADMSG;
	if ((tb[NSBOX_A_ROUTE_DST] && tb_addr(tb, NSBOX_A_ROUTE_DST, &r->family, r->dst)) ||
	    (tb[NSBOX_A_ROUTE_GATEWAY] &&
	     tb_addr(tb, NSBOX_A_ROUTE_GATEWAY, &r->family, r->gateway)))
		return -EBADMSG;
	if (!r->family)		/* a default route, sent without a destination */
		r->family = AF_INET;
	r->have = have_bits(tb, NSBOX_A_ROUTE_MAX);
	r->dst_len = tb[NSBOX_A_ROUTE_DST_LEN] ? nla_get_u8(tb[NSBOX_A_ROUTE_DST_LEN]) : 0;
	tb_str(tb, NSBOX_A_ROUTE_IFNAME, r->ifname, sizeof(r->ifname));
	r->mtu = tb_u32(tb, NSBOX_A_ROUTE_MTU);
	r->advmss = tb_u32(tb, NSBOX_A_ROUTE_ADVMSS);
	r->metric = tb_u32(tb, NSBOX_A_ROUTE_METRIC);
	r->table = tb_u32(tb, NSBOX_A_ROUTE_TABLE);
	r->type = tb_u32(tb, NSBOX_A_ROUTE_TYPE);
	if (tb[NSBOX_A_ROUTE_SCOPE])
		r->scope = nla_get_u8(tb[NSBOX_A_ROUTE_SCOPE]);
	if (tb[NSBOX_A_ROUTE_SRC] && tb_addr(tb, NSBOX_A_ROUTE_SRC, &r->family, r->src))
		return -EBADMSG;
	nla_for_each_nested(nla, nest, rem) {
		if (nla_type(nla) != NSBOX_A_ROUTE_NEXTHOP)
			continue;
		if (r->nnh == ARRAY_SIZE(r->nh) ||
		    nla_parse_nested(ntb, NSBOX_A_NEXTHOP_MAX, nla, nexthop_policy) ||
		    (ntb[NSBOX_A_NEXTHOP_GATEWAY] &&
		     tb_addr(ntb, NSBOX_A_NEXTHOP_GATEWAY, &r->family, r->nh[r->nnh].gateway)))
			return -EBADMSG;
		r->nh[r->nnh].has_gw = ntb[NSBOX_A_NEXTHOP_GATEWAY];
		tb_str(ntb, NSBOX_A_NEXTHOP_IFNAME, r->nh[r->nnh].ifname,
		       sizeof(r->nh[r->nnh].ifname));
		r->nh[r->nnh].weight = ntb[NSBOX_A_NEXTHOP_WEIGHT] ?
				       nla_get_u32(ntb[NSBOX_A_NEXTHOP_WEIGHT]) : 1;
		r->nh[r->nnh].has_weight = true;
		r->nnh++;
	}
	return 0;
}

int sysctl_parse_nest(struct nlattr *nest, struct nsbox_sysctl *s)
{
	struct nlattr *tb[NSBOX_A_SYSCTL_MAX + 1];

	memset(s, 0, sizeof(*s));
	if (nla_parse_nested(tb, NSBOX_A_SYSCTL_MAX, nest, sysctl_policy) ||
	    !tb[NSBOX_A_SYSCTL_KEY] || !tb[NSBOX_A_SYSCTL_VALUE])
		return -EBADMSG;
	s->have = have_bits(tb, NSBOX_A_SYSCTL_MAX);
	tb_str(tb, NSBOX_A_SYSCTL_KEY, s->key, sizeof(s->key));
	tb_str(tb, NSBOX_A_SYSCTL_VALUE, s->value, sizeof(s->value));
	return 0;
}

int neigh_parse_nest(struct nlattr *nest, struct nsbox_neigh *n)
{
	struct nlattr *tb[NSBOX_A_NEIGH_MAX + 1];

	memset(n, 0, sizeof(*n));
	if (nla_parse_nested(tb, NSBOX_A_NEIGH_MAX, nest, neigh_policy) ||
	    !tb[NSBOX_A_NEIGH_ADDRESS] ||
	    tb_addr(tb, NSBOX_A_NEIGH_ADDRESS, &n->family, n->address))
		return -EBADMSG;
	if (tb[NSBOX_A_NEIGH_LLADDR]) {
		if (nla_len(tb[NSBOX_A_NEIGH_LLADDR]) != sizeof(n->lladdr))
			return -EBADMSG;
		memcpy(n->lladdr, nla_data(tb[NSBOX_A_NEIGH_LLADDR]), sizeof(n->lladdr));
	}
	n->have = have_bits(tb, NSBOX_A_NEIGH_MAX);
	tb_str(tb, NSBOX_A_NEIGH_IFNAME, n->ifname, sizeof(n->ifname));
	return 0;
}

/* ------------------------------------------------------------------ */
/* Output                                                              */

/* names[v], or v in decimal when this version does not know it */
static const char *enum_name(const char *const *names, size_t n, uint32_t v,
			     char *buf, size_t size)
{
	if (v < n && names[v])
		return names[v];
	snprintf(buf, size, "%u", v);
	return buf;
}

const char *link_type_name(uint32_t type, char *buf, size_t size)
{
	return enum_name(link_type_names, ARRAY_SIZE(link_type_names), type, buf, size);
}

const char *link_mode_name(uint32_t mode, char *buf, size_t size)
{
	return enum_name(link_mode_names, ARRAY_SIZE(link_mode_names), mode, buf, size);
}

/*
 * inet_ntop(), with IPv4 by hand: glibc formats it with sprintf(), the
 * largest cost of listing thousands of sandboxes after the kernel's.
 */
static const char *ip_ntop(int family, const void *addr, char *buf, socklen_t size)
{
	const unsigned char *b = addr;
	char *p = buf;
	unsigned int i;

	if (family != AF_INET || size < INET_ADDRSTRLEN)
		return inet_ntop(family, addr, buf, size);
	for (i = 0; i < 4; i++) {
		if (b[i] >= 100)
			*p++ = '0' + b[i] / 100;
		if (b[i] >= 10)
			*p++ = '0' + b[i] / 10 % 10;
		*p++ = '0' + b[i] % 10;
		*p++ = i < 3 ? '.' : '\0';
	}
	return buf;
}

/*
 * "ADDRESS/LEN" in buf (NET_PREFIX_STRLEN); by hand, as a list of
 * thousands of sandboxes formats one or more each and printf is the slow
 * way to append a number.
 */
static const char *prefix_str(int family, const void *addr, unsigned int len, char *buf)
{
	char *p;

	if (!ip_ntop(family, addr, buf, INET6_ADDRSTRLEN))
		strcpy(buf, "?");
	p = buf + strlen(buf);
	*p++ = '/';
	if (len >= 100)
		*p++ = '0' + len / 100 % 10;
	if (len >= 10)
		*p++ = '0' + len / 10 % 10;
	*p++ = '0' + len % 10;
	*p = '\0';
	return buf;
}

const char *addr_str(const struct nsbox_addr *a, char *buf)
{
	return prefix_str(a->family, a->address, a->prefixlen, buf);
}

/* flags: ["multi_queue", "pi"] in JSON, " flags multi_queue,pi" in text if any */
static void print_link_flags(struct output *out, uint32_t flags)
{
	unsigned int bit, n = 0;
	char unknown[16];
	const char *name;

	open_json_array(out, "flags");
	for (bit = 0; bit < 32; bit++) {
		if (!(flags & (1u << bit)))
			continue;
		if (bit < ARRAY_SIZE(link_flag_names)) {
			name = link_flag_names[bit];
		} else {
			snprintf(unknown, sizeof(unknown), "0x%x", 1u << bit);
			name = unknown;
		}
		print_string(out, NULL, n++ ? ",%s" : " flags %s", name);
	}
	close_json_array(out);
}

void link_print(struct output *out, const struct nsbox_link *l,
		const struct nsbox_addr *addrs, size_t naddrs, const char *sep)
{
	char ip[INET6_ADDRSTRLEN];
	char buf[NET_PREFIX_STRLEN];
	size_t i;

	open_json_object(out, NULL);
	print_text(out, "%slink ", sep);
	print_string(out, "ifname", "%s", l->ifname);
	if (NET_HAS(l, NSBOX_A_LINK_IFINDEX))
		print_uint(out, "ifindex", " ifindex %u", l->ifindex);
	if (NET_HAS(l, NSBOX_A_LINK_TYPE))
		print_string(out, "type", " type %s", link_type_name(l->type, buf, sizeof(buf)));
	if (NET_HAS(l, NSBOX_A_LINK_FLAGS) || out->json)
		print_link_flags(out, l->flags);
	if (NET_HAS(l, NSBOX_A_LINK_MTU))
		print_uint(out, "mtu", " mtu %u", l->mtu);
	if (NET_HAS(l, NSBOX_A_LINK_TXQUEUELEN))
		print_uint(out, "txqlen", " txqueuelen %u", l->txqueuelen);
	if (NET_HAS(l, NSBOX_A_LINK_OWNER))
		print_uint(out, "owner", " owner %u", l->owner);
	if (NET_HAS(l, NSBOX_A_LINK_GROUP))
		print_uint(out, "group", " group %u", l->group);
	if (NET_HAS(l, NSBOX_A_LINK_PEER_IFNAME))
		print_string(out, "peer", " peer %s", l->peer_ifname);
	if (NET_HAS(l, NSBOX_A_LINK_PEER_SANDBOX))
		print_string(out, "peer_sandbox", " peer-sandbox %s", l->peer_sandbox);
	if (NET_HAS(l, NSBOX_A_LINK_ADDRESS))
		print_string(out, "address", " address %s", mac_str(l->address, buf));
	if (NET_HAS(l, NSBOX_A_LINK_MASTER))
		print_string(out, "master", " master %s", l->master);
	if (NET_HAS(l, NSBOX_A_LINK_PARENT))
		print_string(out, "parent", " parent %s", l->parent);
	if (NET_HAS(l, NSBOX_A_LINK_MODE))
		print_string(out, "mode", " mode %s",
			     enum_name(link_mode_names, ARRAY_SIZE(link_mode_names), l->mode,
				       buf, sizeof(buf)));
	if (NET_HAS(l, NSBOX_A_LINK_VLAN_ID))
		print_uint(out, "id", " id %u", l->vlan_id);
	if (NET_HAS(l, NSBOX_A_LINK_HOST_IFNAME))
		print_string(out, "host_ifname", " host %s", l->host_ifname);
	if (NET_HAS(l, NSBOX_A_LINK_VNI))
		print_uint(out, "vni", " vni %u", l->vni);
	if (NET_HAS(l, NSBOX_A_LINK_REMOTE))
		print_string(out, "remote", " remote %s",
			     ip_ntop(l->vx_family, l->vx_remote, ip, sizeof(ip)));
	if (NET_HAS(l, NSBOX_A_LINK_VXLAN_GROUP))
		print_string(out, "group", " group %s",
			     ip_ntop(l->vx_family, l->vx_remote, ip, sizeof(ip)));
	if (NET_HAS(l, NSBOX_A_LINK_LOCAL))
		print_string(out, "local", " local %s",
			     ip_ntop(l->vx_family, l->vx_local, ip, sizeof(ip)));
	if (NET_HAS(l, NSBOX_A_LINK_PORT))
		print_uint(out, "port", " port %u", l->port);
	if (NET_HAS(l, NSBOX_A_LINK_UNDERLAY))
		print_string(out, "dev", " dev %s", l->underlay);
	if (NET_HAS(l, NSBOX_A_LINK_OPERSTATE))
		print_string(out, "operstate", " state %s",
			     enum_name(operstate_names, ARRAY_SIZE(operstate_names),
				       l->operstate, buf, sizeof(buf)));
	if (NET_HAS(l, NSBOX_A_LINK_DEV_FLAGS) && out->json)
		jw_bool(&out->jw, "up", l->dev_flags & IFF_UP);

	open_json_array(out, "addresses");
	for (i = 0; i < naddrs; i++)
		if (!strcmp(addrs[i].ifname, l->ifname))
			print_string(out, NULL, " addr %s", addr_str(&addrs[i], buf));
	close_json_array(out);
	close_json_object(out);
}

void route_print(struct output *out, const struct nsbox_route *r, const char *sep)
{
	char ip[INET6_ADDRSTRLEN], buf[NET_PREFIX_STRLEN];
	unsigned int i;

	open_json_object(out, NULL);
	print_text(out, "%sroute ", sep);
	if (r->dst_len) {
		print_string(out, "dst", "%s", prefix_str(r->family, r->dst, r->dst_len, buf));
	} else {
		print_string(out, "dst", "%s", "default");
	}
	if (NET_HAS(r, NSBOX_A_ROUTE_GATEWAY))
		print_string(out, "gateway", " via %s",
			     ip_ntop(r->family, r->gateway, ip, sizeof(ip)));
	if (NET_HAS(r, NSBOX_A_ROUTE_IFNAME))
		print_string(out, "dev", " dev %s", r->ifname);
	if (NET_HAS(r, NSBOX_A_ROUTE_MTU))
		print_uint(out, "mtu", " mtu %u", r->mtu);
	if (NET_HAS(r, NSBOX_A_ROUTE_ADVMSS))
		print_uint(out, "advmss", " advmss %u", r->advmss);
	if (NET_HAS(r, NSBOX_A_ROUTE_METRIC))
		print_uint(out, "metric", " metric %u", r->metric);
	if (NET_HAS(r, NSBOX_A_ROUTE_TABLE))
		print_uint(out, "table", " table %u", r->table);
	if (NET_HAS(r, NSBOX_A_ROUTE_SRC))
		print_string(out, "src", " src %s", ip_ntop(r->family, r->src, ip, sizeof(ip)));
	if (NET_HAS(r, NSBOX_A_ROUTE_SCOPE)) {
		snprintf(buf, sizeof(buf), "%u", r->scope);
		for (i = 0; i < ARRAY_SIZE(route_scopes); i++)
			if (route_scopes[i].scope == r->scope)
				snprintf(buf, sizeof(buf), "%s", route_scopes[i].name);
		print_string(out, "scope", " scope %s", buf);
	}
	if (NET_HAS(r, NSBOX_A_ROUTE_ONLINK)) {
		print_text(out, " onlink");
		if (out->json)
			jw_bool(&out->jw, "onlink", true);
	}
	if (NET_HAS(r, NSBOX_A_ROUTE_TYPE))
		print_string(out, "type", " type %s",
			     enum_name(route_type_names, ARRAY_SIZE(route_type_names), r->type,
				       buf, sizeof(buf)));
	if (r->nnh) {
		open_json_array(out, "nexthops");
		for (i = 0; i < r->nnh; i++) {
			open_json_object(out, NULL);
			print_text(out, " nexthop");
			if (r->nh[i].has_gw)
				print_string(out, "gateway", " via %s",
					     ip_ntop(r->family, r->nh[i].gateway, ip, sizeof(ip)));
			if (r->nh[i].ifname[0])
				print_string(out, "dev", " dev %s", r->nh[i].ifname);
			print_uint(out, "weight", " weight %u", r->nh[i].weight);
			close_json_object(out);
		}
		close_json_array(out);
	}
	close_json_object(out);
}

void addr_print(struct output *out, const struct nsbox_addr *a, const char *sep)
{
	char buf[NET_PREFIX_STRLEN];

	open_json_object(out, NULL);
	print_text(out, "%saddr ", sep);
	print_string(out, "address", "%s", addr_str(a, buf));
	if (NET_HAS(a, NSBOX_A_ADDR_IFNAME))
		print_string(out, "dev", " dev %s", a->ifname);
	close_json_object(out);
}

void sysctl_print(struct output *out, const struct nsbox_sysctl *s, const char *sep)
{
	open_json_object(out, NULL);
	print_text(out, "%ssysctl ", sep);
	print_string(out, "key", "%s", s->key);
	if (strchr(s->value, ' '))
		print_string(out, "value", "=\"%s\"", s->value);
	else
		print_string(out, "value", "=%s", s->value);
	close_json_object(out);
}

void neigh_print(struct output *out, const struct nsbox_neigh *n, const char *sep)
{
	char ip[INET6_ADDRSTRLEN], mac[18];
	const uint8_t *m = n->lladdr;

	open_json_object(out, NULL);
	print_text(out, "%sneigh ", sep);
	print_string(out, "dst", "%s", ip_ntop(n->family, n->address, ip, sizeof(ip)));
	if (NET_HAS(n, NSBOX_A_NEIGH_LLADDR)) {
		snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
			 m[0], m[1], m[2], m[3], m[4], m[5]);
		print_string(out, "lladdr", " lladdr %s", mac);
	}
	if (NET_HAS(n, NSBOX_A_NEIGH_IFNAME))
		print_string(out, "dev", " dev %s", n->ifname);
	close_json_object(out);
}

/* ------------------------------------------------------------------ */
/* What an error points at                                             */

enum attr_kind { K_STR, K_U32, K_U8, K_ADDR, K_FLAG, K_MAC };

struct attr_word {
	const char *word;
	enum attr_kind kind;
};

static const struct attr_word link_words[NSBOX_A_LINK_MAX + 1] = {
	[NSBOX_A_LINK_SANDBOX]		= { "sandbox", K_STR },
	[NSBOX_A_LINK_IFNAME]		= { "dev", K_STR },
	[NSBOX_A_LINK_TYPE]		= { "type", K_U32 },
	[NSBOX_A_LINK_FLAGS]		= { "flags", K_U32 },
	[NSBOX_A_LINK_MTU]		= { "mtu", K_U32 },
	[NSBOX_A_LINK_TXQUEUELEN]	= { "txqueuelen", K_U32 },
	[NSBOX_A_LINK_OWNER]		= { "owner", K_U32 },
	[NSBOX_A_LINK_GROUP]		= { "group", K_U32 },
	[NSBOX_A_LINK_PEER_IFNAME]	= { "peer", K_STR },
	[NSBOX_A_LINK_PEER_SANDBOX]	= { "sandbox", K_STR },
	[NSBOX_A_LINK_ADDRESS]		= { "address", K_MAC },
	[NSBOX_A_LINK_MASTER]		= { "master", K_STR },
	[NSBOX_A_LINK_NOMASTER]		= { "nomaster", K_FLAG },
	[NSBOX_A_LINK_UP]		= { "up", K_U8 },
	[NSBOX_A_LINK_PARENT]		= { "parent", K_STR },
	[NSBOX_A_LINK_MODE]		= { "mode", K_U32 },
	[NSBOX_A_LINK_VLAN_ID]		= { "id", K_U32 },
	[NSBOX_A_LINK_HOST_IFNAME]	= { "host device", K_STR },
	[NSBOX_A_LINK_VNI]		= { "vni", K_U32 },
	[NSBOX_A_LINK_REMOTE]		= { "remote", K_ADDR },
	[NSBOX_A_LINK_VXLAN_GROUP]	= { "group", K_ADDR },
	[NSBOX_A_LINK_LOCAL]		= { "local", K_ADDR },
	[NSBOX_A_LINK_PORT]		= { "port", K_U32 },
	[NSBOX_A_LINK_UNDERLAY]		= { "dev", K_STR },
};

static const struct attr_word addr_words[NSBOX_A_ADDR_MAX + 1] = {
	[NSBOX_A_ADDR_SANDBOX]		= { "sandbox", K_STR },
	[NSBOX_A_ADDR_IFNAME]		= { "dev", K_STR },
	[NSBOX_A_ADDR_ADDRESS]		= { "address", K_ADDR },
	[NSBOX_A_ADDR_PREFIXLEN]	= { "prefix length", K_U8 },
	[NSBOX_A_ADDR_REPLACE]		= { "replace", K_FLAG },
};

static const struct attr_word route_words[NSBOX_A_ROUTE_MAX + 1] = {
	[NSBOX_A_ROUTE_SANDBOX]		= { "sandbox", K_STR },
	[NSBOX_A_ROUTE_DST]		= { "destination", K_ADDR },
	[NSBOX_A_ROUTE_DST_LEN]		= { "prefix length", K_U8 },
	[NSBOX_A_ROUTE_GATEWAY]		= { "via", K_ADDR },
	[NSBOX_A_ROUTE_IFNAME]		= { "dev", K_STR },
	[NSBOX_A_ROUTE_MTU]		= { "mtu", K_U32 },
	[NSBOX_A_ROUTE_ADVMSS]		= { "advmss", K_U32 },
	[NSBOX_A_ROUTE_METRIC]		= { "metric", K_U32 },
	[NSBOX_A_ROUTE_TABLE]		= { "table", K_U32 },
	[NSBOX_A_ROUTE_REPLACE]		= { "replace", K_FLAG },
	[NSBOX_A_ROUTE_SRC]		= { "src", K_ADDR },
	[NSBOX_A_ROUTE_ONLINK]		= { "onlink", K_FLAG },
	[NSBOX_A_ROUTE_SCOPE]		= { "scope", K_U8 },
	[NSBOX_A_ROUTE_TYPE]		= { "type", K_U32 },
	[NSBOX_A_ROUTE_NEXTHOP]		= { "nexthop", K_FLAG },
};

static const struct attr_word sysctl_words[NSBOX_A_SYSCTL_MAX + 1] = {
	[NSBOX_A_SYSCTL_SANDBOX]	= { "sandbox", K_STR },
	[NSBOX_A_SYSCTL_KEY]		= { "sysctl", K_STR },
	[NSBOX_A_SYSCTL_VALUE]		= { "value", K_STR },
};

static const struct attr_word neigh_words[NSBOX_A_NEIGH_MAX + 1] = {
	[NSBOX_A_NEIGH_SANDBOX]		= { "sandbox", K_STR },
	[NSBOX_A_NEIGH_IFNAME]		= { "dev", K_STR },
	[NSBOX_A_NEIGH_ADDRESS]		= { "address", K_ADDR },
	[NSBOX_A_NEIGH_LLADDR]		= { "lladdr", K_MAC },
};

static const struct attr_word sandbox_words[NSBOX_A_SANDBOX_MAX + 1] = {
	[NSBOX_A_SANDBOX_ID]		= { "id", K_U32 },
	[NSBOX_A_SANDBOX_NAME]		= { "name", K_STR },
	[NSBOX_A_SANDBOX_HOSTNAME]	= { "hostname", K_STR },
	[NSBOX_A_SANDBOX_FLAGS]		= { "flags", K_U32 },
	[NSBOX_A_SANDBOX_LINK]		= { "link", K_FLAG },
	[NSBOX_A_SANDBOX_ADDR]		= { "addr", K_FLAG },
	[NSBOX_A_SANDBOX_ROUTE]		= { "route", K_FLAG },
	[NSBOX_A_SANDBOX_ADOPT_FD]	= { "netns", K_FLAG },
	[NSBOX_A_SANDBOX_ADOPT_PID]	= { "pid", K_U32 },
	[NSBOX_A_SANDBOX_SYSCTL]	= { "sysctl", K_FLAG },
	[NSBOX_A_SANDBOX_NEIGH]		= { "neigh", K_FLAG },
};

void nsbox_attr_describe(uint8_t cmd, const struct nlattr *outer, const struct nlattr *nla,
			 char *buf, size_t size)
{
	const struct attr_word *words = NULL, *w;
	const char *prefix = "";
	char val[INET6_ADDRSTRLEN + 1] = "";
	int n = 0, type = nla_type(nla), len = nla_len(nla);

	*buf = '\0';
	switch (outer ? nla_type(outer) : -1) {
	case NSBOX_A_SANDBOX_LINK:
		cmd = NSBOX_CMD_LINK_NEW;
		prefix = "link ";
		break;
	case NSBOX_A_SANDBOX_ADDR:
		cmd = NSBOX_CMD_ADDR_NEW;
		prefix = "addr ";
		break;
	case NSBOX_A_SANDBOX_ROUTE:
		cmd = NSBOX_CMD_ROUTE_NEW;
		prefix = "route ";
		break;
	case NSBOX_A_SANDBOX_SYSCTL:
		cmd = NSBOX_CMD_SYSCTL_SET;
		break;
	case NSBOX_A_SANDBOX_NEIGH:
		cmd = NSBOX_CMD_NEIGH_NEW;
		prefix = "neigh ";
		break;
	}
	switch (cmd) {
	case NSBOX_CMD_LINK_NEW:
	case NSBOX_CMD_LINK_DEL:
	case NSBOX_CMD_LINK_MOVE:
	case NSBOX_CMD_LINK_RELEASE:
	case NSBOX_CMD_LINK_SET:
		words = link_words;
		n = ARRAY_SIZE(link_words);
		break;
	case NSBOX_CMD_ADDR_NEW:
	case NSBOX_CMD_ADDR_DEL:
		words = addr_words;
		n = ARRAY_SIZE(addr_words);
		break;
	case NSBOX_CMD_ROUTE_NEW:
	case NSBOX_CMD_ROUTE_DEL:
		words = route_words;
		n = ARRAY_SIZE(route_words);
		break;
	case NSBOX_CMD_SYSCTL_SET:
		words = sysctl_words;
		n = ARRAY_SIZE(sysctl_words);
		break;
	case NSBOX_CMD_NEIGH_NEW:
	case NSBOX_CMD_NEIGH_DEL:
		words = neigh_words;
		n = ARRAY_SIZE(neigh_words);
		break;
	case NSBOX_CMD_SANDBOX_NEW:
	case NSBOX_CMD_SANDBOX_DEL:
	case NSBOX_CMD_SANDBOX_GET:
		words = sandbox_words;
		n = ARRAY_SIZE(sandbox_words);
		break;
	}
	if (!words || type >= n || !words[type].word)
		return;
	w = &words[type];
	if (w->kind == K_STR && len > 0)
		snprintf(val, sizeof(val), " %.*s", (int)strnlen(nla_data(nla), len),
			 (const char *)nla_data(nla));
	else if (w->kind == K_U32 && len == 4)
		snprintf(val, sizeof(val), " %u", nla_get_u32((struct nlattr *)nla));
	else if (w->kind == K_U8 && len == 1)
		snprintf(val, sizeof(val), " %u", nla_get_u8((struct nlattr *)nla));
	else if (w->kind == K_ADDR && (len == 4 || len == 16)) {
		val[0] = ' ';
		ip_ntop(len == 4 ? AF_INET : AF_INET6, nla_data(nla), val + 1,
			  sizeof(val) - 1);
	} else if (w->kind == K_MAC && len == 6) {
		const uint8_t *m = nla_data(nla);

		snprintf(val, sizeof(val), " %02x:%02x:%02x:%02x:%02x:%02x",
			 m[0], m[1], m[2], m[3], m[4], m[5]);
		val[0] = ' ';
		mac_str(nla_data(nla), val + 1);
	}
	snprintf(buf, size, "%s%s%s", prefix, w->word, val);
}
