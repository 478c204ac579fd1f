// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "err.h"
#include "escape.h"
#include "event.h"
#include "options.h"
#include "passwd.h"
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
"      --exclude-comm NAME\n"
"                         not programs named NAME (COMM, exactly); repeatable\n"
"      --exclude-pcomm NAME\n"
"                         not processes whose parent is named NAME; repeatable\n"
"      --exclude-exe PATH not execs of the file PATH (EXE), or of any file\n"
"                         below PATH if it ends in /; repeatable\n"
"      --rate-limit N     print at most N events a second; the others are\n"
"                         counted and reported in the summary\n"
"  -M, --print-pcomm      include the parent's name (PCOMM column)\n"
"  -C, --print-cpu        include a CPU column\n"
"      --max-args N       show at most N arguments, then \" ...\" (default 20)\n"
"      --args-size BYTES  copy up to BYTES of arguments per exec\n"
"                         (default 32768, range 256..1048576; perf: 52736)\n"
"  -p, --pid PID          only PID and its descendants: those running now and\n"
"                         those forked from now on; stop when all have ended\n"
"      --keep-tracing     with -p, keep running after they have all ended\n"
"  -e, --exit             also report process ends: exit code or signal, run time\n"
"      --exit-all         like -e, and also ends of processes not seen to exec\n"
"                         (started before tracing, or forked without exec)\n"
"      --rusage           like -e, and each exit line shows the process's user\n"
"                         and system CPU time, peak RSS and context switches\n"
"  -j, --json             JSON Lines: one object per event, then a summary\n"
"      --field-names SET  JSON keys: execsnoop (default), ecs (Elastic Common\n"
"                         Schema) or otel (OpenTelemetry), e.g. process.pid\n"
"      --report           at the end, a report on the output: top programs by\n"
"                         count, run time, CPU and peak RSS, failed execs\n"
"                         (with -x), signals, the critical path (process ends\n"
"                         are traced for it, and printed only with -e)\n"
"      --timeline FILE    at the end, draw the run in FILE as an SVG chart: a bar\n"
"                         per process from exec to end, under its parent\n"
"      --perfetto FILE    at the end, write the run to FILE as a Chrome trace (JSON)\n"
"                         for ui.perfetto.dev or chrome://tracing\n"
"      --tree             indent ARGS by depth below the traced root (text)\n"
"      --cwd              include a CWD column (working directory)\n"
"      --exe              include an EXE column (resolved executable path)\n"
"      --context          include SID, TTY, AUID, EUID, MNTNS and CGROUP columns\n"
"      --container        include a CONTAINER column: the first 12 digits of the\n"
"                         container id, from the cgroup path (docker,\n"
"                         containerd, CRI-O, podman, Kubernetes)\n"
"      --container-id HEX only processes in containers whose id starts with HEX\n"
"      --keys             include KEY and PKEY columns: the process keys of the\n"
"                         process and its parent (always in JSON)\n"
"      --mntns ID         only processes in the mount namespace with inode ID\n"
"  -c, --cgroup PATH      only processes in this cgroup v2 directory (subtree)\n"
"      --cgroupmap PATH   only cgroups whose id is a key of this pinned map\n"
"      --mntnsmap PATH    only mount namespaces whose id is a key of this map\n"
"      --transport T      ring, perf or auto (default: ring buffer if the\n"
"                         kernel has it, else perf buffer)\n"
"      --buffer-size KIB  kernel buffer size in KiB, a power of two (default:\n"
"                         1024, 512 per CPU, 16 records of --args-size;\n"
"                         at most 16384)\n"
"  -o, --output FILE      write events to FILE instead of standard output;\n"
"                         SIGHUP then reopens FILE (for logrotate)\n"
"      --rotate-size SIZE\n"
"                         with -o: rename FILE to FILE.1 (FILE.1 to FILE.2,\n"
"                         ...) before it would grow past SIZE bytes (suffix\n"
"                         K, M or G); FILE is then appended to, not truncated\n"
"      --rotate-keep N    keep N rotated files (default 5, at most 1000)\n"
"      --journal          send each event to systemd-journald: MESSAGE is the\n"
"                         line (JSON with -j), the JSON fields are EXECSNOOP_*\n"
"                         fields\n"
"      --btf FILE         the kernel's BTF from FILE, for kernels without\n"
"                         /sys/kernel/btf/vmlinux (e.g. a BTFHub file)\n"
"      --probe            report what this kernel offers and which options\n"
"                         work here (JSON with -j), then exit\n"
"      --from FILE        replay a trace saved with -j (FILE - is standard\n"
"                         input) instead of tracing: no root, no BPF\n"
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
"  execsnoop --report -- make  a build's top programs, failures, critical path\n"
"  execsnoop -e --timeline build.svg -- make -j2\n"
"                              a build drawn as a chart, to open in a browser\n"
"  execsnoop -p 1234 --tree    PID 1234's descendants, as a tree\n"
"  execsnoop --probe           what works on this machine, and why not\n"
"  execsnoop -j -e -x -o t.jsonl -- make\n"
"                              save a build's trace, then show it later with\n"
"  execsnoop --from t.jsonl -e -x -U\n";

