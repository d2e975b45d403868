# SPDX-License-Identifier: GPL-2.0
"""A device tree in memory, read through libfdt's own Python binding (python3-libfdt).

board-gen, dt-trim and the build's DT cross-check share this module: libfdt parses the
blob, this module only walks the nodes it returns and interprets the properties the
porting tools need (cells, reg through ranges, interrupts by controller, phandles).
A .dts input is compiled with dtc first, so every tool takes a DTB or a DTS.
"""

import os
import struct
import subprocess
import sys
import tempfile


def _import_libfdt():
    try:
        import libfdt  # noqa: F401

        return libfdt
    except ImportError:
        pass
    # A Python from pyenv or a venv does not see Debian's dist-packages; python3-libfdt's
    # module is built for the system python3 of the same minor version, so try it there.
    dist = "/usr/lib/python3/dist-packages"
    if os.path.isfile(os.path.join(dist, "libfdt.py")) and dist not in sys.path:
        sys.path.append(dist)
        try:
            import libfdt  # noqa: F401

            return libfdt
        except ImportError:
            pass
    sys.exit(
        "libfdt's Python binding is missing: install python3-libfdt "
        "(apt-get install python3-libfdt, or run scripts/setup.sh)"
    )


libfdt = _import_libfdt()

FDT_MAGIC = b"\xd0\x0d\xfe\xed"

# Interrupt controllers whose specifier is <type number flags ...>: type 0 = SPI (INTID
# 32 + number), 1 = PPI (INTID 16 + number). GICv3 may add a fourth cell (PPI partition).
GICV3_COMPATIBLE = ("arm,gic-v3",)
GICV2_COMPATIBLE = (
    "arm,gic-400",
    "arm,cortex-a15-gic",
    "arm,cortex-a9-gic",
    "arm,cortex-a7-gic",
    "arm,arm11mp-gic",
    "arm,gic-v2",
)
ITS_COMPATIBLE = ("arm,gic-v3-its",)


class DtError(Exception):
    """The input is not a device tree the tools can read; the message says why."""


