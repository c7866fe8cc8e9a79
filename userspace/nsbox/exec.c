// SPDX-License-Identifier: GPL-2.0
/*
 * nsbox exec / run / kill: programs in sandboxes.
 *
 * exec behaves like ip netns exec: the program gets this process's stdin,
 * stdout and stderr (the kernel hands the very same open files to it), its
 * environment and working directory, and its exit status becomes ours. The
 * kernel starts it and tells us its end with a notification on the socket
 * that asked, which therefore belongs to exec alone: the notification may
 * come before the reply, and closing the socket (we die) kills the program.
 * SIGINT, SIGTERM, SIGHUP and SIGQUIT are forwarded with PROG_KILL.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/nsbox.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "genl.h"
#include "netcfg.h"
#include "nsnl.h"
#include "nsbox.h"
#include "prog.h"
#include "util.h"

extern char **environ;

/* capability(7) names, by number, as capsh and setpriv spell them */
static const char * const cap_names[] = {
	"chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill",
	"setgid", "setuid", "setpcap", "linux_immutable", "net_bind_service",
	"net_broadcast", "net_admin", "net_raw", "ipc_lock", "ipc_owner",
	"sys_module", "sys_rawio", "sys_chroot", "sys_ptrace", "sys_pacct",
	"sys_admin", "sys_boot", "sys_nice", "sys_resource", "sys_time",
	"sys_tty_config", "mknod", "lease", "audit_write", "audit_control",
	"setfcap", "mac_override", "mac_admin", "syslog", "wake_alarm",
	"block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore",
};

static const struct {
	const char *name;
	int resource;
} rlimit_names[] = {
	{ "as", RLIMIT_AS }, { "core", RLIMIT_CORE }, { "cpu", RLIMIT_CPU },
	{ "data", RLIMIT_DATA }, { "fsize", RLIMIT_FSIZE }, { "locks", RLIMIT_LOCKS },
	{ "memlock", RLIMIT_MEMLOCK }, { "msgqueue", RLIMIT_MSGQUEUE },
	{ "nice", RLIMIT_NICE }, { "nofile", RLIMIT_NOFILE }, { "nproc", RLIMIT_NPROC },
	{ "rss", RLIMIT_RSS }, { "rtprio", RLIMIT_RTPRIO }, { "rttime", RLIMIT_RTTIME },
	{ "sigpending", RLIMIT_SIGPENDING }, { "stack", RLIMIT_STACK },
};

#define MAX_GROUPS	64
#define MAX_RLIMITS	16

struct prog_opts {
	const char *sandbox;
	const char *name;		/* run */
	const char *log;		/* run */
	int uid, gid;			/* -1: not given */
	uint32_t groups[MAX_GROUPS];
	int ngroups;			/* -1: not given */
	uint64_t caps;
	bool has_caps;
	uint32_t flags;
	struct { uint32_t res; uint64_t soft, hard; } rlimits[MAX_RLIMITS];
	int nrlimits;
	uint32_t timeout_ms;
	char **env;			/* run: env K=V words */
	int nenv;
	struct {
		const char *ifname;
		uint32_t queues;	/* 0: the kernel's default, one */
	} tuns[NSBOX_PROG_TUN_MAX];
	int ntuns;
	struct prog_limits limits;
	struct prog_restart restart;	/* run */
	char **prog;			/* PROGRAM ARGS... */
	int nprog;
};

static int bad(struct nsbox_ctx *ctx, const char *word, const char *value)
{
	ctx->bad_value = true;
	nsbox_err(ctx, "invalid %s \"%s\"", word, value);
	return -1;
}

static int parse_u32(const char *s, uint32_t *v)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno || !*s || *end || n > UINT32_MAX)
		return -1;
	*v = n;
	return 0;
}

static int parse_caps(const char *list, uint64_t *caps)
{
	char *copy = strdup(list), *tok, *save = NULL;
	unsigned int i;
	int err = 0;

	if (!copy)
		return -1;
	*caps = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strncasecmp(tok, "cap_", 4))
			tok += 4;
		for (i = 0; i < ARRAY_SIZE(cap_names); i++)
			if (!strcasecmp(tok, cap_names[i]))
				break;
		if (i == ARRAY_SIZE(cap_names)) {
			err = -1;
			break;
		}
		*caps |= 1ULL << i;
	}
	free(copy);
	return err;
}

