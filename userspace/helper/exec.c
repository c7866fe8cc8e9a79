// SPDX-License-Identifier: GPL-2.0
/*
 * nsbox-helper exec (see exec.h): its options, its job, the order of the
 * phases around the report, and the execve() that ends it.
 *
 * Both are as strict as the steps: a repeated option, a missing one or a
 * malformed value refuses the command line before anything is done, and a
 * job the helper does not understand fails the request before it reports.
 */

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <net/if.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/nsbox.h>

#include "exec.h"
#include "helper.h"
#include "nsnl.h"
#include "steps.h"

enum exec_opt {
	OPT_TOKEN = 1,
	OPT_FAMILY,
	OPT_NETNS_FD,
	OPT_UTS_FD,
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
static int job_id(const struct nlattr *nla, bool *has, uint32_t *id)
{
	if (!nla)
		return 0;
	*has = true;
	return nsnl_get_u32(nla, id) || *id == UINT32_MAX ? -1 : 0;
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
static const char *job_sandbox(const struct nlattr *nla)
{
	const char *s = nsnl_get_str(nla, NSBOX_NAME_MAX + 1);
	size_t i;

	if (!s || !strcmp(s, ".") || !strcmp(s, ".."))
		return NULL;
	for (i = 0; s[i]; i++)
		if (!name_char(s[i]))
			return NULL;
	return s;
}

static const char *job_abs_path(const struct nlattr *nla)
{
	const char *s = nsnl_get_str(nla, PATH_MAX);

	return s && s[0] == '/' ? s : NULL;
}

/*
 * Supplementary groups, as many u32s as the attribute holds: an empty one
 * asks for none.
 */
static int job_groups(const struct nlattr *nla, struct exec_opts *o)
{
	size_t n, i;

	if (!nla)
		return 0;
	n = nsnl_attr_len(nla) / sizeof(uint32_t);
	if (nsnl_attr_len(nla) % sizeof(uint32_t) || n > EXEC_GROUPS_MAX)
		return -1;
	o->has_groups = true;
	o->groups = calloc(n ? n : 1, sizeof(*o->groups));
	if (!o->groups)
		return -1;
	memcpy(o->groups, nsnl_attr_data(nla), n * sizeof(uint32_t));
	for (i = 0; i < n; i++)
		if (o->groups[i] == (gid_t)-1)
			return -1;
	o->ngroups = n;
	return 0;
}

/*
 * One resource limit, each resource once. Whether the resource exists and
 * soft is within hard is the kernel's to say, when the limit is set.
 */
static int job_rlimit(const struct nlattr *nest, struct exec_opts *o, uint64_t *seen)
{
	const struct nlattr *tb[NSBOX_A_RLIMIT_MAX + 1];
	struct exec_rlimit *rl = &o->rlimits[o->nrlimits];
	uint64_t soft, hard;
	uint32_t res;

	if (nsnl_parse_nested(nest, tb, NSBOX_A_RLIMIT_MAX) ||
	    nsnl_get_u32(tb[NSBOX_A_RLIMIT_RESOURCE], &res) || res >= EXEC_RLIMITS_MAX ||
	    (*seen & (1ULL << res)) ||
	    nsnl_get_u64(tb[NSBOX_A_RLIMIT_SOFT], &soft) ||
	    nsnl_get_u64(tb[NSBOX_A_RLIMIT_HARD], &hard))
		return -1;
	*seen |= 1ULL << res;
	rl->resource = res;
	rl->lim.rlim_cur = soft == UINT64_MAX ? RLIM_INFINITY : soft;
	rl->lim.rlim_max = hard == UINT64_MAX ? RLIM_INFINITY : hard;
	o->nrlimits++;
	return 0;
}

/* A TUN or TAP link, as the module checked it against the sandbox's records. */
static int job_tun(const struct nlattr *nest, struct exec_opts *o)
{
	const struct nlattr *tb[NSBOX_A_PROG_TUN_MAX + 1];
	struct exec_tun *t = &o->tuns[o->ntuns];

	if (o->ntuns == EXEC_TUNS_MAX || nsnl_parse_nested(nest, tb, NSBOX_A_PROG_TUN_MAX))
		return -1;
	t->ifname = nsnl_get_str(tb[NSBOX_A_PROG_TUN_IFNAME], IF_NAMESIZE);
	if (!t->ifname || nsnl_get_u32(tb[NSBOX_A_PROG_TUN_QUEUES], &t->queues) ||
	    !t->queues || t->queues > NSBOX_PROG_TUN_QUEUES_MAX ||
	    nsnl_get_u32(tb[NSBOX_A_PROG_TUN_TYPE], &t->type) ||
	    (t->type != NSBOX_LINK_TYPE_TUN && t->type != NSBOX_LINK_TYPE_TAP) ||
	    nsnl_get_u32(tb[NSBOX_A_PROG_TUN_FLAGS], &t->flags))
		return -1;
	o->ntuns++;
	return 0;
}

/* "nsbox/NAME": a cgroup under nsbox's, never anywhere else */
static const char *job_cgroup(const struct nlattr *nla)
{
	const char *cg = nsnl_get_str(nla, NSBOX_CGROUP_NAME_MAX + 1);
	const char *name;

	if (!cg || strncmp(cg, "nsbox/", 6))
		return NULL;
	name = cg + 6;
	if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return NULL;
	return cg;
}

/* The cgroup limits and the cgroup: 0, or -1 for anything malformed. */
static int job_limits(const struct nlattr **p, struct exec_opts *o)
{
	if ((p[NSBOX_A_PROG_MEMORY_MAX] && nsnl_get_u64(p[NSBOX_A_PROG_MEMORY_MAX], &o->memory_max)) ||
	    (p[NSBOX_A_PROG_CPU_QUOTA_US] &&
	     nsnl_get_u32(p[NSBOX_A_PROG_CPU_QUOTA_US], &o->cpu_quota_us)) ||
	    (p[NSBOX_A_PROG_CPU_PERIOD_US] &&
	     nsnl_get_u32(p[NSBOX_A_PROG_CPU_PERIOD_US], &o->cpu_period_us)) ||
	    (p[NSBOX_A_PROG_CPU_WEIGHT] && nsnl_get_u32(p[NSBOX_A_PROG_CPU_WEIGHT], &o->cpu_weight)) ||
	    (p[NSBOX_A_PROG_PIDS_MAX] && nsnl_get_u32(p[NSBOX_A_PROG_PIDS_MAX], &o->pids_max)))
		return -1;
	if (!o->memory_max && !o->cpu_quota_us && !o->cpu_weight && !o->pids_max)
		return p[NSBOX_A_PROG_CGROUP] ? -1 : 0;
	/* limits come with their cgroup, a quota with its period */
	if (!p[NSBOX_A_PROG_CGROUP] || (o->cpu_quota_us && !o->cpu_period_us))
		return -1;
	o->cgroup = job_cgroup(p[NSBOX_A_PROG_CGROUP]);
	return o->cgroup ? 0 : -1;
}

/* PATH, and ARGV0 at least; PATH is never looked up in a search path. */
static int job_argv(const struct nlattr *nest, struct exec_opts *o)
{
	const struct nlattr *nla;
	size_t rem, n = 0;

	nsnl_for_each_nested(nla, nest, rem)
		n += nsnl_attr_type(nla) == NSBOX_A_PROG_ARG;
	if (!n)
		return -1;
	o->argv = calloc(n + 1, sizeof(*o->argv));
	if (!o->argv)
		return -1;
	n = 0;
	nsnl_for_each_nested(nla, nest, rem) {
		if (nsnl_attr_type(nla) != NSBOX_A_PROG_ARG)
			continue;
		/* the strings stay in the job, which lives until execve() */
		o->argv[n] = (char *)nsnl_get_str(nla, nsnl_attr_len(nla));
		if (!o->argv[n++])
			return -1;
	}
	return 0;
}

/*
 * Fills the program and its options into @o from the job's
 * NSBOX_A_REPORT_JOB_PROG nest: 0, or -1 for anything malformed.
 */
static int exec_job(struct exec_opts *o, const struct job *job)
{
	const unsigned int known = NSBOX_PROG_F_NO_NEW_PRIVS | NSBOX_PROG_F_NO_MOUNT_NS |
				   NSBOX_PROG_F_PIDNS | NSBOX_PROG_F_IPCNS;
	const struct nlattr *tb[NSBOX_A_REPORT_MAX + 1];
	const struct nlattr *p[NSBOX_A_PROG_MAX + 1];
	const struct nlattr *nla;
	uint64_t seen_rl = 0;
	struct nlattr *attrs;
	uint32_t flags = 0;
	size_t len, rem;

	attrs = nsnl_msg_attrs(job->nlh, GENL_HDRLEN, &len);
	if (nsnl_parse(attrs, len, tb, NSBOX_A_REPORT_MAX) || !tb[NSBOX_A_REPORT_JOB_PROG] ||
	    tb[NSBOX_A_REPORT_JOB_STEP] ||
	    nsnl_parse_nested(tb[NSBOX_A_REPORT_JOB_PROG], p, NSBOX_A_PROG_MAX))
		return -1;
	o->sandbox = job_sandbox(p[NSBOX_A_PROG_SANDBOX]);
	o->path = job_abs_path(p[NSBOX_A_PROG_PATH]);
	if (!o->sandbox || !o->path)
		return -1;
	if (p[NSBOX_A_PROG_CWD]) {
		o->cwd = job_abs_path(p[NSBOX_A_PROG_CWD]);
		if (!o->cwd)
			return -1;
	}
	if (job_id(p[NSBOX_A_PROG_UID], &o->has_uid, &o->uid) ||
	    job_id(p[NSBOX_A_PROG_GID], &o->has_gid, &o->gid) ||
	    job_groups(p[NSBOX_A_PROG_GROUPS], o))
		return -1;
	if (p[NSBOX_A_PROG_CAPS]) {
		if (nsnl_get_u64(p[NSBOX_A_PROG_CAPS], &o->caps))
			return -1;
		o->has_caps = true;
	}
	if ((p[NSBOX_A_PROG_FLAGS] && nsnl_get_u32(p[NSBOX_A_PROG_FLAGS], &flags)) ||
	    (flags & ~known))
		return -1;
	o->no_new_privs = flags & NSBOX_PROG_F_NO_NEW_PRIVS;
	o->no_mount = flags & NSBOX_PROG_F_NO_MOUNT_NS;
	o->pidns = flags & NSBOX_PROG_F_PIDNS;
	o->ipcns = flags & NSBOX_PROG_F_IPCNS;
	/* its /proc goes in the program's own mount namespace */
	if (o->pidns && o->no_mount)
		return -1;
	if (job_limits(p, o))
		return -1;
	nsnl_for_each_nested(nla, tb[NSBOX_A_REPORT_JOB_PROG], rem) {
		if (nsnl_attr_type(nla) == NSBOX_A_PROG_RLIMIT &&
		    (o->nrlimits == EXEC_RLIMITS_MAX || job_rlimit(nla, o, &seen_rl)))
			return -1;
		if (nsnl_attr_type(nla) == NSBOX_A_PROG_TUN && job_tun(nla, o))
			return -1;
	}
	return job_argv(tb[NSBOX_A_REPORT_JOB_PROG], o);
}

static int parse_exec_opt(int c, const char *arg, struct exec_opts *o)
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
	}
	return -1;
}

