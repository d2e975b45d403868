#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds the root zone's Linux from Debian packages only, into a cache folder outside the
# source tree:
#
#   $HVC_CACHE/linux/Image               uncompressed arm64 kernel (linux-image-arm64:arm64)
#   $HVC_CACHE/linux/initramfs.cpio.gz   busybox-static:arm64, /init, and the kernel modules
#                                        virtio-blk over virtio-mmio and ext4 need
#   $HVC_CACHE/linux/initramfs-zone.cpio.gz   the initramfs of a non-root zone's Linux
#                                        (zone1 on QEMU): busybox, a shell on its virtio
#                                        console hvc0 (modules virtio_mmio, virtio_console,
#                                        and virtio_blk, ext4, virtio_net for a zone on
#                                        virtio devices); with root=<dev> on the kernel
#                                        command line it mounts that disk and runs its /init
#   $HVC_CACHE/linux/zone-disk.ext4      that disk: a 128 MiB ext4 image (sparse) holding
#                                        busybox and the same /init, for zone1 on the
#                                        virtio daemon's virtio-blk (docs/virtio.md)
#   $HVC_CACHE/linux/VERSION             the kernel package version (e.g. 6.1.192-2)
#   $HVC_CACHE/linux/RELEASE             the kernel release, `uname -r` (e.g. 6.1.0-56-arm64):
#                                        linux-headers-<RELEASE> builds modules for it
#   $HVC_CACHE/linux/STAMP               what the cache was built from (package versions,
#                                        sha256 of this script and of mkcpio.py)
#
# Idempotent and quiet: when the cache matches the packages apt would pick now and this
# script, it prints nothing. No root-only tools (no chroot, debootstrap or cpio): packages
# are fetched with `apt-get download`, unpacked with `dpkg -x`, and the archive is written
# by scripts/mkcpio.py.
#
# Environment:
#   HVC_CACHE   cache folder (default $HOME/.cache/hvisor-c)
#   FORCE=1     rebuild even when the cache is current

set -euo pipefail

HVC_CACHE="${HVC_CACHE:-${HOME:-/root}/.cache/hvisor-c}"
OUT="$HVC_CACHE/linux"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SELF="$SCRIPT_DIR/$(basename "${BASH_SOURCE[0]}")"
MKCPIO="$SCRIPT_DIR/mkcpio.py"
PYTHON="${PYTHON:-python3}"

# Modules the root zone loads at boot; their hard dependencies (modinfo "depends") and
# "pre:" soft dependencies (ext4 and jbd2 want crypto-crc32c) are added automatically, and
# modules built into this kernel (modules.builtin) are skipped.
ROOT_MODULES=(virtio_mmio virtio_blk ext4 tun)
# And those a non-root zone's Linux loads: its console is a virtio console (hvc0), its
# disk and network may be the virtio daemon's.
ZONE_MODULES=(virtio_mmio virtio_console virtio_blk ext4 virtio_net)
ZONE_DISK_MB=128

KERNEL_META="linux-image-arm64:arm64"
BUSYBOX_PKG="busybox-static:arm64"

die() {
	echo "build_rootfs: error: $*" >&2
	exit 1
}

for tool in apt-cache apt-get dpkg flock sha256sum od mkfs.ext4 "$PYTHON"; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool not found (run scripts/setup.sh on Debian 12)"
done
[ -f "$MKCPIO" ] || die "$MKCPIO is missing"

APT_UPDATED=0
apt_update() {
	[ "$APT_UPDATED" -eq 0 ] || return 0
	APT_UPDATED=1
	[ "$(id -u)" -eq 0 ] || die "apt-get update needs root (package lists for arm64 are stale)"
	dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64 ||
		die "dpkg --add-architecture arm64 failed"
	echo "build_rootfs: apt-get update"
	apt-get update -qq >/dev/null || die "apt-get update failed"
}

# One build at a time per cache folder (make run and make test may both call this); a
# second caller waits, then finds the cache current.
mkdir -p "$HVC_CACHE" || die "cannot create $HVC_CACHE"
exec 9>"$HVC_CACHE/.rootfs.lock"
flock 9 || die "cannot lock $HVC_CACHE/.rootfs.lock"

