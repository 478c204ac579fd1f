// SPDX-License-Identifier: GPL-2.0
/* The run table: processes from exec to exit, linked to their parents. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "runlog.h"

static void *grow(void *p, uint32_t *cap, size_t size)
{
	uint32_t n = *cap ? *cap * 2 : 256;

	p = realloc(p, (size_t)n * size);
	if (!p)
		abort();	/* as strbuf: the tool cannot go on without memory */
	*cap = n;
	return p;
}

void runlog_init(struct run_table *t, int64_t realtime_offset_ns, uint64_t page_size)
{
	memset(t, 0, sizeof(*t));
	t->realtime_offset_ns = realtime_offset_ns;
	t->page_size = page_size;
}

void runlog_release(struct run_table *t)
{
	free(t->procs);
	free(t->fails);
	free(t->arena);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

/* Copies n bytes into the arena; returns their offset. */
static uint32_t arena_add(struct run_table *t, const char *s, size_t n)
{
	size_t off = t->arena_len;

	if (t->arena_cap - t->arena_len < n + 1) {
		size_t cap = t->arena_cap ? t->arena_cap : 65536;

		while (cap - t->arena_len < n + 1)
			cap *= 2;
		t->arena = realloc(t->arena, cap);
		if (!t->arena)
			abort();
		t->arena_cap = cap;
	}
	if (n)
		memcpy(t->arena + off, s, n);
	t->arena[off + n] = '\0';
	t->arena_len += n + 1;
	return (uint32_t)off;
}

static uint32_t slot_of(uint32_t pid, uint32_t mask)
{
	return (pid * 2654435761u) & mask;
}

static const struct run_slot *slot_find(const struct run_table *t, uint32_t pid)
{
	uint32_t mask = t->slots_cap - 1, i;

	if (!t->slots_cap || !pid)
		return NULL;
	for (i = slot_of(pid, mask); t->slots[i].pid; i = (i + 1) & mask)
		if (t->slots[i].pid == pid)
			return &t->slots[i];
	return NULL;
}

const struct run_proc *runlog_find(const struct run_table *t, uint32_t pid)
{
	const struct run_slot *s = slot_find(t, pid);

	return s ? &t->procs[s->idx] : NULL;
}

static uint32_t latest(const struct run_table *t, uint32_t pid)
{
	const struct run_slot *s = slot_find(t, pid);

	return s ? s->idx : RUNLOG_NONE;
}

static void slot_set(struct run_table *t, uint32_t pid, uint32_t idx);

static void slots_grow(struct run_table *t)
{
	struct run_slot *old = t->slots;
	uint32_t old_cap = t->slots_cap, i;

	t->slots_cap = old_cap ? old_cap * 2 : 1024;
	t->slots = calloc(t->slots_cap, sizeof(*t->slots));
	if (!t->slots)
		abort();
	t->slots_used = 0;
	for (i = 0; i < old_cap; i++)
		if (old[i].pid)
			slot_set(t, old[i].pid, old[i].idx);
	free(old);
}

/* pid's latest record is now idx. Pids are never removed: they are reused. */
static void slot_set(struct run_table *t, uint32_t pid, uint32_t idx)
{
	uint32_t mask, i;

	if (!pid)
		return;
	if ((t->slots_used + 1) * 2 > t->slots_cap)
		slots_grow(t);
	mask = t->slots_cap - 1;
	for (i = slot_of(pid, mask); t->slots[i].pid; i = (i + 1) & mask) {
		if (t->slots[i].pid == pid) {
			t->slots[i].idx = idx;
			return;
		}
	}
	t->slots[i].pid = pid;
	t->slots[i].idx = idx;
	t->slots_used++;
}

static void see_time(struct run_table *t, uint64_t ns)
{
	if (!t->first_ns || ns < t->first_ns)
		t->first_ns = ns;
	if (ns > t->last_ns)
		t->last_ns = ns;
}

/* A new record for pid, linked under its parent's latest record. */
static struct run_proc *proc_new(struct run_table *t, const struct decoded *d,
				 uint64_t start_ns)
{
	const struct event *e = d->e;
	struct run_proc *p;
	uint32_t idx, parent;

	if (t->nprocs >= RUNLOG_PROCS_MAX) {
		t->not_kept++;
		return NULL;
	}
	if (t->nprocs == t->procs_cap)
		t->procs = grow(t->procs, &t->procs_cap, sizeof(*t->procs));
	idx = t->nprocs++;
	p = &t->procs[idx];
	memset(p, 0, sizeof(*p));
	p->start_ns = start_ns;
	p->pid = e->pid;
	p->ppid = e->ppid;
	p->uid = e->uid;
	p->first_child = RUNLOG_NONE;
	p->last_child = RUNLOG_NONE;
	p->next_sibling = RUNLOG_NONE;
	p->prev_image = RUNLOG_NONE;
	p->exit_code = 0;
	memcpy(p->comm, d->comm, sizeof(p->comm));

	parent = e->ppid != e->pid ? latest(t, e->ppid) : RUNLOG_NONE;
	/* a parent record that has exited is a former owner of a reused pid */
	if (parent != RUNLOG_NONE && t->procs[parent].exited)
		parent = RUNLOG_NONE;
	p->parent = parent;
	if (parent == RUNLOG_NONE) {
		t->roots++;
	} else {
		struct run_proc *pp = &t->procs[parent];

		if (pp->last_child == RUNLOG_NONE)
			pp->first_child = idx;
		else
			t->procs[pp->last_child].next_sibling = idx;
		pp->last_child = idx;
	}
	slot_set(t, e->pid, idx);
	see_time(t, start_ns);
	return p;
}

static void keep_args(struct run_table *t, const struct decoded *d, uint32_t *off,
		      uint32_t *len, bool *cut)
{
	size_t n = d->args_len;
	bool c = d->e->flags & (EVF_ARGS_TRUNC | EVF_ARGC_TRUNC);

	if (n > RUNLOG_ARGS_KEEP) {
		n = RUNLOG_ARGS_KEEP;
		c = true;
	}
	*off = arena_add(t, d->args, n);
	*len = (uint32_t)n;
	if (cut)
		*cut = c;
}

static void add_exec(struct run_table *t, const struct decoded *d)
{
	const struct event *e = d->e;
	uint32_t prev = latest(t, e->pid);
	struct run_proc *p;

	/* the same pid exec'ing again ends the image it had */
	if (prev != RUNLOG_NONE && !t->procs[prev].exited) {
		t->procs[prev].end_ns = e->ts_ns;
		t->procs[prev].replaced = true;
	} else {
		prev = RUNLOG_NONE;
	}
	p = proc_new(t, d, e->ts_ns);
	if (!p)
		return;
	p->exec_seen = true;
	p->prev_image = prev;
	p->argc = e->argc;
	keep_args(t, d, &p->args_off, &p->args_len, &p->args_cut);
	p->path_off = arena_add(t, d->fname, d->fname_len);
	p->path_len = (uint32_t)d->fname_len;
}

/*
 * A process seen first at its exit that forked without exec (a subshell),
 * or exec'd before the run: its children that exec'd were made roots, their
 * parent unknown then. They are its children: linked under it now, in the
 * order they were seen. Only the records since its start are looked at, at
 * most ADOPT_SCAN of them: a process that lived through a long run (the
 * -p process, or any with --exit-all) would cost a pass over the table.
 */
#define ADOPT_SCAN	65536u

static void adopt(struct run_table *t, uint32_t idx)
{
	struct run_proc *p = &t->procs[idx];
	uint32_t i, stop = idx > ADOPT_SCAN ? idx - ADOPT_SCAN : 0;

	for (i = idx; i-- > stop;) {
		struct run_proc *c = &t->procs[i];

		if (c->exec_seen && c->start_ns < p->start_ns)
			break;
		if (c->parent != RUNLOG_NONE || c->ppid != p->pid || c->pid == p->pid ||
		    c->start_ns < p->start_ns)
			continue;
		c->parent = idx;
		c->next_sibling = p->first_child;
		p->first_child = i;
		if (p->last_child == RUNLOG_NONE)
			p->last_child = i;
		t->roots--;
	}
}

static void add_exit(struct run_table *t, const struct decoded *d)
{
	const struct event *e = d->e;
	uint32_t idx = latest(t, e->pid);
	struct exit_info x = exit_info(e->exit_status);
	struct rusage_view ru = exit_rusage(e, t->page_size);
	struct run_proc *p;

	see_time(t, e->ts_ns);
	if (idx == RUNLOG_NONE || t->procs[idx].exited) {
		/* it exec'd before the run (or its exec was not kept) */
		t->exits_unmatched++;
		p = proc_new(t, d, e->start_ns ? e->start_ns : e->ts_ns);
		if (!p)
			return;
		p->exec_seen = false;
		adopt(t, (uint32_t)(p - t->procs));
	} else {
		p = &t->procs[idx];
	}
	p->end_ns = e->ts_ns;
	p->exited = true;
	p->exit_code = x.code;
	p->sig = x.sig;
	p->core = x.core;
	p->has_rusage = true;
	p->cpu_user_ns = ru.user_ns;
	p->cpu_sys_ns = ru.sys_ns;
	p->cpu_ns = e->runtime_ns;
	p->max_rss_kib = ru.max_rss_kib;
	p->nvcsw = e->nvcsw;
	p->nivcsw = e->nivcsw;
}

static void add_fail(struct run_table *t, const struct decoded *d)
{
	const struct event *e = d->e;
	struct run_fail *f;

	see_time(t, e->ts_ns);
	if (t->nfails >= RUNLOG_PROCS_MAX) {
		t->not_kept++;
		return;
	}
	if (t->nfails == t->fails_cap)
		t->fails = grow(t->fails, &t->fails_cap, sizeof(*t->fails));
	f = &t->fails[t->nfails++];
	memset(f, 0, sizeof(*f));
	f->ts_ns = e->ts_ns;
	f->pid = e->pid;
	f->ppid = e->ppid;
	f->caller = latest(t, e->pid);
	/* a pid reused since its record's exit is another process */
	if (f->caller != RUNLOG_NONE && t->procs[f->caller].exited)
		f->caller = RUNLOG_NONE;
	/* -errno; no kernel writes INT32_MIN, which has no positive */
	f->err = e->retval >= 0 ? e->retval : e->retval == INT32_MIN ? INT32_MAX : -e->retval;
	memcpy(f->comm, d->comm, sizeof(f->comm));
	f->path_off = arena_add(t, d->fname, d->fname_len);
	f->path_len = (uint32_t)d->fname_len;
	keep_args(t, d, &f->args_off, &f->args_len, NULL);
}

void runlog_add(struct run_table *t, const struct decoded *d)
{
	switch (d->e->type) {
	case EVENT_EXEC:
		add_exec(t, d);
		break;
	case EVENT_EXEC_FAIL:
		add_fail(t, d);
		break;
	case EVENT_EXIT:
		add_exit(t, d);
		break;
	default:
		break;
	}
}

static int by_pid_start(const void *a, const void *b, void *ctx)
{
	const struct run_table *t = ctx;
	const struct run_proc *x = &t->procs[*(const uint32_t *)a];
	const struct run_proc *y = &t->procs[*(const uint32_t *)b];

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->start_ns < y->start_ns ? -1 : x->start_ns > y->start_ns;
}

/*
 * The record of pid alive at ns, else pid's first exec after ns (sorted:
 * records by pid, then start), or RUNLOG_NONE.
 */
static uint32_t alive_at(const struct run_table *t, const uint32_t *sorted, uint32_t pid,
			 uint64_t ns)
{
	uint32_t lo = 0, hi = t->nprocs, mid;
	const struct run_proc *p;

	/* the last record with (pid, start) <= (pid, ns) */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		p = &t->procs[sorted[mid]];
		if (p->pid < pid || (p->pid == pid && p->start_ns <= ns))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo) {
		p = &t->procs[sorted[lo - 1]];
		if (p->pid == pid && (!p->end_ns || p->end_ns >= ns))
			return sorted[lo - 1];
	}
	/*
	 * None then: the parent was between its fork and its first exec (a
	 * subshell that ends by exec'ing its last command): that exec's image.
	 */
	if (lo < t->nprocs) {
		p = &t->procs[sorted[lo]];
		if (p->pid == pid && p->exec_seen && p->prev_image == RUNLOG_NONE)
			return sorted[lo];
	}
	return RUNLOG_NONE;
}

