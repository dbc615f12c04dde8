/*
 * Pipes: pipe and pipe2. A pipe is a ring of page buffers (16, i.e.
 * 64 KiB, until F_SETPIPE_SZ changes it), each a page with an offset and
 * a length, filled and drained the way Linux 6.1 does it, so capacities
 * and partial counts match: a
 * write first tops up the last buffer when its remainder (size mod 4 KiB)
 * fits there, then takes a fresh page per 4 KiB; a write of at most
 * PIPE_BUF bytes therefore lands whole (atomic). A reader takes bytes in
 * order and frees a page once it is drained.
 *
 * The two ends are struct files without an inode (f_inode NULL), opened
 * O_RDONLY and O_WRONLY, whose private_data is the struct pipe. Readers
 * get EOF once every writer is gone; a writer with no reader left gets
 * -EPIPE and SIGPIPE. Waits are interruptible: a pending signal ends them
 * with -ERESTARTSYS when nothing was transferred yet.
 *
 * Locking: pipe->lock (a mutex) guards the ring and the counts; it is
 * dropped while sleeping on rd_wait / wr_wait and held across the user
 * copies (which may fault and sleep, never into another pipe). The pipe
 * is freed when the last end is released.
 *
 * Named pipes (fifo_open): a fifo inode carries the pipe in i_pipe while
 * any end is open; i_mutex guards attaching and detaching it (taken
 * before pipe->lock, never while sleeping). An open for reading waits
 * for a writer to open and one for writing waits for a reader, unless
 * the other side is there already or O_NONBLOCK is given (a non-blocking
 * write-only open with no reader is -ENXIO); O_RDWR never waits. The
 * open counters (r_counter, w_counter) let a waiter see an open that came
 * and went while it slept. The data goes when the last end closes.
 */
#include "fs/pipe.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "kernel/wait.h"
#include "mm/mm.h"

#define FIONREAD 0x541B
/* The anonymous device pipes report as st_dev. */
#define PIPEFS_DEV 0x0c

static const struct file_operations pipe_read_fops, pipe_write_fops, pipe_rdwr_fops;
static DEFINE_SPINLOCK(pipe_ino_lock);
static u32 pipe_next_ino = 1000;

static struct pipe_buffer *pipe_slot(struct pipe *p, unsigned int i)
{
	return &p->bufs[i & (p->ring_size - 1)];
}

static bool pipe_empty(const struct pipe *p)
{
	return p->head == p->tail;
}

static bool pipe_full(const struct pipe *p)
{
	return p->head - p->tail >= p->ring_size;
}

static bool pipe_readable(struct pipe *p)
{
	return !pipe_empty(p) || !p->writers;
}

static bool pipe_writable(struct pipe *p)
{
	return !pipe_full(p) || !p->readers;
}

unsigned int pipe_bytes(struct pipe *p)
{
	unsigned int n = 0;

	for (unsigned int i = p->tail; i != p->head; i++)
		n += pipe_slot(p, i)->len;
	return n;
}

struct pipe *pipe_alloc(void)
{
	struct pipe *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return NULL;
	p->ring_size = PIPE_DEF_BUFFERS;
	p->bufs = kzalloc(p->ring_size * sizeof(*p->bufs), GFP_KERNEL);
	if (!p->bufs) {
		kfree(p);
		return NULL;
	}
	mutex_init(&p->lock);
	init_waitqueue_head(&p->rd_wait);
	init_waitqueue_head(&p->wr_wait);
	p->readers = p->writers = 1;
	spin_lock(&pipe_ino_lock);
	p->ino = pipe_next_ino++;
	spin_unlock(&pipe_ino_lock);
	return p;
}

static void pipe_free(struct pipe *p)
{
	for (unsigned int i = p->tail; i != p->head; i++)
		free_page((unsigned long)pipe_slot(p, i)->page);
	kfree(p->bufs);
	kfree(p);
}

/*
 * Sleep on wq until ready(p) (lock held on entry and on return, dropped
 * while asleep): 0, or -ERESTARTSYS for a signal.
 */
