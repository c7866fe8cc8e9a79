// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

bool matches(const char *arg, const char *word)
{
	size_t len = strlen(arg);

	return len && len <= strlen(word) && !strncmp(arg, word, len);
}

void nsbox_err(const struct nsbox_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	/* keep what was printed before the error ahead of it */
	fflush(stdout);
	fputs("nsbox: ", stderr);
	if (ctx->batch)
		fprintf(stderr, "%s:%lu: ", ctx->batch, ctx->lineno);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
