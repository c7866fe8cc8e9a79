// SPDX-License-Identifier: GPL-2.0
/*
 * Programs in sandboxes: one-shot commands (exec, like ip netns exec) and
 * supervised daemons (run), started by the kernel through nsbox-helper.
 *
 * The helper enters the sandbox's namespaces, sets up the program's view and
 * privileges, reports, and execs the program in its own place: the program
 * is the process the module launched, so the module knows its struct pid and
 * learns its wait status when it ends (UMH_WAIT_PROC, in a work item). The
 * request returns as soon as the helper reported; the exit is a
 * notification, sent to the exec caller's socket and to the events group, so
 * that a caller never waits for a program inside a netlink request and can
 * forward its signals (PROG_KILL).
 *
 * Lifetime: a running program holds a reference on its sandbox. Deleting
 * the sandbox stops its programs (SIGTERM, then SIGKILL after a grace
 * period); the namespaces go when the last of them has exited. An exec'd
 * program is killed when its caller's socket closes. Module unload stops
 * every program and waits for them (the work items run module code until
 * the very end).
 *
 * References on a struct nsbox_prog: the tables' (the sandbox's list, the
 * global list and the id), held from registration until an exec'd program
 * exits or, for a daemon, until its record is dropped (a new daemon of the
 * same name, or the sandbox's release); and the helper work's, for the exit
 * callback. The sandbox reference is the running program's: dropped at exit.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/pid.h>
#include <linux/resource.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "nsbox.h"

#define NSBOX_PROG_ARGS_MAX	1024		/* argv entries, env entries */
#define NSBOX_PROG_BYTES_MAX	(128 * 1024)	/* argv and env together */
#define NSBOX_PROG_GROUPS_MAX	64
#define NSBOX_PROG_GRACE	(2 * HZ)	/* SIGTERM, then SIGKILL */

unsigned int nsbox_max_programs = 256;

struct nsbox_prog {
	struct kref		ref;
	struct list_head	sb_node;	/* sb->progs, under nsbox_lock */
	struct list_head	all_node;	/* nsbox_progs, under nsbox_lock */
	struct nsbox_sandbox	*sb;		/* counted */
	u32			id;
	bool			daemon;
	/*
	 * Asked to go while still starting (its sandbox deleted, its exec
	 * caller gone): done as soon as it runs. Under nsbox_lock.
	 */
	int			pending_signal;
	struct net		*owner_net;	/* exec: the caller's, for its exit */
	u32			owner_portid;
	struct pid		*pid;
	u32			pid_nr;
	u32			state;		/* NSBOX_PROG_STATE_*, under nsbox_lock */
	u32			exit_status;
	u64			started_ns;
	u32			timeout_ms;
	struct delayed_work	timeout_work;	/* kills it when it runs too long */
	struct delayed_work	stop_work;	/* SIGKILL after the grace period */
	char			name[NSBOX_NAME_MAX + 1];
};

static LIST_HEAD(nsbox_progs);
static DEFINE_XARRAY_ALLOC1(nsbox_prog_ids);
static u32 nsbox_prog_next_id;
static atomic_t nsbox_progs_running = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(nsbox_progs_wq);

/**
 * nsbox_prog_count() - How many programs are starting or running.
 *
 * Return: the programs registered and not yet exited, module-wide, as
 * max_programs counts them; a lockless snapshot.
 */
u32 nsbox_prog_count(void)
{
	return atomic_read(&nsbox_progs_running);
}

static void nsbox_prog_release(struct kref *ref)
{
	struct nsbox_prog *prog = container_of(ref, struct nsbox_prog, ref);

	put_pid(prog->pid);
	kfree(prog);
}

static void nsbox_prog_put(struct nsbox_prog *prog)
{
	kref_put(&prog->ref, nsbox_prog_release);
}

/* Forget a record: off the lists and the id. nsbox_lock held. */
static void nsbox_prog_unlist(struct nsbox_prog *prog)
{
	nsbox_sandbox_assert_locked();
	list_del_init(&prog->sb_node);
	list_del_init(&prog->all_node);
	xa_erase(&nsbox_prog_ids, prog->id);
}

static void nsbox_prog_signal(struct nsbox_prog *prog, int sig)
{
	if (prog->pid)
		kill_pid(prog->pid, sig, 1);
}

static void nsbox_prog_timeout(struct work_struct *work)
{
	struct nsbox_prog *prog = container_of(to_delayed_work(work), struct nsbox_prog,
					       timeout_work);

	pr_debug("program %u ran past its timeout: killed\n", prog->id);
	nsbox_prog_signal(prog, SIGKILL);
}

