// SPDX-License-Identifier: GPL-2.0
/* The line buffer (strbuf.c): growth, padding, numbers in fields. */
#include <stdint.h>
#include <stdlib.h>
#include "check.h"
#include "strbuf.h"

#define U64(name, v, width, want)						\
	do {									\
		struct strbuf sb_ = STRBUF_INIT;				\
		sb_add_u64(&sb_, v, width);					\
		CHECK_STR(name, sb_.buf, sb_.len, want);			\
		sb_release(&sb_);						\
	} while (0)

#define I64(name, v, width, want)						\
	do {									\
		struct strbuf sb_ = STRBUF_INIT;				\
		sb_add_i64(&sb_, v, width);					\
		CHECK_STR(name, sb_.buf, sb_.len, want);			\
		sb_release(&sb_);						\
	} while (0)

#define MILLI(name, v, want)							\
	do {									\
		struct strbuf sb_ = STRBUF_INIT;				\
		sb_add_milli(&sb_, v);						\
		CHECK_STR(name, sb_.buf, sb_.len, want);			\
		sb_release(&sb_);						\
	} while (0)

static void numbers(void)
{
	U64("strbuf/u64-zero", 0, 0, "0");
	U64("strbuf/u64-plain", 1234, 0, "1234");
	U64("strbuf/u64-right", 42, 5, "   42");
	U64("strbuf/u64-left", 42, -5, "42   ");
	U64("strbuf/u64-exact-width", 12345, 5, "12345");
	U64("strbuf/u64-wider-than-field", 123456, 3, "123456");
	U64("strbuf/u64-wider-than-left-field", 123456, -3, "123456");
	U64("strbuf/u64-max", UINT64_MAX, 0, "18446744073709551615");
	U64("strbuf/u64-wide-pad", 7, 40, "                                       7");
	I64("strbuf/i64-zero-right", 0, 3, "  0");
	I64("strbuf/i64-positive", 5, 0, "5");
	I64("strbuf/i64-negative-right", -7, 4, "  -7");
	I64("strbuf/i64-negative-left", -7, -4, "-7  ");
	I64("strbuf/i64-ret", -13, 3, "-13");
	I64("strbuf/i64-min", INT64_MIN, 0, "-9223372036854775808");
	I64("strbuf/i64-max", INT64_MAX, 0, "9223372036854775807");
	MILLI("strbuf/milli", 12345, "12.345");
	MILLI("strbuf/milli-zero", 0, "0.000");
	MILLI("strbuf/milli-small", 5, "0.005");
	MILLI("strbuf/milli-tens", 70, "0.070");
	MILLI("strbuf/milli-whole", 1000, "1.000");
	MILLI("strbuf/milli-below-whole", 999999, "999.999");
	MILLI("strbuf/milli-max", UINT64_MAX, "18446744073709551.615");
}

static void padding(void)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	bool spaces = true;

	sb_add_pad(&sb, 5, 2);
	CHECK_STR("strbuf/pad", sb.buf, sb.len, "   ");
	sb_reset(&sb);
	sb_add_pad(&sb, 5, 5);
	sb_add_pad(&sb, 5, 9);
	CHECK("strbuf/pad-none", sb.len == 0);
	/* wider than the spaces it copies from at once */
	sb_add_pad(&sb, 100, 0);
	for (i = 0; i < sb.len; i++)
		spaces = spaces && sb.buf[i] == ' ';
	CHECK("strbuf/pad-wide", sb.len == 100 && spaces);
	sb_reset(&sb);
	sb_add_left(&sb, "ab", 5);
	sb_add_left(&sb, "toolong", 3);
	sb_addc(&sb, '|');
	CHECK_STR("strbuf/left", sb.buf, sb.len, "ab   toolong|");
	sb_release(&sb);
}

static void growth(void)
{
	struct strbuf sb = STRBUF_INIT;
	bool ok = true;
	size_t i, cap;

	for (i = 0; i < 100000; i++)
		sb_addc(&sb, (char)('a' + i % 26));
	for (i = 0; i < sb.len; i++)
		ok = ok && sb.buf[i] == (char)('a' + i % 26);
	CHECK("strbuf/grow-by-bytes", ok && sb.len == 100000 && sb.cap >= sb.len);
	cap = sb.cap;
	sb_reset(&sb);
	CHECK("strbuf/reset-keeps-room", sb.len == 0 && sb.cap == cap && sb.buf);
	sb_adds(&sb, "x");
	sb_add(&sb, "yz", 2);
	sb_add(&sb, "", 0);
	CHECK_STR("strbuf/add", sb.buf, sb.len, "xyz");
	sb_release(&sb);
	CHECK("strbuf/release", !sb.buf && !sb.len && !sb.cap);
	/* one large addition on an empty buffer */
	{
		static char big[70000];

		memset(big, 'q', sizeof(big));
		sb_add(&sb, big, sizeof(big));
		CHECK("strbuf/grow-at-once", sb.len == sizeof(big) && sb.cap >= sizeof(big) &&
		      sb.buf[0] == 'q' && sb.buf[sizeof(big) - 1] == 'q');
		sb_release(&sb);
	}
}

void test_strbuf(void)
{
	numbers();
	padding();
	growth();
}
