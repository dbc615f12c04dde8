#!/usr/bin/env python3
"""Write DIR/etc/manifest: every regular file of the staging folder DIR,
with its size and CRC-32, so the kernel can check what it reads back.

Usage: mkmanifest.py DIR

One line per regular file, sorted by path, the manifest itself excluded:

    <crc32: 8 lowercase hex digits> <size in bytes, decimal> <absolute path>\\n

The CRC is zlib's (IEEE 802.3, as kernel/string.h crc32(0, buf, len)); the
path is the file's path inside the image ("/etc/motd") and runs to the end
of the line. Symbolic links, devices and directories are not listed.
"""
import os
import stat
import sys
import zlib

MANIFEST = 'etc/manifest'


def crc_of(path):
    crc = 0
    with open(path, 'rb') as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                return crc
            crc = zlib.crc32(chunk, crc)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    root = sys.argv[1]
    lines = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in filenames:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root).replace(os.sep, '/')
            st = os.lstat(full)
            if rel == MANIFEST or not stat.S_ISREG(st.st_mode):
                continue
            if '\n' in rel:
                sys.exit(f'mkmanifest: file name with a newline: {rel!r}')
            lines.append((f'/{rel}', st.st_size, crc_of(full)))
    lines.sort()
    os.makedirs(os.path.join(root, 'etc'), exist_ok=True)
    with open(os.path.join(root, MANIFEST), 'w') as f:
        for path, size, crc in lines:
            f.write(f'{crc:08x} {size} {path}\n')
    print(f'mkmanifest: {len(lines)} files in {os.path.join(root, MANIFEST)}')


if __name__ == '__main__':
    main()
