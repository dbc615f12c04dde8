/*
 * Swap areas, slots and swap I/O (suite `swap`): the disks mkswap made are
 * enabled at boot with Linux's default priorities; slots come in clusters
 * of consecutive offsets; counts follow swap_duplicate / swap_free; bad
 * entries are refused without harm; the header's bad pages and slots
 * marked bad are never handed out; priorities (and round robin among
 * equals) decide the area; pages with distinct patterns survive a round
 * trip through rw_swap_page, HIGHMEM too; swapon/swapoff give Linux's
 * errors. Every test leaves nr_swap_pages and total_swap_pages as it found
 * them.
 *
 * tests/block_disks.py attaches two swap disks: hdc (priority -2) whose
 * header lists the bad pages HEADER_BAD_PAGES below, and hdd (-3). The
 * suite is skipped when no area is enabled (the plain `ktest` run).
 * The round trip leaves its pages on disk in the slots it logs
 * ("swap_roundtrip: hdc slots A-B"), which the host checks afterwards.
 */
#include "kernel/ktest.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/mm.h"
#include "mm/pagemap.h"
#include "mm/swap.h"

KTEST_SUITE_NEEDS(swap, "swap");

/* The bad pages tests/block_disks.py writes into hdc's header (keep in step). */
static const unsigned long HEADER_BAD_PAGES[] = { 5, 6, 300, 1000 };
#define NR_HEADER_BAD (sizeof(HEADER_BAD_PAGES) / sizeof(HEADER_BAD_PAGES[0]))

/* The byte tests/block_disks.py expects at byte i of swap slot `slot`. */
static u8 slot_pattern(unsigned long slot, unsigned int i)
{
	return (u8)(slot * 37 + i * 11 + (i >> 8) * 3);
}

static struct swap_area_info areas[MAX_SWAPFILES];

static int snapshot(void)
{
	return swap_areas_snapshot(areas, MAX_SWAPFILES);
}

struct swap_baseline {
	unsigned long free, total;
};

static struct swap_baseline baseline(void)
{
	struct swap_baseline b = { nr_swap_pages, total_swap_pages };

	return b;
}

#define KT_EXPECT_BASELINE(t, b)                                   \
	do {                                                       \
		KT_EXPECT_EQ(t, nr_swap_pages, (b).free);          \
		KT_EXPECT_EQ(t, total_swap_pages, (b).total);      \
	} while (0)

/* The enabled area whose header listed bad pages (hdc), or NULL. */
static struct swap_area_info *bad_page_area(void)
{
	int i, n = snapshot();

	for (i = 0; i < n; i++)
		if (areas[i].nr_bad == NR_HEADER_BAD)
			return &areas[i];
	return NULL;
}

/*
 * Switch every area off and on again, in priority order with default
 * priorities: fresh cluster state, bad marks forgotten, priorities -2, -3
 * ... as at boot. Only when no slot is in use.
 */
static bool reenable_all_areas(struct ktest *t)
{
	struct block_device *bdev[MAX_SWAPFILES];
	char name[MAX_SWAPFILES][24];
	int i, n = snapshot();

	for (i = 0; i < n; i++) {
		bdev[i] = areas[i].bdev;
		memcpy(name[i], areas[i].name, sizeof(name[i]));
	}
	for (i = n - 1; i >= 0; i--)
		if (!KT_EXPECT_EQ(t, swapoff_bdev(bdev[i]), 0))
			return false;
	KT_EXPECT_EQ(t, nr_swap_pages, 0);
	KT_EXPECT_EQ(t, total_swap_pages, 0);
	for (i = 0; i < n; i++)
		if (!KT_EXPECT_EQ(t, swapon_bdev(bdev[i], name[i], 0), 0))
			return false;
	return true;
}

