/*
 * Path lookup: absolute paths walked one component at a time from the
 * root, with "." and "..", crossing into a filesystem mounted on a
 * directory (i_mounted) and back out of its root through "..". There is
 * no dentry cache: each step asks the directory's lookup operation for an
 * inode number and takes the inode from the inode cache (iget).
 *
 * References: the walk holds exactly one inode reference at a time (the
 * current directory) and hands the caller a referenced inode. No lock is
 * held between steps; a directory changed meanwhile yields whatever its
 * lookup says at that moment.
 */
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/sched.h"
#include "kernel/uaccess.h"
#include "mm/mm.h"

/* One step from dir (referenced, consumed) through name; the next inode or ERR_PTR. */
static struct inode *walk_one(struct inode *dir, const char *name, int len)
{
	struct inode *next;
	long ino;

	if (!S_ISDIR(dir->i_mode)) {
		iput(dir);
		return ERR_PTR(-ENOTDIR);
	}
	if (len == 1 && name[0] == '.')
		return dir;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		/* Leave a mounted filesystem's root for the directory it covers. */
		while (dir == dir->i_sb->s_root && dir->i_sb->s_covered) {
			struct inode *up = igrab(dir->i_sb->s_covered);

			iput(dir);
			dir = up;
		}
	}
	if (len > NAME_MAX) {
		iput(dir);
		return ERR_PTR(-ENAMETOOLONG);
	}
	ino = dir->i_op->lookup(dir, name, len);
	if (ino < 0) {
		iput(dir);
		return ERR_PTR(ino);
	}
	next = (u32)ino == dir->i_ino ? igrab(dir) : iget(dir->i_sb, (u32)ino);
	iput(dir);
	if (IS_ERR(next))
		return next;
	/* Enter a filesystem mounted here. */
	while (next->i_mounted) {
		struct inode *root = igrab(next->i_mounted->s_root);

		iput(next);
		next = root;
	}
	return next;
}

/* Walk `len` bytes of path from start (NULL: the root); the inode reached or ERR_PTR. */
static struct inode *walk(struct inode *start, const char *path, size_t len)
{
	struct inode *cur = start ? igrab(start) : vfs_root();
	size_t i = 0;

	if (!cur)
		return ERR_PTR(-ENOENT);
	if (strnlen(path, PATH_MAX) >= PATH_MAX) {
		iput(cur);
		return ERR_PTR(-ENAMETOOLONG);
	}
	while (i < len) {
		size_t start;

		while (i < len && path[i] == '/')
			i++;
		if (i >= len)
			break;
		start = i;
		while (i < len && path[i] != '/')
			i++;
		cur = walk_one(cur, path + start, (int)MIN(i - start, (size_t)NAME_MAX + 1));
		if (IS_ERR(cur))
			return cur;
	}
	return cur;
}

struct inode *path_lookup(const char *path)
{
	return walk(NULL, path, strlen(path));
}

struct inode *path_lookup_at(struct inode *start, const char *path)
{
	return walk(start, path, strlen(path));
}

struct inode *path_parent_at(struct inode *start_dir, const char *path, const char **name, int *len)
{
	size_t end = strlen(path), start;
	struct inode *dir;

	while (end > 0 && path[end - 1] == '/')
		end--;
	start = end;
	while (start > 0 && path[start - 1] != '/')
		start--;
	if (start == end)
		return ERR_PTR(-EINVAL); /* "/" has no parent entry */
	if (end - start > NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	if ((end - start == 1 && path[start] == '.') ||
	    (end - start == 2 && path[start] == '.' && path[start + 1] == '.'))
		return ERR_PTR(-EINVAL);
	dir = walk(start_dir, path, start);
	if (IS_ERR(dir))
		return dir;
	if (!S_ISDIR(dir->i_mode)) {
		iput(dir);
		return ERR_PTR(-ENOTDIR);
	}
	*name = path + start;
	*len = (int)(end - start);
	return dir;
}

struct inode *path_parent(const char *path, const char **name, int *len)
{
	return path_parent_at(NULL, path, name, len);
}

/*
 * ---- Lookups for the system calls ----
 *
 * A relative name starts at the task's cwd (AT_FDCWD) or at the directory
 * an fd names; an absolute one at the root. ".." climbs through each
 * directory's own ".." entry, so it walks above the start directory up to
 * the root (whose ".." is itself) and out of mounted filesystems. Symlinks
 * are followed in every component but the last, and in the last one too
 * with LOOKUP_FOLLOW; at most MAX_NESTED_LINKS deep and MAXSYMLINKS in
 * all (-ELOOP). A trailing slash requires a directory.
 */
#define MAXSYMLINKS 40
#define MAX_NESTED_LINKS 8

char *getname_flags(const char __user *path, bool empty_ok)
{
	char *name;
	long len;

	if (!path)
		return ERR_PTR(-EFAULT);
	name = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!name)
		return ERR_PTR(-ENOMEM);
	len = strncpy_from_user(name, path, PATH_MAX);
	if (len < 0 || (len == 0 && !empty_ok)) {
		kfree(name);
		return ERR_PTR(len < 0 ? len : -ENOENT);
	}
	return name;
}

