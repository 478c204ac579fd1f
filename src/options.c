// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pwd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "event.h"
#include "options.h"
#include "version.h"

static const char usage_text[] =
"Usage: execsnoop [OPTION...] [-- COMMAND [ARG...]]\n"
"Trace every exec on the system: who ran what, with which arguments.\n"
"With COMMAND: run it, trace only it and its descendants, exit with its status.\n"
"\n"
"  -T, --time             include a TIME column (HH:MM:SS, local time)\n"
"  -t, --timestamp        include a TIME(s) column (seconds since start)\n"
"  -x, --fails            include failed execs (RET is -errno)\n"
"  -u, --uid USER         only execs by this user (name or number)\n"
"  -U, --print-uid        include a UID column\n"
"  -q, --quote            put each argument in double quotes\n"
"  -n, --name REGEX       only programs whose name (COMM) matches REGEX\n"
"  -l, --line REGEX       only execs whose arguments match REGEX\n"
"  -P, --ppid PID         only children of PID\n"
"  -M, --print-pcomm      include the parent's name (PCOMM column)\n"
"  -C, --print-cpu        include a CPU column\n"
"      --max-args N       show at most N arguments, then \" ...\" (default 20)\n"
"      --args-size BYTES  copy up to BYTES of arguments per exec\n"
"                         (default 32768, range 256..1048576; perf: 52736)\n"
"  -p, --pid PID          only PID and its descendants: those running now and\n"
"                         those forked from now on\n"
"  -e, --exit             also report process ends: exit code or signal, run time\n"
"      --exit-all         like -e, and also ends of processes not seen to exec\n"
"                         (started before tracing, or forked without exec)\n"
"  -j, --json             JSON Lines: one object per event, then a summary\n"
"      --tree             indent ARGS by depth below the traced root (text)\n"
"      --cwd              include a CWD column (working directory)\n"
"      --exe              include an EXE column (resolved executable path)\n"
"      --context          include SID, TTY, AUID, EUID, MNTNS and CGROUP columns\n"
"      --mntns ID         only processes in the mount namespace with inode ID\n"
"  -c, --cgroup PATH      only processes in this cgroup v2 directory (subtree)\n"
"      --cgroupmap PATH   only cgroups whose id is a key of this pinned map\n"
"      --mntnsmap PATH    only mount namespaces whose id is a key of this map\n"
"      --transport T      ring, perf or auto (default: ring buffer if the\n"
"                         kernel has it, else perf buffer)\n"
"      --buffer-size KIB  kernel buffer size in KiB, a power of two (default 512,\n"
"                         raised to hold 2 records of --args-size)\n"
"  -o, --output FILE      write events to FILE instead of standard output\n"
"  -v, --verbose          print libbpf diagnostics\n"
"  -h, --help             show this help and exit\n"
"      --version          show the version and exit\n"
"\n"
"REGEX is a POSIX extended regular expression, matched anywhere.\n"
"\n"
"Examples:\n"
"  execsnoop                   trace all execs\n"
"  execsnoop -x                also show failed execs\n"
"  execsnoop -Tt -U            with wall-clock time, timestamp and UID\n"
"  execsnoop -u 1000           only execs by UID 1000\n"
"  execsnoop -n '^(ba)?sh$'    only shells\n"
"  execsnoop -l 'tpkg'         only execs whose arguments contain \"tpkg\"\n"
"  execsnoop -q                quote every argument\n"
"  execsnoop -P 181            only children of PID 181\n"
"  execsnoop --max-args 5      show at most five arguments\n"
"  execsnoop -c /sys/fs/cgroup/unified/system.slice\n"
"                              only processes in that cgroup subtree\n"
"  execsnoop --mntnsmap /sys/fs/bpf/mnt_ns_set\n"
"                              only mount namespaces listed in a pinned map\n"
"  execsnoop -e -- make -j2    every program a build runs, with exit codes\n"
"  execsnoop -j -e | jq .      JSON Lines with process ends\n"
"  execsnoop -p 1234 --tree    PID 1234's descendants, as a tree\n";

enum long_only {
	OPT_MAX_ARGS = 256,
	OPT_ARGS_SIZE,
	OPT_CGROUPMAP,
	OPT_MNTNSMAP,
	OPT_TRANSPORT,
	OPT_BUFFER_SIZE,
	OPT_VERSION,
	OPT_EXIT_ALL,
	OPT_TREE,
	OPT_CWD,
	OPT_EXE,
	OPT_CONTEXT,
	OPT_MNTNS,
};

