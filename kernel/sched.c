/*
 * The scheduler: a single run queue served round robin, the list of all
 * tasks, thread creation, exit and join.
 *
 * Context rules: every function here may be called with interrupts on or
 * off; the run queue is protected by disabling interrupts (one CPU). The
 * boot context becomes the idle task: it runs only when the queue is empty
 * and is never on the queue. A dead task's stack is freed by whoever joins
 * it, or, for detached tasks, by the next task that runs (schedule_tail),
 * never by the dying task itself, which is still standing on it.
 */
#include "kernel/sched.h"
#include "kernel/wait.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/panic.h"
#include "mm/mm.h"
#include "mm/vm.h"
#include "mm/kstack.h"
#include "arch/x86/arch.h"

struct task *current;
volatile bool need_resched;

static struct task idle_task;
static LIST_HEAD(run_queue);
static LIST_HEAD(all_tasks);
static struct task *reap_pending; /* a detached task that died: free after the switch */
static int next_pid = 2; /* pid 1 is kept for init */
static struct kmem_cache *task_cache;

/* Stacks come from their own area, each above an unmapped guard page (mm/kstack.c). */
void *alloc_kernel_stack(void)
{
	return kstack_alloc();
}

void free_kernel_stack(void *stack)
{
	kstack_free(stack);
}

void sched_init(void)
{
	idle_task.state = TASK_RUNNING;
	idle_task.pid = 0;
	strlcpy(idle_task.name, "idle", TASK_NAME_LEN);
	INIT_LIST_HEAD(&idle_task.run_link);
	list_add_tail(&idle_task.all_link, &all_tasks);
	current = &idle_task;
	task_cache = kmem_cache_create("task", sizeof(struct task), 0);
}

void sched_idle_move_to_guarded_stack(void (*fn)(void))
{
	void *stack = kstack_alloc();

	if (!stack)
		panic("no memory for the idle task's stack");
	idle_task.stack = stack;
	arch_run_on_stack((u8 *)stack + KSTACK_SIZE, fn);
}

struct task *sched_idle_task(void)
{
	return &idle_task;
}

static void enqueue(struct task *t)
{
	if (t != &idle_task && list_empty(&t->run_link))
		list_add_tail(&t->run_link, &run_queue);
}

struct task *task_alloc(const char *name)
{
	struct task *t = kmem_cache_alloc(task_cache, GFP_KERNEL);

	if (!t)
		return NULL;
	memset(t, 0, sizeof(*t));
	t->stack = alloc_kernel_stack();
	if (!t->stack) {
		kmem_cache_free(task_cache, t);
		return NULL;
	}
	strlcpy(t->name, name, TASK_NAME_LEN);
	t->slice = SCHED_SLICE_TICKS;
	t->in_syscall_nr = -1;
	t->start_jiffies = jiffies;
	INIT_LIST_HEAD(&t->run_link);
	INIT_LIST_HEAD(&t->all_link); /* a task freed before task_start is on no list */
	INIT_LIST_HEAD(&t->children);
	INIT_LIST_HEAD(&t->sibling);
	return t;
}

/*
 * The next free pid, wrapping at PID_MAX as Linux's pid_max does (1 stays
 * init's). Interrupts off. A pid reserved by a fork still being built is
 * not on all_tasks yet: with 32766 numbers to go round, it is not reached
 * again in that window.
 */
static int alloc_pid(void)
{
	for (;;) {
		int pid = next_pid++;
		bool used = false;
		struct task *t;

		if (next_pid > PID_MAX)
			next_pid = 2;
		list_for_each_entry(t, &all_tasks, all_link) {
			if (t->pid == pid) {
				used = true;
				break;
			}
		}
		if (!used)
			return pid;
	}
}

unsigned long nr_tasks_started;
struct cpu_times cpu_times;

void task_start(struct task *t)
{
	unsigned long flags = arch_irq_save();

	if (!t->pid)
		t->pid = alloc_pid();
	t->state = TASK_RUNNING;
	t->start_jiffies = jiffies;
	nr_tasks_started++;
	list_add_tail(&t->all_link, &all_tasks);
	enqueue(t);
	arch_irq_restore(flags);
}

int task_reserve_pid(struct task *t)
{
	unsigned long flags = arch_irq_save();

	t->pid = alloc_pid();
	arch_irq_restore(flags);
	return t->pid;
}

struct task *kthread_create(void (*fn)(void *), void *arg, const char *name)
{
	struct task *t = task_alloc(name);

	if (!t)
		return NULL;
	t->sp = arch_thread_init_stack((u8 *)t->stack + KSTACK_SIZE, fn, arg);
	task_start(t);
	return t;
}

void task_free(struct task *t)
{
	unsigned long flags = arch_irq_save();

	list_del(&t->all_link);
	arch_irq_restore(flags);
	free_kernel_stack(t->stack);
	kmem_cache_free(task_cache, t);
}

void wake_up_process(struct task *t)
{
	unsigned long flags = arch_irq_save();

	if (t->state != TASK_RUNNING && t->state != TASK_DEAD) {
		t->state = TASK_RUNNING;
		if (t != current && t->wake_first && list_empty(&t->run_link)) {
			/* it must run on time (a sampler): next, not after every runnable task */
			list_add(&t->run_link, &run_queue);
			need_resched = true;
		} else if (t != current) {
			enqueue(t);
			/*
			 * The idle task only halts: without this, a task woken by an
			 * interrupt (a disk completion) would wait for the next timer
			 * tick, up to 10 ms, before it ran.
			 */
			if (current == &idle_task)
				need_resched = true;
		}
	}
	arch_irq_restore(flags);
}

