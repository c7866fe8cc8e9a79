/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nsbox internals shared between the module's files.
 *
 * Layers: the netlink layer (netlink.c, netlink-parse.c, netlink-msg.c and
 * the generated netlink-gen.c) is the only one that sees messages. It
 * resolves the sandbox a request acts on (nsbox_sandbox_lookup(), in
 * pre_doit), parses the request into the plain structs below and calls the
 * objects: sandbox.c (the table and life cycle), link.c (links, addresses,
 * routes), prog.c (programs) and helper.c (the usermode helper), which call
 * back only to announce (nsbox_notify_*()) and, through the caller's reply
 * hook, to answer where they commit.
 *
 * Locking: every lock of the module, outermost first. One may be taken with
 * those above it held, never with one below it held.
 *
 *   sb->cfg_lock (mutex, struct nsbox_sandbox)
 *	Serialises one sandbox's link, addr, route, sysctl and neigh ops
 *	across their helper run, so that what an op checked in sb->cfg still
 *	holds when it records the result. The records change under
 *	nsbox_lock too: either lock is enough to read them. Only one
 *	sandbox's is ever held.
 *   nsbox_lock (mutex, sandbox.c: nsbox_sandbox_lock())
 *	The sandbox tables (names, the list of all, each owner netns' xarray,
 *	next id and owned count), their count and generation, nsbox_dying;
 *	each sandbox's state (net and uts are set with it, then stay),
 *	unlinked, owner_dead, progs and nprogs; the program tables
 *	(nsbox_progs, nsbox_prog_ids and its next id) and each program's list
 *	nodes, state, pending_signal, pid and exit status.
 *   nsbox_serve_lock (mutex, helper.c)
 *	The serving helpers: nsbox_servers, nsbox_nservers, nsbox_serve_queue
 *	and the served part of each request (qnode, snode, portid, deadline,
 *	serving, last_cookie).
 *   nsbox_helper_lock (spinlock, helper.c)
 *	nsbox_helper_reqs, nsbox_helper_dying, and what a request's waiter,
 *	its work and its report share: pid, aborted, finished, reported,
 *	status, fail_errno, net, uts; and its encoded job (msg) until
 *	HELPER_JOB_GET takes it. A served job's msg is only read, under
 *	nsbox_serve_lock.
 *   xa_lock of nsbox_prog_ids and of the sandbox xarrays
 *	Taken by the xa_*() calls themselves, all under nsbox_lock but for
 *	the owner netns' init and exit.
 *
 * The nestings the code has: cfg_lock -> nsbox_lock (an op records what it
 * did), cfg_lock -> nsbox_helper_lock (its helper run), nsbox_serve_lock ->
 * nsbox_helper_lock, nsbox_lock -> xa_lock. nsbox_lock and nsbox_serve_lock
 * are never held together. rcu_read_lock() sections are innermost.
 *
 * No lock is held while waiting for a helper, userspace, a completion or a
 * work item, but one: an op holds its sandbox's cfg_lock across its helper
 * run (killable, bounded by helper_timeout_ms). So cfg_lock is taken
 * killable, and a helper's report takes nsbox_helper_lock only. Replies and
 * events go out under nsbox_lock, but without blocking. The last
 * nsbox_sandbox_put() takes nsbox_lock and frees cfg_lock: drop sandbox
 * references with neither held, unless the tables' reference is known held.
 *
 * genl: with parallel_ops no handler runs under genl_mutex, but each runs,
 * waits included, under genl's cb_lock for reading, outside all of the
 * above. rtnl is taken only by netdev.c, when the last nsbox_sandbox_put()
 * releases an adopted namespace or sends host devices back, with no nsbox
 * lock held.
 */
#ifndef _NSBOX_H
#define _NSBOX_H

#include <linux/types.h>
#include <linux/uidgid.h>
#include <linux/list.h>
#include <linux/if.h>
#include <linux/if_ether.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>
#include <linux/netlink.h>
#include <linux/nsbox.h>

