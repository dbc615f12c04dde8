/*
 * Pipes (fs/pipe.c): the ring and its two file ends. The ring calls are
 * public for the self-tests, which drive a pipe from kernel threads.
 */
#ifndef FS_PIPE_H
#define FS_PIPE_H

#include "fs/vfs.h"
#include "kernel/wait.h"

#define PIPE_DEF_BUFFERS 16    /* pages in a new pipe's ring: 64 KiB */
#define PIPE_MAX_BUFFERS 256   /* the most F_SETPIPE_SZ gives: 1 MiB */
#define PIPE_BUF 4096          /* writes up to this size are atomic */
#define PIPE_SIZE (PIPE_DEF_BUFFERS * 4096)

struct pipe_buffer {
	char *page;                /* a lowmem page, NULL when the slot is free */
	unsigned int offset, len;  /* the unread bytes in it */
};

struct pipe {
	struct mutex lock;
	struct wait_queue_head rd_wait, wr_wait;
	struct pipe_buffer *bufs;  /* ring_size slots (a power of two) */
	unsigned int ring_size;
	unsigned int head, tail;   /* free-running slot counters: head - tail in use */
	int readers, writers;      /* open ends */
	u32 ino;                   /* what fstat reports */
	struct inode *fifo;        /* a named pipe's inode (its i_pipe is this), NULL for pipe(2) */
	unsigned int r_counter, w_counter; /* opens of a fifo for reading / writing so far */
};

/* A pipe with one reader and one writer counted (the two ends to come). */
struct pipe *pipe_alloc(void);
/* pipe_read / pipe_write flags. */
#define PIPE_NONBLOCK 1   /* -EAGAIN instead of waiting */
#define PIPE_MORE 2       /* read: bytes already came from elsewhere, do not wait */
#define PIPE_KBUF 4       /* buf is a kernel buffer */
/* Read into / write from user memory (or a kernel buffer with PIPE_KBUF): bytes or -errno. */
ssize_t pipe_read(struct pipe *p, void __user *buf, size_t n, unsigned int flags);
ssize_t pipe_write(struct pipe *p, const void __user *buf, size_t n, unsigned int flags);
/* One end goes away; the last frees the pipe. */
void pipe_release_end(struct pipe *p, bool writer);
/* Unread bytes (lock held). */
unsigned int pipe_bytes(struct pipe *p);
/* F_GETPIPE_SZ / F_SETPIPE_SZ: the capacity in bytes; set: the new one, -EBUSY / -EPERM / -ENOMEM. */
unsigned int pipe_get_size(struct pipe *p);
long pipe_set_size(struct pipe *p, unsigned long size);
/* The two ends of a new pipe, ends[0] read and ends[1] write; flags may hold O_NONBLOCK. */
int create_pipe_files(struct file **ends, unsigned int flags);
bool file_is_pipe(struct file *f);
/*
 * open(2) of a fifo inode (referenced, consumed on error): a struct file
 * on the fifo's pipe, or ERR_PTR. Blocks as Linux's fifo_open does.
 */
struct file *fifo_open(struct inode *inode, unsigned int flags);

#endif
