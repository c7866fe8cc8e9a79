// SPDX-License-Identifier: GPL-2.0
/*
 * The grammar of nsbox-helper's steps (see steps.h), and the values of the
 * options every mode takes. It is strict: a word out of place, a repeated
 * option or a malformed value refuses the whole command line, since the
 * words come from the module and anything unexpected means the two disagree.
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/nsbox.h>

#include "helper.h"
#include "steps.h"

/*
 * Digits only in @base: strtoull() alone would take blanks, signs and, in
 * base 16, a "0x".
 */
int parse_num(const char *s, int base, unsigned long long max, unsigned long long *val)
{
	char *end;

	if (!s || !isxdigit((unsigned char)s[0]))
		return -1;
	if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return -1;
	errno = 0;
	*val = strtoull(s, &end, base);
	if (errno || *end || *val > max)
		return -1;
	return 0;
}

/* The module's one-time token: hex, never 0. */
int parse_token(const char *s, uint64_t *token)
{
	unsigned long long v;

	if (parse_num(s, 16, UINT64_MAX, &v) || !v)
		return -1;
	*token = v;
	return 0;
}

/* Below GENL_MIN_ID are netlink's own types, which ACK anything. */
int parse_family(const char *s, uint16_t *family)
{
	unsigned long long v;

	if (parse_num(s, 10, UINT16_MAX, &v) || v < GENL_MIN_ID)
		return -1;
	*family = v;
	return 0;
}

/* The words of one step, consumed from the front. */
struct words {
	char	**w;
	int	n;
	int	i;
};

static const char *next_word(struct words *ws)
{
	return ws->i < ws->n ? ws->w[ws->i++] : NULL;
}

/* Decimal digits only: no sign, no blanks, no base prefix. */
static int parse_u32(const char *s, uint32_t *val)
{
	unsigned long long v;
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > UINT32_MAX)
		return -1;
	*val = v;
	return 0;
}

static int parse_opt_u32(struct words *ws, bool *has, uint32_t *val)
{
	if (*has || parse_u32(next_word(ws), val))
		return -1;
	*has = true;
	return 0;
}

/*
 * What the kernel accepts as a device name (dev_valid_name()), less "%":
 * a name must mean that very device, never a pattern for the kernel to
 * number, since later steps and the undo find the device by it. It is also
 * a path component under /proc/sys.
 */
static int parse_ifname(const char *s, char *ifname)
{
	size_t len = s ? strlen(s) : 0;

	if (!len || len >= IFNAMSIZ || !strcmp(s, ".") || !strcmp(s, ".."))
		return -1;
	if (strpbrk(s, "/:% \t\n\v\f\r"))
		return -1;
	memcpy(ifname, s, len + 1);
	return 0;
}

static int parse_inet(const char *s, struct inet_prefix *p)
{
	if (inet_pton(AF_INET, s, p->addr) == 1) {
		p->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, p->addr) == 1) {
		p->family = AF_INET6;
		return 0;
	}
	return -1;
}

/* ADDRESS/PLEN, the prefix length mandatory and within the family's. */
static int parse_prefix(const char *s, struct inet_prefix *p)
{
	char buf[INET6_ADDRSTRLEN];
	const char *slash;
	uint32_t plen;

	slash = s ? strchr(s, '/') : NULL;
	if (!slash || (size_t)(slash - s) >= sizeof(buf))
		return -1;
	memcpy(buf, s, slash - s);
	buf[slash - s] = '\0';
	if (parse_inet(buf, p) || parse_u32(slash + 1, &plen))
		return -1;
	if (plen > (p->family == AF_INET ? 32U : 128U))
		return -1;
	p->plen = plen;
	return 0;
}

static int parse_link_flag(struct link_step *l, unsigned int flag)
{
	if (l->kind == LINK_VETH || (l->flags & flag))
		return -1;
	l->flags |= flag;
	return 0;
}

static int parse_link_opt(struct words *ws, const char *w, struct link_step *l)
{
	bool tun = l->kind != LINK_VETH;
	bool has_peer = l->peer[0];
	bool has_peer_fd = l->peer_fd >= 0;
	uint32_t fd;

	if (!strcmp(w, "mtu"))
		return parse_opt_u32(ws, &l->has_mtu, &l->mtu);
	if (!strcmp(w, "txqueuelen"))
		return parse_opt_u32(ws, &l->has_txqlen, &l->txqlen);
	if (!strcmp(w, "multi_queue"))
		return parse_link_flag(l, NSBOX_LINK_F_MULTI_QUEUE);
	if (!strcmp(w, "vnet_hdr"))
		return parse_link_flag(l, NSBOX_LINK_F_VNET_HDR);
	if (!strcmp(w, "pi"))
		return parse_link_flag(l, NSBOX_LINK_F_PI);
	if (!strcmp(w, "owner") && tun)
		return parse_opt_u32(ws, &l->has_owner, &l->owner);
	if (!strcmp(w, "group") && tun)
		return parse_opt_u32(ws, &l->has_group, &l->group);
	if (!strcmp(w, "peer") && !tun && !has_peer)
		return parse_ifname(next_word(ws), l->peer);
	if (!strcmp(w, "peer-fd") && !tun && !has_peer_fd) {
		if (parse_u32(next_word(ws), &fd) || fd > INT_MAX)
			return -1;
		l->peer_fd = fd;
		return 0;
	}
	return -1;
}

