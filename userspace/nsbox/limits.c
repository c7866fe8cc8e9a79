// SPDX-License-Identifier: GPL-2.0
/*
 * A program's cgroup limits, the words exec and run take for them and how
 * they are shown:
 *
 *   memory SIZE		memory.max: bytes, or with K, M, G or T (powers of 1024)
 *   cpu QUOTA[/PERIOD]	cpu.max: microseconds, or with us, ms or s; the
 *				period is 100ms unless given
 *   cpuweight N		cpu.weight, 1 to 10000
 *   pids N			pids.max
 */

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/nsbox.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "prog.h"

/* SIZE: a number of bytes, with an optional binary suffix */
static int parse_size(const char *s, uint64_t *v)
{
	static const char units[] = "KMGT";
	unsigned long long n;
	const char *u;
	char *end;

	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		return -1;
	if (*end) {
		u = strchr(units, *end & ~0x20);
		if (!u || (end[1] && strcmp(end + 1, "iB") && strcmp(end + 1, "B")))
			return -1;
		for (; u >= units; u--) {
			if (n > UINT64_MAX / 1024)
				return -1;
			n *= 1024;
		}
	}
	*v = n;
	return 0;
}

/* a time: microseconds, or with us, ms or s */
static int parse_usec(const char *s, uint32_t *v)
{
	unsigned long long n, mult = 1;
	char *end;

	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		return -1;
	if (!strcmp(end, "ms"))
		mult = 1000;
	else if (!strcmp(end, "s"))
		mult = 1000000;
	else if (*end && strcmp(end, "us"))
		return -1;
	if (n > UINT32_MAX / mult)
		return -1;
	*v = n * mult;
	return 0;
}

int parse_count(const char *s, uint32_t *v, uint32_t max)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || !n || n > max)
		return -1;
	*v = n;
	return 0;
}

int limits_parse_word(struct prog_limits *l, const char *word, const char *val)
{
	char buf[64], *slash;

	if (!strcmp(word, "memory"))
		return parse_size(val, &l->memory_max) || l->memory_max < 4096 ? -1 : 1;
	if (!strcmp(word, "cpuweight"))
		return parse_count(val, &l->cpu_weight, 10000) ? -1 : 1;
	if (!strcmp(word, "pids"))
		return parse_count(val, &l->pids_max, UINT32_MAX) ? -1 : 1;
	if (strcmp(word, "cpu"))
		return 0;
	if (strlen(val) >= sizeof(buf))
		return -1;
	strcpy(buf, val);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	l->cpu_period_us = 100000;
	if (parse_usec(buf, &l->cpu_quota_us) || l->cpu_quota_us < 1000 ||
	    (slash && parse_usec(slash, &l->cpu_period_us)) ||
	    l->cpu_period_us < 1000 || l->cpu_period_us > 1000000)
		return -1;
	return 1;
}

int limits_put(struct nl_msg *msg, const struct prog_limits *l)
{
	return (l->memory_max && nla_put_u64(msg, NSBOX_A_PROG_MEMORY_MAX, l->memory_max)) ||
	       (l->cpu_quota_us && (nla_put_u32(msg, NSBOX_A_PROG_CPU_QUOTA_US, l->cpu_quota_us) ||
				    nla_put_u32(msg, NSBOX_A_PROG_CPU_PERIOD_US,
						l->cpu_period_us))) ||
	       (l->cpu_weight && nla_put_u32(msg, NSBOX_A_PROG_CPU_WEIGHT, l->cpu_weight)) ||
	       (l->pids_max && nla_put_u32(msg, NSBOX_A_PROG_PIDS_MAX, l->pids_max)) ? -1 : 0;
}

void limits_from_tb(struct nlattr **tb, struct prog_limits *l)
{
	memset(l, 0, sizeof(*l));
	if (tb[NSBOX_A_PROG_MEMORY_MAX])
		l->memory_max = nla_get_u64(tb[NSBOX_A_PROG_MEMORY_MAX]);
	if (tb[NSBOX_A_PROG_CPU_QUOTA_US])
		l->cpu_quota_us = nla_get_u32(tb[NSBOX_A_PROG_CPU_QUOTA_US]);
	if (tb[NSBOX_A_PROG_CPU_PERIOD_US])
		l->cpu_period_us = nla_get_u32(tb[NSBOX_A_PROG_CPU_PERIOD_US]);
	if (tb[NSBOX_A_PROG_CPU_WEIGHT])
		l->cpu_weight = nla_get_u32(tb[NSBOX_A_PROG_CPU_WEIGHT]);
	if (tb[NSBOX_A_PROG_PIDS_MAX])
		l->pids_max = nla_get_u32(tb[NSBOX_A_PROG_PIDS_MAX]);
}

void limits_print(struct output *out, const struct prog_limits *l)
{
	if (l->memory_max)
		print_uint(out, "memory_max", " memory %" PRIu64, l->memory_max);
	if (l->cpu_quota_us) {
		print_uint(out, "cpu_quota_us", " cpu %u", l->cpu_quota_us);
		print_uint(out, "cpu_period_us", "/%u", l->cpu_period_us);
	}
	if (l->cpu_weight)
		print_uint(out, "cpu_weight", " cpuweight %u", l->cpu_weight);
	if (l->pids_max)
		print_uint(out, "pids_max", " pids %u", l->pids_max);
}
