#!/usr/bin/env python3
"""Write the ramdisk's deterministic test data into a staging folder.

Usage: mktestdata.py DIR        (DIR is created; existing files are replaced)

Every byte is a function of the file's path and its offset (SHA-256 of
"path:chunk-index", 32 bytes per chunk), so the same tree comes out on
every run and a block read from the wrong place, or from the right place
of the wrong file, changes the checksum. The sizes straddle the limits of
ext2 with 1 KiB blocks (12 direct blocks = 12 KiB, + 256 single-indirect =
268 KiB, + 65536 double-indirect = 65804 KiB, then triple-indirect) and of
4 KiB pages. Layout, relative to DIR:

  size/<name>        regular files of the sizes below
  sparse/holes       1 MiB with data only in some blocks (holes read as zeros)
  sparse/triple      data past the double-indirect limit: needs triple indirection
  deep/d01/.../d24/leaf   a 24-level directory chain
  many/e000..e399    a directory with 400 entries, some with long names;
                     most are empty, every tenth holds a few hundred bytes
  limits/            names at the kernel's limits: a 255-byte name (NAME_MAX),
                     names with spaces, UTF-8, bytes that are not UTF-8, a
                     backslash, a tab and a newline, and under path_max/ a
                     chain of directories whose leaf's image path is 4,095
                     bytes (PATH_MAX less its NUL), IMAGE_PREFIX included

The deep chain is made through directory file descriptors: its host path
(staging folder + image path) is longer than the host's own PATH_MAX.
"""
import hashlib
import os
import sys

KIB = 1024
SIZES = {
    'empty': 0,
    'one_byte': 1,
    'sector_minus_1': 511,
    'sector': 512,
    'sector_plus_1': 513,
    'block_1k': 1024,
    'page_minus_1': 4095,
    'page': 4096,
    'page_plus_1': 4097,
    'direct_limit': 12 * KIB,              # exactly the 12 direct blocks
    'direct_limit_plus_1': 12 * KIB + 1,   # first byte in the single-indirect block
    'kib_100': 100 * KIB,
    'indirect_limit': 268 * KIB,           # direct + single-indirect, full
    'double_indirect': 300 * KIB + 123,    # into the double-indirect tree
    'kib_640': 640 * KIB,                  # the largest: sequential-read benchmarks
}
DOUBLE_LIMIT = (12 + 256 + 256 * 256) * KIB  # bytes reachable without triple indirection
DEEP_LEVELS = 24
MANY_ENTRIES = 400
IMAGE_PREFIX = b'/test'      # where the Makefile puts DIR in the image
NAME_MAX = 255
PATH_MAX = 4096              # with the NUL: the longest path has 4,095 bytes
LIMIT_NAMES = [
    b'n255_' + b'n' * (NAME_MAX - 5),
    b'with spaces  two  spaces',
    b' leading space',
    b'trailing space ',
    'caf\u00e9 \u00fcn\u00efc\u00f8d\u00e9 \u65e5\u672c\u8a9e'.encode(),   # UTF-8
    b'latin1-\xe9t\xe9-\xff\xfe',        # not UTF-8
    b'back\\slash',
    b'tab\there',
    b'new\nline',
]


def content(path, size, start=0):
    """Bytes [start, start+size) of the file whose path (str or bytes) is `path`."""
    out = bytearray()
    chunk = start // 32
    skip = start % 32
    key = path if isinstance(path, bytes) else path.encode()
    while len(out) < size + skip:
        out += hashlib.sha256(key + b':%d' % chunk).digest()
        chunk += 1
    return bytes(out[skip:skip + size])


def write(root, rel, size):
    full = os.path.join(root, rel)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, 'wb') as f:
        f.write(content('/' + rel, size))


def write_sparse(root, rel, size, extents):
    """A file of `size` bytes, zero except the (offset, length) extents."""
    full = os.path.join(root, rel)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, 'wb') as f:
        f.truncate(size)
        for off, length in extents:
            f.seek(off)
            f.write(content('/' + rel, length, off))


def write_components(root, components, size):
    """A file at root/components[0]/.../components[-1] (bytes), made one
    directory at a time through file descriptors."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for name in components[:-1]:
            try:
                os.mkdir(name, dir_fd=fd)
            except FileExistsError:
                pass
            nfd = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = nfd
        out = os.open(components[-1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644, dir_fd=fd)
        with os.fdopen(out, 'wb') as f:
            f.write(content(b'/' + b'/'.join(components), size))
    finally:
        os.close(fd)


def path_max_components():
    """limits/path_max/... down to a leaf whose image path has PATH_MAX - 1
    bytes: the first directory of NAME_MAX bytes, then 200-byte ones."""
    comps = [b'limits', b'path_max']
    length = len(IMAGE_PREFIX) + sum(1 + len(c) for c in comps)
    i = 0
    while PATH_MAX - 1 - length > NAME_MAX + 1:
        width = NAME_MAX if i == 0 else 200
        name = b'd%02d_' % i
        name += b'p' * (width - len(name))
        comps.append(name)
        length += 1 + len(name)
        i += 1
    leaf = b'leaf_'
    leaf += b'q' * (PATH_MAX - 1 - length - 1 - len(leaf))
    comps.append(leaf)
    assert len(IMAGE_PREFIX) + sum(1 + len(c) for c in comps) == PATH_MAX - 1
    assert all(len(c) <= NAME_MAX for c in comps)
    return comps


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    root = sys.argv[1]
    os.makedirs(root, exist_ok=True)
    for name, size in SIZES.items():
        write(root, f'size/{name}', size)
    write_sparse(root, 'sparse/holes', 1024 * KIB,
                 [(0, 100), (5 * KIB + 7, 3000), (300 * KIB, 4096), (1024 * KIB - 10, 10)])
    write_sparse(root, 'sparse/triple', DOUBLE_LIMIT + 8 * KIB + 5,
                 [(0, KIB), (DOUBLE_LIMIT - 700, 2 * KIB), (DOUBLE_LIMIT + 6 * KIB, 2 * KIB + 5)])
    deep = os.path.join('deep', *[f'd{i:02d}' for i in range(1, DEEP_LEVELS + 1)])
    write(root, os.path.join(deep, 'leaf'), 77)
    for i in range(MANY_ENTRIES):
        name = f'e{i:03d}'
        if i % 50 == 7:
            name += '_' + 'x' * (200 + i % 50)  # long names: several entries per block
        write(root, f'many/{name}', 0 if i % 10 else 1 + i % 997)
    for i, name in enumerate(LIMIT_NAMES):
        write_components(os.fsencode(root), [b'limits', name], 100 + 37 * i)
    write_components(os.fsencode(root), path_max_components(), 5000)


if __name__ == '__main__':
    main()
