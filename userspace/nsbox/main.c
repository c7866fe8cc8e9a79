// SPDX-License-Identifier: GPL-2.0
/*
 * nsbox - manage kernel-owned network sandboxes
 *
 * nsbox [ OPTIONS ] OBJECT { COMMAND | help } [ ARGS ]
 *
 * Options, the table of objects and commands (which is also the grammar
 * that help and usage errors print), and batch mode.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "genl.h"
#include "nsbox.h"
#include "util.h"

/* a whole sandbox in one line, as sandbox save writes it, fits */
#define BATCH_MAX_ARGS	2048

/*
 * A command with several forms has an entry for each, all with the same
 * name and fn: the first one is dispatched to, and every one is printed.
 */
struct command {
	const char *name;	/* NULL: the object's only command, no name */
	int (*fn)(struct nsbox_ctx *ctx, int argc, char **argv);
	/* grammar after the name, lines separated by \n; NULL for an alias */
	const char *args;
};

struct object {
	const char *name;
	const struct command *cmds;	/* ends with an entry without fn */
	/* run without a command, as ip link runs show */
	int (*dflt)(struct nsbox_ctx *ctx, int argc, char **argv);
};

static const struct command info_cmds[] = {
	{ NULL,		cmd_info,		"" },
	{ }
};

static const struct command sandbox_cmds[] = {
	{ "add",	cmd_sandbox_add,	"NAME [ hostname HOST ] [ owned ] [ publish ] [ noipv6 ]\n"
						"[ netns PATH | pid PID ] [ destroy ]\n"
						"[ link DEV type ... ]... [ addr PREFIX dev DEV ]...\n"
						"[ route ... ]... [ sysctl KEY=VALUE ]...\n"
						"[ neigh ADDR lladdr MAC dev DEV ]..." },
	{ "del",	cmd_sandbox_del,	"NAME" },
	{ "delete",	cmd_sandbox_del,	NULL },
	{ "list",	cmd_sandbox_list,	"" },
	{ "ls",		cmd_sandbox_list,	NULL },
	{ "show",	cmd_sandbox_show,	"[ NAME ]" },
	{ "save",	cmd_sandbox_save,	"NAME" },
	{ }
};

static const struct command link_cmds[] = {
	{ "add",	cmd_link_add,		"SANDBOX DEV type { tun | tap } [ mtu N ] [ txqueuelen N ]\n"
						"[ multi_queue ] [ vnet_hdr ] [ pi ] [ owner UID ] [ group GID ]\n"
						"[ address MAC ] [ master BRIDGE ]" },
	{ "add",	cmd_link_add,		"SANDBOX DEV type veth peer PEERDEV [ sandbox OTHER ]\n"
						"[ mtu N ] [ txqueuelen N ] [ address MAC ] [ master BRIDGE ]" },
	{ "add",	cmd_link_add,		"SANDBOX DEV type { dummy | bridge } [ mtu N ] [ txqueuelen N ]\n"
						"[ address MAC ] [ master BRIDGE ]" },
	{ "add",	cmd_link_add,		"SANDBOX DEV type { macvlan | ipvlan } parent PDEV [ mode MODE ]\n"
						"[ mtu N ] [ txqueuelen N ] [ address MAC ] [ master BRIDGE ]" },
	{ "add",	cmd_link_add,		"SANDBOX DEV type vlan parent PDEV id N [ mtu N ]\n"
						"[ txqueuelen N ] [ address MAC ] [ master BRIDGE ]" },
	{ "add",	cmd_link_add,		"SANDBOX DEV type vxlan vni N [ remote ADDR | group ADDR ]\n"
						"[ local ADDR ] [ port N ] [ dev UDEV ] [ mtu N ] [ txqueuelen N ]\n"
						"[ address MAC ] [ master BRIDGE ]" },
	{ "set",	cmd_link_set,		"SANDBOX DEV [ up | down ] [ mtu N ] [ txqueuelen N ]\n"
						"[ address MAC ] [ master BRIDGE | nomaster ]" },
	{ "del",	cmd_link_del,		"SANDBOX DEV" },
	{ "delete",	cmd_link_del,		NULL },
	{ "move",	cmd_link_move,		"SANDBOX HOSTDEV [ name DEV ]" },
	{ "release",	cmd_link_release,	"SANDBOX DEV" },
	{ "list",	cmd_link_list,		"[ SANDBOX ]" },
	{ "ls",		cmd_link_list,		NULL },
	{ "show",	cmd_link_list,		NULL },
	{ }
};