static void nsbox_prog_stop(struct work_struct *work)
{
	nsbox_prog_signal(container_of(to_delayed_work(work), struct nsbox_prog, stop_work),
			  SIGKILL);
}

static int nsbox_prog_put_attrs(struct sk_buff *skb, const struct nsbox_prog *prog)
{
	return nla_put_string(skb, NSBOX_A_PROG_SANDBOX, prog->sb->name) ||
	       nla_put_u32(skb, NSBOX_A_PROG_ID, prog->id) ||
	       (prog->daemon && nla_put_string(skb, NSBOX_A_PROG_NAME, prog->name)) ||
	       nla_put_u32(skb, NSBOX_A_PROG_PID, prog->pid_nr) ||
	       nla_put_u32(skb, NSBOX_A_PROG_STATE, prog->state) ||
	       nla_put_u32(skb, NSBOX_A_PROG_FLAGS, prog->daemon ? NSBOX_PROG_F_DAEMON : 0) ||
	       nla_put_u64_64bit(skb, NSBOX_A_PROG_STARTED_NS, prog->started_ns,
				 NSBOX_A_PROG_PAD) ||
	       (prog->state == NSBOX_PROG_STATE_EXITED &&
		nla_put_u32(skb, NSBOX_A_PROG_EXIT_STATUS, prog->exit_status)) ? -EMSGSIZE : 0;
}

/**
 * nsbox_prog_size_all() - Room for the programs of a sandbox.
 * @sb: the sandbox.
 *
 * Context: nsbox_lock held.
 *
 * Every record on @sb->progs is counted, exited daemons too: @sb->nprogs
 * counts only the programs that still run.
 *
 * Return: room for the records as nsbox_prog_put_all() puts them.
 */
size_t nsbox_prog_size_all(const struct nsbox_sandbox *sb)
{
	const struct nsbox_prog *prog;
	size_t n = 0;

	nsbox_sandbox_assert_locked();
	list_for_each_entry(prog, &sb->progs, sb_node)
		n++;
	return n *
	       (nla_total_size(0) +					/* the nest */
		2 * nla_total_size(NSBOX_NAME_MAX + 1) +		/* sandbox, name */
		5 * nla_total_size(sizeof(u32)) +			/* id, pid, ... */
		nla_total_size_64bit(sizeof(u64)));			/* started */
}

/**
 * nsbox_prog_put_all() - Put the programs of a sandbox.
 * @skb: the message: a SANDBOX_GET reply or dump.
 * @sb: the sandbox.
 *
 * The programs of @sb, for SANDBOX_GET: one nest for each record on
 * @sb->progs, that is starting and running programs and exited daemons,
 * which stay listed with their exit status.
 *
 * Context: nsbox_lock held.
 *
 * Return: 0, or -EMSGSIZE if @skb is full; an unfinished nest may be left in
 * @skb, for the caller to trim or cancel.
 */
