// SPDX-License-Identifier: GPL-2.0
/*
 * Creating namespaces through the usermode helper.
 *
 * A module cannot create a namespace, so nsbox-helper does it: the module
 * launches it with a one-time token, the helper unshares, sets things up and
 * reports back over the nsbox family from inside the new namespace. The
 * module accepts the report only from the very process it launched for that
 * request (the token and the struct pid taken in the helper before exec),
 * and takes its own references on the namespaces then.
 *
 * Where the waits live: a work item on nsbox's own workqueue launches the
 * helper and waits only for its execve (UMH_WAIT_EXEC). Its exit is learned
 * from its struct pid, with no thread waiting for it: the init callback, in
 * the new process before it can exit, puts an entry on the pid's wait queue
 * (the one pidfd polls wait on), which the kernel wakes when the process has
 * exited, under tasklist_lock, while the wait status is still readable. The
 * entry takes it and queues the request's exit work, which runs what the
 * exit means (the program's end, the server's end), module code still. A
 * running program, which is the process the module launched, so holds no
 * kernel thread: UMH_WAIT_PROC would hold a worker for all its life, and a
 * reaper in userspace would be a process for the module to trust and keep
 * alive. Module unload waits for every exit before it destroys the
 * workqueue; then no module code (init callback and wake entry included)
 * can run any more. The requesting thread waits on a completion, holding no
 * lock but a link op's cfg_lock (see nsbox.h), killable and bounded by
 * helper_timeout_ms; when it stops waiting early it kills the helper. A
 * request's state lives in a refcounted nsbox_helper_req shared by the
 * requester, the works and the report.
 *
 * Creating a sandbox is cheap next to starting a process (under emulation,
 * starting the helper costs more than the namespace), so plain creates, those
 * whose steps need no other namespace, are served by long-lived helper
 * runs: "nsbox-helper serve". Each says it is ready with a report from the
 * initial namespace, and the module sends it one create job at a time on
 * that socket (NSBOX_CMD_HELPER_JOB: a create run's job). It unshares
 * for each, reports each from inside the new namespace as a create run does,
 * with the job's token, and returns to its own namespaces. A job that fails
 * ends its server, so nothing of it lingers, and the next job gets a new
 * one; idle servers exit after helper_linger_ms (helper_serve=N turns
 * serving off). Its jobs are checked as
 * a create run's report is, plus: each from another namespace than the
 * server's last. A server's own run is a request like any other, so
 * unloading the module kills it the same way.
 *
 * Creates from several clients at once are served at once: the pool grows
 * by one server for each queued job that no starting server will take, up
 * to helper_servers (0: one per online CPU). The first queued jobs are
 * paired with the starting servers, oldest with oldest: a job whose server
 * is not ready in time takes that one down, and the jobs behind get a new
 * one. A server that hangs before it is ready therefore delays no job that
 * another server can take. When the queue is empty, a server that is not
 * ready yet stays as an idle one does, for helper_linger_ms: clients that
 * create one after another leave the queue empty between their creates,
 * and killing the server each of them had started, to start another for
 * its next create, would spend a process start on nothing. A hung one
 * goes then, or, should a job come first, when that job's wait for it ends.
 *
 * How a helper learns its job: argv says only how to get into place (the
 * mode, the token, the family, and the hostname of a create or the fds of
 * the namespaces to enter); what to do there, the steps or the program with
 * its options, is the job, netlink attributes encoded once by
 * nsbox_job_msg_new() when the run starts (links, addresses, routes and
 * programs in the nests the family's ops take them in). A serving helper is
 * sent its jobs (HELPER_JOB). Every other run fetches its own with
 * HELPER_JOB_GET, on the genl socket it reports on, once it is in place: no
 * second socket, no copy of the job in argv or in a file, one round trip
 * more per run, and the answer goes only to the process launched for the
 * token, once, as a report is taken only from it. A run that has nothing to
 * fetch (a create without steps) does not ask.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/kref.h>
#include <linux/magic.h>
#include <linux/namei.h>
#include <linux/netdevice.h>
#include <linux/nsproxy.h>
#include <linux/pid.h>
#include <linux/proc_fs.h>
#include <linux/random.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/umh.h>
#include <linux/utsname.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "nsbox.h"

struct nsbox_helper_req {
	struct kref		ref;
	struct list_head	node;		/* nsbox_helper_reqs, while waited for */
	struct work_struct	work;		/* launches the helper */
	struct work_struct	exit_work;	/* the helper, or its program, has exited */
	struct wait_queue_entry	exit_wait;	/* on the helper's pid, until it exits */
	bool			watching;	/* exit_wait is queued: an exit will come */
	int			launch_status;	/* call_usermodehelper_exec() result */
	int			exit_status;	/* the wait status, set by exit_wait */
	struct completion	done;
	u64			token;
	struct net		*creator_net;	/* the requester's socket holds it */
	bool			want_uts;

	/* exec mode: stdio fds, then target and UTS namespaces; the exit callback */
	bool			exec;
	struct file		*stdio[3];
	struct file		*exec_uts;
	char			**envp;
	void			(*exited)(void *data, int status);
	void			*data;
	struct completion	ready;		/* reported, or finished */

	/* namespaces installed as fds in the helper: target first, then peers */
	struct net		*target;	/* apply mode, counted */
	struct net		*peers[NSBOX_HELPER_MAX_PEERS];	/* counted */
	unsigned int		npeers;

	/* under nsbox_helper_lock */
	struct pid		*pid;		/* the helper, once it runs */
	bool			aborted;	/* nobody waits: do not start, refuse reports */
	bool			finished;	/* the helper has exited: status is valid */
	bool			reported;	/* a success report was accepted */
	int			status;		/* a wait status, or why it never ran */
	int			fail_errno;	/* a step failed, as reported */
	struct net		*net;		/* create mode: reported, counted */
	struct file		*uts;		/* create mode: reported nsfs file */

	/* served creates and the servers themselves, under nsbox_serve_lock */
	bool			served;		/* a job for a server */
	struct list_head	qnode;		/* nsbox_serve_queue, while queued */
	bool			server;		/* a server's own run */
	struct list_head	snode;		/* server: nsbox_servers, while in the pool */
	u32			portid;		/* server: its socket, once ready */
	unsigned long		deadline;	/* server: to be ready by; job: done by */
	struct nsbox_helper_req	*serving;	/* server: its job, referenced */
	u64			last_cookie;	/* server: its last namespace */

	/*
	 * The job, encoded: taken by HELPER_JOB_GET under nsbox_helper_lock;
	 * a served job's stays, for each server it is sent to, and is read
	 * under nsbox_serve_lock.
	 */
	struct nsbox_job_msg	*msg;

	char			token_arg[17];
	char			family_arg[11];
	char			hostname[NSBOX_HOSTNAME_MAX + 1];
	char			**argv;
};

static struct workqueue_struct *nsbox_wq;
/*
 * Daemons' restarts, each of which runs the helper and waits for its launch
 * work on nsbox_wq: on a queue of their own, so that a burst of restarts
 * cannot take every worker nsbox_wq may run and wait for works queued
 * behind them.
 */
static struct workqueue_struct *nsbox_restart_wq;
static DEFINE_SPINLOCK(nsbox_helper_lock);
static LIST_HEAD(nsbox_helper_reqs);
static bool nsbox_helper_dying;
static atomic_t nsbox_helpers_running = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(nsbox_helpers_wq);	/* the count reaches 0 */

/* The servers, oldest first, and the jobs waiting for one. */
static DEFINE_MUTEX(nsbox_serve_lock);
static LIST_HEAD(nsbox_servers);		/* each referenced */
static unsigned int nsbox_nservers;
static LIST_HEAD(nsbox_serve_queue);
static void nsbox_serve_idle(struct work_struct *work);
static DECLARE_DELAYED_WORK(nsbox_serve_idle_work, nsbox_serve_idle);
static void nsbox_serve_ended(struct nsbox_helper_req *srv);

