/*
 * kernel/sys.c's services for the rest of the kernel: the clocks behind
 * the time system calls, random bytes (exec's AT_RANDOM), and the resource
 * limits a new process starts with.
 */
#ifndef KERNEL_SYS_H
#define KERNEL_SYS_H

#include "kernel/types.h"

struct task;

/* Nanoseconds since boot (never goes back), and since the epoch (from the RTC at boot). */
u64 ktime_get_ns(void);
/* Has the clock been set up (by the first ktime_get_ns)? printk reads it only then. */
bool ktime_ready(void);
u64 ktime_get_real_ns(void);
/* Fill buf with pseudo-random bytes (never blocks; any context but interrupts off is fine). */
void get_random_bytes(void *buf, size_t n);
/* The limits of the first process (fork copies them): Linux 6.1's defaults. */
void rlimits_init_default(struct task *t);
/* Start the clock bookkeeping (the RTC read, the TSC interpolation tick); idempotent. */
void sys_time_init(void);

#endif
