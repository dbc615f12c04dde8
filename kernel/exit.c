/*
 * Process exit and wait4.
 *
 * do_exit releases what the process holds (address space, files, cwd),
 * hands its children to init, records the wait status and becomes a
 * zombie: a dead task whose struct and stack stay until the parent reaps
 * it with wait4, which frees them and adds the child's fault counts and
 * times to the parent's. A parent that ignores SIGCHLD reaps nothing: the
 * child is freed as soon as it is off its stack (sched.c's detached path).
 *
 * A session leader's exit hangs up its controlling terminal (drivers/tty.c),
 * and process groups that its exit orphans get SIGHUP and SIGCONT when one
 * of their members is stopped (kernel/signal.c), as POSIX wants.
 *
 * When init (pid 1) exits, the kernel prints `init exited with status N`
 * and powers the emulator off with N (128 + signal for a death by signal).
 *
 * Locking: the zombie state, the children lists and the wake-up of the
 * parent change with interrupts off, and the dying task switches away in
 * the same critical section, so a parent can never free a stack that is
 * still in use.
 */
#include "kernel/process.h"
#include "kernel/exit.h"
#include "kernel/syscalls.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/wait.h"
#include "fs/vfs.h"
#include "mm/vm.h"
#include "drivers/uart.h"
#include "drivers/tty.h"

DECLARE_WAIT_QUEUE_HEAD(child_exit_wait);

static void exit_mm(struct task *t)
{
	struct mm_struct *mm = t->mm;

	if (!mm)
		return;
	if (t->clear_child_tid)
		put_user_u32(0, (u32 *)t->clear_child_tid);
	t->mm = NULL;
	activate_mm(NULL); /* off the page directory before it can be freed */
	mmput(mm);
	if (t->vfork_done) {
		complete(t->vfork_done);
		t->vfork_done = NULL;
	}
}

static void exit_files(struct task *t)
{
	if (t->files) {
		files_put(t->files);
		t->files = NULL;
	}
	if (t->cwd) {
		iput(t->cwd);
		t->cwd = NULL;
	}
}

/* Hand every child to init; zombies among them wake init's wait4. Interrupts off. */
static void reparent_children(struct task *t)
{
	struct task *c, *n;
	bool zombies = false;

	list_for_each_entry_safe(c, n, &t->children, sibling) {
		list_del_init(&c->sibling);
		c->parent = init_process;
		c->exit_signal = SIGCHLD; /* as Linux: no clone exit signal reaches init */
		if (init_process && init_process != t) {
			list_add_tail(&c->sibling, &init_process->children);
			zombies |= c->zombie;
		} else {
			c->parent = NULL;
		}
	}
	if (zombies)
		send_signal(init_process, SIGCHLD, NULL);
}

static void __noreturn init_exited(int status)
{
	int code = (status & 0x7f) ? 128 + (status & 0x7f) : (status >> 8) & 0xff;

	printk(KERN_EMERG "init exited with status %d\n", code);
	vm_check_after_init();
	vfs_sync();
	emulator_exit(code);
}

static void notify_parent(struct task *t, int status)
{
	struct ksiginfo info = { 0 };

	info.signo = t->exit_signal;
	info.code = (status & 0x7f) ? CLD_KILLED : CLD_EXITED;
	info.pid = t->pid;
	info.status = (status & 0x7f) ? (status & 0x7f) : (status >> 8) & 0xff;
	if (t->exit_signal)
		send_signal(t->parent, t->exit_signal, &info);
	wake_up(&child_exit_wait);
}

void do_exit(int wait_status)
{
	struct task *t = current;

	if (t == init_process)
		init_exited(wait_status);
	exit_mm(t);
	exit_files(t);
	kfree(t->cwd_path);
	t->cwd_path = NULL;
	/* a session leader's terminal hangs up; groups our exit orphans hear of it */
	if (t->sid == t->tgid && t->pid == t->tgid)
		tty_session_leader_exit(t->sid);
	exit_orphaned_pgrps(t);

	arch_irq_disable();
	reparent_children(t);
	t->exit_status = wait_status;
	if (!t->parent || parent_ignores_sigchld(t->parent)) {
		/* Nobody will wait: free ourselves once off this stack. */
		if (t->parent)
			list_del_init(&t->sibling);
		nr_processes--;
		if (t->sig.sighand)
			sighand_put(t->sig.sighand);
		kfree(t->exe_path);
		wake_up(&child_exit_wait); /* a parent in wait4 learns it has one child fewer */
		kthread_detach(t);
	} else {
		t->zombie = true;
		notify_parent(t, wait_status);
	}
	thread_exit(wait_status);
}

