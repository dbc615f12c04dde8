/*
 * mount(2), umount(2), umount2(2) and the statfs family (statfs,
 * fstatfs, statfs64, fstatfs64 in the Linux i386 layouts below, whose
 * sizes are checked at compile time). The work is done by fs/super.c
 * (do_mount, do_umount) and the filesystem's statfs operation.
 *
 * References: every inode looked up is put before returning; the mount
 * point's reference is taken by do_mount when the mount succeeds.
 */
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "mm/mm.h"

#define MNT_FORCE 1
#define MNT_DETACH 2
#define MNT_EXPIRE 4
#define UMOUNT_NOFOLLOW 8
#define ST_VALID 0x20
#define ST_RELATIME 0x1000
#define FSTYPE_MAX 64

/* mount's filesystem type string (at most a page in Linux; short here): kmalloc'd or ERR_PTR. */
static char *get_type(const char __user *utype)
{
	char *t = kmalloc(FSTYPE_MAX, GFP_KERNEL);
	long n;

	if (!t)
		return ERR_PTR(-ENOMEM);
	n = strncpy_from_user(t, utype, FSTYPE_MAX);
	if (n < 0 || n == FSTYPE_MAX) {
		kfree(t);
		return ERR_PTR(n < 0 ? n : -ENODEV);
	}
	return t;
}

long sys_mount(const char __user *usource, const char __user *utarget, const char __user *utype,
	       unsigned long flags, const void __user *data)
{
	char *source = NULL, *target, *type = NULL;
	struct inode *dir;
	long err;

	target = getname(utarget);
	if (IS_ERR(target))
		return PTR_ERR(target);
	if (utype && !(flags & MS_REMOUNT)) {
		type = get_type(utype);
		if (IS_ERR(type)) {
			putname(target);
			return PTR_ERR(type);
		}
	}
	if (usource) {
		source = getname_flags(usource, true);
		if (IS_ERR(source)) {
			err = PTR_ERR(source);
			source = NULL;
			goto out;
		}
	}
	dir = lookup_at(AT_FDCWD, target, LOOKUP_FOLLOW);
	if (IS_ERR(dir)) {
		err = PTR_ERR(dir);
		goto out;
	}
	err = do_mount(source, dir, type, flags);
	iput(dir);
out:
	putname(source);
	kfree(type);
	putname(target);
	return err;
}

long sys_umount2(const char __user *utarget, int flags)
{
	struct inode *root;
	char *target;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	if ((flags & MNT_EXPIRE) && (flags & (MNT_FORCE | MNT_DETACH)))
		return -EINVAL;
	target = getname(utarget);
	if (IS_ERR(target))
		return PTR_ERR(target);
	root = lookup_at(AT_FDCWD, target, flags & UMOUNT_NOFOLLOW ? 0 : LOOKUP_FOLLOW);
	putname(target);
	if (IS_ERR(root))
		return PTR_ERR(root);
	if (flags & MNT_EXPIRE) {
		iput(root);
		return -EAGAIN; /* first call only marks the mount, as on Linux */
	}
	/* MNT_DETACH with users left is refused (-EBUSY): no lazy unmount here. */
	return do_umount(root);
}

long sys_umount(const char __user *utarget)
{
	return sys_umount2(utarget, 0);
}

/* ------------------------------------------------------------ statfs -- */

/* Linux i386 struct statfs (asm-generic/statfs.h, 32-bit words): 64 bytes. */
struct statfs32 {
	u32 f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	u32 f_fsid[2];
	u32 f_namelen, f_frsize, f_flags, f_spare[4];
};
_Static_assert(sizeof(struct statfs32) == 64, "statfs size");

/* struct statfs64 packed to 4 bytes as i386 has it: 84 bytes. */
struct statfs64 {
	u32 f_type, f_bsize;
	u64 f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	u32 f_fsid[2];
	u32 f_namelen, f_frsize, f_flags, f_spare[4];
} __attribute__((packed, aligned(4)));
_Static_assert(sizeof(struct statfs64) == 84, "statfs64 size");

