/*
 * The VM invariant checker: page tables against the reverse map, both
 * ways. Always compiled; run after every self-test suite (kernel/ktest.c),
 * when init exits, every VM_CHECK_FAULT_INTERVAL faults under `debug_vm`
 * (mm/memory.c), and from gdb (`print vm_check(0, 0)`: a NULL `when` reads
 * "gdb", since gdb cannot pass a string without a malloc in the target).
 *
 * The rules (docs/rmap.md):
 *   tables   every user page table of an mm is PG_pgtable with mapping =
 *            the mm and index = the base address it maps;
 *   forward  every present user PTE of a RAM page (the zero page aside)
 *            is in that page's reverse map exactly once, at an address a
 *            vma of its mm covers;
 *   reverse  every reverse-map entry is a PTE inside a page table of a
 *            live mm, present, mapping that very page, at an address a vma
 *            covers; PG_direct holds exactly when there is one mapping;
 *            page->count >= mappings (+1 for a page-cache page);
 *   counters each mm's rss_file / rss_anon / nr_ptes / nr_swap_ptes equal
 *            what its tables hold; rmap_stats.chain_blocks equals the blocks
 *            reachable;
 *   lists    (issue 10) every page of the page cache, the swap cache or a
 *            user mapping is on exactly one LRU list, and no free page is on
 *            any; PG_swapcache holds exactly for pages of swapper_space, and
 *            PG_readahead only for unmapped pages there (no mm busy); the
 *            list counters equal the pages carrying each list flag; with no
 *            mm busy, no page on an inactive list is mapped;
 *   slots    each swap slot's count equals the swap PTEs, the swap cache
 *            page and the shared-memory objects that name it (area 0, its
 *            first SLOT_CHECK_MAX slots: the tally is a static array).
 *
 * Context: task context, never sleeps or allocates. The whole check runs
 * with interrupts off, so on one CPU nothing changes under it; an mm whose
 * mmap_lock is held (a task was preempted or sleeps inside a change of its
 * tables) is skipped and counted in mms_busy, and so are reverse-map
 * entries into it. Chains are read through rmap_walk (mm/rmap.c owns them).
 */
#include "mm/vm.h"
#include "mm/rmap.h"
#include "mm/debug.h"
#include "mm/lru.h"
#include "mm/swap.h"
#include "mm/internal.h"
#include "kernel/printk.h"
#include "kernel/string.h"

#define VM_CHECK_PRINT_MAX 8

unsigned long vm_check_runs;
static unsigned long violations_since_boot;

/* Slot references found by the walk, for area 0 (static: the checker never allocates). */
#define SLOT_CHECK_MAX 32768
static u16 slot_refs[SLOT_CHECK_MAX];

static void note_slot(swp_entry_t e)
{
	if (swp_type(e) == 0 && swp_offset(e) < SLOT_CHECK_MAX && slot_refs[swp_offset(e)] < 0xffff)
		slot_refs[swp_offset(e)]++;
}

struct check {
	const char *when;
	struct vm_check_report r;
	struct mm_struct *last_live; /* the last mm mm_live found: entries come in runs */
};

static void violation(struct check *c, const struct page *page, struct mm_struct *mm,
		      unsigned long addr, const char *what)
{
	if (c->r.violations++ < VM_CHECK_PRINT_MAX)
		printk(KERN_ERR "vm_check (%s): %s: pfn %#lx pid %d mm %p address %#010lx\n", c->when,
		       what, page ? page_to_pfn(page) : 0UL, mm ? mm_owner_pid(mm) : -1,
		       (void *)mm, addr);
}

/* The vma of mm covering addr, without touching mmap_cache. */
static struct vm_area_struct *covering_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	list_for_each_entry(vma, &mm->mmap, vm_list)
		if (vma->vm_end > addr)
			return vma->vm_start <= addr ? vma : NULL;
	return NULL;
}

