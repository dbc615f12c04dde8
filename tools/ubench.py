#!/usr/bin/env python3
"""The user-level benchmarks of issue 8 (user/ubench.c) on Linux 6.1 and on
rmapos, in the same QEMU under -icount shift=0 at -m 128M; one row per
figure: rmapos's TSC ticks per operation, Linux's, and the ratio.

Linux boots with build/user-root as its initramfs and rdinit=/bin/ubench
(mitigations=off, tools/linux_oracle.py); rmapos boots build/ubench.iso
(init=/bin/ubench, `make ubench-iso`). A goal not met is a figure to
report, not a failure: the exit status is non-zero only when the Linux run
gives no figures (rmapos not reaching init yet is reported as n/a).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tools'))
import linux_oracle  # noqa: E402

LINE = re.compile(r'^bench (\S+) (\d+)\s*$')
DONE = r'bench: done'
STOP = re.compile(r'bench: done|init exited with status \d+|nothing to run|Kernel panic|\bpanic\b')
# Goals of issue 8: every ratio <= 1.0, the anonymous and COW write faults <= 0.5.
GOALS = {'anon_write_fault': 0.5, 'cow_write_fault': 0.5}


def figures(text):
    out = {}
    for line in text.replace('\r', '').splitlines():
        m = LINE.match(line.strip())
        if m:
            out[m.group(1)] = int(m.group(2))
    return out


def run_linux(root, cache, timeout):
    vmlinuz = linux_oracle.fetch(cache)
    with tempfile.TemporaryDirectory(prefix='ubench-linux-') as tmp:
        initrd = os.path.join(tmp, 'initrd.cpio')
        linux_oracle.make_cpio(root, initrd)
        text, timed_out = linux_oracle.boot(
            vmlinuz, initrd, f'{linux_oracle.APPEND} rdinit=/bin/ubench',
            os.path.join(tmp, 'serial.log'), timeout, icount=True, done=DONE)
    return text


def run_rmapos(iso, timeout, log, start_timeout=90):
    """Boots ISO under -icount; gives up after START_TIMEOUT seconds if no
    `bench` line has shown (a kernel booted with quiet that never starts
    init prints nothing at all)."""
    cmd = ['qemu-system-i386', '-cdrom', iso, '-m', '128M', '-icount', 'shift=0',
           '-serial', f'file:{log}', '-display', 'none', '-no-reboot',
           '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04']
    if os.path.exists(log):
        os.unlink(log)
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    started = time.monotonic()
    deadline = started + timeout
    seen = None
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.3)
        text = ''
        if os.path.exists(log):
            with open(log, 'rb') as f:
                text = f.read().decode('utf-8', 'replace')
            if STOP.search(text):
                seen = seen or time.monotonic()
        if seen and time.monotonic() - seen > 2:
            break
        if 'bench ' not in text and time.monotonic() - started > start_timeout:
            break
    if proc.poll() is None:
        os.killpg(proc.pid, 9)
        proc.wait()
    with open(log, 'rb') as f:
        return f.read().decode('utf-8', 'replace')


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--root', default=os.path.join(ROOT, 'build', 'user-root'))
    ap.add_argument('--oracle-cache', default=linux_oracle.DEFAULT_CACHE)
    ap.add_argument('--iso', default=None, help='rmapos image with init=/bin/ubench')
    ap.add_argument('--timeout', type=float, default=600)
    ap.add_argument('--start-timeout', type=float, default=90,
                    help='give up on rmapos when no figure shows within this many seconds')
    args = ap.parse_args()

    ltext = run_linux(args.root, args.oracle_cache, args.timeout)
    linux = figures(ltext)
    ours, why = {}, 'not run (no --iso)'
    if args.iso:
        log = os.path.join(ROOT, 'build', 'ubench-rmapos.log')
        text = run_rmapos(args.iso, args.timeout, log, args.start_timeout)
        ours = figures(text)
        if not ours:
            why = ('kernel did not start init (no figure within '
                   f'{args.start_timeout:.0f} s; serial log build/ubench-rmapos.log)'
                   if 'bench boot_to_main' not in text else 'no figures')
    print(f'{"benchmark (TSC ticks per op)":30s} {"rmapos":>14s} {"linux-6.1":>14s} {"ratio":>8s}  goal')
    names = list(linux) + [n for n in ours if n not in linux]
    for n in names:
        l, o = linux.get(n), ours.get(n)
        ratio = f'{o / l:.2f}' if l and o is not None else '-'
        goal = GOALS.get(n, 1.0)
        state = '' if o is None or not l else ('met' if o / l <= goal else 'not met')
        print(f'{n:30s} {o if o is not None else "n/a":>14} {l if l is not None else "n/a":>14} '
              f'{ratio:>8s}  <= {goal:.1f} {state}')
    if not ours:
        print(f'# rmapos: {why}')
    if not linux:
        print('# linux-6.1: no figures; the serial log ends with:')
        print('\n'.join(ltext.splitlines()[-20:]))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