/* Links record c under p, among p's children in start order. */
static void link_child(struct run_table *t, uint32_t p, uint32_t c)
{
	struct run_proc *pp = &t->procs[p];
	uint32_t prev = RUNLOG_NONE, next = pp->first_child;

	while (next != RUNLOG_NONE && t->procs[next].start_ns <= t->procs[c].start_ns) {
		prev = next;
		next = t->procs[next].next_sibling;
	}
	t->procs[c].parent = p;
	t->procs[c].next_sibling = next;
	if (prev == RUNLOG_NONE)
		pp->first_child = c;
	else
		t->procs[prev].next_sibling = c;
	if (next == RUNLOG_NONE)
		pp->last_child = c;
	t->roots--;
}

/*
 * A process whose parent had not exec'd in the trace yet (a child of a
 * subshell) got no parent at its exec; its parent's record may have come
 * later: from its first exec (a subshell ends by exec'ing its last
 * command), or from its exit (--exit-all). Link it now.
 */
static void relink_orphans(struct run_table *t)
{
	uint32_t *sorted, i, p, a;

	if (t->roots < 2)
		return;
	sorted = malloc((size_t)t->nprocs * sizeof(*sorted));
	if (!sorted)
		abort();
	for (i = 0; i < t->nprocs; i++)
		sorted[i] = i;
	qsort_r(sorted, t->nprocs, sizeof(*sorted), by_pid_start, t);
	for (i = 0; i < t->nprocs; i++) {
		const struct run_proc *c = &t->procs[i];

		if (c->parent != RUNLOG_NONE || !c->ppid || c->ppid == c->pid)
			continue;
		p = alive_at(t, sorted, c->ppid, c->start_ns);
		/* never under itself or one of its own descendants */
		for (a = p; a != RUNLOG_NONE && a != i; a = t->procs[a].parent)
			;
		if (p != RUNLOG_NONE && a == RUNLOG_NONE)
			link_child(t, p, i);
	}
	free(sorted);
}

void runlog_finish(struct run_table *t, uint64_t end_ns)
{
	if (end_ns)
		see_time(t, end_ns);
	relink_orphans(t);
}
