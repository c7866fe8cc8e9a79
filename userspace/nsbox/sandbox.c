// SPDX-License-Identifier: GPL-2.0
/*
 * nsbox sandbox { add | del | list | show }
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
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
#define SHOW_TEXT_ATTRS	(~0ull)

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
	[NSBOX_A_SANDBOX_LINK]		= { .type = NLA_NESTED },
	[NSBOX_A_SANDBOX_ADDR]		= { .type = NLA_NESTED },
	[NSBOX_A_SANDBOX_ROUTE]		= { .type = NLA_NESTED },
	[NSBOX_A_SANDBOX_PROG]		= { .type = NLA_NESTED },
	[NSBOX_A_SANDBOX_PARTIAL]	= { .type = NLA_FLAG },
	[NSBOX_A_SANDBOX_SYSCTL]	= { .type = NLA_NESTED },
	[NSBOX_A_SANDBOX_NEIGH]		= { .type = NLA_NESTED },
};

static const char *const flag_names[] = {
	"owned", "publish", "uts", "noipv6", "adopted", "destroy"
};

static const char *const state_names[] = {
	[NSBOX_SANDBOX_STATE_CREATING]	= "creating",
	[NSBOX_SANDBOX_STATE_READY]	= "ready",
};

static uint32_t get_u32(struct nlattr *tb[], int attr)
{
	return tb[attr] ? nla_get_u32(tb[attr]) : 0;
}

void sandbox_free(struct sandbox *sb)
{
	free(sb->linkv);
	free(sb->addrv);
	free(sb->routev);
	free(sb->progv);
	free(sb->sysctlv);
	free(sb->neighv);
	sb->sysctlv = NULL;
	sb->neighv = NULL;
	sb->nsysctlv = sb->nneighv = 0;
	sb->linkv = NULL;
	sb->addrv = NULL;
	sb->routev = NULL;
	sb->progv = NULL;
	sb->nlinkv = sb->naddrv = sb->nroutev = sb->nprogv = 0;
}

/* The repeated nests, which tb[] keeps only the last of. */
static int sandbox_parse_net(struct nl_msg *msg, struct sandbox *sb)
{
	struct genlmsghdr *gnlh = nlmsg_data(nlmsg_hdr(msg));
	size_t links = 0, addrs = 0, routes = 0, progs = 0, sysctls = 0, neighs = 0;
	struct nlattr *nla;
	int rem, err = 0;

	nla_for_each_attr(nla, genlmsg_attrdata(gnlh, 0), genlmsg_attrlen(gnlh, 0), rem) {
		links += nla_type(nla) == NSBOX_A_SANDBOX_LINK;
		addrs += nla_type(nla) == NSBOX_A_SANDBOX_ADDR;
		routes += nla_type(nla) == NSBOX_A_SANDBOX_ROUTE;
		progs += nla_type(nla) == NSBOX_A_SANDBOX_PROG;
		sysctls += nla_type(nla) == NSBOX_A_SANDBOX_SYSCTL;
		neighs += nla_type(nla) == NSBOX_A_SANDBOX_NEIGH;
	}
	/* calloc(0) may return NULL: only a failed non-empty one is an error */
	sb->linkv = calloc(links, sizeof(*sb->linkv));
	sb->addrv = calloc(addrs, sizeof(*sb->addrv));
	sb->routev = calloc(routes, sizeof(*sb->routev));
	sb->progv = calloc(progs, sizeof(*sb->progv));
	sb->sysctlv = calloc(sysctls, sizeof(*sb->sysctlv));
	sb->neighv = calloc(neighs, sizeof(*sb->neighv));
	if ((links && !sb->linkv) || (addrs && !sb->addrv) ||
	    (routes && !sb->routev) || (progs && !sb->progv) ||
	    (sysctls && !sb->sysctlv) || (neighs && !sb->neighv))
		return -ENOMEM;
	nla_for_each_attr(nla, genlmsg_attrdata(gnlh, 0), genlmsg_attrlen(gnlh, 0), rem) {
		switch (nla_type(nla)) {
		case NSBOX_A_SANDBOX_LINK:
			err = link_parse_nest(nla, &sb->linkv[sb->nlinkv++]);
			break;
		case NSBOX_A_SANDBOX_ADDR:
			err = addr_parse_nest(nla, &sb->addrv[sb->naddrv++]);
			break;
		case NSBOX_A_SANDBOX_ROUTE:
			err = route_parse_nest(nla, &sb->routev[sb->nroutev++]);
			break;
		case NSBOX_A_SANDBOX_PROG:
			err = prog_parse_nest(nla, &sb->progv[sb->nprogv++]);
			break;
		case NSBOX_A_SANDBOX_SYSCTL:
			err = sysctl_parse_nest(nla, &sb->sysctlv[sb->nsysctlv++]);
			break;
		case NSBOX_A_SANDBOX_NEIGH:
			err = neigh_parse_nest(nla, &sb->neighv[sb->nneighv++]);
			break;
		}
		if (err)
			return err;
	}
	return 0;
}

