// SPDX-License-Identifier: GPL-2.0
/* --timeline FILE.svg: the run table as an SVG Gantt chart. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "decode.h"
#include "escape.h"
#include "timeline.h"

#define ROW_H		14	/* px per row */
#define BAR_H		10
#define TOP		64	/* heading, legend, axis labels */
#define LEFT		10
#define RIGHT		320	/* room for the labels of bars that start late */
#define BOTTOM		10
#define TICK_MIN_PX	100	/* axis ticks at least this far apart */
#define NCOLOURS	10
#define FOLD_TOP	6	/* programs a folded row's title names */
#define FAIL_LIST	5	/* failed execs a marker's title lists */
#define LINK_ROWS	40	/* a line to a child at most this many rows below */

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		abort();	/* as strbuf: no memory, no picture */
	return p;
}

static bool failed(const struct run_proc *p)
{
	return p->sig || p->exit_code > 0;
}

/* Appends root's tree to out in pre-order (each record before its children); returns the count. */
static uint32_t walk_tree(const struct run_table *t, uint32_t root, uint32_t *out)
{
	uint32_t c = root, n = 0, next;

	for (;;) {
		out[n++] = c;
		next = t->procs[c].first_child;
		while (next == RUNLOG_NONE && c != root) {
			next = t->procs[c].next_sibling;
			if (next == RUNLOG_NONE)
				c = t->procs[c].parent;
		}
		if (next == RUNLOG_NONE)
			return n;
		c = next;
	}
}

void tl_layout(struct tl_layout *l, const struct run_table *t, uint32_t plot_w)
{
	uint32_t n = t->nprocs, i, k, m = 0, *live, *pre;

	memset(l, 0, sizeof(*l));
	l->plot_w = plot_w;
	l->nprocs = n;
	l->t0 = t->first_ns;
	l->span_ns = t->last_ns > t->first_ns ? t->last_ns - t->first_ns : 0;
	if (!plot_w)
		l->ns_per_px = 0;	/* nothing is shorter: nothing folded */
	else
		l->ns_per_px = l->span_ns ? (double)l->span_ns / plot_w : 1.0;
	l->row = xcalloc(n, sizeof(*l->row));
	l->host = xcalloc(n, sizeof(*l->host));
	l->folded = xcalloc(n, sizeof(*l->folded));
	l->depth = xcalloc(n, sizeof(*l->depth));
	l->order = xcalloc(n, sizeof(*l->order));
	live = xcalloc(n, sizeof(*live));
	pre = xcalloc(n, sizeof(*pre));

	/* every tree in pre-order, roots in record order */
	for (i = 0; i < n; i++)
		if (t->procs[i].parent == RUNLOG_NONE)
			m += walk_tree(t, i, pre + m);
	/* folding bottom up: backwards, a pre-order sees children first */
	for (k = m; k-- > 0;) {
		const struct run_proc *p = &t->procs[pre[k]];
		uint64_t dur = runlog_end(t, p) - p->start_ns;

		i = pre[k];
		if (p->parent != RUNLOG_NONE && !live[i] && !failed(p) &&
		    (double)dur < l->ns_per_px) {
			l->row[i] = TL_FOLDED;
			l->folded[p->parent] += 1 + l->folded[i];
			l->nfolded++;
		} else if (p->parent != RUNLOG_NONE) {
			live[p->parent]++;
		}
	}
	/* top down: depths, hosts, and rows in pre-order */
	for (k = 0; k < m; k++) {
		const struct run_proc *p = &t->procs[pre[k]];

		i = pre[k];
		l->depth[i] = p->parent == RUNLOG_NONE ? 0 : l->depth[p->parent] + 1;
		if (l->row[i] == TL_FOLDED) {
			l->host[i] = l->host[p->parent];
		} else {
			l->host[i] = i;
			l->row[i] = l->nrows;
			l->order[l->nrows++] = i;
		}
	}
	free(live);
	free(pre);
}

