/*
 * execve: replace the calling process's program.
 *
 * The order matters for what a caller sees on failure. Everything that
 * can fail without harm comes first: the path is looked up and opened,
 * the argument and environment strings are copied into a kernel staging
 * buffer (-EFAULT, -E2BIG), `#!` scripts are resolved to their
 * interpreter, and the binary format checks the headers. Only then does
 * flush_old_exec release the old address space (the point of no return);
 * a failure after it kills the process with SIGSEGV, as on Linux.
 *
 * The new program's stack is laid out as Linux i386 does (top down):
 * a NULL word, the executable's name (AT_EXECFN), the environment and
 * argument strings, the platform string "i686", 16 random bytes
 * (AT_RANDOM), then, 16-byte aligned, argc, the argv pointers, NULL, the
 * envp pointers, NULL and the auxiliary vector.
 *
 * Also reset: handlers that were caught go back to default, the
 * alternate signal stack, close-on-exec descriptors, TLS descriptors and
 * the FPU state; the task's name becomes the file's base name.
 */
#include "kernel/process.h"
#include "kernel/binfmt.h"
#include "kernel/syscalls.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/signal.h"
#include "kernel/sys.h"
#include "arch/x86/arch.h"
#include "arch/x86/traps.h"
#include "fs/vfs.h"
#include "mm/vm.h"

#define MAX_ARG_STRLEN ((long)(32 * PAGE_SIZE))
#define STACK_INITIAL_GAP PAGE_SIZE /* the stack vma starts one page below the arguments */

int binprm_read(struct file *f, void *buf, unsigned long len, loff_t pos)
{
	ssize_t n = vfs_pread(f, buf, len, pos);

	if (n < 0)
		return n;
	return (unsigned long)n == len ? 0 : -EIO;
}

struct file *open_exec(const char *path)
{
	struct inode *inode = lookup_at(AT_FDCWD, path, LOOKUP_FOLLOW);

	if (IS_ERR(inode))
		return ERR_PTR(PTR_ERR(inode));
	if (!S_ISREG(inode->i_mode) || !(inode->i_mode & 0111)) {
		iput(inode);
		return ERR_PTR(-EACCES);
	}
	return vfs_open_inode(inode, O_RDONLY);
}

/* ------------------------------------------------------ argument strings -- */

/* Append one string to the staging buffer. 0, -E2BIG. */
static int stage_string(struct binprm *bp, const char *s, unsigned int len)
{
	unsigned int used = bp->args_len + bp->env_len;

	if (len + 1 > MAX_ARG_STRLEN || used + len + 1 > ARG_BUF_SIZE)
		return -E2BIG;
	memcpy(bp->strings + used, s, len);
	bp->strings[used + len] = 0;
	return 0;
}

/* Copy a NULL-terminated vector of strings (user or kernel) into the buffer. */
static int stage_vector(struct binprm *bp, const struct exec_args *a, bool env, int *count)
{
	const char __user *const __user *uv = env ? a->uenvp : a->uargv;
	const char *const *kv = env ? a->kenvp : a->kargv;
	char *tmp = NULL;
	int err = 0;

	*count = 0;
	if (a->kernel ? !kv : !uv)
		return 0;
	for (int i = 0;; i++) {
		const char *s;
		long len;
		u32 p;

		if (a->kernel) {
			s = kv[i];
			if (!s)
				break;
			len = strlen(s);
		} else {
			if (get_user_u32(&p, (const u32 *)&uv[i])) {
				err = -EFAULT;
				break;
			}
			if (!p)
				break;
			len = strnlen_user((const char *)p, MAX_ARG_STRLEN);
			if (!len) {
				err = -EFAULT;
				break;
			}
			if (len > MAX_ARG_STRLEN) {
				err = -E2BIG;
				break;
			}
			len--; /* strnlen_user counts the NUL */
			if (!tmp && !(tmp = kmalloc(MAX_ARG_STRLEN, GFP_KERNEL))) {
				err = -ENOMEM;
				break;
			}
			if (copy_from_user(tmp, (const void *)p, len)) {
				err = -EFAULT;
				break;
			}
			s = tmp;
		}
		err = stage_string(bp, s, len);
		if (err)
			break;
		if (env)
			bp->env_len += len + 1;
		else
			bp->args_len += len + 1;
		(*count)++;
	}
	kfree(tmp);
	return err;
}

