/*
 * The page-frame allocator: the flat mem_map, the zones, and a binary buddy
 * allocator per zone. Owns mem_map's initialisation, every zone's free
 * areas and counters, the PG_buddy flag, and the allocation policy: which
 * zones a gfp mask may use, in which order, and how far below its
 * watermarks each kind of caller may push a zone.
 *
 * Buddy rules. A free block of 2^k frames starts at a frame number that is
 * a multiple of 2^k; its first struct page carries PG_buddy, index = k and
 * sits on zone->free_area[k].free_list; the other pages of the block carry
 * nothing. Two free blocks of order k whose frame numbers differ only in bit
 * k are buddies and are always merged, so the free lists are the unique
 * maximal decomposition of the free frames: freeing everything that was
 * allocated restores exactly the same lists. A block never crosses a zone
 * boundary (zone boundaries are multiples of 2^(MAX_ORDER-1) frames), and a
 * frame with no RAM never gets PG_buddy, so holes stop merging.
 *
 * Policy. gfp selects the highest zone allowed (HIGHMEM with __GFP_HIGHMEM,
 * DMA with __GFP_DMA, else NORMAL) and the fallback list runs downward
 * from it. First pass: take from a zone only if it stays above pages_low.
 * Second pass: callers that may sleep go down to pages_min; atomic callers,
 * which cannot wait for reclaim, down to pages_min / 2; __GFP_MEMALLOC (reclaim
 * itself, tests) to zero. Then a sleeping caller enters the reclaim hook
 * (try_to_free_pages below) and retries; everyone else gets NULL.
 *
 * Locking: zone->lock (a spinlock: interrupts off) protects a zone's free
 * areas and counters; it is the innermost mm lock: nothing else is taken
 * under it, and it is never held across a call out of this file, except to
 * bad_page(), which only prints. Interrupt handlers may allocate with
 * GFP_ATOMIC and free.
 */
#include "kernel/fault_inject.h"
#include "mm/internal.h"
#include "mm/debug.h"
#include "mm/lru.h"
#include "mm/vmscan.h"
#include "mm/vmstat.h"
#include "kernel/sched.h"
#include "kernel/printk.h"
#include "kernel/panic.h"
#include "kernel/string.h"

_Static_assert(sizeof(struct page) == 32, "struct page must stay 32 bytes");
_Static_assert(__NR_PAGEFLAGS <= PAGE_AGE_SHIFT, "page flags overlap the age bits");

struct page *mem_map;
unsigned long max_pfn, max_low_pfn;
unsigned long totalram_pages, totalhigh_pages;
struct zone zone_table[MAX_NR_ZONES];
struct vm_events vm_events;

static const char *const zone_name[MAX_NR_ZONES] = { "DMA", "Normal", "HighMem" };

/* Fallback order for each highest-allowed zone. */
static struct zone *const zonelists[MAX_NR_ZONES][MAX_NR_ZONES + 1] = {
	[ZONE_DMA] = { &zone_table[ZONE_DMA], NULL },
	[ZONE_NORMAL] = { &zone_table[ZONE_NORMAL], &zone_table[ZONE_DMA], NULL },
	[ZONE_HIGHMEM] = { &zone_table[ZONE_HIGHMEM], &zone_table[ZONE_NORMAL],
			   &zone_table[ZONE_DMA], NULL },
};

/* A page in one of these states must not be freed (nor be found free). */
#define PAGE_FLAGS_CHECK_AT_FREE                                                         \
	((1UL << PG_locked) | (1UL << PG_active) | (1UL << PG_inactive_dirty) |         \
	 (1UL << PG_inactive_clean) | (1UL << PG_swapcache) | (1UL << PG_launder) |     \
	 (1UL << PG_reserved) | (1UL << PG_hole) | (1UL << PG_buddy) | (1UL << PG_slab) | \
	 (1UL << PG_pgtable) | (1UL << PG_direct) | (1UL << PG_chainlock))
/* History that simply ends when a page is freed. */
#define PAGE_FLAGS_CLEAR_AT_FREE                                                   \
	((1UL << PG_referenced) | (1UL << PG_dirty) | (1UL << PG_uptodate) |       \
	 (1UL << PG_error) | (1UL << PG_readahead) | (1UL << PG_demoted) | PAGE_AGE_MASK)

