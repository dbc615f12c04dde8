/*
 * Swap I/O errors (issue 10), with the block layer's failure hook
 * (block_fail_inject) on the swap disks of the disks image:
 *   - a failed swap-in is SIGBUS for that fault only: the PTE keeps its
 *     swap entry, and once the device reads again the data comes back;
 *   - a failed swap-out keeps the page in memory, dirty and active, with
 *     its contents intact, and its slot marked bad (never handed out again).
 * Suite: swap_io (needs a swap area).
 */
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "mm/vm.h"
#include "mm/lru.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "mm/vmscan.h"
#include "mm/pagemap.h"
#include "drivers/block.h"

KTEST_SUITE_NEEDS(swap_io, "swap");

#define BASE 0x50000000UL

/* One anonymous page at BASE filled with a pattern; returns it (referenced) or NULL. */
static struct page *anon_page(struct mm_struct *mm, u8 seed)
{
	struct page *page;
	u8 *k;

	if (do_mmap(mm, BASE, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
		    MAP_FIXED, NULL, 0) != (long)BASE)
		return NULL;
	if (handle_mm_fault(mm, BASE, FAULT_WRITE, 0) != FAULT_OK)
		return NULL;
	mutex_lock(&mm->mmap_lock);
	page = follow_page(mm, BASE);
	mutex_unlock(&mm->mmap_lock);
	if (!page)
		return NULL;
	k = kmap(page);
	for (unsigned int i = 0; i < PAGE_SIZE; i++)
		k[i] = (u8)(i * 31 + seed);
	kunmap(page);
	return page;
}

static bool page_holds(struct page *page, u8 seed)
{
	u8 *k = kmap(page);
	bool ok = true;

	for (unsigned int i = 0; i < PAGE_SIZE && ok; i++)
		ok = k[i] == (u8)(i * 31 + seed);
	kunmap(page);
	return ok;
}

/* Evict the page the reclaim way: a slot, the PTE gets the entry. */
static swp_entry_t swap_out_page(struct ktest *t, struct page *page)
{
	swp_entry_t e = { 0 };

	KT_EXPECT(t, trylock_page(page));
	KT_EXPECT(t, add_to_swap_locked(page));
	e.val = page->index;
	unlock_page(page);
	KT_EXPECT_EQ(t, try_to_unmap(page), SWAP_SUCCESS);
	return e;
}

static pte_t pte_at(struct mm_struct *mm)
{
	pte_t pte = { 0 };

	mutex_lock(&mm->mmap_lock);
	if (pte_lookup(mm, BASE))
		pte = ptep_get(pte_lookup(mm, BASE));
	mutex_unlock(&mm->mmap_lock);
	return pte;
}

KTEST(swap_io, failed_swap_in_is_sigbus_and_the_entry_stays)
{
	struct mm_struct *mm = mm_alloc();
	struct block_device *bdev;
	struct page *page;
	swp_entry_t e;
	u64 sector;

	KT_ASSERT(t, mm != NULL);
	page = anon_page(mm, 7);
	KT_ASSERT(t, page != NULL);
	e = swap_out_page(t, page);
	KT_ASSERT(t, e.val != 0);
	/* Written, then out of the cache: the only copy is on the disk. */
	lock_page(page);
	KT_EXPECT(t, clear_page_dirty_for_io(page));
	KT_EXPECT_EQ(t, rw_swap_page(BLOCK_WRITE, e, page, true), 0);
	lock_page(page);
	KT_EXPECT_EQ(t, page_count(page), 2);
	delete_from_swap_cache(page);
	unlock_page(page);
	put_page(page);
	KT_EXPECT(t, pte_is_swap(pte_at(mm)));
	KT_ASSERT_EQ(t, swap_entry_location(e, &bdev, &sector), 0);

	block_fail_inject(bdev, BLOCK_READ, sector, sector + PAGE_SIZE / SECTOR_SIZE);
	KT_EXPECT_EQ(t, handle_mm_fault(mm, BASE, 0, 0), FAULT_SIGBUS);
	KT_EXPECT(t, pte_is_swap(pte_at(mm)));     /* the way back is still there */
	KT_EXPECT_EQ(t, swap_count(e), 1);         /* the PTE's count, nothing leaked */
	KT_EXPECT(t, block_fail_injected() > 0);
	block_fail_inject(NULL, BLOCK_READ, 0, 0);

	KT_EXPECT_EQ(t, handle_mm_fault(mm, BASE, 0, 0), FAULT_OK);
	mutex_lock(&mm->mmap_lock);
	page = follow_page(mm, BASE);
	mutex_unlock(&mm->mmap_lock);
	KT_ASSERT(t, page != NULL);
	KT_EXPECT(t, page_holds(page, 7));
	put_page(page);
	mmput(mm);
	swap_cache_drop_unused();
	KT_EXPECT(t, swap_count(e) <= 0);
}

KTEST(swap_io, failed_swap_out_keeps_the_page_and_marks_the_slot_bad)
{
	struct mm_struct *mm = mm_alloc();
	struct block_device *bdev;
	struct page *page;
	swp_entry_t e;
	u64 sector;

	KT_ASSERT(t, mm != NULL);
	page = anon_page(mm, 11);
	KT_ASSERT(t, page != NULL);
	e = swap_out_page(t, page);
	KT_ASSERT(t, e.val != 0);
	KT_ASSERT_EQ(t, swap_entry_location(e, &bdev, &sector), 0);
	deactivate_page(page);
	KT_EXPECT(t, PageInactiveDirty(page) && PageDirty(page));

	block_fail_inject(bdev, BLOCK_WRITE, sector, sector + PAGE_SIZE / SECTOR_SIZE);
	/* The launder writes it (and the write fails), then finds the error. */
	for (int i = 0; i < 4 && PageInactiveDirty(page); i++)
		page_launder(GFP_KERNEL, true);
	block_fail_inject(NULL, BLOCK_WRITE, 0, 0);
	KT_EXPECT(t, PageActive(page));           /* kept in memory */
	KT_EXPECT(t, PageDirty(page));            /* its data still to be written */
	KT_EXPECT(t, page_holds(page, 11));       /* and intact */
	KT_EXPECT(t, swap_cache_stats.write_errors > 0);

	/* The fault brings the same page back; the data is there. */
	KT_EXPECT_EQ(t, handle_mm_fault(mm, BASE, 0, 0), FAULT_OK);
	{
		struct page *p;

		mutex_lock(&mm->mmap_lock);
		p = follow_page(mm, BASE);
		mutex_unlock(&mm->mmap_lock);
		KT_EXPECT(t, p == page);
		if (p)
			put_page(p);
	}
	put_page(page);
	mmput(mm);
	swap_cache_drop_unused();
	/* A bad slot is never handed out again, even once nothing names it. */
	KT_EXPECT(t, swap_count(e) < 0 || swap_count(e) == 0);
	for (int i = 0; i < 64; i++) {
		swp_entry_t n = get_swap_page();

		KT_EXPECT(t, n.val != e.val);
		if (n.val)
			swap_free(n);
	}
}
