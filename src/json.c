// SPDX-License-Identifier: GPL-2.0
#include "escape.h"
#include "json.h"

bool json_fail(struct json_in *j, const char *what)
{
	if (!j->err) {
		j->err = what;
		j->err_at = (size_t)(j->p - j->start);
	}
	j->p = j->end;		/* nothing more is read after an error */
	return false;
}

void json_ws(struct json_in *j)
{
	while (j->p < j->end &&
	       (*j->p == ' ' || *j->p == '\t' || *j->p == '\r' || *j->p == '\n'))
		j->p++;
}

bool json_eat(struct json_in *j, char c)
{
	json_ws(j);
	if (j->p < j->end && *j->p == c) {
		j->p++;
		return true;
	}
	return false;
}

bool json_expect(struct json_in *j, char c, const char *what)
{
	return json_eat(j, c) || json_fail(j, what);
}

char json_peek(struct json_in *j)
{
	json_ws(j);
	return j->p < j->end ? *j->p : 0;
}

bool json_end(struct json_in *j)
{
	json_ws(j);
	return j->p == j->end || json_fail(j, "text after the object");
}

void utf8_put(struct strbuf *sb, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | cp >> 18);
		b[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	sb_add(sb, b, n);
}

/* Four hex digits after "\u"; -1 if they are not. */
static int32_t hex4(const char *p, const char *end)
{
	int32_t v = 0;
	int i;

	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* At "\u": one code point (a pair for a high surrogate), or a raw byte. */
static bool u_escape(struct json_in *j, struct strbuf *out)
{
	int32_t u = hex4(j->p + 2, j->end), lo;

	if (u < 0)
		return json_fail(j, "invalid \\u escape");
	if (u >= 0xd800 && u <= 0xdbff) {
		lo = j->end - j->p >= 12 && j->p[6] == '\\' && j->p[7] == 'u' ?
		     hex4(j->p + 8, j->end) : -1;
		if (lo < 0xdc00 || lo > 0xdfff)
			return json_fail(j, "high surrogate without its low surrogate");
		utf8_put(out, 0x10000 + (((uint32_t)u - 0xd800) << 10) + ((uint32_t)lo - 0xdc00));
		j->p += 12;
		return true;
	}
	if (u >= 0xdc00 && u <= 0xdfff) {
		/* surrogateescape: \udc80..\udcff is the byte 0x80..0xff */
		if (u < 0xdc80 || u > 0xdcff)
			return json_fail(j, "lone low surrogate outside \\udc80..\\udcff");
		sb_addc(out, (char)(u & 0xff));
	} else if (!u) {
		return json_fail(j, "NUL character (\\u0000) in a string");
	} else {
		utf8_put(out, (uint32_t)u);
	}
	j->p += 6;
	return true;
}

static bool escape_seq(struct json_in *j, struct strbuf *out)
{
	char c;

	if (j->end - j->p < 2)
		return json_fail(j, "unterminated string");
	switch (j->p[1]) {
	case '"':  c = '"'; break;
	case '\\': c = '\\'; break;
	case '/':  c = '/'; break;
	case 'b':  c = '\b'; break;
	case 'f':  c = '\f'; break;
	case 'n':  c = '\n'; break;
	case 'r':  c = '\r'; break;
	case 't':  c = '\t'; break;
	case 'u':  return u_escape(j, out);
	default:   return json_fail(j, "invalid escape in a string");
	}
	sb_addc(out, c);
	j->p += 2;
	return true;
}

bool json_string(struct json_in *j, struct strbuf *out)
{
	const unsigned char *s;
	uint32_t cp;
	size_t len;

	if (!json_expect(j, '"', "expected a string"))
		return false;
	for (;;) {
		/* the common case: a run of plain ASCII, appended at once */
		s = (const unsigned char *)j->p;
		while ((const char *)s < j->end && *s >= 0x20 && *s < 0x80 && *s != '"' &&
		       *s != '\\')
			s++;
		if ((const char *)s > j->p)
			sb_add(out, j->p, (size_t)((const char *)s - j->p));
		j->p = (const char *)s;
		if (j->p == j->end)
			return json_fail(j, "unterminated string");
		if (*s == '"') {
			j->p++;
			return true;
		}
		if (*s == '\\') {
			if (!escape_seq(j, out))
				return false;
			continue;
		}
		if (*s < 0x20)
			return json_fail(j, "control character in a string");
		len = utf8_seq_len(s, (size_t)(j->end - j->p), &cp);
		if (!len)
			return json_fail(j, "invalid UTF-8 in a string");
		sb_add(out, j->p, len);
		j->p += len;
	}
}

static bool is_digit(const char *p, const char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

bool json_number(struct json_in *j, struct json_num *n)
{
	const char *p;
	unsigned int d;

	json_ws(j);
	p = j->p;
	*n = (struct json_num){};
	if (p < j->end && *p == '-') {
		n->neg = true;
		p++;
	}
	if (!is_digit(p, j->end))
		return json_fail(j, "expected a value");
	if (*p == '0') {
		p++;
		if (is_digit(p, j->end))
			return json_fail(j, "number with a leading zero");
	} else {
		for (; is_digit(p, j->end); p++) {
			d = (unsigned int)(*p - '0');
			if (n->ipart > (UINT64_MAX - d) / 10)
				n->big = true;
			else
				n->ipart = n->ipart * 10 + d;
		}
	}
	if (p < j->end && *p == '.') {
		p++;
		if (!is_digit(p, j->end))
			return json_fail(j, "number without digits after '.'");
		for (; is_digit(p, j->end); p++, n->frac_digits++) {
			d = (unsigned int)(*p - '0');
			if (n->frac_digits < 3)
				n->milli = n->milli * 10 + d;
		}
		for (d = n->frac_digits; d < 3; d++)
			n->milli *= 10;
	}
	if (p < j->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < j->end && (*p == '+' || *p == '-'))
			p++;
		if (!is_digit(p, j->end))
			return json_fail(j, "number without digits in its exponent");
		while (is_digit(p, j->end))
			p++;
		n->exp = true;
	}
	j->p = p;
	return true;
}

bool json_literal(struct json_in *j, int *v)
{
	static const struct {
		const char *word;
		size_t len;
		int v;
	} lits[] = { { "true", 4, 1 }, { "false", 5, 0 }, { "null", 4, -1 } };
	size_t i;

	json_ws(j);
	for (i = 0; i < 3; i++) {
		if ((size_t)(j->end - j->p) >= lits[i].len &&
		    !memcmp(j->p, lits[i].word, lits[i].len)) {
			j->p += lits[i].len;
			*v = lits[i].v;
			return true;
		}
	}
	return json_fail(j, "expected a value");
}

bool json_num_u64(const struct json_num *n, uint64_t max, uint64_t *v)
{
	if (n->neg || n->big || n->exp || n->frac_digits || n->ipart > max)
		return false;
	*v = n->ipart;
	return true;
}

bool json_num_i64(const struct json_num *n, int64_t min, int64_t max, int64_t *v)
{
	if (n->big || n->exp || n->frac_digits)
		return false;
	if (!n->neg) {
		if (n->ipart > (uint64_t)max)
			return false;
		*v = (int64_t)n->ipart;
		return true;
	}
	/* -0 is 0; the magnitude of min fits as -(min + 1) + 1 */
	if (n->ipart && n->ipart - 1 > (uint64_t)-(min + 1))
		return false;
	*v = n->ipart ? -(int64_t)(n->ipart - 1) - 1 : 0;
	return true;
}

bool json_num_milli(const struct json_num *n, uint64_t *v)
{
	if (n->neg || n->big || n->exp || n->frac_digits > 3 || n->ipart > UINT64_MAX / 1000 ||
	    n->ipart * 1000 > UINT64_MAX - n->milli)
		return false;
	*v = n->ipart * 1000 + n->milli;
	return true;
}
