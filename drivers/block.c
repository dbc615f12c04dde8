/*
 * The block layer: the registry of block devices, request validation and
 * completion, the synchronous helpers, and the boot-time report of the devices found (block_report).
 * Drivers (drivers/ramdisk.c, drivers/ata.c) only move data; every check
 * on a request and every counter in struct block_device lives here.
 *
 * Context rules: submit_request() and block_request_done() may be called
 * from any context (a driver completes from its interrupt handler, and an
 * end_io may submit the next request); they never sleep. block_rw() and
 * block_rw_buf() sleep on a completion when interrupts are on and poll the
 * driver (block_ops.poll) when they are off, so they also work at boot.
 *
 * Locking: registry_lock (a spinlock) over the device list; the per-device
 * counters are updated with interrupts off (stats_lock). Neither is held
 * while a driver or an end_io runs.
 */
#include "drivers/block.h"
#include "kernel/init.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/spinlock.h"
#include "kernel/wait.h"
#include "mm/mm.h"

static LIST_HEAD(block_devices);
static DEFINE_SPINLOCK(registry_lock);
static DEFINE_SPINLOCK(stats_lock);

/*
 * register_block_device: add a device to the registry. The driver has
 * filled name, nr_sectors, read_only and ops (ops->submit at least); the
 * counters are cleared here. Returns 0, -EINVAL for a missing name or
 * submit op, -EEXIST when the name is taken. Boot or task context.
 */
int register_block_device(struct block_device *bdev)
{
	struct block_device *b;

	if (!bdev || !bdev->name[0] || !bdev->ops || !bdev->ops->submit) {
		pr_err("block: refusing to register a device without a name or a submit op\n");
		return -EINVAL;
	}
	if (strnlen(bdev->name, sizeof(bdev->name)) == sizeof(bdev->name)) {
		pr_err("block: device name is not terminated within %u bytes\n",
		       (unsigned int)sizeof(bdev->name));
		return -EINVAL;
	}
	bdev->reads = bdev->writes = bdev->errors = 0;
	bdev->sectors_read = bdev->sectors_written = bdev->rejected = 0;
	bdev->in_flight = 0;
	spin_lock(&registry_lock);
	list_for_each_entry(b, &block_devices, list) {
		if (!strcmp(b->name, bdev->name)) {
			spin_unlock(&registry_lock);
			pr_err("block: a device named %s is already registered\n", bdev->name);
			return -EEXIST;
		}
	}
	list_add_tail(&bdev->list, &block_devices);
	spin_unlock(&registry_lock);
	return 0;
}

/* The registered device called `name`, or NULL. Any context. */
struct block_device *block_device_find(const char *name)
{
	struct block_device *b, *found = NULL;

	if (!name)
		return NULL;
	spin_lock(&registry_lock);
	list_for_each_entry(b, &block_devices, list) {
		if (!strcmp(b->name, name)) {
			found = b;
			break;
		}
	}
	spin_unlock(&registry_lock);
	return found;
}

struct block_device *block_device_next(struct block_device *prev)
{
	struct list_head *next;
	struct block_device *b = NULL;

	spin_lock(&registry_lock);
	next = prev ? prev->list.next : block_devices.next;
	if (next != &block_devices)
		b = list_entry(next, struct block_device, list);
	spin_unlock(&registry_lock);
	return b;
}

/*
 * block_request_done: the one way a request ends. Records the outcome in
 * rq->error and the device's counters, then calls end_io (if any). Drivers
 * call it from their interrupt handler or submit path with no driver lock
 * held. Never sleeps.
 */
static bool fails_at_completion(const struct block_request *rq);

void block_request_done(struct block_request *rq, int error)
{
	struct block_device *bdev = rq->bdev;

	if (!error && fails_at_completion(rq))
		error = -EIO; /* the driver did the transfer; the device "reports" a failure */
	rq->error = error;
	if (bdev) {
		spin_lock(&stats_lock);
		if (bdev->in_flight)
			bdev->in_flight--;
		if (error) {
			bdev->errors++;
		} else if (rq->dir == BLOCK_WRITE) {
			bdev->writes++;
			bdev->sectors_written += rq->count;
		} else {
			bdev->reads++;
			bdev->sectors_read += rq->count;
		}
		spin_unlock(&stats_lock);
	}
	if (rq->end_io)
		rq->end_io(rq);
}

struct page *block_rq_sector_page(const struct block_request *rq, u32 i, unsigned int *off)
{
	u32 byte = rq->offset + i * SECTOR_SIZE;

