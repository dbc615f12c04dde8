/*
 * The user stack grows on demand: pusha writes 32 bytes below esp, a
 * 64 KiB local object is touched from its far end, a fresh stack page is
 * first touched by the kernel inside read(), and a touch far beyond
 * RLIMIT_STACK kills the process with SIGSEGV. (How a touch 4 KiB below
 * esp ends is printed: Linux >= 4.20 grows the stack there, a kernel with
 * the old `address + 32 >= esp` rule kills; tests/user_suite.py knows.)
 */
#include "ut.h"

static int __attribute__((noinline)) big_object(void)
{
	volatile char buf[64 * 1024];
	for (int i = 15; i >= 0; i--)
		buf[i * 4096] = 1;  /* from the far end down, page by page */
	buf[sizeof(buf) - 1] = 1;
	int sum = 0;
	for (unsigned i = 0; i < sizeof(buf); i += 4096)
		sum += buf[i];
	return sum + buf[sizeof(buf) - 1];
}

/* Moves esp 1 MiB down in fresh (never touched) stack and lets read()
 * be the first to touch it. */
static int __attribute__((noinline)) read_into_fresh_stack(int fd)
{
	char *p = __builtin_alloca(1024 * 1024);
	__asm__ volatile("" : : "r"(p) : "memory");
	int n = read(fd, p, 16);
	return n == 16 && memcmp(p, "0123456789abcdef", 16) == 0;
}

static void pusha_far_down(void *arg)
{
	/* Move esp down 256 KiB with sub (no touch), then pusha. */
	__asm__ volatile("mov %%esp, %%eax\n\t"
			 "sub $262144, %%esp\n\t"
			 "pusha\n\t"
			 "popa\n\t"
			 "mov %%eax, %%esp"
			 : : : "eax", "memory");
	_exit(0);
}

static void touch_below_esp(void *arg)
{
	long off = (long)arg;
	char *sp;
	__asm__ volatile("mov %%esp, %0" : "=r"(sp));
	/* Make the stack reach esp first (fresh pages down to esp exist). */
	*(volatile char *)(sp - off) = 1;
	_exit(0);
}

int main(void)
{
	CHECK(big_object() == 17, "64 KiB object on the stack");

	int p[2];
	CHECK(pipe(p) == 0, "pipe");
	CHECK(write(p[1], "0123456789abcdef", 16) == 16, "fill the pipe");
	CHECK(read_into_fresh_stack(p[0]), "first touch of a stack page inside read()");

	int st = ut_in_child(pusha_far_down, NULL);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "pusha 32 bytes below esp after moving esp 256 KiB down (%s)",
	      ut_status(st));

	/* 16 MiB below esp is past RLIMIT_STACK (8 MiB); Linux keeps at
	 * least 128 MiB free below the stack (mmap_base), so nothing is
	 * mapped there: mincore says so before the touch. */
	char *sp;
	__asm__ volatile("mov %%esp, %0" : "=r"(sp));
	char *far = (char *)(((uintptr_t)sp - 16 * 1024 * 1024) & ~4095u);
	unsigned char vec;
	errno = 0;
	CHECK(mincore(far, 4096, &vec) == -1 && errno == ENOMEM, "nothing is mapped 16 MiB below esp");
	st = ut_in_child(touch_below_esp, (void *)(16L * 1024 * 1024));
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
	      "touch 16 MiB below esp (past RLIMIT_STACK) kills with SIGSEGV");

	st = ut_in_child(touch_below_esp, (void *)4096L);
	say("touch 4 KiB below esp: %s", WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "stack grew" :
	    WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV ? "killed by SIGSEGV" : ut_status(st));
	return ut_done();
}
