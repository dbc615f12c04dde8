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
#include "kernel/signal.h"

#define HZ 100
#define KSTACK_SIZE 8192 /* two pages, above a guard page (mm/kstack.c) */
#define SCHED_SLICE_TICKS 5
/* The slice a task gets: SCHED_SLICE_TICKS at nice 0, 1 at 19, 9 at -20 (as 2.4 scaled it). */
#define TASK_SLICE_TICKS(nice) (1 + (SCHED_SLICE_TICKS - 1) * (20 - (nice)) / 20)
#define TASK_NAME_LEN 16
#define PID_MAX 32768 /* pids wrap here, as with Linux's default pid_max */

enum task_state {
	TASK_RUNNING,
	TASK_INTERRUPTIBLE,
	TASK_UNINTERRUPTIBLE,
	TASK_DEAD,
};

struct mm_struct;
struct ktest;
struct files;
struct inode;
struct trap_frame;
struct swap_plug;

#define RLIMIT_CPU 0
#define RLIMIT_FSIZE 1
#define RLIMIT_DATA 2
#define RLIMIT_STACK 3
#define RLIMIT_CORE 4
#define RLIMIT_RSS 5
#define RLIMIT_NPROC 6
#define RLIMIT_NOFILE 7
#define RLIMIT_MEMLOCK 8
#define RLIMIT_AS 9
#define RLIM_NLIMITS 16
#define RLIM_INFINITY (~0ULL)

struct rlimit64 {
	u64 cur, max;
};

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
	bool wake_first;              /* a wake-up puts it at the head of the queue and preempts (the VM sampler) */
	bool memalloc;                /* PF_MEMALLOC: reclaiming; its allocations may use the reserve and never reclaim */
	bool oom_victim;              /* chosen by the OOM killer: its allocations fail so it can die */
	unsigned int fail_nth;        /* /proc/<pid>/fail-nth: the Nth next allocation fails (kernel/fault_inject.c) */
	struct swap_plug *swap_plug;  /* the swap writes it is collecting (mm/page_io.c; page_launder) */

	/*
	 * The user half (kernel/fork.c, exit.c, exec.c, signal.c own these).
	 * Kernel threads have mm == NULL, files == NULL, parent == NULL.
	 */
	int tgid, pgid, sid;
	struct task *parent;          /* gets SIGCHLD, reaps us with wait4 */
	struct list_head children;    /* tasks whose parent this is */
	struct list_head sibling;     /* link on parent->children */
	struct files *files;
	struct inode *cwd;            /* referenced */
	char *cwd_path;               /* kmalloc'd absolute path of cwd (getcwd) */
	char *exe_path;               /* kmalloc'd path of the running program */
	u32 umask;
	struct trap_frame *uframe;    /* user registers saved by the last entry */
	int in_syscall_nr;            /* -1 outside a system call */
	int exit_status;              /* wait4 encoding, valid once zombie */
	bool zombie;                  /* exited, waiting for the parent's wait4 */
	bool is_user;                 /* a process (has run or will run user code) */
	struct signal_state sig;
	u32 tls[3][2];                /* set_thread_area descriptors (GDT slots 6..8) */
	u32 clear_child_tid;          /* set_tid_address */
	struct rlimit64 rlim[RLIM_NLIMITS];
	unsigned long min_flt, maj_flt;     /* this task's faults */
	unsigned long cmin_flt, cmaj_flt;   /* reaped children's */
	unsigned long utime, stime;         /* ticks */
	unsigned long cutime, cstime;
	struct completion *vfork_done;      /* a vfork parent waits on it */
	int exit_signal;                    /* sent to the parent at exit (SIGCHLD, or clone's) */
	unsigned long start_jiffies;        /* when it was created (/proc/<pid>/stat's starttime) */
	int nice;                           /* -20..19 (setpriority): the length of its time slice */
};

extern struct task *current;
extern volatile bool need_resched;
extern volatile unsigned long jiffies;

void sched_init(void);
/*
 * The boot context, which is the idle task, leaves boot/entry.S's stack (in
 * the direct map, nothing unmapped under it) for one from kstack_alloc, with
 * its guard page, and goes on in fn there. Once, right after sched_init.
 */
void sched_idle_move_to_guarded_stack(void (*fn)(void)) __noreturn;
/* The idle task (pid 0), for the self-tests. */
struct task *sched_idle_task(void);
/* Create a runnable kernel thread; NULL if memory for it is short. */
struct task *kthread_create(void (*fn)(void *), void *arg, const char *name);
/*
 * The pieces of kthread_create, for the process layer: task_alloc gives a
 * task with its stack, not yet runnable and without a pid; task_start
 * gives it a pid (unless task_reserve_pid already did) and queues it;
 * task_free frees a task that is dead and will never run again.
 */
struct task *task_alloc(const char *name);
void task_start(struct task *t);
int task_reserve_pid(struct task *t);
void task_free(struct task *t);
/* A kernel thread that will become a process keeps this much free on top of its stack. */
#define USER_FRAME_RESERVE 128
/* The user registers of a process, saved at the top of its kernel stack on every entry. */
#define task_user_frame(t) ((struct trap_frame *)((u8 *)(t)->stack + KSTACK_SIZE) - 1)
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
/* Tasks started since boot (/proc/stat's processes). */
extern unsigned long nr_tasks_started;
/*
 * The processor's time since boot, in ticks, and its context switches:
 * /proc/stat's cpu line and ctxt. Counted as they happen, not summed over
 * the live tasks, so a task's time stays counted after it is reaped and
 * no figure ever goes back (Linux's kernel_cpustat). Interrupts off to read
 * the fields together.
 */
struct cpu_times {
	unsigned long user, system, idle, switches;
};
extern struct cpu_times cpu_times;
/*
 * Walk every task with interrupts off, calling match(t, data) until it
 * returns true; returns that task, or NULL. match must not sleep.
 */
struct task *task_find(bool (*match)(struct task *t, void *data), void *data);
void sched_print_tasks(void);

static inline unsigned long msecs_to_jiffies(unsigned int ms)
{
	return (ms * HZ + 999) / 1000;
}

/* Task stacks, each above an unmapped guard page (mm/kstack.c), once mm is up. */
void *alloc_kernel_stack(void);
void free_kernel_stack(void *stack);

#endif
