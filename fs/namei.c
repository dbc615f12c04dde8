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
