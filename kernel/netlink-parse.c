// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink layer's requests: each op's attributes, validated by its
 * generated policy, turned into the plain structs the objects take
 * (nsbox.h). What a policy cannot express is checked here, pointing at the
 * attribute: names and their alphabets, address lengths and prefixes, what
 * a clause or a program request needs of its attributes together.
 */

#include <linux/capability.h>
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/resource.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>

#include "nsbox.h"
#include "netlink-gen.h"
#include "netlink.h"

/*
 * ASCII letters and digits only: the kernel's isalnum() also takes Latin-1
 * letters (0xc0-0xff).
 */
static bool nsbox_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Names become file names under /run/netns: a strict, portable alphabet. */
static bool nsbox_name_ok(const struct nlattr *attr, struct netlink_ext_ack *extack)
{
	const char *name = nla_data(attr);
	const char *p;

	if (!*name) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "sandbox name is empty");
		return false;
	}
	if (!strcmp(name, ".") || !strcmp(name, "..")) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "sandbox name may not be \".\" or \"..\"");
		return false;
	}
	for (p = name; *p; p++) {
		if (!nsbox_alnum(*p) && *p != '_' && *p != '.' && *p != '-') {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "sandbox name may only contain [A-Za-z0-9_.-]");
			return false;
		}
	}
	return true;
}

/* Hostnames as RFC 1123 allows them, so that nothing odd reaches uname(). */
static bool nsbox_hostname_ok(const struct nlattr *attr, struct netlink_ext_ack *extack)
{
	const char *host = nla_data(attr);
	const char *p;

	if (!*host) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "hostname is empty");
		return false;
	}
	for (p = host; *p; p++) {
		if (!nsbox_alnum(*p) && *p != '-' && *p != '.') {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "hostname may only contain [A-Za-z0-9.-]");
			return false;
		}
	}
	return true;
}

/*
 * The spec's flags-mask check takes every flag of its enum, and the policy
 * is generated from it: the flags only the module sets are refused here, as
 * though the policy had refused them.
 */
static bool nsbox_flags_ok(const struct nlattr *attr, u32 kernel_only,
			   struct netlink_ext_ack *extack)
{
	if (!attr || !(nla_get_u32(attr) & kernel_only))
		return true;
	NL_SET_ERR_MSG_ATTR(extack, attr, "a flag only the module sets is set");
	return false;
}

/*
 * The clauses of sandbox-new are validated by the generated nested
 * policies, which are the reply's sets too: what only a reply carries is
 * refused here, as though the policy had.
 */
static int nsbox_nl_reply_only(struct nlattr **tb, const int *types, unsigned int n,
			       struct netlink_ext_ack *extack)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (tb[types[i]]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[types[i]],
					    "an attribute only replies carry");
			return -EINVAL;
		}
	}
	return 0;
}

/* A literal interface name: no "%d" pattern, which the kernel would expand. */
static bool nsbox_nl_ifname_ok(const struct nlattr *attr, struct netlink_ext_ack *extack)
{
	if (!nsbox_ifname_ok(nla_data(attr))) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "not a valid interface name");
		return false;
	}
	return true;
}

/* An IPv4 or IPv6 address attribute: exactly 4 or 16 bytes. */
static int nsbox_nl_ip(const struct nlattr *attr, u8 *buf, struct netlink_ext_ack *extack)
{
	int len = nla_len(attr);

	if (len != 4 && len != 16) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "address must be 4 (IPv4) or 16 (IPv6) bytes");
		return -EINVAL;
	}
	memcpy(buf, nla_data(attr), len);
	return len;
}

/* A MAC address attribute: 6 bytes, unicast, not all zeros. */
static int nsbox_nl_mac(const struct nlattr *attr, u8 *mac, struct netlink_ext_ack *extack)
{
	if (nla_len(attr) != ETH_ALEN) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "MAC address must be 6 bytes");
		return -EINVAL;
	}
	if (!is_valid_ether_addr(nla_data(attr))) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "MAC address must be unicast and not all zeros");
		return -EADDRNOTAVAIL;
	}
	memcpy(mac, nla_data(attr), ETH_ALEN);
	return 0;
}

/*
 * A link's MAC address and master, which depend on its kind: a TUN device
 * has no MAC and cannot be a bridge port, a bridge cannot be one either.
 */
static int nsbox_nl_parse_link_l2(struct nlattr **tb, struct nsbox_link *l,
				  struct netlink_ext_ack *extack)
{
	int err;

	if (tb[NSBOX_A_LINK_ADDRESS]) {
		if (l->type == NSBOX_LINK_TYPE_TUN) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_LINK_ADDRESS],
					    "a tun device has no MAC address");
			return -EINVAL;
		}
		if (l->type == NSBOX_LINK_TYPE_IPVLAN) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_LINK_ADDRESS],
					    "an ipvlan has its parent's MAC address");
			return -EINVAL;
		}
		err = nsbox_nl_mac(tb[NSBOX_A_LINK_ADDRESS], l->addr, extack);
		if (err)
			return err;
		l->has_addr = true;
	}
	if (tb[NSBOX_A_LINK_MASTER]) {
		if (l->type == NSBOX_LINK_TYPE_TUN || l->type == NSBOX_LINK_TYPE_BRIDGE ||
		    l->type == NSBOX_LINK_TYPE_IPVLAN) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_LINK_MASTER],
					    "only a tap, veth, dummy, macvlan or vlan can join a bridge");
			return -EINVAL;
		}
		if (!nsbox_nl_ifname_ok(tb[NSBOX_A_LINK_MASTER], extack))
			return -EINVAL;
		strscpy(l->master, nla_data(tb[NSBOX_A_LINK_MASTER]), sizeof(l->master));
	}
	return 0;
}

/*
 * The parent, mode and VLAN id of a link made on a device of the owner
 * namespace: a macvlan (mode private, vepa, bridge or passthru; bridge by
 * default), an ipvlan (l2, l3 or l3s; l2 by default) or a vlan (its id).
 */
static int nsbox_nl_parse_link_parent(struct nlattr **tb, struct nlattr *where,
				      struct nsbox_link *l, struct netlink_ext_ack *extack)
{
	struct nlattr *mode = tb[NSBOX_A_LINK_MODE];

	if (!nsbox_link_on_parent(l->type)) {
		if (tb[NSBOX_A_LINK_PARENT] || mode || tb[NSBOX_A_LINK_VLAN_ID]) {
			NL_SET_ERR_MSG_MOD(extack,
					   "link: parent, mode, vlan-id: macvlan, ipvlan, vlan only");
			return -EINVAL;
		}
		return 0;
	}
	if (NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_LINK_PARENT)) {
		NL_SET_ERR_MSG_MOD(extack, "link: a macvlan, ipvlan or vlan needs a parent");
		return -EINVAL;
	}
	if (!nsbox_nl_ifname_ok(tb[NSBOX_A_LINK_PARENT], extack))
		return -EINVAL;
	strscpy(l->parent, nla_data(tb[NSBOX_A_LINK_PARENT]), sizeof(l->parent));

	if (l->type == NSBOX_LINK_TYPE_VLAN) {
		if (mode) {
			NL_SET_ERR_MSG_ATTR(extack, mode, "a vlan has no mode");
			return -EINVAL;
		}
		if (NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_LINK_VLAN_ID)) {
			NL_SET_ERR_MSG_MOD(extack, "link: a vlan needs its vlan-id");
			return -EINVAL;
		}
		l->vlan_id = nla_get_u32(tb[NSBOX_A_LINK_VLAN_ID]);
		return 0;
	}
	if (tb[NSBOX_A_LINK_VLAN_ID]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_LINK_VLAN_ID], "vlan-id is for a vlan only");
		return -EINVAL;
	}
	if (l->type == NSBOX_LINK_TYPE_MACVLAN) {
		l->mode = mode ? nla_get_u32(mode) : NSBOX_LINK_MODE_BRIDGE;
		if (l->mode > NSBOX_LINK_MODE_PASSTHRU) {
			NL_SET_ERR_MSG_ATTR(extack, mode,
					    "a macvlan's mode is private, vepa, bridge or passthru");
			return -EINVAL;
		}
	} else {
		l->mode = mode ? nla_get_u32(mode) : NSBOX_LINK_MODE_L2;
		if (l->mode < NSBOX_LINK_MODE_L2) {
			NL_SET_ERR_MSG_ATTR(extack, mode, "an ipvlan's mode is l2, l3 or l3s");
			return -EINVAL;
		}
	}
	return 0;
}

