/*
 * The history of recently evicted pages and the protected working set
 * (docs/reclaim-policy.md; CLOCK-Pro and LIRS are the ideas behind it).
 *
 * Plain page ageing (2.4's refill_inactive_scan) is a CLOCK: a page stays
 * while the scan finds it referenced, and on a loop slightly larger than
 * memory, or a file read once, it evicts exactly the pages that are about
 * to be used again. What is missing is the reuse distance: how long ago a
 * faulting page was last in memory. This file keeps it, and decides two
 * things with it, inside the seed's lists:
 *
 *   The protected set: some active pages carry PG_workingset (mm/swap.c
 *   sets and counts it). refill_inactive_scan (kswapd) does not deactivate a
 *   protected page while the protected pages are within their target (all the LRU
 *   pages but the cold allocation); so new pages that are used once pass
 *   through the unprotected part of the active list and the inactive lists,
 *   the cold pages, and do not push the working set out. A page is
 *   protected when it enters the LRU while the protected set is short of
 *   its target by more than half the cold allocation (memory filling up:
 *   LIRS's first LIR pages; workingset_protect_new), when it refaults
 *   soon after its eviction (below), or when an inactive page is used again
 *   before it is reclaimed (mm/swap.c's activate_page). Extra protected
 *   pages are aged and deactivated as before, so the set shrinks back to
 *   its target by losing the pages the scan finds unused.
 *
 *   The history: reclaim_page records each page that leaves memory, named
 *   by (mapping, index) - for the swap cache that is the swap entry, so a
 *   swap-in is recognised like a file read - with the eviction clock (pages
 *   evicted so far). When a page enters the LRU again, its refault distance
 *   is the clock minus its record: the pages evicted in between. A distance
 *   at most a third of the protected set's size (WS_REFAULT_SHARE below)
 *   means the page is used again sooner than the protected pages the scan
 *   finds unused: it is protected at once.
 *
 * The cold allocation (also the inactive lists' target, refill_inactive)
 * starts at 1/24 of RAM (at least 16 pages) and adapts to the refaults
 * (adapt_cold below). CLOCK-Pro's adaptation (one more cold page per
 * refault in the test period, one less per expiry) measured worse on the
 * benchmark traces (docs/reclaim-policy.md).
 *
 * Protection vetoes the ageing down and the deactivation: a protected
 * page within the target is aged up when found used and otherwise keeps
 * its age (at 0 it stays active), so the least used go first once the
 * set is over its target or protection is lifted. It never makes
 * an allocation fail: direct reclaim by a process ignores it (kswapd alone
 * honours it), and kswapd lifts it when a scan finds nothing else to
 * deactivate (see refill_at_deactivation).
 *
 * The table: one entry per page of RAM, 8 bytes (a 32-bit key hashed from
 * mapping and index, 0 for empty, and the 32-bit clock), in buckets of 8
 * ways; a new record replaces the oldest of its bucket. Allocated once at
 * boot; nothing here allocates later. A key collision can only protect a
 * page that did not earn it. Swap slots are reused, so a record can outlive
 * its page's slot: the same kind of harmless false match.
 *
 * Locking: workingset_lock (a spinlock) protects the table and the clock.
 * workingset_refault is called by lru_cache_add, under pagecache_lock and
 * before pagemap_lru_lock (order: pagecache_lock, workingset_lock);
 * workingset_evicted by reclaim_page with interrupts off (its check-and-
 * remove step) and no spinlock held. The other functions read counters
 * without locks (heuristics: a stale value only shifts one decision).
 */
#include "mm/workingset.h"
#include "mm/lru.h"
#include "mm/internal.h"
#include "mm/vmstat.h"
#include "kernel/errno.h"
#include "kernel/init.h"
#include "kernel/sched.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"

#define WS_WAYS 8            /* entries per bucket */
/*
 * A refault is protected when at most 1/WS_REFAULT_SHARE of the protected
 * set's size in pages was evicted since it left. The whole set's size
 * protected nearly every refault (2,059 of 2,166 on multi1 at 50%), and
 * protection meant nothing: the protected pages were just a CLOCK. A
 * protected refault displaces the protected page the scan finds unused,
 * so it must come back sooner than such a page would be used again; a
 * third of the set measured best on the benchmark traces (1, 3/4, 1/2,
 * 2/5, 1/3, 1/4: docs/reclaim-policy.md).
 */
#define WS_REFAULT_SHARE 3
/*
 * The cold allocation adapts (ARC's way, with the history's records as its
 * ghost lists) between WS_COLD_MIN and 1/WS_COLD_MAX_FRACTION of RAM. A
 * record says whether its page had been demoted from the protected set.
 * Within the protected set's size of evictions, a demoted page coming back
 * means the protected set was too small: one cold page less; a page that
 * was never protected coming back within half the cold allocation would
 * have been found again in the inactive lists with a little more room: one
 * cold page more. docs/reclaim-policy.md measures it.
 */
#define WS_COLD_MAX_FRACTION 4
#define WS_DEMOTED 0x80000000u /* in a record's key: the page had been protected */
#define WS_KEY_MASK (~WS_DEMOTED)

struct shadow {
	u32 key;  /* page_key(); 0: empty */
	u32 when; /* the eviction clock when the page left */
};

static DEFINE_SPINLOCK(workingset_lock);
static struct shadow *table;
static unsigned long nr_buckets; /* a power of two */
static u32 eviction_clock;       /* pages evicted so far (wraps: only differences count) */
static struct workingset_stats stats;

unsigned long workingset_cold; /* the cold allocation, pages (workingset_cold_target) */

