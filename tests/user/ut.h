/*
 * ut.h: the few helpers every user test shares (header only, no library).
 *
 * A test prints only lines that are true on any correct kernel: no
 * addresses, pids or times. CHECK(cond, "what") prints `what: ok` or
 * `what: FAIL (...)` and counts failures; ut_done() turns the count into
 * the exit status (0 = every check passed). Failures may print values,
 * since a failing line differs from Linux's anyway.
 *
 * Raw system calls (ut_sys*) go through int $0x80 directly, with the
 * Linux i386 numbers, so glibc neither checks nor rewrites arguments.
 */
#ifndef UT_H
#define UT_H

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
#include <sys/time.h>
#include <sys/uio.h>
#include <setjmp.h>
#include <dirent.h>
#include <sys/ioctl.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int ut_failures __attribute__((unused));

/* Output goes straight to fd 1 with one write() per line, so lines from
 * several processes never interleave inside a line. */
static void __attribute__((unused, format(printf, 1, 2))) say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	(void)!write(1, buf, n);
}

/* The whole of a file (a /proc text) into buf, NUL-terminated: its length or -errno. */
static int __attribute__((unused)) ut_slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY), n = 0, r;

	buf[0] = 0;
	if (fd < 0)
		return -errno;
	while ((r = read(fd, buf + n, size - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = 0;
	return n;
}

/* /proc, mounted unless it is already (rmapos mounts it at boot; the
 * Linux oracle's init does not), so a test needing it runs alone too. */
static int __attribute__((unused)) ut_mount_proc(void)
{
	if (!access("/proc/meminfo", R_OK))
		return 0;
	mkdir("/proc", 0555);
	return syscall(SYS_mount, "proc", "/proc", "proc", 0UL, NULL) ? -errno : 0;
}

#define CHECK(cond, ...) do { \
	if (cond) { \
		char _w[256]; snprintf(_w, sizeof(_w), __VA_ARGS__); say("%s: ok", _w); \
	} else { \
		char _w[256]; snprintf(_w, sizeof(_w), __VA_ARGS__); \
		say("%s: FAIL (%s, line %d, errno %d)", _w, #cond, __LINE__, errno); \
		ut_failures++; \
	} } while (0)

/* A check whose value is printed on failure. */
#define CHECK_EQ(a, b, ...) do { \
	long long _a = (long long)(a), _b = (long long)(b); \
	char _w[256]; snprintf(_w, sizeof(_w), __VA_ARGS__); \
	if (_a == _b) say("%s: ok", _w); \
	else { say("%s: FAIL (%s = %lld, expected %lld, line %d)", _w, #a, _a, _b, __LINE__); \
	       ut_failures++; } } while (0)

static __attribute__((unused)) int ut_done(void)
{
	return ut_failures ? 1 : 0;
}

static __attribute__((unused)) long ut_sys6(long nr, long a, long b, long c, long d, long e, long f)
{
	/* All seven registers are taken: load them from an array, keeping
	 * ebx (PIC), esi, edi and ebp (frame pointer) saved on the stack. */
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

#define ut_sys(nr, ...) ut_sys_n(nr, ##__VA_ARGS__, 0, 0, 0, 0, 0, 0)
#define ut_sys_n(nr, a, b, c, d, e, f, ...) \
	ut_sys6((nr), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

/* Run fn in a child and return its wait status. */
static __attribute__((unused)) int ut_in_child(void (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return st;
}

static __attribute__((unused)) const char *ut_status(int st)
{
	static char buf[64];
	if (WIFEXITED(st))
		snprintf(buf, sizeof(buf), "exit %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, sizeof(buf), "killed by signal %d", WTERMSIG(st));
	else
		snprintf(buf, sizeof(buf), "status 0x%x", st);
	return buf;
}

/* Fill/compare helpers used by the mmap and fork tests. */
static __attribute__((unused)) uint32_t ut_pattern(uint32_t page, uint32_t word, uint32_t seed)
{
	uint32_t x = page * 2654435761u ^ word * 40503u ^ seed;
	x ^= x >> 13;
	x *= 0x5bd1e995u;
	return x ^ (x >> 15);
}

#endif
