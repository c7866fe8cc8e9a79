// SPDX-License-Identifier: GPL-2.0
/*
 * Links, addresses and routes in sandboxes.
 *
 * A TUN/TAP device can only be created through /dev/net/tun by a process,
 * and a module has no exported way to add addresses or routes, so the module
 * validates a request completely, turns it into an ordered list of steps and
 * has nsbox-helper carry them out inside the sandbox's namespace: links (each
 * created, configured, then brought up), then addresses, then routes. No
 * sleeps and no retries are needed in that order. The helper undoes its own
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
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>

#include "nsbox.h"

#define NSBOX_IPV6_MIN_MTU	1280
#define NSBOX_DEFAULT_TXQLEN	1000

/* policy bounds are s16: wider ranges need a range structure (not const on 6.1) */
static struct netlink_range_validation nsbox_mtu_range = {
	.min = ETH_MIN_MTU,
	.max = 65535,
};

static struct netlink_range_validation nsbox_txqlen_range = {
	.max = 1 << 20,
};

static struct netlink_range_validation nsbox_advmss_range = {
	.min = 1,
	.max = 65535,
};

/*
 * The clauses of sandbox-new, parsed again here: the generated policy has
 * validated them already, with the sets the replies share (reply-only
 * attributes included), and these take only what a request may give. The
 * link, addr and route ops have generated policies of their own.
 */
static const struct nla_policy nsbox_link_policy[NSBOX_A_LINK_MAX + 1] = {
	[NSBOX_A_LINK_SANDBOX]		= { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX },
	[NSBOX_A_LINK_IFNAME]		= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[NSBOX_A_LINK_TYPE]		= NLA_POLICY_RANGE(NLA_U32, NSBOX_LINK_TYPE_TUN,
							   NSBOX_LINK_TYPE_VETH),
	[NSBOX_A_LINK_FLAGS]		= NLA_POLICY_MASK(NLA_U32, NSBOX_LINK_F_MULTI_QUEUE |
							  NSBOX_LINK_F_VNET_HDR |
							  NSBOX_LINK_F_PI),
	[NSBOX_A_LINK_MTU]		= NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_mtu_range),
	[NSBOX_A_LINK_TXQUEUELEN]	= NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_txqlen_range),
	[NSBOX_A_LINK_OWNER]		= { .type = NLA_U32 },
	[NSBOX_A_LINK_GROUP]		= { .type = NLA_U32 },
	[NSBOX_A_LINK_PEER_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[NSBOX_A_LINK_PEER_SANDBOX]	= { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX },
};

static const struct nla_policy nsbox_addr_policy[NSBOX_A_ADDR_MAX + 1] = {
	[NSBOX_A_ADDR_SANDBOX]		= { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX },
	[NSBOX_A_ADDR_IFNAME]		= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[NSBOX_A_ADDR_ADDRESS]		= NLA_POLICY_MIN_LEN(4),
	[NSBOX_A_ADDR_PREFIXLEN]	= NLA_POLICY_MAX(NLA_U8, 128),
};

static const struct nla_policy nsbox_route_policy[NSBOX_A_ROUTE_MAX + 1] = {
	[NSBOX_A_ROUTE_SANDBOX]		= { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX },
	[NSBOX_A_ROUTE_DST]		= NLA_POLICY_MIN_LEN(4),
	[NSBOX_A_ROUTE_DST_LEN]		= NLA_POLICY_MAX(NLA_U8, 128),
	[NSBOX_A_ROUTE_GATEWAY]		= NLA_POLICY_MIN_LEN(4),
	[NSBOX_A_ROUTE_IFNAME]		= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[NSBOX_A_ROUTE_MTU]		= NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_mtu_range),
	[NSBOX_A_ROUTE_ADVMSS]		= NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_advmss_range),
	[NSBOX_A_ROUTE_METRIC]		= { .type = NLA_U32 },
	[NSBOX_A_ROUTE_TABLE]		= NLA_POLICY_MIN(NLA_U32, 1),
	[NSBOX_A_ROUTE_REPLACE]		= { .type = NLA_FLAG },
};

/*
 * Each kind of record has a slab cache of its own, named after its struct:
 * /proc/slabinfo then tells what the module itself holds per sandbox (the
 * benchmark reads it there), and a record still allocated when the module
 * unloads is reported by the slab allocator as its cache is destroyed.
 */
static struct kmem_cache *nsbox_link_cache __ro_after_init;
static struct kmem_cache *nsbox_addr_cache __ro_after_init;
static struct kmem_cache *nsbox_route_cache __ro_after_init;

static struct nsbox_link *nsbox_link_alloc(void)
{
	return kmem_cache_zalloc(nsbox_link_cache, GFP_KERNEL);
}

static void nsbox_link_free(struct nsbox_link *l)
{
	if (l)
		kmem_cache_free(nsbox_link_cache, l);
}

static struct nsbox_addr *nsbox_addr_alloc(void)
{
	return kmem_cache_zalloc(nsbox_addr_cache, GFP_KERNEL);
}

static void nsbox_addr_free(struct nsbox_addr *a)
{
	if (a)
		kmem_cache_free(nsbox_addr_cache, a);
}

static struct nsbox_route *nsbox_route_alloc(void)
{
	return kmem_cache_zalloc(nsbox_route_cache, GFP_KERNEL);
}

