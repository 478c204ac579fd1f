// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "escape.h"
#include "format.h"

/*
 * The kernel names pseudo-terminals "ptsN" (the driver name and index);
 * users know them as pts/N, their path under /dev, as ps(1) shows them.
 */
static void tty_name(char *out, const char *in)
{
	size_t n = strnlen(in, TTY_NAME_LEN);

	if (n > 3 && n < TTY_NAME_LEN && !memcmp(in, "pts", 3) &&
	    strspn(in + 3, "0123456789") == n - 3) {
		memcpy(out, "pts/", 4);
		memcpy(out + 4, in + 3, n - 3);
		out[n + 1] = '\0';
		return;
	}
	memcpy(out, in, n);
	out[n] = '\0';
}

int event_decode(struct decoded *d, const void *data, size_t size)
{
	const struct event *e = data;
	size_t need;

	if (size < sizeof(*e))
		return -1;
	need = sizeof(*e) + (size_t)e->args_len + e->fname_len + e->cwd_len + e->exe_len;
	if (e->args_len > ARGS_SIZE_MAX || e->fname_len > FILENAME_MAX_LEN ||
	    e->cwd_len > PATH_BUF_LEN || e->exe_len > PATH_BUF_LEN || need > size)
		return -1;
	d->e = e;
	d->args = e->data;
	d->args_len = e->args_len;
	d->fname = e->data + e->args_len;
	d->fname_len = strnlen(d->fname, e->fname_len);
	d->cwd = d->fname + e->fname_len;
	d->cwd_len = e->cwd_len;
	d->exe = d->cwd + e->cwd_len;
	d->exe_len = e->exe_len;
	tty_name(d->tty, e->tty);
	memcpy(d->comm, e->comm, TASK_COMM_LEN);
	d->comm[TASK_COMM_LEN] = '\0';
	memcpy(d->pcomm, e->pcomm, TASK_COMM_LEN);
	d->pcomm[TASK_COMM_LEN] = '\0';
	return 0;
}

/* The ARGS column as bcc shows it: filename, then argv[1] onwards. */
static void join_args_raw(const struct decoded *d, struct strbuf *sb)
{
	struct arg_iter it = { d->args, d->args + d->args_len };
	const char *s;
	size_t n;

	sb_add(sb, d->fname, d->fname_len);
	if (!next_arg(&it, &s, &n))
		return;
	while (next_arg(&it, &s, &n)) {
		sb_addc(sb, ' ');
		sb_add(sb, s, n);
	}
}

/*
 * The set of pids whose exec passed -n/-l, so that their exit lines follow
 * them: linear probing, deletion by backward shift (no tombstones).
 */
static size_t shown_slot(uint32_t pid)
{
	return (size_t)((pid * 2654435761u) % SHOWN_SLOTS);
}

static void shown_add(struct format_ctx *fc, uint32_t pid)
{
	size_t i, n;

	if (!fc->shown) {
		fc->shown = calloc(SHOWN_SLOTS, sizeof(*fc->shown));
		if (!fc->shown)
			return;
	}
	/*
	 * Kept at most half full, so probes stay short and always meet a free
	 * slot; past that (exits lost or never seen) an exit line goes missing.
	 */
	if (fc->shown_count >= SHOWN_SLOTS / 2)
		return;
	for (i = shown_slot(pid), n = 0; n < SHOWN_SLOTS; i = (i + 1) % SHOWN_SLOTS, n++) {
		if (fc->shown[i] == pid)
			return;
		if (!fc->shown[i]) {
			fc->shown[i] = pid;
			fc->shown_count++;
			return;
		}
	}
}

