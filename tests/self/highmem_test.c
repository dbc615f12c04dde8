/*
 * HIGHMEM access: kmap gives a working address for high and low pages and
 * page_address agrees with it; kmap_atomic maps through a fixmap slot and
 * unmaps it again; kmap recycles its slots when more pages than LAST_PKMAP
 * pass through it; __GFP_ZERO clears high pages.
 */
#include "tests/self/mm_test.h"
#include "arch/x86/mmu.h"

#define KMAP_PAGES 16

KTEST(highmem, kmap_gives_a_working_address)
{
	struct page *pg[KMAP_PAGES];
	unsigned int high = 0;

	for (unsigned int i = 0; i < KMAP_PAGES; i++) {
		u32 *v;

		pg[i] = alloc_page(GFP_HIGHUSER);
		KT_ASSERT(t, pg[i] != NULL);
		high += PageHighMem(pg[i]);
		v = kmap(pg[i]);
		KT_ASSERT(t, v != NULL);
		KT_EXPECT(t, page_address(pg[i]) == v);
		if (PageHighMem(pg[i]))
			KT_EXPECT(t, (unsigned long)v >= PKMAP_BASE &&
					     (unsigned long)v < PKMAP_BASE + LAST_PKMAP * PAGE_SIZE);
		for (u32 w = 0; w < PAGE_SIZE / 4; w++)
			v[w] = mm_pattern(page_to_pfn(pg[i]), 7, w);
		kunmap(pg[i]);
	}
	if (totalhigh_pages)
		KT_EXPECT_EQ(t, high, KMAP_PAGES);
	else
		ktest_log("no HIGHMEM with this much RAM: lowmem path only");
	/* Map them all at once, read back, then release. */
	for (unsigned int i = 0; i < KMAP_PAGES; i++) {
		u32 *v = kmap(pg[i]);
		unsigned long bad = 0;

		for (u32 w = 0; w < PAGE_SIZE / 4; w++)
			bad += v[w] != mm_pattern(page_to_pfn(pg[i]), 7, w);
		KT_EXPECT_EQ(t, bad, 0);
	}
	for (unsigned int i = 0; i < KMAP_PAGES; i++) {
		kunmap(pg[i]);
		__free_page(pg[i]);
	}
}

KTEST(highmem, kmap_atomic_maps_a_fixmap_slot_and_unmaps_it)
{
	struct page *p = alloc_page(GFP_HIGHUSER);
	u32 *a, *k;
	unsigned long bad = 0;

	KT_ASSERT(t, p != NULL);
	a = kmap_atomic(p, KM_USER0);
	KT_EXPECT(t, !arch_irqs_enabled());
	if (PageHighMem(p)) {
		pte_t *ptep = lookup_kernel_pte((unsigned long)a);

		KT_EXPECT(t, (unsigned long)a >= FIXADDR_START);
		KT_ASSERT(t, ptep != NULL);
		KT_EXPECT(t, pte_present(ptep_get(ptep)));
		KT_EXPECT_EQ(t, pte_pfn(ptep_get(ptep)), page_to_pfn(p));
	} else {
		KT_EXPECT(t, a == page_address(p));
	}
	for (u32 w = 0; w < PAGE_SIZE / 4; w++)
		a[w] = mm_pattern(page_to_pfn(p), 9, w);
	kunmap_atomic(a, KM_USER0);
	KT_EXPECT(t, arch_irqs_enabled());
	if (PageHighMem(p))
		KT_EXPECT(t, pte_none(ptep_get(lookup_kernel_pte((unsigned long)a))));

	/* The same frame through another mapping shows the same data. */
	k = kmap(p);
	for (u32 w = 0; w < PAGE_SIZE / 4; w++)
		bad += k[w] != mm_pattern(page_to_pfn(p), 9, w);
	kunmap(p);
	KT_EXPECT_EQ(t, bad, 0);
	__free_page(p);
}

KTEST(highmem, kmap_recycles_slots_past_last_pkmap)
{
	const unsigned int n = LAST_PKMAP + LAST_PKMAP / 2;
	struct page *p, *first = NULL;
	unsigned int mapped = 0;
	LIST_HEAD(held);

	if (totalhigh_pages < n + 2 * zone_table[ZONE_HIGHMEM].pages_low) {
		ktest_skip(t, "needs more HIGHMEM than LAST_PKMAP pages (boot with 1G or more)");
		return;
	}
	for (unsigned int i = 0; i < n; i++) {
		u32 *v;

		p = alloc_page(GFP_HIGHUSER);
		KT_ASSERT(t, p != NULL && PageHighMem(p));
		list_add(&p->list, &held);
		if (!first)
			first = p;
		v = kmap(p);
		v[0] = mm_pattern(page_to_pfn(p), 3, 0);
		v[1023] = mm_pattern(page_to_pfn(p), 3, 1023);
		kunmap(p);
		mapped++;
	}
	KT_EXPECT_EQ(t, mapped, n);
	KT_EXPECT(t, pkmap_slots_used() <= LAST_PKMAP);
	/* The early pages lost their slot to later ones: mapping them again works. */
	list_for_each_entry(p, &held, list) {
		u32 *v = kmap(p);

		KT_EXPECT_EQ(t, v[0], mm_pattern(page_to_pfn(p), 3, 0));
		KT_EXPECT_EQ(t, v[1023], mm_pattern(page_to_pfn(p), 3, 1023));
		kunmap(p);
		if (p == first)
			break;
	}
	mm_free_list(&held, 0);
}

KTEST(highmem, gfp_zero_clears_high_pages)
{
	struct page *p = alloc_page(GFP_HIGHUSER), *q;
	u32 *v;
	unsigned long nonzero = 0;

	KT_ASSERT(t, p != NULL);
	v = kmap_atomic(p, KM_USER0);
	memset(v, 0xa5, PAGE_SIZE);
	kunmap_atomic(v, KM_USER0);
	__free_page(p);
	q = alloc_page(GFP_HIGHUSER | __GFP_ZERO); /* the free lists are LIFO: likely p */
	KT_ASSERT(t, q != NULL);
	if (q != p)
		ktest_log("got a different frame back; still checking it is zeroed");
	v = kmap_atomic(q, KM_USER0);
	for (u32 w = 0; w < PAGE_SIZE / 4; w++)
		nonzero += v[w] != 0;
	kunmap_atomic(v, KM_USER0);
	KT_EXPECT_EQ(t, nonzero, 0);
	__free_page(q);
}
