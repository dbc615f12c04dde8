/*
 * The swap cache (seed 004: "the swap cache is just the part of the page
 * cache associated with swap devices"): swapper_space is an address_space
 * like a file's, indexed by swap entry value, so the page-cache hash,
 * page lock, LRU lists and page_launder serve anonymous pages unchanged.
 * Also the way back in: read_swap_cache_async, swap read-ahead, and
 * try_to_unuse for swapoff.
 *
 * An anonymous page gets a slot only when reclaim chooses to evict it
 * (add_to_swap). While in the swap cache it has PG_swapcache, mapping =
 * &swapper_space and index = the entry's value.
 *
 * Reference counts:
 *   - the swap cache holds one page reference (the page cache's) and one
 *     count on the slot (swap_map): taken by add_to_swap_cache, dropped by
 *     delete_from_swap_cache;
 *   - every PTE that holds the swap entry instead of the page holds one
 *     count on the slot (try_to_unmap takes it, do_swap_page, zap and exit
 *     drop it, fork duplicates it), and a shared anonymous object holds
 *     one for each of its pages that lives in swap (mm/shmem.c).
 * So a slot is free exactly when no PTE, no object and no cache page names it.
 *
 * Locking: the page cache's lock and the page lock, as for any cached
 * page; a page enters or leaves the swap cache only while locked. The
 * slot counts have their own lock inside mm/swapfile.c.
 */
#include "mm/swap.h"
#include "mm/lru.h"
#include "mm/internal.h"
#include "mm/pagemap.h"
#include "mm/vm.h"
#include "mm/rmap.h"
#include "mm/vmstat.h"
#include "mm/vmscan.h"
#include "mm/debug.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/string.h"

static int swap_writepage(struct address_space *mapping, struct page *page);

static const struct address_space_operations swap_aops = {
	.writepage = swap_writepage,
};

struct address_space swapper_space = {
	.a_ops = &swap_aops,
};

struct swap_cache_stats swap_cache_stats;

static inline swp_entry_t page_swap_entry(const struct page *page)
{
	return (swp_entry_t){ page->index };
}

/* ------------------------------------------------------ in and out -- */

/*
 * add_to_swap_cache: put a page that is in no cache into the swap cache at
 * entry, taking the slot count the cache holds. The page comes back
 * locked (`locked`: the caller locked it already). -EEXIST when another
 * page is there, -ENOENT when the slot is not in use (freed meanwhile):
 * the page is untouched then.
 */
static int add_to_swap_cache(struct page *page, swp_entry_t entry, bool locked)
{
	int err;

	unsigned long flags;

	if (swap_duplicate(entry))
		return -ENOENT;
	/* Flag, mapping and slot count change together (the checker may look at any time). */
	flags = arch_irq_save();
	set_page_flag(page, PG_swapcache); /* before the mapping: PageAnon stays true */
	err = locked ? add_to_page_cache_locked(page, &swapper_space, entry.val)
		     : add_to_page_cache(page, &swapper_space, entry.val);
	if (err)
		clear_page_flag(page, PG_swapcache);
	arch_irq_restore(flags);
	if (err) {
		swap_free(entry);
		return err;
	}
	swap_cache_stats.added++;
	return 0;
}

bool add_to_swap_locked(struct page *page)
{
	swp_entry_t entry;

	VM_BUG_ON_PAGE(!PageLocked(page), page);
	VM_BUG_ON_PAGE(page->mapping, page);
	entry = get_swap_page();
	if (!entry.val)
		return false;
	if (add_to_swap_cache(page, entry, true)) {
		swap_free(entry);
		return false;
	}
	swap_free(entry); /* get_swap_page's count: the cache's is held now */
	/* The only copy of the data is in memory: page_launder must write it. */
	set_page_flag(page, PG_uptodate);
	set_page_dirty(page);
	lru_trace_event(page, "add_to_swap");
	return true;
}

void delete_from_swap_cache(struct page *page)
{
	swp_entry_t entry = page_swap_entry(page);

	unsigned long flags;

	VM_BUG_ON_PAGE(!PageLocked(page), page);
	VM_BUG_ON_PAGE(!PageSwapCache(page), page);
	flags = arch_irq_save(); /* as in add_to_swap_cache: all three change together */
	remove_from_page_cache(page);
	clear_page_flag(page, PG_swapcache);
	clear_page_flag(page, PG_readahead);
	swap_free(entry);
	arch_irq_restore(flags);
	swap_cache_stats.deleted++;
	lru_trace_event(page, "delete_from_swap_cache");
}

