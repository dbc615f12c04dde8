/*
 * stat64, lstat64, fstat64, fstatat64 and statx: a struct kstat from the
 * VFS (generic_fillattr, or f_op->getattr for pipes and the console),
 * translated into the Linux i386 user layouts below, whose offsets are
 * checked at compile time. Every field the user sees is written (padding
 * zeroed); the result is copied out with one copy_to_user.
 *
 * References: a path lookup's inode is dropped as soon as the kstat is
 * filled; an fd's file is held only around vfs_fstat.
 */
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"

/* Linux i386 struct stat64 (arch/x86/include/uapi/asm/stat.h): 96 bytes. */
struct stat64 {
	u64 st_dev;
	u32 __pad0;
	u32 __st_ino;
	u32 st_mode;
	u32 st_nlink;
	u32 st_uid;
	u32 st_gid;
	u64 st_rdev;
	u32 __pad3;
	s64 st_size;
	u32 st_blksize;
	u64 st_blocks;
	u32 st_atime;
	u32 st_atime_nsec;
	u32 st_mtime;
	u32 st_mtime_nsec;
	u32 st_ctime;
	u32 st_ctime_nsec;
	u64 st_ino;
};
_Static_assert(sizeof(struct stat64) == 96, "stat64 size");
_Static_assert(__builtin_offsetof(struct stat64, st_rdev) == 32, "stat64 st_rdev");
_Static_assert(__builtin_offsetof(struct stat64, st_size) == 44, "stat64 st_size");
_Static_assert(__builtin_offsetof(struct stat64, st_blocks) == 56, "stat64 st_blocks");
_Static_assert(__builtin_offsetof(struct stat64, st_ino) == 88, "stat64 st_ino");

struct statx_timestamp {
	s64 tv_sec;
	u32 tv_nsec;
	s32 __reserved;
};

/* struct statx (include/uapi/linux/stat.h): 256 bytes. */
struct statx {
	u32 stx_mask;
	u32 stx_blksize;
	u64 stx_attributes;
	u32 stx_nlink;
	u32 stx_uid;
	u32 stx_gid;
	u16 stx_mode;
	u16 __spare0;
	u64 stx_ino;
	u64 stx_size;
	u64 stx_blocks;
	u64 stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	u32 stx_rdev_major;
	u32 stx_rdev_minor;
	u32 stx_dev_major;
	u32 stx_dev_minor;
	u64 stx_mnt_id;
	u32 stx_dio_mem_align;
	u32 stx_dio_offset_align;
	u64 __spare3[12];
};
_Static_assert(sizeof(struct statx) == 256, "statx size");
_Static_assert(__builtin_offsetof(struct statx, stx_ino) == 32, "statx stx_ino");
_Static_assert(__builtin_offsetof(struct statx, stx_atime) == 64, "statx stx_atime");
_Static_assert(__builtin_offsetof(struct statx, stx_rdev_major) == 128, "statx stx_rdev_major");
_Static_assert(__builtin_offsetof(struct statx, stx_mnt_id) == 144, "statx stx_mnt_id");

#define STATX_BASIC_STATS 0x7ffu
#define STATX_MNT_ID 0x1000u
#define STATX__RESERVED 0x80000000u
#define STATX_ATTR_COMPRESSED 0x4
#define STATX_ATTR_IMMUTABLE 0x10
#define STATX_ATTR_APPEND 0x20
#define STATX_ATTR_NODUMP 0x40
#define STATX_ATTR_ENCRYPTED 0x800
#define STATX_ATTR_AUTOMOUNT 0x1000
#define STATX_ATTR_MOUNT_ROOT 0x2000
#define STATX_ATTR_DAX 0x200000
/* What Linux 6.1 says an ext2 file could have (ext2_getattr, vfs_getattr_nosec, vfs_statx). */
#define EXT2_ATTR_MASK (STATX_ATTR_COMPRESSED | STATX_ATTR_IMMUTABLE | STATX_ATTR_APPEND | \
			STATX_ATTR_NODUMP | STATX_ATTR_ENCRYPTED | STATX_ATTR_AUTOMOUNT | \
			STATX_ATTR_MOUNT_ROOT | STATX_ATTR_DAX)

/* A kstat plus what statx adds. */
struct kstat_ext {
	struct kstat st;
	bool mount_root;   /* the root directory of a mounted filesystem */
	bool on_disk;      /* an inode of a filesystem (not a pipe or the console) */
};

static void stat_inode(struct inode *inode, struct kstat_ext *kx)
{
	generic_fillattr(inode, &kx->st);
	kx->mount_root = inode == inode->i_sb->s_root;
	kx->on_disk = true;
}

