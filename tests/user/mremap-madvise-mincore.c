/*
 * mremap, madvise, mincore and RLIMIT_AS as Linux: mremap grows a mapping
 * (in place or moved with MREMAP_MAYMOVE, contents kept) and shrinks it;
 * MADV_DONTNEED makes private anonymous pages read zero again and private
 * file pages show the file again; WILLNEED, SEQUENTIAL, RANDOM succeed;
 * mincore reports touched pages resident, untouched anonymous ones not,
 * ENOMEM for unmapped ranges; mmap beyond RLIMIT_AS fails with ENOMEM.
 */
#include "ut.h"

int main(void)
{
	char *a = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < 4; i++)
		a[i * 4096] = (char)('A' + i);
	/* a guard mapping right after (unless something is there already),
	 * so growing in place is impossible */
	char *g = mmap(a + 4 * 4096, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	errno = 0;
	char *b = mremap(a, 4 * 4096, 8 * 4096, 0);
	CHECK(b == MAP_FAILED && errno == ENOMEM, "mremap grow without MAYMOVE next to a mapping: ENOMEM");
	b = mremap(a, 4 * 4096, 64 * 4096, MREMAP_MAYMOVE);
	CHECK(b != MAP_FAILED && b != a, "mremap with MREMAP_MAYMOVE moves it");
	CHECK(b[0] == 'A' && b[3 * 4096] == 'D' && b[40 * 4096] == 0, "contents moved, the new tail reads zero");
	unsigned char vec[64];
	errno = 0;
	CHECK(mincore(a, 4096, vec) == -1 && errno == ENOMEM, "the old range is unmapped (mincore: ENOMEM)");
	char *c = mremap(b, 64 * 4096, 2 * 4096, 0);
	CHECK(c == b && c[4096] == 'B', "mremap shrink in place keeps the head");
	errno = 0;
	CHECK(mincore(b + 2 * 4096, 4096, vec) == -1 && errno == ENOMEM, "and the cut tail is unmapped");
	if (g != MAP_FAILED)
		munmap(g, 4096);
	munmap(c, 2 * 4096);

	/* mincore */
	char *m = mmap(NULL, 8 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	m[0] = 1;
	m[5 * 4096] = 1;
	CHECK(mincore(m, 8 * 4096, vec) == 0, "mincore on 8 pages");
	CHECK((vec[0] & 1) && (vec[5] & 1) && !(vec[1] & 1) && !(vec[7] & 1),
	      "touched pages resident, untouched anonymous pages not");
	errno = 0;
	CHECK(mincore(m + 1, 4096, vec) == -1 && errno == EINVAL, "mincore misaligned: EINVAL");

	/* madvise */
	memset(m, 'z', 8 * 4096);
	CHECK(madvise(m, 8 * 4096, MADV_DONTNEED) == 0, "MADV_DONTNEED on private anonymous memory");
	int zero = 1;
	for (int i = 0; i < 8 * 4096; i++)
		if (m[i])
			zero = 0;
	CHECK(zero, "then it reads zero");
	CHECK(madvise(m, 8 * 4096, MADV_WILLNEED) == 0 && madvise(m, 8 * 4096, MADV_SEQUENTIAL) == 0 &&
	      madvise(m, 8 * 4096, MADV_RANDOM) == 0 && madvise(m, 8 * 4096, MADV_NORMAL) == 0,
	      "WILLNEED, SEQUENTIAL, RANDOM, NORMAL succeed");
	errno = 0;
	CHECK(madvise(m + 1, 4096, MADV_DONTNEED) == -1 && errno == EINVAL, "madvise misaligned: EINVAL");
	errno = 0;
	CHECK(madvise(m, 4096, 12345) == -1 && errno == EINVAL, "madvise unknown advice: EINVAL");
	munmap(m, 8 * 4096);

	int fd = open("/tmp/madvise.dat", O_CREAT | O_TRUNC | O_RDWR, 0644);
	char page[4096];
	memset(page, 'f', sizeof(page));
	(void)!write(fd, page, sizeof(page));
	(void)!write(fd, page, sizeof(page));
	char *f = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	f[0] = 'p';
	f[4096] = 'q';
	CHECK(madvise(f, 4096, MADV_DONTNEED) == 0 && f[0] == 'f' && f[4096] == 'q',
	      "MADV_DONTNEED on a private file page shows the file again, the other page keeps its copy");
	CHECK(mincore(f, 2 * 4096, vec) == 0 && (vec[1] & 1), "mincore on a file mapping");
	munmap(f, 2 * 4096);
	close(fd);
	unlink("/tmp/madvise.dat");

	/* RLIMIT_AS */
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit rl = { 64 << 20, 64 << 20 };
		if (setrlimit(RLIMIT_AS, &rl) != 0)
			_exit(2);
		void *p = mmap(NULL, 128 << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED || errno != ENOMEM)
			_exit(3);
		p = mmap(NULL, 1 << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		_exit(p == MAP_FAILED ? 4 : 0);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "with RLIMIT_AS 64 MiB, 128 MiB fails with ENOMEM and 1 MiB works");
	return ut_done();
}
