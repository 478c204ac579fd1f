// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "container.h"
#include "decode.h"
#include "escape.h"
#include "event.h"
#include "json.h"
#include "replay.h"

/* The keys, in the order execsnoop writes them (doc/schema.json). */
enum field {
	F_EVENT, F_TIME, F_TS_NS, F_PID, F_TID, F_PPID, F_UID, F_GID, F_COMM, F_PCOMM,
	F_CPU, F_DEPTH, F_KEY, F_PARENT_KEY, F_HOSTNAME, F_BOOT_ID, F_MACHINE_ID,
	F_RETVAL, F_EXECVEAT, F_FILENAME, F_FILENAME_TRUNC, F_ARGS, F_ARGC, F_ARGS_BYTES,
	F_ARGS_TOTAL, F_ARGS_TRUNC, F_ARGS_UNREADABLE, F_CWD, F_EXE,
	F_STATUS, F_EXIT_CODE, F_SIGNAL, F_SIGNAL_NAME, F_CORE, F_LIFETIME, F_SINCE,
	F_CPU_USER, F_CPU_SYS, F_CPU_NS, F_MAXRSS, F_NVCSW, F_NIVCSW,
	F_EUID, F_EGID, F_AUID, F_SID, F_TTY, F_MNTNS, F_PIDNS, F_CGROUP_ID, F_CGROUP,
	F_CONTAINER_ID, F_CONTAINER_RUNTIME, F_POD_UID,
	F_RECEIVED, F_PRINTED, F_LOST, F_FILTERED_KERNEL, F_FILTERED_USER, F_RATE_LIMITED,
	F_MALFORMED,
	F_TREE_FULL, F_EXIT_UNTRACKED, F_UNWRITTEN, F_DURATION,
	NR_FIELDS
};

_Static_assert(NR_FIELDS <= REPLAY_FIELDS, "one bit per field in a replay_fields");

#define BIT(f)		((replay_fields)1 << (f))
#define RANGE(a, b)	((BIT(b) << 1) - BIT(a))
/* required in exec and exit (depth is not) */
#define COMMON		(RANGE(F_EVENT, F_CPU) | RANGE(F_KEY, F_MACHINE_ID))
#define EXEC		RANGE(F_RETVAL, F_ARGS_UNREADABLE)
#define EXEC_PATHS	(BIT(F_CWD) | BIT(F_EXE))	/* with the context */
#define EXIT		RANGE(F_STATUS, F_NIVCSW)
#define CONTEXT		RANGE(F_EUID, F_POD_UID)
#define SUMMARY		(BIT(F_EVENT) | RANGE(F_RECEIVED, F_DURATION))

enum kind {
	K_U32,		/* an integer 0..2^32-1 */
	K_U64,
	K_I32,		/* retval: -4095..0 */
	K_MILLI,	/* a number with at most three decimals */
	K_BOOL,
	K_U32_NULL,	/* an integer or null */
	K_STR,		/* a string */
	K_STR_NULL,	/* a string or null */
	K_ARGS,		/* an array of strings */
};

/* Where the string fields are decoded to: rp->s[slot]. */
enum { S_EVENT, S_TIME, S_COMM, S_PCOMM, S_FILENAME, S_CWD, S_EXE, S_SIGNAL_NAME,
       S_SINCE, S_TTY, S_CGROUP, S_KEY, S_PARENT_KEY, S_HOSTNAME, S_BOOT_ID, S_MACHINE_ID,
       S_CONTAINER_ID, S_CONTAINER_RUNTIME, S_POD_UID, NR_STRINGS };
_Static_assert(NR_STRINGS == REPLAY_STRINGS, "a strbuf for each string field");

/* "BOOTID:PID:START:EXECID": 32 hex digits, then three integers */
#define KEY_MAX		(IDENT_ID_LEN + 3 + 10 + 20 + 20)

/* A key and its length. */
#define KEY(k)	k, sizeof(k) - 1

