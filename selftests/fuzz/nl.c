// SPDX-License-Identifier: GPL-2.0
/*
 * nsbox-fuzz's side of the sockets: send a datagram, read until the kernel
 * is done answering it, and check everything that comes back. Nothing from
 * the kernel is trusted: every length is checked before it is used, and what
 * does not match the family's contract is an anomaly (a kernel bug):
 * malformed messages or attributes, acks that point outside the request,
 * errnos out of range, replies to nothing, requests left unanswered,
 * namespace fds that are not namespaces.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/time.h>
#include <linux/magic.h>

#include "fuzz.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define RCV_TIMEOUT_S 30

const char *errname(int e)
{
	static __thread char buf[16];
	const char *n = e > 0 ? strerrorname_np(e) : NULL;

	if (n)
		return n;
	snprintf(buf, sizeof(buf), "E%d", e);
	return buf;
}

int nl_open(struct fuzz_thread *t, struct fsock *s, bool events, bool ext_ack, bool cap_ack)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = RCV_TIMEOUT_S };
	socklen_t salen = sizeof(sa);
	int one = 1, fd;

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return -errno;
	if ((ext_ack && setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one))) ||
	    (cap_ack && setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one))) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(fd, (struct sockaddr *)&sa, &salen))
		goto fail;
	if (events && fuzz_mcgrp > 0) {
		int size = 4 << 20;

		/* room for everybody's events between two of our requests */
		if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) &&
		    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size)))
			goto fail;
		if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &fuzz_mcgrp,
			       sizeof(fuzz_mcgrp)))
			goto fail;
		s->events = true;
	}
	s->fd = fd;
	s->portid = sa.nl_pid;
	s->ext_ack = ext_ack;
	s->cap_ack = cap_ack;
	if (t)
		t->st.socks_opened++;
	return 0;
fail:
	one = -errno;
	close(fd);
	return one;
}

void nl_close(struct fuzz_thread *t, struct fsock *s)
{
	if (s->fd < 0)
		return;
	close(s->fd);
	s->fd = -1;
	if (t) {
		t->st.socks_closed++;
		if (s->owned)
			t->st.owned_closed++;
	}
	s->owned = 0;
}

/* ---- what replies may hold ---- */

enum { K_NONE, K_BIN, K_STR, K_U32, K_U8, K_U64, K_NEST, K_ANY };

struct aspec {
	uint8_t kind;
	uint16_t min, max;		/* payload length (K_BIN), string size with NUL (K_STR) */
	const struct aspec *nest;	/* K_NEST: the nested set */
	uint16_t nest_max;
};

static const struct aspec link_spec[NSBOX_A_LINK_MAX + 1] = {
	[NSBOX_A_LINK_SANDBOX]		= { K_STR, 2, NSBOX_NAME_MAX + 1 },
	[NSBOX_A_LINK_IFNAME]		= { K_STR, 2, 16 },
	[NSBOX_A_LINK_TYPE]		= { K_U32 },
	[NSBOX_A_LINK_FLAGS]		= { K_U32 },
	[NSBOX_A_LINK_MTU]		= { K_U32 },
	[NSBOX_A_LINK_TXQUEUELEN]	= { K_U32 },
	[NSBOX_A_LINK_OWNER]		= { K_U32 },
	[NSBOX_A_LINK_GROUP]		= { K_U32 },
	[NSBOX_A_LINK_PEER_IFNAME]	= { K_STR, 2, 16 },
	[NSBOX_A_LINK_PEER_SANDBOX]	= { K_STR, 2, NSBOX_NAME_MAX + 1 },
	[NSBOX_A_LINK_IFINDEX]		= { K_U32 },
	[NSBOX_A_LINK_OPERSTATE]	= { K_U32 },
	[NSBOX_A_LINK_DEV_FLAGS]	= { K_U32 },
	[NSBOX_A_LINK_ADDRESS]		= { K_BIN, 6, 6 },
	[NSBOX_A_LINK_MASTER]		= { K_STR, 2, 16 },
	[NSBOX_A_LINK_PARENT]		= { K_STR, 2, 16 },
	[NSBOX_A_LINK_MODE]		= { K_U32 },
	[NSBOX_A_LINK_VLAN_ID]		= { K_U32 },
	[NSBOX_A_LINK_HOST_IFNAME]	= { K_STR, 2, 16 },
	[NSBOX_A_LINK_VNI]		= { K_U32 },
	[NSBOX_A_LINK_REMOTE]		= { K_BIN, 4, 16 },
	[NSBOX_A_LINK_VXLAN_GROUP]	= { K_BIN, 4, 16 },
	[NSBOX_A_LINK_LOCAL]		= { K_BIN, 4, 16 },
	[NSBOX_A_LINK_PORT]		= { K_U32 },
	[NSBOX_A_LINK_UNDERLAY]		= { K_STR, 2, 16 },
};

/* an address or a route in a sandbox's reply; a record dump names the sandbox too */
#define ADDR_SPEC							\
	[NSBOX_A_ADDR_IFNAME]		= { K_STR, 2, 16 },		\
	[NSBOX_A_ADDR_ADDRESS]		= { K_BIN, 4, 16 },		\
	[NSBOX_A_ADDR_PREFIXLEN]	= { K_U8 }

static const struct aspec addr_spec[NSBOX_A_ADDR_MAX + 1] = { ADDR_SPEC };

static const struct aspec addr_rec_spec[NSBOX_A_ADDR_MAX + 1] = {
	[NSBOX_A_ADDR_SANDBOX]		= { K_STR, 2, NSBOX_NAME_MAX + 1 },
	ADDR_SPEC
};

