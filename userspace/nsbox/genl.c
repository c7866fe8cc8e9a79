// SPDX-License-Identifier: GPL-2.0
/*
 * libnl 3.7 does not read extended ACKs, so the error callback here parses
 * NLMSGERR_ATTR_MSG itself, and so does the NLMSG_DONE handler for errors
 * that end a dump (libnl ignores the payload of NLMSG_DONE).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include <linux/nsbox.h>

#include "genl.h"
#include "netcfg.h"
#include "util.h"

/*
 * Room for one request: a sandbox with hundreds of address and route
 * clauses (libnl's default is a page, some 70 clauses).
 */
#define NSBOX_REQ_SIZE		(64 * 1024)

/* One request on its way: what to do with the answers, and when it ends. */
struct request {
	struct nsbox_ctx *ctx;
	struct nl_msg *msg;	/* the request, to find what an error points at */
	genl_dump_fn fn;	/* dump: called for every message */
	void *arg;
	struct nl_msg **reply;	/* do: where the reply goes, or NULL */
	int parse_err;		/* first error fn returned */
	bool done;		/* ACK, error or NLMSG_DONE seen */
	bool intr;		/* NLM_F_DUMP_INTR seen */
};

static void nl_set_local(struct nl_status *st, int err, const char *why)
{
	st->err = err;
	st->why = why;
}

/*
 * The attribute at byte off of the request, at the top level or in one of
 * its nests, described for the user.
 */
static void nl_describe_attr(struct nl_status *st, struct nl_msg *req, uint32_t off)
{
	struct nlmsghdr *nlh = nlmsg_hdr(req);
	struct nlattr *nla, *outer = NULL, *head;
	uint32_t start, end;
	int rem, len;

	if (off >= nlh->nlmsg_len)
		return;
	head = genlmsg_attrdata(nlmsg_data(nlh), 0);
	len = genlmsg_attrlen(nlmsg_data(nlh), 0);
	for (;;) {
		nla_for_each_attr(nla, head, len, rem) {
			start = (char *)nla - (char *)nlh;
			end = start + nla->nla_len;
			if (off < start || off >= end)
				continue;
			if (off == start) {
				nsbox_attr_describe(genlmsg_hdr(nlh)->cmd, outer, nla,
						    st->attr, sizeof(st->attr));
				return;
			}
			if (outer || !(nla->nla_type & NLA_F_NESTED))
				return;
			/* inside a nest: look there */
			break;
		}
		if (!nla_ok(nla, rem))
			return;
		outer = nla;
		head = nla_data(nla);
		len = nla_len(nla);
	}
}

/*
 * Copy NLMSGERR_ATTR_MSG from the TLVs that follow offset bytes of payload,
 * when the kernel sent any, and describe the attribute NLMSGERR_ATTR_OFFS
 * points at. The module's messages come prefixed with its name
 * (NL_SET_ERR_MSG_MOD); we print our own "nsbox: " already.
 */
static void nl_parse_extack(struct nl_status *st, struct nl_msg *req,
			    const struct nlmsghdr *nlh, size_t offset)
{
	static const char prefix[] = "nsbox: ";
	struct nlattr *head, *nla;
	size_t start = NLMSG_HDRLEN + NLMSG_ALIGN(offset);
	const char *msg;
	int rem, len;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || nlh->nlmsg_len < start)
		return;
	head = (struct nlattr *)((char *)nlh + start);
	nla_for_each_attr(nla, head, nlh->nlmsg_len - start, rem) {
		if (nla_type(nla) == NLMSGERR_ATTR_OFFS && nla_len(nla) == sizeof(uint32_t) &&
		    req)
			nl_describe_attr(st, req, nla_get_u32(nla));
		if (nla_type(nla) != NLMSGERR_ATTR_MSG || nla_len(nla) <= 0)
			continue;
		msg = nla_data(nla);
		len = strnlen(msg, nla_len(nla));
		if (len >= (int)sizeof(prefix) - 1 &&
		    !strncmp(msg, prefix, sizeof(prefix) - 1)) {
			msg += sizeof(prefix) - 1;
			len -= sizeof(prefix) - 1;
		}
		snprintf(st->extack, sizeof(st->extack), "%.*s", len, msg);
	}
}

static int req_valid(struct nl_msg *msg, void *arg)
{
	struct request *req = arg;
	int err;

	if (nlmsg_hdr(msg)->nlmsg_type != req->ctx->family)
		return NL_SKIP;
	if (req->fn) {
		err = req->fn(msg, req->arg);
		if (err && !req->parse_err)
			req->parse_err = err;
	} else if (req->reply && !*req->reply) {
		nlmsg_get(msg);
		*req->reply = msg;
	}
	return NL_OK;
}

