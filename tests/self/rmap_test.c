/*
 * The reverse map (mm/rmap.c) and the VM invariant checker (mm/vm_check.c),
 * on address spaces built directly: mm_alloc + do_mmap of a ramdisk file,
 * handle_mm_fault to map, dup_mm to fork an mm without a task. One page
 * mapped by 1, 2, 7, 8, 15, 16 and 100 mms holds exactly those PTEs in
 * ceil(n/15) blocks of one cache line and goes back to direct and to nothing as they go away in random
 * order; page_referenced counts the mappings touched through the MMU
 * since the last call; try_to_unmap empties every PTE of a shared file
 * page, moves a PTE's dirty bit to the page, and the data faults back;
 * munmap of the middle, mprotect splits and mremap moves keep chains
 * exact; 100 mms exiting give every block, table and page back; and the
 * checker reports a corrupted chain entry, count, PTE and rss counter.
 * Suite: rmap.
 */
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "mm/vm.h"
#include "mm/rmap.h"
#include "mm/pagemap.h"
#include "mm/debug.h"
#include "fs/vfs.h"
#include "tests/self/uspace_test.h"

KTEST_SUITE_NEEDS(rmap, "ram0");

#define BASE 0x40000000UL
#define TEST_FILE "/test/size/kib_640" /* 160 pages of known bytes */

/* ---- helpers ---- */

static struct mm_struct *mm_with_file(struct file *f, unsigned long pages, unsigned long prot,
				      unsigned long flags)
{
	struct mm_struct *mm = mm_alloc();

	if (!mm)
		return NULL;
	if (do_mmap(mm, BASE, pages * PAGE_SIZE, prot, flags | MAP_FIXED, f, 0) != (long)BASE) {
		mmput(mm);
		return NULL;
	}
	return mm;
}

static struct page *page_at(struct mm_struct *mm, unsigned long addr)
{
	struct page *p;

	mutex_lock(&mm->mmap_lock);
	p = follow_page(mm, addr);
	mutex_unlock(&mm->mmap_lock);
	return p; /* referenced, or NULL */
}

struct find_pte {
	struct mm_struct *mm;
	unsigned long addr;
	pte_t *found;
	unsigned int in_mm; /* entries of this mm */
};

static void find_pte_fn(struct page *page, pte_t *ptep, void *data)
{
	struct find_pte *f = data;

	if (ptep_to_mm(ptep) != f->mm)
		return;
	f->in_mm++;
	if (ptep_to_address(ptep) == f->addr)
		f->found = ptep;
}

/* The PTE of (mm, addr) as the reverse map of page holds it, or NULL. */
static pte_t *rmap_pte_of(struct page *page, struct mm_struct *mm, unsigned long addr)
{
	struct find_pte f = { mm, addr, NULL, 0 };

	rmap_walk(page, find_pte_fn, &f, NULL);
	return f.found;
}

static unsigned int chain_blocks_of(struct page *page)
{
	unsigned int blocks;

	rmap_walk(page, NULL, NULL, &blocks);
	return blocks;
}

static unsigned int blocks_for(unsigned int n)
{
	return n <= 1 ? 0 : (n + NRPTE - 1) / NRPTE;
}

/* A deterministic shuffle (LCG) of order[0..n). */
static void shuffle(unsigned int *order, unsigned int n, u32 seed)
{
	for (unsigned int i = 0; i < n; i++)
		order[i] = i;
	for (unsigned int i = n; i > 1; i--) {
		unsigned int j;

		seed = seed * 1103515245u + 12345u;
		j = (seed >> 8) % i;
		unsigned int tmp = order[i - 1];
		order[i - 1] = order[j];
		order[j] = tmp;
	}
}

static bool enough_memory(struct ktest *t, unsigned long pages)
{
	if (nr_free_pages() > pages)
		return true;
	ktest_skip(t, "not enough free memory for this many address spaces");
	return false;
}

#define MAX_MMS 100

/*
 * n mms share page 0 of the file, either each mapping it on its own
 * (MAP_SHARED) or as a fork tree of dup_mm from a MAP_PRIVATE parent; the
 * chain is exact at every step, then the mms go in random order.
 */
