// SPDX-License-Identifier: GPL-2.0
/*
 * execsnoop: trace every exec on the system.
 *
 * Data flows one way, one stage per file:
 *   tracepoints (execsnoop.bpf.c) -> record (event.h) -> transport
 *   (transport.c) -> decode (decode.c) -> filter (filter.c) -> sink
 *   (sink_text.c, sink_json.c) -> output (output.c).
 * main() is the list of steps: options, output, BPF object (tracer.c),
 * transport, attach, loop, report. --from replaces the first stages by a
 * saved trace (replay.c): its records join the same path at decode.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "cgpath.h"
#include "decode.h"
#include "err.h"
#include "escape.h"
#include "kfeatures.h"
#include "filter.h"
#include "ident.h"
#include "journal.h"
#include "options.h"
#include "output.h"
#include "perfetto.h"
#include "privs.h"
#include "probe.h"
#include "proc.h"
#include "report.h"
#include "runlog.h"
#include "replay.h"
#include "sink.h"
#include "timeline.h"
#include "tracefs.h"
#include "tracer.h"
#include "transport.h"

#define POLL_MS		50	/* the longest an event waits in the kernel buffer */

static volatile sig_atomic_t exiting;
static volatile sig_atomic_t child_done;
static volatile sig_atomic_t reopen;

/* SIGHUP with -o FILE: reopen FILE (logrotate moved it) */
static void on_sighup(int sig)
{
	(void)sig;
	reopen = 1;
}

static void on_signal(int sig)
{
	(void)sig;
	exiting++;
}

static void on_sigchld(int sig)
{
	(void)sig;
	child_done = 1;
}

static bool verbose;

/*
 * Makes sure fds 0 to 2 are open (to /dev/null) before anything else opens
 * a file, which would otherwise become "standard output". Returns false
 * if standard output was closed.
 */
static bool stdio_open(void)
{
	bool stdout_open = true;
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		if (fd == STDOUT_FILENO)
			stdout_open = false;
		if (open("/dev/null", O_RDWR) != fd)
			abort();	/* the lowest free fd is this one */
	}
	return stdout_open;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG || !verbose)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

struct run {
	struct options opts;
	struct features feat;
	struct exec_exit_ids tp;	/* -x: the syscall tracepoints */
	bool have_tp;
	struct tracer tracer;
	struct transport *transport;
	struct filter filter;
	struct sink sink;
	struct sink jsink;	/* --journal without -j: the JSON for the fields */
	struct journal journal;	/* --journal */
	struct cgpath_cache cgroups;
	struct host_ident host;
	struct output out;
	struct run_table runlog;	/* kept when options_want_runlog() */
	int timeline_fd;	/* --timeline FILE, opened before tracing */
	int perfetto_fd;	/* --perfetto FILE */
	uint64_t start_ns;
	uint64_t received;
	uint64_t malformed;
	uint64_t lost_reported;
	pid_t child;		/* COMMAND while it runs, or 0 */
	int go_fd;		/* starts COMMAND */
	bool child_ended;
	int child_status;
	/* --from */
	struct replay replay;
	struct summary recorded;	/* the counts of the file's summary lines */
	uint64_t summaries;
	int in_fd;
};

/* Whether cgroup ids are turned into paths (options_want_cgroups(), --journal). */
static bool cgroup_paths(const struct options *o)
{
	return options_want_cgroups(o) || o->journal;
}

/* --journal: the sink whose JSON gives the fields. */
static struct sink *fields_sink(struct run *r)
{
	return r->opts.json ? &r->sink : &r->jsink;
}

/* A sent entry counts as a written line; a failed one ends the output. */
static void journal_sent(struct run *r, int err)
{
	if (!err) {
		r->out.written++;
		return;
	}
	p_err("cannot send to journald (%s): %s", JOURNAL_SOCKET, strerror(errno));
	r->out.error = true;
	r->out.unwritten++;
}

/*
 * --journal: one entry per event, MESSAGE the line, the JSON's fields;
 * the priority by type: exec info, failed exec notice, exit debug.
 */
