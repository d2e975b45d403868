#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Installs what hvisor-c needs on a Debian 12 amd64 machine, and fetches the arm64
# build of libfdt into a private cache folder (libfdt-dev is not multi-arch, so the
# arm64 and amd64 builds cannot be installed side by side: the amd64 one serves host
# tools and unit tests, the arm64 one is linked into the hypervisor).
#
# Idempotent: when everything is present it prints nothing and never calls apt-get.
#
# Environment:
#   HVC_CACHE   cache folder (default $HOME/.cache/hvisor-c); the arm64 libfdt ends up in
#               $HVC_CACHE/libfdt-arm64/usr/{lib/aarch64-linux-gnu/libfdt.a,include/libfdt.h}

set -euo pipefail

PACKAGES=(
	gcc-aarch64-linux-gnu
	binutils-aarch64-linux-gnu
	libc6-dev-arm64-cross # the tools (tools/cli) are arm64 Linux programs: headers, libc
	qemu-system-arm
	ipxe-qemu # efi-virtio.rom: QEMU virt's default NIC (virtio-net-pci) will not start without it
	u-boot-qemu
	u-boot-tools
	device-tree-compiler
	python3-libfdt # tools/board-gen, tools/dt-trim and the build's DT cross-check (libfdt's own binding)
	libfdt-dev
	libcmocka-dev
	libcjson-dev # host unit tests of the tools' JSON parsing (the arm64 one: build_kheaders.sh)
	dpkg-dev # dpkg-source: build_kheaders.sh unpacks Debian's cjson source for the static CLI
	debian-archive-keyring # apt checks that cjson source against Debian's signed index
	python3
	gdb-multiarch # make gdb, and the EL2 exception-report test
	e2fsprogs # debugfs: the virtio-blk test reads the guest's file back on the host
	clang-format # the style check in make test (.clang-format)
	make
	gcc
)

HVC_CACHE="${HVC_CACHE:-${HOME:-/root}/.cache/hvisor-c}"
LIBFDT_DIR="$HVC_CACHE/libfdt-arm64"
LIBFDT_A="$LIBFDT_DIR/usr/lib/aarch64-linux-gnu/libfdt.a"
LIBFDT_H="$LIBFDT_DIR/usr/include/libfdt.h"

die() {
	echo "setup: error: $*" >&2
	exit 1
}

# Commands that change the system need root; use sudo when we are not root.
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null 2>&1 || die "not root and sudo is not available; run as root"
	SUDO=(sudo)
fi

command -v dpkg-query >/dev/null 2>&1 || die "dpkg-query not found: this script needs Debian 12 (or a derivative)"

# apt-get update runs at most once per invocation, and only when something is needed.
APT_UPDATED=0
apt_update() {
	if [ "$APT_UPDATED" -eq 0 ]; then
		echo "setup: apt-get update"
		"${SUDO[@]}" apt-get update -qq >/dev/null || die "apt-get update failed"
		APT_UPDATED=1
	fi
}

is_installed() {
	local status
	status="$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" || return 1
	[ "$status" = "install ok installed" ]
}

# --- host packages -----------------------------------------------------------------

missing=()
for pkg in "${PACKAGES[@]}"; do
	is_installed "$pkg" || missing+=("$pkg")
done

if [ "${#missing[@]}" -gt 0 ]; then
	apt_update
	echo "setup: installing ${missing[*]}"
	"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
		die "apt-get install ${missing[*]} failed"
	for pkg in "${missing[@]}"; do
		is_installed "$pkg" || die "package $pkg is still not installed after apt-get install"
	done
fi

# --- private arm64 libfdt ------------------------------------------------------------

if [ -f "$LIBFDT_A" ] && [ -f "$LIBFDT_H" ]; then
	exit 0
fi

mkdir -p "$HVC_CACHE" || die "cannot create cache folder $HVC_CACHE"
work="$(mktemp -d "$HVC_CACHE/.libfdt.XXXXXX")" || die "cannot create a temporary folder in $HVC_CACHE"
trap 'rm -rf "$work"' EXIT
# apt-get download run as root drops to the _apt user; a world-writable folder lets it
# write there (it may still warn about the sandbox when a parent folder is private).
chmod 777 "$work"

# Downloads libfdt-dev:arm64 into $work; returns non-zero if apt-get fails or no .deb.
download_libfdt() {
	rm -f "$work"/*.deb
	(cd "$work" && apt-get download libfdt-dev:arm64) >"$work/download.log" 2>&1 || return 1
	compgen -G "$work/libfdt-dev_*_arm64.deb" >/dev/null
}

add_arm64() {
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		echo "setup: dpkg --add-architecture arm64"
		"${SUDO[@]}" dpkg --add-architecture arm64 || die "dpkg --add-architecture arm64 failed"
		APT_UPDATED=0 # the package lists must be fetched again for arm64
	fi
	apt_update
}

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	add_arm64
fi
if ! download_libfdt; then
	# Stale or missing package lists: refresh once and retry.
	add_arm64
	if ! download_libfdt; then
		cat "$work/download.log" >&2 || true
		die "apt-get download libfdt-dev:arm64 failed (see the messages above)"
	fi
fi

deb="$(compgen -G "$work/libfdt-dev_*_arm64.deb" | head -n1)"
dpkg -x "$deb" "$work/root" || die "dpkg -x $deb failed"
[ -f "$work/root/usr/lib/aarch64-linux-gnu/libfdt.a" ] ||
	die "$(basename "$deb") has no usr/lib/aarch64-linux-gnu/libfdt.a"
[ -f "$work/root/usr/include/libfdt.h" ] ||
	die "$(basename "$deb") has no usr/include/libfdt.h"

# Replace any partial result in one step so an interrupted run never looks complete.
rm -rf "$LIBFDT_DIR"
mv "$work/root" "$LIBFDT_DIR" || die "cannot move the unpacked libfdt to $LIBFDT_DIR"
echo "setup: libfdt arm64 -> $LIBFDT_A"
