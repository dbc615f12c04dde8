/*
 * The kernel around mm/swap.c, mm/vmscan.c and mm/workingset.c when they
 * run in the replacement simulator (tools/sim/replay.c): a mem_map of
 * `frames` page frames in one zone, a page cache of one file whose page
 * `index` is the trace's page number, one PTE per cached page, and the
 * fault path that faults pages in. Everything that decides which page
 * leaves memory - ageing, deactivation, laundering, reclaim, the history
 * of evicted pages - is the kernel's own code; this file only does what
 * the rest of the kernel (the allocator, the page cache, the reverse map,
 * the fault handler) does around it, in the same order:
 *
 *   a reference to a mapped page      sets its PTE's accessed bit (young[])
 *   to a cached page with no PTE      do_no_page's cache hit: activate_page
 *                                     if it is inactive, map it (a minor fault)
 *   to a page not in the cache        a major fault: alloc_pages' order-0 path
 *                                     (a free frame, else reclaim_page, else
 *                                     try_to_free_pages), add_to_page_cache
 *                                     (lru_cache_add), read, map
 *
 * page_referenced tests and clears PG_referenced and the accessed bit;
 * try_to_unmap clears the PTE and drops its reference; writepage completes
 * at once. put_page frees a frame at count 0 after lru_cache_del, as
 * __free_pages does.
 *
 * One simulation per process (the kernel files keep their state in
 * statics): replay.c forks a child per case.
 */
#include "mm/mm.h"
#include "mm/internal.h"
#include "mm/lru.h"
#include "mm/pagemap.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "mm/vm.h"
#include "mm/vmscan.h"
#include "mm/vmstat.h"
#include "mm/debug.h"
#include "mm/workingset.h"
#include "kernel/sched.h"
#include "kernel/printk.h"
#include "kernel/cmdline.h"
#include "kernel/mutex.h"
#include "kernel/wait.h"
#include "tools/sim/sim.h"

/* From the C library (the kernel headers stand in for its own). */
int vprintf(const char *fmt, __builtin_va_list ap);
int printf(const char *fmt, ...);
void abort(void) __attribute__((noreturn));
void *calloc(unsigned int n, unsigned int size);


/* ------------------------------------------------ kernel globals -- */
struct page *mem_map;
unsigned long max_pfn, max_low_pfn, totalram_pages, totalhigh_pages;
struct zone zone_table[MAX_NR_ZONES];
unsigned long vm_event_counts[NR_VM_EVENTS];
bool vm_debug = true; /* the VM_BUG_ON checks of the kernel files run */
static struct task sim_task, sim_kswapd; /* the process that faults; kswapd (a kernel thread) */
struct task *current = &sim_task;
static struct mm_struct *const sim_mm = (struct mm_struct *)&sim_task; /* only ever compared */
volatile unsigned long jiffies;
LIST_HEAD(all_mms);
struct page *zero_page;
unsigned long nr_swap_pages;

#define SIM_ZONE ZONE_NORMAL

static struct sim_counters counters;
static unsigned char *young;       /* the accessed bit of each frame's one PTE */
static struct page **cache;        /* page cache: trace page -> its frame, or NULL */
static unsigned long nr_ids;
static struct page *free_list;     /* free frames, linked through next_hash */
static pte_t fake_pte;             /* what pte_direct points at while a page is mapped */

static int sim_writepage(struct address_space *mapping, struct page *page);
static const struct address_space_operations sim_aops = { .writepage = sim_writepage };
static struct address_space sim_file = { .a_ops = &sim_aops };

/* ------------------------------------------------ fatal, printing -- */
void __bug(const char *file, int line, const char *cond)
{
	printf("sim: kernel BUG at %s:%d: %s\n", file, line, cond ? cond : "");
	abort();
}

void __warn(const char *file, int line, const char *cond)
{
	printf("sim: kernel WARNING at %s:%d: %s\n", file, line, cond);
}

void panic(const char *fmt, ...)
{
	__builtin_va_list ap;

	__builtin_va_start(ap, fmt);
	printf("sim: panic: ");
	vprintf(fmt, ap);
	__builtin_va_end(ap);
	printf("\n");
	abort();
}

