/*
 * Process exit (kernel/exit.c). do_exit ends the calling process with a
 * status already in wait4's encoding: (code & 0xff) << 8 for a normal
 * exit, or the signal number (| 0x80 when it dumped core) for a death by
 * signal. It never returns.
 */
#ifndef KERNEL_EXIT_H
#define KERNEL_EXIT_H

#include "kernel/types.h"

void do_exit(int wait_status) __noreturn;

#endif