bool try_to_free_swap(struct page *page)
{
	swp_entry_t entry = page_swap_entry(page);

	if (!PageSwapCache(page) || PageLocked(page) || swap_count(entry) != 1)
		return false;
	if (!trylock_page(page))
		return false;
	if (PageSwapCache(page) && page_swap_entry(page).val == entry.val &&
	    swap_count(entry) == 1) {
		delete_from_swap_cache(page);
		unlock_page(page);
		return true;
	}
	unlock_page(page);
	return false;
}

void free_swap_and_cache(swp_entry_t entry)
{
	struct page *page;

	swap_free(entry);
	if (swap_count(entry) != 1)
		return;
	/* Only the swap cache names the slot now: the page is nobody's. */
	page = find_get_page(&swapper_space, entry.val);
	if (!page)
		return;
	if (!page_mapped(page) && page_count(page) == 2)
		try_to_free_swap(page);
	put_page(page);
}

unsigned long swap_cache_drop_unused(void)
{
	unsigned long n = 0;

	for (unsigned int type = 0; type < MAX_SWAPFILES && swapper_space.nrpages; type++) {
		for (unsigned long off = swap_next_used(type, 1); off;
		     off = swap_next_used(type, off + 1)) {
			swp_entry_t e = swp_entry(type, off);
			struct page *page;

			if (swap_count(e) != 1)
				continue;
			page = find_get_page(&swapper_space, e.val);
			if (!page)
				continue;
			wait_on_page(page); /* a read or write in flight */
			if (!page_mapped(page) && page_count(page) == 2 && try_to_free_swap(page))
				n++;
			put_page(page);
		}
	}
	return n;
}

struct page *lookup_swap_cache(swp_entry_t entry)
{
	struct page *page = find_get_page(&swapper_space, entry.val);

	if (page)
		swap_cache_stats.find_hits++;
	else
		swap_cache_stats.find_misses++;
	return page;
}

/*
 * read_swap_cache_async: the swap cache page for entry, with a reference
 * for the caller: found, or a new page whose read has been started (it is
 * locked until the read completes; then PG_uptodate or PG_error). NULL
 * when the slot is no longer in use or no page can be had. Sleeps.
 */
struct page *read_swap_cache_async(swp_entry_t entry)
{
	for (;;) {
		struct page *page = find_get_page(&swapper_space, entry.val);
		int err;

		if (page)
			return page;
		page = alloc_page(GFP_HIGHUSER);
		if (!page)
			return NULL;
		err = add_to_swap_cache(page, entry, false);
		if (err == -EEXIST) {
			put_page(page); /* raced with another reader: take theirs */
			continue;
		}
		if (err) {
			put_page(page);
			return NULL;
		}
		if (rw_swap_page(BLOCK_READ, entry, page, false)) {
			set_page_flag(page, PG_error);
			/* rw_swap_page left it unlocked: the reader sees the error. */
		}
		return page;
	}
}

/*
 * How wide read-ahead reads. Reading a neighbour is only worth it when a
 * fault will want it before reclaim takes it back: a process scanning its
 * memory uses every page of a window, one touching pages at random uses
 * none, and then each neighbour is a disk transfer and a frame taken from
 * pages that will be used (2_pools in make swap-bench: 43,946 major
 * faults with a fixed window of 8 slots, 35,907 with none; ps, a scan:
 * 368 with it, 1,842 without). So the window follows what read-ahead
 * achieved: read-ahead pages carry PG_readahead until a fault finds one
 * (swapin_readahead_found counts it), and at each read-ahead
 *   - at least half of the last window's neighbours found: twice as wide;
 *   - none found: half as wide;
 *   - in between: the same;
 * from 1 slot to 1 << page_cluster, and never below the aligned pair for
 * a fault next to the previous one, so a scan of consecutive slots that
 * starts at 1 slot widens again (a stride of 2 does not).
 * The first read-ahead after boot (or swapin_readahead_reset) is the
 * widest. One state for the whole system, as the seed's page_cluster is.
 */
static DEFINE_SPINLOCK(swap_ra_lock);
static struct {
	unsigned int window; /* slots of the last window; 0: none yet */
	unsigned int read;   /* neighbours the last window read */
	unsigned int found;  /* read-ahead pages faults found since */
	swp_entry_t prev;    /* the last window's faulting slot */
} swap_ra;

/* The slots next to each other in one area. */
static bool slots_adjacent(swp_entry_t a, swp_entry_t b)
{
	return swp_type(a) == swp_type(b) &&
	       (swp_offset(a) == swp_offset(b) + 1 || swp_offset(a) + 1 == swp_offset(b));
}

