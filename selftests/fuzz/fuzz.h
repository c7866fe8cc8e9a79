/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nsbox-fuzz: malformed, random and valid generic netlink traffic for the
 * nsbox family, from several threads, with raw sockets (no libnl).
 *
 *   gen.c	what is sent: valid requests, then mutations of them
 *   nl.c	sockets, sending, reading and checking whatever comes back
 *   main.c	options, threads, the final checks and the summary
 */
#ifndef NSBOX_FUZZ_H
#define NSBOX_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/nsbox.h>

#define FUZZ_MSG_MAX	(64 * 1024)	/* the largest datagram sent */
#define FUZZ_RCV_MAX	(192 * 1024)	/* the largest one read */
#define FUZZ_MAX_ATTRS	512		/* attributes recorded per datagram */
#define FUZZ_SOCKS	3		/* sockets per thread */
#define FUZZ_PREFIX	"fz"		/* every sandbox the fuzzer can create */
/* a sandbox kept alive: malformed SANDBOX_NEW requests name it, so that one
 * that happens to be valid fails with EEXIST instead of launching a helper */
#define FUZZ_BUSY	"fz-busy"
/* and one that never exists, for the malformed link/addr/route requests */
#define FUZZ_NONE	"fz-none"

/* xorshift64*: per thread, seeded from -s and the thread's number */
struct rng {
	uint64_t s;
};

static inline uint64_t rnd64(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545F4914F6CDD1DULL;
}

/* uniform enough in [0, n) for n > 0 */
static inline uint32_t rnd(struct rng *r, uint32_t n)
{
	return n ? (uint32_t)((rnd64(r) >> 32) % n) : 0;
}

/* true with probability p/1000 */
static inline bool chance(struct rng *r, uint32_t p)
{
	return rnd(r, 1000) < p;
}

/* One datagram being built: one or more netlink messages. */
struct attr_rec {
	uint32_t off;		/* of the struct nlattr in buf */
	uint8_t depth;		/* 0: top level */
	uint8_t kind;		/* ATTR_* */
};

enum {
	ATTR_BIN,
	ATTR_STR,
	ATTR_U32,
	ATTR_U8,
	ATTR_U64,
	ATTR_FLAG,
	ATTR_NEST,
};

struct msg {
	unsigned char buf[FUZZ_MSG_MAX];
	uint32_t len;			/* bytes used (what is sent) */
	uint32_t nlh;			/* offset of the current message */
	uint32_t nests[16];		/* open nests */
	unsigned int nnests;
	struct attr_rec attrs[FUZZ_MAX_ATTRS];
	unsigned int nattrs;
	bool full;			/* something did not fit */

	/* what the reader should expect */
	unsigned int nmsgs;		/* messages in the datagram */
	uint32_t seqs[8];		/* their sequence numbers */
	uint8_t cmd;			/* genl command of the first one */
	bool dump;			/* the first one is a dump request */
	bool need_barrier;		/* no reply can be counted on */
	bool nsfds;			/* the reply may carry namespace fds */
	bool helper;			/* may launch nsbox-helper */
	bool valid;			/* meant to be accepted as it is */
	bool owned;			/* SANDBOX_NEW with NSBOX_SANDBOX_F_OWNED */
	const char *name;		/* sandbox it names, for the checks */
};

/* the first sandbox (or info) reply to the last request */
struct reply {
	bool have;
	uint8_t cmd;
	uint32_t id, state, flags;
	char name[NSBOX_NAME_MAX + 1];
};

/* what a dump listed, when asked to collect it */
struct listed {
	uint32_t id;
	uint32_t flags, state, owner_portid;
	char name[NSBOX_NAME_MAX + 1];
};

/* Statistics, per thread, summed at the end. */
#define FUZZ_ERRNO_MAX 4096
enum {
	CAT_GARBAGE,
	CAT_CHEAP,
	CAT_HELPER,
	CAT_KILL,
	CAT_MAX,
};

