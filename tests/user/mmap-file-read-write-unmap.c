/*
 * File mappings behave as Linux's (Pintos mmap-read, -write, -close,
 * -unmap, -twice, -exit, -clean, -remove, -shuffle): a MAP_SHARED mapping
 * reads the file, stores reach the file (seen by read() at once, and after
 * the mapping process exits), the mapping outlives close() and unlink(),
 * the same file mapped twice shows one set of pages, a clean unmap writes
 * nothing, MAP_PRIVATE stores stay private, and an unmapped range faults.
 */
#include "ut.h"

#define PAGES 8
#define SIZE (PAGES * 4096)

static char buf[SIZE];

static void make_file(const char *path, uint32_t seed)
{
	for (unsigned i = 0; i < SIZE / 4; i++)
		((uint32_t *)buf)[i] = ut_pattern(i / 1024, i % 1024, seed);
	int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
	if (fd < 0 || write(fd, buf, SIZE) != SIZE)
		say("make_file %s failed: errno %d", path, errno);
	close(fd);
}

static uint32_t sum(const void *p, size_t n)
{
	const uint32_t *w = p;
	uint32_t s = 0;
	for (size_t i = 0; i < n / 4; i++)
		s = s * 31 + w[i];
	return s;
}

static int file_matches(const char *path, const void *expect, size_t n)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	static char tmp[SIZE];
	ssize_t r = read(fd, tmp, n);
	close(fd);
	return r == (ssize_t)n && memcmp(tmp, expect, n) == 0;
}

static void touch(void *a) { (void)*(volatile char *)a; _exit(0); }

int main(void)
{
	const char *f = "/tmp/mmap-rw.dat";
	make_file(f, 1);
	int fd = open(f, O_RDWR);
	CHECK(fd >= 0, "open the file");

	char *m = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED, "mmap MAP_SHARED %d pages", PAGES);
	CHECK(memcmp(m, buf, SIZE) == 0, "mmap-read: the mapping shows the file");

	/* mmap-write: stores reach the file and read() sees them */
	for (int i = 0; i < PAGES; i++)
		m[i * 4096 + 7] = (char)(0x40 + i);
	for (int i = 0; i < PAGES; i++)
		buf[i * 4096 + 7] = (char)(0x40 + i);
	CHECK(file_matches(f, buf, SIZE), "mmap-write: read() sees the stores");
	CHECK(msync(m, SIZE, MS_SYNC) == 0, "msync MS_SYNC");

	/* mmap-close: the mapping outlives close() */
	close(fd);
	CHECK(m[3 * 4096 + 7] == 0x43 && memcmp(m, buf, SIZE) == 0, "mmap-close: still readable after close");
	m[5 * 4096] = 'Z';
	buf[5 * 4096] = 'Z';
	CHECK(file_matches(f, buf, SIZE), "mmap-close: stores after close reach the file");

	/* mmap-twice: two mappings of one file share pages */
	fd = open(f, O_RDWR);
	char *m2 = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m2 != MAP_FAILED && m2 != m, "mmap-twice: a second mapping");
	m2[100] = 'Q';
	CHECK(m[100] == 'Q', "mmap-twice: a store through one shows in the other");
	buf[100] = 'Q';

	/* mmap-unmap: an unmapped range faults */
	CHECK(munmap(m2, SIZE) == 0, "munmap the second mapping");
	int st = ut_in_child(touch, m2);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "mmap-unmap: touching it afterwards kills");

	/* mmap-exit: a child's stores are in the file after it exits */
	pid_t pid = fork();
	if (pid == 0) {
		char *c = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (c == MAP_FAILED)
			_exit(2);
		memset(c + 2 * 4096, 'x', 4096);
		_exit(0);   /* no munmap, no msync */
	}
	waitpid(pid, &st, 0);
	memset(buf + 2 * 4096, 'x', 4096);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0 && file_matches(f, buf, SIZE),
	      "mmap-exit: a child's stores reach the file after it exits");
	CHECK(memcmp(m, buf, SIZE) == 0, "mmap-exit: and show in the parent's mapping");

	/* mmap-private: stores stay private, the file keeps its bytes */
	char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED && memcmp(p, buf, SIZE) == 0, "MAP_PRIVATE shows the file");
	memset(p, 'p', 4096);
	CHECK(file_matches(f, buf, SIZE) && m[0] == buf[0], "MAP_PRIVATE stores stay private");
	m[4096 * 6] = 'S';
	buf[4096 * 6] = 'S';
	CHECK(p[4096 * 6] == 'S', "MAP_PRIVATE untouched page still follows the file");
	munmap(p, SIZE);

	/* mmap-clean: mapping and unmapping without stores writes nothing */
	struct stat s1, s2;
	fstat(fd, &s1);
	char *c = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	uint32_t before = sum(c, SIZE);
	CHECK(munmap(c, SIZE) == 0, "mmap-clean: munmap without stores");
	fstat(fd, &s2);
	CHECK(s1.st_size == s2.st_size && file_matches(f, buf, SIZE) && before == sum(buf, SIZE),
	      "mmap-clean: the file is unchanged");

	/* mmap-remove: the mapping outlives unlink() */
	close(fd);
	CHECK(unlink(f) == 0, "mmap-remove: unlink the mapped file");
	CHECK(memcmp(m, buf, SIZE) == 0, "mmap-remove: the mapping still reads");
	m[1] = 'R';
	CHECK(m[1] == 'R', "mmap-remove: and still takes stores");
	CHECK(open(f, O_RDONLY) < 0 && errno == ENOENT, "mmap-remove: the name is gone");

	/* mmap-shuffle: many swaps inside one mapping */
	uint32_t *w = (uint32_t *)m;
	uint32_t total = 0;
	for (unsigned i = 0; i < SIZE / 4; i++)
		total += w[i];
	uint32_t x = 12345;
	for (int i = 0; i < 20000; i++) {
		x = x * 1103515245 + 12345;
		unsigned a = (x >> 8) % (SIZE / 4);
		x = x * 1103515245 + 12345;
		unsigned b = (x >> 8) % (SIZE / 4);
		uint32_t t = w[a]; w[a] = w[b]; w[b] = t;
	}
	uint32_t total2 = 0;
	for (unsigned i = 0; i < SIZE / 4; i++)
		total2 += w[i];
	CHECK(total == total2, "mmap-shuffle: 20000 swaps keep the sum");
	CHECK(munmap(m, SIZE) == 0, "munmap the first mapping");
	return ut_done();
}
