/*
 * devtmpfs: the kernel's /dev, a small in-memory filesystem whose one
 * directory lists the device nodes a Linux program expects: null, zero,
 * full, random, urandom, tty, console, ttyS0, and a block node for each
 * of ram0 and hda..hdd that is present. Nodes have Linux's numbers and
 * devtmpfs's modes (0666 for the memory devices and tty, 0600 for the
 * rest); stat shows them as on Linux, and opening one goes through
 * def_chr_fops / def_blk_fops. Mounted on /dev at boot (devfs_mount_boot).
 *
 * The table of nodes is made per mount from what is registered then;
 * chmod, chown and utimes of a node are kept in that table (write_inode),
 * so they survive the inode leaving the cache. Creating, removing or
 * renaming entries is not supported (-EPERM).
 *
 * Inode numbers: 1 the directory, 2 + i node i. Locking: the table is
 * fixed after mount but for the attributes, which write_inode copies
 * under the inode's own i_mutex-free path (one word each; no lock).
 */
#include "fs/vfs.h"
#include "fs/internal.h"
#include "drivers/block.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/mm.h"

#define TMPFS_MAGIC 0x01021994
#define DEVFS_ROOT_INO 1
#define DEVFS_MAX_NODES 16

struct devfs_node {
	char name[8];
	u16 mode;
	dev_t rdev;
	u32 uid, gid, atime, mtime, ctime;
};

struct devfs_info {
	unsigned int nr;
	struct devfs_node node[DEVFS_MAX_NODES];
	u32 root_mode, root_time;
};

static struct devfs_info *DEVFS(struct super_block *sb)
{
	return sb->s_fs_info;
}

static const struct inode_operations devfs_dir_iops;
static const struct file_operations devfs_dir_fops;
static const struct inode_operations devfs_node_iops;

static struct inode *devfs_alloc_inode(struct super_block *sb)
{
	return kzalloc(sizeof(struct inode), GFP_KERNEL);
}

static void devfs_destroy_inode(struct inode *inode)
{
	kfree(inode);
}

static int devfs_read_inode(struct inode *inode)
{
	struct devfs_info *di = DEVFS(inode->i_sb);
	struct devfs_node *n;

	if (inode->i_ino == DEVFS_ROOT_INO) {
		inode->i_mode = (u16)di->root_mode;
		inode->i_nlink = 2;
		inode->i_atime = inode->i_mtime = inode->i_ctime = di->root_time;
		inode->i_size = (di->nr + 2) * 20;
		inode->i_op = &devfs_dir_iops;
		inode->i_fop = &devfs_dir_fops;
		return 0;
	}
	if (inode->i_ino < 2 || inode->i_ino - 2 >= di->nr)
		return -ENOENT;
	n = &di->node[inode->i_ino - 2];
	inode->i_mode = n->mode;
	inode->i_nlink = 1;
	inode->i_uid = n->uid;
	inode->i_gid = n->gid;
	inode->i_rdev = n->rdev;
	inode->i_atime = n->atime;
	inode->i_mtime = n->mtime;
	inode->i_ctime = n->ctime;
	inode->i_op = &devfs_node_iops;
	inode->i_fop = S_ISCHR(n->mode) ? &def_chr_fops : &def_blk_fops;
	return 0;
}

static int devfs_write_inode(struct inode *inode)
{
	struct devfs_info *di = DEVFS(inode->i_sb);

	if (inode->i_ino == DEVFS_ROOT_INO) {
		di->root_mode = inode->i_mode;
	} else if (inode->i_ino - 2 < di->nr) {
		struct devfs_node *n = &di->node[inode->i_ino - 2];

		n->mode = inode->i_mode;
		n->uid = inode->i_uid;
		n->gid = inode->i_gid;
		n->atime = inode->i_atime;
		n->mtime = inode->i_mtime;
		n->ctime = inode->i_ctime;
	}
	inode->i_dirty = false;
	return 0;
}

static void devfs_delete_inode(struct inode *inode)
{
	/* Nodes are never unlinked. */
}

static int devfs_statfs(struct super_block *sb, struct kstatfs *st)
{
	memset(st, 0, sizeof(*st));
	st->type = TMPFS_MAGIC;
	st->block_size = PAGE_SIZE;
	st->inodes = DEVFS_MAX_NODES + 1;
	st->free_inodes = DEVFS_MAX_NODES - DEVFS(sb)->nr;
	st->name_max = NAME_MAX;
	return 0;
}

static void devfs_put_super(struct super_block *sb)
{
	kfree(sb->s_fs_info);
	sb->s_fs_info = NULL;
}

static const struct super_operations devfs_sops = {
	.alloc_inode = devfs_alloc_inode,
	.destroy_inode = devfs_destroy_inode,
	.read_inode = devfs_read_inode,
	.write_inode = devfs_write_inode,
	.delete_inode = devfs_delete_inode,
	.statfs = devfs_statfs,
	.put_super = devfs_put_super,
};

