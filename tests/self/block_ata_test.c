/*
 * ATA disks (suite `ata`): patterns written to a scratch disk read back
 * byte for byte, into lowmem and HIGHMEM pages, without touching the
 * bytes around the transfer; every transfer is completed by interrupts
 * (one per sector); a lost interrupt fails the request with -EIO after the
 * timeout and the channel keeps working; threads hammering their own
 * regions at once all finish; a disk made with mkswap is recognised.
 *
 * The tests write only to a disk whose sector 0 starts with SCRATCH_MAGIC
 * (tests/block_disks.py makes it), never sector 0 itself, and skip when
 * there is none, so the plain `ktest` run without disks passes. One region
 * (HOST_CHECK_SECTOR..) is left holding host_pattern() for the host to
 * verify after the run.
 */
#include "kernel/ktest.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "drivers/ata.h"
#include "mm/mm.h"

#define SCRATCH_MAGIC "RMAPOS-SCRATCH-DISK"
#define HOST_CHECK_SECTOR 2048
#define HOST_CHECK_SECTORS 16

/* The byte tests/block_disks.py expects at byte i of sector s of the host-check region. */
static u8 host_pattern(u64 s, unsigned int i)
{
	return (u8)(((u32)s * 0x9E + i * 7) ^ (i >> 7));
}

/* A pattern that differs per run step (seed), sector and byte. */
static u8 pattern(u32 seed, u64 s, unsigned int i)
{
	u32 x = seed * 0x85EBCA6Bu ^ (u32)s * 0x9E3779B1u ^ i * 0xC2B2AE35u;

	return (u8)(x ^ (x >> 13) ^ (x >> 24));
}

static struct block_device *scratch_disk(void)
{
	static u8 buf[SECTOR_SIZE] __aligned(SECTOR_SIZE);
	struct block_device *b;
	struct ata_stats st;

	block_device_for_each(b) {
		if (!ata_get_stats(b, &st) || b->nr_sectors < 8192)
			continue;
		if (!block_rw_buf(b, BLOCK_READ, 0, 1, buf) &&
		    !memcmp(buf, SCRATCH_MAGIC, sizeof(SCRATCH_MAGIC) - 1))
			return b;
	}
	return NULL;
}

#define NEED_SCRATCH(t, d)                                                         \
	do {                                                                       \
		d = scratch_disk();                                                \
		if (!d) {                                                          \
			ktest_skip(t, "no ATA scratch disk (tests/block_disks.py)"); \
			return;                                                    \
		}                                                                  \
	} while (0)

static void fill(struct page *page, unsigned int off, u32 seed, u64 sector, u32 count)
{
	u8 *p = kmap(page);

	for (u32 s = 0; s < count; s++)
		for (unsigned int i = 0; i < SECTOR_SIZE; i++)
			p[off + s * SECTOR_SIZE + i] = pattern(seed, sector + s, i);
	kunmap(page);
}

/* Bytes wrong in [off, off + count sectors) plus guard bytes changed elsewhere. */
static unsigned int check(struct page *page, unsigned int off, u32 seed, u64 sector, u32 count,
			  u8 guard)
{
	u8 *p = kmap(page);
	unsigned int bad = 0, end = off + count * SECTOR_SIZE;

	for (unsigned int i = 0; i < PAGE_SIZE; i++) {
		if (i >= off && i < end) {
			unsigned int rel = i - off;

			bad += p[i] != pattern(seed, sector + rel / SECTOR_SIZE, rel % SECTOR_SIZE);
		} else {
			bad += p[i] != guard;
		}
	}
	kunmap(page);
	return bad;
}

static void set_page(struct page *page, u8 v)
{
	u8 *p = kmap(page);

	memset(p, v, PAGE_SIZE);
	kunmap(page);
}

KTEST(ata, probe_finds_disks_and_skips_the_cdrom)
{
	struct block_device *b;
	struct ata_stats st;
	int disks = 0;

	block_device_for_each(b) {
		if (!ata_get_stats(b, &st))
			continue;
		disks++;
		KT_EXPECT(t, b->name[0] == 'h' && b->name[1] == 'd' && b->name[2] >= 'a' &&
			     b->name[2] <= 'd' && !b->name[3]);
		KT_EXPECT(t, b->nr_sectors > 0);
		ktest_log("%s: %llu sectors", b->name, b->nr_sectors);
	}
	/* We boot from an ATAPI CD-ROM on one of the channels: never a block device. */
	KT_EXPECT(t, disks <= 3);
	KT_EXPECT(t, !ata_get_stats(block_device_find("ram0"), &st));
	if (!disks)
		ktest_skip(t, "no ATA disk attached");
}

