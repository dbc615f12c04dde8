/*
 * Memory-manager bring-up and the meminfo report. mm_init() runs the boot
 * steps in dependency order; each step lives in the file that owns it:
 *
 *   bootmem_init        mm/bootmem.c     RAM ranges, reservations, max_pfn
 *   paging_init         arch/x86/pgtable.c  direct map, pkmap, fixmap; CR3
 *   mem_map             here, from bootmem (needs the full direct map)
 *   free_area_init      mm/page_alloc.c  struct pages, zones
 *   free_all_bootmem    mm/bootmem.c     free frames -> buddy lists
 *   watermarks, kmap_init, slab_init
 *
 * Context: mm_init is called once from kernel_main with interrupts off and
 * no scheduler; meminfo_print may be called from any thread.
 */
#include "mm/internal.h"
#include "mm/lru.h"
#include "mm/debug.h"
#include "arch/x86/mmu.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/panic.h"
#include "kernel/string.h"

extern char __kernel_start[], __kernel_end[];

/* The boot mapping covers the first 64 MiB; page tables must be reachable through it. */
#define BOOT_MAPPED_PFN (64UL << (20 - PAGE_SHIFT))

unsigned long early_alloc_table(void)
{
	return bootmem_alloc(1, MAX_DMA_PFN, MIN(max_low_pfn, BOOT_MAPPED_PFN));
}

static unsigned long mem_map_pages;

void mm_init(void)
{
	unsigned long phys;

	vm_debug = cmdline_has("debug_vm");
	bootmem_init();
	paging_init(max_low_pfn, early_alloc_table);

	mem_map_pages = ALIGN_UP(max_pfn * sizeof(struct page), PAGE_SIZE) >> PAGE_SHIFT;
	phys = bootmem_alloc(mem_map_pages, MAX_DMA_PFN, max_low_pfn);
	if (!phys)
		panic("mm_init: no room for the mem_map (%lu pages)", mem_map_pages);
	mem_map = __va(phys);
	memset(mem_map, 0, mem_map_pages << PAGE_SHIFT);

	free_area_init();
	lru_init();
	free_all_bootmem();
	setup_zone_watermarks();
	kmap_init();
	slab_init();
	if (!cmdline_has("quiet"))
		meminfo_print();
}

void meminfo_print(void)
{
	const struct pfn_range *ram;
	unsigned int nr = bootmem_ram_ranges(&ram), i;
	unsigned long kpages = (unsigned long)(__kernel_end - __kernel_start) >> PAGE_SHIFT;

	pr_info("meminfo: RAM %lu KiB in %u ranges, max_pfn %#lx, lowmem to pfn %#lx\n",
		totalram_pages << 2, nr, max_pfn, max_low_pfn);
	for (i = 0; i < nr; i++)
		pr_info("  ram %#010lx-%#010lx (%lu KiB)\n", ram[i].start << PAGE_SHIFT,
			(ram[i].end << PAGE_SHIFT) - 1, (ram[i].end - ram[i].start) << 2);
	pr_info("  total %lu KiB (high %lu KiB), free %lu KiB, reserved %lu KiB "
		"(kernel %lu KiB, mem_map %lu KiB)\n",
		(totalram_pages + bootmem_reserved_pages()) << 2, totalhigh_pages << 2,
		nr_free_pages() << 2, bootmem_reserved_pages() << 2, kpages << 2,
		mem_map_pages << 2);
	show_free_areas();
	slab_print_stats();
	pr_info("  events: alloc %lu free %lu fail %lu (atomic %lu) low-watermark %lu "
		"reclaim calls %lu bad pages %lu\n",
		vm_events.pgalloc, vm_events.pgfree, vm_events.alloc_fail,
		vm_events.alloc_fail_atomic, vm_events.kswapd_wakeups, vm_events.reclaim_calls,
		vm_events.bad_pages);
}
