// SPDX-License-Identifier: GPL-2.0
/*
 * The minimal netlink helper of nsbox's userspace (see nl.h).
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>

#include "nsnl.h"

#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK	10
#endif

void *nsnl_msg_init(struct nsnl_msg *m, void *buf, size_t size, uint16_t type, uint16_t flags,
		  size_t hdrlen)
{
	m->nlh = buf;
	m->size = size;
	m->overflow = NLMSG_LENGTH(hdrlen) > size;
	if (m->overflow)
		return NULL;
	memset(buf, 0, NLMSG_LENGTH(hdrlen));
	m->nlh->nlmsg_len = NLMSG_LENGTH(hdrlen);
	m->nlh->nlmsg_type = type;
	m->nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	return NLMSG_DATA(m->nlh);
}

void nsnl_genl_init(struct nsnl_msg *m, void *buf, size_t size, uint16_t family, uint16_t flags,
		  uint8_t cmd, uint8_t version)
{
	struct genlmsghdr *genl = nsnl_msg_init(m, buf, size, family, flags, GENL_HDRLEN);

	if (genl) {
		genl->cmd = cmd;
		genl->version = version;
	}
}

struct nlattr *nsnl_put(struct nsnl_msg *m, uint16_t type, const void *data, size_t len)
{
	size_t off = NLMSG_ALIGN(m->nlh->nlmsg_len);
	struct nlattr *nla = (struct nlattr *)((char *)m->nlh + off);

	if (m->overflow || len > UINT16_MAX - NLA_HDRLEN ||
	    off + NLA_ALIGN(NLA_HDRLEN + len) > m->size) {
		m->overflow = true;
		return NULL;
	}
	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy(nsnl_attr_data(nla), data, len);
	/* the padding too: the message goes out whole */
	memset((char *)nla + nla->nla_len, 0, NLA_ALIGN(nla->nla_len) - nla->nla_len);
	m->nlh->nlmsg_len = off + NLA_ALIGN(nla->nla_len);
	return nla;
}

struct nlattr *nsnl_put_u8(struct nsnl_msg *m, uint16_t type, uint8_t val)
{
	return nsnl_put(m, type, &val, sizeof(val));
}

struct nlattr *nsnl_put_u32(struct nsnl_msg *m, uint16_t type, uint32_t val)
{
	return nsnl_put(m, type, &val, sizeof(val));
}

struct nlattr *nsnl_put_u64(struct nsnl_msg *m, uint16_t type, uint64_t val)
{
	return nsnl_put(m, type, &val, sizeof(val));
}

struct nlattr *nsnl_put_str(struct nsnl_msg *m, uint16_t type, const char *s)
{
	return nsnl_put(m, type, s, strlen(s) + 1);
}

struct nlattr *nsnl_put_flag(struct nsnl_msg *m, uint16_t type)
{
	return nsnl_put(m, type, NULL, 0);
}

void *nsnl_put_hdr(struct nsnl_msg *m, size_t len)
{
	size_t off = NLMSG_ALIGN(m->nlh->nlmsg_len);
	char *hdr = (char *)m->nlh + off;

	if (m->overflow || off + NLMSG_ALIGN(len) > m->size) {
		m->overflow = true;
		return NULL;
	}
	memset(hdr, 0, NLMSG_ALIGN(len));
	m->nlh->nlmsg_len = off + NLMSG_ALIGN(len);
	return hdr;
}

struct nlattr *nsnl_nest_start(struct nsnl_msg *m, uint16_t type)
{
	return nsnl_put(m, type | NLA_F_NESTED, NULL, 0);
}

void nsnl_nest_end(struct nsnl_msg *m, struct nlattr *nest)
{
	if (nest && !m->overflow)
		nest->nla_len = (char *)m->nlh + m->nlh->nlmsg_len - (char *)nest;
}

struct nlattr *nsnl_msg_attrs(const struct nlmsghdr *nlh, size_t hdrlen, size_t *len)
{
	size_t start = NLMSG_LENGTH(hdrlen);

	*len = nlh->nlmsg_len > NLMSG_ALIGN(start) ? nlh->nlmsg_len - NLMSG_ALIGN(start) : 0;
	return (struct nlattr *)((char *)nlh + NLMSG_ALIGN(start));
}

bool nsnl_attrs_ok(const struct nlattr *head, size_t len)
{
	while (len >= NLA_HDRLEN) {
		if (head->nla_len < NLA_HDRLEN || head->nla_len > len)
			return false;
		if (nsnl_attr_space(head) >= len)
			return true;
		len -= nsnl_attr_space(head);
		head = (const struct nlattr *)((const char *)head + nsnl_attr_space(head));
	}
	return len == 0;
}

