/*
 * Miscellaneous system calls with Linux i386 semantics: identity (pids,
 * uids: everything runs as root), process groups and sessions, uname, the
 * clocks and sleeping, sched_yield, resource usage and limits, sysinfo,
 * getrandom, set_tid_address and set_robust_list.
 *
 * Time: CLOCK_MONOTONIC counts jiffies (HZ = 100) and interpolates inside
 * a tick with the TSC, calibrated against the tick; a one-tick timer
 * records the TSC at each tick. CLOCK_REALTIME is that plus the CMOS
 * clock read once at boot. Readers never see the clock go back.
 *
 * Context: process context (the calls copy to and from user memory and
 * may sleep); the clock and random state are updated with interrupts off.
 */
#include "kernel/sys.h"
#include "kernel/sched.h"
#include "kernel/wait.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/uaccess.h"
#include "kernel/syscalls.h"
#include "kernel/signal.h"
#include "mm/mm.h"
#include "mm/vm.h"
#include "kernel/loadavg.h"
#include "mm/swap.h"
#include "arch/x86/arch.h"

#define NSEC_PER_SEC 1000000000ULL
#define NSEC_PER_TICK (NSEC_PER_SEC / HZ)
#define USER_HZ 100

/* ---------------------------------------------------------------- *
 * Clocks
 * ---------------------------------------------------------------- */
static bool time_ready;
static u64 boot_real_ns;           /* wall clock at jiffies 0 */
static struct timer tick_timer;
static unsigned long tick_jiffies; /* the tick tick_tsc belongs to */
static u64 tick_tsc;
static u64 calib_tsc;              /* TSC and jiffies at the start of a calibration span */
static unsigned long calib_jiffies;
static u64 tsc_per_tick;           /* 0 until calibrated */
static u64 last_ns;                /* the largest value handed out */

static void tick_fn(void *data)
{
	u64 now = arch_cycles();

	(void)data;
	tick_jiffies = jiffies;
	tick_tsc = now;
	if (jiffies - calib_jiffies >= HZ) {
		u64 per = (now - calib_tsc) / (jiffies - calib_jiffies);

		if (per)
			tsc_per_tick = per;
		calib_tsc = now;
		calib_jiffies = jiffies;
	}
	add_timer(&tick_timer, jiffies + 1);
}

bool ktime_ready(void)
{
	return time_ready;
}

void sys_time_init(void)
{
	unsigned long flags;
	u32 rtc;

	if (time_ready)
		return;
	rtc = arch_rtc_read_time();
	flags = arch_irq_save();
	if (!time_ready) {
		time_ready = true;
		boot_real_ns = (u64)rtc * NSEC_PER_SEC - (u64)jiffies * NSEC_PER_TICK;
		tick_jiffies = calib_jiffies = jiffies;
		tick_tsc = calib_tsc = arch_cycles();
		init_timer(&tick_timer, tick_fn, NULL);
		add_timer(&tick_timer, jiffies + 1);
	}
	arch_irq_restore(flags);
}

u64 ktime_get_ns(void)
{
	unsigned long flags;
	u64 ns, sub = 0;

	if (!time_ready)
		sys_time_init();
	flags = arch_irq_save();
	ns = (u64)jiffies * NSEC_PER_TICK;
	if (tsc_per_tick && tick_jiffies == jiffies) {
		u64 d = arch_cycles() - tick_tsc;

		if (d < tsc_per_tick)
			sub = d * NSEC_PER_TICK / tsc_per_tick;
		else
			sub = NSEC_PER_TICK - 1;
	}
	ns += sub;
	if (ns < last_ns)
		ns = last_ns;
	last_ns = ns;
	arch_irq_restore(flags);
	return ns;
}

u64 ktime_get_real_ns(void)
{
	return boot_real_ns + ktime_get_ns();
}

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define CLOCK_REALTIME_ALARM 8
#define CLOCK_BOOTTIME_ALARM 9
#define CLOCK_TAI 11 /* realtime plus the TAI offset, which is 0 until set (never here) */
#define TIMER_ABSTIME 1

struct timespec32 {
	s32 tv_sec, tv_nsec;
};
struct timespec64 {
	s64 tv_sec, tv_nsec;
};
struct timeval32 {
	s32 tv_sec, tv_usec;
};

static int clock_read(int clk, u64 *ns)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_ALARM:
	case CLOCK_TAI:
		*ns = ktime_get_real_ns();
		return 0;
	case CLOCK_REALTIME_COARSE:
		if (!time_ready)
			sys_time_init();
		*ns = boot_real_ns + (u64)jiffies * NSEC_PER_TICK;
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
		*ns = ktime_get_ns();
		return 0;
	case CLOCK_MONOTONIC_COARSE:
		*ns = (u64)jiffies * NSEC_PER_TICK;
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = (u64)(current->utime + current->stime) * NSEC_PER_TICK;
		return 0;
	default:
		return -EINVAL;
	}
}

