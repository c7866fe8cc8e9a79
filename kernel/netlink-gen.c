// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/nsbox.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include <uapi/linux/nsbox.h>
#include <nsbox-compat.h>

/* Integer value ranges */
static const struct netlink_range_validation nsbox_a_link_mtu_range = {
	.min	= 68ULL,
	.max	= 65535ULL,
};

static const struct netlink_range_validation nsbox_a_link_txqueuelen_range = {
	.max	= 1048576ULL,
};

static const struct netlink_range_validation nsbox_a_link_vni_range = {
	.max	= 16777215ULL,
};

static const struct netlink_range_validation nsbox_a_link_port_range = {
	.min	= 1ULL,
	.max	= 65535ULL,
};

static const struct netlink_range_validation nsbox_a_route_mtu_range = {
	.min	= 68ULL,
	.max	= 65535ULL,
};

static const struct netlink_range_validation nsbox_a_route_advmss_range = {
	.min	= 1ULL,
	.max	= 65535ULL,
};

static const struct netlink_range_validation nsbox_a_prog_cpu_period_us_range = {
	.min	= 1000ULL,
	.max	= 1000000ULL,
};

static const struct netlink_range_validation nsbox_a_prog_restart_delay_ms_range = {
	.min	= 1ULL,
	.max	= 3600000ULL,
};

static const struct netlink_range_validation nsbox_a_prog_restart_delay_max_ms_range = {
	.min	= 1ULL,
	.max	= 3600000ULL,
};

static const struct netlink_range_validation nsbox_a_prog_start_limit_interval_ms_range = {
	.min	= 1ULL,
	.max	= 86400000ULL,
};

/* Common nested types */
const struct nla_policy nsbox_nexthop_nl_policy[NSBOX_A_NEXTHOP_WEIGHT + 1] = {
	[NSBOX_A_NEXTHOP_GATEWAY] = { .type = NLA_BINARY, },
	[NSBOX_A_NEXTHOP_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_NEXTHOP_WEIGHT] = NLA_POLICY_RANGE(NLA_U32, 1, 256),
};

const struct nla_policy nsbox_prog_tun_nl_policy[NSBOX_A_PROG_TUN_FLAGS + 1] = {
	[NSBOX_A_PROG_TUN_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_PROG_TUN_QUEUES] = NLA_POLICY_RANGE(NLA_U32, 1, NSBOX_PROG_TUN_QUEUES_MAX),
	[NSBOX_A_PROG_TUN_TYPE] = NLA_POLICY_RANGE(NLA_U32, 1, 10),
	[NSBOX_A_PROG_TUN_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0x7),
};

const struct nla_policy nsbox_rlimit_nl_policy[NSBOX_A_RLIMIT_HARD + 1] = {
	[NSBOX_A_RLIMIT_RESOURCE] = { .type = NLA_U32, },
	[NSBOX_A_RLIMIT_SOFT] = { .type = NLA_U64, },
	[NSBOX_A_RLIMIT_HARD] = { .type = NLA_U64, },
};

const struct nla_policy nsbox_sandbox_addr_nl_policy[NSBOX_A_ADDR_PREFIXLEN + 1] = {
	[NSBOX_A_ADDR_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_ADDR_ADDRESS] = { .type = NLA_BINARY, },
	[NSBOX_A_ADDR_PREFIXLEN] = NLA_POLICY_MAX(NLA_U8, 128),
};

