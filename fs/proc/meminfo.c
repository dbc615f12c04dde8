/*
 * /proc's memory files: meminfo, vmstat and buddyinfo, in Linux's
 * formats, from the allocator's, the LRU lists', the page cache's, the
 * swap code's and the reverse map's own counters. Each is a snapshot
 * taken at open: the counters are read without a common lock, so two
 * lines may differ by the pages that moved while the text was made.
 *
 * meminfo's lines are Linux's names in Linux's order (a subset), then
 * this kernel's own: InactiveDirty and InactiveClean (the 2.4 split of
 * the inactive list) and PteChains (memory in reverse-map chain blocks).
 */
#include "fs/proc/internal.h"
#include "fs/buffer.h"
#include "arch/x86/arch.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/internal.h"
#include "mm/lru.h"
#include "mm/mm.h"
#include "mm/pagemap.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "mm/vm.h"
#include "mm/vmstat.h"

static void show_kb(struct proc_buf *b, const char *name, unsigned long pages)
{
	char label[20];

	snprintf(label, sizeof(label), "%s:", name);
	proc_printf(b, "%-16s%8lu kB\n", label, pages << (PAGE_SHIFT - 10));
}

/* Pages of files mapped into some process (counted once per mapping process). */
static unsigned long mapped_file_pages(void)
{
	unsigned long flags = arch_irq_save(), n = 0;
	struct mm_struct *mm;

	list_for_each_entry(mm, &all_mms, mmlist)
		n += mm->rss_file;
	arch_irq_restore(flags);
	return n;
}

int proc_meminfo_show(struct proc_buf *b)
{
	struct lru_counts c;
	struct pagecache_stats pc;
	unsigned long free = nr_free_pages(), swapcache = swapper_space.nrpages;
	unsigned long inactive, cached;

	lru_counts(&c);
	pagecache_stats(&pc);
	inactive = c.inactive_dirty + c.inactive_clean;
	cached = pc.nr_pages > swapcache ? pc.nr_pages - swapcache : 0;
	show_kb(b, "MemTotal", totalram_pages);
	show_kb(b, "MemFree", free);
	/* What could be had without swapping: free plus the clean inactive pages. */
	show_kb(b, "MemAvailable", MIN(totalram_pages, free + c.inactive_clean));
	/* Metadata buffers are slab memory here (counted in Slab), not block-device pages. */
	show_kb(b, "Buffers", 0);
	show_kb(b, "Cached", cached);
	show_kb(b, "SwapCached", swapcache);
	show_kb(b, "Active", c.active);
	show_kb(b, "Inactive", inactive);
	show_kb(b, "Active(anon)", c.active_anon);
	show_kb(b, "Inactive(anon)", c.inactive_anon);
	show_kb(b, "Active(file)", c.active - c.active_anon);
	show_kb(b, "Inactive(file)", inactive - c.inactive_anon);
	show_kb(b, "HighTotal", totalhigh_pages);
	show_kb(b, "HighFree", nr_free_highpages());
	show_kb(b, "LowTotal", totalram_pages - totalhigh_pages);
	show_kb(b, "LowFree", free - nr_free_highpages());
	show_kb(b, "SwapTotal", total_swap_pages);
	show_kb(b, "SwapFree", nr_swap_pages);
	show_kb(b, "Dirty", pc.nr_dirty);
	show_kb(b, "Writeback", pc.nr_writeback);
	show_kb(b, "AnonPages", c.active_anon + c.inactive_anon);
	show_kb(b, "Mapped", mapped_file_pages());
	show_kb(b, "Shmem", pc.nr_shmem);
	show_kb(b, "Slab", slab_total_pages());
	/* No cache is marked reclaimable (drop_caches empties only what is unused). busybox free
	 * wants the line to take MemAvailable. */
	show_kb(b, "SReclaimable", 0);
	show_kb(b, "SUnreclaim", slab_total_pages());
	show_kb(b, "PageTables", nr_user_pgtables());
	show_kb(b, "InactiveDirty", c.inactive_dirty);
	show_kb(b, "InactiveClean", c.inactive_clean);
	proc_printf(b, "%-16s%8lu kB\n", "PteChains:",
		    rmap_stats.chain_blocks * sizeof(struct pte_chain) / 1024);
	return 0;
}

int proc_vmstat_show(struct proc_buf *b)
{
	size_t cap = 2 * PAGE_SIZE;

	for (;;) {
		char *t = kmalloc(cap, GFP_KERNEL);
		size_t n;

		if (!t)
			return -ENOMEM;
		n = vmstat_text(t, cap);
		if (n + 1 < cap) {
			proc_write(b, t, n);
			kfree(t);
			return 0;
		}
		kfree(t);
		cap *= 2;
	}
}

/* "Node 0, zone      DMA      1      0 ..." : free blocks of each order. */
int proc_buddyinfo_show(struct proc_buf *b)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		unsigned long counts[MAX_ORDER];

		if (!zone_table[z].present_pages)
			continue;
		zone_free_snapshot(&zone_table[z], counts);
		proc_printf(b, "Node 0, zone %8s ", zone_table[z].name);
		for (int o = 0; o < MAX_ORDER; o++)
			proc_printf(b, "%6lu ", counts[o]);
		proc_printf(b, "\n");
	}
	return 0;
}