static bool shown_take(struct format_ctx *fc, uint32_t pid)
{
	size_t i, j, k, n;

	if (!fc->shown)
		return false;
	for (i = shown_slot(pid), n = 0; fc->shown[i] != pid; i = (i + 1) % SHOWN_SLOTS) {
		if (!fc->shown[i] || ++n == SHOWN_SLOTS)
			return false;
	}
	/* backward-shift the entries after i that probed past it */
	for (j = i;;) {
		j = (j + 1) % SHOWN_SLOTS;
		if (!fc->shown[j])
			break;
		k = shown_slot(fc->shown[j]);
		if ((j > i && (k <= i || k > j)) || (j < i && k <= i && k > j)) {
			fc->shown[i] = fc->shown[j];
			i = j;
		}
	}
	fc->shown[i] = 0;
	fc->shown_count--;
	return true;
}

bool event_wanted(struct format_ctx *fc, const struct decoded *d)
{
	const struct options *o = fc->opts;
	bool filtering = o->name_set || o->line_set;

	if (d->e->type == EVENT_EXIT)
		return !filtering || shown_take(fc, d->e->pid);
	if (!event_matches(fc, d))
		return false;
	if (filtering && o->exits && d->e->type == EVENT_EXEC)
		shown_add(fc, d->e->pid);
	return true;
}

bool event_matches(struct format_ctx *fc, const struct decoded *d)
{
	const struct options *o = fc->opts;

	if (o->name_set && regexec(&o->name_re, d->comm, 0, NULL, 0))
		return false;
	if (o->line_set) {
		sb_reset(&fc->scratch);
		join_args_raw(d, &fc->scratch);
		/* a NUL cannot occur inside an argument; terminate for regexec */
		sb_addc(&fc->scratch, '\0');
		if (regexec(&o->line_re, fc->scratch.buf, 0, NULL, 0))
			return false;
	}
	return true;
}

void format_header(struct format_ctx *fc, struct strbuf *out)
{
	const struct options *o = fc->opts;

	if (o->time)
		sb_add_left(out, "TIME", 9);
	if (o->timestamp)
		sb_add_left(out, "TIME(s)", 8);
	if (o->print_uid)
		sb_add_left(out, "UID", 7);
	sb_add_left(out, "COMM", 17);
	sb_add_left(out, "PID", 8);
	if (o->print_pcomm)
		sb_add_left(out, "PCOMM", 17);
	sb_add_left(out, "PPID", 8);
	if (o->print_cpu)
		sb_add_left(out, "CPU", 4);
	if (o->show_context) {
		sb_add_left(out, "SID", 8);
		sb_add_left(out, "TTY", 8);
		sb_add_left(out, "AUID", 7);
		sb_add_left(out, "EUID", 7);
		sb_add_left(out, "MNTNS", 11);
		sb_add_left(out, "CGROUP", 21);
	}
	if (o->show_cwd)
		sb_add_left(out, "CWD", 21);
	if (o->show_exe)
		sb_add_left(out, "EXE", 21);
	sb_adds(out, "RET ARGS\n");
}

/* Ends a column that started at before: pad to width, always one space. */
static void end_field(struct strbuf *out, size_t before, size_t width)
{
	sb_add_pad(out, width - 1, out->len - before);
	sb_addc(out, ' ');
}

static void add_time(struct format_ctx *fc, uint64_t ts_ns, struct strbuf *out)
{
	int64_t sec = (int64_t)((ts_ns + (uint64_t)fc->realtime_offset_ns) / 1000000000ull);

	if (sec != fc->cached_sec) {
		time_t t = (time_t)sec;
		struct tm tm;

		if (!localtime_r(&t, &tm) ||
		    !strftime(fc->cached_hms, sizeof(fc->cached_hms), "%H:%M:%S", &tm))
			memcpy(fc->cached_hms, "??:??:??", 9);
		fc->cached_sec = sec;
	}
	sb_add_left(out, fc->cached_hms, 9);
}

static void add_timestamp(struct format_ctx *fc, uint64_t ts_ns, struct strbuf *out)
{
	uint64_t rel = ts_ns > fc->start_ns ? ts_ns - fc->start_ns : 0;
	size_t before = out->len;

	sb_add_milli(out, (rel + 500000) / 1000000);
	end_field(out, before, 8);
}

