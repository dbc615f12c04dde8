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
 *   swap-in is recognised like a file read - with two clocks: the protected
 *   set's turnover (WS_DEMOTE, protected pages demoted to an inactive list
 *   so far) and the inactive clock (pages that left the inactive lists:
 *   evicted, or used again and activated). When a page enters the LRU again
 *   and at most 1/64 of the protected set (WS_TURNOVER_SHARE below, never
 *   fewer than 8 demotions) was demoted since it left, it is protected at
 *   once: it came back before the protected set changed much, so it is
 *   used more often than the protected pages the scan finds unused -
 *   CLOCK-Pro's test period, which ends when the hot hand, moving only to
 *   demote, has passed the page. The inactive clock's distance adapts the
 *   cold allocation (adapt_cold).
 *
 * The cold allocation (also the inactive lists' target, refill_inactive)
 * starts at its floor (cold_floor: the zones' pages_high, at least
 * WS_COLD_MIN) and adapts to the refaults (adapt_cold below). CLOCK-Pro's
 * adaptation (one more cold page per refault in the test period, one less
 * per expiry) measured worse on the benchmark traces
 * (docs/reclaim-policy.md).
 *
 * Protection vetoes the ageing down and the deactivation: a protected
 * page within the target is aged up when found used and otherwise keeps
 * its age (at 0 it stays active), so the least used go first once the
 * set is over its target or protection is lifted. It never makes
 * an allocation fail: direct reclaim by a process ignores it (kswapd and
 * kernel threads honour it), and kswapd lifts it when a scan finds
 * nothing else to deactivate (see refill_at_deactivation).
 *
 * The table: at least one entry per page of RAM, 12 bytes (a 32-bit key
 * hashed from mapping and index, 0 for empty, and the two 32-bit clocks), in
 * buckets of 8 ways filling a power-of-two block (32 KiB at 8 MiB of RAM,
 * 512 KiB at 128 MiB: 0.4%); a new record replaces the oldest of its
 * bucket. Allocated once at boot; nothing here allocates later. A key
 * collision can only protect a page that did not earn it. Swap slots are reused, so a record can outlive
 * its page's slot: the same kind of harmless false match.
 *
 * Locking: workingset_lock (a spinlock) protects the table and the eviction
 * clock. The other two clocks, WS_DEMOTE and PGACTIVATE, are bumped by
 * mm/swap.c under pagemap_lru_lock and only read here: on one CPU, with
 * interrupts off under either lock, a read cannot see a torn value.
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
 * A refault is protected when at most 1/WS_TURNOVER_SHARE of the protected
 * set's size was demoted (WS_DEMOTE) since the page left. A protected
 * refault displaces a protected page the scan finds unused, so it must
 * come back sooner than such a page is used again; the demotions measure
 * how fast those pages go, where a share of the pages evicted (the test
 * before: a third of the set's size) could not tell a set that stays put,
 * where a refault costs nothing kept, from one being replaced. The table's
 * mean (docs/reclaim-policy.md, "The cold allocation from its floor"),
 * with the cold allocation of adapt_cold below, the cold floor at 8 and
 * WS_TURNOVER_MIN: 1/32 1.1217, 1/48 1.1193, 1/64 1.1190 (before the
 * cold allocation started at its floor: 1/16 1.131, 1/32 1.127, 1/48
 * 1.128, 1/64 1.127; the eviction test 1.138).
 */
#define WS_TURNOVER_SHARE 64
/*
 * ... and never fewer than WS_TURNOVER_MIN demotions: in a small memory a
 * share of the set is a handful of pages (1/64 of 100 is 1), so the test
 * would end before the page had any chance to come back.
 */
#define WS_TURNOVER_MIN 8
/*
 * The cold allocation adapts (ARC's way, with the history's records as its
 * ghost lists) between its floor and 1/WS_COLD_MAX_FRACTION of RAM. A
 * record says whether its page had been demoted from the protected set.
 * Within the protected set's size on the inactive clock (pages that left
 * the inactive lists, evicted or activated), a demoted page coming back
 * means the protected set was too small: one cold page less. A page that
 * was never protected coming back within that size and within the cold
 * allocation would have been found again in the inactive lists with a
 * little more room: one cold page more; coming back from beyond the
 * protected set's size (but within WS_FAR times it, still a reuse), more
 * cold pages would not have kept it and a larger protected set might: one
 * cold page less. Farther than that says nothing. docs/reclaim-policy.md
 * measures it.
 */
#define WS_COLD_MAX_FRACTION 4
#define WS_FAR 4 /* farther than WS_FAR protected sets: no longer a reuse, says nothing */
#define WS_DEMOTED 0x80000000u /* in a record's key: the page had been protected */
#define WS_KEY_MASK (~WS_DEMOTED)

struct shadow {
	u32 key;       /* page_key(); 0: empty */
	u32 when;      /* inactive_clock() when the page left */
	u32 demotions; /* WS_DEMOTE when the page left */
};

static DEFINE_SPINLOCK(workingset_lock);
static struct shadow *table;
static unsigned long nr_buckets; /* as many as fill the block allocated */
static u32 eviction_clock;       /* pages evicted so far (wraps: only differences count) */
static struct workingset_stats stats;

/*
 * The cold allocation's floor: kswapd frees up to the zones' pages_high in
 * a cycle, and a cold part smaller than that sends every cycle through the
 * protected set until the stall rule lifts protection (a file read at 64
 * MiB crawled with a floor of 8 pages: docs/reclaim-policy.md).
 */
static unsigned long cold_floor;
unsigned long workingset_cold; /* the cold allocation, pages (workingset_cold_target) */

/*
 * Pages that left the inactive lists so far: evicted, or used again and
 * activated (PGACTIVATE). A page evicted that many pages ago would have
 * been found again on an inactive list with that much more room, whichever
 * way the pages ahead of it left: adapt_cold's distance (as Linux counts
 * activations in its refault distance). Counting evictions only gave the
 * table 1.129 against 1.127 (zigzag at 25% 1.062 against 1.014).
 */
static u32 inactive_clock(void)
{
	return eviction_clock + (u32)vm_event_get(PGACTIVATE);
}

static u32 page_key(const struct page *page)
{
	u32 k = (u32)(unsigned long)page->mapping * 0x9e3779b1u ^ (u32)page->index * 0x85ebca6bu;

	k ^= k >> 15;
	k *= 0xc2b2ae35u;
	k ^= k >> 13;
	k &= WS_KEY_MASK;
	return k ? k : 1;
}

/*
 * workingset_lock held: a refault of record, distance away on the inactive
 * clock, moves the cold allocation.
 */
static void adapt_cold(u32 record, u32 distance)
{
	unsigned long max = MAX(totalram_pages / WS_COLD_MAX_FRACTION, cold_floor);
	unsigned long protected = lru_nr_protected();
	bool demoted = record & WS_DEMOTED;
	bool near = distance <= protected, far = !near && distance <= WS_FAR * protected;

	if ((near && demoted) || (far && !demoted)) {
		if (workingset_cold > cold_floor)
			workingset_cold--;
	} else if (near && distance <= workingset_cold && workingset_cold < max) {
		workingset_cold++;
	}
}

/* key is 31 bits: key * nr_buckets / 2^31 spreads it over any number of buckets. */
static struct shadow *bucket_of(u32 key)
{
	return &table[(unsigned long)(((u64)key * nr_buckets) >> 31) * WS_WAYS];
}

int workingset_init(void)
{
	const unsigned long bucket_bytes = WS_WAYS * sizeof(struct shadow);
	unsigned long want = (totalram_pages + WS_WAYS - 1) / WS_WAYS;
	unsigned int order = 0;
	unsigned long pages_high = 0;

	for (unsigned int i = 0; i < MAX_NR_ZONES; i++)
		pages_high += zone_table[i].pages_high; /* 0 for an empty zone */
	cold_floor = MAX(pages_high, (unsigned long)WS_COLD_MIN);
	workingset_cold = cold_floor;
	while (order + 1 < MAX_ORDER && (PAGE_SIZE << order) < want * bucket_bytes)
		order++;
	/* Less history rather than none when memory is too fragmented for the table. */
	while (!(table = (struct shadow *)__get_free_pages(GFP_KERNEL, order))) {
		if (!order) {
			pr_warn("workingset: no memory for the history: refaults go unrecognised\n");
			return 0;
		}
		order--;
	}
	/*
	 * The whole block: it is a power of two and a bucket (96 bytes) is not,
	 * so rounding the buckets to a power of two would leave a quarter of it
	 * unused. At least one entry per page of RAM up to MAX_ORDER's block.
	 */
	nr_buckets = (PAGE_SIZE << order) / bucket_bytes;
	memset(table, 0, nr_buckets * bucket_bytes);
	stats.entries = nr_buckets * WS_WAYS;
	return 0;
}
subsys_initcall(workingset_init);

void workingset_evicted(struct page *page)
{
	u32 key, now;
	struct shadow *b, *victim;

	if (!table)
		return;
	key = page_key(page);
	spin_lock(&workingset_lock);
	now = inactive_clock();
	b = bucket_of(key);
	victim = &b[0];
	for (unsigned int i = 0; i < WS_WAYS; i++) {
		if (!b[i].key) {
			victim = &b[i];
			break;
		}
		if ((u32)(now - b[i].when) > (u32)(now - victim->when))
			victim = &b[i];
	}
	if (victim->key)
		stats.forgotten++;
	victim->key = key | (test_page_flag(page, PG_demoted) ? WS_DEMOTED : 0);
	victim->when = now;
	victim->demotions = (u32)vm_event_get(WS_DEMOTE);
	eviction_clock++;
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
		u32 turnover;

		if ((b[i].key & WS_KEY_MASK) != key)
			continue;
		turnover = (u32)vm_event_get(WS_DEMOTE) - b[i].demotions;
		adapt_cold(b[i].key, inactive_clock() - b[i].when);
		b[i].key = 0;
		stats.refaults++;
		count_vm_event(REFAULT);
		if (turnover <= MAX(lru_nr_protected() / WS_TURNOVER_SHARE, (unsigned long)WS_TURNOVER_MIN)) {
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
	unsigned long protected;

	/* The cheap tests first: this is asked of every unused page kswapd scans. */
	if (!test_page_flag(page, PG_workingset))
		return false;
	/*
	 * Direct reclaim by a process (try_to_free_pages: its allocation found
	 * memory short) must free what it can now, or the allocation fails and
	 * the OOM killer runs while protected pages could have gone: protection
	 * is kswapd's (a kernel thread, no mm).
	 */
	if (current && current->mm)
		return false;
	protected = lru_nr_protected();
	if (protected > workingset_protected_target(lru_nr_pages()))
		return false;
	if (vm_event_get(PGREFILL) - refill_at_deactivation > (priority ? 8 : 2) * protected) {
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
