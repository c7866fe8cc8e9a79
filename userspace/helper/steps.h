/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The steps nsbox-helper runs inside a sandbox's network namespace.
 *
 * The module passes them as argv words, each step ended by a lone ";" (the
 * last one may omit it):
 *
 *   link IFNAME tun|tap [mtu N] [txqueuelen N] [multi_queue] [vnet_hdr] [pi]
 *                       [owner UID] [group GID] ;
 *   link IFNAME veth peer PEERNAME [peer-fd FD] [mtu N] [txqueuelen N] ;
 *   link-del IFNAME ;
 *   addr add|del IFNAME ADDRESS/PLEN ;
 *   route add|del DST/PLEN [via GATEWAY] [dev IFNAME] [mtu N] [advmss N]
 *                          [metric N] [table N] [replace] ;
 *   noipv6 ;
 *
 * All of them are parsed before any runs, so that bad arguments change
 * nothing.
 */
#ifndef NSBOX_HELPER_STEPS_H
#define NSBOX_HELPER_STEPS_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "rtnl.h"

enum step_kind {
	STEP_LINK,
	STEP_LINK_DEL,
	STEP_ADDR,
	STEP_ROUTE,
	STEP_NOIPV6,
};

enum link_kind {
	LINK_TUN,
	LINK_TAP,
	LINK_VETH,
};

struct link_step {
	enum link_kind	kind;
	char		ifname[IFNAMSIZ];
	bool		has_mtu, has_txqlen, has_owner, has_group;
	uint32_t	mtu;
	uint32_t	txqlen;
	uint32_t	owner;
	uint32_t	group;
	unsigned int	flags;		/* NSBOX_LINK_F_* (tun/tap) */
	char		peer[IFNAMSIZ];	/* veth */
	int		peer_fd;	/* veth: -1 keeps the peer beside it */
};

struct addr_step {
	bool			del;
	char			ifname[IFNAMSIZ];
	struct inet_prefix	pfx;
	int			ifindex;	/* resolved by the run */
};

struct route_step {
	bool			del;
	char			dev[IFNAMSIZ];	/* "" for none */
	struct rtnl_route	r;		/* r.oif is resolved from dev */
};

struct step {
	enum step_kind	kind;
	/* set by the run once the step created something, for undo */
	bool		created;
	union {
		struct link_step	link;
		char			ifname[IFNAMSIZ];	/* link-del */
		struct addr_step	addr;
		struct route_step	route;
	};
};

struct steps {
	struct step	*v;
	unsigned int	n;
};

/* What made a run fail. */
struct step_failure {
	unsigned int	index;	/* of the step, from 0 */
	int		err;	/* positive errno */
	int		code;	/* enum nsbox_helper_exit */
};

/* parse.c */
int steps_parse(struct steps *steps, int argc, char **argv);
void steps_free(struct steps *steps);

/* steps.c */
int steps_run(struct steps *steps, struct step_failure *fail);
void steps_undo(struct steps *steps);

#endif /* NSBOX_HELPER_STEPS_H */
