/*
 * Every system call of issue 8 that takes a pointer refuses a bad one
 * with -EFAULT, and the process and kernel stay up: each pointer argument
 * gets NULL (where NULL is not a legal "none"), kernel addresses (the
 * direct map at 0xC0000000, the kernel image at 0xC0100000, the top of
 * lowmem, the vmalloc, kmap and fixmap areas, the last page 0xFFFFF000 and
 * a buffer whose last bytes pass 4 GiB), an unmapped hole, a buffer that starts in a mapped page
 * and runs into the hole, and, where the kernel must write, a read-only
 * page. Raw int $0x80 calls, so glibc neither checks nor substitutes.
 * (read/write-like calls with a crossing buffer transfer the part before
 * the hole, as Linux does; the line shows which.)
 * Built twice: /bin/efault-matrix (dynamic) and /bin/efault-matrix-static.
 */
#include "ut.h"
#include <sys/utsname.h>

#define NULL_OK 1   /* NULL means "none" for this argument: skip that case */
#define IN 2        /* the kernel only reads: no read-only case */
#define BYTES 4     /* a byte buffer: crossing may be a partial transfer */

static int rfd, wfd, dfd;
static int pr[2];
static char *hole, *ro;
static const char good_path[] = "/bin";
static char tmpbuf[8192];
static const char *argv_ok[] = { "/bin/hello", NULL };

struct entry {
	const char *name;
	int flags;
	long (*call)(void *p);
};

#define E(id, nm, fl, expr) static long id(void *P) { return (expr); }
#define N(nr, ...) ut_sys(nr, ##__VA_ARGS__)

static pid_t zombie(void)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	/* let it exit: a wait with WNOWAIT would do, but keep it simple */
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	nanosleep(&ts, NULL);
	return pid;
}

