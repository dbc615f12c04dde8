/*
 * The program break grows and shrinks: sbrk(0) is stable, 16 MiB grown in
 * steps reads zero and keeps stores, shrinking gives the memory back
 * (touching above the break then faults), growing again reads zero, and a
 * break below the data segment or into the stack is refused.
 */
#include "ut.h"

static void touch(void *a) { *(volatile char *)a = 1; _exit(0); }

int main(void)
{
	char *base = sbrk(0);
	CHECK(base != (void *)-1 && sbrk(0) == base, "sbrk(0) is stable");
	const int step = 256 * 1024, steps = 64;
	for (int i = 0; i < steps; i++) {
		char *p = sbrk(step);
		if (p != base + i * step) {
			say("sbrk step %d: FAIL", i);
			return 1;
		}
	}
	CHECK(sbrk(0) == base + steps * step, "grown by 16 MiB in 64 steps");
	int zero = 1;
	for (int i = 0; i < steps * step; i += 4096)
		if (base[i] != 0)
			zero = 0;
	CHECK(zero, "the new memory reads zero");
	for (int i = 0; i < steps * step; i += 4096)
		base[i] = (char)(i >> 12);
	int kept = 1;
	for (int i = 0; i < steps * step; i += 4096)
		if (base[i] != (char)(i >> 12))
			kept = 0;
	CHECK(kept, "and keeps stores");

	CHECK(brk(base + 4096) == 0 && sbrk(0) == base + 4096, "shrink back to one page");
	CHECK(base[0] == 0, "the page below the break keeps its bytes");
	int st = ut_in_child(touch, base + 8 * 4096);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "above the shrunk break faults");
	CHECK(sbrk(8 * 4096) == base + 4096, "grow again");
	CHECK(base[8 * 4096] == 0 && base[4096] == 0, "regrown memory reads zero");

	for (int round = 0; round < 20; round++) {
		if (sbrk(1 << 20) == (void *)-1 || sbrk(-(1 << 20)) == (void *)-1) {
			say("grow/shrink round %d: FAIL", round);
			return 1;
		}
	}
	CHECK(sbrk(0) == base + 9 * 4096, "20 rounds of 1 MiB up and down end where they started");

	/* refused: far below the start, into the stack, above 3 GiB */
	char *now = sbrk(0);
	long r = syscall(SYS_brk, (long)base - (64L << 20));
	CHECK((char *)r == now, "brk far below the start leaves the break");
	r = syscall(SYS_brk, 0xBFFFF000L);
	CHECK((char *)r == now, "brk into the stack leaves the break");
	r = syscall(SYS_brk, 0xD0000000L);
	CHECK((char *)r == now, "brk above 0xC0000000 leaves the break");
	errno = 0;
	CHECK(sbrk(0x7FFFFFFF) == (void *)-1 && errno == ENOMEM, "sbrk of 2 GiB fails with ENOMEM");
	CHECK(brk(base) == 0, "brk back to the start");
	return ut_done();
}
