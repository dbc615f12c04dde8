/*
 * Block device nodes: Linux's numbers for the registered block devices
 * (bdev_devt / bdev_by_devt: ram0 1:0, hda 3:0, hdb 3:64, hdc 22:0, hdd
 * 22:64), the path lookup mount(2) and swapon(2) use (lookup_bdev), and
 * the file an S_IFBLK node opens: raw reads and writes of the device at
 * the file position through the block layer (block_rw_buf), whole
 * sectors read and, for a partial sector, read-modified-written; lseek
 * within the device's size; fsync; the BLKGETSIZE family of ioctls.
 *
 * Coherence: raw I/O bypasses the buffer and page caches. Writing to a
 * device that is mounted is allowed (as Linux allows it) and may be
 * overwritten by the filesystem's own cached blocks; reading one shows
 * what is on the device, so sync first (tests do).
 *
 * Context: may sleep; devices are never unregistered, so a block_device
 * pointer in private_data stays valid without a reference.
 */
#include "fs/vfs.h"
#include "drivers/block.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "fs/buffer.h"
#include "mm/mm.h"

#define BLKSSZGET 0x1268
#define BLKGETSIZE 0x1260
#define BLKGETSIZE64 0x80041272 /* _IOR(0x12, 114, size_t): size_t is 4 bytes on i386 */

dev_t bdev_devt(struct block_device *bdev)
{
	const char *n = bdev->name;

	if (!strncmp(n, "ram", 3))
		return MKDEV(1, simple_strtoul(n + 3, NULL, 10));
	if (n[0] == 'h' && n[1] == 'd' && n[2] >= 'a' && n[2] <= 'd' && !n[3])
		return MKDEV(n[2] < 'c' ? 3 : 22, ((n[2] - 'a') & 1) * 64);
	return 0;
}

struct block_device *bdev_by_devt(dev_t devt)
{
	struct block_device *bdev;

	block_device_for_each(bdev)
		if (bdev_devt(bdev) == devt)
			return bdev;
	return NULL;
}

struct block_device *lookup_bdev(const char *kpath)
{
	struct inode *inode = lookup_at(AT_FDCWD, kpath, LOOKUP_FOLLOW);
	struct block_device *bdev;

	if (IS_ERR(inode))
		return (struct block_device *)inode;
	bdev = S_ISBLK(inode->i_mode) ? bdev_by_devt(inode->i_rdev) : ERR_PTR(-ENOTBLK);
	if (!bdev)
		bdev = ERR_PTR(-ENXIO);
	iput(inode);
	return bdev;
}

static loff_t bdev_bytes(struct block_device *bdev)
{
	return (loff_t)(bdev->nr_sectors << SECTOR_SHIFT);
}

static int blkdev_open(struct inode *inode, struct file *f)
{
	struct block_device *bdev = bdev_by_devt(inode->i_rdev);

	if (!bdev)
		return -ENXIO;
	if ((f->f_flags & O_ACCMODE) != O_RDONLY && bdev->read_only)
		return -EACCES;
	f->private_data = bdev;
	return 0;
}

/*
 * Move n bytes (at most a page) between buf and the device at pos,
 * through a bounce buffer of whole sectors. The caller clamped n to the
 * device's end.
 */
static int blkdev_transfer(struct block_device *bdev, void *buf, size_t n, loff_t pos, bool write)
{
	u64 first = (u64)pos >> SECTOR_SHIFT;
	u32 head = (u32)(pos & (SECTOR_SIZE - 1));
	u32 count = (u32)((head + n + SECTOR_SIZE - 1) >> SECTOR_SHIFT);
	char *bounce = kmalloc(count << SECTOR_SHIFT, GFP_KERNEL);
	int err = 0;

	if (!bounce)
		return -ENOMEM;
	/* Reads, and writes that do not cover their first and last sectors whole, read first. */
	if (!write || head || ((head + n) & (SECTOR_SIZE - 1)))
		err = block_rw_buf(bdev, BLOCK_READ, first, count, bounce);
	if (!err && write) {
		memcpy(bounce + head, buf, n);
		err = block_rw_buf(bdev, BLOCK_WRITE, first, count, bounce);
	} else if (!err) {
		memcpy(buf, bounce + head, n);
	}
	kfree(bounce);
	return err;
}

static ssize_t blkdev_read(struct file *f, void *buf, size_t n, loff_t *pos)
{
	struct block_device *bdev = f->private_data;
	loff_t size = bdev_bytes(bdev);
	int err;

	if (*pos >= size)
		return 0;
	n = (size_t)MIN((loff_t)n, size - *pos);
	err = blkdev_transfer(bdev, buf, n, *pos, false);
	if (err)
		return err;
	*pos += n;
	return (ssize_t)n;
}

static ssize_t blkdev_write(struct file *f, const void *buf, size_t n, loff_t *pos)
{
	struct block_device *bdev = f->private_data;
	loff_t size = bdev_bytes(bdev);
	int err;

	if (bdev->read_only)
		return -EPERM;
	if (*pos >= size)
		return -ENOSPC;
	n = (size_t)MIN((loff_t)n, size - *pos);
	err = blkdev_transfer(bdev, (void *)buf, n, *pos, true);
	if (err)
		return err;
	*pos += n;
	return (ssize_t)n;
}

/* Linux's fixed_size_llseek: inside [0, size] only. */
static loff_t blkdev_llseek(struct file *f, loff_t off, int whence)
{
	loff_t size = bdev_bytes(f->private_data), base, r;

	mutex_lock(&f->f_pos_lock);
	base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? f->f_pos : whence == SEEK_END ? size : -1;
	if (base < 0 || (off > 0 && off > size - base) || base + off < 0)
		r = -EINVAL;
	else
		r = f->f_pos = base + off;
	mutex_unlock(&f->f_pos_lock);
	return r;
}

static int blkdev_fsync(struct file *f)
{
	return sync_buffers(f->private_data);
}

static long blkdev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct block_device *bdev = f->private_data;
	u64 bytes = (u64)bdev_bytes(bdev);
	u32 v;

	switch (cmd) {
	case BLKSSZGET:
		v = SECTOR_SIZE;
		break;
	case BLKGETSIZE:
		v = (u32)bdev->nr_sectors;
		break;
	case BLKGETSIZE64: /* a u64 whatever the number says */
		return copy_to_user((void __user *)arg, &bytes, sizeof(bytes)) ? -EFAULT : 0;
	default:
		return -ENOTTY;
	}
	return copy_to_user((void __user *)arg, &v, sizeof(v)) ? -EFAULT : 0;
}

const struct file_operations def_blk_fops = {
	.open = blkdev_open,
	.read = blkdev_read,
	.write = blkdev_write,
	.llseek = blkdev_llseek,
	.fsync = blkdev_fsync,
	.ioctl = blkdev_ioctl,
};