struct stats {
	uint64_t sent;			/* datagrams */
	uint64_t msgs;			/* netlink messages in them */
	uint64_t by_cat[CAT_MAX];
	uint64_t ok;			/* acks with error 0 and successful replies */
	uint64_t errs[FUZZ_ERRNO_MAX];	/* acks by -error */
	uint64_t replies;		/* nsbox messages read */
	uint64_t events;		/* multicast nsbox messages */
	uint64_t dump_parts, dump_intr;
	uint64_t nsfds;			/* namespace fds received (and closed) */
	uint64_t enobufs;		/* receive queue overruns */
	uint64_t created;		/* sandboxes created (reply to NEW) */
	uint64_t deleted;		/* DEL that succeeded */
	uint64_t cfg_ok;		/* link/addr/route ops that succeeded, kills */
	uint64_t progs;			/* programs started */
	uint64_t socks_opened, socks_closed, owned_closed;
	uint64_t kills;			/* creators killed mid-request */
	uint64_t anomalies;
	uint64_t silent;		/* requests the kernel did not answer (by design) */
};

/* A socket of a thread. */
struct fsock {
	int fd;
	uint32_t portid;
	uint32_t seq;
	bool events;		/* joined the events group */
	bool ext_ack, cap_ack;
	unsigned int owned;	/* owned sandboxes it created */
	bool enobufs;		/* lost messages since the last request */
};

struct fuzz_thread {
	int id;
	struct rng rng;
	struct stats st;
	struct fsock socks[FUZZ_SOCKS];
	struct msg *m;
	unsigned char *rbuf;
	uint64_t budget;
	uint32_t ids[16];	/* sandbox ids seen lately */
	unsigned int nids;
	const char *known[8];	/* pool names this thread created lately */
	unsigned int nknown;
	struct reply last;
	struct listed *listed;	/* non-NULL: collect dumped sandboxes here */
	unsigned int nlisted, maxlisted;
};

/* main.c */
extern int fuzz_family;
extern int fuzz_mcgrp;
extern int fuzz_verbose;
extern unsigned int fuzz_helper_permille;
void anomaly(struct fuzz_thread *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void vlog(struct fuzz_thread *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* gen.c */
void msg_begin(struct msg *m, uint16_t type, uint16_t flags, uint32_t seq,
	       uint8_t cmd, uint8_t version);
uint32_t msg_put(struct msg *m, uint16_t type, const void *data, uint32_t len, int kind);
void msg_put_str(struct msg *m, uint16_t type, const char *s);
void msg_put_u32(struct msg *m, uint16_t type, uint32_t v);
void msg_put_u8(struct msg *m, uint16_t type, uint8_t v);
void msg_nest_start(struct msg *m, uint16_t type);
void msg_nest_end(struct msg *m);
void msg_end(struct msg *m);
void gen_request(struct fuzz_thread *t, struct fsock *s, int cat);
bool name_valid(const char *p, size_t len);
bool name_kernel_ok(const char *p, size_t len);
const char *pool_name(struct rng *r);
void sanitize_names(struct msg *m);
void gen_new_only(struct fuzz_thread *t, uint32_t seq, const char *name);
void gen_simple(struct msg *m, uint8_t cmd, uint16_t flags, uint32_t seq, const char *name,
		uint32_t id);

/* nl.c */
int nl_open(struct fuzz_thread *t, struct fsock *s, bool events, bool ext_ack, bool cap_ack);
void nl_close(struct fuzz_thread *t, struct fsock *s);
int nl_resolve(int *family, int *mcgrp);
/* send m on s and read what comes back; returns the error of the first
 * message's ack (0, -errno), 1 if it got none */
int nl_exchange(struct fuzz_thread *t, struct fsock *s, struct msg *m);
const char *errname(int e);

#endif /* NSBOX_FUZZ_H */
