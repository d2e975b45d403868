// SPDX-License-Identifier: GPL-2.0
/* panic(): report a hypervisor bug and stop this CPU. */
#include <stdarg.h>
#include "arch_hooks.h"
#include "log.h"
#include "panic.h"
#include "printf.h"

void panic(const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	hv_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_err("PANIC (hypervisor bug): %s", msg);
	cpu_halt();
}
