// SPDX-License-Identifier: GPL-2.0
/*
 * The command line (options.c): bcc's options, the new ones, "-- COMMAND",
 * the checks that span options, and the usage text.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>
#include "check.h"
#include "event.h"
#include "options.h"
#include "version.h"

/* o->command points into it: it must outlive the parse. */
static char *argv_buf[32];

/*
 * Parses the NULL-terminated arguments after "execsnoop"; what is printed
 * on standard output goes to out (NULL: discarded), on standard error to err.
 */
static enum parse_result vparse(struct options *o, char *out, size_t outlen, char *err,
				size_t errlen, va_list ap)
{
	int argc = 0;
	FILE *ef = fmemopen(err, errlen, "w");
	FILE *of = out ? fmemopen(out, outlen, "w") : fopen("/dev/null", "w");
	enum parse_result r;

	if (!ef || !of)
		abort();
	argv_buf[argc++] = "execsnoop";
	while (argc < 31 && (argv_buf[argc] = va_arg(ap, char *)))
		argc++;
	argv_buf[argc] = NULL;
	memset(err, 0, errlen);
	if (out)
		memset(out, 0, outlen);
	r = options_parse(o, argc, argv_buf, of, ef);
	fclose(ef);
	fclose(of);
	return r;
}

static enum parse_result parse(struct options *o, char *err, size_t errlen, ...)
{
	enum parse_result r;
	va_list ap;

	va_start(ap, errlen);
	r = vparse(o, NULL, 0, err, errlen, ap);
	va_end(ap);
	return r;
}

/* The same, keeping standard output in out. */
static enum parse_result parse_out(struct options *o, char *out, size_t outlen, char *err,
				   size_t errlen, ...)
{
	enum parse_result r;
	va_list ap;

	va_start(ap, errlen);
	r = vparse(o, out, outlen, err, errlen, ap);
	va_end(ap);
	return r;
}

/* The command is exactly these words. */
static bool command_is(const struct options *o, const char *const *want)
{
	int i;

	if (!o->command)
		return false;
	for (i = 0; want[i]; i++)
		if (!o->command[i] || strcmp(o->command[i], want[i]))
			return false;
	return o->command[i] == NULL;
}

/* A usage error: PARSE_ERROR, and a message naming what was wrong. */
static bool usage_error(enum parse_result r, const char *err, const char *what)
{
	return r == PARSE_ERROR && strncmp(err, "execsnoop: ", 11) == 0 && strstr(err, what) &&
	       strstr(err, "Try 'execsnoop --help' for more information.\n");
}

static void bcc_options(void)
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

