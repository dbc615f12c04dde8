/*
 * do_initcalls: run the functions registered with kernel/init.h's macros,
 * level by level, in link order within a level. Called by kernel_main at
 * the points of the boot order where each level's prerequisites are up.
 */
#include "kernel/init.h"
#include "kernel/printk.h"

extern const initcall_t __initcall1_start[], __initcall2_start[], __initcall3_start[],
	__initcall4_start[], __initcall_end[];

static const initcall_t *const level_start[] = {
	__initcall1_start, __initcall2_start, __initcall3_start, __initcall4_start, __initcall_end,
};

void do_initcalls(int from, int to)
{
	for (int level = from; level <= to; level++) {
		for (const initcall_t *fn = level_start[level - 1]; fn < level_start[level]; fn++) {
			int err = (*fn)();

			if (err)
				pr_warn("init: %pS failed with error %d\n", (void *)*fn, err);
		}
	}
}
