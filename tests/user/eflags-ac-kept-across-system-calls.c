/*
 * EFLAGS.AC belongs to the program: ring 3 may set it with popf, and a
 * system call made with it set works and returns with it still set. The
 * kernel clears AC for itself on every entry (under SMAP an AC left set
 * would open user pages to all kernel code, arch/x86/entry.S) and iret
 * gives the program its own flags back. read() into a buffer, a signal
 * handler's siglongjmp and getpid all keep working with AC set. (Alignment
 * checks themselves are not tested: QEMU's TCG does not raise #AC, so
 * Linux under it shows none either.)
 */
#include "ut.h"

#define AC 0x40000u

static inline uint32_t flags(void)
{
	uint32_t f;
	__asm__ volatile("pushfl; popl %0" : "=r"(f));
	return f;
}

static inline void set_ac(void)
{
	__asm__ volatile("pushfl; orl $0x40000, (%%esp); popfl" : : : "memory", "cc");
}

static inline void clear_ac(void)
{
	__asm__ volatile("pushfl; andl $~0x40000, (%%esp); popfl" : : : "memory", "cc");
}

static sigjmp_buf jb;
static volatile uint32_t handler_flags;

static void on_usr1(int sig)
{
	(void)sig;
	handler_flags = flags();
}

static void on_segv(int sig)
{
	(void)sig;
	siglongjmp(jb, 1);
}

static char buf[64] __attribute__((aligned(16)));

int main(void)
{
	CHECK((flags() & AC) == 0, "AC starts clear");
	set_ac();
	uint32_t f = flags();
	clear_ac();
	CHECK(f & AC, "popf sets AC in ring 3");

	int fd = open("/bin/eflags-ac-kept-across-system-calls", O_RDONLY);
	CHECK(fd >= 0, "open own binary");
	set_ac();
	long r = ut_sys(SYS_read, fd, buf, 16);
	uint32_t after = flags();
	clear_ac();
	CHECK(r == 16 && memcmp(buf, "\177ELF", 4) == 0, "read() with AC set copies the bytes");
	CHECK(after & AC, "AC is still set after the read");
	close(fd);

	int errors = 0;
	set_ac();
	for (int i = 0; i < 1000; i++)
		if (ut_sys(SYS_getpid) <= 0 || !(flags() & AC))
			errors++;
	clear_ac();
	CHECK(errors == 0, "1000 getpid calls with AC set: each returns with AC set");

	/* a signal delivered on the way out of a system call made with AC set */
	signal(SIGUSR1, on_usr1);
	long me = getpid();
	set_ac();
	ut_sys(SYS_kill, me, SIGUSR1);
	after = flags();
	clear_ac();
	CHECK(handler_flags & AC, "the handler runs with the AC the program had (as Linux leaves it)");
	CHECK(after & AC, "and the program goes on with AC set after sigreturn");

	/* a fault taken with AC set, left by siglongjmp */
	signal(SIGSEGV, on_segv);
	if (sigsetjmp(jb, 1) == 0) {
		set_ac();
		(void)*(volatile int *)0xC0000000;
	}
	clear_ac();
	CHECK((flags() & AC) == 0, "a kernel-address fault with AC set is SIGSEGV, and siglongjmp out works");
	return ut_done();
}
