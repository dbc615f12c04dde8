/*
 * Registration of subsystems: a subsystem names its init function with one
 * of the *_initcall macros, which puts a pointer to it in the .initcall.N
 * sections; kernel_main runs them level by level (do_initcalls), so no
 * core file calls a subsystem's init by name and layers need not import
 * each other. Within a level the link order decides.
 *
 *   level  macro               what runs there
 *   1      core_initcall       process-layer tables (system calls, faults, signals)
 *   2      subsys_initcall     mm and VFS pieces that need the allocators
 *   3      device_initcall     drivers: ramdisk, ATA, console
 *   4      late_initcall       things that need devices (swap detection ...)
 *
 * An initcall returns 0 or a negative errno; a failure is reported with
 * the function's name and boot goes on.
 */
#ifndef KERNEL_INIT_H
#define KERNEL_INIT_H

#include "kernel/types.h"

typedef int (*initcall_t)(void);

#define __define_initcall(fn, level) \
	static const initcall_t __initcall_##fn __used __section(".initcall." #level) = fn

#define core_initcall(fn) __define_initcall(fn, 1)
#define subsys_initcall(fn) __define_initcall(fn, 2)
#define device_initcall(fn) __define_initcall(fn, 3)
#define late_initcall(fn) __define_initcall(fn, 4)

/* Run every registered initcall of levels [from, to] (kernel/main.c). */
void do_initcalls(int from, int to);

#endif
