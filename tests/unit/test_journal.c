// SPDX-License-Identifier: GPL-2.0
/*
 * --journal (journal.c): the native protocol's fields from the JSON sink's
 * objects, and an entry sent to a socket of our own, by datagram and,
 * when too large for one, through a sealed memfd.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
#include "check.h"
#include "journal.h"

static bool fields_are(const char *json, const char *want, size_t want_len)
{
	struct strbuf e = STRBUF_INIT, name = STRBUF_INIT;
	bool ok = !journal_add_json(&e, &name, "X", json, strlen(json)) && e.len == want_len &&
		  !memcmp(e.buf, want, want_len);

	if (!ok)
		printf("   got: %.*s\n", (int)e.len, e.buf);
	sb_release(&e);
	sb_release(&name);
	return ok;
}

#define FIELDS(name, json, want) CHECK(name, fields_are(json, want, sizeof(want) - 1))

static void fields(void)
{
	FIELDS("journal/scalars", "{\"event\":\"exec\",\"pid\":12,\"ok\":true,\"t\":1.500}",
	       "X_EVENT=exec\nX_PID=12\nX_OK=true\nX_T=1.500\n");
	FIELDS("journal/literals", "{\"a\":false,\"b\":-3,\"c\":2e3}",
	       "X_A=false\nX_B=-3\nX_C=2e3\n");
	FIELDS("journal/null-left-out", "{\"a\":null,\"b\":1}", "X_B=1\n");
	FIELDS("journal/array-indexed", "{\"args\":[\"ls\",\"-l\",\"-l\"]}",
	       "X_ARGS_0=ls\nX_ARGS_1=-l\nX_ARGS_2=-l\n");
	FIELDS("journal/empty-array", "{\"args\":[],\"n\":0}", "X_N=0\n");
	FIELDS("journal/nested", "{\"r\":{\"cpu\":{\"us\":3}}}", "X_R_CPU_US=3\n");
	FIELDS("journal/escapes", "{\"s\":\"a\\\"b\\\\c\\/d\\te\"}", "X_S=a\"b\\c/d\te\n");
	FIELDS("journal/newline-binary", "{\"s\":\"a\\nb\"}",
	       "X_S\n\x03\0\0\0\0\0\0\0a\nb\n");
	FIELDS("journal/surrogateescape", "{\"s\":\"\\udcff\\u00e9\\ud83d\\ude00\"}",
	       "X_S=\xff\xc3\xa9\xf0\x9f\x98\x80\n");
	FIELDS("journal/name-chars", "{\"a-b.c\":1}", "X_A_B_C=1\n");
	{
		char json[2200] = "{\"a\":[";
		size_t n = strlen(json);
		int i;
		struct strbuf e = STRBUF_INIT, name = STRBUF_INIT;

		for (i = 0; i < JOURNAL_ARRAY_MAX + 10; i++)
			n += (size_t)snprintf(json + n, sizeof(json) - n, "%s1", i ? "," : "");
		snprintf(json + n, sizeof(json) - n, "],\"b\":2}");
		CHECK("journal/array-capped", !journal_add_json(&e, &name, "X", json, strlen(json)) &&
		      memmem(e.buf, e.len, "X_A_499=1\n", 10) && !memmem(e.buf, e.len, "X_A_500=", 8) &&
		      e.len >= 6 && !memcmp(e.buf + e.len - 6, "X_B=2\n", 6));
		sb_release(&e);
		sb_release(&name);
	}
	{
		struct strbuf e = STRBUF_INIT, name = STRBUF_INIT;

		CHECK("journal/not-an-object", journal_add_json(&e, &name, "X", "[1]", 3) == -1);
		CHECK("journal/cut-string", journal_add_json(&e, &name, "X", "{\"a\":\"b", 7) == -1);
		CHECK("journal/bad-escape", journal_add_json(&e, &name, "X", "{\"a\":\"\\q\"}", 10) == -1);
		/* json.c's reader: a value is JSON's grammar, not any bare word */
		CHECK("journal/bad-word", journal_add_json(&e, &name, "X", "{\"a\":abc}", 9) == -1);
		CHECK("journal/bad-number", journal_add_json(&e, &name, "X", "{\"a\":01}", 8) == -1);
		CHECK("journal/missing-colon", journal_add_json(&e, &name, "X", "{\"a\" 1}", 8) == -1);
		sb_release(&e);
		sb_release(&name);
	}
}

/* What a journald would read: the datagram, or the memfd passed with it. */
static ssize_t receive(int fd, char *buf, size_t len, bool *via_fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { buf, len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			     .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	ssize_t n = recvmsg(fd, &mh, 0);
	int mfd;

	*via_fd = false;
	cm = n >= 0 ? CMSG_FIRSTHDR(&mh) : NULL;
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return n;
	memcpy(&mfd, CMSG_DATA(cm), sizeof(int));
	*via_fd = fcntl(mfd, F_GET_SEALS) == (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE |
					       F_SEAL_SEAL);
	n = pread(mfd, buf, len, 0);
	close(mfd);
	return n;
}

static void sending(void)
{
	char path[] = "/tmp/execsnoop-unit-journal.XXXXXX", sock[64];
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct journal j;
	size_t big = 1 << 20;
	char *buf = malloc(big + 4096), *json = malloc(big + 64);
	bool via_fd;
	ssize_t n;
	int fd;

	if (!buf || !json || !mkdtemp(path))
		abort();
	snprintf(sock, sizeof(sock), "%s/socket", path);
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", sock);
	CHECK("journal/check-absent", !journal_open(&j, sock) && journal_check(&j) == -1);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)))
		abort();
	CHECK("journal/check", !journal_check(&j));
	CHECK("journal/send", !journal_send(&j, 6, "0123", "line\n", 5, "{\"a\":1}\n", 8));
	n = receive(fd, buf, big + 4096, &via_fd);
	CHECK_STR("journal/datagram", buf, n > 0 ? (size_t)n : 0,
		  "MESSAGE=line\nPRIORITY=6\nSYSLOG_IDENTIFIER=execsnoop\nMESSAGE_ID=0123\n"
		  "EXECSNOOP_A=1\n");
	CHECK("journal/datagram-not-fd", !via_fd && j.memfds == 0);
	/* 1 MiB: more than a datagram may carry */
	memcpy(json, "{\"a\":\"", 6);
	memset(json + 6, 'x', big);
	memcpy(json + 6 + big, "\"}", 3);
	CHECK("journal/send-large", !journal_send(&j, 7, NULL, "m", 1, json, big + 8));
	n = receive(fd, buf, big + 4096, &via_fd);
	CHECK("journal/memfd", via_fd && j.memfds == 1 &&
	      n == (ssize_t)(strlen("MESSAGE=m\nPRIORITY=7\nSYSLOG_IDENTIFIER=execsnoop\n") +
			     strlen("EXECSNOOP_A=") + big + 1) &&
	      !memcmp(buf + n - 3, "xx\n", 3));
	journal_close(&j);
	close(fd);
	unlink(sock);
	rmdir(path);
	free(buf);
	free(json);
}

void test_journal(void)
{
	fields();
	sending();
}
