/* SPDX-License-Identifier: GPL-2.0 */
/* A minimal unit-test harness: each check prints PASS or FAIL with a name. */
#ifndef EXECSNOOP_CHECK_H
#define EXECSNOOP_CHECK_H

#include <stdio.h>
#include <string.h>
#include "decode.h"

extern int check_failures;

#define CHECK(name, cond)							\
	do {									\
		if (cond) {							\
			printf("PASS: %s\n", name);				\
		} else {							\
			printf("FAIL: %s (%s:%d: %s)\n", name, __FILE__,	\
			       __LINE__, #cond);				\
			check_failures++;					\
		}								\
	} while (0)

/* Compares a produced byte string with the expected C string. */
#define CHECK_STR(name, got, got_len, want)					\
	do {									\
		size_t wl_ = strlen(want);					\
		if ((got_len) == wl_ && (!wl_ || !memcmp((got), (want), wl_))) {		\
			printf("PASS: %s\n", name);				\
		} else {							\
			printf("FAIL: %s: got \"%.*s\", want \"%s\"\n", name,	\
			       (int)(got_len), (got), want);			\
			check_failures++;					\
		}								\
	} while (0)

/* One entry per test file, each named after the source file it tests. */
void test_strbuf(void);		/* test_strbuf.c: src/strbuf.c */
void test_escape(void);		/* test_escape.c: src/escape.c */
void test_options(void);	/* test_options.c: src/options.c */
void test_decode(void);		/* test_decode.c: src/decode.c */
void test_filter(void);		/* test_filter.c: src/filter.c */
void test_sink_text(void);	/* test_sink_text.c: src/sink_text.c */
void test_sink_json(void);	/* test_sink_json.c: src/sink_json.c */
void test_transport(void);	/* test_transport.c: src/transport.c */
void test_proc(void);		/* test_proc.c: src/proc.c */
void test_privs(void);		/* test_privs.c: src/privs.c, src/tracefs.c */
void test_kfeatures(void);	/* test_kfeatures.c: src/kfeatures.c */
void test_passwd(void);		/* test_passwd.c: src/passwd.c */
void test_ident(void);		/* test_ident.c: src/ident.c */
void test_container(void);	/* test_container.c: src/container.c */
void test_runlog(void);		/* test_runlog.c: src/runlog.c */
void test_json(void);		/* test_json.c: src/json.c */
void test_replay(void);		/* test_replay.c: src/replay.c */
void test_report(void);		/* test_report.c: src/report.c (and its JSON form) */
void test_timeline(void);	/* test_timeline.c: src/timeline.c */
void test_perfetto(void);	/* test_perfetto.c: src/perfetto.c */
void test_output(void);		/* test_output.c: src/output.c */
void test_journal(void);		/* test_journal.c: src/journal.c */

/*
 * Synthetic records (synth.c), as the kernel lays them out: argv (alen
 * bytes, NUL-separated), the filename (its NUL added), cwd and exe
 * components leaf first (clen / elen bytes, each NUL-terminated).
 * pid 1234, tid 1235, ppid 99, uid 1000, gid 100, cpu 1, comm "ls",
 * pcomm "bash", ts_ns 5 s, argc 0 (unknown). Free with free().
 */
struct event *synth(const char *args, size_t alen, const char *fname, const char *cwd,
		    size_t clen, const char *exe, size_t elen, size_t *size);
/* The same exec with argv and filename only, and the kernel's argc. */
struct event *synth_args(const char *args, size_t alen, const char *fname, unsigned int argc,
			 size_t *size);
/* Context: euid/egid 0, no login uid, sid 7, no tty, mntns 4026531840,
 * pidns 4026531836, cgroup id 12345. */
void synth_context(struct event *e);
/* A process end with this wait(2) status and lifetime. */
struct event *synth_exit(__u32 status, __u64 lifetime_ns, size_t *size);

/*
 * Run tables filled through runlog_add() (src/runlog.h) with these
 * records: an exec of pid (child of ppid) at ts; its exit with this wait(2)
 * status (CPU 8 ms: user 6, sys 2; peak RSS 100 pages; 5 + 2 switches);
 * a failed exec (errno err).
 */
struct run_table;
/* e (from synth_*()) decoded into t through runlog_add(), then freed */
void synth_run_feed(struct run_table *t, struct event *e, size_t size);
void synth_run_exec(struct run_table *t, uint32_t pid, uint32_t ppid, uint64_t ts,
		    const char *args, size_t alen, const char *fname);
void synth_run_exit(struct run_table *t, uint32_t pid, uint32_t ppid, uint64_t ts,
		    uint32_t status, uint64_t start);
void synth_run_fail(struct run_table *t, uint32_t pid, uint32_t ppid, uint64_t ts, int err,
		    const char *args, size_t alen, const char *fname);

/* ts_ns 5 s with this offset is 2023-11-14T22:13:20.123456789Z */
#define SYNTH_REALTIME_OFFSET 1699999995123456789ll
#define SYNTH_TIME "2023-11-14T22:13:20.123456789Z"

#endif