# One apt-cache call (it is slow where apt keeps no binary cache): the real kernel package
# and version the metapackage pins ("Depends: linux-image-6.1.0-NN-arm64 (= V)") and
# busybox-static's candidate version. Prints "KPKG KVER BVER", or less when apt lacks one.
resolve() {
	apt-cache show --no-all-versions "$KERNEL_META" "$BUSYBOX_PKG" 2>/dev/null | awk '
		/^Package: / { pkg = $2 }
		/^Version: / && pkg == "busybox-static" { bver = $2 }
		/^Depends: / && pkg == "linux-image-arm64" {
			if (match($0, /linux-image-[0-9][^ ,:]*-arm64(:arm64)? \(= [^)]*\)/)) {
				dep = substr($0, RSTART, RLENGTH)
				kpkg = dep; sub(/[ :].*/, "", kpkg)
				kver = dep; sub(/.*\(= /, "", kver); sub(/\)$/, "", kver)
			}
		}
		END { if (kpkg != "" && bver != "") print kpkg, kver, bver }'
}

read -r kpkg kver bver < <(resolve) || true
if [ -z "${bver:-}" ]; then
	# An offline machine with a complete cache built by this very script keeps using it.
	if [ "${FORCE:-0}" != 1 ] && [ -f "$OUT/Image" ] && [ -f "$OUT/initramfs.cpio.gz" ] &&
		grep -qx "script $(sha256sum "$SELF" | cut -d' ' -f1)" "$OUT/STAMP" 2>/dev/null &&
		grep -qx "mkcpio $(sha256sum "$MKCPIO" | cut -d' ' -f1)" "$OUT/STAMP" 2>/dev/null; then
		echo "build_rootfs: apt does not know $KERNEL_META; keeping the cached kernel $(cat "$OUT/VERSION")" >&2
		exit 0
	fi
	apt_update
	read -r kpkg kver bver < <(resolve) || true
	[ -n "${bver:-}" ] ||
		die "apt-cache show $KERNEL_META $BUSYBOX_PKG: no linux-image-*-arm64 (= version) dependency or no busybox-static"
fi

stamp="kernel $kpkg $kver
busybox $bver
modules ${ROOT_MODULES[*]}
zone modules ${ZONE_MODULES[*]}
zone disk ${ZONE_DISK_MB} MiB
script $(sha256sum "$SELF" | cut -d' ' -f1)
mkcpio $(sha256sum "$MKCPIO" | cut -d' ' -f1)"

if [ "${FORCE:-0}" != 1 ] && [ -f "$OUT/Image" ] && [ -f "$OUT/initramfs.cpio.gz" ] &&
	[ -f "$OUT/initramfs-zone.cpio.gz" ] && [ -f "$OUT/zone-disk.ext4" ] &&
	[ "$(cat "$OUT/VERSION" 2>/dev/null)" = "$kver" ] &&
	[ "$(cat "$OUT/STAMP" 2>/dev/null)" = "$stamp" ]; then
	exit 0
fi

echo "build_rootfs: building $kpkg $kver + busybox-static $bver into $OUT"
work="$(mktemp -d "$HVC_CACHE/.rootfs.XXXXXX")" || die "cannot create a temporary folder in $HVC_CACHE"
trap 'rm -rf "$work"' EXIT
# apt-get download run as root drops to the _apt user, which must be able to write here.
chmod 777 "$work"

download() {
	rm -f "$work"/*.deb
	(cd "$work" && apt-get download -q "$kpkg:arm64=$kver" "$BUSYBOX_PKG=$bver") \
		>"$work/download.log" 2>&1 || return 1
	compgen -G "$work/${kpkg}_*_arm64.deb" >/dev/null &&
		compgen -G "$work/busybox-static_*_arm64.deb" >/dev/null
}
if ! download; then
	apt_update
	if ! download; then
		cat "$work/download.log" >&2 || true
		die "apt-get download $kpkg:arm64 $BUSYBOX_PKG failed (see the messages above)"
	fi
fi
kdeb="$(compgen -G "$work/${kpkg}_*_arm64.deb" | head -n1)"
bdeb="$(compgen -G "$work/busybox-static_*_arm64.deb" | head -n1)"
dpkg -x "$kdeb" "$work/kernel" || die "dpkg -x $(basename "$kdeb") failed"
dpkg -x "$bdeb" "$work/busybox" || die "dpkg -x $(basename "$bdeb") failed"

# --- kernel --------------------------------------------------------------------------

vmlinuz="$(compgen -G "$work/kernel/boot/vmlinuz-*" | head -n1)" ||
	die "$(basename "$kdeb") has no /boot/vmlinuz-*"
release="${vmlinuz##*/vmlinuz-}"
moddir="$work/kernel/lib/modules/$release"
[ -d "$moddir" ] || die "$(basename "$kdeb") has no /lib/modules/$release"

