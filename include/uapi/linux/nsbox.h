/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/nsbox.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_NSBOX_H
#define _UAPI_LINUX_NSBOX_H

#define NSBOX_GENL_NAME		"nsbox"
#define NSBOX_GENL_VERSION	1

#define NSBOX_NAME_MAX		127
#define NSBOX_HOSTNAME_MAX	64

/**
 * enum nsbox_sandbox_flags - Sandbox flags.
 * @NSBOX_SANDBOX_F_OWNED: Destroyed when the netlink socket that created it
 *   closes.
 * @NSBOX_SANDBOX_F_PUBLISH: Userspace bind-mounts the namespace at
 *   /run/netns/NAME.
 * @NSBOX_SANDBOX_F_UTS: Has its own UTS namespace (set when a hostname is
 *   given).
 * @NSBOX_SANDBOX_F_NOIPV6: IPv6 is disabled inside the sandbox (its own
 *   sysctls only).
 * @NSBOX_SANDBOX_F_ADOPTED: The namespace was adopted (adopt-fd, adopt-pid),
 *   not made by nsbox (reply only). Deleting the sandbox removes what nsbox
 *   put in it and leaves the namespace to its owner.
 * @NSBOX_SANDBOX_F_DESTROY: For an adopted namespace: deleting the sandbox
 *   also deletes every device in it but loopback (a device that cannot be
 *   deleted goes back to the initial namespace, as when a namespace dies).
 */
enum nsbox_sandbox_flags {
	NSBOX_SANDBOX_F_OWNED = 1,
	NSBOX_SANDBOX_F_PUBLISH = 2,
	NSBOX_SANDBOX_F_UTS = 4,
	NSBOX_SANDBOX_F_NOIPV6 = 8,
	NSBOX_SANDBOX_F_ADOPTED = 16,
	NSBOX_SANDBOX_F_DESTROY = 32,
};

/**
 * enum nsbox_prog_flags - Program options.
 * @NSBOX_PROG_F_NO_NEW_PRIVS: Set PR_SET_NO_NEW_PRIVS before exec.
 * @NSBOX_PROG_F_NO_MOUNT_NS: Keep the caller's mount view (no private /sys and
 *   /etc/netns binds).
 * @NSBOX_PROG_F_DAEMON: Started by prog-run (reply only).
 * @NSBOX_PROG_F_PIDNS: PID 1 of a new pid namespace, with /proc mounted for it
 *   in its mount namespace (not with no-mount-ns); its descendants die with
 *   it.
 * @NSBOX_PROG_F_IPCNS: A new IPC namespace (System V IPC, POSIX message
 *   queues).
 */
enum nsbox_prog_flags {
	NSBOX_PROG_F_NO_NEW_PRIVS = 1,
	NSBOX_PROG_F_NO_MOUNT_NS = 2,
	NSBOX_PROG_F_DAEMON = 4,
	NSBOX_PROG_F_PIDNS = 8,
	NSBOX_PROG_F_IPCNS = 16,
};

/**
 * enum nsbox_prog_state - Life-cycle state of a program.
 * @NSBOX_PROG_STATE_STARTING: The helper is preparing it.
 * @NSBOX_PROG_STATE_RUNNING: Exec'd.
 * @NSBOX_PROG_STATE_EXITED: Exited; its status is known.
 * @NSBOX_PROG_STATE_RESTARTING: A daemon that exited, waiting out its restart
 *   delay.
 * @NSBOX_PROG_STATE_FAILED: A daemon left failed: its restarts hit the start
 *   limit, or a restart could not start it (failed-reason says which).
 */
enum nsbox_prog_state {
	NSBOX_PROG_STATE_STARTING = 1,
	NSBOX_PROG_STATE_RUNNING,
	NSBOX_PROG_STATE_EXITED,
	NSBOX_PROG_STATE_RESTARTING,
	NSBOX_PROG_STATE_FAILED,
};

