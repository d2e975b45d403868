# SPDX-License-Identifier: GPL-2.0
"""The porting guide's device tree trimming, as rules.

zone0 keeps these node classes: memory, reserved-memory, cpus, psci, timer, pmu, the
interrupt controller (without its ITS unless asked), clock controllers and fixed clocks,
pinctrl, the console serial (and what drives it, like Rockchip's fiq-debugger), the chosen
MMC, firmware and chosen; then every node a kept node references by phandle (clocks,
resets, power domains, pinctrl, interrupt parents, syscons, supplies, GPIOs, ...), and
every ancestor of a kept node, transitively. Nothing else stays.

zone1 (the guide's step 8) keeps memory, reserved-memory, cpus, psci, pmu, the
architected timer, the interrupt controller, firmware and chosen, and nothing that needs a
clock controller: such a node is dropped and references to it are cut.

Each kept node records why it stayed; Trim.report() prints that list.
"""

from . import phandles
from .devtree import ITS_COMPATIBLE, Node, cells_to_int

ARCH_TIMER = ("arm,armv8-timer", "arm,armv7-timer")
FIXED_CLOCKS = ("fixed-clock", "fixed-factor-clock")
CLOCK_PROPS = ("clocks", "assigned-clocks", "assigned-clock-parents")
# Nodes the tools never carry over: overlay bookkeeping of dtc -@.
NEVER = ("__symbols__", "__fixups__", "__local_fixups__")


def is_clock_controller(n):
    """A memory-mapped clock provider that is not a fixed clock (a CRU, a CCM, ...)."""
    if not n.has("#clock-cells") or n.is_compatible(*FIXED_CLOCKS):
        return False
    text = " ".join(n.compatible) + " " + n.basename
    return n.memory_mapped() and any(k in text for k in ("clock", "cru", "ccm", "clk"))


def is_pinctrl(n):
    text = " ".join(n.compatible) + " " + n.basename
    return n.basename == "pinctrl" or "pinctrl" in text or "iomuxc" in text


def is_pmu(n):
    return any(c.startswith("arm,") and "pmu" in c for c in n.compatible)


def is_its(n):
    return n.is_compatible(*ITS_COMPATIBLE) or (n.has("msi-controller") and n.parent is not None and n.parent.is_gic())