KTEST(ata, patterns_round_trip_in_lowmem_and_highmem_pages)
{
	struct block_device *d;
	struct page *w, *r, *h;
	struct {
		u64 sector;
		u32 count;
		unsigned int offset;
	} cases[5];

	NEED_SCRATCH(t, d);
	w = alloc_page(GFP_KERNEL);
	r = alloc_page(GFP_KERNEL);
	h = alloc_page(GFP_HIGHUSER);
	KT_ASSERT(t, w && r && h);
	cases[0].sector = 1, cases[0].count = 8, cases[0].offset = 0;
	cases[1].sector = 777, cases[1].count = 1, cases[1].offset = 3584;
	cases[2].sector = 1000, cases[2].count = 3, cases[2].offset = 512;
	cases[3].sector = d->nr_sectors - 8, cases[3].count = 8, cases[3].offset = 0;
	cases[4].sector = (1 << 12) + 13, cases[4].count = 5, cases[4].offset = 1024;
	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		u64 s = cases[i].sector;
		u32 n = cases[i].count;
		unsigned int off = cases[i].offset;

		set_page(w, 0x11);
		fill(w, off, i + 1, s, n);
		KT_EXPECT_EQ(t, block_rw(d, BLOCK_WRITE, s, n, w, off), 0);
		set_page(r, 0x5A);
		KT_EXPECT_EQ(t, block_rw(d, BLOCK_READ, s, n, r, off), 0);
		KT_EXPECT_EQ(t, check(r, off, i + 1, s, n, 0x5A), 0);
		set_page(h, 0xC3);
		KT_EXPECT_EQ(t, block_rw(d, BLOCK_READ, s, n, h, off), 0);
		KT_EXPECT_EQ(t, check(h, off, i + 1, s, n, 0xC3), 0);
	}
	/* Past the end: refused by the block layer, the disk never sees it. */
	KT_EXPECT_EQ(t, block_rw(d, BLOCK_READ, d->nr_sectors - 1, 2, r, 0), -EIO);
	ktest_log("%s: HIGHMEM page used: %s", d->name, PageHighMem(h) ? "yes" : "no");
	__free_page(w);
	__free_page(r);
	__free_page(h);
}

KTEST(ata, every_sector_is_completed_by_an_interrupt)
{
	struct block_device *d;
	struct ata_stats before, after;
	struct page *page;
	unsigned long reads;

	NEED_SCRATCH(t, d);
	page = alloc_page(GFP_KERNEL);
	KT_ASSERT(t, page != NULL);
	KT_ASSERT(t, arch_irqs_enabled());
	reads = d->reads;
	ata_get_stats(d, &before);
	KT_EXPECT_EQ(t, block_rw(d, BLOCK_READ, 64, 8, page, 0), 0);
	KT_EXPECT_EQ(t, block_rw(d, BLOCK_WRITE, 72, 8, page, 0), 0);
	ata_get_stats(d, &after);
	/* READ/WRITE SECTORS interrupt once per sector: 16 interrupts, 2 commands. */
	KT_EXPECT_EQ(t, after.commands - before.commands, 2);
	KT_EXPECT_EQ(t, after.irqs - before.irqs, 16);
	KT_EXPECT_EQ(t, after.timeouts, before.timeouts);
	KT_EXPECT_EQ(t, d->reads - reads, 1);
	ktest_log("%s: irqs %lu, unexpected %lu, commands %lu", d->name, after.irqs,
		  after.unexpected_irqs, after.commands);
	__free_page(page);
}

KTEST(ata, lost_interrupt_fails_with_eio_and_the_channel_recovers)
{
	struct block_device *d;
	struct ata_stats before, after;
	struct page *page;
	unsigned long old, start;
	int err;

	NEED_SCRATCH(t, d);
	page = alloc_page(GFP_KERNEL);
	KT_ASSERT(t, page != NULL);
	fill(page, 0, 99, 300, 8);
	KT_ASSERT_EQ(t, block_rw(d, BLOCK_WRITE, 300, 8, page, 0), 0);
	ata_get_stats(d, &before);
	old = ata_set_timeout(HZ / 2);
	KT_ASSERT(t, ata_test_lose_irqs(d, 1));
	start = jiffies;
	err = block_rw(d, BLOCK_READ, 300, 8, page, 0);
	ata_set_timeout(old);
	KT_EXPECT_EQ(t, err, -EIO);
	KT_EXPECT(t, jiffies - start >= HZ / 2);
	ata_get_stats(d, &after);
	KT_EXPECT_EQ(t, after.timeouts - before.timeouts, 1);
	KT_EXPECT_EQ(t, after.lost_irqs - before.lost_irqs, 1);
	/* The reset channel works again: the same read now succeeds. */
	set_page(page, 0);
	KT_EXPECT_EQ(t, block_rw(d, BLOCK_READ, 300, 8, page, 0), 0);
	KT_EXPECT_EQ(t, check(page, 0, 99, 300, 8, 0), 0);
	__free_page(page);
}

