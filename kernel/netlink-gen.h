/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/nsbox.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_NSBOX_GEN_H
#define _LINUX_NSBOX_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/nsbox.h>
#include <nsbox-compat.h>

/* Common nested types */
extern const struct nla_policy nsbox_nexthop_nl_policy[NSBOX_A_NEXTHOP_WEIGHT + 1];
extern const struct nla_policy nsbox_prog_tun_nl_policy[NSBOX_A_PROG_TUN_FLAGS + 1];
extern const struct nla_policy nsbox_rlimit_nl_policy[NSBOX_A_RLIMIT_HARD + 1];
extern const struct nla_policy nsbox_sandbox_addr_nl_policy[NSBOX_A_ADDR_PREFIXLEN + 1];
extern const struct nla_policy nsbox_sandbox_link_nl_policy[NSBOX_A_LINK_UNDERLAY + 1];
extern const struct nla_policy nsbox_sandbox_neigh_nl_policy[NSBOX_A_NEIGH_LLADDR + 1];
extern const struct nla_policy nsbox_sandbox_route_nl_policy[NSBOX_A_ROUTE_NEXTHOP + 1];
extern const struct nla_policy nsbox_sandbox_sysctl_nl_policy[NSBOX_A_SYSCTL_VALUE + 1];

/* Ops table for nsbox */
extern const struct genl_split_ops nsbox_nl_ops[28];

int nsbox_nl_pre_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		      struct genl_info *info);
void
nsbox_nl_post_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		   struct genl_info *info);

int nsbox_nl_info_get_doit(struct sk_buff *skb, struct genl_info *info);
int nsbox_nl_sandbox_new_doit(struct sk_buff *skb, struct genl_info *info);
int nsbox_nl_sandbox_del_doit(struct sk_buff *skb, struct genl_info *info);
int nsbox_nl_sandbox_get_doit(struct sk_buff *skb, struct genl_info *info);
int nsbox_nl_sandbox_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb);
int nsbox_nl_helper_report_doit(struct sk_buff *skb, struct genl_info *info);
int nsbox_nl_link_new_doit(struct sk_buff *skb, struct genl_info *info);
int nsbox_nl_link_del_doit(struct sk_buff *skb, struct genl_info *info);
int nsbox_nl_addr_new_doit(struct sk_buff *skb, struct genl_info *info);
int nsbox_nl_addr_del_doit(struct sk_buff *skb, struct genl_info *info);
int nsbox_nl_route_new_doit(struct sk_buff *skb, struct genl_info *info);
int nsbox_nl_route_del_doit(struct sk_buff *skb, struct genl_info *info);
int nsbox_nl_prog_exec_doit(struct sk_buff *skb, struct genl_info *info);
int nsbox_nl_prog_run_doit(struct sk_buff *skb, struct genl_info *info);
int nsbox_nl_prog_kill_doit(struct sk_buff *skb, struct genl_info *info);
int nsbox_nl_helper_job_get_doit(struct sk_buff *skb, struct genl_info *info);
int nsbox_nl_link_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int nsbox_nl_addr_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int nsbox_nl_route_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int nsbox_nl_prog_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int nsbox_nl_link_move_doit(struct sk_buff *skb, struct genl_info *info);
int nsbox_nl_link_release_doit(struct sk_buff *skb, struct genl_info *info);
int nsbox_nl_sysctl_set_doit(struct sk_buff *skb, struct genl_info *info);
int nsbox_nl_sysctl_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb);
int nsbox_nl_neigh_new_doit(struct sk_buff *skb, struct genl_info *info);
int nsbox_nl_neigh_del_doit(struct sk_buff *skb, struct genl_info *info);
int nsbox_nl_neigh_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int nsbox_nl_link_set_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	NSBOX_NLGRP_EVENTS,
};

#endif /* _LINUX_NSBOX_GEN_H */
