#!/usr/bin/env python3
"""The memory-under-pressure picture of `make plot` (docs/reclaim.md).

    vmplot.py run   --iso ISO --out DIR [--mem 16M --swap-mib 64]   boot the workload, then parse, check, draw
    vmplot.py parse LOG --out DIR                                 the samples of a serial log as DIR/samples.dat
    vmplot.py check LOG [--min-samples N]                         the samples' sanity (prints "N passed, N failed")
    vmplot.py draw  DIR [--png FILE]                              gnuplot: DIR/samples.dat -> FILE (DIR/pressure.png)

The guest runs a pressure program (tests/pressure/) as init with the boot
key `vmsample`: the kernel's sampler (fs/proc/sample.c) makes the text of
/proc/meminfo and /proc/vmstat every 100 ms of guest time and prints one
line, `vmsample: t_ms f1 f2 ...`, after a header line naming the fields.
QEMU runs with -icount shift=0 (guest time counts instructions), so the
samples do not depend on how loaded the host is. This script turns the
lines into a gnuplot data file (kB in memory, per-interval deltas of the
event counters) and draws free, active, inactive_dirty, inactive_clean
and swap used over time, swap-ins and swap-outs per interval, and
kswapd's scanning per interval as impulses.
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEADER = re.compile(r'vmsample: fields (t_ms(?: \w+)+)\s*$')
SAMPLE = re.compile(r'vmsample: (\d+(?: \d+)+)\s*$')

# Columns of samples.dat, in order (1-based for gnuplot).
COLUMNS = ['t_s', 'free', 'active', 'inactive_dirty', 'inactive_clean', 'swap_used', 'cached',
           'anon', 'swapin', 'swapout', 'scan_kswapd', 'scan_direct', 'kswapd_wakeup',
           'mem_total', 'swap_total']


def parse_log(path):
    """The samples of a serial log: a list of dicts, field name -> int."""
    names, rows = None, []
    with open(path, errors='replace') as f:
        for line in f:
            line = line.replace('\r', '')
            m = HEADER.search(line)
            if m:
                names = m.group(1).split()
                continue
            m = SAMPLE.search(line)
            if m and names:
                vals = [int(v) for v in m.group(1).split()]
                if len(vals) == len(names):
                    rows.append(dict(zip(names, vals)))
    return rows


def derive(rows):
    """Rows of COLUMNS: memory in kB, events as deltas since the previous sample."""
    out, prev = [], None
    for r in rows:
        d = (lambda k: r[k] - prev[k]) if prev else (lambda k: 0)
        out.append([r['t_ms'] / 1000.0, r['MemFree'], r['Active'], r['InactiveDirty'],
                    r['InactiveClean'], r['SwapTotal'] - r['SwapFree'], r['Cached'],
                    r['AnonPages'], d('pswpin'), d('pswpout'), d('pgscan_kswapd'),
                    d('pgscan_direct'), d('kswapd_wakeup'), r['MemTotal'], r['SwapTotal']])
        prev = r
    return out


def write_dat(rows, path):
    with open(path, 'w') as f:
        f.write('# ' + ' '.join(COLUMNS) + '\n')
        for r in derive(rows):
            f.write(' '.join(f'{v:.3f}' if isinstance(v, float) else str(v) for v in r) + '\n')


def check(rows, min_samples):
    """Plausibility of the samples; returns (passed, failed) after printing each check."""
    results = []

    def ok(name, cond, detail=''):
        results.append(bool(cond))
        print(f'{"ok" if cond else "not ok"} - vmplot: {name}' + ('' if cond else f' ({detail})'),
              flush=True)

    ok(f'at least {min_samples} samples', len(rows) >= min_samples, f'{len(rows)} samples')
    if not rows:
        return 0, len(results)
    t = [r['t_ms'] for r in rows]
    steps = [b - a for a, b in zip(t, t[1:])]
    ok('time rises monotonically', all(s > 0 for s in steps), f'steps {sorted(set(steps))[:5]}')
    ok('most steps are 100 ms of guest time',
       steps and sum(1 for s in steps if s == 100) >= 0.9 * len(steps),
       f'{sum(1 for s in steps if s == 100)} of {len(steps)}')
    total = rows[0]['MemTotal']
    ok('MemTotal stays the same', all(r['MemTotal'] == total for r in rows))
    bad = [r for r in rows if r['MemFree'] + r['Active'] + r['InactiveDirty'] + r['InactiveClean']
           + r['Slab'] + r['PageTables'] > total]
    ok('free + LRU lists + slab + page tables fit in MemTotal', not bad,
       f'{len(bad)} samples over, first {bad[0] if bad else ""}')
    # The rest is the kernel's own memory (code, mem_map, stacks): the same all along, roughly.
    other = [total - r['MemFree'] - r['Active'] - r['InactiveDirty'] - r['InactiveClean'] -
             r['Slab'] - r['PageTables'] for r in rows[1:]]
    ok('the memory outside those figures varies by less than 10% of MemTotal',
       other and max(other) - min(other) < total // 10, f'{min(other) if other else 0}..{max(other) if other else 0} kB')
    used = [r['SwapTotal'] - r['SwapFree'] for r in rows]
    ok('swap is free at the first sample and in use later', used[0] == 0 and max(used) > 0,
       f'first {used[0]} max {max(used)} kB')
    ok('swap used rises during the workload', max(used) >= 1024, f'max {max(used)} kB')
    for name in ('pswpin', 'pswpout', 'pgscan_kswapd'):
        v = [r[name] for r in rows]
        ok(f'{name} never falls and ends above 0', all(b >= a for a, b in zip(v, v[1:])) and v[-1] > 0,
           f'last {v[-1]}')
    passed = sum(results)
    return passed, len(results) - passed


GNUPLOT = r'''
set terminal png size 960,720 font ",10" noenhanced
set output "{png}"
set datafile commentschars "#"
set multiplot layout 3,1 title "{title}"
set lmargin 10
set rmargin 3
set grid ytics
set key outside right top vertical
set xrange [0:{tmax}]
set ylabel "kB"
set format x ""
set size 1,0.5
set origin 0,0.45
set tmargin 2
set bmargin 0.5
plot "{dat}" using 1:2 with lines lw 2 lc rgb "#2ca02c" title "free", \
     "" using 1:3 with lines lw 2 lc rgb "#d62728" title "active", \
     "" using 1:4 with lines lw 2 lc rgb "#ff7f0e" title "inactive_dirty", \
     "" using 1:5 with lines lw 2 lc rgb "#1f77b4" title "inactive_clean", \
     "" using 1:6 with lines lw 2 dt 2 lc rgb "#7f7f7f" title "swap used"
set size 1,0.27
set origin 0,0.2
set tmargin 0.5
set ylabel "pages / 100 ms"
plot "{dat}" using 1:9 with steps lw 1.5 lc rgb "#9467bd" title "swap-ins", \
     "" using 1:10 with steps lw 1.5 lc rgb "#8c564b" title "swap-outs"
set size 1,0.2
set origin 0,0.0
set bmargin 3
set format x "%g"
set xlabel "guest time (s)"
set ylabel "pages / 100 ms"
plot "{dat}" using 1:11 with impulses lw 2 lc rgb "#17becf" title "kswapd scanned", \
     "" using 1:12 with impulses lw 1 lc rgb "#e377c2" title "direct scanned"
unset multiplot
'''


def draw(outdir, png, title):
    dat = os.path.join(outdir, 'samples.dat')
    tmax = 0.0
    with open(dat) as f:
        for line in f:
            if not line.startswith('#'):
                tmax = float(line.split()[0])
    script = GNUPLOT.format(png=png, dat=dat, tmax=f'{tmax:.1f}', title=title)
    with open(os.path.join(outdir, 'pressure.gp'), 'w') as f:
        f.write(script)
    subprocess.run(['gnuplot'], input=script, text=True, check=True)
    size = os.path.getsize(png) if os.path.exists(png) else 0
    with open(png, 'rb') as f:
        magic = f.read(8)
    good = size > 1000 and magic == b'\x89PNG\r\n\x1a\n'
    print(f'{"ok" if good else "not ok"} - vmplot: gnuplot drew {png} ({size} bytes)', flush=True)
    return good


def run_workload(args):
    """Boot the workload under -icount with a mkswap disk; the serial log's path."""
    work = os.path.join(args.out, 'run')
    env = dict(os.environ, PRESSURE_ICOUNT='1')
    r = subprocess.run([sys.executable, os.path.join(ROOT, 'tests/pressure_run.py'),
                        '--emu', args.emu, '--iso', args.iso, '--mem', args.mem, '--swap-mib', str(args.swap_mib),
                        '--workdir', work, '--label', 'plot', '--timeout', str(args.timeout),
                        '--expect', r'^swap-pressure: 4 processes, 0 errors$'],
                       env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(r.stdout.strip().splitlines()[-1] if r.stdout.strip() else 'no output', flush=True)
    if r.returncode:
        print(r.stdout[-2000:])
    return os.path.join(work, 'serial.log'), r.returncode == 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest='cmd', required=True)
    p = sub.add_parser('run')
    p.add_argument('--iso', required=True)
    p.add_argument('--out', required=True)
    p.add_argument('--emu', choices=['bochs', 'qemu'], default='bochs')
    p.add_argument('--mem', default='16M')
    p.add_argument('--swap-mib', type=int, default=64)
    p.add_argument('--timeout', type=float, default=600)
    p.add_argument('--png')
    p.add_argument('--min-samples', type=int, default=50)
    p = sub.add_parser('parse')
    p.add_argument('log')
    p.add_argument('--out', required=True)
    p = sub.add_parser('check')
    p.add_argument('log')
    p.add_argument('--min-samples', type=int, default=50)
    p = sub.add_parser('draw')
    p.add_argument('out')
    p.add_argument('--png')
    args = ap.parse_args()
    title = 'rmapos: swap-pressure (4 processes, twice the RAM) in a 16 MiB machine, 64 MiB swap'

    if args.cmd == 'parse':
        os.makedirs(args.out, exist_ok=True)
        rows = parse_log(args.log)
        write_dat(rows, os.path.join(args.out, 'samples.dat'))
        print(f'{len(rows)} samples -> {os.path.join(args.out, "samples.dat")}')
        return 0 if rows else 1
    if args.cmd == 'check':
        passed, failed = check(parse_log(args.log), args.min_samples)
        print(f'{passed} passed, {failed} failed')
        return 1 if failed else 0
    if args.cmd == 'draw':
        good = draw(args.out, args.png or os.path.join(args.out, 'pressure.png'), title)
        return 0 if good else 1
    os.makedirs(args.out, exist_ok=True)
    log, ran = run_workload(args)
    rows = parse_log(log)
    write_dat(rows, os.path.join(args.out, 'samples.dat'))
    passed, failed = check(rows, args.min_samples)
    good = draw(args.out, args.png or os.path.join(args.out, 'pressure.png'), title)
    passed += ran + good
    failed += (not ran) + (not good)
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
