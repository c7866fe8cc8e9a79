// SPDX-License-Identifier: GPL-2.0
/*
 * The nsbox generic netlink family: policies, operations, replies and events.
 *
 * Documentation/netlink/specs/nsbox.yaml describes this family. The ops
 * table and the policies, one per op with only that op's attributes, are
 * generated from it into netlink-gen.c and netlink-gen.h by the kernel's
 * ynl-gen-c.py (scripts/ynl-regen.sh; never edit them by hand): this file
 * holds the handlers they name, nsbox_nl_<op>_doit() and _dumpit(), and the
 * family. Validation lives in the policies (strict: an attribute that is not
 * the op's, a bad type or length is refused by the core with an extack
 * message); handlers check only what a policy cannot express. The family
 * runs with parallel_ops: handlers that wait for a helper do so without
 * genl_mutex, under nsbox's own rules.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/module.h>
#include <linux/signal.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "nsbox.h"
#include "netlink-gen.h"
#include "netlink.h"

static bool nsbox_family_registered;

/*
 * Not the generated nsbox_nl_mcgrps: 6.12's generator leaves out the group's
 * admin-perm flag, and events name every sandbox and its owner.
 */
static const struct genl_multicast_group nsbox_mcgrps[] = {
	[NSBOX_NLGRP_EVENTS] = {
		.name = NSBOX_MCGRP_EVENTS,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

/*
 * An op whose request lists no attributes (info-get, sandbox-get's dump)
 * gets no generated policy, and 6.12's genl, unlike 6.1's, fills in its
 * reject-all policy for such a split op only when it dumps the policies,
 * not when it serves the request: the attributes would be ignored. They
 * are refused here, pointing at the first.
 */
static int nsbox_no_attrs(const struct nlmsghdr *nlh, struct netlink_ext_ack *extack)
{
	if (!nlmsg_attrlen(nlh, GENL_HDRLEN))
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, nlmsg_attrdata(nlh, GENL_HDRLEN),
			    "this operation takes no attributes");
	return -EINVAL;
}

/**
 * nsbox_nl_info_get_doit() - INFO_GET: the module's version, limits and counts.
 * @skb: the request.
 * @info: the request, parsed.
 *
 * Return: 0, or a negative errno with an extack message.
 */
int nsbox_nl_info_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = nsbox_no_attrs(info->nlhdr, info->extack);
	if (err)
		return err;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &nsbox_family, 0, NSBOX_CMD_INFO_GET);
	if (!hdr)
		goto nospace;

	if (nla_put_string(msg, NSBOX_A_INFO_MODULE_VERSION, NSBOX_VERSION) ||
	    nla_put_u32(msg, NSBOX_A_INFO_FAMILY_VERSION, NSBOX_GENL_VERSION) ||
	    nla_put_string(msg, NSBOX_A_INFO_HELPER_PATH, nsbox_helper_path) ||
	    nla_put_u32(msg, NSBOX_A_INFO_HELPER_TIMEOUT_MS,
			READ_ONCE(nsbox_helper_timeout_ms)) ||
	    nla_put_u32(msg, NSBOX_A_INFO_MAX_SANDBOXES,
			READ_ONCE(nsbox_max_sandboxes)) ||
	    nla_put_u32(msg, NSBOX_A_INFO_SANDBOXES, nsbox_sandbox_count()) ||
	    nla_put_u32(msg, NSBOX_A_INFO_HELPERS, nsbox_helper_count()) ||
	    nla_put_u32(msg, NSBOX_A_INFO_NAME_MAX, NSBOX_NAME_MAX))
		goto nospace;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nospace:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/* ---- the request's sender, and its errors ---- */

static void nsbox_nl_caller(struct nsbox_caller *c, struct genl_info *info)
{
	c->net = genl_info_net(info);
	c->portid = info->snd_portid;
	c->extack = info->extack;
	c->bad_attr = 0;
	c->reply = NULL;
}

/*
 * Point the extack at the attribute an object named by its type. Objects
 * only name attributes of the op they serve, which its policy sized
 * info->attrs[] for.
 */
static int nsbox_nl_done(struct genl_info *info, const struct nsbox_caller *c, int err)
{
	if (err && c->bad_attr && info->attrs[c->bad_attr])
		NL_SET_BAD_ATTR(info->extack, info->attrs[c->bad_attr]);
	return err;
}

/*
 * Programs run as full root unless told otherwise, so whatever starts one or
 * makes one get a signal (kill, or deleting its sandbox) takes CAP_SYS_ADMIN
 * in the initial user namespace, on the socket and the caller, besides the
 * CAP_NET_ADMIN of every op: signalling another user's process takes more
 * than CAP_NET_ADMIN anywhere else.
 */
static bool nsbox_may_signal(struct sk_buff *skb)
{
	return netlink_capable(skb, CAP_SYS_ADMIN);
}

/* ---- the target sandbox: one lookup, in pre_doit ---- */

