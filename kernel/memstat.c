/*
 * rmapos_memstat, a system call of this kernel only (number 511, well
 * above Linux's): the user-level test runner calls it before and after
 * each test program to check that nothing leaked. It first drops the
 * caches (written back, then released), so what it reports is memory
 * somebody really holds. Pages and page tables the calling process maps
 * itself are counted as free: the runner's own heap and stack may grow
 * while a test runs, and that is not the test's leak. On Linux the number
 * is -ENOSYS and the runner skips the check.
 */
#include "kernel/syscalls.h"
#include "kernel/process.h"
#include "kernel/errno.h"
#include "kernel/uaccess.h"
#include "fs/vfs.h"
#include "mm/vm.h"
#include "mm/rmap.h"
#include "mm/vmstat.h"
#include "mm/swap.h"

struct rmapos_memstat {
	u32 free_pages;
	u32 pgtable_pages;
	u32 slab_objects;
	u32 processes;
};

long sys_rmapos_memstat(void __user *out)
{
	struct mm_struct *mm = current->mm;
	struct rmapos_memstat st;

	drop_caches();
	st.free_pages = nr_free_pages() + mm->rss_anon + mm->rss_file;
	st.pgtable_pages = nr_user_pgtables() - mm->nr_ptes;
	st.slab_objects = slab_total_objects();
	st.processes = nr_processes;
	return copy_to_user(out, &st, sizeof(st)) ? -EFAULT : 0;
}

/*
 * rmapos_page_referenced(addr), number 512, also this kernel's own: the
 * reverse map's page_referenced on the page the caller maps at addr (the
 * accessed bits of every PTE of that page, in every process, are tested
 * and cleared). The rmap tests call it from user space to check that the
 * count is exactly the mappings the processes themselves touched. -EFAULT
 * when nothing is mapped there.
 */
long sys_rmapos_page_referenced(unsigned long addr)
{
	struct mm_struct *mm = current->mm;
	struct page *page;
	int n;

	if (addr >= USER_TOP)
		return -EFAULT;
	mutex_lock(&mm->mmap_lock);
	page = follow_page(mm, addr);
	mutex_unlock(&mm->mmap_lock);
	if (!page)
		return -EFAULT;
	n = page_referenced(page);
	put_page(page);
	return n;
}

/*
 * rmapos_vmstat(buf, len), number 514: the text /proc/vmstat will show
 * (mm/vmstat.c), for tests that run before /proc exists. Returns the
 * bytes copied, -EFAULT, -EINVAL for a zero length.
 */
long sys_rmapos_vmstat(char __user *buf, size_t len)
{
	char *k;
	size_t n;
	long ret;

	if (!len)
		return -EINVAL;
	if (len > PAGE_SIZE)
		len = PAGE_SIZE;
	k = (char *)__get_free_page(GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	n = vmstat_text(k, len);
	ret = copy_to_user(buf, k, n) ? -EFAULT : (long)n;
	free_page((unsigned long)k);
	return ret;
}

/*
 * rmapos_swapstat(out), number 515: swap slots in use and swap cache pages,
 * with the caller's own share (struct below, all u32), after dropping the
 * caches: a test that ran under pressure checks that nothing but its own
 * swapped pages is left. -EFAULT for a bad pointer.
 */
struct rmapos_swapstat {
	u32 slots_used, slots_mine, cache_pages, cache_mine, cache_mine_unmapped;
};

long sys_rmapos_swapstat(void __user *out)
{
	struct rmapos_swapstat st;
	struct swap_usage u;

	drop_caches();
	swap_usage(current->mm, &u);
	st.slots_used = (u32)u.slots_used;
	st.slots_mine = (u32)u.slots_mine;
	st.cache_pages = (u32)u.cache_pages;
	st.cache_mine = (u32)u.cache_mine;
	st.cache_mine_unmapped = (u32)u.cache_mine_unmapped;
	return copy_to_user(out, &st, sizeof(st)) ? -EFAULT : 0;
}

/*
 * rmapos_vm_check(out), number 516, this kernel's own: runs the VM
 * invariant checker (mm/vm_check.c) over every mm and page and reports
 * what it saw, with the reverse map's block counters, so a user-level
 * test (tests/fuzz/fuzz.c) can assert that its processes left the page
 * tables and reverse maps consistent and no pte-chain block behind.
 * Returns 0 (the violations are in the report; the first few are also
 * printed on the console) or -EFAULT.
 */
struct rmapos_vm_check {
	u32 violations;
	u32 mms;
	u32 ptes;
	u32 rmap_entries;
	u32 chain_blocks;
	u32 spare_blocks;
};

long sys_rmapos_vm_check(void __user *out)
{
	struct vm_check_report r;
	struct rmapos_vm_check st;

	vm_check("rmapos_vm_check", &r);
	st.violations = r.violations;
	st.mms = r.mms;
	st.ptes = r.ptes;
	st.rmap_entries = r.rmap_entries;
	st.chain_blocks = rmap_stats.chain_blocks;
	st.spare_blocks = rmap_stats.spare_blocks;
	return copy_to_user(out, &st, sizeof(st)) ? -EFAULT : 0;
}
