/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw generic netlink for the selftests: no libnl between the test and the
 * kernel, so that what is checked is exactly what the kernel sent.
 */
#ifndef NSBOX_SELFTEST_GENL_H
#define NSBOX_SELFTEST_GENL_H

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/nsbox.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct genl_req {
	struct nlmsghdr		nlh;
	struct genlmsghdr	genl;
	char			buf[4096];
};

struct genl_result {
	int	error;		/* 0 or -errno from the kernel's ack */
	char	msg[256];	/* extack message, "" if none */
	int	bad_attr_off;	/* NLMSGERR_ATTR_OFFS, -1 if none */
	int	miss_type;	/* NLMSGERR_ATTR_MISS_TYPE, -1 if none */
	char	reply[8192];	/* first reply message, if any */
	int	reply_len;
};

static inline void genl_req_init(struct genl_req *r, uint16_t family, uint8_t cmd,
				 uint16_t flags)
{
	memset(r, 0, sizeof(*r));
	r->nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r->nlh.nlmsg_type = family;
	r->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	r->nlh.nlmsg_seq = 1;
	r->genl.cmd = cmd;
	r->genl.version = 1;
}

static inline struct nlattr *genl_put(struct genl_req *r, uint16_t type,
				      const void *data, uint16_t len)
{
	/* from the start of the whole request: the attributes are past nlh */
	struct nlattr *nla = (struct nlattr *)((char *)r + NLMSG_ALIGN(r->nlh.nlmsg_len));

	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)nla + NLA_HDRLEN, data, len);
	r->nlh.nlmsg_len = NLMSG_ALIGN(r->nlh.nlmsg_len) + NLA_ALIGN(nla->nla_len);
	return nla;
}

static inline void genl_put_str(struct genl_req *r, uint16_t type, const char *s)
{
	genl_put(r, type, s, strlen(s) + 1);
}

static inline void genl_put_u32(struct genl_req *r, uint16_t type, uint32_t v)
{
	genl_put(r, type, &v, sizeof(v));
}

static inline int genl_socket(void)
{
	int one = 1;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	if (fd >= 0)
		setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	return fd;
}

static inline void genl_parse_ack(struct nlmsghdr *nlh, struct genl_result *res)
{
	struct nlmsgerr *err = NLMSG_DATA(nlh);
	unsigned int off = sizeof(*err);
	struct nlattr *nla;

	res->error = err->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - sizeof(err->msg);
	while (NLMSG_LENGTH(off) + NLA_HDRLEN <= nlh->nlmsg_len) {
		nla = (struct nlattr *)((char *)err + off);
		if (nla->nla_len < NLA_HDRLEN)
			break;
		switch (nla->nla_type) {
		case NLMSGERR_ATTR_MSG:
			snprintf(res->msg, sizeof(res->msg), "%.*s",
				 (int)(nla->nla_len - NLA_HDRLEN), (char *)nla + NLA_HDRLEN);
			break;
		case NLMSGERR_ATTR_OFFS:
			res->bad_attr_off = *(uint32_t *)((char *)nla + NLA_HDRLEN);
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			res->miss_type = *(uint32_t *)((char *)nla + NLA_HDRLEN);
			break;
		}
		off += NLA_ALIGN(nla->nla_len);
	}
}

/* Send one request; collect its first reply and the final ack. */
static inline int genl_talk(int fd, struct genl_req *r, struct genl_result *res)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	char buf[16384];
	ssize_t len;

	memset(res, 0, sizeof(*res));
	res->bad_attr_off = -1;
	res->miss_type = -1;
	if (sendto(fd, &r->nlh, r->nlh.nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0)
		return -errno;

	for (;;) {
		struct nlmsghdr *nlh;

		len = recv(fd, buf, sizeof(buf), 0);
		if (len < 0)
			return -errno;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, len); nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				genl_parse_ack(nlh, res);
				return 0;
			}
			if (nlh->nlmsg_type == NLMSG_DONE)
				return 0;
			if (!res->reply_len && nlh->nlmsg_len <= sizeof(res->reply)) {
				memcpy(res->reply, nlh, nlh->nlmsg_len);
				res->reply_len = nlh->nlmsg_len;
			}
		}
	}
}

