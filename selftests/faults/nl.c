// SPDX-License-Identifier: GPL-2.0
/*
 * The nsbox family over raw generic netlink: requests, their answers (ack,
 * replies, the end of a dump, or an answer lost to ENOBUFS), and what the
 * module reports of a sandbox.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "faults.h"

uint16_t nsbox_family;
uint32_t nsbox_events;

/* big enough for any part of a dump (netlink_dump() allocates up to 32 KiB) */
static char rxbuf[65536] __attribute__((aligned(8)));
static uint32_t seq = 1;

int nl_open(void)
{
	struct timeval tv = { .tv_sec = 120 };
	int fd = genl_socket();

	/* never hang the test on an answer that does not come */
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

void nl_init(struct genl_req *r, uint8_t cmd, uint16_t flags)
{
	genl_req_init(r, nsbox_family, cmd, flags);
	r->nlh.nlmsg_seq = ++seq;
}

struct nlattr *nl_nest(struct genl_req *r, uint16_t type)
{
	return genl_put(r, type | NLA_F_NESTED, NULL, 0);
}

void nl_nest_end(struct genl_req *r, struct nlattr *nest)
{
	nest->nla_len = (char *)&r->nlh + r->nlh.nlmsg_len - (char *)nest;
}

void nl_put_u8(struct genl_req *r, uint16_t type, uint8_t v)
{
	genl_put(r, type, &v, 1);
}

void nl_put_ip4(struct genl_req *r, uint16_t type, const char *ip)
{
	struct in_addr a;

	inet_pton(AF_INET, ip, &a);
	genl_put(r, type, &a, 4);
}

/* The TLVs of an ack or of the end of a dump: the extack message. */
static void parse_tlvs(const char *start, const char *end, struct answer *a)
{
	const struct nlattr *nla;
	int rem;

	for_each_attr(nla, start, (int)(end - start), rem)
		if (nla->nla_type == NLMSGERR_ATTR_MSG)
			attr_str(nla, a->msg, sizeof(a->msg));
}

static void parse_ack(const struct nlmsghdr *nlh, struct answer *a)
{
	const char *end = (const char *)nlh + nlh->nlmsg_len;

	a->done = true;
	if (nlh->nlmsg_type == NLMSG_DONE) {
		const int *err = NLMSG_DATA(nlh);

		if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) {
			a->error = *err;
			if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
				parse_tlvs((const char *)(err + 1), end, a);
		}
		return;
	}

	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t off = sizeof(*e);

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
		return;
	a->error = e->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	parse_tlvs((const char *)e + off, end, a);
}

/* Namespace fds and the program's id and pid, wherever a reply has them. */
static void scan_reply(const struct nlmsghdr *nlh, struct answer *a)
{
	const char *start = (const char *)NLMSG_DATA(nlh) + GENL_HDRLEN;
	const struct genlmsghdr *g = NLMSG_DATA(nlh);
	const struct nlattr *nla;
	int rem;

	for_each_attr(nla, start, (int)nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), rem) {
		int type = nla->nla_type & NLA_TYPE_MASK;

		if ((g->cmd == NSBOX_CMD_SANDBOX_NEW || g->cmd == NSBOX_CMD_SANDBOX_GET) &&
		    (type == NSBOX_A_SANDBOX_NETNS_FD || type == NSBOX_A_SANDBOX_UTS_FD) &&
		    a->nfds < (int)(sizeof(a->fds) / sizeof(a->fds[0])))
			a->fds[a->nfds++] = attr_u32(nla);
		if (g->cmd == NSBOX_CMD_PROG_EXEC && type == NSBOX_A_PROG_ID)
			a->prog_id = attr_u32(nla);
		if (g->cmd == NSBOX_CMD_PROG_EXEC && type == NSBOX_A_PROG_PID)
			a->prog_pid = attr_u32(nla);
	}
}

/*
 * Send @r and read its answer: every reply (to @fn, if given), then the ack
 * or the end of the dump. Notifications (sequence number 0) are skipped.
 *
 * An answer the kernel could not allocate is an error on the socket
 * (ENOBUFS), which recv() reports before what is queued: a reply sent
 * before it, maybe with fds in it, is read all the same.
 */