enum long_only {
	OPT_MAX_ARGS = 256,
	OPT_ARGS_SIZE,
	OPT_CGROUPMAP,
	OPT_MNTNSMAP,
	OPT_TRANSPORT,
	OPT_BUFFER_SIZE,
	OPT_VERSION,
	OPT_EXIT_ALL,
	OPT_RUSAGE,
	OPT_TREE,
	OPT_CWD,
	OPT_EXE,
	OPT_CONTEXT,
	OPT_MNTNS,
	OPT_KEEP_TRACING,
	OPT_BTF,
	OPT_PROBE,
	OPT_KEYS,
	OPT_CONTAINER,
	OPT_CONTAINER_ID,
	OPT_FIELD_NAMES,
	OPT_EXCLUDE_COMM,
	OPT_EXCLUDE_PCOMM,
	OPT_EXCLUDE_EXE,
	OPT_RATE_LIMIT,
	OPT_FROM,
	OPT_REPORT,
	OPT_TIMELINE,
	OPT_PERFETTO,
	OPT_ROTATE_SIZE,
	OPT_ROTATE_KEEP,
	OPT_JOURNAL,
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
	{ "rusage", no_argument, NULL, OPT_RUSAGE },
	{ "json", no_argument, NULL, 'j' },
	{ "tree", no_argument, NULL, OPT_TREE },
	{ "cwd", no_argument, NULL, OPT_CWD },
	{ "exe", no_argument, NULL, OPT_EXE },
	{ "context", no_argument, NULL, OPT_CONTEXT },
	{ "mntns", required_argument, NULL, OPT_MNTNS },
	{ "keep-tracing", no_argument, NULL, OPT_KEEP_TRACING },
	{ "btf", required_argument, NULL, OPT_BTF },
	{ "probe", no_argument, NULL, OPT_PROBE },
	{ "keys", no_argument, NULL, OPT_KEYS },
	{ "container", no_argument, NULL, OPT_CONTAINER },
	{ "container-id", required_argument, NULL, OPT_CONTAINER_ID },
	{ "field-names", required_argument, NULL, OPT_FIELD_NAMES },
	{ "exclude-comm", required_argument, NULL, OPT_EXCLUDE_COMM },
	{ "exclude-pcomm", required_argument, NULL, OPT_EXCLUDE_PCOMM },
	{ "exclude-exe", required_argument, NULL, OPT_EXCLUDE_EXE },
	{ "rate-limit", required_argument, NULL, OPT_RATE_LIMIT },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "report", no_argument, NULL, OPT_REPORT },
	{ "timeline", required_argument, NULL, OPT_TIMELINE },
	{ "perfetto", required_argument, NULL, OPT_PERFETTO },
	{ "rotate-size", required_argument, NULL, OPT_ROTATE_SIZE },
	{ "rotate-keep", required_argument, NULL, OPT_ROTATE_KEEP },
	{ "journal", no_argument, NULL, OPT_JOURNAL },
	{ NULL, 0, NULL, 0 },
};

