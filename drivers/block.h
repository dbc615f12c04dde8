/*
 * The block layer's interface: block devices (ram0, hda..hdd) and the
 * asynchronous requests that move sectors between a device and memory.
 * drivers/block.c owns the device registry and request submission;
 * drivers/ramdisk.c and drivers/ata.c implement devices.
 *
 * A request covers `count` 512-byte sectors starting at `sector`, moving
 * them to or from one run of memory: `page` at byte `offset`, `count * 512`
 * bytes, not crossing the end of the page (a page may be HIGHMEM; drivers
 * kmap it). A request may instead span several pages (up to
 * BLOCK_MAX_PAGES, on a device whose max_pages allows it): `pages` lists
 * them, the data starts at `offset` in pages[0] and runs on through the
 * following pages in order, ending in pages[nr_pages - 1]; the pages need
 * not be contiguous in memory (block_rq_sector_page finds sector i's
 * page). submit_request() turns a one-page vector into page/offset, so
 * a driver without max_pages only ever sees page. submit_request() checks the request against the device
 * (beyond the end, empty, misaligned, crossing a page, writing a read-only
 * device: the request fails with -EINVAL/-EIO/-EROFS through end_io, memory
 * untouched) and queues it; when the transfer is done, the driver sets
 * `error` (0 or a negative errno) and calls end_io, possibly from an
 * interrupt handler, so end_io must not sleep. block_rw() is the
 * synchronous convenience for callers that can sleep.
 *
 * end_io may also run before submit_request() returns, in the submitter's
 * own context: ram0 completes every request synchronously, and a rejected
 * request always completes at once. A submitter must therefore not hold,
 * across submit_request(), a lock that its end_io takes.
 *
 * docs/block.md describes the design; drivers/ata.h has the ATA driver's
 * statistics and test hooks.
 */
#ifndef DRIVERS_BLOCK_H
#define DRIVERS_BLOCK_H

#include "kernel/types.h"
#include "kernel/list.h"

#define SECTOR_SIZE 512
#define SECTOR_SHIFT 9
/* The most pages one request may span (64 KiB). */
#define BLOCK_MAX_PAGES 16

enum block_dir { BLOCK_READ, BLOCK_WRITE };

struct page;
struct block_device;
struct block_request;

struct block_ops {
	/* Start the transfer; complete it later with block_request_done(). */
	void (*submit)(struct block_device *bdev, struct block_request *rq);
	/*
	 * Optional: make progress on pending requests without interrupts.
	 * The synchronous helpers call it in a loop when they run with
	 * interrupts off (at boot, before arch_start_interrupts), instead of
	 * sleeping. NULL for drivers that complete in submit.
	 */
	void (*poll)(struct block_device *bdev);
};

struct block_device {
	char name[8];             /* "ram0", "hda" */
	u64 nr_sectors;
	bool read_only;
	const struct block_ops *ops;
	void *driver_data;
	struct list_head list;    /* the registry */
	unsigned long reads, writes, errors; /* completed requests, for tests and meminfo */
	/* Added by drivers/block.c (owner of every counter, updated in block_request_done): */
	unsigned long sectors_read, sectors_written;
	unsigned long rejected;   /* failed submit_request's checks (also counted in errors) */
	unsigned int in_flight;   /* submitted, end_io not yet called */
	/* Set by the driver: the most pages a request may span (0 or 1: one page only). */
	unsigned int max_pages;
};

struct block_request {
	struct block_device *bdev;
	enum block_dir dir;
	u64 sector;
	u32 count;                /* sectors */
	struct page *page;
	unsigned int offset;      /* byte offset in page (in pages[0] with a vector) */
	struct page **pages;      /* NULL, or nr_pages pages the data runs through */
	unsigned int nr_pages;
	int error;
	void (*end_io)(struct block_request *rq);
	void *private;            /* for the submitter */
	struct list_head queue;   /* the driver's queue while pending */
};

int register_block_device(struct block_device *bdev);
struct block_device *block_device_find(const char *name);
/* Validate and start a request; the outcome always arrives through end_io. */
void submit_request(struct block_request *rq);
/* Drivers: record the outcome and call end_io. */
void block_request_done(struct block_request *rq, int error);
/* Synchronous: move count sectors to/from page+offset; sleeps; returns 0 or -errno. */
int block_rw(struct block_device *bdev, enum block_dir dir, u64 sector, u32 count,
	     struct page *page, unsigned int offset);
/* block_rw over a page vector (see struct block_request); nr_pages <= BLOCK_MAX_PAGES. */
int block_rw_pages(struct block_device *bdev, enum block_dir dir, u64 sector, u32 count,
		   struct page **pages, unsigned int nr_pages, unsigned int offset);
/* Drivers: the page holding sector i of rq, and sector i's byte offset in it. Any context. */
struct page *block_rq_sector_page(const struct block_request *rq, u32 i, unsigned int *off);
/* Synchronous into a kernel (lowmem) buffer of any length that is a multiple of 512. */
int block_rw_buf(struct block_device *bdev, enum block_dir dir, u64 sector, u32 count,
		 void *buf);

/* ---- additions (drivers/block.c) ---- */
/*
 * Iterate over the registry in registration order: block_device_next(NULL)
 * is the first device, NULL follows the last. Devices are never
 * unregistered, so the pointers stay valid. Any context.
 */
struct block_device *block_device_next(struct block_device *prev);
/*
 * Test hook: from now on, requests of `dir` to bdev that touch sectors
 * [start, end) fail with -EIO through end_io, data untouched. bdev NULL
 * turns it off. block_fail_injected counts the requests failed so.
 */
void block_fail_inject(struct block_device *bdev, enum block_dir dir, u64 start, u64 end);
unsigned long block_fail_injected(void);
/*
 * With it: only `percent` of those requests fail (100, the default, all),
 * chosen by a generator restarted from `seed`, so a run repeats exactly.
 */
void block_fail_inject_rate(unsigned int percent, u32 seed);
/*
 * With it on: the matching requests go to the driver as usual and fail
 * when they complete (block_request_done, in the driver's interrupt for
 * ATA), as a device error would, instead of at submit_request.
 */
void block_fail_inject_at_completion(bool on);
#define block_device_for_each(bdev) \
	for (bdev = block_device_next(NULL); bdev; bdev = block_device_next(bdev))
/*
 * True if the device's first 4 KiB page ends with the Linux swap signature
 * "SWAPSPACE2" (mkswap's header, version 1). Reads the device: sleeps (or
 * polls, with interrupts off). A device smaller than a page, or a read
 * error, gives false.
 */
bool block_has_swap_signature(struct block_device *bdev);
/*
 * The number of pages the swap header declares (its last_page + 1), or 0
 * without a valid swap header. Reads the device like the function above.
 */
u32 block_swap_pages(struct block_device *bdev);
/* Print one line per device with its size and counters (KERN_INFO). */
void block_print_devices(void);
/*
 * Boot: register ram0 (drivers/ramdisk.c), probe the ATA channels
 * (drivers/ata.c) and note the disks that carry a swap signature. Called
 * once by kernel_main after mm_init, sched_init and time_init; interrupts
 * may still be off (probing polls).
 */

#endif