class Trim:
    def __init__(self, tree, zone1=False, console=None, mmc=(), keep=(), drop=(), keep_its=False):
        self.tree = tree
        self.zone1 = zone1
        self.console = console
        self.mmc = list(mmc)
        self.extra_keep = list(keep)
        self.drop = set()
        for d in drop:
            self.drop.update(d.walk())
        self.keep_its = keep_its
        self.why = {}  # node -> [reasons]
        self.cut = []  # (node, property, target, reason)
        self.notes = []  # what the user should know

    # -- the classes ----------------------------------------------------------------------

    def seed_reason(self, n):
        t = self.tree
        if n.parent is None:
            return "the root"
        if n.name in NEVER:
            return None
        top = n.parent is t.root
        if top and n.name == "chosen":
            return "chosen (boot arguments, console)"
        if top and n.name == "aliases":
            return "aliases (entries for removed nodes are dropped)"
        if top and n.string("device_type") == "memory":
            return "memory"
        if top and n.basename == "reserved-memory":
            return "reserved-memory"
        if top and n.name == "cpus":
            return "cpus"
        if top and n.basename == "firmware":
            return "firmware"
        if not n.enabled:
            return None
        if any(c.startswith("arm,psci") for c in n.compatible):
            return "psci"
        if n.is_compatible(*ARCH_TIMER):
            return "the architected timer"
        if is_pmu(n):
            return "pmu"
        if n.is_gic():
            return "the interrupt controller"
        if self.zone1:
            return None
        if n.basename == "timer" and n.memory_mapped():
            return "a SoC timer (the guide keeps every timer)"
        if n.is_compatible(*FIXED_CLOCKS) and top:
            return "a fixed clock"
        if is_clock_controller(n):
            return "a clock controller"
        if is_pinctrl(n) and (top or (n.parent and n.parent.has("ranges"))):
            return "pinctrl"
        if (
            n.has("interrupt-controller")
            and not n.has("gpio-controller")
            and n.memory_mapped()
            and (top or n.parent.is_compatible("simple-bus"))
        ):
            return "an interrupt controller"
        return None

    def console_users(self):
        """Nodes that drive the console UART without a phandle (Rockchip's fiq-debugger
        names it by serial-id)."""
        out = []
        if self.console is None:
            return out
        aliases = self.tree.root.child("aliases")
        index = None
        if aliases is not None:
            for name in aliases.props:
                if name.startswith("serial") and self.tree.find(name) is self.console:
                    index = int(name[6:]) if name[6:].isdigit() else None
        for n in self.tree.nodes():
            if n.enabled and any("fiq-debugger" in c for c in n.compatible):
                if index is not None and n.u32("rockchip,serial-id") == index:
                    out.append(n)
        return out

    # -- zone1: what needs a clock controller -----------------------------------------

    def forbidden(self, n):
        """zone1 never keeps a clock controller, a node whose clocks come from one, nor
        anything below such a node."""
        if not self.zone1:
            return False
        structural = n.parent is None or n.name in ("cpus", "chosen", "aliases") or (
            n.parent is not None and n.parent.name == "cpus"
        )
        while n is not None:
            if is_clock_controller(n):
                return True
            if not structural:
                for prop, target in phandles.references(n):
                    if prop in CLOCK_PROPS and is_clock_controller(target):
                        return True
            n = n.parent
            structural = False
        return False

    # -- the walk ----------------------------------------------------------------------

    def _keep(self, n, why, queue):
        first = n not in self.why
        if not first and why.startswith("parent of"):
            return  # already kept for a better reason: one ancestor note is enough
        self.why.setdefault(n, [])
        if why not in self.why[n]:
            self.why[n].append(why)
        if first:
            queue.append(n)

    def refused(self, n):
        if n in self.drop or n.name in NEVER:
            return "dropped on the command line (--drop)" if n in self.drop else "dtc bookkeeping"
        if not self.keep_its and is_its(n):
            return "the ITS (the guide comments it out; --keep-its keeps it for PCIe MSIs)"
        if self.forbidden(n):
            return "it needs a clock controller, which zone1 does not have"
        return None

    def run(self):
        queue = []
        subtree_seeds = []
        for n in self.tree.nodes():
            reason = self.seed_reason(n)
            if reason and not self.refused(n):
                self._keep(n, reason, queue)
                if reason in ("cpus", "reserved-memory", "firmware", "pinctrl", "the interrupt controller"):
                    subtree_seeds.append((n, reason))
        if not self.zone1:
            if self.console is not None:
                self._keep(self.console, "the console serial", queue)
                if not self.console.enabled:
                    self.notes.append(
                        "%s is the console but has status = \"%s\": the firmware uses it "
                        "(kept, and left as the DT has it)" % (self.console.path, self.console.string("status"))
                    )
                for u in self.console_users():
                    self._keep(u, "drives the console %s" % self.console.path, queue)
            for m in self.mmc:
                self._keep(m, "the chosen MMC", queue)
        for n in self.extra_keep:
            self._keep(n, "asked for (--keep)", queue)
        for top, reason in subtree_seeds:
            for n in top.walk():
                if n is not top and not self.refused(n) and not any(a in self.drop for a in self._ancestors(n)):
                    self._keep(n, "inside %s (%s)" % (top.path, reason), queue)

        while queue:
            n = queue.pop(0)
            for a in self._ancestors(n):
                if a.parent is not None:
                    self._keep(a, "parent of %s" % n.path, queue)
            for prop, target in phandles.references(n):
                why = self.refused(target)
                if why is None:
                    for a in self._ancestors(target):
                        why = why or (self.refused(a) and "below %s, which is not kept" % a.path)
                if why:
                    self.cut.append((n, prop, target, why))
                    continue
                self._keep(target, "%s of %s" % (prop, n.path), queue)
        # A cut reference removes the property (a dangling phandle would not compile).
        return self

    @staticmethod
    def _ancestors(n):
        out = []
        p = n.parent
        while p is not None:
            out.append(p)
            p = p.parent
        return out

    # -- the result ---------------------------------------------------------------------

    def kept_tree(self):
        """A copy of the tree with only the kept nodes; cut properties removed."""
        cut_props = {}
        for n, prop, _t, _why in self.cut:
            cut_props.setdefault(n, set()).add(prop)
        kept_paths = {n.path for n in self.why}

        def copy(n, parent):
            c = Node(self.tree, n.name, parent)
            for k, v in n.props.items():
                if k in cut_props.get(n, ()):
                    continue
                c.props[k] = v
            c.origin = n
            for ch in n.children:
                if ch in self.why:
                    c.children.append(copy(ch, c))
            return c

        root = copy(self.tree.root, None)
        aliases = root.child("aliases")
        if aliases is not None:
            for name in list(aliases.props):
                target = aliases.string(name, "")
                if target.startswith("/") and target.split(":")[0] not in kept_paths:
                    del aliases.props[name]
        return root

    def report(self):
        lines = []
        for n in self.tree.nodes():
            if n in self.why:
                lines.append("kept %s: %s" % (n.path, "; ".join(self.why[n])))
        for n, prop, t, why in self.cut:
            lines.append("cut %s %s -> %s: %s" % (n.path, prop, t.path, why))
        for note in self.notes:
            lines.append("note: " + note)
        return lines


