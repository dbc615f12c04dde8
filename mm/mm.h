/*
 * The memory manager's public interface: what kernel/, fs/ and drivers/ may
 * call. mm/internal.h holds what only the mm/ files may use; arch/x86/mmu.h holds
 * the page-table formats. docs/mm-physical.md explains the design.
 *
 * Grouped by owner:
 *   struct page, the flat mem_map, page flags  (mm/page_alloc.c initialises)
 *   alloc_pages / __free_pages and friends     mm/page_alloc.c
 *   kmap / kmap_atomic                          mm/highmem.c
 *   kmem_cache_* / kmalloc                      mm/slab.c
 *   mm_init, meminfo                            mm/mm_init.c
 */
#ifndef MM_MM_H
#define MM_MM_H

#include "kernel/types.h"
#include "kernel/list.h"
#include "arch/x86/arch.h"

/* ---------------------------------------------------------------- gfp -- */
typedef unsigned int gfp_t;

#define __GFP_WAIT 0x01     /* may sleep (and, once reclaim exists, reclaim) */
#define __GFP_HIGHMEM 0x02  /* a HIGHMEM page is fine */
#define __GFP_DMA 0x04      /* must come from ZONE_DMA */
#define __GFP_ZERO 0x08     /* clear the memory */
#define __GFP_MEMALLOC 0x10 /* ignore the watermarks: for reclaim itself and tests */
#define __GFP_NOFAIL 0x20   /* the caller cannot handle a failure: fault injection leaves it alone */

#define GFP_ATOMIC 0
#define GFP_NOIO __GFP_WAIT
#define GFP_KERNEL __GFP_WAIT
#define GFP_USER __GFP_WAIT
#define GFP_HIGHUSER (__GFP_WAIT | __GFP_HIGHMEM)
#define GFP_DMA __GFP_DMA

/* ------------------------------------------------------------ zones -- */
#define ZONE_DMA 0     /* frames below 16 MiB (ISA DMA) */
#define ZONE_NORMAL 1  /* the rest of lowmem: direct-mapped, up to 896 MiB */
#define ZONE_HIGHMEM 2 /* above lowmem: reached only through kmap */
#define MAX_NR_ZONES 3
#define MAX_DMA_PFN (16UL << (20 - PAGE_SHIFT))

/* The buddy allocator hands out blocks of 2^0 .. 2^(MAX_ORDER-1) pages. */
#define MAX_ORDER 11

/* ------------------------------------------------------ struct page -- */
struct address_space;
struct kmem_cache;
struct pte_chain;
struct pte; /* pte_t, arch/x86/mmu.h */

/*
 * One struct page per physical frame, 32 bytes on i386 (checked at build
 * time in mm/page_alloc.c). Which fields mean what depends on who owns the
 * page at the moment; the flags say who:
 *
 *   free (PG_buddy on the first page of a free block)
 *     list   link on zone->free_area[order].free_list
 *     index  the block's order
 *   page cache / swap cache (mapping != NULL, PG_swapcache for swap)
 *     list   link on the active / inactive_dirty / zone inactive_clean list
 *     mapping, index   the address_space and the page's offset in it (pages)
 *     next_hash        chain of the page-cache hash bucket of (mapping, index)
 *   mapped by user PTEs (any owner)
 *     pte_chain / pte_direct   reverse map: every PTE that maps the page
 *   page-table page (PG_pgtable)
 *     mapping  the mm_struct it belongs to, index  the virtual address it maps
 *   slab (PG_slab on every page of the slab)
 *     list        first page: link on the cache's full/partial/free list
 *     slab_cache  the kmem_cache
 *     slab_freelist, slab_inuse   first page: free objects and objects handed out
 *     slab_head   every page: the first page of its slab
 *
 * flags also carries the page's age (bits 20..27, for page aging by
 * kswapd) and its zone (bits 30..31). Page waits use hashed wait queues,
 * not one per page.
 */
