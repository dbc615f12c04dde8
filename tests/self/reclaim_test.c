/*
 * Reclaim (mm/swap.c, mm/vmscan.c): the life cycle of a mapped file page
 * exactly as seed 004 tells it, checked from the page trace (mm/lru.h):
 *
 *   read in by a fault            none -> active
 *   aging                         aged down ... to 0
 *   unmapping                     try_to_unmap (page-centric) or swap_out (virtual)
 *   deactivation                  active -> inactive_dirty
 *   re-fault finds it in the cache inactive_dirty -> active
 *   aging, unmapping again        ... active -> inactive_dirty
 *   laundering                    page_launder: writepage (written back)
 *                                 inactive_dirty -> inactive_clean
 *   reclaim                       reclaim_page, then inactive_clean -> none
 *
 * once with the page-centric scan and once with 2.4.0's per-process
 * swap_out. The data written through the mapping must be on disk after.
 * Also: aging arithmetic, and list counters that follow every move.
 * Suite: reclaim.
 */
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/uaccess.h"
#include "kernel/string.h"
#include "mm/vm.h"
#include "mm/lru.h"
#include "mm/vmscan.h"
#include "mm/rmap.h"
#include "mm/pagemap.h"
#include "mm/internal.h"
#include "mm/swap.h"
#include "kernel/errno.h"
#include "fs/vfs.h"
#include "tests/self/uspace_test.h"

KTEST_SUITE_NEEDS(reclaim, "ram0");

#define BASE 0x40000000UL
#define LIFE_FILE "/reclaim_life_test"

static struct mm_struct *mm_mmap_file(struct file *f)
{
	struct mm_struct *mm = mm_alloc();

	if (!mm)
		return NULL;
	if (do_mmap(mm, BASE, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, f, 0) !=
	    (long)BASE) {
		mmput(mm);
		return NULL;
	}
	return mm;
}

/* The traced page's pfn: the first record since `from`. */
static unsigned long traced_pfn(unsigned int from)
{
	return lru_trace_count > from ? lru_trace_log[from % LRU_TRACE_LOG].pfn : ~0UL;
}

static enum lru_list_id lru_of_pfn(unsigned long pfn)
{
	return page_lru(pfn_to_page(pfn));
}

/* Run refill_inactive (and swap_out in virtual mode) until the page leaves the active list. */
static bool age_until_inactive(unsigned long pfn)
{
	for (int i = 0; i < 40 && lru_of_pfn(pfn) == LRU_ACTIVE; i++) {
		refill_inactive_scan(0, 1 << 30);
		if (vmscan_virtual)
			swap_out(0, 1 << 30);
	}
	return lru_of_pfn(pfn) == LRU_INACTIVE_DIRTY;
}

/* The pattern of seed 004, as (from, to) moves and events, in order. */
struct step {
	enum lru_list_id from, to;
	const char *what; /* an event instead of a move */
};

static const struct step life_page_centric[] = {
	{ LRU_NONE, LRU_ACTIVE, NULL },
	{ 0, 0, "aged down" },
	{ 0, 0, "unmapped by try_to_unmap" },
	{ LRU_ACTIVE, LRU_INACTIVE_DIRTY, NULL },
	{ LRU_INACTIVE_DIRTY, LRU_ACTIVE, NULL },
	{ 0, 0, "aged down" },
	{ 0, 0, "unmapped by try_to_unmap" },
	{ LRU_ACTIVE, LRU_INACTIVE_DIRTY, NULL },
	{ 0, 0, "page_launder: writepage" },
	{ LRU_INACTIVE_DIRTY, LRU_INACTIVE_CLEAN, NULL },
	{ 0, 0, "reclaim_page" },
	{ LRU_INACTIVE_CLEAN, LRU_NONE, NULL },
};

