/*
 * The history of recently evicted pages (mm/workingset.c,
 * docs/reclaim-policy.md): what reclaim remembers of a page after it left
 * memory, so that a page faulted back soon after is recognised as part of
 * the working set and protected.
 *
 *   reclaim_page        -> workingset_evicted(page)      (mm/vmscan.c)
 *   lru_cache_add       -> workingset_refault(page)      (mm/swap.c: every
 *                          page entering the LRU, so file read-in and swap-in
 *                          alike; a page is named by (mapping, index), which
 *                          for the swap cache is the swap entry), and
 *                          workingset_protect_new (memory filling up)
 *   refill_inactive_scan-> workingset_keep_active(page)  (mm/vmscan.c: may a
 *                          protected page found unused keep its age, stay active?)
 *   deactivate_page     -> workingset_deactivated()      (mm/swap.c: progress)
 *   inactive_target     -> workingset_inactive_target()  (mm/vmscan.c)
 *
 * An inactive page used again before it left memory is protected by
 * mm/swap.c's activate_page itself.
 *
 * No allocation after boot: the table is sized from RAM once. Any context
 * that may take a spinlock; nothing sleeps.
 */
#ifndef MM_WORKINGSET_H
#define MM_WORKINGSET_H

#include "mm/mm.h"

/* Boot (subsys_initcall; the simulator calls it once): the table, sized from RAM. */
int workingset_init(void);
/* reclaim_page: a page is leaving memory (mapping and index still set): remember it. */
void workingset_evicted(struct page *page);
/*
 * lru_cache_add: a page is entering the LRU lists. True when it left memory
 * recently enough to be part of the working set (its record is consumed
 * either way; counts workingset_refault). Called without the LRU lock.
 */
bool workingset_refault(struct page *page);
/*
 * The cold allocation starts at its floor (as ARC's target starts at 0):
 * the refaults grow it (mm/workingset.c, adapt_cold) when pages used twice
 * need more room to be seen again before they leave. The floor is the
 * zones' pages_high, and never below WS_COLD_MIN: at the simulator's small
 * memories 8 pages measured better than 6, 10 or 12 (docs/reclaim-policy.md).
 */
#define WS_COLD_MIN 8

/* Adapted by the refaults (mm/workingset.c); 0 until the history is set up at boot. */
extern unsigned long workingset_cold;

/* Pages left to the cold (unprotected) part of the lists. */
static inline unsigned long workingset_cold_target(void)
{
	return workingset_cold ? workingset_cold : WS_COLD_MIN;
}

/*
 * How many active pages may be protected, out of lru_pages on the lists.
 * Inline: every page entering the LRU asks.
 */
static inline unsigned long workingset_protected_target(unsigned long lru_pages)
{
	unsigned long c = workingset_cold_target();

	return lru_pages > c ? lru_pages - c : 0;
}

/*
 * lru_cache_add: may a page that is not a recent refault join the
 * protected set as it enters the LRU (memory filling up)? Only while the
 * set is short of its target by more than half the cold allocation. The
 * target follows the LRU's size, which moves by a few pages with every
 * kswapd cycle (free pages between pages_low and pages_high): without the
 * margin, each dip of the target demoted a protected page and each rise
 * protected the next new one, so the protected set was slowly replaced by
 * whatever came in (docs/reclaim-policy.md measures it).
 */
static inline bool workingset_protect_new(unsigned long protected, unsigned long lru_pages)
{
	return protected + workingset_cold_target() / 2 < workingset_protected_target(lru_pages);
}
/*
 * refill_inactive_scan found this active page unused: true to keep it
 * active, and its age (protected, the protected set within its target,
 * kswapd, and reclaim not stalled on the unprotected pages). Asked once a
 * page, before it is aged down.
 */
bool workingset_keep_active(struct page *page, unsigned int priority);
/* deactivate_page moved a page to inactive_dirty: reclaim is making progress. */
void workingset_deactivated(void);
/* Pages the inactive lists should hold (refill_inactive aims at it). */
unsigned long workingset_inactive_target(void);

struct workingset_stats {
	unsigned long evicted;            /* records made */
	unsigned long forgotten;          /* records replaced before their page came back */
	unsigned long refaults;           /* pages found in the history */
	unsigned long refaults_protected; /* ... close enough to be protected at once */
	unsigned long entries;            /* table size */
	unsigned long stalls;             /* pages scanned with protection lifted for want of progress */
	unsigned long cold_target, protected;
};
void workingset_get_stats(struct workingset_stats *out);

#endif
