/*
 * The load average moves (issue 11: /proc/loadavg as Linux keeps it):
 * two children spin while the parent sleeps for two of the kernel's
 * 5-second samples and a little more; the 1-minute figure must then show
 * them (two samples with two runnable tasks take any start to at least
 * 2 * (1 - e^(-10/60)) = 0.31), and sysinfo(2) must report the same
 * averages as /proc/loadavg. Nothing that depends on what ran before is
 * compared.
 */
#include "ut.h"
#include <sys/sysinfo.h>

static int read_loadavg(double l[3])
{
	char text[256];

	if (ut_slurp("/proc/loadavg", text, sizeof(text)) <= 0)
		return -1;
	return sscanf(text, "%lf %lf %lf", &l[0], &l[1], &l[2]) == 3 ? 0 : -1;
}

static pid_t spin_child(void)
{
	pid_t p = fork();

	if (p == 0) {
		for (volatile unsigned long i = 0;; i++)
			;
	}
	return p;
}

int main(void)
{
	pid_t a, b;
	double before[3], after[3];
	struct sysinfo si;
	int same = 0;

	CHECK(!ut_mount_proc(), "proc is mounted on /proc");
	CHECK(!read_loadavg(before), "read /proc/loadavg");
	a = spin_child();
	b = spin_child();
	CHECK(a > 0 && b > 0, "two spinning children");
	sleep(12);
	CHECK(!read_loadavg(after), "read /proc/loadavg again");
	kill(a, SIGKILL);
	kill(b, SIGKILL);
	waitpid(a, NULL, 0);
	waitpid(b, NULL, 0);
	CHECK(after[0] > 0.25, "after 12 s of two busy processes the 1-minute load is above 0.25");
	CHECK(after[1] >= 0 && after[2] >= 0 && after[1] < 100 && after[2] < 100,
	      "the 5- and 15-minute figures are load averages");
	/* a sample may fall between the two reads: try a few times */
	for (int i = 0; i < 3 && !same; i++) {
		double l[3];

		if (sysinfo(&si) || read_loadavg(l))
			break;
		same = 1;
		for (int k = 0; k < 3; k++) {
			double s = (double)si.loads[k] / (1 << SI_LOAD_SHIFT);

			same &= s > l[k] - 0.011 && s < l[k] + 0.011;
		}
	}
	CHECK(same, "sysinfo's loads are /proc/loadavg's figures");
	return ut_done();
}
