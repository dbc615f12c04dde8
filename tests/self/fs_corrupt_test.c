/*
 * fs_corrupt: corrupt ext2 images are refused with a message and -EUCLEAN
 * (or -EIO), and the kernel keeps running. Each test clones ram0 into an
 * in-memory overlay device, damages one structure (superblock magic, block
 * count, group table, a file's block map, a directory entry's rec_len or
 * inode number) and mounts or reads the clone; ram0 itself is untouched.
 */
#include "tests/self/fs_test.h"
#include "fs/ext2/ext2_fs.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/string.h"
#include "mm/mm.h"

static struct block_device *clone_ram0(struct ktest *t, struct ext2_raw_info *ri)
{
	struct block_device *ram0 = block_device_find("ram0"), *ov;

	if (!ram0)
		return NULL;
	ov = overlay_create(ram0);
	if (ov && ext2_raw_info(ov, ri)) {
		overlay_destroy(ov);
		return NULL;
	}
	return ov;
}

static void write_u32(struct block_device *ov, u64 off, u32 v)
{
	overlay_write(ov, off, &v, 4);
}

static void write_u16(struct block_device *ov, u64 off, u16 v)
{
	overlay_write(ov, off, &v, 2);
}

/* The mount of the damaged clone must fail with `want`. */
static void expect_mount_refused(struct ktest *t, struct block_device *ov, long want)
{
	struct super_block *sb = vfs_mount_bdev(ov, "ext2");

	KT_EXPECT(t, IS_ERR(sb));
	if (!IS_ERR(sb))
		vfs_put_super(sb);
	else
		KT_EXPECT_EQ(t, PTR_ERR(sb), want);
}

/* Every test reads the root filesystem on ram0. */
KTEST_SUITE_NEEDS(fs_corrupt, "ram0");

KTEST(fs_corrupt, clone_mounts_when_undamaged)
{
	struct ext2_raw_info ri;
	struct block_device *ov = clone_ram0(t, &ri);
	struct super_block *sb;
	u32 crc, want;
	loff_t size, want_size;

	KT_ASSERT(t, ov);
	sb = vfs_mount_bdev(ov, "ext2");
	KT_ASSERT(t, !IS_ERR(sb));
	KT_EXPECT_EQ(t, fs_test_path_crc(sb->s_root, "/etc/motd", O_RDONLY, 100, &crc, &size), 0);
	KT_EXPECT_EQ(t, fs_test_path_crc(NULL, "/etc/motd", O_RDONLY, 100, &want, &want_size), 0);
	KT_EXPECT_EQ(t, crc, want);
	KT_EXPECT_EQ(t, size, want_size);
	KT_EXPECT_EQ(t, vfs_put_super(sb), 0);
	overlay_destroy(ov);
}

KTEST(fs_corrupt, bad_magic_refused)
{
	struct ext2_raw_info ri;
	struct block_device *ov = clone_ram0(t, &ri);

	KT_ASSERT(t, ov);
	write_u16(ov, EXT2_SUPERBLOCK_OFFSET + offsetof(struct ext2_super_block, s_magic), 0x1234);
	expect_mount_refused(t, ov, -EUCLEAN);
	overlay_destroy(ov);
}

KTEST(fs_corrupt, block_count_past_device_refused)
{
	struct ext2_raw_info ri;
	struct block_device *ov = clone_ram0(t, &ri);

	KT_ASSERT(t, ov);
	write_u32(ov, EXT2_SUPERBLOCK_OFFSET + offsetof(struct ext2_super_block, s_blocks_count),
		  ri.blocks_count * 4);
	expect_mount_refused(t, ov, -EUCLEAN);
	overlay_destroy(ov);
}

KTEST(fs_corrupt, group_table_past_end_refused)
{
	struct ext2_raw_info ri;
	struct block_device *ov = clone_ram0(t, &ri);
	u32 first_data = ri.block_size == 1024 ? 1 : 0;

	KT_ASSERT(t, ov);
	write_u32(ov, (u64)(first_data + 1) * ri.block_size +
		  offsetof(struct ext2_group_desc, bg_inode_table), ri.blocks_count + 10);
	expect_mount_refused(t, ov, -EUCLEAN);
	overlay_destroy(ov);
}

