/*
 * Address spaces and their vma sets: creating, copying (fork) and
 * destroying an mm; finding, inserting, merging and splitting vmas; the
 * mmap, munmap and brk system calls.
 *
 * An mm's vmas sit on mm->mmap sorted by address, never overlapping;
 * find_vma walks the list behind a one-entry cache (mmap_cache), which
 * catches the common case of repeated faults in one vma. Adjacent vmas
 * of the same kind (flags, file and contiguous offset, no private object)
 * are merged on insert, so a program that grows its heap page by page
 * keeps one vma.
 *
 * Every change validates all of its arguments and allocates every vma it
 * may need before touching the set, so a failure leaves the address
 * space as it was.
 *
 * Locking: mm->mmap_lock serialises all of this against the fault path.
 * Reference counts: a vma holds a reference on its file (get_file /
 * vfs_close) and, through vm_ops->open/close, on a shared anonymous
 * object. mm->users counts the tasks using the mm; the last mmput tears
 * it down.
 */
#include "mm/vm.h"
#include "mm/swap.h"
#include "mm/debug.h"
#include "mm/rmap.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "kernel/printk.h"

struct mm_struct *active_mm;
LIST_HEAD(all_mms);
static struct kmem_cache *vma_cache, *mm_cache;

void memory_init(void);
void shmem_init(void);
int shmem_setup(struct vm_area_struct *vma, unsigned long len);

void mmap_init(void)
{
	vma_cache = kmem_cache_create("vm_area_struct", sizeof(struct vm_area_struct), 0);
	mm_cache = kmem_cache_create("mm_struct", sizeof(struct mm_struct), 0);
	BUG_ON(!vma_cache || !mm_cache);
	memory_init();
	shmem_init();
	rmap_init();
}

void activate_mm(struct mm_struct *mm)
{
	if (mm == active_mm)
		return;
	active_mm = mm;
	switch_pgd(__pa(mm ? mm->pgd : swapper_pg_dir));
}

/* CR3 again from active_mm: a double fault's task switch leaves the kernel's pgd loaded. */
void reload_active_mm(void)
{
	switch_pgd(__pa(active_mm ? active_mm->pgd : swapper_pg_dir));
}

/* ------------------------------------------------------------------ vmas -- */

struct vm_area_struct *vma_alloc(void)
{
	struct vm_area_struct *vma = kmem_cache_alloc(vma_cache, GFP_KERNEL);

	if (vma) {
		memset(vma, 0, sizeof(*vma));
		INIT_LIST_HEAD(&vma->vm_list);
	}
	return vma;
}

void vma_free(struct vm_area_struct *vma)
{
	kmem_cache_free(vma_cache, vma);
}

/* A copy of vma with its own references (not on any list). */
static struct vm_area_struct *vma_dup(struct vm_area_struct *vma)
{
	struct vm_area_struct *n = vma_alloc();

	if (!n)
		return NULL;
	*n = *vma;
	INIT_LIST_HEAD(&n->vm_list);
	if (n->vm_file)
		get_file(n->vm_file);
	if (n->vm_ops && n->vm_ops->open)
		n->vm_ops->open(n);
	return n;
}

/* Drop a vma's references and free it (already off the list, pages zapped). */
static void vma_release(struct vm_area_struct *vma)
{
	if (vma->vm_ops && vma->vm_ops->close)
		vma->vm_ops->close(vma);
	if (vma->vm_file)
		vfs_close(vma->vm_file);
	vma_free(vma);
}

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = mm->mmap_cache;

	if (vma && vma->vm_start <= addr && vma->vm_end > addr)
		return vma;
	list_for_each_entry(vma, &mm->mmap, vm_list) {
		if (vma->vm_end > addr) {
			mm->mmap_cache = vma;
			return vma;
		}
	}
	return NULL;
}

static struct vm_area_struct *vma_prev(struct mm_struct *mm, struct vm_area_struct *vma)
{
	return vma->vm_list.prev == &mm->mmap ? NULL
					      : list_entry(vma->vm_list.prev, struct vm_area_struct, vm_list);
}

static struct vm_area_struct *vma_next(struct mm_struct *mm, struct vm_area_struct *vma)
{
	return vma->vm_list.next == &mm->mmap ? NULL
					      : list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
}

