// SPDX-License-Identifier: GPL-2.0
/*
 * The values of the options every mode takes on its command line (the
 * mode's job comes as attributes: job.c). They are strict: a malformed
 * value refuses the whole command line, since the words come from the
 * module and anything unexpected means the two disagree.
 */

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/nsbox.h>

#include "helper.h"

/*
 * Digits only in @base: strtoull() alone would take blanks, signs and, in
 * base 16, a "0x".
 */
int parse_num(const char *s, int base, unsigned long long max, unsigned long long *val)
{
	char *end;

	if (!s || !isxdigit((unsigned char)s[0]))
		return -1;
	if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return -1;
	errno = 0;
	*val = strtoull(s, &end, base);
	if (errno || *end || *val > max)
		return -1;
	return 0;
}

/* The module's one-time token: hex, never 0. */
int parse_token(const char *s, uint64_t *token)
{
	unsigned long long v;

	if (parse_num(s, 16, UINT64_MAX, &v) || !v)
		return -1;
	*token = v;
	return 0;
}

/* Below GENL_MIN_ID are netlink's own types, which ACK anything. */
int parse_family(const char *s, uint16_t *family)
{
	unsigned long long v;

	if (parse_num(s, 10, UINT16_MAX, &v) || v < GENL_MIN_ID)
		return -1;
	*family = v;
	return 0;
}
