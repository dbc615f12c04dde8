/*
 * Copying between the kernel and a user address space: the only way any
 * kernel code reads or writes user memory. Every function checks that the
 * whole range lies below TASK_SIZE, then touches it under the exception
 * table, so a range that is unmapped, read-only (for a write), or crosses
 * from mapped into unmapped memory gives -EFAULT instead of an oops. A
 * touch of a valid but not-yet-present page simply faults it in (stack
 * growth, demand paging, copy-on-write), so these may sleep.
 *
 * Implemented in arch/x86/uaccess.c (string instructions with fixups).
 * Return values follow Linux: copy_*_user return the number of bytes NOT
 * copied (0 on success); the others return 0 or -EFAULT.
 */
#ifndef KERNEL_UACCESS_H
#define KERNEL_UACCESS_H

#include "kernel/types.h"

#define __user
/* User space ends where the kernel's direct map begins. */
#define TASK_SIZE 0xC0000000UL

/* True when [addr, addr+size) is wholly below TASK_SIZE and does not wrap. */
static inline bool access_ok(const void __user *addr, unsigned long size)
{
	unsigned long a = (unsigned long)addr;

	return size <= TASK_SIZE && a <= TASK_SIZE - size;
}

unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
unsigned long clear_user(void __user *to, unsigned long n);
/*
 * strncpy_from_user: copy a NUL-terminated string of at most n-1 bytes
 * plus the NUL. Returns its length, -EFAULT, or -ENAMETOOLONG when no NUL
 * was found within n bytes.
 */
long strncpy_from_user(char *dst, const char __user *src, long n);
/* Length of a user string including its NUL, 0 on fault, > n if too long. */
long strnlen_user(const char __user *s, long n);
int get_user_u32(u32 *val, const u32 __user *uaddr);
int put_user_u32(u32 val, u32 __user *uaddr);

/* Helpers for the common "copy a struct or return -EFAULT" pattern. */
#define copy_struct_to_user(uptr, kptr) \
	(copy_to_user((uptr), (kptr), sizeof(*(kptr))) ? -EFAULT : 0)
#define copy_struct_from_user(kptr, uptr) \
	(copy_from_user((kptr), (uptr), sizeof(*(kptr))) ? -EFAULT : 0)

/*
 * getname: a user path copied into a fresh kernel buffer of PATH_MAX
 * bytes (fs/namei.c). ERR_PTR(-EFAULT / -ENAMETOOLONG /
 * -ENOENT for ""/-ENOMEM). Free it with putname.
 */
char *getname(const char __user *path);
void putname(char *name);

#endif