static char *nsbox_helper_envp[] = {
	"HOME=/",
	"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
	NULL
};

/**
 * nsbox_helper_count() - How many helper runs are in flight.
 *
 * Return: the helper runs launched and not yet exited, module-wide: the
 * serving helpers and every running program included, since a program is
 * its helper's process. A snapshot, for INFO_GET.
 */
u32 nsbox_helper_count(void)
{
	return atomic_read(&nsbox_helpers_running);
}

static void nsbox_helper_req_release(struct kref *ref)
{
	struct nsbox_helper_req *req = container_of(ref, struct nsbox_helper_req, ref);

	unsigned int i;

	if (req->uts)
		fput(req->uts);
	if (req->net)
		put_net(req->net);
	if (req->target)
		put_net(req->target);
	for (i = 0; i < req->npeers; i++)
		put_net(req->peers[i]);
	nsbox_job_msg_free(req->msg);
	kfree(req->argv);
	for (i = 0; i < ARRAY_SIZE(req->stdio); i++)
		if (req->stdio[i])
			fput(req->stdio[i]);
	if (req->exec_uts)
		fput(req->exec_uts);
	for (i = 0; req->envp && req->envp[i]; i++)
		kfree(req->envp[i]);
	kfree(req->envp);
	put_pid(req->pid);
	kfree(req);
}

static void nsbox_helper_req_put(struct nsbox_helper_req *req)
{
	kref_put(&req->ref, nsbox_helper_req_release);
}

/*
 * The helper runs as full root: refuse one that anybody but root could have
 * replaced or changed.
 */
static int nsbox_helper_check(struct netlink_ext_ack *extack)
{
	struct inode *inode;
	struct path path;
	int err;

	err = kern_path(nsbox_helper_path, LOOKUP_FOLLOW, &path);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "helper_path: no such file");
		return err;
	}
	inode = d_backing_inode(path.dentry);

	err = -EACCES;
	if (!S_ISREG(inode->i_mode))
		NL_SET_ERR_MSG_MOD(extack, "helper_path: not a regular file");
	else if (!uid_eq(inode->i_uid, GLOBAL_ROOT_UID))
		NL_SET_ERR_MSG_MOD(extack, "helper_path: not owned by root");
	else if (inode->i_mode & (0020 | 0002))
		NL_SET_ERR_MSG_MOD(extack, "helper_path: writable by group or others");
	else if (!(inode->i_mode & 0100))
		NL_SET_ERR_MSG_MOD(extack, "helper_path: not executable");
	else
		err = 0;

	path_put(&path);
	return err;
}

/*
 * Runs in the new process, before exec, with an empty fd table: remember who
 * it is, and install the namespaces its steps name as fds 0, 1, ... in the
 * order the steps were told.
 */
/*
 * Install @file as the next fd of the new process, inherited across its
 * execve: the helper finds its namespaces and stdio there, and closes the
 * namespace fds itself. @want is the number it must get (the table starts
 * empty, so they come in order).
 */
static int nsbox_helper_install(struct file *file, int want)
{
	int fd = get_unused_fd_flags(0);

	if (fd != want) {
		if (fd >= 0)
			put_unused_fd(fd);
		return fd < 0 ? fd : -EBADF;
	}
	fd_install(fd, get_file(file));
	return 0;
}

/* The same for a network namespace, through an nsfs file of its own. */
static int nsbox_helper_install_net(struct net *net, int want)
{
	struct file *file;
	int fd, err;

	/* open_related_ns() installs close-on-exec: take the file and move it */
	fd = open_related_ns(&net->ns, get_net_ns);
	if (fd < 0)
		return fd;
	file = fget(fd);
	close_fd(fd);
	if (!file)
		return -EBADF;
	err = nsbox_helper_install(file, want);
	fput(file);
	return err;
}

/*
 * Runs in the new process, before exec, with an empty fd table: remember who
 * it is, and install what it needs as fds 0, 1, ...: in exec mode the
 * program's stdio, then the target namespace (and the UTS one), then the
 * namespaces of veth peers, in the order the steps were told.
 */
static int nsbox_helper_init_cb(struct subprocess_info *info, struct cred *new)
{
	struct nsbox_helper_req *req = info->data;
	unsigned int i;
	int want = 0;
	int err = 0;

	for (i = 0; req->exec && !err && i < ARRAY_SIZE(req->stdio); i++)
		err = nsbox_helper_install(req->stdio[i], want++);
	if (!err && req->target)
		err = nsbox_helper_install_net(req->target, want++);
	if (!err && req->exec_uts)
		err = nsbox_helper_install(req->exec_uts, want++);
	for (i = 0; !err && i < req->npeers; i++)
		err = nsbox_helper_install_net(req->peers[i], want++);
	if (err)
		return err;

	spin_lock(&nsbox_helper_lock);
	if (req->aborted) {
		err = -EINTR;
	} else {
		req->pid = get_task_pid(current, PIDTYPE_PID);
		/* this process cannot exit before the entry is queued */
		add_wait_queue(&req->pid->wait_pidfd, &req->exit_wait);
		req->watching = true;
	}
	spin_unlock(&nsbox_helper_lock);
	return err;
}

/*
 * The wait status of @task, an exited thread-group leader with no threads
 * left, as wait4() would return it.
 */
static int nsbox_task_wait_status(struct task_struct *task)
{
	return (task->signal->flags & SIGNAL_GROUP_EXIT) ? task->signal->group_exit_code :
							  task->exit_code;
}

/*
 * The helper's pid was woken: the process has exited, if it is a zombie
 * with no threads left (do_notify_parent(), under tasklist_lock; the
 * parent, kthreadd, reaps it right after). Other wake-ups are not ours.
 * Takes no lock: interrupts are off and tasklist_lock is held.
 */
static int nsbox_helper_exit_wake(struct wait_queue_entry *wait, unsigned int mode,
				  int sync, void *key)
{
	struct nsbox_helper_req *req = container_of(wait, struct nsbox_helper_req, exit_wait);
	struct task_struct *task;
	int status;

	rcu_read_lock();
	task = pid_task(req->pid, PIDTYPE_PID);
	if (task && (!task->exit_state || !thread_group_empty(task))) {
		rcu_read_unlock();
		return 0;
	}
	/* gone already, so a status missed: say it was killed */
	status = task ? nsbox_task_wait_status(task) : SIGKILL;
	rcu_read_unlock();

	req->exit_status = status;
	list_del_init(&wait->entry);
	queue_work(nsbox_wq, &req->exit_work);
	return 1;
}

/*
 * The run is over, with @status: a wait status, or the error that kept the
 * helper from running. Wakes the requester and, for a program, announces
 * its end; from one of the run's works, so module code still.
 */
static void nsbox_helper_finish(struct nsbox_helper_req *req, int status)
{
	spin_lock(&nsbox_helper_lock);
	req->status = status;
	req->finished = true;
	spin_unlock(&nsbox_helper_lock);
	complete(&req->done);
	complete(&req->ready);

	/* exec mode: the program's end */
	if (req->exited)
		req->exited(req->data, status);
	if (req->server)
		nsbox_serve_ended(req);

	if (atomic_dec_and_test(&nsbox_helpers_running))
		wake_up_all(&nsbox_helpers_wq);
	nsbox_helper_req_put(req);	/* the run's */
}

