/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink side of nsbox(8): one socket per process, requests
 * that always wait for the kernel's answer, and the kernel's extended ACK
 * message kept in the context for the error report.
 */
#ifndef NSBOX_GENL_H
#define NSBOX_GENL_H

#include <stdbool.h>
#include <stdint.h>

#include <netlink/netlink.h>

#include "nsbox.h"

/* Open the socket and resolve the family once; prints why it failed. */
int genl_open(struct nsbox_ctx *ctx);
/* The socket of genl_open(), for raw use */
int genl_fd(struct nsbox_ctx *ctx);
void genl_close(struct nsbox_ctx *ctx);

/* Subscribe to the "events" group; prints why it failed. */
int genl_join_events(struct nsbox_ctx *ctx);

/* A request for cmd with NLM_F_REQUEST | NLM_F_ACK | flags. */
struct nl_msg *genl_msg(struct nsbox_ctx *ctx, uint8_t cmd, int flags);

/*
 * Send msg (always freed) and wait for the kernel's ACK. With reply, the
 * first reply message is handed back with a reference held, NULL if none.
 * Returns 0, or -1 with ctx->nl describing the failure.
 */
int genl_do(struct nsbox_ctx *ctx, struct nl_msg *msg, struct nl_msg **reply);

/*
 * Send a dump request (always freed), hand every message to fn and wait for
 * NLMSG_DONE. *intr tells whether any message was marked NLM_F_DUMP_INTR.
 * fn returns 0 or a negative errno. Returns 0, or -1 as genl_do().
 */
typedef int (*genl_dump_fn)(struct nl_msg *msg, void *arg);
int genl_dump(struct nsbox_ctx *ctx, struct nl_msg *msg, genl_dump_fn fn,
	      void *arg, bool *intr);

/* Report a failed request in one line; returns NSBOX_EXIT_FAIL. */
int genl_perror(struct nsbox_ctx *ctx, const char *what);
/* The same line in buf, for a caller that reports elsewhere (nsbox-cni) */
const char *genl_strerror(const struct nsbox_ctx *ctx, const char *what, char *buf,
			  size_t size);

/* Report a request whose attributes do not fit; frees msg. */
int genl_msg_too_big(struct nsbox_ctx *ctx, struct nl_msg *msg, const char *what);

#endif /* NSBOX_GENL_H */