long sys_exit(int code)
{
	do_exit((code & 0xff) << 8);
}

long sys_exit_group(int code)
{
	do_exit((code & 0xff) << 8);
}

/* ------------------------------------------------------------------ wait -- */

static bool child_matches(struct task *c, int pid)
{
	if (pid > 0)
		return c->pid == pid;
	if (pid == -1)
		return true;
	if (pid == 0)
		return c->pgid == current->pgid;
	return c->pgid == -pid;
}

/* struct rusage with 32-bit timevals: 18 longs. */
struct rusage32 {
	s32 utime_sec, utime_usec, stime_sec, stime_usec;
	s32 maxrss, ixrss, idrss, isrss, minflt, majflt, nswap, inblock, oublock;
	s32 msgsnd, msgrcv, nsignals, nvcsw, nivcsw;
};

static int put_child_rusage(struct task *c, void __user *ru)
{
	struct rusage32 r;
	unsigned long ut = c->utime + c->cutime, st = c->stime + c->cstime;

	memset(&r, 0, sizeof(r));
	r.utime_sec = ut / HZ;
	r.utime_usec = (ut % HZ) * (1000000 / HZ);
	r.stime_sec = st / HZ;
	r.stime_usec = (st % HZ) * (1000000 / HZ);
	r.minflt = c->min_flt + c->cmin_flt;
	r.majflt = c->maj_flt + c->cmaj_flt;
	return copy_to_user(ru, &r, sizeof(r)) ? -EFAULT : 0;
}

/* Free a zombie child and return its pid; status/rusage faults give -EFAULT (still reaped). */
static long reap_child(struct task *c, int __user *status, void __user *ru)
{
	long ret = c->pid;
	unsigned long irq;

	if (status && put_user_u32(c->exit_status, (u32 *)status))
		ret = -EFAULT;
	if (ru && put_child_rusage(c, ru))
		ret = -EFAULT;
	irq = arch_irq_save();
	list_del_init(&c->sibling);
	nr_processes--;
	arch_irq_restore(irq);
	current->cmin_flt += c->min_flt + c->cmin_flt;
	current->cmaj_flt += c->maj_flt + c->cmaj_flt;
	current->cutime += c->utime + c->cutime;
	current->cstime += c->stime + c->cstime;
	if (c->sig.sighand)
		sighand_put(c->sig.sighand);
	kfree(c->exe_path);
	task_free(c);
	return ret;
}

/*
 * One pass over the children: a zombie that matches (returned through
 * *zombie), or whether any child matches at all.
 */
static bool scan_children(int pid, struct task **zombie)
{
	struct task *c;
	bool any = false;
	unsigned long irq = arch_irq_save();

	*zombie = NULL;
	list_for_each_entry(c, &current->children, sibling) {
		if (!child_matches(c, pid))
			continue;
		any = true;
		if (c->zombie) {
			*zombie = c;
			break;
		}
	}
	arch_irq_restore(irq);
	return any;
}

/* A matching child with a stop or continue event that options ask for (kernel/signal.c). */
static struct task *scan_stopped(int pid, int options, int *st)
{
	struct task *c, *found = NULL;
	unsigned long irq = arch_irq_save();

	list_for_each_entry(c, &current->children, sibling) {
		if (child_matches(c, pid) && (*st = signal_wait_report(c, options))) {
			found = c;
			break;
		}
	}
	arch_irq_restore(irq);
	return found;
}

long sys_wait4(int pid, int __user *status, int options, void __user *ru)
{
	DEFINE_WAIT(w);
	struct task *z;
	long ret;
	int st;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (pid == (int)0x80000000)
		return -ESRCH; /* -INT_MIN has no process group */
	for (;;) {
		prepare_to_wait(&child_exit_wait, &w, TASK_INTERRUPTIBLE);
		if (!scan_children(pid, &z)) {
			ret = -ECHILD;
			break;
		}
		if (z) {
			finish_wait(&child_exit_wait, &w);
			return reap_child(z, status, ru);
		}
		if ((options & (WUNTRACED | WCONTINUED)) && (z = scan_stopped(pid, options, &st))) {
			finish_wait(&child_exit_wait, &w);
			if (status && put_user_u32(st, (u32 *)status))
				return -EFAULT;
			if (ru && put_child_rusage(z, ru))
				return -EFAULT;
			return z->pid;
		}
		if (options & WNOHANG) {
			ret = 0;
			break;
		}
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(&child_exit_wait, &w);
	return ret;
}

long sys_waitpid(int pid, int __user *status, int options)
{
	return sys_wait4(pid, status, options, NULL);
}
