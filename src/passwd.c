// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifndef EXECSNOOP_STATIC
#include <pwd.h>
#endif
#include "passwd.h"

/* A uid or gid field: digits only, at most 4294967294 ((uid_t)-1 is no id). */
static bool parse_id(const char *s, size_t len, uid_t *id)
{
	unsigned long long v = 0;
	size_t i;

	if (!len)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned int)(s[i] - '0');
		if (v > UINT32_MAX - 1)
			return false;
	}
	*id = (uid_t)v;
	return true;
}

/*
 * One line of len bytes, its '\n' removed: true if it is a well-formed
 * entry named name, its uid then in *uid. The fields are
 * name:password:uid:gid:gecos:home:shell; the shell is the rest of the line.
 */
static bool line_uid(const char *line, size_t len, const char *name, uid_t *uid)
{
	const char *colon[6], *p, *end;
	uid_t u, g;
	int i;

	/* as glibc's files backend: leading blanks, empty lines, comments */
	while (len && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	if (!len || *line == '#' || *line == '+' || *line == '-' || memchr(line, '\0', len))
		return false;
	end = line + len;
	p = line;
	for (i = 0; i < 6; i++) {
		colon[i] = memchr(p, ':', (size_t)(end - p));
		if (!colon[i])
			return false;
		p = colon[i] + 1;
	}
	if (colon[0] == line || (size_t)(colon[0] - line) != strlen(name) ||
	    memcmp(line, name, (size_t)(colon[0] - line)))
		return false;
	if (!parse_id(colon[1] + 1, (size_t)(colon[2] - colon[1] - 1), &u) ||
	    !parse_id(colon[2] + 1, (size_t)(colon[3] - colon[2] - 1), &g))
		return false;
	*uid = u;
	return true;
}

int passwd_find(FILE *f, const char *name, uid_t *uid)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int ret = -ENOENT;

	for (;;) {
		errno = 0;
		n = getline(&line, &cap, f);
		if (n < 0) {
			if (!feof(f))
				ret = errno ? -errno : -EIO;
			break;
		}
		if (n && line[n - 1] == '\n')
			n--;
		if (line_uid(line, (size_t)n, name, uid)) {
			ret = 0;
			break;
		}
	}
	free(line);
	return ret;
}

int passwd_file_uid(const char *path, const char *name, uid_t *uid)
{
	FILE *f = fopen(path, "re");
	int ret;

	if (!f)
		return -errno;
	ret = passwd_find(f, name, uid);
	fclose(f);
	return ret;
}

int user_uid(const char *name, uid_t *uid)
{
#ifndef EXECSNOOP_STATIC
	struct passwd *pw = getpwnam(name);

	if (pw) {
		*uid = pw->pw_uid;
		return 0;
	}
#endif
	return passwd_file_uid(PASSWD_FILE, name, uid);
}
