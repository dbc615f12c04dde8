/*
 * Signals, the miscellaneous system calls and the user CPU state, as far
 * as they can be checked without a user address space: the frame layouts
 * against Linux i386's offsets, posting and masking rules on a kernel
 * thread (pending bits, ignored signals dropped, SIGKILL unblockable,
 * force_sig_fault unblocking), a sleeping pause() woken by a signal, alarm
 * bookkeeping, the clocks, uname, getrandom's and the limits' argument
 * checks (kernel pointers must give -EFAULT), and an FPU save / reset /
 * restore round trip. Suites: signal, sys.
 */
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/sigframe.h"
#include "kernel/sys.h"
#include "kernel/syscalls.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "arch/x86/arch.h"

/* ---- layouts: the numbers a Linux i386 program compiled against glibc expects ---- */
KTEST(signal, frame_layouts_match_linux_i386)
{
	KT_EXPECT_EQ(t, sizeof(struct sigcontext32), 88);
	KT_EXPECT_EQ(t, offsetof(struct sigcontext32, eax), 44);
	KT_EXPECT_EQ(t, offsetof(struct sigcontext32, eip), 56);
	KT_EXPECT_EQ(t, offsetof(struct sigcontext32, eflags), 64);
	KT_EXPECT_EQ(t, offsetof(struct sigcontext32, esp_at_signal), 68);
	KT_EXPECT_EQ(t, offsetof(struct sigcontext32, fpstate), 76);
	KT_EXPECT_EQ(t, offsetof(struct sigcontext32, cr2), 84);
	KT_EXPECT_EQ(t, sizeof(struct fpstate32), 624);
	KT_EXPECT_EQ(t, offsetof(struct fpstate32, magic), 110);
	KT_EXPECT_EQ(t, offsetof(struct fpstate32, fxsave), 112);
	KT_EXPECT_EQ(t, sizeof(struct siginfo32), 128);
	KT_EXPECT_EQ(t, offsetof(struct siginfo32, f.fault.addr), 12);
	KT_EXPECT_EQ(t, offsetof(struct siginfo32, f.chld.status), 20);
	KT_EXPECT_EQ(t, sizeof(struct ucontext32), 116);
	KT_EXPECT_EQ(t, offsetof(struct ucontext32, uc_mcontext), 20);
	KT_EXPECT_EQ(t, offsetof(struct ucontext32, uc_sigmask), 108);
	KT_EXPECT_EQ(t, sizeof(struct sigframe32), 732);
	KT_EXPECT_EQ(t, offsetof(struct sigframe32, extramask), 720);
	KT_EXPECT_EQ(t, offsetof(struct sigframe32, retcode), 724);
	KT_EXPECT_EQ(t, sizeof(struct rt_sigframe32), 268);
	KT_EXPECT_EQ(t, offsetof(struct rt_sigframe32, info), 16);
	KT_EXPECT_EQ(t, offsetof(struct rt_sigframe32, uc), 144);
	KT_EXPECT_EQ(t, offsetof(struct rt_sigframe32, retcode), 260);
	KT_EXPECT_EQ(t, sizeof(struct stack32), 12);
	KT_EXPECT_EQ(t, sizeof(struct ksigaction32), 20);
}

/* Leave the test thread as it found it: nothing pending, nothing blocked, no table. */
static void reset_signals(void)
{
	unsigned long flags = arch_irq_save();
	struct sighand *sh = current->sig.sighand;

	current->sig.pending = 0;
	current->sig.blocked = 0;
	current->sig.sighand = NULL;
	arch_irq_restore(flags);
	sighand_put(sh);
}

KTEST(signal, posting_sets_pending_and_masks_hold_it)
{
	reset_signals();
	KT_EXPECT(t, !signal_pending(current));
	KT_EXPECT_EQ(t, send_signal(current, SIGUSR1, NULL), 0);
	KT_EXPECT(t, current->sig.pending & sigmask(SIGUSR1));
	KT_EXPECT(t, signal_pending(current));
	KT_EXPECT_EQ(t, current->sig.info[SIGUSR1 - 1].signo, SIGUSR1);
	KT_EXPECT_EQ(t, current->sig.info[SIGUSR1 - 1].code, SI_USER);

	current->sig.blocked = sigmask(SIGUSR1);
	KT_EXPECT(t, !signal_pending(current)); /* pending but blocked */
	current->sig.blocked = 0;
	KT_EXPECT(t, signal_pending(current));

	/* invalid numbers; 0 only probes */
	KT_EXPECT_EQ(t, send_signal(current, 65, NULL), -EINVAL);
	KT_EXPECT_EQ(t, send_signal(current, -1, NULL), -EINVAL);
	KT_EXPECT_EQ(t, send_signal(current, 0, NULL), 0);
	reset_signals();
}

