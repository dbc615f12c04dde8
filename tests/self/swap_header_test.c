/*
 * Swap headers swapon must refuse (suite `swap_headers`): a version-0
 * "SWAP-SPACE" area, a header version other than 1, a last_page beyond the
 * device, more bad pages than the header can hold, a bad page outside the
 * area, a disk with no signature; and `noswap` keeps a good area off at
 * boot. tests/swap_headers.py makes each disk with mkswap, patches its
 * header and writes in its boot bits (bytes 0..1023, which swap ignores)
 * "RMAPOS-SWAPTEST expect=N": the errno swapon must give (0: it works).
 * The host checks the console line each refusal prints.
 */
#include "kernel/ktest.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "drivers/ata.h"
#include "mm/mm.h"
#include "mm/swap.h"

#define MARKER "RMAPOS-SWAPTEST expect="

/* The expected swapon result written on bdev, or 1 when it carries no marker. */
static int expected_result(struct block_device *bdev)
{
	static u8 buf[SECTOR_SIZE] __aligned(SECTOR_SIZE);
	const char *p;
	int sign = 1, v = 0;

	if (block_rw_buf(bdev, BLOCK_READ, 0, 1, buf) || memcmp(buf, MARKER, sizeof(MARKER) - 1))
		return 1;
	p = (const char *)buf + sizeof(MARKER) - 1;
	if (*p == '-') {
		sign = -1;
		p++;
	}
	while (*p >= '0' && *p <= '9')
		v = v * 10 + (*p++ - '0');
	return sign * v;
}

KTEST(swap_headers, every_disk_gets_the_swapon_result_the_host_expects)
{
	struct block_device *b;
	struct ata_stats st;
	char path[24];
	int disks = 0;

	/* Refused headers and `noswap` both leave swap off at boot. */
	KT_EXPECT_EQ(t, total_swap_pages, 0);
	KT_EXPECT_EQ(t, nr_swap_pages, 0);
	block_device_for_each(b) {
		int want, got;

		if (!ata_get_stats(b, &st) || (want = expected_result(b)) == 1)
			continue;
		disks++;
		snprintf(path, sizeof(path), "/dev/%s", b->name);
		got = swapon_path(path, 0);
		ktest_log("%s: swapon %d, expected %d", path, got, want);
		KT_EXPECT_EQ(t, got, want);
		if (got == 0) {
			KT_EXPECT(t, total_swap_pages > 0);
			KT_EXPECT_EQ(t, swapoff_path(path), 0);
		}
	}
	if (!disks)
		ktest_skip(t, "no disk from tests/swap_headers.py");
	KT_EXPECT_EQ(t, total_swap_pages, 0);
}