static int pipe_wait(struct pipe *p, struct wait_queue_head *wq, bool (*ready)(struct pipe *))
{
	DEFINE_WAIT(w);
	int err = 0;

	for (;;) {
		prepare_to_wait(wq, &w, TASK_INTERRUPTIBLE);
		if (ready(p))
			break;
		if (signal_pending(current)) {
			err = -ERESTARTSYS;
			break;
		}
		mutex_unlock(&p->lock);
		schedule();
		mutex_lock(&p->lock);
	}
	finish_wait(wq, &w);
	return err;
}

/* Drop the drained buffer at the tail. */
static void pipe_pop(struct pipe *p)
{
	struct pipe_buffer *b = pipe_slot(p, p->tail);

	free_page((unsigned long)b->page);
	b->page = NULL;
	p->tail++;
}

/* The user copies, or plain memcpy for a kernel buffer (PIPE_KBUF: self-tests, kernel users). */
static unsigned long copy_out(void *dst, const void *src, size_t n, unsigned int flags)
{
	if (flags & PIPE_KBUF) {
		memcpy(dst, src, n);
		return 0;
	}
	return copy_to_user(dst, src, n);
}

static unsigned long copy_in(void *dst, const void *src, size_t n, unsigned int flags)
{
	if (flags & PIPE_KBUF) {
		memcpy(dst, src, n);
		return 0;
	}
	return copy_from_user(dst, src, n);
}

