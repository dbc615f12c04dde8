/*
 * Page-sized I/O for block-mapped filesystems: a page-cache page covers
 * PAGE_SIZE / blocksize filesystem blocks; this file maps them through the
 * filesystem's get_block, merges runs of contiguous disk blocks into one
 * block request each, submits them asynchronously and finishes the page
 * when the last one completes: PG_uptodate (reads) or nothing (writes), or
 * PG_error if any request failed, then unlock_page, which wakes readers
 * sleeping in wait_on_page.
 *
 * Context: the submit side runs in task context with the page locked and
 * may sleep (get_block reads indirect blocks). The completion side
 * (page_io_end) may run in an interrupt handler: it only does atomic
 * counting, flag changes, unlock_page and kfree, never sleeps.
 */
#include "fs/mpage.h"
#include "drivers/block.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "mm/mm.h"
#include "mm/debug.h"

#define MAX_BLOCKS_PER_PAGE (PAGE_SIZE / 1024)

struct page_io {
	struct page *page;
	int pending;       /* requests in flight, plus one while submitting */
	int error;
	bool write;
	unsigned int nr;
	struct block_request rq[MAX_BLOCKS_PER_PAGE];
};

static void page_io_put(struct page_io *io)
{
	struct page *page = io->page;

	if (__atomic_sub_fetch(&io->pending, 1, __ATOMIC_SEQ_CST))
		return;
	if (io->error) {
		set_page_flag(page, PG_error);
		/*
		 * A write the disk refused: the data is only here, so the page
		 * stays dirty and is written again later (fsync reports -EIO
		 * through PG_error). set_page_dirty may run here at interrupt
		 * level: its lock is a spinlock, interrupts off.
		 */
		if (io->write)
			set_page_dirty(page);
	} else if (!io->write)
		set_page_flag(page, PG_uptodate);
	if (io->write && io->nr)
		pagecache_writeback_end();
	kfree(io);
	unlock_page(page);
}

static void page_io_end(struct block_request *rq)
{
	struct page_io *io = rq->private;

	if (rq->error)
		io->error = rq->error;
	page_io_put(io);
}

/* Queue the block at page offset `off` (disk block phys); merge with the last request. */
static void page_io_add(struct page_io *io, struct block_device *bdev, u32 phys,
			unsigned int off, unsigned int bs)
{
	u32 spb = bs >> SECTOR_SHIFT;
	struct block_request *last = io->nr ? &io->rq[io->nr - 1] : NULL;

	if (last && last->sector + last->count == (u64)phys * spb &&
	    last->offset + last->count * SECTOR_SIZE == off) {
		last->count += spb;
		return;
	}
	last = &io->rq[io->nr++];
	memset(last, 0, sizeof(*last));
	last->bdev = bdev;
	last->dir = io->write ? BLOCK_WRITE : BLOCK_READ;
	last->sector = (u64)phys * spb;
	last->count = spb;
	last->page = io->page;
	last->offset = off;
	last->end_io = page_io_end;
	last->private = io;
}

static int page_io_run(struct address_space *mapping, struct page *page,
		       get_block_t get_block, bool write)
{
	struct inode *inode = mapping->host;
	struct super_block *sb = inode->i_sb;
	unsigned int bs = sb->s_blocksize, bpp = PAGE_SIZE / bs;
	u32 first = (u32)(page->index * bpp);
	u64 nblocks = ((u64)inode->i_size + bs - 1) / bs;
	/* Linux's bios come from a mempool and never fail: __GFP_NOFAIL, as buffers. */
	struct page_io *io = kzalloc(sizeof(*io), GFP_KERNEL | __GFP_NOFAIL);
	char *k = NULL;
	int err = 0;

	VM_BUG_ON_PAGE(!PageLocked(page), page);
	if (!io) {
		set_page_flag(page, PG_error);
		if (write)
			set_page_dirty(page); /* nothing was written: keep the data dirty */
		unlock_page(page);
		return -ENOMEM;
	}
	io->page = page;
	io->write = write;
	io->pending = 1;
	for (unsigned int i = 0; i < bpp; i++) {
		u32 phys = 0;

		if (first + i < nblocks) {
			err = get_block(inode, first + i, &phys, false);
			if (err)
				break;
		}
		if (phys) {
			page_io_add(io, sb->s_bdev, phys, i * bs, bs);
		} else if (!write) {
			if (!k)
				k = kmap(page);
			memset(k + i * bs, 0, bs); /* a hole or past the end of the file */
		}
	}
	if (k)
		kunmap(page);
	if (err) {
		io->error = err;
		io->nr = 0;
		if (write)
			set_page_dirty(page); /* nothing was written: keep the data dirty */
	}
	io->pending += io->nr;
	if (write && io->nr)
		pagecache_writeback_start(); /* meminfo's Writeback until page_io_put ends it */
	for (unsigned int i = 0, n = io->nr; i < n; i++)
		submit_request(&io->rq[i]);
	page_io_put(io); /* the submitter's count: may finish the page now */
	return err;
}

int block_read_full_page(struct address_space *mapping, struct page *page, get_block_t get_block)
{
	return page_io_run(mapping, page, get_block, false);
}

int block_write_full_page(struct address_space *mapping, struct page *page, get_block_t get_block)
{
	return page_io_run(mapping, page, get_block, true);
}

int block_prepare_write(struct address_space *mapping, struct page *page, unsigned int from,
			unsigned int to, get_block_t get_block)
{
	struct inode *inode = mapping->host;
	unsigned int bs = inode->i_sb->s_blocksize;
	u32 first = (u32)(page->index * (PAGE_SIZE / bs));

	for (unsigned int off = from & ~(bs - 1); off < to; off += bs) {
		u32 phys;
		int err = get_block(inode, first + off / bs, &phys, true);

		if (err)
			return err;
	}
	return 0;
}
