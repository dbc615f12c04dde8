/*
 * Clean swap-ins (issue 10, suite `swap_cache`): an anonymous page read
 * back from swap by a read fault and not written stays clean in the swap
 * cache with its slot kept, so reclaiming it once more writes nothing.
 *
 * The test acts as a process (tests/self/uspace_test.h: the CPU touches
 * the pages, so the hardware sets the accessed and dirty bits) on an mm
 * of its own holding NR_PAGES patterned private anonymous pages, and
 * drives reclaim's own steps on them: refill_inactive_scan (age to 0,
 * add_to_swap, try_to_unmap, deactivate), page_launder (write), then
 * reclaim_page (out of memory). It does this twice, with every page read
 * back in between, and checks that the second round wrote no page
 * (pswpout), that each page came back to the same slot and that the data
 * read from the disk afterwards is the pattern written at the start.
 * Suite: swap_cache (needs a swap area; run beside swap_io).
 */
#include "kernel/ktest.h"
#include "kernel/string.h"
#include "mm/vm.h"
#include "mm/lru.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "mm/vmscan.h"
#include "mm/vmstat.h"
#include "mm/internal.h"
#include "mm/pagemap.h"
#include "tests/self/uspace_test.h"

KTEST_SUITE_NEEDS(swap_cache, "swap");

#define BASE 0x52000000UL
#define NR_PAGES 32

static u32 pattern(unsigned int page, unsigned int word)
{
	u32 x = page * 0x9E3779B1u ^ word * 0x85EBCA6Bu;

	return x ^ x >> 15;
}

static u32 buf[PAGE_SIZE / 4];

/* Page i written whole through mm's tables, as a user store would. */
static bool write_page(struct mm_struct *mm, unsigned int i)
{
	unsigned long left;

	for (unsigned int w = 0; w < PAGE_SIZE / 4; w++)
		buf[w] = pattern(i, w);
	enter_mm(mm);
	left = copy_to_user((void __user *)(BASE + i * PAGE_SIZE), buf, PAGE_SIZE);
	leave_mm();
	return left == 0;
}

/* Page i read whole through mm's tables (a read fault if it is out); true if it holds its pattern. */
static bool read_page_intact(struct mm_struct *mm, unsigned int i)
{
	unsigned long left;

	memset(buf, 0, sizeof(buf));
	enter_mm(mm);
	left = copy_from_user(buf, (const void __user *)(BASE + i * PAGE_SIZE), PAGE_SIZE);
	leave_mm();
	if (left)
		return false;
	for (unsigned int w = 0; w < PAGE_SIZE / 4; w++)
		if (buf[w] != pattern(i, w))
			return false;
	return true;
}

static pte_t pte_of(struct mm_struct *mm, unsigned int i)
{
	pte_t pte = { 0 };
	pte_t *ptep;

	mutex_lock(&mm->mmap_lock);
	ptep = pte_lookup(mm, BASE + i * PAGE_SIZE);
	if (ptep)
		pte = ptep_get(ptep);
	mutex_unlock(&mm->mmap_lock);
	return pte;
}

/*
 * The frame mapped at page i, or NULL. No reference is kept: reclaim
 * leaves a page that somebody holds alone, and the struct page of a
 * frame stays where it is (its state is read through it afterwards).
 */
static struct page *page_of(struct mm_struct *mm, unsigned int i)
{
	struct page *page;

	mutex_lock(&mm->mmap_lock);
	page = follow_page(mm, BASE + i * PAGE_SIZE);
	mutex_unlock(&mm->mmap_lock);
	if (page)
		put_page(page);
	return page;
}

/* The swap cache page of page i's slot (referenced), or NULL when it left memory. */
static struct page *cached_page(struct mm_struct *mm, unsigned int i)
{
	pte_t pte = pte_of(mm, i);

	return pte_is_swap(pte) ? lookup_swap_cache((swp_entry_t){ pte_to_swp_val(pte) }) : NULL;
}

/* Page i is still mapped by an active page. */
static bool still_active(struct mm_struct *mm, unsigned int i)
{
	struct page *page = pte_present(pte_of(mm, i)) ? page_of(mm, i) : NULL;

	return page && page_lru(page) == LRU_ACTIVE;
}

