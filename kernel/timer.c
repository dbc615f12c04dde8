/*
 * Time: jiffies, the sorted list of pending timers, and the timer interrupt
 * that advances both and drives the scheduler's time slices. Timer
 * functions run in interrupt context with interrupts off: they may wake
 * tasks, never sleep.
 */
#include "kernel/wait.h"
#include "kernel/loadavg.h"
#include "kernel/panic.h"
#include "arch/x86/traps.h"

volatile unsigned long jiffies;

static LIST_HEAD(timer_list);

void init_timer(struct timer *t, void (*fn)(void *), void *data)
{
	t->fn = fn;
	t->data = data;
	INIT_LIST_HEAD(&t->link);
}

void add_timer(struct timer *t, unsigned long expires)
{
	unsigned long flags = arch_irq_save();
	struct timer *pos;

	BUG_ON(!list_empty(&t->link));
	t->expires = expires;
	list_for_each_entry(pos, &timer_list, link)
		if ((long)(pos->expires - expires) > 0)
			break;
	list_add_tail(&t->link, &pos->link);
	arch_irq_restore(flags);
}

bool del_timer(struct timer *t)
{
	unsigned long flags = arch_irq_save();
	bool pending = !list_empty(&t->link);

	if (pending)
		list_del_init(&t->link);
	arch_irq_restore(flags);
	return pending;
}

void run_timers(void)
{
	while (!list_empty(&timer_list)) {
		struct timer *t = list_first_entry(&timer_list, struct timer, link);

		if ((long)(jiffies - t->expires) < 0)
			break;
		list_del_init(&t->link);
		t->fn(t->data);
	}
}

static void timer_interrupt(unsigned int irq, void *data)
{
	(void)irq;
	(void)data;
	jiffies++;
	run_timers();
	loadavg_tick();
	sched_tick();
}

void time_init(void)
{
	pit_init(HZ);
	request_irq(0, timer_interrupt, NULL);
}
