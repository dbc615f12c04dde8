/*
 * The block layer and ram0 (suite `block`): malformed requests fail with
 * the right errno through end_io without reaching the driver or touching
 * memory; good ones reach the driver and the counters; ram0 reads what
 * GRUB loaded (the ext2 image) into lowmem and HIGHMEM pages, writes land
 * in the module memory, and several threads reading at once all finish
 * with the right bytes.
 */
#include "kernel/ktest.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "drivers/block.h"
#include "boot/multiboot2.h"
#include "mm/mm.h"

#define GUARD 0xA5

/* ---- a fake device: records what reaches the driver, fills reads with a pattern ---- */
static unsigned int fake_submits;

/* What the fake device holds at byte i of sector s: depends on the absolute position. */
static u8 fake_byte(u64 s, u32 i)
{
	return (u8)((s + i / SECTOR_SIZE) * 3 + i % SECTOR_SIZE);
}

static void fake_submit(struct block_device *bdev, struct block_request *rq)
{
	u8 *p = kmap_atomic(rq->page, KM_USER0);

	fake_submits++;
	if (rq->dir == BLOCK_READ)
		for (u32 i = 0; i < rq->count * SECTOR_SIZE; i++)
			p[rq->offset + i] = fake_byte(rq->sector, i);
	kunmap_atomic(p, KM_USER0);
	block_request_done(rq, 0);
}

static const struct block_ops fake_ops = { .submit = fake_submit };

static struct block_device fake_dev(bool read_only)
{
	struct block_device d;

	memset(&d, 0, sizeof(d));
	strlcpy(d.name, "fake", sizeof(d.name));
	d.nr_sectors = 100;
	d.read_only = read_only;
	d.ops = &fake_ops;
	return d;
}

static unsigned int end_io_calls;

static void count_end_io(struct block_request *rq)
{
	end_io_calls++;
}

/* Submit one request on a guarded page; returns its error. */
static int try_request(struct block_device *bdev, int dir, u64 sector, u32 count,
		       struct page *page, unsigned int offset)
{
	struct block_request rq;

	memset(&rq, 0, sizeof(rq));
	rq.bdev = bdev;
	rq.dir = dir;
	rq.sector = sector;
	rq.count = count;
	rq.page = page;
	rq.offset = offset;
	rq.error = 12345;
	rq.end_io = count_end_io;
	end_io_calls = 0;
	submit_request(&rq);
	return end_io_calls == 1 ? rq.error : -9999;
}

static bool page_is_all(struct page *page, u8 v)
{
	u8 *p = page_address(page);

	for (unsigned int i = 0; i < PAGE_SIZE; i++)
		if (p[i] != v)
			return false;
	return true;
}

KTEST(block, bad_requests_fail_through_end_io_and_touch_nothing)
{
	struct block_device dev = fake_dev(false), ro = fake_dev(true), noops = fake_dev(false);
	struct page *page = alloc_page(GFP_KERNEL);
	static const struct {
		const char *what;
		int dir;
		u64 sector;
		u32 count;
		unsigned int offset;
		int error;
	} bad[] = {
		{ "no sectors", BLOCK_READ, 0, 0, 0, -EINVAL },
		{ "starts at the end", BLOCK_READ, 100, 1, 0, -EIO },
		{ "runs past the end", BLOCK_READ, 96, 5, 0, -EIO },
		{ "sector near 2^64", BLOCK_READ, ~0ULL - 2, 4, 0, -EIO },
		{ "misaligned offset", BLOCK_READ, 0, 1, 100, -EINVAL },
		{ "crosses the page end", BLOCK_READ, 0, 2, 3584, -EINVAL },
		{ "huge count", BLOCK_WRITE, 0, 0xFFFFFFFFu, 0, -EINVAL },
		{ "count wraps when shifted", BLOCK_READ, 0, 0x00800001u, 0, -EINVAL },
		{ "bad direction", 7, 0, 1, 0, -EINVAL },
	};
	unsigned long rejected;

	KT_ASSERT(t, page != NULL);
	memset(page_address(page), GUARD, PAGE_SIZE);
	fake_submits = 0;
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		int err = try_request(&dev, bad[i].dir, bad[i].sector, bad[i].count, page,
				      bad[i].offset);

		if (!KT_EXPECT_EQ(t, err, bad[i].error))
			ktest_log("case: %s", bad[i].what);
	}
	KT_EXPECT_EQ(t, try_request(&ro, BLOCK_WRITE, 0, 1, page, 0), -EROFS);
	KT_EXPECT_EQ(t, try_request(&dev, BLOCK_READ, 0, 1, NULL, 0), -EINVAL);
	KT_EXPECT_EQ(t, try_request(NULL, BLOCK_READ, 0, 1, page, 0), -ENODEV);
	noops.ops = NULL;
	KT_EXPECT_EQ(t, try_request(&noops, BLOCK_READ, 0, 1, page, 0), -ENODEV);
	KT_EXPECT_EQ(t, fake_submits, 0);
	KT_EXPECT(t, page_is_all(page, GUARD));
	rejected = ARRAY_SIZE(bad) + 1; /* and the NULL page */
	KT_EXPECT_EQ(t, dev.rejected, rejected);
	KT_EXPECT_EQ(t, dev.errors, rejected);
	KT_EXPECT_EQ(t, dev.reads + dev.writes, 0);
	KT_EXPECT_EQ(t, dev.in_flight, 0);
	KT_EXPECT_EQ(t, ro.rejected, 1);
	__free_page(page);
}

