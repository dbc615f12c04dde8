/*
 * getdents64: directory entries packed as Linux's struct linux_dirent64
 * (u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, name, NUL, padding to
 * 8 bytes). Entries are packed into a kernel buffer by a filldir callback
 * (dirent64_fill, also used by the self-tests) and copied out at the end
 * with one copy_to_user.
 *
 * d_off is the offset to resume reading after an entry: the position of
 * the next entry, i.e. f_pos when the following entry is offered (ext2
 * sets f_pos to each entry before calling back) or after the walk.
 * vfs_readdir holds f_pos_lock around the walk.
 */
#include "fs/readdir.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "mm/mm.h"

/* Largest kernel buffer per call: a bigger user buffer just gets fewer entries. */
#define GETDENTS_KBUF_MAX (32 * 1024)

#define DIRENT64_NAME_OFFSET 19

static unsigned int dirent64_reclen(int namelen)
{
	return (DIRENT64_NAME_OFFSET + namelen + 1 + 7) & ~7u;
}

int dirent64_fill(void *ctx, const char *name, int namelen, u32 ino, unsigned int type)
{
	struct dirent64_buf *db = ctx;
	unsigned int reclen = dirent64_reclen(namelen);
	struct linux_dirent64 *d;

	if (reclen > db->size - db->used) {
		db->error = -EINVAL;
		return 1;
	}
	if (db->prev)
		db->prev->d_off = db->file ? db->file->f_pos : 0;
	d = (struct linux_dirent64 *)(db->buf + db->used);
	d->d_ino = ino;
	d->d_off = 0;
	d->d_reclen = (u16)reclen;
	d->d_type = (u8)type;
	memcpy(d->d_name, name, namelen);
	memset(d->d_name + namelen, 0, reclen - DIRENT64_NAME_OFFSET - namelen);
	db->prev = d;
	db->used += reclen;
	return 0;
}

long sys_getdents64(unsigned int fd, void __user *dirent, unsigned int count)
{
	struct file *f = fd_get(current->files, (int)fd);
	struct dirent64_buf db = { 0 };
	long err;

	if (!f)
		return -EBADF;
	db.size = MIN(count, (unsigned int)GETDENTS_KBUF_MAX);
	db.file = f;
	if (!f->f_inode || !S_ISDIR(f->f_inode->i_mode))
		err = -ENOTDIR;
	else if (!(db.buf = kmalloc(MAX(db.size, 1u), GFP_KERNEL)))
		err = -ENOMEM;
	else
		err = vfs_readdir(f, &db, dirent64_fill);
	if (f->f_inode && S_ISDIR(f->f_inode->i_mode))
		file_accessed(f);
	if (!err && db.prev) {
		db.prev->d_off = f->f_pos;
		err = copy_to_user(dirent, db.buf, db.used) ? -EFAULT : (long)db.used;
	} else if (!err) {
		err = db.error;
	}
	kfree(db.buf);
	vfs_close(f);
	return err;
}
