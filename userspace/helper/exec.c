// SPDX-License-Identifier: GPL-2.0
/*
 * nsbox-helper exec (see exec.h): its grammar, the order of the phases
 * around the report, and the execve() that ends it.
 *
 * The grammar is as strict as the steps': a repeated option, a missing one
 * or a malformed value refuses the command line before anything is done.
 */

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <linux/nsbox.h>

#include "exec.h"
#include "helper.h"
#include "steps.h"

enum exec_opt {
	OPT_TOKEN = 1,
	OPT_FAMILY,
	OPT_NETNS_FD,
	OPT_UTS_FD,
	OPT_SANDBOX,
	OPT_CWD,
	OPT_UID,
	OPT_GID,
	OPT_GROUPS,
	OPT_CAPS,
	OPT_NO_NEW_PRIVS,
	OPT_NO_MOUNT,
	OPT_RLIMIT,
};

/* fds 0-2 are the program's: a namespace fd, closed once entered, is not */
static int parse_fd(const char *s, int *fd)
{
	unsigned long long v;

	if (parse_num(s, 10, INT_MAX, &v) || v < 3)
		return -1;
	*fd = v;
	return 0;
}

/* -1 means "unchanged" to the set*id() calls: never an id to switch to */
static int parse_id(const char *s, uint32_t *id)
{
	unsigned long long v;

	if (parse_num(s, 10, UINT32_MAX - 1, &v))
		return -1;
	*id = v;
	return 0;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

/*
 * As the module checks the sandbox's name: it becomes a path component
 * under /etc/netns.
 */
static int parse_sandbox(const char *s)
{
	size_t len = strlen(s), i;

	if (!len || len > NSBOX_NAME_MAX || !strcmp(s, ".") || !strcmp(s, ".."))
		return -1;
	for (i = 0; i < len; i++)
		if (!name_char(s[i]))
			return -1;
	return 0;
}

static int parse_abs_path(const char *s)
{
	return s[0] == '/' && strlen(s) < PATH_MAX ? 0 : -1;
}

/* One number of a comma-separated list, @len characters of @s. */
static int parse_id_n(const char *s, size_t len, uint32_t *id)
{
	char buf[sizeof("4294967295")];

	if (!len || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return parse_id(buf, id);
}

/*
 * N[,N...], or nothing at all: the module words an empty group list as
 * "--groups=", which asks for no supplementary groups.
 */
static int parse_groups(const char *s, struct exec_opts *o)
{
	size_t n = 1, i, len;
	const char *p;

	if (!*s)
		return 0;
	for (p = s; *p; p++)
		n += *p == ',';
	if (n > EXEC_GROUPS_MAX)
		return -1;
	o->groups = calloc(n, sizeof(*o->groups));
	if (!o->groups)
		return -1;
	for (i = 0; i < n; i++) {
		len = strcspn(s, ",");
		if (parse_id_n(s, len, &o->groups[i]))
			return -1;
		s += len + (s[len] == ',');
	}
	o->ngroups = n;
	return 0;
}

/* SOFT or HARD: decimal, or "inf"; @len characters of @s. */
static int parse_limit(const char *s, size_t len, rlim_t *val)
{
	char buf[sizeof("18446744073709551615")];
	unsigned long long v;

	if (len == 3 && !strncmp(s, "inf", 3)) {
		*val = RLIM_INFINITY;
		return 0;
	}
	if (!len || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (parse_num(buf, 10, ULLONG_MAX, &v))
		return -1;
	*val = v;
	return 0;
}

/*
 * RESOURCE:SOFT:HARD. Whether the resource exists and soft is within hard
 * is the kernel's to say, when the limit is set.
 */
static int parse_rlimit(const char *s, struct exec_opts *o, uint64_t *seen)
{
	struct exec_rlimit *rl = &o->rlimits[o->nrlimits];
	const char *soft, *hard;
	uint32_t res;

	soft = strchr(s, ':');
	hard = soft ? strchr(soft + 1, ':') : NULL;
	if (!hard || parse_id_n(s, soft - s, &res) || res >= EXEC_RLIMITS_MAX)
		return -1;
	if (*seen & (1ULL << res))
		return -1;
	if (parse_limit(soft + 1, hard - soft - 1, &rl->lim.rlim_cur) ||
	    parse_limit(hard + 1, strlen(hard + 1), &rl->lim.rlim_max))
		return -1;
	*seen |= 1ULL << res;
	rl->resource = res;
	o->nrlimits++;
	return 0;
}

static int parse_caps(const char *s, struct exec_opts *o)
{
	unsigned long long v;

	if (parse_num(s, 16, UINT64_MAX, &v))
		return -1;
	o->caps = v;
	o->has_caps = true;
	return 0;
}

static int parse_exec_opt(int c, const char *arg, struct exec_opts *o, uint64_t *seen_rl)
{
	switch (c) {
	case OPT_TOKEN:
		return parse_token(arg, &o->token);
	case OPT_FAMILY:
		return parse_family(arg, &o->family);
	case OPT_NETNS_FD:
		return parse_fd(arg, &o->netns_fd);
	case OPT_UTS_FD:
		return parse_fd(arg, &o->uts_fd);
	case OPT_SANDBOX:
		o->sandbox = arg;
		return parse_sandbox(arg);
	case OPT_CWD:
		o->cwd = arg;
		return parse_abs_path(arg);
	case OPT_UID:
		o->has_uid = true;
		return parse_id(arg, &o->uid);
	case OPT_GID:
		o->has_gid = true;
		return parse_id(arg, &o->gid);
	case OPT_GROUPS:
		o->has_groups = true;
		return parse_groups(arg, o);
	case OPT_CAPS:
		return parse_caps(arg, o);
	case OPT_NO_NEW_PRIVS:
		o->no_new_privs = true;
		return 0;
	case OPT_NO_MOUNT:
		o->no_mount = true;
		return 0;
	case OPT_RLIMIT:
		return parse_rlimit(arg, o, seen_rl);
	}
	return -1;
}

static int parse_exec_opts(struct exec_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "token",		required_argument,	NULL, OPT_TOKEN },
		{ "family",		required_argument,	NULL, OPT_FAMILY },
		{ "netns-fd",		required_argument,	NULL, OPT_NETNS_FD },
		{ "uts-fd",		required_argument,	NULL, OPT_UTS_FD },
		{ "sandbox",		required_argument,	NULL, OPT_SANDBOX },
		{ "cwd",		required_argument,	NULL, OPT_CWD },
		{ "uid",		required_argument,	NULL, OPT_UID },
		{ "gid",		required_argument,	NULL, OPT_GID },
		{ "groups",		required_argument,	NULL, OPT_GROUPS },
		{ "caps",		required_argument,	NULL, OPT_CAPS },
		{ "no-new-privs",	no_argument,		NULL, OPT_NO_NEW_PRIVS },
		{ "no-mount",		no_argument,		NULL, OPT_NO_MOUNT },
		{ "rlimit",		required_argument,	NULL, OPT_RLIMIT },
		{ NULL, 0, NULL, 0 }
	};
	const char *last_arg = NULL;
	uint64_t seen_rl = 0;
	unsigned int seen = 0;
	int c;

	opterr = 0;	/* fd 2 is the program's: the module says what went wrong */
	/* "+": never permute, the program's words are not ours */
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		/* '?' and ':': an unknown option, a missing value */
		if (c < OPT_TOKEN || c > OPT_RLIMIT)
			return -1;
		/* each once, but for the limits, which are once per resource */
		if (c != OPT_RLIMIT && (seen & (1U << c)))
			return -1;
		seen |= 1U << c;
		last_arg = optarg;
		if (parse_exec_opt(c, optarg, o, &seen_rl))
			return -1;
	}

	/* the options end with a "--" of their own, not an option's value */
	if (optind < 1 || strcmp(argv[optind - 1], "--") || argv[optind - 1] == last_arg)
		return -1;
	return optind;
}

