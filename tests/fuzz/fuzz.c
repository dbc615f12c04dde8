/*
 * The system call fuzzer: random calls from the kernel's own table, with
 * arguments drawn from pools of the values that break kernels, replayable
 * from a seed. Booted as init (make fuzz SEED=s COUNT=n; make test runs a
 * short sweep), it reads /etc/fuzz.conf (lines `SEED COUNT`), and for each
 * line forks one worker that makes COUNT calls, then checks that the
 * kernel is still whole:
 *
 *   - every worker ended by itself (exit 0) and none hung (a worker whose
 *     call counter stands still for WORKER_STALL_S seconds is a hang);
 *   - afterwards, with every process of the run reaped and the scratch
 *     files removed, free pages, user page tables, slab objects and
 *     pte-chain blocks are what they were before the first worker
 *     (rmapos_memstat, 511, and rmapos_vm_check, 516);
 *   - the VM invariant checker (mm/vm_check.c, through 516) finds nothing.
 *
 * A failure prints the seed, the count and the last calls (number, name,
 * arguments, result) from a ring the worker keeps in memory shared with
 * init, and `make fuzz SEED=s COUNT=n` replays it: the worker's choices
 * depend only on the seed and on what the kernel answered.
 *
 * The worker protects itself, not the kernel. Everything it must keep
 * lives below ARENA_LO: its text, data and heap (0x08048000 on), the
 * fixed layout of test buffers (LAYOUT_AT), its own stack (WSTACK_AT: it
 * runs there, so the process's original stack is free to be a target) and
 * the ring (SHARED_AT). Memory calls that can destroy (munmap, mprotect,
 * mremap, madvise, MAP_FIXED) get addresses at or above ARENA_LO, or
 * ranges that end below the text; everything else may get any address.
 * Calls that end, block or reshape the caller (exit, execve, signals,
 * masks, timers, limits, process groups, TLS; `child` in
 * tests/fuzz/syscall_args.txt) run in a forked child that makes that one
 * call and exits, killed by a timer or the watchdog if it blocks. The
 * worker's own calls run under a one-shot timer, so a call that blocks
 * (a read of an empty pipe) ends with EINTR.
 *
 * Outside rmapos this program does nothing unless started as pid 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <time.h>
#include <unistd.h>

enum { RUN_SELF, RUN_CHILD, RUN_RARE };

struct fuzz_call {
	int nr;
	const char *name;
	int where;
	int nargs;
	unsigned char kind[6];
};

#include "fuzz_table.h"

#define PAGE 4096UL
#define ARENA_LO 0x40000000UL /* destructive memory calls stay at or above this */
#define ARENA_HI 0x48000000UL /* the arena the fuzzer maps and unmaps in */
#define TEXT_LO 0x08000000UL  /* ranges starting below ARENA_LO must end below this */
#define SHARED_AT 0x2f000000UL
#define WSTACK_AT 0x2e000000UL
#define WSTACK_SIZE (1024 * 1024UL)
#define LAYOUT_AT 0x30000000UL
/* The fixed layout, in pages from LAYOUT_AT. */
#define L_DATA 0      /* 16 pages: where valid pointers point */
#define L_DATA_PAGES 16
#define L_IOV 16      /* iovec arrays built per call */
#define L_ARGV 17     /* argv arrays built per call */
#define L_PATH 18     /* path strings (2 pages: a too-long one fits) */
#define L_GUARD 32    /* PROT_NONE */
#define L_RO 33       /* read-only, filled */
#define L_HOLE 34     /* never mapped */
#define L_CROSS 35    /* mapped, followed by... */
#define L_HOLE2 36    /* ...a page never mapped */
#define L_PAGES 37
#define LPAGE(n) (LAYOUT_AT + (n) * PAGE)

#define RING 32
#define WORKER_STALL_S 20
#define CHILD_TIMER_US 20000     /* a child's call is cut off by SIGALRM after this */
#define CHILD_WATCHDOG_MS 100    /* ... and SIGKILLed after this */
#define SELF_TIMER_US 100000     /* a worker's own blocking call gets EINTR after this */
#define RESET_EVERY 2000         /* calls between resets of the arena and the fds */
#define WORKER_AS_LIMIT (96UL << 20)
#define TRACE_FD 1022 /* the console, in trace mode: no pool ever names it */

#define SYS_rmapos_memstat 511
#define SYS_rmapos_vm_check 516

struct ring_entry {
	uint32_t seq;
	uint16_t call;
	uint16_t state; /* 0 running, 1 returned, 2 child */
	long arg[6];
	long ret;
};

struct shared {
	volatile uint32_t calls;      /* calls made so far */
	volatile uint32_t in_children, child_signaled, child_watchdog;
	volatile uint32_t done;
	volatile uint32_t fault_sig, fault_addr, fault_eip; /* the worker's own fault */
	volatile uint32_t per_call[NR_FUZZ_CALLS];
	struct ring_entry ring[RING];
};

static struct shared *sh = (struct shared *)SHARED_AT;

/* ------------------------------------------------------------ the PRNG -- */
static uint64_t rng_state;

static void rng_seed(uint64_t s)
{
	rng_state = s * 0x9e3779b97f4a7c15ULL + 0x2545f4914f6cdd1dULL;
	if (!rng_state)
		rng_state = 1;
}

static uint32_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545f4914f6cdd1dULL) >> 32);
}

static uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

static int chance(int percent)
{
	return (int)below(100) < percent;
}

#define PICK(arr) ((arr)[below(sizeof(arr) / sizeof((arr)[0]))])