static const struct field_spec {
	const char *name;
	size_t name_len;
	enum kind kind;
	unsigned char slot;	/* strings */
	size_t max;		/* strings: bytes */
} fields[NR_FIELDS] = {
	[F_EVENT] = { KEY("event"), K_STR, S_EVENT, 16 },
	[F_TIME] = { KEY("time"), K_STR_NULL, S_TIME, 64 },
	[F_TS_NS] = { KEY("ts_ns"), K_U64, 0, 0 },
	[F_PID] = { KEY("pid"), K_U32, 0, 0 },
	[F_TID] = { KEY("tid"), K_U32, 0, 0 },
	[F_PPID] = { KEY("ppid"), K_U32, 0, 0 },
	[F_UID] = { KEY("uid"), K_U32, 0, 0 },
	[F_GID] = { KEY("gid"), K_U32, 0, 0 },
	[F_COMM] = { KEY("comm"), K_STR, S_COMM, TASK_COMM_LEN - 1 },
	[F_PCOMM] = { KEY("pcomm"), K_STR, S_PCOMM, TASK_COMM_LEN - 1 },
	[F_CPU] = { KEY("cpu"), K_U32, 0, 0 },
	[F_DEPTH] = { KEY("depth"), K_U32, 0, 0 },
	[F_KEY] = { KEY("key"), K_STR_NULL, S_KEY, KEY_MAX },
	[F_PARENT_KEY] = { KEY("parent_key"), K_STR_NULL, S_PARENT_KEY, KEY_MAX },
	[F_HOSTNAME] = { KEY("hostname"), K_STR_NULL, S_HOSTNAME, IDENT_HOST_MAX },
	[F_BOOT_ID] = { KEY("boot_id"), K_STR_NULL, S_BOOT_ID, IDENT_ID_LEN },
	[F_MACHINE_ID] = { KEY("machine_id"), K_STR_NULL, S_MACHINE_ID, IDENT_ID_LEN },
	[F_RETVAL] = { KEY("retval"), K_I32, 0, 0 },
	[F_EXECVEAT] = { KEY("execveat"), K_BOOL, 0, 0 },
	[F_FILENAME] = { KEY("filename"), K_STR_NULL, S_FILENAME, FILENAME_MAX_LEN - 1 },
	[F_FILENAME_TRUNC] = { KEY("filename_truncated"), K_BOOL, 0, 0 },
	[F_ARGS] = { KEY("args"), K_ARGS, 0, ARGS_SIZE_MAX },
	[F_ARGC] = { KEY("argc"), K_U32, 0, 0 },
	[F_ARGS_BYTES] = { KEY("args_bytes"), K_U32, 0, 0 },
	[F_ARGS_TOTAL] = { KEY("args_total_bytes"), K_U32, 0, 0 },
	[F_ARGS_TRUNC] = { KEY("args_truncated"), K_BOOL, 0, 0 },
	[F_ARGS_UNREADABLE] = { KEY("args_unreadable"), K_BOOL, 0, 0 },
	/* "..." and a '/' before each component: at most 3 + the components' bytes */
	[F_CWD] = { KEY("cwd"), K_STR, S_CWD, PATH_BUF_LEN + 3 },
	[F_EXE] = { KEY("exe"), K_STR_NULL, S_EXE, PATH_BUF_LEN + 3 },
	[F_STATUS] = { KEY("status"), K_U32, 0, 0 },
	[F_EXIT_CODE] = { KEY("exit_code"), K_U32_NULL, 0, 0 },
	[F_SIGNAL] = { KEY("signal"), K_U32_NULL, 0, 0 },
	[F_SIGNAL_NAME] = { KEY("signal_name"), K_STR_NULL, S_SIGNAL_NAME, 32 },
	[F_CORE] = { KEY("core_dumped"), K_BOOL, 0, 0 },
	[F_LIFETIME] = { KEY("lifetime_ms"), K_MILLI, 0, 0 },
	[F_SINCE] = { KEY("since"), K_STR, S_SINCE, 8 },
	[F_CPU_USER] = { KEY("cpu_user_ns"), K_U64, 0, 0 },
	[F_CPU_SYS] = { KEY("cpu_sys_ns"), K_U64, 0, 0 },
	[F_CPU_NS] = { KEY("cpu_ns"), K_U64, 0, 0 },
	[F_MAXRSS] = { KEY("max_rss_kib"), K_U64, 0, 0 },
	[F_NVCSW] = { KEY("ctx_switches_voluntary"), K_U64, 0, 0 },
	[F_NIVCSW] = { KEY("ctx_switches_involuntary"), K_U64, 0, 0 },
	[F_EUID] = { KEY("euid"), K_U32, 0, 0 },
	[F_EGID] = { KEY("egid"), K_U32, 0, 0 },
	[F_AUID] = { KEY("auid"), K_U32_NULL, 0, 0 },
	[F_SID] = { KEY("sid"), K_U32, 0, 0 },
	/* "pts/N" for the kernel's "ptsN": one byte more than its name */
	[F_TTY] = { KEY("tty"), K_STR_NULL, S_TTY, TTY_NAME_LEN },
	[F_MNTNS] = { KEY("mntns"), K_U32, 0, 0 },
	[F_PIDNS] = { KEY("pidns"), K_U32, 0, 0 },
	[F_CGROUP_ID] = { KEY("cgroup_id"), K_U64, 0, 0 },
	[F_CGROUP] = { KEY("cgroup"), K_STR_NULL, S_CGROUP, 4096 },
	[F_CONTAINER_ID] = { KEY("container_id"), K_STR_NULL, S_CONTAINER_ID, CONTAINER_ID_LEN },
	[F_CONTAINER_RUNTIME] = { KEY("container_runtime"), K_STR_NULL, S_CONTAINER_RUNTIME, 16 },
	[F_POD_UID] = { KEY("pod_uid"), K_STR_NULL, S_POD_UID, POD_UID_LEN },
	[F_RECEIVED] = { KEY("received"), K_U64, 0, 0 },
	[F_PRINTED] = { KEY("printed"), K_U64, 0, 0 },
	[F_LOST] = { KEY("lost"), K_U64, 0, 0 },
	[F_FILTERED_KERNEL] = { KEY("filtered_kernel"), K_U64, 0, 0 },
	[F_FILTERED_USER] = { KEY("filtered_user"), K_U64, 0, 0 },
	[F_RATE_LIMITED] = { KEY("rate_limited"), K_U64, 0, 0 },
	[F_MALFORMED] = { KEY("malformed"), K_U64, 0, 0 },
	[F_TREE_FULL] = { KEY("tree_full"), K_U64, 0, 0 },
	[F_EXIT_UNTRACKED] = { KEY("exit_untracked"), K_U64, 0, 0 },
	[F_UNWRITTEN] = { KEY("unwritten"), K_U64, 0, 0 },
	[F_DURATION] = { KEY("duration_s"), K_MILLI, 0, 0 },
};