static void ns_to_ts32(u64 ns, struct timespec32 *ts)
{
	ts->tv_sec = (s32)(ns / NSEC_PER_SEC);
	ts->tv_nsec = (s32)(ns % NSEC_PER_SEC);
}

static void ns_to_ts64(u64 ns, struct timespec64 *ts)
{
	ts->tv_sec = (s64)(ns / NSEC_PER_SEC);
	ts->tv_nsec = (s64)(ns % NSEC_PER_SEC);
}

long sys_time(u32 __user *t)
{
	u32 sec = (u32)(ktime_get_real_ns() / NSEC_PER_SEC);

	if (t && put_user_u32(sec, t))
		return -EFAULT;
	return sec;
}

long sys_gettimeofday(void __user *tv, void __user *tz)
{
	if (tv) {
		u64 ns = ktime_get_real_ns();
		struct timeval32 v = { (s32)(ns / NSEC_PER_SEC),
				       (s32)((ns % NSEC_PER_SEC) / 1000) };

		if (copy_to_user(tv, &v, sizeof(v)))
			return -EFAULT;
	}
	if (tz) {
		u32 zone[2] = { 0, 0 }; /* minutes west, dst: UTC */

		if (copy_to_user(tz, zone, sizeof(zone)))
			return -EFAULT;
	}
	return 0;
}

long sys_clock_gettime(int clk, void __user *ts)
{
	struct timespec32 v;
	u64 ns;
	int err = clock_read(clk, &ns);

	if (err)
		return err;
	ns_to_ts32(ns, &v);
	return copy_to_user(ts, &v, sizeof(v)) ? -EFAULT : 0;
}

long sys_clock_gettime64(int clk, void __user *ts)
{
	struct timespec64 v;
	u64 ns;
	int err = clock_read(clk, &ns);

	if (err)
		return err;
	ns_to_ts64(ns, &v);
	return copy_to_user(ts, &v, sizeof(v)) ? -EFAULT : 0;
}

static int clock_res(int clk, u64 *ns)
{
	u64 dummy;
	int err = clock_read(clk, &dummy);

	if (err)
		return err;
	*ns = (clk == CLOCK_REALTIME_COARSE || clk == CLOCK_MONOTONIC_COARSE) ? NSEC_PER_TICK : 1;
	return 0;
}

long sys_clock_getres(int clk, void __user *ts)
{
	struct timespec32 v;
	u64 ns;
	int err = clock_res(clk, &ns);

	if (err)
		return err;
	ns_to_ts32(ns, &v);
	return ts && copy_to_user(ts, &v, sizeof(v)) ? -EFAULT : 0;
}

long sys_clock_getres_time64(int clk, void __user *ts)
{
	struct timespec64 v;
	u64 ns;
	int err = clock_res(clk, &ns);

	if (err)
		return err;
	ns_to_ts64(ns, &v);
	return ts && copy_to_user(ts, &v, sizeof(v)) ? -EFAULT : 0;
}

/* A request as a count of nanoseconds; -EINVAL for a negative or malformed one. */
static int ts_to_ns(s64 sec, s64 nsec, u64 *ns)
{
	if (sec < 0 || nsec < 0 || nsec >= (s64)NSEC_PER_SEC)
		return -EINVAL;
	if ((u64)sec > 0x7fffffffffULL) /* centuries: saturate */
		sec = 0x7fffffffffLL;
	*ns = (u64)sec * NSEC_PER_SEC + (u64)nsec;
	return 0;
}

/*
 * Sleep until clock clk reaches deadline (ns). Returns 0, or -EINTR with
 * *left set when a signal arrived first.
 */
static int sleep_until(int clk, u64 deadline, u64 *left)
{
	for (;;) {
		u64 now;
		unsigned long ticks;

		clock_read(clk, &now);
		if (now >= deadline)
			return 0;
		current->state = TASK_INTERRUPTIBLE;
		if (signal_pending(current)) {
			current->state = TASK_RUNNING;
			*left = deadline - now;
			return -EINTR;
		}
		/* at least the time asked for: the tick under way may be nearly over */
		u64 t = (deadline - now) / NSEC_PER_TICK + 1;
		ticks = t > 0x7fffffffULL ? 0x7fffffff : (unsigned long)t;
		schedule_timeout(ticks);
		current->state = TASK_RUNNING;
	}
}

