/*
 * oom-test: the OOM killer (issue 10), run as init with no swap (`noswap`).
 *
 * Phase 1: a canary checksums its own small buffer over and over while a
 * hog maps and touches anonymous memory without end. With no swap, the
 * hog's pages cannot leave memory, so reclaim runs dry and the OOM killer
 * must kill the hog (the biggest process), not init, not the canary: the
 * hog must end by SIGKILL and the canary must finish with the right sums.
 *
 * Phase 2: a fork bomb (processes that fork until fork fails) and two hogs
 * at once. The kernel must stay alive, at least one hog must be killed,
 * and every process must be reaped.
 *
 * After each phase the free pages, page tables and slab objects are back
 * where they started (rmapos_memstat, as utest-init checks). Prints one
 * line per check and, last, "oom-test: 0 errors".
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SYS_rmapos_memstat 511

struct rmapos_memstat {
	uint32_t free_pages, pgtable_pages, slab_objects, processes;
};

static int errors;

static void fail(const char *what)
{
	printf("oom-test: FAIL %s\n", what);
	errors++;
}

static void nap(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Touch anonymous memory, a MiB at a time, until killed. */
static void hog(void)
{
	for (;;) {
		char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);

		if (p == MAP_FAILED) {
			nap(10);
			continue;
		}
		for (int i = 0; i < (1 << 20); i += 4096)
			p[i] = (char)i;
	}
}

/* Sum a 64 KiB buffer many times; exit 0 when every sum was right. */
static void canary(int rounds)
{
	static uint32_t buf[16384];
	uint64_t want = 0;

	for (uint32_t i = 0; i < 16384; i++) {
		buf[i] = i * 2654435761u;
		want += buf[i];
	}
	for (int r = 0; r < rounds; r++) {
		uint64_t sum = 0;

		for (uint32_t i = 0; i < 16384; i++)
			sum += buf[i];
		if (sum != want)
			_exit(2);
		nap(5);
	}
	_exit(0);
}

static pid_t spawn(void (*fn)(void))
{
	pid_t pid = fork();

	if (pid == 0) {
		fn();
		_exit(0);
	}
	return pid;
}

static void canary_100(void) { canary(100); }

/* Fork until fork fails; every child sleeps a little and exits. */
static void fork_bomb(void)
{
	int n = 0;

	for (;;) {
		pid_t pid = fork();

		if (pid == 0) {
			nap(300);
			_exit(0);
		}
		if (pid < 0)
			break;
		n++;
	}
	while (wait(NULL) > 0)
		;
	_exit(n > 0 ? 0 : 3);
}

static void check_baseline(const char *phase, const struct rmapos_memstat *before)
{
	struct rmapos_memstat now;

	if (syscall(SYS_rmapos_memstat, &now))
		return;
	printf("oom-test: %s: free pages %u -> %u, page tables %u -> %u, slab objects %u -> %u\n",
	       phase, before->free_pages, now.free_pages, before->pgtable_pages, now.pgtable_pages,
	       before->slab_objects, now.slab_objects);
	if (now.free_pages < before->free_pages || now.pgtable_pages != before->pgtable_pages ||
	    now.slab_objects > before->slab_objects)
		fail("memory not back to the baseline");
}

int main(void)
{
	struct rmapos_memstat base;
	pid_t c, h, h2, bomb; /* both hogs run until the OOM killer stops each */
	int st, killed = 0, reaped = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	syscall(SYS_rmapos_memstat, &base);

	/* Phase 1: one hog beside a canary. */
	c = spawn(canary_100);
	h = spawn(hog);
	if (c < 0 || h < 0)
		fail("fork");
	if (waitpid(h, &st, 0) != h || !WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
		fail("the hog did not end by SIGKILL");
	else
		printf("oom-test: the hog was killed by SIGKILL\n");
	if (waitpid(c, &st, 0) != c || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail("the canary did not finish correctly");
	else
		printf("oom-test: the canary finished with every sum right\n");
	check_baseline("after the hog", &base);

	/* Phase 2: a fork bomb and two hogs at once. */
	bomb = spawn(fork_bomb);
	h = spawn(hog);
	h2 = spawn(hog);
	if (bomb < 0 || h < 0 || h2 < 0)
		fail("fork");
	for (;;) {
		pid_t pid = wait(&st);

		if (pid < 0) {
			if (errno != ECHILD)
				fail("wait");
			break;
		}
		reaped++;
		if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
			killed++;
	}
	printf("oom-test: fork bomb and hogs: %d processes reaped, %d killed by SIGKILL\n", reaped,
	       killed);
	if (reaped != 3 || killed < 2)
		fail("not every hog was killed, or not every process reaped");
	check_baseline("after the fork bomb", &base);
	printf("oom-test: %d errors\n", errors);
	return errors ? 1 : 0;
}
