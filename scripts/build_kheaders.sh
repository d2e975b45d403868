#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetches what the root-Linux tools (tools/) are built against, from Debian's archive,
# into a cache folder outside the source tree, without installing anything:
#
#   $HVC_CACHE/kheaders/   linux-headers-<release> (arm64), linux-headers-<ver>-common and
#                          the host's linux-kbuild-<series>, for exactly the kernel that
#                          scripts/build_rootfs.sh put in $HVC_CACHE/linux (its RELEASE and
#                          VERSION files decide: no version is written anywhere else).
#                          $HVC_CACHE/kheaders/KDIR holds the folder to pass as make -C.
#   $HVC_CACHE/cjson-arm64/ libcjson-dev and libcjson1 for arm64 (Debian ships no static
#                          libcjson.a, so the CLI links the shared library; the root
#                          initramfs carries it, see docs/zones.md).
#
# The packages carry absolute paths (the build symlink, the headers' Makefile including
# /usr/src/linux-headers-<ver>-common/Makefile); they are rewritten to point into the
# cache. Idempotent and quiet: prints nothing when the cache matches.
#
# Environment: HVC_CACHE (default $HOME/.cache/hvisor-c), FORCE=1 to refetch.

set -euo pipefail

HVC_CACHE="${HVC_CACHE:-${HOME:-/root}/.cache/hvisor-c}"
LINUX="$HVC_CACHE/linux"
KH="$HVC_CACHE/kheaders"
CJ="$HVC_CACHE/cjson-arm64"
SELF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"

die() {
	echo "build_kheaders: error: $*" >&2
	exit 1
}

for f in RELEASE VERSION; do
	[ -s "$LINUX/$f" ] || die "$LINUX/$f is missing: run scripts/build_rootfs.sh (make rootfs) first"
done
release="$(cat "$LINUX/RELEASE")" # e.g. 6.1.0-57-arm64
kver="$(cat "$LINUX/VERSION")"    # e.g. 6.1.192-3
abi="${release%-arm64}"           # 6.1.0-57
series="$(echo "$release" | cut -d. -f1,2)"
script_sum="$(sha256sum "$SELF" | cut -d' ' -f1)"

mkdir -p "$HVC_CACHE" || die "cannot create $HVC_CACHE"
exec 9>"$HVC_CACHE/.kheaders.lock"
flock 9 || die "cannot lock $HVC_CACHE/.kheaders.lock"

kstamp="headers $release $kver kbuild $series script $script_sum cache $KH"
cstamp="script $script_sum"

fetch() { # folder package...: apt-get download into a world-writable folder (_apt writes)
	local dir="$1"
	shift
	chmod 777 "$dir"
	if ! (cd "$dir" && apt-get download -q "$@") >"$dir/download.log" 2>&1; then
		if [ "$(id -u)" -eq 0 ]; then
			apt-get update -qq >/dev/null 2>&1 || true
			(cd "$dir" && apt-get download -q "$@") >"$dir/download.log" 2>&1 && return 0
		fi
		cat "$dir/download.log" >&2
		die "apt-get download $* failed (see above)"
	fi
}

# --- kernel headers --------------------------------------------------------------------

if [ "${FORCE:-0}" = 1 ] || [ "$(cat "$KH/STAMP" 2>/dev/null)" != "$kstamp" ] ||
	[ ! -d "$(cat "$KH/KDIR" 2>/dev/null)" ]; then
	echo "build_kheaders: linux-headers-$release $kver into $KH"
	work="$(mktemp -d "$HVC_CACHE/.kheaders.XXXXXX")"
	trap 'rm -rf "$work"' EXIT
	fetch "$work" "linux-headers-$release:arm64=$kver" "linux-headers-$abi-common=$kver" \
		"linux-kbuild-$series=$kver"
	mkdir "$work/root"
	for deb in "$work"/*.deb; do
		dpkg -x "$deb" "$work/root" || die "dpkg -x $(basename "$deb") failed"
	done
	# After the move the tree lives at $KH: rewrite what names /usr/src or /usr/lib.
	kdir="$KH/usr/src/linux-headers-$release"
	mk="$work/root/usr/src/linux-headers-$release/Makefile"
	[ -f "$mk" ] || die "linux-headers-$release has no Makefile"
	sed -i "s|/usr/src/|$KH/usr/src/|g" "$mk"
	find "$work/root" -type l -lname '/*' | while read -r l; do
		ln -sfn "$KH$(readlink "$l")" "$l"
	done
	[ -x "$work/root/usr/lib/linux-kbuild-$series/scripts/basic/fixdep" ] ||
		die "linux-kbuild-$series has no scripts/basic/fixdep"
	echo "$kdir" >"$work/root/KDIR"
	echo "$kstamp" >"$work/root/STAMP"
	rm -rf "$KH"
	mv "$work/root" "$KH"
	rm -rf "$work"
	trap - EXIT
fi

# --- libcjson (arm64) ------------------------------------------------------------------

if [ "${FORCE:-0}" = 1 ] || [ "$(cat "$CJ/STAMP" 2>/dev/null)" != "$cstamp" ] ||
	[ ! -e "$CJ/usr/lib/aarch64-linux-gnu/libcjson.so.1" ]; then
	echo "build_kheaders: libcjson-dev:arm64 into $CJ"
	work="$(mktemp -d "$HVC_CACHE/.cjson.XXXXXX")"
	trap 'rm -rf "$work"' EXIT
	fetch "$work" libcjson-dev:arm64 libcjson1:arm64
	mkdir "$work/root"
	for deb in "$work"/*.deb; do
		dpkg -x "$deb" "$work/root" || die "dpkg -x $(basename "$deb") failed"
	done
	[ -f "$work/root/usr/include/cjson/cJSON.h" ] || die "libcjson-dev:arm64 has no cjson/cJSON.h"
	echo "$cstamp" >"$work/root/STAMP"
	rm -rf "$CJ"
	mv "$work/root" "$CJ"
	rm -rf "$work"
	trap - EXIT
fi
