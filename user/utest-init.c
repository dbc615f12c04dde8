/*
 * utest-init: the first user program of the test images. It runs every
 * program named in /etc/utest.list, one after the other, and reports each
 * in a KTAP-like form on fd 1:
 *
 *     1..N
 *     # NAME: a line the program printed
 *     ok 1 NAME
 *     not ok 2 NAME # exit status 1          (or: killed by signal 11, timeout)
 *     # utest: P passed, F failed
 *
 * and exits with status 0 only if every program exited with status 0.
 *
 * Each program runs in its own process group with fd 1 and 2 on a pipe
 * that this init reads, so its lines get the `# NAME: ` prefix; a
 * watchdog (polling wait4 with WNOHANG and nanosleep, no alarm) kills the
 * group with SIGKILL when the program outlives its time. Orphans that are
 * re-parented to us are reaped along the way.
 *
 * The list file holds one program a line: `NAME [SECONDS [ARG...]]`;
 * `#` starts a comment. NAME is looked up in /bin; a test is reported as
 * its name and arguments (`sort-chunks-parallel mmap`). argv[1], if given,
 * names another list file.
 *
 * Calls used (all in issue 8): open, read, write, close, pipe2, fcntl64,
 * fork, setpgid, dup2, execve, exit_group, wait4, kill, clock_gettime(64),
 * clock_nanosleep(_time64) or nanosleep, plus glibc's static startup
 * (brk, set_thread_area, set_tid_address, set_robust_list, rseq (may fail
 * with ENOSYS), ugetrlimit, readlink, getrandom, mprotect, statx/fstat64).
 * On Linux, where pid 1 must not exit, boot with `panic=-1 -no-reboot`:
 * the panic after our exit ends the emulator.
 *
 * Leak check: when /proc/meminfo and /proc/sys/vm/drop_caches exist (not
 * in the Linux oracle, which mounts no /proc), caches are dropped and
 * MemFree, PageTables and Slab read before and after each program; any
 * difference is printed as `# utest-leak: NAME: ...`, which
 * tests/user_suite.py counts as that test's failure on rmapos. Without
 * /proc, rmapos's own system call 511 (rmapos_memstat: drops the caches,
 * then reports free pages, user page-table pages and slab objects) gives
 * the same figures; on Linux it is ENOSYS and nothing is checked.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/syscall.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_TESTS 200
#define MAX_ARGS 16
#define DEFAULT_TIMEOUT 60

struct test {
	char *name;     /* the program and its arguments, as reported */
	char *prog;
	int timeout;
	char *argv[MAX_ARGS + 1];
};

static struct test tests[MAX_TESTS];
static int ntests;

static void out(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(1, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= w;
	}
}

static void outf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void outf(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (n > 0)
		out(buf, n);
}

static char *read_file(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (len + 1 >= cap)
			buf = realloc(buf, cap *= 2);
		ssize_t n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = 0;
	return buf;
}

static void parse_list(char *text)
{
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		char *tsave = NULL, *word[MAX_ARGS + 2];
		int n = 0;
		for (char *w = strtok_r(line, " \t", &tsave); w && n < MAX_ARGS + 1;
		     w = strtok_r(NULL, " \t", &tsave))
			word[n++] = w;
		if (n == 0 || ntests == MAX_TESTS)
			continue;
		struct test *t = &tests[ntests++];
		t->prog = word[0];
		size_t len = 0;
		for (int i = 0; i < n; i++)
			if (i != 1)
				len += strlen(word[i]) + 1;
		t->name = malloc(len + 1);
		t->name[0] = 0;
		for (int i = 0; i < n; i++) {
			if (i == 1)
				continue;
			if (i)
				strcat(t->name, " ");
			strcat(t->name, word[i]);
		}
		t->timeout = n > 1 ? atoi(word[1]) : DEFAULT_TIMEOUT;
		if (t->timeout <= 0)
			t->timeout = DEFAULT_TIMEOUT;
		t->argv[0] = word[0];
		for (int i = 2; i < n; i++)
			t->argv[i - 1] = word[i];
	}
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void nap(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* Line assembly of one program's output. */
static char pending[4096];
static size_t npending;

static void emit_line(const char *name, const char *s, size_t n)
{
	char buf[4200];
	int k = snprintf(buf, sizeof(buf), "# %s: ", name);
	if (n > sizeof(buf) - k - 1)
		n = sizeof(buf) - k - 1;
	memcpy(buf + k, s, n);
	buf[k + n] = '\n';
	out(buf, k + n + 1);
}

static void take(const char *name, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r')
			continue;
		if (s[i] == '\n' || npending == sizeof(pending)) {
			emit_line(name, pending, npending);
			npending = 0;
			if (s[i] == '\n')
				continue;
		}
		pending[npending++] = s[i];
	}
}

/* Reads what is there (the fd is non-blocking); returns 0 at end of file. */
static int drain(int fd, const char *name)
{
	char buf[1024];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n > 0) {
			take(name, buf, n);
			continue;
		}
		if (n == 0)
			return 0;
		return errno == EAGAIN || errno == EINTR ? 1 : 0;
	}
}

/* ---- leak check through /proc (when there is one) ---- */
struct memfig {
	long free_kb, pagetables_kb, slab_kb;
};

static int have_proc = -1;

static long field(const char *text, const char *name)
{
	const char *p = strstr(text, name);
	return p ? atol(p + strlen(name)) : -1;
}

