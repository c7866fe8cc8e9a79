// SPDX-License-Identifier: GPL-2.0
/*
 * nsbox link { add | del | set | move | release }, nsbox addr { add | replace | del },
 * nsbox route { add | del }, nsbox sysctl set, nsbox neigh { add | del }:
 * one request each, against a sandbox named by its first argument. The
 * kernel answers with an ACK only; what a sandbox holds is shown by
 * nsbox sandbox show.
 */
#include <string.h>

#include <netlink/genl/genl.h>

#include <linux/nsbox.h>

#include "genl.h"
#include "netcfg.h"
#include "util.h"

typedef int (*put_fn)(struct nl_msg *msg, const void *obj);

static int put_link(struct nl_msg *msg, const void *obj)
{
	return link_put(msg, obj);
}

static int put_addr(struct nl_msg *msg, const void *obj)
{
	return addr_put(msg, obj);
}

static int put_route(struct nl_msg *msg, const void *obj)
{
	return route_put(msg, obj);
}

static int put_sysctl(struct nl_msg *msg, const void *obj)
{
	return sysctl_put(msg, obj);
}

static int put_neigh(struct nl_msg *msg, const void *obj)
{
	return neigh_put(msg, obj);
}

static int usage_err(struct nsbox_ctx *ctx, const char *what, const char *msg,
		     const char *arg)
{
	if (arg)
		nsbox_err(ctx, "%s: %s \"%s\"", what, msg, arg);
	else
		nsbox_err(ctx, "%s: %s", what, msg);
	return NSBOX_EXIT_USAGE;
}

/* cmd with the sandbox as sandbox_attr and obj's attributes; prints nothing */
static int request(struct nsbox_ctx *ctx, const char *what, uint8_t cmd, int sandbox_attr,
		   const char *sandbox, put_fn put, const void *obj)
{
	struct nl_msg *msg;

	if (genl_open(ctx))
		return NSBOX_EXIT_FAIL;
	msg = genl_msg(ctx, cmd, 0);
	if (!msg)
		return genl_perror(ctx, what);
	if (nla_put_string(msg, sandbox_attr, sandbox) < 0 || put(msg, obj) < 0)
		return genl_msg_too_big(ctx, msg, what);
	if (genl_do(ctx, msg, NULL))
		return genl_perror(ctx, what);
	return 0;
}

int cmd_link_add(struct nsbox_ctx *ctx, int argc, char **argv)
{
	struct nsbox_link l;

	if (argc < 1)
		return usage_err(ctx, "link add", "SANDBOX is missing", NULL);
	if (link_parse_args(ctx, "link add", argc - 1, argv + 1, true, &l) < 0)
		return NSBOX_EXIT_USAGE;
	return request(ctx, "link add", NSBOX_CMD_LINK_NEW, NSBOX_A_LINK_SANDBOX, argv[0],
		       put_link, &l);
}

int cmd_link_del(struct nsbox_ctx *ctx, int argc, char **argv)
{
	struct nsbox_link l = { .have = NET_BIT(NSBOX_A_LINK_IFNAME) };
	const char *why;

	if (argc < 1)
		return usage_err(ctx, "link del", "SANDBOX is missing", NULL);
	if (argc < 2)
		return usage_err(ctx, "link del", "DEV is missing", NULL);
	if (argc > 2)
		return usage_err(ctx, "link del", "unexpected argument", argv[2]);
	why = ifname_invalid(argv[1]);
	if (why) {
		ctx->bad_value = true;
		nsbox_err(ctx, "link del: invalid interface name \"%s\" (%s)", argv[1], why);
		return NSBOX_EXIT_USAGE;
	}
	strcpy(l.ifname, argv[1]);
	return request(ctx, "link del", NSBOX_CMD_LINK_DEL, NSBOX_A_LINK_SANDBOX, argv[0],
		       put_link, &l);
}

/* an interface name of the command line, or a usage error naming it */
static int ifname_arg(struct nsbox_ctx *ctx, const char *what, const char *arg, char *ifname)
{
	const char *why = ifname_invalid(arg);

	if (why) {
		ctx->bad_value = true;
		nsbox_err(ctx, "%s: invalid interface name \"%s\" (%s)", what, arg, why);
		return -1;
	}
	strcpy(ifname, arg);
	return 0;
}

