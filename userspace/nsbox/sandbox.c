// SPDX-License-Identifier: GPL-2.0
/*
 * nsbox sandbox { add | del | list | show }
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <netlink/genl/genl.h>

#include "genl.h"
#include "netns.h"
#include "sandbox.h"
#include "util.h"

#define DUMP_RETRIES		10

/* what a list line shows; show prints everything */
#define LIST_TEXT_ATTRS	(SANDBOX_BIT(NSBOX_A_SANDBOX_ID) |		\
			 SANDBOX_BIT(NSBOX_A_SANDBOX_NETNS_INODE) |	\
			 SANDBOX_BIT(NSBOX_A_SANDBOX_HOSTNAME) |	\
			 SANDBOX_BIT(NSBOX_A_SANDBOX_FLAGS) |		\
			 SANDBOX_BIT(NSBOX_A_SANDBOX_STATE) |		\
			 SANDBOX_BIT(NSBOX_A_SANDBOX_LINKS) |		\
			 SANDBOX_BIT(NSBOX_A_SANDBOX_PROGRAMS))
#define SHOW_TEXT_ATTRS	(~0u)

static const struct nla_policy sandbox_policy[NSBOX_A_SANDBOX_MAX + 1] = {
	[NSBOX_A_SANDBOX_ID]		= { .type = NLA_U32 },
	[NSBOX_A_SANDBOX_NAME]		= { .type = NLA_STRING, .maxlen = NSBOX_NAME_MAX + 1 },
	[NSBOX_A_SANDBOX_HOSTNAME]	= { .type = NLA_STRING, .maxlen = NSBOX_HOSTNAME_MAX + 1 },
	[NSBOX_A_SANDBOX_FLAGS]		= { .type = NLA_U32 },
	[NSBOX_A_SANDBOX_STATE]		= { .type = NLA_U32 },
	[NSBOX_A_SANDBOX_NETNS_INODE]	= { .type = NLA_U32 },
	[NSBOX_A_SANDBOX_OWNER_UID]	= { .type = NLA_U32 },
	[NSBOX_A_SANDBOX_OWNER_PORTID]	= { .type = NLA_U32 },
	[NSBOX_A_SANDBOX_CREATED_NS]	= { .type = NLA_U64 },
	[NSBOX_A_SANDBOX_LINKS]		= { .type = NLA_U32 },
	[NSBOX_A_SANDBOX_PROGRAMS]	= { .type = NLA_U32 },
	[NSBOX_A_SANDBOX_WANT_NSFDS]	= { .type = NLA_FLAG },
	[NSBOX_A_SANDBOX_NETNS_FD]	= { .type = NLA_U32 },
	[NSBOX_A_SANDBOX_UTS_FD]	= { .type = NLA_U32 },
	[NSBOX_A_SANDBOX_REASON]	= { .type = NLA_U32 },
};

static const char *const flag_names[] = { "owned", "publish", "uts" };

static const char *const state_names[] = {
	[NSBOX_SANDBOX_STATE_CREATING]	= "creating",
	[NSBOX_SANDBOX_STATE_READY]	= "ready",
};

static uint32_t get_u32(struct nlattr *tb[], int attr)
{
	return tb[attr] ? nla_get_u32(tb[attr]) : 0;
}

