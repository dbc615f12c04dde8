/*
 * The x86 MMU, two-level (non-PAE) paging: the only header that knows the
 * page-directory and page-table entry formats, CR3, CR4's paging bits,
 * invlpg and the 10/10/12 split of a virtual address. Generic code (mm/)
 * handles entries only through the named helpers below and never writes
 * inline assembly or raw bit masks.
 *
 *   virtual address  31........22 21........12 11.........0
 *                    pgd index    pte index    byte offset
 *
 *   PDE / PTE (32 bits)
 *     bit  0  P    present
 *     bit  1  RW   writable
 *     bit  2  US   user accessible
 *     bit  3  PWT  write-through
 *     bit  4  PCD  cache disabled
 *     bit  5  A    accessed ("young"), set by the CPU
 *     bit  6  D    dirty (PTE, or PDE with PS), set by the CPU
 *     bit  7  PS   in a PDE: maps a 4 MiB page (needs CR4.PSE); PAT in a PTE
 *     bit  8  G    global: survives a CR3 load (needs CR4.PGE)
 *     bits 9-11    free for software
 *     bits 12-31   physical frame number (a 4 MiB PDE uses bits 22-31)
 *
 * A not-present entry (P clear) may carry software data in bits 1-31: the
 * swap code will keep swap entries there (not yet defined).
 *
 * Kernel virtual layout (see docs/mm-physical.md):
 *   PAGE_OFFSET .. +896 MiB       direct map of lowmem
 *   KSTACK_AREA_START .. kstack_area_end  kernel stacks (mm/kstack.c): slots
 *                                 of an unmapped guard page then the stack
 *   .. VMALLOC_END                reserved for vmalloc (not built yet)
 *   PKMAP_BASE .. +4 MiB          kmap() slots, one page table
 *   FIXADDR_START .. 4 GiB        fixmap: kmap_atomic() slots, one page table
 */
#ifndef ARCH_X86_MMU_H
#define ARCH_X86_MMU_H

#include "kernel/types.h"
#include "arch/x86/arch.h"

#define PTRS_PER_PGD 1024
#define PTRS_PER_PTE 1024
#define PGDIR_SHIFT 22
#define PGDIR_SIZE (1UL << PGDIR_SHIFT)
#define PGDIR_MASK (~(PGDIR_SIZE - 1))
#define USER_PGD_PTRS (PAGE_OFFSET >> PGDIR_SHIFT) /* 768: pgd slots below the kernel */

/* Entry bits. */
#define _PAGE_PRESENT 0x001
#define _PAGE_RW 0x002
#define _PAGE_USER 0x004
#define _PAGE_PWT 0x008
#define _PAGE_PCD 0x010
#define _PAGE_ACCESSED 0x020
#define _PAGE_DIRTY 0x040
#define _PAGE_PSE 0x080
#define _PAGE_GLOBAL 0x100
#define _PAGE_FLAG_MASK 0xfffU

/* Kernel virtual layout above the direct map. */
#define MAXMEM_PFN (896UL << (20 - PAGE_SHIFT)) /* frames the direct map can hold */
#define VMALLOC_START (PAGE_OFFSET + (896UL << 20) + (8UL << 20))
#define PKMAP_BASE 0xFF800000UL
#define VMALLOC_END (PKMAP_BASE - (8UL << 20))
#define LAST_PKMAP PTRS_PER_PTE
#define PKMAP_ADDR(nr) (PKMAP_BASE + ((unsigned long)(nr) << PAGE_SHIFT))
#define PKMAP_NR(addr) (((unsigned long)(addr) - PKMAP_BASE) >> PAGE_SHIFT)
/*
 * The kernel stacks' area, at the start of the vmalloc range: up to
 * KSTACK_AREA_MAX_TABLES page tables, all made by paging_init (so the
 * kernel's pgd entries never change later), as many as lowmem justifies;
 * kstack_area_end is where the last one ends.
 */
#define KSTACK_AREA_START VMALLOC_START
#define KSTACK_AREA_MAX_TABLES 24
extern unsigned long kstack_area_end;
#define FIXADDR_START 0xFFC00000UL
#define FIXADDR_TOP 0xFFFFF000UL /* the last page stays unmapped */
#define __fix_to_virt(idx) (FIXADDR_TOP - ((unsigned long)(idx) << PAGE_SHIFT))

typedef struct pte { u32 pte; } pte_t;
typedef struct pgd { u32 pgd; } pgd_t;
typedef struct { u32 prot; } pgprot_t;

#define __pgprot(x) ((pgprot_t){ (x) })
#define PAGE_NONE __pgprot(0)
#define PAGE_KERNEL_NOGLOBAL __pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define PAGE_USER_RW __pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)
#define PAGE_USER_RO __pgprot(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
/* A pgd entry pointing at a page table: permissions are decided by the PTEs. */
#define _PAGE_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)
#define _KERNPG_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED)

