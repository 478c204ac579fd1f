// SPDX-License-Identifier: GPL-2.0
/*
 * The strict JSON reader (json.c): every string escape, surrogate pairs and
 * the surrogateescape bytes, the number grammar and its conversions, and
 * malformed text (each rejected, at the right byte).
 */
#include <stdlib.h>
#include "check.h"
#include "json.h"

/* A JSON string (with its quotes) decoded; want/want_len the bytes, or NULL: an error. */
static void str_case(const char *name, const char *text, const char *want, size_t want_len)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_in j;
	bool ok;

	json_init(&j, text, strlen(text));
	ok = json_string(&j, &sb) && json_end(&j);
	if (!want)
		CHECK(name, !ok && j.err);
	else
		CHECK(name, ok && sb.len == want_len && (!want_len || !memcmp(sb.buf, want, want_len)));
	sb_release(&sb);
}

#define STR_OK(name, text, want) str_case(name, text, want, sizeof(want) - 1)
#define STR_BAD(name, text) str_case(name, text, NULL, 0)

static void strings(void)
{
	STR_OK("json: plain", "\"abc\"", "abc");
	STR_OK("json: empty", "\"\"", "");
	STR_OK("json: simple escapes", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t");
	STR_OK("json: \\u ASCII", "\"\\u0041\\u007f\"", "A\x7f");
	STR_OK("json: \\u upper and lower hex", "\"\\u00e9\\u00E9\"", "\xc3\xa9\xc3\xa9");
	STR_OK("json: \\u two-byte", "\"\\u0085\"", "\xc2\x85");
	STR_OK("json: \\u three-byte", "\"\\u202e\"", "\xe2\x80\xae");
	STR_OK("json: surrogate pair", "\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80");
	STR_OK("json: highest pair", "\"\\udbff\\udfff\"", "\xf4\x8f\xbf\xbf");
	STR_OK("json: surrogateescape bytes", "\"a\\udcffb\\udc80\"", "a\xff" "b\x80");
	STR_OK("json: surrogateescape of a cut sequence", "\"\\udce2\\udc82\"", "\xe2\x82");
	STR_OK("json: raw UTF-8", "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"",
	       "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	STR_OK("json: raw C1 and bidi (valid UTF-8)", "\"\xc2\x85\xe2\x80\xae\"", "\xc2\x85\xe2\x80\xae");
	STR_BAD("json: \\u0000 refused", "\"a\\u0000b\"");
	STR_BAD("json: lone high surrogate", "\"\\ud800\"");
	STR_BAD("json: high surrogate then text", "\"\\ud800x\"");
	STR_BAD("json: high then high", "\"\\ud800\\ud800\"");
	STR_BAD("json: lone low surrogate below dc80", "\"\\udc7f\"");
	STR_BAD("json: lone low surrogate above dcff", "\"\\udd00\"");
	STR_BAD("json: short \\u", "\"\\u12\"");
	STR_BAD("json: bad hex", "\"\\u00g0\"");
	STR_BAD("json: unknown escape", "\"\\x41\"");
	STR_BAD("json: escape at the end", "\"\\");
	STR_BAD("json: unterminated", "\"abc");
	STR_BAD("json: raw newline", "\"a\nb\"");
	STR_BAD("json: raw tab", "\"a\tb\"");
	STR_BAD("json: raw 0x1f", "\"a\x1f\"");
	STR_BAD("json: invalid UTF-8 byte", "\"a\xff\"");
	STR_BAD("json: overlong UTF-8", "\"\xc0\xaf\"");
	STR_BAD("json: UTF-8 surrogate", "\"\xed\xa0\x80\"");
	STR_BAD("json: cut UTF-8", "\"\xe2\x82\"");
	STR_BAD("json: single quotes", "'a'");
	STR_BAD("json: text after", "\"a\" x");
}

/* A number's text, and what the conversions make of it. */
static void numbers(void)
{
	static const struct {
		const char *text;
		int ok;			/* the grammar */
		int u64_ok;
		uint64_t u64;
		int milli_ok;
		uint64_t milli;
	} cases[] = {
		{ "0", 1, 1, 0, 1, 0 },
		{ "7", 1, 1, 7, 1, 7000 },
		{ "18446744073709551615", 1, 1, UINT64_MAX, 0, 0 },
		{ "18446744073709551616", 1, 0, 0, 0, 0 },
		{ "99999999999999999999999", 1, 0, 0, 0, 0 },
		{ "12.345", 1, 0, 0, 1, 12345 },
		{ "12.3", 1, 0, 0, 1, 12300 },
		{ "0.001", 1, 0, 0, 1, 1 },
		{ "1.2345", 1, 0, 0, 0, 0 },
		{ "1e3", 1, 0, 0, 0, 0 },
		{ "1E+3", 1, 0, 0, 0, 0 },
		{ "-1", 1, 0, 0, 0, 0 },
		{ "-0", 1, 0, 0, 0, 0 },
		{ "01", 0, 0, 0, 0, 0 },
		{ "1.", 0, 0, 0, 0, 0 },
		{ ".5", 0, 0, 0, 0, 0 },
		{ "-", 0, 0, 0, 0, 0 },
		{ "1e", 0, 0, 0, 0, 0 },
		{ "+1", 0, 0, 0, 0, 0 },
		{ "0x10", 0, 0, 0, 0, 0 },
		{ "18446744073709551.615", 1, 0, 0, 1, UINT64_MAX },
		{ "18446744073709551.616", 1, 0, 0, 0, 0 },
	};
	char name[96];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct json_in j;
		struct json_num n;
		uint64_t v = 0;
		bool ok;

		json_init(&j, cases[i].text, strlen(cases[i].text));
		ok = json_number(&j, &n) && json_end(&j);
		snprintf(name, sizeof(name), "json: number %s grammar", cases[i].text);
		CHECK(name, ok == (bool)cases[i].ok);
		if (!ok)
			continue;
		snprintf(name, sizeof(name), "json: number %s as u64", cases[i].text);
		CHECK(name, json_num_u64(&n, UINT64_MAX, &v) == (bool)cases[i].u64_ok &&
			    (!cases[i].u64_ok || v == cases[i].u64));
		snprintf(name, sizeof(name), "json: number %s in thousandths", cases[i].text);
		CHECK(name, json_num_milli(&n, &v) == (bool)cases[i].milli_ok &&
			    (!cases[i].milli_ok || v == cases[i].milli));
	}
}

