/*
 * Swap I/O in multi-page requests (issue 10, swap throughput), counted on
 * the swap disk's own request counters (struct block_device: reads,
 * writes, errors):
 *   - the read-ahead of a cluster of consecutive in-use slots is one read
 *     request, and one more for each slot already in the swap cache that
 *     splits the run; every page read holds its data;
 *   - page_launder writing K swap cache pages of consecutive slots issues
 *     ceil(K / 16) write requests, and the disk then holds each page;
 *   - a multi-page write that fails (block_fail_inject on one slot) is
 *     redone page by page: only that slot is marked bad, its page stays in
 *     memory dirty and intact, its neighbours are written;
 *   - a multi-page read that fails fails only the bad slot's page: the
 *     faulting neighbour maps its data, a fault on the bad slot itself is
 *     SIGBUS, and it reads again once the device does;
 *   - the read-ahead window halves while faults find none of its pages,
 *     down to the faulting slot alone, and widens again, to the whole
 *     cluster, for a scan that uses them;
 *   - a fault on shared anonymous memory (mm/shmem.c) reads ahead too.
 * Each test owns an mm with NR_PAGES patterned private anonymous pages,
 * evicted the reclaim way (add_to_swap_locked, try_to_unmap) into
 * consecutive slots. Suite: swap_batch (needs a swap area; the swap_io
 * image of make test, an ATA disk with bus-master DMA).
 */
#include "kernel/ktest.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "mm/vm.h"
#include "mm/lru.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "mm/vmscan.h"
#include "mm/vmstat.h"
#include "mm/pagemap.h"
#include "drivers/block.h"

KTEST_SUITE_NEEDS(swap_batch, "swap");

#define BASE 0x54000000UL
#define RA_WINDOW 16u                /* page_cluster 4: the widest read-ahead window */
#define NR_PAGES (8 * RA_WINDOW)     /* the read-ahead tests use up to 7 windows and alignment */
#define SECTORS (PAGE_SIZE / SECTOR_SIZE)

struct swapped {
	struct mm_struct *mm;
	struct page *page[NR_PAGES]; /* referenced while resident (NULL once dropped) */
	swp_entry_t e[NR_PAGES];     /* e[i].val == e[0].val + i << 5: consecutive slots */
	struct block_device *bdev;
	u64 sector;                  /* e[0]'s first sector */
};

static u32 pattern(unsigned int page, unsigned int word)
{
	u32 x = (page + 1) * 0x9E3779B1u ^ word * 0x85EBCA6Bu;

	return x ^ x >> 13;
}

static void fill(struct page *page, unsigned int i)
{
	u32 *k = kmap(page);

	for (unsigned int w = 0; w < PAGE_SIZE / 4; w++)
		k[w] = pattern(i, w);
	kunmap(page);
}

static bool holds(struct page *page, unsigned int i)
{
	u32 *k = kmap(page);
	bool ok = true;

	for (unsigned int w = 0; w < PAGE_SIZE / 4 && ok; w++)
		ok = k[w] == pattern(i, w);
	kunmap(page);
	return ok;
}

static unsigned long addr_of(unsigned int i)
{
	return BASE + i * PAGE_SIZE;
}

static struct page *mapped_page(struct mm_struct *mm, unsigned int i)
{
	struct page *page;

	mutex_lock(&mm->mmap_lock);
	page = follow_page(mm, addr_of(i));
	mutex_unlock(&mm->mmap_lock);
	return page;
}

/* Slot i's page is mapped at its address and holds its pattern. */
static bool mapped_and_intact(struct mm_struct *mm, unsigned int i)
{
	struct page *page = mapped_page(mm, i);
	bool ok = page && holds(page, i);

	if (page)
		put_page(page);
	return ok;
}

static bool pte_holds_swap(struct mm_struct *mm, unsigned int i)
{
	pte_t *ptep;
	bool swap;

	mutex_lock(&mm->mmap_lock);
	ptep = pte_lookup(mm, addr_of(i));
	swap = ptep && pte_is_swap(ptep_get(ptep));
	mutex_unlock(&mm->mmap_lock);
	return swap;
}

/*
 * One attempt: NR_PAGES patterned pages, each given a slot and unmapped.
 * True when the slots came out consecutive on one area (the allocator's
 * current cluster may end in the middle: the caller tries again, and the
 * fresh cluster of SWAPFILE_CLUSTER slots then holds them all).
 */
