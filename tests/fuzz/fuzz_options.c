// SPDX-License-Identifier: GPL-2.0
/*
 * Option parsing: the input split on NUL bytes is the command line after
 * argv[0] ("execsnoop"), each argument in an allocation of its own size.
 * options_parse() writes to memory streams; then options_free(), with
 * ASan's leak detection on. Checked: the result is one of the three values;
 * help and version go to out, errors to err, nothing is printed on success;
 * what is printed is whole lines that pass fuzz_check_line() (a value an
 * error quotes is escaped); and the options accepted keep every range and
 * rule options.c promises.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "event.h"
#include "fuzz_util.h"
#include "options.h"

#define ARGS_MAX 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* s is NULL, or inside one of the arguments (-oFILE, --output=FILE). */
static bool from_argv(const char *s, char **argv, int argc)
{
	int i;

	if (!s)
		return true;
	for (i = 1; i < argc; i++)
		if (s >= argv[i] && s <= argv[i] + strlen(argv[i]))
			return true;
	return false;
}

static void check_accepted(const struct options *o, char **argv, int argc,
			   const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	unsigned long min = 2 * (EVENT_MAX_SIZE((unsigned long)o->args_size) + RECORD_HEADER_MAX);
	int i;

	FUZZ_ASSERT(o->max_args >= 1 && o->max_args <= 1000000, in, size);
	FUZZ_ASSERT(o->args_size >= ARGS_SIZE_MIN && o->args_size <= ARGS_SIZE_MAX, in, size);
	FUZZ_ASSERT(o->buffer_kib >= 64 && o->buffer_kib <= 1024 * 1024 &&
		    !(o->buffer_kib & (o->buffer_kib - 1)), in, size);
	/* two of the largest records fit the kernel buffer */
	FUZZ_ASSERT((unsigned long)o->buffer_kib * 1024 >= min, in, size);
	FUZZ_ASSERT(o->transport == TRANSPORT_AUTO || o->transport == TRANSPORT_RING ||
		    o->transport == TRANSPORT_PERF, in, size);
	FUZZ_ASSERT(o->transport != TRANSPORT_PERF || o->args_size <= ARGS_SIZE_MAX_PERF, in,
		    size);
	FUZZ_ASSERT(!o->exit_all || o->exits, in, size);
	FUZZ_ASSERT(!o->pid_set || o->pid >= 1, in, size);
	FUZZ_ASSERT(!o->ppid_set || o->ppid >= 1, in, size);
	FUZZ_ASSERT(!o->mntns_set || o->mntns >= 1, in, size);
	FUZZ_ASSERT(!(o->command && o->pid_set), in, size);
	FUZZ_ASSERT(!o->keep_tracing || o->pid_set, in, size);
	FUZZ_ASSERT(from_argv(o->output, argv, argc) && (!o->output || *o->output), in, size);
	FUZZ_ASSERT(from_argv(o->cgroup, argv, argc) && (!o->cgroup || *o->cgroup), in, size);
	FUZZ_ASSERT(from_argv(o->cgroupmap, argv, argc) && (!o->cgroupmap || *o->cgroupmap), in,
		    size);
	FUZZ_ASSERT(from_argv(o->mntnsmap, argv, argc) && (!o->mntnsmap || *o->mntnsmap), in,
		    size);
	if (o->command) {
		/* the rest of argv, after a "--" that was not an option's value */
		FUZZ_ASSERT(o->command > argv + 1 && o->command < argv + argc, in, size);
		FUZZ_ASSERT(!strcmp(o->command[-1], "--"), in, size);
		for (i = 0; o->command[i]; i++)
			FUZZ_ASSERT(o->command + i < argv + argc, in, size);
	}
	/* the regular expressions are usable */
	if (o->name_set)
		(void)regexec(&o->name_re, argv[argc - 1], 0, NULL, 0);
	if (o->line_set)
		(void)regexec(&o->line_re, argv[argc - 1], 0, NULL, 0);
}

/*
 * glibc's regcomp() takes time and memory exponential in nested
 * repetitions ("E+" becomes "EE*", "E{n}" n copies of E): a slow -n/-l of
 * the user's own making, not a fault of options.c. Arguments with more
 * than a few repetition operators, or more than one interval, are skipped.
 */
static bool regex_bomb(const char *s)
{
	size_t reps = 0, intervals = 0;

	for (; *s; s++) {
		reps += *s == '*' || *s == '+' || *s == '?';
		intervals += *s == '{';
	}
	return reps > 6 || intervals > 1 || (intervals && reps > 2);
}

/*
 * What options_parse() printed: whole lines, each passing the checks of an
 * output line (a value quoted in an error is escaped: it cannot drive the
 * terminal).
 */
static void check_lines(const char *buf, size_t len)
{
	const char *nl;
	size_t n;

	while (len) {
		nl = memchr(buf, '\n', len);
		FUZZ_ASSERT(nl /* the last line ends in a newline */, buf, len);
		n = (size_t)(nl - buf) + 1;
		fuzz_check_line(buf, n);
		buf += n;
		len -= n;
	}
}

/* One parse, and what it printed where. */
static void parse_and_check(char **argv, int argc, const uint8_t *data, size_t size)
{
	char *outbuf = NULL, *errbuf = NULL;
	size_t outlen = 0, errlen = 0;
	FILE *out, *err;
	struct options o;
	enum parse_result r;

	out = open_memstream(&outbuf, &outlen);
	err = open_memstream(&errbuf, &errlen);
	if (!out || !err)
		abort();
	r = options_parse(&o, argc, argv, out, err);
	fclose(out);
	fclose(err);

	FUZZ_ASSERT(r == PARSE_OK || r == PARSE_EXIT || r == PARSE_ERROR, data, size);
	switch (r) {
	case PARSE_OK:
		FUZZ_ASSERT(outlen == 0 && errlen == 0, errbuf, errlen);
		check_accepted(&o, argv, argc, data, size);
		break;
	case PARSE_EXIT:
		/* --help or --version: on out */
		FUZZ_ASSERT(outlen > 0 && errlen == 0, outbuf, outlen);
		check_lines(outbuf, outlen);
		break;
	case PARSE_ERROR:
		/* "execsnoop: ..." and the hint, on err */
		FUZZ_ASSERT(errlen > 0 && outlen == 0, errbuf, errlen);
		FUZZ_ASSERT(!strncmp(errbuf, "execsnoop: ", 11), errbuf, errlen);
		check_lines(errbuf, errlen);
		break;
	}
	options_free(&o);
	free(outbuf);
	free(errbuf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[ARGS_MAX + 2];
	int argc = 0, i;
	size_t off = 0, len;
	const uint8_t *nul;
	bool bomb = false;

	argv[argc] = strdup("execsnoop");
	if (!argv[argc++])
		abort();
	while (off < size && argc <= ARGS_MAX) {
		nul = memchr(data + off, '\0', size - off);
		len = nul ? (size_t)(nul - (data + off)) : size - off;
		argv[argc] = malloc(len + 1);
		if (!argv[argc])
			abort();
		memcpy(argv[argc], data + off, len);
		argv[argc][len] = '\0';
		bomb |= regex_bomb(argv[argc++]);
		off += len + 1;
	}
	argv[argc] = NULL;
	if (!bomb)
		parse_and_check(argv, argc, data, size);
	for (i = 0; i < argc; i++)
		free(argv[i]);
	/* -1: not worth keeping in the corpus */
	return bomb ? -1 : 0;
}
