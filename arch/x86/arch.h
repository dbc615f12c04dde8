/*
 * The arch hooks: everything generic code (kernel/, mm/, fs/, drivers/) may
 * ask of the CPU, and nothing more. Interrupt flags, halting, the stack and
 * frame pointers, the cycle counter, and the few entry points arch code
 * exports. Page-table bits live in arch/x86/mmu.h, which only mm/'s arch
 * glue includes.
 */
#ifndef ARCH_X86_ARCH_H
#define ARCH_X86_ARCH_H

#include "kernel/types.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PAGE_OFFSET 0xC0000000UL
#define KERNEL_LOAD_PHYS 0x00100000UL

#define __pa(v) ((unsigned long)(v) - PAGE_OFFSET)
#define __va(p) ((void *)((unsigned long)(p) + PAGE_OFFSET))

#define EFLAGS_IF 0x200

static inline unsigned long arch_irq_save(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfl; popl %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

static inline void arch_irq_restore(unsigned long flags)
{
	__asm__ __volatile__("pushl %0; popfl" : : "r"(flags) : "memory", "cc");
}

static inline void arch_irq_enable(void) { __asm__ __volatile__("sti" ::: "memory"); }
static inline void arch_irq_disable(void) { __asm__ __volatile__("cli" ::: "memory"); }

static inline bool arch_irqs_enabled(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfl; popl %0" : "=r"(flags));
	return flags & EFLAGS_IF;
}

/* Enable interrupts and halt atomically: a wakeup IRQ cannot slip in between. */
static inline void arch_idle(void) { __asm__ __volatile__("sti; hlt" ::: "memory"); }
static inline void arch_halt(void) { __asm__ __volatile__("hlt" ::: "memory"); }
static inline void cpu_relax(void) { __asm__ __volatile__("pause" ::: "memory"); }

static inline u64 arch_cycles(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static inline unsigned long arch_frame_pointer(void)
{
	return (unsigned long)__builtin_frame_address(0);
}

/* Boot: arch/x86/setup.c, called first from kernel_main. */
void arch_early_init(void);
/* Enable the timer and external interrupts once the scheduler is ready. */
void arch_start_interrupts(void);

/* Kernel threads: lay out a fresh stack so the first switch enters fn(arg). */
unsigned long arch_thread_init_stack(void *stack_top, void (*fn)(void *), void *arg);
/* Save callee state on the current stack into *prev_sp and resume next_sp. */
void arch_switch_stack(unsigned long *prev_sp, unsigned long next_sp);
/* The kernel stack top the CPU loads on a ring 3 -> ring 0 transition. */
void arch_set_kernel_stack(unsigned long top);

/* Walk saved frame pointers from bp, calling fn on each return address. */
void arch_walk_stack(unsigned long bp, void (*fn)(unsigned long pc, void *data), void *data);

/* CPU features found at boot (arch/x86/cpu.c). */
struct cpu_features {
	bool pse, pge, pae, nx, smep, smap, tsc, apic;
	char vendor[13];
	u32 family, model, stepping;
};
extern struct cpu_features boot_cpu;

/* Fault fixups (the exception table): probe memory that may not be mapped. */
int probe_read_u32(const void *addr, u32 *val);
int probe_write_u32(void *addr, u32 val);

#endif