/* Replace argv[0] by the interpreter words and the script's name (`#!` scripts). */
static int prepend_script_args(struct binprm *bp, const char *interp, const char *arg,
			       const char *script)
{
	unsigned int first = strnlen(bp->strings, bp->args_len) + 1;
	unsigned int ilen = strlen(interp) + 1, alen = arg ? strlen(arg) + 1 : 0;
	unsigned int slen = strlen(script) + 1, add = ilen + alen + slen;
	unsigned int total = bp->args_len + bp->env_len;

	if (bp->argc == 0)
		first = 0;
	if (total - first + add > ARG_BUF_SIZE)
		return -E2BIG;
	memmove(bp->strings + add, bp->strings + first, total - first);
	memcpy(bp->strings, interp, ilen);
	if (arg)
		memcpy(bp->strings + ilen, arg, alen);
	memcpy(bp->strings + ilen + alen, script, slen);
	bp->args_len = bp->args_len - first + add;
	bp->argc += (arg ? 2 : 1) + (bp->argc ? 0 : 1);
	return 0;
}

/* `#!interp [arg]`: 0 with interp/arg pointing into bp->buf, or -ENOEXEC. */
static int parse_shebang(struct binprm *bp, char **interp, char **arg)
{
	char *p = (char *)bp->buf + 2, *end = (char *)bp->buf + bp->buf_len, *nl;

	for (nl = p; nl < end && *nl != '\n'; nl++)
		;
	if (nl == end && bp->buf_len == BINPRM_BUF_SIZE)
		end = nl; /* Linux truncates an overlong first line */
	*nl = 0;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return -ENOEXEC;
	*interp = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	if (*p) {
		*p++ = 0;
		while (*p == ' ' || *p == '\t')
			p++;
	}
	/* The rest of the line, trailing blanks dropped, is one argument. */
	for (char *q = p + strlen(p); q > p && (q[-1] == ' ' || q[-1] == '\t'); q--)
		q[-1] = 0;
	*arg = *p ? p : NULL;
	return 0;
}

/* ------------------------------------------------------------- the stack -- */

static int push_bytes(unsigned long *sp, const void *src, unsigned long n)
{
	*sp -= n;
	return copy_to_user((void *)*sp, src, n) ? -EFAULT : 0;
}

struct stack_builder {
	u32 *words;           /* argc, argv[], NULL, envp[], NULL, auxv: built here, copied once */
	unsigned int nwords;
};

static void add_aux(struct stack_builder *sb, u32 type, u32 val)
{
	sb->words[sb->nwords++] = type;
	sb->words[sb->nwords++] = val;
}

static int create_stack(struct binprm *bp)
{
	struct mm_struct *mm = current->mm;
	unsigned int total = bp->args_len + bp->env_len, items;
	unsigned long sp = STACK_TOP - sizeof(u32), strings, execfn, platform, rand;
	struct stack_builder sb;
	u8 rbytes[16];
	char *p;
	long r;
	int err;

	/* The stack vma: the argument pages and one more; it grows on demand. */
	unsigned long need = ALIGN_UP(total + strlen(bp->filename) + 256, PAGE_SIZE) + STACK_INITIAL_GAP;

	r = do_mmap(mm, STACK_TOP - need, need,
		    PROT_READ | PROT_WRITE | (bp->stack_noexec ? 0 : PROT_EXEC),
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, NULL, 0);
	if (IS_ERR_VALUE(r))
		return r;
	mm->start_stack = STACK_TOP;
	if (put_user_u32(0, (u32 *)sp))
		return -EFAULT;
	err = push_bytes(&sp, bp->filename, strlen(bp->filename) + 1);
	execfn = sp;
	if (!err)
		err = push_bytes(&sp, bp->strings, total);
	strings = sp;
	mm->arg_start = strings;
	mm->arg_end = mm->env_start = strings + bp->args_len;
	mm->env_end = strings + total;
	sp &= ~15UL;
	if (!err)
		err = push_bytes(&sp, "i686", 5);
	platform = sp;
	get_random_bytes(rbytes, sizeof(rbytes));
	if (!err)
		err = push_bytes(&sp, rbytes, sizeof(rbytes));
	rand = sp;
	if (err)
		return err;

	items = 1 + bp->argc + 1 + bp->envc + 1 + 2 * 20;
	sb.words = kmalloc(items * sizeof(u32), GFP_KERNEL);
	if (!sb.words)
		return -ENOMEM;
	sb.nwords = 0;
	sb.words[sb.nwords++] = bp->argc;
	p = (char *)strings;
	for (unsigned int i = 0, off = 0; i < (unsigned int)bp->argc; i++) {
		sb.words[sb.nwords++] = (u32)(p + off);
		off += strlen(bp->strings + off) + 1;
	}
	sb.words[sb.nwords++] = 0;
	for (unsigned int i = 0, off = bp->args_len; i < (unsigned int)bp->envc; i++) {
		sb.words[sb.nwords++] = (u32)(p + off);
		off += strlen(bp->strings + off) + 1;
	}
	sb.words[sb.nwords++] = 0;
	add_aux(&sb, AT_HWCAP, boot_cpu.hwcap);
	add_aux(&sb, AT_PAGESZ, PAGE_SIZE);
	add_aux(&sb, AT_CLKTCK, HZ);
	add_aux(&sb, AT_PHDR, bp->phdr_addr);
	add_aux(&sb, AT_PHENT, sizeof(Elf32_Phdr));
	add_aux(&sb, AT_PHNUM, bp->phnum);
	add_aux(&sb, AT_BASE, bp->interp_base);
	add_aux(&sb, AT_FLAGS, 0);
	add_aux(&sb, AT_ENTRY, bp->load_entry);
	add_aux(&sb, AT_UID, 0);
	add_aux(&sb, AT_EUID, 0);
	add_aux(&sb, AT_GID, 0);
	add_aux(&sb, AT_EGID, 0);
	add_aux(&sb, AT_SECURE, 0);
	add_aux(&sb, AT_RANDOM, rand);
	add_aux(&sb, AT_EXECFN, execfn);
	add_aux(&sb, AT_PLATFORM, platform);
	add_aux(&sb, AT_MINSIGSTKSZ, MINSIGSTKSZ);
	add_aux(&sb, AT_NULL, 0);
	sp = (sp - sb.nwords * sizeof(u32)) & ~15UL;
	err = copy_to_user((void *)sp, sb.words, sb.nwords * sizeof(u32)) ? -EFAULT : 0;
	kfree(sb.words);
	bp->stack_pointer = sp;
	return err;
}