KTEST(swap, boot_enabled_every_mkswap_disk_with_default_priorities)
{
	unsigned long free = 0, total = 0;
	int i, n = snapshot();

	KT_ASSERT(t, n >= 1);
	for (i = 0; i < n; i++) {
		struct swap_area_info *a = &areas[i];

		ktest_log("%s: %lu KiB, used %lu KiB, priority %d, %lu bad", a->name,
			  a->size_kib, a->used_kib, a->prio, a->nr_bad);
		KT_EXPECT_EQ(t, a->prio, -2 - i);
		KT_EXPECT(t, !strncmp(a->name, "/dev/hd", 7));
		KT_EXPECT_STREQ(t, a->type, "partition");
		KT_EXPECT_EQ(t, a->max, block_swap_pages(a->bdev));
		KT_EXPECT_EQ(t, a->pages, a->max - 1 - a->nr_bad);
		KT_EXPECT_EQ(t, a->size_kib, a->pages * 4);
		free += a->pages - a->inuse_pages;
		total += a->pages;
	}
	KT_EXPECT_EQ(t, nr_swap_pages, free);
	KT_EXPECT_EQ(t, total_swap_pages, total);
}

KTEST(swap, slots_are_handed_out_in_clusters)
{
	struct swap_baseline b = baseline();
	swp_entry_t first[SWAPFILE_CLUSTER], e;
	struct swap_area_info *a;
	unsigned long run = 0, len = 0, off;
	unsigned int i;

	KT_ASSERT(t, reenable_all_areas(t));
	snapshot();
	a = &areas[0];
	KT_ASSERT(t, a->pages >= 2 * SWAPFILE_CLUSTER + 2);
	/* The first allocation starts the first run of SWAPFILE_CLUSTER free slots. */
	for (off = 1; off < a->max && len < SWAPFILE_CLUSTER; off++) {
		if (swap_count(swp_entry(a->swap_type, off)) == 0) {
			if (!len++)
				run = off;
		} else {
			len = 0;
		}
	}
	KT_ASSERT_EQ(t, len, SWAPFILE_CLUSTER);
	for (i = 0; i < SWAPFILE_CLUSTER; i++) {
		first[i] = get_swap_page();
		KT_EXPECT_EQ(t, swp_type(first[i]), a->swap_type);
		KT_EXPECT_EQ(t, swp_offset(first[i]), run + i);
		KT_EXPECT_EQ(t, swap_count(first[i]), 1);
	}
	ktest_log("%s: first cluster at slot %lu", a->name, run);
	KT_EXPECT_EQ(t, nr_swap_pages, b.free - SWAPFILE_CLUSTER);
	/* The next one begins a new run of free slots, after the first. */
	e = get_swap_page();
	KT_EXPECT(t, swp_offset(e) >= run + SWAPFILE_CLUSTER);
	for (off = swp_offset(e); off < swp_offset(e) + SWAPFILE_CLUSTER; off++)
		KT_EXPECT(t, off == swp_offset(e) || swap_count(swp_entry(a->swap_type, off)) == 0);
	/* Freed, the first run is found again by the next cluster search. */
	for (i = 0; i < SWAPFILE_CLUSTER; i++)
		swap_free(first[i]);
	swap_free(e);
	KT_EXPECT_BASELINE(t, b);
	KT_ASSERT(t, reenable_all_areas(t));
	e = get_swap_page();
	KT_EXPECT_EQ(t, swp_offset(e), run);
	swap_free(e);
	KT_EXPECT_BASELINE(t, b);
}

