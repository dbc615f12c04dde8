/*
 * mmap's arguments are checked as Linux does (zero length, misaligned
 * offset or fixed address, bad fd, write-shared on a read-only fd, bad
 * flags), MAP_FIXED replaces whatever was there (another mapping, the
 * program's own code, data or stack pages), MAP_FIXED_NOREPLACE refuses,
 * PROT_NONE and mprotect'd pages fault, a page wholly past end of file
 * gives SIGBUS, and MAP_SHARED|MAP_ANONYMOUS memory is shared across fork.
 */
#include "ut.h"

static const char *errname(int e)
{
	switch (e) {
	case 0: return "ok";
	case EINVAL: return "EINVAL";
	case EBADF: return "EBADF";
	case EACCES: return "EACCES";
	case ENOMEM: return "ENOMEM";
	case EPERM: return "EPERM";
	case EEXIST: return "EEXIST";
	case ENODEV: return "ENODEV";
	case EOVERFLOW: return "EOVERFLOW";
	default: return "other";
	}
}

static int mmap_err(void *addr, size_t len, int prot, int flags, int fd, off_t off, void **out)
{
	errno = 0;
	void *p = mmap(addr, len, prot, flags, fd, off);
	if (out)
		*out = p;
	return p == MAP_FAILED ? errno : 0;
}

static char data_pages[3 * 4096] __attribute__((aligned(4096))) = { 1 };

/* One whole page of code (ret instructions) that nothing runs. */
__asm__(".pushsection .text.victim,\"ax\",@progbits\n"
	".balign 4096\n"
	"code_victim: .fill 4096, 1, 0xc3\n"
	".balign 4096\n"
	".popsection");
extern char code_victim[];

static void touch_read(void *a) { (void)*(volatile char *)a; _exit(0); }
static void touch_write(void *a) { *(volatile char *)a = 1; _exit(0); }

static const char *death(int st)
{
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV) return "SIGSEGV";
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS) return "SIGBUS";
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0) return "no fault";
	return ut_status(st);
}

static void __attribute__((noinline)) use_stack(int depth)
{
	volatile char b[1024];
	b[0] = (char)depth;
	if (depth > 0)
		use_stack(depth - 1);
	__asm__ volatile("" : : "r"(b) : "memory");
}

