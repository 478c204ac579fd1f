/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A strict reader of JSON text held in memory (RFC 8259): the pieces the
 * replay of a saved trace (replay.c) is built from. Every byte is the
 * file's, untrusted: each call checks the grammar exactly, and the first
 * violation stops the reader with what is wrong and where.
 *
 * Strings decode to bytes. Besides RFC 8259's escapes and well-formed
 * UTF-8, a lone low surrogate \udc80..\udcff stands for the raw byte
 * 0x80..0xff (the "surrogateescape" convention escape_json() writes for
 * bytes that are not well-formed UTF-8), so that argv bytes round-trip
 * exactly. Any other lone surrogate, a raw control character, ill-formed
 * UTF-8 and \u0000 (no string execsnoop writes can hold a NUL) are errors.
 */
#ifndef EXECSNOOP_JSON_H
#define EXECSNOOP_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "strbuf.h"

struct json_in {
	const char *start;
	const char *p;
	const char *end;
	const char *err;	/* what is wrong (a string literal), or NULL */
	size_t err_at;		/* its byte offset from start */
};

/* A number as the grammar read it, before its type is known. */
struct json_num {
	bool neg;
	bool big;		/* the integer part does not fit 64 bits */
	bool exp;		/* it has an exponent */
	unsigned int frac_digits;
	uint64_t ipart;		/* the integer part */
	uint64_t milli;		/* the first three fraction digits, as thousandths */
};

static inline void json_init(struct json_in *j, const char *s, size_t n)
{
	j->start = s;
	j->p = s;
	j->end = s + n;
	j->err = NULL;
	j->err_at = 0;
}

/* Records the first error at the current position; returns false. */
bool json_fail(struct json_in *j, const char *what);
/* Skips white space (space, tab, CR, LF). */
void json_ws(struct json_in *j);
/* After white space: consumes c if it comes next. */
bool json_eat(struct json_in *j, char c);
/* After white space: c must come next (an error otherwise). */
bool json_expect(struct json_in *j, char c, const char *what);
/* After white space, the first byte of the next value (0 at the end). */
char json_peek(struct json_in *j);
/* A string: its decoded bytes appended to out. */
bool json_string(struct json_in *j, struct strbuf *out);
bool json_number(struct json_in *j, struct json_num *n);
/* true, false or null: *v is 1, 0 or -1. */
bool json_literal(struct json_in *j, int *v);
/* White space only until the end. */
bool json_end(struct json_in *j);

/* A number as an integer within [0, max]. */
bool json_num_u64(const struct json_num *n, uint64_t max, uint64_t *v);
/* A number as an integer within [min, max] (min <= 0 <= max). */
bool json_num_i64(const struct json_num *n, int64_t min, int64_t max, int64_t *v);
/* A non-negative number with at most three decimals, in thousandths. */
bool json_num_milli(const struct json_num *n, uint64_t *v);

/* Appends the UTF-8 encoding of cp (at most U+10FFFF, not a surrogate). */
void utf8_put(struct strbuf *sb, uint32_t cp);

#endif /* EXECSNOOP_JSON_H */