struct net;
struct file;
struct pid;
struct netlink_ext_ack;

/* module parameters (main.c) */
extern char *nsbox_helper_path;
extern unsigned int nsbox_helper_timeout_ms;
extern unsigned int nsbox_helper_linger_ms;
extern bool nsbox_helper_serve;
extern unsigned int nsbox_helper_servers;
extern unsigned int nsbox_max_sandboxes;

/* a TUN or TAP device's queue length unless asked: a veth's default */
#define NSBOX_DEFAULT_TXQLEN	1000

/* What nsbox installed in a sandbox, as asked: reported by SANDBOX_GET. */
struct nsbox_link {
	struct list_head	node;
	char			ifname[IFNAMSIZ];
	char			peer[IFNAMSIZ];
	char			peer_sandbox[NSBOX_NAME_MAX + 1];
	u32			type;		/* NSBOX_LINK_TYPE_* */
	u32			flags;		/* NSBOX_LINK_F_* */
	u32			mtu;		/* 0: the device's default */
	u32			txqueuelen;
	u32			owner, group;
	bool			has_owner, has_group;
	bool			has_addr;	/* MAC asked for at creation or set */
	u8			addr[ETH_ALEN];
	char			master[IFNAMSIZ];	/* a bridge of the sandbox, or "" */
	char			parent[IFNAMSIZ];	/* macvlan, ipvlan, vlan: in the host */
	u32			mode;		/* NSBOX_LINK_MODE_* of a macvlan or ipvlan */
	u32			vlan_id;
	/* vxlan: its VNI, remote (or group), local, UDP port and underlay */
	u32			vni;
	u8			vx_remote[16], vx_local[16];
	u8			vx_len;		/* 4 or 16: the family of both */
	bool			vx_group;	/* vx_remote is a multicast group */
	bool			has_remote, has_local;
	u16			vx_port;
	char			underlay[IFNAMSIZ];	/* a device of the sandbox, or "" */
	/* NSBOX_LINK_TYPE_HOST: its name and state in the owner namespace */
	char			host_ifname[IFNAMSIZ];
	bool			host_up;
};

/* LINK_SET, parsed: what to change of the link nsbox made as ifname. */
struct nsbox_link_change {
	char			ifname[IFNAMSIZ];
	bool			has_mtu, has_txqlen, has_addr;
	bool			has_master;	/* master set: join it; empty: nomaster */
	s8			up;		/* 1 up, 0 down, -1 as it is */
	u32			mtu, txqueuelen;
	u8			addr[ETH_ALEN];
	char			master[IFNAMSIZ];
};

struct nsbox_addr {
	struct list_head	node;
	char			ifname[IFNAMSIZ];
	u8			len;		/* 4 or 16 */
	u8			prefixlen;
	u8			addr[16];
};

/* A nexthop of a multipath route: a gateway, a device, or both. */
struct nsbox_nexthop {
	u8			gw[16];		/* the route's family */
	bool			has_gw;
	char			ifname[IFNAMSIZ];	/* "" for none */
	u16			weight;		/* 1 to 256 */
};

#define NSBOX_ROUTE_MAX_NEXTHOPS	8

struct nsbox_route {
	struct list_head	node;
	char			ifname[IFNAMSIZ];
	u8			len;		/* 4 or 16 */
	u8			dst_len;
	u8			dst[16];
	u8			gw[16];
	bool			has_gw;
	u32			mtu, advmss, metric, table;
	u8			src[16];	/* preferred source */
	bool			has_src;
	bool			onlink;
	u8			scope;		/* RT_SCOPE_*, if has_scope */
	bool			has_scope;
	u32			type;		/* NSBOX_ROUTE_TYPE_*, 0: unicast */
	u8			nnh;		/* multipath: nh[] used, else 0 */
	struct nsbox_nexthop	nh[NSBOX_ROUTE_MAX_NEXTHOPS];
};

