// SPDX-License-Identifier: GPL-2.0
/* The run table: records, parent links, re-exec, exits, failed execs. */
#include <stdint.h>
#include <stdlib.h>
#include "check.h"
#include "runlog.h"

#define S(x) (x), sizeof(x) - 1

/*
 * A child of a subshell that forked without exec: no parent at its exec;
 * the subshell's record comes from its exit (--exit-all), and the end of the
 * run links the child to it, among its children in start order.
 */
static void test_runlog_relink(void)
{
	struct run_table t;
	uint32_t sub;

	runlog_init(&t, 0, 4096);
	synth_run_exec(&t, 100, 1, 1000, S("sh\0"), "/bin/sh");
	synth_run_exec(&t, 201, 200, 2000, S("a\0"), "/a");		/* child of subshell 200 */
	synth_run_exec(&t, 202, 200, 2500, S("b\0"), "/b");
	synth_run_exec(&t, 203, 100, 2200, S("c\0"), "/c");		/* 100's own child */
	synth_run_exit(&t, 200, 100, 3000, 0, 1500);		/* the subshell ends */
	synth_run_exit(&t, 301, 300, 3100, 0, 1000);		/* an orphan's parent never seen */
	/* the subshell's exit adopts its children at once (adopt()) */
	CHECK("runlog/adopted-at-exit",
	      t.procs[1].parent == 4 && t.procs[2].parent == 4 && t.roots == 2);
	synth_run_exec(&t, 401, 400, 3200, S("d\0"), "/d");		/* child of subshell 400 */
	synth_run_exec(&t, 400, 100, 3300, S("e\0"), "/e");		/* which then exec'd */
	runlog_finish(&t, 4000);
	sub = 4;
	CHECK("runlog/relink-orphans",
	      t.procs[sub].pid == 200 && t.procs[sub].parent == 0 &&
	      t.procs[1].parent == sub && t.procs[2].parent == sub &&
	      t.procs[sub].first_child == 1 && t.procs[1].next_sibling == 2 &&
	      t.procs[sub].last_child == 2 && t.roots == 2);
	CHECK("runlog/children-of-root",
	      t.procs[0].first_child == 3 && t.procs[3].next_sibling == sub &&
	      t.procs[sub].next_sibling == 7 && t.procs[0].last_child == 7);
	CHECK("runlog/relink-none-found", t.procs[5].parent == RUNLOG_NONE);
	CHECK("runlog/relink-to-later-exec", t.procs[6].parent == 7 && t.procs[7].parent == 0);
	runlog_release(&t);

	/* a ppid whose record exited long ago is a reused pid: no parent yet */
	runlog_init(&t, 0, 4096);
	synth_run_exec(&t, 100, 1, 1000, S("sh\0"), "/bin/sh");
	synth_run_exec(&t, 500, 100, 1100, S("ls\0"), "/bin/ls");
	synth_run_exit(&t, 500, 100, 1200, 0, 1100);
	synth_run_exec(&t, 501, 500, 9000, S("x\0"), "/x");	/* 500 is a subshell now */
	synth_run_exit(&t, 500, 100, 9500, 0, 8000);
	runlog_finish(&t, 10000);
	CHECK("runlog/reused-ppid", t.procs[2].parent == 3 && t.procs[3].pid == 500 &&
	      !t.procs[3].exec_seen && t.procs[1].first_child == RUNLOG_NONE);
	runlog_release(&t);
}

