/*
 * fork, vfork and clone: a new process that is a copy of the caller.
 *
 * The child gets its own task and kernel stack, a copy of the address
 * space (private writable pages shared copy-on-write, shared mappings
 * shared: dup_mm) or the same one (CLONE_VM), a copy of the fd table or
 * the same one (CLONE_FILES), a copy of the signal handlers or the same
 * ones (CLONE_SIGHAND), and the caller's user registers with eax = 0, so
 * its first switch returns from the same system call (arch_fork_init_stack).
 * With CLONE_VFORK the parent sleeps until the child execs or exits.
 *
 * Everything is allocated before the child is made visible: a failure
 * frees what was built and returns -ENOMEM (or -EAGAIN when the process
 * table is full), and the caller goes on as if nothing happened.
 * Threads (CLONE_THREAD) are not supported: -EINVAL.
 */
#include "kernel/process.h"
#include "kernel/syscalls.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/wait.h"
#include "arch/x86/arch.h"
#include "arch/x86/traps.h"
#include "fs/vfs.h"
#include "mm/vm.h"

unsigned int nr_processes;
unsigned int max_processes;

#define CLONE_SUPPORTED                                                                          \
	(CSIGNAL | CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_VFORK | CLONE_PARENT | \
	 CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_DETACHED |             \
	 CLONE_UNTRACED | CLONE_CHILD_SETTID | CLONE_SYSVSEM | CLONE_IO)

static char *kstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = kmalloc(n, GFP_KERNEL);

	if (d)
		memcpy(d, s, n);
	return d;
}

/* Undo copy_process's allocations for a child that never ran. */
static void free_unstarted(struct task *p)
{
	if (p->mm)
		mmput(p->mm);
	if (p->files)
		files_put(p->files);
	if (p->sig.sighand)
		sighand_put(p->sig.sighand);
	if (p->cwd)
		iput(p->cwd);
	kfree(p->cwd_path);
	kfree(p->exe_path);
	task_free(p);
}

static int copy_resources(struct task *p, unsigned long flags)
{
	struct task *cur = current;

	p->cwd_path = kstrdup(cur->cwd_path ? cur->cwd_path : "/");
	p->exe_path = cur->exe_path ? kstrdup(cur->exe_path) : NULL;
	if (!p->cwd_path || (cur->exe_path && !p->exe_path))
		return -ENOMEM;
	p->cwd = cur->cwd ? igrab(cur->cwd) : NULL;
	if (flags & CLONE_FILES) {
		p->files = cur->files;
		__atomic_add_fetch(&p->files->count, 1, __ATOMIC_SEQ_CST);
	} else if (!(p->files = files_dup(cur->files))) {
		return -ENOMEM;
	}
	if (flags & CLONE_SIGHAND) {
		p->sig.sighand = cur->sig.sighand;
		p->sig.sighand->count++;
	} else if (!(p->sig.sighand = sighand_copy(cur->sig.sighand))) {
		return -ENOMEM;
	}
	if (flags & CLONE_VM) {
		p->mm = cur->mm;
		p->mm->users++;
	} else if (!(p->mm = dup_mm(cur->mm))) {
		return -ENOMEM;
	}
	return 0;
}

/* The parts of the task that are plain values, copied from the parent. */
static void copy_identity(struct task *p, unsigned long flags, unsigned long newsp)
{
	struct task *cur = current;
	struct trap_frame *f;

	p->is_user = true;
	p->tgid = p->pid;
	p->pgid = cur->pgid;
	p->sid = cur->sid;
	p->umask = cur->umask;
	p->nice = cur->nice;
	p->exit_signal = flags & CSIGNAL;
	memcpy(p->rlim, cur->rlim, sizeof(p->rlim));
	memcpy(p->tls, cur->tls, sizeof(p->tls));
	p->sig.blocked = cur->sig.blocked;
	p->sig.altstack_sp = cur->sig.altstack_sp;
	p->sig.altstack_size = cur->sig.altstack_size;
	p->sig.altstack_flags = cur->sig.altstack_flags;
	fpu_copy(p, cur);
	p->sp = arch_fork_init_stack((u8 *)p->stack + KSTACK_SIZE, cur->uframe);
	p->uframe = task_user_frame(p);
	f = p->uframe;
	if (newsp)
		f->user_esp = newsp;
}

/* Write the child's tid into its own memory (CLONE_CHILD_SETTID). */
static int set_child_tid(struct task *p, int __user *ctid)
{
	if (p->mm == current->mm)
		return put_user_u32(p->pid, (u32 *)ctid);
	return access_remote_u32(p->mm, (unsigned long)ctid, p->pid);
}

static long do_fork(unsigned long flags, unsigned long newsp, int __user *ptid,
		    unsigned long tls, int __user *ctid)
{
	struct completion vfork_done;
	struct task *p;
	int err, pid;

	if (flags & ~CLONE_SUPPORTED)
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if (nr_processes >= max_processes)
		return -EAGAIN;
	p = task_alloc(current->name);
	if (!p)
		return -ENOMEM;
	pid = task_reserve_pid(p);
	err = copy_resources(p, flags);
	if (!err) {
		copy_identity(p, flags, newsp);
		/* After copy_identity, which copies the parent's descriptors. */
		if (flags & CLONE_SETTLS)
			err = tls_set_for(p, (const void *)tls);
	}
	/* Linux ignores a failed store of either tid: the clone still happens. */
	if (!err && (flags & CLONE_PARENT_SETTID))
		put_user_u32(pid, (u32 *)ptid);
	if (!err && (flags & CLONE_CHILD_SETTID))
		set_child_tid(p, ctid);
	if (err) {
		free_unstarted(p);
		return err;
	}
	if (flags & CLONE_CHILD_CLEARTID)
		p->clear_child_tid = (u32)ctid;
	if (flags & CLONE_VFORK) {
		init_completion(&vfork_done);
		p->vfork_done = &vfork_done;
	}

	unsigned long irq = arch_irq_save();
	p->parent = (flags & CLONE_PARENT) && current->parent ? current->parent : current;
	list_add_tail(&p->sibling, &p->parent->children);
	nr_processes++;
	arch_irq_restore(irq);
	task_start(p);

	if (flags & CLONE_VFORK)
		wait_for_completion(&vfork_done);
	return pid;
}

long sys_fork(void)
{
	return do_fork(SIGCHLD, 0, NULL, 0, NULL);
}

long sys_vfork(void)
{
	return do_fork(CLONE_VFORK | CLONE_VM | SIGCHLD, 0, NULL, 0, NULL);
}

/* i386 argument order (CLONE_BACKWARDS): flags, newsp, parent_tid, tls, child_tid. */
long sys_clone(unsigned long flags, unsigned long newsp, int __user *parent_tid,
	       unsigned long tls, int __user *child_tid)
{
	return do_fork(flags, newsp, parent_tid, tls, child_tid);
}
