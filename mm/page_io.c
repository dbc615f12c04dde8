/*
 * Moving a page to and from its swap slot. LEAD'S INTERIM VERSION: the swap
 * helper's mm/page_io.c replaces this at merge (same interface, mm/swap.h).
 *
 * Requests come from a fixed pool, so swap-out works when memory is
 * exhausted; a writer finding the pool empty sleeps for a free entry.
 */
#include "mm/swap.h"
#include "mm/pagemap.h"
#include "mm/vmstat.h"
#include "kernel/errno.h"
#include "kernel/spinlock.h"
#include "kernel/wait.h"

#define SWAP_IO_POOL 32

struct swap_io {
	struct block_request rq;
	bool busy;
	struct completion *done;
};

static struct swap_io pool[SWAP_IO_POOL];
static DEFINE_SPINLOCK(pool_lock);
static DECLARE_WAIT_QUEUE_HEAD(pool_wait);

static struct swap_io *io_get(void)
{
	struct swap_io *io = NULL;

	spin_lock(&pool_lock);
	for (unsigned int i = 0; i < SWAP_IO_POOL && !io; i++)
		if (!pool[i].busy) {
			pool[i].busy = true;
			io = &pool[i];
		}
	spin_unlock(&pool_lock);
	return io;
}

static void swap_end_io(struct block_request *rq)
{
	struct swap_io *io = rq->private;
	struct page *page = rq->page;

	if (rq->dir == BLOCK_READ) {
		if (rq->error)
			set_page_flag(page, PG_error);
		else
			set_page_flag(page, PG_uptodate);
	} else if (rq->error) {
		set_page_flag(page, PG_error);
	}
	struct completion *done = io->done;

	unlock_page(page);
	io->busy = false;
	wake_up(&pool_wait);
	if (done)
		complete(done);
}

int rw_swap_page(enum block_dir dir, swp_entry_t entry, struct page *page, bool wait)
{
	struct block_device *bdev;
	struct swap_io *io;
	u64 sector;
	struct completion done;

	if (swap_entry_location(entry, &bdev, &sector)) {
		set_page_flag(page, PG_error);
		unlock_page(page);
		return -EINVAL;
	}
	wait_event(pool_wait, (io = io_get()) != NULL);
	io->rq = (struct block_request){
		.bdev = bdev, .dir = dir, .sector = sector, .count = PAGE_SIZE / SECTOR_SIZE,
		.page = page, .offset = 0, .end_io = swap_end_io, .private = io,
	};
	init_completion(&done);
	io->done = wait ? &done : NULL;
	count_vm_event(dir == BLOCK_READ ? PSWPIN : PSWPOUT);
	submit_request(&io->rq);
	if (wait)
		wait_for_completion(&done);
	return 0;
}
