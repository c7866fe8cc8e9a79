// SPDX-License-Identifier: GPL-2.0
/*
 * What nsbox-fuzz sends. Every request starts as a valid one (or a valid
 * one with one invalid value), built from small pools of names so that
 * concurrent requests collide; the garbage category then mutates it: lengths,
 * types, flags, headers, truncation, nests of random bytes, nests in nests,
 * huge and unterminated strings, missing attributes, several messages in one
 * datagram.
 *
 * Two rules keep the fuzzing on nsbox and the host intact:
 *  - the kernel never sees a message of another family: nlmsg_type is only
 *    ever nsbox's, the controller's (read-only) or a control type, and no
 *    mutation can make the kernel read a message header out of attribute
 *    bytes (a shortened nlmsg_len also shortens the datagram);
 *  - every sandbox it can create has a name starting with FUZZ_PREFIX
 *    (sanitize_names()), so that the cleanup finds them all and no other.
 */

#include <stdio.h>
#include <string.h>

#include "fuzz.h"

void msg_begin(struct msg *m, uint16_t type, uint16_t flags, uint32_t seq,
	       uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	m->len = NLMSG_ALIGN(m->len);
	if (m->len + NLMSG_LENGTH(GENL_HDRLEN) > sizeof(m->buf) || m->nmsgs >= 8) {
		m->full = true;
		return;
	}
	m->nlh = m->len;
	nlh = (struct nlmsghdr *)(m->buf + m->len);
	memset(nlh, 0, NLMSG_LENGTH(GENL_HDRLEN));
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	g = NLMSG_DATA(nlh);
	g->cmd = cmd;
	g->version = version;
	m->len += NLMSG_LENGTH(GENL_HDRLEN);
	m->nnests = 0;
	/* the attributes recorded are the current message's: mutations stay in it */
	m->nattrs = 0;
	m->seqs[m->nmsgs++] = seq;
	if (m->nmsgs == 1) {
		m->cmd = cmd;
		m->dump = (flags & NLM_F_DUMP) == NLM_F_DUMP;
	}
	msg_end(m);
}

void msg_end(struct msg *m)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)(m->buf + m->nlh);

	nlh->nlmsg_len = m->len - m->nlh;
}

uint32_t msg_put(struct msg *m, uint16_t type, const void *data, uint32_t len, int kind)
{
	struct nlattr *nla;
	uint32_t off = m->len;

	if (len > 0xffff - NLA_HDRLEN || off + NLA_HDRLEN + NLA_ALIGN(len) > sizeof(m->buf)) {
		m->full = true;
		return 0;
	}
	nla = (struct nlattr *)(m->buf + off);
	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	if (len && data)
		memcpy(m->buf + off + NLA_HDRLEN, data, len);
	else if (len)
		memset(m->buf + off + NLA_HDRLEN, 0, len);
	/* the padding: zero, as a real sender would */
	memset(m->buf + off + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	m->len = off + NLA_HDRLEN + NLA_ALIGN(len);
	if (m->nattrs < FUZZ_MAX_ATTRS) {
		m->attrs[m->nattrs].off = off;
		m->attrs[m->nattrs].depth = m->nnests;
		m->attrs[m->nattrs].kind = kind;
		m->nattrs++;
	}
	msg_end(m);
	return off;
}

void msg_put_str(struct msg *m, uint16_t type, const char *s)
{
	msg_put(m, type, s, strlen(s) + 1, ATTR_STR);
}

void msg_put_u32(struct msg *m, uint16_t type, uint32_t v)
{
	msg_put(m, type, &v, sizeof(v), ATTR_U32);
}

void msg_put_u8(struct msg *m, uint16_t type, uint8_t v)
{
	msg_put(m, type, &v, sizeof(v), ATTR_U8);
}

static void msg_put_flag(struct msg *m, uint16_t type)
{
	msg_put(m, type, NULL, 0, ATTR_FLAG);
}

void msg_nest_start(struct msg *m, uint16_t type)
{
	uint32_t off = msg_put(m, type | NLA_F_NESTED, NULL, 0, ATTR_NEST);

	if (m->nnests < sizeof(m->nests) / sizeof(m->nests[0]))
		m->nests[m->nnests++] = off;
	else
		m->full = true;
}

void msg_nest_end(struct msg *m)
{
	struct nlattr *nla;

	if (!m->nnests)
		return;
	nla = (struct nlattr *)(m->buf + m->nests[--m->nnests]);
	if (m->len - ((unsigned char *)nla - m->buf) <= 0xffff)
		nla->nla_len = m->len - ((unsigned char *)nla - m->buf);
	else
		m->full = true;
}

static void msg_reset(struct msg *m)
{
	m->len = 0;
	m->nlh = 0;
	m->nnests = 0;
	m->nattrs = 0;
	m->full = false;
	m->nmsgs = 0;
	m->cmd = 0;
	m->dump = false;
	m->need_barrier = false;
	m->nsfds = false;
	m->helper = false;
	m->valid = false;
	m->owned = false;
	m->name = NULL;
}

/* ---- pools: few names, so that requests of all threads collide ---- */

static const char * const pool[] = { "fz0", "fz1", "fz2", "fz3", "fz4", "fz5" };

const char *pool_name(struct rng *r)
{
	return pool[rnd(r, sizeof(pool) / sizeof(pool[0]))];
}

static const char *ifname_pick(struct rng *r)
{
	static const char * const n[] = { "t0", "t1", "tp0", "v0", "v1", "x0", "d0", "b0" };

	return n[rnd(r, sizeof(n) / sizeof(n[0]))];
}

/*
 * The name in an attribute's @len bytes, as the kernel reads an
 * NLA_NUL_STRING of at most 63 characters (up to the first NUL, which must
 * be there): valid by the documented alphabet [A-Za-z0-9_.-] (@latin1
 * false), or by what nsbox_name_ok() takes (@latin1 true: the kernel's
 * isalnum() is Latin-1's, so bytes 0xc0-0xff but 0xd7 and 0xf7 pass).
 */
static bool name_ok(const char *p, size_t len, bool latin1)
{
	size_t n, i;
	const char *nul;

	if (len > NSBOX_NAME_MAX + 1)
		len = NSBOX_NAME_MAX + 1;
	nul = memchr(p, 0, len);
	if (!nul)
		return false;
	n = nul - p;
	if (!n || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = p[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-') &&
		    !(latin1 && c >= 0xc0 && c != 0xd7 && c != 0xf7))
			return false;
	}
	return true;
}

bool name_valid(const char *p, size_t len)
{
	return name_ok(p, len, false);
}

bool name_kernel_ok(const char *p, size_t len)
{
	return name_ok(p, len, true);
}

/* Whatever the mutations did, a SANDBOX_NEW that could succeed names a
 * sandbox FUZZ_PREFIX*: any other valid name is made invalid. */
void sanitize_names(struct msg *m)
{
	uint32_t off = 0;

	while (off + NLMSG_HDRLEN <= m->len) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)(m->buf + off);
		uint32_t end, a;

		if (nlh->nlmsg_len < NLMSG_HDRLEN || nlh->nlmsg_len > m->len - off)
			break;
		end = off + nlh->nlmsg_len;
		if (nlh->nlmsg_type == fuzz_family &&
		    nlh->nlmsg_len >= NLMSG_LENGTH(GENL_HDRLEN) &&
		    ((struct genlmsghdr *)NLMSG_DATA(nlh))->cmd == NSBOX_CMD_SANDBOX_NEW) {
			for (a = off + NLMSG_LENGTH(GENL_HDRLEN); a + NLA_HDRLEN <= end;) {
				struct nlattr *nla = (struct nlattr *)(m->buf + a);
				char *data = (char *)nla + NLA_HDRLEN;
				size_t dlen;

				if (nla->nla_len < NLA_HDRLEN || nla->nla_len > end - a)
					break;
				dlen = nla->nla_len - NLA_HDRLEN;
				if ((nla->nla_type & NLA_TYPE_MASK) == NSBOX_A_SANDBOX_NAME &&
				    name_ok(data, dlen, true) &&
				    strncmp(data, FUZZ_PREFIX, strlen(FUZZ_PREFIX)))
					data[0] = '/';
				a += NLA_ALIGN(nla->nla_len);
			}
		}
		off += NLMSG_ALIGN(nlh->nlmsg_len);
	}
}

/* ---- values ---- */

