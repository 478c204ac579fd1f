// SPDX-License-Identifier: GPL-2.0
/* The end-of-run report: sums, top lists and the critical path of the run table. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "report.h"

/* --- groups: records with the same name and key ------------------------ */

static uint32_t hash_of(const char *s, size_t n, int key)
{
	uint32_t h = 2166136261u ^ (uint32_t)key;	/* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		abort();	/* as strbuf: the tool cannot go on without memory */
	return p;
}

static void groups_rehash(struct report_groups *g)
{
	uint32_t i, j, mask;

	free(g->slots);
	g->slots_cap = g->slots_cap ? g->slots_cap * 2 : 64;
	g->slots = calloc(g->slots_cap, sizeof(*g->slots));
	if (!g->slots)
		abort();
	mask = g->slots_cap - 1;
	for (i = 0; i < g->n; i++) {
		j = hash_of(g->v[i].name, g->v[i].name_len, g->v[i].key) & mask;
		while (g->slots[j])
			j = (j + 1) & mask;
		g->slots[j] = i + 1;
	}
}

/* The group of (name, key), made empty if new. */
static struct report_group *group_of(struct report_groups *g, const char *name, size_t len,
				     int key)
{
	struct report_group *e;
	uint32_t j, mask;

	if ((g->n + 1) * 2 > g->slots_cap)
		groups_rehash(g);
	mask = g->slots_cap - 1;
	for (j = hash_of(name, len, key) & mask; g->slots[j]; j = (j + 1) & mask) {
		e = &g->v[g->slots[j] - 1];
		if (e->key == key && e->name_len == len && !memcmp(e->name, name, len))
			return e;
	}
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64;
		g->v = xrealloc(g->v, (size_t)g->cap * sizeof(*g->v));
	}
	g->slots[j] = g->n + 1;
	e = &g->v[g->n++];
	memset(e, 0, sizeof(*e));
	e->name = name;
	e->name_len = len;
	e->key = key;
	return e;
}

static void groups_release(struct report_groups *g)
{
	free(g->v);
	free(g->slots);
	memset(g, 0, sizeof(*g));
}

/* --- names ---------------------------------------------------------- */

/* The last component of a path; the whole path if it ends with '/'. */
static const char *base_of(const char *path, size_t n, size_t *len)
{
	const char *slash = memrchr(path, '/', n);

	if (!slash || slash + 1 == path + n) {
		*len = n;
		return path;
	}
	*len = (size_t)(path + n - (slash + 1));
	return slash + 1;
}

const char *report_proc_name(const struct run_table *t, const struct run_proc *p,
			     size_t *len)
{
	if (p->exec_seen && p->path_len)
		return base_of(runlog_str(t, p->path_off), p->path_len, len);
	*len = strlen(p->comm);
	return p->comm;
}

static const char *fail_name(const struct run_table *t, const struct run_fail *f, size_t *len)
{
	if (f->path_len)
		return base_of(runlog_str(t, f->path_off), f->path_len, len);
	*len = strlen(f->comm);
	return f->comm;
}

const char *report_errno_name(int err)
{
	return err > 0 ? strerrorname_np(err) : NULL;
}

/* --- sums ------------------------------------------------------------- */

static uint64_t proc_wall(const struct run_table *t, const struct run_proc *p)
{
	uint64_t end = runlog_end(t, p);

	return end > p->start_ns ? end - p->start_ns : 0;
}

static void add_procs(struct report *r)
{
	const struct run_table *t = r->t;
	uint32_t i;

	for (i = 0; i < t->nprocs; i++) {
		const struct run_proc *p = &t->procs[i];
		struct report_group *g;
		const char *name;
		size_t len;

		name = report_proc_name(t, p, &len);
		g = group_of(&r->progs, name, len, 0);
		g->count++;
		g->wall_ns += proc_wall(t, p);
		if (p->has_rusage) {
			g->cpu_ns += p->cpu_ns;
			if (p->max_rss_kib > g->max_rss_kib)
				g->max_rss_kib = p->max_rss_kib;
		}
		if (p->exited) {
			r->exited++;
			if (p->sig) {
				r->killed++;
				group_of(&r->signals, name, len, p->sig)->count++;
			} else if (p->exit_code) {
				r->nonzero++;
			}
		} else if (!p->replaced) {
			r->running++;
		}
	}
}

static void add_fails(struct report *r)
{
	const struct run_table *t = r->t;
	uint32_t i;

	for (i = 0; i < t->nfails; i++) {
		const struct run_fail *f = &t->fails[i];
		const char *name;
		size_t len;

		name = fail_name(t, f, &len);
		group_of(&r->errnos, "", 0, f->err)->count++;
		group_of(&r->fail_progs, name, len, f->err)->count++;
	}
}

