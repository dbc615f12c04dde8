/*
 * The ELF32 loader: checks a program's headers, and after the point of
 * no return maps its PT_LOAD segments (file-backed private mappings, the
 * bss as zeroed anonymous memory), loads its PT_INTERP interpreter (an
 * ET_DYN, Debian's ld-linux.so.2) at a free address, and reports the
 * entry point and what the initial stack's auxv needs.
 *
 * Errors follow Linux's binfmt_elf: a header that is not ELF or not for
 * i386, bad program-header counts or sizes, an interpreter path that is
 * empty, too long or not NUL-terminated give -ENOEXEC; a short read -EIO;
 * an interpreter that cannot be opened its open error; an interpreter that
 * is not an i386 ELF -ELIBBAD. All of these are found before the old image
 * is released, so the caller keeps running. Segment problems found while
 * mapping (an address reaching kernel space, p_filesz > p_memsz) come
 * after, and the process is killed, as on Linux: by SIGSEGV, or by SIGBUS
 * when the bss page to clear lies past the end of the file (-ENXIO here).
 */
#include "kernel/binfmt.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/sched.h"
#include "kernel/uaccess.h"
#include "fs/vfs.h"
#include "mm/vm.h"

#define ELIBBAD 80
/* Where a position-independent executable goes (Linux i386, no randomisation). */
#define ELF_ET_DYN_BASE 0x00400000UL
#define ELF_MAX_PHDR_BYTES PAGE_SIZE

/* Linux's test: the magic and the machine; EI_CLASS and EI_DATA are not looked at. */
static bool elf_header_ok(const Elf32_Ehdr *eh)
{
	return !memcmp(eh->e_ident, "\177ELF", 4) &&
	       (eh->e_machine == EM_386 || eh->e_machine == EM_486);
}

/* The program headers, kmalloc'd; ERR_PTR(-ENOEXEC/-EIO/-ENOMEM). */
static Elf32_Phdr *load_phdrs(const Elf32_Ehdr *eh, struct file *f)
{
	unsigned long size = (unsigned long)eh->e_phnum * sizeof(Elf32_Phdr);
	Elf32_Phdr *ph;
	int err;

	if (eh->e_phentsize != sizeof(Elf32_Phdr) || !size || size > ELF_MAX_PHDR_BYTES)
		return ERR_PTR(-ENOEXEC);
	ph = kmalloc(size, GFP_KERNEL);
	if (!ph)
		return ERR_PTR(-ENOMEM);
	err = binprm_read(f, ph, size, eh->e_phoff);
	if (err) {
		kfree(ph);
		return ERR_PTR(err);
	}
	return ph;
}

/* The span [lowest page, highest end) the PT_LOAD segments cover; 0 if none. */
static unsigned long load_span(const Elf32_Phdr *ph, unsigned int n, unsigned long *first)
{
	unsigned long lo = ~0UL, hi = 0;

	for (unsigned int i = 0; i < n; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		if (ALIGN_DOWN(ph[i].p_vaddr, PAGE_SIZE) < lo)
			lo = ALIGN_DOWN(ph[i].p_vaddr, PAGE_SIZE);
		if (ph[i].p_vaddr + ph[i].p_memsz > hi)
			hi = ph[i].p_vaddr + ph[i].p_memsz;
	}
	*first = lo;
	return hi > lo ? ALIGN_UP(hi, PAGE_SIZE) - lo : 0;
}

static unsigned long segment_prot(const Elf32_Phdr *p)
{
	return (p->p_flags & PF_R ? PROT_READ : 0) | (p->p_flags & PF_W ? PROT_WRITE : 0) |
	       (p->p_flags & PF_X ? PROT_EXEC : 0);
}

/* Does the file page that holds the end of p's file part start at or past end of file? */
static bool page_past_eof(struct file *f, const Elf32_Phdr *p)
{
	return ALIGN_DOWN((loff_t)p->p_offset + p->p_filesz, PAGE_SIZE) >= f->f_inode->i_size;
}

/*
 * Map one PT_LOAD segment at bias: the file part privately, the rest of
 * the memory size as zeroed anonymous pages, and the file page that holds
 * the end of the file part cleared beyond it. 0 or -errno.
 */