static void put_ip(struct msg *m, uint16_t type, bool v6, uint8_t net, uint8_t host)
{
	uint8_t a[16] = { 0 };

	if (v6) {
		a[0] = 0xfd;
		a[3] = 0x20;
		a[5] = net;
		a[15] = host;
		msg_put(m, type, a, 16, ATTR_BIN);
	} else {
		a[0] = 10;
		a[1] = 200;
		a[2] = net;
		a[3] = host;
		msg_put(m, type, a, 4, ATTR_BIN);
	}
}

/* A string of a troublesome kind, for names, hostnames and ifnames. */
static void put_odd_string(struct rng *r, struct msg *m, uint16_t type)
{
	static __thread char big[FUZZ_MSG_MAX / 2];
	static const uint32_t sizes[] = { 15, 16, 17, 63, 64, 65, 66, 200, 1000, 4096, 30000 };
	uint32_t n;
	unsigned int i;

	switch (rnd(r, 8)) {
	case 0:	/* long, NUL-terminated */
		n = sizes[rnd(r, sizeof(sizes) / sizeof(sizes[0]))];
		for (i = 0; i < n && i < sizeof(big); i++)
			big[i] = 'a' + rnd(r, 26);
		big[n - 1] = 0;
		msg_put(m, type, big, n, ATTR_STR);
		break;
	case 1:	/* long, no NUL */
		n = sizes[rnd(r, sizeof(sizes) / sizeof(sizes[0]))];
		memset(big, 'b', n);
		msg_put(m, type, big, n, ATTR_BIN);
		break;
	case 2:	/* no NUL, short */
		msg_put(m, type, "fz0", 3, ATTR_BIN);
		break;
	case 3:	/* empty: only the NUL, or nothing at all */
		msg_put(m, type, "", rnd(r, 2), ATTR_STR);
		break;
	case 4: {
		static const char * const bad[] = {
			".", "..", "a/b", "a b", "fz%d", "fz\n", "fz\xff", "-", "fz:1", "fz0\0hidden",
		};
		const char *s = bad[rnd(r, sizeof(bad) / sizeof(bad[0]))];

		/* "fz0\0hidden": something after the NUL */
		msg_put(m, type, s, strcmp(s, "fz0") ? strlen(s) + 1 : 11, ATTR_STR);
		break;
	}
	case 5:	/* the NUL in the middle, garbage after */
		memcpy(big, "fz1\0\x01\x02\x03", 7);
		msg_put(m, type, big, 7, ATTR_BIN);
		break;
	case 6:	/* random bytes */
		n = 1 + rnd(r, 80);
		for (i = 0; i < n; i++)
			big[i] = rnd(r, 256);
		msg_put(m, type, big, n, ATTR_BIN);
		break;
	default: /* NSBOX_NAME_MAX valid characters: the longest valid name */
		memset(big, 'z', NSBOX_NAME_MAX);
		memcpy(big, FUZZ_PREFIX, strlen(FUZZ_PREFIX));
		big[NSBOX_NAME_MAX] = 0;
		msg_put(m, type, big, NSBOX_NAME_MAX + 1, ATTR_STR);
		break;
	}
}

/* An attribute of random type and random content. */
static void put_random_attr(struct rng *r, struct msg *m, uint16_t maxtype)
{
	static __thread unsigned char junk[9000];
	static const uint32_t sizes[] = { 0, 1, 2, 3, 4, 5, 7, 8, 12, 16, 17, 64, 255, 1024, 8192 };
	uint16_t type = rnd(r, maxtype + 4);
	uint32_t n, i;

	if (chance(r, 100))
		type |= NLA_F_NESTED;
	if (chance(r, 50))
		type |= NLA_F_NET_BYTEORDER;
	if (chance(r, 20))
		type = rnd(r, 0x10000);
	switch (rnd(r, 4)) {
	case 0:
		put_odd_string(r, m, type);
		return;
	default:
		n = sizes[rnd(r, sizeof(sizes) / sizeof(sizes[0]))];
		for (i = 0; i < n; i++)
			junk[i] = rnd(r, 4) ? rnd(r, 256) : 0;
		msg_put(m, type, junk, n, ATTR_BIN);
	}
}

/* Nested garbage: random bytes, random attributes, nests in nests. */
static void put_nested_garbage(struct rng *r, struct msg *m, uint16_t type, int depth)
{
	unsigned char junk[96];
	unsigned int i, n;

	if (!rnd(r, 4)) {
		n = rnd(r, sizeof(junk));
		for (i = 0; i < n; i++)
			junk[i] = rnd(r, 256);
		msg_put(m, type | (rnd(r, 2) ? NLA_F_NESTED : 0), junk, n, ATTR_BIN);
		return;
	}
	msg_nest_start(m, type);
	if (!rnd(r, 3))
		/* no NLA_F_NESTED: strict validation wants it */
		((struct nlattr *)(m->buf + m->nests[m->nnests - 1]))->nla_type &= ~NLA_F_NESTED;
	n = rnd(r, 6);
	for (i = 0; i < n && !m->full; i++) {
		if (depth < 10 && !rnd(r, 3))
			put_nested_garbage(r, m, rnd(r, 16), depth + 1);
		else
			put_random_attr(r, m, 14);
	}
	msg_nest_end(m);
}

/* ---- the requests, valid or with one invalid value ---- */

/* a link's attributes; *mtu gets what the device's MTU will be */
static void put_link(struct rng *r, struct msg *m, const char *ifname, uint32_t type,
		     bool bad, uint32_t *mtu)
{
	static const uint32_t mtus[] = { 1000, 1280, 1400, 1500, 9000 };
	static const uint8_t macs[][6] = {
		{ 0x02, 0, 0, 0, 0, 1 }, { 0x02, 0, 0, 0, 0, 2 },
		{ 0x01, 0, 0x5e, 0, 0, 1 } /* multicast */, { 0 } /* zeros */,
	};
	int what = bad ? (int)rnd(r, 12) : -1;

	*mtu = 1500;
	if (what == 0)
		ifname = "lo";
	else if (what == 1)
		ifname = "fz%d";
	else if (what == 2)
		ifname = "abcdefghijklmnop";	/* 16 */
	if (what != 3)
		msg_put_str(m, NSBOX_A_LINK_IFNAME, ifname);
	msg_put_u32(m, NSBOX_A_LINK_TYPE, what == 4 ? rnd(r, 2) * 9 : type);
	if (type == NSBOX_LINK_TYPE_VETH) {
		if (what != 5) {
			char peer[16];

			if (rnd(r, 3))
				snprintf(peer, sizeof(peer), "fzh%u", rnd(r, 2));
			else
				snprintf(peer, sizeof(peer), "p%u", rnd(r, 2));
			msg_put_str(m, NSBOX_A_LINK_PEER_IFNAME, peer);
			if (peer[0] == 'p')
				msg_put_str(m, NSBOX_A_LINK_PEER_SANDBOX, pool_name(r));
		}
		if (what == 6)
			msg_put_u32(m, NSBOX_A_LINK_FLAGS, 1);
	} else {
		if (chance(r, 300))
			msg_put_u32(m, NSBOX_A_LINK_FLAGS, rnd(r, 8));
		if (chance(r, 200))
			msg_put_u32(m, NSBOX_A_LINK_OWNER, 65534);
		if (chance(r, 100))
			msg_put_u32(m, NSBOX_A_LINK_GROUP, 65534);
		if (what == 5)
			msg_put_str(m, NSBOX_A_LINK_PEER_IFNAME, "p0");
	}
	/* on a parent of the host: lo (not Ethernet), or none such, is refused */
	if (type >= NSBOX_LINK_TYPE_MACVLAN) {
		static const char * const parents[] = { "fzp0", "lo", "nosuch0" };

		msg_put_str(m, NSBOX_A_LINK_PARENT, parents[rnd(r, 3)]);
		if (type == NSBOX_LINK_TYPE_VLAN)
			msg_put_u32(m, NSBOX_A_LINK_VLAN_ID, 1 + rnd(r, 4096));
		else if (rnd(r, 2))
			msg_put_u32(m, NSBOX_A_LINK_MODE, 1 + rnd(r, 8));
	}
	if (what == 7)
		msg_put_u32(m, NSBOX_A_LINK_MTU, rnd(r, 2) ? 67 : 70000);
	else if (chance(r, 400)) {
		*mtu = mtus[rnd(r, sizeof(mtus) / sizeof(mtus[0]))];
		msg_put_u32(m, NSBOX_A_LINK_MTU, *mtu);
	}
	if (what == 8)
		msg_put_u32(m, NSBOX_A_LINK_TXQUEUELEN, (1 << 20) + 1);
	else if (chance(r, 200))
		msg_put_u32(m, NSBOX_A_LINK_TXQUEUELEN, rnd(r, 2000));
	if (what == 9)	/* a reply-only attribute */
		msg_put_u32(m, NSBOX_A_LINK_IFINDEX, 1);
	/* a MAC: 5 bytes, multicast or zeros, or on a tun, are bad */
	if (what == 10)
		msg_put(m, NSBOX_A_LINK_ADDRESS, macs[rnd(r, 4)], rnd(r, 2) ? 6 : 5, ATTR_BIN);
	else if (type != NSBOX_LINK_TYPE_TUN && chance(r, 100))
		msg_put(m, NSBOX_A_LINK_ADDRESS, macs[rnd(r, 2)], 6, ATTR_BIN);
	/* a master: a bridge made before, maybe; or none, or not a bridge */
	if (what == 11 || (type != NSBOX_LINK_TYPE_TUN && type != NSBOX_LINK_TYPE_BRIDGE &&
			   chance(r, 50)))
		msg_put_str(m, NSBOX_A_LINK_MASTER, rnd(r, 2) ? "b0" : ifname_pick(r));
}

