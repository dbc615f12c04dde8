/*
 * The terminal and job control as a shell uses them, on the serial console
 * that is stdin here: termios modes, a session leader taking the console as
 * its controlling tty (TIOCSCTTY), tcgetpgrp/tcsetpgrp and their errors,
 * SIGTTOU for a background tcsetpgrp (none when blocked), TIOCNOTTY;
 * stopped and continued children seen by waitpid (WUNTRACED, WCONTINUED)
 * and SIGCHLD, SIGTERM waiting until a stopped child continues, and an orphaned
 * process group with a stopped member getting SIGHUP and SIGCONT, after
 * which SIGTSTP no longer stops it.
 */
#include "ut.h"
#include <termios.h>

static void termios_modes(void)
{
	struct termios t;

	CHECK(isatty(0), "stdin is a tty");
	CHECK(tcgetattr(0, &t) == 0, "tcgetattr on stdin");
	CHECK((t.c_lflag & (ICANON | ECHO | ISIG)) == (ICANON | ECHO | ISIG), "canonical, echo, isig");
	CHECK_EQ(t.c_cc[VINTR], 3, "VINTR is ^C");
	CHECK_EQ(t.c_cc[VEOF], 4, "VEOF is ^D");
	CHECK_EQ(t.c_cc[VERASE], 127, "VERASE is DEL");
	CHECK(tcsetattr(0, TCSANOW, &t) == 0, "tcsetattr the same modes back");
	errno = 0;
	CHECK(tcgetpgrp(0) == -1 && errno == ENOTTY, "tcgetpgrp without a controlling tty: ENOTTY");
	CHECK(ioctl(0, TIOCSCTTY, 0) == -1 && errno == EPERM, "TIOCSCTTY by a non-leader: EPERM");
}

static void leader(void *arg)
{
	int sid = -1, fg, st;
	pid_t me, g;

	(void)arg;
	me = setsid();
	CHECK(me == getpid(), "setsid returns the new session's id");
	CHECK(getsid(0) == me && getpgid(0) == me, "leader of its session and group");
	CHECK(setpgid(0, 0) == -1 && errno == EPERM, "setpgid by a session leader: EPERM");
	CHECK(setsid() == -1 && errno == EPERM, "setsid again: EPERM");
	CHECK(ioctl(0, TIOCSCTTY, 0) == 0, "TIOCSCTTY takes the console");
	CHECK(ioctl(0, TIOCSCTTY, 0) == 0, "TIOCSCTTY again: already ours");
	CHECK(tcgetpgrp(0) == me, "the foreground group is ours");
	CHECK(ioctl(0, TIOCGSID, &sid) == 0 && sid == me, "TIOCGSID names our session");
	CHECK(tcsetpgrp(0, 30999) == -1 && errno == ESRCH, "tcsetpgrp to no group: ESRCH");
	CHECK(tcsetpgrp(0, 1) == -1 && errno == EPERM, "tcsetpgrp to another session's group: EPERM");
	CHECK(tcsetpgrp(0, -2) == -1 && errno == EINVAL, "tcsetpgrp to a negative group: EINVAL");

	g = fork();
	if (g == 0) {
		sigset_t s;
		struct sigaction sa = { .sa_handler = SIG_DFL };

		setpgid(0, 0);
		/* in the background: tcsetpgrp raises SIGTTOU, which we catch by blocking */
		sigemptyset(&s);
		sigaddset(&s, SIGTTOU);
		sigprocmask(SIG_BLOCK, &s, NULL);
		sigaction(SIGTTOU, &sa, NULL);
		if (tcgetpgrp(0) == getpgrp())
			_exit(10);
		_exit(tcsetpgrp(0, getpgrp()) == 0 && tcgetpgrp(0) == getpgrp() ? 0 : 11);
	}
	setpgid(g, g);
	waitpid(g, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a background group with SIGTTOU blocked may tcsetpgrp (%s)", ut_status(st));
	fg = tcgetpgrp(0);
	CHECK(fg == g, "the foreground group is the child's now");

	/* we are in the background: an unblocked tcsetpgrp stops us with SIGTTOU, caught here */
	{
		struct sigaction sa = { .sa_handler = SIG_IGN };

		sigaction(SIGTTOU, &sa, NULL);
		CHECK(tcsetpgrp(0, me) == 0, "with SIGTTOU ignored tcsetpgrp goes through");
	}
	CHECK(tcgetpgrp(0) == me, "foreground again");
	{
		struct sigaction sa = { .sa_handler = SIG_IGN };

		sigaction(SIGHUP, &sa, NULL);
	}
	CHECK(ioctl(0, TIOCNOTTY) == 0, "TIOCNOTTY gives the console up");
	errno = 0;
	CHECK(tcgetpgrp(0) == -1 && errno == ENOTTY, "no controlling tty afterwards");
}

static int sigchld_code(void)
{
	sigset_t s;
	siginfo_t si;
	struct timespec ts = { 5, 0 };

	sigemptyset(&s);
	sigaddset(&s, SIGCHLD);
	if (sigtimedwait(&s, &si, &ts) != SIGCHLD)
		return -1;
	return si.si_code;
}

static void stop_and_continue(void)
{
	sigset_t s;
	pid_t c;
	int st = 0;

	sigemptyset(&s);
	sigaddset(&s, SIGCHLD);
	sigprocmask(SIG_BLOCK, &s, NULL);
	c = fork();
	if (c == 0) {
		setpgid(0, 0);
		for (;;)
			pause();
	}
	/* a group of its own, tied to ours: not orphaned (ours is: our parent is init) */
	setpgid(c, c);
	kill(c, SIGSTOP);
	CHECK(waitpid(c, &st, WUNTRACED) == c, "waitpid WUNTRACED sees the stop");
	CHECK_EQ(st, 0x137f, "stopped by SIGSTOP: status 0x137f");
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "WIFSTOPPED, WSTOPSIG");
	CHECK_EQ(sigchld_code(), CLD_STOPPED, "SIGCHLD says CLD_STOPPED");
	CHECK(waitpid(c, &st, WUNTRACED | WNOHANG) == 0, "the stop is reported once");
	kill(c, SIGCONT);
	CHECK(waitpid(c, &st, WCONTINUED) == c && st == 0xffff, "waitpid WCONTINUED: status 0xffff");
	CHECK(WIFCONTINUED(st), "WIFCONTINUED");
	CHECK_EQ(sigchld_code(), CLD_CONTINUED, "SIGCHLD says CLD_CONTINUED");
	kill(c, SIGTSTP);
	CHECK(waitpid(c, &st, WUNTRACED) == c && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP,
	      "SIGTSTP stops a group that is not orphaned");
	sigchld_code();
	kill(c, SIGTERM);
	usleep(100000);
	CHECK(waitpid(c, &st, WNOHANG) == 0, "SIGTERM waits while the child is stopped");
	kill(c, SIGCONT);
	CHECK(waitpid(c, &st, 0) == c && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	      "SIGCONT lets it take SIGTERM (%s)", ut_status(st));
	sigchld_code();
	sigprocmask(SIG_UNBLOCK, &s, NULL);
}

