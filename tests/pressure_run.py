#!/usr/bin/env python3
"""Run a reclaim/swap test program (tests/pressure/) as init with swap disks.

Makes each swap disk with the real mkswap (util-linux) in --workdir, boots
the ISO through tests/ktest_run.py with the disks attached, and checks the
console lines given with --expect (regexes). Prints ktest_run's verdict,
which ends with "N passed, N failed"; exit status non-zero on failure.

    tests/pressure_run.py --iso build/test/pressure.iso --mem 16M \
        --swap-mib 128 --expect '^swap-pressure: 4 processes, 0 errors$'
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make_swap(path, mib):
    with open(path, 'wb') as f:
        f.truncate(mib << 20)
    os.chmod(path, 0o600)
    subprocess.run(['mkswap', path], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--iso', required=True)
    ap.add_argument('--mem', default='16M')
    ap.add_argument('--emu', default='qemu')
    ap.add_argument('--swap-mib', type=int, action='append', default=[],
                    help='one mkswap disk of this size (repeatable); none: no swap')
    ap.add_argument('--workdir', required=True)
    ap.add_argument('--label', required=True)
    ap.add_argument('--timeout', type=float, default=300)
    ap.add_argument('--expect', action='append', default=[])
    ap.add_argument('--ktap', action='store_true', help='the ISO runs self-tests (KTAP verdict)')
    ap.add_argument('--ext2-mib', type=int, default=0,
                    help='attach an ext2 disk of this size after the swap disks; afterwards '
                         'e2fsck -fn must be clean and /pressure.dat must hold the patterns')
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    cmd = [sys.executable, os.path.join(ROOT, 'tests/ktest_run.py'), '--emu', args.emu,
           '--iso', args.iso, '--mem', args.mem, '--label', args.label,
           '--timeout', str(args.timeout), '--log', os.path.join(args.workdir, 'serial.log')]
    if not args.ktap:
        cmd.append('--no-ktap')
    for i, mib in enumerate(args.swap_mib):
        disk = os.path.join(args.workdir, f'swap{i}.img')
        make_swap(disk, mib)
        cmd += ['--disk', disk]
    for e in args.expect:
        cmd += ['--expect', e]
    ext2 = None
    if args.ext2_mib:
        ext2 = os.path.join(args.workdir, 'ext2.img')
        with open(ext2, 'wb') as f:
            f.truncate(args.ext2_mib << 20)
        subprocess.run(['mke2fs', '-q', '-F', '-t', 'ext2', '-b', '1024', ext2], check=True)
        cmd += ['--disk', ext2]
    if os.environ.get('PRESSURE_ICOUNT'):
        cmd += ['--icount'] # benchmarks: guest time counts instructions
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    passed = failed = 0
    for line in r.stdout.splitlines():
        m = re.match(r'^(\d+) passed, (\d+) failed$', line.strip())
        if m:
            passed, failed = int(m.group(1)), int(m.group(2))
        else:
            print(line)
    if r.returncode and not failed:
        failed = 1
    if ext2:
        p, f = check_ext2(ext2, args.workdir)
        passed, failed = passed + p, failed + f
    print(f'{passed} passed, {failed} failed', flush=True)
    return 1 if failed else 0


def pattern_page(tag, page, rnd):
    """tests/pressure/swap_pressure.c's pattern() for one page, little-endian words."""
    out = bytearray()
    for k in range(1024):
        x = ((tag << 24) ^ page ^ (rnd * 0x9E3779B1) ^ (k * 0x85EBCA6B)) & 0xffffffff
        x ^= x >> 15
        out += ((x * 0x2C1B3C6D) & 0xffffffff).to_bytes(4, 'little')
    return bytes(out)


def check_ext2(img, workdir):
    """The disk the kernel wrote: e2fsck clean, and the file's pages as the program left them."""
    ok = passed = 0
    r = subprocess.run(['e2fsck', '-fn', img], capture_output=True, text=True)
    if r.returncode == 0:
        print('ok - ext2 disk: e2fsck -fn is clean'); passed += 1
    else:
        print('not ok - ext2 disk: e2fsck -fn found problems'); print(r.stdout[-1500:]); ok = 1
    dump = os.path.join(workdir, 'pressure.dat')
    subprocess.run(['debugfs', '-R', f'dump /pressure.dat {dump}', img], capture_output=True)
    data = open(dump, 'rb').read() if os.path.exists(dump) else b''
    pages = len(data) // 4096
    bad = sum(1 for p in range(pages)
              if data[p * 4096:(p + 1) * 4096] != pattern_page(200 + p % 4, p, 2))
    if pages and not bad:
        print(f'ok - ext2 disk: debugfs dump of /pressure.dat: {pages} pages as written'); passed += 1
    else:
        print(f'not ok - ext2 disk: /pressure.dat: {pages} pages, {bad} differ'); ok = 1
    return passed, 2 - passed


if __name__ == '__main__':
    sys.exit(main())
