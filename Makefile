# execsnoop: `make` builds, `make run` sets up and runs, `make test` runs every test.
BUILD    ?= build
CLANG    ?= clang
CC       ?= cc
BPFTOOL  ?= $(shell command -v bpftool 2>/dev/null || echo /usr/sbin/bpftool)
LLVM_STRIP ?= $(shell command -v llvm-strip 2>/dev/null || echo llvm-strip)
ARCH     := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
CFLAGS   ?= -O2 -g
WARN     := -Wall -Wextra -Werror
LIBBPF_CFLAGS := $(shell pkg-config --cflags libbpf 2>/dev/null)
LIBBPF_LIBS   := $(shell pkg-config --libs libbpf 2>/dev/null || echo -lbpf -lelf -lz)
Q        := $(if $(V),,@)
SHELL    := /bin/bash

# What the unit tests link (all but the skeleton's owners and main).
LIB_SRCS := src/strbuf.c src/escape.c src/options.c src/decode.c src/filter.c \
	    src/sink.c src/sink_text.c src/sink_json.c src/cgpath.c src/output.c \
	    src/transport.c src/proc.c src/tracefs.c src/privs.c src/kfeatures.c \
	    src/passwd.c src/ident.c src/container.c src/runlog.c src/report.c \
	    src/timeline.c src/perfetto.c src/json.c src/replay.c src/journal.c
SRCS     := src/main.c src/tracer.c src/probe.c $(LIB_SRCS)
HDRS     := $(wildcard src/*.h)
OBJS     := $(SRCS:src/%.c=$(BUILD)/%.o)

.PHONY: all deps run test unit e2e bench clean lint install uninstall
all: $(BUILD)/execsnoop

$(BUILD):
	$(Q)mkdir -p $@

# The kernel types of the BPF side, committed: scripts/gen-vmlinux.sh.
VMLINUX_H := src/vmlinux/$(ARCH)/vmlinux.h
src/vmlinux/%/vmlinux.h:
	$(error no $@: generate it with scripts/gen-vmlinux.sh on a $* kernel, see doc/HACKING.md)

# -g for BTF (CO-RE needs it); the DWARF is stripped before the object is
# embedded in the binary (it was most of the binary's size).
$(BUILD)/execsnoop.bpf.o: src/execsnoop.bpf.c src/event.h $(VMLINUX_H) | $(BUILD)
	@echo "  BPF     $@"
	$(Q)$(CLANG) -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) $(WARN) \
		-I$(dir $(VMLINUX_H)) -Isrc $(LIBBPF_CFLAGS) -c $< -o $@.tmp
	$(Q)$(LLVM_STRIP) -g $@.tmp && mv $@.tmp $@

$(BUILD)/execsnoop.skel.h: $(BUILD)/execsnoop.bpf.o
	@echo "  GEN     $@"
	$(Q)$(BPFTOOL) gen skeleton $< name execsnoop_bpf > $@.tmp && mv $@.tmp $@

$(BUILD)/tracer.o: $(BUILD)/execsnoop.skel.h

$(BUILD)/%.o: src/%.c $(HDRS) | $(BUILD)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) $(WARN) -I$(BUILD) -Isrc $(LIBBPF_CFLAGS) -c $< -o $@

$(BUILD)/execsnoop: $(OBJS)
	@echo "  LINK    $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ $(LIBBPF_LIBS) -o $@

deps:
	$(Q)scripts/deps.sh

run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)scripts/ensure-root.sh $(BUILD)/execsnoop $(ARGS)

test:
	$(Q)scripts/deps.sh test
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tests/run.sh

# clang-tidy's default checks (.clang-tidy) on our sources; findings in the
# generated skeleton (bpftool's code, not ours) are not counted.
lint: $(BUILD)/execsnoop.skel.h
	$(Q)clang-tidy --quiet $(SRCS) -- -I$(BUILD) -Isrc $(LIBBPF_CFLAGS) \
		2>/dev/null > $(BUILD)/lint.log; \
	if grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' $(BUILD)/lint.log | grep -v '^\(/.*/\)\?$(BUILD)/'; \
	then echo "lint: clang-tidy findings above"; exit 1; else echo "lint: clean"; fi

bench:
	$(Q)scripts/deps.sh bench
	$(Q)$(MAKE) --no-print-directory all
	$(Q)bench/run.sh

.PHONY: soak
soak:
	$(Q)scripts/deps.sh test
	$(Q)$(MAKE) --no-print-directory all tests-helpers
	$(Q)bench/soak.sh

# make install [PREFIX=/usr/local] [DESTDIR=staging]: the binary (stripped),
# the manual page, the bash completion and the systemd unit (its ExecStart
# names the installed binary; SYSTEMDUNITDIR to put it elsewhere).
PREFIX   ?= /usr/local
SBINDIR  := $(DESTDIR)$(PREFIX)/sbin
MAN8DIR  := $(DESTDIR)$(PREFIX)/share/man/man8
BASHCOMP := $(DESTDIR)$(PREFIX)/share/bash-completion/completions
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
UNITDIR  := $(DESTDIR)$(SYSTEMDUNITDIR)
install: $(BUILD)/execsnoop
	$(Q)install -d $(SBINDIR) $(MAN8DIR) $(BASHCOMP) $(UNITDIR)
	$(Q)install -m 0755 -s $(BUILD)/execsnoop $(SBINDIR)/execsnoop
	$(Q)install -m 0644 doc/execsnoop.8 $(MAN8DIR)/execsnoop.8
	$(Q)install -m 0644 doc/completion/execsnoop.bash $(BASHCOMP)/execsnoop
	$(Q)sed 's|@SBINDIR@|$(PREFIX)/sbin|' dist/execsnoop.service >$(UNITDIR)/execsnoop.service
	$(Q)chmod 0644 $(UNITDIR)/execsnoop.service

