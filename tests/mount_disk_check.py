#!/usr/bin/env python3
"""mount(2) of an ext2 ATA disk, and the root image after the file-system
tests (make test step "mount ext2 disk").

Makes a 16 MiB ext2 image (1 KiB blocks, mke2fs -d with /hello and
/gone) as hdb and a blank 32 MiB disk as hdc, boots an ISO whose init is
/bin/mount-ext2-disk (tests/user/mount-ext2-disk.c: runs the suite's
file-system programs on ram0, mounts and writes hdb, copies /dev/ram0 raw
to hdc), then on the host: `e2fsck -fn` of hdb and of the ram0 copy must
be clean, debugfs must show what the kernel wrote (and not what it
removed), and the free counts statfs printed must be dumpe2fs's.

Usage: mount_disk_check.py WORKDIR. Prints one line per check and
`N passed, N failed`.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    work = sys.argv[1]
    os.makedirs(work, exist_ok=True)
    stage = os.path.join(work, 'stage')
    disk, dump = os.path.join(work, 'hdb.img'), os.path.join(work, 'hdc.img')
    iso = os.path.join(ROOT, 'build', 'test', 'mount_disk.iso')
    subprocess.run(['rm', '-rf', stage, disk, dump], check=True)
    os.makedirs(stage)
    with open(os.path.join(stage, 'hello'), 'w') as f:
        f.write('hello from the host\n')
    with open(os.path.join(stage, 'gone'), 'w') as f:
        f.write('to be removed\n')
    subprocess.run(['truncate', '-s', '16M', disk], check=True)
    subprocess.run(['mke2fs', '-q', '-t', 'ext2', '-b', '1024', '-d', stage, disk], check=True)
    with open(dump, 'wb') as f:
        f.truncate(32 * 1024 * 1024)
    passed = failed = 0

    def check(ok, what, detail=''):
        nonlocal passed, failed
        print(f'{"ok" if ok else "not ok"} - mount ext2 disk: {what}' +
              (f'  # {detail}' if detail and not ok else ''))
        passed += bool(ok)
        failed += not ok

    b = subprocess.run(['make', '-s', '--no-print-directory', 'user', 'iso', f'ISO={iso}',
                        'CMDLINE=init=/bin/mount-ext2-disk quiet', 'ROOTFS_EXTRA=build/user-root',
                        'ROOTFS_STAGE=build/test/mount-disk-stage',
                        'ROOTFS_IMG=build/test/mount-disk-rootfs.img'],
                       cwd=ROOT, capture_output=True, text=True)
    check(b.returncode == 0, 'ISO built', b.stderr[-500:])
    log = os.path.join(work, 'mount-disk.log')
    r = subprocess.run([sys.executable, 'tests/ktest_run.py', '--iso', iso, '--mem', '128M',
                        '--disk', disk, '--disk', dump, '--label', 'mount-disk', '--timeout', '300',
                        '--no-ktap', '--expect-status', '1', '--log', log,
                        '--expect', '^mount-ext2-disk: 0 failures$'],
                       cwd=ROOT, capture_output=True, text=True)
    text = open(log, errors='replace').read() if os.path.exists(log) else ''
    for line in text.splitlines():
        if ': FAIL' in line:
            print('    | ' + line)
    check(r.returncode == 0, 'kernel run (every check of mount-ext2-disk passed)',
          r.stdout[-600:])

    fsck = subprocess.run(['e2fsck', '-fn', disk], capture_output=True, text=True)
    check(fsck.returncode == 0, 'e2fsck -fn of the mounted disk is clean',
          (fsck.stdout + fsck.stderr)[-800:])
    m = re.search(r'ram0 bytes (\d+)', text)
    check(m is not None, 'ram0 copy size printed')
    if m:
        with open(dump, 'r+b') as f:
            f.truncate(int(m.group(1)))
        fsck = subprocess.run(['e2fsck', '-fn', dump], capture_output=True, text=True)
        check(fsck.returncode == 0, 'e2fsck -fn of the root image after the fs tests is clean',
              (fsck.stdout + fsck.stderr)[-800:])

    def debugfs(cmd):
        return subprocess.run(['debugfs', '-R', cmd, disk], capture_output=True, text=True).stdout

    out = os.path.join(work, 'file.out')
    if os.path.exists(out):
        os.unlink(out)
    subprocess.run(['debugfs', '-R', f'dump /dir/file {out}', disk], capture_output=True)
    got = open(out).read() if os.path.exists(out) else None
    check(got == 'written by rmapos\n', 'debugfs dumps /dir/file', repr(got))
    check('"dir/file"' in debugfs('stat /link') or 'dir/file' in debugfs('stat /link'),
          '/link is a symlink to dir/file', debugfs('stat /link')[-300:])
    check('Links: 2' in debugfs('stat /hard'), '/hard and /dir/file share an inode with 2 links')
    ls = debugfs('ls -l /')
    check('moved' in ls and 'gone' not in ls and 'after_remount' in ls,
          'root lists moved and after_remount, not gone', ls[-400:])
    check('..' in debugfs('ls /moved'), '/moved is a directory')
    st = re.search(r'statfs: bsize (\d+) blocks (\d+) bfree (\d+) bavail (\d+) files (\d+) ffree (\d+)',
                   text)
    dump2 = subprocess.run(['dumpe2fs', '-h', disk], capture_output=True, text=True).stdout

    def field(name):
        mm = re.search(rf'^{name}:\s+(\d+)', dump2, re.M)
        return int(mm.group(1)) if mm else None
    check(st is not None and int(st.group(3)) == field('Free blocks') and
          int(st.group(5)) == field('Inode count') and int(st.group(6)) == field('Free inodes') and
          int(st.group(4)) == field('Free blocks') - field('Reserved block count'),
          'statfs figures match dumpe2fs', st.group(0) if st else 'no statfs line')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