static long do_nanosleep(int clk, int flags, u64 req, u64 *left)
{
	u64 now;

	if (flags & TIMER_ABSTIME)
		return sleep_until(clk, req, left);
	clock_read(clk, &now);
	return sleep_until(clk, now + req, left);
}

static int nanosleep_clock_ok(int clk)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
	case CLOCK_REALTIME_ALARM:
	case CLOCK_BOOTTIME_ALARM:
	case CLOCK_TAI:
		return 0;
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
		return -EOPNOTSUPP;
	default:
		/* the CPU-time clocks of oneself cannot be slept on here */
		return -EINVAL;
	}
}

/*
 * An interrupted sleep: a relative one writes the time left and returns
 * -ERESTART_RESTARTBLOCK (the handler's caller sees -EINTR; with no
 * handler, restart_syscall sleeps on to the same deadline); an absolute
 * one can simply run again (-ERESTARTNOHAND).
 */
static long sleep_interrupted(int clk, int flags, u64 left, void __user *rem, int kind)
{
	u64 now;

	if (flags & TIMER_ABSTIME)
		return -ERESTARTNOHAND;
	if (rem) {
		if (kind == 1) {
			struct timespec32 v;

			ns_to_ts32(left, &v);
			if (copy_to_user(rem, &v, sizeof(v)))
				return -EFAULT;
		} else {
			struct timespec64 v;

			ns_to_ts64(left, &v);
			if (copy_to_user(rem, &v, sizeof(v)))
				return -EFAULT;
		}
	}
	clock_read(clk, &now);
	current->sig.restart.kind = kind;
	current->sig.restart.clk = clk;
	current->sig.restart.deadline = now + left;
	current->sig.restart.rem = (u32)rem;
	return -ERESTART_RESTARTBLOCK;
}

long sys_restart_syscall(void)
{
	int kind = current->sig.restart.kind, clk = current->sig.restart.clk;
	u64 left = 0;

	current->sig.restart.kind = 0;
	if (!kind)
		return -EINTR; /* nothing to continue */
	if (sleep_until(clk, current->sig.restart.deadline, &left) == 0)
		return 0;
	return sleep_interrupted(clk, 0, left, (void __user *)current->sig.restart.rem, kind);
}

/* Sleep ns on clk (TIMER_ABSTIME in flags); an interruption reports what is left in rem. */
static long sleep_for(int clk, int flags, u64 ns, void __user *rem, int ts_kind)
{
	u64 left = 0;
	long err = do_nanosleep(clk, flags, ns, &left);

	if (err == -EINTR)
		return sleep_interrupted(clk, flags, left, rem, ts_kind);
	return err;
}

/* A struct timespec32 (ts_kind 1) or timespec64 (ts_kind 2) from user memory, in ns. */
static long read_user_timespec(const void __user *req, int ts_kind, u64 *ns)
{
	if (ts_kind == 1) {
		struct timespec32 r;

		if (copy_from_user(&r, req, sizeof(r)))
			return -EFAULT;
		return ts_to_ns(r.tv_sec, r.tv_nsec, ns);
	} else {
		struct timespec64 r;

		if (copy_from_user(&r, req, sizeof(r)))
			return -EFAULT;
		/* a 32-bit kernel keeps only the low half of tv_nsec (Linux drops the padding) */
		return ts_to_ns(r.tv_sec, (s32)(u32)r.tv_nsec, ns);
	}
}

long sys_nanosleep(const void __user *req, void __user *rem)
{
	u64 ns;
	long err = read_user_timespec(req, 1, &ns);

	return err ? err : sleep_for(CLOCK_MONOTONIC, 0, ns, rem, 1);
}

static long clock_nanosleep_kind(int clk, int flags, const void __user *req, void __user *rem,
				 int ts_kind)
{
	u64 ns;
	long err = nanosleep_clock_ok(clk);

	if (!err)
		err = read_user_timespec(req, ts_kind, &ns);
	return err ? err : sleep_for(clk, flags, ns, rem, ts_kind);
}

long sys_clock_nanosleep(int clk, int flags, const void __user *req, void __user *rem)
{
	return clock_nanosleep_kind(clk, flags, req, rem, 1);
}

long sys_clock_nanosleep_time64(int clk, int flags, const void __user *req, void __user *rem)
{
	return clock_nanosleep_kind(clk, flags, req, rem, 2);
}

long sys_sched_yield(void)
{
	yield();
	return 0;
}

/* ---------------------------------------------------------------- *
 * Usage and limits
 * ---------------------------------------------------------------- */
