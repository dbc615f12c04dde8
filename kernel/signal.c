/*
 * Signals with Linux i386 semantics: the handler table (struct sighand,
 * shared or copied at fork, reset at exec), the per-task pending and
 * blocked sets, posting (send_signal, kill, tkill, tgkill, alarm), the
 * mask calls, sigaltstack, and delivery on the way back to user mode:
 * default actions or a handler frame laid out exactly as Linux's i386
 * struct sigframe / struct rt_sigframe, and sigreturn / rt_sigreturn. The
 * per-task FPU save area is kept here too (fpu_*), because the signal
 * frame is where the FPU state of the interrupted code is saved.
 *
 * Standard and real-time signals alike are one bit each: a second
 * instance posted while one is pending is merged (real-time signals do
 * not queue here; the first siginfo is kept). A signal that would be
 * ignored when posted (SIG_IGN, or SIG_DFL whose default is to ignore,
 * and not blocked) is dropped at once, as Linux does.
 *
 * Job control: the default action of SIGSTOP, SIGTSTP, SIGTTIN and SIGTTOU
 * stops the process (it sleeps in do_signal until SIGCONT or SIGKILL);
 * posting SIGCONT resumes it, whatever SIGCONT's action, and discards
 * pending stop signals (a stop signal discards a pending SIGCONT). The
 * parent gets SIGCHLD with CLD_STOPPED / CLD_CONTINUED (unless it set
 * SA_NOCLDSTOP) and wait4 reports the events (signal_wait_report).
 * SIGTSTP, SIGTTIN and SIGTTOU do nothing to an orphaned process group.
 * Not done: stopping the other threads of a multi-threaded process.
 *
 * Context and locking: one CPU. Signal state may be changed from
 * interrupt context (the alarm timer posts SIGALRM), so every
 * read-modify-write of pending / blocked / the handler table runs with
 * interrupts disabled. Copies to and from user memory happen with
 * interrupts enabled and never while those sections are held.
 */
#include "kernel/signal.h"
#include "kernel/sigframe.h"
#include "kernel/sched.h"
#include "kernel/wait.h"
#include "kernel/errno.h"
#include "kernel/exit.h"
#include "kernel/string.h"
#include "kernel/uaccess.h"
#include "kernel/syscalls.h"
#include "kernel/sys.h"
#include "kernel/init.h"
#include "kernel/process.h"
#include "kernel/printk.h"
#include "mm/mm.h"
#include "arch/x86/arch.h"
#include "arch/x86/traps.h"
#include "arch/x86/segment.h"

#define UNBLOCKABLE (sigmask(SIGKILL) | sigmask(SIGSTOP))
#define SS_AUTODISARM (1u << 31)

/* EFLAGS bits a signal frame may change (Linux's FIX_EFLAGS), and IF. */
#define EFL_CF 0x0001
#define EFL_PF 0x0004
#define EFL_AF 0x0010
#define EFL_ZF 0x0040
#define EFL_SF 0x0080
#define EFL_TF 0x0100
#define EFL_IF 0x0200
#define EFL_DF 0x0400
#define EFL_OF 0x0800
#define EFL_RF 0x10000
#define EFL_AC 0x40000
#define FIX_EFLAGS (EFL_AC | EFL_OF | EFL_DF | EFL_TF | EFL_SF | EFL_ZF | EFL_AF | EFL_PF | \
		    EFL_CF | EFL_RF)

/* ---------------------------------------------------------------- *
 * Handler table and helpers
 * ---------------------------------------------------------------- */
static bool valid_signal(int sig)
{
	return sig >= 1 && sig <= _NSIG;
}

static bool default_ignored(int sig)
{
	switch (sig) {
	case SIGCHLD:
	case SIGURG:
	case SIGWINCH:
	case SIGCONT: /* its effect (resuming) happens when it is posted */
		return true;
	default:
		return false;
	}
}

#define STOP_SIGNALS (sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU))

static bool is_stop_signal(int sig)
{
	return STOP_SIGNALS & sigmask(sig);
}

static bool default_core(int sig)
{
	switch (sig) {
	case SIGQUIT:
	case SIGILL:
	case SIGTRAP:
	case SIGABRT:
	case SIGBUS:
	case SIGFPE:
	case SIGSEGV:
	case SIGXCPU:
	case SIGXFSZ:
	case SIGSYS:
		return true;
	default:
		return false;
	}
}

/*
 * Linux sets the core flag only when a core file was written, and it
 * writes none while RLIMIT_CORE is below a page (the default soft limit
 * is 0). We write no core files, but report the flag under the same
 * condition, so wait statuses match Linux's for the same limits.
 */
int signal_wait_status(int sig)
{
	bool core = default_core(sig) && current && current->rlim[RLIMIT_CORE].cur >= PAGE_SIZE;

	return sig | (core ? 0x80 : 0);
}

static const struct k_sigaction default_action;

static const struct k_sigaction *action_of(struct task *t, int sig)
{
	return t->sig.sighand ? &t->sig.sighand->action[sig - 1] : &default_action;
}

static struct sighand *sighand_alloc(void)
{
	struct sighand *sh = kmalloc(sizeof(*sh), GFP_KERNEL);

	if (sh) {
		memset(sh, 0, sizeof(*sh));
		sh->count = 1;
	}
	return sh;
}

/* The writable table of current (allocated on first use, unshared if shared). */
static struct sighand *own_sighand(struct task *t)
{
	struct sighand *sh = t->sig.sighand, *copy;

	if (sh && sh->count == 1)
		return sh;
	copy = sighand_copy(sh);
	if (!copy)
		return NULL;
	unsigned long flags = arch_irq_save();
	t->sig.sighand = copy;
	arch_irq_restore(flags);
	if (sh)
		sighand_put(sh);
	return copy;
}

struct sighand *sighand_copy(struct sighand *old)
{
	struct sighand *sh = sighand_alloc();

	if (sh && old) {
		unsigned long flags = arch_irq_save();

		memcpy(sh->action, old->action, sizeof(sh->action));
		arch_irq_restore(flags);
	}
	return sh;
}

void sighand_put(struct sighand *sh)
{
	unsigned long flags;
	bool last;

	if (!sh)
		return;
	flags = arch_irq_save();
	last = --sh->count == 0;
	arch_irq_restore(flags);
	if (last)
		kfree(sh);
}

void signals_exec_reset(struct task *t)
{
	struct sighand *sh = t->sig.sighand;

	if (sh && sh->count > 1)
		sh = own_sighand(t); /* a shared table stays with the others */
	if (sh) {
		unsigned long flags = arch_irq_save();

		for (int i = 0; i < _NSIG; i++) {
			struct k_sigaction *ka = &sh->action[i];

			if (ka->handler != SIG_IGN)
				ka->handler = SIG_DFL;
			ka->flags = 0;
			ka->restorer = 0;
			ka->mask = 0;
		}
		arch_irq_restore(flags);
	}
	t->sig.altstack_sp = 0;
	t->sig.altstack_size = 0;
	t->sig.altstack_flags = 0;
	t->sig.restore_blocked = false;
}