/* Lock held: the width for a fault at entry e, and the state moved on to it. */
static unsigned int readahead_width(swp_entry_t e)
{
	unsigned int max = 1u << page_cluster, w = swap_ra.window;

	if (!w || w > max)
		w = max;
	else if (swap_ra.read && swap_ra.found * 2 >= swap_ra.read)
		w = MIN(2 * w, max);
	else if (swap_ra.read && !swap_ra.found)
		w = MAX(w / 2, 1u);
	if (w < 2 && max >= 2 && slots_adjacent(e, swap_ra.prev))
		w = 2;
	swap_ra.window = w;
	swap_ra.found = 0;
	swap_ra.read = 0;
	swap_ra.prev = e;
	return w;
}

void swapin_readahead_found(struct page *page)
{
	if (!test_page_flag(page, PG_readahead))
		return;
	clear_page_flag(page, PG_readahead);
	count_vm_event(SWAP_RA_HIT);
	spin_lock(&swap_ra_lock);
	swap_ra.found++;
	spin_unlock(&swap_ra_lock);
	lru_readahead_used(page);
}

unsigned int swapin_readahead_reset(void)
{
	unsigned int w;

	spin_lock(&swap_ra_lock);
	w = swap_ra.window;
	swap_ra.window = 0;
	swap_ra.read = swap_ra.found = 0;
	spin_unlock(&swap_ra_lock);
	return w;
}

/*
 * One window of read-ahead: slots [start, start + n) of area `type`
 * (n <= BLOCK_MAX_PAGES, all in use when valid_swaphandles looked), the
 * faulting slot `off` among them or not. First a page for each slot that
 * is not cached already, with no page locked (an allocation may reclaim);
 * neighbours only while memory is above pages_low. Then each goes into
 * the swap cache, locked, and one swap_readpages call reads them: one
 * block request per run of consecutive slots that got a page. A slot
 * cached meanwhile, freed meanwhile, or left without a page ends a run.
 * The neighbours it reads (PG_readahead on each) count for the window.
 */
static void readahead_window(unsigned int type, unsigned long start, unsigned int n,
			     unsigned long off)
{
	struct page *pages[BLOCK_MAX_PAGES];
	unsigned int i, neighbours = 0;
	bool short_of_memory = false;

	for (i = 0; i < n; i++) {
		swp_entry_t e = swp_entry(type, start + i);
		bool mine = start + i == off;
		struct page *cached;

		pages[i] = NULL;
		if (!mine) {
			short_of_memory |= nr_free_pages() < zone_table[ZONE_NORMAL].pages_low;
			if (short_of_memory)
				continue;
		}
		cached = find_get_page(&swapper_space, e.val);
		if (cached) {
			put_page(cached);
			continue;
		}
		pages[i] = alloc_page(GFP_HIGHUSER);
		if (!pages[i] && !mine)
			short_of_memory = true;
	}
	for (i = 0; i < n; i++) {
		if (!pages[i])
			continue;
		/*
		 * A neighbour: counted when a fault finds it, and until then
		 * not judged by its past (lru_cache_add, swapin_readahead_found).
		 */
		if (start + i != off)
			set_page_flag(pages[i], PG_readahead);
		if (add_to_swap_cache(pages[i], swp_entry(type, start + i), false)) {
			put_page(pages[i]); /* cached by somebody else, or no longer in use */
			pages[i] = NULL;
		} else if (start + i != off) {
			count_vm_event(SWAP_RA);
			neighbours++;
		}
	}
	/* Counted before the read can sleep: the window they belong to is this one. */
	spin_lock(&swap_ra_lock);
	swap_ra.read += neighbours;
	spin_unlock(&swap_ra_lock);
	swap_readpages(swp_entry(type, start), pages, n);
	for (i = 0; i < n; i++)
		if (pages[i])
			put_page(pages[i]); /* the cache's reference keeps each */
}

/*
 * swapin_readahead: start reading entry's slot and the slots around it
 * that are in use (valid_swaphandles: the run containing it inside an
 * aligned window of readahead_width slots, at most 1 << page_cluster), so
 * the neighbours of a page, which were evicted together, come back in one
 * sweep of the disk and one request per run of consecutive slots. The
 * caller then finds entry's page in the swap cache (read_swap_cache_async),
 * unless memory or a race kept it out. Best effort: neighbours are skipped
 * when memory is short. Sleeps.
 */
void swapin_readahead(swp_entry_t entry)
{
	unsigned long start, off = swp_offset(entry);
	unsigned int n, width;

	spin_lock(&swap_ra_lock);
	width = readahead_width(entry);
	spin_unlock(&swap_ra_lock);
	n = valid_swaphandles(entry, width, &start);
	for (unsigned int done = 0; done < n; done += BLOCK_MAX_PAGES)
		readahead_window(swp_type(entry), start + done, MIN(n - done, BLOCK_MAX_PAGES), off);
}