static void nsbox_route_free(struct nsbox_route *r)
{
	if (r)
		kmem_cache_free(nsbox_route_cache, r);
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
	if (nsbox_link_cache && nsbox_addr_cache && nsbox_route_cache)
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
	struct nsbox_route *r, *rt;
	struct nsbox_addr *a, *at;
	struct nsbox_link *l, *lt;

	list_for_each_entry_safe(l, lt, &cfg->links, node)
		nsbox_link_free(l);
	list_for_each_entry_safe(a, at, &cfg->addrs, node)
		nsbox_addr_free(a);
	list_for_each_entry_safe(r, rt, &cfg->routes, node)
		nsbox_route_free(r);
	nsbox_cfg_init(cfg);
}

static struct nsbox_link *nsbox_cfg_link(const struct nsbox_cfg *cfg, const char *ifname)
{
	struct nsbox_link *l;

	list_for_each_entry(l, &cfg->links, node)
		if (!strcmp(l->ifname, ifname))
			return l;
	return NULL;
}

/* A literal name: no "%d" pattern, which the kernel would expand. */
static bool nsbox_ifname_ok(const struct nlattr *attr, struct netlink_ext_ack *extack)
{
	if (!dev_valid_name(nla_data(attr)) || strchr(nla_data(attr), '%')) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "not a valid interface name");
		return false;
	}
	return true;
}

/* An IPv4 or IPv6 address attribute: exactly 4 or 16 bytes. */
static int nsbox_ip(const struct nlattr *attr, u8 *buf, struct netlink_ext_ack *extack)
{
	int len = nla_len(attr);

	if (len != 4 && len != 16) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "address must be 4 (IPv4) or 16 (IPv6) bytes");
		return -EINVAL;
	}
	memcpy(buf, nla_data(attr), len);
	return len;
}

static int nsbox_parse_link(struct nlattr **tb, struct nlattr *where,
			    struct nsbox_link *l, struct netlink_ext_ack *extack)
{
	bool tuntap;

	if (NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_LINK_IFNAME)) {
		NL_SET_ERR_MSG_MOD(extack, "link: interface name is required");
		return -EINVAL;
	}
	if (NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_LINK_TYPE)) {
		NL_SET_ERR_MSG_MOD(extack, "link: type is required");
		return -EINVAL;
	}
	if (!nsbox_ifname_ok(tb[NSBOX_A_LINK_IFNAME], extack))
		return -EINVAL;
	if (!strcmp(nla_data(tb[NSBOX_A_LINK_IFNAME]), "lo")) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_LINK_IFNAME], "lo exists already");
		return -EEXIST;
	}
	strscpy(l->ifname, nla_data(tb[NSBOX_A_LINK_IFNAME]), sizeof(l->ifname));
	l->type = nla_get_u32(tb[NSBOX_A_LINK_TYPE]);
	tuntap = l->type != NSBOX_LINK_TYPE_VETH;

	if (tuntap) {
		if (tb[NSBOX_A_LINK_PEER_IFNAME] || tb[NSBOX_A_LINK_PEER_SANDBOX]) {
			NL_SET_ERR_MSG_MOD(extack, "link: a peer is for veth only");
			return -EINVAL;
		}
		if (tb[NSBOX_A_LINK_FLAGS])
			l->flags = nla_get_u32(tb[NSBOX_A_LINK_FLAGS]);
		if (tb[NSBOX_A_LINK_OWNER]) {
			l->owner = nla_get_u32(tb[NSBOX_A_LINK_OWNER]);
			l->has_owner = true;
		}
		if (tb[NSBOX_A_LINK_GROUP]) {
			l->group = nla_get_u32(tb[NSBOX_A_LINK_GROUP]);
			l->has_group = true;
		}
		l->txqueuelen = NSBOX_DEFAULT_TXQLEN;
	} else {
		if (tb[NSBOX_A_LINK_FLAGS] || tb[NSBOX_A_LINK_OWNER] || tb[NSBOX_A_LINK_GROUP]) {
			NL_SET_ERR_MSG_MOD(extack, "link: flags, owner, group: tun/tap only");
			return -EINVAL;
		}
		if (NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_LINK_PEER_IFNAME)) {
			NL_SET_ERR_MSG_MOD(extack, "link: veth needs a peer name");
			return -EINVAL;
		}
		if (!nsbox_ifname_ok(tb[NSBOX_A_LINK_PEER_IFNAME], extack))
			return -EINVAL;
		strscpy(l->peer, nla_data(tb[NSBOX_A_LINK_PEER_IFNAME]), sizeof(l->peer));
		if (tb[NSBOX_A_LINK_PEER_SANDBOX])
			strscpy(l->peer_sandbox, nla_data(tb[NSBOX_A_LINK_PEER_SANDBOX]),
				sizeof(l->peer_sandbox));
	}
	if (tb[NSBOX_A_LINK_MTU])
		l->mtu = nla_get_u32(tb[NSBOX_A_LINK_MTU]);
	if (tb[NSBOX_A_LINK_TXQUEUELEN])
		l->txqueuelen = nla_get_u32(tb[NSBOX_A_LINK_TXQUEUELEN]);
	return 0;
}

static int nsbox_parse_addr(struct nlattr **tb, struct nlattr *where,
			    struct nsbox_addr *a, struct netlink_ext_ack *extack)
{
	int len;

	if (NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_ADDR_IFNAME) ||
	    NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_ADDR_ADDRESS) ||
	    NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_ADDR_PREFIXLEN)) {
		NL_SET_ERR_MSG_MOD(extack, "addr: device, address and prefix length are required");
		return -EINVAL;
	}
	if (!nsbox_ifname_ok(tb[NSBOX_A_ADDR_IFNAME], extack))
		return -EINVAL;
	len = nsbox_ip(tb[NSBOX_A_ADDR_ADDRESS], a->addr, extack);
	if (len < 0)
		return len;
	a->len = len;
	a->prefixlen = nla_get_u8(tb[NSBOX_A_ADDR_PREFIXLEN]);
	if (a->prefixlen > len * 8) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_ADDR_PREFIXLEN],
				    "prefix length too long for the address family");
		return -EINVAL;
	}
	strscpy(a->ifname, nla_data(tb[NSBOX_A_ADDR_IFNAME]), sizeof(a->ifname));
	return 0;
}