/* The address of a vxlan's remote, group or local, of its family @len. */
static int nsbox_nl_vxlan_ip(const struct nlattr *attr, u8 *buf, u8 *len,
			     struct netlink_ext_ack *extack)
{
	int n = nsbox_nl_ip(attr, buf, extack);

	if (n < 0)
		return n;
	if (*len && n != *len) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "vxlan addresses of different families");
		return -EINVAL;
	}
	*len = n;
	return 0;
}

/*
 * A vxlan's VNI (required), a unicast remote or a multicast group, a local
 * address of the same family, its UDP port (4789, IANA's, unless asked)
 * and the device of the sandbox its packets go out of.
 */
static int nsbox_nl_parse_link_vxlan(struct nlattr **tb, struct nlattr *where,
				     struct nsbox_link *l, struct netlink_ext_ack *extack)
{
	struct nlattr *remote = tb[NSBOX_A_LINK_REMOTE], *group = tb[NSBOX_A_LINK_VXLAN_GROUP];
	int err;

	if (l->type != NSBOX_LINK_TYPE_VXLAN) {
		if (tb[NSBOX_A_LINK_VNI] || remote || group || tb[NSBOX_A_LINK_LOCAL] ||
		    tb[NSBOX_A_LINK_PORT] || tb[NSBOX_A_LINK_UNDERLAY]) {
			NL_SET_ERR_MSG_MOD(extack,
					   "link: vni, remote, group, local, port, dev: vxlan only");
			return -EINVAL;
		}
		return 0;
	}
	if (NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_LINK_VNI)) {
		NL_SET_ERR_MSG_MOD(extack, "link: a vxlan needs its vni");
		return -EINVAL;
	}
	l->vni = nla_get_u32(tb[NSBOX_A_LINK_VNI]);
	if (remote && group) {
		NL_SET_ERR_MSG_ATTR(extack, group, "a vxlan has a remote or a group, not both");
		return -EINVAL;
	}
	if (remote || group) {
		err = nsbox_nl_vxlan_ip(remote ?: group, l->vx_remote, &l->vx_len, extack);
		if (err)
			return err;
		l->vx_group = group;
		l->has_remote = true;
		if ((l->vx_len == 4 ? ipv4_is_multicast(*(__be32 *)l->vx_remote) :
		     ipv6_addr_is_multicast((struct in6_addr *)l->vx_remote)) != l->vx_group) {
			if (group)
				NL_SET_ERR_MSG_ATTR(extack, group,
						    "a vxlan group is a multicast address");
			else
				NL_SET_ERR_MSG_ATTR(extack, remote,
						    "a vxlan remote is unicast: a multicast one is a group");
			return -EINVAL;
		}
	}
	if (tb[NSBOX_A_LINK_LOCAL]) {
		err = nsbox_nl_vxlan_ip(tb[NSBOX_A_LINK_LOCAL], l->vx_local, &l->vx_len, extack);
		if (err)
			return err;
		l->has_local = true;
	}
	l->vx_port = tb[NSBOX_A_LINK_PORT] ? nla_get_u32(tb[NSBOX_A_LINK_PORT]) : 4789;
	if (tb[NSBOX_A_LINK_UNDERLAY]) {
		if (!nsbox_nl_ifname_ok(tb[NSBOX_A_LINK_UNDERLAY], extack))
			return -EINVAL;
		strscpy(l->underlay, nla_data(tb[NSBOX_A_LINK_UNDERLAY]), sizeof(l->underlay));
	}
	if (l->vx_group && !l->underlay[0]) {
		NL_SET_ERR_MSG_ATTR(extack, group, "a vxlan on a multicast group needs its dev");
		return -EINVAL;
	}
	return 0;
}

/**
 * nsbox_nl_parse_link() - A link, from LINK_NEW's attributes or a clause.
 * @tb: the attributes, validated by the op's or the clause's policy.
 * @where: the SANDBOX_NEW clause, or %NULL for LINK_NEW: where a missing
 *	attribute is reported missing.
 * @l: the record to fill, zeroed.
 * @extack: for the error message.
 *
 * TUN and TAP take flags, owner and group; veth takes a peer; macvlan,
 * ipvlan and vlan a parent (and a mode or a VLAN id); all but TUN and
 * ipvlan take a MAC address and, but bridge, a master.
 *
 * Return: 0, or a negative errno with an extack message.
 */
int nsbox_nl_parse_link(struct nlattr **tb, struct nlattr *where,
			struct nsbox_link *l, struct netlink_ext_ack *extack)
{
	bool tuntap, veth;

	if (NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_LINK_IFNAME)) {
		NL_SET_ERR_MSG_MOD(extack, "link: interface name is required");
		return -EINVAL;
	}
	if (NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_LINK_TYPE)) {
		NL_SET_ERR_MSG_MOD(extack, "link: type is required");
		return -EINVAL;
	}
	if (!nsbox_nl_ifname_ok(tb[NSBOX_A_LINK_IFNAME], extack))
		return -EINVAL;
	if (!strcmp(nla_data(tb[NSBOX_A_LINK_IFNAME]), "lo")) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_LINK_IFNAME], "lo exists already");
		return -EEXIST;
	}
	strscpy(l->ifname, nla_data(tb[NSBOX_A_LINK_IFNAME]), sizeof(l->ifname));
	l->type = nla_get_u32(tb[NSBOX_A_LINK_TYPE]);
	if (l->type == NSBOX_LINK_TYPE_HOST) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_LINK_TYPE],
				    "a host device is not made: link-move takes it");
		return -EINVAL;
	}
	tuntap = l->type == NSBOX_LINK_TYPE_TUN || l->type == NSBOX_LINK_TYPE_TAP;
	veth = l->type == NSBOX_LINK_TYPE_VETH;

	if (!veth && (tb[NSBOX_A_LINK_PEER_IFNAME] || tb[NSBOX_A_LINK_PEER_SANDBOX])) {
		NL_SET_ERR_MSG_MOD(extack, "link: a peer is for veth only");
		return -EINVAL;
	}
	if (!tuntap && (tb[NSBOX_A_LINK_FLAGS] || tb[NSBOX_A_LINK_OWNER] ||
			tb[NSBOX_A_LINK_GROUP])) {
		NL_SET_ERR_MSG_MOD(extack, "link: flags, owner, group: tun/tap only");
		return -EINVAL;
	}
	if (tuntap) {
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
	} else if (veth) {
		if (NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_LINK_PEER_IFNAME)) {
			NL_SET_ERR_MSG_MOD(extack, "link: veth needs a peer name");
			return -EINVAL;
		}
		if (!nsbox_nl_ifname_ok(tb[NSBOX_A_LINK_PEER_IFNAME], extack))
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
	return nsbox_nl_parse_link_l2(tb, l, extack) ?:
	       nsbox_nl_parse_link_parent(tb, where, l, extack) ?:
	       nsbox_nl_parse_link_vxlan(tb, where, l, extack);
}

/**
 * nsbox_nl_parse_link_set() - LINK_SET's change.
 * @info: the request, validated by its policy.
 * @ch: the change to fill, zeroed.
 *
 * What the change needs of the link itself (its kind, the master being one
 * of the sandbox's bridges) is link.c's to check.
 *
 * Return: 0, or a negative errno with an extack message.
 */