#define SYS_rmapos_memstat 511
struct rmapos_memstat {
	unsigned int free_pages, pgtable_pages, slab_objects, processes;
};

static int mem_snapshot(struct memfig *m)
{
	struct rmapos_memstat st;

	if (have_proc != 1 && syscall(SYS_rmapos_memstat, &st) == 0) {
		m->free_kb = st.free_pages * 4L;
		m->pagetables_kb = st.pgtable_pages * 4L;
		m->slab_kb = st.slab_objects; /* objects, not kB: any change is a leak */
		return 1;
	}
	if (have_proc < 0) {
		have_proc = access("/proc/meminfo", R_OK) == 0 &&
			    access("/proc/sys/vm/drop_caches", W_OK) == 0;
	}
	if (!have_proc)
		return 0;
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd >= 0) {
		(void)!write(fd, "3\n", 2);
		close(fd);
	}
	char *text = read_file("/proc/meminfo");
	if (!text)
		return 0;
	m->free_kb = field(text, "MemFree:");
	m->pagetables_kb = field(text, "PageTables:");
	m->slab_kb = field(text, "Slab:");
	free(text);
	return 1;
}

static void leak_report(const char *name, const struct memfig *a, const struct memfig *b)
{
	if (a->free_kb == b->free_kb && a->pagetables_kb == b->pagetables_kb && a->slab_kb == b->slab_kb)
		return;
	outf("# utest-leak: %s: MemFree %+ld kB, PageTables %+ld kB, Slab %+ld kB\n", name,
	     b->free_kb - a->free_kb, b->pagetables_kb - a->pagetables_kb, b->slab_kb - a->slab_kb);
}

static char *envp[] = { "PATH=/bin", "HOME=/", "TERM=dumb", NULL };

/* Runs one test; returns its wait status, or -1 on timeout, -2 if it
 * could not be started. */
static int run(struct test *t, char *why, size_t whylen)
{
	char path[256];
	snprintf(path, sizeof(path), "/bin/%s", t->prog);
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0) {
		/* a kernel without pipe2 yet: pipe + FD_CLOEXEC */
		if (pipe(p) < 0) {
			snprintf(why, whylen, "pipe: errno %d", errno);
			return -2;
		}
		fcntl(p[0], F_SETFD, FD_CLOEXEC);
		fcntl(p[1], F_SETFD, FD_CLOEXEC);
	}
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(why, whylen, "fork: errno %d", errno);
		close(p[0]);
		close(p[1]);
		return -2;
	}
	if (pid == 0) {
		setpgid(0, 0);
		dup2(p[1], 1);
		dup2(p[1], 2);
		execve(path, t->argv, envp);
		char msg[300];
		int n = snprintf(msg, sizeof(msg), "execve %s: errno %d\n", path, errno);
		(void)!write(2, msg, n);
		_exit(127);
	}
	setpgid(pid, pid); /* both sides, so the group exists before a kill */
	close(p[1]);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	npending = 0;
	double start = now(), exited_at = 0;
	int status = 0, done = 0, eof = 0, timed_out = 0;
	for (;;) {
		if (!eof)
			eof = !drain(p[0], t->name);
		for (;;) {
			int st;
			pid_t w = waitpid(-1, &st, WNOHANG);
			if (w <= 0)
				break;
			if (w == pid) {
				status = st;
				done = 1;
				exited_at = now();
			}
		}
		double tnow = now();
		if (!done && !timed_out && tnow - start > t->timeout) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			timed_out = 1;
		}
		if (done && eof)
			break;
		/* Orphaned grandchildren may hold the pipe open: 2 s more. */
		if (done && tnow - exited_at > 2.0) {
			kill(-pid, SIGKILL);
			drain(p[0], t->name);
			break;
		}
		nap(5);
	}
	if (npending)
		emit_line(t->name, pending, npending);
	npending = 0;
	close(p[0]);
	if (timed_out) {
		snprintf(why, whylen, "timeout after %d s", t->timeout);
		return -1;
	}
	return status;
}

int main(int argc, char **argv)
{
	const char *list = argc > 1 ? argv[1] : "/etc/utest.list";
	char *text = read_file(list);
	if (!text) {
		outf("# utest: cannot read %s (errno %d)\n", list, errno);
		outf("# utest: 0 passed, 1 failed\n");
		return 1;
	}
	parse_list(text);
	outf("# utest: begin\n1..%d\n", ntests);
	int passed = 0, failed = 0;
	for (int i = 0; i < ntests; i++) {
		char why[128] = "";
		struct memfig before, after;
		int leakcheck = mem_snapshot(&before);
		int st = run(&tests[i], why, sizeof(why));
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (leakcheck && mem_snapshot(&after))
			leak_report(tests[i].name, &before, &after);
		if (st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
			outf("ok %d %s\n", i + 1, tests[i].name);
			passed++;
			continue;
		}
		if (st >= 0 && WIFEXITED(st))
			snprintf(why, sizeof(why), "exit status %d", WEXITSTATUS(st));
		else if (st >= 0 && WIFSIGNALED(st))
			snprintf(why, sizeof(why), "killed by signal %d", WTERMSIG(st));
		else if (st >= 0)
			snprintf(why, sizeof(why), "wait status 0x%x", st);
		outf("not ok %d %s # %s\n", i + 1, tests[i].name, why);
		failed++;
	}
	/* Reap anything left over. */
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	outf("# utest: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
