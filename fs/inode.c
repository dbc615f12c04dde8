/*
 * The inode cache: one struct inode per (superblock, inode number) in use,
 * found through a hash, reference counted. iget() returns the cached inode
 * or reads it (the filesystem's read_inode); iput() drops a reference, and
 * at the last one deletes an unlinked inode (delete_inode frees its pages,
 * blocks and number) and forgets a bad one. Linked inodes stay cached with
 * their pages (there is no inode reclaim yet).
 *
 * Locking: inode_lock (a spinlock) guards the hash and every i_count. An
 * inode being read is hashed with i_count held by the reader and I_NEW
 * state: other igets of it wait on inode_wait until it is ready (or bad).
 * The filesystem's own locks are taken by its operations, never under
 * inode_lock.
 */
#include "fs/vfs.h"
#include "fs/internal.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "kernel/wait.h"
#include "mm/mm.h"
#include "kernel/sys.h"

#define INODE_HASH_SIZE 256

static DEFINE_SPINLOCK(inode_lock);
static struct list_head inode_hash[INODE_HASH_SIZE];
static DECLARE_WAIT_QUEUE_HEAD(inode_wait);
static unsigned long nr_inodes;
static bool inode_ready;

void inode_cache_init(void)
{
	if (inode_ready)
		return;
	for (unsigned int i = 0; i < INODE_HASH_SIZE; i++)
		INIT_LIST_HEAD(&inode_hash[i]);
	inode_ready = true;
}

static struct list_head *inode_bucket(struct super_block *sb, u32 ino)
{
	return &inode_hash[(((u32)(uintptr_t)sb >> 6) ^ (ino * 0x9E3779B1u) >> 24) &
			   (INODE_HASH_SIZE - 1)];
}

static struct inode *find_inode(struct super_block *sb, u32 ino)
{
	struct inode *i;

	list_for_each_entry(i, inode_bucket(sb, ino), i_hash)
		if (i->i_sb == sb && i->i_ino == ino)
			return i;
	return NULL;
}

static struct inode *alloc_inode(struct super_block *sb, u32 ino)
{
	struct inode *inode = sb->s_op->alloc_inode(sb);

	if (!inode)
		return NULL;
	inode->i_sb = sb;
	inode->i_ino = ino;
	inode->i_count = 1;
	inode->i_mapping = &inode->i_data;
	init_address_space(&inode->i_data, inode, NULL);
	mutex_init(&inode->i_mutex);
	INIT_LIST_HEAD(&inode->i_hash);
	return inode;
}

static void destroy_inode(struct inode *inode)
{
	BUG_ON(inode->i_data.nrpages); /* pages must not outlive their mapping */
	inode->i_sb->s_op->destroy_inode(inode);
}

struct inode *iget(struct super_block *sb, u32 ino)
{
	struct inode *inode, *fresh = NULL;
	int err;

again:
	spin_lock(&inode_lock);
	inode = find_inode(sb, ino);
	if (inode) {
		inode->i_count++;
		spin_unlock(&inode_lock);
		if (fresh)
			destroy_inode(fresh);
		wait_event(inode_wait, !READ_ONCE(inode->i_new));
		if (inode->i_bad) {
			iput(inode);
			return ERR_PTR(-EIO);
		}
		return inode;
	}
	if (!fresh) {
		spin_unlock(&inode_lock);
		fresh = alloc_inode(sb, ino);
		if (!fresh)
			return ERR_PTR(-ENOMEM);
		fresh->i_new = true;
		goto again;
	}
	list_add(&fresh->i_hash, inode_bucket(sb, ino));
	nr_inodes++;
	spin_unlock(&inode_lock);
	/*
	 * Only the fully read inode is published: other igets wait on i_new,
	 * and see i_bad already set when the read failed.
	 */
	err = sb->s_op->read_inode(fresh);
	if (err)
		fresh->i_bad = true;
	WRITE_ONCE(fresh->i_new, false);
	wake_up(&inode_wait);
	if (err) {
		iput(fresh);
		return ERR_PTR(err);
	}
	return fresh;
}

struct inode *new_inode(struct super_block *sb, u32 ino)
{
	struct inode *inode = alloc_inode(sb, ino);

	if (!inode)
		return ERR_PTR(-ENOMEM);
	spin_lock(&inode_lock);
	if (find_inode(sb, ino)) {
		spin_unlock(&inode_lock);
		destroy_inode(inode);
		return ERR_PTR(-EEXIST); /* the bitmap handed out an inode in use */
	}
	list_add(&inode->i_hash, inode_bucket(sb, ino));
	nr_inodes++;
	spin_unlock(&inode_lock);
	return inode;
}

struct inode *igrab(struct inode *inode)
{
	spin_lock(&inode_lock);
	BUG_ON(inode->i_count <= 0);
	inode->i_count++;
	spin_unlock(&inode_lock);
	return inode;
}