bool parent_ignores_sigchld(struct task *parent)
{
	const struct k_sigaction *ka;

	if (!parent)
		return false;
	ka = action_of(parent, SIGCHLD);
	return ka->handler == SIG_IGN || (ka->flags & SA_NOCLDWAIT);
}

bool signal_pending(struct task *t)
{
	return (READ_ONCE(t->sig.pending) & ~READ_ONCE(t->sig.blocked)) != 0;
}

static bool sig_ignored(struct task *t, int sig)
{
	const struct k_sigaction *ka;

	if ((t->sig.blocked | t->sig.real_blocked) & sigmask(sig))
		return false; /* may be unblocked after a handler is set, or waited for */
	ka = action_of(t, sig);
	return ka->handler == SIG_IGN || (ka->handler == SIG_DFL && default_ignored(sig));
}

static void post_locked(struct task *t, int sig, const struct ksiginfo *info)
{
	ksigset_t m = sigmask(sig);

	if (!(t->sig.pending & m)) {
		struct ksiginfo *slot = &t->sig.info[sig - 1];

		if (info) {
			*slot = *info;
		} else {
			/* as Linux's send_sig(sig, t, 0): "from user", the sender being current */
			memset(slot, 0, sizeof(*slot));
			slot->code = SI_USER;
			slot->pid = current && (current->mm || current->is_user) ? current->tgid : 0;
		}
		slot->signo = sig;
		t->sig.pending |= m;
	}
	if (!(t->sig.blocked & m) || sig == SIGKILL) {
		if (t->state == TASK_INTERRUPTIBLE)
			wake_up_process(t);
	}
}

/* The parent learns that t stopped or continued: SIGCHLD unless SA_NOCLDSTOP, and wait4 wakes. */
static void notify_parent_stop(struct task *t, int code, int sig)
{
	struct task *p = t->parent;

	if (p && !(action_of(p, SIGCHLD)->flags & SA_NOCLDSTOP)) {
		struct ksiginfo info;

		memset(&info, 0, sizeof(info));
		info.signo = SIGCHLD;
		info.code = code;
		info.pid = t->tgid;
		info.status = sig;
		send_signal(p, SIGCHLD, &info);
	}
	wake_up(&child_exit_wait);
}

int signal_wait_report(struct task *c, int options)
{
	int r = c->sig.wait_report;

	if (!r || c->zombie)
		return 0;
	if (r == 0xffff ? !(options & WCONTINUED) : !(options & WUNTRACED))
		return 0;
	c->sig.wait_report = 0;
	return r;
}

int send_signal(struct task *t, int sig, const struct ksiginfo *info)
{
	unsigned long flags;

	if (sig == 0)
		return 0;
	if (!valid_signal(sig))
		return -EINVAL;
	if (!t || t->zombie || t->state == TASK_DEAD)
		return 0;
	flags = arch_irq_save();
	if (sig == SIGCONT) {
		/* resumes even when SIGCONT is blocked or ignored */
		t->sig.pending &= ~STOP_SIGNALS;
		if (t->sig.stopped) {
			t->sig.stopped = false;
			t->sig.wait_report = 0xffff;
			wake_up_process(t);
			notify_parent_stop(t, CLD_CONTINUED, SIGCONT);
		}
	} else if (is_stop_signal(sig)) {
		t->sig.pending &= ~sigmask(SIGCONT);
	}
	if (!sig_ignored(t, sig))
		post_locked(t, sig, info);
	arch_irq_restore(flags);
	return 0;
}

void force_sig_fault(int sig, int code, unsigned long addr)
{
	struct task *t = current;
	struct ksiginfo info;
	unsigned long flags;

	memset(&info, 0, sizeof(info));
	info.signo = sig;
	info.code = code;
	info.addr = addr;
	info.fault = true;
	flags = arch_irq_save();
	/*
	 * The faulting instruction would only fault again: a blocked or
	 * ignored signal goes back to its default action and is unblocked.
	 */
	if (t->sig.sighand) {
		struct k_sigaction *ka = &t->sig.sighand->action[sig - 1];
		bool blocked = t->sig.blocked & sigmask(sig);

		if (blocked || ka->handler == SIG_IGN) {
			ka->handler = SIG_DFL;
			t->sig.blocked &= ~sigmask(sig);
		}
	} else {
		t->sig.blocked &= ~sigmask(sig);
	}
	/* a fault signal always carries its own siginfo, even over a pending one */
	t->sig.pending &= ~sigmask(sig);
	post_locked(t, sig, &info);
	arch_irq_restore(flags);
}

/* A frame could not be written or read back: SIGSEGV with its default action. */
static void force_sigsegv(void)
{
	unsigned long flags = arch_irq_save();

	if (current->sig.sighand)
		current->sig.sighand->action[SIGSEGV - 1].handler = SIG_DFL;
	arch_irq_restore(flags);
	force_sig_fault(SIGSEGV, SI_KERNEL, 0);
}

/* ---------------------------------------------------------------- *
 * Finding targets
 * ---------------------------------------------------------------- */
/* A process, alive or a zombie not yet reaped (kill may name zombies: it succeeds). */
static bool is_process(struct task *t)
{
	return (t->mm || t->is_user) && (t->state != TASK_DEAD || t->zombie);
}

struct match_id {
	int pid, tgid, pgid;
};

static bool match_tid(struct task *t, void *data)
{
	struct match_id *m = data;

	return is_process(t) && t->pid == m->pid && (!m->tgid || t->tgid == m->tgid);
}

static bool match_leader(struct task *t, void *data)
{
	return is_process(t) && t->pid == ((struct match_id *)data)->tgid &&
	       t->tgid == ((struct match_id *)data)->tgid;
}

static bool match_tgid(struct task *t, void *data)
{
	return is_process(t) && t->tgid == ((struct match_id *)data)->tgid;
}

/* The task that stands for process tgid (its leader, else any of its threads). */
static struct task *find_process(int tgid)
{
	struct match_id m = { 0, tgid, 0 };
	struct task *t = task_find(match_leader, &m);

	return t ? t : task_find(match_tgid, &m);
}

int kill_pid(int pid, int sig, const struct ksiginfo *info)
{
	struct task *t = find_process(pid);

	if (!t)
		return -ESRCH;
	if (!valid_signal(sig) && sig != 0)
		return -EINVAL;
	return send_signal(t, sig, info);
}

struct kill_many {
	int sig, mode, pgid, self_tgid, found, err;
	const struct ksiginfo *info;
};

/* Posts to every matching process's representative task (interrupts are off). */
static bool kill_one(struct task *t, void *data)
{
	struct kill_many *k = data;

	if (!is_process(t) || t->pid != t->tgid)
		return false;
	if (k->mode == 0 && t->pgid != k->pgid)
		return false;
	if (k->mode == 1 && (t->tgid == 1 || t->tgid == k->self_tgid))
		return false;
	k->found++;
	if (!valid_signal(k->sig) && k->sig)
		k->err = -EINVAL;
	else
		send_signal(t, k->sig, k->info);
	return false;
}