/* Options of the new features. */
static void new_options(void)
{
	struct options o;
	char err[512];
	enum parse_result r;

	r = parse(&o, err, sizeof(err), NULL);
	CHECK("options/defaults-new-features", r == PARSE_OK && !o.exits && !o.exit_all &&
	      !o.json && !o.tree && !o.show_cwd && !o.show_exe && !o.show_context &&
	      !o.pid_set && !o.mntns_set && !o.command && !o.output);
	r = parse(&o, err, sizeof(err), "-e", NULL);
	CHECK("options/exit", r == PARSE_OK && o.exits && !o.exit_all);
	r = parse(&o, err, sizeof(err), "--exit", NULL);
	CHECK("options/exit-long", r == PARSE_OK && o.exits && !o.exit_all);
	r = parse(&o, err, sizeof(err), "--exit-all", NULL);
	CHECK("options/exit-all-implies-exit", r == PARSE_OK && o.exits && o.exit_all);
	r = parse(&o, err, sizeof(err), "-j", NULL);
	CHECK("options/json", r == PARSE_OK && o.json);
	r = parse(&o, err, sizeof(err), "--json", "--tree", "--cwd", "--exe", "--context", NULL);
	CHECK("options/long-flags", r == PARSE_OK && o.json && o.tree && o.show_cwd &&
	      o.show_exe && o.show_context && !o.exits);
	r = parse(&o, err, sizeof(err), "-ej", NULL);
	CHECK("options/bundled", r == PARSE_OK && o.exits && o.json);
	/*
	 * --report traces process ends (quietly, without -e), those never
	 * seen to exec too (quietly, without --exit-all), not failed execs
	 */
	r = parse(&o, err, sizeof(err), "--report", NULL);
	CHECK("options/report", r == PARSE_OK && o.report && o.exits && o.quiet_exits &&
	      !o.fails && o.exit_all && o.quiet_exit_all && options_want_runlog(&o));
	r = parse(&o, err, sizeof(err), "--from", "f.jsonl", "--report", NULL);
	CHECK("options/report-replay", r == PARSE_OK && o.quiet_exits && !o.exit_all &&
	      !o.quiet_exit_all);
	r = parse(&o, err, sizeof(err), "--report", "--", "make", NULL);
	CHECK("options/report-command", r == PARSE_OK && o.exit_all && o.quiet_exit_all &&
	      o.quiet_exits);
	r = parse(&o, err, sizeof(err), "--exit-all", "--report", "-p", "1", NULL);
	CHECK("options/report-exit-all", r == PARSE_OK && o.exit_all && !o.quiet_exit_all &&
	      !o.quiet_exits);
	r = parse(&o, err, sizeof(err), "-e", "--report", NULL);
	CHECK("options/report-with-exits", r == PARSE_OK && o.report && o.exits && !o.quiet_exits);
	r = parse(&o, err, sizeof(err), "-x", "--report", NULL);
	CHECK("options/report-with-fails", r == PARSE_OK && o.fails && o.quiet_exits);
	r = parse(&o, err, sizeof(err), "-e", NULL);
	CHECK("options/no-report", r == PARSE_OK && !o.report && !o.quiet_exits &&
	      !options_want_runlog(&o));
	r = parse(&o, err, sizeof(err), "--report=x", NULL);
	CHECK("options/report-takes-no-value",
	      usage_error(r, err, "option '--report' takes no value"));
	r = parse(&o, err, sizeof(err), "--exit=1", NULL);
	CHECK("options/long-flag-takes-no-value",
	      usage_error(r, err, "option '--exit' takes no value"));

	r = parse(&o, err, sizeof(err), "-p", "42", NULL);
	CHECK("options/pid", r == PARSE_OK && o.pid_set && o.pid == 42 && !o.command);
	r = parse(&o, err, sizeof(err), "--pid=2147483647", NULL);
	CHECK("options/pid-max", r == PARSE_OK && o.pid_set && o.pid == 2147483647);
	r = parse(&o, err, sizeof(err), "-p", "0", NULL);
	CHECK("options/pid-zero", usage_error(r, err, "--pid '0'"));
	r = parse(&o, err, sizeof(err), "-p", "2147483648", NULL);
	CHECK("options/pid-too-big", usage_error(r, err, "--pid '2147483648'"));
	r = parse(&o, err, sizeof(err), "--pid", "12a", NULL);
	CHECK("options/pid-junk", usage_error(r, err, "--pid '12a'"));
	r = parse(&o, err, sizeof(err), "-p", NULL);
	CHECK("options/pid-missing", usage_error(r, err, "requires an argument"));
	r = parse(&o, err, sizeof(err), "-p", "42", "--keep-tracing", NULL);
	CHECK("options/keep-tracing", r == PARSE_OK && o.keep_tracing);
	r = parse(&o, err, sizeof(err), "--keep-tracing", NULL);
	CHECK("options/keep-tracing-without-pid", usage_error(r, err, "only to --pid"));
	/* an abbreviation of several options says which */
	r = parse(&o, err, sizeof(err), "--ver", NULL);
	CHECK("options/ambiguous", usage_error(r, err, "option '--ver' is ambiguous; "
					       "possibilities: '--verbose' '--version'"));
	r = parse(&o, err, sizeof(err), "--vers", NULL);
	CHECK("options/unambiguous-prefix", r == PARSE_EXIT);
	r = parse(&o, err, sizeof(err), "--nosuch=1", NULL);
	CHECK("options/unknown-long", usage_error(r, err, "unknown option '--nosuch=1'"));
	r = parse(&o, err, sizeof(err), "-u", "4294967295", NULL);
	CHECK("options/uid-out-of-range", usage_error(r, err, "out of range (0 to 4294967294)"));
	r = parse(&o, err, sizeof(err), "-u", "\x1b]0;x\x07", NULL);
	CHECK("options/value-escaped", usage_error(r, err, "'\\x1b]0;x\\x07'") &&
	      !strchr(err, '\x1b'));

	r = parse(&o, err, sizeof(err), "--mntns", "4026531840", NULL);
	CHECK("options/mntns", r == PARSE_OK && o.mntns_set && o.mntns == 4026531840u);
	r = parse(&o, err, sizeof(err), "--mntns=4294967295", NULL);
	CHECK("options/mntns-max", r == PARSE_OK && o.mntns_set && o.mntns == 4294967295u);
	r = parse(&o, err, sizeof(err), "--mntns", "4294967296", NULL);
	CHECK("options/mntns-too-big", usage_error(r, err, "--mntns '4294967296'"));
	r = parse(&o, err, sizeof(err), "--mntns", "0", NULL);
	CHECK("options/mntns-zero", usage_error(r, err, "--mntns '0'"));
	r = parse(&o, err, sizeof(err), "--mntns", "abc", NULL);
	CHECK("options/mntns-junk", usage_error(r, err, "--mntns 'abc'"));
	r = parse(&o, err, sizeof(err), "--mntns", "-1", NULL);
	CHECK("options/mntns-negative", usage_error(r, err, "--mntns '-1'"));
	r = parse(&o, err, sizeof(err), "--mntns", "", NULL);
	CHECK("options/mntns-empty", usage_error(r, err, "--mntns ''"));

	r = parse(&o, err, sizeof(err), "-o", "trace.txt", NULL);
	CHECK("options/output", r == PARSE_OK && o.output && !strcmp(o.output, "trace.txt"));
	r = parse(&o, err, sizeof(err), "--output=x y", NULL);
	CHECK("options/output-long", r == PARSE_OK && o.output && !strcmp(o.output, "x y"));
	r = parse(&o, err, sizeof(err), "-o", "", NULL);
	CHECK("options/output-empty", usage_error(r, err, "--output ''"));
}

