/*
 * The reverse map: which PTEs map a page. The only code that reads or
 * changes page->pte_direct, page->pte_chain and the chain blocks.
 *
 * A page mapped by one PTE has PG_direct set and that PTE's address in
 * page->pte_direct: no allocation for the common case of private pages.
 * The second pte_link moves both addresses into a chain block; when
 * pte_unlink leaves one mapping the page goes back to direct, and at zero
 * both fields are empty (free_page_ok checks that). A chain is a list of
 * blocks of one cache line each: a next pointer and NRPTE (15) PTE
 * addresses. Only the head block may be partly used, and its used slots
 * are a suffix [first, NRPTE); every other block is full. So a chain of n
 * PTEs uses exactly ceil(n / NRPTE) blocks: a new PTE goes into the
 * head's last free slot (or a new head block); a removed PTE's slot is
 * refilled with the head's first used entry, and an emptied head block is
 * freed.
 *
 * From a PTE address to its mm and virtual address: the PTE lives in a
 * page-table page (lowmem, PG_pgtable) whose struct page holds mapping =
 * the mm and index = the base address of the 4 MiB it maps (mm/memory.c
 * sets both), and the PTE's offset in the table gives the rest: the
 * pte_getpmd / pmd_getpgd / pgd_getmm of seed 003, one level shorter.
 *
 * Locking:
 *   - A page's chain is guarded by its chain lock: the PG_chainlock bit in
 *     page->flags, taken with interrupts off (pte_chain_lock). On one CPU
 *     the disabled interrupts are what excludes everybody else; the bit
 *     catches recursion and says who holds it in a dump. Interrupt
 *     handlers never touch chains.
 *   - Lock order: mm->mmap_lock (a mutex: the page tables of that mm)
 *     before the chain lock. pte_link and pte_unlink run under the mm's
 *     mmap_lock and take the chain lock inside. A batch (pte_link_batch,
 *     pte_unlink_batch) keeps interrupts off over all its entries instead
 *     of locking each page: the same exclusion on one CPU. page_referenced and
 *     try_to_unmap start from the page: they take the chain lock first and
 *     may then only *try* an mm's mmap_lock (mutex_trylock); a busy mm is
 *     skipped with SWAP_AGAIN, never waited for.
 *   - Under the chain lock try_to_unmap may take pagecache_lock (through
 *     set_page_dirty) and a mutex's wait-queue spinlock (trylock, unlock):
 *     chain lock before those, so neither may be held by its caller.
 *     Its put_page never frees: the caller holds its own reference.
 *   - Nothing under the chain lock sleeps or allocates. Chain blocks are
 *     allocated by the callers before they link (pte_chain_alloc, which
 *     may sleep), and freed with interrupts off (the slab never sleeps to
 *     free).
 *   - page_referenced reads PTEs without the mm's lock: a chain entry
 *     always points into a live page table (entries are unlinked before
 *     their table is freed), and the accessed bit is cleared atomically.
 *
 * Reference counts: each PTE holds a reference on the page (mm/memory.c
 * takes and drops it); the reverse map itself holds none. try_to_unmap
 * drops the reference of each PTE it clears.
 */
#include "kernel/fault_inject.h"
#include "mm/rmap.h"
#include "mm/vm.h"
#include "mm/pagemap.h"
#include "mm/debug.h"
#include "mm/lru.h"
#include "mm/swap.h"
#include "mm/vmstat.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/printk.h"
#include "kernel/panic.h"

_Static_assert(sizeof(struct pte_chain) == L1_CACHE_BYTES, "a pte chain block is one cache line");

struct rmap_stats rmap_stats;
static struct kmem_cache *pte_chain_cache;
static struct pte_chain *block_cache; /* free blocks for reuse: see pte_chain_alloc */
static unsigned long block_cache_n, block_cache_max;
bool rmap_bench_bypass;

void rmap_init(void)
{
	pte_chain_cache = kmem_cache_create("pte_chain", sizeof(struct pte_chain),
					    sizeof(struct pte_chain));
	BUG_ON(!pte_chain_cache);
	block_cache_max = totalram_pages / 8;
}

/* ------------------------------------------------------------ the lock -- */

static __noreturn __attribute__((noinline)) void chain_lock_recursion(struct page *page)
{
	dump_page(page, "pte chain lock taken twice");
	panic("pte_chain_lock: recursive lock of pfn %#lx", page_to_pfn(page));
}

static inline unsigned long pte_chain_lock(struct page *page)
{
	unsigned long flags = arch_irq_save();

	/* Interrupts off on one CPU: nothing runs between the test and the set. */
	if (unlikely(test_page_flag(page, PG_chainlock)))
		chain_lock_recursion(page);
	set_page_flag(page, PG_chainlock);
	return flags;
}

