# SPDX-License-Identifier: GPL-2.0
"""Board facts read from a device tree: CPUs and MPIDRs, the GIC, the console UART, the
RAM, and the IO regions and interrupts the root zone needs. board-gen writes them into
board.c; the build's cross-check (tools/boardcheck/dtcheck.py) compares them with board.c.
"""

import re

from .devtree import GICV3_COMPATIBLE, ITS_COMPATIBLE

PAGE = 0x1000

# compatible -> (UART_DRIVER of platform.mk, whether drivers/uart/ had it when the table
# was written; board-gen looks for drivers/uart/<driver>.c itself). The first match in the
# node's compatible list wins.
UART_DRIVERS = [
    ("arm,pl011", "pl011", True),
    ("arm,sbsa-uart", "pl011", True),
    ("snps,dw-apb-uart", "ns16550", True),
    ("ns16550a", "ns16550", True),
    ("ns16550", "ns16550", True),
    ("ns8250", "ns16550", True),
    ("ti,am654-uart", "ns16550", True),
    ("nvidia,tegra20-uart", "ns16550", True),
    ("fsl,imx21-uart", "imx", True),
    ("fsl,imx6q-uart", "imx", True),
    ("fsl,imx8mp-uart", "imx", True),
    ("xlnx,xuartps", "xuartps", True),
    ("cdns,uart-r1p12", "xuartps", True),
    ("cdns,uart-r1p8", "xuartps", True),
]

# -mcpu from the cores' compatible (the first core's; big.LITTLE boards tune for the
# little core, which every core can run).
CPU_TUNE = {
    "arm,cortex-a53": "cortex-a53",
    "arm,cortex-a55": "cortex-a55",
    "arm,cortex-a57": "cortex-a57",
    "arm,cortex-a72": "cortex-a72",
    "arm,cortex-a73": "cortex-a73",
    "arm,cortex-a76": "cortex-a76",
    "arm,cortex-a78": "cortex-a78",
    "arm,neoverse-n1": "neoverse-n1",
}
CPU_ORDER = ["cortex-a53", "cortex-a55", "cortex-a57", "cortex-a72", "cortex-a73",
             "cortex-a76", "cortex-a78", "neoverse-n1"]


def cpus(tree):
    """[(node, MPIDR affinity, compatible)] of every cpu node, in DT order."""
    node = tree.root.child("cpus")
    out = []
    if node is None:
        return out
    ac = node.address_cells()
    for c in node.children:
        if c.string("device_type") != "cpu" or not c.has("reg"):
            continue
        cells = c.u32s("reg")[:ac]
        mpidr = 0
        for v in cells:
            mpidr = (mpidr << 32) | v
        out.append((c, mpidr & 0xFF00FFFFFF, c.string("compatible", "")))
    return out


def cpu_tune(cpu_list):
    tunes = [CPU_TUNE.get(compat) for _n, _m, compat in cpu_list]
    known = [t for t in tunes if t]
    if not known:
        return None
    return min(known, key=CPU_ORDER.index)


class Gic:
    def __init__(self, node):
        self.node = node
        self.version = 3 if node.is_compatible(*GICV3_COMPATIBLE) else 2
        regs = node.reg()
        self.gicd = regs[0] if regs else None
        self.gicr = []
        self.gicc = self.gich = self.gicv = None
        if self.version == 3:
            n = node.u32("#redistributor-regions", 1)
            self.gicr = regs[1 : 1 + n]
            rest = regs[1 + n :]
            # GICv3 may also describe the GICv2-compatible GICC/GICH/GICV frames.
            self.gicc, self.gich, self.gicv = (rest + [None] * 3)[:3]
        else:
            self.gicc, self.gich, self.gicv = (regs[1:] + [None] * 3)[:3]
        self.its = []
        for c in node.walk():
            if c is not node and (c.is_compatible(*ITS_COMPATIBLE) or c.has("msi-controller")) and c.enabled:
                self.its.extend((a, s, c) for a, s in c.reg())

    def ranges(self):
        """Every (start, size) the GIC occupies (for the EL2 map and overlap checks)."""
        out = [r for r in [self.gicd] + self.gicr + [self.gicc, self.gich, self.gicv] if r]
        out += [(a, s) for a, s, _n in self.its]
        return out


def gic(tree):
    n = tree.gic()
    return Gic(n) if n is not None else None


def uart_driver(node):
    for compat in node.compatible:
        for c, drv, have in UART_DRIVERS:
            if c == compat:
                return drv, have
    return None, False


EARLYCON = re.compile(r"earlycon=([a-z0-9_]+)(?:,(mmio32be|mmio32|mmio16|mmio|io))?,(0x[0-9a-fA-F]+|[0-9]+)")


def find_console(tree, choice=None):
    """(node, how it was found) of the console UART: --uart (a path, an alias or an
    address), /chosen stdout-path, or the earlycon= address in bootargs."""
    if choice:
        n = tree.find(choice)
        if n is None:
            try:
                addr = int(choice, 0)
            except ValueError:
                return None, "--uart %s names no node or alias" % choice
            n = node_at(tree, addr)
            if n is None:
                return None, "--uart %s: no node has reg at that address" % choice
        return n, "--uart %s" % choice
    n = tree.stdout_node()
    if n is not None:
        return n, "/chosen stdout-path"
    m = EARLYCON.search(tree.bootargs())
    if m:
        n = node_at(tree, int(m.group(3), 0))
        if n is not None:
            return n, "earlycon=%s in /chosen bootargs" % m.group(0)[9:]
    return None, "no /chosen stdout-path and no earlycon=<name>,<address> in bootargs"


