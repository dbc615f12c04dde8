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


def content(path, size, start=0):
    """Bytes [start, start+size) of the file whose image path is `path`."""
    out = bytearray()
    chunk = start // 32
    skip = start % 32
    while len(out) < size + skip:
        out += hashlib.sha256(f'{path}:{chunk}'.encode()).digest()
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


if __name__ == '__main__':
    main()
