/*
 * Swap I/O: moving pages between memory and their swap slots, in block
 * requests of 1..BLOCK_MAX_PAGES pages (PAGE_SIZE / 512 = 8 sectors a
 * page), and the swap counters (pswpin, pswpout, errors: per page).
 * mm/swapfile.c says where a slot lives (swap_entry_location); the block
 * layer does the transfer.
 *
 *   rw_swap_page        one page, one request (shmem without a plug,
 *                       swapoff's reads, tests)
 *   swap_readpages      the pages of consecutive slots the swap cache has
 *                       locked for read-ahead: one request per run of
 *                       slots that lie next to each other on one device
 *   swap_write_plugged  a write that joins the caller's plug, if it has one
 *
 * The plug: page_launder writes the inactive list one page at a time, and
 * pages evicted together have consecutive slots (mm/swapfile.c hands slots
 * out in clusters). A task that starts a plug (swap_plug_start: a struct
 * on its own stack, current->swap_plug points at it) has
 * swap_write_plugged collect those pages instead of writing each at once.
 * The plug submits what it holds as one request when the next page does
 * not continue the run on the same device, when it holds as many pages as
 * the device takes (max_pages, at most BLOCK_MAX_PAGES), on swap_unplug
 * and at swap_plug_finish. A page in a plug is locked with
 * its dirty bit cleared, but its write has not started (nor is it counted
 * as Writeback in meminfo until then: at most 16 pages a reclaimer), and only the
 * owner can start it: so while its plug holds pages the owner must not
 * wait for one of them nor sleep on anything else that another task,
 * itself waiting for such a page, may hold (page_launder submits the plug
 * before it waits and before a writepage other than swap's or shmem's).
 * Sleeping for a free request is safe: completions always come.
 *
 * Errors: a multi-page request that fails is redone one page per request,
 * from its completion, with the same request struct (swap_io_retry). Each
 * page so gets the outcome of its own slot: after a failed write only the
 * page whose slot failed carries PG_error (page_launder then marks that
 * slot bad and keeps the page), and a bad slot in a read-ahead run fails
 * that page only, not the faulting neighbour.
 *
 * Swap-out is how memory gets freed, so starting a write must never need
 * memory: the request structs (with room for their page vector) come from
 * a static pool of SWAP_IO_REQUESTS (32, so at most 32 * 64 KiB of swap
 * I/O is in flight), and the plug lives on its owner's stack. A caller
 * that finds the pool empty sleeps on swap_io_wait until a completion
 * returns one; completions never wait for anything (a retry reuses its
 * own struct), so the pool always refills.
 *
 * Context: rw_swap_page, swap_readpages, swap_write_plugged and the plug
 * calls are for task context (they may sleep for a request, rw_swap_page
 * with wait=true for the transfer). The completion, swap_io_done, may run
 * in the ATA interrupt handler or inside submit_request (ram0, a rejected
 * request): it only sets page flags, counts, unlocks pages, submits the
 * next page of a retry and returns the request. Each page stays locked,
 * and so owned by the I/O, from the call until its own transfer ends.
 *
 * Locking: swap_io_lock (a spinlock, innermost) guards the free list and
 * the counters; it is never held across submit_request, whose end_io may
 * run at once and take it. A retry runs with interrupts off (see
 * swap_io_retry), so its loop and the completions it starts cannot
 * interleave.
 */
#include "mm/swap.h"
#include "mm/vmstat.h"
#include "mm/mm.h"
#include "mm/pagemap.h"
#include "drivers/block.h"
#include "kernel/errno.h"
#include "kernel/list.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"
#include "kernel/wait.h"

#define SECTORS_PER_PAGE (PAGE_SIZE / SECTOR_SIZE)
#define NO_RETRY (-1)