#define WORKERS 4
#define ROUNDS 12
#define WORKER_SECTORS 256

struct worker {
	struct block_device *bdev;
	u32 id;
	int failures;
	int done;
};

static void ata_worker(void *arg)
{
	struct worker *wk = arg;
	struct page *w = alloc_page(GFP_KERNEL), *r = alloc_page(GFP_KERNEL);
	u64 base = 8192 + wk->id * WORKER_SECTORS;

	if (!w || !r) {
		wk->failures = -1;
		goto out;
	}
	for (u32 k = 0; k < ROUNDS; k++) {
		u64 s = base + (k * 37) % (WORKER_SECTORS - 8);
		u32 seed = 1000 + wk->id * 100 + k;

		fill(w, 0, seed, s, 8);
		set_page(r, 0xEE);
		if (block_rw(wk->bdev, BLOCK_WRITE, s, 8, w, 0) ||
		    block_rw(wk->bdev, BLOCK_READ, s, 8, r, 0) || check(r, 0, seed, s, 8, 0xEE))
			wk->failures++;
		wk->done++;
	}
out:
	if (w)
		__free_page(w);
	if (r)
		__free_page(r);
}

KTEST(ata, concurrent_writers_and_readers_all_complete)
{
	static struct worker workers[WORKERS];
	struct task *tasks[WORKERS];
	struct block_device *d;

	NEED_SCRATCH(t, d);
	KT_ASSERT(t, d->nr_sectors >= 8192 + WORKERS * WORKER_SECTORS);
	for (u32 i = 0; i < WORKERS; i++) {
		workers[i] = (struct worker){ d, i, 0, 0 };
		tasks[i] = kthread_create(ata_worker, &workers[i], "ata-worker");
		KT_ASSERT(t, tasks[i] != NULL);
	}
	for (u32 i = 0; i < WORKERS; i++) {
		kthread_join(tasks[i]);
		KT_EXPECT_EQ(t, workers[i].failures, 0);
		KT_EXPECT_EQ(t, workers[i].done, ROUNDS);
	}
	KT_EXPECT_EQ(t, d->in_flight, 0);
}

KTEST(ata, writes_a_pattern_the_host_checks)
{
	struct block_device *d;
	u8 *buf;

	NEED_SCRATCH(t, d);
	buf = (u8 *)__get_free_pages(GFP_KERNEL, 1);
	KT_ASSERT(t, buf != NULL);
	for (u32 s = 0; s < HOST_CHECK_SECTORS; s++)
		for (unsigned int i = 0; i < SECTOR_SIZE; i++)
			buf[s * SECTOR_SIZE + i] = host_pattern(HOST_CHECK_SECTOR + s, i);
	/* 16 sectors across two pages: block_rw_buf splits them. */
	KT_EXPECT_EQ(t, block_rw_buf(d, BLOCK_WRITE, HOST_CHECK_SECTOR, HOST_CHECK_SECTORS, buf), 0);
	memset(buf, 0, 2 * PAGE_SIZE);
	KT_EXPECT_EQ(t, block_rw_buf(d, BLOCK_READ, HOST_CHECK_SECTOR, HOST_CHECK_SECTORS, buf), 0);
	KT_EXPECT_EQ(t, buf[0], host_pattern(HOST_CHECK_SECTOR, 0));
	KT_EXPECT_EQ(t, buf[HOST_CHECK_SECTORS * SECTOR_SIZE - 1],
		     host_pattern(HOST_CHECK_SECTOR + HOST_CHECK_SECTORS - 1, SECTOR_SIZE - 1));
	free_pages((unsigned long)buf, 1);
}

KTEST(ata, mkswap_disk_has_the_swap_signature)
{
	struct block_device *b, *swap = NULL, *scratch = scratch_disk();
	struct ata_stats st;

	block_device_for_each(b)
		if (ata_get_stats(b, &st) && b != scratch && block_has_swap_signature(b))
			swap = b;
	if (scratch) {
		KT_EXPECT(t, !block_has_swap_signature(scratch));
		KT_EXPECT_EQ(t, block_swap_pages(scratch), 0);
	}
	if (!swap) {
		ktest_skip(t, "no ATA disk made with mkswap");
		return;
	}
	/* mkswap covers the whole device: last_page + 1 == its size in pages. */
	KT_EXPECT_EQ(t, block_swap_pages(swap), swap->nr_sectors / 8);
	ktest_log("%s: swap, %u pages", swap->name, block_swap_pages(swap));
}