static int parse_limit(const char *s, uint64_t *v)
{
	unsigned long long n;
	char *end;

	if (!strcmp(s, "inf") || !strcmp(s, "unlimited")) {
		*v = UINT64_MAX;
		return 0;
	}
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || !*s || *end)
		return -1;
	*v = n;
	return 0;
}

/* rlimit NAME=SOFT[:HARD] */
static int parse_rlimit(struct prog_opts *o, const char *arg)
{
	char buf[64], *eq, *colon;
	unsigned int i;

	if (o->nrlimits == MAX_RLIMITS || strlen(arg) >= sizeof(buf))
		return -1;
	strcpy(buf, arg);
	eq = strchr(buf, '=');
	if (!eq)
		return -1;
	*eq++ = 0;
	colon = strchr(eq, ':');
	if (colon)
		*colon++ = 0;
	for (i = 0; i < ARRAY_SIZE(rlimit_names); i++)
		if (!strcmp(buf, rlimit_names[i].name))
			break;
	if (i == ARRAY_SIZE(rlimit_names))
		return -1;
	o->rlimits[o->nrlimits].res = rlimit_names[i].resource;
	if (parse_limit(eq, &o->rlimits[o->nrlimits].soft) ||
	    parse_limit(colon ? colon : eq, &o->rlimits[o->nrlimits].hard))
		return -1;
	o->nrlimits++;
	return 0;
}

static int parse_groups(struct prog_opts *o, const char *list)
{
	char *copy = strdup(list), *tok, *save = NULL;
	int err = 0;

	if (!copy)
		return -1;
	o->ngroups = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (o->ngroups == MAX_GROUPS || parse_u32(tok, &o->groups[o->ngroups])) {
			err = -1;
			break;
		}
		o->ngroups++;
	}
	free(copy);
	return err;
}

/* SANDBOX [name TAG] [log FILE] [env K=V]... [OPTIONS] -- PROGRAM [ARGS...] */
static int parse_opts(struct nsbox_ctx *ctx, int argc, char **argv, bool daemon,
		      struct prog_opts *o)
{
	uint32_t v;
	int i;

	memset(o, 0, sizeof(*o));
	o->uid = o->gid = -1;
	o->ngroups = -1;
	if (argc < 1)
		return -1;
	o->sandbox = argv[0];
	for (i = 1; i < argc; i++) {
		const char *w = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(w, "--")) {
			o->prog = argv + i + 1;
			o->nprog = argc - i - 1;
			break;
		}
		if (!strcmp(w, "nnp") || !strcmp(w, "no_new_privs")) {
			o->flags |= NSBOX_PROG_F_NO_NEW_PRIVS;
			continue;
		}
		if (!strcmp(w, "nomount")) {
			o->flags |= NSBOX_PROG_F_NO_MOUNT_NS;
			continue;
		}
		if (!strcmp(w, "pidns")) {
			o->flags |= NSBOX_PROG_F_PIDNS;
			continue;
		}
		if (!strcmp(w, "ipcns")) {
			o->flags |= NSBOX_PROG_F_IPCNS;
			continue;
		}
		if (!val)
			return -1;
		i++;
		switch (limits_parse_word(&o->limits, w, val)) {
		case 1:
			continue;
		case -1:
			return bad(ctx, w, val);
		}
		switch (daemon ? restart_parse_word(&o->restart, w, val) : 0) {
		case 1:
			continue;
		case -1:
			return bad(ctx, w, val);
		}
		if (!strcmp(w, "uid")) {
			if (parse_u32(val, &v) || v == UINT32_MAX)
				return bad(ctx, w, val);
			o->uid = v;
		} else if (!strcmp(w, "gid")) {
			if (parse_u32(val, &v) || v == UINT32_MAX)
				return bad(ctx, w, val);
			o->gid = v;
		} else if (!strcmp(w, "groups")) {
			if (parse_groups(o, val))
				return bad(ctx, w, val);
		} else if (!strcmp(w, "caps")) {
			if (parse_caps(val, &o->caps))
				return bad(ctx, w, val);
			o->has_caps = true;
		} else if (!strcmp(w, "rlimit")) {
			if (parse_rlimit(o, val))
				return bad(ctx, w, val);
		} else if (!strcmp(w, "tun")) {
			/* tun IFNAME [queues N] */
			if (o->ntuns == NSBOX_PROG_TUN_MAX || ifname_invalid(val))
				return bad(ctx, w, val);
			o->tuns[o->ntuns].ifname = val;
			if (i + 2 < argc && !strcmp(argv[i + 1], "queues")) {
				if (parse_u32(argv[i + 2], &v) || !v ||
				    v > NSBOX_PROG_TUN_QUEUES_MAX)
					return bad(ctx, argv[i + 1], argv[i + 2]);
				o->tuns[o->ntuns].queues = v;
				i += 2;
			}
			o->ntuns++;
		} else if (!strcmp(w, "timeout")) {
			if (parse_u32(val, &v) || !v || v > UINT32_MAX / 1000)
				return bad(ctx, w, val);
			o->timeout_ms = v * 1000;
		} else if (daemon && !strcmp(w, "name")) {
			o->name = val;
		} else if (daemon && !strcmp(w, "log")) {
			o->log = val;
		} else if (daemon && !strcmp(w, "env")) {
			o->env = realloc(o->env, (o->nenv + 1) * sizeof(*o->env));
			if (!o->env)
				return -1;
			o->env[o->nenv++] = (char *)val;
		} else {
			return -1;
		}
	}
	if (!o->nprog)
		return -1;
	if (daemon && !o->name)
		return -1;
	return 0;
}

