/*
 * The reverse map: for every RAM page mapped into user space, the address
 * of every PTE that maps it (seeds 000, 002, 003; docs/rmap.md). mm/rmap.c
 * owns the chains and is the only code that reads or changes them; the
 * PTE helpers of mm/memory.c call pte_link when they set a user PTE of a
 * RAM page and pte_unlink when they clear it.
 *
 * A page mapped once keeps that PTE's address inline (PG_direct,
 * page->pte_direct); from the second mapping on, page->pte_chain points to
 * a list of cache-line blocks of PTE addresses. Blocks come from their own
 * slab cache and are taken by the caller *before* it links
 * (pte_chain_alloc), so pte_link never allocates, sleeps or fails:
 *
 *	struct pte_chain *spare = pte_chain_alloc(GFP_KERNEL);
 *	if (!spare)
 *		return FAULT_OOM;
 *	... set_pte(ptep, ...);
 *	spare = pte_link(page, ptep, spare);   // NULL if it used the block
 *	...
 *	pte_chain_free(spare);                  // NULL is fine
 *
 * The shared zero page is outside the reverse map: every anonymous read
 * fault maps it, nothing ever unmaps it to reclaim it, so pte_link and
 * pte_unlink ignore it.
 */
#ifndef MM_RMAP_H
#define MM_RMAP_H

#include "mm/mm.h"
#include "arch/x86/mmu.h"

struct mm_struct;

/*
 * PTE addresses per chain block: a block is one cache line (L1_CACHE_BYTES),
 * the next pointer and NRPTE PTE addresses, Linux 2.5's rule. With the
 * 64-byte line Debian's kernel is built for that is 15 (7 with the 32-byte
 * lines of the Pentium III and older): 100 mappings take 7 blocks, 4.48
 * bytes a PTE, where 32-byte blocks take 15 (4.80); a page mapped twice
 * takes one block either way, 64 bytes instead of 32.
 */
#define NRPTE ((L1_CACHE_BYTES - sizeof(void *)) / sizeof(pte_t *))

struct pte_chain {
	struct pte_chain *next;
	pte_t *ptes[NRPTE]; /* used slots are a suffix: [first used, NRPTE) */
};

/* try_to_unmap's answers (Linux 2.5's names). */
#define SWAP_SUCCESS 0 /* no PTE maps the page any more */
#define SWAP_AGAIN 1   /* an mm's lock was busy: some PTEs are left, try later */
#define SWAP_FAIL 2    /* cannot be unmapped: VM_LOCKED, or anonymous with no swap entry */

/* Counters of the reverse map (leak checks, the checker, /proc/vmstat later). */
struct rmap_stats {
	unsigned long chain_blocks; /* blocks on some page's chain */
	unsigned long spare_blocks; /* blocks callers hold between pte_chain_alloc and link/free */
	unsigned long links, unlinks;
	unsigned long to_chain, to_direct; /* conversions direct -> chain and back */
	unsigned long referenced_calls, unmap_calls, unmapped_ptes;
	unsigned long unmap_in_window; /* PTEs unmapped while their mm's holder slept in a window */
};
extern struct rmap_stats rmap_stats;

/*
 * For tests/bench/rmap_bench.c only: while set, pte_link, pte_unlink and
 * pte_relink do nothing, so a run of fork + exit with it set, beside one
 * without, gives the reverse map's whole cost. Only a benchmark with no
 * other address space changing may set it, and must give back every page
 * it mapped before clearing it (the chains would be wrong otherwise).
 */
extern bool rmap_bench_bypass;

void rmap_init(void);

/*
 * pte_chain_alloc: a spare chain block for a later pte_link, or NULL when
 * memory is short (the caller then fails with -ENOMEM / FAULT_OOM). Call
 * it before taking any spinlock; with GFP_KERNEL it may sleep.
 */
struct pte_chain *pte_chain_alloc(gfp_t gfp);
/* Give back a spare block pte_link did not use. NULL is ignored. Never sleeps. */
void pte_chain_free(struct pte_chain *spare);
/*
 * Give the free blocks rmap keeps for reuse (at most 1/8 block per page of
 * RAM) back to the slab; returns how many. drop_caches calls it, so leak
 * checks see only blocks in use. Never sleeps.
 */
unsigned long rmap_drain_block_cache(void);
/* The reuse LIFO's length and its cap (tests and debugging). Never sleeps. */
void rmap_block_cache_counts(unsigned long *n, unsigned long *max);

/*
 * pte_link: the present PTE at ptep now maps page. Records it in the
 * page's reverse map, using spare if a new block is needed. Returns spare
 * when it was not used, NULL when it was (or was NULL); a NULL spare when
 * a block is needed is a bug (BUG). Caller: the PTE helpers, holding the
 * mm's mmap_lock, with the PTE already set. Never sleeps or allocates.
 */
struct pte_chain *pte_link(struct page *page, pte_t *ptep, struct pte_chain *spare);
/*
 * pte_unlink: the PTE at ptep no longer maps page (it was cleared or is
 * about to be overwritten). BUG when ptep is not in the reverse map.
 * Caller holds the mm's mmap_lock. Never sleeps; may free a block.
 */
void pte_unlink(struct page *page, pte_t *ptep);

