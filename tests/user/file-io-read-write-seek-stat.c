/*
 * File I/O on the root filesystem, under /tmp: create, write, read back,
 * lseek (SET, CUR, END, past the end makes a hole that reads zero),
 * _llseek, pread/pwrite leave the offset, O_APPEND, O_EXCL, O_TRUNC,
 * stat/fstat/lstat sizes and modes, getdents64 lists created names,
 * unlink removes them, access, getcwd/chdir, and errors (ENOENT, EEXIST,
 * EISDIR, ENOTDIR, EINVAL for a negative seek).
 */
#include "ut.h"

static int listed(const char *dir, const char *name)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return -1;
	char buf[4096];
	int found = 0;
	long n;
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			struct { uint64_t ino; int64_t off; unsigned short reclen; unsigned char type; char name[]; }
				*d = (void *)(buf + off);
			if (strcmp(d->name, name) == 0)
				found = 1;
			off += d->reclen;
		}
	}
	close(fd);
	return found;
}

int main(void)
{
	const char *f = "/tmp/fileio.dat";
	unlink(f);
	int fd = open(f, O_CREAT | O_EXCL | O_RDWR, 0640);
	CHECK(fd >= 0, "create with O_EXCL");
	errno = 0;
	CHECK(open(f, O_CREAT | O_EXCL | O_RDWR, 0640) == -1 && errno == EEXIST, "O_EXCL again: EEXIST");
	static char big[100000];
	for (unsigned i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7 + i / 256);
	CHECK(write(fd, big, sizeof(big)) == sizeof(big), "write 100000 bytes");
	CHECK(lseek(fd, 0, SEEK_CUR) == 100000, "offset is at the end");
	static char back[100000];
	CHECK(lseek(fd, 0, SEEK_SET) == 0 && read(fd, back, sizeof(back)) == sizeof(back) &&
	      memcmp(big, back, sizeof(big)) == 0, "read it back");
	CHECK(read(fd, back, 10) == 0, "read at end of file returns 0");
	CHECK(lseek(fd, -10, SEEK_END) == 99990 && read(fd, back, 100) == 10, "SEEK_END - 10 reads 10");
	CHECK(lseek(fd, -5, SEEK_CUR) == 99995, "SEEK_CUR");
	errno = 0;
	CHECK(lseek(fd, -200000, SEEK_CUR) == -1 && errno == EINVAL, "seek before 0: EINVAL");
	loff_t res = 0;
	CHECK(syscall(SYS__llseek, fd, 0, 12345, &res, SEEK_SET) == 0 && res == 12345, "_llseek");
	char c4[4];
	CHECK(pread(fd, c4, 4, 1000) == 4 && memcmp(c4, big + 1000, 4) == 0 && lseek(fd, 0, SEEK_CUR) == 12345,
	      "pread reads at its offset and leaves the file offset");
	CHECK(pwrite(fd, "WXYZ", 4, 50) == 4 && lseek(fd, 0, SEEK_CUR) == 12345, "pwrite leaves the offset");
	CHECK(pread(fd, c4, 4, 50) == 4 && memcmp(c4, "WXYZ", 4) == 0, "pwrite's bytes are there");
	/* a hole */
	CHECK(lseek(fd, 200000, SEEK_SET) == 200000 && write(fd, "end", 3) == 3, "write past the end");
	char z[16];
	CHECK(pread(fd, z, 16, 150000) == 16 && memcmp(z, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16) == 0,
	      "the hole reads zero");
	struct stat st;
	CHECK(fstat(fd, &st) == 0 && st.st_size == 200003 && S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0640,
	      "fstat: size 200003, regular, mode 0640");
	CHECK(stat(f, &st) == 0 && st.st_size == 200003 && st.st_nlink == 1, "stat agrees, one link");
	CHECK(lstat(f, &st) == 0 && st.st_size == 200003, "lstat agrees");
	close(fd);

	fd = open(f, O_WRONLY | O_APPEND);
	CHECK(write(fd, "++", 2) == 2 && lseek(fd, 0, SEEK_CUR) == 200005, "O_APPEND writes at the end");
	close(fd);
	fd = open(f, O_RDWR | O_TRUNC);
	CHECK(fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0, "O_TRUNC empties it");
	close(fd);

	CHECK(listed("/tmp", "fileio.dat") == 1, "getdents64 lists it");
	CHECK(access(f, R_OK | W_OK) == 0, "access R_OK|W_OK");
	CHECK(unlink(f) == 0, "unlink");
	CHECK(listed("/tmp", "fileio.dat") == 0, "getdents64 no longer lists it");
	errno = 0;
	CHECK(stat(f, &st) == -1 && errno == ENOENT, "stat after unlink: ENOENT");
	errno = 0;
	CHECK(unlink(f) == -1 && errno == ENOENT, "unlink again: ENOENT");
	errno = 0;
	CHECK(open("/tmp/no/such", O_RDONLY) == -1 && errno == ENOENT, "open in a missing dir: ENOENT");
	errno = 0;
	CHECK(open("/tmp", O_WRONLY) == -1 && errno == EISDIR, "open a directory for writing: EISDIR");
	errno = 0;
	CHECK(open("/bin/hello/x", O_RDONLY) == -1 && errno == ENOTDIR, "a file used as a directory: ENOTDIR");
	CHECK(stat("/", &st) == 0 && S_ISDIR(st.st_mode), "stat / is a directory");
	CHECK(listed("/bin", "hello") == 1 && listed("/", "lib") == 1, "getdents64 lists /bin/hello and /lib");

	char cwd[256];
	CHECK(getcwd(cwd, sizeof(cwd)) && strcmp(cwd, "/") == 0, "cwd is / at start");
	CHECK(chdir("/tmp") == 0 && getcwd(cwd, sizeof(cwd)) && strcmp(cwd, "/tmp") == 0, "chdir /tmp");
	fd = open("rel.dat", O_CREAT | O_RDWR, 0600);
	CHECK(fd >= 0 && stat("/tmp/rel.dat", &st) == 0, "a relative path is under the cwd");
	close(fd);
	unlink("rel.dat");
	int root = open("/", O_RDONLY | O_DIRECTORY);
	CHECK(fchdir(root) == 0 && getcwd(cwd, sizeof(cwd)) && strcmp(cwd, "/") == 0, "fchdir back to /");
	close(root);
	errno = 0;
	CHECK(getcwd(cwd, 1) == NULL && errno == ERANGE, "getcwd with a 1-byte buffer: ERANGE");
	mode_t old = umask(077);
	fd = open("/tmp/umask.dat", O_CREAT | O_RDWR, 0666);
	CHECK(fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0600, "umask 077 makes 0666 into 0600");
	umask(old);
	close(fd);
	unlink("/tmp/umask.dat");
	return ut_done();
}