/* The request both exec and run send. */
static struct nl_msg *prog_msg(struct nsbox_ctx *ctx, const struct prog_opts *o,
			       uint8_t cmd, bool daemon)
{
	struct nl_msg *msg = genl_msg(ctx, cmd, 0);
	char cwd[PATH_MAX];
	struct nlattr *nest;
	int i;

	if (!msg)
		return NULL;
	if (nla_put_string(msg, NSBOX_A_PROG_SANDBOX, o->sandbox) ||
	    nla_put_string(msg, NSBOX_A_PROG_PATH, o->prog[0]))
		goto fail;
	for (i = 0; i < o->nprog; i++)
		if (nla_put_string(msg, NSBOX_A_PROG_ARG, o->prog[i]))
			goto fail;
	if (daemon) {
		for (i = 0; i < o->nenv; i++)
			if (nla_put_string(msg, NSBOX_A_PROG_ENV, o->env[i]))
				goto fail;
		if (nla_put_string(msg, NSBOX_A_PROG_NAME, o->name) ||
		    (o->log && nla_put_string(msg, NSBOX_A_PROG_LOG, o->log)))
			goto fail;
	} else {
		/* ip netns exec keeps the caller's environment and directory */
		for (i = 0; environ[i]; i++)
			if (nla_put_string(msg, NSBOX_A_PROG_ENV, environ[i]))
				goto fail;
		if (getcwd(cwd, sizeof(cwd)) && nla_put_string(msg, NSBOX_A_PROG_CWD, cwd))
			goto fail;
	}
	if ((o->uid >= 0 && nla_put_u32(msg, NSBOX_A_PROG_UID, o->uid)) ||
	    (o->gid >= 0 && nla_put_u32(msg, NSBOX_A_PROG_GID, o->gid)) ||
	    (o->ngroups >= 0 && nla_put(msg, NSBOX_A_PROG_GROUPS,
					o->ngroups * sizeof(uint32_t), o->groups)) ||
	    (o->has_caps && nla_put_u64(msg, NSBOX_A_PROG_CAPS, o->caps)) ||
	    (o->flags && nla_put_u32(msg, NSBOX_A_PROG_FLAGS, o->flags)) ||
	    (o->timeout_ms && nla_put_u32(msg, NSBOX_A_PROG_TIMEOUT_MS, o->timeout_ms)))
		goto fail;
	for (i = 0; i < o->nrlimits; i++) {
		nest = nla_nest_start(msg, NSBOX_A_PROG_RLIMIT | NLA_F_NESTED);
		if (!nest || nla_put_u32(msg, NSBOX_A_RLIMIT_RESOURCE, o->rlimits[i].res) ||
		    nla_put_u64(msg, NSBOX_A_RLIMIT_SOFT, o->rlimits[i].soft) ||
		    nla_put_u64(msg, NSBOX_A_RLIMIT_HARD, o->rlimits[i].hard))
			goto fail;
		nla_nest_end(msg, nest);
	}
	if (limits_put(msg, &o->limits) || (daemon && restart_put(msg, &o->restart)))
		goto fail;
	for (i = 0; i < o->ntuns; i++) {
		nest = nla_nest_start(msg, NSBOX_A_PROG_TUN | NLA_F_NESTED);
		if (!nest || nla_put_string(msg, NSBOX_A_PROG_TUN_IFNAME, o->tuns[i].ifname) ||
		    (o->tuns[i].queues &&
		     nla_put_u32(msg, NSBOX_A_PROG_TUN_QUEUES, o->tuns[i].queues)))
			goto fail;
		nla_nest_end(msg, nest);
	}
	return msg;
fail:
	genl_msg_too_big(ctx, msg, daemon ? "run" : "exec");
	return NULL;
}