struct rusage32 {
	struct timeval32 ru_utime, ru_stime;
	s32 ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap,
		ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};
_Static_assert(sizeof(struct rusage32) == 72, "struct rusage is 18 longs on i386");

static void ticks_to_tv(unsigned long ticks, struct timeval32 *tv)
{
	tv->tv_sec = ticks / HZ;
	tv->tv_usec = (ticks % HZ) * (1000000 / HZ);
}

long sys_getrusage(int who, void __user *ru)
{
	struct rusage32 r;
	struct task *t = current;

	memset(&r, 0, sizeof(r));
	switch (who) {
	case 0:  /* RUSAGE_SELF */
	case 1:  /* RUSAGE_THREAD */
		ticks_to_tv(t->utime, &r.ru_utime);
		ticks_to_tv(t->stime, &r.ru_stime);
		r.ru_minflt = t->min_flt;
		r.ru_majflt = t->maj_flt;
		/* KiB; no high-water mark is kept, so the resident size now */
		if (t->mm)
			r.ru_maxrss = (t->mm->rss_file + t->mm->rss_anon) * (PAGE_SIZE / 1024);
		break;
	case -1: /* RUSAGE_CHILDREN */
		ticks_to_tv(t->cutime, &r.ru_utime);
		ticks_to_tv(t->cstime, &r.ru_stime);
		r.ru_minflt = t->cmin_flt;
		r.ru_majflt = t->cmaj_flt;
		break;
	default:
		return -EINVAL;
	}
	return copy_to_user(ru, &r, sizeof(r)) ? -EFAULT : 0;
}

long sys_times(void __user *buf)
{
	struct task *t = current;

	if (buf) {
		s32 tms[4] = { (s32)(t->utime * USER_HZ / HZ), (s32)(t->stime * USER_HZ / HZ),
			       (s32)(t->cutime * USER_HZ / HZ), (s32)(t->cstime * USER_HZ / HZ) };

		if (copy_to_user(buf, tms, sizeof(tms)))
			return -EFAULT;
	}
	return (long)((u64)jiffies * USER_HZ / HZ);
}

struct sysinfo32 {
	s32 uptime;
	u32 loads[3];
	u32 totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	u16 procs, pad;
	u32 totalhigh, freehigh, mem_unit;
	char _f[8];
};
_Static_assert(sizeof(struct sysinfo32) == 64, "struct sysinfo is 64 bytes on i386");

static bool count_process(struct task *t, void *data)
{
	if ((t->mm || t->is_user) && t->state != TASK_DEAD && t->pid == t->tgid)
		(*(unsigned int *)data)++;
	return false;
}

long sys_sysinfo(void __user *info)
{
	struct sysinfo32 s;
	u64 up = ktime_get_ns();
	unsigned int procs = 0;
	u64 total, unit = PAGE_SIZE;

	memset(&s, 0, sizeof(s));
	s.uptime = (s32)(up / NSEC_PER_SEC) + (up % NSEC_PER_SEC ? 1 : 0);
	task_find(count_process, &procs);
	s.procs = procs;
	for (int i = 0; i < 3; i++) /* 16 fraction bits in sysinfo (SI_LOAD_SHIFT) */
		s.loads[i] = (u32)(avenrun[i] << (16 - LOAD_FSHIFT));
	s.totalram = totalram_pages;
	s.freeram = nr_free_pages();
	s.totalhigh = totalhigh_pages;
	s.freehigh = nr_free_highpages();
	s.totalswap = total_swap_pages;
	s.freeswap = nr_swap_pages;
	/* as Linux: byte units when everything fits in 32 bits */
	total = (u64)s.totalram + s.totalswap;
	if (total * unit <= 0xffffffffULL) {
		s.totalram *= unit;
		s.freeram *= unit;
		s.sharedram *= unit;
		s.bufferram *= unit;
		s.totalswap *= unit;
		s.freeswap *= unit;
		s.totalhigh *= unit;
		s.freehigh *= unit;
		unit = 1;
	}
	s.mem_unit = (u32)unit;
	return copy_to_user(info, &s, sizeof(s)) ? -EFAULT : 0;
}

#define RLIMIT_LOCKS 10
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE 12
#define RLIMIT_NICE 13
#define RLIMIT_RTPRIO 14
#define RLIMIT_RTTIME 15
#define NR_OPEN_MAX 1048576 /* fs.nr_open */