void tl_layout_release(struct tl_layout *l)
{
	free(l->row);
	free(l->host);
	free(l->folded);
	free(l->depth);
	free(l->order);
	memset(l, 0, sizeof(*l));
}

uint64_t tl_tick_step(double ns_per_px, double min_px)
{
	static const uint64_t mult[] = { 1, 2, 5 };
	uint64_t pow = 1;
	unsigned int k;

	for (;;) {
		for (k = 0; k < 3; k++)
			if ((double)(pow * mult[k]) / ns_per_px >= min_px)
				return pow * mult[k];
		if (pow > UINT64_MAX / 100)
			return pow * 10;
		pow *= 10;
	}
}

/* v / 10^digits, with at most digits decimals and no trailing zeros */
static void add_decimal(struct strbuf *sb, uint64_t v, unsigned int digits)
{
	uint64_t div = 1;
	unsigned int i;
	char frac[8];
	size_t n;

	for (i = 0; i < digits; i++)
		div *= 10;
	sb_add_u64(sb, v / div, 0);
	v %= div;
	if (!v)
		return;
	for (i = digits; i-- > 0;) {
		frac[i] = (char)('0' + v % 10);
		v /= 10;
	}
	n = digits;
	while (n && frac[n - 1] == '0')
		n--;
	sb_addc(sb, '.');
	sb_add(sb, frac, n);
}

void tl_add_time(struct strbuf *sb, uint64_t ns)
{
	if (!ns) {
		sb_addc(sb, '0');
	} else if (ns >= 600000000000ull && ns % 60000000000ull == 0) {
		sb_add_u64(sb, ns / 60000000000ull, 0);
		sb_adds(sb, " min");
	} else if (ns >= 1000000000ull) {
		add_decimal(sb, ns / 1000000, 3);
		sb_adds(sb, " s");
	} else if (ns >= 1000000) {
		add_decimal(sb, ns / 1000, 3);
		sb_adds(sb, " ms");
	} else if (ns >= 1000) {
		add_decimal(sb, ns, 3);
		sb_adds(sb, " us");
	} else {
		sb_add_u64(sb, ns, 0);
		sb_adds(sb, " ns");
	}
}

static bool source_name(const char *s, size_t n)
{
	static const char *const ext[] = {
		"c", "h", "cc", "cpp", "cxx", "C", "s", "S", "m", "f", "f90", "go", "rs",
		"java", "py", "pl", "sh", "y", "l", "texi", "in", "am", "ac", "m4", "po",
	};
	const char *dot = NULL, *p;
	unsigned int i;
	size_t len;

	for (p = s; p < s + n; p++) {
		if (*p == '/')
			dot = NULL;
		else if (*p == '.')
			dot = p;
	}
	if (!dot || dot == s || dot[-1] == '/')
		return false;
	dot++;
	len = (size_t)(s + n - dot);
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		if (strlen(ext[i]) == len && !memcmp(ext[i], dot, len))
			return true;
	return false;
}

bool tl_key_arg(const char *args, size_t len, const char **arg, size_t *n)
{
	struct arg_iter it = { args, args + len };
	const char *a, *last = NULL;
	size_t an, last_n = 0;
	unsigned int i;

	for (i = 0; next_arg(&it, &a, &an); i++) {
		if (!i)
			continue;
		if (i == 1 && an == 2 && !memcmp(a, "-c", 2) && next_arg(&it, arg, n))
			return true;	/* sh -c SCRIPT */
		if (!an || a[0] == '-')
			continue;
		if (source_name(a, an)) {
			*arg = a;
			*n = an;
			return true;
		}
		last = a;
		last_n = an;
	}
	*arg = last;
	*n = last_n;
	return last != NULL;
}

/* --- drawing ---------------------------------------------------------- */

