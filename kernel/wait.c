/*
 * Wait queues and completions (see kernel/wait.h for the rules). Everything
 * here may be used from interrupt handlers except the sleeping calls.
 */
#include "kernel/wait.h"
#include "kernel/panic.h"

void init_waitqueue_head(struct wait_queue_head *wq)
{
	spin_lock_init(&wq->lock, "waitqueue");
	INIT_LIST_HEAD(&wq->waiters);
}

void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *w, int state)
{
	spin_lock(&wq->lock);
	if (list_empty(&w->link))
		list_add_tail(&w->link, &wq->waiters);
	current->state = state;
	spin_unlock(&wq->lock);
}

void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *w)
{
	current->state = TASK_RUNNING;
	spin_lock(&wq->lock);
	if (!list_empty(&w->link))
		list_del_init(&w->link);
	spin_unlock(&wq->lock);
}

int wake_up(struct wait_queue_head *wq)
{
	struct wait_queue_entry *w;
	int n = 0;

	spin_lock(&wq->lock);
	list_for_each_entry(w, &wq->waiters, link) {
		wake_up_process(w->task);
		n++;
	}
	spin_unlock(&wq->lock);
	return n;
}

bool waitqueue_active(struct wait_queue_head *wq)
{
	return !list_empty(&wq->waiters);
}

void init_completion(struct completion *c)
{
	c->done = 0;
	init_waitqueue_head(&c->wait);
}

/*
 * Interrupts stay off until the waiters are woken: the waiter may free the
 * completion (it often lives on its stack) as soon as it can run again.
 */
void complete(struct completion *c)
{
	unsigned long flags = arch_irq_save();

	c->done++;
	wake_up(&c->wait);
	arch_irq_restore(flags);
}

static bool try_consume(struct completion *c)
{
	unsigned long flags = arch_irq_save();
	bool got = c->done > 0;

	if (got)
		c->done--;
	arch_irq_restore(flags);
	return got;
}

void wait_for_completion(struct completion *c)
{
	wait_event(c->wait, try_consume(c));
}

bool wait_for_completion_timeout(struct completion *c, unsigned long ticks)
{
	return wait_event_timeout(c->wait, try_consume(c), ticks) != 0;
}
