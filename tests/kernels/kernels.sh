# shellcheck shell=bash disable=SC2034
# Shared by the scripts in tests/kernels (sourced, not run): which kernels
# there are, where they and the root file system are cached, what is in it.

# mke2fs and debootstrap are in sbin, which a normal user's PATH may lack
PATH=$PATH:/usr/sbin:/sbin

# Where kernels and the root image are kept (outside git).
CACHE=${KERNELS_CACHE:-build/kernels}
MIRROR=${KERNELS_MIRROR:-http://deb.debian.org/debian}

# The kernels, by short version: Debian's cloud kernels (BTF built in).
KERNELS="6.1 5.10"

# kernel_suite KVER: the Debian suite whose linux-image-cloud-amd64 it is.
kernel_suite() {
	case "$1" in
	6.1)	echo bookworm ;;
	5.10)	echo bullseye ;;
	*)	return 1 ;;
	esac
}

# What the end-to-end tests run, on top of debootstrap's minbase (bash,
# coreutils, grep, sed, ... are there already): the tool's libraries, the
# tests' tools (see scripts/deps.sh test), and a C compiler for build_tiny.
ROOT_PACKAGES="libbpf1,libelf1,zlib1g,jq,python3,procps,util-linux,bsdutils,strace,bpftool,gcc,libc6-dev,iproute2,kmod,time,python3-jsonschema"
ROOT_SIZE=2G