int nsbox_nl_parse_link_set(struct genl_info *info, struct nsbox_link_change *ch)
{
	struct nlattr **tb = info->attrs;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, NSBOX_A_LINK_IFNAME)) {
		NL_SET_ERR_MSG_MOD(info->extack, "link: interface name is required");
		return -EINVAL;
	}
	strscpy(ch->ifname, nla_data(tb[NSBOX_A_LINK_IFNAME]), sizeof(ch->ifname));
	if (tb[NSBOX_A_LINK_MASTER] && tb[NSBOX_A_LINK_NOMASTER]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[NSBOX_A_LINK_NOMASTER],
				    "master and nomaster exclude each other");
		return -EINVAL;
	}
	if (tb[NSBOX_A_LINK_MTU]) {
		ch->mtu = nla_get_u32(tb[NSBOX_A_LINK_MTU]);
		ch->has_mtu = true;
	}
	if (tb[NSBOX_A_LINK_TXQUEUELEN]) {
		ch->txqueuelen = nla_get_u32(tb[NSBOX_A_LINK_TXQUEUELEN]);
		ch->has_txqlen = true;
	}
	if (tb[NSBOX_A_LINK_ADDRESS]) {
		err = nsbox_nl_mac(tb[NSBOX_A_LINK_ADDRESS], ch->addr, info->extack);
		if (err)
			return err;
		ch->has_addr = true;
	}
	if (tb[NSBOX_A_LINK_MASTER]) {
		if (!nsbox_nl_ifname_ok(tb[NSBOX_A_LINK_MASTER], info->extack))
			return -EINVAL;
		strscpy(ch->master, nla_data(tb[NSBOX_A_LINK_MASTER]), sizeof(ch->master));
		ch->has_master = true;
	}
	ch->has_master |= nla_get_flag(tb[NSBOX_A_LINK_NOMASTER]);
	ch->up = tb[NSBOX_A_LINK_UP] ? nla_get_u8(tb[NSBOX_A_LINK_UP]) : -1;
	if (!ch->has_mtu && !ch->has_txqlen && !ch->has_addr && !ch->has_master &&
	    ch->up < 0) {
		NL_SET_ERR_MSG_MOD(info->extack, "link: nothing to change");
		return -EINVAL;
	}
	return 0;
}

/**
 * nsbox_nl_parse_link_move() - A host link, from LINK_MOVE's attributes.
 * @tb: the attributes, validated by the op's policy.
 * @l: the record to fill, zeroed.
 * @extack: for the error message.
 *
 * The device keeps its name in the sandbox unless IFNAME gives another.
 *
 * Return: 0, or a negative errno with an extack message.
 */
int nsbox_nl_parse_link_move(struct nlattr **tb, struct nsbox_link *l,
			     struct netlink_ext_ack *extack)
{
	struct nlattr *name = tb[NSBOX_A_LINK_IFNAME] ?: tb[NSBOX_A_LINK_HOST_IFNAME];

	if (NL_REQ_ATTR_CHECK(extack, NULL, tb, NSBOX_A_LINK_HOST_IFNAME)) {
		NL_SET_ERR_MSG_MOD(extack, "link: the host device's name is required");
		return -EINVAL;
	}
	if (!nsbox_nl_ifname_ok(tb[NSBOX_A_LINK_HOST_IFNAME], extack) ||
	    !nsbox_nl_ifname_ok(name, extack))
		return -EINVAL;
	if (!strcmp(nla_data(tb[NSBOX_A_LINK_HOST_IFNAME]), "lo")) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_LINK_HOST_IFNAME], "loopback cannot move");
		return -EINVAL;
	}
	if (!strcmp(nla_data(name), "lo")) {
		NL_SET_ERR_MSG_ATTR(extack, name, "lo exists already");
		return -EEXIST;
	}
	l->type = NSBOX_LINK_TYPE_HOST;
	strscpy(l->host_ifname, nla_data(tb[NSBOX_A_LINK_HOST_IFNAME]), sizeof(l->host_ifname));
	strscpy(l->ifname, nla_data(name), sizeof(l->ifname));
	return 0;
}

/**
 * nsbox_nl_parse_addr() - An address, from ADDR_NEW's or ADDR_DEL's attributes or a clause.
 * @tb: the attributes, validated by the op's or the clause's policy.
 * @where: the SANDBOX_NEW clause, or %NULL: where a missing attribute is
 *	reported missing.
 * @a: the record to fill, zeroed.
 * @extack: for the error message.
 *
 * Return: 0, or a negative errno with an extack message.
 */
int nsbox_nl_parse_addr(struct nlattr **tb, struct nlattr *where,
			struct nsbox_addr *a, struct netlink_ext_ack *extack)
{
	int len;

	if (NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_ADDR_IFNAME) ||
	    NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_ADDR_ADDRESS) ||
	    NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_ADDR_PREFIXLEN)) {
		NL_SET_ERR_MSG_MOD(extack, "addr: device, address and prefix length are required");
		return -EINVAL;
	}
	if (!nsbox_nl_ifname_ok(tb[NSBOX_A_ADDR_IFNAME], extack))
		return -EINVAL;
	len = nsbox_nl_ip(tb[NSBOX_A_ADDR_ADDRESS], a->addr, extack);
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

/* One NEXTHOP nest of a multipath route: a gateway, a device, or both. */
static int nsbox_nl_nexthop(struct nlattr *nla, struct nsbox_route *r,
			    struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NSBOX_A_NEXTHOP_MAX + 1];
	struct nsbox_nexthop *nh;
	int err;

	if (r->nnh == NSBOX_ROUTE_MAX_NEXTHOPS) {
		NL_SET_ERR_MSG_ATTR(extack, nla, "route: at most 8 nexthops");
		return -E2BIG;
	}
	err = nla_parse_nested(tb, NSBOX_A_NEXTHOP_MAX, nla, nsbox_nexthop_nl_policy, extack);
	if (err)
		return err;
	nh = &r->nh[r->nnh];
	if (!tb[NSBOX_A_NEXTHOP_GATEWAY] && !tb[NSBOX_A_NEXTHOP_IFNAME]) {
		NL_SET_ERR_MSG_ATTR(extack, nla, "route: a nexthop needs a gateway or a device");
		return -EINVAL;
	}
	if (tb[NSBOX_A_NEXTHOP_GATEWAY]) {
		if (nsbox_nl_ip(tb[NSBOX_A_NEXTHOP_GATEWAY], nh->gw, extack) != r->len) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_NEXTHOP_GATEWAY],
					    "gateway and destination are of different families");
			return -EINVAL;
		}
		nh->has_gw = true;
	}
	if (tb[NSBOX_A_NEXTHOP_IFNAME]) {
		if (!nsbox_nl_ifname_ok(tb[NSBOX_A_NEXTHOP_IFNAME], extack))
			return -EINVAL;
		strscpy(nh->ifname, nla_data(tb[NSBOX_A_NEXTHOP_IFNAME]), sizeof(nh->ifname));
	}
	nh->weight = tb[NSBOX_A_NEXTHOP_WEIGHT] ? nla_get_u32(tb[NSBOX_A_NEXTHOP_WEIGHT]) : 1;
	r->nnh++;
	return 0;
}

/* Does the route go through a gateway: its own, or one of every nexthop? */
static bool nsbox_route_via(const struct nsbox_route *r)
{
	unsigned int i;

	if (!r->nnh)
		return r->has_gw;
	for (i = 0; i < r->nnh; i++)
		if (!r->nh[i].has_gw)
			return false;
	return true;
}

/*
 * What only ROUTE_NEW and a clause take: the type, the preferred source,
 * the scope, onlink and the nexthops, which are the repeated NEXTHOP
 * attributes of @head.
 */
