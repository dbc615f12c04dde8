/*
 * The register frame every interrupt, exception and system call builds on
 * the kernel stack (arch/x86/entry.S pushes it; the order is fixed by that
 * code). user_esp and user_ss exist only when the CPU came from ring 3.
 */
#ifndef ARCH_X86_TRAPS_H
#define ARCH_X86_TRAPS_H

#include "kernel/types.h"

struct trap_frame {
	u32 gs, fs, es, ds;
	u32 edi, esi, ebp, esp_at_pusha, ebx, edx, ecx, eax;
	u32 vector, error;
	u32 eip, cs, eflags;
	u32 user_esp, user_ss;
};

/* A 32-bit TSS: the CPU saves a task's registers here when it switches away. */
struct tss {
	u32 prev;
	u32 esp0, ss0, esp1, ss1, esp2, ss2;
	u32 cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
	u32 es, cs, ss, ds, fs, gs, ldt;
	u16 trap, iomap_base;
} __packed;

/* gdt.c: the TSS everything runs on, and a TSS descriptor for another one. */
struct tss *arch_main_tss(void);
void gdt_set_tss(int index, struct tss *t);
/* doublefault.c: the double-fault task (gdt_init calls it). */
void doublefault_init(void);
void double_fault(void); /* entry.S's double_fault_entry calls it */

#define IRQ_BASE 32
#define NR_IRQS 16
#define SYSCALL_VECTOR 0x80

static inline bool frame_from_user(const struct trap_frame *f)
{
	return (f->cs & 3) == 3;
}

typedef void (*irq_handler_t)(unsigned int irq, void *data);
int request_irq(unsigned int irq, irq_handler_t fn, void *data);

void gdt_init(void);
void idt_init(void);
void pic_init(void);
void pic_unmask(unsigned int irq);
void pic_mask(unsigned int irq);
void pic_eoi(unsigned int irq);
bool pic_is_spurious(unsigned int irq);
void pit_init(unsigned int hz);
void cpu_detect(void);
void cpu_print_features(void);
void trap_dispatch(struct trap_frame *f);
void dump_frame(const struct trap_frame *f);

/* Set by mm once it can take page faults; returns 0 when the fault was handled. */
extern int (*page_fault_hook)(struct trap_frame *f, unsigned long addr);
/* System call entry (kernel/ will set it when processes exist). */
extern void (*syscall_hook)(struct trap_frame *f);
/* Last step before any return to ring 3: signal delivery (kernel/signal.c sets it). */
extern void (*user_return_hook)(struct trap_frame *f);
/*
 * A fatal kernel-mode exception, just before the panic: the self-test
 * runner sets it so that a fault inside a test fails only that test (it
 * does not return then). kernel/ktest.c registers it.
 */
extern void (*kernel_fault_hook)(const char *reason);
/* An exception raised by user code (other than a resolved page fault): becomes a signal. */
extern void (*user_exception_hook)(struct trap_frame *f);

#endif