/* _PAGE_GLOBAL when the CPU has PGE (set by paging_init), else 0. */
extern u32 __supported_pte_global;
#define PAGE_KERNEL __pgprot(PAGE_KERNEL_NOGLOBAL.prot | __supported_pte_global)

/* The kernel page directory every address space shares above PAGE_OFFSET. */
extern pgd_t swapper_pg_dir[PTRS_PER_PGD];

/* ---- address arithmetic ---- */
static inline unsigned int pgd_index(unsigned long addr) { return addr >> PGDIR_SHIFT; }
static inline unsigned int pte_index(unsigned long addr)
{
	return (addr >> PAGE_SHIFT) & (PTRS_PER_PTE - 1);
}
static inline pgd_t *pgd_offset(pgd_t *pgdir, unsigned long addr) { return pgdir + pgd_index(addr); }
static inline pgd_t *pgd_offset_k(unsigned long addr) { return pgd_offset(swapper_pg_dir, addr); }

/* ---- pgd entries ---- */
static inline bool pgd_none(pgd_t g) { return g.pgd == 0; }
static inline bool pgd_present(pgd_t g) { return g.pgd & _PAGE_PRESENT; }
static inline bool pgd_large(pgd_t g) { return (g.pgd & (_PAGE_PRESENT | _PAGE_PSE)) == (_PAGE_PRESENT | _PAGE_PSE); }
static inline unsigned long pgd_table_phys(pgd_t g) { return g.pgd & PAGE_MASK; }
static inline pgd_t mk_pgd_table(unsigned long table_phys, u32 bits)
{
	return (pgd_t){ (u32)(table_phys & PAGE_MASK) | bits };
}
/* A 4 MiB mapping: phys must be 4 MiB aligned; the CPU must have PSE enabled. */
static inline pgd_t mk_pgd_large(unsigned long phys, pgprot_t prot)
{
	return (pgd_t){ (u32)(phys & PGDIR_MASK) | prot.prot | _PAGE_PSE };
}
static inline void set_pgd(pgd_t *pgdp, pgd_t g) { WRITE_ONCE(pgdp->pgd, g.pgd); }
static inline void pgd_clear(pgd_t *pgdp) { WRITE_ONCE(pgdp->pgd, 0); }

/* The PTE for addr inside the (direct-mapped) page table a pgd entry points to. */
static inline pte_t *pte_offset(pgd_t *pgdp, unsigned long addr)
{
	return (pte_t *)__va(pgd_table_phys(*pgdp)) + pte_index(addr);
}

/* ---- pte entries ---- */
static inline pte_t pfn_pte(unsigned long pfn, pgprot_t prot)
{
	return (pte_t){ (u32)(pfn << PAGE_SHIFT) | prot.prot };
}
static inline unsigned long pte_pfn(pte_t p) { return p.pte >> PAGE_SHIFT; }
static inline bool pte_none(pte_t p) { return p.pte == 0; }
static inline bool pte_present(pte_t p) { return p.pte & _PAGE_PRESENT; }
static inline bool pte_write(pte_t p) { return p.pte & _PAGE_RW; }
static inline bool pte_user(pte_t p) { return p.pte & _PAGE_USER; }
static inline bool pte_dirty(pte_t p) { return p.pte & _PAGE_DIRTY; }
static inline bool pte_young(pte_t p) { return p.pte & _PAGE_ACCESSED; }
static inline pte_t pte_mkwrite(pte_t p) { return (pte_t){ p.pte | _PAGE_RW }; }
static inline pte_t pte_wrprotect(pte_t p) { return (pte_t){ p.pte & ~_PAGE_RW }; }
static inline pte_t pte_mkdirty(pte_t p) { return (pte_t){ p.pte | _PAGE_DIRTY }; }
static inline pte_t pte_mkclean(pte_t p) { return (pte_t){ p.pte & ~_PAGE_DIRTY }; }
static inline pte_t pte_mkyoung(pte_t p) { return (pte_t){ p.pte | _PAGE_ACCESSED }; }
/* A present PTE that only the kernel may use (PROT_NONE mappings keep their page this way). */
static inline pte_t pte_mknouser(pte_t p) { return (pte_t){ p.pte & ~_PAGE_USER }; }
static inline pte_t pte_mkuser(pte_t p) { return (pte_t){ p.pte | _PAGE_USER }; }
static inline pte_t pte_mkold(pte_t p) { return (pte_t){ p.pte & ~_PAGE_ACCESSED }; }

/*
 * Swap entries in PTEs. A PTE that is not present but not empty holds a
 * swap entry (mm/swap.h's swp_entry_t value) shifted left by one, so the
 * present bit stays clear: bits 1..31 carry the entry. Generic code never
 * looks at the bits; it converts with these two helpers and tests with
 * pte_is_swap. PROT_NONE pages stay present (user bit off), so they never
 * look like swap entries.
 */