int sandbox_parse(struct nl_msg *msg, struct sandbox *sb)
{
	struct nlattr *tb[NSBOX_A_SANDBOX_MAX + 1];
	int i, err;

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
	err = sandbox_parse_net(msg, sb);
	if (err)
		sandbox_free(sb);
	return err;
}

void sandbox_close_fds(struct sandbox *sb)
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
		   uint64_t text_attrs)
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

static bool is_link(const struct sandbox *sb, const char *ifname)
{
	size_t i;

	for (i = 0; i < sb->nlinkv; i++)
		if (!strcmp(sb->linkv[i].ifname, ifname))
			return true;
	return false;
}

/*
 * links: [...] and routes: [...], always, in JSON; addresses: [...] only
 * when some are on devices nsbox did not make (such as lo). In text, one
 * line each, the addresses of a link on its line.
 */
static void sandbox_print_net(struct output *out, const struct sandbox *sb, const char *sep)
{
	bool others = false;
	size_t i;

	open_json_array(out, "links");
	for (i = 0; i < sb->nlinkv; i++)
		link_print(out, &sb->linkv[i], sb->addrv, sb->naddrv, sep);
	close_json_array(out);
	open_json_array(out, "routes");
	for (i = 0; i < sb->nroutev; i++)
		route_print(out, &sb->routev[i], sep);
	close_json_array(out);
	for (i = 0; i < sb->naddrv; i++)
		others |= !is_link(sb, sb->addrv[i].ifname);
	if (!others)
		return;
	open_json_array(out, "addresses");
	for (i = 0; i < sb->naddrv; i++)
		if (!is_link(sb, sb->addrv[i].ifname))
			addr_print(out, &sb->addrv[i], sep);
	close_json_array(out);
}

/* sysctls: [...] and neighbours: [...], always, in JSON; a line each in text. */
static void sandbox_print_tweaks(struct output *out, const struct sandbox *sb, const char *sep)
{
	size_t i;

	open_json_array(out, "sysctls");
	for (i = 0; i < sb->nsysctlv; i++)
		sysctl_print(out, &sb->sysctlv[i], sep);
	close_json_array(out);
	open_json_array(out, "neighbours");
	for (i = 0; i < sb->nneighv; i++)
		neigh_print(out, &sb->neighv[i], sep);
	close_json_array(out);
}

void sandbox_print(struct output *out, const struct sandbox *sb,
		   uint64_t text_attrs, const char *sep)
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
		print_member(out, sep, "link_count", "links", sb->links);
	if (wanted(out, sb, NSBOX_A_SANDBOX_PROGRAMS, text_attrs))
		print_member(out, sep, "program_count", "programs", sb->programs);
	if (out->json || text_attrs & SANDBOX_BIT(NSBOX_A_SANDBOX_LINK)) {
		sandbox_print_net(out, sb, sep);
		sandbox_print_tweaks(out, sb, sep);
	}
	if (out->json || text_attrs & SANDBOX_BIT(NSBOX_A_SANDBOX_LINK)) {
		size_t i;

		open_json_array(out, "programs");
		for (i = 0; i < sb->nprogv; i++)
			prog_print(out, &sb->progv[i], sep);
		close_json_array(out);
	}
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
int sandbox_get(struct nsbox_ctx *ctx, const char *name, struct sandbox *sb)
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
int sandbox_del(struct nsbox_ctx *ctx, const char *name, const struct sandbox *sb)
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