KTEST(swap, header_bad_pages_are_never_handed_out)
{
	struct swap_baseline b = baseline();
	struct swap_area_info *a = bad_page_area();
	unsigned long n = 0, from_bad_area = 0, i, max_total = 0;
	swp_entry_t *all;
	int k, nareas;
	bool lower_seen = false;

	if (!a) {
		ktest_skip(t, "no area with the bad pages of tests/block_disks.py");
		return;
	}
	for (i = 0; i < NR_HEADER_BAD; i++)
		KT_EXPECT_EQ(t, swap_count(swp_entry(a->swap_type, HEADER_BAD_PAGES[i])), -EINVAL);
	KT_EXPECT_EQ(t, swap_count(swp_entry(a->swap_type, 0)), -EINVAL);
	nareas = snapshot();
	for (k = 0; k < nareas; k++)
		max_total += areas[k].pages;
	all = kmalloc(max_total * sizeof(*all), GFP_KERNEL);
	KT_ASSERT(t, all);
	/* Drain every area: highest priority first, never a bad slot, never twice. */
	for (;;) {
		swp_entry_t e = get_swap_page();

		if (!e.val)
			break;
		if (!KT_EXPECT(t, n < max_total))
			break;
		all[n++] = e;
		KT_EXPECT(t, swp_offset(e) != 0);
		if (swp_type(e) == areas[0].swap_type) {
			KT_EXPECT(t, !lower_seen);
		} else {
			lower_seen = true;
		}
		if (swp_type(e) == a->swap_type) {
			from_bad_area++;
			for (i = 0; i < NR_HEADER_BAD; i++)
				KT_EXPECT_NE(t, swp_offset(e), HEADER_BAD_PAGES[i]);
		}
	}
	KT_EXPECT_EQ(t, n, b.free);
	KT_EXPECT_EQ(t, nr_swap_pages, 0);
	KT_EXPECT_EQ(t, from_bad_area, a->pages - a->inuse_pages);
	KT_EXPECT_EQ(t, get_swap_page().val, 0);
	/* Every slot handed out once: each has count 1 now. */
	for (i = 0; i < n; i++)
		KT_EXPECT_EQ(t, swap_count(all[i]), 1);
	for (i = 0; i < n; i++)
		swap_free(all[i]);
	for (i = 0; i < n; i++)
		if (!KT_EXPECT_EQ(t, swap_count(all[i]), 0))
			break;
	kfree(all);
	KT_EXPECT_BASELINE(t, b);
}

KTEST(swap, counts_follow_duplicate_and_free)
{
	struct swap_baseline b = baseline();
	swp_entry_t e = get_swap_page();

	KT_ASSERT(t, e.val);
	KT_EXPECT_EQ(t, swap_count(e), 1);
	KT_EXPECT_EQ(t, swap_duplicate(e), 0);
	KT_EXPECT_EQ(t, swap_duplicate(e), 0);
	KT_EXPECT_EQ(t, swap_count(e), 3);
	KT_EXPECT_EQ(t, nr_swap_pages, b.free - 1);
	swap_free(e);
	KT_EXPECT_EQ(t, swap_count(e), 2);
	swap_free(e);
	swap_free(e);
	KT_EXPECT_EQ(t, swap_count(e), 0);
	KT_EXPECT_EQ(t, swap_duplicate(e), -EINVAL);   /* free: no slot in use */
	KT_EXPECT_BASELINE(t, b);
}

KTEST(swap, bad_entries_are_rejected_cleanly)
{
	struct swap_baseline b = baseline();
	int n = snapshot();
	swp_entry_t bad[] = {
		swp_entry(MAX_SWAPFILES - 1, 1),           /* no such area */
		swp_entry(31, 1),
		swp_entry(areas[0].swap_type, 0),          /* the header */
		swp_entry(areas[0].swap_type, areas[0].max),
		swp_entry(areas[0].swap_type, SWP_OFFSET_LIMIT - 1),
	};
	struct block_device *bdev;
	struct page *page;
	unsigned long start;
	u64 sector;
	unsigned int i;

	KT_ASSERT(t, n >= 1 && n < MAX_SWAPFILES);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		KT_EXPECT_EQ(t, swap_duplicate(bad[i]), -EINVAL);
		KT_EXPECT_EQ(t, swap_count(bad[i]), -EINVAL);
		KT_EXPECT_EQ(t, swap_entry_location(bad[i], &bdev, &sector), -EINVAL);
		KT_EXPECT_EQ(t, valid_swaphandles(bad[i], 8, &start), 0);
		swap_free(bad[i]);   /* one KERN_ERR line each, nothing else */
	}
	/* A free slot: count 0, nothing to free. */
	page = alloc_page(GFP_KERNEL);
	KT_ASSERT(t, page);
	KT_ASSERT(t, trylock_page(page));
	KT_EXPECT_EQ(t, rw_swap_page(BLOCK_READ, bad[2], page, true), -EINVAL);
	KT_EXPECT(t, !PageLocked(page));
	KT_EXPECT(t, test_page_flag(page, PG_error));
	__free_page(page);
	KT_EXPECT_BASELINE(t, b);
}

