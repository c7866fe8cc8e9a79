/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nsbox-faults: the program behind selftests/tests/45-faults.sh.
 *
 * It talks raw generic netlink to the nsbox family (selftests/nsbox_genl.h),
 * takes exact snapshots of what nsbox and the kernel hold, makes the
 * allocations of one request fail one after the other (fail-nth), and
 * stands in for nsbox-helper when the test wants a helper that misbehaves.
 */
#ifndef NSBOX_FAULTS_H
#define NSBOX_FAULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "nsbox_genl.h"
#include "netns.h"

/* the test's sandboxes, devices and addresses */
#define FIX_NAME	"flt-fix"	/* the fixture the link, addr, route, exec ops use */
#define NEW_NAME	"flt-new"	/* what the create op creates */
#define DEL_NAME	"flt-del"	/* what the del op deletes */
#define PEER_NAME	"fltpeer0"	/* the host end of the veth op's pair */

/* where 45-faults.sh keeps the fake helper's mode and log */
#define FLT_DIR		"/run/nsbox-flt"
#define REAL_HELPER	"/usr/libexec/nsbox/nsbox-helper"

/* netlink attributes, generic and rtnetlink ones alike (same layout) */
#define ATTR_DATA(nla)	((void *)((char *)(nla) + NLA_HDRLEN))
#define ATTR_LEN(nla)	((int)(nla)->nla_len - NLA_HDRLEN)

static inline bool attr_ok(const struct nlattr *nla, int rem)
{
	return rem >= NLA_HDRLEN && nla->nla_len >= NLA_HDRLEN && nla->nla_len <= rem;
}

/* for_each_attr(nla, start, len, rem): the attributes in [start, start + len) */
#define for_each_attr(nla, start, len, rem)					\
	for (rem = (len), nla = (const struct nlattr *)(start); attr_ok(nla, rem);	\
	     rem -= NLA_ALIGN(nla->nla_len),					\
	     nla = (const struct nlattr *)((const char *)nla + NLA_ALIGN(nla->nla_len)))

static inline uint32_t attr_u32(const struct nlattr *nla)
{
	uint32_t v = 0;

	if (ATTR_LEN(nla) >= 4)
		memcpy(&v, ATTR_DATA(nla), 4);
	return v;
}

static inline void attr_str(const struct nlattr *nla, char *buf, size_t size)
{
	snprintf(buf, size, "%.*s", ATTR_LEN(nla), (const char *)ATTR_DATA(nla));
}

extern FILE *out;

void msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
double now(void);
void pause_ms(unsigned int ms);

/* a growing text of lines, for snapshots */
struct text {
	char	*buf;
	size_t	len, cap;
};

void text_add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void text_sort(struct text *t);
void text_free(struct text *t);
void text_diff(const char *want, const char *got);

/* nl.c: the nsbox family over raw generic netlink */
struct answer {
	int		send_err;	/* -errno of sendto(), or 0 */
	int		recv_err;	/* -errno of a recv(): the answer was lost */
	bool		done;		/* the ack, or the end of the dump, came */
	int		error;		/* its error: 0 or -errno */
	char		msg[256];	/* its extack message, "" if none */
	int		nreplies;
	char		reply[16384];	/* the first reply */
	int		reply_len;
	int		fds[4];		/* namespace fds the replies handed out */
	int		nfds;
	uint32_t	prog_id, prog_pid;
};

typedef void (*reply_fn)(const struct nlmsghdr *nlh, void *arg);

extern uint16_t nsbox_family;
extern uint32_t nsbox_events;
int nl_resolve(void);
int nl_open(void);
void nl_init(struct genl_req *r, uint8_t cmd, uint16_t flags);
struct nlattr *nl_nest(struct genl_req *r, uint16_t type);
void nl_nest_end(struct genl_req *r, struct nlattr *nest);
void nl_put_u8(struct genl_req *r, uint16_t type, uint8_t v);
void nl_put_ip4(struct genl_req *r, uint16_t type, const char *ip);
void nl_talk(int fd, struct genl_req *r, struct answer *a, reply_fn fn, void *arg);
void nl_close_fds(struct answer *a);
bool answer_ok(const struct answer *a);
const char *answer_str(const struct answer *a, char *buf, size_t len);

/* what nsbox reports of a sandbox */
#define SBX_MAX 8
struct sbx {
	char		name[NSBOX_NAME_MAX + 1];
	char		hostname[NSBOX_HOSTNAME_MAX + 1];
	uint32_t	id, flags, state, links, programs;
	int		netns_fd, uts_fd;
	int		nlink, naddr, nroute;
	struct {
		char		ifname[16], peer[16];
		uint32_t	type;
		bool		live;
	} link[SBX_MAX];
	struct {
		char		ifname[16];
		uint8_t		len, plen;
		uint8_t		addr[16];
	} addr[SBX_MAX];
	struct {
		char		ifname[16];
		uint8_t		len, dst_len;
		uint8_t		dst[16], gw[16];
		bool		has_gw;
		uint32_t	table, metric;
	} route[SBX_MAX];
};

void sbx_parse(const struct nlmsghdr *nlh, struct sbx *s);
int sbx_get(const char *name, bool fds, struct sbx *s, struct answer *a);
int info_get(uint32_t *sandboxes, uint32_t *helpers);
const char *ip_str(const uint8_t *addr, int len, char *buf, size_t size);

/* state.c: snapshots of what nsbox and the kernel hold */
long last_pid(void);
int count_fds(void);
void procs(int *helpers, int *sleepers);
int helpers_idle(double timeout);
int live_config(int netns_fd, const char *prefix, struct text *t);
int snapshot(struct text *t, long netns, bool fds);
int settle(const char *want, long netns, bool fds, double timeout, struct text *got);
long snapshot_netns(const char *text);
int complete(const char *name, int links, int addrs, int routes, char *why, size_t len);

/* inject.c, helper.c: the commands */
int cmd_inject(int argc, char **argv);
int cmd_request(int argc, char **argv);
int fake_helper(int argc, char **argv);

#endif /* NSBOX_FAULTS_H */
