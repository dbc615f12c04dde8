/*
 * Swap areas and their slots. LEAD'S INTERIM VERSION: the swap helper's
 * mm/swapfile.c (header checks, priorities, swapon/swapoff) replaces this
 * file at merge; the interface (mm/swap.h) is the same.
 *
 * Locking: swap_lock (a spinlock) guards every area's swap_map and the
 * counters. Nothing under it sleeps.
 */
#include "mm/swap.h"
#include "mm/mm.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/init.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"

#define SWAPFILE_CLUSTER 256
#define SWAP_MAP_MAX 0x7fff
#define SWAP_MAP_BAD 0x8000

struct swap_area {
	struct block_device *bdev;
	unsigned short *swap_map;
	unsigned long max;          /* offsets [1, max) are slots */
	unsigned long inuse;
	unsigned long cluster_next, cluster_nr;
	bool on;
};

static struct swap_area areas[MAX_SWAPFILES];
static unsigned int nr_areas;
static DEFINE_SPINLOCK(swap_lock);
unsigned long nr_swap_pages, total_swap_pages;

static struct swap_area *area_of(swp_entry_t e)
{
	unsigned int t = swp_type(e);

	if (t >= nr_areas || !areas[t].on || !swp_offset(e) || swp_offset(e) >= areas[t].max)
		return NULL;
	return &areas[t];
}

static unsigned long scan_area(struct swap_area *a)
{
	if (a->cluster_nr && a->cluster_next < a->max && !a->swap_map[a->cluster_next]) {
		a->cluster_nr--;
		return a->cluster_next++;
	}
	for (unsigned long off = 1; off < a->max; off++) {
		if (!a->swap_map[off]) {
			a->cluster_next = off + 1;
			a->cluster_nr = SWAPFILE_CLUSTER - 1;
			return off;
		}
	}
	return 0;
}

swp_entry_t get_swap_page(void)
{
	swp_entry_t e = { 0 };

	spin_lock(&swap_lock);
	for (unsigned int t = 0; t < nr_areas && !e.val; t++) {
		struct swap_area *a = &areas[t];
		unsigned long off;

		if (!a->on || a->inuse + 1 >= a->max)
			continue;
		off = scan_area(a);
		if (!off)
			continue;
		a->swap_map[off] = 1;
		a->inuse++;
		nr_swap_pages--;
		e = swp_entry(t, off);
	}
	spin_unlock(&swap_lock);
	return e;
}

int swap_duplicate(swp_entry_t e)
{
	struct swap_area *a;
	int err = -EINVAL;

	spin_lock(&swap_lock);
	a = area_of(e);
	if (a) {
		unsigned short *c = &a->swap_map[swp_offset(e)];

		if ((*c & ~SWAP_MAP_BAD) && (*c & ~SWAP_MAP_BAD) < SWAP_MAP_MAX) {
			(*c)++;
			err = 0;
		}
	}
	spin_unlock(&swap_lock);
	return err;
}

void swap_free(swp_entry_t e)
{
	struct swap_area *a;

	spin_lock(&swap_lock);
	a = area_of(e);
	if (a && (a->swap_map[swp_offset(e)] & ~SWAP_MAP_BAD)) {
		unsigned short *c = &a->swap_map[swp_offset(e)];

		(*c)--;
		if (*c == 0) {
			a->inuse--;
			nr_swap_pages++;
		}
		spin_unlock(&swap_lock);
		return;
	}
	spin_unlock(&swap_lock);
	printk(KERN_ERR "swap_free: bad swap entry %08lx\n", e.val);
}

int swap_count(swp_entry_t e)
{
	struct swap_area *a;
	int n = -EINVAL;

	spin_lock(&swap_lock);
	a = area_of(e);
	if (a)
		n = a->swap_map[swp_offset(e)] & ~SWAP_MAP_BAD;
	spin_unlock(&swap_lock);
	return n;
}

void swap_mark_bad(swp_entry_t e)
{
	struct swap_area *a;

	spin_lock(&swap_lock);
	a = area_of(e);
	if (a && !(a->swap_map[swp_offset(e)] & SWAP_MAP_BAD)) {
		a->swap_map[swp_offset(e)] |= SWAP_MAP_BAD;
		/* Never free again: it leaves the usable slots for good. */
		a->inuse++;
		if (total_swap_pages)
			total_swap_pages--;
	}
	spin_unlock(&swap_lock);
}

unsigned int valid_swaphandles(swp_entry_t e, unsigned long *start)
{
	struct swap_area *a;
	unsigned long off = swp_offset(e), base = off & ~7UL, n = 0;

	spin_lock(&swap_lock);
	a = area_of(e);
	if (a) {
		if (!base)
			base = 1;
		*start = base;
		while (base + n < a->max && base + n < (off & ~7UL) + 8 &&
		       (a->swap_map[base + n] & ~SWAP_MAP_BAD) && !(a->swap_map[base + n] & SWAP_MAP_BAD))
			n++;
	}
	spin_unlock(&swap_lock);
	return (unsigned int)n;
}

int swap_entry_location(swp_entry_t e, struct block_device **bdev, u64 *sector)
{
	struct swap_area *a = area_of(e);

	if (!a)
		return -EINVAL;
	*bdev = a->bdev;
	*sector = (u64)swp_offset(e) * (PAGE_SIZE / SECTOR_SIZE);
	return 0;
}

unsigned long swap_area_max(unsigned int type)
{
	return type < nr_areas ? areas[type].max : 0;
}

unsigned long swap_area_inuse(unsigned int type)
{
	return type < nr_areas ? areas[type].inuse : 0;
}

static int swap_boot_enable(void)
{
	struct block_device *b;

	if (cmdline_has("noswap"))
		return 0;
	block_device_for_each(b) {
		u32 pages;
		struct swap_area *a;

		if (!strcmp(b->name, "ram0") || nr_areas >= MAX_SWAPFILES)
			continue;
		pages = block_swap_pages(b);
		if (!pages || pages > b->nr_sectors / 8)
			continue;
		a = &areas[nr_areas];
		a->swap_map = kzalloc(pages * sizeof(unsigned short), GFP_KERNEL);
		if (!a->swap_map)
			continue;
		a->bdev = b;
		a->max = pages;
		a->on = true;
		nr_areas++;
		nr_swap_pages += pages - 1;
		total_swap_pages += pages - 1;
		pr_info("Adding %luk swap on /dev/%s.  Priority:%d extents:1 across:%luk\n",
			(unsigned long)(pages - 1) * 4, b->name, -1 - (int)nr_areas,
			(unsigned long)(pages - 1) * 4);
	}
	return 0;
}
late_initcall(swap_boot_enable);
