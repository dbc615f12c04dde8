/*
 * Zones and gfp policy: watermarks follow the zone size; GFP_KERNEL
 * prefers NORMAL, falls back to DMA once NORMAL reaches pages_low, stops at
 * pages_min and then fails without sleeping; GFP_ATOMIC digs to half of
 * pages_min and fails cleanly; __GFP_MEMALLOC takes the rest; GFP_HIGHUSER
 * prefers HIGHMEM; GFP_DMA stays below 16 MiB.
 */
#include "tests/self/mm_test.h"

KTEST(zones, watermarks_follow_zone_size)
{
	unsigned int zones = 0;

	for (unsigned int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *z = &zone_table[i];
		unsigned long min = z->present_pages / 128;

		if (!z->present_pages)
			continue;
		zones++;
		min = min < 20 ? 20 : min > 255 ? 255 : min;
		KT_EXPECT_EQ(t, z->pages_min, min);
		KT_EXPECT_EQ(t, z->pages_low, 2 * min);
		KT_EXPECT_EQ(t, z->pages_high, 3 * min);
	}
	KT_EXPECT(t, zones >= 1);
	KT_EXPECT_EQ(t, zone_table[ZONE_HIGHMEM].present_pages, totalhigh_pages);
	KT_EXPECT_EQ(t, zone_table[ZONE_DMA].present_pages + zone_table[ZONE_NORMAL].present_pages +
				zone_table[ZONE_HIGHMEM].present_pages,
			totalram_pages);
}

KTEST(zones, gfp_dma_stays_below_16mib)
{
	struct page *p[8];

	for (unsigned int i = 0; i < 8; i++) {
		p[i] = alloc_pages(GFP_DMA, i & 3);
		KT_ASSERT(t, p[i] != NULL);
		KT_EXPECT(t, page_to_pfn(p[i]) + (1UL << (i & 3)) <= MAX_DMA_PFN);
		KT_EXPECT_EQ(t, page_zonenum(p[i]), ZONE_DMA);
	}
	for (unsigned int i = 0; i < 8; i++)
		__free_pages(p[i], i & 3);
}

KTEST(zones, kernel_falls_back_at_low_stops_at_min_atomic_fails_cleanly)
{
	struct zone *normal = &zone_table[ZONE_NORMAL], *dma = &zone_table[ZONE_DMA];
	struct zone *high = &zone_table[ZONE_HIGHMEM];
	struct mm_snapshot snap;
	unsigned long high_free, normal_at_first_dma = ~0UL, fails, reclaims, n = 0;
	struct page *p;
	LIST_HEAD(held);

	kmem_cache_reap(); /* empty slabs would otherwise come back through reclaim */
	mm_snapshot_take(&snap);
	high_free = high->free_pages;

	/* GFP_KERNEL: NORMAL down to low, DMA down to low, then both down to min. */
	while ((p = alloc_page(GFP_KERNEL))) {
		if (page_zonenum(p) == ZONE_DMA && normal_at_first_dma == ~0UL)
			normal_at_first_dma = normal->free_pages;
		KT_EXPECT(t, page_zonenum(p) != ZONE_HIGHMEM);
		list_add(&p->list, &held);
		n++;
	}
	ktest_log("GFP_KERNEL took %lu pages; Normal %lu/min %lu, DMA %lu/min %lu", n,
		  normal->free_pages, normal->pages_min, dma->free_pages, dma->pages_min);
	if (normal->present_pages)
		KT_EXPECT_EQ(t, normal_at_first_dma, normal->pages_low);
	if (normal->present_pages)
		KT_EXPECT_EQ(t, normal->free_pages, normal->pages_min);
	KT_EXPECT_EQ(t, dma->free_pages, dma->pages_min);
	KT_EXPECT_EQ(t, high->free_pages, high_free);

	/* GFP_ATOMIC digs further, to half of min, then fails without reclaim. */
	fails = vm_events.alloc_fail_atomic;
	reclaims = vm_events.reclaim_calls;
	while ((p = alloc_page(GFP_ATOMIC)))
		list_add(&p->list, &held);
	KT_EXPECT_EQ(t, vm_events.alloc_fail_atomic, fails + 1);
	KT_EXPECT_EQ(t, vm_events.reclaim_calls, reclaims);
	if (normal->present_pages)
		KT_EXPECT_EQ(t, normal->free_pages, normal->pages_min / 2);
	KT_EXPECT_EQ(t, dma->free_pages, dma->pages_min / 2);
	KT_EXPECT(t, alloc_page(GFP_ATOMIC) == NULL);
	KT_EXPECT(t, alloc_page(GFP_KERNEL) == NULL);

	/* __GFP_MEMALLOC ignores the watermarks. */
	while ((p = alloc_page(__GFP_MEMALLOC)))
		list_add(&p->list, &held);
	KT_EXPECT_EQ(t, normal->free_pages, 0);
	KT_EXPECT_EQ(t, dma->free_pages, 0);
	KT_EXPECT_EQ(t, high->free_pages, high_free);

	mm_free_list(&held, 0);
	mm_snapshot_expect_equal(t, &snap);
}

KTEST(zones, highuser_prefers_highmem_then_falls_back_at_low)
{
	struct zone *high = &zone_table[ZONE_HIGHMEM];
	struct mm_snapshot snap;
	struct page *p;
	unsigned long n = 0, high_at_fallback = ~0UL, fallbacks;
	LIST_HEAD(held);

	mm_snapshot_take(&snap);
	fallbacks = zone_table[ZONE_NORMAL].fallback_count + zone_table[ZONE_DMA].fallback_count;
	p = alloc_page(GFP_HIGHUSER);
	KT_ASSERT(t, p != NULL);
	if (!high->present_pages) {
		KT_EXPECT(t, page_zonenum(p) != ZONE_HIGHMEM);
		__free_page(p);
		ktest_log("no HIGHMEM with this much RAM: GFP_HIGHUSER served from lowmem");
		return;
	}
	KT_EXPECT_EQ(t, page_zonenum(p), ZONE_HIGHMEM);
	KT_EXPECT(t, PageHighMem(p));
	list_add(&p->list, &held);
	while ((p = alloc_page(GFP_HIGHUSER))) {
		list_add(&p->list, &held);
		n++;
		if (page_zonenum(p) != ZONE_HIGHMEM) {
			high_at_fallback = high->free_pages;
			break;
		}
	}
	ktest_log("took %lu HIGHMEM pages before falling back", n);
	KT_EXPECT_EQ(t, high_at_fallback, high->pages_low);
	KT_EXPECT_EQ(t, zone_table[ZONE_NORMAL].fallback_count + zone_table[ZONE_DMA].fallback_count,
		     fallbacks + 1);
	mm_free_list(&held, 0);
	mm_snapshot_expect_equal(t, &snap);
}
