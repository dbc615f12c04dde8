/*
 * Address spaces: struct mm_struct and struct vm_area_struct, the fault
 * entry, and the calls that build and tear down user mappings. This is
 * the interface kernel/ (fork, exec, exit, the system calls) uses; the PTE
 * formats stay in arch/x86/mmu.h. docs/processes.md explains the design.
 *
 * Owners:
 *   the vma set of an mm, mmap/munmap/brk, mm lifetime     mm/mmap.c
 *   page tables, PTE install/clear, the fault cases        mm/memory.c
 *   mprotect                                               mm/mprotect.c
 *   mremap                                                 mm/mremap.c
 *   msync, madvise, mincore                                mm/msync.c
 *   filemap_nopage (file pages into mappings)              mm/filemap.c
 *
 * Locking: mm->mmap_lock (a mutex) guards the vma set and the page tables
 * of the mm; the fault path takes it, and so does every call here that
 * changes a mapping. Nothing here copies to or from user memory while
 * holding it (a fault would take it again).
 */
#ifndef MM_VM_H
#define MM_VM_H

#include "kernel/types.h"
#include "kernel/list.h"
#include "kernel/mutex.h"
#include "arch/x86/mmu.h"
#include "mm/mm.h"

struct file;
struct vm_area_struct;

/* vm_flags */
#define VM_READ 0x0001
#define VM_WRITE 0x0002
#define VM_EXEC 0x0004
#define VM_SHARED 0x0008
#define VM_MAYREAD 0x0010
#define VM_MAYWRITE 0x0020
#define VM_MAYEXEC 0x0040
#define VM_MAYSHARE 0x0080
#define VM_GROWSDOWN 0x0100
#define VM_DENYWRITE 0x0800
#define VM_LOCKED 0x2000
#define VM_SEQ_READ 0x8000
#define VM_RAND_READ 0x10000
#define VM_ACCOUNT 0x100000   /* private writable memory, charged to the commit count (Linux's rule) */
#define VM_NORESERVE 0x200000
#define VM_ACCESS_FLAGS (VM_READ | VM_WRITE | VM_EXEC)

/* mmap / mprotect arguments (Linux i386 values). */
#define PROT_NONE 0x0
#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4
#define PROT_GROWSDOWN 0x01000000
#define PROT_GROWSUP 0x02000000
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE 0x0f
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_GROWSDOWN 0x0100
#define MAP_DENYWRITE 0x0800
#define MAP_EXECUTABLE 0x1000
#define MAP_LOCKED 0x2000
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE 0x8000
#define MAP_NONBLOCK 0x10000
#define MAP_STACK 0x20000
#define MAP_HUGETLB 0x40000
#define MAP_FIXED_NOREPLACE 0x100000
#define MAP_FAILED ((unsigned long)-1)

/* Where user space ends, and the layout exec builds below it. */
#define USER_TOP 0xC0000000UL
#define STACK_TOP USER_TOP
#define STACK_RLIMIT_DEFAULT (8UL << 20)
#define MMAP_MIN_ADDR 0x10000UL /* nothing is ever mapped below (NULL stays a fault) */

/* What a vma's pages come from when the PTE is empty. */
struct vm_operations {
	/*
	 * nopage: the page for `addr` in vma, referenced for the caller, or
	 * NOPAGE_SIGBUS (past end of file), NOPAGE_OOM, NOPAGE_EIO. *major
	 * is set when the page had to be read from the device.
	 */
	struct page *(*nopage)(struct vm_area_struct *vma, unsigned long addr, bool *major);
	/* A vma was copied (fork, split) or is going away: reference its object. */
	void (*open)(struct vm_area_struct *vma);
	void (*close)(struct vm_area_struct *vma);
};
#define NOPAGE_SIGBUS ((struct page *)1)
#define NOPAGE_OOM ((struct page *)2)
#define NOPAGE_EIO ((struct page *)3)