int printk(const char *fmt, ...)
{
	__builtin_va_list ap;

	if (fmt[0] == '\001' && fmt[1])
		fmt += 2; /* the KERN_ level */
	__builtin_va_start(ap, fmt);
	vprintf(fmt, ap);
	__builtin_va_end(ap);
	return 0;
}

void dump_page(const struct page *page, const char *reason)
{
	printf("sim: page pfn %lu flags %08lx count %d mapping %p index %lu age %u: %s\n",
	       page_to_pfn(page), page->flags, page->count, (void *)page->mapping, page->index,
	       page_age(page), reason);
}

const char *ksym_lookup(unsigned long addr, unsigned long *offset, unsigned long *size)
{
	(void)addr;
	(void)offset;
	(void)size;
	return NULL;
}

/* ------------------------------- what reclaim may touch but the sim has not -- */
const char *cmdline_get(const char *key) { (void)key; return NULL; }
bool cmdline_has(const char *key) { (void)key; return false; }
bool cmdline_list_contains(const char *list, const char *word, size_t len)
{
	(void)list;
	(void)word;
	(void)len;
	return false;
}
struct task *kthread_create(void (*fn)(void *), void *arg, const char *name)
{
	(void)fn;
	(void)arg;
	(void)name;
	return NULL;
}
void kthread_detach(struct task *t) { (void)t; }
void yield(void) {}
unsigned long schedule_timeout(unsigned long ticks) { return ticks; }
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *w, int state)
{
	(void)wq;
	(void)w;
	(void)state;
}
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *w) { (void)wq; (void)w; }
int wake_up(struct wait_queue_head *wq) { (void)wq; return 0; }
bool mutex_trylock(struct mutex *m) { (void)m; return true; }
void mutex_unlock(struct mutex *m) { (void)m; }
void mmput(struct mm_struct *mm) { (void)mm; }
pte_t *pte_lookup(struct mm_struct *mm, unsigned long addr) { (void)mm; (void)addr; return NULL; }
pte_t *pte_walk_next(struct mm_struct *mm, unsigned long *addr, unsigned long end)
{
	(void)mm;
	(void)addr;
	(void)end;
	return NULL;
}
void flush_tlb_range(struct mm_struct *mm, unsigned long s, unsigned long e)
{
	(void)mm;
	(void)s;
	(void)e;
}
unsigned long kmem_cache_reap(void) { return 0; }
/* Every trace page is a file page: nothing ever needs a swap slot. */
bool add_to_swap_locked(struct page *page) { (void)page; return false; }
bool swap_entry_writable(swp_entry_t e) { (void)e; return true; }
bool try_to_free_swap(struct page *page) { (void)page; return false; }
void delete_from_swap_cache(struct page *page) { dump_page(page, "swap cache in the sim"); BUG(); }
void swap_write_failed(struct page *page) { dump_page(page, "swap write in the sim"); BUG(); }
/* No swap cache page is ever written, so page_launder's write plug stays empty. */
struct address_space swapper_space;
void swap_plug_start(struct swap_plug *plug) { plug->nr = 0; plug->owner = false; }
void swap_unplug(void) { }
void swap_plug_finish(struct swap_plug *plug) { BUG_ON(plug->nr); }

/* ---------------------------------------------------- page locks -- */
bool trylock_page(struct page *page) { return !test_and_set_page_flag(page, PG_locked); }
void lock_page(struct page *page) { BUG_ON(test_and_set_page_flag(page, PG_locked)); }
void unlock_page(struct page *page) { clear_page_flag(page, PG_locked); }
void wait_on_page(struct page *page) { BUG_ON(PageLocked(page)); /* writes complete at once */ }
void set_page_dirty(struct page *page) { set_page_flag(page, PG_dirty); }
bool clear_page_dirty_for_io(struct page *page) { return test_and_clear_page_flag(page, PG_dirty); }

static int sim_writepage(struct address_space *mapping, struct page *page)
{
	(void)mapping;
	counters.writes++;
	unlock_page(page); /* the write completed */
	return 0;
}

