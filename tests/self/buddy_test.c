/*
 * The buddy allocator: draining every zone and freeing everything restores
 * the exact free lists; blocks are aligned to their size and lie in one
 * zone; split blocks coalesce back into max-order blocks; a long random mix
 * of orders never hands out overlapping memory and loses nothing.
 */
#include "tests/self/mm_test.h"
#include "mm/debug.h"

/* Allocate blocks of `order` until none is left; returns how many, linked on head. */
static unsigned long drain_order(struct list_head *head, unsigned int order)
{
	unsigned long n = 0;
	struct page *p;

	while ((p = alloc_pages(__GFP_HIGHMEM | __GFP_MEMALLOC, order))) {
		list_add(&p->list, head);
		n++;
	}
	return n;
}

KTEST(buddy, alloc_all_then_free_all_restores_exact_state)
{
	struct mm_snapshot snap;
	unsigned long before, got;
	LIST_HEAD(pages);

	mm_snapshot_take(&snap);
	before = nr_free_pages();
	KT_ASSERT(t, before > 0);

	/* Order 0: every free frame, one at a time. */
	got = drain_order(&pages, 0);
	KT_EXPECT_EQ(t, got, before);
	KT_EXPECT_EQ(t, nr_free_pages(), 0);
	KT_EXPECT_EQ(t, mm_free_list(&pages, 0), got);
	KT_ASSERT(t, mm_snapshot_expect_equal(t, &snap));

	/*
	 * Largest blocks first: the free lists are maximal, so each order
	 * yields exactly the blocks the snapshot listed at that order.
	 */
	struct list_head level[MAX_ORDER];

	for (int o = MAX_ORDER - 1; o >= 0; o--) {
		unsigned long want = snap.counts[0][o] + snap.counts[1][o] + snap.counts[2][o];

		INIT_LIST_HEAD(&level[o]);
		KT_EXPECT_EQ(t, drain_order(&level[o], o), want);
	}
	KT_EXPECT_EQ(t, nr_free_pages(), 0);
	for (int o = 0; o < MAX_ORDER; o++)
		mm_free_list(&level[o], o);
	mm_snapshot_expect_equal(t, &snap);
}

/* The largest order of which some zone has a free block right now, or -1. */
static int largest_free_order(void)
{
	for (int o = MAX_ORDER - 1; o >= 0; o--)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			if (zone_table[z].free_area[o].nr_free)
				return o;
	return -1;
}

KTEST(buddy, blocks_are_aligned_and_inside_one_zone)
{
	struct page *held[MAX_ORDER][2];
	unsigned long free_start = nr_free_pages();

	memset(held, 0, sizeof(held));
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		for (unsigned int i = 0; i < 2; i++) {
			/* Two blocks of each small order, one of each large one. */
			bool fits = largest_free_order() >= (int)o;
			struct page *p = i && o > 5 ? NULL : alloc_pages(GFP_HIGHUSER, o);
			unsigned long pfn;
			struct zone *z;

			held[o][i] = p;
			if (!p) {
				/* A free block of this order or larger existed: must succeed. */
				if (i == 0 && fits)
					KT_EXPECT(t, p != NULL);
				continue;
			}
			pfn = page_to_pfn(p);
			z = page_zone(p);
			KT_EXPECT_EQ(t, pfn & ((1UL << o) - 1), 0);
			KT_EXPECT(t, pfn >= z->zone_start_pfn);
			KT_EXPECT(t, pfn + (1UL << o) <= zone_end_pfn(z));
			KT_EXPECT_EQ(t, page_count(p), 1);
			KT_EXPECT(t, !PageBuddy(p));
		}
	if (!held[MAX_ORDER - 1][0])
		ktest_log("no order-%d block with %lu pages free", MAX_ORDER - 1, free_start);
	if (free_start >= 8192)
		KT_EXPECT(t, held[MAX_ORDER - 1][0] != NULL);
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		for (unsigned int i = 0; i < 2; i++)
			if (held[o][i])
				__free_pages(held[o][i], o);
}

KTEST(buddy, split_pages_coalesce_back_into_the_largest_block)
{
	struct mm_snapshot snap;
	struct page *block;
	unsigned long pfn, order0_before;
	struct mm_rng rng = { 0x1234567 };
	static u16 perm[1 << (MAX_ORDER - 1)];
	unsigned int n, order = 0;
	struct zone *z;

	mm_snapshot_take(&snap);
	/* The largest order any lowmem zone has a free block of: order 10 from 16 MiB up. */
	for (unsigned int zi = 0; zi < ZONE_HIGHMEM; zi++)
		for (unsigned int o = 0; o < MAX_ORDER; o++)
			if (snap.counts[zi][o] && o > order)
				order = o;
	if (nr_free_pages() >= 8192)
		KT_EXPECT_EQ(t, order, MAX_ORDER - 1);
	n = 1u << order;
	block = alloc_pages(__GFP_MEMALLOC, order);
	KT_ASSERT(t, block != NULL);
	pfn = page_to_pfn(block);
	z = page_zone(block);
	order0_before = z->free_area[0].nr_free;
	split_page(block, order);

	/* Free the pages in a shuffled order: every prefix leaves fragments. */
	for (unsigned int i = 0; i < n; i++)
		perm[i] = i;
	for (unsigned int i = n - 1; i > 0; i--) {
		unsigned int j = mm_rng_below(&rng, i + 1);
		u16 tmp = perm[i];

		perm[i] = perm[j];
		perm[j] = tmp;
	}
	for (unsigned int i = 0; i < n; i++) {
		__free_page(pfn_to_page(pfn + perm[i]));
		if (i == n / 2)
			/* Half freed at random: some are still lone order-0 blocks. */
			KT_EXPECT(t, z->free_area[0].nr_free > order0_before);
	}
	KT_EXPECT(t, PageBuddy(block));
	KT_EXPECT_EQ(t, block->index, order);
	mm_snapshot_expect_equal(t, &snap);
}