# -- edits board-gen and dt-trim --zone1 make on a kept tree ---------------------------


def encode_cells(value, n):
    return [(value >> (32 * (n - 1 - i))) & 0xFFFFFFFF for i in range(n)]


def pack(cells):
    import struct

    return struct.pack(">%dI" % len(cells), *cells)


def set_memory(root, ranges):
    """One memory node holding exactly these (start, size) ranges."""
    for c in list(root.children):
        if c.string("device_type") == "memory":
            root.children.remove(c)
    if not ranges:
        return
    ac, sc = root.address_cells(), root.size_cells()
    m = Node(root.tree, "memory@%x" % ranges[0][0], root)
    m.props["device_type"] = b"memory\0"
    cells = []
    for a, s in ranges:
        cells += encode_cells(a, ac) + encode_cells(s, sc)
    m.props["reg"] = pack(cells)
    # After /chosen (or first), as DTs usually have it.
    idx = next((i + 1 for i, c in enumerate(root.children) if c.name == "chosen"), 0)
    root.children.insert(idx, m)


def keep_cpus(root, mpidrs):
    """Only the cpu nodes whose reg is in mpidrs; cpu-map goes (it names removed CPUs)."""
    cpus = root.child("cpus")
    if cpus is None:
        return
    for c in list(cpus.children):
        if c.name == "cpu-map":
            cpus.children.remove(c)
        elif c.string("device_type") == "cpu" and cells_to_int(c.u32s("reg") or [0]) not in mpidrs:
            cpus.children.remove(c)


def set_chosen(root, bootargs=None, stdout=None):
    chosen = root.child("chosen")
    if chosen is None:
        chosen = Node(root.tree, "chosen", root)
        root.children.insert(0, chosen)
    for k in ("linux,initrd-start", "linux,initrd-end", "kaslr-seed", "rng-seed"):
        chosen.props.pop(k, None)
    if bootargs is not None:
        chosen.props["bootargs"] = bootargs.encode() + b"\0"
    if stdout is not None:
        chosen.props["stdout-path"] = stdout.encode() + b"\0"
    elif "stdout-path" in chosen.props:
        del chosen.props["stdout-path"]
    return chosen