KTEST(fs_corrupt, file_block_past_end_refused_on_read)
{
	struct ext2_raw_info ri;
	struct block_device *ov = clone_ram0(t, &ri);
	struct super_block *sb;
	struct kstat st;
	struct file *f;
	char buf[16];

	KT_ASSERT(t, ov);
	KT_ASSERT_EQ(t, vfs_stat("/etc/motd", &st), 0); /* same inode number in the clone */
	KT_ASSERT(t, st.ino <= ri.inodes_per_group);
	write_u32(ov, ext2_raw_inode_offset(&ri, st.ino) + offsetof(struct ext2_inode, i_block),
		  ri.blocks_count + 100);
	sb = vfs_mount_bdev(ov, "ext2");
	KT_ASSERT(t, !IS_ERR(sb));
	f = vfs_open_at(sb->s_root, "/etc/motd", O_RDONLY, 0);
	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), -EIO);
	vfs_close(f);
	KT_EXPECT_EQ(t, vfs_put_super(sb), 0);
	overlay_destroy(ov);
}

/* Find the entry `name` in the root directory's first block of the clone: its byte offset. */
static u64 root_entry(struct block_device *ov, const struct ext2_raw_info *ri, const char *name,
		      u64 *block_off)
{
	u32 blk0, off = 0;
	u8 *b = kmalloc(ri->block_size, GFP_KERNEL);
	u64 found = 0;

	if (!b)
		return 0;
	overlay_read(ov, ext2_raw_inode_offset(ri, 2) + offsetof(struct ext2_inode, i_block),
		     &blk0, 4);
	*block_off = (u64)blk0 * ri->block_size;
	overlay_read(ov, *block_off, b, ri->block_size);
	while (off + 8 <= ri->block_size) {
		struct ext2_dir_entry *de = (void *)(b + off);

		if (de->rec_len < 8)
			break;
		if (de->name_len == strlen(name) && !memcmp(de->name, name, de->name_len)) {
			found = *block_off + off;
			break;
		}
		off += de->rec_len;
	}
	kfree(b);
	return found;
}

/*
 * Mount the damaged clone, look up path `tries` times expecting err each
 * time, unmount and free the clone.
 */
static void expect_lookup_refused(struct ktest *t, struct block_device *ov, const char *path,
				  long err, int tries)
{
	struct super_block *sb = vfs_mount_bdev(ov, "ext2");

	KT_ASSERT(t, !IS_ERR(sb));
	for (int round = 0; round < tries; round++) {
		struct inode *i = path_lookup_at(sb->s_root, path);

		KT_EXPECT_EQ(t, PTR_ERR(i), err);
		if (!IS_ERR(i))
			iput(i);
	}
	KT_EXPECT_EQ(t, vfs_put_super(sb), 0);
	overlay_destroy(ov);
}

KTEST(fs_corrupt, directory_bad_rec_len_refused)
{
	struct ext2_raw_info ri;
	struct block_device *ov = clone_ram0(t, &ri);
	u64 blk, etc;

	KT_ASSERT(t, ov);
	etc = root_entry(ov, &ri, "etc", &blk);
	KT_ASSERT(t, etc != 0);
	/* rec_len 6 (< 8, not a multiple of 4) on the entry "etc". */
	write_u16(ov, etc + offsetof(struct ext2_dir_entry, rec_len), 6);
	expect_lookup_refused(t, ov, "/etc/motd", -EUCLEAN, 1);
}

KTEST(fs_corrupt, directory_rec_len_past_block_refused)
{
	struct ext2_raw_info ri;
	struct block_device *ov = clone_ram0(t, &ri);
	u64 blk, dot;

	KT_ASSERT(t, ov);
	dot = root_entry(ov, &ri, ".", &blk);
	KT_ASSERT(t, dot == blk);
	write_u16(ov, dot + offsetof(struct ext2_dir_entry, rec_len), (u16)(ri.block_size + 64));
	expect_lookup_refused(t, ov, "/etc", -EUCLEAN, 1);
}

