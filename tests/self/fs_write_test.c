/*
 * fs_write: writes through the page cache reach ram0 and read back right
 * from the device after the caches are dropped: overwrite in place, extend
 * across the direct / single / double indirect boundaries, create new
 * files, write far out (triple indirect, sparse), unlink. The superblock's
 * free block and inode counts return to their starting values after
 * create + unlink, and directory entries are inserted and removed with
 * their rec_len chains intact (readdir sees exactly the live names).
 */
#include "tests/self/fs_test.h"
#include "fs/buffer.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/pagemap.h"
#include "mm/mm.h"
#include "fs/proc/internal.h"

/* Write back everything, then forget every clean page and metadata buffer. */
static void sync_and_drop(struct ktest *t)
{
	KT_EXPECT_EQ(t, vfs_sync(), 0);
	page_cache_drop_clean(NULL);
	invalidate_buffers(NULL);
}

static void counts(struct kstatfs *st)
{
	vfs_statfs("/", st);
}

/* Every test reads the root filesystem on ram0. */
KTEST_SUITE_NEEDS(fs_write, "ram0");

KTEST_TIMEOUT(fs_write, overwrite_extend_create_unlink_read_back, 200)
{
	const char *path = "/test/w_patterns";
	struct kstatfs before, after;
	struct file *f;
	u32 crc, want;
	loff_t size;
	const size_t big = 300 * 1024; /* past 12 direct + 256 single-indirect 1 KiB blocks */

	sync_and_drop(t);
	counts(&before);
	f = vfs_open(path, O_CREAT | O_EXCL | O_RDWR, 0644);
	KT_ASSERT(t, !IS_ERR(f));
	/* Create: 5000 bytes in odd pieces. */
	KT_ASSERT_EQ(t, fs_test_write_pattern(f, 1, 0, 5000, 777), 0);
	/* Extend into double-indirect range, crossing page boundaries unaligned. */
	KT_ASSERT_EQ(t, fs_test_write_pattern(f, 1, 5000, big - 5000, 3000), 0);
	/* Overwrite a range in the middle with another pattern. */
	KT_ASSERT_EQ(t, fs_test_write_pattern(f, 2, 10000, 20000, 4096), 0);
	vfs_close(f);
	sync_and_drop(t);

	want = fs_pattern_crc(0, 1, 0, 10000);
	want = fs_pattern_crc(want, 2, 10000, 20000);
	want = fs_pattern_crc(want, 1, 30000, big - 30000);
	KT_ASSERT_EQ(t, fs_test_path_crc(NULL, path, O_RDONLY, 4096, &crc, &size), 0);
	KT_EXPECT_EQ(t, size, big);
	KT_EXPECT_EQ(t, crc, want);

	/* Append with O_APPEND, then truncate back down, then read again. */
	f = vfs_open(path, O_WRONLY | O_APPEND, 0);
	KT_ASSERT(t, !IS_ERR(f));
	{
		char tail[100];

		fs_pattern_fill(tail, 3, 0, sizeof(tail));
		KT_EXPECT_EQ(t, vfs_write(f, tail, sizeof(tail)), sizeof(tail));
	}
	KT_EXPECT_EQ(t, vfs_truncate(f, 7000), 0);
	vfs_close(f);
	sync_and_drop(t);
	want = fs_pattern_crc(0, 1, 0, 7000);
	KT_ASSERT_EQ(t, fs_test_path_crc(NULL, path, O_RDONLY, 1000, &crc, &size), 0);
	KT_EXPECT_EQ(t, size, 7000);
	KT_EXPECT_EQ(t, crc, want);

	KT_EXPECT_EQ(t, vfs_unlink(path), 0);
	KT_EXPECT_EQ(t, vfs_stat(path, &(struct kstat){ 0 }), -ENOENT);
	sync_and_drop(t);
	counts(&after);
	KT_EXPECT_EQ(t, after.free_blocks, before.free_blocks);
	KT_EXPECT_EQ(t, after.free_inodes, before.free_inodes);
}