def add_irq_node(root, name, compatible, gic, spi, flags, reg=None):
    """A node with one SPI of gic (None: no interrupt-parent), in as many cells as the
    controller's #interrupt-cells: a 4-cell GICv3 (RK3588) adds the PPI-partition cell, 0."""
    ac, sc = root.address_cells(), root.size_cells()
    n = Node(root.tree, name, root)
    n.props["compatible"] = compatible.encode() + b"\0"
    if reg is not None:
        n.props["reg"] = pack(encode_cells(reg[0], ac) + encode_cells(reg[1], sc))
    if gic is not None and gic.phandle:
        n.props["interrupt-parent"] = pack([gic.phandle])
    ncells = gic.u32("#interrupt-cells", 3) if gic is not None else 3
    n.props["interrupts"] = pack(([0, spi, flags] + [0] * ncells)[:max(ncells, 3)])
    if compatible == "virtio,mmio":
        n.props["dma-coherent"] = b""
    root.children.append(n)
    return n


# -- the two trees of the porting guide, as dt-trim and board-gen make them -------------

WAKEUP_IRQ = 64  # hvisor's IRQ_WAKEUP_VIRTIO_DEVICE: DT <0 0x20 1> on /hvisor_virtio_device
VIRTIO_SLOT = 0x200


def free_spis(tree, n, exclude=(), start=WAKEUP_IRQ):
    """n INTIDs from start up that no node of the full tree uses (enabled or not)."""
    from .facts import used_spis

    used = used_spis(tree) | set(exclude)
    return [i for i in range(start, 1020) if i not in used][:n]


def free_pages(tree, n):
    """n free 64 KiB-aligned addresses below 4 GiB, from the top of the devices down: no
    reg, RAM bank or bus window of the full tree touches them."""
    from .facts import occupied

    def down(v):
        return v & ~0xFFFF

    def up(v):
        return (v + 0xFFFF) & ~0xFFFF

    occ = [(down(a), up(a + s)) for a, s in occupied(tree)]
    top = max((e for _a, e in occ if e <= 1 << 32), default=1 << 32)
    out, addr = [], down(top - 1)
    while len(out) < n and addr > 0:
        if not any(a < addr + 0x10000 and addr < e for a, e in occ):
            out.append(addr)
        addr -= 0x10000
    return sorted(out)


def zone0(tree, console=None, mmc=(), keep=(), drop=(), keep_its=False, memory=None, cpus=None,
          bootargs=None, stdout=None, wakeup=WAKEUP_IRQ):
    """(Trim, root) of the root zone's tree; memory/cpus/bootargs rewrite those parts
    when given; wakeup adds /hvisor_virtio_device with that INTID (None: not added)."""
    t = Trim(tree, console=console, mmc=mmc, keep=keep, drop=drop, keep_its=keep_its).run()
    root = t.kept_tree()
    if memory is not None:
        set_memory(root, memory)
    if cpus is not None:
        keep_cpus(root, cpus)
    if bootargs is not None or stdout is not None:
        set_chosen(root, bootargs, stdout)
    gic = tree.gic()
    if wakeup is not None and gic is not None:
        add_irq_node(root, "hvisor_virtio_device", "hvisor", gic, wakeup - 32, 1)
    return t, root


def zone1(tree, memory, cpus, exclude_irqs=(), drop=()):
    """(Trim, root, [(kind, address, INTID)]) of the guide's zone1 tree: virtio-mmio blk
    and console at free addresses with free SPIs, console on hvc0."""
    t = Trim(tree, zone1=True, drop=drop).run()
    root = t.kept_tree()
    set_memory(root, memory)
    keep_cpus(root, cpus)
    rm = root.child("reserved-memory")
    if rm is not None:
        root.children.remove(rm)  # the root zone's reservations are not in zone1's RAM
    pages = free_pages(tree, 2)
    spis = free_spis(tree, 2, exclude=exclude_irqs, start=WAKEUP_IRQ + 1)
    virtio = [("blk", pages[0], spis[0]), ("console", pages[1], spis[1])]
    gic = tree.gic()
    for _kind, addr, intid in virtio:
        add_irq_node(root, "virtio_mmio@%x" % addr, "virtio,mmio", gic, intid - 32, 1,
                     (addr, VIRTIO_SLOT))
    set_chosen(root, "earlycon=virtio,mmio,0x%x console=hvc0 root=/dev/vda rootwait rw" % virtio[1][1])
    return t, root, virtio