static int hup_pipe;

static void on_hup(int sig)
{
	(void)!write(hup_pipe, "H", 1);
}

static void on_cont(int sig)
{
	(void)!write(hup_pipe, "C", 1);
}

/*
 * The middle process M starts G in a group of its own and waits until G
 * has stopped, then exits: G's group is orphaned with a stopped member.
 */
static void orphaned_group(void)
{
	int p[2], st;
	char buf[16] = { 0 };
	ssize_t n, got = 0;
	pid_t m;

	(void)!pipe(p);
	m = fork();
	if (m == 0) {
		pid_t g = fork();

		if (g == 0) {
			struct sigaction sa = { .sa_handler = on_hup };

			close(p[0]);
			hup_pipe = p[1];
			sigaction(SIGHUP, &sa, NULL);
			sa.sa_handler = on_cont;
			sigaction(SIGCONT, &sa, NULL);
			setpgid(0, 0);
			raise(SIGSTOP);
			/* orphaned now: SIGTSTP's default does nothing */
			raise(SIGTSTP);
			(void)!write(p[1], "T", 1);
			_exit(0);
		}
		setpgid(g, g);
		waitpid(g, &st, WUNTRACED);
		_exit(WIFSTOPPED(st) ? 0 : 1);
	}
	close(p[1]);
	waitpid(m, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the middle process saw its child stop");
	while (got < 3 && (n = read(p[0], buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	say("orphaned group's handlers ran in the order %s", buf);
	CHECK(strchr(buf, 'H') && strchr(buf, 'C') && buf[2] == 'T',
	      "orphaned with a stopped member: SIGHUP, SIGCONT, then SIGTSTP ignored");
	close(p[0]);
}

int main(void)
{
	int st;

	termios_modes();
	st = ut_in_child(leader, NULL);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the session leader finished (%s)", ut_status(st));
	stop_and_continue();
	orphaned_group();
	{
		struct termios t;

		CHECK(tcgetattr(0, &t) == 0, "the console still works after its session ended");
	}
	return ut_done();
}