KTEST(block, good_requests_reach_the_driver_and_the_counters)
{
	struct block_device dev = fake_dev(true);
	struct page *page = alloc_page(GFP_KERNEL);
	u8 *p;

	KT_ASSERT(t, page != NULL);
	p = page_address(page);
	memset(p, GUARD, PAGE_SIZE);
	fake_submits = 0;
	/* The last two sectors of the device into the middle of the page. */
	KT_EXPECT_EQ(t, try_request(&dev, BLOCK_READ, 98, 2, page, 1024), 0);
	KT_EXPECT_EQ(t, fake_submits, 1);
	KT_EXPECT_EQ(t, p[1023], GUARD);
	KT_EXPECT_EQ(t, p[1024], fake_byte(98, 0));
	KT_EXPECT_EQ(t, p[1024 + 1023], fake_byte(99, 511));
	KT_EXPECT_EQ(t, p[2048], GUARD);
	/* A whole page, and the synchronous helper on the same device. */
	KT_EXPECT_EQ(t, try_request(&dev, BLOCK_READ, 0, 8, page, 0), 0);
	KT_EXPECT_EQ(t, block_rw(&dev, BLOCK_READ, 50, 8, page, 0), 0);
	KT_EXPECT_EQ(t, p[4095], fake_byte(57, 511));
	KT_EXPECT_EQ(t, dev.reads, 3);
	KT_EXPECT_EQ(t, dev.sectors_read, 18);
	KT_EXPECT_EQ(t, dev.errors, 0);
	KT_EXPECT_EQ(t, dev.in_flight, 0);
	/* block_rw reports the validation error too. */
	KT_EXPECT_EQ(t, block_rw(&dev, BLOCK_WRITE, 0, 1, page, 0), -EROFS);
	KT_EXPECT_EQ(t, block_rw(&dev, BLOCK_READ, 99, 2, page, 0), -EIO);
	KT_EXPECT_EQ(t, fake_submits, 3);
	__free_page(page);
}

/* The failure hook at a rate: about that share fails, the same requests each run. */
static unsigned int failed_reads(struct block_device *dev, struct page *page, unsigned int n)
{
	unsigned int failed = 0;

	for (unsigned int i = 0; i < n; i++)
		failed += block_rw(dev, BLOCK_READ, i % 100, 1, page, 0) == -EIO;
	return failed;
}

KTEST(block, failure_hook_fails_a_seeded_share_of_requests)
{
	struct block_device dev = fake_dev(true);
	struct page *page = alloc_page(GFP_KERNEL);
	unsigned long before;
	unsigned int first, again;

	KT_ASSERT(t, page != NULL);
	before = block_fail_injected();
	block_fail_inject(&dev, BLOCK_READ, 0, 100);
	block_fail_inject_rate(30, 7);
	first = failed_reads(&dev, page, 200);
	KT_EXPECT(t, first > 30 && first < 90);
	KT_EXPECT_EQ(t, block_fail_injected() - before, first);
	block_fail_inject_rate(30, 7);
	again = failed_reads(&dev, page, 200);
	KT_EXPECT_EQ(t, again, first);
	/* Writes are not chosen, and at 100% every read fails. */
	KT_EXPECT_EQ(t, block_rw(&dev, BLOCK_WRITE, 0, 1, page, 0), -EROFS);
	block_fail_inject_rate(100, 0);
	KT_EXPECT_EQ(t, failed_reads(&dev, page, 50), 50);
	block_fail_inject(NULL, BLOCK_READ, 0, 0);
	KT_EXPECT_EQ(t, failed_reads(&dev, page, 50), 0);
	KT_EXPECT_EQ(t, dev.in_flight, 0);
	__free_page(page);
}

