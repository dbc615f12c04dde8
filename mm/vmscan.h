/*
 * Page reclaim (mm/vmscan.c: kswapd, refill_inactive_scan, swap_out,
 * page_launder, reclaim_page, try_to_free_pages) and the OOM killer
 * (mm/oom_kill.c). The allocator (mm/page_alloc.c) calls in here; the
 * LRU lists they work on are mm/swap.c's (mm/lru.h).
 */
#ifndef MM_VMSCAN_H
#define MM_VMSCAN_H

#include "mm/mm.h"

struct zone;

/* Wake kswapd (a zone fell below pages_low). Any context. */
void wakeup_kswapd(void);
/*
 * try_to_free_pages: direct reclaim by an allocating task that may sleep:
 * the work kswapd does, synchronously, waiting for writes when it must.
 * Returns the pages freed or made freeable (0: nothing could be). Sleeps.
 */
unsigned long try_to_free_pages(gfp_t gfp, unsigned int order);
/*
 * reclaim_page: a clean, unmapped, unreferenced inactive_clean page of the
 * zone, taken out of its cache and off the lists, with count 1 (the
 * caller's), or NULL. Pages found referenced or dirty go back to the right
 * list. Task context; never sleeps.
 */
struct page *reclaim_page(struct zone *zone);
/* Bring every zone to pages_high by reclaiming its inactive_clean pages; pages freed. */
unsigned long refill_free_pages(void);

/* The reclaim passes, for kswapd, the direct path, tests and benchmarks. */
int refill_inactive_scan(unsigned int priority, int target);
int page_launder(gfp_t gfp, bool sync);
int swap_out(unsigned int priority, int target);
unsigned long do_try_to_free_pages(gfp_t gfp, bool direct);

/* vmscan=virtual on the command line: 2.4.0's per-process swap_out unmaps pages. */
extern bool vmscan_virtual;

struct vmscan_stats {
	unsigned long active_scanned;    /* pages refill_inactive_scan looked at */
	unsigned long inactive_scanned;  /* pages page_launder and reclaim_page looked at */
	unsigned long ptes_scanned;      /* PTEs swap_out looked at */
	unsigned long unmapped;          /* pages whose every PTE reclaim removed */
	unsigned long deactivated, laundered, cleaned, reclaimed;
	unsigned long kswapd_runs, direct_runs;
};
extern struct vmscan_stats vmscan_stats;

/* Pages kswapd and direct reclaim want back: 0 when every zone is fine. */
unsigned long free_shortage(void);
unsigned long inactive_shortage(void);

/* ------------------------------------------------------ mm/oom_kill.c -- */
/*
 * out_of_memory: reclaim could free nothing for an order-0 allocation.
 * Picks the process with the largest badness (mm/oom_kill.c), kills it
 * with SIGKILL and gives it time to exit. True if the allocation should
 * be tried again; false if there is no one to kill (or the caller is the
 * victim): the allocation then fails.
 */
bool out_of_memory(gfp_t gfp, unsigned int order);
/*
 * The task out_of_memory would act on: a victim still on its way out
 * (*exiting true: wait for it), else the process of largest badness, or
 * NULL. Call with interrupts off; exported for the self-tests.
 */
struct task;
struct task *oom_choose(bool *exiting);

#endif
