/*
 * Spinlocks. On one CPU a spinlock's whole job is to keep interrupt handlers
 * (and therefore preemption) out of the critical section, so spin_lock()
 * disables interrupts and remembers the previous state in the lock itself;
 * the `locked` word is what an SMP version would spin on, and here it lets
 * us catch a recursive acquisition, which on one CPU is a certain deadlock.
 * Locks nest; release in the reverse order.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include "kernel/types.h"
#include "kernel/panic.h"
#include "arch/x86/arch.h"

typedef struct spinlock {
	volatile int locked;
	unsigned long saved_flags;
	const char *name;
} spinlock_t;

#define SPINLOCK_INIT(n) { 0, 0, n }
#define DEFINE_SPINLOCK(x) spinlock_t x = SPINLOCK_INIT(#x)

static inline void spin_lock_init(spinlock_t *l, const char *name)
{
	l->locked = 0;
	l->saved_flags = 0;
	l->name = name;
}

static inline void spin_lock(spinlock_t *l)
{
	unsigned long flags = arch_irq_save();

	if (unlikely(l->locked))
		panic("spinlock %s: recursive lock", l->name ? l->name : "?");
	l->locked = 1;
	l->saved_flags = flags;
}

static inline void spin_unlock(spinlock_t *l)
{
	unsigned long flags = l->saved_flags;

	if (unlikely(!l->locked))
		panic("spinlock %s: unlock of an unlocked lock", l->name ? l->name : "?");
	l->locked = 0;
	arch_irq_restore(flags);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
	return l->locked;
}

#endif