static bool i64_of(const char *text, int64_t min, int64_t max, int64_t *v)
{
	struct json_in j;
	struct json_num n;

	json_init(&j, text, strlen(text));
	return json_number(&j, &n) && json_num_i64(&n, min, max, v);
}

static void integers(void)
{
	int64_t v = 1;
	struct json_num n;
	struct json_in j;

	CHECK("json: i64 -4095 in range", i64_of("-4095", -4095, 0, &v) && v == -4095);
	CHECK("json: i64 -4096 out of range", !i64_of("-4096", -4095, 0, &v));
	CHECK("json: i64 1 above max 0", !i64_of("1", -4095, 0, &v));
	CHECK("json: i64 -0 is 0", i64_of("-0", -4095, 0, &v) && v == 0);
	CHECK("json: i64 min", i64_of("-9223372036854775808", INT64_MIN, INT64_MAX, &v) &&
	      v == INT64_MIN);
	CHECK("json: i64 below min", !i64_of("-9223372036854775809", INT64_MIN, INT64_MAX, &v));
	CHECK("json: i64 max", i64_of("9223372036854775807", INT64_MIN, INT64_MAX, &v) &&
	      v == INT64_MAX);
	CHECK("json: i64 fraction refused", !i64_of("-1.0", -4095, 0, &v));
	json_init(&j, "4294967296", 10);
	CHECK("json: u32 max enforced", json_number(&j, &n) && !json_num_u64(&n, UINT32_MAX,
									    (uint64_t *)&v));
}

static void literals_and_structure(void)
{
	struct json_in j;
	int v = 5;

	json_init(&j, " true ", 6);
	CHECK("json: true", json_literal(&j, &v) && v == 1 && json_end(&j));
	json_init(&j, "false", 5);
	CHECK("json: false", json_literal(&j, &v) && v == 0);
	json_init(&j, "null", 4);
	CHECK("json: null", json_literal(&j, &v) && v == -1);
	json_init(&j, "nul", 3);
	CHECK("json: cut literal", !json_literal(&j, &v) && j.err);
	json_init(&j, "True", 4);
	CHECK("json: literals are lower case", !json_literal(&j, &v));
	json_init(&j, " \t\r\n{", 5);
	CHECK("json: white space before", json_eat(&j, '{'));
	json_init(&j, "\v{", 2);
	CHECK("json: \\v is not white space", !json_eat(&j, '{'));
	json_init(&j, "ab", 2);
	j.p++;
	CHECK("json: error position", !json_expect(&j, ':', "expected ':'") && j.err_at == 1 &&
	      !strcmp(j.err, "expected ':'"));
	CHECK("json: nothing read after an error", j.p == j.end && !json_eat(&j, 'b'));
}

static void utf8_encoder(void)
{
	struct strbuf sb = STRBUF_INIT;

	utf8_put(&sb, 0x24);
	utf8_put(&sb, 0xa2);
	utf8_put(&sb, 0x20ac);
	utf8_put(&sb, 0x10348);
	CHECK_STR("json: utf8_put 1 to 4 bytes", sb.buf, sb.len,
		  "$\xc2\xa2\xe2\x82\xac\xf0\x90\x8d\x88");
	sb_release(&sb);
}

void test_json(void)
{
	strings();
	numbers();
	integers();
	literals_and_structure();
	utf8_encoder();
}