static const struct step life_virtual[] = {
	{ LRU_NONE, LRU_ACTIVE, NULL },
	{ 0, 0, "aged down" },
	{ 0, 0, "PTE cleared by swap_out" },
	{ LRU_ACTIVE, LRU_INACTIVE_DIRTY, NULL },
	{ LRU_INACTIVE_DIRTY, LRU_ACTIVE, NULL },
	{ 0, 0, "aged down" },
	{ 0, 0, "PTE cleared by swap_out" },
	{ LRU_ACTIVE, LRU_INACTIVE_DIRTY, NULL },
	{ 0, 0, "page_launder: writepage" },
	{ LRU_INACTIVE_DIRTY, LRU_INACTIVE_CLEAN, NULL },
	{ 0, 0, "reclaim_page" },
	{ LRU_INACTIVE_CLEAN, LRU_NONE, NULL },
};

/* Every step appears in the trace, in this order (other records may come between). */
static void expect_sequence(struct ktest *t, unsigned int from, const struct step *steps,
			    unsigned int n)
{
	unsigned int i = 0;

	KT_ASSERT(t, lru_trace_count - from <= LRU_TRACE_LOG);
	for (unsigned int r = from; r < lru_trace_count && i < n; r++) {
		const struct lru_trace_entry *e = &lru_trace_log[r % LRU_TRACE_LOG];
		const struct step *s = &steps[i];

		if (s->what ? (e->what && !strcmp(e->what, s->what))
			    : (!e->what && e->from == s->from && e->to == s->to))
			i++;
	}
	if (i < n)
		ktest_log("# step %u (%s%s -> %s) missing from the trace\n", i,
			     steps[i].what ? steps[i].what : "", lru_name(steps[i].from),
			     lru_name(steps[i].to));
	KT_EXPECT_EQ(t, i, n);
}

static void life_cycle(struct ktest *t, bool virtual_scan, const struct step *steps,
		       unsigned int nsteps)
{
	static u8 buf[2 * PAGE_SIZE];
	struct file *f;
	struct mm_struct *mm;
	unsigned int first;
	unsigned long pfn;
	bool was_virtual = vmscan_virtual;
	u8 c;

	for (unsigned int i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)(i * 13 + 1);
	vfs_unlink(LIFE_FILE);
	f = vfs_open(LIFE_FILE, O_CREAT | O_EXCL | O_RDWR, 0644);
	KT_ASSERT(t, !IS_ERR(f));
	KT_ASSERT_EQ(t, vfs_pwrite(f, buf, sizeof(buf), 0), sizeof(buf));
	KT_ASSERT_EQ(t, vfs_fsync(f), 0);
	page_cache_drop_clean(f->f_inode->i_mapping); /* step 1 must read it from disk */
	mm = mm_mmap_file(f);
	KT_ASSERT(t, mm != NULL);

	vmscan_virtual = virtual_scan;
	first = lru_trace_count;
	lru_trace_mapping(f->f_inode->i_mapping, 1);
	/* 1. Read in by the fault, 2. written through the mapping. */
	KT_EXPECT(t, touch(mm, BASE + PAGE_SIZE + 9, false, &c));
	KT_EXPECT_EQ(t, c, buf[PAGE_SIZE + 9]);
	lru_trace_mapping(NULL, 0);
	pfn = traced_pfn(first);
	KT_ASSERT(t, pfn != ~0UL);
	KT_EXPECT_EQ(t, lru_of_pfn(pfn), LRU_ACTIVE);
	c = 0x5a;
	KT_EXPECT(t, touch(mm, BASE + PAGE_SIZE + 9, true, &c));
	/* 3-6. Unused, it ages to 0, loses its PTE and is deactivated. */
	KT_EXPECT(t, age_until_inactive(pfn));
	KT_EXPECT(t, !page_mapped(pfn_to_page(pfn)));
	KT_EXPECT(t, PageDirty(pfn_to_page(pfn))); /* the PTE's dirty bit moved to the page */
	/* 7. A re-fault finds it in the cache and reactivates it. */
	KT_EXPECT(t, touch(mm, BASE + PAGE_SIZE + 9, false, &c));
	KT_EXPECT_EQ(t, c, 0x5a);
	KT_EXPECT_EQ(t, lru_of_pfn(pfn), LRU_ACTIVE);
	/* 8. Aged and unmapped again. */
	KT_EXPECT(t, age_until_inactive(pfn));
	/* 10-11. Laundered: written back, then clean. */
	for (int i = 0; i < 10 && lru_of_pfn(pfn) == LRU_INACTIVE_DIRTY; i++)
		page_launder(GFP_KERNEL, true);
	KT_EXPECT_EQ(t, lru_of_pfn(pfn), LRU_INACTIVE_CLEAN);
	KT_EXPECT(t, !PageDirty(pfn_to_page(pfn)));
	/* 12. Reclaimed: out of the cache and given to the allocator. */
	for (unsigned long n = 0; n < totalram_pages && lru_of_pfn(pfn) == LRU_INACTIVE_CLEAN; n++) {
		struct page *p = reclaim_page(page_zone(pfn_to_page(pfn)));

		if (!p)
			break;
		put_page(p);
	}
	KT_EXPECT_EQ(t, lru_of_pfn(pfn), LRU_NONE);
	lru_trace_page(pfn_to_page(pfn), false);
	expect_sequence(t, first, steps, nsteps);
	vmscan_virtual = was_virtual;

	/* The byte written through the mapping reached the disk. */
	mmput(mm);
	page_cache_drop_clean(f->f_inode->i_mapping);
	KT_EXPECT_EQ(t, vfs_pread(f, &c, 1, PAGE_SIZE + 9), 1);
	KT_EXPECT_EQ(t, c, 0x5a);
	vfs_close(f);
	KT_EXPECT_EQ(t, vfs_unlink(LIFE_FILE), 0);
	KT_EXPECT_EQ(t, vm_check("reclaim test", NULL), 0);
}