int sandbox_parse(struct nl_msg *msg, struct sandbox *sb)
{
	struct nlattr *tb[NSBOX_A_SANDBOX_MAX + 1];
	int i;

	memset(sb, 0, sizeof(*sb));
	sb->netns_fd = -1;
	sb->uts_fd = -1;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, NSBOX_A_SANDBOX_MAX, sandbox_policy))
		return -EBADMSG;

	for (i = 0; i <= NSBOX_A_SANDBOX_MAX; i++)
		if (tb[i])
			sb->have |= SANDBOX_BIT(i);
	/* fds first: they are ours to close even if the rest is garbage */
	if (tb[NSBOX_A_SANDBOX_NETNS_FD])
		sb->netns_fd = (int)nla_get_u32(tb[NSBOX_A_SANDBOX_NETNS_FD]);
	if (tb[NSBOX_A_SANDBOX_UTS_FD])
		sb->uts_fd = (int)nla_get_u32(tb[NSBOX_A_SANDBOX_UTS_FD]);
	if (!tb[NSBOX_A_SANDBOX_NAME] || !tb[NSBOX_A_SANDBOX_ID])
		return -EBADMSG;

	sb->id = get_u32(tb, NSBOX_A_SANDBOX_ID);
	sb->flags = get_u32(tb, NSBOX_A_SANDBOX_FLAGS);
	sb->state = get_u32(tb, NSBOX_A_SANDBOX_STATE);
	sb->netns_inode = get_u32(tb, NSBOX_A_SANDBOX_NETNS_INODE);
	sb->owner_uid = get_u32(tb, NSBOX_A_SANDBOX_OWNER_UID);
	sb->owner_portid = get_u32(tb, NSBOX_A_SANDBOX_OWNER_PORTID);
	sb->links = get_u32(tb, NSBOX_A_SANDBOX_LINKS);
	sb->programs = get_u32(tb, NSBOX_A_SANDBOX_PROGRAMS);
	sb->reason = get_u32(tb, NSBOX_A_SANDBOX_REASON);
	if (tb[NSBOX_A_SANDBOX_CREATED_NS])
		sb->created_ns = nla_get_u64(tb[NSBOX_A_SANDBOX_CREATED_NS]);
	nla_strlcpy(sb->name, tb[NSBOX_A_SANDBOX_NAME], sizeof(sb->name));
	if (tb[NSBOX_A_SANDBOX_HOSTNAME])
		nla_strlcpy(sb->hostname, tb[NSBOX_A_SANDBOX_HOSTNAME], sizeof(sb->hostname));
	return 0;
}

static void sandbox_close_fds(struct sandbox *sb)
{
	if (sb->netns_fd >= 0)
		close(sb->netns_fd);
	if (sb->uts_fd >= 0)
		close(sb->uts_fd);
	sb->netns_fd = -1;
	sb->uts_fd = -1;
}

/* attr is there, and goes out: always in JSON, if selected in text */
static bool wanted(const struct output *out, const struct sandbox *sb, int attr,
		   uint32_t text_attrs)
{
	return SANDBOX_HAS(sb, attr) && (out->json || text_attrs & SANDBOX_BIT(attr));
}

/* One u32 member: "key": v in JSON, "SEP label v" in text. */
static void print_member(struct output *out, const char *sep, const char *key,
			 const char *label, uint32_t v)
{
	if (out->json)
		jw_uint(&out->jw, key, v);
	else
		print_text(out, "%s%s %u", sep, label, v);
}

/* flags: ["owned","publish"] in JSON, "flags owned,publish" (or none) in text */
static void print_flags(struct output *out, uint32_t flags, const char *sep)
{
	unsigned int bit, n = 0;
	char unknown[16];
	const char *name;

	open_json_array(out, "flags");
	print_text(out, "%sflags ", sep);
	for (bit = 0; bit < 32; bit++) {
		if (!(flags & (1u << bit)))
			continue;
		if (bit < ARRAY_SIZE(flag_names)) {
			name = flag_names[bit];
		} else {
			snprintf(unknown, sizeof(unknown), "0x%x", 1u << bit);
			name = unknown;
		}
		print_string(out, NULL, n++ ? ",%s" : "%s", name);
	}
	if (!n)
		print_text(out, "none");
	close_json_array(out);
}

static void print_state(struct output *out, uint32_t state, const char *sep)
{
	char buf[16];
	const char *name = NULL;

	if (state < ARRAY_SIZE(state_names))
		name = state_names[state];
	if (!name) {
		snprintf(buf, sizeof(buf), "%u", state);
		name = buf;
	}
	print_text(out, "%s", sep);
	print_string(out, "state", "state %s", name);
}

/* created: seconds since the epoch in JSON, ISO 8601 UTC in text */
static void print_created(struct output *out, uint64_t ns, const char *sep)
{
	time_t secs = ns / 1000000000;
	char buf[32];
	struct tm tm;

	if (out->json) {
		jw_uint(&out->jw, "created", secs);
		return;
	}
	if (!gmtime_r(&secs, &tm) || !strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, sizeof(buf), "@%llu", (unsigned long long)secs);
	print_text(out, "%screated %s", sep, buf);
}

