/*
 * swapbench: the online replacement and swap-throughput benchmarks of
 * issue 10, one static program booted as init on rmapos and on Debian's
 * Linux 6.1 in the same QEMU (tools/swap_bench.py boots both and
 * tabulates). The job comes from the kernel command line
 * (/proc/cmdline), so the same binary serves every boot:
 *
 *   swapbench=replay:FILE   replay a page-reference trace over anonymous
 *                           memory and report its major faults
 *   swapbench=swap:N        write N patterned pages of anonymous memory,
 *                           read them back twice in order, verifying
 *   swapbench=run           with swapbench_swap=N the swap:N job, then
 *                           replay every trace listed (one path a line)
 *                           in /etc/swapbench/traces
 *   swapbench=probe         only the memory report (calibration boots)
 *   swapbench_avail=KB      first lower MemAvailable to KB by mlock()ing
 *                           anonymous memory (Linux; rmapos has no mlock
 *                           and is given its free memory with mem=)
 *   swapbench_swapon=DEV    (Linux only) mknod DEV as 8:0 and swapon it
 *                           first, after loading the modules listed in
 *                           /etc/swapbench/modules (finit_module, in the
 *                           order given: the IDE disk's driver stack)
 *
 * Trace file (tools/swap_bench.py converts ../shared/traces): "SWTR", u32
 * distinct pages, u32 references, then one little-endian u16 page index
 * (0 .. distinct-1, in order of first use) per reference. Every reference
 * is a store (the word at the start of its page is incremented), so every
 * page the kernel evicts is dirty and goes to swap, as anonymous memory
 * does; a read-only first touch would map Linux's shared zero page and use
 * no memory at all. After the counters are read, the per-page words must
 * add up to the reference count (nothing lost).
 *
 * Each replay runs in a child; the child's getrusage(RUSAGE_SELF) gives
 * ru_majflt (faults that had to read from swap) and ru_minflt. Guest time:
 * under QEMU -icount shift=0 one nanosecond of CLOCK_MONOTONIC is one
 * instruction (or, while the CPU idles waiting for the disk, one
 * nanosecond of host time); every phase prints its CLOCK_MONOTONIC and TSC
 * deltas so the two clocks can be compared, and /proc/stat's idle+iowait
 * so the instructions actually executed (elapsed minus idle) can be told
 * from waiting. Each phase is followed by a "swapbench reclaim PHASE"
 * line: the deltas of /proc/vmstat reclaim counters. Both kernels have
 * pgrefill (active pages the scan looked at), pgdeactivate, pgactivate,
 * pgscan_*, pgsteal_* and pgrotated; allocstall and the workingset_*
 * lines are this kernel's names (Linux 6.1 splits allocstall by zone and
 * workingset_refault into _anon and _file, and has no protected set). A
 * counter a kernel lacks reads -1 at both ends: its delta prints as 0.
 *
 * Output lines start with "swapbench "; the run ends with
 * "swapbench: done" (or "swapbench: FAILED ...") and exit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void die(const char *what)
{
	printf("swapbench: FAILED %s (errno %d)\n", what, errno);
	fflush(stdout);
	exit(1);
}

static void replay(const char *path);
static void swap_throughput(long pages);

/* The whole of a small /proc file, NUL-terminated, in buf. */
static int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY), n, got = 0;

	if (fd < 0)
		return -1;
	while (got < (int)len - 1 && (n = read(fd, buf + got, len - 1 - got)) > 0)
		got += n;
	close(fd);
	buf[got] = 0;
	return got;
}

/* The number after `key` at a line start in text (key includes its separator). */
static long long field(const char *text, const char *key)
{
	size_t k = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, key, k))
			return strtoll(p + k, NULL, 10);
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}

/* The reclaim counters a phase also reports: the scan's work per page moved. */
static const char *const reclaim_counters[] = {
	"pgrefill", "pgdeactivate", "pgactivate", "pgscan_kswapd", "pgscan_direct",
	"pgsteal_kswapd", "pgsteal_direct", "pgrotated", "allocstall",
	"workingset_refault", "workingset_refault_protected", "workingset_demote",
	"workingset_stall",
};
#define NR_RECLAIM_COUNTERS (sizeof(reclaim_counters) / sizeof(reclaim_counters[0]))

struct snap {
	uint64_t ns, tsc;
	long long pswpin, pswpout, majfault, idle_ticks;
	long long reclaim[NR_RECLAIM_COUNTERS];
};

static void snapshot(struct snap *s)
{
	static char buf[16384];
	long long v[5] = { 0 };
	size_t i;

	if (read_file("/proc/vmstat", buf, sizeof(buf)) < 0)
		die("read /proc/vmstat");
	s->pswpin = field(buf, "pswpin ");
	s->pswpout = field(buf, "pswpout ");
	s->majfault = field(buf, "pgmajfault ");
	for (i = 0; i < NR_RECLAIM_COUNTERS; i++) {
		char key[32];

		snprintf(key, sizeof(key), "%s ", reclaim_counters[i]);
		s->reclaim[i] = field(buf, key);
	}
	if (read_file("/proc/stat", buf, sizeof(buf)) < 0)
		die("read /proc/stat");
	/* "cpu  user nice system idle iowait ...", USER_HZ (100) ticks */
	sscanf(buf, "cpu %lld %lld %lld %lld %lld", &v[0], &v[1], &v[2], &v[3], &v[4]);
	s->idle_ticks = v[3] + v[4];
	s->tsc = rdtsc();
	s->ns = now_ns();
}