KTEST(signal, default_ignored_signals_are_dropped_unless_blocked)
{
	reset_signals();
	send_signal(current, SIGCHLD, NULL);
	send_signal(current, SIGWINCH, NULL);
	send_signal(current, SIGURG, NULL);
	send_signal(current, SIGCONT, NULL);
	KT_EXPECT_EQ(t, current->sig.pending, 0);
	/* blocked: kept, since a handler may be installed before it is unblocked */
	current->sig.blocked = sigmask(SIGCHLD);
	send_signal(current, SIGCHLD, NULL);
	KT_EXPECT(t, current->sig.pending & sigmask(SIGCHLD));
	reset_signals();
}

KTEST(signal, exec_reset_keeps_ignored_and_drops_handlers)
{
	struct sighand *sh;

	reset_signals();
	sh = sighand_copy(NULL);
	KT_ASSERT(t, sh != NULL);
	sh->action[SIGINT - 1].handler = SIG_IGN;
	sh->action[SIGUSR1 - 1].handler = 0x08048000;
	sh->action[SIGUSR1 - 1].flags = SA_SIGINFO | SA_RESTART;
	sh->action[SIGUSR1 - 1].mask = sigmask(SIGUSR2);
	current->sig.sighand = sh;
	current->sig.altstack_sp = 0x1000;
	current->sig.altstack_size = 8192;
	current->sig.blocked = sigmask(SIGTERM);

	/* an ignored signal is dropped; a caught one stays pending */
	send_signal(current, SIGINT, NULL);
	KT_EXPECT(t, !(current->sig.pending & sigmask(SIGINT)));
	KT_EXPECT(t, parent_ignores_sigchld(current) == false);

	signals_exec_reset(current);
	KT_EXPECT_EQ(t, sh->action[SIGINT - 1].handler, SIG_IGN);
	KT_EXPECT_EQ(t, sh->action[SIGUSR1 - 1].handler, SIG_DFL);
	KT_EXPECT_EQ(t, sh->action[SIGUSR1 - 1].flags, 0);
	KT_EXPECT_EQ(t, sh->action[SIGUSR1 - 1].mask, 0);
	KT_EXPECT_EQ(t, current->sig.altstack_size, 0);
	KT_EXPECT_EQ(t, current->sig.blocked, sigmask(SIGTERM)); /* the mask survives exec */

	sh->action[SIGCHLD - 1].handler = SIG_IGN;
	KT_EXPECT(t, parent_ignores_sigchld(current));
	sh->action[SIGCHLD - 1].handler = SIG_DFL;
	sh->action[SIGCHLD - 1].flags = SA_NOCLDWAIT;
	KT_EXPECT(t, parent_ignores_sigchld(current));

	/* a copy is independent */
	struct sighand *copy = sighand_copy(sh);
	KT_ASSERT(t, copy != NULL);
	copy->action[SIGCHLD - 1].flags = 0;
	KT_EXPECT(t, sh->action[SIGCHLD - 1].flags == SA_NOCLDWAIT);
	sighand_put(copy);
	reset_signals();
}

KTEST(signal, force_sig_fault_unblocks_and_resets_an_ignored_signal)
{
	struct sighand *sh;

	reset_signals();
	sh = sighand_copy(NULL);
	KT_ASSERT(t, sh != NULL);
	current->sig.sighand = sh;
	sh->action[SIGSEGV - 1].handler = SIG_IGN;
	current->sig.blocked = sigmask(SIGSEGV) | sigmask(SIGBUS);
	force_sig_fault(SIGSEGV, SEGV_MAPERR, 0x1234);
	KT_EXPECT(t, !(current->sig.blocked & sigmask(SIGSEGV)));
	KT_EXPECT(t, current->sig.blocked & sigmask(SIGBUS));
	KT_EXPECT_EQ(t, sh->action[SIGSEGV - 1].handler, SIG_DFL);
	KT_EXPECT(t, signal_pending(current));
	KT_EXPECT_EQ(t, current->sig.info[SIGSEGV - 1].code, SEGV_MAPERR);
	KT_EXPECT_EQ(t, current->sig.info[SIGSEGV - 1].addr, 0x1234);
	/* a caught, unblocked fault signal keeps its handler */
	current->sig.pending = 0;
	sh->action[SIGBUS - 1].handler = 0x08048000;
	current->sig.blocked = 0;
	force_sig_fault(SIGBUS, BUS_ADRERR, 0x5000);
	KT_EXPECT_EQ(t, sh->action[SIGBUS - 1].handler, 0x08048000);
	KT_EXPECT(t, current->sig.pending & sigmask(SIGBUS));
	reset_signals();
}