/* The program: argv[0]'s last component, else the kernel's name for it. */
static void program_of(const struct run_table *t, const struct run_proc *p, const char **s,
		       size_t *n)
{
	const char *a = runlog_str(t, p->args_off), *slash;
	size_t an = strnlen(a, p->args_len);

	if (!an) {
		*s = p->comm;
		*n = strlen(p->comm);
		return;
	}
	slash = memrchr(a, '/', an);
	if (slash && slash + 1 < a + an) {
		an -= (size_t)(slash + 1 - a);
		a = slash + 1;
	}
	*s = a;
	*n = an;
}

static unsigned int colour_of(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h % NCOLOURS;
}

/* At most max bytes of s, cut before a UTF-8 sequence, then "..." */
static void add_cut(struct strbuf *sb, const char *s, size_t n, size_t max)
{
	if (n <= max) {
		escape_xml(sb, s, n, 0);
		return;
	}
	while (max && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	escape_xml(sb, s, max, 0);
	sb_adds(sb, "...");
}

static void add_px(struct strbuf *sb, double v)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "%.1f", v);
	size_t len = n > 0 ? (size_t)n : 0;

	if (len > 2 && tmp[len - 1] == '0' && tmp[len - 2] == '.')
		len -= 2;
	sb_add(sb, tmp, len);
}

static void add_ms(struct strbuf *sb, uint64_t ns)
{
	sb_add_milli(sb, (ns + 500) / 1000);
	sb_adds(sb, " ms");
}

/* The command line, argv[1] onwards after the program's path. */
static void add_cmdline(struct strbuf *sb, const struct run_table *t, uint32_t path_off,
			uint32_t path_len, uint32_t args_off, uint32_t args_len, bool cut)
{
	const char *args = runlog_str(t, args_off);
	struct arg_iter it = { args, args + args_len };
	size_t used = path_len, an;
	const char *a;
	bool first = true;

	add_cut(sb, runlog_str(t, path_off), path_len, TL_TITLE_ARGS);
	while (next_arg(&it, &a, &an)) {
		if (first) {
			first = false;	/* argv[0]: the path stands for it */
			continue;
		}
		if (used >= TL_TITLE_ARGS) {
			cut = true;
			break;
		}
		sb_addc(sb, ' ');
		add_cut(sb, a, an, TL_TITLE_ARGS - used);
		used += an + 1;
	}
	if (cut)
		sb_adds(sb, " ...");
}

static int by_host_comm(const void *a, const void *b, void *ctx)
{
	const struct tl_layout *l = ((void **)ctx)[0];
	const struct run_table *t = ((void **)ctx)[1];
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uint64_t sx = t->procs[x].start_ns, sy = t->procs[y].start_ns;
	int c;

	if (l->host[x] != l->host[y])
		return l->host[x] < l->host[y] ? -1 : 1;
	c = strcmp(t->procs[x].comm, t->procs[y].comm);
	if (c)
		return c;
	return sx < sy ? -1 : sx > sy;
}

/* The folded records sorted by host, then program; each host's first in first[]. */
struct folds {
	uint32_t *idx;
	uint32_t n;
	uint32_t *first;	/* per record: its first folded record's position, or RUNLOG_NONE */
};

static void folds_make(struct folds *f, const struct run_table *t, const struct tl_layout *l)
{
	void *ctx[2] = { (void *)l, (void *)t };
	uint32_t i;

	f->idx = xcalloc(l->nfolded, sizeof(*f->idx));
	f->first = xcalloc(t->nprocs, sizeof(*f->first));
	f->n = 0;
	for (i = 0; i < t->nprocs; i++) {
		f->first[i] = RUNLOG_NONE;
		if (l->row[i] == TL_FOLDED)
			f->idx[f->n++] = i;
	}
	qsort_r(f->idx, f->n, sizeof(*f->idx), by_host_comm, ctx);
	for (i = f->n; i-- > 0;)
		f->first[l->host[f->idx[i]]] = i;
}

