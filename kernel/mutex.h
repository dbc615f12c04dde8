/*
 * Sleeping locks: a counting semaphore and a mutex built on it. Both may
 * only be taken from task context (never from an interrupt handler), and a
 * mutex only released by its owner.
 */
#ifndef KERNEL_MUTEX_H
#define KERNEL_MUTEX_H

#include "kernel/wait.h"

struct semaphore {
	int count;
	struct wait_queue_head wait;
};

void sema_init(struct semaphore *s, int count);
void down(struct semaphore *s);
bool down_trylock(struct semaphore *s); /* true if acquired */
void up(struct semaphore *s);

struct mutex {
	struct semaphore sem;
	struct task *owner;
};

void mutex_init(struct mutex *m);
void mutex_lock(struct mutex *m);
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
static inline bool mutex_is_locked(struct mutex *m) { return m->owner != NULL; }

#endif