static void command(void)
{
	struct options o;
	char err[512];
	enum parse_result r;

	r = parse(&o, err, sizeof(err), "--", "make", "-j2", NULL);
	CHECK("options/command", r == PARSE_OK &&
	      command_is(&o, (const char *const[]){ "make", "-j2", NULL }) && !o.fails);
	r = parse(&o, err, sizeof(err), "-e", "-x", "--", "sh", "-c", "exit 7", "-x", NULL);
	CHECK("options/command-options-before", r == PARSE_OK && o.exits && o.fails &&
	      command_is(&o, (const char *const[]){ "sh", "-c", "exit 7", "-x", NULL }));
	r = parse(&o, err, sizeof(err), "--", "-e", NULL);
	CHECK("options/command-looks-like-option", r == PARSE_OK && !o.exits &&
	      command_is(&o, (const char *const[]){ "-e", NULL }));
	r = parse(&o, err, sizeof(err), "--", "--", "ls", NULL);
	CHECK("options/command-second-dashes", r == PARSE_OK &&
	      command_is(&o, (const char *const[]){ "--", "ls", NULL }));
	r = parse(&o, err, sizeof(err), "--", NULL);
	CHECK("options/command-missing", usage_error(r, err, "missing COMMAND"));
	r = parse(&o, err, sizeof(err), "-e", "--", NULL);
	CHECK("options/command-missing-after-option", usage_error(r, err, "missing COMMAND"));
	r = parse(&o, err, sizeof(err), "-p", "1", "--", "ls", NULL);
	CHECK("options/command-with-pid", usage_error(r, err, "--pid cannot be combined"));
	r = parse(&o, err, sizeof(err), "ls", NULL);
	CHECK("options/stray", usage_error(r, err, "unexpected argument 'ls'") && !o.command);
	r = parse(&o, err, sizeof(err), "-e", "ls", "-l", NULL);
	CHECK("options/stray-after-option", usage_error(r, err, "unexpected argument 'ls'"));
	/* "--" as the value of an option is no separator: "ls" is stray */
	r = parse(&o, err, sizeof(err), "-l", "--", "ls", NULL);
	CHECK("options/dashes-as-option-value", usage_error(r, err, "unexpected argument 'ls'") &&
	      !o.command);
	options_free(&o);
	/* ... and alone it is the regex, not a missing command */
	r = parse(&o, err, sizeof(err), "-n", "--", NULL);
	CHECK("options/dashes-as-last-option-value", r == PARSE_OK && o.name_set && !o.command);
	options_free(&o);
}