void rlimits_init_default(struct task *t)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		t->rlim[i].cur = t->rlim[i].max = RLIM_INFINITY;
	t->rlim[RLIMIT_STACK].cur = 8ULL << 20;
	t->rlim[RLIMIT_CORE].cur = 0;
	t->rlim[RLIMIT_NPROC].cur = t->rlim[RLIMIT_NPROC].max = 4096;
	t->rlim[RLIMIT_NOFILE].cur = 1024;
	t->rlim[RLIMIT_NOFILE].max = 4096;
	t->rlim[RLIMIT_MEMLOCK].cur = t->rlim[RLIMIT_MEMLOCK].max = 8ULL << 20;
	t->rlim[RLIMIT_SIGPENDING].cur = t->rlim[RLIMIT_SIGPENDING].max = 4096;
	t->rlim[RLIMIT_MSGQUEUE].cur = t->rlim[RLIMIT_MSGQUEUE].max = 819200;
	t->rlim[RLIMIT_NICE].cur = t->rlim[RLIMIT_NICE].max = 0;
	t->rlim[RLIMIT_RTPRIO].cur = t->rlim[RLIMIT_RTPRIO].max = 0;
}

static u32 rlim_to_32(u64 v)
{
	return v >= 0xffffffffULL ? 0xffffffffu : (u32)v;
}

static u64 rlim_from_32(u32 v)
{
	return v == 0xffffffffu ? RLIM_INFINITY : v;
}

long sys_getrlimit(unsigned int res, void __user *rlim)
{
	u32 r[2];

	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	/* the old call: infinity and anything above it reads as 0x7fffffff */
	r[0] = MIN(current->rlim[res].cur, 0x7fffffffULL);
	r[1] = MIN(current->rlim[res].max, 0x7fffffffULL);
	return copy_to_user(rlim, r, sizeof(r)) ? -EFAULT : 0;
}

long sys_ugetrlimit(unsigned int res, void __user *rlim)
{
	u32 r[2];

	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	r[0] = rlim_to_32(current->rlim[res].cur);
	r[1] = rlim_to_32(current->rlim[res].max);
	return copy_to_user(rlim, r, sizeof(r)) ? -EFAULT : 0;
}

static bool match_process(struct task *t, void *data)
{
	return (t->mm || t->is_user) && t->state != TASK_DEAD && t->tgid == *(int *)data &&
	       t->pid == t->tgid;
}

static struct task *process_by_pid(int pid)
{
	return pid == 0 ? current : task_find(match_process, &pid);
}

static int do_prlimit(struct task *t, unsigned int res, const struct rlimit64 *nu,
		      struct rlimit64 *old)
{
	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	if (nu) {
		if (nu->cur > nu->max)
			return -EINVAL;
		if (res == RLIMIT_NOFILE && nu->max != RLIM_INFINITY && nu->max > NR_OPEN_MAX)
			return -EPERM;
		if (res == RLIMIT_NOFILE && nu->max == RLIM_INFINITY)
			return -EPERM;
	}
	if (old)
		*old = t->rlim[res];
	if (nu) {
		/* raising the hard limit needs CAP_SYS_RESOURCE: we are root, so it is allowed */
		unsigned long flags = arch_irq_save();

		t->rlim[res] = *nu;
		arch_irq_restore(flags);
	}
	return 0;
}

long sys_setrlimit(unsigned int res, const void __user *rlim)
{
	u32 r[2];
	struct rlimit64 nu;

	if (copy_from_user(r, rlim, sizeof(r)))
		return -EFAULT;
	nu.cur = rlim_from_32(r[0]);
	nu.max = rlim_from_32(r[1]);
	return do_prlimit(current, res, &nu, NULL);
}

long sys_prlimit64(int pid, unsigned int res, const void __user *new, void __user *old)
{
	struct rlimit64 nu, o;
	struct task *t;
	int err;

	if (new && copy_from_user(&nu, new, sizeof(nu)))
		return -EFAULT;
	t = process_by_pid(pid);
	if (!t)
		return -ESRCH;
	err = do_prlimit(t, res, new ? &nu : NULL, old ? &o : NULL);
	if (err)
		return err;
	if (old && copy_to_user(old, &o, sizeof(o)))
		return -EFAULT;
	return 0;
}

/* ---------------------------------------------------------------- *
 * Random bytes: a xoshiro128** generator, seeded from the TSC and the RTC
 * and stirred with the TSC on every request. Not cryptographic.
 * ---------------------------------------------------------------- */
static u32 rng[4];
static bool rng_seeded;

static u32 rotl(u32 x, int k)
{
	return (x << k) | (x >> (32 - k));
}

static u32 rng_next(void)
{
	u32 result = rotl(rng[1] * 5, 7) * 9, t = rng[1] << 9;

	rng[2] ^= rng[0];
	rng[3] ^= rng[1];
	rng[1] ^= rng[2];
	rng[0] ^= rng[3];
	rng[2] ^= t;
	rng[3] = rotl(rng[3], 11);
	return result;
}

