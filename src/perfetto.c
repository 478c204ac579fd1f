// SPDX-License-Identifier: GPL-2.0
/* --perfetto FILE: the run table as Chrome trace JSON. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "decode.h"
#include "escape.h"
#include "perfetto.h"
#include "timeline.h"
#include "version.h"

/* "name":"..." with the value escaped as JSON */
static void add_str(struct strbuf *sb, const char *key, const char *s, size_t n)
{
	sb_addc(sb, '"');
	sb_adds(sb, key);
	sb_adds(sb, "\":\"");
	escape_json(sb, s, n);
	sb_addc(sb, '"');
}

static void add_u64(struct strbuf *sb, const char *key, uint64_t v)
{
	sb_addc(sb, '"');
	sb_adds(sb, key);
	sb_adds(sb, "\":");
	sb_add_u64(sb, v, 0);
}

/* ns as microseconds with three decimals: the format's unit, exactly */
static void add_us(struct strbuf *sb, const char *key, uint64_t ns)
{
	add_u64(sb, key, ns / 1000);
	sb_addc(sb, '.');
	sb_addc(sb, (char)('0' + ns / 100 % 10));
	sb_addc(sb, (char)('0' + ns / 10 % 10));
	sb_addc(sb, (char)('0' + ns % 10));
}

static void add_ms(struct strbuf *sb, const char *key, uint64_t ns)
{
	sb_addc(sb, '"');
	sb_adds(sb, key);
	sb_adds(sb, "\":");
	sb_add_milli(sb, (ns + 500) / 1000);
}

static void add_argv(struct strbuf *sb, const struct run_table *t, uint32_t off, uint32_t len)
{
	const char *args = runlog_str(t, off), *a;
	struct arg_iter it = { args, args + len };
	bool first = true;
	size_t n;

	sb_adds(sb, "\"argv\":[");
	while (next_arg(&it, &a, &n)) {
		if (!first)
			sb_addc(sb, ',');
		first = false;
		sb_addc(sb, '"');
		escape_json(sb, a, n);
		sb_addc(sb, '"');
	}
	sb_addc(sb, ']');
}

/* The slice's name: the program and its key argument, as the timeline's label. */
static void add_label(struct strbuf *sb, const struct run_table *t, const struct run_proc *p)
{
	const char *a = runlog_str(t, p->args_off), *slash, *key;
	size_t an = strnlen(a, p->args_len), kn;

	if (!an) {
		a = p->comm;
		an = strlen(p->comm);
	}
	slash = memrchr(a, '/', an);
	if (slash && slash + 1 < a + an) {
		an -= (size_t)(slash + 1 - a);
		a = slash + 1;
	}
	escape_json(sb, a, an);
	if (p->exec_seen && tl_key_arg(runlog_str(t, p->args_off), p->args_len, &key, &kn)) {
		if (kn > TL_LABEL_MAX)
			kn = TL_LABEL_MAX;
		sb_addc(sb, ' ');
		escape_json(sb, key, kn);
	}
}

/* A process's end: {"end":"exit","exit_code":0} and its resources. */
static void add_end(struct strbuf *sb, const struct run_proc *p)
{
	if (p->exited && p->sig) {
		sb_adds(sb, ",\"end\":\"signal\",\"signal\":");
		sb_add_u64(sb, (uint64_t)p->sig, 0);
		sb_adds(sb, ",\"signal_name\":\"");
		if (!sb_add_signame(sb, p->sig))
			sb_adds(sb, "?");
		sb_adds(sb, p->core ? "\",\"core_dumped\":true" : "\",\"core_dumped\":false");
	} else if (p->exited) {
		sb_adds(sb, ",\"end\":\"exit\",\"exit_code\":");
		sb_add_i64(sb, p->exit_code, 0);
	} else if (p->replaced) {
		sb_adds(sb, ",\"end\":\"exec\"");
	} else {
		sb_adds(sb, ",\"end\":\"running\"");
	}
	if (!p->has_rusage)
		return;
	sb_addc(sb, ',');
	add_ms(sb, "cpu_ms", p->cpu_ns);
	sb_addc(sb, ',');
	add_ms(sb, "cpu_user_ms", p->cpu_user_ns);
	sb_addc(sb, ',');
	add_ms(sb, "cpu_sys_ms", p->cpu_sys_ns);
	sb_addc(sb, ',');
	add_u64(sb, "max_rss_kib", p->max_rss_kib);
	sb_addc(sb, ',');
	add_u64(sb, "ctx_switches_voluntary", p->nvcsw);
	sb_addc(sb, ',');
	add_u64(sb, "ctx_switches_involuntary", p->nivcsw);
}

