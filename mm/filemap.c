/*
 * The page cache: the hash of cached file pages keyed by (address_space,
 * index), the page lock with its hashed wait queues, adding and removing
 * pages, dirty accounting, writeback of a mapping, truncation and dropping
 * clean pages. The read-ahead and read/write paths built on it live in
 * mm/readahead.c and mm/filemap_rw.c.
 *
 * Locking: pagecache_lock (a spinlock, so interrupts are off while it is
 * held) protects the hash chains, page->mapping/index/next_hash of cached
 * pages, and every address_space's nrpages/nrdirty/end_index. It is taken
 * last, after any sleeping lock; nothing sleeps under it. The page lock
 * (PG_locked) is a sleeping bit lock: lock_page() sleeps on
 * page_waitqueue(page), one of PAGE_WAIT_TABLE_SIZE shared queues chosen
 * by hashing the page's address; unlock_page() may run in an interrupt
 * handler (I/O completion).
 *
 * Reference counts: the cache's reference is taken here, in
 * add_to_page_cache, and dropped here, in remove_from_page_cache; nothing
 * else may set or clear page->mapping of a cache page.
 */
#include "mm/pagemap.h"
#include "mm/mm.h"
#include "mm/debug.h"
#include "mm/vm.h"
#include "mm/rmap.h"
#include "mm/lru.h"
#include "mm/swap.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kernel/wait.h"

#define PAGE_WAIT_TABLE_BITS 8
#define PAGE_WAIT_TABLE_SIZE (1u << PAGE_WAIT_TABLE_BITS)
#define PAGE_HASH_MAX_ORDER (MAX_ORDER - 1)

static DEFINE_SPINLOCK(pagecache_lock);
static struct page **page_hash_table;
static unsigned int page_hash_bits;
static struct wait_queue_head page_wait_table[PAGE_WAIT_TABLE_SIZE];
static struct pagecache_stats stats;

bool readahead_enabled = true;

/* -------------------------------------------------------------- hashing -- */

static inline unsigned int page_hashfn(struct address_space *mapping, unsigned long index)
{
	/* Spread the mappings over the table; consecutive indexes of one
	 * mapping land in consecutive buckets. */
	u32 m = (u32)(uintptr_t)mapping * 0x9E3779B1u;

	return ((m >> (32 - page_hash_bits)) + (u32)index) & ((1u << page_hash_bits) - 1);
}

static inline struct page **page_hash(struct address_space *mapping, unsigned long index)
{
	return &page_hash_table[page_hashfn(mapping, index)];
}

void page_cache_init(void)
{
	unsigned long buckets = 1, want;
	unsigned int order = 0;

	if (page_hash_table)
		return;
	for (unsigned int i = 0; i < PAGE_WAIT_TABLE_SIZE; i++)
		init_waitqueue_head(&page_wait_table[i]);
	/* One bucket per two pages of RAM, as a power of two. */
	want = MAX(totalram_pages / 2, 256UL);
	page_hash_bits = 0;
	while (buckets < want) {
		buckets <<= 1;
		page_hash_bits++;
	}
	while ((PAGE_SIZE << order) < buckets * sizeof(struct page *))
		order++;
	while (order > PAGE_HASH_MAX_ORDER || !(page_hash_table = (struct page **)
			__get_free_pages(GFP_KERNEL, order))) {
		if (!order)
			panic("page cache: no memory for the hash table");
		order--;
		while ((buckets * sizeof(struct page *)) > (PAGE_SIZE << order)) {
			buckets >>= 1;
			page_hash_bits--;
		}
	}
	memset(page_hash_table, 0, buckets * sizeof(struct page *));
	stats.hash_buckets = buckets;
	pr_info("page cache: %lu hash buckets (%lu KiB) for %lu pages of RAM\n", buckets,
		(buckets * sizeof(struct page *)) >> 10, totalram_pages);
}

void init_address_space(struct address_space *m, void *host,
			const struct address_space_operations *a_ops)
{
	m->a_ops = a_ops;
	m->host = host;
	m->nrpages = 0;
	m->nrdirty = 0;
	m->end_index = 0;
	m->shmem = false;
}

/* pagecache_lock held. The swap cache's dirty pages and shmem's are not "Dirty" (as Linux). */
static void account_dirty(struct address_space *m, long d)
{
	m->nrdirty += d;
	if (!m->shmem && m != &swapper_space)
		stats.nr_dirty += d;
}

/* ---------------------------------------------------------- page lock -- */

struct wait_queue_head *page_waitqueue(struct page *page)
{
	u32 h = (u32)(uintptr_t)page * 0x9E3779B1u;

	return &page_wait_table[h >> (32 - PAGE_WAIT_TABLE_BITS)];
}