/* ------------------------------------------------------ writing out -- */

/*
 * writepage for the swap cache: the page is locked and its dirty bit was
 * cleared by page_launder. The write joins page_launder's plug (one
 * request for a run of consecutive slots), completes asynchronously and
 * unlocks the page (PG_error on failure, for this page's slot only:
 * page_launder then keeps the page dirty and in memory, and marks the
 * slot bad).
 */
static int swap_writepage(struct address_space *mapping, struct page *page)
{
	(void)mapping;
	return swap_write_plugged(page_swap_entry(page), page);
}

void swap_write_failed(struct page *page)
{
	swap_mark_bad(page_swap_entry(page));
	set_page_dirty(page);
	swap_cache_stats.write_errors++;
	printk(KERN_ERR "swap: write of slot %08lx failed: page kept in memory, slot marked bad\n",
	       page->index);
}

/* ------------------------------------------------------------ swapoff -- */

/*
 * swapoff must not push the machine into the OOM killer: before each page
 * it brings back, memory must be above the zones' pages_high (after
 * reclaim had a go, which can move other pages to the areas still on);
 * otherwise it gives up with -ENOMEM and the caller re-enables the area.
 *
 * One reclaim round is not the verdict: the pages it sent to another area
 * are free only when their writes end, and how far those got depends on
 * the disk. So it waits for swap writes in flight and tries again, and
 * says no only after a round that neither freed memory nor left a write
 * to wait for, or after UNUSE_RECLAIM_ROUNDS (reclaim that keeps finding
 * work but never covers the shortage).
 */
#define UNUSE_RECLAIM_ROUNDS 32

/*
 * The task in try_to_unuse (swapoff is serialised, so one at most), and
 * whether an allocation that found nothing to reclaim asked it to give
 * up: the pages it brought back are pinned while the area is being
 * switched off, and become clean swap cache again once it is re-enabled.
 */
static struct task *unuser;
static bool unuse_asked_to_give_up;

bool in_swapoff(void)
{
	return unuser && unuser == current;
}

bool swapoff_give_way(void)
{
	if (!unuser || unuser == current)
		return false;
	unuse_asked_to_give_up = true;
	return true;
}

bool unuse_memory_ok(void)
{
	for (unsigned int round = 0; unuse_asked_to_give_up || free_shortage(); round++) {
		unsigned long progress;

		if (unuse_asked_to_give_up || round == UNUSE_RECLAIM_ROUNDS)
			return false;
		progress = try_to_free_pages(GFP_KERNEL, 0);
		if (!free_shortage())
			break;
		if (!swap_io_wait_one() && !progress)
			return false;
	}
	return true;
}

/* Bring one swapped-out page back where its PTE is. */
static int unuse_pte(struct vm_area_struct *vma, unsigned long addr,
		     pte_t *ptep, swp_entry_t entry)
{
	struct page *page;
	struct pte_chain *spare;

	/* We sleep holding mmap_lock, and re-check the PTE after: an unmap window. */
	unmap_window_open(vma->vm_mm);
	page = unuse_memory_ok() ? read_swap_cache_async(entry) : NULL;
	spare = page ? pte_chain_alloc(GFP_KERNEL) : NULL;
	if (page && spare)
		lock_page(page);
	unmap_window_close(vma->vm_mm);
	if (!page)
		return -ENOMEM;
	if (!spare) {
		put_page(page);
		return -ENOMEM;
	}
	if (!PageUptodate(page)) {
		unlock_page(page);
		put_page(page);
		pte_chain_free(spare);
		return -EIO;
	}
	if (ptep_get(ptep).pte == swp_val_to_pte(entry.val).pte) {
		/* The PTE's slot count becomes the page reference we hold. */
		get_page(page);
		install_swapped_pte(vma, addr, ptep, page, &spare);
		swap_free(entry);
		/*
		 * Out of the cache at once when nobody else names the slot: else
		 * reclaim would send the page straight back to the area being
		 * switched off (its slot is still valid), and swapoff would chase
		 * its own tail.
		 */
		try_to_free_swap(page);
		put_page(page);
		page = NULL;
	}
	if (page) {
		unlock_page(page);
		put_page(page);
	}
	pte_chain_free(spare);
	return 0;
}