/**
 * enum nsbox_prog_restart - When a daemon is started again after it exits
 *   (prog-run).
 * @NSBOX_PROG_RESTART_NO: Never (the default).
 * @NSBOX_PROG_RESTART_ON_FAILURE: When it exits with a status other than 0, is
 *   killed by a signal other than SIGHUP, SIGINT, SIGTERM or SIGPIPE, or runs
 *   past its timeout.
 * @NSBOX_PROG_RESTART_ALWAYS: Whenever it exits.
 */
enum nsbox_prog_restart {
	NSBOX_PROG_RESTART_NO = 1,
	NSBOX_PROG_RESTART_ON_FAILURE,
	NSBOX_PROG_RESTART_ALWAYS,
};

#define NSBOX_RTPROT	176

/**
 * enum nsbox_link_type - Kind of link.
 * @NSBOX_LINK_TYPE_TUN: A persistent TUN device (layer 3).
 * @NSBOX_LINK_TYPE_TAP: A persistent TAP device (layer 2).
 * @NSBOX_LINK_TYPE_VETH: A veth pair.
 * @NSBOX_LINK_TYPE_DUMMY: A dummy device (Ethernet, drops what it is sent).
 * @NSBOX_LINK_TYPE_BRIDGE: An Ethernet bridge, for links of the same sandbox
 *   to join (master).
 * @NSBOX_LINK_TYPE_MACVLAN: A macvlan on a parent device of the owner
 *   namespace (mode).
 * @NSBOX_LINK_TYPE_IPVLAN: An ipvlan on a parent device of the owner namespace
 *   (mode).
 * @NSBOX_LINK_TYPE_VLAN: An 802.1Q VLAN on a parent device of the owner
 *   namespace (vlan-id).
 * @NSBOX_LINK_TYPE_HOST: A device of the owner namespace moved in (link-move,
 *   never made); it goes back under its old name with link-release or when the
 *   sandbox goes.
 * @NSBOX_LINK_TYPE_VXLAN: A VXLAN tunnel in the sandbox (vni, remote or
 *   vxlan-group, local, port, underlay).
 */
enum nsbox_link_type {
	NSBOX_LINK_TYPE_TUN = 1,
	NSBOX_LINK_TYPE_TAP,
	NSBOX_LINK_TYPE_VETH,
	NSBOX_LINK_TYPE_DUMMY,
	NSBOX_LINK_TYPE_BRIDGE,
	NSBOX_LINK_TYPE_MACVLAN,
	NSBOX_LINK_TYPE_IPVLAN,
	NSBOX_LINK_TYPE_VLAN,
	NSBOX_LINK_TYPE_HOST,
	NSBOX_LINK_TYPE_VXLAN,
};

/**
 * enum nsbox_link_mode - Mode of a macvlan (private, vepa, bridge, passthru)
 *   or an ipvlan (l2, l3, l3s).
 * @NSBOX_LINK_MODE_PRIVATE: Macvlan - no traffic between the parent's
 *   macvlans.
 * @NSBOX_LINK_MODE_VEPA: Macvlan - traffic between them goes out to the
 *   switch.
 * @NSBOX_LINK_MODE_BRIDGE: Macvlan - they reach each other directly (the
 *   default).
 * @NSBOX_LINK_MODE_PASSTHRU: Macvlan - the only one on its parent, which it
 *   takes over.
 * @NSBOX_LINK_MODE_L2: Ipvlan - switching on layer 2 (the default).
 * @NSBOX_LINK_MODE_L3: Ipvlan - routing on layer 3.
 * @NSBOX_LINK_MODE_L3S: Ipvlan - layer 3 with the parent's netfilter.
 */