static u64 splitmix(u64 *x)
{
	u64 z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rng_stir(void)
{
	u64 x = arch_cycles() ^ ((u64)jiffies << 32);

	if (!rng_seeded) {
		x ^= (u64)arch_rtc_read_time() << 17;
		rng_seeded = true;
	}
	for (int i = 0; i < 4; i += 2) {
		u64 z = splitmix(&x);

		rng[i] ^= (u32)z;
		rng[i + 1] ^= (u32)(z >> 32);
	}
	if (!(rng[0] | rng[1] | rng[2] | rng[3]))
		rng[0] = 1;
}

void get_random_bytes(void *buf, size_t n)
{
	u8 *p = buf;
	unsigned long flags = arch_irq_save();

	rng_stir();
	while (n) {
		u32 v = rng_next();
		size_t k = MIN(n, sizeof(v));

		memcpy(p, &v, k);
		p += k;
		n -= k;
	}
	arch_irq_restore(flags);
}

#define GRND_NONBLOCK 1
#define GRND_RANDOM 2
#define GRND_INSECURE 4

long sys_getrandom(void __user *buf, size_t n, unsigned int flags)
{
	u8 chunk[256];
	size_t done = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & (GRND_INSECURE | GRND_RANDOM)) == (GRND_INSECURE | GRND_RANDOM))
		return -EINVAL;
	if (n > 0x7ffff000) /* MAX_RW_COUNT */
		n = 0x7ffff000;
	while (done < n) {
		size_t k = MIN(n - done, sizeof(chunk));
		unsigned long left;

		get_random_bytes(chunk, k);
		left = copy_to_user((u8 __user *)buf + done, chunk, k);
		done += k - left;
		if (left)
			return done ? (long)done : -EFAULT;
		if (done < n && signal_pending(current))
			break;
	}
	memset(chunk, 0, sizeof(chunk));
	return done;
}

/* ---------------------------------------------------------------- *
 * Identity, groups, sessions
 * ---------------------------------------------------------------- */
long sys_getpid(void) { return current->tgid; }
long sys_gettid(void) { return current->pid; }
long sys_getppid(void) { return current->parent ? current->parent->tgid : 0; }
long sys_getuid(void) { return 0; }
long sys_geteuid(void) { return 0; }
long sys_getgid(void) { return 0; }
long sys_getegid(void) { return 0; }
long sys_getuid32(void) { return 0; }
long sys_geteuid32(void) { return 0; }
long sys_getgid32(void) { return 0; }
long sys_getegid32(void) { return 0; }

long sys_getpgrp(void)
{
	return current->pgid;
}

long sys_getpgid(int pid)
{
	struct task *t = pid ? process_by_pid(pid) : current;

	if (pid < 0)
		return -ESRCH;
	return t ? t->pgid : -ESRCH;
}

long sys_getsid(int pid)
{
	struct task *t = pid ? process_by_pid(pid) : current;

	if (pid < 0)
		return -ESRCH;
	return t ? t->sid : -ESRCH;
}

struct group_match {
	int pgid, sid;
};

static bool match_group_in_session(struct task *t, void *data)
{
	struct group_match *g = data;

	return (t->mm || t->is_user) && t->state != TASK_DEAD && t->pgid == g->pgid &&
	       (g->sid < 0 || t->sid == g->sid);
}

/* Sets pgid on every thread of process tgid (interrupts are off). */
struct set_pgid {
	int tgid, pgid;
};

static bool set_pgid_one(struct task *t, void *data)
{
	struct set_pgid *s = data;

	if (t->tgid == s->tgid)
		t->pgid = s->pgid;
	return false;
}

long sys_setpgid(int pid, int pgid)
{
	struct task *t;
	struct set_pgid s;

	if (pgid < 0)
		return -EINVAL;
	if (pid < 0)
		return -ESRCH;
	if (!pid)
		pid = current->tgid;
	if (!pgid)
		pgid = pid;
	t = process_by_pid(pid);
	/* only ourselves or one of our children */
	if (!t || (t->tgid != current->tgid && (!t->parent || t->parent->tgid != current->tgid)))
		return -ESRCH;
	if (t->tgid != current->tgid && t->sid != current->sid)
		return -EPERM;
	if (t->sid == t->tgid) /* a session leader cannot move */
		return -EPERM;
	if (pgid != t->tgid) {
		struct group_match g = { pgid, current->sid };

		if (!task_find(match_group_in_session, &g))
			return -EPERM;
	}
	s.tgid = t->tgid;
	s.pgid = pgid;
	task_find(set_pgid_one, &s);
	return 0;
}

