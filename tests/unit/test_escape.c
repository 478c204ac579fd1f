// SPDX-License-Identifier: GPL-2.0
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

void test_escape(void)
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
