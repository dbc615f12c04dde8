/*
 * /proc/<pid>/fd/ and /proc/<pid>/fdinfo/ as Linux 6.1 shows them: a
 * symlink per open fd whose text is the file's absolute path (also for
 * a relative name, "." and ".." folded, or one opened through a
 * directory fd), `pipe:[N]` for a pipe with N its st_ino, the /dev node
 * a device was opened by; link modes r-x / -wx / rwx by access mode;
 * readdir lists exactly the open fds; a closed fd is ENOENT; fdinfo/N
 * has pos (after lseek), flags (F_GETFL's plus O_CLOEXEC when set) and
 * ino (st_ino). Mounts proc on /proc if it is not there (the Linux
 * oracle's initramfs has none).
 */
#include "ut.h"
#include <sys/mount.h>

static char link_text[4096];

static const char *fd_link(int fd)
{
	char p[64];
	ssize_t n;

	snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	n = readlink(p, link_text, sizeof(link_text) - 1);
	if (n < 0)
		return NULL;
	link_text[n] = 0;
	return link_text;
}

static void expect_link(int fd, const char *want, const char *what)
{
	const char *got = fd_link(fd);

	CHECK(got && !strcmp(got, want), "%s: fd link reads %s", what, want);
	if (!got || strcmp(got, want))
		say("got %s", got ? got : strerror(errno));
}

static unsigned int link_mode(int fd)
{
	char p[64];
	struct stat st;

	snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	if (lstat(p, &st))
		return 0;
	return st.st_mode;
}

/* fdinfo/fd's "name:\t<value>" in the given base; -1 when missing. */
static long long fdinfo_field(int fd, const char *name, int base)
{
	char p[64], buf[512], key[32];
	int f, n;
	const char *at;

	snprintf(p, sizeof(p), "/proc/self/fdinfo/%d", fd);
	f = open(p, O_RDONLY);
	if (f < 0)
		return -1;
	n = (int)read(f, buf, sizeof(buf) - 1);
	close(f);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	snprintf(key, sizeof(key), "%s:\t", name);
	at = strstr(buf, key);
	return at ? strtoll(at + strlen(key), NULL, base) : -1;
}

static void check_readdir(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	char listed[64] = { 0 };
	int wrong = 0, missing = 0, dots = 0;

	CHECK(d != NULL, "opendir /proc/self/fd");
	if (!d)
		return;
	while ((e = readdir(d))) {
		char *end;
		long fd;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) {
			dots++;
			continue;
		}
		fd = strtol(e->d_name, &end, 10);
		if (*end || fd < 0 || fd >= 64 || e->d_type != DT_LNK || fcntl((int)fd, F_GETFD) < 0)
			wrong++;
		else
			listed[fd] = 1;
	}
	for (int fd = 0; fd < 64; fd++)
		if (fcntl(fd, F_GETFD) >= 0 && !listed[fd])
			missing++;
	closedir(d);
	CHECK(dots == 2 && !wrong && !missing, "readdir /proc/self/fd lists exactly the open fds");
	if (dots != 2 || wrong || missing)
		say("dots %d wrong %d missing %d", dots, wrong, missing);
}

int main(void)
{
	int a, b, c, dir, null, pfd[2], fd;
	struct stat st;
	unsigned long long pino = 0;

	if (access("/proc/meminfo", R_OK)) {
		mkdir("/proc", 0555);
		mount("proc", "/proc", "proc", 0, NULL);
	}
	CHECK(access("/proc/self/fd", R_OK) == 0, "/proc/self/fd exists");

	a = open("/etc/utest.list", O_RDONLY);
	expect_link(a, "/etc/utest.list", "absolute name");
	CHECK(chdir("/tmp") == 0, "chdir /tmp");
	b = open("fd-links-file", O_CREAT | O_RDWR | O_TRUNC, 0644);
	expect_link(b, "/tmp/fd-links-file", "relative name");
	c = open(".././tmp//./fd-links-file", O_WRONLY | O_CLOEXEC);
	expect_link(c, "/tmp/fd-links-file", "name with . and .. and //");
	dir = open("/etc", O_RDONLY | O_DIRECTORY);
	fd = openat(dir, "utest.list", O_RDONLY);
	expect_link(fd, "/etc/utest.list", "openat through a directory fd");
	expect_link(dir, "/etc", "a directory");
	null = open("/dev/null", O_WRONLY);
	expect_link(null, "/dev/null", "a device node");
	CHECK(pipe(pfd) == 0, "pipe");
	if (!fstat(pfd[0], &st))
		pino = (unsigned long long)st.st_ino;
	{
		char want[64];

		snprintf(want, sizeof(want), "pipe:[%llu]", pino);
		CHECK(fd_link(pfd[0]) && !strcmp(link_text, want), "pipe read end: pipe:[st_ino]");
		CHECK(fd_link(pfd[1]) && !strcmp(link_text, want), "pipe write end: the same pipe:[st_ino]");
	}

	CHECK(link_mode(a) == (S_IFLNK | 0500), "O_RDONLY fd link is lr-x------");
	CHECK(link_mode(null) == (S_IFLNK | 0300), "O_WRONLY fd link is l-wx------");
	CHECK(link_mode(b) == (S_IFLNK | 0700), "O_RDWR fd link is lrwx------");
	if (link_mode(a) != (S_IFLNK | 0500))
		say("mode %o", link_mode(a));

	check_readdir();

	lseek(a, 5, SEEK_SET);
	CHECK(fdinfo_field(a, "pos", 10) == 5, "fdinfo pos follows lseek");
	CHECK(fdinfo_field(b, "flags", 8) == fcntl(b, F_GETFL), "fdinfo flags are F_GETFL's");
	CHECK(fdinfo_field(c, "flags", 8) == (fcntl(c, F_GETFL) | O_CLOEXEC),
	      "fdinfo flags add O_CLOEXEC for a close-on-exec fd");
	if (!fstat(b, &st))
		CHECK(fdinfo_field(b, "ino", 10) == (long long)st.st_ino, "fdinfo ino is st_ino");
	CHECK(fdinfo_field(pfd[0], "ino", 10) == (long long)pino, "fdinfo ino of a pipe is its st_ino");

	close(b);
	errno = 0;
	CHECK(fd_link(b) == NULL && errno == ENOENT, "a closed fd's link is ENOENT");
	CHECK(fdinfo_field(b, "pos", 10) == -1, "a closed fd has no fdinfo");
	unlink("/tmp/fd-links-file");
	return ut_done();
}