struct count {
	uint32_t n;
	uint32_t rec;
};

static int by_count(const void *a, const void *b)
{
	const struct count *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return x->rec < y->rec ? -1 : x->rec > y->rec;
}

/* "N shorter than 1 px folded into this row: 12 sed, 3 grep, ..." and the ticks */
static void add_folded_title(struct strbuf *sb, const struct run_table *t,
			     const struct tl_layout *l, const struct folds *f, uint32_t host)
{
	uint32_t i = f->first[host], j, k = 0, ncounts = 0;
	struct count *counts;

	if (i == RUNLOG_NONE)
		return;
	for (j = i; j < f->n && l->host[f->idx[j]] == host; j++)
		;
	counts = xcalloc(j - i, sizeof(*counts));
	for (; i < j; i++) {
		uint32_t rec = f->idx[i];
		const char *prev = ncounts ? t->procs[counts[ncounts - 1].rec].comm : NULL;

		if (prev && !strcmp(prev, t->procs[rec].comm)) {
			counts[ncounts - 1].n++;
		} else {
			counts[ncounts].rec = rec;
			counts[ncounts++].n = 1;
		}
	}
	qsort(counts, ncounts, sizeof(*counts), by_count);
	sb_addc(sb, '\n');
	sb_add_u64(sb, l->folded[host], 0);
	sb_adds(sb, " shorter than 1 px folded into this row:");
	for (k = 0; k < ncounts && k < FOLD_TOP; k++) {
		const char *c = t->procs[counts[k].rec].comm;

		sb_adds(sb, k ? ", " : " ");
		sb_add_u64(sb, counts[k].n, 0);
		sb_addc(sb, ' ');
		escape_xml(sb, c, strlen(c), 0);
	}
	if (ncounts > FOLD_TOP)
		sb_adds(sb, ", ...");
	free(counts);
}

static int by_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/* Ticks under host's bar at the starts of the processes folded into its row, one per pixel. */
static void add_fold_ticks(struct strbuf *sb, const struct run_table *t,
			   const struct tl_layout *l, const struct folds *f, uint32_t host,
			   double y)
{
	uint32_t i = f->first[host], j, n = 0, k;
	long *px, last = -1;

	if (i == RUNLOG_NONE)
		return;
	for (j = i; j < f->n && l->host[f->idx[j]] == host; j++)
		;
	px = xcalloc(j - i, sizeof(*px));
	for (; i < j; i++)
		px[n++] = (long)tl_x(l, t->procs[f->idx[i]].start_ns);
	qsort(px, n, sizeof(*px), by_long);
	sb_adds(sb, "<path class=\"tk\" d=\"");
	for (k = 0; k < n; k++) {
		if (px[k] == last)
			continue;
		last = px[k];
		sb_addc(sb, 'M');
		sb_add_u64(sb, (uint64_t)(LEFT + last), 0);
		sb_addc(sb, ' ');
		add_px(sb, y + BAR_H - 3);
		sb_adds(sb, "v4");
	}
	sb_adds(sb, "\"/>\n");
	free(px);
}

static double row_y(uint32_t row)
{
	return TOP + (double)row * ROW_H;
}

/* "exit code 2", "killed by SIGKILL (core dumped)", "ended by exec", ... */
static void add_end(struct strbuf *sb, const struct run_proc *p)
{
	if (p->exited && p->sig) {
		sb_adds(sb, "killed by ");
		if (!sb_add_signame(sb, p->sig)) {
			sb_adds(sb, "signal ");
			sb_add_u64(sb, (uint64_t)p->sig, 0);
		}
		if (p->core)
			sb_adds(sb, " (core dumped)");
	} else if (p->exited) {
		sb_adds(sb, "exit code ");
		sb_add_i64(sb, p->exit_code, 0);
	} else if (p->replaced) {
		sb_adds(sb, "ended by an exec of the same process (next row of this pid)");
	} else {
		sb_adds(sb, "still running at the end of the trace");
	}
}

