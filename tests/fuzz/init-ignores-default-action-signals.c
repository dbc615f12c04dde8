/*
 * Init ignores every signal whose action is the default, whoever sends it,
 * and an orphan's exit signal becomes SIGCHLD when init adopts it, as on
 * Linux (SIGNAL_UNKILLABLE; reparent_leader). Regression test of the first
 * bug the fuzzer found: a clone child with exit signal 40 whose parent
 * exited was adopted by init and killed it at its own exit. Booted as
 * init (make fuzz-regress-iso, a step of make test); prints one line per
 * check and `N passed, N failed`.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int passed, failed;
static volatile int usr1_seen;

static void check(int ok, const char *what)
{
	printf("%s: %s\n", what, ok ? "ok" : "FAIL");
	fflush(stdout);
	if (ok)
		passed++;
	else
		failed++;
}

static void on_usr1(int sig)
{
	(void)sig;
	usr1_seen++;
}

static void nap(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0)
		;
}

/* clone without CLONE_VM: a fork whose exit signal is sig. */
static long fork_with_exit_signal(int sig)
{
	return syscall(SYS_clone, sig, 0, 0, 0, 0);
}

int main(void)
{
	if (getpid() != 1)
		return 0;
	/* 1. Sent by another process: SIGTERM, SIGUSR1, 40, SIGKILL, SIGSTOP. */
	pid_t p = fork();
	if (p == 0) {
		kill(1, SIGTERM);
		kill(1, SIGUSR1);
		kill(1, 40);
		kill(1, SIGKILL);
		kill(1, SIGSTOP);
		_exit(0);
	}
	waitpid(p, NULL, 0);
	nap(50);
	check(1, "init-kill-from-a-process: init survives SIGTERM, SIGUSR1, 40, SIGKILL, SIGSTOP");

	/* 2. From a timer: alarm with SIGALRM's default action. */
	alarm(1);
	nap(1300);
	check(1, "init-alarm: init survives its own SIGALRM");

	/* 3. Its own child's exit signal 40. */
	long c = fork_with_exit_signal(40);
	if (c == 0)
		_exit(0);
	int st = 0;
	check(c > 0 && waitpid(c, &st, __WALL) == c && WIFEXITED(st),
	      "init-child-exit-signal-40: init survives and reaps the child");

	/* 4. An orphan whose exit signal was SIGUSR1: init gets SIGCHLD, not SIGUSR1. */
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigaction(SIGUSR1, &sa, NULL);
	int pfd[2];
	if (pipe(pfd))
		return 1;
	p = fork();
	if (p == 0) {
		long b = fork_with_exit_signal(SIGUSR1);
		if (b == 0) {
			char x;
			close(pfd[1]);
			(void)!read(pfd[0], &x, 1); /* until the parent is gone */
			nap(50);
			_exit(7);
		}
		_exit(b > 0 ? 0 : 1);
	}
	close(pfd[0]);
	int a_st = 0;
	waitpid(p, &a_st, 0);
	close(pfd[1]); /* the orphan goes on */
	int reaped = 0, orphan_st = 0;
	for (int i = 0; i < 200 && !reaped; i++) {
		pid_t w = waitpid(-1, &orphan_st, __WALL | WNOHANG);
		if (w > 0)
			reaped = 1;
		else
			nap(10);
	}
	check(WIFEXITED(a_st) && WEXITSTATUS(a_st) == 0 && reaped && WIFEXITED(orphan_st) &&
		      WEXITSTATUS(orphan_st) == 7,
	      "init-adopts-orphan: the orphan is reaped by init with its status");
	check(usr1_seen == 0, "orphan-exit-signal-becomes-sigchld: no SIGUSR1 reached init");
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
