#!/bin/bash
# Builds CACHE/root.img for the test VMs (run as root, by prepare.sh):
# debootstrap --variant=minbase of Debian 12 with PACKAGES into a scratch
# tree, the boot stub as /sbin/es-init, then mke2fs -d (no loop device).
# Usage: mkroot.sh CACHE PACKAGES SIZE STUB MIRROR
set -euo pipefail
cache=$1 packages=$2 size=$3 stub=$4 mirror=$5
tree=$cache/root.tree
# done_as_root: whatever happens, no root-only tree is left behind, and a
# caller who came through sudo owns what is kept (make clean must remove it)
done_as_root() {
	rm -rf "$tree" "$cache/root.img.tmp"
	if [ -n "${SUDO_UID:-}" ]; then
		chown -R "$SUDO_UID:${SUDO_GID:-$SUDO_UID}" "$cache/debs" "$cache/debootstrap.log" \
			"$cache/root.img" 2>/dev/null
	fi
	return 0
}
trap done_as_root EXIT
# debootstrap keeps what it downloaded here: a re-run after an interruption
# does not fetch it again
mkdir -p "$cache/debs"
# a tree left by an interrupted run is not trusted: start over
rm -rf "$tree"
debootstrap --variant=minbase --include="$packages" --cache-dir="$cache/debs" \
	bookworm "$tree" "$mirror" >"$cache/debootstrap.log" 2>&1 || {
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