/* fstat of an fd: 0 or -EBADF. */
static long stat_fd(int fd, struct kstat_ext *kx)
{
	struct file *f = fd_get(current->files, fd);

	if (!f)
		return -EBADF;
	memset(kx, 0, sizeof(*kx));
	if (f->f_inode)
		stat_inode(f->f_inode, kx);
	else
		vfs_fstat(f, &kx->st);
	vfs_close(f);
	return 0;
}

/* stat of a name from dfd, or of dfd itself for "" with AT_EMPTY_PATH. */
static long stat_name(int dfd, const char __user *path, unsigned int flags, struct kstat_ext *kx)
{
	char *name = getname_flags(path, flags & AT_EMPTY_PATH);
	struct inode *inode;

	if (IS_ERR(name))
		return PTR_ERR(name);
	if (!name[0]) {
		putname(name);
		if (dfd != AT_FDCWD)
			return stat_fd(dfd, kx);
		inode = current->cwd ? igrab(current->cwd) : vfs_root();
		if (!inode)
			return -ENOENT;
	} else {
		inode = lookup_at(dfd, name, flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW);
		putname(name);
		if (IS_ERR(inode))
			return PTR_ERR(inode);
	}
	memset(kx, 0, sizeof(*kx));
	stat_inode(inode, kx);
	iput(inode);
	return 0;
}

static long put_stat64(const struct kstat *st, void __user *ubuf)
{
	struct stat64 s;

	memset(&s, 0, sizeof(s));
	s.st_dev = st->dev;
	s.__st_ino = st->ino;
	s.st_ino = st->ino;
	s.st_mode = st->mode;
	s.st_nlink = st->nlink;
	s.st_uid = st->uid;
	s.st_gid = st->gid;
	s.st_rdev = st->rdev;
	s.st_size = st->size;
	s.st_blksize = st->blksize;
	s.st_blocks = st->blocks;
	s.st_atime = st->atime;
	s.st_mtime = st->mtime;
	s.st_ctime = st->ctime;
	return copy_struct_to_user(ubuf, &s);
}

static long put_statx(const struct kstat_ext *kx, void __user *ubuf)
{
	const struct kstat *st = &kx->st;
	struct statx x;

	memset(&x, 0, sizeof(x));
	x.stx_mask = STATX_BASIC_STATS | STATX_MNT_ID;
	x.stx_blksize = st->blksize;
	x.stx_attributes = kx->mount_root ? STATX_ATTR_MOUNT_ROOT : 0;
	x.stx_attributes_mask = kx->on_disk ? EXT2_ATTR_MASK :
				STATX_ATTR_AUTOMOUNT | STATX_ATTR_MOUNT_ROOT | STATX_ATTR_DAX;
	x.stx_nlink = st->nlink;
	x.stx_uid = st->uid;
	x.stx_gid = st->gid;
	x.stx_mode = st->mode;
	x.stx_ino = st->ino;
	x.stx_size = (u64)st->size;
	x.stx_blocks = st->blocks;
	x.stx_atime.tv_sec = st->atime;
	x.stx_mtime.tv_sec = st->mtime;
	x.stx_ctime.tv_sec = st->ctime;
	x.stx_rdev_major = MAJOR(new_decode_dev(st->rdev));
	x.stx_rdev_minor = MINOR(new_decode_dev(st->rdev));
	x.stx_dev_major = MAJOR(new_decode_dev(st->dev));
	x.stx_dev_minor = MINOR(new_decode_dev(st->dev));
	x.stx_mnt_id = kx->on_disk ? 1 : 2; /* (not per mount yet) */
	return copy_struct_to_user(ubuf, &x);
}

long sys_stat64(const char __user *path, void __user *st)
{
	return sys_fstatat64(AT_FDCWD, path, st, 0);
}

long sys_lstat64(const char __user *path, void __user *st)
{
	return sys_fstatat64(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

long sys_fstat64(unsigned int fd, void __user *st)
{
	struct kstat_ext kx;
	long err = stat_fd((int)fd, &kx);

	return err ? err : put_stat64(&kx.st, st);
}

long sys_fstatat64(int dfd, const char __user *path, void __user *st, int flags)
{
	struct kstat_ext kx;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return -EINVAL;
	err = stat_name(dfd, path, (unsigned int)flags, &kx);
	return err ? err : put_stat64(&kx.st, st);
}

long sys_statx(int dfd, const char __user *path, unsigned int flags, unsigned int mask,
	       void __user *stx)
{
	struct kstat_ext kx;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (mask & STATX__RESERVED))
		return -EINVAL;
	err = stat_name(dfd, path, flags, &kx);
	return err ? err : put_statx(&kx, stx);
}