void replay_init(struct replay *rp)
{
	memset(rp, 0, sizeof(*rp));
	rp->fd = -1;
}

void replay_release(struct replay *rp)
{
	unsigned int i;

	for (i = 0; i < REPLAY_STRINGS; i++)
		sb_release(&rp->s[i]);
	sb_release(&rp->args);
	sb_release(&rp->key);
	sb_release(&rp->rec);
	free(rp->buf);
	rp->buf = NULL;
}

/* The first field of a set that is not empty. */
static unsigned int first_field(replay_fields set)
{
	uint64_t lo = (uint64_t)set;

	return lo ? (unsigned int)__builtin_ctzll(lo) :
		    64 + (unsigned int)__builtin_ctzll((uint64_t)(set >> 64));
}

/* Says what is wrong with the line (printf-checked); bad() is false. */
#define say(rp, ...)	snprintf((rp)->err, sizeof((rp)->err), __VA_ARGS__)
#define bad(rp, ...)	(say(rp, __VA_ARGS__) && false)

/* The JSON reader's error, with the byte (from 1) where it is. */
static bool bad_json(struct replay *rp, const struct json_in *j)
{
	return bad(rp, "invalid JSON at byte %zu: %s", j->err_at + 1,
		   j->err ? j->err : "unexpected end");
}

static const char *str(struct replay *rp, unsigned int slot)
{
	struct strbuf *sb = &rp->s[slot];

	sb_addc(sb, '\0');
	sb->len--;
	return sb->buf;
}

static bool is(struct replay *rp, unsigned int slot, const char *s)
{
	return rp->s[slot].len == strlen(s) && !memcmp(rp->s[slot].buf, s, rp->s[slot].len);
}

/* A string field's bytes (an empty one may have no buffer at all). */
static void put(void *to, const struct strbuf *from)
{
	if (from->len)
		memcpy(to, from->buf, from->len);
}

static void append(struct strbuf *to, const char *p, size_t n)
{
	if (n)
		sb_add(to, p, n);
}

/* The field named by the key just read: the next in execsnoop's order first. */
static int lookup(struct replay *rp)
{
	const struct strbuf *k = &rp->key;
	unsigned int i, f;

	for (i = 0; i < NR_FIELDS; i++) {
		f = (rp->next_field + i) % NR_FIELDS;
		if (fields[f].name_len == k->len && !memcmp(fields[f].name, k->buf, k->len)) {
			rp->next_field = f + 1;
			return (int)f;
		}
	}
	return -1;
}

static bool read_args(struct replay *rp, struct json_in *j)
{
	if (!json_expect(j, '[', "expected an array"))
		return false;
	if (json_eat(j, ']'))
		return true;
	do {
		/* no NUL inside: json_string() refuses \u0000 */
		if (!json_string(j, &rp->args))
			return false;
		sb_addc(&rp->args, '\0');
		rp->nargs++;
		if (rp->args.len > ARGS_SIZE_MAX + 1)
			return bad(rp, "\"args\" longer than %u bytes", ARGS_SIZE_MAX);
	} while (json_eat(j, ','));
	return json_expect(j, ']', "expected ',' or ']' in an array");
}

static bool read_number(struct replay *rp, struct json_in *j, enum field f)
{
	const struct field_spec *fs = &fields[f];
	struct json_num n;
	int64_t i;

	if (!json_number(j, &n))
		return false;
	switch (fs->kind) {
	case K_U32:
	case K_U32_NULL:
		if (!json_num_u64(&n, UINT32_MAX, &rp->v[f]))
			return bad(rp, "\"%s\": expected an integer from 0 to %u", fs->name,
				   UINT32_MAX);
		return true;
	case K_U64:
		if (!json_num_u64(&n, UINT64_MAX, &rp->v[f]))
			return bad(rp, "\"%s\": expected an integer from 0 to %llu", fs->name,
				   (unsigned long long)UINT64_MAX);
		return true;
	case K_I32:
		if (!json_num_i64(&n, -4095, 0, &i))
			return bad(rp, "\"%s\": expected an integer from -4095 to 0", fs->name);
		rp->v[f] = (uint64_t)i;
		return true;
	case K_MILLI:
		if (!json_num_milli(&n, &rp->v[f]))
			return bad(rp, "\"%s\": expected a number >= 0 with at most 3 decimals",
				   fs->name);
		return true;
	default:
		return bad(rp, "\"%s\": a number where another type belongs", fs->name);
	}
}

static bool read_value(struct replay *rp, struct json_in *j, enum field f)
{
	const struct field_spec *fs = &fields[f];
	char c = json_peek(j);
	int lit;

	if (c == 'n' && (fs->kind == K_U32_NULL || fs->kind == K_STR_NULL)) {
		if (!json_literal(j, &lit))
			return false;
		if (lit != -1)
			return bad(rp, "\"%s\": expected %s or null", fs->name,
				   fs->kind == K_STR_NULL ? "a string" : "an integer");
		rp->null |= BIT(f);
		return true;
	}
	switch (fs->kind) {
	case K_BOOL:
		if (!json_literal(j, &lit))
			return false;
		if (lit < 0)
			return bad(rp, "\"%s\": expected true or false", fs->name);
		rp->v[f] = (uint64_t)lit;
		return true;
	case K_STR:
	case K_STR_NULL:
		if (c != '"')
			return bad(rp, "\"%s\": expected a string", fs->name);
		sb_reset(&rp->s[fs->slot]);
		if (!json_string(j, &rp->s[fs->slot]))
			return false;
		if (rp->s[fs->slot].len > fs->max)
			return bad(rp, "\"%s\": longer than %zu bytes", fs->name, fs->max);
		return true;
	case K_ARGS:
		if (c != '[')
			return bad(rp, "\"%s\": expected an array of strings", fs->name);
		return read_args(rp, j);
	default:
		if (c != '-' && (c < '0' || c > '9'))
			return bad(rp, "\"%s\": expected a number", fs->name);
		return read_number(rp, j, f);
	}
}