void nl_talk(int fd, struct genl_req *r, struct answer *a, reply_fn fn, void *arg)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	int flags = 0;

	memset(a, 0, sizeof(*a));
	if (sendto(fd, &r->nlh, r->nlh.nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0) {
		a->send_err = -errno;
		return;
	}
	while (!a->done) {
		ssize_t len = recv(fd, rxbuf, sizeof(rxbuf), flags);
		struct nlmsghdr *nlh;

		if (len < 0) {
			if (errno == EINTR)
				continue;
			if (flags)
				return;
			a->recv_err = -errno;
			if (errno == EAGAIN)
				return;		/* no answer in SO_RCVTIMEO */
			flags = MSG_DONTWAIT;
			continue;
		}
		for (nlh = (struct nlmsghdr *)rxbuf; NLMSG_OK(nlh, len) && !a->done;
		     nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_seq != r->nlh.nlmsg_seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR || nlh->nlmsg_type == NLMSG_DONE) {
				parse_ack(nlh, a);
				break;
			}
			if (nlh->nlmsg_type != nsbox_family)
				continue;
			scan_reply(nlh, a);
			if (!a->nreplies++ && nlh->nlmsg_len <= sizeof(a->reply)) {
				memcpy(a->reply, nlh, nlh->nlmsg_len);
				a->reply_len = nlh->nlmsg_len;
			}
			if (fn)
				fn(nlh, arg);
		}
	}
}

void nl_close_fds(struct answer *a)
{
	while (a->nfds > 0)
		close(a->fds[--a->nfds]);
}

bool answer_ok(const struct answer *a)
{
	return !a->send_err && !a->recv_err && a->done && !a->error;
}

/* "ok", "ENOMEM", "ENOMEM: nsbox: ...", "send: ENOBUFS", "lost: ENOBUFS" */
const char *answer_str(const struct answer *a, char *buf, size_t len)
{
	if (a->send_err)
		snprintf(buf, len, "send: %s", strerrorname_np(-a->send_err) ?: "?");
	else if (a->recv_err)
		snprintf(buf, len, "lost: %s", strerrorname_np(-a->recv_err) ?: "?");
	else if (!a->error)
		snprintf(buf, len, "ok");
	else
		snprintf(buf, len, "%s%s%s", strerrorname_np(-a->error) ?: "?",
			 a->msg[0] ? ": " : "", a->msg);
	return buf;
}

