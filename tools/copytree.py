#!/usr/bin/env python3
"""Copy the contents of folder SRC into folder DST (made if missing), as
`cp -a SRC/. DST/` does, for the ramdisk's staging tree.

Usage: copytree.py SRC DST

Unlike cp, every file is reached through directory file descriptors, never
by its full host path, so a tree whose image paths reach the kernel's
PATH_MAX (4,095 bytes) copies whatever the staging folder's own path adds.
Kept: directories, regular files, symbolic links, FIFOs and device nodes,
permission bits, modification times, and owners when run as root. File
names are bytes and are copied as they are.
"""
import os
import shutil
import stat
import sys


def copy_attrs(name, st, dir_fd, is_link=False):
    if os.geteuid() == 0:
        os.chown(name, st.st_uid, st.st_gid, dir_fd=dir_fd, follow_symlinks=False)
    if not is_link:
        os.chmod(name, stat.S_IMODE(st.st_mode), dir_fd=dir_fd)
    os.utime(name, ns=(st.st_atime_ns, st.st_mtime_ns), dir_fd=dir_fd,
             follow_symlinks=not is_link)


def copy_dir(src_fd, dst_fd):
    for entry in os.scandir(src_fd):
        name = os.fsencode(entry.name)
        st = os.lstat(name, dir_fd=src_fd)
        mode = st.st_mode
        if stat.S_ISDIR(mode):
            try:
                os.mkdir(name, 0o700, dir_fd=dst_fd)
            except FileExistsError:
                pass
            s = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=src_fd)
            d = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=dst_fd)
            try:
                copy_dir(s, d)
            finally:
                os.close(s)
                os.close(d)
            copy_attrs(name, st, dst_fd)
            continue
        try:
            os.unlink(name, dir_fd=dst_fd)
        except FileNotFoundError:
            pass
        if stat.S_ISLNK(mode):
            os.symlink(os.readlink(name, dir_fd=src_fd), name, dir_fd=dst_fd)
            copy_attrs(name, st, dst_fd, is_link=True)
            continue
        if stat.S_ISREG(mode):
            s = os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=src_fd)
            d = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600, dir_fd=dst_fd)
            with os.fdopen(s, 'rb') as fs, os.fdopen(d, 'wb') as fd:
                shutil.copyfileobj(fs, fd, 1 << 20)
        else:
            os.mknod(name, mode, st.st_rdev, dir_fd=dst_fd)
        copy_attrs(name, st, dst_fd)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, dst = sys.argv[1], sys.argv[2]
    os.makedirs(dst, exist_ok=True)
    s = os.open(src, os.O_RDONLY | os.O_DIRECTORY)
    d = os.open(dst, os.O_RDONLY | os.O_DIRECTORY)
    copy_dir(s, d)
    copy_attrs('.', os.fstat(s), d)
    os.close(s)
    os.close(d)


if __name__ == '__main__':
    main()