int main(void)
{
	const char *f = "/tmp/mmap-args.dat";
	int fd = open(f, O_CREAT | O_TRUNC | O_RDWR, 0644);
	char page[4096];
	memset(page, 'F', sizeof(page));
	for (int i = 0; i < 4; i++)
		(void)!write(fd, page, sizeof(page));
	int rofd = open(f, O_RDONLY);
	int wofd = open(f, O_WRONLY);
	void *p;

	say("zero length: %s", errname(mmap_err(NULL, 0, PROT_READ, MAP_PRIVATE, fd, 0, NULL)));
	say("zero length anonymous: %s",
	    errname(mmap_err(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, NULL)));
	say("misaligned offset: %s", errname(mmap_err(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 100, NULL)));
	say("misaligned MAP_FIXED address: %s",
	    errname(mmap_err((void *)0x10000123, 4096, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0, NULL)));
	say("neither MAP_SHARED nor MAP_PRIVATE: %s",
	    errname(mmap_err(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0, NULL)));
	say("bad fd: %s", errname(mmap_err(NULL, 4096, PROT_READ, MAP_PRIVATE, 77, 0, NULL)));
	say("closed fd: %s", errname(mmap_err(NULL, 4096, PROT_READ, MAP_SHARED, 78, 0, NULL)));
	say("write-shared on a read-only fd: %s",
	    errname(mmap_err(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, rofd, 0, NULL)));
	say("read-shared on a write-only fd: %s",
	    errname(mmap_err(NULL, 4096, PROT_READ, MAP_SHARED, wofd, 0, NULL)));
	say("write-private on a read-only fd: %s",
	    errname(mmap_err(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, rofd, 0, &p)));
	if (p != MAP_FAILED)
		munmap(p, 4096);
	say("length 3.5 GiB: %s",
	    errname(mmap_err(NULL, 0xE0000000u, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, NULL)));
	say("MAP_FIXED at 0xC0000000: %s",
	    errname(mmap_err((void *)0xC0000000, 4096, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0, NULL)));
	say("MAP_FIXED reaching 0xC0000000: %s",
	    errname(mmap_err((void *)0xBFFFF000, 8192, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0, NULL)));
	say("munmap misaligned: %s", errname(munmap((void *)0x10000123, 4096) ? errno : 0));
	say("munmap zero length: %s", errname(munmap((void *)0x10000000, 0) ? errno : 0));
	say("munmap of nothing mapped: %s", errname(munmap((void *)0x10000000, 4096) ? errno : 0));

	/* A hint that is free is not required to be honoured; the result is usable. */
	CHECK(mmap_err(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, &p) == 0 && p != NULL,
	      "mmap with a NULL hint gives a non-NULL address");
	CHECK(((uintptr_t)p & 4095) == 0 && *(char *)p == 0, "page aligned and zero filled");

	/* MAP_FIXED over part of another mapping replaces just those pages. */
	char *a = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(a, 'a', 4 * 4096);
	char *b = mmap(a + 4096, 2 * 4096, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0);
	CHECK(b == a + 4096, "MAP_FIXED over the middle of a mapping");
	CHECK(a[0] == 'a' && a[4096] == 'F' && a[2 * 4096 + 4095] == 'F' && a[3 * 4096] == 'a',
	      "overlap: the middle shows the file, the ends keep their bytes");
	int st = ut_in_child(touch_write, a + 4096);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "overlap: the read-only middle refuses stores");
	errno = 0;
	p = mmap(a, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	say("MAP_FIXED_NOREPLACE over a mapping: %s", errname(p == MAP_FAILED ? errno : 0));
	munmap(a, 4 * 4096);

	/* MAP_FIXED at NULL */
	errno = 0;
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	say("MAP_FIXED at NULL: %s", errname(p == MAP_FAILED ? errno : 0));
	if (p != MAP_FAILED)
		munmap(p, 4096);

	/* MAP_FIXED over the program's own data, code and stack */
	p = mmap(data_pages + 4096, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(p == data_pages + 4096 && data_pages[4096] == 0 && data_pages[0] == 1,
	      "MAP_FIXED over a data page: a zero page replaces it, the neighbour stays");
	char *code = code_victim;
	p = mmap(code, 4096, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
	CHECK(p == code && code[0] == 'F', "MAP_FIXED over a code page: the file replaces it");
	use_stack(64);      /* 64 KiB of stack in use once, then given back */
	char *sp;
	__asm__ volatile("mov %%esp, %0" : "=r"(sp));
	char *below = (char *)(((uintptr_t)sp - 48 * 1024) & ~4095u);
	p = mmap(below, 4096, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 4096);
	CHECK(p == below && below[10] == 'F', "MAP_FIXED over a stack page below esp");
	CHECK(munmap(below, 4096) == 0, "and munmap it again");

	/* PROT_NONE and mprotect */
	char *n = mmap(NULL, 2 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	say("PROT_NONE read: %s", death(ut_in_child(touch_read, n)));
	CHECK(mprotect(n, 4096, PROT_READ) == 0, "mprotect PROT_READ");
	say("after mprotect PROT_READ, read: %s, write: %s", death(ut_in_child(touch_read, n)),
	    death(ut_in_child(touch_write, n)));
	CHECK(mprotect(n, 2 * 4096, PROT_READ | PROT_WRITE) == 0, "mprotect PROT_READ|PROT_WRITE");
	n[4096] = 1;
	CHECK(n[4096] == 1 && n[0] == 0, "writable after mprotect");
	say("mprotect misaligned: %s", errname(mprotect(n + 1, 4096, PROT_READ) ? errno : 0));
	munmap(n, 2 * 4096);

	/* A page wholly past end of file: SIGBUS; the tail of the last page reads 0 */
	int sfd = open("/tmp/mmap-short.dat", O_CREAT | O_TRUNC | O_RDWR, 0644);
	(void)!write(sfd, "short", 5);
	char *s = mmap(NULL, 3 * 4096, PROT_READ, MAP_PRIVATE, sfd, 0);
	CHECK(s != MAP_FAILED && memcmp(s, "short", 5) == 0 && s[5] == 0 && s[4095] == 0,
	      "the rest of the last file page reads zero");
	say("a page wholly past end of file: %s", death(ut_in_child(touch_read, s + 4096)));
	munmap(s, 3 * 4096);
	close(sfd);
	unlink("/tmp/mmap-short.dat");

	/* MAP_SHARED|MAP_ANONYMOUS is shared across fork; MAP_PRIVATE is not */
	int *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int *pr = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	*sh = 1;
	*pr = 1;
	pid_t pid = fork();
	if (pid == 0) {
		*sh = 2;
		*pr = 2;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK(*sh == 2 && *pr == 1, "shared anonymous memory is shared with a child, private is not");
	close(fd);
	close(rofd);
	close(wofd);
	unlink(f);
	return ut_done();
}
