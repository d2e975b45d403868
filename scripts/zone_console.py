#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Attach the terminal to a zone's console that QEMU serves on a Unix socket.

    zone_console.py build/qemu-gicv3/run/zone1-console.sock     (make zone1-console)

`make run ZONES=zone1` gives zone1's virtio console to QEMU as a socket; run this in a
second terminal to type into zone1's shell. Ctrl-] quits (QEMU and zone1 keep running).
Standard library only.
"""

import os
import select
import socket
import sys
import termios
import tty


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: zone_console.py <socket>")
    path = sys.argv[1]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(path)
    except OSError as e:
        sys.exit("zone_console: cannot connect to %s: %s (is `make run ZONES=zone1` running?)"
                 % (path, e.strerror))
    print("zone_console: connected to %s; Ctrl-] quits" % path, file=sys.stderr)
    fd = sys.stdin.fileno()
    old = termios.tcgetattr(fd) if os.isatty(fd) else None
    if old:
        tty.setraw(fd)
    try:
        while True:
            r, _, _ = select.select([s, fd], [], [])
            if s in r:
                data = s.recv(4096)
                if not data:
                    break
                os.write(sys.stdout.fileno(), data)
            if fd in r:
                data = os.read(fd, 1024)
                if not data or b"\x1d" in data:
                    break
                s.sendall(data)
    finally:
        if old:
            termios.tcsetattr(fd, termios.TCSADRAIN, old)
    return 0


if __name__ == "__main__":
    sys.exit(main())