static inline void pte_chain_unlock(struct page *page, unsigned long flags)
{
	clear_page_flag(page, PG_chainlock);
	arch_irq_restore(flags);
}

/* ----------------------------------------------------------- the blocks -- */

/* Counters changed outside the chain lock: one locked instruction each. */
static inline void stat_add(unsigned long *counter, long n)
{
	__atomic_add_fetch(counter, n, __ATOMIC_RELAXED);
}

/*
 * Free blocks kept for reuse, in front of the slab: fork takes one block
 * per page it shares and exit gives it back, so a LIFO of free blocks
 * turns most of those into a pointer push and pop. Blocks on it are all
 * zero but for next. At most block_cache_max (1/8 block per page of RAM:
 * 0.2% of memory); drop_caches empties it (rmap_drain_block_cache).
 * Interrupts off while it changes.
 */

/* pte_chain_alloc once fault injection let it go on. */
static struct pte_chain *chain_block_alloc(gfp_t gfp)
{
	unsigned long flags;
	struct pte_chain *pc;

	flags = arch_irq_save();
	pc = block_cache;
	if (pc) {
		block_cache = pc->next;
		block_cache_n--;
		rmap_stats.spare_blocks++;
		arch_irq_restore(flags);
		pc->next = NULL;
		return pc;
	}
	arch_irq_restore(flags);
	pc = kmem_cache_alloc(pte_chain_cache, gfp);
	if (!pc)
		return NULL;
	*pc = (struct pte_chain){ 0 };
	stat_add(&rmap_stats.spare_blocks, 1);
	return pc;
}

struct pte_chain *pte_chain_alloc(gfp_t gfp)
{
	if (should_fail_alloc(FAULT_CHAIN, gfp, sizeof(struct pte_chain)))
		return NULL;
	return chain_block_alloc(gfp);
}

/* A block, all zero but next, back on the LIFO or, when that is full, to the slab. */
static inline void block_release(struct pte_chain *pc)
{
	unsigned long flags = arch_irq_save();

	if (block_cache_n < block_cache_max) {
		pc->next = block_cache;
		block_cache = pc;
		block_cache_n++;
		arch_irq_restore(flags);
		return;
	}
	arch_irq_restore(flags);
	kmem_cache_free(pte_chain_cache, pc);
}

void pte_chain_free(struct pte_chain *spare)
{
	if (!spare)
		return;
	stat_add(&rmap_stats.spare_blocks, -1);
	block_release(spare); /* an unused spare is still all zero */
}

void rmap_block_cache_counts(unsigned long *n, unsigned long *max)
{
	unsigned long flags = arch_irq_save();

	*n = block_cache_n;
	*max = block_cache_max;
	arch_irq_restore(flags);
}

unsigned long rmap_drain_block_cache(void)
{
	unsigned long n = 0;

	for (;;) {
		unsigned long flags = arch_irq_save();
		struct pte_chain *pc = block_cache;

		if (pc) {
			block_cache = pc->next;
			block_cache_n--;
		}
		arch_irq_restore(flags);
		if (!pc)
			return n;
		kmem_cache_free(pte_chain_cache, pc);
		n++;
	}
}

/* A block leaves a chain, emptied by the caller. Chain lock held (interrupts off). */
static inline void chain_block_free(struct pte_chain *pc)
{
	rmap_stats.chain_blocks--;
	if (likely(block_cache_n < block_cache_max)) {
		pc->next = block_cache;
		block_cache = pc;
		block_cache_n++;
		return;
	}
	kmem_cache_free(pte_chain_cache, pc);
}

/* Index of the first used slot of the head block (NRPTE when empty). */
static unsigned int first_used(const struct pte_chain *head)
{
	unsigned int i = 0;

	while (i < NRPTE && !head->ptes[i])
		i++;
	return i;
}

/* ---------------------------------------------------- PTE -> mm, address -- */

struct mm_struct *ptep_to_mm(const pte_t *ptep)
{
	return (struct mm_struct *)virt_to_page(ptep)->mapping;
}

unsigned long ptep_to_address(const pte_t *ptep)
{
	return virt_to_page(ptep)->index + pte_table_offset_addr(ptep);
}

/* ------------------------------------------------------ link and unlink -- */

/*
 * The zero page is not reverse-mapped (see mm/rmap.h). rmap_bench_bypass
 * turns the reverse map off for one benchmark run (mm/rmap.h).
 */
static bool rmap_skips(const struct page *page)
{
	return page == zero_page || unlikely(rmap_bench_bypass);
}

