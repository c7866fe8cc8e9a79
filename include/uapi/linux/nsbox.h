/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * nsbox: kernel-owned network sandboxes over generic netlink.
 *
 * Documentation/netlink/specs/nsbox.yaml is the authoritative description of
 * this family; this header must agree with it (selftests/spec_uapi.py checks).
 * This is an ABI: values are fixed and are never renumbered or reused.
 *
 * Family "nsbox", version NSBOX_GENL_VERSION, multicast group "events".
 * Every operation needs CAP_NET_ADMIN in the initial user namespace.
 *
 * NSBOX_CMD_INFO_GET (do)
 *   request:  (none)
 *   reply:    NSBOX_A_INFO_*
 *
 * NSBOX_CMD_SANDBOX_NEW (do)
 *   request:  NSBOX_A_SANDBOX_NAME (required), NSBOX_A_SANDBOX_HOSTNAME,
 *             NSBOX_A_SANDBOX_FLAGS (NSBOX_SANDBOX_F_OWNED | _PUBLISH)
 *   reply:    the new sandbox, as NSBOX_CMD_SANDBOX_GET; with
 *             NSBOX_SANDBOX_F_PUBLISH also NSBOX_A_SANDBOX_NETNS_FD
 *   Returns once the namespace exists with loopback up, or fails leaving
 *   nothing behind.
 *
 * NSBOX_CMD_SANDBOX_DEL (do)
 *   request:  NSBOX_A_SANDBOX_ID or NSBOX_A_SANDBOX_NAME
 *
 * NSBOX_CMD_SANDBOX_GET (do, dump)
 *   request:  NSBOX_A_SANDBOX_ID or NSBOX_A_SANDBOX_NAME (do only),
 *             NSBOX_A_SANDBOX_WANT_NSFDS (do only)
 *   reply:    NSBOX_A_SANDBOX_* of one sandbox per message; with
 *             NSBOX_A_SANDBOX_WANT_NSFDS, NSBOX_A_SANDBOX_NETNS_FD and (when
 *             the sandbox has a UTS namespace) NSBOX_A_SANDBOX_UTS_FD, file
 *             descriptors installed close-on-exec in the requesting process.
 *   Only sandboxes created from the requester's network namespace are seen.
 *   A dump entry too large for one message carries NSBOX_A_SANDBOX_PARTIAL
 *   and no NSBOX_A_SANDBOX_LINK, _ADDR, _ROUTE or _PROG; a GET of that
 *   sandbox has them.
 *
 * NSBOX_CMD_HELPER_REPORT (do)
 *   Sent by nsbox-helper from inside the namespace it created; accepted only
 *   from the very process the module launched for that request.
 *   request:  NSBOX_A_REPORT_TOKEN, NSBOX_A_REPORT_UTS_FD
 *   A helper serving creates (nsbox-helper serve) first reports with
 *   NSBOX_A_REPORT_SERVE from the initial network namespace; the socket it
 *   used then receives NSBOX_CMD_HELPER_JOB messages, one at a time.
 *
 * NSBOX_CMD_HELPER_JOB (module to a serving helper, unicast)
 *   NSBOX_A_REPORT_TOKEN of the job, NSBOX_A_REPORT_ARG: the words of an
 *   "nsbox-helper create" run, options and steps. The helper reports the
 *   job as a create run does, with the job's token.
 *
 * NSBOX_CMD_SANDBOX_CREATE_NTF, NSBOX_CMD_SANDBOX_DELETE_NTF (events group)
 *   NSBOX_A_SANDBOX_*; deletions carry NSBOX_A_SANDBOX_REASON.
 *
 * NSBOX_CMD_LINK_NEW, NSBOX_CMD_LINK_DEL (do)
 *   request:  NSBOX_A_LINK_SANDBOX, NSBOX_A_LINK_IFNAME, and for NEW
 *             NSBOX_A_LINK_TYPE and its options (NSBOX_A_LINK_*)
 *   A link is created, brought up, and nothing is left on failure. Deleting
 *   a veth removes its peer, wherever it lives.
 *
 * NSBOX_CMD_ADDR_NEW, NSBOX_CMD_ADDR_DEL (do): NSBOX_A_ADDR_*
 * NSBOX_CMD_ROUTE_NEW, NSBOX_CMD_ROUTE_DEL (do): NSBOX_A_ROUTE_*
 *   Routes nsbox installs carry rtm_protocol NSBOX_RTPROT.
 *
 * NSBOX_CMD_SANDBOX_NEW also takes NSBOX_A_SANDBOX_LINK, NSBOX_A_SANDBOX_ADDR
 * and NSBOX_A_SANDBOX_ROUTE (multi-attr nests of the sets above, without the
 * sandbox attribute), applied in that order — links, up, addresses, routes —
 * before the sandbox exists: all or nothing. NSBOX_CMD_SANDBOX_GET reports
 * them the same way. NSBOX_CMD_LINK_CREATE_NTF / _DELETE_NTF announce links.
 *
 * NSBOX_CMD_PROG_EXEC, NSBOX_CMD_PROG_RUN (do): NSBOX_A_PROG_*
 *   Start PROG_PATH (absolute) in the sandbox, through nsbox-helper, which
 *   enters the sandbox's namespaces, applies the privileges and limits asked
 *   for and execs it. Needs CAP_SYS_ADMIN as well (the helper is full root).
 *   EXEC: the program gets the caller's stdin, stdout and stderr (the same
 *   open files) and the environment given; it is killed when the caller's
 *   socket closes. RUN: a supervised daemon with a name (PROG_NAME), output
 *   to PROG_LOG or /dev/null, stopped when the sandbox goes.
 *   reply: NSBOX_A_PROG_ID, NSBOX_A_PROG_PID, once the program is exec'd.
 *   The exit is NSBOX_CMD_PROG_EXIT_NTF, sent to the EXEC caller's socket
 *   and to the events group, with NSBOX_A_PROG_EXIT_STATUS (a wait status).
 *
 * NSBOX_CMD_PROG_KILL (do): PROG_SANDBOX, PROG_ID or PROG_NAME, PROG_SIGNAL.
 */