enum nsbox_link_mode {
	NSBOX_LINK_MODE_PRIVATE = 1,
	NSBOX_LINK_MODE_VEPA,
	NSBOX_LINK_MODE_BRIDGE,
	NSBOX_LINK_MODE_PASSTHRU,
	NSBOX_LINK_MODE_L2,
	NSBOX_LINK_MODE_L3,
	NSBOX_LINK_MODE_L3S,
};

/**
 * enum nsbox_link_flags - TUN/TAP options.
 * @NSBOX_LINK_F_MULTI_QUEUE: IFF_MULTI_QUEUE.
 * @NSBOX_LINK_F_VNET_HDR: IFF_VNET_HDR.
 * @NSBOX_LINK_F_PI: Packet information header (no IFF_NO_PI).
 */
enum nsbox_link_flags {
	NSBOX_LINK_F_MULTI_QUEUE = 1,
	NSBOX_LINK_F_VNET_HDR = 2,
	NSBOX_LINK_F_PI = 4,
};

/**
 * enum nsbox_route_type - Kind of route.
 * @NSBOX_ROUTE_TYPE_UNICAST: Through a gateway or a device (the default).
 * @NSBOX_ROUTE_TYPE_BLACKHOLE: Packets are dropped silently.
 * @NSBOX_ROUTE_TYPE_UNREACHABLE: Packets are dropped with ICMP host
 *   unreachable.
 * @NSBOX_ROUTE_TYPE_PROHIBIT: Packets are dropped with ICMP administratively
 *   prohibited.
 */
enum nsbox_route_type {
	NSBOX_ROUTE_TYPE_UNICAST = 1,
	NSBOX_ROUTE_TYPE_BLACKHOLE,
	NSBOX_ROUTE_TYPE_UNREACHABLE,
	NSBOX_ROUTE_TYPE_PROHIBIT,
};

/**
 * enum nsbox_sandbox_state - Life-cycle state of a sandbox.
 * @NSBOX_SANDBOX_STATE_CREATING: Name reserved, the helper is creating the
 *   namespace.
 * @NSBOX_SANDBOX_STATE_READY: Namespace exists, loopback up.
 */
enum nsbox_sandbox_state {
	NSBOX_SANDBOX_STATE_CREATING = 1,
	NSBOX_SANDBOX_STATE_READY,
};

/**
 * enum nsbox_delete_reason - Why a sandbox was destroyed.
 * @NSBOX_REASON_REQUEST: A sandbox-del request.
 * @NSBOX_REASON_OWNER_GONE: The netlink socket owning it closed.
 * @NSBOX_REASON_NETNS_GONE: The network namespace it belongs to went away.
 * @NSBOX_REASON_MODULE_UNLOAD: The nsbox module was unloaded.
 */
enum nsbox_delete_reason {
	NSBOX_REASON_REQUEST = 1,
	NSBOX_REASON_OWNER_GONE,
	NSBOX_REASON_NETNS_GONE,
	NSBOX_REASON_MODULE_UNLOAD,
};

