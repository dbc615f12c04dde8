/*
 * The double-fault task. Owns a second TSS and its stack: vector 8 is a
 * task gate (arch/x86/idt.c), so a double fault makes the CPU save the
 * running state into the main TSS and start double_fault_entry
 * (arch/x86/entry.S) on a stack that is known to be good. That is what a
 * kernel stack overflow turns into: the task runs into the unmapped guard
 * page under its stack (mm/kstack.c), the page fault cannot push its
 * frame there, and the CPU raises #DF; without a stack of its own that
 * would be a triple fault and a reset, with nothing on the console.
 *
 * double_fault() prints `kernel stack overflow in task NAME (pid N)` (when
 * the fault address or esp is in the current task's guard page), the oops
 * and the backtrace of the overflowed stack, then rewrites the saved state
 * so that the iret back resumes the task at stack_overflow_resume(), at the
 * top of its own stack (nothing below it is used again), with interrupts
 * off. That function panics, which inside a self-test fails only that test
 * (kernel/ktest.c) and otherwise stops the machine. A double fault with no
 * task stack to go on with (early boot, before the idle task moves to its
 * guarded stack) halts the machine after the report.
 *
 * One CPU; runs with interrupts off, never sleeps, touches no lock.
 */
#include "arch/x86/arch.h"
#include "arch/x86/mmu.h"
#include "arch/x86/segment.h"
#include "arch/x86/traps.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "mm/kstack.h"
#include "mm/vm.h"

#define DF_STACK_SIZE 8192

static struct tss df_tss;
static u8 df_stack[DF_STACK_SIZE] __aligned(16);
static bool last_was_overflow;
unsigned long double_fault_count;

extern void double_fault_entry(void);

void doublefault_init(void)
{
	memset(&df_tss, 0, sizeof(df_tss));
	df_tss.esp = df_tss.esp0 = (u32)(df_stack + DF_STACK_SIZE);
	df_tss.ss = df_tss.ss0 = KERNEL_DS;
	df_tss.cs = KERNEL_CS;
	df_tss.ds = df_tss.es = KERNEL_DS;
	df_tss.eflags = 0x2; /* interrupts off */
	df_tss.eip = (u32)double_fault_entry;
	df_tss.cr3 = __pa(swapper_pg_dir); /* the kernel half is the same in every pgd */
	df_tss.iomap_base = sizeof(df_tss);
	gdt_set_tss(GDT_DF_TSS, &df_tss);
}

static unsigned long read_cr2_now(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%cr2, %0" : "=r"(v));
	return v;
}

/* Where the interrupted task goes on: on top of its own stack, in a panic. */
static void __noreturn stack_overflow_resume(void)
{
	__asm__ __volatile__("clts"); /* the task switches set CR0.TS */
	reload_active_mm();           /* CR3 came back as the kernel's pgd */
	if (last_was_overflow)
		panic("kernel stack overflow in task %s (pid %d)", current->name, current->pid);
	panic("double fault in task %s (pid %d)", current->name, current->pid);
}

void double_fault(void)
{
	struct tss *t = arch_main_tss();
	struct task *cur = current;
	unsigned long cr2 = read_cr2_now();
	void *stack = cur ? cur->stack : NULL;

	double_fault_count++;
	printk_enter_panic_mode();
	last_was_overflow = kstack_guard_hit(stack, cr2) || kstack_guard_hit(stack, t->esp);
	if (last_was_overflow)
		printk(KERN_EMERG "kernel stack overflow in task %s (pid %d): esp %08x, stack "
		       "%08lx-%08lx, fault at %08lx in the guard page below it\n", cur->name,
		       cur->pid, t->esp, (unsigned long)stack, (unsigned long)stack + KSTACK_SIZE,
		       cr2);
	printk(KERN_EMERG "Oops: double fault (vector 8), on the double-fault task's stack\n");
	printk(KERN_EMERG "EIP: %04x:%08x %pS EFLAGS: %08x\n", t->cs, t->eip, (void *)t->eip,
	       t->eflags);
	printk(KERN_EMERG "EAX: %08x EBX: %08x ECX: %08x EDX: %08x\n", t->eax, t->ebx, t->ecx,
	       t->edx);
	printk(KERN_EMERG "ESI: %08x EDI: %08x EBP: %08x ESP: %08x CR2: %08lx\n", t->esi, t->edi,
	       t->ebp, t->esp, cr2);
	print_backtrace(t->ebp);
	printk_leave_panic_mode();
	if (!stack) {
		printk(KERN_EMERG "no task stack to go on with (%s): halting\n",
		       cur ? cur->name : "boot");
		emulator_exit(3);
	}
	/* Back in the task, iret lands here, with a clean stack and a clean state. */
	t->eip = (u32)stack_overflow_resume;
	t->esp = (u32)stack + KSTACK_SIZE - 16;
	t->ebp = 0;
	t->eflags = 0x2;
	t->cs = KERNEL_CS;
	t->ss = t->ds = t->es = KERNEL_DS;
	t->fs = t->gs = 0;
	t->cr3 = __pa(swapper_pg_dir); /* the CPU loads it and never saved the old one */
}
