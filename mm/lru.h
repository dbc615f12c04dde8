/*
 * The LRU lists (seed 004, "Page Cache Data"): every user page - file,
 * anonymous, swap cache, shared anonymous - is on exactly one of
 *
 *   active          page->age > 0 or recently added; clean or dirty; may be mapped
 *   inactive_dirty  age 0, mapped by no PTE, clean or dirty
 *   inactive_clean  (one per zone) age 0, unmapped, clean: reclaim_page takes these
 *
 * mm/swap.c owns the lists and every transition between them (one helper
 * sets the list flag, page->age and the counters together); mm/vmscan.c
 * decides which transitions to make. Pages that are free, page tables,
 * slab pages and the zero page are on no list.
 *
 * Some active pages also carry PG_workingset: the protected working set of
 * mm/workingset.c, which refill_inactive_scan (in kswapd) does not
 * deactivate while it is within its target (docs/reclaim-policy.md). The flag is only ever set on
 * an active page and is cleared whenever the page leaves the active list;
 * nr_protected_pages counts the pages that have it.
 *
 * The lists hold no reference on a page: a page whose last reference goes
 * is taken off its list by the page allocator before it is freed
 * (lru_cache_del from __free_pages). A scanner that works on a page
 * outside the LRU lock therefore first takes a reference with
 * get_page_unless_zero (a page at count 0 is being freed: skip it).
 */
#ifndef MM_LRU_H
#define MM_LRU_H

#include "mm/mm.h"

/* page->age: Linux 2.4's constants. */
#define PAGE_AGE_START 2 /* a new or re-faulted page */
#define PAGE_AGE_ADV 3   /* added on each scan that finds the page referenced */
#define PAGE_AGE_MAX 64

enum lru_list_id { LRU_NONE, LRU_ACTIVE, LRU_INACTIVE_DIRTY, LRU_INACTIVE_CLEAN };

static inline enum lru_list_id page_lru(const struct page *p)
{
	if (test_page_flag(p, PG_active))
		return LRU_ACTIVE;
	if (test_page_flag(p, PG_inactive_dirty))
		return LRU_INACTIVE_DIRTY;
	if (test_page_flag(p, PG_inactive_clean))
		return LRU_INACTIVE_CLEAN;
	return LRU_NONE;
}
static inline bool PageLRU(const struct page *p) { return page_lru(p) != LRU_NONE; }
const char *lru_name(enum lru_list_id l);

/* An anonymous page (private anonymous memory, or the swap cache that backs it). */
static inline bool PageAnon(const struct page *p)
{
	return !p->mapping || test_page_flag(p, PG_swapcache);
}

/* A reference on a page that may be on its way to the allocator; false if it is. */
static inline bool get_page_unless_zero(struct page *p)
{
	int c = READ_ONCE(p->count);

	while (c > 0)
		if (__atomic_compare_exchange_n(&p->count, &c, c + 1, false, __ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			return true;
	return false;
}

/*
 * New page (on no list): to the active list at PAGE_AGE_START, protected
 * if it refaults soon after its eviction (mm/workingset.c) - except a page
 * read ahead (PG_readahead), which nobody asked for yet.
 */
void lru_cache_add(struct page *page);
/*
 * A fault found a page read ahead (swapin_readahead_found): the refault
 * test lru_cache_add left out is made now. Process context, no lock held.
 */
void lru_readahead_used(struct page *page);
/* Off whatever list the page is on (nothing if none). Any context but interrupts. */
void lru_cache_del(struct page *page);
/* To the head of the active list at PAGE_AGE_START (re-fault, cache hit); counts pgactivate. */
void activate_page(struct page *page);
/* Active -> inactive_dirty at age 0 (refill_inactive_scan, after unmapping); pgdeactivate. */
void deactivate_page(struct page *page);
/* Inactive_dirty -> its zone's inactive_clean (page_launder: clean and unmapped). */
void move_to_inactive_clean(struct page *page);
/* Inactive_clean -> inactive_dirty (reclaim_page found it dirty). */
void move_to_inactive_dirty(struct page *page);
/* Back to the head of its list (the scan looked at it and keeps it). */
void lru_rotate(struct page *page);
/*
 * The page was used through a path that leaves no accessed bit (read(),
 * write(), a fault that finds it in a cache): note it for the next scan,
 * and bring an inactive page back to the active list at once (seed 004,
 * step 7).
 */
void mark_page_accessed(struct page *page);

/* Ageing (seed 004, refill_inactive_scan): younger when referenced, older otherwise. */
void age_page_up(struct page *page);
void age_page_down(struct page *page);

/*
 * The oldest page of a list (its tail) with a reference for the caller,
 * moved to the head first so a scan that keeps it moves on; NULL when the
 * list is empty. The scanners' only way into the lists.
 */
struct page *lru_take_oldest(enum lru_list_id list, unsigned int zone);

struct lru_counts {
	unsigned long active, inactive_dirty, inactive_clean;
	unsigned long active_protected; /* of the active pages, those with PG_workingset */
	unsigned long active_anon, inactive_anon; /* of which PageAnon (meminfo's split) */
	unsigned long inactive_clean_zone[MAX_NR_ZONES];
};
/* Every field; the anonymous split walks the lists (reports, the checker). */
void lru_counts(struct lru_counts *out);
/* The list sizes only (the _anon fields stay 0): cheap, for the scanners. */
void lru_totals(struct lru_counts *out);
unsigned long nr_inactive_clean_pages(void);
/* Pages on any LRU list; active pages in the protected working set (PG_workingset). */
unsigned long lru_nr_pages(void);
unsigned long lru_nr_protected(void);

/*
 * Page trace (vmtrace=pfn,pfn,... on the command line, or lru_trace_page
 * from a test): every list transition of a traced page prints one line
 * "vmtrace: pfn N <from> -> <to> age A by <function>".
 */
void lru_trace_page(struct page *page, bool on);
void lru_trace_event(struct page *page, const char *what);
/* Trace the page that enters the LRU lists at (mapping, index) next (tests); NULL stops. */
struct address_space;
void lru_trace_mapping(struct address_space *mapping, unsigned long index);
/* The last LRU_TRACE_LOG trace records, for tests: a move (fn set) or an event (what set). */
#define LRU_TRACE_LOG 64
struct lru_trace_entry {
	unsigned long pfn;
	enum lru_list_id from, to;
	unsigned int age;
	const char *fn, *what;
};
extern struct lru_trace_entry lru_trace_log[LRU_TRACE_LOG];
extern unsigned int lru_trace_count;
void lru_init(void);

/* For the checker: walk every page of a list (lock held, fn must not sleep). */
unsigned long lru_walk(enum lru_list_id list, unsigned int zone,
		       void (*fn)(struct page *page, void *data), void *data);

#endif