KTEST(fs_write, overwrite_existing_file_in_place)
{
	/* /etc/hostname is 7 bytes on the image; change 3 and put them back. */
	struct file *f = vfs_open("/etc/hostname", O_RDWR, 0);
	char orig[8] = { 0 }, now[8] = { 0 };

	KT_ASSERT(t, !IS_ERR(f));
	KT_ASSERT_EQ(t, vfs_pread(f, orig, 7, 0), 7);
	KT_ASSERT_EQ(t, vfs_pwrite(f, "XYZ", 3, 2), 3);
	vfs_close(f);
	sync_and_drop(t);
	f = vfs_open("/etc/hostname", O_RDWR, 0);
	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, vfs_pread(f, now, 8, 0), 7);
	KT_EXPECT(t, !memcmp(now, orig, 2) && !memcmp(now + 2, "XYZ", 3) &&
		     !memcmp(now + 5, orig + 5, 2));
	KT_EXPECT_EQ(t, vfs_pwrite(f, orig + 2, 3, 2), 3);
	vfs_close(f);
	sync_and_drop(t);
}

KTEST(fs_write, sparse_write_past_double_indirect)
{
	const char *path = "/test/w_sparse";
	const loff_t far = 66LL << 20; /* 1 KiB blocks: > 65804 KiB needs triple indirection */
	struct kstatfs before, after;
	struct file *f;
	char buf[512], zero[512];
	struct kstat st;

	sync_and_drop(t);
	counts(&before);
	f = vfs_open(path, O_CREAT | O_EXCL | O_RDWR, 0644);
	KT_ASSERT(t, !IS_ERR(f));
	KT_ASSERT_EQ(t, fs_test_write_pattern(f, 5, far, 6000, 4096), 0);
	vfs_close(f);
	sync_and_drop(t);
	KT_ASSERT_EQ(t, vfs_stat(path, &st), 0);
	KT_EXPECT_EQ(t, st.size, far + 6000);
	/* 6 data blocks and the triple, double and single indirect blocks. */
	KT_EXPECT_EQ(t, st.blocks, (6 + 3) * 2);
	f = vfs_open(path, O_RDONLY, 0);
	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, vfs_pread(f, buf, sizeof(buf), far + 5000), sizeof(buf));
	fs_pattern_fill(zero, 5, (u64)far + 5000, sizeof(zero));
	KT_EXPECT(t, !memcmp(buf, zero, sizeof(buf)));
	memset(zero, 0, sizeof(zero));
	KT_EXPECT_EQ(t, vfs_pread(f, buf, sizeof(buf), 40LL << 20), sizeof(buf));
	KT_EXPECT(t, !memcmp(buf, zero, sizeof(buf))); /* a hole reads as zeroes */
	vfs_close(f);
	KT_EXPECT_EQ(t, vfs_unlink(path), 0);
	sync_and_drop(t);
	counts(&after);
	KT_EXPECT_EQ(t, after.free_blocks, before.free_blocks);
	KT_EXPECT_EQ(t, after.free_inodes, before.free_inodes);
}

#define NDIRENT 60

struct seen {
	u8 count[NDIRENT];
	int others;
};

static int seen_fill(void *ctx, const char *name, int len, u32 ino, unsigned int type)
{
	struct seen *s = ctx;
	static const char pfx[] = "w_entry_with_a_rather_long_name_";

	if (len == (int)sizeof(pfx) + 1 && !memcmp(name, pfx, sizeof(pfx) - 1)) {
		int n = (name[len - 2] - '0') * 10 + (name[len - 1] - '0');

		if (n >= 0 && n < NDIRENT) {
			s->count[n]++;
			return 0;
		}
	}
	s->others++;
	return 0;
}

static void scan(struct ktest *t, struct seen *s)
{
	struct file *d = vfs_open("/test/size", O_RDONLY, 0);

	memset(s, 0, sizeof(*s));
	KT_ASSERT(t, !IS_ERR(d));
	KT_EXPECT_EQ(t, vfs_readdir(d, s, seen_fill), 0);
	vfs_close(d);
}

