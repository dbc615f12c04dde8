/*
 * Page reclaim: which pages leave memory, and when (seed 004, "kswapd()"
 * to "reclaim_page()"; seed 003 for the page-centric scan).
 *
 *   refill_inactive_scan  ages the active list; a page that reaches age 0
 *                         is unmapped (try_to_unmap over its pte chain,
 *                         after add_to_swap for anonymous memory) and
 *                         deactivated to inactive_dirty
 *   swap_out              the 2.4.0 alternative (vmscan=virtual): walk each
 *                         process's page tables, age pages by their PTEs'
 *                         accessed bits and unmap the old ones PTE by PTE
 *   page_launder          inactive_dirty -> inactive_clean, writing dirty
 *                         pages through their mapping's writepage
 *   reclaim_page          takes an inactive_clean page out of its cache
 *   kswapd                runs the above when a zone is low, until every
 *                         zone is back at pages_high
 *   try_to_free_pages     the same, synchronously, for an allocation that
 *                         found memory short and may sleep
 *
 * Locking: the scanners take pages off the lists one at a time with a
 * reference (lru_take_oldest) and work on them with no spinlock held, so
 * they may take page locks (trylock only: nothing here waits for a page
 * except page_launder's synchronous pass), mm locks (trylock only,
 * through mm/rmap.c), and sleep in writepage. The task that reclaims is
 * marked memalloc, so its own allocations (a writepage that reads an
 * indirect block) dip into the reserve instead of recursing into reclaim.
 *
 * Reference counts: a page's "expected" count when only its cache and the
 * scanner hold it is 2 (1 for a page in no cache); a page with more is in
 * use by somebody (a read() in progress, I/O) and is left alone.
 */
#include "mm/vmscan.h"
#include "mm/lru.h"
#include "mm/internal.h"
#include "mm/pagemap.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "mm/vm.h"
#include "mm/vmstat.h"
#include "mm/workingset.h"
#include "mm/debug.h"
#include "kernel/cmdline.h"
#include "kernel/init.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/wait.h"

#define DEF_PRIORITY 6        /* the first pass scans 1/64 of a list */
#define SWAP_CLUSTER_MAX 32   /* pages a pass aims to free */

bool vmscan_virtual;
struct vmscan_stats vmscan_stats;
static DECLARE_WAIT_QUEUE_HEAD(kswapd_wait);
static struct task *kswapd_task;
static volatile bool kswapd_kicked;

/* -------------------------------------------------------- shortages -- */

/* Pages missing until every zone has free + inactive_clean >= pages_high. */
unsigned long free_shortage(void)
{
	unsigned long sum = 0;

	for (unsigned int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *z = &zone_table[i];
		unsigned long have = z->free_pages + z->inactive_clean_pages;

		if (z->present_pages && have < z->pages_high)
			sum += z->pages_high - have;
	}
	return sum;
}

/*
 * Inactive pages wanted beyond what the lists hold: enough that the next
 * burst of allocations finds clean pages ready. The cold allocation of
 * mm/workingset.c (seed 004 leaves the target open; 2.4.0 used a running
 * average of the allocation rate; docs/reclaim-policy.md measures it).
 */
static unsigned long inactive_target(void)
{
	return workingset_inactive_target();
}

unsigned long inactive_shortage(void)
{
	struct lru_counts c;
	unsigned long have, want = inactive_target();

	lru_totals(&c);
	have = c.inactive_dirty + c.inactive_clean;
	/* Only reclaim when memory is also short: an idle machine keeps its pages active. */
	if (!free_shortage() && nr_free_pages() > want)
		return 0;
	return have < want ? want - have : 0;
}

/* ------------------------------------------------------------ helpers -- */

/* Our reference and the cache's: what a page nobody else uses has. */
static int expected_count(const struct page *page)
{
	return page->mapping ? 2 : 1;
}

/*
 * Make a page at age 0 unmapped, the page-centric way: anonymous memory
 * first gets a swap slot (add_to_swap); then every PTE goes at once
 * through the pte chain. False when the page must stay mapped (no swap
 * left, a locked vma, a busy mm).
 */
