// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include "filter.h"

void filter_init(struct filter *f, const struct options *o)
{
	memset(f, 0, sizeof(*f));
	f->opts = o;
	f->replay = o->from && (o->uid_set || o->ppid_set || o->mntns_set);
	f->by_exec = o->name_set || o->line_set || o->exclude_comm.n || o->exclude_pcomm.n ||
		     o->exclude_exe.n;
	f->prefix_len = strlen(o->container_prefix);
	f->active = f->by_exec || f->replay || f->prefix_len;
	/* a replay shows the exits its file has, -e or not */
	f->follow_exits = (f->by_exec || f->replay) && (o->exits || o->from);
}

void filter_release(struct filter *f)
{
	sb_release(&f->scratch);
	sb_release(&f->exe);
	free(f->shown);
	f->shown = NULL;
	f->shown_count = 0;
}

/*
 * The set of pids whose exec passed, so that their exit lines follow them:
 * linear probing, deletion by backward shift (no tombstones).
 */
static size_t shown_slot(uint32_t pid)
{
	return (size_t)((pid * 2654435761u) % SHOWN_SLOTS);
}

static void shown_add(struct filter *f, uint32_t pid)
{
	size_t i, n;

	if (!f->shown) {
		f->shown = calloc(SHOWN_SLOTS, sizeof(*f->shown));
		if (!f->shown)
			return;
	}
	/*
	 * Kept at most half full, so probes stay short and always meet a free
	 * slot; past that (exits lost or never seen) an exit line goes missing.
	 */
	if (f->shown_count >= SHOWN_SLOTS / 2)
		return;
	for (i = shown_slot(pid), n = 0; n < SHOWN_SLOTS; i = (i + 1) % SHOWN_SLOTS, n++) {
		if (f->shown[i] == pid)
			return;
		if (!f->shown[i]) {
			f->shown[i] = pid;
			f->shown_count++;
			return;
		}
	}
}

static bool shown_take(struct filter *f, uint32_t pid)
{
	size_t i, j, k, n;

	if (!f->shown)
		return false;
	for (i = shown_slot(pid), n = 0; f->shown[i] != pid; i = (i + 1) % SHOWN_SLOTS) {
		if (!f->shown[i] || ++n == SHOWN_SLOTS)
			return false;
	}
	/* backward-shift the entries after i that probed past it */
	for (j = i;;) {
		j = (j + 1) % SHOWN_SLOTS;
		if (!f->shown[j])
			break;
		k = shown_slot(f->shown[j]);
		if ((j > i && (k <= i || k > j)) || (j < i && k <= i && k > j)) {
			f->shown[i] = f->shown[j];
			i = j;
		}
	}
	f->shown[i] = 0;
	f->shown_count--;
	return true;
}

/* --container-id: the event's cgroup names a container with that id prefix. */
static bool in_container(struct filter *f, const struct decoded *d)
{
	const struct container_info *ct;

	if (!f->cgroups || !(d->e->flags & EVF_CONTEXT))
		return false;
	ct = cgpath_container(f->cgroups, d->e->cgroup_id);
	return ct && ct->id[0] && !memcmp(ct->id, f->opts->container_prefix, f->prefix_len);
}

/*
 * The kernel's filters (wanted_in() in execsnoop.bpf.c), for a replay. The
 * mount namespace is known only from the context fields.
 */
static bool kernel_matches(const struct filter *f, const struct decoded *d)
{
	const struct options *o = f->opts;
	const struct event *e = d->e;

	return (!o->uid_set || e->uid == o->uid) && (!o->ppid_set || e->ppid == (uint32_t)o->ppid) &&
	       (!o->mntns_set || ((e->flags & EVF_CONTEXT) && e->mntns == o->mntns));
}