/* --------------------------------------------------------- raw calls -- */
static long raw6(long nr, long a, long b, long c, long d, long e, long f)
{
	volatile long v[7] = { nr, a, b, c, d, e, f };
	long ret = (long)v;
	__asm__ volatile("push %%ebp\n\t"
			 "push %%ebx\n\t"
			 "push %%esi\n\t"
			 "push %%edi\n\t"
			 "mov 4(%%eax), %%ebx\n\t"
			 "mov 8(%%eax), %%ecx\n\t"
			 "mov 12(%%eax), %%edx\n\t"
			 "mov 16(%%eax), %%esi\n\t"
			 "mov 20(%%eax), %%edi\n\t"
			 "mov 24(%%eax), %%ebp\n\t"
			 "mov 0(%%eax), %%eax\n\t"
			 "int $0x80\n\t"
			 "pop %%edi\n\t"
			 "pop %%esi\n\t"
			 "pop %%ebx\n\t"
			 "pop %%ebp"
			 : "+a"(ret)
			 : : "ecx", "edx", "memory", "cc");
	return ret;
}

#define raw(nr, ...) raw_n(nr, ##__VA_ARGS__, 0, 0, 0, 0, 0, 0)
#define raw_n(nr, a, b, c, d, e, f, ...) \
	raw6((nr), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

/*
 * A child's one call: make it, then exit at once, without touching the
 * stack (a clone child may come back on any stack pointer, a vfork child
 * on its parent's stack). Every process that returns here ends.
 */
static void __attribute__((noreturn)) raw_call_and_exit(const long v[7])
{
	__asm__ volatile("mov 4(%%eax), %%ebx\n\t"
			 "mov 8(%%eax), %%ecx\n\t"
			 "mov 12(%%eax), %%edx\n\t"
			 "mov 16(%%eax), %%esi\n\t"
			 "mov 20(%%eax), %%edi\n\t"
			 "mov 24(%%eax), %%ebp\n\t"
			 "mov 0(%%eax), %%eax\n\t"
			 "int $0x80\n\t"
			 "mov $252, %%eax\n\t" /* exit_group(0): the whole child */
			 "xor %%ebx, %%ebx\n\t"
			 "int $0x80\n\t"
			 "ud2"
			 : : "a"(v) : "memory");
	__builtin_unreachable();
}

/* ------------------------------------------------------ the worker's pools */
static struct {
	int fds[64];
	int nfds;
	int closed_fd;
	unsigned long maps[64][2]; /* own mappings at or above ARENA_LO: start, length */
	int nmaps;
	unsigned long low[32][2];  /* own mappings the kernel put below ARENA_LO: unmapped at reset */
	int nlow;
	unsigned long just_unmapped;
	unsigned long init_brk, cur_brk, bss_end;
	unsigned long orig_sp;
	long self_pid, dead_pid;
} P;

extern char end[];

static const char *const scratch_paths[] = { "/tmp/fz-0", "/tmp/fz-1", "/tmp/fz-2", "/tmp/fz-3" };
#define NSCRATCH 4

static void fd_add(int fd)
{
	if (fd < 0)
		return;
	for (int i = 0; i < P.nfds; i++)
		if (P.fds[i] == fd)
			return;
	if (P.nfds < 64)
		P.fds[P.nfds++] = fd;
}

static void fd_forget(int fd)
{
	for (int i = 0; i < P.nfds; i++)
		if (P.fds[i] == fd) {
			P.fds[i] = P.fds[--P.nfds];
			P.closed_fd = fd;
			return;
		}
}

static void map_add(unsigned long a, unsigned long len)
{
	if (a >= ARENA_LO && a < 0xc0000000UL) {
		if (P.nmaps < 64) {
			P.maps[P.nmaps][0] = a;
			P.maps[P.nmaps++][1] = len;
		} else {
			P.maps[below(64)][0] = a;
		}
	} else if (P.nlow < 32) {
		P.low[P.nlow][0] = a;
		P.low[P.nlow++][1] = len;
	}
}

static const unsigned long kernel_addrs[] = {
	0xc0000000UL, 0xc0001000UL, 0xc0100000UL, 0xc0100800UL, 0xc0400000UL, 0xc8000000UL,
	0xe0000000UL, 0xf0000000UL, 0xf8000000UL, 0xff800000UL, 0xffc00000UL, 0xfffff000UL,
	0xfffffffcUL, 0xbffffffcUL, 0xbfffff00UL,
};

/* A random value that is no address of the worker's own memory. */
static long not_ours(unsigned long v)
{
	return (long)(v >= TEXT_LO && v < ARENA_LO ? v + ARENA_LO : v);
}

static long gen_int(void)
{
	static const long edge[] = { 0, 1, -1, 2, 0x7fffffff, (long)0x80000000UL, 0xffff, 0x10000,
				     4096, 4095, 4097, -4096, 255, 256 };
	switch (below(8)) {
	case 0:
		return 0;
	case 1:
	case 2:
		return PICK(edge);
	case 3:
	case 4:
		return below(65);
	case 5:
		return (long)(below(1024) * PAGE);
	default:
		return not_ours(rnd());
	}
}

static long gen_len(void)
{
	static const long lens[] = { 0, 1, 4095, 4096, 4097, 8192, 16, 64, 512, 0x7fffffff,
				     (long)0xffffffffUL, (long)0x80000000UL, -4096, 0x10000000,
				     0x10000, 0x20000 };
	return chance(70) ? PICK(lens) : (long)below(0x10000);
}

static long gen_off(void)
{
	static const long offs[] = { 0, 1, 4095, 4096, 8192, 1 << 20, 0x7fffffff, -1, -4096,
				     0x7ffff000 };
	return chance(80) ? PICK(offs) : (long)rnd();
}

static long gen_fd(void)
{
	int r = below(12);
	if (r < 7 && P.nfds)
		return P.fds[below(P.nfds)];
	switch (r) {
	case 7:
		return P.closed_fd;
	case 8:
		return -1;
	case 9:
		return PICK(((const long[]){ 1024, 65536, 0x7fffffff, (long)0x80000000UL, 1023, 1021 }));
	default:
		return below(8);
	}
}

/* A pointer the kernel reads (in) or writes (out). */
static long gen_ptr(int out)
{
	int r = below(100);
	if (r < 40) {
		unsigned long off = below(L_DATA_PAGES * PAGE);
		if (chance(50))
			off &= ~63UL;
		return (long)(LPAGE(L_DATA) + off);
	}
	if (r < 48)
		return (long)(LPAGE(L_CROSS) + PAGE - 1 - below(64)); /* runs into a hole */
	if (r < 55)
		return 0;
	if (r < 65)
		return (long)PICK(kernel_addrs);
	if (r < 71)
		return (long)(LPAGE(L_HOLE) + below(PAGE));
	if (r < 76)
		return (long)(LPAGE(L_RO) + below(PAGE)); /* fine to read, EFAULT to write */
	if (r < 81)
		return (long)(chance(50) ? P.orig_sp - 64 - below(8192) : P.orig_sp - 300 * 1024);
	if (r < 85)
		return (long)(P.just_unmapped ? P.just_unmapped : LPAGE(L_HOLE2));
	if (r < 92 && P.nmaps) {
		int i = below(P.nmaps);
		return (long)(P.maps[i][0] + below(P.maps[i][1] ? P.maps[i][1] : 1));
	}
	if (r < 95)
		return (long)(ARENA_LO + below(ARENA_HI - ARENA_LO));
	(void)out;
	return not_ours(rnd());
}

/* Fill what the kernel will read at p, when p is one of our buffers. */
static void fill_input(long p)
{
	unsigned long a = (unsigned long)p;
	if (a < LPAGE(L_DATA) || a > LPAGE(L_DATA + L_DATA_PAGES) - 64)
		return;
	uint32_t *w = (uint32_t *)a;
	int mode = below(4);
	for (int i = 0; i < 16; i++)
		w[i] = mode == 0 ? 0 : mode == 1 ? below(16) : mode == 2 ? below(1000000000) : rnd();
}

static long gen_path(void)
{
	char *s = (char *)LPAGE(L_PATH);
	int r = below(100);
	if (r < 45)
		return (long)strcpy(s, scratch_paths[below(NSCRATCH)]);
	if (r < 50)
		return (long)strcpy(s, PICK(((const char *[]){ "fz-0", "fz-1", "./fz-2", "../tmp/fz-3" })));
	if (r < 62)
		return (long)strcpy(s, PICK(((const char *[]){ "/", "/etc", "/tmp/", "/tmp/fz-0/x",
						 "/nonexistent/x", "/nonexistent", "", ".", "..",
						 "/tmp/../tmp/fz-1", "//tmp//fz-2", "/etc/" })));
	if (r < 67) {
		int n = chance(50) ? 4200 : 300;
		for (int i = 0; i < n; i++)
			s[i] = i % 2 ? '/' : 'a';
		s[n] = 0;
		return (long)s;
	}
	if (r < 73) {
		/* No terminator before the hole. */
		char *c = (char *)(LPAGE(L_CROSS) + PAGE - 16);
		memset(c, 'b', 16);
		c[0] = '/';
		return (long)c;
	}
	if (r < 80)
		return 0;
	if (r < 90)
		return (long)PICK(kernel_addrs);
	if (r < 95)
		return (long)LPAGE(L_HOLE);
	return gen_ptr(0);
}

static long gen_exe(void)
{
	char *s = (char *)LPAGE(L_PATH);
	if (chance(45))
		return (long)strcpy(s, "/bin/fuzz");
	if (chance(30))
		return (long)strcpy(s, PICK(((const char *[]){ "/tmp/fz-0", "/", "/etc", "/nonexistent",
						 "/etc/fuzz.conf", "" })));
	return gen_path();
}

static long gen_argv(void)
{
	char **v = (char **)LPAGE(L_ARGV);
	char *strs = (char *)(LPAGE(L_ARGV) + 2048);
	strcpy(strs, "/bin/fuzz");
	strcpy(strs + 16, "exec-exit");
	int r = below(100);
	if (r < 50) {
		v[0] = strs;
		v[1] = strs + 16;
		v[2] = NULL;
		return (long)v;
	}
	if (r < 60)
		return 0;
	if (r < 70)
		return (long)PICK(kernel_addrs);
	if (r < 80) {
		v[0] = strs;
		v[1] = (char *)PICK(kernel_addrs);
		v[2] = NULL;
		return (long)v;
	}
	if (r < 90) {
		/* The array itself runs into a hole. */
		char **c = (char **)(LPAGE(L_CROSS) + PAGE - 8);
		c[0] = strs;
		c[1] = strs + 16;
		return (long)c;
	}
	v[0] = strs;
	v[1] = (char *)(LPAGE(L_CROSS) + PAGE - 4); /* a string running into a hole */
	memset(v[1], 'x', 4);
	v[2] = NULL;
	return (long)v;
}

static long gen_iov(void)
{
	int r = below(100);
	if (r >= 85)
		return r < 90 ? 0 : r < 95 ? (long)PICK(kernel_addrs) : (long)(LPAGE(L_CROSS) + PAGE - 8);
	struct iovec *v = (struct iovec *)LPAGE(L_IOV);
	for (int i = 0; i < 8; i++) {
		v[i].iov_base = (void *)gen_ptr(1);
		v[i].iov_len = chance(70) ? below(8192) : (size_t)gen_len();
	}
	return (long)v;
}

static long gen_addr(void)
{
	int r = below(100);
	if (r < 35)
		return (long)(ARENA_LO + below((ARENA_HI - ARENA_LO) / PAGE) * PAGE);
	if (r < 40)
		return (long)(ARENA_LO + below(ARENA_HI - ARENA_LO));
	if (r < 65 && P.nmaps) {
		int i = below(P.nmaps);
		unsigned long len = P.maps[i][1];
		return (long)(P.maps[i][0] + (chance(50) ? 0 : below(len / PAGE + 2) * PAGE));
	}
	if (r < 70)
		return (long)(P.just_unmapped ? P.just_unmapped : ARENA_LO);
	if (r < 75)
		return 0;
	if (r < 87)
		return (long)PICK(kernel_addrs);
	return (long)(0x50000000UL + below(0x60000) * PAGE);
}

static long gen_mlen(void)
{
	static const long lens[] = { 0, 1, 4095, 4096, 4097, 8192, 3 * 4096, 0x10000, 0x100000,
				     (long)0x80000000UL, (long)0xfffff000UL, -4096, 0x7fffffff,
				     0x40000000 };
	if (chance(40))
		return (long)((1 + below(16)) * PAGE);
	if (chance(20) && P.nmaps)
		return (long)P.maps[below(P.nmaps)][1];
	return PICK(lens);
}

static long gen_brk(void)
{
	int r = below(100);
	if (r < 10)
		return 0;
	if (r < 40)
		return (long)(P.cur_brk + below(64) * PAGE + (chance(20) ? below(PAGE) : 0));
	if (r < 55)
		return (long)(P.init_brk + below(16 * 1024) * PAGE); /* up to 64 MiB */
	if (r < 65)
		return (long)P.init_brk;
	if (r < 75)
		return (long)((P.bss_end & ~(PAGE - 1)) - PAGE * (1 + below(4))); /* below the start */
	if (r < 90)
		return (long)PICK(kernel_addrs);
	return (long)(ARENA_LO + below(0x4000) * PAGE);
}

static long gen_pid(void)
{
	switch (below(10)) {
	case 0:
	case 1:
	case 2:
		return P.self_pid; /* in a child: replaced by the child's own (fix_child_args) */
	case 3:
		return 0;
	case 4:
		return -P.self_pid;
	case 5:
		return P.dead_pid;
	case 6:
		return -1;
	case 7:
		return 1;
	case 8:
		return PICK(((const long[]){ 0x7fffffff, 32768, 32767, -32768, (long)0x80000000UL }));
	default:
		return below(40);
	}
}

/* Valid bits of a flag kind; most draws OR a few of them, some are random. */
static long gen_bits(const unsigned long *bits, int n, unsigned long base)
{
	if (chance(15))
		return (long)rnd();
	if (chance(5))
		return (long)(rnd() & 0xff);
	unsigned long v = base;
	int k = below(4);
	for (int i = 0; i < k; i++)
		v |= bits[below(n)];
	return (long)v;
}
#define BITS(base, ...) ({ static const unsigned long b_[] = { __VA_ARGS__ }; \
			   gen_bits(b_, sizeof(b_) / sizeof(b_[0]), (base)); })