static void add_title(struct strbuf *sb, const struct run_table *t, const struct tl_layout *l,
		      const struct folds *f, uint32_t i)
{
	const struct run_proc *p = &t->procs[i];
	uint64_t end = runlog_end(t, p);

	sb_adds(sb, "<title>");
	if (p->exec_seen) {
		add_cmdline(sb, t, p->path_off, p->path_len, p->args_off, p->args_len,
			    p->args_cut);
	} else {
		escape_xml(sb, p->comm, strlen(p->comm), 0);
		sb_adds(sb, " (not seen to exec: drawn from its fork)");
	}
	sb_adds(sb, "\npid ");
	sb_add_u64(sb, p->pid, 0);
	sb_adds(sb, ", parent ");
	sb_add_u64(sb, p->ppid, 0);
	if (p->parent != RUNLOG_NONE) {
		sb_adds(sb, " (");
		escape_xml(sb, t->procs[p->parent].comm, strlen(t->procs[p->parent].comm), 0);
		sb_addc(sb, ')');
	}
	sb_adds(sb, "\nstarted at ");
	tl_add_time(sb, p->start_ns - l->t0);
	sb_adds(sb, ", ran ");
	add_ms(sb, end - p->start_ns);
	sb_adds(sb, "\n");
	add_end(sb, p);
	if (p->has_rusage) {
		sb_adds(sb, "\nCPU ");
		add_ms(sb, p->cpu_ns);
		sb_adds(sb, " (user ");
		add_ms(sb, p->cpu_user_ns);
		sb_adds(sb, ", sys ");
		add_ms(sb, p->cpu_sys_ns);
		sb_adds(sb, "), peak RSS ");
		sb_add_u64(sb, p->max_rss_kib, 0);
		sb_adds(sb, " KiB, switches ");
		sb_add_u64(sb, p->nvcsw, 0);
		sb_adds(sb, " vol ");
		sb_add_u64(sb, p->nivcsw, 0);
		sb_adds(sb, " invol");
	}
	add_folded_title(sb, t, l, f, i);
	sb_adds(sb, "</title>");
}

static void add_label(struct strbuf *sb, const struct run_table *t, const struct tl_layout *l,
		      const struct run_proc *p, uint32_t i)
{
	const char *prog, *arg;
	size_t pn, an;

	program_of(t, p, &prog, &pn);
	add_cut(sb, prog, pn, TL_LABEL_MAX);
	if (pn < TL_LABEL_MAX && p->exec_seen &&
	    tl_key_arg(runlog_str(t, p->args_off), p->args_len, &arg, &an)) {
		sb_addc(sb, ' ');
		add_cut(sb, arg, an, TL_LABEL_MAX - pn);
	}
	if (l->folded[i]) {
		sb_adds(sb, " (+");
		sb_add_u64(sb, l->folded[i], 0);
		sb_addc(sb, ')');
	}
}

static void add_row(struct strbuf *sb, const struct run_table *t, const struct tl_layout *l,
		    const struct folds *f, uint32_t i)
{
	const struct run_proc *p = &t->procs[i];
	double y = row_y(l->row[i]), x = tl_x(l, p->start_ns);
	double w = tl_x(l, runlog_end(t, p)) - x;
	const char *prog;
	size_t pn;

	program_of(t, p, &prog, &pn);
	sb_adds(sb, "<g class=\"");
	if (p->sig) {
		sb_adds(sb, "sig");
	} else if (p->exit_code > 0) {
		sb_adds(sb, "bad");
	} else {
		sb_addc(sb, 'c');
		sb_add_u64(sb, colour_of(prog, pn), 0);
	}
	sb_adds(sb, "\">");
	add_title(sb, t, l, f, i);
	sb_adds(sb, "<rect x=\"");
	add_px(sb, LEFT + x);
	sb_adds(sb, "\" y=\"");
	add_px(sb, y);
	sb_adds(sb, "\" width=\"");
	add_px(sb, w < 1 ? 1 : w);
	sb_adds(sb, "\" height=\"" "10" "\"/><text x=\"");
	add_px(sb, LEFT + x + 2);
	sb_adds(sb, "\" y=\"");
	add_px(sb, y + BAR_H - 1);
	sb_adds(sb, "\">");
	add_label(sb, t, l, p, i);
	sb_adds(sb, "</text></g>\n");
	add_fold_ticks(sb, t, l, f, i, y);
}

