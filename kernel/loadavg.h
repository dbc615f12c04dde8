/*
 * The load average (kernel/loadavg.c): /proc/loadavg and sysinfo(2).
 */
#ifndef KERNEL_LOADAVG_H
#define KERNEL_LOADAVG_H

#include "kernel/types.h"
#include "kernel/sched.h" /* HZ */

#define LOAD_FSHIFT 11                  /* fraction bits of the averages */
#define LOAD_FIXED_1 (1UL << LOAD_FSHIFT)
/* One sample every 5 s and a tick, as Linux: the odd tick keeps the samples from
 * locking onto work that repeats every 5 s. */
#define LOAD_FREQ (5 * HZ + 1)

/* The 1, 5 and 15 minute averages, fixed point with LOAD_FSHIFT fraction bits. */
extern unsigned long avenrun[3];

/* From the timer interrupt, every tick: takes a sample when one is due. */
void loadavg_tick(void);
/* Tasks counted now: runnable, plus processes sleeping uninterruptibly. */
unsigned int loadavg_count_active(void);
/* One average moved one sample toward active (tasks, not fixed point) by factor exp. */
unsigned long loadavg_decay(unsigned long load, unsigned long exp, unsigned int active);
/* The decay factors e^(-5 s / 1, 5, 15 min), fixed point. */
extern const unsigned long loadavg_exp[3];

#endif
