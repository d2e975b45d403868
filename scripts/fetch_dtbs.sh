#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetches the device trees Debian's arm64 kernel ships (rockchip/rk3568-*.dtb,
# freescale/imx8mp-evk.dtb, xilinx/zynqmp-zcu102-*.dtb, ...) into $HVC_CACHE/dtbs, for
# tools/board-gen (docs/porting.md). The kernel package is the one linux-image-arm64
# depends on today (no version is written here: Debian moves), fetched with apt-get
# download and unpacked with dpkg -x; nothing is installed.
#
#   scripts/fetch_dtbs.sh              prints the folder; quiet when it is current
#   scripts/fetch_dtbs.sh --backports  the same from the release's backports kernel, into
#                                      $HVC_CACHE/dtbs-backports: Debian 12's 6.1 kernel
#                                      predates RK3588's DT (rockchip/rk3588-*.dtb)
#
# --backports reads the backports suite through a private apt state under $HVC_CACHE: the
# system's sources and package lists are left as they are.
#
# Environment: HVC_CACHE (default $HOME/.cache/hvisor-c).

set -euo pipefail

HVC_CACHE="${HVC_CACHE:-${HOME:-/root}/.cache/hvisor-c}"
OUT="$HVC_CACHE/dtbs"
APT_OPTS=()

die() {
	echo "fetch_dtbs: error: $*" >&2
	exit 1
}

if [ "${1:-}" = "--backports" ]; then
	codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
	[ -n "$codename" ] || die "/etc/os-release names no VERSION_CODENAME (a Debian release)"
	OUT="$HVC_CACHE/dtbs-backports"
	apt_dir="$HVC_CACHE/apt-backports"
	mkdir -p "$apt_dir/sources" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
	chmod -R a+rwX "$apt_dir" # apt drops to _apt to download
	cat >"$apt_dir/sources/backports.sources" <<-EOF_SOURCES
		Types: deb
		URIs: http://deb.debian.org/debian
		Suites: $codename-backports
		Components: main
		Architectures: arm64
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF_SOURCES
	APT_OPTS=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$apt_dir/sources"
		-o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
		-o APT::Architectures::=arm64)
	apt-get "${APT_OPTS[@]}" -q update >"$apt_dir/update.log" 2>&1 ||
		{ cat "$apt_dir/update.log" >&2; die "apt-get update of $codename-backports failed"; }
elif [ -n "${1:-}" ]; then
	die "unknown option $1 (give none, or --backports)"
fi

# The real package behind the metapackage: "Depends: linux-image-6.1.0-NN-arm64 (= V)".
read -r kpkg kver < <(apt-cache "${APT_OPTS[@]}" show --no-all-versions linux-image-arm64:arm64 2>/dev/null | awk '
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
(cd "$work" && apt-get "${APT_OPTS[@]}" download -q "$kpkg:arm64=$kver") >"$work/log" 2>&1 ||
	{ cat "$work/log" >&2; die "apt-get download $kpkg:arm64=$kver failed"; }
dpkg -x "$work"/"${kpkg}"_*_arm64.deb "$work/kernel" || die "dpkg -x failed"
dtbdir="$(compgen -G "$work/kernel/usr/lib/linux-image-*" | head -n1)" ||
	die "$kpkg has no usr/lib/linux-image-*/ (the DTBs)"
rm -rf "$OUT"
mv "$dtbdir" "$OUT"
echo "$kpkg $kver" >"$OUT/VERSION"
echo "$OUT"