struct vm_area_struct {
	struct mm_struct *vm_mm;
	unsigned long vm_start, vm_end; /* [start, end), page aligned */
	unsigned long vm_flags;
	struct file *vm_file;           /* referenced; NULL for anonymous memory */
	unsigned long vm_pgoff;         /* file offset of vm_start, in pages */
	const struct vm_operations *vm_ops;
	void *vm_private;               /* shared anonymous memory: its object (mm/shmem.c) */
	struct list_head vm_list;       /* on mm->mmap, sorted by address */
};

struct mm_struct {
	pgd_t *pgd;                     /* lowmem page directory; kernel half shared */
	struct list_head mmap;          /* vmas, sorted by vm_start, never overlapping */
	struct vm_area_struct *mmap_cache; /* the last vma find_vma returned */
	int map_count;
	int users;                      /* tasks using it (vfork shares) */
	struct mutex mmap_lock;
	unsigned long start_code, end_code, start_data, end_data;
	unsigned long start_brk, brk, start_stack;
	unsigned long arg_start, arg_end, env_start, env_end;
	unsigned long mmap_base;        /* top of the top-down mmap area */
	unsigned long total_vm;         /* pages of all vmas */
	unsigned long rss_file, rss_anon; /* resident pages mapped, by kind */
	unsigned long nr_ptes;          /* page-table pages */
	unsigned long nr_swap_ptes;     /* PTEs holding a swap entry (pages swapped out) */
	unsigned int swap_cnt;          /* the per-process swap_out's "kick me" budget */
	unsigned long swap_address;     /* where the per-process swap_out goes on */
	/*
	 * unmap_window > 0: the holder of mmap_lock sleeps (allocating, or
	 * waiting for a read) at a point of the fault path that re-checks its
	 * PTE afterwards, so reclaim may unmap this mm's pages without the
	 * lock (mm/rmap.c). Without it, every process that faults while memory
	 * is short would shield its own pages from reclaim.
	 */
	int unmap_window;
	unsigned long faults_minor, faults_major, faults_cow;
	struct list_head mmlist;        /* on all_mms (mm/mmap.c): every live mm */
};

/*
 * Every live mm, with or without a task (self-tests build bare ones), for
 * the invariant checker and, later, swap_out. Changed with interrupts off
 * by mm_alloc and mmput; walk it with interrupts off.
 */
extern struct list_head all_mms;

/* Bracket a sleep of a mmap_lock holder that re-validates its PTE afterwards. */
static inline void unmap_window_open(struct mm_struct *mm) { mm->unmap_window++; }
static inline void unmap_window_close(struct mm_struct *mm) { mm->unmap_window--; }

struct pte_chain;
/* The PTE for addr, or NULL when no page table covers it. mmap_lock held. */
pte_t *pte_lookup(struct mm_struct *mm, unsigned long addr);
/*
 * pte_walk_next: the first PTE at or above *addr and below end that has a
 * page table, with *addr moved to its address; NULL when none is left. A
 * range walk steps over whole 4 MiB holes with it:
 *
 *	for (a = start; (ptep = pte_walk_next(mm, &a, end)); a += PAGE_SIZE)
 *
 * end is at most USER_TOP. mmap_lock held.
 */
pte_t *pte_walk_next(struct mm_struct *mm, unsigned long *addr, unsigned long end);
/* mm/memory.c for mm/swap_state.c: map a locked swap cache page where its swap entry was. */
void install_swapped_pte(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep,
			 struct page *page, struct pte_chain **spare);

/* VM-wide counters (a later /proc/vmstat reads them). */
struct fault_event_counts {
	unsigned long pgfault, pgmajfault, cow_faults, anon_faults, zero_page_faults;
	unsigned long file_faults, faultaround_mapped, wp_reuse, stack_grows;
	unsigned long pgtables_alloc, pgtables_free, segv_maperr, segv_accerr, sigbus;
};
extern struct fault_event_counts fault_events;
/* Page-table pages in use by all address spaces (leak checks). */
unsigned long nr_user_pgtables(void);