KTEST(buddy, freeing_buddies_merges_them_pairwise)
{
	struct mm_snapshot snap;
	struct page *pair;
	struct zone *z;
	unsigned long o0;

	mm_snapshot_take(&snap);
	pair = alloc_pages(GFP_KERNEL, 1);
	KT_ASSERT(t, pair != NULL);
	z = page_zone(pair);
	split_page(pair, 1);
	o0 = z->free_area[0].nr_free;
	__free_page(pair + 1);
	KT_EXPECT_EQ(t, z->free_area[0].nr_free, o0 + 1); /* alone: its buddy is in use */
	KT_EXPECT(t, PageBuddy(pair + 1));
	__free_page(pair);
	KT_EXPECT(t, !PageBuddy(pair + 1)); /* merged into the block starting at pair */
	KT_EXPECT_EQ(t, z->free_area[0].nr_free, o0);
	mm_snapshot_expect_equal(t, &snap);
}

#define RANDOM_SLOTS 256
#define RANDOM_OPS 12000
#define PATTERN_STRIDE 16 /* words: the pattern covers every 64-byte line of each page */

struct rslot {
	struct page *page;
	unsigned int order;
	u32 serial;
};

static void fill_block(struct page *p, unsigned int order, u32 serial)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		u32 *v = kmap_atomic(p + i, KM_TEST);
		unsigned long pfn = page_to_pfn(p + i);

		for (u32 w = 0; w < PAGE_SIZE / 4; w += PATTERN_STRIDE)
			v[w] = mm_pattern(pfn, serial, w);
		v[PAGE_SIZE / 4 - 1] = mm_pattern(pfn, serial, PAGE_SIZE / 4 - 1);
		kunmap_atomic(v, KM_TEST);
	}
}

static unsigned long check_block(struct page *p, unsigned int order, u32 serial)
{
	unsigned long bad = 0;

	for (unsigned long i = 0; i < (1UL << order); i++) {
		u32 *v = kmap_atomic(p + i, KM_TEST);
		unsigned long pfn = page_to_pfn(p + i);

		for (u32 w = 0; w < PAGE_SIZE / 4; w += PATTERN_STRIDE)
			bad += v[w] != mm_pattern(pfn, serial, w);
		bad += v[PAGE_SIZE / 4 - 1] != mm_pattern(pfn, serial, PAGE_SIZE / 4 - 1);
		kunmap_atomic(v, KM_TEST);
	}
	return bad;
}

KTEST_TIMEOUT(buddy, random_mixed_orders_never_overlap_or_leak, 300)
{
	static struct rslot slots[RANDOM_SLOTS];
	static const unsigned int order_weights[] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 4 };
	struct mm_snapshot snap;
	struct mm_rng rng = { 0xC0FFEE };
	unsigned long live = 0, cap, allocs = 0, frees = 0, failures = 0, bad = 0, i;
	u32 serial = 0;

	kmem_cache_reap();
	mm_snapshot_take(&snap);
	/* Hold at most a quarter of free memory, so the test fits in 8 MiB. */
	cap = nr_free_pages() / 4;
	memset(slots, 0, sizeof(slots));

	for (i = 0; i < RANDOM_OPS; i++) {
		struct rslot *s = &slots[mm_rng_below(&rng, RANDOM_SLOTS)];

		if (s->page) {
			bad += check_block(s->page, s->order, s->serial);
			__free_pages(s->page, s->order);
			live -= 1UL << s->order;
			s->page = NULL;
			frees++;
			continue;
		}
		s->order = order_weights[mm_rng_below(&rng, ARRAY_SIZE(order_weights))];
		if (live + (1UL << s->order) > cap)
			continue;
		s->page = alloc_pages(GFP_HIGHUSER, s->order);
		if (!s->page) {
			failures++;
			continue;
		}
		s->serial = ++serial;
		fill_block(s->page, s->order, s->serial);
		live += 1UL << s->order;
		allocs++;
	}
	for (i = 0; i < RANDOM_SLOTS; i++)
		if (slots[i].page) {
			bad += check_block(slots[i].page, slots[i].order, slots[i].serial);
			__free_pages(slots[i].page, slots[i].order);
			slots[i].page = NULL;
		}
	ktest_log("%lu allocations, %lu frees, cap %lu pages", allocs, frees, cap);
	KT_EXPECT_EQ(t, bad, 0);
	KT_EXPECT_EQ(t, failures, 0);
	KT_EXPECT(t, allocs > RANDOM_OPS / 3);
	mm_snapshot_expect_equal(t, &snap);
}
