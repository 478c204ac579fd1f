/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --from FILE: a trace saved by `execsnoop -j` read back. Each exec and exit
 * object becomes a record in the kernel's format (event.h), which main.c
 * hands to the same decode -> filter -> sink path as a live record; each
 * summary object gives back the recorded run's counts (lost events...).
 *
 * The file is untrusted: every line must be one JSON object that execsnoop
 * could have written (doc/schema.json), with every key it needs and no
 * other, every value of its type and within the kernel's limits (a name of
 * at most 15 bytes, argv of at most 1 MiB, ...), and the values that follow
 * from others consistent with them (args_bytes with args, exit_code with
 * status, ...). The first line that is not stops the replay with its line
 * number and what is wrong. Blank lines are skipped; keys may come in any
 * order. The host fields and process keys come from the file (the sink is
 * given the line's host: see replay_item.host); the container fields must
 * be what the saved cgroup path names. A file written with --field-names
 * ecs or otel is refused: only execsnoop's own names are read.
 */
#ifndef EXECSNOOP_REPLAY_H
#define EXECSNOOP_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ident.h"
#include "sink.h"
#include "strbuf.h"

/* The longest line read: 1 MiB of argv, every byte escaped in 6 bytes, and paths. */
#define REPLAY_LINE_MAX	(8u << 20)
#define REPLAY_ERR_MAX	256
/*
 * An exit record's peak RSS counts pages; a replayed one counts KiB, so that
 * max_rss_kib comes back whatever the page size here and where it was
 * recorded: a sink of replayed records is given this page size.
 */
#define REPLAY_PAGE_SIZE 1024

enum replay_kind {
	REPLAY_EVENT,
	REPLAY_SUMMARY,
};

/* What one line held. */
struct replay_item {
	enum replay_kind kind;
	/* REPLAY_EVENT: the record, valid until the next line */
	const void *rec;
	size_t size;
	bool has_time;			/* "time" was a string, not null */
	int64_t realtime_offset_ns;	/* its wall clock minus ts_ns */
	bool has_cgroup;		/* the context fields were there */
	const char *cgroup;		/* "cgroup", or NULL for null */
	/* the host that wrote it ("" for null): the sink's host for its keys */
	const struct host_ident *host;
	/* REPLAY_SUMMARY: its counts */
	struct summary sum;
};

#define REPLAY_STRINGS	19
#define REPLAY_FIELDS	128

/* A set of fields, one bit each. */
typedef unsigned __int128 replay_fields;

struct replay {
	/* the line parser */
	uint64_t v[REPLAY_FIELDS];	/* numbers and booleans, by field */
	replay_fields seen;		/* the fields present */
	replay_fields null;		/* the fields that were null */
	struct strbuf s[REPLAY_STRINGS];	/* string fields, decoded */
	struct strbuf args;		/* argv, NUL after each */
	size_t nargs;
	struct strbuf key;
	struct strbuf rec;		/* the record built */
	unsigned int next_field;	/* where the next key is looked for first */
	char err[REPLAY_ERR_MAX];	/* what is wrong with the line */
	struct host_ident host;		/* the last line's */
	/* the file */
	int fd;
	char *buf;
	size_t cap;
	size_t start;			/* of the next line in buf */
	size_t len;			/* bytes in buf */
	size_t scanned;			/* from start: no '\n' before this */
	bool eof;
	uint64_t line;			/* number of the last line read */
	/*
	 * Called before each read(), which may wait (a pipe from a live
	 * execsnoop -j): what was shown so far can be flushed first. false
	 * stops the reading (a signal interrupted the wait): the end.
	 */
	bool (*before_read)(void *ctx);
	void *ctx;
};

void replay_init(struct replay *rp);
void replay_release(struct replay *rp);

/*
 * One line (without its '\n') into *it. Returns 0, or -1 with rp->err
 * saying what is wrong.
 */
int replay_parse(struct replay *rp, const char *line, size_t len, struct replay_item *it);

/* Reads from fd (not closed by replay_release). */
void replay_set_fd(struct replay *rp, int fd);
/*
 * The next line that is not blank: 1 with *it filled in, 0 at the end of
 * the file, -1 on an error (rp->err, at line rp->line).
 */
int replay_next(struct replay *rp, struct replay_item *it);

#endif /* EXECSNOOP_REPLAY_H */
