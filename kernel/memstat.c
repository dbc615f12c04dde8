/*
 * rmapos_memstat, a system call of this kernel only (number 1000, far
 * above Linux's): the user-level test runner calls it before and after
 * each test program to check that nothing leaked. It first drops the
 * caches (written back, then released), so what it reports is memory
 * somebody really holds. On Linux the number is -ENOSYS and the runner
 * skips the check.
 */
#include "kernel/syscalls.h"
#include "kernel/process.h"
#include "kernel/errno.h"
#include "kernel/uaccess.h"
#include "fs/vfs.h"
#include "mm/vm.h"

struct rmapos_memstat {
	u32 free_pages;
	u32 pgtable_pages;
	u32 slab_objects;
	u32 processes;
};

long sys_rmapos_memstat(void __user *out)
{
	struct rmapos_memstat st;

	drop_caches();
	st.free_pages = nr_free_pages();
	st.pgtable_pages = nr_user_pgtables();
	st.slab_objects = slab_total_objects();
	st.processes = nr_processes;
	return copy_to_user(out, &st, sizeof(st)) ? -EFAULT : 0;
}
