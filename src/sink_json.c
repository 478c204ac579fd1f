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

const struct sink_ops json_sink = {
	.init = json_init,
	.host = json_host,
	.event = json_event,
	.summary = json_summary,
};