/* ---------------------------------------------------- the allocator -- */
/* Kernel tables (the history of mm/workingset.c): outside the simulated frames. */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	(void)gfp;
	return (unsigned long)calloc(1, PAGE_SIZE << order);
}

unsigned long nr_free_pages(void) { return zone_table[SIM_ZONE].free_pages; }

/* __free_pages for an order-0 user page: off its list first, then free. */
void put_page(struct page *page)
{
	struct zone *z = page_zone(page);

	BUG_ON(page->count <= 0);
	if (--page->count)
		return;
	if (PageLRU(page))
		lru_cache_del(page);
	if (page->mapping || page_mapped(page) || PageLocked(page)) {
		dump_page(page, "freed while in use");
		BUG();
	}
	page->flags &= PAGE_ZONE_MASK;
	page->next_hash = free_list;
	free_list = page;
	z->free_pages++;
}

static struct page *take_free_frame(void)
{
	struct page *page = free_list;

	if (!page)
		return NULL;
	free_list = page->next_hash;
	page->next_hash = NULL;
	page->count = 1;
	zone_table[SIM_ZONE].free_pages--;
	return page;
}

/*
 * alloc_pages(GFP_HIGHUSER, 0) for the fault path, seed 004 step 12 and
 * mm/page_alloc.c's order: a free frame; else an inactive_clean page
 * taken straight out of its cache (reclaim_page); else direct reclaim
 * (try_to_free_pages) and again. The simulated task is never memalloc.
 */
/*
 * kswapd's loop body (mm/vmscan.c kswapd()), run when an allocation finds
 * the zone at pages_low (alloc_pages wakes kswapd there), as if kswapd ran
 * at once: reclaim until free + inactive_clean reach pages_high, then
 * refill the free pages from inactive_clean. As a kernel thread (no mm).
 */
static void run_kswapd(void)
{
	current = &sim_kswapd;
	sim_kswapd.memalloc = true;
	counters.kswapd_runs++;
	for (int rounds = 0; (free_shortage() || inactive_shortage()) && rounds < 16; rounds++)
		if (!do_try_to_free_pages(GFP_KERNEL, false) + refill_free_pages())
			break;
	refill_free_pages();
	current = &sim_task;
}

static struct page *sim_alloc_page(void)
{
	if (zone_table[SIM_ZONE].free_pages <= zone_table[SIM_ZONE].pages_low)
		run_kswapd();
	for (int tries = 0; tries < 1000; tries++) {
		struct page *page = take_free_frame();

		if (page)
			return page;
		if (zone_table[SIM_ZONE].inactive_clean_pages) {
			page = reclaim_page(&zone_table[SIM_ZONE]);
			if (page) {
				counters.reclaim_page_direct++;
				return page;
			}
		}
		counters.direct_reclaims++;
		try_to_free_pages(GFP_HIGHUSER, 0);
	}
	panic("sim: reclaim freed nothing in 1000 tries");
}

/* ---------------------------------------------------- the page cache -- */
/* __add_to_page_cache of mm/filemap.c, for the one file. */
int add_to_page_cache(struct page *page, struct address_space *mapping, unsigned long index)
{
	BUG_ON(page->mapping || cache[index]);
	page->flags &= ~((1UL << PG_referenced) | (1UL << PG_error) | (1UL << PG_dirty) |
			 (1UL << PG_uptodate));
	set_page_flag(page, PG_locked);
	get_page(page); /* the cache's reference */
	page->mapping = mapping;
	page->index = index;
	cache[index] = page;
	mapping->nrpages++;
	if (!PageLRU(page))
		lru_cache_add(page);
	return 0;
}

void remove_from_page_cache(struct page *page)
{
	BUG_ON(cache[page->index] != page);
	cache[page->index] = NULL;
	page->mapping->nrpages--;
	page->mapping = NULL;
	put_page(page); /* the cache's reference */
}

/* ------------------------------------------------- the reverse map -- */
static void map_page(struct page *page)
{
	BUG_ON(page_mapped(page));
	page->pte_direct = &fake_pte;
	set_page_flag(page, PG_direct);
	young[page_to_pfn(page)] = 1; /* the access that faulted sets the bit */
}

