// SPDX-License-Identifier: GPL-2.0
/*
 * Sandboxes: the table of kernel-owned namespaces and their life cycle.
 *
 * A sandbox belongs to the network namespace its creator's socket lives in
 * (owner_net): it is listed and managed only from there, and dies with it.
 * Each owner namespace indexes its sandboxes by id in its own xarray (ids are
 * per namespace, like ifindex, and not reused until they wrap); a global
 * hash finds them by (owner_net, name) and a global list lets module unload
 * find them all. nsbox_lock protects all three, the counters and the
 * generation that dumps use to detect a concurrent change.
 *
 * The module holds the sandbox's namespaces itself: a counted reference on
 * the struct net and the nsfs file of its UTS namespace. Nothing else keeps
 * them alive, so destroying a sandbox is dropping those two references.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/hashtable.h>
#include <linux/jhash.h>
#include <linux/netdevice.h>
#include <linux/proc_fs.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/netns/hash.h>
#include <net/sock.h>

#include "nsbox.h"

struct nsbox_pernet {
	struct xarray	sandboxes;	/* by id */
	u32		next_id;
	u32		owned;		/* how many are NSBOX_SANDBOX_F_OWNED */
};

struct nsbox_entry {
	struct nsbox_sandbox	sb;
	struct list_head	all;		/* nsbox_all */
	struct list_head	reap;		/* private to a batch destroy */
	bool			orphaned;	/* owner socket closed while creating */
};

static DEFINE_MUTEX(nsbox_lock);
static DEFINE_HASHTABLE(nsbox_names, 12);
static LIST_HEAD(nsbox_all);
static u32 nsbox_count;
static u32 nsbox_gen = 1;
static bool nsbox_dying;
static unsigned int nsbox_net_id __read_mostly;

/* The sandboxes, in a slab cache of their own, as link.c's records. */
static struct kmem_cache *nsbox_entry_cache __ro_after_init;

static struct nsbox_entry *to_entry(struct nsbox_sandbox *sb)
{
	return container_of(sb, struct nsbox_entry, sb);
}

/**
 * nsbox_sandbox_lock() - Take nsbox_lock, for the other files.
 *
 * Context: may sleep. The caller may hold a sandbox's cfg_lock, but not
 * nsbox_serve_lock nor nsbox_helper_lock (see the lock order in nsbox.h).
 */
void nsbox_sandbox_lock(void)
{
	mutex_lock(&nsbox_lock);
}

/**
 * nsbox_sandbox_unlock() - Release nsbox_lock.
 *
 * Context: nsbox_lock held, taken with nsbox_sandbox_lock().
 */
void nsbox_sandbox_unlock(void)
{
	mutex_unlock(&nsbox_lock);
}

/**
 * nsbox_sandbox_assert_locked() - Assert (lockdep) that nsbox_lock is held.
 *
 * For the other files' functions that rely on their caller holding it.
 */
void nsbox_sandbox_assert_locked(void)
{
	lockdep_assert_held(&nsbox_lock);
}

static struct nsbox_pernet *nsbox_pernet(const struct net *net)
{
	return net_generic(net, nsbox_net_id);
}

static u32 nsbox_name_hash(const struct net *net, const char *name)
{
	return jhash(name, strlen(name), net_hash_mix(net));
}

static struct nsbox_sandbox *nsbox_find_name(const struct net *net, const char *name)
{
	struct nsbox_sandbox *sb;

	lockdep_assert_held(&nsbox_lock);
	hash_for_each_possible(nsbox_names, sb, name_node, nsbox_name_hash(net, name))
		if (sb->owner_net == net && !strcmp(sb->name, name))
			return sb;
	return NULL;
}

/**
 * nsbox_sandbox_count() - How many sandboxes the module holds.
 *
 * Return: the sandboxes in the tables, in all namespaces, those still being
 * created included: a snapshot, read without nsbox_lock for INFO_GET.
 */
u32 nsbox_sandbox_count(void)
{
	return READ_ONCE(nsbox_count);
}