KTEST_TIMEOUT(fs_write, directory_entries_insert_and_remove, 200)
{
	struct kstatfs before, after;
	struct kstat dir_before, dir_after;
	struct seen s;
	char path[96];
	int others;

	sync_and_drop(t);
	counts(&before);
	KT_ASSERT_EQ(t, vfs_stat("/test/size", &dir_before), 0);
	scan(t, &s);
	others = s.others;
	for (int i = 0; i < NDIRENT; i++) {
		snprintf(path, sizeof(path), "/test/size/w_entry_with_a_rather_long_name_%02d", i);
		KT_ASSERT_EQ(t, vfs_create(path, 0644), 0);
	}
	KT_EXPECT_EQ(t, vfs_create("/test/size/w_entry_with_a_rather_long_name_07", 0644), -EEXIST);
	/* Remove every third, from the middle of blocks and block starts alike. */
	for (int i = 0; i < NDIRENT; i += 3) {
		snprintf(path, sizeof(path), "/test/size/w_entry_with_a_rather_long_name_%02d", i);
		KT_ASSERT_EQ(t, vfs_unlink(path), 0);
	}
	sync_and_drop(t);
	scan(t, &s);
	KT_EXPECT_EQ(t, s.others, others);
	for (int i = 0; i < NDIRENT; i++)
		KT_EXPECT_EQ(t, s.count[i], i % 3 ? 1 : 0);
	/* Re-create two removed names: they reuse the freed slots. */
	KT_EXPECT_EQ(t, vfs_create("/test/size/w_entry_with_a_rather_long_name_00", 0644), 0);
	KT_EXPECT_EQ(t, vfs_create("/test/size/w_entry_with_a_rather_long_name_30", 0644), 0);
	for (int i = 0; i < NDIRENT; i++) {
		snprintf(path, sizeof(path), "/test/size/w_entry_with_a_rather_long_name_%02d", i);
		if (i % 3 || i == 0 || i == 30)
			KT_EXPECT_EQ(t, vfs_unlink(path), 0);
	}
	sync_and_drop(t);
	scan(t, &s);
	KT_EXPECT_EQ(t, s.others, others);
	for (int i = 0; i < NDIRENT; i++)
		KT_EXPECT_EQ(t, s.count[i], 0);
	counts(&after);
	KT_ASSERT_EQ(t, vfs_stat("/test/size", &dir_after), 0);
	KT_EXPECT_EQ(t, after.free_inodes, before.free_inodes);
	/* Blocks come back except those the directory grew by. */
	KT_EXPECT_EQ(t, before.free_blocks - after.free_blocks,
		     (dir_after.blocks - dir_before.blocks) / 2);
	ktest_log("directory grew from %lld to %lld bytes", dir_before.size, dir_after.size);
}

/* meminfo's value of a field, in kB, from the text /proc/meminfo shows; -1 when absent. */
static long meminfo_kb(const char *name)
{
	struct proc_buf b = { 0 };
	size_t n = strlen(name);
	long v = -1;

	if (proc_meminfo_show(&b) || b.overflow) {
		kfree(b.buf);
		return -1;
	}
	for (size_t i = 0; i + n + 1 < b.len; i++) {
		if ((i == 0 || b.buf[i - 1] == '\n') && !memcmp(b.buf + i, name, n) &&
		    b.buf[i + n] == ':') {
			const char *p = b.buf + i + n + 1;

			while (*p == ' ')
				p++;
			v = (long)simple_strtoul(p, NULL, 10);
			break;
		}
	}
	kfree(b.buf);
	return v;
}

/*
 * meminfo's Dirty follows the file pages written and not yet written back:
 * dirtying 64 pages of a file raises it by 256 kB, fsync brings it back
 * (and Writeback is 0 once fsync has waited for the writes).
 */
KTEST(fs_write, meminfo_dirty_rises_and_fsync_lowers_it)
{
	const char *path = "/test/w_dirty";
	const unsigned int pages = 64;
	long d0, d1, d2, wb;
	struct file *f;

	sync_and_drop(t);
	d0 = meminfo_kb("Dirty");
	KT_ASSERT(t, d0 >= 0);
	f = vfs_open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
	KT_ASSERT(t, !IS_ERR(f));
	KT_ASSERT_EQ(t, fs_test_write_pattern(f, 5, 0, pages * PAGE_SIZE, PAGE_SIZE), 0);
	d1 = meminfo_kb("Dirty");
	KT_EXPECT_EQ(t, d1 - d0, (long)pages * 4);
	if (d1 - d0 != (long)pages * 4)
		ktest_log("Dirty %ld kB before, %ld kB after %u pages", d0, d1, pages);
	KT_EXPECT_EQ(t, vfs_fsync(f), 0);
	d2 = meminfo_kb("Dirty");
	wb = meminfo_kb("Writeback");
	KT_EXPECT(t, d2 <= d0);
	KT_EXPECT_EQ(t, wb, 0L);
	if (d2 > d0 || wb)
		ktest_log("after fsync: Dirty %ld kB (was %ld), Writeback %ld kB", d2, d0, wb);
	vfs_close(f);
	KT_EXPECT_EQ(t, vfs_unlink(path), 0);
	sync_and_drop(t);
}