static void put_addr(struct rng *r, struct msg *m, const char *ifname, uint8_t net,
		     bool v6, bool bad)
{
	int what = bad ? (int)rnd(r, 6) : -1;
	uint8_t five[5] = { 10, 200, net, 1, 0 };

	msg_put_str(m, NSBOX_A_ADDR_IFNAME, what == 0 ? "nodev0" : ifname);
	if (what == 1)
		msg_put(m, NSBOX_A_ADDR_ADDRESS, five, 5, ATTR_BIN);
	else if (what != 2)
		put_ip(m, NSBOX_A_ADDR_ADDRESS, v6, net, 1);
	if (what == 3)
		msg_put_u8(m, NSBOX_A_ADDR_PREFIXLEN, v6 ? 129 : 33);
	else if (what != 4)
		msg_put_u8(m, NSBOX_A_ADDR_PREFIXLEN, v6 ? 64 : 24);
	if (what == 5)	/* u8 as a u32 */
		msg_put_u32(m, NSBOX_A_ADDR_PREFIXLEN, 24);
}

static void put_route(struct rng *r, struct msg *m, const char *ifname, uint8_t net,
		      bool v6, bool bad, bool gw_ok)
{
	int what = bad ? (int)rnd(r, 12) : -1;
	uint8_t dst[16] = { 0 };
	uint8_t dlen = v6 ? 64 : 24;

	if (v6) {
		dst[0] = 0xfd;
		dst[3] = 0x21;
		dst[5] = rnd(r, 4);
	} else {
		dst[0] = 10;
		dst[1] = 201;
		dst[2] = rnd(r, 4);
	}
	if (!rnd(r, 8)) {	/* a default route */
		memset(dst, 0, sizeof(dst));
		dlen = 0;
	}
	if (what == 0)
		dst[v6 ? 15 : 3] = 1;	/* host bits */
	if (what != 1)
		msg_put(m, NSBOX_A_ROUTE_DST, dst, v6 ? 16 : 4, ATTR_BIN);
	msg_put_u8(m, NSBOX_A_ROUTE_DST_LEN, what == 2 ? 200 : dlen);
	if (what == 3)
		put_ip(m, NSBOX_A_ROUTE_GATEWAY, !v6, net, 2);
	else if (what != 4 && (gw_ok ? rnd(r, 4) != 0 : chance(r, 100)))
		put_ip(m, NSBOX_A_ROUTE_GATEWAY, v6, net, 2);
	if (what == 4)
		;	/* neither device nor gateway */
	else if (what == 5)
		msg_put_str(m, NSBOX_A_ROUTE_IFNAME, "nodev0");
	else
		msg_put_str(m, NSBOX_A_ROUTE_IFNAME, ifname);
	if (what == 6)
		msg_put_u32(m, NSBOX_A_ROUTE_TABLE, 0);
	else if (chance(r, 200))
		msg_put_u32(m, NSBOX_A_ROUTE_TABLE, rnd(r, 2) ? 254 : 100);
	if (what == 7)
		msg_put_u32(m, NSBOX_A_ROUTE_ADVMSS, 0);
	else if (chance(r, 100))
		msg_put_u32(m, NSBOX_A_ROUTE_ADVMSS, 1360);
	if (what == 8)
		msg_put_u32(m, NSBOX_A_ROUTE_MTU, 10);
	else if (chance(r, 100))
		msg_put_u32(m, NSBOX_A_ROUTE_MTU, 1400);
	if (chance(r, 200))
		msg_put_u32(m, NSBOX_A_ROUTE_METRIC, rnd(r, 3) * 10);
	if (what == 9)		/* a blackhole route with a device */
		msg_put_u32(m, NSBOX_A_ROUTE_TYPE, NSBOX_ROUTE_TYPE_BLACKHOLE);
	if (what == 10) {	/* a nexthop beside the route's own device */
		msg_nest_start(m, NSBOX_A_ROUTE_NEXTHOP);
		put_ip(m, NSBOX_A_NEXTHOP_GATEWAY, v6, net, 2);
		msg_nest_end(m);
	}
	if (what == 11)		/* no such scope */
		msg_put_u8(m, NSBOX_A_ROUTE_SCOPE, 7);
}

/*
 * A sysctl: mostly from the allow-list, on all, default, lo or @ifname;
 * with @bad a refused key, a bad value, or a value the kernel refuses.
 */
static void put_sysctl(struct rng *r, struct msg *m, const char *ifname, bool bad)
{
	static const char * const params[] = {
		"4forwarding", "4rp_filter", "4arp_ignore", "4arp_announce",
		"6forwarding", "6accept_ra", "6disable_ipv6",
	};
	static const char * const devs[] = { "all", "default", "lo" };
	static const char * const odd[] = {
		"net.ipv4.tcp_mem", "net.ipv4.conf/all/forwarding", "net.ipv4.conf..forwarding",
		"kernel.hostname", "net.ipv4.conf.all.forwarding\n", "",
	};
	int what = bad ? (int)rnd(r, 4) : -1;
	const char *p;
	char key[64];

	if (what == 0) {
		msg_put_str(m, NSBOX_A_SYSCTL_KEY, odd[rnd(r, 6)]);
		msg_put_str(m, NSBOX_A_SYSCTL_VALUE, "1");
		return;
	}
	if (rnd(r, 4) == 0 || what == 3) {
		msg_put_str(m, NSBOX_A_SYSCTL_KEY, "net.ipv4.ip_local_port_range");
		msg_put_str(m, NSBOX_A_SYSCTL_VALUE, what == 3 ? "30000 20000" :
			    what == 1 ? "1000" : "20000 30000");
		return;
	}
	p = params[rnd(r, 7)];
	snprintf(key, sizeof(key), "net.ipv%c.conf.%s.%s", p[0],
		 rnd(r, 2) ? ifname : devs[rnd(r, 3)], p + 1);
	msg_put_str(m, NSBOX_A_SYSCTL_KEY, key);
	if (what != 2)
		msg_put_str(m, NSBOX_A_SYSCTL_VALUE, what == 1 ? "1x" : rnd(r, 2) ? "1" : "0");
}

/* A permanent neighbour on @ifname; with @bad a bad lladdr, lo or no device. */
static void put_neigh(struct rng *r, struct msg *m, const char *ifname, uint8_t net, bool v6,
		      bool bad)
{
	int what = bad ? (int)rnd(r, 4) : -1;
	uint8_t mac[6] = { 2, 0, 0, 0, net, (uint8_t)rnd(r, 4) };

	msg_put_str(m, NSBOX_A_NEIGH_IFNAME, what == 0 ? "lo" : what == 1 ? "nodev0" : ifname);
	put_ip(m, NSBOX_A_NEIGH_ADDRESS, v6, net, 2 + rnd(r, 4));
	if (what == 2)
		mac[0] = 1;	/* multicast */
	msg_put(m, NSBOX_A_NEIGH_LLADDR, mac, what == 3 ? 5 : 6, ATTR_BIN);
}

/*
 * SANDBOX_NEW with links, addresses and routes, valid (routes go through a
 * gateway only on a link with an address in its subnet) or, one time in
 * four, with one bad value somewhere.
 */
