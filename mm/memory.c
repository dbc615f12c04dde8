/*
 * Page tables of user address spaces and the page-fault cases.
 *
 * handle_mm_fault finds the vma, checks the access against it, and hands
 * the PTE to one function per case:
 *
 *   PTE state     access   vma                      handler
 *   ----------    ------   ----------------------   ----------------------------
 *   none          read     anonymous, private       do_anonymous_page: zero page, read-only
 *   none          write    anonymous, private       do_anonymous_page: fresh zeroed page
 *   none          any      file or shared anon      do_no_page: vm_ops->nopage (page cache),
 *                                                   COW copy at once for a private write,
 *                                                   fault-around for file reads
 *   swap entry    any      any                      do_swap_page: from the swap cache, or
 *                                                   read in with its neighbours
 *   present, RO   write    private, writable        do_wp_page: copy-on-write, or reuse
 *                                                   when this PTE holds the only reference
 *   present, RO   write    shared, writable         do_wp_page: make writable
 *   below vma     any      VM_GROWSDOWN             expand_stack, then as above
 *
 * Every user PTE of a RAM page is set by install_pte and cleared by
 * clear_present_pte, which call pte_link / pte_unlink (mm/rmap.c), or
 * copied by copy_page_range and cleared by zap_page_range, which do the
 * same a batch at a time (RMAP_BATCH, pte_link_batch / pte_unlink_batch);
 * move_page_tables moves the entry with pte_relink. So the reverse map is
 * exact at every moment the mm's mmap_lock is free. No link allocates:
 * every path that may link takes a spare chain block first
 * (pte_chain_alloc, rmap_batch_reserve) and fails with FAULT_OOM /
 * -ENOMEM before changing anything when there is none.
 *
 * Reference counts: a PTE that maps a page holds one reference on it
 * (the zero page included). Page-table pages come from lowmem, are marked
 * PG_pgtable with mapping = the mm and index = the base address they map,
 * and are freed by free_pgtables once no vma covers their 4 MiB.
 *
 * Locking: the caller holds mm->mmap_lock for everything here. Page
 * allocation may sleep; no spinlock is held across it.
 */
#include "mm/vm.h"
#include "mm/rmap.h"
#include "mm/pagemap.h"
#include "mm/debug.h"
#include "mm/lru.h"
#include "mm/swap.h"
#include "mm/vmstat.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/printk.h"

struct fault_event_counts fault_events;
struct page *zero_page;
static unsigned long user_pgtables;

/* The active address space (mm/mmap.c's activate_mm sets it). */
extern struct mm_struct *active_mm;

unsigned long nr_user_pgtables(void)
{
	return user_pgtables;
}

/* ------------------------------------------------------------ TLB batches -- */

/* Flushes owed for one pass over a range: nothing for entries never present. */
struct tlb_batch {
	struct mm_struct *mm;
	unsigned long start, end;
	unsigned long count;
};

static void tlb_start(struct tlb_batch *tb, struct mm_struct *mm)
{
	tb->mm = mm;
	tb->start = ~0UL;
	tb->end = 0;
	tb->count = 0;
}

static void tlb_note(struct tlb_batch *tb, unsigned long addr)
{
	if (addr < tb->start)
		tb->start = addr;
	if (addr + PAGE_SIZE > tb->end)
		tb->end = addr + PAGE_SIZE;
	tb->count++;
}

#define TLB_FULL_FLUSH_PAGES 32

static void tlb_finish(struct tlb_batch *tb)
{
	if (!tb->count || tb->mm != active_mm)
		return;
	if (tb->count > TLB_FULL_FLUSH_PAGES) {
		flush_tlb_user();
		return;
	}
	for (unsigned long a = tb->start; a < tb->end; a += PAGE_SIZE)
		flush_tlb_page(a);
}

void flush_tlb_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	if (mm != active_mm)
		return;
	if ((end - start) >> PAGE_SHIFT > TLB_FULL_FLUSH_PAGES) {
		flush_tlb_user();
		return;
	}
	for (unsigned long a = start; a < end; a += PAGE_SIZE)
		flush_tlb_page(a);
}

static void flush_one(struct mm_struct *mm, unsigned long addr)
{
	if (mm == active_mm)
		flush_tlb_page(addr);
}

/*
 * A page for a fault, allocated inside an unmap window (mm/vm.h): if the
 * allocation has to reclaim, this mm's own pages may be unmapped meanwhile,
 * which every caller tolerates (each re-checks its PTE afterwards).
 */