static int nsbox_parse_route(struct nlattr **tb, struct nlattr *where,
			     struct nsbox_route *r, struct netlink_ext_ack *extack)
{
	u8 mask[16];
	int len, i;

	if (NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_ROUTE_DST) ||
	    NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_ROUTE_DST_LEN)) {
		NL_SET_ERR_MSG_MOD(extack, "route: destination and its prefix length are required");
		return -EINVAL;
	}
	len = nsbox_ip(tb[NSBOX_A_ROUTE_DST], r->dst, extack);
	if (len < 0)
		return len;
	r->len = len;
	r->dst_len = nla_get_u8(tb[NSBOX_A_ROUTE_DST_LEN]);
	if (r->dst_len > len * 8) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_ROUTE_DST_LEN],
				    "prefix length too long for the address family");
		return -EINVAL;
	}
	/* host bits set in the destination: the kernel would refuse it later */
	for (i = 0; i < len; i++) {
		int bits = clamp_t(int, r->dst_len - i * 8, 0, 8);

		mask[i] = bits ? 0xff << (8 - bits) : 0;
		if (r->dst[i] & ~mask[i]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_ROUTE_DST],
					    "destination has host bits set beyond its prefix");
			return -EINVAL;
		}
	}
	if (tb[NSBOX_A_ROUTE_GATEWAY]) {
		if (nsbox_ip(tb[NSBOX_A_ROUTE_GATEWAY], r->gw, extack) != len) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_ROUTE_GATEWAY],
					    "gateway and destination are of different families");
			return -EINVAL;
		}
		r->has_gw = true;
	}
	if (!tb[NSBOX_A_ROUTE_IFNAME] && !r->has_gw) {
		NL_SET_ERR_MSG_MOD(extack, "route: needs a device or a gateway");
		return -EINVAL;
	}
	if (tb[NSBOX_A_ROUTE_IFNAME]) {
		if (!nsbox_ifname_ok(tb[NSBOX_A_ROUTE_IFNAME], extack))
			return -EINVAL;
		strscpy(r->ifname, nla_data(tb[NSBOX_A_ROUTE_IFNAME]), sizeof(r->ifname));
	}
	if (tb[NSBOX_A_ROUTE_MTU])
		r->mtu = nla_get_u32(tb[NSBOX_A_ROUTE_MTU]);
	if (tb[NSBOX_A_ROUTE_ADVMSS])
		r->advmss = nla_get_u32(tb[NSBOX_A_ROUTE_ADVMSS]);
	if (tb[NSBOX_A_ROUTE_METRIC])
		r->metric = nla_get_u32(tb[NSBOX_A_ROUTE_METRIC]);
	r->table = tb[NSBOX_A_ROUTE_TABLE] ? nla_get_u32(tb[NSBOX_A_ROUTE_TABLE]) : RT_TABLE_MAIN;
	return 0;
}

/* The MTU a device will have, from the request or the live device. */
static u32 nsbox_link_mtu(const struct nsbox_cfg *cfg, struct net *net, const char *ifname)
{
	const struct nsbox_link *l = nsbox_cfg_link(cfg, ifname);
	struct net_device *dev;
	u32 mtu = 0;

	if (l && l->mtu)
		return l->mtu;
	if (l && !net)
		return ETH_DATA_LEN;	/* tun, tap and veth all default to 1500 */
	if (!net)
		return 0;
	rcu_read_lock();
	dev = dev_get_by_name_rcu(net, ifname);
	if (dev)
		mtu = READ_ONCE(dev->mtu);
	rcu_read_unlock();
	return mtu;
}

/* Does @ifname exist for an address or route: lo, a link of the request, or live? */
static bool nsbox_link_known(const struct nsbox_cfg *cfg, struct net *net, const char *ifname)
{
	return !strcmp(ifname, "lo") || nsbox_link_mtu(cfg, net, ifname);
}