int page_referenced(struct page *page)
{
	int referenced = test_and_clear_page_flag(page, PG_referenced);

	if (page_mapped(page) && young[page_to_pfn(page)]) {
		young[page_to_pfn(page)] = 0;
		referenced++;
	}
	return referenced;
}

int try_to_unmap(struct page *page)
{
	if (!page_mapped(page))
		return SWAP_SUCCESS;
	young[page_to_pfn(page)] = 0;
	clear_page_flag(page, PG_direct);
	page->pte_direct = NULL;
	counters.unmaps++;
	put_page(page); /* the PTE's reference; the caller holds its own */
	return SWAP_SUCCESS;
}

int try_to_unmap_pte(struct page *page, pte_t *ptep)
{
	(void)page;
	(void)ptep;
	return SWAP_FAIL;
}

/* --------------------------------------------------------- the sim -- */
void sim_setup(unsigned long frames, unsigned long distinct_pages)
{
	struct zone *z = &zone_table[SIM_ZONE];
	unsigned long min;

	mem_map = calloc(frames, sizeof(struct page));
	young = calloc(frames, 1);
	cache = calloc(distinct_pages, sizeof(*cache));
	BUG_ON(!mem_map || !young || !cache);
	nr_ids = distinct_pages;
	sim_task.mm = sim_mm;
	max_pfn = max_low_pfn = totalram_pages = frames;
	lru_init();
	z->name = "Normal";
	z->present_pages = z->spanned_pages = frames;
	/*
	 * mm/page_alloc.c's watermarks (min = size/128, low 2 min, high 3 min)
	 * without its floor of 20 pages: that floor is a real machine's
	 * reserve for atomic allocations, which the trace does not make,
	 * and at a hundred frames it would be a fifth of memory.
	 */
	min = frames / 128;
	min = MAX(min, 1UL);
	min = MIN(min, 255UL);
	z->pages_min = min;
	z->pages_low = 2 * min;
	z->pages_high = 3 * min;
	for (unsigned long pfn = frames; pfn-- > 0;) {
		struct page *p = &mem_map[pfn];

		p->flags = (unsigned long)SIM_ZONE << PAGE_ZONE_SHIFT;
		INIT_LIST_HEAD(&p->list);
		p->next_hash = free_list;
		free_list = p;
		z->free_pages++;
	}
	BUG_ON(workingset_init());
}

int sim_reference(unsigned long id)
{
	struct page *page = cache[id];

	counters.refs++;
	if (page && page_mapped(page)) {
		young[page_to_pfn(page)] = 1;
		return 0;
	}
	if (page) {
		/* do_no_page: the page is in the cache (find_get_page's reference). */
		get_page(page);
		if (page_lru(page) != LRU_ACTIVE && PageLRU(page))
			activate_page(page);
		map_page(page);
		counters.minor_faults++;
		return 0;
	}
	counters.major_faults++;
	page = sim_alloc_page();
	add_to_page_cache(page, &sim_file, id);
	set_page_flag(page, PG_uptodate); /* the read completed */
	unlock_page(page);
	map_page(page); /* read_cache_page's reference becomes the PTE's */
	return 1;
}

void sim_get_counters(struct sim_counters *out)
{
	struct lru_counts c;

	*out = counters;
	lru_counts(&c);
	out->active = c.active;
	out->inactive_dirty = c.inactive_dirty;
	out->inactive_clean = c.inactive_clean;
	out->free = zone_table[SIM_ZONE].free_pages;
	out->deactivated = vm_event_counts[PGDEACTIVATE];
	out->active_scanned = vm_event_counts[PGREFILL];
	out->activated = vm_event_counts[PGACTIVATE];
	out->refaults = vm_event_counts[REFAULT];
	out->reclaimed = vmscan_stats.reclaimed;
	out->protected = c.active_protected;
	{
		struct workingset_stats w;

		workingset_get_stats(&w);
		out->cold_target = w.cold_target;
		out->ws_refaults_hot = w.refaults_protected;
		out->ws_forgotten = w.forgotten;
	}
}