static void n_mappings(struct ktest *t, unsigned int n, bool fork_tree)
{
	static struct mm_struct *mms[MAX_MMS];
	static unsigned int order[MAX_MMS];
	struct file *f = vfs_open(TEST_FILE, O_RDONLY, 0);
	struct page *page;
	unsigned int made = 0;
	u8 c = 0;

	KT_ASSERT(t, !IS_ERR(f));
	for (unsigned int i = 0; i < n; i++) {
		struct mm_struct *mm;

		if (fork_tree && i > 0) {
			/* Fork from an earlier mm picked by the shuffle's generator. */
			mm = dup_mm(mms[(i * 37u + 11u) % i]);
		} else {
			mm = mm_with_file(f, 4, PROT_READ, fork_tree ? MAP_PRIVATE : MAP_SHARED);
			if (mm && !touch(mm, BASE, false, &c)) {
				mmput(mm);
				mm = NULL;
			}
		}
		if (!KT_EXPECT(t, mm != NULL))
			break;
		mms[made++] = mm;
		if (!fork_tree && !touch(mm, BASE, false, &c))
			KT_EXPECT(t, false);
	}
	page = page_at(mms[0], BASE);
	KT_ASSERT(t, page != NULL);
	KT_EXPECT_EQ(t, page_mapcount(page), made);
	KT_EXPECT_EQ(t, test_page_flag(page, PG_direct), made == 1);
	KT_EXPECT_EQ(t, chain_blocks_of(page), blocks_for(made));
	for (unsigned int i = 0; i < made; i++)
		KT_EXPECT(t, rmap_pte_of(page, mms[i], BASE) != NULL);
	KT_EXPECT_EQ(t, vm_check("rmap test", NULL), 0);

	shuffle(order, made, 0x9e3779b9u + n);
	for (unsigned int k = 0; k < made; k++) {
		struct mm_struct *mm = mms[order[k]];
		unsigned int left = made - k - 1;

		if (k & 1)
			mmput(mm); /* exit */
		else {
			KT_EXPECT_EQ(t, do_munmap(mm, BASE, PAGE_SIZE), 0);
			KT_EXPECT(t, rmap_pte_of(page, mm, BASE) == NULL);
			mmput(mm);
		}
		KT_EXPECT_EQ(t, page_mapcount(page), left);
		KT_EXPECT_EQ(t, chain_blocks_of(page), blocks_for(left));
		KT_EXPECT_EQ(t, test_page_flag(page, PG_direct), left == 1);
	}
	KT_EXPECT(t, !page_mapped(page));
	KT_EXPECT(t, page->pte_chain == NULL);
	put_page(page);
	vfs_close(f);
}

KTEST(rmap, one_page_mapped_once_is_direct)
{
	n_mappings(t, 1, false);
}

KTEST(rmap, two_mappings_make_one_chain_block)
{
	n_mappings(t, 2, false);
}

KTEST(rmap, seven_and_eight_mappings_share_one_block)
{
	n_mappings(t, 7, false);
	n_mappings(t, 8, false);
}

KTEST(rmap, fifteen_mappings_fill_one_block)
{
	n_mappings(t, NRPTE, false);
}

KTEST(rmap, sixteen_mappings_need_two_blocks)
{
	n_mappings(t, NRPTE + 1, false);
}

KTEST_TIMEOUT(rmap, hundred_shared_mappings_in_seven_blocks, 120)
{
	if (enough_memory(t, MAX_MMS * 8))
		n_mappings(t, MAX_MMS, false);
}

KTEST(rmap, fork_tree_of_seven_eight_fifteen_and_sixteen)
{
	n_mappings(t, 7, true);
	n_mappings(t, 8, true);
	n_mappings(t, NRPTE, true);
	n_mappings(t, NRPTE + 1, true);
}

/*
 * The block is one cache line: 15 PTE addresses and the next pointer in
 * 64 bytes, each block alone in its line (the slab aligns them to their
 * size), so 100 mappings take 7 blocks. The other tests count blocks with
 * NRPTE; this one pins NRPTE itself.
 */
KTEST(rmap, chain_block_is_one_cache_line_of_fifteen)
{
	struct pte_chain *b[4];

	KT_EXPECT_EQ(t, sizeof(struct pte_chain), 64);
	KT_EXPECT_EQ(t, NRPTE, 15);
	KT_EXPECT_EQ(t, blocks_for(MAX_MMS), 7);
	KT_EXPECT_EQ(t, blocks_for(2), 1);
	for (int i = 0; i < 4; i++) {
		b[i] = pte_chain_alloc(GFP_KERNEL);
		KT_EXPECT(t, b[i] != NULL);
		KT_EXPECT_EQ(t, (uintptr_t)b[i] % L1_CACHE_BYTES, 0);
	}
	for (int i = 0; i < 4; i++)
		pte_chain_free(b[i]); /* NULL is fine */
}

KTEST_TIMEOUT(rmap, fork_tree_of_hundred, 120)
{
	if (enough_memory(t, MAX_MMS * 8))
		n_mappings(t, MAX_MMS, true);
}

