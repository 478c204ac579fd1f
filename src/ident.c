// SPDX-License-Identifier: GPL-2.0
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>
#include "ident.h"

bool ident_parse_id(const char *s, size_t n, char out[IDENT_ID_LEN + 1])
{
	size_t i, k = 0;

	if (n && s[n - 1] == '\n')
		n--;
	if (n != IDENT_ID_LEN && n != IDENT_ID_LEN + 4)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		/* a UUID's dashes, only where they belong: 8-4-4-4-12 */
		if (n > IDENT_ID_LEN && (i == 8 || i == 13 || i == 18 || i == 23)) {
			if (c != '-')
				return false;
			continue;
		}
		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
		out[k++] = c;
	}
	out[k] = '\0';
	return true;
}

static void read_id(const char *path, char out[IDENT_ID_LEN + 1])
{
	char buf[64];
	ssize_t n = -1;
	int fd;

	out[0] = '\0';
	fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf));
		close(fd);
	}
	if (n <= 0 || !ident_parse_id(buf, (size_t)n, out))
		out[0] = '\0';
}

void ident_read(struct host_ident *h, const char *boot_id_path, const char *machine_id_path)
{
	struct utsname u;

	memset(h, 0, sizeof(*h));
	read_id(boot_id_path, h->boot_id);
	read_id(machine_id_path, h->machine_id);
	if (!uname(&u)) {
		strncpy(h->hostname, u.nodename, IDENT_HOST_MAX);
		h->hostname[IDENT_HOST_MAX] = '\0';
	}
}