static void nsbox_helper_work(struct work_struct *work)
{
	struct nsbox_helper_req *req = container_of(work, struct nsbox_helper_req, work);
	struct subprocess_info *info;
	bool aborted;
	int status;

	spin_lock(&nsbox_helper_lock);
	aborted = req->aborted;
	spin_unlock(&nsbox_helper_lock);
	if (aborted) {
		nsbox_helper_finish(req, -EINTR);
		return;
	}

	info = call_usermodehelper_setup(nsbox_helper_path, req->argv,
					 req->envp ?: nsbox_helper_envp, GFP_KERNEL,
					 nsbox_helper_init_cb, NULL, req);
	/* to the helper's execve only: its exit comes to exit_wait */
	status = info ? call_usermodehelper_exec(info, UMH_WAIT_EXEC) : -ENOMEM;

	/*
	 * The init callback queued the entry (under the lock, before this
	 * process could exit), or the run never got that far and no exit
	 * will come. A failed execve still ends in an exit: its work finishes
	 * the run, with this status.
	 */
	spin_lock(&nsbox_helper_lock);
	req->launch_status = status;
	aborted = !req->watching;
	spin_unlock(&nsbox_helper_lock);
	if (aborted)
		nsbox_helper_finish(req, status < 0 ? status : -ECHILD);
}

static void nsbox_helper_exit_work(struct work_struct *work)
{
	struct nsbox_helper_req *req = container_of(work, struct nsbox_helper_req, exit_work);

	/* the launch work may not have seen its execve's result yet */
	flush_work(&req->work);
	nsbox_helper_finish(req, req->launch_status < 0 ? req->launch_status :
			    req->exit_status);
}

/* The helper's exit status names the step that failed (static text on 6.1). */
static void nsbox_helper_step_msg(struct netlink_ext_ack *extack, int code)
{
	switch (code) {
	case NSBOX_HELPER_EXIT_USAGE:
		NL_SET_ERR_MSG_MOD(extack, "helper refused its arguments");
		break;
	case NSBOX_HELPER_EXIT_UNSHARE:
		NL_SET_ERR_MSG_MOD(extack, "helper failed to unshare the new namespaces");
		break;
	case NSBOX_HELPER_EXIT_HOSTNAME:
		NL_SET_ERR_MSG_MOD(extack, "helper failed to set the hostname");
		break;
	case NSBOX_HELPER_EXIT_LOOPBACK:
		NL_SET_ERR_MSG_MOD(extack, "helper failed to bring loopback up");
		break;
	case NSBOX_HELPER_EXIT_NSFS:
		NL_SET_ERR_MSG_MOD(extack, "helper failed to open its UTS namespace");
		break;
	case NSBOX_HELPER_EXIT_REPORT:
		NL_SET_ERR_MSG_MOD(extack, "helper failed to report to the module");
		break;
	case NSBOX_HELPER_EXIT_LINK:
		NL_SET_ERR_MSG_MOD(extack, "creating the link failed");
		break;
	case NSBOX_HELPER_EXIT_LINK_SETUP:
		NL_SET_ERR_MSG_MOD(extack, "setting up the link (mtu, queue, owner, up) failed");
		break;
	case NSBOX_HELPER_EXIT_ADDR:
		NL_SET_ERR_MSG_MOD(extack, "the address was refused by the kernel");
		break;
	case NSBOX_HELPER_EXIT_ROUTE:
		NL_SET_ERR_MSG_MOD(extack, "the route was refused by the kernel");
		break;
	case NSBOX_HELPER_EXIT_LINK_DEL:
		NL_SET_ERR_MSG_MOD(extack, "deleting the link failed");
		break;
	case NSBOX_HELPER_EXIT_SYSCTL:
		NL_SET_ERR_MSG_MOD(extack, "setting a sysctl of the sandbox failed");
		break;
	case NSBOX_HELPER_EXIT_ENTER:
		NL_SET_ERR_MSG_MOD(extack, "entering the sandbox's namespaces failed");
		break;
	case NSBOX_HELPER_EXIT_MOUNT:
		NL_SET_ERR_MSG_MOD(extack, "setting up the program's mount namespace failed");
		break;
	case NSBOX_HELPER_EXIT_CREDS:
		NL_SET_ERR_MSG_MOD(extack,
				   "setting the program's uid, gid, groups or capabilities failed");
		break;
	case NSBOX_HELPER_EXIT_RLIMIT:
		NL_SET_ERR_MSG_MOD(extack, "setting the program's resource limits failed");
		break;
	case NSBOX_HELPER_EXIT_NEIGH:
		NL_SET_ERR_MSG_MOD(extack, "the neighbour was refused by the kernel");
		break;
	case NSBOX_HELPER_EXIT_TUN:
		NL_SET_ERR_MSG_MOD(extack,
				   "opening the queues of the program's TUN or TAP link failed");
		break;
	case NSBOX_HELPER_EXIT_CGROUP2:
		NL_SET_ERR_MSG_MOD(extack,
				   "cgroup limits: cgroup v2 is not mounted at /sys/fs/cgroup");
		break;
	case NSBOX_HELPER_EXIT_CGROUP_CONTROLLER:
		NL_SET_ERR_MSG_MOD(extack,
				   "cgroup limits: a controller they need (memory, cpu or pids) is not enabled in /sys/fs/cgroup/cgroup.subtree_control");
		break;
	case NSBOX_HELPER_EXIT_CGROUP:
		NL_SET_ERR_MSG_MOD(extack,
				   "making the program's cgroup or setting its limits failed");
		break;
	default:
		NL_SET_ERR_MSG_MOD(extack, "helper exited with an unexpected non-zero status");
		break;
	}
}

/* Turn what the helper did into an errno and a message naming the step. */
static int nsbox_helper_verdict(struct nsbox_helper_req *req,
				struct netlink_ext_ack *extack)
{
	int status = req->status;

	if (status < 0) {
		NL_SET_ERR_MSG_MOD(extack, "helper could not be executed");
		return status;
	}
	if (status & 0x7f) {
		NL_SET_ERR_MSG_MOD(extack, "helper was killed by a signal");
		return -EIO;
	}
	if (status) {
		nsbox_helper_step_msg(extack, (status >> 8) & 0xff);
		return req->fail_errno ? -req->fail_errno : -EIO;
	}
	if (req->target) {
		if (!req->reported) {
			NL_SET_ERR_MSG_MOD(extack, "helper exited without reporting");
			return -EPROTO;
		}
		return 0;
	}
	if (!req->net) {
		NL_SET_ERR_MSG_MOD(extack, "helper exited without reporting a namespace");
		return -EPROTO;
	}
	if (!(req->net->loopback_dev->flags & IFF_UP)) {
		NL_SET_ERR_MSG_MOD(extack, "helper did not bring loopback up");
		return -EPROTO;
	}
	if (req->want_uts && !req->uts) {
		NL_SET_ERR_MSG_MOD(extack, "helper did not report a UTS namespace");
		return -EPROTO;
	}
	return 0;
}

/**
 * nsbox_job_init() - Make an empty job.
 * @job: the job.
 *
 * An empty job is a create run without steps; nsbox_job_release() leaves a
 * job in this state again.
 */
void nsbox_job_init(struct nsbox_helper_job *job)
{
	memset(job, 0, sizeof(*job));
}

/**
 * nsbox_job_release() - Drop what a job still owns.
 * @job: the job, left empty as by nsbox_job_init().
 *
 * Drops what the job still owns: what a run did not take over (steps,
 * namespace and file references, environment), and what a run handed over
 * that the caller did not take (a create run's namespaces, an exec run's
 * pid). @job->data is the caller's.
 */