# Debian's arm64 vmlinuz has been both a plain Image and a gzip-compressed one.
if [ "$(head -c2 "$vmlinuz" | od -An -tx1 | tr -d ' ')" = "1f8b" ]; then
	gzip -dc "$vmlinuz" >"$work/Image" || die "cannot decompress $vmlinuz"
else
	cp "$vmlinuz" "$work/Image"
fi
# arm64 Image header: magic "ARM\x64" at offset 56 (Documentation/arm64/booting.rst).
magic="$(od -An -tx1 -j56 -N4 "$work/Image" | tr -d ' \n')"
[ "$magic" = "41524d64" ] || die "vmlinuz-$release is not an arm64 Image (magic at 56: $magic)"

# --- modules: resolve dependencies from the modules' own .modinfo sections -------------
# The package has no modules.dep (depmod runs at install time), so read "depends=" and
# "softdep=pre:" from each module's ELF .modinfo section.

cat >"$work/resolve.py" <<'EOF'
import os, struct, sys

moddir, roots = sys.argv[1], sys.argv[2:]

def modinfo(path):
    with open(path, "rb") as f:
        d = f.read()
    if d[:4] != b"\x7fELF" or d[4] != 2 or d[5] != 1:
        sys.exit("%s: not a 64-bit little-endian ELF module" % path)
    shoff, = struct.unpack_from("<Q", d, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", d, 0x3A)
    secs = [struct.unpack_from("<IIQQQQIIQQ", d, shoff + i * shentsize) for i in range(shnum)]
    strtab = secs[shstrndx][4]
    info = {}
    for s in secs:
        name = d[strtab + s[0]:d.index(b"\0", strtab + s[0])]
        if name == b".modinfo":
            for item in d[s[4]:s[4] + s[5]].split(b"\0"):
                if b"=" in item:
                    k, v = item.decode("utf-8", "replace").split("=", 1)
                    info.setdefault(k, []).append(v)
    return info

def norm(name):
    return name.replace("-", "_")

paths, builtin, builtin_alias = {}, set(), {}
for line in open(os.path.join(moddir, "modules.builtin")):
    builtin.add(norm(os.path.basename(line.strip()).split(".ko")[0]))
try:
    with open(os.path.join(moddir, "modules.builtin.modinfo"), "rb") as f:
        for item in f.read().split(b"\0"):
            key, _, value = item.decode("utf-8", "replace").partition("=")
            if key.endswith(".alias"):
                builtin_alias.setdefault(value, norm(key[:-len(".alias")]))
except FileNotFoundError:
    pass
for dirpath, _, files in os.walk(os.path.join(moddir, "kernel")):
    for f in files:
        if f.endswith(".ko"):
            paths[norm(f[:-3])] = os.path.join(dirpath, f)
        elif ".ko." in f:
            sys.exit("%s is compressed: busybox insmod cannot load it" % f)

# Soft dependencies name an alias (crypto-crc32c): look for it where such providers live.
alias_dirs = ("kernel/crypto", "kernel/arch/arm64/crypto", "kernel/lib")
aliases = None
def by_alias(alias):
    global aliases
    if aliases is None:
        aliases = {}
        for name, p in sorted(paths.items()):
            if os.path.relpath(p, moddir).startswith(alias_dirs):
                for a in modinfo(p).get("alias", []):
                    aliases.setdefault(a, name)
    return aliases.get(alias)

order, seen = [], set()
def visit(name, why):
    name = norm(name)
    if name in seen:
        return
    seen.add(name)
    if name in builtin:
        print("build_rootfs: %s is built into the kernel (%s)" % (name, why), file=sys.stderr)
        return
    if name not in paths:
        sys.exit("module %s (%s) is neither in modules.builtin nor under %s" % (name, why, moddir))
    info = modinfo(paths[name])
    for soft in info.get("softdep", []):
        words = soft.split()
        pre = words[words.index("pre:") + 1:] if "pre:" in words else []
        pre = pre[:next((i for i, w in enumerate(pre) if w.endswith(":")), len(pre))]
        for alias in pre:
            if norm(alias) in paths or norm(alias) in builtin:
                provider = norm(alias)
            else:
                provider = builtin_alias.get(alias) or by_alias(alias)
            if provider is None:
                sys.exit("%s wants %s first, and no module provides it" % (name, alias))
            visit(provider, "soft dependency of " + name)
    for dep in ",".join(info.get("depends", [])).split(","):
        if dep:
            visit(dep, "needed by " + name)
    order.append(name)

for r in roots:
    visit(r, "asked for")
for name in order:
    print(name, os.path.relpath(paths[name], moddir))
EOF
"$PYTHON" "$work/resolve.py" "$moddir" "${ROOT_MODULES[@]}" >"$work/modules.list" ||
	die "cannot resolve the modules ${ROOT_MODULES[*]} in $release"
"$PYTHON" "$work/resolve.py" "$moddir" "${ZONE_MODULES[@]}" >"$work/zone-modules.list" ||
	die "cannot resolve the modules ${ZONE_MODULES[*]} in $release"

# --- initramfs tree ------------------------------------------------------------------

# An initramfs tree: busybox, the folders /init mounts on, and the modules of a list
# (from resolve.py) with their load order.
base_tree() { # folder modules-list
	local t="$1" name rel
	mkdir -p "$t"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,etc,lib/modules/"$release"}
	chmod 1777 "$t/tmp"
	chmod 700 "$t/root"
	install -m 755 "$work/busybox/bin/busybox" "$t/bin/busybox"
	ln -s busybox "$t/bin/sh"
	: >"$t/lib/modules/$release/load-order"
	while read -r name rel; do
		install -m 644 "$moddir/$rel" "$t/lib/modules/$release/$name.ko"
		echo "$name" >>"$t/lib/modules/$release/load-order"
	done <"$2"
}

