/*
 * Allocation failure injection (kernel/fault_inject.c): the page
 * allocator, the slab and the reverse map's chain-block cache ask
 * should_fail_alloc before they allocate; a true answer makes that
 * allocation fail as if memory had run out.
 */
#ifndef KERNEL_FAULT_INJECT_H
#define KERNEL_FAULT_INJECT_H

#include "kernel/types.h"
#include "kernel/sched.h"

enum fault_site {
	FAULT_PAGE_ALLOC, /* alloc_pages */
	FAULT_SLAB,       /* kmem_cache_alloc, kmalloc */
	FAULT_CHAIN,      /* pte_chain_alloc, before its free-block LIFO */
	FAULT_NR_SITES
};

/* True while a boot key asks for random failures. */
extern bool fault_random_armed;

/* gfp is the caller's mask (mm/mm.h); size the bytes asked for. */
bool __should_fail_alloc(enum fault_site site, unsigned int gfp, size_t size);
/* Every allocation asks: when nothing is armed the answer costs two tests, no call. */
static inline bool should_fail_alloc(enum fault_site site, unsigned int gfp, size_t size)
{
	if (likely(!fault_random_armed) && (!current || !current->fail_nth))
		return false;
	return __should_fail_alloc(site, gfp, size);
}

/*
 * For a caller about to make n allocations of one kind in a row (the
 * reverse map's batches): how many of them go ahead before the first
 * that should fail; n when nothing is armed (one test, not n calls).
 */
unsigned int allocs_allowed(enum fault_site site, unsigned int gfp, size_t size, unsigned int n);

/* Failures injected since boot, per site (shown in /proc/vmstat). */
extern unsigned long fault_injected[FAULT_NR_SITES];

/* /proc/<pid>/fail-nth: the task's counter, 0 or -ESRCH; set it, 0 or -ESRCH. */
int fault_fail_nth_get(int pid, unsigned int *n);
int fault_fail_nth_set(int pid, unsigned int n);

#endif