struct swap_io {
	struct block_request rq;
	struct block_device *bdev;
	enum block_dir dir;
	u64 sector;                          /* pages[0]'s first sector */
	struct page *pages[BLOCK_MAX_PAGES]; /* consecutive slots, in order */
	unsigned int nr;
	int retry;                /* NO_RETRY, or the page being redone alone */
	bool submitting;          /* swap_io_retry is inside submit_request */
	bool done_inline;         /* ... and the retried page completed there */
	struct list_head free;    /* on swap_io_free while unused */
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

static void swap_io_done(struct block_request *rq);

/* Fill io->rq to move pages [first, first + n) of io. */
static void swap_io_setup(struct swap_io *io, unsigned int first, unsigned int n)
{
	io->rq = (struct block_request){
		.bdev = io->bdev,
		.dir = io->dir,
		.sector = io->sector + (u64)first * SECTORS_PER_PAGE,
		.count = n * SECTORS_PER_PAGE,
		.page = io->pages[first],
		.offset = 0,
		.pages = n > 1 ? &io->pages[first] : NULL,
		.nr_pages = n > 1 ? n : 0,
		.end_io = swap_io_done,
	};
	INIT_LIST_HEAD(&io->rq.queue);
}

/* One page's outcome: its flags and the error counts. The caller unlocks it. */
static void swap_page_done(struct swap_io *io, struct page *page, bool failed)
{
	if (io->dir == BLOCK_READ) {
		set_page_flag(page, failed ? PG_error : PG_uptodate);
	} else {
		pagecache_writeback_end();
		if (failed)
			set_page_flag(page, PG_error);
	}
	if (failed) {
		spin_lock(&swap_io_lock);
		if (io->dir == BLOCK_READ)
			stats.read_errors++;
		else
			stats.write_errors++;
		spin_unlock(&swap_io_lock);
	}
}

/*
 * Redo io's pages from io->retry on, one page per request, until one
 * has to wait for the device (its completion calls this again) or all are
 * done (the request goes back to the pool). Interrupts stay off
 * throughout, so a completion the device signals cannot run between the
 * submit and the check of done_inline; a completion inside submit_request
 * (ram0, an injected or rejected failure) only records its page and sets
 * done_inline, and the loop goes on: no recursion, whatever the device.
 */
static void swap_io_retry(struct swap_io *io)
{
	unsigned long flags = arch_irq_save();

	while (io->retry < (int)io->nr) {
		swap_io_setup(io, (unsigned int)io->retry, 1);
		io->submitting = true;
		io->done_inline = false;
		spin_lock(&swap_io_lock);
		stats.requests++;
		spin_unlock(&swap_io_lock);
		submit_request(&io->rq);
		io->submitting = false;
		if (!io->done_inline) {
			arch_irq_restore(flags);
			return;
		}
	}
	arch_irq_restore(flags);
	io->retry = NO_RETRY;
	put_swap_io(io);
}

/* A page redone alone has its outcome: record it, then the next one. */
static void swap_retry_done(struct swap_io *io)
{
	struct page *page = io->pages[io->retry];

	swap_page_done(io, page, io->rq.error != 0);
	io->retry++;
	unlock_page(page);
	if (io->submitting)
		io->done_inline = true; /* swap_io_retry's loop goes on */
	else
		swap_io_retry(io);
}

/* end_io: maybe in an interrupt. Set the outcome, unlock, give the request back. */
static void swap_io_done(struct block_request *rq)
{
	struct swap_io *io = container_of(rq, struct swap_io, rq);
	struct page *pages[BLOCK_MAX_PAGES];
	unsigned int i, nr = io->nr;
	bool failed = rq->error != 0;

	if (io->retry != NO_RETRY) {
		swap_retry_done(io);
		return;
	}
	if (failed && nr > 1) {
		/* Which slot failed? Each page's own request will say. */
		spin_lock(&swap_io_lock);
		stats.retried++;
		spin_unlock(&swap_io_lock);
		io->retry = 0;
		swap_io_retry(io);
		return;
	}
	for (i = 0; i < nr; i++) {
		pages[i] = io->pages[i];
		swap_page_done(io, pages[i], failed);
	}
	put_swap_io(io); /* io may be reused from here on: only the copy is used */
	for (i = 0; i < nr; i++)
		unlock_page(pages[i]);
}

/*
 * Start one request for nr locked pages whose slots lie one after the
 * other from `sector` on bdev (nr within the device's max_pages). Counts
 * each page. Sleeps for a free request.
 */
static void swap_io_submit(struct block_device *bdev, enum block_dir dir, u64 sector,
			   struct page **pages, unsigned int nr)
{
	struct swap_io *io = get_swap_io();
	unsigned int i;