/* --- order -------------------------------------------------------------- */

enum order { BY_COUNT, BY_WALL, BY_CPU, BY_RSS };

struct order_ctx {
	const struct report_group *v;
	enum order by;
};

static uint64_t figure(const struct report_group *g, enum order by)
{
	switch (by) {
	case BY_WALL:
		return g->wall_ns;
	case BY_CPU:
		return g->cpu_ns;
	case BY_RSS:
		return g->max_rss_kib;
	default:
		return g->count;
	}
}

/* Names in byte order, a prefix first; then keys; so ties always sort the same. */
static int cmp_name(const struct report_group *a, const struct report_group *b)
{
	size_t n = a->name_len < b->name_len ? a->name_len : b->name_len;
	int c = memcmp(a->name, b->name, n);

	if (c)
		return c;
	if (a->name_len != b->name_len)
		return a->name_len < b->name_len ? -1 : 1;
	return (a->key > b->key) - (a->key < b->key);
}

/* The larger figure first; ties by name. */
static int cmp_index(const void *pa, const void *pb, void *arg)
{
	const struct order_ctx *c = arg;
	const struct report_group *a = &c->v[*(const uint32_t *)pa];
	const struct report_group *b = &c->v[*(const uint32_t *)pb];
	uint64_t fa = figure(a, c->by), fb = figure(b, c->by);

	if (fa != fb)
		return fa > fb ? -1 : 1;
	return cmp_name(a, b);
}

static uint32_t *sorted(const struct report_groups *g, enum order by)
{
	uint32_t *idx = xrealloc(NULL, (size_t)g->n * sizeof(*idx)), i;
	struct order_ctx c = { g->v, by };

	for (i = 0; i < g->n; i++)
		idx[i] = i;
	qsort_r(idx, g->n, sizeof(*idx), cmp_index, &c);
	return idx;
}

static int cmp_group(const void *pa, const void *pb)
{
	const struct report_group *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return cmp_name(a, b);
}

/* A list kept in its own order: the most frequent first, ties by name and key. */
static void sort_groups(struct report_groups *g)
{
	if (g->n)
		qsort(g->v, g->n, sizeof(*g->v), cmp_group);
	free(g->slots);		/* the positions changed: no more lookups */
	g->slots = NULL;
	g->slots_cap = 0;
}

/* --- the critical path ---------------------------------------------------- */

/* Whether record a ended after record b (ties: started earlier, then seen first). */
static bool ends_after(const struct run_table *t, uint32_t a, uint32_t b)
{
	const struct run_proc *pa = &t->procs[a], *pb = &t->procs[b];
	uint64_t ea = runlog_end(t, pa), eb = runlog_end(t, pb);

	if (ea != eb)
		return ea > eb;
	if (pa->start_ns != pb->start_ns)
		return pa->start_ns < pb->start_ns;
	return a < b;
}

/*
 * From the root that ended last, down through the child that ended last,
 * to a leaf: what the run was still waiting for when it ended.
 */
static void critical_path(struct report *r)
{
	const struct run_table *t = r->t;
	uint32_t i, cur = RUNLOG_NONE, c, cap = 16;

	for (i = 0; i < t->nprocs; i++)
		if (t->procs[i].parent == RUNLOG_NONE && (cur == RUNLOG_NONE || ends_after(t, i, cur)))
			cur = i;
	r->path = xrealloc(NULL, cap * sizeof(*r->path));
	while (cur != RUNLOG_NONE) {
		const struct run_proc *p = &t->procs[cur];
		uint32_t next = RUNLOG_NONE;

		if (r->path_len == cap) {
			cap *= 2;
			r->path = xrealloc(r->path, cap * sizeof(*r->path));
		}
		r->path[r->path_len++] = (struct report_step){
			.proc = cur,
			.start_ns = (int64_t)(p->start_ns - r->in.start_ns),
			.duration_ns = proc_wall(t, p),
		};
		for (c = p->first_child; c != RUNLOG_NONE; c = t->procs[c].next_sibling)
			if (next == RUNLOG_NONE || ends_after(t, c, next))
				next = c;
		/* links go to records made earlier: the walk ends, but be sure */
		if (r->path_len > t->nprocs)
			break;
		cur = next;
	}
}