static int nsbox_nl_route_more(struct nlattr **tb, const struct nlattr *head, int len,
			       struct nsbox_route *r, struct netlink_ext_ack *extack)
{
	const struct nlattr *nla;
	bool any_gw = r->has_gw;
	unsigned int i;
	int rem, err;

	if (tb[NSBOX_A_ROUTE_TYPE])
		r->type = nla_get_u32(tb[NSBOX_A_ROUTE_TYPE]);
	if (r->type == NSBOX_ROUTE_TYPE_UNICAST)
		r->type = 0;	/* the default, as a route without a type has */
	if (r->type && (r->has_gw || tb[NSBOX_A_ROUTE_IFNAME] || tb[NSBOX_A_ROUTE_ONLINK])) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_ROUTE_TYPE],
				    "a blackhole, unreachable or prohibit route has no gateway or device");
		return -EINVAL;
	}
	if (tb[NSBOX_A_ROUTE_SRC]) {
		if (nsbox_nl_ip(tb[NSBOX_A_ROUTE_SRC], r->src, extack) != r->len) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_ROUTE_SRC],
					    "source and destination are of different families");
			return -EINVAL;
		}
		r->has_src = true;
	}
	nla_for_each_attr(nla, head, len, rem) {
		if (nla_type(nla) != NSBOX_A_ROUTE_NEXTHOP)
			continue;
		if (r->type || r->has_gw || tb[NSBOX_A_ROUTE_IFNAME]) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "route: nexthops take the place of its gateway and device");
			return -EINVAL;
		}
		err = nsbox_nl_nexthop((struct nlattr *)nla, r, extack);
		if (err)
			return err;
	}
	for (i = 0; i < r->nnh; i++)
		any_gw |= r->nh[i].has_gw;
	r->onlink = nla_get_flag(tb[NSBOX_A_ROUTE_ONLINK]);
	if (r->onlink && !nsbox_route_via(r)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_ROUTE_ONLINK],
				    "onlink is for a route through a gateway");
		return -EINVAL;
	}
	if (tb[NSBOX_A_ROUTE_SCOPE]) {
		r->scope = nla_get_u8(tb[NSBOX_A_ROUTE_SCOPE]);
		r->has_scope = true;
		if (r->scope != RT_SCOPE_UNIVERSE && r->scope != RT_SCOPE_SITE &&
		    r->scope != RT_SCOPE_LINK && r->scope != RT_SCOPE_HOST) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_ROUTE_SCOPE],
					    "scope is global (0), site (200), link (253) or host (254)");
			return -EINVAL;
		}
		if (r->scope != RT_SCOPE_UNIVERSE && any_gw) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_ROUTE_SCOPE],
					    "a route through a gateway has global scope");
			return -EINVAL;
		}
	}
	return 0;
}

/**
 * nsbox_nl_parse_route() - A route, from ROUTE_NEW's or ROUTE_DEL's attributes or a clause.
 * @tb: the attributes, validated by the op's or the clause's policy; not
 *	the replace flag, which only ROUTE_NEW has.
 * @where: the SANDBOX_NEW clause, or %NULL: where a missing attribute is
 *	reported missing.
 * @head: the attributes @tb was parsed from, where the repeated nexthops
 *	are; %NULL for ROUTE_DEL, which names a route by its keys only, and
 *	whose @tb ends with the table.
 * @len: the length of @head.
 * @r: the record to fill, zeroed.
 * @extack: for the error message.
 *
 * Return: 0, or a negative errno with an extack message.
 */
int nsbox_nl_parse_route(struct nlattr **tb, struct nlattr *where,
			 const struct nlattr *head, int len,
			 struct nsbox_route *r, struct netlink_ext_ack *extack)
{
	int alen, err, i;
	u8 mask;

	if (NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_ROUTE_DST) ||
	    NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_ROUTE_DST_LEN)) {
		NL_SET_ERR_MSG_MOD(extack, "route: destination and its prefix length are required");
		return -EINVAL;
	}
	alen = nsbox_nl_ip(tb[NSBOX_A_ROUTE_DST], r->dst, extack);
	if (alen < 0)
		return alen;
	r->len = alen;
	r->dst_len = nla_get_u8(tb[NSBOX_A_ROUTE_DST_LEN]);
	if (r->dst_len > alen * 8) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_ROUTE_DST_LEN],
				    "prefix length too long for the address family");
		return -EINVAL;
	}
	/* host bits set in the destination: the kernel would refuse it later */
	for (i = 0; i < alen; i++) {
		int bits = clamp_t(int, r->dst_len - i * 8, 0, 8);

		mask = bits ? 0xff << (8 - bits) : 0;
		if (r->dst[i] & ~mask) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_ROUTE_DST],
					    "destination has host bits set beyond its prefix");
			return -EINVAL;
		}
	}
	if (tb[NSBOX_A_ROUTE_GATEWAY]) {
		if (nsbox_nl_ip(tb[NSBOX_A_ROUTE_GATEWAY], r->gw, extack) != alen) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_ROUTE_GATEWAY],
					    "gateway and destination are of different families");
			return -EINVAL;
		}
		r->has_gw = true;
	}
	if (head) {
		err = nsbox_nl_route_more(tb, head, len, r, extack);
		if (err)
			return err;
	}
	/* a deletion names the route by its keys: it needs neither */
	if (head && !tb[NSBOX_A_ROUTE_IFNAME] && !r->has_gw && !r->nnh && !r->type) {
		NL_SET_ERR_MSG_MOD(extack, "route: needs a device, a gateway or nexthops");
		return -EINVAL;
	}
	if (tb[NSBOX_A_ROUTE_IFNAME]) {
		if (!nsbox_nl_ifname_ok(tb[NSBOX_A_ROUTE_IFNAME], extack))
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

/*
 * The namespaced net.* sysctls a sandbox may set: whole keys, and the
 * per-device ones as net.ipv4.conf.DEV.PARAM and net.ipv6.conf.DEV.PARAM,
 * DEV being all, default or a device name (which may hold dots: the
 * parameter is after the last one). A range takes two numbers.
 */
static const struct {
	const char	*key;
	bool		range;
} nsbox_sysctl_keys[] = {
	{ "net.ipv4.ip_forward" },
	{ "net.ipv4.ping_group_range", true },
	{ "net.ipv4.ip_unprivileged_port_start" },
	{ "net.ipv4.ip_local_port_range", true },
	{ "net.core.somaxconn" },
};

static const char *const nsbox_sysctl_conf4[] = {
	"forwarding", "rp_filter", "arp_ignore", "arp_announce",
};

static const char *const nsbox_sysctl_conf6[] = {
	"forwarding", "accept_ra", "disable_ipv6",
};

static bool nsbox_sysctl_param(const char *param, const char *const *params, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!strcmp(param, params[i]))
			return true;
	return false;
}

/*
 * A per-device key, "PREFIX" already matched: DEV.PARAM, with PARAM one
 * of @params. The device's name goes to s->ifname unless all or default.
 */
static bool nsbox_sysctl_conf(const char *rest, const char *const *params, unsigned int n,
			      struct nsbox_sysctl *s)
{
	const char *dot = strrchr(rest, '.');
	size_t len;

	if (!dot || dot == rest || !nsbox_sysctl_param(dot + 1, params, n))
		return false;
	len = dot - rest;
	if (len >= IFNAMSIZ)
		return false;
	if ((len == 3 && !strncmp(rest, "all", 3)) || (len == 7 && !strncmp(rest, "default", 7)))
		return true;
	memcpy(s->ifname, rest, len);
	s->ifname[len] = '\0';
	return nsbox_ifname_ok(s->ifname);
}

/* A decimal number, 1 to 10 digits, at *@p; moves past it. */
static bool nsbox_sysctl_number(const char **p)
{
	const char *q = *p;

	while (*q >= '0' && *q <= '9')
		q++;
	if (q == *p || q - *p > 10)
		return false;
	*p = q;
	return true;
}