static void add_fail_line(struct strbuf *sb, const struct run_table *t, const struct run_fail *x)
{
	const char *name = strerrorname_np(x->err);

	add_cmdline(sb, t, x->path_off, x->path_len, x->args_off, x->args_len, false);
	sb_adds(sb, ": ");
	if (name)
		sb_adds(sb, name);
	else
		sb_add_u64(sb, (uint64_t)x->err, 0);
}

/*
 * A failed exec's row: its caller's; for a caller that had not exec'd in
 * the trace (a shell's child searching PATH), the exec it then made, else
 * its parent's; on a folded record, the row it is folded into; else the
 * last row.
 */
static uint32_t fail_row(const struct run_table *t, const struct tl_layout *l,
			 const struct run_fail *x)
{
	uint32_t rec = x->caller;
	const struct run_proc *p;

	if (rec == RUNLOG_NONE) {
		p = runlog_find(t, x->pid);
		if (!p || p->start_ns < x->ts_ns) {
			p = runlog_find(t, x->ppid);
			if (p && p->start_ns > x->ts_ns)
				p = NULL;
		}
		rec = p ? (uint32_t)(p - t->procs) : RUNLOG_NONE;
	}
	return rec == RUNLOG_NONE ? l->nrows : l->row[l->host[rec]];
}

/* Failed execs on one row within one pixel share a marker (a PATH search). */
static void add_fails(struct strbuf *sb, const struct run_table *t, const struct tl_layout *l)
{
	uint32_t i = 0, j, k;

	while (i < t->nfails) {
		const struct run_fail *x = &t->fails[i];
		uint32_t row = fail_row(t, l, x);
		long px = (long)tl_x(l, x->ts_ns);

		for (j = i + 1; j < t->nfails && fail_row(t, l, &t->fails[j]) == row &&
		     (long)tl_x(l, t->fails[j].ts_ns) == px; j++)
			;
		sb_adds(sb, "<path class=\"fx\" d=\"M");
		sb_add_u64(sb, (uint64_t)(LEFT + px), 0);
		sb_addc(sb, ' ');
		add_px(sb, row_y(row) + 1);
		sb_adds(sb, "l4 8h-8z\"><title>");
		sb_add_u64(sb, j - i, 0);
		sb_adds(sb, j - i > 1 ? " failed execs" : " failed exec");
		sb_adds(sb, " at ");
		tl_add_time(sb, x->ts_ns - l->t0);
		sb_adds(sb, " by pid ");
		sb_add_u64(sb, x->pid, 0);
		sb_adds(sb, " (");
		escape_xml(sb, x->comm, strlen(x->comm), 0);
		sb_adds(sb, "):");
		for (k = i; k < j && k < i + FAIL_LIST; k++) {
			sb_addc(sb, '\n');
			add_fail_line(sb, t, &t->fails[k]);
		}
		if (j - i > FAIL_LIST)
			sb_adds(sb, "\n...");
		sb_adds(sb, "</title></path>\n");
		i = j;
	}
}

