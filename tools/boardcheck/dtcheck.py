#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The build's DT cross-check: board.c against the board's image/dts/zone0.dts.

    dtcheck.py --boardcheck build/<board>/boardcheck --dtb build/<board>/dts/zone0.dtb \\
               --dts platform/aarch64/<board>/image/dts/zone0.dts --board-c .../board.c

board.c is read through `boardcheck --json` (the same compiled data the hypervisor
runs with); zone0.dtb through libfdt (tools/dtlib). They must agree on what both say:
  - every cpu node's reg is in board.c's mpidr table (a linear 0,1,2,3 table on a board
    whose cores put their number in Aff1 is the classic mistake);
  - the console: the node at uart.base exists, and its reg-shift/reg-io-width match;
  - the GIC: GICD, the GICR ranges and every ITS the DT describes;
  - every enabled node's reg lies in a root zone region (or is the GIC, emulated);
  - every enabled node's SPI is in the root zone's IRQs (a DT SPI n is INTID 32 + n);
  - /memory equals the root zone's RAM regions.
Each error names both places and what to change; any error exits 1 and fails the build.
"""

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from dtlib import devtree, facts, trim  # noqa: E402

PAGE = 0x1000
RAM, IO, VIRTIO = 0, 1, 2


def hexa(v):
    return "0x%x" % v


def merge(ranges):
    out = []
    for a, s in sorted(ranges):
        if out and a <= out[-1][0] + out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][0] + out[-1][1], a + s) - out[-1][0])
        else:
            out.append((a, s))
    return out


class Check:
    def __init__(self, board, tree, board_c, dts):
        self.b = board
        self.t = tree
        self.bc = board_c
        self.dts = dts
        self.errors = 0
        self.warnings = 0

    def error(self, msg):
        self.errors += 1
        print("%s: error: %s" % (self.bc, msg))

    def warn(self, msg):
        self.warnings += 1
        print("%s: warning: %s" % (self.bc, msg))

    def node(self, n):
        return "%s node %s" % (self.dts, n.path)

    # ---------------------------------------------------------------------------------

    def cpus(self):
        table = self.b["mpidr"]
        shown = "[%s]" % ", ".join(hexa(m) for m in table)
        dt = facts.cpus(self.t)
        for n, mpidr, _c in dt:
            if mpidr not in table:
                hint = ""
                if mpidr & 0xFF00 and not mpidr & 0xFF:
                    hint = (" (these cores put the core number in Aff1, as Cortex-A55/A76 do: "
                            "copy every cpu node's reg into mpidr[])")
                self.error("%s has reg = %s, which is not in the mpidr table %s%s"
                           % (self.node(n), hexa(mpidr), shown, hint))
        dt_set = {m for _n, m, _c in dt}
        for i, m in enumerate(table):
            if (self.b["root_cpus"] >> i) & 1 and dt and m not in dt_set:
                self.warn("root zone CPU %d (mpidr[%d] = %s) has no cpu node in %s: its Linux will not "
                          "start it" % (i, i, hexa(m), self.dts))

    def console(self):
        u = self.b["uart"]
        node = None
        for n in self.t.nodes():
            if any(a <= u["base"] < a + max(s, 1) for a, s in n.reg()) and n.string("device_type") != "memory":
                node = n
        console, how = facts.find_console(self.t)
        if node is None:
            where = ""
            if console is not None and console.reg():
                where = "; the DT's console (%s) is %s at %s" % (how, console.path, hexa(console.reg()[0][0]))
            self.error("uart.base %s is no node's reg in %s%s: set uart.base to the console's reg"
                       % (hexa(u["base"]), self.dts, where))
            return
        if console is not None and console is not node and console.reg():
            self.error("uart.base %s is %s, but %s names %s (%s) as the console: make them the same UART"
                       % (hexa(u["base"]), node.path, self.dts, console.path, how))
        drv, _have = facts.uart_driver(node)
        if drv == "pl011":
            return
        shift = node.u32("reg-shift", 0)
        width = node.u32("reg-io-width", 1)
        if shift != u["reg_shift"]:
            self.error("uart.reg_shift is %d, %s has reg-shift = <%d>: set uart.reg_shift = %d"
                       % (u["reg_shift"], self.node(node), shift, shift))
        if width != u["reg_width"]:
            self.error("uart.reg_width is %d, %s has reg-io-width = <%d>: set uart.reg_width = %d"
                       % (u["reg_width"], self.node(node), width, width))

    def gic(self):
        g = facts.gic(self.t)
        bg = self.b["gic"]
        if g is None:
            self.error("%s has no GIC node (compatible arm,gic-v3): the root Linux needs one" % self.dts)
            return
        if (g.version or 3) != (bg["version"] or 3):
            self.error("gic.version is %d, %s is a GICv%d" % (bg["version"], self.node(g.node), g.version))
        if g.gicd and g.gicd[0] != bg["gicd"][0]:
            self.error("gic.gicd_base is %s, %s reg[0] (GICD) is %s: use the DT's"
                       % (hexa(bg["gicd"][0]), self.node(g.node), hexa(g.gicd[0])))
        board_gicr = [tuple(bg["gicr"])] + [(r[0], r[1]) for r in self.b["gicr_more"]]
        for i, (a, s) in enumerate(g.gicr):
            if not any(b <= a and a + s <= b + t for b, t in board_gicr):
                self.error("%s redistributor range %d [%s, +%s) is outside gic.gicr_base/gicr_size "
                           "[%s, +%s)%s: use the DT's"
                           % (self.node(g.node), i, hexa(a), hexa(s), hexa(bg["gicr"][0]), hexa(bg["gicr"][1]),
                              " and gicr_more[]" if self.b["gicr_more"] else ""))
        board_its = ([tuple(bg["gits"])] if bg["gits"][1] else []) + [(r[0], r[1]) for r in self.b["its_more"]]
        for a, s, n in g.its:
            if (a, s) not in board_its and not any(b <= a and a + s <= b + t for b, t in board_its):
                self.error("%s (ITS [%s, +%s)) is not gic.gits_base/gits_size%s: describe every ITS the "
                           "DT has" % (self.node(n), hexa(a), hexa(s), " or its_more[]" if self.b["its_more"] else ""))

    def regions(self):
        regs = self.b["regions"]
        g = facts.gic(self.t)
        bg = self.b["gic"]
        emulated = [tuple(bg["gicd"]), tuple(bg["gicr"])] + [(r[0], r[1]) for r in self.b["gicr_more"]]
        said = set()  # one message per node and page: ZynqMP's IPI mailbox has 4 regs in one
        for a, s, n in facts.device_ranges(self.t.root, g.node if g else None):
            if any(r[1] <= a and a + s <= r[1] + r[3] for r in regs):
                continue
            if any(b <= a and a + s <= b + t for b, t in emulated):
                continue
            lo = a & ~(PAGE - 1)
            hi = (a + s + PAGE - 1) & ~(PAGE - 1)
            if (n.path, lo, hi) in said:
                continue
            said.add((n.path, lo, hi))
            self.error('%s reg [%s, +%s) is in no root zone region: add { MEM_TYPE_IO, %s, %s, %s, "%s" } '
                       "to root_regions, or remove the node from %s"
                       % (self.node(n), hexa(a), hexa(s), hexa(lo), hexa(lo), hexa(hi - lo),
                          n.name, os.path.basename(self.dts)))

    def irqs(self):
        have = set(self.b["irqs"])
        dt, _other = facts.spi_irqs(self.t.root)
        for intid in sorted(dt):
            if intid in have:
                continue
            labels = ", ".join(dt[intid])
            if intid - 32 in have and intid - 32 not in dt:
                # Maybe the DT's SPI number written as is; maybe another device's INTID.
                self.error("%s node /%s uses SPI %d = INTID %d, not in root_irqs, which has %d: "
                           "root_irqs hold INTIDs (DT <0 n ...> is INTID 32 + n); if %d was "
                           "meant for this node, write %d"
                           % (self.dts, labels, intid - 32, intid, intid - 32, intid - 32, intid))
            else:
                self.error("%s uses INTID %d (SPI %d), which is not in root_irqs: add %d"
                           % (", ".join("%s node /%s" % (self.dts, x) for x in dt[intid]), intid, intid - 32, intid))

    def specifiers(self):
        """An interrupts property whose length is no multiple of its controller's
        #interrupt-cells is one no reader takes (Linux refuses it), and the IRQ checks
        would not see its interrupts: a 3-cell specifier on RK3588's 4-cell GICv3."""
        for n in self.t.root.walk():
            if n.parent is None or not n.enabled or not n.has("interrupts"):
                continue
            ctrl = n.interrupt_parent()
            if ctrl is None:
                continue
            want = ctrl.u32("#interrupt-cells", 1) or 1
            have = len(n.u32s("interrupts"))
            if have % want:
                self.error("%s interrupts has %d cells, not a multiple of %s's "
                           "#interrupt-cells = <%d>: write each specifier in %d cells"
                           % (self.node(n), have, ctrl.path, want, want))

    def wakeup(self):
        """hvisor.ko takes the virtio wake-up IRQ from zone0's /hvisor_virtio_device; the
        hypervisor raises board.virtio_wakeup_irq (0: hvisor's 64). They must agree, or the
        root's virtio daemon never wakes."""
        n = self.t.root.child("hvisor_virtio_device")
        if n is None or not n.enabled:
            return
        board_irq = self.b.get("virtio_wakeup_irq") or trim.WAKEUP_IRQ
        dt = [i for i, _c in n.gic_intids()[0]]
        if dt and dt != [board_irq]:  # none readable: specifiers() said why
            self.error("%s interrupts give INTID %s but the hypervisor raises %d for the virtio "
                       "daemon (virtio_wakeup_irq%s): set .virtio_wakeup_irq = %s in board.c or "
                       "make the node's SPI %d"
                       % (self.node(n), ", ".join(str(i) for i in dt), board_irq,
                          "" if self.b.get("virtio_wakeup_irq") else " unset: hvisor's default",
                          dt[0], board_irq - 32))

    def memory(self):
        dt = merge(self.t.memory())
        ram = merge([(r[1], r[3]) for r in self.b["regions"] if r[0] == RAM])
        if not dt:
            self.error("%s has no /memory node: give it the root zone's RAM %s"
                       % (self.dts, ", ".join("<%s %s>" % (hexa(a), hexa(s)) for a, s in ram)))
            return
        if dt != ram:
            self.error("%s /memory is %s but the root zone's RAM regions are %s: make /memory reg list "
                       "exactly the RAM regions (the hypervisor and other zones' RAM are not the root's)"
                       % (self.dts, ", ".join("[%s, +%s)" % (hexa(a), hexa(s)) for a, s in dt),
                          ", ".join("[%s, +%s)" % (hexa(a), hexa(s)) for a, s in ram)))

    def run(self):
        self.cpus()
        self.console()
        self.gic()
        self.regions()
        self.specifiers()
        self.irqs()
        self.wakeup()
        self.memory()
        if self.errors:
            print("%s: %d error(s) against %s: no image was built" % (self.bc, self.errors, self.dts))
        return 1 if self.errors else 0


def main(argv=None):
    ap = argparse.ArgumentParser(description="Cross-check board.c against zone0.dts")
    ap.add_argument("--boardcheck", help="the host boardcheck built with board.c (prints --json)")
    ap.add_argument("--board-json", help="boardcheck --json output, instead of --boardcheck")
    ap.add_argument("--dtb", required=True, help="zone0.dtb (or .dts)")
    ap.add_argument("--dts", help="zone0.dts, the name messages use (default: --dtb)")
    ap.add_argument("--board-c", help="board.c, the name messages use")
    args = ap.parse_args(argv)
    if args.board_json:
        with open(args.board_json) as f:
            board = json.load(f)
    elif args.boardcheck:
        r = subprocess.run([args.boardcheck, "--json"], stdout=subprocess.PIPE)
        if r.returncode:
            sys.exit("dtcheck: %s --json failed" % args.boardcheck)
        board = json.loads(r.stdout)
    else:
        ap.error("give --boardcheck or --board-json")
    try:
        tree = devtree.Tree.load(args.dtb)
    except devtree.DtError as e:
        sys.exit("dtcheck: %s" % e)
    return Check(board, tree, args.board_c or board["file"], args.dts or args.dtb).run()


if __name__ == "__main__":
    sys.exit(main())