KTEST(swap, slot_marked_bad_stays_out_of_use)
{
	struct swap_baseline b = baseline();
	swp_entry_t e = get_swap_page(), f;
	unsigned long n = 0;

	KT_ASSERT(t, e.val);
	KT_EXPECT_EQ(t, swap_duplicate(e), 0);
	swap_mark_bad(e);
	KT_EXPECT_EQ(t, total_swap_pages, b.total - 1);
	KT_EXPECT_EQ(t, nr_swap_pages, b.free - 1);
	KT_EXPECT_EQ(t, swap_count(e), 2);         /* the holders keep their references */
	swap_free(e);
	swap_free(e);
	KT_EXPECT_EQ(t, swap_count(e), -EINVAL);   /* now a bad slot */
	KT_EXPECT_EQ(t, nr_swap_pages, b.free - 1);
	/* Handing out every free slot never gives it again. */
	for (;;) {
		f = get_swap_page();
		if (!f.val)
			break;
		n++;
		KT_EXPECT_NE(t, f.val, e.val);
	}
	KT_EXPECT_EQ(t, n, b.free - 1);
	/* Give them back: find them through swap_next_used, area by area. */
	for (int k = 0, na = snapshot(); k < na; k++) {
		unsigned long off = 0;

		while ((off = swap_next_used(areas[k].swap_type, off + 1)))
			swap_free(swp_entry(areas[k].swap_type, off));
	}
	KT_EXPECT_EQ(t, nr_swap_pages, b.free - 1);
	/* swapoff/swapon reads the header again: the mark is forgotten. */
	KT_ASSERT(t, reenable_all_areas(t));
	KT_EXPECT_BASELINE(t, b);
}

KTEST(swap, read_ahead_window_is_the_aligned_run_in_use)
{
	struct swap_baseline b = baseline();
	swp_entry_t e[24];
	unsigned long start, base;
	unsigned int i, type;

	KT_ASSERT(t, reenable_all_areas(t));
	for (i = 0; i < 24; i++)
		e[i] = get_swap_page();
	type = swp_type(e[0]);
	for (i = 1; i < 24; i++)
		KT_ASSERT_EQ(t, swp_offset(e[i]), swp_offset(e[0]) + i);
	/* A window of 8 fully in use: the whole aligned window; of 2, the aligned pair. */
	base = (swp_offset(e[0]) + 8) & ~7UL;
	KT_EXPECT_EQ(t, valid_swaphandles(swp_entry(type, base + 3), 8, &start), 8);
	KT_EXPECT_EQ(t, start, base);
	KT_EXPECT_EQ(t, valid_swaphandles(swp_entry(type, base + 5), 2, &start), 2);
	KT_EXPECT_EQ(t, start, base + 4);
	KT_EXPECT_EQ(t, valid_swaphandles(swp_entry(type, base + 5), 1, &start), 1);
	KT_EXPECT_EQ(t, start, base + 5);
	/* A hole at base + 2: the run containing the entry, on either side of it. */
	swap_free(swp_entry(type, base + 2));
	KT_EXPECT_EQ(t, valid_swaphandles(swp_entry(type, base + 5), 8, &start), 5);
	KT_EXPECT_EQ(t, start, base + 3);
	KT_EXPECT_EQ(t, valid_swaphandles(swp_entry(type, base + 1), 8, &start), 2);
	KT_EXPECT_EQ(t, start, base);
	KT_EXPECT_EQ(t, valid_swaphandles(swp_entry(type, base + 2), 8, &start), 0);
	for (i = 0; i < 24; i++)
		if (swp_offset(e[i]) != base + 2)
			swap_free(e[i]);
	KT_EXPECT_BASELINE(t, b);
}

