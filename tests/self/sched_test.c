/*
 * Threads, the scheduler and the sleeping primitives: two threads hand a
 * token back and forth through wait queues 10,000 times; preemption lets a
 * thread that never yields share the CPU; timeouts expire; a mutex keeps
 * a read-modify-write section exclusive across preemption.
 */
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/wait.h"
#include "kernel/mutex.h"
#include "arch/x86/arch.h"
#include "arch/x86/mmu.h"
#include "kernel/errno.h"
#include "mm/kstack.h"

#define PING_PONG_ROUNDS 10000

struct ping_pong {
	struct wait_queue_head wq;
	volatile int turn; /* 0: ping's turn, 1: pong's */
	volatile int rounds[2];
};

static void player(struct ping_pong *pp, int me)
{
	for (int i = 0; i < PING_PONG_ROUNDS; i++) {
		wait_event(pp->wq, pp->turn == me);
		pp->rounds[me]++;
		pp->turn = !me;
		wake_up(&pp->wq);
	}
}

static void ping(void *arg) { player(arg, 0); }
static void pong(void *arg) { player(arg, 1); }

KTEST(sched, ping_pong_through_a_wait_queue)
{
	static struct ping_pong pp;
	struct task *a, *b;

	init_waitqueue_head(&pp.wq);
	pp.turn = 0;
	pp.rounds[0] = pp.rounds[1] = 0;
	a = kthread_create(ping, &pp, "ping");
	b = kthread_create(pong, &pp, "pong");
	KT_ASSERT(t, a && b);
	KT_EXPECT_EQ(t, kthread_join(a), 0);
	KT_EXPECT_EQ(t, kthread_join(b), 0);
	KT_EXPECT_EQ(t, pp.rounds[0], PING_PONG_ROUNDS);
	KT_EXPECT_EQ(t, pp.rounds[1], PING_PONG_ROUNDS);
	KT_EXPECT_EQ(t, pp.turn, 0);
}

static volatile bool spinner_stop;
static volatile unsigned long spinner_count;

static void spinner(void *arg)
{
	(void)arg;
	while (!spinner_stop)
		spinner_count++; /* never sleeps, never yields */
}

KTEST(sched, preemption_shares_the_cpu)
{
	struct task *s;
	unsigned long start = jiffies, mine = 0;

	spinner_stop = false;
	spinner_count = 0;
	s = kthread_create(spinner, NULL, "spinner");
	KT_ASSERT(t, s != NULL);
	/* Busy too: only the timer can take the CPU from either of us. */
	while (jiffies - start < 20)
		mine++;
	spinner_stop = true;
	kthread_join(s);
	KT_EXPECT(t, spinner_count > 0);
	KT_EXPECT(t, mine > 0);
}

KTEST(sched, ticks_advance_and_timeouts_expire)
{
	DECLARE_WAIT_QUEUE_HEAD(never);
	unsigned long start = jiffies;
	unsigned long left = wait_event_timeout(never, false, 10);

	KT_EXPECT_EQ(t, left, 0);
	KT_EXPECT(t, jiffies - start >= 10);
	start = jiffies;
	msleep(100);
	KT_EXPECT(t, jiffies - start >= msecs_to_jiffies(100));
}

static struct mutex counter_lock;
static volatile int shared_counter;

static void mutex_worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 200; i++) {
		mutex_lock(&counter_lock);
		int v = shared_counter;
		for (volatile int d = 0; d < 2000; d++) /* widen the window for preemption */
			;
		shared_counter = v + 1;
		mutex_unlock(&counter_lock);
	}
}

KTEST(sched, mutex_excludes_across_preemption)
{
	struct task *w[3];

	mutex_init(&counter_lock);
	shared_counter = 0;
	for (int i = 0; i < 3; i++)
		w[i] = kthread_create(mutex_worker, NULL, "mutex-worker");
	for (int i = 0; i < 3; i++) {
		KT_ASSERT(t, w[i] != NULL);
		kthread_join(w[i]);
	}
	KT_EXPECT_EQ(t, shared_counter, 600);
	KT_EXPECT(t, !mutex_is_locked(&counter_lock));
}

static void exits_with(void *arg)
{
	thread_exit((int)(intptr_t)arg);
}

KTEST(sched, threads_exit_with_a_code_and_are_freed)
{
	unsigned int before = nr_tasks();

	for (int i = 0; i < 50; i++) {
		struct task *th = kthread_create(exits_with, (void *)(intptr_t)(i + 1), "exiter");
		KT_ASSERT(t, th != NULL);
		KT_EXPECT_EQ(t, kthread_join(th), i + 1);
	}
	KT_EXPECT_EQ(t, nr_tasks(), before);
}

/*
 * Every task's stack lies in the stacks' area above an unmapped guard
 * page (mm/kstack.c): the word below the stack faults (a probe gets
 * -EFAULT), the stack's own words do not, and a thread's stack and slot
 * are given back when it is joined.
 */
static void note_stack(void *arg)
{
	*(void **)arg = current->stack;
}

KTEST(sched, stacks_sit_above_an_unmapped_guard_page)
{
	void *seen = NULL;
	unsigned int before = kstack_in_use();
	struct task *th;
	u32 v;

	KT_EXPECT(t, (unsigned long)current->stack >= KSTACK_AREA_START &&
			     (unsigned long)current->stack < kstack_area_end);
	KT_EXPECT_EQ(t, probe_read_u32((u8 *)current->stack - 4, &v), -EFAULT);
	KT_EXPECT_EQ(t, probe_read_u32((u8 *)current->stack - PAGE_SIZE, &v), -EFAULT);
	KT_EXPECT_EQ(t, probe_read_u32(current->stack, &v), 0);
	KT_EXPECT_EQ(t, probe_read_u32((u8 *)current->stack + KSTACK_SIZE - 4, &v), 0);
	KT_EXPECT(t, kstack_slots() >= 2 * PTRS_PER_PTE / 3); /* two page tables at least */

	th = kthread_create(note_stack, &seen, "kstack-probe");
	KT_ASSERT(t, th != NULL);
	KT_EXPECT_EQ(t, kstack_in_use(), before + 1);
	kthread_join(th);
	KT_EXPECT(t, seen != NULL && seen != current->stack);
	KT_EXPECT_EQ(t, probe_read_u32(seen, &v), -EFAULT); /* unmapped again */
	KT_EXPECT_EQ(t, kstack_in_use(), before);
}

/*
 * The idle task is the boot context: it left boot/entry.S's stack, which
 * has nothing unmapped under it, for a guarded one like every other task's
 * (sched_idle_move_to_guarded_stack). It is switched out while this runs,
 * so its saved stack pointer must lie inside that stack.
 */
KTEST(sched, the_idle_task_stack_sits_above_a_guard_page_too)
{
	struct task *idle = sched_idle_task();
	unsigned long base = (unsigned long)idle->stack;
	u32 v;

	KT_ASSERT(t, idle->stack != NULL);
	KT_EXPECT(t, base >= KSTACK_AREA_START && base < kstack_area_end);
	KT_EXPECT_EQ(t, probe_read_u32((u8 *)idle->stack - 4, &v), -EFAULT);
	KT_EXPECT_EQ(t, probe_read_u32((u8 *)idle->stack - PAGE_SIZE, &v), -EFAULT);
	KT_EXPECT_EQ(t, probe_read_u32(idle->stack, &v), 0);
	KT_EXPECT(t, idle->sp > base && idle->sp < base + KSTACK_SIZE);
	KT_EXPECT(t, kstack_guard_hit(idle->stack, base - 1));
}
