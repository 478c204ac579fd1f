// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <string.h>
#include "decode.h"

/*
 * The kernel names pseudo-terminals "ptsN" (the driver name and index);
 * users know them as pts/N, their path under /dev, as ps(1) shows them.
 */
static void tty_name(char *out, const char *in)
{
	size_t n = strnlen(in, TTY_NAME_LEN);

	if (n > 3 && n < TTY_NAME_LEN && !memcmp(in, "pts", 3) &&
	    strspn(in + 3, "0123456789") == n - 3) {
		memcpy(out, "pts/", 4);
		memcpy(out + 4, in + 3, n - 3);
		out[n + 1] = '\0';
		return;
	}
	memcpy(out, in, n);
	out[n] = '\0';
}

int event_decode(struct decoded *d, const void *data, size_t size)
{
	const struct event *e = data;
	size_t need;

	if (size < sizeof(*e))
		return -1;
	need = sizeof(*e) + (size_t)e->args_len + e->fname_len + e->cwd_len + e->exe_len;
	if (e->args_len > ARGS_SIZE_MAX || e->fname_len > FILENAME_MAX_LEN ||
	    e->cwd_len > PATH_BUF_LEN || e->exe_len > PATH_BUF_LEN || need > size)
		return -1;
	/* path components each end in a NUL: the last byte of each part is one */
	if ((e->cwd_len && e->data[need - sizeof(*e) - e->exe_len - 1]) ||
	    (e->exe_len && e->data[need - sizeof(*e) - 1]))
		return -1;
	d->e = e;
	d->args = e->data;
	d->args_len = e->args_len;
	d->fname = e->data + e->args_len;
	d->fname_len = strnlen(d->fname, e->fname_len);
	d->cwd = d->fname + e->fname_len;
	d->cwd_len = e->cwd_len;
	d->exe = d->cwd + e->cwd_len;
	d->exe_len = e->exe_len;
	tty_name(d->tty, e->tty);
	memcpy(d->comm, e->comm, TASK_COMM_LEN);
	d->comm[TASK_COMM_LEN] = '\0';
	memcpy(d->pcomm, e->pcomm, TASK_COMM_LEN);
	d->pcomm[TASK_COMM_LEN] = '\0';
	return 0;
}

void path_join(struct strbuf *sb, const char *comps, size_t len, bool truncated)
{
	const char *end = comps + len, *p;
	size_t before = sb->len;

	if (truncated)
		sb_adds(sb, "...");
	/* components are leaf first: emit them from the last one back */
	while (end > comps) {
		p = end - 1;	/* the NUL ending the last component */
		while (p > comps && p[-1] != '\0')
			p--;
		sb_addc(sb, '/');
		sb_add(sb, p, (size_t)(end - 1 - p));
		end = p;
	}
	if (sb->len == before)
		sb_addc(sb, '/');
}

struct rusage_view exit_rusage(const struct event *e, uint64_t page_size)
{
	struct rusage_view r = { .max_rss_kib = e->maxrss_pages * (page_size / 1024) };
	uint64_t rt = e->runtime_ns;

	if (!e->stime_ns) {
		r.user_ns = rt;
	} else if (!e->utime_ns) {
		r.sys_ns = rt;
	} else {
		/* the sum of two u64 and the product need 128 bits */
		unsigned __int128 sum = (unsigned __int128)e->utime_ns + e->stime_ns;

		r.sys_ns = (uint64_t)((unsigned __int128)e->stime_ns * rt / sum);
		r.user_ns = rt - r.sys_ns;
	}
	return r;
}

bool sb_add_signame(struct strbuf *sb, int sig)
{
	const char *name = sigabbrev_np(sig);

	if (!name)
		return false;
	sb_adds(sb, "SIG");
	sb_adds(sb, name);
	return true;
}