#define ONE_OF(...) ({ static const long o_[] = { __VA_ARGS__ }; \
		       chance(85) ? PICK(o_) : (long)rnd(); })

static long gen_arg(int kind)
{
	switch ((enum fuzz_kind)kind) {
	case K_INT:
		return gen_int();
	case K_FD:
		return gen_fd();
	case K_ATFD:
		return chance(35) ? -100 /* AT_FDCWD */ : gen_fd();
	case K_PATH:
		return gen_path();
	case K_EXE:
		return gen_exe();
	case K_ARGV:
		return gen_argv();
	case K_IN: {
		long p = gen_ptr(0);
		fill_input(p);
		return p;
	}
	case K_OUT:
		return gen_ptr(1);
	case K_IOV:
		return gen_iov();
	case K_CNT:
		return ONE_OF(0, 1, 2, 3, 8, 1024, 1025, -1, 0x7fffffff);
	case K_LEN:
		return gen_len();
	case K_OFF:
		return gen_off();
	case K_ADDR:
		return gen_addr();
	case K_MLEN:
		return gen_mlen();
	case K_BRK:
		return gen_brk();
	case K_PID:
		return gen_pid();
	case K_SIG:
		return ONE_OF(0, 1, 2, 9, 10, 11, 12, 13, 14, 15, 17, 18, 19, 20, 28, 31, 32, 33, 34,
			      64, 65, -1);
	case K_CLOCK:
		return ONE_OF(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, -1, -6, 0x7fffffff);
	case K_WHENCE:
		return ONE_OF(0, 1, 2, 3, 4, 5, -1);
	case K_FCNTL:
		return ONE_OF(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 1024, 1025, 1026,
			      1030, 1031, 1032, 1033, 1034, -1);
	case K_IOCTL:
		return ONE_OF(0x5401, 0x5402, 0x5403, 0x5404, 0x5413, 0x5414, 0x541b, 0x5421, 0x540f,
			      0x5410, 0x5451, 0x5450, 0x5429, 0x80045432, 0x4020940d, 0);
	case K_RLIMIT:
		return ONE_OF(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, -1);
	case K_WHO:
		return ONE_OF(0, -1, 1, 2, -2);
	case K_ITIMER:
		return ONE_OF(0, 1, 2, 3, -1);
	case K_SIGSETSZ:
		return chance(75) ? 8 : ONE_OF(0, 4, 7, 16, 128, -1);
	case K_MODE:
		return ONE_OF(0644, 0755, 0600, 0, 07777, 0777, 0xffff, (long)0xffffffffUL, 04755);
	case K_OPENFLAGS:
		return BITS(below(4), 0100, 0200, 0400, 01000, 02000, 04000, 010000, 0200000, 0400000,
			    02000000, 0100000, 04010000, 010000000, 020200000);
	case K_ATFLAGS:
		return BITS(0, 0x100, 0x200, 0x400, 0x800, 0x1000, 0x2000, 0x4000, 0x6000);
	case K_PROT:
		return chance(80) ? (long)below(8) : BITS(0, 1, 2, 4, 0x01000000, 0x02000000, 8);
	case K_MAPFLAGS:
		return BITS(1 + below(3), 0x20, 0x20, 0x10, 0x4000, 0x8000, 0x100000, 0x100, 0x800,
			    0x2000, 0x20000, 0x40000, 0x1000);
	case K_MSYNC:
		return BITS(0, 1, 2, 4, 1, 4);
	case K_MADV:
		return ONE_OF(0, 1, 2, 3, 4, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
			      -1);
	case K_MREMAP:
		return BITS(0, 1, 1, 2, 4);
	case K_WAITOPT:
		return BITS(0, 1, 1, 2, 4, 8, 0x1000000, 0x20000000, 0x40000000, 0x80000000UL);
	case K_CLONE:
		return BITS(chance(70) ? 17 : below(65), 0x100, 0x200, 0x400, 0x800, 0x2000, 0x4000,
			    0x8000, 0x10000, 0x20000, 0x40000, 0x80000, 0x100000, 0x200000,
			    0x400000, 0x800000, 0x1000000, 0x2000000);
	case K_GRFLAGS:
		return BITS(0, 1, 2, 4);
	case NR_FUZZ_KINDS:
		break;
	}
	return 0;
}

