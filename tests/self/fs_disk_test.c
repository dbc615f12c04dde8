/*
 * ext2_disk: the kernel mounts an ext2 image on an ATA disk (hda, made by
 * tests/ext2_disk_check.py with mke2fs -d, 4 KiB blocks) on /test, checks a
 * file the host put there, writes new files, overwrites and extends old
 * ones, creates and unlinks a scratch file, then syncs and unmounts. The
 * host then runs e2fsck -fn and dumps the files with debugfs to compare
 * them with the same patterns (fs_pattern). Skipped when there is no disk.
 */
#include "tests/self/fs_test.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/string.h"
#include "mm/pagemap.h"
#include "mm/vm.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"

/* Open path with flags and write n pattern bytes of seed at off. */
static int put_pattern(const char *path, unsigned int flags, u32 seed, loff_t off, size_t n)
{
	struct file *f = vfs_open(path, flags, 0644);
	int err;

	if (IS_ERR(f))
		return PTR_ERR(f);
	err = fs_test_write_pattern(f, seed, off, n, 3333);
	vfs_close(f);
	return err;
}

KTEST_TIMEOUT(ext2_disk, write_files_for_host_check, 240)
{
	struct kstatfs before, after;
	struct kstat st;
	u32 crc;
	loff_t size;

	static const char *const disks[] = { "hda", "hdb", "hdd" };
	const char *disk = NULL;

	for (unsigned int i = 0; i < ARRAY_SIZE(disks) && !disk; i++)
		if (block_device_find(disks[i]))
			disk = disks[i];
	if (!disk) {
		ktest_skip(t, "no ATA disk");
		return;
	}
	KT_ASSERT_EQ(t, vfs_mount(disk, "/test", "ext2"), 0);
	KT_ASSERT_EQ(t, vfs_statfs("/test", &before), 0);
	/* The host makes the disk with 4 KiB blocks, or 2 KiB for its revision 0 run. */
	KT_EXPECT(t, before.block_size == 4096 || before.block_size == 2048);
	/* The host wrote /existing: 20000 bytes of pattern 3. */
	KT_ASSERT_EQ(t, fs_test_path_crc(NULL, "/test/existing", O_RDONLY, 4096, &crc, &size), 0);
	KT_EXPECT_EQ(t, size, 20000);
	KT_EXPECT_EQ(t, crc, fs_pattern_crc(0, 3, 0, 20000));
	/* ".." out of the mounted root leads back to the ramdisk. */
	KT_EXPECT_EQ(t, vfs_stat("/test/../etc/motd", &st), 0);
	/* New files: small, and large enough for double indirection with 4 KiB blocks. */
	KT_EXPECT_EQ(t, put_pattern("/test/new_small", O_CREAT | O_EXCL | O_WRONLY, 1, 0, 5000), 0);
	KT_EXPECT_EQ(t, put_pattern("/test/new_big", O_CREAT | O_EXCL | O_WRONLY, 2, 0,
				    (12 + 1024 + 10) * 4096), 0);
	/* Overwrite the middle of /existing, extend /grow. */
	KT_EXPECT_EQ(t, put_pattern("/test/existing", O_WRONLY, 4, 1000, 2000), 0);
	KT_EXPECT_EQ(t, put_pattern("/test/grow", O_WRONLY, 5, 3000, 70000), 0);
	/* A file created and removed leaves no trace. */
	KT_EXPECT_EQ(t, put_pattern("/test/scratch", O_CREAT | O_WRONLY, 6, 0, 50000), 0);
	KT_EXPECT_EQ(t, vfs_unlink("/test/scratch"), 0);
	KT_EXPECT_EQ(t, vfs_sync(), 0);
	KT_ASSERT_EQ(t, vfs_statfs("/test", &after), 0);
	KT_EXPECT_EQ(t, before.free_inodes - after.free_inodes, 2);
	KT_EXPECT_EQ(t, vfs_umount("/test"), 0);
	/* /test is the ramdisk's directory again. */
	KT_EXPECT_EQ(t, vfs_stat("/test/size/kib_100", &st), 0);
	page_cache_drop_clean(NULL);
}

