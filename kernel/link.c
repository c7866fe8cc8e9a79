// SPDX-License-Identifier: GPL-2.0
/*
 * Links, addresses, routes, sysctls and permanent neighbours in sandboxes.
 *
 * A TUN/TAP device can only be created through /dev/net/tun by a process,
 * and a module has no exported way to add addresses or routes, so the module
 * validates a request completely, turns it into an ordered list of steps
 * (struct nsbox_job_step, pointing at the records) and has nsbox-helper
 * carry them out inside the sandbox's namespace: links (each
 * created, configured, then brought up), then sysctls (which may name a
 * link), addresses, neighbours and routes. No sleeps and no retries are
 * needed in that order. The helper undoes its own
 * partial work when a step fails; for a sandbox created in one request the
 * steps run before the module takes the namespace, so a failure leaves
 * nothing at all.
 *
 * What nsbox installed is recorded in the sandbox (struct nsbox_cfg) and
 * reported with the device's live state. Changes to one sandbox's
 * configuration are serialised by its cfg_lock, the only nsbox lock held
 * while its helper runs (see nsbox.h); the records themselves change under
 * nsbox_lock too, so replies see them whole.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

#include "nsbox.h"

#define NSBOX_IPV6_MIN_MTU	1280

/*
 * Each kind of record has a slab cache of its own, named after its struct:
 * /proc/slabinfo then tells what the module itself holds per sandbox (the
 * benchmark reads it there), and a record still allocated when the module
 * unloads is reported by the slab allocator as its cache is destroyed.
 */
static struct kmem_cache *nsbox_link_cache __ro_after_init;
static struct kmem_cache *nsbox_addr_cache __ro_after_init;
static struct kmem_cache *nsbox_route_cache __ro_after_init;
static struct kmem_cache *nsbox_sysctl_cache __ro_after_init;
static struct kmem_cache *nsbox_neigh_cache __ro_after_init;

/**
 * nsbox_link_alloc() - Allocate a link record, zeroed.
 *
 * Return: the record, from the nsbox_link cache, or %NULL.
 */
struct nsbox_link *nsbox_link_alloc(void)
{
	return kmem_cache_zalloc(nsbox_link_cache, GFP_KERNEL);
}

/**
 * nsbox_link_free() - Free a link record.
 * @l: the record, off any list, or %NULL.
 */
void nsbox_link_free(struct nsbox_link *l)
{
	if (l)
		kmem_cache_free(nsbox_link_cache, l);
}

/**
 * nsbox_addr_alloc() - Allocate an address record, zeroed.
 *
 * Return: the record, from the nsbox_addr cache, or %NULL.
 */
struct nsbox_addr *nsbox_addr_alloc(void)
{
	return kmem_cache_zalloc(nsbox_addr_cache, GFP_KERNEL);
}

/**
 * nsbox_addr_free() - Free an address record.
 * @a: the record, off any list, or %NULL.
 */
void nsbox_addr_free(struct nsbox_addr *a)
{
	if (a)
		kmem_cache_free(nsbox_addr_cache, a);
}

/**
 * nsbox_route_alloc() - Allocate a route record, zeroed.
 *
 * Return: the record, from the nsbox_route cache, or %NULL.
 */
struct nsbox_route *nsbox_route_alloc(void)
{
	return kmem_cache_zalloc(nsbox_route_cache, GFP_KERNEL);
}

/**
 * nsbox_route_free() - Free a route record.
 * @r: the record, off any list, or %NULL.
 */
void nsbox_route_free(struct nsbox_route *r)
{
	if (r)
		kmem_cache_free(nsbox_route_cache, r);
}

/**
 * nsbox_sysctl_alloc() - Allocate a sysctl record, zeroed.
 *
 * Return: the record, from the nsbox_sysctl cache, or %NULL.
 */
struct nsbox_sysctl *nsbox_sysctl_alloc(void)
{
	return kmem_cache_zalloc(nsbox_sysctl_cache, GFP_KERNEL);
}

/**
 * nsbox_sysctl_free() - Free a sysctl record.
 * @s: the record, off any list, or %NULL.
 */
void nsbox_sysctl_free(struct nsbox_sysctl *s)
{
	if (s)
		kmem_cache_free(nsbox_sysctl_cache, s);
}

/**
 * nsbox_neigh_alloc() - Allocate a neighbour record, zeroed.
 *
 * Return: the record, from the nsbox_neigh cache, or %NULL.
 */
struct nsbox_neigh *nsbox_neigh_alloc(void)
{
	return kmem_cache_zalloc(nsbox_neigh_cache, GFP_KERNEL);
}

/**
 * nsbox_neigh_free() - Free a neighbour record.
 * @n: the record, off any list, or %NULL.
 */
void nsbox_neigh_free(struct nsbox_neigh *n)
{
	if (n)
		kmem_cache_free(nsbox_neigh_cache, n);
}

/**
 * nsbox_cfg_caches_init() - Module init: create the records' slab caches.
 *
 * Return: 0, or -ENOMEM with no cache left.
 */
int __init nsbox_cfg_caches_init(void)
{
	/* charged to the requester's memory cgroup, as every record is */
	nsbox_link_cache = KMEM_CACHE(nsbox_link, SLAB_ACCOUNT);
	nsbox_addr_cache = KMEM_CACHE(nsbox_addr, SLAB_ACCOUNT);
	nsbox_route_cache = KMEM_CACHE(nsbox_route, SLAB_ACCOUNT);
	nsbox_sysctl_cache = KMEM_CACHE(nsbox_sysctl, SLAB_ACCOUNT);
	nsbox_neigh_cache = KMEM_CACHE(nsbox_neigh, SLAB_ACCOUNT);
	if (nsbox_link_cache && nsbox_addr_cache && nsbox_route_cache &&
	    nsbox_sysctl_cache && nsbox_neigh_cache)
		return 0;
	nsbox_cfg_caches_exit();
	return -ENOMEM;
}

/**
 * nsbox_cfg_caches_exit() - Module exit: destroy the records' slab caches.
 *
 * Context: last of all, after nsbox_helper_exit(): a program holds its
 * sandbox, and with it the sandbox's records, until its end, which the
 * helper workqueue waits for.
 */
void nsbox_cfg_caches_exit(void)
{
	kmem_cache_destroy(nsbox_neigh_cache);
	kmem_cache_destroy(nsbox_sysctl_cache);
	kmem_cache_destroy(nsbox_route_cache);
	kmem_cache_destroy(nsbox_addr_cache);
	kmem_cache_destroy(nsbox_link_cache);
}

/**
 * nsbox_cfg_init() - Make an empty configuration.
 * @cfg: the configuration.
 */
void nsbox_cfg_init(struct nsbox_cfg *cfg)
{
	INIT_LIST_HEAD(&cfg->links);
	INIT_LIST_HEAD(&cfg->addrs);
	INIT_LIST_HEAD(&cfg->routes);
	INIT_LIST_HEAD(&cfg->sysctls);
	INIT_LIST_HEAD(&cfg->neighs);
	cfg->nlinks = 0;
}