/*
 * The one rule that keeps the worker alive: a destructive memory call
 * acts at or above ARENA_LO, or on a range that ends below its text.
 */
static void keep_worker_whole(const struct fuzz_call *c, long *a)
{
	int addr_arg = -1, len_arg = -1;
	const char *n = c->name;
	if (!strcmp(n, "munmap") || !strcmp(n, "mprotect") || !strcmp(n, "madvise") ||
	    !strcmp(n, "mremap")) {
		addr_arg = 0;
		len_arg = 1;
	} else if (!strcmp(n, "mmap2") && (a[3] & 0x10)) { /* MAP_FIXED */
		addr_arg = 0;
		len_arg = 1;
	}
	if (addr_arg >= 0) {
		unsigned long s = (unsigned long)a[addr_arg], l = (unsigned long)a[len_arg];
		if (s < ARENA_LO && (s >= TEXT_LO || l > TEXT_LO - s))
			a[addr_arg] = (long)(ARENA_LO + (s & 0xffffff));
	}
	/* syslog's console actions would silence the kernel lines the run is judged by */
	if (!strcmp(n, "syslog") && (a[0] == 6 || a[0] == 8))
		a[0] = 7;
	if (!strcmp(n, "mremap")) {
		/* The new place (MREMAP_FIXED) and the grown range. */
		unsigned long s = (unsigned long)a[0], nl = (unsigned long)a[2];
		if (s < ARENA_LO && nl > TEXT_LO - s)
			a[2] = (long)PAGE;
		if ((a[3] & 2) && (unsigned long)a[4] < ARENA_LO)
			a[4] = (long)(ARENA_LO + ((unsigned long)a[4] & 0xffffff));
	}
	if (!strcmp(n, "clone") && (a[0] & 0x8000)) {
		/* CLONE_PARENT: the new process is the worker's child; its exit
		 * signal must be one the worker takes without dying. */
		a[0] = (a[0] & ~0xffL) | SIGCHLD;
	}
	if (!strcmp(n, "brk")) {
		unsigned long b = (unsigned long)a[0];
		if (b > P.bss_end && b < P.init_brk)
			a[0] = (long)P.init_brk; /* glibc's TLS lives there */
	}
}

