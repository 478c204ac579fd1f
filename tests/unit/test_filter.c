// SPDX-License-Identifier: GPL-2.0
/*
 * User-space filters (filter.c): -n and -l, the count of events dropped,
 * and the set of shown pids that lets exit lines follow their exec.
 */
#include <stdlib.h>
#include "check.h"
#include "filter.h"

static void opts_init(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->max_args = 20;
}

/* Decodes e and asks the filter about it. */
static bool pass(struct filter *f, const struct event *e, size_t size)
{
	struct decoded d;

	return !event_decode(&d, e, size) && filter_pass(f, &d);
}

static bool matches(struct filter *f, const struct event *e, size_t size)
{
	struct decoded d;

	return !event_decode(&d, e, size) && filter_matches(f, &d);
}

static void name_and_line(void)
{
	static const char a[] = "ls\0-l\0/tmp";
	struct options o;
	struct filter f;
	struct event *e, *x;
	size_t size, xsize;

	e = synth_args(a, sizeof(a), "/usr/bin/ls", 3, &size);
	x = synth_exit(0, 1000, &xsize);

	/* no filter: everything passes, nothing is counted */
	opts_init(&o);
	filter_init(&f, &o);
	CHECK("filter/none", !f.active && pass(&f, e, size) && pass(&f, x, xsize) &&
	      f.dropped == 0);
	filter_release(&f);

	/* -n matches COMM */
	o.name_set = !regcomp(&o.name_re, "^l", REG_EXTENDED | REG_NOSUB);
	filter_init(&f, &o);
	CHECK("filter/name-match", f.active && !f.follow_exits && pass(&f, e, size) &&
	      f.dropped == 0);
	memcpy(e->comm, "cat", 4);
	CHECK("filter/name-no-match", !pass(&f, e, size) && f.dropped == 1);
	/* without -e no pid is kept: the exit of a shown exec is dropped */
	memcpy(e->comm, "ls", 3);
	CHECK("filter/name-exit-without-e", pass(&f, e, size) && !pass(&f, x, xsize) &&
	      f.dropped == 2 && f.shown_count == 0);
	filter_release(&f);
	options_free(&o);

	/* -l matches the filename then argv[1] onwards, joined by spaces */
	opts_init(&o);
	o.line_set = !regcomp(&o.line_re, "^/usr/bin/ls -l /tmp$", REG_EXTENDED | REG_NOSUB);
	filter_init(&f, &o);
	CHECK("filter/line-joined", f.active && matches(&f, e, size) && pass(&f, e, size));
	options_free(&o);
	o.line_set = !regcomp(&o.line_re, "^ls", REG_EXTENDED | REG_NOSUB);
	CHECK("filter/line-not-argv0", !matches(&f, e, size) && !pass(&f, e, size) &&
	      f.dropped == 1);
	options_free(&o);
	o.line_set = !regcomp(&o.line_re, "-l /tm", REG_EXTENDED | REG_NOSUB);
	CHECK("filter/line-anywhere", matches(&f, e, size));
	/* -n and -l together: both must match */
	o.name_set = !regcomp(&o.name_re, "^cat$", REG_EXTENDED | REG_NOSUB);
	CHECK("filter/name-and-line", !matches(&f, e, size));
	filter_release(&f);
	options_free(&o);
	free(e);
	free(x);
}

/*
 * -n/-l with -e: exits follow the exec lines shown. The pid set must stay
 * bounded and usable when exits never come (lost, or never seen).
 */
static void shown_set(void)
{
	static const char a[] = "ls\0-l";
	struct options o;
	struct filter f;
	struct decoded d;
	struct event *e;
	size_t size;
	uint32_t pid;
	bool ok = true;

	opts_init(&o);
	o.exits = true;
	o.name_set = !regcomp(&o.name_re, "^ls$", REG_EXTENDED | REG_NOSUB);
	filter_init(&f, &o);
	e = synth_args(a, sizeof(a), "/bin/ls", 2, &size);
	/* far more shown execs than the set holds, no exit for any of them */
	for (pid = 1; pid <= 140000 && ok; pid++) {
		e->pid = pid;
		ok = !event_decode(&d, e, size) && filter_pass(&f, &d);
	}
	CHECK("shown/execs-pass", ok);
	CHECK("shown/bounded", f.shown_count == SHOWN_SLOTS / 2 && f.dropped == 0);
	e->type = EVENT_EXIT;
	e->pid = 7;
	CHECK("shown/exit-of-shown", !event_decode(&d, e, size) && filter_pass(&f, &d));
	CHECK("shown/exit-taken-once", !event_decode(&d, e, size) && !filter_pass(&f, &d));
	e->pid = 139999;	/* its exec came when the set was full */
	CHECK("shown/exit-not-held-returns", !event_decode(&d, e, size) && !filter_pass(&f, &d));
	e->pid = 500000;	/* never shown */
	CHECK("shown/exit-unknown", !event_decode(&d, e, size) && !filter_pass(&f, &d));
	CHECK("shown/dropped-counted", f.dropped == 3 && f.shown_count == SHOWN_SLOTS / 2 - 1);
	/* a slot freed by an exit takes a new exec */
	e->type = EVENT_EXEC;
	e->pid = 600000;
	CHECK("shown/room-again", pass(&f, e, size) && f.shown_count == SHOWN_SLOTS / 2);
	e->type = EVENT_EXIT;
	CHECK("shown/room-again-exit", pass(&f, e, size));
	/* a failed exec is shown, but no exit follows it */
	e->type = EVENT_EXEC_FAIL;
	e->pid = 700000;
	CHECK("shown/failed-exec-not-kept", pass(&f, e, size) &&
	      f.shown_count == SHOWN_SLOTS / 2 - 1);
	free(e);
	filter_release(&f);
	CHECK("shown/released", f.shown == NULL && f.shown_count == 0);
	options_free(&o);
}

