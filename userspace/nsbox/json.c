// SPDX-License-Identifier: GPL-2.0
/*
 * A streaming JSON writer (compact, or pretty with four-space indentation)
 * and the text/JSON print helpers built on it.
 */
#include <inttypes.h>
#include <stdarg.h>

#include "json.h"

void output_init(struct output *out, FILE *fp, bool json, bool pretty)
{
	out->json = json || pretty;
	out->jw.fp = fp;
	out->jw.pretty = pretty;
	out->jw.depth = 0;
}

/* Length of the valid UTF-8 sequence at s (NUL-terminated), 0 if invalid. */
static unsigned int utf8_seq_len(const unsigned char *s)
{
	unsigned int need, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		need = 1;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		need = 2;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		need = 3;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	/* the terminating NUL fails this test, so we never read past it */
	for (i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) ||
	    (need == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need + 1;
}

/*
 * Quote and escape s. Bytes that are not valid UTF-8 are written as the
 * code point of the same value, so that the output is always valid JSON.
 */
static void jw_quote(struct json_writer *jw, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned int len;

	fputc('"', jw->fp);
	while (*s) {
		switch (*s) {
		case '"':
			fputs("\\\"", jw->fp);
			break;
		case '\\':
			fputs("\\\\", jw->fp);
			break;
		case '\b':
			fputs("\\b", jw->fp);
			break;
		case '\f':
			fputs("\\f", jw->fp);
			break;
		case '\n':
			fputs("\\n", jw->fp);
			break;
		case '\r':
			fputs("\\r", jw->fp);
			break;
		case '\t':
			fputs("\\t", jw->fp);
			break;
		default:
			len = utf8_seq_len(s);
			if (*s < 0x20 || *s == 0x7f || !len) {
				fprintf(jw->fp, "\\u%04x", *s);
				break;
			}
			fwrite(s, 1, len, jw->fp);
			s += len;
			continue;
		}
		s++;
	}
	fputc('"', jw->fp);
}

static void jw_indent(struct json_writer *jw)
{
	unsigned int i;

	fputc('\n', jw->fp);
	for (i = 0; i < jw->depth; i++)
		fputs("    ", jw->fp);
}

/* Separator, indentation and key in front of a new value. */
static void jw_member(struct json_writer *jw, const char *key)
{
	if (jw->depth) {
		if (!jw->empty[jw->depth - 1])
			fputc(',', jw->fp);
		jw->empty[jw->depth - 1] = false;
		if (jw->pretty)
			jw_indent(jw);
	}
	if (key && jw->depth) {
		jw_quote(jw, key);
		fputs(jw->pretty ? ": " : ":", jw->fp);
	}
}

/* A complete top-level value ends its line. */
static void jw_value_done(struct json_writer *jw)
{
	if (!jw->depth)
		fputc('\n', jw->fp);
}

static void jw_open(struct json_writer *jw, const char *key, char c)
{
	jw_member(jw, key);
	fputc(c, jw->fp);
	if (jw->depth < JSON_MAX_DEPTH)
		jw->empty[jw->depth] = true;
	jw->depth++;
}

static void jw_close(struct json_writer *jw, char c)
{
	jw->depth--;
	if (jw->depth < JSON_MAX_DEPTH && !jw->empty[jw->depth] && jw->pretty)
		jw_indent(jw);
	fputc(c, jw->fp);
	jw_value_done(jw);
}

void jw_string(struct json_writer *jw, const char *key, const char *s)
{
	jw_member(jw, key);
	jw_quote(jw, s);
	jw_value_done(jw);
}

void jw_uint(struct json_writer *jw, const char *key, uint64_t v)
{
	jw_member(jw, key);
	fprintf(jw->fp, "%" PRIu64, v);
	jw_value_done(jw);
}

void jw_bool(struct json_writer *jw, const char *key, bool v)
{
	jw_member(jw, key);
	fputs(v ? "true" : "false", jw->fp);
	jw_value_done(jw);
}

void open_json_object(struct output *out, const char *key)
{
	if (out->json)
		jw_open(&out->jw, key, '{');
}

void close_json_object(struct output *out)
{
	if (out->json)
		jw_close(&out->jw, '}');
}

void open_json_array(struct output *out, const char *key)
{
	if (out->json)
		jw_open(&out->jw, key, '[');
}

void close_json_array(struct output *out)
{
	if (out->json)
		jw_close(&out->jw, ']');
}

void print_text(struct output *out, const char *fmt, ...)
{
	va_list ap;

	if (out->json)
		return;
	va_start(ap, fmt);
	vfprintf(out->jw.fp, fmt, ap);
	va_end(ap);
}
