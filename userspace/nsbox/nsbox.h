/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nsbox(8): the one context every command works on, and the commands.
 */
#ifndef NSBOX_H
#define NSBOX_H

#include <stdbool.h>

#include "json.h"

/* Exit statuses: 0 success, 1 failure, 2 bad command line. */
#define NSBOX_EXIT_FAIL		1
#define NSBOX_EXIT_USAGE	2

#define NSBOX_ERRMSG_MAX	256

struct nl_sock;

/* Why the last netlink request failed. */
struct nl_status {
	int err;			/* positive errno, 0 if none */
	const char *why;		/* local reason to print instead of strerror(err) */
	char extack[NSBOX_ERRMSG_MAX];	/* the kernel's message, "" if none */
};

struct nsbox_ctx {
	struct nl_sock *sk;	/* opened on first use; one for a whole batch */
	int family;		/* id of the "nsbox" generic netlink family */
	struct nl_status nl;
	struct output out;
	const char *batch;	/* -batch FILE, NULL when not batching */
	unsigned long lineno;	/* line of FILE being run */
	bool force;		/* -force: keep going after a failed batch line */
};

/* Commands: argv holds the arguments after the command's name. */
int cmd_info(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_sandbox_add(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_sandbox_del(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_sandbox_list(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_sandbox_show(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_monitor(struct nsbox_ctx *ctx, int argc, char **argv);

#endif /* NSBOX_H */