int nsbox_prog_put_all(struct sk_buff *skb, const struct nsbox_sandbox *sb)
{
	const struct nsbox_prog *prog;
	struct nlattr *nest;

	nsbox_sandbox_assert_locked();
	list_for_each_entry(prog, &sb->progs, sb_node) {
		nest = nla_nest_start(skb, NSBOX_A_SANDBOX_PROG);
		if (!nest || nsbox_prog_put_attrs(skb, prog))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

/*
 * Tell the exec caller (unicast) and the events group how it ended.
 * nsbox_lock held: the record and its sandbox's owner_dead are read whole.
 */
static void nsbox_prog_notify_exit(const struct nsbox_prog *prog)
{
	struct net *net = prog->sb->owner_net;
	struct genl_family *family = nsbox_genl_family();
	struct sk_buff *msg;
	void *hdr;
	int i;

	nsbox_sandbox_assert_locked();
	if (!nsbox_genl_registered() || prog->sb->owner_dead)
		return;
	for (i = 0; i < 2; i++) {
		bool unicast = i == 0;

		if (unicast && prog->daemon)
			continue;
		if (!unicast && !genl_has_listeners(family, net, 0))
			continue;
		msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
		if (!msg)
			return;
		hdr = genlmsg_put(msg, 0, 0, family, 0, NSBOX_CMD_PROG_EXIT_NTF);
		if (!hdr || nsbox_prog_put_attrs(msg, prog)) {
			nlmsg_free(msg);
			return;
		}
		genlmsg_end(msg, hdr);
		if (unicast)
			genlmsg_unicast(prog->owner_net, msg, prog->owner_portid);
		else
			genlmsg_multicast_netns(family, net, msg, 0, 0, GFP_KERNEL);
	}
}

/* The helper work saw the program end. Module code: runs before unload ends. */
static void nsbox_prog_exited(void *data, int status)
{
	struct nsbox_prog *prog = data;
	struct nsbox_sandbox *sb = prog->sb;

	nsbox_sandbox_lock();
	prog->state = NSBOX_PROG_STATE_EXITED;
	prog->exit_status = status;
	sb->nprogs--;
	nsbox_prog_notify_exit(prog);
	/* one-shot programs are done; daemons stay listed with their status */
	if (!prog->daemon)
		nsbox_prog_unlist(prog);
	nsbox_sandbox_unlock();

	cancel_delayed_work_sync(&prog->timeout_work);
	cancel_delayed_work_sync(&prog->stop_work);
	if (atomic_dec_and_test(&nsbox_progs_running))
		wake_up_all(&nsbox_progs_wq);
	if (!prog->daemon)
		nsbox_prog_put(prog);	/* the tables' */
	nsbox_prog_put(prog);		/* the helper's */
	nsbox_sandbox_put(sb);		/* the running program's */
}

static char **nsbox_strv(struct genl_info *info, int type, unsigned int *count,
			 size_t *bytes, int *err)
{
	unsigned int n = 0, i = 0;
	struct nlattr *nla;
	char **v;
	int rem;

	nlmsg_for_each_attr(nla, info->nlhdr, GENL_HDRLEN, rem)
		if (nla_type(nla) == type)
			n++;
	*err = -E2BIG;
	if (n > NSBOX_PROG_ARGS_MAX)
		return NULL;
	*err = -ENOMEM;
	v = kcalloc(n + 1, sizeof(*v), GFP_KERNEL);
	if (!v)
		return NULL;
	nlmsg_for_each_attr(nla, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(nla) != type)
			continue;
		*bytes += nla_len(nla);
		v[i] = kstrndup(nla_data(nla), nla_len(nla), GFP_KERNEL);
		if (!v[i++])
			goto err;
	}
	*count = n;
	*err = 0;
	return v;
err:
	while (i--)
		kfree(v[i]);
	kfree(v);
	return NULL;
}

static void nsbox_strv_free(char **v)
{
	unsigned int i;

	for (i = 0; v && v[i]; i++)
		kfree(v[i]);
	kfree(v);
}

static struct file *nsbox_open_null(int flags)
{
	return filp_open("/dev/null", flags, 0);
}

/* exec: the caller's own stdin, stdout and stderr; run: /dev/null and the log. */
static int nsbox_prog_stdio(struct genl_info *info, bool daemon, struct file *stdio[3])
{
	/* exec's policy has no log: its attrs[] ends before it */
	struct nlattr *log = daemon ? info->attrs[NSBOX_A_PROG_LOG] : NULL;
	int i;

	for (i = 0; i < 3; i++) {
		if (!daemon)
			stdio[i] = fget(i);
		else if (i == 0 || !log)
			stdio[i] = nsbox_open_null(i ? O_WRONLY : O_RDONLY);
		else if (i == 1)
			stdio[i] = filp_open(nla_data(log), O_WRONLY | O_CREAT | O_APPEND |
					     O_NOFOLLOW | O_LARGEFILE, 0640);
		else
			stdio[i] = get_file(stdio[1]);
		/* a caller without one of them gets /dev/null there */
		if (!daemon && !stdio[i])
			stdio[i] = nsbox_open_null(i ? O_WRONLY : O_RDONLY);
		if (IS_ERR(stdio[i])) {
			int err = PTR_ERR(stdio[i]);

			stdio[i] = NULL;
			NL_SET_ERR_MSG_ATTR(info->extack, log, "cannot open the log file");
			return err;
		}
	}
	return 0;
}

/* Everything the helper is told besides the fds, as words after "exec". */
static int nsbox_prog_words(struct genl_info *info, struct nsbox_helper_job *job,
			    const struct nsbox_sandbox *sb)
{
	struct nlattr **attrs = info->attrs;
	struct nlattr *nla;
	int rem;

	nsbox_job_word(job, "--sandbox");
	nsbox_job_word(job, "%s", sb->name);
	if (attrs[NSBOX_A_PROG_CWD]) {
		const char *cwd = nla_data(attrs[NSBOX_A_PROG_CWD]);

		if (cwd[0] != '/') {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[NSBOX_A_PROG_CWD],
					    "working directory must be absolute");
			return -EINVAL;
		}
		nsbox_job_word(job, "--cwd");
		nsbox_job_word(job, "%s", cwd);
	}
	if (attrs[NSBOX_A_PROG_UID])
		nsbox_job_word(job, "--uid=%u", nla_get_u32(attrs[NSBOX_A_PROG_UID]));
	if (attrs[NSBOX_A_PROG_GID])
		nsbox_job_word(job, "--gid=%u", nla_get_u32(attrs[NSBOX_A_PROG_GID]));
	if (attrs[NSBOX_A_PROG_GROUPS]) {
		int len = nla_len(attrs[NSBOX_A_PROG_GROUPS]);
		const u32 *g = nla_data(attrs[NSBOX_A_PROG_GROUPS]);
		int i, n = len / sizeof(u32);
		char *list, *p;

		if (len % sizeof(u32) || n > NSBOX_PROG_GROUPS_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[NSBOX_A_PROG_GROUPS],
					    "groups: an array of at most 64 u32");
			return -EINVAL;
		}
		list = kzalloc(n * 11 + 1, GFP_KERNEL);
		if (!list)
			return -ENOMEM;
		for (i = 0, p = list; i < n; i++)
			p += sprintf(p, "%s%u", i ? "," : "", g[i]);
		nsbox_job_word(job, "--groups=%s", list);
		kfree(list);
	}
	if (attrs[NSBOX_A_PROG_CAPS]) {
		u64 caps = nla_get_u64(attrs[NSBOX_A_PROG_CAPS]);

		if (caps & ~GENMASK_ULL(CAP_LAST_CAP, 0)) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[NSBOX_A_PROG_CAPS],
					    "unknown capability");
			return -EINVAL;
		}
		nsbox_job_word(job, "--caps=%llx", caps);
	}
	if (attrs[NSBOX_A_PROG_FLAGS]) {
		u32 flags = nla_get_u32(attrs[NSBOX_A_PROG_FLAGS]);

		if (flags & NSBOX_PROG_F_NO_NEW_PRIVS)
			nsbox_job_word(job, "--no-new-privs");
		if (flags & NSBOX_PROG_F_NO_MOUNT_NS)
			nsbox_job_word(job, "--no-mount");
	}
	nlmsg_for_each_attr(nla, info->nlhdr, GENL_HDRLEN, rem) {
		struct nlattr *tb[NSBOX_A_RLIMIT_MAX + 1];
		u64 soft, hard;
		u32 res;
		int err;

		if (nla_type(nla) != NSBOX_A_PROG_RLIMIT)
			continue;
		err = nla_parse_nested(tb, NSBOX_A_RLIMIT_MAX, nla, NULL, info->extack);
		if (err)
			return err;
		if (!tb[NSBOX_A_RLIMIT_RESOURCE] || !tb[NSBOX_A_RLIMIT_SOFT] ||
		    !tb[NSBOX_A_RLIMIT_HARD]) {
			NL_SET_ERR_MSG_ATTR(info->extack, nla, "rlimit: resource, soft and hard");
			return -EINVAL;
		}
		res = nla_get_u32(tb[NSBOX_A_RLIMIT_RESOURCE]);
		soft = nla_get_u64(tb[NSBOX_A_RLIMIT_SOFT]);
		hard = nla_get_u64(tb[NSBOX_A_RLIMIT_HARD]);
		if (res >= RLIM_NLIMITS || soft > hard) {
			NL_SET_ERR_MSG_ATTR(info->extack, nla,
					    "rlimit: unknown resource, or soft above hard");
			return -EINVAL;
		}
		nsbox_job_word(job, "--rlimit");
		if (hard == U64_MAX && soft == U64_MAX)
			nsbox_job_word(job, "%u:inf:inf", res);
		else if (hard == U64_MAX)
			nsbox_job_word(job, "%u:%llu:inf", res, soft);
		else
			nsbox_job_word(job, "%u:%llu:%llu", res, soft, hard);
	}
	return 0;
}

