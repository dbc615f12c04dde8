/*
 * Page-cache benchmarks (`bench=filemap`), deterministic under -icount:
 *   filemap_lookup_1k / _100k   find_get_page + put_page of a cached page,
 *                               with 1,000 and 100,000 pages in the cache
 *                               (the 100k figure only where RAM allows);
 *                               must stay flat: the hash is sized from RAM
 *   filemap_lookup_growth       100k figure as a percentage of the 1k one
 *   filemap_seqread_ra / _nora  cold sequential read of a ramdisk file
 *                               through the page cache, with and without
 *                               read-ahead, in cycles per KiB
 *   filemap_seqread_hot         the same file again, all pages cached
 */
#include "kernel/bench.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "fs/vfs.h"
#include "mm/mm.h"
#include "mm/pagemap.h"

#define LOOKUPS 200000

static struct address_space bench_mapping;

/* Fill bench_mapping with pages [have, n); returns how many it holds. */
static unsigned long fill(unsigned long have, unsigned long n)
{
	for (; have < n; have++) {
		struct page *p;

		if (nr_free_pages() < totalram_pages / 8 + 256)
			break; /* leave the rest of RAM alone */
		p = alloc_page(GFP_HIGHUSER);
		if (!p)
			break;
		BUG_ON(add_to_page_cache(p, &bench_mapping, have));
		set_page_flag(p, PG_uptodate);
		unlock_page(p);
		put_page(p); /* the cache keeps its reference */
	}
	return have;
}

static u64 time_lookups(unsigned long n)
{
	u32 x = 12345;
	u64 t0 = arch_cycles();

	for (unsigned int i = 0; i < LOOKUPS; i++) {
		struct page *p;

		x = x * 1103515245u + 12345u;
		p = find_get_page(&bench_mapping, (x >> 8) % n);
		BUG_ON(!p);
		put_page(p);
	}
	return (arch_cycles() - t0) / LOOKUPS;
}

KBENCH(filemap, lookup_cached)
{
	unsigned long n;
	u64 small, big;

	page_cache_init();
	init_address_space(&bench_mapping, NULL, NULL);
	n = fill(0, 1000);
	BUG_ON(n < 1000);
	small = time_lookups(1000);
	bench_report("filemap_lookup_1k", "cycles_per_op", small);
	n = fill(n, 100000);
	if (n == 100000) {
		big = time_lookups(100000);
		bench_report("filemap_lookup_100k", "cycles_per_op", big);
		bench_report("filemap_lookup_growth", "percent", big * 100 / small);
	} else {
		pr_warn("bench: only %lu pages fit; no 100k lookup figure at this RAM size\n", n);
	}
	for (unsigned long i = 0; i < n; i++) {
		struct page *p = find_get_page(&bench_mapping, i);

		lock_page(p);
		remove_from_page_cache(p);
		unlock_page(p);
		put_page(p);
	}
}

static void seqread(const char *name, unsigned int flags, bool cold)
{
	static char buf[16384];
	struct file *f = vfs_open("/test/size/kib_640", O_RDONLY | flags, 0);
	u64 t0, bytes = 0;
	ssize_t r;

	if (IS_ERR(f)) {
		pr_warn("bench: no /test/size/kib_640 (%ld)\n", PTR_ERR(f));
		return;
	}
	if (cold)
		page_cache_drop_clean(NULL);
	t0 = arch_cycles();
	while ((r = vfs_read(f, buf, sizeof(buf))) > 0)
		bytes += (u64)r;
	bench_report(name, "cycles_per_kib", (arch_cycles() - t0) / (bytes >> 10 ? bytes >> 10 : 1));
	vfs_close(f);
}

KBENCH(filemap, seqread)
{
	seqread("filemap_seqread_ra", 0, true);
	seqread("filemap_seqread_hot", 0, false);
	seqread("filemap_seqread_nora", O_NOREADAHEAD, true);
	page_cache_drop_clean(NULL);
}
