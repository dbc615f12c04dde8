/*
 * The boot memory map and the early allocator. Owns two small tables of
 * frame ranges: `ram`, the frames the multiboot2 memory map calls available
 * (clipped to 4 GiB, which two-level paging can address, and to `mem=`,
 * which is refused when it would cut off what GRUB loaded for us),
 * and `reserved`, the frames of RAM in use before the buddy allocator
 * exists: frame 0 (BIOS data), the kernel image with its bss, the multiboot
 * information block, the GRUB modules (the ramdisk), and whatever
 * bootmem_alloc() has handed out (kernel page tables, the mem_map).
 * Everything else that is not RAM (reserved, ACPI, holes) is simply absent
 * from `ram` and becomes PG_hole in the mem_map.
 *
 * free_all_bootmem() ends this allocator's life: the free frames go to the
 * buddy allocator and the reserved ones stay PG_reserved for good.
 *
 * Context: boot only, one CPU, interrupts off; no locking.
 */
#include "mm/internal.h"
#include "arch/x86/mmu.h"
#include "boot/multiboot2.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/panic.h"
#include "kernel/string.h"

extern char __kernel_start[], __kernel_end[];

static struct pfn_range ram[BOOTMEM_MAX_RANGES];
static unsigned int nr_ram;
static struct pfn_range reserved[BOOTMEM_MAX_RANGES * 2];
static unsigned int nr_reserved;
static bool bootmem_done;

/* 4 GiB in frames: what a 32-bit physical address can reach. */
#define PFN_4G (1UL << (32 - PAGE_SHIFT))

static void insert_range(struct pfn_range *tab, unsigned int *nr, unsigned int max,
			 unsigned long start, unsigned long end)
{
	unsigned int i, j;

	if (start >= end)
		return;
	/* Sorted insert, then merge overlapping or touching neighbours. */
	for (i = 0; i < *nr && tab[i].start < start; i++)
		;
	if (*nr == max)
		panic("bootmem: more than %u ranges", max);
	for (j = *nr; j > i; j--)
		tab[j] = tab[j - 1];
	tab[i].start = start;
	tab[i].end = end;
	(*nr)++;
	for (i = 0; i + 1 < *nr;) {
		if (tab[i + 1].start <= tab[i].end) {
			tab[i].end = MAX(tab[i].end, tab[i + 1].end);
			for (j = i + 1; j + 1 < *nr; j++)
				tab[j] = tab[j + 1];
			(*nr)--;
		} else {
			i++;
		}
	}
}

/* Reserve the frames covering physical bytes [start, end), if they are RAM. */
static void reserve_phys(u64 start, u64 end, const char *what)
{
	unsigned long s = start >> PAGE_SHIFT;
	unsigned long e = (unsigned long)MIN((end + PAGE_SIZE - 1) >> PAGE_SHIFT, (u64)PFN_4G);

	if (e > max_pfn && s < e)
		pr_warn("bootmem: %s at %#llx..%#llx lies beyond the RAM in use\n", what,
			start, end);
	e = MIN(e, max_pfn);
	insert_range(reserved, &nr_reserved, ARRAY_SIZE(reserved), s, e);
}

static void parse_memory_map(u64 cap)
{
	const struct mb2_tag_mmap *tag = boot_info.mmap;
	const u8 *p, *end;

	if (!tag)
		panic("bootmem: the boot loader gave no memory map");
	p = (const u8 *)tag->entries;
	end = (const u8 *)tag + tag->size;
	for (; p + sizeof(struct mb2_mmap_entry) <= end; p += tag->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)p;
		u64 s = e->addr, t = e->addr + e->len;

		if (e->type != MB2_MEMORY_AVAILABLE)
			continue;
		s = ALIGN_UP(s, (u64)PAGE_SIZE);
		t = MIN(t, cap);
		t = MIN(t, (u64)PFN_4G << PAGE_SHIFT);
		t &= ~(u64)(PAGE_SIZE - 1);
		if (s < t)
			insert_range(ram, &nr_ram, ARRAY_SIZE(ram), s >> PAGE_SHIFT,
				     t >> PAGE_SHIFT);
	}
	if (!nr_ram)
		panic("bootmem: no usable RAM in the memory map");
}

/*
 * The smallest mem= this boot can live with: every byte GRUB put in RAM for
 * us (the kernel image, the boot information, the modules) must stay below
 * the cap, plus BOOTMEM_MIN_ROOM for the mem_map, page tables and the first
 * allocations. Rounded up to a whole MiB, the unit people write.
 */
#define BOOTMEM_MIN_ROOM (2ULL << 20)

