#!/usr/bin/env python3
"""Host side of the ext2 disk test (make test step "ext2 disk").

Builds a small ext2 image with mke2fs -d (4 KiB blocks) from a staging
folder, boots the ext2_disk ISO (ktest=ext2_disk) with the image as hda,
where the kernel mounts it on /test, writes and unlinks files and syncs
(tests/self/fs_disk_test.c); then runs `e2fsck -fn` on the image (must be
clean) and extracts every file with `debugfs -R "dump ..."`, comparing it
with the pattern the kernel wrote (fs_pattern in tests/self/fs_test.h).

Usage: ext2_disk_check.py ISO WORKDIR [MKE2FS_OPTION ...]; the options
choose the layout (default `-b 4096`; `-r 0 -b 2048` makes a revision 0
filesystem with 2 KiB blocks). Prints one line per check and
`N passed, N failed`.
"""
import os
import subprocess
import sys


def pattern(seed, off, n):
    return bytes(((i * 131 + seed * 7 + (i >> 9)) & 0xff) for i in range(off, off + n))


def main():
    iso, work = sys.argv[1], sys.argv[2]
    layout = sys.argv[3:] or ['-b', '4096']
    label = 'ext2 disk (' + ' '.join(layout) + ')'
    os.makedirs(work, exist_ok=True)
    stage = os.path.join(work, 'stage')
    img = os.path.join(work, 'ext2disk.img')
    subprocess.run(['rm', '-rf', stage], check=True)
    os.makedirs(stage)
    with open(os.path.join(stage, 'existing'), 'wb') as f:
        f.write(pattern(3, 0, 20000))
    with open(os.path.join(stage, 'grow'), 'wb') as f:
        f.write(pattern(5, 0, 3000))
    if os.path.exists(img):
        os.unlink(img)
    subprocess.run(['truncate', '-s', '16M', img], check=True)
    subprocess.run(['mke2fs', '-q', '-t', 'ext2', *layout, '-d', stage, img], check=True)

    passed = failed = 0

    def check(ok, what, detail=''):
        nonlocal passed, failed
        print(f'{"ok" if ok else "not ok"} - {label}: {what}' + (f'  # {detail}' if detail and not ok else ''))
        passed += bool(ok)
        failed += not ok

    r = subprocess.run([sys.executable, 'tests/ktest_run.py', '--iso', iso, '--mem', '128M',
                        '--disk', img, '--label', 'ext2-disk', '--timeout', '300',
                        '--log', os.path.join(work, 'ext2-disk.log')],
                       capture_output=True, text=True)
    sys.stdout.write(''.join(l + '\n' for l in r.stdout.splitlines()
                             if l.startswith(('ok', 'not ok', '    |'))))
    check(r.returncode == 0 and 'SKIP' not in r.stdout, 'kernel run (mount, write, sync, unmount)')
    fsck = subprocess.run(['e2fsck', '-fn', img], capture_output=True, text=True)
    check(fsck.returncode == 0, 'e2fsck -fn is clean', (fsck.stdout + fsck.stderr)[-800:])

    existing = bytearray(pattern(3, 0, 20000))
    existing[1000:3000] = pattern(4, 1000, 2000)
    expect = {
        'new_small': pattern(1, 0, 5000),
        'new_big': pattern(2, 0, (12 + 1024 + 10) * 4096),
        'existing': bytes(existing),
        'grow': pattern(5, 0, 73000),
        # failed_writeback_is_eio_to_fsync_and_the_page_stays_dirty: the
        # overwrite whose first write-back the disk refused got there later.
        'wbfail': pattern(8, 0, 4096) + pattern(7, 4096, 4096),
        # ... _to_msync_...: the word the mapping stored over pattern 9.
        'msfail': b'DCBA' + pattern(9, 4, 4092),
    }
    for name, data in expect.items():
        out = os.path.join(work, 'dump-' + name)
        if os.path.exists(out):
            os.unlink(out)
        subprocess.run(['debugfs', '-R', f'dump /{name} {out}', img], capture_output=True)
        got = open(out, 'rb').read() if os.path.exists(out) else None
        check(got == data, f'/{name} dumped by debugfs matches',
              'missing' if got is None else f'{len(got)} bytes, want {len(data)}')
    ls = subprocess.run(['debugfs', '-R', 'ls -l /', img], capture_output=True, text=True)
    check('scratch' not in ls.stdout, 'unlinked /scratch is gone')
    check('readfail_new' not in ls.stdout,
          '/readfail_new, refused with -EIO when the directory could not be read, is not there')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