/* link move SANDBOX HOSTDEV [ name DEV ] */
int cmd_link_move(struct nsbox_ctx *ctx, int argc, char **argv)
{
	struct nsbox_link l = { .have = NET_BIT(NSBOX_A_LINK_HOST_IFNAME) };

	if (argc < 1)
		return usage_err(ctx, "link move", "SANDBOX is missing", NULL);
	if (argc < 2)
		return usage_err(ctx, "link move", "HOSTDEV is missing", NULL);
	if (ifname_arg(ctx, "link move", argv[1], l.host_ifname))
		return NSBOX_EXIT_USAGE;
	if (argc > 2) {
		if (!matches(argv[2], "name"))
			return usage_err(ctx, "link move", "unexpected argument", argv[2]);
		if (argc < 4)
			return usage_err(ctx, "link move", "name needs a value", NULL);
		if (argc > 4)
			return usage_err(ctx, "link move", "unexpected argument", argv[4]);
		if (ifname_arg(ctx, "link move", argv[3], l.ifname))
			return NSBOX_EXIT_USAGE;
		l.have |= NET_BIT(NSBOX_A_LINK_IFNAME);
	}
	return request(ctx, "link move", NSBOX_CMD_LINK_MOVE, NSBOX_A_LINK_SANDBOX, argv[0],
		       put_link, &l);
}

/* link release SANDBOX DEV */
int cmd_link_release(struct nsbox_ctx *ctx, int argc, char **argv)
{
	struct nsbox_link l = { .have = NET_BIT(NSBOX_A_LINK_IFNAME) };

	if (argc < 1)
		return usage_err(ctx, "link release", "SANDBOX is missing", NULL);
	if (argc < 2)
		return usage_err(ctx, "link release", "DEV is missing", NULL);
	if (argc > 2)
		return usage_err(ctx, "link release", "unexpected argument", argv[2]);
	if (ifname_arg(ctx, "link release", argv[1], l.ifname))
		return NSBOX_EXIT_USAGE;
	return request(ctx, "link release", NSBOX_CMD_LINK_RELEASE, NSBOX_A_LINK_SANDBOX,
		       argv[0], put_link, &l);
}

int cmd_link_set(struct nsbox_ctx *ctx, int argc, char **argv)
{
	struct nsbox_link l;

	if (argc < 1)
		return usage_err(ctx, "link set", "SANDBOX is missing", NULL);
	if (link_set_parse_args(ctx, "link set", argc - 1, argv + 1, &l) < 0)
		return NSBOX_EXIT_USAGE;
	return request(ctx, "link set", NSBOX_CMD_LINK_SET, NSBOX_A_LINK_SANDBOX, argv[0],
		       put_link, &l);
}

static int addr_cmd(struct nsbox_ctx *ctx, int argc, char **argv, const char *what,
		    uint8_t cmd)
{
	struct nsbox_addr a;

	if (argc < 1)
		return usage_err(ctx, what, "SANDBOX is missing", NULL);
	if (addr_parse_args(ctx, what, argc - 1, argv + 1, true, &a) < 0)
		return NSBOX_EXIT_USAGE;
	if (cmd == NSBOX_CMD_ADDR_DEL && NET_HAS(&a, NSBOX_A_ADDR_REPLACE)) {
		nsbox_err(ctx, "%s: replace is for addr add only", what);
		return NSBOX_EXIT_USAGE;
	}
	if (!strcmp(what, "addr replace"))
		a.have |= NET_BIT(NSBOX_A_ADDR_REPLACE);
	return request(ctx, what, cmd, NSBOX_A_ADDR_SANDBOX, argv[0], put_addr, &a);
}

int cmd_addr_add(struct nsbox_ctx *ctx, int argc, char **argv)
{
	return addr_cmd(ctx, argc, argv, "addr add", NSBOX_CMD_ADDR_NEW);
}

int cmd_addr_replace(struct nsbox_ctx *ctx, int argc, char **argv)
{
	return addr_cmd(ctx, argc, argv, "addr replace", NSBOX_CMD_ADDR_NEW);
}

int cmd_addr_del(struct nsbox_ctx *ctx, int argc, char **argv)
{
	return addr_cmd(ctx, argc, argv, "addr del", NSBOX_CMD_ADDR_DEL);
}

