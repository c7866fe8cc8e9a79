/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nsbox internals shared between the module's files.
 *
 * Locking, in the one order it is ever taken:
 *   nsbox_lock (mutex, sandbox.c)  ->  nsbox_helper_lock (spinlock, helper.c)
 * Neither is ever held while waiting for a helper, for userspace or for a
 * completion; genl handlers run with parallel_ops, so genl_mutex is not held
 * either. rtnl is never taken by nsbox.
 */
#ifndef _NSBOX_H
#define _NSBOX_H

#include <linux/types.h>
#include <linux/uidgid.h>
#include <linux/list.h>
#include <linux/netlink.h>
#include <linux/nsbox.h>

struct net;
struct file;
struct genl_info;
struct sk_buff;

/* module parameters (main.c) */
extern char *nsbox_helper_path;
extern unsigned int nsbox_helper_timeout_ms;
extern unsigned int nsbox_max_sandboxes;

struct nsbox_sandbox {
	struct hlist_node	name_node;	/* nsbox_names, by (owner_net, name) */
	u32			id;		/* key in nsbox_ids */
	u32			flags;		/* NSBOX_SANDBOX_F_* */
	u32			state;		/* NSBOX_SANDBOX_STATE_* */
	struct net		*owner_net;	/* not counted: see nsbox_net_exit() */
	u32			owner_portid;
	kuid_t			owner_uid;
	u64			created_ns;
	struct net		*net;		/* counted reference, the sandbox */
	struct file		*uts;		/* nsfs file of its UTS ns, or NULL */
	char			name[NSBOX_NAME_MAX + 1];
	char			hostname[NSBOX_HOSTNAME_MAX + 1];
};

/* What a helper run produced: references handed over to the caller. */
struct nsbox_helper_result {
	struct net	*net;
	struct file	*uts;
};

/* sandbox.c */
int nsbox_sandbox_init(void);
void nsbox_sandbox_shutdown(void);
void nsbox_sandbox_exit(void);
int nsbox_sandbox_new(struct genl_info *info, const char *name,
		      const char *hostname, u32 flags);
int nsbox_sandbox_del(struct genl_info *info);
int nsbox_sandbox_get(struct genl_info *info);
int nsbox_sandbox_dump(struct sk_buff *skb, struct netlink_callback *cb);
u32 nsbox_sandbox_count(void);

/* helper.c */
int nsbox_helper_init(void);
void nsbox_helper_shutdown(void);
void nsbox_helper_exit(void);
int nsbox_helper_create(struct genl_info *info, const char *hostname,
			struct nsbox_helper_result *res);
int nsbox_helper_report(struct sk_buff *skb, struct genl_info *info);
u32 nsbox_helper_count(void);

/* netlink.c */
int nsbox_genl_register(void);
void nsbox_genl_unregister(void);
u32 nsbox_genl_family_id(void);
void *nsbox_msg_put(struct sk_buff *skb, u32 portid, u32 seq, int flags, u8 cmd);
int nsbox_put_sandbox(struct sk_buff *skb, const struct nsbox_sandbox *sb);
void nsbox_notify_sandbox(const struct nsbox_sandbox *sb, u8 cmd, u32 reason);

#endif /* _NSBOX_H */