/**
 * nsbox_cfg_free() - Free every record of a configuration.
 * @cfg: the configuration, left empty.
 *
 * Context: @cfg is the caller's alone: that of a sandbox not yet listed, or
 * of one whose last reference is gone.
 */
void nsbox_cfg_free(struct nsbox_cfg *cfg)
{
	struct nsbox_sysctl *s, *st;
	struct nsbox_neigh *n, *nt;
	struct nsbox_route *r, *rt;
	struct nsbox_addr *a, *at;
	struct nsbox_link *l, *lt;

	list_for_each_entry_safe(l, lt, &cfg->links, node)
		nsbox_link_free(l);
	list_for_each_entry_safe(a, at, &cfg->addrs, node)
		nsbox_addr_free(a);
	list_for_each_entry_safe(r, rt, &cfg->routes, node)
		nsbox_route_free(r);
	list_for_each_entry_safe(s, st, &cfg->sysctls, node)
		nsbox_sysctl_free(s);
	list_for_each_entry_safe(n, nt, &cfg->neighs, node)
		nsbox_neigh_free(n);
	nsbox_cfg_init(cfg);
}

/**
 * nsbox_cfg_link() - Find a link record by its device's name.
 * @cfg: the records, which cannot change meanwhile (nsbox_lock or the
 *	sandbox's cfg_lock held, or not yet shared).
 * @ifname: the device's name in the sandbox.
 *
 * Return: the record, or %NULL.
 */
struct nsbox_link *nsbox_cfg_link(const struct nsbox_cfg *cfg, const char *ifname)
{
	struct nsbox_link *l;

	list_for_each_entry(l, &cfg->links, node)
		if (!strcmp(l->ifname, ifname))
			return l;
	return NULL;
}

/**
 * nsbox_ifname_ok() - Is a name one nsbox gives or takes for a device?
 * @ifname: the name, NUL-terminated.
 *
 * A literal name: no "%d" pattern, which the kernel would expand.
 *
 * Return: true if @ifname is a valid device name without a '%'.
 */
bool nsbox_ifname_ok(const char *ifname)
{
	return dev_valid_name(ifname) && !strchr(ifname, '%');
}

/**
 * nsbox_link_on_parent() - Is a kind of link made on a device of the host?
 * @type: NSBOX_LINK_TYPE_*.
 *
 * Return: true for macvlan, ipvlan and vlan.
 */
bool nsbox_link_on_parent(u32 type)
{
	return type == NSBOX_LINK_TYPE_MACVLAN || type == NSBOX_LINK_TYPE_IPVLAN ||
	       type == NSBOX_LINK_TYPE_VLAN;
}

/* A link's parent: an Ethernet device of @net, the owner namespace. */
static int nsbox_check_parent(struct net *net, const char *parent,
			      struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	int err = 0;

	rcu_read_lock();
	dev = dev_get_by_name_rcu(net, parent);
	if (!dev) {
		NL_SET_ERR_MSG_MOD(extack, "link: no parent device of this name in the host");
		err = -ENODEV;
	} else if (dev->type != ARPHRD_ETHER) {
		NL_SET_ERR_MSG_MOD(extack, "link: the parent is not an Ethernet device");
		err = -EINVAL;
	}
	rcu_read_unlock();
	return err;
}

/* The MTU a device will have, from the request or the live device. */
static u32 nsbox_link_mtu(const struct nsbox_cfg *cfg, struct net *net, const char *ifname)
{
	const struct nsbox_link *l = nsbox_cfg_link(cfg, ifname);
	struct net_device *dev;
	u32 mtu = 0;

	if (l && l->mtu)
		return l->mtu;
	if (net) {
		rcu_read_lock();
		dev = dev_get_by_name_rcu(net, ifname);
		if (dev)
			mtu = READ_ONCE(dev->mtu);
		rcu_read_unlock();
	}
	if (!mtu && l)
		/*
		 * Not made yet: every kind starts at 1500 but those on a
		 * parent, which take its MTU: below 1280, the helper's IPv6
		 * address fails with the kernel's error.
		 */
		mtu = ETH_DATA_LEN;
	return mtu;
}

/*
 * Does @ifname exist for an address or route: lo, a link of the request, or
 * live? In an adopted namespace (@own_only), only a link nsbox made will do:
 * what nsbox installs there must go with its links when the sandbox does.
 */
static bool nsbox_link_known(const struct nsbox_cfg *cfg, struct net *net, const char *ifname,
			     bool own_only)
{
	if (own_only)
		return nsbox_cfg_link(cfg, ifname);
	return !strcmp(ifname, "lo") || nsbox_link_mtu(cfg, net, ifname);
}

static int nsbox_check_addr(const struct nsbox_cfg *cfg, struct net *net, bool own_only,
			    const struct nsbox_addr *a, struct netlink_ext_ack *extack)
{
	u32 mtu;

	if (!nsbox_link_known(cfg, net, a->ifname, own_only)) {
		if (own_only)
			NL_SET_ERR_MSG_MOD(extack,
					   "addr: in an adopted namespace, only on a link nsbox made");
		else
			NL_SET_ERR_MSG_MOD(extack, "addr: no such device in the sandbox");
		return -ENODEV;
	}
	mtu = strcmp(a->ifname, "lo") ? nsbox_link_mtu(cfg, net, a->ifname) : 65536;
	if (a->len == 16 && mtu < NSBOX_IPV6_MIN_MTU) {
		NL_SET_ERR_MSG_MOD(extack, "addr: IPv6 needs an MTU of at least 1280");
		return -EINVAL;
	}
	return 0;
}

/* A device a route or one of its nexthops goes through. */
static int nsbox_check_route_dev(const struct nsbox_cfg *cfg, struct net *net, bool own_only,
				 const char *ifname, struct netlink_ext_ack *extack)
{
	if (own_only && !ifname[0]) {
		NL_SET_ERR_MSG_MOD(extack,
				   "route: in an adopted namespace, name its device, a link nsbox made");
		return -EINVAL;
	}
	if (ifname[0] && !nsbox_link_known(cfg, net, ifname, own_only)) {
		if (own_only)
			NL_SET_ERR_MSG_MOD(extack,
					   "route: in an adopted namespace, only on a link nsbox made");
		else
			NL_SET_ERR_MSG_MOD(extack, "route: no such device in the sandbox");
		return -ENODEV;
	}
	return 0;
}

static int nsbox_check_route(const struct nsbox_cfg *cfg, struct net *net, bool own_only,
			     const struct nsbox_route *r, struct netlink_ext_ack *extack)
{
	unsigned int i;
	int err;

	/* blackhole and the like: through no device, and so tied to no link */
	if (r->type && own_only) {
		NL_SET_ERR_MSG_MOD(extack,
				   "route: in an adopted namespace, only through a link nsbox made");
		return -EINVAL;
	}
	if (r->type)
		return 0;
	if (!r->nnh)
		return nsbox_check_route_dev(cfg, net, own_only, r->ifname, extack);
	for (i = 0; i < r->nnh; i++) {
		err = nsbox_check_route_dev(cfg, net, own_only, r->nh[i].ifname, extack);
		if (err)
			return err;
	}
	return 0;
}