static const struct aspec nexthop_spec[NSBOX_A_NEXTHOP_MAX + 1] = {
	[NSBOX_A_NEXTHOP_GATEWAY]	= { K_BIN, 4, 16 },
	[NSBOX_A_NEXTHOP_IFNAME]	= { K_STR, 2, 16 },
	[NSBOX_A_NEXTHOP_WEIGHT]	= { K_U32 },
};

#define ROUTE_SPEC							\
	[NSBOX_A_ROUTE_DST]		= { K_BIN, 4, 16 },		\
	[NSBOX_A_ROUTE_DST_LEN]		= { K_U8 },			\
	[NSBOX_A_ROUTE_GATEWAY]		= { K_BIN, 4, 16 },		\
	[NSBOX_A_ROUTE_IFNAME]		= { K_STR, 2, 16 },		\
	[NSBOX_A_ROUTE_MTU]		= { K_U32 },			\
	[NSBOX_A_ROUTE_ADVMSS]		= { K_U32 },			\
	[NSBOX_A_ROUTE_METRIC]		= { K_U32 },			\
	[NSBOX_A_ROUTE_TABLE]		= { K_U32 },			\
	[NSBOX_A_ROUTE_SRC]		= { K_BIN, 4, 16 },		\
	[NSBOX_A_ROUTE_ONLINK]		= { K_BIN, 0, 0 },		\
	[NSBOX_A_ROUTE_SCOPE]		= { K_U8 },			\
	[NSBOX_A_ROUTE_TYPE]		= { K_U32 },			\
	[NSBOX_A_ROUTE_NEXTHOP]		= { K_NEST, 0, 0, nexthop_spec, NSBOX_A_NEXTHOP_MAX }

static const struct aspec route_spec[NSBOX_A_ROUTE_MAX + 1] = { ROUTE_SPEC };

static const struct aspec route_rec_spec[NSBOX_A_ROUTE_MAX + 1] = {
	[NSBOX_A_ROUTE_SANDBOX]		= { K_STR, 2, NSBOX_NAME_MAX + 1 },
	ROUTE_SPEC
};

#define SYSCTL_SPEC							\
	[NSBOX_A_SYSCTL_KEY]		= { K_STR, 2, NSBOX_SYSCTL_KEY_MAX + 1 },	\
	[NSBOX_A_SYSCTL_VALUE]		= { K_STR, 2, NSBOX_SYSCTL_VALUE_MAX + 1 }

static const struct aspec sysctl_spec[NSBOX_A_SYSCTL_MAX + 1] = { SYSCTL_SPEC };

static const struct aspec sysctl_rec_spec[NSBOX_A_SYSCTL_MAX + 1] = {
	[NSBOX_A_SYSCTL_SANDBOX]	= { K_STR, 2, NSBOX_NAME_MAX + 1 },
	SYSCTL_SPEC
};

#define NEIGH_SPEC							\
	[NSBOX_A_NEIGH_IFNAME]		= { K_STR, 2, 16 },		\
	[NSBOX_A_NEIGH_ADDRESS]		= { K_BIN, 4, 16 },		\
	[NSBOX_A_NEIGH_LLADDR]		= { K_BIN, 6, 6 }

static const struct aspec neigh_spec[NSBOX_A_NEIGH_MAX + 1] = { NEIGH_SPEC };

static const struct aspec neigh_rec_spec[NSBOX_A_NEIGH_MAX + 1] = {
	[NSBOX_A_NEIGH_SANDBOX]		= { K_STR, 2, NSBOX_NAME_MAX + 1 },
	NEIGH_SPEC
};

static const struct aspec rlimit_spec[NSBOX_A_RLIMIT_MAX + 1] = {
	[NSBOX_A_RLIMIT_PAD]		= { K_ANY },
	[NSBOX_A_RLIMIT_RESOURCE]	= { K_U32 },
	[NSBOX_A_RLIMIT_SOFT]		= { K_U64 },
	[NSBOX_A_RLIMIT_HARD]		= { K_U64 },
};

static const struct aspec prog_tun_spec[NSBOX_A_PROG_TUN_MAX + 1] = {
	[NSBOX_A_PROG_TUN_IFNAME]	= { K_STR, 2, 16 },
	[NSBOX_A_PROG_TUN_QUEUES]	= { K_U32 },
	[NSBOX_A_PROG_TUN_TYPE]		= { K_U32 },
	[NSBOX_A_PROG_TUN_FLAGS]	= { K_U32 },
};