static u64 min_mem_cap(void)
{
	u64 end = __pa(__kernel_end);
	unsigned int i;

	end = MAX(end, (u64)boot_info.info_phys + boot_info.info_size);
	for (i = 0; i < boot_info.nr_modules; i++)
		end = MAX(end, (u64)boot_info.modules[i].end);
	return ALIGN_UP(end + BOOTMEM_MIN_ROOM, 1ULL << 20);
}

/* The mem= cap in effect (bytes), 0 when none was given or it was refused. */
static u64 mem_cap;

u64 bootmem_mem_cap(void)
{
	return mem_cap;
}

/*
 * mem=: refused (with a line that says why and what to write instead) when
 * it is no size, does not fit in 64 bits, or is below min_mem_cap(); the
 * boot then goes on with all RAM, which is always the safe choice.
 */
static u64 parse_mem_option(void)
{
	const char *v = cmdline_get("mem");
	u64 cap, min = min_mem_cap();

	if (!v)
		return 0;
	if (cmdline_parse_size(v, &cap) || !cap) {
		pr_warn("bootmem: mem=%s refused: not a size this kernel can use (too large or "
			"malformed; write e.g. mem=64M); using all RAM\n", v);
		return 0;
	}
	if (cap < min) {
		pr_warn("bootmem: mem=%s refused: the kernel, its boot data and the ramdisk need "
			"at least mem=%lluM; using all RAM\n", v, min >> 20);
		return 0;
	}
	return cap;
}

void bootmem_init(void)
{
	unsigned int i;

	mem_cap = parse_mem_option();
	parse_memory_map(mem_cap ? mem_cap : ~0ULL);
	max_pfn = ram[nr_ram - 1].end;
	max_low_pfn = MIN(max_pfn, MAXMEM_PFN);

	reserve_phys(0, PAGE_SIZE, "frame 0");
	reserve_phys(__pa(__kernel_start), __pa(__kernel_end), "the kernel");
	reserve_phys(boot_info.info_phys, (u64)boot_info.info_phys + boot_info.info_size,
		     "the boot information");
	for (i = 0; i < boot_info.nr_modules; i++)
		reserve_phys(boot_info.modules[i].start, boot_info.modules[i].end,
			     boot_info.modules[i].name);
	if (mem_cap)
		pr_info("bootmem: mem=%llu MiB: RAM above it is not used\n", mem_cap >> 20);
}

/* First frame >= from (and < limit) where n free frames fit inside range r, or 0. */
static unsigned long fit_in_range(const struct pfn_range *r, unsigned long from,
				  unsigned long limit, unsigned long n)
{
	unsigned long start = MAX(r->start, from), stop = MIN(r->end, limit);
	unsigned int i;

	if (!start)
		start = 1;
retry:
	if (start + n > stop)
		return 0;
	for (i = 0; i < nr_reserved; i++) {
		if (reserved[i].start < start + n && reserved[i].end > start) {
			start = reserved[i].end;
			goto retry;
		}
	}
	return start;
}

unsigned long bootmem_alloc(unsigned long npages, unsigned long goal_pfn, unsigned long limit_pfn)
{
	unsigned long pass_goal[2] = { goal_pfn, 0 };
	unsigned int pass, i;

	BUG_ON(bootmem_done);
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < nr_ram; i++) {
			unsigned long pfn = fit_in_range(&ram[i], pass_goal[pass], limit_pfn, npages);

			if (pfn) {
				insert_range(reserved, &nr_reserved, ARRAY_SIZE(reserved), pfn,
					     pfn + npages);
				return pfn << PAGE_SHIFT;
			}
		}
	}
	return 0;
}

unsigned long free_all_bootmem(void)
{
	unsigned long total = 0;
	unsigned int i, j;

	BUG_ON(bootmem_done);
	bootmem_done = true;
	for (i = 0; i < nr_ram; i++) {
		unsigned long pos = ram[i].start;

		for (j = 0; j < nr_reserved && pos < ram[i].end; j++) {
			if (reserved[j].end <= pos || reserved[j].start >= ram[i].end)
				continue;
			if (reserved[j].start > pos) {
				free_bootmem_range(pos, reserved[j].start);
				total += reserved[j].start - pos;
			}
			pos = MAX(pos, reserved[j].end);
		}
		if (pos < ram[i].end) {
			free_bootmem_range(pos, ram[i].end);
			total += ram[i].end - pos;
		}
	}
	return total;
}

unsigned int bootmem_ram_ranges(const struct pfn_range **ranges)
{
	*ranges = ram;
	return nr_ram;
}

unsigned long bootmem_reserved_pages(void)
{
	unsigned long n = 0;
	unsigned int i, j;

	for (i = 0; i < nr_reserved; i++)
		for (j = 0; j < nr_ram; j++) {
			unsigned long s = MAX(reserved[i].start, ram[j].start);
			unsigned long e = MIN(reserved[i].end, ram[j].end);

			if (s < e)
				n += e - s;
		}
	return n;
}