/* ---------------------------------------------------------- mm/mmap.c -- */
void mmap_init(void);
/* A new empty address space (kernel half mapped), or NULL. */
struct mm_struct *mm_alloc(void);
/* Drop a user; the last one unmaps everything and frees the page tables. */
void mmput(struct mm_struct *mm);
/* fork: a copy of every vma; private writable pages become copy-on-write. NULL on ENOMEM. */
struct mm_struct *dup_mm(struct mm_struct *old);
/* The first vma with vm_end > addr, or NULL. mmap_lock held. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
/* Make mm the address space the CPU translates through (context switch, exec). */
void activate_mm(struct mm_struct *mm);
void reload_active_mm(void);
/*
 * do_mmap: map [addr, addr+len) of file at pgoff (pages) or anonymous
 * memory (file NULL). Validates everything first; returns the address or
 * a negative errno. Takes mmap_lock.
 */
long do_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len, unsigned long prot,
	     unsigned long flags, struct file *file, unsigned long pgoff);
/* Unmap [addr, addr+len): splits vmas, frees pages and empty page tables. */
int do_munmap(struct mm_struct *mm, unsigned long addr, unsigned long len);
/* Unlocked variants for callers that hold mmap_lock (exec, mremap). */
long __do_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len, unsigned long prot,
	       unsigned long flags, struct file *file, unsigned long pgoff);
int __do_munmap(struct mm_struct *mm, unsigned long addr, unsigned long len);
/* A free range of len bytes (top-down below mmap_base) or -ENOMEM. mmap_lock held. */
long get_unmapped_area(struct mm_struct *mm, unsigned long addr, unsigned long len,
		       unsigned long flags);
/* Insert a new vma (not overlapping anything); merges with compatible neighbours. */
int insert_vma(struct mm_struct *mm, struct vm_area_struct *vma);
struct vm_area_struct *vma_alloc(void);
void vma_free(struct vm_area_struct *vma);
/* Split vma at addr; the new upper part is returned (inserted) or NULL on ENOMEM. */
struct vm_area_struct *split_vma(struct vm_area_struct *vma, unsigned long addr);
/* Try to merge vma with the vma just before it (same kind, adjacent). */
void vma_merge_prev(struct mm_struct *mm, struct vm_area_struct *vma);
/* Linux vm_flags from PROT_* and MAP_* (MAY bits included). */
unsigned long calc_vm_flags(unsigned long prot, unsigned long flags, struct file *file);
/* The vma set is consistent (sorted, no overlap, counts): used by debug_vm and tests. */
bool vma_set_valid(struct mm_struct *mm);
extern const struct vm_operations anon_vm_ops;

/* -------------------------------------------------------- mm/memory.c -- */
/* Fault flags the arch handler decodes from the error code. */
#define FAULT_WRITE 0x01
#define FAULT_USER 0x02
#define FAULT_PROT 0x04   /* the PTE was present: a protection violation */
#define FAULT_INSN 0x08   /* instruction fetch */

enum fault_result {
	FAULT_OK,
	FAULT_SEGV_MAPERR, /* no mapping at the address */
	FAULT_SEGV_ACCERR, /* mapped, but not for this access */
	FAULT_SIGBUS,      /* a file page wholly past end of file, or I/O error */
	FAULT_OOM,
};
/*
 * handle_mm_fault: resolve a fault at addr in mm (flags FAULT_*, user_sp
 * the user stack pointer for stack growth). Takes mmap_lock. Counts the
 * fault in the current task (min_flt / maj_flt) when it succeeds.
 */
enum fault_result handle_mm_fault(struct mm_struct *mm, unsigned long addr, unsigned int flags,
				  unsigned long user_sp);
