/*
 * The load average: how many tasks want the CPU, averaged over the last
 * 1, 5 and 15 minutes, the way Linux keeps it so that uptime, top and
 * /proc/loadavg read the same kind of figure. Every 5 seconds the timer
 * interrupt (every 5 s and a tick, LOAD_FREQ) counts the active tasks and moves each average toward that
 * count by an exponential decay: avg = avg * e + n * (1 - e), with
 * e = e^(-5 s / period), in fixed point with 11 fraction bits. An average
 * that rises is rounded up, so one busy task shows as 1.00 after long
 * enough rather than stopping at 0.99.
 *
 * Active means runnable (the task on the CPU and the run queue, not the
 * idle task or a zombie), plus processes in an uninterruptible sleep
 * (waiting for a disk, as Linux's "D" state counts). Kernel threads that
 * sleep uninterruptibly are waiting for work (kswapd, the flusher) and
 * are not counted, which is what Linux's TASK_IDLE does for its own.
 *
 * Locking: loadavg_tick runs in the timer interrupt; the task walk has
 * interrupts off (task_find). Readers take each word as it is (one CPU,
 * aligned 32-bit words), so a read between two updates sees old and new
 * averages mixed at worst, as on Linux.
 */
#include "kernel/loadavg.h"
#include "kernel/sched.h"

unsigned long avenrun[3];

/* e^(-5/60), e^(-5/300), e^(-5/900) times 2^11, rounded. */
const unsigned long loadavg_exp[3] = { 1884, 2014, 2037 };

static unsigned long next_sample = LOAD_FREQ;

unsigned long loadavg_decay(unsigned long load, unsigned long exp, unsigned int active)
{
	unsigned long target = (unsigned long)active << LOAD_FSHIFT;
	unsigned long mixed = load * exp + target * (LOAD_FIXED_1 - exp);

	if (target >= load)
		mixed += LOAD_FIXED_1 - 1;
	return mixed >> LOAD_FSHIFT;
}

static bool count_active(struct task *t, void *data)
{
	bool runnable = t->state == TASK_RUNNING && !t->zombie && t->pid != 0;
	bool waiting_for_io = t->state == TASK_UNINTERRUPTIBLE && t->is_user;

	if (runnable || waiting_for_io)
		(*(unsigned int *)data)++;
	return false;
}

unsigned int loadavg_count_active(void)
{
	unsigned int n = 0;

	task_find(count_active, &n);
	return n;
}

void loadavg_tick(void)
{
	unsigned int active;

	if ((long)(jiffies - next_sample) < 0)
		return;
	next_sample += LOAD_FREQ;
	active = loadavg_count_active();
	for (int i = 0; i < 3; i++)
		avenrun[i] = loadavg_decay(avenrun[i], loadavg_exp[i], active);
}
