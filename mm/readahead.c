/*
 * Starting page reads: page_cache_read() brings one page of a mapping into
 * the cache (allocate, add locked, call the filesystem's readpage, which
 * unlocks it when the data is in), and page_cache_readahead() decides, per
 * open file, which following pages to read before they are asked for.
 *
 * The read-ahead policy: a read of page i is sequential when the previous
 * read of that file was page i-1 or i itself, or when i is 0. A sequential
 * read keeps pages (i, i + window] in the cache or under read, starting
 * reads only for those past ahead_end; the window starts at RA_MIN_PAGES
 * and doubles up to RA_MAX_PAGES. A non-sequential read resets the window.
 * The reads are asynchronous: the reader does not wait for them, and a
 * later reader of such a page sleeps on its lock until it is uptodate.
 *
 * Context: task context, may sleep (page allocation, block mapping in
 * readpage). Holds no lock across readpage; the page lock is the only
 * thing that protects a page being read.
 */
#include "mm/pagemap.h"
#include "mm/mm.h"
#include "kernel/errno.h"

void file_ra_state_init(struct file_ra_state *ra)
{
	ra->prev_index = ~0UL;
	ra->ahead_end = 0;
	ra->window = 0;
	ra->disabled = false;
}

/* Add a fresh page at index and start its read; 0 also when someone beat us. */
static int __page_cache_read(struct address_space *mapping, unsigned long index, bool ahead)
{
	struct page *page;
	int err;

	page = find_get_page(mapping, index);
	if (page) { /* already cached or under read */
		put_page(page);
		return 0;
	}
	page = page_cache_alloc();
	if (!page)
		return -ENOMEM;
	err = add_to_page_cache(page, mapping, index);
	if (err) {
		put_page(page); /* -EEXIST: another reader added it first */
		return err == -EEXIST ? 0 : err;
	}
	pagecache_event(PC_READPAGE, 1);
	if (ahead)
		pagecache_event(PC_READAHEAD, 1);
	err = mapping->a_ops->readpage(mapping, page); /* unlocks, now or at completion */
	if (err == -ENOMEM) {
		/* Not read for lack of memory, not an I/O error: leave no failed page behind. */
		lock_page(page);
		if (page->mapping && !PageUptodate(page)) {
			clear_page_flag(page, PG_error);
			remove_from_page_cache(page);
		}
		unlock_page(page);
	}
	put_page(page); /* ours; the cache keeps its own */
	return err;
}

int page_cache_read(struct address_space *mapping, unsigned long index)
{
	return __page_cache_read(mapping, index, false);
}

void page_cache_readahead(struct address_space *mapping, struct file_ra_state *ra,
			  unsigned long index, unsigned long last_index)
{
	unsigned long i, end;
	bool sequential = index == 0 || index == ra->prev_index + 1 || index == ra->prev_index;

	if (!readahead_enabled || ra->disabled)
		return;
	if (index == ra->prev_index)
		return; /* another chunk of the same page: nothing new */
	ra->prev_index = index;
	if (!sequential) {
		ra->window = 0;
		ra->ahead_end = index + 1;
		return;
	}
	ra->window = ra->window ? MIN(ra->window * 2, (unsigned int)RA_MAX_PAGES) : RA_MIN_PAGES;
	end = MIN(index + ra->window, last_index) + 1; /* exclusive */
	i = MAX(index + 1, ra->ahead_end);
	for (; i < end; i++)
		if (__page_cache_read(mapping, i, true) < 0)
			break; /* out of memory: read-ahead is only a hint */
	ra->ahead_end = MAX(ra->ahead_end, i);
}
