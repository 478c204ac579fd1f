// SPDX-License-Identifier: GPL-2.0
/*
 * What libbpf sees in a BPF object, without loading it (no privilege, no
 * kernel BTF needed), for tests/tiers_check.sh:
 *
 *   objinfo FILE.bpf.o
 *
 * prints one line per program and per map, tab-separated:
 *
 *   prog	NAME	SECTION	TYPE	(TYPE: libbpf's name, e.g. raw_tracepoint)
 *   map	NAME	TYPE	user|internal	(internal: .rodata, .bss, ...)
 *
 * Exits 1 (with libbpf's message) if the object cannot be opened.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

static const char *or_unknown(const char *s)
{
	return s ? s : "unknown";
}

int main(int argc, char **argv)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct bpf_map *map;
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: objinfo FILE.bpf.o\n");
		return 2;
	}
	/* libbpf 1.x: NULL and errno on failure */
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		err = errno;
		fprintf(stderr, "objinfo: cannot open %s: %s\n", argv[1], strerror(err));
		return 1;
	}
	bpf_object__for_each_program(prog, obj) {
		printf("prog\t%s\t%s\t%s\n", bpf_program__name(prog),
		       bpf_program__section_name(prog),
		       or_unknown(libbpf_bpf_prog_type_str(bpf_program__type(prog))));
	}
	bpf_object__for_each_map(map, obj) {
		printf("map\t%s\t%s\t%s\n", bpf_map__name(map),
		       or_unknown(libbpf_bpf_map_type_str(bpf_map__type(map))),
		       bpf_map__is_internal(map) ? "internal" : "user");
	}
	bpf_object__close(obj);
	return fflush(stdout) ? 1 : 0;
}
