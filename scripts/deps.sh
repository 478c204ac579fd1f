#!/bin/sh
# Installs what building execsnoop needs (with "test": and testing it; with
# "static": and linking it statically), with
# apt-get, when it is missing. As root it installs; otherwise it uses sudo if there is one, and
# else prints exactly which packages are missing.
set -eu

PKGS="make gcc libc6-dev clang llvm libbpf-dev libelf-dev zlib1g-dev pkg-config"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
# bpftool is its own package on Debian; Ubuntu ships it in linux-tools.
command -v bpftool >/dev/null 2>&1 || [ -x /usr/sbin/bpftool ] || missing="$missing bpftool"

# have NAME: the command is there. "libfuzzer" is no command but clang's
# libFuzzer runtime (the fuzz tests): a 3-line fuzzer is built to see.
have() {
	case "$1" in
	libfuzzer)
		command -v clang >/dev/null 2>&1 || return 1
		d=$(mktemp -d) || return 1
		printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
			'int LLVMFuzzerTestOneInput(const uint8_t *p, size_t n) { return p && n > 1 ? 0 : 0; }' \
			>"$d/f.c"
		rc=0
		clang -fsanitize=fuzzer "$d/f.c" -o "$d/f" >/dev/null 2>&1 || rc=1
		rm -rf "$d"
		return $rc ;;
	bash_completion)
		[ -f /usr/share/bash-completion/bash_completion ] ;;
	jsonschema)	# a Python module: tests/e2e/report_check.py validates output with it
		python3 -c 'import jsonschema' 2>/dev/null ;;
	*.pc)	pkg-config --exists "${1%.pc}" ;;
	# a module of Debian's python3 (the tests run /usr/bin/python3 for these)
	py-*)	/usr/bin/python3 -c "import ${1#py-}" 2>/dev/null ;;
	*.ttf)	[ -f "$1" ] ;;
	omkafka.so)	# an rsyslog module, not a command
		ls /usr/lib/*/rsyslog/omkafka.so >/dev/null 2>&1 ;;
	debian_keyring)
		[ -f /usr/share/keyrings/debian-archive-keyring.gpg ] ;;
	*)	command -v "$1" >/dev/null 2>&1 ;;
	esac
}
# the runtime's package goes with the clang there is (Debian: clang 14)
llvm=$(clang -dumpversion 2>/dev/null | cut -d. -f1) || llvm=""

# "deps.sh test": also what the tests run (with systemd-journald,
# systemd-journal-remote and rsyslog for --journal and doc/shipping.md; docker.io:
# a real container runtime for tests/e2e/t_container.sh, which starts its daemon
# if needed); "deps.sh bench": the peer tracers;
# "deps.sh kernels": what boots other kernels (make test-kernels: QEMU, and
# debootstrap, mke2fs and Debian's keyring to make its root file system)
case "${1:-}" in
test)	extra="jq:jq python3:python3 ps:procps script:bsdutils setpriv:util-linux
	       nsenter:util-linux unshare:util-linux taskset:util-linux
	       strace:strace file:file libfuzzer:libclang-rt-${llvm:-14}-dev man:man-db
	       bash_completion:bash-completion /usr/bin/time:time dockerd:docker.io
	       chromium:chromium py-PIL:python3-pil py-jsonschema:python3-jsonschema
	       /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core
	       systemd-analyze:systemd journalctl:systemd
	       /lib/systemd/systemd-journald:systemd
	       /lib/systemd/systemd-journal-remote:systemd-journal-remote
	       /usr/sbin/rsyslogd:rsyslog omkafka.so:rsyslog-kafka" ;;
bench)	extra="bpftrace:bpftrace /usr/sbin/execsnoop:libbpf-tools" ;;
# "deps.sh static": the static libraries come with the -dev packages above;
# a libelf built with zstd links libzstd too; file for the static check
static)	extra="file:file"
	pkg-config --print-requires-private libelf 2>/dev/null | grep -q zstd &&
		extra="$extra libzstd.pc:libzstd-dev" ;;
kernels) extra="qemu-system-x86_64:qemu-system-x86 /usr/sbin/debootstrap:debootstrap
	       /sbin/mke2fs:e2fsprogs debian_keyring:debian-archive-keyring" ;;
*)	extra="" ;;
esac
if [ -n "$extra" ]; then
	for cp in $extra; do
		have "${cp%%:*}" || case " $missing " in
			*" ${cp#*:} "*) ;;
			*) missing="$missing ${cp#*:}" ;;
		esac
	done
fi

[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "execsnoop: missing packages:$missing (no apt-get here: install them by hand)" >&2
	exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "execsnoop: missing packages:$missing (run as root, or: apt-get install$missing)" >&2
	exit 1
fi
echo "execsnoop: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
case "$missing" in
*bpftool*)
	if ! apt-cache show bpftool >/dev/null 2>&1; then
		# Ubuntu: bpftool comes with the kernel's linux-tools
		missing="$(echo "$missing" | sed 's/bpftool//') linux-tools-common linux-tools-$(uname -r)"
	fi
	;;
esac
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