/* pte_link's work, the chain lock (or a batch's interrupt-off section) held. */
static __always_inline struct pte_chain *__pte_link(struct page *page, pte_t *ptep, struct pte_chain *spare)
{
	struct pte_chain *head;

	VM_BUG_ON_PAGE(!pte_present(ptep_get(ptep)) || pte_pfn(ptep_get(ptep)) != page_to_pfn(page),
		       page);
	if (!test_page_flag(page, PG_direct) && !page->pte_chain) {
		/* The first mapping: inline, no block. */
		page->pte_direct = ptep;
		set_page_flag(page, PG_direct);
		goto out;
	}
	if (test_page_flag(page, PG_direct)) {
		/* The second mapping: both PTEs move into a block. */
		pte_t *first = page->pte_direct;

		BUG_ON(!spare);
		spare->next = NULL;
		spare->ptes[NRPTE - 1] = first;
		spare->ptes[NRPTE - 2] = ptep;
		clear_page_flag(page, PG_direct);
		page->pte_chain = spare;
		rmap_stats.to_chain++;
		goto used_spare;
	}
	head = page->pte_chain;
	if (!head->ptes[0]) {
		/* Room in the head block: the slot just before its first used one. */
		head->ptes[first_used(head) - 1] = ptep;
		goto out;
	}
	/* The head is full: a new head block. */
	BUG_ON(!spare);
	spare->next = head;
	spare->ptes[NRPTE - 1] = ptep;
	page->pte_chain = spare;
used_spare:
	rmap_stats.spare_blocks--;
	rmap_stats.chain_blocks++;
	spare = NULL;
out:
	return spare;
}

struct pte_chain *pte_link(struct page *page, pte_t *ptep, struct pte_chain *spare)
{
	unsigned long flags;

	if (rmap_skips(page))
		return spare;
	flags = pte_chain_lock(page);
	rmap_stats.links++;
	spare = __pte_link(page, ptep, spare);
	pte_chain_unlock(page, flags);
	return spare;
}

/*
 * Remove the entry in slot i of block pc. Chain lock held. The head's
 * first used entry fills the hole; an emptied head is freed; one entry
 * left means back to direct.
 */
static inline void chain_remove_at(struct page *page, struct pte_chain *pc, unsigned int i)
{
	struct pte_chain *head = page->pte_chain;
	unsigned int f = first_used(head);

	pc->ptes[i] = head->ptes[f];
	head->ptes[f] = NULL;
	if (f == NRPTE - 1) {
		page->pte_chain = head->next;
		chain_block_free(head);
		head = page->pte_chain;
	}
	/* One mapping left (it is then the last slot of a lone block): direct again. */
	if (head && !head->next && !head->ptes[NRPTE - 2]) {
		pte_t *only = head->ptes[NRPTE - 1];

		head->ptes[NRPTE - 1] = NULL;
		chain_block_free(head);
		page->pte_direct = only;
		set_page_flag(page, PG_direct);
		rmap_stats.to_direct++;
	}
}

/* Find ptep in the chain: its block and slot; false if absent. Chain lock held. */
static inline bool chain_find(struct page *page, const pte_t *ptep, struct pte_chain **pcp,
		       unsigned int *ip)
{
	for (struct pte_chain *pc = page->pte_chain; pc; pc = pc->next)
		for (unsigned int i = 0; i < NRPTE; i++)
			if (pc->ptes[i] == ptep) {
				*pcp = pc;
				*ip = i;
				return true;
			}
	return false;
}

/*
 * debug_vm: a lone chain block holds two PTEs at least (one left means
 * direct again): unlink_from_pair and unlink_pairs take the one that is
 * not ptep without testing it for NULL.
 */
static bool lone_block_intact(const struct page *page)
{
	const struct pte_chain *pc = page->pte_chain;

	if (test_page_flag(page, PG_direct) || test_page_flag(page, PG_slab) || !pc || pc->next)
		return true;
	return pc->ptes[NRPTE - 1] && pc->ptes[NRPTE - 2];
}

/* A lone block whose used slots are the last two (the suffix rule: both full). */
static __always_inline bool lone_pair(const struct pte_chain *pc)
{
	return !((uintptr_t)pc->next | (uintptr_t)pc->ptes[NRPTE - 3]);
}

/* The pair in pc ends: keep, one of its two PTEs, goes back inline. Interrupts off. */
static __always_inline void pair_to_direct(struct page *page, struct pte_chain *pc, pte_t *keep)
{
	page->pte_direct = keep;
	pc->ptes[NRPTE - 1] = NULL;
	pc->ptes[NRPTE - 2] = NULL;
	__set_page_flag(page, PG_direct);
}

/*
 * The commonest chain by far: one block holding two PTEs, a private page
 * shared with a child by fork. Removing one of them is the unlink of a
 * COW break, of a parent that exits before its child, and of an exit
 * whose batch found the reuse LIFO full (a child's exit otherwise takes
 * unlink_pairs, below), so it is done without the general search: the
 * other PTE goes back inline. Returns the emptied block for the caller to
 * free, or NULL, with nothing changed, when the chain is not such a pair
 * or ptep is not in it. The page is not direct. Interrupts are off (chain
 * lock or batch): the flag change need not be atomic.
 */