static bool mm_live(struct mm_struct *mm)
{
	struct mm_struct *m;

	list_for_each_entry(m, &all_mms, mmlist)
		if (m == mm)
			return true;
	return false;
}

/* ------------------------------------------------------------ forward -- */

struct find_entry {
	const pte_t *ptep;
	unsigned int seen;
};

static void count_entry(struct page *page, pte_t *ptep, void *data)
{
	struct find_entry *f = data;

	f->seen += ptep == f->ptep;
}

static void check_mm(struct check *c, struct mm_struct *mm)
{
	unsigned long rss_file = 0, rss_anon = 0, tables = 0, swap_ptes = 0;

	for (unsigned int i = 0; i < USER_PGD_PTRS; i++) {
		unsigned long base = (unsigned long)i << PGDIR_SHIFT;
		pgd_t g = mm->pgd[i];
		struct page *pt;
		pte_t *table;

		if (!pgd_present(g))
			continue;
		tables++;
		pt = pfn_to_page(pgd_table_phys(g) >> PAGE_SHIFT);
		if (!test_page_flag(pt, PG_pgtable) || pt->mapping != (struct address_space *)mm ||
		    pt->index != base) {
			violation(c, pt, mm, base, "page table not marked with its mm and base");
			continue;
		}
		table = __va(pgd_table_phys(g));
		for (unsigned int j = 0; j < PTRS_PER_PTE; j++) {
			pte_t pte = ptep_get(&table[j]);
			unsigned long addr = base + ((unsigned long)j << PAGE_SHIFT);
			struct find_entry f = { &table[j], 0 };
			struct page *page;

			if (pte_is_swap(pte)) {
				swap_ptes++;
				note_slot((swp_entry_t){ pte_to_swp_val(pte) });
				continue;
			}
			if (!pte_present(pte))
				continue;
			if (!pfn_valid(pte_pfn(pte))) {
				violation(c, NULL, mm, addr, "present PTE maps a frame with no RAM");
				continue;
			}
			page = pfn_to_page(pte_pfn(pte));
			c->r.ptes++;
			if (PageAnon(page) && page != zero_page)
				rss_anon++;
			else
				rss_file++;
			if (!covering_vma(mm, addr))
				violation(c, page, mm, addr, "present PTE outside every vma");
			if (page == zero_page)
				continue;
			if (test_page_flag(page, PG_slab) || test_page_flag(page, PG_buddy) ||
			    test_page_flag(page, PG_pgtable)) {
				violation(c, page, mm, addr, "PTE maps a free, slab or page-table page");
				continue;
			}
			rmap_walk(page, count_entry, &f, NULL);
			if (f.seen == 0)
				violation(c, page, mm, addr, "present PTE missing from the page's reverse map");
			else if (f.seen > 1)
				violation(c, page, mm, addr, "PTE in the page's reverse map more than once");
		}
	}
	if (rss_file != mm->rss_file || rss_anon != mm->rss_anon)
		violation(c, NULL, mm, 0, "rss counters differ from the page tables");
	if (tables != mm->nr_ptes)
		violation(c, NULL, mm, 0, "nr_ptes differs from the page tables");
	if (swap_ptes != mm->nr_swap_ptes)
		violation(c, NULL, mm, swap_ptes, "nr_swap_ptes differs from the swap PTEs");
}

/* -------------------------------------------------------------- lists -- */

struct list_tally {
	unsigned long active, inactive_dirty, inactive_clean[MAX_NR_ZONES];
};

