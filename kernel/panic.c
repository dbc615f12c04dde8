/*
 * panic(), BUG() and backtraces. A panic prints the message and a symbolized
 * backtrace, then, if self-tests are running, lets the test framework record
 * the failure (it never returns into the panicking code), and otherwise
 * stops the machine: under an emulator it exits with a failure status so a
 * test run never hangs on a dead kernel.
 */
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/ktest.h"
#include "arch/x86/arch.h"

static void print_frame(unsigned long pc, void *data)
{
	(void)data;
	/* pc is a return address: name the call instruction, one byte back */
	printk(KERN_EMERG "  [<%08lx>] %pS\n", pc, (void *)(pc - 1));
}

void print_backtrace(unsigned long bp)
{
	printk(KERN_EMERG "Call trace:\n");
	arch_walk_stack(bp, print_frame, NULL);
}

void dump_stack(void)
{
	print_backtrace(arch_frame_pointer());
}

static int panic_depth;

void panic(const char *fmt, ...)
{
	va_list ap;

	arch_irq_disable();
	printk_enter_panic_mode();
	if (panic_depth++) {
		printk(KERN_EMERG "panic while panicking, halting\n");
		emulator_exit(3);
	}
	printk(KERN_EMERG "Kernel panic: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk(KERN_EMERG "\n");
	dump_stack();
	if (ktest_failure_in_test("panic")) {
		panic_depth = 0;
		printk_leave_panic_mode();
		ktest_abort_current(); /* does not return */
	}
	printk(KERN_EMERG "---[ end Kernel panic ]---\n");
	emulator_exit(3);
}

void __bug(const char *file, int line, const char *cond)
{
	if (cond)
		panic("BUG at %s:%d: %s", file, line, cond);
	panic("BUG at %s:%d", file, line);
}

void __warn(const char *file, int line, const char *cond)
{
	printk(KERN_WARNING "WARNING at %s:%d: %s\n", file, line, cond);
	dump_stack();
	ktest_failure_in_test("warning");
}
