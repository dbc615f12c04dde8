/*
 * fault-sweep: every allocation of an operation made to fail in turn
 * (issue 12, docs/reliability.md "Fault injection"). Booted as init on
 * rmapos with a mkswap disk (tests/pressure_run.py); the oracle's kernel
 * has no CONFIG_FAULT_INJECTION, so this runs on rmapos only.
 *
 * For each operation (fork + exit + wait, execve of the dynamic /bin/hello,
 * mmap + touch of anonymous and file memory, pipe, creat, a swap-in), for
 * N = 1, 2, ... a child writes N to /proc/self/fail-nth and runs the
 * operation once: its Nth allocation fails. The attempt must end cleanly:
 * success, a call failing with ENOMEM or EAGAIN, or the child killed by
 * SIGKILL (the page-fault OOM path). After it, free pages, page tables,
 * slab objects, processes, chain blocks and swap slots must be exactly
 * where they were before the sweep (rmapos_memstat 511 drops the caches
 * first, rmapos_swapstat 515, rmapos_vm_check 516). An attempt in which
 * no failure was injected (the fault_inject_* counters of /proc/vmstat
 * did not move) ends the sweep; the number of points swept must be > 1.
 * At the end the invariant checker must be clean. Last line:
 * "fault-sweep: 0 errors".
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define SYS_rmapos_memstat 511
#define SYS_rmapos_swapstat 515
#define SYS_rmapos_vm_check 516
#define MAX_POINTS 3000

struct rmapos_memstat {
	uint32_t free_pages, pgtable_pages, slab_objects, processes;
};
struct rmapos_swapstat {
	uint32_t slots_used, slots_mine, cache_pages, cache_mine, cache_mine_unmapped;
};
struct rmapos_vm_check {
	uint32_t violations, mms, ptes, rmap_entries, chain_blocks, spare_blocks;
};

struct snap {
	struct rmapos_memstat m;
	uint32_t slots, chain_blocks;
	uint32_t cache_pages; /* others' swap cache pages */
};

static int errors;

#define FAIL(...) (printf("fault-sweep: FAIL " __VA_ARGS__), putchar('\n'), errors++)

static void snapshot(struct snap *s)
{
	struct rmapos_swapstat sw;
	struct rmapos_vm_check vc;

	if (syscall(SYS_rmapos_memstat, &s->m) || syscall(SYS_rmapos_swapstat, &sw) ||
	    syscall(SYS_rmapos_vm_check, &vc)) {
		FAIL("rmapos statistics calls: %s", strerror(errno));
		exit(1);
	}
	/*
	 * Our own swapped pages are not the attempt's: a page of ours in the
	 * swap cache but unmapped counts as free, as memstat counts our mapped
	 * pages; only others' slots and swap cache pages are compared.
	 */
	s->m.free_pages += sw.cache_mine_unmapped;
	s->slots = sw.slots_used - sw.slots_mine;
	s->cache_pages = sw.cache_pages - sw.cache_mine;
	s->chain_blocks = vc.chain_blocks + vc.spare_blocks;
}

static bool same(const struct snap *a, const struct snap *b)
{
	return a->m.free_pages == b->m.free_pages && a->m.pgtable_pages == b->m.pgtable_pages &&
	       a->m.slab_objects == b->m.slab_objects && a->m.processes == b->m.processes &&
	       a->slots == b->slots && a->chain_blocks == b->chain_blocks &&
	       a->cache_pages == b->cache_pages;
}

static void leak_line(const char *op, int n, const struct snap *a, const struct snap *b)
{
	FAIL("%s N=%d leaked: free pages %+ld, page tables %+ld, slab objects %+ld, "
	     "processes %+ld, swap slots %+ld, chain blocks %+ld, swap cache %+ld", op, n,
	     (long)b->m.free_pages - a->m.free_pages, (long)b->m.pgtable_pages - a->m.pgtable_pages,
	     (long)b->m.slab_objects - a->m.slab_objects, (long)b->m.processes - a->m.processes,
	     (long)b->slots - a->slots, (long)b->chain_blocks - a->chain_blocks,
	     (long)b->cache_pages - a->cache_pages);
}