static volatile sig_atomic_t pending_signal;

static void on_signal(int sig)
{
	pending_signal = sig;
}

/* What exec's own socket hears: the reply, acks, and the exit. */
struct exec_state {
	uint32_t seq;		/* of the exec request */
	uint32_t id;
	bool have_id, have_exit, failed, acked;
	uint32_t status;
	uint32_t oom_kills;	/* in its cgroup, if it had one */
	struct nsbox_ctx *ctx;
};

static void exec_parse_error(struct exec_state *st, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	const struct nlattr *nla;
	size_t off = sizeof(*e);

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
		return;
	if (!e->error) {
		/* the exec request's ack follows its reply */
		if (e->msg.nlmsg_seq == st->seq)
			st->acked = true;
		return;
	}
	st->failed = true;
	st->ctx->nl.err = -e->error;
	st->ctx->nl.extack[0] = 0;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	if (NLMSG_LENGTH(off) > nlh->nlmsg_len)
		return;
	nla = (const struct nlattr *)((const char *)e + NLMSG_ALIGN(off));
	if (nsnl_parse(nla, nlh->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(off)), tb,
		       NLMSGERR_ATTR_MAX) || !tb[NLMSGERR_ATTR_MSG])
		return;
	nla = tb[NLMSGERR_ATTR_MSG];
	{
		const char *m = nsnl_attr_data(nla);
		int len = nsnl_attr_len(nla);

		if (len >= 7 && !strncmp(m, "nsbox: ", 7)) {
			m += 7;
			len -= 7;
		}
		snprintf(st->ctx->nl.extack, sizeof(st->ctx->nl.extack), "%.*s", len, m);
	}
}

static void exec_parse_msg(struct exec_state *st, const struct nlmsghdr *nlh, int family)
{
	const struct nlattr *tb[NSBOX_A_PROG_MAX + 1];
	const struct genlmsghdr *g = NLMSG_DATA(nlh);
	struct nlattr *attrs;
	size_t len;

	if (nlh->nlmsg_type == NLMSG_ERROR) {
		exec_parse_error(st, nlh);
		return;
	}
	if (nlh->nlmsg_type != family || nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
		return;
	attrs = nsnl_msg_attrs(nlh, GENL_HDRLEN, &len);
	if (nsnl_parse(attrs, len, tb, NSBOX_A_PROG_MAX))
		return;
	if (g->cmd == NSBOX_CMD_PROG_EXEC && !nsnl_get_u32(tb[NSBOX_A_PROG_ID], &st->id)) {
		st->have_id = true;
	} else if (g->cmd == NSBOX_CMD_PROG_EXIT_NTF &&
		   !nsnl_get_u32(tb[NSBOX_A_PROG_EXIT_STATUS], &st->status)) {
		/* only our own programs' exits are sent to this socket */
		st->have_exit = true;
		if (tb[NSBOX_A_PROG_OOM_KILLS])
			nsnl_get_u32(tb[NSBOX_A_PROG_OOM_KILLS], &st->oom_kills);
	}
}

/* Raw, past libnl: numbered as every raw request of ours is (nsnl.h). */
static int exec_send(int fd, struct nl_msg *msg, uint32_t *seq)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int err;

	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	err = nsnl_send_nlh(fd, nlh);
	*seq = nlh->nlmsg_seq;
	nlmsg_free(msg);
	return err ? -1 : 0;
}

/* PROG_KILL for the program; its ack is ignored, an error is the exec's. */
static void exec_forward(struct nsbox_ctx *ctx, int fd, const struct exec_state *st,
			 const char *sandbox, int sig)
{
	uint32_t buf[64];
	struct nsnl_msg m;

	nsnl_genl_init(&m, buf, sizeof(buf), ctx->family, NLM_F_ACK, NSBOX_CMD_PROG_KILL,
		       NSBOX_GENL_VERSION);
	nsnl_put_str(&m, NSBOX_A_PROG_SANDBOX, sandbox);
	nsnl_put_u32(&m, NSBOX_A_PROG_ID, st->id);
	nsnl_put_u32(&m, NSBOX_A_PROG_SIGNAL, sig);
	nsnl_send(fd, &m);
}

