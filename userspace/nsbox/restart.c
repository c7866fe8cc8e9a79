// SPDX-License-Identifier: GPL-2.0
/*
 * A daemon's restart policy, the words run takes for it and how it is shown:
 *
 *   restart no|on-failure|always	when the daemon is started again
 *   restart-delay FIRST[/MAX]	the first delay, doubled with each restart up
 *					to MAX: milliseconds, or with ms or s
 *   start-limit BURST[/INTERVAL]	at most BURST starts in INTERVAL; past it
 *					the daemon is left failed
 *
 * Left out, the kernel's defaults apply: 100ms/30s and 5/10s, systemd's.
 */

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/nsbox.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "prog.h"

static const char * const restart_names[] = {
	[NSBOX_PROG_RESTART_NO]		= "no",
	[NSBOX_PROG_RESTART_ON_FAILURE]	= "on-failure",
	[NSBOX_PROG_RESTART_ALWAYS]	= "always",
};

/* a time: milliseconds, or with ms or s; 1ms to 1h, as the kernel takes it */
static int parse_msec(const char *s, uint32_t max, uint32_t *v)
{
	unsigned long long n, mult = 1;
	char *end;

	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		return -1;
	if (!strcmp(end, "s"))
		mult = 1000;
	else if (*end && strcmp(end, "ms"))
		return -1;
	if (!n || n > max / mult)
		return -1;
	*v = n * mult;
	return 0;
}

/* "A[/B]": the two halves, each parsed by its own rule */
static int parse_pair(const char *val, char *buf, size_t size, char **second)
{
	if (strlen(val) >= size)
		return -1;
	strcpy(buf, val);
	*second = strchr(buf, '/');
	if (*second)
		*(*second)++ = '\0';
	return 0;
}

int restart_parse_word(struct prog_restart *r, const char *word, const char *val)
{
	char buf[64], *second;
	unsigned int i;

	if (!strcmp(word, "restart")) {
		for (i = 1; i < sizeof(restart_names) / sizeof(restart_names[0]); i++)
			if (!strcmp(val, restart_names[i])) {
				r->restart = i;
				return 1;
			}
		return -1;
	}
	if (!strcmp(word, "restart-delay")) {
		if (parse_pair(val, buf, sizeof(buf), &second) ||
		    parse_msec(buf, 3600000, &r->delay_ms) ||
		    (second && parse_msec(second, 3600000, &r->delay_max_ms)) ||
		    (second && r->delay_ms > r->delay_max_ms))
			return -1;
		return 1;
	}
	if (!strcmp(word, "start-limit")) {
		if (parse_pair(val, buf, sizeof(buf), &second) ||
		    parse_count(buf, &r->burst, 1000) ||
		    (second && parse_msec(second, 86400000, &r->interval_ms)))
			return -1;
		return 1;
	}
	return 0;
}

int restart_put(struct nl_msg *msg, const struct prog_restart *r)
{
	return (r->restart && nla_put_u32(msg, NSBOX_A_PROG_RESTART, r->restart)) ||
	       (r->delay_ms && nla_put_u32(msg, NSBOX_A_PROG_RESTART_DELAY_MS, r->delay_ms)) ||
	       (r->delay_max_ms &&
		nla_put_u32(msg, NSBOX_A_PROG_RESTART_DELAY_MAX_MS, r->delay_max_ms)) ||
	       (r->burst && nla_put_u32(msg, NSBOX_A_PROG_START_LIMIT_BURST, r->burst)) ||
	       (r->interval_ms &&
		nla_put_u32(msg, NSBOX_A_PROG_START_LIMIT_INTERVAL_MS, r->interval_ms)) ? -1 : 0;
}

void restart_from_tb(struct nlattr **tb, struct prog_restart *r)
{
	memset(r, 0, sizeof(*r));
	if (tb[NSBOX_A_PROG_RESTART])
		r->restart = nla_get_u32(tb[NSBOX_A_PROG_RESTART]);
	if (tb[NSBOX_A_PROG_RESTART_DELAY_MS])
		r->delay_ms = nla_get_u32(tb[NSBOX_A_PROG_RESTART_DELAY_MS]);
	if (tb[NSBOX_A_PROG_RESTART_DELAY_MAX_MS])
		r->delay_max_ms = nla_get_u32(tb[NSBOX_A_PROG_RESTART_DELAY_MAX_MS]);
	if (tb[NSBOX_A_PROG_START_LIMIT_BURST])
		r->burst = nla_get_u32(tb[NSBOX_A_PROG_START_LIMIT_BURST]);
	if (tb[NSBOX_A_PROG_START_LIMIT_INTERVAL_MS])
		r->interval_ms = nla_get_u32(tb[NSBOX_A_PROG_START_LIMIT_INTERVAL_MS]);
	if (tb[NSBOX_A_PROG_RESTARTS])
		r->restarts = nla_get_u32(tb[NSBOX_A_PROG_RESTARTS]);
	if (tb[NSBOX_A_PROG_RESTART_IN_MS]) {
		r->restart_in_ms = nla_get_u32(tb[NSBOX_A_PROG_RESTART_IN_MS]);
		r->has_restart_in = true;
	}
	if (tb[NSBOX_A_PROG_FAILED_REASON])
		nla_strlcpy(r->failed_reason, tb[NSBOX_A_PROG_FAILED_REASON],
			    sizeof(r->failed_reason));
}

const char *restart_name(uint32_t restart)
{
	if (restart >= sizeof(restart_names) / sizeof(restart_names[0]) ||
	    !restart_names[restart])
		return "unknown";
	return restart_names[restart];
}

void restart_print(struct output *out, const struct prog_restart *r, bool event)
{
	if (r->restart && !event) {
		print_string(out, "restart", " restart %s", restart_name(r->restart));
		print_uint(out, "restart_delay_ms", " restart-delay %ums", r->delay_ms);
		print_uint(out, "restart_delay_max_ms", "/%ums", r->delay_max_ms);
		print_uint(out, "start_limit_burst", " start-limit %u", r->burst);
		print_uint(out, "start_limit_interval_ms", "/%ums", r->interval_ms);
	}
	if (r->restart)
		print_uint(out, "restarts", " restarts %u", r->restarts);
	if (r->has_restart_in)
		print_uint(out, "restart_in_ms", " restart-in %ums", r->restart_in_ms);
	if (r->failed_reason[0])
		print_string(out, "failed_reason", " failed \"%s\"", r->failed_reason);
}
