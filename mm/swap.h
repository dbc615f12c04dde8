/*
 * Swap areas and slots: the interface of mm/swapfile.c (areas, swap_map,
 * slot allocation), mm/page_io.c (moving a page to and from its slot) and
 * mm/swap_state.c (the swap cache). Generic: the PTE encoding of an entry
 * lives in arch/x86/mmu.h (swp_val_to_pte / pte_to_swp_val).
 */
#ifndef MM_SWAP_H
#define MM_SWAP_H

#include "kernel/types.h"
#include "drivers/block.h"

struct page;
struct address_space;

/* A slot: (area type, page offset in the area). val 0 is "no entry". */
typedef struct { unsigned long val; } swp_entry_t;

#define MAX_SWAPFILES 8
#define SWP_TYPE_BITS 5

static inline swp_entry_t swp_entry(unsigned int type, unsigned long offset)
{
	return (swp_entry_t){ (offset << SWP_TYPE_BITS) | type };
}
static inline unsigned int swp_type(swp_entry_t e) { return e.val & ((1u << SWP_TYPE_BITS) - 1); }
static inline unsigned long swp_offset(swp_entry_t e) { return e.val >> SWP_TYPE_BITS; }

/* ---------------------------------------------------- mm/swapfile.c -- */
extern unsigned long nr_swap_pages;    /* free slots over all enabled areas */
extern unsigned long total_swap_pages; /* usable slots over all enabled areas */

swp_entry_t get_swap_page(void);
int swap_duplicate(swp_entry_t e);
void swap_free(swp_entry_t e);
int swap_count(swp_entry_t e);
void swap_mark_bad(swp_entry_t e);
unsigned int valid_swaphandles(swp_entry_t e, unsigned long *start);
int swap_entry_location(swp_entry_t e, struct block_device **bdev, u64 *sector);

/* ------------------------------------------------------ mm/page_io.c -- */
int rw_swap_page(enum block_dir dir, swp_entry_t entry, struct page *page, bool wait);

/* Slots of area `type` (its max offset + 1, 0 if none) and slots in use. */
unsigned long swap_area_max(unsigned int type);
unsigned long swap_area_inuse(unsigned int type);

/* --------------------------------------------------- mm/swap_state.c -- */
extern struct address_space swapper_space;

struct swap_cache_stats {
	unsigned long added, deleted, find_hits, find_misses, write_errors;
};
extern struct swap_cache_stats swap_cache_stats;

/*
 * add_to_swap_locked: reclaim chose this anonymous page (in no cache,
 * locked by the caller) for eviction: give it a slot and put it in the
 * swap cache, dirty, so try_to_unmap can leave the entry in its PTEs and
 * page_launder will write it. The page stays locked. False when no slot
 * is free. Never sleeps.
 */
bool add_to_swap_locked(struct page *page);
/* The page (locked, in the swap cache) leaves it; the slot count of the cache is dropped. */
void delete_from_swap_cache(struct page *page);
/* Drop the page's slot if nothing but the cache names it (a swapped-in page now only in memory). */
bool try_to_free_swap(struct page *page);
/* A PTE's swap entry goes (zap, exit): drop its count, and the cache page if nobody else needs it. */
void free_swap_and_cache(swp_entry_t entry);
/*
 * Free the swap cache pages nobody maps and no PTE or object names (read
 * ahead and never used, or left when their last user went while they were
 * locked): drop_caches calls it. Returns how many. Sleeps.
 */
unsigned long swap_cache_drop_unused(void);
/* The swap cache page for entry with a reference, or NULL. Never sleeps. */
struct page *lookup_swap_cache(swp_entry_t entry);
struct page *read_swap_cache_async(swp_entry_t entry);
void swapin_readahead(swp_entry_t entry);
/* page_launder found a swap cache page whose write failed. */
void swap_write_failed(struct page *page);
/* swapoff: bring every page of area `type` back into memory. 0, -ENOMEM, -EIO. Sleeps. */
int try_to_unuse(unsigned int type);
/* mm/shmem.c: bring back the pages of shared anonymous objects that live in area type. */
int shmem_unuse(unsigned int type);

#endif