/* Our own socket goes; the family's stays with the context, which frees it. */
static void exec_close(struct nsbox_ctx *ctx, int fd)
{
	if (ctx->batch)
		close(fd);
}

/* The program's wait status as a shell reports it: 128 + N for signal N. */
static int exec_status(struct nsbox_ctx *ctx, uint32_t status, uint32_t oom_kills)
{
	if ((status & 0x7f) == SIGKILL && oom_kills) {
		nsbox_err(ctx, "program killed by the out-of-memory killer (its memory limit)");
		return 128 + SIGKILL;
	}
	if (status & 0x7f) {
		nsbox_err(ctx, "program killed by signal %u (%s)", status & 0x7f,
			  strsignal(status & 0x7f));
		return 128 + (status & 0x7f);
	}
	return (status >> 8) & 0xff;
}

int cmd_exec(struct nsbox_ctx *ctx, int argc, char **argv)
{
	static const int forwarded[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct exec_state st = { .ctx = ctx };
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct sigaction sa = { .sa_handler = on_signal };
	struct prog_opts o;
	static char buf[65536];
	struct nl_msg *msg;
	unsigned int i;
	int fd, one = 1;
	ssize_t len;

	ctx->exits_as_program = true;
	if (parse_opts(ctx, argc, argv, false, &o))
		return NSBOX_EXIT_USAGE;
	if (genl_open(ctx))
		return NSBOX_EXIT_FAIL;

	/*
	 * Alone, the socket that found the family serves: it dies with us.
	 * A batch shares that one with the commands after us, and it would
	 * keep a program we gave up on running: it gets one of its own.
	 */
	if (ctx->batch) {
		fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
		if (fd < 0 || connect(fd, (struct sockaddr *)&kernel, sizeof(kernel))) {
			nsbox_err(ctx, "exec: socket: %s", strerror(errno));
			return NSBOX_EXIT_FAIL;
		}
		setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	} else {
		fd = genl_fd(ctx);
	}

	/* handlers without SA_RESTART: a signal interrupts recv() */
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(forwarded); i++)
		sigaction(forwarded[i], &sa, NULL);

	msg = prog_msg(ctx, &o, NSBOX_CMD_PROG_EXEC, false);
	if (!msg || exec_send(fd, msg, &st.seq)) {
		exec_close(ctx, fd);
		return NSBOX_EXIT_FAIL;
	}

	while (!st.have_exit && !st.failed) {
		struct nlmsghdr *nlh;

		len = recv(fd, buf, sizeof(buf), 0);
		if (len < 0 && errno == EINTR) {
			int sig = pending_signal;

			pending_signal = 0;
			if (sig && st.have_id)
				exec_forward(ctx, fd, &st, o.sandbox, sig);
			continue;
		}
		if (len <= 0) {
			nsbox_err(ctx, "exec: %s",
				  len ? strerror(errno) : "the kernel closed the socket");
			exec_close(ctx, fd);
			return NSBOX_EXIT_FAIL;
		}
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len))
			exec_parse_msg(&st, nlh, ctx->family);
		if (st.acked && !st.have_id) {
			nsbox_err(ctx, "exec: the kernel acknowledged without a reply");
			exec_close(ctx, fd);
			return NSBOX_EXIT_FAIL;
		}
		/* a signal that came before the reply goes as soon as we can name it */
		if (pending_signal && st.have_id) {
			exec_forward(ctx, fd, &st, o.sandbox, pending_signal);
			pending_signal = 0;
		}
	}
	exec_close(ctx, fd);
	if (st.failed)
		return genl_perror(ctx, "exec");
	/* the program's status, not ours: 2 is no usage error then */
	ctx->program_status = true;
	return exec_status(ctx, st.status, st.oom_kills);
}

