/*
 * Swap I/O: moving one page between memory and its swap slot, one block
 * request of PAGE_SIZE / 512 = 8 sectors per page, and the swap counters
 * (pswpin, pswpout, errors). mm/swapfile.c says where a slot lives
 * (swap_entry_location); the block layer does the transfer.
 *
 * Swap-out is how memory gets freed, so starting a write must never need
 * memory: the request structs come from a static pool of SWAP_IO_REQUESTS
 * (32, so at most 128 KiB of swap I/O is in flight). A caller that finds
 * the pool empty sleeps on swap_io_wait until a completion returns one;
 * completions never wait for anything, so the pool always refills.
 *
 * Context: rw_swap_page is for task context (it may sleep for a request,
 * and with wait=true for the transfer). The completion, swap_io_done,
 * may run in the ATA interrupt handler or inside submit_request (ram0, a
 * rejected request): it only sets page flags, counts, unlocks the page
 * and returns the request. The page stays locked, and so owned by the
 * I/O, from the call until that completion.
 *
 * Locking: swap_io_lock (a spinlock, innermost) guards the free list and
 * the counters; it is never held across submit_request, whose end_io may
 * run at once and take it.
 */
#include "mm/swap.h"
#include "mm/vmstat.h"
#include "mm/mm.h"
#include "mm/pagemap.h"
#include "drivers/block.h"
#include "kernel/errno.h"
#include "kernel/list.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "kernel/wait.h"

struct swap_io {
	struct block_request rq;
	struct list_head free;   /* on swap_io_free while unused */
};

static struct swap_io swap_io_pool[SWAP_IO_REQUESTS];
static LIST_HEAD(swap_io_free);
static bool swap_io_ready;
static DEFINE_SPINLOCK(swap_io_lock);
static DECLARE_WAIT_QUEUE_HEAD(swap_io_wait);
static struct swap_stats stats;
static unsigned long swap_io_completions;   /* requests ever completed */

/* A free request, or NULL. Sets the pool up on first use. */
static struct swap_io *try_get_swap_io(void)
{
	struct swap_io *io = NULL;
	int i;

	spin_lock(&swap_io_lock);
	if (!swap_io_ready) {
		for (i = 0; i < SWAP_IO_REQUESTS; i++)
			list_add_tail(&swap_io_pool[i].free, &swap_io_free);
		swap_io_ready = true;
	}
	if (!list_empty(&swap_io_free)) {
		io = list_first_entry(&swap_io_free, struct swap_io, free);
		list_del_init(&io->free);
		stats.in_flight++;
		if (stats.in_flight > stats.max_in_flight)
			stats.max_in_flight = stats.in_flight;
	}
	spin_unlock(&swap_io_lock);
	return io;
}

/* Sleep until a request is free (never fails). */
static struct swap_io *get_swap_io(void)
{
	struct swap_io *io = try_get_swap_io();

	if (io)
		return io;
	spin_lock(&swap_io_lock);
	stats.request_waits++;
	spin_unlock(&swap_io_lock);
	for (;;) {
		wait_event(swap_io_wait, !list_empty(&swap_io_free));
		io = try_get_swap_io();
		if (io)
			return io;
	}
}

static void put_swap_io(struct swap_io *io)
{
	spin_lock(&swap_io_lock);
	list_add(&io->free, &swap_io_free);
	stats.in_flight--;
	swap_io_completions++;
	spin_unlock(&swap_io_lock);
	wake_up(&swap_io_wait);
}

bool swap_io_wait_one(void)
{
	unsigned long seen;

	spin_lock(&swap_io_lock);
	seen = swap_io_completions;
	if (!stats.in_flight) {
		spin_unlock(&swap_io_lock);
		return false;
	}
	spin_unlock(&swap_io_lock);
	wait_event(swap_io_wait, READ_ONCE(swap_io_completions) != seen);
	return true;
}

/* end_io: maybe in an interrupt. Set the outcome, unlock, give the request back. */
static void swap_io_done(struct block_request *rq)
{
	struct swap_io *io = container_of(rq, struct swap_io, rq);
	struct page *page = rq->page;
	bool failed = rq->error != 0;

	if (rq->dir == BLOCK_READ) {
		set_page_flag(page, failed ? PG_error : PG_uptodate);
	} else {
		pagecache_writeback_end();
		if (failed)
			set_page_flag(page, PG_error);
	}
	if (failed) {
		spin_lock(&swap_io_lock);
		if (rq->dir == BLOCK_READ)
			stats.read_errors++;
		else
			stats.write_errors++;
		spin_unlock(&swap_io_lock);
	}
	put_swap_io(io);
	unlock_page(page);
}

int rw_swap_page(enum block_dir dir, swp_entry_t entry, struct page *page, bool wait)
{
	struct block_device *bdev;
	struct swap_io *io;
	u64 sector;

	BUG_ON(!PageLocked(page));
	clear_page_flag(page, PG_error);
	if (swap_entry_location(entry, &bdev, &sector)) {
		set_page_flag(page, PG_error);
		unlock_page(page);
		return -EINVAL;
	}
	io = get_swap_io();
	io->rq = (struct block_request){
		.bdev = bdev,
		.dir = dir,
		.sector = sector,
		.count = PAGE_SIZE / SECTOR_SIZE,
		.page = page,
		.offset = 0,
		.end_io = swap_io_done,
	};
	INIT_LIST_HEAD(&io->rq.queue);
	spin_lock(&swap_io_lock);
	if (dir == BLOCK_READ)
		stats.pswpin++;
	else
		stats.pswpout++;
	spin_unlock(&swap_io_lock);
	count_vm_event(dir == BLOCK_READ ? PSWPIN : PSWPOUT); /* /proc/vmstat's names */
	if (dir == BLOCK_WRITE)
		pagecache_writeback_start(); /* meminfo's Writeback until swap_io_done */
	submit_request(&io->rq);
	if (!wait)
		return 0;
	wait_on_page(page);
	return test_page_flag(page, PG_error) ? -EIO : 0;
}

void swap_stats(struct swap_stats *out)
{
	spin_lock(&swap_io_lock);
	*out = stats;
	spin_unlock(&swap_io_lock);
}