static int map_segment(struct file *f, const Elf32_Phdr *p, unsigned long bias)
{
	struct mm_struct *mm = current->mm;
	unsigned long va = p->p_vaddr + bias, prot = segment_prot(p);
	unsigned long start = ALIGN_DOWN(va, PAGE_SIZE), off = p->p_offset - (va - start);
	unsigned long file_end = va + p->p_filesz, mem_end = va + p->p_memsz;
	long r;

	if (p->p_filesz > p->p_memsz || p->p_memsz > USER_TOP || va >= USER_TOP ||
	    USER_TOP - p->p_memsz < va || ((va - p->p_offset) & ~PAGE_MASK))
		return -EINVAL;
	if (p->p_filesz) {
		r = do_mmap(mm, start, file_end - start, prot, MAP_PRIVATE | MAP_FIXED, f,
			    off >> PAGE_SHIFT);
		if (IS_ERR_VALUE(r))
			return r;
		/*
		 * The bss starts inside the last file page: the rest of that
		 * page must read as zero, up to its end (ld.so's first
		 * allocations live there, past _end), as Linux's padzero does.
		 */
		if (p->p_memsz > p->p_filesz && (file_end & ~PAGE_MASK) && (prot & PROT_WRITE)) {
			unsigned long n = PAGE_SIZE - (file_end & ~PAGE_MASK);

			if (clear_user((void *)file_end, n))
				return page_past_eof(f, p) ? -ENXIO : -EFAULT;
		}
	}
	if (ALIGN_UP(mem_end, PAGE_SIZE) > ALIGN_UP(file_end, PAGE_SIZE) || !p->p_filesz) {
		unsigned long a = p->p_filesz ? ALIGN_UP(file_end, PAGE_SIZE) : start;

		if (ALIGN_UP(mem_end, PAGE_SIZE) > a) {
			r = do_mmap(mm, a, ALIGN_UP(mem_end, PAGE_SIZE) - a, prot,
				    MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, NULL, 0);
			if (IS_ERR_VALUE(r))
				return r;
		}
	}
	return 0;
}

/* A free range of len bytes for an ET_DYN object, top down. */
static long pick_base(unsigned long len)
{
	struct mm_struct *mm = current->mm;
	long r;

	mutex_lock(&mm->mmap_lock);
	r = get_unmapped_area(mm, 0, len, 0);
	mutex_unlock(&mm->mmap_lock);
	return r;
}

static int map_all(struct file *f, const Elf32_Phdr *ph, unsigned int n, unsigned long bias)
{
	for (unsigned int i = 0; i < n; i++) {
		int err;

		if (ph[i].p_type != PT_LOAD)
			continue;
		err = map_segment(f, &ph[i], bias);
		if (err)
			return err;
	}
	return 0;
}

/* Load the interpreter anywhere; its base in *base. 0 or -errno. */
static int load_interp(struct file *f, const Elf32_Ehdr *eh, const Elf32_Phdr *ph,
		       unsigned long *base)
{
	unsigned long first, span = load_span(ph, eh->e_phnum, &first);
	long b;

	if (!span)
		return -ENOEXEC;
	b = pick_base(span);
	if (IS_ERR_VALUE(b))
		return b;
	*base = b - first;
	return map_all(f, ph, eh->e_phnum, *base);
}

/* Read and check the interpreter named by PT_INTERP p; its file in *out. */
static int open_interp(struct binprm *bp, const Elf32_Phdr *p, struct file **out,
		       Elf32_Ehdr *ieh, Elf32_Phdr **iph)
{
	char *name;
	struct file *f;
	int err;

	if (p->p_filesz > PATH_MAX || p->p_filesz < 2)
		return -ENOEXEC;
	name = kmalloc(p->p_filesz, GFP_KERNEL);
	if (!name)
		return -ENOMEM;
	err = binprm_read(bp->file, name, p->p_filesz, p->p_offset);
	if (!err && name[p->p_filesz - 1] != '\0')
		err = -ENOEXEC;
	if (err) {
		kfree(name);
		return err;
	}
	f = open_exec(name);
	kfree(name);
	if (IS_ERR(f))
		return PTR_ERR(f);
	err = binprm_read(f, ieh, sizeof(*ieh), 0);
	if (!err && (!elf_header_ok(ieh) || (ieh->e_type != ET_DYN && ieh->e_type != ET_EXEC)))
		err = -ELIBBAD;
	if (!err) {
		/* *iph only ever holds headers: the caller kfrees it on every path. */
		Elf32_Phdr *h = load_phdrs(ieh, f);

		if (IS_ERR(h))
			err = PTR_ERR(h);
		else
			*iph = h;
	}
	if (err) {
		vfs_close(f);
		return err;
	}
	*out = f;
	return 0;
}