/*
 * The sandbox each op acts on: which attributes name it (by id or by name;
 * an op with an id attribute takes exactly one of the two), what it must be
 * (NSBOX_NEED_*), and whether the op launches or signals programs.
 */
struct nsbox_nl_target {
	u16	id_attr;
	u16	name_attr;
	u8	need;
	bool	launches;
};

#define NSBOX_NEED_ALL	(NSBOX_NEED_READY | NSBOX_NEED_CHANGE)

static const struct nsbox_nl_target nsbox_nl_targets[] = {
	[NSBOX_CMD_SANDBOX_DEL]	= { NSBOX_A_SANDBOX_ID, NSBOX_A_SANDBOX_NAME, NSBOX_NEED_ALL },
	/* a sandbox being created can be shown; fds need it ready */
	[NSBOX_CMD_SANDBOX_GET]	= { NSBOX_A_SANDBOX_ID, NSBOX_A_SANDBOX_NAME, 0 },
	[NSBOX_CMD_LINK_NEW]	= { 0, NSBOX_A_LINK_SANDBOX, NSBOX_NEED_ALL },
	[NSBOX_CMD_LINK_DEL]	= { 0, NSBOX_A_LINK_SANDBOX, NSBOX_NEED_ALL },
	[NSBOX_CMD_LINK_SET]	= { 0, NSBOX_A_LINK_SANDBOX, NSBOX_NEED_ALL },
	[NSBOX_CMD_ADDR_NEW]	= { 0, NSBOX_A_ADDR_SANDBOX, NSBOX_NEED_ALL },
	[NSBOX_CMD_ADDR_DEL]	= { 0, NSBOX_A_ADDR_SANDBOX, NSBOX_NEED_ALL },
	[NSBOX_CMD_ROUTE_NEW]	= { 0, NSBOX_A_ROUTE_SANDBOX, NSBOX_NEED_ALL },
	[NSBOX_CMD_ROUTE_DEL]	= { 0, NSBOX_A_ROUTE_SANDBOX, NSBOX_NEED_ALL },
	[NSBOX_CMD_PROG_EXEC]	= { 0, NSBOX_A_PROG_SANDBOX, NSBOX_NEED_ALL, true },
	[NSBOX_CMD_PROG_RUN]	= { 0, NSBOX_A_PROG_SANDBOX, NSBOX_NEED_ALL, true },
	[NSBOX_CMD_PROG_KILL]	= { 0, NSBOX_A_PROG_SANDBOX, NSBOX_NEED_ALL, true },
	[NSBOX_CMD_LINK_MOVE]	= { 0, NSBOX_A_LINK_SANDBOX, NSBOX_NEED_ALL },
	[NSBOX_CMD_LINK_RELEASE] = { 0, NSBOX_A_LINK_SANDBOX, NSBOX_NEED_ALL },
	[NSBOX_CMD_SYSCTL_SET]	= { 0, NSBOX_A_SYSCTL_SANDBOX, NSBOX_NEED_ALL },
	[NSBOX_CMD_NEIGH_NEW]	= { 0, NSBOX_A_NEIGH_SANDBOX, NSBOX_NEED_ALL },
	[NSBOX_CMD_NEIGH_DEL]	= { 0, NSBOX_A_NEIGH_SANDBOX, NSBOX_NEED_ALL },
};

static struct nsbox_sandbox *nsbox_nl_sandbox(struct genl_info *info)
{
	return info->user_ptr[0];
}

/**
 * nsbox_nl_pre_doit() - Resolve the sandbox an op acts on, before its handler.
 * @ops: the op.
 * @skb: the request.
 * @info: the request, parsed and validated by its policy.
 *
 * The one lookup rule of the family: the sandbox is looked up in the
 * sender's network namespace, by id or name, and must be ready and not owned
 * by another socket unless the op only shows it. Ops that launch or signal
 * programs take CAP_SYS_ADMIN, checked first. The handler finds the sandbox,
 * referenced, in info->user_ptr[0]; nsbox_nl_post_doit() drops it.
 *
 * Return: 0, or a negative errno with an extack message: -EPERM without
 * CAP_SYS_ADMIN or for another socket's sandbox, -EINVAL unless exactly
 * one of id and name is given, -ENOENT if there is no such sandbox, -EBUSY
 * if it is still being created.
 */