/*
 * Reclaim every page of the mm the way kswapd does: age until
 * refill_inactive_scan deactivates them (add_to_swap for a page with no
 * slot, try_to_unmap), launder the inactive list, waiting for the writes,
 * then reclaim_page in each page's zone until the page has left the swap
 * cache. True when every page left memory and its PTE holds a swap entry.
 */
static bool reclaim_all(struct ktest *t, struct mm_struct *mm)
{
	bool active = true, gone = true;
	struct page *page;
	unsigned int i;

	for (int round = 0; round < 64 && active; round++) {
		refill_inactive_scan(0, 1 << 30);
		active = false;
		for (i = 0; i < NR_PAGES; i++)
			active |= still_active(mm, i);
	}
	KT_EXPECT(t, !active);
	for (int round = 0; round < 8; round++)
		page_launder(GFP_KERNEL, true);
	for (i = 0; i < NR_PAGES; i++) {
		struct zone *zone;

		page = cached_page(mm, i);
		if (!page)
			continue; /* reclaimed already */
		KT_EXPECT(t, !PageDirty(page) && page_lru(page) == LRU_INACTIVE_CLEAN);
		zone = page_zone(page);
		put_page(page);
		for (unsigned long n = 0; n < totalram_pages && page; n++) {
			struct page *p = reclaim_page(zone);

			if (!p)
				break;
			put_page(p);
			page = cached_page(mm, i);
			if (page)
				put_page(page);
		}
	}
	for (i = 0; i < NR_PAGES; i++) {
		page = cached_page(mm, i);
		gone &= !page && pte_is_swap(pte_of(mm, i));
		if (page)
			put_page(page);
	}
	return gone;
}

KTEST(swap_cache, unchanged_swapped_in_pages_are_reclaimed_again_without_a_write)
{
	static unsigned long slot[NR_PAGES];
	unsigned long free = nr_swap_pages, out;
	struct mm_struct *mm = mm_alloc();
	unsigned int i, bad = 0;

	KT_ASSERT(t, mm != NULL);
	KT_ASSERT_EQ(t, do_mmap(mm, BASE, NR_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0), (long)BASE);
	for (i = 0; i < NR_PAGES; i++)
		KT_ASSERT(t, write_page(mm, i));

	/* 1. Out once: every page written to its new slot. */
	out = vm_event_get(PSWPOUT);
	KT_EXPECT(t, reclaim_all(t, mm));
	KT_EXPECT(t, vm_event_get(PSWPOUT) - out >= NR_PAGES);
	for (i = 0; i < NR_PAGES; i++)
		slot[i] = pte_to_swp_val(pte_of(mm, i));

	/* 2. Read back by read faults: clean swap cache pages, mapped read-only, slot kept. */
	for (i = 0; i < NR_PAGES; i++) {
		struct page *page;
		pte_t pte;

		bad += !read_page_intact(mm, i);
		page = page_of(mm, i);
		KT_ASSERT(t, page != NULL);
		pte = pte_of(mm, i);
		KT_EXPECT(t, PageSwapCache(page) && page->index == slot[i]);
		KT_EXPECT(t, !PageDirty(page));
		KT_EXPECT(t, !pte_write(pte) && !pte_dirty(pte));
		KT_EXPECT_EQ(t, swap_count((swp_entry_t){ slot[i] }), 1); /* the cache's count */
	}
	KT_EXPECT_EQ(t, bad, 0);

	/* 3. Out again: nothing to write, each page goes back to its slot. */
	out = vm_event_get(PSWPOUT);
	KT_EXPECT(t, reclaim_all(t, mm));
	ktest_log("second reclaim of %u unchanged pages: pswpout +%lu", NR_PAGES,
		  vm_event_get(PSWPOUT) - out);
	KT_EXPECT_EQ(t, vm_event_get(PSWPOUT) - out, 0);
	for (i = 0; i < NR_PAGES; i++)
		KT_EXPECT_EQ(t, pte_to_swp_val(pte_of(mm, i)), slot[i]);

	/* 4. What the disk holds is still the pattern. */
	for (i = 0; i < NR_PAGES; i++)
		bad += !read_page_intact(mm, i);
	KT_EXPECT_EQ(t, bad, 0);
	mmput(mm);
	swap_cache_drop_unused();
	KT_EXPECT_EQ(t, nr_swap_pages, free);
}