static struct page *fault_alloc_page(struct mm_struct *mm, gfp_t gfp)
{
	struct page *page;

	unmap_window_open(mm);
	page = alloc_page(gfp);
	unmap_window_close(mm);
	return page;
}

static struct pte_chain *fault_chain_alloc(struct mm_struct *mm)
{
	struct pte_chain *spare;

	unmap_window_open(mm);
	spare = pte_chain_alloc(GFP_KERNEL);
	unmap_window_close(mm);
	return spare;
}

/* ------------------------------------------------------------ page tables -- */

pgd_t *pgd_alloc(struct mm_struct *mm)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	pgd_t *pgd;

	if (!page)
		return NULL;
	pgd = page_address(page);
	/* The kernel half is the same in every address space. */
	memcpy(pgd + USER_PGD_PTRS, swapper_pg_dir + USER_PGD_PTRS,
	       (PTRS_PER_PGD - USER_PGD_PTRS) * sizeof(pgd_t));
	return pgd;
}

void pgd_free(struct mm_struct *mm)
{
	for (unsigned int i = 0; i < USER_PGD_PTRS; i++)
		BUG_ON(!pgd_none(mm->pgd[i]));
	free_page((unsigned long)mm->pgd);
	mm->pgd = NULL;
}

/* The PTE for addr, or NULL when no page table covers it. */
pte_t *pte_lookup(struct mm_struct *mm, unsigned long addr)
{
	pgd_t *pgdp = pgd_offset(mm->pgd, addr);

	if (!pgd_present(*pgdp))
		return NULL;
	return pte_offset(pgdp, addr);
}

pte_t *pte_walk_next(struct mm_struct *mm, unsigned long *addr, unsigned long end)
{
	for (unsigned long a = *addr; a < end; a = (a & PGDIR_MASK) + PGDIR_SIZE) {
		pte_t *ptep = pte_lookup(mm, a);

		if (ptep) {
			*addr = a;
			return ptep;
		}
	}
	return NULL;
}

/* The PTE for addr, allocating its page table (lowmem) if needed; NULL on ENOMEM. */
static pte_t *pte_alloc(struct mm_struct *mm, unsigned long addr)
{
	pgd_t *pgdp = pgd_offset(mm->pgd, addr);

	if (pgd_none(*pgdp)) {
		struct page *pt = fault_alloc_page(mm, GFP_KERNEL | __GFP_ZERO);

		if (!pt)
			return NULL;
		set_page_flag(pt, PG_pgtable);
		pt->mapping = (struct address_space *)mm;
		pt->index = addr & PGDIR_MASK;
		set_pgd(pgdp, mk_pgd_table(page_to_pfn(pt) << PAGE_SHIFT, _PAGE_TABLE));
		mm->nr_ptes++;
		user_pgtables++;
		fault_events.pgtables_alloc++;
	}
	return pte_offset(pgdp, addr);
}

static void free_pte_table(struct mm_struct *mm, pgd_t *pgdp)
{
	struct page *pt = pfn_to_page(pgd_table_phys(*pgdp) >> PAGE_SHIFT);

	if (vm_debug) {
		pte_t *t = __va(pgd_table_phys(*pgdp));

		for (unsigned int i = 0; i < PTRS_PER_PTE; i++)
			VM_BUG_ON(!pte_none(t[i]));
	}
	pgd_clear(pgdp);
	clear_page_flag(pt, PG_pgtable);
	pt->mapping = NULL;
	pt->index = 0;
	__free_page(pt);
	mm->nr_ptes--;
	user_pgtables--;
	fault_events.pgtables_free++;
}

/* Does any vma of mm intersect [start, end)? */
static bool range_has_vma(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	return vma && vma->vm_start < end;
}

void free_pgtables(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	unsigned long base = start & PGDIR_MASK;

	for (; base < end && base < USER_TOP; base += PGDIR_SIZE) {
		pgd_t *pgdp = pgd_offset(mm->pgd, base);

		if (pgd_none(*pgdp) || range_has_vma(mm, base, base + PGDIR_SIZE))
			continue;
		free_pte_table(mm, pgdp);
		if (base + PGDIR_SIZE < base)
			break;
	}
	flush_tlb_range(mm, start, end); /* the table's entries were all empty already */
}

/* ------------------------------------------------------------ PTE helpers -- */