void report_build(struct report *r, const struct run_table *t, const struct report_input *in)
{
	struct report_groups unsorted;
	uint32_t i, *order;

	memset(r, 0, sizeof(*r));
	r->t = t;
	r->in = *in;
	add_procs(r);
	add_fails(r);
	r->by_count = sorted(&r->progs, BY_COUNT);
	r->by_wall = sorted(&r->progs, BY_WALL);
	r->by_cpu = sorted(&r->progs, BY_CPU);
	r->by_rss = sorted(&r->progs, BY_RSS);
	for (i = 0; i < r->progs.n; i++) {
		const struct report_group *g = &r->progs.v[i];

		r->total.count += g->count;
		r->total.wall_ns += g->wall_ns;
		r->total.cpu_ns += g->cpu_ns;
		if (g->max_rss_kib > r->total.max_rss_kib)
			r->total.max_rss_kib = g->max_rss_kib;
	}
	/* progs in the order of by_count, which then is 0, 1, 2... */
	unsorted = r->progs;
	r->progs.v = xrealloc(NULL, (size_t)unsorted.n * sizeof(*r->progs.v));
	r->progs.cap = unsorted.n;
	order = xrealloc(NULL, (size_t)unsorted.n * sizeof(*order));
	for (i = 0; i < unsorted.n; i++) {
		r->progs.v[i] = unsorted.v[r->by_count[i]];
		order[r->by_count[i]] = i;	/* old index -> new */
	}
	for (i = 0; i < unsorted.n; i++) {
		r->by_count[i] = i;
		r->by_wall[i] = order[r->by_wall[i]];
		r->by_cpu[i] = order[r->by_cpu[i]];
		r->by_rss[i] = order[r->by_rss[i]];
	}
	free(order);
	free(unsorted.v);
	free(unsorted.slots);
	r->progs.slots = NULL;
	r->progs.slots_cap = 0;
	sort_groups(&r->errnos);
	sort_groups(&r->fail_progs);
	sort_groups(&r->signals);
	critical_path(r);
}

void report_release(struct report *r)
{
	groups_release(&r->progs);
	groups_release(&r->errnos);
	groups_release(&r->fail_progs);
	groups_release(&r->signals);
	free(r->by_count);
	free(r->by_wall);
	free(r->by_cpu);
	free(r->by_rss);
	free(r->path);
	memset(r, 0, sizeof(*r));
}

/* --- text ------------------------------------------------------------------ */

