// SPDX-License-Identifier: GPL-2.0
/*
 * --probe: what this kernel offers and which options work here. Features
 * are probed, never inferred from the release; and each option's programs
 * are really loaded (and unloaded) in the configuration the option would
 * use, so "works" means the verifier of this kernel accepted them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/capability.h>
#include <bpf/libbpf.h>
#include "cgpath.h"
#include "err.h"
#include "escape.h"
#include "kfeatures.h"
#include "privs.h"
#include "probe.h"
#include "strbuf.h"
#include "tracefs.h"
#include "tracer.h"

enum state { INFO, YES, NO };

struct report {
	struct strbuf out;
	bool json;
	bool first;
	bool verbose;
	char why[256];		/* the verifier's reason for the last rejection */
};

static struct report *capturing;

/* row(r, name, state, format, ...): the detail printf-formatted. */
#define row(r, name, st, ...)							\
	do {									\
		char detail_[512];						\
										\
		snprintf(detail_, sizeof(detail_), __VA_ARGS__);		\
		row_put((r), (name), (st), detail_);				\
	} while (0)

/* One line of the report: name, yes/no (or information), detail. */
static void row_put(struct report *r, const char *name, enum state st, const char *detail)
{
	if (r->json) {
		sb_adds(&r->out, r->first ? "{\"name\":\"" : ",{\"name\":\"");
		sb_adds(&r->out, name);
		sb_adds(&r->out, st == INFO ? "\",\"ok\":null" : st == YES ? "\",\"ok\":true"
									   : "\",\"ok\":false");
		sb_adds(&r->out, ",\"detail\":\"");
		escape_json(&r->out, detail, strlen(detail));
		sb_adds(&r->out, "\"}");
	} else {
		sb_add_left(&r->out, name, 26);
		sb_addc(&r->out, ' ');
		sb_add_left(&r->out, st == INFO ? "" : st == YES ? "yes" : "no", 4);
		escape_text(&r->out, detail, strlen(detail), 0);
		sb_addc(&r->out, '\n');
	}
	r->first = false;
}

/*
 * libbpf prints a rejected program's verifier log in one message: keep its
 * last meaningful line (the verifier's reason), the statistics skipped.
 */
static void keep_reason(struct report *r, const char *log)
{
	const char *end = strstr(log, "-- END PROG LOAD LOG --"), *p, *line;
	size_t len;

	if (!end)
		return;
	for (p = end; p > log;) {
		while (p > log && p[-1] == '\n')
			p--;
		line = p;
		while (line > log && line[-1] != '\n')
			line--;
		len = (size_t)(p - line);
		if (len && strncmp(line, "processed ", 10) && strncmp(line, "verification time", 17) &&
		    strncmp(line, "stack depth", 11) && strncmp(line, "-- BEGIN", 8) &&
		    !strstr(line, "-- BEGIN PROG LOAD LOG --")) {
			snprintf(r->why, sizeof(r->why), "%.*s", (int)len, line);
			return;
		}
		p = line;
	}
}

static int on_libbpf(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char *msg = NULL;
	va_list copy;
	int n;

	if (level == LIBBPF_DEBUG)
		return 0;
	va_copy(copy, ap);
	n = vasprintf(&msg, fmt, copy);
	va_end(copy);
	if (n < 0)
		return 0;
	if (capturing)
		keep_reason(capturing, msg);
	if (capturing && capturing->verbose)
		fputs(msg, stderr);
	free(msg);
	return n;
}

/*
 * Loads the programs o needs on this kernel and unloads them: NULL if the
 * kernel took them, else why not.
 */
static const char *try_load(struct report *r, const struct options *o,
			    const struct features *feat, const struct exec_exit_ids *tp,
			    struct tracer *t)
{
	static char why[320];
	int err;

	r->why[0] = '\0';
	if (tracer_open(t, o, feat, tp)) {
		tracer_close(t);
		return "the BPF object could not be set up";
	}
	err = tracer_load(t, true);
	if (!err)
		return NULL;
	tracer_close(t);
	if (err == -EPERM)
		return "permission denied (CAP_BPF and CAP_PERFMON, or root, are needed)";
	snprintf(why, sizeof(why), "rejected by the kernel: %s",
		 r->why[0] ? r->why : strerror(-err));
	return why;
}

