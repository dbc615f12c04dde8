/*
 * Shared anonymous memory (mmap MAP_SHARED | MAP_ANONYMOUS): the object
 * behind such a mapping is an address_space of its own, with no file and
 * no backing store until swap exists. Its pages live in the page cache
 * under that address_space, so every mm that maps the object (fork copies
 * the vma) finds the same page for the same offset through do_no_page.
 *
 * Pages are kept dirty from the moment they are created: nothing may drop
 * them as "clean, unused cache" (page_cache_drop_clean), since their only
 * copy is in memory. The last vma that closes the object truncates it,
 * which frees every page not still mapped.
 *
 * Reference counts: vm_ops->open (fork, split) takes a reference on the
 * object, close drops one. Locking: the callers hold mmap_lock; the page
 * cache has its own lock.
 */
#include "mm/vm.h"
#include "mm/pagemap.h"
#include "kernel/errno.h"
#include "kernel/string.h"

struct shmem_object {
	int refs;
	struct address_space mapping;
};

static struct kmem_cache *shmem_cache;

void shmem_init(void);
void shmem_init(void)
{
	shmem_cache = kmem_cache_create("shmem_object", sizeof(struct shmem_object), 0);
	BUG_ON(!shmem_cache);
}

static struct page *shmem_nopage(struct vm_area_struct *vma, unsigned long addr, bool *major)
{
	struct shmem_object *obj = vma->vm_private;
	unsigned long index = ((addr - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;
	struct page *page;

	for (;;) {
		page = find_get_page(&obj->mapping, index);
		if (page)
			return page;
		page = alloc_page(GFP_HIGHUSER | __GFP_ZERO);
		if (!page)
			return NOPAGE_OOM;
		if (add_to_page_cache(page, &obj->mapping, index) == 0)
			break;
		put_page(page); /* somebody else added it meanwhile: take theirs */
	}
	set_page_flag(page, PG_uptodate);
	set_page_dirty(page);
	unlock_page(page);
	return page;
}

static void shmem_open(struct vm_area_struct *vma)
{
	struct shmem_object *obj = vma->vm_private;

	obj->refs++;
}

static void shmem_close(struct vm_area_struct *vma)
{
	struct shmem_object *obj = vma->vm_private;

	if (--obj->refs)
		return;
	truncate_inode_pages(&obj->mapping, 0);
	kmem_cache_free(shmem_cache, obj);
}

static const struct vm_operations shmem_vm_ops = {
	.nopage = shmem_nopage,
	.open = shmem_open,
	.close = shmem_close,
};

/* Give a new shared anonymous vma its object. 0 or -ENOMEM. */
int shmem_setup(struct vm_area_struct *vma, unsigned long len);
int shmem_setup(struct vm_area_struct *vma, unsigned long len)
{
	struct shmem_object *obj = kmem_cache_alloc(shmem_cache, GFP_KERNEL);

	if (!obj)
		return -ENOMEM;
	memset(obj, 0, sizeof(*obj));
	obj->refs = 1;
	init_address_space(&obj->mapping, NULL, NULL);
	vma->vm_private = obj;
	vma->vm_ops = &shmem_vm_ops;
	vma->vm_pgoff = 0;
	return 0;
}