char *getname(const char __user *path)
{
	return getname_flags(path, false);
}

void putname(char *name)
{
	if (!IS_ERR_OR_NULL(name))
		kfree(name);
}

struct inode *lookup_start(int dfd, const char *name)
{
	struct file *f;
	struct inode *dir;

	if (name[0] == '/')
		return NULL;
	if (dfd == AT_FDCWD) {
		if (current->cwd)
			return igrab(current->cwd);
		return vfs_root() ? vfs_root() : ERR_PTR(-ENOENT);
	}
	f = fd_get(current->files, dfd);
	if (!f)
		return ERR_PTR(-EBADF);
	dir = f->f_inode && S_ISDIR(f->f_inode->i_mode) ? igrab(f->f_inode) : ERR_PTR(-ENOTDIR);
	vfs_close(f);
	return dir;
}

/* The text of symlink inode into a fresh PATH_MAX buffer: the buffer or ERR_PTR. */
static char *read_link_text(struct inode *inode)
{
	char *text;
	int len;

	if (!inode->i_op || !inode->i_op->readlink)
		return ERR_PTR(-EINVAL);
	text = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!text)
		return ERR_PTR(-ENOMEM);
	len = inode->i_op->readlink(inode, text, PATH_MAX - 1);
	if (len <= 0) {
		kfree(text);
		return ERR_PTR(len < 0 ? len : -ENOENT);
	}
	text[len] = 0;
	return text;
}

struct link_walk {
	int links;   /* symlinks followed so far */
	int nested;  /* how deep we are inside link texts */
};

static struct inode *walk_links(struct inode *start, const char *path, size_t len,
				bool follow_last, struct link_walk *lw);

/* next is a symlink reached from dir (both referenced, both consumed): where it leads. */
static struct inode *follow_link(struct inode *dir, struct inode *link, struct link_walk *lw)
{
	struct inode *res;
	char *text;

	if (++lw->links > MAXSYMLINKS || lw->nested >= MAX_NESTED_LINKS) {
		iput(link);
		iput(dir);
		return ERR_PTR(-ELOOP);
	}
	text = read_link_text(link);
	iput(link);
	if (IS_ERR(text)) {
		iput(dir);
		return (struct inode *)text;
	}
	lw->nested++;
	res = walk_links(text[0] == '/' ? NULL : dir, text, strlen(text), true, lw);
	lw->nested--;
	kfree(text);
	iput(dir);
	return res;
}

/*
 * walk() that follows symlinks; start NULL means the root. A link met as
 * the last component is followed in place (its text replaces the rest of
 * the walk), so a chain of trailing links costs no recursion and only
 * MAXSYMLINKS bounds it, as on Linux; a link in the middle of a path is
 * walked recursively, at most MAX_NESTED_LINKS deep.
 */
static struct inode *walk_links(struct inode *start, const char *path, size_t len,
				bool follow_last, struct link_walk *lw)
{
	struct inode *cur = start ? igrab(start) : vfs_root();
	char *text = NULL; /* the link text being walked in place, if any */
	size_t i = 0;

	if (!cur)
		return ERR_PTR(-ENOENT);
	while (i < len) {
		struct inode *dir, *next;
		size_t first;
		bool last;

		while (i < len && path[i] == '/')
			i++;
		if (i >= len)
			break;
		first = i;
		while (i < len && path[i] != '/')
			i++;
		last = true;
		for (size_t j = i; j < len; j++)
			if (path[j] != '/')
				last = false;
		dir = igrab(cur);
		next = walk_one(cur, path + first, (int)MIN(i - first, (size_t)NAME_MAX + 1));
		if (IS_ERR(next)) {
			iput(dir);
			kfree(text);
			return next;
		}
		if (S_ISLNK(next->i_mode) && last && (follow_last || i < len)) {
			/* A trailing link (a trailing slash follows it too): walk its text in place. */
			char *t = ++lw->links > MAXSYMLINKS ? ERR_PTR(-ELOOP) : read_link_text(next);

			iput(next);
			kfree(text);
			if (IS_ERR(t)) {
				iput(dir);
				return (struct inode *)t;
			}
			text = t;
			path = text;
			len = strlen(text);
			i = 0;
			follow_last = true;
			if (text[0] == '/') {
				iput(dir);
				dir = vfs_root();
				if (!dir) {
					kfree(text);
					return ERR_PTR(-ENOENT);
				}
			}
			cur = dir;
			continue;
		}
		if (S_ISLNK(next->i_mode) && !last)
			next = follow_link(dir, next, lw);
		else
			iput(dir);
		if (IS_ERR(next)) {
			kfree(text);
			return next;
		}
		cur = next;
	}
	kfree(text);
	return cur;
}

