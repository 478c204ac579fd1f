/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Injection-safe escaping of bytes that come from traced programs.
 *
 * Text form: printable ASCII and well-formed UTF-8 pass through; backslash
 * becomes "\\"; \n \t \r become those escapes; every other control byte
 * (C0, DEL), every byte of ill-formed UTF-8 becomes "\xHH"; C1 controls,
 * bidirectional overrides and line/paragraph separators become "\uHHHH".
 * The result never contains a control character, so it can neither forge
 * a line nor drive a terminal, and the original bytes can be recovered.
 */
#ifndef EXECSNOOP_ESCAPE_H
#define EXECSNOOP_ESCAPE_H

#include <stdbool.h>
#include "strbuf.h"

enum escape_flags {
	ESC_QUOTE = 1 << 0,	/* also escape '"' as \" (for -q) */
	ESC_SPACE = 1 << 1,	/* also escape ' ' as \x20 */
};

void escape_text(struct strbuf *sb, const char *s, size_t n, unsigned int flags);

/* Length of a well-formed UTF-8 sequence at s (1..4), or 0 if ill-formed. */
size_t utf8_seq_len(const unsigned char *s, size_t n, uint32_t *cp);

/*
 * Text for XML character data or an attribute value (--timeline's SVG):
 * the text form above, then '&', '<', '>', '"' and '\'' as entities, and
 * U+FFFE, U+FFFF (not XML characters) as "\uHHHH". The result is well-formed
 * XML text whatever the bytes: no markup, no character XML 1.0 forbids.
 */
void escape_xml(struct strbuf *sb, const char *s, size_t n, unsigned int flags);

/*
 * JSON string body (without the quotes). Valid UTF-8 passes through except
 * C1 and bidi controls, which become \uXXXX; a byte that is not part of
 * well-formed UTF-8 becomes \udcXX (the "surrogateescape" convention: a lone
 * low surrogate U+DC80..U+DCFF stands for the byte 0x80..0xFF), so the exact
 * bytes can be recovered, e.g. in Python with
 * s.encode("utf-8", "surrogateescape").
 */
void escape_json(struct strbuf *sb, const char *s, size_t n);

#define SHOWN_ARG_MAX	64	/* bytes of a value an error message shows */

/*
 * A value from the command line as an error message shows it: escaped as
 * traced bytes are (it cannot drive the terminal), cut after SHOWN_ARG_MAX
 * bytes with "...". The string lives until the fourth call after.
 */
const char *shown_arg(const char *s);
#endif /* EXECSNOOP_ESCAPE_H */