static bool try_swap_out_run(struct ktest *t, struct swapped *s)
{
	s->mm = mm_alloc();
	if (!s->mm)
		return false;
	if (do_mmap(s->mm, BASE, NR_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0) != (long)BASE)
		return false;
	for (unsigned int i = 0; i < NR_PAGES; i++) {
		struct page *page;

		if (handle_mm_fault(s->mm, addr_of(i), FAULT_WRITE, 0) != FAULT_OK)
			return false;
		page = s->page[i] = mapped_page(s->mm, i);
		if (!page)
			return false;
		fill(page, i);
		if (!trylock_page(page))
			return false;
		if (!add_to_swap_locked(page)) {
			unlock_page(page);
			return false;
		}
		s->e[i].val = page->index;
		unlock_page(page);
		KT_EXPECT_EQ(t, try_to_unmap(page), SWAP_SUCCESS);
	}
	for (unsigned int i = 1; i < NR_PAGES; i++)
		if (swp_type(s->e[i]) != swp_type(s->e[0]) ||
		    swp_offset(s->e[i]) != swp_offset(s->e[0]) + i)
			return false;
	return !swap_entry_location(s->e[0], &s->bdev, &s->sector);
}

static void release(struct swapped *s)
{
	for (unsigned int i = 0; i < NR_PAGES; i++) {
		if (s->page[i])
			put_page(s->page[i]);
		s->page[i] = NULL;
	}
	if (s->mm)
		mmput(s->mm);
	s->mm = NULL;
	swap_cache_drop_unused();
}

/* NR_PAGES pages in consecutive slots, swap cache pages (dirty, unmapped) with a reference each. */
static bool swap_out_run(struct ktest *t, struct swapped *s)
{
	for (int attempt = 0; attempt < 3; attempt++) {
		memset(s, 0, sizeof(*s));
		if (try_swap_out_run(t, s))
			return true;
		release(s);
	}
	return false;
}

/* Write every page synchronously and drop it from memory: only the disk holds the data then. */
static bool write_and_drop(struct ktest *t, struct swapped *s)
{
	for (unsigned int i = 0; i < NR_PAGES; i++) {
		struct page *page = s->page[i];

		lock_page(page);
		KT_EXPECT(t, clear_page_dirty_for_io(page));
		if (rw_swap_page(BLOCK_WRITE, s->e[i], page, true))
			return false;
		lock_page(page);
		KT_EXPECT_EQ(t, page_count(page), 2); /* ours and the cache's */
		delete_from_swap_cache(page);
		unlock_page(page);
		put_page(page);
		s->page[i] = NULL;
	}
	for (unsigned int i = 0; i < NR_PAGES; i++)
		if (!pte_holds_swap(s->mm, i))
			return false;
	return true;
}

/* How many of slots [first, first + n) hold their page's pattern on the disk. */
static unsigned int on_disk_intact(struct swapped *s, unsigned int first, unsigned int n)
{
	struct page *scratch = alloc_page(GFP_KERNEL);
	unsigned int good = 0;

	if (!scratch)
		return 0;
	for (unsigned int i = first; i < first + n; i++)
		good += !block_rw(s->bdev, BLOCK_READ, s->sector + (u64)i * SECTORS, SECTORS,
				  scratch, 0) && holds(scratch, i);
	__free_page(scratch);
	return good;
}

/* The first page index whose slot starts an aligned read-ahead window, at or after `from`. */
static unsigned int window_start(struct swapped *s, unsigned int from)
{
	unsigned long off = swp_offset(s->e[0]) + from;

	return from + (unsigned int)((RA_WINDOW - off % RA_WINDOW) % RA_WINDOW);
}

/* The cached page of page i's slot is uptodate and holds page i's data. */
static bool cached_intact(struct swapped *s, unsigned int i)
{
	struct page *page = lookup_swap_cache(s->e[i]);
	bool ok;

	if (!page)
		return false;
	wait_on_page(page);
	ok = PageUptodate(page) && !PageError(page) && holds(page, i);
	put_page(page);
	return ok;
}

