/*
 * Swap areas, their slots and the swap I/O: the interface the rest of the
 * VM (the swap cache, reclaim, fork, exit, do_swap_page) and /proc use.
 * Generic: the encoding of a swap entry inside a non-present PTE is
 * arch/x86/mmu.h's business; this file only defines the entry itself.
 *
 * Owners:
 *   swap areas, swap_map slot counts, swapon/swapoff     mm/swapfile.c
 *   moving pages between memory and slots (requests)     mm/page_io.c
 *   the swap cache, try_to_unuse                         mm/swap_state.c
 * docs/swap.md explains the design (on-disk header, slot allocation, I/O);
 * the seed text is ../shared/seeds/004_5259c79023fe781e.txt ("Swapping and
 * the Page Cache").
 *
 * A swap entry names one page-sized slot: area `type` (index into the
 * area table, < MAX_SWAPFILES) and `offset` (slot number inside the area;
 * slot 0 holds the header and is never handed out, so val 0 means "no
 * entry"). Every slot in use has a reference count in its area's swap_map:
 * one per swap PTE naming it and one for the swap cache.
 *
 * Context: everything here but the I/O calls of mm/page_io.c (which may
 * sleep for a free request) and swapon/swapoff (which sleep) may be called
 * with interrupts off, and none of it allocates memory.
 */
#ifndef MM_SWAP_H
#define MM_SWAP_H

#include "kernel/types.h"
#include "drivers/block.h"

struct page;

typedef struct {
	unsigned long val;
} swp_entry_t;

/* try_to_unuse is mm/swap_state.c's (not mm/swapfile.c's interim one). */
#define HAVE_TRY_TO_UNUSE 1
#define MAX_SWAPFILES 8
#define SWP_TYPE_BITS 5
#define SWP_OFFSET_BITS 26
#define SWP_OFFSET_LIMIT (1UL << SWP_OFFSET_BITS) /* offsets are below this */

/* val = offset << 5 | type: type < 32, offset < 2^26 (fits a 31-bit PTE field). */
static inline swp_entry_t swp_entry(unsigned int type, unsigned long offset)
{
	swp_entry_t e = { (offset << SWP_TYPE_BITS) | (type & ((1U << SWP_TYPE_BITS) - 1)) };

	return e;
}
static inline unsigned int swp_type(swp_entry_t e)
{
	return e.val & ((1U << SWP_TYPE_BITS) - 1);
}
static inline unsigned long swp_offset(swp_entry_t e)
{
	return e.val >> SWP_TYPE_BITS;
}

/* Free slots over all enabled areas; usable (not bad) slots over all enabled areas. */
extern unsigned long nr_swap_pages;
extern unsigned long total_swap_pages;
/* Swap read-ahead reads at most 1 << page_cluster slots around the faulting one. */
extern int page_cluster;

/* Slots handed out in order from one run before searching again. */
#define SWAPFILE_CLUSTER 256

/* ------------------------------------------------- mm/swapfile.c -- */
/*
 * get_swap_page: a free slot, now with count 1, from the enabled area of
 * highest priority (round robin among areas of equal priority), taken from
 * the area's current cluster of consecutive slots. .val 0 when no slot is
 * free. Never sleeps; any context.
 */
swp_entry_t get_swap_page(void);
/*
 * swap_duplicate: one more reference to a slot in use (fork copying a swap
 * PTE, the swap cache). 0, or -EINVAL (nothing printed) when the entry
 * names no slot in use. A count that reaches SWAP_MAP_MAX sticks there:
 * the slot is then never freed (a warning says so once).
 */
int swap_duplicate(swp_entry_t e);
/*
 * swap_free: drop one reference; at 0 the slot is free again (or stays
 * out of use if swap_mark_bad marked it). A bad entry prints one KERN_ERR
 * line "swap_free: bad swap entry %08lx" and changes nothing.
 */
void swap_free(swp_entry_t e);
/* References held: 0 free, > 0 in use, -EINVAL for a bad entry or a bad slot. */
int swap_count(swp_entry_t e);
/*
 * swap_mark_bad: a write to this slot failed. It is no longer usable
 * (total_swap_pages drops by one); the references already held stay
 * valid, and after the last swap_free the slot stays out of use.
 */
void swap_mark_bad(swp_entry_t e);
/*
 * valid_swaphandles: for read-ahead around e. Looks at the aligned window
 * of `window` slots (a power of two) holding e (clipped to the area and never
 * slot 0) and finds the run of consecutive slots in use that contains e:
 * *start = its first offset, the return value its length (>= 1). 0 when e
 * itself names no slot in use (then *start = e's offset).
 */
unsigned int valid_swaphandles(swp_entry_t e, unsigned int window, unsigned long *start);
/*
 * The first slot in use (count > 0) of area `type` at offset >= from, or 0
 * when there is none (try_to_unuse walks an area with it). Works while the
 * area is being switched off (SWP_USED without SWP_WRITEOK).
 */
