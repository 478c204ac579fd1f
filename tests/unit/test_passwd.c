// SPDX-License-Identifier: GPL-2.0
/*
 * The passwd(5) reader behind -u NAME (passwd.c), on crafted files:
 * comments, malformed lines, long lines, names that are prefixes of each
 * other, numeric names, NUL bytes.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"
#include "passwd.h"

#define NO_UID ((uid_t)123456789)	/* what *uid holds when nothing was found */

static char file[64];

/* Writes len bytes of text as the passwd file, then looks name up in it. */
static int lookup_n(const char *text, size_t len, const char *name, uid_t *uid)
{
	FILE *f = fopen(file, "w");

	*uid = NO_UID;
	if (!f || fwrite(text, 1, len, f) != len || fclose(f))
		return -EIO;
	return passwd_file_uid(file, name, uid);
}

static int lookup(const char *text, const char *name, uid_t *uid)
{
	return lookup_n(text, strlen(text), name, uid);
}

/* The uid found for name in text, or -1 if none was (*uid left alone). */
static long long uid_in(const char *text, const char *name)
{
	uid_t uid;
	int ret = lookup(text, name, &uid);

	if (ret)
		return uid == NO_UID ? -1 : -2;
	return uid;
}

static const char sys[] =
	"root:x:0:0:root:/root:/bin/bash\n"
	"daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
	"alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash\n"
	"nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";

static void plain(void)
{
	uid_t uid;

	CHECK("passwd/root", uid_in(sys, "root") == 0);
	CHECK("passwd/middle", uid_in(sys, "alice") == 1000);
	CHECK("passwd/last", uid_in(sys, "nobody") == 65534);
	CHECK("passwd/missing", lookup(sys, "bob", &uid) == -ENOENT && uid == NO_UID);
	CHECK("passwd/case-matters", uid_in(sys, "Alice") == -1);
	CHECK("passwd/empty-file", lookup("", "root", &uid) == -ENOENT);
	CHECK("passwd/no-final-newline", uid_in("a:x:1:1::/:/bin/sh\nb:x:2:2::/:/bin/sh", "b") == 2);
	CHECK("passwd/first-wins", uid_in("a:x:7:7::/:\na:x:8:8::/:\n", "a") == 7);
	CHECK("passwd/uid-max", uid_in("a:x:4294967294:0::/:\n", "a") == 4294967294ll);
	CHECK("passwd/leading-zeros", uid_in("a:x:0042:0::/:\n", "a") == 42);
	/* the shell is the rest of the line, ':' and '\r' included */
	CHECK("passwd/shell-colons", uid_in("a:x:5:5::/:/bin/sh:x:y\n", "a") == 5);
	CHECK("passwd/crlf", uid_in("a:x:6:6::/:/bin/sh\r\n", "a") == 6);
}

static void comments(void)
{
	CHECK("passwd/comment", uid_in("#alice:x:5:5::/:/bin/sh\n", "alice") == -1);
	CHECK("passwd/comment-hash-name", uid_in("#alice:x:5:5::/:\n", "#alice") == -1);
	CHECK("passwd/comment-then-entry",
	      uid_in("# alice:x:5:5::/:\nalice:x:6:6::/:\n", "alice") == 6);
	CHECK("passwd/indented-comment", uid_in("  \t# a:x:5:5::/:\n", "a") == -1);
	CHECK("passwd/blank-lines", uid_in("\n\n   \n\t\na:x:9:9::/:\n", "a") == 9);
	/* glibc's files backend skips leading blanks before the name too */
	CHECK("passwd/indented-entry", uid_in("  a:x:3:3::/:\n", "a") == 3);
	/* NIS compat markers are not users */
	CHECK("passwd/nis-plus", uid_in("+a:x:5:5::/:\n", "+a") == -1);
	CHECK("passwd/nis-minus", uid_in("-a:x:5:5::/:\n", "-a") == -1);
	CHECK("passwd/nis-then-entry", uid_in("+::::::\n+a\na:x:4:4::/:\n", "a") == 4);
}

static void malformed(void)
{
	static const char *const bad[] = {
		"alice",				/* one field */
		"alice:x:5:5:gecos:/home",		/* six fields */
		"alice:x::5::/:",			/* empty uid */
		"alice:x:5:::/:",			/* empty gid */
		"alice:x:-1:5::/:",			/* signed */
		"alice:x:+5:5::/:",
		"alice:x: 5:5::/:",			/* blanks in the uid */
		"alice:x:5 :5::/:",
		"alice:x:0x10:5::/:",			/* not decimal */
		"alice:x:5a:5::/:",
		"alice:x:4294967295:5::/:",		/* (uid_t)-1: no uid */
		"alice:x:4294967296:5::/:",		/* past 32 bits */
		"alice:x:99999999999999999999999:5::/:",	/* past 64 bits */
		"alice:x:5:gid::/:",			/* bad gid */
		"alice:x:5:4294967295::/:",
		"alice :x:5:5::/:",			/* the name is the whole field */
	};
	char text[128];
	size_t i;
	bool all = true;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		/* skipped, and the good entry after it is found */
		snprintf(text, sizeof(text), "%s\nalice:x:77:77::/:\n", bad[i]);
		if (uid_in(text, "alice") != 77) {
			printf("   bad line taken: %s\n", bad[i]);
			all = false;
		}
		snprintf(text, sizeof(text), "%s\n", bad[i]);
		if (uid_in(text, "alice") != -1) {
			printf("   bad line taken alone: %s\n", bad[i]);
			all = false;
		}
	}
	CHECK("passwd/malformed-skipped", all);
	CHECK("passwd/empty-name-field", uid_in(":x:5:5::/:\n", "") == -1);
	CHECK("passwd/empty-name-asked", uid_in(sys, "") == -1);
	/* a NUL byte makes the line malformed, wherever it is */
	{
		static const char t[] = "a:x:5:5:g\0h:/:\na:x:6:6::/:\n";
		uid_t uid;

		CHECK("passwd/nul-line-skipped",
		      lookup_n(t, sizeof(t) - 1, "a", &uid) == 0 && uid == 6);
		CHECK("passwd/nul-in-name",
		      lookup_n("a\0b:x:5:5::/:\n", 14, "a", &uid) == -ENOENT);
	}
	/* a ':' or newline in the name asked for can match no field */
	CHECK("passwd/colon-in-name", uid_in(sys, "alice:x") == -1);
	CHECK("passwd/colon-in-name-all", uid_in(sys, "alice:x:1000:1000:Alice,,,") == -1);
	CHECK("passwd/newline-in-name", uid_in(sys, "root\ndaemon") == -1);
}