KTEST(rmap, ptep_gives_mm_and_address)
{
	struct file *f = vfs_open(TEST_FILE, O_RDONLY, 0);
	struct mm_struct *mm;
	struct page *page;
	pte_t *ptep;
	u8 c = 0;

	KT_ASSERT(t, !IS_ERR(f));
	mm = mm_with_file(f, 4, PROT_READ, MAP_SHARED);
	KT_ASSERT(t, mm != NULL);
	KT_EXPECT(t, touch(mm, BASE + 3 * PAGE_SIZE, false, &c));
	page = page_at(mm, BASE + 3 * PAGE_SIZE);
	KT_ASSERT(t, page != NULL);
	KT_EXPECT(t, test_page_flag(page, PG_direct));
	ptep = page->pte_direct;
	KT_EXPECT(t, ptep_to_mm(ptep) == mm);
	KT_EXPECT_EQ(t, ptep_to_address(ptep), BASE + 3 * PAGE_SIZE);
	KT_EXPECT_EQ(t, pte_pfn(ptep_get(ptep)), page_to_pfn(page));
	put_page(page);
	mmput(mm);
	vfs_close(f);
}

KTEST(rmap, fork_then_cow_break_returns_pages_to_direct)
{
	struct mm_struct *parent = mm_alloc(), *child;
	struct page *p0, *p1;
	u8 v = 0x5a;

	KT_ASSERT(t, parent != NULL);
	KT_ASSERT_EQ(t, do_mmap(parent, BASE, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0), (long)BASE);
	KT_EXPECT(t, touch(parent, BASE, true, &v));
	KT_EXPECT(t, touch(parent, BASE + PAGE_SIZE, true, &v));
	child = dup_mm(parent);
	KT_ASSERT(t, child != NULL);
	p0 = page_at(parent, BASE);
	KT_ASSERT(t, p0 != NULL);
	KT_EXPECT_EQ(t, page_mapcount(p0), 2);
	KT_EXPECT(t, !test_page_flag(p0, PG_direct));
	/* Anonymous pages cannot be unmapped until swap exists. */
	KT_EXPECT_EQ(t, try_to_unmap(p0), SWAP_FAIL);
	KT_EXPECT_EQ(t, page_mapcount(p0), 2);
	v = 0x77;
	KT_EXPECT(t, touch(child, BASE, true, &v)); /* COW break in the child */
	KT_EXPECT_EQ(t, page_mapcount(p0), 1);
	KT_EXPECT(t, test_page_flag(p0, PG_direct));
	p1 = page_at(child, BASE);
	KT_ASSERT(t, p1 != NULL);
	KT_EXPECT(t, p1 != p0);
	KT_EXPECT_EQ(t, page_mapcount(p1), 1);
	KT_EXPECT_EQ(t, vm_check("rmap test", NULL), 0);
	put_page(p1);
	put_page(p0);
	mmput(child);
	mmput(parent);
}

/*
 * The exit batch's two ways: pairs on the short path (blocks straight onto
 * the reuse LIFO) mixed in one batch with longer chains on the general
 * one, then, with the LIFO filled to within 3 blocks of its cap, every
 * pair on the general path (no room for a whole batch). Counts, cap and
 * checker must agree after each.
 */
#define LIFO_PAGES 32

static unsigned long lifo_len(void)
{
	unsigned long n, max;

	rmap_block_cache_counts(&n, &max);
	return n;
}

/*
 * Fill the reuse LIFO to exactly `want` blocks (at most its cap). It is
 * emptied first: a fork's batch leaves the spares it did not use there,
 * up to a batch of them.
 */
static bool fill_block_lifo(unsigned long want)
{
	struct pte_chain *list = NULL;
	unsigned long n = 0;
	bool ok = true;

	rmap_drain_block_cache();
	while (n < want) {
		struct pte_chain *pc = pte_chain_alloc(GFP_KERNEL);

		if (!pc) {
			ok = false;
			break;
		}
		pc->next = list; /* pte_chain_free overwrites next */
		list = pc;
		n++;
	}
	while (list) {
		struct pte_chain *pc = list;

		list = pc->next;
		pc->next = NULL;
		pte_chain_free(pc);
	}
	return ok && lifo_len() == want;
}

/* LIFO_PAGES private pages written in mm at BASE, each page referenced in pages[]. */
static bool map_lifo_pages(struct ktest *t, struct mm_struct *mm, struct page **pages)
{
	u8 v = 0x3c;

	if (!mm || do_mmap(mm, BASE, LIFO_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0) != (long)BASE)
		return false;
	for (int i = 0; i < LIFO_PAGES; i++)
		KT_EXPECT(t, touch(mm, BASE + i * PAGE_SIZE, true, &v));
	for (int i = 0; i < LIFO_PAGES; i++) {
		pages[i] = page_at(mm, BASE + i * PAGE_SIZE);
		if (!pages[i])
			return false;
	}
	return true;
}

