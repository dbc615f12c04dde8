/*
 * The generic file read and write paths through the page cache, and
 * read_cache_page for callers that want one uptodate page (the mmap fault
 * path later). Filesystems plug in through their address_space_operations.
 *
 * Reads: look the page up; if missing start its read (page_cache_read);
 * if locked sleep until the read completes; a page that is not uptodate
 * after its read failed (PG_error): it is dropped from the cache when
 * nobody else holds it, so the next attempt reads again, and the caller
 * gets -EIO. Hits and misses are counted per page looked up by a read.
 *
 * Writes: the caller holds the inode's i_mutex, which keeps i_size and
 * truncation still. Each page is found or created locked; a partial write
 * into a page that has data on disk first reads it; prepare_write gives the
 * bytes backing store; then the bytes are copied, the page marked dirty and
 * uptodate, i_size extended. Writeback happens later (sync, fsync, and
 * page_launder once it exists).
 *
 * Context: task context, sleeps. Buffers are kernel addresses; the system
 * call layer will pass user buffers once processes exist (copy_to_user).
 */
#include "mm/pagemap.h"
#include "mm/lru.h"
#include "mm/mm.h"
#include "mm/debug.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/string.h"

/* A page whose read failed: take it out of the cache if we are its only user. */
static void drop_failed_page(struct page *page)
{
	lock_page(page);
	if (page->mapping && !PageUptodate(page) && page_count(page) == 2)
		remove_from_page_cache(page);
	unlock_page(page);
}

/* Wait for a page's read; 0 if uptodate, -EIO after a read error. */
static int wait_page_uptodate(struct page *page)
{
	if (!PageUptodate(page))
		wait_on_page(page);
	if (PageUptodate(page))
		return 0;
	pagecache_event(PC_READ_ERROR, 1);
	drop_failed_page(page);
	return -EIO;
}

struct page *read_cache_page(struct address_space *mapping, unsigned long index)
{
	struct page *page;
	int err;

	for (;;) {
		page = find_get_page(mapping, index);
		if (page)
			break;
		err = page_cache_read(mapping, index);
		if (err == -ENOMEM)
			return ERR_PTR(err);
	}
	err = wait_page_uptodate(page);
	if (err) {
		put_page(page);
		return ERR_PTR(err);
	}
	return page;
}

ssize_t generic_file_read(struct file *file, void *buf, size_t count, loff_t *ppos)
{
	struct inode *inode = file->f_inode;
	struct address_space *mapping = inode->i_mapping;
	loff_t pos = *ppos;
	size_t done = 0;
	int err = 0;

	while (done < count) {
		loff_t isize = READ_ONCE(inode->i_size);
		unsigned long index = (unsigned long)(pos >> PAGE_SHIFT);
		unsigned int offset = (unsigned int)(pos & (PAGE_SIZE - 1));
		size_t nr;
		struct page *page;
		char *k;

		if (pos >= isize)
			break;
		nr = MIN((size_t)(PAGE_SIZE - offset), count - done);
		if ((loff_t)nr > isize - pos)
			nr = (size_t)(isize - pos);
		page = find_get_page(mapping, index);
		pagecache_event(page ? PC_HIT : PC_MISS, 1);
		if (!page) {
			/* A readpage error shows as PG_error below; only -ENOMEM stops us here. */
			err = page_cache_read(mapping, index);
			if (err == -ENOMEM)
				break;
		}
		page_cache_readahead(mapping, &file->f_ra, index,
				     (unsigned long)((isize - 1) >> PAGE_SHIFT));
		if (!page) {
			page = find_get_page(mapping, index);
			if (!page)
				continue; /* dropped before we could look: try again */
		}
		err = wait_page_uptodate(page);
		if (err) {
			put_page(page);
			break;
		}
		k = kmap(page);
		memcpy((char *)buf + done, k + offset, nr);
		kunmap(page);
		mark_page_accessed(page);
		put_page(page);
		done += nr;
		pos += nr;
	}
	*ppos = pos;
	return done ? (ssize_t)done : err;
}

/*
 * Get the page at index locked and ready for a write of [from, to): read
 * it first when it holds file data the write does not cover.
 */
static struct page *prepare_page(struct inode *inode, unsigned long index,
				 unsigned int from, unsigned int to, int *errp)
{
	struct address_space *mapping = inode->i_mapping;
	loff_t page_start = (loff_t)index << PAGE_SHIFT;
	struct page *page;
	int err;

	for (;;) {
		page = find_lock_page(mapping, index);
		if (page)
			break;
		page = page_cache_alloc();
		if (!page) {
			*errp = -ENOMEM;
			return NULL;
		}
		if (!add_to_page_cache(page, mapping, index))
			break; /* locked, not uptodate */
		put_page(page);
	}
	if (!PageUptodate(page)) {
		bool whole = from == 0 && to == PAGE_SIZE;

		if (whole || page_start >= inode->i_size) {
			/* Nothing on disk to keep: start from zeroes. */
			char *k = kmap(page);

			memset(k, 0, PAGE_SIZE);
			kunmap(page);
			clear_page_flag(page, PG_error); /* an old failed read no longer matters */
			set_page_flag(page, PG_uptodate);
		} else {
			clear_page_flag(page, PG_error);
			pagecache_event(PC_READPAGE, 1);
			mapping->a_ops->readpage(mapping, page); /* unlocks */
			wait_on_page(page);
			lock_page(page);
			if (!PageUptodate(page) || page->mapping != mapping) {
				unlock_page(page);
				put_page(page);
				*errp = -EIO;
				return NULL;
			}
		}
	}
	err = mapping->a_ops->prepare_write(mapping, page, from, to);
	if (err) {
		unlock_page(page);
		put_page(page);
		*errp = err;
		return NULL;
	}
	return page;
}

ssize_t generic_file_write(struct file *file, const void *buf, size_t count, loff_t *ppos)
{
	struct inode *inode = file->f_inode;
	loff_t pos = *ppos;
	size_t done = 0;
	int err = 0;

	/* Linux's rw_verify_area: pos + count must not pass 2^63 (no signed overflow here). */
	if (pos < 0 || (u64)pos + count > (u64)0x7fffffffffffffffLL)
		return -EINVAL;
	/* 32-bit file sizes (ext2 revision 0 without large files); page indexes stay below 2^19 */
	if (pos > (loff_t)0x7fffffff || (loff_t)count > (loff_t)0x7fffffff - pos)
		return -EFBIG;
	while (done < count) {
		unsigned long index = (unsigned long)(pos >> PAGE_SHIFT);
		unsigned int offset = (unsigned int)(pos & (PAGE_SIZE - 1));
		size_t nr = MIN((size_t)(PAGE_SIZE - offset), count - done);
		struct page *page = prepare_page(inode, index, offset, offset + nr, &err);
		char *k;

		if (!page)
			break;
		k = kmap(page);
		memcpy(k + offset, (const char *)buf + done, nr);
		kunmap(page);
		set_page_dirty(page);
		done += nr;
		pos += nr;
		/*
		 * Grow i_size while the page is still locked: writeback locks the
		 * page and sizes the transfer by i_size, so it must never see the
		 * new bytes with the old size (it would clean the page without
		 * writing them).
		 */
		if (pos > inode->i_size) {
			inode->i_size = pos;
			mark_inode_dirty(inode);
		}
		mark_page_accessed(page);
		unlock_page(page);
		put_page(page);
	}
	*ppos = pos;
	return done ? (ssize_t)done : err;
}
