/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NSBOX_UTIL_H
#define NSBOX_UTIL_H

#include <stdbool.h>

#include "nsbox.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* arg is a non-empty prefix of word ("sand" matches "sandbox") */
bool matches(const char *arg, const char *word);

/* One line on stderr: "nsbox: [FILE:LINE: ]message". */
void nsbox_err(const struct nsbox_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* NSBOX_UTIL_H */