/* ------------------------------------------------------ the old image -- */

int flush_old_exec(struct binprm *bp)
{
	struct task *t = current;
	struct mm_struct *mm = mm_alloc(), *old = t->mm;

	if (!mm)
		return -ENOMEM;
	bp->point_of_no_return = true;
	t->mm = mm;
	activate_mm(mm);
	if (old)
		mmput(old);
	if (t->vfork_done) {
		complete(t->vfork_done); /* the parent's memory is its own again */
		t->vfork_done = NULL;
	}
	return 0;
}

static void set_exec_names(struct binprm *bp)
{
	struct task *t = current;
	const char *base = strrchr(bp->filename, '/');
	const char *path = bp->exec_path;
	char *abs;
	size_t n;

	strlcpy(t->name, base ? base + 1 : bp->filename, TASK_NAME_LEN);
	/* /proc/self/exe: the absolute path of the file that runs. */
	if (path[0] == '/' || !t->cwd_path) {
		n = strlen(path) + 1;
		abs = kmalloc(n, GFP_KERNEL);
		if (abs)
			memcpy(abs, path, n);
	} else {
		size_t c = strlen(t->cwd_path);

		n = c + 1 + strlen(path) + 1;
		abs = kmalloc(n, GFP_KERNEL);
		if (abs) {
			memcpy(abs, t->cwd_path, c);
			abs[c] = '/';
			if (c == 1)
				c = 0; /* cwd "/" */
			abs[c] = '/';
			memcpy(abs + c + 1, path, strlen(path) + 1);
		}
	}
	if (abs) {
		/* Linux's exe link names the file itself: /bin/sh -> busybox is /bin/busybox. */
		char *real = kmalloc(PATH_MAX, GFP_KERNEL);
		int n = real ? resolved_path(abs, real, PATH_MAX) : -ENOMEM;

		if (n > 0) {
			char *copy = kmalloc(n + 1, GFP_KERNEL);

			if (copy) {
				memcpy(copy, real, n + 1);
				kfree(abs);
				abs = copy;
			}
		}
		kfree(real);
		kfree(t->exe_path);
		t->exe_path = abs;
	}
}

static void finish_exec(struct binprm *bp)
{
	struct task *t = current;
	struct mm_struct *mm = t->mm;

	set_exec_names(bp);
	signals_exec_reset(t);
	if (t->files)
		files_close_on_exec(t->files);
	tls_reset(t);
	fpu_init_task(t);
	mm->start_code = bp->start_code;
	mm->end_code = bp->end_code;
	mm->start_data = bp->start_data;
	mm->end_data = bp->end_data;
	mm->start_brk = mm->brk = ALIGN_UP(bp->brk, PAGE_SIZE);
	arch_init_user_frame(task_user_frame(t), bp->entry, bp->stack_pointer);
}