KTEST(swap, priorities_decide_which_area_is_used)
{
	struct swap_baseline b = baseline();
	struct block_device *hi, *lo;
	char hi_name[24], lo_name[24];
	swp_entry_t e[8];
	unsigned int i;

	if (snapshot() < 2) {
		ktest_skip(t, "needs two swap areas");
		return;
	}
	hi = areas[0].bdev;
	lo = areas[1].bdev;
	memcpy(hi_name, areas[0].name, 24);
	memcpy(lo_name, areas[1].name, 24);
	/* Removing a default-priority area moves the lower ones up (Linux 6.1). */
	KT_ASSERT_EQ(t, swapoff_bdev(hi), 0);
	KT_EXPECT_EQ(t, snapshot(), 1);
	KT_EXPECT_EQ(t, areas[0].prio, -2);
	KT_ASSERT_EQ(t, swapoff_bdev(lo), 0);
	/* Explicit priorities: the higher one serves every request. */
	KT_ASSERT_EQ(t, swapon_bdev(hi, hi_name, SWAP_FLAG_PREFER | 1), 0);
	KT_ASSERT_EQ(t, swapon_bdev(lo, lo_name, SWAP_FLAG_PREFER | 10), 0);
	snapshot();
	KT_EXPECT(t, areas[0].bdev == lo);
	KT_EXPECT_EQ(t, areas[0].prio, 10);
	KT_EXPECT_EQ(t, areas[1].prio, 1);
	for (i = 0; i < 8; i++) {
		e[i] = get_swap_page();
		KT_EXPECT_EQ(t, swp_type(e[i]), areas[0].swap_type);
	}
	for (i = 0; i < 8; i++)
		swap_free(e[i]);
	/* Equal priorities: round robin, each area still in its own cluster. */
	KT_ASSERT_EQ(t, swapoff_bdev(lo), 0);
	KT_ASSERT_EQ(t, swapon_bdev(lo, lo_name, SWAP_FLAG_PREFER | 1), 0);
	for (i = 0; i < 8; i++)
		e[i] = get_swap_page();
	for (i = 2; i < 8; i++) {
		KT_EXPECT_EQ(t, swp_type(e[i]), swp_type(e[i - 2]));
		KT_EXPECT_EQ(t, swp_offset(e[i]), swp_offset(e[i - 2]) + 1);
	}
	KT_EXPECT_NE(t, swp_type(e[0]), swp_type(e[1]));
	for (i = 0; i < 8; i++)
		swap_free(e[i]);
	/* Back to the boot state: default priorities in the same order. */
	KT_ASSERT_EQ(t, swapoff_bdev(hi), 0);
	KT_ASSERT_EQ(t, swapoff_bdev(lo), 0);
	KT_ASSERT_EQ(t, swapon_bdev(hi, hi_name, 0), 0);
	KT_ASSERT_EQ(t, swapon_bdev(lo, lo_name, 0), 0);
	snapshot();
	KT_EXPECT_EQ(t, areas[0].prio, -2);
	KT_EXPECT_EQ(t, areas[1].prio, -3);
	KT_EXPECT_BASELINE(t, b);
}

/* Fill, write, clear, read back and compare `n` pages through rw_swap_page. */
#define ROUND_TRIP_PAGES 40   /* more than SWAP_IO_REQUESTS: some wait for a request */

static void fill_page(struct page *p, unsigned long slot, bool zero)
{
	u8 *v = kmap(p);

	for (unsigned int i = 0; i < PAGE_SIZE; i++)
		v[i] = zero ? 0 : slot_pattern(slot, i);
	kunmap(p);
}

