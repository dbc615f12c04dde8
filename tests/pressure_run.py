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
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    cmd = [sys.executable, os.path.join(ROOT, 'tests/ktest_run.py'), '--emu', args.emu,
           '--iso', args.iso, '--mem', args.mem, '--label', args.label, '--no-ktap',
           '--timeout', str(args.timeout), '--log', os.path.join(args.workdir, 'serial.log')]
    for i, mib in enumerate(args.swap_mib):
        disk = os.path.join(args.workdir, f'swap{i}.img')
        make_swap(disk, mib)
        cmd += ['--disk', disk]
    for e in args.expect:
        cmd += ['--expect', e]
    return subprocess.run(cmd).returncode


if __name__ == '__main__':
    sys.exit(main())