unsigned long swap_next_used(unsigned int type, unsigned long from);
/* False while the entry's area is being switched off: reclaim must not send pages there. */
bool swap_entry_writable(swp_entry_t e);
/* Where a slot lives on disk: 0, or -EINVAL for an entry naming no usable slot. */
int swap_entry_location(swp_entry_t e, struct block_device **bdev, u64 *sector);

/* One enabled area as /proc/swaps shows it (and a little more for tests). */
struct swap_area_info {
	char name[24];            /* "/dev/hdc" */
	const char *type;         /* "partition" */
	unsigned long size_kib;   /* usable slots, in KiB */
	unsigned long used_kib;   /* slots in use, in KiB */
	int prio;
	unsigned int swap_type;   /* the entry's type field for this area */
	unsigned long pages;      /* usable slots */
	unsigned long inuse_pages;
	unsigned long max;        /* slots including the header and bad ones */
	unsigned long nr_bad;     /* bad slots: header's list and swap_mark_bad */
	struct block_device *bdev;
};
/* Copy up to max enabled areas, highest priority first; returns how many. Never sleeps. */
int swap_areas_snapshot(struct swap_area_info *out, int max);

/* swapon(2) flags (Linux values). */
#define SWAP_FLAG_PREFER 0x8000
#define SWAP_FLAG_PRIO_MASK 0x7fff
#define SWAP_FLAG_DISCARD 0x10000
#define SWAP_FLAG_DISCARD_ONCE 0x20000
#define SWAP_FLAG_DISCARD_PAGES 0x40000
#define SWAP_FLAGS_VALID (SWAP_FLAG_PRIO_MASK | SWAP_FLAG_PREFER | SWAP_FLAG_DISCARD | \
			  SWAP_FLAG_DISCARD_ONCE | SWAP_FLAG_DISCARD_PAGES)

/*
 * swapon_path / swapoff_path: the system calls' work on a kernel path
 * (sys_swapon / sys_swapoff copy the path in and call these). Errors as
 * Linux 6.1: -EINVAL (bad flags, no swap header, not a block device),
 * -EBUSY (already on), -EPERM (all MAX_SWAPFILES areas used), -ENOENT,
 * -EISDIR, -ENOTDIR, -ENAMETOOLONG, -ENOMEM, -EIO; swapoff of a path that
 * is no enabled area: -EINVAL; swapoff when try_to_unuse fails: its error,
 * the area left enabled as it was. Sleep.
 */
int swapon_path(const char *kpath, int swap_flags);
int swapoff_path(const char *kpath);
/* The same on a device (boot, tests): name is what messages and /proc/swaps show. */
int swapon_bdev(struct block_device *bdev, const char *name, int swap_flags);
int swapoff_bdev(struct block_device *bdev);

/*
 * lookup_bdev: the block device a path names, or ERR_PTR(-ENOENT /
 * -ENOTBLK (exists, not a block device) / -ENOTDIR / -ENAMETOOLONG ...).
 * Provided by fs/ (device nodes); mm/swapfile.c holds a temporary one.
 */
struct block_device *lookup_bdev(const char *kpath);

/*
 * try_to_unuse: bring every page of area `type` back into memory and drop
 * every reference to its slots (swap PTEs, swap cache). Called by swapoff
 * with the area no longer SWP_WRITEOK. 0, or -ENOMEM / -EINTR (the area is
 * then re-enabled by the caller). Sleeps. Implemented in mm/swap_state.c.
 */
int try_to_unuse(unsigned int type);

/* -------------------------------------------------- mm/page_io.c -- */
/*
 * rw_swap_page: read or write one page from/to the slot `entry`. The page
 * (lowmem or HIGHMEM) is locked by the caller. Starts one 8-sector block
 * request; on completion (maybe in an interrupt) a read sets PG_uptodate
 * or PG_error, a write sets PG_error on failure; then the page is
 * unlocked. wait=true sleeps until then and returns -EIO if the transfer
 * failed. Returns 0 when started (or done, with wait), -EINVAL when the
 * entry names no usable slot (page unlocked, PG_error set). Sleeps for a
 * free request when SWAP_IO_REQUESTS are in flight: task context only.
 */
int rw_swap_page(enum block_dir dir, swp_entry_t entry, struct page *page, bool wait);
/*
 * swap_readpages: start reading the n consecutive slots from `first` on
 * (same area) into pages[0..n-1], each locked, in the swap cache at its
 * slot, not uptodate (swapin_readahead); a NULL entry is a slot left out,
 * which ends a run. One request per run of slots
 * that lie next to each other on one device, cut at the device's
 * max_pages. Each page completes as rw_swap_page's read does, with the
 * outcome of its own slot (a failed multi-page request is redone page by
 * page); a slot with no usable location fails its page at once. The
 * caller's page references are its own. Sleeps for free requests.
 */
