/*
 * ext2's in-memory structures and the functions the fs/ext2 files share.
 * Nothing outside fs/ext2 includes this; the VFS sees ext2 through
 * ext2_fs_type (fs/ext2/super.c) and the operation tables.
 *
 * Locking: sb->s_lock (a mutex) guards all of one filesystem's metadata:
 * the superblock and group descriptor counts, the bitmaps, inode tables,
 * directory blocks and every inode's block map (i_data, indirect blocks).
 * Functions named __ext2_* expect it held; the others take it. It is taken
 * inside a page lock and an inode's i_mutex, never around them, and never
 * held while calling back into the VFS (iget, readdir callbacks).
 */
#ifndef FS_EXT2_EXT2_H
#define FS_EXT2_EXT2_H

#include "fs/vfs.h"
#include "fs/buffer.h"
#include "fs/ext2/ext2_fs.h"

struct ext2_sb_info {
	struct ext2_super_block *s_es;     /* inside s_sbh->b_data */
	struct buffer_head *s_sbh;
	struct buffer_head **s_group_desc; /* s_gdb_count blocks of descriptors */
	u32 s_groups_count;
	u32 s_gdb_count;
	u32 s_desc_per_block;
	u32 s_blocks_per_group;
	u32 s_inodes_per_group;
	u32 s_inode_size;
	u32 s_first_ino;
	u32 s_first_data_block;
	u32 s_blocks_count;
	u32 s_inodes_count;
	u32 s_addr_per_block;              /* block numbers per indirect block */
	u32 s_itb_per_group;               /* inode table blocks per group */
	bool s_filetype;                   /* directory entries carry file_type */
};

struct ext2_inode_info {
	u32 i_data[EXT2_N_BLOCKS];
	u32 i_flags;
	u32 i_dtime;
	struct inode vfs_inode;
};

static inline struct ext2_sb_info *EXT2_SB(struct super_block *sb)
{
	return sb->s_fs_info;
}
static inline struct ext2_inode_info *EXT2_I(struct inode *inode)
{
	return container_of(inode, struct ext2_inode_info, vfs_inode);
}

/* super.c */
/* Report corruption: prints the device and what is wrong; returns -EUCLEAN. */
int ext2_error(struct super_block *sb, const char *fn, const char *fmt, ...) __printf(3, 4);
struct super_block *ext2_mount(struct block_device *bdev);
/* The descriptor of group g (its buffer in *bhp, not referenced again). s_lock held. */
struct ext2_group_desc *ext2_get_group_desc(struct super_block *sb, u32 group,
					    struct buffer_head **bhp);
/* Is block a valid data block number (inside the filesystem, past the boot area)? */
static inline bool ext2_block_ok(struct ext2_sb_info *sbi, u32 block)
{
	return block >= sbi->s_first_data_block && block < sbi->s_blocks_count;
}
void ext2_super_dirty(struct super_block *sb);
/*
 * A timestamp for inode times: the wall clock (vfs_now); should the RTC
 * have given nothing sensible, the time the image was last written
 * (s_wtime), or a fixed date. Deletion times must
 * be real times: e2fsck reads a small i_dtime as an orphan-list link.
 */
static inline u32 ext2_now(struct super_block *sb)
{
	u32 now = vfs_now();
	u32 w = EXT2_SB(sb)->s_es->s_wtime;

	if (now > 0x40000000u)
		return now;
	return w > EXT2_SB(sb)->s_inodes_count ? w : 0x60000000u;
}
/* Linux's EXT2_LINK_MAX: at most this many links to one inode. */
#define EXT2_LINK_MAX 32000
int ext2_statfs(struct super_block *sb, struct kstatfs *st);
int ext2_sync_fs(struct super_block *sb);
void ext2_put_super(struct super_block *sb);

/* Bitmaps are arrays of bytes, bit 0 of byte 0 first. */
static inline bool test_bit_le(const u8 *map, u32 bit)
{
	return (map[bit >> 3] >> (bit & 7)) & 1;
}
static inline void set_bit_le(u8 *map, u32 bit)
{
	map[bit >> 3] |= (u8)(1u << (bit & 7));
}
static inline void clear_bit_le(u8 *map, u32 bit)
{
	map[bit >> 3] &= (u8)~(1u << (bit & 7));
}

/* balloc.c (s_lock held) */
/* First zero bit in [start, end) of map, or end. */
u32 ext2_find_zero_bit(const u8 *map, u32 start, u32 end);
/* A free block near goal, marked used: block number, or 0 with *err (-ENOSPC, -EUCLEAN, -EIO). */
u32 __ext2_new_block(struct super_block *sb, u32 goal, int *err);
void __ext2_free_blocks(struct super_block *sb, u32 block, u32 count);
u32 ext2_count_free_blocks(struct super_block *sb);

/* ialloc.c (s_lock held) */
/* A new inode in the bitmap near dir's group, set up in memory (referenced), or ERR_PTR. */
struct inode *__ext2_new_inode(struct inode *dir, u16 mode);
void __ext2_free_inode(struct inode *inode);
u32 ext2_count_free_inodes(struct super_block *sb);

/* inode.c */
extern const struct super_operations ext2_sops;
extern const struct address_space_operations ext2_aops;
/*
 * __ext2_get_block: the disk block holding logical block iblock of the
 * inode, allocating it (and the indirect blocks on the way) when create is
 * set. 0 with *phys = 0 for a hole. -EUCLEAN for block numbers outside the
 * filesystem, -EFBIG past the triple-indirect range, -ENOSPC, -EIO.
 */
int __ext2_get_block(struct inode *inode, u32 iblock, u32 *phys, bool create);
int ext2_get_block(struct inode *inode, u32 iblock, u32 *phys, bool create);
/* Free every block past i_size (s_lock held). */
void __ext2_truncate_blocks(struct inode *inode);
int __ext2_write_inode(struct inode *inode);
void ext2_set_inode_ops(struct inode *inode);

/* dir.c (s_lock held) */
long __ext2_find_entry(struct inode *dir, const char *name, int len);
int __ext2_add_link(struct inode *dir, const char *name, int len, u32 ino, u16 mode);
/* Remove the entry; returns its inode number or -ENOENT/-EUCLEAN. */
long __ext2_delete_entry(struct inode *dir, const char *name, int len);
/* Point the existing entry name at ino (rename over a target, ".." of a moved directory). */
int __ext2_set_entry(struct inode *dir, const char *name, int len, u32 ino, u16 mode);
/* Give a new directory its first block with "." and ".." (parent_ino); sets i_size. */
int __ext2_make_empty(struct inode *dir, u32 parent_ino);
/* 1 if dir holds nothing but "." and "..", 0 if it holds more, or -errno. */
int __ext2_empty_dir(struct inode *dir);
long ext2_lookup(struct inode *dir, const char *name, int len);
int ext2_readdir(struct file *f, void *ctx, filldir_t fill);

/* namei.c */
extern const struct inode_operations ext2_dir_iops;
extern const struct inode_operations ext2_file_iops;
extern const struct inode_operations ext2_special_iops;
extern const struct file_operations ext2_file_fops;
extern const struct file_operations ext2_dir_fops;

#endif
