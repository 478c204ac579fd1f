/* SPDX-License-Identifier: GPL-2.0 */
/* A small growable byte buffer: each output line is built in one of these. */
#ifndef EXECSNOOP_STRBUF_H
#define EXECSNOOP_STRBUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

/* Make room for n more bytes; aborts on allocation failure. */
void sb_grow(struct strbuf *sb, size_t n);
void sb_release(struct strbuf *sb);
void sb_add_pad(struct strbuf *sb, size_t width, size_t used);
/* Unsigned / signed decimal, left- or right-aligned in a field of width. */
void sb_add_u64(struct strbuf *sb, uint64_t v, int width);
void sb_add_i64(struct strbuf *sb, int64_t v, int width);
/* v / 1000 with three decimals: 12345 -> "12.345" */
void sb_add_milli(struct strbuf *sb, uint64_t v);

static inline void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
}

static inline void sb_add(struct strbuf *sb, const void *p, size_t n)
{
	if (sb->cap - sb->len < n)
		sb_grow(sb, n);
	memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
}

static inline void sb_addc(struct strbuf *sb, char c)
{
	if (sb->cap == sb->len)
		sb_grow(sb, 1);
	sb->buf[sb->len++] = c;
}

static inline void sb_adds(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

/* Append s, then spaces up to width columns (s is plain ASCII). */
static inline void sb_add_left(struct strbuf *sb, const char *s, size_t width)
{
	size_t n = strlen(s);

	sb_add(sb, s, n);
	sb_add_pad(sb, width, n);
}

#endif /* EXECSNOOP_STRBUF_H */
