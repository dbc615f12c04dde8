/*
 * Mounting: the registry of filesystem types (register_filesystem),
 * reading a filesystem's superblock (a type's mount; vfs_mount_bdev for
 * ext2), attaching it at / (vfs_mount_root, at boot) or on a directory
 * (vfs_attach, do_mount for mount(2)), detaching it (do_umount), walking
 * the mounts (vfs_for_each_mount, for /proc/mounts) and writing back
 * everything dirty (vfs_sync). The list of mounted superblocks and the
 * root live here.
 *
 * Locking: mount_lock (a mutex) serialises mount, unmount and sync and
 * guards super_blocks and the i_mounted / s_covered links. root_sb is
 * set once at boot and never changes, so vfs_root reads it without the
 * lock. A mount point is a directory inode with i_mounted set; it holds
 * a reference for as long as the mount lasts, as does the mounted
 * filesystem's root. Types are registered at boot and never removed.
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
static LIST_HEAD(fs_types);
static struct super_block *root_sb;
static bool vfs_ready;

static struct super_block *ext2_type_mount(struct block_device *bdev, unsigned long flags,
					   const char *devname)
{
	/* No ext2 magic: mount(2) says -EINVAL without complaining, as Linux. */
	if (!ext2_probe(bdev))
		return ERR_PTR(-EINVAL);
	return vfs_mount_bdev(bdev, "ext2");
}

static struct file_system_type ext2_fs_type = {
	.name = "ext2",
	.requires_dev = true,
	.mount = ext2_type_mount,
};

int register_filesystem(struct file_system_type *type)
{
	if (get_fs_type(type->name))
		return -EBUSY;
	list_add_tail(&type->list, &fs_types);
	return 0;
}

int vfs_for_each_fs_type(int (*fn)(void *ctx, const struct file_system_type *t), void *ctx)
{
	struct file_system_type *t;
	int err = 0;

	list_for_each_entry(t, &fs_types, list)
		if ((err = fn(ctx, t)))
			break;
	return err;
}

struct file_system_type *get_fs_type(const char *name)
{
	struct file_system_type *t;

	list_for_each_entry(t, &fs_types, list)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

void vfs_init(void)
{
	if (vfs_ready)
		return;
	mutex_init(&mount_lock);
	page_cache_init();
	buffer_init();
	inode_cache_init();
	register_filesystem(&ext2_fs_type);
	register_filesystem(&devfs_fs_type);
	register_filesystem(&proc_fs_type);
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
	mutex_init(&sb->s_rename_lock);
	strlcpy(sb->s_devname, bdev->name, sizeof(sb->s_devname));
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
	struct super_block *sb = vfs_ready ? READ_ONCE(root_sb) : NULL;

	return sb ? igrab(sb->s_root) : NULL;
}

/* Attach with mount_lock held. */
static int __vfs_attach(struct super_block *sb, struct inode *dir)
{
	if (!S_ISDIR(dir->i_mode))
		return -ENOTDIR;
	/* Mounting on a mounted root stacks on it in Linux; here one per directory. */
	if (dir->i_mounted || (dir == dir->i_sb->s_root && dir->i_sb->s_covered &&
			       dir->i_sb->s_covered->i_mounted != dir->i_sb))
		return -EBUSY;
	sb->s_covered = dir; /* keeps the caller's reference */
	dir->i_mounted = sb;
	list_add_tail(&sb->s_list, &super_blocks);
	return 0;
}

int vfs_attach(struct super_block *sb, struct inode *dir)
{
	int err;

	mutex_lock(&mount_lock);
	err = __vfs_attach(sb, dir);
	mutex_unlock(&mount_lock);
	return err;
}

static bool bdev_mounted(struct block_device *bdev)
{
	struct super_block *sb;

	list_for_each_entry(sb, &super_blocks, s_list)
		if (sb->s_bdev == bdev)
			return true;
	return false;
}

/* MS_REMOUNT: only the read-only bit changes (written back before going read-only). */
static int do_remount(struct inode *dir, unsigned long flags)
{
	struct super_block *sb = dir->i_sb;

	if (dir != sb->s_root)
		return -EINVAL;
	if ((flags & MS_RDONLY) && !sb->s_rdonly) {
		sync_inodes_sb(sb);
		if (sb->s_op->sync_fs)
			sb->s_op->sync_fs(sb);
	}
	if (!(flags & MS_RDONLY) && sb->s_bdev && sb->s_bdev->read_only)
		return -EACCES;
	sb->s_rdonly = flags & MS_RDONLY;
	sb->s_flags = (sb->s_flags & ~MS_RDONLY) | (flags & MS_RDONLY);
	return 0;
}

int do_mount(const char *source, struct inode *dir, const char *type, unsigned long flags)
{
	struct file_system_type *fst;
	struct block_device *bdev = NULL;
	struct super_block *sb;
	int err;

	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	if (flags & MS_REMOUNT) {
		mutex_lock(&mount_lock);
		err = do_remount(dir, flags);
		mutex_unlock(&mount_lock);
		return err;
	}
	if (flags & (MS_BIND | MS_MOVE))
		return -EINVAL; /* bind and move mounts are not supported */
	if (!type)
		return -EINVAL;
	fst = get_fs_type(type);
	if (!fst)
		return -ENODEV;
	if (fst->requires_dev) {
		if (!source || !source[0])
			return -EINVAL;
		bdev = lookup_bdev(source);
		if (IS_ERR(bdev))
			return PTR_ERR(bdev);
	}
	if (!S_ISDIR(dir->i_mode))
		return -ENOTDIR;
	mutex_lock(&mount_lock);
	if (bdev && bdev_mounted(bdev)) {
		mutex_unlock(&mount_lock);
		return -EBUSY; /* Linux would share the superblock; one mount per device here */
	}
	sb = fst->mount(bdev, flags, source ? source : "none");
	if (IS_ERR(sb)) {
		mutex_unlock(&mount_lock);
		err = PTR_ERR(sb);
		return err == -EUCLEAN ? -EINVAL : err;
	}
	strlcpy(sb->s_devname, source ? source : "none", sizeof(sb->s_devname));
	sb->s_flags = flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_SYNCHRONOUS |
			       MS_NOATIME | MS_NODIRATIME);
	if (flags & MS_RDONLY)
		sb->s_rdonly = true;
	if (sb->s_rdonly)
		sb->s_flags |= MS_RDONLY;
	err = __vfs_attach(sb, igrab(dir));
	mutex_unlock(&mount_lock);
	if (err) {
		iput(dir);
		vfs_put_super(sb);
		return err;
	}
	pr_info("vfs: mounted %s (%s) at inode %u\n", sb->s_devname, type, dir->i_ino);
	return 0;
}