int nsbox_nl_pre_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		      struct genl_info *info)
{
	u8 cmd = info->genlhdr->cmd;
	const struct nsbox_nl_target *t;
	struct nlattr *id, *name, *attr;
	struct nsbox_sandbox *sb;
	struct nsbox_caller c;
	unsigned int need;

	info->user_ptr[0] = NULL;
	if (cmd >= ARRAY_SIZE(nsbox_nl_targets) || !nsbox_nl_targets[cmd].name_attr)
		return 0;
	t = &nsbox_nl_targets[cmd];

	if (t->launches && !nsbox_may_signal(skb)) {
		if (cmd == NSBOX_CMD_PROG_KILL)
			NL_SET_ERR_MSG_MOD(info->extack, "signalling programs needs CAP_SYS_ADMIN");
		else
			NL_SET_ERR_MSG_MOD(info->extack, "launching programs needs CAP_SYS_ADMIN");
		return -EPERM;
	}

	id = t->id_attr ? info->attrs[t->id_attr] : NULL;
	name = info->attrs[t->name_attr];
	if (t->id_attr && !id == !name) {
		NL_SET_ERR_MSG_MOD(info->extack, "give exactly one of sandbox id and name");
		return -EINVAL;
	}
	if (!t->id_attr && GENL_REQ_ATTR_CHECK(info, t->name_attr)) {
		NL_SET_ERR_MSG_MOD(info->extack, "the sandbox name is required");
		return -EINVAL;
	}
	attr = id ?: name;

	need = t->need;
	if (cmd == NSBOX_CMD_SANDBOX_GET && info->attrs[NSBOX_A_SANDBOX_WANT_NSFDS])
		need |= NSBOX_NEED_READY;

	nsbox_nl_caller(&c, info);
	nsbox_sandbox_lock();
	sb = nsbox_sandbox_lookup(&c, id ? nla_get_u32(id) : 0, id ? NULL : nla_data(name),
				  need);
	nsbox_sandbox_unlock();
	if (IS_ERR(sb)) {
		struct netlink_ext_ack *extack = info->extack;

		switch (PTR_ERR(sb)) {
		case -ENOENT:
			if (id)
				NL_SET_ERR_MSG_ATTR(extack, attr, "no sandbox with this id");
			else
				NL_SET_ERR_MSG_ATTR(extack, attr, "no sandbox with this name");
			break;
		case -EBUSY:
			NL_SET_ERR_MSG_ATTR(extack, attr, "sandbox is still being created");
			break;
		case -EPERM:
			NL_SET_ERR_MSG_ATTR(extack, attr, "sandbox is owned by another socket");
			break;
		}
		return PTR_ERR(sb);
	}
	info->user_ptr[0] = sb;
	return 0;
}

/**
 * nsbox_nl_post_doit() - Drop the sandbox nsbox_nl_pre_doit() resolved.
 * @ops: the op.
 * @skb: the request.
 * @info: the request.
 *
 * Context: no nsbox lock held: this may be the last reference.
 */
void nsbox_nl_post_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
			struct genl_info *info)
{
	struct nsbox_sandbox *sb = nsbox_nl_sandbox(info);

	if (sb)
		nsbox_sandbox_put(sb);
}

/* ---- sandboxes ---- */

/* The request a handler serves, behind its caller: for the reply hooks. */
struct nsbox_nl_request {
	struct nsbox_caller	c;
	struct genl_info	*info;
	bool			want_fds;
};

/* SANDBOX_NEW's reply, sent by nsbox_sandbox_new() once the sandbox is ready */
static int nsbox_nl_sandbox_ready(struct nsbox_caller *c, const void *obj)
{
	struct nsbox_nl_request *req = container_of(c, struct nsbox_nl_request, c);

	return nsbox_nl_reply_sandbox(req->info, obj, req->want_fds);
}

/**
 * nsbox_nl_sandbox_new_doit() - SANDBOX_NEW: create a sandbox with its links, addresses and routes.
 * @skb: the request.
 * @info: the request, parsed.
 *
 * Return: 0, or a negative errno with an extack message, as for nsbox_sandbox_new().
 */
int nsbox_nl_sandbox_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nsbox_sandbox_req sreq = {};
	struct nsbox_nl_request req;
	int err;

	/*
	 * Adopting takes over a namespace someone else made, as setns(2)
	 * would, and lets nsbox configure (and with destroy, empty) it: no
	 * less than CAP_SYS_ADMIN, checked before the fd or pid is looked at.
	 */
	if ((info->attrs[NSBOX_A_SANDBOX_ADOPT_FD] || info->attrs[NSBOX_A_SANDBOX_ADOPT_PID]) &&
	    !netlink_capable(skb, CAP_SYS_ADMIN)) {
		NL_SET_ERR_MSG_MOD(info->extack, "adopting a namespace needs CAP_SYS_ADMIN");
		return -EPERM;
	}
	nsbox_cfg_init(&sreq.cfg);
	err = nsbox_nl_parse_sandbox(info, &sreq);
	if (!err) {
		nsbox_nl_caller(&req.c, info);
		req.c.reply = nsbox_nl_sandbox_ready;
		req.info = info;
		req.want_fds = sreq.flags & NSBOX_SANDBOX_F_PUBLISH;
		err = nsbox_nl_done(info, &req.c, nsbox_sandbox_new(&req.c, &sreq));
	}
	nsbox_sandbox_req_release(&sreq);
	return err;
}

