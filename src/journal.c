// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "journal.h"

int journal_open(struct journal *j, const char *path)
{
	size_t n = strlen(path);

	memset(j, 0, sizeof(*j));
	j->fd = -1;
	if (n >= sizeof(j->addr.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	j->addr.sun_family = AF_UNIX;
	memcpy(j->addr.sun_path, path, n + 1);
	j->addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
	j->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	return j->fd < 0 ? -1 : 0;
}

void journal_close(struct journal *j)
{
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
	sb_release(&j->entry);
	sb_release(&j->msg);
	sb_release(&j->json);
	sb_release(&j->scratch);
}

void journal_add_field(struct strbuf *e, const char *name, size_t name_len,
		       const char *v, size_t vlen)
{
	uint64_t le;

	sb_add(e, name, name_len);
	if (vlen && memchr(v, '\n', vlen)) {
		le = htole64((uint64_t)vlen);
		sb_addc(e, '\n');
		sb_add(e, &le, sizeof(le));
	} else {
		sb_addc(e, '=');
	}
	if (vlen)	/* an empty string may have no buffer at all */
		sb_add(e, v, vlen);
	sb_addc(e, '\n');
}

/* --- a reader for the JSON the JSON sink writes --- */

struct walk {
	const char *p, *end;
	struct strbuf *e;
	struct strbuf *name;	/* the field name so far */
	struct strbuf val;	/* a decoded string */
	unsigned int mute;	/* inside elements not sent */
};

static void skip_ws(struct walk *w)
{
	while (w->p < w->end && (*w->p == ' ' || *w->p == '\t' || *w->p == '\n' || *w->p == '\r'))
		w->p++;
}

static bool eat(struct walk *w, char c)
{
	skip_ws(w);
	if (w->p < w->end && *w->p == c) {
		w->p++;
		return true;
	}
	return false;
}

static int hex4(struct walk *w, uint32_t *cp)
{
	int i;

	*cp = 0;
	if (w->end - w->p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = *w->p++;

		*cp <<= 4;
		if (c >= '0' && c <= '9')
			*cp |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*cp |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*cp |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

static void add_utf8(struct strbuf *sb, uint32_t cp)
{
	if (cp < 0x80) {
		sb_addc(sb, (char)cp);
	} else if (cp < 0x800) {
		sb_addc(sb, (char)(0xc0 | cp >> 6));
		sb_addc(sb, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		sb_addc(sb, (char)(0xe0 | cp >> 12));
		sb_addc(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		sb_addc(sb, (char)(0x80 | (cp & 0x3f)));
	} else {
		sb_addc(sb, (char)(0xf0 | cp >> 18));
		sb_addc(sb, (char)(0x80 | ((cp >> 12) & 0x3f)));
		sb_addc(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		sb_addc(sb, (char)(0x80 | (cp & 0x3f)));
	}
}

/* \uXXXX (the "\u" read): a character, a surrogate pair, or \udcXX, a raw byte. */
static int read_u(struct walk *w, struct strbuf *out)
{
	uint32_t cp, lo;

	if (hex4(w, &cp))
		return -1;
	if (cp >= 0xdc80 && cp <= 0xdcff) {
		sb_addc(out, (char)(cp - 0xdc00));
		return 0;
	}
	if (cp >= 0xd800 && cp < 0xdc00 && w->end - w->p >= 6 && w->p[0] == '\\' &&
	    w->p[1] == 'u') {
		w->p += 2;
		if (hex4(w, &lo) || lo < 0xdc00 || lo > 0xdfff)
			return -1;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	add_utf8(out, cp);
	return 0;
}

/* A string (its opening quote read) decoded into out. */
static int read_string(struct walk *w, struct strbuf *out)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *q;

	sb_reset(out);
	while (w->p < w->end) {
		char c = *w->p++;

		if (c == '"')
			return 0;
		if (c != '\\') {
			sb_addc(out, c);
			continue;
		}
		if (w->p >= w->end)
			return -1;
		c = *w->p++;
		if (c == 'u') {
			if (read_u(w, out))
				return -1;
			continue;
		}
		q = memchr(from, c, sizeof(from) - 1);
		if (!q)
			return -1;
		sb_addc(out, to[q - from]);
	}
	return -1;
}

static int walk_value(struct walk *w, int depth);
static int walk_array(struct walk *w, int depth);

/* An object ('{' read): each member a field named name_KEY. */
static int walk_object(struct walk *w, int depth)
{
	size_t base = w->name->len, i;

	if (eat(w, '}'))
		return 0;
	do {
		if (!eat(w, '"') || read_string(w, &w->val))
			return -1;
		w->name->len = base;
		sb_addc(w->name, '_');
		for (i = 0; i < w->val.len; i++) {
			char c = w->val.buf[i];

			if (c >= 'a' && c <= 'z')
				c = (char)(c - 'a' + 'A');
			else if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
				c = '_';
			sb_addc(w->name, c);
		}
		if (!eat(w, ':') || walk_value(w, depth + 1))
			return -1;
	} while (eat(w, ','));
	w->name->len = base;
	return eat(w, '}') ? 0 : -1;
}

/*
 * An array ('[' read): element I is the field name_I (journald keeps one
 * copy of equal fields, in no set order: a repeated name would lose
 * arguments). Elements past JOURNAL_ARRAY_MAX are read, not sent.
 */
static int walk_array(struct walk *w, int depth)
{
	size_t base = w->name->len;
	unsigned int i = 0;
	char idx[16];
	int n;

	if (eat(w, ']'))
		return 0;
	do {
		bool mute = i >= JOURNAL_ARRAY_MAX;

		w->name->len = base;
		n = snprintf(idx, sizeof(idx), "_%u", i++);
		sb_add(w->name, idx, (size_t)n);
		w->mute += mute;
		if (walk_value(w, depth + 1))
			return -1;
		w->mute -= mute;
	} while (eat(w, ','));
	w->name->len = base;
	return eat(w, ']') ? 0 : -1;
}

/* A value, as the field named w->name. */
static int walk_value(struct walk *w, int depth)
{
	const char *start;
	bool named = !w->mute && w->name->len <= JOURNAL_NAME_MAX;

	if (depth > 8)
		return -1;
	skip_ws(w);
	if (w->p >= w->end)
		return -1;
	switch (*w->p) {
	case '{':
		w->p++;
		return walk_object(w, depth);
	case '[':
		w->p++;
		return walk_array(w, depth);
	case '"':
		w->p++;
		if (read_string(w, &w->val))
			return -1;
		if (named)
			journal_add_field(w->e, w->name->buf, w->name->len, w->val.buf, w->val.len);
		return 0;
	default:
		/* a number, true, false or null: its text */
		start = w->p;
		while (w->p < w->end && !strchr(",]} \t\r\n", *w->p))
			w->p++;
		if (w->p == start)
			return -1;
		if (named && !(w->p - start == 4 && !memcmp(start, "null", 4)))
			journal_add_field(w->e, w->name->buf, w->name->len, start,
					  (size_t)(w->p - start));
		return 0;
	}
}

int journal_add_json(struct strbuf *e, struct strbuf *scratch, const char *prefix,
		     const char *json, size_t len)
{
	struct walk w = { .p = json, .end = json + len, .e = e, .name = scratch };
	int ret = -1;

	sb_reset(scratch);
	sb_adds(scratch, prefix);
	if (eat(&w, '{'))
		ret = walk_object(&w, 0);
	sb_release(&w.val);
	return ret;
}

/* An entry too large for a datagram: in a sealed memfd, journald reads it there. */
static int send_memfd(struct journal *j)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct msghdr mh = {
		.msg_name = &j->addr, .msg_namelen = j->addr_len,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	size_t off = 0;
	ssize_t n;
	int fd, ret = -1, saved;

	fd = memfd_create("execsnoop-journal", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -1;
	while (off < j->entry.len) {
		n = write(fd, j->entry.buf + off, j->entry.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto out;
		off += (size_t)n;
	}
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL))
		goto out;
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	do {
		n = sendmsg(j->fd, &mh, MSG_NOSIGNAL);
	} while (n < 0 && errno == EINTR);
	if (n >= 0) {
		ret = 0;
		j->memfds++;
	}
out:
	saved = errno;
	close(fd);
	errno = saved;
	return ret;
}

static int send_entry(struct journal *j)
{
	ssize_t n;

	do {
		n = sendto(j->fd, j->entry.buf, j->entry.len, MSG_NOSIGNAL,
			   (const struct sockaddr *)&j->addr, j->addr_len);
	} while (n < 0 && errno == EINTR);
	if (n >= 0)
		return 0;
	if (errno == EMSGSIZE || errno == ENOBUFS)
		return send_memfd(j);
	return -1;
}

int journal_check(struct journal *j)
{
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), ret, saved;

	if (fd < 0)
		return -1;
	ret = connect(fd, (const struct sockaddr *)&j->addr, j->addr_len);
	saved = errno;
	close(fd);
	errno = saved;
	return ret;
}

int journal_send(struct journal *j, int priority, const char *message_id,
		 const char *msg, size_t msg_len, const char *json, size_t json_len)
{
	char prio = (char)('0' + priority);

	if (msg_len && msg[msg_len - 1] == '\n')
		msg_len--;
	if (json_len && json[json_len - 1] == '\n')
		json_len--;
	sb_reset(&j->entry);
	journal_add_field(&j->entry, "MESSAGE", 7, msg, msg_len);
	journal_add_field(&j->entry, "PRIORITY", 8, &prio, 1);
	journal_add_field(&j->entry, "SYSLOG_IDENTIFIER", 17, "execsnoop", 9);
	if (message_id)
		journal_add_field(&j->entry, "MESSAGE_ID", 10, message_id, strlen(message_id));
	journal_add_json(&j->entry, &j->scratch, JOURNAL_FIELD_PREFIX, json, json_len);
	return send_entry(j);
}