uninstall:
	$(Q)rm -f $(SBINDIR)/execsnoop $(MAN8DIR)/execsnoop.8 $(BASHCOMP)/execsnoop \
		$(UNITDIR)/execsnoop.service

clean:
	$(Q)rm -rf $(BUILD)

# --- static binary -------------------------------------------------------
# make static: $(BUILD)/static/execsnoop, one stripped binary for other
# distributions, linked statically (static PIE) with glibc, libbpf, libelf,
# zlib and what pkg-config says they need. It links the objects of the normal
# build (the same embedded BPF object and skeleton), except passwd.o:
# with -DEXECSNOOP_STATIC, -u NAME reads /etc/passwd and never calls NSS.
# Linker warnings are errors: glibc warns of any NSS call in a static link.
# STATIC_LDFLAGS=-static: a non-PIE binary, for objects or libraries
# built without PIC.
STATIC_DIR     := $(BUILD)/static
STATIC_LDFLAGS ?= -static-pie
STATIC_LIBS     = $(shell pkg-config --static --libs libbpf 2>/dev/null || echo -lbpf -lelf -lz)
STATIC_OBJS    := $(filter-out $(BUILD)/passwd.o,$(OBJS)) $(STATIC_DIR)/passwd.o

.PHONY: static
static:
	$(Q)scripts/deps.sh static
	$(Q)$(MAKE) --no-print-directory $(STATIC_DIR)/execsnoop
	@echo "  STATIC  $(STATIC_DIR)/execsnoop: $$(stat -c %s $(STATIC_DIR)/execsnoop) bytes"

$(STATIC_DIR)/passwd.o: src/passwd.c $(HDRS)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) $(WARN) -DEXECSNOOP_STATIC -Isrc -c $< -o $@

$(STATIC_DIR)/execsnoop: $(STATIC_OBJS)
	@echo "  LINK    $@"
	$(Q)$(CC) $(STATIC_LDFLAGS) -s -Wl,--fatal-warnings $(CFLAGS) $(LDFLAGS) $^ \
		$(STATIC_LIBS) -o $@

# --- tests ---------------------------------------------------------------
UNIT_SRCS := $(wildcard tests/unit/*.c)
SAN       := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
HELPER_SRCS := $(wildcard tests/e2e/helpers/*.c)
HELPERS   := $(HELPER_SRCS:tests/e2e/helpers/%.c=$(BUILD)/tests/%)

.PHONY: tests-helpers
$(BUILD)/test_unit: $(UNIT_SRCS) $(LIB_SRCS) $(HDRS) tests/unit/check.h | $(BUILD)
	@echo "  LINK    $@"
	$(Q)$(CC) $(CFLAGS) $(WARN) -Isrc -Itests/unit $(LIBBPF_CFLAGS) $(UNIT_SRCS) $(LIB_SRCS) \
		$(LIBBPF_LIBS) -o $@

$(BUILD)/asan/test_unit: $(UNIT_SRCS) $(LIB_SRCS) $(HDRS) tests/unit/check.h
	@mkdir -p $(@D)
	@echo "  LINK    $@"
	$(Q)$(CC) -O1 -g $(SAN) $(WARN) -Isrc -Itests/unit $(LIBBPF_CFLAGS) $(UNIT_SRCS) \
		$(LIB_SRCS) $(LIBBPF_LIBS) -o $@

$(BUILD)/asan/execsnoop: $(SRCS) $(HDRS) $(BUILD)/execsnoop.skel.h
	@mkdir -p $(@D)
	@echo "  LINK    $@"
	$(Q)$(CC) -O1 -g $(SAN) $(WARN) -I$(BUILD) -Isrc $(LIBBPF_CFLAGS) \
		$(SRCS) $(LIBBPF_LIBS) -o $@

tests-helpers: $(HELPERS)

$(BUILD)/tests/%: tests/e2e/helpers/%.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) -O2 $(WARN) -pthread $< -o $@

# tests/tiers_check.sh: the programs and maps libbpf sees in the BPF object
$(BUILD)/tiers_objinfo: tests/tiers/objinfo.c | $(BUILD)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) $(WARN) $(LIBBPF_CFLAGS) $< $(LIBBPF_LIBS) -o $@

# --- fuzzing -------------------------------------------------------------
# libFuzzer targets (tests/fuzz/): each runs FUZZ_SECONDS; crash inputs,
# logs and the growing corpora are kept under build/fuzz/.
FUZZ_SECONDS ?= 600

.PHONY: fuzz
fuzz:
	$(Q)scripts/deps.sh test
	$(Q)LIB_SRCS="$(LIB_SRCS)" tests/fuzz/run.sh long $(FUZZ_SECONDS)

# --- other kernels -------------------------------------------------------
# make test-kernels [KVERS="6.1 5.10"]: the end-to-end tests on Debian's 6.1
# and 5.10 kernels booted in QEMU (tests/kernels/), with every feature and
# with the lower tiers forced. Kernels and root image are cached in
# $(KERNELS_CACHE) (made on first use: a few minutes; debootstrap needs root).
KERNELS_CACHE ?= $(BUILD)/kernels
KVERS ?=

.PHONY: test-kernels
test-kernels:
	$(Q)scripts/deps.sh
	$(Q)scripts/deps.sh kernels
	$(Q)$(MAKE) --no-print-directory all tests-helpers
	$(Q)KERNELS_CACHE=$(KERNELS_CACHE) tests/kernels/run.sh $(KVERS)