const struct nla_policy nsbox_sandbox_link_nl_policy[NSBOX_A_LINK_UNDERLAY + 1] = {
	[NSBOX_A_LINK_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_LINK_TYPE] = NLA_POLICY_RANGE(NLA_U32, 1, 10),
	[NSBOX_A_LINK_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0x7),
	[NSBOX_A_LINK_MTU] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_a_link_mtu_range),
	[NSBOX_A_LINK_TXQUEUELEN] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_a_link_txqueuelen_range),
	[NSBOX_A_LINK_OWNER] = { .type = NLA_U32, },
	[NSBOX_A_LINK_GROUP] = { .type = NLA_U32, },
	[NSBOX_A_LINK_PEER_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_LINK_PEER_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
	[NSBOX_A_LINK_IFINDEX] = { .type = NLA_U32, },
	[NSBOX_A_LINK_OPERSTATE] = { .type = NLA_U32, },
	[NSBOX_A_LINK_DEV_FLAGS] = { .type = NLA_U32, },
	[NSBOX_A_LINK_ADDRESS] = { .type = NLA_BINARY, },
	[NSBOX_A_LINK_MASTER] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_LINK_PARENT] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_LINK_MODE] = NLA_POLICY_RANGE(NLA_U32, 1, 7),
	[NSBOX_A_LINK_VLAN_ID] = NLA_POLICY_RANGE(NLA_U32, 1, 4094),
	[NSBOX_A_LINK_HOST_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_LINK_VNI] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_a_link_vni_range),
	[NSBOX_A_LINK_REMOTE] = { .type = NLA_BINARY, },
	[NSBOX_A_LINK_VXLAN_GROUP] = { .type = NLA_BINARY, },
	[NSBOX_A_LINK_LOCAL] = { .type = NLA_BINARY, },
	[NSBOX_A_LINK_PORT] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_a_link_port_range),
	[NSBOX_A_LINK_UNDERLAY] = { .type = NLA_NUL_STRING, .len = 15, },
};

const struct nla_policy nsbox_sandbox_neigh_nl_policy[NSBOX_A_NEIGH_LLADDR + 1] = {
	[NSBOX_A_NEIGH_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_NEIGH_ADDRESS] = { .type = NLA_BINARY, },
	[NSBOX_A_NEIGH_LLADDR] = { .type = NLA_BINARY, },
};

const struct nla_policy nsbox_sandbox_route_nl_policy[NSBOX_A_ROUTE_NEXTHOP + 1] = {
	[NSBOX_A_ROUTE_DST] = { .type = NLA_BINARY, },
	[NSBOX_A_ROUTE_DST_LEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[NSBOX_A_ROUTE_GATEWAY] = { .type = NLA_BINARY, },
	[NSBOX_A_ROUTE_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_ROUTE_MTU] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_a_route_mtu_range),
	[NSBOX_A_ROUTE_ADVMSS] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_a_route_advmss_range),
	[NSBOX_A_ROUTE_METRIC] = { .type = NLA_U32, },
	[NSBOX_A_ROUTE_TABLE] = NLA_POLICY_MIN(NLA_U32, 1),
	[NSBOX_A_ROUTE_SRC] = { .type = NLA_BINARY, },
	[NSBOX_A_ROUTE_ONLINK] = { .type = NLA_FLAG, },
	[NSBOX_A_ROUTE_SCOPE] = { .type = NLA_U8, },
	[NSBOX_A_ROUTE_TYPE] = NLA_POLICY_RANGE(NLA_U32, 1, 4),
	[NSBOX_A_ROUTE_NEXTHOP] = NLA_POLICY_NESTED(nsbox_nexthop_nl_policy),
};

const struct nla_policy nsbox_sandbox_sysctl_nl_policy[NSBOX_A_SYSCTL_VALUE + 1] = {
	[NSBOX_A_SYSCTL_KEY] = { .type = NLA_NUL_STRING, .len = NSBOX_SYSCTL_KEY_MAX, },
	[NSBOX_A_SYSCTL_VALUE] = { .type = NLA_NUL_STRING, .len = NSBOX_SYSCTL_VALUE_MAX, },
};

/* NSBOX_CMD_SANDBOX_NEW - do */
static const struct nla_policy nsbox_sandbox_new_nl_policy[NSBOX_A_SANDBOX_NEIGH + 1] = {
	[NSBOX_A_SANDBOX_NAME] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
	[NSBOX_A_SANDBOX_HOSTNAME] = { .type = NLA_NUL_STRING, .len = NSBOX_HOSTNAME_MAX, },
	[NSBOX_A_SANDBOX_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0x3f),
	[NSBOX_A_SANDBOX_LINK] = NLA_POLICY_NESTED(nsbox_sandbox_link_nl_policy),
	[NSBOX_A_SANDBOX_ADDR] = NLA_POLICY_NESTED(nsbox_sandbox_addr_nl_policy),
	[NSBOX_A_SANDBOX_ROUTE] = NLA_POLICY_NESTED(nsbox_sandbox_route_nl_policy),
	[NSBOX_A_SANDBOX_ADOPT_FD] = { .type = NLA_U32, },
	[NSBOX_A_SANDBOX_ADOPT_PID] = NLA_POLICY_MIN(NLA_U32, 1),
	[NSBOX_A_SANDBOX_SYSCTL] = NLA_POLICY_NESTED(nsbox_sandbox_sysctl_nl_policy),
	[NSBOX_A_SANDBOX_NEIGH] = NLA_POLICY_NESTED(nsbox_sandbox_neigh_nl_policy),
};