/* "pid":R,"tid":P for record i: its tree's root is the trace's process */
static void add_ids(struct strbuf *sb, const struct run_table *t, const uint32_t *root,
		    uint32_t i)
{
	add_u64(sb, "pid", t->procs[root[i]].pid);
	sb_addc(sb, ',');
	add_u64(sb, "tid", t->procs[i].pid);
}

static void add_meta(struct strbuf *sb, const char *name, const struct run_table *t,
		     const uint32_t *root, uint32_t i)
{
	sb_adds(sb, ",\n{\"ph\":\"M\",\"name\":\"");
	sb_adds(sb, name);
	sb_adds(sb, "\",");
	add_ids(sb, t, root, i);
	sb_adds(sb, ",\"args\":{");
}

static void add_slice(struct strbuf *sb, const struct run_table *t, const uint32_t *root,
		      uint64_t t0, uint32_t i)
{
	const struct run_proc *p = &t->procs[i];

	sb_adds(sb, ",\n{\"ph\":\"X\",\"cat\":\"exec\",\"name\":\"");
	add_label(sb, t, p);
	sb_adds(sb, "\",");
	add_ids(sb, t, root, i);
	sb_addc(sb, ',');
	add_us(sb, "ts", p->start_ns - t0);
	sb_addc(sb, ',');
	add_us(sb, "dur", runlog_end(t, p) - p->start_ns);
	sb_adds(sb, ",\"args\":{");
	if (p->exec_seen) {
		add_str(sb, "path", runlog_str(t, p->path_off), p->path_len);
		sb_addc(sb, ',');
		add_argv(sb, t, p->args_off, p->args_len);
		sb_adds(sb, ",\"argv_truncated\":");
		sb_adds(sb, p->args_cut ? "true," : "false,");
	} else {
		sb_adds(sb, "\"exec_seen\":false,");
	}
	add_u64(sb, "pid", p->pid);
	sb_addc(sb, ',');
	add_u64(sb, "ppid", p->ppid);
	sb_addc(sb, ',');
	add_str(sb, "comm", p->comm, strlen(p->comm));
	add_end(sb, p);
	sb_adds(sb, "}}");
	/*
	 * an arrow from the parent's slice, where the child began (none when
	 * the parent's image began later: a subshell's child, before its exec)
	 */
	if (p->parent == RUNLOG_NONE || t->procs[p->parent].start_ns > p->start_ns)
		return;
	sb_adds(sb, ",\n{\"ph\":\"s\",\"cat\":\"exec\",\"name\":\"child\",\"id\":");
	sb_add_u64(sb, i, 0);
	sb_addc(sb, ',');
	add_ids(sb, t, root, p->parent);
	sb_addc(sb, ',');
	add_us(sb, "ts", p->start_ns - t0);
	sb_adds(sb, "},\n{\"ph\":\"f\",\"bp\":\"e\",\"cat\":\"exec\",\"name\":\"child\",\"id\":");
	sb_add_u64(sb, i, 0);
	sb_addc(sb, ',');
	add_ids(sb, t, root, i);
	sb_addc(sb, ',');
	add_us(sb, "ts", p->start_ns - t0);
	sb_addc(sb, '}');
}

/* The record a failed exec is shown on, as in the timeline, or RUNLOG_NONE. */
static uint32_t fail_rec(const struct run_table *t, const struct run_fail *x)
{
	const struct run_proc *p;

	if (x->caller != RUNLOG_NONE)
		return x->caller;
	p = runlog_find(t, x->pid);
	if (!p || p->start_ns < x->ts_ns) {
		p = runlog_find(t, x->ppid);
		if (p && p->start_ns > x->ts_ns)
			p = NULL;
	}
	return p ? (uint32_t)(p - t->procs) : RUNLOG_NONE;
}

