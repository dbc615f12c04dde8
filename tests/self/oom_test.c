/*
 * The OOM killer's choice (mm/oom_kill.c, oom_choose), on two kernel
 * threads dressed as processes for the length of a test: one victim at a
 * time. A victim already killed and still exiting is what the killer
 * waits for, even in the part of its exit where exit_mm has cleared
 * t->mm and its mmput is still giving the pages back; a second process
 * is chosen only when no victim is on its way out. (Missing that case
 * let the pressure test's canary be killed, about one run in seven,
 * while the hog was still freeing its memory.) Suite: oom.
 */
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/wait.h"
#include "mm/vm.h"
#include "mm/vmscan.h"

struct parked {
	struct completion started, go;
};

static void park(void *arg)
{
	struct parked *p = arg;

	complete(&p->started);
	wait_for_completion(&p->go);
}

static struct task *start_parked(struct parked *p, const char *name)
{
	struct task *t;

	init_completion(&p->started);
	init_completion(&p->go);
	t = kthread_create(park, p, name);
	if (t)
		wait_for_completion(&p->started);
	return t;
}

static struct task *choose(bool *exiting)
{
	unsigned long flags = arch_irq_save();
	struct task *v = oom_choose(exiting);

	arch_irq_restore(flags);
	return v;
}

KTEST(oom, an_exiting_victim_is_waited_for_even_after_exit_mm)
{
	struct parked pa, pb;
	struct task *big, *victim, *v;
	struct mm_struct *mm = mm_alloc();
	bool exiting;

	KT_ASSERT(t, mm != NULL);
	big = start_parked(&pa, "oom-big");
	victim = start_parked(&pb, "oom-victim");
	if (!KT_EXPECT(t, big && victim)) {
		if (big) {
			complete(&pa.go);
			kthread_join(big);
		}
		if (victim) {
			complete(&pb.go);
			kthread_join(victim);
		}
		mmput(mm);
		return;
	}

	/* A process with memory, and a victim whose mm exit_mm has taken. */
	mm->rss_anon = 1u << 20; /* badness above any real process of a test run */
	big->mm = mm;
	big->is_user = true;
	victim->is_user = true;
	victim->oom_victim = true;
	victim->mm = NULL;
	v = choose(&exiting);
	KT_EXPECT(t, v == victim);
	KT_EXPECT(t, exiting);

	/* Its exit done (no longer a victim): the largest process is next. */
	victim->oom_victim = false;
	v = choose(&exiting);
	KT_EXPECT(t, v == big);
	KT_EXPECT(t, !exiting);

	big->mm = NULL;
	big->is_user = false;
	victim->is_user = false;
	mm->rss_anon = 0;
	complete(&pa.go);
	complete(&pb.go);
	kthread_join(big);
	kthread_join(victim);
	mmput(mm);
}