static long devfs_lookup(struct inode *dir, const char *name, int len)
{
	struct devfs_info *di = DEVFS(dir->i_sb);

	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
		return DEVFS_ROOT_INO;
	for (unsigned int i = 0; i < di->nr; i++)
		if (strlen(di->node[i].name) == (size_t)len && !memcmp(di->node[i].name, name, len))
			return 2 + i;
	return -ENOENT;
}

/* f_pos: 0 ".", 1 "..", 2 + i node i. */
static int devfs_readdir(struct file *f, void *ctx, filldir_t fill)
{
	struct devfs_info *di = DEVFS(f->f_inode->i_sb);

	for (; f->f_pos < di->nr + 2; f->f_pos++) {
		loff_t p = f->f_pos;
		const struct devfs_node *n = p >= 2 ? &di->node[p - 2] : NULL;
		int stop;

		if (!n)
			stop = fill(ctx, "..", (int)p + 1, DEVFS_ROOT_INO, DT_DIR);
		else
			stop = fill(ctx, n->name, (int)strlen(n->name), (u32)p,
				    S_ISCHR(n->mode) ? DT_CHR : DT_BLK);
		if (stop)
			return 0;
	}
	return 0;
}

static const struct inode_operations devfs_dir_iops = {
	.lookup = devfs_lookup,
};
static const struct file_operations devfs_dir_fops = {
	.readdir = devfs_readdir,
};
static const struct inode_operations devfs_node_iops = {
	.lookup = NULL,
};

static void add_node(struct devfs_info *di, const char *name, u16 mode, dev_t rdev, u32 now)
{
	struct devfs_node *n;

	if (di->nr >= DEVFS_MAX_NODES)
		return;
	n = &di->node[di->nr++];
	strlcpy(n->name, name, sizeof(n->name));
	n->mode = mode;
	n->rdev = rdev;
	n->atime = n->mtime = n->ctime = now;
}

static struct super_block *devfs_mount(struct block_device *unused, unsigned long flags,
				       const char *devname)
{
	static const struct { const char *name; u16 mode; unsigned int major, minor; } chr[] = {
		{ "null", 0666, 1, 3 }, { "zero", 0666, 1, 5 }, { "full", 0666, 1, 7 },
		{ "random", 0666, 1, 8 }, { "urandom", 0666, 1, 9 }, { "tty", 0666, 5, 0 },
		{ "console", 0600, 5, 1 }, { "ttyS0", 0600, 4, 64 },
	};
	static const char *const blk[] = { "ram0", "hda", "hdb", "hdc", "hdd" };
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	struct devfs_info *di = kzalloc(sizeof(*di), GFP_KERNEL);
	struct inode *root;
	u32 now = vfs_now();

	if (!sb || !di) {
		kfree(sb);
		kfree(di);
		return ERR_PTR(-ENOMEM);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(chr); i++)
		add_node(di, chr[i].name, S_IFCHR | chr[i].mode, MKDEV(chr[i].major, chr[i].minor),
			 now);
	for (unsigned int i = 0; i < ARRAY_SIZE(blk); i++) {
		struct block_device *bdev = block_device_find(blk[i]);

		if (bdev)
			add_node(di, blk[i], S_IFBLK | 0600, bdev_devt(bdev), now);
	}
	di->root_mode = S_IFDIR | 0755;
	di->root_time = now;
	sb->s_dev = MKDEV(0, 5);
	sb->s_blocksize = PAGE_SIZE;
	sb->s_blocksize_bits = PAGE_SHIFT;
	sb->s_op = &devfs_sops;
	sb->s_type = "devtmpfs";
	sb->s_fs_info = di;
	mutex_init(&sb->s_lock);
	mutex_init(&sb->s_rename_lock);
	INIT_LIST_HEAD(&sb->s_list);
	strlcpy(sb->s_devname, "devtmpfs", sizeof(sb->s_devname));
	root = iget(sb, DEVFS_ROOT_INO);
	if (IS_ERR(root)) {
		sb_evict_inodes(sb);
		kfree(di);
		kfree(sb);
		return (struct super_block *)root;
	}
	sb->s_root = root;
	return sb;
}

struct file_system_type devfs_fs_type = {
	.name = "devtmpfs",
	.requires_dev = false,
	.mount = devfs_mount,
};

int devfs_mount_boot(void)
{
	struct inode *dir = path_lookup("/dev");
	int err;

	if (IS_ERR(dir)) {
		pr_err("devtmpfs: no /dev directory in the root filesystem (%ld): no device nodes\n",
		       PTR_ERR(dir));
		return PTR_ERR(dir);
	}
	err = do_mount("devtmpfs", dir, "devtmpfs", 0);
	iput(dir);
	if (err)
		pr_err("devtmpfs: cannot mount on /dev (%d)\n", err);
	else
		pr_info("devtmpfs: mounted on /dev\n");
	return err;
}