/**
 * nsbox_nl_parse_sysctl() - A sysctl, from SYSCTL_SET's attributes or a clause.
 * @tb: the attributes, validated by the op's or the clause's policy.
 * @where: the SANDBOX_NEW clause, or %NULL: where a missing attribute is
 *	reported missing.
 * @s: the record to fill, zeroed.
 * @extack: for the error message.
 *
 * The key must be on the allow-list (a namespaced net.* sysctl) and the
 * value a decimal number, or two separated by one space for a range; the
 * kernel's own checks of its range come when the helper writes it.
 *
 * Return: 0, or -EINVAL with an extack message pointing at the key or the
 * value.
 */
int nsbox_nl_parse_sysctl(struct nlattr **tb, struct nlattr *where,
			  struct nsbox_sysctl *s, struct netlink_ext_ack *extack)
{
	const struct nlattr *kattr = tb[NSBOX_A_SYSCTL_KEY], *vattr = tb[NSBOX_A_SYSCTL_VALUE];
	const char *key, *value, *p;
	bool range = false, ok = false;
	unsigned int i;

	if (NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_SYSCTL_KEY) ||
	    NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_SYSCTL_VALUE)) {
		NL_SET_ERR_MSG_MOD(extack, "sysctl: key and value are required");
		return -EINVAL;
	}
	key = nla_data(kattr);
	value = nla_data(vattr);
	if (strchr(key, '/') || strstr(key, "..") || strpbrk(key, "\n\r\t ")) {
		NL_SET_ERR_MSG_ATTR(extack, kattr,
				    "sysctl key may not hold '/', '..' or a blank");
		return -EINVAL;
	}
	for (i = 0; i < ARRAY_SIZE(nsbox_sysctl_keys); i++) {
		if (!strcmp(key, nsbox_sysctl_keys[i].key)) {
			ok = true;
			range = nsbox_sysctl_keys[i].range;
		}
	}
	if (!ok && !strncmp(key, "net.ipv4.conf.", 14))
		ok = nsbox_sysctl_conf(key + 14, nsbox_sysctl_conf4,
				       ARRAY_SIZE(nsbox_sysctl_conf4), s);
	else if (!ok && !strncmp(key, "net.ipv6.conf.", 14))
		ok = nsbox_sysctl_conf(key + 14, nsbox_sysctl_conf6,
				       ARRAY_SIZE(nsbox_sysctl_conf6), s);
	if (!ok) {
		NL_SET_ERR_MSG_ATTR(extack, kattr,
				    "sysctl key not allowed (not a namespaced net.* key on nsbox's allow-list)");
		return -EINVAL;
	}

	p = value;
	ok = nsbox_sysctl_number(&p);
	if (ok && range)
		ok = *p++ == ' ' && nsbox_sysctl_number(&p);
	if (!ok || *p) {
		if (range)
			NL_SET_ERR_MSG_ATTR(extack, vattr,
					    "sysctl value must be two decimal numbers separated by a space");
		else
			NL_SET_ERR_MSG_ATTR(extack, vattr, "sysctl value must be a decimal number");
		return -EINVAL;
	}
	strscpy(s->key, key, sizeof(s->key));
	strscpy(s->value, value, sizeof(s->value));
	return 0;
}

/**
 * nsbox_nl_parse_neigh() - A neighbour, from NEIGH_NEW's or NEIGH_DEL's attributes or a clause.
 * @tb: the attributes, validated by the op's or the clause's policy.
 * @where: the SANDBOX_NEW clause, or %NULL: where a missing attribute is
 *	reported missing.
 * @n: the record to fill, zeroed.
 * @need_lladdr: the lladdr is required (not for NEIGH_DEL).
 * @extack: for the error message.
 *
 * Return: 0, or a negative errno with an extack message.
 */
int nsbox_nl_parse_neigh(struct nlattr **tb, struct nlattr *where, struct nsbox_neigh *n,
			 bool need_lladdr, struct netlink_ext_ack *extack)
{
	const struct nlattr *ll = tb[NSBOX_A_NEIGH_LLADDR];
	int len;

	if (NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_NEIGH_IFNAME) ||
	    NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_NEIGH_ADDRESS) ||
	    (need_lladdr && NL_REQ_ATTR_CHECK(extack, where, tb, NSBOX_A_NEIGH_LLADDR))) {
		NL_SET_ERR_MSG_MOD(extack, "neigh: device, address and lladdr are required");
		return -EINVAL;
	}
	if (!nsbox_nl_ifname_ok(tb[NSBOX_A_NEIGH_IFNAME], extack))
		return -EINVAL;
	if (!strcmp(nla_data(tb[NSBOX_A_NEIGH_IFNAME]), "lo")) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_NEIGH_IFNAME], "neigh: not on lo");
		return -EINVAL;
	}
	len = nsbox_nl_ip(tb[NSBOX_A_NEIGH_ADDRESS], n->addr, extack);
	if (len < 0)
		return len;
	n->len = len;
	if (ll) {
		if (nla_len(ll) != ETH_ALEN) {
			NL_SET_ERR_MSG_ATTR(extack, ll, "lladdr must be 6 bytes (Ethernet)");
			return -EINVAL;
		}
		memcpy(n->lladdr, nla_data(ll), ETH_ALEN);
		if (!is_valid_ether_addr(n->lladdr)) {
			NL_SET_ERR_MSG_ATTR(extack, ll,
					    "lladdr must be a unicast Ethernet address, not zero");
			return -EINVAL;
		}
	}
	strscpy(n->ifname, nla_data(tb[NSBOX_A_NEIGH_IFNAME]), sizeof(n->ifname));
	return 0;
}

static int nsbox_nl_clause_link(struct nlattr *nla, struct nsbox_cfg *cfg,
				struct netlink_ext_ack *extack)
{
	/* a host link is moved in by LINK_MOVE, never made by a clause */
	static const int reply_only[] = {
		NSBOX_A_LINK_IFINDEX, NSBOX_A_LINK_OPERSTATE, NSBOX_A_LINK_DEV_FLAGS,
		NSBOX_A_LINK_HOST_IFNAME,
	};
	struct nlattr *tb[NSBOX_A_LINK_MAX + 1];
	struct nsbox_link *l, *m;
	int err;

	err = nla_parse_nested(tb, NSBOX_A_LINK_MAX, nla,
			       nsbox_sandbox_link_nl_policy, extack);
	if (!err)
		err = nsbox_nl_reply_only(tb, reply_only, ARRAY_SIZE(reply_only), extack);
	if (err)
		return err;
	l = nsbox_link_alloc();
	if (!l)
		return -ENOMEM;
	err = nsbox_nl_parse_link(tb, nla, l, extack);
	if (!err && nsbox_cfg_link(cfg, l->ifname)) {
		NL_SET_ERR_MSG_ATTR(extack, nla, "link: the same name twice");
		err = -EEXIST;
	}
	/* a master is a bridge of an earlier clause: it is created first */
	if (!err && l->master[0]) {
		m = nsbox_cfg_link(cfg, l->master);
		if (!m) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_LINK_MASTER],
					    "link: master is not a bridge of an earlier link clause");
			err = -ENOENT;
		} else if (m->type != NSBOX_LINK_TYPE_BRIDGE) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_LINK_MASTER],
					    "link: master is not a bridge");
			err = -EINVAL;
		}
	}
	if (err) {
		nsbox_link_free(l);
		return err;
	}
	list_add_tail(&l->node, &cfg->links);
	cfg->nlinks++;
	return 0;
}

