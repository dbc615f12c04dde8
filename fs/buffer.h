/*
 * The buffer cache: filesystem metadata blocks (superblock, group
 * descriptors, bitmaps, inode tables, indirect blocks, directory blocks)
 * cached by (device, block number, size). File data does not go through it:
 * it lives in the page cache (mm/pagemap.h). fs/buffer.c owns it.
 *
 * A buffer returned by bread() is referenced and its data uptodate; the
 * caller modifies b_data only while holding the filesystem's metadata lock
 * (sb->s_lock), calls mark_buffer_dirty() after a change, and brelse()
 * when done. Dirty buffers reach the disk at sync_buffers() or when the
 * cache evicts them.
 */
#ifndef FS_BUFFER_H
#define FS_BUFFER_H

#include "kernel/types.h"
#include "kernel/list.h"

struct block_device;

struct buffer_head {
	struct block_device *b_bdev;
	u32 b_blocknr;          /* in units of b_size */
	unsigned int b_size;    /* 1024, 2048 or 4096 */
	void *b_data;           /* kmalloc'd, b_size bytes */
	int b_count;            /* references */
	bool b_uptodate;
	bool b_dirty;
	struct list_head b_hash; /* hash chain */
	struct list_head b_lru;  /* all buffers, least recently released first */
};

/* Counters for tests and meminfo. */
struct buffer_stats {
	unsigned long nr_buffers, nr_dirty, hits, misses, writes, evictions;
};

void buffer_init(void);
/*
 * bread: block `block` (of `size` bytes) of bdev, read if not cached,
 * referenced. NULL on an I/O error (printed) or when memory is short.
 * Sleeps.
 */
struct buffer_head *bread(struct block_device *bdev, u32 block, unsigned int size);
/*
 * getblk: as bread but does not read: for a block about to be overwritten
 * entirely (the caller fills b_data, then calls mark_buffer_dirty, which
 * also makes it uptodate).
 */
struct buffer_head *getblk(struct block_device *bdev, u32 block, unsigned int size);
void brelse(struct buffer_head *bh);
void mark_buffer_dirty(struct buffer_head *bh);
/* Write a dirty buffer now; 0 or -EIO. */
int sync_dirty_buffer(struct buffer_head *bh);
/*
 * bforget: the block was freed: drop its buffer (dirty or not) from the
 * cache so that stale metadata is never written over the block's next use.
 */
void bforget_block(struct block_device *bdev, u32 block, unsigned int size);
/* Write every dirty buffer of bdev (NULL: all); 0 or -EIO. */
int sync_buffers(struct block_device *bdev);
/* Drop every unreferenced buffer of bdev after writing it; for unmount and tests. */
void invalidate_buffers(struct block_device *bdev);
void buffer_get_stats(struct buffer_stats *st);

#endif
