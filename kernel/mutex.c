/* Semaphores and mutexes (kernel/mutex.h). The count is guarded by the wait queue's lock. */
#include "kernel/mutex.h"
#include "kernel/panic.h"

void sema_init(struct semaphore *s, int count)
{
	s->count = count;
	init_waitqueue_head(&s->wait);
}

bool down_trylock(struct semaphore *s)
{
	bool got;

	spin_lock(&s->wait.lock);
	got = s->count > 0;
	if (got)
		s->count--;
	spin_unlock(&s->wait.lock);
	return got;
}

/* The uncontended case takes the count without joining the wait queue. */
void down(struct semaphore *s)
{
	if (down_trylock(s))
		return;
	wait_event(s->wait, down_trylock(s));
}

/*
 * Wake only when somebody waits. A sleeper joins the queue before it
 * tries the count again, and both happen under the queue's lock as this
 * does: either it is on the queue when we look, or its retry sees our count.
 */
void up(struct semaphore *s)
{
	bool waiters;

	spin_lock(&s->wait.lock);
	s->count++;
	waiters = !list_empty(&s->wait.waiters);
	spin_unlock(&s->wait.lock);
	if (waiters)
		wake_up(&s->wait);
}

void mutex_init(struct mutex *m)
{
	sema_init(&m->sem, 1);
	m->owner = NULL;
}

void mutex_lock(struct mutex *m)
{
	BUG_ON(m->owner == current);
	down(&m->sem);
	m->owner = current;
}

bool mutex_trylock(struct mutex *m)
{
	if (!down_trylock(&m->sem))
		return false;
	m->owner = current;
	return true;
}

void mutex_unlock(struct mutex *m)
{
	BUG_ON(m->owner != current);
	m->owner = NULL;
	up(&m->sem);
}