/* ------------------------------------------------------------------ init -- */

static unsigned int pfn_zone(unsigned long pfn)
{
	if (pfn < MAX_DMA_PFN)
		return ZONE_DMA;
	if (pfn < max_low_pfn)
		return ZONE_NORMAL;
	return ZONE_HIGHMEM;
}

void free_area_init(void)
{
	const struct pfn_range *ram;
	unsigned int nr = bootmem_ram_ranges(&ram), i, o;
	unsigned long pfn, bounds[MAX_NR_ZONES + 1] = { 0, MAX_DMA_PFN, max_low_pfn, max_pfn };

	for (i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *z = &zone_table[i];
		unsigned long s = MIN(bounds[i], max_pfn), e = MIN(bounds[i + 1], max_pfn);

		spin_lock_init(&z->lock, "zone");
		z->name = zone_name[i];
		z->zone_start_pfn = s;
		z->spanned_pages = e > s ? e - s : 0;
		for (o = 0; o < MAX_ORDER; o++)
			INIT_LIST_HEAD(&z->free_area[o].free_list);
		INIT_LIST_HEAD(&z->inactive_clean_list);
	}

	/* Every frame starts reserved with one reference; RAM is freed later. */
	for (pfn = 0; pfn < max_pfn; pfn++) {
		struct page *p = &mem_map[pfn];

		p->flags = ((unsigned long)pfn_zone(pfn) << PAGE_ZONE_SHIFT) |
			   (1UL << PG_reserved) | (1UL << PG_hole);
		p->count = 1;
		INIT_LIST_HEAD(&p->list);
	}
	for (i = 0; i < nr; i++)
		for (pfn = ram[i].start; pfn < ram[i].end; pfn++)
			mem_map[pfn].flags &= ~(1UL << PG_hole);
}

/* Insert a free block of 2^order frames at pfn, merging with free buddies. */
static void __free_one(struct zone *z, unsigned long pfn, unsigned int order)
{
	unsigned long end = zone_end_pfn(z);
	struct page *page;

	while (order < MAX_ORDER - 1) {
		unsigned long bpfn = pfn ^ (1UL << order);
		struct page *buddy = &mem_map[bpfn];

		if (bpfn < z->zone_start_pfn || bpfn >= end)
			break;
		if (!(buddy->flags & (1UL << PG_buddy)) || buddy->index != order)
			break;
		list_del_init(&buddy->list);
		z->free_area[order].nr_free--;
		buddy->flags &= ~(1UL << PG_buddy);
		buddy->index = 0;
		pfn &= ~(1UL << order);
		order++;
	}
	page = &mem_map[pfn];
	page->flags |= 1UL << PG_buddy;
	page->index = order;
	list_add(&page->list, &z->free_area[order].free_list);
	z->free_area[order].nr_free++;
}

void free_bootmem_range(unsigned long start, unsigned long end)
{
	unsigned long pfn;

	for (pfn = start; pfn < end; pfn++) {
		mem_map[pfn].flags &= ~(1UL << PG_reserved);
		mem_map[pfn].count = 0;
	}
	while (start < end) {
		unsigned int order = start ? (unsigned int)__builtin_ctzl(start) : MAX_ORDER - 1;
		struct zone *z = &zone_table[pfn_zone(start)];

		order = MIN(order, MAX_ORDER - 1);
		while (start + (1UL << order) > end || start + (1UL << order) > zone_end_pfn(z))
			order--;
		spin_lock(&z->lock);
		__free_one(z, start, order);
		z->free_pages += 1UL << order;
		z->present_pages += 1UL << order;
		spin_unlock(&z->lock);
		totalram_pages += 1UL << order;
		if (z == &zone_table[ZONE_HIGHMEM])
			totalhigh_pages += 1UL << order;
		start += 1UL << order;
	}
}

void setup_zone_watermarks(void)
{
	unsigned int i;

	/* As Linux 2.4: min = size / 128, clamped to [20, 255]; low = 2 min; high = 3 min. */
	for (i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *z = &zone_table[i];
		unsigned long min = z->present_pages / 128;

		if (!z->present_pages)
			continue;
		min = MAX(min, 20UL);
		min = MIN(min, 255UL);
		z->pages_min = min;
		z->pages_low = 2 * min;
		z->pages_high = 3 * min;
	}
}