/*
 * A sysctl of the sandbox's namespace, from the allow-list (key parsed by
 * the netlink layer): the dotted key and its value, as asked.
 */
struct nsbox_sysctl {
	struct list_head	node;
	char			key[NSBOX_SYSCTL_KEY_MAX + 1];
	char			value[NSBOX_SYSCTL_VALUE_MAX + 1];
	char			ifname[IFNAMSIZ];	/* a conf key's device, or "" */
};

/* A permanent neighbour (ARP or ND entry). */
struct nsbox_neigh {
	struct list_head	node;
	char			ifname[IFNAMSIZ];
	u8			len;		/* 4 or 16 */
	u8			addr[16];
	u8			lladdr[ETH_ALEN];
};

/*
 * A sandbox's configuration, in the order the helper applies it: links,
 * sysctls, addresses, neighbours, routes.
 */
struct nsbox_cfg {
	struct list_head	links;
	struct list_head	addrs;
	struct list_head	routes;
	struct list_head	sysctls;
	struct list_head	neighs;
	u32			nlinks;
};

struct nsbox_sandbox {
	struct kref		ref;		/* the tables hold one */
	struct mutex		cfg_lock;	/* serialises its cfg's ops */
	struct nsbox_cfg	cfg;		/* changed under nsbox_lock too */
	struct list_head	progs;		/* struct nsbox_prog, under nsbox_lock */
	u32			nprogs;		/* running ones */
	bool			unlinked;	/* deleted: no new program may start */
	bool			owner_dead;	/* owner_net is gone: tell it nothing */
	struct hlist_node	name_node;	/* nsbox_names, by (owner_net, name) */
	u32			id;		/* key in nsbox_ids */
	u32			flags;		/* NSBOX_SANDBOX_F_* */
	u32			state;		/* NSBOX_SANDBOX_STATE_* */
	struct net		*owner_net;	/* not counted: see nsbox_net_exit() */
	u32			owner_portid;
	kuid_t			owner_uid;
	u64			created_ns;
	struct net		*net;		/* counted reference, the sandbox */
	struct file		*uts;		/* nsfs file of its UTS ns, or NULL */
	char			name[NSBOX_NAME_MAX + 1];
	char			hostname[NSBOX_HOSTNAME_MAX + 1];
};

/*
 * The sender of a request, as the objects see it. Only the netlink layer
 * (netlink.c) sees messages: it fills this in, parses the request into the
 * plain structs below and builds every reply and event. An object names
 * the attribute an error is about by its type (nsbox_err_attr()); the
 * netlink layer points the extack at it.
 */
struct nsbox_caller {
	struct net		*net;		/* the sender's netns */
	u32			portid;		/* the sender's socket */
	struct netlink_ext_ack	*extack;
	u16			bad_attr;	/* out: NSBOX_A_* an error is about */
	/*
	 * Send the reply: the sandbox of SANDBOX_NEW, the program of
	 * PROG_EXEC and PROG_RUN. Called where the object commits, under
	 * nsbox_lock, so that a reply that cannot be sent fails the request.
	 * HELPER_JOB_GET's is the struct nsbox_job_msg, which it consumes.
	 */
	int			(*reply)(struct nsbox_caller *c, const void *obj);
};

/* An error message about one attribute of the request, by its type. */
#define nsbox_err_attr(c, attr, msg)				\
	do {							\
		struct nsbox_caller *__c = (c);			\
								\
		NL_SET_ERR_MSG(__c->extack, msg);		\
		__c->bad_attr = (attr);				\
	} while (0)

/* SANDBOX_NEW, parsed. */
struct nsbox_sandbox_req {
	const char		*name;
	const char		*hostname;	/* NULL: no UTS namespace */
	u32			flags;		/* NSBOX_SANDBOX_F_* */
	struct nsbox_cfg	cfg;		/* its clauses: taken by the sandbox */
	struct net		*adopt;		/* counted: the namespace to adopt */
	u16			adopt_attr;	/* NSBOX_A_SANDBOX_ADOPT_*: how it was named */
};