static const struct option long_opts[] = {
	{ "time", no_argument, NULL, 'T' },
	{ "timestamp", no_argument, NULL, 't' },
	{ "fails", no_argument, NULL, 'x' },
	{ "uid", required_argument, NULL, 'u' },
	{ "print-uid", no_argument, NULL, 'U' },
	{ "quote", no_argument, NULL, 'q' },
	{ "name", required_argument, NULL, 'n' },
	{ "line", required_argument, NULL, 'l' },
	{ "ppid", required_argument, NULL, 'P' },
	{ "print-pcomm", no_argument, NULL, 'M' },
	{ "print-cpu", no_argument, NULL, 'C' },
	{ "cgroup", required_argument, NULL, 'c' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "max-args", required_argument, NULL, OPT_MAX_ARGS },
	{ "args-size", required_argument, NULL, OPT_ARGS_SIZE },
	{ "cgroupmap", required_argument, NULL, OPT_CGROUPMAP },
	{ "mntnsmap", required_argument, NULL, OPT_MNTNSMAP },
	{ "transport", required_argument, NULL, OPT_TRANSPORT },
	{ "buffer-size", required_argument, NULL, OPT_BUFFER_SIZE },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "pid", required_argument, NULL, 'p' },
	{ "output", required_argument, NULL, 'o' },
	{ "exit", no_argument, NULL, 'e' },
	{ "exit-all", no_argument, NULL, OPT_EXIT_ALL },
	{ "json", no_argument, NULL, 'j' },
	{ "tree", no_argument, NULL, OPT_TREE },
	{ "cwd", no_argument, NULL, OPT_CWD },
	{ "exe", no_argument, NULL, OPT_EXE },
	{ "context", no_argument, NULL, OPT_CONTEXT },
	{ "mntns", required_argument, NULL, OPT_MNTNS },
	{ NULL, 0, NULL, 0 },
};

static enum parse_result fail(FILE *err, const char *fmt, const char *opt,
			      const char *val)
{
	fputs("execsnoop: ", err);
	fprintf(err, fmt, opt, val);
	fputs("\nTry 'execsnoop --help' for more information.\n", err);
	return PARSE_ERROR;
}