KTEST(rmap, exit_batches_free_pair_blocks_within_the_lifo_cap)
{
	struct mm_struct *parent = mm_alloc(), *c1, *c2;
	unsigned long blocks0, n, max;
	struct page *pages[LIFO_PAGES];
	u8 v = 0x3c;

	KT_ASSERT(t, map_lifo_pages(t, parent, pages));
	blocks0 = rmap_stats.chain_blocks;
	c1 = dup_mm(parent);
	c2 = dup_mm(parent);
	KT_ASSERT(t, c1 && c2);
	/* Even pages: c1 breaks COW, so parent + c2 remain, a pair; odd pages: three PTEs. */
	for (int i = 0; i < LIFO_PAGES; i += 2)
		KT_EXPECT(t, touch(c1, BASE + i * PAGE_SIZE, true, &v));
	KT_EXPECT_EQ(t, rmap_stats.chain_blocks - blocks0, LIFO_PAGES);
	rmap_block_cache_counts(&n, &max);
	KT_ASSERT(t, max > 16 + 3);
	KT_ASSERT(t, fill_block_lifo(16)); /* room for the batches: the short path */
	mmput(c2);
	for (int i = 0; i < LIFO_PAGES; i++)
		KT_EXPECT_EQ(t, page_mapcount(pages[i]), i % 2 ? 2u : 1u);
	KT_EXPECT_EQ(t, rmap_stats.chain_blocks - blocks0, LIFO_PAGES / 2);
	KT_EXPECT_EQ(t, lifo_len(), 16 + LIFO_PAGES / 2);
	KT_EXPECT_EQ(t, vm_check("rmap test", NULL), 0);
	/* No room for a batch: the odd pages' pairs go the general way, to the cap and beyond it to the slab. */
	KT_ASSERT(t, fill_block_lifo(max - 3));
	mmput(c1);
	for (int i = 0; i < LIFO_PAGES; i++) {
		KT_EXPECT_EQ(t, page_mapcount(pages[i]), 1u);
		KT_EXPECT(t, test_page_flag(pages[i], PG_direct));
	}
	KT_EXPECT_EQ(t, rmap_stats.chain_blocks, blocks0);
	KT_EXPECT_EQ(t, lifo_len(), max);
	KT_EXPECT_EQ(t, vm_check("rmap test", NULL), 0);
	for (int i = 0; i < LIFO_PAGES; i++)
		put_page(pages[i]);
	mmput(parent);
	rmap_drain_block_cache();
}

/*
 * Exit's fast loop takes only the child's PTE of a pair (the slot fork
 * put it in); a parent that exits first goes the general way, and its
 * pairs must come back to direct on the child's PTE all the same.
 */
KTEST(rmap, parent_exiting_first_leaves_the_child_direct)
{
	struct mm_struct *parent = mm_alloc(), *child;
	unsigned long blocks0;
	struct page *pages[LIFO_PAGES];

	KT_ASSERT(t, map_lifo_pages(t, parent, pages));
	blocks0 = rmap_stats.chain_blocks;
	child = dup_mm(parent);
	KT_ASSERT(t, child != NULL);
	KT_EXPECT_EQ(t, rmap_stats.chain_blocks - blocks0, LIFO_PAGES);
	KT_ASSERT(t, fill_block_lifo(16)); /* room for the batch */
	mmput(parent);
	for (int i = 0; i < LIFO_PAGES; i++) {
		struct page *p = page_at(child, BASE + i * PAGE_SIZE);

		KT_EXPECT(t, p == pages[i]);
		KT_EXPECT_EQ(t, page_mapcount(pages[i]), 1u);
		KT_EXPECT(t, test_page_flag(pages[i], PG_direct));
		if (p)
			put_page(p);
	}
	KT_EXPECT_EQ(t, rmap_stats.chain_blocks, blocks0);
	KT_EXPECT_EQ(t, lifo_len(), 16 + LIFO_PAGES);
	KT_EXPECT_EQ(t, vm_check("rmap test", NULL), 0);
	for (int i = 0; i < LIFO_PAGES; i++)
		put_page(pages[i]);
	mmput(child);
	rmap_drain_block_cache();
}

/* ---- page_referenced ---- */