ssize_t pipe_read(struct pipe *p, void __user *ubuf, size_t n, unsigned int flags)
{
	ssize_t ret = 0;

	if (!n)
		return 0;
	mutex_lock(&p->lock);
	for (;;) {
		if (!pipe_empty(p)) {
			struct pipe_buffer *b = pipe_slot(p, p->tail);
			size_t chars = MIN((size_t)b->len, n - ret);

			if (copy_out((char __user *)ubuf + ret, b->page + b->offset, chars, flags)) {
				if (!ret)
					ret = -EFAULT;
				break;
			}
			ret += chars;
			b->offset += chars;
			b->len -= chars;
			if (!b->len)
				pipe_pop(p);
			if ((size_t)ret == n)
				break;
			if (!pipe_empty(p))
				continue;
		}
		if (!p->writers || ret || (flags & PIPE_MORE))
			break;
		if (flags & PIPE_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		ret = pipe_wait(p, &p->rd_wait, pipe_readable);
		if (ret)
			break;
	}
	mutex_unlock(&p->lock);
	if (ret > 0)
		wake_up(&p->wr_wait);
	return ret;
}

/* A fresh buffer at the head holding up to a page of ubuf: bytes taken, or -errno. */
static ssize_t pipe_push(struct pipe *p, const char __user *ubuf, size_t n, unsigned int flags)
{
	size_t want = MIN((size_t)PAGE_SIZE, n);
	char *page = (char *)__get_free_page(GFP_KERNEL);
	struct pipe_buffer *b;

	if (!page)
		return -ENOMEM;
	/* Linux drops a page that could not be filled while more bytes were wanted. */
	if (copy_in(page, ubuf, want, flags)) {
		free_page((unsigned long)page);
		return -EFAULT;
	}
	b = pipe_slot(p, p->head);
	b->page = page;
	b->offset = 0;
	b->len = (unsigned int)want;
	p->head++;
	return (ssize_t)want;
}

static void broken_pipe(void)
{
	send_signal(current, SIGPIPE, NULL);
}

ssize_t pipe_write(struct pipe *p, const void __user *ubuf, size_t n, unsigned int flags)
{
	const char __user *src = ubuf;
	size_t chars = n & (PAGE_SIZE - 1);
	ssize_t ret = 0;

	if (!n)
		return 0;
	mutex_lock(&p->lock);
	if (!p->readers) {
		mutex_unlock(&p->lock);
		broken_pipe();
		return -EPIPE;
	}
	/* Top up the last buffer with the sub-page remainder when it fits. */
	if (chars && !pipe_empty(p)) {
		struct pipe_buffer *b = pipe_slot(p, p->head - 1);
		unsigned int off = b->offset + b->len;

		if (off + chars <= PAGE_SIZE) {
			if (copy_in(b->page + off, src, chars, flags)) {
				ret = -EFAULT;
				goto out;
			}
			b->len += chars;
			ret = (ssize_t)chars;
			if ((size_t)ret == n)
				goto out;
		}
	}
	for (;;) {
		if (!p->readers) {
			broken_pipe();
			if (!ret)
				ret = -EPIPE;
			break;
		}
		if (!pipe_full(p)) {
			ssize_t r = pipe_push(p, src + ret, n - ret, flags);

			if (r < 0) {
				if (!ret)
					ret = r;
				break;
			}
			ret += r;
			if ((size_t)ret == n)
				break;
			continue;
		}
		if (flags & PIPE_NONBLOCK) {
			if (!ret)
				ret = -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			if (!ret)
				ret = -ERESTARTSYS;
			break;
		}
		wake_up(&p->rd_wait);
		if (pipe_wait(p, &p->wr_wait, pipe_writable) && !ret) {
			ret = -ERESTARTSYS;
			break;
		}
	}
out:
	mutex_unlock(&p->lock);
	if (ret > 0)
		wake_up(&p->rd_wait);
	return ret;
}

/* A fifo end goes (reader and/or writer): the last one detaches the pipe from the inode. */
static void fifo_release(struct pipe *p, bool reader, bool writer)
{
	struct inode *inode = p->fifo;
	bool last;

	mutex_lock(&inode->i_mutex);
	mutex_lock(&p->lock);
	p->readers -= reader;
	p->writers -= writer;
	last = !p->readers && !p->writers;
	if (last)
		inode->i_pipe = NULL;
	mutex_unlock(&p->lock);
	mutex_unlock(&inode->i_mutex);
	if (last) {
		pipe_free(p);
		return;
	}
	wake_up(&p->rd_wait);
	wake_up(&p->wr_wait);
}

void pipe_release_end(struct pipe *p, bool writer)
{
	bool last;

	if (p->fifo) {
		fifo_release(p, !writer, writer);
		return;
	}
	mutex_lock(&p->lock);
	if (writer)
		p->writers--;
	else
		p->readers--;
	last = !p->readers && !p->writers;
	mutex_unlock(&p->lock);
	if (last) {
		pipe_free(p);
		return;
	}
	wake_up(&p->rd_wait);
	wake_up(&p->wr_wait);
}

static ssize_t pipe_file_read(struct file *f, void __user *buf, size_t n, bool more)
{
	return pipe_read(f->private_data, buf, n,
			 (f->f_flags & O_NONBLOCK ? PIPE_NONBLOCK : 0) | (more ? PIPE_MORE : 0));
}

static ssize_t pipe_file_write(struct file *f, const void __user *buf, size_t n)
{
	return pipe_write(f->private_data, buf, n, f->f_flags & O_NONBLOCK ? PIPE_NONBLOCK : 0);
}

unsigned int pipe_get_size(struct pipe *p)
{
	return p->ring_size * PAGE_SIZE;
}

/* Linux's rounding: at least a page, a power of two pages. */
static unsigned long round_pipe_size(unsigned long size)
{
	unsigned long r = PAGE_SIZE;

	if (size > (1UL << 31))
		return 0;
	while (r < size)
		r <<= 1;
	return r;
}

long pipe_set_size(struct pipe *p, unsigned long size)
{
	unsigned long bytes = round_pipe_size(size);
	unsigned int slots = (unsigned int)(bytes / PAGE_SIZE), used;
	struct pipe_buffer *bufs;

	if (!slots)
		return -EINVAL;
	if (slots > PIPE_MAX_BUFFERS)
		return -EPERM;
	bufs = kzalloc(slots * sizeof(*bufs), GFP_KERNEL);
	if (!bufs)
		return -ENOMEM;
	mutex_lock(&p->lock);
	used = p->head - p->tail;
	if (used > slots) {
		mutex_unlock(&p->lock);
		kfree(bufs);
		return -EBUSY;
	}
	for (unsigned int i = 0; i < used; i++)
		bufs[i] = *pipe_slot(p, p->tail + i);
	kfree(p->bufs);
	p->bufs = bufs;
	p->ring_size = slots;
	p->tail = 0;
	p->head = used;
	mutex_unlock(&p->lock);
	wake_up(&p->wr_wait); /* more room, perhaps */
	return (long)bytes;
}

static void pipe_file_release(struct file *f)
{
	if (f->f_op == &pipe_rdwr_fops)
		fifo_release(f->private_data, true, true);
	else
		pipe_release_end(f->private_data, f->f_op == &pipe_write_fops);
}

static void pipe_getattr(struct file *f, struct kstat *st)
{
	struct pipe *p = f->private_data;

	st->dev = PIPEFS_DEV;
	st->ino = p->ino;
	st->mode = S_IFIFO | 0600;
	st->nlink = 1;
	st->blksize = PAGE_SIZE;
}

static long pipe_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pipe *p = f->private_data;
	u32 n;

	if (cmd != FIONREAD)
		return -ENOTTY;
	mutex_lock(&p->lock);
	n = pipe_bytes(p);
	mutex_unlock(&p->lock);
	return put_user_u32(n, (u32 __user *)arg);
}