static int nsbox_reply_prog(struct genl_info *info, u32 id, u32 pid)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = nsbox_msg_put(msg, info->snd_portid, info->snd_seq, 0, info->genlhdr->cmd);
	if (!hdr || nla_put_u32(msg, NSBOX_A_PROG_ID, id) ||
	    nla_put_u32(msg, NSBOX_A_PROG_PID, pid)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* A daemon's environment unless the request gives one: clean, PATH set. */
static char **nsbox_default_envp(void)
{
	static const char * const env[] = {
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"HOME=/",
	};
	char **v = kcalloc(ARRAY_SIZE(env) + 1, sizeof(*v), GFP_KERNEL);
	unsigned int i;

	for (i = 0; v && i < ARRAY_SIZE(env); i++) {
		v[i] = kstrdup(env[i], GFP_KERNEL);
		if (!v[i]) {
			nsbox_strv_free(v);
			return NULL;
		}
	}
	return v;
}

/**
 * nsbox_may_signal() - May the sender of a request start or signal programs?
 * @skb: the request.
 *
 * Programs run as full root unless told otherwise, so whatever starts one or
 * makes one get a signal (kill, or deleting its sandbox) takes CAP_SYS_ADMIN
 * in the initial user namespace, on the socket and the caller, besides the
 * CAP_NET_ADMIN of every op: signalling another user's process takes more
 * than CAP_NET_ADMIN anywhere else.
 *
 * Return: true if both the opener of the sending socket and the sender have
 * CAP_SYS_ADMIN in the initial user namespace.
 */
bool nsbox_may_signal(struct sk_buff *skb)
{
	return netlink_capable(skb, CAP_SYS_ADMIN);
}

static int nsbox_prog_check(struct sk_buff *skb, struct genl_info *info, bool daemon)
{
	struct nlattr **attrs = info->attrs;

	if (!nsbox_may_signal(skb)) {
		NL_SET_ERR_MSG_MOD(info->extack, "launching programs needs CAP_SYS_ADMIN");
		return -EPERM;
	}
	if (GENL_REQ_ATTR_CHECK(info, NSBOX_A_PROG_SANDBOX) ||
	    GENL_REQ_ATTR_CHECK(info, NSBOX_A_PROG_PATH)) {
		NL_SET_ERR_MSG_MOD(info->extack, "sandbox and program path are required");
		return -EINVAL;
	}
	if (((char *)nla_data(attrs[NSBOX_A_PROG_PATH]))[0] != '/') {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[NSBOX_A_PROG_PATH],
				    "program path must be absolute");
		return -EINVAL;
	}
	if (daemon && GENL_REQ_ATTR_CHECK(info, NSBOX_A_PROG_NAME)) {
		NL_SET_ERR_MSG_MOD(info->extack, "a daemon needs a name");
		return -EINVAL;
	}
	if (daemon && attrs[NSBOX_A_PROG_LOG] &&
	    ((char *)nla_data(attrs[NSBOX_A_PROG_LOG]))[0] != '/') {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[NSBOX_A_PROG_LOG],
				    "log path must be absolute");
		return -EINVAL;
	}
	return 0;
}

