/*
 * A bad memory access kills only the process that made it, with SIGSEGV:
 * loads and stores at NULL, in an unmapped hole, at kernel addresses
 * (0xC0000000 and up), a store into the program's own text, a jump to
 * NULL; the parent goes on. read() into text returns EFAULT instead.
 */
#include "ut.h"

static char *hole;

static void load(void *a) { (void)*(volatile int *)a; _exit(0); }
static void store(void *a) { *(volatile int *)a = 1; _exit(0); }
static void jump(void *a) { ((void (*)(void))a)(); _exit(0); }

static void expect_segv(void (*fn)(void *), void *addr, const char *what)
{
	int st = ut_in_child(fn, addr);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "%s kills with SIGSEGV (%s)", what,
	      WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV ? "signal 11" : ut_status(st));
}

int main(void)
{
	/* An unmapped hole: map 3 pages, unmap the middle one. */
	char *m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "mmap three pages");
	CHECK(munmap(m + 4096, 4096) == 0, "munmap the middle page");
	hole = m + 4096;

	expect_segv(load, NULL, "load from NULL");
	expect_segv(store, NULL, "store to NULL");
	expect_segv(load, hole, "load from an unmapped hole");
	expect_segv(store, hole, "store to an unmapped hole");
	expect_segv(load, (void *)0xC0000000, "load from 0xC0000000");
	expect_segv(store, (void *)0xC0000000, "store to 0xC0000000");
	expect_segv(load, (void *)0xC0100000, "load from 0xC0100000 (kernel text)");
	expect_segv(load, (void *)0xFFFFF000, "load from 0xFFFFF000");
	expect_segv(store, (void *)(uintptr_t)&main, "store into own text");
	expect_segv(jump, NULL, "jump to NULL");
	expect_segv(jump, hole, "jump into an unmapped hole");

	int fd = open("/bin/bad-address-kills-only-its-process", O_RDONLY);
	CHECK(fd >= 0, "open own binary");
	errno = 0;
	long r = read(fd, (void *)((uintptr_t)&main & ~4095u), 64);
	CHECK(r == -1 && errno == EFAULT, "read() into text returns EFAULT");
	close(fd);
	CHECK(m[0] == 0 && m[8192] == 0, "parent still runs, its pages intact");
	return ut_done();
}