#ifndef _UAPI_LINUX_NSBOX_H
#define _UAPI_LINUX_NSBOX_H

#define NSBOX_GENL_NAME		"nsbox"
#define NSBOX_GENL_VERSION	1
#define NSBOX_MCGRP_EVENTS	"events"

/* Longest sandbox name, not counting the terminating NUL. */
#define NSBOX_NAME_MAX		63
/* Longest hostname (as the UTS namespace's __NEW_UTS_LEN). */
#define NSBOX_HOSTNAME_MAX	64

enum nsbox_sandbox_flags {
	/* destroyed when the netlink socket that created it closes */
	NSBOX_SANDBOX_F_OWNED	= 1 << 0,
	/* userspace bind-mounts it at /run/netns/NAME (for iproute2) */
	NSBOX_SANDBOX_F_PUBLISH	= 1 << 1,
	/* has its own UTS namespace (set by the module when a hostname is given) */
	NSBOX_SANDBOX_F_UTS	= 1 << 2,
	/* IPv6 disabled inside the sandbox (its own sysctls only) */
	NSBOX_SANDBOX_F_NOIPV6	= 1 << 3,
};

enum nsbox_prog_flags {
	NSBOX_PROG_F_NO_NEW_PRIVS	= 1 << 0,	/* PR_SET_NO_NEW_PRIVS */
	NSBOX_PROG_F_NO_MOUNT_NS	= 1 << 1,	/* keep the caller's mount view */
	NSBOX_PROG_F_DAEMON		= 1 << 2,	/* reply only: started by RUN */
};

enum nsbox_prog_state {
	NSBOX_PROG_STATE_STARTING = 1,
	NSBOX_PROG_STATE_RUNNING,
	NSBOX_PROG_STATE_EXITED,
};

/* rtm_protocol of the routes nsbox installs, so they can be told apart. */
#define NSBOX_RTPROT		0xb0

enum nsbox_link_type {
	NSBOX_LINK_TYPE_TUN = 1,
	NSBOX_LINK_TYPE_TAP,
	NSBOX_LINK_TYPE_VETH,
};

enum nsbox_link_flags {
	NSBOX_LINK_F_MULTI_QUEUE	= 1 << 0,	/* IFF_MULTI_QUEUE */
	NSBOX_LINK_F_VNET_HDR		= 1 << 1,	/* IFF_VNET_HDR */
	NSBOX_LINK_F_PI			= 1 << 2,	/* packet information (no IFF_NO_PI) */
};

enum nsbox_sandbox_state {
	NSBOX_SANDBOX_STATE_CREATING = 1,	/* name reserved, helper running */
	NSBOX_SANDBOX_STATE_READY,		/* namespace exists, loopback up */
};