static int nsbox_check_addr(const struct nsbox_cfg *cfg, struct net *net,
			    const struct nsbox_addr *a, struct netlink_ext_ack *extack)
{
	u32 mtu;

	if (!nsbox_link_known(cfg, net, a->ifname)) {
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

static int nsbox_check_route(const struct nsbox_cfg *cfg, struct net *net,
			     const struct nsbox_route *r, struct netlink_ext_ack *extack)
{
	if (r->ifname[0] && !nsbox_link_known(cfg, net, r->ifname)) {
		NL_SET_ERR_MSG_MOD(extack, "route: no such device in the sandbox");
		return -ENODEV;
	}
	return 0;
}

static void nsbox_step_addr(struct nsbox_helper_job *job, const struct nsbox_addr *a, bool add)
{
	nsbox_job_word(job, "addr");
	nsbox_job_word(job, add ? "add" : "del");
	nsbox_job_word(job, "%s", a->ifname);
	if (a->len == 4)
		nsbox_job_word(job, "%pI4/%u", a->addr, a->prefixlen);
	else
		nsbox_job_word(job, "%pI6c/%u", a->addr, a->prefixlen);
	nsbox_job_end_step(job);
}

static void nsbox_step_route(struct nsbox_helper_job *job, const struct nsbox_route *r,
			     bool add, bool replace)
{
	nsbox_job_word(job, "route");
	nsbox_job_word(job, add ? "add" : "del");
	if (r->len == 4)
		nsbox_job_word(job, "%pI4/%u", r->dst, r->dst_len);
	else
		nsbox_job_word(job, "%pI6c/%u", r->dst, r->dst_len);
	if (r->has_gw) {
		nsbox_job_word(job, "via");
		if (r->len == 4)
			nsbox_job_word(job, "%pI4", r->gw);
		else
			nsbox_job_word(job, "%pI6c", r->gw);
	}
	if (r->ifname[0]) {
		nsbox_job_word(job, "dev");
		nsbox_job_word(job, "%s", r->ifname);
	}
	if (r->mtu) {
		nsbox_job_word(job, "mtu");
		nsbox_job_word(job, "%u", r->mtu);
	}
	if (r->advmss) {
		nsbox_job_word(job, "advmss");
		nsbox_job_word(job, "%u", r->advmss);
	}
	if (r->metric) {
		nsbox_job_word(job, "metric");
		nsbox_job_word(job, "%u", r->metric);
	}
	nsbox_job_word(job, "table");
	nsbox_job_word(job, "%u", r->table);
	if (replace)
		nsbox_job_word(job, "replace");
	nsbox_job_end_step(job);
}

/*
 * The step creating @l. A veth peer lives in another sandbox of the same
 * owner namespace, or in the owner namespace itself: the helper finds it as
 * an fd. Called with nsbox_lock held (peer sandbox lookup).
 */
static int nsbox_step_link(struct nsbox_helper_job *job, const struct nsbox_link *l,
			   struct net *owner_net, const struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	static const char * const types[] = {
		[NSBOX_LINK_TYPE_TUN] = "tun",
		[NSBOX_LINK_TYPE_TAP] = "tap",
		[NSBOX_LINK_TYPE_VETH] = "veth",
	};
	struct nsbox_sandbox *peer_sb = NULL;
	int fd;

	nsbox_sandbox_assert_locked();
	nsbox_job_word(job, "link");
	nsbox_job_word(job, "%s", l->ifname);
	nsbox_job_word(job, "%s", types[l->type]);
	if (l->type == NSBOX_LINK_TYPE_VETH) {
		if (l->peer_sandbox[0]) {
			peer_sb = nsbox_sandbox_find_net(owner_net, l->peer_sandbox);
			if (!peer_sb) {
				NL_SET_ERR_MSG_MOD(extack, "link: no ready sandbox for the peer");
				return -ENOENT;
			}
			if (!nsbox_may_change(peer_sb, info)) {
				nsbox_sandbox_put(peer_sb);
				NL_SET_ERR_MSG_MOD(extack,
						   "link: the peer's sandbox is owned by another socket");
				return -EPERM;
			}
		}
		fd = nsbox_job_peer_fd(job, peer_sb ? peer_sb->net : owner_net);
		if (peer_sb)
			nsbox_sandbox_put(peer_sb);
		if (fd < 0) {
			NL_SET_ERR_MSG_MOD(extack, "link: too many distinct peer namespaces");
			return fd;
		}
		nsbox_job_word(job, "peer");
		nsbox_job_word(job, "%s", l->peer);
		nsbox_job_word(job, "peer-fd");
		nsbox_job_word(job, "%d", fd);
	}
	if (l->mtu) {
		nsbox_job_word(job, "mtu");
		nsbox_job_word(job, "%u", l->mtu);
	}
	if (l->txqueuelen) {
		nsbox_job_word(job, "txqueuelen");
		nsbox_job_word(job, "%u", l->txqueuelen);
	}
	if (l->flags & NSBOX_LINK_F_MULTI_QUEUE)
		nsbox_job_word(job, "multi_queue");
	if (l->flags & NSBOX_LINK_F_VNET_HDR)
		nsbox_job_word(job, "vnet_hdr");
	if (l->flags & NSBOX_LINK_F_PI)
		nsbox_job_word(job, "pi");
	if (l->has_owner) {
		nsbox_job_word(job, "owner");
		nsbox_job_word(job, "%u", l->owner);
	}
	if (l->has_group) {
		nsbox_job_word(job, "group");
		nsbox_job_word(job, "%u", l->group);
	}
	nsbox_job_end_step(job);
	return 0;
}

static int nsbox_clause_link(struct nlattr *nla, struct nsbox_link *l,
			     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NSBOX_A_LINK_MAX + 1];
	int err;

	err = nla_parse_nested(tb, NSBOX_A_LINK_MAX, nla, nsbox_link_policy, extack);
	if (err)
		return err;
	if (tb[NSBOX_A_LINK_SANDBOX])
		return -EISCONN;
	return nsbox_parse_link(tb, nla, l, extack);
}

static int nsbox_clause_addr(struct nlattr *nla, struct nsbox_addr *a,
			     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NSBOX_A_ADDR_MAX + 1];
	int err;

	err = nla_parse_nested(tb, NSBOX_A_ADDR_MAX, nla, nsbox_addr_policy, extack);
	if (err)
		return err;
	if (tb[NSBOX_A_ADDR_SANDBOX])
		return -EISCONN;
	return nsbox_parse_addr(tb, nla, a, extack);
}

static int nsbox_clause_route(struct nlattr *nla, struct nsbox_route *r,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NSBOX_A_ROUTE_MAX + 1];
	int err;

	err = nla_parse_nested(tb, NSBOX_A_ROUTE_MAX, nla, nsbox_route_policy, extack);
	if (err)
		return err;
	if (tb[NSBOX_A_ROUTE_SANDBOX])
		return -EISCONN;
	return nsbox_parse_route(tb, nla, r, extack);
}