bool trylock_page(struct page *page)
{
	return !test_and_set_page_flag(page, PG_locked);
}

void lock_page(struct page *page)
{
	struct wait_queue_head *wq = page_waitqueue(page);

	if (likely(trylock_page(page)))
		return;
	wait_event(*wq, trylock_page(page));
}

void unlock_page(struct page *page)
{
	bool was = test_and_clear_page_flag(page, PG_locked);

	VM_BUG_ON_PAGE(!was, page);
	(void)was;
	/* Waiters of other pages share the queue; each rechecks its own page. */
	if (waitqueue_active(page_waitqueue(page)))
		wake_up(page_waitqueue(page));
}

void wait_on_page(struct page *page)
{
	if (!PageLocked(page))
		return;
	wait_event(*page_waitqueue(page), !PageLocked(page));
}

/* ----------------------------------------------------- add, find, remove -- */

struct page *__find_page_nolock(struct address_space *mapping, unsigned long index)
{
	struct page *p;

	for (p = *page_hash(mapping, index); p; p = p->next_hash)
		if (p->mapping == mapping && p->index == index)
			return p;
	return NULL;
}

static int __add_to_page_cache(struct page *page, struct address_space *mapping,
			       unsigned long index, bool locked)
{
	struct page **bucket;

	BUG_ON(!page_hash_table);
	VM_BUG_ON_PAGE(PageLocked(page) != locked, page);
	VM_BUG_ON_PAGE(page->mapping != NULL, page);
	VM_BUG_ON_PAGE(page_count(page) < 1, page);
	spin_lock(&pagecache_lock);
	if (__find_page_nolock(mapping, index)) {
		spin_unlock(&pagecache_lock);
		return -EEXIST;
	}
	page->flags &= ~((1UL << PG_referenced) | (1UL << PG_error) | (1UL << PG_dirty) |
			 (1UL << PG_uptodate));
	set_page_flag(page, PG_locked);
	get_page(page); /* the cache's reference */
	page->mapping = mapping;
	page->index = index;
	bucket = page_hash(mapping, index);
	page->next_hash = *bucket;
	*bucket = page;
	mapping->nrpages++;
	if (mapping->shmem)
		stats.nr_shmem++;
	if (index >= mapping->end_index)
		mapping->end_index = index + 1;
	stats.nr_pages++;
	/*
	 * A new cache page starts on the active list (seed 004, step 1); an
	 * anonymous page entering the swap cache is on a list already.
	 */
	if (!PageLRU(page))
		lru_cache_add(page);
	spin_unlock(&pagecache_lock);
	return 0;
}

int add_to_page_cache(struct page *page, struct address_space *mapping, unsigned long index)
{
	return __add_to_page_cache(page, mapping, index, false);
}

int add_to_page_cache_locked(struct page *page, struct address_space *mapping,
			     unsigned long index)
{
	return __add_to_page_cache(page, mapping, index, true);
}

struct page *find_get_page(struct address_space *mapping, unsigned long index)
{
	struct page *p;

	spin_lock(&pagecache_lock);
	p = __find_page_nolock(mapping, index);
	if (p)
		get_page(p);
	spin_unlock(&pagecache_lock);
	return p;
}

struct page *find_lock_page(struct address_space *mapping, unsigned long index)
{
	struct page *p;

	for (;;) {
		p = find_get_page(mapping, index);
		if (!p)
			return NULL;
		lock_page(p);
		if (p->mapping == mapping && p->index == index)
			return p;
		/* Truncated or dropped while we slept: look again. */
		unlock_page(p);
		put_page(p);
	}
}

/* Unhash; pagecache_lock held. Returns with the cache's reference still held. */
static void __remove_from_page_cache(struct page *page)
{
	struct address_space *mapping = page->mapping;
	struct page **pp = page_hash(mapping, page->index);

	while (*pp != page) {
		BUG_ON(!*pp); /* a page with a mapping must be on its chain */
		pp = &(*pp)->next_hash;
	}
	*pp = page->next_hash;
	page->next_hash = NULL;
	if (test_and_clear_page_flag(page, PG_dirty))
		account_dirty(mapping, -1);
	mapping->nrpages--;
	if (mapping->shmem)
		stats.nr_shmem--;
	page->mapping = NULL;
	stats.nr_pages--;
	/* The page stays on its LRU list until its last reference goes (mm/lru.h). */
}

void remove_from_page_cache(struct page *page)
{
	BUG_ON(!PageLocked(page));
	BUG_ON(!page->mapping);
	VM_BUG_ON_PAGE(page_count(page) < 2, page); /* the cache's and the caller's */
	spin_lock(&pagecache_lock);
	__remove_from_page_cache(page);
	spin_unlock(&pagecache_lock);
	put_page(page); /* the cache's reference */
}