static const struct command addr_cmds[] = {
	{ "add",	cmd_addr_add,		"SANDBOX PREFIX dev DEV [ replace ]" },
	{ "replace",	cmd_addr_replace,	"SANDBOX PREFIX dev DEV" },
	{ "del",	cmd_addr_del,		"SANDBOX PREFIX dev DEV" },
	{ "delete",	cmd_addr_del,		NULL },
	{ "list",	cmd_addr_list,		"[ SANDBOX ]" },
	{ "ls",		cmd_addr_list,		NULL },
	{ "show",	cmd_addr_list,		NULL },
	{ }
};

static const struct command route_cmds[] = {
	{ "add",	cmd_route_add,		"SANDBOX { PREFIX | default } [ via ADDR ] [ dev DEV ]\n"
						"[ mtu N ] [ advmss N ] [ metric N ] [ table N ] [ replace ]\n"
						"[ src ADDR ] [ onlink ] [ scope SCOPE ] [ type TYPE ]\n"
						"[ nexthop [ via ADDR ] [ dev DEV ] [ weight N ] ]..." },
	{ "del",	cmd_route_del,		"SANDBOX { PREFIX | default } [ via ADDR ] [ dev DEV ]\n"
						"[ metric N ] [ table N ]" },
	{ "delete",	cmd_route_del,		NULL },
	{ "list",	cmd_route_list,		"[ SANDBOX ]" },
	{ "ls",		cmd_route_list,		NULL },
	{ "show",	cmd_route_list,		NULL },
	{ }
};

static const struct command sysctl_cmds[] = {
	{ "set",	cmd_sysctl_set,		"SANDBOX KEY VALUE" },
	{ "list",	cmd_sysctl_list,	"[ SANDBOX ]" },
	{ "ls",		cmd_sysctl_list,	NULL },
	{ "show",	cmd_sysctl_list,	NULL },
	{ }
};

static const struct command neigh_cmds[] = {
	{ "add",	cmd_neigh_add,		"SANDBOX ADDR lladdr MAC dev DEV" },
	{ "del",	cmd_neigh_del,		"SANDBOX ADDR [ lladdr MAC ] dev DEV" },
	{ "delete",	cmd_neigh_del,		NULL },
	{ "list",	cmd_neigh_list,		"[ SANDBOX ]" },
	{ "ls",		cmd_neigh_list,		NULL },
	{ "show",	cmd_neigh_list,		NULL },
	{ }
};

static const struct command monitor_cmds[] = {
	{ NULL,		cmd_monitor,		"" },
	{ }
};

#define PROG_OPTS "[ uid UID ] [ gid GID ] [ groups GID,... ] [ caps CAP,... ] [ nnp ]\n" \
		  "[ nomount ] [ pidns ] [ ipcns ] [ rlimit NAME=SOFT[:HARD] ]... [ timeout SECONDS ]\n" \
		  "[ tun IFNAME [ queues N ] ]... [ memory SIZE ] [ cpu QUOTA[/PERIOD] ]\n" \
		  "[ cpuweight N ] [ pids N ]"

static const struct command exec_cmds[] = {
	{ NULL,		cmd_exec,	"SANDBOX " PROG_OPTS "\n-- PROGRAM [ ARGS... ]" },
	{ }
};