static void nsbox_unlink(struct nsbox_sandbox *sb)
{
	struct nsbox_pernet *pn = nsbox_pernet(sb->owner_net);

	lockdep_assert_held(&nsbox_lock);
	sb->unlinked = true;
	hash_del(&sb->name_node);
	list_del(&to_entry(sb)->all);
	xa_erase(&pn->sandboxes, sb->id);
	if (sb->flags & NSBOX_SANDBOX_F_OWNED)
		pn->owned--;
	nsbox_count--;
	nsbox_gen++;
}

/* Drops the namespaces: may start their (asynchronous) teardown. */
static void nsbox_release(struct kref *ref)
{
	struct nsbox_sandbox *sb = container_of(ref, struct nsbox_sandbox, ref);

	if (sb->state == NSBOX_SANDBOX_STATE_READY)
		pr_debug("sandbox %u %s destroyed\n", sb->id, sb->name);
	nsbox_prog_forget_sandbox(sb);
	/*
	 * Host devices go back, and an adopted namespace lives on: take away
	 * what nsbox put in it.
	 */
	if (sb->state == NSBOX_SANDBOX_STATE_READY &&
	    (nsbox_adopted(sb) || nsbox_cfg_has_host(&sb->cfg)))
		nsbox_netdev_release(sb);
	nsbox_cfg_free(&sb->cfg);
	if (sb->uts)
		fput(sb->uts);
	if (sb->net)
		put_net(sb->net);
	kmem_cache_free(nsbox_entry_cache, to_entry(sb));
}

/**
 * nsbox_sandbox_put() - Drop a reference on a sandbox.
 * @sb: the sandbox.
 *
 * The last reference frees @sb: the records of its exited daemons, its
 * configuration, and its namespaces, whose (asynchronous) teardown this may
 * start.
 *
 * Context: may sleep. The last put takes nsbox_lock and frees @sb->cfg_lock:
 * call with neither held, unless the tables' reference is known held, as it
 * is for a sandbox looked up and put under the same hold of nsbox_lock.
 */
void nsbox_sandbox_put(struct nsbox_sandbox *sb)
{
	kref_put(&sb->ref, nsbox_release);
}

/*
 * Drop the tables' reference, after unlinking: its programs are told to
 * stop, and the sandbox goes once they and any other user are done.
 */
static void nsbox_free(struct nsbox_sandbox *sb)
{
	nsbox_prog_stop_sandbox(sb);
	nsbox_sandbox_put(sb);
}

/**
 * nsbox_sandbox_lookup() - The one lookup rule: find a caller's sandbox.
 * @c: the caller; the sandbox must belong to its netns.
 * @id: the sandbox's id, or 0 to look it up by @name.
 * @name: the sandbox's name, when @id is 0.
 * @need: NSBOX_NEED_READY for a sandbox no longer being created,
 *	NSBOX_NEED_CHANGE for one the caller may change: not owned by another
 *	socket. An owned sandbox belongs to its creator's socket, which its
 *	lifetime is tied to: others may see it but not change it, run
 *	programs in it or delete it.
 *
 * Every request's sandbox is found by this (nsbox_nl_pre_doit()), and so is
 * a veth peer's. Portids are unique within the caller's netns, where
 * sandboxes are looked up.
 *
 * Context: nsbox_lock held. The tables' reference is then held too, so the
 * caller may drop the one returned before it unlocks.
 *
 * Return: the sandbox, with a reference the caller drops with
 * nsbox_sandbox_put(); or ERR_PTR(-ENOENT) if there is none, -EBUSY if it is
 * being created, -EPERM if another socket owns it (as @need asks). No
 * message is set: the caller knows what named the sandbox.
 */
