/* SPDX-License-Identifier: GPL-2.0 */
/* The boot sequence (core/main.c), entered from arch/<arch>/entry.S. */
#ifndef HVC_BOOT_H
#define HVC_BOOT_H

#include "types.h"

/* Primary CPU, MMU still off: console, banner, EL2 map. id is INVALID_CPUID when the
 * CPU is not in the board's table (reported, then the CPU stops). */
void hv_boot_primary(cpuid_t id, paddr_t dtb);
/* Primary CPU, MMU on: checks, root zone, secondaries, barrier; runs the zone. */
void hv_main_primary(cpuid_t id, paddr_t dtb) __attribute__((noreturn));
/* Every other CPU, MMU on. */
void hv_main_secondary(cpuid_t id) __attribute__((noreturn));

#endif