void iput(struct inode *inode)
{
	if (!inode)
		return;
	spin_lock(&inode_lock);
	BUG_ON(inode->i_count <= 0);
	if (--inode->i_count) {
		spin_unlock(&inode_lock);
		return;
	}
	if (!inode->i_bad && inode->i_nlink) {
		spin_unlock(&inode_lock);
		return; /* stays cached, with its pages */
	}
	/* Nobody can find it any more once it is unhashed. */
	list_del(&inode->i_hash);
	nr_inodes--;
	spin_unlock(&inode_lock);
	if (!inode->i_bad && !inode->i_sb->s_rdonly)
		inode->i_sb->s_op->delete_inode(inode);
	else
		truncate_inode_pages(inode->i_mapping, 0);
	destroy_inode(inode);
}

void mark_inode_dirty(struct inode *inode)
{
	inode->i_dirty = true;
}

int write_inode_now(struct inode *inode)
{
	if (!inode->i_dirty || inode->i_bad)
		return 0;
	return inode->i_sb->s_op->write_inode(inode);
}

/*
 * Visit every cached inode of sb with a reference held (so it cannot go
 * away while fn sleeps). fn's errors are combined.
 */
static int for_each_inode(struct super_block *sb, int (*fn)(struct inode *))
{
	int err = 0;

	for (unsigned int b = 0; b < INODE_HASH_SIZE; b++) {
		struct inode *prev = NULL;

		for (;;) {
			struct inode *i, *next = NULL;

			spin_lock(&inode_lock);
			/* Find the entry after prev (or the first) that is usable. */
			i = prev ? list_entry(prev->i_hash.next, struct inode, i_hash)
				 : list_entry(inode_hash[b].next, struct inode, i_hash);
			for (; &i->i_hash != &inode_hash[b];
			     i = list_entry(i->i_hash.next, struct inode, i_hash)) {
				if (i->i_sb == sb && !i->i_new && !i->i_bad) {
					next = i;
					next->i_count++;
					break;
				}
			}
			spin_unlock(&inode_lock);
			if (prev)
				iput(prev);
			if (!next)
				break;
			if (fn(next))
				err = -EIO;
			prev = next;
		}
	}
	return err;
}

static int sync_one_inode(struct inode *inode)
{
	int err = filemap_write_and_wait(inode->i_mapping);

	if (write_inode_now(inode))
		err = -EIO;
	return err;
}

int sync_inodes_sb(struct super_block *sb)
{
	return for_each_inode(sb, sync_one_inode);
}

unsigned long inode_cache_count(void)
{
	return READ_ONCE(nr_inodes);
}

bool sb_inodes_busy(struct super_block *sb)
{
	bool busy = false;

	spin_lock(&inode_lock);
	for (unsigned int b = 0; b < INODE_HASH_SIZE && !busy; b++) {
		struct inode *i;

		list_for_each_entry(i, &inode_hash[b], i_hash)
			if (i->i_sb == sb && i->i_count > (i == sb->s_root ? 1 : 0))
				busy = true;
	}
	spin_unlock(&inode_lock);
	return busy;
}

/*
 * Forget every cached inode for which `evictable` says yes, with its pages.
 * The bucket walk restarts after each eviction because the lock is dropped
 * around it. Returns how many were forgotten.
 */
static unsigned long evict_inodes(bool (*evictable)(const struct inode *i, const void *arg),
				  const void *arg)
{
	unsigned long evicted = 0;

	for (unsigned int b = 0; b < INODE_HASH_SIZE; b++) {
		struct inode *i, *n;

		spin_lock(&inode_lock);
		list_for_each_entry_safe(i, n, &inode_hash[b], i_hash) {
			if (!evictable(i, arg))
				continue;
			list_del(&i->i_hash);
			nr_inodes--;
			spin_unlock(&inode_lock);
			truncate_inode_pages(i->i_mapping, 0);
			destroy_inode(i);
			evicted++;
			spin_lock(&inode_lock);
			n = list_entry(inode_hash[b].next, struct inode, i_hash); /* restart bucket */
		}
		spin_unlock(&inode_lock);
	}
	return evicted;
}

/* Nobody holds it and everything it caches is on disk: it may be forgotten. */
static bool unused_and_clean(const struct inode *i, const void *arg)
{
	return !i->i_count && !i->i_dirty && !i->i_new && !i->i_data.nrdirty && !i->i_mounted;
}

static bool unused_on_sb(const struct inode *i, const void *sb)
{
	return i->i_sb == sb && !i->i_count;
}

unsigned long prune_icache(void)
{
	return evict_inodes(unused_and_clean, NULL);
}

void sb_evict_inodes(struct super_block *sb)
{
	evict_inodes(unused_on_sb, sb);
}

u32 vfs_now(void)
{
	return (u32)(ktime_get_real_ns() / 1000000000ull);
}