E(c_read, "read", BYTES, N(SYS_read, rfd, P, 64))
E(c_pread, "pread64", BYTES, N(SYS_pread64, rfd, P, 64, 0, 0))
E(c_write, "write", BYTES | IN, N(SYS_write, wfd, P, 64))
E(c_pwrite, "pwrite64", BYTES | IN, N(SYS_pwrite64, wfd, P, 64, 0, 0))
E(c_readv_iov, "readv (iovec array)", IN, N(SYS_readv, rfd, P, 2))
E(c_writev_iov, "writev (iovec array)", IN, N(SYS_writev, wfd, P, 2))
static struct iovec one_iov;
E(c_readv_base, "readv (buffer)", BYTES, (one_iov.iov_base = P, one_iov.iov_len = 64, N(SYS_readv, rfd, &one_iov, 1)))
E(c_writev_base, "writev (buffer)", BYTES | IN, (one_iov.iov_base = P, one_iov.iov_len = 64, N(SYS_writev, wfd, &one_iov, 1)))
E(c_open, "open (path)", IN, N(SYS_open, P, O_RDONLY))
E(c_openat, "openat (path)", IN, N(SYS_openat, AT_FDCWD, P, O_RDONLY))
E(c_creat, "creat (path)", IN, N(SYS_creat, P, 0600))
E(c_unlink, "unlink (path)", IN, N(SYS_unlink, P))
E(c_chdir, "chdir (path)", IN, N(SYS_chdir, P))
E(c_access, "access (path)", IN, N(SYS_access, P, F_OK))
E(c_faccessat, "faccessat (path)", IN, N(SYS_faccessat, AT_FDCWD, P, F_OK))
E(c_readlink_path, "readlink (path)", IN, N(SYS_readlink, P, tmpbuf, 64))
E(c_stat_path, "stat64 (path)", IN, N(SYS_stat64, P, tmpbuf))
E(c_stat_buf, "stat64 (buffer)", 0, N(SYS_stat64, good_path, P))
E(c_lstat_path, "lstat64 (path)", IN, N(SYS_lstat64, P, tmpbuf))
E(c_lstat_buf, "lstat64 (buffer)", 0, N(SYS_lstat64, good_path, P))
E(c_fstat_buf, "fstat64 (buffer)", 0, N(SYS_fstat64, rfd, P))
E(c_fstatat_path, "fstatat64 (path)", IN, N(SYS_fstatat64, AT_FDCWD, P, tmpbuf, 0))
E(c_fstatat_buf, "fstatat64 (buffer)", 0, N(SYS_fstatat64, AT_FDCWD, good_path, P, 0))
E(c_statx_path, "statx (path)", IN, N(SYS_statx, AT_FDCWD, P, 0, 0x7ff, tmpbuf))
E(c_statx_buf, "statx (buffer)", 0, N(SYS_statx, AT_FDCWD, good_path, 0, 0x7ff, P))
E(c_getdents, "getdents64 (buffer)", 0, (N(SYS_lseek, dfd, 0, SEEK_SET), N(SYS_getdents64, dfd, P, 4096)))
E(c_getcwd, "getcwd (buffer)", 0, N(SYS_getcwd, P, 256))
E(c_execve_path, "execve (path)", IN, N(SYS_execve, P, argv_ok, NULL))
E(c_execve_argv, "execve (argv)", IN | NULL_OK, N(SYS_execve, "/bin/hello", P, NULL))
E(c_execve_envp, "execve (envp)", IN | NULL_OK, N(SYS_execve, "/bin/hello", argv_ok, P))
E(c_waitpid, "waitpid (status)", NULL_OK, N(SYS_waitpid, zombie(), P, 0))
E(c_wait4_status, "wait4 (status)", NULL_OK, N(SYS_wait4, zombie(), P, 0, 0))
E(c_wait4_ru, "wait4 (rusage)", NULL_OK, N(SYS_wait4, zombie(), 0, 0, P))
E(c_pipe, "pipe (fds)", 0, N(SYS_pipe, P))
E(c_pipe2, "pipe2 (fds)", 0, N(SYS_pipe2, P, 0))
E(c_oldmmap, "mmap (old: argument block)", IN, N(SYS_mmap, P))
E(c_mincore, "mincore (vector)", 0, N(SYS_mincore, ro, 8192, P))
E(c_uname, "uname (buffer)", 0, N(SYS_uname, P))
E(c_time, "time (tloc)", NULL_OK, N(SYS_time, P))
E(c_gettimeofday, "gettimeofday (tv)", NULL_OK, N(SYS_gettimeofday, P, 0))
E(c_clock_gettime, "clock_gettime (ts)", 0, N(SYS_clock_gettime, CLOCK_MONOTONIC, P))
E(c_clock_gettime64, "clock_gettime64 (ts)", 0, N(403, CLOCK_MONOTONIC, P))
E(c_nanosleep, "nanosleep (request)", IN, N(SYS_nanosleep, P, 0))
E(c_clock_nanosleep, "clock_nanosleep (request)", IN, N(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, P, 0))
E(c_getrusage, "getrusage (buffer)", 0, N(SYS_getrusage, RUSAGE_SELF, P))
E(c_times, "times (buffer)", NULL_OK, N(SYS_times, P))
E(c_sysinfo, "sysinfo (buffer)", 0, N(SYS_sysinfo, P))
E(c_ugetrlimit, "ugetrlimit (buffer)", 0, N(SYS_ugetrlimit, RLIMIT_STACK, P))
E(c_getrlimit, "getrlimit (buffer)", 0, N(SYS_getrlimit, RLIMIT_STACK, P))
E(c_setrlimit, "setrlimit (buffer)", IN, N(SYS_setrlimit, RLIMIT_CORE, P))
E(c_prlimit_new, "prlimit64 (new)", IN | NULL_OK, N(SYS_prlimit64, 0, RLIMIT_CORE, P, 0))
E(c_prlimit_old, "prlimit64 (old)", NULL_OK, N(SYS_prlimit64, 0, RLIMIT_CORE, 0, P))
E(c_getrandom, "getrandom (buffer)", BYTES, N(SYS_getrandom, P, 64, 0))
E(c_set_thread_area, "set_thread_area (descriptor)", 0, N(SYS_set_thread_area, P))
E(c_get_thread_area, "get_thread_area (descriptor)", 0, N(SYS_get_thread_area, P))
E(c_sigaction_act, "rt_sigaction (act)", IN | NULL_OK, N(SYS_rt_sigaction, SIGUSR1, P, 0, 8))
E(c_sigaction_old, "rt_sigaction (oldact)", NULL_OK, N(SYS_rt_sigaction, SIGUSR1, 0, P, 8))
E(c_sigprocmask_set, "rt_sigprocmask (set)", IN | NULL_OK, N(SYS_rt_sigprocmask, SIG_BLOCK, P, 0, 8))
E(c_sigprocmask_old, "rt_sigprocmask (oldset)", NULL_OK, N(SYS_rt_sigprocmask, SIG_BLOCK, 0, P, 8))
E(c_sigpending, "rt_sigpending (set)", 0, N(SYS_rt_sigpending, P, 8))
E(c_sigaltstack_new, "sigaltstack (new)", IN | NULL_OK, N(SYS_sigaltstack, P, 0))
E(c_sigaltstack_old, "sigaltstack (old)", NULL_OK, N(SYS_sigaltstack, 0, P))

