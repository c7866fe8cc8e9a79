/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the netlink layer: netlink.c (the family, its hooks and handlers),
 * netlink-parse.c (requests into plain structs) and netlink-msg.c (replies,
 * dumps and events). No other file of the module includes this.
 */
#ifndef _NSBOX_NETLINK_H
#define _NSBOX_NETLINK_H

#include <net/genetlink.h>

#include "nsbox.h"

extern struct genl_family nsbox_family;

#define NSBOX_PROG_ARGS_MAX	1024		/* argv entries, env entries */
#define NSBOX_PROG_BYTES_MAX	(128 * 1024)	/* argv and env together */
#define NSBOX_PROG_GROUPS_MAX	64

/* What a LINK_GET, ADDR_GET, ROUTE_GET, PROG_GET, SYSCTL_GET or NEIGH_GET dump lists. */
enum nsbox_rec {
	NSBOX_REC_LINK,
	NSBOX_REC_ADDR,
	NSBOX_REC_ROUTE,
	NSBOX_REC_PROG,
	NSBOX_REC_SYSCTL,
	NSBOX_REC_NEIGH,
};

/* netlink.c */
bool nsbox_genl_registered(void);

/* netlink-parse.c */
int nsbox_nl_parse_sandbox(struct genl_info *info, struct nsbox_sandbox_req *sreq);
int nsbox_nl_parse_link_move(struct nlattr **tb, struct nsbox_link *l,
			     struct netlink_ext_ack *extack);
int nsbox_nl_parse_link(struct nlattr **tb, struct nlattr *where,
			struct nsbox_link *l, struct netlink_ext_ack *extack);
int nsbox_nl_parse_link_set(struct genl_info *info, struct nsbox_link_change *ch);
int nsbox_nl_parse_addr(struct nlattr **tb, struct nlattr *where,
			struct nsbox_addr *a, struct netlink_ext_ack *extack);
int nsbox_nl_parse_route(struct nlattr **tb, struct nlattr *where,
			 const struct nlattr *head, int len,
			 struct nsbox_route *r, struct netlink_ext_ack *extack);
int nsbox_nl_parse_sysctl(struct nlattr **tb, struct nlattr *where,
			  struct nsbox_sysctl *s, struct netlink_ext_ack *extack);
int nsbox_nl_parse_neigh(struct nlattr **tb, struct nlattr *where, struct nsbox_neigh *n,
			 bool need_lladdr, struct netlink_ext_ack *extack);
int nsbox_nl_parse_prog(struct genl_info *info, struct nsbox_prog_req *req);

/* netlink-msg.c */
int nsbox_nl_reply_sandbox(struct genl_info *info, const struct nsbox_sandbox *sb,
			   bool want_fds);
int nsbox_nl_dump_sandboxes(struct sk_buff *skb, struct netlink_callback *cb);
int nsbox_nl_dump_records(struct sk_buff *skb, struct netlink_callback *cb,
			  enum nsbox_rec kind, const struct nlattr *filter);
int nsbox_nl_reply_prog(struct genl_info *info, const struct nsbox_prog *prog);
int nsbox_nl_reply_job(struct genl_info *info, struct nsbox_job_msg *msg);

#endif /* _NSBOX_NETLINK_H */
