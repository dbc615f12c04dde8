/*
 * Tasks and the scheduler. Every task is a kernel thread with its own
 * KSTACK_SIZE stack; a user process (later) is a task with an mm. The
 * scheduler is preemptive round robin: the timer gives each runnable task
 * a slice of SCHED_SLICE_TICKS and sets need_resched when it is used up;
 * the interrupt return path then calls schedule().
 *
 * Sleeping follows the usual pattern, which closes the race between testing
 * a condition and going to sleep: set current->state to a sleeping state
 * (prepare_to_wait does it), test the condition, and only then schedule().
 * A wake_up in between has already set the state back to TASK_RUNNING, so
 * schedule() returns at once.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "kernel/types.h"
#include "kernel/list.h"

#define HZ 100
#define KSTACK_ORDER 1
#define KSTACK_SIZE (4096 << KSTACK_ORDER)
#define SCHED_SLICE_TICKS 5
#define TASK_NAME_LEN 16

enum task_state {
	TASK_RUNNING,
	TASK_INTERRUPTIBLE,
	TASK_UNINTERRUPTIBLE,
	TASK_DEAD,
};

struct mm_struct;
struct ktest;

struct task {
	unsigned long sp;             /* saved stack pointer while switched out */
	volatile int state;
	int pid;
	char name[TASK_NAME_LEN];
	void *stack;                  /* KSTACK_SIZE bytes, lowest address */
	struct list_head run_link;    /* on the run queue while runnable and not current */
	struct list_head all_link;    /* on the list of all tasks */
	unsigned int slice;           /* ticks left in this time slice */
	int exit_code;
	bool detached;                /* nobody will join: reaped on exit */
	struct wait_queue_head *exit_wait;
	struct mm_struct *mm;         /* NULL for kernel threads */
	struct ktest *ktest;          /* the self-test this thread runs, if any */
	unsigned long switches;       /* times it was switched in */
};

extern struct task *current;
extern volatile bool need_resched;
extern volatile unsigned long jiffies;

void sched_init(void);
/* Create a runnable kernel thread; NULL if memory for it is short. */
struct task *kthread_create(void (*fn)(void *), void *arg, const char *name);
/* Wait for a thread to end, free it and return its exit code. */
int kthread_join(struct task *t);
/* The thread frees itself when it ends; nobody may join it. */
void kthread_detach(struct task *t);
void thread_exit(int code) __noreturn;
void schedule(void);
/* The interrupt return path's schedule(): the current task stays runnable. */
void preempt_schedule(void);
void yield(void);
void wake_up_process(struct task *t);
/* Sleep up to `ticks` (already in a sleeping state or not); returns ticks left. */
unsigned long schedule_timeout(unsigned long ticks);
void msleep(unsigned int ms);
void sched_tick(void);
/* Entry points for arch/x86/entry.S: a new thread's first step and its return. */
void schedule_tail(void);
void thread_exit_current(void);
unsigned int nr_tasks(void);
void sched_print_tasks(void);

static inline unsigned long msecs_to_jiffies(unsigned int ms)
{
	return (ms * HZ + 999) / 1000;
}

/* Task stacks come from the page allocator once mm is up (kernel/sched.c). */
void *alloc_kernel_stack(void);
void free_kernel_stack(void *stack);

#endif