static const struct command run_cmds[] = {
	{ NULL,		cmd_run,	"SANDBOX name NAME [ log FILE ] [ env NAME=VALUE ]...\n"
					"[ restart { no | on-failure | always } ]\n"
					"[ restart-delay FIRST[/MAX] ] [ start-limit BURST[/INTERVAL] ]\n"
					PROG_OPTS "\n-- PROGRAM [ ARGS... ]" },
	{ }
};

static const struct command kill_cmds[] = {
	{ NULL,		cmd_kill,	"SANDBOX NAME [ SIGNAL ]" },
	{ }
};

static const struct object objects[] = {
	{ "info",	info_cmds,	NULL },
	{ "sandbox",	sandbox_cmds,	cmd_sandbox_list },
	{ "link",	link_cmds,	cmd_link_list },
	{ "addr",	addr_cmds,	cmd_addr_list },
	{ "route",	route_cmds,	cmd_route_list },
	{ "sysctl",	sysctl_cmds,	cmd_sysctl_list },
	{ "neigh",	neigh_cmds,	cmd_neigh_list },
	{ "monitor",	monitor_cmds,	NULL },
	{ "exec",	exec_cmds,	NULL },
	{ "run",	run_cmds,	NULL },
	{ "kill",	kill_cmds,	NULL },
	{ }
};

/*
 * "Usage: nsbox OBJECT COMMAND ARGS" and then aligned lines; the lines of
 * ARGS after the first are aligned with its start.
 */
static void print_command_usage(FILE *fp, const struct object *obj,
				const struct command *cmd, bool *first)
{
	const char *p;
	int width;

	width = fprintf(fp, "%s nsbox %s", *first ? "Usage:" : "      ", obj->name);
	if (cmd->name)
		width += fprintf(fp, " %s", cmd->name);
	if (*cmd->args)
		fputc(' ', fp);
	for (p = cmd->args; *p; p++) {
		fputc(*p, fp);
		if (*p == '\n')
			fprintf(fp, "%*s", width + 1, "");
	}
	fputc('\n', fp);
	*first = false;
}

static void print_object_usage(FILE *fp, const struct object *obj, bool *first)
{
	const struct command *cmd;

	for (cmd = obj->cmds; cmd->fn; cmd++)
		if (cmd->args)
			print_command_usage(fp, obj, cmd, first);
}

static void print_usage(FILE *fp)
{
	const struct object *obj;
	bool first = false;

	fputs("Usage: nsbox [ OPTIONS ] OBJECT { COMMAND | help } [ ARGS ]\n"
	      "       nsbox [ OPTIONS ] -batch FILE\n"
	      "       nsbox { -V[ersion] | --version | -h[elp] }\n"
	      "where  OBJECT := {", fp);
	for (obj = objects; obj->name; obj++)
		fprintf(fp, "%s %s", obj == objects ? "" : " |", obj->name);
	fputs(" }\n"
	      "       OPTIONS := { -j[son] | -p[retty] | -force | -t[imestamp] }\n\n", fp);
	for (obj = objects; obj->name; obj++)
		print_object_usage(fp, obj, &first);
}

/* The grammar of cmd: every entry with its function that has one. */
static void print_usage_of(FILE *fp, const struct object *obj,
			   const struct command *cmd, bool *first)
{
	const struct command *c;

	for (c = obj->cmds; c->fn; c++)
		if (c->fn == cmd->fn && c->args)
			print_command_usage(fp, obj, c, first);
}

/* By exact name, else by unambiguous prefix. */
static const struct object *find_object(const char *arg, bool *ambiguous)
{
	const struct object *obj, *found = NULL;

	*ambiguous = false;
	for (obj = objects; obj->name; obj++) {
		if (!strcmp(arg, obj->name))
			return obj;
		if (!matches(arg, obj->name))
			continue;
		if (found)
			*ambiguous = true;
		found = obj;
	}
	return *ambiguous ? NULL : found;
}