/* The default options, as options_parse leaves them with none given. */
static struct options plain(const struct options *o)
{
	struct options p = {
		.transport = TRANSPORT_AUTO,
		.max_args = o->max_args,
		.args_size = o->args_size,
		.buffer_kib = o->buffer_kib,
		.btf = o->btf,
		.verbose = o->verbose,
	};

	return p;
}

/* One option's check: its programs loaded, and what they are. */
static bool check(struct report *r, const char *name, const struct options *o,
		  const struct features *feat, const struct exec_exit_ids *tp,
		  const char *works)
{
	struct tracer t = { .cg_fd = -1 };
	const char *why = try_load(r, o, feat, tp, &t);

	if (why) {
		row(r, name, NO, "%s", why);
		return false;
	}
	tracer_close(&t);
	row(r, name, YES, "%s", works);
	return true;
}

static void kernel_rows(struct report *r, const struct options *o, const struct features *f,
			bool tp_ok, const struct exec_exit_ids *tp)
{
	static const enum feature order[] = { FEAT_RINGBUF, FEAT_BPF_LOOP, FEAT_TASK_PT_REGS };
	static const char *const fallback[] = {
		[FEAT_RINGBUF] = "the perf buffer is used instead",
		[FEAT_BPF_LOOP] = "bounded loops are used instead (failed execs: 512 args)",
		[FEAT_TASK_PT_REGS] = "-x runs on the raw sys_exit tracepoint instead",
	};
	const char *cg = cgroup2_mount();
	struct utsname u;
	struct stat st;
	unsigned int i;

	if (uname(&u))
		snprintf(u.release, sizeof(u.release), "unknown");
	row(r, "kernel", INFO, "Linux %s (features below are probed, not inferred)", u.release);
	if (o->btf)
		row(r, "btf", YES, "%s (--btf)", o->btf);
	else if (!stat(VMLINUX_BTF_PATH, &st))
		row(r, "btf", YES, "%s (%lld KiB)", VMLINUX_BTF_PATH, (long long)st.st_size / 1024);
	else
		row(r, "btf", NO, "no %s: give one with --btf FILE (e.g. from BTFHub)",
		    VMLINUX_BTF_PATH);
	row(r, "privileges", INFO, "uid %u; CAP_BPF %s, CAP_PERFMON %s, CAP_SYS_ADMIN %s, "
	    "CAP_SYS_RESOURCE %s", (unsigned int)geteuid(), privs_have(CAP_BPF) ? "yes" : "no",
	    privs_have(CAP_PERFMON) ? "yes" : "no", privs_have(CAP_SYS_ADMIN) ? "yes" : "no",
	    privs_have(CAP_SYS_RESOURCE) ? "yes" : "no");
	/* libbpf's own test: bpf_ktime_get_coarse_ns came with memcg accounting (5.11) */
	if (f->unknown)
		;
	else if (libbpf_probe_bpf_helper(BPF_PROG_TYPE_SOCKET_FILTER,
					 BPF_FUNC_ktime_get_coarse_ns, NULL) > 0)
		row(r, "bpf memory accounting", YES, "memory cgroup (5.11): RLIMIT_MEMLOCK "
		    "does not apply");
	else
		row(r, "bpf memory accounting", NO, "RLIMIT_MEMLOCK applies (before 5.11): "
		    "libbpf raises it, which needs CAP_SYS_RESOURCE unless the limit is high");
	if (f->unknown) {
		row(r, "features", NO, "cannot be probed without privileges (CAP_BPF, or root)");
		goto other;
	}
	row(r, "raw tracepoints", libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_RAW_TRACEPOINT,
							     NULL) > 0 ? YES : NO,
	    "needed by the core (4.17)");
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		enum feature ft = order[i];

		if (f->have[ft])
			row(r, feature_name(ft), YES, "(%s)", feature_since(ft));
		else
			row(r, feature_name(ft), NO, "%s (%s): %s", f->kernel[ft] ?
			    "turned off by EXECSNOOP_FEATURES_OFF" : "not in this kernel",
			    feature_since(ft), fallback[ft]);
	}