/* The sum of the fault_inject_* lines of /proc/vmstat. */
static long injected(void)
{
	static char buf[8192];
	int fd = open("/proc/vmstat", O_RDONLY);
	ssize_t n, got = 0;
	long sum = 0;
	char *p;

	if (fd < 0)
		return -1;
	while (got < (ssize_t)sizeof(buf) - 1 && (n = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	close(fd);
	buf[got] = 0;
	for (p = buf; (p = strstr(p, "fault_inject_")); p++) {
		char *sp = strchr(p, ' ');

		if (sp)
			sum += atol(sp + 1);
	}
	return sum;
}

static long injected_at(const char *site)
{
	static char buf[8192];
	int fd = open("/proc/vmstat", O_RDONLY);
	ssize_t n, got = 0;
	char *p;

	if (fd < 0)
		return -1;
	while (got < (ssize_t)sizeof(buf) - 1 && (n = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	close(fd);
	buf[got] = 0;
	p = strstr(buf, site);
	return p ? atol(p + strlen(site) + 1) : -1;
}

/* In the child: its Nth allocation from here on fails. */
static void arm(int n)
{
	char text[16];
	int fd = open("/proc/self/fail-nth", O_WRONLY);
	int len = snprintf(text, sizeof(text), "%d", n);

	if (fd < 0 || write(fd, text, len) != len)
		_exit(101);
	close(fd);
}

/* An operation's own child was killed by the OOM path. */
#define OOM_KILLED 150

/*
 * ENOMEM, EAGAIN; EFAULT when the kernel's copy to or from our memory
 * could not fault a page in (Linux gives EFAULT then too); a child of the
 * operation killed by the OOM path.
 */
static int clean_errno(int e)
{
	return e == ENOMEM || e == EAGAIN || e == EFAULT || e == OOM_KILLED;
}

/* ----------------------------------------------------------- operations -- */
/* Each runs in the armed child: 0 success, else an errno (or 200+ for wrong data). */

static int op_fork(void)
{
	pid_t p = fork();
	int st;

	if (p < 0)
		return errno;
	if (p == 0)
		_exit(7);
	if (waitpid(p, &st, 0) != p)
		return 201;
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
		return OOM_KILLED; /* the child's first fault found no memory */
	return WIFEXITED(st) && WEXITSTATUS(st) == 7 ? 0 : 202;
}

static int op_exec(void)
{
	char *argv[] = { "hello", NULL }, *envp[] = { NULL };

	execve("/bin/hello", argv, envp);
	return errno;
}

static int op_mmap(void)
{
	enum { PAGES = 16 };
	volatile char *a = mmap(NULL, PAGES * 4096, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fd;
	volatile char *f;
	unsigned sum = 0;

	if (a == MAP_FAILED)
		return errno;
	for (int i = 0; i < PAGES; i++)
		a[i * 4096] = (char)i;
	for (int i = 0; i < PAGES; i++)
		if (a[i * 4096] != (char)i)
			return 203;
	fd = open("/bin/hello", O_RDONLY);
	if (fd < 0)
		return errno;
	f = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	close(fd);
	if (f == MAP_FAILED)
		return errno;
	if (f[0] != 0x7f || f[1] != 'E')
		return 204;
	for (int i = 0; i < 4; i++)
		sum += (unsigned char)f[i * 4096];
	f[4096] = 1; /* a private copy of a file page */
	(void)sum;
	if (munmap((void *)f, 4 * 4096) || munmap((void *)a, PAGES * 4096))
		return errno;
	return 0;
}

static int op_pipe(void)
{
	int fds[2];
	char c = 0;

	if (pipe(fds))
		return errno;
	if (write(fds[1], "x", 1) != 1) {
		int e = errno;

		close(fds[0]);
		close(fds[1]);
		return e;
	}
	if (read(fds[0], &c, 1) != 1 || c != 'x')
		return 205;
	close(fds[0]);
	close(fds[1]);
	return 0;
}

#define CREAT_PATH "/tmp/fault-sweep.new"
static int op_creat(void)
{
	static char block[4096];
	int fd = creat(CREAT_PATH, 0644);

	if (fd < 0)
		return errno;
	memset(block, 'z', sizeof(block));
	if (write(fd, block, sizeof(block)) != (ssize_t)sizeof(block)) {
		int e = errno;

		close(fd);
		return e;
	}
	close(fd);
	return 0;
}

/* ------------------------------------------------------------- swap-in -- */
/*
 * This process (init) holds SWAP_PAGES anonymous pages with a pattern, and
 * a hog pushes them out to swap once. Each attempt's child (a fork: the
 * swap entries are shared) reads one of them that is on swap and not in
 * the swap cache (pagemap bit 62, mincore 0): a major fault that reads it
 * from the disk. The page then stays in the swap cache for our PTE, so
 * the next attempt takes another one, SWAP_STRIDE pages on (past the
 * read-ahead window).
 */
#define SWAP_PAGES 512
#define SWAP_STRIDE 16
static volatile uint32_t *swap_mem;
static int swap_idx = -1;

static uint32_t pattern(int i)
{
	return 0x9e3779b9u * (uint32_t)(i + 1);
}

static int op_swapin(void)
{
	struct rusage before, after;

	getrusage(RUSAGE_SELF, &before);
	if (swap_mem[swap_idx * 1024] != pattern(swap_idx))
		return 206;
	getrusage(RUSAGE_SELF, &after);
	return after.ru_majflt > before.ru_majflt ? 0 : 207;
}

/* Pagemap bit 62 of our page idx: on swap. */
static bool page_swapped(int idx)
{
	uint64_t e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0)
		return false;
	if (pread(fd, &e, 8, (off_t)(((uintptr_t)swap_mem >> 12) + idx) * 8) != 8)
		e = 0;
	close(fd);
	return (e >> 62) & 1;
}

static bool page_in_core(int idx)
{
	unsigned char v = 1;

	mincore((void *)(swap_mem + idx * 1024), 4096, &v);
	return v & 1;
}

/* How many of pid's candidate pages (every SWAP_STRIDE-th) pagemap shows on swap. */
static int swapped_candidates(pid_t pid)
{
	static uint64_t e[SWAP_PAGES];
	char path[48];
	int fd, n = 0;

	snprintf(path, sizeof(path), "/proc/%d/pagemap", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	if (pread(fd, e, sizeof(e), (off_t)((uintptr_t)swap_mem >> 12) * 8) != sizeof(e))
		memset(e, 0, sizeof(e));
	close(fd);
	for (int i = 0; i < SWAP_PAGES; i += SWAP_STRIDE)
		n += (e[i] >> 62) & 1;
	return n;
}

/*
 * A child touches anonymous memory, a MiB at a time, until most of our
 * candidate pages are on swap (or it has touched as much as the machine has).
 */
static void push_out(void)
{
	long pages = sysconf(_SC_PHYS_PAGES);
	pid_t parent = getpid(), p = fork();

	if (p == 0) {
		char *m = mmap(NULL, pages * 4096, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (m == MAP_FAILED)
			_exit(1);
		for (long i = 0; i < pages; i++) {
			m[i * 4096] = 1;
			if (i % 256 == 255 &&
			    swapped_candidates(parent) >= SWAP_PAGES / SWAP_STRIDE * 3 / 4)
				break;
		}
		_exit(0);
	}
	waitpid(p, NULL, 0);
}

/* The next page on swap and out of the cache, from `from` on; -1 when none is left. */
static int next_swapped(int from)
{
	for (int i = from; i < SWAP_PAGES; i += SWAP_STRIDE)
		if (page_swapped(i) && !page_in_core(i))
			return i;
	return -1;
}

static bool swap_setup(void)
{
	swap_mem = mmap(NULL, SWAP_PAGES * 4096, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (swap_mem == MAP_FAILED)
		return false;
	for (int i = 0; i < SWAP_PAGES; i++)
		swap_mem[i * 1024] = pattern(i);
	for (int round = 0; round < 4 && swap_idx < 0; round++) {
		push_out();
		swap_idx = next_swapped(0);
	}
	return swap_idx >= 0;
}

/* Before each swap-in attempt: a page that the child must read from the disk. */
static bool swap_next(void)
{
	swap_idx = next_swapped(swap_idx + SWAP_STRIDE);
	if (swap_idx < 0) {
		push_out();
		swap_idx = next_swapped(0);
	}
	if (swap_idx < 0)
		FAIL("swap-in: no page of ours is on swap and out of the swap cache");
	return swap_idx >= 0;
}

/* ------------------------------------------------------------ the sweep -- */

struct op {
	const char *name;
	int (*fn)(void);
	int points, kills, segvs, loader, errs, oks;
	int failures; /* FAIL lines while it was swept */
};

static struct op ops[] = {
	{ "fork", op_fork }, { "execve", op_exec }, { "mmap", op_mmap },
	{ "pipe", op_pipe }, { "creat", op_creat }, { "swap-in", op_swapin },
};

/* One attempt in a child with its Nth allocation failing (0: none); the wait status. */
static int attempt(struct op *op, int n)
{
	pid_t p;
	int st;

	if (op->fn == op_swapin && !swap_next())
		return -1;
	p = fork();
	if (p < 0) {
		FAIL("%s: fork of the attempt: %s", op->name, strerror(errno));
		return -1;
	}
	if (p == 0) {
		if (op->fn == op_exec) {
			int null = open("/dev/null", O_WRONLY);

			if (null >= 0) {
				dup2(null, 1);
				dup2(null, 2);
			}
		}
		if (n)
			arm(n);
		_exit(op->fn());
	}
	if (waitpid(p, &st, 0) != p)
		return -1;
	return st;
}

/*
 * After an attempt: its file gone, and its orphans reaped (a child killed
 * by the OOM path between fork and wait leaves its own child to init,
 * which is us). Then the snapshot, retried while an orphan is still on its
 * way out.
 */
static void after_attempt(struct snap *now, const struct snap *base)
{
	unlink(CREAT_PATH);
	for (int tries = 0;; tries++) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		snapshot(now);
		if (!base || same(base, now) || tries == 50)
			return;
		usleep(10000);
	}
}

static void sweep(struct op *op)
{
	struct snap base, now;
	int st, n;

	/* One unarmed run first: what an operation caches for good is not a leak. */
	st = attempt(op, 0);
	after_attempt(&now, NULL);
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		FAIL("%s without injection: status %#x", op->name, st);
		return;
	}
	/*
	 * The baseline once it holds still: swap read-ahead may still be in
	 * flight, and its pages (with the slots of the hog's freed pages that
	 * only they still hold) go at a later drop_caches.
	 */
	snapshot(&base);
	for (int tries = 0; tries < 100; tries++) {
		usleep(20000);
		snapshot(&now);
		if (same(&base, &now))
			break;
		base = now;
	}
	for (n = 1; n <= MAX_POINTS; n++) {
		long before = injected();
		bool fired;

		st = attempt(op, n);
		after_attempt(&now, &base);
		fired = injected() != before;
		if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL) {
			op->kills++;
		} else if (op->fn == op_exec && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV) {
			op->segvs++; /* past exec's point of no return: Linux's force_fatal_sig(SIGSEGV) */
		} else if (op->fn == op_exec && WIFEXITED(st) && WEXITSTATUS(st) == 127) {
			op->loader++; /* ld.so got ENOMEM from a call and gave up, as it does on Linux */
		} else if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
			op->oks++;
		} else if (WIFEXITED(st) && clean_errno(WEXITSTATUS(st))) {
			op->errs++;
		} else {
			FAIL("%s N=%d: not a clean end: status %#x (%s %d)", op->name, n, st,
			     WIFEXITED(st) ? "exit" : "signal",
			     WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
		}
		if (!same(&base, &now))
			leak_line(op->name, n, &base, &now);
		if (!fired) {
			if (!(WIFEXITED(st) && WEXITSTATUS(st) == 0))
				FAIL("%s N=%d: nothing injected, yet status %#x", op->name, n, st);
			break;
		}
		if (errors > 20)
			return;
	}
	op->points = n - 1;
	printf("fault-sweep: %s: %d injection points swept, first success at N=%d "
	       "(%d ENOMEM/EAGAIN/EFAULT, %d killed by SIGKILL, %d SIGSEGV past exec's point of no return, "
	       "%d ld.so exit 127, %d recovered)\n", op->name, op->points, n, op->errs, op->kills, op->segvs,
	       op->loader, op->oks - 1);
	if (op->points <= 1)
		FAIL("%s: only %d injection points", op->name, op->points);
}

/*
 * Random mode, when the command line has failslab= or fail_page_alloc=
 * (init itself is spared by the kernel): the operations run unarmed, round
 * after round, until the failures' `times` are used up and a few rounds
 * in a row inject nothing; every end must be clean, and afterwards the
 * counts must be back where they were before the first round.
 */
/* /proc/self/fail-nth as Linux's: what a write of text gives, and what reads back. */
static void check_write(int fd, const char *text, int want_errno, const char *want_read)
{
	char got[32] = "";
	ssize_t w = write(fd, text, strlen(text)), r;
	int e = w < 0 ? errno : 0;

	r = pread(fd, got, sizeof(got) - 1, 0);
	if (r < 0)
		r = 0;
	got[r] = 0;
	write(fd, "0", 1);
	if (e != want_errno || (w >= 0 && w != (ssize_t)strlen(text)) || strcmp(got, want_read))
		FAIL("fail-nth: write \"%s\": %zd (%s), reads \"%s\"; want %s, \"%s\"", text, w,
		     e ? strerror(e) : "ok", got, want_errno ? strerror(want_errno) : "ok", want_read);
}

static void check_fail_nth_file(void)
{
	int before = errors;
	int fd = open("/proc/self/fail-nth", O_RDWR);

	if (fd < 0) {
		FAIL("open /proc/self/fail-nth: %s", strerror(errno));
		return;
	}
	check_write(fd, "0", 0, "0\n");
	check_write(fd, "1000", 0, "1000\n");
	check_write(fd, "+7\n", 0, "7\n");
	check_write(fd, "0x10", 0, "16\n");
	check_write(fd, "010", 0, "8\n");
	check_write(fd, "4294967295", 0, "4294967295\n");
	check_write(fd, "4294967296", ERANGE, "0\n");
	check_write(fd, "-1", EINVAL, "0\n");
	check_write(fd, "12abc", EINVAL, "0\n");
	check_write(fd, " 5", EINVAL, "0\n");
	check_write(fd, "5\n\n", EINVAL, "0\n");
	close(fd);
	if (open("/proc/99999/fail-nth", O_RDONLY) >= 0 || errno != ENOENT)
		FAIL("/proc/99999/fail-nth: want ENOENT");
	printf("fault-sweep: %s fail-nth-reads-and-writes-as-linux\n", errors == before ? "ok" : "not ok");
}

static bool cmdline_has_key(const char *key)
{
	static char buf[1024];
	int fd = open("/proc/cmdline", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	return strstr(buf, key) != NULL;
}

static bool clean_end(struct op *op, int st)
{
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
		return true;
	if (WIFEXITED(st) && (WEXITSTATUS(st) == 0 || clean_errno(WEXITSTATUS(st))))
		return true;
	if (op->fn == op_exec && ((WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV) ||
				  (WIFEXITED(st) && WEXITSTATUS(st) == 127)))
		return true;
	return false;
}

static void random_mode(void)
{
	struct snap base, now;
	int rounds = 0, quiet = 0, ends = 0;
	long first = -1, last = -1;

	snapshot(&base);
	while (rounds < 400 && quiet < 3) {
		long before = injected();

		for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
			int st;

			if (ops[i].fn == op_swapin)
				continue;
			st = attempt(&ops[i], 0);
			after_attempt(&now, NULL);
			ends++;
			if (!clean_end(&ops[i], st))
				FAIL("random: %s round %d: not a clean end: status %#x", ops[i].name,
				     rounds, st);
		}
		last = injected();
		if (first < 0)
			first = before;
		quiet = last == before ? quiet + 1 : 0;
		rounds++;
		if (errors > 20)
			break;
	}
	after_attempt(&now, &base);
	if (!same(&base, &now))
		leak_line("random", rounds, &base, &now);
	printf("fault-sweep: random: %d rounds, %d operations, %ld failures injected, all ended "
	       "cleanly: %s\n", rounds, ends, last - first, errors ? "no" : "yes");
	if (last - first <= 0)
		FAIL("random: nothing was injected");
}

int main(void)
{
	struct rmapos_vm_check vc;

	setvbuf(stdout, NULL, _IONBF, 0);
	mkdir("/tmp", 01777);
	if (access("/proc/self/fail-nth", W_OK)) {
		FAIL("/proc/self/fail-nth: %s", strerror(errno));
		return 1;
	}
	check_fail_nth_file();
	if (cmdline_has_key("failslab=") || cmdline_has_key("fail_page_alloc=")) {
		random_mode();
		syscall(SYS_rmapos_vm_check, &vc);
		if (vc.violations)
			FAIL("vm_check: %u violations", vc.violations);
		printf("fault-sweep: %d errors\n", errors);
		return errors ? 1 : 0;
	}
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (ops[i].fn == op_swapin && !swap_setup()) {
			FAIL("swap-in: the holder's pages did not go to swap");
			continue;
		}
		int before = errors;

		sweep(&ops[i]);
		ops[i].failures = errors - before;
	}
	/*
	 * The bugs the sweep found, one line each, named after the behaviour
	 * (docs/reliability.md): each failed before its fix.
	 */
	static const struct {
		const char *name;
		const char *op;
	} regressions[] = {
		/* kfree of an ERR_PTR in load_elf_binary: a panic */
		{ "execve-out-of-memory-for-the-interpreter-headers-is-enomem-not-a-panic", "execve" },
		/* page_cache_read: a readpage without memory was -EIO, SIGBUS in a fault */
		{ "file-read-out-of-memory-is-enomem-or-oom-not-eio-or-sigbus", "execve" },
		/* create_pipe_files: kfree(pipe) without its ring */
		{ "pipe-frees-its-ring-when-its-first-file-fails", "pipe" },
	};
	for (size_t i = 0; i < sizeof(regressions) / sizeof(regressions[0]); i++)
		for (size_t j = 0; j < sizeof(ops) / sizeof(ops[0]); j++)
			if (!strcmp(ops[j].name, regressions[i].op))
				printf("fault-sweep: %s %s\n", ops[j].failures || !ops[j].points ?
				       "not ok" : "ok", regressions[i].name);
	printf("fault-sweep: injected page_alloc %ld slab %ld pte_chain %ld\n",
	       injected_at("fault_inject_page_alloc"), injected_at("fault_inject_slab"),
	       injected_at("fault_inject_pte_chain"));
	syscall(SYS_rmapos_vm_check, &vc);
	if (vc.violations)
		FAIL("vm_check: %u violations", vc.violations);
	printf("fault-sweep: %d errors\n", errors);
	return errors ? 1 : 0;
}