static void clauses_free(struct sandbox_clauses *c)
{
	free(c->links);
	free(c->addrs);
	free(c->routes);
	free(c->sysctls);
	free(c->neighs);
}

/* Links, sysctls, addresses, neighbours, routes: the order the kernel applies them in. */
static int clauses_put(struct nl_msg *msg, const struct sandbox_clauses *c)
{
	size_t i;

	for (i = 0; i < c->nlinks; i++)
		if (link_put_nest(msg, NSBOX_A_SANDBOX_LINK, &c->links[i]))
			return -1;
	for (i = 0; i < c->nsysctls; i++)
		if (sysctl_put_nest(msg, NSBOX_A_SANDBOX_SYSCTL, &c->sysctls[i]))
			return -1;
	for (i = 0; i < c->naddrs; i++)
		if (addr_put_nest(msg, NSBOX_A_SANDBOX_ADDR, &c->addrs[i]))
			return -1;
	for (i = 0; i < c->nneighs; i++)
		if (neigh_put_nest(msg, NSBOX_A_SANDBOX_NEIGH, &c->neighs[i]))
			return -1;
	for (i = 0; i < c->nroutes; i++)
		if (route_put_nest(msg, NSBOX_A_SANDBOX_ROUTE, &c->routes[i]))
			return -1;
	return 0;
}

/*
 * NSBOX_CMD_SANDBOX_NEW of req, and the new sandbox in sb (with the
 * namespace fds the kernel installed, for the caller to close).
 */
int sandbox_new(struct nsbox_ctx *ctx, const struct sandbox_req *req, struct sandbox *sb)
{
	struct nl_msg *msg, *reply;

	msg = genl_msg(ctx, NSBOX_CMD_SANDBOX_NEW, 0);
	if (!msg)
		return -1;
	if (nla_put_string(msg, NSBOX_A_SANDBOX_NAME, req->name) < 0 ||
	    (req->hostname && nla_put_string(msg, NSBOX_A_SANDBOX_HOSTNAME, req->hostname) < 0) ||
	    nla_put_u32(msg, NSBOX_A_SANDBOX_FLAGS, req->flags) < 0 ||
	    (req->adopt_fd >= 0 && nla_put_u32(msg, NSBOX_A_SANDBOX_ADOPT_FD, req->adopt_fd) < 0) ||
	    (req->adopt_pid && nla_put_u32(msg, NSBOX_A_SANDBOX_ADOPT_PID, req->adopt_pid) < 0) ||
	    clauses_put(msg, req->clauses)) {
		nlmsg_free(msg);
		ctx->nl.err = EMSGSIZE;
		ctx->nl.why = "arguments too long for one request";
		return -1;
	}
	if (genl_do(ctx, msg, &reply))
		return -1;
	if (sandbox_reply(ctx, reply, sb)) {
		/* it was created all the same: take it away again */
		struct nl_status st = ctx->nl;

		sandbox_del(ctx, req->name, NULL);
		ctx->nl = st;
		return -1;
	}
	return 0;
}

/* The namespace sandbox add adopts: netns PATH or pid PID. */
struct sandbox_adopt {
	const char *netns;	/* a file, or a name in NETNS_RUN_DIR */
	uint32_t pid;		/* 0: none */
};

static int adopt_pid_arg(struct nsbox_ctx *ctx, const char *val, uint32_t *pid)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(val, &end, 10);
	if (*val < '1' || *val > '9' || *end || errno || v > INT32_MAX) {
		ctx->bad_value = true;
		return usage_err(ctx, "add", "pid needs a process id", val);
	}
	*pid = v;
	return 0;
}

