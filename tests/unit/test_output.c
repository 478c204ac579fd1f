// SPDX-License-Identifier: GPL-2.0
/*
 * Buffered output (output.c) to -o FILE: rotation by size only between
 * lines, the numbering of the rotated files, keep, reopen after a move.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"
#include "output.h"

static char dir[64];

static char *path_of(const char *name)
{
	static char p[4][128];
	static int i;

	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

static long long size_of(const char *name)
{
	struct stat st;

	return stat(path_of(name), &st) ? -1 : (long long)st.st_size;
}

static bool file_is(const char *name, const char *want)
{
	char buf[4096];
	int fd = open(path_of(name), O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	return n == (ssize_t)strlen(want) && !memcmp(buf, want, (size_t)n);
}

/* A line of len bytes (the newline included), made of c. */
static void add_line(struct output *o, char c, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++)
		sb_addc(&o->buf, c);
	sb_addc(&o->buf, '\n');
	o->pending++;
}

static void rotation(void)
{
	struct output o = { .buf = STRBUF_INIT };
	const char *why;
	int i;

	/* 4096 bytes a file: 40 lines of 100 fit, the 41st goes to the next */
	why = output_open_file(&o, path_of("ev"), 4096, 2);
	CHECK("output/open", !why);
	for (i = 0; i < 41; i++)
		add_line(&o, 'a', 100);
	output_flush(&o);
	CHECK("output/rotated-at-line", size_of("ev.1") == 4000 && size_of("ev") == 100 &&
	      o.rotations == 1 && o.written == 41 && o.size == 100);
	/* a line longer than the limit has a file of its own */
	add_line(&o, 'b', 5000);
	add_line(&o, 'c', 10);
	output_flush(&o);
	CHECK("output/long-line-alone", size_of("ev.2") == 100 && size_of("ev.1") == 5000 &&
	      size_of("ev") == 10 && size_of("ev.3") == -1 && o.rotations == 3);
	/* keep 2: the oldest goes (the 4000 bytes of 'a') */
	CHECK("output/keep", o.keep == 2 && size_of("ev.3") == -1);
	/* exactly the limit: no rotation */
	add_line(&o, 'd', 4086);
	output_flush(&o);
	CHECK("output/exact-fit", size_of("ev") == 4096 && o.rotations == 3);
	add_line(&o, 'e', 1);
	output_flush(&o);
	CHECK("output/next-rotates", file_is("ev", "\n") && o.rotations == 4);
	output_release(&o);
}

static void append_and_reopen(void)
{
	struct output o = { .buf = STRBUF_INIT };
	int fd = open(path_of("ap"), O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || write(fd, "old\n", 4) != 4)
		abort();
	close(fd);
	/* rotating: appended to, its size counted */
	CHECK("output/append-open", !output_open_file(&o, path_of("ap"), 4096, 1) && o.size == 4);
	sb_adds(&o.buf, "new\n");
	o.pending++;
	output_flush(&o);
	CHECK("output/appended", file_is("ap", "old\nnew\n"));
	/* moved away: reopen makes a new file of the same mode */
	CHECK("output/moved", !rename(path_of("ap"), path_of("ap.moved")));
	sb_adds(&o.buf, "before\n");
	o.pending++;
	output_reopen(&o);
	sb_adds(&o.buf, "after\n");
	o.pending++;
	output_flush(&o);
	CHECK("output/reopen", file_is("ap.moved", "old\nnew\nbefore\n") && file_is("ap", "after\n") &&
	      o.size == 6 && o.written == 3);
	{
		struct stat st;

		CHECK("output/reopen-mode", !stat(path_of("ap"), &st) && (st.st_mode & 0777) == 0600);
	}
	output_release(&o);
	/* not rotating: truncated */
	CHECK("output/truncate-open", !output_open_file(&o, path_of("ap"), 0, 0) && o.size == 0 &&
	      file_is("ap", ""));
	output_release(&o);
	CHECK("output/not-regular", output_open_file(&o, "/dev/null", 4096, 1) != NULL);
}

void test_output(void)
{
	char cmd[96];

	snprintf(dir, sizeof(dir), "/tmp/execsnoop-unit.XXXXXX");
	if (!mkdtemp(dir))
		abort();
	rotation();
	append_and_reopen();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		printf("warning: cannot remove %s\n", dir);
}
