/*
 * Wait queues, completions and timers.
 *
 * A wait queue is a list of sleeping tasks. wait_event(wq, cond) sleeps
 * until cond is true, rechecking after every wake_up(wq); a waker must make
 * cond true before calling wake_up. wake_up may be called from interrupt
 * handlers. A completion is a wait queue plus a count of "done" events.
 */
#ifndef KERNEL_WAIT_H
#define KERNEL_WAIT_H

#include "kernel/spinlock.h"
#include "kernel/list.h"
#include "kernel/sched.h"

struct wait_queue_head {
	spinlock_t lock;
	struct list_head waiters;
};

struct wait_queue_entry {
	struct task *task;
	struct list_head link;
};

#define WAIT_QUEUE_HEAD_INIT(n) { SPINLOCK_INIT(#n), LIST_HEAD_INIT((n).waiters) }
#define DECLARE_WAIT_QUEUE_HEAD(n) struct wait_queue_head n = WAIT_QUEUE_HEAD_INIT(n)
#define DEFINE_WAIT(w) struct wait_queue_entry w = { current, LIST_HEAD_INIT((w).link) }

void init_waitqueue_head(struct wait_queue_head *wq);
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *w, int state);
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *w);
/* Wake every waiter; returns how many were woken. */
int wake_up(struct wait_queue_head *wq);
bool waitqueue_active(struct wait_queue_head *wq);

#define wait_event(wq, cond)                                               \
	do {                                                               \
		DEFINE_WAIT(__w);                                          \
		for (;;) {                                                 \
			prepare_to_wait(&(wq), &__w, TASK_UNINTERRUPTIBLE); \
			if (cond)                                          \
				break;                                     \
			schedule();                                        \
		}                                                          \
		finish_wait(&(wq), &__w);                                  \
	} while (0)

/* As wait_event, giving up after `ticks`; evaluates to the ticks left (0: timed out). */
#define wait_event_timeout(wq, cond, ticks)                                \
	({                                                                 \
		unsigned long __left = (ticks);                            \
		DEFINE_WAIT(__w);                                          \
		for (;;) {                                                 \
			prepare_to_wait(&(wq), &__w, TASK_UNINTERRUPTIBLE); \
			if (cond) {                                        \
				if (!__left)                               \
					__left = 1;                        \
				break;                                     \
			}                                                  \
			if (!__left)                                       \
				break;                                     \
			__left = schedule_timeout(__left);                 \
		}                                                          \
		finish_wait(&(wq), &__w);                                  \
		__left;                                                    \
	})

struct completion {
	unsigned int done;
	struct wait_queue_head wait;
};

void init_completion(struct completion *c);
void complete(struct completion *c);
void wait_for_completion(struct completion *c);
/* Returns false if `ticks` passed first. */
bool wait_for_completion_timeout(struct completion *c, unsigned long ticks);

struct timer {
	unsigned long expires; /* in jiffies */
	void (*fn)(void *data); /* runs in interrupt context */
	void *data;
	struct list_head link;
};

void init_timer(struct timer *t, void (*fn)(void *), void *data);
void add_timer(struct timer *t, unsigned long expires);
/* Returns true if the timer was pending. */
bool del_timer(struct timer *t);
void run_timers(void);
/* Start the periodic tick (kernel/timer.c). */
void time_init(void);

#endif