#define DEFAULT_MAX_ARGS	20
#define DEFAULT_BUFFER_KIB	1024	/* at least, without --buffer-size */
#define BUFFER_KIB_PER_CPU	512
#define BUFFER_RECORDS		16	/* of the largest, by default */
#define DEFAULT_BUFFER_KIB_MAX	16384
#define MAX_ARGS_MAX		1000000
#define BUFFER_KIB_MIN		64
#define BUFFER_KIB_MAX		(1024 * 1024)
#define DEFAULT_ROTATE_KEEP	5
#define ROTATE_KEEP_MAX		1000
#define ROTATE_SIZE_MIN		4096ull
#define ROTATE_SIZE_MAX		(1ull << 50)

/* A usage error: the message, the hint, PARSE_ERROR. */
#define fail(err, ...) (p_usage(err, __VA_ARGS__), PARSE_ERROR)

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

static int add_exclude(struct exclude_list *l, const char *v)
{
	if (l->n >= EXCLUDE_MAX)
		return -1;
	l->v[l->n++] = v;
	return 0;
}

/* 1 to size-1 hex digits, lowercased into out; -1 if not that. */
static int parse_hex_prefix(const char *s, char *out, size_t size)
{
	size_t i, n = strlen(s);

	if (!n || n >= size)
		return -1;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return -1;
		out[i] = c;
	}
	out[n] = '\0';
	return 0;
}

