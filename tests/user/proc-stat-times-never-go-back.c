/*
 * /proc/stat's cpu times and ctxt are the processor's since boot: a
 * process's ticks stay counted after it is reaped (Linux keeps them in
 * per-CPU counters). A child spins until times() shows 20 ticks of its own
 * user time, then waits; the parent reads /proc/stat while the child is
 * alive and again after it has been killed and reaped. No figure may be
 * smaller the second time, and the first read must already hold the
 * child's user time. (rmapos once summed the live tasks' ticks, so the
 * child's time vanished from user and reappeared as idle at the reap.)
 */
#include "ut.h"
#include <sys/times.h>

struct stat_times {
	unsigned long long user, nice, system, idle, ctxt;
};

static int read_stat(struct stat_times *st)
{
	static char text[8192];
	const char *ctxt;

	if (ut_slurp("/proc/stat", text, sizeof(text)) <= 0)
		return -1;
	if (sscanf(text, "cpu %llu %llu %llu %llu", &st->user, &st->nice, &st->system,
		   &st->idle) != 4)
		return -1;
	ctxt = strstr(text, "\nctxt ");
	return ctxt && sscanf(ctxt, "\nctxt %llu", &st->ctxt) == 1 ? 0 : -1;
}

/* The child: burn `ticks` clock ticks of user time, tell the parent, wait to be killed. */
static void spin_then_wait(int fd, long ticks)
{
	struct tms t;

	do
		for (volatile int i = 0; i < 100000; i++)
			;
	while (times(&t) != (clock_t)-1 && t.tms_utime < ticks);
	(void)!write(fd, "s", 1);
	for (;;)
		pause();
}

int main(void)
{
	struct stat_times before, alive, reaped;
	long hz = sysconf(_SC_CLK_TCK);
	int p[2], status = 0;
	char c;
	pid_t pid;

	CHECK(!ut_mount_proc(), "proc is mounted on /proc");
	CHECK(hz == 100, "USER_HZ is 100");
	CHECK(!read_stat(&before), "read /proc/stat");
	CHECK(!pipe(p), "pipe");
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		spin_then_wait(p[1], 20);
	}
	CHECK(pid > 0, "fork a spinning child");
	close(p[1]);
	CHECK(read(p[0], &c, 1) == 1, "the child has spun 20 ticks of user time");
	CHECK(!read_stat(&alive), "read /proc/stat while the child is alive");
	kill(pid, SIGKILL);
	CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status), "the child is reaped");
	CHECK(!read_stat(&reaped), "read /proc/stat after the reap");

	CHECK(alive.user >= before.user + 15, "user time holds the child's ticks");
	CHECK(reaped.user >= alive.user, "user time does not go back at the reap");
	CHECK(reaped.system >= alive.system, "system time does not go back");
	CHECK(reaped.idle >= alive.idle && alive.idle >= before.idle, "idle time does not go back");
	CHECK(reaped.idle - alive.idle <= 10, "the reap does not turn the child's time into idle");
	CHECK(reaped.ctxt >= alive.ctxt && alive.ctxt > before.ctxt,
	      "ctxt counts the switches since boot");
	if (ut_failures) /* the figures, on a failure only: they differ from run to run */
		say("# user %llu %llu %llu, system %llu %llu %llu, idle %llu %llu %llu, ctxt %llu %llu %llu",
		    before.user, alive.user, reaped.user, before.system, alive.system, reaped.system,
		    before.idle, alive.idle, reaped.idle, before.ctxt, alive.ctxt, reaped.ctxt);
	return ut_done();
}