static void journal_event(struct run *r, const struct decoded *d)
{
	struct journal *j = &r->journal;
	struct strbuf *json = r->opts.json ? &j->msg : &j->json;
	bool exited = d->e->type == EVENT_EXIT;
	int prio = exited ? JOURNAL_DEBUG : d->e->retval ? JOURNAL_NOTICE : JOURNAL_INFO;

	sb_reset(&j->msg);
	sink_event(&r->sink, d, &j->msg);
	if (!r->opts.json) {
		sb_reset(&j->json);
		sink_event(&r->jsink, d, &j->json);
	}
	journal_sent(r, journal_send(j, prio, exited ? JOURNAL_ID_EXIT : JOURNAL_ID_EXEC,
				     j->msg.buf, j->msg.len, json->buf, json->len));
}

/* The data path for one record: decode, filter, format, buffer. */
static void on_record(void *ctx, const void *data, size_t size)
{
	struct run *r = ctx;
	struct decoded d;

	if (event_decode(&d, data, size)) {
		r->received++;
		r->malformed++;
		return;
	}
	/*
	 * An end traced for the run table only (--report, --timeline or
	 * --perfetto without -e or --exit-all): into the table if the filters
	 * let it through, and not an event of the summary's counts.
	 */
	if (d.e->type == EVENT_EXIT && (r->opts.quiet_exits ||
	    (r->opts.quiet_exit_all && (d.e->flags & EVF_START_UNKNOWN)))) {
		if (filter_wanted(&r->filter, &d))
			runlog_add(&r->runlog, &d);
		return;
	}
	r->received++;
	if (!filter_pass(&r->filter, &d))
		return;
	if (options_want_runlog(&r->opts))
		runlog_add(&r->runlog, &d);
	if (output_broken(&r->out)) {
		output_event_lost(&r->out);
		return;
	}
	if (r->opts.journal) {
		journal_event(r, &d);
		return;
	}
	sink_event(&r->sink, &d, &r->out.buf);
	output_event(&r->out);
}

/* --btf FILE: a file libbpf can read as BTF (raw, or an ELF file's .BTF). */
static int check_btf_file(const char *path)
{
	struct btf *btf;

	if (access(path, R_OK)) {
		p_usage(stderr, "invalid --btf '%s': %s", shown_arg(path), strerror(errno));
		return -1;
	}
	btf = btf__parse(path, NULL);
	if (!btf) {
		char why[128];

		libbpf_strerror(errno, why, sizeof(why));
		p_usage(stderr, "invalid --btf '%s': not a BTF file (%s)", shown_arg(path), why);
		return -1;
	}
	btf__free(btf);
	return 0;
}

static int check_environment(const struct options *o)
{
	if (!o->btf && access(VMLINUX_BTF_PATH, R_OK)) {
		p_err("this kernel has no BTF (%s: %s): give its BTF with --btf FILE (BTFHub "
		      "has files for older distribution kernels)", VMLINUX_BTF_PATH,
		      strerror(errno));
		return -1;
	}
	if (geteuid() != 0 && !privs_have(CAP_SYS_ADMIN) &&
	    !(privs_have(CAP_BPF) && privs_have(CAP_PERFMON))) {
		p_err("permission denied: run as root, or with CAP_BPF and CAP_PERFMON "
		      "(sudo execsnoop)");
		return -1;
	}
	return 0;
}

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t lost_total(struct run *r)
{
	return tracer_counter(&r->tracer, CNT_LOST) + transport_lost(r->transport);
}

/* Called from the poll loop at most once a second. */
static void report_lost(struct run *r)
{
	uint64_t lost = lost_total(r);

	if (lost == r->lost_reported)
		return;
	output_flush(&r->out);
	p_err("%llu events lost (kernel buffer full), %llu in total",
	      (unsigned long long)(lost - r->lost_reported), (unsigned long long)lost);
	r->lost_reported = lost;
}

static int open_picture(const char *path, const char *opt, int *fd)
{
	*fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (*fd < 0) {
		p_usage(stderr, "invalid %s '%s': %s", opt, shown_arg(path), strerror(errno));
		return -1;
	}
	return 0;
}

/* The pictures' files: a bad path fails now, not after the run. */
static int open_pictures(struct run *r)
{
	if (r->opts.timeline && open_picture(r->opts.timeline, "--timeline", &r->timeline_fd))
		return -1;
	if (r->opts.perfetto && open_picture(r->opts.perfetto, "--perfetto", &r->perfetto_fd))
		return -1;
	return 0;
}

