// SPDX-License-Identifier: GPL-2.0
/*
 * Programs in sandboxes: one-shot commands (exec, like ip netns exec) and
 * supervised daemons (run), started by the kernel through nsbox-helper.
 *
 * The helper enters the sandbox's namespaces, sets up the program's view and
 * privileges, reports, and execs the program in its own place: the program
 * is the process the module launched, so the module knows its struct pid and
 * learns its wait status when it ends, from that pid with no thread waiting
 * (helper.c says how; a program costs its records, not a worker). The
 * request returns as soon as the helper reported; the exit is a
 * notification, sent to the exec caller's socket and to the events group, so
 * that a caller never waits for a program inside a netlink request and can
 * forward its signals (PROG_KILL).
 *
 * Lifetime: a running program holds a reference on its sandbox. Deleting
 * the sandbox stops its programs (SIGTERM, then SIGKILL after a grace
 * period); the namespaces go when the last of them has exited. An exec'd
 * program is killed when its caller's socket closes. Module unload stops
 * every program and waits for their exits (each runs module code, the exit
 * callback, at its very end).
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
#include <linux/random.h>
#include <linux/resource.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>

#include "nsbox.h"

#define NSBOX_PROG_GRACE	(2 * HZ)	/* SIGTERM, then SIGKILL */

/* A restart policy's defaults, systemd's: RestartSec, StartLimit*. */
#define NSBOX_RESTART_DELAY_MS		100
#define NSBOX_RESTART_DELAY_MAX_MS	30000
#define NSBOX_START_LIMIT_BURST		5
#define NSBOX_START_LIMIT_INTERVAL_MS	10000

unsigned int nsbox_max_programs = 65536;

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

static void nsbox_prog_spec_free(struct nsbox_prog_req *spec);

static void nsbox_prog_release(struct kref *ref)
{
	struct nsbox_prog *prog = container_of(ref, struct nsbox_prog, ref);

	nsbox_prog_spec_free(prog->spec);
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
	WRITE_ONCE(prog->timed_out, true);
	nsbox_prog_signal(prog, SIGKILL);
}

static void nsbox_prog_stop(struct work_struct *work)
{
	nsbox_prog_signal(container_of(to_delayed_work(work), struct nsbox_prog, stop_work),
			  SIGKILL);
}

/* The signal a wait status says the process died of, or 0. */
static int nsbox_status_signal(int status)
{
	int sig = status & 0x7f;

	return sig == 0x7f ? 0 : sig;
}

/*
 * Does a daemon's exit call for a restart by its policy? Not if nsbox ended
 * it: its sandbox is being deleted, or it died of the signal PROG_KILL sent.
 * on-failure: an exit code other than 0, a signal but those of a clean stop,
 * or its timeout. nsbox_lock held.
 */
static bool nsbox_prog_restart_wanted(const struct nsbox_prog *prog, int status)
{
	int sig = nsbox_status_signal(status);

	if (!prog->restart.restart || prog->sb->unlinked)
		return false;
	if (sig && sig == prog->killed_sig)
		return false;
	if (prog->restart.restart == NSBOX_PROG_RESTART_ALWAYS)
		return true;
	if (READ_ONCE(prog->timed_out))
		return true;
	if (!sig)
		return (status >> 8) & 0xff;
	return sig != SIGHUP && sig != SIGINT && sig != SIGTERM && sig != SIGPIPE;
}

/*
 * A start, counted in the start-limit window: a window opens with a start
 * and counts the starts for interval_ms (systemd's StartLimitBurst and
 * StartLimitIntervalSec). nsbox_lock held.
 */
static void nsbox_prog_count_start(struct nsbox_prog *prog)
{
	u64 now = ktime_get_ns();

	if (!prog->window_starts ||
	    now - prog->window_ns >= (u64)prog->restart.interval_ms * NSEC_PER_MSEC) {
		prog->window_ns = now;
		prog->window_starts = 0;
	}
	prog->window_starts++;
	prog->run_mono_ns = now;
}

/*
 * A daemon exited and its policy wants it back: when, or leave it failed
 * once its window has had burst starts. The delay doubles with each
 * restart, from delay_ms up to delay_max_ms, and starts over after a run
 * that outlived the window. Sets the state and the delay. nsbox_lock held.
 */