/* One resource limit of a program. */
struct nsbox_rlimit {
	u32			resource;	/* RLIMIT_* */
	u64			soft, hard;	/* U64_MAX: unlimited */
};

/* PROG_EXEC and PROG_RUN, parsed; the strings are the request's. */
/* A TUN or TAP link whose queues a program is given (NSBOX_A_PROG_TUN). */
struct nsbox_prog_tun {
	char			ifname[IFNAMSIZ];
	u32			queues;
	u32			type;		/* from the link's record */
	u32			flags;		/* likewise: NSBOX_LINK_F_* */
};

/*
 * A program's cgroup v2 limits (prog-cgroup.c). With any of them set, the
 * program gets a cgroup of its own, removed when it ends; 0 is unset.
 */
struct nsbox_prog_limits {
	u64			memory_max;	/* memory.max, bytes */
	u32			cpu_quota_us;	/* cpu.max */
	u32			cpu_period_us;
	u32			cpu_weight;	/* cpu.weight */
	u32			pids_max;	/* pids.max */
};

/*
 * A daemon's restart policy (PROG_RUN). restart 0 is none; the others are
 * 0 when the request left them out, for prog.c's defaults.
 */
struct nsbox_restart_policy {
	u32			restart;	/* NSBOX_PROG_RESTART_* */
	u32			delay_ms;	/* the first delay, doubled each time */
	u32			delay_max_ms;
	u32			burst;		/* most starts ... */
	u32			interval_ms;	/* ... in this window */
};

/* "nsbox/prog-ID-RANDOM", under the cgroup v2 root, and its NUL */
#define NSBOX_CGROUP_NAME_LEN	(NSBOX_CGROUP_NAME_MAX + 1)

struct nsbox_prog_req {
	bool			daemon;		/* PROG_RUN */
	const char		*path;
	char			**argv;		/* kmalloc'ed, NULL-terminated */
	char			**envp;		/* likewise; taken by the job */
	unsigned int		argc, envc;
	const char		*cwd;		/* NULL: / */
	const char		*name;		/* a daemon's */
	const char		*log;		/* a daemon's stdout and stderr, or NULL */
	u32			uid, gid;
	bool			has_uid, has_gid;
	const u32		*groups;
	unsigned int		ngroups;
	u64			caps;
	bool			has_caps;
	u32			flags;		/* NSBOX_PROG_F_* */
	struct nsbox_rlimit	*rlimits;	/* kmalloc'ed */
	unsigned int		nrlimits;
	u32			timeout_ms;
	struct nsbox_prog_tun	tuns[NSBOX_PROG_TUN_MAX];
	unsigned int		ntuns;
	struct nsbox_prog_limits limits;
	const char		*cgroup;	/* the program's, if it has limits */
	struct nsbox_restart_policy restart;	/* a daemon's */
	struct file		*log_file;	/* a restart's: the log its first run opened */
};

/* A program nsbox started (prog.c). */
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
	u32			ns_flags;	/* NSBOX_PROG_F_PIDNS, _IPCNS: reported */
	struct delayed_work	timeout_work;	/* kills it when it runs too long */
	struct delayed_work	stop_work;	/* SIGKILL after the grace period */
	char			name[NSBOX_NAME_MAX + 1];
	struct nsbox_prog_tun	tuns[NSBOX_PROG_TUN_MAX];	/* reported back */
	unsigned int		ntuns;
	struct nsbox_prog_limits limits;
	/* its own cgroup ("" without limits), removed when it ends */
	char			cgroup[NSBOX_CGROUP_NAME_LEN];
	u32			oom_kills;	/* in its cgroup, read at its end */
	int			end_status;	/* for end_work */
	bool			start_failed;	/* end_work only removes the cgroup */
	struct work_struct	end_work;	/* its end, where a cgroup is removed */

	/*
	 * A daemon with a restart policy: its request, kept to start it again,
	 * and the restart's state, under nsbox_lock but for timed_out.
	 */
	struct nsbox_restart_policy restart;
	struct nsbox_prog_req	*spec;		/* owned; NULL without a policy */
	struct delayed_work	restart_work;	/* starts it again (helper.c's queue) */
	u32			restarts;	/* times it was started again */
	u32			backoff;	/* restarts in a row: the delay's exponent */
	u32			restart_in_ms;	/* the delay its last exit chose */
	u64			run_mono_ns;	/* this run's start, CLOCK_MONOTONIC */
	u64			window_ns;	/* the start-limit window's first start */
	u32			window_starts;	/* starts in that window */
	int			killed_sig;	/* PROG_KILL's: dying of it is a stop */
	bool			timed_out;	/* killed by its timeout: a failure */
	char			failed_reason[80];	/* state FAILED: why */
};