/* link IFNAME tun|tap|veth OPTIONS... */
static int parse_link(struct words *ws, struct link_step *l)
{
	const char *w;

	l->peer_fd = -1;
	if (parse_ifname(next_word(ws), l->ifname))
		return -1;
	w = next_word(ws);
	if (!w)
		return -1;
	if (!strcmp(w, "tun"))
		l->kind = LINK_TUN;
	else if (!strcmp(w, "tap"))
		l->kind = LINK_TAP;
	else if (!strcmp(w, "veth"))
		l->kind = LINK_VETH;
	else
		return -1;

	while ((w = next_word(ws)))
		if (parse_link_opt(ws, w, l))
			return -1;
	if (l->kind == LINK_VETH && !l->peer[0])
		return -1;
	/* the tun driver's own default (500) is short for a VM's or VPN's queue */
	if (l->kind != LINK_VETH && !l->has_txqlen) {
		l->has_txqlen = true;
		l->txqlen = 1000;
	}
	return 0;
}

static int parse_add_del(const char *w, bool *del)
{
	if (!w)
		return -1;
	if (!strcmp(w, "add"))
		*del = false;
	else if (!strcmp(w, "del"))
		*del = true;
	else
		return -1;
	return 0;
}

/* addr add|del IFNAME ADDRESS/PLEN */
static int parse_addr(struct words *ws, struct addr_step *a)
{
	if (parse_add_del(next_word(ws), &a->del) ||
	    parse_ifname(next_word(ws), a->ifname) ||
	    parse_prefix(next_word(ws), &a->pfx))
		return -1;
	return 0;
}

static int parse_gateway(const char *s, struct rtnl_route *r)
{
	struct inet_prefix gw;

	if (!s || parse_inet(s, &gw) || gw.family != r->dst.family)
		return -1;
	memcpy(r->gw, gw.addr, sizeof(r->gw));
	r->has_gw = true;
	return 0;
}

/* Each route option may be given once. */
enum route_opt {
	ROUTE_VIA	= 1 << 0,
	ROUTE_DEV	= 1 << 1,
	ROUTE_MTU	= 1 << 2,
	ROUTE_ADVMSS	= 1 << 3,
	ROUTE_METRIC	= 1 << 4,
	ROUTE_TABLE	= 1 << 5,
	ROUTE_REPLACE	= 1 << 6,
};

static int once(unsigned int *seen, enum route_opt opt)
{
	if (*seen & opt)
		return -1;
	*seen |= opt;
	return 0;
}

/*
 * 0 for mtu, advmss and metric means "not given", as it does to the
 * kernel; table 0 is refused: it names no table.
 */
static int parse_route_opt(struct words *ws, const char *w, struct route_step *rs,
			   unsigned int *seen)
{
	struct rtnl_route *r = &rs->r;
	int err;

	if (!strcmp(w, "via"))
		err = once(seen, ROUTE_VIA) || parse_gateway(next_word(ws), r);
	else if (!strcmp(w, "dev"))
		err = once(seen, ROUTE_DEV) || parse_ifname(next_word(ws), rs->dev);
	else if (!strcmp(w, "mtu"))
		err = once(seen, ROUTE_MTU) || parse_u32(next_word(ws), &r->mtu);
	else if (!strcmp(w, "advmss"))
		err = once(seen, ROUTE_ADVMSS) || parse_u32(next_word(ws), &r->advmss);
	else if (!strcmp(w, "metric"))
		err = once(seen, ROUTE_METRIC) || parse_u32(next_word(ws), &r->metric);
	else if (!strcmp(w, "table"))
		err = once(seen, ROUTE_TABLE) || parse_u32(next_word(ws), &r->table) ||
		      !r->table;
	else if (!strcmp(w, "replace"))
		err = once(seen, ROUTE_REPLACE);
	else
		err = 1;
	return err ? -1 : 0;
}

/* route add|del DST/PLEN OPTIONS... */
static int parse_route(struct words *ws, struct route_step *rs)
{
	unsigned int seen = 0;
	const char *w;

	if (parse_add_del(next_word(ws), &rs->del) ||
	    parse_prefix(next_word(ws), &rs->r.dst))
		return -1;
	while ((w = next_word(ws)))
		if (parse_route_opt(ws, w, rs, &seen))
			return -1;
	rs->r.replace = seen & ROUTE_REPLACE;
	return 0;
}

static int parse_step(struct words *ws, struct step *st)
{
	const char *w = next_word(ws);

	if (!w)
		return -1;
	if (!strcmp(w, "link")) {
		st->kind = STEP_LINK;
		return parse_link(ws, &st->link);
	}
	if (!strcmp(w, "link-del")) {
		st->kind = STEP_LINK_DEL;
		if (parse_ifname(next_word(ws), st->ifname))
			return -1;
	} else if (!strcmp(w, "addr")) {
		st->kind = STEP_ADDR;
		if (parse_addr(ws, &st->addr))
			return -1;
	} else if (!strcmp(w, "route")) {
		st->kind = STEP_ROUTE;
		return parse_route(ws, &st->route);
	} else if (!strcmp(w, "noipv6")) {
		st->kind = STEP_NOIPV6;
	} else {
		return -1;
	}
	/* the fixed-length steps: nothing may follow */
	return next_word(ws) ? -1 : 0;
}

/*
 * Splits argv at the ";" words and parses each step. Returns 0, or -1 for
 * anything malformed (an empty step included), leaving nothing allocated.
 */
int steps_parse(struct steps *steps, int argc, char **argv)
{
	int start = 0, i;

	steps->n = 0;
	steps->v = calloc(argc ? argc : 1, sizeof(*steps->v));
	if (!steps->v)
		return -1;

	for (i = 0; i <= argc; i++) {
		struct words ws = { .w = argv + start, .n = i - start };

		if (i < argc && strcmp(argv[i], ";"))
			continue;
		/* nothing after the last ";" (or no steps at all) */
		if (i == argc && start == argc)
			break;
		if (parse_step(&ws, &steps->v[steps->n]))
			goto bad;
		steps->n++;
		start = i + 1;
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