/* Family id by name, through the genl controller. */
static inline int genl_family_id(int fd, const char *name)
{
	struct genl_result res;
	struct genl_req r;
	struct nlattr *nla;
	int off;

	genl_req_init(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	genl_put_str(&r, CTRL_ATTR_FAMILY_NAME, name);
	if (genl_talk(fd, &r, &res) || res.error || !res.reply_len)
		return res.error ? res.error : -ENOENT;

	for (off = NLMSG_LENGTH(GENL_HDRLEN); off + NLA_HDRLEN <= res.reply_len;
	     off += NLA_ALIGN(nla->nla_len)) {
		nla = (struct nlattr *)(res.reply + off);
		if (nla->nla_len < NLA_HDRLEN)
			break;
		if ((nla->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID)
			return *(uint16_t *)((char *)nla + NLA_HDRLEN);
	}
	return -ENOENT;
}

/* The payload of attribute @type in the reply, or NULL. */
static inline struct nlattr *genl_reply_attr(struct genl_result *res, uint16_t type)
{
	struct nlattr *nla;
	int off;

	for (off = NLMSG_LENGTH(GENL_HDRLEN); off + NLA_HDRLEN <= res->reply_len;
	     off += NLA_ALIGN(nla->nla_len)) {
		nla = (struct nlattr *)(res->reply + off);
		if (nla->nla_len < NLA_HDRLEN)
			break;
		if ((nla->nla_type & NLA_TYPE_MASK) == type)
			return nla;
	}
	return NULL;
}

static inline uint32_t genl_nla_u32(const struct nlattr *nla)
{
	return *(const uint32_t *)((const char *)nla + NLA_HDRLEN);
}

/* The attributes nested in @nest, one by one: for (nla = first; nla; nla = next) */
static inline struct nlattr *genl_nest_next(const struct nlattr *nest, struct nlattr *prev)
{
	const char *end = (const char *)nest + nest->nla_len;
	struct nlattr *nla = prev ? (struct nlattr *)((char *)prev + NLA_ALIGN(prev->nla_len)) :
				    (struct nlattr *)((char *)nest + NLA_HDRLEN);

	if ((const char *)nla + NLA_HDRLEN > end || nla->nla_len < NLA_HDRLEN ||
	    (const char *)nla + nla->nla_len > end)
		return NULL;
	return nla;
}

struct genl_op {
	uint32_t	cmd;
	uint32_t	flags;	/* GENL_ADMIN_PERM, GENL_CMD_CAP_DO, _DUMP, _HASPOL */
};

/*
 * The ops family @name registers, as the genl controller lists them
 * (CTRL_ATTR_OPS of CTRL_CMD_GETFAMILY): how many, at most @max in @ops, or
 * -errno.
 */
static inline int genl_family_ops(int fd, const char *name, struct genl_op *ops, int max)
{
	struct nlattr *nest, *op, *nla;
	struct genl_result res;
	struct genl_req r;
	int n = 0;

	genl_req_init(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	genl_put_str(&r, CTRL_ATTR_FAMILY_NAME, name);
	if (genl_talk(fd, &r, &res) || res.error || !res.reply_len)
		return res.error ? res.error : -ENOENT;
	nest = genl_reply_attr(&res, CTRL_ATTR_OPS);
	if (!nest)
		return -ENOENT;
	for (op = genl_nest_next(nest, NULL); op; op = genl_nest_next(nest, op)) {
		if (n == max)
			return -E2BIG;
		ops[n].cmd = 0;
		ops[n].flags = 0;
		for (nla = genl_nest_next(op, NULL); nla; nla = genl_nest_next(op, nla)) {
			if ((nla->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_OP_ID)
				ops[n].cmd = genl_nla_u32(nla);
			else if ((nla->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_OP_FLAGS)
				ops[n].flags = genl_nla_u32(nla);
		}
		if (!ops[n].cmd)
			return -EPROTO;
		n++;
	}
	return n;
}

/*
 * Dump the sandboxes this socket's network namespace sees, calling @fn with
 * each one (in @one's reply). Returns 0 once the dump is done, or -errno.
 */
static inline int genl_sandbox_dump(int fd, uint16_t family,
				    void (*fn)(struct genl_result *one, void *arg), void *arg)
{
	static char buf[65536];
	static struct genl_result one;
	struct genl_req r;
	ssize_t len;

	genl_req_init(&r, family, NSBOX_CMD_SANDBOX_GET, NLM_F_DUMP);
	r.nlh.nlmsg_flags &= ~NLM_F_ACK;	/* the dump ends with NLMSG_DONE */
	if (send(fd, &r.nlh, r.nlh.nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		struct nlmsghdr *nlh;

		len = recv(fd, buf, sizeof(buf), 0);
		if (len < 0)
			return -errno;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, len); nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_type == NLMSG_DONE) {
				/* a dump that failed says so in its DONE */
				if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
					return *(int *)NLMSG_DATA(nlh);
				return 0;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *err = NLMSG_DATA(nlh);

				return err->error ? err->error : -EPROTO;
			}
			if (nlh->nlmsg_len > sizeof(one.reply))
				return -EMSGSIZE;
			memset(&one, 0, sizeof(one));
			memcpy(one.reply, nlh, nlh->nlmsg_len);
			one.reply_len = nlh->nlmsg_len;
			fn(&one, arg);
		}
	}
}

#endif /* NSBOX_SELFTEST_GENL_H */