/* A helper's report (HELPER_REPORT), parsed. */
struct nsbox_report {
	u64			token;
	bool			serve;		/* a serving helper is ready */
	bool			has_errno, has_uts_fd;
	u32			errno_nr;	/* a step failed with it */
	u32			uts_fd;
};

#define NSBOX_HELPER_MAX_PEERS	8

/* What a step of a helper's job does. */
enum nsbox_step_kind {
	NSBOX_STEP_LINK,	/* create link, bring it up */
	NSBOX_STEP_LINK_DEL,	/* delete the link ifname, with its veth peer */
	NSBOX_STEP_ADDR,	/* add or delete addr */
	NSBOX_STEP_ROUTE,	/* add, replace or delete route */
	NSBOX_STEP_NOIPV6,	/* turn IPv6 off in the namespace */
	NSBOX_STEP_LINK_MOVE,	/* move link's host device in, or with del back */
	NSBOX_STEP_SYSCTL,	/* write a sysctl of the namespace */
	NSBOX_STEP_NEIGH,	/* add or delete a permanent neighbour */
	NSBOX_STEP_LINK_SET,	/* change a link; put it back on failure */
};

/*
 * One step of a helper's job. What it points at is the caller's and must
 * stay as it is until nsbox_helper_run() has started: the run encodes the
 * job (netlink-msg.c) before it launches the helper, and keeps no pointer.
 */
struct nsbox_job_step {
	enum nsbox_step_kind	kind;
	bool			del;		/* addr, route, neigh: delete; link-move: back */
	bool			replace;	/* addr, route: the add may replace */
	int			peer_fd;	/* veth link, link-move: the other namespace's fd */
	union {
		const struct nsbox_link		*link;		/* link, link-move */
		const char			*ifname;	/* link-del */
		const struct nsbox_link_change	*change;	/* link-set */
		const struct nsbox_addr		*addr;
		const struct nsbox_route	*route;
		const struct nsbox_sysctl	*sysctl;
		const struct nsbox_neigh	*neigh;
	};
};

/* The encoded job of a run: the HELPER_JOB message (netlink-msg.c). */
struct nsbox_job_msg;

/*
 * One run of the helper. Create mode (target NULL): unshare new namespaces,
 * run the steps inside, report them; apply mode: enter target, run the steps.
 * The namespaces in peers[] are installed in the helper as fds, after the
 * target's (fd 0 in apply mode), for steps that name them (veth peers).
 */
struct nsbox_helper_job {
	const char	*hostname;		/* create: UTS namespace with this name */
	struct net	*target;		/* apply, exec: counted reference */

	/*
	 * exec mode (exec set): the helper gets stdio[] as fds 0-2, target as
	 * fd 3 and uts as fd 4, runs prog in sandbox with envp, and the run
	 * returns once it reported, i.e. just before it execs the program. The
	 * program's exit is passed to exited(data, wait status) once: from a
	 * work item, or by the run itself before it returns if the program has
	 * exited already. Then, or on failure of the run, data is done with.
	 */
	bool		exec;
	const struct nsbox_prog_req *prog;	/* the caller's, read as steps are */
	const char	*sandbox;		/* the program's sandbox's name */
	struct file	*stdio[3];		/* counted */
	struct file	*exec_uts;		/* counted, may be NULL */
	char		**envp;			/* kmalloc'ed, NULL-terminated */
	void		(*exited)(void *data, int status);
	void		*data;
	struct pid	*pid;			/* out: the helper, then the program */