static unsigned long page_mismatches(struct page *p, unsigned long slot)
{
	u8 *v = kmap(p);
	unsigned long bad = 0;

	for (unsigned int i = 0; i < PAGE_SIZE; i++)
		bad += v[i] != slot_pattern(slot, i);
	kunmap(p);
	return bad;
}

KTEST(swap, pages_round_trip_through_rw_swap_page)
{
	struct swap_baseline b = baseline();
	struct page *pages[ROUND_TRIP_PAGES + 1];
	swp_entry_t e[ROUND_TRIP_PAGES + 1];
	struct swap_stats s0, s1;
	unsigned int i, n = ROUND_TRIP_PAGES, highmem = 0;
	unsigned long first;

	if (totalhigh_pages)
		n++;   /* one page of HIGHMEM at the end */
	swap_stats(&s0);
	for (i = 0; i < n; i++) {
		pages[i] = alloc_page(i == ROUND_TRIP_PAGES ? GFP_HIGHUSER : GFP_KERNEL);
		e[i] = get_swap_page();
		KT_ASSERT(t, pages[i] && e[i].val);
		highmem += PageHighMem(pages[i]);
		fill_page(pages[i], swp_offset(e[i]), false);
	}
	KT_EXPECT_EQ(t, highmem, totalhigh_pages ? 1 : 0);
	for (i = 0; i < n; i++) {
		KT_ASSERT(t, trylock_page(pages[i]));
		KT_EXPECT_EQ(t, rw_swap_page(BLOCK_WRITE, e[i], pages[i], false), 0);
	}
	for (i = 0; i < n; i++) {
		wait_on_page(pages[i]);
		KT_EXPECT(t, !test_page_flag(pages[i], PG_error));
		fill_page(pages[i], 0, true);
	}
	for (i = 0; i < n; i++) {
		KT_ASSERT(t, trylock_page(pages[i]));
		clear_page_flag(pages[i], PG_uptodate);
		/* The last one synchronously: it returns with the page unlocked. */
		KT_EXPECT_EQ(t, rw_swap_page(BLOCK_READ, e[i], pages[i], i == n - 1), 0);
	}
	KT_EXPECT(t, !PageLocked(pages[n - 1]));
	for (i = 0; i < n; i++) {
		wait_on_page(pages[i]);
		KT_EXPECT(t, PageUptodate(pages[i]));
		KT_EXPECT(t, !test_page_flag(pages[i], PG_error));
		KT_EXPECT_EQ(t, page_mismatches(pages[i], swp_offset(e[i])), 0);
	}
	swap_stats(&s1);
	KT_EXPECT_EQ(t, s1.pswpout - s0.pswpout, n);
	KT_EXPECT_EQ(t, s1.pswpin - s0.pswpin, n);
	KT_EXPECT_EQ(t, s1.read_errors, s0.read_errors);
	KT_EXPECT_EQ(t, s1.write_errors, s0.write_errors);
	KT_EXPECT_EQ(t, s1.in_flight, 0);
	KT_EXPECT(t, s1.max_in_flight <= SWAP_IO_REQUESTS);
	ktest_log("swap I/O: %lu in flight at most, %lu waits for a request",
		  s1.max_in_flight, s1.request_waits - s0.request_waits);
	/* Tell the host which slots hold which pattern (runs of consecutive slots). */
	first = 0;
	for (i = 0; i < n; i++) {
		bool ends = i == n - 1 || swp_type(e[i + 1]) != swp_type(e[i]) ||
			    swp_offset(e[i + 1]) != swp_offset(e[i]) + 1;

		if (ends) {
			struct block_device *bdev;
			u64 sector;

			swap_entry_location(e[i], &bdev, &sector);
			ktest_log("swap_roundtrip: %s slots %lu-%lu", bdev->name,
				  swp_offset(e[first]), swp_offset(e[i]));
			first = i + 1;
		}
	}
	for (i = 0; i < n; i++) {
		swap_free(e[i]);
		__free_page(pages[i]);
	}
	KT_EXPECT_BASELINE(t, b);
}

