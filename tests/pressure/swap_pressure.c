/*
 * swap-pressure: integrity under memory pressure (issue 10), run as init
 * in a machine of at most 24 MiB with a swap disk.
 *
 * Four processes together hold four times the machine's RAM: each its own
 * private anonymous memory, plus a MAP_SHARED anonymous region and a
 * MAP_SHARED file they all map, each owning every fourth page of those.
 * Every page is filled with a pattern of (owner, page, round) and
 * verified, word by word, before it is written again, in three orders
 * (forward, backward, strided). Process 0 forks when half of its memory
 * is out in swap, and parent and child then write different halves: each
 * must still see the other's pages as they were (copy-on-write of
 * swapped pages). At the end the parent checks the shared region and
 * re-reads the file with read(), page by page, and checks that swap and
 * reclaim really ran (pswpout, pswpin, pgsteal non-zero) and that every
 * slot, swap cache page and free page came back.
 *
 * Prints one line per check and, last, "swap-pressure: ... 0 errors".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096u
#define WORDS (PAGE / 4)
#define NPROC 4
#ifndef DATA_FACTOR
#define DATA_FACTOR 4 /* data / RAM; the Bochs build uses 2 (it is slower) */
#endif
#define FILE_MIB 3
#define SHM_MIB (2 * DATA_FACTOR)
#define SYS_rmapos_memstat 511
#define SYS_rmapos_vmstat 514
#define SYS_rmapos_swapstat 515

struct rmapos_memstat {
	uint32_t free_pages, pgtable_pages, slab_objects, processes;
};
struct rmapos_swapstat {
	uint32_t slots_used, slots_mine, cache_pages, cache_mine, cache_mine_unmapped;
};

static unsigned long errors;
static const char *file_path = "/pressure.dat";

static uint32_t pattern(uint32_t tag, uint32_t page, uint32_t round, uint32_t k)
{
	uint32_t x = (tag << 24) ^ page ^ (round * 0x9E3779B1u) ^ (k * 0x85EBCA6Bu);

	x ^= x >> 15;
	return x * 0x2C1B3C6Du;
}

static void fill(uint32_t *pg, uint32_t tag, uint32_t page, uint32_t round)
{
	for (uint32_t k = 0; k < WORDS; k++)
		pg[k] = pattern(tag, page, round, k);
}

/* 0 if the page holds (tag, page, round); else reports the first bad word. */
static int check(const char *what, const uint32_t *pg, uint32_t tag, uint32_t page,
		 uint32_t round)
{
	for (uint32_t k = 0; k < WORDS; k++) {
		if (pg[k] != pattern(tag, page, round, k)) {
			if (errors++ < 10)
				printf("swap-pressure: %s page %u word %u: %08x, expected %08x "
				       "(tag %u round %u)\n", what, page, k, pg[k],
				       pattern(tag, page, round, k), tag, round);
			return -1;
		}
	}
	return 0;
}

/* The page order of a round: forward, backward, or strided by a prime. */
static uint32_t order(uint32_t round, uint32_t i, uint32_t n)
{
	switch (round % 3) {
	case 0: return i;
	case 1: return n - 1 - i;
	default: return (uint32_t)(((uint64_t)i * 7919u) % n);
	}
}

struct layout {
	uint32_t anon_pages, shm_pages, file_pages;
	uint32_t *shm, *file;
};

static uint32_t *page_at(uint32_t *base, uint32_t p)
{
	return base + (size_t)p * WORDS;
}

/* One round over this process's pages: verify the previous round, write this one. */
static void round_pass(int id, uint32_t *anon, const struct layout *l, uint32_t round)
{
	for (uint32_t i = 0; i < l->anon_pages; i++) {
		uint32_t p = order(round, i, l->anon_pages);

		if (round)
			check("anon", page_at(anon, p), (uint32_t)id, p, round - 1);
		fill(page_at(anon, p), (uint32_t)id, p, round);
	}
	for (uint32_t i = 0; i < l->shm_pages; i++) {
		uint32_t p = order(round, i, l->shm_pages);

		if (p % NPROC != (uint32_t)id)
			continue;
		if (round)
			check("shared anon", page_at(l->shm, p), 100 + id, p, round - 1);
		fill(page_at(l->shm, p), 100 + id, p, round);
	}
	for (uint32_t i = 0; i < l->file_pages; i++) {
		uint32_t p = order(round, i, l->file_pages);

		if (p % NPROC != (uint32_t)id)
			continue;
		if (round)
			check("shared file", page_at(l->file, p), 200 + id, p, round - 1);
		fill(page_at(l->file, p), 200 + id, p, round);
	}
}