static const char style[] =
	"<style>\n"
	"text{font:10px sans-serif;fill:#222;white-space:pre}\n"
	".h{font:bold 13px sans-serif}.lg{font:11px sans-serif}\n"
	".ax{font:10px sans-serif;fill:#555}.gr{stroke:#e4e4e4}\n"
	".ln{stroke:#aaa;stroke-width:.6;fill:none}.tk{stroke:#444}.fx{fill:#c00}\n"
	"rect{stroke:#0003}\n"
	".c0>rect{fill:#a6cee3}.c1>rect{fill:#b2df8a}.c2>rect{fill:#fdbf6f}"
	".c3>rect{fill:#cab2d6}.c4>rect{fill:#ffff99}\n"
	".c5>rect{fill:#8dd3c7}.c6>rect{fill:#bebada}.c7>rect{fill:#80b1d3}"
	".c8>rect{fill:#b3de69}.c9>rect{fill:#d9d9d9}\n"
	".bad>rect,rect.bad{fill:#ff7b7b;stroke:#c00}"
	".sig>rect,rect.sig{fill:#c00;stroke:#600}.sig>text{fill:#fff}\n"
	"</style>\n";

static void add_text(struct strbuf *sb, const char *cls, double x, double y, const char *s)
{
	sb_adds(sb, "<text class=\"");
	sb_adds(sb, cls);
	sb_adds(sb, "\" x=\"");
	add_px(sb, x);
	sb_adds(sb, "\" y=\"");
	add_px(sb, y);
	sb_adds(sb, "\">");
	sb_adds(sb, s);
	sb_adds(sb, "</text>\n");
}

static void add_heading(struct strbuf *sb, const struct run_table *t, const struct tl_layout *l)
{
	time_t secs = (time_t)(((int64_t)l->t0 + t->realtime_offset_ns) / 1000000000);
	char when[64] = "";
	struct tm tm;

	if (gmtime_r(&secs, &tm))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
	sb_adds(sb, "<text class=\"h\" x=\"10\" y=\"16\">execsnoop: ");
	sb_add_u64(sb, t->nprocs, 0);
	sb_adds(sb, " processes (");
	sb_add_u64(sb, l->nrows, 0);
	sb_adds(sb, " rows, ");
	sb_add_u64(sb, l->nfolded, 0);
	sb_adds(sb, " shorter than 1 px folded), ");
	sb_add_u64(sb, t->nfails, 0);
	sb_adds(sb, " failed execs, ");
	tl_add_time(sb, l->span_ns);
	sb_adds(sb, " from ");
	sb_adds(sb, when);
	if (t->not_kept) {
		sb_adds(sb, "; ");
		sb_add_u64(sb, t->not_kept, 0);
		sb_adds(sb, " events past the table's size not drawn");
	}
	sb_adds(sb, "</text>\n");
	add_text(sb, "lg", 10, 32, "One row per process below its parent (grey lines, or a stub "
		 "when the parent is far above), a bar from "
		 "its exec to its end, coloured by program; hover for the command line, exit "
		 "status, CPU and peak RSS.");
	sb_adds(sb, "<rect class=\"bad\" x=\"10\" y=\"39\" width=\"14\" height=\"10\"/>"
		"<rect class=\"sig\" x=\"160\" y=\"39\" width=\"14\" height=\"10\"/>"
		"<path class=\"fx\" d=\"M322 39l5 10h-10z\"/>"
		"<path class=\"tk\" d=\"M440 45v4M444 45v4M451 45v4\"/>\n");
	add_text(sb, "lg", 28, 48, "exit code other than 0");
	add_text(sb, "lg", 178, 48, "killed by a signal");
	add_text(sb, "lg", 332, 48, "failed exec");
	add_text(sb, "lg", 458, 48, "(+N): N processes shorter than 1 px, folded into the row "
		 "(ticks at their starts)");
}