static void add_fail(struct strbuf *sb, const struct run_table *t, const uint32_t *root,
		     uint64_t t0, const struct run_fail *x)
{
	const char *name = strerrorname_np(x->err);
	uint32_t rec = fail_rec(t, x);

	sb_adds(sb, ",\n{\"ph\":\"i\",\"s\":\"t\",\"cat\":\"exec_failed\",");
	sb_adds(sb, "\"name\":\"exec failed: ");
	if (name)
		sb_adds(sb, name);
	else
		sb_add_u64(sb, (uint64_t)x->err, 0);
	sb_adds(sb, "\",");
	if (rec != RUNLOG_NONE) {
		add_ids(sb, t, root, rec);
	} else {
		add_u64(sb, "pid", x->pid);
		sb_addc(sb, ',');
		add_u64(sb, "tid", x->pid);
	}
	sb_addc(sb, ',');
	add_us(sb, "ts", x->ts_ns - t0);
	sb_adds(sb, ",\"args\":{");
	add_str(sb, "path", runlog_str(t, x->path_off), x->path_len);
	sb_addc(sb, ',');
	add_argv(sb, t, x->args_off, x->args_len);
	sb_addc(sb, ',');
	add_u64(sb, "errno", (uint64_t)x->err);
	sb_addc(sb, ',');
	add_str(sb, "error", name ? name : "?", strlen(name ? name : "?"));
	sb_addc(sb, ',');
	add_u64(sb, "pid", x->pid);
	sb_addc(sb, ',');
	add_u64(sb, "ppid", x->ppid);
	sb_addc(sb, ',');
	add_str(sb, "comm", x->comm, strlen(x->comm));
	sb_adds(sb, "}}");
}

/* Names and order: a process per tree, a thread per pid, in tree order. */
static void add_names(struct strbuf *sb, const struct run_table *t, const struct tl_layout *l,
		      const uint32_t *root)
{
	uint32_t r, d, nroots = 0;

	for (r = 0; r < l->nrows; r++) {
		uint32_t i = l->order[r];
		const struct run_proc *p = &t->procs[i];

		if (p->parent == RUNLOG_NONE) {
			add_meta(sb, "process_name", t, root, i);
			sb_adds(sb, "\"name\":\"");
			add_label(sb, t, p);
			sb_adds(sb, "\"}}");
			add_meta(sb, "process_sort_index", t, root, i);
			add_u64(sb, "sort_index", nroots++);
			sb_adds(sb, "}}");
		}
		/* one name per thread: a re-exec'd pid keeps its first image's */
		if (p->prev_image != RUNLOG_NONE && root[p->prev_image] == root[i])
			continue;
		add_meta(sb, "thread_name", t, root, i);
		sb_adds(sb, "\"name\":\"");
		for (d = 0; d < l->depth[i] && d < 64; d++)
			sb_adds(sb, "\xc2\xb7 ");	/* a middle dot a level */
		add_label(sb, t, p);
		sb_addc(sb, ' ');
		sb_add_u64(sb, p->pid, 0);
		sb_adds(sb, "\"}}");
		add_meta(sb, "thread_sort_index", t, root, i);
		add_u64(sb, "sort_index", r);
		sb_adds(sb, "}}");
	}
}

void perfetto_json(struct strbuf *sb, const struct run_table *t)
{
	uint64_t t0 = t->first_ns;
	time_t secs = (time_t)(((int64_t)t0 + t->realtime_offset_ns) / 1000000000);
	struct tl_layout l;
	uint32_t *root, i;
	char when[64] = "";
	size_t first;
	struct tm tm;

	tl_layout(&l, t, 0);
	root = calloc(t->nprocs ? t->nprocs : 1, sizeof(*root));
	if (!root)
		abort();
	/* in tree order: a parent's record may come after its child's */
	for (i = 0; i < l.nrows; i++) {
		uint32_t r = l.order[i];

		root[r] = t->procs[r].parent == RUNLOG_NONE ? r : root[t->procs[r].parent];
	}
	if (gmtime_r(&secs, &tm))
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	sb_adds(sb, "{\"displayTimeUnit\":\"ms\",\"otherData\":{\"tool\":\"execsnoop ");
	sb_adds(sb, EXECSNOOP_VERSION);
	sb_adds(sb, "\",\"start\":\"");
	sb_adds(sb, when);
	sb_adds(sb, "\",");
	add_u64(sb, "processes", t->nprocs);
	sb_addc(sb, ',');
	add_u64(sb, "failed_execs", t->nfails);
	sb_addc(sb, ',');
	add_u64(sb, "not_kept", t->not_kept);
	sb_adds(sb, "},\n\"traceEvents\":[");
	first = sb->len;
	add_names(sb, t, &l, root);
	for (i = 0; i < t->nprocs; i++)
		add_slice(sb, t, root, t0, i);
	for (i = 0; i < t->nfails; i++)
		add_fail(sb, t, root, t0, &t->fails[i]);
	/* each event came with a comma before it: the first needs none */
	if (sb->len > first && sb->buf[first] == ',')
		sb->buf[first] = ' ';
	sb_adds(sb, "\n]}\n");
	free(root);
	tl_layout_release(&l);
}