static bool wanted(struct filter *f, const struct decoded *d)
{
	if (!f->active)
		return true;
	if (f->prefix_len && !in_container(f, d))
		return false;
	/*
	 * --exit-all's ends of processes whose exec was not seen: the kernel
	 * applies its filters to them; the exec filters (-n, -l, --exclude-*)
	 * hide them (no exec matched).
	 */
	if (f->replay && d->e->type == EVENT_EXIT && (d->e->flags & EVF_START_UNKNOWN))
		return !f->by_exec && kernel_matches(f, d);
	if (!f->by_exec && !f->replay)
		return true;
	if (d->e->type == EVENT_EXIT)
		return shown_take(f, d->e->pid);
	if (!filter_matches(f, d))
		return false;
	if (f->follow_exits && d->e->type == EVENT_EXEC)
		shown_add(f, d->e->pid);
	return true;
}

/*
 * --rate-limit: at most N events in each second of the kernel's clock,
 * even when an event comes after one of a later second (the perf buffer is
 * ordered only within each drain): such an event counts in its own second
 * if that is the one before, else it is over the limit.
 */
static bool within_rate(struct filter *f, const struct decoded *d)
{
	uint64_t sec = d->e->ts_ns / 1000000000ull, *count;

	if (sec > f->rate_second) {
		f->rate_count_prev = sec == f->rate_second + 1 ? f->rate_count : 0;
		f->rate_second = sec;
		f->rate_count = 0;
	}
	if (sec == f->rate_second)
		count = &f->rate_count;
	else if (sec + 1 == f->rate_second)
		count = &f->rate_count_prev;
	else
		count = NULL;
	if (!count || *count >= f->opts->rate_limit) {
		f->rate_limited++;
		return false;
	}
	(*count)++;
	return true;
}

bool filter_wanted(struct filter *f, const struct decoded *d)
{
	return wanted(f, d);
}

bool filter_pass(struct filter *f, const struct decoded *d)
{
	if (!wanted(f, d)) {
		f->dropped++;
		return false;
	}
	return !f->opts->rate_limit || within_rate(f, d);
}

static bool listed(const struct exclude_list *l, const char *s)
{
	unsigned int i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return true;
	return false;
}

/* --exclude-exe: PATH exactly, or below PATH when it ends in '/'. */
static bool exe_excluded(struct filter *f, const struct decoded *d)
{
	const struct exclude_list *l = &f->opts->exclude_exe;
	unsigned int i;
	size_t n;

	if (d->e->type != EVENT_EXEC || !(d->e->flags & EVF_CONTEXT))
		return false;
	sb_reset(&f->exe);
	path_join(&f->exe, d->exe, d->exe_len, d->e->flags & EVF_EXE_TRUNC);
	for (i = 0; i < l->n; i++) {
		n = strlen(l->v[i]);
		if (l->v[i][n - 1] == '/' ? f->exe.len > n && !memcmp(f->exe.buf, l->v[i], n)
					  : f->exe.len == n && !memcmp(f->exe.buf, l->v[i], n))
			return true;
	}
	return false;
}

/* What -l matches: the filename, then argv[1] onwards, as bcc shows them. */
static void join_args_raw(const struct decoded *d, struct strbuf *sb)
{
	struct arg_iter it = args_of(d);
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

bool filter_matches(struct filter *f, const struct decoded *d)
{
	const struct options *o = f->opts;

	if (f->replay && !kernel_matches(f, d))
		return false;
	if (listed(&o->exclude_comm, d->comm) || listed(&o->exclude_pcomm, d->pcomm))
		return false;
	if (o->exclude_exe.n && exe_excluded(f, d))
		return false;
	if (o->name_set && regexec(&o->name_re, d->comm, 0, NULL, 0))
		return false;
	if (o->line_set) {
		sb_reset(&f->scratch);
		join_args_raw(d, &f->scratch);
		/* a NUL cannot occur inside an argument; terminate for regexec */
		sb_addc(&f->scratch, '\0');
		if (regexec(&o->line_re, f->scratch.buf, 0, NULL, 0))
			return false;
	}
	return true;
}