	struct net	*peers[NSBOX_HELPER_MAX_PEERS];	/* counted references */
	unsigned int	npeers;
	struct nsbox_job_step *steps;		/* kmalloc'ed, in the order they run */
	unsigned int	nsteps, cap;		/* steps used, allocated */
	bool		oom;

	/* create mode results, handed over to the caller */
	struct net	*net;
	struct file	*uts;
};

/*
 * An adopted namespace is its owner's: nsbox configures in it only what
 * it can take away again (its links, and what is on them).
 */
static inline bool nsbox_adopted(const struct nsbox_sandbox *sb)
{
	return sb->flags & NSBOX_SANDBOX_F_ADOPTED;
}

/* sandbox.c */
#define NSBOX_NEED_READY	BIT(0)	/* created, not being created */
#define NSBOX_NEED_CHANGE	BIT(1)	/* not owned by another socket */

int nsbox_sandbox_cache_init(void);
void nsbox_sandbox_cache_exit(void);
int nsbox_sandbox_init(void);
void nsbox_sandbox_shutdown(void);
void nsbox_sandbox_exit(void);
int nsbox_sandbox_new(struct nsbox_caller *c, struct nsbox_sandbox_req *req);
struct nsbox_sandbox *nsbox_sandbox_lookup(const struct nsbox_caller *c, u32 id,
					   const char *name, unsigned int need);
struct nsbox_sandbox *nsbox_sandbox_next(struct net *net, unsigned long *id);
void nsbox_sandbox_put(struct nsbox_sandbox *sb);
void nsbox_sandbox_lock(void);
void nsbox_sandbox_unlock(void);
void nsbox_sandbox_assert_locked(void);
u32 nsbox_sandbox_gen(void);
int nsbox_sandbox_del(struct nsbox_caller *c, struct nsbox_sandbox *sb, bool may_signal);
u32 nsbox_sandbox_count(void);
void nsbox_sandbox_req_release(struct nsbox_sandbox_req *req);

/* helper.c */
int nsbox_helper_init(void);
void nsbox_helper_shutdown(void);
void nsbox_helper_exit(void);
void nsbox_job_init(struct nsbox_helper_job *job);
void nsbox_job_release(struct nsbox_helper_job *job);
struct nsbox_job_step *nsbox_job_add_step(struct nsbox_helper_job *job,
					  enum nsbox_step_kind kind);
int nsbox_job_peer_fd(struct nsbox_helper_job *job, struct net *net);
int nsbox_helper_run(struct nsbox_caller *c, struct nsbox_helper_job *job);
int nsbox_helper_report(struct nsbox_caller *c, const struct nsbox_report *r);
int nsbox_helper_job_get(struct nsbox_caller *c, u64 token);
u32 nsbox_helper_count(void);
void nsbox_helper_queue(struct work_struct *work);
void nsbox_helper_queue_restart(struct delayed_work *dwork, unsigned long delay);