void swap_readpages(swp_entry_t first, struct page **pages, unsigned int n);

/*
 * A plug (on the stack of the task that writes, see mm/page_io.c): the
 * writes swap_write_plugged is given while it is current->swap_plug are
 * collected, up to BLOCK_MAX_PAGES of consecutive slots on one device, and
 * submitted as one request. Fields are page_io.c's.
 */
struct swap_plug {
	enum block_dir dir;         /* BLOCK_WRITE (swap_readpages runs one for reads) */
	struct block_device *bdev;  /* of pages[0] */
	u64 sector;                 /* pages[0]'s first sector */
	unsigned int nr;            /* pages held, locked, not yet submitted */
	bool owner;                 /* this plug is current->swap_plug (not a nested start) */
	struct page *pages[BLOCK_MAX_PAGES];
};
/* The current task starts collecting (a nested start leaves the outer plug in charge). */
void swap_plug_start(struct swap_plug *plug);
/* Submit what the current task's plug holds; call before waiting for a page written. */
void swap_unplug(void);
/* Submit what the plug holds and stop collecting. */
void swap_plug_finish(struct swap_plug *plug);
/*
 * swap_write_plugged: rw_swap_page(BLOCK_WRITE, entry, page, false), but
 * with a plug the write joins the plug's run (or ends it and starts the
 * next one) and is submitted later. Same contract: the page (locked,
 * dirty bit cleared) is unlocked when its write completes, PG_error if it
 * failed; -EINVAL (page unlocked, PG_error) for an entry with no usable
 * slot. Sleeps for a free request. Never allocates.
 */
int swap_write_plugged(swp_entry_t entry, struct page *page);

/*
 * swap_io_wait_one: sleep until one swap request in flight completes, so
 * that a caller who found no free memory can see what the writes already
 * started will free. False at once when nothing is in flight.
 */
bool swap_io_wait_one(void);

/* At most this many swap requests are in flight; their structs are static. */
#define SWAP_IO_REQUESTS 32

struct swap_stats {
	unsigned long pswpin;        /* pages read from swap (transfers started) */
	unsigned long pswpout;       /* pages written to swap (transfers started) */
	unsigned long read_errors;   /* pages whose read ended in PG_error */
	unsigned long write_errors;  /* pages whose write ended in PG_error */
	unsigned long requests;      /* block requests submitted (retries included) */
	unsigned long retried;       /* multi-page requests that failed and were redone page by page */
	unsigned long in_flight;     /* requests submitted, not completed */
	unsigned long max_in_flight; /* the most ever in flight at once */
	unsigned long request_waits; /* times a caller slept for a free request */
};
void swap_stats(struct swap_stats *out);

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
/*
 * A fault found page in the swap cache: if read-ahead brought it in and
 * no fault had found it yet, that counts for the read-ahead window
 * (mm/swap_state.c) and SWAP_RA_HIT. Never sleeps.
 */
void swapin_readahead_found(struct page *page);
/*
 * Start the read-ahead window afresh (the widest, as after boot), for
 * tests that count a window's reads; returns the width it had (0: none
 * yet). Never sleeps.
 */
unsigned int swapin_readahead_reset(void);
/* page_launder found a swap cache page whose write failed. */
void swap_write_failed(struct page *page);
/* mm/shmem.c: bring back the pages of shared anonymous objects that live in area type. */
int shmem_unuse(unsigned int type);
/*
 * swapoff's check before each page it brings back: memory above pages_high
 * (after reclaim), and no allocation has asked it to give way.
 */
bool unuse_memory_ok(void);
/*
 * For out_of_memory, before it kills: when another task is in
 * try_to_unuse, ask it to fail with -ENOMEM (its area is re-enabled, and
 * the pages it brought back can be reclaimed again) and return true: wait
 * and retry instead of killing. False when no swapoff runs in another
 * task. Never sleeps.
 */
bool swapoff_give_way(void);
/* The caller is the task in try_to_unuse: out_of_memory fails its allocation instead. */
bool in_swapoff(void);
/*
 * For the checker: fn(entry) for every slot a shared-memory object holds.
 * Interrupts off, never sleeps; false (nothing called) if the object list
 * is being changed.
 */
bool shmem_for_each_swap(void (*fn)(swp_entry_t e, void *data), void *data);

/*
 * swap_usage: slots in use and swap cache pages, and how many of them the
 * address space mm itself holds (its swap PTEs, its mapped swap cache
 * pages): a leak check run from a live process subtracts its own share.
 */
struct mm_struct;
struct swap_usage {
	unsigned long slots_used, slots_mine;
	unsigned long cache_pages, cache_mine, cache_mine_unmapped;
};
void swap_usage(struct mm_struct *mm, struct swap_usage *u);

#endif