static int nsbox_nl_clause_addr(struct nlattr *nla, struct nsbox_cfg *cfg,
				struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NSBOX_A_ADDR_PREFIXLEN + 1];
	struct nsbox_addr *a;
	int err;

	err = nla_parse_nested(tb, NSBOX_A_ADDR_PREFIXLEN, nla,
			       nsbox_sandbox_addr_nl_policy, extack);
	if (err)
		return err;
	a = nsbox_addr_alloc();
	if (!a)
		return -ENOMEM;
	err = nsbox_nl_parse_addr(tb, nla, a, extack);
	if (err) {
		nsbox_addr_free(a);
		return err;
	}
	list_add_tail(&a->node, &cfg->addrs);
	return 0;
}

static int nsbox_nl_clause_route(struct nlattr *nla, struct nsbox_cfg *cfg,
				 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NSBOX_A_ROUTE_MAX + 1];
	struct nsbox_route *r;
	int err;

	err = nla_parse_nested(tb, NSBOX_A_ROUTE_MAX, nla,
			       nsbox_sandbox_route_nl_policy, extack);
	if (err)
		return err;
	r = nsbox_route_alloc();
	if (!r)
		return -ENOMEM;
	err = nsbox_nl_parse_route(tb, nla, nla_data(nla), nla_len(nla), r, extack);
	if (err) {
		nsbox_route_free(r);
		return err;
	}
	list_add_tail(&r->node, &cfg->routes);
	return 0;
}

static int nsbox_nl_clause_sysctl(struct nlattr *nla, struct nsbox_cfg *cfg,
				  struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NSBOX_A_SYSCTL_VALUE + 1];
	struct nsbox_sysctl *s, *o;
	int err;

	err = nla_parse_nested(tb, NSBOX_A_SYSCTL_VALUE, nla,
			       nsbox_sandbox_sysctl_nl_policy, extack);
	if (err)
		return err;
	s = nsbox_sysctl_alloc();
	if (!s)
		return -ENOMEM;
	err = nsbox_nl_parse_sysctl(tb, nla, s, extack);
	list_for_each_entry(o, &cfg->sysctls, node) {
		if (!err && !strcmp(o->key, s->key)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NSBOX_A_SYSCTL_KEY],
					    "sysctl: the same key twice");
			err = -EINVAL;
		}
	}
	if (err) {
		nsbox_sysctl_free(s);
		return err;
	}
	list_add_tail(&s->node, &cfg->sysctls);
	return 0;
}

static int nsbox_nl_clause_neigh(struct nlattr *nla, struct nsbox_cfg *cfg,
				 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NSBOX_A_NEIGH_LLADDR + 1];
	struct nsbox_neigh *n;
	int err;

	err = nla_parse_nested(tb, NSBOX_A_NEIGH_LLADDR, nla,
			       nsbox_sandbox_neigh_nl_policy, extack);
	if (err)
		return err;
	n = nsbox_neigh_alloc();
	if (!n)
		return -ENOMEM;
	err = nsbox_nl_parse_neigh(tb, nla, n, true, extack);
	if (err) {
		nsbox_neigh_free(n);
		return err;
	}
	list_add_tail(&n->node, &cfg->neighs);
	return 0;
}

/* SANDBOX_NEW's clauses, each kind in its order, into @cfg. */
static int nsbox_nl_parse_clauses(struct genl_info *info, struct nsbox_cfg *cfg)
{
	struct nlattr *nla;
	int rem, err = 0;

	nlmsg_for_each_attr(nla, info->nlhdr, GENL_HDRLEN, rem) {
		switch (nla_type(nla)) {
		case NSBOX_A_SANDBOX_LINK:
			err = nsbox_nl_clause_link(nla, cfg, info->extack);
			break;
		case NSBOX_A_SANDBOX_ADDR:
			err = nsbox_nl_clause_addr(nla, cfg, info->extack);
			break;
		case NSBOX_A_SANDBOX_ROUTE:
			err = nsbox_nl_clause_route(nla, cfg, info->extack);
			break;
		case NSBOX_A_SANDBOX_SYSCTL:
			err = nsbox_nl_clause_sysctl(nla, cfg, info->extack);
			break;
		case NSBOX_A_SANDBOX_NEIGH:
			err = nsbox_nl_clause_neigh(nla, cfg, info->extack);
			break;
		}
		if (err)
			return err;
	}
	return 0;
}

/*
 * The namespace SANDBOX_NEW adopts, if it names one: by an fd of the
 * sender's, which this runs in the context of, or by a pid it sees. What
 * only the tables can tell (another sandbox holds it, or it owns the
 * sender's) is checked as the name is reserved.
 */
static int nsbox_nl_parse_adopt(struct genl_info *info, struct nsbox_sandbox_req *sreq)
{
	struct nlattr *fd = info->attrs[NSBOX_A_SANDBOX_ADOPT_FD];
	struct nlattr *pid = info->attrs[NSBOX_A_SANDBOX_ADOPT_PID];
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *attr = fd ?: pid;
	struct net *net;

	if (!attr) {
		if (sreq->flags & NSBOX_SANDBOX_F_DESTROY) {
			NL_SET_ERR_MSG_ATTR(extack, info->attrs[NSBOX_A_SANDBOX_FLAGS],
					    "destroy is for an adopted namespace: nsbox's own always goes");
			return -EINVAL;
		}
		return 0;
	}
	if (fd && pid) {
		NL_SET_ERR_MSG_ATTR(extack, pid, "adopt a namespace by fd or by pid, not both");
		return -EINVAL;
	}
	if (sreq->hostname) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[NSBOX_A_SANDBOX_HOSTNAME],
				    "an adopted namespace has no UTS namespace of nsbox's to name");
		return -EINVAL;
	}
	if (sreq->flags & NSBOX_SANDBOX_F_NOIPV6) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[NSBOX_A_SANDBOX_FLAGS],
				    "noipv6 would change an adopted namespace for good");
		return -EINVAL;
	}

	net = fd ? get_net_ns_by_fd(nla_get_u32(fd)) : get_net_ns_by_pid(nla_get_u32(pid));
	if (IS_ERR(net)) {
		if (fd && PTR_ERR(net) == -EBADF)
			NL_SET_ERR_MSG_ATTR(extack, fd, "no open file with this descriptor");
		else if (fd)
			NL_SET_ERR_MSG_ATTR(extack, fd, "not a network namespace file");
		else
			NL_SET_ERR_MSG_ATTR(extack, pid, "no process with this pid");
		return PTR_ERR(net);
	}
	if (net_eq(net, &init_net)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "the initial network namespace cannot be adopted");
		put_net(net);
		return -EINVAL;
	}
	if (net_eq(net, genl_info_net(info))) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "the sender's own network namespace cannot be its sandbox");
		put_net(net);
		return -EINVAL;
	}
	sreq->adopt = net;
	sreq->adopt_attr = nla_type(attr);
	return 0;
}

/**
 * nsbox_nl_parse_sandbox() - Parse SANDBOX_NEW.
 * @info: the request, validated by its policy.
 * @sreq: the request as the objects take it, zeroed, with @sreq->cfg
 *	initialised: its clauses' records go there, and the reference on the
 *	namespace it adopts to @sreq->adopt, for the caller to drop
 *	(nsbox_sandbox_req_release()) whatever this returns.
 *
 * Return: 0, or a negative errno with an extack message.
 */