int cmd_run(struct nsbox_ctx *ctx, int argc, char **argv)
{
	struct nl_msg *msg, *reply = NULL;
	struct nlattr *tb[NSBOX_A_PROG_MAX + 1];
	struct prog_opts o;
	int err;

	err = parse_opts(ctx, argc, argv, true, &o);
	if (err) {
		free(o.env);
		return NSBOX_EXIT_USAGE;
	}
	if (genl_open(ctx)) {
		free(o.env);
		return NSBOX_EXIT_FAIL;
	}
	msg = prog_msg(ctx, &o, NSBOX_CMD_PROG_RUN, true);
	free(o.env);
	if (!msg)
		return NSBOX_EXIT_FAIL;
	if (genl_do(ctx, msg, &reply))
		return genl_perror(ctx, "run");
	if (reply && ctx->out.json &&
	    !genlmsg_parse(nlmsg_hdr(reply), 0, tb, NSBOX_A_PROG_MAX, NULL)) {
		open_json_object(&ctx->out, NULL);
		if (tb[NSBOX_A_PROG_ID])
			jw_uint(&ctx->out.jw, "id", nla_get_u32(tb[NSBOX_A_PROG_ID]));
		if (tb[NSBOX_A_PROG_PID])
			jw_uint(&ctx->out.jw, "pid", nla_get_u32(tb[NSBOX_A_PROG_PID]));
		close_json_object(&ctx->out);
	}
	nlmsg_free(reply);
	return 0;
}

/* SANDBOX TAG [SIGNAL]: by name (TERM, SIGTERM) or number */
int cmd_kill(struct nsbox_ctx *ctx, int argc, char **argv)
{
	struct nl_msg *msg;
	uint32_t sig = SIGTERM;

	if (argc < 2 || argc > 3)
		return NSBOX_EXIT_USAGE;
	if (argc == 3) {
		const char *s = argv[2];
		int i;

		if (!strncasecmp(s, "SIG", 3))
			s += 3;
		if (parse_u32(s, &sig)) {
			for (i = 1; i < NSIG; i++) {
				const char *abbrev = sigabbrev_np(i);

				if (abbrev && !strcasecmp(s, abbrev))
					break;
			}
			if (i == NSIG) {
				bad(ctx, "signal", argv[2]);
				return NSBOX_EXIT_USAGE;
			}
			sig = i;
		}
		if (!sig || sig >= NSIG) {
			bad(ctx, "signal", argv[2]);
			return NSBOX_EXIT_USAGE;
		}
	}
	if (genl_open(ctx))
		return NSBOX_EXIT_FAIL;
	msg = genl_msg(ctx, NSBOX_CMD_PROG_KILL, 0);
	if (!msg)
		return NSBOX_EXIT_FAIL;
	if (nla_put_string(msg, NSBOX_A_PROG_SANDBOX, argv[0]) ||
	    nla_put_string(msg, NSBOX_A_PROG_NAME, argv[1]) ||
	    nla_put_u32(msg, NSBOX_A_PROG_SIGNAL, sig))
		return genl_msg_too_big(ctx, msg, "kill");
	if (genl_do(ctx, msg, NULL))
		return genl_perror(ctx, "kill");
	return 0;
}

static struct nla_policy prog_policy[NSBOX_A_PROG_MAX + 1] = {
	[NSBOX_A_PROG_SANDBOX]		= { .type = NLA_STRING },
	[NSBOX_A_PROG_NAME]		= { .type = NLA_STRING },
	[NSBOX_A_PROG_ID]		= { .type = NLA_U32 },
	[NSBOX_A_PROG_PID]		= { .type = NLA_U32 },
	[NSBOX_A_PROG_STATE]		= { .type = NLA_U32 },
	[NSBOX_A_PROG_FLAGS]		= { .type = NLA_U32 },
	[NSBOX_A_PROG_EXIT_STATUS]	= { .type = NLA_U32 },
	[NSBOX_A_PROG_STARTED_NS]	= { .type = NLA_U64 },
	[NSBOX_A_PROG_MEMORY_MAX]	= { .type = NLA_U64 },
	[NSBOX_A_PROG_CPU_QUOTA_US]	= { .type = NLA_U32 },
	[NSBOX_A_PROG_CPU_PERIOD_US]	= { .type = NLA_U32 },
	[NSBOX_A_PROG_CPU_WEIGHT]	= { .type = NLA_U32 },
	[NSBOX_A_PROG_PIDS_MAX]		= { .type = NLA_U32 },
	[NSBOX_A_PROG_CGROUP]		= { .type = NLA_STRING },
	[NSBOX_A_PROG_OOM_KILLS]	= { .type = NLA_U32 },
	[NSBOX_A_PROG_RESTART]		= { .type = NLA_U32 },
	[NSBOX_A_PROG_RESTART_DELAY_MS]	= { .type = NLA_U32 },
	[NSBOX_A_PROG_RESTART_DELAY_MAX_MS] = { .type = NLA_U32 },
	[NSBOX_A_PROG_START_LIMIT_BURST] = { .type = NLA_U32 },
	[NSBOX_A_PROG_START_LIMIT_INTERVAL_MS] = { .type = NLA_U32 },
	[NSBOX_A_PROG_RESTARTS]		= { .type = NLA_U32 },
	[NSBOX_A_PROG_RESTART_IN_MS]	= { .type = NLA_U32 },
	[NSBOX_A_PROG_FAILED_REASON]	= { .type = NLA_STRING },
};

