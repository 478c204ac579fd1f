#!/bin/bash
# Builds CACHE/root.img for the test VMs (run as root, by prepare.sh):
# debootstrap --variant=minbase of Debian 12 with PACKAGES into a scratch
# tree, the boot stub as /sbin/es-init, then mke2fs -d (no loop device).
# Usage: mkroot.sh CACHE PACKAGES SIZE STUB
set -euo pipefail
cache=$1 packages=$2 size=$3 stub=$4
tree=$cache/root.tree
# debootstrap keeps what it downloaded here: a re-run after an interruption
# does not fetch it again
mkdir -p "$cache/debs"
# a tree left by an interrupted run is not trusted: start over
rm -rf "$tree"
debootstrap --variant=minbase --include="$packages" --cache-dir="$cache/debs" \
	bookworm "$tree" "${KERNELS_MIRROR:-http://deb.debian.org/debian}" >"$cache/debootstrap.log" 2>&1 || {
	tail -20 "$cache/debootstrap.log" >&2
	exit 1
}
install -m 0755 "$stub" "$tree/sbin/es-init"
echo es-vm >"$tree/etc/hostname"
# no package caches and lists in the image: it is only ever booted
rm -rf "$tree"/var/cache/apt/archives/*.deb "$tree"/var/lib/apt/lists/*
rm -f "$cache/root.img.tmp"
mke2fs -q -t ext4 -L es-root -d "$tree" "$cache/root.img.tmp" "$size" >/dev/null
chmod 0644 "$cache/root.img.tmp"
mv "$cache/root.img.tmp" "$cache/root.img"
rm -rf "$tree"
# the caller may be a normal user (through sudo): leave the image to them
[ -n "${SUDO_UID:-}" ] && chown "$SUDO_UID:${SUDO_GID:-$SUDO_UID}" "$cache/root.img"
exit 0