static bool nsbox_prog_restart_due(struct nsbox_prog *prog)
{
	const struct nsbox_restart_policy *r = &prog->restart;
	u64 now = ktime_get_ns();
	u64 delay;

	if (prog->window_starts >= r->burst &&
	    now - prog->window_ns < (u64)r->interval_ms * NSEC_PER_MSEC) {
		prog->state = NSBOX_PROG_STATE_FAILED;
		snprintf(prog->failed_reason, sizeof(prog->failed_reason),
			 "start limit hit: %u starts within %u ms", prog->window_starts,
			 r->interval_ms);
		return false;
	}
	if (now - prog->run_mono_ns >= (u64)r->interval_ms * NSEC_PER_MSEC)
		prog->backoff = 0;
	delay = min_t(u64, (u64)r->delay_ms << min(prog->backoff, 31U), r->delay_max_ms);
	prog->backoff++;
	prog->restart_in_ms = delay;
	prog->state = NSBOX_PROG_STATE_RESTARTING;
	return true;
}

/*
 * A daemon's run is over for good with no exit to come: a pending restart
 * cancelled, or a restart that did not start. Drops what the restart held:
 * its count as a program, the sandbox and the record. Either no lock is
 * held, or nsbox_lock with the tables' references on both known held.
 */
static void nsbox_prog_retire(struct nsbox_prog *prog)
{
	struct nsbox_sandbox *sb = prog->sb;

	if (atomic_dec_and_test(&nsbox_progs_running))
		wake_up_all(&nsbox_progs_wq);
	nsbox_sandbox_put(sb);		/* the restart's */
	nsbox_prog_put(prog);		/* the restart's */
}

/*
 * Cancel a daemon's pending restart: PROG_KILL, or its sandbox deleted. If
 * the work was not queued yet, or already runs, whoever owns it finds the
 * state changed and retires the run. nsbox_lock held, and the tables'
 * references on the record and its sandbox.
 */
static void nsbox_prog_cancel_restart(struct nsbox_prog *prog)
{
	nsbox_sandbox_assert_locked();
	prog->state = NSBOX_PROG_STATE_EXITED;
	if (cancel_delayed_work(&prog->restart_work)) {
		prog->sb->nprogs--;
		nsbox_prog_retire(prog);
	}
}

/*
 * The program has ended, and its cgroup is gone: record and announce it.
 * A daemon its policy restarts keeps its count as a program, its sandbox
 * reference and, for the restart work, the helper's reference on it.
 */
static void nsbox_prog_ended(struct nsbox_prog *prog, int status, u32 oom_kills)
{
	struct nsbox_sandbox *sb = prog->sb;
	bool again = false;

	nsbox_sandbox_lock();
	prog->state = NSBOX_PROG_STATE_EXITED;
	prog->exit_status = status;
	prog->oom_kills = oom_kills;
	if (nsbox_prog_restart_wanted(prog, status))
		again = nsbox_prog_restart_due(prog);
	if (!again)
		sb->nprogs--;
	nsbox_notify_prog_exit(prog);
	/* one-shot programs are done; daemons stay listed with their status */
	if (!prog->daemon)
		nsbox_prog_unlist(prog);
	nsbox_sandbox_unlock();

	cancel_delayed_work_sync(&prog->timeout_work);
	cancel_delayed_work_sync(&prog->stop_work);
	if (again) {
		/* queued only now: the cancels above are this run's, not the next's */
		nsbox_sandbox_lock();
		again = prog->state == NSBOX_PROG_STATE_RESTARTING;
		if (again)
			nsbox_helper_queue_restart(&prog->restart_work,
						   msecs_to_jiffies(prog->restart_in_ms));
		else
			sb->nprogs--;		/* cancelled meanwhile */
		nsbox_sandbox_unlock();
		if (!again)
			nsbox_prog_retire(prog);	/* takes the helper's references */
		return;
	}
	if (atomic_dec_and_test(&nsbox_progs_running))
		wake_up_all(&nsbox_progs_wq);
	if (!prog->daemon)
		nsbox_prog_put(prog);	/* the tables' */
	nsbox_prog_put(prog);		/* the helper's */
	nsbox_sandbox_put(sb);		/* the running program's */
}

static void nsbox_prog_end_work(struct work_struct *work)
{
	struct nsbox_prog *prog = container_of(work, struct nsbox_prog, end_work);
	u32 oom_kills = nsbox_cgroup_end(prog->cgroup);

	if (!prog->start_failed)
		nsbox_prog_ended(prog, prog->end_status, oom_kills);
}

