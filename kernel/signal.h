/*
 * Signals (kernel/signal.c): per-task pending and blocked sets, per-process
 * handlers, delivery on the way back to user mode with Linux i386's frame
 * layout (struct sigframe / rt_sigframe), default actions.
 *
 * Anyone may post a signal with send_signal; it only sets a bit, records
 * the siginfo and wakes the task if it sleeps interruptibly. Sleeping code
 * that can wait long (pipes, wait4, nanosleep, the tty) checks
 * signal_pending(current) and returns -EINTR (or -ERESTARTSYS when the
 * call may be restarted after a SA_RESTART handler).
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include "kernel/types.h"

#define _NSIG 64
#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO 29
#define SIGPWR 30
#define SIGSYS 31
#define SIGRTMIN 32

/* si_code values. */
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_TKILL (-6)
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define BUS_ADRERR 2
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_STOPPED 5
#define CLD_CONTINUED 6

typedef u64 ksigset_t;
#define sigmask(sig) (1ULL << ((sig) - 1))

struct k_sigaction {
	u32 handler;   /* SIG_DFL 0, SIG_IGN 1, or a user address */
	u32 flags;     /* SA_* */
	u32 restorer;
	ksigset_t mask;
};

/* The handlers, shared by tasks created with CLONE_SIGHAND (vfork shares none). */
struct sighand {
	int count;
	struct k_sigaction action[_NSIG];
};

/* What a pending signal carries (one per signal number: standard signals do not queue). */
struct ksiginfo {
	int signo, code, errno_;
	int pid, uid;     /* sender, for kill / SIGCHLD */
	int status;       /* SIGCHLD: exit status or signal */
	u32 addr;         /* SIGSEGV / SIGBUS: the faulting address */
	bool fault;       /* raised by force_sig_fault: even init takes its default action */
};

/*
 * The user's x87/SSE registers while the task is switched out (or across a
 * fork): an fxsave image (512 bytes, 16-aligned inside buf) or, on a CPU
 * without FXSR, an fnsave image (108 bytes). valid: buf holds the state;
 * otherwise the task gets a clean FPU (fninit) when it next runs.
 */
struct user_fpu {
	u8 buf[512 + 16];
	bool valid;
};

struct signal_state {
	struct sighand *sighand;
	ksigset_t pending;
	ksigset_t blocked;
	ksigset_t saved_blocked;   /* rt_sigsuspend: restored after the handler */
	ksigset_t real_blocked;    /* rt_sigtimedwait: the mask while it waits unblocked */
	bool restore_blocked;
	u32 altstack_sp, altstack_size, altstack_flags;
	struct ksiginfo info[_NSIG];
	/*
	 * The system call number of the call being left (eax at entry), set by
	 * the dispatcher, -1 once sigreturn restored a frame: decides whether
	 * -ERESTARTSYS may restart a call (kernel/syscall.c sets it).
	 */
	int orig_eax;
	/*
	 * Job control: stopped by a stop signal until SIGCONT or SIGKILL;
	 * wait_report is what wait4 reports next with WUNTRACED (sig << 8 |
	 * 0x7f) or WCONTINUED (0xffff), 0 when nothing (signal_wait_report).
	 */
	bool stopped;
	int wait_report;
	/*
	 * What restart_syscall (nr 0) continues after a nanosleep was
	 * interrupted and no handler ran (-ERESTART_RESTARTBLOCK): kernel/sys.c.
	 */
	struct {
		int kind;     /* 0 none, 1 nanosleep (timespec32 rem), 2 the 64-bit form */
		int clk;
		u64 deadline; /* ns on clk */
		u32 rem;      /* user address for the time left, or 0 */
	} restart;
	u32 robust_list;           /* set_robust_list's head (kernel/sys.c); no futexes yet */
	struct user_fpu fpu;
};

struct task;
struct trap_frame;

/*
 * Post sig to t (0 only checks the target). Never sleeps; any context.
 * info NULL means SI_USER from current (Linux's send_sig(sig, t, 0), e.g.
 * SIGPIPE); SIGCHLD from exit passes code CLD_EXITED / CLD_KILLED /
 * CLD_DUMPED, pid = the child's tgid, status = the exit code (CLD_EXITED)
 * or the signal number (otherwise), as si_status reports them.
 */
int send_signal(struct task *t, int sig, const struct ksiginfo *info);
/* A signal the task cannot ignore from a fault it just took (SIGSEGV, SIGBUS ...). */
void force_sig_fault(int sig, int code, unsigned long addr);
/* True when current has an unblocked signal waiting. */
bool signal_pending(struct task *t);
/* On the way back to user mode: deliver what is pending (kernel/signal.c). */
void do_signal(struct trap_frame *f);
/* fork: a copy of the handlers (or a shared reference); exec: reset to defaults. */
struct sighand *sighand_copy(struct sighand *old);
void sighand_put(struct sighand *sh);
void signals_exec_reset(struct task *t);
/* Installs the return-to-user hook in arch/x86 (idempotent). */
void signal_init(void);

/* Default actions, for callers that must decide without delivering. */
#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO 0x00000004
#define SA_RESTORER 0x04000000
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000
#define SIG_DFL 0
#define SIG_IGN 1
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define MINSIGSTKSZ 2048

/* exit.c: a parent that ignores SIGCHLD (SIG_IGN or SA_NOCLDWAIT) reaps nothing: auto-reap. */
bool parent_ignores_sigchld(struct task *parent);
/*
 * wait4 with WUNTRACED / WCONTINUED: the stop or continue event of child c
 * that options ask for (a wait status), consumed; 0 when there is none.
 * Interrupts off (the caller walks its children).
 */
int signal_wait_report(struct task *c, int options);
/* kill(2) helpers: post sig to every task of a process / a process group. */
int kill_pid(int pid, int sig, const struct ksiginfo *info);
/* Post sig from the kernel (SI_KERNEL) to every process of group pgid; any context. 0 or -ESRCH. */
int kill_pgrp_priv(int pgid, int sig);
/* Does t block sig or have it set to SIG_IGN (the tty's SIGTTIN / SIGTTOU rule)? */
bool signal_ignored_or_blocked(struct task *t, int sig);
/* Does t catch sig with a handler (not blocked, neither SIG_DFL nor SIG_IGN)? */
bool signal_caught(struct task *t, int sig);
/* POSIX's orphaned process group (no member's parent is in another group of the session). */
bool pgrp_is_orphaned(int pgid);
/* exit: groups that t's exit orphans and that hold a stopped process get SIGHUP, SIGCONT. */
void exit_orphaned_pgrps(struct task *t);
/* The wait status a fatal signal gives current: sig, | 0x80 for a core-dumping one when RLIMIT_CORE allows a core. */
int signal_wait_status(int sig);

/*
 * FPU state per task (kernel/signal.c on top of arch/x86/fpu.c). The lead's
 * fork calls fpu_copy(child, parent); exec calls fpu_init_task(current)
 * (a clean FPU, as after fninit). The scheduler saves and restores
 * through arch_switch_user_state (arch/x86/tls.c).
 */
void fpu_init_task(struct task *t);
void fpu_copy(struct task *dst, struct task *src);
/* kernel/sys.c (also in kernel/sys.h): Linux 6.1's default limits for the first process. */
void rlimits_init_default(struct task *t);

#endif
