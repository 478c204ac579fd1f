// SPDX-License-Identifier: GPL-2.0
/*
 * The text sink: bcc's execsnoop columns, then RET and ARGS. Each column is
 * one row of the table below: its title, its width, when it is shown, and
 * what it prints; the header and every line come from the same table.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "escape.h"
#include "filter.h"
#include "sink.h"

struct text_column {
	const char *title;
	size_t width;		/* with the space that ends it */
	bool (*shown)(const struct options *o);
	void (*put)(struct sink *s, const struct decoded *d, struct strbuf *out);
};

/* Ends a column that started at before: pad to width, always one space. */
static void end_field(struct strbuf *out, size_t before, size_t width)
{
	sb_add_pad(out, width - 1, out->len - before);
	sb_addc(out, ' ');
}

/* A name: escaped (comm, tty and the like are the traced program's to choose). */
static void put_name(struct strbuf *out, const char *s)
{
	escape_text(out, s, strlen(s), 0);
}

/* A context column of a record without context shows "-". */
static bool no_context(const struct decoded *d, struct strbuf *out)
{
	if (d->e->flags & EVF_CONTEXT)
		return false;
	sb_addc(out, '-');
	return true;
}

static void put_time(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	int64_t sec = (int64_t)((d->e->ts_ns + (uint64_t)s->realtime_offset_ns) / 1000000000ull);

	if (sec != s->cached_sec) {
		time_t t = (time_t)sec;
		struct tm tm;

		if (!localtime_r(&t, &tm) ||
		    !strftime(s->cached_hms, sizeof(s->cached_hms), "%H:%M:%S", &tm))
			memcpy(s->cached_hms, "??:??:??", 9);
		s->cached_sec = sec;
	}
	sb_add(out, s->cached_hms, 8);
}

static void put_timestamp(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	uint64_t ts = d->e->ts_ns, rel = ts > s->start_ns ? ts - s->start_ns : 0;

	sb_add_milli(out, (rel + 500000) / 1000000);
}

static void put_uid(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	(void)s;
	sb_add_u64(out, d->e->uid, 0);
}

static void put_comm(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	(void)s;
	put_name(out, d->comm);
}

static void put_pid(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	(void)s;
	sb_add_u64(out, d->e->pid, 0);
}

static void put_pcomm(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	(void)s;
	put_name(out, d->pcomm);
}

static void put_ppid(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	(void)s;
	sb_add_u64(out, d->e->ppid, 0);
}

static void put_cpu(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	(void)s;
	sb_add_u64(out, d->e->cpu, 0);
}

static void put_sid(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	(void)s;
	if (!no_context(d, out))
		sb_add_u64(out, d->e->sid, 0);
}

static void put_tty(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	(void)s;
	if (!no_context(d, out))
		put_name(out, d->tty[0] ? d->tty : "-");
}

static void put_auid(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	(void)s;
	if (no_context(d, out))
		return;
	if (d->e->auid == (uint32_t)-1)
		sb_addc(out, '-');
	else
		sb_add_u64(out, d->e->auid, 0);
}

static void put_euid(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	(void)s;
	if (!no_context(d, out))
		sb_add_u64(out, d->e->euid, 0);
}

static void put_mntns(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	(void)s;
	if (!no_context(d, out))
		sb_add_u64(out, d->e->mntns, 0);
}

static void put_cgroup(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	const char *cg;

	if (no_context(d, out))
		return;
	cg = s->cgroups ? cgpath_lookup(s->cgroups, d->e->cgroup_id) : NULL;
	if (cg)
		escape_text(out, cg, strlen(cg), ESC_SPACE);
	else
		sb_add_u64(out, d->e->cgroup_id, 0);
}

/* A path column: its components joined, escaped so that it is one word. */
static void put_path(struct sink *s, struct strbuf *out, const char *comps, size_t len,
		     bool truncated)
{
	sb_reset(&s->scratch);
	path_join(&s->scratch, comps, len, truncated);
	escape_text(out, s->scratch.buf, s->scratch.len, ESC_SPACE);
}

static void put_cwd(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	const struct event *e = d->e;

	if (e->type == EVENT_EXIT || !(e->flags & EVF_CONTEXT))
		sb_addc(out, '-');
	else
		put_path(s, out, d->cwd, d->cwd_len, e->flags & EVF_CWD_TRUNC);
}

