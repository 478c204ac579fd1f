// SPDX-License-Identifier: GPL-2.0
#include "escape.h"

static const char hex[] = "0123456789abcdef";

size_t utf8_seq_len(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return len;
}

/* Code points that are well-formed but steer a terminal or the reading order. */
static bool dangerous_cp(uint32_t c)
{
	return (c >= 0x80 && c <= 0x9f) ||		/* C1 controls */
	       c == 0x200e || c == 0x200f ||		/* LRM, RLM */
	       (c >= 0x2028 && c <= 0x202e) ||		/* LS, PS, bidi embeddings */
	       (c >= 0x2066 && c <= 0x2069);		/* bidi isolates */
}

static void add_hex_byte(struct strbuf *sb, unsigned char b)
{
	char t[4] = { '\\', 'x', hex[b >> 4], hex[b & 15] };

	sb_add(sb, t, 4);
}

void escape_text(struct strbuf *sb, const char *str, size_t n, unsigned int flags)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run;

	while (i < n) {
		unsigned char c = s[i];
		uint32_t cp;
		size_t len;

		/* fast path: a run of plain printable ASCII */
		run = i;
		while (run < n && s[run] >= 0x20 && s[run] < 0x7f && s[run] != '\\' &&
		       !(s[run] == '"' && (flags & ESC_QUOTE)) &&
		       !(s[run] == ' ' && (flags & ESC_SPACE)))
			run++;
		if (run > i) {
			sb_add(sb, s + i, run - i);
			i = run;
			continue;
		}
		switch (c) {
		case '\\':
			sb_add(sb, "\\\\", 2);
			i++;
			continue;
		case '"':
			sb_add(sb, "\\\"", 2);
			i++;
			continue;
		case '\n':
			sb_add(sb, "\\n", 2);
			i++;
			continue;
		case '\t':
			sb_add(sb, "\\t", 2);
			i++;
			continue;
		case '\r':
			sb_add(sb, "\\r", 2);
			i++;
			continue;
		default:
			break;
		}
		if (c < 0x80) {		/* other C0 controls, DEL, escaped space */
			add_hex_byte(sb, c);
			i++;
			continue;
		}
		len = utf8_seq_len(s + i, n - i, &cp);
		if (!len) {
			add_hex_byte(sb, c);
			i++;
			continue;
		}
		if (dangerous_cp(cp)) {
			char t[6] = { '\\', 'u', hex[(cp >> 12) & 15], hex[(cp >> 8) & 15],
				       hex[(cp >> 4) & 15], hex[cp & 15] };

			sb_add(sb, t, 6);
		} else {
			sb_add(sb, s + i, len);
		}
		i += len;
	}
}

static void add_u_escape(struct strbuf *sb, uint32_t cp)
{
	char t[6] = { '\\', 'u', hex[(cp >> 12) & 15], hex[(cp >> 8) & 15],
		       hex[(cp >> 4) & 15], hex[cp & 15] };

	sb_add(sb, t, 6);
}

void escape_json(struct strbuf *sb, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run;

	while (i < n) {
		unsigned char c = s[i];
		uint32_t cp;
		size_t len;

		run = i;
		while (run < n && s[run] >= 0x20 && s[run] < 0x7f && s[run] != '\\' &&
		       s[run] != '"')
			run++;
		if (run > i) {
			sb_add(sb, s + i, run - i);
			i = run;
			continue;
		}
		if (c == '\\' || c == '"') {
			sb_addc(sb, '\\');
			sb_addc(sb, (char)c);
			i++;
			continue;
		}
		if (c == '\n' || c == '\t' || c == '\r') {
			sb_addc(sb, '\\');
			sb_addc(sb, c == '\n' ? 'n' : c == '\t' ? 't' : 'r');
			i++;
			continue;
		}
		if (c < 0x80) {		/* other C0 controls and DEL */
			add_u_escape(sb, c);
			i++;
			continue;
		}
		len = utf8_seq_len(s + i, n - i, &cp);
		if (!len) {
			add_u_escape(sb, 0xdc00 | c);
			i++;
			continue;
		}
		if (dangerous_cp(cp))
			add_u_escape(sb, cp);
		else
			sb_add(sb, s + i, len);
		i += len;
	}
}