static pgprot_t vma_prot(const struct vm_area_struct *vma, bool writable)
{
	return writable ? PAGE_USER_RW : PAGE_USER_RO;
}

/* Anonymous pages (swap cache included) count as rss_anon, the rest as rss_file. */
static void rss_add(struct mm_struct *mm, struct page *page, long n)
{
	if (PageAnon(page) && page != zero_page)
		mm->rss_anon += n;
	else
		mm->rss_file += n;
}

/*
 * install_pte: map page at addr through the empty PTE ptep, taking over
 * the caller's reference. The one place a fault sets a user PTE of a RAM
 * page; *spare is a chain block from pte_chain_alloc (NULL once used).
 */
static void install_pte(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep,
			struct page *page, bool writable, bool dirty, struct pte_chain **spare)
{
	pte_t pte = pfn_pte(page_to_pfn(page), vma_prot(vma, writable));

	VM_BUG_ON(!pte_none(ptep_get(ptep)));
	if (dirty)
		pte = pte_mkdirty(pte);
	set_pte(ptep, pte);
	*spare = pte_link(page, ptep, *spare);
	rss_add(vma->vm_mm, page, 1);
}

/*
 * Clearing a present PTE comes in three steps, so that zap can unlink a
 * batch of them at once: empty the PTE (its dirty bit moves to a file
 * page), drop the reverse-map link, drop the PTE's reference.
 */
static struct page *empty_present_pte(struct mm_struct *mm, pte_t *ptep)
{
	pte_t old = ptep_get_and_clear(ptep);
	struct page *page = pfn_to_page(pte_pfn(old));

	if (pte_dirty(old) && page->mapping)
		set_page_dirty(page);
	rss_add(mm, page, -1);
	return page;
}

/* The PTE's reference goes, after its link. */
static void put_unmapped_page(struct page *page)
{
	/* The last user of a swapped-in page: its slot is no longer needed. */
	if (PageSwapCache(page) && page_count(page) == 2)
		try_to_free_swap(page);
	put_page(page);
}

/* clear_present_pte: all three steps for one PTE. The caller flushes the TLB. */
static void clear_present_pte(struct mm_struct *mm, pte_t *ptep)
{
	struct page *page = empty_present_pte(mm, ptep);

	pte_unlink(page, ptep);
	put_unmapped_page(page);
}

/* zap's batch: unlink the PTEs it emptied, then drop their references. */
static void zap_unlink_batch(struct rmap_batch *b)
{
	pte_unlink_batch(b);
	for (unsigned int i = 0; i < b->n; i++)
		put_unmapped_page(b->e[i].page);
	b->n = 0;
}

void zap_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;
	struct rmap_batch unlinks = RMAP_BATCH_INIT;
	struct tlb_batch tb;

	tlb_start(&tb, mm);
	for (unsigned long addr = start; addr < end;) {
		pgd_t *pgdp = pgd_offset(mm->pgd, addr);
		unsigned long next = (addr & PGDIR_MASK) + PGDIR_SIZE;

		if (next > end || next == 0)
			next = end;
		if (pgd_present(*pgdp)) {
			pte_t *ptep = pte_offset(pgdp, addr);

			for (; addr < next; addr += PAGE_SIZE, ptep++) {
				pte_t pte = ptep_get(ptep);

				if (pte_none(pte))
					continue;
				if (pte_present(pte)) {
					rmap_batch_add(&unlinks, empty_present_pte(mm, ptep), ptep);
					if (rmap_batch_full(&unlinks))
						zap_unlink_batch(&unlinks);
					tlb_note(&tb, addr);
				} else {
					/* A swap entry: the PTE's count on the slot goes. */
					pte_clear(ptep);
					free_swap_and_cache((swp_entry_t){ pte_to_swp_val(pte) });
					mm->nr_swap_ptes--;
				}
			}
		}
		addr = next;
	}
	zap_unlink_batch(&unlinks);
	tlb_finish(&tb);
}

struct page *follow_page(struct mm_struct *mm, unsigned long addr)
{
	pte_t *ptep = pte_lookup(mm, addr);
	struct page *page;

	if (!ptep || !pte_present(ptep_get(ptep)))
		return NULL;
	page = pfn_to_page(pte_pfn(ptep_get(ptep)));
	get_page(page);
	return page;
}

/* ------------------------------------------------------------------- fork -- */