int cmd_route_add(struct nsbox_ctx *ctx, int argc, char **argv)
{
	struct nsbox_route r;

	if (argc < 1)
		return usage_err(ctx, "route add", "SANDBOX is missing", NULL);
	if (route_parse_args(ctx, "route add", argc - 1, argv + 1, true, &r) < 0)
		return NSBOX_EXIT_USAGE;
	return request(ctx, "route add", NSBOX_CMD_ROUTE_NEW, NSBOX_A_ROUTE_SANDBOX, argv[0],
		       put_route, &r);
}

int cmd_route_del(struct nsbox_ctx *ctx, int argc, char **argv)
{
	static const struct {
		int attr;
		const char *word;
	} add_only[] = {
		{ NSBOX_A_ROUTE_MTU, "mtu" },
		{ NSBOX_A_ROUTE_ADVMSS, "advmss" },
		{ NSBOX_A_ROUTE_REPLACE, "replace" },
		{ NSBOX_A_ROUTE_SRC, "src" },
		{ NSBOX_A_ROUTE_ONLINK, "onlink" },
		{ NSBOX_A_ROUTE_SCOPE, "scope" },
		{ NSBOX_A_ROUTE_TYPE, "type" },
		{ NSBOX_A_ROUTE_NEXTHOP, "nexthop" },
	};
	struct nsbox_route r;
	size_t i;

	if (argc < 1)
		return usage_err(ctx, "route del", "SANDBOX is missing", NULL);
	if (route_parse_args(ctx, "route del", argc - 1, argv + 1, true, &r) < 0)
		return NSBOX_EXIT_USAGE;
	for (i = 0; i < ARRAY_SIZE(add_only); i++)
		if (NET_HAS(&r, add_only[i].attr)) {
			nsbox_err(ctx, "route del: %s is for route add only", add_only[i].word);
			return NSBOX_EXIT_USAGE;
		}
	return request(ctx, "route del", NSBOX_CMD_ROUTE_DEL, NSBOX_A_ROUTE_SANDBOX, argv[0],
		       put_route, &r);
}

/* SANDBOX KEY VALUE; the words after KEY make the value (a range's two numbers) */
int cmd_sysctl_set(struct nsbox_ctx *ctx, int argc, char **argv)
{
	char value[NSBOX_SYSCTL_VALUE_MAX + 2] = "";
	struct nsbox_sysctl s;
	int i;

	if (argc < 1)
		return usage_err(ctx, "sysctl set", "SANDBOX is missing", NULL);
	if (argc < 2)
		return usage_err(ctx, "sysctl set", "KEY is missing", NULL);
	if (argc < 3)
		return usage_err(ctx, "sysctl set", "VALUE is missing", NULL);
	for (i = 2; i < argc; i++) {
		if (strlen(value) + strlen(argv[i]) + 1 >= sizeof(value)) {
			ctx->bad_value = true;
			return usage_err(ctx, "sysctl set", "value too long", argv[i]);
		}
		if (i > 2)
			strcat(value, " ");
		strcat(value, argv[i]);
	}
	if (sysctl_parse(ctx, "sysctl set", argv[1], value, &s))
		return NSBOX_EXIT_USAGE;
	return request(ctx, "sysctl set", NSBOX_CMD_SYSCTL_SET, NSBOX_A_SYSCTL_SANDBOX, argv[0],
		       put_sysctl, &s);
}

static int neigh_cmd(struct nsbox_ctx *ctx, int argc, char **argv, const char *what,
		     uint8_t cmd)
{
	struct nsbox_neigh n;

	if (argc < 1)
		return usage_err(ctx, what, "SANDBOX is missing", NULL);
	if (neigh_parse_args(ctx, what, argc - 1, argv + 1, true, cmd == NSBOX_CMD_NEIGH_NEW,
			     &n) < 0)
		return NSBOX_EXIT_USAGE;
	return request(ctx, what, cmd, NSBOX_A_NEIGH_SANDBOX, argv[0], put_neigh, &n);
}

int cmd_neigh_add(struct nsbox_ctx *ctx, int argc, char **argv)
{
	return neigh_cmd(ctx, argc, argv, "neigh add", NSBOX_CMD_NEIGH_NEW);
}

int cmd_neigh_del(struct nsbox_ctx *ctx, int argc, char **argv)
{
	return neigh_cmd(ctx, argc, argv, "neigh del", NSBOX_CMD_NEIGH_DEL);
}
