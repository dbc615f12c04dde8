/*
 * getrusage's ru_minflt counts the process's own page faults: touching
 * 100 new anonymous pages adds at least 100 (and not absurdly more); a
 * child's faults show in RUSAGE_CHILDREN after it is reaped, not in
 * RUSAGE_SELF; re-reading touched pages adds (almost) nothing.
 */
#include "ut.h"

static long minflt(int who)
{
	struct rusage ru;
	if (getrusage(who, &ru) < 0)
		return -1;
	return ru.ru_minflt;
}

int main(void)
{
	char *m = mmap(NULL, 400 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "map 400 pages");
	long a = minflt(RUSAGE_SELF);
	for (int i = 0; i < 100; i++)
		m[i * 4096] = 1;
	long b = minflt(RUSAGE_SELF);
	CHECK(b - a >= 100 && b - a < 150, "touching 100 new pages adds 100..149 minor faults");
	if (!(b - a >= 100 && b - a < 150))
		say("(added %ld)", b - a);
	for (int i = 0; i < 100; i++)
		(void)*(volatile char *)(m + i * 4096);
	long c = minflt(RUSAGE_SELF);
	CHECK(c - b < 10, "reading them again adds fewer than 10");

	long ch0 = minflt(RUSAGE_CHILDREN);
	pid_t pid = fork();
	if (pid == 0) {
		for (int i = 100; i < 400; i++)
			m[i * 4096] = 2;
		_exit(0);
	}
	long self_before_wait = minflt(RUSAGE_SELF);
	int st;
	waitpid(pid, &st, 0);
	long ch1 = minflt(RUSAGE_CHILDREN);
	CHECK(ch1 - ch0 >= 300, "a child's 300 faults show in RUSAGE_CHILDREN once it is reaped");
	CHECK(minflt(RUSAGE_SELF) - self_before_wait < 10, "and not in RUSAGE_SELF");
	struct rusage ru;
	CHECK(getrusage(RUSAGE_SELF, &ru) == 0 && ru.ru_majflt >= 0, "ru_majflt is readable");
	errno = 0;
	CHECK(getrusage(12345, &ru) == -1 && errno == EINVAL, "getrusage(12345): EINVAL");
	return ut_done();
}
