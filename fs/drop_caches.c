/*
 * drop_caches: give back every page the caches hold only for speed. The
 * self-test runner calls it around each suite so that comparing free pages
 * finds real leaks, not cached data. Order matters: write back first, so
 * that dirty pages and inodes become clean and droppable; pages before
 * inodes' remains; empty slabs last, after the objects in them were freed.
 */
#include "fs/vfs.h"
#include "fs/buffer.h"
#include "mm/mm.h"
#include "mm/pagemap.h"
#include "mm/rmap.h"
#include "mm/swap.h"

void drop_caches(void)
{
	vfs_sync();
	page_cache_drop_clean(NULL);
	swap_cache_drop_unused();
	invalidate_buffers(NULL);
	prune_icache();
	rmap_drain_block_cache();
	kmem_cache_reap();
}
