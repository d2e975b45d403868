# SPDX-License-Identifier: GPL-2.0
"""Device tree helpers shared by board-gen, dt-trim and the build's DT cross-check."""