/*
 * Open the namespace to adopt, as ip netns does: a bare name is one of
 * NETNS_RUN_DIR, anything with a '/' a path (/proc/PID/ns/net, a bind
 * mount anywhere). The kernel tells whether it is a network namespace.
 */
static int adopt_open(struct nsbox_ctx *ctx, const char *netns)
{
	char path[PATH_MAX];
	int fd;

	if (strchr(netns, '/'))
		snprintf(path, sizeof(path), "%s", netns);
	else if (netns_name_ok(netns))
		snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, netns);
	else
		path[0] = '\0';
	fd = path[0] ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	if (fd < 0)
		nsbox_err(ctx, "sandbox add: netns %s: %s", netns,
			  path[0] ? strerror(errno) : "not a name in " NETNS_RUN_DIR);
	return fd;
}

/*
 * NAME [ hostname HOST ] [ owned ] [ publish ] [ noipv6 ]
 * [ netns PATH | pid PID ] [ destroy ] and clauses, each from link, addr,
 * route, sysctl or neigh up to the first word that is not its own.
 */
static int sandbox_add_args(struct nsbox_ctx *ctx, int argc, char **argv,
			    const char **hostname, uint32_t *flags,
			    struct sandbox_adopt *adopt, struct sandbox_clauses *c)
{
	const char *w;
	int i, n;

	/* a clause takes two words at least */
	c->links = calloc(argc, sizeof(*c->links));
	c->addrs = calloc(argc, sizeof(*c->addrs));
	c->routes = calloc(argc, sizeof(*c->routes));
	c->sysctls = calloc(argc, sizeof(*c->sysctls));
	c->neighs = calloc(argc, sizeof(*c->neighs));
	if (!c->links || !c->addrs || !c->routes || !c->sysctls || !c->neighs) {
		nsbox_err(ctx, "sandbox add: %s", strerror(ENOMEM));
		return NSBOX_EXIT_FAIL;
	}
	for (i = 1; i < argc; i += n) {
		w = argv[i++];
		n = 0;
		if (matches(w, "hostname")) {
			if (*hostname)
				return usage_err(ctx, "add", "duplicate", "hostname");
			if (i == argc)
				return usage_err(ctx, "add", "hostname needs a value", NULL);
			*hostname = argv[i];
			n = 1;
		} else if (matches(w, "owned")) {
			*flags |= NSBOX_SANDBOX_F_OWNED;
		} else if (matches(w, "publish")) {
			*flags |= NSBOX_SANDBOX_F_PUBLISH;
		} else if (matches(w, "noipv6")) {
			*flags |= NSBOX_SANDBOX_F_NOIPV6;
		} else if (!strcmp(w, "netns") || !strcmp(w, "pid")) {
			if (adopt->netns || adopt->pid)
				return usage_err(ctx, "add", "one namespace to adopt, by netns or pid",
						 w);
			if (i == argc)
				return usage_err(ctx, "add", *w == 'n' ? "netns needs a path" :
						 "pid needs a process id", NULL);
			if (*w == 'n')
				adopt->netns = argv[i];
			else if (adopt_pid_arg(ctx, argv[i], &adopt->pid))
				return NSBOX_EXIT_USAGE;
			n = 1;
		} else if (!strcmp(w, "destroy")) {
			*flags |= NSBOX_SANDBOX_F_DESTROY;
		} else if (matches(w, "link")) {
			n = link_parse_args(ctx, "sandbox add: link", argc - i, argv + i, false,
					    &c->links[c->nlinks++]);
		} else if (matches(w, "addr") || matches(w, "address")) {
			n = addr_parse_args(ctx, "sandbox add: addr", argc - i, argv + i, false,
					    &c->addrs[c->naddrs++]);
		} else if (matches(w, "route")) {
			n = route_parse_args(ctx, "sandbox add: route", argc - i, argv + i, false,
					     &c->routes[c->nroutes++]);
		} else if (matches(w, "sysctl")) {
			if (i == argc)
				return usage_err(ctx, "add", "sysctl needs KEY=VALUE", NULL);
			n = sysctl_parse(ctx, "sandbox add: sysctl", argv[i], NULL,
					 &c->sysctls[c->nsysctls++]) ? -1 : 1;
		} else if (matches(w, "neighbour") || !strcmp(w, "neighbor")) {
			n = neigh_parse_args(ctx, "sandbox add: neigh", argc - i, argv + i, false,
					     true, &c->neighs[c->nneighs++]);
		} else {
			return usage_err(ctx, "add", "unknown argument", w);
		}
		if (n < 0)
			return NSBOX_EXIT_USAGE;
	}
	return 0;
}