static void put_exe(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	const struct event *e = d->e;

	if (e->type != EVENT_EXEC || !(e->flags & EVF_CONTEXT))
		sb_addc(out, '-');
	else
		put_path(s, out, d->exe, d->exe_len, e->flags & EVF_EXE_TRUNC);
}

static void put_key(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	const struct event *e = d->e;

	if (!ident_add_key(out, s->host, e->pid, e->start_time, e->exec_id))
		sb_addc(out, '-');
}

static void put_pkey(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	const struct event *e = d->e;

	if (!e->ppid || !ident_add_key(out, s->host, e->ppid, e->pstart_time, e->pexec_id))
		sb_addc(out, '-');
}

/* The first 12 digits of the container id, as docker ps shows it. */
static void put_container(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	const struct container_info *ct;

	ct = s->cgroups && (d->e->flags & EVF_CONTEXT) ?
	     cgpath_container(s->cgroups, d->e->cgroup_id) : NULL;
	if (ct && ct->id[0])
		sb_add(out, ct->id, 12);
	else
		sb_addc(out, '-');
}

static bool always(const struct options *o) { (void)o; return true; }
static bool if_time(const struct options *o) { return o->time; }
static bool if_timestamp(const struct options *o) { return o->timestamp; }
static bool if_uid(const struct options *o) { return o->print_uid; }
static bool if_pcomm(const struct options *o) { return o->print_pcomm; }
static bool if_cpu(const struct options *o) { return o->print_cpu; }
static bool if_context(const struct options *o) { return o->show_context; }
static bool if_cwd(const struct options *o) { return o->show_cwd; }
static bool if_exe(const struct options *o) { return o->show_exe; }
static bool if_keys(const struct options *o) { return o->show_keys; }
static bool if_container(const struct options *o) { return o->show_container; }

/* The columns before RET and ARGS, in the order they are printed. */
static const struct text_column columns[] = {
	{ "TIME",	9,	if_time,	put_time },
	{ "TIME(s)",	8,	if_timestamp,	put_timestamp },
	{ "UID",	7,	if_uid,		put_uid },
	{ "COMM",	17,	always,		put_comm },
	{ "PID",	8,	always,		put_pid },
	{ "PCOMM",	17,	if_pcomm,	put_pcomm },
	{ "PPID",	8,	always,		put_ppid },
	{ "CPU",	4,	if_cpu,		put_cpu },
	{ "SID",	8,	if_context,	put_sid },
	{ "TTY",	8,	if_context,	put_tty },
	{ "AUID",	7,	if_context,	put_auid },
	{ "EUID",	7,	if_context,	put_euid },
	{ "MNTNS",	11,	if_context,	put_mntns },
	{ "CGROUP",	21,	if_context,	put_cgroup },
	{ "CONTAINER",	13,	if_container,	put_container },
	{ "CWD",	21,	if_cwd,		put_cwd },
	{ "EXE",	21,	if_exe,		put_exe },
	/* 32 hex digits, a pid, ns since boot (14 digits: a day), an exec count */
	{ "KEY",	59,	if_keys,	put_key },
	{ "PKEY",	59,	if_keys,	put_pkey },
};

_Static_assert(sizeof(columns) / sizeof(columns[0]) <= TEXT_COLUMNS_MAX,
	       "TEXT_COLUMNS_MAX too small for the column table");

static void text_init(struct sink *s)
{
	size_t i;

	s->ncols = 0;
	for (i = 0; i < sizeof(columns) / sizeof(columns[0]); i++)
		if (columns[i].shown(s->opts))
			s->cols[s->ncols++] = &columns[i];
}

static void text_release(struct sink *s)
{
	free(s->depths);
	s->depths = NULL;
}

static void text_header(struct sink *s, struct strbuf *out)
{
	size_t i;

	for (i = 0; i < s->ncols; i++)
		sb_add_left(out, s->cols[i]->title, s->cols[i]->width);
	sb_adds(out, "RET ARGS\n");
}