/* The members of the object, each into its field. */
static bool read_object(struct replay *rp, struct json_in *j)
{
	int f;

	rp->seen = 0;
	rp->null = 0;
	rp->next_field = 0;
	rp->nargs = 0;
	sb_reset(&rp->args);
	if (!json_expect(j, '{', "expected an object"))
		return false;
	if (json_eat(j, '}'))
		return json_end(j);
	do {
		sb_reset(&rp->key);
		if (!json_string(j, &rp->key))
			return false;
		f = lookup(rp);
		if (f < 0) {
			sb_addc(&rp->key, '\0');
			/* "process.pid", "@timestamp": not execsnoop's names */
			if (strchr(rp->key.buf, '.') || rp->key.buf[0] == '@')
				return bad(rp, "unknown key \"%s\": a line written with "
					   "--field-names ecs or otel cannot be replayed "
					   "(only execsnoop's names can)", shown_arg(rp->key.buf));
			return bad(rp, "unknown key \"%s\"", shown_arg(rp->key.buf));
		}
		if (rp->seen & BIT(f))
			return bad(rp, "duplicate key \"%s\"", fields[f].name);
		rp->seen |= BIT(f);
		if (!json_expect(j, ':', "expected ':' after a key") ||
		    !read_value(rp, j, (enum field)f))
			return false;
	} while (json_eat(j, ','));
	return json_expect(j, '}', "expected ',' or '}' in an object") && json_end(j);
}

/* Every key of want is there, none outside allowed. */
static bool check_keys(struct replay *rp, replay_fields want, replay_fields allowed,
		       const char *what)
{
	replay_fields missing = want & ~rp->seen, extra = rp->seen & ~allowed;

	if (missing)
		return bad(rp, "%s object without \"%s\"", what,
			   fields[first_field(missing)].name);
	if (extra)
		return bad(rp, "\"%s\" does not belong in %s object",
			   fields[first_field(extra)].name, what);
	return true;
}

/* Days since 1970-01-01 of a date in the proleptic Gregorian calendar. */
static int64_t days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
	int64_t era;
	unsigned int yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = (unsigned int)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool digits(const char *s, size_t n, unsigned int *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (unsigned int)(s[i] - '0');
	}
	return true;
}

/*
 * "time" as the JSON sink writes it, 2026-11-25T18:40:01.123456789Z, in
 * nanoseconds since 1970 (up to 2554, where 64 bits of them end).
 */
static bool parse_time(const char *s, size_t n, uint64_t *ns)
{
	static const unsigned char mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned int y, mo, d, h, mi, sec, frac;
	bool leap;
	int64_t days;
	uint64_t t;

	if (n != 30 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || s[19] != '.' || s[29] != 'Z' ||
	    !digits(s, 4, &y) || !digits(s + 5, 2, &mo) || !digits(s + 8, 2, &d) ||
	    !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) || !digits(s + 17, 2, &sec) ||
	    !digits(s + 20, 9, &frac))
		return false;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1970 || y > 2554 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && !leap) || h > 23 || mi > 59 || sec > 59)
		return false;
	days = days_from_civil(y, mo, d);
	t = (uint64_t)days * 86400 + h * 3600 + mi * 60 + sec;
	if (t > (UINT64_MAX - frac) / 1000000000ull)
		return false;
	*ns = t * 1000000000ull + frac;
	return true;
}

/*
 * A path as path_join() writes it ("/a/b", "/" for none, "..." first when
 * cut) back into its components, leaf first, each with its NUL.
 */
static bool split_path(const char *p, size_t n, struct strbuf *out, bool *trunc)
{
	const char *end, *slash;

	if (!n)
		return false;	/* (and an empty string may have no buffer) */
	end = p + n;
	*trunc = n >= 3 && !memcmp(p, "...", 3);
	if (*trunc)
		p += 3;
	if (p == end)
		return *trunc;		/* "..." alone: nothing left of it */
	if (*p != '/')
		return false;
	if (!*trunc && end - p == 1)
		return true;		/* "/": no component */
	while (end > p) {
		slash = memrchr(p, '/', (size_t)(end - p));
		append(out, slash + 1, (size_t)(end - slash - 1));
		sb_addc(out, '\0');
		end = slash;
	}
	return out->len <= PATH_BUF_LEN;
}

static struct event *new_record(struct replay *rp, __u32 type)
{
	struct event *e;

	sb_reset(&rp->rec);
	sb_grow(&rp->rec, sizeof(*e));
	e = (struct event *)rp->rec.buf;
	memset(e, 0, sizeof(*e));
	rp->rec.len = sizeof(*e);
	e->type = type;
	e->ts_ns = rp->v[F_TS_NS];
	e->pid = (__u32)rp->v[F_PID];
	e->tid = (__u32)rp->v[F_TID];
	e->ppid = (__u32)rp->v[F_PPID];
	e->uid = (__u32)rp->v[F_UID];
	e->gid = (__u32)rp->v[F_GID];
	e->cpu = (__u32)rp->v[F_CPU];
	/* the strings are at most 15 bytes: the NULs after them stay */
	put(e->comm, &rp->s[S_COMM]);
	put(e->pcomm, &rp->s[S_PCOMM]);
	if (rp->seen & BIT(F_DEPTH)) {
		e->flags |= EVF_IN_TREE;
		e->depth = (__u32)rp->v[F_DEPTH];
	}
	return e;
}

