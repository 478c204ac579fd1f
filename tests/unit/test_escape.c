// SPDX-License-Identifier: GPL-2.0
/*
 * Escaping (escape.c): the text form (each class), the JSON string body
 * (each class, and a byte-exact round trip), UTF-8 sequence lengths.
 */
#include <stdint.h>
#include <stdlib.h>
#include "check.h"
#include "escape.h"

static void esc(const char *name, const char *in, size_t n, unsigned int flags,
		const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	escape_text(&sb, in, n, flags);
	CHECK_STR(name, sb.buf, sb.len, want);
	sb_release(&sb);
}

#define ESC(name, in, flags, want) esc(name, in, sizeof(in) - 1, flags, want)

static void ej(const char *name, const char *in, size_t n, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	escape_json(&sb, in, n);
	CHECK_STR(name, sb.buf, sb.len, want);
	sb_release(&sb);
}

#define EJ(name, in, want) ej(name, in, sizeof(in) - 1, want)

static void put_utf8(unsigned char *out, size_t *o, uint32_t cp)
{
	if (cp < 0x80) {
		out[(*o)++] = (unsigned char)cp;
	} else if (cp < 0x800) {
		out[(*o)++] = (unsigned char)(0xc0 | cp >> 6);
		out[(*o)++] = (unsigned char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		out[(*o)++] = (unsigned char)(0xe0 | cp >> 12);
		out[(*o)++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		out[(*o)++] = (unsigned char)(0x80 | (cp & 0x3f));
	} else {
		out[(*o)++] = (unsigned char)(0xf0 | cp >> 18);
		out[(*o)++] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		out[(*o)++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		out[(*o)++] = (unsigned char)(0x80 | (cp & 0x3f));
	}
}

/*
 * Decodes a JSON string body as Python's json.loads then
 * .encode("utf-8", "surrogateescape") would; -1 if it is not a valid body
 * or holds a raw control character, a raw DEL or an unescaped quote.
 */
static long json_unescape(const char *s, size_t n, unsigned char *out)
{
	size_t i = 0, o = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;

		if (c < 0x20 || c == 0x7f || c == '"')
			return -1;
		if (c != '\\') {
			out[o++] = c;
			i++;
			continue;
		}
		if (i + 1 >= n)
			return -1;
		switch (s[i + 1]) {
		case '"': case '\\': case '/':
			out[o++] = (unsigned char)s[i + 1];
			i += 2;
			continue;
		case 'n': out[o++] = '\n'; i += 2; continue;
		case 't': out[o++] = '\t'; i += 2; continue;
		case 'r': out[o++] = '\r'; i += 2; continue;
		case 'b': out[o++] = '\b'; i += 2; continue;
		case 'f': out[o++] = '\f'; i += 2; continue;
		case 'u':
			if (i + 6 > n)
				return -1;
			{
				char hex4[5] = { s[i + 2], s[i + 3], s[i + 4], s[i + 5], 0 };
				char *end;

				cp = (uint32_t)strtoul(hex4, &end, 16);
				if (*end)
					return -1;
			}
			i += 6;
			if (cp >= 0xdc80 && cp <= 0xdcff)
				out[o++] = (unsigned char)(cp & 0xff);	/* surrogateescape */
			else if (cp >= 0xd800 && cp <= 0xdfff)
				return -1;	/* no pairs are ever produced */
			else
				put_utf8(out, &o, cp);
			continue;
		default:
			return -1;
		}
	}
	return (long)o;
}

/* escape_json(in) decodes back to exactly in, with no raw control byte. */
static int round_trips(const unsigned char *in, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned char *back;
	long m;
	int ok;

	escape_json(&sb, (const char *)in, n);
	/* decoding never lengthens: an escape stands for at most its own size */
	back = malloc(sb.len + 1);
	if (!back)
		abort();
	m = json_unescape(sb.buf ? sb.buf : "", sb.len, back);
	ok = m == (long)n && (!n || !memcmp(back, in, n));
	free(back);
	sb_release(&sb);
	return ok;
}

static void escape_json_classes(void)
{
	EJ("json-escape/ascii", "hello world ~!", "hello world ~!");
	EJ("json-escape/quote", "say \"hi\"", "say \\\"hi\\\"");
	EJ("json-escape/backslash", "a\\b\\", "a\\\\b\\\\");
	EJ("json-escape/newline-tab-cr", "a\nb\tc\rd", "a\\nb\\tc\\rd");
	EJ("json-escape/c0", "\x01\x1b[31m\x1f", "\\u0001\\u001b[31m\\u001f");
	EJ("json-escape/backspace-formfeed", "\b\f", "\\u0008\\u000c");
	EJ("json-escape/nul", "a\0b", "a\\u0000b");
	EJ("json-escape/del", "a\x7f", "a\\u007f");
	EJ("json-escape/utf8-valid", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xc2\xa0",
	   "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xc2\xa0");
	EJ("json-escape/c1", "\xc2\x9b" "31m\xc2\x80\xc2\x9f", "\\u009b31m\\u0080\\u009f");
	EJ("json-escape/bidi-override", "a\xe2\x80\xae" "b", "a\\u202eb");
	EJ("json-escape/bidi-others", "\xe2\x80\x8e\xe2\x80\x8f\xe2\x81\xa6\xe2\x81\xa9",
	   "\\u200e\\u200f\\u2066\\u2069");
	EJ("json-escape/line-separators", "\xe2\x80\xa8\xe2\x80\xa9", "\\u2028\\u2029");
	EJ("json-escape/invalid-byte", "a\xff" "b", "a\\udcffb");
	EJ("json-escape/lone-continuation", "\x80", "\\udc80");
	EJ("json-escape/truncated-sequence", "\xe2\x82", "\\udce2\\udc82");
	EJ("json-escape/truncated-at-end", "a\xf0\x9f\x98", "a\\udcf0\\udc9f\\udc98");
	EJ("json-escape/truncated-then-ascii", "\xe2\x82z", "\\udce2\\udc82z");
	EJ("json-escape/overlong-2", "\xc0\xaf", "\\udcc0\\udcaf");
	EJ("json-escape/overlong-3", "\xe0\x80\xaf", "\\udce0\\udc80\\udcaf");
	EJ("json-escape/overlong-4", "\xf0\x80\x80\xaf", "\\udcf0\\udc80\\udc80\\udcaf");
	EJ("json-escape/surrogate", "\xed\xa0\x80", "\\udced\\udca0\\udc80");
	EJ("json-escape/above-10ffff", "\xf4\x90\x80\x80", "\\udcf4\\udc90\\udc80\\udc80");
	EJ("json-escape/invalid-then-valid", "\xff\xc3\xa9", "\\udcff\xc3\xa9");
	EJ("json-escape/empty", "", "");
}

static void escape_json_round_trip(void)
{
	unsigned char buf[64];
	unsigned int i, j, bad = 0, x = 12345;

	for (i = 0; i < 256; i++) {
		buf[0] = (unsigned char)i;
		buf[1] = 'x';
		if (!round_trips(buf, 2))
			bad++;
	}
	CHECK("json-escape/round-trip-every-byte", bad == 0);
	/* pseudo-random strings biased to UTF-8 lead and continuation bytes */
	bad = 0;
	for (i = 0; i < 20000; i++) {
		size_t n = 1 + i % 40;

		for (j = 0; j < n; j++) {
			x = x * 1103515245u + 12345u;
			switch ((x >> 16) % 4) {
			case 0: buf[j] = (unsigned char)(x >> 8); break;
			case 1: buf[j] = (unsigned char)(0x80 | ((x >> 8) & 0x3f)); break;
			case 2: buf[j] = (unsigned char)(0xc0 | ((x >> 8) & 0x3f)); break;
			default: buf[j] = (unsigned char)(0x20 + (x >> 8) % 0x60); break;
			}
		}
		if (!round_trips(buf, n))
			bad++;
	}
	CHECK("json-escape/round-trip-random", bad == 0);
}

static void escape_text_classes(void)
{
	ESC("escape/plain", "hello world", 0, "hello world");
	ESC("escape/newline", "a\nb", 0, "a\\nb");
	ESC("escape/tab-cr", "a\tb\rc", 0, "a\\tb\\rc");
	ESC("escape/esc", "\x1b[31mred", 0, "\\x1b[31mred");
	ESC("escape/del", "a\x7f", 0, "a\\x7f");
	ESC("escape/backslash", "a\\nb", 0, "a\\\\nb");
	ESC("escape/quote-off", "say \"hi\"", 0, "say \"hi\"");
	ESC("escape/quote-on", "say \"hi\"", ESC_QUOTE, "say \\\"hi\\\"");
	ESC("escape/utf8-ok", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 0,
	    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	ESC("escape/utf8-invalid", "a\xff" "b", 0, "a\\xffb");
	ESC("escape/utf8-overlong", "\xc0\xaf", 0, "\\xc0\\xaf");
	ESC("escape/utf8-surrogate", "\xed\xa0\x80", 0, "\\xed\\xa0\\x80");
	ESC("escape/utf8-truncated", "\xe2\x82", 0, "\\xe2\\x82");
	ESC("escape/c1-csi", "\xc2\x9b" "31m", 0, "\\u009b31m");
	ESC("escape/bidi-override", "a\xe2\x80\xae" "b", 0, "a\\u202eb");
	ESC("escape/nul-inside", "a\0b", 0, "a\\x00b");
	ESC("escape/empty", "", 0, "");
}

static bool seq(const char *s, size_t n, size_t want_len, uint32_t want_cp)
{
	uint32_t cp = 0;
	size_t len = utf8_seq_len((const unsigned char *)s, n, &cp);

	return len == want_len && (!len || cp == want_cp);
}

static void utf8_lengths(void)
{
	CHECK("utf8/ascii", seq("a", 1, 1, 'a'));
	CHECK("utf8/two", seq("\xc3\xa9", 2, 2, 0xe9));
	CHECK("utf8/three", seq("\xe2\x82\xac", 3, 3, 0x20ac));
	CHECK("utf8/four", seq("\xf0\x9f\x98\x80", 4, 4, 0x1f600));
	CHECK("utf8/cut-by-length", seq("\xe2\x82\xac", 2, 0, 0));
	CHECK("utf8/overlong", seq("\xc0\xaf", 2, 0, 0));
	CHECK("utf8/surrogate", seq("\xed\xa0\x80", 3, 0, 0));
	CHECK("utf8/above-10ffff", seq("\xf4\x90\x80\x80", 4, 0, 0));
	CHECK("utf8/lone-continuation", seq("\x80", 1, 0, 0));
}

static void escape_flags(void)
{
	ESC("escape/space-off", "a b", 0, "a b");
	ESC("escape/space-on", "my dir/a b", ESC_SPACE, "my\\x20dir/a\\x20b");
	ESC("escape/quote-and-space", "\" \"", ESC_QUOTE | ESC_SPACE, "\\\"\\x20\\\"");
	ESC("escape/line-separators", "\xe2\x80\xa8\xe2\x80\xa9", 0, "\\u2028\\u2029");
	ESC("escape/nbsp-kept", "\xc2\xa0", 0, "\xc2\xa0");
	ESC("escape/alm", "\xd8\x9c", 0, "\\u061c");
}

/* Values in error messages: escaped, cut after 64 bytes with a mark. */
static void shown_args(void)
{
	char big[200];
	const char *r;

	CHECK("shown/plain", !strcmp(shown_arg("abc"), "abc"));
	CHECK("shown/escaped", !strcmp(shown_arg("\x1b[2J\nx"), "\\x1b[2J\\nx"));
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	r = shown_arg(big);
	CHECK("shown/cut", strlen(r) == SHOWN_ARG_MAX + 3 && !strcmp(r + SHOWN_ARG_MAX, "..."));
	/* 63 bytes then a 2-byte character: cut before it, not inside */
	memset(big, 'a', 63);
	memcpy(big + 63, "\xc3\xa9zzzz", 7);
	r = shown_arg(big);
	CHECK("shown/cut-utf8", strlen(r) == 63 + 3 && !strcmp(r + 63, "..."));
	big[63] = '\0';
	CHECK("shown/exactly-63", !strcmp(shown_arg(big), big));
}

void test_escape(void)
{
	shown_args();
	escape_text_classes();
	escape_flags();
	utf8_lengths();
	escape_json_classes();
	escape_json_round_trip();
}
