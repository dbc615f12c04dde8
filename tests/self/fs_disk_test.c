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