/* Free a record of a SANDBOX_NEW clause of type @type (NSBOX_A_SANDBOX_*). */
static void nsbox_clause_free(int type, void *rec)
{
	switch (type) {
	case NSBOX_A_SANDBOX_LINK:
		nsbox_link_free(rec);
		break;
	case NSBOX_A_SANDBOX_ADDR:
		nsbox_addr_free(rec);
		break;
	case NSBOX_A_SANDBOX_ROUTE:
		nsbox_route_free(rec);
		break;
	}
}

/* Parse one nested clause of SANDBOX_NEW into a freshly allocated record. */
static void *nsbox_parse_clause(struct nlattr *nla, struct netlink_ext_ack *extack,
				int *err)
{
	void *rec;

	switch (nla_type(nla)) {
	case NSBOX_A_SANDBOX_LINK:
		rec = nsbox_link_alloc();
		break;
	case NSBOX_A_SANDBOX_ADDR:
		rec = nsbox_addr_alloc();
		break;
	case NSBOX_A_SANDBOX_ROUTE:
		rec = nsbox_route_alloc();
		break;
	default:
		*err = 0;
		return NULL;
	}
	if (!rec) {
		*err = -ENOMEM;
		return NULL;
	}

	switch (nla_type(nla)) {
	case NSBOX_A_SANDBOX_LINK:
		*err = nsbox_clause_link(nla, rec, extack);
		break;
	case NSBOX_A_SANDBOX_ADDR:
		*err = nsbox_clause_addr(nla, rec, extack);
		break;
	case NSBOX_A_SANDBOX_ROUTE:
		*err = nsbox_clause_route(nla, rec, extack);
		break;
	}
	if (*err == -EISCONN) {
		/* the sandbox is the one being created */
		NL_SET_ERR_MSG_ATTR(extack, nla, "a clause of a new sandbox names no sandbox");
		*err = -EINVAL;
	}
	if (*err) {
		nsbox_clause_free(nla_type(nla), rec);
		return NULL;
	}
	return rec;
}

/**
 * nsbox_cfg_from_request() - Turn SANDBOX_NEW's clauses into records and steps.
 * @info: the SANDBOX_NEW request.
 * @owner_net: the new sandbox's owner namespace: veth peers go there, or to
 *	another sandbox of it.
 * @cfg: the new sandbox's configuration, empty.
 * @job: the create job.
 *
 * SANDBOX_NEW's link, addr and route clauses: validate them all, record
 * them in @cfg, and append their steps to @job in the one order: links,
 * addresses, routes. @job takes a reference on each veth peer's namespace.
 *
 * Context: nsbox_lock held (peer sandbox lookup); may sleep (allocation).
 *
 * Return: 0, or a negative errno with an extack message but for -ENOMEM.
 * On failure @cfg is left empty, while @job may keep steps and references:
 * nsbox_job_release() drops them.
 */
int nsbox_cfg_from_request(struct genl_info *info, struct net *owner_net,
			   struct nsbox_cfg *cfg, struct nsbox_helper_job *job)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nsbox_route *r;
	struct nsbox_addr *a;
	struct nsbox_link *l;
	struct nlattr *nla;
	int rem, err = 0;
	void *rec;

	nsbox_sandbox_assert_locked();
	nlmsg_for_each_attr(nla, info->nlhdr, GENL_HDRLEN, rem) {
		rec = nsbox_parse_clause(nla, extack, &err);
		if (err)
			goto err;
		if (!rec)
			continue;
		switch (nla_type(nla)) {
		case NSBOX_A_SANDBOX_LINK:
			l = rec;
			if (nsbox_cfg_link(cfg, l->ifname)) {
				nsbox_link_free(l);
				NL_SET_ERR_MSG_ATTR(extack, nla, "link: the same name twice");
				err = -EEXIST;
				goto err;
			}
			list_add_tail(&l->node, &cfg->links);
			cfg->nlinks++;
			break;
		case NSBOX_A_SANDBOX_ADDR:
			list_add_tail(&((struct nsbox_addr *)rec)->node, &cfg->addrs);
			break;
		case NSBOX_A_SANDBOX_ROUTE:
			list_add_tail(&((struct nsbox_route *)rec)->node, &cfg->routes);
			break;
		}
	}

	list_for_each_entry(l, &cfg->links, node) {
		err = nsbox_step_link(job, l, owner_net, info);
		if (err)
			goto err;
	}
	list_for_each_entry(a, &cfg->addrs, node) {
		err = nsbox_check_addr(cfg, NULL, a, extack);
		if (err)
			goto err;
		nsbox_step_addr(job, a, true);
	}
	list_for_each_entry(r, &cfg->routes, node) {
		err = nsbox_check_route(cfg, NULL, r, extack);
		if (err)
			goto err;
		nsbox_step_route(job, r, true, false);
	}
	return 0;
err:
	nsbox_cfg_free(cfg);
	return err;
}