void sandbox_print(struct output *out, const struct sandbox *sb,
		   uint32_t text_attrs, const char *sep)
{
	print_string(out, "name", "%s", sb->name);
	if (wanted(out, sb, NSBOX_A_SANDBOX_ID, text_attrs))
		print_member(out, sep, "id", "id", sb->id);
	if (wanted(out, sb, NSBOX_A_SANDBOX_NETNS_INODE, text_attrs))
		print_member(out, sep, "netns_inode", "netns", sb->netns_inode);
	if (wanted(out, sb, NSBOX_A_SANDBOX_HOSTNAME, text_attrs)) {
		print_text(out, "%s", sep);
		print_string(out, "hostname", "hostname %s", sb->hostname);
	}
	if (wanted(out, sb, NSBOX_A_SANDBOX_FLAGS, text_attrs))
		print_flags(out, sb->flags, sep);
	if (wanted(out, sb, NSBOX_A_SANDBOX_STATE, text_attrs))
		print_state(out, sb->state, sep);
	if (wanted(out, sb, NSBOX_A_SANDBOX_OWNER_UID, text_attrs))
		print_member(out, sep, "owner_uid", "owner-uid", sb->owner_uid);
	if (wanted(out, sb, NSBOX_A_SANDBOX_OWNER_PORTID, text_attrs))
		print_member(out, sep, "owner_portid", "owner-portid", sb->owner_portid);
	if (wanted(out, sb, NSBOX_A_SANDBOX_CREATED_NS, text_attrs))
		print_created(out, sb->created_ns, sep);
	if (wanted(out, sb, NSBOX_A_SANDBOX_LINKS, text_attrs))
		print_member(out, sep, "links", "links", sb->links);
	if (wanted(out, sb, NSBOX_A_SANDBOX_PROGRAMS, text_attrs))
		print_member(out, sep, "programs", "programs", sb->programs);
}

static int usage_err(struct nsbox_ctx *ctx, const char *cmd, const char *what,
		     const char *arg)
{
	if (arg)
		nsbox_err(ctx, "sandbox %s: %s \"%s\"", cmd, what, arg);
	else
		nsbox_err(ctx, "sandbox %s: %s", cmd, what);
	return NSBOX_EXIT_USAGE;
}

/* The do reply of a request that had to return a sandbox. */
static int sandbox_reply(struct nsbox_ctx *ctx, struct nl_msg *reply,
			 struct sandbox *sb)
{
	int err;

	if (!reply) {
		memset(sb, 0, sizeof(*sb));
		sb->netns_fd = -1;
		sb->uts_fd = -1;
		ctx->nl.err = ENOMSG;
		ctx->nl.why = "no reply from the kernel";
		return -1;
	}
	err = sandbox_parse(reply, sb);
	nlmsg_free(reply);
	if (err) {
		ctx->nl.err = -err;
		ctx->nl.why = "malformed reply from the kernel";
		return -1;
	}
	return 0;
}

/* NSBOX_CMD_SANDBOX_GET of one sandbox by name, without namespace fds. */
static int sandbox_get(struct nsbox_ctx *ctx, const char *name, struct sandbox *sb)
{
	struct nl_msg *msg, *reply;

	msg = genl_msg(ctx, NSBOX_CMD_SANDBOX_GET, 0);
	if (!msg)
		return -1;
	if (nla_put_string(msg, NSBOX_A_SANDBOX_NAME, name) < 0) {
		nlmsg_free(msg);
		ctx->nl.err = EMSGSIZE;
		return -1;
	}
	if (genl_do(ctx, msg, &reply))
		return -1;
	return sandbox_reply(ctx, reply, sb);
}

/* NSBOX_CMD_SANDBOX_DEL by id when known (ids are never reused), else name. */
static int sandbox_del(struct nsbox_ctx *ctx, const char *name, const struct sandbox *sb)
{
	struct nl_msg *msg;
	int err;

	msg = genl_msg(ctx, NSBOX_CMD_SANDBOX_DEL, 0);
	if (!msg)
		return -1;
	if (sb && SANDBOX_HAS(sb, NSBOX_A_SANDBOX_ID))
		err = nla_put_u32(msg, NSBOX_A_SANDBOX_ID, sb->id);
	else
		err = nla_put_string(msg, NSBOX_A_SANDBOX_NAME, name);
	if (err < 0) {
		nlmsg_free(msg);
		ctx->nl.err = EMSGSIZE;
		return -1;
	}
	return genl_do(ctx, msg, NULL);
}

