// SPDX-License-Identifier: GPL-2.0
/* The JSON Lines sink: one object per event; schema in doc/schema.json. */
#define _GNU_SOURCE
#include <string.h>
#include <time.h>
#include "escape.h"
#include "sink.h"

/*
 * --field-names: ECS and OpenTelemetry names of the fields that have one
 * (doc/execsnoop.8, FIELD NAMES); the others are written as
 * "execsnoop.NAME". Looked up only when asked for.
 */
static const struct {
	const char *name;
	const char *ecs;
	const char *otel;
} field_names[] = {
	{ "event", "event.action", "event.name" },
	{ "time", "@timestamp", "time" },
	{ "pid", "process.pid", "process.pid" },
	{ "tid", "process.thread.id", "thread.id" },
	{ "ppid", "process.parent.pid", "process.parent_pid" },
	{ "uid", "process.real_user.id", "process.real_user.id" },
	{ "gid", "process.real_group.id", "process.real_group.id" },
	{ "comm", "process.name", "process.executable.name" },
	{ "pcomm", "process.parent.name", NULL },
	{ "key", "process.entity_id", NULL },
	{ "parent_key", "process.parent.entity_id", NULL },
	{ "hostname", "host.name", "host.name" },
	{ "boot_id", "host.boot.id", NULL },
	{ "machine_id", "host.id", "host.id" },
	{ "args", "process.args", "process.command_args" },
	{ "argc", "process.args_count", "process.args_count" },
	{ "cwd", "process.working_directory", "process.working_directory" },
	{ "exe", "process.executable", "process.executable.path" },
	{ "euid", "process.user.id", "process.user.id" },
	{ "egid", "process.group.id", "process.group.id" },
	{ "sid", "process.session_leader.pid", "process.session_leader.pid" },
	{ "container_id", "container.id", "container.id" },
	{ "container_runtime", "container.runtime", "container.runtime" },
	{ "pod_uid", "kubernetes.pod.uid", "k8s.pod.uid" },
	{ "exit_code", "process.exit_code", "process.exit.code" },
};

static enum field_names names = FIELD_NAMES_EXECSNOOP;

static void add_name(struct strbuf *out, const char *k)
{
	const char *n = NULL;
	size_t i;

	if (names == FIELD_NAMES_EXECSNOOP) {
		sb_adds(out, k);
		return;
	}
	for (i = 0; i < sizeof(field_names) / sizeof(field_names[0]); i++) {
		if (strcmp(field_names[i].name, k))
			continue;
		n = names == FIELD_NAMES_ECS ? field_names[i].ecs : field_names[i].otel;
		break;
	}
	if (!n)
		sb_adds(out, "execsnoop.");
	sb_adds(out, n ? n : k);
}

static void key(struct strbuf *out, const char *k)
{
	sb_addc(out, ',');
	sb_addc(out, '"');
	add_name(out, k);
	sb_add(out, "\":", 2);
}

/* {"event":"KIND" */
static void open_object(struct strbuf *out, const char *kind)
{
	sb_add(out, "{\"", 2);
	add_name(out, "event");
	sb_add(out, "\":\"", 3);
	sb_adds(out, kind);
	sb_addc(out, '"');
}

static void kv_u64(struct strbuf *out, const char *k, uint64_t v)
{
	key(out, k);
	sb_add_u64(out, v, 0);
}

static void kv_i64(struct strbuf *out, const char *k, int64_t v)
{
	key(out, k);
	sb_add_i64(out, v, 0);
}

static void kv_bool(struct strbuf *out, const char *k, bool v)
{
	key(out, k);
	sb_adds(out, v ? "true" : "false");
}

static void kv_str(struct strbuf *out, const char *k, const char *s, size_t n)
{
	key(out, k);
	sb_addc(out, '"');
	escape_json(out, s, n);
	sb_addc(out, '"');
}

static void kv_cstr(struct strbuf *out, const char *k, const char *s)
{
	kv_str(out, k, s, strlen(s));
}

static void kv_null(struct strbuf *out, const char *k)
{
	key(out, k);
	sb_adds(out, "null");
}

