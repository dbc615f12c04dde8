/*
 * ATA disks (suite `ata`): patterns written to a scratch disk read back
 * byte for byte, into lowmem and HIGHMEM pages, without touching the
 * bytes around the transfer; every transfer is completed by interrupts
 * (by PIO one per sector; by DMA one per request); DMA is used when the
 * machine has a PCI IDE controller and not with the boot key ata.dma=0;
 * a 64 KiB request over 16 pages (half of them HIGHMEM when there is
 * any) written by DMA reads back the same by PIO and the other way round,
 * also with the LBA48 commands; a lost interrupt fails the request with
 * -EIO after the timeout and the channel keeps working; threads hammering
 * their own regions at once all finish; a disk made with mkswap is
 * recognised.
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
#include "drivers/pci.h"
#include "kernel/cmdline.h"
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
	ata_test_force_pio(d, true); /* this is the PIO path's behaviour; DMA's is below */
	ata_get_stats(d, &before);
	KT_EXPECT_EQ(t, block_rw(d, BLOCK_READ, 64, 8, page, 0), 0);
	KT_EXPECT_EQ(t, block_rw(d, BLOCK_WRITE, 72, 8, page, 0), 0);
	ata_get_stats(d, &after);
	ata_test_force_pio(d, false);
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

/* Is DMA wanted here: a PCI IDE controller and no boot key against it? */
static bool dma_expected(void)
{
	struct pci_dev dev;
	const char *v = cmdline_get("ata.dma");

	if (cmdline_has("ata_nodma") || (v && !strcmp(v, "0")))
		return false;
	return pci_find_class(0x01, 0x01, &dev);
}

KTEST(ata, dma_is_used_when_there_is_a_controller_and_not_with_the_boot_key)
{
	struct block_device *d;
	struct ata_stats before, after;
	struct page *page;
	bool dma;

	NEED_SCRATCH(t, d);
	page = alloc_page(GFP_KERNEL);
	KT_ASSERT(t, page != NULL);
	dma = dma_expected();
	KT_EXPECT_EQ(t, ata_uses_dma(d), dma);
	ata_get_stats(d, &before);
	KT_EXPECT_EQ(t, block_rw(d, BLOCK_READ, 64, 8, page, 0), 0);
	KT_EXPECT_EQ(t, block_rw(d, BLOCK_WRITE, 72, 8, page, 0), 0);
	ata_get_stats(d, &after);
	KT_EXPECT_EQ(t, after.commands - before.commands, 2);
	/* DMA: one command and one interrupt per request; PIO: one interrupt a sector. */
	KT_EXPECT_EQ(t, after.dma_commands - before.dma_commands, dma ? 2 : 0);
	KT_EXPECT_EQ(t, after.irqs - before.irqs, dma ? 2 : 16);
	KT_EXPECT_EQ(t, after.timeouts, before.timeouts);
	ktest_log("%s: %s, dma commands %lu of %lu", d->name, dma ? "DMA" : "PIO",
		  after.dma_commands, after.commands);
	__free_page(page);
}

/* ---- multi-page requests: 16 pages, DMA against PIO ---- */
#define MP_PAGES 16
#define MP_SECTOR 5120 /* clear of every other region of this suite */
#define MP_SECTORS (MP_PAGES * PAGE_SIZE / SECTOR_SIZE)

/* Sector i of the transfer (starting at `off` in v[0]), kmapped; kunmap(*page) after. */
static u8 *vec_sector(struct page **v, unsigned int off, u32 i, struct page **page)
{
	u32 b = off + i * SECTOR_SIZE;

	*page = v[b / PAGE_SIZE];
	return (u8 *)kmap(*page) + b % PAGE_SIZE;
}

static void vec_set(struct page **v, u8 val)
{
	for (unsigned int i = 0; i < MP_PAGES; i++)
		set_page(v[i], val);
}

static void vec_fill(struct page **v, unsigned int off, u32 seed, u64 sector, u32 count)
{
	for (u32 s = 0; s < count; s++) {
		struct page *page;
		u8 *p = vec_sector(v, off, s, &page);

		for (unsigned int i = 0; i < SECTOR_SIZE; i++)
			p[i] = pattern(seed, sector + s, i);
		kunmap(page);
	}
}

/* FNV-1a over the transfer's bytes. */
static u32 vec_sum(struct page **v, unsigned int off, u32 count)
{
	u32 h = 2166136261u;

	for (u32 s = 0; s < count; s++) {
		struct page *page;
		u8 *p = vec_sector(v, off, s, &page);

		for (unsigned int i = 0; i < SECTOR_SIZE; i++)
			h = (h ^ p[i]) * 16777619u;
		kunmap(page);
	}
	return h;
}

/* Wrong bytes: the pattern inside the transfer, `guard` outside it (in v's pages). */
static unsigned int vec_check(struct page **v, unsigned int off, u32 seed, u64 sector,
			      u32 count, u8 guard)
{
	unsigned int bad = 0, end = off + count * SECTOR_SIZE;

	for (unsigned int p = 0; p < MP_PAGES; p++) {
		u8 *k = kmap(v[p]);

		for (unsigned int j = 0; j < PAGE_SIZE; j++) {
			unsigned int b = p * PAGE_SIZE + j;

			if (b >= off && b < end)
				bad += k[j] != pattern(seed, sector + (b - off) / SECTOR_SIZE,
						       (b - off) % SECTOR_SIZE);
			else
				bad += k[j] != guard;
		}
		kunmap(v[p]);
	}
	return bad;
}

