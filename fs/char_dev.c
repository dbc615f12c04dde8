/*
 * Character device nodes: the table of registered ranges (major, minors
 * [base, base + count)) and the open of an S_IFCHR inode, which finds the
 * range holding the inode's i_rdev, makes its file_operations the file's
 * and runs their open hook. No range for the number: -ENXIO, as Linux.
 *
 * Locking: chrdev_lock (a spinlock) over the list; ranges are never
 * removed, so a found range stays valid without it.
 */
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "mm/mm.h"

struct chrdev_range {
	unsigned int major, minor_base, count;
	const char *name;
	const struct file_operations *fops;
	struct list_head list;
};

static LIST_HEAD(chrdevs);
static DEFINE_SPINLOCK(chrdev_lock);

static bool overlaps(const struct chrdev_range *r, unsigned int major, unsigned int base,
		     unsigned int count)
{
	return r->major == major && base < r->minor_base + r->count && r->minor_base < base + count;
}

int register_chrdev(unsigned int major, unsigned int minor_base, unsigned int count,
		    const char *name, const struct file_operations *fops)
{
	struct chrdev_range *r, *n;

	if (!count || !fops || major > 0xfff || minor_base > MINORMASK ||
	    count > MINORMASK + 1 - minor_base)
		return -EINVAL;
	n = kmalloc(sizeof(*n), GFP_KERNEL);
	if (!n)
		return -ENOMEM;
	n->major = major;
	n->minor_base = minor_base;
	n->count = count;
	n->name = name;
	n->fops = fops;
	spin_lock(&chrdev_lock);
	list_for_each_entry(r, &chrdevs, list) {
		if (overlaps(r, major, minor_base, count)) {
			spin_unlock(&chrdev_lock);
			kfree(n);
			return -EBUSY;
		}
	}
	list_add_tail(&n->list, &chrdevs);
	spin_unlock(&chrdev_lock);
	return 0;
}

static const struct file_operations *chrdev_fops(dev_t rdev)
{
	const struct file_operations *fops = NULL;
	struct chrdev_range *r;

	spin_lock(&chrdev_lock);
	list_for_each_entry(r, &chrdevs, list)
		if (overlaps(r, MAJOR(rdev), MINOR(rdev), 1)) {
			fops = r->fops;
			break;
		}
	spin_unlock(&chrdev_lock);
	return fops;
}

static int chrdev_open(struct inode *inode, struct file *f)
{
	const struct file_operations *fops = chrdev_fops(inode->i_rdev);

	if (!fops)
		return -ENXIO;
	f->f_op = fops;
	return fops->open ? fops->open(inode, f) : 0;
}

const struct file_operations def_chr_fops = {
	.open = chrdev_open,
};
