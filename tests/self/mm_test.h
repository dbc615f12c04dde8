/*
 * Helpers shared by the memory-manager self-tests: a fixed-seed PRNG, a
 * pattern derived from a frame number and an allocation serial, and a
 * snapshot of every zone's free counts per order for exact-state checks.
 */
#ifndef TESTS_SELF_MM_TEST_H
#define TESTS_SELF_MM_TEST_H

#include "kernel/ktest.h"
#include "kernel/string.h"
#include "mm/internal.h"

struct mm_rng {
	u32 s;
};

static inline u32 mm_rng_next(struct mm_rng *r)
{
	u32 x = r->s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	r->s = x;
	return x;
}

static inline u32 mm_rng_below(struct mm_rng *r, u32 n) { return mm_rng_next(r) % n; }

/* The word a test writes at word w of frame pfn for allocation number serial. */
static inline u32 mm_pattern(unsigned long pfn, u32 serial, u32 w)
{
	u32 x = (u32)pfn * 0x9E3779B1u ^ serial * 0x85EBCA6Bu ^ w * 0xC2B2AE35u;

	return x ^ (x >> 15);
}

struct mm_snapshot {
	unsigned long free[MAX_NR_ZONES];
	unsigned long counts[MAX_NR_ZONES][MAX_ORDER];
};

static inline void mm_snapshot_take(struct mm_snapshot *s)
{
	for (unsigned int z = 0; z < MAX_NR_ZONES; z++)
		s->free[z] = zone_free_snapshot(&zone_table[z], s->counts[z]);
}

/* Expect every zone's free count and every order's block count to match. */
static inline bool mm_snapshot_expect_equal(struct ktest *t, const struct mm_snapshot *a)
{
	struct mm_snapshot b;
	bool ok = true;

	mm_snapshot_take(&b);
	for (unsigned int z = 0; z < MAX_NR_ZONES; z++) {
		ok &= KT_EXPECT_EQ(t, b.free[z], a->free[z]);
		for (unsigned int o = 0; o < MAX_ORDER; o++)
			if (b.counts[z][o] != a->counts[z][o]) {
				ktest_log("zone %s order %u: %lu blocks, expected %lu",
					  zone_table[z].name, o, b.counts[z][o], a->counts[z][o]);
				ok &= KT_EXPECT_EQ(t, b.counts[z][o], a->counts[z][o]);
			}
		ok &= KT_EXPECT_EQ(t, zone_verify(&zone_table[z]), 0);
	}
	return ok;
}

/* Free a list of blocks linked through page->list, each of the given order. */
static inline unsigned long mm_free_list(struct list_head *head, unsigned int order)
{
	unsigned long n = 0;

	while (!list_empty(head)) {
		struct page *p = list_first_entry(head, struct page, list);

		list_del_init(&p->list);
		__free_pages(p, order);
		n++;
	}
	return n;
}

#endif