static __always_inline struct pte_chain *unlink_from_pair(struct page *page, const pte_t *ptep)
{
	struct pte_chain *pc = page->pte_chain;

	if (!pc || !lone_pair(pc))
		return NULL;
	/* The child's slot first: fork put its PTE there, and a COW break is mostly the child's. */
	if (likely(pc->ptes[NRPTE - 2] == ptep))
		pair_to_direct(page, pc, pc->ptes[NRPTE - 1]);
	else if (pc->ptes[NRPTE - 1] == ptep)
		pair_to_direct(page, pc, pc->ptes[NRPTE - 2]);
	else
		return NULL;
	return pc;
}

/* Drop ptep from the page's reverse map; false if it was not there. Chain lock held. */
static __always_inline bool __pte_unlink(struct page *page, pte_t *ptep)
{
	struct pte_chain *pc;
	unsigned int i;

	if (test_page_flag(page, PG_direct)) {
		if (page->pte_direct != ptep)
			return false;
		page->pte_direct = NULL;
		clear_page_flag(page, PG_direct);
		return true;
	}
	VM_BUG_ON_PAGE(!lone_block_intact(page), page);
	pc = unlink_from_pair(page, ptep);
	if (pc) {
		rmap_stats.to_direct++;
		chain_block_free(pc);
		return true;
	}
	if (!chain_find(page, ptep, &pc, &i))
		return false;
	chain_remove_at(page, pc, i);
	return true;
}

void pte_unlink(struct page *page, pte_t *ptep)
{
	unsigned long flags;
	bool found;

	if (rmap_skips(page))
		return;
	flags = pte_chain_lock(page);
	rmap_stats.unlinks++;
	found = __pte_unlink(page, ptep);
	pte_chain_unlock(page, flags);
	if (unlikely(!found)) {
		printk(KERN_ALERT "pte_unlink: PTE %p (mm %p, address %#lx) is not in the reverse map\n",
		       (void *)ptep, (void *)ptep_to_mm(ptep), ptep_to_address(ptep));
		dump_page(page, "pte_unlink of a PTE the page's reverse map does not hold");
		BUG();
	}
}

/* ------------------------------------------------------------ batches -- */

/*
 * A batch runs with interrupts off from its first entry to its last: on
 * one CPU that excludes everybody a chain lock would, so the entries do
 * not take the PG_chainlock bit one by one. rmap_bench_bypass skips the
 * whole batch, as it skips pte_link and pte_unlink. The longest such
 * section is an exit from among many sharers: RMAP_BATCH searches of a
 * long chain (64 searches of up to 7 blocks for 100 mappings, some
 * 20,000 instructions), during which a tick waits but is not lost.
 *
 * Fork and exit are nearly all one case each - a page mapped once gets
 * its second PTE, a pair loses the child's PTE - so those run as tight loops over
 * the batch (link_seconds, unlink_pairs), left only for another case,
 * which goes through __pte_link / __pte_unlink; the counters are added
 * once per batch.
 * rmap_fork_links and rmap_exit_unlinks in make bench are what they cost.
 */

/*
 * The link of almost every fork entry: a page mapped once (the parent's
 * PTE inline) gets its second PTE. Both go into the spare block, as
 * __pte_link would put them, without its other cases. Interrupts off
 * (a batch), so the flag changes need not be atomic; the caller counts.
 */
static __always_inline void link_second(struct page *page, pte_t *ptep, struct pte_chain *spare)
{
	spare->next = NULL;
	spare->ptes[NRPTE - 1] = page->pte_direct;
	spare->ptes[NRPTE - 2] = ptep;
	page->pte_chain = spare;
	__clear_page_flag(page, PG_direct);
}

/*
 * debug_vm: each entry of a link batch is a present PTE mapping its page,
 * whose chain lock nobody holds. A pass of its own, so the link loops
 * carry no test.
 */
static void batch_check_links(const struct rmap_entry *e, const struct rmap_entry *end)
{
	for (; e < end; e++) {
		if (e->page == zero_page)
			continue;
		VM_BUG_ON_PAGE(test_page_flag(e->page, PG_chainlock), e->page);
		VM_BUG_ON_PAGE(!pte_present(ptep_get(e->ptep)) ||
			       pte_pfn(ptep_get(e->ptep)) != page_to_pfn(e->page), e->page);
	}
}

/*
 * Entries from e on while each page is mapped once (fork's case): each
 * gets its second PTE in the next spare. Returns the first entry it did
 * not link; *spares moves past the blocks used. Interrupts off (the
 * batch). The loops walk entry pointers, not indices: on i386 that keeps
 * the batch, the entry and the blocks in registers.
 */
