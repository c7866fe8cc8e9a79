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

#include <linux/module.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>

#include "nsbox.h"
#include "netlink-gen.h"

static struct genl_family nsbox_family;
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

int nsbox_nl_sandbox_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	const char *hostname = NULL;
	u32 flags = 0;

	/* uts follows from a hostname */
	if (!nsbox_flags_ok(attrs[NSBOX_A_SANDBOX_FLAGS], NSBOX_SANDBOX_F_UTS, info->extack))
		return -EINVAL;

	if (GENL_REQ_ATTR_CHECK(info, NSBOX_A_SANDBOX_NAME)) {
		NL_SET_ERR_MSG_MOD(info->extack, "sandbox name is required");
		return -EINVAL;
	}
	if (!nsbox_name_ok(attrs[NSBOX_A_SANDBOX_NAME], info->extack))
		return -EINVAL;

	if (attrs[NSBOX_A_SANDBOX_HOSTNAME]) {
		if (!nsbox_hostname_ok(attrs[NSBOX_A_SANDBOX_HOSTNAME], info->extack))
			return -EINVAL;
		hostname = nla_data(attrs[NSBOX_A_SANDBOX_HOSTNAME]);
	}

	if (attrs[NSBOX_A_SANDBOX_FLAGS])
		flags = nla_get_u32(attrs[NSBOX_A_SANDBOX_FLAGS]);
	/*
	 * A bind mount holds the namespace by itself: an owned sandbox that
	 * is also published would outlive its owner.
	 */
	if ((flags & NSBOX_SANDBOX_F_OWNED) && (flags & NSBOX_SANDBOX_F_PUBLISH)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[NSBOX_A_SANDBOX_FLAGS],
				    "owned and publish exclude each other: the mount would outlive the owner");
		return -EINVAL;
	}

	return nsbox_sandbox_new(info, nla_data(attrs[NSBOX_A_SANDBOX_NAME]),
				 hostname, flags);
}

int nsbox_nl_sandbox_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_sandbox_del(info, nsbox_may_signal(skb));
}

int nsbox_nl_sandbox_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_sandbox_get(info);
}

int nsbox_nl_sandbox_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	/* the request is the same for every part: the first call refuses it */
	int err = nsbox_no_attrs(cb->nlh, cb->extack);

	return err ?: nsbox_sandbox_dump(skb, cb);
}

int nsbox_nl_link_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_link_new(info);
}

int nsbox_nl_link_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_link_del(info);
}

int nsbox_nl_addr_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_addr_op(info, true);
}

int nsbox_nl_addr_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_addr_op(info, false);
}

int nsbox_nl_route_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_route_op(info, true);
}

int nsbox_nl_route_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_route_op(info, false);
}

/*
 * What the generated policy of prog-exec and prog-run cannot say: the
 * daemon flag is the module's, and each argument and environment string
 * ends in a NUL within its length. 6.12's generator writes NLA_STRING for a
 * multi-attr string, where a single one gets NLA_NUL_STRING: this is the
 * NLA_NUL_STRING check, so that nothing the policy took before is taken
 * now, nor the other way round.
 */
static int nsbox_prog_request_ok(struct genl_info *info)
{
	const struct nlattr *nla;
	int rem;

	if (!nsbox_flags_ok(info->attrs[NSBOX_A_PROG_FLAGS], NSBOX_PROG_F_DAEMON,
			    info->extack))
		return -EINVAL;
	nlmsg_for_each_attr(nla, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(nla) != NSBOX_A_PROG_ARG && nla_type(nla) != NSBOX_A_PROG_ENV)
			continue;
		if (!nla_len(nla) || !memchr(nla_data(nla), '\0', nla_len(nla))) {
			NL_SET_ERR_MSG_ATTR(info->extack, nla,
					    "argument or environment string without a NUL");
			return -EINVAL;
		}
	}
	return 0;
}

