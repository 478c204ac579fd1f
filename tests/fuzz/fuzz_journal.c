// SPDX-License-Identifier: GPL-2.0
/*
 * --journal's reader of the JSON sink's objects (journal_add_json). The
 * first byte chooses:
 *   even: the rest is any text, read as JSON: no crash, no read past it, and
 *         every field appended is "NAME=value\n" or the binary form, with a
 *         NAME of upper case, digits and '_' of at most 64 bytes;
 *   odd:  the rest is a string's bytes, escaped by escape_json() as the JSON
 *         sink does, in {"s":"...","a":["...",1]}: the fields are exactly
 *         X_S, X_A_0 and X_A_1, and X_S's value is the bytes again. NUL
 *         bytes are left out: no string the sink writes holds one (argv,
 *         paths and names are C strings), and json.c's reader refuses
 *         \u0000.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "fuzz_util.h"
#include "journal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The fields of an entry, walked; the value of the first named want in *v. */
static size_t walk_fields(const char *e, size_t n, const char *want, const char **v, size_t *vlen)
{
	size_t i = 0, count = 0, name_len, len;
	uint64_t le;

	while (i < n) {
		const char *nl = memchr(e + i, '\n', n - i), *eq;

		FUZZ_EXPECT(nl, "field: no newline", e, n);
		eq = memchr(e + i, '=', (size_t)(nl - (e + i)));
		name_len = (size_t)((eq ? eq : nl) - (e + i));
		FUZZ_EXPECT(name_len && name_len <= JOURNAL_NAME_MAX, "field: name length", e, n);
		for (len = 0; len < name_len; len++) {
			char c = e[i + len];

			FUZZ_EXPECT((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_',
				    "field: name character", e, n);
		}
		if (eq) {
			len = (size_t)(nl - eq - 1);
			if (want && name_len == strlen(want) && !memcmp(e + i, want, name_len)) {
				*v = eq + 1;
				*vlen = len;
			}
			i = (size_t)(nl - e) + 1;
		} else {
			FUZZ_EXPECT(n - (size_t)(nl - e) > 8, "binary field: no length", e, n);
			memcpy(&le, nl + 1, 8);
			le = le64toh(le);
			FUZZ_EXPECT(le <= n - (size_t)(nl - e) - 9, "binary field: length", e, n);
			if (want && name_len == strlen(want) && !memcmp(e + i, want, name_len)) {
				*v = nl + 9;
				*vlen = (size_t)le;
			}
			i = (size_t)(nl - e) + 9 + (size_t)le;
			FUZZ_EXPECT(i < n && e[i] == '\n', "binary field: no newline", e, n);
			i++;
		}
		count++;
	}
	return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf e = STRBUF_INIT, name = STRBUF_INIT, json = STRBUF_INIT, str = STRBUF_INIT;
	const char *v = NULL;
	size_t vlen = 0, n;
	char *copy;

	if (!size)
		return 0;
	if (!(data[0] & 1)) {
		/* exactly the bytes, in a buffer of their own: ASan sees an overread */
		copy = malloc(size - 1 ? size - 1 : 1);
		if (!copy)
			abort();
		memcpy(copy, data + 1, size - 1);
		journal_add_json(&e, &name, "X", copy, size - 1);
		walk_fields(e.buf, e.len, NULL, &v, &vlen);
		free(copy);
	} else {
		for (n = 1; n < size; n++)
			if (data[n])
				sb_addc(&str, (char)data[n]);
		sb_adds(&json, "{\"s\":\"");
		escape_json(&json, str.buf, str.len);
		sb_adds(&json, "\",\"a\":[\"x\",1]}");
		FUZZ_EXPECT(!journal_add_json(&e, &name, "X", json.buf, json.len),
			    "escaped string not read back", json.buf, json.len);
		n = walk_fields(e.buf, e.len, "X_S", &v, &vlen);
		FUZZ_EXPECT(n == 3, "want the fields X_S, X_A_0, X_A_1", e.buf, e.len);
		FUZZ_EXPECT(v && vlen == str.len && (!vlen || !memcmp(v, str.buf, vlen)),
			    "X_S is not the bytes escaped", e.buf, e.len);
	}
	sb_release(&e);
	sb_release(&name);
	sb_release(&json);
	sb_release(&str);
	return 0;
}