static const struct entry table[] = {
#define T(id, nm, fl) { nm, fl, id },
	T(c_read, "read", BYTES) T(c_pread, "pread64", BYTES) T(c_write, "write", BYTES | IN)
	T(c_pwrite, "pwrite64", BYTES | IN) T(c_readv_iov, "readv (iovec array)", IN)
	T(c_writev_iov, "writev (iovec array)", IN) T(c_readv_base, "readv (buffer)", BYTES)
	T(c_writev_base, "writev (buffer)", BYTES | IN) T(c_open, "open (path)", IN)
	T(c_openat, "openat (path)", IN) T(c_creat, "creat (path)", IN) T(c_unlink, "unlink (path)", IN)
	T(c_chdir, "chdir (path)", IN) T(c_access, "access (path)", IN)
	T(c_faccessat, "faccessat (path)", IN) T(c_readlink_path, "readlink (path)", IN)
	T(c_stat_path, "stat64 (path)", IN) T(c_stat_buf, "stat64 (buffer)", 0)
	T(c_lstat_path, "lstat64 (path)", IN) T(c_lstat_buf, "lstat64 (buffer)", 0)
	T(c_fstat_buf, "fstat64 (buffer)", 0) T(c_fstatat_path, "fstatat64 (path)", IN)
	T(c_fstatat_buf, "fstatat64 (buffer)", 0) T(c_statx_path, "statx (path)", IN)
	T(c_statx_buf, "statx (buffer)", 0) T(c_getdents, "getdents64 (buffer)", 0)
	T(c_getcwd, "getcwd (buffer)", 0) T(c_execve_path, "execve (path)", IN)
	T(c_execve_argv, "execve (argv)", IN | NULL_OK) T(c_execve_envp, "execve (envp)", IN | NULL_OK)
	T(c_waitpid, "waitpid (status)", NULL_OK) T(c_wait4_status, "wait4 (status)", NULL_OK)
	T(c_wait4_ru, "wait4 (rusage)", NULL_OK) T(c_pipe, "pipe (fds)", 0) T(c_pipe2, "pipe2 (fds)", 0)
	T(c_oldmmap, "mmap (old: argument block)", IN) T(c_mincore, "mincore (vector)", 0)
	T(c_uname, "uname (buffer)", 0) T(c_time, "time (tloc)", NULL_OK)
	T(c_gettimeofday, "gettimeofday (tv)", NULL_OK) T(c_clock_gettime, "clock_gettime (ts)", 0)
	T(c_clock_gettime64, "clock_gettime64 (ts)", 0) T(c_nanosleep, "nanosleep (request)", IN)
	T(c_clock_nanosleep, "clock_nanosleep (request)", IN) T(c_getrusage, "getrusage (buffer)", 0)
	T(c_times, "times (buffer)", NULL_OK) T(c_sysinfo, "sysinfo (buffer)", 0)
	T(c_ugetrlimit, "ugetrlimit (buffer)", 0) T(c_getrlimit, "getrlimit (buffer)", 0)
	T(c_setrlimit, "setrlimit (buffer)", IN) T(c_prlimit_new, "prlimit64 (new)", IN | NULL_OK)
	T(c_prlimit_old, "prlimit64 (old)", NULL_OK) T(c_getrandom, "getrandom (buffer)", BYTES)
	T(c_set_thread_area, "set_thread_area (descriptor)", IN)
	T(c_get_thread_area, "get_thread_area (descriptor, read first)", IN)
	T(c_sigaction_act, "rt_sigaction (act)", IN | NULL_OK)
	T(c_sigaction_old, "rt_sigaction (oldact)", NULL_OK)
	T(c_sigprocmask_set, "rt_sigprocmask (set)", IN | NULL_OK)
	T(c_sigprocmask_old, "rt_sigprocmask (oldset)", NULL_OK)
	T(c_sigpending, "rt_sigpending (set)", 0) T(c_sigaltstack_new, "sigaltstack (new)", IN | NULL_OK)
	T(c_sigaltstack_old, "sigaltstack (old)", NULL_OK)
};