/* Depth for --tree: the kernel's below -p/COMMAND, else the exec ancestry. */
static unsigned int event_depth(struct sink *s, const struct decoded *d)
{
	const struct event *e = d->e;
	struct depth_slot *slot;
	unsigned int depth = 0;

	if (e->flags & EVF_IN_TREE)
		return e->depth;
	if (!s->depths) {
		s->depths = calloc(DEPTH_SLOTS, sizeof(*s->depths));
		if (!s->depths)
			return 0;
	}
	/* direct-mapped by pid: a collision only costs an indentation level */
	slot = &s->depths[e->ppid % DEPTH_SLOTS];
	if (slot->pid == e->ppid && slot->depth1)
		depth = slot->depth1;
	slot = &s->depths[e->pid % DEPTH_SLOTS];
	if (e->type == EVENT_EXEC) {
		slot->pid = e->pid;
		slot->depth1 = depth + 1;
	} else if (e->type == EVENT_EXIT && slot->pid == e->pid) {
		depth = slot->depth1 ? slot->depth1 - 1 : 0;
		slot->pid = 0;
		slot->depth1 = 0;
	}
	return depth;
}

static void add_arg(const struct options *o, struct strbuf *out, const char *s, size_t n)
{
	if (o->quote) {
		sb_addc(out, '"');
		escape_text(out, s, n, ESC_QUOTE);
		sb_addc(out, '"');
	} else {
		escape_text(out, s, n, 0);
	}
}

/*
 * What was not copied, said after the arguments (and after " ..." when
 * --max-args hid some): nothing is cut silently.
 */
static void add_marks(const struct decoded *d, struct strbuf *out)
{
	const struct event *e = d->e;

	if (e->flags & EVF_FNAME_TRUNC) {
		sb_adds(out, " [filename truncated: ");
		sb_add_u64(out, d->fname_len, 0);
		sb_adds(out, " bytes shown]");
	}
	if (e->flags & EVF_ARGS_TRUNC) {
		sb_adds(out, " [truncated: ");
		sb_add_u64(out, e->args_len, 0);
		if (e->type == EVENT_EXEC) {
			sb_adds(out, " of ");
			sb_add_u64(out, e->args_total, 0);
			sb_adds(out, " bytes, ");
			sb_add_u64(out, e->argc, 0);
			sb_adds(out, " args]");
		} else {
			sb_adds(out, " bytes shown]");
		}
	} else if (e->flags & EVF_ARGC_TRUNC) {
		/* all argc entries read, and there were more */
		sb_adds(out, " [truncated: more than ");
		sb_add_u64(out, e->argc, 0);
		sb_adds(out, " args]");
	}
	if (e->flags & EVF_ARGS_FAULT)
		sb_adds(out, " [args unreadable]");
}

/* ARGS as bcc shows it: the filename, then argv[1] onwards. */
static void add_args(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	const struct options *o = s->opts;
	const struct event *e = d->e;
	struct arg_iter it = args_of(d);
	unsigned int shown = 1;
	bool cut = false;
	const char *a;
	size_t n;

	if (e->flags & EVF_FNAME_FAULT)
		sb_adds(out, "[filename unreadable]");
	else
		add_arg(o, out, d->fname, d->fname_len);
	next_arg(&it, &a, &n);	/* argv[0]: bcc shows the filename instead */
	while (next_arg(&it, &a, &n)) {
		if (shown >= o->max_args) {
			cut = true;
			break;
		}
		sb_addc(out, ' ');
		add_arg(o, out, a, n);
		shown++;
	}
	/* argc counts what the program got, even past the bytes copied */
	if (shown >= o->max_args && e->argc > shown)
		cut = true;
	if (cut)
		sb_adds(out, " ...");
	add_marks(d, out);
}

static void add_duration_ms(struct strbuf *out, uint64_t ns)
{
	sb_add_milli(out, (ns + 500) / 1000);
	sb_adds(out, " ms");
}

/* ", user 300.120 ms, sys 1.004 ms, max RSS 68352 KiB, switches 3 vol 12 invol" */
static void add_rusage(const struct sink *s, const struct event *e, struct strbuf *out)
{
	struct rusage_view r = exit_rusage(e, s->page_size);

	sb_adds(out, ", user ");
	add_duration_ms(out, r.user_ns);
	sb_adds(out, ", sys ");
	add_duration_ms(out, r.sys_ns);
	sb_adds(out, ", max RSS ");
	sb_add_u64(out, r.max_rss_kib, 0);
	sb_adds(out, " KiB, switches ");
	sb_add_u64(out, e->nvcsw, 0);
	sb_adds(out, " vol ");
	sb_add_u64(out, e->nivcsw, 0);
	sb_adds(out, " invol");
}