static bool unmap_for_deactivation(struct page *page)
{
	int r;

	if (!page_mapped(page))
		return true;
	/* Its slot is on an area being switched off: it stays (try_to_unuse waits for it). */
	if (PageSwapCache(page) && !swap_entry_writable((swp_entry_t){ page->index }) &&
	    !try_to_free_swap(page))
		return false;
	if (!page->mapping) {
		if (!nr_swap_pages || !trylock_page(page))
			return false;
		if (page->mapping || !add_to_swap_locked(page)) {
			unlock_page(page);
			return false;
		}
		unlock_page(page);
	}
	r = try_to_unmap(page);
	if (r != SWAP_SUCCESS)
		return false;
	lru_trace_event(page, "unmapped by try_to_unmap");
	vmscan_stats.unmapped++;
	count_vm_event(PGUNMAP);
	return true;
}

/* ---------------------------------------------- refill_inactive_scan -- */

/*
 * refill_inactive_scan: look at the oldest 1/2^priority of the active
 * list; age each page up if it was referenced since the last look (one
 * page_referenced over its whole chain, plus PG_referenced), down
 * otherwise; a page at age 0 that can be unmapped is deactivated. Stops
 * after `target` deactivations. Returns how many.
 */
int refill_inactive_scan(unsigned int priority, int target)
{
	struct lru_counts c;
	unsigned long maxscan;
	int done = 0;

	lru_totals(&c);
	maxscan = c.active >> priority;
	if (!maxscan)
		maxscan = MIN(c.active, (unsigned long)SWAP_CLUSTER_MAX);
	while (maxscan-- && done < target) {
		struct page *page = lru_take_oldest(LRU_ACTIVE, 0);
		bool keep;

		if (!page)
			break;
		vmscan_stats.active_scanned++;
		count_vm_event(PGREFILL);
		if (page_lru(page) != LRU_ACTIVE)
			goto next;
		/*
		 * The virtual scan reads the PTEs' accessed bits itself
		 * (swap_out); here only PG_referenced tells of other use.
		 */
		if (vmscan_virtual ? test_and_clear_page_flag(page, PG_referenced)
				   : page_referenced(page) > 0) {
			age_page_up(page);
			goto next;
		}
		/*
		 * A protected page is not aged down while the set is within its
		 * target: the scan goes round the active list for the few
		 * unprotected pages far more often than the protected ones are
		 * used (1.6 times an eviction on cpp at 10%), and would take
		 * them all to 0, leaving the first one reached to be demoted.
		 * Kept, their ages say how often they were found used; once
		 * the set is over its target they age as before.
		 */
		keep = workingset_keep_active(page, priority);
		if (keep && page_age(page) > 0)
			goto next;
		age_page_down(page);
		if (page_age(page) > 0)
			goto next;
		if (keep)
			goto next; /* the protected working set stays while within its target */
		if (vmscan_virtual ? page_mapped(page) : !unmap_for_deactivation(page))
			goto next;
		if (page_count(page) > expected_count(page) || PageLocked(page))
			goto next; /* in use by somebody: leave it active */
		if (!page->mapping)
			goto next; /* an orphan being freed: its last reference is ours */
		deactivate_page(page);
		vmscan_stats.deactivated++;
		done++;
next:
		put_page(page);
	}
	return done;
}

/* ------------------------------------------------ swap_out (virtual) -- */

/*
 * try_to_swap_out (2.4.0): one present PTE of mm. A PTE whose accessed bit
 * is set makes its page younger and stays; otherwise the page ages, and
 * an old page loses this mapping (anonymous memory gets a swap slot
 * first). Returns 1 when the PTE was cleared. mmap_lock held.
 */
static int try_to_swap_out(struct mm_struct *mm, pte_t *ptep, unsigned long addr)
{
	pte_t pte = ptep_get(ptep);
	struct page *page;
	int freed = 0;

	(void)mm;
	(void)addr;
	if (!pte_present(pte) || !pfn_valid(pte_pfn(pte)))
		return 0;
	page = pfn_to_page(pte_pfn(pte));
	if (page == zero_page || !PageLRU(page) || !get_page_unless_zero(page))
		return 0;
	vmscan_stats.ptes_scanned++;
	count_vm_event(PGSCAN_VIRTUAL);
	if (ptep_test_and_clear_young(ptep)) {
		flush_tlb_range(mm, addr, addr + PAGE_SIZE);
		age_page_up(page);
		goto out;
	}
	if (page_lru(page) != LRU_ACTIVE)
		age_page_down(page);
	if (page_age(page) > 0) {
		age_page_down(page);
		goto out;
	}
	if (PageSwapCache(page) && !swap_entry_writable((swp_entry_t){ page->index }) &&
	    !try_to_free_swap(page))
		goto out; /* its area is being switched off */
	if (!trylock_page(page))
		goto out;
	if (!page->mapping && (!nr_swap_pages || !add_to_swap_locked(page))) {
		unlock_page(page);
		goto out;
	}
	unlock_page(page);
	if (try_to_unmap_pte(page, ptep) == SWAP_SUCCESS) {
		freed = 1;
		lru_trace_event(page, "PTE cleared by swap_out");
		if (!page_mapped(page)) {
			vmscan_stats.unmapped++;
			count_vm_event(PGUNMAP);
			if (page_count(page) <= expected_count(page) && page->mapping) {
				deactivate_page(page);
				vmscan_stats.deactivated++;
			}
		}
	}
out:
	put_page(page);
	return freed;
}