static void add_axis(struct strbuf *sb, const struct tl_layout *l, double bottom)
{
	uint64_t step = tl_tick_step(l->ns_per_px, TICK_MIN_PX), ns;

	sb_adds(sb, "<path class=\"gr\" d=\"");
	for (ns = 0; ns <= l->span_ns; ns += step) {
		sb_addc(sb, 'M');
		add_px(sb, LEFT + tl_x(l, l->t0 + ns));
		sb_adds(sb, " 56V");
		add_px(sb, bottom);
		if (ns > UINT64_MAX - step)
			break;
	}
	sb_adds(sb, "\"/>\n");
	for (ns = 0; ns <= l->span_ns; ns += step) {
		sb_adds(sb, "<text class=\"ax\" x=\"");
		add_px(sb, LEFT + tl_x(l, l->t0 + ns) + 2);
		sb_adds(sb, "\" y=\"62\">");
		tl_add_time(sb, ns);
		sb_adds(sb, "</text>\n");
		if (ns > UINT64_MAX - step)
			break;
	}
}

/*
 * Grey lines from each parent's bar down to its children's starts; a child
 * more than LINK_ROWS rows below its parent gets a short stub instead (a
 * configure script's hundreds of children would fill the chart with lines).
 */
static void add_links(struct strbuf *sb, const struct run_table *t, const struct tl_layout *l)
{
	uint32_t r, pr;

	sb_adds(sb, "<path class=\"ln\" d=\"");
	for (r = 0; r < l->nrows; r++) {
		const struct run_proc *p = &t->procs[l->order[r]];

		if (p->parent == RUNLOG_NONE)
			continue;
		pr = l->row[p->parent];
		sb_addc(sb, 'M');
		add_px(sb, LEFT + tl_x(l, p->start_ns));
		sb_addc(sb, ' ');
		add_px(sb, r - pr <= LINK_ROWS ? row_y(pr) + BAR_H : row_y(r) - 3);
		sb_addc(sb, 'V');
		add_px(sb, row_y(r) + BAR_H / 2);
	}
	sb_adds(sb, "\"/>\n");
}

void tl_svg(struct strbuf *sb, const struct run_table *t)
{
	struct tl_layout l;
	struct folds f;
	bool orphans = false;
	double w, h;
	char nspx[48];
	uint32_t r;

	tl_layout(&l, t, TL_PLOT_W);
	folds_make(&f, t, &l);
	for (r = 0; r < t->nfails && !orphans; r++)
		orphans = fail_row(t, &l, &t->fails[r]) == l.nrows;
	w = LEFT + l.plot_w + RIGHT;
	h = row_y(l.nrows + orphans) + BOTTOM;
	snprintf(nspx, sizeof(nspx), "%.3f", l.ns_per_px);
	sb_adds(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"");
	add_px(sb, w);
	sb_adds(sb, "\" height=\"");
	add_px(sb, h);
	sb_adds(sb, "\" viewBox=\"0 0 ");
	add_px(sb, w);
	sb_addc(sb, ' ');
	add_px(sb, h);
	sb_adds(sb, "\" data-ns-per-px=\"");
	sb_adds(sb, nspx);
	sb_adds(sb, "\" data-rows=\"");
	sb_add_u64(sb, l.nrows, 0);
	sb_adds(sb, "\" data-folded=\"");
	sb_add_u64(sb, l.nfolded, 0);
	sb_adds(sb, "\">\n");
	sb_adds(sb, style);
	sb_adds(sb, "<rect width=\"100%\" height=\"100%\" fill=\"#fff\" stroke=\"none\"/>\n");
	add_heading(sb, t, &l);
	add_axis(sb, &l, h - BOTTOM);
	add_links(sb, t, &l);
	for (r = 0; r < l.nrows; r++)
		add_row(sb, t, &l, &f, l.order[r]);
	if (orphans)
		add_text(sb, "lg", LEFT, row_y(l.nrows) + BAR_H - 1,
			 "failed execs of processes not in the trace");
	add_fails(sb, t, &l);
	sb_adds(sb, "</svg>\n");
	free(f.idx);
	free(f.first);
	tl_layout_release(&l);
}