static int nsbox_check_sysctl(const struct nsbox_cfg *cfg, struct net *net, bool adopted,
			      const struct nsbox_sysctl *s, struct netlink_ext_ack *extack)
{
	/* nothing puts an old value back when the sandbox goes */
	if (adopted) {
		NL_SET_ERR_MSG_MOD(extack, "sysctl: it would change an adopted namespace for good");
		return -EINVAL;
	}
	if (s->ifname[0] && !nsbox_link_known(cfg, net, s->ifname, false)) {
		NL_SET_ERR_MSG_MOD(extack, "sysctl: no such device in the sandbox");
		return -ENODEV;
	}
	return 0;
}

/*
 * A neighbour's device: one with Ethernet addresses, not lo (which the
 * netlink layer refuses by name). A link of the request, or a live one.
 */
static int nsbox_check_neigh(const struct nsbox_cfg *cfg, struct net *net, bool own_only,
			     const struct nsbox_neigh *n, struct netlink_ext_ack *extack)
{
	const struct nsbox_link *l = nsbox_cfg_link(cfg, n->ifname);
	struct net_device *dev = NULL;
	bool ether = false;

	if (!nsbox_link_known(cfg, net, n->ifname, own_only)) {
		if (own_only)
			NL_SET_ERR_MSG_MOD(extack,
					   "neigh: in an adopted namespace, only on a link nsbox made");
		else
			NL_SET_ERR_MSG_MOD(extack, "neigh: no such device in the sandbox");
		return -ENODEV;
	}
	/* the live device, or one of the request, which is not made yet */
	rcu_read_lock();
	if (net)
		dev = dev_get_by_name_rcu(net, n->ifname);
	if (dev)
		ether = dev->addr_len == ETH_ALEN && !(dev->flags & IFF_LOOPBACK);
	else if (l)
		ether = l->type != NSBOX_LINK_TYPE_TUN;
	rcu_read_unlock();
	if (!ether) {
		NL_SET_ERR_MSG_MOD(extack, "neigh: the device has no Ethernet addresses");
		return -EINVAL;
	}
	if (n->len == 16 && nsbox_link_mtu(cfg, net, n->ifname) < NSBOX_IPV6_MIN_MTU) {
		NL_SET_ERR_MSG_MOD(extack, "neigh: IPv6 needs an MTU of at least 1280");
		return -EINVAL;
	}
	return 0;
}

static void nsbox_step_sysctl(struct nsbox_helper_job *job, const struct nsbox_sysctl *s)
{
	struct nsbox_job_step *step = nsbox_job_add_step(job, NSBOX_STEP_SYSCTL);

	if (step)
		step->sysctl = s;
}

static void nsbox_step_neigh(struct nsbox_helper_job *job, const struct nsbox_neigh *n,
			     bool add)
{
	struct nsbox_job_step *step = nsbox_job_add_step(job, NSBOX_STEP_NEIGH);

	if (step) {
		step->neigh = n;
		step->del = !add;
	}
}

static void nsbox_step_addr(struct nsbox_helper_job *job, const struct nsbox_addr *a,
			    bool add, bool replace)
{
	struct nsbox_job_step *step = nsbox_job_add_step(job, NSBOX_STEP_ADDR);

	if (step) {
		step->addr = a;
		step->del = !add;
		step->replace = replace;
	}
}

static void nsbox_step_route(struct nsbox_helper_job *job, const struct nsbox_route *r,
			     bool add, bool replace)
{
	struct nsbox_job_step *step = nsbox_job_add_step(job, NSBOX_STEP_ROUTE);

	if (step) {
		step->route = r;
		step->del = !add;
		step->replace = replace;
	}
}

/*
 * A vxlan's underlay: a device of the sandbox, lo, one of the request's
 * links or a live one, as for an address.
 */
static int nsbox_check_underlay(const struct nsbox_cfg *cfg, struct net *net,
				const struct nsbox_link *l, struct nsbox_caller *c)
{
	if (!l->underlay[0] || nsbox_link_known(cfg, net, l->underlay, false))
		return 0;
	nsbox_err_attr(c, NSBOX_A_LINK_UNDERLAY, "link: the vxlan's dev is not in the sandbox");
	return -ENODEV;
}

/*
 * The step creating @l. A veth peer lives in another sandbox of the same
 * owner namespace, or in the owner namespace itself, where a macvlan's,
 * ipvlan's or vlan's parent is: the helper finds it as an fd. Called with
 * nsbox_lock held (peer sandbox lookup).
 */
static int nsbox_step_link(struct nsbox_helper_job *job, const struct nsbox_link *l,
			   struct nsbox_caller *c)
{
	struct netlink_ext_ack *extack = c->extack;
	struct nsbox_sandbox *peer_sb = NULL;
	struct nsbox_job_step *step;
	int fd = -1;

	nsbox_sandbox_assert_locked();
	if (l->type == NSBOX_LINK_TYPE_VETH) {
		if (l->peer_sandbox[0]) {
			peer_sb = nsbox_sandbox_lookup(c, 0, l->peer_sandbox,
						       NSBOX_NEED_READY | NSBOX_NEED_CHANGE);
			if (PTR_ERR_OR_ZERO(peer_sb) == -EPERM) {
				NL_SET_ERR_MSG_MOD(extack,
						   "link: the peer's sandbox is owned by another socket");
				return -EPERM;
			}
			if (IS_ERR(peer_sb)) {
				NL_SET_ERR_MSG_MOD(extack, "link: no ready sandbox for the peer");
				return -ENOENT;
			}
		}
		fd = nsbox_job_peer_fd(job, peer_sb ? peer_sb->net : c->net);
		if (peer_sb)
			nsbox_sandbox_put(peer_sb);
		if (fd < 0) {
			NL_SET_ERR_MSG_MOD(extack, "link: too many distinct peer namespaces");
			return fd;
		}
	}
	if (nsbox_link_on_parent(l->type)) {
		int err = nsbox_check_parent(c->net, l->parent, extack);

		if (err)
			return err;
		fd = nsbox_job_peer_fd(job, c->net);
		if (fd < 0) {
			NL_SET_ERR_MSG_MOD(extack, "link: too many distinct peer namespaces");
			return fd;
		}
	}
	step = nsbox_job_add_step(job, NSBOX_STEP_LINK);
	if (step) {
		step->link = l;
		step->peer_fd = fd;
	}
	return 0;
}