/**
 * nsbox_nl_sandbox_del_doit() - SANDBOX_DEL: delete the sandbox pre_doit resolved.
 * @skb: the request.
 * @info: the request, parsed.
 *
 * Return: 0, or a negative errno with an extack message, as for nsbox_sandbox_del().
 */
int nsbox_nl_sandbox_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nsbox_caller c;

	nsbox_nl_caller(&c, info);
	return nsbox_nl_done(info, &c, nsbox_sandbox_del(&c, nsbox_nl_sandbox(info),
							 nsbox_may_signal(skb)));
}

/**
 * nsbox_nl_sandbox_get_doit() - SANDBOX_GET: reply with the sandbox pre_doit resolved.
 * @skb: the request.
 * @info: the request, parsed.
 *
 * Return: 0, or a negative errno with an extack message.
 */
int nsbox_nl_sandbox_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nsbox_sandbox *sb = nsbox_nl_sandbox(info);
	int err;

	nsbox_sandbox_lock();
	if (sb->unlinked) {
		/* deleted since it was looked up */
		NL_SET_ERR_MSG_MOD(info->extack, "no such sandbox any more");
		err = -ENOENT;
	} else {
		err = nsbox_nl_reply_sandbox(info, sb, info->attrs[NSBOX_A_SANDBOX_WANT_NSFDS]);
	}
	nsbox_sandbox_unlock();
	return err;
}

/**
 * nsbox_nl_sandbox_get_dumpit() - SANDBOX_GET dump: the caller's sandboxes.
 * @skb: the part of the dump to fill.
 * @cb: the dump's state.
 *
 * Return: as for nsbox_nl_dump_sandboxes(); -EINVAL if the request carries
 * attributes.
 */
int nsbox_nl_sandbox_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	/* the request is the same for every part: the first call refuses it */
	int err = nsbox_no_attrs(cb->nlh, cb->extack);

	return err ?: nsbox_nl_dump_sandboxes(skb, cb);
}

/* ---- links, addresses, routes ---- */

/**
 * nsbox_nl_link_new_doit() - LINK_NEW: create a link in a sandbox.
 * @skb: the request.
 * @info: the request, parsed.
 *
 * Return: 0, or a negative errno with an extack message, as for nsbox_link_new().
 */
int nsbox_nl_link_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nsbox_caller c;
	struct nsbox_link *l;
	int err;

	l = nsbox_link_alloc();
	if (!l)
		return -ENOMEM;
	err = nsbox_nl_parse_link(info->attrs, NULL, l, info->extack);
	if (err) {
		nsbox_link_free(l);
		return err;
	}
	nsbox_nl_caller(&c, info);
	return nsbox_nl_done(info, &c, nsbox_link_new(&c, nsbox_nl_sandbox(info), l));
}

/**
 * nsbox_nl_link_del_doit() - LINK_DEL: delete a link nsbox made.
 * @skb: the request.
 * @info: the request, parsed.
 *
 * Return: 0, or a negative errno with an extack message, as for nsbox_link_del().
 */
int nsbox_nl_link_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nsbox_caller c;

	if (GENL_REQ_ATTR_CHECK(info, NSBOX_A_LINK_IFNAME)) {
		NL_SET_ERR_MSG_MOD(info->extack, "link: interface name is required");
		return -EINVAL;
	}
	nsbox_nl_caller(&c, info);
	return nsbox_nl_done(info, &c, nsbox_link_del(&c, nsbox_nl_sandbox(info),
						      nla_data(info->attrs[NSBOX_A_LINK_IFNAME])));
}

/**
 * nsbox_nl_link_move_doit() - LINK_MOVE: move a host device into a sandbox.
 * @skb: the request.
 * @info: the request, parsed.
 *
 * Return: 0, or a negative errno with an extack message, as for nsbox_link_new().
 */
int nsbox_nl_link_move_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nsbox_caller c;
	struct nsbox_link *l;
	int err;

	l = nsbox_link_alloc();
	if (!l)
		return -ENOMEM;
	err = nsbox_nl_parse_link_move(info->attrs, l, info->extack);
	if (err) {
		nsbox_link_free(l);
		return err;
	}
	nsbox_nl_caller(&c, info);
	return nsbox_nl_done(info, &c, nsbox_link_new(&c, nsbox_nl_sandbox(info), l));
}

/**
 * nsbox_nl_link_release_doit() - LINK_RELEASE: send a host device back.
 * @skb: the request.
 * @info: the request, parsed.
 *
 * Return: 0, or a negative errno with an extack message, as for nsbox_link_release().
 */
int nsbox_nl_link_release_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nsbox_caller c;
	const char *ifname;

	if (GENL_REQ_ATTR_CHECK(info, NSBOX_A_LINK_IFNAME)) {
		NL_SET_ERR_MSG_MOD(info->extack, "link: interface name is required");
		return -EINVAL;
	}
	ifname = nla_data(info->attrs[NSBOX_A_LINK_IFNAME]);
	nsbox_nl_caller(&c, info);
	return nsbox_nl_done(info, &c, nsbox_link_release(&c, nsbox_nl_sandbox(info), ifname));
}

