/*
 * rmap-fork-tree: 100 processes share pages, then go away; booted as
 * init (tests/run_all.py, step "user rmap fork tree"). The kernel's
 * invariant checker runs when init exits and must find the page tables
 * and reverse maps exact ("vm_check after init: clean").
 *
 * The first process maps the first 64 KiB of /lib/libc.so.6 (dynamic build:
 * the same page-cache pages ld.so maps as libc's text in every process) or
 * of its own executable (static build) MAP_SHARED, 256 KiB
 * of private anonymous memory and 16 KiB of shared anonymous memory, and
 * touches all of it. Then a fork tree of 100 processes: every process
 * reads the shared file pages, writes some private pages (copy-on-write
 * breaks), adds its index to a shared anonymous counter, unmaps the middle
 * of its file mapping, makes a page PROT_NONE (an mprotect split) and
 * moves part of its anonymous memory with mremap, checks what it sees,
 * waits for its children and exits with the number of errors found.
 * Static, Linux i386 ABI only: runs unchanged on Linux 6.1.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define NPROC 100
#define FILE_LEN (64 * 1024)
#define ANON_LEN (256 * 1024)
#define SHM_LEN (16 * 1024)
#define PAGE 4096

static unsigned char *file_map, *anon;
static volatile int *shm;
static unsigned char file_copy[FILE_LEN];

static int check_process(int index)
{
	int errors = 0;

	for (int off = 0; off < FILE_LEN; off += PAGE)
		if (file_map[off] != file_copy[off])
			errors++;
	for (int off = (index % 8) * PAGE; off < ANON_LEN; off += 8 * PAGE)
		anon[off] = (unsigned char)index; /* a copy-on-write break */
	/* Children were forked before these writes: each sees only its own. */
	for (int off = 0; off < ANON_LEN; off += PAGE) {
		int pg = off / PAGE;
		unsigned char want = pg % 8 == index % 8 ? (unsigned char)index : (unsigned char)pg;

		if (anon[off] != want)
			errors++;
	}
	__sync_fetch_and_add(&shm[0], index);
	__sync_fetch_and_add(&shm[1], 1);
	if (munmap(file_map + 4 * PAGE, 4 * PAGE))
		errors++;
	if (mprotect(file_map + 10 * PAGE, PAGE, PROT_NONE))
		errors++;
	unsigned char *moved = mremap(anon + 32 * PAGE, 8 * PAGE, 16 * PAGE, MREMAP_MAYMOVE);
	if (moved == MAP_FAILED) {
		errors++;
	} else {
		for (int k = 0; k < 8; k++) {
			int pg = 32 + k;
			unsigned char want = pg % 8 == index % 8 ? (unsigned char)index : (unsigned char)pg;

			if (moved[k * PAGE] != want)
				errors++;
		}
		moved[12 * PAGE] = 1; /* the grown tail: a fresh page */
	}
	for (int off = 12 * PAGE; off < FILE_LEN; off += PAGE)
		if (file_map[off] != file_copy[off])
			errors++;
	return errors;
}

/* Process `index` forks the children 2i+1 and 2i+2 of a binary tree. */
static int run(int index)
{
	pid_t kids[2];
	int n = 0, errors;

	for (int c = 2 * index + 1; c <= 2 * index + 2 && c < NPROC; c++) {
		pid_t pid = fork();

		if (pid < 0)
			return 100;
		if (pid == 0)
			_exit(run(c));
		kids[n++] = pid;
	}
	errors = check_process(index);
	for (int i = 0; i < n; i++) {
		int status;

		if (waitpid(kids[i], &status, 0) != kids[i] || !WIFEXITED(status))
			errors++;
		else
			errors += WEXITSTATUS(status);
	}
	return errors > 255 ? 255 : errors;
}

int main(int argc, char **argv)
{
	int fd = open("/lib/libc.so.6", O_RDONLY);
	int errors;

	if (fd < 0)
		fd = open("/bin/rmap-fork-tree", O_RDONLY);
	if (fd < 0 || read(fd, file_copy, FILE_LEN) != FILE_LEN) {
		printf("rmap-fork-tree: cannot read 64 KiB of libc or of my own file\n");
		return 1;
	}
	file_map = mmap(NULL, FILE_LEN, PROT_READ, MAP_SHARED, fd, 0);
	anon = mmap(NULL, ANON_LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	shm = mmap(NULL, SHM_LEN, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (file_map == MAP_FAILED || anon == MAP_FAILED || shm == MAP_FAILED) {
		printf("rmap-fork-tree: mmap failed\n");
		return 1;
	}
	for (int off = 0; off < ANON_LEN; off += PAGE)
		anon[off] = (unsigned char)(off / PAGE);
	for (int off = 0; off < FILE_LEN; off += PAGE)
		if (file_map[off] != file_copy[off])
			return 2;
	errors = run(0);
	if (shm[1] != NPROC || shm[0] != NPROC * (NPROC - 1) / 2)
		errors++;
	printf("rmap-fork-tree: %d processes, %d errors\n", shm[1], errors);
	return errors ? 3 : 0;
}