/* Exits taken out of the set in any order leave the others findable. */
static void shown_delete(void)
{
	struct options o;
	struct filter f;
	struct event *e;
	size_t size;
	uint32_t pid;
	bool ok = true;

	opts_init(&o);
	o.exits = true;
	o.name_set = !regcomp(&o.name_re, "^", REG_EXTENDED | REG_NOSUB);
	filter_init(&f, &o);
	e = synth_args("x", 2, "/x", 1, &size);
	/* pids a multiple of SHOWN_SLOTS apart probe from one slot */
	for (pid = 1; pid <= 64; pid++) {
		e->type = EVENT_EXEC;
		e->pid = pid * SHOWN_SLOTS + 3;
		ok = ok && pass(&f, e, size);
		e->pid = pid;
		ok = ok && pass(&f, e, size);
	}
	/* take every third out, then every one, each exactly once */
	e->type = EVENT_EXIT;
	for (pid = 3; pid <= 64; pid += 3) {
		e->pid = pid * SHOWN_SLOTS + 3;
		ok = ok && pass(&f, e, size);
	}
	for (pid = 1; pid <= 64; pid++) {
		e->pid = pid * SHOWN_SLOTS + 3;
		ok = ok && pass(&f, e, size) == (pid % 3 != 0);
		e->pid = pid;
		ok = ok && pass(&f, e, size);
	}
	CHECK("shown/delete-keeps-others", ok && f.shown_count == 0);
	free(e);
	filter_release(&f);
	options_free(&o);
}

/* --exclude-comm, --exclude-pcomm, --exclude-exe: exits follow their exec. */
static void exclusions(void)
{
	static const char a[] = "ls";
	static const char exe[] = "ls\0bin\0usr";	/* /usr/bin/ls */
	struct options o;
	struct filter f;
	struct event *e, *x;
	size_t size, xsize;

	e = synth(a, sizeof(a), "/usr/bin/ls", "", 0, exe, sizeof(exe), &size);
	e->flags |= EVF_CONTEXT;
	x = synth_exit(0, 1000, &xsize);
	opts_init(&o);
	o.exits = true;
	o.exclude_comm.v[o.exclude_comm.n++] = "cat";
	filter_init(&f, &o);
	CHECK("exclude/comm-other", pass(&f, e, size) && pass(&f, x, xsize));
	o.exclude_comm.v[o.exclude_comm.n++] = "ls";
	CHECK("exclude/comm", !pass(&f, e, size) && !pass(&f, x, xsize) && f.dropped == 2);
	filter_release(&f);

	opts_init(&o);
	o.exclude_pcomm.v[o.exclude_pcomm.n++] = "bash";
	filter_init(&f, &o);
	CHECK("exclude/pcomm", !pass(&f, e, size));
	filter_release(&f);

	opts_init(&o);
	o.exclude_exe.v[o.exclude_exe.n++] = "/usr/bin/l";
	o.exclude_exe.v[o.exclude_exe.n++] = "/usr/bin/ls/";
	filter_init(&f, &o);
	CHECK("exclude/exe-not-prefix", pass(&f, e, size));
	o.exclude_exe.v[0] = "/usr/bin/ls";
	CHECK("exclude/exe-exact", !pass(&f, e, size));
	o.exclude_exe.v[0] = "/usr/";
	CHECK("exclude/exe-below", !pass(&f, e, size));
	o.exclude_exe.v[0] = "/usr/bin/ls/";
	o.exclude_exe.n = 1;
	CHECK("exclude/exe-dir-is-not-file", pass(&f, e, size));
	/* no context (no exe): not excluded */
	e->flags &= ~EVF_CONTEXT;
	o.exclude_exe.v[0] = "/usr/";
	CHECK("exclude/exe-unknown", pass(&f, e, size));
	filter_release(&f);
	free(e);
	free(x);
}