int nsbox_nl_prog_exec_doit(struct sk_buff *skb, struct genl_info *info)
{
	int err = nsbox_prog_request_ok(info);

	return err ?: nsbox_prog_start(skb, info, false);
}

int nsbox_nl_prog_run_doit(struct sk_buff *skb, struct genl_info *info)
{
	int err = nsbox_prog_request_ok(info);

	return err ?: nsbox_prog_start(skb, info, true);
}

int nsbox_nl_prog_kill_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_prog_kill(skb, info);
}

int nsbox_nl_helper_report_doit(struct sk_buff *skb, struct genl_info *info)
{
	if (GENL_REQ_ATTR_CHECK(info, NSBOX_A_REPORT_TOKEN)) {
		NL_SET_ERR_MSG_MOD(info->extack, "report token is required");
		return -EINVAL;
	}
	return nsbox_helper_report(skb, info);
}

static struct genl_family nsbox_family __ro_after_init = {
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
	return 0;
}
#else
static int nsbox_genl_ops_init(void)
{
	return 0;
}
#endif

/**
 * nsbox_genl_family() - The nsbox family, for messages the other files build.
 *
 * Return: the family, for genlmsg_put() and genl_has_listeners().
 */
struct genl_family *nsbox_genl_family(void)
{
	return &nsbox_family;
}

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
 * nsbox_msg_put() - Start a message of the nsbox family.
 * @skb: the message buffer.
 * @portid: the receiving socket's port id.
 * @seq: the sequence number of the request answered.
 * @flags: NLM_F_* flags of the message.
 * @cmd: its command, NSBOX_CMD_*.
 *
 * Return: the start of the message's attributes, for genlmsg_end(), or %NULL
 * if @skb has no room for its headers.
 */
void *nsbox_msg_put(struct sk_buff *skb, u32 portid, u32 seq, int flags, u8 cmd)
{
	return genlmsg_put(skb, portid, seq, &nsbox_family, flags, cmd);
}

/**
 * nsbox_sandbox_size() - Room for the attributes describing one sandbox.
 *
 * Return: the most nsbox_put_sandbox() puts, with a reason or fds besides;
 * records and programs not included (nsbox_cfg_size(), nsbox_prog_size_all()).
 */
size_t nsbox_sandbox_size(void)
{
	return nla_total_size(NSBOX_NAME_MAX + 1) +		/* name */
	       nla_total_size(NSBOX_HOSTNAME_MAX + 1) +		/* hostname */
	       nla_total_size_64bit(sizeof(u64)) +		/* created */
	       12 * nla_total_size(sizeof(u32));		/* the rest */
}

/**
 * nsbox_put_sandbox() - Put the attributes describing a sandbox.
 * @skb: the message.
 * @sb: the sandbox.
 *
 * The attributes describing a sandbox, shared by replies, dumps and events;
 * not its records (nsbox_cfg_put()) nor its programs.
 *
 * Context: nsbox_lock held: state, counts and records do not change
 * meanwhile.
 *
 * Return: 0, or -EMSGSIZE if @skb is full: the caller cancels the message.
 */
int nsbox_put_sandbox(struct sk_buff *skb, const struct nsbox_sandbox *sb)
{
	nsbox_sandbox_assert_locked();
	if (nla_put_u32(skb, NSBOX_A_SANDBOX_ID, sb->id) ||
	    nla_put_string(skb, NSBOX_A_SANDBOX_NAME, sb->name) ||
	    nla_put_u32(skb, NSBOX_A_SANDBOX_FLAGS, sb->flags) ||
	    nla_put_u32(skb, NSBOX_A_SANDBOX_STATE, sb->state) ||
	    nla_put_u32(skb, NSBOX_A_SANDBOX_OWNER_UID,
			from_kuid_munged(&init_user_ns, sb->owner_uid)) ||
	    nla_put_u64_64bit(skb, NSBOX_A_SANDBOX_CREATED_NS, sb->created_ns,
			      NSBOX_A_SANDBOX_PAD) ||
	    nla_put_u32(skb, NSBOX_A_SANDBOX_LINKS, sb->cfg.nlinks) ||
	    nla_put_u32(skb, NSBOX_A_SANDBOX_PROGRAMS, sb->nprogs))
		return -EMSGSIZE;

	if ((sb->flags & NSBOX_SANDBOX_F_UTS) &&
	    nla_put_string(skb, NSBOX_A_SANDBOX_HOSTNAME, sb->hostname))
		return -EMSGSIZE;
	if ((sb->flags & NSBOX_SANDBOX_F_OWNED) &&
	    nla_put_u32(skb, NSBOX_A_SANDBOX_OWNER_PORTID, sb->owner_portid))
		return -EMSGSIZE;
	if (sb->net && nla_put_u32(skb, NSBOX_A_SANDBOX_NETNS_INODE, sb->net->ns.inum))
		return -EMSGSIZE;
	return 0;
}