int cmd_sandbox_add(struct nsbox_ctx *ctx, int argc, char **argv)
{
	struct sandbox_clauses clauses = { 0 };
	const char *name, *hostname = NULL;
	struct sandbox sb = { .netns_fd = -1, .uts_fd = -1 };
	struct sandbox_adopt adopt = { 0 };
	struct sandbox_req req;
	uint32_t flags = 0;
	int ret, nsfd = -1;

	if (argc < 1)
		return usage_err(ctx, "add", "NAME is missing", NULL);
	name = argv[0];
	ret = sandbox_add_args(ctx, argc, argv, &hostname, &flags, &adopt, &clauses);
	if (ret)
		goto out;
	ret = NSBOX_EXIT_FAIL;
	if ((flags & NSBOX_SANDBOX_F_PUBLISH) && !netns_name_ok(name)) {
		nsbox_err(ctx, "sandbox add: \"%s\" cannot be published in %s", name,
			  NETNS_RUN_DIR);
		goto out;
	}
	if (adopt.netns) {
		nsfd = adopt_open(ctx, adopt.netns);
		if (nsfd < 0)
			goto out;
	}
	if (genl_open(ctx))
		goto out;
	req.name = name;
	req.hostname = hostname;
	req.flags = flags;
	req.adopt_fd = nsfd;
	req.adopt_pid = adopt.pid;
	req.clauses = &clauses;
	if (sandbox_new(ctx, &req, &sb)) {
		ret = genl_perror(ctx, "sandbox add");
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
	sandbox_free(&sb);
	clauses_free(&clauses);
	if (nsfd >= 0)
		close(nsfd);
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
	sandbox_free(&sb);
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

static void sandbox_list_clear(struct sandbox_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		sandbox_free(&list->v[i]);
	list->n = 0;
}

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
		sandbox_list_clear(list);
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

/*
 * A sandbox too large for one dump message comes without its links,
 * addresses, routes and programs: get each such one on its own. One that
 * went away meanwhile is left out, as a later dump would not have it.
 */
static int sandbox_list_complete(struct nsbox_ctx *ctx, struct sandbox_list *list)
{
	struct sandbox full;
	size_t i = 0;

	while (i < list->n) {
		struct sandbox *sb = &list->v[i];

		if (!SANDBOX_HAS(sb, NSBOX_A_SANDBOX_PARTIAL)) {
			i++;
			continue;
		}
		if (sandbox_get(ctx, sb->name, &full)) {
			if (ctx->nl.err != ENOENT)
				return genl_perror(ctx, "sandbox list");
			full.id = 0;
		}
		sandbox_free(sb);
		if (full.id == sb->id) {
			*sb = full;
			i++;
			continue;
		}
		if (full.id)
			sandbox_free(&full);
		*sb = list->v[--list->n];
	}
	return 0;
}

/* Every sandbox, whole, in id order. */
static int sandbox_list_all(struct nsbox_ctx *ctx, struct sandbox_list *list)
{
	int ret;

	ret = sandbox_dump(ctx, list);
	if (!ret)
		ret = sandbox_list_complete(ctx, list);
	if (!ret)
		qsort(list->v, list->n, sizeof(*list->v), sandbox_cmp_id);
	return ret;
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

	ret = sandbox_list_all(ctx, &list);
	if (!ret) {
		open_json_array(&ctx->out, NULL);
		for (i = 0; i < list.n; i++) {
			open_json_object(&ctx->out, NULL);
			sandbox_print(&ctx->out, &list.v[i], LIST_TEXT_ATTRS, " ");
			close_json_object(&ctx->out);
			print_text(&ctx->out, "\n");
		}
		close_json_array(&ctx->out);
	}
	sandbox_list_clear(&list);
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
	sandbox_free(&sb);
	return 0;
}

/*
 * nsbox { link | addr | route | sysctl | neigh } [ list [ SANDBOX ] ]: what
 * nsbox installed in one sandbox or in every one, as `ip link` lists links. In text, a line
 * per link, address or route, each after its sandbox's name; in JSON, an
 * object per sandbox with its name and the array ("links", "addresses" or
 * "routes"), as sandbox show has it.
 */
static void members_print(struct output *out, const struct sandbox *sb, const char *what)
{
	size_t i, n;

	n = !strcmp(what, "links") ? sb->nlinkv :
	    !strcmp(what, "addresses") ? sb->naddrv :
	    !strcmp(what, "sysctls") ? sb->nsysctlv :
	    !strcmp(what, "neighbours") ? sb->nneighv : sb->nroutev;
	open_json_object(out, NULL);
	if (out->json)
		print_string(out, "sandbox", "%s", sb->name);
	open_json_array(out, what);
	for (i = 0; i < n; i++) {
		if (!out->json)
			print_text(out, "%s", sb->name);
		if (!strcmp(what, "links"))
			link_print(out, &sb->linkv[i], sb->addrv, sb->naddrv, " ");
		else if (!strcmp(what, "addresses"))
			addr_print(out, &sb->addrv[i], " ");
		else if (!strcmp(what, "sysctls"))
			sysctl_print(out, &sb->sysctlv[i], " ");
		else if (!strcmp(what, "neighbours"))
			neigh_print(out, &sb->neighv[i], " ");
		else
			route_print(out, &sb->routev[i], " ");
		print_text(out, "\n");
	}
	close_json_array(out);
	close_json_object(out);
}

static int members_list(struct nsbox_ctx *ctx, int argc, char **argv,
			const char *object, const char *what)
{
	struct sandbox_list list = { 0 };
	struct sandbox one;
	size_t i;
	int ret = 0;

	if (argc > 1) {
		nsbox_err(ctx, "%s list: unexpected argument \"%s\"", object, argv[1]);
		return NSBOX_EXIT_USAGE;
	}
	if (genl_open(ctx))
		return NSBOX_EXIT_FAIL;

	if (argc) {
		if (sandbox_get(ctx, argv[0], &one))
			return genl_perror(ctx, object);
		open_json_array(&ctx->out, NULL);
		members_print(&ctx->out, &one, what);
		close_json_array(&ctx->out);
		sandbox_free(&one);
		return 0;
	}
	ret = sandbox_list_all(ctx, &list);
	if (!ret) {
		open_json_array(&ctx->out, NULL);
		for (i = 0; i < list.n; i++)
			members_print(&ctx->out, &list.v[i], what);
		close_json_array(&ctx->out);
	}
	sandbox_list_clear(&list);
	free(list.v);
	return ret;
}

int cmd_link_list(struct nsbox_ctx *ctx, int argc, char **argv)
{
	return members_list(ctx, argc, argv, "link", "links");
}

int cmd_addr_list(struct nsbox_ctx *ctx, int argc, char **argv)
{
	return members_list(ctx, argc, argv, "addr", "addresses");
}

int cmd_route_list(struct nsbox_ctx *ctx, int argc, char **argv)
{
	return members_list(ctx, argc, argv, "route", "routes");
}

int cmd_sysctl_list(struct nsbox_ctx *ctx, int argc, char **argv)
{
	return members_list(ctx, argc, argv, "sysctl", "sysctls");
}

int cmd_neigh_list(struct nsbox_ctx *ctx, int argc, char **argv)
{
	return members_list(ctx, argc, argv, "neigh", "neighbours");
}
