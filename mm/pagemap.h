/*
 * The page cache's public interface (mm/filemap.c owns it, mm/readahead.c
 * and mm/filemap_rw.c use it): struct address_space, the hash of cached
 * pages keyed by (mapping, index), page locking and the generic file read
 * and write paths. docs/page-cache.md explains the design; the seed text is
 * ../shared/seeds/004_*.txt ("Page Cache Data", "Page Cache Code").
 *
 * Reference rules (the seed's, checked with VM_BUG_ON under debug_vm):
 *   - a page in the cache holds exactly one reference for the cache, taken
 *     by add_to_page_cache() and dropped by remove_from_page_cache();
 *   - find_get_page() and friends return the page with one more reference,
 *     which the caller drops with put_page();
 *   - a page leaves the cache only while locked, and only when nobody but
 *     the cache and the remover hold it (page_cache_drop_clean), or when the
 *     file is truncated (truncate_inode_pages; later holders keep a page
 *     that is no longer in the cache).
 *
 * Page lock: PG_locked is held while a read or a write of the page is in
 * flight and while its owner changes its identity or contents
 * (add/remove, prepare_write). Waiters sleep on a hashed wait queue
 * (page_waitqueue), never on a per-page one: struct page stays 32 bytes.
 */
#ifndef MM_PAGEMAP_H
#define MM_PAGEMAP_H

#include "kernel/types.h"
#include "mm/mm.h"

struct address_space;
struct file;
struct wait_queue_head;

/*
 * What a filesystem provides to move pages between the cache and its disk.
 *
 * readpage: the page is locked, in the cache, not uptodate. Start the read
 *   (asynchronously is fine) and return 0; when the data is in, set
 *   PG_uptodate (or PG_error on failure) and unlock the page. Whatever it
 *   returns, the page ends up unlocked. May sleep (block mapping lookups).
 * writepage: the page is locked and its dirty bit was just cleared by the
 *   caller. Start writing it; unlock it when the write is done, setting
 *   PG_error on failure. Returns 0 or a negative errno (page unlocked).
 * prepare_write: the page is locked; make sure bytes [from, to) of it have
 *   backing store (allocate blocks). Returns 0, -ENOSPC, -EIO ...
 */
struct address_space_operations {
	int (*readpage)(struct address_space *mapping, struct page *page);
	int (*writepage)(struct address_space *mapping, struct page *page);
	int (*prepare_write)(struct address_space *mapping, struct page *page,
			     unsigned int from, unsigned int to);
};

/*
 * The cached image of one file (one per inode; the swap cache will be one
 * more). struct page has a single list_head, which the LRU lists own, so a
 * mapping does not chain its pages: it finds them through the hash by
 * index, bounded by end_index.
 */
struct address_space {
	const struct address_space_operations *a_ops;
	void *host;               /* the struct inode */
	unsigned long nrpages;    /* pages in the cache */
	unsigned long nrdirty;    /* of which PG_dirty */
	unsigned long end_index;  /* one past the highest index ever cached */
	bool shmem;               /* a shared anonymous object: meminfo's Shmem, not Dirty */
};

/* Per open file read-ahead state (inside struct file). */
struct file_ra_state {
	unsigned long prev_index;  /* last page read; ~0UL before the first */
	unsigned long ahead_end;   /* read-ahead issued up to here (exclusive) */
	unsigned int window;       /* current window in pages; 0 = not sequential */
	bool disabled;             /* this file never reads ahead */
};

#define RA_MIN_PAGES 4
#define RA_MAX_PAGES 32

/* Page-cache counters (mm/filemap.c keeps them; pagecache_stats() copies). */
struct pagecache_stats {
	unsigned long nr_pages;       /* pages in the cache now */
	unsigned long hits;           /* file reads that found the page cached */
	unsigned long misses;         /* file reads that had to start a read */
	unsigned long readpages;      /* readpage calls (reads started) */
	unsigned long readahead;      /* of which issued by read-ahead */
	unsigned long read_errors;    /* reads that ended in PG_error */
	unsigned long writebacks;     /* writepage calls */
	unsigned long dropped;        /* clean pages dropped by page_cache_drop_clean */
	unsigned long hash_buckets;
	unsigned long nr_dirty;       /* dirty pages of files (not shmem, not the swap cache): Dirty */
	unsigned long nr_shmem;       /* pages of shared anonymous objects: Shmem */
	unsigned long nr_writeback;   /* pages with a write in flight (files and swap): Writeback */
};

/* Read-ahead on or off for every file (tests, benchmarks); on at boot. */
extern bool readahead_enabled;

/* ------------------------------------------------------ mm/filemap.c -- */
/*
 * page_cache_init: size the hash table from RAM (totalram_pages) and set
 * up the page wait queues. Called once from vfs_init before any file is
 * opened; later calls do nothing. Sleeps (allocates); panics only if the
 * hash table cannot be had at boot.
 */
void page_cache_init(void);
void init_address_space(struct address_space *m, void *host,
			const struct address_space_operations *a_ops);

/* The hashed wait queue a page's lock waiters sleep on. */
struct wait_queue_head *page_waitqueue(struct page *page);
/* Sleep until the page is unlocked, then lock it. Task context only. */
void lock_page(struct page *page);
/* Lock the page if it is unlocked; true if we got it. Any context. */
bool trylock_page(struct page *page);
/* Unlock and wake the waiters. Any context (I/O completion included). */
void unlock_page(struct page *page);
/* Sleep until the page is unlocked (does not take the lock). */
void wait_on_page(struct page *page);