/**
 * nsbox_notify_sandbox() - Announce that a sandbox was created or deleted.
 * @sb: the sandbox.
 * @cmd: NSBOX_CMD_SANDBOX_CREATE_NTF or NSBOX_CMD_SANDBOX_DELETE_NTF.
 * @reason: NSBOX_REASON_* of a deletion, 0 for none.
 *
 * Events go to listeners in the namespace the sandbox belongs to, only. One
 * that cannot be allocated or built is not sent.
 *
 * Context: nsbox_lock held, so that events come in the order of the changes;
 * may sleep (allocation).
 */
void nsbox_notify_sandbox(const struct nsbox_sandbox *sb, u8 cmd, u32 reason)
{
	struct sk_buff *msg;
	void *hdr;

	nsbox_sandbox_assert_locked();
	if (!READ_ONCE(nsbox_family_registered) ||
	    !genl_has_listeners(&nsbox_family, sb->owner_net, NSBOX_NLGRP_EVENTS))
		return;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;

	hdr = genlmsg_put(msg, 0, 0, &nsbox_family, 0, cmd);
	if (!hdr || nsbox_put_sandbox(msg, sb) ||
	    (reason && nla_put_u32(msg, NSBOX_A_SANDBOX_REASON, reason))) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&nsbox_family, sb->owner_net, msg, 0,
				NSBOX_NLGRP_EVENTS, GFP_KERNEL);
}

/**
 * nsbox_notify_link() - Announce that nsbox created or deleted a link.
 * @sb: the sandbox the link is in.
 * @link: the link's record.
 * @ifindex: the device's ifindex in the sandbox; 0 if unknown, not sent.
 * @cmd: NSBOX_CMD_LINK_CREATE_NTF or NSBOX_CMD_LINK_DELETE_NTF.
 *
 * As for nsbox_notify_sandbox(): to the owner namespace's listeners only,
 * and not sent if it cannot be built.
 *
 * Context: called with nsbox_lock held, as nsbox_notify_sandbox(); may sleep
 * (allocation).
 */
void nsbox_notify_link(const struct nsbox_sandbox *sb, const struct nsbox_link *link,
		       int ifindex, u8 cmd)
{
	struct sk_buff *msg;
	void *hdr;

	if (!READ_ONCE(nsbox_family_registered) ||
	    !genl_has_listeners(&nsbox_family, sb->owner_net, NSBOX_NLGRP_EVENTS))
		return;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &nsbox_family, 0, cmd);
	if (!hdr || nla_put_string(msg, NSBOX_A_LINK_SANDBOX, sb->name) ||
	    nla_put_string(msg, NSBOX_A_LINK_IFNAME, link->ifname) ||
	    nla_put_u32(msg, NSBOX_A_LINK_TYPE, link->type) ||
	    (ifindex && nla_put_u32(msg, NSBOX_A_LINK_IFINDEX, ifindex))) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&nsbox_family, sb->owner_net, msg, 0,
				NSBOX_NLGRP_EVENTS, GFP_KERNEL);
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
