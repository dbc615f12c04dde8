/*
 * A write at a position near 2^63 is refused and leaves the file as it
 * was: EINVAL when position + length passes 2^63 (Linux's rw_verify_area); the
 * file stays empty and can be unlinked and closed. Regression test of a
 * fuzzer find: the size check overflowed, the page index wrapped to
 * 0xFFFFFFFF, and closing the unlinked file hit BUG in destroy_inode.
 */
#define _GNU_SOURCE
#include "ut.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	static char buf[8192];
	const off_t near = (off_t)0x7ffffffffffff000LL;
	int fd = open("/tmp/pwrite-near-2-63", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0, "open a new file");
	memset(buf, 'w', sizeof(buf));
	errno = 0;
	CHECK(pwrite(fd, buf, 4096, near) == -1 && errno == EINVAL,
	      "pwrite of 4096 bytes at 2^63 - 4096: EINVAL");
	errno = 0;
	CHECK(pwrite(fd, buf, 8192, near) == -1 && errno == EINVAL,
	      "pwrite of 8192 bytes at 2^63 - 4096: EINVAL");
	struct stat st;
	CHECK(fstat(fd, &st) == 0 && st.st_size == 0 && st.st_blocks == 0, "the file is still empty");
	CHECK(unlink("/tmp/pwrite-near-2-63") == 0, "unlink it while open");
	CHECK(close(fd) == 0, "close the unlinked file");
	return ut_done();
}
