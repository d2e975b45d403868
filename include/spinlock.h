/* SPDX-License-Identifier: GPL-2.0 */
/* Ticket spinlocks (fair: CPUs get the lock in the order they asked). */
#ifndef HVC_SPINLOCK_H
#define HVC_SPINLOCK_H

#include "types.h"

typedef struct {
	volatile u16 owner;
	volatile u16 next;
} spinlock_t;

#define SPINLOCK_INIT                                                                              \
	{                                                                                          \
		0, 0                                                                               \
	}

void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);

#endif