/* A string, or null when it is empty. */
static void kv_id(struct strbuf *out, const char *k, const char *v)
{
	if (*v)
		kv_cstr(out, k, v);
	else
		kv_null(out, k);
}

/* RFC 3339 in UTC with nanoseconds: 2026-11-25T18:40:01.123456789Z */
static void add_rfc3339(const struct sink *s, uint64_t ts_ns, struct strbuf *out)
{
	uint64_t wall = ts_ns + (uint64_t)s->realtime_offset_ns;
	time_t sec = (time_t)(wall / 1000000000ull);
	uint64_t ns = wall % 1000000000ull;
	char buf[32];
	struct tm tm;
	int i;

	if (!gmtime_r(&sec, &tm) || !strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S.", &tm)) {
		sb_adds(out, "null");
		return;
	}
	sb_addc(out, '"');
	sb_adds(out, buf);
	for (i = 8; i >= 0; i--) {
		buf[i] = (char)('0' + ns % 10);
		ns /= 10;
	}
	sb_add(out, buf, 9);
	sb_add(out, "Z\"", 2);
}

static void add_args_array(const struct decoded *d, struct strbuf *out)
{
	struct arg_iter it = args_of(d);
	const char *a;
	size_t n;
	bool first = true;

	key(out, "args");
	sb_addc(out, '[');
	while (next_arg(&it, &a, &n)) {
		if (!first)
			sb_addc(out, ',');
		sb_addc(out, '"');
		escape_json(out, a, n);
		sb_addc(out, '"');
		first = false;
	}
	sb_addc(out, ']');
}

static void add_path(struct sink *s, struct strbuf *out, const char *k,
		     const char *comps, size_t len, bool trunc)
{
	sb_reset(&s->scratch);
	path_join(&s->scratch, comps, len, trunc);
	kv_str(out, k, s->scratch.buf, s->scratch.len);
}

static void add_context(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	const struct container_info *ct;
	const struct event *e = d->e;
	const char *cg;

	if (!(e->flags & EVF_CONTEXT))
		return;
	kv_u64(out, "euid", e->euid);
	kv_u64(out, "egid", e->egid);
	if (e->auid == (uint32_t)-1)
		kv_null(out, "auid");
	else
		kv_u64(out, "auid", e->auid);
	kv_u64(out, "sid", e->sid);
	if (d->tty[0])
		kv_cstr(out, "tty", d->tty);
	else
		kv_null(out, "tty");
	kv_u64(out, "mntns", e->mntns);
	kv_u64(out, "pidns", e->pidns);
	kv_u64(out, "cgroup_id", e->cgroup_id);
	cg = s->cgroups ? cgpath_lookup(s->cgroups, e->cgroup_id) : NULL;
	if (cg)
		kv_cstr(out, "cgroup", cg);
	else
		kv_null(out, "cgroup");
	ct = cg ? cgpath_container(s->cgroups, e->cgroup_id) : NULL;
	kv_id(out, "container_id", ct ? ct->id : "");
	kv_id(out, "container_runtime", ct && ct->runtime ? ct->runtime : "");
	kv_id(out, "pod_uid", ct ? ct->pod_uid : "");
}

static void add_exit(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	const struct event *e = d->e;
	struct exit_info x = exit_info(e->exit_status);
	struct rusage_view r;

	kv_u64(out, "status", e->exit_status);
	if (x.sig) {
		kv_null(out, "exit_code");
		kv_u64(out, "signal", (uint64_t)x.sig);
		key(out, "signal_name");
		sb_addc(out, '"');
		if (sb_add_signame(out, x.sig)) {
			sb_addc(out, '"');
		} else {
			out->len--;	/* take the quote back */
			sb_adds(out, "null");
		}
	} else {
		kv_u64(out, "exit_code", (uint64_t)x.code);
		kv_null(out, "signal");
		kv_null(out, "signal_name");
	}
	kv_bool(out, "core_dumped", x.core);
	key(out, "lifetime_ms");
	sb_add_milli(out, (exit_lifetime_ns(e) + 500) / 1000);
	kv_cstr(out, "since", e->flags & EVF_START_UNKNOWN ? "fork" : "exec");
	r = exit_rusage(e, s->page_size);
	kv_u64(out, "cpu_user_ns", r.user_ns);
	kv_u64(out, "cpu_sys_ns", r.sys_ns);
	kv_u64(out, "cpu_ns", e->runtime_ns);
	kv_u64(out, "max_rss_kib", r.max_rss_kib);
	kv_u64(out, "ctx_switches_voluntary", e->nvcsw);
	kv_u64(out, "ctx_switches_involuntary", e->nivcsw);
	add_context(s, d, out);
	sb_add(out, "}\n", 2);
}