static const struct aspec prog_spec[NSBOX_A_PROG_MAX + 1] = {
	[NSBOX_A_PROG_PAD]		= { K_ANY },
	[NSBOX_A_PROG_SANDBOX]		= { K_STR, 2, NSBOX_NAME_MAX + 1 },
	[NSBOX_A_PROG_PATH]		= { K_STR, 2, 4096 },
	[NSBOX_A_PROG_ARG]		= { K_STR, 1, 32768 },
	[NSBOX_A_PROG_ENV]		= { K_STR, 1, 32768 },
	[NSBOX_A_PROG_CWD]		= { K_STR, 2, 4096 },
	[NSBOX_A_PROG_UID]		= { K_U32 },
	[NSBOX_A_PROG_GID]		= { K_U32 },
	[NSBOX_A_PROG_GROUPS]		= { K_ANY },
	[NSBOX_A_PROG_CAPS]		= { K_U64 },
	[NSBOX_A_PROG_FLAGS]		= { K_U32 },
	[NSBOX_A_PROG_RLIMIT]		= { K_NEST, 0, 0, rlimit_spec, NSBOX_A_RLIMIT_MAX },
	[NSBOX_A_PROG_TIMEOUT_MS]	= { K_U32 },
	[NSBOX_A_PROG_NAME]		= { K_STR, 2, NSBOX_NAME_MAX + 1 },
	[NSBOX_A_PROG_LOG]		= { K_STR, 2, 4096 },
	[NSBOX_A_PROG_ID]		= { K_U32 },
	[NSBOX_A_PROG_PID]		= { K_U32 },
	[NSBOX_A_PROG_STATE]		= { K_U32 },
	[NSBOX_A_PROG_STARTED_NS]	= { K_U64 },
	[NSBOX_A_PROG_EXIT_STATUS]	= { K_U32 },
	[NSBOX_A_PROG_SIGNAL]		= { K_U32 },
	[NSBOX_A_PROG_TUN]		= { K_NEST, 0, 0, prog_tun_spec, NSBOX_A_PROG_TUN_MAX },
	[NSBOX_A_PROG_MEMORY_MAX]	= { K_U64 },
	[NSBOX_A_PROG_CPU_QUOTA_US]	= { K_U32 },
	[NSBOX_A_PROG_CPU_PERIOD_US]	= { K_U32 },
	[NSBOX_A_PROG_CPU_WEIGHT]	= { K_U32 },
	[NSBOX_A_PROG_PIDS_MAX]		= { K_U32 },
	[NSBOX_A_PROG_CGROUP]		= { K_STR, 2, NSBOX_CGROUP_NAME_MAX + 1 },
	[NSBOX_A_PROG_OOM_KILLS]	= { K_U32 },
	[NSBOX_A_PROG_RESTART]		= { K_U32 },
	[NSBOX_A_PROG_RESTART_DELAY_MS]	= { K_U32 },
	[NSBOX_A_PROG_RESTART_DELAY_MAX_MS] = { K_U32 },
	[NSBOX_A_PROG_START_LIMIT_BURST] = { K_U32 },
	[NSBOX_A_PROG_START_LIMIT_INTERVAL_MS] = { K_U32 },
	[NSBOX_A_PROG_RESTARTS]		= { K_U32 },
	[NSBOX_A_PROG_RESTART_IN_MS]	= { K_U32 },
	[NSBOX_A_PROG_FAILED_REASON]	= { K_STR, 1, 96 },
};

static const struct aspec sandbox_spec[NSBOX_A_SANDBOX_MAX + 1] = {
	[NSBOX_A_SANDBOX_PAD]		= { K_ANY },
	[NSBOX_A_SANDBOX_ID]		= { K_U32 },
	[NSBOX_A_SANDBOX_NAME]		= { K_STR, 2, NSBOX_NAME_MAX + 1 },
	[NSBOX_A_SANDBOX_HOSTNAME]	= { K_STR, 2, NSBOX_HOSTNAME_MAX + 1 },
	[NSBOX_A_SANDBOX_FLAGS]		= { K_U32 },
	[NSBOX_A_SANDBOX_STATE]		= { K_U32 },
	[NSBOX_A_SANDBOX_NETNS_INODE]	= { K_U32 },
	[NSBOX_A_SANDBOX_OWNER_UID]	= { K_U32 },
	[NSBOX_A_SANDBOX_OWNER_PORTID]	= { K_U32 },
	[NSBOX_A_SANDBOX_CREATED_NS]	= { K_U64 },
	[NSBOX_A_SANDBOX_LINKS]		= { K_U32 },
	[NSBOX_A_SANDBOX_PROGRAMS]	= { K_U32 },
	[NSBOX_A_SANDBOX_NETNS_FD]	= { K_U32 },
	[NSBOX_A_SANDBOX_UTS_FD]	= { K_U32 },
	[NSBOX_A_SANDBOX_REASON]	= { K_U32 },
	[NSBOX_A_SANDBOX_LINK]		= { K_NEST, 0, 0, link_spec, NSBOX_A_LINK_MAX },
	[NSBOX_A_SANDBOX_ADDR]		= { K_NEST, 0, 0, addr_spec, NSBOX_A_ADDR_MAX },
	[NSBOX_A_SANDBOX_ROUTE]		= { K_NEST, 0, 0, route_spec, NSBOX_A_ROUTE_MAX },
	[NSBOX_A_SANDBOX_PROG]		= { K_NEST, 0, 0, prog_spec, NSBOX_A_PROG_MAX },
	[NSBOX_A_SANDBOX_SYSCTL]	= { K_NEST, 0, 0, sysctl_spec, NSBOX_A_SYSCTL_MAX },
	[NSBOX_A_SANDBOX_NEIGH]		= { K_NEST, 0, 0, neigh_spec, NSBOX_A_NEIGH_MAX },
};

static const struct aspec info_spec[NSBOX_A_INFO_MAX + 1] = {
	[NSBOX_A_INFO_MODULE_VERSION]	= { K_STR, 2, 64 },
	[NSBOX_A_INFO_FAMILY_VERSION]	= { K_U32 },
	[NSBOX_A_INFO_HELPER_PATH]	= { K_STR, 2, 4096 },
	[NSBOX_A_INFO_HELPER_TIMEOUT_MS] = { K_U32 },
	[NSBOX_A_INFO_MAX_SANDBOXES]	= { K_U32 },
	[NSBOX_A_INFO_SANDBOXES]	= { K_U32 },
	[NSBOX_A_INFO_HELPERS]		= { K_U32 },
	[NSBOX_A_INFO_NAME_MAX]		= { K_U32 },
};

