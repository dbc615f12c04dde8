/*
 * ram0: the ext2 image GRUB loads as the multiboot2 module named "ram0"
 * (grub.cfg: `module2 /boot/rootfs.img ram0`). The module's frames stay
 * reserved (mm/bootmem.c excludes module ranges from usable RAM), and the
 * driver reads and writes them in place, so the image in RAM is the live
 * filesystem.
 *
 * Requests complete synchronously, inside submit: the transfer is one
 * memcpy of at most a page, cheaper than a context switch, so a queue and
 * a worker thread would only add latency and states. The consequence,
 * written in drivers/block.h, is that end_io may run before
 * submit_request() returns.
 *
 * The module is reached through the direct map when it lies wholly in
 * lowmem; otherwise every page is mapped with kmap_atomic (KM_IRQ1, and
 * KM_IRQ0 for a HIGHMEM request page), so submit works in any context.
 * Interrupts are off only while one page is copied.
 */
#include "drivers/block.h"
#include "kernel/init.h"
#include "boot/multiboot2.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/mm.h"

#define RAMDISK_MODULE_NAME "ram0"
/*
 * When GRUB cannot load the image (too little RAM), grub.cfg loads a tiny
 * file instead, named "ram0-missing min_mb=N", N being what the Makefile
 * measured this image needs. Without that hint we quote the documented
 * minimum for the standard image (README).
 */
#define RAMDISK_MISSING_NAME "ram0-missing"
#define RAMDISK_MIN_MB_DEFAULT 8

struct ramdisk {
	struct block_device bdev;
	u32 phys_start;       /* physical address of the image */
	u8 *lowmem;           /* its direct-mapped address, or NULL: kmap per page */
};

static struct ramdisk ram0;

/* Copy len bytes between the request page at `off` and the image at byte `pos`. */
static void ramdisk_copy(struct ramdisk *rd, enum block_dir dir, struct page *page,
			 unsigned int off, u64 pos, unsigned int len)
{
	u8 *mem = kmap_atomic(page, KM_IRQ0);

	while (len) {
		u32 phys = rd->phys_start + (u32)pos;
		unsigned int in_page = PAGE_SIZE - (phys & (PAGE_SIZE - 1));
		unsigned int n = MIN(len, in_page);
		u8 *img, *map = NULL;

		if (rd->lowmem) {
			img = rd->lowmem + pos;
		} else {
			map = kmap_atomic(pfn_to_page(phys >> PAGE_SHIFT), KM_IRQ1);
			img = map + (phys & (PAGE_SIZE - 1));
		}
		if (dir == BLOCK_WRITE)
			memcpy(img, mem + off, n);
		else
			memcpy(mem + off, img, n);
		if (map)
			kunmap_atomic(map, KM_IRQ1);
		off += n;
		pos += n;
		len -= n;
	}
	kunmap_atomic(mem, KM_IRQ0);
}

static void ramdisk_submit(struct block_device *bdev, struct block_request *rq)
{
	struct ramdisk *rd = bdev->driver_data;

	u64 pos = rq->sector << SECTOR_SHIFT;
	u32 i = 0;

	/* Page by page: a request may span a vector of pages (bdev.max_pages). */
	while (i < rq->count) {
		unsigned int off;
		struct page *page = block_rq_sector_page(rq, i, &off);
		u32 n = MIN(rq->count - i, (u32)((PAGE_SIZE - off) >> SECTOR_SHIFT));

		ramdisk_copy(rd, rq->dir, page, off, pos, n << SECTOR_SHIFT);
		pos += n << SECTOR_SHIFT;
		i += n;
	}
	block_request_done(rq, 0);
}

static const struct block_ops ramdisk_ops = {
	.submit = ramdisk_submit,
};

static bool is_missing_marker(const struct boot_module *m)
{
	return !strncmp(m->name, RAMDISK_MISSING_NAME, strlen(RAMDISK_MISSING_NAME));
}

/* The boot module named ram0, or, if none is named so, the only module. */
static const struct boot_module *find_module(void)
{
	unsigned int i;

	for (i = 0; i < boot_info.nr_modules; i++)
		if (!strcmp(boot_info.modules[i].name, RAMDISK_MODULE_NAME))
			return &boot_info.modules[i];
	if (boot_info.nr_modules == 1 && !is_missing_marker(&boot_info.modules[0]))
		return &boot_info.modules[0];
	return NULL;
}

/* The RAM grub.cfg says this image needs (the marker's min_mb=N), or the default. */
static unsigned int missing_min_mb(void)
{
	for (unsigned int i = 0; i < boot_info.nr_modules; i++) {
		const char *p = strstr(boot_info.modules[i].name, "min_mb=");
		unsigned long mb;
		const char *end;

		if (!is_missing_marker(&boot_info.modules[i]) || !p)
			continue;
		mb = simple_strtoul(p + 7, &end, 10);
		if (end != p + 7 && mb > 0 && mb < 65536)
			return mb;
	}
	return RAMDISK_MIN_MB_DEFAULT;
}

/*
 * ramdisk_init: register ram0 over the boot module, if there is one.
 * Returns 0 (no module is not an error: it says so). Boot only, after
 * mm_init.
 */
static int ramdisk_init(void)
{
	const struct boot_module *m = find_module();
	u32 size, end_pfn;

	if (!m) {
		/* One line, said once; the self-tests that need ram0 report SKIP. */
		pr_warn("no ram0 module: GRUB could not load it, give the machine at least %u MiB\n",
			missing_min_mb());
		return 0;
	}
	size = m->end > m->start ? m->end - m->start : 0;
	if (size < SECTOR_SIZE) {
		pr_err("ram0: module %#x-%#x is too small for a disk\n", m->start, m->end);
		return 0;
	}
	if (m->start & (SECTOR_SIZE - 1))
		pr_warn("ram0: module at %#x is not 512-byte aligned (works, but slowly)\n",
			m->start);
	if (size & (SECTOR_SIZE - 1))
		pr_warn("ram0: module size %u is not a multiple of 512; the tail is ignored\n",
			size);
	end_pfn = (m->end + PAGE_SIZE - 1) >> PAGE_SHIFT;
	if (end_pfn > max_pfn) {
		pr_err("ram0: module %#x-%#x lies beyond the memory in use (mem=?); no ramdisk\n",
		       m->start, m->end);
		return 0;
	}
	ram0.phys_start = m->start;
	ram0.lowmem = end_pfn <= max_low_pfn ? __va(m->start) : NULL;
	strlcpy(ram0.bdev.name, "ram0", sizeof(ram0.bdev.name));
	ram0.bdev.nr_sectors = size >> SECTOR_SHIFT;
	ram0.bdev.read_only = false;
	ram0.bdev.ops = &ramdisk_ops;
	ram0.bdev.max_pages = BLOCK_MAX_PAGES;
	ram0.bdev.driver_data = &ram0;
	if (register_block_device(&ram0.bdev))
		return 0;
	pr_info("ram0: %u KiB at phys %#x%s\n", size >> 10, m->start,
		ram0.lowmem ? "" : " (HIGHMEM, mapped per page)");
	return 0;
}
device_initcall(ramdisk_init);
