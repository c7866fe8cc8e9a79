/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A program as the kernel describes it (NSBOX_A_PROG_*): in a sandbox's
 * description and in exit events.
 */
#ifndef NSBOX_PROG_H
#define NSBOX_PROG_H

#include <stdbool.h>
#include <stdint.h>

#include <netlink/netlink.h>

#include <linux/nsbox.h>

#include "json.h"

/* A program's cgroup limits (NSBOX_A_PROG_MEMORY_MAX, ...), 0 if unset. */
struct prog_limits {
	uint64_t memory_max;
	uint32_t cpu_quota_us, cpu_period_us;
	uint32_t cpu_weight;
	uint32_t pids_max;
};

/*
 * limits.c. limits_parse_word(): one limit word of exec and run and its
 * value: 1 if it is one, 0 if the word is another, -1 for a bad value.
 * limits_put(): into a request, 0 or -1 when it is full.
 */
int limits_parse_word(struct prog_limits *l, const char *word, const char *val);
/* a count from 1 to max, in decimal: 0, or -1 if it is none */
int parse_count(const char *s, uint32_t *v, uint32_t max);
int limits_put(struct nl_msg *msg, const struct prog_limits *l);
void limits_from_tb(struct nlattr **tb, struct prog_limits *l);
/* " memory N cpu Q/P cpuweight W pids N", those set, or JSON members */
void limits_print(struct output *out, const struct prog_limits *l);

/* A daemon's restart policy (NSBOX_A_PROG_RESTART, ...), and its record. */
struct prog_restart {
	uint32_t restart;		/* NSBOX_PROG_RESTART_*, 0 if not given */
	uint32_t delay_ms, delay_max_ms;
	uint32_t burst, interval_ms;
	uint32_t restarts;		/* shown back: times started again */
	uint32_t restart_in_ms;		/* between runs */
	bool has_restart_in;
	char failed_reason[96];		/* state failed: why */
};

/*
 * restart.c, for run: restart_parse_word() as limits_parse_word();
 * restart_put() as limits_put(). restart_print(): " restart P restart-delay
 * F/M start-limit B/I restarts N [restart-in D] [failed "WHY"]", or JSON
 * members; an event leaves the policy out.
 */
int restart_parse_word(struct prog_restart *r, const char *word, const char *val);
int restart_put(struct nl_msg *msg, const struct prog_restart *r);
void restart_from_tb(struct nlattr **tb, struct prog_restart *r);
const char *restart_name(uint32_t restart);
void restart_print(struct output *out, const struct prog_restart *r, bool event);

struct nsbox_prog_info {
	uint32_t id;
	uint32_t pid;
	uint32_t state;
	uint32_t flags;
	uint32_t exit_status;
	bool exited;		/* exit_status is valid */
	uint64_t started_ns;
	char sandbox[NSBOX_NAME_MAX + 1];
	char name[NSBOX_NAME_MAX + 1];	/* daemons only */
	struct {
		char ifname[16];
		uint32_t queues;
	} tuns[NSBOX_PROG_TUN_MAX];	/* the TUN and TAP links it was given */
	unsigned int ntuns;
	struct prog_limits limits;
	char cgroup[NSBOX_CGROUP_NAME_MAX + 1];	/* its own, while it runs */
	uint32_t oom_kills;
	bool has_oom_kills;	/* it had a cgroup, and exited */
	struct prog_restart restart;
};

/* Fill p from a nest or a message's attributes; -EBADMSG if malformed. */
int prog_parse_nest(struct nlattr *nest, struct nsbox_prog_info *p);
int prog_parse_msg(struct nl_msg *msg, struct nsbox_prog_info *p);

/* "SEPprog NAME id N pid P state S [exit-status E]", or a JSON object. */
void prog_print(struct output *out, const struct nsbox_prog_info *p, const char *sep);

struct nsbox_ctx;
/* Print a PROG_EXIT_NTF or PROG_RESTART_NTF event (nsbox monitor). */
void prog_event(struct nsbox_ctx *ctx, struct nl_msg *msg);

#endif /* NSBOX_PROG_H */