/* May b directly follow a in one vma? */
static bool vmas_mergeable(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	if (a->vm_end != b->vm_start || a->vm_flags != b->vm_flags || a->vm_file != b->vm_file ||
	    a->vm_ops != b->vm_ops || a->vm_private || b->vm_private)
		return false;
	return !a->vm_file || a->vm_pgoff + ((a->vm_end - a->vm_start) >> PAGE_SHIFT) == b->vm_pgoff;
}

static void unlink_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	list_del_init(&vma->vm_list);
	mm->map_count--;
	mm->total_vm -= (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
	if (mm->mmap_cache == vma)
		mm->mmap_cache = NULL;
}

void vma_merge_prev(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = vma_prev(mm, vma);

	if (!prev || !vmas_mergeable(prev, vma))
		return;
	unlink_vma(mm, vma);
	mm->total_vm += (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
	prev->vm_end = vma->vm_end;
	vma_release(vma);
}

int insert_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *pos, *next;
	struct list_head *before = &mm->mmap;

	list_for_each_entry(pos, &mm->mmap, vm_list) {
		if (pos->vm_start >= vma->vm_end) {
			before = &pos->vm_list;
			break;
		}
		BUG_ON(pos->vm_end > vma->vm_start); /* callers unmapped the range first */
	}
	list_add_tail(&vma->vm_list, before);
	vma->vm_mm = mm;
	mm->map_count++;
	mm->total_vm += (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
	next = vma_next(mm, vma);
	if (next && vmas_mergeable(vma, next))
		vma_merge_prev(mm, next);
	vma_merge_prev(mm, vma);
	return 0;
}

struct vm_area_struct *split_vma(struct vm_area_struct *vma, unsigned long addr)
{
	struct vm_area_struct *upper;

	VM_BUG_ON(addr <= vma->vm_start || addr >= vma->vm_end || (addr & ~PAGE_MASK));
	upper = vma_dup(vma);
	if (!upper)
		return NULL;
	upper->vm_start = addr;
	if (vma->vm_file || vma->vm_private)
		upper->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
	vma->vm_end = addr;
	list_add(&upper->vm_list, &vma->vm_list);
	vma->vm_mm->map_count++;
	return upper;
}

bool vma_set_valid(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	unsigned long prev_end = 0, pages = 0;
	int n = 0;

	list_for_each_entry(vma, &mm->mmap, vm_list) {
		if (vma->vm_start >= vma->vm_end || vma->vm_start < prev_end ||
		    (vma->vm_start | vma->vm_end) & ~PAGE_MASK || vma->vm_end > USER_TOP ||
		    vma->vm_mm != mm)
			return false;
		prev_end = vma->vm_end;
		pages += (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
		n++;
	}
	return n == mm->map_count && pages == mm->total_vm;
}

/* --------------------------------------------------------------- the mm -- */

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kmem_cache_alloc(mm_cache, GFP_KERNEL);
	unsigned long flags;

	if (!mm)
		return NULL;
	memset(mm, 0, sizeof(*mm));
	mm->pgd = pgd_alloc(mm);
	if (!mm->pgd) {
		kmem_cache_free(mm_cache, mm);
		return NULL;
	}
	INIT_LIST_HEAD(&mm->mmap);
	mutex_init(&mm->mmap_lock);
	mm->users = 1;
	flags = arch_irq_save();
	list_add_tail(&mm->mmlist, &all_mms);
	arch_irq_restore(flags);
	/* Linux's layout: mmap grows down from 128 MiB below the stack top. */
	mm->mmap_base = STACK_TOP - (128UL << 20);
	return mm;
}

static void exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *vma, *n;

	list_for_each_entry_safe(vma, n, &mm->mmap, vm_list) {
		zap_page_range(vma, vma->vm_start, vma->vm_end);
		unlink_vma(mm, vma);
		vma_release(vma);
	}
	free_pgtables(mm, 0, USER_TOP);
	VM_BUG_ON(mm->rss_anon || mm->rss_file || mm->nr_ptes);
}

void mmput(struct mm_struct *mm)
{
	unsigned long flags;

	if (--mm->users > 0)
		return;
	BUG_ON(mm == active_mm);
	mutex_lock(&mm->mmap_lock);
	exit_mmap(mm);
	flags = arch_irq_save();
	list_del_init(&mm->mmlist);
	arch_irq_restore(flags);
	mutex_unlock(&mm->mmap_lock);
	pgd_free(mm);
	kmem_cache_free(mm_cache, mm);
}