/* Scan up to `count` PTEs of mm from where the last scan stopped. mmap_lock held. */
static int swap_out_mm(struct mm_struct *mm, unsigned long *count)
{
	struct vm_area_struct *vma;
	unsigned long start = mm->swap_address;
	int freed = 0;

	list_for_each_entry(vma, &mm->mmap, vm_list) {
		unsigned long a = MAX(vma->vm_start, start);

		if (vma->vm_end <= start || (vma->vm_flags & VM_LOCKED))
			continue;
		for (pte_t *ptep; (ptep = pte_walk_next(mm, &a, vma->vm_end)); a += PAGE_SIZE) {
			freed += try_to_swap_out(mm, ptep, a);
			if (!--*count) {
				mm->swap_address = a + PAGE_SIZE;
				return freed;
			}
		}
	}
	mm->swap_address = 0; /* the whole mm was scanned: start over next time */
	return freed;
}

/* The live mm with the largest swap_cnt, with a user taken on it; NULL if none. */
static struct mm_struct *pick_swap_victim(void)
{
	struct mm_struct *mm, *best = NULL;
	unsigned long flags = arch_irq_save();
	bool reset = true;

	list_for_each_entry(mm, &all_mms, mmlist)
		if (mm->swap_cnt)
			reset = false;
	list_for_each_entry(mm, &all_mms, mmlist) {
		if (reset)
			mm->swap_cnt = (unsigned int)(mm->rss_anon + mm->rss_file);
		if (mm->users > 0 && mm->swap_cnt && (!best || mm->swap_cnt > best->swap_cnt))
			best = mm;
	}
	if (best)
		best->users++;
	arch_irq_restore(flags);
	return best;
}

/*
 * swap_out (2.4.0): unmap old pages process by process. Each round picks
 * the mm with the most "kick me" budget (swap_cnt, reset to each mm's rss
 * when all are spent) and scans a slice of its page tables.
 */
int swap_out(unsigned int priority, int target)
{
	int freed = 0, rounds = 0;
	struct mm_struct *mm;
	unsigned long nr_mms = 0, flags = arch_irq_save();

	list_for_each_entry(mm, &all_mms, mmlist)
		nr_mms++;
	arch_irq_restore(flags);
	while (freed < target && rounds++ < (int)(nr_mms << (DEF_PRIORITY - priority)) + 1) {
		unsigned long count;

		mm = pick_swap_victim();
		if (!mm)
			break;
		count = MIN((unsigned long)mm->swap_cnt, (mm->rss_anon + mm->rss_file) >> priority);
		if (count < SWAP_CLUSTER_MAX)
			count = SWAP_CLUSTER_MAX;
		mm->swap_cnt = mm->swap_cnt > count ? mm->swap_cnt - (unsigned int)count : 0;
		if (mutex_trylock(&mm->mmap_lock)) {
			freed += swap_out_mm(mm, &count);
			mutex_unlock(&mm->mmap_lock);
		} else {
			/*
			 * Its holder sleeps in an unmap window (mm/vm.h): scan with
			 * interrupts off, so it cannot wake and change the vmas or
			 * tables under the walk (nothing in the walk sleeps).
			 */
			unsigned long irq = arch_irq_save();

			if (mm->unmap_window > 0)
				freed += swap_out_mm(mm, &count);
			arch_irq_restore(irq);
		}
		mmput(mm);
	}
	return freed;
}

/* -------------------------------------------------------- page_launder -- */

enum launder_result { KEPT, REACTIVATED, WRITING, CLEANED };

/*
 * The pages a synchronous launder has started writing (each with a
 * reference): it waits for them together, once the plug has submitted
 * them, instead of one by one, so their writes can share requests. At
 * most one full swap request of them at a time.
 */