def read_blob(path):
    """The bytes of a DTB; a DTS (anything without the FDT magic) is compiled by dtc."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] == FDT_MAGIC:
        return data
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "in.dtb")
        r = subprocess.run(
            ["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", out, path],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        if r.returncode != 0:
            raise DtError(
                "%s is neither a DTB nor a DTS dtc compiles:\n%s"
                % (path, r.stderr.decode("utf-8", "replace"))
            )
        with open(out, "rb") as f:
            return f.read()


def u32s(value):
    n = len(value) // 4
    return list(struct.unpack(">%dI" % n, bytes(value[: 4 * n])))


def cells_to_int(cells):
    v = 0
    for c in cells:
        v = (v << 32) | c
    return v


def is_strings(value):
    """True for a non-empty list of NUL-terminated printable strings (dtc's own test)."""
    if not value or value[-1] != 0 or value[0] == 0:
        return False
    for part in bytes(value[:-1]).split(b"\0"):
        if not part or any(c < 0x20 or c > 0x7E for c in part):
            return False
    return True


class Node:
    def __init__(self, tree, name, parent):
        self.tree = tree
        self.name = name
        self.parent = parent
        self.props = {}  # name -> bytes, in the blob's order (dicts keep it)
        self.children = []

    # -- identity --------------------------------------------------------------------

    @property
    def path(self):
        if self.parent is None:
            return "/"
        p = self.parent.path
        return (p if p != "/" else "") + "/" + self.name

    @property
    def basename(self):
        return self.name.split("@")[0]

    @property
    def unit(self):
        return self.name.split("@", 1)[1] if "@" in self.name else ""

    def __repr__(self):
        return "<Node %s>" % self.path

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def child(self, name):
        for c in self.children:
            if c.name == name or (c.basename == name and "@" not in name and not c.unit):
                return c
        return None

    # -- properties -------------------------------------------------------------------

    def has(self, name):
        return name in self.props

    def u32s(self, name):
        v = self.props.get(name)
        return None if v is None else u32s(v)

    def u32(self, name, default=None):
        v = self.u32s(name)
        return v[0] if v else default

    def strings(self, name):
        v = self.props.get(name)
        if not v:
            return []
        return [s.decode("utf-8", "replace") for s in bytes(v).rstrip(b"\0").split(b"\0")]

    def string(self, name, default=None):
        s = self.strings(name)
        return s[0] if s else default

    @property
    def compatible(self):
        return self.strings("compatible")

    def is_compatible(self, *compats):
        return any(c in self.compatible for c in compats)

    @property
    def enabled(self):
        return self.string("status", "okay") in ("okay", "ok")

    @property
    def phandle(self):
        return self.u32("phandle") or self.u32("linux,phandle")

    # -- addresses --------------------------------------------------------------------

    def address_cells(self):
        """#address-cells this node gives its children (2 when absent, as the spec says)."""
        return self.u32("#address-cells", 2)

    def size_cells(self):
        return self.u32("#size-cells", 1)

    def reg_raw(self):
        """[(address, size)] in the parent's bus address space."""
        if self.parent is None or not self.has("reg"):
            return []
        ac, sc = self.parent.address_cells(), self.parent.size_cells()
        cells = self.u32s("reg")
        step = ac + sc
        if step == 0:
            return []
        out = []
        for i in range(0, len(cells) - step + 1, step):
            out.append((cells_to_int(cells[i : i + ac]), cells_to_int(cells[i + ac : i + step])))
        return out

    def translate(self, addr, size):
        """A bus address of one of this node's children as a CPU physical address, or None
        when some bus on the way has no ranges (its children are not memory mapped)."""
        node = self
        while node.parent is not None:
            if not node.has("ranges"):
                return None
            rng = node.u32s("ranges")
            if rng:
                cac = node.address_cells()
                pac = node.parent.address_cells()
                csc = node.size_cells()
                step = cac + pac + csc
                for i in range(0, len(rng) - step + 1, step):
                    cbase = cells_to_int(rng[i : i + cac])
                    pbase = cells_to_int(rng[i + cac : i + cac + pac])
                    rsize = cells_to_int(rng[i + cac + pac : i + step])
                    if cbase <= addr and addr + size <= cbase + rsize:
                        addr = pbase + (addr - cbase)
                        break
                else:
                    return None
            node = node.parent
        return addr

    def reg(self):
        """[(physical address, size)] of reg, translated through every bus's ranges;
        entries that do not translate (children of i2c, spi, ...) are left out."""
        if self.parent is None:
            return []
        out = []
        for a, s in self.reg_raw():
            pa = self.parent.translate(a, s)
            if pa is not None:
                out.append((pa, s))
        return out

    def memory_mapped(self):
        """True when reg is a CPU address range (the parent chain has ranges)."""
        return self.parent is not None and self.has("reg") and bool(self.reg())

    # -- interrupts -------------------------------------------------------------------

    def interrupt_parent(self):
        node = self
        while node is not None:
            ph = node.u32("interrupt-parent")
            if ph is not None:
                return self.tree.by_phandle.get(ph)
            node = node.parent
        return None

    def interrupt_specs(self):
        """[(controller node, [cells])] from interrupts and interrupts-extended."""
        out = []
        ext = self.u32s("interrupts-extended")
        if ext:
            i = 0
            while i < len(ext):
                ctrl = self.tree.by_phandle.get(ext[i])
                if ctrl is None:
                    break
                n = ctrl.u32("#interrupt-cells", 1)
                out.append((ctrl, ext[i + 1 : i + 1 + n]))
                i += 1 + n
            return out
        cells = self.u32s("interrupts")
        if cells:
            ctrl = self.interrupt_parent()
            if ctrl is None:
                return out
            n = ctrl.u32("#interrupt-cells", 1) or 1
            for i in range(0, len(cells) - n + 1, n):
                out.append((ctrl, cells[i : i + n]))
        return out

    def is_gic(self):
        return self.has("interrupt-controller") and self.is_compatible(
            *(GICV3_COMPATIBLE + GICV2_COMPATIBLE)
        )

    def gic_intids(self):
        """[(INTID, cells)] of this node's interrupts that go to a GIC directly, and
        [(controller, cells)] of those that go elsewhere (GPIO, PCIe legacy, ...)."""
        gic, other = [], []
        for ctrl, cells in self.interrupt_specs():
            if ctrl.is_gic() and len(cells) >= 2:
                kind, num = cells[0], cells[1]
                if kind == 0:
                    gic.append((32 + num, cells))
                elif kind == 1:
                    gic.append((16 + num, cells))
                else:
                    other.append((ctrl, cells))
            else:
                other.append((ctrl, cells))
        return gic, other


class Tree:
    def __init__(self, blob, source="<dtb>"):
        self.source = source
        self.fdt = libfdt.Fdt(bytes(blob))
        self.root = self._build(0, None, "")
        self.by_phandle = {}
        self.by_path = {}
        for n in self.root.walk():
            self.by_path[n.path] = n
            if n.phandle:
                self.by_phandle[n.phandle] = n
        self.memreserve = []
        for i in range(self.fdt.num_mem_rsv()):
            r = self.fdt.get_mem_rsv(i)
            # The binding returns [err, address, size].
            addr, size = (r[1], r[2]) if isinstance(r, (list, tuple)) and len(r) == 3 else r
            if size:
                self.memreserve.append((addr, size))

    @classmethod
    def load(cls, path):
        return cls(read_blob(path), path)

    def _build(self, offset, parent, name):
        fdt = self.fdt
        node = Node(self, name, parent)
        poff = fdt.first_property_offset(offset, [libfdt.NOTFOUND])
        while poff >= 0:
            prop = fdt.get_property_by_offset(poff)
            node.props[prop.name] = bytes(prop)
            poff = fdt.next_property_offset(poff, [libfdt.NOTFOUND])
        sub = fdt.first_subnode(offset, [libfdt.NOTFOUND])
        while sub >= 0:
            node.children.append(self._build(sub, node, fdt.get_name(sub)))
            sub = fdt.next_subnode(sub, [libfdt.NOTFOUND])
        return node

    def nodes(self):
        return self.root.walk()

    def find(self, path_or_alias):
        """A node by path, or by alias (as stdout-path and earlycon may name it)."""
        path = path_or_alias.split(":")[0]
        if not path.startswith("/"):
            aliases = self.root.child("aliases")
            if aliases is None or not aliases.has(path):
                return None
            path = aliases.string(path)
        return self.by_path.get(path.rstrip("/") or "/")

    def memory(self):
        """[(start, size)] of every enabled /memory node (device_type = "memory")."""
        out = []
        for n in self.root.children:
            if n.string("device_type") == "memory" and n.enabled:
                out.extend(n.reg())
        return sorted(out)

    def gic(self):
        """The root interrupt controller: a GIC node with interrupt-controller, or None."""
        for n in self.nodes():
            if n.is_gic():
                return n
        return None

    def stdout_node(self):
        chosen = self.root.child("chosen")
        if chosen is None:
            return None
        for prop in ("stdout-path", "linux,stdout-path"):
            if chosen.has(prop):
                return self.find(chosen.string(prop))
        return None

    def bootargs(self):
        chosen = self.root.child("chosen")
        return chosen.string("bootargs", "") if chosen is not None else ""

