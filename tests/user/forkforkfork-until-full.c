/*
 * Forking until the kernel refuses fails cleanly (EAGAIN or ENOMEM, no
 * crash), every child is reaped, and fork works again afterwards; then a
 * tree of forks (each child forks again, 6 levels deep) reaps to the top.
 */
#include "ut.h"

#define CAP 4000

static pid_t kids[CAP];

int main(void)
{
	int p[2];
	CHECK(pipe(p) == 0, "pipe");
	int n = 0, err = 0;
	while (n < CAP) {
		pid_t pid = fork();
		if (pid < 0) {
			err = errno;
			break;
		}
		if (pid == 0) {
			char c;
			close(p[1]);
			(void)!read(p[0], &c, 1);  /* until the parent closes its end */
			_exit(7);
		}
		kids[n++] = pid;
	}
	CHECK(n >= 20, "forked at least 20 processes");
	CHECK(n == CAP || err == EAGAIN || err == ENOMEM, "fork stopped with EAGAIN or ENOMEM (or the cap)");
	close(p[1]);
	int reaped = 0, good = 1;
	for (;;) {
		int st;
		pid_t w = wait(&st);
		if (w < 0)
			break;
		reaped++;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 7)
			good = 0;
	}
	CHECK(reaped == n, "every child reaped");
	CHECK(good, "every child exited with status 7");

	pid_t pid = fork();
	if (pid == 0)
		_exit(3);
	int st;
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 3, "fork works again afterwards");

	/* a tree: each level forks two children and sums their results */
	pid = fork();
	if (pid == 0) {
		int depth = 0;
		for (;;) {
			if (depth == 6)
				_exit(1);
			pid_t a = fork();
			if (a == 0) {
				depth++;
				continue;
			}
			pid_t b = fork();
			if (b == 0) {
				depth++;
				continue;
			}
			int sa = 0, sb = 0;
			waitpid(a, &sa, 0);
			waitpid(b, &sb, 0);
			_exit(WEXITSTATUS(sa) + WEXITSTATUS(sb) > 255 ? 255 : WEXITSTATUS(sa) + WEXITSTATUS(sb));
		}
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 64,
	      "a fork tree 6 levels deep reports 64 leaves");
	return ut_done();
}