	io->bdev = bdev;
	io->dir = dir;
	io->sector = sector;
	io->nr = nr;
	io->retry = NO_RETRY;
	io->submitting = false;
	for (i = 0; i < nr; i++)
		io->pages[i] = pages[i];
	swap_io_setup(io, 0, nr);
	spin_lock(&swap_io_lock);
	stats.requests++;
	if (dir == BLOCK_READ)
		stats.pswpin += nr;
	else
		stats.pswpout += nr;
	spin_unlock(&swap_io_lock);
	count_vm_events(dir == BLOCK_READ ? PSWPIN : PSWPOUT, nr); /* /proc/vmstat's names */
	if (dir == BLOCK_WRITE)
		for (i = 0; i < nr; i++)
			pagecache_writeback_start(); /* meminfo's Writeback until swap_page_done */
	submit_request(&io->rq);
}

/* The most pages one request to bdev may carry. */
static unsigned int device_max_pages(const struct block_device *bdev)
{
	if (bdev->max_pages <= 1)
		return 1;
	return bdev->max_pages < BLOCK_MAX_PAGES ? bdev->max_pages : BLOCK_MAX_PAGES;
}

/* Where entry's data lives; on failure the locked page gets PG_error and is unlocked. */
static int locate_or_fail(swp_entry_t entry, struct page *page, struct block_device **bdev,
			  u64 *sector)
{
	BUG_ON(!PageLocked(page));
	clear_page_flag(page, PG_error);
	if (!swap_entry_location(entry, bdev, sector))
		return 0;
	set_page_flag(page, PG_error);
	unlock_page(page);
	return -EINVAL;
}

int rw_swap_page(enum block_dir dir, swp_entry_t entry, struct page *page, bool wait)
{
	struct block_device *bdev;
	u64 sector;

	if (locate_or_fail(entry, page, &bdev, &sector))
		return -EINVAL;
	swap_io_submit(bdev, dir, sector, &page, 1);
	if (!wait)
		return 0;
	wait_on_page(page);
	return test_page_flag(page, PG_error) ? -EIO : 0;
}

/* ---------------------------------------------------- read-ahead -- */

/* Submit what plug holds as one request. */
static void plug_flush(struct swap_plug *plug)
{
	unsigned int nr = plug->nr;

	if (!nr)
		return;
	plug->nr = 0;   /* empty before the submit sleeps: nothing is submitted twice */
	swap_io_submit(plug->bdev, plug->dir, plug->sector, plug->pages, nr);
}

/*
 * The page (locked, its slot at sector of bdev) joins plug's run: a page
 * that does not continue the run submits it first, and a run as long as
 * the device takes is submitted at once.
 */
static void plug_add(struct swap_plug *plug, struct block_device *bdev, u64 sector,
		     struct page *page)
{
	if (plug->nr && (bdev != plug->bdev ||
			 sector != plug->sector + (u64)plug->nr * SECTORS_PER_PAGE))
		plug_flush(plug); /* the run ends here */
	if (!plug->nr) {
		plug->bdev = bdev;
		plug->sector = sector;
	}
	plug->pages[plug->nr++] = page;
	if (plug->nr >= device_max_pages(bdev))
		plug_flush(plug);
}

/* ---------------------------------------------------- read-ahead -- */

void swap_readpages(swp_entry_t first, struct page **pages, unsigned int n)
{
	struct swap_plug run = { .dir = BLOCK_READ, .nr = 0 };

	for (unsigned int i = 0; i < n; i++) {
		swp_entry_t e = swp_entry(swp_type(first), swp_offset(first) + i);
		struct block_device *bdev;
		u64 sector;

		/* No page, or no place on disk: the next slot's sector does not follow, the run ends. */
		if (pages[i] && !locate_or_fail(e, pages[i], &bdev, &sector))
			plug_add(&run, bdev, sector, pages[i]);
	}
	plug_flush(&run);
}

/* ------------------------------------------------- the write plug -- */

void swap_plug_start(struct swap_plug *plug)
{
	plug->dir = BLOCK_WRITE;
	plug->nr = 0;
	plug->bdev = NULL;
	plug->sector = 0;
	plug->owner = current && !current->swap_plug;
	if (plug->owner)
		current->swap_plug = plug;
}

void swap_unplug(void)
{
	if (current && current->swap_plug)
		plug_flush(current->swap_plug);
}

void swap_plug_finish(struct swap_plug *plug)
{
	if (!plug->owner)
		return;
	plug_flush(plug);
	current->swap_plug = NULL;
}

int swap_write_plugged(swp_entry_t entry, struct page *page)
{
	struct swap_plug *plug = current ? current->swap_plug : NULL;
	struct block_device *bdev;
	u64 sector;

	if (!plug)
		return rw_swap_page(BLOCK_WRITE, entry, page, false);
	if (locate_or_fail(entry, page, &bdev, &sector))
		return -EINVAL;
	plug_add(plug, bdev, sector, page);
	return 0;
}

void swap_stats(struct swap_stats *out)
{
	spin_lock(&swap_io_lock);
	*out = stats;
	spin_unlock(&swap_io_lock);
}