/*
 * The program has exited: from the helper's exit work, which unload waits
 * for, or from the request that started it. A cgroup is taken down first,
 * from a work on the helpers' queue (a kernel thread: its path is init's),
 * so that its exit event says whether the out-of-memory killer struck.
 */
static void nsbox_prog_exited(void *data, int status)
{
	struct nsbox_prog *prog = data;

	if (!prog->cgroup[0]) {
		nsbox_prog_ended(prog, status, 0);
		return;
	}
	prog->end_status = status;
	nsbox_helper_queue(&prog->end_work);
}

static void nsbox_strv_free(char **v)
{
	unsigned int i;

	for (i = 0; v && v[i]; i++)
		kfree(v[i]);
	kfree(v);
}

/**
 * nsbox_prog_req_free() - Free what a parsed program request allocated.
 * @req: the request: its vectors and limits; the strings it points at are
 *	the message's.
 */
void nsbox_prog_req_free(struct nsbox_prog_req *req)
{
	nsbox_strv_free(req->argv);
	nsbox_strv_free(req->envp);
	kfree(req->rlimits);
	req->argv = NULL;
	req->envp = NULL;
	req->rlimits = NULL;
}

static char **nsbox_strv_dup(char * const *v)
{
	unsigned int i, n = 0;
	char **dup;

	while (v[n])
		n++;
	dup = kcalloc(n + 1, sizeof(*dup), GFP_KERNEL_ACCOUNT);
	for (i = 0; dup && i < n; i++) {
		dup[i] = kstrdup(v[i], GFP_KERNEL_ACCOUNT);
		if (!dup[i]) {
			nsbox_strv_free(dup);
			return NULL;
		}
	}
	return dup;
}

static void nsbox_prog_spec_free(struct nsbox_prog_req *spec)
{
	if (!spec)
		return;
	nsbox_prog_req_free(spec);
	if (spec->log_file)
		fput(spec->log_file);
	kfree(spec->path);
	kfree(spec->cwd);
	kfree(spec->name);
	kfree(spec->log);
	kfree(spec->groups);
	kfree(spec);
}

/*
 * A copy of a daemon's request that owns all it points at, to start it
 * again: the message is gone by then. Its envp is copied for each start,
 * which the job takes.
 */
static struct nsbox_prog_req *nsbox_prog_spec_dup(const struct nsbox_prog_req *req)
{
	struct nsbox_prog_req *spec = kmemdup(req, sizeof(*req), GFP_KERNEL_ACCOUNT);

	if (!spec)
		return NULL;
	spec->path = kstrdup(req->path, GFP_KERNEL_ACCOUNT);
	spec->cwd = kstrdup(req->cwd, GFP_KERNEL_ACCOUNT);
	spec->name = kstrdup(req->name, GFP_KERNEL_ACCOUNT);
	spec->log = kstrdup(req->log, GFP_KERNEL_ACCOUNT);
	/* an empty groups array is not none: it clears the groups */
	spec->groups = req->groups ? kmemdup(req->groups, req->ngroups * sizeof(*req->groups),
					     GFP_KERNEL_ACCOUNT) : NULL;
	spec->argv = nsbox_strv_dup(req->argv);
	spec->envp = nsbox_strv_dup(req->envp);
	spec->rlimits = req->rlimits ? kmemdup(req->rlimits, req->nrlimits * sizeof(*req->rlimits),
					       GFP_KERNEL_ACCOUNT) : NULL;
	spec->cgroup = NULL;
	spec->log_file = NULL;
	if (!spec->path || (req->cwd && !spec->cwd) || !spec->name ||
	    (req->log && !spec->log) || (req->groups && !spec->groups) ||
	    !spec->argv || !spec->envp || (req->rlimits && !spec->rlimits)) {
		nsbox_prog_spec_free(spec);
		return NULL;
	}
	return spec;
}

static struct file *nsbox_open_null(int flags)
{
	return filp_open("/dev/null", flags, 0);
}

/* exec: the caller's own stdin, stdout and stderr; run: /dev/null and the log. */
static int nsbox_prog_stdio(struct nsbox_caller *c, const struct nsbox_prog_req *req,
			    struct file *stdio[3])
{
	int i;

