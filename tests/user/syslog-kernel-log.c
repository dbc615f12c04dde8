/*
 * The kernel log through syslog(2) (raw int $0x80, nr 103, so glibc's
 * klogctl checks nothing) and /proc/kmsg, the parts whose answers are the
 * same on Linux 6.1 and rmapos: the errors for unknown actions, NULL
 * buffers, negative and zero lengths, bad pointers and console levels out
 * of 1..8; the buffer size is positive; READ_ALL gives records in
 * syslog's "<level>[seconds.micros] text" format, whole records only
 * when the buffer is small; CLEAR makes READ_ALL give less; READ consumes
 * (SIZE_UNREAD falls to 0 after draining) and then blocks until a signal
 * (EINTR with a handler without SA_RESTART); /proc/kmsg reads as READ,
 * with EAGAIN under O_NONBLOCK when everything was consumed.
 * CONSOLE_OFF and CONSOLE_ON come in a pair, so the console level the
 * test found is the one it leaves.
 */
#include "ut.h"
#include <sys/mount.h>

#define NR_syslog 103
#define READ 2
#define READ_ALL 3
#define READ_CLEAR 4
#define CLEAR 5
#define CONSOLE_OFF 6
#define CONSOLE_ON 7
#define CONSOLE_LEVEL 8
#define SIZE_UNREAD 9
#define SIZE_BUFFER 10

static char buf[1 << 20];

static long klog(int type, void *b, long len)
{
	return ut_sys(NR_syslog, type, b, len);
}

static void expect_errno(long r, int err, const char *what)
{
	CHECK_EQ(r, -err, "%s gives %s", what, strerror(err));
}

/* Every line of text[0..n) looks like "<6>[    1.234567] ...". */
static int records_well_formed(const char *text, long n)
{
	long i = 0;

	while (i < n) {
		const char *l = text + i, *end = memchr(l, '\n', n - i);
		long len = end ? end - l : n - i;
		int p = 0;

		if (len < 4 || l[p++] != '<')
			return 0;
		while (p < len && l[p] >= '0' && l[p] <= '9')
			p++;
		if (p < 2 || p >= len || l[p++] != '>' || p >= len || l[p++] != '[')
			return 0;
		while (p < len && l[p] == ' ')
			p++;
		while (p < len && l[p] >= '0' && l[p] <= '9')
			p++;
		if (p + 8 > len || l[p] != '.')
			return 0;
		for (int k = 1; k <= 6; k++)
			if (l[p + k] < '0' || l[p + k] > '9')
				return 0;
		if (l[p + 7] != ']')
			return 0;
		i += len + 1;
	}
	return 1;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A READ with nothing unread sleeps; SIGALRM (no SA_RESTART) ends it with EINTR. */
static void blocked_read(void *arg)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value = { 0, 300000 } };
	long r;

	(void)arg;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	r = klog(READ, buf, 4096);
	exit(r == -EINTR ? 0 : 10);
}

