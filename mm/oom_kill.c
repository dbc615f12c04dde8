/*
 * The OOM killer: when reclaim can free nothing for an allocation that
 * must not fail, one process is killed so that the others (and the
 * kernel) can go on.
 *
 * Badness: the pages the process would give back by dying, resident
 * (anonymous and file PTEs) plus swapped out (its swap PTEs), as Linux
 * counts it (oom_badness: rss + swap + page tables). Init (pid 1), kernel
 * threads and processes already exiting are never chosen; among equals
 * the newest (highest pid) goes, which spares the long-running parents
 * of a fork bomb. One victim at a time: while it is still exiting, the
 * allocator waits for it instead of killing another. And a swapoff in
 * progress gives way first (swapoff_give_way): it fails with -ENOMEM and
 * the pages it brought back become reclaimable, before anyone is killed.
 *
 * Locking: the task list is walked with interrupts off (task_find); the
 * victim is chosen and signalled there, the waiting happens outside.
 */
#include "mm/vmscan.h"
#include "mm/vm.h"
#include "mm/swap.h"
#include "mm/vmstat.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/string.h"

#define OOM_WAIT_MS 20
#define OOM_WAIT_ROUNDS 250 /* a victim that takes 5 s to exit: choose again */

struct oom_choice {
	struct task *victim;
	unsigned long points;
};

static unsigned long badness(const struct task *t)
{
	const struct mm_struct *mm = t->mm;

	return mm->rss_anon + mm->rss_file + mm->nr_swap_ptes + mm->nr_ptes;
}

static bool oom_candidate(struct task *t, void *data)
{
	struct oom_choice *c = data;
	unsigned long points;

	if (t->zombie || t->state == TASK_DEAD)
		return false;
	if (t->oom_victim) {
		/*
		 * Still on its way out: wait for it rather than kill a second
		 * one. Tested before t->mm, which exit_mm clears before its
		 * mmput gives the pages back: a victim in the middle of that
		 * has no mm but has not freed its memory yet.
		 */
		c->victim = t;
		c->points = ~0UL;
		return true;
	}
	if (!t->mm || !t->is_user || t->pid == 1)
		return false;
	points = badness(t);
	if (!c->victim || points > c->points || (points == c->points && t->pid > c->victim->pid)) {
		c->victim = t;
		c->points = points;
	}
	return false;
}

struct task *oom_choose(bool *exiting)
{
	struct oom_choice c = { NULL, 0 };

	task_find(oom_candidate, &c);
	*exiting = c.victim && c.victim->oom_victim;
	return c.victim;
}

static int last_victim_pid;
static unsigned int waited_rounds, swapoff_waits;

bool out_of_memory(gfp_t gfp, unsigned int order)
{
	struct task *v;
	unsigned long flags;
	bool exiting;

	(void)gfp;
	if (order > 0 || !current || current->oom_victim)
		return false;
	if (in_swapoff())
		return false; /* swapoff's own allocation fails: it returns -ENOMEM */
	if (!swapoff_give_way())
		swapoff_waits = 0;
	else if (swapoff_waits++ < OOM_WAIT_ROUNDS) {
		/* A swapoff holds pages that are reclaimable once it gives up. */
		msleep(OOM_WAIT_MS);
		return true;
	}
	flags = arch_irq_save();
	v = oom_choose(&exiting);
	if (exiting && waited_rounds++ < OOM_WAIT_ROUNDS) {
		arch_irq_restore(flags);
		msleep(OOM_WAIT_MS);
		return true;
	}
	if (exiting) {
		/* Stuck: let the others be considered again. */
		v->oom_victim = false;
		v = oom_choose(&exiting);
		if (exiting) {
			/* Another victim is on its way out: wait for that one. */
			arch_irq_restore(flags);
			msleep(OOM_WAIT_MS);
			return true;
		}
	}
	if (!v) {
		arch_irq_restore(flags);
		return false;
	}
	v->oom_victim = true;
	waited_rounds = 0;
	last_victim_pid = v->pid;
	/* Sizes read before the victim can run (and free its mm). */
	unsigned long sz[5] = { v->mm->total_vm, v->mm->rss_anon, v->mm->rss_file,
				v->mm->nr_swap_ptes, v->mm->nr_ptes };
	char name[TASK_NAME_LEN];
	int pid = v->pid;
	bool self = v == current;

	memcpy(name, v->name, sizeof(name));
	send_signal(v, SIGKILL, NULL);
	arch_irq_restore(flags);
	count_vm_event(OOM_KILL);
	printk(KERN_ERR "Out of memory: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, "
	       "file-rss:%lukB, swap:%lukB, pgtables:%lukB\n",
	       pid, name, sz[0] * 4, sz[1] * 4, sz[2] * 4, sz[3] * 4, sz[4] * 4);
	if (self)
		return false; /* fail this allocation: the signal is taken on the way out */
	msleep(OOM_WAIT_MS);
	return true;
}
