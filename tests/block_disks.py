#!/usr/bin/env python3
"""Boot the kernel with ATA disks attached and check them afterwards.

Makes two raw disk images in WORKDIR: scratch.img (sector 0 starts with
the scratch marker the `ata` self-tests look for, the rest zero) and
swap.img (made by mkswap), both a whole number of 16-head, 63-sector
cylinders so Bochs takes the geometry as is. Boots ISO with them as hdb
and hdc through tests/ktest_run.py, then checks on the host that the
region the kernel wrote for us holds the expected bytes, that sector 0
of the scratch disk was left alone and that the swap header is intact.

Prints the self-test lines, one line per host check, and a closing
`N passed, N failed` that counts both; exits non-zero on any failure.

Usage: block_disks.py --iso ISO --workdir DIR [--emu qemu|bochs] [--mem 128M]
                      [--label L] [--timeout S]
"""
import argparse
import os
import re
import subprocess
import sys

SCRATCH_MAGIC = b'RMAPOS-SCRATCH-DISK'
HOST_CHECK_SECTOR = 2048          # tests/self/block_ata_test.c
HOST_CHECK_SECTORS = 16
CYLINDER = 16 * 63 * 512
DISK_CYLINDERS = 17               # 8.4 MB: room for every region the tests use
COUNT = re.compile(r'^(\d+) passed, (\d+) failed')


def host_pattern(s, i):
    return ((s * 0x9E + i * 7) ^ (i >> 7)) & 0xff


def make_disks(work):
    scratch = os.path.join(work, 'scratch.img')
    swap = os.path.join(work, 'swap.img')
    size = DISK_CYLINDERS * CYLINDER
    with open(scratch, 'wb') as f:
        f.write(SCRATCH_MAGIC + b'\n')
        f.truncate(size)
    with open(swap, 'wb') as f:
        f.write(b'\0' * size)  # no holes: mkswap warns about sparse files
    os.chmod(swap, 0o600)
    subprocess.run(['mkswap', swap], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    with open(swap, 'rb') as f:
        swap_header = f.read(4096)
    return scratch, swap, swap_header


def host_checks(scratch, swap, swap_header):
    """Returns [(ok, description)]."""
    results = []
    with open(scratch, 'rb') as f:
        sector0 = f.read(512)
        f.seek(HOST_CHECK_SECTOR * 512)
        region = f.read(HOST_CHECK_SECTORS * 512)
    expected = bytes(host_pattern(HOST_CHECK_SECTOR + k // 512, k % 512)
                     for k in range(HOST_CHECK_SECTORS * 512))
    bad = sum(a != b for a, b in zip(region, expected))
    results.append((bad == 0, f'scratch disk holds the kernel\'s pattern at sectors '
                               f'{HOST_CHECK_SECTOR}..{HOST_CHECK_SECTOR + HOST_CHECK_SECTORS - 1}'
                               + (f' ({bad} bytes differ)' if bad else '')))
    results.append((sector0.startswith(SCRATCH_MAGIC), 'scratch disk sector 0 untouched'))
    with open(swap, 'rb') as f:
        now = f.read(4096)
    results.append((now == swap_header and now[-10:] == b'SWAPSPACE2',
                    'swap disk header intact'))
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--iso', required=True)
    ap.add_argument('--workdir', required=True)
    ap.add_argument('--emu', choices=['qemu', 'bochs'], default='qemu')
    ap.add_argument('--mem', default='128M')
    ap.add_argument('--label', default=None)
    ap.add_argument('--timeout', default='300')
    args = ap.parse_args()
    label = args.label or f'{args.emu}-disks'
    os.makedirs(args.workdir, exist_ok=True)
    scratch, swap, swap_header = make_disks(args.workdir)
    here = os.path.dirname(os.path.abspath(__file__))
    cmd = [sys.executable, os.path.join(here, 'ktest_run.py'), '--emu', args.emu,
           '--iso', args.iso, '--mem', args.mem, '--label', label, '--timeout', args.timeout,
           '--log', os.path.join(args.workdir, f'{label}.log'),
           '--disk', scratch, '--disk', swap]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    passed = failed = 0
    counted = False
    for line in proc.stdout.splitlines():
        m = COUNT.match(line.strip())
        if m:
            passed, failed, counted = int(m.group(1)), int(m.group(2)), True
        else:
            print(line)
    if not counted or (proc.returncode and not failed):
        print(f'not ok - {label}: ktest_run.py exit status {proc.returncode}')
        failed += 1
    for ok, what in host_checks(scratch, swap, swap_header):
        print(f'{"ok" if ok else "not ok"} - {label}: host: {what}')
        passed += ok
        failed += not ok
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