static u32 page_key(const struct page *page)
{
	u32 k = (u32)(unsigned long)page->mapping * 0x9e3779b1u ^ (u32)page->index * 0x85ebca6bu;

	k ^= k >> 15;
	k *= 0xc2b2ae35u;
	k ^= k >> 13;
	k &= WS_KEY_MASK;
	return k ? k : 1;
}

/* workingset_lock held: a refault of record at distance evictions moves the cold allocation. */
static void adapt_cold(u32 record, u32 distance)
{
	unsigned long max = MAX(totalram_pages / WS_COLD_MAX_FRACTION, (unsigned long)WS_COLD_MIN);

	if (distance > lru_nr_protected())
		return;
	if (record & WS_DEMOTED) {
		if (workingset_cold > WS_COLD_MIN)
			workingset_cold--;
	} else if (distance <= workingset_cold / 2 && workingset_cold < max) {
		workingset_cold++;
	}
}

static struct shadow *bucket_of(u32 key)
{
	return &table[(key & (nr_buckets - 1)) * WS_WAYS];
}

int workingset_init(void)
{
	unsigned long want = totalram_pages / WS_WAYS;
	unsigned int order = 0;

	workingset_cold = workingset_cold_start();
	nr_buckets = 1;
	while (nr_buckets < want)
		nr_buckets <<= 1;
	while ((PAGE_SIZE << order) < nr_buckets * WS_WAYS * sizeof(struct shadow))
		order++;
	/* Less history rather than none when memory is too fragmented for the table. */
	while (order >= MAX_ORDER ||
	       !(table = (struct shadow *)__get_free_pages(GFP_KERNEL, order))) {
		if (!order) {
			pr_warn("workingset: no memory for the history: refaults go unrecognised\n");
			return 0;
		}
		order--;
		while (nr_buckets > 1 && nr_buckets * WS_WAYS * sizeof(struct shadow) > (PAGE_SIZE << order))
			nr_buckets >>= 1;
	}
	memset(table, 0, nr_buckets * WS_WAYS * sizeof(struct shadow));
	stats.entries = nr_buckets * WS_WAYS;
	return 0;
}
subsys_initcall(workingset_init);

void workingset_evicted(struct page *page)
{
	u32 key;
	struct shadow *b, *victim;

	if (!table)
		return;
	key = page_key(page);
	spin_lock(&workingset_lock);
	b = bucket_of(key);
	victim = &b[0];
	for (unsigned int i = 0; i < WS_WAYS; i++) {
		if (!b[i].key) {
			victim = &b[i];
			break;
		}
		if ((u32)(eviction_clock - b[i].when) > (u32)(eviction_clock - victim->when))
			victim = &b[i];
	}
	if (victim->key)
		stats.forgotten++;
	victim->key = key | (test_page_flag(page, PG_demoted) ? WS_DEMOTED : 0);
	victim->when = eviction_clock++;
	stats.evicted++;
	spin_unlock(&workingset_lock);
}

bool workingset_refault(struct page *page)
{
	u32 key;
	struct shadow *b;
	bool hot = false;

	if (!table || !page->mapping)
		return false; /* new anonymous memory has no past */
	key = page_key(page);
	spin_lock(&workingset_lock);
	b = bucket_of(key);
	for (unsigned int i = 0; i < WS_WAYS; i++) {
		u32 distance = eviction_clock - b[i].when;

		if ((b[i].key & WS_KEY_MASK) != key)
			continue;
		adapt_cold(b[i].key, distance);
		b[i].key = 0;
		stats.refaults++;
		count_vm_event(REFAULT);
		if (distance <= lru_nr_protected() / WS_REFAULT_SHARE) {
			hot = true;
			stats.refaults_protected++;
		}
		break;
	}
	spin_unlock(&workingset_lock);
	return hot;
}

/*
 * Active pages scanned (PGREFILL) when the last page was deactivated. When
 * the scan has looked at the protected set's size in active pages, without deactivating
 * anything, eight times over at the gentle priorities, twice by the end of a
 * refill_inactive (priority 0) - the unprotected pages cannot be freed (no
 * swap, locked, busy, on an area being switched off) and protection is off
 * until a page is deactivated again: reclaim never stalls while something
 * could be freed. (Not once: a refill_inactive whose target is larger than
 * the unprotected part goes round more than once, and that is no stall.)
 */
static unsigned long refill_at_deactivation;

bool workingset_keep_active(struct page *page, unsigned int priority)
{
	unsigned long protected = lru_nr_protected();
	unsigned long rounds = priority ? 8 : 2;

	if (!test_page_flag(page, PG_workingset) ||
	    protected > workingset_protected_target(lru_nr_pages()))
		return false;
	/*
	 * Direct reclaim by a process (try_to_free_pages: its allocation found
	 * memory short) must free what it can now, or the allocation fails and
	 * the OOM killer runs while protected pages could have gone: protection
	 * is kswapd's (a kernel thread, no mm).
	 */
	if (current && current->mm)
		return false;
	if (vm_event_get(PGREFILL) - refill_at_deactivation > rounds * protected) {
		stats.stalls++;
		return false;
	}
	return true;
}

void workingset_deactivated(void)
{
	refill_at_deactivation = vm_event_get(PGREFILL);
}

unsigned long workingset_inactive_target(void)
{
	return workingset_cold_target();
}

void workingset_get_stats(struct workingset_stats *out)
{
	spin_lock(&workingset_lock);
	*out = stats;
	spin_unlock(&workingset_lock);
	out->cold_target = workingset_cold_target();
	out->protected = lru_nr_protected();
}
