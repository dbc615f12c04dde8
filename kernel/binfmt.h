/*
 * What exec (kernel/exec.c) and the ELF loader (kernel/binfmt_elf.c)
 * share: the program being started, its staged arguments, and the facts
 * the loader reports back for the initial stack.
 */
#ifndef KERNEL_BINFMT_H
#define KERNEL_BINFMT_H

#include "kernel/types.h"
#include "kernel/elf.h"

struct file;

#define BINPRM_BUF_SIZE 256
#define MAX_SCRIPT_DEPTH 4
#define ARG_BUF_SIZE (128u << 10)  /* argument and environment strings, staged */

struct binprm {
	const char *filename;      /* the path execve was given (kernel copy) */
	char *exec_path;           /* kmalloc'd: the file being loaded (script's interpreter) */
	struct file *file;
	u8 buf[BINPRM_BUF_SIZE];   /* the file's first bytes */
	unsigned int buf_len;
	/* argv strings then envp strings, each NUL-terminated, in strings[0..len) */
	char *strings;
	unsigned int args_len, env_len;
	int argc, envc;
	bool point_of_no_return;   /* the old image is gone: failures kill */
	/* set by the loader */
	unsigned long entry;       /* where user mode starts (the interpreter's entry if any) */
	unsigned long phdr_addr, phnum, load_entry, interp_base;
	unsigned long start_code, end_code, start_data, end_data, brk;
	unsigned long stack_pointer; /* set by create_stack: where argc is */
	bool stack_noexec;         /* PT_GNU_STACK without PF_X: the stack is not executable */
};

/* Read len bytes at pos of the file: 0, or -EIO when short. */
int binprm_read(struct file *f, void *buf, unsigned long len, loff_t pos);
/* Open path for execution (regular, executable): the file or ERR_PTR. */
struct file *open_exec(const char *path);
/* Release the old address space and install a new empty one: the point of no return. */
int flush_old_exec(struct binprm *bp);

/* kernel/binfmt_elf.c: -ENOEXEC when the file is not ELF (try the next format). */
int load_elf_binary(struct binprm *bp);

#endif
