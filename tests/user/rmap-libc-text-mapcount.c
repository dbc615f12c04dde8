/*
 * rmap-libc-text-mapcount: the reverse map of a page every dynamic program
 * maps, counted exactly (issue 9). A page of libc.so.6's text is found with
 * dl_iterate_phdr, its frame in /proc/self/pagemap, and its count of
 * mappings in /proc/kpagecount (Linux's files; on rmapos kpagecount walks
 * the page's pte chain). With K children alive that touched the page, the
 * count must be the count before plus K, for K = 1, 6, 7, 8 and 99 (from
 * a page mapped a few times to one in seven chain blocks of 15 PTEs, as
 * the count before is near one); when they have exited, the count
 * before again. kpagecount's refusals of misaligned reads are Linux's.
 * Root only, as both files' frame numbers are (the suite runs as root).
 */
#include "ut.h"
#include <link.h>
#include <sys/mount.h>

static int pagemap_fd, kpagecount_fd;

static int find_libc_text(struct dl_phdr_info *info, size_t size, void *data)
{
	if (!info->dlpi_name || !strstr(info->dlpi_name, "libc.so.6"))
		return 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
			*(unsigned long *)data = (info->dlpi_addr + ph->p_vaddr + 4095) & ~4095UL;
			return 1;
		}
	}
	return 0;
}

/* The first whole page of libc.so.6's executable segment, or 0. */
static unsigned long libc_text_page(void)
{
	unsigned long page = 0;

	dl_iterate_phdr(find_libc_text, &page);
	return page;
}

static unsigned long long pread_u64(int fd, unsigned long long index, int *err)
{
	unsigned long long v = 0;
	ssize_t n = pread64(fd, &v, 8, (off64_t)(index * 8));

	*err = n == 8 ? 0 : n < 0 ? errno : EIO;
	return v;
}

static long mapcount(unsigned long long pfn)
{
	int err;
	unsigned long long n = pread_u64(kpagecount_fd, pfn, &err);

	return err ? -err : (long)n;
}

/*
 * K children that touched the page wait for EOF on release[0]; returns how
 * many started. Each closes the ends it does not use, or the EOF would
 * never come.
 */
static int start_children(int k, volatile const unsigned char *page, const int ready[2],
			  const int release[2], pid_t *pids)
{
	int started = 0;

	for (int i = 0; i < k; i++) {
		pid_t pid = fork();

		if (pid < 0)
			break;
		if (pid == 0) {
			char c = page[0];

			close(ready[0]);
			close(release[1]);
			(void)!write(ready[1], &c, 1);
			(void)!read(release[0], &c, 1); /* EOF when the parent closes its end */
			_exit(0);
		}
		pids[started++] = pid;
	}
	return started;
}

static void count_with_children(int k, unsigned long page, unsigned long long pfn, long base)
{
	static pid_t pids[128];
	int ready[2], release[2], started, got = 0, ok = 1;
	char c;

	if (pipe(ready) || pipe(release)) {
		CHECK(0, "%d children: pipes", k);
		return;
	}
	started = start_children(k, (volatile const unsigned char *)page, ready, release, pids);
	close(ready[1]);
	close(release[0]);
	while (got < started && read(ready[0], &c, 1) == 1)
		got++;
	CHECK_EQ(got, k, "%d children started and touched the page", k);
	CHECK_EQ(mapcount(pfn), base + k, "%d children: the libc text page is mapped %d more times",
		 k, k);
	close(release[1]);
	for (int i = 0; i < started; i++) {
		int st;

		if (waitpid(pids[i], &st, 0) != pids[i] || !WIFEXITED(st) || WEXITSTATUS(st))
			ok = 0;
	}
	close(ready[0]);
	CHECK(ok, "%d children exited with status 0", k);
	CHECK_EQ(mapcount(pfn), base, "%d children gone: the count is back", k);
}

int main(void)
{
	static const int ks[] = { 1, 6, 7, 8, 99 };
	unsigned long long entry, pfn, v;
	unsigned long page;
	long base;
	int err;

	if (access("/proc/meminfo", R_OK)) {
		mkdir("/proc", 0555);
		mount("proc", "/proc", "proc", 0, NULL);
	}
	page = libc_text_page();
	CHECK(page != 0, "libc.so.6's text segment found");
	if (!page)
		return ut_done();
	(void)*(volatile const unsigned char *)page;
	pagemap_fd = open("/proc/self/pagemap", O_RDONLY);
	kpagecount_fd = open("/proc/kpagecount", O_RDONLY);
	CHECK(pagemap_fd >= 0 && kpagecount_fd >= 0, "pagemap and kpagecount open");
	if (pagemap_fd < 0 || kpagecount_fd < 0)
		return ut_done();

	entry = pread_u64(pagemap_fd, page / 4096, &err);
	pfn = entry & ((1ULL << 55) - 1);
	CHECK(!err && (entry >> 63) && pfn, "the page is present, with its frame number");
	base = mapcount(pfn);
	CHECK(base >= 1, "kpagecount counts our own mapping");

	for (unsigned int i = 0; i < sizeof(ks) / sizeof(ks[0]); i++)
		count_with_children(ks[i], page, pfn, base);

	/* Linux's refusals: reads start and end on an entry. */
	errno = 0;
	CHECK(pread64(kpagecount_fd, &v, 4, 0) < 0 && errno == EINVAL, "a 4-byte read: EINVAL");
	errno = 0;
	CHECK(pread64(kpagecount_fd, &v, 8, 4) < 0 && errno == EINVAL, "a read at byte 4: EINVAL");
	/* Frame 2^20 is at 4 GiB: past the RAM of any machine the suite runs in. */
	CHECK(pread64(kpagecount_fd, &v, 8, 8LL << 20) == 0, "a read past the last frame: 0 bytes");
	return ut_done();
}