/* The ATA disk the host made, or NULL (the suite then skips). */
static struct block_device *ext2_test_disk(void)
{
	static const char *const disks[] = { "hda", "hdb", "hdd" };

	for (unsigned int i = 0; i < ARRAY_SIZE(disks); i++)
		if (block_device_find(disks[i]))
			return block_device_find(disks[i]);
	return NULL;
}

/*
 * Issue 12: a file write-back that the disk refuses is -EIO to fsync, and
 * the page stays dirty, so the data is written once the disk takes writes
 * again (the host's debugfs dump of /wbfail checks what reached the disk).
 */
KTEST_TIMEOUT(ext2_disk, failed_writeback_is_eio_to_fsync_and_the_page_stays_dirty, 120)
{
	struct block_device *bdev = ext2_test_disk();
	unsigned long before;
	struct page *page;
	struct file *f;
	u32 crc;
	loff_t size;

	if (!bdev) {
		ktest_skip(t, "no ATA disk");
		return;
	}
	KT_ASSERT_EQ(t, vfs_mount(bdev->name, "/test", "ext2"), 0);
	f = vfs_open("/test/wbfail", O_CREAT | O_EXCL | O_RDWR, 0644);
	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, fs_test_write_pattern(f, 7, 0, 8192, 8192), 0);
	KT_EXPECT_EQ(t, vfs_fsync(f), 0);
	/* Overwrite the first page, then let no write reach the disk. */
	KT_EXPECT_EQ(t, fs_test_write_pattern(f, 8, 0, 4096, 4096), 0);
	before = block_fail_injected();
	block_fail_inject(bdev, BLOCK_WRITE, 0, bdev->nr_sectors);
	KT_EXPECT_EQ(t, vfs_fsync(f), -EIO);
	block_fail_inject(NULL, BLOCK_WRITE, 0, 0);
	KT_EXPECT(t, block_fail_injected() > before);
	page = find_get_page(f->f_inode->i_mapping, 0);
	KT_ASSERT(t, page != NULL);
	KT_EXPECT(t, PageDirty(page));
	KT_EXPECT(t, PageUptodate(page));
	put_page(page);
	/* The disk writes again: the same fsync now succeeds and the page is clean. */
	KT_EXPECT_EQ(t, vfs_fsync(f), 0);
	page = find_get_page(f->f_inode->i_mapping, 0);
	KT_ASSERT(t, page != NULL);
	KT_EXPECT(t, !PageDirty(page));
	put_page(page);
	vfs_close(f);
	/* Read back from the disk, not the cache. */
	KT_EXPECT_EQ(t, vfs_umount("/test"), 0);
	KT_ASSERT_EQ(t, vfs_mount(bdev->name, "/test", "ext2"), 0);
	KT_EXPECT_EQ(t, fs_test_path_crc(NULL, "/test/wbfail", O_RDONLY, 4096, &crc, &size), 0);
	KT_EXPECT_EQ(t, size, 8192);
	KT_EXPECT_EQ(t, crc, fs_pattern_crc(fs_pattern_crc(0, 8, 0, 4096), 7, 4096, 4096));
	KT_EXPECT_EQ(t, vfs_umount("/test"), 0);
}

/*
 * Issue 12: when the disk cannot read metadata (a directory block, an
 * inode table block), the call fails with -EIO, and nothing half-done is
 * written: the host's e2fsck -fn after the boot must be clean.
 */
