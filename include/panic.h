/* SPDX-License-Identifier: GPL-2.0 */
/* panic(): for the hypervisor's own bugs only, never for what a guest or a config does. */
#ifndef HVC_PANIC_H
#define HVC_PANIC_H

void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
