/*
 * /proc/<pid>/pagemap: one little-endian 64-bit entry per virtual page
 * of the process (entry n at byte 8n describes the page at n * 4096), in
 * Linux's format: bit 63 present, bit 62 swapped, for a present page the
 * frame number in bits 0-54, for a swapped one the swap type in bits
 * 0-4 and the offset in bits 5-54; bit 61 says the page is a file's (or
 * shared anonymous memory), bit 56 that only this mapping maps it.
 * Pages of no vma and pages never touched read as 0.
 *
 * Unlike the text files this one is not generated at open (it spans
 * 3 GiB / 4 KiB * 8 = 6 MiB): open pins the mm (a user reference, as the
 * other per-process files take), each read computes the entries it
 * returns under the mm's mmap_lock, release drops the reference. Reads
 * must start and end on 8-byte boundaries (-EINVAL otherwise, as Linux).
 */
#include "fs/vfs.h"
#include "fs/proc/internal.h"
#include "kernel/errno.h"
#include "mm/lru.h"
#include "mm/mm.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "mm/vm.h"
#include "arch/x86/mmu.h"

#define PM_PRESENT (1ULL << 63)
#define PM_SWAP (1ULL << 62)
#define PM_FILE (1ULL << 61)
#define PM_EXCLUSIVE (1ULL << 56)
#define PM_PFN_MASK ((1ULL << 55) - 1)
#define PAGEMAP_SIZE ((loff_t)(USER_TOP >> PAGE_SHIFT) * 8)

static u64 pagemap_entry(struct vm_area_struct *vma, unsigned long addr)
{
	pte_t *ptep;
	pte_t pte;
	u64 e = 0;

	if (!vma || addr < vma->vm_start)
		return 0;
	ptep = pte_lookup(vma->vm_mm, addr);
	if (!ptep)
		return 0;
	pte = *ptep;
	if (pte_present(pte)) {
		struct page *page = pfn_to_page(pte_pfn(pte));

		e = PM_PRESENT | ((u64)pte_pfn(pte) & PM_PFN_MASK);
		if (!PageAnon(page) || (vma->vm_flags & VM_SHARED))
			e |= PM_FILE;
		if (page_mapcount(page) == 1)
			e |= PM_EXCLUSIVE;
	} else if (pte_is_swap(pte)) {
		swp_entry_t s = { pte_to_swp_val(pte) };

		e = PM_SWAP | (((u64)swp_offset(s) << 5 | swp_type(s)) & PM_PFN_MASK);
	}
	return e;
}

static ssize_t pagemap_read(struct file *f, void *buf, size_t n, loff_t *pos)
{
	struct mm_struct *mm = f->private_data;
	struct vm_area_struct *vma;
	u64 *out = buf;
	unsigned long addr;
	size_t i, count;

	if ((*pos & 7) || (n & 7))
		return -EINVAL;
	if (!mm || *pos >= PAGEMAP_SIZE)
		return 0;
	count = MIN(n / 8, (size_t)((PAGEMAP_SIZE - *pos) / 8));
	addr = (unsigned long)(*pos / 8) << PAGE_SHIFT;
	mutex_lock(&mm->mmap_lock);
	vma = find_vma(mm, addr);
	for (i = 0; i < count; i++, addr += PAGE_SIZE) {
		while (vma && addr >= vma->vm_end)
			vma = vma->vm_list.next == &mm->mmap ? NULL :
				list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
		out[i] = pagemap_entry(vma, addr);
	}
	mutex_unlock(&mm->mmap_lock);
	*pos += count * 8;
	return (ssize_t)(count * 8);
}

static int pagemap_open(struct inode *inode, struct file *f)
{
	struct proc_task pt;
	int err;

	if ((f->f_flags & O_ACCMODE) != O_RDONLY)
		return -EACCES;
	err = proc_task_get(proc_inode_pid(inode), &pt);
	if (err)
		return err;
	f->private_data = pt.mm; /* keeps the reference proc_task_get took (NULL: no mm) */
	pt.mm = NULL;
	proc_task_put(&pt); /* the rest of the snapshot (the fd table's use) */
	return 0;
}

static void pagemap_release(struct file *f)
{
	if (f->private_data)
		mmput(f->private_data);
}

loff_t proc_binary_llseek(struct file *f, loff_t off, int whence, loff_t size)
{
	loff_t r;

	mutex_lock(&f->f_pos_lock);
	r = whence == SEEK_SET ? off : whence == SEEK_CUR ? f->f_pos + off : -1;
	if (whence == SEEK_END && size >= 0)
		r = size + off;
	if (r < 0)
		r = -EINVAL;
	else
		f->f_pos = r;
	mutex_unlock(&f->f_pos_lock);
	return r;
}

static loff_t pagemap_llseek(struct file *f, loff_t off, int whence)
{
	return proc_binary_llseek(f, off, whence, PAGEMAP_SIZE);
}

const struct file_operations proc_pagemap_fops = {
	.open = pagemap_open,
	.read = pagemap_read,
	.llseek = pagemap_llseek,
	.release = pagemap_release,
};
