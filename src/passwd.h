/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A user name to its uid (-u NAME). The dynamic build asks getpwnam(3),
 * and reads /etc/passwd itself when that finds nothing. The static build
 * (EXECSNOOP_STATIC) never calls getpwnam: a static glibc would load the
 * NSS modules of the system it runs on at run time, which may be missing
 * or of another glibc version; it reads /etc/passwd only.
 */
#ifndef EXECSNOOP_PASSWD_H
#define EXECSNOOP_PASSWD_H

#include <stdio.h>
#include <sys/types.h>

#define PASSWD_FILE "/etc/passwd"

/*
 * The uid of user name in the passwd(5) text read from f: 0 with *uid set,
 * -ENOENT if no entry has that name, -errno if reading failed. The first
 * entry of that name counts. Lines of any length are read whole; skipped
 * are blank lines, comments ('#'), NIS markers ('+', '-'), and malformed
 * lines: fewer than seven fields, an empty name, a NUL byte, or a uid or
 * gid that is not a decimal number from 0 to 4294967294.
 */
int passwd_find(FILE *f, const char *name, uid_t *uid);

/* The same, for the passwd file at path: -errno if it cannot be opened. */
int passwd_file_uid(const char *path, const char *name, uid_t *uid);

/* The uid of user name on this system (see above): 0, or -errno. */
int user_uid(const char *name, uid_t *uid);

#endif /* EXECSNOOP_PASSWD_H */