/* The helper's job: fds, environment, and the words after "exec". */
static int nsbox_prog_job(struct genl_info *info, bool daemon, struct nsbox_sandbox *sb,
			  struct nsbox_helper_job *job)
{
	unsigned int argc = 0, envc = 0, i;
	const char *path = nla_data(info->attrs[NSBOX_A_PROG_PATH]);
	size_t bytes = 0;
	char **argv;
	int err;

	argv = nsbox_strv(info, NSBOX_A_PROG_ARG, &argc, &bytes, &err);
	if (!argv)
		return err;
	job->envp = nsbox_strv(info, NSBOX_A_PROG_ENV, &envc, &bytes, &err);
	if (!job->envp)
		goto out;
	err = -E2BIG;
	if (bytes > NSBOX_PROG_BYTES_MAX) {
		NL_SET_ERR_MSG_MOD(info->extack, "arguments and environment exceed 128 KiB");
		goto out;
	}
	if (!envc && daemon) {
		nsbox_strv_free(job->envp);
		job->envp = nsbox_default_envp();
		err = -ENOMEM;
		if (!job->envp)
			goto out;
	}

	err = nsbox_prog_stdio(info, daemon, job->stdio);
	if (err)
		goto out;

	job->exec = true;
	job->target = get_net(sb->net);
	job->exec_uts = sb->uts ? get_file(sb->uts) : NULL;
	err = nsbox_prog_words(info, job, sb);
	if (err)
		goto out;
	nsbox_job_word(job, "--");
	nsbox_job_word(job, "%s", path);
	if (!argc)
		nsbox_job_word(job, "%s", path);
	for (i = 0; i < argc; i++)
		nsbox_job_word(job, "%s", argv[i]);
out:
	nsbox_strv_free(argv);
	return err;
}