KTEST(signal, wait_status_carries_the_core_flag)
{
	u64 saved = current->rlim[RLIMIT_CORE].cur;

	/* RLIMIT_CORE 0 (the default): no core, no flag, as on Linux */
	current->rlim[RLIMIT_CORE].cur = 0;
	KT_EXPECT_EQ(t, signal_wait_status(SIGSEGV), SIGSEGV);
	current->rlim[RLIMIT_CORE].cur = RLIM_INFINITY;
	KT_EXPECT_EQ(t, signal_wait_status(SIGSEGV), SIGSEGV | 0x80);
	KT_EXPECT_EQ(t, signal_wait_status(SIGABRT), SIGABRT | 0x80);
	KT_EXPECT_EQ(t, signal_wait_status(SIGQUIT), SIGQUIT | 0x80);
	KT_EXPECT_EQ(t, signal_wait_status(SIGKILL), SIGKILL);
	KT_EXPECT_EQ(t, signal_wait_status(SIGTERM), SIGTERM);
	KT_EXPECT_EQ(t, signal_wait_status(SIGPIPE), SIGPIPE);
	current->rlim[RLIMIT_CORE].cur = saved;
}

static void pauser(void *arg)
{
	volatile bool *started = arg;

	*started = true;
	thread_exit((int)sys_pause());
}

KTEST(signal, a_signal_wakes_an_interruptible_sleeper)
{
	static volatile bool started;
	struct task *p;
	int code;

	started = false;
	p = kthread_create(pauser, (void *)&started, "pauser");
	KT_ASSERT(t, p != NULL);
	while (!started || p->state != TASK_INTERRUPTIBLE)
		msleep(10);
	/* a blocked signal does not wake it */
	p->sig.blocked = sigmask(SIGUSR2);
	send_signal(p, SIGUSR2, NULL);
	msleep(30);
	KT_EXPECT_EQ(t, p->state, TASK_INTERRUPTIBLE);
	send_signal(p, SIGUSR1, NULL);
	code = kthread_join(p);
	KT_EXPECT_EQ(t, code, -ERESTARTNOHAND); /* -EINTR once a handler ran */
}

KTEST(signal, syscalls_check_sizes_and_numbers_before_pointers)
{
	u64 kset = 0;

	reset_signals();
	KT_EXPECT_EQ(t, sys_rt_sigaction(SIGUSR1, NULL, NULL, 4), -EINVAL);
	KT_EXPECT_EQ(t, sys_rt_sigaction(0, NULL, NULL, 8), -EINVAL);
	KT_EXPECT_EQ(t, sys_rt_sigaction(65, NULL, NULL, 8), -EINVAL);
	KT_EXPECT_EQ(t, sys_rt_sigaction(SIGUSR1, NULL, NULL, 8), 0);
	/* kernel addresses are refused like unmapped ones */
	KT_EXPECT_EQ(t, sys_rt_sigaction(SIGUSR1, &kset, NULL, 8), -EFAULT);
	KT_EXPECT_EQ(t, sys_rt_sigaction(SIGUSR1, NULL, &kset, 8), -EFAULT);
	KT_EXPECT_EQ(t, sys_rt_sigprocmask(0, NULL, NULL, 4), -EINVAL);
	KT_EXPECT_EQ(t, sys_rt_sigprocmask(7, NULL, NULL, 8), 0); /* how is unchecked without set */
	KT_EXPECT_EQ(t, sys_rt_sigprocmask(0, &kset, NULL, 8), -EFAULT);
	KT_EXPECT_EQ(t, sys_rt_sigpending(&kset, 8), -EFAULT);
	KT_EXPECT_EQ(t, sys_rt_sigpending(&kset, 9), -EINVAL);
	KT_EXPECT_EQ(t, sys_rt_sigsuspend(&kset, 4), -EINVAL);
	KT_EXPECT_EQ(t, sys_rt_sigsuspend(&kset, 8), -EFAULT);
	KT_EXPECT_EQ(t, sys_tkill(0, SIGUSR1), -EINVAL);
	KT_EXPECT_EQ(t, sys_tgkill(0, 5, SIGUSR1), -EINVAL);
	KT_EXPECT_EQ(t, sys_tkill(0x7ffffff0, SIGUSR1), -ESRCH);
	KT_EXPECT_EQ(t, sys_kill(0x7ffffff0, 0), -ESRCH);
	KT_EXPECT_EQ(t, sys_kill((int)0x80000000, 0), -ESRCH);
	KT_EXPECT_EQ(t, sys_rt_sigtimedwait(&kset, NULL, NULL, 4), -EINVAL);
	KT_EXPECT_EQ(t, sys_rt_sigtimedwait(&kset, NULL, NULL, 8), -EFAULT);
	KT_EXPECT_EQ(t, sys_rt_sigtimedwait_time64(&kset, NULL, NULL, 8), -EFAULT);
	KT_EXPECT_EQ(t, sys_setitimer(1, NULL, NULL), -EINVAL); /* only ITIMER_REAL */
	KT_EXPECT_EQ(t, sys_setitimer(0, &kset, NULL), -EFAULT);
	KT_EXPECT_EQ(t, sys_getitimer(0, &kset), -EFAULT);
	KT_EXPECT_EQ(t, sys_getitimer(3, &kset), -EINVAL);
	reset_signals();
}