static void check_lru(struct check *c, struct page *page, struct list_tally *t)
{
	unsigned long f = page->flags;
	unsigned int on = !!(f & (1UL << PG_active)) + !!(f & (1UL << PG_inactive_dirty)) +
			  !!(f & (1UL << PG_inactive_clean));
	bool cached = page->mapping && !(f & ((1UL << PG_pgtable) | (1UL << PG_slab)));

	if (f & ((1UL << PG_hole) | (1UL << PG_slab) | (1UL << PG_pgtable)))
		return;
	if (on > 1)
		violation(c, page, NULL, 0, "page on more than one LRU list");
	if (on && (f & (1UL << PG_buddy)))
		violation(c, page, NULL, 0, "free page on an LRU list");
	if (!on && page != zero_page && !(f & (1UL << PG_buddy)) && (cached || page_mapped(page)))
		violation(c, page, NULL, 0, "cache or mapped page on no LRU list");
	if (!!(f & (1UL << PG_swapcache)) != (page->mapping == &swapper_space))
		violation(c, page, NULL, page->index, "PG_swapcache and swapper_space disagree");
	if (f & (1UL << PG_swapcache))
		note_slot((swp_entry_t){ page->index });
	/* Read ahead and not yet found: the fault that finds it clears the flag. */
	if ((f & (1UL << PG_readahead)) &&
	    (!(f & (1UL << PG_swapcache)) || (!c->r.mms_busy && page_mapped(page))))
		violation(c, page, NULL, page->index, "PG_readahead on a page mapped or out of the swap cache");
	if (f & (1UL << PG_active))
		t->active++;
	else if (f & (1UL << PG_inactive_dirty))
		t->inactive_dirty++;
	else if (f & (1UL << PG_inactive_clean))
		t->inactive_clean[page_zonenum(page)]++;
	if (!c->r.mms_busy && (f & ((1UL << PG_inactive_dirty) | (1UL << PG_inactive_clean))) &&
	    page_mapped(page))
		violation(c, page, NULL, 0, "mapped page on an inactive list");
}

static void check_list_counts(struct check *c, const struct list_tally *t)
{
	struct lru_counts n;

	/* lru_counts takes the LRU lock: interrupts are off already, nobody holds it. */
	lru_counts(&n);
	if (n.active != t->active || n.inactive_dirty != t->inactive_dirty)
		violation(c, NULL, NULL, n.active, "LRU list counters differ from the list flags");
	for (unsigned int z = 0; z < MAX_NR_ZONES; z++)
		if (n.inactive_clean_zone[z] != t->inactive_clean[z])
			violation(c, NULL, NULL, z, "a zone's inactive_clean counter differs from its pages");
}

static void count_object_slot(swp_entry_t e, void *data)
{
	(void)data;
	note_slot(e);
}

static void check_slots(struct check *c)
{
	if (!shmem_for_each_swap(count_object_slot, NULL))
		return; /* an object is being changed: the tally would be incomplete */
	for (unsigned long off = swap_next_used(0, 1); off && off < SLOT_CHECK_MAX;
	     off = swap_next_used(0, off + 1)) {
		int n = swap_count(swp_entry(0, off));

		if (n >= 0 && n != slot_refs[off])
			violation(c, NULL, NULL, swp_entry(0, off).val,
				  "swap slot count differs from the PTEs, cache and objects naming it");
		slot_refs[off] = 0;
	}
}

/* ------------------------------------------------------------ reverse -- */

static void check_entry(struct page *page, pte_t *ptep, void *data)
{
	struct check *c = data;
	struct mm_struct *mm;
	unsigned long addr;
	struct page *pt;
	pte_t pte;

	c->r.rmap_entries++;
	if (!virt_addr_valid(ptep) || ((unsigned long)ptep & (sizeof(pte_t) - 1))) {
		violation(c, page, NULL, (unsigned long)ptep, "reverse-map entry is not a PTE address");
		return;
	}
	pt = virt_to_page(ptep);
	if (!test_page_flag(pt, PG_pgtable)) {
		violation(c, page, NULL, (unsigned long)ptep, "reverse-map entry outside any page table");
		return;
	}
	mm = ptep_to_mm(ptep);
	addr = ptep_to_address(ptep);
	if (mm != c->last_live) {
		if (!mm_live(mm)) {
			violation(c, page, mm, addr, "reverse-map entry in a page table of no live mm");
			return;
		}
		c->last_live = mm;
	}
	if (mutex_is_locked(&mm->mmap_lock))
		return; /* mid-change: counted once per mm in the forward pass */
	pte = ptep_get(ptep);
	if (!pte_present(pte) || pte_pfn(pte) != page_to_pfn(page))
		violation(c, page, mm, addr, "reverse-map entry's PTE does not map the page");
	if (!covering_vma(mm, addr))
		violation(c, page, mm, addr, "reverse-map entry at an address no vma covers");
}