/* --rate-limit N: N events per second of ts_ns, the rest counted. */
static void rate_limit(void)
{
	static const char a[] = "ls";
	struct options o;
	struct filter f;
	struct event *e;
	size_t size;
	int i, passed = 0;

	e = synth_args(a, sizeof(a), "/usr/bin/ls", 1, &size);
	opts_init(&o);
	o.rate_limit = 3;
	filter_init(&f, &o);
	for (i = 0; i < 5; i++)
		passed += pass(&f, e, size);
	CHECK("rate/first-second", passed == 3 && f.rate_limited == 2 && f.dropped == 0);
	e->ts_ns += 1000000000ull;
	passed = 0;
	for (i = 0; i < 4; i++)
		passed += pass(&f, e, size);
	CHECK("rate/next-second", passed == 3 && f.rate_limited == 3);
	filter_release(&f);
	/* late events (the perf buffer): each counted in its own second */
	filter_init(&f, &o);
	e->ts_ns = 10 * 1000000000ull;
	passed = pass(&f, e, size) + pass(&f, e, size);		/* second 10: 2 */
	e->ts_ns += 1000000000ull;
	passed += pass(&f, e, size);				/* second 11: 1 */
	e->ts_ns -= 1000000000ull;
	passed += pass(&f, e, size) + pass(&f, e, size);	/* 10 again: 1 of 2 */
	CHECK("rate/late-in-own-second", passed == 4 && f.rate_limited == 1);
	e->ts_ns += 3 * 1000000000ull;
	passed = pass(&f, e, size);				/* second 13 */
	e->ts_ns -= 2 * 1000000000ull;
	passed += pass(&f, e, size);		/* second 11, two back: over */
	CHECK("rate/too-late", passed == 1 && f.rate_limited == 2);
	filter_release(&f);
	free(e);
}

/* --from: -u, -P and --mntns as the kernel applies them, exits following. */
static void replay_filters(void)
{
	static const char a[] = "ls\0-l";
	struct options o;
	struct filter f;
	struct event *e, *x, *fx;
	size_t size, xsize, fxsize;

	e = synth_args(a, sizeof(a), "/usr/bin/ls", 2, &size);
	x = synth_exit(0, 1000, &xsize);
	fx = synth_exit(0, 1000, &fxsize);
	fx->pid = 777;
	fx->flags |= EVF_START_UNKNOWN;
	opts_init(&o);
	o.uid_set = true;
	o.uid = 1000;
	/* live, -u is the kernel's: nothing to do here */
	filter_init(&f, &o);
	CHECK("filter/uid-live-not-here", !f.active && !f.replay);
	filter_release(&f);
	o.from = "-";
	filter_init(&f, &o);
	CHECK("filter/replay-uid", f.active && f.replay && f.follow_exits && pass(&f, e, size) &&
	      pass(&f, x, xsize) && pass(&f, fx, fxsize) && f.dropped == 0);
	e->uid = x->uid = fx->uid = 0;
	/* the exec is dropped, and so is its exit (its uid does not matter) */
	CHECK("filter/replay-uid-drops", !pass(&f, e, size) && !pass(&f, x, xsize) &&
	      !pass(&f, fx, fxsize) && f.dropped == 3);
	filter_release(&f);
	o.uid_set = false;
	o.ppid_set = true;
	o.ppid = 99;
	filter_init(&f, &o);
	CHECK("filter/replay-ppid", pass(&f, e, size) && pass(&f, x, xsize));
	e->ppid = 98;
	CHECK("filter/replay-ppid-drops", !pass(&f, e, size));
	filter_release(&f);
	/* --mntns needs the context: without it, nothing matches */
	o.ppid_set = false;
	o.mntns_set = true;
	o.mntns = 4026531840u;
	filter_init(&f, &o);
	CHECK("filter/replay-mntns-without-context", !pass(&f, e, size));
	synth_context(e);
	synth_context(fx);
	CHECK("filter/replay-mntns", pass(&f, e, size) && pass(&f, fx, fxsize));
	/* -n with --exit-all's exits not seen to exec: hidden, as live */
	o.name_set = !regcomp(&o.name_re, "^ls$", REG_EXTENDED | REG_NOSUB);
	filter_release(&f);
	filter_init(&f, &o);
	CHECK("filter/replay-name-hides-fork-exits", pass(&f, e, size) && !pass(&f, fx, fxsize));
	filter_release(&f);
	options_free(&o);
	free(e);
	free(x);
	free(fx);
}

void test_filter(void)
{
	exclusions();
	rate_limit();
	replay_filters();
	name_and_line();
	shown_set();
	shown_delete();
}