/* Register @prog in @sb before it runs: its exit may come before the reply. */
static int nsbox_prog_register(struct genl_info *info, struct nsbox_prog *prog)
{
	struct nsbox_sandbox *sb = prog->sb;
	struct nsbox_prog *other, *tmp;
	int err;

	nsbox_sandbox_lock();
	if (sb->unlinked) {
		/* deleted since it was looked up: its programs were stopped */
		NL_SET_ERR_MSG_MOD(info->extack, "the sandbox is being deleted");
		err = -ENOENT;
		goto out;
	}
	if (atomic_read(&nsbox_progs_running) >= READ_ONCE(nsbox_max_programs)) {
		NL_SET_ERR_MSG_MOD(info->extack, "program limit reached (max_programs)");
		err = -ENOSPC;
		goto out;
	}
	list_for_each_entry_safe(other, tmp, &sb->progs, sb_node) {
		if (!prog->daemon || !other->daemon || strcmp(other->name, prog->name))
			continue;
		if (other->state != NSBOX_PROG_STATE_EXITED) {
			NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[NSBOX_A_PROG_NAME],
					    "a daemon with this name runs in the sandbox");
			err = -EEXIST;
			goto out;
		}
		/* the record of an earlier run of it makes room */
		nsbox_prog_unlist(other);
		nsbox_prog_put(other);
	}
	err = xa_alloc_cyclic(&nsbox_prog_ids, &prog->id, prog, xa_limit_31b,
			      &nsbox_prog_next_id, GFP_KERNEL);
	if (err < 0)
		goto out;
	err = 0;
	list_add_tail(&prog->sb_node, &sb->progs);
	list_add_tail(&prog->all_node, &nsbox_progs);
	sb->nprogs++;
	atomic_inc(&nsbox_progs_running);
	kref_get(&prog->ref);		/* the tables' */
out:
	nsbox_sandbox_unlock();
	return err;
}

/**
 * nsbox_prog_start() - Start a program in a sandbox (PROG_EXEC, PROG_RUN).
 * @skb: the request, for the capability check.
 * @info: the request: sandbox, path, arguments, environment and the rest.
 * @daemon: true for PROG_RUN, a named daemon with /dev/null and its log as
 *	stdio; false for PROG_EXEC, a command with the caller's stdio, killed
 *	when the caller's socket closes.
 *
 * The program is registered in its sandbox before the helper runs, since its
 * exit may come before the reply. It holds a reference on the sandbox until
 * it exits; its exit is announced (PROG_EXIT_NTF), to an exec caller too.
 *
 * Context: may sleep. Takes nsbox_lock; waits for the helper's report with no
 * lock held (killable, bounded by helper_timeout_ms).
 *
 * Return: 0 once the program runs (or has run) and the reply with its id and
 * pid is sent. Otherwise a negative errno, with an extack message for most:
 * -EPERM without CAP_SYS_ADMIN, -ENOENT if the sandbox is being deleted,
 * -ENOSPC at max_programs, -EEXIST if a daemon of that name still runs, or
 * the error of the sandbox lookup or of the helper run. If only the reply
 * fails, an exec'd program is killed, while a daemon runs on.
 */