/* A size in bytes: decimal, then an optional K, M or G (powers of 1024). */
static bool parse_size(const char *s, unsigned long long min, unsigned long long max,
		       unsigned long long *out)
{
	unsigned long long v;
	unsigned int shift = 0;
	char *end;

	if (!*s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return false;
	switch (*end) {
	case 'K': case 'k':
		shift = 10;
		break;
	case 'M': case 'm':
		shift = 20;
		break;
	case 'G': case 'g':
		shift = 30;
		break;
	case '\0':
		break;
	default:
		return false;
	}
	if (shift && end[1])
		return false;
	if (v > max >> shift || v << shift < min)
		return false;
	*out = v << shift;
	return true;
}

static int compile_re(regex_t *re, const char *pat, const char *opt, FILE *err)
{
	char msg[128];
	int rc = regcomp(re, pat, REG_EXTENDED | REG_NOSUB);

	if (!rc)
		return 0;
	regerror(rc, re, msg, sizeof(msg));
	p_usage(err, "invalid regular expression for %s: %s", opt, msg);
	return -1;
}

static void options_defaults(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->max_args = DEFAULT_MAX_ARGS;
	o->args_size = ARGS_SIZE_DEFAULT;
	o->buffer_kib = DEFAULT_BUFFER_KIB;
	o->transport = TRANSPORT_AUTO;
	o->rotate_keep = DEFAULT_ROTATE_KEEP;
}

/* The state of one parse besides the options themselves. */
struct parse {
	FILE *out;
	FILE *err;
	bool buffer_set;	/* --buffer-size given */
};

/*
 * A long option getopt did not take: unknown, or the prefix of several
 * (getopt_long says '?' for both), then say which.
 */
static enum parse_result unknown_long(FILE *err, const char *word)
{
	const char *name = word + strspn(word, "-");
	size_t len = strcspn(name, "="), i, n = 0;
	char list[256] = "";
	int used = 0;

	for (i = 0; long_opts[i].name; i++) {
		if (strncmp(long_opts[i].name, name, len))
			continue;
		n++;
		if (used >= 0 && (size_t)used < sizeof(list))
			used += snprintf(list + used, sizeof(list) - (size_t)used, " '--%s'",
					 long_opts[i].name);
	}
	if (n > 1 && len)
		return fail(err, "option '--%s' is ambiguous; possibilities:%s",
			    shown_arg(name), list);
	return fail(err, "unknown option '%s'", shown_arg(word));
}

/* One option from getopt: PARSE_OK to go on. */
static enum parse_result parse_option(struct options *o, struct parse *ps, int c,
				      char *arg, char **argv)
{
	FILE *err = ps->err;
	unsigned long v;
	uid_t uid;

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
	case OPT_RUSAGE:
		o->exits = true;
		o->rusage = true;
		break;
	case 'j':
		o->json = true;
		break;
	case 'o':
		if (!*arg)
			return fail(err, "invalid --output '%s': empty path", shown_arg(arg));
		o->output = arg;
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
	case OPT_KEYS:
		o->show_keys = true;
		break;
	case OPT_CONTAINER:
		o->show_container = true;
		break;
	case OPT_CONTAINER_ID:
		if (parse_hex_prefix(arg, o->container_prefix, sizeof(o->container_prefix)))
			return fail(err, "invalid --container-id '%s': expected 1 to 64 hex digits",
				    shown_arg(arg));
		break;
	case OPT_KEEP_TRACING:
		o->keep_tracing = true;
		o->live_only = "--keep-tracing";
		break;
	case OPT_BTF:
		if (!*arg)
			return fail(err, "invalid --btf '%s': empty path", shown_arg(arg));
		o->btf = arg;
		o->live_only = "--btf";
		break;
	case OPT_PROBE:
		o->probe = true;
		o->live_only = "--probe";
		break;
	case OPT_FROM:
		if (!*arg)
			return fail(err, "invalid --from '%s': empty path", shown_arg(arg));
		o->from = arg;
		break;
	case OPT_REPORT:
		o->report = true;
		break;
	case OPT_TIMELINE:
		if (!*arg)
			return fail(err, "invalid --timeline '%s': empty path", shown_arg(arg));
		o->timeline = arg;
		break;
	case OPT_PERFETTO:
		if (!*arg)
			return fail(err, "invalid --perfetto '%s': empty path", shown_arg(arg));
		o->perfetto = arg;
		break;
	case OPT_JOURNAL:
		o->journal = true;
		break;
	case OPT_ROTATE_SIZE:
		if (!parse_size(arg, ROTATE_SIZE_MIN, ROTATE_SIZE_MAX, &o->rotate_size))
			return fail(err, "invalid --rotate-size '%s': expected bytes from 4096 "
				    "to 2^50, with an optional K, M or G", shown_arg(arg));
		break;
	case OPT_ROTATE_KEEP:
		if (!parse_uint(arg, 1, ROTATE_KEEP_MAX, &v))
			return fail(err, "invalid --rotate-keep '%s': expected a number from 1 to %u",
				    shown_arg(arg), ROTATE_KEEP_MAX);
		o->rotate_keep = (unsigned int)v;
		o->rotate_keep_set = true;
		break;
	case 'p':
		if (!parse_uint(arg, 1, INT32_MAX, &v))
			return fail(err, "invalid --pid '%s': expected a process id", shown_arg(arg));
		o->pid = (pid_t)v;
		o->pid_set = true;
		o->live_only = "--pid";
		break;
	case OPT_MNTNS:
		if (!parse_uint(arg, 1, UINT32_MAX, &v))
			return fail(err, "invalid --mntns '%s': expected a namespace inode number",
				    shown_arg(arg));
		o->mntns = (unsigned int)v;
		o->mntns_set = true;
		break;
	case 'h':
		fputs(usage_text, ps->out);
		return PARSE_EXIT;
	case OPT_VERSION:
		fprintf(ps->out, "execsnoop %s\n", EXECSNOOP_VERSION);
		return PARSE_EXIT;
	case 'u':
		if (*arg && strspn(arg, "0123456789") == strlen(arg)) {
			/* a number is a uid, never a user name; (uid_t)-1 is no uid */
			if (!parse_uint(arg, 0, UINT32_MAX - 1, &v))
				return fail(err, "invalid --uid '%s': out of range (0 to %u)",
					    shown_arg(arg), UINT32_MAX - 1);
			o->uid = (uid_t)v;
		} else {
			if (!*arg || user_uid(arg, &uid))
				return fail(err, "invalid --uid '%s': no such user or uid", shown_arg(arg));
			o->uid = uid;
		}
		o->uid_set = true;
		break;
	case 'P':
		if (!parse_uint(arg, 1, INT32_MAX, &v))
			return fail(err, "invalid --ppid '%s': expected a process id", shown_arg(arg));
		o->ppid = (pid_t)v;
		o->ppid_set = true;
		break;
	case 'n':
		if (o->name_set)
			regfree(&o->name_re);
		o->name_set = false;
		if (compile_re(&o->name_re, arg, "--name", err))
			return PARSE_ERROR;
		o->name_set = true;
		break;
	case 'l':
		if (o->line_set)
			regfree(&o->line_re);
		o->line_set = false;
		if (compile_re(&o->line_re, arg, "--line", err))
			return PARSE_ERROR;
		o->line_set = true;
		break;
	case 'c':
		if (!*arg)
			return fail(err, "invalid --cgroup '%s': empty path", shown_arg(arg));
		o->cgroup = arg;
		o->live_only = "--cgroup";
		break;
	case OPT_MAX_ARGS:
		if (!parse_uint(arg, 1, MAX_ARGS_MAX, &v))
			return fail(err, "invalid --max-args '%s': expected a number from 1 to %u",
				    shown_arg(arg), MAX_ARGS_MAX);
		o->max_args = (unsigned int)v;
		break;
	case OPT_ARGS_SIZE:
		if (!parse_uint(arg, ARGS_SIZE_MIN, ARGS_SIZE_MAX, &v))
			return fail(err, "invalid --args-size '%s': expected bytes from %u to %u",
				    shown_arg(arg), ARGS_SIZE_MIN, ARGS_SIZE_MAX);
		o->args_size = (unsigned int)v;
		o->live_only = "--args-size";
		break;
	case OPT_BUFFER_SIZE:
		if (!parse_uint(arg, BUFFER_KIB_MIN, BUFFER_KIB_MAX, &v) || (v & (v - 1)))
			return fail(err, "invalid --buffer-size '%s': expected a power of two "
				    "from %u to %u (KiB)", shown_arg(arg), BUFFER_KIB_MIN, BUFFER_KIB_MAX);
		o->buffer_kib = (unsigned int)v;
		ps->buffer_set = true;
		o->live_only = "--buffer-size";
		break;
	case OPT_CGROUPMAP:
		if (!*arg)
			return fail(err, "invalid --cgroupmap '%s': empty path", shown_arg(arg));
		o->cgroupmap = arg;
		o->live_only = "--cgroupmap";
		break;
	case OPT_MNTNSMAP:
		if (!*arg)
			return fail(err, "invalid --mntnsmap '%s': empty path", shown_arg(arg));
		o->mntnsmap = arg;
		o->live_only = "--mntnsmap";
		break;
	case OPT_EXCLUDE_COMM:
	case OPT_EXCLUDE_PCOMM:
		if (!*arg || strlen(arg) > 15)
			return fail(err, "invalid --exclude-%s '%s': expected a name of 1 to 15 bytes",
				    c == OPT_EXCLUDE_COMM ? "comm" : "pcomm", shown_arg(arg));
		if (add_exclude(c == OPT_EXCLUDE_COMM ? &o->exclude_comm : &o->exclude_pcomm, arg))
			return fail(err, "too many --exclude-%s (at most %u)",
				    c == OPT_EXCLUDE_COMM ? "comm" : "pcomm", EXCLUDE_MAX);
		break;
	case OPT_EXCLUDE_EXE:
		if (*arg != '/')
			return fail(err, "invalid --exclude-exe '%s': expected an absolute path",
				    shown_arg(arg));
		if (add_exclude(&o->exclude_exe, arg))
			return fail(err, "too many --exclude-exe (at most %u)", EXCLUDE_MAX);
		break;
	case OPT_RATE_LIMIT:
		if (!parse_uint(arg, 1, UINT32_MAX, &v))
			return fail(err, "invalid --rate-limit '%s': expected events a second, "
				    "from 1 to %u", shown_arg(arg), UINT32_MAX);
		o->rate_limit = (unsigned int)v;
		break;
	case OPT_FIELD_NAMES:
		if (!strcmp(arg, "execsnoop"))
			o->field_names = FIELD_NAMES_EXECSNOOP;
		else if (!strcmp(arg, "ecs"))
			o->field_names = FIELD_NAMES_ECS;
		else if (!strcmp(arg, "otel"))
			o->field_names = FIELD_NAMES_OTEL;
		else
			return fail(err, "invalid --field-names '%s': expected execsnoop, ecs or otel",
				    shown_arg(arg));
		break;
	case OPT_TRANSPORT:
		if (!strcmp(arg, "ring"))
			o->transport = TRANSPORT_RING;
		else if (!strcmp(arg, "perf"))
			o->transport = TRANSPORT_PERF;
		else if (!strcmp(arg, "auto"))
			o->transport = TRANSPORT_AUTO;
		else
			return fail(err, "invalid --transport '%s': expected ring, perf or auto",
				    shown_arg(arg));
		o->live_only = "--transport";
		break;
	case ':':
		return fail(err, "option %s requires an argument", shown_arg(argv[optind - 1]));
	case '?':
	default:
		/* a long option given a value it does not take: optopt is its val */
		if (optopt && !strncmp(argv[optind - 1], "--", 2)) {
			char name[64];

			snprintf(name, sizeof(name), "%.*s", (int)strcspn(argv[optind - 1], "="),
				 argv[optind - 1]);
			return fail(err, "option '%s' takes no value", shown_arg(name));
		}
		if (optopt) {
			char opt[3] = { '-', (char)optopt, '\0' };

			return fail(err, "unknown option '%s'", shown_arg(opt));
		}
		return unknown_long(err, argv[optind - 1]);
	}
	return PARSE_OK;
}