int kill_pgrp_priv(int pgid, int sig)
{
	struct ksiginfo info;
	struct kill_many k;

	memset(&info, 0, sizeof(info));
	info.signo = sig;
	info.code = SI_KERNEL;
	memset(&k, 0, sizeof(k));
	k.sig = sig;
	k.info = &info;
	k.mode = 0;
	k.pgid = pgid;
	task_find(kill_one, &k);
	return k.found ? 0 : -ESRCH;
}

bool signal_caught(struct task *t, int sig)
{
	const struct k_sigaction *ka = action_of(t, sig);

	return !(t->sig.blocked & sigmask(sig)) && ka->handler != SIG_DFL &&
	       ka->handler != SIG_IGN;
}

bool signal_ignored_or_blocked(struct task *t, int sig)
{
	const struct k_sigaction *ka = action_of(t, sig);

	return (t->sig.blocked & sigmask(sig)) || ka->handler == SIG_IGN;
}

static void user_info(struct ksiginfo *info, int sig, int code)
{
	memset(info, 0, sizeof(*info));
	info->signo = sig;
	info->code = code;
	info->pid = current->tgid;
	info->uid = 0;
}

long sys_kill(int pid, int sig)
{
	struct ksiginfo info;
	struct kill_many k;

	user_info(&info, sig, SI_USER);
	if (pid > 0)
		return kill_pid(pid, sig, &info);
	memset(&k, 0, sizeof(k));
	k.sig = sig;
	k.info = &info;
	k.self_tgid = current->tgid;
	if (pid == -1) {
		k.mode = 1;
	} else {
		if (pid == (int)0x80000000)
			return -ESRCH;
		k.mode = 0;
		k.pgid = pid == 0 ? current->pgid : -pid;
	}
	task_find(kill_one, &k);
	if (!k.found)
		return -ESRCH;
	return k.err;
}

static long do_tkill(int tgid, int tid, int sig)
{
	struct match_id m = { tid, tgid, 0 };
	struct ksiginfo info;
	struct task *t;

	if (tid <= 0)
		return -EINVAL;
	t = task_find(match_tid, &m);
	if (!t)
		return -ESRCH;
	if (!valid_signal(sig) && sig)
		return -EINVAL;
	user_info(&info, sig, SI_TKILL);
	return send_signal(t, sig, &info);
}

long sys_tkill(int tid, int sig)
{
	return do_tkill(0, tid, sig);
}

long sys_tgkill(int tgid, int tid, int sig)
{
	if (tgid <= 0)
		return -EINVAL;
	return do_tkill(tgid, tid, sig);
}

/* ---------------------------------------------------------------- *
 * Handlers and masks
 * ---------------------------------------------------------------- */
static void set_blocked(struct task *t, ksigset_t set)
{
	unsigned long flags = arch_irq_save();

	t->sig.blocked = set & ~UNBLOCKABLE;
	arch_irq_restore(flags);
}