enum nsbox_delete_reason {
	NSBOX_REASON_REQUEST = 1,	/* NSBOX_CMD_SANDBOX_DEL */
	NSBOX_REASON_OWNER_GONE,	/* the owning socket closed */
	NSBOX_REASON_NETNS_GONE,	/* the owning network namespace went away */
	NSBOX_REASON_MODULE_UNLOAD,	/* rmmod nsbox */
};

/*
 * Exit status of nsbox-helper: each names the step that failed, so that the
 * module can tell the requester which one it was.
 */
enum nsbox_helper_exit {
	NSBOX_HELPER_EXIT_USAGE = 64,	/* bad arguments */
	NSBOX_HELPER_EXIT_UNSHARE,	/* unshare(CLONE_NEWNET[|CLONE_NEWUTS]) */
	NSBOX_HELPER_EXIT_HOSTNAME,	/* sethostname() */
	NSBOX_HELPER_EXIT_LOOPBACK,	/* bringing loopback up */
	NSBOX_HELPER_EXIT_NSFS,		/* opening /proc/self/ns/uts */
	NSBOX_HELPER_EXIT_REPORT,	/* the report to the module */
	NSBOX_HELPER_EXIT_LINK,		/* creating a link */
	NSBOX_HELPER_EXIT_LINK_SETUP,	/* MTU, queue length, owner or up */
	NSBOX_HELPER_EXIT_ADDR,		/* adding or deleting an address */
	NSBOX_HELPER_EXIT_ROUTE,	/* adding or deleting a route */
	NSBOX_HELPER_EXIT_LINK_DEL,	/* deleting a link */
	NSBOX_HELPER_EXIT_SYSCTL,	/* a sysctl of the sandbox */
	NSBOX_HELPER_EXIT_ENTER,	/* entering the sandbox's namespaces */
	NSBOX_HELPER_EXIT_MOUNT,	/* the program's private mount namespace */
	NSBOX_HELPER_EXIT_CREDS,	/* uid, gid, groups, capabilities */
	NSBOX_HELPER_EXIT_RLIMIT,	/* resource limits */
};

enum nsbox_info_attrs {
	NSBOX_A_INFO_UNSPEC,
	NSBOX_A_INFO_MODULE_VERSION,	/* string */
	NSBOX_A_INFO_FAMILY_VERSION,	/* u32 */
	NSBOX_A_INFO_HELPER_PATH,	/* string */
	NSBOX_A_INFO_HELPER_TIMEOUT_MS,	/* u32 */
	NSBOX_A_INFO_MAX_SANDBOXES,	/* u32, module-wide */
	NSBOX_A_INFO_SANDBOXES,		/* u32, live in the whole module */
	NSBOX_A_INFO_HELPERS,		/* u32, helpers running now */
	NSBOX_A_INFO_NAME_MAX,		/* u32 */

	__NSBOX_A_INFO_MAX,
	NSBOX_A_INFO_MAX = __NSBOX_A_INFO_MAX - 1
};

enum nsbox_sandbox_attrs {
	NSBOX_A_SANDBOX_UNSPEC,
	NSBOX_A_SANDBOX_PAD,
	NSBOX_A_SANDBOX_ID,		/* u32, never reused while loaded */
	NSBOX_A_SANDBOX_NAME,		/* string, 1..NSBOX_NAME_MAX of [A-Za-z0-9_.-] */
	NSBOX_A_SANDBOX_HOSTNAME,	/* string, 1..NSBOX_HOSTNAME_MAX */
	NSBOX_A_SANDBOX_FLAGS,		/* u32, enum nsbox_sandbox_flags */
	NSBOX_A_SANDBOX_STATE,		/* u32, enum nsbox_sandbox_state */
	NSBOX_A_SANDBOX_NETNS_INODE,	/* u32, inode number of the namespace */
	NSBOX_A_SANDBOX_OWNER_UID,	/* u32, creator's uid (initial userns) */
	NSBOX_A_SANDBOX_OWNER_PORTID,	/* u32, owning socket (OWNED only) */
	NSBOX_A_SANDBOX_CREATED_NS,	/* u64, CLOCK_REALTIME nanoseconds */
	NSBOX_A_SANDBOX_LINKS,		/* u32, interfaces nsbox made in it */
	NSBOX_A_SANDBOX_PROGRAMS,	/* u32, programs nsbox runs in it */
	NSBOX_A_SANDBOX_WANT_NSFDS,	/* flag, request: hand out namespace fds */
	NSBOX_A_SANDBOX_NETNS_FD,	/* u32, reply: fd of the network namespace */
	NSBOX_A_SANDBOX_UTS_FD,		/* u32, reply: fd of the UTS namespace */
	NSBOX_A_SANDBOX_REASON,		/* u32, enum nsbox_delete_reason */
	NSBOX_A_SANDBOX_LINK,		/* nest, NSBOX_A_LINK_*, multi */
	NSBOX_A_SANDBOX_ADDR,		/* nest, NSBOX_A_ADDR_*, multi */
	NSBOX_A_SANDBOX_ROUTE,		/* nest, NSBOX_A_ROUTE_*, multi */
	NSBOX_A_SANDBOX_PROG,		/* nest, NSBOX_A_PROG_*, multi, reply */
	NSBOX_A_SANDBOX_PARTIAL,	/* flag, dump: links, addresses, routes
					 * and programs left out (too many for
					 * one message); a GET has them all
					 */