KTEST(rmap, page_referenced_counts_the_mappings_touched)
{
	static struct mm_struct *mms[8];
	struct file *f = vfs_open(TEST_FILE, O_RDONLY, 0);
	struct page *page;
	u8 c = 0;

	KT_ASSERT(t, !IS_ERR(f));
	for (int i = 0; i < 8; i++) {
		mms[i] = mm_with_file(f, 2, PROT_READ, MAP_SHARED);
		KT_ASSERT(t, mms[i] != NULL);
		KT_EXPECT(t, touch(mms[i], BASE + PAGE_SIZE, false, &c));
	}
	page = page_at(mms[0], BASE + PAGE_SIZE);
	KT_ASSERT(t, page != NULL);
	KT_EXPECT_EQ(t, page_mapcount(page), 8);
	page_referenced(page); /* start from nothing */
	KT_EXPECT_EQ(t, page_referenced(page), 0);
	KT_EXPECT(t, touch(mms[1], BASE + PAGE_SIZE, false, &c));
	KT_EXPECT(t, touch(mms[3], BASE + PAGE_SIZE + 100, false, &c));
	KT_EXPECT(t, touch(mms[4], BASE + PAGE_SIZE + 4000, false, &c));
	KT_EXPECT(t, touch(mms[4], BASE + PAGE_SIZE + 8, false, &c)); /* same mapping twice */
	KT_EXPECT_EQ(t, page_referenced(page), 3);
	KT_EXPECT_EQ(t, page_referenced(page), 0);
	for (int i = 0; i < 8; i++)
		KT_EXPECT(t, touch(mms[i], BASE + PAGE_SIZE, false, &c));
	set_page_flag(page, PG_referenced);
	KT_EXPECT_EQ(t, page_referenced(page), 9); /* every PTE, and the page's own bit */
	put_page(page);
	for (int i = 0; i < 8; i++)
		mmput(mms[i]);
	vfs_close(f);
}

/* ---- try_to_unmap ---- */

#define DIRTY_FILE "/rmap_unmap_test"

KTEST(rmap, try_to_unmap_empties_every_pte_and_data_faults_back)
{
	static struct mm_struct *mms[5];
	static u8 buf[4 * PAGE_SIZE];
	struct file *f;
	struct page *page;
	u8 c = 0;

	for (unsigned int i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)(i * 7 + 3);
	vfs_unlink(DIRTY_FILE);
	f = vfs_open(DIRTY_FILE, O_CREAT | O_EXCL | O_RDWR, 0644);
	KT_ASSERT(t, !IS_ERR(f));
	KT_ASSERT_EQ(t, vfs_pwrite(f, buf, sizeof(buf), 0), sizeof(buf));
	KT_EXPECT_EQ(t, vfs_fsync(f), 0);
	for (int i = 0; i < 5; i++) {
		mms[i] = mm_with_file(f, 4, PROT_READ | PROT_WRITE, MAP_SHARED);
		KT_ASSERT(t, mms[i] != NULL);
		KT_EXPECT(t, touch(mms[i], BASE + 2 * PAGE_SIZE, false, &c));
		KT_EXPECT_EQ(t, c, buf[2 * PAGE_SIZE]);
	}
	page = page_at(mms[0], BASE + 2 * PAGE_SIZE);
	KT_ASSERT(t, page != NULL);
	KT_EXPECT_EQ(t, page_mapcount(page), 5);
	KT_EXPECT(t, !PageDirty(page));

	/* A busy mm: its PTE stays, the answer is "again". */
	mutex_lock(&mms[2]->mmap_lock);
	KT_EXPECT_EQ(t, try_to_unmap(page), SWAP_AGAIN);
	mutex_unlock(&mms[2]->mmap_lock);
	KT_EXPECT(t, rmap_pte_of(page, mms[2], BASE + 2 * PAGE_SIZE) != NULL);
	KT_EXPECT_EQ(t, vm_check("rmap test", NULL), 0);

	/* The PTEs before the busy one in the chain went: map them all again. */
	for (int i = 0; i < 5; i++)
		KT_EXPECT(t, touch(mms[i], BASE + 2 * PAGE_SIZE, false, &c));
	KT_EXPECT_EQ(t, page_mapcount(page), 5);
	/* A locked vma: "fail", and its PTE stays. */
	find_vma(mms[3], BASE)->vm_flags |= VM_LOCKED;
	KT_EXPECT_EQ(t, try_to_unmap(page), SWAP_FAIL);
	KT_EXPECT(t, rmap_pte_of(page, mms[3], BASE + 2 * PAGE_SIZE) != NULL);
	find_vma(mms[3], BASE)->vm_flags &= ~VM_LOCKED;

	for (int i = 0; i < 5; i++)
		KT_EXPECT(t, touch(mms[i], BASE + 2 * PAGE_SIZE, false, &c));
	KT_EXPECT_EQ(t, page_mapcount(page), 5);
	/* One store through one mapping: only that PTE is dirty. */
	c = 0xee;
	KT_EXPECT(t, touch(mms[4], BASE + 2 * PAGE_SIZE + 5, true, &c));
	KT_EXPECT(t, !PageDirty(page));
	KT_EXPECT_EQ(t, try_to_unmap(page), SWAP_SUCCESS);
	KT_EXPECT(t, !page_mapped(page));
	KT_EXPECT(t, PageDirty(page)); /* the dirty bit moved to the page */
	KT_EXPECT_EQ(t, page_count(page), 2); /* ours and the cache's */
	for (int i = 0; i < 5; i++) {
		struct page *p = page_at(mms[i], BASE + 2 * PAGE_SIZE);

		KT_EXPECT(t, p == NULL);
		KT_EXPECT_EQ(t, mms[i]->rss_file, 4 - 1);
	}
	KT_EXPECT_EQ(t, vm_check("rmap test", NULL), 0);
	/* Each process's next access faults it back, with the same data. */
	for (int i = 0; i < 5; i++) {
		KT_EXPECT(t, touch(mms[i], BASE + 2 * PAGE_SIZE + 5, false, &c));
		KT_EXPECT_EQ(t, c, 0xee);
		KT_EXPECT(t, touch(mms[i], BASE + 2 * PAGE_SIZE + 6, false, &c));
		KT_EXPECT_EQ(t, c, buf[2 * PAGE_SIZE + 6]);
	}
	KT_EXPECT_EQ(t, page_mapcount(page), 5);
	put_page(page);
	for (int i = 0; i < 5; i++)
		mmput(mms[i]);
	KT_EXPECT_EQ(t, vfs_fsync(f), 0);
	vfs_close(f);
	KT_EXPECT_EQ(t, vfs_unlink(DIRTY_FILE), 0);
}