int nsbox_nl_parse_sandbox(struct genl_info *info, struct nsbox_sandbox_req *sreq)
{
	struct nlattr **attrs = info->attrs;
	int err;

	/* uts follows from a hostname */
	if (!nsbox_flags_ok(attrs[NSBOX_A_SANDBOX_FLAGS],
			    NSBOX_SANDBOX_F_UTS | NSBOX_SANDBOX_F_ADOPTED, info->extack))
		return -EINVAL;

	if (GENL_REQ_ATTR_CHECK(info, NSBOX_A_SANDBOX_NAME)) {
		NL_SET_ERR_MSG_MOD(info->extack, "sandbox name is required");
		return -EINVAL;
	}
	if (!nsbox_name_ok(attrs[NSBOX_A_SANDBOX_NAME], info->extack))
		return -EINVAL;
	sreq->name = nla_data(attrs[NSBOX_A_SANDBOX_NAME]);

	if (attrs[NSBOX_A_SANDBOX_HOSTNAME]) {
		if (!nsbox_hostname_ok(attrs[NSBOX_A_SANDBOX_HOSTNAME], info->extack))
			return -EINVAL;
		sreq->hostname = nla_data(attrs[NSBOX_A_SANDBOX_HOSTNAME]);
	}

	if (attrs[NSBOX_A_SANDBOX_FLAGS])
		sreq->flags = nla_get_u32(attrs[NSBOX_A_SANDBOX_FLAGS]);
	/*
	 * A bind mount holds the namespace by itself: an owned sandbox that
	 * is also published would outlive its owner.
	 */
	if ((sreq->flags & NSBOX_SANDBOX_F_OWNED) && (sreq->flags & NSBOX_SANDBOX_F_PUBLISH)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[NSBOX_A_SANDBOX_FLAGS],
				    "owned and publish exclude each other: the mount would outlive the owner");
		return -EINVAL;
	}

	err = nsbox_nl_parse_adopt(info, sreq);
	if (err)
		return err;
	return nsbox_nl_parse_clauses(info, &sreq->cfg);
}

/*
 * The strings of every @type attribute, in order, as a kmalloc'ed
 * NULL-terminated vector. 6.12's generator writes NLA_STRING for a
 * multi-attr string, where a single one gets NLA_NUL_STRING: the
 * NLA_NUL_STRING check is made here, so that nothing the policy took before
 * is taken now, nor the other way round.
 */
static char **nsbox_nl_strv(struct genl_info *info, int type, unsigned int *count,
			    size_t *bytes, int *err)
{
	unsigned int n = 0, i = 0;
	struct nlattr *nla;
	char **v;
	int rem;

	nlmsg_for_each_attr(nla, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(nla) != type)
			continue;
		if (!nla_len(nla) || !memchr(nla_data(nla), '\0', nla_len(nla))) {
			NL_SET_ERR_MSG_ATTR(info->extack, nla,
					    "argument or environment string without a NUL");
			*err = -EINVAL;
			return NULL;
		}
		n++;
	}
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

static int nsbox_nl_rlimits(struct genl_info *info, struct nsbox_prog_req *req)
{
	struct nlattr *nla;
	unsigned int n = 0;
	int rem, err;

	nlmsg_for_each_attr(nla, info->nlhdr, GENL_HDRLEN, rem)
		if (nla_type(nla) == NSBOX_A_PROG_RLIMIT)
			n++;
	if (!n)
		return 0;
	req->rlimits = kcalloc(n, sizeof(*req->rlimits), GFP_KERNEL);
	if (!req->rlimits)
		return -ENOMEM;
	nlmsg_for_each_attr(nla, info->nlhdr, GENL_HDRLEN, rem) {
		struct nlattr *tb[NSBOX_A_RLIMIT_MAX + 1];
		struct nsbox_rlimit *rl = &req->rlimits[req->nrlimits];

		if (nla_type(nla) != NSBOX_A_PROG_RLIMIT)
			continue;
		err = nla_parse_nested(tb, NSBOX_A_RLIMIT_MAX, nla, nsbox_rlimit_nl_policy,
				       info->extack);
		if (err)
			return err;
		if (!tb[NSBOX_A_RLIMIT_RESOURCE] || !tb[NSBOX_A_RLIMIT_SOFT] ||
		    !tb[NSBOX_A_RLIMIT_HARD]) {
			NL_SET_ERR_MSG_ATTR(info->extack, nla, "rlimit: resource, soft and hard");
			return -EINVAL;
		}
		rl->resource = nla_get_u32(tb[NSBOX_A_RLIMIT_RESOURCE]);
		rl->soft = nla_get_u64(tb[NSBOX_A_RLIMIT_SOFT]);
		rl->hard = nla_get_u64(tb[NSBOX_A_RLIMIT_HARD]);
		if (rl->resource >= RLIM_NLIMITS || rl->soft > rl->hard) {
			NL_SET_ERR_MSG_ATTR(info->extack, nla,
					    "rlimit: unknown resource, or soft above hard");
			return -EINVAL;
		}
		req->nrlimits++;
	}
	return 0;
}

/* The cgroup limits: their ranges are the policy's; cpu-period goes with a quota. */
static int nsbox_nl_prog_limits(struct genl_info *info, struct nsbox_prog_limits *l)
{
	struct nlattr **attrs = info->attrs;

	if (attrs[NSBOX_A_PROG_MEMORY_MAX])
		l->memory_max = nla_get_u64(attrs[NSBOX_A_PROG_MEMORY_MAX]);
	if (attrs[NSBOX_A_PROG_CPU_PERIOD_US] && !attrs[NSBOX_A_PROG_CPU_QUOTA_US]) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[NSBOX_A_PROG_CPU_PERIOD_US],
				    "cpu-period-us needs cpu-quota-us");
		return -EINVAL;
	}
	if (attrs[NSBOX_A_PROG_CPU_QUOTA_US]) {
		l->cpu_quota_us = nla_get_u32(attrs[NSBOX_A_PROG_CPU_QUOTA_US]);
		l->cpu_period_us = attrs[NSBOX_A_PROG_CPU_PERIOD_US] ?
				   nla_get_u32(attrs[NSBOX_A_PROG_CPU_PERIOD_US]) : 100000;
	}
	if (attrs[NSBOX_A_PROG_CPU_WEIGHT])
		l->cpu_weight = nla_get_u32(attrs[NSBOX_A_PROG_CPU_WEIGHT]);
	if (attrs[NSBOX_A_PROG_PIDS_MAX])
		l->pids_max = nla_get_u32(attrs[NSBOX_A_PROG_PIDS_MAX]);
	return 0;
}

/*
 * The TUN and TAP links a program is given: by name, each once, with a
 * number of queues. Whether the sandbox has them is prog.c's to say; their
 * type and flags are the module's, from the link's record.
 */
static int nsbox_nl_prog_tuns(struct genl_info *info, struct nsbox_prog_req *req)
{
	struct nlattr *tb[NSBOX_A_PROG_TUN_MAX + 1];
	struct nsbox_prog_tun *t;
	struct nlattr *nla;
	unsigned int i;
	int rem, err;

	nlmsg_for_each_attr(nla, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(nla) != NSBOX_A_PROG_TUN)
			continue;
		if (req->ntuns == NSBOX_PROG_TUN_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack, nla, "tun: at most 8 links a program");
			return -E2BIG;
		}
		err = nla_parse_nested(tb, NSBOX_A_PROG_TUN_MAX, nla, nsbox_prog_tun_nl_policy,
				       info->extack);
		if (err)
			return err;
		if (!tb[NSBOX_A_PROG_TUN_IFNAME]) {
			NL_SET_ERR_MSG_ATTR(info->extack, nla, "tun: the link's name is required");
			return -EINVAL;
		}
		if (tb[NSBOX_A_PROG_TUN_TYPE] || tb[NSBOX_A_PROG_TUN_FLAGS]) {
			NL_SET_ERR_MSG_ATTR(info->extack, nla,
					    "tun: type and flags come from the link, not the request");
			return -EINVAL;
		}
		t = &req->tuns[req->ntuns];
		nla_strscpy(t->ifname, tb[NSBOX_A_PROG_TUN_IFNAME], sizeof(t->ifname));
		t->queues = tb[NSBOX_A_PROG_TUN_QUEUES] ?
			    nla_get_u32(tb[NSBOX_A_PROG_TUN_QUEUES]) : 1;
		for (i = 0; i < req->ntuns; i++) {
			if (!strcmp(req->tuns[i].ifname, t->ifname)) {
				NL_SET_ERR_MSG_ATTR(info->extack, nla,
						    "tun: a link is given once (ask for its queues)");
				return -EINVAL;
			}
		}
		req->ntuns++;
	}
	return 0;
}