/**
 * nsbox_nl_link_set_doit() - LINK_SET: change a link nsbox made.
 * @skb: the request.
 * @info: the request, parsed.
 *
 * Return: 0, or a negative errno with an extack message, as for nsbox_link_set().
 */
int nsbox_nl_link_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nsbox_link_change ch = {};
	struct nsbox_caller c;
	int err;

	err = nsbox_nl_parse_link_set(info, &ch);
	if (err)
		return err;
	nsbox_nl_caller(&c, info);
	return nsbox_nl_done(info, &c, nsbox_link_set(&c, nsbox_nl_sandbox(info), &ch));
}

static int nsbox_nl_addr(struct genl_info *info, bool add)
{
	/* addr-del's policy has no replace: its attrs[] ends before it */
	bool replace = add && nla_get_flag(info->attrs[NSBOX_A_ADDR_REPLACE]);
	struct nsbox_caller c;
	struct nsbox_addr *a;
	int err;

	a = nsbox_addr_alloc();
	if (!a)
		return -ENOMEM;
	err = nsbox_nl_parse_addr(info->attrs, NULL, a, info->extack);
	if (err) {
		nsbox_addr_free(a);
		return err;
	}
	nsbox_nl_caller(&c, info);
	return nsbox_nl_done(info, &c, nsbox_addr_op(&c, nsbox_nl_sandbox(info), a, add,
						     replace));
}

/**
 * nsbox_nl_addr_new_doit() - ADDR_NEW: add an address in a sandbox.
 * @skb: the request.
 * @info: the request, parsed.
 *
 * Return: 0, or a negative errno with an extack message, as for nsbox_addr_op().
 */
int nsbox_nl_addr_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_nl_addr(info, true);
}

/**
 * nsbox_nl_addr_del_doit() - ADDR_DEL: delete an address nsbox added.
 * @skb: the request.
 * @info: the request, parsed.
 *
 * Return: 0, or a negative errno with an extack message, as for nsbox_addr_op().
 */
int nsbox_nl_addr_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_nl_addr(info, false);
}

static int nsbox_nl_route(struct genl_info *info, bool add)
{
	/* route-del's policy has no replace: its attrs[] ends before it */
	bool replace = add && nla_get_flag(info->attrs[NSBOX_A_ROUTE_REPLACE]);
	struct nsbox_caller c;
	struct nsbox_route *r;
	int err;

	r = nsbox_route_alloc();
	if (!r)
		return -ENOMEM;
	/* route-del names a route by its keys: its attrs[] ends with the table */
	if (add)
		err = nsbox_nl_parse_route(info->attrs, NULL, genlmsg_data(info->genlhdr),
					   genlmsg_len(info->genlhdr), r, info->extack);
	else
		err = nsbox_nl_parse_route(info->attrs, NULL, NULL, 0, r, info->extack);
	if (err) {
		nsbox_route_free(r);
		return err;
	}
	nsbox_nl_caller(&c, info);
	return nsbox_nl_done(info, &c, nsbox_route_op(&c, nsbox_nl_sandbox(info), r, add,
						      replace));
}

/**
 * nsbox_nl_route_new_doit() - ROUTE_NEW: install a route in a sandbox.
 * @skb: the request.
 * @info: the request, parsed.
 *
 * Return: 0, or a negative errno with an extack message, as for nsbox_route_op().
 */
int nsbox_nl_route_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_nl_route(info, true);
}

/**
 * nsbox_nl_route_del_doit() - ROUTE_DEL: delete a route nsbox installed.
 * @skb: the request.
 * @info: the request, parsed.
 *
 * Return: 0, or a negative errno with an extack message, as for nsbox_route_op().
 */
int nsbox_nl_route_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_nl_route(info, false);
}

/* ---- sysctls, neighbours ---- */

/**
 * nsbox_nl_sysctl_set_doit() - SYSCTL_SET: set a sysctl of a sandbox.
 * @skb: the request.
 * @info: the request, parsed.
 *
 * Return: 0, or a negative errno with an extack message, as for nsbox_sysctl_set().
 */
int nsbox_nl_sysctl_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nsbox_sysctl *s;
	struct nsbox_caller c;
	int err;

	s = nsbox_sysctl_alloc();
	if (!s)
		return -ENOMEM;
	err = nsbox_nl_parse_sysctl(info->attrs, NULL, s, info->extack);
	if (err) {
		nsbox_sysctl_free(s);
		return err;
	}
	nsbox_nl_caller(&c, info);
	return nsbox_nl_done(info, &c, nsbox_sysctl_set(&c, nsbox_nl_sandbox(info), s));
}