static void gen_new(struct rng *r, struct msg *m, const char *name)
{
	static const uint32_t types[] = { NSBOX_LINK_TYPE_TUN, NSBOX_LINK_TYPE_TAP,
					  NSBOX_LINK_TYPE_VETH, NSBOX_LINK_TYPE_DUMMY,
					  NSBOX_LINK_TYPE_BRIDGE, NSBOX_LINK_TYPE_MACVLAN,
					  NSBOX_LINK_TYPE_IPVLAN, NSBOX_LINK_TYPE_VLAN };
	static const char * const prefix[] = { "", "t", "tp", "v", "d", "b", "m", "i", "vl" };
	unsigned int nlinks = rnd(r, 3), nroutes = rnd(r, 3), bad = ~0u, el = 0, i;
	bool v4[3] = { false }, v6[3] = { false };
	char ifn[4][16];
	uint32_t mtu[4];
	uint32_t flags = 0;

	m->name = name;
	msg_put_str(m, NSBOX_A_SANDBOX_NAME, name);
	if (chance(r, 250)) {
		static const char * const hosts[] = { "h1", "box-1", "a.b.c", "x" };

		if (chance(r, 100))
			put_odd_string(r, m, NSBOX_A_SANDBOX_HOSTNAME);
		else
			msg_put_str(m, NSBOX_A_SANDBOX_HOSTNAME, hosts[rnd(r, 4)]);
	}
	if (chance(r, 300))
		flags |= NSBOX_SANDBOX_F_OWNED;
	if (chance(r, 100))
		flags |= NSBOX_SANDBOX_F_PUBLISH;
	if (chance(r, 50))
		flags |= NSBOX_SANDBOX_F_NOIPV6;
	if (chance(r, 20))
		flags |= 1u << rnd(r, 32);
	if (flags || chance(r, 100))
		msg_put_u32(m, NSBOX_A_SANDBOX_FLAGS, flags);
	m->nsfds = flags & NSBOX_SANDBOX_F_PUBLISH;
	m->owned = flags & NSBOX_SANDBOX_F_OWNED;
	if (chance(r, 250))
		bad = rnd(r, 2 * nlinks + nroutes + 1);

	for (i = 0; i < nlinks; i++) {
		uint32_t type = types[rnd(r, 8)];

		snprintf(ifn[i], sizeof(ifn[i]), "%s%u", prefix[type], i);
		msg_nest_start(m, NSBOX_A_SANDBOX_LINK);
		put_link(r, m, ifn[i], type, bad == el++, &mtu[i]);
		if (chance(r, 20))	/* a clause names no sandbox */
			msg_put_str(m, NSBOX_A_LINK_SANDBOX, name);
		msg_nest_end(m);
	}
	if (chance(r, 30) && nlinks) {	/* the same link twice */
		msg_nest_start(m, NSBOX_A_SANDBOX_LINK);
		put_link(r, m, ifn[0], NSBOX_LINK_TYPE_TUN, false, &mtu[3]);
		msg_nest_end(m);
	}
	/* most links get an IPv4 address, some an IPv6 one (when the MTU allows,
	 * mostly); lo now and then */
	for (i = 0; i < nlinks; i++) {
		if (rnd(r, 10) < 7) {
			msg_nest_start(m, NSBOX_A_SANDBOX_ADDR);
			put_addr(r, m, ifn[i], i, false, bad == el);
			msg_nest_end(m);
			v4[i] = true;
		}
		el++;
		if (rnd(r, 10) < 2 && (mtu[i] >= 1280 || chance(r, 100)) &&
		    !(flags & NSBOX_SANDBOX_F_NOIPV6)) {
			msg_nest_start(m, NSBOX_A_SANDBOX_ADDR);
			put_addr(r, m, ifn[i], i, true, false);
			msg_nest_end(m);
			v6[i] = true;
		}
	}
	if (chance(r, 150)) {
		msg_nest_start(m, NSBOX_A_SANDBOX_ADDR);
		put_addr(r, m, "lo", 9, false, false);
		msg_nest_end(m);
	}
	/* now and then a sysctl and a neighbour, rarely a bad one */
	if (nlinks && chance(r, 10)) {
		msg_nest_start(m, NSBOX_A_SANDBOX_SYSCTL);
		put_sysctl(r, m, ifn[0], chance(r, 20));
		msg_nest_end(m);
	}
	if (nlinks && chance(r, 10)) {
		msg_nest_start(m, NSBOX_A_SANDBOX_NEIGH);
		put_neigh(r, m, ifn[0], 0, false, chance(r, 20));
		msg_nest_end(m);
	}
	for (i = 0; i < nroutes && nlinks; i++) {
		unsigned int l = rnd(r, nlinks);
		bool six = v6[l] && rnd(r, 3) == 0;

		msg_nest_start(m, NSBOX_A_SANDBOX_ROUTE);
		put_route(r, m, ifn[l], l, six, bad == el++, six ? v6[l] : v4[l]);
		msg_nest_end(m);
	}
	/* now and then a big one: many addresses on lo */
	if (chance(r, 15)) {
		unsigned int n = 30 + rnd(r, 60);
		uint8_t a[4] = { 127, 1, 0, 0 };

		for (i = 0; i < n; i++) {
			a[2] = i / 250;
			a[3] = 1 + i % 250;
			msg_nest_start(m, NSBOX_A_SANDBOX_ADDR);
			msg_put_str(m, NSBOX_A_ADDR_IFNAME, "lo");
			msg_put(m, NSBOX_A_ADDR_ADDRESS, a, 4, ATTR_BIN);
			msg_put_u8(m, NSBOX_A_ADDR_PREFIXLEN, 32);
			msg_nest_end(m);
		}
	}
}

static void gen_sandbox_sel(struct fuzz_thread *t, struct msg *m, const char *name)
{
	struct rng *r = &t->rng;

	switch (rnd(r, 8)) {
	case 0:	/* by id, one seen lately */
		if (t->nids) {
			msg_put_u32(m, NSBOX_A_SANDBOX_ID, t->ids[rnd(r, t->nids)]);
			break;
		}
		/* fall through */
	case 1:	/* by id, any */
		msg_put_u32(m, NSBOX_A_SANDBOX_ID, rnd(r, 3) ? 1 + rnd(r, 64) : rnd64(r));
		break;
	case 2:	/* both, or neither: EINVAL */
		if (rnd(r, 2)) {
			msg_put_u32(m, NSBOX_A_SANDBOX_ID, 1 + rnd(r, 64));
			msg_put_str(m, NSBOX_A_SANDBOX_NAME, name);
		}
		break;
	default:
		m->name = name;
		msg_put_str(m, NSBOX_A_SANDBOX_NAME, name);
	}
}

static void gen_link_op(struct rng *r, struct msg *m, const char *sandbox, bool add)
{
	static const uint32_t types[] = { NSBOX_LINK_TYPE_TUN, NSBOX_LINK_TYPE_TAP,
					  NSBOX_LINK_TYPE_VETH, NSBOX_LINK_TYPE_DUMMY,
					  NSBOX_LINK_TYPE_BRIDGE, NSBOX_LINK_TYPE_MACVLAN,
					  NSBOX_LINK_TYPE_IPVLAN, NSBOX_LINK_TYPE_VLAN };
	uint32_t mtu;

	msg_put_str(m, NSBOX_A_LINK_SANDBOX, sandbox);
	if (add)
		put_link(r, m, ifname_pick(r), types[rnd(r, 8)], chance(r, 200), &mtu);
	else
		msg_put_str(m, NSBOX_A_LINK_IFNAME, ifname_pick(r));
}

/*
 * LINK_MOVE of host devices that cannot move (lo) or do not exist, and
 * LINK_RELEASE of the sandbox's links, which are none of them host links:
 * the checks and their errors, never a device of the VM's moved away.
 */
static void gen_move_op(struct rng *r, struct msg *m, const char *sandbox, bool move)
{
	msg_put_str(m, NSBOX_A_LINK_SANDBOX, sandbox);
	if (move) {
		if (chance(r, 100))
			put_odd_string(r, m, NSBOX_A_LINK_HOST_IFNAME);
		else
			msg_put_str(m, NSBOX_A_LINK_HOST_IFNAME, rnd(r, 2) ? "lo" : "fzh0");
		if (rnd(r, 2))
			msg_put_str(m, NSBOX_A_LINK_IFNAME, ifname_pick(r));
	} else {
		msg_put_str(m, NSBOX_A_LINK_IFNAME, ifname_pick(r));
	}
}

/*
 * LINK_SET of a link that may be there: some of its changes, now and then
 * a bad one (an MTU out of range, a bad MAC, master and nomaster), or none.
 */