/* Step: where the events go (standard output, or -o FILE). */
static int open_output(struct run *r)
{
	const char *why;

	if (!r->opts.output) {
		output_init(&r->out, STDOUT_FILENO);
		return open_pictures(r);
	}
	why = output_open_file(&r->out, r->opts.output, r->opts.rotate_size,
			       r->opts.rotate_keep);
	if (why) {
		p_usage(stderr, "invalid --output '%s': %s", shown_arg(r->opts.output), why);
		return -1;
	}
	return open_pictures(r);
}

/* Writes all of sb to fd; false (reported) on an error. */
static bool write_picture(int fd, const struct strbuf *sb, const char *opt, const char *path)
{
	size_t off = 0;
	ssize_t n;

	while (off < sb->len) {
		n = write(fd, sb->buf + off, sb->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			p_err("cannot write %s '%s': %s", opt, shown_arg(path),
			      n < 0 ? strerror(errno) : "nothing written");
			return false;
		}
		off += (size_t)n;
	}
	return true;
}

/* -v: what a picture cost to make and write */
static void picture_cost(const char *opt, const struct strbuf *sb, const struct run *r,
			 uint64_t wall0, uint64_t cpu0)
{
	if (!verbose)
		return;
	p_err("%s: %zu bytes for %u processes and %u failed execs, in %.1f ms (CPU %.1f ms)",
	      opt, sb->len, r->runlog.nprocs, r->runlog.nfails,
	      (double)(clock_ns(CLOCK_MONOTONIC) - wall0) / 1e6,
	      (double)(clock_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu0) / 1e6);
}

/* Step, after the report: the pictures of the run. false if one could not be written. */
static bool draw_pictures(struct run *r)
{
	struct strbuf sb = STRBUF_INIT;
	uint64_t wall0, cpu0;
	bool ok = true;

	if (r->timeline_fd >= 0) {
		wall0 = clock_ns(CLOCK_MONOTONIC);
		cpu0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
		tl_svg(&sb, &r->runlog);
		ok = write_picture(r->timeline_fd, &sb, "--timeline", r->opts.timeline);
		picture_cost("--timeline", &sb, r, wall0, cpu0);
	}
	if (r->perfetto_fd >= 0) {
		sb_reset(&sb);
		wall0 = clock_ns(CLOCK_MONOTONIC);
		cpu0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
		perfetto_json(&sb, &r->runlog);
		ok = write_picture(r->perfetto_fd, &sb, "--perfetto", r->opts.perfetto) && ok;
		picture_cost("--perfetto", &sb, r, wall0, cpu0);
	}
	sb_release(&sb);
	return ok;
}

/* Step, --journal: a socket to journald, which must be there. */
static int open_journal(struct run *r)
{
	output_init(&r->out, -1);	/* for the counts */
	if (journal_open(&r->journal, JOURNAL_SOCKET) || journal_check(&r->journal)) {
		p_err("cannot send to journald (%s): %s", JOURNAL_SOCKET, strerror(errno));
		return -1;
	}
	return 0;
}