struct mm_struct *dup_mm(struct mm_struct *old)
{
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *vma;
	int err = 0;

	if (!mm)
		return NULL;
	mutex_lock(&old->mmap_lock);
	/*
	 * The new mm is on all_mms already: locked while its tables fill, the
	 * checker and reclaim leave it alone (and fork's rmap batches may lag).
	 * Parent before child; nobody else can be waiting for the child.
	 */
	mutex_lock(&mm->mmap_lock);
	mm->start_code = old->start_code;
	mm->end_code = old->end_code;
	mm->start_data = old->start_data;
	mm->end_data = old->end_data;
	mm->start_brk = old->start_brk;
	mm->brk = old->brk;
	mm->start_stack = old->start_stack;
	mm->arg_start = old->arg_start;
	mm->arg_end = old->arg_end;
	mm->env_start = old->env_start;
	mm->env_end = old->env_end;
	mm->mmap_base = old->mmap_base;
	list_for_each_entry(vma, &old->mmap, vm_list) {
		struct vm_area_struct *n = vma_dup(vma);

		if (!n) {
			err = -ENOMEM;
			break;
		}
		n->vm_mm = mm;
		list_add_tail(&n->vm_list, &mm->mmap);
		mm->map_count++;
		mm->total_vm += (n->vm_end - n->vm_start) >> PAGE_SHIFT;
		err = copy_page_range(mm, old, vma);
		if (err)
			break;
	}
	mutex_unlock(&mm->mmap_lock);
	mutex_unlock(&old->mmap_lock);
	if (err) {
		mmput(mm);
		return NULL;
	}
	return mm;
}

/* ------------------------------------------------------------- mapping -- */

unsigned long calc_vm_flags(unsigned long prot, unsigned long flags, struct file *file)
{
	unsigned long vm = (prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) | VM_MAYREAD | VM_MAYWRITE |
			   VM_MAYEXEC;

	if ((flags & MAP_TYPE) != MAP_PRIVATE) {
		vm |= VM_SHARED | VM_MAYSHARE;
		if (file && (file->f_flags & O_ACCMODE) == O_RDONLY)
			vm &= ~(VM_MAYWRITE | VM_SHARED);
	}
	if (flags & MAP_GROWSDOWN)
		vm |= VM_GROWSDOWN;
	if (flags & MAP_NORESERVE)
		vm |= VM_NORESERVE;
	if ((vm & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE)
		vm |= VM_ACCOUNT; /* kept for the vma's life, as Linux does (smaps shows it) */
	return vm;
}

/* Is [addr, addr+len) free of vmas? */
static bool range_free(struct mm_struct *mm, unsigned long addr, unsigned long len)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	return !vma || vma->vm_start >= addr + len;
}

long get_unmapped_area(struct mm_struct *mm, unsigned long addr, unsigned long len,
		       unsigned long flags)
{
	struct vm_area_struct *vma;
	unsigned long limit = mm->mmap_base, lo = MMAP_MIN_ADDR;

	if (len > USER_TOP - MMAP_MIN_ADDR)
		return -ENOMEM;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE))
		return addr;
	if (addr) {
		addr = ALIGN_UP(addr, PAGE_SIZE);
		if (addr >= MMAP_MIN_ADDR && addr <= USER_TOP - len && range_free(mm, addr, len))
			return addr;
	}
	/* Top down from mmap_base: the highest gap that fits. */
	list_for_each_entry_reverse(vma, &mm->mmap, vm_list) {
		if (vma->vm_start >= limit)
			continue;
		if (vma->vm_end <= limit && limit - vma->vm_end >= len)
			return limit - len;
		limit = vma->vm_start;
	}
	if (limit >= lo + len)
		return limit - len;
	/* Then anywhere, bottom up. */
	list_for_each_entry(vma, &mm->mmap, vm_list) {
		if (lo > USER_TOP - len)
			return -ENOMEM;
		if (vma->vm_start > lo && vma->vm_start - lo >= len)
			return lo;
		if (vma->vm_end > lo)
			lo = vma->vm_end;
	}
	return lo <= USER_TOP - len ? (long)lo : -ENOMEM;
}