static int nsbox_nl_neigh(struct genl_info *info, bool add)
{
	struct nsbox_caller c;
	struct nsbox_neigh *n;
	int err;

	n = nsbox_neigh_alloc();
	if (!n)
		return -ENOMEM;
	err = nsbox_nl_parse_neigh(info->attrs, NULL, n, add, info->extack);
	if (err) {
		nsbox_neigh_free(n);
		return err;
	}
	nsbox_nl_caller(&c, info);
	return nsbox_nl_done(info, &c,
			     nsbox_neigh_op(&c, nsbox_nl_sandbox(info), n, add,
					    !!info->attrs[NSBOX_A_NEIGH_LLADDR]));
}

/**
 * nsbox_nl_neigh_new_doit() - NEIGH_NEW: add a permanent neighbour in a sandbox.
 * @skb: the request.
 * @info: the request, parsed.
 *
 * Return: 0, or a negative errno with an extack message, as for nsbox_neigh_op().
 */
int nsbox_nl_neigh_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_nl_neigh(info, true);
}

/**
 * nsbox_nl_neigh_del_doit() - NEIGH_DEL: delete a neighbour nsbox added.
 * @skb: the request.
 * @info: the request, parsed.
 *
 * Return: 0, or a negative errno with an extack message, as for nsbox_neigh_op().
 */
int nsbox_nl_neigh_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_nl_neigh(info, false);
}

/* ---- programs ---- */

/* PROG_EXEC's and PROG_RUN's reply, sent by nsbox_prog_start() once it runs */
static int nsbox_nl_prog_started(struct nsbox_caller *c, const void *obj)
{
	struct nsbox_nl_request *req = container_of(c, struct nsbox_nl_request, c);

	return nsbox_nl_reply_prog(req->info, obj);
}

static int nsbox_nl_prog_start(struct genl_info *info, bool daemon)
{
	struct nsbox_prog_req preq = { .daemon = daemon };
	struct nsbox_nl_request req;
	int err;

	err = nsbox_nl_parse_prog(info, &preq);
	if (!err) {
		nsbox_nl_caller(&req.c, info);
		req.c.reply = nsbox_nl_prog_started;
		req.info = info;
		err = nsbox_nl_done(info, &req.c,
				    nsbox_prog_start(&req.c, nsbox_nl_sandbox(info), &preq));
	}
	nsbox_prog_req_free(&preq);
	return err;
}

/**
 * nsbox_nl_prog_exec_doit() - PROG_EXEC: run a command in a sandbox.
 * @skb: the request.
 * @info: the request, parsed.
 *
 * Return: 0, or a negative errno with an extack message, as for nsbox_prog_start().
 */
int nsbox_nl_prog_exec_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_nl_prog_start(info, false);
}

/**
 * nsbox_nl_prog_run_doit() - PROG_RUN: start a daemon in a sandbox.
 * @skb: the request.
 * @info: the request, parsed.
 *
 * Return: 0, or a negative errno with an extack message, as for nsbox_prog_start().
 */
int nsbox_nl_prog_run_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_nl_prog_start(info, true);
}

/**
 * nsbox_nl_prog_kill_doit() - PROG_KILL: signal a program of a sandbox.
 * @skb: the request.
 * @info: the request, parsed.
 *
 * Return: 0, or a negative errno with an extack message, as for nsbox_prog_kill().
 */
int nsbox_nl_prog_kill_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct nsbox_caller c;
	int sig = SIGTERM;

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
	nsbox_nl_caller(&c, info);
	return nsbox_nl_done(info, &c,
			     nsbox_prog_kill(&c, nsbox_nl_sandbox(info),
					     attrs[NSBOX_A_PROG_ID] ?
					     nla_get_u32(attrs[NSBOX_A_PROG_ID]) : 0,
					     attrs[NSBOX_A_PROG_NAME] ?
					     nla_data(attrs[NSBOX_A_PROG_NAME]) : NULL, sig));
}

/* ---- what nsbox made, listed ---- */

static int nsbox_nl_records(struct sk_buff *skb, struct netlink_callback *cb,
			    enum nsbox_rec kind, u16 sandbox_attr)
{
	struct nlattr **attrs = nsbox_dump_attrs(cb);

	return nsbox_nl_dump_records(skb, cb, kind, attrs ? attrs[sandbox_attr] : NULL);
}

/**
 * nsbox_nl_link_get_dumpit() - LINK_GET dump: the links nsbox made.
 * @skb: the part of the dump to fill.
 * @cb: the dump's state.
 *
 * Return: as for nsbox_nl_dump_records().
 */
int nsbox_nl_link_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return nsbox_nl_records(skb, cb, NSBOX_REC_LINK, NSBOX_A_LINK_SANDBOX);
}

/**
 * nsbox_nl_addr_get_dumpit() - ADDR_GET dump: the addresses nsbox added.
 * @skb: the part of the dump to fill.
 * @cb: the dump's state.
 *
 * Return: as for nsbox_nl_dump_records().
 */