	*off = byte & (PAGE_SIZE - 1);
	return rq->pages ? rq->pages[byte >> PAGE_SHIFT] : rq->page;
}

/*
 * A page vector is well formed: 1..BLOCK_MAX_PAGES valid pages, no more
 * than the device takes, and the data ends in the last one (no page
 * listed that the transfer would not touch). Returns 0 or -EINVAL.
 */
static int check_vector(const struct block_request *rq)
{
	u64 end = (u64)rq->offset + ((u64)rq->count << SECTOR_SHIFT);
	unsigned int i, max = rq->bdev->max_pages > 1 ? rq->bdev->max_pages : 1;

	if (!rq->nr_pages || rq->nr_pages > BLOCK_MAX_PAGES || rq->nr_pages > max)
		return -EINVAL;
	if (rq->offset >= PAGE_SIZE || end > (u64)rq->nr_pages * PAGE_SIZE ||
	    end <= (u64)(rq->nr_pages - 1) * PAGE_SIZE)
		return -EINVAL;
	for (i = 0; i < rq->nr_pages; i++)
		if (!rq->pages[i] || !pfn_valid(page_to_pfn(rq->pages[i])))
			return -EINVAL;
	return 0;
}

/* Why rq cannot be started, as a negative errno, or 0 when it is fine. */
static int check_request(const struct block_request *rq)
{
	const struct block_device *bdev = rq->bdev;

	if (!bdev || !bdev->ops || !bdev->ops->submit)
		return -ENODEV;
	if (rq->dir != BLOCK_READ && rq->dir != BLOCK_WRITE)
		return -EINVAL;
	if (!rq->count || rq->offset % SECTOR_SIZE)
		return -EINVAL;
	if (rq->pages) {
		if (check_vector(rq))
			return -EINVAL;
	} else if (!rq->page || !pfn_valid(page_to_pfn(rq->page)) ||
		   (u64)rq->offset + ((u64)rq->count << SECTOR_SHIFT) > PAGE_SIZE) {
		return -EINVAL;
	}
	if (rq->sector >= bdev->nr_sectors || rq->count > bdev->nr_sectors - rq->sector)
		return -EIO;
	if (rq->dir == BLOCK_WRITE && bdev->read_only)
		return -EROFS;
	return 0;
}

/*
 * submit_request: check rq (see drivers/block.h) and hand it to its
 * driver. The submitter filled bdev, dir, sector, count, page, offset,
 * end_io and private; rq must stay allocated until end_io has run. A bad
 * request ends at once with -ENODEV (no device), -EINVAL (malformed),
 * -EIO (beyond the end) or -EROFS, and no memory is touched. Any
 * context; never sleeps; end_io may run before this returns.
 */
/* The I/O failure hook (block_fail_inject): one device, one direction, a sector range. */
static struct {
	struct block_device *bdev;
	enum block_dir dir;
	u64 start, end;
	unsigned long failed;
	unsigned int percent; /* 0 means 100: every matching request */
	u32 rand;
	bool at_completion;   /* fail in block_request_done, after the driver ran */
} fail_inject;

void block_fail_inject_at_completion(bool on)
{
	unsigned long flags = arch_irq_save();

	fail_inject.at_completion = on;
	arch_irq_restore(flags);
}

void block_fail_inject(struct block_device *bdev, enum block_dir dir, u64 start, u64 end)
{
	unsigned long flags = arch_irq_save();

	fail_inject.bdev = bdev;
	fail_inject.dir = dir;
	fail_inject.start = start;
	fail_inject.end = end;
	arch_irq_restore(flags);
}

void block_fail_inject_rate(unsigned int percent, u32 seed)
{
	unsigned long flags = arch_irq_save();

	fail_inject.percent = percent >= 100 ? 0 : percent;
	fail_inject.rand = seed ? seed : 1;
	arch_irq_restore(flags);
}

/* xorshift32: the hook's own sequence, independent of everything else. */
static bool fail_inject_roll(void)
{
	unsigned long flags;
	u32 x;

	if (!fail_inject.percent)
		return true;
	flags = arch_irq_save();
	x = fail_inject.rand;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	fail_inject.rand = x;
	arch_irq_restore(flags);
	return x % 100 < fail_inject.percent;
}

unsigned long block_fail_injected(void)
{
	return fail_inject.failed;
}

