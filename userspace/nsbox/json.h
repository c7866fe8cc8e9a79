/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output for humans and for programs through one print path, in the style of
 * iproute2's print_*() helpers: every call names the JSON key and the text
 * format of one value, and the mode chosen at start-up picks which one is
 * written. Underneath is a tiny streaming JSON writer.
 */
#ifndef NSBOX_JSON_H
#define NSBOX_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	8

struct json_writer {
	FILE *fp;
	bool pretty;
	unsigned int depth;
	/* no member written yet in the container at each depth */
	bool empty[JSON_MAX_DEPTH];
	/* what is not in fp yet: a value goes there whole, or in full bufs */
	size_t len;
	char buf[8192];
};

struct output {
	bool json;
	struct json_writer jw;
};

void output_init(struct output *out, FILE *fp, bool json, bool pretty);
/* Hand what the writer holds to its FILE: a value not yet complete, at exit. */
void output_flush(struct output *out);

/* JSON writer; key is NULL for array elements and for the top level */
void jw_string(struct json_writer *jw, const char *key, const char *s);
void jw_uint(struct json_writer *jw, const char *key, uint64_t v);
void jw_bool(struct json_writer *jw, const char *key, bool v);

/* Containers exist in JSON only; in text mode these do nothing. */
void open_json_object(struct output *out, const char *key);
void close_json_object(struct output *out);
void open_json_array(struct output *out, const char *key);
void close_json_array(struct output *out);

/* Text only; nothing in JSON mode. */
void print_text(struct output *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * One value, as "key": val in JSON or as printf(fmt, val) in text. Macros so
 * that fmt stays a literal the compiler checks against val.
 */
#define print_uint(out, key, fmt, val) do {			\
	if ((out)->json)					\
		jw_uint(&(out)->jw, (key), (val));		\
	else							\
		print_text((out), (fmt), (val));		\
} while (0)

#define print_string(out, key, fmt, val) do {			\
	if ((out)->json)					\
		jw_string(&(out)->jw, (key), (val));		\
	else							\
		print_text((out), (fmt), (val));		\
} while (0)

#endif /* NSBOX_JSON_H */
