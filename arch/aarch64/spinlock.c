// SPDX-License-Identifier: GPL-2.0
/* Ticket spinlock on ARMv8.0 exclusives (LSE atomics are not on every target core). */
#include "spinlock.h"
#include "arch/sysreg.h"

void spin_lock(spinlock_t *l)
{
	u32 tmp, fail;
	u16 ticket;

	/* Take a ticket: atomically increment next. */
	__asm__ volatile("1:	ldaxrh	%w0, [%3]\n"
			 "	add	%w1, %w0, #1\n"
			 "	stxrh	%w2, %w1, [%3]\n"
			 "	cbnz	%w2, 1b\n"
			 : "=&r"(ticket), "=&r"(tmp), "=&r"(fail)
			 : "r"(&l->next)
			 : "memory");
	/* Wait for our turn. The unlocker's SEV sets every event register, so a release
	 * between the check and the WFE is not lost. */
	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
		wfe();
}

void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->owner, (u16)(l->owner + 1), __ATOMIC_RELEASE);
	dsb(ish);
	sev();
}
