/*
 * ubench: the user-level VM benchmarks of issue 8, one static program run
 * as init on both kernels under QEMU -icount shift=0 (TSC ticks count
 * guest instructions, so the figures repeat exactly). Each figure is TSC
 * ticks per operation, printed as `bench NAME TICKS`; the run ends with
 * `bench: done` and exit(0). tools/ubench.py boots it and tabulates.
 *
 *   boot_to_main         TSC at the start of main (guest time since reset;
 *                        glibc's static startup has made its few calls)
 *   anon_write_fault     first store to a fresh anonymous page
 *   anon_read_fault      first load from a fresh anonymous page (zero page)
 *   cow_write_fault      store to a page shared copy-on-write after fork
 *   file_read_fault      load from a MAP_PRIVATE page of an 8 MiB file that
 *                        is in the page cache (per page touched: Linux maps
 *                        neighbours on each fault, fault-around)
 *   fork_exit_wait_8m    fork + child _exit + wait, 8 MiB resident
 *   fork_exec_static     fork + execve(/bin/hello-static) + wait
 *   fork_exec_dynamic    fork + execve(/bin/hello) + wait
 *   mmap_touch_munmap_8m mmap 8 MiB anonymous, store to every page, munmap
 *   brk_grow_shrink      sbrk(+64 KiB) then sbrk(-64 KiB), untouched
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define MIB (1024 * 1024)
#define PAGES_8M (8 * MIB / 4096)

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static void report(const char *name, uint64_t ticks, uint64_t ops)
{
	char buf[128];
	int n = snprintf(buf, sizeof(buf), "bench %s %llu\n", name,
			 (unsigned long long)(ops ? ticks / ops : 0));
	(void)!write(1, buf, n);
}

static char *anon(size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static void anon_faults(void)
{
	char *m = anon(8 * MIB);
	if (!m)
		return;
	uint64_t t0 = rdtsc();
	for (int i = 0; i < PAGES_8M; i++)
		m[i * 4096] = 1;
	report("anon_write_fault", rdtsc() - t0, PAGES_8M);
	munmap(m, 8 * MIB);

	m = anon(8 * MIB);
	volatile char sink = 0;
	t0 = rdtsc();
	for (int i = 0; i < PAGES_8M; i++)
		sink += m[i * 4096];
	report("anon_read_fault", rdtsc() - t0, PAGES_8M);
	munmap(m, 8 * MIB);
}

static void cow_faults(void)
{
	char *m = anon(8 * MIB);
	if (!m)
		return;
	for (int i = 0; i < PAGES_8M; i++)
		m[i * 4096] = 1;
	int p[2];
	if (pipe(p) < 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		uint64_t t0 = rdtsc();
		for (int i = 0; i < PAGES_8M; i++)
			m[i * 4096] = 2;
		uint64_t t = rdtsc() - t0;
		(void)!write(p[1], &t, sizeof(t));
		_exit(0);
	}
	uint64_t t = 0;
	(void)!read(p[0], &t, sizeof(t));
	waitpid(pid, NULL, 0);
	close(p[0]);
	close(p[1]);
	report("cow_write_fault", t, PAGES_8M);
	munmap(m, 8 * MIB);
}

static void file_faults(void)
{
	const char *path = "/tmp/ubench-8m.dat";
	int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
	if (fd < 0) {
		report("file_read_fault_unavailable", 0, 1);
		return;
	}
	static char block[64 * 1024];
	memset(block, 'b', sizeof(block));
	for (int i = 0; i < 8 * MIB / (int)sizeof(block); i++)
		if (write(fd, block, sizeof(block)) != sizeof(block)) {
			report("file_read_fault_unavailable", 0, 1);
			close(fd);
			unlink(path);
			return;
		}
	/* read it once so every page is cached and up to date */
	lseek(fd, 0, SEEK_SET);
	while (read(fd, block, sizeof(block)) > 0)
		;
	char *m = mmap(NULL, 8 * MIB, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m != MAP_FAILED) {
		volatile char sink = 0;
		uint64_t t0 = rdtsc();
		for (int i = 0; i < PAGES_8M; i++)
			sink += m[i * 4096];
		report("file_read_fault", rdtsc() - t0, PAGES_8M);
		munmap(m, 8 * MIB);
	}
	close(fd);
	unlink(path);
}

static void fork_exit_wait(void)
{
	char *m = anon(8 * MIB);
	if (!m)
		return;
	for (int i = 0; i < PAGES_8M; i++)
		m[i * 4096] = 1;
	const int n = 20;
	uint64_t t0 = rdtsc();
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		waitpid(pid, NULL, 0);
	}
	report("fork_exit_wait_8m", rdtsc() - t0, n);
	munmap(m, 8 * MIB);
}

static void fork_exec(const char *name, const char *path)
{
	const int n = 10;
	char *argv[] = { (char *)path, NULL }, *envp[] = { NULL };
	uint64_t t0 = rdtsc();
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			close(1);   /* hello's greeting goes nowhere */
			execve(path, argv, envp);
			_exit(127);
		}
		int st = 0;
		waitpid(pid, &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			report(name, 0, 1);
			return;
		}
	}
	report(name, rdtsc() - t0, n);
}

static void mmap_touch_munmap(void)
{
	const int n = 5;
	uint64_t t0 = rdtsc();
	for (int k = 0; k < n; k++) {
		char *m = anon(8 * MIB);
		if (!m)
			return;
		for (int i = 0; i < PAGES_8M; i++)
			m[i * 4096] = 1;
		munmap(m, 8 * MIB);
	}
	report("mmap_touch_munmap_8m", rdtsc() - t0, n);
}

static void brk_grow_shrink(void)
{
	const int n = 1000;
	uint64_t t0 = rdtsc();
	for (int i = 0; i < n; i++) {
		sbrk(64 * 1024);
		sbrk(-64 * 1024);
	}
	report("brk_grow_shrink", rdtsc() - t0, n);
}

int main(void)
{
	uint64_t boot = rdtsc();
	report("boot_to_main", boot, 1);
	anon_faults();
	cow_faults();
	file_faults();
	fork_exit_wait();
	fork_exec("fork_exec_static", "/bin/hello-static");
	fork_exec("fork_exec_dynamic", "/bin/hello");
	mmap_touch_munmap();
	brk_grow_shrink();
	(void)!write(1, "bench: done\n", 12);
	return 0;
}