/*
 * Fills @o from the words after "exec" (@argv[0] is "exec"), @argv being
 * NULL-terminated as main()'s is. Returns 0, or -1 for bad arguments.
 */
int exec_parse(struct exec_opts *o, int argc, char **argv)
{
	int first;

	memset(o, 0, sizeof(*o));
	o->netns_fd = -1;
	o->uts_fd = -1;

	first = parse_exec_opts(o, argc, argv);
	if (first < 0)
		goto bad;
	if (!o->token || !o->family || o->netns_fd < 0 || !o->sandbox)
		goto bad;
	if (o->uts_fd == o->netns_fd)
		goto bad;
	/* PATH and ARGV0 at least; PATH is never looked up in a search path */
	if (argc - first < 2 || parse_abs_path(argv[first]))
		goto bad;
	o->path = argv[first];
	o->argv = argv + first + 1;
	return 0;
bad:
	free(o->groups);
	o->groups = NULL;
	return -1;
}

/*
 * What the program starts with, whatever the helper was started with:
 * handlers are reset by execve() anyway, but an ignored signal or a blocked
 * one would be inherited.
 */
static void reset_signals(void)
{
	struct sigaction sa = { .sa_handler = SIG_DFL };
	sigset_t none;
	int sig;

	/* SIGKILL, SIGSTOP and the C library's own refuse: nothing to reset */
	for (sig = 1; sig < NSIG; sig++)
		sigaction(sig, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* Phase 2 failures are the program's: said as a shell says them. */
static void __attribute__((noreturn)) program_failed(const char *what, int err, int status)
{
	fprintf(stderr, "nsbox: %s: %s\n", what, strerror(err));
	exit(status);
}

void exec_program(const struct exec_opts *o)
{
	const char *what = NULL;
	int err;

	reset_signals();
	err = creds_apply(o, &what);
	if (err)
		program_failed(what, -err, 126);
	if (o->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1UL, 0UL, 0UL, 0UL))
		program_failed("PR_SET_NO_NEW_PRIVS", errno, 126);

	execve(o->path, o->argv, environ);
	err = errno;
	fprintf(stderr, "nsbox: execve %s: %s\n", o->path, strerror(err));
	exit(err == ENOENT ? 127 : 126);
}

/*
 * The socket for the report is opened after entering the sandbox: the
 * module takes a report only from the sandbox's own network namespace. A
 * failure to enter is reported from wherever the helper still is.
 */
int exec_main(int argc, char **argv)
{
	struct step_failure fail = { 0 };
	struct exec_opts o;
	int sock, code;

	if (exec_parse(&o, argc, argv))
		return NSBOX_HELPER_EXIT_USAGE;

	code = exec_enter(&o, &fail);
	sock = report_open();
	if (!code)
		code = exec_prepare(&o, &fail);
	if (code) {
		if (sock >= 0)
			report_send(sock, o.family, o.token, -1, &fail);
		return code;
	}

	/* refused: the request has failed, and nothing may run */
	if (sock < 0 || report_send(sock, o.family, o.token, -1, NULL))
		return NSBOX_HELPER_EXIT_REPORT;
	close(sock);
	exec_program(&o);
}
