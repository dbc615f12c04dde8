/*
 * meta-misbehaves: fails on purpose, for the runner's own test
 * (tests/user/meta.list, `user_suite.py meta`): `exit N` exits N,
 * `segv` dies of SIGSEGV, `hang` never ends (the watchdog must kill it),
 * `orphan` leaves a grandchild holding the output pipe open for 30 s
 * (init must go on after 2 s), `partial` prints a line without a newline.
 */
#include "ut.h"

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	if (strcmp(what, "exit") == 0) {
		say("about to exit %s", argv[2]);
		return atoi(argv[2]);
	}
	if (strcmp(what, "segv") == 0) {
		say("about to fault");
		*(volatile int *)0 = 1;
	}
	if (strcmp(what, "hang") == 0) {
		say("about to hang");
		for (;;)
			pause();
	}
	if (strcmp(what, "orphan") == 0) {
		if (fork() == 0) {
			struct timespec ts = { 30, 0 };
			nanosleep(&ts, NULL);
			_exit(0);
		}
		say("left a grandchild holding the pipe");
		return 0;
	}
	if (strcmp(what, "partial") == 0) {
		(void)!write(1, "no newline at the end", 21);
		return 0;
	}
	return 99;
}