KTEST(block, rw_buf_refuses_buffers_outside_lowmem)
{
	struct block_device dev = fake_dev(false);
	static u8 buf[3 * SECTOR_SIZE] __aligned(SECTOR_SIZE);

	fake_submits = 0;
	KT_EXPECT_EQ(t, block_rw_buf(&dev, BLOCK_READ, 0, 1, (void *)0x1000), -EINVAL);
	KT_EXPECT_EQ(t, block_rw_buf(&dev, BLOCK_READ, 0, 1, buf + 1), -EINVAL);
	KT_EXPECT_EQ(t, block_rw_buf(&dev, BLOCK_READ, 0, 0, buf), -EINVAL);
	KT_EXPECT_EQ(t, block_rw_buf(NULL, BLOCK_READ, 0, 1, buf), -ENODEV);
	KT_EXPECT_EQ(t, fake_submits, 0);
	/* A static buffer is lowmem: split at the page boundary as needed. */
	KT_EXPECT_EQ(t, block_rw_buf(&dev, BLOCK_READ, 10, 3, buf), 0);
	KT_EXPECT_EQ(t, buf[0], fake_byte(10, 0));
	KT_EXPECT_EQ(t, buf[2 * SECTOR_SIZE], fake_byte(12, 0));
	KT_EXPECT_EQ(t, buf[3 * SECTOR_SIZE - 1], fake_byte(12, 511));
	KT_EXPECT(t, fake_submits >= 1 && fake_submits <= 2);
}

KTEST_NEEDS(block, registry_finds_devices_and_refuses_duplicates, "ram0")
{
	static struct block_device dup;
	struct block_device *b;
	int n = 0;

	KT_EXPECT(t, block_device_find("no-such") == NULL);
	KT_EXPECT(t, block_device_find(NULL) == NULL);
	block_device_for_each(b) {
		KT_EXPECT(t, block_device_find(b->name) == b);
		n++;
	}
	KT_EXPECT(t, n >= 1); /* ram0 at least */
	dup = fake_dev(false);
	strlcpy(dup.name, "ram0", sizeof(dup.name));
	KT_EXPECT_EQ(t, register_block_device(&dup), -EEXIST);
	dup.ops = NULL;
	strlcpy(dup.name, "nops", sizeof(dup.name));
	KT_EXPECT_EQ(t, register_block_device(&dup), -EINVAL);
	KT_EXPECT(t, block_device_find("nops") == NULL);
}

/* ---- ram0 ---- */

static const struct boot_module *ram0_module(void)
{
	for (unsigned int i = 0; i < boot_info.nr_modules; i++)
		if (!strcmp(boot_info.modules[i].name, "ram0"))
			return &boot_info.modules[i];
	return NULL;
}

/* Compare the page with the module bytes at sector (through kmap: the module may be HIGHMEM). */
static bool matches_module(struct page *page, unsigned int off, u64 sector, u32 count)
{
	const struct boot_module *m = ram0_module();
	u8 *p = kmap(page);
	bool ok = true;

	u32 pos = m->start + (u32)(sector * SECTOR_SIZE), len = count * SECTOR_SIZE;

	while (len && ok) {
		u32 in_page = PAGE_SIZE - (pos & (PAGE_SIZE - 1)), n = MIN(len, in_page);
		u8 *img = kmap_atomic(pfn_to_page(pos >> PAGE_SHIFT), KM_TEST);

		ok = !memcmp(img + (pos & (PAGE_SIZE - 1)), p + off, n);
		kunmap_atomic(img, KM_TEST);
		pos += n;
		off += n;
		len -= n;
	}
	kunmap(page);
	return ok;
}

KTEST_NEEDS(block, ram0_is_the_boot_module_and_an_ext2_image, "ram0")
{
	struct block_device *ram0 = block_device_find("ram0");
	const struct boot_module *m = ram0_module();
	u8 *buf = (u8 *)__get_free_page(GFP_KERNEL);

	KT_ASSERT(t, ram0 && m && buf);
	KT_EXPECT_EQ(t, ram0->nr_sectors, (m->end - m->start) / SECTOR_SIZE);
	KT_EXPECT(t, !ram0->read_only);
	/* The ext2 superblock starts at byte 1024: s_magic 0xEF53 at offset 56. */
	KT_ASSERT_EQ(t, block_rw_buf(ram0, BLOCK_READ, 2, 2, buf), 0);
	KT_EXPECT_EQ(t, buf[56] | buf[57] << 8, 0xEF53);
	/* s_log_block_size 0 (1 KiB blocks, as the Makefile builds it). */
	KT_EXPECT_EQ(t, buf[24] | buf[25] << 8 | buf[26] << 16 | buf[27] << 24, 0);
	KT_EXPECT(t, !block_has_swap_signature(ram0));
	KT_EXPECT_EQ(t, block_swap_pages(ram0), 0);
	free_page((unsigned long)buf);
}