int copy_page_range(struct mm_struct *dst, struct mm_struct *src, struct vm_area_struct *vma)
{
	bool cow = !(vma->vm_flags & VM_SHARED) && (vma->vm_flags & VM_MAYWRITE);
	struct rmap_batch links = RMAP_BATCH_INIT;
	struct tlb_batch tb;
	pte_t *sp;
	int err = 0;

	tlb_start(&tb, src);
	for (unsigned long addr = vma->vm_start; (sp = pte_walk_next(src, &addr, vma->vm_end));
	     addr += PAGE_SIZE) {
		pte_t *dp;
		pte_t pte;
		struct page *page;

		pte = ptep_get(sp);
		if (pte_none(pte))
			continue;
		dp = pte_lookup(dst, addr);
		if (!dp) {
			pte_link_batch(&links); /* a new table may sleep: the chains first */
			dp = pte_alloc(dst, addr);
		}
		if (!dp || !rmap_batch_reserve(&links)) {
			err = -ENOMEM;
			break;
		}
		if (!pte_present(pte)) {
			/* A swap entry: the child's PTE holds its own count on the slot. */
			if (swap_duplicate((swp_entry_t){ pte_to_swp_val(pte) }) == 0) {
				set_pte(dp, pte);
				dst->nr_swap_ptes++;
			}
			continue;
		}
		page = pfn_to_page(pte_pfn(pte));
		if (cow && pte_write(pte)) {
			pte = pte_wrprotect(pte);
			set_pte(sp, pte);
			tlb_note(&tb, addr);
		}
		if (!(vma->vm_flags & VM_SHARED))
			pte = pte_mkclean(pte); /* the child's copy has written nothing yet */
		get_page(page);
		set_pte(dp, pte_mkold(pte));
		rmap_batch_add(&links, page, dp);
		rss_add(dst, page, 1);
	}
	pte_link_batch(&links);
	rmap_batch_release(&links);
	tlb_finish(&tb);
	return err;
}

/* --------------------------------------------------------------- mprotect -- */

void change_pte_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;
	bool shared_write = (vma->vm_flags & (VM_SHARED | VM_WRITE)) == (VM_SHARED | VM_WRITE);
	struct tlb_batch tb;
	pte_t *ptep;

	tlb_start(&tb, mm);
	for (unsigned long addr = start; (ptep = pte_walk_next(mm, &addr, end)); addr += PAGE_SIZE) {
		pte_t pte, new;

		pte = ptep_get(ptep);
		if (!pte_present(pte))
			continue;
		/*
		 * PROT_NONE keeps the page mapped (its contents, the reverse
		 * map, the accounting) with the PTE's user bit off, so every
		 * user access faults and handle_mm_fault refuses it. Private
		 * pages become writable again only through a write fault
		 * (do_wp_page decides between reuse and copy); shared writable
		 * mappings may be writable at once.
		 */
		if (!(vma->vm_flags & VM_ACCESS_FLAGS))
			new = pte_mknouser(pte_wrprotect(pte));
		else if (shared_write)
			new = pte_mkwrite(pte_mkuser(pte));
		else
			new = pte_wrprotect(pte_mkuser(pte));
		if (new.pte != pte.pte) {
			set_pte(ptep, new);
			tlb_note(&tb, addr);
		}
	}
	tlb_finish(&tb);
}

void sync_pte_dirty(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;
	struct tlb_batch tb;
	pte_t *ptep;

	tlb_start(&tb, mm);
	for (unsigned long addr = start; (ptep = pte_walk_next(mm, &addr, end)); addr += PAGE_SIZE) {
		pte_t pte = ptep_get(ptep);

		if (!pte_present(pte) || !pte_dirty(pte))
			continue;
		if (ptep_test_and_clear_dirty(ptep)) {
			struct page *page = pfn_to_page(pte_pfn(pte));

			if (page->mapping)
				set_page_dirty(page);
			tlb_note(&tb, addr);
		}
	}
	tlb_finish(&tb);
}