/* Publish the new sandbox's namespace; on failure delete the sandbox again. */
static int sandbox_add_publish(struct nsbox_ctx *ctx, const char *name,
			       const struct sandbox *sb)
{
	const char *step;
	int err;

	if (sb->netns_fd < 0) {
		nsbox_err(ctx, "sandbox add: the kernel returned no namespace to publish");
	} else {
		err = netns_publish(name, sb->netns_fd, &step);
		if (!err)
			return 0;
		nsbox_err(ctx, "sandbox add: publish %s/%s: %s: %s", NETNS_RUN_DIR, name,
			  step, strerror(-err));
	}
	if (sandbox_del(ctx, name, sb))
		genl_perror(ctx, "sandbox add: removing the unpublished sandbox");
	return -1;
}

int cmd_sandbox_add(struct nsbox_ctx *ctx, int argc, char **argv)
{
	const char *name, *hostname = NULL;
	struct nl_msg *msg, *reply;
	struct sandbox sb;
	uint32_t flags = 0;
	int i, ret = NSBOX_EXIT_FAIL;

	if (argc < 1)
		return usage_err(ctx, "add", "NAME is missing", NULL);
	name = argv[0];
	for (i = 1; i < argc; i++) {
		if (matches(argv[i], "hostname")) {
			if (hostname)
				return usage_err(ctx, "add", "duplicate", "hostname");
			if (++i == argc)
				return usage_err(ctx, "add", "hostname needs a value", NULL);
			hostname = argv[i];
		} else if (matches(argv[i], "owned")) {
			flags |= NSBOX_SANDBOX_F_OWNED;
		} else if (matches(argv[i], "publish")) {
			flags |= NSBOX_SANDBOX_F_PUBLISH;
		} else {
			return usage_err(ctx, "add", "unknown argument", argv[i]);
		}
	}
	if ((flags & NSBOX_SANDBOX_F_PUBLISH) && !netns_name_ok(name)) {
		nsbox_err(ctx, "sandbox add: \"%s\" cannot be published in %s", name,
			  NETNS_RUN_DIR);
		return NSBOX_EXIT_FAIL;
	}
	if (genl_open(ctx))
		return NSBOX_EXIT_FAIL;

	msg = genl_msg(ctx, NSBOX_CMD_SANDBOX_NEW, 0);
	if (!msg)
		return genl_perror(ctx, "sandbox add");
	if (nla_put_string(msg, NSBOX_A_SANDBOX_NAME, name) < 0 ||
	    (hostname && nla_put_string(msg, NSBOX_A_SANDBOX_HOSTNAME, hostname) < 0) ||
	    nla_put_u32(msg, NSBOX_A_SANDBOX_FLAGS, flags) < 0)
		return genl_msg_too_big(ctx, msg, "sandbox add");
	if (genl_do(ctx, msg, &reply))
		return genl_perror(ctx, "sandbox add");

	if (sandbox_reply(ctx, reply, &sb)) {
		/* it was created all the same: take it away again */
		genl_perror(ctx, "sandbox add");
		if (sandbox_del(ctx, name, NULL))
			genl_perror(ctx, "sandbox add: removing the new sandbox");
		goto out;
	}
	if ((flags & NSBOX_SANDBOX_F_PUBLISH) && sandbox_add_publish(ctx, name, &sb))
		goto out;

	ret = 0;
	if (ctx->out.json) {
		open_json_object(&ctx->out, NULL);
		sandbox_print(&ctx->out, &sb, 0, "");
		close_json_object(&ctx->out);
	}
out:
	/* the kernel installed these in this process; the mount holds the netns */
	sandbox_close_fds(&sb);
	return ret;
}

