/*
 * The slab allocator and kmalloc: sizes round up to their class; a random
 * kmalloc/kfree stress keeps every object's contents (pattern check) and
 * gives all memory back; a cache's objects are distinct and aligned, its
 * slabs move between full, partial and free, and shrinking returns the
 * pages; GFP_ATOMIC kmalloc fails cleanly when memory is gone.
 */
#include "tests/self/mm_test.h"

KTEST(slab, kmalloc_rounds_up_to_its_size_class)
{
	static const size_t req[] = { 1, 16, 17, 64, 65, 100, 129, 200, 1000, 4096, 4097, 100000 };
	static const size_t cls[] = { 16, 16, 32, 64, 96, 128, 192, 256, 1024, 4096, 8192, 131072 };

	for (unsigned int i = 0; i < ARRAY_SIZE(req); i++) {
		void *p = kmalloc(req[i], GFP_KERNEL);

		KT_ASSERT(t, p != NULL);
		KT_EXPECT_EQ(t, ksize(p), cls[i]);
		KT_EXPECT_EQ(t, (unsigned long)p & 7, 0);
		memset(p, 0x5a, req[i]);
		kfree(p);
	}
	KT_EXPECT(t, kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL) == NULL);
	kfree(NULL);
}

KTEST(slab, kzalloc_returns_zeroed_memory)
{
	u8 *p = kmalloc(200, GFP_KERNEL), *q;
	unsigned int nonzero = 0;

	KT_ASSERT(t, p != NULL);
	memset(p, 0xff, 200);
	kfree(p);
	q = kzalloc(200, GFP_KERNEL); /* most likely the same object: dirty before */
	KT_ASSERT(t, q != NULL);
	for (unsigned int i = 0; i < 200; i++)
		nonzero += q[i] != 0;
	KT_EXPECT_EQ(t, nonzero, 0);
	kfree(q);
}

#define KSTRESS_SLOTS 512
#define KSTRESS_OPS 20000

struct kslot {
	u32 *p;
	u32 words;
	u32 serial;
};

static u32 kstress_size(struct mm_rng *r)
{
	u32 x = mm_rng_below(r, 100);

	if (x < 60)
		return 1 + mm_rng_below(r, 128);
	if (x < 90)
		return 1 + mm_rng_below(r, 1024);
	if (x < 99)
		return 1 + mm_rng_below(r, 4096);
	return 1 + mm_rng_below(r, 32768);
}

static unsigned long kcheck(struct kslot *s)
{
	unsigned long bad = 0;

	for (u32 w = 0; w < s->words; w++)
		bad += s->p[w] != mm_pattern((unsigned long)s->p >> 2, s->serial, w);
	return bad;
}

KTEST_TIMEOUT(slab, kmalloc_stress_keeps_contents_and_returns_memory, 300)
{
	static struct kslot slots[KSTRESS_SLOTS];
	struct mm_rng rng = { 0xBADC0DE };
	unsigned long bad = 0, allocs = 0, free_before, objs_before, live = 0, cap, i;
	u32 serial = 0;

	kmem_cache_reap();
	free_before = nr_free_lowpages();
	objs_before = slab_total_objects();
	cap = free_before * PAGE_SIZE / 4; /* bytes in flight: a quarter of lowmem */
	memset(slots, 0, sizeof(slots));
	for (i = 0; i < KSTRESS_OPS; i++) {
		struct kslot *s = &slots[mm_rng_below(&rng, KSTRESS_SLOTS)];
		u32 size;

		if (s->p) {
			bad += kcheck(s);
			live -= s->words * 4;
			kfree(s->p);
			s->p = NULL;
			continue;
		}
		size = kstress_size(&rng);
		if (live + size > cap)
			continue;
		s->p = kmalloc(size, GFP_KERNEL);
		KT_ASSERT(t, s->p != NULL);
		KT_EXPECT(t, ksize(s->p) >= size);
		s->words = size / 4;
		s->serial = ++serial;
		for (u32 w = 0; w < s->words; w++)
			s->p[w] = mm_pattern((unsigned long)s->p >> 2, s->serial, w);
		live += s->words * 4;
		allocs++;
	}
	for (i = 0; i < KSTRESS_SLOTS; i++)
		if (slots[i].p) {
			bad += kcheck(&slots[i]);
			kfree(slots[i].p);
			slots[i].p = NULL;
		}
	ktest_log("%lu kmallocs, %lu slab pages before the final reap", allocs,
		  slab_total_pages());
	KT_EXPECT_EQ(t, bad, 0);
	KT_EXPECT(t, allocs > KSTRESS_OPS / 3);
	KT_EXPECT_EQ(t, slab_total_objects(), objs_before);
	kmem_cache_reap();
	KT_EXPECT_EQ(t, nr_free_lowpages(), free_before);
}

struct test_obj {
	u32 words[10]; /* 40 bytes */
};