/* NSBOX_CMD_SANDBOX_DEL - do */
static const struct nla_policy nsbox_sandbox_del_nl_policy[NSBOX_A_SANDBOX_NAME + 1] = {
	[NSBOX_A_SANDBOX_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[NSBOX_A_SANDBOX_NAME] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
};

/* NSBOX_CMD_SANDBOX_GET - do */
static const struct nla_policy nsbox_sandbox_get_nl_policy[NSBOX_A_SANDBOX_WANT_NSFDS + 1] = {
	[NSBOX_A_SANDBOX_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[NSBOX_A_SANDBOX_NAME] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
	[NSBOX_A_SANDBOX_WANT_NSFDS] = { .type = NLA_FLAG, },
};

/* NSBOX_CMD_HELPER_REPORT - do */
static const struct nla_policy nsbox_helper_report_nl_policy[NSBOX_A_REPORT_SERVE + 1] = {
	[NSBOX_A_REPORT_TOKEN] = { .type = NLA_U64, },
	[NSBOX_A_REPORT_UTS_FD] = { .type = NLA_U32, },
	[NSBOX_A_REPORT_ERRNO] = { .type = NLA_U32, },
	[NSBOX_A_REPORT_STEP] = { .type = NLA_U32, },
	[NSBOX_A_REPORT_SERVE] = { .type = NLA_FLAG, },
};

/* NSBOX_CMD_LINK_NEW - do */
static const struct nla_policy nsbox_link_new_nl_policy[NSBOX_A_LINK_UNDERLAY + 1] = {
	[NSBOX_A_LINK_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
	[NSBOX_A_LINK_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_LINK_TYPE] = NLA_POLICY_RANGE(NLA_U32, 1, 10),
	[NSBOX_A_LINK_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0x7),
	[NSBOX_A_LINK_MTU] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_a_link_mtu_range),
	[NSBOX_A_LINK_TXQUEUELEN] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_a_link_txqueuelen_range),
	[NSBOX_A_LINK_OWNER] = { .type = NLA_U32, },
	[NSBOX_A_LINK_GROUP] = { .type = NLA_U32, },
	[NSBOX_A_LINK_PEER_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_LINK_PEER_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
	[NSBOX_A_LINK_ADDRESS] = { .type = NLA_BINARY, },
	[NSBOX_A_LINK_MASTER] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_LINK_PARENT] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_LINK_MODE] = NLA_POLICY_RANGE(NLA_U32, 1, 7),
	[NSBOX_A_LINK_VLAN_ID] = NLA_POLICY_RANGE(NLA_U32, 1, 4094),
	[NSBOX_A_LINK_VNI] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_a_link_vni_range),
	[NSBOX_A_LINK_REMOTE] = { .type = NLA_BINARY, },
	[NSBOX_A_LINK_VXLAN_GROUP] = { .type = NLA_BINARY, },
	[NSBOX_A_LINK_LOCAL] = { .type = NLA_BINARY, },
	[NSBOX_A_LINK_PORT] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_a_link_port_range),
	[NSBOX_A_LINK_UNDERLAY] = { .type = NLA_NUL_STRING, .len = 15, },
};