def node_at(tree, addr):
    for n in tree.nodes():
        for a, s in n.reg():
            if a <= addr < a + max(s, 1) and n.parent is not None and n.string("device_type") != "memory":
                return n
    return None


def uart_facts(node):
    base = node.reg()[0][0] if node.reg() else None
    shift = node.u32("reg-shift", 0)
    width = node.u32("reg-io-width", 1)
    drv, have = uart_driver(node)
    if drv == "pl011":
        shift, width = 2, 4  # PL011 registers are 32 bits at a 4-byte stride
    return {
        "node": node,
        "base": base,
        "reg_shift": shift,
        "reg_width": width,
        "driver": drv,
        "have_driver": have,
        "clock": node.u32("clock-frequency", 0),
        "baud": node.u32("current-speed", 0),
    }


# -- root-zone IO regions and interrupts ------------------------------------------------

def _skip_for_io(n, gic_node):
    if n.parent is None or not n.enabled:
        return True
    if n.string("device_type") in ("memory", "cpu"):
        return True
    # The GIC's own frames are emulated; an ITS (or GICv2m frame) below it that the tree
    # keeps is passed through like any device.
    if n.is_gic() or n is gic_node or (gic_node is not None and getattr(n, "origin", None) is gic_node):
        return True
    p = n
    while p is not None:
        if p.basename in ("reserved-memory", "cpus") and p.parent is not None and p.parent.parent is None:
            return True
        p = p.parent
    return False


def device_ranges(root, gic_node=None):
    """[(start, size, node)] of every enabled node's reg (CPU addresses), except memory,
    cpus, reserved-memory and the GIC (which the hypervisor emulates)."""
    out = []
    for n in root.walk():
        if _skip_for_io(n, gic_node):
            continue
        for a, s in n.reg():
            if s:
                out.append((a, s, n))
    return out


def label(n):
    return n.path.lstrip("/") or "/"


def page_regions(ranges):
    """Page-aligned, merged [(start, size, [labels])]: one region per run of pages that
    touch or overlap. Sub-page devices become whole pages (the root zone maps them)."""
    items = sorted(
        ((a & ~(PAGE - 1), (a + s + PAGE - 1) & ~(PAGE - 1), lab) for a, s, lab in ranges),
        key=lambda t: (t[0], t[1]),
    )
    out = []
    for lo, hi, lab in items:
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
            if lab not in out[-1][2]:
                out[-1][2].append(lab)
        else:
            out.append([lo, hi, [lab]])
    return [(lo, hi - lo, labs) for lo, hi, labs in out]


def spi_irqs(root):
    """{INTID: [labels]} of every enabled node's interrupts that go to the GIC as SPIs,
    and [(node, controller, cells)] of those that go to another controller."""
    irqs, other = {}, []
    for n in root.walk():
        if n.parent is None or not n.enabled or n.is_gic():
            continue
        gic_list, rest = n.gic_intids()
        for intid, _cells in gic_list:
            if intid >= 32:
                irqs.setdefault(intid, [])
                if label(n) not in irqs[intid]:
                    irqs[intid].append(label(n))
        other.extend((n, c, cells) for c, cells in rest)
    return irqs, other


def used_spis(tree):
    """Every GIC INTID any node of the tree uses, enabled or not, including the INTx
    lines an interrupt-map (PCIe) routes to the GIC."""
    used = set()
    for n in tree.nodes():
        for intid, _c in n.gic_intids()[0]:
            used.add(intid)
        vals = n.u32s("interrupt-map")
        if not vals:
            continue
        child = n.u32("#address-cells", 0) + n.u32("#interrupt-cells", 1)
        i = 0
        while i + child < len(vals):
            ctrl = tree.by_phandle.get(vals[i + child])
            if ctrl is None:
                break
            pa = ctrl.u32("#address-cells", 0)
            pi = ctrl.u32("#interrupt-cells", 1)
            spec = vals[i + child + 1 + pa : i + child + 1 + pa + pi]
            if ctrl.is_gic() and len(spec) >= 2:
                used.add(spec[1] + (32 if spec[0] == 0 else 16))
            i += child + 1 + pa + pi
    return used


def occupied(tree):
    """Every physical range the tree names: reg of all nodes (enabled or not), the RAM,
    and the windows buses forward (ranges)."""
    out = list(tree.memory())
    for n in tree.nodes():
        out.extend(n.reg())
        if n.parent is not None and n.u32s("ranges"):
            rng = n.u32s("ranges")
            cac, pac, csc = n.address_cells(), n.parent.address_cells(), n.size_cells()
            step = cac + pac + csc
            for i in range(0, len(rng) - step + 1, step):
                pbase = 0
                for v in rng[i + cac : i + cac + pac]:
                    pbase = (pbase << 32) | v
                size = 0
                for v in rng[i + cac + pac : i + step]:
                    size = (size << 32) | v
                pa = n.parent.translate(pbase, size)
                if pa is not None and size:
                    out.append((pa, size))
    return sorted(out)
