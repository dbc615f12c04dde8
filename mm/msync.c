/*
 * msync, madvise and mincore: calls that look at or act on the pages
 * behind a range of mappings without changing the mappings themselves.
 *
 *   msync(MS_SYNC / MS_ASYNC)  moves the PTE dirty bits of shared file
 *                              mappings to their pages; MS_SYNC then writes
 *                              the file's dirty pages and waits
 *   madvise(DONTNEED)          drops the range's pages: private memory
 *                              reads back as zeroes (or the file), shared
 *                              memory keeps its contents in the cache
 *   madvise(WILLNEED)          starts reading file pages into the cache
 *   madvise(SEQUENTIAL/RANDOM/NORMAL)  read-ahead and fault-around hints
 *   mincore                    one byte per page: 1 if it is in memory (mapped, in
 *                              the page cache, or swapped out but in the swap cache)
 *
 * Errors as Linux: a misaligned start is -EINVAL; a range with holes is
 * -ENOMEM (msync and mincore at once, madvise after doing what it can).
 * Locking: mmap_lock, dropped before any file I/O.
 */
#include "mm/vm.h"
#include "mm/pagemap.h"
#include "mm/swap.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"

#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4

#define MADV_NORMAL 0
#define MADV_RANDOM 1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED 3
#define MADV_DONTNEED 4
#define MADV_FREE 8
#define MADV_REMOVE 9
#define MADV_DONTFORK 10
#define MADV_DOFORK 11
#define MADV_MERGEABLE 12
#define MADV_UNMERGEABLE 13
#define MADV_HUGEPAGE 14
#define MADV_NOHUGEPAGE 15
#define MADV_DONTDUMP 16
#define MADV_DODUMP 17

static struct vm_area_struct *next_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	return vma->vm_list.next == &mm->mmap ? NULL
					      : list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
}

/* Validate (start, len) the way these calls do; the page-aligned end in *end. */
static int check_args(unsigned long start, size_t len, unsigned long *end)
{
	if (start & ~PAGE_MASK)
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	*end = start + len;
	if (*end < start)
		return -ENOMEM;
	return 0;
}

long sys_msync(unsigned long start, size_t len, int flags)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	struct file *files[16];
	unsigned int nfiles = 0;
	unsigned long end, at;
	int err;

	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	err = check_args(start, len, &end);
	if (err || end == start)
		return err;
	mutex_lock(&mm->mmap_lock);
	vma = find_vma(mm, start);
	for (at = start; at < end; vma = next_vma(mm, vma)) {
		if (!vma || vma->vm_start > at) {
			err = -ENOMEM;
			break;
		}
		if ((vma->vm_flags & VM_SHARED) && vma->vm_file) {
			sync_pte_dirty(vma, MAX(at, vma->vm_start), MIN(end, vma->vm_end));
			if ((flags & MS_SYNC) && nfiles < ARRAY_SIZE(files))
				files[nfiles++] = get_file(vma->vm_file);
		}
		at = vma->vm_end;
	}
	mutex_unlock(&mm->mmap_lock);
	for (unsigned int i = 0; i < nfiles; i++) {
		int e = filemap_write_and_wait(files[i]->f_inode->i_mapping);

		if (e && !err)
			err = e;
		vfs_close(files[i]);
	}
	return err;
}