int nsbox_prog_start(struct sk_buff *skb, struct genl_info *info, bool daemon)
{
	struct nlattr **attrs = info->attrs;
	struct nsbox_helper_job job;
	struct nsbox_sandbox *sb;
	struct nsbox_prog *prog;
	int err;

	err = nsbox_prog_check(skb, info, daemon);
	if (err)
		return err;
	sb = nsbox_sandbox_find(info, nla_data(attrs[NSBOX_A_PROG_SANDBOX]),
				attrs[NSBOX_A_PROG_SANDBOX]);
	if (IS_ERR(sb))
		return PTR_ERR(sb);

	prog = kzalloc(sizeof(*prog), GFP_KERNEL_ACCOUNT);
	if (!prog) {
		nsbox_sandbox_put(sb);
		return -ENOMEM;
	}
	kref_init(&prog->ref);		/* this request's */
	INIT_LIST_HEAD(&prog->sb_node);
	INIT_LIST_HEAD(&prog->all_node);
	INIT_DELAYED_WORK(&prog->timeout_work, nsbox_prog_timeout);
	INIT_DELAYED_WORK(&prog->stop_work, nsbox_prog_stop);
	prog->sb = sb;			/* the running program's reference */
	prog->daemon = daemon;
	prog->state = NSBOX_PROG_STATE_STARTING;
	prog->owner_net = genl_info_net(info);
	prog->owner_portid = info->snd_portid;
	if (attrs[NSBOX_A_PROG_TIMEOUT_MS])
		prog->timeout_ms = nla_get_u32(attrs[NSBOX_A_PROG_TIMEOUT_MS]);
	if (daemon)
		strscpy(prog->name, nla_data(attrs[NSBOX_A_PROG_NAME]), sizeof(prog->name));

	nsbox_job_init(&job);
	err = nsbox_prog_job(info, daemon, sb, &job);
	if (!err)
		err = nsbox_prog_register(info, prog);
	if (err) {
		nsbox_job_release(&job);
		nsbox_prog_put(prog);
		nsbox_sandbox_put(sb);
		return err;
	}

	kref_get(&prog->ref);		/* the helper's, for the exit callback */
	job.exited = nsbox_prog_exited;
	job.data = prog;
	err = nsbox_helper_run(info, &job);
	if (err) {
		/* no callback comes: undo the registration here */
		nsbox_sandbox_lock();
		nsbox_prog_unlist(prog);
		prog->sb->nprogs--;
		nsbox_sandbox_unlock();
		if (atomic_dec_and_test(&nsbox_progs_running))
			wake_up_all(&nsbox_progs_wq);
		nsbox_prog_put(prog);	/* the helper's */
		nsbox_prog_put(prog);	/* the tables' */
		nsbox_sandbox_put(sb);	/* it never ran */
		goto out;
	}

	nsbox_sandbox_lock();
	prog->pid = get_pid(job.pid);
	prog->pid_nr = pid_nr(job.pid);
	prog->started_ns = ktime_get_real_ns();
	if (prog->state == NSBOX_PROG_STATE_STARTING) {
		prog->state = NSBOX_PROG_STATE_RUNNING;
		if (prog->timeout_ms)
			schedule_delayed_work(&prog->timeout_work,
					      msecs_to_jiffies(prog->timeout_ms));
		/* stopped or orphaned while it started: do it now */
		if (prog->pending_signal) {
			nsbox_prog_signal(prog, prog->pending_signal);
			if (prog->pending_signal != SIGKILL)
				schedule_delayed_work(&prog->stop_work, NSBOX_PROG_GRACE);
		}
	}
	err = nsbox_reply_prog(info, prog->id, prog->pid_nr);
	nsbox_sandbox_unlock();
	/* a caller that cannot hear about it would leave it unsupervised */
	if (err && !daemon)
		nsbox_prog_signal(prog, SIGKILL);
out:
	nsbox_job_release(&job);
	nsbox_prog_put(prog);		/* this request's */
	return err;
}

/**
 * nsbox_prog_kill() - Signal a running program of a sandbox (PROG_KILL).
 * @skb: the request, for the capability check.
 * @info: the request: the sandbox, the program's id or daemon name, and the
 *	signal (SIGTERM if none).
 *
 * Context: takes nsbox_lock.
 *
 * Return: 0, or a negative errno: with an extack message, -EPERM without
 * CAP_SYS_ADMIN, -EINVAL, the error of the sandbox lookup, or -ENOENT if no
 * running program matches; or the error of kill_pid().
 */
int nsbox_prog_kill(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct nsbox_prog *prog, *found = NULL;
	struct nsbox_sandbox *sb;
	int sig = SIGTERM;
	int err = 0;

	if (!nsbox_may_signal(skb)) {
		NL_SET_ERR_MSG_MOD(info->extack, "signalling programs needs CAP_SYS_ADMIN");
		return -EPERM;
	}
	if (GENL_REQ_ATTR_CHECK(info, NSBOX_A_PROG_SANDBOX)) {
		NL_SET_ERR_MSG_MOD(info->extack, "the sandbox name is required");
		return -EINVAL;
	}
	if (!attrs[NSBOX_A_PROG_ID] == !attrs[NSBOX_A_PROG_NAME]) {
		NL_SET_ERR_MSG_MOD(info->extack, "give exactly one of program id and name");
		return -EINVAL;
	}
	if (attrs[NSBOX_A_PROG_SIGNAL])
		sig = nla_get_u32(attrs[NSBOX_A_PROG_SIGNAL]);
	if (sig < 1 || sig > _NSIG) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[NSBOX_A_PROG_SIGNAL], "not a signal");
		return -EINVAL;
	}
	sb = nsbox_sandbox_find(info, nla_data(attrs[NSBOX_A_PROG_SANDBOX]),
				attrs[NSBOX_A_PROG_SANDBOX]);
	if (IS_ERR(sb))
		return PTR_ERR(sb);

	nsbox_sandbox_lock();
	list_for_each_entry(prog, &sb->progs, sb_node) {
		if (prog->state != NSBOX_PROG_STATE_RUNNING)
			continue;
		if (attrs[NSBOX_A_PROG_ID] ? prog->id == nla_get_u32(attrs[NSBOX_A_PROG_ID]) :
		    prog->daemon && !strcmp(prog->name, nla_data(attrs[NSBOX_A_PROG_NAME]))) {
			found = prog;
			break;
		}
	}
	if (found)
		err = kill_pid(found->pid, sig, 1);
	nsbox_sandbox_unlock();
	nsbox_sandbox_put(sb);
	if (!found) {
		NL_SET_ERR_MSG_MOD(info->extack, "no running program with this id or name");
		return -ENOENT;
	}
	return err;
}