/**
 * nsbox_cfg_steps() - Check SANDBOX_NEW's records and turn them into steps.
 * @c: the caller: veth peers go to its netns, the new sandbox's owner, or to
 *	another of its sandboxes.
 * @cfg: the new sandbox's records, as parsed from its clauses.
 * @job: the create job; its target is set when the sandbox adopts a
 *	namespace, and the records are checked against what that holds.
 *
 * Check what the records need of each other (the device of an address, a
 * route or a sysctl is lo or one of the links, a neighbour's one of the
 * links with Ethernet addresses), and append their steps to @job in the one
 * order: links, sysctls, addresses, neighbours, routes. @job takes a
 * reference on each veth peer's namespace.
 *
 * Context: nsbox_lock held (peer sandbox lookup); may sleep (allocation).
 *
 * Return: 0, or a negative errno with an extack message. On failure @job may
 * keep steps and references: nsbox_job_release() drops them.
 */
int nsbox_cfg_steps(struct nsbox_caller *c, const struct nsbox_cfg *cfg,
		    struct nsbox_helper_job *job)
{
	bool adopt = job->target;	/* a create runs in an adopted namespace */
	const struct nsbox_sysctl *s;
	const struct nsbox_neigh *n;
	const struct nsbox_route *r;
	const struct nsbox_addr *a;
	const struct nsbox_link *l;
	bool taken;
	int err;

	nsbox_sandbox_assert_locked();
	list_for_each_entry(l, &cfg->links, node) {
		if (adopt) {
			rcu_read_lock();
			taken = dev_get_by_name_rcu(job->target, l->ifname);
			rcu_read_unlock();
			if (taken) {
				NL_SET_ERR_MSG_MOD(c->extack,
						   "link: a device of this name is in the namespace already");
				return -EEXIST;
			}
		}
		err = nsbox_check_underlay(cfg, job->target, l, c) ?:
		      nsbox_step_link(job, l, c);
		if (err)
			return err;
	}
	list_for_each_entry(s, &cfg->sysctls, node) {
		err = nsbox_check_sysctl(cfg, job->target, adopt, s, c->extack);
		if (err)
			return err;
		nsbox_step_sysctl(job, s);
	}
	list_for_each_entry(a, &cfg->addrs, node) {
		err = nsbox_check_addr(cfg, job->target, adopt, a, c->extack);
		if (err)
			return err;
		nsbox_step_addr(job, a, true, false);
	}
	list_for_each_entry(n, &cfg->neighs, node) {
		err = nsbox_check_neigh(cfg, job->target, adopt, n, c->extack);
		if (err)
			return err;
		nsbox_step_neigh(job, n, true);
	}
	list_for_each_entry(r, &cfg->routes, node) {
		err = nsbox_check_route(cfg, job->target, adopt, r, c->extack);
		if (err)
			return err;
		nsbox_step_route(job, r, true, false);
	}
	return 0;
}

/**
 * nsbox_dev_gone() - Is a device nsbox configured gone from its sandbox?
 * @net: the sandbox's network namespace; %NULL while it is being created.
 * @ifname: the device's name; empty for a route without one.
 *
 * Then so is what nsbox installed on it: a veth end whose peer was deleted
 * from another sandbox, or a device deleted by hand inside the sandbox.
 *
 * Context: rcu_read_lock() held.
 *
 * Return: true if @net has no device named @ifname.
 */
bool nsbox_dev_gone(struct net *net, const char *ifname)
{
	return net && ifname[0] && !dev_get_by_name_rcu(net, ifname);
}

/*
 * Forget the addresses, routes, neighbours and per-device sysctls of @sb on
 * devices that are gone. cfg_lock held, so that no op holds a record
 * meanwhile.
 */
static void nsbox_cfg_prune(struct nsbox_sandbox *sb)
{
	struct nsbox_sysctl *s, *st;
	struct nsbox_neigh *n, *nt;
	struct nsbox_route *r, *rt;
	struct nsbox_addr *a, *at;

	lockdep_assert_held(&sb->cfg_lock);
	nsbox_sandbox_lock();
	rcu_read_lock();
	list_for_each_entry_safe(a, at, &sb->cfg.addrs, node) {
		if (nsbox_dev_gone(sb->net, a->ifname)) {
			list_del(&a->node);
			nsbox_addr_free(a);
		}
	}
	list_for_each_entry_safe(r, rt, &sb->cfg.routes, node) {
		if (nsbox_dev_gone(sb->net, r->ifname)) {
			list_del(&r->node);
			nsbox_route_free(r);
		}
	}
	list_for_each_entry_safe(s, st, &sb->cfg.sysctls, node) {
		if (nsbox_dev_gone(sb->net, s->ifname)) {
			list_del(&s->node);
			nsbox_sysctl_free(s);
		}
	}
	list_for_each_entry_safe(n, nt, &sb->cfg.neighs, node) {
		if (nsbox_dev_gone(sb->net, n->ifname)) {
			list_del(&n->node);
			nsbox_neigh_free(n);
		}
	}
	rcu_read_unlock();
	nsbox_sandbox_unlock();
}

/*
 * Common frame of the link/addr/route ops: the sandbox's configuration lock
 * held (killable: it may be held while another request's helper runs), and
 * a job that applies steps inside it.
 */
static int nsbox_cfg_begin(struct nsbox_sandbox *sb, struct nsbox_helper_job *job)
{
	if (mutex_lock_killable(&sb->cfg_lock))
		return -EINTR;
	nsbox_cfg_prune(sb);
	nsbox_job_init(job);
	job->target = get_net(sb->net);
	return 0;
}

static void nsbox_cfg_end(struct nsbox_sandbox *sb, struct nsbox_helper_job *job)
{
	nsbox_job_release(job);
	mutex_unlock(&sb->cfg_lock);
}

static int nsbox_link_ifindex(struct net *net, const char *ifname)
{
	struct net_device *dev;
	int ifindex = 0;

	rcu_read_lock();
	dev = dev_get_by_name_rcu(net, ifname);
	if (dev)
		ifindex = dev->ifindex;
	rcu_read_unlock();
	return ifindex;
}

/*
 * The bridge @name of @sb that a link is to join (LINK_NEW, LINK_SET):
 * one nsbox made, there now. nsbox_lock or cfg_lock held.
 */
static int nsbox_check_master(struct nsbox_caller *c, struct nsbox_sandbox *sb,
			      const char *name)
{
	const struct nsbox_link *m = nsbox_cfg_link(&sb->cfg, name);

	if (!m) {
		nsbox_err_attr(c, NSBOX_A_LINK_MASTER,
			       "master: no bridge nsbox made with this name in the sandbox");
		return -ENOENT;
	}
	if (m->type != NSBOX_LINK_TYPE_BRIDGE) {
		nsbox_err_attr(c, NSBOX_A_LINK_MASTER, "master is not a bridge");
		return -EINVAL;
	}
	if (!nsbox_link_ifindex(sb->net, name)) {
		nsbox_err_attr(c, NSBOX_A_LINK_MASTER, "master: the bridge is gone");
		return -ENODEV;
	}
	return 0;
}