/* Sizes that depend on each other, the transport. */
static void sizes(void)
{
	struct options o;
	char err[512], want[64];
	enum parse_result r;

	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	r = parse(&o, err, sizeof(err), NULL);
	CHECK("options/default-buffer", r == PARSE_OK &&
	      o.buffer_kib == options_buffer_kib_default((unsigned int)ncpu, ARGS_SIZE_DEFAULT) &&
	      o.transport == TRANSPORT_AUTO);
	/* 1024 KiB at least, 512 per CPU, 16 of the largest records; at most 16384 */
	CHECK("options/buffer-default-sizes",
	      options_buffer_kib_default(1, ARGS_SIZE_DEFAULT) == 1024 &&
	      options_buffer_kib_default(2, ARGS_SIZE_DEFAULT) == 1024 &&
	      options_buffer_kib_default(3, ARGS_SIZE_DEFAULT) == 2048 &&
	      options_buffer_kib_default(8, ARGS_SIZE_DEFAULT) == 4096 &&
	      options_buffer_kib_default(1024, ARGS_SIZE_DEFAULT) == 16384 &&
	      options_buffer_kib_default(1, 65536) == 2048 &&
	      options_buffer_kib_default(1, 1048576) == 16384);
	r = parse(&o, err, sizeof(err), "--transport", "ring", NULL);
	CHECK("options/transport-ring", r == PARSE_OK && o.transport == TRANSPORT_RING);
	r = parse(&o, err, sizeof(err), "--transport=perf", NULL);
	CHECK("options/transport-perf", r == PARSE_OK && o.transport == TRANSPORT_PERF);
	r = parse(&o, err, sizeof(err), "--transport", "ring", "--transport", "auto", NULL);
	CHECK("options/transport-auto", r == PARSE_OK && o.transport == TRANSPORT_AUTO);
	r = parse(&o, err, sizeof(err), "--buffer-size", "1024", NULL);
	CHECK("options/buffer-size", r == PARSE_OK && o.buffer_kib == 1024);
	r = parse(&o, err, sizeof(err), "--buffer-size", "100", NULL);
	CHECK("options/buffer-size-not-power", usage_error(r, err, "--buffer-size '100'"));
	r = parse(&o, err, sizeof(err), "--buffer-size", "32", NULL);
	CHECK("options/buffer-size-small", usage_error(r, err, "--buffer-size '32'"));
	/* two of the largest records must fit: the default holds 16 (at most 16 MiB)... */
	r = parse(&o, err, sizeof(err), "--args-size", "1048576", NULL);
	CHECK("options/buffer-raised", r == PARSE_OK && o.args_size == 1048576 &&
	      o.buffer_kib == 16384 && o.buffer_kib * 1024ull >= 2 * EVENT_MAX_SIZE(1048576));
	/* ... an error when given */
	r = parse(&o, err, sizeof(err), "--args-size", "1048576", "--buffer-size", "1024", NULL);
	CHECK("options/buffer-too-small", usage_error(r, err, "use at least 4096"));
	/* rounded up, headers counted: 2 x (EVENT_MAX_SIZE(20300) + 16) > 64 KiB */
	r = parse(&o, err, sizeof(err), "--args-size", "20300", "--buffer-size", "64", NULL);
	CHECK("options/buffer-min-rounded-up", usage_error(r, err, "use at least 128"));
	/* the perf buffer's limit, to the byte */
	snprintf(want, sizeof(want), "%u", (unsigned int)ARGS_SIZE_MAX_PERF);
	r = parse(&o, err, sizeof(err), "--transport", "perf", "--args-size", want, NULL);
	CHECK("options/perf-args-size-max", r == PARSE_OK && o.args_size == ARGS_SIZE_MAX_PERF);
	snprintf(want, sizeof(want), "%u", (unsigned int)ARGS_SIZE_MAX_PERF + 1);
	r = parse(&o, err, sizeof(err), "--transport", "perf", "--args-size", want, NULL);
	snprintf(want, sizeof(want), "above %u bytes", (unsigned int)ARGS_SIZE_MAX_PERF);
	CHECK("options/perf-args-size-over", usage_error(r, err, want));
	CHECK("options/perf-args-size-fits", EVENT_MAX_SIZE(ARGS_SIZE_MAX_PERF) <= EVENT_MAX_PERF);
}