/* ------------------------------------------------------- the worker -- */
static void on_alarm(int sig)
{
	(void)sig;
}

/* A fault of the worker itself: note where, then die of it. */
static void on_fault(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	sh->fault_sig = sig;
	sh->fault_addr = (uint32_t)(unsigned long)si->si_addr;
	sh->fault_eip = uc->uc_mcontext.gregs[REG_EIP];
	signal(sig, SIG_DFL);
	long tid = raw(SYS_gettid);
	raw(SYS_tkill, tid, sig);
}

static void arm_timer(long usec)
{
	struct itimerval it = { { 0, 0 }, { usec / 1000000, usec % 1000000 } };
	raw(SYS_setitimer, ITIMER_REAL, &it, 0);
}

static void reap_some(void)
{
	while (raw(SYS_wait4, -1, 0, WNOHANG | __WALL, 0) > 0)
		;
}

static void fix_child_args(const struct fuzz_call *c, long *a)
{
	long me = raw(SYS_getpid);
	int is_kill = !strcmp(c->name, "kill") || !strcmp(c->name, "tkill") ||
		      !strcmp(c->name, "tgkill") || !strcmp(c->name, "prlimit64");
	for (int i = 0; i < c->nargs; i++) {
		if (c->kind[i] != K_PID)
			continue;
		if (a[i] == P.self_pid)
			a[i] = me;
		else if (a[i] == -P.self_pid)
			a[i] = -me;
		/* kill(-1) would reach the worker; signals and limits for init stay out */
		if (is_kill && (a[i] == -1 || a[i] == 1))
			a[i] = me;
	}
}

static long run_in_child(const struct fuzz_call *c, long *a)
{
	long pid = raw(SYS_fork);
	if (pid < 0)
		return pid;
	if (pid == 0) {
		struct sigaction sa = { .sa_handler = SIG_DFL };
		sigaction(SIGALRM, &sa, NULL);
		raw(SYS_setpgid, 0, 0);
		fix_child_args(c, a);
		arm_timer(CHILD_TIMER_US);
		long v[7] = { c->nr, a[0], a[1], a[2], a[3], a[4], a[5] };
		raw_call_and_exit(v);
	}
	int status = 0;
	/* The watchdog: the worker's own timer cuts the wait short. */
	arm_timer(CHILD_WATCHDOG_MS * 1000L);
	long w = raw(SYS_wait4, pid, &status, __WALL, 0);
	arm_timer(0);
	if (w == -EINTR)
		w = raw(SYS_wait4, pid, &status, WNOHANG | __WALL, 0);
	if (w == 0 || w == -EINTR) {
		sh->child_watchdog++;
		raw(SYS_kill, -pid, SIGKILL);
		raw(SYS_kill, pid, SIGKILL);
		w = raw(SYS_wait4, pid, &status, __WALL, 0);
	}
	if (w == pid && WIFSIGNALED(status))
		sh->child_signaled++;
	/* The child's whole group: what it forked with CLONE_PARENT or left behind. */
	raw(SYS_kill, -pid, SIGKILL);
	reap_some();
	P.dead_pid = pid;
	sh->in_children++;
	return w == pid ? status : w;
}

