/*
 * swapon(2) and swapoff(2) refuse bad input with Linux 6.1's errno and
 * change nothing: bad pointers (EFAULT), missing paths (ENOENT), a
 * directory (EISDIR, from opening it for writing), a path through a file
 * (ENOTDIR), names too long (ENAMETOOLONG), unknown flags (EINVAL, checked
 * before the path), a regular file (EINVAL: no swap header, and a swap
 * file with a valid header is refused as well), swapoff of something that
 * is no swap area (EINVAL). Raw int $0x80 calls (nr 87 and 115), so glibc
 * checks nothing. The machine has no swap area here on either kernel;
 * enabling real areas, EBUSY and priorities are the `swap` KTEST suite's.
 */
#include "ut.h"

#define NR_swapon 87
#define NR_swapoff 115
#define SWAP_FLAG_PREFER 0x8000
#define SWAP_FLAG_DISCARD 0x10000

static void expect_errno(long r, int err, const char *what)
{
	CHECK_EQ(r, -err, "%s gives %s", what, strerror(err));
}

/* A file of 16 pages whose first page is a valid mkswap version-1 header. */
static int make_swap_file(const char *path)
{
	static unsigned char page[4096];
	uint32_t v[3] = { 1, 15, 0 };   /* version, last_page, nr_badpages */
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);

	if (fd < 0)
		return -1;
	memcpy(page + 1024, v, sizeof(v));
	memcpy(page + 4086, "SWAPSPACE2", 10);
	if (write(fd, page, sizeof(page)) != sizeof(page))
		return -1;
	memset(page, 0, sizeof(page));
	for (int i = 1; i < 16; i++)
		if (write(fd, page, sizeof(page)) != sizeof(page))
			return -1;
	return close(fd);
}

int main(void)
{
	static char longpath[5000], longname[300];
	const char *file = "/etc/utest.list";

	expect_errno(ut_sys(NR_swapon, 0, 0), EFAULT, "swapon(NULL)");
	expect_errno(ut_sys(NR_swapon, 0xC0000000, 0), EFAULT, "swapon(kernel address)");
	expect_errno(ut_sys(NR_swapon, 1, 0x80000), EINVAL, "swapon(bad pointer, unknown flag)");
	expect_errno(ut_sys(NR_swapon, file, 0x80000), EINVAL, "swapon(file, unknown flag)");
	expect_errno(ut_sys(NR_swapon, "", 0), ENOENT, "swapon(\"\")");
	expect_errno(ut_sys(NR_swapon, "/no/such/file", 0), ENOENT, "swapon(missing)");
	expect_errno(ut_sys(NR_swapon, "/no/such/file", SWAP_FLAG_PREFER | SWAP_FLAG_DISCARD | 5),
		     ENOENT, "swapon(missing, valid flags)");
	expect_errno(ut_sys(NR_swapon, "/", 0), EISDIR, "swapon(/)");
	expect_errno(ut_sys(NR_swapon, "/tmp", 0), EISDIR, "swapon(/tmp)");
	expect_errno(ut_sys(NR_swapon, "/etc/utest.list/x", 0), ENOTDIR, "swapon(through a file)");
	expect_errno(ut_sys(NR_swapon, file, 0), EINVAL, "swapon(regular file)");
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	expect_errno(ut_sys(NR_swapon, longpath, 0), ENAMETOOLONG, "swapon(5000-byte path)");
	memset(longname, 'b', sizeof(longname) - 1);
	snprintf(longpath, sizeof(longpath), "/tmp/%s", longname);
	expect_errno(ut_sys(NR_swapon, longpath, 0), ENAMETOOLONG, "swapon(300-byte name)");
	CHECK(make_swap_file("/tmp/swapfile") == 0, "a 64 KiB file with a mkswap header");
	expect_errno(ut_sys(NR_swapon, "/tmp/swapfile", 0), EINVAL, "swapon(swap file here)");
	expect_errno(ut_sys(NR_swapoff, "/tmp/swapfile"), EINVAL, "swapoff(swap file, not on)");
	unlink("/tmp/swapfile");

	expect_errno(ut_sys(NR_swapoff, 0), EFAULT, "swapoff(NULL)");
	expect_errno(ut_sys(NR_swapoff, 0xC0000000), EFAULT, "swapoff(kernel address)");
	expect_errno(ut_sys(NR_swapoff, ""), ENOENT, "swapoff(\"\")");
	expect_errno(ut_sys(NR_swapoff, "/no/such/file"), ENOENT, "swapoff(missing)");
	expect_errno(ut_sys(NR_swapoff, "/"), EISDIR, "swapoff(/)");
	expect_errno(ut_sys(NR_swapoff, file), EINVAL, "swapoff(regular file)");
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = 0;
	expect_errno(ut_sys(NR_swapoff, longpath), ENAMETOOLONG, "swapoff(5000-byte path)");

	/* Nothing was enabled: sysinfo shows no swap on either kernel. */
	struct { long uptime; unsigned long loads[3], totalram, freeram, sharedram, bufferram,
		 totalswap, freeswap; unsigned short procs, pad; unsigned long th, fh;
		 unsigned int unit; char f[8]; } si;
	CHECK(ut_sys(116, &si) == 0 && si.totalswap == 0 && si.freeswap == 0,
	      "sysinfo: no swap enabled");
	return ut_done();
}