static void report_phase(const char *name, const struct snap *a, const struct snap *b,
			 long pages)
{
	size_t i;

	printf("swapbench phase %s pages %ld pswpout %lld pswpin %lld pgmajfault %lld "
	       "ns %llu tsc %llu idle_ms %lld\n", name, pages, b->pswpout - a->pswpout,
	       b->pswpin - a->pswpin, b->majfault - a->majfault,
	       (unsigned long long)(b->ns - a->ns), (unsigned long long)(b->tsc - a->tsc),
	       (b->idle_ticks - a->idle_ticks) * 10);
	printf("swapbench reclaim %s", name);
	for (i = 0; i < NR_RECLAIM_COUNTERS; i++)
		printf(" %s %lld", reclaim_counters[i], b->reclaim[i] - a->reclaim[i]);
	printf("\n");
}

static void print_meminfo(void)
{
	static char buf[8192];

	if (read_file("/proc/meminfo", buf, sizeof(buf)) < 0)
		die("read /proc/meminfo");
	printf("swapbench meminfo MemTotal %lld MemFree %lld MemAvailable %lld SwapTotal %lld\n",
	       field(buf, "MemTotal:"), field(buf, "MemFree:"), field(buf, "MemAvailable:"),
	       field(buf, "SwapTotal:"));
}

/* ---- Linux's disk stack and swapon ---- */
static void load_modules(const char *list)
{
	static char buf[4096];
	char *line, *save;

	if (read_file(list, buf, sizeof(buf)) < 0)
		return;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int fd = open(line, O_RDONLY | O_CLOEXEC);

		if (fd < 0)
			die(line);
		if (syscall(SYS_finit_module, fd, "", 0) && errno != EEXIST) {
			printf("swapbench: finit_module %s: errno %d\n", line, errno);
			die("finit_module");
		}
		close(fd);
	}
}

static void swapon_dev(const char *dev)
{
	int i, fd = -1;

	mknod(dev, S_IFBLK | 0600, makedev(8, 0));
	/* The SCSI scan is asynchronous: wait (guest time) for sda to open. */
	for (i = 0; i < 500 && (fd = open(dev, O_RDONLY)) < 0; i++)
		usleep(20000);
	if (fd < 0)
		die("open swap device");
	close(fd);
	if (swapon(dev, 0))
		die("swapon");
}

/* ---- replay ---- */
#define PROGRESS_REFS 65536 /* references between two progress lines */
struct trace {
	uint32_t distinct, refs;
	int fd;
};

