/*
 * /proc/kpagecount: for every page frame, one little-endian 64-bit count
 * of the PTEs that map it (entry n at byte 8n is frame n), as Linux gives
 * it; 0 for holes, free frames and kernel memory. The reverse map answers
 * (pfn_mapcount walks the frame's pte chain), so a test reading it sees
 * exactly the chain the kernel keeps. Root only (mode 0400, as on Linux).
 *
 * Computed per read, nothing is kept between calls: no state, no
 * reference, no locking beyond what pfn_mapcount takes for one frame.
 * Reads must start and end on 8-byte boundaries (-EINVAL otherwise);
 * past the last frame they return 0 bytes.
 */
#include "fs/vfs.h"
#include "fs/proc/internal.h"
#include "kernel/errno.h"
#include "mm/mm.h"
#include "mm/rmap.h"

static ssize_t kpagecount_read(struct file *f, void *buf, size_t n, loff_t *pos)
{
	u64 *out = buf;
	size_t count;
	unsigned long pfn;

	if ((*pos & 7) || (n & 7))
		return -EINVAL;
	if (*pos < 0 || *pos / 8 >= (loff_t)max_pfn)
		return 0;
	pfn = (unsigned long)(*pos / 8);
	count = MIN(n / 8, (size_t)(max_pfn - pfn));
	for (size_t i = 0; i < count; i++)
		out[i] = pfn_mapcount(pfn + i);
	*pos += count * 8;
	return (ssize_t)(count * 8);
}

static int kpagecount_open(struct inode *inode, struct file *f)
{
	return (f->f_flags & O_ACCMODE) == O_RDONLY ? 0 : -EACCES;
}

static loff_t kpagecount_llseek(struct file *f, loff_t off, int whence)
{
	return proc_binary_llseek(f, off, whence, -1); /* no SEEK_END, as Linux */
}

const struct file_operations proc_kpagecount_fops = {
	.open = kpagecount_open,
	.read = kpagecount_read,
	.llseek = kpagecount_llseek,
};
