/*
 * Reverse-map benchmarks (`bench=rmap`), deterministic under -icount, on
 * address spaces built in the kernel (mm_alloc, do_mmap, populate_range,
 * dup_mm as fork's copy, mmput as exit's teardown):
 *   rmap_struct_page          bytes of struct page (goal <= 32)
 *   rmap_shared_100mms        bytes of chain blocks per mapped PTE x1000,
 *                             100 mms mapping the same shared object of
 *                             32 MiB (less where RAM is short: the figure
 *                             does not depend on the size); goal <= 4600
 *   rmap_mapped_once          the same for the object mapped by one mm (0)
 *   rmap_shared_2mms          and by two (one block of 15 slots for 2 PTEs)
 *   rmap_fork_exit_8m         dup_mm + mmput of an mm with 8 MiB of private
 *                             anonymous memory resident, cycles per round
 *                             (only where 8 MiB fits), and per resident page
 *   rmap_fork_exit_share      the part of that the reverse map costs
 *                             (pte_link, pte_unlink, the chain blocks the
 *                             callers allocate and the unlinks free), in
 *                             permille (goal <= 200): the same rounds run
 *                             again with rmap_bench_bypass set, and the
 *                             difference is the reverse map's
 *   rmap_fork_links           that difference for dup_mm alone (the links
 *                             and their blocks), cycles per page
 *   rmap_exit_unlinks         and for mmput alone (the unlinks)
 */
#include "kernel/bench.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/vm.h"
#include "mm/rmap.h"

#define BASE 0x40000000UL
#define SHARED_PAGES 8192 /* 32 MiB */
#define NMMS 100

KBENCH(rmap, memory_per_shared_pte)
{
	static struct mm_struct *mms[NMMS];
	unsigned long pages = SHARED_PAGES, blocks0, once;
	long r;

	bench_report("rmap_struct_page", "bytes", sizeof(struct page));
	/* Data, 100 page directories and tables, ~4 bytes a PTE of chains: keep half of RAM free. */
	if (pages > nr_free_pages() / 4)
		pages = nr_free_pages() / 4 & ~1023UL;
	if (pages < 1024)
		pages = 1024;
	mms[0] = mm_alloc();
	BUG_ON(!mms[0]);
	r = do_mmap(mms[0], BASE, pages * PAGE_SIZE, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);
	BUG_ON(r != (long)BASE);
	blocks0 = rmap_stats.chain_blocks;
	BUG_ON(populate_range(mms[0], BASE, BASE + pages * PAGE_SIZE, true));
	once = rmap_stats.chain_blocks - blocks0;
	bench_report("rmap_mapped_once", "bytes_per_pte_x1000", once * sizeof(struct pte_chain) * 1000 / pages);
	for (int i = 1; i < NMMS; i++) {
		mms[i] = dup_mm(mms[0]);
		BUG_ON(!mms[i]);
		if (i == 1) /* the price of cache-line blocks: a pair fills 2 of 15 slots */
			bench_report("rmap_shared_2mms", "bytes_per_pte_x1000",
				     (rmap_stats.chain_blocks - blocks0) * sizeof(struct pte_chain) *
					     1000 / (pages * 2));
	}
	bench_report("rmap_shared_100mms", "bytes_per_pte_x1000",
		     (rmap_stats.chain_blocks - blocks0) * sizeof(struct pte_chain) * 1000 / (pages * NMMS));
	printk("bench: (rmap_shared_100mms: %lu pages of %lu KiB shared by %d mms, %lu chain blocks)\n",
	       pages, pages * 4, NMMS, rmap_stats.chain_blocks - blocks0);
	for (int i = NMMS - 1; i >= 0; i--)
		mmput(mms[i]);
}

#define FORK_PAGES 2048 /* 8 MiB */
#define FORK_ROUNDS 20

/* FORK_ROUNDS of dup_mm + mmput of parent: cycles spent in each half. */
static void fork_exit_rounds(struct mm_struct *parent, u64 *fork, u64 *exit)
{
	*fork = *exit = 0;
	for (int i = 0; i < FORK_ROUNDS; i++) {
		u64 t0 = arch_cycles(), t1;
		struct mm_struct *child = dup_mm(parent);

		BUG_ON(!child);
		t1 = arch_cycles();
		mmput(child);
		*exit += arch_cycles() - t1;
		*fork += t1 - t0;
	}
}

KBENCH(rmap, fork_exit_8m)
{
	struct mm_struct *parent;
	u64 fork, exit, fork_bypass, exit_bypass, plain, bypass;
	long r;

	if (nr_free_pages() < FORK_PAGES + FORK_PAGES / 2) {
		printk("bench: (rmap_fork_exit_8m: not enough RAM for 8 MiB resident)\n");
		return;
	}
	parent = mm_alloc();
	BUG_ON(!parent);
	r = do_mmap(parent, BASE, FORK_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);
	BUG_ON(r != (long)BASE);
	BUG_ON(populate_range(parent, BASE, BASE + FORK_PAGES * PAGE_SIZE, true));
	mmput(dup_mm(parent)); /* warm the caches' slabs */

	fork_exit_rounds(parent, &fork, &exit);
	/* The same rounds without the reverse map: nothing else runs, and
	 * each child is gone (its links never made) before the switch flips back. */
	rmap_bench_bypass = true;
	fork_exit_rounds(parent, &fork_bypass, &exit_bypass);
	rmap_bench_bypass = false;
	plain = fork + exit;
	bypass = fork_bypass + exit_bypass;

	bench_report("rmap_fork_exit_8m", "cycles_per_round", plain / FORK_ROUNDS);
	bench_report("rmap_fork_exit_8m", "cycles_per_page", plain / FORK_ROUNDS / FORK_PAGES);
	bench_report("rmap_fork_exit_share", "permille_in_rmap",
		     plain > bypass ? (plain - bypass) * 1000 / plain : 0);
	/* Where the reverse map's part goes: the links of fork, the unlinks of exit. */
	bench_report("rmap_fork_links", "cycles_per_page",
		     fork > fork_bypass ? (fork - fork_bypass) / FORK_ROUNDS / FORK_PAGES : 0);
	bench_report("rmap_exit_unlinks", "cycles_per_page",
		     exit > exit_bypass ? (exit - exit_bypass) / FORK_ROUNDS / FORK_PAGES : 0);
	printk("bench: (rmap_fork_exit_8m: %llu cycles a round, %llu without the reverse map)\n",
	       plain / FORK_ROUNDS, bypass / FORK_ROUNDS);
	mmput(parent);
}
