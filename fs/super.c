/*
 * Mounting: reading a filesystem's superblock from a block device
 * (vfs_mount_bdev), attaching it at / (vfs_mount_root, at boot) or on a
 * directory (vfs_mount), detaching it (vfs_umount), and writing back
 * everything dirty (vfs_sync). The list of mounted superblocks and the
 * root live here.
 *
 * Locking: mount_lock (a mutex) serialises mount, unmount and sync and
 * guards super_blocks and root_sb. A mount point is a directory inode
 * with i_mounted set; it holds a reference for as long as the mount
 * lasts, as does the mounted filesystem's root.
 */
#include "fs/vfs.h"
#include "fs/internal.h"
#include "fs/buffer.h"
#include "drivers/block.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/mm.h"

static struct mutex mount_lock;
static LIST_HEAD(super_blocks);
static struct super_block *root_sb;
static bool vfs_ready;

void vfs_init(void)
{
	if (vfs_ready)
		return;
	mutex_init(&mount_lock);
	page_cache_init();
	buffer_init();
	inode_cache_init();
	vfs_ready = true;
}

struct super_block *vfs_mount_bdev(struct block_device *bdev, const char *fstype)
{
	struct super_block *sb;
	struct inode *root;

	vfs_init();
	if (strcmp(fstype, "ext2"))
		return ERR_PTR(-ENODEV);
	sb = ext2_mount(bdev);
	if (IS_ERR(sb))
		return sb;
	root = iget(sb, EXT2_ROOT_INODE);
	if (IS_ERR(root) || !S_ISDIR(root->i_mode)) {
		pr_err("%s (%s): the root inode is %s\n", fstype, bdev->name,
		       IS_ERR(root) ? "unreadable" : "not a directory");
		if (!IS_ERR(root))
			iput(root);
		sb_evict_inodes(sb);
		sb->s_op->put_super(sb);
		kfree(sb);
		return ERR_PTR(IS_ERR(root) ? PTR_ERR(root) : -EUCLEAN);
	}
	sb->s_root = root;
	return sb;
}

int vfs_put_super(struct super_block *sb)
{
	int err;

	if (sb_inodes_busy(sb))
		return -EBUSY;
	err = sync_inodes_sb(sb);
	if (sb->s_op->sync_fs && sb->s_op->sync_fs(sb))
		err = -EIO;
	iput(sb->s_root);
	sb->s_root = NULL;
	sb_evict_inodes(sb);
	sb->s_op->put_super(sb);
	kfree(sb);
	return err;
}

int vfs_mount_root(void)
{
	struct block_device *bdev;
	struct super_block *sb;

	vfs_init();
	bdev = block_device_find("ram0");
	if (!bdev) {
		pr_err("vfs: no ram0 device: running without a root filesystem\n");
		return -ENODEV;
	}
	sb = vfs_mount_bdev(bdev, "ext2");
	if (IS_ERR(sb)) {
		pr_err("vfs: cannot mount ram0 as ext2 (%ld): running without a root filesystem\n",
		       PTR_ERR(sb));
		return PTR_ERR(sb);
	}
	mutex_lock(&mount_lock);
	root_sb = sb;
	list_add_tail(&sb->s_list, &super_blocks);
	mutex_unlock(&mount_lock);
	pr_info("vfs: mounted ram0 (ext2) at /\n");
	return 0;
}

struct inode *vfs_root(void)
{
	struct inode *r = NULL;

	if (!vfs_ready)
		return NULL;
	mutex_lock(&mount_lock);
	if (root_sb)
		r = igrab(root_sb->s_root);
	mutex_unlock(&mount_lock);
	return r;
}

int vfs_mount(const char *devname, const char *path, const char *fstype)
{
	struct block_device *bdev = block_device_find(devname);
	struct super_block *sb;
	struct inode *dir;

	if (!bdev)
		return -ENODEV;
	dir = path_lookup(path);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	if (!S_ISDIR(dir->i_mode) || dir->i_mounted) {
		iput(dir);
		return !S_ISDIR(dir->i_mode) ? -ENOTDIR : -EBUSY;
	}
	mutex_lock(&mount_lock);
	list_for_each_entry(sb, &super_blocks, s_list)
		if (sb->s_bdev == bdev) {
			mutex_unlock(&mount_lock);
			iput(dir);
			return -EBUSY;
		}
	sb = vfs_mount_bdev(bdev, fstype);
	if (IS_ERR(sb)) {
		mutex_unlock(&mount_lock);
		iput(dir);
		return PTR_ERR(sb);
	}
	sb->s_covered = dir; /* keeps the reference */
	dir->i_mounted = sb;
	list_add_tail(&sb->s_list, &super_blocks);
	mutex_unlock(&mount_lock);
	pr_info("vfs: mounted %s (%s) at %s\n", devname, fstype, path);
	return 0;
}

int vfs_umount(const char *path)
{
	struct inode *root = path_lookup(path), *dir;
	struct super_block *sb;
	int err;

	if (IS_ERR(root))
		return PTR_ERR(root);
	sb = root->i_sb;
	iput(root);
	if (root != sb->s_root || !sb->s_covered)
		return -EINVAL; /* not a mount point, or the root filesystem */
	mutex_lock(&mount_lock);
	if (sb_inodes_busy(sb)) {
		mutex_unlock(&mount_lock);
		return -EBUSY;
	}
	dir = sb->s_covered;
	dir->i_mounted = NULL;
	list_del(&sb->s_list);
	err = vfs_put_super(sb);
	mutex_unlock(&mount_lock);
	iput(dir);
	return err;
}

int vfs_sync(void)
{
	struct super_block *sb;
	int err = 0;

	if (!vfs_ready)
		return 0;
	mutex_lock(&mount_lock);
	list_for_each_entry(sb, &super_blocks, s_list) {
		if (sync_inodes_sb(sb))
			err = -EIO;
		if (sb->s_op->sync_fs && sb->s_op->sync_fs(sb))
			err = -EIO;
	}
	mutex_unlock(&mount_lock);
	return err;
}

int vfs_statfs(const char *path, struct kstatfs *st)
{
	struct inode *i = path_lookup(path);
	int err;

	if (IS_ERR(i))
		return PTR_ERR(i);
	err = i->i_sb->s_op->statfs(i->i_sb, st);
	iput(i);
	return err;
}