/**
 * enum nsbox_helper_exit - Exit status of nsbox-helper, naming the step that
 *   failed.
 * @NSBOX_HELPER_EXIT_USAGE: Bad arguments.
 * @NSBOX_HELPER_EXIT_UNSHARE: unshare() of the new namespaces.
 * @NSBOX_HELPER_EXIT_HOSTNAME: sethostname().
 * @NSBOX_HELPER_EXIT_LOOPBACK: Bringing loopback up.
 * @NSBOX_HELPER_EXIT_NSFS: Opening /proc/self/ns/uts.
 * @NSBOX_HELPER_EXIT_REPORT: The report to the module.
 * @NSBOX_HELPER_EXIT_LINK: Creating a link.
 * @NSBOX_HELPER_EXIT_LINK_SETUP: Setting MTU, queue length, owner or bringing
 *   a link up.
 * @NSBOX_HELPER_EXIT_ADDR: Adding or deleting an address.
 * @NSBOX_HELPER_EXIT_ROUTE: Adding or deleting a route.
 * @NSBOX_HELPER_EXIT_LINK_DEL: Deleting a link.
 * @NSBOX_HELPER_EXIT_SYSCTL: Writing a sysctl of the sandbox.
 * @NSBOX_HELPER_EXIT_ENTER: Entering the sandbox's namespaces.
 * @NSBOX_HELPER_EXIT_MOUNT: Setting up the program's private mount namespace.
 * @NSBOX_HELPER_EXIT_CREDS: Setting uid, gid, groups or capabilities.
 * @NSBOX_HELPER_EXIT_RLIMIT: Setting resource limits.
 * @NSBOX_HELPER_EXIT_NEIGH: Adding or deleting a neighbour.
 * @NSBOX_HELPER_EXIT_TUN: Opening the queues of a TUN or TAP link for the
 *   program.
 * @NSBOX_HELPER_EXIT_CGROUP2: cgroup v2 is not mounted at /sys/fs/cgroup.
 * @NSBOX_HELPER_EXIT_CGROUP_CONTROLLER: A controller the program's limits need
 *   (memory, cpu, pids) is not enabled.
 * @NSBOX_HELPER_EXIT_CGROUP: Making the program's cgroup, setting its limits
 *   or moving into it.
 */
enum nsbox_helper_exit {
	NSBOX_HELPER_EXIT_USAGE = 64,
	NSBOX_HELPER_EXIT_UNSHARE,
	NSBOX_HELPER_EXIT_HOSTNAME,
	NSBOX_HELPER_EXIT_LOOPBACK,
	NSBOX_HELPER_EXIT_NSFS,
	NSBOX_HELPER_EXIT_REPORT,
	NSBOX_HELPER_EXIT_LINK,
	NSBOX_HELPER_EXIT_LINK_SETUP,
	NSBOX_HELPER_EXIT_ADDR,
	NSBOX_HELPER_EXIT_ROUTE,
	NSBOX_HELPER_EXIT_LINK_DEL,
	NSBOX_HELPER_EXIT_SYSCTL,
	NSBOX_HELPER_EXIT_ENTER,
	NSBOX_HELPER_EXIT_MOUNT,
	NSBOX_HELPER_EXIT_CREDS,
	NSBOX_HELPER_EXIT_RLIMIT,
	NSBOX_HELPER_EXIT_NEIGH,
	NSBOX_HELPER_EXIT_TUN,
	NSBOX_HELPER_EXIT_CGROUP2,
	NSBOX_HELPER_EXIT_CGROUP_CONTROLLER,
	NSBOX_HELPER_EXIT_CGROUP,
};

#define NSBOX_SYSCTL_KEY_MAX		63
#define NSBOX_SYSCTL_VALUE_MAX		31
#define NSBOX_PROG_TUN_MAX		8
#define NSBOX_PROG_TUN_QUEUES_MAX	16
#define NSBOX_CGROUP_NAME_MAX		39

enum nsbox_info_attrs {
	NSBOX_A_INFO_MODULE_VERSION = 1,
	NSBOX_A_INFO_FAMILY_VERSION,
	NSBOX_A_INFO_HELPER_PATH,
	NSBOX_A_INFO_HELPER_TIMEOUT_MS,
	NSBOX_A_INFO_MAX_SANDBOXES,
	NSBOX_A_INFO_SANDBOXES,
	NSBOX_A_INFO_HELPERS,
	NSBOX_A_INFO_NAME_MAX,

	__NSBOX_A_INFO_MAX,
	NSBOX_A_INFO_MAX = (__NSBOX_A_INFO_MAX - 1)
};