/* The file pages behind [start, end) of vma: start reading the ones not cached. */
static void willneed(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	struct inode *inode = vma->vm_file->f_inode;
	unsigned long size = (unsigned long)((inode->i_size + PAGE_SIZE - 1) >> PAGE_SHIFT);

	for (unsigned long a = start; a < end; a += PAGE_SIZE) {
		unsigned long index = ((a - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;

		if (index >= size || page_cache_read(inode->i_mapping, index))
			break;
	}
}

static int madvise_vma(struct vm_area_struct *vma, unsigned long start, unsigned long end,
		       int advice)
{
	switch (advice) {
	case MADV_NORMAL:
		vma->vm_flags &= ~(VM_SEQ_READ | VM_RAND_READ);
		return 0;
	case MADV_RANDOM:
		vma->vm_flags = (vma->vm_flags & ~VM_SEQ_READ) | VM_RAND_READ;
		return 0;
	case MADV_SEQUENTIAL:
		vma->vm_flags = (vma->vm_flags & ~VM_RAND_READ) | VM_SEQ_READ;
		return 0;
	case MADV_WILLNEED:
		if (vma->vm_file)
			willneed(vma, start, end);
		return 0;
	case MADV_DONTNEED:
	case MADV_FREE:
		if (vma->vm_flags & VM_LOCKED)
			return -EINVAL;
		zap_page_range(vma, start, end);
		return 0;
	case MADV_DONTFORK: case MADV_DOFORK: case MADV_MERGEABLE: case MADV_UNMERGEABLE:
	case MADV_HUGEPAGE: case MADV_NOHUGEPAGE: case MADV_DONTDUMP: case MADV_DODUMP:
		return 0; /* accepted; nothing here acts on them */
	default:
		return -EINVAL;
	}
}

static bool advice_known(int advice)
{
	return (advice >= MADV_NORMAL && advice <= MADV_DONTNEED) ||
	       (advice >= MADV_FREE && advice <= MADV_DODUMP && advice != MADV_REMOVE);
}

long sys_madvise(unsigned long start, size_t len, int advice)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	unsigned long end, at;
	int err, unmapped = 0;

	if (!advice_known(advice))
		return -EINVAL;
	err = check_args(start, len, &end);
	if (err || end == start)
		return err;
	mutex_lock(&mm->mmap_lock);
	vma = find_vma(mm, start);
	for (at = start; at < end && vma; vma = next_vma(mm, vma)) {
		if (vma->vm_start >= end)
			break;
		if (vma->vm_start > at)
			unmapped = -ENOMEM;
		err = madvise_vma(vma, MAX(at, vma->vm_start), MIN(end, vma->vm_end), advice);
		if (err)
			break;
		at = vma->vm_end;
	}
	if (!err && at < end)
		unmapped = -ENOMEM;
	mutex_unlock(&mm->mmap_lock);
	return err ? err : unmapped;
}

/* Is the page of vma at addr in memory (mapped, or in the page cache for a file)? */
static u8 page_resident(struct vm_area_struct *vma, unsigned long addr)
{
	struct page *page = follow_page(vma->vm_mm, addr);
	pte_t *ptep;

	if (page) {
		put_page(page);
		return 1;
	}
	/* Swapped out but still in the swap cache: resident, as Linux's mincore says. */
	ptep = pte_lookup(vma->vm_mm, addr);
	if (ptep && pte_is_swap(ptep_get(ptep))) {
		page = lookup_swap_cache((swp_entry_t){ pte_to_swp_val(ptep_get(ptep)) });
		if (page) {
			put_page(page);
			return 1;
		}
		return 0;
	}
	if (vma->vm_file) {
		unsigned long index = ((addr - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;

		page = find_get_page(vma->vm_file->f_inode->i_mapping, index);
		if (page) {
			put_page(page);
			return 1;
		}
	}
	return 0;
}

long sys_mincore(unsigned long start, size_t len, unsigned char __user *vec)
{
	struct mm_struct *mm = current->mm;
	unsigned char buf[64];
	unsigned long end, at;
	int err = check_args(start, len, &end);

	if (err)
		return err;
	if (start >= USER_TOP || end > USER_TOP)
		return -ENOMEM;
	if (!access_ok(vec, (end - start) >> PAGE_SHIFT))
		return -EFAULT;
	for (at = start; at < end;) {
		unsigned int n = 0;

		mutex_lock(&mm->mmap_lock);
		for (; at < end && n < sizeof(buf); at += PAGE_SIZE, n++) {
			struct vm_area_struct *vma = find_vma(mm, at);

			if (!vma || vma->vm_start > at) {
				mutex_unlock(&mm->mmap_lock);
				return -ENOMEM;
			}
			buf[n] = page_resident(vma, at);
		}
		mutex_unlock(&mm->mmap_lock);
		if (copy_to_user(vec + ((at - start) >> PAGE_SHIFT) - n, buf, n))
			return -EFAULT;
	}
	return 0;
}