static void open_scratch(void)
{
	static char block[8192];
	for (unsigned i = 0; i < sizeof(block); i++)
		block[i] = (char)(i * 7 + 3);
	for (int i = 0; i < NSCRATCH; i++) {
		long fd = raw(SYS_open, scratch_paths[i], O_RDWR | O_CREAT, 0644);
		if (fd >= 0) {
			raw(SYS_ftruncate, fd, 0);
			raw(SYS_write, fd, block, (i + 1) * 2048);
			fd_add(fd);
		}
	}
	int p[2];
	for (int i = 0; i < 2; i++)
		if (raw(SYS_pipe2, p, i ? O_NONBLOCK : 0) == 0) {
			fd_add(p[0]);
			fd_add(p[1]);
		}
	fd_add(raw(SYS_open, "/", O_RDONLY | O_DIRECTORY));
	fd_add(raw(SYS_open, "/tmp", O_RDONLY | O_DIRECTORY));
	fd_add(raw(SYS_open, "/etc/motd", O_RDONLY));
}

/* Start the arena over: nothing of ours above ARENA_LO, then a few maps. */
static void reset_arena(void)
{
	unsigned long keep = (P.orig_sp & ~(PAGE - 1)) - (2UL << 20); /* the stack stays */
	raw(SYS_munmap, ARENA_LO, keep - ARENA_LO);
	for (int i = 0; i < P.nmaps; i++)
		if (P.maps[i][0] >= keep)
			raw(SYS_munmap, P.maps[i][0], P.maps[i][1]);
	for (int i = 0; i < P.nlow; i++)
		raw(SYS_munmap, P.low[i][0], P.low[i][1]);
	P.nmaps = P.nlow = 0;
	P.just_unmapped = 0;
	long a = raw(SYS_mmap2, ARENA_LO, 16 * PAGE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (a == (long)ARENA_LO) {
		memset((void *)a, 0x5a, 8 * PAGE);
		map_add(a, 16 * PAGE);
	}
	if (P.nfds > 0) {
		a = raw(SYS_mmap2, ARENA_LO + 0x100000, 2 * PAGE, PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_FIXED, P.fds[0], 0);
		if (a == (long)(ARENA_LO + 0x100000)) {
			((volatile char *)a)[0] = 1;
			map_add(a, 2 * PAGE);
		}
		a = raw(SYS_mmap2, ARENA_LO + 0x200000, 2 * PAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED,
			P.fds[1], 0);
		if (a == (long)(ARENA_LO + 0x200000))
			map_add(a, 2 * PAGE);
	}
	a = raw(SYS_mmap2, ARENA_LO + 0x300000, 4 * PAGE, PROT_NONE,
		MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (a == (long)(ARENA_LO + 0x300000))
		map_add(a, 4 * PAGE);
}

static void reset_fds(void)
{
	for (int fd = 0; fd < 1024; fd++)
		if (fd != TRACE_FD)
			raw(SYS_close, fd);
	P.nfds = 0;
	P.closed_fd = 1000;
	raw(SYS_chdir, "/tmp");
	open_scratch();
}

/* What the kernel answered that a later call may use. */
static void note_result(const struct fuzz_call *c, const long *a, long ret)
{
	const char *n = c->name;
	if (ret < 0 && ret > -4096)
		return;
	if (!strcmp(n, "open") || !strcmp(n, "openat") || !strcmp(n, "creat") || !strcmp(n, "dup") ||
	    !strcmp(n, "dup2") || !strcmp(n, "dup3") ||
	    ((!strcmp(n, "fcntl") || !strcmp(n, "fcntl64")) && (a[1] == 0 || a[1] == 1030)))
		fd_add((int)ret);
	else if ((!strcmp(n, "pipe") || !strcmp(n, "pipe2")) &&
		 (unsigned long)a[0] >= LPAGE(L_DATA) &&
		 (unsigned long)a[0] + 8 <= LPAGE(L_DATA + L_DATA_PAGES)) {
		int *p = (int *)a[0];
		fd_add(p[0]);
		fd_add(p[1]);
	} else if (!strcmp(n, "close"))
		fd_forget((int)a[0]);
	else if (!strcmp(n, "mmap2") || !strcmp(n, "mremap"))
		map_add((unsigned long)ret, (unsigned long)(!strcmp(n, "mmap2") ? a[1] : a[2]));
	else if (!strcmp(n, "munmap") && ret == 0)
		P.just_unmapped = (unsigned long)a[0];
	else if (!strcmp(n, "brk"))
		P.cur_brk = (unsigned long)ret;
}

static const struct fuzz_call *pick_call(void)
{
	for (;;) {
		const struct fuzz_call *c = &fuzz_calls[below(NR_FUZZ_CALLS)];
		if (c->where == RUN_RARE && below(16))
			continue;
		return c;
	}
}

static uint32_t trace_from = 0xffffffffu;

/* Trace mode: every call on the console before it is made (a panic ends
 * the run before init could print the ring). */
static void trace_call(uint32_t i, const struct fuzz_call *c, const long *a)
{
	char buf[256];
	int k = snprintf(buf, sizeof(buf), "fuzz-trace: #%u %s(", i, c->name);
	for (int j = 0; j < c->nargs; j++)
		k += snprintf(buf + k, sizeof(buf) - k, "%s%#lx", j ? ", " : "", (unsigned long)a[j]);
	k += snprintf(buf + k, sizeof(buf) - k, ")\n");
	raw(SYS_write, TRACE_FD, buf, k);
}

static void fuzz_loop(uint32_t count)
{
	for (uint32_t i = 0; i < count; i++) {
		if (i % RESET_EVERY == 0) {
			reset_fds();
			reset_arena();
		}
		const struct fuzz_call *c = pick_call();
		long a[6] = { 0 };
		for (int k = 0; k < c->nargs; k++)
			a[k] = gen_arg(c->kind[k]);
		for (int k = c->nargs; k < 6; k++)
			a[k] = (long)rnd(); /* registers a call ignores */
		keep_worker_whole(c, a);
		struct ring_entry *e = &sh->ring[i % RING];
		e->state = 0;
		e->call = (uint16_t)(c - fuzz_calls);
		memcpy(e->arg, a, sizeof(e->arg));
		e->seq = i;
		sh->calls = i + 1;
		sh->per_call[c - fuzz_calls]++;
		long ret;
		if (i >= trace_from)
			trace_call(i, c, a);
		if (c->where == RUN_CHILD) {
			ret = run_in_child(c, a);
			e->state = 2;
		} else {
			arm_timer(SELF_TIMER_US);
			ret = raw6(c->nr, a[0], a[1], a[2], a[3], a[4], a[5]);
			arm_timer(0);
			e->state = 1;
			note_result(c, a, ret);
		}
		e->ret = ret;
		if (i % 64 == 0)
			reap_some();
	}
}

static uint32_t worker_count;

static void __attribute__((noreturn, used)) worker_on_own_stack(void)
{
	fuzz_loop(worker_count);
	sh->done = 1;
	raw(SYS_exit_group, 0);
	__builtin_unreachable();
}

static int map_fixed(unsigned long at, unsigned long len, int prot)
{
	void *p = mmap((void *)at, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	return p == (void *)at ? 0 : -1;
}

static void __attribute__((noreturn)) worker(uint32_t seed, uint32_t count, uint32_t trace)
{
	trace_from = trace;
	if (trace != 0xffffffffu)
		dup2(1, TRACE_FD);
	volatile int here;
	P.orig_sp = (unsigned long)&here;
	P.self_pid = raw(SYS_getpid);
	P.dead_pid = 30000;
	P.bss_end = (unsigned long)end;
	P.init_brk = P.cur_brk = (unsigned long)raw(SYS_brk, 0);
	rng_seed(seed);
	worker_count = count;

	struct rlimit as = { WORKER_AS_LIMIT, WORKER_AS_LIMIT };
	if (map_fixed(LAYOUT_AT, L_PAGES * PAGE, PROT_READ | PROT_WRITE) ||
	    map_fixed(WSTACK_AT, WSTACK_SIZE, PROT_READ | PROT_WRITE) ||
	    munmap((void *)LPAGE(L_HOLE), PAGE) || munmap((void *)LPAGE(L_HOLE2), PAGE) ||
	    mprotect((void *)LPAGE(L_GUARD), PAGE, PROT_NONE) || setrlimit(RLIMIT_AS, &as))
		raw(SYS_exit_group, 90);
	memset((void *)LPAGE(L_RO), 'r', PAGE);
	mprotect((void *)LPAGE(L_RO), PAGE, PROT_READ);
	struct sigaction sa = { .sa_handler = on_alarm }; /* no SA_RESTART: blocked calls end */
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);
	struct sigaction fa = { .sa_sigaction = on_fault, .sa_flags = SA_SIGINFO };
	sigaction(SIGSEGV, &fa, NULL);
	sigaction(SIGBUS, &fa, NULL);
	sigaction(SIGILL, &fa, NULL);

	unsigned long top = WSTACK_AT + WSTACK_SIZE - 64;
	__asm__ volatile("mov %0, %%esp\n\t"
			 "xor %%ebp, %%ebp\n\t"
			 "call worker_on_own_stack"
			 : : "r"(top) : "memory");
	__builtin_unreachable();
}

/* ------------------------------------------------------------ init side -- */
static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	(void)!write(1, buf, n);
}

struct rmapos_memstat {
	unsigned int free_pages, pgtable_pages, slab_objects, processes;
};

struct rmapos_vm_check {
	unsigned int violations, mms, ptes, rmap_entries, chain_blocks, spare_blocks;
};

struct baseline {
	struct rmapos_memstat m;
	struct rmapos_vm_check v;
	int ok;
};

static int snapshot(struct baseline *b)
{
	memset(b, 0, sizeof(*b));
	b->ok = syscall(SYS_rmapos_vm_check, &b->v) == 0 &&
		syscall(SYS_rmapos_memstat, &b->m) == 0;
	return b->ok;
}

static void print_ring(void)
{
	uint32_t n = sh->calls;
	uint32_t first = n > RING ? n - RING : 0;
	out("fuzz: the last %u calls:\n", n - first);
	for (uint32_t i = first; i < n; i++) {
		struct ring_entry *e = &sh->ring[i % RING];
		const struct fuzz_call *c = &fuzz_calls[e->call % NR_FUZZ_CALLS];
		char args[200];
		int k = 0;
		for (int j = 0; j < c->nargs; j++)
			k += snprintf(args + k, sizeof(args) - k, "%s%#lx", j ? ", " : "",
				      (unsigned long)e->arg[j]);
		args[k] = 0;
		if (e->state == 0)
			out("fuzz:   #%u %s(%s) = (no return)\n", e->seq, c->name, args);
		else if (e->state == 2)
			out("fuzz:   #%u %s(%s) in a child: wait status %#lx\n", e->seq, c->name, args,
			    e->ret);
		else
			out("fuzz:   #%u %s(%s) = %ld\n", e->seq, c->name, args, e->ret);
	}
}

static void reap_everything(void)
{
	kill(-1, SIGKILL);
	for (int tries = 0; tries < 2000; tries++) {
		pid_t w = waitpid(-1, NULL, __WALL | WNOHANG);
		if (w < 0 && errno == ECHILD)
			return;
		if (w <= 0)
			usleep(1000);
	}
}

/* One worker; 1 when it passed. */
static int run_seed(uint32_t seed, uint32_t count, uint32_t trace, double *secs)
{
	memset((void *)sh, 0, sizeof(*sh));
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		out("fuzz: seed %u: fork: %s\n", seed, strerror(errno));
		return 0;
	}
	if (pid == 0) {
		setpgid(0, 0);
		worker(seed, count, trace);
	}
	setpgid(pid, pid);
	int status = 0, done = 0;
	uint32_t last = 0;
	time_t moved = time(NULL);
	while (!done) {
		pid_t w;
		while ((w = waitpid(-1, &status, __WALL | WNOHANG)) > 0)
			if (w == pid) {
				done = 1;
				break;
			}
		if (done)
			break;
		if (sh->calls != last) {
			last = sh->calls;
			moved = time(NULL);
		} else if (time(NULL) - moved > WORKER_STALL_S) {
			out("fuzz: seed %u: HANG: no call returned for %d s\n", seed, WORKER_STALL_S);
			print_ring();
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			reap_everything();
			return 0;
		}
		usleep(20000);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	reap_everything();
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && sh->done && sh->calls == count) {
		out("fuzz: seed %u: %u calls (%u in children: %u killed by a signal, %u by the "
		    "watchdog) in %.1f s: ok\n",
		    seed, sh->calls, sh->in_children, sh->child_signaled, sh->child_watchdog, *secs);
		return 1;
	}
	if (WIFSIGNALED(status))
		out("fuzz: seed %u: FAIL: the worker was killed by signal %d after %u calls\n", seed,
		    WTERMSIG(status), sh->calls);
	if (sh->fault_sig)
		out("fuzz: seed %u: the worker's own fault: signal %u at eip %#x, address %#x\n", seed,
		    sh->fault_sig, sh->fault_eip, sh->fault_addr);
	else
		out("fuzz: seed %u: FAIL: the worker exited with status %d after %u calls\n", seed,
		    WEXITSTATUS(status), sh->calls);
	print_ring();
	out("fuzz: replay: make fuzz SEED=%u COUNT=%u\n", seed, count);
	return 0;
}