/* The smallest power of two of KiB, at least 64, that holds bytes. */
static unsigned int kib_pow2(uint64_t bytes)
{
	unsigned int kib = BUFFER_KIB_MIN;

	while ((uint64_t)kib * 1024 < bytes)
		kib *= 2;
	return kib;
}

unsigned int options_buffer_kib_default(unsigned int ncpu, unsigned int args_size)
{
	uint64_t want = (uint64_t)DEFAULT_BUFFER_KIB * 1024;
	uint64_t per_cpu = (uint64_t)BUFFER_KIB_PER_CPU * 1024 * ncpu;
	uint64_t records = (uint64_t)BUFFER_RECORDS * (EVENT_MAX_SIZE(args_size) + RECORD_HEADER_MAX);
	unsigned int kib;

	if (per_cpu > want)
		want = per_cpu;
	if (records > want)
		want = records;
	kib = kib_pow2(want);
	return kib > DEFAULT_BUFFER_KIB_MAX ? DEFAULT_BUFFER_KIB_MAX : kib;
}

/* What no single option can check: combinations, and sizes that depend on each other. */
static enum parse_result options_validate(struct options *o, struct parse *ps)
{
	unsigned int min_kib;

	if (o->command && o->pid_set)
		return fail(ps->err, "--pid cannot be combined with a COMMAND");
	if (o->keep_tracing && !o->pid_set)
		return fail(ps->err, "--keep-tracing applies only to --pid");
	if (o->field_names != FIELD_NAMES_EXECSNOOP && !o->json)
		return fail(ps->err, "--field-names applies only to -j");
	if (o->probe && o->command)
		return fail(ps->err, "--probe cannot be combined with a COMMAND");
	/* a replay has no kernel: what only the kernel does cannot be asked of it */
	if (o->from && o->command)
		return fail(ps->err, "--from cannot be combined with a COMMAND (it traces nothing)");
	if (o->from && o->live_only)
		return fail(ps->err, "%s cannot be combined with --from (it applies to live "
			    "tracing only)", o->live_only);
	/*
	 * What is summed or drawn at the end needs process ends: traced, and
	 * printed only if asked for; also the ends of processes that never
	 * exec'd (subshells), so that their children stay in the tree (a
	 * replay has what its file has). Not failed execs: -x slows every
	 * system call.
	 */
	if (options_want_runlog(o)) {
		o->quiet_exits = !o->exits;
		o->exits = true;
		if (!o->exit_all && !o->from) {
			o->quiet_exit_all = true;
			o->exit_all = true;
		}
	}
	if (o->journal && o->output)
		return fail(ps->err, "--journal cannot be combined with --output");
	if (o->rotate_size && !o->output)
		return fail(ps->err, "--rotate-size applies only to --output FILE");
	if (o->rotate_keep_set && !o->rotate_size)
		return fail(ps->err, "--rotate-keep applies only with --rotate-size");
	if (o->journal && o->report)
		return fail(ps->err, "--report cannot be combined with --journal (it is written "
			    "to the output)");
	if (o->journal && o->from)
		return fail(ps->err, "--journal cannot be combined with --from");
	if (!ps->buffer_set) {
		long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

		o->buffer_kib = options_buffer_kib_default(ncpu > 0 ? (unsigned int)ncpu : 1,
							   o->args_size);
	}
	/* the kernel buffer must hold two of the largest records, with headers */
	min_kib = kib_pow2(2 * (EVENT_MAX_SIZE(o->args_size) + RECORD_HEADER_MAX));
	if (o->buffer_kib < min_kib) {
		if (ps->buffer_set)
			return fail(ps->err, "--buffer-size too small for --args-size: use at "
				    "least %u (KiB)", min_kib);
		o->buffer_kib = min_kib;
	}
	if (o->transport == TRANSPORT_PERF && o->args_size > ARGS_SIZE_MAX_PERF)
		return fail(ps->err, "--args-size above %u bytes needs the ring buffer transport",
			    (unsigned int)ARGS_SIZE_MAX_PERF);
	return PARSE_OK;
}

enum parse_result options_parse(struct options *o, int argc, char **argv,
				FILE *out, FILE *err)
{
	struct parse ps = { .out = out, .err = err };
	const char *last_value = NULL;
	enum parse_result r;
	bool dashes;
	int c;

	options_defaults(o);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:TtxUqMCvheju:n:l:P:c:p:o:", long_opts, NULL)) != -1) {
		last_value = optarg;
		r = parse_option(o, &ps, c, optarg, argv);
		if (r != PARSE_OK)
			return r;
	}
	/* "--" ended the options only if it was not an option's value */
	dashes = optind > 1 && !strcmp(argv[optind - 1], "--") &&
		 last_value != argv[optind - 1];
	if (optind < argc) {
		/* COMMAND only after "--", so that a typo is not run by accident */
		if (!dashes)
			return fail(err, "unexpected argument '%s' (put a command after --)",
				    shown_arg(argv[optind]));
		o->command = &argv[optind];
	} else if (dashes) {
		return fail(err, "missing COMMAND after '--'");
	}
	return options_validate(o, &ps);
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
