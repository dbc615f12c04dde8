/*
 * Processes cannot see each other's memory: what one process leaves in
 * memory it frees is never handed to another. A first process fills
 * 40 MiB of anonymous memory, 8 MiB of brk and 1 MiB of stack with a
 * marker, writes 2 MiB of it into a file it then unlinks, sends 1 MiB
 * through a pipe, writes a 4 KiB page of it into a file that it then
 * truncates to 100 bytes, and exits. A new program (this one, exec'd
 * with "scan") then takes fresh memory every way a process can: its ELF
 * bss, anonymous mmap (each page first touched by a store of one zero
 * word, so a new frame is allocated rather than the zero page mapped),
 * brk, stack growth, a new file extended by ftruncate (read back and
 * mapped), and the truncated file (the bytes past its end in the last
 * page, through read after re-extension and through a mapping). Every
 * byte must be zero: no marker, nothing else.
 */
#include "ut.h"

#define MARK 0x4b52414du /* "MARK" */
#define MIB (1024 * 1024)
#define ANON_MIB 40
#define BRK_MIB 8
#define STACK_KIB 1024
#define FILE_MIB 2

static char bss_area[512 * 1024]; /* the ELF bss: zero at exec */
extern char __bss_start[], _end[];

static void fill(void *p, size_t n)
{
	uint32_t *w = p;
	for (size_t i = 0; i < n / 4; i++)
		w[i] = MARK;
}

/* Count the non-zero bytes of [p, p + n) and how many words are the marker. */
static unsigned long dirty_bytes, marker_words;
static void scan(const void *p, size_t n)
{
	const uint32_t *w = p;
	for (size_t i = 0; i < n / 4; i++) {
		uint32_t v = w[i];
		if (v) {
			marker_words += v == MARK;
			for (int b = 0; b < 4; b++)
				dirty_bytes += ((v >> (8 * b)) & 0xff) != 0;
		}
	}
	for (size_t i = n & ~3u; i < n; i++)
		dirty_bytes += ((const char *)p)[i] != 0;
}

static int verdict(const char *what)
{
	int ok = dirty_bytes == 0;
	CHECK(ok, "%s: every byte zero", what);
	if (!ok)
		say("  %lu non-zero bytes, %lu marker words", dirty_bytes, marker_words);
	dirty_bytes = marker_words = 0;
	return ok;
}

static void __attribute__((noinline)) dirty_stack(void)
{
	volatile char *s = alloca(STACK_KIB * 1024);
	fill((void *)s, STACK_KIB * 1024);
	__asm__ volatile("" : : "r"(s) : "memory");
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t r = write(fd, c, n);
		if (r <= 0)
			return -1;
		c += r;
		n -= r;
	}
	return 0;
}

