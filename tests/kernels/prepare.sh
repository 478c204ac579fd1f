#!/bin/bash
# Prepares what tests/kernels/vm.sh boots, in ${KERNELS_CACHE:-build/kernels}:
#   KVER/vmlinuz    a Debian cloud kernel, unpacked from its .deb, never installed
#                   (6.1 from bookworm, 5.10 from bullseye; see kernels.sh)
#   root.img        a Debian 12 minbase root file system (ext4) with what the
#                   end-to-end tests run; made without loop devices
# Usage: prepare.sh [KVER...] (default: every kernel in kernels.sh).
# Idempotent: what is there and complete is kept; an interrupted download or
# debootstrap is redone on the next run (the downloaded packages are kept).
# Only debootstrap and mke2fs of its tree need root (sudo when not root).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE/../.."
# shellcheck source=tests/kernels/kernels.sh
. "$HERE/kernels.sh"
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)

say() {
	echo "kernels: $*" >&2
}

# apt_suite SUITE ARGS...: apt-get (or apt-cache, if ARGS start with "cache")
# on a private state for Debian SUITE, in $CACHE/apt/SUITE: the system's
# sources are neither used nor changed, and nothing is installed.
apt_suite() {
	local suite=$1 d=$CACHE/apt/$1 tool=apt-get
	shift
	[ "$1" = cache ] && { tool=apt-cache; shift; }
	mkdir -p "$d/lists/partial" "$d/archives/partial" "$d/parts" "$d/prefs"
	[ -f "$d/status" ] || : >"$d/status"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]" \
		"$MIRROR $suite main" >"$d/sources.list"
	"$tool" -q -o Dir::Etc::SourceList="$d/sources.list" \
		-o Dir::Etc::SourceParts="$d/parts" -o Dir::Etc::PreferencesParts="$d/prefs" \
		-o Dir::State::Lists="$d/lists" -o Dir::State::status="$d/status" \
		-o Dir::Cache="$d" -o Dir::Cache::archives="$d/archives" \
		-o Dir::Cache::pkgcache="" -o Dir::Cache::srcpkgcache="" \
		-o APT::Sandbox::User="$(id -un)" -o Debug::NoLocking=1 \
		-o Acquire::Languages=none "$@"
}

# fetch_kernel KVER: $CACHE/KVER/{vmlinuz,config,package} from the suite's
# linux-image-cloud-amd64. No modules and no initramfs: both cloud kernels
# have NVMe, ext4, the serial console and BTF built in (see their config).
fetch_kernel() {
	local kver=$1 suite pkg deb tmp
	suite=$(kernel_suite "$kver")
	[ -f "$CACHE/$kver/vmlinuz" ] && return 0
	say "fetching the $kver kernel (Debian $suite, linux-image-cloud-amd64)"
	apt_suite "$suite" update -qq >/dev/null
	# the metapackage depends on the versioned image package
	pkg=$(apt_suite "$suite" cache depends linux-image-cloud-amd64 |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*-cloud-amd64\)$/\1/p' | head -1)
	[ -n "$pkg" ] || { say "no linux-image-cloud-amd64 in $suite"; return 1; }
	tmp=$CACHE/$kver.tmp
	rm -rf "$tmp"
	mkdir -p "$tmp/x"
	(cd "$tmp" && apt_suite "$suite" download -qq "$pkg" >/dev/null)
	deb=$(ls "$tmp"/*.deb)
	dpkg -x "$deb" "$tmp/x"
	cp "$tmp"/x/boot/vmlinuz-* "$tmp/vmlinuz"
	cp "$tmp"/x/boot/config-* "$tmp/config"
	dpkg-deb -f "$deb" Package Version >"$tmp/package"
	rm -rf "$tmp/x" "$tmp"/*.deb
	rm -rf "${CACHE:?}/$kver"
	mv "$tmp" "$CACHE/$kver"
	say "$kver: $(tr '\n' ' ' <"$CACHE/$kver/package")"
}

# build_root: $CACHE/root.img, unless it is there and was made from the
# same package list and boot stub (its stamp says which).
build_root() {
	local stamp img=$CACHE/root.img
	stamp=$(printf '%s\n' "$ROOT_PACKAGES" "$ROOT_SIZE" | cat - "$HERE/stub-init.sh" |
		sha256sum | cut -c1-16)
	if [ -f "$img" ] && [ "$(cat "$img.stamp" 2>/dev/null)" = "$stamp" ]; then
		return 0
	fi
	say "building the root file system (debootstrap, a few minutes the first time)"
	scripts/ensure-root.sh "$HERE/mkroot.sh" "$CACHE" "$ROOT_PACKAGES" "$ROOT_SIZE" \
		"$HERE/stub-init.sh"
	echo "$stamp" >"$img.stamp"
	say "root.img ready ($(du -h --apparent-size "$img" | cut -f1), $(du -h "$img" | cut -f1) used)"
}

# All in one function, so that bash has read it all before it runs any of
# it: editing this file while it runs is safe.
main() {
	# one preparation at a time (runs side by side share the cache)
	exec 9>"$CACHE/.lock"
	flock 9

	kvers=("$@")
	[ ${#kvers[@]} -eq 0 ] && read -r -a kvers <<<"$KERNELS"
	for k in "${kvers[@]}"; do
		kernel_suite "$k" >/dev/null || { say "unknown kernel $k (known: $KERNELS)"; exit 2; }
		fetch_kernel "$k"
	done
	build_root
}
main "$@"; exit
