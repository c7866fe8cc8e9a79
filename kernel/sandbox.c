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
 * nsbox_sandbox_find_net() - Look up a ready sandbox of a namespace by name.
 * @net: the owner namespace.
 * @name: the sandbox's name.
 *
 * Context: nsbox_lock held. The tables' reference is then held too, so the
 * caller may drop the one returned before it unlocks.
 *
 * Return: the sandbox, with a reference the caller drops with
 * nsbox_sandbox_put(), or %NULL if @net has no ready sandbox of that name
 * (none, or one still being created).
 */
struct nsbox_sandbox *nsbox_sandbox_find_net(struct net *net, const char *name)
{
	struct nsbox_sandbox *sb;

	lockdep_assert_held(&nsbox_lock);
	sb = nsbox_find_name(net, name);
	if (!sb || sb->state != NSBOX_SANDBOX_STATE_READY)
		return NULL;
	kref_get(&sb->ref);
	return sb;
}

/**
 * nsbox_may_change() - May the sender of a request change a sandbox?
 * @sb: the sandbox.
 * @info: the request.
 *
 * An owned sandbox belongs to its creator's socket, which its lifetime is
 * tied to: others may see it but not change it, run programs in it or
 * delete it. Sandboxes are looked up in the caller's netns only, where
 * portids are unique. What this reads is fixed at creation: no lock needed.
 *
 * Return: true if @sb is not owned, or is owned by @info's sending socket.
 */
bool nsbox_may_change(const struct nsbox_sandbox *sb, const struct genl_info *info)
{
	return !(sb->flags & NSBOX_SANDBOX_F_OWNED) || sb->owner_portid == info->snd_portid;
}

/**
 * nsbox_sandbox_find() - Look up the caller's ready sandbox, to change it.
 * @info: the request; the sandbox must belong to its netns.
 * @name: the sandbox's name, from @attr.
 * @attr: the attribute naming it, for the extack message.
 *
 * Context: takes nsbox_lock.
 *
 * Return: the sandbox, with a reference the caller drops with
 * nsbox_sandbox_put(); or ERR_PTR(-ENOENT) if no ready sandbox has that
 * name, ERR_PTR(-EPERM) if another socket owns it, with an extack message on
 * @attr.
 */
struct nsbox_sandbox *nsbox_sandbox_find(struct genl_info *info, const char *name,
					 const struct nlattr *attr)
{
	struct nsbox_sandbox *sb;

	mutex_lock(&nsbox_lock);
	sb = nsbox_sandbox_find_net(genl_info_net(info), name);
	mutex_unlock(&nsbox_lock);
	if (!sb) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr, "no ready sandbox with this name");
		return ERR_PTR(-ENOENT);
	}
	if (!nsbox_may_change(sb, info)) {
		nsbox_sandbox_put(sb);
		NL_SET_ERR_MSG_ATTR(info->extack, attr, "sandbox is owned by another socket");
		return ERR_PTR(-EPERM);
	}
	return sb;
}