KTEST(fs_corrupt, directory_inode_out_of_range_refused)
{
	struct ext2_raw_info ri;
	struct block_device *ov = clone_ram0(t, &ri);
	u64 blk, etc;

	KT_ASSERT(t, ov);
	etc = root_entry(ov, &ri, "etc", &blk);
	KT_ASSERT(t, etc != 0);
	write_u32(ov, etc + offsetof(struct ext2_dir_entry, inode), ri.inodes_count + 5);
	expect_lookup_refused(t, ov, "/etc/motd", -EUCLEAN, 1);
}

/* Rewrite /etc/motd's on-disk inode in the overlay as another file type. */
static void retype_motd(struct block_device *ov, const struct ext2_raw_info *ri, u16 mode,
			u32 size, u32 block0)
{
	struct kstat st;
	u64 io;
	u32 zero = 0;

	if (vfs_stat("/etc/motd", &st))
		return;
	io = ext2_raw_inode_offset(ri, st.ino);
	overlay_write(ov, io + offsetof(struct ext2_inode, i_mode), &mode, 2);
	overlay_write(ov, io + offsetof(struct ext2_inode, i_size), &size, 4);
	overlay_write(ov, io + offsetof(struct ext2_inode, i_blocks), &zero, 4);
	overlay_write(ov, io + offsetof(struct ext2_inode, i_block), &block0, 4);
	for (int i = 1; i < EXT2_N_BLOCKS; i++)
		overlay_write(ov, io + offsetof(struct ext2_inode, i_block) + 4 * i, &zero, 4);
}

/* A fast symlink keeps its text in i_block: it must never be written as block numbers. */
KTEST(fs_corrupt, fast_symlink_is_not_opened_as_a_file)
{
	struct ext2_raw_info ri;
	struct block_device *ov = clone_ram0(t, &ri);
	struct super_block *sb;
	struct file *f;

	KT_ASSERT(t, ov);
	retype_motd(ov, &ri, 0120777, 1, 'a'); /* target "a": would be block 97 */
	sb = vfs_mount_bdev(ov, "ext2");
	KT_ASSERT(t, !IS_ERR(sb));
	f = vfs_open_at(sb->s_root, "/etc/motd", O_WRONLY, 0);
	KT_EXPECT_EQ(t, PTR_ERR(f), -ENXIO);
	if (!IS_ERR(f))
		vfs_close(f);
	KT_EXPECT_EQ(t, vfs_put_super(sb), 0);
	overlay_destroy(ov);
}

/* A device node keeps its number in i_block[0]: unlinking it frees no block. */
KTEST(fs_corrupt, unlinking_a_device_node_frees_no_block)
{
	struct ext2_raw_info ri;
	struct block_device *ov = clone_ram0(t, &ri);
	struct super_block *sb;
	struct kstatfs before, after;

	KT_ASSERT(t, ov);
	retype_motd(ov, &ri, 0020644, 0, 0x0103); /* /dev/null's number: "block" 259 */
	sb = vfs_mount_bdev(ov, "ext2");
	KT_ASSERT(t, !IS_ERR(sb));
	sb->s_op->statfs(sb, &before);
	KT_EXPECT_EQ(t, vfs_unlink_at(sb->s_root, "/etc/motd"), 0);
	sb->s_op->statfs(sb, &after);
	KT_EXPECT_EQ(t, after.free_blocks, before.free_blocks);
	KT_EXPECT_EQ(t, after.free_inodes, before.free_inodes + 1);
	KT_EXPECT_EQ(t, vfs_put_super(sb), 0);
	overlay_destroy(ov);
}

/* An unknown file type is refused, every time: a second lookup neither hangs nor succeeds. */
KTEST_TIMEOUT(fs_corrupt, unknown_file_type_refused_on_every_lookup, 30)
{
	struct ext2_raw_info ri;
	struct block_device *ov = clone_ram0(t, &ri);

	KT_ASSERT(t, ov);
	retype_motd(ov, &ri, 0xffff, 0, 0);
	expect_lookup_refused(t, ov, "/etc/motd", -EUCLEAN, 2);
}