KTEST(signal, alarm_returns_the_seconds_left)
{
	int saved = current->tgid;

	current->tgid = 0x7ffffffe; /* a process id no task has: the alarm fires into nothing */
	KT_EXPECT_EQ(t, sys_alarm(5), 0);
	KT_EXPECT_EQ(t, sys_alarm(3), 5);
	KT_EXPECT_EQ(t, sys_alarm(0), 3);
	KT_EXPECT_EQ(t, sys_alarm(0), 0);
	current->tgid = saved;
}

/* ---- the FPU registers survive a save, a reset and a restore ---- */
KTEST(signal, fpu_save_reset_restore_round_trip)
{
	static u8 a[512] __aligned(16), b[512] __aligned(16), c[512] __aligned(16);
	u16 fcw;

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	memset(c, 0, sizeof(c));
	arch_fpu_save(a);
	arch_fpu_reset();
	arch_fpu_save(b);
	fcw = b[0] | b[1] << 8;
	KT_EXPECT_EQ(t, fcw, 0x037f); /* after fninit */
	if (arch_fpu_sse)
		KT_EXPECT_EQ(t, b[24] | b[25] << 8, 0x1f80); /* default MXCSR */
	arch_fpu_restore(a);
	arch_fpu_save(c);
	KT_EXPECT(t, !memcmp(a, c, arch_fpu_fxsr ? 288 : ARCH_FNSAVE_SIZE));
}

/* ---- kernel/sys.c ---- */
extern const char uts_sysname[], uts_release[], uts_machine[];

KTEST(sys, uname_says_linux_at_least_3_2)
{
	char buf[400];
	unsigned int major = 0, minor = 0;
	const char *p = uts_release;

	KT_EXPECT_STREQ(t, uts_sysname, "Linux");
	KT_EXPECT_STREQ(t, uts_machine, "i686");
	while (*p >= '0' && *p <= '9')
		major = major * 10 + (*p++ - '0');
	KT_EXPECT(t, *p == '.');
	p++;
	while (*p >= '0' && *p <= '9')
		minor = minor * 10 + (*p++ - '0');
	KT_EXPECT(t, major > 3 || (major == 3 && minor >= 2));
	KT_EXPECT_EQ(t, sys_uname(buf), -EFAULT);
	KT_EXPECT_EQ(t, sys_uname(NULL), -EFAULT);
}