/* A process key, or null when the boot id is unknown. */
static void kv_key(struct sink *s, struct strbuf *out, const char *k, uint32_t pid,
		   uint64_t start_ns, uint64_t exec_id)
{
	key(out, k);
	sb_addc(out, '"');
	if (ident_add_key(out, s->host, pid, start_ns, exec_id)) {
		sb_addc(out, '"');
	} else {
		out->len--;	/* take the quote back */
		sb_adds(out, "null");
	}
}

/* The host fields every event repeats: formatted once. */
static void json_host(struct sink *s, struct strbuf *out)
{
	const struct host_ident *h = s->host;

	kv_id(out, "hostname", h ? h->hostname : "");
	kv_id(out, "boot_id", h ? h->boot_id : "");
	kv_id(out, "machine_id", h ? h->machine_id : "");
}

static void json_event(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	const struct event *e = d->e;

	open_object(out, e->type == EVENT_EXIT ? "exit" : "exec");
	key(out, "time");
	add_rfc3339(s, e->ts_ns, out);
	kv_u64(out, "ts_ns", e->ts_ns);
	kv_u64(out, "pid", e->pid);
	kv_u64(out, "tid", e->tid);
	kv_u64(out, "ppid", e->ppid);
	kv_u64(out, "uid", e->uid);
	kv_u64(out, "gid", e->gid);
	kv_cstr(out, "comm", d->comm);
	kv_cstr(out, "pcomm", d->pcomm);
	kv_u64(out, "cpu", e->cpu);
	if (e->flags & EVF_IN_TREE)
		kv_u64(out, "depth", e->depth);
	kv_key(s, out, "key", e->pid, e->start_time, e->exec_id);
	/* the idle task (pid 0) is nobody's parent process to join with */
	if (e->ppid)
		kv_key(s, out, "parent_key", e->ppid, e->pstart_time, e->pexec_id);
	else
		kv_null(out, "parent_key");
	sb_add(out, s->host_json.buf, s->host_json.len);
	if (e->type == EVENT_EXIT) {
		add_exit(s, d, out);
		return;
	}
	kv_i64(out, "retval", e->retval);
	kv_bool(out, "execveat", e->flags & EVF_EXECVEAT);
	if (e->flags & EVF_FNAME_FAULT)
		kv_null(out, "filename");
	else
		kv_str(out, "filename", d->fname, d->fname_len);
	kv_bool(out, "filename_truncated", e->flags & EVF_FNAME_TRUNC);
	add_args_array(d, out);
	kv_u64(out, "argc", e->argc);
	kv_u64(out, "args_bytes", e->args_len);
	kv_u64(out, "args_total_bytes", e->args_total);
	kv_bool(out, "args_truncated", e->flags & (EVF_ARGS_TRUNC | EVF_ARGC_TRUNC));
	kv_bool(out, "args_unreadable", e->flags & EVF_ARGS_FAULT);
	if (e->flags & EVF_CONTEXT) {
		add_path(s, out, "cwd", d->cwd, d->cwd_len, e->flags & EVF_CWD_TRUNC);
		if (e->type == EVENT_EXEC)
			add_path(s, out, "exe", d->exe, d->exe_len, e->flags & EVF_EXE_TRUNC);
		else
			kv_null(out, "exe");
	}
	add_context(s, d, out);
	sb_add(out, "}\n", 2);
}

/*
 * The summary object ends the output; the text line on standard error
 * only with -v (stderr is for warnings and losses).
 */
static void json_summary(struct sink *s, const struct summary *sum, struct strbuf *out,
			 struct strbuf *diag)
{
	char buf[32];