KTEST(swap, swapon_and_swapoff_give_linux_errors)
{
	struct swap_baseline b = baseline();
	char *longname;
	int n = snapshot();
	char on[24];

	KT_ASSERT(t, n >= 1);
	memcpy(on, areas[0].name, sizeof(on));
	KT_EXPECT_EQ(t, swapon_path("/no/such/file", 0), -ENOENT);
	KT_EXPECT_EQ(t, swapon_path("/dev/nosuchdisk", 0), -ENOENT);
	KT_EXPECT_EQ(t, swapon_path("/", 0), -EISDIR);
	KT_EXPECT_EQ(t, swapon_path("/etc/motd", 0), -EINVAL);     /* a regular file */
	KT_EXPECT_EQ(t, swapon_path("/etc/motd/x", 0), -ENOTDIR);
	KT_EXPECT_EQ(t, swapon_path("/dev/ram0", 0), -EINVAL);     /* no swap header */
	KT_EXPECT_EQ(t, swapon_path(on, 0), -EBUSY);
	KT_EXPECT_EQ(t, swapon_path(on, 0x80000), -EINVAL);        /* flags first */
	KT_EXPECT_EQ(t, swapon_path(on, SWAP_FLAG_DISCARD | SWAP_FLAG_PREFER | 3), -EBUSY);
	KT_EXPECT_EQ(t, swapoff_path("/no/such/file"), -ENOENT);
	KT_EXPECT_EQ(t, swapoff_path("/"), -EISDIR);
	KT_EXPECT_EQ(t, swapoff_path("/etc/motd"), -EINVAL);
	KT_EXPECT_EQ(t, swapoff_path("/dev/ram0"), -EINVAL);       /* not an area */
	longname = kmalloc(400, GFP_KERNEL);
	KT_ASSERT(t, longname);
	memset(longname, 'a', 399);
	longname[0] = '/';
	longname[399] = 0;
	KT_EXPECT_EQ(t, swapon_path(longname, 0), -ENAMETOOLONG);
	kfree(longname);
	/* Off and on by path; SWAP_FLAG_DISCARD is accepted (and ignored). */
	KT_EXPECT_EQ(t, swapoff_path(on), 0);
	KT_EXPECT_EQ(t, swapoff_path(on), -EINVAL);
	KT_EXPECT_EQ(t, swapon_path(on, SWAP_FLAG_DISCARD | SWAP_FLAG_PREFER | 7), 0);
	snapshot();
	KT_EXPECT_EQ(t, areas[0].prio, 7);
	KT_EXPECT_STREQ(t, areas[0].name, on);
	KT_EXPECT_EQ(t, total_swap_pages, b.total);
#ifndef HAVE_TRY_TO_UNUSE
	/*
	 * With the temporary try_to_unuse (nothing can be brought back), an
	 * area with a slot in use refuses to go and stays exactly as it was.
	 */
	{
		swp_entry_t e = get_swap_page();
		unsigned long free = nr_swap_pages;

		KT_EXPECT_EQ(t, swp_type(e), areas[0].swap_type);
		KT_EXPECT_EQ(t, swapoff_path(on), -EBUSY);
		KT_EXPECT_EQ(t, nr_swap_pages, free);
		KT_EXPECT_EQ(t, swap_count(e), 1);
		KT_EXPECT_EQ(t, snapshot(), n);
		KT_EXPECT_EQ(t, areas[0].prio, 7);
		swap_free(e);
	}
#endif
	KT_EXPECT(t, reenable_all_areas(t));
	snapshot();
	KT_EXPECT_EQ(t, areas[0].prio, -2);
	KT_EXPECT_BASELINE(t, b);
}