/* ---- munmap, mprotect, mremap ---- */

static unsigned int mapcount_at(struct mm_struct *mm, unsigned long addr)
{
	struct page *p = page_at(mm, addr);
	unsigned int n;

	if (!p)
		return 0;
	n = page_mapcount(p);
	put_page(p);
	return n;
}

KTEST(rmap, munmap_middle_mprotect_split_mremap_move_keep_chains_exact)
{
	static struct mm_struct *mms[3];
	struct file *f = vfs_open(TEST_FILE, O_RDONLY, 0);
	struct page *p5;
	u8 c = 0;

	KT_ASSERT(t, !IS_ERR(f));
	for (int i = 0; i < 3; i++) {
		mms[i] = mm_with_file(f, 8, PROT_READ, MAP_SHARED);
		KT_ASSERT(t, mms[i] != NULL);
		for (int pg = 0; pg < 8; pg++)
			KT_EXPECT(t, touch(mms[i], BASE + pg * PAGE_SIZE, false, &c));
	}
	KT_EXPECT_EQ(t, mapcount_at(mms[0], BASE + 3 * PAGE_SIZE), 3);
	/* munmap of the middle of one mm's range. */
	KT_EXPECT_EQ(t, do_munmap(mms[1], BASE + 3 * PAGE_SIZE, 2 * PAGE_SIZE), 0);
	KT_EXPECT_EQ(t, mms[1]->map_count, 2);
	KT_EXPECT_EQ(t, mapcount_at(mms[0], BASE + 3 * PAGE_SIZE), 2);
	KT_EXPECT_EQ(t, mapcount_at(mms[0], BASE + 4 * PAGE_SIZE), 2);
	KT_EXPECT_EQ(t, mapcount_at(mms[0], BASE + 5 * PAGE_SIZE), 3);
	KT_EXPECT_EQ(t, vm_check("rmap test", NULL), 0);
	/* mprotect splits: the pages stay mapped, PROT_NONE ones too (user bit off). */
	enter_mm(mms[2]);
	KT_EXPECT_EQ(t, sys_mprotect(BASE + PAGE_SIZE, PAGE_SIZE, PROT_NONE), 0);
	KT_EXPECT_EQ(t, sys_mprotect(BASE + 6 * PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_EXEC), 0);
	leave_mm();
	KT_EXPECT(t, mms[2]->map_count >= 4);
	KT_EXPECT_EQ(t, mapcount_at(mms[0], BASE + PAGE_SIZE), 3);
	KT_EXPECT_EQ(t, mapcount_at(mms[0], BASE + 6 * PAGE_SIZE), 3);
	KT_EXPECT_EQ(t, vm_check("rmap test", NULL), 0);
	/* mremap moves the PTEs: the chain entries move with them. */
	p5 = page_at(mms[0], BASE + 5 * PAGE_SIZE);
	KT_ASSERT(t, p5 != NULL);
	enter_mm(mms[0]);
	KT_EXPECT_EQ(t, sys_mremap(BASE + 4 * PAGE_SIZE, 4 * PAGE_SIZE, 4 * PAGE_SIZE,
				   1 /* MREMAP_MAYMOVE */ | 2 /* MREMAP_FIXED */, BASE + 0x100000),
		     (long)(BASE + 0x100000));
	leave_mm();
	KT_EXPECT(t, rmap_pte_of(p5, mms[0], BASE + 5 * PAGE_SIZE) == NULL);
	KT_EXPECT(t, rmap_pte_of(p5, mms[0], BASE + 0x100000 + PAGE_SIZE) != NULL);
	KT_EXPECT_EQ(t, page_mapcount(p5), 3);
	KT_EXPECT_EQ(t, vm_check("rmap test", NULL), 0);
	put_page(p5);
	for (int i = 0; i < 3; i++)
		mmput(mms[i]);
	vfs_close(f);
}