static int nsbox_put_link(struct sk_buff *skb, struct net *net, const struct nsbox_link *l)
{
	struct net_device *dev;
	struct nlattr *nest;
	int err = -EMSGSIZE;

	nest = nla_nest_start(skb, NSBOX_A_SANDBOX_LINK);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(skb, NSBOX_A_LINK_IFNAME, l->ifname) ||
	    nla_put_u32(skb, NSBOX_A_LINK_TYPE, l->type) ||
	    nla_put_u32(skb, NSBOX_A_LINK_FLAGS, l->flags) ||
	    (l->has_owner && nla_put_u32(skb, NSBOX_A_LINK_OWNER, l->owner)) ||
	    (l->has_group && nla_put_u32(skb, NSBOX_A_LINK_GROUP, l->group)) ||
	    (l->peer[0] && nla_put_string(skb, NSBOX_A_LINK_PEER_IFNAME, l->peer)) ||
	    (l->peer_sandbox[0] &&
	     nla_put_string(skb, NSBOX_A_LINK_PEER_SANDBOX, l->peer_sandbox)))
		goto cancel;

	/* the device as it is now, not as it was asked for */
	rcu_read_lock();
	dev = net ? dev_get_by_name_rcu(net, l->ifname) : NULL;
	if (dev && (nla_put_u32(skb, NSBOX_A_LINK_IFINDEX, dev->ifindex) ||
		    nla_put_u32(skb, NSBOX_A_LINK_MTU, READ_ONCE(dev->mtu)) ||
		    nla_put_u32(skb, NSBOX_A_LINK_TXQUEUELEN, READ_ONCE(dev->tx_queue_len)) ||
		    nla_put_u32(skb, NSBOX_A_LINK_OPERSTATE, READ_ONCE(dev->operstate)) ||
		    nla_put_u32(skb, NSBOX_A_LINK_DEV_FLAGS, dev_get_flags(dev)))) {
		rcu_read_unlock();
		goto cancel;
	}
	rcu_read_unlock();
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return err;
}

/* The most nsbox_put_link() and nsbox_cfg_put() put for one record. */
#define NSBOX_LINK_MSG_SIZE						\
	(nla_total_size(0) +				/* the nest */	\
	 2 * nla_total_size(IFNAMSIZ) +			/* name, peer */	\
	 nla_total_size(NSBOX_NAME_MAX + 1) +		/* peer sandbox */	\
	 9 * nla_total_size(sizeof(u32)))		/* the rest */

#define NSBOX_ADDR_MSG_SIZE						\
	(nla_total_size(0) + nla_total_size(IFNAMSIZ) +			\
	 nla_total_size(16) + nla_total_size(sizeof(u8)))

#define NSBOX_ROUTE_MSG_SIZE						\
	(nla_total_size(0) + 2 * nla_total_size(16) +			\
	 nla_total_size(sizeof(u8)) + nla_total_size(IFNAMSIZ) +	\
	 4 * nla_total_size(sizeof(u32)))

/**
 * nsbox_cfg_size() - Room for what nsbox_cfg_put() puts for a sandbox.
 * @sb: the sandbox.
 *
 * Context: nsbox_lock held.
 *
 * Return: the most nsbox_cfg_put() puts for @sb, in bytes.
 */
size_t nsbox_cfg_size(const struct nsbox_sandbox *sb)
{
	const struct nsbox_route *r;
	const struct nsbox_addr *a;
	size_t size;

	nsbox_sandbox_assert_locked();
	size = (size_t)sb->cfg.nlinks * NSBOX_LINK_MSG_SIZE;
	list_for_each_entry(a, &sb->cfg.addrs, node)
		size += NSBOX_ADDR_MSG_SIZE;
	list_for_each_entry(r, &sb->cfg.routes, node)
		size += NSBOX_ROUTE_MSG_SIZE;
	return size;
}

/*
 * Is @ifname gone from @net? Then so is what nsbox installed on it: a veth
 * end whose peer was deleted from another sandbox, or a device deleted by
 * hand inside the sandbox. The caller holds rcu_read_lock().
 */
static bool nsbox_dev_gone(struct net *net, const char *ifname)
{
	return net && ifname[0] && !dev_get_by_name_rcu(net, ifname);
}

static bool nsbox_dev_gone_now(struct net *net, const char *ifname)
{
	bool gone;

	rcu_read_lock();
	gone = nsbox_dev_gone(net, ifname);
	rcu_read_unlock();
	return gone;
}

/*
 * Forget the addresses and routes of @sb on devices that are gone.
 * cfg_lock held, so that no op holds a record meanwhile.
 */
static void nsbox_cfg_prune(struct nsbox_sandbox *sb)
{
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
	rcu_read_unlock();
	nsbox_sandbox_unlock();
}

/**
 * nsbox_cfg_put() - Put the records of a sandbox: links, addresses, routes.
 * @skb: the message.
 * @sb: the sandbox.
 *
 * What nsbox installed in @sb, with its live state; addresses and routes on
 * devices that are gone are gone too: they are left out.
 *
 * Context: nsbox_lock held.
 *
 * Return: 0, or -EMSGSIZE if @skb is full; an unfinished nest may be left in
 * @skb, for the caller to trim or cancel.
 */