/* The kernel's tty name: "pts/N" is shown for its "ptsN" (decode.c). */
static bool put_tty(struct replay *rp, struct event *e)
{
	const struct strbuf *t = &rp->s[S_TTY];
	size_t n = t->len;

	if (rp->null & BIT(F_TTY))
		return true;
	if (!n)
		return true;
	if (n > 4 && !memcmp(t->buf, "pts/", 4) && strspn(str(rp, S_TTY) + 4, "0123456789") == n - 4) {
		memcpy(e->tty, "pts", 3);
		memcpy(e->tty + 3, t->buf + 4, n - 4);
		return true;
	}
	if (n >= TTY_NAME_LEN)
		return bad(rp, "\"tty\": longer than %u bytes", TTY_NAME_LEN - 1);
	memcpy(e->tty, t->buf, n);
	return true;
}

/* 32 lowercase hex digits, as ident_parse_id() gives a boot or machine id. */
static bool is_id(const struct strbuf *sb)
{
	size_t i;

	if (sb->len != IDENT_ID_LEN)
		return false;
	for (i = 0; i < IDENT_ID_LEN; i++)
		if (!((sb->buf[i] >= '0' && sb->buf[i] <= '9') ||
		      (sb->buf[i] >= 'a' && sb->buf[i] <= 'f')))
			return false;
	return true;
}

/* A decimal integer as sb_add_u64() writes it (no sign, no leading 0), up to max. */
static bool key_number(const char **p, const char *end, uint64_t max, uint64_t *v)
{
	const char *s = *p;
	uint64_t n = 0;
	unsigned int d;

	if (s == end || *s < '0' || *s > '9' || (*s == '0' && s + 1 < end && s[1] != ':'))
		return false;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		d = (unsigned int)(*s - '0');
		if (n > (max - d) / 10)
			return false;
		n = n * 10 + d;
	}
	*p = s;
	*v = n;
	return true;
}

/*
 * A process key of pid as ident_add_key() writes it, BOOTID:PID:START:EXECID
 * with the line's boot id: START and EXECID into *start and *exec.
 */
static bool parse_key(struct replay *rp, enum field f, uint32_t pid, __u64 *start, __u64 *exec)
{
	const struct strbuf *k = &rp->s[fields[f].slot];
	const char *p = k->buf, *end = k->buf + k->len;
	uint64_t v, st, ex;

	if (k->len <= IDENT_ID_LEN || memcmp(p, rp->s[S_BOOT_ID].buf, IDENT_ID_LEN) ||
	    p[IDENT_ID_LEN] != ':')
		return bad(rp, "\"%s\": expected \"BOOTID:PID:START:EXECID\" with the line's "
			   "boot_id", fields[f].name);
	p += IDENT_ID_LEN + 1;
	if (!key_number(&p, end, UINT32_MAX, &v) || v != pid || p == end || *p++ != ':' ||
	    !key_number(&p, end, UINT64_MAX, &st) || p == end || *p++ != ':' ||
	    !key_number(&p, end, UINT64_MAX, &ex) || p != end)
		return bad(rp, "\"%s\": expected \"BOOTID:PID:START:EXECID\" with PID the %s",
			   fields[f].name, f == F_KEY ? "pid" : "ppid");
	*start = st;
	*exec = ex;
	return true;
}

/*
 * The host fields and the process keys: the keys are null when the boot
 * id is (and parent_key when ppid is 0), and only then; their start times
 * and exec ids into the record, the host into rp->host for the sink.
 */
static bool put_ident(struct replay *rp, struct event *e, struct replay_item *it)
{
	struct host_ident *h = &rp->host;
	bool boot = !(rp->null & BIT(F_BOOT_ID));

	if (boot && !is_id(&rp->s[S_BOOT_ID]))
		return bad(rp, "\"boot_id\": expected 32 lowercase hex digits or null");
	if (!(rp->null & BIT(F_MACHINE_ID)) && !is_id(&rp->s[S_MACHINE_ID]))
		return bad(rp, "\"machine_id\": expected 32 lowercase hex digits or null");
	if (!(rp->null & BIT(F_HOSTNAME)) && !rp->s[S_HOSTNAME].len)
		return bad(rp, "\"hostname\": expected a name or null, not \"\"");
	if (boot == !!(rp->null & BIT(F_KEY)))
		return bad(rp, "\"key\" must be null when \"boot_id\" is, and only then");
	if ((boot && e->ppid) == !!(rp->null & BIT(F_PARENT_KEY)))
		return bad(rp, "\"parent_key\" must be null when \"boot_id\" is or \"ppid\" is 0, "
			   "and only then");
	if (boot && (!parse_key(rp, F_KEY, e->pid, &e->start_time, &e->exec_id) ||
		     (e->ppid && !parse_key(rp, F_PARENT_KEY, e->ppid, &e->pstart_time,
					    &e->pexec_id))))
		return false;
	/* (a null field's buffer holds an older line's value) */
	memset(h, 0, sizeof(*h));
	if (boot)
		put(h->boot_id, &rp->s[S_BOOT_ID]);
	if (!(rp->null & BIT(F_MACHINE_ID)))
		put(h->machine_id, &rp->s[S_MACHINE_ID]);
	if (!(rp->null & BIT(F_HOSTNAME)))
		put(h->hostname, &rp->s[S_HOSTNAME]);
	it->host = h;
	return true;
}