static bool has_trailing_slash(const char *name)
{
	size_t n = strlen(name);

	return n > 0 && name[n - 1] == '/';
}

struct inode *lookup_at(int dfd, const char *name, unsigned int flags)
{
	struct link_walk lw = { 0, 0 };
	struct inode *start, *inode;

	if (!name[0])
		return ERR_PTR(-ENOENT);
	if (strnlen(name, PATH_MAX) >= PATH_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	start = lookup_start(dfd, name);
	if (IS_ERR(start))
		return start;
	inode = walk_links(start, name, strlen(name), flags & LOOKUP_FOLLOW, &lw);
	iput(start);
	if (IS_ERR(inode))
		return inode;
	if (!S_ISDIR(inode->i_mode) &&
	    ((flags & LOOKUP_DIRECTORY) || has_trailing_slash(name))) {
		iput(inode);
		return ERR_PTR(-ENOTDIR);
	}
	return inode;
}

struct inode *lookup_parent_at(int dfd, const char *name, const char **last, int *len)
{
	struct link_walk lw = { 0, 0 };
	size_t end = strlen(name), first;
	struct inode *start, *dir;

	if (!name[0])
		return ERR_PTR(-ENOENT);
	if (end >= PATH_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	while (end > 0 && name[end - 1] == '/')
		end--;
	first = end;
	while (first > 0 && name[first - 1] != '/')
		first--;
	if (end - first > NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	start = lookup_start(dfd, name);
	if (IS_ERR(start))
		return start;
	dir = walk_links(start, name, first, true, &lw);
	iput(start);
	if (IS_ERR(dir))
		return dir;
	if (!S_ISDIR(dir->i_mode)) {
		iput(dir);
		return ERR_PTR(-ENOTDIR);
	}
	*last = name + first;
	*len = (int)(end - first);
	return dir;
}

struct inode *lookup_create_parent(int dfd, const char *name, bool follow, char **textp,
				   const char **last, int *len)
{
	struct link_walk lw = { 0, 0 };
	struct inode *dir = lookup_parent_at(dfd, name, last, len);

	*textp = NULL;
	while (follow && !IS_ERR(dir) && *len && !(*last)[*len]) {
		long ino = dir->i_op->lookup(dir, *last, *len);
		struct inode *link, *up;
		size_t end, first;
		char *text;

		if (ino < 0)
			break; /* absent: it is created here */
		link = iget(dir->i_sb, (u32)ino);
		if (IS_ERR(link) || !S_ISLNK(link->i_mode)) {
			if (!IS_ERR(link))
				iput(link);
			break; /* it exists: the caller's lookup answers */
		}
		text = ++lw.links > MAXSYMLINKS ? ERR_PTR(-ELOOP) : read_link_text(link);
		iput(link);
		if (IS_ERR(text)) {
			iput(dir);
			dir = (struct inode *)text;
			break;
		}
		/* A dangling link: create what its text names, from the link's directory. */
		end = strlen(text);
		while (end > 0 && text[end - 1] == '/')
			end--;
		first = end;
		while (first > 0 && text[first - 1] != '/')
			first--;
		up = walk_links(text[0] == '/' ? NULL : dir, text, first, true, &lw);
		iput(dir);
		kfree(*textp);
		*textp = text;
		dir = up;
		if (!IS_ERR(dir) && !S_ISDIR(dir->i_mode)) {
			iput(dir);
			dir = ERR_PTR(-ENOTDIR);
		}
		*last = text + first;
		*len = (int)(end - first);
	}
	if (IS_ERR(dir)) {
		kfree(*textp);
		*textp = NULL;
	}
	return dir;
}

int vfs_readlink_inode(struct inode *inode, char *buf, int size)
{
	if (!S_ISLNK(inode->i_mode) || !inode->i_op || !inode->i_op->readlink)
		return -EINVAL;
	return inode->i_op->readlink(inode, buf, size);
}

struct name_search {
	u32 ino;
	char *name;   /* NAME_MAX + 1 bytes */
	bool found;
};

static int match_ino(void *ctx, const char *name, int len, u32 ino, unsigned int type)
{
	struct name_search *ns = ctx;

	if (ino != ns->ino || (len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	memcpy(ns->name, name, len);
	ns->name[len] = 0;
	ns->found = true;
	return 1;
}

/* The name under which directory dir (referenced) lists inode ino: 0 or -errno. */
static int name_in_dir(struct inode *dir, u32 ino, char *name)
{
	struct name_search ns = { ino, name, false };
	struct file *f = vfs_open_inode(igrab(dir), O_RDONLY | O_DIRECTORY);
	int err;

	if (IS_ERR(f))
		return PTR_ERR(f);
	err = vfs_readdir(f, &ns, match_ino);
	vfs_close(f);
	if (err)
		return err;
	return ns.found ? 0 : -ENOENT;
}

int inode_path(struct inode *dir, char *buf, int size)
{
	struct inode *root = vfs_root(), *cur = igrab(dir);
	char *name = kmalloc(NAME_MAX + 1, GFP_KERNEL);
	int pos = size - 1, err = 0;

	if (!root || !name || size < 2) {
		err = !root ? -ENOENT : !name ? -ENOMEM : -ERANGE;
		goto out;
	}
	buf[pos] = 0;
	for (;;) {
		struct inode *parent;
		int len;

		/* The root of a mounted filesystem stands for the directory it covers. */
		while (cur == cur->i_sb->s_root && cur->i_sb->s_covered) {
			struct inode *up = igrab(cur->i_sb->s_covered);

			iput(cur);
			cur = up;
		}
		if (cur == root)
			break;
		parent = walk_one(igrab(cur), "..", 2);
		if (IS_ERR(parent)) {
			err = PTR_ERR(parent);
			break;
		}
		err = parent == cur ? -ENOENT : name_in_dir(parent, cur->i_ino, name);
		iput(cur);
		cur = parent;
		if (err)
			break;
		len = (int)strlen(name);
		if (pos < len + 1) {
			err = -ENAMETOOLONG;
			break;
		}
		pos -= len;
		memcpy(buf + pos, name, len);
		buf[--pos] = '/';
	}
	if (!err && pos == size - 1)
		buf[--pos] = '/';
	if (!err) {
		memmove(buf, buf + pos, size - pos);
		err = size - 1 - pos;
	}
out:
	iput(cur);
	iput(root);
	kfree(name);
	return err;
}

/* Appends "/" (unless buf is "/") and name[0..len) to the path of n bytes in buf. */
static int path_append(char *buf, int n, int size, const char *name, int len)
{
	if (n > 1)
		buf[n++] = '/';
	if (n + len + 1 > size)
		return -ENAMETOOLONG;
	memcpy(buf + n, name, len);
	buf[n + len] = 0;
	return n + len;
}

static int resolve_path(const char *path, char *buf, int size, bool last_may_be_gone)
{
	char *cur = kmalloc(PATH_MAX, GFP_KERNEL);
	int i, n = -ELOOP;

	if (!cur)
		return -ENOMEM;
	strlcpy(cur, path, PATH_MAX);
	for (i = 0; i <= MAXSYMLINKS; i++) {
		const char *last;
		int len;
		struct inode *dir = lookup_parent_at(AT_FDCWD, cur, &last, &len);
		struct inode *ino;
		char *text;

		if (IS_ERR(dir)) {
			n = PTR_ERR(dir);
			break;
		}
		ino = lookup_at(AT_FDCWD, cur, 0);
		if (IS_ERR(ino) && PTR_ERR(ino) == -ENOENT && last_may_be_gone) {
			n = inode_path(dir, buf, size); /* the name the file had */
			iput(dir);
			if (n >= 0)
				n = path_append(buf, n, size, last, len);
			break;
		}
		if (IS_ERR(ino)) {
			iput(dir);
			n = PTR_ERR(ino);
			break;
		}
		if (S_ISDIR(ino->i_mode)) { /* its own path: the name may be "." or ".." */
			iput(dir);
			n = inode_path(ino, buf, size);
			iput(ino);
			break;
		}
		if (!S_ISLNK(ino->i_mode)) {
			iput(ino);
			n = inode_path(dir, buf, size);
			iput(dir);
			if (n >= 0)
				n = path_append(buf, n, size, last, len);
			break;
		}
		text = read_link_text(ino);
		iput(ino);
		if (IS_ERR(text)) {
			iput(dir);
			n = PTR_ERR(text);
			break;
		}
		if (text[0] == '/') {
			strlcpy(cur, text, PATH_MAX);
			n = 0;
		} else {
			n = inode_path(dir, cur, PATH_MAX);
			if (n >= 0)
				n = path_append(cur, n, PATH_MAX, text, (int)strlen(text));
		}
		kfree(text);
		iput(dir);
		if (n < 0)
			break;
		n = -ELOOP;
	}
	kfree(cur);
	return n;
}

int resolved_path(const char *path, char *buf, int size)
{
	return resolve_path(path, buf, size, false);
}

int resolved_path_of_unlinked(const char *path, char *buf, int size)
{
	return resolve_path(path, buf, size, true);
}
