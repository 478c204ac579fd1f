// SPDX-License-Identifier: GPL-2.0
/* Options of the new features, and "-- COMMAND" parsing. */
#include <stdarg.h>
#include <stdlib.h>
#include "check.h"
#include "options.h"

static char *argv_buf[32];

/* Parses the NULL-terminated arguments; stderr text goes to err. */
static enum parse_result run(struct options *o, char *err, size_t errlen, ...)
{
	int argc = 0;
	va_list ap;
	FILE *ef = fmemopen(err, errlen, "w");
	FILE *of = fopen("/dev/null", "w");
	enum parse_result r;

	argv_buf[argc++] = "execsnoop";
	va_start(ap, errlen);
	while (argc < 31 && (argv_buf[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	argv_buf[argc] = NULL;
	memset(err, 0, errlen);
	r = options_parse(o, argc, argv_buf, of, ef);
	fclose(ef);
	fclose(of);
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

void test_cmdline(void)
{
	struct options o;
	char err[512];
	enum parse_result r;

	r = run(&o, err, sizeof(err), NULL);
	CHECK("cmdline/defaults", r == PARSE_OK && !o.exits && !o.exit_all && !o.json &&
	      !o.tree && !o.show_cwd && !o.show_exe && !o.show_context && !o.pid_set &&
	      !o.mntns_set && !o.command && !o.output);
	r = run(&o, err, sizeof(err), "-e", NULL);
	CHECK("cmdline/exit", r == PARSE_OK && o.exits && !o.exit_all);
	r = run(&o, err, sizeof(err), "--exit", NULL);
	CHECK("cmdline/exit-long", r == PARSE_OK && o.exits && !o.exit_all);
	r = run(&o, err, sizeof(err), "--exit-all", NULL);
	CHECK("cmdline/exit-all-implies-exit", r == PARSE_OK && o.exits && o.exit_all);
	r = run(&o, err, sizeof(err), "-j", NULL);
	CHECK("cmdline/json", r == PARSE_OK && o.json);
	r = run(&o, err, sizeof(err), "--json", "--tree", "--cwd", "--exe", "--context", NULL);
	CHECK("cmdline/long-flags", r == PARSE_OK && o.json && o.tree && o.show_cwd &&
	      o.show_exe && o.show_context && !o.exits);
	r = run(&o, err, sizeof(err), "-ej", NULL);
	CHECK("cmdline/bundled", r == PARSE_OK && o.exits && o.json);

	r = run(&o, err, sizeof(err), "-p", "42", NULL);
	CHECK("cmdline/pid", r == PARSE_OK && o.pid_set && o.pid == 42 && !o.command);
	r = run(&o, err, sizeof(err), "--pid=2147483647", NULL);
	CHECK("cmdline/pid-max", r == PARSE_OK && o.pid_set && o.pid == 2147483647);
	r = run(&o, err, sizeof(err), "-p", "0", NULL);
	CHECK("cmdline/pid-zero", usage_error(r, err, "--pid '0'"));
	r = run(&o, err, sizeof(err), "-p", "2147483648", NULL);
	CHECK("cmdline/pid-too-big", usage_error(r, err, "--pid '2147483648'"));
	r = run(&o, err, sizeof(err), "--pid", "12a", NULL);
	CHECK("cmdline/pid-junk", usage_error(r, err, "--pid '12a'"));
	r = run(&o, err, sizeof(err), "-p", NULL);
	CHECK("cmdline/pid-missing", usage_error(r, err, "requires an argument"));

	r = run(&o, err, sizeof(err), "--mntns", "4026531840", NULL);
	CHECK("cmdline/mntns", r == PARSE_OK && o.mntns_set && o.mntns == 4026531840u);
	r = run(&o, err, sizeof(err), "--mntns=4294967295", NULL);
	CHECK("cmdline/mntns-max", r == PARSE_OK && o.mntns_set && o.mntns == 4294967295u);
	r = run(&o, err, sizeof(err), "--mntns", "4294967296", NULL);
	CHECK("cmdline/mntns-too-big", usage_error(r, err, "--mntns '4294967296'"));
	r = run(&o, err, sizeof(err), "--mntns", "0", NULL);
	CHECK("cmdline/mntns-zero", usage_error(r, err, "--mntns '0'"));
	r = run(&o, err, sizeof(err), "--mntns", "abc", NULL);
	CHECK("cmdline/mntns-junk", usage_error(r, err, "--mntns 'abc'"));
	r = run(&o, err, sizeof(err), "--mntns", "-1", NULL);
	CHECK("cmdline/mntns-negative", usage_error(r, err, "--mntns '-1'"));
	r = run(&o, err, sizeof(err), "--mntns", "", NULL);
	CHECK("cmdline/mntns-empty", usage_error(r, err, "--mntns ''"));

	r = run(&o, err, sizeof(err), "-o", "trace.txt", NULL);
	CHECK("cmdline/output", r == PARSE_OK && o.output && !strcmp(o.output, "trace.txt"));
	r = run(&o, err, sizeof(err), "--output=x y", NULL);
	CHECK("cmdline/output-long", r == PARSE_OK && o.output && !strcmp(o.output, "x y"));
	r = run(&o, err, sizeof(err), "-o", "", NULL);
	CHECK("cmdline/output-empty", usage_error(r, err, "--output ''"));

	/* -- COMMAND */
	r = run(&o, err, sizeof(err), "--", "make", "-j2", NULL);
	CHECK("cmdline/command", r == PARSE_OK &&
	      command_is(&o, (const char *const[]){ "make", "-j2", NULL }) && !o.fails);
	r = run(&o, err, sizeof(err), "-e", "-x", "--", "sh", "-c", "exit 7", "-x", NULL);
	CHECK("cmdline/command-options-before", r == PARSE_OK && o.exits && o.fails &&
	      command_is(&o, (const char *const[]){ "sh", "-c", "exit 7", "-x", NULL }));
	r = run(&o, err, sizeof(err), "--", "-e", NULL);
	CHECK("cmdline/command-looks-like-option", r == PARSE_OK && !o.exits &&
	      command_is(&o, (const char *const[]){ "-e", NULL }));
	r = run(&o, err, sizeof(err), "--", "--", "ls", NULL);
	CHECK("cmdline/command-second-dashes", r == PARSE_OK &&
	      command_is(&o, (const char *const[]){ "--", "ls", NULL }));
	r = run(&o, err, sizeof(err), "--", NULL);
	CHECK("cmdline/command-missing", usage_error(r, err, "missing COMMAND"));
	r = run(&o, err, sizeof(err), "-e", "--", NULL);
	CHECK("cmdline/command-missing-after-option", usage_error(r, err, "missing COMMAND"));
	r = run(&o, err, sizeof(err), "-p", "1", "--", "ls", NULL);
	CHECK("cmdline/command-with-pid", usage_error(r, err, "--pid cannot be combined"));
	r = run(&o, err, sizeof(err), "ls", NULL);
	CHECK("cmdline/stray", usage_error(r, err, "unexpected argument 'ls'") && !o.command);
	r = run(&o, err, sizeof(err), "-e", "ls", "-l", NULL);
	CHECK("cmdline/stray-after-option", usage_error(r, err, "unexpected argument 'ls'"));
	/* "--" as the value of an option is no separator: "ls" is stray */
	r = run(&o, err, sizeof(err), "-l", "--", "ls", NULL);
	CHECK("cmdline/dashes-as-option-value", usage_error(r, err, "unexpected argument 'ls'") &&
	      !o.command);
	options_free(&o);
	/* ... and alone it is the regex, not a missing command */
	r = run(&o, err, sizeof(err), "-n", "--", NULL);
	CHECK("cmdline/dashes-as-last-option-value", r == PARSE_OK && o.name_set && !o.command);
	options_free(&o);
}
