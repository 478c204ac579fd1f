/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --journal: each event is one entry of systemd-journald, sent over its
 * native protocol (a datagram to /run/systemd/journal/socket of
 * "NAME=value\n" fields, a value with a newline in the binary form
 * "NAME\n" + 64-bit little-endian length + bytes + "\n"). An entry too
 * large for a datagram goes in a sealed memfd passed with SCM_RIGHTS.
 * No libsystemd: the protocol is these few lines.
 */
#ifndef EXECSNOOP_JOURNAL_H
#define EXECSNOOP_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "strbuf.h"

#define JOURNAL_SOCKET		"/run/systemd/journal/socket"
#define JOURNAL_FIELD_PREFIX	"EXECSNOOP"	/* EXECSNOOP_PID, EXECSNOOP_ARGS, ... */
#define JOURNAL_NAME_MAX	64		/* journald drops longer field names */
#define JOURNAL_ARRAY_MAX	500		/* journald drops entries of 1024 fields */

/* syslog priorities (PRIORITY=) */
enum {
	JOURNAL_WARNING = 4,
	JOURNAL_NOTICE = 5,
	JOURNAL_INFO = 6,
	JOURNAL_DEBUG = 7,
};

struct journal {
	int fd;				/* AF_UNIX datagram socket, not connected */
	struct sockaddr_un addr;
	socklen_t addr_len;
	struct strbuf entry;		/* the entry being built */
	struct strbuf msg;		/* MESSAGE: the event's line */
	struct strbuf json;		/* the event as JSON: its fields */
	struct strbuf scratch;		/* a field name, a decoded value */
	uint64_t memfds;		/* entries sent through a memfd */
};

/* Opens a socket for path (JOURNAL_SOCKET); -1 with errno set. */
int journal_open(struct journal *j, const char *path);
void journal_close(struct journal *j);

/*
 * Checks that journald is there (a socket connected to path, then closed):
 * -1 with errno set (ENOENT, ECONNREFUSED: no journald).
 */
int journal_check(struct journal *j);

/* Appends one field to an entry (the name as given; valid names are the caller's). */
void journal_add_field(struct strbuf *e, const char *name, size_t name_len,
		       const char *v, size_t vlen);

/*
 * Appends the members of the JSON object json (as the JSON sink writes it)
 * as fields: each key upper-cased, after prefix and "_" (nested objects
 * join their keys with "_"); element I of an array is the field NAME_I
 * (the first JOURNAL_ARRAY_MAX); strings are decoded (\udcXX to the byte
 * XX); null members are left out. -1 if json is not a JSON object (what
 * was read stays appended).
 */
int journal_add_json(struct strbuf *e, struct strbuf *scratch, const char *prefix,
		     const char *json, size_t len);

/*
 * Builds and sends one entry: MESSAGE (msg without its newline), PRIORITY,
 * SYSLOG_IDENTIFIER=execsnoop, MESSAGE_ID (if not NULL), then the fields
 * of json. 0, or -1 with errno set.
 */
int journal_send(struct journal *j, int priority, const char *message_id,
		 const char *msg, size_t msg_len, const char *json, size_t json_len);

/* The MESSAGE_ID of each kind of entry (journalctl MESSAGE_ID=...). */
#define JOURNAL_ID_EXEC		"585a1fc41f044404b041b176584120da"
#define JOURNAL_ID_EXIT		"71f55edb19b642e5b12f05eed7bbdff5"
#define JOURNAL_ID_SUMMARY	"ec32bbebd82e4396998fc0edda2e80ad"

#endif /* EXECSNOOP_JOURNAL_H */