/* A string field is want ("": null). */
static bool same(struct replay *rp, enum field f, const char *want)
{
	const struct strbuf *sb = &rp->s[fields[f].slot];

	if (!*want)
		return (rp->null & BIT(f)) != 0;
	return !(rp->null & BIT(f)) && sb->len == strlen(want) && !memcmp(sb->buf, want, sb->len);
}

/* The container fields say what the cgroup path names (the sink reads them from it). */
static bool check_container(struct replay *rp, const char *cgroup)
{
	struct container_info ct;

	if (!cgroup || !container_parse(cgroup, &ct))
		memset(&ct, 0, sizeof(ct));
	if (same(rp, F_CONTAINER_ID, ct.id) && same(rp, F_POD_UID, ct.pod_uid) &&
	    same(rp, F_CONTAINER_RUNTIME, ct.runtime ? ct.runtime : ""))
		return true;
	return bad(rp, "\"container_id\", \"container_runtime\" or \"pod_uid\" is not what "
		   "\"cgroup\" names");
}

/* The context fields, all or none; item gets the cgroup path. */
static bool put_context(struct replay *rp, struct event *e, replay_fields paths,
			struct replay_item *it)
{
	replay_fields ctx = CONTEXT | paths;

	if (!(rp->seen & ctx))
		return true;
	if ((rp->seen & ctx) != ctx)
		return bad(rp, "context field \"%s\" missing (they come all or none)",
			   fields[first_field(ctx & ~rp->seen)].name);
	e->flags |= EVF_CONTEXT;
	e->euid = (__u32)rp->v[F_EUID];
	e->egid = (__u32)rp->v[F_EGID];
	e->auid = rp->null & BIT(F_AUID) ? (__u32)-1 : (__u32)rp->v[F_AUID];
	e->sid = (__u32)rp->v[F_SID];
	e->mntns = (__u32)rp->v[F_MNTNS];
	e->pidns = (__u32)rp->v[F_PIDNS];
	e->cgroup_id = rp->v[F_CGROUP_ID];
	if (!put_tty(rp, e))
		return false;
	it->has_cgroup = true;
	it->cgroup = rp->null & BIT(F_CGROUP) ? NULL : str(rp, S_CGROUP);
	/* the sink has no path for cgroup id 0 (cgpath_lookup) */
	return check_container(rp, e->cgroup_id ? it->cgroup : NULL);
}

/* A path field appended to the record as components; its bytes in *len. */
static bool put_path(struct replay *rp, enum field f, unsigned int slot, __u32 *len,
		     bool *trunc)
{
	size_t before = rp->rec.len;

	if (!split_path(rp->s[slot].buf, rp->s[slot].len, &rp->rec, trunc))
		return bad(rp, "\"%s\": not a path execsnoop writes (\"/...\", or \"...\" first "
			   "when cut, at most %u bytes)", fields[f].name, PATH_BUF_LEN);
	*len = (__u32)(rp->rec.len - before);
	return true;
}

/* args_bytes tells whether the last argument kept its NUL (see build_exec). */
static bool args_length(struct replay *rp, size_t *alen, bool *cut)
{
	size_t n = rp->args.len;

	*cut = false;
	if (rp->v[F_ARGS_BYTES] + 1 == n && n >= 2 && rp->args.buf[n - 2] != '\0') {
		*cut = true;
		n--;
	} else if (rp->v[F_ARGS_BYTES] != n) {
		return bad(rp, "\"args_bytes\" is %llu, but \"args\" hold %zu bytes with their NULs",
			   (unsigned long long)rp->v[F_ARGS_BYTES], n);
	}
	if (n > ARGS_SIZE_MAX)
		return bad(rp, "\"args\" longer than %u bytes", ARGS_SIZE_MAX);
	*alen = n;
	return true;
}

/*
 * args_truncated says either: argv longer than the buffer, or (a failed
 * exec) more entries than the walk takes (FAIL_ARGC_MAX). The second when
 * argc is such a limit and the last argument is whole: the first cuts it,
 * unless the buffer ended just after its NUL (then the text says "N bytes
 * shown" where live it said "more than N args").
 */
static __u32 trunc_flag(struct replay *rp, bool failed, bool cut)
{
	if (!rp->v[F_ARGS_TRUNC])
		return 0;
	if (failed && !cut && (rp->v[F_ARGC] == FAIL_ARGC_MAX ||
			       rp->v[F_ARGC] == FAIL_ARGC_MAX_NOLOOP))
		return EVF_ARGC_TRUNC;
	return EVF_ARGS_TRUNC;
}

/*
 * An exec: the record's fixed part, then argv (the last argument may lack
 * its NUL: the kernel copied argv up to a limit), the filename with its
 * NUL, then the cwd and exe components.
 */