static int unuse_mm(struct mm_struct *mm, unsigned int type)
{
	struct vm_area_struct *vma;
	int err = 0;

	mutex_lock(&mm->mmap_lock);
	list_for_each_entry(vma, &mm->mmap, vm_list) {
		unsigned long a = vma->vm_start;
		pte_t *ptep;

		for (; !err && (ptep = pte_walk_next(mm, &a, vma->vm_end)); a += PAGE_SIZE) {
			pte_t pte = ptep_get(ptep);

			if (!pte_is_swap(pte) || swp_type((swp_entry_t){ pte_to_swp_val(pte) }) != type)
				continue;
			err = unuse_pte(vma, a, ptep, (swp_entry_t){ pte_to_swp_val(pte) });
		}
		if (err)
			break;
	}
	mutex_unlock(&mm->mmap_lock);
	return err;
}

/* Every swap-cache page of the area leaves the cache (its data stays in memory). */
static void unuse_swap_cache(unsigned int type)
{
	for (unsigned long off = swap_next_used(type, 1); off; off = swap_next_used(type, off + 1)) {
		swp_entry_t e = swp_entry(type, off);
		struct page *page = find_get_page(&swapper_space, e.val);

		if (!page)
			continue;
		lock_page(page);
		if (PageSwapCache(page) && page->index == e.val && swap_count(e) == 1)
			delete_from_swap_cache(page);
		unlock_page(page);
		put_page(page);
	}
}

/*
 * The next mm after `pos` on all_mms that still has users, with a user
 * taken on it (an mm at 0 users is being torn down by its last mmput:
 * never revive it). Interrupts off.
 */
static struct mm_struct *next_live_mm(struct list_head *pos)
{
	for (struct list_head *e = pos->next; e != &all_mms; e = e->next) {
		struct mm_struct *mm = list_entry(e, struct mm_struct, mmlist);

		if (mm->users > 0) {
			mm->users++;
			return mm;
		}
	}
	return NULL;
}

/* One pass over every mm: bring back the PTEs of area type. */
static int unuse_all_mms(unsigned int type)
{
	struct mm_struct *mm, *next;
	unsigned long flags;
	int err = 0;

	/* Walk every mm, holding a user on it so it survives our sleeps. */
	flags = arch_irq_save();
	mm = next_live_mm(&all_mms);
	arch_irq_restore(flags);
	while (mm) {
		if (!err && mm->pgd)
			err = unuse_mm(mm, type);
		if (!err && signal_pending(current))
			err = -EINTR;
		flags = arch_irq_save();
		next = err ? NULL : next_live_mm(&mm->mmlist);
		arch_irq_restore(flags);
		mmput(mm);
		mm = next;
	}
	return err;
}

#define UNUSE_PASSES 8 /* a page shared by several mms may need more than one */

int try_to_unuse(unsigned int type)
{
	int err = 0;

	unuser = current;
	unuse_asked_to_give_up = false;
	for (int pass = 0; pass < UNUSE_PASSES && !err && swap_next_used(type, 1); pass++) {
		err = unuse_all_mms(type);
		if (!err)
			err = shmem_unuse(type);
		if (!err)
			unuse_swap_cache(type);
	}
	if (!err && swap_next_used(type, 1))
		err = -EBUSY;
	unuser = NULL;
	unuse_asked_to_give_up = false;
	return err;
}

/* ------------------------------------------------------ leak checks -- */

static void count_held(struct vm_area_struct *vma, struct swap_usage *u)
{
	unsigned long a = vma->vm_start;
	pte_t *ptep;

	for (; (ptep = pte_walk_next(vma->vm_mm, &a, vma->vm_end)); a += PAGE_SIZE) {
		pte_t pte = ptep_get(ptep);

		if (pte_is_swap(pte)) {
			struct page *page = lookup_swap_cache((swp_entry_t){ pte_to_swp_val(pte) });

			u->slots_mine++;
			if (page) {
				u->cache_mine++;
				u->cache_mine_unmapped += !page_mapped(page);
				put_page(page);
			}
		} else if (pte_present(pte) && pfn_valid(pte_pfn(pte)) &&
			   PageSwapCache(pfn_to_page(pte_pfn(pte)))) {
			u->slots_mine++;
			u->cache_mine++;
		}
	}
}

void swap_usage(struct mm_struct *mm, struct swap_usage *u)
{
	struct vm_area_struct *vma;

	memset(u, 0, sizeof(*u));
	u->slots_used = total_swap_pages - nr_swap_pages;
	u->cache_pages = swapper_space.nrpages;
	if (!mm)
		return;
	mutex_lock(&mm->mmap_lock);
	list_for_each_entry(vma, &mm->mmap, vm_list)
		count_held(vma, u);
	mutex_unlock(&mm->mmap_lock);
}