/* link.c: links, addresses, routes, sysctls and neighbours */
int nsbox_cfg_caches_init(void);
void nsbox_cfg_caches_exit(void);
struct nsbox_link *nsbox_link_alloc(void);
void nsbox_link_free(struct nsbox_link *l);
struct nsbox_addr *nsbox_addr_alloc(void);
void nsbox_addr_free(struct nsbox_addr *a);
struct nsbox_route *nsbox_route_alloc(void);
void nsbox_route_free(struct nsbox_route *r);
struct nsbox_sysctl *nsbox_sysctl_alloc(void);
void nsbox_sysctl_free(struct nsbox_sysctl *s);
struct nsbox_neigh *nsbox_neigh_alloc(void);
void nsbox_neigh_free(struct nsbox_neigh *n);
void nsbox_cfg_init(struct nsbox_cfg *cfg);
void nsbox_cfg_free(struct nsbox_cfg *cfg);
struct nsbox_link *nsbox_cfg_link(const struct nsbox_cfg *cfg, const char *ifname);
bool nsbox_ifname_ok(const char *ifname);
bool nsbox_link_on_parent(u32 type);
int nsbox_cfg_steps(struct nsbox_caller *c, const struct nsbox_cfg *cfg,
		    struct nsbox_helper_job *job);
bool nsbox_dev_gone(struct net *net, const char *ifname);
int nsbox_link_new(struct nsbox_caller *c, struct nsbox_sandbox *sb, struct nsbox_link *l);
int nsbox_link_del(struct nsbox_caller *c, struct nsbox_sandbox *sb, const char *ifname);
int nsbox_link_release(struct nsbox_caller *c, struct nsbox_sandbox *sb, const char *ifname);
int nsbox_link_return_hosts(struct nsbox_caller *c, struct nsbox_sandbox *sb);
int nsbox_link_set(struct nsbox_caller *c, struct nsbox_sandbox *sb,
		   const struct nsbox_link_change *ch);
int nsbox_addr_op(struct nsbox_caller *c, struct nsbox_sandbox *sb, struct nsbox_addr *a,
		  bool add, bool replace);
int nsbox_route_op(struct nsbox_caller *c, struct nsbox_sandbox *sb, struct nsbox_route *r,
		   bool add, bool replace);
int nsbox_sysctl_set(struct nsbox_caller *c, struct nsbox_sandbox *sb, struct nsbox_sysctl *s);
int nsbox_neigh_op(struct nsbox_caller *c, struct nsbox_sandbox *sb, struct nsbox_neigh *n,
		   bool add, bool match_lladdr);

/* netdev.c: devices the module changes itself */
void nsbox_netdev_release(struct nsbox_sandbox *sb);
bool nsbox_cfg_has_host(const struct nsbox_cfg *cfg);

/* prog.c: programs in sandboxes */
extern unsigned int nsbox_max_programs;
int nsbox_prog_start(struct nsbox_caller *c, struct nsbox_sandbox *sb,
		     struct nsbox_prog_req *req);
int nsbox_prog_kill(struct nsbox_caller *c, struct nsbox_sandbox *sb, u32 id,
		    const char *name, int sig);
void nsbox_prog_req_free(struct nsbox_prog_req *req);
bool nsbox_prog_limited(const struct nsbox_prog_limits *l);
u32 nsbox_cgroup_end(const char *cg);
void nsbox_prog_stop_sandbox(struct nsbox_sandbox *sb);
void nsbox_prog_forget_sandbox(struct nsbox_sandbox *sb);
void nsbox_prog_owner_gone(struct net *net, u32 portid);
void nsbox_prog_shutdown(void);
u32 nsbox_prog_count(void);

/* netlink.c: the one netlink layer */
int nsbox_genl_register(void);
void nsbox_genl_unregister(void);
u32 nsbox_genl_family_id(void);
void nsbox_notify_sandbox(const struct nsbox_sandbox *sb, u8 cmd, u32 reason);
void nsbox_notify_link(const struct nsbox_sandbox *sb, const struct nsbox_link *link,
		       int ifindex, u8 cmd);
void nsbox_notify_prog_exit(const struct nsbox_prog *prog);
void nsbox_notify_prog_restart(const struct nsbox_prog *prog);
struct nsbox_job_msg *nsbox_job_msg_new(u64 token, const struct nsbox_helper_job *job);
void nsbox_job_msg_free(struct nsbox_job_msg *msg);
int nsbox_send_job(u32 portid, const struct nsbox_job_msg *msg);

#endif /* _NSBOX_H */