static void check_page(struct check *c, struct page *page)
{
	unsigned int n, blocks;
	bool direct;

	if (test_page_flag(page, PG_hole) || test_page_flag(page, PG_slab))
		return; /* pte_chain shares its word with the slab's counters */
	direct = test_page_flag(page, PG_direct);
	if (!direct && !page->pte_chain)
		return;
	if (page == zero_page) {
		violation(c, page, NULL, 0, "the zero page has a reverse map");
		return;
	}
	if (test_page_flag(page, PG_buddy) || test_page_flag(page, PG_pgtable)) {
		violation(c, page, NULL, 0, "free or page-table page has a reverse map");
		return;
	}
	c->r.mapped_pages++;
	n = rmap_walk(page, check_entry, c, &blocks);
	c->r.chain_blocks += blocks;
	if (direct != (n == 1))
		violation(c, page, NULL, n, "PG_direct does not match one mapping");
	if (!direct && blocks != (n + NRPTE - 1) / NRPTE)
		violation(c, page, NULL, n, "chain uses more blocks than its mappings need");
	if (page_count(page) < (int)n + (page->mapping ? 1 : 0))
		violation(c, page, NULL, n, "page count below its mappings");
}

unsigned long vm_check(const char *when, struct vm_check_report *r)
{
	struct check c = { .when = when ? when : "gdb" };
	unsigned long flags = arch_irq_save();
	struct mm_struct *mm;

	struct list_tally tally = { 0 };

	vm_check_runs++;
	memset(slot_refs, 0, sizeof(slot_refs));
	list_for_each_entry(mm, &all_mms, mmlist) {
		if (mutex_is_locked(&mm->mmap_lock)) {
			c.r.mms_busy++;
			continue;
		}
		c.r.mms++;
		check_mm(&c, mm);
	}
	for (unsigned long pfn = 0; pfn < max_pfn; pfn++) {
		check_page(&c, pfn_to_page(pfn));
		check_lru(&c, pfn_to_page(pfn), &tally);
	}
	check_list_counts(&c, &tally);
	if (!c.r.mms_busy)
		check_slots(&c);
	/* Blocks in busy mms' chains are still reachable from their pages: the count is exact. */
	if (c.r.chain_blocks != rmap_stats.chain_blocks)
		violation(&c, NULL, NULL, c.r.chain_blocks, "chain-block counter differs from the blocks reachable");
	violations_since_boot += c.r.violations;
	arch_irq_restore(flags);
	if (c.r.violations > VM_CHECK_PRINT_MAX)
		printk(KERN_ERR "vm_check (%s): %lu violations in all (first %d shown)\n", c.when,
		       c.r.violations, VM_CHECK_PRINT_MAX);
	if (r)
		*r = c.r;
	return c.r.violations;
}

void vm_check_after_init(void)
{
	struct vm_check_report r;

	if (vm_check("init exit", &r))
		printk(KERN_EMERG "vm_check after init: %lu violations\n", r.violations);
	else
		printk(KERN_EMERG "vm_check after init: clean (%lu mms, %lu PTEs, %lu pages "
		       "reverse-mapped, %lu chain blocks)\n", r.mms, r.ptes, r.mapped_pages,
		       r.chain_blocks);
	printk(KERN_EMERG "vm_check since boot: %lu runs, %lu violations\n", vm_check_runs,
	       violations_since_boot);
}
