/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who and where: the host's identity (boot id, machine id, host name), read
 * once at start, and the process keys built from it (doc/execsnoop.8,
 * PROCESS KEYS).
 */
#ifndef EXECSNOOP_IDENT_H
#define EXECSNOOP_IDENT_H

#include <stdbool.h>
#include <stdint.h>
#include "strbuf.h"

#define IDENT_ID_LEN	32	/* a boot or machine id: 128 bits in hex */
#define IDENT_HOST_MAX	64	/* HOST_NAME_MAX */

#define BOOT_ID_PATH	"/proc/sys/kernel/random/boot_id"
#define MACHINE_ID_PATH	"/etc/machine-id"

struct host_ident {
	char boot_id[IDENT_ID_LEN + 1];		/* "" when unknown */
	char machine_id[IDENT_ID_LEN + 1];	/* "" when unknown */
	char hostname[IDENT_HOST_MAX + 1];	/* "" when unknown */
};

/*
 * A 128-bit id as 32 lowercase hex digits, from 32 hex digits with or
 * without the dashes of a UUID (and a final newline); false if s is not one.
 */
bool ident_parse_id(const char *s, size_t n, char out[IDENT_ID_LEN + 1]);

/* Reads the ids from these files and the host name; what is missing is "". */
void ident_read(struct host_ident *h, const char *boot_id_path, const char *machine_id_path);

/* A process key: "BOOTID:PID:START:EXECID" (nothing if the boot id is unknown). */
static inline bool ident_add_key(struct strbuf *sb, const struct host_ident *h, uint32_t pid,
				 uint64_t start_ns, uint64_t exec_id)
{
	if (!h || !h->boot_id[0])
		return false;
	sb_add(sb, h->boot_id, IDENT_ID_LEN);
	sb_addc(sb, ':');
	sb_add_u64(sb, pid, 0);
	sb_addc(sb, ':');
	sb_add_u64(sb, start_ns, 0);
	sb_addc(sb, ':');
	sb_add_u64(sb, exec_id, 0);
	return true;
}

#endif /* EXECSNOOP_IDENT_H */