#define LAUNDER_WAIT_MAX BLOCK_MAX_PAGES

struct launder_wait {
	unsigned int nr;
	struct page *pages[LAUNDER_WAIT_MAX];
};

/* A clean page nobody else holds (count: ours and its cache's) goes to inactive_clean. */
static bool launder_clean(struct page *page)
{
	if (!page->mapping || page_count(page) > expected_count(page) || PageLocked(page))
		return false;
	move_to_inactive_clean(page);
	vmscan_stats.cleaned++;
	return true;
}

/*
 * One page of inactive_dirty. With `write`, a dirty page's write is
 * started (a swap cache page's joins page_launder's plug); with `w` (a
 * synchronous pass) the page is also added to w, to be waited for by
 * launder_finish_writes.
 */
static enum launder_result launder_one(struct page *page, bool write, struct launder_wait *w)
{
	struct address_space *mapping = page->mapping;

	if (page_lru(page) != LRU_INACTIVE_DIRTY)
		return KEPT;
	if (page_mapped(page) || test_and_clear_page_flag(page, PG_referenced)) {
		activate_page(page); /* used again since it was deactivated */
		count_vm_event(PGROTATED);
		return REACTIVATED;
	}
	if (PageLocked(page))
		return KEPT; /* a write in flight: it finishes on its own */
	if (PageSwapCache(page) && PageError(page) && trylock_page(page)) {
		if (PageUptodate(page)) {
			/* Its write failed: keep it in memory, dirty; the slot is bad. */
			clear_page_flag(page, PG_error);
			swap_write_failed(page);
			unlock_page(page);
			activate_page(page);
			return REACTIVATED;
		}
		/* A read (read-ahead) that failed: the page holds nothing; drop it. */
		if (page_count(page) == 2 && !page_mapped(page))
			delete_from_swap_cache(page);
		unlock_page(page);
		return KEPT;
	}
	if (PageDirty(page)) {
		if (!write)
			return KEPT;
		if (!mapping || !mapping->a_ops || !mapping->a_ops->writepage) {
			activate_page(page); /* nowhere to write it */
			return REACTIVATED;
		}
		if (!trylock_page(page))
			return KEPT;
		if (page->mapping != mapping || !clear_page_dirty_for_io(page)) {
			unlock_page(page);
			return KEPT;
		}
		/*
		 * Another writepage may sleep on a lock (ext2's s_lock) held by a
		 * task that waits for a page in our plug: submit the plug first.
		 * The swap cache's and shmem's writepage only join it.
		 */
		if (mapping != &swapper_space && !mapping->shmem)
			swap_unplug();
		count_vm_event(PGLAUNDER);
		vmscan_stats.laundered++;
		lru_trace_event(page, "page_launder: writepage");
		if (!PageSwapCache(page))
			count_vm_events(PGPGOUT, PAGE_SIZE / 1024);
		if (mapping->a_ops->writepage(mapping, page)) { /* unlocks when written */
			/* Could not even start (no swap slot for shared memory): keep it. */
			activate_page(page);
			return REACTIVATED;
		}
		if (w) {
			get_page(page);
			w->pages[w->nr++] = page;
		}
		return WRITING;
	}
	return launder_clean(page) ? CLEANED : KEPT;
}

/*
 * Submit the plugged swap writes, wait for each page of w, and move those
 * that came out clean to inactive_clean. Returns how many.
 */
static int launder_finish_writes(struct launder_wait *w)
{
	int cleaned = 0;

	swap_unplug(); /* the pages below may be in the plug: never wait before this */
	for (unsigned int i = 0; i < w->nr; i++) {
		struct page *page = w->pages[i];

		wait_on_page(page);
		if (!PageDirty(page) && !PageError(page) && page_lru(page) == LRU_INACTIVE_DIRTY &&
		    launder_clean(page))
			cleaned++;
		put_page(page);
	}
	w->nr = 0;
	return cleaned;
}

/*
 * page_launder: at most two passes over inactive_dirty (seed 004). The
 * first moves the clean pages to inactive_clean; if that did not cover
 * the shortage, the second starts writes of the dirty ones (they stay
 * until written: a later pass moves them) and, when `sync` (a task that
 * must have memory now), waits for them, LAUNDER_WAIT_MAX at a time.
 * Swap writes go through a plug (mm/page_io.c): pages of consecutive
 * slots, which reclaim evicted together, share one request; the plug is
 * submitted at the end of each pass. Returns pages made clean.
 */
