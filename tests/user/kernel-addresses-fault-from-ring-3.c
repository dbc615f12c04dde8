/*
 * Ring 3 reaches no kernel byte: a load, a store and a jump at every
 * kernel address range give SIGSEGV with si_code SEGV_MAPERR and si_addr
 * the address probed, and the program goes on (sigsetjmp/siglongjmp out
 * of the handler). The ranges are rmapos's (arch/x86/mmu.h): the direct
 * map of lowmem from 0xC0000000 (128 MiB in the suite's machine), the
 * kernel image page by page from 0xC0100000 (text, data and bss), the
 * rest up to vmalloc, the vmalloc area (its first 64 pages one by one:
 * rmapos keeps the kernel stacks of the first tasks there, mapped, each
 * above an unmapped guard page), the kmap (pkmap) table, the
 * fixmap table and the last page 0xFFFFF000. Linux 6.1 lays these out
 * differently, but every address >= 0xC0000000 faults there the same way
 * (a user access to kernel space is SEGV_MAPERR), so only the verdicts
 * are printed and the two kernels print the same lines.
 */
#include "ut.h"

static sigjmp_buf jb;
static volatile uintptr_t fault_addr;
static volatile int fault_code, fault_sig;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	fault_sig = sig;
	fault_addr = (uintptr_t)si->si_addr;
	fault_code = si->si_code;
	siglongjmp(jb, 1);
}

enum access { READ, WRITE, EXEC };
static const char *const access_name[] = { "read", "write", "execute" };

/* 0 when the access faulted as it must; else what happened instead. */
static const char *probe(uintptr_t a, enum access how)
{
	static char why[96];

	fault_sig = 0;
	fault_addr = 0;
	fault_code = 0;
	if (sigsetjmp(jb, 1) == 0) {
		if (how == READ)
			__asm__ volatile("movl (%0), %%eax" : : "r"(a) : "eax", "memory");
		else if (how == WRITE)
			__asm__ volatile("movl $0x5a5a5a5a, (%0)" : : "r"(a) : "memory");
		else
			((void (*)(void))a)();
		return "the access completed";
	}
	if (fault_sig != SIGSEGV || fault_code != SEGV_MAPERR || fault_addr != a) {
		snprintf(why, sizeof(why), "signal %d code %d addr %#lx", fault_sig, fault_code,
			 (unsigned long)fault_addr);
		return why;
	}
	return NULL;
}

/*
 * Probe [start, end) every step bytes, three ways; with a step of 64 KiB or
 * more also the last word before the next step.
 */
static void probe_range(const char *what, uintptr_t start, uintptr_t end, uintptr_t step)
{
	unsigned long n = 0, bad = 0;

	for (uint64_t a = start; a < end; a += step) {
		uintptr_t addrs[2] = { (uintptr_t)a, (uintptr_t)(a + step - 4) };
		for (int k = 0; k < 2; k++) {
			if ((uint64_t)addrs[k] >= end || (k && step < 0x10000))
				continue;
			for (int how = READ; how <= EXEC; how++) {
				const char *why = probe(addrs[k], how);
				n++;
				if (why && bad++ < 4)
					say("  %s at %#lx: %s", access_name[how],
					    (unsigned long)addrs[k], why);
			}
		}
	}
	CHECK(n > 0 && bad == 0,
	      "%s: every read, write and execute gives SIGSEGV, SEGV_MAPERR, si_addr the address",
	      what);
	if (bad)
		say("  %lu of %lu accesses wrong", bad, n);
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	CHECK(sigaction(SIGSEGV, &sa, NULL) == 0 && sigaction(SIGBUS, &sa, NULL) == 0,
	      "SIGSEGV and SIGBUS handlers");

	probe_range("the first kernel page 0xC0000000", 0xC0000000u, 0xC0001000u, 0x400);
	probe_range("the direct map 0xC0000000-0xC8000000, every 1 MiB", 0xC0000000u,
		    0xC8000000u, 0x100000);
	probe_range("the kernel image 0xC0100000-0xC0200000, page by page (text, data, bss)",
		    0xC0100000u, 0xC0200000u, 0x1000);
	probe_range("above lowmem 0xC8000000-0xF8800000, every 16 MiB", 0xC8000000u,
		    0xF8800000u, 0x1000000);
	probe_range("the start of the vmalloc area 0xF8800000-0xF8840000, page by page",
		    0xF8800000u, 0xF8840000u, 0x1000);
	probe_range("the vmalloc area 0xF8800000-0xFF000000, every 4 MiB", 0xF8800000u,
		    0xFF000000u, 0x400000);
	probe_range("the kmap table 0xFF800000-0xFFC00000, every 256 KiB", 0xFF800000u,
		    0xFFC00000u, 0x40000);
	probe_range("the fixmap table 0xFFC00000-0xFFFF0000, every 256 KiB", 0xFFC00000u,
		    0xFFFF0000u, 0x40000);
	probe_range("the fixmap's last 15 pages, page by page", 0xFFFF0000u, 0xFFFFF000u,
		    0x1000);
	probe_range("the last page 0xFFFFF000, every 1 KiB", 0xFFFFF000u, 0xFFFFFFFFu, 0x400);
	probe_range("the last word 0xFFFFFFFC", 0xFFFFFFFCu, 0xFFFFFFFFu, 0x4);

	/* The program goes on with its own memory intact. */
	static volatile int own = 42;
	CHECK(own == 42 && probe((uintptr_t)&own, WRITE) != NULL && own == 0x5a5a5a5a,
	      "its own data is still writable after the faults");
	return ut_done();
}