/* The first process: leave the marker everywhere, then exit. */
static int dirty(void)
{
	size_t anon = (size_t)ANON_MIB * MIB;
	char *m = mmap(NULL, anon, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return 10;
	fill(m, anon);
	char *b = sbrk(BRK_MIB * MIB);
	if (b == (void *)-1)
		return 11;
	fill(b, BRK_MIB * MIB);
	dirty_stack();

	/* file pages: written, then the file unlinked (its pages freed at close) */
	int fd = open("/tmp/zero-dirty", O_CREAT | O_TRUNC | O_RDWR, 0600);
	if (fd < 0 || write_all(fd, m, FILE_MIB * MIB) || fsync(fd))
		return 12;
	unlink("/tmp/zero-dirty");
	close(fd);

	/* a page of the marker, then the file cut to 100 bytes */
	fd = open("/tmp/zero-tail", O_CREAT | O_TRUNC | O_RDWR, 0600);
	if (fd < 0 || write_all(fd, m, 4096) || fsync(fd) || ftruncate(fd, 100))
		return 13;
	close(fd);

	/* pipe buffers: 1 MiB through a pipe */
	int p[2];
	if (pipe(p))
		return 14;
	static char chunk[16384];
	fill(chunk, sizeof(chunk));
	for (int i = 0; i < MIB / (int)sizeof(chunk); i++) {
		if (write_all(p[1], chunk, sizeof(chunk)))
			return 15;
		for (size_t got = 0; got < sizeof(chunk);) {
			ssize_t r = read(p[0], chunk, sizeof(chunk) - got);
			if (r <= 0)
				return 16;
			got += r;
		}
	}
	close(p[0]);
	close(p[1]);
	return 0;
}

static void __attribute__((noinline)) scan_stack(void)
{
	/* 1 MiB below here; the top 64 KiB of it may hold our own frames */
	char *s = alloca(STACK_KIB * 1024);
	for (long off = STACK_KIB * 1024 - 4096; off >= 0; off -= 4096)
		*(volatile uint32_t *)(s + off) = 0; /* grow the stack page by page */
	scan(s, (STACK_KIB - 64) * 1024);
}

/* The second program: take fresh memory and look at it. */
static int scan_all(void)
{
	scan(__bss_start, (size_t)(_end - __bss_start));
	scan(bss_area, sizeof(bss_area));
	verdict("the ELF bss, 512 KiB and the rest of the program's");

	size_t anon = (size_t)ANON_MIB * MIB;
	char *m = mmap(NULL, anon, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "mmap %d MiB of anonymous memory", ANON_MIB);
	if (m == MAP_FAILED)
		return ut_done();
	for (size_t off = 0; off < anon; off += 4096)
		*(volatile uint32_t *)(m + off + 2048) = 0; /* a write fault: a new frame */
	scan(m, anon);
	verdict("anonymous memory, each page first written");
	munmap(m, anon);

	char *b = sbrk(BRK_MIB * MIB);
	CHECK(b != (void *)-1, "sbrk %d MiB", BRK_MIB);
	if (b != (void *)-1) {
		for (size_t off = 0; off < (size_t)BRK_MIB * MIB; off += 4096)
			*(volatile uint32_t *)(b + off + 100) = 0;
		scan(b, BRK_MIB * MIB);
		verdict("brk memory");
	}

	scan_stack();
	verdict("the stack grown by 1 MiB");

	int fd = open("/tmp/zero-new", O_CREAT | O_TRUNC | O_RDWR, 0600);
	CHECK(fd >= 0 && ftruncate(fd, FILE_MIB * MIB) == 0, "a new file extended to %d MiB",
	      FILE_MIB);
	static char buf[65536];
	for (int i = 0; i < FILE_MIB * MIB / (int)sizeof(buf); i++) {
		memset(buf, 0xee, sizeof(buf));
		if (read(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			dirty_bytes++;
		scan(buf, sizeof(buf));
	}
	verdict("the extended file read back");
	char *f = mmap(NULL, FILE_MIB * MIB, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(f != MAP_FAILED, "the extended file mapped shared");
	if (f != MAP_FAILED) {
		for (size_t off = 0; off < (size_t)FILE_MIB * MIB; off += 8192)
			*(volatile uint32_t *)(f + off) = 0; /* half the pages written to */
		scan(f, FILE_MIB * MIB);
		verdict("the extended file through the mapping");
		munmap(f, FILE_MIB * MIB);
	}
	close(fd);
	unlink("/tmp/zero-new");

	/* The truncated file: 100 bytes of marker, and nothing after them. */
	fd = open("/tmp/zero-tail", O_RDWR);
	CHECK(fd >= 0, "open the file cut to 100 bytes");
	char *t = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(t != MAP_FAILED, "map its one page");
	if (t != MAP_FAILED) {
		CHECK(*(uint32_t *)t == MARK && *(uint32_t *)(t + 96) == MARK,
		      "its 100 bytes are still there");
		scan(t + 100, 4096 - 100);
		verdict("the mapped page past the end of the file");
		munmap(t, 4096);
	}
	CHECK(ftruncate(fd, 8192) == 0, "extend it to 8 KiB");
	memset(buf, 0xee, 8192);
	CHECK(pread(fd, buf, 8192, 0) == 8192, "read it back");
	scan(buf + 100, 8192 - 100);
	verdict("the bytes past the old end, after extension");
	close(fd);
	unlink("/tmp/zero-tail");
	return ut_done();
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "scan") == 0)
		return scan_all();

	pid_t pid = fork();
	if (pid == 0)
		_exit(dirty());
	int st = 0;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a process filled memory with a marker and exited (%s)",
	      ut_status(st));

	pid = fork();
	if (pid == 0) {
		execl("/bin/fresh-memory-is-zero-after-reuse", argv[0], "scan", (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a new program found every fresh byte zero (%s)",
	      ut_status(st));
	return ut_done();
}