/* ---------------------------------------------------------- page checks -- */

/* Check a page that is being freed; false (after bad_page) if it must not be. */
static bool free_page_ok(struct page *p)
{
	const char *why = NULL;

	if (unlikely(p->mapping))
		why = "freed while it still has a mapping (page cache or page table)";
	else if (unlikely(p->pte_chain))
		why = "freed while still mapped by a PTE (pte chain not empty)";
	else if (unlikely(p->count != 0))
		why = "freed with a nonzero reference count";
	else if (unlikely(p->flags & PAGE_FLAGS_CHECK_AT_FREE))
		why = (p->flags & (1UL << PG_buddy)) ? "double free: already in the buddy lists"
						       : "freed with owner flags set (LRU, lock, slab, reserved...)";
	if (why) {
		bad_page(p, why);
		return false;
	}
	p->flags &= ~PAGE_FLAGS_CLEAR_AT_FREE;
	return true;
}

/* Check a page the buddy lists are about to hand out. */
static bool new_page_ok(struct page *p)
{
	if (unlikely(p->mapping || p->pte_chain || p->count != 0 ||
		     (p->flags & PAGE_FLAGS_CHECK_AT_FREE))) {
		bad_page(p, "corrupt free page found at allocation");
		return false;
	}
	return true;
}

/* --------------------------------------------------------------- freeing -- */

static void __free_pages_ok(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page), i;
	struct zone *z;

	BUG_ON(order >= MAX_ORDER);
	VM_BUG_ON_PAGE(pfn & ((1UL << order) - 1), page);
	for (i = 0; i < (1UL << order); i++)
		if (!free_page_ok(page + i))
			return; /* reported: the block is leaked, never handed out again */
	z = page_zone(page);
	VM_BUG_ON_PAGE(pfn < z->zone_start_pfn || pfn + (1UL << order) > zone_end_pfn(z), page);
	spin_lock(&z->lock);
	__free_one(z, pfn, order);
	z->free_pages += 1UL << order;
	vm_events.pgfree++;
	spin_unlock(&z->lock);
}

void __free_pages(struct page *page, unsigned int order)
{
	int c = page->count;

	if (unlikely(c <= 0)) {
		bad_page(page, c == 0 ? "double free: reference count already 0"
				      : "reference count underflow");
		return;
	}
	if (__atomic_sub_fetch(&page->count, 1, __ATOMIC_SEQ_CST) == 0) {
		/* The LRU lists hold no reference: the last one takes the page off (mm/lru.h). */
		if (PageLRU(page))
			lru_cache_del(page);
		__free_pages_ok(page, order);
	}
}

void put_page(struct page *page)
{
	__free_pages(page, 0);
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (!addr)
		return;
	VM_BUG_ON(!virt_addr_valid((void *)addr));
	__free_pages(virt_to_page((void *)addr), order);
}

/* ------------------------------------------------------------ allocation -- */

/* Take a 2^order block from z if its free count stays at or above mark. */
static struct page *rmqueue(struct zone *z, unsigned int order, unsigned long mark)
{
	unsigned int o;

	if (z->free_pages < mark + (1UL << order))
		return NULL;
	spin_lock(&z->lock);
	if (z->free_pages < mark + (1UL << order))
		goto fail;
	for (o = order; o < MAX_ORDER; o++) {
		struct free_area *area = &z->free_area[o];
		struct page *page;

		if (list_empty(&area->free_list))
			continue;
		page = list_first_entry(&area->free_list, struct page, list);
		list_del_init(&page->list);
		area->nr_free--;
		page->flags &= ~(1UL << PG_buddy);
		page->index = 0;
		/* Split: hand the upper halves back, smallest last. */
		while (o > order) {
			struct page *half;

			o--;
			half = page + (1UL << o);
			half->flags |= 1UL << PG_buddy;
			half->index = o;
			list_add(&half->list, &z->free_area[o].free_list);
			z->free_area[o].nr_free++;
		}
		z->free_pages -= 1UL << order;
		z->alloc_count++;
		spin_unlock(&z->lock);
		return page;
	}
fail:
	spin_unlock(&z->lock);
	return NULL;
}

