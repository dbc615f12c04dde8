#!/usr/bin/env python3
"""Swap headers the kernel must refuse, and `noswap`.

Makes disks with the real mkswap in WORKDIR, patches their headers (a
version-0 "SWAP-SPACE" signature, version 2, last_page beyond the device,
638 bad pages, a bad page past last_page, no signature at all), writes into
each disk's boot bits the swapon result the `swap_headers` suite must get
("RMAPOS-SWAPTEST expect=-22"), and boots ISO three times through
tests/ktest_run.py (three IDE slots per boot): the kernel must print one
line naming the disk and the reason for each refusal, and enable nothing.
The third boot has `noswap` (ISO_NOSWAP) and a good mkswap disk, which
stays off at boot and is then enabled by swapon.

Prints the test lines and a closing `N passed, N failed`; exits non-zero
on any failure.

Usage: swap_headers.py --iso ISO --iso-noswap ISO --workdir DIR [--emu qemu|bochs]
"""
import argparse
import os
import re
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import block_disks  # noqa: E402  (mkswap_disk, CYLINDER)

EINVAL = -22
CYLINDERS = 2
PAGES = CYLINDERS * block_disks.CYLINDER // 4096
COUNT = re.compile(r'^(\d+) passed, (\d+) failed')


def patch(path, offset, data):
    with open(path, 'r+b') as f:
        f.seek(offset)
        f.write(data)


def disk(work, name, expect, how):
    path = os.path.join(work, f'{name}.img')
    block_disks.mkswap_disk(path, CYLINDERS)
    how(path)
    patch(path, 0, f'RMAPOS-SWAPTEST expect={expect}\n'.encode())
    return path


# (image name, expected swapon result, header patch, console line the kernel must print)
CASES = [
    [('v0', EINVAL, lambda p: patch(p, 4086, b'SWAP-SPACE'),
      r'swapon: {dev}: old version 0 swap area \("SWAP-SPACE"\); run mkswap again$'),
     ('version2', EINVAL, lambda p: patch(p, 1024, struct.pack('<I', 2)),
      r'swapon: {dev}: Unable to handle swap header version 2$'),
     ('too-long', EINVAL, lambda p: patch(p, 1028, struct.pack('<I', PAGES + 100)),
      rf'swapon: {{dev}}: Swap area shorter than signature indicates \(last_page {PAGES + 100}, '
      rf'the device has {PAGES} pages\)$')],
    [('many-bad', EINVAL, lambda p: patch(p, 1032, struct.pack('<I', 638)),
      r'swapon: {dev}: 638 bad pages listed in the swap header, at most 637 fit$'),
     ('bad-outside', EINVAL, lambda p: (patch(p, 1032, struct.pack('<I', 2)),
                                        patch(p, 1536, struct.pack('<2I', 3, PAGES))),
      rf'swapon: {{dev}}: bad page {PAGES} in the swap header is outside the area \(1\.\.{PAGES - 1}\)$'),
     ('garbage', EINVAL, lambda p: patch(p, 1024, os.urandom(3072)),
      r'swapon: {dev}: Unable to find swap-space signature$')],
]


def boot(args, iso, label, disks, expects):
    here = os.path.dirname(os.path.abspath(__file__))
    cmd = [sys.executable, os.path.join(here, 'ktest_run.py'), '--emu', args.emu, '--iso', iso,
           '--mem', args.mem, '--label', label, '--timeout', args.timeout,
           '--log', os.path.join(args.workdir, f'{label}.log')]
    for d in disks:
        cmd += ['--disk', d]
    for e in expects:
        cmd += ['--expect', e]
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
    return passed, failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--iso', required=True)
    ap.add_argument('--iso-noswap', required=True)
    ap.add_argument('--workdir', required=True)
    ap.add_argument('--emu', choices=['qemu', 'bochs'], default='qemu')
    ap.add_argument('--mem', default='64M')
    ap.add_argument('--timeout', default='120')
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    total_p = total_f = 0
    for n, cases in enumerate(CASES):
        disks, expects = [], []
        for slot, (name, expect, how, line) in zip(('hdb', 'hdc', 'hdd'), cases):
            disks.append(disk(args.workdir, name, expect, how))
            expects.append('^' + line.format(dev=slot))
        expects.append(r'^        # /dev/hdd: swapon -22, expected -22$')
        p, f = boot(args, args.iso, f'{args.emu}-swap-headers-{n + 1}', disks, expects)
        total_p, total_f = total_p + p, total_f + f
    good = disk(args.workdir, 'good', 0, lambda p: None)
    p, f = boot(args, args.iso_noswap, f'{args.emu}-noswap', [good],
                [r'^swap: noswap on the command line: no swap area enabled$',
                 r'^Adding \d+k swap on /dev/hdb\.  Priority:-2 extents:1 across:\d+k$',
                 r'^        # /dev/hdb: swapon 0, expected 0$'])
    total_p, total_f = total_p + p, total_f + f
    print(f'{total_p} passed, {total_f} failed')
    return 1 if total_f else 0


if __name__ == '__main__':
    sys.exit(main())