static bool injected_failure(const struct block_request *rq)
{
	return unlikely(fail_inject.bdev) && rq->bdev == fail_inject.bdev &&
	       rq->dir == fail_inject.dir && rq->sector < fail_inject.end &&
	       rq->sector + rq->count > fail_inject.start && fail_inject_roll();
}

/* block_fail_inject_at_completion: does this completing request fail? Counts it. */
static bool fails_at_completion(const struct block_request *rq)
{
	if (likely(!fail_inject.at_completion) || !injected_failure(rq))
		return false;
	fail_inject.failed++;
	return true;
}

void submit_request(struct block_request *rq)
{
	int err;

	if (!rq) {
		pr_err("block: submit_request(NULL) ignored\n");
		return;
	}
	rq->error = 0;
	INIT_LIST_HEAD(&rq->queue);
	err = check_request(rq);
	if (!err && rq->pages) {
		/* Drivers find the first page in page; one page needs no vector. */
		rq->page = rq->pages[0];
		if (rq->nr_pages == 1)
			rq->pages = NULL;
	}
	if (!err && !fail_inject.at_completion && injected_failure(rq)) {
		fail_inject.failed++;
		err = -EIO; /* as if the device had failed the transfer */
	}
	if (err) {
		if (rq->bdev) {
			spin_lock(&stats_lock);
			rq->bdev->rejected++;
			rq->bdev->in_flight++; /* block_request_done takes it back */
			spin_unlock(&stats_lock);
		}
		block_request_done(rq, err);
		return;
	}
	spin_lock(&stats_lock);
	rq->bdev->in_flight++;
	spin_unlock(&stats_lock);
	rq->bdev->ops->submit(rq->bdev, rq);
}

/* ---------------------------------------------- synchronous helpers -- */

struct sync_wait {
	struct completion done;
	volatile bool finished;
};

/*
 * end_io of the synchronous helpers. complete() runs with interrupts off
 * so that the waiter, whose stack holds the completion, cannot return
 * (and reuse that stack) between complete()'s count and its wake_up when
 * this runs in another task's context.
 */
static void sync_end_io(struct block_request *rq)
{
	struct sync_wait *w = rq->private;
	unsigned long flags = arch_irq_save();

	w->finished = true;
	complete(&w->done);
	arch_irq_restore(flags);
}

/*
 * block_rw (and block_rw_pages, through rw_sync): move `count` sectors
 * between the device at `sector` and page+offset (or the page vector),
 * and wait for the outcome. Returns 0 or the request's
 * negative errno. Sleeps when interrupts are on; with interrupts off it
 * polls the driver, and a driver without a poll op that did not complete
 * in submit gives -EIO. Must not be called from an interrupt handler.
 */
static int rw_sync(struct block_device *bdev, enum block_dir dir, u64 sector, u32 count,
		   struct page *page, struct page **pages, unsigned int nr_pages,
		   unsigned int offset)
{
	struct block_request rq;
	struct sync_wait w;

	if (!bdev)
		return -ENODEV;
	init_completion(&w.done);
	w.finished = false;
	memset(&rq, 0, sizeof(rq));
	rq.bdev = bdev;
	rq.dir = dir;
	rq.sector = sector;
	rq.count = count;
	rq.page = page;
	rq.pages = pages;
	rq.nr_pages = nr_pages;
	rq.offset = offset;
	rq.end_io = sync_end_io;
	rq.private = &w;
	submit_request(&rq);
	if (!arch_irqs_enabled()) {
		while (!READ_ONCE(w.finished)) {
			if (!bdev->ops->poll) {
				pr_err("%s: request pending with interrupts off and no poll op\n",
				       bdev->name);
				return -EIO; /* cannot happen with ram0 and ATA */
			}
			bdev->ops->poll(bdev);
			cpu_relax();
		}
		return rq.error;
	}
	wait_for_completion(&w.done);
	return rq.error;
}

int block_rw(struct block_device *bdev, enum block_dir dir, u64 sector, u32 count,
	     struct page *page, unsigned int offset)
{
	return rw_sync(bdev, dir, sector, count, page, NULL, 0, offset);
}

/* block_rw_pages: block_rw over a page vector; pages NULL is -EINVAL. */
int block_rw_pages(struct block_device *bdev, enum block_dir dir, u64 sector, u32 count,
		   struct page **pages, unsigned int nr_pages, unsigned int offset)
{
	if (!pages)
		return -EINVAL;
	return rw_sync(bdev, dir, sector, count, NULL, pages, nr_pages, offset);
}

