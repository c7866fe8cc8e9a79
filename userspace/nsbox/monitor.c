// SPDX-License-Identifier: GPL-2.0
/*
 * nsbox monitor: print sandbox and link events from the "events" multicast
 * group as they arrive, one line (or one JSON object) each.
 */
#include <errno.h>
#include <stdio.h>
#include <time.h>

#include <netlink/genl/genl.h>

#include <linux/nsbox.h>

#include "genl.h"
#include "netcfg.h"
#include "prog.h"
#include "sandbox.h"
#include "util.h"

/* big enough for a burst such as rmmod tearing down many sandboxes */
#define MONITOR_RCVBUF	(1 << 20)

static const char *const reason_names[] = {
	[NSBOX_REASON_REQUEST]		= "request",
	[NSBOX_REASON_OWNER_GONE]	= "owner-gone",
	[NSBOX_REASON_NETNS_GONE]	= "netns-gone",
	[NSBOX_REASON_MODULE_UNLOAD]	= "module-unload",
};

static void print_reason(struct output *out, uint32_t reason)
{
	const char *name = NULL;
	char buf[16];

	if (reason < ARRAY_SIZE(reason_names))
		name = reason_names[reason];
	if (!name) {
		snprintf(buf, sizeof(buf), "%u", reason);
		name = buf;
	}
	print_string(out, "reason", " reason %s", name);
}

/*
 * With -timestamp, when the event was read: in text "[2026-12-06T19:20:01.123456]"
 * before it (local time, as `ip -ts monitor`), in JSON "time" with the same
 * value in UTC and a Z.
 */
void event_open(struct nsbox_ctx *ctx)
{
	struct output *out = &ctx->out;
	struct timespec ts;
	char buf[64];
	size_t n;
	struct tm tm;

	open_json_object(out, NULL);
	if (!ctx->timestamp)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	if (out->json)
		gmtime_r(&ts.tv_sec, &tm);
	else
		localtime_r(&ts.tv_sec, &tm);
	n = strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, sizeof(buf) - n, ".%06ld%s", ts.tv_nsec / 1000, out->json ? "Z" : "");
	print_string(out, "time", "[%s] ", buf);
}

/*
 * "link-created SANDBOX DEV type T ifindex N", or the same as an object; a
 * change also has the link as it is now: "link-changed ... mtu N
 * txqueuelen N address MAC master BR up|down".
 */
static void link_event(struct nsbox_ctx *ctx, struct nl_msg *msg, uint8_t cmd)
{
	static const char *const names[] = {
		[NSBOX_CMD_LINK_CREATE_NTF] = "link-created",
		[NSBOX_CMD_LINK_DELETE_NTF] = "link-deleted",
		[NSBOX_CMD_LINK_CHANGE_NTF] = "link-changed",
	};
	struct output *out = &ctx->out;
	struct nsbox_link l;
	char buf[18];

	if (link_parse_msg(msg, &l)) {
		nsbox_err(ctx, "monitor: malformed %s event", names[cmd]);
		return;
	}
	event_open(ctx);
	print_string(out, "event", "%s ", names[cmd]);
	print_string(out, "sandbox", "%s ", l.sandbox);
	print_string(out, "ifname", "%s", l.ifname);
	if (NET_HAS(&l, NSBOX_A_LINK_TYPE))
		print_string(out, "type", " type %s", link_type_name(l.type, buf, sizeof(buf)));
	if (NET_HAS(&l, NSBOX_A_LINK_IFINDEX))
		print_uint(out, "ifindex", " ifindex %u", l.ifindex);
	if (NET_HAS(&l, NSBOX_A_LINK_MTU))
		print_uint(out, "mtu", " mtu %u", l.mtu);
	if (NET_HAS(&l, NSBOX_A_LINK_TXQUEUELEN))
		print_uint(out, "txqlen", " txqueuelen %u", l.txqueuelen);
	if (NET_HAS(&l, NSBOX_A_LINK_ADDRESS))
		print_string(out, "address", " address %s", mac_str(l.address, buf));
	if (NET_HAS(&l, NSBOX_A_LINK_MASTER))
		print_string(out, "master", " master %s", l.master);
	if (NET_HAS(&l, NSBOX_A_LINK_DEV_FLAGS)) {
		if (out->json)
			jw_bool(&out->jw, "up", l.dev_flags & IFF_UP);
		else
			print_text(out, l.dev_flags & IFF_UP ? " up" : " down");
	}
	print_text(out, "\n");
	close_json_object(out);
	fflush(stdout);
}