/*
 * add_to_page_cache: insert a new page (the caller's reference, unlocked,
 * not in any cache) at (mapping, index). Clears referenced/error/dirty/
 * uptodate, sets PG_locked and takes the cache's reference. Returns 0, or
 * -EEXIST (page untouched) when another page already sits at that index.
 * Never sleeps.
 */
int add_to_page_cache(struct page *page, struct address_space *mapping, unsigned long index);
/* The same for a page the caller has locked already (the swap cache's add_to_swap). */
int add_to_page_cache_locked(struct page *page, struct address_space *mapping,
			     unsigned long index);
/* The page at (mapping, index) or NULL; pagecache_lock must be held; no reference taken. */
struct page *__find_page_nolock(struct address_space *mapping, unsigned long index);
/* The page at (mapping, index) with a reference for the caller, or NULL. Never sleeps. */
struct page *find_get_page(struct address_space *mapping, unsigned long index);
/*
 * find_lock_page: as find_get_page, and locked; sleeps for the lock and
 * retries if the page left the cache meanwhile.
 */
struct page *find_lock_page(struct address_space *mapping, unsigned long index);
/*
 * remove_from_page_cache: the page is locked and the caller holds a
 * reference besides the cache's. Unhashes it, clears mapping and drops
 * the cache's reference. A dirty page loses its dirty state (truncation).
 */
void remove_from_page_cache(struct page *page);
/*
 * page_cache_alloc: a fresh page for the cache (HIGHMEM allowed); the
 * allocator reclaims when memory is short. NULL if nothing can be had.
 */
struct page *page_cache_alloc(void);
/*
 * page_cache_move: move a locked cached page to (to, index), keeping the
 * cache's reference and its LRU place (shared anonymous pages going to
 * and from the swap cache). Clears PG_dirty. -EEXIST if taken. Never sleeps.
 */
int page_cache_move(struct page *page, struct address_space *to, unsigned long index);

/* Mark a page dirty (counts it in its mapping). Any context. */
void set_page_dirty(struct page *page);
/* Clear PG_dirty before writing; true if it was set. Page locked. */
bool clear_page_dirty_for_io(struct page *page);
/*
 * filemap_write_and_wait: write every dirty page of the mapping through
 * writepage and wait for all of them. Sleeps. 0, or -EIO if a write failed.
 */
int filemap_write_and_wait(struct address_space *mapping);
/*
 * truncate_inode_pages: remove every page at or after byte `lstart` (dirty
 * ones are discarded) and zero the tail of the page holding lstart. Sleeps
 * for page locks; the caller serialises against writers (i_mutex).
 */
void truncate_inode_pages(struct address_space *mapping, loff_t lstart);
/*
 * page_cache_drop_clean: drop every cached page (of `mapping`, or of all
 * mappings when NULL) that is clean, unlocked and held only by the cache.
 * Returns how many. Never sleeps. Tests use it to force reads from disk;
 * page_cache_alloc uses it as a stand-in for reclaim.
 */
unsigned long page_cache_drop_clean(struct address_space *mapping);
void pagecache_stats(struct pagecache_stats *out);
/* A page's write to disk starts / ends (fs/mpage.c, mm/page_io.c); any context. */
void pagecache_writeback_start(void);
void pagecache_writeback_end(void);
void pagecache_print_stats(void);
/* The read paths (mm/readahead.c, mm/filemap_rw.c) count their events here. */
enum pagecache_event { PC_HIT, PC_MISS, PC_READPAGE, PC_READAHEAD, PC_READ_ERROR };
void pagecache_event(enum pagecache_event e, unsigned long n);

/* ---------------------------------------------------- mm/readahead.c -- */
/*
 * page_cache_read: make sure (mapping, index) is in the cache, starting its
 * read if it is not (asynchronously; the page stays locked until the read
 * is done). 0 when the page is cached or being read, -ENOMEM. Sleeps.
 */
int page_cache_read(struct address_space *mapping, unsigned long index);
/*
 * page_cache_readahead: called by the read path for each page it reads;
 * when reads are sequential, starts reads of the following window of pages
 * (growing from RA_MIN_PAGES to RA_MAX_PAGES), never past last_index.
 */
void page_cache_readahead(struct address_space *mapping, struct file_ra_state *ra,
			  unsigned long index, unsigned long last_index);
void file_ra_state_init(struct file_ra_state *ra);

/* --------------------------------------------------- mm/filemap_rw.c -- */
/*
 * read_cache_page: the uptodate page at (mapping, index), with a reference,
 * reading it if needed (no read-ahead). ERR_PTR(-EIO) after a read error,
 * ERR_PTR(-ENOMEM). Sleeps. The mmap fault path (filemap_nopage) uses it.
 */
struct page *read_cache_page(struct address_space *mapping, unsigned long index);
/*
 * generic_file_read: copy up to count bytes at *ppos of the file into buf
 * (kernel memory) through the page cache, reading ahead when sequential;
 * advances *ppos. Returns bytes copied (0 at end of file) or -EIO when
 * nothing could be read. Sleeps.
 */
ssize_t generic_file_read(struct file *file, void *buf, size_t count, loff_t *ppos);
/*
 * generic_file_write: copy count bytes from buf into the file at *ppos
 * through the page cache (prepare_write allocates backing store), marking
 * pages dirty and extending i_size; advances *ppos. The caller holds the
 * inode's i_mutex. Returns bytes written, or -ENOSPC/-EIO/-ENOMEM/-EFBIG
 * when nothing could be written. Sleeps.
 */
ssize_t generic_file_write(struct file *file, const void *buf, size_t count, loff_t *ppos);

#endif
