#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write a zone JSON config whose arch_config (the GIC version and addresses) is the
board's: taken from a config in the board's configs/ folder, so a test zone's config
holds no GIC fact of its own and works on every board (GICv2 or GICv3).

usage: zone_config_for_board.py TEMPLATE.json BOARD_CONFIG.json OUT.json
"""
import json
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[-1])
    template, board_config, out = sys.argv[1:]
    with open(template) as f:
        zone = json.load(f)
    with open(board_config) as f:
        board = json.load(f)
    if "arch_config" not in board:
        sys.exit("%s: no arch_config to take the board's GIC from" % board_config)
    # Keep the template's field order, with arch_config where hvisor's configs put it.
    merged = {}
    for k, v in zone.items():
        if k == "pci_config" and "arch_config" not in merged:
            merged["arch_config"] = board["arch_config"]
        merged[k] = v
    merged["arch_config"] = board["arch_config"]
    with open(out, "w") as f:
        json.dump(merged, f, indent=4)
        f.write("\n")


if __name__ == "__main__":
    main()