/* One request over the vector by DMA (pio false) or PIO; checks which path ran. */
static int vec_rw(struct ktest *t, struct block_device *d, enum block_dir dir, bool pio,
		  struct page **v, unsigned int off, u32 count)
{
	struct ata_stats before, after;
	bool dma = !pio && dma_expected();
	int err;

	ata_test_force_pio(d, pio);
	ata_get_stats(d, &before);
	err = block_rw_pages(d, dir, MP_SECTOR, count, v,
			     (off + count * SECTOR_SIZE + PAGE_SIZE - 1) / PAGE_SIZE, off);
	ata_get_stats(d, &after);
	ata_test_force_pio(d, false);
	KT_EXPECT_EQ(t, after.commands - before.commands, 1);
	KT_EXPECT_EQ(t, after.dma_commands - before.dma_commands, dma ? 1 : 0);
	KT_EXPECT_EQ(t, after.irqs - before.irqs, dma ? 1 : count);
	return err;
}

static void vec_free(struct page **v)
{
	for (unsigned int i = 0; i < MP_PAGES; i++)
		if (v[i])
			__free_page(v[i]);
}

KTEST(ata, a_64k_request_over_16_pages_reads_back_the_same_by_dma_and_by_pio)
{
	static struct page *w[MP_PAGES], *r[MP_PAGES];
	struct block_device *d;
	unsigned int high = 0;
	bool ext;
	u32 sum;

	NEED_SCRATCH(t, d);
	KT_ASSERT(t, d->nr_sectors >= MP_SECTOR + MP_SECTORS);
	for (unsigned int i = 0; i < MP_PAGES; i++) {
		/* Every other page from HIGHMEM when the machine has it. */
		w[i] = alloc_page(i % 2 ? GFP_HIGHUSER : GFP_KERNEL);
		r[i] = alloc_page(i % 2 ? GFP_KERNEL : GFP_HIGHUSER);
		KT_ASSERT(t, w[i] && r[i]);
		high += PageHighMem(w[i]) + PageHighMem(r[i]);
	}
	ext = ata_test_force_lba48(d, false);
	for (int pass = 0; pass < (ext ? 2 : 1); pass++) {
		u32 seed = 500 + 10 * pass;

		ata_test_force_lba48(d, pass == 1);
		/* DMA write, PIO read. */
		vec_set(w, 0);
		vec_fill(w, 0, seed, MP_SECTOR, MP_SECTORS);
		sum = vec_sum(w, 0, MP_SECTORS);
		KT_EXPECT_EQ(t, vec_rw(t, d, BLOCK_WRITE, false, w, 0, MP_SECTORS), 0);
		vec_set(r, 0x5A);
		KT_EXPECT_EQ(t, vec_rw(t, d, BLOCK_READ, true, r, 0, MP_SECTORS), 0);
		KT_EXPECT_EQ(t, vec_sum(r, 0, MP_SECTORS), sum);
		KT_EXPECT_EQ(t, vec_check(r, 0, seed, MP_SECTOR, MP_SECTORS, 0x5A), 0);
		/* PIO write, DMA read. */
		vec_fill(w, 0, seed + 1, MP_SECTOR, MP_SECTORS);
		sum = vec_sum(w, 0, MP_SECTORS);
		KT_EXPECT_EQ(t, vec_rw(t, d, BLOCK_WRITE, true, w, 0, MP_SECTORS), 0);
		vec_set(r, 0xA5);
		KT_EXPECT_EQ(t, vec_rw(t, d, BLOCK_READ, false, r, 0, MP_SECTORS), 0);
		KT_EXPECT_EQ(t, vec_sum(r, 0, MP_SECTORS), sum);
		KT_EXPECT_EQ(t, vec_check(r, 0, seed + 1, MP_SECTOR, MP_SECTORS, 0xA5), 0);
		/*
		 * Starting 1.5 KiB into the first page, ending 2 KiB short of the
		 * last: the runs at both ends are partial pages, the bytes around
		 * them are left alone.
		 */
		vec_set(w, 0);
		vec_fill(w, 1536, seed + 2, MP_SECTOR, MP_SECTORS - 7);
		KT_EXPECT_EQ(t, vec_rw(t, d, BLOCK_WRITE, false, w, 1536, MP_SECTORS - 7), 0);
		vec_set(r, 0xC3);
		KT_EXPECT_EQ(t, vec_rw(t, d, BLOCK_READ, true, r, 1536, MP_SECTORS - 7), 0);
		KT_EXPECT_EQ(t, vec_check(r, 1536, seed + 2, MP_SECTOR, MP_SECTORS - 7, 0xC3), 0);
		vec_set(r, 0x3C);
		KT_EXPECT_EQ(t, vec_rw(t, d, BLOCK_READ, false, r, 1536, MP_SECTORS - 7), 0);
		KT_EXPECT_EQ(t, vec_check(r, 1536, seed + 2, MP_SECTOR, MP_SECTORS - 7, 0x3C), 0);
	}
	ata_test_force_lba48(d, false);
	/* A vector naming a page the transfer does not reach is malformed. */
	KT_EXPECT_EQ(t, block_rw_pages(d, BLOCK_READ, MP_SECTOR, 8, r, 2, 0), -EINVAL);
	KT_EXPECT_EQ(t, block_rw_pages(d, BLOCK_READ, MP_SECTOR, 8, r, BLOCK_MAX_PAGES + 1, 0),
		     -EINVAL);
	ktest_log("%s: %s, LBA48 commands %s, %u of %u pages HIGHMEM", d->name,
		  ata_uses_dma(d) ? "DMA" : "PIO only", ext ? "too" : "no", high, 2 * MP_PAGES);
	vec_free(w);
	vec_free(r);
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

/*
 * A request's completion interrupt wakes its waiter at once: the idle
 * task must not halt on until the next timer tick (which made every
 * synchronous request, and so every swap-in, cost up to 10 ms).
 */
KTEST(ata, a_waiter_woken_by_the_disk_interrupt_runs_before_the_next_tick)
{
	struct block_device *d;
	struct page *page;
	unsigned long start, ticks;
	u64 t0;
	int errors = 0;

	NEED_SCRATCH(t, d);
	page = alloc_page(GFP_KERNEL);
	KT_ASSERT(t, page != NULL);
	KT_ASSERT(t, arch_irqs_enabled());
	start = jiffies;
	t0 = arch_cycles();
	for (int i = 0; i < 64; i++)
		errors += block_rw(d, BLOCK_READ, MP_SECTOR + 8 * (i % 16), 8, page, 0) != 0;
	ticks = jiffies - start;
	KT_EXPECT_EQ(t, errors, 0);
	/*
	 * Measured with DMA: 0-1 ticks on QEMU, 7 on Bochs (its emulation's own
	 * speed); 16 to 54 on QEMU (varying with the host) when a woken waiter has to wait for the tick. PIO
	 * costs host time per sector (5 ticks on QEMU, more on a loaded host),
	 * so only the DMA figure is held to the bound.
	 */
	if (ata_uses_dma(d))
		KT_EXPECT(t, ticks < 12);
	ktest_log("%s: 64 page reads (%s) in %lu ticks, %llu TSC cycles each", d->name,
		  ata_uses_dma(d) ? "DMA" : "PIO", ticks, (arch_cycles() - t0) / 64);
	__free_page(page);
}

/*
 * The same round trips over physically contiguous pages, where the PRD
 * table merges neighbours into one run: 16 pages from the start of an
 * order-5 block (one 64 KiB entry, byte count 0), from page 8 (a run cut
 * at the 64 KiB boundary) and from page 4, at offset 0 and 1536. Each is
 * written by DMA, read back by PIO into scattered pages and by DMA into
 * contiguous ones, and compared.
 */
KTEST(ata, contiguous_pages_merge_into_runs_cut_at_64k)
{
	struct block_device *d;
	struct page *blk, *rb, *w[MP_PAGES], *r[MP_PAGES];
	static const unsigned int starts[] = { 0, 8, 4 };

	NEED_SCRATCH(t, d);
	blk = alloc_pages(GFP_KERNEL, 5);
	rb = alloc_pages(GFP_KERNEL, 5);
	if (!blk || !rb) {
		if (blk)
			__free_pages(blk, 5);
		if (rb)
			__free_pages(rb, 5);
		KT_ASSERT(t, false);
	}
	for (unsigned int s = 0; s < ARRAY_SIZE(starts); s++) {
		for (unsigned int off = 0; off <= 1536; off += 1536) {
			u32 count = off ? MP_SECTORS - 7 : MP_SECTORS;
			u32 seed = 900 + s * 10 + off / 512;

			for (unsigned int i = 0; i < MP_PAGES; i++) {
				w[i] = blk + starts[s] + i;
				r[i] = rb + 31 - i; /* descending: nothing to merge */
			}
			vec_set(w, 0);
			vec_fill(w, off, seed, MP_SECTOR, count);
			KT_EXPECT_EQ(t, vec_rw(t, d, BLOCK_WRITE, false, w, off, count), 0);
			vec_set(r, 0x77);
			KT_EXPECT_EQ(t, vec_rw(t, d, BLOCK_READ, true, r, off, count), 0);
			KT_EXPECT_EQ(t, vec_check(r, off, seed, MP_SECTOR, count, 0x77), 0);
			for (unsigned int i = 0; i < MP_PAGES; i++)
				r[i] = rb + starts[s] + i;
			vec_set(r, 0x66);
			KT_EXPECT_EQ(t, vec_rw(t, d, BLOCK_READ, false, r, off, count), 0);
			KT_EXPECT_EQ(t, vec_check(r, off, seed, MP_SECTOR, count, 0x66), 0);
		}
	}
	__free_pages(blk, 5);
	__free_pages(rb, 5);
}