struct page {
	unsigned long flags;     /* PG_* bits, age, zone (see below) */
	int count;               /* references; 0 exactly when free */
	struct list_head list;   /* buddy free list | LRU list | slab list */
	union {
		struct address_space *mapping; /* page cache owner, or mm for PG_pgtable */
		struct kmem_cache *slab_cache;  /* PG_slab */
	};
	union {
		unsigned long index;  /* offset in mapping (pages); order when PG_buddy */
		void *slab_freelist;  /* PG_slab, first page */
	};
	union {
		struct pte_chain *pte_chain; /* rmap: chain of PTEs mapping the page */
		struct pte *pte_direct;      /* rmap: the only PTE, when PG_direct */
		unsigned int slab_inuse;     /* PG_slab, first page */
	};
	union {
		struct page *next_hash;  /* page-cache hash chain */
		struct page *slab_head;  /* PG_slab: first page of the slab */
	};
};

/* Page flags: bit numbers in page->flags. */
enum pageflags {
	PG_locked,          /* I/O in progress or owner busy: wait_on_page */
	PG_error,           /* the last I/O on the page failed */
	PG_referenced,      /* used recently (software accessed bit) */
	PG_uptodate,        /* contents valid (read from backing store) */
	PG_dirty,           /* must be written back before reuse */
	PG_active,          /* on the active list */
	PG_inactive_dirty,  /* on the inactive_dirty list */
	PG_inactive_clean,  /* on its zone's inactive_clean list */
	PG_swapcache,       /* in the swap cache: mapping is the swapper space */
	PG_launder,         /* page_launder started writing it */
	PG_reserved,        /* never handed to the allocator (kernel image, boot data) */
	PG_hole,            /* no RAM behind this frame: pfn_valid() is false */
	PG_buddy,           /* first page of a free block in the buddy allocator */
	PG_slab,            /* owned by the slab allocator */
	PG_pgtable,         /* a user page table (rmap finds its mm through it) */
	PG_direct,          /* pte_direct, not pte_chain, is the reverse map */
	PG_chainlock,       /* mm/rmap.c: the page's pte chain is being read or changed */
	PG_trace,           /* mm/swap.c: print every LRU transition of this page (vmtrace=) */
	PG_workingset,      /* mm/swap.c: an active page in the protected working set (mm/workingset.c) */
	PG_readahead,       /* mm/swap_state.c: read ahead, no fault has found it yet */
	PG_demoted,         /* mm/swap.c: left the protected set for an inactive list (mm/workingset.c) */
	__NR_PAGEFLAGS,
};

#define PAGE_AGE_SHIFT 21
#define PAGE_AGE_MASK (0xffUL << PAGE_AGE_SHIFT)
/* gdb's kpage finds the age field after the last flag (tools/gdb/kernel.py). */
_Static_assert(PAGE_AGE_SHIFT == __NR_PAGEFLAGS, "the page age starts right after the PG_ bits");
#define PAGE_ZONE_SHIFT 30
#define PAGE_ZONE_MASK (3UL << PAGE_ZONE_SHIFT)

/* Flag helpers: atomic against interrupts (locked read-modify-write). */
static inline bool test_page_flag(const struct page *p, int bit)
{
	return (READ_ONCE(p->flags) >> bit) & 1;
}
static inline void set_page_flag(struct page *p, int bit)
{
	__atomic_fetch_or(&p->flags, 1UL << bit, __ATOMIC_SEQ_CST);
}
static inline void clear_page_flag(struct page *p, int bit)
{
	__atomic_fetch_and(&p->flags, ~(1UL << bit), __ATOMIC_SEQ_CST);
}
/*
 * Not atomic, and no compiler barrier: only where nothing else can change
 * the page's flags meanwhile (interrupts off on one CPU: rmap's batches).
 */
static inline void __set_page_flag(struct page *p, int bit)
{
	p->flags |= 1UL << bit;
}
static inline void __clear_page_flag(struct page *p, int bit)
{
	p->flags &= ~(1UL << bit);
}
static inline bool test_and_set_page_flag(struct page *p, int bit)
{
	return (__atomic_fetch_or(&p->flags, 1UL << bit, __ATOMIC_SEQ_CST) >> bit) & 1;
}
static inline bool test_and_clear_page_flag(struct page *p, int bit)
{
	return (__atomic_fetch_and(&p->flags, ~(1UL << bit), __ATOMIC_SEQ_CST) >> bit) & 1;
}