/* Memory for the cache comes from the allocator, which reclaims (mm/vmscan.c) when short. */
struct page *page_cache_alloc(void)
{
	return alloc_page(GFP_HIGHUSER);
}

int page_cache_move(struct page *page, struct address_space *to, unsigned long index)
{
	struct page **bucket;

	VM_BUG_ON_PAGE(!PageLocked(page), page);
	VM_BUG_ON_PAGE(!page->mapping, page);
	spin_lock(&pagecache_lock);
	if (__find_page_nolock(to, index)) {
		spin_unlock(&pagecache_lock);
		return -EEXIST;
	}
	__remove_from_page_cache(page); /* keeps the cache's reference; clears PG_dirty */
	page->mapping = to;
	page->index = index;
	bucket = page_hash(to, index);
	page->next_hash = *bucket;
	*bucket = page;
	to->nrpages++;
	if (to->shmem)
		stats.nr_shmem++;
	if (index >= to->end_index)
		to->end_index = index + 1;
	stats.nr_pages++;
	spin_unlock(&pagecache_lock);
	return 0;
}

/* ------------------------------------------------------------- dirtying -- */

void set_page_dirty(struct page *page)
{
	if (test_and_set_page_flag(page, PG_dirty))
		return;
	spin_lock(&pagecache_lock);
	if (page->mapping)
		account_dirty(page->mapping, 1);
	spin_unlock(&pagecache_lock);
}

bool clear_page_dirty_for_io(struct page *page)
{
	VM_BUG_ON_PAGE(!PageLocked(page), page);
	if (!test_and_clear_page_flag(page, PG_dirty))
		return false;
	spin_lock(&pagecache_lock);
	if (page->mapping)
		account_dirty(page->mapping, -1);
	spin_unlock(&pagecache_lock);
	return true;
}

int filemap_write_and_wait(struct address_space *mapping)
{
	unsigned long i, end;
	int err = 0;

	if (!mapping->a_ops || !mapping->a_ops->writepage)
		return 0;
	end = READ_ONCE(mapping->end_index);
	for (i = 0; i < end && READ_ONCE(mapping->nrdirty); i++) {
		struct page *p = find_get_page(mapping, i);

		if (!p)
			continue;
		if (PageDirty(p)) {
			lock_page(p);
			if (p->mapping == mapping && clear_page_dirty_for_io(p)) {
				__atomic_add_fetch(&stats.writebacks, 1, __ATOMIC_RELAXED);
				mapping->a_ops->writepage(mapping, p); /* unlocks */
			} else {
				unlock_page(p);
			}
		}
		put_page(p);
	}
	/* Wait for every write started above (or by anyone else). */
	end = READ_ONCE(mapping->end_index);
	for (i = 0; i < end && READ_ONCE(mapping->nrpages); i++) {
		struct page *p = find_get_page(mapping, i);

		if (!p)
			continue;
		wait_on_page(p);
		/* A failed write leaves the page uptodate with PG_error (a failed read: not uptodate). */
		if (PageUptodate(p) && test_and_clear_page_flag(p, PG_error))
			err = -EIO;
		put_page(p);
	}
	return err;
}

/*
 * A page cut off by truncation must not stay mapped: each process's next
 * access past the new end is SIGBUS, as on Linux. try_to_unmap skips an
 * mm whose mmap_lock is busy (SWAP_AGAIN); the page lock is dropped while
 * we wait for it, since that mm's holder may be waiting for this page.
 * False when the page left the cache meanwhile.
 */
static bool unmap_truncated_page(struct page *page, struct address_space *mapping)
{
	for (int tries = 0; page_mapped(page) && tries < 1000; tries++) {
		if (try_to_unmap(page) != SWAP_AGAIN)
			break;
		unlock_page(page);
		yield();
		lock_page(page);
		if (page->mapping != mapping)
			return false; /* somebody else removed it meanwhile */
	}
	return true;
}

void truncate_inode_pages(struct address_space *mapping, loff_t lstart)
{
	unsigned long start = (unsigned long)((lstart + PAGE_SIZE - 1) >> PAGE_SHIFT);
	unsigned int partial = (unsigned int)(lstart & (PAGE_SIZE - 1));
	unsigned long i, end = READ_ONCE(mapping->end_index);

	if (partial) {
		struct page *p = find_lock_page(mapping, start - 1);

		if (p) {
			char *k = kmap(p);

			memset(k + partial, 0, PAGE_SIZE - partial);
			kunmap(p);
			/* The block on disk still holds the old tail: write the zeroes. */
			if (PageUptodate(p))
				set_page_dirty(p);
			unlock_page(p);
			put_page(p);
		}
	}
	for (i = start; i < end && READ_ONCE(mapping->nrpages); i++) {
		struct page *p = find_lock_page(mapping, i);

		if (!p)
			continue; /* locked: no read or write of it is in flight */
		if (unmap_truncated_page(p, mapping))
			remove_from_page_cache(p);
		unlock_page(p);
		put_page(p);
	}
	spin_lock(&pagecache_lock);
	if (mapping->end_index > start)
		mapping->end_index = start;
	spin_unlock(&pagecache_lock);
}