/* Check a run of attributes against @spec; tb[] gets the top-level ones. */
static bool walk(struct fuzz_thread *t, const unsigned char *p, uint32_t len,
		 const struct aspec *spec, uint16_t max, const struct nlattr **tb,
		 const char *where)
{
	uint32_t off = 0;

	while (off < len) {
		const struct nlattr *nla = (const void *)(p + off);
		const struct aspec *a;
		uint16_t type;
		uint32_t plen;

		if (len - off < NLA_HDRLEN || nla->nla_len < NLA_HDRLEN || nla->nla_len > len - off) {
			anomaly(t, "%s: malformed attribute at offset %u (nla_len %u, %u bytes left)",
				where, off, len - off >= 2 ? nla->nla_len : 0, len - off);
			return false;
		}
		type = nla->nla_type & NLA_TYPE_MASK;
		plen = nla->nla_len - NLA_HDRLEN;
		a = type <= max ? &spec[type] : NULL;
		if (!a || a->kind == K_NONE) {
			anomaly(t, "%s: unexpected attribute type %u", where, type);
			return false;
		}
		switch (a->kind) {
		case K_U32:
			if (plen != 4)
				goto bad_len;
			break;
		case K_U8:
			if (plen != 1)
				goto bad_len;
			break;
		case K_U64:
			if (plen != 8)
				goto bad_len;
			break;
		case K_BIN:
			if (plen < a->min || plen > a->max || (a->min == 4 && plen != 4 && plen != 16))
				goto bad_len;
			break;
		case K_STR:
			if (plen < a->min || plen > a->max ||
			    !memchr(p + off + NLA_HDRLEN, 0, plen) ||
			    strlen((const char *)p + off + NLA_HDRLEN) + 1 != plen)
				goto bad_len;
			break;
		case K_NEST:
			if (!walk(t, p + off + NLA_HDRLEN, plen, a->nest, a->nest_max, NULL, where))
				return false;
			break;
		default:
			break;
		}
		if (tb)
			tb[type] = nla;
		off += NLA_ALIGN(nla->nla_len);
		/* the last attribute's padding may be cut off */
		if (off > len)
			off = len;
		continue;
bad_len:
		anomaly(t, "%s: attribute %u has a bad length %u", where, type, plen);
		return false;
	}
	return true;
}

/* @s, NUL-terminated, printable: other bytes as \xNN */
static const char *escape(const char *s)
{
	static __thread char buf[4 * 64 + 1];
	size_t o = 0;

	for (; *s && o + 5 < sizeof(buf); s++) {
		unsigned char c = *s;

		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"')
			buf[o++] = c;
		else
			o += snprintf(buf + o, sizeof(buf) - o, "\\x%02x", c);
	}
	buf[o] = 0;
	return buf;
}

static bool hostname_valid(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '.'))
			return false;
	return true;
}

static uint32_t get_u32(const struct nlattr *nla)
{
	uint32_t v;

	memcpy(&v, (const char *)nla + NLA_HDRLEN, 4);
	return v;
}

/* A namespace fd the kernel installed in us: check it, then close it. */
static void take_fd(struct fuzz_thread *t, const struct nlattr *fd_attr,
		    const struct nlattr *inode_attr, const char *what)
{
	int fd = get_u32(fd_attr);
	struct statfs sfs;
	struct stat st;

	if (fd < 0 || fstatfs(fd, &sfs) || sfs.f_type != NSFS_MAGIC || fstat(fd, &st)) {
		/* not ours to close: it may be anything */
		anomaly(t, "%s fd %d is not a namespace file", what, fd);
		return;
	}
	if (inode_attr && st.st_ino != get_u32(inode_attr))
		anomaly(t, "%s fd %d is namespace %lu, the reply says %u", what, fd,
			(unsigned long)st.st_ino, get_u32(inode_attr));
	close(fd);
	t->st.nsfds++;
}

static void note_id(struct fuzz_thread *t, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < t->nids; i++)
		if (t->ids[i] == id)
			return;
	if (t->nids < sizeof(t->ids) / sizeof(t->ids[0]))
		t->ids[t->nids++] = id;
	else
		t->ids[rnd(&t->rng, t->nids)] = id;
}

/* A record of a LINK_GET, ADDR_GET, ROUTE_GET, PROG_GET, SYSCTL_GET or NEIGH_GET dump. */
static void check_record(struct fuzz_thread *t, uint8_t cmd, const unsigned char *attrs,
			 uint32_t alen, const char *where)
{
	/* room for any of the four sets */
	const struct nlattr *tb[NSBOX_A_PROG_MAX + NSBOX_A_LINK_MAX + NSBOX_A_ADDR_MAX +
				NSBOX_A_ROUTE_MAX + NSBOX_A_SYSCTL_MAX + NSBOX_A_NEIGH_MAX + 1] = { 0 };
	bool ok;

	switch (cmd) {
	case NSBOX_CMD_LINK_GET:
		ok = walk(t, attrs, alen, link_spec, NSBOX_A_LINK_MAX, tb, where) &&
		     tb[NSBOX_A_LINK_SANDBOX] && tb[NSBOX_A_LINK_IFNAME] && tb[NSBOX_A_LINK_TYPE];
		break;
	case NSBOX_CMD_ADDR_GET:
		ok = walk(t, attrs, alen, addr_rec_spec, NSBOX_A_ADDR_MAX, tb, where) &&
		     tb[NSBOX_A_ADDR_SANDBOX] && tb[NSBOX_A_ADDR_ADDRESS];
		break;
	case NSBOX_CMD_ROUTE_GET:
		ok = walk(t, attrs, alen, route_rec_spec, NSBOX_A_ROUTE_MAX, tb, where) &&
		     tb[NSBOX_A_ROUTE_SANDBOX] && tb[NSBOX_A_ROUTE_DST];
		break;
	case NSBOX_CMD_SYSCTL_GET:
		ok = walk(t, attrs, alen, sysctl_rec_spec, NSBOX_A_SYSCTL_MAX, tb, where) &&
		     tb[NSBOX_A_SYSCTL_SANDBOX] && tb[NSBOX_A_SYSCTL_KEY];
		break;
	case NSBOX_CMD_NEIGH_GET:
		ok = walk(t, attrs, alen, neigh_rec_spec, NSBOX_A_NEIGH_MAX, tb, where) &&
		     tb[NSBOX_A_NEIGH_SANDBOX] && tb[NSBOX_A_NEIGH_ADDRESS];
		break;
	default:
		ok = walk(t, attrs, alen, prog_spec, NSBOX_A_PROG_MAX, tb, where) &&
		     tb[NSBOX_A_PROG_SANDBOX] && tb[NSBOX_A_PROG_ID];
		break;
	}
	if (!ok)
		anomaly(t, "%s: a record without its sandbox or its key", where);
}