static __always_inline struct rmap_entry *link_seconds(struct rmap_entry *e,
							const struct rmap_entry *end,
							struct pte_chain **spares)
{
	struct pte_chain *spare = *spares;

	for (; e < end; e++) {
		struct page *page = e->page;
		struct pte_chain *rest;

		if (!(page->flags & (1UL << PG_direct)))
			break; /* the zero page, or a page with a chain already */
		rest = spare->next;
		link_second(page, e->ptep, spare);
		spare = rest;
	}
	*spares = spare;
	return e;
}

void pte_link_batch(struct rmap_batch *b)
{
	unsigned int n = b->n, used = 0, seconds = 0, linked = 0;
	struct rmap_entry *e = b->e, *end = b->e + n;
	struct pte_chain *spare;
	unsigned long flags;
	bool from_lifo;

	b->n = 0;
	if (unlikely(rmap_bench_bypass) || !n)
		return;
	VM_BUG_ON(b->nr_spares < n);
	flags = arch_irq_save();
	if (unlikely(vm_debug))
		batch_check_links(e, end);
	/*
	 * The blocks come straight off the reuse LIFO when it holds one for
	 * every entry (interrupts are off: nobody else takes them meanwhile);
	 * the batch's own spares then stay for its next round, so a fork that
	 * finds the LIFO stocked (the exit before it filled it) never moves
	 * blocks from there to its spares one by one. Otherwise the spares.
	 */
	from_lifo = block_cache_n >= n && !b->injected_short; /* an injected failure must reach the caller */
	spare = from_lifo ? block_cache : b->spares;
	for (;;) {
		struct rmap_entry *stop = link_seconds(e, end, &spare);

		seconds += stop - e;
		e = stop;
		if (e == end)
			break;
		/* Any other link: the zero page is skipped, a chain grows. */
		if (e->page != zero_page) {
			struct pte_chain *rest = spare->next;

			linked++;
			if (!__pte_link(e->page, e->ptep, spare)) {
				spare = rest;
				used++; /* __pte_link counted it a spare become a chain block */
			}
		}
		e++;
	}
	if (from_lifo) {
		block_cache = spare;
		block_cache_n -= used + seconds;
		rmap_stats.spare_blocks += used; /* it was the LIFO's, not a spare */
	} else {
		b->spares = spare;
		b->nr_spares -= used + seconds;
		rmap_stats.spare_blocks -= seconds;
	}
	rmap_stats.links += linked + seconds;
	rmap_stats.to_chain += seconds;
	rmap_stats.chain_blocks += seconds;
	arch_irq_restore(flags);
}

/* Any other unlink of a batch; false when ptep is not in the page's reverse map. */
static bool unlink_batch_entry(struct page *page, pte_t *ptep, unsigned int *skipped)
{
	if (page == zero_page) {
		(*skipped)++;
		return true;
	}
	return __pte_unlink(page, ptep);
}

/*
 * debug_vm: no entry's chain lock may be held (a batch excludes the
 * lockers by turning interrupts off, so a held lock is a bug). A pass of
 * its own, so the unlink loop itself carries no test.
 */
static void batch_check_unlocked(const struct rmap_entry *e, const struct rmap_entry *end)
{
	for (; e < end; e++) {
		VM_BUG_ON_PAGE(test_page_flag(e->page, PG_chainlock), e->page);
		VM_BUG_ON_PAGE(!lone_block_intact(e->page), e->page);
	}
}

/*
 * Entries from e on while each is a pair losing its younger PTE, the one
 * fork put in slot NRPTE - 2 (the exit of a child): the older PTE goes
 * back inline and the block onto the reuse LIFO. Anything else (the
 * parent's PTE of a pair, a longer chain, the zero page) stops the loop
 * for the general path. Returns the first entry it did not do.
 * Interrupts off; the caller made sure the LIFO has room for them all.
 */
static __always_inline struct rmap_entry *unlink_pairs(struct rmap_entry *e,
							const struct rmap_entry *end)
{
	struct pte_chain *lifo = block_cache;
	struct rmap_entry *first = e;

	for (; e < end; e++) {
		struct page *page = e->page;
		struct pte_chain *pc = page->pte_chain;

		if ((page->flags & (1UL << PG_direct)) || !pc)
			break; /* mapped once, or the zero page (no reverse map) */
		if (!lone_pair(pc) || pc->ptes[NRPTE - 2] != e->ptep)
			break; /* not a pair, or not its younger PTE */
		pair_to_direct(page, pc, pc->ptes[NRPTE - 1]);
		pc->next = lifo;
		lifo = pc;
	}
	block_cache = lifo;
	block_cache_n += e - first;
	return e;
}

