#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write a Linux initramfs: a "newc" cpio archive, optionally gzip-compressed.

    mkcpio.py -o initramfs.cpio.gz [--gzip] [--node PATH:TYPE:MAJOR:MINOR:MODE]... DIR

Everything under DIR goes into the archive (directories, regular files, symlinks) with
its permission bits, owned by root (uid 0, gid 0) whoever runs this, with one fixed
mtime (SOURCE_DATE_EPOCH, default 0) so the same input gives the same bytes.

--node adds a device node that DIR cannot hold without root, e.g.
/dev/console:c:5:1:600 (TYPE c or b, MODE octal). The kernel opens /dev/console before
it runs /init, so an initramfs without it starts init with no stdin/stdout.

Standard library only: no cpio, fakeroot or root needed.
"""

import argparse
import gzip
import io
import os
import stat
import sys

NEWC_MAGIC = b"070701"
TRAILER = "TRAILER!!!"


class CpioWriter:
    """Appends newc entries to a binary stream; inode numbers are handed out in order."""

    def __init__(self, out, mtime):
        self.out = out
        self.mtime = mtime
        self.ino = 0
        self.offset = 0
        self.names = set()

    def _write(self, data):
        self.out.write(data)
        self.offset += len(data)

    def _pad4(self):
        pad = (-self.offset) % 4
        if pad:
            self._write(b"\0" * pad)

    def add(self, name, mode, data=b"", nlink=1, rdev_major=0, rdev_minor=0):
        name = name.strip("/")
        if name != TRAILER:
            if not name:
                raise ValueError("empty path in archive")
            if name in self.names:
                raise ValueError("duplicate path in archive: %s" % name)
            self.names.add(name)
        self.ino += 1
        encoded = name.encode("utf-8") + b"\0"
        fields = (
            self.ino if name != TRAILER else 0,
            mode,
            0,  # uid
            0,  # gid
            nlink,
            self.mtime if name != TRAILER else 0,
            len(data),
            0,  # devmajor: the archive's own filesystem, meaningless here
            0,  # devminor
            rdev_major,
            rdev_minor,
            len(encoded),
            0,  # check: only used by the "070702" crc format
        )
        header = NEWC_MAGIC + b"".join(b"%08X" % f for f in fields)
        self._write(header)
        self._write(encoded)
        self._pad4()
        if data:
            self._write(data)
            self._pad4()

    def add_tree(self, root):
        """Add root's contents, parents before children, in sorted (repeatable) order."""
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames.sort()
            rel_dir = os.path.relpath(dirpath, root)
            entries = sorted(dirnames + filenames)
            for entry in entries:
                path = os.path.join(dirpath, entry)
                name = entry if rel_dir == "." else rel_dir + "/" + entry
                st = os.lstat(path)
                perm = stat.S_IMODE(st.st_mode)
                if stat.S_ISLNK(st.st_mode):
                    target = os.readlink(path).encode("utf-8")
                    self.add(name, stat.S_IFLNK | 0o777, target)
                elif stat.S_ISDIR(st.st_mode):
                    self.add(name, stat.S_IFDIR | perm, nlink=2)
                elif stat.S_ISREG(st.st_mode):
                    with open(path, "rb") as f:
                        self.add(name, stat.S_IFREG | perm, f.read())
                else:
                    raise ValueError(
                        "%s: not a file, directory or symlink (use --node for devices)" % path
                    )
            # os.walk does not descend into symlinked directories (followlinks=False),
            # but it lists them in dirnames: they were added above as symlinks.

    def finish(self):
        self.add(TRAILER, 0)
        # The kernel reads the archive in 512-byte blocks like cpio(1) writes it.
        pad = (-self.offset) % 512
        if pad:
            self._write(b"\0" * pad)


def parse_node(spec):
    parts = spec.split(":")
    if len(parts) != 5 or parts[1] not in ("c", "b"):
        raise argparse.ArgumentTypeError(
            "--node wants PATH:c|b:MAJOR:MINOR:MODE, e.g. /dev/console:c:5:1:600, not %r" % spec
        )
    path, kind, major, minor, mode = parts
    try:
        major, minor, mode = int(major), int(minor), int(mode, 8)
    except ValueError:
        raise argparse.ArgumentTypeError("--node %r: bad number" % spec) from None
    ftype = stat.S_IFCHR if kind == "c" else stat.S_IFBLK
    return path, ftype | (mode & 0o7777), major, minor


def main():
    ap = argparse.ArgumentParser(description="Write a newc cpio archive (Linux initramfs).")
    ap.add_argument("dir", help="folder whose contents become the archive's root")
    ap.add_argument("-o", "--output", required=True, help="archive to write")
    ap.add_argument("--gzip", action="store_true", help="gzip-compress the archive")
    ap.add_argument(
        "--node", action="append", default=[], type=parse_node,
        help="add a device node PATH:c|b:MAJOR:MINOR:MODE (repeatable)",
    )
    args = ap.parse_args()

    if not os.path.isdir(args.dir):
        ap.error("%s is not a folder" % args.dir)
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))

    buf = io.BytesIO()
    w = CpioWriter(buf, mtime)
    try:
        w.add_tree(args.dir)
        for path, mode, major, minor in args.node:
            # The node's parent folder must come first in the archive; DIR must have it.
            parent = os.path.dirname(path.strip("/"))
            if parent and parent not in w.names:
                raise ValueError("--node %s: folder %s is not in %s" % (path, parent, args.dir))
            w.add(path, mode, rdev_major=major, rdev_minor=minor)
        w.finish()
    except (OSError, ValueError) as e:
        print("mkcpio: error: %s" % e, file=sys.stderr)
        return 1

    data = buf.getvalue()
    if args.gzip:
        data = gzip.compress(data, compresslevel=9, mtime=0)
    tmp = args.output + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
