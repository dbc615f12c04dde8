/*
 * In-kernel benchmarks. A benchmark is a function registered with
 * KBENCH(group, name); the linker collects them in the .kbench section.
 * When the command line has `bench=group,...` (or a bare `bench` for all),
 * kernel_main calls bench_run(), which runs the selected ones in link order
 * and prints one line per figure:
 *
 *   bench: <name> <metric>=<value>
 *
 * tools/bench.py boots the kernel under QEMU -icount (guest time counts
 * instructions, so figures repeat exactly) and tabulates those lines.
 *
 *   KBENCH(mm, page_alloc_free_order0)
 *   {
 *           u64 t0 = arch_cycles();
 *           ... N operations ...
 *           bench_report("page_alloc_free_order0", "cycles_per_op", (arch_cycles() - t0) / N);
 *   }
 */
#ifndef KERNEL_BENCH_H
#define KERNEL_BENCH_H

#include "kernel/types.h"

struct kbench {
	const char *group;
	const char *name;
	void (*fn)(void);
};

#define KBENCH(group, name)                                                      \
	static void kbench_fn_##group##_##name(void);                            \
	static const struct kbench kbench_##group##_##name __used                \
		__section(".kbench") __aligned(4) = { #group, #name,             \
						      kbench_fn_##group##_##name }; \
	static void kbench_fn_##group##_##name(void)

/* Print "bench: name metric=value". */
void bench_report(const char *name, const char *metric, u64 value);

/*
 * Run the benchmarks whose group is listed in selection ("mm,sched"; ""
 * or NULL: all), then print "bench: done". Thread context, interrupts
 * on; returns when all have run.
 */
void bench_run(const char *selection);

#endif