enum nsbox_sandbox_attrs {
	NSBOX_A_SANDBOX_PAD = 1,
	NSBOX_A_SANDBOX_ID,
	NSBOX_A_SANDBOX_NAME,
	NSBOX_A_SANDBOX_HOSTNAME,
	NSBOX_A_SANDBOX_FLAGS,
	NSBOX_A_SANDBOX_STATE,
	NSBOX_A_SANDBOX_NETNS_INODE,
	NSBOX_A_SANDBOX_OWNER_UID,
	NSBOX_A_SANDBOX_OWNER_PORTID,
	NSBOX_A_SANDBOX_CREATED_NS,
	NSBOX_A_SANDBOX_LINKS,
	NSBOX_A_SANDBOX_PROGRAMS,
	NSBOX_A_SANDBOX_WANT_NSFDS,
	NSBOX_A_SANDBOX_NETNS_FD,
	NSBOX_A_SANDBOX_UTS_FD,
	NSBOX_A_SANDBOX_REASON,
	NSBOX_A_SANDBOX_LINK,
	NSBOX_A_SANDBOX_ADDR,
	NSBOX_A_SANDBOX_ROUTE,
	NSBOX_A_SANDBOX_PROG,
	NSBOX_A_SANDBOX_PARTIAL,
	NSBOX_A_SANDBOX_ADOPT_FD,
	NSBOX_A_SANDBOX_ADOPT_PID,
	NSBOX_A_SANDBOX_SYSCTL,
	NSBOX_A_SANDBOX_NEIGH,

	__NSBOX_A_SANDBOX_MAX,
	NSBOX_A_SANDBOX_MAX = (__NSBOX_A_SANDBOX_MAX - 1)
};

enum nsbox_link_attrs {
	NSBOX_A_LINK_SANDBOX = 1,
	NSBOX_A_LINK_IFNAME,
	NSBOX_A_LINK_TYPE,
	NSBOX_A_LINK_FLAGS,
	NSBOX_A_LINK_MTU,
	NSBOX_A_LINK_TXQUEUELEN,
	NSBOX_A_LINK_OWNER,
	NSBOX_A_LINK_GROUP,
	NSBOX_A_LINK_PEER_IFNAME,
	NSBOX_A_LINK_PEER_SANDBOX,
	NSBOX_A_LINK_IFINDEX,
	NSBOX_A_LINK_OPERSTATE,
	NSBOX_A_LINK_DEV_FLAGS,
	NSBOX_A_LINK_ADDRESS,
	NSBOX_A_LINK_MASTER,
	NSBOX_A_LINK_NOMASTER,
	NSBOX_A_LINK_UP,
	NSBOX_A_LINK_PARENT,
	NSBOX_A_LINK_MODE,
	NSBOX_A_LINK_VLAN_ID,
	NSBOX_A_LINK_HOST_IFNAME,
	NSBOX_A_LINK_VNI,
	NSBOX_A_LINK_REMOTE,
	NSBOX_A_LINK_VXLAN_GROUP,
	NSBOX_A_LINK_LOCAL,
	NSBOX_A_LINK_PORT,
	NSBOX_A_LINK_UNDERLAY,

	__NSBOX_A_LINK_MAX,
	NSBOX_A_LINK_MAX = (__NSBOX_A_LINK_MAX - 1)
};

enum nsbox_addr_attrs {
	NSBOX_A_ADDR_SANDBOX = 1,
	NSBOX_A_ADDR_IFNAME,
	NSBOX_A_ADDR_ADDRESS,
	NSBOX_A_ADDR_PREFIXLEN,
	NSBOX_A_ADDR_REPLACE,

	__NSBOX_A_ADDR_MAX,
	NSBOX_A_ADDR_MAX = (__NSBOX_A_ADDR_MAX - 1)
};

enum nsbox_route_attrs {
	NSBOX_A_ROUTE_SANDBOX = 1,
	NSBOX_A_ROUTE_DST,
	NSBOX_A_ROUTE_DST_LEN,
	NSBOX_A_ROUTE_GATEWAY,
	NSBOX_A_ROUTE_IFNAME,
	NSBOX_A_ROUTE_MTU,
	NSBOX_A_ROUTE_ADVMSS,
	NSBOX_A_ROUTE_METRIC,
	NSBOX_A_ROUTE_TABLE,
	NSBOX_A_ROUTE_REPLACE,
	NSBOX_A_ROUTE_SRC,
	NSBOX_A_ROUTE_ONLINK,
	NSBOX_A_ROUTE_SCOPE,
	NSBOX_A_ROUTE_TYPE,
	NSBOX_A_ROUTE_NEXTHOP,

