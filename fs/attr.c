/*
 * Changing an inode's attributes: chmod, fchmod, fchmodat; chown,
 * fchown, lchown, fchownat and the 16-bit-id forms i386 keeps (chown16
 * and friends: 0xffff means "no change"); utime, utimes, futimesat,
 * utimensat (32- and 64-bit time) with UTIME_NOW / UTIME_OMIT.
 *
 * Every process is root, so no permission check refuses; a read-only
 * filesystem does (-EROFS). The new fields are set under the inode's
 * i_mutex and the inode is marked dirty (written by sync, fsync or when
 * it leaves the cache). chown of a non-directory drops set-user-ID, and
 * set-group-ID when group-execute is set, as Linux does even for root.
 * Times are kept in whole seconds (ext2 has no more).
 *
 * Reads move the access time by Linux's default rule, relatime
 * (file_accessed, called by read and getdents): only when it is not
 * newer than the modification or change time, or is a day old; never on
 * a filesystem mounted noatime or read-only, or for an O_NOATIME file.
 * That store takes no lock (one word, as Linux's touch_atime).
 */
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"

#define S_ISUID 04000
#define S_ISGID 02000
#define S_IXGRP 00010
#define S_IALLUGO 07777
#define UTIME_NOW ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)

/* The inode an fd refers to (referenced), NULL for one without (pipe, console); ERR_PTR(-EBADF). */
static struct inode *fd_inode(int fd)
{
	struct file *f = fd_get(current->files, fd);
	struct inode *inode;

	if (!f)
		return ERR_PTR(-EBADF);
	inode = f->f_inode ? igrab(f->f_inode) : NULL;
	vfs_close(f);
	return inode;
}

/* The inode a user path names from dfd (AT_EMPTY_PATH: dfd's own), referenced. */
static struct inode *path_inode(int dfd, const char __user *path, int flags)
{
	char *name = getname_flags(path, flags & AT_EMPTY_PATH);
	struct inode *inode;

	if (IS_ERR(name))
		return (struct inode *)name;
	if (!name[0]) {
		putname(name);
		if (dfd == AT_FDCWD)
			return current->cwd ? igrab(current->cwd) : vfs_root();
		inode = fd_inode(dfd);
		return inode ? inode : ERR_PTR(-ENOENT);
	}
	inode = lookup_at(dfd, name, flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW);
	putname(name);
	return inode;
}

/* Apply a change to inode (consumed; NULL: an inode-less file, nothing to do). */
static long change_attr(struct inode *inode, void (*apply)(struct inode *, const void *),
			const void *arg)
{
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	if (!inode)
		return 0;
	if (inode->i_sb->s_rdonly) {
		iput(inode);
		return -EROFS;
	}
	mutex_lock(&inode->i_mutex);
	apply(inode, arg);
	inode->i_ctime = vfs_now();
	mark_inode_dirty(inode);
	mutex_unlock(&inode->i_mutex);
	iput(inode);
	return 0;
}

static void apply_mode(struct inode *inode, const void *arg)
{
	u32 mode = *(const u32 *)arg;

	inode->i_mode = (u16)((inode->i_mode & ~S_IALLUGO) | (mode & S_IALLUGO));
}

long sys_fchmodat(int dfd, const char __user *path, unsigned int mode)
{
	return change_attr(path_inode(dfd, path, 0), apply_mode, &mode);
}

long sys_chmod(const char __user *path, unsigned int mode)
{
	return sys_fchmodat(AT_FDCWD, path, mode);
}

long sys_fchmod(unsigned int fd, unsigned int mode)
{
	return change_attr(fd_inode((int)fd), apply_mode, &mode);
}

struct owner {
	u32 uid, gid; /* (u32)-1: unchanged */
};

static void apply_owner(struct inode *inode, const void *arg)
{
	const struct owner *o = arg;

	if (o->uid != (u32)-1)
		inode->i_uid = o->uid;
	if (o->gid != (u32)-1)
		inode->i_gid = o->gid;
	if (!S_ISDIR(inode->i_mode)) {
		inode->i_mode &= (u16)~S_ISUID;
		if (inode->i_mode & S_IXGRP)
			inode->i_mode &= (u16)~S_ISGID;
	}
}

long sys_fchownat(int dfd, const char __user *path, u32 uid, u32 gid, int flags)
{
	struct owner o = { uid, gid };

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	return change_attr(path_inode(dfd, path, flags), apply_owner, &o);
}

long sys_chown32(const char __user *path, u32 uid, u32 gid)
{
	return sys_fchownat(AT_FDCWD, path, uid, gid, 0);
}

long sys_lchown32(const char __user *path, u32 uid, u32 gid)
{
	return sys_fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}

long sys_fchown32(unsigned int fd, u32 uid, u32 gid)
{
	struct owner o = { uid, gid };

	return change_attr(fd_inode((int)fd), apply_owner, &o);
}

/* The 16-bit ids of the old calls: 0xffff is -1. */
static u32 id16(u32 id)
{
	id &= 0xffff;
	return id == 0xffff ? (u32)-1 : id;
}

long sys_chown16(const char __user *path, u32 uid, u32 gid)
{
	return sys_chown32(path, id16(uid), id16(gid));
}

long sys_lchown16(const char __user *path, u32 uid, u32 gid)
{
	return sys_lchown32(path, id16(uid), id16(gid));
}