/* Runs first in the task just switched to: finish what the old one could not. */
void schedule_tail(void)
{
	struct task *dead = reap_pending;

	if (dead && dead != current) {
		reap_pending = NULL;
		task_free(dead);
	}
	arch_irq_enable();
}

static void __schedule(bool preempt)
{
	unsigned long flags = arch_irq_save();
	struct task *prev = current, *next;

	need_resched = false;
	/*
	 * A preempted task stays runnable whatever its state says: it may be
	 * between prepare_to_wait() and its condition check, or past a true
	 * condition before finish_wait(). It rechecks when it runs again.
	 */
	if (prev->state == TASK_RUNNING || (preempt && prev->state != TASK_DEAD))
		enqueue(prev);
	if (list_empty(&run_queue)) {
		next = &idle_task;
	} else {
		next = list_first_entry(&run_queue, struct task, run_link);
		list_del_init(&next->run_link);
	}
	if (next != prev) {
		next->slice = TASK_SLICE_TICKS(next->nice);
		next->switches++;
		cpu_times.switches++;
		current = next;
		arch_set_kernel_stack((unsigned long)next->stack + KSTACK_SIZE);
		arch_switch_user_state(prev, next); /* FPU registers, TLS descriptors */
		activate_mm(next->mm); /* kernel threads run on the kernel's own page directory */
		arch_switch_stack(&prev->sp, next->sp);
		/* back in prev, possibly much later */
		if (reap_pending && reap_pending != current) {
			struct task *dead = reap_pending;
			reap_pending = NULL;
			task_free(dead);
		}
	}
	arch_irq_restore(flags);
}

void schedule(void)
{
	__schedule(false);
}

void preempt_schedule(void)
{
	__schedule(true);
}

void yield(void)
{
	schedule();
}

void sched_tick(void)
{
	if (current == &idle_task) {
		cpu_times.idle++;
		if (!list_empty(&run_queue))
			need_resched = true;
		return;
	}
	/*
	 * getrusage / times: a tick inside a system call is system time. A
	 * kernel thread's tick (kswapd reclaiming) is system time too, so
	 * that its work does not show up as /proc/stat's idle.
	 */
	if (current->mm && current->in_syscall_nr < 0) {
		current->utime++;
		cpu_times.user++;
	} else {
		current->stime++;
		cpu_times.system++;
	}
	if (current->slice && --current->slice == 0)
		need_resched = true;
}

void thread_exit(int code)
{
	arch_irq_disable();
	current->exit_code = code;
	current->state = TASK_DEAD;
	if (current->detached) {
		BUG_ON(reap_pending);
		reap_pending = current;
	} else if (current->exit_wait) {
		wake_up(current->exit_wait);
	}
	schedule();
	panic("dead task %s was scheduled", current->name);
}

/* Called by arch/x86/entry.S when a thread's function returns. */
void thread_exit_current(void)
{
	thread_exit(0);
}

static DECLARE_WAIT_QUEUE_HEAD(exit_wait);

int kthread_join(struct task *t)
{
	int code;

	BUG_ON(t->detached || t == current);
	t->exit_wait = &exit_wait;
	wait_event(exit_wait, t->state == TASK_DEAD);
	code = t->exit_code;
	task_free(t);
	return code;
}

void kthread_detach(struct task *t)
{
	unsigned long flags = arch_irq_save();

	if (t->state == TASK_DEAD)
		task_free(t);
	else
		t->detached = true;
	arch_irq_restore(flags);
}

unsigned long schedule_timeout(unsigned long ticks);

static void wake_task_timer(void *data)
{
	wake_up_process(data);
}

unsigned long schedule_timeout(unsigned long ticks)
{
	struct timer timer;
	unsigned long expires = jiffies + ticks;

	init_timer(&timer, wake_task_timer, current);
	add_timer(&timer, expires);
	schedule();
	del_timer(&timer);
	return (long)(expires - jiffies) > 0 ? expires - jiffies : 0;
}

void msleep(unsigned int ms)
{
	unsigned long left = msecs_to_jiffies(ms);

	while (left) {
		current->state = TASK_UNINTERRUPTIBLE;
		left = schedule_timeout(left);
	}
}

unsigned int nr_tasks(void)
{
	unsigned int n = 0;
	struct list_head *p;
	unsigned long flags = arch_irq_save();

	list_for_each(p, &all_tasks)
		n++;
	arch_irq_restore(flags);
	return n;
}

struct task *task_find(bool (*match)(struct task *t, void *data), void *data)
{
	struct task *t, *found = NULL;
	unsigned long flags = arch_irq_save();

	list_for_each_entry(t, &all_tasks, all_link) {
		if (match(t, data)) {
			found = t;
			break;
		}
	}
	arch_irq_restore(flags);
	return found;
}

void sched_print_tasks(void)
{
	static const char states[] = "RSDX";
	struct task *t;
	unsigned long flags = arch_irq_save();

	list_for_each_entry(t, &all_tasks, all_link)
		printk("  %3d %c %-16s switches %lu\n", t->pid, states[t->state], t->name,
		       t->switches);
	arch_irq_restore(flags);
}
