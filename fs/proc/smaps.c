/*
 * /proc/<pid>/smaps: each vma's maps line followed by what its pages
 * cost, in Linux 6.1's format (busybox pmap reads it): resident size,
 * proportional size (each page's 4 KiB divided by how many PTEs map it,
 * which the reverse map knows exactly), shared / private and clean /
 * dirty, referenced, anonymous, swapped and the proportional share of
 * the swap slots, locked. Figures are in kB.
 *
 * A page counts as shared when more than one PTE maps it (its pte chain
 * has more than one entry), dirty when its PTE or the page itself is. The
 * zero page is not counted at all (Linux's vm_normal_page skips it too).
 * A swapped-out page's slot is shared by the PTEs that name it; the swap
 * cache's own reference on the slot is not a mapping and is left out.
 *
 * Locking: called by proc_show_vmas with the mm's mmap_lock held, so the
 * page tables cannot be freed under the walk; pte chains are read with
 * their own lock inside page_mapcount. Generated at open like the other
 * text files.
 */
#include "fs/proc/internal.h"
#include "mm/lru.h"
#include "mm/mm.h"
#include "mm/pagemap.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "mm/vm.h"
#include "arch/x86/mmu.h"

/* Proportional figures carry this many fraction bits of a byte, as Linux. */
#define PSS_SHIFT 12

struct smaps_figures {
	unsigned long resident, shared_clean, shared_dirty, private_clean, private_dirty;
	unsigned long referenced, anonymous, swap;
	u64 pss, pss_dirty, pss_locked, swap_pss; /* bytes << PSS_SHIFT */
};

static void account_page(struct smaps_figures *f, struct page *page, pte_t pte, bool locked,
			 bool shmem)
{
	unsigned int maps = page_mapcount(page);
	bool dirty = pte_dirty(pte) || PageDirty(page);
	u64 share;

	if (!maps)
		return; /* the zero page */
	share = ((u64)PAGE_SIZE << PSS_SHIFT) / maps;
	f->resident += PAGE_SIZE;
	f->pss += share;
	if (dirty)
		f->pss_dirty += share;
	if (maps > 1)
		*(dirty ? &f->shared_dirty : &f->shared_clean) += PAGE_SIZE;
	else
		*(dirty ? &f->private_dirty : &f->private_clean) += PAGE_SIZE;
	if (pte_young(pte) || PageReferenced(page))
		f->referenced += PAGE_SIZE;
	if (PageAnon(page) && !shmem) /* shared anonymous memory is shmem to Linux, not anon */
		f->anonymous += PAGE_SIZE;
	if (locked)
		f->pss_locked += share;
}

/* References to a slot from page tables and shmem objects: the cache's one left out. */
static unsigned int slot_mappings(swp_entry_t e)
{
	int n = swap_count(e);
	struct page *cached;

	if (n <= 0)
		return 0;
	cached = find_get_page(&swapper_space, e.val);
	if (cached) {
		n--;
		put_page(cached);
	}
	return n > 0 ? n : 1;
}

static void account_swap(struct smaps_figures *f, pte_t pte)
{
	unsigned int maps = slot_mappings((swp_entry_t){ pte_to_swp_val(pte) });

	f->swap += PAGE_SIZE;
	if (maps)
		f->swap_pss += ((u64)PAGE_SIZE << PSS_SHIFT) / maps;
}

static void count_vma(struct smaps_figures *f, struct vm_area_struct *vma)
{
	bool locked = vma->vm_flags & VM_LOCKED;
	bool shmem = !vma->vm_file && (vma->vm_flags & VM_MAYSHARE);
	pte_t *ptep;

	for (unsigned long addr = vma->vm_start;
	     (ptep = pte_walk_next(vma->vm_mm, &addr, vma->vm_end)); addr += PAGE_SIZE) {
		pte_t pte = ptep_get(ptep);

		if (pte_present(pte) && pfn_valid(pte_pfn(pte)))
			account_page(f, pfn_to_page(pte_pfn(pte)), pte, locked, shmem);
		else if (pte_is_swap(pte))
			account_swap(f, pte);
	}
}

static void show_kb(struct proc_buf *b, const char *name, unsigned long bytes)
{
	proc_printf(b, "%-16s%8lu kB\n", name, bytes >> 10);
}

/* The two-letter names Linux prints for the vma flags, in its (bit) order. */
static void show_vm_flags(struct proc_buf *b, const struct vm_area_struct *vma)
{
	static const struct { unsigned long flag; char name[3]; } names[] = {
		{ VM_READ, "rd" },     { VM_WRITE, "wr" },      { VM_EXEC, "ex" },
		{ VM_SHARED, "sh" },   { VM_MAYREAD, "mr" },    { VM_MAYWRITE, "mw" },
		{ VM_MAYEXEC, "me" },  { VM_MAYSHARE, "ms" },   { VM_GROWSDOWN, "gd" },
		{ VM_LOCKED, "lo" },   { VM_SEQ_READ, "sr" },   { VM_RAND_READ, "rr" },
		{ VM_ACCOUNT, "ac" },  { VM_NORESERVE, "nr" },
	};
	unsigned long fl = vma->vm_flags;

	proc_printf(b, "VmFlags: ");
	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++) {
		if (fl & names[i].flag)
			proc_printf(b, "%s ", names[i].name);
	}
	proc_printf(b, "\n");
}

void proc_smaps_vma(struct proc_buf *b, struct vm_area_struct *vma)
{
	struct smaps_figures f = { 0 };

	count_vma(&f, vma);
	show_kb(b, "Size:", vma->vm_end - vma->vm_start);
	show_kb(b, "KernelPageSize:", PAGE_SIZE);
	show_kb(b, "MMUPageSize:", PAGE_SIZE);
	show_kb(b, "Rss:", f.resident);
	show_kb(b, "Pss:", (unsigned long)(f.pss >> PSS_SHIFT));
	show_kb(b, "Pss_Dirty:", (unsigned long)(f.pss_dirty >> PSS_SHIFT));
	show_kb(b, "Shared_Clean:", f.shared_clean);
	show_kb(b, "Shared_Dirty:", f.shared_dirty);
	show_kb(b, "Private_Clean:", f.private_clean);
	show_kb(b, "Private_Dirty:", f.private_dirty);
	show_kb(b, "Referenced:", f.referenced);
	show_kb(b, "Anonymous:", f.anonymous);
	show_kb(b, "LazyFree:", 0);
	show_kb(b, "AnonHugePages:", 0);
	show_kb(b, "ShmemPmdMapped:", 0);
	show_kb(b, "FilePmdMapped:", 0);
	show_kb(b, "Shared_Hugetlb:", 0);
	show_kb(b, "Private_Hugetlb:", 0);
	show_kb(b, "Swap:", f.swap);
	show_kb(b, "SwapPss:", (unsigned long)(f.swap_pss >> PSS_SHIFT));
	show_kb(b, "Locked:", (unsigned long)(f.pss_locked >> PSS_SHIFT));
	proc_printf(b, "THPeligible:    0\n");
	show_vm_flags(b, vma);
}
