#!/usr/bin/env python3
"""Run the in-kernel benchmarks under QEMU -icount at several RAM sizes and
tabulate them.

The ISO must boot with `bench=GROUPS` on its command line (make bench builds
build/bench.iso with `bench=mm quiet`). The kernel prints lines
`bench: NAME METRIC=VALUE` and finally `bench: done`. With -icount shift=0
guest time counts instructions, so every figure repeats exactly.

Prints one row per figure with its value at each size and the ratio of the
last size to the first. Exits non-zero when a run fails or when a figure
grows by more than --max-ratio from the smallest to the largest memory.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

LINE = re.compile(r'^bench: (\S+) (\S+)=(\d+)\s*$')


def run(iso, mem, timeout):
    with tempfile.TemporaryDirectory() as tmp:
        serial = os.path.join(tmp, 'serial.log')
        cmd = ['qemu-system-i386', '-cdrom', iso, '-m', mem, '-icount', 'shift=0',
               '-serial', f'file:{serial}', '-display', 'none', '-no-reboot',
               '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04']
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + timeout
        text = ''
        try:
            while time.time() < deadline:
                if os.path.exists(serial):
                    with open(serial, errors='replace') as f:
                        text = f.read()
                    if 'bench: done' in text:
                        break
                if proc.poll() is not None:
                    break
                time.sleep(0.2)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        if os.path.exists(serial):
            with open(serial, errors='replace') as f:
                text = f.read()
    figures = {}
    for line in text.splitlines():
        m = LINE.match(line.strip())
        if m:
            figures[(m.group(1), m.group(2))] = int(m.group(3))
    return figures, 'bench: done' in text, text


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--iso', default='build/bench.iso')
    ap.add_argument('--mem', action='append', help='RAM size, repeatable (default 16M and 1G)')
    ap.add_argument('--timeout', type=float, default=120)
    ap.add_argument('--max-ratio', type=float, default=1.5)
    args = ap.parse_args()
    mems = args.mem or ['16M', '1G']

    results = {}
    for mem in mems:
        figures, done, text = run(args.iso, mem, args.timeout)
        if not done:
            print(f'bench: the run with -m {mem} did not finish; serial tail:')
            print('\n'.join(text.splitlines()[-20:]))
            print('0 passed, 1 failed')
            return 1
        results[mem] = figures

    keys = sorted({k for f in results.values() for k in f}, key=lambda k: k[0])
    w = max([len(f'{n} {m}') for n, m in keys] + [10])
    head = f'{"benchmark":<{w}}' + ''.join(f'{m:>12}' for m in mems) + f'{mems[-1] + "/" + mems[0]:>12}'
    print(head)
    print('-' * len(head))
    bad = 0
    for name, metric in keys:
        vals = [results[m].get((name, metric)) for m in mems]
        row = f'{name + " " + metric:<{w}}' + ''.join(
            f'{v:>12}' if v is not None else f'{"-":>12}' for v in vals)
        if vals[0] and vals[-1] is not None:
            ratio = vals[-1] / vals[0]
            row += f'{ratio:>12.3f}'
            if ratio > args.max_ratio:
                row += '  <- grows with memory'
                bad += 1
        print(row)
    print(f'{len(keys) - bad} passed, {bad} failed')
    return 1 if bad or not keys else 0


if __name__ == '__main__':
    sys.exit(main())
