// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdlib.h>
#include "check.h"
#include "options.h"

/* Parses a NULL-terminated list of arguments; captures what was printed. */
static enum parse_result parse(struct options *o, char *errbuf, size_t errlen, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;
	FILE *err = fmemopen(errbuf, errlen, "w");
	FILE *out = fopen("/dev/null", "w");
	enum parse_result r;

	argv[argc++] = "execsnoop";
	va_start(ap, errlen);
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	memset(errbuf, 0, errlen);
	r = options_parse(o, argc, argv, out, err);
	fclose(err);
	fclose(out);
	return r;
}

void test_options(void)
{
	struct options o;
	char err[512];

	CHECK("options/defaults", parse(&o, err, sizeof(err), NULL) == PARSE_OK &&
	      o.max_args == 20 && !o.fails && !o.uid_set && o.args_size == 32768);
	options_free(&o);
	CHECK("options/bcc-flags",
	      parse(&o, err, sizeof(err), "-T", "-t", "-x", "-q", "-U", "-M", "-C", NULL) ==
	      PARSE_OK && o.time && o.timestamp && o.fails && o.quote && o.print_uid &&
	      o.print_pcomm && o.print_cpu);
	options_free(&o);
	CHECK("options/uid-number", parse(&o, err, sizeof(err), "-u", "1000", NULL) == PARSE_OK &&
	      o.uid_set && o.uid == 1000);
	CHECK("options/uid-name", parse(&o, err, sizeof(err), "--uid", "root", NULL) == PARSE_OK &&
	      o.uid_set && o.uid == 0);
	CHECK("options/uid-bad", parse(&o, err, sizeof(err), "-u", "no_such_user_x", NULL) ==
	      PARSE_ERROR && strstr(err, "--uid 'no_such_user_x'"));
	CHECK("options/max-args", parse(&o, err, sizeof(err), "--max-args", "3", NULL) ==
	      PARSE_OK && o.max_args == 3);
	CHECK("options/max-args-abc", parse(&o, err, sizeof(err), "--max-args", "abc", NULL) ==
	      PARSE_ERROR && strstr(err, "--max-args 'abc'") && strstr(err, "--help"));
	CHECK("options/max-args-negative", parse(&o, err, sizeof(err), "--max-args", "-1", NULL) ==
	      PARSE_ERROR);
	CHECK("options/max-args-zero", parse(&o, err, sizeof(err), "--max-args=0", NULL) ==
	      PARSE_ERROR);
	CHECK("options/ppid", parse(&o, err, sizeof(err), "-P", "42", NULL) == PARSE_OK &&
	      o.ppid_set && o.ppid == 42);
	CHECK("options/ppid-bad", parse(&o, err, sizeof(err), "-P", "4x", NULL) == PARSE_ERROR);
	CHECK("options/regex-bad", parse(&o, err, sizeof(err), "-n", "(", NULL) == PARSE_ERROR &&
	      strstr(err, "regular expression"));
	CHECK("options/regex-ok", parse(&o, err, sizeof(err), "-n", "^ba", "-l", "x|y", NULL) ==
	      PARSE_OK && o.name_set && o.line_set);
	options_free(&o);
	CHECK("options/unknown", parse(&o, err, sizeof(err), "--bogus", NULL) == PARSE_ERROR &&
	      strstr(err, "--bogus"));
	CHECK("options/missing-arg", parse(&o, err, sizeof(err), "-u", NULL) == PARSE_ERROR &&
	      strstr(err, "requires an argument"));
	CHECK("options/extra-arg", parse(&o, err, sizeof(err), "stray", NULL) == PARSE_ERROR);
	CHECK("options/help", parse(&o, err, sizeof(err), "-h", NULL) == PARSE_EXIT);
	CHECK("options/version", parse(&o, err, sizeof(err), "--version", NULL) == PARSE_EXIT);
	CHECK("options/args-size", parse(&o, err, sizeof(err), "--args-size", "65536", NULL) ==
	      PARSE_OK && o.args_size == 65536);
	CHECK("options/args-size-small", parse(&o, err, sizeof(err), "--args-size", "10", NULL) ==
	      PARSE_ERROR);
	CHECK("options/perf-args-size", parse(&o, err, sizeof(err), "--transport", "perf",
					      "--args-size", "100000", NULL) == PARSE_ERROR);
	CHECK("options/transport-bad", parse(&o, err, sizeof(err), "--transport", "pipe", NULL) ==
	      PARSE_ERROR);
}