/* --help and --version print on the output given, nothing on errors. */
/* --from: display options and the filters allowed, the kernel's options refused. */
static void from(void)
{
	static const char *const live[][3] = {
		{ "-p", "42", "--pid" },
		{ "--transport", "ring", "--transport" },
		{ "--buffer-size", "1024", "--buffer-size" },
		{ "--args-size", "4096", "--args-size" },
		{ "-c", "/sys/fs/cgroup", "--cgroup" },
		{ "--cgroupmap", "/x", "--cgroupmap" },
		{ "--mntnsmap", "/x", "--mntnsmap" },
		{ "--btf", "/x", "--btf" },
		{ "--probe", NULL, "--probe" },
	};
	struct options o;
	char err[512], name[64];
	enum parse_result r;
	size_t i;

	r = parse(&o, err, sizeof(err), "--from", "t.jsonl", "-j", "-u", "0", "-P", "1", "--mntns",
		  "5", "-n", "x", "-l", "y", "-TtUqMC", "--tree", "--cwd", "--exe", "--context",
		  "--rusage", "-x", "--exit-all", "--max-args", "3", "-o", "out", "-v", NULL);
	CHECK("options/from", r == PARSE_OK && o.from && !strcmp(o.from, "t.jsonl") &&
	      o.uid_set && o.ppid_set && o.mntns_set && o.name_set && o.line_set);
	options_free(&o);
	r = parse(&o, err, sizeof(err), "--from=-", NULL);
	CHECK("options/from-stdin", r == PARSE_OK && !strcmp(o.from, "-"));
	r = parse(&o, err, sizeof(err), "--from", "", NULL);
	CHECK("options/from-empty", usage_error(r, err, "invalid --from '': empty path"));
	r = parse(&o, err, sizeof(err), "--from", "t", "--", "ls", NULL);
	CHECK("options/from-command", usage_error(r, err, "--from cannot be combined with a COMMAND"));
	for (i = 0; i < sizeof(live) / sizeof(live[0]); i++) {
		char want[96];

		snprintf(name, sizeof(name), "options/from-refuses-%s", live[i][2] + 2);
		snprintf(want, sizeof(want), "%s cannot be combined with --from (it applies to live "
			 "tracing only)", live[i][2]);
		r = parse(&o, err, sizeof(err), live[i][0], live[i][1] ? live[i][1] : "--from",
			  live[i][1] ? "--from" : "t", live[i][1] ? "t" : NULL, NULL);
		CHECK(name, usage_error(r, err, want));
	}
	r = parse(&o, err, sizeof(err), "-p", "42", "--keep-tracing", "--from", "t", NULL);
	CHECK("options/from-refuses-keep-tracing", usage_error(r, err, "cannot be combined with "
							       "--from"));
}

static void usage(void)
{
	static char out[16384];
	struct options o;
	char err[512], num[32];
	enum parse_result r;

	r = parse_out(&o, out, sizeof(out), err, sizeof(err), "--help", NULL);
	CHECK("options/help-text", r == PARSE_EXIT && !err[0] &&
	      !strncmp(out, "Usage: execsnoop [OPTION...]", 28) && strstr(out, "--args-size") &&
	      strlen(out) < sizeof(out) - 1);
	/* the perf limit it names is the one the code enforces */
	snprintf(num, sizeof(num), "%u", (unsigned int)ARGS_SIZE_MAX_PERF);
	CHECK("options/help-perf-limit", strstr(out, num) != NULL);
	snprintf(num, sizeof(num), "%u", (unsigned int)ARGS_SIZE_DEFAULT);
	CHECK("options/help-args-default", strstr(out, num) != NULL);
	r = parse_out(&o, out, sizeof(out), err, sizeof(err), "-h", NULL);
	CHECK("options/help-short", r == PARSE_EXIT && !strncmp(out, "Usage: execsnoop", 16));
	r = parse_out(&o, out, sizeof(out), err, sizeof(err), "--version", NULL);
	CHECK("options/version-text", r == PARSE_EXIT && !err[0] &&
	      !strcmp(out, "execsnoop " EXECSNOOP_VERSION "\n"));
	r = parse_out(&o, out, sizeof(out), err, sizeof(err), "-Z", NULL);
	CHECK("options/unknown-short", r == PARSE_ERROR && !out[0] &&
	      !strcmp(err, "execsnoop: unknown option '-Z'\n"
		      "Try 'execsnoop --help' for more information.\n"));
}

