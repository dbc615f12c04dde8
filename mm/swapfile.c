/*
 * Swap areas and their slots: the area table (swap_info), each area's
 * swap_map of per-slot reference counts, slot allocation in clusters,
 * reading Linux's swap header, swapon/swapoff (the system calls and the
 * boot-time enabling of every disk mkswap made). docs/swap.md describes
 * the on-disk format and the allocation policy.
 *
 * Locking:
 *   swapon_mutex   serialises swapon and swapoff (they read headers and
 *                  call try_to_unuse, so they sleep); held around the
 *                  whole of each, outermost.
 *   swap_lock      a spinlock (interrupts off) over the area table, every
 *                  swap_map, the priority order, nr_swap_pages and
 *                  total_swap_pages. Innermost: nothing is called with it
 *                  held that sleeps, allocates, does I/O or takes another
 *                  lock, so every slot operation may run in any context.
 * Order: swapon_mutex -> swap_lock.
 *
 * Area life cycle: a type is free (flags 0); swapon builds the area
 * outside the table and installs it under swap_lock with SWP_USED |
 * SWP_WRITEOK; swapoff clears SWP_WRITEOK (no new slots, the free ones no
 * longer counted), calls try_to_unuse and then either frees the type or,
 * when that failed, sets SWP_WRITEOK again. Slot counts may change while
 * SWP_USED is set, with or without SWP_WRITEOK.
 *
 * A slot's swap_map value: 0 free; 1..SWAP_MAP_MAX references; SWAP_MAP_BAD
 * never usable (the header page, the header's bad pages); SWAP_MAP_BAD |
 * count a slot marked bad while in use, which becomes SWAP_MAP_BAD at its
 * last swap_free.
 */
#include "mm/swap.h"
#include "mm/mm.h"
#include "drivers/block.h"
#include "fs/vfs.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/init.h"
#include "kernel/mutex.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"

#define SWP_USED 0x01     /* the type is taken: the area exists */
#define SWP_WRITEOK 0x02  /* slots may be handed out (not being switched off) */

#define SWAP_MAP_BAD 0x8000
#define SWAP_MAP_COUNT 0x7fff /* the reference count bits */
#define SWAP_MAP_MAX 0x7fff   /* a count that reaches this sticks */

struct swap_info_struct {
	unsigned int flags;           /* SWP_USED, SWP_WRITEOK */
	int prio;                     /* higher is used first */
	struct block_device *bdev;
	char name[24];                /* "/dev/hdc" */
	unsigned short *swap_map;     /* max entries */
	unsigned int map_order;       /* swap_map is 2^map_order pages */
	unsigned long lowest_bit;     /* no free slot below this */
	unsigned long highest_bit;    /* no free slot above this */
	unsigned long cluster_next;   /* next slot of the current cluster */
	unsigned long cluster_nr;     /* slots left in the current cluster */
	unsigned long pages;          /* usable slots (not bad) */
	unsigned long inuse_pages;    /* usable slots in use */
	unsigned long nr_bad;         /* bad slots besides the header */
	unsigned long max;            /* slots, header and bad ones included */
};

static struct swap_info_struct swap_info[MAX_SWAPFILES];
/* Enabled types, highest priority first; equal priorities in enabling order. */
static int swap_order[MAX_SWAPFILES];
static int nr_swap_order;
/* Among the areas of equal priority, the type to try first (round robin). */
static int swap_rr_next = -1;
/* Default priorities go -2, -3, ... as Linux's least_priority does. */
static int least_priority = -1;

static DEFINE_SPINLOCK(swap_lock);
static struct mutex swapon_mutex;   /* set up by swapfile_init (subsys_initcall) */

unsigned long nr_swap_pages;
unsigned long total_swap_pages;
int page_cluster = 4; /* read-ahead windows of up to 16 slots: one request (BLOCK_MAX_PAGES) */

/* ------------------------------------------------ slot allocation -- */

/* The area of an entry whose type is in use, or NULL. swap_lock held. */
static struct swap_info_struct *entry_area(swp_entry_t e)
{
	unsigned int type = swp_type(e);
	struct swap_info_struct *si;

