/*
 * Page I/O for block-mapped filesystems (fs/mpage.c): read or write one
 * page-cache page as the filesystem blocks it covers, with asynchronous
 * block requests whose completion marks the page uptodate (or PG_error)
 * and unlocks it.
 */
#ifndef FS_MPAGE_H
#define FS_MPAGE_H

#include "fs/vfs.h"

/* Map logical block iblock of inode to a disk block (0: a hole); see ext2_get_block. */
typedef int (*get_block_t)(struct inode *inode, u32 iblock, u32 *phys, bool create);

/*
 * block_read_full_page: readpage for block filesystems. The page is locked
 * and in the cache. Holes and blocks past i_size read as zeroes; the rest
 * is read with one request per run of contiguous disk blocks. Returns 0
 * (the page is unlocked when the last request completes) or an error
 * (PG_error set, page unlocked). Sleeps (block map lookups).
 */
int block_read_full_page(struct address_space *mapping, struct page *page, get_block_t get_block);
/*
 * block_write_full_page: writepage for block filesystems. The page is
 * locked and its dirty bit cleared; blocks inside i_size that have disk
 * blocks are written. Unlocks at completion; PG_error on failure.
 */
int block_write_full_page(struct address_space *mapping, struct page *page, get_block_t get_block);
/* prepare_write: allocate the disk blocks under bytes [from, to) of the page. */
int block_prepare_write(struct address_space *mapping, struct page *page, unsigned int from,
			unsigned int to, get_block_t get_block);

#endif