/**
 * nsbox_prog_stop_sandbox() - Stop the programs of a sandbox being deleted.
 * @sb: the sandbox, unlinked: no program can be registered in it any more.
 *
 * The sandbox is being deleted: ask its programs to stop, then make them:
 * SIGTERM, and SIGKILL after a grace period; one still starting gets the same
 * as soon as it runs. Does not wait for them.
 *
 * Context: takes nsbox_lock.
 */
void nsbox_prog_stop_sandbox(struct nsbox_sandbox *sb)
{
	struct nsbox_prog *prog;

	nsbox_sandbox_lock();
	list_for_each_entry(prog, &sb->progs, sb_node) {
		if (prog->state == NSBOX_PROG_STATE_STARTING && !prog->pending_signal)
			prog->pending_signal = SIGTERM;
		if (prog->state != NSBOX_PROG_STATE_RUNNING)
			continue;
		nsbox_prog_signal(prog, SIGTERM);
		schedule_delayed_work(&prog->stop_work, NSBOX_PROG_GRACE);
	}
	nsbox_sandbox_unlock();
}

/**
 * nsbox_prog_forget_sandbox() - Drop the program records of a sandbox.
 * @sb: the sandbox, being freed.
 *
 * Drop the records of exited daemons: the sandbox itself is going. Called
 * from its release: every program holds a reference on it until it exits,
 * so only exited daemons' records are left.
 *
 * Context: takes nsbox_lock.
 */
void nsbox_prog_forget_sandbox(struct nsbox_sandbox *sb)
{
	struct nsbox_prog *prog, *tmp;
	LIST_HEAD(dead);

	nsbox_sandbox_lock();
	list_for_each_entry_safe(prog, tmp, &sb->progs, sb_node) {
		nsbox_prog_unlist(prog);
		list_add(&prog->sb_node, &dead);
	}
	nsbox_sandbox_unlock();
	list_for_each_entry_safe(prog, tmp, &dead, sb_node) {
		list_del(&prog->sb_node);
		nsbox_prog_put(prog);
	}
}

/**
 * nsbox_prog_owner_gone() - Kill the programs a closed socket exec'd.
 * @net: the socket's network namespace.
 * @portid: the socket's port id.
 *
 * An exec caller's socket closed: its programs must not outlive it. They get
 * SIGKILL, at once or, while still starting, as soon as they run. Daemons
 * are tied to no socket.
 *
 * Context: from the netlink release notifier; takes nsbox_lock.
 */
void nsbox_prog_owner_gone(struct net *net, u32 portid)
{
	struct nsbox_prog *prog;

	nsbox_sandbox_lock();
	list_for_each_entry(prog, &nsbox_progs, all_node) {
		if (prog->daemon || prog->owner_net != net || prog->owner_portid != portid)
			continue;
		if (prog->state == NSBOX_PROG_STATE_STARTING)
			prog->pending_signal = SIGKILL;
		else if (prog->state == NSBOX_PROG_STATE_RUNNING)
			nsbox_prog_signal(prog, SIGKILL);
	}
	nsbox_sandbox_unlock();
}

/**
 * nsbox_prog_shutdown() - Stop every program: module unload.
 *
 * Module unload, after every sandbox was destroyed (which sent SIGTERM to
 * their programs): give them the grace period, then SIGKILL what remains.
 * The helper workqueue then waits for their ends (nsbox_helper_exit()).
 * Takes nsbox_lock, and sleeps for up to the grace period.
 */
void nsbox_prog_shutdown(void)
{
	struct nsbox_prog *prog;

	if (!wait_event_timeout(nsbox_progs_wq, !atomic_read(&nsbox_progs_running),
				NSBOX_PROG_GRACE)) {
		nsbox_sandbox_lock();
		list_for_each_entry(prog, &nsbox_progs, all_node) {
			if (prog->state == NSBOX_PROG_STATE_STARTING)
				prog->pending_signal = SIGKILL;
			else if (prog->state == NSBOX_PROG_STATE_RUNNING)
				nsbox_prog_signal(prog, SIGKILL);
		}
		nsbox_sandbox_unlock();
	}
}
