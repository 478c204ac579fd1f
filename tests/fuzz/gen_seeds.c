// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the seed corpus: tests/fuzz/corpus/TARGET/NAME, a few valid
 * inputs per target, with records laid out as the kernel does (as
 * tests/unit/synth.c builds them). The seeds are checked in; run this
 * only to change them:
 *   cc -Wall -Wextra -Werror -Isrc tests/fuzz/gen_seeds.c -o build/gen_seeds &&
 *   build/gen_seeds tests/fuzz/corpus
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <linux/perf_event.h>
#include "event.h"

static const char *root;

/* A file's bytes, built up. */
struct buf {
	unsigned char b[65536];
	size_t n;
};

static void put(struct buf *b, const void *p, size_t n)
{
	if (n > sizeof(b->b) - b->n)
		abort();
	memcpy(b->b + b->n, p, n);
	b->n += n;
}

static void put_le(struct buf *b, uint64_t v, size_t width)
{
	size_t i;

	for (i = 0; i < width; i++)
		put(b, (unsigned char[]){ (unsigned char)(v >> (8 * i)) }, 1);
}

static void save(const char *target, const char *name, const struct buf *b)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, target);
	if (mkdir(path, 0755) && errno != EEXIST) {
		perror(path);
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/%s/%s", root, target, name);
	f = fopen(path, "wb");
	if (!f || fwrite(b->b, 1, b->n, f) != b->n || fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* A record: argv, the filename (its NUL added), cwd and exe components. */
struct rec {
	const char *args;
	size_t alen;
	const char *fname;
	const char *cwd;
	size_t clen;
	const char *exe;
	size_t elen;
	struct event e;		/* last: its data[] is the parts above */
};

static void base(struct event *e, __u32 type)
{
	memset(e, 0, sizeof(*e));
	e->ts_ns = 5000000000ull;
	e->type = type;
	e->pid = 1234;
	e->tid = 1235;
	e->ppid = 99;
	e->uid = 1000;
	e->gid = 100;
	e->cpu = 1;
	memcpy(e->comm, "ls", 3);
	memcpy(e->pcomm, "bash", 5);
}

static void context(struct event *e, const char *tty)
{
	e->flags |= EVF_CONTEXT;
	e->auid = (__u32)-1;
	e->sid = 7;
	e->mntns = 4026531840u;
	e->pidns = 4026531836u;
	e->cgroup_id = 12345;
	strncpy(e->tty, tty, sizeof(e->tty) - 1);
}

static void put_rec(struct buf *b, struct rec *r)
{
	size_t fl = r->fname ? strlen(r->fname) + 1 : 0;

	r->e.args_len = (__u32)r->alen;
	if (!r->e.args_total)
		r->e.args_total = (__u32)r->alen;
	r->e.fname_len = (__u32)fl;
	r->e.cwd_len = (__u32)r->clen;
	r->e.exe_len = (__u32)r->elen;
	put(b, &r->e, sizeof(r->e));
	put(b, r->args, r->alen);
	put(b, r->fname ? r->fname : "", fl);
	put(b, r->cwd, r->clen);
	put(b, r->exe, r->elen);
}

#define S(lit) lit, sizeof(lit) - 1
/* NUL-separated strings: the literal's own NUL ends the last one (CUT: none). */
#define ARGS(r, lit)		((r)->args = (lit), (r)->alen = sizeof(lit))
#define ARGS_CUT(r, lit)	((r)->args = (lit), (r)->alen = sizeof(lit) - 1)
#define CWD(r, lit)		((r)->cwd = (lit), (r)->clen = sizeof(lit))
#define EXE(r, lit)		((r)->exe = (lit), (r)->elen = sizeof(lit))

/* The records every target's seeds are made of. */
static struct rec recs[8];
static const char *rec_names[8];
static size_t nrecs;

static struct rec *add(const char *name, __u32 type)
{
	struct rec *r = &recs[nrecs];

	rec_names[nrecs++] = name;
	base(&r->e, type);
	r->args = r->fname = r->cwd = r->exe = "";
	return r;
}

static void make_records(void)
{
	struct rec *r;

	r = add("exec", EVENT_EXEC);
	ARGS(r, "ls\0-l\0/tmp");
	r->fname = "/bin/ls";
	r->e.argc = 3;

	r = add("exec-context", EVENT_EXEC);
	context(&r->e, "pts3");
	ARGS(r, "vim\0notes.txt");
	r->fname = "/usr/bin/vim";
	CWD(r, "user\0home");
	EXE(r, "vim.basic\0bin\0usr");
	r->e.argc = 2;

	r = add("exec-fail", EVENT_EXEC_FAIL);
	r->e.retval = -2;
	r->e.flags = EVF_EXECVEAT | EVF_FNAME_TRUNC | EVF_ARGC_TRUNC | EVF_IN_TREE;
	r->e.depth = 2;
	ARGS_CUT(r, "nosuch\0a b\0\"quoted\"\0cut");	/* the last one cut */
	r->fname = "/no/such/file";

	r = add("exit-signal", EVENT_EXIT);
	r->e.exit_status = 0x80 | 11;	/* SIGSEGV, core dumped */
	r->e.start_ns = 4000000000ull;
	r->e.flags = EVF_START_UNKNOWN | EVF_IN_TREE;
	r->e.depth = 3;

	r = add("exit-code", EVENT_EXIT);
	context(&r->e, "ttyS0");
	r->e.exit_status = 1 << 8;
	r->e.start_ns = 4999000000ull;
	r->e.utime_ns = 300000000;
	r->e.stime_ns = 12000000;
	r->e.runtime_ns = 310381817;
	r->e.maxrss_pages = 16650;
	r->e.nvcsw = 3;
	r->e.nivcsw = 114;

	r = add("exec-bytes", EVENT_EXEC);
	memcpy(r->e.comm, "a\x1b[31m\xc2\x85\xff", 9);
	memcpy(r->e.pcomm, "\xe2\x80\xaespoof", 8);
	ARGS(r, "x\0caf\xc3\xa9\0\xff\xfe\xc0\xaf\0\xe2\x80\xae\xe2\x80\xa8\0tab\there\0"
		"nl\nx\0\x7f\\\"");
	r->fname = "/tmp/\xed\xa0\x80\x1b]0;x\x07";
	r->e.argc = 7;

	r = add("exec-trunc", EVENT_EXEC);
	context(&r->e, "");
	r->e.flags |= EVF_ARGS_TRUNC | EVF_ARGS_FAULT | EVF_CWD_TRUNC | EVF_EXE_TRUNC |
		      EVF_FNAME_FAULT;
	r->e.argc = 100;
	r->e.args_total = 100000;
	ARGS(r, "sh\0-c\0echo one two three four five six");
	r->fname = "";
	CWD(r, "deep dir");
}

/* A PERF_RECORD_SAMPLE with PERF_SAMPLE_RAW around one record, padded to 8. */
static void put_perf_sample(struct buf *b, struct rec *r)
{
	struct buf raw = { .n = 0 };
	struct perf_event_header h = { .type = PERF_RECORD_SAMPLE };
	size_t size;

	put_rec(&raw, r);
	size = (sizeof(h) + 4 + raw.n + 7) & ~(size_t)7;
	h.size = (__u16)size;
	put(b, &h, sizeof(h));
	put_le(b, raw.n, 4);
	put(b, raw.b, raw.n);
	while (b->n % 8)
		put(b, "", 1);
}

static void decode_seeds(void)
{
	struct perf_event_header h;
	struct buf b;
	char name[64];
	size_t i;

	for (i = 0; i < nrecs; i++) {
		b.n = 0;
		put_rec(&b, &recs[i]);
		save("decode", rec_names[i], &b);
		b.n = 0;
		put_perf_sample(&b, &recs[i]);
		snprintf(name, sizeof(name), "perf-%s", rec_names[i]);
		save("decode", name, &b);
	}
	/* PERF_RECORD_LOST: header, id, count */
	b.n = 0;
	h = (struct perf_event_header){ .type = PERF_RECORD_LOST, .size = 24 };
	put(&b, &h, sizeof(h));
	put_le(&b, 1, 8);
	put_le(&b, 42, 8);
	save("decode", "perf-lost", &b);
	/* a record cut short */
	b.n = 0;
	put_rec(&b, &recs[1]);
	b.n -= 5;
	save("decode", "exec-cut", &b);
}

/* The sinks' header: option bits, --max-args, start_ns, realtime offset. */
static void sink_header(struct buf *b, unsigned int bits, unsigned int max_args)
{
	b->n = 0;
	put_le(b, bits, 2);
	put_le(b, max_args, 1);
	put_le(b, 1000000000ull, 8);
	put_le(b, 1699999995123456789ull, 8);
}

static void sink_record(struct buf *b, struct rec *r)
{
	struct buf raw = { .n = 0 };

	put_rec(&raw, r);
	put_le(b, raw.n, 2);
	put(b, raw.b, raw.n);
}

static void sinks_seeds(void)
{
	static const struct {
		const char *name;
		unsigned int bits;	/* as fuzz_sinks.c's opt_bits[] */
		unsigned int max_args;
		const char *recs;	/* indexes into recs[] */
	} seeds[] = {
		{ "plain", 0, 0, "0134" },
		{ "columns-quote-max2", 0x3f, 2, "025" },
		{ "context-paths-tree", 0x7c0 | 0x800, 0, "1234" },
		{ "everything", 0xfff, 3, "0123456" },
	};
	struct rec child;
	struct buf b;
	size_t i;
	const char *p;

	for (i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		sink_header(&b, seeds[i].bits, seeds[i].max_args);
		for (p = seeds[i].recs; *p; p++)
			sink_record(&b, &recs[*p - '0']);
		save("sinks", seeds[i].name, &b);
	}
	/* --tree without -p: a child of the first exec, and its end */
	sink_header(&b, 1u << 9 | 1u << 10, 0);
	sink_record(&b, &recs[0]);
	child = recs[0];
	child.e.ppid = child.e.pid;
	child.e.pid++;
	sink_record(&b, &child);
	child.e.type = EVENT_EXIT;
	child.e.exit_status = 0;
	child.alen = 0;
	child.fname = NULL;
	sink_record(&b, &child);
	save("sinks", "tree-ancestry", &b);
}

static void escape_seeds(void)
{
	static const struct {
		const char *name;
		const char *s;
		size_t n;
	} seeds[] = {
		{ "ascii", S("\x00hello, world") },
		{ "quote", S("\x01say \"hi\" \\ back") },
		{ "space", S("\x02" "a b\tc\nd\re") },
		{ "controls-prefix", S("\x07\x1b[31mred\x7f\x01\x00 caf\xc3\xa9") },
		{ "dangerous", S("\x00\xc2\x85 nel \xe2\x80\xae rlo \xe2\x80\xa8 ls \xd8\x9c "
				 "alm \xe2\x81\xa6 lri \xe2\x80\x8f rlm") },
		{ "ill-formed", S("\x00\xff\xfe\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xe0\x80"
				  "\xc2\xf0\x9f\x98") },
		{ "well-formed", S("\x03\xf0\x9f\x98\x80 \xe4\xb8\xad \xd0\x96 \xf4\x8f\xbf\xbf "
				   "\xee\x80\x80 \xef\xbf\xbd") },
	};
	struct buf b;
	size_t i;

	for (i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		b.n = 0;
		put(&b, seeds[i].s, seeds[i].n);
		save("escape", seeds[i].name, &b);
	}
}

static void options_seeds(void)
{
	static const struct {
		const char *name;
		const char *s;
		size_t n;
	} seeds[] = {
		{ "flags", S("-T\0-t\0-x\0-U\0-q\0-M\0-C\0-v") },
		{ "bundled", S("-TtxUqMCej") },
		{ "long-flags", S("--time\0--timestamp\0--fails\0--print-uid\0--quote\0"
				  "--print-pcomm\0--print-cpu\0--exit-all\0--json\0--tree\0"
				  "--cwd\0--exe\0--context\0--verbose") },
		{ "values", S("-u\0" "1000\0-P\0" "1\0--max-args\0" "5\0--args-size\0" "4096\0"
			      "--buffer-size\0" "1024\0--mntns\0" "4026531840") },
		{ "regex", S("-n\0^(ba)?sh$\0-l\0tpkg|x[0-9]+\0-n\0again") },
		{ "regex-bad", S("-n\0(unclosed") },
		{ "paths", S("-c\0/sys/fs/cgroup/system.slice\0--cgroupmap\0/sys/fs/bpf/m\0"
			     "--mntnsmap\0/sys/fs/bpf/n\0-o\0/tmp/out") },
		{ "command", S("-e\0--\0make\0-j2") },
		{ "pid-command", S("-p\0" "1234\0--\0sh") },
		{ "pid-keep", S("--pid=1\0--keep-tracing\0--keep") },
		{ "perf-big", S("--transport\0perf\0--args-size\0" "100000") },
		{ "ring-small-buffer", S("--transport=ring\0--args-size=1048576\0"
					 "--buffer-size=64") },
		{ "user-name", S("-u\0root\0--uid=nobody") },
		{ "help", S("--help") },
		{ "version", S("--version") },
		{ "unknown", S("-Z\0--bogus") },
		{ "missing-value", S("--max-args") },
		{ "dashes-value", S("-o\0--") },
		{ "stray", S("ls") },
	};
	struct buf b;
	size_t i;

	for (i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		b.n = 0;
		put(&b, seeds[i].s, seeds[i].n);
		save("options", seeds[i].name, &b);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
		return 2;
	}
	root = argv[1];
	if (mkdir(root, 0755) && errno != EEXIST) {
		perror(root);
		return 1;
	}
	make_records();
	decode_seeds();
	sinks_seeds();
	escape_seeds();
	options_seeds();
	return 0;
}