	if (type >= MAX_SWAPFILES)
		return NULL;
	si = &swap_info[type];
	if (!(si->flags & SWP_USED) || !swp_offset(e) || swp_offset(e) >= si->max)
		return NULL;
	return si;
}

static void take_slot(struct swap_info_struct *si, unsigned long off)
{
	si->swap_map[off] = 1;
	si->inuse_pages++;
	nr_swap_pages--;
	if (off == si->lowest_bit)
		si->lowest_bit++;
	if (off == si->highest_bit)
		si->highest_bit--;
	if (si->inuse_pages == si->pages) {
		si->lowest_bit = si->max;
		si->highest_bit = 0;
	}
	si->cluster_next = off + 1;
}

/* The first offset >= from starting SWAPFILE_CLUSTER free slots, or 0. */
static unsigned long find_free_cluster(struct swap_info_struct *si, unsigned long from)
{
	unsigned long off = from, n;

	while (off + SWAPFILE_CLUSTER - 1 <= si->highest_bit) {
		for (n = 0; n < SWAPFILE_CLUSTER && !si->swap_map[off + n]; n++)
			;
		if (n == SWAPFILE_CLUSTER)
			return off;
		off += n + 1;   /* the run cannot start at or before the used slot */
	}
	return 0;
}

/*
 * One free slot of si, or 0. The current cluster is used up in order
 * first; then a fresh run of SWAPFILE_CLUSTER free slots is searched from
 * lowest_bit; failing that, the first free slot starts a shorter cluster.
 */
static unsigned long scan_swap_map(struct swap_info_struct *si)
{
	unsigned long off;

	if (si->inuse_pages >= si->pages)
		return 0;
	while (si->cluster_nr && si->cluster_next <= si->highest_bit) {
		off = si->cluster_next++;
		if (!si->swap_map[off]) {
			si->cluster_nr--;
			take_slot(si, off);
			return off;
		}
	}
	off = find_free_cluster(si, si->lowest_bit);
	if (!off) {
		for (off = si->lowest_bit; off <= si->highest_bit && si->swap_map[off]; off++)
			;
		if (off > si->highest_bit)
			return 0;   /* lowest/highest_bit were stale: cannot happen */
	}
	si->cluster_nr = SWAPFILE_CLUSTER - 1;
	take_slot(si, off);
	return off;
}

swp_entry_t get_swap_page(void)
{
	swp_entry_t e = { 0 };
	int i = 0;

	spin_lock(&swap_lock);
	while (nr_swap_pages && i < nr_swap_order) {
		int prio = swap_info[swap_order[i]].prio, n = 0, start = 0, k;

		while (i + n < nr_swap_order && swap_info[swap_order[i + n]].prio == prio)
			n++;
		for (k = 0; k < n; k++)
			if (swap_order[i + k] == swap_rr_next)
				start = k;
		for (k = 0; k < n; k++) {
			int type = swap_order[i + (start + k) % n];
			struct swap_info_struct *si = &swap_info[type];
			unsigned long off;

			if (!(si->flags & SWP_WRITEOK))
				continue;
			off = scan_swap_map(si);
			if (off) {
				swap_rr_next = swap_order[i + (start + k + 1) % n];
				e = swp_entry(type, off);
				goto out;
			}
		}
		i += n;
	}
out:
	spin_unlock(&swap_lock);
	return e;
}

/* A slot of an area whose count is 0 again: free it, unless it went bad. */
static void release_slot(struct swap_info_struct *si, unsigned long off)
{
	if (si->swap_map[off] & SWAP_MAP_BAD)
		return;   /* marked bad while in use: stays out of use */
	si->inuse_pages--;
	if (off < si->lowest_bit)
		si->lowest_bit = off;
	if (off > si->highest_bit)
		si->highest_bit = off;
	if (si->flags & SWP_WRITEOK)
		nr_swap_pages++;
}

