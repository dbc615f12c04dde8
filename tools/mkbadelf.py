#!/usr/bin/env python3
"""Write the malformed executables of tests/user/execve-malformed-elf.c.

usage: mkbadelf.py TINY_STATIC DYNAMIC_HELLO OUTDIR

Each file is a copy of a working program (user/tiny.S, static ET_EXEC,
or the dynamic PIE hello)
with one field broken; the test execs each and prints the errno (or how
the new image died), which must match Linux 6.1's. Also writes a `#!`
script, a file without execute permission, an empty file and a text file.
"""
import os
import struct
import sys

EHDR = '<16sHHIIIIIHHHHHH'
PHDR = '<IIIIIIII'
PT_LOAD, PT_INTERP = 1, 3


def ehdr(data):
    return list(struct.unpack_from(EHDR, data, 0))


def put_ehdr(data, f):
    struct.pack_into(EHDR, data, 0, *f)


def phdrs(data):
    e = ehdr(data)
    off, n = e[5], e[10]
    return [(off + i * 32, list(struct.unpack_from(PHDR, data, off + i * 32))) for i in range(n)]


def put_phdr(data, at, p):
    struct.pack_into(PHDR, data, at, *p)


def loads(data):
    return [(at, p) for at, p in phdrs(data) if p[0] == PT_LOAD]


def variants(static, dynamic):
    out = {}

    def v(name, base=static):
        d = bytearray(base)
        out[name] = d
        return d

    out['truncated-header'] = bytearray(static[:40])
    e = ehdr(static)
    out['truncated-phdrs'] = bytearray(static[:e[5] + 16])
    d = v('wrong-class'); d[4] = 2                       # ELFCLASS64
    d = v('wrong-data'); d[5] = 2                        # big endian
    d = v('wrong-machine'); f = ehdr(d); f[2] = 62; put_ehdr(d, f)   # x86-64
    d = v('wrong-type'); f = ehdr(d); f[1] = 1; put_ehdr(d, f)       # ET_REL
    d = v('bad-phentsize'); f = ehdr(d); f[9] = 16; put_ehdr(d, f)
    d = v('zero-phnum'); f = ehdr(d); f[10] = 0; put_ehdr(d, f)
    d = v('absurd-phnum'); f = ehdr(d); f[10] = 65535; put_ehdr(d, f)
    # Second PT_LOAD moved onto the first one's pages.
    d = v('overlapping-segments')
    (a0, p0), (a1, p1) = loads(d)[:2]
    p1[2] = p0[2] + (p1[2] & 0xfff)       # vaddr inside the first segment
    p1[3] = p1[2]
    put_phdr(d, a1, p1)
    # A PT_LOAD at the kernel's base, and one that runs into it.
    d = v('segment-in-kernel-space')
    at, p = loads(d)[-1]
    p[2] = p[3] = 0xC0000000 + (p[2] & 0xfff)
    put_phdr(d, at, p)
    d = v('segment-reaching-kernel-space')
    at, p = loads(d)[-1]
    p[5] = 0xC0000000 - (p[2] & ~0xfff) + 0x1000   # p_memsz past 0xC0000000
    put_phdr(d, at, p)
    d = v('filesz-greater-than-memsz')
    at, p = loads(d)[-1]
    p[4] = p[5] + 0x2000
    put_phdr(d, at, p)
    d = v('segment-offset-past-eof')
    at, p = loads(d)[-1]
    p[1] = (len(d) + 0x100000) & ~0xfff | (p[2] & 0xfff)
    put_phdr(d, at, p)
    d = v('entry-in-kernel-space'); f = ehdr(d); f[4] = 0xC0001000; put_ehdr(d, f)

    # Interpreter variants, on the dynamic hello.
    def interp(name, path, terminate=True):
        d = v(name, dynamic)
        for at, p in phdrs(d):
            if p[0] == PT_INTERP:
                size = p[4]
                raw = path.encode() + (b'\0' if terminate else b'')
                assert len(raw) <= size, (name, path)
                d[p[1]:p[1] + size] = raw + (b'\0' if terminate else b'X') * (size - len(raw))
                if not terminate:
                    d[p[1] + size - 1] = ord('X')
                return d
        raise SystemExit('dynamic hello has no PT_INTERP')

    interp('bad-interp-path', '/lib/ld-nothere.2')
    interp('interp-not-elf', '/elf/text-file')
    interp('interp-not-executable', '/etc/utest.list')
    interp('interp-is-directory', '/lib')
    interp('interp-not-terminated', '/lib/ld-linux.so.2', terminate=False)
    out['empty-file'] = bytearray()
    out['text-file'] = bytearray(b'this is not a program\n')
    return out


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    static = open(sys.argv[1], 'rb').read()
    dynamic = open(sys.argv[2], 'rb').read()
    outdir = sys.argv[3]
    os.makedirs(outdir, exist_ok=True)
    for name, data in variants(static, dynamic).items():
        path = os.path.join(outdir, name)
        with open(path, 'wb') as f:
            f.write(data)
        os.chmod(path, 0o755)
    path = os.path.join(outdir, 'no-exec-permission')
    with open(path, 'wb') as f:
        f.write(static)
    os.chmod(path, 0o644)
    path = os.path.join(outdir, 'script.sh')
    with open(path, 'w') as f:
        f.write('#!/bin/hello-static from-script\n')
    os.chmod(path, 0o755)
    path = os.path.join(outdir, 'script-bad-interp.sh')
    with open(path, 'w') as f:
        f.write('#!/bin/no-such-interpreter\n')
    os.chmod(path, 0o755)


if __name__ == '__main__':
    main()