void nsbox_job_release(struct nsbox_helper_job *job)
{
	unsigned int i;

	if (job->target)
		put_net(job->target);
	for (i = 0; i < job->npeers; i++)
		put_net(job->peers[i]);
	kfree(job->steps);
	if (job->uts)
		fput(job->uts);
	if (job->net)
		put_net(job->net);
	for (i = 0; i < ARRAY_SIZE(job->stdio); i++)
		if (job->stdio[i])
			fput(job->stdio[i]);
	if (job->exec_uts)
		fput(job->exec_uts);
	for (i = 0; job->envp && job->envp[i]; i++)
		kfree(job->envp[i]);
	kfree(job->envp);
	put_pid(job->pid);
	nsbox_job_init(job);
}

/**
 * nsbox_job_add_step() - Append a step to a job.
 * @job: the job.
 * @kind: what the step does.
 *
 * The caller fills in what the step works on; a veth link's peer_fd comes
 * from nsbox_job_peer_fd(). An allocation failure is reported by the run:
 * it marks @job, whose nsbox_helper_run() then fails with -ENOMEM.
 *
 * Context: may sleep (GFP_KERNEL); nsbox_lock may be held.
 *
 * Return: the step, zeroed but for its kind and a peer_fd of -1; or %NULL.
 */
struct nsbox_job_step *nsbox_job_add_step(struct nsbox_helper_job *job,
					  enum nsbox_step_kind kind)
{
	struct nsbox_job_step *step;

	if (job->oom)
		return NULL;
	if (job->nsteps == job->cap) {
		unsigned int cap = job->cap ? job->cap * 2 : 8;
		struct nsbox_job_step *steps;

		steps = krealloc_array(job->steps, cap, sizeof(*steps), GFP_KERNEL);
		if (!steps) {
			job->oom = true;
			return NULL;
		}
		job->steps = steps;
		job->cap = cap;
	}
	step = &job->steps[job->nsteps++];
	memset(step, 0, sizeof(*step));
	step->kind = kind;
	step->peer_fd = -1;
	return step;
}

/**
 * nsbox_job_peer_fd() - Name a namespace that a job's steps refer to.
 * @job: the job; its target, if it has one, must be set already.
 * @net: the namespace, of a veth peer.
 *
 * The first time @net is named the job takes a reference on it, dropped by
 * nsbox_job_release() or, once a run took it over, with the run.
 *
 * Return: the fd number under which the helper will find @net, or -E2BIG if
 * the job names NSBOX_HELPER_MAX_PEERS other namespaces already.
 */
int nsbox_job_peer_fd(struct nsbox_helper_job *job, struct net *net)
{
	unsigned int base = job->target ? 1 : 0;
	unsigned int i;

	for (i = 0; i < job->npeers; i++)
		if (job->peers[i] == net)
			return base + i;
	if (job->npeers == NSBOX_HELPER_MAX_PEERS)
		return -E2BIG;
	job->peers[job->npeers++] = get_net(net);
	return base + i;
}

/*
 * The run's argv, which says how to get into place, and its job, which
 * says what to do there (see the top of this file).
 */
static int nsbox_helper_argv(struct nsbox_helper_req *req, struct nsbox_helper_job *job)
{
	unsigned int argc = 0;

	/*
	 * At most 10 words (path, mode, --token T, --family F, --netns-fd N
	 * --uts-fd N in exec mode, or --hostname H in create mode), the NULL.
	 */
	req->argv = kcalloc(11, sizeof(char *), GFP_KERNEL);
	if (!req->argv)
		return -ENOMEM;
	/* the job's attributes, encoded now: the steps' pointers are used here only */
	req->msg = nsbox_job_msg_new(req->token, job);
	if (!req->msg)
		return -ENOMEM;

	req->argv[argc++] = nsbox_helper_path;
	req->argv[argc++] = job->exec ? "exec" : job->target ? "apply" : "create";
	req->argv[argc++] = "--token";
	req->argv[argc++] = req->token_arg;
	req->argv[argc++] = "--family";
	req->argv[argc++] = req->family_arg;
	if (job->exec) {
		req->argv[argc++] = "--netns-fd";
		req->argv[argc++] = "3";
		if (job->exec_uts) {
			req->argv[argc++] = "--uts-fd";
			req->argv[argc++] = "4";
		}
	} else if (job->target) {
		req->argv[argc++] = "--netns-fd";
		req->argv[argc++] = "0";
	} else if (job->hostname) {
		/* argv is read by execve, maybe after the request's skb is gone */
		strscpy(req->hostname, job->hostname, sizeof(req->hostname));
		req->argv[argc++] = "--hostname";
		req->argv[argc++] = req->hostname;
	}
	/* a create without steps has nothing to fetch: the helper is told so */
	if (!job->exec && !job->nsteps)
		req->argv[argc++] = "--no-job";
	req->argv[argc] = NULL;

	/* the namespaces and files the helper gets now belong to the request */
	req->target = job->target;
	job->target = NULL;
	req->exec = job->exec;
	memcpy(req->stdio, job->stdio, sizeof(req->stdio));
	memset(job->stdio, 0, sizeof(job->stdio));
	req->exec_uts = job->exec_uts;
	job->exec_uts = NULL;
	req->envp = job->envp;
	job->envp = NULL;
	memcpy(req->peers, job->peers, sizeof(req->peers));
	req->npeers = job->npeers;
	job->npeers = 0;
	return 0;
}

static struct nsbox_helper_req *nsbox_helper_req_alloc(struct net *creator_net)
{
	struct nsbox_helper_req *req;

	/* an exec run's lives as long as its program: charged to its caller */
	req = kzalloc(sizeof(*req), GFP_KERNEL_ACCOUNT);
	if (!req)
		return NULL;
	kref_init(&req->ref);
	INIT_LIST_HEAD(&req->node);
	INIT_LIST_HEAD(&req->qnode);
	INIT_LIST_HEAD(&req->snode);
	INIT_WORK(&req->work, nsbox_helper_work);
	INIT_WORK(&req->exit_work, nsbox_helper_exit_work);
	init_waitqueue_func_entry(&req->exit_wait, nsbox_helper_exit_wake);
	init_completion(&req->done);
	init_completion(&req->ready);
	req->creator_net = creator_net;
	do {
		req->token = get_random_u64();
	} while (!req->token);
	snprintf(req->token_arg, sizeof(req->token_arg), "%016llx", req->token);
	snprintf(req->family_arg, sizeof(req->family_arg), "%u", nsbox_genl_family_id());
	return req;
}

/*
 * Make @req known to reports and to module unload and, unless it is a job
 * for the server, start its helper.
 */
static int nsbox_helper_launch(struct nsbox_helper_req *req)
{
	spin_lock(&nsbox_helper_lock);
	if (nsbox_helper_dying) {
		spin_unlock(&nsbox_helper_lock);
		return -ESHUTDOWN;
	}
	list_add_tail(&req->node, &nsbox_helper_reqs);
	if (!req->served)
		kref_get(&req->ref);	/* the run's, until it finishes */
	spin_unlock(&nsbox_helper_lock);

	if (!req->served) {
		atomic_inc(&nsbox_helpers_running);
		queue_work(nsbox_wq, &req->work);
	}
	return 0;
}

/* @srv cannot go on: it leaves the pool, killed, and whoever it served with it. */
static void nsbox_serve_detach(struct nsbox_helper_req *srv)
{
	lockdep_assert_held(&nsbox_serve_lock);
	list_del_init(&srv->snode);
	nsbox_nservers--;
	spin_lock(&nsbox_helper_lock);
	srv->aborted = true;	/* not started, if it was not yet; no report taken */
	if (srv->pid)
		kill_pid(srv->pid, SIGKILL, 1);
	spin_unlock(&nsbox_helper_lock);
	nsbox_helper_req_put(srv);
}

