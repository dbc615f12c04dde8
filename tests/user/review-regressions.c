/*
 * Cases a code review found the kernel getting wrong, each kept as it
 * behaves on Linux: a clone with a bad parent tid pointer still succeeds
 * (Linux ignores that store), a clone whose CLONE_SETTLS descriptor is bad
 * fails cleanly (and the kernel lives), CLONE_SETTLS gives the child its
 * descriptor, a
 * TLS selector left in %es survives clearing the slot, a big mmap after a
 * fixed one is ENOMEM instead of wrapping past 4 GiB, brk(0xffffffff)
 * leaves the program in place, PROT_NONE and back keeps a page's
 * contents, a page cut off by ftruncate gives SIGBUS, and kill(1, SIGTERM)
 * does not end init.
 */
#include "ut.h"
#include <asm/ldt.h>
#include <sched.h>
#include <setjmp.h>

static void clone_bad_pointers(void *arg)
{
	ut_failures = 0;
	long r = ut_sys(SYS_clone, CLONE_PARENT_SETTID | SIGCHLD, 0, 0x10, 0, 0);
	if (r == 0)
		_exit(3);
	int st = 0;
	CHECK(r > 0 && waitpid(r, &st, 0) == r && WEXITSTATUS(st) == 3,
	      "clone with a bad parent tid pointer still makes the child");
	r = ut_sys(SYS_clone, CLONE_SETTLS | SIGCHLD, 0, 0, 0x10, 0);
	if (r == 0)
		_exit(3);
	CHECK(r == -EFAULT, "clone with a bad CLONE_SETTLS pointer fails with EFAULT");
	_exit(ut_failures ? 1 : 0);
}

static struct user_desc tls_desc(unsigned int entry, unsigned int base)
{
	struct user_desc d;

	memset(&d, 0, sizeof(d));
	d.entry_number = entry;
	d.base_addr = base;
	d.limit = 0xfffff;
	d.seg_32bit = 1;
	d.limit_in_pages = 1;
	d.useable = 1;
	return d;
}

static void settls_child_sees_it(void *arg)
{
	ut_failures = 0;
	struct user_desc d = tls_desc(7, 0x12345000);
	long pid = syscall(SYS_clone, CLONE_SETTLS | SIGCHLD, 0, 0, &d, 0);

	if (pid == 0) {
		struct user_desc g;

		memset(&g, 0, sizeof(g));
		g.entry_number = 7;
		syscall(SYS_get_thread_area, &g);
		_exit(g.base_addr == 0x12345000 ? 0 : 1);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "CLONE_SETTLS: the child has the new descriptor");
	_exit(ut_failures ? 1 : 0);
}

static void tls_selector_in_es(void *arg)
{
	ut_failures = 0;
	struct user_desc d = tls_desc(7, 0);

	if (syscall(SYS_set_thread_area, &d) != 0)
		_exit(2);
	__asm__ volatile("movl %0, %%es" : : "r"((7 << 3) | 3));
	memset(&d, 0, sizeof(d));
	d.entry_number = 7;
	d.read_exec_only = 1;
	d.seg_not_present = 1;
	CHECK(syscall(SYS_set_thread_area, &d) == 0, "clearing a TLS slot still loaded in %%es");
	_exit(ut_failures ? 1 : 0);
}

static void big_mmap_after_fixed(void *arg)
{
	ut_failures = 0;
	void *a = mmap((void *)0x50000000, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		       -1, 0);
	void *b = mmap(NULL, 0xBFFF0000u, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(a != MAP_FAILED && b == MAP_FAILED && errno == ENOMEM,
	      "a 3 GiB mmap beside a fixed page is ENOMEM");
	void *c = mmap(NULL, 0x10000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(c != MAP_FAILED && ((char *)c)[0] == 0, "and the next small mmap works");
	_exit(ut_failures ? 1 : 0);
}

static void brk_top(void *arg)
{
	ut_failures = 0;
	long before = syscall(SYS_brk, 0);
	long r = syscall(SYS_brk, 0xffffffffUL);
	CHECK(r == before, "brk(0xffffffff) returns the old break");
	_exit(ut_failures ? 1 : 0);
}

static sigjmp_buf jb;
static void on_sigbus(int sig)
{
	siglongjmp(jb, sig);
}

int main(void)
{
	int st;

	st = ut_in_child(clone_bad_pointers, NULL);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the kernel lives after the failed clone (%s)",
	      ut_status(st));
	st = ut_in_child(settls_child_sees_it, NULL);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "CLONE_SETTLS child (%s)", ut_status(st));
	st = ut_in_child(tls_selector_in_es, NULL);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the return path after it (%s)", ut_status(st));
	st = ut_in_child(big_mmap_after_fixed, NULL);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "mmap search (%s)", ut_status(st));
	st = ut_in_child(brk_top, NULL);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the program is still there (%s)", ut_status(st));

	volatile char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 42;
	CHECK(mprotect((void *)p, 4096, PROT_NONE) == 0 &&
	      mprotect((void *)p, 4096, PROT_READ | PROT_WRITE) == 0 && p[0] == 42,
	      "PROT_NONE and back keeps the page's contents");

	int fd = open("/tmp/review-trunc.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char buf[8192];
	memset(buf, 'x', sizeof(buf));
	CHECK(fd >= 0 && write(fd, buf, sizeof(buf)) == (ssize_t)sizeof(buf), "write an 8 KiB file");
	volatile char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED && m[4096] == 'x', "map it shared and read the second page");
	CHECK(ftruncate(fd, 0) == 0, "truncate it to nothing");
	signal(SIGBUS, on_sigbus);
	int sig = sigsetjmp(jb, 1);
	if (!sig)
		(void)m[4096];
	CHECK(sig == SIGBUS, "the cut-off page gives SIGBUS");
	signal(SIGBUS, SIG_DFL);
	munmap((void *)m, 8192);
	close(fd);
	unlink("/tmp/review-trunc.dat");

	pid_t pid = fork();
	if (pid == 0)
		_exit(kill(1, SIGTERM) == 0 ? 0 : 1);
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "kill(1, SIGTERM) is accepted");
	usleep(100 * 1000);
	CHECK(kill(1, 0) == 0, "and init is still there");
	return ut_done();
}