/* Reserve the name and an id: the sandbox is visible as "creating". */
static int nsbox_reserve(struct nsbox_sandbox *sb, struct netlink_ext_ack *extack,
			 const struct nlattr *name_attr)
{
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
		NL_SET_ERR_MSG_ATTR(extack, name_attr, "a sandbox with this name already exists");
		return -EEXIST;
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

/*
 * Reply with the sandbox, handing out namespace fds when asked. Called with
 * nsbox_lock held, which keeps @sb alive; the reply is sent without blocking.
 * The fds are installed before the reply is sent and closed again if it
 * cannot be, so that a failed request leaves no fd behind.
 */
static int nsbox_reply(struct genl_info *info, struct nsbox_sandbox *sb,
		       u8 cmd, bool want_fds)
{
	int netns_fd = -1, uts_fd = -1;
	struct sk_buff *msg;
	void *hdr;
	int err;

	lockdep_assert_held(&nsbox_lock);
	msg = genlmsg_new(nsbox_sandbox_size() + nsbox_cfg_size(sb) +
			  nsbox_prog_size_all(sb), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	err = -EMSGSIZE;
	hdr = nsbox_msg_put(msg, info->snd_portid, info->snd_seq, 0, cmd);
	if (!hdr || nsbox_put_sandbox(msg, sb) || nsbox_cfg_put(msg, sb) ||
	    nsbox_prog_put_all(msg, sb))
		goto err_free;

	if (want_fds) {
		netns_fd = open_related_ns(&sb->net->ns, get_net_ns);
		if (netns_fd < 0) {
			err = netns_fd;
			NL_SET_ERR_MSG_MOD(info->extack, "cannot open the network namespace");
			goto err_free;
		}
		if (sb->uts) {
			uts_fd = get_unused_fd_flags(O_CLOEXEC);
			if (uts_fd < 0) {
				err = uts_fd;
				NL_SET_ERR_MSG_MOD(info->extack, "no fd for the UTS namespace");
				goto err_close;
			}
			fd_install(uts_fd, get_file(sb->uts));
		}
		err = -EMSGSIZE;
		if (nla_put_u32(msg, NSBOX_A_SANDBOX_NETNS_FD, netns_fd) ||
		    (uts_fd >= 0 && nla_put_u32(msg, NSBOX_A_SANDBOX_UTS_FD, uts_fd)))
			goto err_close;
	}
	genlmsg_end(msg, hdr);

	err = genlmsg_reply(msg, info);
	if (err) {
		msg = NULL;	/* consumed */
		goto err_close;
	}
	return 0;

err_close:
	if (uts_fd >= 0)
		close_fd(uts_fd);
	if (netns_fd >= 0)
		close_fd(netns_fd);
err_free:
	nlmsg_free(msg);
	return err;
}

/**
 * nsbox_sandbox_new() - Create a sandbox (SANDBOX_NEW) and reply with it.
 * @info: the request; its link, addr and route clauses are set up inside.
 * @name: the sandbox's name, validated.
 * @hostname: the hostname of a new UTS namespace, or %NULL for none.
 * @flags: NSBOX_SANDBOX_F_* of the request; F_UTS is added with @hostname.
 *
 * The name and an id are reserved first: the sandbox is listed as creating
 * while the helper makes its namespaces and runs the clauses' steps in them.
 * It belongs to the sender's netns and, if owned, to the sender's socket.
 *
 * Context: may sleep. Takes nsbox_lock, and waits for the helper with no lock
 * held (killable, bounded by helper_timeout_ms).
 *
 * Return: 0 once the sandbox is ready, the reply (with namespace fds for
 * NSBOX_SANDBOX_F_PUBLISH) sent and the creation announced. Otherwise a
 * negative errno, with an extack message for most: -ESHUTDOWN while the
 * module unloads, -ENOSPC at max_sandboxes, -EEXIST for a name in use,
 * -ECONNRESET if the owning socket closed meanwhile, or the error of the
 * clauses, the helper run or the reply. A failed create leaves nothing.
 */
int nsbox_sandbox_new(struct genl_info *info, const char *name,
		      const char *hostname, u32 flags)
{
	struct nsbox_helper_job job;
	struct nsbox_sandbox *sb;
	struct nsbox_entry *e;
	int err;

	e = kmem_cache_zalloc(nsbox_entry_cache, GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	sb = &e->sb;
	kref_init(&sb->ref);
	mutex_init(&sb->cfg_lock);
	INIT_LIST_HEAD(&sb->progs);
	nsbox_cfg_init(&sb->cfg);
	strscpy(sb->name, name, sizeof(sb->name));
	if (hostname) {
		strscpy(sb->hostname, hostname, sizeof(sb->hostname));
		flags |= NSBOX_SANDBOX_F_UTS;
	}
	sb->flags = flags;
	sb->state = NSBOX_SANDBOX_STATE_CREATING;
	sb->owner_net = genl_info_net(info);
	sb->owner_portid = info->snd_portid;
	sb->owner_uid = current_uid();

	/* what goes in it: validated, and turned into the helper's steps */
	nsbox_job_init(&job);
	job.hostname = hostname;
	mutex_lock(&nsbox_lock);
	err = nsbox_cfg_from_request(info, sb->owner_net, &sb->cfg, &job);
	if (!err && (flags & NSBOX_SANDBOX_F_NOIPV6)) {
		nsbox_job_word(&job, "noipv6");
		nsbox_job_end_step(&job);
	}
	if (!err)
		err = nsbox_reserve(sb, info->extack, info->attrs[NSBOX_A_SANDBOX_NAME]);
	mutex_unlock(&nsbox_lock);
	if (err) {
		nsbox_job_release(&job);
		nsbox_sandbox_put(sb);
		return err;
	}

	/* no lock held: this waits for the helper, killable and bounded */
	err = nsbox_helper_run(info, &job);

	mutex_lock(&nsbox_lock);
	if (!err && nsbox_dying) {
		NL_SET_ERR_MSG_MOD(info->extack, "nsbox is being unloaded");
		err = -ESHUTDOWN;
	}
	if (!err && e->orphaned) {
		NL_SET_ERR_MSG_MOD(info->extack, "the owning socket closed during creation");
		err = -ECONNRESET;
	}
	if (!err) {
		sb->net = job.net;
		sb->uts = job.uts;
		job.net = NULL;
		job.uts = NULL;
		sb->created_ns = ktime_get_real_ns();
		sb->state = NSBOX_SANDBOX_STATE_READY;
		nsbox_gen++;
		err = nsbox_reply(info, sb, NSBOX_CMD_SANDBOX_NEW,
				  flags & NSBOX_SANDBOX_F_PUBLISH);
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

/* Resolve the sandbox named by exactly one of id and name, in the caller's netns. */
static struct nsbox_sandbox *nsbox_lookup(struct genl_info *info)
{
	struct nlattr *id_attr = info->attrs[NSBOX_A_SANDBOX_ID];
	struct nlattr *name_attr = info->attrs[NSBOX_A_SANDBOX_NAME];
	struct net *net = genl_info_net(info);
	struct nsbox_sandbox *sb;

	lockdep_assert_held(&nsbox_lock);
	if (!id_attr == !name_attr) {
		NL_SET_ERR_MSG_MOD(info->extack, "give exactly one of sandbox id and name");
		return ERR_PTR(-EINVAL);
	}

	if (id_attr) {
		sb = xa_load(&nsbox_pernet(net)->sandboxes, nla_get_u32(id_attr));
		if (!sb) {
			NL_SET_ERR_MSG_ATTR(info->extack, id_attr, "no sandbox with this id");
			return ERR_PTR(-ENOENT);
		}
	} else {
		sb = nsbox_find_name(net, nla_data(name_attr));
		if (!sb) {
			NL_SET_ERR_MSG_ATTR(info->extack, name_attr, "no sandbox with this name");
			return ERR_PTR(-ENOENT);
		}
	}
	return sb;
}

/**
 * nsbox_sandbox_del() - Delete the sandbox a request names (SANDBOX_DEL).
 * @info: the request: the sandbox's id or name, in the caller's netns.
 * @may_signal: whether the caller may signal programs (nsbox_may_signal()).
 *
 * Deleting a sandbox stops its programs (SIGTERM, then SIGKILL), so with
 * programs running it takes what signalling them takes (@may_signal). The
 * count is read under nsbox_lock, which unlinking takes too: no program can
 * start in between. The deletion is announced at once; the namespaces go
 * once the last program has exited, which is not waited for.
 *
 * Context: takes nsbox_lock.
 *
 * Return: 0, or a negative errno with an extack message: -EINVAL unless
 * exactly one of id and name is given, -ENOENT if there is no such sandbox,
 * -EBUSY if it is still being created, -EPERM if another socket owns it or
 * if programs run in it and @may_signal is false.
 */
int nsbox_sandbox_del(struct genl_info *info, bool may_signal)
{
	struct nsbox_sandbox *sb;

	mutex_lock(&nsbox_lock);
	sb = nsbox_lookup(info);
	if (IS_ERR(sb)) {
		mutex_unlock(&nsbox_lock);
		return PTR_ERR(sb);
	}
	if (sb->state != NSBOX_SANDBOX_STATE_READY) {
		mutex_unlock(&nsbox_lock);
		NL_SET_ERR_MSG_MOD(info->extack, "sandbox is still being created");
		return -EBUSY;
	}
	if (!nsbox_may_change(sb, info)) {
		mutex_unlock(&nsbox_lock);
		NL_SET_ERR_MSG_MOD(info->extack, "sandbox is owned by another socket");
		return -EPERM;
	}
	if (sb->nprogs && !may_signal) {
		mutex_unlock(&nsbox_lock);
		NL_SET_ERR_MSG_MOD(info->extack,
				   "programs run in the sandbox: stopping them needs CAP_SYS_ADMIN");
		return -EPERM;
	}
	nsbox_unlink(sb);
	nsbox_notify_sandbox(sb, NSBOX_CMD_SANDBOX_DELETE_NTF, NSBOX_REASON_REQUEST);
	mutex_unlock(&nsbox_lock);

	nsbox_free(sb);
	return 0;
}

/**
 * nsbox_sandbox_get() - Reply with the sandbox a request names (SANDBOX_GET).
 * @info: the request: the sandbox's id or name, and WANT_NSFDS.
 *
 * With WANT_NSFDS the reply carries fds of the sandbox's network and UTS
 * namespaces, installed in the caller's fd table, and closed again if the
 * reply cannot be sent.
 *
 * Context: takes nsbox_lock; the reply is built and sent under it.
 *
 * Return: 0 once the reply is sent. Otherwise a negative errno: with an
 * extack message, -EINVAL or -ENOENT as for nsbox_sandbox_del() and -EBUSY
 * for the fds of a sandbox still being created; or the error of building or
 * sending the reply.
 */
int nsbox_sandbox_get(struct genl_info *info)
{
	bool want_fds = nla_get_flag(info->attrs[NSBOX_A_SANDBOX_WANT_NSFDS]);
	struct nsbox_sandbox *sb;
	int err;

	mutex_lock(&nsbox_lock);
	sb = nsbox_lookup(info);
	if (IS_ERR(sb)) {
		err = PTR_ERR(sb);
	} else if (want_fds && sb->state != NSBOX_SANDBOX_STATE_READY) {
		NL_SET_ERR_MSG_MOD(info->extack, "sandbox is still being created");
		err = -EBUSY;
	} else {
		err = nsbox_reply(info, sb, NSBOX_CMD_SANDBOX_GET, want_fds);
	}
	mutex_unlock(&nsbox_lock);
	return err;
}

/*
 * One sandbox of a dump, all of it if it fits. A sandbox too large for even
 * an empty message goes without its records, marked partial, rather than
 * failing the whole dump: a GET sizes its reply to the sandbox.
 */
static int nsbox_dump_one(struct sk_buff *skb, void *hdr,
			  const struct nsbox_sandbox *sb, bool alone)
{
	unsigned char *mark;

	if (nsbox_put_sandbox(skb, sb))
		goto cancel;
	mark = skb_tail_pointer(skb);
	if (!nsbox_cfg_put(skb, sb) && !nsbox_prog_put_all(skb, sb))
		goto end;
	if (!alone)
		goto cancel;	/* it starts the next message */
	nlmsg_trim(skb, mark);
	if (nla_put_flag(skb, NSBOX_A_SANDBOX_PARTIAL))
		goto cancel;
end:
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/**
 * nsbox_sandbox_dump() - Dump the caller's sandboxes (SANDBOX_GET dump).
 * @skb: the part of the dump to fill.
 * @cb: the dump's state.
 *
 * Dump the caller's sandboxes in id order. The cursor is the next id to
 * visit (cb->args[0]), stable across changes; the generation marks a dump
 * that raced with one (NLM_F_DUMP_INTR) so userspace can retry. A sandbox
 * too large for a message of its own goes without its records, marked
 * partial.
 *
 * Context: takes nsbox_lock.
 *
 * Return: the length of @skb, 0 once every sandbox was dumped; -EMSGSIZE if
 * a sandbox's own attributes do not fit even an empty message.
 */
int nsbox_sandbox_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nsbox_pernet *pn = nsbox_pernet(sock_net(skb->sk));
	unsigned long next = cb->args[0];
	struct nsbox_sandbox *sb;
	unsigned long id;
	int err = 0;

	mutex_lock(&nsbox_lock);
	cb->seq = nsbox_gen;
	xa_for_each_start(&pn->sandboxes, id, sb, next) {
		bool alone = !skb->len;
		void *hdr = nsbox_msg_put(skb, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, NLM_F_MULTI,
					  NSBOX_CMD_SANDBOX_GET);

		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		genl_dump_check_consistent(cb, hdr);
		err = nsbox_dump_one(skb, hdr, sb, alone);
		if (err)
			break;
		next = id + 1;
	}
	mutex_unlock(&nsbox_lock);

	cb->args[0] = next;
	/* a full skb ends this part; the next one resumes at the same id */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
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
