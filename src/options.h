/* SPDX-License-Identifier: GPL-2.0 */
/* Command line: bcc-compatible options, validation, usage text. */
#ifndef EXECSNOOP_OPTIONS_H
#define EXECSNOOP_OPTIONS_H

#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

enum transport_kind {
	TRANSPORT_AUTO,
	TRANSPORT_RING,
	TRANSPORT_PERF,
};

/* --field-names: the JSON keys */
enum field_names {
	FIELD_NAMES_EXECSNOOP,
	FIELD_NAMES_ECS,
	FIELD_NAMES_OTEL,
};

#define EXCLUDE_MAX	16	/* values of each --exclude-* option */

/* --exclude-comm, --exclude-pcomm, --exclude-exe: each a list of values */
struct exclude_list {
	const char *v[EXCLUDE_MAX];
	unsigned int n;
};

struct options {
	regex_t name_re;	/* -n */
	regex_t line_re;	/* -l */
	const char *cgroup;	/* -c */
	const char *cgroupmap;	/* --cgroupmap */
	const char *mntnsmap;	/* --mntnsmap */
	const char *output;	/* -o FILE */
	unsigned long long rotate_size;	/* --rotate-size: bytes, 0 for none */
	unsigned int rotate_keep;	/* --rotate-keep */
	const char *btf;	/* --btf FILE: the kernel's BTF from FILE */
	const char *from;	/* --from FILE: replay a saved -j trace ("-": stdin) */
	const char *live_only;	/* an option only live tracing has (for --from's error) */
	char **command;		/* -- COMMAND ARGS..., NULL-terminated */
	enum transport_kind transport;
	enum field_names field_names;	/* --field-names */
	struct exclude_list exclude_comm;
	struct exclude_list exclude_pcomm;
	struct exclude_list exclude_exe;
	unsigned int rate_limit;	/* --rate-limit: events a second, 0: none */
	uid_t uid;		/* -u */
	pid_t ppid;		/* -P */
	pid_t pid;		/* -p */
	unsigned int mntns;	/* --mntns */
	unsigned int max_args;	/* --max-args */
	unsigned int args_size;	/* --args-size */
	unsigned int buffer_kib; /* --buffer-size */
	bool time;		/* -T */
	bool timestamp;		/* -t */
	bool fails;		/* -x */
	bool quote;		/* -q */
	bool print_uid;		/* -U */
	bool print_pcomm;	/* -M */
	bool print_cpu;		/* -C */
	bool verbose;		/* -v */
	bool exits;		/* -e */
	bool exit_all;		/* --exit-all */
	bool rusage;		/* --rusage: CPU, peak RSS, switches on exit lines */
	bool json;		/* -j */
	bool tree;		/* --tree */
	bool show_cwd;		/* --cwd */
	bool show_exe;		/* --exe */
	bool show_context;	/* --context */
	bool show_keys;		/* --keys */
	bool show_container;	/* --container */
	char container_prefix[65]; /* --container-id: lowercase hex, "" if not given */
	bool keep_tracing;	/* --keep-tracing: -p goes on after its tree ended */
	bool probe;		/* --probe: report what this kernel offers, exit */
	/* what is drawn or summed from the run table (src/runlog.h) at the end */
	bool report;		/* --report */
	bool quiet_exits;	/* traced for the run table only, not printed */
	bool quiet_exit_all;	/* the same for the ends of processes not seen to exec */
	const char *timeline;	/* --timeline FILE.svg */
	const char *perfetto;	/* --perfetto FILE */
	bool journal;		/* --journal: events to systemd-journald */
	bool uid_set;
	bool ppid_set;
	bool pid_set;
	bool mntns_set;
	bool name_set;
	bool line_set;
	bool rotate_keep_set;
};

enum parse_result {
	PARSE_OK = 0,
	PARSE_EXIT = 1,		/* --help / --version printed: exit 0 */
	PARSE_ERROR = 2,	/* message printed: exit 2 */
};

/* Parses argv into o; prints help, version or a one-line error to out/err. */
enum parse_result options_parse(struct options *o, int argc, char **argv,
				FILE *out, FILE *err);

/*
 * The kernel buffer's size without --buffer-size, in KiB: a power of two
 * of at least 1024, 512 per CPU, and 16 of the largest records --args-size
 * allows; at most 16384 (but always two of the largest records).
 */
unsigned int options_buffer_kib_default(unsigned int ncpu, unsigned int args_size);

/* Whether the run keeps its table of processes (for the end of the run). */
static inline bool options_want_runlog(const struct options *o)
{
	return o->report || o->timeline || o->perfetto;
}
void options_free(struct options *o);

/* Whether cgroup paths are resolved: JSON, --context, the container options. */
static inline bool options_want_cgroups(const struct options *o)
{
	return o->json || o->show_context || o->show_container || o->container_prefix[0];
}

/* Whether the BPF side gathers context (cwd, exe, ids, cgroup). */
static inline bool options_want_context(const struct options *o)
{
	return options_want_cgroups(o) || o->show_cwd || o->show_exe || o->exclude_exe.n;
}

#endif /* EXECSNOOP_OPTIONS_H */