	for (i = 0; i < 3; i++) {
		if (!req->daemon)
			stdio[i] = fget(i);
		else if (i == 0 || !req->log)
			stdio[i] = nsbox_open_null(i ? O_WRONLY : O_RDONLY);
		else if (i == 1 && req->log_file)
			stdio[i] = get_file(req->log_file);	/* a restart's */
		else if (i == 1)
			stdio[i] = filp_open(req->log, O_WRONLY | O_CREAT | O_APPEND |
					     O_NOFOLLOW | O_LARGEFILE, 0640);
		else
			stdio[i] = get_file(stdio[1]);
		/* a caller without one of them gets /dev/null there */
		if (!req->daemon && !stdio[i])
			stdio[i] = nsbox_open_null(i ? O_WRONLY : O_RDONLY);
		if (IS_ERR(stdio[i])) {
			int err = PTR_ERR(stdio[i]);

			stdio[i] = NULL;
			if (req->log)
				nsbox_err_attr(c, NSBOX_A_PROG_LOG, "cannot open the log file");
			else
				NL_SET_ERR_MSG(c->extack, "cannot open the log file");
			return err;
		}
	}
	return 0;
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

/*
 * The helper's job: fds, environment, and the program with its options,
 * which the run encodes from @req before it returns.
 */
/*
 * The TUN and TAP links the program is given, checked against the
 * sandbox's records, which give their type and flags: the helper opens
 * their queues with the link's own flags, and only attaches to the
 * persistent device (it never makes one, should the device be gone).
 */
static int nsbox_prog_tuns(struct nsbox_caller *c, struct nsbox_prog_req *req,
			   struct nsbox_sandbox *sb)
{
	const struct nsbox_link *l;
	unsigned int i;
	int err = 0;

	nsbox_sandbox_lock();
	for (i = 0; i < req->ntuns && !err; i++) {
		struct nsbox_prog_tun *t = &req->tuns[i];

		l = nsbox_cfg_link(&sb->cfg, t->ifname);
		if (!l || (l->type != NSBOX_LINK_TYPE_TUN && l->type != NSBOX_LINK_TYPE_TAP)) {
			nsbox_err_attr(c, NSBOX_A_PROG_TUN,
				       "tun: the sandbox has no TUN or TAP link of nsbox by that name");
			err = -ENODEV;
		} else if (t->queues > 1 && !(l->flags & NSBOX_LINK_F_MULTI_QUEUE)) {
			nsbox_err_attr(c, NSBOX_A_PROG_TUN,
				       "tun: more than one queue needs a multi_queue link");
			err = -EINVAL;
		} else {
			t->type = l->type;
			t->flags = l->flags;
		}
	}
	nsbox_sandbox_unlock();
	return err;
}

static int nsbox_prog_job(struct nsbox_caller *c, struct nsbox_prog_req *req,
			  struct nsbox_sandbox *sb, struct nsbox_helper_job *job)
{
	int err;

	err = nsbox_prog_tuns(c, req, sb);
	if (err)
		return err;

	if (!req->envc && req->daemon) {
		job->envp = nsbox_default_envp();
		if (!job->envp)
			return -ENOMEM;
	} else {
		job->envp = req->envp;
		req->envp = NULL;
	}

	err = nsbox_prog_stdio(c, req, job->stdio);
	if (err)
		return err;