other:
	if (tp_ok)
		row(r, "syscall tracepoints", YES, "sys_exit_execve %d, sys_exit_execveat %d "
		    "(tracefs)", tp->execve, tp->execveat);
	else
		row(r, "syscall tracepoints", NO, "tracefs cannot be read or mounted: -x runs on "
		    "the raw sys_exit tracepoint");
	if (cg)
		row(r, "cgroup v2", YES, "%s", cg);
	else
		row(r, "cgroup v2", NO, "no cgroup v2 mount: -c cannot be used");
}

/* Each option's programs, loaded as the option would load them. */
static bool option_rows(struct report *r, const struct options *o, const struct features *f,
			bool tp_ok, const struct exec_exit_ids *tp)
{
	struct options p = plain(o);
	const char *cg = cgroup2_mount();
	bool loops = f->have[FEAT_BPF_LOOP], core;
	char what[160];

	snprintf(what, sizeof(what), "execs with full argv, every filter, text and JSON "
		 "(program %s)", loops ? "exec" : "exec_noloop");
	core = check(r, "core", &p, f, NULL, what);

	p = plain(o);
	p.fails = true;
	if (tp_ok && tracer_wants_syscall_tp(f))
		snprintf(what, sizeof(what), "failed execs, on the syscall tracepoints");
	else
		snprintf(what, sizeof(what), "failed execs, on raw sys_exit (a program on every "
			 "system call)%s", loops ? "" : "; at most 512 args each");
	check(r, "-x", &p, f, tp_ok ? tp : NULL, what);

	p = plain(o);
	p.show_context = true;
	check(r, "-j --cwd --exe --context", &p, f, NULL, loops ?
	      "paths walked with bpf_loop" : "paths walked with bounded loops");

	p = plain(o);
	p.exits = true;
	p.pid_set = true;
	check(r, "-e -p COMMAND", &p, f, NULL, "process ends and the process tree");

	p = plain(o);
	p.transport = TRANSPORT_PERF;
	check(r, "--transport perf", &p, f, NULL, "the per-CPU perf buffer");

	if (f->have[FEAT_RINGBUF]) {
		p = plain(o);
		p.transport = TRANSPORT_RING;
		check(r, "--transport ring", &p, f, NULL, "the BPF ring buffer (the default)");
	} else {
		row(r, "--transport ring", NO, "the BPF ring buffer is %s",
		    f->unknown ? "unknown (no privilege to probe)" :
		    f->kernel[FEAT_RINGBUF] ? "turned off" : "not in this kernel (5.8)");
	}

	if (cg) {
		p = plain(o);
		p.cgroup = cg;
		check(r, "-c", &p, f, NULL, "cgroup v2 subtree filter");
	} else {
		row(r, "-c", NO, "no cgroup v2 mount");
	}
	row(r, "--cgroupmap --mntnsmap", core ? YES : NO, "%s", core ?
	    "as the core, with a lookup in your pinned map (not loaded here: it needs the map)" :
	    "the core does not load");
	return core;
}

int probe_report(const struct options *o, FILE *out)
{
	struct report r = { .json = o->json, .first = true, .verbose = o->verbose };
	struct exec_exit_ids tp = { -1, -1 };
	struct features f;
	bool tp_ok, core;
	int ret;

	if (features_probe(&f))
		return 2;
	tp_ok = tracefs_exec_exit_ids(&tp);
	capturing = &r;
	libbpf_set_print(on_libbpf);
	if (r.json)
		sb_adds(&r.out, "{\"probe\":[");
	kernel_rows(&r, o, &f, tp_ok, &tp);
	core = option_rows(&r, o, &f, tp_ok, &tp);
	capturing = NULL;
	if (r.json) {
		sb_adds(&r.out, "],\"core_works\":");
		sb_adds(&r.out, core ? "true}\n" : "false}\n");
	} else {
		sb_adds(&r.out, core ? "execsnoop works on this kernel (the core loads).\n"
				     : "execsnoop cannot trace on this kernel: see \"core\" above.\n");
	}
	ret = fwrite(r.out.buf, 1, r.out.len, out) == r.out.len && !fflush(out) ? 0 : 1;
	sb_release(&r.out);
	if (ret) {
		p_err("write error: %s", strerror(errno));
		return 1;
	}
	return core ? 0 : 1;
}