static int monitor_event(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nsbox_ctx *ctx = arg;
	struct output *out = &ctx->out;
	struct sandbox sb;
	bool created;

	if (nlh->nlmsg_type != ctx->family || !genlmsg_valid_hdr(nlh, 0))
		return NL_SKIP;
	switch (genlmsg_hdr(nlh)->cmd) {
	case NSBOX_CMD_SANDBOX_CREATE_NTF:
		created = true;
		break;
	case NSBOX_CMD_SANDBOX_DELETE_NTF:
		created = false;
		break;
	case NSBOX_CMD_PROG_EXIT_NTF:
	case NSBOX_CMD_PROG_RESTART_NTF:
		prog_event(ctx, msg);
		return NL_OK;
	case NSBOX_CMD_LINK_CREATE_NTF:
	case NSBOX_CMD_LINK_DELETE_NTF:
	case NSBOX_CMD_LINK_CHANGE_NTF:
		link_event(ctx, msg, genlmsg_hdr(nlh)->cmd);
		return NL_OK;
	default:
		return NL_SKIP;
	}
	if (sandbox_parse(msg, &sb)) {
		nsbox_err(ctx, "monitor: malformed %s event", created ? "create" : "delete");
		return NL_SKIP;
	}

	event_open(ctx);
	print_string(out, "event", "%s ", created ? "created" : "deleted");
	if (created) {
		sandbox_print(out, &sb, SANDBOX_BIT(NSBOX_A_SANDBOX_ID) |
			      SANDBOX_BIT(NSBOX_A_SANDBOX_NETNS_INODE), " ");
	} else {
		sandbox_print(out, &sb, SANDBOX_BIT(NSBOX_A_SANDBOX_ID), " ");
		if (SANDBOX_HAS(&sb, NSBOX_A_SANDBOX_REASON))
			print_reason(out, sb.reason);
	}
	print_text(out, "\n");
	close_json_object(out);
	fflush(stdout);
	sandbox_free(&sb);
	return NL_OK;
}

int cmd_monitor(struct nsbox_ctx *ctx, int argc, char **argv)
{
	struct nl_cb *cb;
	int err;

	if (argc) {
		nsbox_err(ctx, "monitor: unexpected argument \"%s\"", argv[0]);
		return NSBOX_EXIT_USAGE;
	}
	if (genl_open(ctx) || genl_join_events(ctx))
		return NSBOX_EXIT_FAIL;

	/* events carry sequence number 0, answer no request of ours */
	nl_socket_disable_seq_check(ctx->sk);
	nl_socket_modify_cb(ctx->sk, NL_CB_VALID, NL_CB_CUSTOM, monitor_event, ctx);
	nl_socket_set_buffer_size(ctx->sk, MONITOR_RCVBUF, 0);
	fflush(stdout);

	cb = nl_socket_get_cb(ctx->sk);
	for (;;) {
		err = nl_recvmsgs_report(ctx->sk, cb);
		/* libnl reports ENOBUFS, an overrun of the socket, as NLE_NOMEM */
		if (err == -NLE_NOMEM && errno == ENOBUFS) {
			nsbox_err(ctx, "monitor: receive buffer overrun, events were lost");
			continue;
		}
		if (err <= 0)
			break;
	}
	nl_cb_put(cb);
	nsbox_err(ctx, "monitor: %s", err ? nl_geterror(err) : "no more events from the kernel");
	return NSBOX_EXIT_FAIL;
}