	__NSBOX_A_ROUTE_MAX,
	NSBOX_A_ROUTE_MAX = (__NSBOX_A_ROUTE_MAX - 1)
};

enum nsbox_nexthop_attrs {
	NSBOX_A_NEXTHOP_GATEWAY = 1,
	NSBOX_A_NEXTHOP_IFNAME,
	NSBOX_A_NEXTHOP_WEIGHT,

	__NSBOX_A_NEXTHOP_MAX,
	NSBOX_A_NEXTHOP_MAX = (__NSBOX_A_NEXTHOP_MAX - 1)
};

enum nsbox_rlimit_attrs {
	NSBOX_A_RLIMIT_PAD = 1,
	NSBOX_A_RLIMIT_RESOURCE,
	NSBOX_A_RLIMIT_SOFT,
	NSBOX_A_RLIMIT_HARD,

	__NSBOX_A_RLIMIT_MAX,
	NSBOX_A_RLIMIT_MAX = (__NSBOX_A_RLIMIT_MAX - 1)
};

enum nsbox_prog_attrs {
	NSBOX_A_PROG_PAD = 1,
	NSBOX_A_PROG_SANDBOX,
	NSBOX_A_PROG_PATH,
	NSBOX_A_PROG_ARG,
	NSBOX_A_PROG_ENV,
	NSBOX_A_PROG_CWD,
	NSBOX_A_PROG_UID,
	NSBOX_A_PROG_GID,
	NSBOX_A_PROG_GROUPS,
	NSBOX_A_PROG_CAPS,
	NSBOX_A_PROG_FLAGS,
	NSBOX_A_PROG_RLIMIT,
	NSBOX_A_PROG_TIMEOUT_MS,
	NSBOX_A_PROG_NAME,
	NSBOX_A_PROG_LOG,
	NSBOX_A_PROG_ID,
	NSBOX_A_PROG_PID,
	NSBOX_A_PROG_STATE,
	NSBOX_A_PROG_STARTED_NS,
	NSBOX_A_PROG_EXIT_STATUS,
	NSBOX_A_PROG_SIGNAL,
	NSBOX_A_PROG_TUN,
	NSBOX_A_PROG_MEMORY_MAX,
	NSBOX_A_PROG_CPU_QUOTA_US,
	NSBOX_A_PROG_CPU_PERIOD_US,
	NSBOX_A_PROG_CPU_WEIGHT,
	NSBOX_A_PROG_PIDS_MAX,
	NSBOX_A_PROG_CGROUP,
	NSBOX_A_PROG_OOM_KILLS,
	NSBOX_A_PROG_RESTART,
	NSBOX_A_PROG_RESTART_DELAY_MS,
	NSBOX_A_PROG_RESTART_DELAY_MAX_MS,
	NSBOX_A_PROG_START_LIMIT_BURST,
	NSBOX_A_PROG_START_LIMIT_INTERVAL_MS,
	NSBOX_A_PROG_RESTARTS,
	NSBOX_A_PROG_RESTART_IN_MS,
	NSBOX_A_PROG_FAILED_REASON,

	__NSBOX_A_PROG_MAX,
	NSBOX_A_PROG_MAX = (__NSBOX_A_PROG_MAX - 1)
};

