/*
 * kernel_main: the boot sequence, in the order the pieces depend on each
 * other. CPU tables and the console come first so anything after can
 * report; the boot information must be read before mm_init because it
 * says where RAM is and which parts of it are taken; the scheduler needs
 * the slab; the boot context, which becomes the idle task, then moves from
 * the boot stack to a stack of its own with a guard page (mm/kstack.c) and
 * goes on there; interrupts are enabled last.
 */
#include "boot/multiboot2.h"
#include "arch/x86/arch.h"
#include "arch/x86/traps.h"
#include "drivers/block.h"
#include "drivers/uart.h"
#include "drivers/vga.h"
#include "fs/vfs.h"
#include "kernel/bench.h"
#include "kernel/cmdline.h"
#include "kernel/init.h"
#include "kernel/ktest.h"
#include "kernel/process.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/version.h"
#include "kernel/wait.h"
#include "mm/mm.h"
#include "mm/vm.h"

static void print_banner(void)
{
	pr_info("%s %s (built " __DATE__ " " __TIME__ ")\n", KERNEL_NAME, KERNEL_RELEASE);
	cpu_print_features();
	bootinfo_print();
}

static void apply_early_params(void)
{
	int n = cmdline_parse(boot_info.cmdline);

	if (cmdline_has("quiet"))
		console_loglevel = 5; /* warnings and worse */
	if (n < 0)
		pr_warn("cmdline: more than %d parameters, the rest are ignored\n",
			CMDLINE_MAX_PARAMS);
}

static void ktest_thread(void *arg)
{
	(void)arg;
	ktest_run(cmdline_get("ktest"));
}

static void bench_thread(void *arg)
{
	(void)arg;
	bench_run(cmdline_get("bench"));
	emulator_exit(0);
}

static void start_first_work(void)
{
	if (cmdline_has("init")) {
		start_init(cmdline_get("init"));
		return;
	}
	if (cmdline_has("ktest")) {
		if (!kthread_create(ktest_thread, NULL, "ktest-runner"))
			panic("cannot start the self-test runner");
		return;
	}
	if (cmdline_has("bench")) {
		if (!kthread_create(bench_thread, NULL, "bench"))
			panic("cannot start the benchmarks");
		return;
	}
	pr_info("nothing to run (no init= or ktest on the command line); idling\n");
}

static void __noreturn idle_loop(void)
{
	for (;;) {
		arch_irq_disable();
		if (need_resched) {
			arch_irq_enable();
			schedule();
			continue;
		}
		arch_idle(); /* sti; hlt: an IRQ that sets need_resched wakes us */
	}
}

static void __noreturn boot_on_idle_stack(void);

void kernel_main(u32 magic, u32 info_phys)
{
	arch_early_init();
	uart_init();
	vga_init();
	if (bootinfo_parse(magic, info_phys)) {
		printk(KERN_EMERG "boot: not started by a multiboot2 loader (magic %#x, info %#x);"
				  " boot this kernel with GRUB's multiboot2 command. Halting.\n",
		       magic, info_phys);
		for (;;)
			arch_halt();
	}
	apply_early_params();
	print_banner();
	mm_init();
	sched_init();
	sched_idle_move_to_guarded_stack(boot_on_idle_stack);
}

/* The rest of the boot, on the idle task's own stack (with a guard page under it). */
static void __noreturn boot_on_idle_stack(void)
{
	mmap_init();
	do_initcalls(1, 2);
	time_init();
	do_initcalls(3, 4); /* drivers, then what needs them */
	if (!vfs_mount_root()) {
		devfs_mount_boot();
		procfs_mount_boot();
	}
	uart_enable_rx();
	start_first_work();
	arch_start_interrupts();
	idle_loop();
}
