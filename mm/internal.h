/*
 * Declarations private to the mm/ files, grouped by the file that owns them.
 * Nothing outside mm/ (and tests/self, which checks mm/ from inside)
 * includes this header.
 */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

#include "mm/mm.h"
#include "kernel/spinlock.h"

/* ------------------------------------------------------ mm/bootmem.c -- */
/* A run of frames [start, end). */
struct pfn_range {
	unsigned long start, end;
};

#define BOOTMEM_MAX_RANGES 32

/*
 * bootmem_init: read the multiboot2 memory map into RAM ranges (usable
 * frames only, clipped to 4 GiB and to `mem=`), reserve the kernel image,
 * the boot information, the modules and frame 0. Sets max_pfn and
 * max_low_pfn. Boot only.
 */
void bootmem_init(void);
/*
 * bootmem_alloc: npages zeroed-on-request frames of RAM below limit_pfn,
 * preferring frames at or above goal_pfn; returns the first frame's
 * physical address, or 0 when nothing fits. The frames stay reserved for
 * good. Boot only, before free_all_bootmem().
 */
unsigned long bootmem_alloc(unsigned long npages, unsigned long goal_pfn, unsigned long limit_pfn);
/* Give every RAM frame that is not reserved to the buddy allocator; returns how many. */
unsigned long free_all_bootmem(void);
/* The RAM ranges as found (after mem=), for the mem_map setup and meminfo. */
unsigned int bootmem_ram_ranges(const struct pfn_range **ranges);
/* The mem= cap in effect in bytes; 0 when none was given or it was refused. */
u64 bootmem_mem_cap(void);
/* Frames of RAM that bootmem reserved (kernel, boot data, modules, its own allocations). */
unsigned long bootmem_reserved_pages(void);

/* --------------------------------------------------- mm/page_alloc.c -- */
struct free_area {
	struct list_head free_list; /* first pages of free blocks of this order */
	unsigned long nr_free;      /* blocks on the list */
};

struct zone {
	spinlock_t lock;                /* the free areas and free_pages */
	unsigned long free_pages;       /* free frames in all orders */
	unsigned long pages_min;        /* below: only atomic and __GFP_MEMALLOC allocate */
	unsigned long pages_low;        /* below: allocation falls back / wakes reclaim */
	unsigned long pages_high;       /* reclaim stops when free_pages reaches this */
	struct free_area free_area[MAX_ORDER];
	unsigned long zone_start_pfn;   /* first frame the zone spans */
	unsigned long spanned_pages;    /* frames spanned, holes included */
	unsigned long present_pages;    /* frames of RAM handed to the allocator at boot */
	const char *name;
	/* Clean, unmapped, age-0 pages reclaim_page() may take (owned by the LRU code). */
	struct list_head inactive_clean_list;
	unsigned long inactive_clean_pages;
	/* Events, for meminfo and the tests. */
	unsigned long alloc_count, fallback_count, low_count;
};

extern struct zone zone_table[MAX_NR_ZONES];

static inline struct zone *page_zone(const struct page *p)
{
	return &zone_table[page_zonenum(p)];
}

static inline unsigned long zone_end_pfn(const struct zone *z)
{
	return z->zone_start_pfn + z->spanned_pages;
}

/* Counters of allocator events (page_alloc.c owns them). */
struct vm_events {
	unsigned long pgalloc, pgfree;         /* blocks */
	unsigned long alloc_fail, alloc_fail_atomic;
	unsigned long reclaim_calls;           /* allocations that entered the reclaim hook */
	unsigned long reclaim_pages;           /* pages that hook gave back */
	unsigned long kswapd_wakeups;          /* times a zone fell below pages_low */
	unsigned long bad_pages;
};
extern struct vm_events vm_events;

/*
 * free_area_init: initialise every struct page (reserved, zone bits, PG_hole
 * for frames with no RAM) and the zones for frames [0, max_pfn). Boot only.
 */
void free_area_init(void);
/* Hand frames [start, end) of RAM to the buddy allocator. Boot only. */
void free_bootmem_range(unsigned long start, unsigned long end);
/* Compute the zones' watermarks from their present pages (after the free). */
void setup_zone_watermarks(void);
/* Free counts per order for one zone, into counts[MAX_ORDER]; returns free_pages. */
unsigned long zone_free_snapshot(const struct zone *z, unsigned long counts[MAX_ORDER]);
/* Walk a zone's free lists and check every invariant; returns the number of problems. */
unsigned int zone_verify(struct zone *z);
void show_free_areas(void);

/* --------------------------------------------------------- mm/debug.c -- */
/* Print what a struct page holds (flags decoded, count, owner fields). */
void dump_page(const struct page *page, const char *reason);
/*
 * bad_page: a page failed the allocator's checks (double free, freed while
 * mapped, a corrupt struct page). Dumps it and panics, unless the running
 * self-test announced with bad_page_expect() that it provokes this, in
 * which case the report is counted and bad_page returns: the caller then
 * leaves the page alone (it is leaked, not handed out).
 */
void bad_page(struct page *page, const char *reason);

/* ---------------------------------------------------------- mm/slab.c -- */
void slab_init(void);
void slab_print_stats(void);
/* One cache's counters, for the self-tests. */
void kmem_cache_counts(struct kmem_cache *c, unsigned long *slabs, unsigned long *free_slabs,
		       unsigned long *active, unsigned int *objs_per_slab, unsigned int *order);

/* ------------------------------------------------------- mm/highmem.c -- */
void kmap_init(void);
/* kmap slots with a mapping (in use or waiting for the lazy flush). */
unsigned int pkmap_slots_used(void);

/* ------------------------------------------------------- mm/mm_init.c -- */
/*
 * The boot-time allocator used before the buddy allocator exists: a page
 * for a kernel page table, below the boot mapping's 64 MiB.
 */
unsigned long early_alloc_table(void);

#endif