/* @job ends without a report: as if its own helper had exited with @status. */
static void nsbox_serve_fail(struct nsbox_helper_req *job, int status)
{
	spin_lock(&nsbox_helper_lock);
	job->status = status;
	job->finished = true;
	spin_unlock(&nsbox_helper_lock);
	complete(&job->ready);
}

static void nsbox_serve_fail_queue(int status)
{
	struct nsbox_helper_req *job, *tmp;

	lockdep_assert_held(&nsbox_serve_lock);
	list_for_each_entry_safe(job, tmp, &nsbox_serve_queue, qnode) {
		list_del_init(&job->qnode);
		nsbox_serve_fail(job, status);
	}
}

static int nsbox_serve_start(void)
{
	struct nsbox_helper_req *srv;
	unsigned int argc = 0;
	int err;

	lockdep_assert_held(&nsbox_serve_lock);
	srv = nsbox_helper_req_alloc(&init_net);
	if (!srv)
		return -ENOMEM;
	srv->server = true;
	srv->argv = kcalloc(7, sizeof(char *), GFP_KERNEL);
	if (!srv->argv) {
		nsbox_helper_req_put(srv);
		return -ENOMEM;
	}
	srv->argv[argc++] = nsbox_helper_path;
	srv->argv[argc++] = "serve";
	srv->argv[argc++] = "--token";
	srv->argv[argc++] = srv->token_arg;
	srv->argv[argc++] = "--family";
	srv->argv[argc++] = srv->family_arg;
	srv->deadline = jiffies + msecs_to_jiffies(READ_ONCE(nsbox_helper_timeout_ms));
	err = nsbox_helper_launch(srv);
	if (err) {
		nsbox_helper_req_put(srv);
		return err;
	}
	list_add_tail(&srv->snode, &nsbox_servers);
	nsbox_nservers++;
	return 0;
}

/* HELPER_JOB: a create run's job; kept, should the job wait for another server. */
static int nsbox_serve_send(struct nsbox_helper_req *srv, struct nsbox_helper_req *job)
{
	int err;

	lockdep_assert_held(&nsbox_serve_lock);
	/* the server's now: its report must come from the server, in time */
	kref_get(&job->ref);
	srv->serving = job;
	job->deadline = jiffies + msecs_to_jiffies(READ_ONCE(nsbox_helper_timeout_ms));
	spin_lock(&nsbox_helper_lock);
	job->pid = get_pid(srv->pid);
	spin_unlock(&nsbox_helper_lock);
	err = nsbox_send_job(srv->portid, job->msg);
	if (err) {
		srv->serving = NULL;
		spin_lock(&nsbox_helper_lock);
		put_pid(job->pid);
		job->pid = NULL;
		spin_unlock(&nsbox_helper_lock);
		nsbox_helper_req_put(job);
	}
	return err;
}

static bool nsbox_serve_exiting(struct nsbox_helper_req *srv)
{
	struct task_struct *task;
	bool exiting;

	rcu_read_lock();
	task = pid_task(srv->pid, PIDTYPE_PID);
	exiting = !task || (READ_ONCE(task->flags) & PF_EXITING);
	rcu_read_unlock();
	return exiting;
}

/* The most servers at once: helper_servers, or one per online CPU. */
static unsigned int nsbox_serve_max(void)
{
	unsigned int max = READ_ONCE(nsbox_helper_servers);

	return max ?: max_t(unsigned int, num_online_cpus(), 1);
}

/* The server that runs @job, if one does. */
static struct nsbox_helper_req *nsbox_serve_server_of(struct nsbox_helper_req *job)
{
	struct nsbox_helper_req *srv;

	lockdep_assert_held(&nsbox_serve_lock);
	list_for_each_entry(srv, &nsbox_servers, snode)
		if (srv->serving == job)
			return srv;
	return NULL;
}

/*
 * The starting server queued @job is paired with: the Nth of those not
 * ready yet, oldest first, for the Nth job of the queue; none for a job
 * further back, or not queued.
 */
static struct nsbox_helper_req *nsbox_serve_paired(struct nsbox_helper_req *job)
{
	struct nsbox_helper_req *srv, *q;
	unsigned int pos = 0;

	lockdep_assert_held(&nsbox_serve_lock);
	if (list_empty(&job->qnode))
		return NULL;
	list_for_each_entry(q, &nsbox_serve_queue, qnode) {
		if (q == job)
			break;
		pos++;
	}
	list_for_each_entry(srv, &nsbox_servers, snode)
		if (!srv->portid && !pos--)
			return srv;
	return NULL;
}

/*
 * Move things on: give each ready, idle server the next job; start servers
 * for the jobs no starting one will take; let servers go that nobody
 * needs, idle or still starting, after helper_linger_ms (at once for 0).
 */
static void nsbox_serve_kick(void)
{
	struct nsbox_helper_req *srv, *tmp, *job;
	unsigned int starting = 0, queued = 0, linger;
	bool idle = false;	/* a server serves nothing, or is starting */
	int err;

	lockdep_assert_held(&nsbox_serve_lock);
	list_for_each_entry_safe(srv, tmp, &nsbox_servers, snode) {
		if (!srv->portid) {
			starting++;
			idle = true;
			continue;
		}
		if (srv->serving)
			continue;
		if (list_empty(&nsbox_serve_queue)) {
			idle = true;
			continue;
		}
		/*
		 * A server on its way out has closed, or is closing, its socket,
		 * and any process may bind that port id now: its jobs are nobody
		 * else's.
		 */
		if (nsbox_serve_exiting(srv)) {
			nsbox_serve_detach(srv);
			continue;
		}
		job = list_first_entry(&nsbox_serve_queue, struct nsbox_helper_req, qnode);
		list_del_init(&job->qnode);
		err = nsbox_serve_send(srv, job);
		if (err) {
			/* it cannot be reached: the job waits for another one */
			list_add(&job->qnode, &nsbox_serve_queue);
			nsbox_serve_detach(srv);
		}
	}

	list_for_each_entry(job, &nsbox_serve_queue, qnode)
		queued++;
	while (queued > starting && nsbox_nservers < nsbox_serve_max()) {
		err = nsbox_serve_start();
		if (err) {
			/* with no server to wait for, the jobs fail now */
			if (!nsbox_nservers)
				nsbox_serve_fail_queue(err);
			break;
		}
		starting++;
	}
	if (queued)
		return;

	linger = READ_ONCE(nsbox_helper_linger_ms);
	if (!linger)
		list_for_each_entry_safe(srv, tmp, &nsbox_servers, snode)
			if (!srv->serving)
				nsbox_serve_detach(srv);
	if (idle && linger && !READ_ONCE(nsbox_helper_dying))
		mod_delayed_work(system_wq, &nsbox_serve_idle_work, msecs_to_jiffies(linger));
}

static void nsbox_serve_idle(struct work_struct *work)
{
	struct nsbox_helper_req *srv, *tmp;

	mutex_lock(&nsbox_serve_lock);
	if (list_empty(&nsbox_serve_queue))
		list_for_each_entry_safe(srv, tmp, &nsbox_servers, snode)
			if (!srv->serving)
				nsbox_serve_detach(srv);
	mutex_unlock(&nsbox_serve_lock);
}

/* A server has exited: its job fails with its status, the queue moves on. */
static void nsbox_serve_ended(struct nsbox_helper_req *srv)
{
	struct nsbox_helper_req *job;
	bool was_ready;

	/* nobody waits for the server's run itself: it leaves the list here */
	spin_lock(&nsbox_helper_lock);
	list_del_init(&srv->node);
	spin_unlock(&nsbox_helper_lock);

	mutex_lock(&nsbox_serve_lock);
	was_ready = srv->portid;
	job = srv->serving;
	srv->serving = NULL;
	if (job) {
		nsbox_serve_fail(job, srv->status);
		nsbox_helper_req_put(job);
	}
	/* still in the pool: it was not let go, it ended on its own */
	if (!list_empty(&srv->snode)) {
		list_del_init(&srv->snode);
		nsbox_nservers--;
		nsbox_helper_req_put(srv);
		/* one that never got ready would fail the next the same way */
		if (!was_ready)
			nsbox_serve_fail_queue(srv->status);
	}
	nsbox_serve_kick();
	mutex_unlock(&nsbox_serve_lock);
}

