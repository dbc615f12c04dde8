/*
 * The allocator's page checks (bad_page): a double free, freeing a page
 * that is still mapped, still in the page cache or on an LRU list, and
 * freeing a reserved kernel page are all reported, and the page is never
 * handed out twice.
 */
#include "tests/self/mm_test.h"
#include "mm/debug.h"
#include "mm/lru.h"

extern char __kernel_start[];

KTEST(page_checks, double_free_is_detected)
{
	unsigned long reports = bad_page_reports, free_after_first;
	struct page *p = alloc_page(GFP_KERNEL);

	KT_ASSERT(t, p != NULL);
	__free_page(p);
	free_after_first = nr_free_pages();
	bad_page_expect(true);
	__free_page(p);
	bad_page_expect(false);
	KT_EXPECT_EQ(t, bad_page_reports, reports + 1);
	KT_EXPECT_EQ(t, nr_free_pages(), free_after_first);
	KT_EXPECT_EQ(t, zone_verify(page_zone(p)), 0);
}

KTEST(page_checks, double_free_of_a_block_is_detected)
{
	unsigned long reports = bad_page_reports, free_after_first;
	struct page *p = alloc_pages(GFP_KERNEL, 2);

	KT_ASSERT(t, p != NULL);
	__free_pages(p, 2);
	free_after_first = nr_free_pages();
	bad_page_expect(true);
	__free_pages(p, 2);
	bad_page_expect(false);
	KT_EXPECT_EQ(t, bad_page_reports, reports + 1);
	KT_EXPECT_EQ(t, nr_free_pages(), free_after_first);
}

/* Free p in a state the checks must refuse; then repair it and free it for real. */
static void expect_refused(struct ktest *t, struct page *p, const char *what)
{
	unsigned long reports = bad_page_reports, free_before = nr_free_pages();

	bad_page_expect(true);
	__free_page(p);
	bad_page_expect(false);
	if (!KT_EXPECT_EQ(t, bad_page_reports, reports + 1))
		ktest_log("freeing a page %s was not reported", what);
	KT_EXPECT_EQ(t, nr_free_pages(), free_before);
	KT_EXPECT(t, !PageBuddy(p));
}

KTEST(page_checks, freeing_a_mapped_page_is_detected)
{
	struct page *p = alloc_page(GFP_KERNEL);
	unsigned long free_before;

	KT_ASSERT(t, p != NULL);
	/* What rmap leaves behind while a PTE maps the page. */
	p->pte_chain = (struct pte_chain *)0xdead0000;
	expect_refused(t, p, "mapped by a PTE");
	p->pte_chain = NULL;
	set_page_count(p, 1);
	free_before = nr_free_pages();
	__free_page(p);
	KT_EXPECT_EQ(t, nr_free_pages(), free_before + 1);
}

KTEST(page_checks, freeing_a_page_cache_or_lru_page_is_detected)
{
	struct page *p = alloc_page(GFP_KERNEL);

	KT_ASSERT(t, p != NULL);
	p->mapping = (struct address_space *)0xdead1000;
	expect_refused(t, p, "with a mapping");
	p->mapping = NULL;
	set_page_count(p, 1);

	set_page_flag(p, PG_swapcache);
	expect_refused(t, p, "in the swap cache");
	clear_page_flag(p, PG_swapcache);
	set_page_count(p, 1);

	set_page_flag(p, PG_locked);
	expect_refused(t, p, "locked");
	clear_page_flag(p, PG_locked);
	set_page_count(p, 1);

	/* Plain history flags are simply cleared. */
	set_page_flag(p, PG_dirty);
	set_page_flag(p, PG_referenced);
	set_page_age(p, 7);
	__free_page(p);
	KT_EXPECT(t, !PageDirty(p) && !PageReferenced(p));
	KT_EXPECT_EQ(t, page_age(p), 0);
}

/* The LRU lists hold no reference: the last put_page takes a page off its list. */
KTEST(page_checks, freeing_an_lru_page_takes_it_off_its_list)
{
	struct page *p = alloc_page(GFP_KERNEL);
	struct lru_counts before, on, after;

	KT_ASSERT(t, p != NULL);
	lru_counts(&before);
	lru_cache_add(p);
	lru_counts(&on);
	KT_EXPECT_EQ(t, on.active, before.active + 1);
	KT_EXPECT(t, PageActive(p));
	KT_EXPECT_EQ(t, page_age(p), PAGE_AGE_START);
	deactivate_page(p);
	lru_counts(&on);
	KT_EXPECT_EQ(t, on.active, before.active);
	KT_EXPECT_EQ(t, on.inactive_dirty, before.inactive_dirty + 1);
	KT_EXPECT(t, PageInactiveDirty(p) && !PageActive(p));
	put_page(p);
	lru_counts(&after);
	KT_EXPECT_EQ(t, after.active, before.active);
	KT_EXPECT_EQ(t, after.inactive_dirty, before.inactive_dirty);
	KT_EXPECT(t, !PageLRU(p));
}

KTEST(page_checks, freeing_a_reserved_kernel_page_is_detected)
{
	struct page *p = virt_to_page(__kernel_start);
	unsigned long reports = bad_page_reports;

	KT_ASSERT(t, PageReserved(p));
	KT_ASSERT_EQ(t, page_count(p), 1);
	bad_page_expect(true);
	__free_page(p);
	bad_page_expect(false);
	KT_EXPECT_EQ(t, bad_page_reports, reports + 1);
	set_page_count(p, 1);
	KT_EXPECT(t, PageReserved(p));
}

KTEST(page_checks, struct_page_is_32_bytes)
{
	KT_EXPECT_EQ(t, sizeof(struct page), 32);
	KT_EXPECT_EQ(t, page_to_pfn(pfn_to_page(1234)), 1234);
	KT_EXPECT(t, virt_to_page(__va(0x200000)) == pfn_to_page(0x200));
}