/* One nsbox message: a reply (@event false) or a notification. */
static void check_nsbox(struct fuzz_thread *t, const struct nlmsghdr *nlh, bool event,
			bool first)
{
	const struct nlattr *tb[NSBOX_A_SANDBOX_MAX + 1] = { 0 };
	const struct genlmsghdr *g = NLMSG_DATA(nlh);
	const unsigned char *attrs = (const unsigned char *)g + GENL_HDRLEN;
	uint32_t alen;
	char where[64];

	if (nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN)) {
		anomaly(t, "nsbox message of %u bytes, shorter than its headers", nlh->nlmsg_len);
		return;
	}
	alen = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	snprintf(where, sizeof(where), "%s cmd %u", event ? "event" : "reply", g->cmd);
	if (g->version != NSBOX_GENL_VERSION)
		anomaly(t, "%s: genl version %u", where, g->version);

	switch (g->cmd) {
	case NSBOX_CMD_INFO_GET:
		if (event)
			goto bad_cmd;
		if (walk(t, attrs, alen, info_spec, NSBOX_A_INFO_MAX, tb, where)) {
			if (!tb[NSBOX_A_INFO_FAMILY_VERSION] ||
			    get_u32(tb[NSBOX_A_INFO_FAMILY_VERSION]) != NSBOX_GENL_VERSION)
				anomaly(t, "%s: no or wrong family version", where);
			if (first) {
				t->last.have = true;
				t->last.cmd = g->cmd;
			}
		}
		return;
	case NSBOX_CMD_SANDBOX_NEW:
	case NSBOX_CMD_SANDBOX_GET:
		if (event)
			goto bad_cmd;
		break;
	case NSBOX_CMD_SANDBOX_CREATE_NTF:
	case NSBOX_CMD_SANDBOX_DELETE_NTF:
		if (!event)
			goto bad_cmd;
		break;
	case NSBOX_CMD_PROG_EXEC:
	case NSBOX_CMD_PROG_RUN:
		if (event)
			goto bad_cmd;
		if (walk(t, attrs, alen, prog_spec, NSBOX_A_PROG_MAX, tb, where) &&
		    (!tb[NSBOX_A_PROG_ID] || !tb[NSBOX_A_PROG_PID]))
			anomaly(t, "%s: program id or pid missing", where);
		if (first) {
			t->last.have = true;
			t->last.cmd = g->cmd;
		}
		return;
	case NSBOX_CMD_PROG_EXIT_NTF:
		/* an event, to the group and to the socket that exec'd it */
		if (!event)
			goto bad_cmd;
		if (walk(t, attrs, alen, prog_spec, NSBOX_A_PROG_MAX, tb, where) &&
		    (!tb[NSBOX_A_PROG_ID] || !tb[NSBOX_A_PROG_EXIT_STATUS]))
			anomaly(t, "%s: program id or exit status missing", where);
		return;
	case NSBOX_CMD_LINK_CREATE_NTF:
	case NSBOX_CMD_LINK_DELETE_NTF:
	case NSBOX_CMD_LINK_CHANGE_NTF:
		if (!event)
			goto bad_cmd;
		if (walk(t, attrs, alen, link_spec, NSBOX_A_LINK_MAX, tb, where) &&
		    (!tb[NSBOX_A_LINK_SANDBOX] || !tb[NSBOX_A_LINK_IFNAME] || !tb[NSBOX_A_LINK_TYPE]))
			anomaly(t, "%s: sandbox, name or type missing", where);
		return;
	case NSBOX_CMD_LINK_GET:
	case NSBOX_CMD_ADDR_GET:
	case NSBOX_CMD_ROUTE_GET:
	case NSBOX_CMD_PROG_GET:
	case NSBOX_CMD_SYSCTL_GET:
	case NSBOX_CMD_NEIGH_GET:
		/* dumps only: one record, naming its sandbox */
		if (event || !(nlh->nlmsg_flags & NLM_F_MULTI))
			goto bad_cmd;
		check_record(t, g->cmd, attrs, alen, where);
		return;
	default:
		goto bad_cmd;
	}

	/* a sandbox */
	if (!walk(t, attrs, alen, sandbox_spec, NSBOX_A_SANDBOX_MAX, tb, where))
		return;
	if (tb[NSBOX_A_SANDBOX_NETNS_FD])
		take_fd(t, tb[NSBOX_A_SANDBOX_NETNS_FD], tb[NSBOX_A_SANDBOX_NETNS_INODE], "netns");
	if (tb[NSBOX_A_SANDBOX_UTS_FD])
		take_fd(t, tb[NSBOX_A_SANDBOX_UTS_FD], NULL, "uts");
	if (!tb[NSBOX_A_SANDBOX_ID] || !tb[NSBOX_A_SANDBOX_NAME] || !tb[NSBOX_A_SANDBOX_FLAGS] ||
	    !tb[NSBOX_A_SANDBOX_STATE]) {
		anomaly(t, "%s: id, name, flags or state missing", where);
		return;
	}
	/* what nsbox_name_ok() and nsbox_hostname_ok() let in */
	if (!name_valid((const char *)tb[NSBOX_A_SANDBOX_NAME] + NLA_HDRLEN,
			tb[NSBOX_A_SANDBOX_NAME]->nla_len - NLA_HDRLEN))
		anomaly(t, "%s: sandbox name \"%s\" is outside [A-Za-z0-9_.-], yet was accepted", where,
			escape((const char *)tb[NSBOX_A_SANDBOX_NAME] + NLA_HDRLEN));
	if (tb[NSBOX_A_SANDBOX_HOSTNAME] &&
	    !hostname_valid((const char *)tb[NSBOX_A_SANDBOX_HOSTNAME] + NLA_HDRLEN))
		anomaly(t, "%s: hostname \"%s\" is outside [A-Za-z0-9.-], yet was accepted", where,
			escape((const char *)tb[NSBOX_A_SANDBOX_HOSTNAME] + NLA_HDRLEN));
	if (get_u32(tb[NSBOX_A_SANDBOX_STATE]) < NSBOX_SANDBOX_STATE_CREATING ||
	    get_u32(tb[NSBOX_A_SANDBOX_STATE]) > NSBOX_SANDBOX_STATE_READY)
		anomaly(t, "%s: state %u", where, get_u32(tb[NSBOX_A_SANDBOX_STATE]));
	if (g->cmd == NSBOX_CMD_SANDBOX_DELETE_NTF &&
	    (!tb[NSBOX_A_SANDBOX_REASON] || get_u32(tb[NSBOX_A_SANDBOX_REASON]) < NSBOX_REASON_REQUEST ||
	     get_u32(tb[NSBOX_A_SANDBOX_REASON]) > NSBOX_REASON_MODULE_UNLOAD))
		anomaly(t, "%s: no or unknown reason", where);
	if (event)
		return;

	note_id(t, get_u32(tb[NSBOX_A_SANDBOX_ID]));
	if (first) {
		t->last.have = true;
		t->last.cmd = g->cmd;
		t->last.id = get_u32(tb[NSBOX_A_SANDBOX_ID]);
		t->last.state = get_u32(tb[NSBOX_A_SANDBOX_STATE]);
		t->last.flags = get_u32(tb[NSBOX_A_SANDBOX_FLAGS]);
		snprintf(t->last.name, sizeof(t->last.name), "%s",
			 (const char *)tb[NSBOX_A_SANDBOX_NAME] + NLA_HDRLEN);
	}
	if ((nlh->nlmsg_flags & NLM_F_MULTI) && t->listed && t->nlisted < t->maxlisted) {
		t->listed[t->nlisted].id = get_u32(tb[NSBOX_A_SANDBOX_ID]);
		t->listed[t->nlisted].flags = get_u32(tb[NSBOX_A_SANDBOX_FLAGS]);
		t->listed[t->nlisted].state = get_u32(tb[NSBOX_A_SANDBOX_STATE]);
		t->listed[t->nlisted].owner_portid = tb[NSBOX_A_SANDBOX_OWNER_PORTID] ?
			get_u32(tb[NSBOX_A_SANDBOX_OWNER_PORTID]) : 0;
		snprintf(t->listed[t->nlisted].name, sizeof(t->listed[0].name), "%s",
			 (const char *)tb[NSBOX_A_SANDBOX_NAME] + NLA_HDRLEN);
		t->nlisted++;
	}
	return;