struct set_sid {
	int tgid;
};

static bool set_sid_one(struct task *t, void *data)
{
	int tgid = ((struct set_sid *)data)->tgid;

	if (t->tgid == tgid)
		t->pgid = t->sid = tgid;
	return false;
}

long sys_setsid(void)
{
	struct group_match g = { current->tgid, -1 };
	struct set_sid s = { current->tgid };

	/* a process group already carries our pid: we lead it, or someone joined it */
	if (task_find(match_group_in_session, &g))
		return -EPERM;
	task_find(set_sid_one, &s);
	return current->tgid;
}

long sys_set_tid_address(int __user *tidptr)
{
	current->clear_child_tid = (u32)tidptr;
	return current->pid;
}

long sys_set_robust_list(void __user *head, size_t len)
{
	if (len != 12) /* sizeof(struct robust_list_head) on i386 */
		return -EINVAL;
	current->sig.robust_list = (u32)head; /* kept for exit's futex cleanup (none yet) */
	return 0;
}

/* ---------------------------------------------------------------- *
 * uname
 * ---------------------------------------------------------------- */
struct new_utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};
_Static_assert(sizeof(struct new_utsname) == 390, "struct new_utsname");

const char uts_sysname[] = "Linux";
/* sethostname / setdomainname change these (Linux's __NEW_UTS_LEN is 64). */
#define UTS_LEN 64
static char uts_nodename[UTS_LEN + 1] = "rmapos";
static char uts_domainname[UTS_LEN + 1] = "(none)";
const char uts_release[] = "6.1.0-rmapos";
const char uts_version[] = "#1 rmapos";
const char uts_machine[] = "i686";

long sys_uname(void __user *buf)
{
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, uts_sysname, sizeof(u.sysname));
	strlcpy(u.nodename, uts_nodename, sizeof(u.nodename));
	strlcpy(u.release, uts_release, sizeof(u.release));
	strlcpy(u.version, uts_version, sizeof(u.version));
	strlcpy(u.machine, uts_machine, sizeof(u.machine));
	strlcpy(u.domainname, uts_domainname, sizeof(u.domainname));
	return copy_to_user(buf, &u, sizeof(u)) ? -EFAULT : 0;
}

/* A new node or domain name: len bytes, not NUL-terminated (root only, as everyone is here). */
static long set_uts_name(char *dst, const char __user *name, int len)
{
	char buf[UTS_LEN];

	if (len < 0 || len > UTS_LEN)
		return -EINVAL;
	if (copy_from_user(buf, name, len))
		return -EFAULT;
	memcpy(dst, buf, len);
	memset(dst + len, 0, UTS_LEN + 1 - len);
	return 0;
}

long sys_sethostname(const char __user *name, int len)
{
	return set_uts_name(uts_nodename, name, len);
}

long sys_setdomainname(const char __user *name, int len)
{
	return set_uts_name(uts_domainname, name, len);
}

/* ---------------------------------------------------------------- *
 * prctl: the process's name (what /proc/<pid>/comm, stat and status
 * show; busybox names its forked applets so). Other options are not
 * kept here and are refused with EINVAL, Linux's answer to an option it
 * does not know.
 * ---------------------------------------------------------------- */
#define PR_SET_NAME 15
#define PR_GET_NAME 16

