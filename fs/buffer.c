/*
 * The buffer cache (see fs/buffer.h): metadata blocks keyed by (device,
 * block, size) in a small hash, all buffers on one LRU list ordered by last
 * release, at most max_buffers of them (scaled from RAM at boot). When the
 * cache is full, bread() evicts the least recently released unreferenced
 * buffer, writing it first if it is dirty.
 *
 * Locking: one mutex, buffer_lock, covers the hash, the LRU, every
 * b_count and the I/O of a buffer being read or written, so a buffer is
 * never read twice and never seen half read. It is a sleeping lock taken
 * inside the filesystem's metadata lock (sb->s_lock) and never the other
 * way round. Task context only.
 */
#include "fs/buffer.h"
#include "drivers/block.h"
#include "kernel/errno.h"
#include "kernel/mutex.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/mm.h"

#define BH_HASH_SIZE 256

static struct mutex buffer_lock;
static struct list_head bh_hash[BH_HASH_SIZE];
static LIST_HEAD(bh_lru);
static unsigned long max_buffers;
static struct buffer_stats bstats;
static bool buffer_ready;

void buffer_init(void)
{
	if (buffer_ready)
		return;
	mutex_init(&buffer_lock);
	for (unsigned int i = 0; i < BH_HASH_SIZE; i++)
		INIT_LIST_HEAD(&bh_hash[i]);
	max_buffers = MIN(MAX(totalram_pages / 16, 64UL), 2048UL);
	buffer_ready = true;
}

static struct list_head *bh_bucket(struct block_device *bdev, u32 block)
{
	u32 h = ((u32)(uintptr_t)bdev >> 4) ^ (block * 0x9E3779B1u);

	return &bh_hash[(h >> 24) & (BH_HASH_SIZE - 1)];
}

static struct buffer_head *bh_find(struct block_device *bdev, u32 block, unsigned int size)
{
	struct buffer_head *bh;

	list_for_each_entry(bh, bh_bucket(bdev, block), b_hash)
		if (bh->b_bdev == bdev && bh->b_blocknr == block && bh->b_size == size)
			return bh;
	return NULL;
}

static int bh_io(struct buffer_head *bh, enum block_dir dir)
{
	u32 spb = bh->b_size >> SECTOR_SHIFT;
	int err = block_rw_buf(bh->b_bdev, dir, (u64)bh->b_blocknr * spb, spb, bh->b_data);

	if (err)
		pr_err("buffer: %s of block %u (%u bytes) on %s failed: %d\n",
		       dir == BLOCK_READ ? "read" : "write", bh->b_blocknr, bh->b_size,
		       bh->b_bdev->name, err);
	return err;
}

/* Write (if dirty) and free one unreferenced buffer; buffer_lock held. */
static void bh_evict(struct buffer_head *bh)
{
	if (bh->b_dirty) {
		bh_io(bh, BLOCK_WRITE);
		bh->b_dirty = false;
		bstats.nr_dirty--;
		bstats.writes++;
	}
	list_del(&bh->b_hash);
	list_del(&bh->b_lru);
	kfree(bh->b_data);
	kfree(bh);
	bstats.nr_buffers--;
	bstats.evictions++;
}

static void bh_shrink(void)
{
	struct buffer_head *bh, *n;

	list_for_each_entry_safe(bh, n, &bh_lru, b_lru) {
		if (bstats.nr_buffers < max_buffers)
			break;
		if (!bh->b_count)
			bh_evict(bh);
	}
}

/* Find or create the buffer; buffer_lock held. NULL when memory is short. */
static struct buffer_head *bh_get(struct block_device *bdev, u32 block, unsigned int size)
{
	struct buffer_head *bh = bh_find(bdev, block, size);

	if (bh) {
		bh->b_count++;
		return bh;
	}
	if (bstats.nr_buffers >= max_buffers)
		bh_shrink();
	/*
	 * __GFP_NOFAIL: a buffer is metadata I/O, which Linux's getblk never
	 * fails for lack of memory (its callers could only report -EIO), so
	 * fault injection leaves these alone; real exhaustion still gives NULL.
	 */
	bh = kzalloc(sizeof(*bh), GFP_KERNEL | __GFP_NOFAIL);
	if (!bh)
		return NULL;
	bh->b_data = kmalloc(size, GFP_KERNEL | __GFP_NOFAIL);
	if (!bh->b_data) {
		kfree(bh);
		return NULL;
	}
	bh->b_bdev = bdev;
	bh->b_blocknr = block;
	bh->b_size = size;
	bh->b_count = 1;
	list_add(&bh->b_hash, bh_bucket(bdev, block));
	list_add_tail(&bh->b_lru, &bh_lru);
	bstats.nr_buffers++;
	return bh;
}

