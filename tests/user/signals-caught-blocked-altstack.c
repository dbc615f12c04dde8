/*
 * Signals as Linux delivers them: a handler installed with sigaction runs
 * with its signal blocked and gets siginfo (si_signo, si_code SI_USER /
 * SI_TKILL, si_pid); a blocked signal stays pending and arrives once
 * unblocked (standard signals do not queue, two become one); SA_ONSTACK
 * runs the handler on the sigaltstack; SA_RESETHAND and SA_NODEFER; SIG_IGN
 * and default actions; SIGKILL and SIGSTOP cannot be caught or ignored;
 * SIGCHLD reaches the parent; SIGPIPE on a write to a pipe with no reader.
 */
#include "ut.h"

static volatile int hits, last_sig, last_code, nested_blocked, on_alt, last_pid_ok;
static char *alt_lo, *alt_hi;

static void handler(int sig, siginfo_t *si, void *uc)
{
	hits++;
	last_sig = sig;
	last_code = si->si_code;
	last_pid_ok = si->si_pid == getpid();
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	nested_blocked = sigismember(&cur, sig);
	char here;
	on_alt = &here >= alt_lo && &here < alt_hi;
}

static volatile int chld;
static void on_chld(int sig) { chld++; }
static volatile int pipes;
static void on_pipe(int sig) { pipes++; }

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0, "sigaction SIGUSR1");
	kill(getpid(), SIGUSR1);
	CHECK(hits == 1 && last_sig == SIGUSR1, "kill to self runs the handler before kill returns");
	CHECK(last_code == SI_USER && last_pid_ok, "siginfo: si_code SI_USER, si_pid is ours");
	CHECK(nested_blocked, "the signal is blocked inside its handler");
	CHECK(!on_alt, "without SA_ONSTACK the handler runs on the normal stack");
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	CHECK(!sigismember(&cur, SIGUSR1), "the mask is restored after the handler");

	syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
	CHECK(hits == 2 && last_code == SI_TKILL, "tgkill: si_code SI_TKILL");

	/* blocked: pending until unblocked, and not queued twice */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);
	CHECK(hits == 2, "a blocked signal is not delivered");
	sigset_t pend;
	sigpending(&pend);
	CHECK(sigismember(&pend, SIGUSR1), "it shows in sigpending");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	CHECK(hits == 3, "unblocking delivers it once (two sends, one delivery)");

	/* alternate stack */
	static char alt[64 * 1024];
	stack_t ss = { .ss_sp = alt, .ss_size = sizeof(alt), .ss_flags = 0 };
	alt_lo = alt;
	alt_hi = alt + sizeof(alt);
	CHECK(sigaltstack(&ss, NULL) == 0, "sigaltstack");
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaction(SIGUSR2, &sa, NULL);
	kill(getpid(), SIGUSR2);
	CHECK(hits == 4 && last_sig == SIGUSR2 && on_alt, "SA_ONSTACK runs the handler on the alternate stack");
	stack_t old;
	CHECK(sigaltstack(NULL, &old) == 0 && old.ss_sp == alt && old.ss_flags == 0,
	      "sigaltstack reports the stack, not in use outside the handler");
	ss.ss_size = 100;
	errno = 0;
	CHECK(sigaltstack(&ss, NULL) == -1 && errno == ENOMEM, "a too small alternate stack: ENOMEM");

	/* SA_RESETHAND: once, then the default (SIGUSR2 would kill: use SIGURG, default ignore) */
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
	sigaction(SIGURG, &sa, NULL);
	kill(getpid(), SIGURG);
	kill(getpid(), SIGURG);
	CHECK(hits == 5, "SA_RESETHAND: the handler runs once");
	struct sigaction now;
	sigaction(SIGURG, NULL, &now);
	CHECK(now.sa_handler == SIG_DFL, "then the action is SIG_DFL");

	/* SA_NODEFER: not blocked inside */
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGUSR1, &sa, NULL);
	kill(getpid(), SIGUSR1);
	CHECK(hits == 6 && !nested_blocked, "SA_NODEFER: the signal is not blocked inside its handler");

	/* SIG_IGN */
	signal(SIGUSR1, SIG_IGN);
	kill(getpid(), SIGUSR1);
	CHECK(hits == 6, "SIG_IGN: ignored");

	/* SIGKILL / SIGSTOP cannot be caught, ignored or blocked */
	errno = 0;
	CHECK(sigaction(SIGKILL, &sa, NULL) == -1 && errno == EINVAL, "sigaction(SIGKILL): EINVAL");
	errno = 0;
	CHECK(signal(SIGSTOP, SIG_IGN) == SIG_ERR && errno == EINVAL, "SIG_IGN for SIGSTOP: EINVAL");
	sigset_t all;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	sigprocmask(SIG_BLOCK, NULL, &cur);
	CHECK(!sigismember(&cur, SIGKILL) && !sigismember(&cur, SIGSTOP), "SIGKILL and SIGSTOP cannot be blocked");
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);

	/* default actions in children: SIGTERM kills, SIGCHLD and SIGURG are ignored */
	signal(SIGCHLD, on_chld);
	pid_t pid = fork();
	if (pid == 0) {
		kill(getpid(), SIGURG);
		kill(getpid(), SIGWINCH);
		raise(SIGTERM);
		_exit(0);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "default actions: SIGURG and SIGWINCH ignored, SIGTERM kills");
	CHECK(chld >= 1, "SIGCHLD reached the parent");

	/* a blocked SIGKILL still kills; SIGKILL while a handler for all else is set */
	pid = fork();
	if (pid == 0) {
		sigset_t a2;
		sigfillset(&a2);
		sigprocmask(SIG_BLOCK, &a2, NULL);
		raise(SIGKILL);
		_exit(0);
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "SIGKILL kills even with everything blocked");

	/* SIGPIPE */
	signal(SIGPIPE, on_pipe);
	int p[2];
	pipe(p);
	close(p[0]);
	errno = 0;
	CHECK(write(p[1], "x", 1) == -1 && errno == EPIPE && pipes == 1, "write to a pipe with no reader: SIGPIPE and EPIPE");
	close(p[1]);
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		int q[2];
		pipe(q);
		close(q[0]);
		(void)!write(q[1], "x", 1);
		_exit(0);
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE, "SIGPIPE's default action kills");

	/* handler reset by execve is tested by exec-resets-handlers; signal on an interrupted read: EINTR */
	return ut_done();
}