enum nsbox_report_attrs {
	NSBOX_A_REPORT_PAD = 1,
	NSBOX_A_REPORT_TOKEN,
	NSBOX_A_REPORT_UTS_FD,
	NSBOX_A_REPORT_ERRNO,
	NSBOX_A_REPORT_STEP,
	NSBOX_A_REPORT_SERVE,
	NSBOX_A_REPORT_ARG,
	NSBOX_A_REPORT_JOB_STEP,
	NSBOX_A_REPORT_JOB_PROG,
	NSBOX_A_REPORT_JOB_HOSTNAME,

	__NSBOX_A_REPORT_MAX,
	NSBOX_A_REPORT_MAX = (__NSBOX_A_REPORT_MAX - 1)
};

enum nsbox_job_step_attrs {
	NSBOX_A_JOB_STEP_LINK = 1,
	NSBOX_A_JOB_STEP_ADDR,
	NSBOX_A_JOB_STEP_ROUTE,
	NSBOX_A_JOB_STEP_LINK_DEL,
	NSBOX_A_JOB_STEP_NOIPV6,
	NSBOX_A_JOB_STEP_DEL,
	NSBOX_A_JOB_STEP_PEER_FD,
	NSBOX_A_JOB_STEP_LINK_MOVE,
	NSBOX_A_JOB_STEP_SYSCTL,
	NSBOX_A_JOB_STEP_NEIGH,
	NSBOX_A_JOB_STEP_LINK_SET,

	__NSBOX_A_JOB_STEP_MAX,
	NSBOX_A_JOB_STEP_MAX = (__NSBOX_A_JOB_STEP_MAX - 1)
};

enum nsbox_sysctl_attrs {
	NSBOX_A_SYSCTL_SANDBOX = 1,
	NSBOX_A_SYSCTL_KEY,
	NSBOX_A_SYSCTL_VALUE,

	__NSBOX_A_SYSCTL_MAX,
	NSBOX_A_SYSCTL_MAX = (__NSBOX_A_SYSCTL_MAX - 1)
};

enum nsbox_neigh_attrs {
	NSBOX_A_NEIGH_SANDBOX = 1,
	NSBOX_A_NEIGH_IFNAME,
	NSBOX_A_NEIGH_ADDRESS,
	NSBOX_A_NEIGH_LLADDR,

	__NSBOX_A_NEIGH_MAX,
	NSBOX_A_NEIGH_MAX = (__NSBOX_A_NEIGH_MAX - 1)
};

enum nsbox_prog_tun_attrs {
	NSBOX_A_PROG_TUN_IFNAME = 1,
	NSBOX_A_PROG_TUN_QUEUES,
	NSBOX_A_PROG_TUN_TYPE,
	NSBOX_A_PROG_TUN_FLAGS,

	__NSBOX_A_PROG_TUN_MAX,
	NSBOX_A_PROG_TUN_MAX = (__NSBOX_A_PROG_TUN_MAX - 1)
};

enum nsbox_cmd {
	NSBOX_CMD_INFO_GET = 1,
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
	NSBOX_CMD_HELPER_JOB_GET,
	NSBOX_CMD_LINK_GET,
	NSBOX_CMD_ADDR_GET,
	NSBOX_CMD_ROUTE_GET,
	NSBOX_CMD_PROG_GET,
	NSBOX_CMD_LINK_MOVE,
	NSBOX_CMD_LINK_RELEASE,
	NSBOX_CMD_SYSCTL_SET,
	NSBOX_CMD_SYSCTL_GET,
	NSBOX_CMD_NEIGH_NEW,
	NSBOX_CMD_NEIGH_DEL,
	NSBOX_CMD_NEIGH_GET,
	NSBOX_CMD_LINK_SET,
	NSBOX_CMD_LINK_CHANGE_NTF,
	NSBOX_CMD_PROG_RESTART_NTF,

	__NSBOX_CMD_MAX,
	NSBOX_CMD_MAX = (__NSBOX_CMD_MAX - 1)
};

#define NSBOX_MCGRP_EVENTS	"events"

#endif /* _UAPI_LINUX_NSBOX_H */
