/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the generated kernel/netlink-gen.[ch] need from kernels older than
 * the one their generator writes for.
 *
 * ynl-gen-c.py (from linux-source-6.12, scripts/ynl-tools.sh) writes for
 * Linux 6.2 and later, and nsbox also builds on Debian's 6.1. The generated
 * files are never edited: they include this header, as the spec's
 * kernel-family headers ask, and netlink.c registers on 6.1 what 6.1 takes
 * (nsbox_genl_ops_init()). Before 6.2:
 *
 * - there is no struct genl_split_ops, nor split_ops in struct genl_family:
 *   this defines the struct with the members the generated ops table sets,
 *   and netlink.c turns the table into struct genl_ops, one per command.
 *   6.1 has pre_doit and post_doit hooks for the whole family only, with
 *   struct genl_ops: netlink.c installs ones that call the command's own;
 * - a dump's parsed request is in struct genl_dumpit_info itself, not in
 *   the struct genl_info 6.2 put there (nsbox_dump_attrs());
 * - the range pointer of a policy is not const, while the generated ranges
 *   are: NLA_POLICY_FULL_RANGE() casts the qualifier away. The policy
 *   validation only ever reads a range.
 *
 * Both changed in 6.2 (checked against the headers of Debian's 6.1 and
 * 6.12 kernels).
 *
 * And one call of the module's own: vfs_rmdir(), with which prog-cgroup.c
 * removes a program's cgroup, takes the mount's idmapping from 6.3 (struct
 * mnt_idmap, nop_mnt_idmap for cgroupfs) where 6.1 takes its user namespace
 * (init_user_ns).
 */
#ifndef _NSBOX_COMPAT_H
#define _NSBOX_COMPAT_H

#include <linux/version.h>
#include <net/genetlink.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)

#define NSBOX_GENL_SPLIT_OPS	0

/* 6.2's struct genl_split_ops, without the dump hooks nsbox does not use */
struct genl_split_ops {
	int (*pre_doit)(const struct genl_split_ops *ops, struct sk_buff *skb,
			struct genl_info *info);
	int (*doit)(struct sk_buff *skb, struct genl_info *info);
	void (*post_doit)(const struct genl_split_ops *ops, struct sk_buff *skb,
			  struct genl_info *info);
	int (*dumpit)(struct sk_buff *skb, struct netlink_callback *cb);
	const struct nla_policy *policy;
	unsigned int maxattr;
	u8 cmd;
	u8 internal_flags;
	u8 flags;
	u8 validate;
};

#undef NLA_POLICY_FULL_RANGE
#define NLA_POLICY_FULL_RANGE(tp, _range) {				\
	.type = NLA_ENSURE_UINT_OR_BINARY_TYPE(tp),			\
	.validation_type = NLA_VALIDATE_RANGE_PTR,			\
	.range = (struct netlink_range_validation *)(_range),		\
}

/* a dump's parsed request: 6.2 moved it into a struct genl_info */
static inline struct nlattr **nsbox_dump_attrs(struct netlink_callback *cb)
{
	return genl_dumpit_info(cb)->attrs;
}

#else

#define NSBOX_GENL_SPLIT_OPS	1

static inline struct nlattr **nsbox_dump_attrs(struct netlink_callback *cb)
{
	return genl_dumpit_info(cb)->info.attrs;
}

#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
#define NSBOX_NOP_IDMAP		(&init_user_ns)
#else
#define NSBOX_NOP_IDMAP		(&nop_mnt_idmap)
#endif

#endif /* _NSBOX_COMPAT_H */