struct nsbox_sandbox *nsbox_sandbox_lookup(const struct nsbox_caller *c, u32 id,
					   const char *name, unsigned int need)
{
	struct nsbox_sandbox *sb;

	lockdep_assert_held(&nsbox_lock);
	sb = id ? xa_load(&nsbox_pernet(c->net)->sandboxes, id) : nsbox_find_name(c->net, name);
	if (!sb)
		return ERR_PTR(-ENOENT);
	if ((need & NSBOX_NEED_READY) && sb->state != NSBOX_SANDBOX_STATE_READY)
		return ERR_PTR(-EBUSY);
	if ((need & NSBOX_NEED_CHANGE) && (sb->flags & NSBOX_SANDBOX_F_OWNED) &&
	    sb->owner_portid != c->portid)
		return ERR_PTR(-EPERM);
	kref_get(&sb->ref);
	return sb;
}

/**
 * nsbox_sandbox_next() - The next sandbox of a namespace, in id order.
 * @net: the owner namespace.
 * @id: in, the first id to look at; out, the id of the sandbox returned.
 *
 * For dumps, which resume at an id: stable across changes.
 *
 * Context: nsbox_lock held, which keeps the sandbox returned alive.
 *
 * Return: the sandbox with the smallest id at or above *@id, or %NULL.
 */
struct nsbox_sandbox *nsbox_sandbox_next(struct net *net, unsigned long *id)
{
	lockdep_assert_held(&nsbox_lock);
	return xa_find(&nsbox_pernet(net)->sandboxes, id, ULONG_MAX, XA_PRESENT);
}

/**
 * nsbox_sandbox_gen() - The tables' generation, for dumps.
 *
 * Context: nsbox_lock held.
 *
 * Return: a number that changes with every change to the tables: a dump
 * that saw it change raced with one (NLM_F_DUMP_INTR).
 */
u32 nsbox_sandbox_gen(void)
{
	lockdep_assert_held(&nsbox_lock);
	return nsbox_gen;
}

/* The sandbox, ready or being created, that holds @net; nsbox_lock held. */
static struct nsbox_sandbox *nsbox_find_net(const struct net *net)
{
	struct nsbox_entry *e;

	list_for_each_entry(e, &nsbox_all, all)
		if (e->sb.net == net)
			return &e->sb;
	return NULL;
}

/*
 * May @sb adopt its namespace? Not if another sandbox holds it, and not if
 * it owns the caller's, or the namespace that owns that, and so on: each
 * would hold the other, and nothing could ever free either.
 */
static int nsbox_adopt_check(struct nsbox_sandbox *sb, struct nsbox_caller *c, u16 attr)
{
	const struct net *net = c->net;
	struct nsbox_sandbox *holder;
	u32 depth;

	lockdep_assert_held(&nsbox_lock);
	if (nsbox_find_net(sb->net)) {
		nsbox_err_attr(c, attr, "this network namespace is a sandbox already");
		return -EBUSY;
	}
	for (depth = 0; depth <= nsbox_count; depth++) {
		holder = nsbox_find_net(net);
		if (!holder)
			return 0;
		if (holder->owner_net == sb->net) {
			nsbox_err_attr(c, attr,
				       "this namespace owns the sender's: adopting it would make a loop");
			return -ELOOP;
		}
		net = holder->owner_net;
	}
	return 0;
}

/*
 * Reserve the name and an id: the sandbox is visible as "creating". An
 * adopted namespace (@adopt_attr names how) is then the sandbox's at once.
 */
static int nsbox_reserve(struct nsbox_sandbox *sb, struct nsbox_caller *c, u16 adopt_attr)
{
	struct netlink_ext_ack *extack = c->extack;
	struct nsbox_pernet *pn = nsbox_pernet(sb->owner_net);
	int err;

	lockdep_assert_held(&nsbox_lock);
	if (nsbox_dying) {
		NL_SET_ERR_MSG_MOD(extack, "nsbox is being unloaded");
		return -ESHUTDOWN;
	}
	if (nsbox_count >= READ_ONCE(nsbox_max_sandboxes)) {
		NL_SET_ERR_MSG_MOD(extack, "sandbox limit reached (max_sandboxes)");
		return -ENOSPC;
	}
	if (nsbox_find_name(sb->owner_net, sb->name)) {
		nsbox_err_attr(c, NSBOX_A_SANDBOX_NAME, "a sandbox with this name already exists");
		return -EEXIST;
	}
	if (nsbox_adopted(sb)) {
		err = nsbox_adopt_check(sb, c, adopt_attr);
		if (err)
			return err;
	}

	err = xa_alloc_cyclic(&pn->sandboxes, &sb->id, sb, xa_limit_31b,
			      &pn->next_id, GFP_KERNEL);
	if (err < 0) {
		NL_SET_ERR_MSG_MOD(extack, "no sandbox id left");
		return err == -EBUSY ? -ENOSPC : err;
	}

	hash_add(nsbox_names, &sb->name_node, nsbox_name_hash(sb->owner_net, sb->name));
	list_add_tail(&to_entry(sb)->all, &nsbox_all);
	if (sb->flags & NSBOX_SANDBOX_F_OWNED)
		pn->owned++;
	nsbox_count++;
	nsbox_gen++;
	return 0;
}