/* The family's id and its events group, from the controller. */
int nl_resolve(void)
{
	const struct nlattr *nla, *grp, *g;
	int rem, rem2, rem3;
	struct genl_req r;
	struct answer a;
	int fd = nl_open();

	if (fd < 0)
		return -1;
	genl_req_init(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	genl_put_str(&r, CTRL_ATTR_FAMILY_NAME, NSBOX_GENL_NAME);
	nsbox_family = GENL_ID_CTRL;	/* the reply's type */
	nl_talk(fd, &r, &a, NULL, NULL);
	close(fd);
	nsbox_family = 0;
	if (!answer_ok(&a) || !a.reply_len)
		return -1;

	const struct nlmsghdr *nlh = (const struct nlmsghdr *)a.reply;
	const char *start = (const char *)NLMSG_DATA(nlh) + GENL_HDRLEN;

	for_each_attr(nla, start, (int)nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), rem) {
		if ((nla->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID)
			memcpy(&nsbox_family, ATTR_DATA(nla), 2);
		if ((nla->nla_type & NLA_TYPE_MASK) != CTRL_ATTR_MCAST_GROUPS)
			continue;
		for_each_attr(grp, ATTR_DATA(nla), ATTR_LEN(nla), rem2) {
			char name[32] = "";
			uint32_t id = 0;

			for_each_attr(g, ATTR_DATA(grp), ATTR_LEN(grp), rem3) {
				if ((g->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_MCAST_GRP_NAME)
					attr_str(g, name, sizeof(name));
				if ((g->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_MCAST_GRP_ID)
					id = attr_u32(g);
			}
			if (!strcmp(name, NSBOX_MCGRP_EVENTS))
				nsbox_events = id;
		}
	}
	return nsbox_family ? 0 : -1;
}

const char *ip_str(const uint8_t *addr, int len, char *buf, size_t size)
{
	if (!inet_ntop(len == 4 ? AF_INET : AF_INET6, addr, buf, size))
		snprintf(buf, size, "?");
	return buf;
}

static void parse_link(const struct nlattr *nest, struct sbx *s)
{
	const struct nlattr *nla;
	int rem;

	if (s->nlink == SBX_MAX)
		return;
	for_each_attr(nla, ATTR_DATA(nest), ATTR_LEN(nest), rem) {
		switch (nla->nla_type & NLA_TYPE_MASK) {
		case NSBOX_A_LINK_IFNAME:
			attr_str(nla, s->link[s->nlink].ifname, 16);
			break;
		case NSBOX_A_LINK_PEER_IFNAME:
			attr_str(nla, s->link[s->nlink].peer, 16);
			break;
		case NSBOX_A_LINK_TYPE:
			s->link[s->nlink].type = attr_u32(nla);
			break;
		case NSBOX_A_LINK_IFINDEX:
			s->link[s->nlink].live = true;
			break;
		}
	}
	s->nlink++;
}

static void parse_addr(const struct nlattr *nest, struct sbx *s)
{
	const struct nlattr *nla;
	int rem;

	if (s->naddr == SBX_MAX)
		return;
	for_each_attr(nla, ATTR_DATA(nest), ATTR_LEN(nest), rem) {
		switch (nla->nla_type & NLA_TYPE_MASK) {
		case NSBOX_A_ADDR_IFNAME:
			attr_str(nla, s->addr[s->naddr].ifname, 16);
			break;
		case NSBOX_A_ADDR_ADDRESS:
			if (ATTR_LEN(nla) == 4 || ATTR_LEN(nla) == 16) {
				s->addr[s->naddr].len = ATTR_LEN(nla);
				memcpy(s->addr[s->naddr].addr, ATTR_DATA(nla), ATTR_LEN(nla));
			}
			break;
		case NSBOX_A_ADDR_PREFIXLEN:
			s->addr[s->naddr].plen = *(uint8_t *)ATTR_DATA(nla);
			break;
		}
	}
	s->naddr++;
}

static void parse_route(const struct nlattr *nest, struct sbx *s)
{
	const struct nlattr *nla;
	int rem;

	if (s->nroute == SBX_MAX)
		return;
	for_each_attr(nla, ATTR_DATA(nest), ATTR_LEN(nest), rem) {
		switch (nla->nla_type & NLA_TYPE_MASK) {
		case NSBOX_A_ROUTE_IFNAME:
			attr_str(nla, s->route[s->nroute].ifname, 16);
			break;
		case NSBOX_A_ROUTE_DST:
			if (ATTR_LEN(nla) == 4 || ATTR_LEN(nla) == 16) {
				s->route[s->nroute].len = ATTR_LEN(nla);
				memcpy(s->route[s->nroute].dst, ATTR_DATA(nla), ATTR_LEN(nla));
			}
			break;
		case NSBOX_A_ROUTE_GATEWAY:
			if (ATTR_LEN(nla) == 4 || ATTR_LEN(nla) == 16) {
				s->route[s->nroute].has_gw = true;
				memcpy(s->route[s->nroute].gw, ATTR_DATA(nla), ATTR_LEN(nla));
			}
			break;
		case NSBOX_A_ROUTE_DST_LEN:
			s->route[s->nroute].dst_len = *(uint8_t *)ATTR_DATA(nla);
			break;
		case NSBOX_A_ROUTE_TABLE:
			s->route[s->nroute].table = attr_u32(nla);
			break;
		case NSBOX_A_ROUTE_METRIC:
			s->route[s->nroute].metric = attr_u32(nla);
			break;
		}
	}
	s->nroute++;
}

/* A sandbox as a reply or a dump entry describes it. */
void sbx_parse(const struct nlmsghdr *nlh, struct sbx *s)
{
	const char *start = (const char *)NLMSG_DATA(nlh) + GENL_HDRLEN;
	const struct nlattr *nla;
	int rem;

	memset(s, 0, sizeof(*s));
	s->netns_fd = -1;
	s->uts_fd = -1;
	for_each_attr(nla, start, (int)nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), rem) {
		switch (nla->nla_type & NLA_TYPE_MASK) {
		case NSBOX_A_SANDBOX_NAME:
			attr_str(nla, s->name, sizeof(s->name));
			break;
		case NSBOX_A_SANDBOX_HOSTNAME:
			attr_str(nla, s->hostname, sizeof(s->hostname));
			break;
		case NSBOX_A_SANDBOX_ID:
			s->id = attr_u32(nla);
			break;
		case NSBOX_A_SANDBOX_FLAGS:
			s->flags = attr_u32(nla);
			break;
		case NSBOX_A_SANDBOX_STATE:
			s->state = attr_u32(nla);
			break;
		case NSBOX_A_SANDBOX_LINKS:
			s->links = attr_u32(nla);
			break;
		case NSBOX_A_SANDBOX_PROGRAMS:
			s->programs = attr_u32(nla);
			break;
		case NSBOX_A_SANDBOX_NETNS_FD:
			s->netns_fd = attr_u32(nla);
			break;
		case NSBOX_A_SANDBOX_UTS_FD:
			s->uts_fd = attr_u32(nla);
			break;
		case NSBOX_A_SANDBOX_LINK:
			parse_link(nla, s);
			break;
		case NSBOX_A_SANDBOX_ADDR:
			parse_addr(nla, s);
			break;
		case NSBOX_A_SANDBOX_ROUTE:
			parse_route(nla, s);
			break;
		}
	}
}

/*
 * SANDBOX_GET of @name, with its namespace fds if @fds (the caller closes
 * them, s->netns_fd and s->uts_fd). 0, or -1 with the answer in @a.
 */
int sbx_get(const char *name, bool fds, struct sbx *s, struct answer *a)
{
	struct genl_req r;
	int fd = nl_open();

	memset(s, 0, sizeof(*s));
	s->netns_fd = -1;
	s->uts_fd = -1;
	if (fd < 0)
		return -1;
	nl_init(&r, NSBOX_CMD_SANDBOX_GET, 0);
	genl_put_str(&r, NSBOX_A_SANDBOX_NAME, name);
	if (fds)
		genl_put(&r, NSBOX_A_SANDBOX_WANT_NSFDS, NULL, 0);
	nl_talk(fd, &r, a, NULL, NULL);
	close(fd);
	if (!answer_ok(a) || !a->reply_len) {
		nl_close_fds(a);
		return -1;
	}
	sbx_parse((const struct nlmsghdr *)a->reply, s);
	return 0;
}

/* The module's live counts, as nsbox info reports them. */
int info_get(uint32_t *sandboxes, uint32_t *helpers)
{
	const struct nlattr *nla;
	struct genl_req r;
	struct answer a;
	int fd = nl_open();
	int rem;

	if (fd < 0)
		return -1;
	nl_init(&r, NSBOX_CMD_INFO_GET, 0);
	nl_talk(fd, &r, &a, NULL, NULL);
	close(fd);
	if (!answer_ok(&a) || !a.reply_len)
		return -1;

	const struct nlmsghdr *nlh = (const struct nlmsghdr *)a.reply;
	const char *start = (const char *)NLMSG_DATA(nlh) + GENL_HDRLEN;

	for_each_attr(nla, start, (int)nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), rem) {
		if ((nla->nla_type & NLA_TYPE_MASK) == NSBOX_A_INFO_SANDBOXES)
			*sandboxes = attr_u32(nla);
		if ((nla->nla_type & NLA_TYPE_MASK) == NSBOX_A_INFO_HELPERS)
			*helpers = attr_u32(nla);
	}
	return 0;
}