static int req_ack(struct nl_msg *msg, void *arg)
{
	struct request *req = arg;

	(void)msg;
	req->done = true;
	return NL_STOP;
}

/* NLMSG_DONE carries the dump's final status, and an extack with it. */
static int req_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct request *req = arg;
	int status;

	req->done = true;
	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(status))
		return NL_STOP;
	memcpy(&status, nlmsg_data(nlh), sizeof(status));
	if (status < 0) {
		req->ctx->nl.err = -status;
		nl_parse_extack(&req->ctx->nl, req->msg, nlh, sizeof(status));
	}
	return NL_STOP;
}

static int req_dump_intr(struct nl_msg *msg, void *arg)
{
	struct request *req = arg;

	(void)msg;
	req->intr = true;
	return NL_OK;
}

/*
 * libnl calls this for NLMSG_ERROR with a non-zero error only, and hands us
 * the payload of the receive buffer, so the header sits right before it.
 */
static int req_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	const struct nlmsghdr *nlh = (void *)((char *)e - NLMSG_HDRLEN);
	struct request *req = arg;
	size_t offset = sizeof(*e);

	(void)nla;
	/* the request is echoed back unless NETLINK_CAP_ACK capped it */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) && e->msg.nlmsg_len >= NLMSG_HDRLEN)
		offset += e->msg.nlmsg_len - NLMSG_HDRLEN;
	req->ctx->nl.err = e->error < 0 ? -e->error : e->error;
	nl_parse_extack(&req->ctx->nl, req->msg, nlh, offset);
	req->done = true;
	return NL_STOP;
}

static int nl_request(struct nsbox_ctx *ctx, struct nl_msg *msg, struct request *req)
{
	struct nl_cb *cb;
	int err;

	memset(&ctx->nl, 0, sizeof(ctx->nl));
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		nl_set_local(&ctx->nl, ENOMEM, NULL);
		return -1;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, req_valid, req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, req_ack, req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, req_finish, req);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, req_dump_intr, req);
	nl_cb_err(cb, NL_CB_CUSTOM, req_error, req);

	/* kept until the answer is in, which may point into it */
	req->msg = msg;
	err = nl_send_auto(ctx->sk, msg);
	if (err < 0) {
		nl_set_local(&ctx->nl, EIO, nl_geterror(err));
		goto out;
	}
	/*
	 * A reply and its ACK come in separate datagrams: read until the end.
	 * Reading no message at all means the socket is gone.
	 */
	while (!req->done) {
		err = nl_recvmsgs_report(ctx->sk, cb);
		if (req->done)
			break;
		if (err <= 0) {
			nl_set_local(&ctx->nl, EIO, err ? nl_geterror(err) :
				     "no answer from the kernel");
			break;
		}
	}
	if (!ctx->nl.err && req->parse_err)
		nl_set_local(&ctx->nl, -req->parse_err,
			     req->parse_err == -EBADMSG ?
			     "malformed reply from the kernel" : NULL);
out:
	nl_cb_put(cb);
	nlmsg_free(msg);
	req->msg = NULL;
	if (ctx->nl.err && req->reply && *req->reply) {
		nlmsg_free(*req->reply);
		*req->reply = NULL;
	}
	return ctx->nl.err ? -1 : 0;
}

int genl_do(struct nsbox_ctx *ctx, struct nl_msg *msg, struct nl_msg **reply)
{
	struct request req = { .ctx = ctx, .reply = reply };

	if (reply)
		*reply = NULL;
	return nl_request(ctx, msg, &req);
}

int genl_dump(struct nsbox_ctx *ctx, struct nl_msg *msg, genl_dump_fn fn,
	      void *arg, bool *intr)
{
	struct request req = { .ctx = ctx, .fn = fn, .arg = arg };
	int ret;

	ret = nl_request(ctx, msg, &req);
	*intr = req.intr;
	return ret;
}

struct nl_msg *genl_msg(struct nsbox_ctx *ctx, uint8_t cmd, int flags)
{
	struct nl_msg *msg;

	memset(&ctx->nl, 0, sizeof(ctx->nl));
	msg = nlmsg_alloc_size(NSBOX_REQ_SIZE);
	if (!msg)
		goto nomem;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, ctx->family, 0,
			 NLM_F_ACK | flags, cmd, NSBOX_GENL_VERSION)) {
		nlmsg_free(msg);
		goto nomem;
	}
	return msg;