/*
 * How much longer the requester of @req waits, 0 for no longer.
 * helper_timeout_ms counts for a job from when a server took it, and for a
 * job paired with a starting server (nsbox_serve_paired()) from when that
 * server was started: that job gives up and takes the server down, and
 * the jobs behind get a new one. Which job that is must not depend on
 * whose timer the kernel happens to run first: timers this long expire in
 * coarse steps, so two jobs' can expire together. Further back, a job
 * waits for those before it, each bounded the same way by its own
 * requester, so every wait is bounded.
 */
static unsigned long nsbox_serve_wait_more(struct nsbox_helper_req *req)
{
	struct nsbox_helper_req *srv = nsbox_serve_paired(req);
	unsigned long deadline;

	lockdep_assert_held(&nsbox_serve_lock);
	if (nsbox_serve_server_of(req))
		deadline = req->deadline;
	else if (srv)
		deadline = srv->deadline;
	else if (!list_empty(&req->qnode) && !list_empty(&nsbox_servers))
		return msecs_to_jiffies(READ_ONCE(nsbox_helper_timeout_ms));
	else
		return 0;	/* finished, or nothing left to wait for */
	if (time_after_eq(jiffies, deadline))
		return 0;
	return deadline - jiffies;
}

/*
 * A create a server runs: queued, then waited for as a helper run is.
 * A job still queued when its requester gives up is simply dropped; one
 * being served takes its server down with it, and so does one whose paired
 * server does not get ready in time.
 */
static int nsbox_helper_run_served(struct nsbox_caller *c, struct nsbox_helper_job *job,
				   struct nsbox_helper_req *req)
{
	bool reported, finished, shutdown, queued = false;
	struct nsbox_helper_req *srv;
	unsigned long timeout;
	long left;
	int err;

	err = nsbox_helper_launch(req);
	if (err) {
		NL_SET_ERR_MSG_MOD(c->extack, "nsbox is being unloaded");
		return err;
	}
	mutex_lock(&nsbox_serve_lock);
	list_add_tail(&req->qnode, &nsbox_serve_queue);
	nsbox_serve_kick();
	mutex_unlock(&nsbox_serve_lock);

	timeout = msecs_to_jiffies(READ_ONCE(nsbox_helper_timeout_ms));
	for (;;) {
		/* > 0: reported, finished or unloading; < 0: a fatal signal */
		left = wait_for_completion_killable_timeout(&req->ready, timeout);
		mutex_lock(&nsbox_serve_lock);
		if (!left)
			timeout = nsbox_serve_wait_more(req);
		if (left || !timeout)
			break;
		mutex_unlock(&nsbox_serve_lock);
	}

	/* nsbox_serve_lock held */
	spin_lock(&nsbox_helper_lock);
	list_del_init(&req->node);
	reported = req->reported;
	finished = req->finished;
	shutdown = req->aborted;
	if (!reported && !finished)
		req->aborted = true;
	spin_unlock(&nsbox_helper_lock);
	if (!reported && !finished) {
		queued = !list_empty(&req->qnode);
		/* timed out waiting for its server to get ready: it goes too */
		srv = queued && !left ? nsbox_serve_paired(req) : nsbox_serve_server_of(req);
		if (queued)
			list_del_init(&req->qnode);
		if (srv)
			nsbox_serve_detach(srv);
		nsbox_serve_kick();
	}
	mutex_unlock(&nsbox_serve_lock);

	if (reported || finished) {
		err = nsbox_helper_verdict(req, c->extack);
		if (!err) {
			job->net = req->net;
			job->uts = req->uts;
			req->net = NULL;
			req->uts = NULL;
		}
	} else if (left < 0) {
		NL_SET_ERR_MSG_MOD(c->extack, "interrupted while the helper was running");
		err = -EINTR;
	} else if (shutdown) {
		NL_SET_ERR_MSG_MOD(c->extack, "nsbox is being unloaded");
		err = -ESHUTDOWN;
	} else if (queued) {
		NL_SET_ERR_MSG_MOD(c->extack,
				   "serving helper not ready within helper_timeout_ms and was killed");
		err = -ETIMEDOUT;
	} else {
		NL_SET_ERR_MSG_MOD(c->extack,
				   "helper did not finish within helper_timeout_ms and was killed");
		err = -ETIMEDOUT;
	}
	return err;
}

/**
 * nsbox_helper_run() - Run the helper for a job and wait for the outcome.
 * @c: the caller the run is for: its netns, and its extack.
 * @job: what to run; struct nsbox_helper_job describes the modes.
 *
 * The run encodes @job's steps and program before it launches the helper,
 * and takes over its namespaces, files and environment; the caller calls
 * nsbox_job_release() afterwards all the same. A create run
 * waits for the helper to exit and, on success, hands over the new
 * namespaces' references in @job->net and @job->uts. An apply run waits for
 * the helper to exit. An exec run returns once the helper has reported, just
 * before it execs the program, with a reference on the program's pid in
 * @job->pid; then @job->exited(@job->data, wait status) is called once, when
 * the program exits: from the helper's work item, or before this returns if
 * the program has exited already. On failure it is never called. A wait that
 * ends early (fatal signal, timeout, module unload) kills the helper, or for
 * a served create the serving helper if it was running this one.
 *
 * Context: may sleep. The caller holds no nsbox lock but, for a link, addr
 * or route op, its sandbox's cfg_lock; the wait is killable and bounded by
 * helper_timeout_ms (by stages for a served create: nsbox_serve_wait_more()).
 *
 * Return: 0 on success. Otherwise a negative errno, with an extack message
 * but for an allocation failure here: -EINTR on a fatal signal, -ETIMEDOUT,
 * -ESHUTDOWN while the module unloads, -EACCES if helper_path is not safe to
 * run, the error of looking it up or executing it, -EPROTO if the helper
 * broke the protocol, the errno it reported for a failed step, or -EIO if it
 * failed without one.
 */