int move_page_tables(struct vm_area_struct *vma, unsigned long old_addr, unsigned long new_addr,
		     unsigned long len)
{
	struct mm_struct *mm = vma->vm_mm;
	struct tlb_batch tb;

	tlb_start(&tb, mm);
	for (unsigned long off = 0; off < len; off += PAGE_SIZE) {
		pte_t *op = pte_lookup(mm, old_addr + off), *np;
		pte_t pte;

		if (!op || pte_none(ptep_get(op)))
			continue;
		np = pte_alloc(mm, new_addr + off);
		if (!np) {
			tlb_finish(&tb);
			return -ENOMEM;
		}
		pte = ptep_get_and_clear(op);
		if (pte_present(pte)) {
			struct page *page = pfn_to_page(pte_pfn(pte));

			set_pte(np, pte);
			pte_relink(page, op, np);
			tlb_note(&tb, old_addr + off);
		} else {
			set_pte(np, pte);
		}
	}
	tlb_finish(&tb);
	return 0;
}

/* ------------------------------------------------------------ fault cases -- */

static enum fault_result do_anonymous_page(struct vm_area_struct *vma, unsigned long addr,
					   pte_t *ptep, bool write, struct pte_chain **spare)
{
	struct page *page;

	if (!write) {
		get_page(zero_page);
		install_pte(vma, addr, ptep, zero_page, false, false, spare);
		fault_events.zero_page_faults++;
		return FAULT_OK;
	}
	page = fault_alloc_page(vma->vm_mm, GFP_HIGHUSER | __GFP_ZERO);
	if (!page)
		return FAULT_OOM;
	lru_cache_add(page);
	install_pte(vma, addr, ptep, page, true, true, spare);
	fault_events.anon_faults++;
	return FAULT_OK;
}