/* Remove every PTE in [start, end) of vma (pages dropped, dirty bits to pages). */
void zap_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end);
/* Free the page tables that no vma needs any more in [start, end). */
void free_pgtables(struct mm_struct *mm, unsigned long start, unsigned long end);
/* fork: copy the PTEs of one vma into the child (COW for private writable). */
int copy_page_range(struct mm_struct *dst, struct mm_struct *src, struct vm_area_struct *vma);
/* Change the protection of every present PTE in [start, end) to vma's flags. */
void change_pte_range(struct vm_area_struct *vma, unsigned long start, unsigned long end);
/* Move the PTEs of [old, old+len) to new (mremap), page tables allocated as needed. */
int move_page_tables(struct vm_area_struct *vma, unsigned long old_addr, unsigned long new_addr,
		     unsigned long len);
/* Move each dirty bit of a present PTE in [start, end) to its page (msync). */
void sync_pte_dirty(struct vm_area_struct *vma, unsigned long start, unsigned long end);
/* The page mapped at addr (referenced) or NULL: for mincore and tests. mmap_lock held. */
struct page *follow_page(struct mm_struct *mm, unsigned long addr);
/* Store a u32 into another address space (fork's CLONE_CHILD_SETTID): 0 or -EFAULT. */
int access_remote_u32(struct mm_struct *mm, unsigned long addr, u32 val);
/*
 * Read len bytes at addr of another mm (the caller holds a user reference
 * on it), faulting pages in as a read would (/proc/<pid>/cmdline): the
 * bytes copied, fewer when an unmapped page stops it. Sleeps.
 */
size_t access_remote_read(struct mm_struct *mm, unsigned long addr, void *buf, size_t len);
/* Free the page directory (all user tables already gone). */
void pgd_free(struct mm_struct *mm);
pgd_t *pgd_alloc(struct mm_struct *mm);
/* Pre-fault [start, end) for writing (exec's bss tail, MAP_POPULATE). */
int populate_range(struct mm_struct *mm, unsigned long start, unsigned long end, bool write);
/* Flush the TLB for [start, end) of mm if it is the active one (invlpg or a full flush). */
void flush_tlb_range(struct mm_struct *mm, unsigned long start, unsigned long end);
/* The shared zero page anonymous read faults map. */
extern struct page *zero_page;

/* ------------------------------------------------------ mm/vm_check.c -- */
/* What one run of the invariant checker saw. */
struct vm_check_report {
	unsigned long violations;        /* all of them (the first few are printed) */
	unsigned long mms, mms_busy;     /* mms checked; mms skipped (mmap_lock held) */
	unsigned long ptes;              /* present user PTEs of RAM pages */
	unsigned long mapped_pages;      /* pages with a reverse map */
	unsigned long rmap_entries, chain_blocks;
};
/*
 * vm_check: verify the page tables of every live mm against every page's
 * reverse map, both ways, and the rss and chain-block counters (docs/rmap.md
 * lists each rule). Prints the first few violations (page, pid, address)
 * tagged with `when`, fills *r if not NULL, returns the violation count.
 * Runs with interrupts off; an mm whose mmap_lock is held is skipped (its
 * tables may be mid-change). Task context; never sleeps or allocates.
 */
unsigned long vm_check(const char *when, struct vm_check_report *r);
extern unsigned long vm_check_runs; /* how often vm_check ran (tests of the debug_vm hook) */
/*
 * Run vm_check when init exits and print two lines: "vm_check after init:
 * clean (...)" and "vm_check since boot: N runs, M violations".
 */
void vm_check_after_init(void);
/* Run vm_check every this many faults under `debug_vm`. */
#define VM_CHECK_FAULT_INTERVAL 256

/* ------------------------------------------------------- mm/filemap.c -- */
/* The vm_operations of a file mapping: pages from the page cache, with fault-around. */
extern const struct vm_operations file_vm_ops;
#define FAULT_AROUND_PAGES 16

#endif