static void gen_link_set(struct rng *r, struct msg *m, const char *sandbox)
{
	static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 3 };
	static const uint32_t mtus[] = { 1000, 1400, 1500, 67, 70000 };

	msg_put_str(m, NSBOX_A_LINK_SANDBOX, sandbox);
	msg_put_str(m, NSBOX_A_LINK_IFNAME, ifname_pick(r));
	if (!rnd(r, 3))
		msg_put_u8(m, NSBOX_A_LINK_UP, rnd(r, 3));
	if (!rnd(r, 3))
		msg_put_u32(m, NSBOX_A_LINK_MTU, mtus[rnd(r, 5)]);
	if (!rnd(r, 5))
		msg_put_u32(m, NSBOX_A_LINK_TXQUEUELEN, rnd(r, 2000));
	if (!rnd(r, 5))
		msg_put(m, NSBOX_A_LINK_ADDRESS, mac, rnd(r, 4) ? 6 : 4, ATTR_BIN);
	if (!rnd(r, 5))
		msg_put_str(m, NSBOX_A_LINK_MASTER, rnd(r, 2) ? "b0" : ifname_pick(r));
	if (!rnd(r, 8))
		msg_put_flag(m, NSBOX_A_LINK_NOMASTER);
}

static void gen_addr_op(struct rng *r, struct msg *m, const char *sandbox)
{
	const char *dev = rnd(r, 4) ? ifname_pick(r) : "lo";

	msg_put_str(m, NSBOX_A_ADDR_SANDBOX, sandbox);
	put_addr(r, m, dev, rnd(r, 3), rnd(r, 4) == 0, chance(r, 200));
	if (chance(r, 20))
		msg_put_flag(m, NSBOX_A_ADDR_REPLACE);
}

static void gen_route_op(struct rng *r, struct msg *m, const char *sandbox)
{
	msg_put_str(m, NSBOX_A_ROUTE_SANDBOX, sandbox);
	put_route(r, m, rnd(r, 4) ? ifname_pick(r) : "lo", rnd(r, 3), rnd(r, 4) == 0,
		  chance(r, 200), rnd(r, 2));
	if (chance(r, 200))
		msg_put_flag(m, NSBOX_A_ROUTE_REPLACE);
}

/*
 * Programs: EXEC of short commands (some killed by their timeout), RUN of
 * named daemons that sleep, KILL of either, now and then with a TUN or TAP
 * link's queues; or, with @bad, one bad value.
 * An exec'd program shares our stdout: these print nothing.
 */
static void gen_prog(struct rng *r, struct msg *m, uint8_t cmd, const char *sandbox, bool bad)
{
	static const char * const daemons[] = { "d0", "d1" };
	int what = bad ? (int)rnd(r, 15) : -1;
	unsigned int i;

	if (what != 0)
		msg_put_str(m, NSBOX_A_PROG_SANDBOX, sandbox);
	if (cmd == NSBOX_CMD_PROG_KILL) {
		if (rnd(r, 2))
			msg_put_str(m, NSBOX_A_PROG_NAME, daemons[rnd(r, 2)]);
		else
			msg_put_u32(m, NSBOX_A_PROG_ID, what == 1 ? 0 : 1 + rnd(r, 40));
		msg_put_u32(m, NSBOX_A_PROG_SIGNAL, what == 2 ? 65 * rnd(r, 2) :
			    (uint32_t[]){ 15, 9, 1, 10 }[rnd(r, 4)]);
		return;
	}
	if (what == 3)
		msg_put_str(m, NSBOX_A_PROG_PATH, "bin/true");
	else if (what != 4 && cmd == NSBOX_CMD_PROG_RUN)
		msg_put_str(m, NSBOX_A_PROG_PATH, "/bin/sleep");
	else if (what != 4)
		msg_put_str(m, NSBOX_A_PROG_PATH, rnd(r, 2) ? "/bin/true" : "/bin/sleep");
	if (cmd == NSBOX_CMD_PROG_RUN) {
		msg_put_str(m, NSBOX_A_PROG_ARG, "sleep");
		msg_put_str(m, NSBOX_A_PROG_ARG, "1234.5");
		if (what != 5)
			msg_put_str(m, NSBOX_A_PROG_NAME, daemons[rnd(r, 2)]);
		if (what == 6)
			msg_put_str(m, NSBOX_A_PROG_LOG, "tmp/log");
		else if (chance(r, 300))
			msg_put_str(m, NSBOX_A_PROG_LOG, "/dev/null");
	} else {
		/* a /bin/sleep, when it is one, is cut short by its timeout */
		msg_put_str(m, NSBOX_A_PROG_ARG, "sleep");
		msg_put_str(m, NSBOX_A_PROG_ARG, "5");
		msg_put_u32(m, NSBOX_A_PROG_TIMEOUT_MS, 100 + rnd(r, 400));
		if (what == 5)
			msg_put_str(m, NSBOX_A_PROG_NAME, "d0");
	}
	if (chance(r, 200))
		msg_put_str(m, NSBOX_A_PROG_ENV, "FZ=1");
	if (what == 7)
		msg_put_str(m, NSBOX_A_PROG_CWD, "tmp");
	else if (chance(r, 200))
		msg_put_str(m, NSBOX_A_PROG_CWD, "/");
	if (chance(r, 200)) {
		msg_put_u32(m, NSBOX_A_PROG_UID, 65534);
		msg_put_u32(m, NSBOX_A_PROG_GID, 65534);
	}
	if (what == 8) {
		uint32_t g[65] = { 0 };

		msg_put(m, NSBOX_A_PROG_GROUPS, g, rnd(r, 2) ? 6 : sizeof(g), ATTR_BIN);
	} else if (chance(r, 100)) {
		uint32_t g[2] = { 65534, 100 };

		msg_put(m, NSBOX_A_PROG_GROUPS, g, sizeof(g), ATTR_BIN);
	}
	if (what == 9) {
		uint64_t caps = 1ULL << 63;

		msg_put(m, NSBOX_A_PROG_CAPS, &caps, 8, ATTR_U64);
	} else if (chance(r, 100)) {
		uint64_t caps = 0;

		msg_put(m, NSBOX_A_PROG_CAPS, &caps, 8, ATTR_U64);
	}
	if (chance(r, 200))	/* no-new-privs, no-mount-ns, pidns, ipcns */
		msg_put_u32(m, NSBOX_A_PROG_FLAGS, rnd(r, 4) | rnd(r, 4) << 3);
	if (what == 10 || chance(r, 150)) {
		uint64_t soft = what == 10 ? 100 : 64, hard = 64;

		msg_nest_start(m, NSBOX_A_PROG_RLIMIT);
		msg_put_u32(m, NSBOX_A_RLIMIT_RESOURCE, what == 10 && rnd(r, 2) ? 99 : 7);
		msg_put(m, NSBOX_A_RLIMIT_SOFT, &soft, 8, ATTR_U64);
		if (what != 10 || rnd(r, 2))
			msg_put(m, NSBOX_A_RLIMIT_HARD, &hard, 8, ATTR_U64);
		msg_nest_end(m);
	}
	if (what == 12) {
		/* a link the kernel refuses: nameless, typed, 0 or 17 queues, or nine */
		unsigned int n = rnd(r, 4) ? 1 : NSBOX_PROG_TUN_MAX + 1, kind = rnd(r, 3);

		for (i = 0; i < n; i++) {
			msg_nest_start(m, NSBOX_A_PROG_TUN);
			if (kind || n > 1)
				msg_put_str(m, NSBOX_A_PROG_TUN_IFNAME, ifname_pick(r));
			if (kind == 1 && n == 1)
				msg_put_u32(m, NSBOX_A_PROG_TUN_TYPE, NSBOX_LINK_TYPE_TUN);
			else if (kind == 2 && n == 1)
				msg_put_u32(m, NSBOX_A_PROG_TUN_QUEUES,
					    rnd(r, 2) ? 0 : NSBOX_PROG_TUN_QUEUES_MAX + 1);
			msg_nest_end(m);
		}
	} else if (chance(r, 60)) {
		/* one of the fuzzer's TUNs, a TAP, or a link of another kind */
		msg_nest_start(m, NSBOX_A_PROG_TUN);
		msg_put_str(m, NSBOX_A_PROG_TUN_IFNAME, ifname_pick(r));
		if (rnd(r, 2))
			msg_put_u32(m, NSBOX_A_PROG_TUN_QUEUES, 1 + rnd(r, 2));
		msg_nest_end(m);
	}
	if (what == 13) {
		/* limits out of range, a period alone, or the module's own cgroup */
		uint64_t mem = 100;

		switch (rnd(r, 6)) {
		case 0:
			msg_put(m, NSBOX_A_PROG_MEMORY_MAX, &mem, 8, ATTR_U64);
			break;
		case 1:
			msg_put_u32(m, NSBOX_A_PROG_CPU_PERIOD_US, 100000);
			break;
		case 2:
			msg_put_u32(m, NSBOX_A_PROG_CPU_WEIGHT, rnd(r, 2) ? 0 : 10001);
			break;
		case 3:
			msg_put_u32(m, NSBOX_A_PROG_PIDS_MAX, 0);
			break;
		case 4:
			msg_put_u32(m, NSBOX_A_PROG_CPU_QUOTA_US, 999);
			break;
		default:
			msg_put_str(m, NSBOX_A_PROG_CGROUP, "nsbox/../x");
			break;
		}
	} else if (chance(r, 80)) {
		/* cgroup limits: a program in a cgroup of its own, or refused */
		uint64_t mem = 64 << 20;

		msg_put(m, NSBOX_A_PROG_MEMORY_MAX, &mem, 8, ATTR_U64);
		if (rnd(r, 2))
			msg_put_u32(m, NSBOX_A_PROG_PIDS_MAX, 64);
		if (rnd(r, 2)) {
			msg_put_u32(m, NSBOX_A_PROG_CPU_QUOTA_US, 50000);
			msg_put_u32(m, NSBOX_A_PROG_CPU_PERIOD_US, 100000);
		}
		if (rnd(r, 2))
			msg_put_u32(m, NSBOX_A_PROG_CPU_WEIGHT, 50);
	}
	if (what == 14) {
		/* a restart out of range, its options alone or inverted, a reply's */
		switch (rnd(r, 4)) {
		case 0:
			msg_put_u32(m, NSBOX_A_PROG_RESTART, rnd(r, 2) ? 0 : 4);
			break;
		case 1:
			msg_put_u32(m, NSBOX_A_PROG_RESTART_DELAY_MS, 100);
			break;
		case 2:
			msg_put_u32(m, NSBOX_A_PROG_RESTART, NSBOX_PROG_RESTART_ALWAYS);
			msg_put_u32(m, NSBOX_A_PROG_RESTART_DELAY_MS, 500);
			msg_put_u32(m, NSBOX_A_PROG_RESTART_DELAY_MAX_MS, 100);
			break;
		default:
			msg_put_u32(m, NSBOX_A_PROG_RESTARTS, 1);
			break;
		}
	} else if (cmd == NSBOX_CMD_PROG_RUN && chance(r, 40)) {
		/* a daemon its policy restarts: a killed one is not, a timed-out one is */
		msg_put_u32(m, NSBOX_A_PROG_RESTART, NSBOX_PROG_RESTART_ON_FAILURE + rnd(r, 2));
		if (rnd(r, 2))
			msg_put_u32(m, NSBOX_A_PROG_RESTART_DELAY_MS, 1 + rnd(r, 50));
		if (rnd(r, 2))
			msg_put_u32(m, NSBOX_A_PROG_START_LIMIT_BURST, 1 + rnd(r, 3));
	}
	if (what == 11)	/* more arguments than NSBOX_PROG_ARGS_MAX */
		for (i = 0; i < 1030; i++)
			msg_put_str(m, NSBOX_A_PROG_ARG, "x");
}