/* Wait for the reads of window [w, w + RA_WINDOW): the fault only waited for its own page. */
static void wait_window(struct swapped *s, unsigned int w)
{
	for (unsigned int i = w; i < w + RA_WINDOW; i++) {
		struct page *page = lookup_swap_cache(s->e[i]);

		if (page) {
			wait_on_page(page);
			put_page(page);
		}
	}
}

/* A fresh run of NR_PAGES pages, written and dropped: only the disk holds them. */
static bool on_disk_only(struct ktest *t, struct swapped *s)
{
	return s && swap_out_run(t, s) && write_and_drop(t, s);
}

/* Tear a test's run down; every slot it took is free again. */
static void release_all(struct ktest *t, struct swapped *s, unsigned long free_before)
{
	release(s);
	kfree(s);
	KT_EXPECT_EQ(t, nr_swap_pages, free_before);
}

struct counts {
	unsigned long reads, writes, errors;
	struct swap_stats io;
};

static struct counts counts_now(struct swapped *s)
{
	struct counts c = { s->bdev->reads, s->bdev->writes, s->bdev->errors };

	swap_stats(&c.io);
	return c;
}

KTEST(swap_batch, readahead_of_a_cluster_is_one_read_request_per_run)
{
	unsigned long free = nr_swap_pages;
	struct swapped *s = kmalloc(sizeof(*s), GFP_KERNEL);
	struct counts c0, c1;
	unsigned int w, fault, cached;
	struct page *page;

	KT_ASSERT_EQ(t, 1u << page_cluster, RA_WINDOW);
	KT_ASSERT(t, on_disk_only(t, s));
	w = window_start(s, 0);
	KT_ASSERT(t, w + 2 * RA_WINDOW <= NR_PAGES);

	/* A whole window of slots in use, none cached: one request for all of it. */
	fault = w + 3;
	swapin_readahead_reset();
	c0 = counts_now(s);
	KT_EXPECT_EQ(t, handle_mm_fault(s->mm, addr_of(fault), 0, 0), FAULT_OK);
	wait_window(s, w);
	c1 = counts_now(s);
	ktest_log("read-ahead of %u slots: %lu read requests, pswpin +%lu", RA_WINDOW,
		  c1.reads - c0.reads, c1.io.pswpin - c0.io.pswpin);
	KT_EXPECT_EQ(t, c1.reads - c0.reads, 1);
	KT_EXPECT_EQ(t, c1.io.requests - c0.io.requests, 1);
	KT_EXPECT_EQ(t, c1.io.pswpin - c0.io.pswpin, RA_WINDOW);
	KT_EXPECT_EQ(t, c1.errors, c0.errors);
	for (unsigned int i = w; i < w + RA_WINDOW; i++)
		KT_EXPECT(t, cached_intact(s, i));
	KT_EXPECT(t, mapped_and_intact(s->mm, fault));

	/* The next window with one slot cached already: the runs on either side, two requests. */
	cached = w + RA_WINDOW + 5;
	page = read_swap_cache_async(s->e[cached]);
	KT_ASSERT(t, page != NULL);
	wait_on_page(page);
	put_page(page);
	fault = w + RA_WINDOW + 1;
	swapin_readahead_reset(); /* the window before found none of its pages: it narrowed */
	c0 = counts_now(s);
	KT_EXPECT_EQ(t, handle_mm_fault(s->mm, addr_of(fault), 0, 0), FAULT_OK);
	wait_window(s, w + RA_WINDOW);
	c1 = counts_now(s);
	KT_EXPECT_EQ(t, c1.reads - c0.reads, 2);
	KT_EXPECT_EQ(t, c1.io.pswpin - c0.io.pswpin, RA_WINDOW - 1);
	for (unsigned int i = w + RA_WINDOW; i < w + 2 * RA_WINDOW; i++)
		KT_EXPECT(t, cached_intact(s, i));
	KT_EXPECT(t, mapped_and_intact(s->mm, fault));

	release_all(t, s, free);
}