/* Is @l's host device one that can move in? nsbox_lock held (for the fd). */
static int nsbox_host_dev_check(struct nsbox_caller *c, struct nsbox_link *l)
{
	struct net_device *dev;
	int err = 0;

	rcu_read_lock();
	dev = dev_get_by_name_rcu(c->net, l->host_ifname);
	if (!dev) {
		nsbox_err_attr(c, NSBOX_A_LINK_HOST_IFNAME,
			       "link: no device of this name in the sender's namespace");
		err = -ENODEV;
	} else if (dev->flags & IFF_LOOPBACK) {
		nsbox_err_attr(c, NSBOX_A_LINK_HOST_IFNAME, "link: loopback cannot move");
		err = -EINVAL;
	} else {
		l->host_up = dev->flags & IFF_UP;
	}
	rcu_read_unlock();
	return err;
}

/* The step moving @l's device in, or with @back, home to @home. */
static int nsbox_step_move(struct nsbox_helper_job *job, const struct nsbox_link *l,
			   struct net *home, bool back)
{
	struct nsbox_job_step *step;
	int fd;

	fd = nsbox_job_peer_fd(job, home);
	if (fd < 0)
		return fd;
	step = nsbox_job_add_step(job, NSBOX_STEP_LINK_MOVE);
	if (step) {
		step->link = l;
		step->del = back;
		step->peer_fd = fd;
	}
	return 0;
}

/**
 * nsbox_link_new() - Create a device in a sandbox, or move one in (LINK_NEW, LINK_MOVE).
 * @c: the caller.
 * @sb: the sandbox, as nsbox_sandbox_lookup() found it for a change.
 * @l: the link, parsed; taken: recorded in @sb or freed.
 *
 * The helper creates the device in the sandbox (a veth's peer in another
 * sandbox or in the owner namespace), sets it up, makes it a port of its
 * master bridge if it has one and brings it up; the link is then recorded
 * in the sandbox and announced. A host link (NSBOX_LINK_TYPE_HOST) is a
 * device of the caller's namespace, the sandbox's owner, instead: the
 * helper moves it in, renamed (one RTM_SETLINK, as `ip link set DEV netns
 * NS name NAME`), and brings it up; it goes back with link-release or when
 * the sandbox goes.
 *
 * Context: may sleep. Takes the sandbox's cfg_lock (killable) and holds it
 * across the helper run; takes nsbox_lock to check the name and to record.
 *
 * Return: 0, or a negative errno, with an extack message for most: -EINTR if
 * killed while waiting for cfg_lock, -EEXIST if a device of that name is in
 * the sandbox, -ENOENT or -EINVAL if its master is not a bridge nsbox made
 * in the sandbox, -ENODEV or -EINVAL for a host device that is not in the
 * caller's namespace or is loopback, or the error of the peer sandbox's
 * lookup or of the helper run.
 */
int nsbox_link_new(struct nsbox_caller *c, struct nsbox_sandbox *sb, struct nsbox_link *l)
{
	struct nsbox_helper_job job;
	int err;

	err = nsbox_cfg_begin(sb, &job);
	if (err) {
		nsbox_link_free(l);
		return err;
	}

	nsbox_sandbox_lock();
	if (nsbox_cfg_link(&sb->cfg, l->ifname) || nsbox_link_ifindex(sb->net, l->ifname)) {
		nsbox_err_attr(c, NSBOX_A_LINK_IFNAME,
			       "a device with this name exists in the sandbox");
		err = -EEXIST;
	} else if (l->type == NSBOX_LINK_TYPE_HOST) {
		err = nsbox_host_dev_check(c, l) ?: nsbox_step_move(&job, l, c->net, false);
	} else {
		err = l->master[0] ? nsbox_check_master(c, sb, l->master) : 0;
		if (!err)
			err = nsbox_check_underlay(&sb->cfg, sb->net, l, c);
		if (!err)
			err = nsbox_step_link(&job, l, c);
	}
	nsbox_sandbox_unlock();
	if (!err)
		err = nsbox_helper_run(c, &job);

	if (!err) {
		nsbox_sandbox_lock();
		list_add_tail(&l->node, &sb->cfg.links);
		sb->cfg.nlinks++;
		nsbox_notify_link(sb, l, nsbox_link_ifindex(sb->net, l->ifname),
				  NSBOX_CMD_LINK_CREATE_NTF);
		l = NULL;
		nsbox_sandbox_unlock();
	}
	nsbox_link_free(l);
	nsbox_cfg_end(sb, &job);
	return err;
}

/*
 * Forget @ifname and what nsbox installed on it; a bridge takes its ports'
 * membership with it. nsbox_lock held.
 */
static void nsbox_cfg_forget_link(struct nsbox_cfg *cfg, struct nsbox_link *l)
{
	struct nsbox_sysctl *s, *st;
	struct nsbox_neigh *n, *nt;
	struct nsbox_route *r, *rt;
	struct nsbox_addr *a, *at;
	struct nsbox_link *port;

	nsbox_sandbox_assert_locked();
	list_for_each_entry(port, &cfg->links, node)
		if (!strcmp(port->master, l->ifname))
			port->master[0] = '\0';
	list_for_each_entry_safe(a, at, &cfg->addrs, node) {
		if (!strcmp(a->ifname, l->ifname)) {
			list_del(&a->node);
			nsbox_addr_free(a);
		}
	}
	list_for_each_entry_safe(r, rt, &cfg->routes, node) {
		if (!strcmp(r->ifname, l->ifname)) {
			list_del(&r->node);
			nsbox_route_free(r);
		}
	}
	list_for_each_entry_safe(s, st, &cfg->sysctls, node) {
		if (!strcmp(s->ifname, l->ifname)) {
			list_del(&s->node);
			nsbox_sysctl_free(s);
		}
	}
	list_for_each_entry_safe(n, nt, &cfg->neighs, node) {
		if (!strcmp(n->ifname, l->ifname)) {
			list_del(&n->node);
			nsbox_neigh_free(n);
		}
	}
	list_del(&l->node);
	cfg->nlinks--;
	nsbox_link_free(l);
}

/**
 * nsbox_link_del() - Delete a device nsbox made in a sandbox (LINK_DEL).
 * @c: the caller.
 * @sb: the sandbox, as nsbox_sandbox_lookup() found it for a change.
 * @ifname: the device's name.
 *
 * The helper deletes the device, with its veth peer wherever it lives; then
 * its record goes, with those of the addresses, routes, neighbours and
 * sysctls on it, and the deletion is announced.
 *
 * Context: may sleep. Takes the sandbox's cfg_lock (killable) and holds it
 * across the helper run; takes nsbox_lock to forget the records.
 *
 * Return: 0, or a negative errno, with an extack message for most: -ENOENT
 * if nsbox made no link of that name in the sandbox, -EINTR if killed while
 * waiting for cfg_lock, or the error of the helper run.
 */
