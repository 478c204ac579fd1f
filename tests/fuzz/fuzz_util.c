// SPDX-License-Identifier: GPL-2.0
/* The fuzz targets' own checkers: see fuzz_util.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "fuzz_util.h"

void fuzz_fail(const char *what, const char *buf, size_t len)
{
	size_t i;

	fprintf(stderr, "fuzz check failed: %s\n  in %zu bytes: \"", what, len);
	for (i = 0; buf && i < len && i < 4096; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"')
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
	fputs(i < len ? "\"...\n" : "\"\n", stderr);
	abort();
}

uint64_t fuzz_le(const uint8_t *p, size_t n, size_t width)
{
	uint64_t v = 0;
	size_t i;

	for (i = width; i-- > 0;)
		v = (v << 8) | (i < n ? p[i] : 0);
	return v;
}

/* Unicode 15, table 3-7: the well-formed byte sequences. */
size_t fuzz_utf8_len(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char b0 = s[0], lo = 0x80, hi = 0xbf;
	size_t len, i;
	uint32_t c;

	if (b0 < 0x80) {
		*cp = b0;
		return 1;
	}
	if (b0 >= 0xc2 && b0 <= 0xdf) {
		len = 2;
		c = b0 & 0x1f;
	} else if (b0 >= 0xe0 && b0 <= 0xef) {
		len = 3;
		c = b0 & 0x0f;
		if (b0 == 0xe0)
			lo = 0xa0;
		else if (b0 == 0xed)
			hi = 0x9f;
	} else if (b0 >= 0xf0 && b0 <= 0xf4) {
		len = 4;
		c = b0 & 0x07;
		if (b0 == 0xf0)
			lo = 0x90;
		else if (b0 == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	/* only the second byte has a narrower range */
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 1; i < len; i++) {
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	*cp = c;
	return len;
}

bool fuzz_utf8_valid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		len = fuzz_utf8_len(u + i, n - i, &cp);
		if (!len)
			return false;
		i += len;
	}
	return true;
}