int nsbox_helper_run(struct nsbox_caller *c, struct nsbox_helper_job *job)
{
	struct nsbox_helper_req *req;
	struct pid *kill = NULL;
	bool finished, shutdown;
	unsigned long timeout;
	long left;
	int err;

	if (job->oom)
		return -ENOMEM;
	err = nsbox_helper_check(c->extack);
	if (err)
		return err;

	req = nsbox_helper_req_alloc(c->net);
	if (!req)
		return -ENOMEM;
	req->want_uts = !job->target && job->hostname;
	/* a create whose steps need no namespace but its own: the server's */
	req->served = READ_ONCE(nsbox_helper_serve) && !job->target && !job->exec &&
		      !job->npeers;

	err = nsbox_helper_argv(req, job);
	if (err) {
		nsbox_helper_req_put(req);
		return err;
	}
	if (req->served) {
		err = nsbox_helper_run_served(c, job, req);
		nsbox_helper_req_put(req);
		return err;
	}

	err = nsbox_helper_launch(req);
	if (err) {
		nsbox_helper_req_put(req);
		NL_SET_ERR_MSG_MOD(c->extack, "nsbox is being unloaded");
		return err;
	}

	/* exec mode waits for the report only: the program then runs on */
	timeout = msecs_to_jiffies(READ_ONCE(nsbox_helper_timeout_ms));
	left = wait_for_completion_killable_timeout(job->exec ? &req->ready : &req->done,
						    timeout);

	spin_lock(&nsbox_helper_lock);
	list_del_init(&req->node);
	finished = req->finished;
	shutdown = req->aborted;	/* only module unload aborts a waited-for request */
	if (job->exec && left > 0 && !shutdown && req->reported && !finished) {
		/* the program is on its way: its exit goes to the callback */
		job->pid = get_pid(req->pid);
		req->exited = job->exited;
		req->data = job->data;
		spin_unlock(&nsbox_helper_lock);
		nsbox_helper_req_put(req);
		return 0;
	}
	if (!finished) {
		req->aborted = true;
		kill = get_pid(req->pid);
	}
	spin_unlock(&nsbox_helper_lock);

	if (kill) {
		kill_pid(kill, SIGKILL, 1);
		put_pid(kill);
	}

	if (left < 0) {
		NL_SET_ERR_MSG_MOD(c->extack, "interrupted while the helper was running");
		err = -EINTR;
	} else if (!finished && shutdown) {
		NL_SET_ERR_MSG_MOD(c->extack, "nsbox is being unloaded");
		err = -ESHUTDOWN;
	} else if (!finished) {
		NL_SET_ERR_MSG_MOD(c->extack,
				   "helper did not finish within helper_timeout_ms and was killed");
		err = -ETIMEDOUT;
	} else if (job->exec && !req->fail_errno && req->reported) {
		/* it reported, then the program exited at once: a success */
		job->pid = get_pid(req->pid);
		job->exited(job->data, req->status);
		err = 0;
	} else {
		/* the helper has exited: no report can race with this */
		err = nsbox_helper_verdict(req, c->extack);
		if (!err && job->exec) {
			NL_SET_ERR_MSG_MOD(c->extack, "helper exited before the program");
			err = -EPROTO;
		}
		if (!err && !req->target) {
			job->net = req->net;
			job->uts = req->uts;
			req->net = NULL;
			req->uts = NULL;
		}
	}

	nsbox_helper_req_put(req);
	return err;
}

/* The server's report that it is ready, from the initial namespace. */
static int nsbox_serve_hello(struct nsbox_helper_req *srv, struct nsbox_caller *c,
			     const struct nsbox_report *r)
{
	int err = 0;

	if (!r->serve) {
		NL_SET_ERR_MSG_MOD(c->extack, "a serving helper reports only that it serves");
		return -EINVAL;
	}
	if (c->net != &init_net || current->nsproxy->net_ns != &init_net) {
		NL_SET_ERR_MSG_MOD(c->extack, "serving helper not in the initial namespace");
		return -EINVAL;
	}
	mutex_lock(&nsbox_serve_lock);
	if (list_empty(&srv->snode) || srv->portid) {
		NL_SET_ERR_MSG_MOD(c->extack, "helper already serving, or let go");
		err = -EALREADY;
	} else {
		srv->portid = c->portid;
		nsbox_serve_kick();
	}
	mutex_unlock(&nsbox_serve_lock);
	return err;
}

/*
 * A served job's report, checked as a create run's: the job is done, and
 * the server gets its next one. On success the job takes *@uts.
 */
static int nsbox_serve_done(struct nsbox_helper_req *job, struct net *net,
			    struct file **uts, struct netlink_ext_ack *extack)
{
	struct nsbox_helper_req *srv;
	int err = 0;

	mutex_lock(&nsbox_serve_lock);
	srv = nsbox_serve_server_of(job);
	if (!srv) {
		NL_SET_ERR_MSG_MOD(extack, "job not being served");
		err = -EALREADY;
		goto unlock;
	}
	/*
	 * Each job a namespace of its own. Cookies are unique but not ordered
	 * (each CPU hands out a batch of its own), so what is caught is a
	 * server still in the namespace of its last job: it holds no other.
	 */
	if (net->net_cookie == srv->last_cookie) {
		NL_SET_ERR_MSG_MOD(extack, "report not sent from a new network namespace");
		err = -EINVAL;
		goto unlock;
	}
	spin_lock(&nsbox_helper_lock);
	if (job->aborted) {
		err = -EALREADY;
	} else {
		job->net = get_net(net);
		job->uts = *uts;
		*uts = NULL;
		job->reported = true;
	}
	spin_unlock(&nsbox_helper_lock);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "request already reported or aborted");
		goto unlock;
	}
	srv->last_cookie = net->net_cookie;
	srv->serving = NULL;
	complete(&job->ready);
	nsbox_helper_req_put(job);	/* the server's */
	nsbox_serve_kick();
unlock:
	mutex_unlock(&nsbox_serve_lock);
	return err;
}

/* The run a report or a job fetch is for, by its token. nsbox_helper_lock held. */
static struct nsbox_helper_req *nsbox_helper_req_find(u64 token)
{
	struct nsbox_helper_req *req;

	lockdep_assert_held(&nsbox_helper_lock);
	list_for_each_entry(req, &nsbox_helper_reqs, node)
		if (req->token == token)
			return req;
	return NULL;
}

/* Is @file the nsfs file of the caller's own, new UTS namespace? */
static bool nsbox_is_own_uts(struct file *file)
{
	struct uts_namespace *uts = current->nsproxy->uts_ns;
	struct inode *inode = file_inode(file);

	return inode->i_sb->s_magic == NSFS_MAGIC && inode->i_ino == uts->ns.inum &&
	       uts != &init_uts_ns;
}

/**
 * nsbox_helper_report() - Take a helper's report (HELPER_REPORT).
 * @c: the reporter: c->net is its socket's netns, the one reported from.
 * @r: the report: its run's token, and what it says.
 *
 * NSBOX_CMD_HELPER_REPORT: runs in the helper's own context (a netlink
 * request is processed in the sender's sendmsg), so current is the sender.
 * A report is taken only from the process launched for the token's run, and
 * only from the namespace that run is to be in. A failed step's errno is
 * kept for the run's verdict. A create run's report gives the run references
 * on the sender's network namespace and on the nsfs file of its UTS
 * namespace, until the requester takes them. A serving helper's report says
 * it is ready.
 *
 * Context: takes nsbox_helper_lock, and nsbox_serve_lock for the serving
 * helper and the creates it serves.
 *
 * Return: 0 if the report was taken. Otherwise a negative errno with an
 * extack message: -ESRCH for an unknown or aborted token, -EPERM from another
 * process, -EINVAL for a report from the wrong namespace or unfit for the
 * run, -EALREADY if the run has reported already or was aborted.
 */
