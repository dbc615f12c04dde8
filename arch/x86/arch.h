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
#define EFLAGS_AC 0x40000 /* alignment check; under SMAP: user pages open to the kernel */

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
/* Continue in fn on the stack that ends at stack_top; the current one is left for good. */
void arch_run_on_stack(void *stack_top, void (*fn)(void)) __noreturn;
/* The kernel stack top the CPU loads on a ring 3 -> ring 0 transition. */
void arch_set_kernel_stack(unsigned long top);

/*
 * User mode. A process's user registers live in a struct trap_frame at the
 * top of its kernel stack. arch_fork_init_stack lays out a child's stack
 * so that its first switch returns to user mode with the parent's
 * registers and eax = 0; arch_init_user_frame fills a frame for a fresh
 * program (exec); arch_enter_user leaves the kernel through a frame.
 */
struct trap_frame;
unsigned long arch_fork_init_stack(void *stack_top, const struct trap_frame *parent);
void arch_init_user_frame(struct trap_frame *f, unsigned long eip, unsigned long esp);
void arch_enter_user(struct trap_frame *f) __noreturn;

/* Walk saved frame pointers from bp, calling fn on each return address. */
void arch_walk_stack(unsigned long bp, void (*fn)(unsigned long pc, void *data), void *data);

/*
 * The cache line the kernel lays its structures out for, fixed at compile
 * time as Linux's L1_CACHE_BYTES is: 64, as in Debian's 6.1 686 kernel
 * (X86_GENERIC, CONFIG_X86_L1_CACHE_SHIFT=6), the line of every x86 since
 * the Pentium 4 and the Athlon. boot_cpu.clflush_bytes is what the CPU
 * reports (QEMU's default qemu32 reports none, and then says 32, as Linux).
 */
#define L1_CACHE_BYTES 64

/* CPU features found at boot (arch/x86/cpu.c). */
struct cpu_features {
	bool pse, pge, pae, nx, smep, smap, tsc, apic;
	u32 hwcap;                /* cpuid(1).edx: what exec reports as AT_HWCAP */
	u32 ecx1, ext_edx, leaf7_ebx; /* cpuid(1).ecx, (0x80000001).edx, (7).ebx */
	u32 max_leaf;
	char vendor[13];
	char model_name[49];      /* the brand string, leading blanks dropped; "" without one */
	u32 family, model, stepping;
	u32 clflush_bytes, phys_bits, virt_bits;
};
extern struct cpu_features boot_cpu;
/* The feature flags Linux names in /proc/cpuinfo, space-separated; the length. */
int cpu_flags_text(char *buf, int size);

/* Fault fixups (the exception table): probe memory that may not be mapped. */
int probe_read_u32(const void *addr, u32 *val);
int probe_write_u32(void *addr, u32 val);

/*
 * The user's FPU (arch/x86/fpu.c). The kernel itself never touches x87 or
 * SSE registers (-mgeneral-regs-only), so the registers hold the running
 * process's state. arch_fpu_save writes ARCH_FPU_SIZE bytes at a 16-aligned
 * buf without changing the registers; arch_fpu_restore loads them back
 * (an fxsave image when arch_fpu_fxsr, else an fnsave image);
 * arch_fpu_reset gives the state after fninit with the default MXCSR.
 */
#define ARCH_FPU_SIZE 512
#define ARCH_FNSAVE_SIZE 108
void arch_fpu_init(void);
extern bool arch_fpu_fxsr, arch_fpu_sse;
extern u32 arch_mxcsr_mask;
void arch_fpu_save(void *buf);
void arch_fpu_restore(const void *buf);
void arch_fpu_reset(void);

/* The CMOS real-time clock, read once: seconds since 1970-01-01 UTC (arch/x86/rtc.c). */
u32 arch_rtc_read_time(void);

/*
 * Per-task user CPU state across a context switch (arch/x86/tls.c): saves
 * prev's FPU registers, loads next's, and writes next's three TLS
 * descriptors (set_thread_area) into GDT slots 6..8. Called by __schedule.
 */
struct task;
void arch_switch_user_state(struct task *prev, struct task *next);
/* Write three TLS descriptors (lo, hi words) into GDT entries 6..8 (arch/x86/gdt.c). */
void arch_load_tls(const u32 desc[3][2]);
/* set_thread_area on behalf of t (clone's CLONE_SETTLS): 0 or -errno. */
int tls_set_for(struct task *t, const void *u_info);
/* exec: no TLS descriptors any more. */
void tls_reset(struct task *t);
/* True when a selector loaded into a user data segment register would be accepted. */
bool arch_user_selector_ok(struct task *t, u32 sel);

#endif
