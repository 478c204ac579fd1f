// SPDX-License-Identifier: GPL-2.0
/*
 * The escapers, round trip. The first byte chooses escape_text()'s flags
 * (bit 0: ESC_QUOTE, bit 1: ESC_SPACE) and what the output is appended to
 * (bit 2: a non-empty buffer, which must be left as it was); the rest is
 * the string.
 *
 * escape_json(): the output is a valid JSON string body, in well-formed
 * UTF-8, with no control byte, no DEL and no C1/bidi/separator code point;
 * decoded (surrogateescape: \udcXX is the byte 0xXX) it is the input.
 * escape_text(): the same promises in its own form (\\ \n \t \r \xHH
 * \uHHHH, and \" with ESC_QUOTE; no raw '"' with ESC_QUOTE, no raw ' '
 * with ESC_SPACE); decoded, it is the input.
 * escape_xml(): the text form's promises, no raw '<', '>', '"' or '\'', every
 * '&' one of the five entities, no U+FFFE or U+FFFF (not XML characters);
 * the entities decoded, it unescapes as text to the input.
 * utf8_seq_len() agrees with our own reading of Unicode's table 3-7 at
 * every offset of the input.
 */
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "fuzz_util.h"

#define PREFIX "prefix \xc3\xa9 "

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The promises both forms keep: no byte or code point that steers a terminal. */
static void check_inert(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, len;
	uint32_t cp;

	for (i = 0; i < n; i += len) {
		FUZZ_EXPECT(u[i] >= 0x20 && u[i] != 0x7f, "escaped: a control byte or DEL", s, n);
		len = fuzz_utf8_len(u + i, n - i, &cp);
		FUZZ_EXPECT(len != 0, "escaped: ill-formed UTF-8", s, n);
		FUZZ_EXPECT(!fuzz_dangerous_cp(cp), "escaped: a C1, bidi or separator code point",
			    s, n);
	}
}

static void check_utf8_seq_len(const unsigned char *s, size_t n)
{
	uint32_t cp_ours, cp_theirs;
	size_t i, ours, theirs;

	for (i = 0; i < n; i++) {
		cp_ours = cp_theirs = 0;
		ours = fuzz_utf8_len(s + i, n - i, &cp_ours);
		theirs = utf8_seq_len(s + i, n - i, &cp_theirs);
		FUZZ_ASSERT(ours == theirs, (const char *)s + i, n - i);
		FUZZ_ASSERT(!ours || cp_ours == cp_theirs, (const char *)s + i, n - i);
	}
}

/* escape_xml()'s output: markup-free; its entities decoded into out. */
static bool xml_entities_decode(struct strbuf *out, const char *s, size_t n)
{
	static const struct {
		const char *ent;
		char c;
	} ents[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' },
		{ "&apos;", '\'' },
	};
	size_t i = 0, k, len;

	while (i < n) {
		if (s[i] == '<' || s[i] == '>' || s[i] == '"' || s[i] == '\'')
			return false;
		if ((unsigned char)s[i] == 0xef && i + 2 < n && (unsigned char)s[i + 1] == 0xbf &&
		    ((unsigned char)s[i + 2] == 0xbe || (unsigned char)s[i + 2] == 0xbf))
			return false;
		if (s[i] != '&') {
			sb_addc(out, s[i++]);
			continue;
		}
		for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++) {
			len = strlen(ents[k].ent);
			if (n - i >= len && !memcmp(s + i, ents[k].ent, len))
				break;
		}
		if (k == sizeof(ents) / sizeof(ents[0]))
			return false;
		sb_addc(out, ents[k].c);
		i += len;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf out = STRBUF_INIT, back = STRBUF_INIT, quoted = STRBUF_INIT;
	unsigned int flags;
	size_t start = 0, n;
	char *s;
	struct json_object obj;
	const char *err;

	if (!size)
		return -1;
	flags = data[0] & (ESC_QUOTE | ESC_SPACE);
	/* the string, in a buffer of its own size for ASan */
	n = size - 1;
	s = malloc(n ? n : 1);
	if (!s)
		abort();
	memcpy(s, data + 1, n);

	/* buffers never NULL, as after any earlier use */
	sb_grow(&out, 1);
	sb_grow(&back, 1);
	if (data[0] & 4) {
		sb_adds(&out, PREFIX);
		start = out.len;
	}
	escape_json(&out, s, n);
	FUZZ_ASSERT(start == 0 || !memcmp(out.buf, PREFIX, start), out.buf, out.len);
	check_inert(out.buf + start, out.len - start);
	FUZZ_ASSERT(fuzz_json_unescape(&back, out.buf + start, out.len - start), out.buf,
		    out.len);
	FUZZ_ASSERT(back.len == n && (!n || !memcmp(back.buf, s, n)), out.buf, out.len);
	/* as a member's value, the strict validator takes it */
	sb_adds(&quoted, "{\"k\":\"");
	sb_add(&quoted, out.buf + start, out.len - start);
	sb_adds(&quoted, "\"}");
	err = fuzz_json_object(quoted.buf, quoted.len, &obj);
	if (err)
		fuzz_fail(err, quoted.buf, quoted.len);

	sb_reset(&out);
	sb_reset(&back);
	if (start)
		sb_adds(&out, PREFIX);
	escape_text(&out, s, n, flags);
	FUZZ_ASSERT(start == 0 || !memcmp(out.buf, PREFIX, start), out.buf, out.len);
	check_inert(out.buf + start, out.len - start);
	FUZZ_ASSERT(fuzz_text_unescape(&back, out.buf + start, out.len - start, flags), out.buf,
		    out.len);
	FUZZ_ASSERT(back.len == n && (!n || !memcmp(back.buf, s, n)), out.buf, out.len);

	sb_reset(&out);
	sb_reset(&back);
	sb_reset(&quoted);
	escape_xml(&out, s, n, flags);
	check_inert(out.buf, out.len);
	FUZZ_ASSERT(xml_entities_decode(&quoted, out.buf, out.len), out.buf, out.len);
	/* a quote is an entity here, never \" */
	FUZZ_ASSERT(fuzz_text_unescape(&back, quoted.buf, quoted.len, flags & ~ESC_QUOTE),
		    out.buf, out.len);
	FUZZ_ASSERT(back.len == n && (!n || !memcmp(back.buf, s, n)), out.buf, out.len);

	check_utf8_seq_len((const unsigned char *)s, n);

	free(s);
	sb_release(&out);
	sb_release(&back);
	sb_release(&quoted);
	return 0;
}
