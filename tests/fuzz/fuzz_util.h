/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the fuzz targets check their outputs with: our own UTF-8 decoder, a
 * strict JSON validator, and decoders for the two escape forms (escape.h),
 * all written independently of src/ so that they can judge it.
 */
#ifndef EXECSNOOP_FUZZ_UTIL_H
#define EXECSNOOP_FUZZ_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "strbuf.h"

/* Prints what was violated, and where, then abort()s for libFuzzer. */
void fuzz_fail(const char *what, const char *buf, size_t len) __attribute__((noreturn));
#define FUZZ_ASSERT(cond, buf, len)						\
	do {									\
		if (!(cond))							\
			fuzz_fail(#cond, (const char *)(buf), (len));		\
	} while (0)
/* The same, saying what is wrong in words. */
#define FUZZ_EXPECT(cond, what, buf, len)					\
	do {									\
		if (!(cond))							\
			fuzz_fail(what, (const char *)(buf), (len));		\
	} while (0)

/* Bytes of input as little-endian integers; 0 past the end. */
uint64_t fuzz_le(const uint8_t *p, size_t n, size_t width);

/*
 * Length (1..4) of the well-formed UTF-8 sequence at s, per Unicode's
 * table 3-7, and its code point; 0 if ill-formed.
 */
size_t fuzz_utf8_len(const unsigned char *s, size_t n, uint32_t *cp);

/* Well-formed UTF-8 throughout. */
bool fuzz_utf8_valid(const char *s, size_t n);

/* A code point that steers a terminal or the reading order (escape.h). */
bool fuzz_dangerous_cp(uint32_t cp);

/*
 * The checks every output line passes: exactly one '\n', at its end; no
 * other byte below 0x20, no 0x7f; well-formed UTF-8 with no C1 control,
 * bidi control or line/paragraph separator. Aborts on a violation.
 */
void fuzz_check_line(const char *line, size_t len);

/* Appends the UTF-8 encoding of cp (not a surrogate, <= U+10FFFF). */
void fuzz_put_utf8(struct strbuf *sb, uint32_t cp);

/*
 * Decodes a JSON string body (between the quotes) into bytes; a lone low
 * surrogate \udc80..\udcff is the byte 0x80..0xff (surrogateescape).
 * false if it is not a valid string body or has another lone surrogate.
 */
bool fuzz_json_unescape(struct strbuf *out, const char *s, size_t n);

/*
 * Decodes escape_text() output: \\ \" \n \t \r \xHH \uHHHH. false on a
 * malformed escape, a control byte, or (per flags) a raw '"' or ' '.
 */
bool fuzz_text_unescape(struct strbuf *out, const char *s, size_t n, unsigned int flags);

/* A top-level member of a JSON object, as the validator saw it. */
struct json_member {
	const char *key;	/* decoded, NUL-terminated (keys are ASCII here) */
	enum { J_STRING, J_NUMBER, J_BOOL, J_NULL, J_ARRAY, J_OBJECT } kind;
	const char *raw;	/* the value's text in the line */
	size_t raw_len;
};

#define JSON_MEMBERS_MAX 64

struct json_object {
	struct json_member m[JSON_MEMBERS_MAX];
	char keys[JSON_MEMBERS_MAX][32];
	size_t n;
};

/*
 * Validates that s is exactly one JSON object (RFC 8259, strict: no
 * trailing text, no whitespace at all since the sink writes none, every
 * string decodable as above, unique keys) and lists its members.
 * Returns NULL, or what is wrong.
 */
const char *fuzz_json_object(const char *s, size_t n, struct json_object *obj);

/* The member named key, or NULL. */
const struct json_member *fuzz_json_get(const struct json_object *obj, const char *key);

#endif /* EXECSNOOP_FUZZ_UTIL_H */
