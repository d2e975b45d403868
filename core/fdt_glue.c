// SPDX-License-Identifier: GPL-2.0
/*
 * What Debian's libfdt.a expects from its C library besides the string functions: it is
 * built with -fstack-protector, so it needs a guard value and a failure hook.
 */
#include "panic.h"

unsigned long __stack_chk_guard = 0x5a17c0de5a17c0deUL;

void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
	panic("stack protector: libfdt's stack was overwritten");
}