/* A name field: escaped (comm is the traced program's to choose). */
static void add_name(struct strbuf *out, const char *s, size_t width)
{
	size_t before = out->len;

	escape_text(out, s, strlen(s), 0);
	end_field(out, before, width);
}

static void add_num(struct strbuf *out, uint64_t v, size_t width)
{
	size_t before = out->len;

	sb_add_u64(out, v, 0);
	end_field(out, before, width);
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

static void add_args(struct format_ctx *fc, const struct decoded *d, struct strbuf *out)
{
	const struct options *o = fc->opts;
	const struct event *e = d->e;
	struct arg_iter it = { d->args, d->args + d->args_len };
	unsigned int shown = 1;
	bool cut = false;
	const char *s;
	size_t n;

	if (e->flags & EVF_FNAME_FAULT)
		sb_adds(out, "[filename unreadable]");
	else
		add_arg(o, out, d->fname, d->fname_len);
	next_arg(&it, &s, &n);	/* argv[0]: bcc shows the filename instead */
	while (next_arg(&it, &s, &n)) {
		if (shown >= o->max_args) {
			cut = true;
			break;
		}
		sb_addc(out, ' ');
		add_arg(o, out, s, n);
		shown++;
	}
	/* argc counts what the program got, even past the bytes copied */
	if (shown >= o->max_args && e->argc > shown)
		cut = true;
	if (cut)
		sb_adds(out, " ...");
	if ((e->flags & EVF_ARGS_TRUNC) && !cut) {
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
	} else if ((e->flags & EVF_ARGC_TRUNC) && !cut) {
		sb_adds(out, " [truncated: more than 4096 args]");
	}
	if (e->flags & EVF_ARGS_FAULT)
		sb_adds(out, " [args unreadable]");
}

void path_join(struct strbuf *sb, const char *comps, size_t len, bool truncated)
{
	const char *end = comps + len, *p;
	size_t before = sb->len;

	if (truncated)
		sb_adds(sb, "...");
	/* components are leaf first: emit them from the last one back */
	while (end > comps) {
		p = end - 1;	/* the NUL ending the last component */
		while (p > comps && p[-1] != '\0')
			p--;
		sb_addc(sb, '/');
		sb_add(sb, p, (size_t)(end - 1 - p));
		end = p;
	}
	if (sb->len == before)
		sb_addc(sb, '/');
}

static void add_path_field(struct strbuf *out, struct strbuf *tmp, const char *comps,
			   size_t len, bool truncated, size_t width)
{
	size_t before = out->len;

	sb_reset(tmp);
	path_join(tmp, comps, len, truncated);
	escape_text(out, tmp->buf, tmp->len, ESC_SPACE);
	end_field(out, before, width);
}

unsigned int event_depth(struct format_ctx *fc, const struct decoded *d)
{
	const struct event *e = d->e;
	struct depth_slot *s;
	unsigned int depth = 0;

	if (e->flags & EVF_IN_TREE)
		return e->depth;
	if (!fc->depths) {
		fc->depths = calloc(DEPTH_SLOTS, sizeof(*fc->depths));
		if (!fc->depths)
			return 0;
	}
	/* direct-mapped by pid: a collision only costs an indentation level */
	s = &fc->depths[e->ppid % DEPTH_SLOTS];
	if (s->pid == e->ppid && s->depth1)
		depth = s->depth1;
	s = &fc->depths[e->pid % DEPTH_SLOTS];
	if (e->type == EVENT_EXEC) {
		s->pid = e->pid;
		s->depth1 = depth + 1;
	} else if (e->type == EVENT_EXIT && s->pid == e->pid) {
		depth = s->depth1 ? s->depth1 - 1 : 0;
		s->pid = 0;
		s->depth1 = 0;
	}
	return depth;
}

static void add_duration_ms(struct strbuf *out, uint64_t ns)
{
	sb_add_milli(out, (ns + 500) / 1000);
	sb_adds(out, " ms");
}

bool sb_add_signame(struct strbuf *sb, int sig)
{
	const char *name = sigabbrev_np(sig);

	if (!name)
		return false;
	sb_adds(sb, "SIG");
	sb_adds(sb, name);
	return true;
}

/* "code 0, ran 12.345 ms" / "killed by SIGKILL (core dumped), ran ..." */
static void add_exit_text(const struct event *e, struct strbuf *out)
{
	int sig = e->exit_status & 0x7f;

	if (!sig) {
		sb_adds(out, "code ");
		sb_add_u64(out, (e->exit_status >> 8) & 0xff, 0);
	} else {
		sb_adds(out, "killed by ");
		if (!sb_add_signame(out, sig)) {
			sb_adds(out, "signal ");
			sb_add_u64(out, (uint64_t)sig, 0);
		}
		if (e->exit_status & 0x80)
			sb_adds(out, " (core dumped)");
	}
	sb_adds(out, ", ran ");
	add_duration_ms(out, exit_lifetime_ns(e));
	if (e->flags & EVF_START_UNKNOWN)
		sb_adds(out, " since fork (exec not seen)");
}

static void add_context_fields(struct format_ctx *fc, const struct decoded *d,
			       struct strbuf *out)
{
	const struct event *e = d->e;
	const char *cg;
	size_t before;

	if (!(e->flags & EVF_CONTEXT)) {
		sb_adds(out, "-       -       -      -      -          -                    ");
		return;
	}
	add_num(out, e->sid, 8);
	add_name(out, d->tty[0] ? d->tty : "-", 8);
	before = out->len;
	if (e->auid == (uint32_t)-1)
		sb_addc(out, '-');
	else
		sb_add_u64(out, e->auid, 0);
	end_field(out, before, 7);
	add_num(out, e->euid, 7);
	add_num(out, e->mntns, 11);
	before = out->len;
	cg = fc->cgroups ? cgpath_lookup(fc->cgroups, e->cgroup_id) : NULL;
	if (cg)
		escape_text(out, cg, strlen(cg), ESC_SPACE);
	else
		sb_add_u64(out, e->cgroup_id, 0);
	end_field(out, before, 21);
}

void format_text(struct format_ctx *fc, const struct decoded *d, struct strbuf *out)
{
	const struct options *o = fc->opts;
	const struct event *e = d->e;

	if (o->time)
		add_time(fc, e->ts_ns, out);
	if (o->timestamp)
		add_timestamp(fc, e->ts_ns, out);
	if (o->print_uid)
		add_num(out, e->uid, 7);
	add_name(out, d->comm, 17);
	add_num(out, e->pid, 8);
	if (o->print_pcomm)
		add_name(out, d->pcomm, 17);
	add_num(out, e->ppid, 8);
	if (o->print_cpu)
		add_num(out, e->cpu, 4);
	if (o->show_context)
		add_context_fields(fc, d, out);
	if (o->show_cwd) {
		if (e->type == EVENT_EXIT || !(e->flags & EVF_CONTEXT))
			add_name(out, "-", 21);
		else
			add_path_field(out, &fc->scratch, d->cwd, d->cwd_len,
				       e->flags & EVF_CWD_TRUNC, 21);
	}
	if (o->show_exe) {
		if (e->type != EVENT_EXEC || !(e->flags & EVF_CONTEXT))
			add_name(out, "-", 21);
		else
			add_path_field(out, &fc->scratch, d->exe, d->exe_len,
				       e->flags & EVF_EXE_TRUNC, 21);
	}
	if (e->type == EVENT_EXIT)
		sb_adds(out, "EXIT");
	else
		sb_add_i64(out, e->retval, 3);
	sb_addc(out, ' ');
	if (o->tree)
		sb_add_pad(out, 2 * event_depth(fc, d), 0);
	if (e->type == EVENT_EXIT)
		add_exit_text(e, out);
	else
		add_args(fc, d, out);
	sb_addc(out, '\n');
}
