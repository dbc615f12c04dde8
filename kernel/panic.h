/*
 * Fatal errors and assertions. BUG_ON is always compiled in; its condition is
 * cheap by rule. Checks that cost time belong in VM_BUG_ON (mm/debug.h),
 * which runs only when `debug_vm` is on.
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include "kernel/types.h"

void panic(const char *fmt, ...) __printf(1, 2) __noreturn;
void dump_stack(void);
void print_backtrace(unsigned long bp);
void __bug(const char *file, int line, const char *cond) __noreturn;
void __warn(const char *file, int line, const char *cond);

#define BUG() __bug(__FILE__, __LINE__, NULL)
#define BUG_ON(cond)                                          \
	do {                                                  \
		if (unlikely(cond))                           \
			__bug(__FILE__, __LINE__, #cond);     \
	} while (0)
#define WARN_ON(cond)                                                 \
	({                                                            \
		bool __w = !!(cond);                                  \
		if (unlikely(__w))                                    \
			__warn(__FILE__, __LINE__, #cond);            \
		__w;                                                  \
	})

/* Leave the emulator (drivers/emu_exit.c): status 0 is success. */
void emulator_exit(int status) __noreturn;
/* reboot(2)'s restart and halt (drivers/emu_exit.c). */
void machine_restart(void) __noreturn;
void machine_halt(void) __noreturn;

#endif
