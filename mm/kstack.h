/*
 * Kernel stacks with a guard page (mm/kstack.c): every task's KSTACK_SIZE
 * stack lives in its own slot of the kernel stacks' area (arch/x86/mmu.h),
 * right above a page that is never mapped, so running off the bottom of a
 * stack faults instead of writing over whatever lies below.
 */
#ifndef MM_KSTACK_H
#define MM_KSTACK_H

#include "kernel/types.h"
#include "kernel/sched.h"
#include "arch/x86/arch.h"

/* A new stack (its lowest address), NULL when memory or slots run out. May sleep. */
void *kstack_alloc(void);
/* Unmap and free a stack kstack_alloc gave. Any context; the stack must not be in use. */
void kstack_free(void *stack);
/* Is addr in the guard page under the stack that starts at stack? */
static inline bool kstack_guard_hit(const void *stack, unsigned long addr)
{
	unsigned long base = (unsigned long)stack;

	return stack && addr >= base - PAGE_SIZE && addr < base;
}
/* Stacks in use now, and the most the area holds (for the self-tests). */
unsigned int kstack_in_use(void);
unsigned int kstack_slots(void);

#endif