root="$work/root"
base_tree "$root" "$work/modules.list"

cat >"$root/etc/profile" <<'EOF'
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
export HOME=/root
export PS1='zone0:\w# '
EOF

cat >"$root/init" <<'EOF'
#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# hvisor-c root zone init (written by scripts/build_rootfs.sh).
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /tmp
mount -t devpts devpts /dev/pts
hostname zone0
# Modules in dependency order; those built into the kernel are not in the list.
moddir=/lib/modules/$(uname -r)
for m in $(cat "$moddir/load-order" 2>/dev/null); do
	insmod "$moddir/$m.ko" || echo "init: insmod $m failed"
done
echo "hvisor-c rootfs ready"
# A session with the console as controlling terminal (cttyhack finds ttyAMA0), so that
# job control and Ctrl-C work; a new shell starts when one exits (init must not exit).
while :; do
	setsid cttyhack sh -l
	echo "init: shell exited, starting a new one"
done
EOF
chmod 755 "$root/init"

"$PYTHON" "$MKCPIO" --gzip --node /dev/console:c:5:1:600 -o "$work/initramfs.cpio.gz" "$root" ||
	die "mkcpio.py failed"

# --- a non-root zone's initramfs (zone1 on QEMU) --------------------------------------
# The same busybox and kernel; its console is hvc0, which exists only once virtio_console
# is loaded, so /init loads the modules first, then runs the shell there. The zone's
# name comes from the kernel command line (zone=zone1: the kernel hands unknown
# parameters to init as environment variables).

zroot="$work/zroot"
base_tree "$zroot" "$work/zone-modules.list"

cat >"$zroot/etc/profile" <<'EOF'
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
export HOME=/root
export PS1="${zone:-zone}:\w# "
EOF