/* -o FILE's rotation: sizes with suffixes, and what needs what. */
static void rotation(void)
{
	struct options o;
	char err[512];

	CHECK("options/rotate-defaults", parse(&o, err, sizeof(err), "-o", "f", NULL) ==
	      PARSE_OK && o.rotate_size == 0 && o.rotate_keep == 5);
	CHECK("options/rotate-size-bytes", parse(&o, err, sizeof(err), "-o", "f", "--rotate-size",
						 "4096", NULL) == PARSE_OK && o.rotate_size == 4096);
	CHECK("options/rotate-size-k", parse(&o, err, sizeof(err), "-o", "f", "--rotate-size",
					     "16k", NULL) == PARSE_OK && o.rotate_size == 16384);
	CHECK("options/rotate-size-m", parse(&o, err, sizeof(err), "-o", "f", "--rotate-size",
					     "10M", NULL) == PARSE_OK && o.rotate_size == 10485760);
	CHECK("options/rotate-size-g", parse(&o, err, sizeof(err), "-o", "f", "--rotate-size",
					     "2G", NULL) == PARSE_OK && o.rotate_size == 2ull << 30);
	CHECK("options/rotate-size-max", parse(&o, err, sizeof(err), "-o", "f", "--rotate-size",
					       "1048576G", NULL) == PARSE_OK &&
	      o.rotate_size == 1ull << 50);
	CHECK("options/rotate-size-over", usage_error(parse(&o, err, sizeof(err), "-o", "f",
			"--rotate-size", "1048577G", NULL), err, "--rotate-size '1048577G'"));
	CHECK("options/rotate-size-small", usage_error(parse(&o, err, sizeof(err), "-o", "f",
			"--rotate-size", "4095", NULL), err, "--rotate-size '4095'"));
	CHECK("options/rotate-size-suffix", usage_error(parse(&o, err, sizeof(err), "-o", "f",
			"--rotate-size", "1KB", NULL), err, "--rotate-size '1KB'"));
	CHECK("options/rotate-size-wrap", usage_error(parse(&o, err, sizeof(err), "-o", "f",
			"--rotate-size", "18446744073709551615G", NULL), err, "--rotate-size"));
	CHECK("options/rotate-size-sign", usage_error(parse(&o, err, sizeof(err), "-o", "f",
			"--rotate-size", "+4096", NULL), err, "--rotate-size"));
	CHECK("options/rotate-size-needs-output", usage_error(parse(&o, err, sizeof(err),
			"--rotate-size", "1M", NULL), err, "--rotate-size applies only to --output"));
	CHECK("options/rotate-keep", parse(&o, err, sizeof(err), "-o", "f", "--rotate-size", "1M",
					   "--rotate-keep", "1000", NULL) == PARSE_OK &&
	      o.rotate_keep == 1000);
	CHECK("options/rotate-keep-range", usage_error(parse(&o, err, sizeof(err), "-o", "f",
			"--rotate-size", "1M", "--rotate-keep", "0", NULL), err, "--rotate-keep '0'"));
	CHECK("options/rotate-keep-needs-size", usage_error(parse(&o, err, sizeof(err), "-o", "f",
			"--rotate-keep", "2", NULL), err, "--rotate-keep applies only with"));
}

void test_options(void)
{
	from();
	bcc_options();
	new_options();
	command();
	sizes();
	rotation();
	usage();
}