/* NSBOX_CMD_LINK_DEL - do */
static const struct nla_policy nsbox_link_del_nl_policy[NSBOX_A_LINK_IFNAME + 1] = {
	[NSBOX_A_LINK_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
	[NSBOX_A_LINK_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
};

/* NSBOX_CMD_ADDR_NEW - do */
static const struct nla_policy nsbox_addr_new_nl_policy[NSBOX_A_ADDR_REPLACE + 1] = {
	[NSBOX_A_ADDR_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
	[NSBOX_A_ADDR_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_ADDR_ADDRESS] = { .type = NLA_BINARY, },
	[NSBOX_A_ADDR_PREFIXLEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[NSBOX_A_ADDR_REPLACE] = { .type = NLA_FLAG, },
};

/* NSBOX_CMD_ADDR_DEL - do */
static const struct nla_policy nsbox_addr_del_nl_policy[NSBOX_A_ADDR_PREFIXLEN + 1] = {
	[NSBOX_A_ADDR_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
	[NSBOX_A_ADDR_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_ADDR_ADDRESS] = { .type = NLA_BINARY, },
	[NSBOX_A_ADDR_PREFIXLEN] = NLA_POLICY_MAX(NLA_U8, 128),
};

/* NSBOX_CMD_ROUTE_NEW - do */
static const struct nla_policy nsbox_route_new_nl_policy[NSBOX_A_ROUTE_NEXTHOP + 1] = {
	[NSBOX_A_ROUTE_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
	[NSBOX_A_ROUTE_DST] = { .type = NLA_BINARY, },
	[NSBOX_A_ROUTE_DST_LEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[NSBOX_A_ROUTE_GATEWAY] = { .type = NLA_BINARY, },
	[NSBOX_A_ROUTE_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_ROUTE_MTU] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_a_route_mtu_range),
	[NSBOX_A_ROUTE_ADVMSS] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_a_route_advmss_range),
	[NSBOX_A_ROUTE_METRIC] = { .type = NLA_U32, },
	[NSBOX_A_ROUTE_TABLE] = NLA_POLICY_MIN(NLA_U32, 1),
	[NSBOX_A_ROUTE_REPLACE] = { .type = NLA_FLAG, },
	[NSBOX_A_ROUTE_SRC] = { .type = NLA_BINARY, },
	[NSBOX_A_ROUTE_ONLINK] = { .type = NLA_FLAG, },
	[NSBOX_A_ROUTE_SCOPE] = { .type = NLA_U8, },
	[NSBOX_A_ROUTE_TYPE] = NLA_POLICY_RANGE(NLA_U32, 1, 4),
	[NSBOX_A_ROUTE_NEXTHOP] = NLA_POLICY_NESTED(nsbox_nexthop_nl_policy),
};

/* NSBOX_CMD_ROUTE_DEL - do */
static const struct nla_policy nsbox_route_del_nl_policy[NSBOX_A_ROUTE_TABLE + 1] = {
	[NSBOX_A_ROUTE_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
	[NSBOX_A_ROUTE_DST] = { .type = NLA_BINARY, },
	[NSBOX_A_ROUTE_DST_LEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[NSBOX_A_ROUTE_GATEWAY] = { .type = NLA_BINARY, },
	[NSBOX_A_ROUTE_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_ROUTE_METRIC] = { .type = NLA_U32, },
	[NSBOX_A_ROUTE_TABLE] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* NSBOX_CMD_PROG_EXEC - do */
static const struct nla_policy nsbox_prog_exec_nl_policy[NSBOX_A_PROG_PIDS_MAX + 1] = {
	[NSBOX_A_PROG_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
	[NSBOX_A_PROG_PATH] = { .type = NLA_NUL_STRING, .len = 4095, },
	[NSBOX_A_PROG_ARG] = { .type = NLA_STRING, .len = 32767, },
	[NSBOX_A_PROG_ENV] = { .type = NLA_STRING, .len = 32767, },
	[NSBOX_A_PROG_CWD] = { .type = NLA_NUL_STRING, .len = 4095, },
	[NSBOX_A_PROG_UID] = { .type = NLA_U32, },
	[NSBOX_A_PROG_GID] = { .type = NLA_U32, },
	[NSBOX_A_PROG_GROUPS] = { .type = NLA_BINARY, },
	[NSBOX_A_PROG_CAPS] = { .type = NLA_U64, },
	[NSBOX_A_PROG_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0x1f),
	[NSBOX_A_PROG_RLIMIT] = NLA_POLICY_NESTED(nsbox_rlimit_nl_policy),
	[NSBOX_A_PROG_TIMEOUT_MS] = { .type = NLA_U32, },
	[NSBOX_A_PROG_TUN] = NLA_POLICY_NESTED(nsbox_prog_tun_nl_policy),
	[NSBOX_A_PROG_MEMORY_MAX] = NLA_POLICY_MIN(NLA_U64, 4096),
	[NSBOX_A_PROG_CPU_QUOTA_US] = NLA_POLICY_MIN(NLA_U32, 1000),
	[NSBOX_A_PROG_CPU_PERIOD_US] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_a_prog_cpu_period_us_range),
	[NSBOX_A_PROG_CPU_WEIGHT] = NLA_POLICY_RANGE(NLA_U32, 1, 10000),
	[NSBOX_A_PROG_PIDS_MAX] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* NSBOX_CMD_PROG_RUN - do */
static const struct nla_policy nsbox_prog_run_nl_policy[NSBOX_A_PROG_START_LIMIT_INTERVAL_MS + 1] = {
	[NSBOX_A_PROG_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
	[NSBOX_A_PROG_PATH] = { .type = NLA_NUL_STRING, .len = 4095, },
	[NSBOX_A_PROG_ARG] = { .type = NLA_STRING, .len = 32767, },
	[NSBOX_A_PROG_ENV] = { .type = NLA_STRING, .len = 32767, },
	[NSBOX_A_PROG_CWD] = { .type = NLA_NUL_STRING, .len = 4095, },
	[NSBOX_A_PROG_UID] = { .type = NLA_U32, },
	[NSBOX_A_PROG_GID] = { .type = NLA_U32, },
	[NSBOX_A_PROG_GROUPS] = { .type = NLA_BINARY, },
	[NSBOX_A_PROG_CAPS] = { .type = NLA_U64, },
	[NSBOX_A_PROG_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0x1f),
	[NSBOX_A_PROG_RLIMIT] = NLA_POLICY_NESTED(nsbox_rlimit_nl_policy),
	[NSBOX_A_PROG_TIMEOUT_MS] = { .type = NLA_U32, },
	[NSBOX_A_PROG_NAME] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
	[NSBOX_A_PROG_LOG] = { .type = NLA_NUL_STRING, .len = 4095, },
	[NSBOX_A_PROG_TUN] = NLA_POLICY_NESTED(nsbox_prog_tun_nl_policy),
	[NSBOX_A_PROG_MEMORY_MAX] = NLA_POLICY_MIN(NLA_U64, 4096),
	[NSBOX_A_PROG_CPU_QUOTA_US] = NLA_POLICY_MIN(NLA_U32, 1000),
	[NSBOX_A_PROG_CPU_PERIOD_US] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_a_prog_cpu_period_us_range),
	[NSBOX_A_PROG_CPU_WEIGHT] = NLA_POLICY_RANGE(NLA_U32, 1, 10000),
	[NSBOX_A_PROG_PIDS_MAX] = NLA_POLICY_MIN(NLA_U32, 1),
	[NSBOX_A_PROG_RESTART] = NLA_POLICY_RANGE(NLA_U32, 1, 3),
	[NSBOX_A_PROG_RESTART_DELAY_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_a_prog_restart_delay_ms_range),
	[NSBOX_A_PROG_RESTART_DELAY_MAX_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_a_prog_restart_delay_max_ms_range),
	[NSBOX_A_PROG_START_LIMIT_BURST] = NLA_POLICY_RANGE(NLA_U32, 1, 1000),
	[NSBOX_A_PROG_START_LIMIT_INTERVAL_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_a_prog_start_limit_interval_ms_range),
};

/* NSBOX_CMD_PROG_KILL - do */
static const struct nla_policy nsbox_prog_kill_nl_policy[NSBOX_A_PROG_SIGNAL + 1] = {
	[NSBOX_A_PROG_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
	[NSBOX_A_PROG_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[NSBOX_A_PROG_NAME] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
	[NSBOX_A_PROG_SIGNAL] = NLA_POLICY_RANGE(NLA_U32, 1, 64),
};

/* NSBOX_CMD_HELPER_JOB_GET - do */
static const struct nla_policy nsbox_helper_job_get_nl_policy[NSBOX_A_REPORT_TOKEN + 1] = {
	[NSBOX_A_REPORT_TOKEN] = { .type = NLA_U64, },
};

/* NSBOX_CMD_LINK_GET - dump */
static const struct nla_policy nsbox_link_get_nl_policy[NSBOX_A_LINK_SANDBOX + 1] = {
	[NSBOX_A_LINK_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
};

/* NSBOX_CMD_ADDR_GET - dump */
static const struct nla_policy nsbox_addr_get_nl_policy[NSBOX_A_ADDR_SANDBOX + 1] = {
	[NSBOX_A_ADDR_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
};

/* NSBOX_CMD_ROUTE_GET - dump */
static const struct nla_policy nsbox_route_get_nl_policy[NSBOX_A_ROUTE_SANDBOX + 1] = {
	[NSBOX_A_ROUTE_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
};

/* NSBOX_CMD_PROG_GET - dump */
static const struct nla_policy nsbox_prog_get_nl_policy[NSBOX_A_PROG_SANDBOX + 1] = {
	[NSBOX_A_PROG_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
};

/* NSBOX_CMD_LINK_MOVE - do */
static const struct nla_policy nsbox_link_move_nl_policy[NSBOX_A_LINK_HOST_IFNAME + 1] = {
	[NSBOX_A_LINK_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
	[NSBOX_A_LINK_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_LINK_HOST_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
};

/* NSBOX_CMD_LINK_RELEASE - do */
static const struct nla_policy nsbox_link_release_nl_policy[NSBOX_A_LINK_IFNAME + 1] = {
	[NSBOX_A_LINK_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
	[NSBOX_A_LINK_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
};

/* NSBOX_CMD_SYSCTL_SET - do */
static const struct nla_policy nsbox_sysctl_set_nl_policy[NSBOX_A_SYSCTL_VALUE + 1] = {
	[NSBOX_A_SYSCTL_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
	[NSBOX_A_SYSCTL_KEY] = { .type = NLA_NUL_STRING, .len = NSBOX_SYSCTL_KEY_MAX, },
	[NSBOX_A_SYSCTL_VALUE] = { .type = NLA_NUL_STRING, .len = NSBOX_SYSCTL_VALUE_MAX, },
};

/* NSBOX_CMD_SYSCTL_GET - dump */
static const struct nla_policy nsbox_sysctl_get_nl_policy[NSBOX_A_SYSCTL_SANDBOX + 1] = {
	[NSBOX_A_SYSCTL_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
};

/* NSBOX_CMD_NEIGH_NEW - do */
static const struct nla_policy nsbox_neigh_new_nl_policy[NSBOX_A_NEIGH_LLADDR + 1] = {
	[NSBOX_A_NEIGH_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
	[NSBOX_A_NEIGH_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_NEIGH_ADDRESS] = { .type = NLA_BINARY, },
	[NSBOX_A_NEIGH_LLADDR] = { .type = NLA_BINARY, },
};

/* NSBOX_CMD_NEIGH_DEL - do */
static const struct nla_policy nsbox_neigh_del_nl_policy[NSBOX_A_NEIGH_LLADDR + 1] = {
	[NSBOX_A_NEIGH_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
	[NSBOX_A_NEIGH_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_NEIGH_ADDRESS] = { .type = NLA_BINARY, },
	[NSBOX_A_NEIGH_LLADDR] = { .type = NLA_BINARY, },
};

/* NSBOX_CMD_NEIGH_GET - dump */
static const struct nla_policy nsbox_neigh_get_nl_policy[NSBOX_A_NEIGH_SANDBOX + 1] = {
	[NSBOX_A_NEIGH_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
};

/* NSBOX_CMD_LINK_SET - do */
static const struct nla_policy nsbox_link_set_nl_policy[NSBOX_A_LINK_UP + 1] = {
	[NSBOX_A_LINK_SANDBOX] = { .type = NLA_NUL_STRING, .len = NSBOX_NAME_MAX, },
	[NSBOX_A_LINK_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_LINK_MTU] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_a_link_mtu_range),
	[NSBOX_A_LINK_TXQUEUELEN] = NLA_POLICY_FULL_RANGE(NLA_U32, &nsbox_a_link_txqueuelen_range),
	[NSBOX_A_LINK_ADDRESS] = { .type = NLA_BINARY, },
	[NSBOX_A_LINK_MASTER] = { .type = NLA_NUL_STRING, .len = 15, },
	[NSBOX_A_LINK_NOMASTER] = { .type = NLA_FLAG, },
	[NSBOX_A_LINK_UP] = NLA_POLICY_MAX(NLA_U8, 1),
};

/* Ops table for nsbox */
const struct genl_split_ops nsbox_nl_ops[28] = {
	{
		.cmd	= NSBOX_CMD_INFO_GET,
		.doit	= nsbox_nl_info_get_doit,
		.flags	= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= NSBOX_CMD_SANDBOX_NEW,
		.doit		= nsbox_nl_sandbox_new_doit,
		.policy		= nsbox_sandbox_new_nl_policy,
		.maxattr	= NSBOX_A_SANDBOX_NEIGH,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= NSBOX_CMD_SANDBOX_DEL,
		.pre_doit	= nsbox_nl_pre_doit,
		.doit		= nsbox_nl_sandbox_del_doit,
		.post_doit	= nsbox_nl_post_doit,
		.policy		= nsbox_sandbox_del_nl_policy,
		.maxattr	= NSBOX_A_SANDBOX_NAME,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= NSBOX_CMD_SANDBOX_GET,
		.pre_doit	= nsbox_nl_pre_doit,
		.doit		= nsbox_nl_sandbox_get_doit,
		.post_doit	= nsbox_nl_post_doit,
		.policy		= nsbox_sandbox_get_nl_policy,
		.maxattr	= NSBOX_A_SANDBOX_WANT_NSFDS,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd	= NSBOX_CMD_SANDBOX_GET,
		.dumpit	= nsbox_nl_sandbox_get_dumpit,
		.flags	= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= NSBOX_CMD_HELPER_REPORT,
		.doit		= nsbox_nl_helper_report_doit,
		.policy		= nsbox_helper_report_nl_policy,
		.maxattr	= NSBOX_A_REPORT_SERVE,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= NSBOX_CMD_LINK_NEW,
		.pre_doit	= nsbox_nl_pre_doit,
		.doit		= nsbox_nl_link_new_doit,
		.post_doit	= nsbox_nl_post_doit,
		.policy		= nsbox_link_new_nl_policy,
		.maxattr	= NSBOX_A_LINK_UNDERLAY,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= NSBOX_CMD_LINK_DEL,
		.pre_doit	= nsbox_nl_pre_doit,
		.doit		= nsbox_nl_link_del_doit,
		.post_doit	= nsbox_nl_post_doit,
		.policy		= nsbox_link_del_nl_policy,
		.maxattr	= NSBOX_A_LINK_IFNAME,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= NSBOX_CMD_ADDR_NEW,
		.pre_doit	= nsbox_nl_pre_doit,
		.doit		= nsbox_nl_addr_new_doit,
		.post_doit	= nsbox_nl_post_doit,
		.policy		= nsbox_addr_new_nl_policy,
		.maxattr	= NSBOX_A_ADDR_REPLACE,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= NSBOX_CMD_ADDR_DEL,
		.pre_doit	= nsbox_nl_pre_doit,
		.doit		= nsbox_nl_addr_del_doit,
		.post_doit	= nsbox_nl_post_doit,
		.policy		= nsbox_addr_del_nl_policy,
		.maxattr	= NSBOX_A_ADDR_PREFIXLEN,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= NSBOX_CMD_ROUTE_NEW,
		.pre_doit	= nsbox_nl_pre_doit,
		.doit		= nsbox_nl_route_new_doit,
		.post_doit	= nsbox_nl_post_doit,
		.policy		= nsbox_route_new_nl_policy,
		.maxattr	= NSBOX_A_ROUTE_NEXTHOP,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= NSBOX_CMD_ROUTE_DEL,
		.pre_doit	= nsbox_nl_pre_doit,
		.doit		= nsbox_nl_route_del_doit,
		.post_doit	= nsbox_nl_post_doit,
		.policy		= nsbox_route_del_nl_policy,
		.maxattr	= NSBOX_A_ROUTE_TABLE,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= NSBOX_CMD_PROG_EXEC,
		.pre_doit	= nsbox_nl_pre_doit,
		.doit		= nsbox_nl_prog_exec_doit,
		.post_doit	= nsbox_nl_post_doit,
		.policy		= nsbox_prog_exec_nl_policy,
		.maxattr	= NSBOX_A_PROG_PIDS_MAX,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= NSBOX_CMD_PROG_RUN,
		.pre_doit	= nsbox_nl_pre_doit,
		.doit		= nsbox_nl_prog_run_doit,
		.post_doit	= nsbox_nl_post_doit,
		.policy		= nsbox_prog_run_nl_policy,
		.maxattr	= NSBOX_A_PROG_START_LIMIT_INTERVAL_MS,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= NSBOX_CMD_PROG_KILL,
		.pre_doit	= nsbox_nl_pre_doit,
		.doit		= nsbox_nl_prog_kill_doit,
		.post_doit	= nsbox_nl_post_doit,
		.policy		= nsbox_prog_kill_nl_policy,
		.maxattr	= NSBOX_A_PROG_SIGNAL,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= NSBOX_CMD_HELPER_JOB_GET,
		.doit		= nsbox_nl_helper_job_get_doit,
		.policy		= nsbox_helper_job_get_nl_policy,
		.maxattr	= NSBOX_A_REPORT_TOKEN,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= NSBOX_CMD_LINK_GET,
		.dumpit		= nsbox_nl_link_get_dumpit,
		.policy		= nsbox_link_get_nl_policy,
		.maxattr	= NSBOX_A_LINK_SANDBOX,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= NSBOX_CMD_ADDR_GET,
		.dumpit		= nsbox_nl_addr_get_dumpit,
		.policy		= nsbox_addr_get_nl_policy,
		.maxattr	= NSBOX_A_ADDR_SANDBOX,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= NSBOX_CMD_ROUTE_GET,
		.dumpit		= nsbox_nl_route_get_dumpit,
		.policy		= nsbox_route_get_nl_policy,
		.maxattr	= NSBOX_A_ROUTE_SANDBOX,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= NSBOX_CMD_PROG_GET,
		.dumpit		= nsbox_nl_prog_get_dumpit,
		.policy		= nsbox_prog_get_nl_policy,
		.maxattr	= NSBOX_A_PROG_SANDBOX,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= NSBOX_CMD_LINK_MOVE,
		.pre_doit	= nsbox_nl_pre_doit,
		.doit		= nsbox_nl_link_move_doit,
		.post_doit	= nsbox_nl_post_doit,
		.policy		= nsbox_link_move_nl_policy,
		.maxattr	= NSBOX_A_LINK_HOST_IFNAME,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= NSBOX_CMD_LINK_RELEASE,
		.pre_doit	= nsbox_nl_pre_doit,
		.doit		= nsbox_nl_link_release_doit,
		.post_doit	= nsbox_nl_post_doit,
		.policy		= nsbox_link_release_nl_policy,
		.maxattr	= NSBOX_A_LINK_IFNAME,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= NSBOX_CMD_SYSCTL_SET,
		.pre_doit	= nsbox_nl_pre_doit,
		.doit		= nsbox_nl_sysctl_set_doit,
		.post_doit	= nsbox_nl_post_doit,
		.policy		= nsbox_sysctl_set_nl_policy,
		.maxattr	= NSBOX_A_SYSCTL_VALUE,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= NSBOX_CMD_SYSCTL_GET,
		.dumpit		= nsbox_nl_sysctl_get_dumpit,
		.policy		= nsbox_sysctl_get_nl_policy,
		.maxattr	= NSBOX_A_SYSCTL_SANDBOX,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= NSBOX_CMD_NEIGH_NEW,
		.pre_doit	= nsbox_nl_pre_doit,
		.doit		= nsbox_nl_neigh_new_doit,
		.post_doit	= nsbox_nl_post_doit,
		.policy		= nsbox_neigh_new_nl_policy,
		.maxattr	= NSBOX_A_NEIGH_LLADDR,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= NSBOX_CMD_NEIGH_DEL,
		.pre_doit	= nsbox_nl_pre_doit,
		.doit		= nsbox_nl_neigh_del_doit,
		.post_doit	= nsbox_nl_post_doit,
		.policy		= nsbox_neigh_del_nl_policy,
		.maxattr	= NSBOX_A_NEIGH_LLADDR,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= NSBOX_CMD_NEIGH_GET,
		.dumpit		= nsbox_nl_neigh_get_dumpit,
		.policy		= nsbox_neigh_get_nl_policy,
		.maxattr	= NSBOX_A_NEIGH_SANDBOX,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= NSBOX_CMD_LINK_SET,
		.pre_doit	= nsbox_nl_pre_doit,
		.doit		= nsbox_nl_link_set_doit,
		.post_doit	= nsbox_nl_post_doit,
		.policy		= nsbox_link_set_nl_policy,
		.maxattr	= NSBOX_A_LINK_UP,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
};

static const struct genl_multicast_group nsbox_nl_mcgrps[] = {
	[NSBOX_NLGRP_EVENTS] = { "events", },
};
