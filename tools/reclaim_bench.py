#!/usr/bin/env python3
"""make bench: the page-centric scan against 2.4.0's per-process swap_out.

Boots swap-pressure-small (tests/pressure/swap_pressure.c at twice the RAM)
in a 16 MiB machine with a 64 MiB mkswap disk, under QEMU -icount shift=0
(guest time counts instructions, so figures repeat), once with the default
page-centric scan and once with vmscan=virtual, and prints per page freed:
pages and PTEs scanned, and guest instructions. Fails only when a run fails.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
T = os.path.join(ROOT, 'build', 'test')
LINE = re.compile(r'^swap-pressure: scan active (\d+) inactive (\d+) ptes (\d+) freed (\d+) '
                  r'unmapped (\d+) elapsed_us (\d+)')


def run(iso, label):
    work = os.path.join(T, f'bench-{label}')
    cmd = [sys.executable, os.path.join(ROOT, 'tests/pressure_run.py'), '--iso', iso,
           '--mem', '16M', '--swap-mib', '64', '--workdir', work, '--label', label,
           '--timeout', '900', '--expect', r'^swap-pressure: 4 processes, 0 errors$']
    r = subprocess.run(cmd, capture_output=True, text=True,
                       env=dict(os.environ, PRESSURE_ICOUNT='1'))
    if r.returncode:
        print(r.stdout[-2000:])
        return None
    with open(os.path.join(work, 'serial.log'), errors='replace') as f:
        for line in f:
            m = LINE.match(line.strip())
            if m:
                return [int(x) for x in m.groups()]
    return None


def main():
    subprocess.run(['make', '-s', '--no-print-directory', 'pressure-iso'], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    rows = {}
    for label, iso in (('page-centric', 'pressure_bench.iso'),
                       ('virtual', 'pressure_bench_virtual.iso')):
        v = run(os.path.join(T, iso), label)
        if not v:
            print(f'not ok - reclaim bench: the {label} run failed')
            print('0 passed, 1 failed')
            return 1
        rows[label] = v
    print('# reclaim scan, swap-pressure-small at 16M (QEMU -icount shift=0)')
    print(f'# {"scan":<14}{"freed":>8}{"active/freed":>14}{"inactive/freed":>16}'
          f'{"ptes/freed":>12}{"instr/freed":>13}')
    for label, (act, inact, ptes, freed, unmapped, us) in rows.items():
        freed = max(freed, 1)
        print(f'# {label:<14}{freed:>8}{act / freed:>14.2f}{inact / freed:>16.2f}'
              f'{ptes / freed:>12.2f}{us * 1000 / freed:>13.0f}')
    pc, vi = rows['page-centric'], rows['virtual']
    scanned = lambda r: (r[0] + r[1] + r[2]) / max(r[3], 1)
    instr = lambda r: r[5] * 1000 / max(r[3], 1)
    print(f'# virtual / page-centric: scanned per page freed {scanned(vi) / scanned(pc):.2f}, '
          f'instructions per page freed {instr(vi) / instr(pc):.2f}')
    print('ok - reclaim bench: both scans ran')
    print('1 passed, 0 failed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