/* As find_object(); aliases of one command do not make a prefix ambiguous. */
static const struct command *find_command(const struct command *cmds, const char *arg,
					  bool *ambiguous)
{
	const struct command *cmd, *found = NULL;

	*ambiguous = false;
	for (cmd = cmds; cmd->fn; cmd++) {
		if (!strcmp(arg, cmd->name))
			return cmd;
		if (!matches(arg, cmd->name))
			continue;
		if (found && found->fn != cmd->fn)
			*ambiguous = true;
		if (!found)
			found = cmd;
	}
	return *ambiguous ? NULL : found;
}

static int run_command(struct nsbox_ctx *ctx, int argc, char **argv)
{
	const struct command *cmd = NULL;
	const struct object *obj;
	bool ambiguous, first = true;
	int ret;

	obj = find_object(argv[0], &ambiguous);
	if (!obj) {
		if (!ambiguous && matches(argv[0], "help")) {
			print_usage(stdout);
			return 0;
		}
		nsbox_err(ctx, "%s object \"%s\", try \"nsbox help\"",
			  ambiguous ? "ambiguous" : "unknown", argv[0]);
		return NSBOX_EXIT_USAGE;
	}
	argc--;
	argv++;

	if (argc && !obj->cmds[0].name) {
		/* an object without commands: its arguments, or help */
		if (matches(argv[0], "help")) {
			print_object_usage(stdout, obj, &first);
			return 0;
		}
	} else if (argc) {
		cmd = find_command(obj->cmds, argv[0], &ambiguous);
		if (!cmd) {
			if (!ambiguous && matches(argv[0], "help")) {
				print_object_usage(stdout, obj, &first);
				return 0;
			}
			nsbox_err(ctx, "%s: %s command \"%s\"", obj->name,
				  ambiguous ? "ambiguous" : "unknown", argv[0]);
			print_object_usage(stderr, obj, &first);
			return NSBOX_EXIT_USAGE;
		}
		argc--;
		argv++;
	} else if (obj->dflt) {
		return obj->dflt(ctx, 0, argv);
	} else if (obj->cmds[0].name) {
		nsbox_err(ctx, "%s: command is missing", obj->name);
		print_object_usage(stderr, obj, &first);
		return NSBOX_EXIT_USAGE;
	}
	if (!cmd)
		cmd = &obj->cmds[0];

	ctx->bad_value = false;
	ctx->program_status = false;
	ctx->exits_as_program = false;
	ret = cmd->fn(ctx, argc, argv);
	if (ret == NSBOX_EXIT_USAGE && !ctx->bad_value && !ctx->program_status)
		print_usage_of(stderr, obj, cmd, &first);
	/* a command that exits with a program's status failed itself */
	if (ret && ctx->exits_as_program && !ctx->program_status)
		ret = NSBOX_EXIT_CANNOT;
	return ret;
}

/*
 * Split a batch line into words in place: blanks separate them, '...' and
 * "..." quote, and a word starting with # starts a comment. Returns the
 * number of words, or -1 after reporting why the line is bad.
 */
static int split_line(struct nsbox_ctx *ctx, char *line, char **words, int max)
{
	char *src = line, *dst, quote, c;
	int n = 0;

	for (;;) {
		while (isspace((unsigned char)*src))
			src++;
		if (!*src || *src == '#')
			return n;
		if (n == max) {
			nsbox_err(ctx, "more than %d words", max);
			return -1;
		}
		words[n++] = dst = src;
		while (*src && !isspace((unsigned char)*src)) {
			if (*src != '"' && *src != '\'') {
				*dst++ = *src++;
				continue;
			}
			quote = *src++;
			while (*src && *src != quote)
				*dst++ = *src++;
			if (!*src) {
				nsbox_err(ctx, "unterminated %c", quote);
				return -1;
			}
			src++;
		}
		c = *src;
		*dst = '\0';
		if (!c)
			return n;
		src++;
	}
}

