/*
 * The system call dispatcher's interface (kernel/syscall.c). Numbers live
 * only in kernel/syscall_table.h; the handlers' prototypes in
 * kernel/syscalls.h.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "kernel/types.h"

struct trap_frame;

/* The name of system call nr, or NULL when it is not in the table. */
const char *syscall_name(unsigned int nr);
bool syscall_implemented(unsigned int nr);
extern unsigned long syscall_count;

#endif