static bool build_exec(struct replay *rp, struct replay_item *it)
{
	int32_t retval = (int32_t)rp->v[F_RETVAL];
	bool cut = false, cwd_trunc = false, exe_trunc = false, exe_null = rp->null & BIT(F_EXE);
	__u32 cwd_len = 0, exe_len = 0, flags;
	struct event *e;
	size_t alen = 0;

	if (!check_keys(rp, COMMON | EXEC, COMMON | BIT(F_DEPTH) | EXEC | EXEC_PATHS | CONTEXT,
			"an exec") || !args_length(rp, &alen, &cut))
		return false;
	if ((rp->seen & BIT(F_EXE)) && exe_null != (retval != 0))
		return bad(rp, "\"exe\" must be %s for %s exec", retval ? "null" : "a string",
			   retval ? "a failed" : "a successful");
	flags = trunc_flag(rp, retval != 0, cut) |
		(rp->v[F_EXECVEAT] ? EVF_EXECVEAT : 0) |
		(rp->v[F_FILENAME_TRUNC] ? EVF_FNAME_TRUNC : 0) |
		(rp->v[F_ARGS_UNREADABLE] ? EVF_ARGS_FAULT : 0) |
		(rp->null & BIT(F_FILENAME) ? EVF_FNAME_FAULT : 0);
	new_record(rp, retval ? EVENT_EXEC_FAIL : EVENT_EXEC);
	append(&rp->rec, rp->args.buf, alen);
	if (!(flags & EVF_FNAME_FAULT)) {
		append(&rp->rec, rp->s[S_FILENAME].buf, rp->s[S_FILENAME].len);
		sb_addc(&rp->rec, '\0');
	}
	if ((rp->seen & EXEC_PATHS) &&
	    (!put_path(rp, F_CWD, S_CWD, &cwd_len, &cwd_trunc) ||
	     (!exe_null && !put_path(rp, F_EXE, S_EXE, &exe_len, &exe_trunc))))
		return false;
	/* the buffer may have moved: the fixed part is finished last */
	e = (struct event *)rp->rec.buf;
	e->flags |= flags | (cwd_trunc ? EVF_CWD_TRUNC : 0) | (exe_trunc ? EVF_EXE_TRUNC : 0);
	e->retval = retval;
	e->argc = (__u32)rp->v[F_ARGC];
	e->args_len = (__u32)alen;
	e->args_total = (__u32)rp->v[F_ARGS_TOTAL];
	e->fname_len = flags & EVF_FNAME_FAULT ? 0 : (__u32)rp->s[S_FILENAME].len + 1;
	e->cwd_len = cwd_len;
	e->exe_len = exe_len;
	return put_ident(rp, e, it) && put_context(rp, e, EXEC_PATHS, it);
}

/* exit_code, signal, signal_name and core_dumped must say what status does. */
static bool check_status(struct replay *rp, uint32_t status)
{
	struct exit_info x = exit_info(status);
	struct strbuf name = STRBUF_INIT;
	bool ok, named = x.sig && sb_add_signame(&name, x.sig);

	ok = (x.sig ? (rp->null & BIT(F_EXIT_CODE)) != 0 :
		      !(rp->null & BIT(F_EXIT_CODE)) && rp->v[F_EXIT_CODE] == (uint64_t)x.code) &&
	     (x.sig ? !(rp->null & BIT(F_SIGNAL)) && rp->v[F_SIGNAL] == (uint64_t)x.sig :
		      (rp->null & BIT(F_SIGNAL)) != 0) &&
	     (named ? !(rp->null & BIT(F_SIGNAL_NAME)) && name.len == rp->s[S_SIGNAL_NAME].len &&
		      !memcmp(name.buf, rp->s[S_SIGNAL_NAME].buf, name.len) :
		      (rp->null & BIT(F_SIGNAL_NAME)) != 0) &&
	     rp->v[F_CORE] == (uint64_t)x.core;
	sb_release(&name);
	return ok || bad(rp, "\"exit_code\", \"signal\", \"signal_name\" or \"core_dumped\" "
			 "disagrees with \"status\" %u", status);
}

static bool build_exit(struct replay *rp, struct replay_item *it)
{
	uint64_t life_ns, user = rp->v[F_CPU_USER], sys = rp->v[F_CPU_SYS];
	struct event *e;

	if (!check_keys(rp, COMMON | EXIT, COMMON | BIT(F_DEPTH) | EXIT | CONTEXT, "an exit") ||
	    !check_status(rp, (uint32_t)rp->v[F_STATUS]))
		return false;
	if (!is(rp, S_SINCE, "exec") && !is(rp, S_SINCE, "fork"))
		return bad(rp, "\"since\": expected \"exec\" or \"fork\"");
	/*
	 * lifetime_ms has microseconds, rounded: the start that gives them back
	 * (the clock's start at the latest, which rounds up to them too).
	 */
	if (rp->v[F_LIFETIME] > UINT64_MAX / 1000 ||
	    ((life_ns = rp->v[F_LIFETIME] * 1000) > 500 && life_ns - 500 > rp->v[F_TS_NS]))
		return bad(rp, "\"lifetime_ms\" reaches back before the clock's start (ts_ns)");
	/* exit_rusage() gives user and sys back exactly when they add up */
	if (user > UINT64_MAX - sys || user + sys != rp->v[F_CPU_NS])
		return bad(rp, "\"cpu_user_ns\" + \"cpu_sys_ns\" is not \"cpu_ns\"");
	e = new_record(rp, EVENT_EXIT);
	e->exit_status = (__u32)rp->v[F_STATUS];
	e->start_ns = life_ns < e->ts_ns ? e->ts_ns - life_ns : 0;
	if (is(rp, S_SINCE, "fork"))
		e->flags |= EVF_START_UNKNOWN;
	e->utime_ns = user;
	e->stime_ns = sys;
	e->runtime_ns = rp->v[F_CPU_NS];
	/* in 1 KiB pages: the sink is told (replay_page_size) */
	e->maxrss_pages = rp->v[F_MAXRSS];
	e->nvcsw = rp->v[F_NVCSW];
	e->nivcsw = rp->v[F_NIVCSW];
	return put_ident(rp, e, it) && put_context(rp, e, 0, it);
}