long sys_prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4,
	       unsigned long arg5)
{
	char name[TASK_NAME_LEN];
	int i;

	switch (option) {
	case PR_SET_NAME:
		/* Up to 15 bytes; a longer name is cut, as on Linux. */
		memset(name, 0, sizeof(name));
		for (i = 0; i < TASK_NAME_LEN - 1; i++) {
			if (copy_from_user(&name[i], (const char __user *)arg2 + i, 1))
				return -EFAULT;
			if (!name[i])
				break;
		}
		memcpy(current->name, name, TASK_NAME_LEN);
		return 0;
	case PR_GET_NAME:
		memcpy(name, current->name, TASK_NAME_LEN);
		name[TASK_NAME_LEN - 1] = 0;
		return copy_to_user((void __user *)arg2, name, TASK_NAME_LEN) ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}

/* ---------------------------------------------------------------- *
 * Nice values: getpriority / setpriority over a process, a process
 * group or a user (everyone is uid 0). The value sets the length of the
 * task's time slice (TASK_SLICE_TICKS); it is inherited across fork and
 * kept across exec.
 * ---------------------------------------------------------------- */
#define PRIO_PROCESS 0
#define PRIO_PGRP 1
#define PRIO_USER 2

struct prio_walk {
	int which, who;
	bool set;
	int nice;   /* the value to set */
	int found;  /* processes matched */
	int best;   /* get: the highest priority (lowest nice) seen */
};

static bool prio_one(struct task *t, void *data)
{
	struct prio_walk *w = data;

	if (!t->is_user || t->zombie || t->state == TASK_DEAD)
		return false;
	if ((w->which == PRIO_PROCESS && t->pid != w->who) ||
	    (w->which == PRIO_PGRP && t->pgid != w->who) ||
	    (w->which == PRIO_USER && w->who != 0))
		return false;
	w->found++;
	if (w->set)
		t->nice = w->nice;
	else if (t->nice < w->best)
		w->best = t->nice;
	return false;
}

static long prio_walk(struct prio_walk *w)
{
	if (w->which < PRIO_PROCESS || w->which > PRIO_USER)
		return -EINVAL;
	if (w->who < 0)
		return -ESRCH;
	if (w->who == 0)
		w->who = w->which == PRIO_PROCESS ? current->pid :
			 w->which == PRIO_PGRP ? current->pgid : 0;
	w->best = 20;
	task_find(prio_one, w);
	return w->found ? 0 : -ESRCH;
}

long sys_setpriority(int which, int who, int niceval)
{
	struct prio_walk w = { .which = which, .who = who, .set = true };

	w.nice = niceval < -20 ? -20 : niceval > 19 ? 19 : niceval;
	return prio_walk(&w);
}

/* The system call answers 20 - nice (1..40), never negative; the C library turns it back. */
long sys_getpriority(int which, int who)
{
	struct prio_walk w = { .which = which, .who = who };
	long err = prio_walk(&w);

	return err ? err : 20 - w.best;
}

/* ---------------------------------------------------------------- *
 * Scheduling queries and groups: one CPU, SCHED_OTHER, no supplementary
 * groups.
 * ---------------------------------------------------------------- */
#define SCHED_OTHER 0
#define SCHED_FIFO 1
#define SCHED_RR 2
#define SCHED_BATCH 3
#define SCHED_IDLE 5
#define CPUMASK_BYTES 4 /* one unsigned long: Linux i386's cpumask_size() */

static long check_sched_pid(int pid)
{
	if (pid < 0)
		return -EINVAL;
	return process_by_pid(pid) ? 0 : -ESRCH;
}

long sys_sched_getaffinity(int pid, unsigned int len, void __user *mask)
{
	u32 m = 1; /* CPU 0 */
	long err = check_sched_pid(pid);

	if (err)
		return err == -EINVAL ? -ESRCH : err;
	if (len < CPUMASK_BYTES || (len & (sizeof(u32) - 1)))
		return -EINVAL;
	if (copy_to_user(mask, &m, sizeof(m)))
		return -EFAULT;
	return CPUMASK_BYTES;
}

long sys_sched_setaffinity(int pid, unsigned int len, const void __user *mask)
{
	u8 first = 0;
	long err = check_sched_pid(pid);

	if (err)
		return err == -EINVAL ? -ESRCH : err;
	if (len && copy_from_user(&first, mask, 1))
		return -EFAULT;
	return (first & 1) ? 0 : -EINVAL; /* the set must contain the one CPU there is */
}

long sys_sched_getscheduler(int pid)
{
	long err = check_sched_pid(pid);

	return err ? err : SCHED_OTHER;
}

long sys_sched_getparam(int pid, void __user *param)
{
	s32 prio = 0;
	long err;

	if (!param)
		return -EINVAL;
	err = check_sched_pid(pid);
	if (err)
		return err;
	return copy_to_user(param, &prio, sizeof(prio)) ? -EFAULT : 0;
}

long sys_sched_get_priority_max(int policy)
{
	switch (policy) {
	case SCHED_FIFO:
	case SCHED_RR:
		return 99;
	case SCHED_OTHER:
	case SCHED_BATCH:
	case SCHED_IDLE:
		return 0;
	default:
		return -EINVAL;
	}
}

long sys_sched_get_priority_min(int policy)
{
	switch (policy) {
	case SCHED_FIFO:
	case SCHED_RR:
		return 1;
	case SCHED_OTHER:
	case SCHED_BATCH:
	case SCHED_IDLE:
		return 0;
	default:
		return -EINVAL;
	}
}

long sys_getgroups(int size, void __user *list)
{
	return size < 0 ? -EINVAL : 0;
}

long sys_getgroups32(int size, void __user *list)
{
	return size < 0 ? -EINVAL : 0;
}