/*
 * poll: the counts are read without the mutex; a change that races with
 * the check wakes the queue we are already on, and poll looks again.
 */
static unsigned int pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe *p = f->private_data;
	bool reader = f->f_op != &pipe_write_fops, writer = f->f_op != &pipe_read_fops;
	unsigned int mask = 0;

	if (reader)
		poll_wait(f, &p->rd_wait, pt);
	if (writer)
		poll_wait(f, &p->wr_wait, pt);
	if (reader) {
		if (!pipe_empty(p))
			mask |= POLLIN | POLLRDNORM;
		if (!READ_ONCE(p->writers))
			mask |= POLLHUP;
	}
	if (writer) {
		if (!pipe_full(p))
			mask |= POLLOUT | POLLWRNORM;
		if (!READ_ONCE(p->readers))
			mask |= POLLERR;
	}
	return mask;
}

static const struct file_operations pipe_read_fops = {
	.poll = pipe_poll,
	.read_user = pipe_file_read,
	.ioctl = pipe_ioctl,
	.release = pipe_file_release,
	.getattr = pipe_getattr,
};

static const struct file_operations pipe_write_fops = {
	.poll = pipe_poll,
	.write_user = pipe_file_write,
	.ioctl = pipe_ioctl,
	.release = pipe_file_release,
	.getattr = pipe_getattr,
};

/* A fifo opened O_RDWR: both ends in one file. */
static const struct file_operations pipe_rdwr_fops = {
	.poll = pipe_poll,
	.read_user = pipe_file_read,
	.write_user = pipe_file_write,
	.ioctl = pipe_ioctl,
	.release = pipe_file_release,
	.getattr = pipe_getattr,
};

bool file_is_pipe(struct file *f)
{
	return f->f_op == &pipe_read_fops || f->f_op == &pipe_write_fops ||
	       f->f_op == &pipe_rdwr_fops;
}

/*
 * Wait (p->lock held, dropped while asleep) until the open counter at cnt
 * moves from seen: an open of the other side. 0 or -ERESTARTSYS.
 */
static int fifo_wait_open(struct pipe *p, struct wait_queue_head *wq, unsigned int *cnt,
			  unsigned int seen)
{
	DEFINE_WAIT(w);
	int err = 0;

	for (;;) {
		prepare_to_wait(wq, &w, TASK_INTERRUPTIBLE);
		if (READ_ONCE(*cnt) != seen)
			break;
		if (signal_pending(current)) {
			err = -ERESTARTSYS;
			break;
		}
		mutex_unlock(&p->lock);
		schedule();
		mutex_lock(&p->lock);
	}
	finish_wait(wq, &w);
	return err;
}

/* The fifo's pipe (made on first open) with p->lock held and our ends counted. */
static struct pipe *fifo_attach(struct inode *inode, bool reader, bool writer, bool nonblock)
{
	struct pipe *p;

