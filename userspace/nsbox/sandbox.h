/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A sandbox as the kernel describes it (NSBOX_A_SANDBOX_*), shared by the
 * sandbox commands and the event monitor.
 */
#ifndef NSBOX_SANDBOX_H
#define NSBOX_SANDBOX_H

#include <stdint.h>

#include <netlink/netlink.h>

#include <linux/nsbox.h>

#include "json.h"
#include "netcfg.h"
#include "prog.h"

struct sandbox {
	uint64_t have;		/* 1 << NSBOX_A_SANDBOX_* of the attributes present */
	uint32_t id;
	uint32_t flags;
	uint32_t state;
	uint32_t netns_inode;
	uint32_t owner_uid;
	uint32_t owner_portid;
	uint32_t links;
	uint32_t programs;
	uint32_t reason;
	uint64_t created_ns;
	int netns_fd;		/* -1 when absent */
	int uts_fd;		/* -1 when absent */
	char name[NSBOX_NAME_MAX + 1];
	char hostname[NSBOX_HOSTNAME_MAX + 1];
	/* NSBOX_A_SANDBOX_LINK, _ADDR and _ROUTE, in the kernel's order */
	struct nsbox_link *linkv;
	size_t nlinkv;
	struct nsbox_addr *addrv;
	size_t naddrv;
	struct nsbox_route *routev;
	size_t nroutev;
	/* NSBOX_A_SANDBOX_SYSCTL and _NEIGH */
	struct nsbox_sysctl *sysctlv;
	size_t nsysctlv;
	struct nsbox_neigh *neighv;
	size_t nneighv;
	/* NSBOX_A_SANDBOX_PROG: programs nsbox runs in it */
	struct nsbox_prog_info *progv;
	size_t nprogv;
};

#define SANDBOX_BIT(attr)	(1ull << (attr))
#define SANDBOX_HAS(sb, attr)	((sb)->have & SANDBOX_BIT(attr))

/*
 * Fill sb from a sandbox message; -EBADMSG if malformed or nameless, -ENOMEM.
 * On success sb holds memory for sandbox_free(); on failure none.
 */
int sandbox_parse(struct nl_msg *msg, struct sandbox *sb);
void sandbox_free(struct sandbox *sb);

/*
 * One sandbox by name, in full, without namespace fds: 0, or -1 with
 * ctx->nl saying why. On success sb holds memory for sandbox_free().
 */
struct nsbox_ctx;
int sandbox_get(struct nsbox_ctx *ctx, const char *name, struct sandbox *sb);

/* The clauses of sandbox add, parsed before anything is sent. */
struct sandbox_clauses {
	struct nsbox_link *links;
	struct nsbox_addr *addrs;
	struct nsbox_route *routes;
	struct nsbox_sysctl *sysctls;
	struct nsbox_neigh *neighs;
	size_t nlinks, naddrs, nroutes, nsysctls, nneighs;
};

/* What NSBOX_CMD_SANDBOX_NEW asks for. */
struct sandbox_req {
	const char *name;
	const char *hostname;	/* NULL: none */
	uint32_t flags;		/* NSBOX_SANDBOX_F_* */
	int adopt_fd;		/* a namespace to adopt, -1: none */
	uint32_t adopt_pid;	/* a process whose namespace to adopt, 0: none */
	const struct sandbox_clauses *clauses;
};

/*
 * Create the sandbox of req, all or nothing: 0 with the new sandbox in sb
 * (its namespace fds for sandbox_close_fds(), its memory for
 * sandbox_free()), or -1 with ctx->nl saying why and nothing made.
 */
int sandbox_new(struct nsbox_ctx *ctx, const struct sandbox_req *req, struct sandbox *sb);

/* Delete a sandbox, by sb's id if given, else by name: 0, or -1 with ctx->nl saying why. */
int sandbox_del(struct nsbox_ctx *ctx, const char *name, const struct sandbox *sb);

/* Close the namespace fds a reply installed in this process. */
void sandbox_close_fds(struct sandbox *sb);

/*
 * Print the members of a sandbox: all in JSON; in text the name, then each
 * attribute in text_attrs (1 << NSBOX_A_SANDBOX_*) as "SEP LABEL VALUE",
 * and with SANDBOX_BIT(NSBOX_A_SANDBOX_LINK) its links (with their
 * addresses), routes and other addresses as "SEP link ...", "SEP route ..."
 * and "SEP addr ...", then "SEP sysctl ..." and "SEP neigh ...".
 */
void sandbox_print(struct output *out, const struct sandbox *sb,
		   uint64_t text_attrs, const char *sep);

#endif /* NSBOX_SANDBOX_H */