	__NSBOX_A_SANDBOX_MAX,
	NSBOX_A_SANDBOX_MAX = __NSBOX_A_SANDBOX_MAX - 1
};

enum nsbox_report_attrs {
	NSBOX_A_REPORT_UNSPEC,
	NSBOX_A_REPORT_PAD,
	NSBOX_A_REPORT_TOKEN,		/* u64, the one-time token from argv */
	NSBOX_A_REPORT_UTS_FD,		/* u32, fd of the helper's UTS namespace */
	NSBOX_A_REPORT_ERRNO,		/* u32, a step failed with this errno */
	NSBOX_A_REPORT_STEP,		/* u32, index of the failed step, from 0 */
	NSBOX_A_REPORT_SERVE,		/* flag, a serving helper is ready */
	NSBOX_A_REPORT_ARG,		/* string, multi: a job's words */

	__NSBOX_A_REPORT_MAX,
	NSBOX_A_REPORT_MAX = __NSBOX_A_REPORT_MAX - 1
};

enum nsbox_link_attrs {
	NSBOX_A_LINK_UNSPEC,
	NSBOX_A_LINK_SANDBOX,		/* string, the sandbox's name */
	NSBOX_A_LINK_IFNAME,		/* string, IFNAMSIZ - 1 at most */
	NSBOX_A_LINK_TYPE,		/* u32, enum nsbox_link_type */
	NSBOX_A_LINK_FLAGS,		/* u32, enum nsbox_link_flags */
	NSBOX_A_LINK_MTU,		/* u32 */
	NSBOX_A_LINK_TXQUEUELEN,	/* u32, default 1000 */
	NSBOX_A_LINK_OWNER,		/* u32, uid that may attach (tun/tap) */
	NSBOX_A_LINK_GROUP,		/* u32, gid that may attach (tun/tap) */
	NSBOX_A_LINK_PEER_IFNAME,	/* string, veth peer's name */
	NSBOX_A_LINK_PEER_SANDBOX,	/* string, sandbox of the peer; host if absent */
	NSBOX_A_LINK_IFINDEX,		/* u32, reply */
	NSBOX_A_LINK_OPERSTATE,		/* u32, reply: IF_OPER_* */
	NSBOX_A_LINK_DEV_FLAGS,		/* u32, reply: IFF_* of the device */

	__NSBOX_A_LINK_MAX,
	NSBOX_A_LINK_MAX = __NSBOX_A_LINK_MAX - 1
};

enum nsbox_addr_attrs {
	NSBOX_A_ADDR_UNSPEC,
	NSBOX_A_ADDR_SANDBOX,		/* string */
	NSBOX_A_ADDR_IFNAME,		/* string */
	NSBOX_A_ADDR_ADDRESS,		/* binary, 4 (IPv4) or 16 (IPv6) bytes */
	NSBOX_A_ADDR_PREFIXLEN,		/* u8 */

	__NSBOX_A_ADDR_MAX,
	NSBOX_A_ADDR_MAX = __NSBOX_A_ADDR_MAX - 1
};

enum nsbox_route_attrs {
	NSBOX_A_ROUTE_UNSPEC,
	NSBOX_A_ROUTE_SANDBOX,		/* string */
	NSBOX_A_ROUTE_DST,		/* binary, 4 or 16 bytes */
	NSBOX_A_ROUTE_DST_LEN,		/* u8 */
	NSBOX_A_ROUTE_GATEWAY,		/* binary, same family as DST */
	NSBOX_A_ROUTE_IFNAME,		/* string */
	NSBOX_A_ROUTE_MTU,		/* u32 */
	NSBOX_A_ROUTE_ADVMSS,		/* u32 */
	NSBOX_A_ROUTE_METRIC,		/* u32 */
	NSBOX_A_ROUTE_TABLE,		/* u32, main if absent */
	NSBOX_A_ROUTE_REPLACE,		/* flag: replace an existing route */

