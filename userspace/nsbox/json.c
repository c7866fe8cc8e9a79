// SPDX-License-Identifier: GPL-2.0
/*
 * A streaming JSON writer (compact, or pretty with four-space indentation)
 * and the text/JSON print helpers built on it.
 */
#include <stdarg.h>
#include <string.h>

#include "json.h"

void output_init(struct output *out, FILE *fp, bool json, bool pretty)
{
	out->json = json || pretty;
	out->jw.fp = fp;
	out->jw.pretty = pretty;
	out->jw.depth = 0;
	out->jw.len = 0;
}

/*
 * The writer's own buffer: a list of thousands of sandboxes is tens of
 * thousands of short strings, and a stdio call each costs more than the
 * copy. stdio sees whole values, or the buffer when it is full.
 */
static void jw_flush(struct json_writer *jw)
{
	if (jw->len)
		fwrite_unlocked(jw->buf, 1, jw->len, jw->fp);
	jw->len = 0;
}

void output_flush(struct output *out)
{
	jw_flush(&out->jw);
}

static void jw_put(struct json_writer *jw, const void *p, size_t n)
{
	if (jw->len + n > sizeof(jw->buf)) {
		jw_flush(jw);
		if (n > sizeof(jw->buf)) {
			fwrite_unlocked(p, 1, n, jw->fp);
			return;
		}
	}
	memcpy(jw->buf + jw->len, p, n);
	jw->len += n;
}

static void jw_putc(struct json_writer *jw, char c)
{
	if (jw->len == sizeof(jw->buf))
		jw_flush(jw);
	jw->buf[jw->len++] = c;
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
 * How many bytes from s on need no escaping: printable ASCII other than '"'
 * and '\\', and whole valid UTF-8 sequences.
 */
static size_t plain_run(const unsigned char *s)
{
	const unsigned char *p = s;
	unsigned int len;

	for (;;) {
		if (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\') {
			p++;
			continue;
		}
		if (*p < 0x80 || !(len = utf8_seq_len(p)))
			return p - s;
		p += len;
	}
}

/*
 * Quote and escape s. Bytes that are not valid UTF-8 are written as the
 * code point of the same value, so that the output is always valid JSON.
 * A list of thousands of sandboxes is mostly plain runs: each goes in one
 * copy.
 */
static void jw_quote(struct json_writer *jw, const char *str)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	char esc[7] = "\\u00";
	size_t run;

	jw_putc(jw, '"');
	for (;;) {
		run = plain_run(s);
		jw_put(jw, s, run);
		s += run;
		if (!*s)
			break;
		switch (*s) {
		case '"':
		case '\\':
			esc[1] = *s;
			break;
		case '\b':
			esc[1] = 'b';
			break;
		case '\f':
			esc[1] = 'f';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		case '\t':
			esc[1] = 't';
			break;
		default:
			esc[1] = 'u';
			esc[4] = hex[*s >> 4];
			esc[5] = hex[*s & 0xf];
			jw_put(jw, esc, 6);
			s++;
			continue;
		}
		jw_put(jw, esc, 2);
		s++;
	}
	jw_putc(jw, '"');
}

static void jw_indent(struct json_writer *jw)
{
	unsigned int i;

	jw_putc(jw, '\n');
	for (i = 0; i < jw->depth; i++)
		jw_put(jw, "    ", 4);
}

/* Separator, indentation and key in front of a new value. */
static void jw_member(struct json_writer *jw, const char *key)
{
	if (jw->depth) {
		if (!jw->empty[jw->depth - 1])
			jw_putc(jw, ',');
		jw->empty[jw->depth - 1] = false;
		if (jw->pretty)
			jw_indent(jw);
	}
	if (key && jw->depth) {
		jw_quote(jw, key);
		jw_put(jw, ": ", jw->pretty ? 2 : 1);
	}
}

/* A complete top-level value ends its line, and goes to the FILE. */
static void jw_value_done(struct json_writer *jw)
{
	if (!jw->depth) {
		jw_putc(jw, '\n');
		jw_flush(jw);
	}
}

static void jw_open(struct json_writer *jw, const char *key, char c)
{
	jw_member(jw, key);
	jw_putc(jw, c);
	if (jw->depth < JSON_MAX_DEPTH)
		jw->empty[jw->depth] = true;
	jw->depth++;
}

static void jw_close(struct json_writer *jw, char c)
{
	jw->depth--;
	if (jw->depth < JSON_MAX_DEPTH && !jw->empty[jw->depth] && jw->pretty)
		jw_indent(jw);
	jw_putc(jw, c);
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
	char buf[20], *p = buf + sizeof(buf);

	do {
		*--p = '0' + v % 10;
		v /= 10;
	} while (v);
	jw_member(jw, key);
	jw_put(jw, p, buf + sizeof(buf) - p);
	jw_value_done(jw);
}

void jw_bool(struct json_writer *jw, const char *key, bool v)
{
	jw_member(jw, key);
	if (v)
		jw_put(jw, "true", 4);
	else
		jw_put(jw, "false", 5);
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