/* ---- exit of many ---- */

KTEST_TIMEOUT(rmap, hundred_mms_exit_and_everything_returns, 120)
{
	static struct mm_struct *mms[MAX_MMS];
	struct file *f = vfs_open(TEST_FILE, O_RDONLY, 0);
	unsigned long blocks0, tables0, free0, spare0;
	struct mm_struct *first;
	u8 c = 0;

	KT_ASSERT(t, !IS_ERR(f));
	if (!enough_memory(t, MAX_MMS * 8)) {
		vfs_close(f);
		return;
	}
	/* Warm the page cache so the baseline already holds the file's pages. */
	first = mm_with_file(f, 32, PROT_READ, MAP_SHARED);
	KT_ASSERT(t, first != NULL);
	for (int pg = 0; pg < 32; pg++)
		touch(first, BASE + pg * PAGE_SIZE, false, &c);
	mmput(first);
	blocks0 = rmap_stats.chain_blocks;
	spare0 = rmap_stats.spare_blocks;
	tables0 = nr_user_pgtables();
	rmap_drain_block_cache();
	kmem_cache_reap();
	free0 = nr_free_pages();
	for (int i = 0; i < MAX_MMS; i++) {
		mms[i] = i ? dup_mm(mms[i / 2]) : mm_with_file(f, 32, PROT_READ, MAP_SHARED);
		KT_ASSERT(t, mms[i] != NULL);
		if (!i)
			for (int pg = 0; pg < 32; pg++)
				touch(mms[0], BASE + pg * PAGE_SIZE, false, &c);
	}
	KT_EXPECT_EQ(t, rmap_stats.chain_blocks - blocks0, 32 * blocks_for(MAX_MMS));
	KT_EXPECT_EQ(t, nr_user_pgtables() - tables0, MAX_MMS);
	KT_EXPECT_EQ(t, vm_check("rmap test", NULL), 0);
	for (int i = MAX_MMS - 1; i >= 0; i--)
		mmput(mms[i]);
	KT_EXPECT_EQ(t, rmap_stats.chain_blocks, blocks0);
	KT_EXPECT_EQ(t, rmap_stats.spare_blocks, spare0);
	KT_EXPECT_EQ(t, nr_user_pgtables(), tables0);
	rmap_drain_block_cache();
	kmem_cache_reap();
	KT_EXPECT_EQ(t, nr_free_pages(), free0);
	vfs_close(f);
}

/* ---- the checker can fail ---- */