/**
 * nsbox_sandbox_new() - Create a sandbox (SANDBOX_NEW) and reply with it.
 * @c: the caller: the sandbox belongs to its netns and, if owned, to its
 *	socket. c->reply() sends the reply once the sandbox is ready.
 * @req: the request, validated; the sandbox takes the records of its
 *	clauses (@req->cfg), which its steps set up inside, and the namespace
 *	it adopts (@req->adopt), if any.
 *
 * The name and an id are reserved first: the sandbox is listed as creating
 * while the helper makes its namespaces and runs the clauses' steps in them.
 * An adopted namespace is the sandbox's from the start, the helper only
 * applies the steps in it (and runs not at all if there are none), and it
 * is released, not destroyed, when the sandbox goes (nsbox_netdev_release()).
 *
 * Context: may sleep. Takes nsbox_lock, and waits for the helper with no lock
 * held (killable, bounded by helper_timeout_ms).
 *
 * Return: 0 once the sandbox is ready, the reply sent and the creation
 * announced. Otherwise a negative errno, with an extack message for most:
 * -ESHUTDOWN while the module unloads, -ENOSPC at max_sandboxes, -EEXIST for
 * a name in use, -EBUSY or -ELOOP for a namespace that cannot be adopted,
 * -ECONNRESET if the owning socket closed meanwhile, or the error of the
 * clauses, the helper run or the reply. A failed create leaves nothing: an
 * adopted namespace as it was.
 */