struct buffer_head *bread(struct block_device *bdev, u32 block, unsigned int size)
{
	struct buffer_head *bh;

	BUG_ON(!buffer_ready);
	if (((u64)block + 1) * (size >> SECTOR_SHIFT) > bdev->nr_sectors) {
		pr_err("buffer: block %u (%u bytes) is past the end of %s\n", block, size,
		       bdev->name);
		return NULL;
	}
	mutex_lock(&buffer_lock);
	bh = bh_get(bdev, block, size);
	if (bh && !bh->b_uptodate) {
		bstats.misses++;
		if (bh_io(bh, BLOCK_READ)) {
			bh->b_count--;
			if (!bh->b_count)
				bh_evict(bh);
			bh = NULL;
		} else {
			bh->b_uptodate = true;
		}
	} else if (bh) {
		bstats.hits++;
	}
	mutex_unlock(&buffer_lock);
	return bh;
}

struct buffer_head *getblk(struct block_device *bdev, u32 block, unsigned int size)
{
	struct buffer_head *bh;

	if (((u64)block + 1) * (size >> SECTOR_SHIFT) > bdev->nr_sectors)
		return NULL;
	mutex_lock(&buffer_lock);
	bh = bh_get(bdev, block, size);
	mutex_unlock(&buffer_lock);
	return bh;
}

void brelse(struct buffer_head *bh)
{
	if (!bh)
		return;
	mutex_lock(&buffer_lock);
	BUG_ON(bh->b_count <= 0);
	bh->b_count--;
	if (!bh->b_count) {
		list_move_tail(&bh->b_lru, &bh_lru);
		if (!bh->b_uptodate) /* a getblk the caller never filled */
			bh_evict(bh);
	}
	mutex_unlock(&buffer_lock);
}

void mark_buffer_dirty(struct buffer_head *bh)
{
	mutex_lock(&buffer_lock);
	bh->b_uptodate = true; /* a getblk buffer the caller has just filled */
	if (!bh->b_dirty) {
		bh->b_dirty = true;
		bstats.nr_dirty++;
	}
	mutex_unlock(&buffer_lock);
}

/* buffer_lock held. */
static int bh_write_locked(struct buffer_head *bh)
{
	int err;

	if (!bh->b_dirty)
		return 0;
	err = bh_io(bh, BLOCK_WRITE);
	bstats.writes++;
	if (!err) {
		bh->b_dirty = false;
		bstats.nr_dirty--;
	}
	return err;
}

int sync_dirty_buffer(struct buffer_head *bh)
{
	int err;

	mutex_lock(&buffer_lock);
	err = bh_write_locked(bh);
	mutex_unlock(&buffer_lock);
	return err;
}

void bforget_block(struct block_device *bdev, u32 block, unsigned int size)
{
	struct buffer_head *bh;

	mutex_lock(&buffer_lock);
	bh = bh_find(bdev, block, size);
	if (bh) {
		if (bh->b_dirty) {
			bh->b_dirty = false;
			bstats.nr_dirty--;
		}
		bh->b_uptodate = false; /* a holder re-reads it; nobody writes it back */
		if (!bh->b_count)
			bh_evict(bh);
	}
	mutex_unlock(&buffer_lock);
}

int sync_buffers(struct block_device *bdev)
{
	struct buffer_head *bh;
	int err = 0;

	if (!buffer_ready)
		return 0;
	mutex_lock(&buffer_lock);
	list_for_each_entry(bh, &bh_lru, b_lru)
		if ((!bdev || bh->b_bdev == bdev) && bh->b_dirty && bh_write_locked(bh))
			err = -EIO;
	mutex_unlock(&buffer_lock);
	return err;
}

void invalidate_buffers(struct block_device *bdev)
{
	struct buffer_head *bh, *n;

	if (!buffer_ready)
		return;
	mutex_lock(&buffer_lock);
	list_for_each_entry_safe(bh, n, &bh_lru, b_lru)
		if ((!bdev || bh->b_bdev == bdev) && !bh->b_count)
			bh_evict(bh);
	mutex_unlock(&buffer_lock);
}

void buffer_get_stats(struct buffer_stats *st)
{
	mutex_lock(&buffer_lock);
	*st = bstats;
	mutex_unlock(&buffer_lock);
}