int nsnl_parse(const struct nlattr *head, size_t len, const struct nlattr **tb, unsigned int max)
{
	const struct nlattr *nla;
	size_t rem;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	if (!nsnl_attrs_ok(head, len))
		return -1;
	nsnl_for_each_attr(nla, head, len, rem)
		if (nsnl_attr_type(nla) <= max)
			tb[nsnl_attr_type(nla)] = nla;
	return 0;
}

int nsnl_parse_nested(const struct nlattr *nest, const struct nlattr **tb, unsigned int max)
{
	return nsnl_parse(nsnl_attr_data(nest), nsnl_attr_len(nest), tb, max);
}

int nsnl_get_u8(const struct nlattr *nla, uint8_t *val)
{
	if (!nla || nsnl_attr_len(nla) != sizeof(*val))
		return -1;
	memcpy(val, nsnl_attr_data(nla), sizeof(*val));
	return 0;
}

int nsnl_get_u32(const struct nlattr *nla, uint32_t *val)
{
	if (!nla || nsnl_attr_len(nla) != sizeof(*val))
		return -1;
	memcpy(val, nsnl_attr_data(nla), sizeof(*val));
	return 0;
}

int nsnl_get_u64(const struct nlattr *nla, uint64_t *val)
{
	if (!nla || nsnl_attr_len(nla) != sizeof(*val))
		return -1;
	memcpy(val, nsnl_attr_data(nla), sizeof(*val));
	return 0;
}

const char *nsnl_get_str(const struct nlattr *nla, size_t max)
{
	const char *s;
	size_t len;

	if (!nla)
		return NULL;
	s = nsnl_attr_data(nla);
	len = nsnl_attr_len(nla);
	if (!len || len > max || s[len - 1] || memchr(s, '\0', len) != s + len - 1)
		return NULL;
	return s;
}

int nsnl_open(int protocol)
{
	int one = 1;
	int fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
	if (fd < 0)
		return -errno;
	/* an error's ACK without the request in it: the answers stay small */
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	return fd;
}

int nsnl_send_nlh(int fd, struct nlmsghdr *nlh)
{
	static uint32_t seq;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	nlh->nlmsg_seq = ++seq;
	if (sendto(fd, nlh, nlh->nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return -errno;
	return 0;
}

int nsnl_send(int fd, struct nsnl_msg *m)
{
	if (m->overflow)
		return -EMSGSIZE;
	return nsnl_send_nlh(fd, m->nlh);
}

ssize_t nsnl_recv(int fd, char **buf, size_t *size)
{
	struct sockaddr_nl from;
	socklen_t alen;
	ssize_t len;
	char *p;

	for (;;) {
		do {
			len = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC);
		} while (len < 0 && errno == EINTR);
		if (len < 0)
			return -errno;
		if ((size_t)len > *size) {
			p = realloc(*buf, len);
			if (!p)
				return -ENOMEM;
			*buf = p;
			*size = len;
		}
		do {
			alen = sizeof(from);
			len = recvfrom(fd, *buf, *size, 0, (struct sockaddr *)&from, &alen);
		} while (len < 0 && errno == EINTR);
		if (len < 0)
			return -errno;
		if (!len)
			return -ENODATA;
		/*
		 * Any process of the namespace may send to our port: only the
		 * kernel's messages are answers, the rest is dropped.
		 */
		if (alen >= sizeof(from) && from.nl_family == AF_NETLINK && !from.nl_pid)
			return len;
	}
}

int nsnl_talk(int fd, struct nsnl_msg *m, nsnl_cb_t cb, void *arg)
{
	int err, cb_err = 0;
	size_t size = 0;
	char *buf = NULL;
	uint32_t seq;

	m->nlh->nlmsg_flags |= NLM_F_ACK;
	err = nsnl_send(fd, m);
	if (err)
		return err;
	seq = m->nlh->nlmsg_seq;
	for (;;) {
		struct nlmsghdr *nlh;
		ssize_t len = nsnl_recv(fd, &buf, &size);

		if (len < 0) {
			err = len;
			break;
		}
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, len); nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_seq != seq)
				continue;	/* not an answer to this request */
			/* a dump's end: its payload is an error, if any */
			if (nlh->nlmsg_type == NLMSG_DONE) {
				if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
					err = *(const int *)NLMSG_DATA(nlh);
				goto out;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nlh);

				if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
					err = -EPROTO;
				else
					err = e->error;
				goto out;
			}
			if (cb && !cb_err)
				cb_err = cb(nlh, arg);
		}
	}
out:
	free(buf);
	return err ?: cb_err;
}