/* Strict decimal: digits only, no sign, no spaces, within [min, max]. */
static bool parse_uint(const char *s, unsigned long min, unsigned long max,
		       unsigned long *out)
{
	unsigned long v;
	char *end;

	if (!*s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static int compile_re(regex_t *re, const char *pat, const char *opt, FILE *err)
{
	char msg[128];
	int rc = regcomp(re, pat, REG_EXTENDED | REG_NOSUB);

	if (!rc)
		return 0;
	regerror(rc, re, msg, sizeof(msg));
	fprintf(err, "execsnoop: invalid regular expression for %s: %s\n"
		"Try 'execsnoop --help' for more information.\n", opt, msg);
	return -1;
}

enum parse_result options_parse(struct options *o, int argc, char **argv,
				FILE *out, FILE *err)
{
	unsigned int min_kib;
	bool buffer_set = false, dashes;
	const char *last_value = NULL;
	unsigned long v;
	struct passwd *pw;
	int c;

	memset(o, 0, sizeof(*o));
	o->max_args = 20;
	o->args_size = ARGS_SIZE_DEFAULT;
	o->buffer_kib = 512;
	o->transport = TRANSPORT_AUTO;
	optind = 0;
	opterr = 0;

	while ((c = getopt_long(argc, argv, "+:TtxUqMCvheju:n:l:P:c:p:o:", long_opts, NULL)) != -1) {
		last_value = optarg;
		switch (c) {
		case 'T':
			o->time = true;
			break;
		case 't':
			o->timestamp = true;
			break;
		case 'x':
			o->fails = true;
			break;
		case 'U':
			o->print_uid = true;
			break;
		case 'q':
			o->quote = true;
			break;
		case 'M':
			o->print_pcomm = true;
			break;
		case 'C':
			o->print_cpu = true;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'e':
			o->exits = true;
			break;
		case OPT_EXIT_ALL:
			o->exits = true;
			o->exit_all = true;
			break;
		case 'j':
			o->json = true;
			break;
		case 'o':
			if (!*optarg)
				return fail(err, "invalid %s '%s': empty path", "--output", optarg);
			o->output = optarg;
			break;
		case OPT_TREE:
			o->tree = true;
			break;
		case OPT_CWD:
			o->show_cwd = true;
			break;
		case OPT_EXE:
			o->show_exe = true;
			break;
		case OPT_CONTEXT:
			o->show_context = true;
			break;
		case 'p':
			if (!parse_uint(optarg, 1, INT32_MAX, &v))
				return fail(err, "invalid %s '%s': expected a process id",
					    "--pid", optarg);
			o->pid = (pid_t)v;
			o->pid_set = true;
			break;
		case OPT_MNTNS:
			if (!parse_uint(optarg, 1, UINT32_MAX, &v))
				return fail(err, "invalid %s '%s': expected a namespace inode number",
					    "--mntns", optarg);
			o->mntns = (unsigned int)v;
			o->mntns_set = true;
			break;
		case 'h':
			fputs(usage_text, out);
			return PARSE_EXIT;
		case OPT_VERSION:
			fprintf(out, "execsnoop %s\n", EXECSNOOP_VERSION);
			return PARSE_EXIT;
		case 'u':
			if (parse_uint(optarg, 0, UINT32_MAX - 1, &v)) {
				o->uid = (uid_t)v;
			} else {
				pw = *optarg ? getpwnam(optarg) : NULL;
				if (!pw)
					return fail(err, "invalid %s '%s': no such user or uid",
						    "--uid", optarg);
				o->uid = pw->pw_uid;
			}
			o->uid_set = true;
			break;
		case 'P':
			if (!parse_uint(optarg, 1, INT32_MAX, &v))
				return fail(err, "invalid %s '%s': expected a process id",
					    "--ppid", optarg);
			o->ppid = (pid_t)v;
			o->ppid_set = true;
			break;
		case 'n':
			if (o->name_set)
				regfree(&o->name_re);
			o->name_set = false;
			if (compile_re(&o->name_re, optarg, "--name", err))
				return PARSE_ERROR;
			o->name_set = true;
			break;
		case 'l':
			if (o->line_set)
				regfree(&o->line_re);
			o->line_set = false;
			if (compile_re(&o->line_re, optarg, "--line", err))
				return PARSE_ERROR;
			o->line_set = true;
			break;
		case 'c':
			if (!*optarg)
				return fail(err, "invalid %s '%s': empty path", "--cgroup", optarg);
			o->cgroup = optarg;
			break;
		case OPT_MAX_ARGS:
			if (!parse_uint(optarg, 1, 1000000, &v))
				return fail(err, "invalid %s '%s': expected a number from 1 to 1000000",
					    "--max-args", optarg);
			o->max_args = (unsigned int)v;
			break;
		case OPT_ARGS_SIZE:
			if (!parse_uint(optarg, ARGS_SIZE_MIN, ARGS_SIZE_MAX, &v))
				return fail(err, "invalid %s '%s': expected bytes from 256 to 1048576",
					    "--args-size", optarg);
			o->args_size = (unsigned int)v;
			break;
		case OPT_BUFFER_SIZE:
			if (!parse_uint(optarg, 64, 1024 * 1024, &v) || (v & (v - 1)))
				return fail(err, "invalid %s '%s': expected a power of two from 64 to 1048576 (KiB)",
					    "--buffer-size", optarg);
			o->buffer_kib = (unsigned int)v;
			buffer_set = true;
			break;
		case OPT_CGROUPMAP:
			if (!*optarg)
				return fail(err, "invalid %s '%s': empty path", "--cgroupmap", optarg);
			o->cgroupmap = optarg;
			break;
		case OPT_MNTNSMAP:
			if (!*optarg)
				return fail(err, "invalid %s '%s': empty path", "--mntnsmap", optarg);
			o->mntnsmap = optarg;
			break;
		case OPT_TRANSPORT:
			if (!strcmp(optarg, "ring"))
				o->transport = TRANSPORT_RING;
			else if (!strcmp(optarg, "perf"))
				o->transport = TRANSPORT_PERF;
			else if (!strcmp(optarg, "auto"))
				o->transport = TRANSPORT_AUTO;
			else
				return fail(err, "invalid %s '%s': expected ring, perf or auto",
					    "--transport", optarg);
			break;
		case ':':
			return fail(err, "option %s%s requires an argument",
				    argv[optind - 1], "");
		case '?':
		default:
			if (optopt)
				fprintf(err, "execsnoop: unknown option '-%c'\n", optopt);
			else
				fprintf(err, "execsnoop: unknown option '%s'\n", argv[optind - 1]);
			fputs("Try 'execsnoop --help' for more information.\n", err);
			return PARSE_ERROR;
		}
	}
	/* "--" ended the options only if it was not an option's value */
	dashes = optind > 1 && !strcmp(argv[optind - 1], "--") &&
		 last_value != argv[optind - 1];
	if (optind < argc) {
		/* COMMAND only after "--", so that a typo is not run by accident */
		if (!dashes)
			return fail(err, "unexpected argument '%s'%s (put a command after --)",
				    argv[optind], "");
		o->command = &argv[optind];
	} else if (dashes) {
		return fail(err, "missing COMMAND after '%s'%s", "--", "");
	}
	if (o->command && o->pid_set)
		return fail(err, "%s%s cannot be combined with a COMMAND", "--pid", "");
	/* the kernel buffer must hold two of the largest records */
	min_kib = (unsigned int)((sizeof(struct event) + o->args_size + FILENAME_MAX_LEN +
				  2 * PATH_BUF_LEN) * 2 / 1024);
	if (o->buffer_kib < min_kib) {
		unsigned int kib = 64;

		while (kib < min_kib)
			kib *= 2;
		if (buffer_set) {
			char need[32];

			snprintf(need, sizeof(need), "%u", kib);
			return fail(err, "--buffer-size too small for --args-size: use at least %s%s",
				    need, " (KiB)");
		}
		o->buffer_kib = kib;
	}
	if (o->transport == TRANSPORT_PERF && o->args_size > ARGS_SIZE_MAX_PERF)
		return fail(err, "%s%s above 52736 bytes needs the ring buffer transport",
			    "--args-size", "");
	return PARSE_OK;
}

void options_free(struct options *o)
{
	if (o->name_set)
		regfree(&o->name_re);
	if (o->line_set)
		regfree(&o->line_re);
	o->name_set = false;
	o->line_set = false;
}