/*
 * Fills @o's fds, token and family from the words after "exec" (@argv[0]
 * is "exec"), @argv being NULL-terminated as main()'s is; the rest comes
 * with the job (exec_job()). Returns 0, or -1 for bad arguments: an
 * unknown, repeated or missing option, a malformed value, a word more.
 */
int exec_parse(struct exec_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "token",		required_argument,	NULL, OPT_TOKEN },
		{ "family",		required_argument,	NULL, OPT_FAMILY },
		{ "netns-fd",		required_argument,	NULL, OPT_NETNS_FD },
		{ "uts-fd",		required_argument,	NULL, OPT_UTS_FD },
		{ NULL, 0, NULL, 0 }
	};
	unsigned int seen = 0;
	int c;

	memset(o, 0, sizeof(*o));
	o->netns_fd = -1;
	o->uts_fd = -1;
	o->cgroup_root = -1;
	o->cgroup_fd = -1;
	opterr = 0;	/* fd 2 is the program's: the module says what went wrong */
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		/* '?' and ':': an unknown option, a missing value */
		if (c < OPT_TOKEN || c > OPT_UTS_FD || (seen & (1U << c)))
			return -1;
		seen |= 1U << c;
		if (parse_exec_opt(c, optarg, o))
			return -1;
	}
	if (optind != argc || !o->token || !o->family || o->netns_fd < 0 ||
	    o->uts_fd == o->netns_fd)
		return -1;
	return 0;
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

	/* first: the relay of a pidns program, and all it starts, are in it */
	err = cgroup_join(o);
	if (err)
		program_failed("joining the program's cgroup", -err, 126);
	if (o->pidns) {
		err = pidns_start(o, &what);
		if (err)
			program_failed(what, -err, 126);
	}
	reset_signals();
	err = tun_place(o);
	if (err)
		program_failed("placing the TUN and TAP fds", -err, 126);
	err = creds_apply(o, &what);
	if (err)
		program_failed(what, -err, 126);
	/* a change of uid or gid cleared the parent-death signal */
	if (o->pidns) {
		err = pidns_rearm(&what);
		if (err)
			program_failed(what, -err, 126);
	}
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
	struct job job;
	int sock, code;

	if (exec_parse(&o, argc, argv))
		return NSBOX_HELPER_EXIT_USAGE;

	code = exec_enter(&o, &fail);
	sock = report_open();
	if (!code && (sock < 0 || job_fetch(sock, o.family, o.token, &job))) {
		fail.err = EPROTO;
		code = NSBOX_HELPER_EXIT_REPORT;
	} else if (!code && exec_job(&o, &job)) {
		/* the job lives on: the program's words are in it */
		fail.err = EINVAL;
		code = NSBOX_HELPER_EXIT_USAGE;
	}
	/* before the view, which hides /sys/fs/cgroup under the sandbox's /sys */
	if (!code)
		code = cgroup_make(&o, &fail);
	if (!code)
		code = exec_view(&o, &fail);
	if (!code)
		code = exec_prepare(&o, &fail);
	if (code) {
		cgroup_unmake(&o);
		if (sock >= 0)
			report_send(sock, o.family, o.token, -1, &fail);
		return code;
	}

	/* refused: the request has failed, and nothing may run */
	if (report_send(sock, o.family, o.token, -1, NULL)) {
		cgroup_unmake(&o);
		return NSBOX_HELPER_EXIT_REPORT;
	}
	close(sock);
	exec_program(&o);
}