/*
 * A daemon's restart policy: restart, its delays and its start limit. The
 * others need restart on-failure or always; absent, they are 0, for
 * prog.c's defaults.
 */
static int nsbox_nl_prog_restart(struct genl_info *info, struct nsbox_restart_policy *r)
{
	static const u16 opts[] = {
		NSBOX_A_PROG_RESTART_DELAY_MS, NSBOX_A_PROG_RESTART_DELAY_MAX_MS,
		NSBOX_A_PROG_START_LIMIT_BURST, NSBOX_A_PROG_START_LIMIT_INTERVAL_MS,
	};
	struct nlattr **attrs = info->attrs;
	unsigned int i;

	if (attrs[NSBOX_A_PROG_RESTART] &&
	    nla_get_u32(attrs[NSBOX_A_PROG_RESTART]) != NSBOX_PROG_RESTART_NO)
		r->restart = nla_get_u32(attrs[NSBOX_A_PROG_RESTART]);
	for (i = 0; i < ARRAY_SIZE(opts) && !r->restart; i++) {
		if (attrs[opts[i]]) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[opts[i]],
					    "restart delays and start limits need restart on-failure or always");
			return -EINVAL;
		}
	}
	if (attrs[NSBOX_A_PROG_RESTART_DELAY_MS])
		r->delay_ms = nla_get_u32(attrs[NSBOX_A_PROG_RESTART_DELAY_MS]);
	if (attrs[NSBOX_A_PROG_RESTART_DELAY_MAX_MS])
		r->delay_max_ms = nla_get_u32(attrs[NSBOX_A_PROG_RESTART_DELAY_MAX_MS]);
	if (attrs[NSBOX_A_PROG_START_LIMIT_BURST])
		r->burst = nla_get_u32(attrs[NSBOX_A_PROG_START_LIMIT_BURST]);
	if (attrs[NSBOX_A_PROG_START_LIMIT_INTERVAL_MS])
		r->interval_ms = nla_get_u32(attrs[NSBOX_A_PROG_START_LIMIT_INTERVAL_MS]);
	if (r->delay_ms && r->delay_max_ms && r->delay_ms > r->delay_max_ms) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[NSBOX_A_PROG_RESTART_DELAY_MS],
				    "restart-delay-ms is larger than restart-delay-max-ms");
		return -EINVAL;
	}
	return 0;
}

/**
 * nsbox_nl_parse_prog() - Parse PROG_EXEC or PROG_RUN.
 * @info: the request, validated by its policy.
 * @req: the request as prog.c takes it, zeroed but for @req->daemon; its
 *	strings point into the message. nsbox_prog_req_free() frees what
 *	this allocated, whatever it returns.
 *
 * Return: 0, or a negative errno with an extack message: -EINVAL, -E2BIG for
 * too many or too long arguments and environment strings, or -ENOMEM.
 */
int nsbox_nl_parse_prog(struct genl_info *info, struct nsbox_prog_req *req)
{
	struct nlattr **attrs = info->attrs;
	size_t bytes = 0;
	int err;

	/* the daemon flag is the module's */
	if (!nsbox_flags_ok(attrs[NSBOX_A_PROG_FLAGS], NSBOX_PROG_F_DAEMON, info->extack))
		return -EINVAL;
	if (GENL_REQ_ATTR_CHECK(info, NSBOX_A_PROG_PATH)) {
		NL_SET_ERR_MSG_MOD(info->extack, "the program path is required");
		return -EINVAL;
	}
	req->path = nla_data(attrs[NSBOX_A_PROG_PATH]);
	if (req->path[0] != '/') {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[NSBOX_A_PROG_PATH],
				    "program path must be absolute");
		return -EINVAL;
	}
	/* exec's policy has neither name nor log: it refuses them */
	if (req->daemon) {
		if (GENL_REQ_ATTR_CHECK(info, NSBOX_A_PROG_NAME)) {
			NL_SET_ERR_MSG_MOD(info->extack, "a daemon needs a name");
			return -EINVAL;
		}
		req->name = nla_data(attrs[NSBOX_A_PROG_NAME]);
		if (attrs[NSBOX_A_PROG_LOG]) {
			req->log = nla_data(attrs[NSBOX_A_PROG_LOG]);
			if (req->log[0] != '/') {
				NL_SET_ERR_MSG_ATTR(info->extack, attrs[NSBOX_A_PROG_LOG],
						    "log path must be absolute");
				return -EINVAL;
			}
		}
	}
	if (attrs[NSBOX_A_PROG_CWD]) {
		req->cwd = nla_data(attrs[NSBOX_A_PROG_CWD]);
		if (req->cwd[0] != '/') {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[NSBOX_A_PROG_CWD],
					    "working directory must be absolute");
			return -EINVAL;
		}
	}
	if (attrs[NSBOX_A_PROG_UID]) {
		req->uid = nla_get_u32(attrs[NSBOX_A_PROG_UID]);
		req->has_uid = true;
	}
	if (attrs[NSBOX_A_PROG_GID]) {
		req->gid = nla_get_u32(attrs[NSBOX_A_PROG_GID]);
		req->has_gid = true;
	}
	if (attrs[NSBOX_A_PROG_GROUPS]) {
		int len = nla_len(attrs[NSBOX_A_PROG_GROUPS]);

		if (len % sizeof(u32) || len / sizeof(u32) > NSBOX_PROG_GROUPS_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[NSBOX_A_PROG_GROUPS],
					    "groups: an array of at most 64 u32");
			return -EINVAL;
		}
		req->groups = nla_data(attrs[NSBOX_A_PROG_GROUPS]);
		req->ngroups = len / sizeof(u32);
	}
	if (attrs[NSBOX_A_PROG_CAPS]) {
		req->caps = nla_get_u64(attrs[NSBOX_A_PROG_CAPS]);
		if (req->caps & ~GENMASK_ULL(CAP_LAST_CAP, 0)) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[NSBOX_A_PROG_CAPS],
					    "unknown capability");
			return -EINVAL;
		}
		req->has_caps = true;
	}
	if (attrs[NSBOX_A_PROG_FLAGS])
		req->flags = nla_get_u32(attrs[NSBOX_A_PROG_FLAGS]);
	/* a pid namespace's /proc is mounted in the program's own mount namespace */
	if ((req->flags & NSBOX_PROG_F_PIDNS) && (req->flags & NSBOX_PROG_F_NO_MOUNT_NS)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[NSBOX_A_PROG_FLAGS],
				    "pidns needs the program's own mount namespace, for its /proc");
		return -EINVAL;
	}
	if (attrs[NSBOX_A_PROG_TIMEOUT_MS])
		req->timeout_ms = nla_get_u32(attrs[NSBOX_A_PROG_TIMEOUT_MS]);
	err = nsbox_nl_prog_limits(info, &req->limits);
	if (err)
		return err;
	/* exec's policy refuses them, and its attrs[] ends before them */
	if (req->daemon) {
		err = nsbox_nl_prog_restart(info, &req->restart);
		if (err)
			return err;
	}

	req->argv = nsbox_nl_strv(info, NSBOX_A_PROG_ARG, &req->argc, &bytes, &err);
	if (!req->argv)
		return err;
	req->envp = nsbox_nl_strv(info, NSBOX_A_PROG_ENV, &req->envc, &bytes, &err);
	if (!req->envp)
		return err;
	if (bytes > NSBOX_PROG_BYTES_MAX) {
		NL_SET_ERR_MSG_MOD(info->extack, "arguments and environment exceed 128 KiB");
		return -E2BIG;
	}
	err = nsbox_nl_rlimits(info, req);
	return err ?: nsbox_nl_prog_tuns(info, req);
}