/* "code 0, ran 12.345 ms" / "killed by SIGKILL (core dumped), ran ..." */
static void add_exit(const struct sink *s, const struct event *e, struct strbuf *out)
{
	struct exit_info x = exit_info(e->exit_status);

	if (!x.sig) {
		sb_adds(out, "code ");
		sb_add_u64(out, (uint64_t)x.code, 0);
	} else {
		sb_adds(out, "killed by ");
		if (!sb_add_signame(out, x.sig)) {
			sb_adds(out, "signal ");
			sb_add_u64(out, (uint64_t)x.sig, 0);
		}
		if (x.core)
			sb_adds(out, " (core dumped)");
	}
	sb_adds(out, ", ran ");
	add_duration_ms(out, exit_lifetime_ns(e));
	if (e->flags & EVF_START_UNKNOWN)
		sb_adds(out, " since fork (exec not seen)");
	if (s->opts->rusage)
		add_rusage(s, e, out);
}

static void text_event(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	const struct event *e = d->e;
	size_t i, before;

	for (i = 0; i < s->ncols; i++) {
		before = out->len;
		s->cols[i]->put(s, d, out);
		end_field(out, before, s->cols[i]->width);
	}
	if (e->type == EVENT_EXIT)
		sb_adds(out, "EXIT");
	else
		sb_add_i64(out, e->retval, 3);
	sb_addc(out, ' ');
	if (s->opts->tree)
		sb_add_pad(out, 2 * event_depth(s, d), 0);
	if (e->type == EVENT_EXIT)
		add_exit(s, e, out);
	else
		add_args(s, d, out);
	sb_addc(out, '\n');
}

void summary_text(const struct summary *sum, struct strbuf *out)
{
	sb_adds(out, "execsnoop: ");
	sb_add_u64(out, sum->received, 0);
	sb_adds(out, " events, ");
	sb_add_u64(out, sum->printed, 0);
	sb_adds(out, " printed, ");
	sb_add_u64(out, sum->lost, 0);
	sb_adds(out, " lost, ");
	sb_add_u64(out, sum->filtered_kernel + sum->filtered_user, 0);
	sb_adds(out, " filtered (");
	sb_add_u64(out, sum->filtered_kernel, 0);
	sb_adds(out, sum->replay ? " when recorded, " : " in kernel, ");
	sb_add_u64(out, sum->filtered_user, 0);
	sb_adds(out, sum->replay ? " on replay)" : " in user space)");
	if (sum->rate_limited) {
		sb_adds(out, ", ");
		sb_add_u64(out, sum->rate_limited, 0);
		sb_adds(out, " over --rate-limit");
	}
	if (sum->malformed)
		sb_adds(out, ", malformed records dropped");
	if (sum->tree_full)
		sb_adds(out, ", process tree map full: some descendants not followed");
	if (sum->exit_untracked) {
		sb_adds(out, ", ");
		sb_add_u64(out, sum->exit_untracked, 0);
		sb_adds(out, " execs not followed to their end (too many live processes)");
	}
	if (sum->unwritten) {
		sb_adds(out, ", ");
		sb_add_u64(out, sum->unwritten, 0);
		sb_adds(out, " not written (write error)");
	}
	sb_addc(out, '\n');
}

/* The text summary goes to standard error, away from the events. */
static void text_summary(struct sink *s, const struct summary *sum, struct strbuf *out,
			 struct strbuf *diag)
{
	(void)s;
	(void)out;
	summary_text(sum, diag);
}

/* The report goes to the output, after the events (the summary is on stderr). */
static void text_report(struct sink *s, const struct report *r, struct strbuf *out)
{
	(void)s;
	report_text(r, out);
}

const struct sink_ops text_sink = {
	.init = text_init,
	.release = text_release,
	.header = text_header,
	.event = text_event,
	.summary = text_summary,
	.report = text_report,
};
