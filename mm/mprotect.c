/*
 * mprotect: change the access rights of a range of mappings.
 *
 * The whole range must be mapped (-ENOMEM otherwise) and every vma in it
 * must allow the new rights (-EACCES: PROT_WRITE on a shared mapping of a
 * file opened read-only); both are checked before anything changes. The
 * vmas at the ends are split, the flags set, the present PTEs rewritten
 * (change_pte_range: private pages stay read-only until a write fault
 * decides between copy and reuse), and neighbours that became alike are
 * merged again.
 *
 * Locking: mmap_lock for the whole call.
 */
#include "mm/vm.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"

/* Is [start, end) wholly mapped, and does each vma allow prot? 0 or -errno. */
static int check_range(struct mm_struct *mm, unsigned long start, unsigned long end,
		       unsigned long prot)
{
	struct vm_area_struct *vma = find_vma(mm, start);
	unsigned long at = start;

	if (!vma || vma->vm_start > start)
		return -ENOMEM;
	for (; vma && at < end;) {
		if (vma->vm_start > at)
			return -ENOMEM;
		if ((prot & PROT_WRITE) && !(vma->vm_flags & VM_MAYWRITE))
			return -EACCES;
		if ((prot & PROT_READ) && !(vma->vm_flags & VM_MAYREAD))
			return -EACCES;
		if ((prot & PROT_EXEC) && !(vma->vm_flags & VM_MAYEXEC))
			return -EACCES;
		at = vma->vm_end;
		vma = vma->vm_list.next == &mm->mmap
			      ? NULL
			      : list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
	}
	return at >= end ? 0 : -ENOMEM;
}

static int mprotect_fixup(struct vm_area_struct *vma, unsigned long start, unsigned long end,
			  unsigned long newflags)
{
	struct mm_struct *mm = vma->vm_mm;

	if (newflags == vma->vm_flags)
		return 0;
	if (start > vma->vm_start) {
		vma = split_vma(vma, start);
		if (!vma)
			return -ENOMEM;
	}
	if (end < vma->vm_end && !split_vma(vma, end))
		return -ENOMEM;
	vma->vm_flags = newflags;
	change_pte_range(vma, vma->vm_start, vma->vm_end);
	mm->mmap_cache = NULL;
	vma_merge_prev(mm, vma);
	return 0;
}

long sys_mprotect(unsigned long start, size_t len, unsigned long prot)
{
	struct mm_struct *mm = current->mm;
	unsigned long end;
	int err;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if ((prot & (PROT_GROWSDOWN | PROT_GROWSUP)) == (PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	end = start + len;
	if (end < start)
		return -ENOMEM;
	if (!len)
		return 0;
	prot &= PROT_READ | PROT_WRITE | PROT_EXEC;
	mutex_lock(&mm->mmap_lock);
	err = check_range(mm, start, end, prot);
	for (unsigned long at = start; !err && at < end;) {
		struct vm_area_struct *vma = find_vma(mm, at);
		unsigned long stop = MIN(end, vma->vm_end);
		unsigned long newflags = (vma->vm_flags & ~VM_ACCESS_FLAGS) | prot;

		/* private memory that becomes writable is charged from now on (Linux) */
		if ((newflags & (VM_WRITE | VM_SHARED | VM_NORESERVE)) == VM_WRITE)
			newflags |= VM_ACCOUNT;

		err = mprotect_fixup(vma, at, stop, newflags);
		at = stop;
	}
	mutex_unlock(&mm->mmap_lock);
	return err;
}
