/* SPDX-License-Identifier: GPL-2.0 */
/* One way to say what went wrong: "execsnoop: ..." on one line. */
#ifndef EXECSNOOP_ERR_H
#define EXECSNOOP_ERR_H

#include <stdio.h>

#define USAGE_HINT "Try 'execsnoop --help' for more information."

/*
 * "execsnoop: MESSAGE\n" on standard error, printf-checked, in one write
 * (stderr is unbuffered: a COMMAND writing there cannot split the line).
 * fmt must be a string literal.
 */
#define p_err(fmt, ...) \
	((void)fprintf(stderr, "execsnoop: " fmt "\n", ##__VA_ARGS__))

/* A usage error on the stream f: the message, then the line pointing to --help. */
#define p_usage(f, fmt, ...) \
	((void)fprintf((f), "execsnoop: " fmt "\n" USAGE_HINT "\n", ##__VA_ARGS__))

#endif /* EXECSNOOP_ERR_H */