static bool prep_new_block(struct page *page, unsigned int order, gfp_t gfp)
{
	unsigned long i;

	for (i = 0; i < (1UL << order); i++)
		if (!new_page_ok(page + i))
			return false;
	page->count = 1;
	if (gfp & __GFP_ZERO)
		for (i = 0; i < (1UL << order); i++)
			clear_highpage(page + i);
	return true;
}

/* A zone fell below pages_low: kswapd (mm/vmscan.c) brings it back to pages_high. */
static void note_zone_low(struct zone *z)
{
	z->low_count++;
	vm_events.kswapd_wakeups++;
	wakeup_kswapd();
}

static unsigned int gfp_zone(gfp_t gfp)
{
	if (gfp & __GFP_DMA)
		return ZONE_DMA;
	if (gfp & __GFP_HIGHMEM)
		return ZONE_HIGHMEM;
	return ZONE_NORMAL;
}

static struct page *alloc_from_zonelist(struct zone *const *zl, unsigned int order,
					gfp_t gfp, bool first_pass)
{
	unsigned int i;

	for (i = 0; zl[i]; i++) {
		struct zone *z = zl[i];
		unsigned long mark;
		struct page *page;

		if (!z->present_pages)
			continue;
		if (first_pass)
			mark = z->pages_low;
		else if ((gfp & __GFP_MEMALLOC) || (current && current->memalloc))
			mark = 0; /* reclaim itself: it frees more than it takes */
		else if (gfp & __GFP_WAIT)
			mark = z->pages_min;
		else
			mark = z->pages_min / 2;
		page = rmqueue(z, order, mark);
		if (page) {
			if (i)
				z->fallback_count++;
			return page;
		}
		if (first_pass)
			note_zone_low(z);
	}
	return NULL;
}

/*
 * A sleeping allocation reclaims, unless it is reclaim itself (memalloc:
 * it would recurse) or the OOM killer's victim (it must fail and die).
 */
static bool may_reclaim(gfp_t gfp)
{
	return (gfp & __GFP_WAIT) && !(gfp & __GFP_MEMALLOC) && current && !current->memalloc &&
	       !current->oom_victim;
}

/*
 * Seed 004, step 12: a single page for a zone whose free pages ran low
 * can be a clean inactive page taken straight out of its cache.
 */
static struct page *reclaim_from_zonelist(struct zone *const *zl)
{
	for (unsigned int i = 0; zl[i]; i++) {
		struct zone *z = zl[i];
		struct page *page;

		if (!z->present_pages || !z->inactive_clean_pages)
			continue;
		page = reclaim_page(z);
		if (!page)
			continue;
		/* Ours alone now: make it look freshly freed for prep_new_block. */
		{
			int one = 1;

			if (!__atomic_compare_exchange_n(&page->count, &one, 0, false,
							 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
				put_page(page); /* somebody found it after all: theirs now */
				continue;
			}
		}
		if (free_page_ok(page))
			return page;
	}
	return NULL;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	struct zone *const *zl = zonelists[gfp_zone(gfp)];
	struct page *page;
	unsigned int tries = 0, rounds = 0;

	if (unlikely(order >= MAX_ORDER))
		return NULL;
	if (should_fail_alloc(FAULT_PAGE_ALLOC, gfp, PAGE_SIZE << order)) {
		vm_events.alloc_fail++;
		return NULL;
	}
	if (unlikely(vm_debug) && (vm_events.pgalloc & 1023) == 0) {
		unsigned int i;

		for (i = 0; i < MAX_NR_ZONES; i++)
			BUG_ON(zone_verify(&zone_table[i]));
	}
retry:
	page = alloc_from_zonelist(zl, order, gfp, true);
	if (!page && order == 0 && may_reclaim(gfp))
		page = reclaim_from_zonelist(zl);
	if (!page)
		page = alloc_from_zonelist(zl, order, gfp, false);
	if (!page && may_reclaim(gfp)) {
		vm_events.reclaim_calls++;
		/*
		 * Progress that never turns into a page for this request (pages
		 * freed in a zone it cannot use, a high order that stays
		 * fragmented) must not loop for ever: after enough rounds it
		 * counts as none.
		 */
		if (try_to_free_pages(gfp, order) && rounds++ < (order ? 8u : 64u)) {
			tries = 0;
			goto retry;
		}
		/* Nothing freeable now: give writes in flight a moment, then the OOM killer. */
		if (tries++ < 3 || out_of_memory(gfp, order))
			goto retry;
	}
	if (!page) {
		vm_events.alloc_fail++;
		if (!(gfp & __GFP_WAIT))
			vm_events.alloc_fail_atomic++;
		return NULL;
	}
	if (!prep_new_block(page, order, gfp))
		goto retry; /* reported and leaked: try another block */
	vm_events.pgalloc++;
	return page;
}

void split_page(struct page *page, unsigned int order)
{
	unsigned long i;

	BUG_ON(page->count != 1);
	for (i = 1; i < (1UL << order); i++) {
		VM_BUG_ON_PAGE(page[i].count, page + i);
		page[i].count = 1;
	}
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp & ~__GFP_HIGHMEM, order);