int nsbox_sandbox_new(struct nsbox_caller *c, struct nsbox_sandbox_req *req)
{
	struct nsbox_helper_job job;
	struct nsbox_sandbox *sb;
	struct nsbox_entry *e;
	u32 flags = req->flags;
	int err;

	e = kmem_cache_zalloc(nsbox_entry_cache, GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	sb = &e->sb;
	kref_init(&sb->ref);
	mutex_init(&sb->cfg_lock);
	INIT_LIST_HEAD(&sb->progs);
	nsbox_cfg_init(&sb->cfg);
	list_splice_init(&req->cfg.links, &sb->cfg.links);
	list_splice_init(&req->cfg.addrs, &sb->cfg.addrs);
	list_splice_init(&req->cfg.routes, &sb->cfg.routes);
	list_splice_init(&req->cfg.sysctls, &sb->cfg.sysctls);
	list_splice_init(&req->cfg.neighs, &sb->cfg.neighs);
	sb->cfg.nlinks = req->cfg.nlinks;
	req->cfg.nlinks = 0;
	strscpy(sb->name, req->name, sizeof(sb->name));
	if (req->hostname) {
		strscpy(sb->hostname, req->hostname, sizeof(sb->hostname));
		flags |= NSBOX_SANDBOX_F_UTS;
	}
	sb->state = NSBOX_SANDBOX_STATE_CREATING;
	sb->owner_net = c->net;
	sb->owner_portid = c->portid;
	sb->owner_uid = current_uid();

	/* what goes in it: checked, and turned into the helper's steps */
	nsbox_job_init(&job);
	job.hostname = req->hostname;
	if (req->adopt) {
		/* the steps run in it, and nothing is made: no helper if none */
		flags |= NSBOX_SANDBOX_F_ADOPTED;
		sb->net = req->adopt;
		req->adopt = NULL;
		job.target = get_net(sb->net);
	}
	sb->flags = flags;
	mutex_lock(&nsbox_lock);
	err = nsbox_cfg_steps(c, &sb->cfg, &job);
	if (!err && (flags & NSBOX_SANDBOX_F_NOIPV6))
		nsbox_job_add_step(&job, NSBOX_STEP_NOIPV6);
	if (!err)
		err = nsbox_reserve(sb, c, req->adopt_attr);
	mutex_unlock(&nsbox_lock);
	if (err) {
		nsbox_job_release(&job);
		nsbox_sandbox_put(sb);
		return err;
	}

	/* no lock held: this waits for the helper, killable and bounded */
	if (!job.target || job.nsteps)
		err = nsbox_helper_run(c, &job);

	mutex_lock(&nsbox_lock);
	if (!err && nsbox_dying) {
		NL_SET_ERR_MSG_MOD(c->extack, "nsbox is being unloaded");
		err = -ESHUTDOWN;
	}
	if (!err && e->orphaned) {
		NL_SET_ERR_MSG_MOD(c->extack, "the owning socket closed during creation");
		err = -ECONNRESET;
	}
	if (!err) {
		if (!nsbox_adopted(sb)) {
			sb->net = job.net;
			sb->uts = job.uts;
			job.net = NULL;
			job.uts = NULL;
		}
		sb->created_ns = ktime_get_real_ns();
		sb->state = NSBOX_SANDBOX_STATE_READY;
		nsbox_gen++;
		err = c->reply(c, sb);
	}
	if (err) {
		nsbox_unlink(sb);
		mutex_unlock(&nsbox_lock);
		nsbox_job_release(&job);
		nsbox_free(sb);
		return err;
	}
	pr_debug("sandbox %u %s created\n", sb->id, sb->name);
	nsbox_notify_sandbox(sb, NSBOX_CMD_SANDBOX_CREATE_NTF, 0);
	mutex_unlock(&nsbox_lock);
	nsbox_job_release(&job);
	return 0;
}

/**
 * nsbox_sandbox_req_release() - Drop what a parsed SANDBOX_NEW still holds.
 * @req: the request: the records of its clauses and the namespace it
 *	adopts, unless nsbox_sandbox_new() took them.
 */
void nsbox_sandbox_req_release(struct nsbox_sandbox_req *req)
{
	nsbox_cfg_free(&req->cfg);
	if (req->adopt)
		put_net(req->adopt);
	req->adopt = NULL;
}

/* May @c delete @sb now? nsbox_lock held. */
static int nsbox_del_check(struct nsbox_caller *c, struct nsbox_sandbox *sb, bool may_signal)
{
	lockdep_assert_held(&nsbox_lock);
	if (sb->unlinked) {
		NL_SET_ERR_MSG_MOD(c->extack, "no such sandbox any more");
		return -ENOENT;
	}
	if (sb->nprogs && !may_signal) {
		NL_SET_ERR_MSG_MOD(c->extack,
				   "programs run in the sandbox: stopping them needs CAP_SYS_ADMIN");
		return -EPERM;
	}
	return 0;
}

/**
 * nsbox_sandbox_del() - Delete a sandbox (SANDBOX_DEL).
 * @c: the caller.
 * @sb: the sandbox, as nsbox_sandbox_lookup() found it for @c: ready, and
 *	the caller's to change.
 * @may_signal: whether the caller may signal programs (CAP_SYS_ADMIN).
 *
 * Deleting a sandbox stops its programs (SIGTERM, then SIGKILL), so with
 * programs running it takes what signalling them takes (@may_signal). The
 * count is read under nsbox_lock, which unlinking takes too: no program can
 * start in between. Host devices moved in are sent back first, by a helper
 * (nsbox_link_return_hosts()). The deletion is announced at once; the
 * namespaces go once the last program has exited, which is not waited for.
 *
 * Context: takes nsbox_lock; with host devices, waits for a helper with the
 * sandbox's cfg_lock held (killable, bounded). The caller holds a reference
 * on @sb.
 *
 * Return: 0, or a negative errno with an extack message: -ENOENT if @sb was
 * deleted since it was looked up, -EPERM if programs run in it and
 * @may_signal is false.
 */
int nsbox_sandbox_del(struct nsbox_caller *c, struct nsbox_sandbox *sb, bool may_signal)
{
	struct nsbox_caller quiet = *c;
	bool hosts;
	int err;

	mutex_lock(&nsbox_lock);
	err = nsbox_del_check(c, sb, may_signal);
	hosts = nsbox_cfg_has_host(&sb->cfg);
	mutex_unlock(&nsbox_lock);
	if (err)
		return err;

	/*
	 * Host devices go back by a helper, which can give them their names
	 * back; what it leaves, nsbox_netdev_release() sends back as it can.
	 * The delete goes on whatever became of them.
	 */
	if (hosts) {
		quiet.extack = NULL;
		nsbox_link_return_hosts(&quiet, sb);
	}

	mutex_lock(&nsbox_lock);
	err = nsbox_del_check(c, sb, may_signal);
	if (err) {
		mutex_unlock(&nsbox_lock);
		return err;
	}
	nsbox_unlink(sb);
	nsbox_notify_sandbox(sb, NSBOX_CMD_SANDBOX_DELETE_NTF, NSBOX_REASON_REQUEST);
	mutex_unlock(&nsbox_lock);

	nsbox_free(sb);
	return 0;
}

/*
 * Destroy, with @reason, every ready sandbox @match accepts; entries still
 * being created are left to their creator, who sees @orphan set on them.
 */
static void nsbox_destroy_matching(bool (*match)(const struct nsbox_sandbox *sb,
						 const void *arg),
				   const void *arg, u32 reason, bool orphan)
{
	struct nsbox_entry *e, *tmp;
	LIST_HEAD(reap);

	mutex_lock(&nsbox_lock);
	list_for_each_entry_safe(e, tmp, &nsbox_all, all) {
		if (!match(&e->sb, arg))
			continue;
		if (e->sb.state != NSBOX_SANDBOX_STATE_READY) {
			e->orphaned |= orphan;
			continue;
		}
		nsbox_unlink(&e->sb);
		/*
		 * The owner namespace is being freed, while the sandbox may
		 * live on until its programs have stopped: never reach it again.
		 */
		if (reason == NSBOX_REASON_NETNS_GONE)
			e->sb.owner_dead = true;
		else
			nsbox_notify_sandbox(&e->sb, NSBOX_CMD_SANDBOX_DELETE_NTF, reason);
		list_add_tail(&e->reap, &reap);
	}
	mutex_unlock(&nsbox_lock);

	list_for_each_entry_safe(e, tmp, &reap, reap)
		nsbox_free(&e->sb);
}

static bool nsbox_match_all(const struct nsbox_sandbox *sb, const void *arg)
{
	return true;
}

static bool nsbox_match_net(const struct nsbox_sandbox *sb, const void *arg)
{
	return sb->owner_net == arg;
}

static bool nsbox_match_owner(const struct nsbox_sandbox *sb, const void *arg)
{
	const struct netlink_notify *n = arg;

	return (sb->flags & NSBOX_SANDBOX_F_OWNED) && sb->owner_net == n->net &&
	       sb->owner_portid == n->portid;
}

/* The nl80211 socket-owner pattern: owned sandboxes die with their socket. */
static int nsbox_netlink_notify(struct notifier_block *nb, unsigned long state,
				void *ptr)
{
	struct netlink_notify *n = ptr;

	if (state != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC)
		return NOTIFY_DONE;
	if (nsbox_prog_count())
		nsbox_prog_owner_gone(n->net, n->portid);
	/* the common case, every genl socket closing: nothing owned there */
	if (!READ_ONCE(nsbox_pernet(n->net)->owned))
		return NOTIFY_DONE;

	nsbox_destroy_matching(nsbox_match_owner, n, NSBOX_REASON_OWNER_GONE, true);
	return NOTIFY_DONE;
}

static struct notifier_block nsbox_netlink_notifier = {
	.notifier_call = nsbox_netlink_notify,
};

static int __net_init nsbox_net_init(struct net *net)
{
	struct nsbox_pernet *pn = nsbox_pernet(net);

	xa_init_flags(&pn->sandboxes, XA_FLAGS_ALLOC1);
	return 0;
}

/*
 * The owner namespace is going away: no socket of it is left, so nobody can
 * see or manage its sandboxes any more. This is why owner_net needs no
 * reference of its own.
 */
static void __net_exit nsbox_net_exit(struct net *net)
{
	struct nsbox_pernet *pn = nsbox_pernet(net);

	nsbox_destroy_matching(nsbox_match_net, net, NSBOX_REASON_NETNS_GONE, true);
	WARN_ON_ONCE(!xa_empty(&pn->sandboxes));
	xa_destroy(&pn->sandboxes);
}

static struct pernet_operations nsbox_net_ops = {
	.init	= nsbox_net_init,
	.exit	= nsbox_net_exit,
	.id	= &nsbox_net_id,
	.size	= sizeof(struct nsbox_pernet),
};

/**
 * nsbox_sandbox_init() - Module init: register the pernet tables and notifier.
 *
 * Return: 0, or the negative errno of a registration, with nothing left
 * registered.
 */
int nsbox_sandbox_init(void)
{
	int err;

	err = register_pernet_subsys(&nsbox_net_ops);
	if (err)
		return err;

	err = netlink_register_notifier(&nsbox_netlink_notifier);
	if (err)
		unregister_pernet_subsys(&nsbox_net_ops);
	return err;
}

/**
 * nsbox_sandbox_shutdown() - Refuse new sandboxes and destroy every one.
 *
 * Module unload, first step, while the family still exists: every ready
 * sandbox is deleted with reason module-unload, announced, and its programs
 * are told to stop. One still being created is left to its creator, who
 * then fails with -ESHUTDOWN. Takes nsbox_lock; may sleep.
 */
void nsbox_sandbox_shutdown(void)
{
	mutex_lock(&nsbox_lock);
	nsbox_dying = true;
	mutex_unlock(&nsbox_lock);

	nsbox_destroy_matching(nsbox_match_all, NULL, NSBOX_REASON_MODULE_UNLOAD, false);
}

/**
 * nsbox_sandbox_exit() - Tear down the sandbox tables: module exit.
 *
 * After the family is gone no request runs any more, and every request that
 * was creating a sandbox has failed and removed it: nothing should be left
 * (it warns if a sandbox is). Then the notifier and the per-netns part are
 * unregistered. Also the error path of module init. Takes nsbox_lock; may
 * sleep.
 */
void nsbox_sandbox_exit(void)
{
	nsbox_destroy_matching(nsbox_match_all, NULL, NSBOX_REASON_MODULE_UNLOAD, false);
	WARN_ON_ONCE(nsbox_count);
	netlink_unregister_notifier(&nsbox_netlink_notifier);
	unregister_pernet_subsys(&nsbox_net_ops);
}

/**
 * nsbox_sandbox_cache_init() - Module init: create the sandboxes' slab cache.
 *
 * Return: 0 or -ENOMEM.
 */
int __init nsbox_sandbox_cache_init(void)
{
	/* charged to the creator's memory cgroup */
	nsbox_entry_cache = KMEM_CACHE(nsbox_entry, SLAB_ACCOUNT);
	return nsbox_entry_cache ? 0 : -ENOMEM;
}

/**
 * nsbox_sandbox_cache_exit() - Module exit: destroy the sandboxes' slab cache.
 *
 * Context: last of all, after nsbox_helper_exit(): a program holds its
 * sandbox until its end, which the helper workqueue waits for.
 */
void nsbox_sandbox_cache_exit(void)
{
	kmem_cache_destroy(nsbox_entry_cache);
}