/* The filesystem's figures for inode (consumed), with Linux's f_flags. */
static long inode_statfs(struct inode *inode, struct kstatfs *st)
{
	struct super_block *sb;
	long err;

	if (IS_ERR(inode))
		return PTR_ERR(inode);
	sb = inode->i_sb;
	memset(st, 0, sizeof(*st));
	err = sb->s_op->statfs ? sb->s_op->statfs(sb, st) : -ENOSYS;
	st->flags = ST_VALID | (sb->s_rdonly ? ST_RDONLY : 0) |
		    (sb->s_flags & (MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_SYNCHRONOUS |
				    MS_NOATIME | MS_NODIRATIME)) |
		    (sb->s_flags & MS_NOATIME ? 0 : ST_RELATIME);
	iput(inode);
	return err;
}

static struct inode *statfs_path(const char __user *path)
{
	char *name = getname(path);
	struct inode *inode;

	if (IS_ERR(name))
		return (struct inode *)name;
	inode = lookup_at(AT_FDCWD, name, LOOKUP_FOLLOW);
	putname(name);
	return inode;
}

static struct inode *statfs_fd(unsigned int fd)
{
	struct file *f = fd_get(current->files, (int)fd);
	struct inode *inode;

	if (!f)
		return ERR_PTR(-EBADF);
	inode = f->f_inode ? igrab(f->f_inode) : ERR_PTR(-ENOSYS);
	vfs_close(f);
	return inode;
}

static long put_statfs32(const struct kstatfs *st, void __user *ubuf)
{
	struct statfs32 s;

	memset(&s, 0, sizeof(s));
	s.f_type = st->type;
	s.f_bsize = s.f_frsize = st->block_size;
	s.f_blocks = st->blocks;
	s.f_bfree = st->free_blocks;
	s.f_bavail = st->avail_blocks;
	s.f_files = st->inodes;
	s.f_ffree = st->free_inodes;
	s.f_fsid[0] = st->fsid[0];
	s.f_fsid[1] = st->fsid[1];
	s.f_namelen = st->name_max;
	s.f_flags = st->flags;
	return copy_struct_to_user(ubuf, &s);
}

static long put_statfs64(const struct kstatfs *st, size_t sz, void __user *ubuf)
{
	struct statfs64 s;

	if (sz != sizeof(s))
		return -EINVAL;
	memset(&s, 0, sizeof(s));
	s.f_type = st->type;
	s.f_bsize = s.f_frsize = st->block_size;
	s.f_blocks = st->blocks;
	s.f_bfree = st->free_blocks;
	s.f_bavail = st->avail_blocks;
	s.f_files = st->inodes;
	s.f_ffree = st->free_inodes;
	s.f_fsid[0] = st->fsid[0];
	s.f_fsid[1] = st->fsid[1];
	s.f_namelen = st->name_max;
	s.f_flags = st->flags;
	return copy_struct_to_user(ubuf, &s);
}

long sys_statfs(const char __user *path, void __user *buf)
{
	struct kstatfs st;
	long err = inode_statfs(statfs_path(path), &st);

	return err ? err : put_statfs32(&st, buf);
}

long sys_fstatfs(unsigned int fd, void __user *buf)
{
	struct kstatfs st;
	long err = inode_statfs(statfs_fd(fd), &st);

	return err ? err : put_statfs32(&st, buf);
}

long sys_statfs64(const char __user *path, size_t sz, void __user *buf)
{
	struct kstatfs st;
	long err;

	if (sz != sizeof(struct statfs64))
		return -EINVAL;
	err = inode_statfs(statfs_path(path), &st);
	return err ? err : put_statfs64(&st, sz, buf);
}

long sys_fstatfs64(unsigned int fd, size_t sz, void __user *buf)
{
	struct kstatfs st;
	long err;

	if (sz != sizeof(struct statfs64))
		return -EINVAL;
	err = inode_statfs(statfs_fd(fd), &st);
	return err ? err : put_statfs64(&st, sz, buf);
}