static void gen_report(struct rng *r, struct msg *m)
{
	uint64_t token = rnd64(r);

	if (rnd(r, 4))
		msg_put(m, NSBOX_A_REPORT_TOKEN, &token, 8, ATTR_U64);
	if (chance(r, 300))
		msg_put_u32(m, NSBOX_A_REPORT_UTS_FD, rnd(r, 3) ? rnd(r, 8) : rnd64(r));
	if (chance(r, 300))
		msg_put_u32(m, NSBOX_A_REPORT_ERRNO, rnd(r, 2) ? rnd(r, 200) : rnd64(r));
	if (chance(r, 200))
		msg_put_u32(m, NSBOX_A_REPORT_STEP, rnd(r, 10));
}

/* the controller, read-only: our family, its policies (nested ones too) */
static void gen_ctrl(struct rng *r, struct msg *m, uint16_t flags, uint32_t seq)
{
	switch (rnd(r, 3)) {
	case 0:
		msg_begin(m, GENL_ID_CTRL, flags, seq, CTRL_CMD_GETFAMILY, 2);
		msg_put_str(m, CTRL_ATTR_FAMILY_NAME, NSBOX_GENL_NAME);
		break;
	case 1:
		msg_begin(m, GENL_ID_CTRL, flags, seq, CTRL_CMD_GETFAMILY, 2);
		msg_put(m, CTRL_ATTR_FAMILY_ID, &(uint16_t){ fuzz_family }, 2, ATTR_BIN);
		break;
	default:
		msg_begin(m, GENL_ID_CTRL, flags | NLM_F_DUMP, seq, CTRL_CMD_GETPOLICY, 2);
		msg_put_str(m, CTRL_ATTR_FAMILY_NAME, NSBOX_GENL_NAME);
		if (rnd(r, 2))
			msg_put_u32(m, CTRL_ATTR_OP, rnd(r, NSBOX_CMD_MAX + 3));
		m->dump = true;
		break;
	}
}

/*
 * One request of nsbox's, valid apart from the bad values the builders may
 * choose. @target: the sandbox it names; NULL picks one from the pool.
 */
static void gen_op(struct fuzz_thread *t, struct msg *m, uint8_t cmd, uint16_t flags,
		   uint32_t seq, const char *target)
{
	struct rng *r = &t->rng;
	const char *name = target;

	/* a new sandbox under any name of the pool; the rest mostly in one
	 * that was created lately, so that they have something to work on */
	if (!name && cmd != NSBOX_CMD_SANDBOX_NEW && t->nknown && rnd(r, 10) < 7)
		name = t->known[rnd(r, t->nknown)];
	if (!name)
		name = pool_name(r);
	msg_begin(m, fuzz_family, flags, seq, cmd, NSBOX_GENL_VERSION);
	switch (cmd) {
	case NSBOX_CMD_SANDBOX_NEW:
		gen_new(r, m, name);
		m->helper = true;
		break;
	case NSBOX_CMD_SANDBOX_DEL:
		gen_sandbox_sel(t, m, name);
		break;
	case NSBOX_CMD_SANDBOX_GET:
		if (m->dump)
			break;
		gen_sandbox_sel(t, m, name);
		if (chance(r, 200)) {
			msg_put_flag(m, NSBOX_A_SANDBOX_WANT_NSFDS);
			m->nsfds = true;
		}
		break;
	case NSBOX_CMD_LINK_NEW:
	case NSBOX_CMD_LINK_DEL:
		gen_link_op(r, m, name, cmd == NSBOX_CMD_LINK_NEW);
		break;
	case NSBOX_CMD_LINK_SET:
		gen_link_set(r, m, name);
		m->helper = true;
		break;
	case NSBOX_CMD_ADDR_NEW:
	case NSBOX_CMD_ADDR_DEL:
		gen_addr_op(r, m, name);
		m->helper = true;
		break;
	case NSBOX_CMD_LINK_MOVE:
	case NSBOX_CMD_LINK_RELEASE:
		gen_move_op(r, m, name, cmd == NSBOX_CMD_LINK_MOVE);
		break;
	case NSBOX_CMD_ROUTE_NEW:
	case NSBOX_CMD_ROUTE_DEL:
		gen_route_op(r, m, name);
		m->helper = true;
		break;
	case NSBOX_CMD_SYSCTL_SET:
		msg_put_str(m, NSBOX_A_SYSCTL_SANDBOX, name);
		put_sysctl(r, m, ifname_pick(r), chance(r, 100));
		m->helper = true;
		break;
	case NSBOX_CMD_NEIGH_NEW:
	case NSBOX_CMD_NEIGH_DEL:
		msg_put_str(m, NSBOX_A_NEIGH_SANDBOX, name);
		put_neigh(r, m, ifname_pick(r), rnd(r, 3), rnd(r, 4) == 0, chance(r, 100));
		m->helper = true;
		break;
	case NSBOX_CMD_HELPER_REPORT:
		gen_report(r, m);
		break;
	case NSBOX_CMD_PROG_EXEC:
	case NSBOX_CMD_PROG_RUN:
	case NSBOX_CMD_PROG_KILL:
		gen_prog(r, m, cmd, name, chance(r, 200));
		m->helper = cmd != NSBOX_CMD_PROG_KILL;
		break;
	default:	/* INFO_GET, notifications, unknown: no attributes */
		break;
	}
}

