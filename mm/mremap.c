/*
 * mremap: resize a mapping, in place when the addresses after it are free,
 * else (MREMAP_MAYMOVE) by moving it: a new vma is made at the new place
 * and the PTEs are moved there one by one (move_page_tables), so the
 * pages themselves are neither copied nor faulted again.
 *
 * Errors as Linux: bad flags or alignment, MREMAP_FIXED without MAYMOVE,
 * or overlapping old and new ranges are -EINVAL; an old range that is not
 * inside one mapping is -EFAULT; no room is -ENOMEM.
 * Locking: mmap_lock for the whole call.
 */
#include "mm/vm.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"

#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#define MREMAP_DONTUNMAP 4

static bool over_as_limit(struct mm_struct *mm, unsigned long grow)
{
	u64 limit = current->rlim[RLIMIT_AS].cur;

	return limit && limit != RLIM_INFINITY && ((u64)mm->total_vm << PAGE_SHIFT) + grow > limit;
}

/* Move [addr, addr+old_len) of vma to new_addr as a mapping of new_len bytes. */
static long move_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
		     unsigned long old_len, unsigned long new_addr, unsigned long new_len)
{
	struct vm_area_struct *n = vma_alloc();
	int err;

	if (!n)
		return -ENOMEM;
	*n = *vma;
	INIT_LIST_HEAD(&n->vm_list);
	n->vm_start = new_addr;
	n->vm_end = new_addr + new_len;
	if (vma->vm_file || vma->vm_private)
		n->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
	if (n->vm_file)
		get_file(n->vm_file);
	if (n->vm_ops && n->vm_ops->open)
		n->vm_ops->open(n);
	err = move_page_tables(vma, addr, new_addr, MIN(old_len, new_len));
	insert_vma(mm, n);
	if (err) {
		/* Some PTEs moved: put them back where they were, then drop the new vma. */
		move_page_tables(vma, new_addr, addr, MIN(old_len, new_len));
		__do_munmap(mm, new_addr, new_len);
		return err;
	}
	__do_munmap(mm, addr, old_len);
	return new_addr;
}

long sys_mremap(unsigned long addr, unsigned long old_len, unsigned long new_len,
		unsigned long flags, unsigned long new_addr)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	long ret;

	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if (flags & MREMAP_DONTUNMAP)
		return -EINVAL; /* not supported here */
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	old_len = ALIGN_UP(old_len, PAGE_SIZE);
	new_len = ALIGN_UP(new_len, PAGE_SIZE);
	if (!new_len || !old_len)
		return -EINVAL;
	if (new_len > USER_TOP || addr > USER_TOP - old_len)
		return -EINVAL;
	if (flags & MREMAP_FIXED) {
		if ((new_addr & ~PAGE_MASK) || new_addr > USER_TOP - new_len)
			return -EINVAL;
		if (new_addr < addr + old_len && addr < new_addr + new_len)
			return -EINVAL;
	}

	mutex_lock(&mm->mmap_lock);
	vma = find_vma(mm, addr);
	if (!vma || vma->vm_start > addr || old_len > vma->vm_end - addr) {
		ret = -EFAULT;
		goto out;
	}
	if (flags & MREMAP_FIXED) {
		ret = over_as_limit(mm, new_len) ? -ENOMEM : __do_munmap(mm, new_addr, new_len);
		if (!ret) {
			vma = find_vma(mm, addr);
			ret = move_vma(mm, vma, addr, old_len, new_addr, new_len);
		}
		goto out;
	}
	if (new_len <= old_len) {
		ret = new_len < old_len ? __do_munmap(mm, addr + new_len, old_len - new_len) : 0;
		if (!ret)
			ret = addr;
		goto out;
	}
	if (over_as_limit(mm, new_len - old_len)) {
		ret = -ENOMEM;
		goto out;
	}
	/* Grow in place when the old range ends the vma and the addresses after it are free. */
	if (vma->vm_end == addr + old_len && addr + new_len <= USER_TOP) {
		struct vm_area_struct *next = find_vma(mm, vma->vm_end);

		if (!next || next->vm_start >= addr + new_len) {
			mm->total_vm += (new_len - old_len) >> PAGE_SHIFT;
			vma->vm_end = addr + new_len;
			ret = addr;
			goto out;
		}
	}
	if (!(flags & MREMAP_MAYMOVE)) {
		ret = -ENOMEM;
		goto out;
	}
	ret = get_unmapped_area(mm, 0, new_len, 0);
	if (!IS_ERR_VALUE(ret))
		ret = move_vma(mm, vma, addr, old_len, ret, new_len);
out:
	mutex_unlock(&mm->mmap_lock);
	return ret;
}