KTEST(sys, clocks_advance_and_never_go_back)
{
	u64 a = ktime_get_ns(), b, prev = a, real;
	u32 ts[4];

	for (int i = 0; i < 100000; i++) {
		u64 now = ktime_get_ns();

		KT_ASSERT(t, now >= prev);
		prev = now;
	}
	msleep(100);
	b = ktime_get_ns();
	KT_EXPECT(t, b - a >= 90000000ULL);
	KT_EXPECT(t, b - a < 5000000000ULL);
	real = ktime_get_real_ns();
	KT_EXPECT(t, real / 1000000000ULL > 1600000000ULL); /* the RTC gave a date after 2020 */
	KT_EXPECT_EQ(t, sys_clock_gettime(42, ts), -EINVAL);
	KT_EXPECT_EQ(t, sys_clock_gettime64(-1, ts), -EINVAL);
	KT_EXPECT_EQ(t, sys_clock_gettime(0, ts), -EFAULT);
	KT_EXPECT_EQ(t, sys_clock_gettime64(1, ts), -EFAULT);
	KT_EXPECT_EQ(t, sys_clock_getres(1, NULL), 0);
	KT_EXPECT_EQ(t, sys_clock_getres_time64(10, NULL), -EINVAL); /* CLOCK_SGI_CYCLE */
	KT_EXPECT_EQ(t, sys_clock_getres_time64(12, NULL), -EINVAL);
	KT_EXPECT_EQ(t, sys_clock_getres_time64(8, NULL), 0); /* REALTIME_ALARM */
	KT_EXPECT_EQ(t, sys_gettimeofday(ts, NULL), -EFAULT);
	KT_EXPECT_EQ(t, sys_gettimeofday(NULL, NULL), 0);
	KT_EXPECT(t, sys_time(NULL) > 1600000000);
	KT_EXPECT_EQ(t, sys_time((u32 *)ts), -EFAULT);
	KT_EXPECT_EQ(t, sys_nanosleep(ts, NULL), -EFAULT);
	KT_EXPECT_EQ(t, sys_clock_nanosleep(4, 0, ts, NULL), -EOPNOTSUPP);
	KT_EXPECT_EQ(t, sys_clock_nanosleep(99, 0, ts, NULL), -EINVAL);
}

KTEST(sys, getrandom_checks_flags_then_the_buffer)
{
	u8 buf[64], other[64];

	KT_EXPECT_EQ(t, sys_getrandom(buf, 16, 8), -EINVAL);
	KT_EXPECT_EQ(t, sys_getrandom(buf, 16, 2 | 4), -EINVAL);
	KT_EXPECT_EQ(t, sys_getrandom(buf, 16, 0), -EFAULT);
	KT_EXPECT_EQ(t, sys_getrandom(NULL, 16, 1), -EFAULT);
	KT_EXPECT_EQ(t, sys_getrandom(buf, 0, 0), 0);
	get_random_bytes(buf, sizeof(buf));
	get_random_bytes(other, sizeof(other));
	KT_EXPECT(t, memcmp(buf, other, sizeof(buf)) != 0);
}

KTEST(sys, limits_defaults_and_argument_checks)
{
	struct rlimit64 saved[RLIM_NLIMITS];
	u32 k[4];

	memcpy(saved, current->rlim, sizeof(saved));
	rlimits_init_default(current);
	KT_EXPECT_EQ(t, current->rlim[RLIMIT_STACK].cur, 8ULL << 20);
	KT_EXPECT_EQ(t, current->rlim[RLIMIT_STACK].max, RLIM_INFINITY);
	KT_EXPECT_EQ(t, current->rlim[RLIMIT_NOFILE].cur, 1024);
	KT_EXPECT_EQ(t, current->rlim[RLIMIT_NOFILE].max, 4096);
	KT_EXPECT_EQ(t, current->rlim[RLIMIT_AS].cur, RLIM_INFINITY);
	KT_EXPECT_EQ(t, current->rlim[RLIMIT_CORE].cur, 0);
	KT_EXPECT_EQ(t, sys_getrlimit(16, k), -EINVAL);
	KT_EXPECT_EQ(t, sys_ugetrlimit(RLIMIT_STACK, k), -EFAULT);
	KT_EXPECT_EQ(t, sys_setrlimit(RLIMIT_STACK, k), -EFAULT);
	KT_EXPECT_EQ(t, sys_prlimit64(0, 99, NULL, NULL), -EINVAL);
	KT_EXPECT_EQ(t, sys_prlimit64(0, RLIMIT_STACK, NULL, NULL), 0);
	KT_EXPECT_EQ(t, sys_prlimit64(0x7ffffff0, RLIMIT_STACK, NULL, NULL), -ESRCH);
	KT_EXPECT_EQ(t, sys_prlimit64(0, RLIMIT_STACK, NULL, k), -EFAULT);
	KT_EXPECT_EQ(t, sys_set_robust_list(NULL, 24), -EINVAL);
	KT_EXPECT_EQ(t, sys_set_robust_list(NULL, 12), 0);
	KT_EXPECT_EQ(t, sys_sysinfo(k), -EFAULT);
	KT_EXPECT_EQ(t, sys_getrusage(5, k), -EINVAL);
	KT_EXPECT_EQ(t, sys_getrusage(0, k), -EFAULT);
	KT_EXPECT_EQ(t, sys_times(k), -EFAULT);
	KT_EXPECT_EQ(t, sys_set_thread_area(k), -EFAULT);
	KT_EXPECT_EQ(t, sys_get_thread_area(k), -EFAULT);
	memcpy(current->rlim, saved, sizeof(saved));
}
