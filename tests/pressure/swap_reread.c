/*
 * swap-reread: read-only passes over swapped-out memory write nothing to
 * swap again (issue 10), run as init in an 8 MiB machine with a swap disk.
 *
 * Twice the machine's RAM of private anonymous memory is written once
 * with a pattern, then read back and verified in order three times
 * without a store. Each pass brings most pages back from swap and pushes
 * others out; a page read back and not written is clean in the swap cache
 * with its slot kept, so pushing it out again costs no write. Hence over
 * the whole run each page reaches the disk at most once: pswpout (from
 * /proc/vmstat) may not exceed the number of pages plus a small slack for
 * this program's own stack and data, which it does write. A kernel that
 * dirtied swapped-in pages, or dropped their slots, would write about as
 * many pages again as each pass reads in. The passes must also really
 * have swapped (pswpin of each at least a quarter of the pages) and every
 * word must read back right.
 *
 * Prints one line per phase and, last, "swap-reread: N pages, W written
 * to swap (at most B), 0 errors".
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <unistd.h>

#define PAGE 4096u
#define WORDS (PAGE / 4)
#define PASSES 3

static unsigned long errors;

static uint32_t pattern(uint32_t page, uint32_t k)
{
	uint32_t x = page * 0x9E3779B1u ^ k * 0x85EBCA6Bu;

	return x ^ x >> 15;
}

/* The number after `key` at a line start of the small /proc file path, or -1. */
static long proc_field(const char *path, const char *key)
{
	static char buf[16384];
	size_t k = strlen(key);
	int fd = open(path, O_RDONLY), n, got = 0;
	char *p = buf;

	if (fd < 0)
		return -1;
	while (got < (int)sizeof(buf) - 1 && (n = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	close(fd);
	buf[got] = 0;
	while (p && *p) {
		if (!strncmp(p, key, k))
			return strtol(p + k, NULL, 10);
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}

struct counts {
	long out, in;
};

static struct counts counts(void)
{
	struct counts c = { proc_field("/proc/vmstat", "pswpout "),
			    proc_field("/proc/vmstat", "pswpin ") };

	return c;
}

static void report(const char *phase, struct counts a, struct counts b)
{
	printf("swap-reread: %s: pswpout %ld pswpin %ld\n", phase, b.out - a.out, b.in - a.in);
}

int main(void)
{
	struct counts start, before, after;
	long total_kb, out, bound;
	uint32_t pages, *m;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (access("/proc/meminfo", R_OK))
		mount("proc", "/proc", "proc", 0, NULL);
	total_kb = proc_field("/proc/meminfo", "MemTotal:");
	if (total_kb <= 0 || counts().out < 0) {
		printf("swap-reread: cannot read /proc/meminfo or /proc/vmstat\n");
		return 1;
	}
	pages = (uint32_t)(2 * total_kb / (PAGE / 1024));
	m = mmap(NULL, (size_t)pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (m == MAP_FAILED) {
		printf("swap-reread: mmap of %u pages failed\n", pages);
		return 1;
	}
	start = before = counts();
	for (uint32_t p = 0; p < pages; p++)
		for (uint32_t k = 0; k < WORDS; k++)
			m[(size_t)p * WORDS + k] = pattern(p, k);
	after = counts();
	report("write", before, after);
	for (int pass = 1; pass <= PASSES; pass++) {
		unsigned long bad = 0;
		char name[16];

		before = counts();
		for (uint32_t p = 0; p < pages; p++)
			for (uint32_t k = 0; k < WORDS; k++)
				bad += m[(size_t)p * WORDS + k] != pattern(p, k);
		after = counts();
		snprintf(name, sizeof(name), "read %d", pass);
		report(name, before, after);
		if (bad) {
			printf("swap-reread: read %d: %lu words wrong\n", pass, bad);
			errors++;
		}
		if (after.in - before.in < pages / 4) {
			printf("swap-reread: read %d brought only %ld pages in from swap\n", pass,
			       after.in - before.in);
			errors++;
		}
	}
	out = after.out - start.out;
	bound = pages + pages / 32;
	if (out > bound) {
		printf("swap-reread: %ld pages written to swap, more than the %u pages "
		       "(+ %u slack): unchanged pages were written again\n", out, pages, pages / 32);
		errors++;
	}
	printf("swap-reread: %u pages, %ld written to swap (at most %ld), %lu errors\n", pages, out,
	       bound, errors);
	return errors ? 1 : 0;
}