static void prefixes(void)
{
	static const char t[] =
		"al:x:1:1::/:\n"
		"alice2:x:2:2::/:\n"
		"alice:x:3:3::/:\n"
		"xalice:x:4:4::/:\n";

	CHECK("passwd/prefix-short", uid_in(t, "al") == 1);
	CHECK("passwd/prefix-long", uid_in(t, "alice2") == 2);
	CHECK("passwd/prefix-exact", uid_in(t, "alice") == 3);
	CHECK("passwd/suffix", uid_in(t, "xalice") == 4);
	CHECK("passwd/prefix-of-all", uid_in(t, "a") == -1);
	CHECK("passwd/prefix-of-one", uid_in(t, "alic") == -1);
	CHECK("passwd/longer-than-all", uid_in(t, "alice22") == -1);
}

/* Names made of digits are names here; -u takes a number as a uid (options.c). */
static void numeric(void)
{
	static const char t[] = "123:x:5:5::/:\n0abc:x:6:6::/:\n1e3:x:7:7::/:\n";

	CHECK("passwd/numeric-name", uid_in(t, "123") == 5);
	CHECK("passwd/digit-first-name", uid_in(t, "0abc") == 6);
	CHECK("passwd/number-like-name", uid_in(t, "1e3") == 7);
	CHECK("passwd/numeric-not-uid", uid_in(t, "5") == -1);
}

static void long_lines(void)
{
	static const size_t cuts[] = { 1023, 4095, 8191, 65535 };
	size_t n = 1 << 20, len, i;
	char *t = malloc(n + 256), *name;
	uid_t uid;

	if (!t) {
		CHECK("passwd/long-alloc", false);
		return;
	}
	/*
	 * A 1 MiB gecos, then a short entry. Where a reader with a fixed
	 * buffer would cut the line, the gecos reads as an entry of its own.
	 */
	len = (size_t)sprintf(t, "big:x:1:1:");
	memset(t + len, 'g', n);
	len += n;
	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++)
		memcpy(t + cuts[i], "evil:x:0:0::/:", 14);
	len += (size_t)sprintf(t + len, ":/home/big:/bin/sh\nsmall:x:2:2::/:\n");
	CHECK("passwd/long-line-whole", lookup_n(t, len, "big", &uid) == 0 && uid == 1);
	CHECK("passwd/long-line-then-short", lookup_n(t, len, "small", &uid) == 0 && uid == 2);
	CHECK("passwd/long-line-not-split", lookup_n(t, len, "evil", &uid) == -ENOENT);

	/* a 5000-byte name, and the same name less its last byte */
	memset(t, 'n', 5000);
	t[5000] = '\0';
	name = strdup(t);
	len = 5000 + (size_t)sprintf(t + 5000, ":x:8:8::/:\n");
	CHECK("passwd/long-name", name && lookup_n(t, len, name, &uid) == 0 && uid == 8);
	if (name)
		name[4999] = '\0';
	CHECK("passwd/long-name-prefix", name && lookup_n(t, len, name, &uid) == -ENOENT);
	free(name);
	free(t);
}

static void files(void)
{
	char dir[80];
	uid_t uid = NO_UID;

	snprintf(dir, sizeof(dir), "%s.d", file);
	CHECK("passwd/no-file", passwd_file_uid(dir, "root", &uid) == -ENOENT && uid == NO_UID);
	if (mkdir(dir, 0700) == 0) {
		CHECK("passwd/directory", passwd_file_uid(dir, "root", &uid) == -EISDIR &&
		      uid == NO_UID);
		rmdir(dir);
	}
	/* this system's user database: root is uid 0 */
	CHECK("passwd/user-root", user_uid("root", &uid) == 0 && uid == 0);
	uid = NO_UID;
	CHECK("passwd/user-missing", user_uid("no_such_user_x", &uid) == -ENOENT && uid == NO_UID);
}

void test_passwd(void)
{
	int fd;

	snprintf(file, sizeof(file), "/tmp/execsnoop-passwd.XXXXXX");
	fd = mkstemp(file);
	if (fd < 0) {
		CHECK("passwd/tmpfile", false);
		return;
	}
	close(fd);
	plain();
	comments();
	malformed();
	prefixes();
	numeric();
	long_lines();
	files();
	unlink(file);
}