static const uint8_t helper_cmds[] = {
	NSBOX_CMD_SANDBOX_NEW, NSBOX_CMD_SANDBOX_NEW, NSBOX_CMD_SANDBOX_NEW,
	NSBOX_CMD_SANDBOX_NEW, NSBOX_CMD_LINK_NEW, NSBOX_CMD_LINK_NEW, NSBOX_CMD_LINK_DEL,
	NSBOX_CMD_LINK_SET,
	NSBOX_CMD_ADDR_NEW, NSBOX_CMD_ADDR_DEL, NSBOX_CMD_ROUTE_NEW, NSBOX_CMD_ROUTE_DEL,
	NSBOX_CMD_PROG_EXEC, NSBOX_CMD_PROG_RUN, NSBOX_CMD_PROG_KILL,
	NSBOX_CMD_SYSCTL_SET, NSBOX_CMD_NEIGH_NEW, NSBOX_CMD_NEIGH_DEL,
};

/* ---- mutations ---- */

static struct nlattr *attr_at(struct msg *m, unsigned int i)
{
	return (struct nlattr *)(m->buf + m->attrs[i].off);
}

/* in place: nothing moves, the records stay right */
static void mutate_in_place(struct rng *r, struct msg *m)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)(m->buf + m->nlh);
	struct genlmsghdr *g = NLMSG_DATA(nlh);
	struct nlattr *nla;
	unsigned int i;
	uint32_t left;

	switch (m->nattrs ? rnd(r, 12) : 6 + rnd(r, 2)) {
	case 0:	/* nla_len past the end of the message */
		nla = attr_at(m, rnd(r, m->nattrs));
		left = m->len - ((unsigned char *)nla - m->buf);
		nla->nla_len = left + 1 + rnd(r, 64) > 0xffff ? 0xffff : left + 1 + rnd(r, 64);
		break;
	case 1:	/* nla_len shorter than a header */
		attr_at(m, rnd(r, m->nattrs))->nla_len = rnd(r, NLA_HDRLEN);
		break;
	case 2:	/* nla_len a little off: the next attribute misaligned */
		nla = attr_at(m, rnd(r, m->nattrs));
		if (rnd(r, 2))
			nla->nla_len += 1 + rnd(r, 7);
		else
			nla->nla_len -= rnd(r, nla->nla_len + 1);
		break;
	case 3:	/* another type */
		nla = attr_at(m, rnd(r, m->nattrs));
		nla->nla_type = (nla->nla_type & ~NLA_TYPE_MASK) | rnd(r, 24);
		break;
	case 4:	/* the nested and byte-order bits */
		nla = attr_at(m, rnd(r, m->nattrs));
		nla->nla_type ^= rnd(r, 2) ? NLA_F_NESTED : NLA_F_NET_BYTEORDER;
		break;
	case 5:	/* a string loses its NUL */
		for (i = 0; i < m->nattrs; i++) {
			unsigned int k = (i + rnd(r, m->nattrs)) % m->nattrs;

			nla = attr_at(m, k);
			/* within the message, whatever another mutation did to nla_len */
			if (m->attrs[k].kind == ATTR_STR && nla->nla_len > NLA_HDRLEN &&
			    m->attrs[k].off + nla->nla_len <= m->len) {
				((char *)nla)[nla->nla_len - 1] = 'A';
				break;
			}
		}
		break;
	case 6:	/* the genl header: version, reserved, command */
		switch (rnd(r, 3)) {
		case 0:
			g->version = rnd(r, 3) ? rnd(r, 256) : 0;
			break;
		case 1:
			g->reserved = 1 + rnd(r, 0xfffe);
			break;
		default:
			g->cmd = rnd(r, 4) ? rnd(r, NSBOX_CMD_MAX + 3) : rnd(r, 256);
			break;
		}
		break;
	case 7:	/* the netlink flags (the reader copes with no answer) */
		switch (rnd(r, 5)) {
		case 0:
			nlh->nlmsg_flags |= NLM_F_DUMP;
			break;
		case 1:
			nlh->nlmsg_flags &= ~NLM_F_ACK;
			break;
		case 2:
			nlh->nlmsg_flags &= ~NLM_F_REQUEST;
			break;
		case 3:
			nlh->nlmsg_flags |= NLM_F_ECHO | NLM_F_ATOMIC | NLM_F_EXCL | NLM_F_APPEND;
			break;
		default:
			nlh->nlmsg_flags = rnd(r, 0x10000);
			break;
		}
		break;
	default: {	/* flip bytes after the netlink header */
		unsigned int n = 1 + rnd(r, 4);
		uint32_t from = m->nlh + NLMSG_HDRLEN;

		if (m->len <= from)
			break;
		for (i = 0; i < n; i++)
			m->buf[from + rnd(r, m->len - from)] ^= 1 << rnd(r, 8);
		break;
	}
	}
}

/* last: what changes the size (only of the last message of the datagram) */
static void mutate_size(struct rng *r, struct msg *m)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)(m->buf + m->nlh);
	uint32_t mlen = m->len - m->nlh;
	unsigned int i;

	switch (rnd(r, 6)) {
	case 0:	/* cut short: the message and the datagram end mid-attribute */
		if (mlen > NLMSG_LENGTH(GENL_HDRLEN)) {
			mlen = NLMSG_LENGTH(GENL_HDRLEN) +
			       rnd(r, mlen - NLMSG_LENGTH(GENL_HDRLEN));
			nlh->nlmsg_len = mlen;
			m->len = m->nlh + mlen;
		}
		break;
	case 1:	/* shorter than the genl header, or than a netlink header */
		nlh->nlmsg_len = rnd(r, NLMSG_LENGTH(GENL_HDRLEN));
		m->len = m->nlh + (nlh->nlmsg_len >= NLMSG_HDRLEN ? nlh->nlmsg_len :
				   NLMSG_LENGTH(GENL_HDRLEN));
		break;
	case 2:	/* longer than the datagram: dropped by the kernel, unanswered */
		nlh->nlmsg_len = mlen + 1 + rnd(r, 100);
		break;
	case 3:	/* a duplicate of a top-level attribute */
		for (i = 0; i < m->nattrs; i++) {
			struct nlattr *nla = attr_at(m, i);

			if (!m->attrs[i].depth && nla->nla_len >= NLA_HDRLEN &&
			    m->attrs[i].off + NLA_ALIGN(nla->nla_len) <= m->len &&
			    m->len + NLA_ALIGN(nla->nla_len) <= sizeof(m->buf)) {
				memmove(m->buf + m->len, nla, NLA_ALIGN(nla->nla_len));
				m->len += NLA_ALIGN(nla->nla_len);
				msg_end(m);
				break;
			}
		}
		break;
	case 4: {	/* a top-level attribute dropped: a required one, maybe */
		unsigned int k = m->nattrs ? rnd(r, m->nattrs) : 0;

		for (i = 0; i < m->nattrs; i++, k = (k + 1) % m->nattrs) {
			struct nlattr *nla = attr_at(m, k);
			uint32_t off = m->attrs[k].off, n = NLA_ALIGN(nla->nla_len);

			if (!m->attrs[k].depth && n >= NLA_HDRLEN && off + n <= m->len) {
				memmove(m->buf + off, m->buf + off + n, m->len - off - n);
				m->len -= n;
				msg_end(m);
				break;
			}
		}
		break;
	}
	default: /* 1 to 3 bytes of trailing garbage: not even an attribute header */
		for (i = 1 + rnd(r, 3); i; i--)
			m->buf[m->len++] = rnd(r, 256);
		msg_end(m);
		break;
	}
	m->nattrs = 0;
}

/* Does the kernel answer message by message, so that the reader knows when
 * it is done? Otherwise the reader sends a barrier and reads up to its ack. */
static void plan_answers(struct msg *m)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)m->buf;
	uint16_t f;

	m->dump = false;
	if (m->nmsgs != 1 || m->len < NLMSG_HDRLEN || nlh->nlmsg_len != m->len) {
		m->need_barrier = true;
		return;
	}
	f = nlh->nlmsg_flags;
	m->dump = (f & NLM_F_DUMP) == NLM_F_DUMP;
	m->need_barrier = !(f & NLM_F_REQUEST) || nlh->nlmsg_type < NLMSG_MIN_TYPE ||
			  !((f & NLM_F_ACK) || m->dump);
}

