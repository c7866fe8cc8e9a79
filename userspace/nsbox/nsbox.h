/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nsbox(8): the one context every command works on, and the commands.
 */
#ifndef NSBOX_H
#define NSBOX_H

#include <stdbool.h>

#include "json.h"

/*
 * Exit statuses: 0 success, 1 failure, 2 bad command line; exec, which
 * exits with its program's status, exits 125 when it failed itself.
 */
#define NSBOX_EXIT_FAIL		1
#define NSBOX_EXIT_USAGE	2
#define NSBOX_EXIT_CANNOT	125

#define NSBOX_ERRMSG_MAX	256

struct nl_sock;

/* Why the last netlink request failed. */
struct nl_status {
	int err;			/* positive errno, 0 if none */
	const char *why;		/* local reason to print instead of strerror(err) */
	char extack[NSBOX_ERRMSG_MAX];	/* the kernel's message, "" if none */
	/*
	 * The attribute of the request the kernel pointed at (NLMSGERR_ATTR_OFFS),
	 * in the words of the command line ("mtu 70000"), "" if none or unknown.
	 */
	char attr[NSBOX_ERRMSG_MAX];
};

struct nsbox_ctx {
	struct nl_sock *sk;	/* opened on first use; one for a whole batch */
	int family;		/* id of the "nsbox" generic netlink family */
	struct nl_status nl;
	struct output out;
	const char *batch;	/* -batch FILE, NULL when not batching */
	unsigned long lineno;	/* line of FILE being run */
	bool force;		/* -force: keep going after a failed batch line */
	bool timestamp;		/* -timestamp: monitor stamps each event */
	/*
	 * The usage error was a bad value of a known word: it names the word
	 * and the value, and the grammar is left out as it would not help.
	 */
	bool bad_value;
	/* the return value is a program's exit status (exec), not ours */
	bool program_status;
	/*
	 * The command exits with a program's status (exec), so its own
	 * failures must not look like one: they exit NSBOX_EXIT_CANNOT, as
	 * env(1) and podman do. 126 (found but not run) and 127 (not found)
	 * are the program's, which the helper exits with in its place.
	 */
	bool exits_as_program;
};

/* Commands: argv holds the arguments after the command's name. */
int cmd_info(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_sandbox_add(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_sandbox_del(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_sandbox_list(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_sandbox_show(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_sandbox_save(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_link_add(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_link_del(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_link_move(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_link_release(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_link_set(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_link_list(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_addr_add(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_addr_replace(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_addr_del(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_addr_list(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_route_add(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_route_del(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_route_list(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_sysctl_set(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_sysctl_list(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_neigh_add(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_neigh_del(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_neigh_list(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_monitor(struct nsbox_ctx *ctx, int argc, char **argv);
/* monitor: open an event's line or object, with its time if asked for */
void event_open(struct nsbox_ctx *ctx);
int cmd_exec(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_run(struct nsbox_ctx *ctx, int argc, char **argv);
int cmd_kill(struct nsbox_ctx *ctx, int argc, char **argv);

#endif /* NSBOX_H */