void pte_unlink_batch(struct rmap_batch *b)
{
	struct rmap_entry *e = b->e, *end = b->e + b->n;
	unsigned int skipped = 0, pairs = 0;
	unsigned long flags;
	bool fast;

	if (unlikely(rmap_bench_bypass))
		return;
	flags = arch_irq_save();
	/*
	 * Pairs free their blocks straight onto the LIFO, counted at the end:
	 * only while it has room for all n (zero-page entries included, which
	 * free nothing). Read with interrupts off: no other exit can fill it
	 * meanwhile.
	 */
	fast = block_cache_n + b->n <= block_cache_max;
	if (unlikely(vm_debug))
		batch_check_unlocked(e, end);
	while (e < end) {
		if (likely(fast)) {
			struct rmap_entry *stop = unlink_pairs(e, end);

			pairs += stop - e;
			e = stop;
			if (e == end)
				break;
		}
		if (unlikely(!unlink_batch_entry(e->page, e->ptep, &skipped)))
			break;
		e++;
	}
	rmap_stats.unlinks += (e - b->e) - skipped;
	rmap_stats.to_direct += pairs;
	rmap_stats.chain_blocks -= pairs;
	arch_irq_restore(flags);
	if (unlikely(e < end)) {
		printk(KERN_ALERT "pte_unlink: PTE %p (mm %p, address %#lx) is not in the reverse map\n",
		       (void *)e->ptep, (void *)ptep_to_mm(e->ptep), ptep_to_address(e->ptep));
		dump_page(e->page, "pte_unlink of a PTE the page's reverse map does not hold");
		BUG();
	}
}

/*
 * Move up to `want` blocks from the reuse LIFO to b's spares, in one go:
 * find where the run ends, then splice it in front of the spares.
 */
static void batch_take_cached_blocks(struct rmap_batch *b, unsigned int want)
{
	unsigned long flags = arch_irq_save();
	struct pte_chain *first = block_cache, *last = first;
	unsigned int n;

	if (!first || !want) {
		arch_irq_restore(flags);
		return;
	}
	for (n = 1; n < want && last->next; n++)
		last = last->next;
	block_cache = last->next;
	last->next = b->spares;
	b->spares = first;
	block_cache_n -= n;
	rmap_stats.spare_blocks += n;
	b->nr_spares += n;
	arch_irq_restore(flags);
}

bool __rmap_batch_reserve(struct rmap_batch *b)
{
	unsigned int want, asked;

	pte_link_batch(b);
	/*
	 * Each block is one allocation to fault injection, as in
	 * pte_chain_alloc. A block it failed is the one the caller needs once
	 * the blocks before it are used up: then the reserve fails, so the
	 * caller's out-of-memory path runs as it would one block at a time.
	 */
	if (b->injected_short) {
		if (b->nr_spares)
			return true;
		b->injected_short = false;
		return false;
	}
	asked = RMAP_BATCH - b->nr_spares;
	want = allocs_allowed(FAULT_CHAIN, GFP_KERNEL, sizeof(struct pte_chain), asked);
	b->injected_short = want < asked;
	want += b->nr_spares;
	batch_take_cached_blocks(b, want - b->nr_spares);
	while (b->nr_spares < want) {
		struct pte_chain *pc = chain_block_alloc(GFP_KERNEL);

		if (!pc)
			break;
		pc->next = b->spares;
		b->spares = pc;
		b->nr_spares++;
	}
	return b->nr_spares > 0;
}

void rmap_batch_release(struct rmap_batch *b)
{
	while (b->spares) {
		struct pte_chain *pc = b->spares;

		b->spares = pc->next;
		pc->next = NULL;
		pte_chain_free(pc);
	}
	b->nr_spares = 0;
}

/* ------------------------------------------------------------- walking -- */

/*
 * The walk itself, inlined where the callback is known at compile time
 * (page_referenced: kswapd asks it of every active page it scans, and an
 * indirect call per PTE was nearly half its cost), out of line for the rest.
 */
static __always_inline unsigned int __rmap_walk(struct page *page,
						void (*fn)(struct page *, pte_t *, void *),
						void *data, unsigned int *blocks)
{
	unsigned long flags = pte_chain_lock(page);
	unsigned int n = 0, nb = 0;

	if (test_page_flag(page, PG_direct)) {
		if (fn)
			fn(page, page->pte_direct, data);
		n = 1;
	} else {
		for (struct pte_chain *pc = page->pte_chain; pc; pc = pc->next) {
			nb++;
			for (unsigned int i = 0; i < NRPTE; i++) {
				if (!pc->ptes[i])
					continue;
				if (fn)
					fn(page, pc->ptes[i], data);
				n++;
			}
		}
	}
	pte_chain_unlock(page, flags);
	if (blocks)
		*blocks = nb;
	return n;
}