int page_launder(gfp_t gfp, bool sync)
{
	struct launder_wait w = { .nr = 0 };
	struct swap_plug plug;
	struct lru_counts c;
	int cleaned = 0;

	(void)gfp;
	swap_plug_start(&plug);
	for (int pass = 0; pass < 2; pass++) {
		unsigned long maxscan;

		unsigned int plugged = 0, idle = 0;

		lru_totals(&c);
		maxscan = c.inactive_dirty;
		while (maxscan--) {
			struct page *page = lru_take_oldest(LRU_INACTIVE_DIRTY, 0);

			if (!page)
				break;
			vmscan_stats.inactive_scanned++;
			count_vm_event(current == kswapd_task ? PGSCAN_KSWAPD : PGSCAN_DIRECT);
			if (launder_one(page, pass == 1, sync && pass == 1 ? &w : NULL) == CLEANED)
				cleaned++;
			put_page(page);
			if (w.nr == LAUNDER_WAIT_MAX)
				cleaned += launder_finish_writes(&w);
			/*
			 * A plugged page is locked and not yet being written: a
			 * fault on it waits. So the plug does not sit through a
			 * long stretch of pages that add nothing to it.
			 */
			if (plug.nr != plugged) {
				plugged = plug.nr;
				idle = 0;
			} else if (plugged && ++idle >= SWAP_CLUSTER_MAX) {
				swap_unplug();
				plugged = idle = 0;
			}
		}
		/* This pass's plugged writes go out now (and a synchronous pass waits for them). */
		cleaned += launder_finish_writes(&w);
		/* The writes of the second pass only when the clean pages were not enough. */
		if (!sync && (unsigned long)cleaned >= free_shortage())
			break;
	}
	swap_plug_finish(&plug);
	return cleaned;
}

/* ------------------------------------------------------- reclaim_page -- */

struct page *reclaim_page(struct zone *zone)
{
	unsigned long maxscan = zone->inactive_clean_pages, irq;
	unsigned int zi = (unsigned int)(zone - zone_table);

	while (maxscan--) {
		struct page *page = lru_take_oldest(LRU_INACTIVE_CLEAN, zi);

		if (!page)
			return NULL;
		vmscan_stats.inactive_scanned++;
		if (page_lru(page) != LRU_INACTIVE_CLEAN)
			goto keep;
		/* Seed 004, step 7: a page found in use again goes back. */
		if (page_mapped(page) || test_and_clear_page_flag(page, PG_referenced)) {
			activate_page(page);
			count_vm_event(PGROTATED);
			goto keep;
		}
		if (PageDirty(page)) {
			move_to_inactive_dirty(page);
			goto keep;
		}
		if (!trylock_page(page))
			goto keep;
		/*
		 * The last check and the removal in one step, interrupts off: no
		 * find_get_page or lru_take_oldest can take a reference between
		 * them (a page handed out while somebody still holds it would be
		 * used after free).
		 */
		irq = arch_irq_save();
		if (!page->mapping || page_count(page) != 2 || PageDirty(page) || page_mapped(page)) {
			arch_irq_restore(irq);
			unlock_page(page);
			goto keep;
		}
		lru_trace_event(page, "reclaim_page");
		workingset_evicted(page);
		if (PageSwapCache(page))
			delete_from_swap_cache(page);
		else
			remove_from_page_cache(page);
		lru_cache_del(page);
		arch_irq_restore(irq);
		unlock_page(page);
		vmscan_stats.reclaimed++;
		count_vm_event(current == kswapd_task ? PGSTEAL_KSWAPD : PGSTEAL_DIRECT);
		return page; /* count 1: ours */
keep:
		put_page(page);
	}
	return NULL;
}

unsigned long refill_free_pages(void)
{
	unsigned long freed = 0;

	for (unsigned int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *z = &zone_table[i];

		while (z->present_pages && z->free_pages < z->pages_high && z->inactive_clean_pages) {
			struct page *page = reclaim_page(z);

			if (!page)
				break;
			put_page(page);
			freed++;
		}
	}
	return freed;
}

/* ------------------------------------------------------ the drivers -- */

/*
 * refill_inactive: deactivate pages until the shortage is covered, harder
 * at each priority (seed 004: "loops over priority until it reaches 0").
 */