	__NSBOX_A_ROUTE_MAX,
	NSBOX_A_ROUTE_MAX = __NSBOX_A_ROUTE_MAX - 1
};

enum nsbox_rlimit_attrs {
	NSBOX_A_RLIMIT_UNSPEC,
	NSBOX_A_RLIMIT_PAD,
	NSBOX_A_RLIMIT_RESOURCE,	/* u32, RLIMIT_* */
	NSBOX_A_RLIMIT_SOFT,		/* u64, ~0 for infinity */
	NSBOX_A_RLIMIT_HARD,		/* u64, ~0 for infinity */

	__NSBOX_A_RLIMIT_MAX,
	NSBOX_A_RLIMIT_MAX = __NSBOX_A_RLIMIT_MAX - 1
};

enum nsbox_prog_attrs {
	NSBOX_A_PROG_UNSPEC,
	NSBOX_A_PROG_PAD,
	NSBOX_A_PROG_SANDBOX,		/* string, the sandbox's name */
	NSBOX_A_PROG_PATH,		/* string, absolute */
	NSBOX_A_PROG_ARG,		/* string, multi: argv from argv[0] */
	NSBOX_A_PROG_ENV,		/* string, multi: NAME=VALUE */
	NSBOX_A_PROG_CWD,		/* string, absolute */
	NSBOX_A_PROG_UID,		/* u32 */
	NSBOX_A_PROG_GID,		/* u32 */
	NSBOX_A_PROG_GROUPS,		/* binary, u32 array */
	NSBOX_A_PROG_CAPS,		/* u64, capabilities to keep (bit CAP_*) */
	NSBOX_A_PROG_FLAGS,		/* u32, enum nsbox_prog_flags */
	NSBOX_A_PROG_RLIMIT,		/* nest, NSBOX_A_RLIMIT_*, multi */
	NSBOX_A_PROG_TIMEOUT_MS,	/* u32, killed after this long */
	NSBOX_A_PROG_NAME,		/* string, RUN: the daemon's name */
	NSBOX_A_PROG_LOG,		/* string, RUN: absolute path of its log */
	NSBOX_A_PROG_ID,		/* u32 */
	NSBOX_A_PROG_PID,		/* u32, in the initial pid namespace */
	NSBOX_A_PROG_STATE,		/* u32, enum nsbox_prog_state */
	NSBOX_A_PROG_STARTED_NS,	/* u64, CLOCK_REALTIME nanoseconds */
	NSBOX_A_PROG_EXIT_STATUS,	/* u32, wait status */
	NSBOX_A_PROG_SIGNAL,		/* u32, KILL: the signal */

	__NSBOX_A_PROG_MAX,
	NSBOX_A_PROG_MAX = __NSBOX_A_PROG_MAX - 1
};

enum nsbox_cmd {
	NSBOX_CMD_UNSPEC,
	NSBOX_CMD_INFO_GET,
	NSBOX_CMD_SANDBOX_NEW,
	NSBOX_CMD_SANDBOX_DEL,
	NSBOX_CMD_SANDBOX_GET,
	NSBOX_CMD_HELPER_REPORT,
	NSBOX_CMD_SANDBOX_CREATE_NTF,
	NSBOX_CMD_SANDBOX_DELETE_NTF,
	NSBOX_CMD_LINK_NEW,
	NSBOX_CMD_LINK_DEL,
	NSBOX_CMD_ADDR_NEW,
	NSBOX_CMD_ADDR_DEL,
	NSBOX_CMD_ROUTE_NEW,
	NSBOX_CMD_ROUTE_DEL,
	NSBOX_CMD_LINK_CREATE_NTF,
	NSBOX_CMD_LINK_DELETE_NTF,
	NSBOX_CMD_PROG_EXEC,
	NSBOX_CMD_PROG_RUN,
	NSBOX_CMD_PROG_KILL,
	NSBOX_CMD_PROG_EXIT_NTF,
	NSBOX_CMD_HELPER_JOB,

	__NSBOX_CMD_MAX,
	NSBOX_CMD_MAX = __NSBOX_CMD_MAX - 1
};

#endif /* _UAPI_LINUX_NSBOX_H */