bad_cmd:
	anomaly(t, "%s: unexpected command", where);
}

/* The controller's replies: well-formed, no more is checked. */
static void check_ctrl(struct fuzz_thread *t, const struct nlmsghdr *nlh)
{
	const unsigned char *p = (const unsigned char *)NLMSG_DATA(nlh) + GENL_HDRLEN;
	uint32_t len, off = 0;

	if (nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN)) {
		anomaly(t, "controller message of %u bytes", nlh->nlmsg_len);
		return;
	}
	len = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	while (off < len) {
		const struct nlattr *nla = (const void *)(p + off);

		if (len - off < NLA_HDRLEN || nla->nla_len < NLA_HDRLEN || nla->nla_len > len - off) {
			anomaly(t, "controller message: malformed attribute");
			return;
		}
		off += NLA_ALIGN(nla->nla_len);
	}
}

/* An ack (NLMSG_ERROR) or a dump's end (NLMSG_DONE): its error, checked. */
static int check_ack(struct fuzz_thread *t, const struct nlmsghdr *nlh, const struct msg *m,
		     bool done_msg)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	uint32_t payload = nlh->nlmsg_len - NLMSG_HDRLEN, off;
	int err;

	if (done_msg) {
		/* the dump's status, then maybe the extack's attributes */
		if (payload < sizeof(int)) {
			anomaly(t, "NLMSG_DONE of %u bytes", nlh->nlmsg_len);
			return 0;
		}
		memcpy(&err, NLMSG_DATA(nlh), sizeof(err));
		off = sizeof(int);
	} else {
		if (payload < sizeof(*e)) {
			anomaly(t, "ack of %u bytes", nlh->nlmsg_len);
			return 0;
		}
		err = e->error;
		if (e->msg.nlmsg_seq != nlh->nlmsg_seq)
			anomaly(t, "ack for seq %u quotes seq %u", nlh->nlmsg_seq, e->msg.nlmsg_seq);
		off = sizeof(*e);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
			/* the request follows, whole */
			if (e->msg.nlmsg_len < NLMSG_HDRLEN ||
			    e->msg.nlmsg_len > payload - offsetof(struct nlmsgerr, msg)) {
				anomaly(t, "ack quotes a request of %u bytes in %u", e->msg.nlmsg_len,
					payload);
				return err;
			}
			off = offsetof(struct nlmsgerr, msg) + NLMSG_ALIGN(e->msg.nlmsg_len);
			if (off > payload)
				off = payload;
		}
	}
	if (err > 0 || err < -4095)
		anomaly(t, "error %d out of range", err);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return err;
	while (off < payload) {
		const struct nlattr *nla = (const void *)((const char *)NLMSG_DATA(nlh) + off);
		uint32_t plen;

		if (payload - off < NLA_HDRLEN || nla->nla_len < NLA_HDRLEN ||
		    nla->nla_len > payload - off) {
			anomaly(t, "ack: malformed extack attribute");
			break;
		}
		plen = nla->nla_len - NLA_HDRLEN;
		switch (nla->nla_type & NLA_TYPE_MASK) {
		case NLMSGERR_ATTR_MSG:
			if (!plen || !memchr((const char *)nla + NLA_HDRLEN, 0, plen))
				anomaly(t, "ack: extack message not a string");
			break;
		case NLMSGERR_ATTR_OFFS:
		case NLMSGERR_ATTR_MISS_NEST:
			if (plen != 4)
				anomaly(t, "ack: offset of %u bytes", plen);
			else if (get_u32(nla) >= m->len)
				anomaly(t, "ack: offset %u beyond the %u bytes sent", get_u32(nla),
					m->len);
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			if (plen != 4)
				anomaly(t, "ack: missing type of %u bytes", plen);
			break;
		default:	/* policy, cookie: shape only */
			break;
		}
		off += NLA_ALIGN(nla->nla_len);
	}
	return err;
}

