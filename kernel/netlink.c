// SPDX-License-Identifier: GPL-2.0
/*
 * The nsbox generic netlink family: policies, operations, replies and events.
 *
 * Documentation/netlink/specs/nsbox.yaml describes this family. Validation
 * lives in the policies (strict: unknown attributes, bad types and lengths
 * are refused by the core with an extack message); handlers check only what a
 * policy cannot express. The family runs with parallel_ops: handlers that
 * wait for a helper do so without genl_mutex, under nsbox's own rules.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>

#include "nsbox.h"

static const struct nla_policy nsbox_sandbox_new_policy[NSBOX_A_SANDBOX_MAX + 1] = {
	[NSBOX_A_SANDBOX_NAME]		= { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX },
	[NSBOX_A_SANDBOX_HOSTNAME]	= { .type = NLA_NUL_STRING, .len = NSBOX_HOSTNAME_MAX },
	[NSBOX_A_SANDBOX_FLAGS]		= NLA_POLICY_MASK(NLA_U32, NSBOX_SANDBOX_F_OWNED |
								   NSBOX_SANDBOX_F_PUBLISH |
								   NSBOX_SANDBOX_F_NOIPV6),
	[NSBOX_A_SANDBOX_LINK]		= NLA_POLICY_NESTED(nsbox_link_policy),
	[NSBOX_A_SANDBOX_ADDR]		= NLA_POLICY_NESTED(nsbox_addr_policy),
	[NSBOX_A_SANDBOX_ROUTE]		= NLA_POLICY_NESTED(nsbox_route_policy),
};

static const struct nla_policy nsbox_sandbox_del_policy[NSBOX_A_SANDBOX_MAX + 1] = {
	[NSBOX_A_SANDBOX_ID]		= NLA_POLICY_MIN(NLA_U32, 1),
	[NSBOX_A_SANDBOX_NAME]		= { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX },
};

static const struct nla_policy nsbox_sandbox_get_policy[NSBOX_A_SANDBOX_MAX + 1] = {
	[NSBOX_A_SANDBOX_ID]		= NLA_POLICY_MIN(NLA_U32, 1),
	[NSBOX_A_SANDBOX_NAME]		= { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX },
	[NSBOX_A_SANDBOX_WANT_NSFDS]	= { .type = NLA_FLAG },
};

static const struct nla_policy nsbox_rlimit_policy[NSBOX_A_RLIMIT_MAX + 1] = {
	[NSBOX_A_RLIMIT_RESOURCE]	= { .type = NLA_U32 },
	[NSBOX_A_RLIMIT_SOFT]		= { .type = NLA_U64 },
	[NSBOX_A_RLIMIT_HARD]		= { .type = NLA_U64 },
};

static const struct nla_policy nsbox_prog_policy[NSBOX_A_PROG_MAX + 1] = {
	[NSBOX_A_PROG_SANDBOX]		= { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX },
	[NSBOX_A_PROG_PATH]		= { .type = NLA_NUL_STRING, .len = PATH_MAX - 1 },
	[NSBOX_A_PROG_ARG]		= { .type = NLA_NUL_STRING, .len = 32767 },
	[NSBOX_A_PROG_ENV]		= { .type = NLA_NUL_STRING, .len = 32767 },
	[NSBOX_A_PROG_CWD]		= { .type = NLA_NUL_STRING, .len = PATH_MAX - 1 },
	[NSBOX_A_PROG_UID]		= { .type = NLA_U32 },
	[NSBOX_A_PROG_GID]		= { .type = NLA_U32 },
	[NSBOX_A_PROG_GROUPS]		= { .type = NLA_BINARY, .len = 64 * sizeof(u32) },
	[NSBOX_A_PROG_CAPS]		= { .type = NLA_U64 },
	[NSBOX_A_PROG_FLAGS]		= NLA_POLICY_MASK(NLA_U32, NSBOX_PROG_F_NO_NEW_PRIVS |
							  NSBOX_PROG_F_NO_MOUNT_NS),
	[NSBOX_A_PROG_RLIMIT]		= NLA_POLICY_NESTED(nsbox_rlimit_policy),
	[NSBOX_A_PROG_TIMEOUT_MS]	= { .type = NLA_U32 },
	[NSBOX_A_PROG_NAME]		= { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX },
	[NSBOX_A_PROG_LOG]		= { .type = NLA_NUL_STRING, .len = PATH_MAX - 1 },
	[NSBOX_A_PROG_ID]		= NLA_POLICY_MIN(NLA_U32, 1),
	[NSBOX_A_PROG_SIGNAL]		= NLA_POLICY_RANGE(NLA_U32, 1, 64),
};

static const struct nla_policy nsbox_report_policy[NSBOX_A_REPORT_MAX + 1] = {
	[NSBOX_A_REPORT_TOKEN]		= { .type = NLA_U64 },
	[NSBOX_A_REPORT_UTS_FD]		= { .type = NLA_U32 },
	[NSBOX_A_REPORT_ERRNO]		= { .type = NLA_U32 },
	[NSBOX_A_REPORT_STEP]		= { .type = NLA_U32 },
	[NSBOX_A_REPORT_SERVE]		= { .type = NLA_FLAG },
	/* the module's to send, in HELPER_JOB: never taken in */
	[NSBOX_A_REPORT_ARG]		= { .type = NLA_REJECT },
};

/* INFO_GET takes no attributes: every one is refused. */
static const struct nla_policy nsbox_info_policy[NSBOX_A_INFO_MAX + 1] = {
};

static struct genl_family nsbox_family;
static bool nsbox_family_registered;

enum nsbox_mcgrp {
	NSBOX_MCGRP_EVENTS_ID,
};