int nsbox_nl_addr_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return nsbox_nl_records(skb, cb, NSBOX_REC_ADDR, NSBOX_A_ADDR_SANDBOX);
}

/**
 * nsbox_nl_route_get_dumpit() - ROUTE_GET dump: the routes nsbox installed.
 * @skb: the part of the dump to fill.
 * @cb: the dump's state.
 *
 * Return: as for nsbox_nl_dump_records().
 */
int nsbox_nl_route_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return nsbox_nl_records(skb, cb, NSBOX_REC_ROUTE, NSBOX_A_ROUTE_SANDBOX);
}

/**
 * nsbox_nl_prog_get_dumpit() - PROG_GET dump: the programs nsbox started.
 * @skb: the part of the dump to fill.
 * @cb: the dump's state.
 *
 * Return: as for nsbox_nl_dump_records().
 */
int nsbox_nl_prog_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return nsbox_nl_records(skb, cb, NSBOX_REC_PROG, NSBOX_A_PROG_SANDBOX);
}

/**
 * nsbox_nl_sysctl_get_dumpit() - SYSCTL_GET dump: the sysctls nsbox set.
 * @skb: the part of the dump to fill.
 * @cb: the dump's state.
 *
 * Return: as for nsbox_nl_dump_records().
 */
int nsbox_nl_sysctl_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return nsbox_nl_records(skb, cb, NSBOX_REC_SYSCTL, NSBOX_A_SYSCTL_SANDBOX);
}

/**
 * nsbox_nl_neigh_get_dumpit() - NEIGH_GET dump: the neighbours nsbox added.
 * @skb: the part of the dump to fill.
 * @cb: the dump's state.
 *
 * Return: as for nsbox_nl_dump_records().
 */
int nsbox_nl_neigh_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return nsbox_nl_records(skb, cb, NSBOX_REC_NEIGH, NSBOX_A_NEIGH_SANDBOX);
}

/* ---- the helper ---- */

/**
 * nsbox_nl_helper_report_doit() - HELPER_REPORT: a helper's report, from inside its namespace.
 * @skb: the request.
 * @info: the request, parsed.
 *
 * Return: 0, or a negative errno with an extack message, as for nsbox_helper_report().
 */
int nsbox_nl_helper_report_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct nsbox_report r = {};
	struct nsbox_caller c;

	if (GENL_REQ_ATTR_CHECK(info, NSBOX_A_REPORT_TOKEN)) {
		NL_SET_ERR_MSG_MOD(info->extack, "report token is required");
		return -EINVAL;
	}
	r.token = nla_get_u64(attrs[NSBOX_A_REPORT_TOKEN]);
	r.serve = nla_get_flag(attrs[NSBOX_A_REPORT_SERVE]);
	if (attrs[NSBOX_A_REPORT_ERRNO]) {
		r.errno_nr = nla_get_u32(attrs[NSBOX_A_REPORT_ERRNO]);
		r.has_errno = true;
	}
	if (attrs[NSBOX_A_REPORT_UTS_FD]) {
		r.uts_fd = nla_get_u32(attrs[NSBOX_A_REPORT_UTS_FD]);
		r.has_uts_fd = true;
	}
	/* the netns reported from is the sending socket's */
	nsbox_nl_caller(&c, info);
	c.net = sock_net(skb->sk);
	return nsbox_nl_done(info, &c, nsbox_helper_report(&c, &r));
}

/* HELPER_JOB_GET's reply, sent by nsbox_helper_job_get() */
static int nsbox_nl_job_reply(struct nsbox_caller *c, const void *obj)
{
	struct nsbox_nl_request *req = container_of(c, struct nsbox_nl_request, c);

	return nsbox_nl_reply_job(req->info, (struct nsbox_job_msg *)obj);
}

/**
 * nsbox_nl_helper_job_get_doit() - HELPER_JOB_GET: a helper fetches its job.
 * @skb: the request.
 * @info: the request, parsed.
 *
 * Return: 0, or a negative errno with an extack message, as for nsbox_helper_job_get().
 */
int nsbox_nl_helper_job_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nsbox_nl_request req;

	if (GENL_REQ_ATTR_CHECK(info, NSBOX_A_REPORT_TOKEN)) {
		NL_SET_ERR_MSG_MOD(info->extack, "job token is required");
		return -EINVAL;
	}
	nsbox_nl_caller(&req.c, info);
	req.c.reply = nsbox_nl_job_reply;
	req.info = info;
	return nsbox_nl_done(info, &req.c,
			     nsbox_helper_job_get(&req.c,
						  nla_get_u64(info->attrs[NSBOX_A_REPORT_TOKEN])));
}