/* Map the already cached, up-to-date neighbours of a file read fault (read-only). */
static void fault_around(struct vm_area_struct *vma, unsigned long addr, struct pte_chain **spare)
{
	struct mm_struct *mm = vma->vm_mm;
	struct address_space *mapping;
	unsigned long start, end;

	if (!vma->vm_file || vma->vm_ops != &file_vm_ops)
		return;
	mapping = vma->vm_file->f_inode->i_mapping;
	start = ALIGN_DOWN(addr, FAULT_AROUND_PAGES * PAGE_SIZE);
	end = start + FAULT_AROUND_PAGES * PAGE_SIZE;
	if (start < vma->vm_start)
		start = vma->vm_start;
	if (end > vma->vm_end || end < start)
		end = vma->vm_end;
	/* Stay inside the page table that holds addr. */
	if ((start & PGDIR_MASK) != (addr & PGDIR_MASK))
		start = addr & PGDIR_MASK;
	if (((end - 1) & PGDIR_MASK) != (addr & PGDIR_MASK))
		end = (addr & PGDIR_MASK) + PGDIR_SIZE;
	for (unsigned long a = start; a < end; a += PAGE_SIZE) {
		unsigned long index = ((a - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;
		pte_t *ptep;
		struct page *page;

		if (a == addr)
			continue;
		ptep = pte_lookup(mm, a);
		if (!ptep || !pte_none(ptep_get(ptep)))
			continue;
		if (index >= (unsigned long)((vma->vm_file->f_inode->i_size + PAGE_SIZE - 1) >> PAGE_SHIFT))
			break;
		page = find_get_page(mapping, index);
		if (!page)
			continue;
		/* Only pages already active: an inactive page must stay unmapped. */
		if (!PageUptodate(page) || PageLocked(page) || page_lru(page) != LRU_ACTIVE) {
			put_page(page);
			continue;
		}
		if (!*spare) {
			*spare = fault_chain_alloc(mm);
			/* We slept: the page may have been truncated or deactivated meanwhile. */
			if (*spare && (page->mapping != mapping || PageLocked(page) ||
				       page_lru(page) != LRU_ACTIVE)) {
				put_page(page);
				continue;
			}
		}
		if (!*spare) {
			put_page(page); /* fault-around is optional: stop when memory is short */
			break;
		}
		install_pte(vma, a, ptep, page, false, false, spare);
		fault_events.faultaround_mapped++;
	}
}

static enum fault_result nopage_error(struct page *page)
{
	if (page == NOPAGE_OOM)
		return FAULT_OOM;
	fault_events.sigbus++;
	return FAULT_SIGBUS;
}

static enum fault_result do_no_page(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep,
				    bool write, bool *major, struct pte_chain **spare)
{
	bool shared = vma->vm_flags & VM_SHARED;
	struct page *page;

	unmap_window_open(vma->vm_mm);
	page = vma->vm_ops->nopage(vma, addr, major);
	unmap_window_close(vma->vm_mm);

	if ((unsigned long)page <= (unsigned long)NOPAGE_EIO)
		return nopage_error(page);
	/* nopage may have slept: somebody else may have filled the PTE. */
	if (!pte_none(ptep_get(ptep))) {
		put_page(page);
		return FAULT_OK;
	}
	if (write && !shared) {
		/* A private write: this mapping's own copy, at once. */
		struct page *copy = fault_alloc_page(vma->vm_mm, GFP_HIGHUSER);

		if (!copy) {
			put_page(page);
			return FAULT_OOM;
		}
		copy_highpage(copy, page);
		mark_page_accessed(page);
		put_page(page);
		lru_cache_add(copy);
		install_pte(vma, addr, ptep, copy, true, true, spare);
		fault_events.cow_faults++;
		vma->vm_mm->faults_cow++;
		return FAULT_OK;
	}
	/* A mapped page is an active one (seed 004, step 7: a cache hit reactivates). */
	if (page_lru(page) != LRU_ACTIVE && PageLRU(page))
		activate_page(page);
	/* Shared writable pages are mapped writable; the PTE's dirty bit is harvested later. */
	install_pte(vma, addr, ptep, page, shared && (vma->vm_flags & VM_WRITE), write, spare);
	fault_events.file_faults++;
	if (!write && vma->vm_file && !(vma->vm_flags & VM_RAND_READ))
		fault_around(vma, addr, spare);
	return FAULT_OK;
}

static enum fault_result do_wp_page(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep,
				    struct pte_chain **spare)
{
	struct mm_struct *mm = vma->vm_mm;
	pte_t pte = ptep_get(ptep);
	struct page *old = pfn_to_page(pte_pfn(pte)), *copy;

	if (vma->vm_flags & VM_SHARED) {
		set_pte(ptep, pte_mkdirty(pte_mkwrite(pte_mkyoung(pte))));
		flush_one(mm, addr);
		return FAULT_OK;
	}
	/* A swapped-in page only this PTE uses: drop its slot and reuse the page. */
	if (PageSwapCache(old) && page_count(old) == 2)
		try_to_free_swap(old);
	/* The only reference is this PTE's: an anonymous page nobody else can see. */
	if (old != zero_page && !old->mapping && page_count(old) == 1) {
		set_pte(ptep, pte_mkdirty(pte_mkwrite(pte_mkyoung(pte))));
		flush_one(mm, addr);
		fault_events.wp_reuse++;
		return FAULT_OK;
	}
	get_page(old); /* the PTE may change while we allocate: keep the page for the copy */
	copy = fault_alloc_page(mm, GFP_HIGHUSER);
	if (!copy) {
		put_page(old);
		return FAULT_OOM;
	}
	if (ptep_get(ptep).pte != pte.pte) {
		/* Reclaim unmapped it meanwhile: let the access fault again. */
		put_page(copy);
		put_page(old);
		return FAULT_OK;
	}
	lru_cache_add(copy);
	if (old == zero_page)
		clear_highpage(copy);
	else
		copy_highpage(copy, old);
	put_page(old);
	clear_present_pte(mm, ptep);
	flush_one(mm, addr);
	install_pte(vma, addr, ptep, copy, true, true, spare);
	fault_events.cow_faults++;
	mm->faults_cow++;
	return FAULT_OK;
}

/*
 * install_swapped_pte: map a swap cache page (locked, referenced by the
 * caller: that reference becomes the PTE's) where the PTE held its swap
 * entry. The caller drops the PTE's count on the slot. Read-only: the
 * page still has its copy in swap, so it stays clean and cheap to
 * reclaim; a write fault then drops the slot (do_wp_page).
 */
void install_swapped_pte(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep,
			 struct page *page, struct pte_chain **spare)
{
	pte_clear(ptep);
	install_pte(vma, addr, ptep, page, false, false, spare);
	vma->vm_mm->nr_swap_ptes--;
	clear_page_flag(page, PG_readahead); /* mapped: no longer read-ahead's (swapoff too) */
	if (page_lru(page) != LRU_ACTIVE)
		activate_page(page);
	unlock_page(page);
}

/*
 * do_swap_page: the PTE holds a swap entry. The page is in the swap cache
 * (still there after eviction, or read ahead by a neighbour's fault), or
 * it is read in together with the in-use slots around it. A read error
 * is SIGBUS for this process only; the PTE keeps its entry.
 */
static enum fault_result do_swap_page(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep,
				      bool write, bool *major, struct pte_chain **spare)
{
	pte_t orig = ptep_get(ptep);
	swp_entry_t entry = { pte_to_swp_val(orig) };
	struct page *page = lookup_swap_cache(entry);

	unmap_window_open(vma->vm_mm);
	if (!page) {
		swapin_readahead(entry);
		page = read_swap_cache_async(entry);
		*major = true;
		if (!page) {
			unmap_window_close(vma->vm_mm);
			if (ptep_get(ptep).pte != orig.pte)
				return FAULT_OK;
			return swap_count(entry) > 0 ? FAULT_OOM : FAULT_SIGBUS;
		}
	}
	lock_page(page); /* waits for the read */
	unmap_window_close(vma->vm_mm);
	if (ptep_get(ptep).pte != orig.pte || !PageSwapCache(page) || page->index != entry.val) {
		unlock_page(page);
		put_page(page);
		return FAULT_OK; /* somebody else brought it in (or swapoff did) */
	}
	if (!PageUptodate(page)) {
		printk(KERN_ERR "pid %d (%s): swap-in of slot %08lx failed: SIGBUS\n", current->pid,
		       current->name, entry.val);
		/* Leave the cache so the next fault reads again. */
		if (page_count(page) == 2)
			delete_from_swap_cache(page);
		unlock_page(page);
		put_page(page);
		fault_events.sigbus++;
		return FAULT_SIGBUS;
	}
	swapin_readahead_found(page); /* uptodate and about to be mapped: read-ahead's hit */
	install_swapped_pte(vma, addr, ptep, page, spare);
	swap_free(entry);
	(void)write; /* a write faults again and do_wp_page drops the slot */
	return FAULT_OK;
}

static enum fault_result handle_pte_fault(struct vm_area_struct *vma, unsigned long addr,
					  unsigned int flags, bool *major)
{
	bool write = flags & FAULT_WRITE;
	struct pte_chain *spare;
	enum fault_result r;
	pte_t *ptep;
	pte_t pte;

	ptep = pte_alloc(vma->vm_mm, addr);
	if (!ptep)
		return FAULT_OOM;
	pte = ptep_get(ptep);
	/*
	 * A fresh anonymous page is mapped once (PG_direct) and the zero page
	 * is outside the reverse map: that case links no chain block. Every
	 * other one gets a block for whatever it links, before anything
	 * changes; the PTE is read again after, since the allocation may sleep.
	 */
	if (pte_none(pte) && !(vma->vm_ops && vma->vm_ops->nopage)) {
		spare = NULL;
		return do_anonymous_page(vma, addr, ptep, write, &spare);
	}
	spare = fault_chain_alloc(vma->vm_mm);
	if (!spare)
		return FAULT_OOM;
	pte = ptep_get(ptep);
	if (pte_none(pte)) {
		if (vma->vm_ops && vma->vm_ops->nopage)
			r = do_no_page(vma, addr, ptep, write, major, &spare);
		else
			r = do_anonymous_page(vma, addr, ptep, write, &spare);
	} else if (!pte_present(pte)) {
		r = do_swap_page(vma, addr, ptep, write, major, &spare);
	} else if (write && !pte_write(pte)) {
		r = do_wp_page(vma, addr, ptep, &spare);
	} else {
		/* Present and allowed: a stale TLB entry. */
		set_pte(ptep, pte_mkyoung(write ? pte_mkdirty(pte) : pte));
		flush_one(vma->vm_mm, addr);
		r = FAULT_OK;
	}
	pte_chain_free(spare);
	return r;
}

/*
 * Grow a VM_GROWSDOWN vma down to addr: within RLIMIT_STACK and never
 * touching the vma below (a page of gap stays).
 */
static int expand_stack(struct vm_area_struct *vma, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long start = addr & PAGE_MASK;
	u64 limit = current->rlim[RLIMIT_STACK].cur;
	struct vm_area_struct *prev = NULL;

	if (!limit)
		limit = STACK_RLIMIT_DEFAULT;
	if ((u64)(vma->vm_end - start) > limit)
		return -ENOMEM;
	if (vma->vm_list.prev != &mm->mmap)
		prev = list_entry(vma->vm_list.prev, struct vm_area_struct, vm_list);
	if (prev && prev->vm_end + PAGE_SIZE > start)
		return -ENOMEM;
	if (start < MMAP_MIN_ADDR)
		return -ENOMEM;
	mm->total_vm += (vma->vm_start - start) >> PAGE_SHIFT;
	vma->vm_start = start;
	vma->vm_pgoff = 0;
	fault_events.stack_grows++;
	return 0;
}

static bool access_permitted(const struct vm_area_struct *vma, unsigned int flags)
{
	if (flags & FAULT_WRITE)
		return vma->vm_flags & VM_WRITE;
	/* Without NX a readable page is executable; PROT_NONE allows nothing. */
	return vma->vm_flags & (VM_READ | VM_EXEC | VM_WRITE);
}

enum fault_result handle_mm_fault(struct mm_struct *mm, unsigned long addr, unsigned int flags,
				  unsigned long user_sp)
{
	struct vm_area_struct *vma;
	enum fault_result r;
	bool major = false;

	mutex_lock(&mm->mmap_lock);
	vma = find_vma(mm, addr);
	if (!vma) {
		r = FAULT_SEGV_MAPERR;
		goto out;
	}
	if (vma->vm_start > addr) {
		/* Linux 2.4's rule: a user access may reach at most 32 bytes below esp (pusha). */
		if (!(vma->vm_flags & VM_GROWSDOWN) ||
		    ((flags & FAULT_USER) && addr + 32 < user_sp) || expand_stack(vma, addr)) {
			r = FAULT_SEGV_MAPERR;
			goto out;
		}
	}
	if (!access_permitted(vma, flags)) {
		r = FAULT_SEGV_ACCERR;
		goto out;
	}
	r = handle_pte_fault(vma, addr & PAGE_MASK, flags, &major);
out:
	mutex_unlock(&mm->mmap_lock);
	fault_events.pgfault++;
	count_vm_event(PGFAULT);
	if (unlikely(vm_debug) && fault_events.pgfault % VM_CHECK_FAULT_INTERVAL == 0)
		vm_check("debug_vm, every 256 faults", NULL);
	if (r == FAULT_OK) {
		if (major) {
			current->maj_flt++;
			mm->faults_major++;
			fault_events.pgmajfault++;
			count_vm_event(PGMAJFAULT);
		} else {
			current->min_flt++;
			mm->faults_minor++;
		}
	} else if (r == FAULT_SEGV_MAPERR) {
		fault_events.segv_maperr++;
	} else if (r == FAULT_SEGV_ACCERR) {
		fault_events.segv_accerr++;
	}
	return r;
}

int populate_range(struct mm_struct *mm, unsigned long start, unsigned long end, bool write)
{
	for (unsigned long a = start & PAGE_MASK; a < end; a += PAGE_SIZE) {
		enum fault_result r = handle_mm_fault(mm, a, write ? FAULT_WRITE : 0, 0);

		if (r == FAULT_OOM)
			return -ENOMEM;
		if (r != FAULT_OK)
			return -EFAULT;
	}
	return 0;
}

void memory_init(void);
void memory_init(void)
{
	zero_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	BUG_ON(!zero_page);
}

size_t access_remote_read(struct mm_struct *mm, unsigned long addr, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len && addr < USER_TOP) {
		size_t off = addr & ~PAGE_MASK, n = MIN(len - done, (size_t)PAGE_SIZE - off);
		struct page *page;
		u8 *kaddr;

		if (handle_mm_fault(mm, addr, 0, 0) != FAULT_OK)
			break;
		mutex_lock(&mm->mmap_lock);
		page = follow_page(mm, addr);
		mutex_unlock(&mm->mmap_lock);
		if (!page)
			break;
		kaddr = kmap_atomic(page, KM_USER0);
		memcpy((u8 *)buf + done, kaddr + off, n);
		kunmap_atomic(kaddr, KM_USER0);
		put_page(page);
		done += n;
		addr += n;
	}
	return done;
}

int access_remote_u32(struct mm_struct *mm, unsigned long addr, u32 val)
{
	struct page *page;
	u32 *kaddr;

	if ((addr & 3) || addr >= USER_TOP - 4)
		return -EFAULT;
	if (handle_mm_fault(mm, addr, FAULT_WRITE, 0) != FAULT_OK)
		return -EFAULT;
	mutex_lock(&mm->mmap_lock);
	page = follow_page(mm, addr);
	mutex_unlock(&mm->mmap_lock);
	if (!page)
		return -EFAULT;
	kaddr = kmap_atomic(page, KM_USER0);
	kaddr[(addr & ~PAGE_MASK) / 4] = val;
	kunmap_atomic(kaddr, KM_USER0);
	put_page(page);
	return 0;
}