cat >"$zroot/init" <<'EOF'
#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# hvisor-c non-root zone init (written by scripts/build_rootfs.sh), in the zone's
# initramfs and, the same file, on its disk (zone-disk.ext4, marked by /etc/hvc-zone-disk).
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
export zone="${zone:-zone}"
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /tmp
mount -t devpts devpts /dev/pts
hostname "$zone"
moddir=/lib/modules/$(uname -r)
for m in $(cat "$moddir/load-order" 2>/dev/null); do
	insmod "$moddir/$m.ko" || echo "init: insmod $m failed" >/dev/kmsg
done
wait_for() { # path, tenths of a second
	i=0
	while [ ! -e "$1" ] && [ $i -lt "$2" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -e "$1" ]
}
# root=<device> on the command line: that disk becomes / (the kernel leaves root= to an
# initramfs). The disk's own copy of this script finds /etc/hvc-zone-disk and stays.
root=$(sed -n 's/.*\<root=\([^ ]*\).*/\1/p' /proc/cmdline)
if [ -n "$root" ] && [ ! -e /etc/hvc-zone-disk ]; then
	if wait_for "$root" 100 && mkdir -p /newroot && mount -t ext4 "$root" /newroot; then
		umount /dev/pts /dev /sys /proc
		exec switch_root /newroot /init
	fi
	echo "init: cannot mount root=$root (is the zone's virtio-blk device served?)" >/dev/kmsg
fi
wait_for /dev/hvc0 100 ||
	echo "init: no /dev/hvc0: is the zone's virtio console in its DT?" >/dev/kmsg
where=initramfs
[ -e /etc/hvc-zone-disk ] && where="$root"
echo "hvisor-c $zone rootfs ready ($where)" >/dev/hvc0
# A session whose controlling terminal is hvc0 (job control, Ctrl-C); init never exits.
while :; do
	setsid sh -c 'exec sh -l <>/dev/hvc0 >&0 2>&1'
	echo "init: shell exited, starting a new one" >/dev/hvc0
done
EOF
chmod 755 "$zroot/init"

"$PYTHON" "$MKCPIO" --gzip --node /dev/console:c:5:1:600 -o "$work/initramfs-zone.cpio.gz" "$zroot" ||
	die "mkcpio.py failed (zone initramfs)"

# --- zone1's disk: the same busybox and /init, no modules (the initramfs loaded them) ---

zdisk="$work/zdisk"
mkdir -p "$zdisk"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,etc,mnt}
chmod 1777 "$zdisk/tmp"
install -m 755 "$work/busybox/bin/busybox" "$zdisk/bin/busybox"
ln -s busybox "$zdisk/bin/sh"
install -m 755 "$zroot/init" "$zdisk/init"
install -m 644 "$zroot/etc/profile" "$zdisk/etc/profile"
echo "zone-disk.ext4 of scripts/build_rootfs.sh" >"$zdisk/etc/hvc-zone-disk"
truncate -s "${ZONE_DISK_MB}M" "$work/zone-disk.ext4"
mkfs.ext4 -q -F -L zone-root -E root_owner=0:0 -d "$zdisk" "$work/zone-disk.ext4" ||
	die "mkfs.ext4 -d $zdisk failed"

# --- publish: replace the cache in one step so an interrupted run never looks current ----

mkdir -p "$work/out"
mv "$work/Image" "$work/initramfs.cpio.gz" "$work/initramfs-zone.cpio.gz" "$work/zone-disk.ext4" \
	"$work/out/"
echo "$kver" >"$work/out/VERSION"
echo "$release" >"$work/out/RELEASE"
echo "$stamp" >"$work/out/STAMP"
rm -rf "$OUT"
mv "$work/out" "$OUT"

echo "build_rootfs: kernel $release ($kpkg $kver), modules: $(cut -d' ' -f1 "$work/modules.list" | tr '\n' ' ')"
echo "build_rootfs: $OUT/Image ($(stat -c %s "$OUT/Image") bytes)"
echo "build_rootfs: $OUT/initramfs.cpio.gz ($(stat -c %s "$OUT/initramfs.cpio.gz") bytes)"
echo "build_rootfs: $OUT/initramfs-zone.cpio.gz ($(stat -c %s "$OUT/initramfs-zone.cpio.gz") bytes), modules: $(cut -d' ' -f1 "$work/zone-modules.list" | tr '\n' ' ')"