#define PageLocked(p) test_page_flag(p, PG_locked)
#define PageDirty(p) test_page_flag(p, PG_dirty)
#define PageUptodate(p) test_page_flag(p, PG_uptodate)
#define PageReferenced(p) test_page_flag(p, PG_referenced)
#define PageActive(p) test_page_flag(p, PG_active)
#define PageInactiveDirty(p) test_page_flag(p, PG_inactive_dirty)
#define PageInactiveClean(p) test_page_flag(p, PG_inactive_clean)
#define PageSwapCache(p) test_page_flag(p, PG_swapcache)
#define PageReserved(p) test_page_flag(p, PG_reserved)
#define PageSlab(p) test_page_flag(p, PG_slab)
#define PageBuddy(p) test_page_flag(p, PG_buddy)
#define PageError(p) test_page_flag(p, PG_error)

static inline unsigned int page_age(const struct page *p)
{
	return (p->flags & PAGE_AGE_MASK) >> PAGE_AGE_SHIFT;
}
/* The caller holds whatever lock owns the page's LRU state. */
static inline void set_page_age(struct page *p, unsigned int age)
{
	unsigned long f = READ_ONCE(p->flags), n;

	do {
		n = (f & ~PAGE_AGE_MASK) | ((unsigned long)(age & 0xff) << PAGE_AGE_SHIFT);
	} while (!__atomic_compare_exchange_n(&p->flags, &f, n, false, __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
}

static inline unsigned int page_zonenum(const struct page *p)
{
	return p->flags >> PAGE_ZONE_SHIFT;
}
#define PageHighMem(p) (page_zonenum(p) == ZONE_HIGHMEM)

/* ------------------------------------------------------- the mem_map -- */
extern struct page *mem_map;        /* one struct page per frame, [0, max_pfn) */
extern unsigned long max_pfn;       /* frames above this do not exist (for us) */
extern unsigned long max_low_pfn;   /* first frame that is not direct-mapped */
extern unsigned long totalram_pages, totalhigh_pages;

static inline struct page *pfn_to_page(unsigned long pfn) { return mem_map + pfn; }
static inline unsigned long page_to_pfn(const struct page *p) { return (unsigned long)(p - mem_map); }
/* A frame of RAM with a struct page; false for holes and frames past max_pfn. */
static inline bool pfn_valid(unsigned long pfn)
{
	return pfn < max_pfn && !test_page_flag(&mem_map[pfn], PG_hole);
}
/* kaddr must be a direct-mapped (lowmem) kernel address. */
static inline struct page *virt_to_page(const void *kaddr)
{
	return pfn_to_page(__pa(kaddr) >> PAGE_SHIFT);
}
static inline bool virt_addr_valid(const void *kaddr)
{
	unsigned long a = (unsigned long)kaddr;

	return a >= PAGE_OFFSET && pfn_valid(__pa(a) >> PAGE_SHIFT) &&
	       (__pa(a) >> PAGE_SHIFT) < max_low_pfn;
}

void *highmem_page_address(struct page *page); /* mm/highmem.c */
/*
 * The kernel virtual address of a page: the direct map for lowmem; for a
 * HIGHMEM page its kmap() address while it is kmapped, else NULL.
 */
static inline void *page_address(struct page *page)
{
	if (likely(!PageHighMem(page)))
		return __va(page_to_pfn(page) << PAGE_SHIFT);
	return highmem_page_address(page);
}

/* ------------------------------------------------ reference counts -- */
static inline int page_count(const struct page *p) { return READ_ONCE(p->count); }
static inline void set_page_count(struct page *p, int v) { WRITE_ONCE(p->count, v); }
static inline void get_page(struct page *p) { __atomic_add_fetch(&p->count, 1, __ATOMIC_SEQ_CST); }
/* Drop a reference to an order-0 page; the last one frees it. */
void put_page(struct page *p);

/* -------------------------------------------------- page allocator -- */
/*
 * alloc_pages: a block of 2^order physically contiguous frames, the first
 * frame's struct page returned with count 1, or NULL. Any context may call
 * it with GFP_ATOMIC, which never sleeps and may use part of the reserve
 * below pages_min. With __GFP_WAIT the caller may sleep (and reclaim will
 * run there once it exists); today it never sleeps either. __GFP_HIGHMEM
 * allows a HIGHMEM frame (page_address() is then NULL: use kmap),
 * __GFP_DMA restricts to ZONE_DMA, __GFP_ZERO clears the block.
 * When no zone in the fallback list can give the block, returns NULL: no
 * panic, no partial state.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
static inline struct page *alloc_page(gfp_t gfp) { return alloc_pages(gfp, 0); }
/* Drop the caller's reference on a block from alloc_pages; frees it on the last one. */
void __free_pages(struct page *page, unsigned int order);
#define __free_page(page) __free_pages((page), 0)
/*
 * split_page: turn a block from alloc_pages(gfp, order) into 2^order
 * independent order-0 pages, each with count 1, each freed on its own.
 */
void split_page(struct page *page, unsigned int order);
/* alloc_pages for lowmem, returning the kernel virtual address or 0. */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
#define __get_free_page(gfp) __get_free_pages((gfp), 0)
unsigned long get_zeroed_page(gfp_t gfp);
/* Free a block by its kernel virtual address (0 is ignored). */
void free_pages(unsigned long addr, unsigned int order);
#define free_page(addr) free_pages((addr), 0)

unsigned long nr_free_pages(void);       /* every zone */
unsigned long nr_free_highpages(void);
unsigned long nr_free_lowpages(void);

/* --------------------------------------------------------- highmem -- */
/*
 * kmap: a kernel address for any page, valid until kunmap(page). May sleep
 * when all LAST_PKMAP slots are in use; lowmem pages cost nothing.
 * kmap_atomic: a short-lived mapping in a per-type fixmap slot; never
 * sleeps; interrupts are off from kmap_atomic until the matching
 * kunmap_atomic, so keep the section short and nest types strictly.
 */
enum km_type {
	KM_USER0,
	KM_USER1,
	KM_PTE0,
	KM_PTE1,
	KM_ZERO,    /* __GFP_ZERO, clear_highpage */
	KM_IRQ0,
	KM_IRQ1,
	KM_TEST,
	KM_TYPE_NR,
};
void *kmap(struct page *page);
void kunmap(struct page *page);
void *kmap_atomic(struct page *page, enum km_type type);
void kunmap_atomic(void *kaddr, enum km_type type);
void clear_highpage(struct page *page);
void copy_highpage(struct page *to, struct page *from);

/* ------------------------------------------------------------ slab -- */
/*
 * kmem_cache_create: a cache of objects of `size` bytes, aligned to `align`
 * (0: 8 bytes). The name is kept by pointer. Sleeps only as GFP_KERNEL
 * does; returns NULL when memory is short. Create one cache per hot object
 * type (tasks, vm areas, pte chain blocks, inodes ...).
 */
struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align);
/* Every object must have been freed. */
void kmem_cache_destroy(struct kmem_cache *c);
/* An object or NULL; gfp as alloc_pages (no __GFP_HIGHMEM, no __GFP_DMA). */
void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *c, void *obj);
/* Give the cache's empty slabs back to the page allocator; returns pages freed. */
unsigned long kmem_cache_shrink(struct kmem_cache *c);
/* Shrink every cache (reclaim calls this); returns pages freed. */
unsigned long kmem_cache_reap(void);
/* Pages currently held by all caches, and objects in use (reports, leak checks). */
unsigned long slab_total_pages(void);
unsigned long slab_total_objects(void);

#define KMALLOC_MAX_SIZE (128u << 10)
/* size bytes (<= KMALLOC_MAX_SIZE) from the kmalloc size classes, or NULL. */
void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
/* Free a kmalloc'd object; NULL is ignored. */
void kfree(const void *p);
/* The usable size of a kmalloc'd object (its size class). */
size_t ksize(const void *p);

/* ------------------------------------------------------- boot, info -- */
/*
 * mm_init: called once by kernel_main, interrupts off, before the
 * scheduler: reads the memory map, builds the kernel page tables, the
 * mem_map, zones, buddy allocator, slab and kmap. Afterwards every
 * allocator above works. Prints meminfo unless `quiet`.
 */
void mm_init(void);
/* Totals, free pages per zone and order, slab use: the meminfo report. */
void meminfo_print(void);

#endif