int vfs_mount(const char *devname, const char *path, const char *fstype)
{
	struct block_device *bdev = block_device_find(devname);
	struct super_block *sb;
	struct inode *dir;
	int err;

	if (!bdev)
		return -ENODEV;
	dir = path_lookup(path);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	mutex_lock(&mount_lock);
	if (bdev_mounted(bdev)) {
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
	err = __vfs_attach(sb, dir);
	mutex_unlock(&mount_lock);
	if (err) {
		iput(dir);
		vfs_put_super(sb);
		return err;
	}
	pr_info("vfs: mounted %s (%s) at %s\n", devname, fstype, path);
	return 0;
}

int do_umount(struct inode *root)
{
	struct super_block *sb = root->i_sb;
	struct inode *dir;
	int err;

	if (root != sb->s_root) {
		iput(root);
		return -EINVAL; /* not a mount point */
	}
	mutex_lock(&mount_lock);
	iput(root); /* the caller's lookup reference must not count as a user */
	if (!sb->s_covered || sb_inodes_busy(sb)) {
		mutex_unlock(&mount_lock);
		return -EBUSY; /* the root filesystem, or in use */
	}
	dir = sb->s_covered;
	dir->i_mounted = NULL;
	list_del(&sb->s_list);
	err = vfs_put_super(sb);
	mutex_unlock(&mount_lock);
	iput(dir);
	return err;
}

int vfs_umount(const char *path)
{
	struct inode *root = path_lookup(path);

	if (IS_ERR(root))
		return PTR_ERR(root);
	return do_umount(root);
}

int vfs_for_each_mount(int (*fn)(void *ctx, struct super_block *sb, const char *mountpoint),
		       void *ctx)
{
	char *path = kmalloc(PATH_MAX, GFP_KERNEL);
	struct super_block *sb;
	int err = 0;

	if (!path)
		return -ENOMEM;
	mutex_lock(&mount_lock);
	list_for_each_entry(sb, &super_blocks, s_list) {
		int len = sb->s_covered ? inode_path(sb->s_covered, path, PATH_MAX) : 1;

		if (!sb->s_covered)
			strlcpy(path, "/", PATH_MAX);
		if (len < 0)
			continue; /* covered directory unreachable: nothing to name it by */
		err = fn(ctx, sb, path);
		if (err)
			break;
	}
	mutex_unlock(&mount_lock);
	kfree(path);
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