	mutex_lock(&inode->i_mutex);
	p = inode->i_pipe;
	if (!p) {
		p = pipe_alloc();
		if (!p) {
			mutex_unlock(&inode->i_mutex);
			return ERR_PTR(-ENOMEM);
		}
		p->readers = p->writers = 0;
		p->fifo = inode;
		inode->i_pipe = p;
	}
	mutex_lock(&p->lock);
	if (writer && !reader && nonblock && !p->readers) {
		bool unused = !p->writers;

		if (unused)
			inode->i_pipe = NULL;
		mutex_unlock(&p->lock);
		mutex_unlock(&inode->i_mutex);
		if (unused)
			pipe_free(p);
		return ERR_PTR(-ENXIO);
	}
	if (reader) {
		p->readers++;
		p->r_counter++;
	}
	if (writer) {
		p->writers++;
		p->w_counter++;
	}
	mutex_unlock(&inode->i_mutex);
	return p;
}

struct file *fifo_open(struct inode *inode, unsigned int flags)
{
	unsigned int acc = flags & O_ACCMODE;
	bool reader = acc == O_RDONLY || acc == O_RDWR, writer = acc == O_WRONLY || acc == O_RDWR;
	bool nonblock = flags & O_NONBLOCK;
	struct file *f;
	struct pipe *p;
	int err = 0;

	if (acc == O_ACCMODE) {
		iput(inode);
		return ERR_PTR(-EINVAL);
	}
	p = fifo_attach(inode, reader, writer, nonblock);
	if (IS_ERR(p)) {
		iput(inode);
		return (struct file *)p;
	}
	wake_up(&p->rd_wait);
	wake_up(&p->wr_wait);
	if (reader && !writer && !nonblock && !p->writers)
		err = fifo_wait_open(p, &p->rd_wait, &p->w_counter, p->w_counter);
	else if (writer && !reader && !p->readers)
		err = fifo_wait_open(p, &p->wr_wait, &p->r_counter, p->r_counter);
	mutex_unlock(&p->lock);
	f = err ? ERR_PTR(err) :
	    alloc_special_file(reader && writer ? &pipe_rdwr_fops :
			       reader ? &pipe_read_fops : &pipe_write_fops, flags, p);
	if (IS_ERR(f)) {
		fifo_release(p, reader, writer);
		iput(inode);
		return f;
	}
	f->f_inode = inode;
	return f;
}

int create_pipe_files(struct file **ends, unsigned int flags)
{
	struct pipe *p = pipe_alloc();
	unsigned int fl = flags & O_NONBLOCK;

	if (!p)
		return -ENOMEM;
	ends[0] = alloc_special_file(&pipe_read_fops, O_RDONLY | fl, p);
	if (IS_ERR(ends[0])) {
		pipe_free(p); /* the ring too: a kfree of the pipe alone leaked it */
		return -ENOMEM;
	}
	ends[1] = alloc_special_file(&pipe_write_fops, O_WRONLY | fl, p);
	if (IS_ERR(ends[1])) {
		p->writers = 0;
		vfs_close(ends[0]); /* frees the pipe */
		return -ENOMEM;
	}
	return 0;
}

long sys_pipe2(int __user *fds, int flags)
{
	struct file *ends[2];
	int fd[2];
	long err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	err = create_pipe_files(ends, (unsigned int)flags);
	if (err)
		return err;
	fd[0] = fd_install_from(current->files, ends[0], 0, flags & O_CLOEXEC);
	if (fd[0] < 0) {
		vfs_close(ends[0]);
		vfs_close(ends[1]);
		return fd[0];
	}
	fd[1] = fd_install_from(current->files, ends[1], 0, flags & O_CLOEXEC);
	if (fd[1] < 0) {
		fd_close(current->files, fd[0]);
		vfs_close(ends[1]);
		return fd[1];
	}
	if (copy_to_user(fds, fd, sizeof(fd))) {
		fd_close(current->files, fd[0]);
		fd_close(current->files, fd[1]);
		return -EFAULT;
	}
	return 0;
}

long sys_pipe(int __user *fds)
{
	return sys_pipe2(fds, 0);
}
