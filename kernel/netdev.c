// SPDX-License-Identifier: GPL-2.0
/*
 * Devices the module changes itself, under rtnl.
 *
 * nsbox makes devices through its helper, in userspace, because a module
 * cannot open /dev/net/tun or add an address for a process. Taking devices
 * away needs no process, and must work where no helper can run: when a
 * sandbox goes because its owner's socket closed, its owner namespace died
 * or the module is being unloaded. So the module does that part itself.
 *
 * A namespace nsbox made dies with the sandbox, taking everything in it.
 * An adopted one stays its owner's: what nsbox made in it goes (its links;
 * what nsbox installed is on them, see nsbox_link_known()), and with the
 * destroy flag every other device but loopback too, as though the
 * namespace had died. Either way a host device moved in (link-move) and
 * not yet sent back by a helper goes back first: a dying namespace would
 * delete a virtual one. Only its name cannot be given back here, as the
 * kernel exports no rename: it keeps the sandbox's name if that is free in
 * its home, as the kernel does for devices of a dying namespace.
 *
 * rtnl is taken with no nsbox lock held (see nsbox.h).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/net_namespace.h>
#include <net/rtnetlink.h>

#include "nsbox.h"

/* The rtnl_link_ops kind of the devices of each link type. */
static const char *const nsbox_link_kinds[] = {
	[NSBOX_LINK_TYPE_TUN]	= "tun",
	[NSBOX_LINK_TYPE_TAP]	= "tun",
	[NSBOX_LINK_TYPE_VETH]	= "veth",
	[NSBOX_LINK_TYPE_DUMMY]	= "dummy",
	[NSBOX_LINK_TYPE_BRIDGE] = "bridge",
	[NSBOX_LINK_TYPE_MACVLAN] = "macvlan",
	[NSBOX_LINK_TYPE_IPVLAN] = "ipvlan",
	[NSBOX_LINK_TYPE_VLAN]	= "vlan",
	[NSBOX_LINK_TYPE_VXLAN]	= "vxlan",
};

/**
 * nsbox_cfg_has_host() - Does a sandbox hold a host device moved in?
 * @cfg: its records, which the caller keeps from changing.
 *
 * Return: true if one of the links is NSBOX_LINK_TYPE_HOST.
 */
bool nsbox_cfg_has_host(const struct nsbox_cfg *cfg)
{
	const struct nsbox_link *l;

	list_for_each_entry(l, &cfg->links, node)
		if (l->type == NSBOX_LINK_TYPE_HOST)
			return true;
	return false;
}

/*
 * Is @dev still the device nsbox made for @l? Records go by name, as the
 * helper made them: a device renamed or replaced under that name by hand is
 * left alone unless it is of the kind nsbox made.
 */
static bool nsbox_netdev_is(const struct net_device *dev, const struct nsbox_link *l)
{
	const struct rtnl_link_ops *ops = dev->rtnl_link_ops;

	return ops && l->type < ARRAY_SIZE(nsbox_link_kinds) && nsbox_link_kinds[l->type] &&
	       !strcmp(ops->kind, nsbox_link_kinds[l->type]);
}

/* Queued for deletion already: as the peer of a veth queued before it. */
static bool nsbox_netdev_queued(const struct net_device *dev)
{
	return !list_empty(&dev->unreg_list);
}

/*
 * A device that cannot be deleted goes back to the initial namespace, under
 * its name if it is free there, as default_device_exit() does for a
 * namespace that dies.
 */
static void nsbox_netdev_send_home(struct net_device *dev)
{
	char name[IFNAMSIZ];
	int err;

	strscpy(name, dev->name, sizeof(name));
	err = dev_change_net_namespace(dev, &init_net, "dev%d");
	if (err)
		pr_warn("cannot return %s to the initial namespace: %d\n", name, err);
}

/* Where @sb's host devices go back to: its owner namespace, while that lives. */
static struct net *nsbox_netdev_home(struct nsbox_sandbox *sb)
{
	struct net *home;

	nsbox_sandbox_lock();
	home = sb->owner_dead ? NULL : maybe_get_net(sb->owner_net);
	nsbox_sandbox_unlock();
	return home ?: get_net(&init_net);
}

/* Send host link @l's device back to @home, up if it was. rtnl held. */
static void nsbox_netdev_send_back(struct net *net, const struct nsbox_link *l,
				   struct net *home)
{
	struct net_device *dev = __dev_get_by_name(net, l->ifname);
	int err;

	if (!dev)
		return;		/* deleted, or renamed, in the sandbox */
	err = dev_change_net_namespace(dev, home, "dev%d");
	if (err) {
		pr_warn("cannot send %s back to its namespace: %d\n", l->host_ifname, err);
		return;
	}
	if (l->host_up && dev_open(dev, NULL))
		pr_warn("%s is back, but cannot be brought up\n", dev->name);
}

/**
 * nsbox_netdev_release() - Undo in a sandbox's namespace what will not go with it.
 * @sb: the sandbox, going: nothing else uses it.
 *
 * Host devices moved in go back to the owner namespace (the initial one if
 * that is gone). In an adopted namespace the links nsbox made are deleted
 * (a veth's peer too, wherever it is), and so what is on them; with
 * NSBOX_SANDBOX_F_DESTROY every other device but loopback goes too:
 * deleted, or if it cannot be, sent back to the initial namespace.
 *
 * Context: may sleep; takes nsbox_lock, then rtnl. No nsbox lock may be
 * held: a sandbox's last reference is dropped with none (see nsbox.h).
 */
void nsbox_netdev_release(struct nsbox_sandbox *sb)
{
	struct net *home = nsbox_netdev_home(sb), *net = sb->net;
	struct net_device *dev, *tmp;
	const struct nsbox_link *l;
	LIST_HEAD(kill);

	rtnl_lock();
	list_for_each_entry(l, &sb->cfg.links, node) {
		if (l->type == NSBOX_LINK_TYPE_HOST) {
			nsbox_netdev_send_back(net, l, home);
			continue;
		}
		if (!nsbox_adopted(sb))
			continue;
		dev = __dev_get_by_name(net, l->ifname);
		if (dev && nsbox_netdev_is(dev, l) && !nsbox_netdev_queued(dev))
			dev->rtnl_link_ops->dellink(dev, &kill);
	}
	if (nsbox_adopted(sb) && (sb->flags & NSBOX_SANDBOX_F_DESTROY)) {
		for_each_netdev_safe(net, dev, tmp) {
			if (dev->flags & IFF_LOOPBACK || nsbox_netdev_queued(dev))
				continue;
			if (dev->rtnl_link_ops && dev->rtnl_link_ops->dellink)
				dev->rtnl_link_ops->dellink(dev, &kill);
			else
				nsbox_netdev_send_home(dev);
		}
	}
	unregister_netdevice_many(&kill);
	rtnl_unlock();
	put_net(home);
}