KTEST(swap_batch, launder_writes_consecutive_slots_sixteen_pages_a_request)
{
	unsigned long free = nr_swap_pages;
	struct swapped *s = kmalloc(sizeof(*s), GFP_KERNEL);
	unsigned int dirty = 0, locked = 0, errors = 0;
	struct counts c0, c1;

	KT_ASSERT(t, s != NULL);
	/* Nothing else of ours left to write first: the counts below are this launder's. */
	page_launder(GFP_KERNEL, true);
	KT_ASSERT(t, swap_out_run(t, s));
	for (unsigned int i = 0; i < NR_PAGES; i++) {
		deactivate_page(s->page[i]);
		KT_EXPECT(t, PageInactiveDirty(s->page[i]) && PageDirty(s->page[i]));
	}
	c0 = counts_now(s);
	page_launder(GFP_KERNEL, true);
	c1 = counts_now(s);
	ktest_log("launder of %u pages in consecutive slots: %lu write requests, pswpout +%lu",
		  NR_PAGES, c1.writes - c0.writes, c1.io.pswpout - c0.io.pswpout);
	KT_EXPECT_EQ(t, c1.writes - c0.writes, (NR_PAGES + BLOCK_MAX_PAGES - 1) / BLOCK_MAX_PAGES);
	KT_EXPECT_EQ(t, c1.io.pswpout - c0.io.pswpout, NR_PAGES);
	KT_EXPECT_EQ(t, c1.errors, c0.errors);
	KT_EXPECT_EQ(t, c1.io.in_flight, 0);
	for (unsigned int i = 0; i < NR_PAGES; i++) {
		dirty += PageDirty(s->page[i]);
		locked += PageLocked(s->page[i]);
		errors += PageError(s->page[i]);
	}
	KT_EXPECT_EQ(t, dirty, 0);
	KT_EXPECT_EQ(t, locked, 0);
	KT_EXPECT_EQ(t, errors, 0);
	KT_EXPECT_EQ(t, on_disk_intact(s, 0, NR_PAGES), NR_PAGES);

	release_all(t, s, free);
}

/* nr_bad of the area holding entry e (swap_areas_snapshot). */
static unsigned long area_nr_bad(swp_entry_t e)
{
	struct swap_area_info a[MAX_SWAPFILES];
	int n = swap_areas_snapshot(a, MAX_SWAPFILES);

	for (int i = 0; i < n; i++)
		if (a[i].swap_type == swp_type(e))
			return a[i].nr_bad;
	return ~0UL;
}

#define BAD_WRITE 5 /* inside the first request of sixteen */

/*
 * at_completion: the failure comes from the device's completion (in the
 * ATA interrupt) instead of from submit_request, so the page-by-page redo
 * starts from interrupt context.
 */
static void multi_page_write_failure(struct ktest *t, bool at_completion)
{
	struct swapped *s = kmalloc(sizeof(*s), GFP_KERNEL);
	unsigned long bad0, written_errors0 = swap_cache_stats.write_errors;
	unsigned int clean = 0, marked = 0;
	struct counts c0, c1;
	struct page *bad;

	KT_ASSERT(t, s != NULL);
	page_launder(GFP_KERNEL, true);
	KT_ASSERT(t, swap_out_run(t, s));
	for (unsigned int i = 0; i < NR_PAGES; i++)
		deactivate_page(s->page[i]);
	bad = s->page[BAD_WRITE];
	bad0 = area_nr_bad(s->e[0]);
	block_fail_inject_at_completion(at_completion);
	block_fail_inject(s->bdev, BLOCK_WRITE, s->sector + BAD_WRITE * SECTORS,
			  s->sector + (BAD_WRITE + 1) * SECTORS);
	c0 = counts_now(s);
	page_launder(GFP_KERNEL, true);
	c1 = counts_now(s);
	/* The first request failed and was redone page by page; the others went through. */
	ktest_log("launder with slot %u failing: %lu writes, %lu errors, %lu retried",
		  BAD_WRITE, c1.writes - c0.writes, c1.errors - c0.errors,
		  c1.io.retried - c0.io.retried);
	KT_EXPECT_EQ(t, c1.io.retried - c0.io.retried, 1);
	KT_EXPECT_EQ(t, c1.errors - c0.errors, 2);           /* the request of 16, then slot 5 alone */
	KT_EXPECT_EQ(t, c1.writes - c0.writes,
		     BLOCK_MAX_PAGES - 1 + (NR_PAGES - 1) / BLOCK_MAX_PAGES);
	KT_EXPECT_EQ(t, c1.io.write_errors - c0.io.write_errors, 1);
	KT_EXPECT_EQ(t, c1.io.pswpout - c0.io.pswpout, NR_PAGES);
	KT_EXPECT(t, PageError(bad) && !PageLocked(bad));
	/* The next launder finds the error: the page stays, dirty, and its slot goes bad. */
	for (int i = 0; i < 4 && PageInactiveDirty(bad); i++)
		page_launder(GFP_KERNEL, true);
	block_fail_inject(NULL, BLOCK_WRITE, 0, 0);
	block_fail_inject_at_completion(false);
	KT_EXPECT(t, PageActive(bad) && PageDirty(bad) && PageSwapCache(bad));
	KT_EXPECT(t, holds(bad, BAD_WRITE));
	KT_EXPECT_EQ(t, swap_cache_stats.write_errors - written_errors0, 1);
	KT_EXPECT_EQ(t, area_nr_bad(s->e[0]) - bad0, 1);
	for (unsigned int i = 0; i < NR_PAGES; i++) {
		if (i == BAD_WRITE)
			continue;
		clean += !PageDirty(s->page[i]) && !PageError(s->page[i]) && holds(s->page[i], i);
	}
	KT_EXPECT_EQ(t, clean, NR_PAGES - 1);
	KT_EXPECT_EQ(t, on_disk_intact(s, 0, BAD_WRITE), BAD_WRITE);
	KT_EXPECT_EQ(t, on_disk_intact(s, BAD_WRITE + 1, NR_PAGES - BAD_WRITE - 1),
		     NR_PAGES - BAD_WRITE - 1);

	release(s);
	/* Every slot free again but the bad one, which never comes back. */
	for (unsigned int i = 0; i < NR_PAGES; i++) {
		int n = swap_count(s->e[i]);

		if (i == BAD_WRITE)
			KT_EXPECT(t, n < 0);
		else
			KT_EXPECT_EQ(t, n, 0);
		marked += n < 0;
	}
	KT_EXPECT_EQ(t, marked, 1);
	kfree(s);
}

