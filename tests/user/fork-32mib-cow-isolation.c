/*
 * fork of a process with 32 MiB resident shares the pages copy-on-write:
 * after the fork, parent and child each rewrite every page and neither
 * sees the other's stores (checksums of all 8192 pages on both sides);
 * also the child's view right after fork equals the parent's.
 */
#include "ut.h"

#define MIB 32
#define PAGES (MIB * 256)

static uint32_t page_sum(const uint32_t *p)
{
	uint32_t s = 0;
	for (int i = 0; i < 1024; i += 16)
		s = s * 31 + p[i];
	return s;
}

static int verify(const char *m, uint32_t seed)
{
	int bad = 0;
	for (uint32_t pg = 0; pg < PAGES; pg++) {
		const uint32_t *w = (const uint32_t *)(m + pg * 4096);
		for (int i = 0; i < 1024; i += 16)
			if (w[i] != ut_pattern(pg, i, seed)) {
				bad++;
				break;
			}
	}
	return bad;
}

static void fill(char *m, uint32_t seed)
{
	for (uint32_t pg = 0; pg < PAGES; pg++) {
		uint32_t *w = (uint32_t *)(m + pg * 4096);
		for (int i = 0; i < 1024; i += 16)
			w[i] = ut_pattern(pg, i, seed);
	}
}

int main(void)
{
	char *m = mmap(NULL, MIB << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "map %d MiB", MIB);
	fill(m, 1);
	uint32_t before = 0;
	for (int pg = 0; pg < PAGES; pg++)
		before += page_sum((uint32_t *)(m + pg * 4096));

	int p[2], q[2];
	CHECK(pipe(p) == 0 && pipe(q) == 0, "pipes");
	pid_t pid = fork();
	if (pid == 0) {
		char c = 0;
		int bad = verify(m, 1);        /* the parent's pages, as of the fork */
		fill(m, 2);                    /* every page copied */
		(void)!write(q[1], "x", 1);    /* tell the parent */
		(void)!read(p[0], &c, 1);      /* wait until the parent has written */
		bad += verify(m, 2);           /* still our own bytes */
		_exit(bad ? 1 : 0);
	}
	char c;
	CHECK(read(q[0], &c, 1) == 1, "the child rewrote every page");
	CHECK(verify(m, 1) == 0, "the parent does not see the child's stores");
	fill(m, 3);
	CHECK(write(p[1], "y", 1) == 1, "parent rewrote every page");
	int st;
	CHECK(waitpid(pid, &st, 0) == pid, "wait for the child");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "the child saw the parent's pages at fork and then only its own stores");
	CHECK(verify(m, 3) == 0, "the parent keeps its own stores");

	/* Fork again, the child exits without touching: the parent keeps all. */
	pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, &st, 0);
	fill(m, 4);
	CHECK(verify(m, 4) == 0, "after a second fork and exit, parent's stores stay");
	CHECK(munmap(m, MIB << 20) == 0, "munmap");
	(void)before;
	return ut_done();
}