int nsbox_cfg_put(struct sk_buff *skb, const struct nsbox_sandbox *sb)
{
	const struct nsbox_route *r;
	const struct nsbox_addr *a;
	const struct nsbox_link *l;
	struct nlattr *nest;

	nsbox_sandbox_assert_locked();
	list_for_each_entry(l, &sb->cfg.links, node)
		if (nsbox_put_link(skb, sb->net, l))
			return -EMSGSIZE;

	list_for_each_entry(a, &sb->cfg.addrs, node) {
		if (nsbox_dev_gone_now(sb->net, a->ifname))
			continue;
		nest = nla_nest_start(skb, NSBOX_A_SANDBOX_ADDR);
		if (!nest || nla_put_string(skb, NSBOX_A_ADDR_IFNAME, a->ifname) ||
		    nla_put(skb, NSBOX_A_ADDR_ADDRESS, a->len, a->addr) ||
		    nla_put_u8(skb, NSBOX_A_ADDR_PREFIXLEN, a->prefixlen))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}

	list_for_each_entry(r, &sb->cfg.routes, node) {
		if (nsbox_dev_gone_now(sb->net, r->ifname))
			continue;
		nest = nla_nest_start(skb, NSBOX_A_SANDBOX_ROUTE);
		if (!nest || nla_put(skb, NSBOX_A_ROUTE_DST, r->len, r->dst) ||
		    nla_put_u8(skb, NSBOX_A_ROUTE_DST_LEN, r->dst_len) ||
		    (r->has_gw && nla_put(skb, NSBOX_A_ROUTE_GATEWAY, r->len, r->gw)) ||
		    (r->ifname[0] && nla_put_string(skb, NSBOX_A_ROUTE_IFNAME, r->ifname)) ||
		    (r->mtu && nla_put_u32(skb, NSBOX_A_ROUTE_MTU, r->mtu)) ||
		    (r->advmss && nla_put_u32(skb, NSBOX_A_ROUTE_ADVMSS, r->advmss)) ||
		    nla_put_u32(skb, NSBOX_A_ROUTE_METRIC, r->metric) ||
		    nla_put_u32(skb, NSBOX_A_ROUTE_TABLE, r->table))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

/*
 * Common frame of the link/addr/route ops: the named sandbox, referenced and
 * with its configuration lock held (killable: it may be held while another
 * request's helper runs), and a job that applies steps inside it.
 */
static struct nsbox_sandbox *nsbox_cfg_begin(struct genl_info *info, int sandbox_attr,
					     struct nsbox_helper_job *job)
{
	struct nlattr *attr = info->attrs[sandbox_attr];
	struct nsbox_sandbox *sb;

	if (GENL_REQ_ATTR_CHECK(info, sandbox_attr)) {
		NL_SET_ERR_MSG_MOD(info->extack, "the sandbox name is required");
		return ERR_PTR(-EINVAL);
	}
	sb = nsbox_sandbox_find(info, nla_data(attr), attr);
	if (IS_ERR(sb))
		return sb;
	if (mutex_lock_killable(&sb->cfg_lock)) {
		nsbox_sandbox_put(sb);
		return ERR_PTR(-EINTR);
	}
	nsbox_cfg_prune(sb);
	nsbox_job_init(job);
	job->target = get_net(sb->net);
	return sb;
}

static void nsbox_cfg_end(struct nsbox_sandbox *sb, struct nsbox_helper_job *job)
{
	nsbox_job_release(job);
	mutex_unlock(&sb->cfg_lock);
	nsbox_sandbox_put(sb);
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

/**
 * nsbox_link_new() - Create a device in a sandbox (LINK_NEW).
 * @info: the request: the sandbox, and the link as a SANDBOX_NEW clause has it.
 *
 * The helper creates the device in the sandbox (a veth's peer in another
 * sandbox or in the owner namespace), sets it up and brings it up; the link
 * is then recorded in the sandbox and announced.
 *
 * Context: may sleep. Takes the sandbox's cfg_lock (killable) and holds it
 * across the helper run; takes nsbox_lock to check the name and to record.
 *
 * Return: 0, or a negative errno, with an extack message for most: -EINTR if
 * killed while waiting for cfg_lock, -EEXIST if a device of that name is in
 * the sandbox, or the error of parsing the link, of the sandbox lookup
 * (nsbox_sandbox_find()), of the peer sandbox's, or of the helper run.
 */
int nsbox_link_new(struct genl_info *info)
{
	struct nsbox_helper_job job;
	struct nsbox_sandbox *sb;
	struct nsbox_link *l;
	int err;

	l = nsbox_link_alloc();
	if (!l)
		return -ENOMEM;
	err = nsbox_parse_link(info->attrs, NULL, l, info->extack);
	if (err) {
		nsbox_link_free(l);
		return err;
	}

	sb = nsbox_cfg_begin(info, NSBOX_A_LINK_SANDBOX, &job);
	if (IS_ERR(sb)) {
		nsbox_link_free(l);
		return PTR_ERR(sb);
	}

	nsbox_sandbox_lock();
	if (nsbox_cfg_link(&sb->cfg, l->ifname) || nsbox_link_ifindex(sb->net, l->ifname)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[NSBOX_A_LINK_IFNAME],
				    "a device with this name exists in the sandbox");
		err = -EEXIST;
	} else {
		err = nsbox_step_link(&job, l, sb->owner_net, info);
	}
	nsbox_sandbox_unlock();
	if (!err)
		err = nsbox_helper_run(info, &job);

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

/* Forget @ifname and what nsbox installed on it. nsbox_lock held. */
static void nsbox_cfg_forget_link(struct nsbox_cfg *cfg, struct nsbox_link *l)
{
	struct nsbox_route *r, *rt;
	struct nsbox_addr *a, *at;

	nsbox_sandbox_assert_locked();
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
	list_del(&l->node);
	cfg->nlinks--;
	nsbox_link_free(l);
}

/**
 * nsbox_link_del() - Delete a device nsbox made in a sandbox (LINK_DEL).
 * @info: the request: the sandbox and the device's name.
 *
 * The helper deletes the device, with its veth peer wherever it lives; then
 * its record goes, with those of the addresses and routes on it, and the
 * deletion is announced.
 *
 * Context: may sleep. Takes the sandbox's cfg_lock (killable) and holds it
 * across the helper run; takes nsbox_lock to forget the records.
 *
 * Return: 0, or a negative errno, with an extack message for most: -ENOENT
 * if nsbox made no link of that name in the sandbox, -EINTR if killed while
 * waiting for cfg_lock, or the error of the sandbox lookup or the helper run.
 */
int nsbox_link_del(struct genl_info *info)
{
	struct nlattr *name = info->attrs[NSBOX_A_LINK_IFNAME];
	struct nsbox_helper_job job;
	struct nsbox_sandbox *sb;
	struct nsbox_link *l;
	int ifindex, err;

	if (GENL_REQ_ATTR_CHECK(info, NSBOX_A_LINK_IFNAME)) {
		NL_SET_ERR_MSG_MOD(info->extack, "link: interface name is required");
		return -EINVAL;
	}
	sb = nsbox_cfg_begin(info, NSBOX_A_LINK_SANDBOX, &job);
	if (IS_ERR(sb))
		return PTR_ERR(sb);

	/* records change only under cfg_lock, which we hold */
	l = nsbox_cfg_link(&sb->cfg, nla_data(name));
	if (!l) {
		NL_SET_ERR_MSG_ATTR(info->extack, name, "no link nsbox made with this name");
		err = -ENOENT;
		goto out;
	}
	ifindex = nsbox_link_ifindex(sb->net, l->ifname);
	nsbox_job_word(&job, "link-del");
	nsbox_job_word(&job, "%s", l->ifname);
	nsbox_job_end_step(&job);
	err = nsbox_helper_run(info, &job);
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
 * @info: the request: the sandbox, device, address and prefix length.
 * @add: true to add the address, false to delete it.
 *
 * Only an address nsbox added can be deleted, and it adds one only once.
 *
 * Context: may sleep. Takes the sandbox's cfg_lock (killable) and holds it
 * across the helper run; takes nsbox_lock to record.
 *
 * Return: 0, or a negative errno, with an extack message for most: -EEXIST
 * if nsbox added the address already, -ENOENT if it did not add it, -ENODEV
 * if the device is not in the sandbox, -EINVAL for a malformed address or
 * IPv6 on a device with an MTU below 1280, or as for nsbox_link_del().
 */
int nsbox_addr_op(struct genl_info *info, bool add)
{
	struct nsbox_helper_job job;
	struct nsbox_addr *a, *have;
	struct nsbox_sandbox *sb;
	int err;

	a = nsbox_addr_alloc();
	if (!a)
		return -ENOMEM;
	err = nsbox_parse_addr(info->attrs, NULL, a, info->extack);
	if (err) {
		nsbox_addr_free(a);
		return err;
	}
	sb = nsbox_cfg_begin(info, NSBOX_A_ADDR_SANDBOX, &job);
	if (IS_ERR(sb)) {
		nsbox_addr_free(a);
		return PTR_ERR(sb);
	}

	have = nsbox_cfg_addr(&sb->cfg, a);
	if (add && have) {
		NL_SET_ERR_MSG_MOD(info->extack, "addr: nsbox added this address already");
		err = -EEXIST;
	} else if (!add && !have) {
		NL_SET_ERR_MSG_MOD(info->extack, "addr: not an address nsbox added");
		err = -ENOENT;
	} else if (add) {
		err = nsbox_check_addr(&sb->cfg, sb->net, a, info->extack);
	}
	if (!err) {
		nsbox_step_addr(&job, a, add);
		err = nsbox_helper_run(info, &job);
	}
	if (!err) {
		nsbox_sandbox_lock();
		if (add) {
			list_add_tail(&a->node, &sb->cfg.addrs);
			a = NULL;
		} else {
			list_del(&have->node);
			nsbox_addr_free(have);
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
 * @info: the request: the sandbox and the route, and REPLACE for an add.
 * @add: true to add the route, false to delete it.
 *
 * Routes are matched as the kernel keys them: destination, table, metric.
 * Only a route nsbox installed can be deleted, as nsbox recorded it. An add
 * that conflicts fails with the kernel's -EEXIST unless REPLACE is given;
 * then it replaces nsbox's record of that key, if there is one.
 *
 * Context: as for nsbox_addr_op().
 *
 * Return: 0, or a negative errno, with an extack message for most: -ENOENT
 * if nsbox did not install the route, -ENODEV if its device is not in the
 * sandbox, -EINVAL for a malformed route, or as for nsbox_link_del().
 */
int nsbox_route_op(struct genl_info *info, bool add)
{
	/* route-del's policy has no replace: its attrs[] ends before it */
	bool replace = add && nla_get_flag(info->attrs[NSBOX_A_ROUTE_REPLACE]);
	struct nsbox_route *r, *have;
	struct nsbox_helper_job job;
	struct nsbox_sandbox *sb;
	int err;

	r = nsbox_route_alloc();
	if (!r)
		return -ENOMEM;
	err = nsbox_parse_route(info->attrs, NULL, r, info->extack);
	if (err) {
		nsbox_route_free(r);
		return err;
	}
	sb = nsbox_cfg_begin(info, NSBOX_A_ROUTE_SANDBOX, &job);
	if (IS_ERR(sb)) {
		nsbox_route_free(r);
		return PTR_ERR(sb);
	}

	have = nsbox_cfg_route(&sb->cfg, r);
	if (!add && !have) {
		NL_SET_ERR_MSG_MOD(info->extack, "route: not a route nsbox installed");
		err = -ENOENT;
	} else if (add) {
		/* a conflict is the kernel's EEXIST, unless replace was asked */
		err = nsbox_check_route(&sb->cfg, sb->net, r, info->extack);
	}
	if (!err) {
		nsbox_step_route(&job, add ? r : have, add, replace);
		err = nsbox_helper_run(info, &job);
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
