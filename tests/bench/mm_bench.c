/*
 * Memory-manager benchmarks (`bench=mm`): the cost of the hot paths in
 * cycles per operation, which must not grow with the amount of RAM.
 *   page_alloc_free_order0   alloc_page + __free_page of the same page
 *   page_alloc_free_batch64  64 alloc_page, then 64 __free_page (per page)
 *   page_alloc_free_order3   alloc_pages(order 3) + __free_pages
 *   kmalloc64_kfree          kmalloc(64) + kfree
 *   kmalloc_batch64          64 kmalloc(64), then 64 kfree (per object)
 */
#include "kernel/bench.h"
#include "kernel/panic.h"
#include "mm/mm.h"

#define ROUNDS 20000
#define BATCH 64

static void time_pairs(const char *name, unsigned int order)
{
	u64 t0;
	unsigned int i;

	for (i = 0; i < 100; i++) /* warm up: the free lists settle */
		__free_pages(alloc_pages(GFP_KERNEL, order), order);
	t0 = arch_cycles();
	for (i = 0; i < ROUNDS; i++) {
		struct page *p = alloc_pages(GFP_KERNEL, order);

		BUG_ON(!p);
		__free_pages(p, order);
	}
	bench_report(name, "cycles_per_op", (arch_cycles() - t0) / ROUNDS);
}

KBENCH(mm, page_alloc_free_order0)
{
	time_pairs("page_alloc_free_order0", 0);
}

KBENCH(mm, page_alloc_free_order3)
{
	time_pairs("page_alloc_free_order3", 3);
}

KBENCH(mm, page_alloc_free_batch64)
{
	struct page *held[BATCH];
	unsigned int r, i;
	u64 t0 = arch_cycles();

	for (r = 0; r < ROUNDS / BATCH; r++) {
		for (i = 0; i < BATCH; i++) {
			held[i] = alloc_page(GFP_KERNEL);
			BUG_ON(!held[i]);
		}
		for (i = 0; i < BATCH; i++)
			__free_page(held[i]);
	}
	bench_report("page_alloc_free_batch64", "cycles_per_op",
		     (arch_cycles() - t0) / ((ROUNDS / BATCH) * BATCH));
}

KBENCH(mm, kmalloc64_kfree)
{
	u64 t0;
	unsigned int i;

	kfree(kmalloc(64, GFP_KERNEL));
	t0 = arch_cycles();
	for (i = 0; i < ROUNDS; i++) {
		void *p = kmalloc(64, GFP_KERNEL);

		BUG_ON(!p);
		kfree(p);
	}
	bench_report("kmalloc64_kfree", "cycles_per_op", (arch_cycles() - t0) / ROUNDS);
}

KBENCH(mm, kmalloc_batch64)
{
	void *held[BATCH];
	unsigned int r, i;
	u64 t0 = arch_cycles();

	for (r = 0; r < ROUNDS / BATCH; r++) {
		for (i = 0; i < BATCH; i++) {
			held[i] = kmalloc(64, GFP_KERNEL);
			BUG_ON(!held[i]);
		}
		for (i = 0; i < BATCH; i++)
			kfree(held[i]);
	}
	bench_report("kmalloc_batch64", "cycles_per_op",
		     (arch_cycles() - t0) / ((ROUNDS / BATCH) * BATCH));
}