	return page ? (unsigned long)page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

/* ------------------------------------------------------------ reporting -- */

unsigned long nr_free_pages(void)
{
	return zone_table[ZONE_DMA].free_pages + zone_table[ZONE_NORMAL].free_pages +
	       zone_table[ZONE_HIGHMEM].free_pages;
}

unsigned long nr_free_highpages(void)
{
	return zone_table[ZONE_HIGHMEM].free_pages;
}

unsigned long nr_free_lowpages(void)
{
	return zone_table[ZONE_DMA].free_pages + zone_table[ZONE_NORMAL].free_pages;
}

unsigned long zone_free_snapshot(const struct zone *z, unsigned long counts[MAX_ORDER])
{
	struct zone *zz = (struct zone *)z;
	unsigned long free;
	unsigned int o;

	spin_lock(&zz->lock);
	for (o = 0; o < MAX_ORDER; o++)
		counts[o] = z->free_area[o].nr_free;
	free = z->free_pages;
	spin_unlock(&zz->lock);
	return free;
}

unsigned int zone_verify(struct zone *z)
{
	unsigned int problems = 0, o;
	unsigned long pages = 0;

	spin_lock(&z->lock);
	for (o = 0; o < MAX_ORDER; o++) {
		struct page *p;
		unsigned long n = 0;

		list_for_each_entry(p, &z->free_area[o].free_list, list) {
			unsigned long pfn = page_to_pfn(p);

			n++;
			if (!(p->flags & (1UL << PG_buddy)) || p->index != o || p->count ||
			    (pfn & ((1UL << o) - 1)) || pfn < z->zone_start_pfn ||
			    pfn + (1UL << o) > zone_end_pfn(z) || page_zone(p) != z) {
				if (problems++ < 4)
					printk(KERN_ERR "zone %s: bad free block pfn %#lx order %u\n",
					       z->name, pfn, o);
			}
			if (n > z->present_pages + 1)
				break; /* a corrupt, cyclic list */
		}
		if (n != z->free_area[o].nr_free) {
			printk(KERN_ERR "zone %s: order %u lists %lu blocks, counts %lu\n", z->name,
			       o, n, z->free_area[o].nr_free);
			problems++;
		}
		pages += n << o;
	}
	if (pages != z->free_pages) {
		printk(KERN_ERR "zone %s: lists hold %lu pages, free_pages says %lu\n", z->name,
		       pages, z->free_pages);
		problems++;
	}
	spin_unlock(&z->lock);
	return problems;
}

void show_free_areas(void)
{
	unsigned int i, o;

	for (i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *z = &zone_table[i];
		unsigned long counts[MAX_ORDER];
		char line[160];
		size_t n = 0;

		if (!z->present_pages)
			continue;
		zone_free_snapshot(z, counts);
		for (o = 0; o < MAX_ORDER; o++)
			n += snprintf(line + n, sizeof(line) - n, " %lu", counts[o]);
		pr_info("  %-7s free %6lu of %6lu pages  min %lu low %lu high %lu\n", z->name,
			z->free_pages, z->present_pages, z->pages_min, z->pages_low, z->pages_high);
		pr_info("          blocks by order 0..%d:%s\n", MAX_ORDER - 1, line);
	}
}