static int compare(const struct baseline *a, const struct baseline *b)
{
	int bad = 0;
#define CMP(field, what)                                                                   \
	if (a->field != b->field) {                                                        \
		out("fuzz: LEAK: %s %u before, %u after\n", what, a->field, b->field);     \
		bad = 1;                                                                   \
	}
	CMP(m.free_pages, "free pages");
	CMP(m.pgtable_pages, "user page-table pages");
	CMP(m.slab_objects, "slab objects");
	CMP(m.processes, "processes");
	CMP(v.chain_blocks, "pte-chain blocks");
	CMP(v.spare_blocks, "spare pte-chain blocks");
#undef CMP
	return !bad;
}

int main(int argc, char **argv)
{
	if (getpid() != 1)
		return 0; /* an execve target of the fuzzer itself, or not on a test image */
	(void)argc;
	(void)argv;
	char conf[4096];
	int fd = open("/etc/fuzz.conf", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, conf, sizeof(conf) - 1) : -1;
	if (n <= 0) {
		out("fuzz: cannot read /etc/fuzz.conf\n0 passed, 1 failed\n");
		return 1;
	}
	conf[n] = 0;
	close(fd);
	if (mmap((void *)SHARED_AT, (sizeof(struct shared) + PAGE - 1) & ~(PAGE - 1),
		 PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0) !=
	    (void *)SHARED_AT) {
		out("fuzz: cannot map the shared ring\n0 passed, 1 failed\n");
		return 1;
	}
	/* Its pages exist before the baseline (memstat counts a shared page as held). */
	memset((void *)sh, 0, sizeof(*sh));
	out("fuzz: %u system calls from kernel/syscall_table.h\n", (unsigned)NR_FUZZ_CALLS);
	struct baseline before, after;
	if (!snapshot(&before)) {
		out("fuzz: rmapos_memstat/rmapos_vm_check missing\n0 passed, 1 failed\n");
		return 1;
	}
	int passed = 0, failed = 0;
	uint64_t total = 0;
	double total_s = 0;
	char *save = NULL;
	for (char *line = strtok_r(conf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned seed, count, trace = 0xffffffffu;
		if (line[0] == '#' || sscanf(line, "%u %u %u", &seed, &count, &trace) < 2)
			continue;
		double s = 0;
		if (run_seed(seed, count, trace, &s))
			passed++;
		else
			failed++;
		total += sh->calls;
		total_s += s;
	}
	for (int i = 0; i < NSCRATCH; i++)
		unlink(scratch_paths[i]);
	snapshot(&after);
	if (compare(&before, &after)) {
		out("fuzz: no leak: %u free pages, %u slab objects, %u pte-chain blocks as before\n",
		    after.m.free_pages, after.m.slab_objects, after.v.chain_blocks);
		passed++;
	} else
		failed++;
	if (after.ok && after.v.violations == 0) {
		out("fuzz: vm_check clean (%u mms, %u PTEs, %u reverse-map entries)\n", after.v.mms,
		    after.v.ptes, after.v.rmap_entries);
		passed++;
	} else {
		out("fuzz: vm_check: %u violations\n", after.v.violations);
		failed++;
	}
	out("fuzz: %llu calls in %.1f s\n", (unsigned long long)total, total_s);
	out("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