bool fuzz_dangerous_cp(uint32_t c)
{
	return (c >= 0x80 && c <= 0x9f) || c == 0x061c || c == 0x200e || c == 0x200f ||
	       (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

void fuzz_check_line(const char *line, size_t len)
{
	const unsigned char *u = (const unsigned char *)line;
	size_t i, n;
	uint32_t cp;

	FUZZ_EXPECT(len > 0 && line[len - 1] == '\n', "line: no newline at the end", line, len);
	for (i = 0; i + 1 < len; i++) {
		FUZZ_EXPECT(u[i] != '\n', "line: a newline inside", line, len);
		FUZZ_EXPECT(u[i] >= 0x20, "line: a control byte", line, len);
		FUZZ_EXPECT(u[i] != 0x7f, "line: a DEL byte", line, len);
	}
	for (i = 0; i < len; i += n) {
		n = fuzz_utf8_len(u + i, len - i, &cp);
		FUZZ_EXPECT(n != 0, "line: ill-formed UTF-8", line, len);
		FUZZ_EXPECT(!fuzz_dangerous_cp(cp), "line: a C1, bidi or separator code point",
			    line, len);
	}
}

void fuzz_put_utf8(struct strbuf *sb, uint32_t cp)
{
	if (cp < 0x80) {
		sb_addc(sb, (char)cp);
	} else if (cp < 0x800) {
		sb_addc(sb, (char)(0xc0 | cp >> 6));
		sb_addc(sb, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		sb_addc(sb, (char)(0xe0 | cp >> 12));
		sb_addc(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		sb_addc(sb, (char)(0x80 | (cp & 0x3f)));
	} else {
		sb_addc(sb, (char)(0xf0 | cp >> 18));
		sb_addc(sb, (char)(0x80 | ((cp >> 12) & 0x3f)));
		sb_addc(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		sb_addc(sb, (char)(0x80 | (cp & 0x3f)));
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* n hex digits at s: the value, or -1 */
static long hexnum(const char *s, size_t avail, size_t n)
{
	long v = 0;
	size_t i;
	int h;

	if (avail < n)
		return -1;
	for (i = 0; i < n; i++) {
		h = hexval(s[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* The byte a one-letter escape stands for, per pairs "<letter><byte>...", or -1. */
static int simple_escape(char letter, const char *pairs)
{
	for (; *pairs; pairs += 2)
		if (pairs[0] == letter)
			return (unsigned char)pairs[1];
	return -1;
}

bool fuzz_json_unescape(struct strbuf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	long v, lo;
	int c;

	while (i < n) {
		if (u[i] == '"' || u[i] < 0x20)
			return false;
		if (u[i] != '\\') {
			sb_addc(out, s[i++]);
			continue;
		}
		if (++i >= n)
			return false;
		c = simple_escape(s[i++], "\"\"\\\\//b\bf\fn\nr\rt\t");
		if (c >= 0) {
			sb_addc(out, (char)c);
			continue;
		}
		if (s[i - 1] != 'u')
			return false;
		v = hexnum(s + i, n - i, 4);
		if (v < 0)
			return false;
		i += 4;
		if (v >= 0xd800 && v <= 0xdbff) {
			/* a high surrogate: only as the first of a pair */
			if (n - i < 6 || s[i] != '\\' || s[i + 1] != 'u')
				return false;
			lo = hexnum(s + i + 2, n - i - 2, 4);
			if (lo < 0xdc00 || lo > 0xdfff)
				return false;
			i += 6;
			fuzz_put_utf8(out, 0x10000 + (((uint32_t)v - 0xd800) << 10) +
					   ((uint32_t)lo - 0xdc00));
		} else if (v >= 0xdc00 && v <= 0xdfff) {
			/* lone low surrogate: surrogateescape, bytes 0x80..0xff only */
			if (v < 0xdc80 || v > 0xdcff)
				return false;
			sb_addc(out, (char)(v & 0xff));
		} else {
			fuzz_put_utf8(out, (uint32_t)v);
		}
	}
	return true;
}

bool fuzz_text_unescape(struct strbuf *out, const char *s, size_t n, unsigned int flags)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	long v;
	int c;

	while (i < n) {
		if (u[i] < 0x20 || u[i] == 0x7f)
			return false;
		if ((u[i] == '"' && (flags & ESC_QUOTE)) || (u[i] == ' ' && (flags & ESC_SPACE)))
			return false;
		if (u[i] != '\\') {
			sb_addc(out, s[i++]);
			continue;
		}
		if (++i >= n)
			return false;
		c = simple_escape(s[i], "\\\\n\nt\tr\r");
		if (c >= 0) {
			sb_addc(out, (char)c);
			i++;
			continue;
		}
		switch (s[i++]) {
		case '"':
			/* only -q escapes the quote */
			if (!(flags & ESC_QUOTE))
				return false;
			sb_addc(out, '"');
			continue;
		case 'x':
			v = hexnum(s + i, n - i, 2);
			if (v < 0)
				return false;
			i += 2;
			sb_addc(out, (char)v);
			continue;
		case 'u':
			v = hexnum(s + i, n - i, 4);
			/* the \u form is only for well-formed code points */
			if (v < 0 || (v >= 0xd800 && v <= 0xdfff))
				return false;
			i += 4;
			fuzz_put_utf8(out, (uint32_t)v);
			continue;
		default:
			return false;
		}
	}
	return true;
}

/* The strict JSON validator: recursive descent over one line. */
struct jp {
	const char *s;
	size_t n;
	size_t i;
	const char *err;
	struct strbuf tmp;
};

#define JSON_DEPTH_MAX 16

static bool jp_fail(struct jp *p, const char *why)
{
	if (!p->err)
		p->err = why;
	return false;
}

static bool jp_value(struct jp *p, int depth, int *kind);

/* A string at p->i (at its opening quote); its decoded bytes in p->tmp. */
static bool jp_string(struct jp *p)
{
	size_t start;

	if (p->i >= p->n || p->s[p->i] != '"')
		return jp_fail(p, "expected a string");
	start = ++p->i;
	while (p->i < p->n && p->s[p->i] != '"') {
		if (p->s[p->i] == '\\')
			p->i++;
		p->i++;
	}
	if (p->i >= p->n)
		return jp_fail(p, "unterminated string");
	sb_reset(&p->tmp);
	if (!fuzz_json_unescape(&p->tmp, p->s + start, p->i - start))
		return jp_fail(p, "bad string (escape, control byte or lone surrogate)");
	p->i++;
	return true;
}

static bool digits(struct jp *p)
{
	size_t start = p->i;

	while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
		p->i++;
	return p->i > start;
}

static bool jp_number(struct jp *p)
{
	if (p->i < p->n && p->s[p->i] == '-')
		p->i++;
	if (p->i < p->n && p->s[p->i] == '0')
		p->i++;
	else if (!(p->i < p->n && p->s[p->i] >= '1' && p->s[p->i] <= '9') || !digits(p))
		return jp_fail(p, "bad number");
	if (p->i < p->n && p->s[p->i] == '.') {
		p->i++;
		if (!digits(p))
			return jp_fail(p, "bad fraction");
	}
	if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
		p->i++;
		if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
			p->i++;
		if (!digits(p))
			return jp_fail(p, "bad exponent");
	}
	return true;
}

static bool jp_literal(struct jp *p, const char *lit)
{
	size_t l = strlen(lit);

	if (p->n - p->i < l || memcmp(p->s + p->i, lit, l))
		return jp_fail(p, "bad literal");
	p->i += l;
	return true;
}

static bool jp_object(struct jp *p, int depth, struct json_object *obj)
{
	int kind;
	size_t k, vstart;

	p->i++;	/* '{' */
	if (p->i < p->n && p->s[p->i] == '}') {
		p->i++;
		return true;
	}
	for (;;) {
		if (!jp_string(p))
			return false;
		if (obj) {
			if (obj->n >= JSON_MEMBERS_MAX)
				return jp_fail(p, "too many members");
			if (p->tmp.len >= sizeof(obj->keys[0]) || memchr(p->tmp.buf, 0, p->tmp.len))
				return jp_fail(p, "key too long or with a NUL");
			memcpy(obj->keys[obj->n], p->tmp.buf, p->tmp.len);
			obj->keys[obj->n][p->tmp.len] = '\0';
			for (k = 0; k < obj->n; k++)
				if (!strcmp(obj->keys[k], obj->keys[obj->n]))
					return jp_fail(p, "duplicate key");
		}
		if (p->i >= p->n || p->s[p->i] != ':')
			return jp_fail(p, "expected ':'");
		p->i++;
		vstart = p->i;
		if (!jp_value(p, depth + 1, &kind))
			return false;
		if (obj) {
			obj->m[obj->n].key = obj->keys[obj->n];
			obj->m[obj->n].kind = kind;
			obj->m[obj->n].raw = p->s + vstart;
			obj->m[obj->n].raw_len = p->i - vstart;
			obj->n++;
		}
		if (p->i < p->n && p->s[p->i] == ',') {
			p->i++;
			continue;
		}
		if (p->i < p->n && p->s[p->i] == '}') {
			p->i++;
			return true;
		}
		return jp_fail(p, "expected ',' or '}'");
	}
}

static bool jp_array(struct jp *p, int depth)
{
	int kind;

	p->i++;	/* '[' */
	if (p->i < p->n && p->s[p->i] == ']') {
		p->i++;
		return true;
	}
	for (;;) {
		if (!jp_value(p, depth + 1, &kind))
			return false;
		if (p->i < p->n && p->s[p->i] == ',') {
			p->i++;
			continue;
		}
		if (p->i < p->n && p->s[p->i] == ']') {
			p->i++;
			return true;
		}
		return jp_fail(p, "expected ',' or ']'");
	}
}

static bool jp_value(struct jp *p, int depth, int *kind)
{
	if (depth > JSON_DEPTH_MAX)
		return jp_fail(p, "nested too deep");
	if (p->i >= p->n)
		return jp_fail(p, "expected a value");
	switch (p->s[p->i]) {
	case '"':
		*kind = J_STRING;
		return jp_string(p);
	case '{':
		*kind = J_OBJECT;
		return jp_object(p, depth, NULL);
	case '[':
		*kind = J_ARRAY;
		return jp_array(p, depth);
	case 't':
		*kind = J_BOOL;
		return jp_literal(p, "true");
	case 'f':
		*kind = J_BOOL;
		return jp_literal(p, "false");
	case 'n':
		*kind = J_NULL;
		return jp_literal(p, "null");
	default:
		*kind = J_NUMBER;
		return jp_number(p);
	}
}

const char *fuzz_json_object(const char *s, size_t n, struct json_object *obj)
{
	struct jp p = { .s = s, .n = n, .tmp = STRBUF_INIT };

	obj->n = 0;
	if (!n || s[0] != '{')
		jp_fail(&p, "not an object");
	else if (jp_object(&p, 0, obj) && p.i != n)
		jp_fail(&p, "text after the object");
	sb_release(&p.tmp);
	return p.err;
}

const struct json_member *fuzz_json_get(const struct json_object *obj, const char *key)
{
	size_t i;

	for (i = 0; i < obj->n; i++)
		if (!strcmp(obj->m[i].key, key))
			return &obj->m[i];
	return NULL;
}
