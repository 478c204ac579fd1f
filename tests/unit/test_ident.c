// SPDX-License-Identifier: GPL-2.0
/* Host identity and process keys (ident.c). */
#include <stdlib.h>
#include <unistd.h>
#include "check.h"
#include "ident.h"

static void parse(const char *name, const char *in, const char *want)
{
	char out[IDENT_ID_LEN + 1] = "unchanged";
	bool ok = ident_parse_id(in, strlen(in), out);

	if (want)
		CHECK_STR(name, out, ok ? strlen(out) : 0, want);
	else
		CHECK(name, !ok);
}

static void write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(s, f);
		fclose(f);
	}
}

void test_ident(void)
{
	char dir[] = "/tmp/execsnoop-ident.XXXXXX", boot[64], mach[64];
	struct strbuf sb = STRBUF_INIT;
	struct host_ident h;

	parse("ident/uuid", "3569bf27-4ae8-48f8-8b70-f2c0940ecf4a\n",
	      "3569bf274ae848f88b70f2c0940ecf4a");
	parse("ident/plain", "3D1219C7C4C5404AAA1F6D2A48ADFDA4\n",
	      "3d1219c7c4c5404aaa1f6d2a48adfda4");
	parse("ident/no-newline", "3d1219c7c4c5404aaa1f6d2a48adfda4",
	      "3d1219c7c4c5404aaa1f6d2a48adfda4");
	parse("ident/uninitialized", "uninitialized\n", NULL);
	parse("ident/short", "3d1219c7c4c5404aaa1f6d2a48adfd\n", NULL);
	parse("ident/long", "3d1219c7c4c5404aaa1f6d2a48adfda4a\n", NULL);
	parse("ident/not-hex", "3d1219c7c4c5404aaa1f6d2a48adfdag\n", NULL);
	parse("ident/dash-misplaced", "3569bf2-74ae8-48f8-8b70-f2c0940ecf4a", NULL);
	parse("ident/empty", "", NULL);
	parse("ident/two-newlines", "3d1219c7c4c5404aaa1f6d2a48adfda4\n\n", NULL);

	if (!mkdtemp(dir)) {
		CHECK("ident/tmpdir", 0);
		return;
	}
	snprintf(boot, sizeof(boot), "%s/boot_id", dir);
	snprintf(mach, sizeof(mach), "%s/machine-id", dir);
	write_file(boot, "3569bf27-4ae8-48f8-8b70-f2c0940ecf4a\n");
	write_file(mach, "uninitialized\n");
	ident_read(&h, boot, mach);
	CHECK_STR("ident/read-boot", h.boot_id, strlen(h.boot_id),
		  "3569bf274ae848f88b70f2c0940ecf4a");
	CHECK("ident/read-machine-invalid", h.machine_id[0] == '\0');
	CHECK("ident/read-hostname", h.hostname[0] != '\0');
	ident_read(&h, "/nonexistent/boot_id", NULL);
	CHECK("ident/read-missing", !h.boot_id[0] && !h.machine_id[0]);

	/* no boot id, no key */
	CHECK("ident/key-unknown", !ident_add_key(&sb, &h, 1, 2, 3) && sb.len == 0);
	CHECK("ident/key-no-host", !ident_add_key(&sb, NULL, 1, 2, 3) && sb.len == 0);
	ident_read(&h, boot, mach);
	CHECK("ident/key", ident_add_key(&sb, &h, 4194304, 18446744073709551615ull, 0));
	CHECK_STR("ident/key-text", sb.buf, sb.len,
		  "3569bf274ae848f88b70f2c0940ecf4a:4194304:18446744073709551615:0");
	sb_release(&sb);
	unlink(boot);
	unlink(mach);
	rmdir(dir);
}