long sys_fchown16(unsigned int fd, u32 uid, u32 gid)
{
	return sys_fchown32(fd, id16(uid), id16(gid));
}

/* ------------------------------------------------------------ times -- */

#define RELATIME_SECONDS (24 * 60 * 60)

void file_accessed(struct file *f)
{
	struct inode *inode = f->f_inode;
	struct super_block *sb = inode ? inode->i_sb : NULL;
	u32 now;

	if (!sb || (f->f_flags & O_NOATIME) || sb->s_rdonly || (sb->s_flags & MS_NOATIME) ||
	    !sb->s_op || !sb->s_op->write_inode)
		return;
	if (S_ISDIR(inode->i_mode) && (sb->s_flags & MS_NODIRATIME))
		return;
	now = vfs_now();
	/* Signed, as Linux's: an atime in the future is not a day old. */
	if (inode->i_atime > inode->i_mtime && inode->i_atime > inode->i_ctime &&
	    (s32)(now - inode->i_atime) < RELATIME_SECONDS)
		return;
	if (inode->i_atime == now)
		return;
	inode->i_atime = now;
	mark_inode_dirty(inode);
}

/* New access and modification times; a negative nsec field says UTIME_NOW / UTIME_OMIT. */
struct times_req {
	s64 sec[2];
	long nsec[2];
};

static void apply_times(struct inode *inode, const void *arg)
{
	const struct times_req *t = arg;
	u32 now = vfs_now();

	if (t->nsec[0] != UTIME_OMIT)
		inode->i_atime = t->nsec[0] == UTIME_NOW ? now : (u32)t->sec[0];
	if (t->nsec[1] != UTIME_OMIT)
		inode->i_mtime = t->nsec[1] == UTIME_NOW ? now : (u32)t->sec[1];
}

static bool nsec_valid(long nsec)
{
	return nsec == UTIME_OMIT || nsec == UTIME_NOW || (nsec >= 0 && nsec <= 999999999);
}

/* Linux's do_utimes: path NULL with a dfd means the fd itself. t NULL: both now. */
static long do_utimes(int dfd, const char __user *path, struct times_req *t, int flags)
{
	struct times_req now = { { 0, 0 }, { UTIME_NOW, UTIME_NOW } };

	if (t && (!nsec_valid(t->nsec[0]) || !nsec_valid(t->nsec[1])))
		return -EINVAL;
	if (!t)
		t = &now;
	if (!path && dfd != AT_FDCWD) {
		if (flags)
			return -EINVAL;
		return change_attr(fd_inode(dfd), apply_times, t);
	}
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	return change_attr(path_inode(dfd, path, flags), apply_times, t);
}

struct old_timespec32 {
	s32 tv_sec, tv_nsec;
};

struct kernel_timespec64 {
	s64 tv_sec, tv_nsec;
};

long sys_utimensat(int dfd, const char __user *path, const void __user *utimes, int flags)
{
	struct old_timespec32 ts[2];
	struct times_req t;

	if (!utimes)
		return do_utimes(dfd, path, NULL, flags);
	if (copy_from_user(ts, utimes, sizeof(ts)))
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		t.sec[i] = ts[i].tv_sec;
		t.nsec[i] = ts[i].tv_nsec;
	}
	if (t.nsec[0] == UTIME_OMIT && t.nsec[1] == UTIME_OMIT)
		return 0; /* nothing to do: not even the path is checked */
	return do_utimes(dfd, path, &t, flags);
}

long sys_utimensat_time64(int dfd, const char __user *path, const void __user *utimes, int flags)
{
	struct kernel_timespec64 ts[2];
	struct times_req t;

	if (!utimes)
		return do_utimes(dfd, path, NULL, flags);
	if (copy_from_user(ts, utimes, sizeof(ts)))
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		t.sec[i] = ts[i].tv_sec;
		t.nsec[i] = (long)(s32)ts[i].tv_nsec; /* a 32-bit kernel keeps the low word */
	}
	if (t.nsec[0] == UTIME_OMIT && t.nsec[1] == UTIME_OMIT)
		return 0;
	return do_utimes(dfd, path, &t, flags);
}

struct old_timeval32 {
	s32 tv_sec, tv_usec;
};

long sys_futimesat(int dfd, const char __user *path, const void __user *utimes)
{
	struct old_timeval32 tv[2];
	struct times_req t;

	if (!utimes)
		return do_utimes(dfd, path, NULL, 0);
	if (copy_from_user(tv, utimes, sizeof(tv)))
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
			return -EINVAL;
		t.sec[i] = tv[i].tv_sec;
		t.nsec[i] = tv[i].tv_usec * 1000;
	}
	return do_utimes(dfd, path, &t, 0);
}

long sys_utimes(const char __user *path, const void __user *utimes)
{
	return sys_futimesat(AT_FDCWD, path, utimes);
}

long sys_utime(const char __user *path, const void __user *times)
{
	s32 tb[2];
	struct times_req t;

	if (!times)
		return do_utimes(AT_FDCWD, path, NULL, 0);
	if (copy_from_user(tb, times, sizeof(tb)))
		return -EFAULT;
	t.sec[0] = tb[0];
	t.sec[1] = tb[1];
	t.nsec[0] = t.nsec[1] = 0;
	return do_utimes(AT_FDCWD, path, &t, 0);
}
