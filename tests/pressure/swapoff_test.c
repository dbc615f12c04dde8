/*
 * swapoff-test: swapoff while the memory is in use (issue 10), as init in a
 * 16 MiB machine with two swap disks, hdb and hdc.
 *
 * The parent fills twice the RAM with patterned anonymous pages and a
 * child keeps checking its own half-RAM share. Then:
 *   1. swapoff /dev/hdb must succeed: try_to_unuse brings every page of hdb
 *      back, reclaim moving others out to hdc meanwhile; all data intact;
 *   2. swapoff /dev/hdc must fail with ENOMEM (two and a half times the
 *      RAM cannot live in memory alone), leave hdc on, and lose nothing;
 *   3. swapon /dev/hdb again; every page is checked once more; the child
 *      finishes with all of its checks right; after both exit no slot and
 *      no swap cache page is left but our own.
 * Prints one line per step and, last, "swapoff-test: 0 errors".
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096u
#define WORDS (PAGE / 4)
#define SYS_rmapos_swapstat 515

struct rmapos_swapstat {
	uint32_t slots_used, slots_mine, cache_pages, cache_mine, cache_mine_unmapped;
};

static unsigned long errors;

static uint32_t pattern(uint32_t tag, uint32_t page, uint32_t k)
{
	uint32_t x = (tag << 24) ^ (page * 0x9E3779B1u) ^ (k * 0x85EBCA6Bu);

	return x ^ (x >> 13);
}

static void fill(uint32_t *base, uint32_t tag, uint32_t p)
{
	for (uint32_t k = 0; k < WORDS; k++)
		base[(size_t)p * WORDS + k] = pattern(tag, p, k);
}

static unsigned long check_all(const char *when, uint32_t *base, uint32_t tag, uint32_t pages)
{
	unsigned long bad = 0;

	for (uint32_t p = 0; p < pages; p++)
		for (uint32_t k = 0; k < WORDS; k++)
			if (base[(size_t)p * WORDS + k] != pattern(tag, p, k)) {
				if (bad++ < 5)
					printf("swapoff-test: %s: page %u word %u wrong\n", when, p, k);
				break;
			}
	return bad;
}

static void child_loop(uint32_t pages)
{
	uint32_t *mem = mmap(NULL, (size_t)pages * PAGE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long bad = 0;

	if (mem == MAP_FAILED)
		_exit(2);
	for (uint32_t p = 0; p < pages; p++)
		fill(mem, 2, p);
	/* Until the parent stops it with SIGTERM: an error ends it with status 1. */
	for (;;) {
		bad += check_all("child", mem, 2, pages);
		if (bad)
			_exit(1);
		usleep(20000);
	}
}

int main(void)
{
	struct rmapos_swapstat sw;
	struct sysinfo si;
	uint32_t pages, child_pages;
	uint32_t *mem;
	pid_t child;
	int st;

	setvbuf(stdout, NULL, _IONBF, 0);
	sysinfo(&si);
	pages = (uint32_t)((uint64_t)si.totalram * si.mem_unit / PAGE) * 2;
	child_pages = pages / 4;
	mem = mmap(NULL, (size_t)pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		   -1, 0);
	if (mem == MAP_FAILED) {
		printf("swapoff-test: mmap: %s\n", strerror(errno));
		return 1;
	}
	child = fork();
	if (child == 0) {
		signal(SIGTERM, SIG_DFL);
		child_loop(child_pages);
	}
	for (uint32_t p = 0; p < pages; p++)
		fill(mem, 1, p);
	printf("swapoff-test: %u MiB filled beside a child using %u MiB\n", pages / 256,
	       child_pages / 256);

	if (swapoff("/dev/hdb") == 0)
		printf("swapoff-test: swapoff /dev/hdb: done\n");
	else {
		printf("swapoff-test: swapoff /dev/hdb: %s\n", strerror(errno));
		errors++;
	}
	errors += check_all("after swapoff hdb", mem, 1, pages);

	if (swapoff("/dev/hdc") == 0) {
		printf("swapoff-test: swapoff /dev/hdc succeeded, expected ENOMEM\n");
		errors++;
	} else {
		printf("swapoff-test: swapoff /dev/hdc: %s\n", strerror(errno));
		if (errno != ENOMEM)
			errors++;
	}
	errors += check_all("after the refused swapoff", mem, 1, pages);
	if (swapon("/dev/hdb", 0)) {
		printf("swapoff-test: swapon /dev/hdb: %s\n", strerror(errno));
		errors++;
	}
	errors += check_all("after swapon hdb", mem, 1, pages);
	printf("swapoff-test: every page checked after each step\n");

	kill(child, SIGTERM);
	if (waitpid(child, &st, 0) != child || !(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM)) {
		printf("swapoff-test: the child failed (status %#x)\n", st);
		errors++;
	}
	munmap(mem, (size_t)pages * PAGE);
	if (syscall(SYS_rmapos_swapstat, &sw) == 0) {
		printf("swapoff-test: swap slots in use %u (%u ours), swap cache %u pages (%u ours)\n",
		       sw.slots_used, sw.slots_mine, sw.cache_pages, sw.cache_mine);
		if (sw.slots_used != sw.slots_mine || sw.cache_pages != sw.cache_mine)
			errors++;
	}
	printf("swapoff-test: %lu errors\n", errors);
	return errors ? 1 : 0;
}