KTEST(reclaim, file_page_life_cycle_page_centric)
{
	life_cycle(t, false, life_page_centric, ARRAY_SIZE(life_page_centric));
}

KTEST(reclaim, file_page_life_cycle_virtual_swap_out)
{
	life_cycle(t, true, life_virtual, ARRAY_SIZE(life_virtual));
}

KTEST(reclaim, aging_adds_three_up_to_64_and_halves_down)
{
	struct page *p = alloc_page(GFP_KERNEL);

	KT_ASSERT(t, p != NULL);
	lru_cache_add(p);
	KT_EXPECT_EQ(t, page_age(p), PAGE_AGE_START);
	age_page_up(p);
	KT_EXPECT_EQ(t, page_age(p), PAGE_AGE_START + PAGE_AGE_ADV);
	for (int i = 0; i < 30; i++)
		age_page_up(p);
	KT_EXPECT_EQ(t, page_age(p), PAGE_AGE_MAX);
	age_page_down(p);
	KT_EXPECT_EQ(t, page_age(p), PAGE_AGE_MAX / 2);
	for (int i = 0; i < 6; i++)
		age_page_down(p);
	KT_EXPECT_EQ(t, page_age(p), 0);
	KT_EXPECT(t, PageActive(p)); /* ageing alone never moves a page */
	put_page(p);
	KT_EXPECT(t, !PageLRU(p));
}

KTEST(reclaim, list_counters_follow_every_move)
{
	struct page *p = alloc_page(GFP_KERNEL);
	struct lru_counts a, b;

	KT_ASSERT(t, p != NULL);
	p->mapping = (struct address_space *)&swapper_space; /* any mapping: the moves need none */
	lru_counts(&a);
	lru_cache_add(p);
	deactivate_page(p);
	move_to_inactive_clean(p);
	lru_counts(&b);
	KT_EXPECT_EQ(t, b.active, a.active);
	KT_EXPECT_EQ(t, b.inactive_dirty, a.inactive_dirty);
	KT_EXPECT_EQ(t, b.inactive_clean, a.inactive_clean + 1);
	KT_EXPECT_EQ(t, b.inactive_clean_zone[page_zonenum(p)],
		     a.inactive_clean_zone[page_zonenum(p)] + 1);
	move_to_inactive_dirty(p);
	activate_page(p);
	lru_counts(&b);
	KT_EXPECT_EQ(t, b.active, a.active + 1);
	KT_EXPECT_EQ(t, b.inactive_clean, a.inactive_clean);
	KT_EXPECT_EQ(t, page_age(p), PAGE_AGE_START);
	lru_cache_del(p);
	p->mapping = NULL;
	lru_counts(&b);
	KT_EXPECT_EQ(t, b.active, a.active);
	put_page(p);
}