static const struct genl_multicast_group nsbox_mcgrps[] = {
	[NSBOX_MCGRP_EVENTS_ID] = {
		.name = NSBOX_MCGRP_EVENTS,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

static int nsbox_info_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

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

static int nsbox_sandbox_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	const char *hostname = NULL;
	u32 flags = 0;

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

static int nsbox_sandbox_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_sandbox_del(info, nsbox_may_signal(skb));
}

static int nsbox_sandbox_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_sandbox_get(info);
}

static int nsbox_link_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_link_new(info);
}

static int nsbox_link_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_link_del(info);
}

static int nsbox_addr_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_addr_op(info, true);
}

static int nsbox_addr_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_addr_op(info, false);
}

static int nsbox_route_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_route_op(info, true);
}

static int nsbox_route_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_route_op(info, false);
}

static int nsbox_prog_exec_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_prog_start(skb, info, false);
}

static int nsbox_prog_run_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_prog_start(skb, info, true);
}

static int nsbox_prog_kill_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nsbox_prog_kill(skb, info);
}

static int nsbox_helper_report_doit(struct sk_buff *skb, struct genl_info *info)
{
	if (GENL_REQ_ATTR_CHECK(info, NSBOX_A_REPORT_TOKEN)) {
		NL_SET_ERR_MSG_MOD(info->extack, "report token is required");
		return -EINVAL;
	}
	return nsbox_helper_report(skb, info);
}

static const struct genl_ops nsbox_ops[] = {
	{
		.cmd	= NSBOX_CMD_INFO_GET,
		.doit	= nsbox_info_get,
		.policy	= nsbox_info_policy,
		.maxattr = NSBOX_A_INFO_MAX,
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= NSBOX_CMD_SANDBOX_NEW,
		.doit	= nsbox_sandbox_new_doit,
		.policy	= nsbox_sandbox_new_policy,
		.maxattr = NSBOX_A_SANDBOX_MAX,
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= NSBOX_CMD_SANDBOX_DEL,
		.doit	= nsbox_sandbox_del_doit,
		.policy	= nsbox_sandbox_del_policy,
		.maxattr = NSBOX_A_SANDBOX_MAX,
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= NSBOX_CMD_SANDBOX_GET,
		.doit	= nsbox_sandbox_get_doit,
		.dumpit	= nsbox_sandbox_dump,
		.policy	= nsbox_sandbox_get_policy,
		.maxattr = NSBOX_A_SANDBOX_MAX,
		.flags	= GENL_ADMIN_PERM,
	},
#define NSBOX_CFG_OP(_cmd, _doit, _policy, _max)	\
	{						\
		.cmd	= _cmd,				\
		.doit	= _doit,			\
		.policy	= _policy,			\
		.maxattr = _max,			\
		.flags	= GENL_ADMIN_PERM,		\
	}
	NSBOX_CFG_OP(NSBOX_CMD_LINK_NEW, nsbox_link_new_doit, nsbox_link_policy, NSBOX_A_LINK_MAX),
	NSBOX_CFG_OP(NSBOX_CMD_LINK_DEL, nsbox_link_del_doit, nsbox_link_policy, NSBOX_A_LINK_MAX),
	NSBOX_CFG_OP(NSBOX_CMD_ADDR_NEW, nsbox_addr_new_doit, nsbox_addr_policy, NSBOX_A_ADDR_MAX),
	NSBOX_CFG_OP(NSBOX_CMD_ADDR_DEL, nsbox_addr_del_doit, nsbox_addr_policy, NSBOX_A_ADDR_MAX),
	NSBOX_CFG_OP(NSBOX_CMD_ROUTE_NEW, nsbox_route_new_doit, nsbox_route_policy,
		     NSBOX_A_ROUTE_MAX),
	NSBOX_CFG_OP(NSBOX_CMD_ROUTE_DEL, nsbox_route_del_doit, nsbox_route_policy,
		     NSBOX_A_ROUTE_MAX),
	NSBOX_CFG_OP(NSBOX_CMD_PROG_EXEC, nsbox_prog_exec_doit, nsbox_prog_policy,
		     NSBOX_A_PROG_MAX),
	NSBOX_CFG_OP(NSBOX_CMD_PROG_RUN, nsbox_prog_run_doit, nsbox_prog_policy,
		     NSBOX_A_PROG_MAX),
	NSBOX_CFG_OP(NSBOX_CMD_PROG_KILL, nsbox_prog_kill_doit, nsbox_prog_policy,
		     NSBOX_A_PROG_MAX),
	{
		.cmd	= NSBOX_CMD_HELPER_REPORT,
		.doit	= nsbox_helper_report_doit,
		.policy	= nsbox_report_policy,
		.maxattr = NSBOX_A_REPORT_MAX,
		.flags	= GENL_ADMIN_PERM,
	},
};

static struct genl_family nsbox_family __ro_after_init = {
	.name		= NSBOX_GENL_NAME,
	.version	= NSBOX_GENL_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= nsbox_ops,
	.n_ops		= ARRAY_SIZE(nsbox_ops),
	/* every command validates its header and attributes strictly */
	.resv_start_op	= NSBOX_CMD_INFO_GET,
	.mcgrps		= nsbox_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(nsbox_mcgrps),
};

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
	    !genl_has_listeners(&nsbox_family, sb->owner_net, NSBOX_MCGRP_EVENTS_ID))
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
				NSBOX_MCGRP_EVENTS_ID, GFP_KERNEL);
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
	    !genl_has_listeners(&nsbox_family, sb->owner_net, NSBOX_MCGRP_EVENTS_ID))
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
				NSBOX_MCGRP_EVENTS_ID, GFP_KERNEL);
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