/*
 * Fork while most of anon is in swap; the parent rewrites the even pages of
 * the first half, the child the odd ones, and each checks the other's
 * pages kept the old contents in its own view. Then the parent puts its
 * even pages back to the previous round so the next round's check holds.
 */
static void cow_of_swapped_memory(int id, uint32_t *anon, uint32_t pages, uint32_t round)
{
	uint32_t half = pages / 2;
	pid_t child = fork();
	int st;

	if (child < 0) {
		printf("swap-pressure: fork of a half swapped-out process failed: %s\n",
		       strerror(errno));
		errors++;
		return;
	}
	for (uint32_t p = 0; p < half; p++)
		if ((p % 2) == (child == 0))
			fill(page_at(anon, p), child == 0 ? 50 : (uint32_t)id, p, 7);
	for (uint32_t p = 0; p < half; p++) {
		bool mine = (p % 2) == (child == 0);

		check(child == 0 ? "cow child" : "cow parent", page_at(anon, p),
		      mine ? (child == 0 ? 50 : (uint32_t)id) : (uint32_t)id, p, mine ? 7 : round);
	}
	if (child == 0)
		_exit(errors ? 1 : 0);
	if (waitpid(child, &st, 0) != child || !WIFEXITED(st) || WEXITSTATUS(st)) {
		printf("swap-pressure: the copy-on-write child failed (status %#x)\n", st);
		errors++;
	}
	for (uint32_t p = 0; p < half; p += 2)
		fill(page_at(anon, p), (uint32_t)id, p, round);
}

static int worker(int id, const struct layout *l)
{
	uint32_t *anon = mmap(NULL, (size_t)l->anon_pages * PAGE, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (anon == MAP_FAILED) {
		printf("swap-pressure: worker %d: mmap: %s\n", id, strerror(errno));
		return 1;
	}
	for (uint32_t round = 0; round < 3; round++) {
		round_pass(id, anon, l, round);
		if (id == 0 && round == 1)
			cow_of_swapped_memory(id, anon, l->anon_pages, round);
	}
	/* The last round's contents, checked once more in yet another order. */
	for (uint32_t i = 0; i < l->anon_pages; i++) {
		uint32_t p = order(1, i, l->anon_pages);

		check("anon final", page_at(anon, p), (uint32_t)id, p, 2);
	}
	return errors ? 1 : 0;
}

static unsigned long vmstat_value(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *l = text; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l))
		if (!strncmp(l, name, n) && l[n] == ' ')
			return strtoul(l + n + 1, NULL, 10);
	return 0;
}

