// SPDX-License-Identifier: GPL-2.0
/* Synthetic records for the decode, filter and sink tests, laid out as the kernel does. */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "runlog.h"

struct event *synth(const char *args, size_t alen, const char *fname, const char *cwd,
		    size_t clen, const char *exe, size_t elen, size_t *size)
{
	size_t fl = strlen(fname) + 1;
	struct event *e;
	char *p;

	*size = sizeof(*e) + alen + fl + clen + elen;
	e = calloc(1, *size);
	if (!e)
		abort();
	e->ts_ns = 5000000000ull;
	e->type = EVENT_EXEC;
	e->pid = 1234;
	e->tid = 1235;
	e->ppid = 99;
	e->uid = 1000;
	e->gid = 100;
	e->cpu = 1;
	e->args_len = (__u32)alen;
	e->args_total = (__u32)alen;
	e->fname_len = (__u32)fl;
	e->cwd_len = (__u32)clen;
	e->exe_len = (__u32)elen;
	memcpy(e->comm, "ls", 3);
	memcpy(e->pcomm, "bash", 5);
	p = e->data;
	memcpy(p, args, alen);
	p += alen;
	memcpy(p, fname, fl);
	p += fl;
	memcpy(p, cwd, clen);
	p += clen;
	memcpy(p, exe, elen);
	return e;
}

struct event *synth_args(const char *args, size_t alen, const char *fname, unsigned int argc,
			 size_t *size)
{
	struct event *e = synth(args, alen, fname, "", 0, "", 0, size);

	e->argc = argc;
	return e;
}

void synth_context(struct event *e)
{
	e->flags |= EVF_CONTEXT;
	e->euid = 0;
	e->egid = 0;
	e->auid = (__u32)-1;
	e->sid = 7;
	e->mntns = 4026531840u;
	e->pidns = 4026531836u;
	e->cgroup_id = 12345;
}

struct event *synth_exit(__u32 status, __u64 lifetime_ns, size_t *size)
{
	struct event *e = calloc(1, sizeof(*e));

	if (!e)
		abort();
	*size = sizeof(*e);
	e->ts_ns = 5000000000ull;
	e->type = EVENT_EXIT;
	e->pid = 1234;
	e->tid = 1235;
	e->ppid = 99;
	e->uid = 1000;
	e->gid = 100;
	e->cpu = 1;
	e->exit_status = status;
	e->start_ns = e->ts_ns - lifetime_ns;
	memcpy(e->comm, "ls", 3);
	memcpy(e->pcomm, "bash", 5);
	return e;
}

/* --- run tables built the way the tool builds them: through runlog_add --- */

void synth_run_feed(struct run_table *t, struct event *e, size_t size)
{
	struct decoded d;

	if (event_decode(&d, e, size))
		abort();
	runlog_add(t, &d);
	free(e);
}

void synth_run_exec(struct run_table *t, uint32_t pid, uint32_t ppid, uint64_t ts,
		    const char *args, size_t alen, const char *fname)
{
	size_t size;
	struct event *e = synth_args(args, alen, fname, 0, &size);

	e->pid = pid;
	e->tid = pid;
	e->ppid = ppid;
	e->ts_ns = ts;
	synth_run_feed(t, e, size);
}

void synth_run_exit(struct run_table *t, uint32_t pid, uint32_t ppid, uint64_t ts,
		    uint32_t status, uint64_t start)
{
	size_t size;
	struct event *e = synth_exit(status, 0, &size);

	e->pid = pid;
	e->tid = pid;
	e->ppid = ppid;
	e->ts_ns = ts;
	e->start_ns = start;
	e->utime_ns = 3000000;
	e->stime_ns = 1000000;
	e->runtime_ns = 8000000;
	e->maxrss_pages = 100;
	e->nvcsw = 5;
	e->nivcsw = 2;
	synth_run_feed(t, e, size);
}

void synth_run_fail(struct run_table *t, uint32_t pid, uint32_t ppid, uint64_t ts, int err,
		    const char *args, size_t alen, const char *fname)
{
	size_t size;
	struct event *e = synth_args(args, alen, fname, 1, &size);

	e->type = EVENT_EXEC_FAIL;
	e->pid = pid;
	e->tid = pid;
	e->ppid = ppid;
	e->retval = -err;
	e->ts_ns = ts;
	synth_run_feed(t, e, size);
}