unsigned int rmap_walk(struct page *page, void (*fn)(struct page *, pte_t *, void *), void *data,
		       unsigned int *blocks)
{
	return __rmap_walk(page, fn, data, blocks);
}

unsigned int page_mapcount(struct page *page)
{
	if (rmap_skips(page))
		return 0;
	return rmap_walk(page, NULL, NULL, NULL);
}

unsigned int pfn_mapcount(unsigned long pfn)
{
	struct page *page;
	unsigned long flags;
	unsigned int n = 0;

	if (!pfn_valid(pfn))
		return 0;
	page = pfn_to_page(pfn);
	/* Interrupts off: the frame cannot become a slab page under the walk. */
	flags = arch_irq_save();
	if (!rmap_skips(page) && !test_page_flag(page, PG_slab))
		n = rmap_walk(page, NULL, NULL, NULL);
	arch_irq_restore(flags);
	return n;
}

bool rmap_replace_entry(struct page *page, pte_t *old, pte_t *new)
{
	unsigned long flags = pte_chain_lock(page);
	struct pte_chain *pc;
	unsigned int i;
	bool found = false;

	if (test_page_flag(page, PG_direct)) {
		if (page->pte_direct == old) {
			page->pte_direct = new;
			found = true;
		}
	} else if (chain_find(page, old, &pc, &i)) {
		pc->ptes[i] = new;
		found = true;
	}
	pte_chain_unlock(page, flags);
	return found;
}

void pte_relink(struct page *page, pte_t *old, pte_t *new)
{
	if (rmap_skips(page))
		return;
	if (unlikely(!rmap_replace_entry(page, old, new))) {
		dump_page(page, "pte_relink of a PTE the page's reverse map does not hold");
		BUG();
	}
}

/* -------------------------------------------------------- page_referenced -- */

static __always_inline void referenced_one(struct page *page, pte_t *ptep, void *data)
{
	if (ptep_test_and_clear_young(ptep)) {
		unsigned long addr = ptep_to_address(ptep);

		/* A cached TLB entry would let later touches skip the accessed bit. */
		flush_tlb_range(ptep_to_mm(ptep), addr, addr + PAGE_SIZE);
		(*(int *)data)++;
	}
}

int page_referenced(struct page *page)
{
	int referenced = 0;

	rmap_stats.referenced_calls++;
	if (test_and_clear_page_flag(page, PG_referenced))
		referenced++;
	if (!rmap_skips(page))
		__rmap_walk(page, referenced_one, &referenced, NULL);
	return referenced;
}

/* ----------------------------------------------------------- try_to_unmap -- */

/* The vma of mm that covers addr, or NULL. mmap_lock held. */
static struct vm_area_struct *vma_covering(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	return vma && vma->vm_start <= addr ? vma : NULL;
}

/*
 * Clear one PTE of page: chain lock and the mm's mmap_lock held. The PTE
 * is emptied (or given the page's swap entry), its dirty bit moved to the
 * page, its TLB entry flushed, the entry removed from the chain and the
 * reference dropped. pc/i locate the entry (pc NULL: the direct one).
 */
static int unmap_one_locked(struct page *page, pte_t *ptep, struct pte_chain *pc, unsigned int i)
{
	struct mm_struct *mm = ptep_to_mm(ptep);
	unsigned long addr = ptep_to_address(ptep);
	struct vm_area_struct *vma = vma_covering(mm, addr);
	pte_t pte;

	if (!vma || (vma->vm_flags & VM_LOCKED))
		return SWAP_FAIL;
	/* Left the swap cache since the caller looked (swapoff): no entry to leave behind. */
	if (PageAnon(page) && !PageSwapCache(page))
		return SWAP_FAIL;
	if (PageSwapCache(page)) {
		/* The PTE keeps the way back: the swap entry, with its own slot count. */
		swp_entry_t entry = { page->index };

		if (swap_duplicate(entry))
			return SWAP_FAIL;
		pte = ptep_get_and_clear(ptep);
		set_pte(ptep, swp_val_to_pte(entry.val));
		mm->nr_swap_ptes++;
	} else {
		pte = ptep_get_and_clear(ptep);
	}
	flush_tlb_range(mm, addr, addr + PAGE_SIZE);
	VM_BUG_ON_PAGE(pte_pfn(pte) != page_to_pfn(page), page);
	if (pte_dirty(pte))
		set_page_dirty(page);
	if (pc)
		chain_remove_at(page, pc, i);
	else {
		page->pte_direct = NULL;
		clear_page_flag(page, PG_direct);
	}
	if (PageAnon(page))
		mm->rss_anon--;
	else
		mm->rss_file--;
	rmap_stats.unlinks++;
	rmap_stats.unmapped_ptes++;
	put_page(page); /* the PTE's reference; the caller holds another */
	return SWAP_SUCCESS;
}

