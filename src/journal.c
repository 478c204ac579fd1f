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
#include "json.h"

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
	struct json_in j;	/* json.c's strict reader */
	struct strbuf *e;
	struct strbuf *name;	/* the field name so far */
	struct strbuf val;	/* a decoded string */
	unsigned int mute;	/* inside elements not sent */
};

static int walk_value(struct walk *w, int depth);
static int walk_array(struct walk *w, int depth);

/* An object ('{' read): each member a field named name_KEY. */
static int walk_object(struct walk *w, int depth)
{
	size_t base = w->name->len, i;

	if (json_eat(&w->j, '}'))
		return 0;
	do {
		sb_reset(&w->val);
		if (!json_string(&w->j, &w->val))
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
		if (!json_expect(&w->j, ':', "expected ':'") || walk_value(w, depth + 1))
			return -1;
	} while (json_eat(&w->j, ','));
	w->name->len = base;
	return json_expect(&w->j, '}', "expected '}'") ? 0 : -1;
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

	if (json_eat(&w->j, ']'))
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
	} while (json_eat(&w->j, ','));
	w->name->len = base;
	return json_expect(&w->j, ']', "expected ']'") ? 0 : -1;
}

/* A value, as the field named w->name. */
static int walk_value(struct walk *w, int depth)
{
	bool named = !w->mute && w->name->len <= JOURNAL_NAME_MAX;
	struct json_num num;
	const char *start;
	bool ok;
	int lit;

	if (depth > 8)
		return -1;
	switch (json_peek(&w->j)) {
	case '{':
		w->j.p++;
		return walk_object(w, depth);
	case '[':
		w->j.p++;
		return walk_array(w, depth);
	case '"':
		sb_reset(&w->val);
		if (!json_string(&w->j, &w->val))
			return -1;
		if (named)
			journal_add_field(w->e, w->name->buf, w->name->len, w->val.buf, w->val.len);
		return 0;
	case 't': case 'f': case 'n':
		start = w->j.p;
		ok = json_literal(&w->j, &lit);
		named = named && lit >= 0;	/* null: no field */
		break;
	default:
		start = w->j.p;
		ok = json_number(&w->j, &num);
		break;
	}
	if (!ok)
		return -1;
	/* a number, true or false: its text */
	if (named)
		journal_add_field(w->e, w->name->buf, w->name->len, start, (size_t)(w->j.p - start));
	return 0;
}

int journal_add_json(struct strbuf *e, struct strbuf *scratch, const char *prefix,
		     const char *json, size_t len)
{
	struct walk w = { .e = e, .name = scratch };
	int ret = -1;

	json_init(&w.j, json, len);
	sb_reset(scratch);
	sb_adds(scratch, prefix);
	if (json_eat(&w.j, '{'))
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
