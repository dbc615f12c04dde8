/*
 * The kernel page tables. Owns swapper_pg_dir, the page directory the
 * kernel runs on and whose upper quarter (slots 768..1023) every address
 * space will share, the two page tables behind kmap() (pkmap) and
 * kmap_atomic() (fixmap), and those of the kernel stacks' area
 * (mm/kstack.c maps and unmaps the stacks' pages in them).
 *
 * paging_init() runs once at boot, interrupts off, before the page
 * allocator exists: it maps all of lowmem at PAGE_OFFSET, with 4 MiB pages
 * (PSE) where the CPU has them and 4 KiB page tables otherwise, marks the
 * kernel mappings global when the CPU has PGE, and pre-allocates every
 * page table the kernel half will ever use, so a kernel pgd entry never
 * changes after boot (a user page directory can copy them once). Then it
 * loads CR3 and the boot identity mapping of low memory is gone.
 */
#include "arch/x86/mmu.h"
#include "kernel/printk.h"
#include "kernel/panic.h"
#include "kernel/string.h"

pgd_t swapper_pg_dir[PTRS_PER_PGD] __aligned(PAGE_SIZE);
u32 __supported_pte_global;
unsigned long kstack_area_end = KSTACK_AREA_START;

static pte_t *pkmap_table;  /* PTEs of PKMAP_BASE .. +4 MiB */
static pte_t *fixmap_table; /* PTEs of FIXADDR_START .. 4 GiB */

static pte_t *new_table(unsigned long (*alloc_table)(void), pgd_t *pgdp)
{
	unsigned long phys = alloc_table();

	if (!phys || phys >= (64UL << 20) || (phys & ~PAGE_MASK))
		panic("paging_init: no page for a page table (got %#lx)", phys);
	memset(__va(phys), 0, PAGE_SIZE);
	set_pgd(pgdp, mk_pgd_table(phys, _KERNPG_TABLE));
	return (pte_t *)__va(phys);
}

void paging_init(unsigned long max_low_pfn, unsigned long (*alloc_table)(void))
{
	unsigned long pfn = 0;
	bool pse = boot_cpu.pse;

	if (boot_cpu.pge) {
		cr4_set_bits(X86_CR4_PGE);
		__supported_pte_global = _PAGE_GLOBAL;
	}
	if (pse)
		cr4_set_bits(X86_CR4_PSE);

	memset(swapper_pg_dir, 0, sizeof(swapper_pg_dir));
	while (pfn < max_low_pfn) {
		unsigned long vaddr = PAGE_OFFSET + (pfn << PAGE_SHIFT);
		pgd_t *pgdp = pgd_offset_k(vaddr);
		pte_t *pt;
		unsigned int i;

		if (pse && pfn + PTRS_PER_PTE <= max_low_pfn) {
			set_pgd(pgdp, mk_pgd_large(pfn << PAGE_SHIFT, PAGE_KERNEL));
			pfn += PTRS_PER_PTE;
			continue;
		}
		pt = new_table(alloc_table, pgdp);
		for (i = 0; i < PTRS_PER_PTE && pfn < max_low_pfn; i++, pfn++)
			set_pte(&pt[i], pfn_pte(pfn, PAGE_KERNEL));
	}

	pkmap_table = new_table(alloc_table, pgd_offset_k(PKMAP_BASE));
	fixmap_table = new_table(alloc_table, pgd_offset_k(FIXADDR_START));
	/* Stack tables: one per 2 MiB of lowmem (8 MiB: 4), at least 2, at most the maximum. */
	for (unsigned long n = MAX(MIN(max_low_pfn >> 9, (unsigned long)KSTACK_AREA_MAX_TABLES), 2UL);
	     n; n--, kstack_area_end += PGDIR_SIZE)
		new_table(alloc_table, pgd_offset_k(kstack_area_end));

	load_cr3(__pa(swapper_pg_dir));
	flush_tlb_all();
	pr_info("paging: kernel stacks' area %08lx-%08lx (%lu page tables)\n", KSTACK_AREA_START,
		kstack_area_end, (kstack_area_end - KSTACK_AREA_START) >> PGDIR_SHIFT);
	pr_info("paging: lowmem %lu MiB direct-mapped with %s pages%s\n",
		max_low_pfn >> (20 - PAGE_SHIFT), pse ? "4 MiB" : "4 KiB",
		boot_cpu.pge ? ", global" : "");
	protect_user_pages();
}

/*
 * SMEP and SMAP, when the CPU has them (QEMU -cpu max; not qemu32): from
 * here on a kernel jump into a user page, or a kernel load or store to one
 * outside the copy helpers of arch/x86/uaccess.c (which alone set
 * EFLAGS.AC with stac, and only while smap_enabled), faults and is
 * reported as an oops. Turned on once the kernel runs on swapper_pg_dir,
 * whose kernel mappings carry no user bit.
 */
void protect_user_pages(void)
{
	if (boot_cpu.smep)
		cr4_set_bits(X86_CR4_SMEP);
	if (boot_cpu.smap) {
		cr4_set_bits(X86_CR4_SMAP);
		smap_enabled = true;
	}
	pr_info("paging: SMEP %s, SMAP %s\n", boot_cpu.smep ? "on" : "absent",
		boot_cpu.smap ? "on" : "absent");
}

pte_t *pkmap_pte(unsigned int nr)
{
	BUG_ON(nr >= LAST_PKMAP);
	return &pkmap_table[nr];
}

pte_t *fixmap_pte(unsigned int idx)
{
	unsigned long vaddr = __fix_to_virt(idx);

	BUG_ON(vaddr < FIXADDR_START || idx == 0);
	return &fixmap_table[pte_index(vaddr)];
}

pte_t *lookup_kernel_pte(unsigned long addr)
{
	pgd_t *pgdp = pgd_offset_k(addr);

	if (!pgd_present(*pgdp) || pgd_large(*pgdp))
		return NULL;
	return pte_offset(pgdp, addr);
}