unsigned long page_cache_drop_clean(struct address_space *mapping)
{
	unsigned long n = 0, b, buckets = 1UL << page_hash_bits;
	struct page *freed = NULL, *p, **pp;

	if (!page_hash_table)
		return 0;
	spin_lock(&pagecache_lock);
	for (b = 0; b < buckets; b++) {
		pp = &page_hash_table[b];
		while ((p = *pp)) {
			/* Swap cache pages hold a slot: only reclaim_page lets them go. */
			if ((mapping && p->mapping != mapping) || page_count(p) != 1 ||
			    PageDirty(p) || PageSwapCache(p) || !trylock_page(p)) {
				pp = &p->next_hash;
				continue;
			}
			*pp = p->next_hash;
			p->mapping->nrpages--;
			p->mapping = NULL;
			stats.nr_pages--;
			/* Chain the victims through next_hash; free them after the lock. */
			p->next_hash = freed;
			freed = p;
			n++;
		}
	}
	spin_unlock(&pagecache_lock);
	while ((p = freed)) {
		freed = p->next_hash;
		p->next_hash = NULL;
		unlock_page(p);
		put_page(p); /* the cache's reference, the last one */
	}
	stats.dropped += n;
	return n;
}

/* -------------------------------------------------------------- counters -- */

void pagecache_event(enum pagecache_event e, unsigned long n)
{
	unsigned long *c;

	switch (e) {
	case PC_HIT: c = &stats.hits; break;
	case PC_MISS: c = &stats.misses; break;
	case PC_READPAGE: c = &stats.readpages; break;
	case PC_READAHEAD: c = &stats.readahead; break;
	case PC_READ_ERROR: c = &stats.read_errors; break;
	default: return;
	}
	__atomic_add_fetch(c, n, __ATOMIC_RELAXED);
}

void pagecache_writeback_start(void)
{
	__atomic_add_fetch(&stats.nr_writeback, 1, __ATOMIC_RELAXED);
}

void pagecache_writeback_end(void)
{
	__atomic_sub_fetch(&stats.nr_writeback, 1, __ATOMIC_RELAXED);
}

void pagecache_stats(struct pagecache_stats *out)
{
	spin_lock(&pagecache_lock);
	*out = stats;
	spin_unlock(&pagecache_lock);
}

void pagecache_print_stats(void)
{
	struct pagecache_stats s;

	pagecache_stats(&s);
	pr_info("page cache: %lu pages, %lu hits, %lu misses, %lu reads (%lu read-ahead), "
		"%lu read errors, %lu writebacks, %lu dropped, %lu buckets\n",
		s.nr_pages, s.hits, s.misses, s.readpages, s.readahead, s.read_errors,
		s.writebacks, s.dropped, s.hash_buckets);
}

/* ------------------------------------------------------- file mappings -- */

/*
 * filemap_nopage: the page cache page behind a fault in a file mapping,
 * referenced for the caller (the PTE's reference). A page wholly past the
 * end of the file is SIGBUS, as on Linux; a read error too. A miss counts
 * as a major fault. In a vma marked MADV_SEQUENTIAL a miss also starts
 * reading the following pages. Sleeps; the caller holds mmap_lock.
 */
static struct page *filemap_nopage(struct vm_area_struct *vma, unsigned long addr, bool *major)
{
	struct inode *inode = vma->vm_file->f_inode;
	struct address_space *mapping = inode->i_mapping;
	unsigned long index = ((addr - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;
	unsigned long size = (unsigned long)((inode->i_size + PAGE_SIZE - 1) >> PAGE_SHIFT);
	struct page *page;

	if (index >= size)
		return NOPAGE_SIGBUS;
	page = find_get_page(mapping, index);
	if (page) {
		pagecache_event(PC_HIT, 1);
		if (PageUptodate(page))
			return page;
		put_page(page);
	} else {
		*major = true;
		pagecache_event(PC_MISS, 1);
		if (vma->vm_flags & VM_SEQ_READ)
			for (unsigned long i = 1; i <= RA_MAX_PAGES && index + i < size; i++)
				if (page_cache_read(mapping, index + i))
					break;
	}
	page = read_cache_page(mapping, index);
	if (IS_ERR(page))
		return PTR_ERR(page) == -ENOMEM ? NOPAGE_OOM : NOPAGE_EIO;
	return page;
}

const struct vm_operations file_vm_ops = {
	.nopage = filemap_nopage,
};
