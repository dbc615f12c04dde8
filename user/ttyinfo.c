/*
 * ttyinfo: what a process knows about its terminal, one line each: is
 * stdin a tty, its name for /dev/tty's open, the process's pid, group and
 * session, the terminal's foreground group and session, the window size,
 * and whether the process is in the foreground. The make run image carries
 * it; the scripted session (tests/tty_session.py) runs it in the
 * foreground and in the background.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

int main(void)
{
	struct winsize ws;
	pid_t fg = tcgetpgrp(0);
	pid_t sid = getsid(0);
	pid_t tsid = -1;
	int fd = open("/dev/tty", O_RDWR);

	ioctl(0, TIOCGSID, &tsid);
	printf("isatty: %d\n", isatty(0));
	printf("/dev/tty: %s\n", fd >= 0 ? "opened" : strerror(errno));
	printf("pid %d pgrp %d sid %d\n", getpid(), getpgrp(), sid);
	printf("tty: foreground %d session %d\n", fg, tsid);
	if (ioctl(1, TIOCGWINSZ, &ws) == 0)
		printf("winsize: %dx%d\n", ws.ws_col, ws.ws_row);
	printf("ttyinfo: %s\n", fg == getpgrp() ? "foreground" : "background");
	return 0;
}
