/*
 * page_referenced counts exactly the mappings that processes touched
 * themselves since the last call: nine processes map one page of a file
 * shared, the count is reset, three of them read the page from user mode,
 * and the count is 3; asked again at once, it is 0. Uses rmapos's own
 * system call 512 (rmapos_page_referenced), so it runs on rmapos only, as
 * init (make user-rmap-iso).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define SYS_rmapos_page_referenced 512
#define CHILDREN 8
#define TOUCHERS 3

/* Two go pipes, one per phase, so no child can take another's turn. */
static void child(volatile const char *m, int go, int end, int done, int i)
{
	char c;

	(void)m[0]; /* map the page here too, from user mode */
	if (write(done, "r", 1) != 1 || read(go, &c, 1) != 1)
		_exit(2);
	if (i < TOUCHERS)
		(void)m[0];
	if (write(done, "d", 1) != 1 || read(end, &c, 1) != 1)
		_exit(2);
	_exit(0);
}

int main(void)
{
	int go[2], end[2], done[2], fd, bad = 0;
	char page[4096], c;

	memset(page, 'x', sizeof(page));
	fd = open("/rmap-referenced.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, page, sizeof(page)) != sizeof(page) || pipe(go) || pipe(end) || pipe(done))
		return 1;
	volatile const char *m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return 1;
	(void)m[0];
	for (int i = 0; i < CHILDREN; i++)
		if (fork() == 0)
			child(m, go[0], end[0], done[1], i);
	for (int i = 0; i < CHILDREN; i++)
		bad |= read(done[0], &c, 1) != 1;
	long reset = syscall(SYS_rmapos_page_referenced, m);
	for (int i = 0; i < CHILDREN; i++)
		bad |= write(go[1], "g", 1) != 1;
	for (int i = 0; i < CHILDREN; i++)
		bad |= read(done[0], &c, 1) != 1;
	long touched = syscall(SYS_rmapos_page_referenced, m);
	long again = syscall(SYS_rmapos_page_referenced, m);
	for (int i = 0; i < CHILDREN; i++)
		bad |= write(end[1], "e", 1) != 1;
	for (int i = 0; i < CHILDREN; i++) {
		int st;

		bad |= wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	}
	printf("page_referenced: reset saw %ld of %d mappings, then %ld touched, then %ld\n", reset,
	       CHILDREN + 1, touched, again);
	printf("page_referenced: %s\n",
	       !bad && reset >= CHILDREN + 1 && touched == TOUCHERS && again == 0 ? "exact" : "WRONG");
	fflush(stdout);
	unlink("/rmap-referenced.dat");
	return bad || touched != TOUCHERS || again != 0;
}