KTEST(swap_batch, failed_multi_page_write_marks_only_the_failing_slot_bad)
{
	multi_page_write_failure(t, false);
}

KTEST(swap_batch, multi_page_write_failed_by_the_device_marks_only_the_failing_slot_bad)
{
	multi_page_write_failure(t, true);
}

KTEST(swap_batch, failed_multi_page_read_fails_only_the_bad_slot)
{
	unsigned long free = nr_swap_pages;
	struct swapped *s = kmalloc(sizeof(*s), GFP_KERNEL);
	unsigned int w, bad_slot, fault;
	struct counts c0, c1;
	struct page *page;

	KT_ASSERT(t, on_disk_only(t, s));
	w = window_start(s, 0);
	bad_slot = w + 6;
	fault = w + 2;
	block_fail_inject(s->bdev, BLOCK_READ, s->sector + (u64)bad_slot * SECTORS,
			  s->sector + (u64)(bad_slot + 1) * SECTORS);
	swapin_readahead_reset();
	c0 = counts_now(s);
	/* The faulting page's neighbour is bad: the fault still maps the right data. */
	KT_EXPECT_EQ(t, handle_mm_fault(s->mm, addr_of(fault), 0, 0), FAULT_OK);
	wait_window(s, w);
	c1 = counts_now(s);
	KT_EXPECT_EQ(t, c1.io.retried - c0.io.retried, 1);
	KT_EXPECT_EQ(t, c1.io.read_errors - c0.io.read_errors, 1);
	KT_EXPECT(t, mapped_and_intact(s->mm, fault));
	for (unsigned int i = w; i < w + RA_WINDOW; i++)
		if (i != bad_slot)
			KT_EXPECT(t, cached_intact(s, i));
	page = lookup_swap_cache(s->e[bad_slot]);
	KT_EXPECT(t, page && !PageUptodate(page) && PageError(page));
	if (page)
		put_page(page);
	/* A fault on the bad slot itself is SIGBUS, and its PTE keeps the entry. */
	KT_EXPECT_EQ(t, handle_mm_fault(s->mm, addr_of(bad_slot), 0, 0), FAULT_SIGBUS);
	KT_EXPECT(t, pte_holds_swap(s->mm, bad_slot));
	block_fail_inject(NULL, BLOCK_READ, 0, 0);
	/* The device reads again: so does the page. */
	KT_EXPECT_EQ(t, handle_mm_fault(s->mm, addr_of(bad_slot), 0, 0), FAULT_OK);
	KT_EXPECT(t, mapped_and_intact(s->mm, bad_slot));

	release_all(t, s, free);
}