static void replay(const char *path)
{
	static uint16_t chunk[2048];
	struct trace t;
	struct rusage ru;
	struct snap a, b;
	uint32_t hdr[3], done = 0, next_report = PROGRESS_REFS, i;
	unsigned long long sum = 0;
	char *mem;
	int n;

	t.fd = open(path, O_RDONLY);
	if (t.fd < 0)
		die("open trace");
	if (read(t.fd, hdr, sizeof(hdr)) != sizeof(hdr) || memcmp(hdr, "SWTR", 4))
		die("trace header");
	t.distinct = hdr[1];
	t.refs = hdr[2];
	mem = mmap(NULL, (size_t)t.distinct * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		die("mmap");
	snapshot(&a);
	while (done < t.refs && (n = read(t.fd, chunk, sizeof(chunk))) > 0) {
		for (i = 0; i < (uint32_t)n / 2; i++) {
			if (chunk[i] >= t.distinct)
				die("page index out of range");
			(*(volatile uint32_t *)(mem + (size_t)chunk[i] * PAGE))++;
		}
		done += n / 2;
		/*
		 * Progress on crossing each multiple of 64 Ki references (once,
		 * however far a read went): the major faults so far, a lower
		 * bound when a run is stopped before the end.
		 */
		if (done >= next_report && done < t.refs) {
			getrusage(RUSAGE_SELF, &ru);
			printf("swapbench progress %s replayed %u majflt %ld\n", path, done, ru.ru_majflt);
			next_report = (done / PROGRESS_REFS + 1) * PROGRESS_REFS;
		}
	}
	snapshot(&b);
	getrusage(RUSAGE_SELF, &ru);
	for (i = 0; i < t.distinct; i++)
		sum += *(uint32_t *)(mem + (size_t)i * PAGE);
	printf("swapbench replay %s distinct %u refs %u replayed %u majflt %ld minflt %ld "
	       "counted %llu\n", path, t.distinct, t.refs, done, ru.ru_majflt, ru.ru_minflt, sum);
	report_phase("replay", &a, &b, done);
	if (done != t.refs || sum != t.refs)
		die("replay: references lost");
}

/* ---- swap throughput ---- */
static uint32_t pattern(uint32_t page, uint32_t word)
{
	uint32_t x = page * 0x9E3779B1u ^ word * 0x85EBCA6Bu;
	return x ^ x >> 15;
}

static void swap_throughput(long pages)
{
	struct snap s0, s1, s2, s3;
	long p, bad = 0;
	int round, w;
	uint32_t *m = mmap(NULL, (size_t)pages * PAGE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED)
		die("mmap");
	snapshot(&s0);
	for (p = 0; p < pages; p++)
		for (w = 0; w < PAGE / 4; w += 16)
			m[p * (PAGE / 4) + w] = pattern(p, w);
	snapshot(&s1);
	for (round = 0; round < 2; round++) {
		for (p = 0; p < pages; p++)
			for (w = 0; w < PAGE / 4; w += 16)
				bad += m[p * (PAGE / 4) + w] != pattern(p, w);
		snapshot(round ? &s3 : &s2);
	}
	report_phase("write", &s0, &s1, pages);
	report_phase("read1", &s1, &s2, pages);
	report_phase("read2", &s2, &s3, pages);
	report_phase("total", &s0, &s3, pages);
	printf("swapbench swap pages %ld bad %ld\n", pages, bad);
	if (bad)
		die("swap: pattern mismatch");
}

/* The value of `key=` on the kernel command line, copied into out. */
static int cmdline_value(const char *cmdline, const char *key, char *out, size_t len)
{
	size_t k = strlen(key);
	const char *p = cmdline;

	while ((p = strstr(p, key))) {
		if ((p == cmdline || p[-1] == ' ') && p[k] == '=') {
			size_t n = strcspn(p + k + 1, " \n");

			if (n >= len)
				return -1;
			memcpy(out, p + k + 1, n);
			out[n] = 0;
			return 0;
		}
		p += k;
	}
	return -1;
}

/*
 * Lowers MemAvailable to target_kb with mlock()ed anonymous memory (the
 * kernel cannot take it back), in steps, since locking also reclaims page
 * cache. A kernel without mlock (rmapos: its free memory is set with mem=
 * instead) leaves memory as it is, and says so.
 */
static void balloon(long target_kb)
{
	static char buf[8192];
	long locked = 0;
	int i;

	for (i = 0; i < 32; i++) {
		long avail, step;
		char *p;

		if (read_file("/proc/meminfo", buf, sizeof(buf)) < 0)
			die("read /proc/meminfo");
		avail = field(buf, "MemAvailable:");
		if (avail <= target_kb + 16)
			break;
		step = (avail - target_kb) * 1024;
		p = mmap(NULL, step, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			die("balloon mmap");
		if (mlock(p, step)) {
			printf("swapbench balloon: mlock: errno %d, memory left as it is\n", errno);
			munmap(p, step);
			return;
		}
		locked += step >> 10;
	}
	printf("swapbench balloon locked %ld kB for MemAvailable %ld kB\n", locked, target_kb);
}

/* Runs one job in a child (its own getrusage, its memory all freed after). */
static int in_child(const char *what, const char *arg)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (!pid) {
		if (!strcmp(what, "replay"))
			replay(arg);
		else
			swap_throughput(atol(arg));
		fflush(stdout);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
		printf("swapbench: FAILED %s %s: child status %#x\n", what, arg, status);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static char cmdline[4096], list[4096];
	char job[64], dev[64], val[64];
	char *line, *save;
	int bad = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (access("/proc/meminfo", R_OK))
		mount("proc", "/proc", "proc", 0, NULL); /* Linux's initramfs: not mounted */
	if (read_file("/proc/cmdline", cmdline, sizeof(cmdline)) < 0)
		die("read /proc/cmdline");
	if (!cmdline_value(cmdline, "swapbench_swapon", dev, sizeof(dev))) {
		load_modules("/etc/swapbench/modules");
		swapon_dev(dev);
	}
	if (cmdline_value(cmdline, "swapbench", job, sizeof(job)))
		die("no swapbench= job on the command line");
	print_meminfo();
	if (!cmdline_value(cmdline, "swapbench_avail", val, sizeof(val))) {
		balloon(atol(val));
		print_meminfo();
	}
	if (!strcmp(job, "run")) {
		/*
		 * The throughput run, then every trace of /etc/swapbench/traces:
		 * a kernel too slow to finish the last trace (Linux on loop)
		 * still gives its throughput figures.
		 */
		if (!cmdline_value(cmdline, "swapbench_swap", val, sizeof(val)))
			bad |= in_child("swap", val);
		if (read_file("/etc/swapbench/traces", list, sizeof(list)) < 0)
			die("read /etc/swapbench/traces");
		for (line = strtok_r(list, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			bad |= in_child("replay", line);
	} else if (!strncmp(job, "replay:", 7)) {
		bad |= in_child("replay", job + 7);
	} else if (!strncmp(job, "swap:", 5)) {
		bad |= in_child("swap", job + 5);
	} else if (strcmp(job, "probe")) {
		die("unknown job");
	}
	print_meminfo();
	printf(bad ? "swapbench: FAILED\n" : "swapbench: done\n");
	return bad;
}