KTEST(rmap, checker_reports_a_bad_entry_count_pte_and_rss)
{
	static struct mm_struct *mms[3];
	struct file *f = vfs_open(TEST_FILE, O_RDONLY, 0);
	struct vm_check_report r;
	struct page *page;
	pte_t *ptep, saved;
	int count;
	u8 c = 0;

	KT_ASSERT(t, !IS_ERR(f));
	for (int i = 0; i < 3; i++) {
		mms[i] = mm_with_file(f, 1, PROT_READ, MAP_SHARED);
		KT_ASSERT(t, mms[i] != NULL);
		KT_EXPECT(t, touch(mms[i], BASE, false, &c));
	}
	page = page_at(mms[0], BASE);
	KT_ASSERT(t, page != NULL);
	KT_EXPECT_EQ(t, vm_check("rmap test", NULL), 0);
	ptep = rmap_pte_of(page, mms[1], BASE);
	KT_ASSERT(t, ptep != NULL);

	ktest_log("four violations follow on purpose");
	/* A chain entry that points at the wrong PTE (the next, empty one). */
	KT_EXPECT(t, rmap_replace_entry(page, ptep, ptep + 1));
	KT_EXPECT(t, vm_check("corrupt entry, expected", &r) >= 2); /* both directions see it */
	KT_EXPECT(t, rmap_replace_entry(page, ptep + 1, ptep));
	KT_EXPECT_EQ(t, vm_check("repaired", NULL), 0);

	/* A reference count below the mappings. */
	count = page_count(page);
	set_page_count(page, 1);
	KT_EXPECT_EQ(t, vm_check("corrupt count, expected", NULL), 1);
	set_page_count(page, count);
	KT_EXPECT_EQ(t, vm_check("repaired", NULL), 0);

	/* A PTE changed behind the reverse map's back (points at another frame). */
	saved = ptep_get(ptep);
	set_pte(ptep, pfn_pte(page_to_pfn(zero_page), PAGE_USER_RO));
	KT_EXPECT(t, vm_check("corrupt PTE, expected", NULL) >= 1);
	set_pte(ptep, saved);
	KT_EXPECT_EQ(t, vm_check("repaired", NULL), 0);

	/* An rss counter that does not match the tables. */
	mms[2]->rss_file++;
	KT_EXPECT_EQ(t, vm_check("corrupt rss, expected", NULL), 1);
	mms[2]->rss_file--;
	KT_EXPECT_EQ(t, vm_check("repaired", &r), 0);
	KT_EXPECT(t, r.mms >= 3 && r.rmap_entries >= 3);

	put_page(page);
	for (int i = 0; i < 3; i++)
		mmput(mms[i]);
	vfs_close(f);
}

/* ---- debug_vm: the checker runs every VM_CHECK_FAULT_INTERVAL faults ---- */

KTEST(rmap, debug_vm_runs_the_checker_every_256_faults)
{
	struct mm_struct *mm;
	unsigned long runs;
	u8 c = 0;

	if (!vm_debug) {
		ktest_skip(t, "needs debug_vm on the command line");
		return;
	}
	mm = mm_alloc();
	KT_ASSERT(t, mm != NULL);
	KT_ASSERT_EQ(t, do_mmap(mm, BASE, 600 * PAGE_SIZE, PROT_READ,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0), (long)BASE);
	runs = vm_check_runs;
	for (int i = 0; i < 600; i++)
		KT_EXPECT(t, touch(mm, BASE + i * PAGE_SIZE, false, &c)); /* zero-page faults */
	KT_EXPECT(t, vm_check_runs - runs >= 2);
	mmput(mm);
}

/* ---- a stop for the gdb test (tests/gdb/gdb_test.sh): a process with mappings ---- */

/* What the gdb test reads: the pid, an address it maps, the page's frame. */
struct rmap_gdb_probe {
	int pid;
	unsigned long addr;
	unsigned long pfn;
};
struct rmap_gdb_probe rmap_gdb_probe;
void rmap_gdb_probe_point(void);

/* gdb breaks here; the probe describes a live mapping at that moment. */
__attribute__((noinline)) void rmap_gdb_probe_point(void)
{
	WRITE_ONCE(rmap_gdb_probe.pid, rmap_gdb_probe.pid);
}

KTEST(rmap, gdb_probe_with_two_mappings)
{
	struct file *f = vfs_open(TEST_FILE, O_RDONLY, 0);
	struct mm_struct *a, *b;
	struct page *page;
	u8 c = 0;

	KT_ASSERT(t, !IS_ERR(f));
	a = mm_with_file(f, 4, PROT_READ, MAP_SHARED);
	b = mm_with_file(f, 4, PROT_READ, MAP_SHARED);
	KT_ASSERT(t, a && b);
	KT_EXPECT(t, touch(a, BASE + PAGE_SIZE, false, &c));
	KT_EXPECT(t, touch(b, BASE + PAGE_SIZE, false, &c));
	page = page_at(a, BASE + PAGE_SIZE);
	KT_ASSERT(t, page != NULL);
	KT_EXPECT_EQ(t, page_mapcount(page), 2);
	enter_mm(a); /* the test thread is now a process using a: kvmas / kpte find it */
	rmap_gdb_probe.pid = current->pid;
	rmap_gdb_probe.addr = BASE + PAGE_SIZE;
	rmap_gdb_probe.pfn = page_to_pfn(page);
	rmap_gdb_probe_point();
	leave_mm();
	put_page(page);
	mmput(a);
	mmput(b);
	vfs_close(f);
}