static int prog_from_tb(struct nlattr **tb, struct nsbox_prog_info *p)
{
	memset(p, 0, sizeof(*p));
	if (!tb[NSBOX_A_PROG_ID])
		return -EBADMSG;
	p->id = nla_get_u32(tb[NSBOX_A_PROG_ID]);
	if (tb[NSBOX_A_PROG_PID])
		p->pid = nla_get_u32(tb[NSBOX_A_PROG_PID]);
	if (tb[NSBOX_A_PROG_STATE])
		p->state = nla_get_u32(tb[NSBOX_A_PROG_STATE]);
	if (tb[NSBOX_A_PROG_FLAGS])
		p->flags = nla_get_u32(tb[NSBOX_A_PROG_FLAGS]);
	if (tb[NSBOX_A_PROG_STARTED_NS])
		p->started_ns = nla_get_u64(tb[NSBOX_A_PROG_STARTED_NS]);
	if (tb[NSBOX_A_PROG_EXIT_STATUS]) {
		p->exit_status = nla_get_u32(tb[NSBOX_A_PROG_EXIT_STATUS]);
		p->exited = true;
	}
	if (tb[NSBOX_A_PROG_SANDBOX])
		snprintf(p->sandbox, sizeof(p->sandbox), "%s",
			 (char *)nla_data(tb[NSBOX_A_PROG_SANDBOX]));
	if (tb[NSBOX_A_PROG_NAME])
		snprintf(p->name, sizeof(p->name), "%s", (char *)nla_data(tb[NSBOX_A_PROG_NAME]));
	limits_from_tb(tb, &p->limits);
	if (tb[NSBOX_A_PROG_CGROUP])
		nla_strlcpy(p->cgroup, tb[NSBOX_A_PROG_CGROUP], sizeof(p->cgroup));
	if (tb[NSBOX_A_PROG_OOM_KILLS]) {
		p->oom_kills = nla_get_u32(tb[NSBOX_A_PROG_OOM_KILLS]);
		p->has_oom_kills = true;
	}
	restart_from_tb(tb, &p->restart);
	return 0;
}

/* The TUN and TAP links, one NSBOX_A_PROG_TUN each, among the attributes at head. */
static int prog_tuns(struct nlattr *head, int len, struct nsbox_prog_info *p)
{
	struct nlattr *tb[NSBOX_A_PROG_TUN_MAX + 1], *nla;
	int rem;

	nla_for_each_attr(nla, head, len, rem) {
		if (nla_type(nla) != NSBOX_A_PROG_TUN)
			continue;
		if (p->ntuns == NSBOX_PROG_TUN_MAX ||
		    nla_parse_nested(tb, NSBOX_A_PROG_TUN_MAX, nla, NULL) ||
		    !tb[NSBOX_A_PROG_TUN_IFNAME] || !tb[NSBOX_A_PROG_TUN_QUEUES])
			return -EBADMSG;
		nla_strlcpy(p->tuns[p->ntuns].ifname, tb[NSBOX_A_PROG_TUN_IFNAME],
			    sizeof(p->tuns[0].ifname));
		p->tuns[p->ntuns++].queues = nla_get_u32(tb[NSBOX_A_PROG_TUN_QUEUES]);
	}
	return 0;
}

int prog_parse_nest(struct nlattr *nest, struct nsbox_prog_info *p)
{
	struct nlattr *tb[NSBOX_A_PROG_MAX + 1];

	if (nla_parse_nested(tb, NSBOX_A_PROG_MAX, nest, prog_policy) || prog_from_tb(tb, p))
		return -EBADMSG;
	return prog_tuns(nla_data(nest), nla_len(nest), p);
}

