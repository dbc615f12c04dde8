/*
 * SIGSEGV can be handled: the handler gets si_signo SIGSEGV, si_addr the
 * faulting address and si_code SEGV_MAPERR (nothing mapped) or
 * SEGV_ACCERR (mapped, wrong access); siglongjmp out of it resumes the
 * program with the signal mask restored, 100 times in a row; a fault on
 * the alternate stack after stack overflow is caught too; SIGBUS for a
 * page past end of file has si_addr; a fault inside the handler with
 * SIGSEGV blocked kills.
 */
#include "ut.h"

static sigjmp_buf jb;
static volatile void *fault_addr;
static volatile int fault_code, fault_sig;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	fault_sig = sig;
	fault_addr = si->si_addr;
	fault_code = si->si_code;
	siglongjmp(jb, 1);
}

static int probe(volatile char *a, int write)
{
	fault_sig = 0;
	if (sigsetjmp(jb, 1) == 0) {
		if (write)
			*a = 1;
		else
			(void)*a;
		return 0;
	}
	return 1;
}

static volatile int depth_limit = 1 << 30;

static int __attribute__((noinline)) recurse(int n)
{
	volatile char buf[1024];
	buf[0] = (char)n;
	if (n > depth_limit)
		return 0;
	return recurse(n + 1) + buf[0];
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);

	CHECK(probe(NULL, 0) && fault_sig == SIGSEGV && fault_addr == NULL && fault_code == SEGV_MAPERR,
	      "load from NULL: SIGSEGV, si_addr NULL, SEGV_MAPERR");
	char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(probe(ro + 12, 1) && fault_addr == ro + 12 && fault_code == SEGV_ACCERR,
	      "store to a read-only page: si_addr exact, SEGV_ACCERR");
	CHECK(!probe(ro + 12, 0), "a load from it works");
	CHECK(probe((char *)0xC0000010, 0) && fault_sig == SIGSEGV, "load from a kernel address: SIGSEGV");
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	CHECK(!sigismember(&cur, SIGSEGV), "siglongjmp restored the mask (SIGSEGV unblocked)");
	int n = 0;
	for (int i = 0; i < 100; i++)
		n += probe((char *)(uintptr_t)(i * 8), i & 1);
	CHECK(n == 100, "100 faults in a row, each caught");

	int fd = open("/tmp/sigbus.dat", O_CREAT | O_TRUNC | O_RDWR, 0644);
	(void)!write(fd, "x", 1);
	char *f = mmap(NULL, 2 * 4096, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(probe(f + 4096 + 5, 0) && fault_sig == SIGBUS && fault_addr == f + 4096 + 5,
	      "load past end of file: SIGBUS with si_addr");
	close(fd);
	unlink("/tmp/sigbus.dat");

	/* stack overflow caught on the alternate stack */
	pid_t pid = fork();
	if (pid == 0) {
		static char alt[32 * 1024];
		stack_t ss = { .ss_sp = alt, .ss_size = sizeof(alt) };
		sigaltstack(&ss, NULL);
		sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
		sigaction(SIGSEGV, &sa, NULL);
		struct rlimit rl = { 1 << 20, 1 << 20 };
		setrlimit(RLIMIT_STACK, &rl);
		if (sigsetjmp(jb, 1) == 0)
			recurse(0);
		_exit(fault_sig == SIGSEGV ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "stack overflow caught on the alternate stack");

	/* a fault with SIGSEGV blocked kills */
	pid = fork();
	if (pid == 0) {
		sigset_t s;
		sigemptyset(&s);
		sigaddset(&s, SIGSEGV);
		sigprocmask(SIG_BLOCK, &s, NULL);
		*(volatile char *)0 = 1;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "a fault with SIGSEGV blocked kills with SIGSEGV");
	return ut_done();
}
