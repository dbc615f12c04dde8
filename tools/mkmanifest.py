#!/usr/bin/env python3
"""Write DIR/etc/manifest: every regular file of the staging folder DIR,
with its size and CRC-32, so the kernel can check what it reads back.

Usage: mkmanifest.py DIR

One line per regular file, sorted by path (as bytes), the manifest itself
excluded:

    <crc32: 8 lowercase hex digits> <size in bytes, decimal> <absolute path>\\n

The CRC is zlib's (IEEE 802.3, as kernel/string.h crc32(0, buf, len)); the
path is the file's path inside the image ("/etc/motd") and runs to the end
of the line, so spaces in it need no quoting. File names are bytes, not
text: every byte is written as it is (UTF-8 or not) except a backslash,
written as two backslashes, and the control bytes 0x00-0x1f and 0x7f,
written as \\xHH (two lowercase hex digits), so a line always ends at its
newline. tests/self/fs_testdev.c parses the same format. Symbolic links,
devices and directories are not listed.

The tree is walked through directory file descriptors, never by full host
paths, so an image path of up to 4,095 bytes (the kernel's PATH_MAX less
its NUL) works whatever the staging folder's own path adds on the host.
"""
import os
import stat
import sys
import zlib

MANIFEST = b'etc/manifest'
PATH_MAX = 4096   # fs/vfs.h: with its NUL, so 4,095 bytes at most
NAME_MAX = 255


def crc_of(name, dir_fd):
    crc = 0
    fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=dir_fd)
    with os.fdopen(fd, 'rb') as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                return crc
            crc = zlib.crc32(chunk, crc)


def escape(path):
    """The manifest spelling of a path (bytes -> bytes); see the docstring."""
    out = bytearray()
    for b in path:
        if b == 0x5c:
            out += b'\\\\'
        elif b < 0x20 or b == 0x7f:
            out += b'\\x%02x' % b
        else:
            out.append(b)
    return bytes(out)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    root = os.fsencode(sys.argv[1])
    lines = []
    for dirpath, dirnames, filenames, dir_fd in os.fwalk(root):
        rel_dir = os.path.relpath(dirpath, root)
        for name in filenames:
            rel = name if rel_dir == b'.' else rel_dir + b'/' + name
            st = os.lstat(name, dir_fd=dir_fd)
            if rel == MANIFEST or not stat.S_ISREG(st.st_mode):
                continue
            path = b'/' + rel
            if len(path) >= PATH_MAX or any(len(c) > NAME_MAX for c in path.split(b'/')):
                print(f'mkmanifest: warning: {len(path)}-byte path {path[:60]!r}... is beyond '
                      'the kernel\'s PATH_MAX or NAME_MAX: its check will fail', file=sys.stderr)
            lines.append((path, st.st_size, crc_of(name, dir_fd)))
    lines.sort()
    os.makedirs(os.path.join(root, b'etc'), exist_ok=True)
    with open(os.path.join(root, MANIFEST), 'wb') as f:
        for path, size, crc in lines:
            f.write(b'%08x %d %s\n' % (crc, size, escape(path)))
    print(f'mkmanifest: {len(lines)} files in {os.fsdecode(os.path.join(root, MANIFEST))}')


if __name__ == '__main__':
    main()