/* --------------------------------------------------------------- execve -- */

static int open_and_read(struct binprm *bp, const char *path)
{
	ssize_t n;

	if (bp->file)
		vfs_close(bp->file);
	bp->file = open_exec(path);
	if (IS_ERR(bp->file)) {
		int err = PTR_ERR(bp->file);

		bp->file = NULL;
		return err;
	}
	memset(bp->buf, 0, sizeof(bp->buf));
	n = vfs_pread(bp->file, bp->buf, sizeof(bp->buf), 0);
	if (n < 0)
		return n;
	bp->buf_len = n;
	kfree(bp->exec_path);
	bp->exec_path = kmalloc(strlen(path) + 1, GFP_KERNEL);
	if (!bp->exec_path)
		return -ENOMEM;
	memcpy(bp->exec_path, path, strlen(path) + 1);
	return 0;
}

/* Resolve `#!` scripts to their interpreter (at most MAX_SCRIPT_DEPTH deep). */
static int resolve_scripts(struct binprm *bp)
{
	for (int depth = 0; bp->buf_len >= 2 && bp->buf[0] == '#' && bp->buf[1] == '!'; depth++) {
		char *interp, *arg, *ibuf, *abuf = NULL, *script;
		int err;

		if (depth >= MAX_SCRIPT_DEPTH)
			return -ELOOP;
		err = parse_shebang(bp, &interp, &arg);
		if (err)
			return err;
		ibuf = kmalloc(BINPRM_BUF_SIZE * 2 + strlen(bp->exec_path) + 1, GFP_KERNEL);
		if (!ibuf)
			return -ENOMEM;
		strlcpy(ibuf, interp, BINPRM_BUF_SIZE);
		if (arg) {
			abuf = ibuf + BINPRM_BUF_SIZE;
			strlcpy(abuf, arg, BINPRM_BUF_SIZE);
		}
		script = ibuf + 2 * BINPRM_BUF_SIZE;
		memcpy(script, bp->exec_path, strlen(bp->exec_path) + 1);
		err = prepend_script_args(bp, ibuf, abuf, depth ? script : bp->filename);
		if (!err)
			err = open_and_read(bp, ibuf);
		kfree(ibuf);
		if (err)
			return err;
	}
	return 0;
}

int do_execve(const char *path, const struct exec_args *args)
{
	struct binprm bp;
	int err;

	memset(&bp, 0, sizeof(bp));
	bp.filename = path;
	bp.strings = kmalloc(ARG_BUF_SIZE, GFP_KERNEL);
	if (!bp.strings)
		return -ENOMEM;
	err = open_and_read(&bp, path);
	if (!err)
		err = stage_vector(&bp, args, false, &bp.argc);
	if (!err)
		err = stage_vector(&bp, args, true, &bp.envc);
	if (!err && bp.argc == 0) {
		/* Linux (since 5.18) gives a program started with no argv an empty argv[0]. */
		memmove(bp.strings + 1, bp.strings, bp.env_len);
		bp.strings[0] = 0;
		bp.args_len = 1;
		bp.argc = 1;
	}
	if (!err)
		err = resolve_scripts(&bp);
	if (!err) {
		err = load_elf_binary(&bp);
		if (!err)
			err = create_stack(&bp);
		if (!err)
			finish_exec(&bp);
	}
	if (bp.file)
		vfs_close(bp.file);
	kfree(bp.exec_path);
	kfree(bp.strings);
	if (err && bp.point_of_no_return) {
		/*
		 * The old image is gone: the process dies of a signal on its
		 * way out of this call (as Linux's force_fatal_sig), after the
		 * callers have freed what they hold. ENXIO: a page past EOF.
		 */
		printk(KERN_INFO "pid %d (%s): exec of %s failed after the point of no return (%d)\n",
		       current->pid, current->name, path, err);
		signals_exec_reset(current);
		force_sig_fault(err == -ENXIO ? SIGBUS : SIGSEGV, SI_KERNEL, 0);
	}
	return err;
}

long sys_execve(const char __user *path, const char __user *const __user *argv,
		const char __user *const __user *envp)
{
	struct exec_args a = { .kernel = false, .uargv = argv, .uenvp = envp };
	char *name = getname(path);
	int err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = do_execve(name, &a);
	putname(name);
	return err;
}