int swap_duplicate(swp_entry_t e)
{
	struct swap_info_struct *si;
	int ret = -EINVAL;
	bool stuck = false;

	spin_lock(&swap_lock);
	si = entry_area(e);
	if (si) {
		unsigned short *m = &si->swap_map[swp_offset(e)];
		unsigned int count = *m & SWAP_MAP_COUNT;

		if (count) {
			if (count < SWAP_MAP_MAX) {
				(*m)++;
				stuck = count + 1 == SWAP_MAP_MAX;
			}
			ret = 0;
		}
	}
	spin_unlock(&swap_lock);
	if (stuck)
		pr_warn("swap_duplicate: entry %08lx reached %u references; it is never freed now\n",
			e.val, SWAP_MAP_MAX);
	return ret;
}

void swap_free(swp_entry_t e)
{
	struct swap_info_struct *si;
	bool bad = true;

	spin_lock(&swap_lock);
	si = entry_area(e);
	if (si) {
		unsigned long off = swp_offset(e);
		unsigned int count = si->swap_map[off] & SWAP_MAP_COUNT;

		if (count) {
			bad = false;
			if (count < SWAP_MAP_MAX) {
				si->swap_map[off]--;
				if (count == 1)
					release_slot(si, off);
			}
		}
	}
	spin_unlock(&swap_lock);
	if (bad)
		pr_err("swap_free: bad swap entry %08lx\n", e.val);
}

int swap_count(swp_entry_t e)
{
	struct swap_info_struct *si;
	int ret = -EINVAL;

	spin_lock(&swap_lock);
	si = entry_area(e);
	if (si && si->swap_map[swp_offset(e)] != SWAP_MAP_BAD)
		ret = si->swap_map[swp_offset(e)] & SWAP_MAP_COUNT;
	spin_unlock(&swap_lock);
	return ret;
}

void swap_mark_bad(swp_entry_t e)
{
	struct swap_info_struct *si;

	spin_lock(&swap_lock);
	si = entry_area(e);
	if (si && !(si->swap_map[swp_offset(e)] & SWAP_MAP_BAD)) {
		unsigned short *m = &si->swap_map[swp_offset(e)];

		if (*m) {
			si->inuse_pages--;     /* in use still, but no longer a usable slot */
		} else if (si->flags & SWP_WRITEOK) {
			nr_swap_pages--;
		}
		*m |= SWAP_MAP_BAD;
		si->pages--;
		si->nr_bad++;
		if (si->flags & SWP_WRITEOK)
			total_swap_pages--;
	}
	spin_unlock(&swap_lock);
}

unsigned int valid_swaphandles(swp_entry_t e, unsigned int window, unsigned long *start)
{
	unsigned long off = swp_offset(e), lo, hi, win;
	struct swap_info_struct *si;
	unsigned int n = 0;

	*start = off;
	spin_lock(&swap_lock);
	si = entry_area(e);
	if (si && (si->swap_map[off] & SWAP_MAP_COUNT)) {
		win = off & ~(unsigned long)(window - 1);
		lo = off;
		while (lo > win && lo > 1 && (si->swap_map[lo - 1] & SWAP_MAP_COUNT))
			lo--;
		hi = off;
		while (hi + 1 < win + window && hi + 1 < si->max &&
		       (si->swap_map[hi + 1] & SWAP_MAP_COUNT))
			hi++;
		*start = lo;
		n = hi - lo + 1;
	}
	spin_unlock(&swap_lock);
	return n;
}

bool swap_entry_writable(swp_entry_t e)
{
	unsigned int type = swp_type(e);

	return type < MAX_SWAPFILES && (READ_ONCE(swap_info[type].flags) & SWP_WRITEOK);
}

unsigned long swap_next_used(unsigned int type, unsigned long from)
{
	struct swap_info_struct *si;
	unsigned long off, found = 0;

	if (type >= MAX_SWAPFILES)
		return 0;
	spin_lock(&swap_lock);
	si = &swap_info[type];
	if (si->flags & SWP_USED) {
		for (off = from ? from : 1; off < si->max; off++) {
			if (si->swap_map[off] & SWAP_MAP_COUNT) {
				found = off;
				break;
			}
		}
	}
	spin_unlock(&swap_lock);
	return found;
}

int swap_entry_location(swp_entry_t e, struct block_device **bdev, u64 *sector)
{
	struct swap_info_struct *si;
	int ret = -EINVAL;

	spin_lock(&swap_lock);
	si = entry_area(e);
	if (si && si->swap_map[swp_offset(e)] != SWAP_MAP_BAD) {
		*bdev = si->bdev;
		*sector = (u64)swp_offset(e) << (PAGE_SHIFT - SECTOR_SHIFT);
		ret = 0;
	}
	spin_unlock(&swap_lock);
	return ret;
}