static int make_file(uint32_t pages)
{
	static uint32_t zero[WORDS];
	int fd = open(file_path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return -1;
	for (uint32_t p = 0; p < pages; p++)
		if (write(fd, zero, PAGE) != PAGE)
			return -1;
	return fd;
}

static void check_file_by_read(const struct layout *l)
{
	static uint32_t buf[WORDS];
	int fd = open(file_path, O_RDONLY);

	if (fd < 0) {
		printf("swap-pressure: reopen %s: %s\n", file_path, strerror(errno));
		errors++;
		return;
	}
	for (uint32_t p = 0; p < l->file_pages; p++) {
		if (pread(fd, buf, PAGE, (off_t)p * PAGE) != PAGE) {
			printf("swap-pressure: short read of page %u\n", p);
			errors++;
			break;
		}
		check("file re-read", buf, 200 + p % NPROC, p, 2);
	}
	close(fd);
}

int main(void)
{
	struct rmapos_memstat before, after;
	static char vm[4096];
	struct sysinfo si;
	struct layout l;
	unsigned long ram_pages, total;
	int fd, status;

	struct timespec t0, t1;

	setvbuf(stdout, NULL, _IONBF, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (sysinfo(&si)) {
		printf("swap-pressure: sysinfo: %s\n", strerror(errno));
		return 1;
	}
	ram_pages = (unsigned long)((uint64_t)si.totalram * si.mem_unit / PAGE);
	l.shm_pages = SHM_MIB * 256;
	l.file_pages = FILE_MIB * 256;
	total = DATA_FACTOR * ram_pages;
	l.anon_pages = (uint32_t)((total - l.shm_pages - l.file_pages) / NPROC + 64);
	/* The shared file lives on an ext2 ATA disk when the runner attached one (hdc). */
	if (mount("/dev/hdc", "/mnt", "ext2", 0, NULL) == 0) {
		file_path = "/mnt/pressure.dat";
		printf("swap-pressure: the shared file is on /dev/hdc (ext2)\n");
	}
	syscall(SYS_rmapos_memstat, &before);
	fd = make_file(l.file_pages);
	l.file = fd < 0 ? MAP_FAILED : mmap(NULL, (size_t)l.file_pages * PAGE,
					     PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	l.shm = mmap(NULL, (size_t)l.shm_pages * PAGE, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (l.file == MAP_FAILED || l.shm == MAP_FAILED) {
		printf("swap-pressure: setup failed: %s\n", strerror(errno));
		return 1;
	}
	printf("swap-pressure: %d processes, %lu MiB of data in %lu MiB of RAM\n", NPROC,
	       ((unsigned long)l.anon_pages * NPROC + l.shm_pages + l.file_pages) / 256,
	       ram_pages / 256);
	for (int id = 0; id < NPROC; id++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(worker(id, &l));
		if (pid < 0) {
			printf("swap-pressure: fork: %s\n", strerror(errno));
			errors++;
		}
	}
	for (int i = 0; i < NPROC; i++) {
		pid_t pid = wait(&status);

		if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
			printf("swap-pressure: a worker failed (status %#x)\n", status);
			errors++;
		}
	}
	for (uint32_t p = 0; p < l.shm_pages; p++)
		check("shared anon at the end", page_at(l.shm, p), 100 + p % NPROC, p, 2);
	printf("swap-pressure: shared anonymous memory checked\n");
	if (msync(l.file, (size_t)l.file_pages * PAGE, MS_SYNC)) {
		printf("swap-pressure: msync: %s\n", strerror(errno));
		errors++;
	}
	munmap(l.file, (size_t)l.file_pages * PAGE);
	munmap(l.shm, (size_t)l.shm_pages * PAGE);
	close(fd);
	check_file_by_read(&l);
	printf("swap-pressure: file re-read and checked\n");
	if (strncmp(file_path, "/mnt/", 5) == 0) {
		/* Kept for the host's e2fsck and debugfs (tests/pressure_run.py). */
		if (umount("/mnt")) {
			printf("swap-pressure: umount /mnt: %s\n", strerror(errno));
			errors++;
		}
	} else {
		unlink(file_path);
	}

	if (syscall(SYS_rmapos_vmstat, vm, sizeof(vm) - 1) > 0) {
		unsigned long out = vmstat_value(vm, "pswpout"), in = vmstat_value(vm, "pswpin");
		unsigned long steal = vmstat_value(vm, "pgsteal_kswapd") +
				      vmstat_value(vm, "pgsteal_direct");

		printf("swap-pressure: pswpout %lu pswpin %lu pgsteal %lu pgmajfault %lu "
		       "oom_kill %lu\n", out, in, steal, vmstat_value(vm, "pgmajfault"),
		       vmstat_value(vm, "oom_kill"));
		clock_gettime(CLOCK_MONOTONIC, &t1);
		/* For make bench (tools/reclaim_bench.py): the scan's cost per page freed. */
		printf("swap-pressure: scan active %lu inactive %lu ptes %lu freed %lu unmapped %lu "
		       "elapsed_us %llu\n", vmstat_value(vm, "pgrefill"),
		       vmstat_value(vm, "pgscan_kswapd") + vmstat_value(vm, "pgscan_direct"),
		       vmstat_value(vm, "pgscan_virtual"), steal, vmstat_value(vm, "pgunmap"),
		       (unsigned long long)((t1.tv_sec - t0.tv_sec) * 1000000LL +
					    (t1.tv_nsec - t0.tv_nsec) / 1000));
		if (!out || !in || !steal) {
			printf("swap-pressure: swap and reclaim were not both used\n");
			errors++;
		}
		struct rmapos_swapstat sw;

		syscall(SYS_rmapos_memstat, &after);
		syscall(SYS_rmapos_swapstat, &sw);
		printf("swap-pressure: swap slots in use %u (%u of them ours), swap cache %u pages "
		       "(%u ours), free pages %u before, %u after\n", sw.slots_used, sw.slots_mine,
		       sw.cache_pages, sw.cache_mine, before.free_pages, after.free_pages);
		if (sw.slots_used != sw.slots_mine || sw.cache_pages != sw.cache_mine) {
			printf("swap-pressure: swap slots or swap cache pages leaked\n");
			errors++;
		}
		/* Our own unmapped swap cache pages are held for our swap PTEs. */
		if (after.free_pages + sw.cache_mine_unmapped < before.free_pages) {
			printf("swap-pressure: %u pages fewer free than at the start\n",
			       before.free_pages - after.free_pages - sw.cache_mine_unmapped);
			errors++;
		}
	}
	printf("swap-pressure: %d processes, %lu errors\n", NPROC, errors);
	return errors ? 1 : 0;
}