int prog_parse_msg(struct nl_msg *msg, struct nsbox_prog_info *p)
{
	struct nlattr *tb[NSBOX_A_PROG_MAX + 1];
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	if (genlmsg_parse(nlh, 0, tb, NSBOX_A_PROG_MAX, prog_policy) || prog_from_tb(tb, p))
		return -EBADMSG;
	return prog_tuns(genlmsg_attrdata(nlmsg_data(nlh), 0),
			 genlmsg_attrlen(nlmsg_data(nlh), 0), p);
}

static const char *prog_state_name(uint32_t state)
{
	switch (state) {
	case NSBOX_PROG_STATE_STARTING:
		return "starting";
	case NSBOX_PROG_STATE_RUNNING:
		return "running";
	case NSBOX_PROG_STATE_EXITED:
		return "exited";
	case NSBOX_PROG_STATE_RESTARTING:
		return "restarting";
	case NSBOX_PROG_STATE_FAILED:
		return "failed";
	default:
		return "unknown";
	}
}

void prog_print(struct output *out, const struct nsbox_prog_info *p, const char *sep)
{
	unsigned int i;

	open_json_object(out, NULL);
	print_text(out, "%sprog ", sep);
	print_string(out, "name", "%s", p->name[0] ? p->name : "-");
	print_uint(out, "id", " id %u", p->id);
	print_uint(out, "pid", " pid %u", p->pid);
	print_string(out, "state", " state %s", prog_state_name(p->state));
	if (out->json) {
		jw_bool(&out->jw, "daemon", p->flags & NSBOX_PROG_F_DAEMON);
		jw_bool(&out->jw, "pidns", p->flags & NSBOX_PROG_F_PIDNS);
		jw_bool(&out->jw, "ipcns", p->flags & NSBOX_PROG_F_IPCNS);
	} else {
		print_text(out, "%s%s", p->flags & NSBOX_PROG_F_PIDNS ? " pidns" : "",
			   p->flags & NSBOX_PROG_F_IPCNS ? " ipcns" : "");
	}
	if (p->exited)
		print_uint(out, "exit_status", " exit-status %u", p->exit_status);
	limits_print(out, &p->limits);
	if (p->cgroup[0])
		print_string(out, "cgroup", " cgroup %s", p->cgroup);
	if (p->has_oom_kills)
		print_uint(out, "oom_kills", " oom-kills %u", p->oom_kills);
	restart_print(out, &p->restart, false);
	if (p->ntuns)
		open_json_array(out, "tun");
	for (i = 0; i < p->ntuns; i++) {
		open_json_object(out, NULL);
		print_string(out, "ifname", " tun %s", p->tuns[i].ifname);
		if (out->json || p->tuns[i].queues > 1)
			print_uint(out, "queues", " queues %u", p->tuns[i].queues);
		close_json_object(out);
	}
	if (p->ntuns)
		close_json_array(out);
	close_json_object(out);
}

/*
 * monitor: "prog-exit SANDBOX NAME id N pid P exit-status E [oom-kills N]
 * [state S restarts N [restart-in D] [failed "WHY"]]" for an exit, where a
 * daemon with a restart policy says what comes next; "prog-restart SANDBOX
 * NAME id N pid P restarts N" when it is started again.
 */
void prog_event(struct nsbox_ctx *ctx, struct nl_msg *msg)
{
	bool restart = genlmsg_hdr(nlmsg_hdr(msg))->cmd == NSBOX_CMD_PROG_RESTART_NTF;
	struct output *out = &ctx->out;
	struct nsbox_prog_info p;

	if (prog_parse_msg(msg, &p)) {
		nsbox_err(ctx, "monitor: malformed program event");
		return;
	}
	event_open(ctx);
	print_string(out, "event", "%s ", restart ? "prog-restart" : "prog-exit");
	print_string(out, "sandbox", "%s", p.sandbox);
	if (p.name[0])
		print_string(out, "name", " %s", p.name);
	print_uint(out, "id", " id %u", p.id);
	print_uint(out, "pid", " pid %u", p.pid);
	if (p.exited)
		print_uint(out, "exit_status", " exit-status %u", p.exit_status);
	if (p.has_oom_kills)
		print_uint(out, "oom_kills", " oom-kills %u", p.oom_kills);
	if (p.restart.restart && !restart)
		print_string(out, "state", " state %s", prog_state_name(p.state));
	restart_print(out, &p.restart, true);
	print_text(out, "\n");
	close_json_object(out);
	fflush(stdout);
}
