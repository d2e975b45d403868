#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetches the device trees Debian's arm64 kernel ships (rockchip/rk3568-*.dtb,
# rockchip/rk3588-*.dtb, freescale/imx8mp-evk.dtb, xilinx/zynqmp-zcu102-*.dtb, ...) into
# $HVC_CACHE/dtbs, for tools/board-gen (docs/porting.md). The kernel package is the one
# linux-image-arm64 depends on today (no version is written here: Debian moves), fetched
# with apt-get download and unpacked with dpkg -x; nothing is installed.
#
#   scripts/fetch_dtbs.sh        prints the folder; quiet when it is current
#
# Environment: HVC_CACHE (default $HOME/.cache/hvisor-c).

set -euo pipefail

HVC_CACHE="${HVC_CACHE:-${HOME:-/root}/.cache/hvisor-c}"
OUT="$HVC_CACHE/dtbs"

die() {
	echo "fetch_dtbs: error: $*" >&2
	exit 1
}

# The real package behind the metapackage: "Depends: linux-image-6.1.0-NN-arm64 (= V)".
read -r kpkg kver < <(apt-cache show --no-all-versions linux-image-arm64:arm64 2>/dev/null | awk '
	/^Depends: / && match($0, /linux-image-[0-9][^ ,:]*-arm64(:arm64)? \(= [^)]*\)/) {
		dep = substr($0, RSTART, RLENGTH)
		pkg = dep; sub(/[ :].*/, "", pkg)
		ver = dep; sub(/.*\(= /, "", ver); sub(/\)$/, "", ver)
		print pkg, ver; exit
	}') || die "apt does not know linux-image-arm64:arm64: run scripts/setup.sh (it adds arm64) and apt-get update"

if [ "$(cat "$OUT/VERSION" 2>/dev/null)" = "$kpkg $kver" ]; then
	echo "$OUT"
	exit 0
fi
mkdir -p "$HVC_CACHE"
work="$(mktemp -d "$HVC_CACHE/.dtbs.XXXXXX")"
trap 'rm -rf "$work"' EXIT
chmod 777 "$work" # apt-get download as root drops to _apt, which must write here
(cd "$work" && apt-get download -q "$kpkg:arm64=$kver") >"$work/log" 2>&1 ||
	{ cat "$work/log" >&2; die "apt-get download $kpkg:arm64=$kver failed"; }
dpkg -x "$work"/"${kpkg}"_*_arm64.deb "$work/kernel" || die "dpkg -x failed"
dtbdir="$(compgen -G "$work/kernel/usr/lib/linux-image-*" | head -n1)" ||
	die "$kpkg has no usr/lib/linux-image-*/ (the DTBs)"
rm -rf "$OUT"
mv "$dtbdir" "$OUT"
echo "$kpkg $kver" >"$OUT/VERSION"
echo "$OUT"