static void check_errors(void)
{
	expect_errno(klog(-1, buf, 10), EINVAL, "action -1");
	expect_errno(klog(11, buf, 10), EINVAL, "action 11");
	expect_errno(klog(1000, NULL, 0), EINVAL, "action 1000");
	expect_errno(klog(READ_ALL, NULL, 10), EINVAL, "READ_ALL into NULL");
	expect_errno(klog(READ_ALL, buf, -1), EINVAL, "READ_ALL with length -1");
	expect_errno(klog(READ_CLEAR, NULL, 10), EINVAL, "READ_CLEAR into NULL");
	expect_errno(klog(READ, NULL, 10), EINVAL, "READ into NULL");
	expect_errno(klog(READ, buf, -5), EINVAL, "READ with length -5");
	expect_errno(klog(READ_ALL, (void *)0xC0000000, 64), EFAULT, "READ_ALL into kernel space");
	expect_errno(klog(READ, (void *)0xFFFFF000, 64), EFAULT, "READ into kernel space");
	CHECK_EQ(klog(READ_ALL, buf, 0), 0, "READ_ALL with length 0 returns 0");
	CHECK_EQ(klog(READ, buf, 0), 0, "READ with length 0 returns 0");
	expect_errno(klog(CONSOLE_LEVEL, NULL, 0), EINVAL, "CONSOLE_LEVEL 0");
	expect_errno(klog(CONSOLE_LEVEL, NULL, 9), EINVAL, "CONSOLE_LEVEL 9");
	expect_errno(klog(CONSOLE_LEVEL, NULL, -1), EINVAL, "CONSOLE_LEVEL -1");
	CHECK_EQ(klog(0, NULL, 0), 0, "CLOSE returns 0");
	CHECK_EQ(klog(1, NULL, 0), 0, "OPEN returns 0");
	CHECK_EQ(klog(CONSOLE_OFF, NULL, 0), 0, "CONSOLE_OFF returns 0");
	CHECK_EQ(klog(CONSOLE_ON, NULL, 0), 0, "CONSOLE_ON returns 0");
}

static void check_read_all(void)
{
	long size = klog(SIZE_BUFFER, NULL, 0), n, small, after;
	void *hole = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(size >= 4096 && size <= (long)sizeof(buf), "SIZE_BUFFER is a positive size");
	n = klog(READ_ALL, buf, sizeof(buf));
	CHECK(n > 0 && buf[0] == '<', "READ_ALL returns text starting with '<'");
	CHECK(n > 0 && records_well_formed(buf, n), "READ_ALL records read <level>[sec.usec] text");
	CHECK(n > 0 && buf[n - 1] == '\n', "READ_ALL ends with a whole line");
	small = klog(READ_ALL, buf, 200);
	CHECK(small >= 0 && small <= 200 && (small == 0 || (buf[0] == '<' && buf[small - 1] == '\n')),
	      "READ_ALL into 200 bytes gives whole records only");
	expect_errno(klog(READ_ALL, hole, 4096), EFAULT, "READ_ALL into a PROT_NONE page");
	CHECK_EQ(klog(CLEAR, NULL, 0), 0, "CLEAR returns 0");
	after = klog(READ_ALL, buf, sizeof(buf));
	CHECK(after >= 0 && after < n, "after CLEAR, READ_ALL gives less than before");
	CHECK(klog(READ_CLEAR, buf, sizeof(buf)) >= 0, "READ_CLEAR succeeds");
	munmap(hole, 4096);
}

static void check_read(void)
{
	long n, unread, rounds = 0;
	int fd, st;

	unread = klog(SIZE_UNREAD, NULL, 0);
	CHECK(unread >= 0, "SIZE_UNREAD is not negative");
	/* Drain: READ never returns more than asked, nor 0 while something is unread. */
	while ((unread = klog(SIZE_UNREAD, NULL, 0)) > 0 && rounds++ < 10000) {
		n = klog(READ, buf, 512);
		if (n <= 0 || n > 512 || buf[0] == 0)
			break;
	}
	CHECK_EQ(unread, 0, "READ consumes: SIZE_UNREAD falls to 0");
	st = ut_in_child(blocked_read, NULL);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "READ with nothing unread blocks until a signal (EINTR)");

	if (access("/proc/meminfo", R_OK)) {
		mkdir("/proc", 0555);
		mount("proc", "/proc", "proc", 0, NULL);
	}
	fd = open("/proc/kmsg", O_RDONLY | O_NONBLOCK);
	CHECK(fd >= 0, "/proc/kmsg opens");
	if (fd >= 0) {
		n = read(fd, buf, 512);
		CHECK(n < 0 && errno == EAGAIN, "/proc/kmsg read with nothing unread: EAGAIN (O_NONBLOCK)");
		close(fd);
	}
}

int main(void)
{
	check_errors();
	check_read_all();
	check_read();
	return ut_done();
}
