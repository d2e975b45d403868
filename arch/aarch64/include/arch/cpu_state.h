/* SPDX-License-Identifier: GPL-2.0 */
/* Clearing what a zone leaves in a CPU's FP/SIMD and debug registers (cpu_state.S). */
#ifndef ARCH_CPU_STATE_H
#define ARCH_CPU_STATE_H

void fpsimd_clear(void);
void debug_clear(void);

#endif
