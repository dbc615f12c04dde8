/*
 * /proc/self/smaps in Linux 6.1's format, with figures the program sets
 * up itself: the field names in order; a private anonymous mapping with
 * some pages written (Rss, Pss, Private_Dirty, Anonymous), some only read
 * (the zero page: not resident); after fork the written pages shared by
 * two PTEs (Shared_Dirty, Pss halved), and private again for the pages
 * the child broke COW on; a file mapping's pages resident but not
 * anonymous; one header per maps line.
 */
#include "ut.h"

static char text[262144];

static int slurp(const char *path)
{
	return ut_slurp(path, text, sizeof(text));
}

/* The smaps block of the vma starting at start (a pointer into text), or NULL. */
static char *block_of(unsigned long start)
{
	char head[16];
	char *p;

	snprintf(head, sizeof(head), "%08lx-", start);
	for (p = text; p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, head, strlen(head)))
			return p;
	return NULL;
}

/* The kB figure of a field inside the block at blk, or -1. */
static long kb(const char *blk, const char *name)
{
	char key[40];
	const char *p;

	if (!blk)
		return -1;
	snprintf(key, sizeof(key), "\n%s:", name);
	p = strstr(blk, key);
	/* must be before the next vma's header line, which has no ':' in its first word */
	if (!p)
		return -1;
	return strtol(p + strlen(key), NULL, 10);
}

static void field_names(const char *blk)
{
	char names[600] = "";
	const char *p = strchr(blk, '\n') + 1;

	while (*p && !(*p >= '0' && *p <= '9') && !(*p >= 'a' && *p <= 'f')) {
		const char *colon = strchr(p, ':');

		if (!colon)
			break;
		strncat(names, p, colon - p);
		strcat(names, " ");
		p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p);
	}
	say("smaps fields: %s", names);
}

static void vmflags(const char *blk, char out[64])
{
	const char *p = blk ? strstr(blk, "\nVmFlags: ") : NULL;
	int n = 0;

	out[0] = 0;
	if (!p)
		return;
	p += 10;
	while (p[n] && p[n] != '\n' && n < 63)
		n++;
	memcpy(out, p, n);
	out[n] = 0;
}