static int refill_inactive(bool direct)
{
	int target = (int)(inactive_shortage() + free_shortage());
	int done = 0;

	if (target < SWAP_CLUSTER_MAX)
		target = SWAP_CLUSTER_MAX;
	(void)direct;
	for (int priority = DEF_PRIORITY; priority >= 0 && done < target; priority--) {
		done += refill_inactive_scan((unsigned int)priority, target - done);
		if (vmscan_virtual && done < target)
			done += swap_out((unsigned int)priority, target - done);
	}
	return done;
}

unsigned long do_try_to_free_pages(gfp_t gfp, bool direct)
{
	unsigned long progress = 0;
	struct lru_counts c;

	lru_totals(&c);
	if (c.inactive_dirty)
		progress += (unsigned long)page_launder(gfp, direct);
	if (free_shortage() || inactive_shortage())
		progress += (unsigned long)refill_inactive(direct);
	/* Freshly deactivated pages can be laundered at once. */
	if (free_shortage())
		progress += (unsigned long)page_launder(gfp, direct);
	if (free_shortage())
		progress += kmem_cache_reap();
	return progress;
}

unsigned long try_to_free_pages(gfp_t gfp, unsigned int order)
{
	unsigned long progress;
	bool was = current->memalloc;

	(void)order;
	count_vm_event(ALLOCSTALL);
	vmscan_stats.direct_runs++;
	current->memalloc = true;
	progress = do_try_to_free_pages(gfp, true);
	progress += refill_free_pages();
	current->memalloc = was;
	wakeup_kswapd();
	return progress;
}

void wakeup_kswapd(void)
{
	if (!kswapd_task || kswapd_kicked)
		return;
	kswapd_kicked = true;
	count_vm_event(KSWAPD_WAKEUP);
	wake_up(&kswapd_wait);
}

static bool kswapd_has_work(void)
{
	return free_shortage() || inactive_shortage();
}

/*
 * kswapd: sleeps until an allocation finds a zone below pages_low, then
 * reclaims until every zone has pages_high free or clean, and refills the
 * free lists from inactive_clean so atomic allocations find pages. Once a
 * second it also wakes on its own and does one gentle pass if anything is
 * short (the seed's "trickle").
 */
/* vmscan_report on the command line: one line a second of what reclaim is doing. */
static bool vmscan_report;

static void report_vmscan(void)
{
	struct lru_counts c;

	lru_totals(&c);
	printk(KERN_INFO "vmscan: free %lu active %lu inactive_dirty %lu inactive_clean %lu "
	       "swap free %lu | scanned %lu/%lu deact %lu unmapped %lu laundered %lu cleaned %lu "
	       "reclaimed %lu kswapd %lu direct %lu pswpout %lu pswpin %lu\n",
	       nr_free_pages(), c.active, c.inactive_dirty, c.inactive_clean, nr_swap_pages,
	       vmscan_stats.active_scanned, vmscan_stats.inactive_scanned,
	       vmscan_stats.deactivated, vmscan_stats.unmapped, vmscan_stats.laundered,
	       vmscan_stats.cleaned, vmscan_stats.reclaimed, vmscan_stats.kswapd_runs,
	       vmscan_stats.direct_runs, vm_event_get(PSWPOUT), vm_event_get(PSWPIN));
}

static void kswapd(void *arg)
{
	unsigned long last_report = jiffies;

	(void)arg;
	current->memalloc = true;
	for (;;) {
		wait_event_timeout(kswapd_wait, kswapd_kicked, HZ);
		if (vmscan_report && jiffies - last_report >= HZ) {
			last_report = jiffies;
			report_vmscan();
		}
		kswapd_kicked = false;
		for (int rounds = 0; kswapd_has_work() && rounds < 16; rounds++) {
			unsigned long progress;

			count_vm_event(PAGEOUTRUN);
			vmscan_stats.kswapd_runs++;
			progress = do_try_to_free_pages(GFP_KERNEL, false);
			progress += refill_free_pages();
			if (!progress)
				break;
			yield();
		}
		refill_free_pages();
	}
}

static int kswapd_init(void)
{
	vmscan_report = cmdline_has("vmscan_report");
	vmscan_virtual = cmdline_list_contains(cmdline_get("vmscan") ?: "", "virtual", 7);
	kswapd_task = kthread_create(kswapd, NULL, "kswapd");
	BUG_ON(!kswapd_task);
	kthread_detach(kswapd_task);
	pr_info("kswapd: started (%s scan)\n", vmscan_virtual ? "per-process virtual" : "page-centric");
	return 0;
}
late_initcall(kswapd_init);
