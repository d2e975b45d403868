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
#   $HVC_CACHE/cjson-arm64/ usr/lib/aarch64-linux-gnu/libcjson.a and usr/include/cjson/
#                          cJSON.h, compiled for arm64 from Debian's own cjson source
#                          package (Debian ships libcjson only as a shared library, and the
#                          CLI is one static binary); VERSION says which Debian version.
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

# --- libcjson (arm64, static) -----------------------------------------------------------
# The source package of the Debian release this machine runs, with Debian's patches, through
# a private apt source list and private package lists (the system's apt setup stays as it
# is): apt checks the files against the signed Sources index. Its version is whatever
# `apt-get source` gives, recorded in $CJ/VERSION and printed, and written nowhere else.

CC_ARM64="${CROSS_COMPILE:-aarch64-linux-gnu-}gcc"
AR_ARM64="${CROSS_COMPILE:-aarch64-linux-gnu-}ar"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

if [ "${FORCE:-0}" = 1 ] || [ "$(cat "$CJ/STAMP" 2>/dev/null)" != "$cstamp" ] ||
	[ ! -f "$CJ/usr/lib/aarch64-linux-gnu/libcjson.a" ]; then
	command -v dpkg-source >/dev/null || die "dpkg-source not found: run scripts/setup.sh (dpkg-dev)"
	[ -f "$KEYRING" ] || die "$KEYRING not found: apt-get install debian-archive-keyring"
	codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
	[ -n "$codename" ] || die "/etc/os-release names no VERSION_CODENAME (this needs Debian 12)"
	work="$(mktemp -d "$HVC_CACHE/.cjson.XXXXXX")"
	trap 'rm -rf "$work"' EXIT
	mkdir -p "$work/apt/lists/partial" "$work/apt/cache/archives/partial" "$work/src"
	chmod 777 "$work/src" # apt-get drops to the _apt user to download
	{
		echo "deb-src [signed-by=$KEYRING] http://deb.debian.org/debian $codename main"
		echo "deb-src [signed-by=$KEYRING] http://deb.debian.org/debian $codename-updates main"
		echo "deb-src [signed-by=$KEYRING] http://deb.debian.org/debian-security" \
			"$codename-security main"
	} >"$work/apt/sources.list"
	apt=(apt-get -q -o "Dir::Etc::SourceList=$work/apt/sources.list"
		-o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$work/apt/lists"
		-o "Dir::Cache=$work/apt/cache")
	log="$work/apt.log"
	"${apt[@]}" update >"$log" 2>&1 ||
		{ cat "$log" >&2; die "apt-get update of $codename's source lists failed (see above)"; }
	(cd "$work/src" && "${apt[@]}" source --download-only cjson) >>"$log" 2>&1 ||
		{ cat "$log" >&2; die "apt-get source --download-only cjson failed (see above)"; }
	dsc="$(compgen -G "$work/src/cjson_*.dsc" | head -n1)" ||
		{ cat "$log" >&2; die "apt-get source gave no cjson_*.dsc (see above)"; }
	version="$(sed -n 's/^Version: //p' "$dsc")"
	dpkg-source -x "$dsc" "$work/src/cjson" >>"$log" 2>&1 ||
		{ cat "$log" >&2; die "dpkg-source -x $(basename "$dsc") failed (see above)"; }
	echo "build_kheaders: libcjson.a (arm64) from Debian's cjson $version into $CJ"
	mkdir -p "$work/root/usr/include/cjson" "$work/root/usr/lib/aarch64-linux-gnu"
	# Debian's own flags for an arm64 build (dpkg-buildflags), and cJSON's C89.
	read -ra flags <<<"$(cd "$work/src/cjson" && DEB_HOST_ARCH=arm64 dpkg-buildflags \
		--get CFLAGS) $(DEB_HOST_ARCH=arm64 dpkg-buildflags --get CPPFLAGS)"
	(cd "$work/src/cjson" && "$CC_ARM64" -std=c89 "${flags[@]}" -c cJSON.c -o "$work/cJSON.o") \
		>>"$log" 2>&1 ||
		{ cat "$log" >&2; die "$CC_ARM64 cJSON.c failed (see above)"; }
	"$AR_ARM64" rcs "$work/root/usr/lib/aarch64-linux-gnu/libcjson.a" "$work/cJSON.o"
	cp "$work/src/cjson/cJSON.h" "$work/root/usr/include/cjson/"
	echo "$version" >"$work/root/VERSION"
	echo "$cstamp" >"$work/root/STAMP"
	rm -rf "$CJ"
	mv "$work/root" "$CJ"
	rm -rf "$work"
	trap - EXIT
fi
