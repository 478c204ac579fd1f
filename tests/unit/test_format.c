// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include "check.h"
#include "format.h"

/* Builds a record: argv as one NUL-separated blob, then the filename. */
static struct event *mk(const char *args, size_t args_len, const char *fname,
			unsigned int argc, size_t *size)
{
	size_t fl = strlen(fname) + 1;
	struct event *e;

	*size = sizeof(*e) + args_len + fl;
	e = calloc(1, *size);
	e->type = EVENT_EXEC;
	e->pid = 1234;
	e->tid = 1234;
	e->ppid = 99;
	e->argc = argc;
	e->args_len = (__u32)args_len;
	e->args_total = (__u32)args_len;
	e->fname_len = (__u32)fl;
	memcpy(e->comm, "ls", 3);
	memcpy(e->pcomm, "bash", 5);
	memcpy(e->data, args, args_len);
	memcpy(e->data + args_len, fname, fl);
	return e;
}

static void fmt(const char *name, struct options *o, struct event *e, size_t size,
		const char *want)
{
	struct format_ctx fc = { .opts = o, .cached_sec = -1 };
	struct strbuf sb = STRBUF_INIT;
	struct decoded d;

	if (event_decode(&d, e, size)) {
		CHECK(name, 0);
		return;
	}
	format_text(&fc, &d, &sb);
	CHECK_STR(name, sb.buf, sb.len, want);
	sb_release(&sb);
	sb_release(&fc.scratch);
}

static void default_opts(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->max_args = 20;
}

void test_format(void)
{
	static const char a[] = "ls\0-l\0/tmp";
	struct options o;
	struct event *e;
	size_t size;

	default_opts(&o);
	e = mk(a, sizeof(a), "/usr/bin/ls", 3, &size);
	fmt("format/default", &o, e, size,
	    "ls               1234    99        0 /usr/bin/ls -l /tmp\n");
	o.quote = true;
	fmt("format/quote", &o, e, size,
	    "ls               1234    99        0 \"/usr/bin/ls\" \"-l\" \"/tmp\"\n");
	o.quote = false;
	o.max_args = 2;
	fmt("format/max-args", &o, e, size,
	    "ls               1234    99        0 /usr/bin/ls -l ...\n");
	o.max_args = 20;
	o.print_uid = o.print_pcomm = o.print_cpu = true;
	fmt("format/extra-columns", &o, e, size,
	    "0      ls               1234    bash             99      0     0 /usr/bin/ls -l /tmp\n");
	e->retval = -2;
	default_opts(&o);
	fmt("format/failed", &o, e, size,
	    "ls               1234    99       -2 /usr/bin/ls -l /tmp\n");
	e->flags = EVF_ARGS_TRUNC;
	e->args_total = 100000;
	e->argc = 5;
	e->retval = 0;
	fmt("format/truncated", &o, e, size,
	    "ls               1234    99        0 /usr/bin/ls -l /tmp [truncated: 11 of 100000 bytes, 5 args]\n");
	CHECK("format/decode-short", event_decode(&(struct decoded){ 0 }, e, sizeof(*e) - 1) == -1);
	CHECK("format/decode-overrun", event_decode(&(struct decoded){ 0 }, e, size - 1) == -1);
	free(e);

	e = mk("a\0", 2, "/x", 1, &size);
	memcpy(e->comm, "\x1b]0;pwn\x07", 8);
	fmt("format/hostile-comm", &o, e, size,
	    "\\x1b]0;pwn\\x07   1234    99        0 /x\n");
	free(e);
}

/*
 * -n/-l with -e: exits follow the exec lines shown. The pid set must stay
 * bounded and usable when exits never come (lost, or never seen).
 */
void test_shown_set(void)
{
	static const char a[] = "ls\0-l";
	struct options o;
	struct format_ctx fc = { .opts = &o, .cached_sec = -1 };
	struct decoded d;
	struct event *e;
	size_t size;
	uint32_t pid;
	bool ok = true;

	default_opts(&o);
	o.exits = true;
	o.name_set = !regcomp(&o.name_re, "^ls$", REG_EXTENDED | REG_NOSUB);
	e = mk(a, sizeof(a), "/bin/ls", 2, &size);
	/* far more shown execs than the set holds, no exit for any of them */
	for (pid = 1; pid <= 140000 && ok; pid++) {
		e->pid = pid;
		ok = !event_decode(&d, e, size) && event_wanted(&fc, &d);
	}
	CHECK("shown/execs-pass", ok);
	e->type = EVENT_EXIT;
	e->pid = 7;
	CHECK("shown/exit-of-shown", !event_decode(&d, e, size) && event_wanted(&fc, &d));
	CHECK("shown/exit-taken-once", !event_decode(&d, e, size) && !event_wanted(&fc, &d));
	e->pid = 139999;	/* its exec came when the set was full */
	CHECK("shown/exit-not-held-returns", !event_decode(&d, e, size) && !event_wanted(&fc, &d));
	e->pid = 500000;	/* never shown */
	CHECK("shown/exit-unknown", !event_decode(&d, e, size) && !event_wanted(&fc, &d));
	free(e);
	free(fc.shown);
	sb_release(&fc.scratch);
	options_free(&o);
}
