/*
 * getdents64's entry layout and the packing callback (fs/readdir.c),
 * shared with the self-tests.
 */
#ifndef FS_READDIR_H
#define FS_READDIR_H

#include "fs/vfs.h"

/* Linux's struct linux_dirent64: the name starts at byte 19. */
struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;
	u16 d_reclen;
	u8 d_type;
	char d_name[];
} __attribute__((packed));

/* Where dirent64_fill packs entries. */
struct dirent64_buf {
	char *buf;
	unsigned int size, used;
	struct linux_dirent64 *prev;   /* the last entry packed (its d_off set later) */
	struct file *file;             /* its f_pos gives the d_off of the previous entry */
	int error;                     /* -EINVAL: an entry did not fit */
};

/* filldir_t for vfs_readdir: packs one entry, or stops (returns 1) when full. */
int dirent64_fill(void *ctx, const char *name, int namelen, u32 ino, unsigned int type);

#endif
