/* SPDX-License-Identifier: GPL-2.0 */
/* A minimal unit-test harness: each check prints PASS or FAIL with a name. */
#ifndef EXECSNOOP_CHECK_H
#define EXECSNOOP_CHECK_H

#include <stdio.h>
#include <string.h>

extern int check_failures;

#define CHECK(name, cond)							\
	do {									\
		if (cond) {							\
			printf("PASS: %s\n", name);				\
		} else {							\
			printf("FAIL: %s (%s:%d: %s)\n", name, __FILE__,	\
			       __LINE__, #cond);				\
			check_failures++;					\
		}								\
	} while (0)

/* Compares a produced byte string with the expected C string. */
#define CHECK_STR(name, got, got_len, want)					\
	do {									\
		size_t wl_ = strlen(want);					\
		if ((got_len) == wl_ && (!wl_ || !memcmp((got), (want), wl_))) {		\
			printf("PASS: %s\n", name);				\
		} else {							\
			printf("FAIL: %s: got \"%.*s\", want \"%s\"\n", name,	\
			       (int)(got_len), (got), want);			\
			check_failures++;					\
		}								\
	} while (0)

void test_escape(void);
void test_options(void);
void test_format(void);

#endif