/*
 * Fault page i in (a read fault), wait for whatever its read-ahead started
 * (all inside i's aligned window of RA_WINDOW slots) and return how many
 * pages that read (pswpin). The page must then be mapped with its data.
 */
static unsigned long fault_and_count_reads(struct ktest *t, struct swapped *s, unsigned int i)
{
	unsigned int in_window = (unsigned int)((swp_offset(s->e[0]) + i) % RA_WINDOW);
	struct counts c0 = counts_now(s), c1;

	KT_EXPECT_EQ(t, handle_mm_fault(s->mm, addr_of(i), 0, 0), FAULT_OK);
	if (i >= in_window && i - in_window + RA_WINDOW <= NR_PAGES)
		wait_window(s, i - in_window);
	c1 = counts_now(s);
	KT_EXPECT(t, mapped_and_intact(s->mm, i));
	return c1.io.pswpin - c0.io.pswpin;
}

/*
 * Faults far apart, one in each fresh window from w on, none using a
 * neighbour: the window halves from the widest to one slot. Returns the
 * number of windows used.
 */
static unsigned int scattered_faults(struct ktest *t, struct swapped *s, unsigned int w)
{
	unsigned int k = 0;

	for (unsigned int width = RA_WINDOW; width; width /= 2, k++) {
		unsigned long n = fault_and_count_reads(t, s, w + k * RA_WINDOW + 3);

		ktest_log("scattered fault %u: %lu pages read", k, n);
		KT_EXPECT_EQ(t, n, width);
	}
	return k;
}

KTEST(swap_batch, readahead_narrows_while_faults_find_none_of_its_pages)
{
	unsigned long free = nr_swap_pages;
	struct swapped *s = kmalloc(sizeof(*s), GFP_KERNEL);
	unsigned int w;

	KT_ASSERT(t, on_disk_only(t, s));
	w = window_start(s, 0);
	KT_ASSERT(t, w + 6 * RA_WINDOW <= NR_PAGES);
	swapin_readahead_reset();
	w += scattered_faults(t, s, w) * RA_WINDOW;
	/* At one slot it stays there: the next far fault reads its own page only. */
	KT_EXPECT_EQ(t, fault_and_count_reads(t, s, w + 6), 1);

	release_all(t, s, free);
}

KTEST(swap_batch, readahead_widens_again_for_a_scan_that_uses_its_pages)
{
	unsigned long free = nr_swap_pages;
	struct swapped *s = kmalloc(sizeof(*s), GFP_KERNEL);
	unsigned int w, scan;

	KT_ASSERT(t, on_disk_only(t, s));
	w = window_start(s, 0);
	KT_ASSERT(t, w + 7 * RA_WINDOW <= NR_PAGES);
	swapin_readahead_reset();
	scan = w + scattered_faults(t, s, w) * RA_WINDOW;
	/*
	 * From one slot, page by page through two fresh windows: the fault
	 * next to the last one reads a pair ([2, 4) of the scan), a window
	 * whose neighbours were all found doubles ([4, 8), [8, 16), ... up to
	 * the widest), and the pages read ahead are found without a read.
	 */
	for (unsigned int k = 0; k < 2 * RA_WINDOW; k++) {
		unsigned long n = fault_and_count_reads(t, s, scan + k);
		unsigned long want = k < 2 ? 1 : (k & (k - 1)) == 0 ? MIN(k, RA_WINDOW) : 0;

		ktest_log("scan fault %u: %lu pages read", k, n);
		KT_EXPECT_EQ(t, n, want);
	}

	release_all(t, s, free);
}

/*
 * Shared anonymous memory goes to swap through its own object
 * (mm/shmem.c), and a fault on one of its pages reads ahead like a
 * private page's fault: the neighbours, written out together, come back
 * in the same request and are found by their own faults without a read.
 */
#define SHM_PAGES (3 * RA_WINDOW)

