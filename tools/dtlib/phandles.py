# SPDX-License-Identifier: GPL-2.0
"""Which properties of a node point at other nodes, and how many argument cells follow.

dt-trim keeps every node a kept node references, transitively; this table is how it
knows where the phandles are in a property. A property not listed here is still taken
as a reference when its only cell is the phandle of a syscon and its name is a vendor's
(rockchip,grf = <&grf>) or says syscon: a generic number such as i-cache-line-size = <64>
may equal a syscon's phandle by chance (it did on rk3588, keeping a QoS block in zone1).
"""

from .devtree import u32s

# property -> the #cells property of the referenced node that gives the argument count
CELLS = {
    "clocks": "#clock-cells",
    "assigned-clocks": "#clock-cells",
    "assigned-clock-parents": "#clock-cells",
    "resets": "#reset-cells",
    "power-domains": "#power-domain-cells",
    "phys": "#phy-cells",
    "dmas": "#dma-cells",
    "iommus": "#iommu-cells",
    "interrupts-extended": "#interrupt-cells",
    "mboxes": "#mbox-cells",
    "io-channels": "#io-channel-cells",
    "pwms": "#pwm-cells",
    "thermal-sensors": "#thermal-sensor-cells",
    "msi-parent": "#msi-cells",
    "gpios": "#gpio-cells",
    "gpio": "#gpio-cells",
}

# properties that are lists of bare phandles
PLAIN = (
    "interrupt-parent",
    "memory-region",
    "operating-points-v2",
    "cpu-idle-states",
    "next-level-cache",
    "nvmem-cells",
    "cpu",
    "remote-endpoint",
    "sram",
    "shmem",
)


def _cells_list(node, prop, cells_prop):
    tree = node.tree
    vals = u32s(node.props[prop])
    out, i = [], 0
    while i < len(vals):
        target = tree.by_phandle.get(vals[i])
        if target is None:
            if vals[i] == 0:  # a 0 phandle is an empty slot (gpios = <0>, <&gpio 1 0>)
                i += 1
                continue
            break
        out.append((prop, target))
        i += 1 + (target.u32(cells_prop, 0) or 0)
    return out


def references(node):
    """[(property, target node)] for every phandle node's properties hold."""
    tree = node.tree
    out = []
    for prop, value in node.props.items():
        if len(value) % 4:
            continue
        if prop in CELLS:
            out.extend(_cells_list(node, prop, CELLS[prop]))
        elif prop.endswith("-gpios") or prop.endswith("-gpio"):
            out.extend(_cells_list(node, prop, "#gpio-cells"))
        elif prop in PLAIN or prop.startswith("pinctrl-") and prop[8:].isdigit():
            for ph in u32s(value):
                if ph in tree.by_phandle:
                    out.append((prop, tree.by_phandle[ph]))
        elif prop.endswith("-supply") and len(value) == 4:
            ph = u32s(value)[0]
            if ph in tree.by_phandle:
                out.append((prop, tree.by_phandle[ph]))
        elif prop == "rockchip,pins":
            # <bank pin function &pin-config> per pin.
            vals = u32s(value)
            for i in range(3, len(vals), 4):
                if vals[i] in tree.by_phandle:
                    out.append((prop, tree.by_phandle[vals[i]]))
        elif len(value) == 4 and ("," in prop or "syscon" in prop) and prop != "linux,phandle":
            target = tree.by_phandle.get(u32s(value)[0])
            if target is not None and "syscon" in target.compatible:
                out.append((prop, target))
    return out
