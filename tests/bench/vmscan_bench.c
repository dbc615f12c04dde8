/*
 * The active-list scan's constant cost (`bench=vmscan`), deterministic under
 * -icount: refill_inactive_scan over an mm's private anonymous pages, each
 * mapped once, all in the protected working set (they enter it while memory
 * fills: workingset_protect_new). This is the state kswapd laps through in
 * the throughput job's slow regime (docs/reclaim-policy.md): every page is
 * looked at, none is deactivated. Cycles per page scanned (PGREFILL):
 *   vmscan_refill_referenced  a lap where every page was just used: one
 *                             page_referenced over its chain clears the
 *                             accessed bit, age_page_up
 *   vmscan_refill_kept        the laps after it, nothing used since: the
 *                             page is found unused and workingset_keep_active
 *                             keeps it (age unchanged)
 * The bench runs in the bench kernel thread (no mm), so protection holds as
 * it does for kswapd; priority 1 takes half the active list a call, and the
 * three laps stay well inside the stall rule's 8. The referenced lap has no
 * TLB flush to pay (the bench's mm is not loaded: flush_tlb_range returns at
 * once), where kswapd scanning the running process's pages pays an invlpg per
 * referenced page. The laps must see exactly the bench's pages, with no stall
 * and no deactivation, or the figures would measure something else: the
 * bench stops the boot (BUG_ON) rather than print them. While it runs, the cold allocation is
 * set to one page, so that the pages it maps are protected (all but at most
 * one: the target is all LRU pages but the cold allocation) at any RAM size
 * (otherwise the share depends on the zones' pages_high) and the figures
 * compare across sizes; the allocation is put back afterwards.
 */
#include "kernel/bench.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/lru.h"
#include "mm/vm.h"
#include "mm/vmscan.h"
#include "mm/vmstat.h"
#include "mm/workingset.h"

#define BASE 0x40000000UL
#define SCAN_PAGES 1024 /* 4 MiB: fits beside the boot at 16 MiB */
#define PRIORITY 1

/* One lap of the active list in 2^PRIORITY calls: its cycles. */
static u64 lap(void)
{
	unsigned long scanned = vm_event_get(PGREFILL), deactivated = vmscan_stats.deactivated;
	struct workingset_stats ws;
	unsigned long stalls;
	u64 t0;

	workingset_get_stats(&ws);
	stalls = ws.stalls;
	t0 = arch_cycles();
	for (int i = 0; i < 1 << PRIORITY; i++)
		refill_inactive_scan(PRIORITY, 1 << 30);
	t0 = arch_cycles() - t0;
	workingset_get_stats(&ws);
	/* Only the bench's pages, none let go: what the figures claim to measure. */
	BUG_ON(vm_event_get(PGREFILL) - scanned != SCAN_PAGES);
	BUG_ON(vmscan_stats.deactivated != deactivated || ws.stalls != stalls);
	return t0;
}

KBENCH(vmscan, refill_scan_protected)
{
	unsigned long protected0 = lru_nr_protected(), cold = workingset_cold;
	struct lru_counts c;
	struct mm_struct *mm;
	u64 kept = 0;
	long r;

	lru_totals(&c);
	if (c.active || nr_free_pages() < 2 * SCAN_PAGES) {
		printk("bench: (vmscan_refill: needs an empty active list and 8 MiB free)\n");
		BUG();
	}
	mm = mm_alloc();
	BUG_ON(!mm);
	r = do_mmap(mm, BASE, SCAN_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);
	BUG_ON(r != (long)BASE);
	workingset_cold = 1;
	BUG_ON(populate_range(mm, BASE, BASE + SCAN_PAGES * PAGE_SIZE, true));
	/* All but at most one: the target is every LRU page but the cold allocation. */
	BUG_ON(lru_nr_protected() - protected0 < SCAN_PAGES - 1);
	bench_report("vmscan_refill_referenced", "cycles_per_page", lap() / SCAN_PAGES);
	for (int i = 0; i < 2; i++)
		kept += lap();
	bench_report("vmscan_refill_kept", "cycles_per_page", kept / (2 * SCAN_PAGES));
	printk("bench: (vmscan_refill: %d pages, %lu protected)\n", SCAN_PAGES,
	       lru_nr_protected() - protected0);
	mmput(mm);
	BUG_ON(workingset_cold != 1); /* nothing adapted it meanwhile: putting it back loses nothing */
	workingset_cold = cold;
}