	open_object(out, "summary");
	kv_u64(out, "received", sum->received);
	kv_u64(out, "printed", sum->printed);
	kv_u64(out, "lost", sum->lost);
	kv_u64(out, "filtered_kernel", sum->filtered_kernel);
	kv_u64(out, "filtered_user", sum->filtered_user);
	kv_u64(out, "rate_limited", sum->rate_limited);
	kv_u64(out, "malformed", sum->malformed);
	kv_u64(out, "tree_full", sum->tree_full);
	kv_u64(out, "exit_untracked", sum->exit_untracked);
	kv_u64(out, "unwritten", sum->unwritten);
	key(out, "duration_s");
	snprintf(buf, sizeof(buf), "%.3f", sum->duration_s);
	sb_adds(out, buf);
	sb_add(out, "}\n", 2);
	if (s->opts->verbose)
		summary_text(sum, diag);
}

static void json_init(struct sink *s)
{
	names = s->opts->field_names;
}

/* --- the report (--report): the same figures as the text, all rows --- */

static void kv_errno(struct strbuf *out, int err)
{
	const char *name = report_errno_name(err);

	kv_u64(out, "errno", (uint64_t)err);
	if (name)
		kv_cstr(out, "errno_name", name);
	else
		kv_null(out, "errno_name");
}

static void kv_signal(struct strbuf *out, int sig)
{
	kv_u64(out, "signal", (uint64_t)sig);
	key(out, "signal_name");
	sb_addc(out, '"');
	if (sb_add_signame(out, sig)) {
		sb_addc(out, '"');
	} else {
		out->len--;	/* take the quote back */
		sb_adds(out, "null");
	}
}

/* Starts an object in an array: the comma before all but the first. */
static void item(struct strbuf *out, uint32_t i)
{
	if (i)
		sb_addc(out, ',');
	sb_addc(out, '{');
}

/* The first key of an object: without the comma key() puts first. */
static void first_key(struct strbuf *out, const char *k)
{
	sb_addc(out, '"');
	sb_adds(out, k);
	sb_add(out, "\":", 2);
}

/* A group's members after its program name. */
typedef void group_members(struct strbuf *out, const struct report_group *g);

/* "name":[...], an object per group: its program name, then its members. */
static void program_array(struct strbuf *out, const char *name, const struct report_groups *gs,
			  group_members *members)
{
	uint32_t i;

	key(out, name);
	sb_addc(out, '[');
	for (i = 0; i < gs->n; i++) {
		const struct report_group *g = &gs->v[i];

		item(out, i);
		first_key(out, "program");
		sb_addc(out, '"');
		escape_json(out, g->name, g->name_len);
		sb_addc(out, '"');
		members(out, g);
		sb_addc(out, '}');
	}
	sb_addc(out, ']');
}

static void program_members(struct strbuf *out, const struct report_group *g)
{
	kv_u64(out, "count", g->count);
	kv_u64(out, "wall_ns", g->wall_ns);
	kv_u64(out, "cpu_ns", g->cpu_ns);
	kv_u64(out, "max_rss_kib", g->max_rss_kib);
}

static void fail_members(struct strbuf *out, const struct report_group *g)
{
	kv_u64(out, "count", g->count);
	kv_errno(out, g->key);
}

static void signal_members(struct strbuf *out, const struct report_group *g)
{
	kv_u64(out, "count", g->count);
	kv_signal(out, g->key);
}

static void report_programs(const struct report *r, struct strbuf *out)
{
	program_array(out, "programs", &r->progs, program_members);
	key(out, "total");
	sb_addc(out, '{');
	first_key(out, "count");
	sb_add_u64(out, r->total.count, 0);
	kv_u64(out, "wall_ns", r->total.wall_ns);
	kv_u64(out, "cpu_ns", r->total.cpu_ns);
	kv_u64(out, "max_rss_kib", r->total.max_rss_kib);
	sb_addc(out, '}');
}

