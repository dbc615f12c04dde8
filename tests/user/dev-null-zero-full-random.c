/*
 * The device files a Linux program expects in /dev and what each does:
 * stat of the nodes (type, mode, st_rdev), /dev/null (reads end of file,
 * writes vanish, lseek gives 0), /dev/zero (zeros, writes accepted,
 * private and shared mmap are anonymous zero memory, shared seen by a
 * child), /dev/full (zeros, writes ENOSPC), /dev/random and /dev/urandom
 * (bytes that are not all equal, writes accepted), the console nodes
 * (isatty, writes reach the console), opening devices read-only/write
 * and with O_TRUNC, pread on a device, getdents of /dev lists them.
 */
#include "ut.h"
#include <sys/sysmacros.h>

static void res(const char *what, long r)
{
	if (r < 0)
		say("%s: -1 %s", what, strerrorname_np(errno));
	else
		say("%s: %ld", what, r);
}

#define T(what, expr) do { errno = 0; res(what, (long)(expr)); } while (0)

static void node(const char *path)
{
	struct stat st;

	if (stat(path, &st)) {
		say("%s: -1 %s", path, strerrorname_np(errno));
		return;
	}
	say("%s: %s mode %o rdev %u:%u uid %u gid %u nlink %u size %lld", path,
	    S_ISCHR(st.st_mode) ? "chr" : S_ISBLK(st.st_mode) ? "blk" : "other",
	    st.st_mode & 07777, major(st.st_rdev), minor(st.st_rdev), st.st_uid, st.st_gid,
	    (unsigned)st.st_nlink, (long long)st.st_size);
}

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

int main(void)
{
	static unsigned char buf[65536];
	const char *nodes[] = { "/dev/null", "/dev/zero", "/dev/full", "/dev/random",
				"/dev/urandom", "/dev/tty", "/dev/console", "/dev/ttyS0", NULL };
	int fd;

	for (int i = 0; nodes[i]; i++)
		node(nodes[i]);

	fd = open("/dev/null", O_RDWR);
	T("null: read", read(fd, buf, 100));
	T("null: write", write(fd, "hello", 5));
	T("null: big write", write(fd, buf, sizeof(buf)));
	T("null: lseek 100", lseek(fd, 100, SEEK_SET));
	T("null: lseek end", lseek(fd, 5, SEEK_END));
	T("null: pread", pread(fd, buf, 10, 50));
	T("null: O_TRUNC open", ({ int f = open("/dev/null", O_WRONLY | O_TRUNC); close(f); f >= 0; }));
	T("null: fstat is chr", ({ struct stat st; fstat(fd, &st); S_ISCHR(st.st_mode); }));
	T("null: isatty", isatty(fd));
	T("null: mmap", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED ? -1 : 0);
	close(fd);

	fd = open("/dev/zero", O_RDWR);
	memset(buf, 0xaa, sizeof(buf));
	T("zero: read 64 KiB", read(fd, buf, sizeof(buf)));
	say("zero: all zero %d", all_zero(buf, sizeof(buf)));
	T("zero: write", write(fd, "x", 1));
	T("zero: lseek", lseek(fd, 12345, SEEK_SET));
	T("zero: pread", pread(fd, buf, 100, 7));
	{
		unsigned char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
		unsigned char *s = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		int st;

		say("zero: private map %s, shared map %s", p == MAP_FAILED ? "failed" : "ok",
		    s == MAP_FAILED ? "failed" : "ok");
		if (p != MAP_FAILED && s != MAP_FAILED) {
			say("zero: maps read zero %d %d", all_zero(p, 8192), all_zero(s, 8192));
			p[0] = 1;
			s[0] = 2;
			if (fork() == 0) {
				s[4096] = 3;
				p[1] = 4;
				_exit(0);
			}
			wait(&st);
			say("zero: shared store from child seen %d, private one not %d", s[4096] == 3,
			    p[1] == 0);
			munmap(p, 8192);
			munmap(s, 8192);
		}
		int ro = open("/dev/zero", O_RDONLY);
		T("zero: shared writable map of read-only fd",
		  mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED ? -1 : 0);
		T("zero: private writable map of read-only fd",
		  mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0) == MAP_FAILED ? -1 : 0);
		close(ro);
		int wo = open("/dev/zero", O_WRONLY);
		T("zero: map of write-only fd",
		  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, wo, 0) == MAP_FAILED ? -1 : 0);
		T("zero: read of write-only fd", read(wo, buf, 1));
		close(wo);
	}
	close(fd);

	fd = open("/dev/full", O_RDWR);
	memset(buf, 0xaa, 100);
	T("full: read", read(fd, buf, 100));
	say("full: zeros %d", all_zero(buf, 100));
	T("full: write", write(fd, "x", 1));
	T("full: lseek", lseek(fd, 10, SEEK_CUR));
	close(fd);

	for (int i = 0; i < 2; i++) {
		const char *name = i ? "/dev/urandom" : "/dev/random";
		unsigned char a[64], b[64];
		int same = 0;

		fd = open(name, O_RDWR);
		say("%s: read %zd %zd", name, read(fd, a, sizeof(a)), read(fd, b, sizeof(b)));
		for (int j = 0; j < 64; j++)
			same += a[j] == b[j];
		say("%s: two reads differ %d", name, same < 16);
		T("write", write(fd, "seed", 4));
		T("lseek", lseek(fd, 10, SEEK_SET));
		T("big read", read(fd, buf, sizeof(buf)));
		close(fd);
	}

	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	T("console: isatty", isatty(fd));
	T("console: lseek", lseek(fd, 0, SEEK_CUR));
	T("console: pread", pread(fd, buf, 1, 0));
	T("console: write", write(fd, "", 0));
	close(fd);
	fd = open("/dev/ttyS0", O_WRONLY | O_NOCTTY);
	T("ttyS0: isatty", isatty(fd));
	close(fd);

	T("open /dev/nope", open("/dev/nope", O_RDONLY));
	T("mkdir in /dev/null", mkdir("/dev/null/x", 0755));
	T("opendir /dev/null", open("/dev/null", O_RDONLY | O_DIRECTORY));
	{
		DIR *d = opendir("/dev");
		struct dirent *e;
		int seen = 0, chr = 0;

		/* Entry order is the filesystem's own: print in a fixed order. */
		while (d && (e = readdir(d)))
			for (int i = 0; nodes[i]; i++)
				if (!strcmp(e->d_name, nodes[i] + 5)) {
					seen |= 1 << i;
					chr |= (e->d_type == DT_CHR) << i;
				}
		if (d)
			closedir(d);
		for (int i = 0; nodes[i]; i++)
			say("readdir /dev: %s %s, type %s", nodes[i] + 5, seen >> i & 1 ? "listed" : "missing",
			    chr >> i & 1 ? "chr" : "other");
	}
	return ut_done();
}
