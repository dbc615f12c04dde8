/*
 * Declarations shared by the fs/ files only (the VFS core and the
 * filesystems it knows); everything public is in fs/vfs.h.
 */
#ifndef FS_INTERNAL_H
#define FS_INTERNAL_H

#include "fs/vfs.h"

/* fs/inode.c */
/* Is any inode of sb referenced (its root counts only beyond the mount's own reference)? */
bool sb_inodes_busy(struct super_block *sb);
/* Forget every unreferenced inode of sb, dropping its pages (unmount). */
void sb_evict_inodes(struct super_block *sb);

/* fs/ext2/super.c: read and check an ext2 superblock; ERR_PTR on failure. */
struct super_block *ext2_mount(struct block_device *bdev);
#define EXT2_ROOT_INODE 2
/* Does bdev carry the ext2 magic (quiet; false on a read error)? */
bool ext2_probe(struct block_device *bdev);

/* fs/devfs.c */
extern struct file_system_type devfs_fs_type;
/* fs/proc/root.c */
extern struct file_system_type proc_fs_type;

#endif
