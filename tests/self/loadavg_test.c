/*
 * The load average (kernel/loadavg.c): the decay follows the exponential
 * it stands for (one busy task for one period brings an average to
 * 1 - 1/e of the way, a long run to exactly 1.00, an idle period takes it
 * back to 1/e), and the count the timer takes sees runnable threads.
 * Suite: loadavg.
 */
#include "kernel/ktest.h"
#include "kernel/loadavg.h"
#include "kernel/sched.h"

/* Fixed point to hundredths, for readable bounds. */
#define HUNDREDTHS(x) ((unsigned long)(x) * 100 / LOAD_FIXED_1)

static void run_samples(unsigned long avg[3], unsigned int active, int samples)
{
	for (int s = 0; s < samples; s++)
		for (int i = 0; i < 3; i++)
			avg[i] = loadavg_decay(avg[i], loadavg_exp[i], active);
}

KTEST(loadavg, one_busy_task_for_one_period_is_1_minus_1_over_e)
{
	unsigned long avg[3] = { 0, 0, 0 };

	run_samples(avg, 1, 12); /* one minute */
	KT_EXPECT(t, HUNDREDTHS(avg[0]) >= 62 && HUNDREDTHS(avg[0]) <= 64);
	run_samples(avg, 1, 48); /* five minutes in all */
	KT_EXPECT(t, HUNDREDTHS(avg[1]) >= 62 && HUNDREDTHS(avg[1]) <= 65);
	run_samples(avg, 1, 120); /* fifteen */
	KT_EXPECT(t, HUNDREDTHS(avg[2]) >= 62 && HUNDREDTHS(avg[2]) <= 65);
	KT_EXPECT(t, avg[0] < avg[1] * 2 && avg[1] > avg[2]);
}

KTEST(loadavg, a_long_steady_load_reads_exactly_that_many_tasks)
{
	unsigned long avg[3] = { 0, 0, 0 };

	run_samples(avg, 3, 2000);
	for (int i = 0; i < 3; i++)
		KT_EXPECT_EQ(t, avg[i], 3 * LOAD_FIXED_1);
}

KTEST(loadavg, an_idle_minute_leaves_1_over_e_of_the_one_minute_average)
{
	unsigned long avg[3] = { LOAD_FIXED_1, LOAD_FIXED_1, LOAD_FIXED_1 };

	run_samples(avg, 0, 12);
	KT_EXPECT(t, HUNDREDTHS(avg[0]) >= 36 && HUNDREDTHS(avg[0]) <= 38);
	KT_EXPECT(t, avg[1] > avg[0] && avg[2] > avg[1]);
	run_samples(avg, 0, 2000);
	for (int i = 0; i < 3; i++)
		KT_EXPECT_EQ(t, avg[i], 0);
}

static volatile bool spin_stop;

static void spinner(void *arg)
{
	(void)arg;
	while (!spin_stop)
		;
}

KTEST(loadavg, runnable_threads_are_counted_and_sleepers_are_not)
{
	unsigned int alone, busy, after;
	struct task *a, *b;

	alone = loadavg_count_active();
	KT_EXPECT(t, alone >= 1); /* this test's own thread */
	spin_stop = false;
	a = kthread_create(spinner, NULL, "load-spin-a");
	b = kthread_create(spinner, NULL, "load-spin-b");
	KT_ASSERT(t, a && b);
	busy = loadavg_count_active();
	spin_stop = true;
	kthread_join(a);
	kthread_join(b);
	after = loadavg_count_active();
	KT_EXPECT_EQ(t, busy, alone + 2);
	KT_EXPECT_EQ(t, after, alone);
}