/*
 * block_rw_buf: block_rw for a direct-mapped kernel buffer (kmalloc, a
 * kernel stack, static data) of count * 512 bytes, split at page
 * boundaries. Returns 0 or the first error (-EINVAL for a buffer that is
 * not lowmem or a count of 0); on an error the sectors before it have
 * been transferred. Sleeps like block_rw.
 */
int block_rw_buf(struct block_device *bdev, enum block_dir dir, u64 sector, u32 count,
		 void *buf)
{
	u8 *p = buf;

	if (!bdev)
		return -ENODEV;
	if (!count)
		return -EINVAL;
	if (!virt_addr_valid(p) || !virt_addr_valid(p + (size_t)count * SECTOR_SIZE - 1) ||
	    (unsigned long)p % SECTOR_SIZE) {
		pr_err("%s: block_rw_buf: buffer %p is not a 512-aligned lowmem address\n",
		       bdev->name, buf);
		return -EINVAL;
	}
	while (count) {
		unsigned int off = (unsigned long)p & (PAGE_SIZE - 1);
		u32 n = MIN(count, (u32)((PAGE_SIZE - off) >> SECTOR_SHIFT));
		int err = block_rw(bdev, dir, sector, n, virt_to_page(p), off);

		if (err)
			return err;
		sector += n;
		count -= n;
		p += (size_t)n << SECTOR_SHIFT;
	}
	return 0;
}

/* ---------------------------------------------------- swap headers -- */

#define SWAP_MAGIC "SWAPSPACE2"
#define SWAP_MAGIC_LEN 10
#define SWAP_HEADER_SIZE 4096
/* mkswap's version-1 header: after 1024 boot bytes, u32 version, u32 last_page. */
#define SWAP_VERSION_OFFSET 1024
#define SWAP_LAST_PAGE_OFFSET 1028

/* Read the first page of bdev into a fresh page; NULL on error or a short device. */
static u8 *read_swap_header(struct block_device *bdev)
{
	u8 *buf;

	if (!bdev || bdev->nr_sectors < SWAP_HEADER_SIZE / SECTOR_SIZE)
		return NULL;
	buf = (u8 *)__get_free_page(GFP_KERNEL);
	if (!buf)
		return NULL;
	if (block_rw_buf(bdev, BLOCK_READ, 0, SWAP_HEADER_SIZE / SECTOR_SIZE, buf) ||
	    memcmp(buf + SWAP_HEADER_SIZE - SWAP_MAGIC_LEN, SWAP_MAGIC, SWAP_MAGIC_LEN)) {
		free_page((unsigned long)buf);
		return NULL;
	}
	return buf;
}

bool block_has_swap_signature(struct block_device *bdev)
{
	u8 *buf = read_swap_header(bdev);

	if (!buf)
		return false;
	free_page((unsigned long)buf);
	return true;
}

u32 block_swap_pages(struct block_device *bdev)
{
	u8 *buf = read_swap_header(bdev);
	u32 version, last_page;

	if (!buf)
		return 0;
	memcpy(&version, buf + SWAP_VERSION_OFFSET, 4);
	memcpy(&last_page, buf + SWAP_LAST_PAGE_OFFSET, 4);
	free_page((unsigned long)buf);
	if (version != 1 || last_page == 0)
		return 0;
	return last_page + 1;
}

/* ------------------------------------------------------------ boot -- */

void block_print_devices(void)
{
	struct block_device *b;

	block_device_for_each(b) {
		pr_info("%s: %llu sectors (%llu KiB)%s, reads %lu writes %lu errors %lu\n",
			b->name, b->nr_sectors, b->nr_sectors / 2, b->read_only ? " read-only" : "",
			b->reads, b->writes, b->errors);
	}
}

/* After the drivers' initcalls: what was found, and which disks carry a swap signature. */
static int block_report(void)
{
	struct block_device *b;
	int n = 0;

	block_device_for_each(b) {
		n++;
		u32 pages;

		if (!strcmp(b->name, "ram0"))
			continue;
		pages = block_swap_pages(b);
		if (pages)
			pr_info("%s: Linux swap signature, %u pages\n", b->name, pages);
		else if (block_has_swap_signature(b))
			pr_warn("%s: swap signature with an unsupported header\n", b->name);
	}
	pr_info("block: %d device%s\n", n, n == 1 ? "" : "s");
	return 0;
}
late_initcall(block_report);