int nsbox_link_del(struct nsbox_caller *c, struct nsbox_sandbox *sb, const char *ifname)
{
	struct nsbox_helper_job job;
	struct nsbox_job_step *step;
	struct nsbox_link *l;
	int ifindex, err;

	err = nsbox_cfg_begin(sb, &job);
	if (err)
		return err;

	/* records change only under cfg_lock, which we hold */
	l = nsbox_cfg_link(&sb->cfg, ifname);
	if (!l) {
		nsbox_err_attr(c, NSBOX_A_LINK_IFNAME, "no link nsbox made with this name");
		err = -ENOENT;
		goto out;
	}
	if (l->type == NSBOX_LINK_TYPE_HOST) {
		nsbox_err_attr(c, NSBOX_A_LINK_IFNAME,
			       "a host device moved in is not deleted: link-release sends it back");
		err = -EOPNOTSUPP;
		goto out;
	}
	ifindex = nsbox_link_ifindex(sb->net, l->ifname);
	step = nsbox_job_add_step(&job, NSBOX_STEP_LINK_DEL);
	if (step)
		step->ifname = l->ifname;
	err = nsbox_helper_run(c, &job);
	if (!err) {
		nsbox_sandbox_lock();
		nsbox_notify_link(sb, l, ifindex, NSBOX_CMD_LINK_DELETE_NTF);
		nsbox_cfg_forget_link(&sb->cfg, l);
		nsbox_sandbox_unlock();
	}
out:
	nsbox_cfg_end(sb, &job);
	return err;
}

/* Forget a host link gone home, and announce it: nsbox_lock held. */
static void nsbox_cfg_forget_host(struct nsbox_sandbox *sb, struct nsbox_link *l, int ifindex)
{
	nsbox_notify_link(sb, l, ifindex, NSBOX_CMD_LINK_DELETE_NTF);
	nsbox_cfg_forget_link(&sb->cfg, l);
}

/**
 * nsbox_link_release() - Send a host device moved into a sandbox back (LINK_RELEASE).
 * @c: the caller, in the sandbox's owner namespace.
 * @sb: the sandbox, as nsbox_sandbox_lookup() found it for a change.
 * @ifname: the device's name in the sandbox.
 *
 * The helper sends the device back to the owner namespace under its old
 * name, up if it was up there; its record goes, with those of the
 * addresses and routes on it, and this is announced as the link's deletion.
 *
 * Context: may sleep. Takes the sandbox's cfg_lock (killable) and holds it
 * across the helper run; takes nsbox_lock to forget the record.
 *
 * Return: 0, or a negative errno with an extack message for most: -ENOENT
 * if no host device of that name was moved into the sandbox, -EINTR if
 * killed while waiting for cfg_lock, or the error of the helper run.
 */
int nsbox_link_release(struct nsbox_caller *c, struct nsbox_sandbox *sb, const char *ifname)
{
	struct nsbox_helper_job job;
	struct nsbox_link *l;
	int ifindex, err;

	err = nsbox_cfg_begin(sb, &job);
	if (err)
		return err;
	l = nsbox_cfg_link(&sb->cfg, ifname);
	if (!l || l->type != NSBOX_LINK_TYPE_HOST) {
		if (l)
			nsbox_err_attr(c, NSBOX_A_LINK_IFNAME,
				       "not a host device moved in: link-del deletes it");
		else
			nsbox_err_attr(c, NSBOX_A_LINK_IFNAME, "no link nsbox made with this name");
		err = -ENOENT;
		goto out;
	}
	ifindex = nsbox_link_ifindex(sb->net, l->ifname);
	nsbox_sandbox_lock();
	err = nsbox_step_move(&job, l, c->net, true);
	nsbox_sandbox_unlock();
	if (!err)
		err = nsbox_helper_run(c, &job);
	if (!err) {
		nsbox_sandbox_lock();
		nsbox_cfg_forget_host(sb, l, ifindex);
		nsbox_sandbox_unlock();
	}
out:
	nsbox_cfg_end(sb, &job);
	return err;
}

/**
 * nsbox_link_return_hosts() - Send every host device of a sandbox back, for its deletion.
 * @c: the caller, deleting @sb from its owner namespace.
 * @sb: the sandbox.
 *
 * As link-release does for each, in one helper run: only a helper can
 * rename a device (the kernel exports no rename to modules), so this is
 * done while a request waits, before the sandbox goes. What is left, when
 * this fails or the sandbox goes otherwise (its owner's socket, its owner
 * namespace, module unload), nsbox_netdev_release() sends back as it can.
 *
 * Context: may sleep. Takes the sandbox's cfg_lock (killable) and holds it
 * across the helper run; takes nsbox_lock to forget the records.
 *
 * Return: 0, or a negative errno: -EINTR if killed while waiting for
 * cfg_lock, or the error of the helper run.
 */
int nsbox_link_return_hosts(struct nsbox_caller *c, struct nsbox_sandbox *sb)
{
	struct nsbox_link *l, *tmp;
	struct nsbox_helper_job job;
	int err;

	err = nsbox_cfg_begin(sb, &job);
	if (err)
		return err;
	nsbox_sandbox_lock();
	list_for_each_entry(l, &sb->cfg.links, node)
		if (l->type == NSBOX_LINK_TYPE_HOST && !err)
			err = nsbox_step_move(&job, l, c->net, true);
	nsbox_sandbox_unlock();
	if (!err && job.nsteps)
		err = nsbox_helper_run(c, &job);
	if (!err) {
		nsbox_sandbox_lock();
		list_for_each_entry_safe(l, tmp, &sb->cfg.links, node)
			if (l->type == NSBOX_LINK_TYPE_HOST)
				nsbox_cfg_forget_host(sb, l, 0);
		nsbox_sandbox_unlock();
	}
	nsbox_cfg_end(sb, &job);
	return err;
}

/* Has nsbox added an IPv6 address on @ifname? */
static bool nsbox_cfg_has_ipv6(const struct nsbox_cfg *cfg, const char *ifname)
{
	const struct nsbox_addr *a;

	list_for_each_entry(a, &cfg->addrs, node)
		if (a->len == 16 && !strcmp(a->ifname, ifname))
			return true;
	return false;
}

/* What @ch asks of @l, checked against its kind and the sandbox. cfg_lock held. */
static int nsbox_check_link_set(struct nsbox_caller *c, struct nsbox_sandbox *sb,
				const struct nsbox_link *l, const struct nsbox_link_change *ch)
{
	if (ch->has_addr &&
	    (l->type == NSBOX_LINK_TYPE_TUN || l->type == NSBOX_LINK_TYPE_IPVLAN)) {
		nsbox_err_attr(c, NSBOX_A_LINK_ADDRESS,
			       "a tun or ipvlan has no MAC address of its own");
		return -EINVAL;
	}
	if (ch->has_mtu && ch->mtu < NSBOX_IPV6_MIN_MTU &&
	    nsbox_cfg_has_ipv6(&sb->cfg, l->ifname)) {
		nsbox_err_attr(c, NSBOX_A_LINK_MTU,
			       "the link has IPv6 addresses, which need an MTU of at least 1280");
		return -EINVAL;
	}
	if (!ch->has_master)
		return 0;
	if (l->type == NSBOX_LINK_TYPE_TUN || l->type == NSBOX_LINK_TYPE_BRIDGE ||
	    l->type == NSBOX_LINK_TYPE_IPVLAN) {
		nsbox_err_attr(c, ch->master[0] ? NSBOX_A_LINK_MASTER : NSBOX_A_LINK_NOMASTER,
			       "only a tap, veth, dummy, macvlan or vlan can join a bridge");
		return -EINVAL;
	}
	return ch->master[0] ? nsbox_check_master(c, sb, ch->master) : 0;
}