static void count_err(struct fuzz_thread *t, int err)
{
	if (!err)
		t->st.ok++;
	else if (err < 0 && -err < FUZZ_ERRNO_MAX)
		t->st.errs[-err]++;
}

int nl_exchange(struct fuzz_thread *t, struct fsock *s, struct msg *m)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	uint32_t first = m->seqs[0], last = m->seqs[m->nmsgs ? m->nmsgs - 1 : 0];
	uint32_t barrier = 0;
	int result = 1;
	bool done = false;

	s->enobufs = false;
	t->last.have = false;
	if (sendto(s->fd, m->buf, m->len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
		int e = errno;

		/* ENOBUFS: our socket's receive queue overran; the rest is a bug */
		if (e != ENOBUFS)
			anomaly(t, "sendto of %u bytes: %s", m->len, strerror(e));
		count_err(t, -e);
		return -e;
	}
	t->st.sent++;
	t->st.msgs += m->nmsgs;
	if (m->need_barrier) {
		struct {
			struct nlmsghdr nlh;
			struct genlmsghdr g;
		} b = {
			.nlh = {
				.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN),
				.nlmsg_type = fuzz_family,
				.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
				.nlmsg_seq = barrier = last = ++s->seq,
			},
			.g = { .cmd = NSBOX_CMD_INFO_GET, .version = NSBOX_GENL_VERSION },
		};

		if (sendto(s->fd, &b, sizeof(b), 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
			anomaly(t, "sendto of the barrier: %s", strerror(errno));
			return 1;
		}
	}

	while (!done) {
		ssize_t n = recv(s->fd, t->rbuf, FUZZ_RCV_MAX, MSG_TRUNC);
		uint32_t off = 0;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				s->enobufs = true;
				t->st.enobufs++;
				continue;
			}
			if (errno == EAGAIN && s->enobufs)
				return 1;	/* our answer was lost with the rest */
			anomaly(t, "no answer to seq %u (cmd %u, %u messages, barrier %u) after %d s: %s",
				first, m->cmd, m->nmsgs, barrier, RCV_TIMEOUT_S, strerror(errno));
			return 1;
		}
		if (n > FUZZ_RCV_MAX) {
			anomaly(t, "a datagram of %zd bytes", n);
			continue;
		}
		while (off < (uint32_t)n) {
			const struct nlmsghdr *nlh = (const void *)(t->rbuf + off);
			bool event;

			if (n - off < NLMSG_HDRLEN || nlh->nlmsg_len < NLMSG_HDRLEN ||
			    nlh->nlmsg_len > n - off) {
				anomaly(t, "malformed netlink message at %u of %zd", off, n);
				break;
			}
			off += NLMSG_ALIGN(nlh->nlmsg_len);

			event = !nlh->nlmsg_seq && !nlh->nlmsg_pid;
			if (event) {
				/* a program's exit goes to the socket that exec'd it, too */
				if (!s->events && (nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN) ||
						   ((const struct genlmsghdr *)NLMSG_DATA(nlh))->cmd !=
						   NSBOX_CMD_PROG_EXIT_NTF))
					anomaly(t, "a notification on a socket that did not join the group");
				else if (nlh->nlmsg_type != fuzz_family)
					anomaly(t, "a notification of type %u", nlh->nlmsg_type);
				else
					check_nsbox(t, nlh, true, false);
				t->st.events++;
				continue;
			}
			if (nlh->nlmsg_pid != s->portid)
				anomaly(t, "a message for port %u on port %u", nlh->nlmsg_pid, s->portid);
			if (nlh->nlmsg_seq - first > last - first) {
				/* before this request: what an abandoned dump still had */
				if ((int32_t)(nlh->nlmsg_seq - first) < 0) {
					t->st.silent++;
					continue;
				}
				anomaly(t, "an answer to seq %u, not sent yet (up to %u)",
					nlh->nlmsg_seq, last);
				continue;
			}

			switch (nlh->nlmsg_type) {
			case NLMSG_ERROR: {
				int err = check_ack(t, nlh, m, false);

				if (nlh->nlmsg_seq == barrier) {
					if (err)
						anomaly(t, "the barrier (INFO_GET) failed: %s", errname(-err));
					done = true;
					break;
				}
				count_err(t, err);
				if (nlh->nlmsg_seq == first) {
					result = err;
					if (!m->need_barrier)
						done = true;
				}
				break;
			}
			case NLMSG_DONE: {
				int err = check_ack(t, nlh, m, true);

				count_err(t, err);
				if (nlh->nlmsg_seq == first) {
					result = err;
					if (!m->need_barrier)
						done = true;
				}
				break;
			}
			default:
				if (nlh->nlmsg_seq == barrier)
					break;	/* the barrier's reply */
				t->st.replies++;
				if (nlh->nlmsg_flags & NLM_F_MULTI) {
					t->st.dump_parts++;
					if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
						t->st.dump_intr++;
				}
				if (nlh->nlmsg_type == fuzz_family)
					check_nsbox(t, nlh, false, nlh->nlmsg_seq == first &&
						    !t->last.have);
				else if (nlh->nlmsg_type == GENL_ID_CTRL)
					check_ctrl(t, nlh);
				else
					anomaly(t, "a message of type %u", nlh->nlmsg_type);
				break;
			}
		}
	}
	return result;
}