	job->exec = true;
	job->prog = req;
	job->sandbox = sb->name;
	job->target = get_net(sb->net);
	job->exec_uts = sb->uts ? get_file(sb->uts) : NULL;
	return 0;
}

/* A run's own cgroup, named by the program's id and at random. */
static void nsbox_prog_name_cgroup(struct nsbox_prog *prog)
{
	snprintf(prog->cgroup, sizeof(prog->cgroup), "nsbox/prog-%u-%08x", prog->id,
		 get_random_u32());
}

/*
 * A start failed and no exit will come: a cgroup the helper made before it
 * failed goes now, before the answer.
 */
static void nsbox_prog_start_failed(struct nsbox_prog *prog)
{
	if (!prog->cgroup[0])
		return;
	prog->start_failed = true;
	nsbox_helper_queue(&prog->end_work);
	flush_work(&prog->end_work);
}

/* Register @prog in @sb before it runs: its exit may come before the reply. */
static int nsbox_prog_register(struct nsbox_caller *c, struct nsbox_prog *prog)
{
	struct nsbox_sandbox *sb = prog->sb;
	struct nsbox_prog *other, *tmp;
	int err;

	nsbox_sandbox_lock();
	if (sb->unlinked) {
		/* deleted since it was looked up: its programs were stopped */
		NL_SET_ERR_MSG_MOD(c->extack, "the sandbox is being deleted");
		err = -ENOENT;
		goto out;
	}
	if (atomic_read(&nsbox_progs_running) >= READ_ONCE(nsbox_max_programs)) {
		NL_SET_ERR_MSG_MOD(c->extack, "program limit reached (max_programs)");
		err = -ENOSPC;
		goto out;
	}
	list_for_each_entry_safe(other, tmp, &sb->progs, sb_node) {
		if (!prog->daemon || !other->daemon || strcmp(other->name, prog->name))
			continue;
		if (other->state != NSBOX_PROG_STATE_EXITED &&
		    other->state != NSBOX_PROG_STATE_FAILED) {
			nsbox_err_attr(c, NSBOX_A_PROG_NAME,
				       "a daemon with this name runs (or restarts) in the sandbox");
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
	if (nsbox_prog_limited(&prog->limits))
		nsbox_prog_name_cgroup(prog);
	if (prog->restart.restart)
		nsbox_prog_count_start(prog);
	list_add_tail(&prog->sb_node, &sb->progs);
	list_add_tail(&prog->all_node, &nsbox_progs);
	sb->nprogs++;
	atomic_inc(&nsbox_progs_running);
	kref_get(&prog->ref);		/* the tables' */
out:
	nsbox_sandbox_unlock();
	return err;
}

/*
 * The helper ran run @run of the program (0, then its restarts): the program
 * is @pid, if it has not exited already. Arm its timeout, and stop it now if
 * that was asked while it started. A run that exited at once may have been
 * restarted already: the newer run owns the record. nsbox_lock held.
 */
static void nsbox_prog_running(struct nsbox_prog *prog, u32 run, struct pid *pid)
{
	nsbox_sandbox_assert_locked();
	if (prog->restarts != run)
		return;
	put_pid(prog->pid);		/* a restarted daemon's last run's */
	prog->pid = get_pid(pid);
	prog->pid_nr = pid_nr(pid);
	prog->started_ns = ktime_get_real_ns();
	if (prog->state != NSBOX_PROG_STATE_STARTING)
		return;
	prog->state = NSBOX_PROG_STATE_RUNNING;
	if (prog->timeout_ms)
		schedule_delayed_work(&prog->timeout_work, msecs_to_jiffies(prog->timeout_ms));
	/* stopped or orphaned while it started: do it now */
	if (prog->pending_signal) {
		nsbox_prog_signal(prog, prog->pending_signal);
		if (prog->pending_signal != SIGKILL)
			schedule_delayed_work(&prog->stop_work, NSBOX_PROG_GRACE);
	}
}

/* A restart policy, with the defaults for what the request left out. */
static void nsbox_prog_restart_init(struct nsbox_restart_policy *r,
				    const struct nsbox_restart_policy *req)
{
	*r = *req;
	if (!r->restart)
		return;
	r->delay_ms = r->delay_ms ?: NSBOX_RESTART_DELAY_MS;
	r->delay_max_ms = r->delay_max_ms ?: max(NSBOX_RESTART_DELAY_MAX_MS, r->delay_ms);
	r->burst = r->burst ?: NSBOX_START_LIMIT_BURST;
	r->interval_ms = r->interval_ms ?: NSBOX_START_LIMIT_INTERVAL_MS;
}

/*
 * Start a daemon again, by its policy: its exit queued this work after the
 * delay. Like nsbox_prog_start() but for the record, which stays (its id
 * and name, its restart count), and the caller: nobody waits, so a start
 * that fails leaves the daemon failed with the reason, announced in an exit
 * event. Holds the restart's references (nsbox_prog_ended()): handed to
 * the run, or dropped by nsbox_prog_retire().
 */
static void nsbox_prog_restart_work(struct work_struct *work)
{
	struct nsbox_prog *prog = container_of(to_delayed_work(work), struct nsbox_prog,
					       restart_work);
	struct netlink_ext_ack extack = {};
	struct nsbox_caller c = { .net = prog->sb->owner_net, .extack = &extack };
	struct nsbox_sandbox *sb = prog->sb;
	struct nsbox_prog_req run;
	struct nsbox_helper_job job;
	u32 run_nr;
	int err;

	nsbox_sandbox_lock();
	if (prog->state != NSBOX_PROG_STATE_RESTARTING || sb->unlinked) {
		/* cancelled when it could no longer be */
		prog->state = NSBOX_PROG_STATE_EXITED;
		sb->nprogs--;
		nsbox_sandbox_unlock();
		nsbox_prog_retire(prog);
		return;
	}
	prog->state = NSBOX_PROG_STATE_STARTING;
	run_nr = ++prog->restarts;
	nsbox_prog_count_start(prog);
	prog->pending_signal = 0;
	prog->killed_sig = 0;
	prog->start_failed = false;
	WRITE_ONCE(prog->timed_out, false);
	/* a new cgroup: the last run's is gone, or left behind if it would not go */
	if (prog->cgroup[0])
		nsbox_prog_name_cgroup(prog);
	nsbox_sandbox_unlock();

	run = *prog->spec;
	run.cgroup = prog->cgroup[0] ? prog->cgroup : NULL;
	run.envp = nsbox_strv_dup(prog->spec->envp);
	nsbox_job_init(&job);
	err = run.envp ? nsbox_prog_job(&c, &run, sb, &job) : -ENOMEM;
	if (!err) {
		kref_get(&prog->ref);		/* the helper's */
		job.exited = nsbox_prog_exited;
		job.data = prog;
		err = nsbox_helper_run(&c, &job);
		if (err)
			nsbox_prog_put(prog);	/* no callback comes */
	}
	nsbox_strv_free(run.envp);

	if (err) {
		nsbox_prog_start_failed(prog);
		nsbox_sandbox_lock();
		prog->state = NSBOX_PROG_STATE_FAILED;
		snprintf(prog->failed_reason, sizeof(prog->failed_reason),
			 "restart failed: %s (%d)", extack._msg ?: "error", err);
		sb->nprogs--;
		nsbox_notify_prog_exit(prog);
		nsbox_sandbox_unlock();
		nsbox_job_release(&job);
		nsbox_prog_retire(prog);
		return;
	}
	nsbox_sandbox_lock();
	nsbox_prog_running(prog, run_nr, job.pid);
	nsbox_notify_prog_restart(prog);
	nsbox_sandbox_unlock();
	nsbox_job_release(&job);
	nsbox_prog_put(prog);		/* the restart's: the run holds it now */
}

/**
 * nsbox_prog_start() - Start a program in a sandbox (PROG_EXEC, PROG_RUN).
 * @c: the caller; c->reply() sends the program's id and pid once it runs.
 * @sb: the sandbox, as nsbox_sandbox_lookup() found it for a change.
 * @req: the request, parsed. For a daemon (PROG_RUN, @req->daemon): named,
 *	with /dev/null and its log as stdio. Otherwise (PROG_EXEC) a command
 *	with the caller's stdio, killed when the caller's socket closes. The
 *	job takes @req->envp.
 *
 * The program is registered in its sandbox before the helper runs, since its
 * exit may come before the reply. It holds a reference on the sandbox until
 * it exits; its exit is announced (PROG_EXIT_NTF), to an exec caller too.
 *
 * Context: may sleep. Takes nsbox_lock; waits for the helper's report with no
 * lock held (killable, bounded by helper_timeout_ms).
 *
 * Return: 0 once the program runs (or has run) and the reply is sent.
 * Otherwise a negative errno, with an extack message for most: -ENOENT if
 * the sandbox is being deleted, -ENOSPC at max_programs, -EEXIST if a daemon
 * of that name still runs, or the error of opening the log or of the helper
 * run. If only the reply fails, an exec'd program is killed, while a daemon
 * runs on.
 */
int nsbox_prog_start(struct nsbox_caller *c, struct nsbox_sandbox *sb,
		     struct nsbox_prog_req *req)
{
	struct nsbox_helper_job job;
	struct nsbox_prog *prog;
	int err;

	prog = kzalloc(sizeof(*prog), GFP_KERNEL_ACCOUNT);
	if (!prog)
		return -ENOMEM;
	kref_get(&sb->ref);		/* the running program's */
	kref_init(&prog->ref);		/* this request's */
	INIT_LIST_HEAD(&prog->sb_node);
	INIT_LIST_HEAD(&prog->all_node);
	INIT_DELAYED_WORK(&prog->timeout_work, nsbox_prog_timeout);
	INIT_DELAYED_WORK(&prog->stop_work, nsbox_prog_stop);
	INIT_WORK(&prog->end_work, nsbox_prog_end_work);
	INIT_DELAYED_WORK(&prog->restart_work, nsbox_prog_restart_work);
	prog->sb = sb;
	prog->daemon = req->daemon;
	prog->state = NSBOX_PROG_STATE_STARTING;
	prog->owner_net = c->net;
	prog->owner_portid = c->portid;
	prog->timeout_ms = req->timeout_ms;
	prog->ns_flags = req->flags & (NSBOX_PROG_F_PIDNS | NSBOX_PROG_F_IPCNS);
	if (req->daemon)
		strscpy(prog->name, req->name, sizeof(prog->name));
	nsbox_prog_restart_init(&prog->restart, &req->restart);
	/* copied before the job takes its environment */
	if (prog->restart.restart) {
		prog->spec = nsbox_prog_spec_dup(req);
		if (!prog->spec) {
			nsbox_prog_put(prog);
			nsbox_sandbox_put(sb);
			return -ENOMEM;
		}
	}

	nsbox_job_init(&job);
	err = nsbox_prog_job(c, req, sb, &job);
	/*
	 * A restart writes to the file this run opened: the path was the
	 * caller's to resolve, in its mount namespace, not the restart's.
	 */
	if (!err && prog->spec && req->log)
		prog->spec->log_file = get_file(job.stdio[1]);
	if (!err) {
		memcpy(prog->tuns, req->tuns, sizeof(prog->tuns));
		prog->ntuns = req->ntuns;
		prog->limits = req->limits;
		err = nsbox_prog_register(c, prog);
	}
	if (!err && prog->cgroup[0])
		req->cgroup = prog->cgroup;	/* for the job */
	if (err) {
		nsbox_job_release(&job);
		nsbox_prog_put(prog);
		nsbox_sandbox_put(sb);
		return err;
	}

	kref_get(&prog->ref);		/* the helper's, for the exit callback */
	job.exited = nsbox_prog_exited;
	job.data = prog;
	err = nsbox_helper_run(c, &job);
	if (err) {
		nsbox_prog_start_failed(prog);
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
	nsbox_prog_running(prog, 0, job.pid);
	err = c->reply(c, prog);
	nsbox_sandbox_unlock();
	/* a caller that cannot hear about it would leave it unsupervised */
	if (err && !req->daemon)
		nsbox_prog_signal(prog, SIGKILL);
out:
	nsbox_job_release(&job);
	nsbox_prog_put(prog);		/* this request's */
	return err;
}

/**
 * nsbox_prog_kill() - Signal a running program of a sandbox (PROG_KILL).
 * @c: the caller.
 * @sb: the sandbox, as nsbox_sandbox_lookup() found it for a change.
 * @id: the program's id, or 0 to find a daemon by @name.
 * @name: the daemon's name, when @id is 0.
 * @sig: the signal, 1 to _NSIG.
 *
 * A daemon that dies of the signal is not restarted by its policy: nsbox
 * stopped it. One waiting for its restart is stopped for good instead,
 * whatever the signal.
 *
 * Context: takes nsbox_lock.
 *
 * Return: 0, or a negative errno: -ENOENT, with an extack message, if no
 * running or restarting program matches; or the error of kill_pid().
 */
int nsbox_prog_kill(struct nsbox_caller *c, struct nsbox_sandbox *sb, u32 id,
		    const char *name, int sig)
{
	struct nsbox_prog *prog, *found = NULL;
	int err = 0;

	nsbox_sandbox_lock();
	list_for_each_entry(prog, &sb->progs, sb_node) {
		if (prog->state != NSBOX_PROG_STATE_RUNNING &&
		    prog->state != NSBOX_PROG_STATE_RESTARTING)
			continue;
		if (id ? prog->id == id : prog->daemon && !strcmp(prog->name, name)) {
			found = prog;
			break;
		}
	}
	if (found && found->state == NSBOX_PROG_STATE_RESTARTING) {
		/* between two runs: the signal stops it for good */
		nsbox_prog_cancel_restart(found);
	} else if (found) {
		/* should it die of this signal, that is no failure to restart for */
		found->killed_sig = sig;
		err = kill_pid(found->pid, sig, 1);
	}
	nsbox_sandbox_unlock();
	if (!found) {
		NL_SET_ERR_MSG_MOD(c->extack, "no running program with this id or name");
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
		if (prog->state == NSBOX_PROG_STATE_RESTARTING)
			nsbox_prog_cancel_restart(prog);
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
 * nsbox_helper_exit() then waits for their ends.
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