static inline pte_t swp_val_to_pte(unsigned long val) { return (pte_t){ (u32)(val << 1) }; }
static inline unsigned long pte_to_swp_val(pte_t p) { return p.pte >> 1; }
static inline bool pte_is_swap(pte_t p) { return p.pte && !(p.pte & _PAGE_PRESENT); }
#define SWP_VAL_BITS 31 /* a swap entry value must fit in this many bits */

/* The user-address offset a PTE maps within its table's 4 MiB (the low 10+12 bits). */
static inline unsigned long pte_table_offset_addr(const pte_t *ptep)
{
	return (((unsigned long)ptep & (PAGE_SIZE - 1)) / sizeof(pte_t)) << PAGE_SHIFT;
}

static inline pte_t ptep_get(const pte_t *ptep) { return (pte_t){ READ_ONCE(ptep->pte) }; }
static inline void set_pte(pte_t *ptep, pte_t p) { WRITE_ONCE(ptep->pte, p.pte); }
static inline void pte_clear(pte_t *ptep) { WRITE_ONCE(ptep->pte, 0); }

/* Atomic against the CPU setting A/D bits: xchg is locked. */
static inline pte_t ptep_get_and_clear(pte_t *ptep)
{
	u32 old = 0;

	__asm__ __volatile__("xchgl %0, %1" : "+r"(old), "+m"(ptep->pte) : : "memory");
	return (pte_t){ old };
}

static inline bool ptep_test_and_clear_young(pte_t *ptep)
{
	unsigned char was;

	__asm__ __volatile__("lock btrl $5, %1; setc %0"
			     : "=q"(was), "+m"(ptep->pte) : : "memory", "cc");
	return was;
}

static inline bool ptep_test_and_clear_dirty(pte_t *ptep)
{
	unsigned char was;

	__asm__ __volatile__("lock btrl $6, %1; setc %0"
			     : "=q"(was), "+m"(ptep->pte) : : "memory", "cc");
	return was;
}

/* ---- control registers and the TLB ---- */
#define X86_CR4_PSE (1U << 4)
#define X86_CR4_PGE (1U << 7)
#define X86_CR4_SMEP (1U << 20) /* no kernel instruction fetch from a user page */
#define X86_CR4_SMAP (1U << 21) /* no kernel data access to a user page unless EFLAGS.AC */

static inline unsigned long read_cr3(void)
{
	unsigned long v;

	__asm__ __volatile__("movl %%cr3, %0" : "=r"(v));
	return v;
}

static inline void load_cr3(unsigned long pgdir_phys)
{
	__asm__ __volatile__("movl %0, %%cr3" : : "r"(pgdir_phys) : "memory");
}

static inline unsigned long read_cr4(void)
{
	unsigned long v;

	__asm__ __volatile__("movl %%cr4, %0" : "=r"(v));
	return v;
}

static inline void write_cr4(unsigned long v)
{
	__asm__ __volatile__("movl %0, %%cr4" : : "r"(v) : "memory");
}

static inline void cr4_set_bits(unsigned long bits) { write_cr4(read_cr4() | bits); }

/* Drop the one translation for addr (global or not). */
static inline void flush_tlb_page(unsigned long addr)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(addr) : "memory");
}

/* Drop the non-global translations: user mappings after a page-table change. */
static inline void flush_tlb_user(void) { load_cr3(read_cr3()); }

/* Drop every translation, global ones too (toggling CR4.PGE does that). */
static inline void flush_tlb_all(void)
{
	unsigned long cr4 = read_cr4();

	if (cr4 & X86_CR4_PGE) {
		write_cr4(cr4 & ~X86_CR4_PGE);
		write_cr4(cr4);
	} else {
		load_cr3(read_cr3());
	}
}

/* Switch to another address space's page directory (physical address). */
static inline void switch_pgd(unsigned long pgdir_phys) { load_cr3(pgdir_phys); }

/* arch/x86/pgtable.c */
/*
 * paging_init: build swapper_pg_dir mapping lowmem frames [0, max_low_pfn)
 * at PAGE_OFFSET (4 MiB pages when the CPU has PSE), plus the kmap and
 * fixmap page tables, load it and drop the boot identity map. Called once
 * by mm_init, after the boot allocator knows the usable RAM: page tables
 * come from alloc_table(), which must return a zeroed page below 64 MiB
 * (the boot mapping) as a physical address.
 */
void paging_init(unsigned long max_low_pfn, unsigned long (*alloc_table)(void));
/* Turn on SMEP and SMAP when the CPU has them (paging_init calls it). */
void protect_user_pages(void);
/* Set once SMAP is on: the copy helpers of arch/x86/uaccess.c then use stac/clac. */
extern bool smap_enabled;
/* The PTE of a pkmap slot / fixmap index: page tables that always exist. */
pte_t *pkmap_pte(unsigned int nr);
pte_t *fixmap_pte(unsigned int idx);
/* The kernel PTE mapping addr, or NULL (no table, or a 4 MiB mapping). */
pte_t *lookup_kernel_pte(unsigned long addr);

#endif