KTEST(slab, cache_objects_are_distinct_aligned_and_slabs_cycle)
{
	struct kmem_cache *c = kmem_cache_create("test_obj", sizeof(struct test_obj), 32);
	unsigned long slabs, free_slabs, active, free_before;
	unsigned int per, order, n;
	struct test_obj **objs;

	KT_ASSERT(t, c != NULL);
	kmem_cache_counts(c, &slabs, &free_slabs, &active, &per, &order);
	KT_EXPECT_EQ(t, slabs, 0);
	KT_EXPECT_EQ(t, per, (PAGE_SIZE << order) / 64); /* 40 rounded up to 32-byte alignment */
	n = 3 * per + 1;
	objs = kmalloc(n * sizeof(*objs), GFP_KERNEL);
	KT_ASSERT(t, objs != NULL);
	free_before = nr_free_pages();

	for (unsigned int i = 0; i < n; i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		KT_ASSERT(t, objs[i] != NULL);
		KT_EXPECT_EQ(t, (unsigned long)objs[i] & 31, 0);
		for (unsigned int w = 0; w < 10; w++)
			objs[i]->words[w] = mm_pattern(i, 1, w);
	}
	kmem_cache_counts(c, &slabs, &free_slabs, &active, &per, &order);
	KT_EXPECT_EQ(t, slabs, 4);
	KT_EXPECT_EQ(t, active, n);
	KT_EXPECT_EQ(t, free_before - nr_free_pages(), 4UL << order);
	for (unsigned int i = 0; i < n; i++)
		for (unsigned int w = 0; w < 10; w++)
			KT_ASSERT_EQ(t, objs[i]->words[w], mm_pattern(i, 1, w));

	/* Free everything: at most one empty slab stays cached. */
	for (unsigned int i = 0; i < n; i++)
		kmem_cache_free(c, objs[i]);
	kmem_cache_counts(c, &slabs, &free_slabs, &active, &per, &order);
	KT_EXPECT_EQ(t, active, 0);
	KT_EXPECT_EQ(t, slabs, 1);
	KT_EXPECT_EQ(t, free_slabs, 1);
	KT_EXPECT_EQ(t, kmem_cache_shrink(c), 1UL << order);
	kmem_cache_counts(c, &slabs, &free_slabs, &active, &per, &order);
	KT_EXPECT_EQ(t, slabs, 0);
	KT_EXPECT_EQ(t, nr_free_pages(), free_before);
	kmem_cache_destroy(c);
	kfree(objs);
}

KTEST(slab, shrink_returns_slab_memory_to_the_page_allocator)
{
	struct kmem_cache *c = kmem_cache_create("test_big", 1000, 0);
	unsigned long free_before, slabs, free_slabs, active;
	unsigned int per, order;
	void *objs[200];

	KT_ASSERT(t, c != NULL);
	free_before = nr_free_pages();
	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		KT_ASSERT(t, objs[i] != NULL);
	}
	kmem_cache_counts(c, &slabs, &free_slabs, &active, &per, &order);
	KT_EXPECT_EQ(t, slabs, (ARRAY_SIZE(objs) + per - 1) / per);
	KT_EXPECT_EQ(t, free_before - nr_free_pages(), slabs << order);
	/* Free every other object: no slab empties, nothing comes back. */
	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i += 2)
		kmem_cache_free(c, objs[i]);
	KT_EXPECT_EQ(t, kmem_cache_shrink(c), 0);
	KT_EXPECT_EQ(t, free_before - nr_free_pages(), slabs << order);
	for (unsigned int i = 1; i < ARRAY_SIZE(objs); i += 2)
		kmem_cache_free(c, objs[i]);
	kmem_cache_shrink(c);
	KT_EXPECT_EQ(t, nr_free_pages(), free_before);
	kmem_cache_destroy(c);
}

KTEST(slab, atomic_kmalloc_fails_cleanly_when_memory_is_gone)
{
	struct kmem_cache *c = kmem_cache_create("test_starved", 512, 0);
	struct mm_snapshot snap;
	struct page *p;
	LIST_HEAD(held);
	unsigned long fails;

	KT_ASSERT(t, c != NULL);
	kmem_cache_reap();
	mm_snapshot_take(&snap);
	while ((p = alloc_page(__GFP_MEMALLOC)))
		list_add(&p->list, &held);
	KT_EXPECT_EQ(t, nr_free_lowpages(), 0);
	fails = vm_events.alloc_fail;
	KT_EXPECT(t, kmem_cache_alloc(c, GFP_ATOMIC) == NULL);
	KT_EXPECT(t, kmem_cache_alloc(c, GFP_KERNEL) == NULL);
	KT_EXPECT_EQ(t, vm_events.alloc_fail, fails + 2);
	mm_free_list(&held, 0);
	mm_snapshot_expect_equal(t, &snap);
	/* Memory is back: the cache works again. */
	p = kmem_cache_alloc(c, GFP_ATOMIC);
	KT_EXPECT(t, p != NULL);
	if (p)
		kmem_cache_free(c, p);
	kmem_cache_destroy(c);
}