static void report_fails(const struct report *r, struct strbuf *out)
{
	uint32_t i;

	key(out, "failed_execs");
	if (!r->in.fails_traced) {
		sb_adds(out, "null");
		return;
	}
	sb_add_u64(out, r->t->nfails, 0);
	key(out, "failed_by_errno");
	sb_addc(out, '[');
	for (i = 0; i < r->errnos.n; i++) {
		item(out, i);
		first_key(out, "count");
		sb_add_u64(out, r->errnos.v[i].count, 0);
		kv_errno(out, r->errnos.v[i].key);
		sb_addc(out, '}');
	}
	sb_addc(out, ']');
	program_array(out, "failed_by_program", &r->fail_progs, fail_members);
}

static void report_signals(const struct report *r, struct strbuf *out)
{
	program_array(out, "signals", &r->signals, signal_members);
}

/* "exit", "signal", "exec" (replaced by an exec of the same pid), "running" */
static const char *end_of(const struct run_proc *p)
{
	if (p->exited)
		return p->sig ? "signal" : "exit";
	return p->replaced ? "exec" : "running";
}

static void report_path(const struct report *r, struct strbuf *out)
{
	const struct run_table *t = r->t;
	uint32_t i;

	key(out, "critical_path");
	sb_addc(out, '[');
	for (i = 0; i < r->path_len; i++) {
		const struct run_proc *p = &t->procs[r->path[i].proc];
		/* only an exec'd record has strings (the arena may not exist yet) */
		const char *a = p->exec_seen ? runlog_str(t, p->args_off) : "";
		const char *end = a + (p->exec_seen ? p->args_len : 0), *name;
		bool first = true;
		size_t n;

		item(out, i);
		first_key(out, "pid");
		sb_add_u64(out, p->pid, 0);
		kv_u64(out, "ppid", p->ppid);
		name = report_proc_name(t, p, &n);
		kv_str(out, "program", name, n);
		if (p->exec_seen)
			kv_str(out, "filename", runlog_str(t, p->path_off), p->path_len);
		else
			kv_null(out, "filename");
		key(out, "args");
		sb_addc(out, '[');
		while (a < end) {
			n = strnlen(a, (size_t)(end - a));
			if (!first)
				sb_addc(out, ',');
			sb_addc(out, '"');
			escape_json(out, a, n);
			sb_addc(out, '"');
			first = false;
			a += n + 1;
		}
		sb_addc(out, ']');
		kv_bool(out, "args_truncated", p->args_cut);
		kv_i64(out, "start_offset_ns", r->path[i].start_ns);
		kv_u64(out, "duration_ns", r->path[i].duration_ns);
		kv_cstr(out, "end", end_of(p));
		if (p->exited && !p->sig)
			kv_u64(out, "exit_code", (uint64_t)p->exit_code);
		else
			kv_null(out, "exit_code");
		if (p->exited && p->sig) {
			kv_signal(out, p->sig);
		} else {
			kv_null(out, "signal");
			kv_null(out, "signal_name");
		}
		sb_addc(out, '}');
	}
	sb_addc(out, ']');
}

/* One object after the summary: the report, every row (text shows the top ones). */
static void json_report(struct sink *s, const struct report *r, struct strbuf *out)
{
	char buf[32];

	(void)s;
	sb_adds(out, "{\"event\":\"report\"");
	kv_u64(out, "processes", r->t->nprocs);
	kv_u64(out, "exited", r->exited);
	kv_u64(out, "exit_nonzero", r->nonzero);
	kv_u64(out, "killed", r->killed);
	kv_u64(out, "running", r->running);
	kv_u64(out, "since_fork", r->t->exits_unmatched);
	key(out, "duration_s");
	snprintf(buf, sizeof(buf), "%.3f", r->in.duration_s);
	sb_adds(out, buf);
	kv_bool(out, "exits_traced", r->in.exits_traced);
	report_programs(r, out);
	report_fails(r, out);
	report_signals(r, out);
	report_path(r, out);
	kv_u64(out, "lost", r->in.lost);
	kv_u64(out, "not_kept", r->t->not_kept);
	kv_bool(out, "complete", !r->in.lost && !r->t->not_kept);
	sb_add(out, "}\n", 2);
}

const struct sink_ops json_sink = {
	.init = json_init,
	.host = json_host,
	.event = json_event,
	.summary = json_summary,
	.report = json_report,
};
