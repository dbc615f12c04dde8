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

void down(struct semaphore *s)
{
	wait_event(s->wait, down_trylock(s));
}

void up(struct semaphore *s)
{
	spin_lock(&s->wait.lock);
	s->count++;
	spin_unlock(&s->wait.lock);
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