/*
 * Batches: fork's copy and exit's zap link or unlink every PTE of a
 * page table, and one call per PTE (each with its own interrupt save and
 * chain lock) was most of what the reverse map cost them. A batch
 * collects up to RMAP_BATCH (page, PTE) pairs and does them in one
 * interrupt-off section, in the order they were added, exactly as that
 * many pte_link / pte_unlink calls would. The PTEs are set (for links) or
 * cleared (for unlinks) when they are added, so the caller must hold the
 * mm's mmap_lock until the batch is done, and must not sleep with
 * entries in it: the chains lag the tables until then (the checker skips
 * an mm whose mmap_lock is held, try_to_unmap gets SWAP_AGAIN on it).
 *
 *	struct rmap_batch b = RMAP_BATCH_INIT;
 *	for (...) {
 *		if (!rmap_batch_reserve(&b))      // may sleep: flushes first
 *			goto enomem;
 *		set_pte(ptep, ...);
 *		rmap_batch_add(&b, page, ptep);
 *	}
 *	pte_link_batch(&b); rmap_batch_release(&b);
 *
 * A link batch carries one spare block per entry, so no link in it can
 * run short; an unlink batch needs none.
 */
#define RMAP_BATCH 64

/* One entry: a page and a PTE, side by side so the loops walk one pointer. */
struct rmap_entry {
	struct page *page;
	pte_t *ptep;
};

struct rmap_batch {
	unsigned int n, nr_spares;
	bool injected_short;      /* fault injection failed a block we asked for */
	struct pte_chain *spares; /* a list through ->next */
	struct rmap_entry e[RMAP_BATCH];
};
#define RMAP_BATCH_INIT { 0, 0, false, NULL, { { NULL, NULL } } }

static inline void rmap_batch_add(struct rmap_batch *b, struct page *page, pte_t *ptep)
{
	b->e[b->n++] = (struct rmap_entry){ page, ptep };
}
static inline bool rmap_batch_full(const struct rmap_batch *b) { return b->n == RMAP_BATCH; }

/* Link every entry of b (see above); b is empty after. Never sleeps. */
void pte_link_batch(struct rmap_batch *b);
/* Unlink every entry of b; b->e[] stays filled for the caller's put_page. BUG as pte_unlink. */
void pte_unlink_batch(struct rmap_batch *b);
/*
 * Room and a spare block for one more link: links what b holds when it is
 * full, then takes up to RMAP_BATCH spares (GFP_KERNEL: may sleep, with b
 * empty by then). False when no block could be had (b is empty then).
 */
bool __rmap_batch_reserve(struct rmap_batch *b);
static inline bool rmap_batch_reserve(struct rmap_batch *b)
{
	return (b->n < b->nr_spares) || __rmap_batch_reserve(b);
}
/* Give back the spares b still holds (after its last pte_link_batch). */
void rmap_batch_release(struct rmap_batch *b);

/*
 * pte_relink: the mapping in the PTE at old moved to the PTE at new
 * (mremap). The entry is rewritten in place: no block needed. BUG when
 * old is not in the reverse map. Caller holds the mm's mmap_lock.
 */
void pte_relink(struct page *page, pte_t *old, pte_t *new);

/* How many PTEs map the page (0 for the zero page). Takes the chain lock. */
unsigned int page_mapcount(struct page *page);
/*
 * The same for any frame number, for /proc/kpagecount: 0 for holes, free
 * frames, slab and other kernel pages. Never sleeps.
 */
unsigned int pfn_mapcount(unsigned long pfn);
static inline bool page_mapped(const struct page *page)
{
	return test_page_flag(page, PG_direct) || (!test_page_flag(page, PG_slab) && page->pte_chain);
}

/*
 * page_referenced: test and clear the accessed bit of every PTE that maps
 * the page (flushing the TLB entry of the active mm), and PG_referenced;
 * returns how many were set. Any context that may disable interrupts; the
 * caller holds a reference on the page. Never sleeps.
 */
int page_referenced(struct page *page);
/*
 * try_to_unmap: clear every PTE that maps the page: each PTE's dirty bit
 * moves to the page, its TLB entry is flushed, its reference dropped.
 * Returns SWAP_SUCCESS, SWAP_AGAIN (an mm's mmap_lock was held: the rest
 * stays mapped, try later) or SWAP_FAIL (a VM_LOCKED vma, or an anonymous
 * page with no swap entry to leave behind). A file page's PTE becomes empty
 * and the next touch faults the page back from the cache. The caller holds
 * its own reference on the page (so it survives) and no mmap_lock it would
 * need (it would get SWAP_AGAIN). Never sleeps.
 */
int try_to_unmap(struct page *page);

/*
 * try_to_unmap_pte: clear the one PTE ptep of page, as try_to_unmap does
 * for each; the caller holds that PTE's mm's mmap_lock (2.4.0's
 * per-process swap_out, which walks an mm's tables). SWAP_FAIL when ptep
 * is not in the page's reverse map or cannot be unmapped. Never sleeps.
 */
int try_to_unmap_pte(struct page *page, pte_t *ptep);

/* The mm and user address a PTE belongs to, from its page-table page. */
struct mm_struct *ptep_to_mm(const pte_t *ptep);
unsigned long ptep_to_address(const pte_t *ptep);

/*
 * rmap_walk: call fn(page, ptep, data) for each PTE in the page's reverse
 * map, under the chain lock (interrupts off: fn must not sleep or touch
 * the chain). Returns the number of entries; *blocks (if not NULL) gets
 * the chain blocks. For the invariant checker and the tests.
 */
unsigned int rmap_walk(struct page *page, void (*fn)(struct page *, pte_t *, void *), void *data,
		       unsigned int *blocks);
/*
 * rmap_replace_entry: overwrite the entry old with new in the page's
 * reverse map (true if found). Only for the checker's self-test, which
 * corrupts a chain on purpose and repairs it.
 */
bool rmap_replace_entry(struct page *page, pte_t *old, pte_t *new);

/* The pid of a task using mm, or -1 (an mm no task runs: a self-test's). */
int mm_owner_pid(struct mm_struct *mm);
/* Print a page's reverse map as (pid, address) pairs: dump_page's second half. */
void dump_page_mappings(const struct page *page);

#endif