/* Page i of the object out the page_launder way: unmapped, written by the object's writepage, dropped. */
static bool shm_evict(struct ktest *t, struct mm_struct *mm, unsigned int i, swp_entry_t *e)
{
	struct page *page = mapped_page(mm, i);
	struct address_space *mapping;
	bool ok;

	if (!page)
		return false;
	fill(page, i);
	KT_EXPECT_EQ(t, try_to_unmap(page), SWAP_SUCCESS);
	lock_page(page);
	mapping = page->mapping;
	if (!clear_page_dirty_for_io(page)) {
		unlock_page(page);
		put_page(page);
		return false;
	}
	if (mapping->a_ops->writepage(mapping, page)) { /* kept: it unlocked the page */
		put_page(page);
		return false;
	}
	wait_on_page(page); /* the write unlocks it */
	lock_page(page);
	ok = PageSwapCache(page) && PageUptodate(page) && !PageError(page) && page_count(page) == 2;
	if (ok) {
		e->val = page->index;
		delete_from_swap_cache(page);
	}
	unlock_page(page);
	put_page(page);
	return ok;
}

/* An mm whose SHM_PAGES shared anonymous pages are on the disk only, in consecutive slots. */
static struct mm_struct *shm_on_disk_only(struct ktest *t, swp_entry_t *e)
{
	for (int attempt = 0; attempt < 3; attempt++) {
		struct mm_struct *mm = mm_alloc();
		bool ok = mm && do_mmap(mm, BASE, SHM_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
					MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, NULL, 0) == (long)BASE;

		for (unsigned int i = 0; ok && i < SHM_PAGES; i++)
			ok = handle_mm_fault(mm, addr_of(i), FAULT_WRITE, 0) == FAULT_OK;
		for (unsigned int i = 0; ok && i < SHM_PAGES; i++)
			ok = shm_evict(t, mm, i, &e[i]);
		for (unsigned int i = 1; ok && i < SHM_PAGES; i++)
			ok = swp_type(e[i]) == swp_type(e[0]) && swp_offset(e[i]) == swp_offset(e[0]) + i;
		if (ok)
			return mm;
		if (mm)
			mmput(mm);
		swap_cache_drop_unused();
	}
	return NULL;
}

KTEST(swap_batch, shared_anonymous_fault_reads_ahead_like_a_private_one)
{
	unsigned long free = nr_swap_pages, hits;
	swp_entry_t *e = kmalloc(SHM_PAGES * sizeof(*e), GFP_KERNEL);
	struct mm_struct *mm;
	struct swap_stats io0, io1;
	unsigned int w;

	KT_ASSERT(t, e != NULL);
	mm = shm_on_disk_only(t, e);
	if (!mm)
		kfree(e);
	KT_ASSERT(t, mm != NULL);
	w = (RA_WINDOW - swp_offset(e[0]) % RA_WINDOW) % RA_WINDOW; /* the first aligned window */

	swapin_readahead_reset();
	swap_stats(&io0);
	KT_EXPECT_EQ(t, handle_mm_fault(mm, addr_of(w + 3), 0, 0), FAULT_OK);
	for (unsigned int i = w; i < w + RA_WINDOW; i++) {
		struct page *page = lookup_swap_cache(e[i]);

		if (!page)
			continue;
		wait_on_page(page);
		KT_EXPECT(t, PageUptodate(page) && holds(page, i));
		put_page(page);
	}
	swap_stats(&io1);
	ktest_log("shared anonymous fault: pswpin +%lu", io1.pswpin - io0.pswpin);
	KT_EXPECT_EQ(t, io1.pswpin - io0.pswpin, RA_WINDOW);
	KT_EXPECT(t, mapped_and_intact(mm, w + 3));

	/* The neighbours' faults find their pages: no read, each a read-ahead hit. */
	hits = vm_event_get(SWAP_RA_HIT);
	for (unsigned int i = w; i < w + RA_WINDOW; i++) {
		if (i == w + 3)
			continue;
		KT_EXPECT_EQ(t, handle_mm_fault(mm, addr_of(i), 0, 0), FAULT_OK);
		KT_EXPECT(t, mapped_and_intact(mm, i));
	}
	swap_stats(&io0);
	KT_EXPECT_EQ(t, io0.pswpin, io1.pswpin);
	KT_EXPECT_EQ(t, vm_event_get(SWAP_RA_HIT) - hits, RA_WINDOW - 1);

	mmput(mm);
	swap_cache_drop_unused();
	kfree(e);
	KT_EXPECT_EQ(t, nr_swap_pages, free);
}