struct genl_family nsbox_family __ro_after_init = {
	.name		= NSBOX_GENL_NAME,
	.version	= NSBOX_GENL_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
#if NSBOX_GENL_SPLIT_OPS
	.split_ops	= nsbox_nl_ops,
	.n_split_ops	= ARRAY_SIZE(nsbox_nl_ops),
#endif
	/* every command validates its header and attributes strictly */
	.resv_start_op	= NSBOX_CMD_INFO_GET,
	.mcgrps		= nsbox_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(nsbox_mcgrps),
};

#if !NSBOX_GENL_SPLIT_OPS
/*
 * Linux 6.1 has no split ops (nsbox-compat.h): it registers struct genl_ops,
 * one per command holding both its doit and its dumpit, with one policy
 * for both. They are built here from the generated table, where a command's
 * do and dump are neighbours (6.2 wants it sorted by command), so that the
 * generated files stay as the generator wrote them. A command's do and dump
 * must then agree on their flags and on their policy; where only the do has
 * one (sandbox-get), the dump is validated with the do's, and its handler
 * refuses whatever passes (nsbox_no_attrs()), as on later kernels.
 */
static struct genl_ops nsbox_ops[ARRAY_SIZE(nsbox_nl_ops)] __ro_after_init;

/* The generated do op of a command, for the family-wide hooks of 6.1. */
static const struct genl_split_ops *nsbox_split_do(u8 cmd)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(nsbox_nl_ops); i++)
		if (nsbox_nl_ops[i].cmd == cmd && nsbox_nl_ops[i].doit)
			return &nsbox_nl_ops[i];
	return NULL;
}

static int nsbox_compat_pre_doit(const struct genl_ops *ops, struct sk_buff *skb,
				 struct genl_info *info)
{
	const struct genl_split_ops *sop = nsbox_split_do(ops->cmd);

	return sop && sop->pre_doit ? sop->pre_doit(sop, skb, info) : 0;
}

static void nsbox_compat_post_doit(const struct genl_ops *ops, struct sk_buff *skb,
				   struct genl_info *info)
{
	const struct genl_split_ops *sop = nsbox_split_do(ops->cmd);

	if (sop && sop->post_doit)
		sop->post_doit(sop, skb, info);
}

static int nsbox_genl_ops_init(void)
{
	const u8 caps = GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP;
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(nsbox_nl_ops); i++) {
		const struct genl_split_ops *sop = &nsbox_nl_ops[i];
		struct genl_ops *op = n ? &nsbox_ops[n - 1] : NULL;

		if (!op || op->cmd != sop->cmd) {
			op = &nsbox_ops[n++];
			op->cmd = sop->cmd;
			op->flags = sop->flags & ~caps;
			op->internal_flags = sop->internal_flags;
			op->validate = sop->validate;
		} else if (WARN_ON(op->flags != (sop->flags & ~caps) ||
				   op->internal_flags != sop->internal_flags ||
				   op->validate != sop->validate ||
				   (op->policy && sop->policy && op->policy != sop->policy))) {
			return -EINVAL;
		}
		if (sop->doit)
			op->doit = sop->doit;
		if (sop->dumpit)
			op->dumpit = sop->dumpit;
		if (!op->policy) {
			op->policy = sop->policy;
			op->maxattr = sop->maxattr;
		}
	}
	nsbox_family.ops = nsbox_ops;
	nsbox_family.n_ops = n;
	nsbox_family.pre_doit = nsbox_compat_pre_doit;
	nsbox_family.post_doit = nsbox_compat_post_doit;
	return 0;
}
#else
static int nsbox_genl_ops_init(void)
{
	return 0;
}
#endif

/**
 * nsbox_genl_registered() - Is the family registered?
 *
 * Return: true from nsbox_genl_register() until nsbox_genl_unregister()
 * begins: events are sent only then.
 */
bool nsbox_genl_registered(void)
{
	return READ_ONCE(nsbox_family_registered);
}

/**
 * nsbox_genl_family_id() - The family's id, which the helper reports to.
 *
 * Return: the id genl assigned at registration, 0 before.
 */
u32 nsbox_genl_family_id(void)
{
	return nsbox_family.id;
}

/**
 * nsbox_genl_register() - Register the nsbox family: module init, last step.
 *
 * Context: requests may arrive as soon as the family is registered, in
 * parallel (parallel_ops).
 *
 * Return: 0, or the negative errno of genl_register_family().
 */
int nsbox_genl_register(void)
{
	int err;

	err = nsbox_genl_ops_init();
	if (err)
		return err;
	err = genl_register_family(&nsbox_family);
	if (!err)
		WRITE_ONCE(nsbox_family_registered, true);
	return err;
}

/**
 * nsbox_genl_unregister() - Stop the events and unregister the family.
 *
 * Context: module unload; may sleep. genl waits for the handlers still
 * running to return, which is why the requests waiting for a helper were
 * woken first (nsbox_helper_shutdown()).
 */
void nsbox_genl_unregister(void)
{
	WRITE_ONCE(nsbox_family_registered, false);
	genl_unregister_family(&nsbox_family);
}