/* Columns a string takes on a terminal: one per character (UTF-8 lead byte). */
static size_t columns_of(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/*
 * Appends escaped text (already escaped in esc) in at most avail columns:
 * longer text is cut at a character and ends with "...".
 */
static void add_cut(struct strbuf *out, const struct strbuf *esc, size_t avail)
{
	size_t i, c = 0;

	if (!esc->len)
		return;
	if (columns_of(esc->buf, esc->len) <= avail) {
		sb_add(out, esc->buf, esc->len);
		return;
	}
	for (i = 0; i < esc->len; i++) {
		if (((unsigned char)esc->buf[i] & 0xc0) != 0x80 && ++c > avail - 3)
			break;
	}
	sb_add(out, esc->buf, i);
	sb_adds(out, "...");
}

/* A traced name, escaped, in at most avail columns. */
static void add_name(struct strbuf *out, const char *s, size_t n, size_t avail)
{
	struct strbuf esc = STRBUF_INIT;

	escape_text(&esc, s, n, 0);
	add_cut(out, &esc, avail);
	sb_release(&esc);
}

/* Seconds with three decimals, right-aligned in width. */
static void add_secs_signed(struct strbuf *out, uint64_t ns, bool negative, int width)
{
	uint64_t ms = ns / 1000000 + (ns % 1000000 >= 500000);
	char buf[32];
	int n;

	n = snprintf(buf, sizeof(buf), "%s%llu.%03llu", negative && ms ? "-" : "",
		     (unsigned long long)(ms / 1000), (unsigned long long)(ms % 1000));
	sb_add_pad(out, (size_t)width, (size_t)n);
	sb_add(out, buf, (size_t)n);
}

static void add_secs(struct strbuf *out, uint64_t ns, int width)
{
	add_secs_signed(out, ns, false, width);
}

/* the program tables: COUNT WALL(s) CPU(s) MAX RSS KiB, then PROGRAM */
#define PROG_PREFIX	(7 + 12 + 12 + 13 + 2)

static void prog_row(struct strbuf *out, const struct report_group *g, const char *label)
{
	sb_add_u64(out, g->count, 7);
	add_secs(out, g->wall_ns, 12);
	add_secs(out, g->cpu_ns, 12);
	sb_add_u64(out, g->max_rss_kib, 13);
	sb_adds(out, "  ");
	if (label)
		sb_adds(out, label);
	else
		add_name(out, g->name, g->name_len, REPORT_WIDTH - PROG_PREFIX);
	sb_addc(out, '\n');
}

/*
 * The number of rows of a top list out of total, with " (top N of M...)"
 * after its heading when the list is cut (what names the rows, or "").
 */
static uint32_t add_top(struct strbuf *out, uint32_t total, const char *what)
{
	uint32_t n = total < REPORT_TOP ? total : REPORT_TOP;

	if (n < total) {
		sb_adds(out, " (top ");
		sb_add_u64(out, n, 0);
		sb_adds(out, " of ");
		sb_add_u64(out, total, 0);
		sb_adds(out, what);
		sb_addc(out, ')');
	}
	return n;
}

static void prog_table(const struct report *r, struct strbuf *out, const char *what,
		       const uint32_t *order)
{
	uint32_t i, n;
	char label[48];

	sb_adds(out, "\nPrograms by ");
	sb_adds(out, what);
	n = add_top(out, r->progs.n, "");
	sb_adds(out, ":\n");
	sb_adds(out, "  COUNT     WALL(s)      CPU(s)  MAX RSS KiB  PROGRAM\n");
	for (i = 0; i < n; i++)
		prog_row(out, &r->progs.v[order[i]], NULL);
	snprintf(label, sizeof(label), "total (%u program%s)", r->progs.n,
		 r->progs.n == 1 ? "" : "s");
	prog_row(out, &r->total, label);
}

static void add_errno(struct strbuf *out, int err, int width)
{
	const char *name = report_errno_name(err);
	char buf[24];

	if (!name) {
		snprintf(buf, sizeof(buf), "errno %d", err);
		name = buf;
	}
	sb_adds(out, name);
	if (width)
		sb_add_pad(out, (size_t)width, strlen(name));
}

static void add_signal(struct strbuf *out, int sig, int width)
{
	size_t before = out->len;

	if (!sb_add_signame(out, sig)) {
		sb_adds(out, "signal ");
		sb_add_u64(out, (uint64_t)sig, 0);
	}
	sb_add_pad(out, (size_t)width, out->len - before);
}

static void fails_text(const struct report *r, struct strbuf *out)
{
	uint32_t i, n;

	sb_adds(out, "\nFailed execs: ");
	if (!r->in.fails_traced) {
		sb_adds(out, "not traced (-x traces them)\n");
		return;
	}
	sb_add_u64(out, r->t->nfails, 0);
	if (!r->t->nfails) {
		sb_addc(out, '\n');
		return;
	}
	sb_adds(out, ", by errno:\n  COUNT  ERRNO    DESCRIPTION\n");
	for (i = 0; i < r->errnos.n; i++) {
		const struct report_group *g = &r->errnos.v[i];

		sb_add_u64(out, g->count, 7);
		sb_adds(out, "  ");
		add_errno(out, g->key, 9);
		sb_adds(out, strerror(g->key));
		sb_addc(out, '\n');
	}
	sb_adds(out, "Failed execs by program");
	n = add_top(out, r->fail_progs.n, "");
	sb_adds(out, ":\n  COUNT  ERRNO    PROGRAM\n");
	for (i = 0; i < n; i++) {
		const struct report_group *g = &r->fail_progs.v[i];

		sb_add_u64(out, g->count, 7);
		sb_adds(out, "  ");
		add_errno(out, g->key, 9);
		add_name(out, g->name, g->name_len, REPORT_WIDTH - 18);
		sb_addc(out, '\n');
	}
}

static void signals_text(const struct report *r, struct strbuf *out)
{
	uint32_t i, n;

	sb_adds(out, "\nKilled by a signal: ");
	sb_add_u64(out, r->killed, 0);
	if (!r->killed) {
		sb_addc(out, '\n');
		return;
	}
	n = add_top(out, r->signals.n, " programs and signals");
	sb_adds(out, "\n  COUNT  SIGNAL     PROGRAM\n");
	for (i = 0; i < n; i++) {
		const struct report_group *g = &r->signals.v[i];

		sb_add_u64(out, g->count, 7);
		sb_adds(out, "  ");
		add_signal(out, g->key, 11);
		add_name(out, g->name, g->name_len, REPORT_WIDTH - 20);
		sb_addc(out, '\n');
	}
}

/* "0", "1", "SIGKILL", "exec" (replaced by an exec), "running" */
static void add_end(struct strbuf *out, const struct run_proc *p, int width)
{
	size_t before = out->len;

	if (p->exited && p->sig)
		add_signal(out, p->sig, 0);
	else if (p->exited)
		sb_add_u64(out, (uint64_t)p->exit_code, 0);
	else if (p->replaced)
		sb_adds(out, "exec");
	else
		sb_adds(out, "running");
	sb_add_pad(out, (size_t)width, out->len - before);
}

/* The program's name, then its arguments from argv[1], escaped, in avail columns. */
static void add_command(struct strbuf *out, const struct run_table *t, const struct run_proc *p,
			size_t avail)
{
	struct strbuf esc = STRBUF_INIT;
	/* only an exec'd record has strings (the arena may not exist yet) */
	const char *a = p->exec_seen ? runlog_str(t, p->args_off) : "";
	const char *end = a + (p->exec_seen ? p->args_len : 0), *name;
	size_t n;

	name = report_proc_name(t, p, &n);
	escape_text(&esc, name, n, 0);
	if (a < end)
		a += strnlen(a, (size_t)(end - a)) + 1;	/* argv[0]: the name instead */
	while (a < end) {
		n = strnlen(a, (size_t)(end - a));
		sb_addc(&esc, ' ');
		escape_text(&esc, a, n, 0);
		a += n + 1;
	}
	if (p->args_cut)
		sb_adds(&esc, " ...");
	add_cut(out, &esc, avail);
	sb_release(&esc);
}

#define PATH_PREFIX	(10 + 13 + 9 + 2 + 9)

static void path_text(const struct report *r, struct strbuf *out)
{
	uint32_t i;

	sb_adds(out, "\nCritical path (from the root that ended last, each step the child\n"
		"that ended last):\n");
	if (!r->path_len) {
		sb_adds(out, "  no process\n");
		return;
	}
	sb_adds(out, "  START(s)  DURATION(s)      PID  END      COMMAND\n");
	for (i = 0; i < r->path_len; i++) {
		const struct report_step *s = &r->path[i];
		const struct run_proc *p = &r->t->procs[s->proc];

		add_secs_signed(out, s->start_ns < 0 ? -(uint64_t)s->start_ns : (uint64_t)s->start_ns,
				s->start_ns < 0, 10);
		add_secs(out, s->duration_ns, 13);
		sb_add_u64(out, p->pid, 9);
		sb_adds(out, "  ");
		add_end(out, p, 9);
		add_command(out, r->t, p, REPORT_WIDTH - PATH_PREFIX);
		sb_addc(out, '\n');
	}
}

static void header_text(const struct report *r, struct strbuf *out)
{
	char buf[32];

	sb_adds(out, "\nexecsnoop report: ");
	sb_add_u64(out, r->t->nprocs, 0);
	sb_adds(out, " processes in ");
	snprintf(buf, sizeof(buf), "%.3f", r->in.duration_s);
	sb_adds(out, buf);
	sb_adds(out, " s\n  ");
	sb_add_u64(out, r->exited, 0);
	sb_adds(out, " exited: ");
	sb_add_u64(out, r->nonzero, 0);
	sb_adds(out, " with a non-zero code, ");
	sb_add_u64(out, r->killed, 0);
	sb_adds(out, " killed by a signal\n  ");
	sb_add_u64(out, r->running, 0);
	sb_adds(out, " still running at the end\n  ");
	sb_add_u64(out, r->t->exits_unmatched, 0);
	sb_adds(out, " seen only at their exit (no exec seen: timed from the fork)\n");
	if (!r->in.exits_traced)
		sb_adds(out, "Process ends were not traced: no run times, CPU or memory.\n");
}

static void losses_text(const struct report *r, struct strbuf *out)
{
	sb_adds(out, "\nEvents lost: ");
	sb_add_u64(out, r->in.lost, 0);
	sb_addc(out, '\n');
	if (r->in.lost)
		sb_adds(out, "Warning: events were lost (kernel buffer full): the figures above\n"
			"may be incomplete; a larger --buffer-size may help.\n");
	if (r->t->not_kept) {
		sb_adds(out, "Warning: ");
		sb_add_u64(out, r->t->not_kept, 0);
		sb_adds(out, " events not kept (the run table is full): the figures\n"
			"above are incomplete.\n");
	}
}

void report_text(const struct report *r, struct strbuf *out)
{
	header_text(r, out);
	prog_table(r, out, "count", r->by_count);
	prog_table(r, out, "total wall time", r->by_wall);
	prog_table(r, out, "total CPU time", r->by_cpu);
	prog_table(r, out, "peak RSS", r->by_rss);
	fails_text(r, out);
	signals_text(r, out);
	path_text(r, out);
	losses_text(r, out);
}