static void catch_signals(bool to_file)
{
	struct sigaction sa = {};

	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* a hang-up is an ordinary end too; with -o FILE it reopens FILE */
	sa.sa_handler = to_file ? on_sighup : on_signal;
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_sigchld;
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static void tree_add(void *ctx, pid_t pid, uint32_t depth)
{
	tracer_tree_add(ctx, pid, depth);
}

/*
 * Step: the roots of the traced tree (-p PID, or COMMAND, forked now and
 * held until the tracer is attached).
 */
static int start_tree(struct run *r)
{
	if (r->opts.command) {
		r->child = spawn_command(r->opts.command, &r->go_fd);
		if (r->child < 0) {
			r->child = 0;
			p_err("cannot fork: %s", strerror(errno));
			return -1;
		}
	}
	if ((r->child && tracer_tree_add(&r->tracer, r->child, 0)) ||
	    (r->opts.pid_set && tracer_tree_add(&r->tracer, r->opts.pid, 0))) {
		p_err("cannot set up the process tree: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Step: the clocks, the sink, the header; then COMMAND may run (not if the
 * output already failed: it would run untraced).
 */
static int start_output(struct run *r)
{
	bool cg = cgroup_paths(&r->opts);
	int64_t offset;

	r->start_ns = clock_ns(CLOCK_MONOTONIC);
	offset = (int64_t)(clock_ns(CLOCK_REALTIME) - r->start_ns);
	sink_init(&r->sink, &r->opts, r->start_ns, offset, cg ? &r->cgroups : NULL);
	sink_set_host(&r->sink, &r->host);
	runlog_init(&r->runlog, r->sink.realtime_offset_ns, r->sink.page_size);
	if (r->opts.journal && !r->opts.json) {
		sink_init_ops(&r->jsink, &json_sink, &r->opts, r->start_ns, offset, &r->cgroups);
		sink_set_host(&r->jsink, &r->host);
	}
	if (!r->opts.journal)
		sink_header(&r->sink, &r->out.buf);
	output_flush(&r->out);
	if (r->out.error)
		return -1;
	if (r->go_fd >= 0) {
		if (write(r->go_fd, "g", 1) != 1)
			p_err("cannot start COMMAND: %s", strerror(errno));
		close(r->go_fd);
		r->go_fd = -1;
	}
	return 0;
}

/* A second signal: COMMAND, if it ignored the first, ends now. */
static void kill_command(struct run *r)
{
	kill(r->child, SIGKILL);
	while (waitpid(r->child, NULL, 0) < 0 && errno == EINTR)
		;
	r->child = 0;
}

/* Step: poll until a signal, the end of COMMAND or of -p's tree, or the output fails. */
static int trace_loop(struct run *r)
{
	bool forwarded = false, tree_gone = false;
	time_t now, last_report = 0;
	int err;

	for (;;) {
		/*
		 * A signal, a reader gone, a write error: with COMMAND, pass a
		 * SIGTERM on and keep going until it ends (never leave it
		 * running untraced); a second signal kills it.
		 */
		if (exiting || output_broken(&r->out) || tree_gone) {
			if (!r->child)
				break;
			if (exiting > 1) {
				kill_command(r);
				break;
			}
			if (!forwarded)
				kill(r->child, SIGTERM);
			forwarded = true;
		}
		if (reopen) {
			reopen = 0;
			output_reopen(&r->out);
		}
		err = transport_poll(r->transport, POLL_MS);
		if (err < 0 && err != -EINTR) {
			p_err("polling the event buffer: %s", strerror(-err));
			return -1;
		}
		output_flush(&r->out);
		if (child_done && r->child) {
			child_done = 0;
			if (waitpid(r->child, &r->child_status, WNOHANG) == r->child) {
				/* its exit event is in the buffer: drain, then stop */
				transport_poll(r->transport, 0);
				r->child = 0;
				r->child_ended = true;
				break;
			}
		}
		now = time(NULL);
		if (now != last_report) {
			last_report = now;
			report_lost(r);
			/* -p: nothing left to trace once the whole tree has ended */
			if (r->opts.pid_set && !r->opts.keep_tracing && tracer_tree_empty(&r->tracer))
				tree_gone = true;
		}
	}
	return 0;
}

/*
 * --journal: the counts as one more entry (a warning if events were lost),
 * MESSAGE the text summary (the JSON one with -j); on standard error if it
 * cannot be sent.
 */
static void journal_summary(struct run *r, const struct summary *s, struct strbuf *diag)
{
	struct journal *j = &r->journal;
	struct strbuf unused = STRBUF_INIT;
	int prio = s->lost || s->unwritten ? JOURNAL_WARNING : JOURNAL_INFO;

	sb_reset(&j->json);
	sb_reset(&j->msg);
	sink_summary(fields_sink(r), s, &j->json, &unused);
	sb_release(&unused);
	summary_text(s, &j->msg);
	if (r->out.error ||
	    journal_send(j, prio, JOURNAL_ID_SUMMARY,
			 r->opts.json ? j->json.buf : j->msg.buf,
			 r->opts.json ? j->json.len : j->msg.len, j->json.buf, j->json.len))
		sb_add(diag, j->msg.buf, j->msg.len);
}

/* --report: after the summary, on the output (where the events went). */
static void end_report(struct run *r, const struct summary *s)
{
	struct report_input in = {
		.start_ns = r->sink.start_ns,
		.duration_s = s->duration_s,
		.lost = s->lost,
		.exits_traced = r->opts.exits,
		/* a replay of a trace taken with -x shows them without -x */
		.fails_traced = r->opts.fails || r->runlog.nfails,
	};
	struct report rep;

	report_build(&rep, &r->runlog, &in);
	sink_report(&r->sink, &rep, &r->out.buf);
	report_release(&rep);
	output_flush(&r->out);
}

/* The counts, after the events: to the output (JSON) or standard error (text). */
static void write_summary(struct run *r, const struct summary *s)
{
	struct strbuf diag = STRBUF_INIT;

	if (r->opts.journal) {
		journal_summary(r, s, &diag);
	} else {
		sink_summary(&r->sink, s, &r->out.buf, &diag);
		output_flush(&r->out);
	}
	/* an output that failed cannot carry the summary: stderr does */
	if (r->out.error && !diag.len)
		summary_text(s, &diag);
	if (diag.len)
		fwrite(diag.buf, 1, diag.len, stderr);
	sb_release(&diag);
	if (r->opts.report && !r->out.error)
		end_report(r, s);
}

/* Step: what is still in the kernel buffer, then the counts. */
static void report(struct run *r)
{
	uint64_t c[NR_COUNTERS];
	unsigned int i;
	struct summary s;

	transport_drain(r->transport);
	output_flush(&r->out);
	report_lost(r);
	runlog_finish(&r->runlog, clock_ns(CLOCK_MONOTONIC));
	if (r->out.closed)
		return;		/* the reader is gone: leave quietly */
	for (i = 0; i < NR_COUNTERS; i++)
		c[i] = tracer_counter(&r->tracer, i);
	s = (struct summary){
		.received = r->received,
		.printed = r->out.written,
		.lost = c[CNT_LOST] + transport_lost(r->transport),
		.filtered_kernel = c[CNT_FILTERED],
		.filtered_user = r->filter.dropped,
		.rate_limited = r->filter.rate_limited,
		.malformed = r->malformed + transport_malformed(r->transport),
		.tree_full = c[CNT_TREE_FULL],
		.exit_untracked = c[CNT_EXIT_UNTRACKED],
		.unwritten = r->out.unwritten,
		.duration_s = (double)(clock_ns(CLOCK_MONOTONIC) - r->start_ns) / 1e9,
	};
	write_summary(r, &s);
}

/* --from: the file, checked not to be the -o file (which is emptied first). */
static int open_input(struct run *r)
{
	const char *path = r->opts.from;
	struct stat in, out;

	r->in_fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
	if (r->in_fd < 0 || fstat(r->in_fd, &in)) {
		p_usage(stderr, "invalid --from '%s': %s", shown_arg(path), strerror(errno));
		return -1;
	}
	if (S_ISDIR(in.st_mode)) {
		p_usage(stderr, "invalid --from '%s': %s", shown_arg(path), strerror(EISDIR));
		return -1;
	}
	if (r->opts.output && !stat(r->opts.output, &out) && S_ISREG(in.st_mode) &&
	    out.st_dev == in.st_dev && out.st_ino == in.st_ino) {
		p_usage(stderr, "invalid --output '%s': it is the --from file",
			shown_arg(r->opts.output));
		return -1;
	}
	replay_set_fd(&r->replay, r->in_fd);
	return 0;
}

static void add_recorded(struct summary *to, const struct summary *s)
{
	to->received += s->received;
	to->printed += s->printed;
	to->lost += s->lost;
	to->filtered_kernel += s->filtered_kernel;
	to->filtered_user += s->filtered_user;
	to->rate_limited += s->rate_limited;
	to->malformed += s->malformed;
	to->tree_full += s->tree_full;
	to->exit_untracked += s->exit_untracked;
	to->unwritten += s->unwritten;
	to->duration_s += s->duration_s;
}

/*
 * Before the replay waits for more of its file: what is shown so far goes
 * out; a signal or a reader gone ends the wait.
 */
static bool flush_before_read(void *ctx)
{
	struct run *r = ctx;

	output_flush(&r->out);
	return !exiting && !output_broken(&r->out);
}

static bool same_host(const struct host_ident *a, const struct host_ident *b)
{
	return !strcmp(a->boot_id, b->boot_id) && !strcmp(a->machine_id, b->machine_id) &&
	       !strcmp(a->hostname, b->hostname);
}

/*
 * Step (--from): each line of the file through on_record(), as the kernel's
 * records go; the sink's clocks are the recording's (TIME(s) counts from
 * its first event), its host the line's (for the host fields and the
 * keys). Stops at the first bad line.
 */
static int replay_loop(struct run *r)
{
	const char *name = strcmp(r->opts.from, "-") ? r->opts.from : "standard input";
	struct replay_item it;
	const struct event *e;
	bool first = true;
	int k = 0;

	/* RSS comes in KiB: the record's pages are 1 KiB (replay.c) */
	r->sink.page_size = REPLAY_PAGE_SIZE;
	r->runlog.page_size = REPLAY_PAGE_SIZE;
	r->replay.before_read = flush_before_read;
	r->replay.ctx = r;
	while (!exiting && !output_broken(&r->out) && (k = replay_next(&r->replay, &it)) > 0) {
		if (it.kind == REPLAY_SUMMARY) {
			add_recorded(&r->recorded, &it.sum);
			r->summaries++;
			continue;
		}
		e = it.rec;
		if (first)
			r->sink.start_ns = e->ts_ns;
		first = false;
		if (it.has_time) {
			r->sink.realtime_offset_ns = it.realtime_offset_ns;
			r->runlog.realtime_offset_ns = it.realtime_offset_ns;
		}
		if (it.has_cgroup)
			cgpath_set(&r->cgroups, e->cgroup_id, it.cgroup);
		if (it.host && !same_host(&r->host, it.host)) {
			r->host = *it.host;
			sink_set_host(&r->sink, &r->host);
		}
		on_record(r, it.rec, it.size);
	}
	output_flush(&r->out);
	if (k < 0 && !exiting && !output_broken(&r->out)) {
		p_err("%s:%llu: %s", shown_arg(name), (unsigned long long)r->replay.line,
		      r->replay.err);
		return -1;
	}
	if (!r->summaries && !exiting && !output_broken(&r->out))
		p_err("warning: %s has no summary line (the recording did not end normally): "
		      "events it lost are not counted", shown_arg(name));
	return 0;
}

static void replay_report(struct run *r)
{
	const struct summary *rec = &r->recorded;
	struct summary s;

	runlog_finish(&r->runlog, r->runlog.last_ns);
	if (r->out.closed)
		return;
	s = (struct summary){
		.received = r->received,
		.printed = r->out.written,
		.lost = rec->lost,
		/* what the recording did not print: its filters and its --rate-limit */
		.filtered_kernel = rec->filtered_kernel + rec->filtered_user + rec->rate_limited,
		.filtered_user = r->filter.dropped,
		.rate_limited = r->filter.rate_limited,
		.malformed = rec->malformed + r->malformed,
		.tree_full = rec->tree_full,
		.exit_untracked = rec->exit_untracked,
		.unwritten = r->out.unwritten,
		.duration_s = rec->duration_s,
		.replay = true,
	};
	write_summary(r, &s);
}

/* --from FILE: no BPF, no privileges; the steps that remain. */
static int replay_main(struct run *r)
{
	int ret = 2;

	replay_init(&r->replay);
	if (open_input(r) || open_output(r))
		return ret;
	ret = 1;
	filter_init(&r->filter, &r->opts);
	r->filter.cgroups = &r->cgroups;	/* --container-id: the saved paths */
	catch_signals(r->opts.output != NULL);
	if (start_output(r) || replay_loop(r))
		return ret;
	replay_report(r);
	if (!draw_pictures(r))
		return 1;
	return r->out.error ? 1 : 0;
}

/*
 * The exit status: 1 if the output failed (a trace that failed never looks
 * like success), else COMMAND's when it ran to its end, else 0.
 */
static int exit_status(struct run *r)
{
	if (r->out.error)
		return 1;
	if (!r->child_ended)
		return 0;
	if (WIFEXITED(r->child_status))
		return WEXITSTATUS(r->child_status);
	return 128 + WTERMSIG(r->child_status);
}

int main(int argc, char **argv)
{
	static struct run r = {
		.go_fd = -1, .out.fd = -1, .timeline_fd = -1, .perfetto_fd = -1, .in_fd = -1,
		.tracer.cg_fd = -1, .cgroups.mount_fd = -1, .journal.fd = -1,
	};
	bool stdout_open = stdio_open();
	int ret = 1;

	switch (options_parse(&r.opts, argc, argv, stdout, stderr)) {
	case PARSE_OK:
		break;
	case PARSE_EXIT:
		return fflush(stdout) || !stdout_open ? 1 : 0;
	default:
		options_free(&r.opts);
		return 2;
	}
	if (!stdout_open && !r.opts.output && !r.opts.journal) {
		p_err("standard output is closed: nothing could be written (use -o FILE)");
		goto cleanup;
	}
	verbose = r.opts.verbose;
	if (r.opts.from) {
		ret = replay_main(&r);
		goto cleanup;
	}
	libbpf_set_print(libbpf_print);
	if (r.opts.btf && check_btf_file(r.opts.btf)) {
		ret = 2;
		goto cleanup;
	}
	if (r.opts.probe) {
		ret = probe_report(&r.opts, stdout);
		goto cleanup;
	}
	if (check_environment(&r.opts))
		goto cleanup;
	if (r.opts.pid_set && kill(r.opts.pid, 0) && errno == ESRCH) {
		p_usage(stderr, "invalid --pid '%d': no such process", (int)r.opts.pid);
		ret = 2;
		goto cleanup;
	}
	if (r.opts.journal ? open_journal(&r) : open_output(&r)) {
		ret = r.opts.journal ? 1 : 2;
		goto cleanup;
	}
	if (features_probe(&r.feat)) {
		ret = 2;
		goto cleanup;
	}
	if (r.opts.fails && tracer_wants_syscall_tp(&r.feat))
		r.have_tp = tracefs_exec_exit_ids(&r.tp);
	catch_signals(r.opts.output);
	ret = tracer_open(&r.tracer, &r.opts, &r.feat, r.have_tp ? &r.tp : NULL);
	if (ret)
		goto cleanup;
	ret = 1;
	if (tracer_load(&r.tracer, false))
		goto cleanup;
	r.transport = transport_open(tracer_events(&r.tracer), r.tracer.transport,
				     r.opts.buffer_kib, r.tracer.args_size, on_record, &r);
	if (!r.transport) {
		p_err("cannot create event buffer: %s", strerror(errno));
		goto cleanup;
	}
	filter_init(&r.filter, &r.opts);
	if (cgroup_paths(&r.opts)) {
		cgpath_init(&r.cgroups);
		r.filter.cgroups = &r.cgroups;
	}
	ident_read(&r.host, BOOT_ID_PATH, MACHINE_ID_PATH);
	if ((r.opts.json || r.opts.journal || r.opts.show_keys) && !r.host.boot_id[0])
		p_err("warning: cannot read the boot id (%s): process keys are null",
		      BOOT_ID_PATH);
	if (start_tree(&r) || tracer_attach(&r.tracer))
		goto cleanup;
	if (r.opts.pid_set)
		proc_descendants(r.opts.pid, tree_add, &r.tracer);
	/* what loading needed (vmlinux BTF, relocations) is freed: give it back */
	malloc_trim(0);
	if (privs_drop(cgroup_paths(&r.opts)))
		p_err("warning: cannot drop capabilities: %s", strerror(errno));

	if (start_output(&r))
		goto cleanup;
	if (trace_loop(&r))
		goto cleanup;
	report(&r);
	ret = exit_status(&r);
	if (!draw_pictures(&r))
		ret = 1;
cleanup:
	if (r.go_fd >= 0)
		close(r.go_fd);	/* the child reads EOF and exits without running */
	transport_free(r.transport);
	tracer_close(&r.tracer);
	cgpath_free(&r.cgroups);
	sink_release(&r.sink);
	sink_release(&r.jsink);
	journal_close(&r.journal);
	runlog_release(&r.runlog);
	filter_release(&r.filter);
	output_release(&r.out);
	replay_release(&r.replay);
	if (r.in_fd > STDERR_FILENO)
		close(r.in_fd);
	if (r.timeline_fd >= 0)
		close(r.timeline_fd);
	if (r.perfetto_fd >= 0)
		close(r.perfetto_fd);
	options_free(&r.opts);
	return ret;
}