int main(void)
{
	const int pages = 16, written = 10, read_only = 4;
	char *p = mmap(NULL, pages * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	volatile char sink = 0;
	char *blk, flags[64];
	int go[2], done[2], maps_lines = 0, smaps_heads = 0;
	pid_t child;

	CHECK(!ut_mount_proc(), "proc is mounted on /proc");
	CHECK(p != MAP_FAILED, "mmap 16 anonymous pages");
	for (int i = 0; i < written; i++)
		p[i * 4096] = (char)i;
	for (int i = written; i < written + read_only; i++)
		sink += p[i * 4096];
	CHECK(slurp("/proc/self/smaps") > 0, "read /proc/self/smaps");
	blk = block_of((unsigned long)p);
	CHECK(blk != NULL, "smaps has a block for the mapping");
	if (!blk)
		return ut_done();
	field_names(blk);
	CHECK(kb(blk, "Size") == 64, "Size 64 kB");
	CHECK(kb(blk, "KernelPageSize") == 4 && kb(blk, "MMUPageSize") == 4, "page sizes 4 kB");
	CHECK(kb(blk, "Rss") == 40, "Rss 40 kB: the written pages, not the zero page (%ld)",
	      kb(blk, "Rss"));
	CHECK(kb(blk, "Pss") == 40 && kb(blk, "Private_Dirty") == 40 && kb(blk, "Anonymous") == 40,
	      "Pss, Private_Dirty and Anonymous 40 kB");
	CHECK(kb(blk, "Shared_Clean") == 0 && kb(blk, "Shared_Dirty") == 0 &&
	      kb(blk, "Private_Clean") == 0, "nothing shared, nothing clean");
	CHECK(kb(blk, "Swap") == 0 && kb(blk, "SwapPss") == 0 && kb(blk, "Locked") == 0,
	      "no swap, nothing locked");
	vmflags(blk, flags);
	CHECK(!strcmp(flags, "rd wr mr mw me ac "), "VmFlags of private writable memory");

	CHECK(!pipe(go) && !pipe(done), "pipes");
	child = fork();
	if (child == 0) {
		char c;

		if (read(go[0], &c, 1) != 1)
			_exit(2);
		for (int i = 0; i < written / 2; i++)
			p[i * 4096] = 'c'; /* COW: the child gets its own copies of half */
		(void)!write(done[1], "x", 1);
		(void)!read(go[0], &c, 1);
		_exit(0);
	}
	slurp("/proc/self/smaps");
	blk = block_of((unsigned long)p);
	CHECK(kb(blk, "Rss") == 40 && kb(blk, "Shared_Dirty") == 40 && kb(blk, "Pss") == 20 &&
	      kb(blk, "Private_Dirty") == 0, "after fork: 40 kB shared dirty, Pss halved to 20");
	{
		char c;

		(void)!write(go[1], "g", 1);
		(void)!read(done[0], &c, 1);
	}
	slurp("/proc/self/smaps");
	blk = block_of((unsigned long)p);
	CHECK(kb(blk, "Shared_Dirty") == 20 && kb(blk, "Private_Dirty") == 20 && kb(blk, "Pss") == 30,
	      "after the child's COW of 5 pages: 20 kB private, 20 shared, Pss 30 (%ld %ld %ld)",
	      kb(blk, "Shared_Dirty"), kb(blk, "Private_Dirty"), kb(blk, "Pss"));
	(void)!write(go[1], "e", 1);
	waitpid(child, NULL, 0);
	slurp("/proc/self/smaps");
	blk = block_of((unsigned long)p);
	CHECK(kb(blk, "Private_Dirty") == 40 && kb(blk, "Pss") == 40,
	      "after the child exits: all 40 kB private again");

	{
		const char *f = "/tmp/smaps.dat";
		int fd = open(f, O_CREAT | O_TRUNC | O_RDWR, 0644);
		char page[4096];
		char *m;

		memset(page, 'f', sizeof(page));
		for (int i = 0; i < 4; i++)
			(void)!write(fd, page, sizeof(page));
		m = mmap(NULL, 4 * 4096, PROT_READ, MAP_PRIVATE, fd, 0);
		close(fd);
		for (int i = 0; i < 4; i++)
			sink += m[i * 4096];
		slurp("/proc/self/smaps");
		blk = block_of((unsigned long)m);
		CHECK(kb(blk, "Rss") == 16 && kb(blk, "Anonymous") == 0 &&
		      kb(blk, "Private_Clean") + kb(blk, "Private_Dirty") == 16,
		      "a read file mapping: 16 kB resident, private to us, not anonymous");
		vmflags(blk, flags);
		CHECK(!strcmp(flags, "rd mr mw me "), "VmFlags of a private read-only file mapping");
		munmap(m, 4 * 4096);
		unlink(f);
	}

	{
		/* VM_ACCOUNT is decided when memory becomes private and writable and then kept */
		char *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		char *r = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		mprotect(w, 4096, PROT_READ);
		slurp("/proc/self/smaps");
		vmflags(block_of((unsigned long)r), flags);
		CHECK(!strcmp(flags, "rd mr mw me "), "VmFlags of read-only private memory: no ac");
		vmflags(block_of((unsigned long)w), flags);
		CHECK(!strcmp(flags, "rd mr mw me ac "), "writable memory made read-only keeps ac");
		mprotect(r, 4096, PROT_READ | PROT_WRITE);
		slurp("/proc/self/smaps");
		vmflags(block_of((unsigned long)r), flags);
		CHECK(!strcmp(flags, "rd wr mr mw me ac "), "read-only memory made writable gets ac");
		munmap(w, 4096);
		munmap(r, 4096);
	}

	slurp("/proc/self/maps");
	for (char *q = text; *q; q++)
		maps_lines += *q == '\n';
	slurp("/proc/self/smaps");
	for (char *q = text; q && *q; q = strchr(q, '\n') ? strchr(q, '\n') + 1 : NULL) {
		char *sp = strchr(q, ' ');
		char *nl = strchr(q, '\n');

		if (sp && (!nl || sp < nl) && memchr(q, '-', sp - q) && !memchr(q, ':', sp - q))
			smaps_heads++;
	}
	CHECK(maps_lines > 0 && smaps_heads == maps_lines, "smaps has one block per maps line");
	if (smaps_heads != maps_lines)
		say("smaps blocks %d, maps lines %d", smaps_heads, maps_lines);
	munmap(p, pages * 4096);
	return ut_done();
}
