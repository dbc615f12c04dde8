/*
 * The small calls of issue 8 answer as Linux: ids (pid, ppid, tid, uid
 * and gid 0 for init's children, the *32 forms), process groups and
 * sessions (setpgid, getpgrp, getpgid, setsid, getsid), uname's sysname
 * and machine, clocks that move forward (time, gettimeofday, clock_gettime
 * MONOTONIC and REALTIME, nanosleep and clock_nanosleep sleep at least as
 * long as asked), times, sysinfo, rlimits (RLIMIT_STACK 8 MiB, set/get,
 * prlimit64), getrandom, sched_yield, set_tid_address, unknown system
 * call numbers (ENOSYS).
 */
#include "ut.h"
#include <sched.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <sys/random.h>

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	pid_t pid = getpid();
	CHECK(pid > 1 && syscall(SYS_gettid) == pid, "gettid equals getpid in a single-threaded process");
	CHECK(getppid() >= 1 && getppid() != pid, "getppid is another process");
	CHECK(getuid() == 0 && geteuid() == 0 && getgid() == 0 && getegid() == 0, "uid, euid, gid, egid are 0");
	CHECK(syscall(SYS_getuid32) == 0 && syscall(SYS_getgid32) == 0 && syscall(SYS_geteuid32) == 0 &&
	      syscall(SYS_getegid32) == 0, "the *32 forms too");
	CHECK(syscall(SYS_set_tid_address, NULL) == pid, "set_tid_address returns the tid");

	/* groups and sessions: utest-init put us in our own group */
	CHECK(getpgrp() == pid && getpgid(0) == pid, "we lead our own process group");
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		char x;
		close(p[1]);
		int ok = getpgrp() == getppid();
		ok &= setsid() == getpid() && getsid(0) == getpid() && getpgrp() == getpid();
		errno = 0;
		ok &= setsid() == -1 && errno == EPERM;   /* now a group leader */
		errno = 0;
		ok &= setpgid(0, 0) == -1 && errno == EPERM;  /* a session leader's group is fixed */
		(void)!read(p[0], &x, 1);
		_exit(ok ? 0 : 1);
	}
	CHECK(getpgid(c) == pid || getpgid(c) == c, "a child starts in our group");
	close(p[0]);
	close(p[1]);
	int st;
	waitpid(c, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a child can make its own session; setsid again, setpgid of a session leader: EPERM");
	c = fork();
	if (c == 0)
		_exit(setpgid(0, 0) == 0 && getpgrp() == getpid() && getsid(0) == getsid(getppid()) ? 0 : 1);
	waitpid(c, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a child can make its own group in our session");
	errno = 0;
	CHECK(getpgid(999999) == -1 && errno == ESRCH, "getpgid of no process: ESRCH");

	struct utsname u;
	CHECK(uname(&u) == 0 && strcmp(u.sysname, "Linux") == 0, "uname sysname is Linux");
	CHECK(strcmp(u.machine, "i686") == 0 || strcmp(u.machine, "i386") == 0 || strcmp(u.machine, "i586") == 0,
	      "uname machine is i386..i686");

	/* clocks */
	time_t t0 = time(NULL);
	struct timeval tv;
	gettimeofday(&tv, NULL);
	CHECK(t0 > 0 && tv.tv_usec >= 0 && tv.tv_usec < 1000000, "time and gettimeofday give sane values");
	double m0 = mono();
	struct timespec req = { 0, 50 * 1000 * 1000 };
	CHECK(nanosleep(&req, NULL) == 0, "nanosleep 50 ms");
	double m1 = mono();
	CHECK(m1 - m0 >= 0.049, "at least 50 ms passed on CLOCK_MONOTONIC");
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL) == 0 && mono() - m1 >= 0.049,
	      "clock_nanosleep 50 ms");
	struct timespec rt;
	CHECK(clock_gettime(CLOCK_REALTIME, &rt) == 0 && rt.tv_sec >= t0, "CLOCK_REALTIME agrees with time()");
	errno = 0;
	CHECK(clock_gettime(12345, &rt) == -1 && errno == EINVAL, "an unknown clock: EINVAL");
	struct timespec bad = { 0, 2000000000 };
	errno = 0;
	CHECK(nanosleep(&bad, NULL) == -1 && errno == EINVAL, "nanosleep with tv_nsec >= 1e9: EINVAL");
	struct tms tm;
	CHECK(times(&tm) != (clock_t)-1 && tm.tms_utime >= 0, "times");
	struct sysinfo si;
	CHECK(sysinfo(&si) == 0 && si.totalram > 0 && si.mem_unit > 0 && si.procs >= 2, "sysinfo: RAM and processes");
	CHECK(sched_yield() == 0, "sched_yield");

	/* limits */
	struct rlimit rl;
	CHECK(getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur == 8 << 20, "RLIMIT_STACK is 8 MiB");
	CHECK(syscall(SYS_ugetrlimit, RLIMIT_STACK, &rl) == 0 && rl.rlim_cur == 8 << 20, "ugetrlimit agrees");
	struct rlimit nrl = { 1 << 20, RLIM_INFINITY };
	CHECK(setrlimit(RLIMIT_CORE, &nrl) == 0 && getrlimit(RLIMIT_CORE, &rl) == 0 && rl.rlim_cur == 1 << 20,
	      "setrlimit then getrlimit");
	struct { uint64_t cur, max; } n64 = { 2 << 20, ~0ull }, o64;
	CHECK(syscall(SYS_prlimit64, 0, RLIMIT_CORE, &n64, &o64) == 0 && o64.cur == 1 << 20, "prlimit64 sets and returns the old");
	struct rlimit inv = { 10, 5 };
	errno = 0;
	CHECK(setrlimit(RLIMIT_CORE, &inv) == -1 && errno == EINVAL, "cur above max: EINVAL");

	unsigned char r1[32], r2[32];
	CHECK(getrandom(r1, 32, 0) == 32 && getrandom(r2, 32, 0) == 32 && memcmp(r1, r2, 32) != 0,
	      "getrandom gives fresh bytes");
	errno = 0;
	CHECK(syscall(1000) == -1 && errno == ENOSYS, "system call 1000: ENOSYS");
	errno = 0;
	CHECK(syscall(-1) == -1 && errno == ENOSYS, "system call -1: ENOSYS");
	return ut_done();
}