/*
 * One command per line, all over one netlink socket (so that owned sandboxes
 * live until the batch ends). Stop at the first failure, or with -force run
 * everything and fail at the end.
 */
static int run_batch(struct nsbox_ctx *ctx, const char *name)
{
	char *line = NULL, *words[BATCH_MAX_ARGS];
	int n, ret, status = 0;
	size_t size = 0;
	FILE *fp = stdin;

	if (strcmp(name, "-")) {
		fp = fopen(name, "re");
		if (!fp) {
			nsbox_err(ctx, "cannot open %s: %s", name, strerror(errno));
			return NSBOX_EXIT_FAIL;
		}
	}
	ctx->batch = name;
	while (getline(&line, &size, fp) >= 0) {
		ctx->lineno++;
		n = split_line(ctx, line, words, BATCH_MAX_ARGS);
		if (!n)
			continue;
		ret = n < 0 ? NSBOX_EXIT_USAGE : run_command(ctx, n, words);
		if (!ret)
			continue;
		if (!ctx->force) {
			status = ret;
			break;
		}
		status = NSBOX_EXIT_FAIL;
	}
	ctx->batch = NULL;
	if (ferror(fp)) {
		nsbox_err(ctx, "reading %s: %s", name, strerror(errno));
		status = NSBOX_EXIT_FAIL;
	}
	free(line);
	if (fp != stdin)
		fclose(fp);
	return status;
}

int main(int argc, char **argv)
{
	struct nsbox_ctx ctx = { 0 };
	const char *batch = NULL, *opt;
	bool json = false, pretty = false;
	int ret;

	for (argc--, argv++; argc && argv[0][0] == '-'; argc--, argv++) {
		opt = argv[0];
		if (!strcmp(opt, "--")) {
			argc--;
			argv++;
			break;
		}
		if (opt[1] == '-')	/* --json as well as -json */
			opt++;
		if (!opt[1]) {
			nsbox_err(&ctx, "unknown option \"%s\", try \"nsbox help\"", argv[0]);
			return NSBOX_EXIT_USAGE;
		} else if (matches(opt, "-json")) {
			json = true;
		} else if (matches(opt, "-pretty")) {
			pretty = true;
		} else if (matches(opt, "-force")) {
			ctx.force = true;
		} else if (matches(opt, "-timestamp")) {
			ctx.timestamp = true;
		} else if (matches(opt, "-batch")) {
			if (argc < 2) {
				nsbox_err(&ctx, "-batch needs a FILE (or - for stdin)");
				return NSBOX_EXIT_USAGE;
			}
			batch = argv[1];
			argc--;
			argv++;
		} else if (matches(opt, "-help")) {
			print_usage(stdout);
			return 0;
		} else if (matches(opt, "-Version") || !strcmp(opt, "-version")) {
			printf("nsbox %s\n", NSBOX_VERSION);
			return 0;
		} else {
			nsbox_err(&ctx, "unknown option \"%s\", try \"nsbox help\"", argv[0]);
			return NSBOX_EXIT_USAGE;
		}
	}
	output_init(&ctx.out, stdout, json, pretty);

	if (batch && argc) {
		nsbox_err(&ctx, "-batch runs the commands in FILE, not \"%s\"", argv[0]);
		return NSBOX_EXIT_USAGE;
	} else if (batch) {
		ret = run_batch(&ctx, batch);
	} else if (argc) {
		ret = run_command(&ctx, argc, argv);
	} else {
		print_usage(stderr);
		ret = NSBOX_EXIT_USAGE;
	}

	if (ctx.sk)
		genl_close(&ctx);
	output_flush(&ctx.out);
	if (fflush(stdout) || ferror(stdout)) {
		nsbox_err(&ctx, "writing standard output: %s", strerror(errno));
		ret = NSBOX_EXIT_FAIL;
	}
	return ret;
}