void test_runlog(void)
{
	test_runlog_relink();
	struct run_table t;
	const struct run_proc *p;

	runlog_init(&t, 0, 4096);
	CHECK("runlog/empty", t.nprocs == 0 && !runlog_find(&t, 100));

	synth_run_exec(&t, 100, 1, 1000, S("make\0-j2\0"), "/usr/bin/make");
	synth_run_exec(&t, 101, 100, 2000, S("sh\0-c\0cc a.c\0"), "/bin/sh");
	synth_run_exec(&t, 102, 100, 2500, S("sh\0-c\0cc b.c\0"), "/bin/sh");
	/* 101 re-execs itself: a new image, the old one ends there */
	synth_run_exec(&t, 101, 100, 3000, S("cc\0a.c\0"), "/usr/bin/cc");
	synth_run_exit(&t, 101, 100, 9000, 1 << 8, 3000);
	synth_run_exit(&t, 102, 100, 9500, 9, 2500);	/* SIGKILL */

	CHECK("runlog/records", t.nprocs == 4);
	CHECK("runlog/root", t.procs[0].parent == RUNLOG_NONE && t.roots == 1);
	CHECK("runlog/children-in-order",
	      t.procs[0].first_child == 1 && t.procs[1].next_sibling == 2 &&
	      t.procs[2].next_sibling == 3 && t.procs[3].next_sibling == RUNLOG_NONE &&
	      t.procs[0].last_child == 3);
	CHECK("runlog/reexec-ends-old-image",
	      t.procs[1].end_ns == 3000 && t.procs[1].replaced && !t.procs[1].exited);
	CHECK("runlog/reexec-links-old-image",
	      t.procs[3].prev_image == 1 && t.procs[3].parent == 0);
	p = runlog_find(&t, 101);
	CHECK("runlog/find-latest", p == &t.procs[3]);
	CHECK("runlog/args-kept",
	      p->args_len == 7 && !memcmp(runlog_str(&t, p->args_off), "cc\0a.c\0", 7));
	CHECK_STR("runlog/path-kept", runlog_str(&t, p->path_off), p->path_len, "/usr/bin/cc");
	CHECK("runlog/exit-code", p->exited && p->end_ns == 9000 && p->exit_code == 1 && !p->sig);
	CHECK("runlog/exit-rusage",
	      p->has_rusage && p->cpu_ns == 8000000 && p->cpu_user_ns == 6000000 &&
	      p->cpu_sys_ns == 2000000 && p->max_rss_kib == 400 && p->nvcsw == 5 &&
	      p->nivcsw == 2);
	p = runlog_find(&t, 102);
	CHECK("runlog/exit-signal", p->exited && p->sig == 9 && p->exit_code == -1);

	/* a failed exec by make */
	synth_run_fail(&t, 100, 1, 9600, 2, S("nope\0"), "/no/such");
	CHECK("runlog/fail", t.nfails == 1 && t.fails[0].err == 2 && t.fails[0].caller == 0);
	CHECK_STR("runlog/fail-path", runlog_str(&t, t.fails[0].path_off), t.fails[0].path_len,
		  "/no/such");
	/* a return value no kernel writes, which has no positive (found by fuzz_sinks) */
	{
		size_t size;
		struct event *e = synth_args(S("x\0"), "/x", 1, &size);
		struct decoded d;

		e->type = EVENT_EXEC_FAIL;
		e->pid = e->tid = 100;
		e->ppid = 1;
		e->retval = INT32_MIN;
		e->ts_ns = 9650;
		if (!event_decode(&d, e, size))
			runlog_add(&t, &d);
		free(e);
		CHECK("runlog/fail-int-min", t.nfails == 2 && t.fails[1].err == INT32_MAX);
	}

	/* an exit of a process that exec'd before the run: a record from its fork */
	synth_run_exit(&t, 555, 100, 9700, 0, 500);
	p = runlog_find(&t, 555);
	CHECK("runlog/exit-unmatched",
	      p && !p->exec_seen && p->start_ns == 500 && p->end_ns == 9700 &&
	      p->parent == 0 && t.exits_unmatched == 1);
	/* pid 101 exits again (reused after its exit): not the old record */
	synth_run_exit(&t, 101, 100, 9800, 0, 9750);
	CHECK("runlog/pid-reuse", t.nprocs == 6 && runlog_find(&t, 101) == &t.procs[5]);

	runlog_finish(&t, 12000);
	CHECK("runlog/times", t.first_ns == 500 && t.last_ns == 12000);
	CHECK("runlog/end-of-running", runlog_end(&t, &t.procs[0]) == 12000);

	/*
	 * a subshell of make (pid 600, forked at 9900, never exec'd) starts
	 * cc (601): cc has no parent in the table until the subshell's exit
	 * makes its record, which then adopts it (not the older root 1000)
	 */
	{
		uint32_t roots, sub, cc, old;

		synth_run_exec(&t, 1000, 600, 9850, S("old\0"), "/old");	/* before the fork */
		synth_run_exec(&t, 601, 600, 9950, S("cc\0"), "/usr/bin/cc");
		synth_run_exit(&t, 601, 600, 9990, 0, 9950);
		roots = t.roots;
		old = (uint32_t)(runlog_find(&t, 1000) - t.procs);
		cc = (uint32_t)(runlog_find(&t, 601) - t.procs);
		CHECK("runlog/orphan-is-root", t.procs[cc].parent == RUNLOG_NONE);
		synth_run_exit(&t, 600, 100, 9995, 0, 9900);
		sub = (uint32_t)(runlog_find(&t, 600) - t.procs);
		CHECK("runlog/subshell-adopts",
		      t.procs[sub].parent == 0 && !t.procs[sub].exec_seen &&
		      t.procs[cc].parent == sub && t.procs[sub].first_child == cc &&
		      t.procs[sub].last_child == cc && t.procs[cc].next_sibling == RUNLOG_NONE &&
		      t.roots == roots - 1 && t.procs[old].parent == RUNLOG_NONE);
	}

	/* many pids: the pid index grows and still finds each */
	{
		uint32_t i;
		bool ok = true;

		for (i = 0; i < 5000; i++)
			synth_run_exec(&t, 20000 + i, 100, 20000 + i, S("x\0"), "/x");
		for (i = 0; i < 5000 && ok; i++) {
			p = runlog_find(&t, 20000 + i);
			ok = p && p->pid == 20000 + i && p->start_ns == 20000 + i;
		}
		CHECK("runlog/many-pids", ok && t.nprocs == 5009);
	}
	runlog_release(&t);
}