static const char *result(long r)
{
	static char buf[64];
	if (r == -EFAULT)
		return "EFAULT";
	if (r < 0 && r > -4096)
		snprintf(buf, sizeof(buf), "error %ld", -r);
	else if (r >= 0 && r < 4096)
		snprintf(buf, sizeof(buf), "returned %ld", r);
	else
		snprintf(buf, sizeof(buf), "returned a value");
	return buf;
}

int main(void)
{
	/* a read-only page, then a hole between two mapped pages (made last,
	 * so no later mmap can fill it) */
	ro = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(m + 4096, 4096);
	hole = m + 4096;
	memset(hole - 4096, 'a', 4096);   /* no NUL before the hole: a crossing string */
	rfd = open("/bin/hello", O_RDONLY);
	wfd = open("/tmp/efault.dat", O_CREAT | O_TRUNC | O_RDWR, 0644);
	dfd = open("/", O_RDONLY | O_DIRECTORY);
	(void)pr;
	CHECK(m != MAP_FAILED && ro != MAP_FAILED && rfd >= 0 && wfd >= 0 && dfd >= 0, "set up");
	/* keep the cwd and signal state stable whatever chdir/sigaction do */
	struct { const char *name; char *p; int skip; } cases[] = {
		{ "NULL", NULL, NULL_OK },
		{ "unmapped hole", NULL, 0 },
		{ "crossing into the hole", NULL, 0 },
		{ "read-only page", NULL, IN },
		{ "kernel address", (char *)0xC0000000, 0 },
		{ "kernel image", (char *)0xC0100000, 0 },
		{ "direct map, 120 MiB in", (char *)0xC7800000, 0 },
		{ "vmalloc area", (char *)0xF8800000, 0 },
		{ "kmap area", (char *)0xFF800000, 0 },
		{ "fixmap area", (char *)0xFFFFE000, 0 },
		{ "last page", (char *)0xFFFFF000, 0 },
		{ "last bytes, wrapping past 4 GiB", (char *)0xFFFFFFF0, 0 },
	};
	enum { CROSSING = 2, NCASES = sizeof(cases) / sizeof(cases[0]) };
	cases[1].p = hole + 512;
	cases[2].p = hole - 16;
	cases[3].p = ro;
	int efaults = 0, others = 0;
	for (unsigned i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		for (unsigned c = 0; c < NCASES; c++) {
			if (table[i].flags & cases[c].skip)
				continue;
			/* byte buffers and paths cross 16 bytes before the hole,
			 * structures 1 byte before it */
			char *p = cases[c].p;
			if (c == CROSSING && !(table[i].flags & BYTES) && strstr(table[i].name, "(path)") == NULL)
				p = hole - 1;
			memset(hole - 4096, 'a', 4096);   /* reads may have left bytes */
			long r = table[i].call(p);
			int partial_ok = c == CROSSING && (table[i].flags & BYTES);
			if (partial_ok && (r == -EFAULT || r == 16)) {
				/* Linux copies the bytes before the hole or none,
				 * depending on how its copy loop meets the fault */
				say("%s, %s: the part before the hole, or EFAULT", table[i].name, cases[c].name);
			} else if (r == -EFAULT) {
				efaults++;
			} else {
				if (!partial_ok)
					others++;
				say("%s, %s: %s%s", table[i].name, cases[c].name, result(r),
				    partial_ok ? "" : " (expected EFAULT)");
			}
		}
	}
	say("%d calls refused with EFAULT", efaults);
	CHECK(others == 0, "every bad pointer gave EFAULT");
	CHECK(syscall(SYS_getpid) == getpid() && m[0] == 'a', "the process and the kernel are still up");
	unlink("/tmp/efault.dat");
	return ut_done();
}
