// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include "strbuf.h"

void sb_grow(struct strbuf *sb, size_t n)
{
	size_t cap = sb->cap ? sb->cap : 256;
	char *p;

	if (n > SIZE_MAX / 2 - sb->len) {
		fputs("execsnoop: buffer size overflow\n", stderr);
		abort();
	}
	while (cap - sb->len < n)
		cap *= 2;
	p = realloc(sb->buf, cap);
	if (!p) {
		fputs("execsnoop: out of memory\n", stderr);
		abort();
	}
	sb->buf = p;
	sb->cap = cap;
}

void sb_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = 0;
	sb->cap = 0;
}

void sb_add_pad(struct strbuf *sb, size_t width, size_t used)
{
	static const char spaces[] = "                                ";

	while (used < width) {
		size_t n = width - used;

		if (n > sizeof(spaces) - 1)
			n = sizeof(spaces) - 1;
		sb_add(sb, spaces, n);
		used += n;
	}
}

/*
 * width > 0: right-aligned in width columns; width < 0: left-aligned in
 * -width columns; 0: no padding.
 */
static void add_digits(struct strbuf *sb, const char *digits, size_t n, int width)
{
	if (width > 0)
		sb_add_pad(sb, (size_t)width, n);
	sb_add(sb, digits, n);
	if (width < 0)
		sb_add_pad(sb, (size_t)-width, n);
}

void sb_add_u64(struct strbuf *sb, uint64_t v, int width)
{
	char tmp[24];
	char *p = tmp + sizeof(tmp);

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	add_digits(sb, p, (size_t)(tmp + sizeof(tmp) - p), width);
}

void sb_add_i64(struct strbuf *sb, int64_t v, int width)
{
	char tmp[24];
	char *p = tmp + sizeof(tmp);
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	add_digits(sb, p, (size_t)(tmp + sizeof(tmp) - p), width);
}

void sb_add_milli(struct strbuf *sb, uint64_t v)
{
	char frac[4] = { '.', (char)('0' + v / 100 % 10), (char)('0' + v / 10 % 10),
			 (char)('0' + v % 10) };

	sb_add_u64(sb, v / 1000, 0);
	sb_add(sb, frac, 4);
}