int cmd_sandbox_del(struct nsbox_ctx *ctx, int argc, char **argv)
{
	struct sandbox sb;
	const char *step;
	int err;

	if (argc < 1)
		return usage_err(ctx, "del", "NAME is missing", NULL);
	if (argc > 1)
		return usage_err(ctx, "del", "unexpected argument", argv[1]);
	if (genl_open(ctx))
		return NSBOX_EXIT_FAIL;

	if (sandbox_get(ctx, argv[0], &sb))
		return genl_perror(ctx, "sandbox del");
	if ((sb.flags & NSBOX_SANDBOX_F_PUBLISH) && netns_name_ok(argv[0])) {
		err = netns_unpublish(argv[0], &step);
		if (err) {
			nsbox_err(ctx, "sandbox del: unpublish %s/%s: %s: %s", NETNS_RUN_DIR,
				  argv[0], step, strerror(-err));
			return NSBOX_EXIT_FAIL;
		}
	}
	if (sandbox_del(ctx, argv[0], NULL))
		return genl_perror(ctx, "sandbox del");
	return 0;
}

struct sandbox_list {
	struct sandbox *v;
	size_t n, alloc;
};

static int sandbox_list_add(struct nl_msg *msg, void *arg)
{
	struct sandbox_list *list = arg;
	struct sandbox *v;
	size_t alloc;
	int err;

	if (list->n == list->alloc) {
		alloc = list->alloc ? 2 * list->alloc : 64;
		v = reallocarray(list->v, alloc, sizeof(*v));
		if (!v)
			return -ENOMEM;
		list->v = v;
		list->alloc = alloc;
	}
	err = sandbox_parse(msg, &list->v[list->n]);
	if (err)
		return err;
	list->n++;
	return 0;
}

static int sandbox_cmp_id(const void *a, const void *b)
{
	const struct sandbox *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * The whole dump, consistent: a dump that raced with a change is marked
 * NLM_F_DUMP_INTR by the kernel, and then we start over.
 */
static int sandbox_dump(struct nsbox_ctx *ctx, struct sandbox_list *list)
{
	struct nl_msg *msg;
	unsigned int tries;
	bool intr;

	for (tries = 0; tries < DUMP_RETRIES; tries++) {
		list->n = 0;
		msg = genl_msg(ctx, NSBOX_CMD_SANDBOX_GET, NLM_F_DUMP);
		if (!msg)
			return genl_perror(ctx, "sandbox list");
		if (genl_dump(ctx, msg, sandbox_list_add, list, &intr))
			return genl_perror(ctx, "sandbox list");
		if (!intr)
			return 0;
	}
	nsbox_err(ctx, "sandbox list: interrupted by concurrent changes %u times, giving up",
		  DUMP_RETRIES);
	return NSBOX_EXIT_FAIL;
}

int cmd_sandbox_list(struct nsbox_ctx *ctx, int argc, char **argv)
{
	struct sandbox_list list = { 0 };
	size_t i;
	int ret;

	if (argc)
		return usage_err(ctx, "list", "unexpected argument", argv[0]);
	if (genl_open(ctx))
		return NSBOX_EXIT_FAIL;

	ret = sandbox_dump(ctx, &list);
	if (!ret) {
		qsort(list.v, list.n, sizeof(*list.v), sandbox_cmp_id);
		open_json_array(&ctx->out, NULL);
		for (i = 0; i < list.n; i++) {
			open_json_object(&ctx->out, NULL);
			sandbox_print(&ctx->out, &list.v[i], LIST_TEXT_ATTRS, " ");
			close_json_object(&ctx->out);
			print_text(&ctx->out, "\n");
		}
		close_json_array(&ctx->out);
	}
	free(list.v);
	return ret;
}

int cmd_sandbox_show(struct nsbox_ctx *ctx, int argc, char **argv)
{
	struct sandbox sb;

	if (!argc)
		return cmd_sandbox_list(ctx, argc, argv);
	if (argc > 1)
		return usage_err(ctx, "show", "unexpected argument", argv[1]);
	if (genl_open(ctx))
		return NSBOX_EXIT_FAIL;

	if (sandbox_get(ctx, argv[0], &sb))
		return genl_perror(ctx, "sandbox show");
	open_json_object(&ctx->out, NULL);
	print_text(&ctx->out, "sandbox ");
	sandbox_print(&ctx->out, &sb, SHOW_TEXT_ATTRS, "\n\t");
	print_text(&ctx->out, "\n");
	close_json_object(&ctx->out);
	return 0;
}