nomem:
	nl_set_local(&ctx->nl, ENOMEM, NULL);
	return NULL;
}

int genl_fd(struct nsbox_ctx *ctx)
{
	return nl_socket_get_fd(ctx->sk);
}

int genl_open(struct nsbox_ctx *ctx)
{
	struct nl_sock *sk;
	int one = 1, err;

	if (ctx->sk)
		return 0;
	sk = nl_socket_alloc();
	if (!sk) {
		nsbox_err(ctx, "%s", strerror(ENOMEM));
		return -1;
	}
	err = genl_connect(sk);
	if (err) {
		nsbox_err(ctx, "cannot open a generic netlink socket: %s",
			  nl_geterror(err));
		goto fail;
	}
	/* grow the buffer to whatever the kernel sends (large dumps) */
	nl_socket_enable_msg_peek(sk);
	/*
	 * Ask for the kernel's error messages. NETLINK_CAP_ACK stays off (the
	 * default); the error callback copes with either. Kernels without
	 * extended ACKs refuse the option and we do without.
	 */
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one,
		   sizeof(one));

	err = genl_ctrl_resolve(sk, NSBOX_GENL_NAME);
	if (err < 0) {
		if (err == -NLE_OBJ_NOTFOUND)
			nsbox_err(ctx, "the nsbox module is not loaded (try: modprobe nsbox)");
		else
			nsbox_err(ctx, "cannot resolve generic netlink family \"%s\": %s",
				  NSBOX_GENL_NAME, nl_geterror(err));
		goto fail;
	}
	ctx->family = err;
	ctx->sk = sk;
	return 0;
fail:
	nl_socket_free(sk);
	return -1;
}

void genl_close(struct nsbox_ctx *ctx)
{
	nl_socket_free(ctx->sk);
	ctx->sk = NULL;
}

int genl_join_events(struct nsbox_ctx *ctx)
{
	int grp, err;

	grp = genl_ctrl_resolve_grp(ctx->sk, NSBOX_GENL_NAME, NSBOX_MCGRP_EVENTS);
	if (grp < 0) {
		nsbox_err(ctx, "multicast group \"%s\" of \"%s\": %s",
			  NSBOX_MCGRP_EVENTS, NSBOX_GENL_NAME, nl_geterror(grp));
		return -1;
	}
	/* the group is for CAP_NET_ADMIN only, as every operation is */
	err = nl_socket_add_membership(ctx->sk, grp);
	if (err == -NLE_PERM) {
		nsbox_err(ctx, "operation not permitted (CAP_NET_ADMIN needed)");
		return -1;
	} else if (err) {
		nsbox_err(ctx, "joining multicast group \"%s\": %s",
			  NSBOX_MCGRP_EVENTS, nl_geterror(err));
		return -1;
	}
	return 0;
}

/*
 * The kernel's message, with what its attribute was when it pointed at one,
 * and the error it returned unless that adds nothing (every refused request
 * is EINVAL, every out-of-range value ERANGE): a failed step of the helper
 * has one fixed message, and only the errno tells why.
 */
const char *genl_strerror(const struct nsbox_ctx *ctx, const char *what, char *buf,
			  size_t size)
{
	const struct nl_status *st = &ctx->nl;
	char why[64] = "";

	if (st->extack[0] && st->err && st->err != EINVAL && st->err != ERANGE)
		snprintf(why, sizeof(why), " (%s)", strerror(st->err));
	if (st->extack[0] && st->attr[0])
		snprintf(buf, size, "%s: %s%s", st->attr, st->extack, why);
	else if (st->extack[0])
		snprintf(buf, size, "%s%s", st->extack, why);
	else if (st->attr[0])
		snprintf(buf, size, "%s: %s: %s", what, st->attr,
			 st->why ? st->why : strerror(st->err));
	else if (!st->why && (st->err == EPERM || st->err == EACCES))
		snprintf(buf, size, "operation not permitted (CAP_NET_ADMIN needed)");
	else
		snprintf(buf, size, "%s: %s", what, st->why ? st->why : strerror(st->err));
	return buf;
}

int genl_perror(struct nsbox_ctx *ctx, const char *what)
{
	char buf[3 * NSBOX_ERRMSG_MAX];

	nsbox_err(ctx, "%s", genl_strerror(ctx, what, buf, sizeof(buf)));
	return NSBOX_EXIT_FAIL;
}

int genl_msg_too_big(struct nsbox_ctx *ctx, struct nl_msg *msg, const char *what)
{
	nlmsg_free(msg);
	nsbox_err(ctx, "%s: arguments too long for one request", what);
	return NSBOX_EXIT_FAIL;
}