int swap_areas_snapshot(struct swap_area_info *out, int max)
{
	int i, n = 0;

	spin_lock(&swap_lock);
	for (i = 0; i < nr_swap_order && n < max; i++) {
		struct swap_info_struct *si = &swap_info[swap_order[i]];
		struct swap_area_info *a = &out[n++];

		memcpy(a->name, si->name, sizeof(a->name));
		a->type = "partition";
		a->size_kib = si->pages << (PAGE_SHIFT - 10);
		a->used_kib = si->inuse_pages << (PAGE_SHIFT - 10);
		a->prio = si->prio;
		a->swap_type = swap_order[i];
		a->pages = si->pages;
		a->inuse_pages = si->inuse_pages;
		a->max = si->max;
		a->nr_bad = si->nr_bad;
		a->bdev = si->bdev;
	}
	spin_unlock(&swap_lock);
	return n;
}

/* ---------------------------------------------------- the header -- */
/*
 * Linux's swap header, version 1 (mkswap), in the area's first page:
 *   offset  size  field
 *   0       1024  boot bits (disk label), ignored
 *   1024    4     version (1)
 *   1028    4     last_page: the last usable slot
 *   1032    4     nr_badpages
 *   1036    16    uuid, 1052 16 volume label, 1068 468 padding
 *   1536    4*n   badpages[nr_badpages]: slot numbers
 *   4086    10    "SWAPSPACE2" (version 0 had "SWAP-SPACE" and a bitmap)
 * All little-endian; a header written on a big-endian machine has its
 * fields byte-swapped, which is accepted as Linux does.
 */
#define SWAP_HDR_VERSION 1024
#define SWAP_HDR_LAST_PAGE 1028
#define SWAP_HDR_NR_BADPAGES 1032
#define SWAP_HDR_BADPAGES 1536
#define SWAP_HDR_MAGIC (PAGE_SIZE - 10)
#define MAX_SWAP_BADPAGES ((SWAP_HDR_MAGIC - SWAP_HDR_BADPAGES) / 4)

