#!/usr/bin/env python3
"""Boot an ISO headless in QEMU or Bochs, read the KTAP the kernel prints on
COM1, and report every test.

Prints one line per test (`ok - LABEL: suite.test` / `not ok - ...`), then
`N passed, N failed`, and exits 0 only if the kernel finished its run with
every test passing. A run that times out, ends without the KTAP summary, or
reports a failure exits non-zero and shows the tail of the serial log.

With --expect REGEX (repeatable) each regular expression must match a
line of the serial log, and counts as one test. --no-ktap is for boots
that end without self-tests (a refused CPU): the run passes when the
kernel itself stopped the emulator before the timeout (with
--expect-status N, with that exit status) and every --expect matched.

Used by tests/run_all.py (make test) and by `make bochs` (--interactive).
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

RESULT = re.compile(r'^(\s*)(not ok|ok) (\d+) ([^#]*?)\s*(?:#\s*(.*))?$')
SUBTEST = re.compile(r'^\s*# Subtest: (\S+)')
SUMMARY = re.compile(r'^# ktest: (\d+) passed, (\d+) failed')

BOCHS_RC = """\
megs: {mem_mb}
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/bochs/VGABIOS-lgpl-latest
ata0: enabled=1, ioaddr1=0x1f0, ioaddr2=0x3f0, irq=14
ata0-master: type=cdrom, path={iso}, status=inserted
{extra_disks}boot: cdrom
display_library: rfb, options="timeout=0"
com1: enabled=1, mode=file, dev={serial}
speaker: enabled=0
clock: sync=none, time0=local
cpu: {cpu_model}ips=50000000
log: {bochs_log}
panic: action=fatal
error: action=report
info: action=ignore
debug: action=ignore
"""


def mem_mb(text):
    m = re.fullmatch(r'(\d+)([MG]?)', text)
    if not m:
        raise SystemExit(f'bad --mem {text!r}: use e.g. 128M or 3G')
    return int(m.group(1)) * (1024 if m.group(2) == 'G' else 1)


def qemu_command(args, serial):
    cmd = ['qemu-system-i386', '-m', args.mem,
           '-serial', f'file:{serial}', '-display', 'none', '-no-reboot',
           '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04']
    if args.disk:
        # The same IDE slots as Bochs: CD-ROM hda, disks hdb, hdc, hdd.
        if len(args.disk) > 3:
            raise SystemExit('at most 3 --disk images (IDE slots hdb..hdd)')
        cmd += ['-drive', f'file={args.iso},media=cdrom,if=ide,index=0,format=raw',
                '-boot', 'd']
        for i, disk in enumerate(args.disk):
            cmd += ['-drive', f'file={disk},format=raw,if=ide,index={i + 1}']
    else:
        cmd += ['-cdrom', args.iso]
    if args.icount:
        cmd += ['-icount', 'shift=0']
    return cmd + (args.qemu_arg or [])


def bochs_command(args, serial, workdir):
    extra = ''
    slots = ['ata0-slave', 'ata1-master', 'ata1-slave']
    if args.disk:
        extra += 'ata1: enabled=1, ioaddr1=0x170, ioaddr2=0x370, irq=15\n'
    for slot, disk in zip(slots, args.disk or []):
        size = os.path.getsize(disk)
        extra += f'{slot}: type=disk, path={disk}, mode=flat, cylinders={max(1, size // (16 * 63 * 512))}, heads=16, spt=63\n'
    rc = os.path.join(workdir, 'bochsrc')
    with open(rc, 'w') as f:
        f.write(BOCHS_RC.format(mem_mb=mem_mb(args.mem), iso=os.path.abspath(args.iso),
                                serial=serial, extra_disks=extra,
                                cpu_model=f'model={args.bochs_cpu}, ' if args.bochs_cpu else '',
                                bochs_log=os.path.join(workdir, 'bochs.log')))
    cmds = os.path.join(workdir, 'cmds')
    with open(cmds, 'w') as f:
        f.write('c\n')
    return ['bochs', '-q', '-f', rc, '-rc', cmds]


def run_emulator(cmd, serial, timeout, follow):
    """Run until the emulator exits or the timeout passes; returns (status, timed_out)."""
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + timeout
    shown = 0
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
        if follow and os.path.exists(serial):
            with open(serial, 'rb') as f:
                f.seek(shown)
                chunk = f.read()
            shown += len(chunk)
            sys.stdout.write(chunk.decode('utf-8', 'replace'))
            sys.stdout.flush()
    timed_out = proc.poll() is None
    if timed_out:
        # Bochs may ignore SIGTERM: kill the whole group outright.
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return proc.returncode, timed_out


def parse_ktap(lines):
    """Returns (results, summary): results as (suite, name, ok, directive)."""
    results, suite, summary = [], None, None
    for raw in lines:
        line = raw.rstrip('\r\n')
        m = SUBTEST.match(line)
        if m:
            suite = m.group(1)
            continue
        m = SUMMARY.match(line)
        if m:
            summary = (int(m.group(1)), int(m.group(2)))
            continue
        m = RESULT.match(line)
        if m and m.group(1):  # indented: a test inside a suite
            results.append((suite, m.group(4), m.group(2) == 'ok', m.group(5) or ''))
    return results, summary


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--emu', choices=['qemu', 'bochs'], default='qemu')
    ap.add_argument('--iso', default='build/os.iso')
    ap.add_argument('--mem', default='128M')
    ap.add_argument('--timeout', type=float, default=300)
    ap.add_argument('--label', default=None)
    ap.add_argument('--log', default=None, help='keep the serial output here')
    ap.add_argument('--disk', action='append', help='raw disk image (IDE), repeatable')
    ap.add_argument('--icount', action='store_true', help='QEMU -icount shift=0')
    ap.add_argument('--qemu-arg', action='append')
    ap.add_argument('--bochs-cpu', default=None, help='Bochs CPU model (bochs --help cpu)')
    ap.add_argument('--interactive', action='store_true',
                    help='show the serial output live; no KTAP verdict')
    ap.add_argument('--expect', action='append', default=[], metavar='REGEX',
                    help='a line of the serial log must match (one test each)')
    ap.add_argument('--no-ktap', action='store_true',
                    help='the kernel runs no self-tests: only --expect and a prompt exit count')
    ap.add_argument('--expect-status', type=int, default=None,
                    help='with --no-ktap: the emulator must exit with this status')
    args = ap.parse_args()
    label = args.label or f'{args.emu}-{args.mem}'

    with tempfile.TemporaryDirectory(prefix='ktest-') as work:
        serial = os.path.abspath(args.log) if args.log else os.path.join(work, 'serial.log')
        if os.path.exists(serial):
            os.unlink(serial)
        cmd = (qemu_command(args, serial) if args.emu == 'qemu'
               else bochs_command(args, serial, work))
        started = time.monotonic()
        status, timed_out = run_emulator(cmd, serial, args.timeout, args.interactive)
        elapsed = time.monotonic() - started
        text = ''
        if os.path.exists(serial):
            with open(serial, 'rb') as f:
                text = f.read().decode('utf-8', 'replace')
        if args.interactive:
            return 0
        lines = [line.rstrip('\r') for line in text.splitlines()]
        results, summary = parse_ktap(lines)
        passed = failed = 0
        for suite, name, ok, directive in results:
            tag = f'  # {directive}' if directive else ''
            print(f'{"ok" if ok else "not ok"} - {label}: {suite}.{name}{tag}')
            passed += ok
            failed += not ok
        ktap_counts = (passed, failed)
        for pattern in args.expect:
            ok = any(re.search(pattern, line) for line in lines)
            print(f'{"ok" if ok else "not ok"} - {label}: console says /{pattern}/')
            passed += ok
            failed += not ok
        problem = None
        if timed_out:
            problem = f'timed out after {args.timeout:.0f} s'
        elif args.no_ktap:
            if summary is not None or results:
                problem = 'self-tests ran, but this boot should have stopped before them'
            elif args.expect_status is not None and status != args.expect_status:
                problem = f'emulator exit status {status}, expected {args.expect_status}'
            else:
                print(f'ok - {label}: the kernel stopped the emulator by itself '
                      f'(status {status})')
                passed += 1
        elif summary is None:
            problem = f'the kernel stopped without a KTAP summary (emulator status {status})'
        elif summary != ktap_counts:
            # e.g. an unknown suite name: the kernel counts it, no test line shows it
            problem = (f'the kernel counted {summary[0]} passed, {summary[1]} failed; '
                       f'the test lines say {ktap_counts[0]} and {ktap_counts[1]}')
        if problem:
            print(f'not ok - {label}: run ({problem})')
            failed += 1
        if failed:
            print(f'--- {label}: last lines of the serial log ---')
            for line in text.splitlines()[-40:]:
                print(f'    | {line}')
        print(f'# {label}: {elapsed:.1f} s')
        print(f'{passed} passed, {failed} failed')
        return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
