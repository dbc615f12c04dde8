/*
 * filemap: the page cache's own rules. The cache's reference is taken by
 * add_to_page_cache and dropped by remove_from_page_cache; a second read
 * of a page is a hit with no new I/O; concurrent readers of one page share
 * a single read and the same struct page; a read error reaches the reader
 * as -EIO and the next read tries the device again; read-ahead reads the
 * following pages of a sequential reader only; dropping clean pages really
 * empties a file's mapping.
 */
#include "tests/self/fs_test.h"
#include "fs/buffer.h"
#include "fs/ext2/ext2.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "mm/pagemap.h"

KTEST(filemap, add_find_remove_reference_counts)
{
	struct address_space m;
	struct page *p = alloc_page(GFP_KERNEL), *q, *dup = alloc_page(GFP_KERNEL);

	KT_ASSERT(t, p && dup);
	init_address_space(&m, NULL, NULL);
	KT_EXPECT_EQ(t, page_count(p), 1);
	KT_ASSERT_EQ(t, add_to_page_cache(p, &m, 7), 0);
	KT_EXPECT_EQ(t, page_count(p), 2);       /* ours and the cache's */
	KT_EXPECT(t, PageLocked(p));             /* locked until its read is done */
	KT_EXPECT(t, p->mapping == &m && p->index == 7);
	KT_EXPECT_EQ(t, m.nrpages, 1);
	KT_EXPECT_EQ(t, add_to_page_cache(dup, &m, 7), -EEXIST);
	KT_EXPECT_EQ(t, page_count(dup), 1);
	unlock_page(p);
	q = find_get_page(&m, 7);
	KT_EXPECT(t, q == p);
	KT_EXPECT_EQ(t, page_count(p), 3);
	put_page(q);
	KT_EXPECT(t, find_get_page(&m, 8) == NULL);
	lock_page(p);
	remove_from_page_cache(p);
	unlock_page(p);
	KT_EXPECT_EQ(t, page_count(p), 1);
	KT_EXPECT(t, p->mapping == NULL);
	KT_EXPECT_EQ(t, m.nrpages, 0);
	KT_EXPECT(t, find_get_page(&m, 7) == NULL);
	put_page(p);
	put_page(dup);
}

KTEST_NEEDS(filemap, second_read_is_a_hit, "ram0")
{
	struct pagecache_stats a, b, c;
	struct file *f = vfs_open("/etc/motd", O_RDONLY | O_NOREADAHEAD, 0);
	char buf[64];

	KT_ASSERT(t, !IS_ERR(f));
	page_cache_drop_clean(f->f_inode->i_mapping);
	KT_EXPECT_EQ(t, f->f_inode->i_mapping->nrpages, 0);
	pagecache_stats(&a);
	KT_EXPECT_EQ(t, vfs_pread(f, buf, sizeof(buf), 0), sizeof(buf));
	pagecache_stats(&b);
	KT_EXPECT_EQ(t, b.misses - a.misses, 1);
	KT_EXPECT_EQ(t, b.readpages - a.readpages, 1);
	KT_EXPECT_EQ(t, f->f_inode->i_mapping->nrpages, 1);
	KT_EXPECT_EQ(t, vfs_pread(f, buf, sizeof(buf), 10), sizeof(buf));
	pagecache_stats(&c);
	KT_EXPECT_EQ(t, c.hits - b.hits, 1);
	KT_EXPECT_EQ(t, c.misses, b.misses);
	KT_EXPECT_EQ(t, c.readpages, b.readpages);
	vfs_close(f);
}

KTEST_NEEDS(filemap, drop_clean_empties_the_mapping, "ram0")
{
	struct file *f = vfs_open("/test/size/kib_100", O_RDONLY, 0);
	u32 crc;
	loff_t size;
	unsigned long dropped;

	KT_ASSERT(t, !IS_ERR(f));
	KT_ASSERT_EQ(t, fs_test_file_crc(f, 4096, &crc, &size), 0);
	KT_EXPECT_EQ(t, f->f_inode->i_mapping->nrpages, 25);
	dropped = page_cache_drop_clean(f->f_inode->i_mapping);
	KT_EXPECT_EQ(t, dropped, 25);
	KT_EXPECT_EQ(t, f->f_inode->i_mapping->nrpages, 0);
	vfs_close(f);
}

KTEST_NEEDS(filemap, readahead_only_for_sequential_readers, "ram0")
{
	struct pagecache_stats a, b;
	struct file *f = vfs_open("/test/size/kib_640", O_RDONLY, 0);
	char buf[16];

	KT_ASSERT(t, !IS_ERR(f));
	page_cache_drop_clean(f->f_inode->i_mapping);
	pagecache_stats(&a);
	KT_EXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), sizeof(buf)); /* page 0: sequential */
	pagecache_stats(&b);
	KT_EXPECT_EQ(t, b.readahead - a.readahead, RA_MIN_PAGES);
	KT_EXPECT_EQ(t, f->f_inode->i_mapping->nrpages, 1 + RA_MIN_PAGES);
	/* A jump far away reads just that page. */
	a = b;
	KT_EXPECT_EQ(t, vfs_pread(f, buf, sizeof(buf), 100 * 4096), sizeof(buf));
	pagecache_stats(&b);
	KT_EXPECT_EQ(t, b.readahead, a.readahead);
	page_cache_drop_clean(f->f_inode->i_mapping);
	vfs_close(f);
}