/*
 * Linux's heuristic overcommit (OVERCOMMIT_GUESS): memory that may have to
 * be backed by RAM (private writable, shared anonymous) is refused only
 * when one request alone is larger than all of RAM and swap together.
 * sbrk(2 GiB) on a 128 MiB machine without swap fails here.
 */
static bool vm_enough_memory(unsigned long pages)
{
	return pages <= totalram_pages + total_swap_pages;
}

static bool mapping_accountable(unsigned long prot, unsigned long flags, struct file *file)
{
	if (flags & MAP_NORESERVE)
		return false;
	if ((flags & MAP_TYPE) == MAP_PRIVATE)
		return prot & PROT_WRITE;
	return !file;
}

/* Check a file for mapping with these flags; 0 or the errno Linux gives. */
static int check_file_mapping(struct file *file, unsigned long prot, unsigned long flags)
{
	unsigned int acc = file->f_flags & O_ACCMODE;

	if (!file->f_op->mmap_anonymous && (!file->f_inode || !S_ISREG(file->f_inode->i_mode)))
		return -ENODEV;
	if (acc == O_WRONLY)
		return -EACCES;
	if ((flags & MAP_TYPE) != MAP_PRIVATE && (prot & PROT_WRITE)) {
		if (acc != O_RDWR)
			return -EACCES;
		if (file->f_flags & O_APPEND)
			return -EACCES;
	}
	return 0;
}

#define MAP_KNOWN_FLAGS                                                                    \
	(MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_DENYWRITE |            \
	 MAP_EXECUTABLE | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK |        \
	 MAP_STACK | MAP_HUGETLB | MAP_FIXED_NOREPLACE)

long __do_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len, unsigned long prot,
	       unsigned long flags, struct file *file, unsigned long pgoff)
{
	unsigned long type = flags & MAP_TYPE;
	struct vm_area_struct *vma;
	u64 as_limit = current->rlim[RLIMIT_AS].cur;
	long err;

	if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (type == MAP_SHARED_VALIDATE && (flags & ~MAP_KNOWN_FLAGS))
		return -EOPNOTSUPP;
	if (!len)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if (flags & MAP_HUGETLB)
		return file ? -EINVAL : -ENOMEM; /* no huge pages here */
	len = ALIGN_UP(len, PAGE_SIZE);
	if (!len || len > USER_TOP)
		return -ENOMEM;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & ~PAGE_MASK)
			return -EINVAL;
		if (addr > USER_TOP - len)
			return -ENOMEM;
		/*
		 * Below MMAP_MIN_ADDR only with MAP_FIXED: Linux lets a process
		 * with CAP_SYS_RAWIO map there, and every process here is root.
		 */
		if ((flags & MAP_FIXED_NOREPLACE) && !(flags & MAP_FIXED) && !range_free(mm, addr, len))
			return -EEXIST;
	}
	if (file && (err = check_file_mapping(file, prot, flags)))
		return err;
	if (file && file->f_op->mmap_anonymous) {
		/* /dev/zero: an anonymous mapping, private or shared (Linux's mmap_zero). */
		file = NULL;
		pgoff = 0;
	}
	if (mapping_accountable(prot, flags, file) && !vm_enough_memory(len >> PAGE_SHIFT))
		return -ENOMEM;
	if (as_limit && as_limit != RLIM_INFINITY &&
	    ((u64)mm->total_vm << PAGE_SHIFT) + len > as_limit)
		return -ENOMEM;
	err = get_unmapped_area(mm, addr, len, flags);
	if (IS_ERR_VALUE(err))
		return err;
	addr = err;
	vma = vma_alloc();
	if (!vma)
		return -ENOMEM;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = calc_vm_flags(prot, flags, file);
	vma->vm_pgoff = pgoff;
	if (file) {
		vma->vm_file = get_file(file);
		vma->vm_ops = &file_vm_ops;
	} else if (vma->vm_flags & VM_SHARED) {
		err = shmem_setup(vma, len);
		if (err) {
			vma_free(vma);
			return err;
		}
	}
	if ((flags & MAP_FIXED) && (err = __do_munmap(mm, addr, len))) {
		vma_release(vma);
		return err;
	}
	insert_vma(mm, vma);
	return addr;
}