static void record_layout(struct binprm *bp, const Elf32_Phdr *ph, unsigned int n,
			  unsigned long bias)
{
	bp->start_code = ~0UL;
	for (unsigned int i = 0; i < n; i++) {
		unsigned long s = ph[i].p_vaddr + bias, e = s + ph[i].p_memsz;

		if (ph[i].p_type != PT_LOAD)
			continue;
		if (s < bp->start_code)
			bp->start_code = s;
		if ((ph[i].p_flags & PF_X) && s + ph[i].p_filesz > bp->end_code)
			bp->end_code = s + ph[i].p_filesz;
		if (!(ph[i].p_flags & PF_X) && (!bp->start_data || s < bp->start_data))
			bp->start_data = s;
		if (s + ph[i].p_filesz > bp->end_data)
			bp->end_data = s + ph[i].p_filesz;
		if (e > bp->brk)
			bp->brk = e;
		/* AT_PHDR: the headers inside the segment that maps file offset e_phoff */
	}
}

int load_elf_binary(struct binprm *bp)
{
	const Elf32_Ehdr *ehp = (const Elf32_Ehdr *)bp->buf;
	Elf32_Ehdr eh, ieh;
	Elf32_Phdr *ph, *iph = NULL;
	struct file *interp = NULL;
	unsigned long bias = 0, first, span, ibase = 0;
	int err;

	if (bp->buf_len < sizeof(Elf32_Ehdr) || memcmp(ehp->e_ident, "\177ELF", 4))
		return -ENOEXEC;
	eh = *ehp;
	if (!elf_header_ok(&eh) || (eh.e_type != ET_EXEC && eh.e_type != ET_DYN))
		return -ENOEXEC;
	ph = load_phdrs(&eh, bp->file);
	if (IS_ERR(ph))
		return PTR_ERR(ph) == -EIO ? -ENOEXEC : PTR_ERR(ph);
	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		if (ph[i].p_type != PT_INTERP)
			continue;
		err = open_interp(bp, &ph[i], &interp, &ieh, &iph);
		if (err)
			goto out;
		break;
	}

	err = flush_old_exec(bp);
	if (err)
		goto out;
	span = load_span(ph, eh.e_phnum, &first);
	if (eh.e_type == ET_DYN) {
		if (interp) {
			bias = ALIGN_DOWN(ELF_ET_DYN_BASE - first, PAGE_SIZE);
		} else {
			long b = pick_base(span ? span : PAGE_SIZE);

			if (IS_ERR_VALUE(b)) {
				err = b;
				goto out;
			}
			bias = b - first;
		}
	}
	err = map_all(bp->file, ph, eh.e_phnum, bias);
	if (err)
		goto out;
	record_layout(bp, ph, eh.e_phnum, bias);
	bp->phnum = eh.e_phnum;
	bp->phdr_addr = 0;
	/* As Linux i386: an executable stack unless PT_GNU_STACK says otherwise. */
	bp->stack_noexec = false;
	for (unsigned int i = 0; i < eh.e_phnum; i++)
		if (ph[i].p_type == PT_GNU_STACK)
			bp->stack_noexec = !(ph[i].p_flags & PF_X);
	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		const Elf32_Phdr *p = &ph[i];

		if (p->p_type == PT_PHDR) {
			bp->phdr_addr = p->p_vaddr + bias;
			break;
		}
		if (p->p_type == PT_LOAD && eh.e_phoff >= p->p_offset &&
		    eh.e_phoff < p->p_offset + p->p_filesz && !bp->phdr_addr)
			bp->phdr_addr = p->p_vaddr + bias + (eh.e_phoff - p->p_offset);
	}
	bp->load_entry = eh.e_entry + bias;
	bp->entry = bp->load_entry;
	if (interp) {
		err = load_interp(interp, &ieh, iph, &ibase);
		if (err)
			goto out;
		bp->interp_base = ibase;
		bp->entry = ieh.e_entry + ibase;
	}
out:
	if (interp)
		vfs_close(interp);
	kfree(iph);
	kfree(ph);
	return err;
}
