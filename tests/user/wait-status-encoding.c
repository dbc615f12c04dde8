/*
 * wait4/waitpid report Linux's status encoding: exit codes 0..255 (low
 * byte kept), death by signal (SIGKILL, SIGSEGV, SIGABRT, SIGTERM), WNOHANG
 * on a running child, ECHILD with no children, and a wait for one pid
 * leaving the others.
 */
#include "ut.h"

static pid_t spawn_exit(int code)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(code);
	return pid;
}

static pid_t spawn_kill(int sig)
{
	pid_t pid = fork();
	if (pid == 0) {
		kill(getpid(), sig);
		for (;;)
			pause();
	}
	return pid;
}

int main(void)
{
	int codes[] = { 0, 1, 42, 255, 256 + 7 };
	for (unsigned i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		int st;
		pid_t pid = spawn_exit(codes[i]);
		CHECK(waitpid(pid, &st, 0) == pid, "waitpid for exit(%d)", codes[i]);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == (codes[i] & 255) && st == (codes[i] & 255) << 8,
		      "exit(%d) gives status 0x%x", codes[i], (codes[i] & 255) << 8);
	}
	int sigs[] = { SIGKILL, SIGSEGV, SIGTERM, SIGUSR1 };
	for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		int st;
		pid_t pid = spawn_kill(sigs[i]);
		CHECK(waitpid(pid, &st, 0) == pid, "waitpid for signal %d", sigs[i]);
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == sigs[i] && (st & 0x7f) == sigs[i],
		      "killed by signal %d gives status %d", sigs[i], sigs[i]);
	}
	/* abort(): SIGABRT */
	pid_t pid = fork();
	if (pid == 0)
		abort();
	int st;
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT,
	      "abort() kills with SIGABRT");

	/* WNOHANG on a child that is still running */
	int p[2];
	CHECK(pipe(p) == 0, "pipe");
	pid = fork();
	if (pid == 0) {
		char c;
		close(p[1]);
		_exit(read(p[0], &c, 1) == 0 ? 3 : 4);
	}
	close(p[0]);
	CHECK(waitpid(pid, &st, WNOHANG) == 0, "WNOHANG on a running child returns 0");
	close(p[1]);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 3,
	      "the child saw end of file and exited 3");

	/* waiting for one pid leaves the other */
	pid_t a = spawn_exit(5), b = spawn_exit(6);
	CHECK(waitpid(b, &st, 0) == b && WEXITSTATUS(st) == 6, "waitpid(b) reaps b");
	CHECK(waitpid(a, &st, 0) == a && WEXITSTATUS(st) == 5, "then waitpid(a) reaps a");

	/* wait4 with rusage */
	struct rusage ru;
	pid = spawn_exit(9);
	CHECK(wait4(pid, &st, 0, &ru) == pid && WEXITSTATUS(st) == 9, "wait4 with rusage");

	errno = 0;
	CHECK(waitpid(-1, &st, 0) == -1 && errno == ECHILD, "no children left: ECHILD");
	CHECK(waitpid(-1, &st, WNOHANG) == -1 && errno == ECHILD, "WNOHANG with no children: ECHILD");
	return ut_done();
}