int nsbox_helper_report(struct nsbox_caller *c, const struct nsbox_report *r)
{
	struct net *net = c->net;
	struct nsbox_helper_req *req;
	struct file *uts = NULL;
	int err;

	spin_lock(&nsbox_helper_lock);
	req = nsbox_helper_req_find(r->token);
	if (!req || req->aborted) {
		spin_unlock(&nsbox_helper_lock);
		nsbox_err_attr(c, NSBOX_A_REPORT_TOKEN, "no helper request with this token");
		return -ESRCH;
	}
	if (req->pid != task_pid(current)) {
		spin_unlock(&nsbox_helper_lock);
		NL_SET_ERR_MSG_MOD(c->extack, "report from a process nsbox did not launch");
		return -EPERM;
	}
	kref_get(&req->ref);
	spin_unlock(&nsbox_helper_lock);

	if (req->server) {
		err = nsbox_serve_hello(req, c, r);
		goto out;
	}
	err = -EINVAL;
	if (r->serve) {
		nsbox_err_attr(c, NSBOX_A_REPORT_SERVE, "only a serving helper says it serves");
		goto out;
	}

	/* a step failed: remember how; the exit status names the step */
	if (r->has_errno) {
		u32 e = r->errno_nr;

		err = -EINVAL;
		if (!e || e > MAX_ERRNO) {
			nsbox_err_attr(c, NSBOX_A_REPORT_ERRNO, "not an errno");
			goto out;
		}
		spin_lock(&nsbox_helper_lock);
		if (!req->fail_errno)
			req->fail_errno = e;
		spin_unlock(&nsbox_helper_lock);
		err = 0;
		goto out;
	}

	/* apply mode: the steps ran in the sandbox, and the report says so */
	if (req->target) {
		err = -EINVAL;
		if (net != req->target || net != current->nsproxy->net_ns) {
			NL_SET_ERR_MSG_MOD(c->extack, "report not sent from the sandbox");
			goto out;
		}
		spin_lock(&nsbox_helper_lock);
		req->reported = !req->aborted;
		spin_unlock(&nsbox_helper_lock);
		complete(&req->ready);
		err = 0;
		goto out;
	}

	/* create mode: the socket must be the helper's own, opened in its new namespace */
	err = -EINVAL;
	if (net != current->nsproxy->net_ns || net == req->creator_net || net == &init_net) {
		NL_SET_ERR_MSG_MOD(c->extack, "report not sent from a new network namespace");
		goto out;
	}
	if (req->want_uts) {
		if (!r->has_uts_fd) {
			NL_SET_ERR_MSG_MOD(c->extack, "report lacks the UTS namespace fd");
			goto out;
		}
		uts = fget(r->uts_fd);
		if (!uts || !nsbox_is_own_uts(uts)) {
			nsbox_err_attr(c, NSBOX_A_REPORT_UTS_FD,
				       "not the fd of the helper's own new UTS namespace");
			goto out;
		}
	}

	if (req->served) {
		err = nsbox_serve_done(req, net, &uts, c->extack);
		goto out;
	}
	spin_lock(&nsbox_helper_lock);
	if (req->aborted || req->net) {
		spin_unlock(&nsbox_helper_lock);
		NL_SET_ERR_MSG_MOD(c->extack, "request already reported or aborted");
		err = -EALREADY;
		goto out;
	}
	req->net = get_net(net);
	req->uts = uts;
	uts = NULL;
	spin_unlock(&nsbox_helper_lock);
	err = 0;
out:
	if (uts)
		fput(uts);
	nsbox_helper_req_put(req);
	return err;
}

/**
 * nsbox_helper_job_get() - Hand a helper its job (HELPER_JOB_GET).
 * @c: the asker; c->reply() sends the job, which it consumes.
 * @token: the run's token.
 *
 * Runs in the helper's own context, as a report does. The job of a run is
 * given once, and only to the process launched for it: a served create's
 * is sent to its server instead, and the server's own run has none.
 *
 * Context: takes nsbox_helper_lock; replies without it.
 *
 * Return: 0 once the job was sent. Otherwise a negative errno with an
 * extack message: -ESRCH for an unknown or aborted token, -EPERM from
 * another process, -EINVAL for a run whose job is sent, -EALREADY once it
 * was fetched; or the reply's error.
 */
int nsbox_helper_job_get(struct nsbox_caller *c, u64 token)
{
	struct nsbox_helper_req *req;
	struct nsbox_job_msg *msg = NULL;
	int err = 0;

	spin_lock(&nsbox_helper_lock);
	req = nsbox_helper_req_find(token);
	if (!req || req->aborted) {
		nsbox_err_attr(c, NSBOX_A_REPORT_TOKEN, "no helper request with this token");
		err = -ESRCH;
	} else if (req->pid != task_pid(current)) {
		NL_SET_ERR_MSG_MOD(c->extack, "job asked for by a process nsbox did not launch");
		err = -EPERM;
	} else if (req->served || req->server) {
		NL_SET_ERR_MSG_MOD(c->extack, "a serving helper is sent its jobs");
		err = -EINVAL;
	} else if (!req->msg) {
		NL_SET_ERR_MSG_MOD(c->extack, "job already fetched");
		err = -EALREADY;
	} else {
		/* taken: nothing else reads it, and the request may go meanwhile */
		msg = req->msg;
		req->msg = NULL;
	}
	spin_unlock(&nsbox_helper_lock);
	if (err)
		return err;
	return c->reply(c, msg);
}

/**
 * nsbox_helper_queue() - Queue work that follows a helper run's end.
 * @work: the work, queued from a run's exit callback.
 *
 * On the helpers' own workqueue, which module exit drains after the last
 * run has ended: work queued from an exit callback runs before unload ends.
 */
void nsbox_helper_queue(struct work_struct *work)
{
	queue_work(nsbox_wq, work);
}

/**
 * nsbox_helper_queue_restart() - Queue a daemon's restart after its delay.
 * @dwork: the restart, which runs the helper again.
 * @delay: in jiffies.
 *
 * On the restarts' own workqueue, which module exit drains before it waits
 * for the helpers. What queues a restart must cancel it, or let it run,
 * before then: a timer still pending at exit would be lost.
 */
void nsbox_helper_queue_restart(struct delayed_work *dwork, unsigned long delay)
{
	queue_delayed_work(nsbox_restart_wq, dwork, delay);
}

/**
 * nsbox_helper_init() - Module init: allocate the workqueue helpers run on.
 *
 * Return: 0, or -ENOMEM.
 */
int nsbox_helper_init(void)
{
	/* launches and exits: each work is short, and none waits for another's */
	nsbox_wq = alloc_workqueue("nsbox", WQ_UNBOUND, WQ_MAX_ACTIVE);
	if (!nsbox_wq)
		return -ENOMEM;
	nsbox_restart_wq = alloc_workqueue("nsbox_restart", WQ_UNBOUND, 0);
	if (!nsbox_restart_wq) {
		destroy_workqueue(nsbox_wq);
		return -ENOMEM;
	}
	return 0;
}

/**
 * nsbox_helper_shutdown() - Stop every helper run being waited for.
 *
 * Module unload: refuse new requests, kill every helper being waited for and
 * wake its requester, so that unregistering the family need not wait. The
 * serving helper is killed too; running programs are not (see
 * nsbox_prog_shutdown()). Takes nsbox_helper_lock only: does not sleep.
 */
void nsbox_helper_shutdown(void)
{
	struct nsbox_helper_req *req;

	spin_lock(&nsbox_helper_lock);
	nsbox_helper_dying = true;
	list_for_each_entry(req, &nsbox_helper_reqs, node) {
		req->aborted = true;
		if (req->pid)
			kill_pid(req->pid, SIGKILL, 1);
		complete(&req->done);
		complete(&req->ready);
	}
	spin_unlock(&nsbox_helper_lock);
}

/**
 * nsbox_helper_exit() - Wait for every helper run to end: module exit.
 *
 * Every helper was killed: wait for their exits, which queue work, then for
 * the works to finish, and for the serving helper's idle timer. A running
 * program is its helper's process, so programs must have been stopped
 * (nsbox_prog_shutdown()). Also the error path of module init. Sleeps for
 * as long as a helper or a program runs.
 */
void nsbox_helper_exit(void)
{
	/* a restart in flight runs a helper: it ends first */
	destroy_workqueue(nsbox_restart_wq);
	/* an exit still to come would queue its work on a destroyed queue */
	wait_event(nsbox_helpers_wq, !atomic_read(&nsbox_helpers_running));
	destroy_workqueue(nsbox_wq);
	/* no server is left to be let go, nor can one start any more */
	cancel_delayed_work_sync(&nsbox_serve_idle_work);
	WARN_ON_ONCE(!list_empty(&nsbox_servers));
	WARN_ON_ONCE(atomic_read(&nsbox_helpers_running));
}
