// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <string.h>
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
	       c == 0x061c ||				/* ALM */
	       c == 0x200e || c == 0x200f ||		/* LRM, RLM */
	       (c >= 0x2028 && c <= 0x202e) ||		/* LS, PS, bidi embeddings */
	       (c >= 0x2066 && c <= 0x2069);		/* bidi isolates */
}

static void add_hex_byte(struct strbuf *sb, unsigned char b)
{
	char t[4] = { '\\', 'x', hex[b >> 4], hex[b & 15] };

	sb_add(sb, t, 4);
}

static void add_u_escape(struct strbuf *sb, uint32_t cp)
{
	char t[6] = { '\\', 'u', hex[(cp >> 12) & 15], hex[(cp >> 8) & 15],
		       hex[(cp >> 4) & 15], hex[cp & 15] };

	sb_add(sb, t, 6);
}

#define ESC_JSON (1u << 31)	/* internal: JSON string rules */
#define ESC_XML (1u << 30)	/* internal: text rules, then XML's markup */

static bool xml_markup(unsigned char c)
{
	return c == '&' || c == '<' || c == '>' || c == '"' || c == '\'';
}

/* Whether byte c passes through unchanged: printable ASCII not escaped. */
static bool plain(unsigned char c, unsigned int flags)
{
	return c >= 0x20 && c < 0x7f && c != '\\' &&
	       !(c == '"' && (flags & (ESC_QUOTE | ESC_JSON))) &&
	       !(c == ' ' && (flags & ESC_SPACE)) &&
	       !((flags & ESC_XML) && xml_markup(c));
}

static void add_entity(struct strbuf *sb, unsigned char c)
{
	switch (c) {
	case '&':
		sb_add(sb, "&amp;", 5);
		break;
	case '<':
		sb_add(sb, "&lt;", 4);
		break;
	case '>':
		sb_add(sb, "&gt;", 4);
		break;
	case '"':
		sb_add(sb, "&quot;", 6);
		break;
	default:
		sb_add(sb, "&apos;", 6);
		break;
	}
}

/* The one escaping engine; flags choose text (\xHH) or JSON (\u) forms. */
static void escape(struct strbuf *sb, const char *str, size_t n, unsigned int flags)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run, len;
	unsigned char c;
	uint32_t cp;

	while (i < n) {
		for (run = i; run < n && plain(s[run], flags); run++)
			;
		if (run > i) {
			sb_add(sb, s + i, run - i);
			i = run;
			continue;
		}
		c = s[i];
		if ((flags & ESC_XML) && xml_markup(c)) {
			add_entity(sb, c);
			i++;
			continue;
		}
		if (c == '\\' || c == '"' || c == '\n' || c == '\t' || c == '\r') {
			sb_addc(sb, '\\');
			sb_addc(sb, c == '\n' ? 'n' : c == '\t' ? 't' : c == '\r' ? 'r' : (char)c);
			i++;
			continue;
		}
		len = c < 0x80 ? 0 : utf8_seq_len(s + i, n - i, &cp);
		if (!len) {
			/* C0, DEL, an escaped space, or a byte of ill-formed UTF-8 */
			if (!(flags & ESC_JSON))
				add_hex_byte(sb, c);
			else
				add_u_escape(sb, c < 0x80 ? c : 0xdc00u | c);
			i++;
			continue;
		}
		/* XML 1.0 has no U+FFFE, U+FFFF: no parser would read on */
		if (dangerous_cp(cp) || ((flags & ESC_XML) && (cp == 0xfffe || cp == 0xffff)))
			add_u_escape(sb, cp);
		else
			sb_add(sb, s + i, len);
		i += len;
	}
}

void escape_text(struct strbuf *sb, const char *s, size_t n, unsigned int flags)
{
	escape(sb, s, n, flags & ~ESC_JSON);
}

void escape_xml(struct strbuf *sb, const char *s, size_t n, unsigned int flags)
{
	escape(sb, s, n, (flags & ~ESC_JSON) | ESC_XML);
}

void escape_json(struct strbuf *sb, const char *s, size_t n)
{
	escape(sb, s, n, ESC_JSON);
}

const char *shown_arg(const char *s)
{
	static char bufs[4][SHOWN_ARG_MAX * 6 + 4];
	static unsigned int next;
	char *out = bufs[next++ % 4];
	size_t n = strnlen(s, SHOWN_ARG_MAX + 1);
	struct strbuf sb = STRBUF_INIT;
	bool cut = n > SHOWN_ARG_MAX;

	if (cut) {
		/* cut before the start of a UTF-8 sequence, not inside one */
		n = SHOWN_ARG_MAX;
		while (n > SHOWN_ARG_MAX - 3 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	escape_text(&sb, s, n, 0);
	if (cut)
		sb_add(&sb, "...", 3);
	n = sb.len < sizeof(bufs[0]) ? sb.len : sizeof(bufs[0]) - 1;
	memcpy(out, sb.buf ? sb.buf : "", n);
	out[n] = '\0';
	sb_release(&sb);
	return out;
}