/* The first message of a garbage datagram. */
static void gen_garbage_one(struct fuzz_thread *t, struct msg *m, uint32_t seq)
{
	struct rng *r = &t->rng;
	uint16_t flags = NLM_F_REQUEST | NLM_F_ACK;
	uint8_t cmd;
	unsigned int i, n;

	switch (rnd(r, 10)) {
	case 0:	/* an unknown command, or a notification's */
		msg_begin(m, fuzz_family, flags, seq, rnd(r, 2) ? NSBOX_CMD_MAX + 1 + rnd(r, 200) :
			  (uint8_t[]){ 0, NSBOX_CMD_SANDBOX_CREATE_NTF, NSBOX_CMD_SANDBOX_DELETE_NTF,
				       NSBOX_CMD_LINK_CREATE_NTF, NSBOX_CMD_LINK_DELETE_NTF }[rnd(r, 5)],
			  NSBOX_GENL_VERSION);
		if (rnd(r, 2))
			put_random_attr(r, m, 20);
		break;
	case 1:	/* random attributes for a random command */
		msg_begin(m, fuzz_family, flags, seq, 1 + rnd(r, NSBOX_CMD_MAX), NSBOX_GENL_VERSION);
		n = rnd(r, 8);
		for (i = 0; i < n; i++)
			put_random_attr(r, m, 20);
		break;
	case 2:	/* nested garbage in a new sandbox, with a name that is taken */
		msg_begin(m, fuzz_family, flags, seq, NSBOX_CMD_SANDBOX_NEW, NSBOX_GENL_VERSION);
		msg_put_str(m, NSBOX_A_SANDBOX_NAME, FUZZ_BUSY);
		n = 1 + rnd(r, 4);
		for (i = 0; i < n; i++)
			put_nested_garbage(r, m, rnd(r, 5) ? NSBOX_A_SANDBOX_LINK + rnd(r, 3) :
					   rnd(r, 24), 0);
		break;
	case 3:	/* odd strings where names go */
		cmd = (uint8_t[]){ NSBOX_CMD_SANDBOX_NEW, NSBOX_CMD_SANDBOX_DEL,
				   NSBOX_CMD_SANDBOX_GET, NSBOX_CMD_LINK_NEW,
				   NSBOX_CMD_ADDR_NEW, NSBOX_CMD_ROUTE_DEL }[rnd(r, 6)];
		msg_begin(m, fuzz_family, flags, seq, cmd, NSBOX_GENL_VERSION);
		if (cmd == NSBOX_CMD_SANDBOX_NEW && rnd(r, 2))
			msg_put_str(m, NSBOX_A_SANDBOX_HOSTNAME, "h");
		put_odd_string(r, m, cmd == NSBOX_CMD_SANDBOX_NEW || cmd == NSBOX_CMD_SANDBOX_DEL ||
				     cmd == NSBOX_CMD_SANDBOX_GET ? NSBOX_A_SANDBOX_NAME : 1);
		if (cmd == NSBOX_CMD_LINK_NEW) {
			put_odd_string(r, m, NSBOX_A_LINK_IFNAME);
			msg_put_u32(m, NSBOX_A_LINK_TYPE, NSBOX_LINK_TYPE_TUN);
		}
		break;
	case 4:	/* every op with nothing, or with a random part of its attributes */
		cmd = 1 + rnd(r, NSBOX_CMD_MAX);
		if (rnd(r, 2)) {
			msg_begin(m, fuzz_family, flags, seq, cmd, NSBOX_GENL_VERSION);
		} else {
			gen_op(t, m, cmd, flags, seq, cmd == NSBOX_CMD_SANDBOX_NEW ? FUZZ_BUSY : FUZZ_NONE);
			mutate_size(r, m);	/* drops one, among others */
		}
		break;
	default: /* a valid-looking request, mutated */
		cmd = 1 + rnd(r, NSBOX_CMD_MAX);
		if (rnd(r, 3))
			flags |= rnd(r, 2) ? NLM_F_DUMP : 0;
		gen_op(t, m, cmd, flags, seq, cmd == NSBOX_CMD_SANDBOX_NEW ? FUZZ_BUSY : FUZZ_NONE);
		n = 1 + rnd(r, 3);
		for (i = 0; i < n; i++)
			mutate_in_place(r, m);
		break;
	}
	m->helper = false;
}

/*
 * Build t->m for one round of category @cat on socket @s: the sequence
 * numbers come from the socket.
 */
void gen_request(struct fuzz_thread *t, struct fsock *s, int cat)
{
	struct msg *m = t->m;
	struct rng *r = &t->rng;
	uint8_t cmd;
	unsigned int i, n;

	msg_reset(m);
	switch (cat) {
	case CAT_HELPER:
		cmd = helper_cmds[rnd(r, sizeof(helper_cmds))];
		gen_op(t, m, cmd, NLM_F_REQUEST | NLM_F_ACK, ++s->seq, NULL);
		m->valid = true;
		break;
	case CAT_CHEAP:
		m->valid = true;
		switch (rnd(r, 10)) {
		case 0:
			msg_begin(m, fuzz_family, NLM_F_REQUEST | NLM_F_ACK, ++s->seq,
				  NSBOX_CMD_INFO_GET, NSBOX_GENL_VERSION);
			break;
		case 1:
		case 2:
			msg_begin(m, fuzz_family, NLM_F_REQUEST | NLM_F_DUMP |
				  (rnd(r, 2) ? NLM_F_ACK : 0), ++s->seq,
				  NSBOX_CMD_SANDBOX_GET, NSBOX_GENL_VERSION);
			break;
		case 3:
			gen_ctrl(r, m, NLM_F_REQUEST | NLM_F_ACK, ++s->seq);
			break;
		case 4:
			gen_op(t, m, NSBOX_CMD_SANDBOX_DEL, NLM_F_REQUEST | NLM_F_ACK, ++s->seq, NULL);
			break;
		default:
			gen_op(t, m, NSBOX_CMD_SANDBOX_GET, NLM_F_REQUEST | NLM_F_ACK, ++s->seq, NULL);
			break;
		}
		break;
	default:
		gen_garbage_one(t, m, ++s->seq);
		/*
		 * Several messages in one datagram, now and then; only after a
		 * first one whose length is what the kernel will step over, so
		 * that it finds the next header where it is.
		 */
		if (chance(r, 80) && m->nmsgs == 1 &&
		    NLMSG_ALIGN(((struct nlmsghdr *)m->buf)->nlmsg_len) == NLMSG_ALIGN(m->len)) {
			n = 1 + rnd(r, 3);
			for (i = 0; i < n && !m->full; i++) {
				if (rnd(r, 2)) {
					gen_op(t, m, NSBOX_CMD_SANDBOX_GET,
					       NLM_F_REQUEST | NLM_F_ACK, ++s->seq, NULL);
				} else {
					msg_begin(m, fuzz_family, NLM_F_REQUEST | (rnd(r, 2) ? NLM_F_ACK : 0),
						  ++s->seq, NSBOX_CMD_INFO_GET, NSBOX_GENL_VERSION);
					if (rnd(r, 2))
						mutate_in_place(r, m);
				}
			}
			m->helper = false;
		} else if (chance(r, 100)) {
			mutate_size(r, m);
		} else if (chance(r, 30)) {
			/* a control message type, or the controller's */
			((struct nlmsghdr *)m->buf)->nlmsg_type = rnd(r, 3) ? rnd(r, NLMSG_MIN_TYPE) :
								   GENL_ID_CTRL;
		}
		/* the reply to a garbage request is not checked for content */
		m->valid = false;
		break;
	}
	if (m->full) {
		/* something did not fit: send a plain INFO_GET instead */
		msg_reset(m);
		msg_begin(m, fuzz_family, NLM_F_REQUEST | NLM_F_ACK, ++s->seq,
			  NSBOX_CMD_INFO_GET, NSBOX_GENL_VERSION);
	}
	sanitize_names(m);
	plan_answers(m);
}

/* A valid-looking SANDBOX_NEW of @name (NULL: from the pool), alone. */
void gen_new_only(struct fuzz_thread *t, uint32_t seq, const char *name)
{
	struct msg *m = t->m;

	msg_reset(m);
	gen_op(t, m, NSBOX_CMD_SANDBOX_NEW, NLM_F_REQUEST | NLM_F_ACK, seq, name);
	m->valid = true;
	sanitize_names(m);
	plan_answers(m);
}

/* A plain request for the final checks: by @name if given, else by @id if
 * not 0, else without attributes. */
void gen_simple(struct msg *m, uint8_t cmd, uint16_t flags, uint32_t seq, const char *name,
		uint32_t id)
{
	msg_reset(m);
	msg_begin(m, fuzz_family, NLM_F_REQUEST | NLM_F_ACK | flags, seq, cmd, NSBOX_GENL_VERSION);
	if (name)
		msg_put_str(m, NSBOX_A_SANDBOX_NAME, name);
	else if (id)
		msg_put_u32(m, NSBOX_A_SANDBOX_ID, id);
	m->name = name;
	m->valid = true;
	plan_answers(m);
}