static bool build_summary(struct replay *rp, struct replay_item *it)
{
	if (!check_keys(rp, SUMMARY, SUMMARY, "a summary"))
		return false;
	it->sum = (struct summary){
		.received = rp->v[F_RECEIVED],
		.printed = rp->v[F_PRINTED],
		.lost = rp->v[F_LOST],
		.filtered_kernel = rp->v[F_FILTERED_KERNEL],
		.filtered_user = rp->v[F_FILTERED_USER],
		.rate_limited = rp->v[F_RATE_LIMITED],
		.malformed = rp->v[F_MALFORMED],
		.tree_full = rp->v[F_TREE_FULL],
		.exit_untracked = rp->v[F_EXIT_UNTRACKED],
		.unwritten = rp->v[F_UNWRITTEN],
		.duration_s = (double)rp->v[F_DURATION] / 1000.0,
	};
	return true;
}

int replay_parse(struct replay *rp, const char *line, size_t len, struct replay_item *it)
{
	struct json_in j;
	uint64_t wall;
	bool ok;

	rp->err[0] = '\0';
	memset(it, 0, sizeof(*it));
	json_init(&j, line, len);
	if (!read_object(rp, &j))
		return rp->err[0] ? -1 : (bad_json(rp, &j), -1);
	if (!(rp->seen & BIT(F_EVENT)))
		return say(rp, "object without \"event\""), -1;
	if (is(rp, S_EVENT, "summary")) {
		it->kind = REPLAY_SUMMARY;
		return build_summary(rp, it) ? 0 : -1;
	}
	it->kind = REPLAY_EVENT;
	if (is(rp, S_EVENT, "exec"))
		ok = build_exec(rp, it);
	else if (is(rp, S_EVENT, "exit"))
		ok = build_exit(rp, it);
	else
		return say(rp, "\"event\": expected \"exec\", \"exit\" or \"summary\""), -1;
	if (!ok)
		return -1;
	if (!(rp->null & BIT(F_TIME))) {
		if (!parse_time(rp->s[S_TIME].buf, rp->s[S_TIME].len, &wall))
			return say(rp, "\"time\": expected YYYY-MM-DDTHH:MM:SS.NNNNNNNNNZ "
				   "from 1970 to 2554"), -1;
		it->has_time = true;
		it->realtime_offset_ns = (int64_t)(wall - rp->v[F_TS_NS]);
	}
	it->rec = rp->rec.buf;
	it->size = rp->rec.len;
	return 0;
}

/* --- the file -------------------------------------------------------- */

#define READ_CHUNK	(256 * 1024)

void replay_set_fd(struct replay *rp, int fd)
{
	rp->fd = fd;
}

/* More bytes after what buf holds: 0, 1 to stop (before_read said so), -1 on an error. */
static int fill(struct replay *rp)
{
	ssize_t n;

	if (rp->start) {
		memmove(rp->buf, rp->buf + rp->start, rp->len - rp->start);
		rp->len -= rp->start;
		rp->start = 0;
	}
	if (rp->cap - rp->len < READ_CHUNK) {
		size_t cap = rp->cap ? rp->cap * 2 : 2 * READ_CHUNK;
		char *p = realloc(rp->buf, cap);

		if (!p)
			return say(rp, "out of memory"), -1;
		rp->buf = p;
		rp->cap = cap;
	}
	do {
		if (rp->before_read && !rp->before_read(rp->ctx))
			return 1;
		n = read(rp->fd, rp->buf + rp->len, rp->cap - rp->len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return say(rp, "read error: %s", strerror(errno)), -1;
	if (!n)
		rp->eof = true;
	rp->len += (size_t)n;
	return 0;
}

static bool blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

int replay_next(struct replay *rp, struct replay_item *it)
{
	const char *line, *nl;
	size_t n;
	int k;

	for (;;) {
		n = rp->len - rp->start - rp->scanned;
		nl = n ? memchr(rp->buf + rp->start + rp->scanned, '\n', n) : NULL;
		if (!nl) {
			rp->scanned = rp->len - rp->start;
			if (rp->scanned > REPLAY_LINE_MAX) {
				rp->line++;
				return say(rp, "line longer than %u MiB", REPLAY_LINE_MAX >> 20), -1;
			}
			if (!rp->eof) {
				k = fill(rp);
				if (k)
					return k < 0 ? -1 : 0;
				continue;
			}
			if (rp->start == rp->len)
				return 0;
			nl = rp->buf + rp->len;	/* the last line, without its '\n' */
		}
		line = rp->buf + rp->start;
		n = (size_t)(nl - line);
		rp->start += n + (nl < rp->buf + rp->len);
		rp->scanned = 0;
		rp->line++;
		if (n > REPLAY_LINE_MAX)
			return say(rp, "line longer than %u MiB", REPLAY_LINE_MAX >> 20), -1;
		if (blank(line, n))
			continue;
		return replay_parse(rp, line, n, it) ? -1 : 1;
	}
}