KTEST_NEEDS(block, ram0_reads_match_the_module_bytes, "ram0")
{
	struct block_device *ram0 = block_device_find("ram0");
	struct page *low = alloc_page(GFP_KERNEL);
	struct page *high = alloc_page(GFP_HIGHUSER); /* HIGHMEM when there is any */
	u64 last;
	u64 sectors[4];

	KT_ASSERT(t, ram0 && low && high);
	last = ram0->nr_sectors;
	sectors[0] = 0;
	sectors[1] = 3;
	sectors[2] = last / 2 + 1;
	sectors[3] = last - 8;
	for (unsigned int i = 0; i < ARRAY_SIZE(sectors); i++) {
		KT_EXPECT_EQ(t, block_rw(ram0, BLOCK_READ, sectors[i], 8, low, 0), 0);
		KT_EXPECT(t, matches_module(low, 0, sectors[i], 8));
		KT_EXPECT_EQ(t, block_rw(ram0, BLOCK_READ, sectors[i], 3, high, 1536), 0);
		KT_EXPECT(t, matches_module(high, 1536, sectors[i], 3));
	}
	KT_EXPECT_EQ(t, block_rw(ram0, BLOCK_READ, last - 1, 2, low, 0), -EIO);
	ktest_log("ram0: %llu sectors, reads %lu, HIGHMEM page used: %s", last, ram0->reads,
		  PageHighMem(high) ? "yes" : "no (no HIGHMEM)");
	__free_page(low);
	__free_page(high);
}

KTEST_NEEDS(block, ram0_writes_land_in_the_module_and_read_back, "ram0")
{
	struct block_device *ram0 = block_device_find("ram0");
	u8 *save = (u8 *)__get_free_page(GFP_KERNEL);
	u8 *buf = (u8 *)__get_free_page(GFP_KERNEL);
	u64 s;
	unsigned long writes;

	KT_ASSERT(t, ram0 && save && buf);
	s = ram0->nr_sectors - 8; /* the image's tail: free space, restored anyway */
	KT_ASSERT_EQ(t, block_rw_buf(ram0, BLOCK_READ, s, 8, save), 0);
	for (unsigned int i = 0; i < PAGE_SIZE; i++)
		buf[i] = (u8)(i * 7 + 3);
	writes = ram0->writes;
	KT_ASSERT_EQ(t, block_rw_buf(ram0, BLOCK_WRITE, s + 1, 6, buf), 0);
	KT_EXPECT_EQ(t, ram0->writes, writes + 1);
	KT_EXPECT(t, matches_module(virt_to_page(buf), 0, s + 1, 6));
	memset(buf, 0, PAGE_SIZE);
	KT_ASSERT_EQ(t, block_rw_buf(ram0, BLOCK_READ, s + 1, 6, buf), 0);
	KT_EXPECT_EQ(t, buf[0], 3);
	KT_EXPECT_EQ(t, buf[6 * SECTOR_SIZE - 1], (u8)((6 * SECTOR_SIZE - 1) * 7 + 3));
	KT_EXPECT_EQ(t, block_rw_buf(ram0, BLOCK_WRITE, s, 8, save), 0);
	KT_EXPECT(t, matches_module(virt_to_page(save), 0, s, 8));
	free_page((unsigned long)save);
	free_page((unsigned long)buf);
}

#define READERS 4
#define READS_EACH 64

struct reader {
	struct block_device *bdev;
	unsigned int seed;
	int failures;
};

static void ram0_reader(void *arg)
{
	struct reader *r = arg;
	struct page *page = alloc_page(GFP_KERNEL);
	u32 x = r->seed;

	if (!page) {
		r->failures = -1;
		return;
	}
	for (int i = 0; i < READS_EACH; i++) {
		u64 sector;

		x = x * 1103515245u + 12345u;
		sector = (x >> 8) % (r->bdev->nr_sectors - 8);
		if (block_rw(r->bdev, BLOCK_READ, sector, 8, page, 0) ||
		    !matches_module(page, 0, sector, 8))
			r->failures++;
		if (i % 8 == 0)
			yield();
	}
	__free_page(page);
}

KTEST_NEEDS(block, concurrent_ram0_readers_all_complete_correctly, "ram0")
{
	static struct reader readers[READERS];
	struct task *tasks[READERS];
	struct block_device *ram0 = block_device_find("ram0");
	unsigned long reads;

	KT_ASSERT(t, ram0 != NULL);
	reads = ram0->reads;
	for (int i = 0; i < READERS; i++) {
		readers[i] = (struct reader){ ram0, 17 + 101 * i, 0 };
		tasks[i] = kthread_create(ram0_reader, &readers[i], "ram0-reader");
		KT_ASSERT(t, tasks[i] != NULL);
	}
	for (int i = 0; i < READERS; i++) {
		kthread_join(tasks[i]);
		KT_EXPECT_EQ(t, readers[i].failures, 0);
	}
	KT_EXPECT_EQ(t, ram0->reads - reads, READERS * READS_EACH);
	KT_EXPECT_EQ(t, ram0->in_flight, 0);
}