/* The family's id and its events group, through the controller. */
int nl_resolve(int *family, int *mcgrp)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct {
		struct nlmsghdr nlh;
		struct genlmsghdr g;
		char buf[64];
	} req = { 0 };
	static unsigned char buf[65536];
	struct nlattr *nla;
	struct nlmsghdr *nlh;
	struct fsock s;
	uint32_t off, len;
	ssize_t n;
	int err;

	err = nl_open(NULL, &s, false, true, false);
	if (err)
		return err;
	req.nlh.nlmsg_type = GENL_ID_CTRL;
	req.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req.nlh.nlmsg_seq = 1;
	req.g.cmd = CTRL_CMD_GETFAMILY;
	req.g.version = 2;
	nla = (struct nlattr *)req.buf;
	nla->nla_type = CTRL_ATTR_FAMILY_NAME;
	nla->nla_len = NLA_HDRLEN + sizeof(NSBOX_GENL_NAME);
	memcpy(req.buf + NLA_HDRLEN, NSBOX_GENL_NAME, sizeof(NSBOX_GENL_NAME));
	req.nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + NLA_ALIGN(nla->nla_len);

	*family = -ENOENT;
	*mcgrp = -ENOENT;
	err = -EPROTO;
	if (sendto(s.fd, &req, req.nlh.nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0 ||
	    (n = recv(s.fd, buf, sizeof(buf), 0)) < (ssize_t)NLMSG_HDRLEN)
		goto out;
	nlh = (struct nlmsghdr *)buf;
	if (nlh->nlmsg_len > n)
		goto out;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(struct nlmsgerr)))
			err = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
		goto out;
	}
	if (nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
		goto out;
	len = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	for (off = 0; off + NLA_HDRLEN <= len; off += NLA_ALIGN(nla->nla_len)) {
		nla = (struct nlattr *)(buf + NLMSG_LENGTH(GENL_HDRLEN) + off);
		if (nla->nla_len < NLA_HDRLEN || nla->nla_len > len - off)
			break;
		if ((nla->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID && nla->nla_len >= 6) {
			*family = *(uint16_t *)((char *)nla + NLA_HDRLEN);
		} else if ((nla->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_MCAST_GROUPS) {
			/* an array of nests: name and id */
			uint32_t goff, glen = nla->nla_len - NLA_HDRLEN;
			struct nlattr *grp;

			for (goff = 0; goff + NLA_HDRLEN <= glen; goff += NLA_ALIGN(grp->nla_len)) {
				uint32_t ioff, ilen, id = 0;
				struct nlattr *in;
				bool ours = false;

				grp = (struct nlattr *)((char *)nla + NLA_HDRLEN + goff);
				if (grp->nla_len < NLA_HDRLEN || grp->nla_len > glen - goff)
					break;
				ilen = grp->nla_len - NLA_HDRLEN;
				for (ioff = 0; ioff + NLA_HDRLEN <= ilen; ioff += NLA_ALIGN(in->nla_len)) {
					in = (struct nlattr *)((char *)grp + NLA_HDRLEN + ioff);
					if (in->nla_len < NLA_HDRLEN || in->nla_len > ilen - ioff)
						break;
					if (in->nla_type == CTRL_ATTR_MCAST_GRP_ID && in->nla_len >= 8)
						id = get_u32(in);
					if (in->nla_type == CTRL_ATTR_MCAST_GRP_NAME &&
					    in->nla_len - NLA_HDRLEN == sizeof(NSBOX_MCGRP_EVENTS) &&
					    !memcmp((char *)in + NLA_HDRLEN, NSBOX_MCGRP_EVENTS,
						    sizeof(NSBOX_MCGRP_EVENTS)))
						ours = true;
				}
				if (ours)
					*mcgrp = id;
			}
		}
	}
	err = *family > 0 ? 0 : -ENOENT;
out:
	close(s.fd);
	return err;
}