struct reader {
	struct address_space *mapping;
	struct page *page;
	int err;
};

static void reader_thread(void *arg)
{
	struct reader *r = arg;
	struct page *p = read_cache_page(r->mapping, 0);

	if (IS_ERR(p)) {
		r->err = PTR_ERR(p);
		return;
	}
	r->page = p;
	put_page(p);
}

/* Mount a copy of ram0 whose requests complete `delay` ticks late. */
static struct super_block *mount_overlay(struct ktest *t, struct block_device **ovp)
{
	struct block_device *ram0 = block_device_find("ram0"), *ov;
	struct super_block *sb;

	if (!ram0)
		return NULL;
	ov = overlay_create(ram0);
	if (!ov)
		return NULL;
	sb = vfs_mount_bdev(ov, "ext2");
	if (IS_ERR(sb)) {
		overlay_destroy(ov);
		return NULL;
	}
	*ovp = ov;
	return sb;
}

static void unmount_overlay(struct ktest *t, struct super_block *sb, struct block_device *ov)
{
	KT_EXPECT_EQ(t, vfs_put_super(sb), 0);
	overlay_destroy(ov);
}

KTEST_NEEDS(filemap, concurrent_readers_share_one_read, "ram0")
{
	struct block_device *ov;
	struct super_block *sb = mount_overlay(t, &ov);
	struct reader r[4];
	struct task *th[4];
	struct pagecache_stats a, b;
	struct inode *inode;
	unsigned long reads;

	KT_ASSERT(t, sb);
	inode = path_lookup_at(sb->s_root, "/test/size/kib_100");
	KT_ASSERT(t, !IS_ERR(inode));
	overlay_set_delay(ov, 5); /* the read stays in flight for 50 ms */
	reads = ov->reads;
	pagecache_stats(&a);
	for (int i = 0; i < 4; i++) {
		r[i] = (struct reader){ inode->i_mapping, NULL, 0 };
		th[i] = kthread_create(reader_thread, &r[i], "fs-reader");
		KT_ASSERT(t, th[i]);
	}
	for (int i = 0; i < 4; i++)
		kthread_join(th[i]);
	pagecache_stats(&b);
	for (int i = 0; i < 4; i++) {
		KT_EXPECT_EQ(t, r[i].err, 0);
		KT_EXPECT(t, r[i].page == r[0].page);
	}
	KT_EXPECT(t, r[0].page != NULL);
	KT_EXPECT_EQ(t, b.readpages - a.readpages, 1);
	KT_EXPECT_EQ(t, ov->reads - reads, 1); /* 4 blocks of 1 KiB, contiguous: one request */
	overlay_set_delay(ov, 0);
	iput(inode);
	unmount_overlay(t, sb, ov);
}

KTEST_NEEDS(filemap, read_error_reaches_reader_as_eio, "ram0")
{
	struct block_device *ov;
	struct super_block *sb = mount_overlay(t, &ov);
	struct pagecache_stats a, b;
	struct file *f;
	struct kstat st;
	u32 phys = 0, crc, want_crc, spb;
	loff_t size, want_size;
	char buf[32];

	KT_ASSERT(t, sb);
	KT_ASSERT_EQ(t, fs_test_path_crc(NULL, "/etc/motd", O_RDONLY, 512, &want_crc,
					 &want_size), 0);
	f = vfs_open_at(sb->s_root, "/etc/motd", O_RDONLY, 0);
	KT_ASSERT(t, !IS_ERR(f));
	vfs_fstat(f, &st);
	/* Find motd's first data block through the block map and make it unreadable. */
	KT_ASSERT_EQ(t, ext2_get_block(f->f_inode, 0, &phys, false), 0);
	KT_ASSERT(t, phys != 0);
	spb = sb->s_blocksize / SECTOR_SIZE;
	overlay_set_fail(ov, (u64)phys * spb, (u64)phys * spb + spb);
	pagecache_stats(&a);
	KT_EXPECT_EQ(t, vfs_pread(f, buf, sizeof(buf), 0), -EIO);
	pagecache_stats(&b);
	KT_EXPECT_EQ(t, b.read_errors - a.read_errors, 1);
	/* The failed page left the cache: once the device works, the data comes back. */
	overlay_set_fail(ov, 0, 0);
	KT_EXPECT_EQ(t, fs_test_file_crc(f, 512, &crc, &size), 0);
	KT_EXPECT_EQ(t, crc, want_crc);
	KT_EXPECT_EQ(t, size, want_size);
	vfs_close(f);
	unmount_overlay(t, sb, ov);
}