/*
 * As unmap_one_locked, trying the mm's mmap_lock first (chain lock held).
 * A busy mm whose lock holder sleeps inside an unmap window (mm/vm.h) is
 * fine too: the holder re-checks its PTE when it wakes, and it cannot wake
 * while we run with interrupts off.
 */
static int try_to_unmap_one(struct page *page, pte_t *ptep, struct pte_chain *pc, unsigned int i)
{
	struct mm_struct *mm = ptep_to_mm(ptep);
	int ret;

	if (!mutex_trylock(&mm->mmap_lock)) {
		if (READ_ONCE(mm->unmap_window) <= 0)
			return SWAP_AGAIN;
		rmap_stats.unmap_in_window++;
		return unmap_one_locked(page, ptep, pc, i);
	}
	ret = unmap_one_locked(page, ptep, pc, i);
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

int try_to_unmap_pte(struct page *page, pte_t *ptep)
{
	unsigned long flags = pte_chain_lock(page);
	struct pte_chain *pc = NULL;
	unsigned int i = 0;
	int ret = SWAP_FAIL;

	if (test_page_flag(page, PG_direct) ? page->pte_direct == ptep
					    : chain_find(page, ptep, &pc, &i))
		ret = unmap_one_locked(page, ptep, pc, i);
	pte_chain_unlock(page, flags);
	return ret;
}

int try_to_unmap(struct page *page)
{
	unsigned long flags;
	int ret = SWAP_SUCCESS;

	rmap_stats.unmap_calls++;
	if (rmap_skips(page))
		return SWAP_FAIL;
	/*
	 * Anonymous memory leaves a swap entry in each PTE, so it must be in
	 * the swap cache first (add_to_swap); without a slot it stays.
	 */
	if (!page->mapping)
		return page_mapped(page) ? SWAP_FAIL : SWAP_SUCCESS;
	VM_BUG_ON_PAGE(page_count(page) < 2 && page_mapped(page), page);
	flags = pte_chain_lock(page);
	/* Always take the cheapest entry: the direct one, or the head's first used slot. */
	while (ret == SWAP_SUCCESS) {
		if (test_page_flag(page, PG_direct)) {
			ret = try_to_unmap_one(page, page->pte_direct, NULL, 0);
		} else if (page->pte_chain) {
			struct pte_chain *head = page->pte_chain;
			unsigned int f = first_used(head);

			ret = try_to_unmap_one(page, head->ptes[f], head, f);
		} else {
			break;
		}
	}
	pte_chain_unlock(page, flags);
	return ret;
}

/* ----------------------------------------------------------------- dumps -- */

static bool task_uses_mm(struct task *t, void *mm)
{
	return t->mm == mm;
}

int mm_owner_pid(struct mm_struct *mm)
{
	struct task *t = task_find(task_uses_mm, mm);

	return t ? t->pid : -1;
}

#define DUMP_MAPPINGS_MAX 16

static void dump_one(const pte_t *ptep, unsigned int n)
{
	if (!virt_addr_valid(ptep) || !test_page_flag(virt_to_page(ptep), PG_pgtable)) {
		printk(KERN_ALERT "    [%u] PTE %p: not in a page table\n", n, (const void *)ptep);
		return;
	}
	printk(KERN_ALERT "    [%u] pid %d mm %p address %#010lx pte %#010x\n", n,
	       mm_owner_pid(ptep_to_mm(ptep)), (void *)ptep_to_mm(ptep), ptep_to_address(ptep),
	       ptep_get(ptep).pte);
}

/* Reads without the chain lock: a dump may come from a BUG with any lock held. */
void dump_page_mappings(const struct page *page)
{
	unsigned int n = 0, blocks = 0;

	if (test_page_flag(page, PG_slab) || test_page_flag(page, PG_buddy))
		return;
	if (test_page_flag(page, PG_direct)) {
		printk(KERN_ALERT "  mapped once (direct):\n");
		dump_one(page->pte_direct, 0);
		return;
	}
	if (!page->pte_chain)
		return;
	for (const struct pte_chain *pc = page->pte_chain; pc && blocks < 1000; pc = pc->next) {
		if (!virt_addr_valid(pc)) {
			printk(KERN_ALERT "  chain block %p: not a kernel address\n", (const void *)pc);
			return;
		}
		blocks++;
		for (unsigned int i = 0; i < NRPTE; i++)
			if (pc->ptes[i] && n++ < DUMP_MAPPINGS_MAX)
				dump_one(pc->ptes[i], n - 1);
	}
	printk(KERN_ALERT "  mapped %u times, %u chain blocks%s\n", n, blocks,
	       n > DUMP_MAPPINGS_MAX ? " (first 16 shown)" : "");
}