/* The smallest order of pages holding `bytes`. */
static unsigned int pages_order(unsigned long bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

static u32 hdr_u32(const u8 *hdr, unsigned int at, bool swapped)
{
	u32 v;

	memcpy(&v, hdr + at, 4);
	return swapped ? __builtin_bswap32(v) : v;
}

/*
 * Check the header and fill in si->max, the bad slots of si->swap_map
 * (allocated here) and the counters. On a refusal prints one line naming
 * the device and why, and returns -EINVAL (-ENOMEM without memory).
 */
static int read_swap_header(struct swap_info_struct *si, const u8 *hdr, u64 dev_pages)
{
	const char *who = si->bdev->name;
	unsigned long maxpages, i;
	u32 version, last_page, nr_bad;
	bool swapped;

	if (!memcmp(hdr + SWAP_HDR_MAGIC, "SWAP-SPACE", 10)) {
		pr_err("swapon: %s: old version 0 swap area (\"SWAP-SPACE\"); run mkswap again\n", who);
		return -EINVAL;
	}
	if (memcmp(hdr + SWAP_HDR_MAGIC, "SWAPSPACE2", 10)) {
		pr_err("swapon: %s: Unable to find swap-space signature\n", who);
		return -EINVAL;
	}
	version = hdr_u32(hdr, SWAP_HDR_VERSION, false);
	swapped = version != 1 && __builtin_bswap32(version) == 1;
	if (swapped)
		version = 1;
	if (version != 1) {
		pr_err("swapon: %s: Unable to handle swap header version %u\n", who, version);
		return -EINVAL;
	}
	last_page = hdr_u32(hdr, SWAP_HDR_LAST_PAGE, swapped);
	nr_bad = hdr_u32(hdr, SWAP_HDR_NR_BADPAGES, swapped);
	if (!last_page) {
		pr_err("swapon: %s: Empty swap-file (last_page 0)\n", who);
		return -EINVAL;
	}
	maxpages = SWP_OFFSET_LIMIT;
	if (last_page >= maxpages)
		pr_warn("swapon: %s: Truncating oversized swap area, only using %luk out of %luk\n",
			who, (maxpages - 1) << (PAGE_SHIFT - 10), (unsigned long)last_page << (PAGE_SHIFT - 10));
	else
		maxpages = (unsigned long)last_page + 1;
	if (maxpages > dev_pages) {
		pr_err("swapon: %s: Swap area shorter than signature indicates "
		       "(last_page %u, the device has %llu pages)\n", who, last_page, dev_pages);
		return -EINVAL;
	}
	if (nr_bad > MAX_SWAP_BADPAGES) {
		pr_err("swapon: %s: %u bad pages listed in the swap header, at most %u fit\n",
		       who, nr_bad, (unsigned int)MAX_SWAP_BADPAGES);
		return -EINVAL;
	}
	si->max = maxpages;
	si->map_order = pages_order(maxpages * sizeof(unsigned short));
	si->swap_map = (unsigned short *)__get_free_pages(GFP_KERNEL | __GFP_ZERO, si->map_order);
	if (!si->swap_map) {
		pr_err("swapon: %s: no memory for the map of %lu slots\n", who, maxpages);
		return -ENOMEM;
	}
	si->swap_map[0] = SWAP_MAP_BAD;
	for (i = 0; i < nr_bad; i++) {
		u32 bad = hdr_u32(hdr, SWAP_HDR_BADPAGES + 4 * i, swapped);

		if (bad == 0 || bad > last_page) {
			pr_err("swapon: %s: bad page %u in the swap header is outside the area "
			       "(1..%u)\n", who, bad, last_page);
			free_pages((unsigned long)si->swap_map, si->map_order);
			si->swap_map = NULL;
			return -EINVAL;
		}
		if (bad < maxpages && si->swap_map[bad] != SWAP_MAP_BAD) {
			si->swap_map[bad] = SWAP_MAP_BAD;
			si->nr_bad++;
		}
	}
	si->pages = maxpages - 1 - si->nr_bad;
	if (!si->pages) {
		pr_err("swapon: %s: Empty swap-file (every page is bad)\n", who);
		free_pages((unsigned long)si->swap_map, si->map_order);
		si->swap_map = NULL;
		return -EINVAL;
	}
	si->lowest_bit = 1;
	si->highest_bit = maxpages - 1;
	si->cluster_next = 1;
	si->cluster_nr = 0;
	si->inuse_pages = 0;
	return 0;
}

/* --------------------------------------------------- swapon/swapoff -- */

static int swapfile_init(void)
{
	mutex_init(&swapon_mutex);
	return 0;
}
subsys_initcall(swapfile_init);

static void swapon_lock(void)
{
	mutex_lock(&swapon_mutex);
}

/* Put an enabled type into swap_order by priority (after equals). swap_lock held. */
static void insert_swap_order(int type)
{
	int i = nr_swap_order, prio = swap_info[type].prio;

	while (i > 0 && swap_info[swap_order[i - 1]].prio < prio) {
		swap_order[i] = swap_order[i - 1];
		i--;
	}
	swap_order[i] = type;
	nr_swap_order++;
}

static void remove_swap_order(int type)
{
	int i, j = 0;

	for (i = 0; i < nr_swap_order; i++)
		if (swap_order[i] != type)
			swap_order[j++] = swap_order[i];
	nr_swap_order = j;
	if (swap_rr_next == type)
		swap_rr_next = -1;
}

/* Make si's slots available (again). swap_lock held. */
static void enable_area(int type)
{
	struct swap_info_struct *si = &swap_info[type];

	si->flags |= SWP_USED | SWP_WRITEOK;
	nr_swap_pages += si->pages - si->inuse_pages;
	total_swap_pages += si->pages;
	insert_swap_order(type);
}

int swapon_bdev(struct block_device *bdev, const char *name, int swap_flags)
{
	struct swap_info_struct area = { 0 }, *si;
	u8 *hdr;
	int type, err;

	if (swap_flags & ~SWAP_FLAGS_VALID)
		return -EINVAL;
	swapon_lock();
	for (type = 0; type < MAX_SWAPFILES; type++)
		if ((swap_info[type].flags & SWP_USED) && swap_info[type].bdev == bdev) {
			err = -EBUSY;
			goto out;
		}
	for (type = 0; type < MAX_SWAPFILES && swap_info[type].flags; type++)
		;
	err = -EPERM;   /* Linux's answer when every type is taken */
	if (type == MAX_SWAPFILES)
		goto out;
	err = -EROFS;
	if (bdev->read_only)
		goto out;
	err = -EINVAL;
	if (bdev->nr_sectors < PAGE_SIZE / SECTOR_SIZE) {
		pr_err("swapon: %s: Unable to find swap-space signature\n", bdev->name);
		goto out;
	}
	err = -ENOMEM;
	hdr = (u8 *)__get_free_page(GFP_KERNEL);
	if (!hdr)
		goto out;
	err = block_rw_buf(bdev, BLOCK_READ, 0, PAGE_SIZE / SECTOR_SIZE, hdr);
	area.bdev = bdev;
	if (!err)
		err = read_swap_header(&area, hdr, bdev->nr_sectors >> (PAGE_SHIFT - SECTOR_SHIFT));
	free_page((unsigned long)hdr);
	if (err)
		goto out;
	area.prio = (swap_flags & SWAP_FLAG_PREFER) ? (swap_flags & SWAP_FLAG_PRIO_MASK)
						    : --least_priority;
	snprintf(area.name, sizeof(area.name), "%s", name);
	spin_lock(&swap_lock);
	si = &swap_info[type];
	*si = area;
	enable_area(type);
	spin_unlock(&swap_lock);
	pr_info("Adding %luk swap on %s.  Priority:%d extents:1 across:%luk\n",
		area.pages << (PAGE_SHIFT - 10), area.name, area.prio,
		area.pages << (PAGE_SHIFT - 10));
	err = 0;
out:
	mutex_unlock(&swapon_mutex);
	return err;
}

int swapoff_bdev(struct block_device *bdev)
{
	struct swap_info_struct *si = NULL;
	unsigned short *map;
	int type, err, i;

	swapon_lock();
	spin_lock(&swap_lock);
	for (type = 0; type < MAX_SWAPFILES; type++) {
		if ((swap_info[type].flags & SWP_WRITEOK) && swap_info[type].bdev == bdev) {
			si = &swap_info[type];
			break;
		}
	}
	if (!si) {
		spin_unlock(&swap_lock);
		mutex_unlock(&swapon_mutex);
		return -EINVAL;
	}
	/* No new slots from here on; the free ones stop counting. */
	si->flags &= ~SWP_WRITEOK;
	remove_swap_order(type);
	nr_swap_pages -= si->pages - si->inuse_pages;
	total_swap_pages -= si->pages;
	spin_unlock(&swap_lock);

	err = try_to_unuse(type);

	spin_lock(&swap_lock);
	if (err) {
		enable_area(type);   /* everything as it was */
		spin_unlock(&swap_lock);
		mutex_unlock(&swapon_mutex);
		return err;
	}
	/* Linux 6.1: the default priorities below this one move up by one. */
	if (si->prio < 0) {
		for (i = 0; i < nr_swap_order; i++)
			if (swap_info[swap_order[i]].prio < si->prio)
				swap_info[swap_order[i]].prio++;
		least_priority++;
	}
	map = si->swap_map;
	si->swap_map = NULL;
	si->flags = 0;
	spin_unlock(&swap_lock);
	free_pages((unsigned long)map, si->map_order);
	mutex_unlock(&swapon_mutex);
	return 0;
}

/*
 * What a path that is no block device gets from swapon/swapoff: Linux
 * opens it O_RDWR first (a directory: -EISDIR) and then finds no swap
 * header it can use in a regular or special file (-EINVAL).
 */
static int not_a_block_device(const char *kpath)
{
	struct inode *inode = lookup_at(AT_FDCWD, kpath, LOOKUP_FOLLOW);
	int err = -EINVAL;

	if (IS_ERR(inode))
		return PTR_ERR(inode);
	if (S_ISDIR(inode->i_mode))
		err = -EISDIR;
	iput(inode);
	return err;
}

static struct block_device *swap_path_bdev(const char *kpath)
{
	struct block_device *bdev = lookup_bdev(kpath);

	if (IS_ERR(bdev) && PTR_ERR(bdev) == -ENOTBLK)
		return ERR_PTR(not_a_block_device(kpath));
	return bdev;
}

int swapon_path(const char *kpath, int swap_flags)
{
	struct block_device *bdev;
	char name[24];

	if (swap_flags & ~SWAP_FLAGS_VALID)
		return -EINVAL;
	bdev = swap_path_bdev(kpath);
	if (IS_ERR(bdev))
		return PTR_ERR(bdev);
	snprintf(name, sizeof(name), "/dev/%s", bdev->name);
	return swapon_bdev(bdev, name, swap_flags);
}

int swapoff_path(const char *kpath)
{
	struct block_device *bdev = swap_path_bdev(kpath);

	if (IS_ERR(bdev))
		return PTR_ERR(bdev);
	return swapoff_bdev(bdev);
}

/* Linux checks the flags before it looks at the path (no uids here: all root). */
long sys_swapon(const char __user *path, int swap_flags)
{
	char *name;
	long err;

	if (swap_flags & ~SWAP_FLAGS_VALID)
		return -EINVAL;
	name = getname(path);
	if (IS_ERR(name))
		return PTR_ERR(name);
	err = swapon_path(name, swap_flags);
	putname(name);
	return err;
}

long sys_swapoff(const char __user *path)
{
	char *name = getname(path);
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = swapoff_path(name);
	putname(name);
	return err;
}

/*
 * Boot: every disk whose first page ends with a swap signature (current
 * or version 0, so that an old area is refused aloud) becomes an area,
 * in registration order (hda..hdd), with the default priorities.
 */
static bool has_any_swap_magic(struct block_device *bdev)
{
	u8 *hdr;
	bool yes;

	if (bdev->nr_sectors < PAGE_SIZE / SECTOR_SIZE)
		return false;
	hdr = (u8 *)__get_free_page(GFP_KERNEL);
	if (!hdr)
		return false;
	yes = !block_rw_buf(bdev, BLOCK_READ, 0, PAGE_SIZE / SECTOR_SIZE, hdr) &&
	      (!memcmp(hdr + SWAP_HDR_MAGIC, "SWAPSPACE2", 10) ||
	       !memcmp(hdr + SWAP_HDR_MAGIC, "SWAP-SPACE", 10));
	free_page((unsigned long)hdr);
	return yes;
}

static int swap_setup_boot(void)
{
	struct block_device *bdev;
	char name[24];

	if (cmdline_has("noswap")) {
		pr_info("swap: noswap on the command line: no swap area enabled\n");
		return 0;
	}
	block_device_for_each(bdev) {
		if (!strcmp(bdev->name, "ram0") || !has_any_swap_magic(bdev))
			continue;
		snprintf(name, sizeof(name), "/dev/%s", bdev->name);
		swapon_bdev(bdev, name, 0);
	}
	return 0;
}
late_initcall(swap_setup_boot);

/* ----------------------------------------------- temporary parts -- */

#ifndef HAVE_LOOKUP_BDEV
/*
 * TEMPORARY, until fs/ has device nodes (and defines HAVE_LOOKUP_BDEV with
 * the real lookup_bdev): the VFS decides whether the path exists; as no
 * file can be a block device yet, "/dev/NAME" that the VFS does not know
 * is taken to mean the registered device NAME.
 */
struct block_device *lookup_bdev(const char *kpath)
{
	struct inode *inode = lookup_at(AT_FDCWD, kpath, LOOKUP_FOLLOW);
	struct block_device *bdev;

	if (!IS_ERR(inode)) {
		iput(inode);
		return ERR_PTR(-ENOTBLK);
	}
	if (PTR_ERR(inode) == -ENOENT && !strncmp(kpath, "/dev/", 5) && !strchr(kpath + 5, '/')) {
		bdev = block_device_find(kpath + 5);
		if (bdev)
			return bdev;
	}
	return (struct block_device *)inode;
}
#endif