long sys_rt_sigaction(int sig, const void __user *act, void __user *oact, size_t setsize)
{
	struct ksigaction32 nu, old;
	const struct k_sigaction *cur;
	struct sighand *sh;

	if (setsize != sizeof(ksigset_t))
		return -EINVAL;
	if (!valid_signal(sig))
		return -EINVAL;
	if (act && copy_from_user(&nu, act, sizeof(nu)))
		return -EFAULT;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;

	cur = action_of(current, sig);
	old.handler = cur->handler;
	old.flags = cur->flags;
	old.restorer = cur->restorer;
	old.mask[0] = (u32)cur->mask;
	old.mask[1] = (u32)(cur->mask >> 32);

	if (act) {
		sh = own_sighand(current);
		if (!sh)
			return -ENOMEM;
		unsigned long flags = arch_irq_save();
		struct k_sigaction *ka = &sh->action[sig - 1];

		ka->handler = nu.handler;
		ka->flags = nu.flags;
		ka->restorer = nu.restorer;
		ka->mask = (((u64)nu.mask[1] << 32) | nu.mask[0]) & ~UNBLOCKABLE;
		/* POSIX: setting an action that ignores discards what is pending */
		if (ka->handler == SIG_IGN || (ka->handler == SIG_DFL && default_ignored(sig)))
			current->sig.pending &= ~sigmask(sig);
		arch_irq_restore(flags);
	}
	if (oact && copy_to_user(oact, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_rt_sigprocmask(int how, const void __user *set, void __user *oset, size_t setsize)
{
	ksigset_t old = current->sig.blocked, nu;

	if (setsize != sizeof(ksigset_t))
		return -EINVAL;
	if (set) {
		if (copy_from_user(&nu, set, sizeof(nu)))
			return -EFAULT;
		switch (how) {
		case 0: /* SIG_BLOCK */
			nu = old | nu;
			break;
		case 1: /* SIG_UNBLOCK */
			nu = old & ~nu;
			break;
		case 2: /* SIG_SETMASK */
			break;
		default:
			return -EINVAL;
		}
		set_blocked(current, nu);
	}
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_rt_sigpending(void __user *set, size_t setsize)
{
	ksigset_t p;

	if (setsize > sizeof(ksigset_t))
		return -EINVAL;
	p = current->sig.pending & current->sig.blocked;
	return copy_to_user(set, &p, setsize) ? -EFAULT : 0;
}

/* Sleep interruptibly until a signal is pending. */
static void wait_for_signal(void)
{
	for (;;) {
		current->state = TASK_INTERRUPTIBLE;
		if (signal_pending(current))
			break;
		schedule();
	}
	current->state = TASK_RUNNING;
}

long sys_rt_sigsuspend(const void __user *set, size_t setsize)
{
	ksigset_t nu;
	unsigned long flags;

	if (setsize != sizeof(ksigset_t))
		return -EINVAL;
	if (copy_from_user(&nu, set, sizeof(nu)))
		return -EFAULT;
	flags = arch_irq_save();
	current->sig.saved_blocked = current->sig.blocked;
	current->sig.restore_blocked = true; /* do_signal puts it back after the handler */
	current->sig.blocked = nu & ~UNBLOCKABLE;
	arch_irq_restore(flags);
	wait_for_signal();
	return -ERESTARTNOHAND; /* -EINTR after the handler; restarted if none ran */
}

long sys_pause(void)
{
	wait_for_signal();
	return -ERESTARTNOHAND;
}

/* ---------------------------------------------------------------- *
 * sigaltstack
 * ---------------------------------------------------------------- */
static bool on_sig_stack(struct task *t, u32 sp)
{
	return t->sig.altstack_size && sp > t->sig.altstack_sp &&
	       sp - t->sig.altstack_sp <= t->sig.altstack_size;
}

static int altstack_flags(struct task *t, u32 sp)
{
	if (!t->sig.altstack_size)
		return SS_DISABLE;
	return (on_sig_stack(t, sp) ? SS_ONSTACK : 0) | (t->sig.altstack_flags & SS_AUTODISARM);
}

static int do_sigaltstack(const struct stack32 *ss, struct stack32 *oss, u32 sp)
{
	struct task *t = current;

	if (oss) {
		oss->ss_sp = t->sig.altstack_sp;
		oss->ss_size = t->sig.altstack_size;
		oss->ss_flags = altstack_flags(t, sp);
	}
	if (ss) {
		u32 mode = (u32)ss->ss_flags & ~SS_AUTODISARM;

		if (on_sig_stack(t, sp))
			return -EPERM;
		if (mode != 0 && mode != SS_DISABLE && mode != SS_ONSTACK)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			t->sig.altstack_sp = 0;
			t->sig.altstack_size = 0;
			t->sig.altstack_flags = 0;
		} else {
			if (ss->ss_size < MINSIGSTKSZ)
				return -ENOMEM;
			t->sig.altstack_sp = ss->ss_sp;
			t->sig.altstack_size = ss->ss_size;
			t->sig.altstack_flags = (u32)ss->ss_flags & SS_AUTODISARM;
		}
	}
	return 0;
}

long sys_sigaltstack(const void __user *uss, void __user *uoss)
{
	struct stack32 ss, oss;
	u32 sp = current->uframe ? current->uframe->user_esp : 0;
	int err;

	if (uss && copy_from_user(&ss, uss, sizeof(ss)))
		return -EFAULT;
	err = do_sigaltstack(uss ? &ss : NULL, &oss, sp);
	if (err)
		return err;
	if (uoss && copy_to_user(uoss, &oss, sizeof(oss)))
		return -EFAULT;
	return 0;
}

/* ---------------------------------------------------------------- *
 * FPU state per task and in frames
 * ---------------------------------------------------------------- */
static void *fpu_area(struct task *t)
{
	return (void *)ALIGN_UP((uintptr_t)t->sig.fpu.buf, 16);
}

void fpu_init_task(struct task *t)
{
	unsigned long flags = arch_irq_save();

	t->sig.fpu.valid = false; /* a clean unit when it next runs */
	if (t == current)
		arch_fpu_reset();
	arch_irq_restore(flags);
}

void fpu_copy(struct task *dst, struct task *src)
{
	unsigned long flags = arch_irq_save();

	if (src == current) {
		arch_fpu_save(fpu_area(dst));
		dst->sig.fpu.valid = true;
	} else if (src->sig.fpu.valid) {
		memcpy(fpu_area(dst), fpu_area(src), ARCH_FPU_SIZE);
		dst->sig.fpu.valid = true;
	} else {
		dst->sig.fpu.valid = false;
	}
	arch_irq_restore(flags);
}

static u16 rd16(const u8 *p) { return p[0] | p[1] << 8; }
static u32 rd32(const u8 *p) { return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24; }

/* The full x87 tag of one register, from its contents (fxsave keeps only "empty or not"). */
static u32 x87_tag(const u8 *reg)
{
	u16 exp = rd16(reg + 8) & 0x7fff;
	u32 lo = rd32(reg), hi = rd32(reg + 4);

	if (exp == 0x7fff)
		return 2; /* special: infinity or NaN */
	if (exp == 0)
		return (lo | hi) ? 2 : 1; /* denormal is special; zero */
	return (hi & 0x80000000) ? 0 : 2; /* valid, or unnormal (special) */
}

/*
 * Fill struct _fpstate_32 from the live registers the way Linux does for
 * an FXSR CPU: the fnsave-style header converted from the fxsave image,
 * magic 0, then the image with the software-reserved bytes cleared. On a
 * CPU without FXSR the header is the fnsave image and magic is 0xffff.
 */
static void fpu_to_frame(struct fpstate32 *fp)
{
	u8 *img = fpu_area(current);
	unsigned long flags;

	memset(fp, 0, sizeof(*fp));
	flags = arch_irq_save();
	arch_fpu_save(img);
	if (arch_fpu_fxsr) {
		u16 fsw = rd16(img + 2);
		u8 ftw = img[4];
		unsigned int top = (fsw >> 11) & 7;
		u32 tag = 0;

		for (unsigned int phys = 0; phys < 8; phys++) {
			unsigned int st = (phys - top) & 7;
			u32 t = (ftw & (1u << phys)) ? x87_tag(img + 32 + st * 16) : 3;

			tag |= t << (phys * 2);
		}
		fp->cw = 0xffff0000u | rd16(img + 0);
		fp->sw = 0xffff0000u | fsw;
		fp->tag = 0xffff0000u | tag;
		fp->ipoff = rd32(img + 8);
		fp->cssel = rd16(img + 12) | ((u32)(rd16(img + 6) & 0x7ff) << 16);
		fp->dataoff = rd32(img + 16);
		fp->datasel = 0xffff0000u | rd16(img + 20);
		for (int i = 0; i < 8; i++)
			memcpy(fp->st[i], img + 32 + i * 16, 10);
		fp->status = fsw;
		fp->magic = 0x0000;
		memcpy(fp->fxsave, img, 512);
		memset(fp->fxsave + 464, 0, 48);
	} else {
		memcpy(fp, img, ARCH_FNSAVE_SIZE);
		fp->status = (u16)fp->sw;
		fp->magic = 0xffff;
	}
	arch_irq_restore(flags);
}

static void fpu_from_frame(const struct fpstate32 *fp)
{
	u8 *img = fpu_area(current);
	unsigned long flags = arch_irq_save();

	if (arch_fpu_fxsr && fp->magic != 0xffff) {
		u32 mxcsr;

		memcpy(img, fp->fxsave, 512);
		mxcsr = rd32(img + 24) & arch_mxcsr_mask; /* reserved bits would #GP */
		memcpy(img + 24, &mxcsr, 4);
		arch_fpu_restore(img);
	} else if (!arch_fpu_fxsr) {
		memcpy(img, fp, ARCH_FNSAVE_SIZE);
		arch_fpu_restore(img);
	} else {
		arch_fpu_reset(); /* an fnsave-only frame on an FXSR CPU: not converted back */
	}
	arch_irq_restore(flags);
}

/* ---------------------------------------------------------------- *
 * Frames
 * ---------------------------------------------------------------- */
/* A signal the CPU raised for the instruction at f (not one sent by someone). */
static bool is_trap_signal(const struct trap_frame *f, int sig)
{
	if (f->vector >= 32)
		return false;
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP;
}

static void fill_sigcontext(struct sigcontext32 *sc, const struct trap_frame *f, u32 mask_lo,
			    u32 fpstate, u32 cr2, bool trap)
{
	memset(sc, 0, sizeof(*sc));
	sc->gs = f->gs;
	sc->fs = f->fs;
	sc->es = f->es;
	sc->ds = f->ds;
	sc->edi = f->edi;
	sc->esi = f->esi;
	sc->ebp = f->ebp;
	sc->esp = f->user_esp;
	sc->ebx = f->ebx;
	sc->edx = f->edx;
	sc->ecx = f->ecx;
	sc->eax = f->eax;
	/* as Linux: the trap number and error code of the fault, 0 for a sent signal */
	sc->trapno = trap ? f->vector : 0;
	sc->err = trap ? f->error : 0;
	sc->eip = f->eip;
	sc->cs = f->cs;
	sc->eflags = f->eflags;
	sc->esp_at_signal = f->user_esp;
	sc->ss = f->user_ss;
	sc->fpstate = fpstate;
	sc->oldmask = mask_lo;
	sc->cr2 = cr2;
}

static void fill_siginfo(struct siginfo32 *si, const struct ksiginfo *ki)
{
	memset(si, 0, sizeof(*si));
	si->si_signo = ki->signo;
	si->si_errno = ki->errno_;
	si->si_code = ki->code;
	switch (ki->signo) {
	case SIGCHLD:
		si->f.chld.pid = ki->pid;
		si->f.chld.uid = ki->uid;
		si->f.chld.status = ki->status;
		break;
	case SIGSEGV:
	case SIGBUS:
	case SIGILL:
	case SIGFPE:
	case SIGTRAP:
		if (ki->code > 0) {
			si->f.fault.addr = ki->addr;
			break;
		}
		__attribute__((fallthrough)); /* sent by kill */
	default:
		si->f.kill.pid = ki->pid;
		si->f.kill.uid = ki->uid;
		break;
	}
}

/*
 * Where the frame goes: below the interrupted stack pointer, or at the top
 * of the alternate stack for SA_ONSTACK handlers when one is set and we
 * are not on it already. As on Linux, the FPU state goes above the frame:
 * its fxsave part 64-aligned, the 112-byte fnsave-style header just below
 * it. The frame is placed so that ((sp + 4) & 15) == 0 when the handler
 * starts, as the i386 ABI expects right after a call. 0: no room (a frame
 * on the alternate stack must stay inside it).
 */
static u32 frame_position(struct task *t, const struct trap_frame *f, const struct k_sigaction *ka,
			  u32 frame_size, u32 *fpstate)
{
	u32 sp = f->user_esp;
	bool alt = on_sig_stack(t, sp);

	if ((ka->flags & SA_ONSTACK) && t->sig.altstack_size && !alt) {
		sp = t->sig.altstack_sp + t->sig.altstack_size;
		alt = true;
	}
	sp = (sp - 512) & ~63u;
	sp -= offsetof(struct fpstate32, fxsave);
	*fpstate = sp;
	sp -= frame_size;
	sp = ((sp + 4) & ~15u) - 4;
	if (alt && !on_sig_stack(t, sp))
		return 0;
	return sp;
}

static const struct ksiginfo *pending_info(struct task *t, int sig)
{
	return &t->sig.info[sig - 1];
}

static int setup_frame(int sig, const struct k_sigaction *ka, const struct ksiginfo *ki,
		       ksigset_t saved_mask, struct trap_frame *f)
{
	struct task *t = current;
	struct fpstate32 fp;
	u32 fpaddr, frame, ret;
	bool rt = ka->flags & SA_SIGINFO;
	bool trap = is_trap_signal(f, sig) && ki->code > 0;
	u32 cr2 = (trap && f->vector == 14) ? ki->addr : 0;

	frame = frame_position(t, f, ka, rt ? sizeof(struct rt_sigframe32) : sizeof(struct sigframe32),
			       &fpaddr);
	if (!frame)
		return -EFAULT;
	fpu_to_frame(&fp);
	if (copy_to_user((void __user *)fpaddr, &fp, sizeof(fp)))
		return -EFAULT;

	if (rt) {
		struct rt_sigframe32 fr;

		memset(&fr, 0, sizeof(fr));
		fr.sig = sig;
		fr.pinfo = frame + offsetof(struct rt_sigframe32, info);
		fr.puc = frame + offsetof(struct rt_sigframe32, uc);
		fill_siginfo(&fr.info, ki);
		fr.uc.uc_flags = 0;
		fr.uc.uc_link = 0;
		fr.uc.uc_stack.ss_sp = t->sig.altstack_sp;
		fr.uc.uc_stack.ss_size = t->sig.altstack_size;
		fr.uc.uc_stack.ss_flags = altstack_flags(t, f->user_esp);
		fill_sigcontext(&fr.uc.uc_mcontext, f, (u32)saved_mask, fpaddr, cr2, trap);
		fr.uc.uc_sigmask[0] = (u32)saved_mask;
		fr.uc.uc_sigmask[1] = (u32)(saved_mask >> 32);
		/* movl $173, %eax; int $0x80 */
		fr.retcode[0] = 0xb8;
		fr.retcode[1] = 173;
		fr.retcode[5] = 0xcd;
		fr.retcode[6] = 0x80;
		ret = (ka->flags & SA_RESTORER) ? ka->restorer
						: frame + offsetof(struct rt_sigframe32, retcode);
		fr.pretcode = ret;
		if (copy_to_user((void __user *)frame, &fr, sizeof(fr)))
			return -EFAULT;
		f->edx = fr.pinfo;
		f->ecx = fr.puc;
	} else {
		struct sigframe32 fr;

		memset(&fr, 0, sizeof(fr));
		fr.sig = sig;
		fill_sigcontext(&fr.sc, f, (u32)saved_mask, fpaddr, cr2, trap);
		fr.extramask = (u32)(saved_mask >> 32);
		/* popl %eax; movl $119, %eax; int $0x80 */
		fr.retcode[0] = 0x58;
		fr.retcode[1] = 0xb8;
		fr.retcode[2] = 119;
		fr.retcode[6] = 0xcd;
		fr.retcode[7] = 0x80;
		ret = (ka->flags & SA_RESTORER) ? ka->restorer
						: frame + offsetof(struct sigframe32, retcode);
		fr.pretcode = ret;
		if (copy_to_user((void __user *)frame, &fr, sizeof(fr)))
			return -EFAULT;
		f->edx = 0;
		f->ecx = 0;
	}

	if ((t->sig.altstack_flags & SS_AUTODISARM) && on_sig_stack(t, frame + 4)) {
		t->sig.altstack_sp = 0;
		t->sig.altstack_size = 0;
		t->sig.altstack_flags = 0;
	}
	/* the handler starts with a clean FPU, as on Linux */
	arch_fpu_reset();
	f->user_esp = frame;
	f->eip = ka->handler;
	f->eax = sig;
	f->cs = USER_CS;
	f->user_ss = USER_DS;
	f->ds = USER_DS;
	f->es = USER_DS;
	f->eflags &= ~(EFL_DF | EFL_RF | EFL_TF);
	return 0;
}

/* Registers back from a frame; false when the frame is unusable. */
static bool restore_sigcontext(struct trap_frame *f, const struct sigcontext32 *sc)
{
	struct task *t = current;

	if (!arch_user_selector_ok(t, sc->gs) || !arch_user_selector_ok(t, sc->fs) ||
	    !arch_user_selector_ok(t, sc->es) || !arch_user_selector_ok(t, sc->ds))
		return false;
	f->gs = sc->gs;
	f->fs = sc->fs;
	f->es = sc->es;
	f->ds = sc->ds;
	f->edi = sc->edi;
	f->esi = sc->esi;
	f->ebp = sc->ebp;
	f->ebx = sc->ebx;
	f->edx = sc->edx;
	f->ecx = sc->ecx;
	f->eax = sc->eax;
	f->eip = sc->eip;
	f->user_esp = sc->esp;
	/* never anything but ring 3 flat segments, whatever the frame says */
	f->cs = USER_CS;
	f->user_ss = USER_DS;
	f->eflags = (f->eflags & ~FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS);
	f->eflags |= EFL_IF;
	f->eflags &= ~0x3000u; /* IOPL 0 */
	t->sig.orig_eax = -1;  /* no system call to restart */
	return true;
}

static bool restore_fpu_from_user(u32 fpaddr)
{
	struct fpstate32 fp;

	if (!fpaddr) {
		arch_fpu_reset();
		return true;
	}
	if (copy_from_user(&fp, (const void __user *)fpaddr, sizeof(fp)))
		return false;
	fpu_from_frame(&fp);
	return true;
}

long sys_sigreturn(void)
{
	struct trap_frame *f = current->uframe;
	struct sigframe32 fr;
	u32 frame = f->user_esp - 8; /* the restorer's popl took sig; the handler's ret pretcode */
	ksigset_t mask;

	if (copy_from_user(&fr, (const void __user *)frame, sizeof(fr)))
		goto bad;
	mask = ((u64)fr.extramask << 32) | fr.sc.oldmask;
	if (!restore_sigcontext(f, &fr.sc) || !restore_fpu_from_user(fr.sc.fpstate))
		goto bad;
	set_blocked(current, mask);
	return f->eax;
bad:
	force_sigsegv();
	return f->eax;
}

long sys_rt_sigreturn(void)
{
	struct trap_frame *f = current->uframe;
	struct rt_sigframe32 fr;
	u32 frame = f->user_esp - 4; /* the handler's ret popped pretcode */
	u32 sp_before = f->user_esp;
	ksigset_t mask;

	if (copy_from_user(&fr, (const void __user *)frame, sizeof(fr)))
		goto bad;
	mask = ((u64)fr.uc.uc_sigmask[1] << 32) | fr.uc.uc_sigmask[0];
	if (!restore_sigcontext(f, &fr.uc.uc_mcontext) ||
	    !restore_fpu_from_user(fr.uc.uc_mcontext.fpstate))
		goto bad;
	set_blocked(current, mask);
	/* the handler may have changed uc_stack: apply it like sigaltstack (errors ignored) */
	do_sigaltstack(&fr.uc.uc_stack, NULL, sp_before);
	return f->eax;
bad:
	force_sigsegv();
	return f->eax;
}

/* ---------------------------------------------------------------- *
 * Delivery
 * ---------------------------------------------------------------- */
/*
 * POSIX's orphaned process group: no member has a parent in another
 * group of the same session (a parent that is init does not count). The
 * terminal stop signals do nothing to such a group, as on Linux.
 */
struct orphan_scan {
	int pgid;
	bool anchored;
	struct task *leaving; /* a process that is exiting: neither a member nor a parent */
};

static bool pgrp_member_anchored(struct task *t, void *data)
{
	struct orphan_scan *o = data;
	struct task *p = t->parent;

	if (!is_process(t) || t->zombie || t->pgid != o->pgid || !p || p->tgid == 1)
		return false;
	if (t == o->leaving || p == o->leaving)
		return false;
	if (p->pgid != o->pgid && p->sid == t->sid) {
		o->anchored = true;
		return true;
	}
	return false;
}

static bool pgrp_orphaned_without(int pgid, struct task *leaving)
{
	struct orphan_scan o = { pgid, false, leaving };

	task_find(pgrp_member_anchored, &o);
	return !o.anchored;
}

static bool pgrp_orphaned(int pgid)
{
	return pgrp_orphaned_without(pgid, NULL);
}

bool pgrp_is_orphaned(int pgid)
{
	return pgrp_orphaned(pgid);
}

struct stopped_scan {
	int pgid;
	struct task *leaving;
};

static bool is_stopped_member(struct task *t, void *data)
{
	struct stopped_scan *s = data;

	return is_process(t) && !t->zombie && t != s->leaving && t->pgid == s->pgid &&
	       t->sig.stopped;
}

/*
 * POSIX: when a process group becomes orphaned and has a stopped member,
 * every member gets SIGHUP, then SIGCONT (Linux's kill_orphaned_pgrp).
 */
static void hup_if_newly_orphaned(int pgid, struct task *leaving)
{
	struct stopped_scan s = { pgid, leaving };

	if (pgid <= 0 || !pgrp_orphaned_without(pgid, leaving) || !task_find(is_stopped_member, &s))
		return;
	kill_pgrp_priv(pgid, SIGHUP);
	kill_pgrp_priv(pgid, SIGCONT);
}

void exit_orphaned_pgrps(struct task *t)
{
	struct task *c;
	unsigned long flags;
	int pgids[16];
	unsigned int n = 0;

	/* our own group loses us as the member that tied it to another group */
	if (t->parent && t->parent->pgid != t->pgid && t->parent->sid == t->sid)
		hup_if_newly_orphaned(t->pgid, t);
	/* our children's groups lose us as their parent in the session */
	flags = arch_irq_save();
	list_for_each_entry(c, &t->children, sibling) {
		if (c->pgid != t->pgid && c->sid == t->sid && n < ARRAY_SIZE(pgids))
			pgids[n++] = c->pgid;
	}
	arch_irq_restore(flags);
	for (unsigned int i = 0; i < n; i++)
		hup_if_newly_orphaned(pgids[i], t);
}

/*
 * A stop signal's default action: sleep until SIGCONT (or SIGKILL) comes.
 * Other signals wait, fatal ones too: Linux does not wake a stopped
 * process for them (the shell's `kill %1` of a stopped job needs a
 * SIGCONT after it).
 */
static void do_signal_stop(struct task *t, int sig)
{
	unsigned long flags = arch_irq_save();

	if (t->sig.pending & sigmask(SIGKILL)) {
		arch_irq_restore(flags);
		return;
	}
	t->sig.stopped = true;
	t->sig.wait_report = (sig << 8) | 0x7f;
	notify_parent_stop(t, CLD_STOPPED, sig);
	for (;;) {
		if (!t->sig.stopped || (t->sig.pending & sigmask(SIGKILL)))
			break;
		t->state = TASK_INTERRUPTIBLE; /* other signals wake us: sleep again */
		arch_irq_restore(flags);
		schedule();
		flags = arch_irq_save();
	}
	t->state = TASK_RUNNING;
	t->sig.stopped = false;
	arch_irq_restore(flags);
}

static int dequeue_signal(struct task *t, struct ksiginfo *info)
{
	ksigset_t ready = t->sig.pending & ~t->sig.blocked;
	int sig;

	if (!ready)
		return 0;
	/* SIGKILL first, then the lowest number (synchronous faults are low too) */
	sig = (ready & sigmask(SIGKILL)) ? SIGKILL : __builtin_ctzll(ready) + 1;
	t->sig.pending &= ~sigmask(sig);
	*info = *pending_info(t, sig);
	return sig;
}

static bool is_syscall_frame(const struct trap_frame *f)
{
	return f->vector == SYSCALL_VECTOR && current->sig.orig_eax >= 0;
}

static void restart_syscall(struct trap_frame *f)
{
	f->eax = current->sig.orig_eax;
	f->eip -= 2; /* back onto int $0x80 */
}

void do_signal(struct trap_frame *f)
{
	struct task *t = current;
	bool handled = false;

	if (!frame_from_user(f))
		return;
	arch_irq_enable();
	for (int round = 0; round < _NSIG; round++) {
		struct ksiginfo info;
		struct k_sigaction ka;
		ksigset_t saved;
		unsigned long flags = arch_irq_save();
		int sig = dequeue_signal(t, &info);

		if (!sig) {
			arch_irq_restore(flags);
			break;
		}
		ka = *action_of(t, sig);
		/*
		 * Init takes only the signals it has a handler for, as on
		 * Linux: sent ones (by kill, or by the kernel like a tty's
		 * ^C) with the default action are dropped, SIGKILL and
		 * SIGSTOP included; a fault still kills it.
		 */
		if (t == init_process && ka.handler == SIG_DFL && !info.fault) {
			arch_irq_restore(flags);
			continue;
		}
		if (ka.handler == SIG_IGN ||
		    (ka.handler == SIG_DFL && default_ignored(sig) && sig != SIGKILL)) {
			arch_irq_restore(flags);
			continue;
		}
		if (ka.handler == SIG_DFL && is_stop_signal(sig)) {
			arch_irq_restore(flags);
			if (sig == SIGSTOP || !pgrp_orphaned(t->pgid))
				do_signal_stop(t, sig);
			continue;
		}
		if (ka.handler == SIG_DFL) {
			arch_irq_restore(flags);
			do_exit(signal_wait_status(sig));
		}
		if ((ka.flags & SA_RESETHAND) && t->sig.sighand)
			t->sig.sighand->action[sig - 1].handler = SIG_DFL;
		saved = t->sig.restore_blocked ? t->sig.saved_blocked : t->sig.blocked;
		arch_irq_restore(flags);

		/* the interrupted system call: restart it after the handler, or EINTR */
		if (is_syscall_frame(f)) {
			s32 r = f->eax;

			if (r == -ERESTARTSYS && (ka.flags & SA_RESTART))
				restart_syscall(f);
			else if (r == -ERESTARTSYS || r == -ERESTARTNOHAND || r == -ERESTART_RESTARTBLOCK)
				f->eax = -EINTR;
		}
		t->sig.orig_eax = -1;

		if (setup_frame(sig, &ka, &info, saved, f)) {
			force_sigsegv();
			continue; /* the next round takes the default action */
		}
		flags = arch_irq_save();
		t->sig.restore_blocked = false; /* the frame holds the mask to return to */
		t->sig.blocked |= ka.mask;
		if (!(ka.flags & SA_NODEFER))
			t->sig.blocked |= sigmask(sig);
		t->sig.blocked &= ~UNBLOCKABLE;
		arch_irq_restore(flags);
		handled = true;
	}

	if (!handled) {
		/* no handler ran: an interrupted call restarts unseen */
		if (is_syscall_frame(f)) {
			s32 r = f->eax;

			if (r == -ERESTARTSYS || r == -ERESTARTNOHAND) {
				restart_syscall(f);
			} else if (r == -ERESTART_RESTARTBLOCK) {
				restart_syscall(f);
				f->eax = 0; /* restart_syscall: continue what was saved */
			}
		}
		if (t->sig.restore_blocked) {
			set_blocked(t, t->sig.saved_blocked);
			t->sig.restore_blocked = false;
		}
	}
	t->sig.orig_eax = -1;
	arch_irq_disable();
}

static void signal_return_hook(struct trap_frame *f)
{
	struct task *t = current;

	if (!t->mm && !t->is_user)
		return;
	if (signal_pending(t) || t->sig.restore_blocked ||
	    (f->vector == SYSCALL_VECTOR &&
	     ((s32)f->eax == -ERESTARTSYS || (s32)f->eax == -ERESTARTNOHAND ||
	      (s32)f->eax == -ERESTART_RESTARTBLOCK)))
		do_signal(f);
}

/* ---------------------------------------------------------------- *
 * alarm(2) and ITIMER_REAL (one timer per process, shared by both as
 * POSIX wants), from a fixed pool: timer functions run in interrupt
 * context, where nothing is allocated or freed. The timer finds its
 * process by tgid, so a process that is gone is simply missed (and its
 * slot is taken back when the pool runs out).
 * ---------------------------------------------------------------- */
#define NR_ALARMS 64

struct alarm_slot {
	int tgid;                /* 0: free */
	unsigned long interval;  /* ticks; 0: one shot */
	struct timer timer;
};

static struct alarm_slot alarms[NR_ALARMS];

static void alarm_fire(void *data)
{
	struct alarm_slot *a = data;
	struct task *t = find_process(a->tgid);

	if (t) {
		struct ksiginfo info;

		memset(&info, 0, sizeof(info));
		info.signo = SIGALRM;
		info.code = SI_KERNEL;
		send_signal(t, SIGALRM, &info);
	}
	if (t && a->interval)
		add_timer(&a->timer, jiffies + a->interval);
	else
		a->tgid = 0;
}

/*
 * Disarm current's real-time timer, returning the ticks it had left and
 * its interval; then arm it for `ticks` (0: stay disarmed). Interrupts off.
 */
static unsigned long real_timer_set(unsigned long ticks, unsigned long interval,
				    unsigned long *old_interval)
{
	int tgid = current->tgid;
	struct alarm_slot *a = NULL, *free_slot = NULL;
	unsigned long left = 0;

	if (old_interval)
		*old_interval = 0;
	if (!tgid) /* not a process (slot tgid 0 means free) */
		return 0;
	for (int i = 0; i < NR_ALARMS; i++) {
		if (alarms[i].tgid == tgid && !a)
			a = &alarms[i];
		else if (!alarms[i].tgid && !free_slot)
			free_slot = &alarms[i];
	}
	if (a) {
		if (del_timer(&a->timer))
			left = (long)(a->timer.expires - jiffies) > 0 ? a->timer.expires - jiffies : 1;
		if (old_interval)
			*old_interval = a->interval;
		a->tgid = 0;
		free_slot = a; /* the process's own slot is reused */
	}
	if (!free_slot && ticks) {
		/* the pool is full: take back the slot of a process that is gone */
		for (int i = 0; i < NR_ALARMS && !free_slot; i++) {
			if (!find_process(alarms[i].tgid)) {
				del_timer(&alarms[i].timer);
				alarms[i].tgid = 0;
				free_slot = &alarms[i];
			}
		}
	}
	if (ticks && free_slot) {
		free_slot->tgid = tgid;
		free_slot->interval = interval;
		init_timer(&free_slot->timer, alarm_fire, free_slot);
		add_timer(&free_slot->timer, jiffies + ticks);
	}
	return left;
}

long sys_alarm(unsigned int seconds)
{
	unsigned long ticks = seconds > 0x7fffffffu / HZ ? 0x7fffffffu : seconds * HZ;
	unsigned long flags = arch_irq_save();
	unsigned long left = real_timer_set(ticks, 0, NULL);
	long ret;

	arch_irq_restore(flags);
	/* seconds left, rounded to nearest, and never 0 for an alarm still pending */
	ret = left / HZ + ((left % HZ) >= HZ / 2);
	if (!ret && left)
		ret = 1;
	return ret;
}

#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2
#define USEC_PER_TICK (1000000 / HZ)

struct itimerval32 {
	s32 interval_sec, interval_usec;
	s32 value_sec, value_usec;
};

static bool tv_to_ticks(s32 sec, s32 usec, unsigned long *ticks)
{
	u64 us;

	if (sec < 0 || usec < 0 || usec >= 1000000)
		return false;
	us = (u64)sec * 1000000 + usec;
	us = (us + USEC_PER_TICK - 1) / USEC_PER_TICK; /* never shorter than asked */
	*ticks = us > 0x7fffffffULL ? 0x7fffffff : (unsigned long)us;
	return true;
}

static void ticks_to_tv(unsigned long ticks, s32 *sec, s32 *usec)
{
	*sec = ticks / HZ;
	*usec = (ticks % HZ) * USEC_PER_TICK;
}

/*
 * Only ITIMER_REAL is implemented: the virtual and profiling timers
 * (which count CPU time) return -EINVAL rather than never firing.
 */
long sys_setitimer(int which, const void __user *nu, void __user *old)
{
	struct itimerval32 v, o;
	unsigned long value = 0, interval = 0, left, old_interval, flags;

	if (which != ITIMER_REAL)
		return -EINVAL;
	memset(&v, 0, sizeof(v));
	if (nu && copy_from_user(&v, nu, sizeof(v)))
		return -EFAULT; /* NULL disarms, as Linux accepts */
	if (!tv_to_ticks(v.value_sec, v.value_usec, &value) ||
	    !tv_to_ticks(v.interval_sec, v.interval_usec, &interval))
		return -EINVAL;
	flags = arch_irq_save();
	left = real_timer_set(value, value ? interval : 0, &old_interval);
	arch_irq_restore(flags);
	if (old) {
		ticks_to_tv(left, &o.value_sec, &o.value_usec);
		ticks_to_tv(old_interval, &o.interval_sec, &o.interval_usec);
		if (copy_to_user(old, &o, sizeof(o)))
			return -EFAULT;
	}
	return 0;
}

long sys_getitimer(int which, void __user *cur)
{
	struct itimerval32 o;
	unsigned long left = 0, interval = 0, flags;

	if (which != ITIMER_REAL)
		return -EINVAL;
	flags = arch_irq_save();
	for (int i = 0; i < NR_ALARMS; i++) {
		struct alarm_slot *a = &alarms[i];

		if (a->tgid == current->tgid && current->tgid && !list_empty(&a->timer.link)) {
			left = (long)(a->timer.expires - jiffies) > 0 ? a->timer.expires - jiffies : 1;
			interval = a->interval;
			break;
		}
	}
	arch_irq_restore(flags);
	ticks_to_tv(left, &o.value_sec, &o.value_usec);
	ticks_to_tv(interval, &o.interval_sec, &o.interval_usec);
	return copy_to_user(cur, &o, sizeof(o)) ? -EFAULT : 0;
}

/* ---------------------------------------------------------------- *
 * rt_sigtimedwait: take a signal of `set` without running its handler.
 * While waiting, the set is unblocked (so posting it wakes us) and put
 * back before returning, as Linux does with real_blocked.
 * ---------------------------------------------------------------- */
static long do_sigtimedwait(ksigset_t set, void __user *uinfo, bool has_timeout, u64 timeout_ns)
{
	struct task *t = current;
	ksigset_t saved;
	struct ksiginfo ki;
	unsigned long flags, ticks = 0;
	int sig = 0;

	set &= ~UNBLOCKABLE;
	if (has_timeout) {
		u64 tk = (timeout_ns + (1000000000ULL / HZ) - 1) / (1000000000ULL / HZ);

		ticks = tk > 0x7fffffffULL ? 0x7fffffff : (unsigned long)tk;
	}
	flags = arch_irq_save();
	saved = t->sig.blocked;
	for (;;) {
		ksigset_t ready = t->sig.pending & set;

		if (ready) {
			sig = __builtin_ctzll(ready) + 1;
			t->sig.pending &= ~sigmask(sig);
			ki = t->sig.info[sig - 1];
			break;
		}
		if (t->sig.pending & ~saved & ~set)
			break; /* another signal: -EINTR, and its handler runs */
		if (has_timeout && !ticks)
			break; /* timed out, or only a poll */
		t->sig.real_blocked = saved;
		t->sig.blocked = saved & ~set;
		t->state = TASK_INTERRUPTIBLE;
		arch_irq_restore(flags);
		if (has_timeout)
			ticks = schedule_timeout(ticks);
		else
			schedule();
		flags = arch_irq_save();
		t->state = TASK_RUNNING;
		t->sig.blocked = saved;
		t->sig.real_blocked = 0;
	}
	t->sig.blocked = saved;
	arch_irq_restore(flags);
	if (!sig)
		return (has_timeout && !ticks) ? -EAGAIN : -EINTR;
	if (uinfo) {
		struct siginfo32 si;

		fill_siginfo(&si, &ki);
		if (copy_to_user(uinfo, &si, sizeof(si)))
			return -EFAULT;
	}
	return sig;
}

struct timespec32_ {
	s32 sec, nsec;
};
struct timespec64_ {
	s64 sec, nsec;
};

long sys_rt_sigtimedwait(const void __user *uset, void __user *uinfo, const void __user *uts,
			 size_t setsize)
{
	ksigset_t set;
	struct timespec32_ ts;

	if (setsize != sizeof(ksigset_t))
		return -EINVAL;
	if (copy_from_user(&set, uset, sizeof(set)))
		return -EFAULT;
	if (uts) {
		if (copy_from_user(&ts, uts, sizeof(ts)))
			return -EFAULT;
		if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000)
			return -EINVAL;
	}
	return do_sigtimedwait(set, uinfo, uts != NULL,
			       uts ? (u64)ts.sec * 1000000000ULL + ts.nsec : 0);
}

long sys_rt_sigtimedwait_time64(const void __user *uset, void __user *uinfo,
				const void __user *uts, size_t setsize)
{
	ksigset_t set;
	struct timespec64_ ts;
	s32 nsec;

	if (setsize != sizeof(ksigset_t))
		return -EINVAL;
	if (copy_from_user(&set, uset, sizeof(set)))
		return -EFAULT;
	if (uts) {
		if (copy_from_user(&ts, uts, sizeof(ts)))
			return -EFAULT;
		nsec = (s32)(u32)ts.nsec; /* a 32-bit kernel keeps the low half */
		if (ts.sec < 0 || nsec < 0 || nsec >= 1000000000)
			return -EINVAL;
		if (ts.sec > 0x7fffffffLL)
			ts.sec = 0x7fffffffLL;
		return do_sigtimedwait(set, uinfo, true, (u64)ts.sec * 1000000000ULL + nsec);
	}
	return do_sigtimedwait(set, uinfo, false, 0);
}

/* ---------------------------------------------------------------- */
static bool signal_ready;

void signal_init(void)
{
	if (signal_ready)
		return;
	signal_ready = true;
	sys_time_init();
	for (int i = 0; i < NR_ALARMS; i++)
		init_timer(&alarms[i].timer, alarm_fire, &alarms[i]);
	user_return_hook = signal_return_hook;
}

static int signal_initcall(void)
{
	signal_init();
	return 0;
}
core_initcall(signal_initcall);