/**
 * nsbox_link_set() - Change a device nsbox made in a sandbox (LINK_SET).
 * @c: the caller.
 * @sb: the sandbox, as nsbox_sandbox_lookup() found it for a change.
 * @ch: the change, parsed: any of up or down, MTU, queue length, MAC
 *	address, master bridge or none.
 *
 * The helper makes the changes, and puts back what it changed if one
 * fails; then the record follows and the change is announced.
 *
 * Context: may sleep. Takes the sandbox's cfg_lock (killable) and holds it
 * across the helper run; takes nsbox_lock to record.
 *
 * Return: 0, or a negative errno, with an extack message for most: -ENOENT
 * if nsbox made no link of that name in the sandbox or the master is none
 * of its bridges, -EINVAL for a change the link's kind does not take, for
 * a master that is not a bridge, or for an MTU too small for the link's
 * IPv6 addresses, or as for nsbox_link_del().
 */
int nsbox_link_set(struct nsbox_caller *c, struct nsbox_sandbox *sb,
		   const struct nsbox_link_change *ch)
{
	struct nsbox_helper_job job;
	struct nsbox_job_step *step;
	struct nsbox_link *l;
	int err;

	err = nsbox_cfg_begin(sb, &job);
	if (err)
		return err;

	/* records change only under cfg_lock, which we hold */
	l = nsbox_cfg_link(&sb->cfg, ch->ifname);
	if (!l) {
		nsbox_err_attr(c, NSBOX_A_LINK_IFNAME, "no link nsbox made with this name");
		err = -ENOENT;
		goto out;
	}
	err = nsbox_check_link_set(c, sb, l, ch);
	if (err)
		goto out;
	step = nsbox_job_add_step(&job, NSBOX_STEP_LINK_SET);
	if (step)
		step->change = ch;
	err = nsbox_helper_run(c, &job);
	if (!err) {
		nsbox_sandbox_lock();
		if (ch->has_mtu)
			l->mtu = ch->mtu;
		if (ch->has_txqlen)
			l->txqueuelen = ch->txqueuelen;
		if (ch->has_addr) {
			memcpy(l->addr, ch->addr, ETH_ALEN);
			l->has_addr = true;
		}
		if (ch->has_master)
			strscpy(l->master, ch->master, sizeof(l->master));
		nsbox_notify_link(sb, l, nsbox_link_ifindex(sb->net, l->ifname),
				  NSBOX_CMD_LINK_CHANGE_NTF);
		nsbox_sandbox_unlock();
	}
out:
	nsbox_cfg_end(sb, &job);
	return err;
}

static struct nsbox_addr *nsbox_cfg_addr(const struct nsbox_cfg *cfg, const struct nsbox_addr *k)
{
	struct nsbox_addr *a;

	list_for_each_entry(a, &cfg->addrs, node)
		if (!strcmp(a->ifname, k->ifname) && a->len == k->len &&
		    a->prefixlen == k->prefixlen && !memcmp(a->addr, k->addr, k->len))
			return a;
	return NULL;
}

/**
 * nsbox_addr_op() - Add or delete an address in a sandbox (ADDR_NEW, ADDR_DEL).
 * @c: the caller.
 * @sb: the sandbox, as nsbox_sandbox_lookup() found it for a change.
 * @a: the address, parsed; taken: recorded in @sb or freed.
 * @add: true to add the address, false to delete it.
 * @replace: for an add, update the address if the device has it already
 *	(whoever added it) rather than fail with -EEXIST.
 *
 * Only an address nsbox added can be deleted, and it adds one only once,
 * but with @replace: then it is recorded once.
 *
 * Context: may sleep. Takes the sandbox's cfg_lock (killable) and holds it
 * across the helper run; takes nsbox_lock to record.
 *
 * Return: 0, or a negative errno, with an extack message for most: -EEXIST
 * if nsbox added the address already, -ENOENT if it did not add it, -ENODEV
 * if the device is not in the sandbox, -EINVAL for IPv6 on a device with an
 * MTU below 1280, or as for nsbox_link_del().
 */
int nsbox_addr_op(struct nsbox_caller *c, struct nsbox_sandbox *sb, struct nsbox_addr *a,
		  bool add, bool replace)
{
	struct nsbox_helper_job job;
	struct nsbox_addr *have;
	int err;

	err = nsbox_cfg_begin(sb, &job);
	if (err) {
		nsbox_addr_free(a);
		return err;
	}

	have = nsbox_cfg_addr(&sb->cfg, a);
	if (add && have && !replace) {
		NL_SET_ERR_MSG_MOD(c->extack, "addr: nsbox added this address already");
		err = -EEXIST;
	} else if (!add && !have) {
		NL_SET_ERR_MSG_MOD(c->extack, "addr: not an address nsbox added");
		err = -ENOENT;
	} else if (add) {
		err = nsbox_check_addr(&sb->cfg, sb->net, nsbox_adopted(sb), a, c->extack);
	}
	if (!err) {
		nsbox_step_addr(&job, a, add, replace);
		err = nsbox_helper_run(c, &job);
	}
	if (!err) {
		nsbox_sandbox_lock();
		if (!add) {
			list_del(&have->node);
			nsbox_addr_free(have);
		} else if (!have) {	/* a replaced one is recorded already */
			list_add_tail(&a->node, &sb->cfg.addrs);
			a = NULL;
		}
		nsbox_sandbox_unlock();
	}
	nsbox_addr_free(a);
	nsbox_cfg_end(sb, &job);
	return err;
}

static struct nsbox_route *nsbox_cfg_route(const struct nsbox_cfg *cfg,
					   const struct nsbox_route *k)
{
	struct nsbox_route *r;

	/* the kernel's key of a route: destination, table and priority */
	list_for_each_entry(r, &cfg->routes, node)
		if (r->len == k->len && r->dst_len == k->dst_len &&
		    !memcmp(r->dst, k->dst, k->len) && r->table == k->table &&
		    r->metric == k->metric)
			return r;
	return NULL;
}

/**
 * nsbox_route_op() - Add or delete a route in a sandbox (ROUTE_NEW, ROUTE_DEL).
 * @c: the caller.
 * @sb: the sandbox, as nsbox_sandbox_lookup() found it for a change.
 * @r: the route, parsed; taken: recorded in @sb or freed.
 * @add: true to add the route, false to delete it.
 * @replace: for an add, replace a route of the same key.
 *
 * Routes are matched as the kernel keys them: destination, table, metric.
 * Only a route nsbox installed can be deleted, as nsbox recorded it. An add
 * that conflicts fails with the kernel's -EEXIST unless @replace is set;
 * then it replaces nsbox's record of that key, if there is one.
 *
 * Context: as for nsbox_addr_op().
 *
 * Return: 0, or a negative errno, with an extack message for most: -ENOENT
 * if nsbox did not install the route, -ENODEV if its device is not in the
 * sandbox, or as for nsbox_link_del().
 */
