/*
 * The process layer's internal interface: fork (kernel/fork.c), exit and
 * wait (kernel/exit.c), exec (kernel/exec.c) and the first process
 * (kernel/init_task.c). A process is a task with is_user set: an mm, an fd
 * table, a cwd, signal handlers, a parent.
 *
 * Locking: the parent/child links and zombie states change with
 * interrupts off (one CPU: nothing else runs meanwhile); exit and wait4
 * meet on child_exit_wait.
 */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H

#include "kernel/types.h"
#include "kernel/sched.h"
#include "kernel/uaccess.h"

/* clone flags (Linux values). */
#define CSIGNAL 0x000000ff
#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_PIDFD 0x00001000
#define CLONE_PTRACE 0x00002000
#define CLONE_VFORK 0x00004000
#define CLONE_PARENT 0x00008000
#define CLONE_THREAD 0x00010000
#define CLONE_NEWNS 0x00020000
#define CLONE_SYSVSEM 0x00040000
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED 0x00400000
#define CLONE_UNTRACED 0x00800000
#define CLONE_CHILD_SETTID 0x01000000
#define CLONE_NEWCGROUP 0x02000000
#define CLONE_IO 0x80000000

/* wait4 options. */
#define WNOHANG 0x00000001
#define WUNTRACED 0x00000002
#define WEXITED 0x00000004
#define WCONTINUED 0x00000008
#define WNOWAIT 0x01000000
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000

/* The first process (pid 1): orphans are given to it. */
extern struct task *init_process;
/* Processes alive or zombie, and the most there may be (fork gives -EAGAIN beyond). */
extern unsigned int nr_processes, max_processes;

/* kernel/exit.c: exit and wait4 meet here. */
extern struct wait_queue_head child_exit_wait;

/*
 * do_execve: replace the current process's program. path and the
 * argument vectors come from user memory, or from the kernel when
 * kernel_args is set (starting init). 0 on success (the user frame now
 * enters the new program), or a negative errno with the old image intact;
 * after the point of no return a failure kills the process (SIGSEGV).
 */
struct exec_args {
	bool kernel;
	const char *const *kargv, *const *kenvp;
	const char __user *const __user *uargv;
	const char __user *const __user *uenvp;
};
int do_execve(const char *path, const struct exec_args *args);

/* Start the program named by init= as pid 1 (kernel/init_task.c). */
void start_init(const char *path);

#endif
