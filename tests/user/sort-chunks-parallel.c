/*
 * Several processes sort chunks of one file at the same time, through
 * read/write (argument "files") or through a MAP_SHARED mapping ("mmap"),
 * and the parent then finds every chunk sorted and the multiset of values
 * unchanged (Pintos page-merge-par / page-merge-mm). Built once, listed
 * twice in the suite: sort-chunks-parallel files, sort-chunks-parallel mmap.
 */
#include "ut.h"

#define CHUNKS 8
#define PER (16 * 1024)           /* 64 KiB of u32 per chunk */
#define TOTAL (CHUNKS * PER)

static uint32_t data[TOTAL];

static int cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static void sort_with_files(const char *path, int k)
{
	int fd = open(path, O_RDWR);
	static uint32_t chunk[PER];
	if (fd < 0 || pread(fd, chunk, sizeof(chunk), (off_t)k * sizeof(chunk)) != sizeof(chunk))
		_exit(2);
	qsort(chunk, PER, 4, cmp);
	if (pwrite(fd, chunk, sizeof(chunk), (off_t)k * sizeof(chunk)) != sizeof(chunk))
		_exit(3);
	_exit(0);
}

static void sort_with_mmap(const char *path, int k)
{
	int fd = open(path, O_RDWR);
	uint32_t *m = mmap(NULL, PER * 4, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)k * PER * 4);
	if (m == MAP_FAILED)
		_exit(2);
	close(fd);
	qsort(m, PER, 4, cmp);
	_exit(0);   /* the stores go back through the page cache, no msync */
}

int main(int argc, char **argv)
{
	int use_mmap = argc > 1 && strcmp(argv[1], "mmap") == 0;
	const char *path = use_mmap ? "/tmp/sort-mmap.dat" : "/tmp/sort-files.dat";
	uint64_t sum = 0, xsum = 0;
	uint32_t x = 2463534242u;
	for (int i = 0; i < TOTAL; i++) {
		x ^= x << 13; x ^= x >> 17; x ^= x << 5;
		data[i] = x;
		sum += x;
		xsum ^= (uint64_t)x * 0x9E3779B97F4A7C15ull;
	}
	int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
	CHECK(fd >= 0 && write(fd, data, sizeof(data)) == sizeof(data), "write %d KiB of random words", TOTAL * 4 / 1024);
	close(fd);
	pid_t kids[CHUNKS];
	for (int k = 0; k < CHUNKS; k++) {
		kids[k] = fork();
		if (kids[k] == 0) {
			if (use_mmap)
				sort_with_mmap(path, k);
			sort_with_files(path, k);
		}
	}
	int good = 1;
	for (int k = 0; k < CHUNKS; k++) {
		int st;
		if (waitpid(kids[k], &st, 0) != kids[k] || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			good = 0;
	}
	CHECK(good, "%d children sorted their chunks %s at the same time", CHUNKS,
	      use_mmap ? "through MAP_SHARED mappings" : "through pread/pwrite");
	fd = open(path, O_RDONLY);
	memset(data, 0, sizeof(data));
	CHECK(read(fd, data, sizeof(data)) == sizeof(data), "read the file back");
	close(fd);
	int sorted = 1;
	uint64_t sum2 = 0, xsum2 = 0;
	for (int i = 0; i < TOTAL; i++) {
		if (i % PER && data[i - 1] > data[i])
			sorted = 0;
		sum2 += data[i];
		xsum2 ^= (uint64_t)data[i] * 0x9E3779B97F4A7C15ull;
	}
	CHECK(sorted, "every chunk is sorted");
	CHECK(sum == sum2 && xsum == xsum2, "the values are the same multiset");
	/* merge the chunks: the result is sorted */
	static uint32_t merged[TOTAL];
	int pos[CHUNKS] = { 0 };
	for (int i = 0; i < TOTAL; i++) {
		int best = -1;
		for (int k = 0; k < CHUNKS; k++)
			if (pos[k] < PER && (best < 0 || data[k * PER + pos[k]] < data[best * PER + pos[best]]))
				best = k;
		merged[i] = data[best * PER + pos[best]++];
	}
	int msorted = 1;
	for (int i = 1; i < TOTAL; i++)
		if (merged[i - 1] > merged[i])
			msorted = 0;
	CHECK(msorted, "merging the chunks gives a sorted whole");
	unlink(path);
	return ut_done();
}