int nsbox_route_op(struct nsbox_caller *c, struct nsbox_sandbox *sb, struct nsbox_route *r,
		   bool add, bool replace)
{
	struct nsbox_helper_job job;
	struct nsbox_route *have;
	int err;

	err = nsbox_cfg_begin(sb, &job);
	if (err) {
		nsbox_route_free(r);
		return err;
	}

	have = nsbox_cfg_route(&sb->cfg, r);
	if (!add && !have) {
		NL_SET_ERR_MSG_MOD(c->extack, "route: not a route nsbox installed");
		err = -ENOENT;
	} else if (add) {
		/* a conflict is the kernel's EEXIST, unless replace was asked */
		err = nsbox_check_route(&sb->cfg, sb->net, nsbox_adopted(sb), r, c->extack);
	}
	if (!err) {
		nsbox_step_route(&job, add ? r : have, add, replace);
		err = nsbox_helper_run(c, &job);
	}
	if (!err) {
		nsbox_sandbox_lock();
		if (have) {
			list_del(&have->node);
			nsbox_route_free(have);
		}
		if (add) {
			list_add_tail(&r->node, &sb->cfg.routes);
			r = NULL;
		}
		nsbox_sandbox_unlock();
	}
	nsbox_route_free(r);
	nsbox_cfg_end(sb, &job);
	return err;
}

static struct nsbox_sysctl *nsbox_cfg_sysctl(const struct nsbox_cfg *cfg, const char *key)
{
	struct nsbox_sysctl *s;

	list_for_each_entry(s, &cfg->sysctls, node)
		if (!strcmp(s->key, key))
			return s;
	return NULL;
}

/**
 * nsbox_sysctl_set() - Set a sysctl of a sandbox (SYSCTL_SET).
 * @c: the caller.
 * @sb: the sandbox, as nsbox_sandbox_lookup() found it for a change.
 * @s: the sysctl, parsed (its key is on the allow-list); taken: recorded in
 *	@sb or freed.
 *
 * The helper writes the value inside the sandbox; then it is recorded,
 * replacing the record of the same key if nsbox set it before. A value the
 * kernel refuses changes nothing, the record included.
 *
 * Context: as for nsbox_addr_op().
 *
 * Return: 0, or a negative errno, with an extack message for most: -ENODEV
 * if the device a conf key names is not in the sandbox, or as for
 * nsbox_link_del().
 */
int nsbox_sysctl_set(struct nsbox_caller *c, struct nsbox_sandbox *sb, struct nsbox_sysctl *s)
{
	struct nsbox_helper_job job;
	struct nsbox_sysctl *have;
	int err;

	err = nsbox_cfg_begin(sb, &job);
	if (err) {
		nsbox_sysctl_free(s);
		return err;
	}

	err = nsbox_check_sysctl(&sb->cfg, sb->net, nsbox_adopted(sb), s, c->extack);
	if (!err) {
		nsbox_step_sysctl(&job, s);
		err = nsbox_helper_run(c, &job);
	}
	if (!err) {
		nsbox_sandbox_lock();
		have = nsbox_cfg_sysctl(&sb->cfg, s->key);
		if (have) {
			list_replace(&have->node, &s->node);
			nsbox_sysctl_free(have);
		} else {
			list_add_tail(&s->node, &sb->cfg.sysctls);
		}
		s = NULL;
		nsbox_sandbox_unlock();
	}
	nsbox_sysctl_free(s);
	nsbox_cfg_end(sb, &job);
	return err;
}

static struct nsbox_neigh *nsbox_cfg_neigh(const struct nsbox_cfg *cfg,
					   const struct nsbox_neigh *k)
{
	struct nsbox_neigh *n;

	/* the kernel's key of a neighbour: device and address */
	list_for_each_entry(n, &cfg->neighs, node)
		if (!strcmp(n->ifname, k->ifname) && n->len == k->len &&
		    !memcmp(n->addr, k->addr, k->len))
			return n;
	return NULL;
}

/**
 * nsbox_neigh_op() - Add or delete a permanent neighbour (NEIGH_NEW, NEIGH_DEL).
 * @c: the caller.
 * @sb: the sandbox, as nsbox_sandbox_lookup() found it for a change.
 * @n: the neighbour, parsed; taken: recorded in @sb or freed.
 * @add: true to add it, false to delete it.
 * @match_lladdr: for a delete, @n's lladdr must be the recorded one.
 *
 * Neighbours are matched as the kernel keys them: device and address. Only
 * one nsbox added can be deleted, and it adds one only once; an entry the
 * kernel has already (learnt, or added by hand) fails with its -EEXIST.
 *
 * Context: as for nsbox_addr_op().
 *
 * Return: 0, or a negative errno, with an extack message for most: -EEXIST
 * if nsbox added it already, -ENOENT if it did not add it, -ENODEV if the
 * device is not in the sandbox, -EINVAL for a device without Ethernet
 * addresses or IPv6 on one with an MTU below 1280, or as for
 * nsbox_link_del().
 */
int nsbox_neigh_op(struct nsbox_caller *c, struct nsbox_sandbox *sb, struct nsbox_neigh *n,
		   bool add, bool match_lladdr)
{
	struct nsbox_helper_job job;
	struct nsbox_neigh *have;
	int err;

	err = nsbox_cfg_begin(sb, &job);
	if (err) {
		nsbox_neigh_free(n);
		return err;
	}

	have = nsbox_cfg_neigh(&sb->cfg, n);
	if (add && have) {
		NL_SET_ERR_MSG_MOD(c->extack, "neigh: nsbox added this neighbour already");
		err = -EEXIST;
	} else if (!add && (!have || (match_lladdr &&
				      memcmp(have->lladdr, n->lladdr, ETH_ALEN)))) {
		NL_SET_ERR_MSG_MOD(c->extack, "neigh: not a neighbour nsbox added");
		err = -ENOENT;
	} else if (add) {
		err = nsbox_check_neigh(&sb->cfg, sb->net, nsbox_adopted(sb), n, c->extack);
	}
	if (!err) {
		nsbox_step_neigh(&job, add ? n : have, add);
		err = nsbox_helper_run(c, &job);
	}
	if (!err) {
		nsbox_sandbox_lock();
		if (add) {
			list_add_tail(&n->node, &sb->cfg.neighs);
			n = NULL;
		} else {
			list_del(&have->node);
			nsbox_neigh_free(have);
		}
		nsbox_sandbox_unlock();
	}
	nsbox_neigh_free(n);
	nsbox_cfg_end(sb, &job);
	return err;
}
