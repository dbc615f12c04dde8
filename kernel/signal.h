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
};

struct signal_state {
	struct sighand *sighand;
	ksigset_t pending;
	ksigset_t blocked;
	ksigset_t saved_blocked;   /* rt_sigsuspend: restored after the handler */
	bool restore_blocked;
	u32 altstack_sp, altstack_size, altstack_flags;
	struct ksiginfo info[_NSIG];
};

struct task;
struct trap_frame;

/* Post sig to t (0 only checks the target). Never sleeps; any context. */
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
void signal_init(void);

#endif