KTEST_TIMEOUT(ext2_disk, metadata_read_error_is_eio_and_the_image_stays_intact, 120)
{
	struct block_device *bdev = ext2_test_disk();
	struct kstat st;
	struct file *f;
	unsigned long before;

	if (!bdev) {
		ktest_skip(t, "no ATA disk");
		return;
	}
	KT_ASSERT_EQ(t, vfs_mount(bdev->name, "/test", "ext2"), 0);
	drop_caches(); /* every directory and inode block must come from the disk */
	before = block_fail_injected();
	block_fail_inject(bdev, BLOCK_READ, 0, bdev->nr_sectors);
	KT_EXPECT_EQ(t, vfs_stat("/test/existing", &st), -EIO);
	f = vfs_open("/test/readfail_new", O_CREAT | O_EXCL | O_WRONLY, 0644);
	KT_EXPECT_EQ(t, IS_ERR(f) ? PTR_ERR(f) : 0, -EIO);
	if (!IS_ERR(f))
		vfs_close(f);
	KT_EXPECT_EQ(t, vfs_unlink("/test/grow"), -EIO);
	block_fail_inject(NULL, BLOCK_READ, 0, 0);
	KT_EXPECT(t, block_fail_injected() > before);
	/* The disk reads again: everything is where it was, nothing new is there. */
	KT_EXPECT_EQ(t, vfs_stat("/test/existing", &st), 0);
	KT_EXPECT_EQ(t, st.size, 20000);
	KT_EXPECT_EQ(t, vfs_stat("/test/grow", &st), 0);
	KT_EXPECT_EQ(t, vfs_stat("/test/readfail_new", &st), -ENOENT);
	KT_EXPECT_EQ(t, vfs_sync(), 0);
	KT_EXPECT_EQ(t, vfs_umount("/test"), 0);
}

/*
 * Issue 12, the same through a shared mapping: msync(MS_SYNC) of a page
 * whose write-back the disk refuses is -EIO, the page stays dirty, and a
 * later msync writes it (the host's dump of /msfail checks the disk).
 */
#define MSYNC_BASE 0x48000000UL
#define MS_SYNC 4 /* Linux's value */
KTEST_TIMEOUT(ext2_disk, failed_writeback_is_eio_to_msync_and_the_page_stays_dirty, 120)
{
	struct block_device *bdev = ext2_test_disk();
	struct mm_struct *mm;
	struct page *page;
	struct file *f;
	u32 crc;
	loff_t size;

	if (!bdev) {
		ktest_skip(t, "no ATA disk");
		return;
	}
	KT_ASSERT_EQ(t, vfs_mount(bdev->name, "/test", "ext2"), 0);
	f = vfs_open("/test/msfail", O_CREAT | O_EXCL | O_RDWR, 0644);
	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, fs_test_write_pattern(f, 9, 0, 4096, 4096), 0);
	KT_EXPECT_EQ(t, vfs_fsync(f), 0);
	mm = mm_alloc();
	KT_ASSERT(t, mm != NULL);
	current->mm = mm; /* as the process that maps it */
	activate_mm(mm);
	KT_EXPECT_EQ(t, do_mmap(mm, MSYNC_BASE, PAGE_SIZE, PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_FIXED, f, 0), (long)MSYNC_BASE);
	KT_EXPECT_EQ(t, put_user_u32(0x41424344, (u32 __user *)MSYNC_BASE), 0);
	block_fail_inject(bdev, BLOCK_WRITE, 0, bdev->nr_sectors);
	KT_EXPECT_EQ(t, sys_msync(MSYNC_BASE, PAGE_SIZE, MS_SYNC), -EIO);
	block_fail_inject(NULL, BLOCK_WRITE, 0, 0);
	page = find_get_page(f->f_inode->i_mapping, 0);
	KT_ASSERT(t, page != NULL);
	KT_EXPECT(t, PageDirty(page));
	put_page(page);
	KT_EXPECT_EQ(t, sys_msync(MSYNC_BASE, PAGE_SIZE, MS_SYNC), 0);
	page = find_get_page(f->f_inode->i_mapping, 0);
	KT_ASSERT(t, page != NULL);
	KT_EXPECT(t, !PageDirty(page));
	put_page(page);
	current->mm = NULL;
	activate_mm(NULL);
	mmput(mm);
	vfs_close(f);
	KT_EXPECT_EQ(t, vfs_umount("/test"), 0);
	KT_ASSERT_EQ(t, vfs_mount(bdev->name, "/test", "ext2"), 0);
	KT_EXPECT_EQ(t, fs_test_path_crc(NULL, "/test/msfail", O_RDONLY, 4096, &crc, &size), 0);
	KT_EXPECT_EQ(t, size, 4096);
	KT_EXPECT_EQ(t, vfs_umount("/test"), 0);
}
