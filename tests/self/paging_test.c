/*
 * The kernel page tables and the memory map: the CPU runs on
 * swapper_pg_dir; the identity map of low memory is gone; every lowmem
 * frame is direct-mapped at PAGE_OFFSET; holes are not pfn_valid while RAM
 * is; the kernel image is reserved.
 */
#include "tests/self/mm_test.h"
#include "arch/x86/mmu.h"
#include "kernel/cmdline.h"
#include "boot/multiboot2.h"
#include "drivers/block.h"

extern char __kernel_start[], __kernel_end[];

KTEST(paging, kernel_runs_on_swapper_pg_dir_without_identity_map)
{
	KT_EXPECT_EQ(t, read_cr3(), __pa(swapper_pg_dir));
	for (unsigned int i = 0; i < USER_PGD_PTRS; i++)
		if (!pgd_none(swapper_pg_dir[i])) {
			KT_EXPECT(t, pgd_none(swapper_pg_dir[i]));
			break;
		}
	KT_EXPECT(t, pgd_present(*pgd_offset_k(PAGE_OFFSET)));
	KT_EXPECT(t, pgd_present(*pgd_offset_k(PKMAP_BASE)));
	KT_EXPECT(t, pgd_present(*pgd_offset_k(FIXADDR_START)));
	if (boot_cpu.pse && max_low_pfn >= PTRS_PER_PTE)
		KT_EXPECT(t, pgd_large(*pgd_offset_k(PAGE_OFFSET)));
}

KTEST(paging, every_lowmem_frame_is_direct_mapped)
{
	struct mm_rng rng = { 42 };
	unsigned long checked = 0;

	for (unsigned int i = 0; i < 64; i++) {
		unsigned long pfn = i == 0 ? max_low_pfn - 1 : mm_rng_below(&rng, max_low_pfn);
		unsigned long v = (unsigned long)__va(pfn << PAGE_SHIFT);
		pgd_t *g = pgd_offset_k(v);

		KT_ASSERT(t, pgd_present(*g));
		if (!pgd_large(*g)) {
			pte_t pte = ptep_get(pte_offset(g, v));

			KT_EXPECT(t, pte_present(pte));
			KT_EXPECT_EQ(t, pte_pfn(pte), pfn);
		} else {
			KT_EXPECT_EQ(t, pgd_table_phys(*g) & PGDIR_MASK, (pfn << PAGE_SHIFT) & PGDIR_MASK);
		}
		if (pfn_valid(pfn)) {
			u32 val;

			KT_EXPECT_EQ(t, probe_read_u32((void *)v, &val), 0);
			checked++;
		}
	}
	KT_EXPECT(t, checked > 0);
}

KTEST(paging, holes_are_invalid_and_the_kernel_is_reserved)
{
	unsigned long kpfn = __pa(__kernel_start) >> PAGE_SHIFT;

	/* 0xA0000..0xFFFFF is the VGA/BIOS hole on a PC. */
	KT_EXPECT(t, !pfn_valid(0xA0));
	KT_EXPECT(t, !pfn_valid(0xFF));
	KT_EXPECT(t, pfn_valid(0x100));
	KT_EXPECT(t, !pfn_valid(max_pfn));
	KT_EXPECT(t, pfn_valid(max_pfn - 1));
	KT_EXPECT(t, PageReserved(pfn_to_page(0)));
	for (unsigned long pfn = kpfn; pfn < (__pa(__kernel_end) >> PAGE_SHIFT); pfn++)
		if (!PageReserved(pfn_to_page(pfn))) {
			KT_EXPECT(t, PageReserved(pfn_to_page(pfn)));
			break;
		}
	KT_EXPECT_EQ(t, page_zonenum(pfn_to_page(0x100)), ZONE_DMA);
	if (max_low_pfn > MAX_DMA_PFN)
		KT_EXPECT_EQ(t, page_zonenum(pfn_to_page(MAX_DMA_PFN)), ZONE_NORMAL);
	if (max_pfn > max_low_pfn)
		KT_EXPECT_EQ(t, page_zonenum(pfn_to_page(max_low_pfn)), ZONE_HIGHMEM);
}

KTEST(paging, mem_option_caps_the_ram_used)
{
	u64 cap = bootmem_mem_cap();

	if (!cap) {
		ktest_skip(t, "boot with mem=NNM to check the cap");
		return;
	}
	KT_EXPECT(t, ((u64)max_pfn << PAGE_SHIFT) <= cap);
	KT_EXPECT(t, ((u64)(totalram_pages + bootmem_reserved_pages()) << PAGE_SHIFT) <= cap);
}

/* The end of the highest usable RAM below 4 GiB in the firmware's map, in frames. */
static unsigned long firmware_ram_end_pfn(void)
{
	const struct mb2_tag_mmap *tag = boot_info.mmap;
	unsigned long end = 0;

	for (const u8 *p = (const u8 *)tag->entries; p + tag->entry_size <= (const u8 *)tag + tag->size;
	     p += tag->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)p;
		u64 top = MIN(e->addr + e->len, 1ULL << 32);

		if (e->type == MB2_MEMORY_AVAILABLE && e->addr < top)
			end = MAX(end, (unsigned long)(top >> PAGE_SHIFT));
	}
	return end;
}

/* A mem= that is refused (mem=1M, mem=99999999999G) leaves every frame of RAM in use. */
KTEST(paging, refused_mem_option_leaves_all_ram)
{
	const char *v = cmdline_get("mem");

	if (!v || bootmem_mem_cap()) {
		ktest_skip(t, "boot with a mem= that is refused (mem=1M) to check");
		return;
	}
	KT_EXPECT_EQ(t, max_pfn, firmware_ram_end_pfn());
	for (unsigned int i = 0; i < boot_info.nr_modules; i++)
		if (!strcmp(boot_info.modules[i].name, "ram0"))
			KT_EXPECT(t, block_device_find("ram0") != NULL); /* not cut off */
}
