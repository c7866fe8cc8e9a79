/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal netlink helper for nsbox's userspace (in the spirit of
 * wireguard-tools' src/netlink.h): build a request in a buffer the caller
 * owns (attributes, nests), send it, receive whole messages however large,
 * wait for the ACK, and parse attributes into a table by type.
 *
 * Building never writes past the buffer: a put that does not fit marks the
 * message as overflowed, and nsnl_send() then refuses it (-EMSGSIZE), so
 * that callers check once, not after every put.
 */
#ifndef NSBOX_LIB_NSNL_H
#define NSBOX_LIB_NSNL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/netlink.h>

/* A request being built in @buf, @size bytes, aligned for a nlmsghdr. */
struct nsnl_msg {
	struct nlmsghdr	*nlh;
	size_t		size;
	bool		overflow;
};

/* Starts a message and returns its zeroed family header of @hdrlen bytes. */
void *nsnl_msg_init(struct nsnl_msg *m, void *buf, size_t size, uint16_t type, uint16_t flags,
		  size_t hdrlen);
struct nlattr *nsnl_put(struct nsnl_msg *m, uint16_t type, const void *data, size_t len);
struct nlattr *nsnl_put_u8(struct nsnl_msg *m, uint16_t type, uint8_t val);
struct nlattr *nsnl_put_u32(struct nsnl_msg *m, uint16_t type, uint32_t val);
struct nlattr *nsnl_put_u64(struct nsnl_msg *m, uint16_t type, uint64_t val);
struct nlattr *nsnl_put_str(struct nsnl_msg *m, uint16_t type, const char *s);
struct nlattr *nsnl_put_flag(struct nsnl_msg *m, uint16_t type);
/* A bare header of @len bytes, zeroed, inside a nest (a veth peer's ifinfomsg) */
void *nsnl_put_hdr(struct nsnl_msg *m, size_t len);
struct nlattr *nsnl_nest_start(struct nsnl_msg *m, uint16_t type);
void nsnl_nest_end(struct nsnl_msg *m, struct nlattr *nest);

/* A genetlink request: the header of @family's command @cmd, version @version. */
void nsnl_genl_init(struct nsnl_msg *m, void *buf, size_t size, uint16_t family, uint16_t flags,
		  uint8_t cmd, uint8_t version);

/* Attributes */
#define nsnl_attr_data(nla)	((void *)((char *)(nla) + NLA_HDRLEN))
#define nsnl_attr_len(nla)	((size_t)(nla)->nla_len - NLA_HDRLEN)
#define nsnl_attr_type(nla)	((nla)->nla_type & NLA_TYPE_MASK)

/* The attributes after a message's family header of @hdrlen bytes. */
struct nlattr *nsnl_msg_attrs(const struct nlmsghdr *nlh, size_t hdrlen, size_t *len);

/*
 * Iterate over the attributes in @len bytes at @head, stopping at the first
 * that does not fit (nsnl_attrs_ok() tells whether all did).
 */
#define nsnl_attr_space(nla)	((size_t)NLA_ALIGN((nla)->nla_len))
#define nsnl_for_each_attr(pos, head, len, rem)					\
	for ((pos) = (head), (rem) = (len);					\
	     (rem) >= NLA_HDRLEN && (pos)->nla_len >= NLA_HDRLEN &&		\
	     (pos)->nla_len <= (rem);						\
	     (rem) -= nsnl_attr_space(pos) < (rem) ? nsnl_attr_space(pos) : (rem),	\
	     (pos) = (struct nlattr *)((char *)(pos) + nsnl_attr_space(pos)))
#define nsnl_for_each_nested(pos, nest, rem)					\
	nsnl_for_each_attr(pos, (struct nlattr *)nsnl_attr_data(nest), nsnl_attr_len(nest), rem)

bool nsnl_attrs_ok(const struct nlattr *head, size_t len);

/*
 * Parse @len bytes at @head into @tb[0..@max] by type, the last of a type
 * winning. Types above @max are ignored. -1 if malformed (an attribute
 * beyond the end), 0 otherwise.
 */
int nsnl_parse(const struct nlattr *head, size_t len, const struct nlattr **tb, unsigned int max);
int nsnl_parse_nested(const struct nlattr *nest, const struct nlattr **tb, unsigned int max);

/* Typed reads: -1 if the attribute is missing or of the wrong size. */
int nsnl_get_u8(const struct nlattr *nla, uint8_t *val);
int nsnl_get_u32(const struct nlattr *nla, uint32_t *val);
int nsnl_get_u64(const struct nlattr *nla, uint64_t *val);
/* A NUL-terminated string of at most @max bytes with the NUL, or NULL. */
const char *nsnl_get_str(const struct nlattr *nla, size_t max);

/* Sockets */
int nsnl_open(int protocol);
/*
 * Sends @m, numbered from the one sequence of the process (every sender
 * of a process should number its requests so, to tell their answers
 * apart): 0, or -errno. nsnl_send_nlh() sends a message built elsewhere.
 */
int nsnl_send(int fd, struct nsnl_msg *m);
int nsnl_send_nlh(int fd, struct nlmsghdr *nlh);
/*
 * Receives one datagram whole into *@buf (grown as needed, *@size its
 * size): its length, or -errno. EINTR is retried. Only the kernel's
 * datagrams are taken: another process's are dropped.
 */
ssize_t nsnl_recv(int fd, char **buf, size_t *size);

/*
 * Called for each answer to a request but the ACK: 0 to go on, or an error
 * (negative errno) that nsnl_talk() returns once the ACK has come.
 */
typedef int (*nsnl_cb_t)(const struct nlmsghdr *nlh, void *arg);

/*
 * Sends @m with NLM_F_ACK and reads the answers to it until its ACK or
 * error: the kernel's error (0 or -errno), the first error of @cb, or
 * another -errno if the socket failed or an answer was malformed.
 */
int nsnl_talk(int fd, struct nsnl_msg *m, nsnl_cb_t cb, void *arg);

#endif /* NSBOX_LIB_NSNL_H */