long do_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len, unsigned long prot,
	     unsigned long flags, struct file *file, unsigned long pgoff)
{
	long ret;

	mutex_lock(&mm->mmap_lock);
	ret = __do_mmap(mm, addr, len, prot, flags, file, pgoff);
	VM_BUG_ON(!vma_set_valid(mm));
	mutex_unlock(&mm->mmap_lock);
	if (!IS_ERR_VALUE(ret) && (flags & MAP_POPULATE))
		populate_range(mm, ret, ret + len, false);
	return ret;
}

int __do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	unsigned long end;
	struct vm_area_struct *vma, *last, *n;

	if ((start & ~PAGE_MASK) || !len)
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (!len || start > USER_TOP || len > USER_TOP - start)
		return -EINVAL;
	end = start + len;
	vma = find_vma(mm, start);
	if (!vma || vma->vm_start >= end)
		return 0;
	/* Both splits first: if the second cannot be had, undo is a merge. */
	if (vma->vm_start < start) {
		if (!split_vma(vma, start))
			return -ENOMEM;
		vma = vma_next(mm, vma);
	}
	last = find_vma(mm, end - 1);
	if (last && last->vm_start < end && last->vm_end > end && !split_vma(last, end)) {
		vma_merge_prev(mm, vma);
		return -ENOMEM;
	}
	mm->mmap_cache = NULL;
	for (; vma && vma->vm_start < end; vma = n) {
		n = vma_next(mm, vma);
		zap_page_range(vma, vma->vm_start, vma->vm_end);
		unlink_vma(mm, vma);
		vma_release(vma);
	}
	free_pgtables(mm, start, end);
	return 0;
}

int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	int ret;

	mutex_lock(&mm->mmap_lock);
	ret = __do_munmap(mm, start, len);
	VM_BUG_ON(!vma_set_valid(mm));
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

/* ------------------------------------------------------------ syscalls -- */

long sys_mmap2(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
	       int fd, unsigned long pgoff)
{
	struct file *file = NULL;
	long ret;

	if (!(flags & MAP_ANONYMOUS)) {
		file = fd_get(current->files, fd);
		if (!file)
			return -EBADF;
	} else {
		pgoff = 0;
	}
	ret = do_mmap(current->mm, addr, len, prot, flags, file, pgoff);
	if (file)
		vfs_close(file);
	return ret;
}

struct mmap_arg_struct {
	u32 addr, len, prot, flags, fd, offset;
};

long sys_old_mmap(const void __user *args)
{
	struct mmap_arg_struct a;

	if (copy_from_user(&a, args, sizeof(a)))
		return -EFAULT;
	if (a.offset & ~PAGE_MASK)
		return -EINVAL;
	return sys_mmap2(a.addr, a.len, a.prot, a.flags, a.fd, a.offset >> PAGE_SHIFT);
}

long sys_munmap(unsigned long addr, size_t len)
{
	return do_munmap(current->mm, addr, len);
}

long sys_brk(unsigned long brk)
{
	struct mm_struct *mm = current->mm;
	unsigned long oldbrk, newbrk;
	struct vm_area_struct *vma;

	mutex_lock(&mm->mmap_lock);
	if (brk < mm->start_brk || brk > USER_TOP)
		goto out;
	newbrk = ALIGN_UP(brk, PAGE_SIZE);
	oldbrk = ALIGN_UP(mm->brk, PAGE_SIZE);
	if (newbrk == oldbrk) {
		mm->brk = brk;
		goto out;
	}
	if (newbrk < oldbrk) {
		if (!__do_munmap(mm, newbrk, oldbrk - newbrk))
			mm->brk = brk;
		goto out;
	}
	/* Growing: the new pages must be free, with a page of gap below the next mapping. */
	if (newbrk > USER_TOP || !range_free(mm, oldbrk, newbrk - oldbrk + PAGE_SIZE))
		goto out;
	if (current->rlim[RLIMIT_DATA].cur != RLIM_INFINITY && current->rlim[RLIMIT_DATA].cur &&
	    (u64)(newbrk - mm->start_brk) > current->rlim[RLIMIT_DATA].cur)
		goto out;
	if (!vm_enough_memory((newbrk - oldbrk) >> PAGE_SHIFT))
		goto out;
	vma = vma_alloc();
	if (!vma)
		goto out;
	vma->vm_start = oldbrk;
	vma->vm_end = newbrk;
	vma->vm_flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_ACCOUNT;
	insert_vma(mm, vma);
	mm->brk = brk;
out:
	brk = mm->brk;
	mutex_unlock(&mm->mmap_lock);
	return brk;
}
