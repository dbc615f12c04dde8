#!/usr/bin/env python3
"""The busybox applet suite (tests/applets) on Linux 6.1 and on rmapos, and
the line-by-line comparison of the two.

    applet_suite.py linux
        boot Debian's Linux 6.1 i386 (tools/linux_oracle.py) with
        build/applet-root (Debian's busybox-static, its links, the scripts
        under /applets) as its initramfs, rdinit=/applets/run. One line per
        script section (`ok - linux-6.1: files: mv`), then `N passed, N
        failed`. A section fails there when its script timed out or was
        killed, or when a second boot printed other lines (a script must
        print only what any run prints): this proves the scripts.
    applet_suite.py compare [--iso build/applet.iso] [--from-log F]
        the same scripts on rmapos (init=/applets/run), every section's
        lines compared with Linux's; a difference is a failure naming the
        script and section and showing both lines.

The sections are a script's `== title` lines. Linux's output is cached
under build/test/linux-oracle/ by the checksum of the applet root and the
kernel, so a run of make test boots Linux only when a script changed.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tools'))
sys.path.insert(0, os.path.join(ROOT, 'tests'))
import linux_oracle  # noqa: E402
import user_suite  # noqa: E402  (tree_digest, rmapos_output, tail)

APPLET_ROOT = os.path.join(ROOT, 'build', 'applet-root')
CACHE = os.path.join(ROOT, 'build', 'test', 'linux-oracle')
INIT = '/applets/run'
BEGIN = '# applets: begin'
DONE = r'# applets: done, \d+ scripts'
LINE = re.compile(r'^([a-z0-9_-]+)\| ?(.*)$')
STATUS = re.compile(r'^applet ([a-z0-9_-]+): exit (\d+)$')
MEM = '64M'

# Lines where a correct rmapos prints something else than Linux 6.1:
# (script, Linux's line) -> the accepted line, with the reason.
KNOWN_DIFFERENCES = {
}


def parse(text):
    """Returns ([(script, [(section, [lines])], status)], begun, done)."""
    scripts, cur, begun, done = [], None, False, False
    for raw in text.replace('\r', '').splitlines():
        line = raw.rstrip('\n')
        if line == BEGIN:
            begun = True
            continue
        if not begun:
            continue
        if re.match(DONE, line):
            done = True
            break
        m = STATUS.match(line)
        if m:
            if cur is None or cur[0] != m.group(1):
                cur = (m.group(1), [('(start)', [])], None)
                scripts.append(cur)
            scripts[-1] = (cur[0], cur[1], int(m.group(2)))
            cur = None
            continue
        m = LINE.match(line)
        if not m:
            continue  # a kernel message between the lines
        name, body = m.group(1), m.group(2)
        if cur is None or cur[0] != name:
            cur = (name, [('(start)', [])], None)
            scripts.append(cur)
        if body.startswith('== '):
            cur[1].append((body[3:], []))
        else:
            cur[1][-1][1].append(body)
    for i, (name, secs, st) in enumerate(scripts):
        scripts[i] = (name, [s for s in secs if s[0] != '(start)' or s[1]], st)
    return scripts, begun, done


def boot_linux(vmlinuz, log, timeout):
    with tempfile.TemporaryDirectory(prefix='applets-linux-') as tmp:
        initrd = os.path.join(tmp, 'initrd.cpio')
        linux_oracle.make_cpio(APPLET_ROOT, initrd)
        return linux_oracle.boot(vmlinuz, initrd, f'{linux_oracle.APPEND} rdinit={INIT}',
                                 log, timeout, mem=MEM, done=DONE)


def linux_output(cache_dir, timeout, use_cache=True):
    """Linux's serial text, booted twice when not cached; returns
    (text, other_text or None, timed_out, cached)."""
    vmlinuz = linux_oracle.fetch(cache_dir)
    key = user_suite.tree_digest(APPLET_ROOT, f'applets {os.path.getsize(vmlinuz)} '
                                              f'{linux_oracle.APPEND} {INIT} {MEM} '
                                              f'{linux_oracle.DEV_NODES}')
    os.makedirs(CACHE, exist_ok=True)
    cached = os.path.join(CACHE, f'applets-{key}.log')
    if use_cache and os.path.exists(cached):
        with open(cached, errors='replace') as f:
            return f.read(), None, False, True
    text, timed_out = boot_linux(vmlinuz, os.path.join(CACHE, 'applets-run1.log'), timeout)
    other = None
    if not timed_out:
        other, timed_out = boot_linux(vmlinuz, os.path.join(CACHE, 'applets-run2.log'), timeout)
    _, begun, done = parse(text)
    if done and not timed_out and parse(other)[0] == parse(text)[0]:
        with open(cached, 'w') as f:
            f.write(text)
    return text, other, timed_out, False


def sections(scripts):
    """[(test name, lines, script, status)] in order; the script's exit
    status goes with its last section (None on the others)."""
    out = []
    for name, secs, st in scripts:
        for i, (title, lines) in enumerate(secs):
            last = i == len(secs) - 1
            out.append((f'{name}: {title}', lines, name, st if last else 0))
    return out


def status_problem(st):
    if st is None:
        return 'the script did not finish'
    if st == 124 or st == 143:
        return 'the script timed out (timeout 60 s)'
    if st > 128:
        return f'the script was killed by signal {st - 128}'
    return None


def cmd_linux(args):
    text, other, timed_out, cached = linux_output(args.oracle_cache, args.timeout,
                                                  not args.no_cache)
    scripts, begun, done = parse(text)
    second = {t[0]: t[1] for t in sections(parse(other)[0])} if other else None
    passed = failed = lines = 0
    for name, out, script, st in sections(scripts):
        problems = []
        why = status_problem(st)
        if why:
            problems.append(why)
        if second is not None and second.get(name) != out:
            two = second.get(name) or []
            for i in range(max(len(out), len(two))):
                a = out[i] if i < len(out) else '<no line>'
                b = two[i] if i < len(two) else '<no line>'
                if a != b:
                    problems.append(f'not deterministic: line {i + 1}:\n      boot 1: {a}\n'
                                    f'      boot 2: {b}')
                    break
        lines += len(out)
        if problems:
            print(f'not ok - linux-6.1: {name}')
            for p in problems:
                print(f'    {p}')
            failed += 1
        else:
            print(f'ok - linux-6.1: {name} ({len(out)} lines)')
            passed += 1
    if not begun or not done or timed_out:
        why = 'timed out' if timed_out else 'init did not start' if not begun else 'no done line'
        print(f'not ok - linux-6.1: the applet run ({why})')
        print(user_suite.tail(text))
        failed += 1
    print(f'# linux-6.1: {len(scripts)} scripts, {passed + failed} sections, {lines} lines'
          f'{" (cached result)" if cached else ", booted twice"}')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


def cmd_compare(args):
    label = 'rmapos'
    ltext, _, _, _ = linux_output(args.oracle_cache, args.timeout, not args.no_cache)
    lscripts, lbegun, ldone = parse(ltext)
    if not lbegun or not ldone:
        print(f'not ok - {label}: no Linux reference output (the oracle run failed)')
        print(user_suite.tail(ltext))
        print('0 passed, 1 failed')
        return 1
    log = args.log or os.path.join(ROOT, 'build', 'test', 'applets-rmapos.log')
    os.makedirs(os.path.dirname(log), exist_ok=True)
    if args.from_log:
        with open(args.from_log, 'rb') as f:
            text, elapsed = f.read().decode('utf-8', 'replace').replace('\r', ''), 0.0
        log = args.from_log
    else:
        text, elapsed = user_suite.rmapos_output(args.iso, 'qemu', MEM, args.timeout, log)
    scripts, begun, done = parse(text)
    ours = {t[0]: t for t in sections(scripts)}
    passed = failed = lines = 0
    for name, lout, script, lst in sections(lscripts):
        if args.only and script not in args.only.split(','):
            continue
        t = ours.get(name)
        if t is None:
            print(f'not ok - {label}: {name} # did not run (or did not finish)')
            failed += 1
            continue
        _, out, _, st = t
        problems = []
        if st != lst:
            problems.append(f'script exit status {st}, on Linux {lst}')
        for i in range(max(len(lout), len(out))):
            a = lout[i] if i < len(lout) else '<no line>'
            b = out[i] if i < len(out) else '<no line>'
            if a == b or KNOWN_DIFFERENCES.get((script, a)) == b:
                continue
            problems.append(f'line {i + 1} differs:\n      linux:  {a}\n      rmapos: {b}')
            if len(problems) >= 8:
                problems.append('(more differences not shown)')
                break
        lines += len(lout)
        if problems:
            print(f'not ok - {label}: {name}')
            for p in problems:
                print(f'    {p}')
            failed += 1
        else:
            print(f'ok - {label}: {name} ({len(lout)} lines, same as Linux 6.1)')
            passed += 1
    m = re.search(r'init exited with status (\d+)', text)
    if not done:
        print(f'not ok - {label}: the run ended without the done line')
        print(user_suite.tail(text, 20))
        failed += 1
    elif not m:
        print(f'not ok - {label}: no "init exited with status N" line')
        failed += 1
    elif m.group(1) != '0':
        print(f'not ok - {label}: init exited with status {m.group(1)}')
        failed += 1
    print(f'# {label}: {len(lscripts)} scripts, {lines} lines compared; {elapsed:.0f} s; '
          f'the serial log is {os.path.relpath(log, ROOT)}')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--oracle-cache', default=linux_oracle.DEFAULT_CACHE)
    ap.add_argument('--timeout', type=float, default=300)
    ap.add_argument('--no-cache', action='store_true', help='boot Linux even if a result is cached')
    ap.add_argument('--build', action='store_true',
                    help='first make applets (linux) or applet-iso (compare)')
    sub = ap.add_subparsers(dest='cmd', required=True)
    sub.add_parser('linux')
    c = sub.add_parser('compare')
    c.add_argument('--iso', default=os.path.join(ROOT, 'build', 'applet.iso'))
    c.add_argument('--log')
    c.add_argument('--only', help='compare only these scripts (comma separated)')
    c.add_argument('--from-log', help='compare this serial log of rmapos instead of booting')
    args = ap.parse_args()
    if args.build:
        target = 'applets' if args.cmd == 'linux' else 'applet-iso'
        r = subprocess.run(['make', '-s', '--no-print-directory', target], cwd=ROOT,
                           capture_output=True, text=True)
        if r.returncode:
            print((r.stdout + r.stderr)[-3000:])
            print(f'not ok - applet suite: make {target} failed')
            print('0 passed, 1 failed')
            return 1
    if not os.path.isdir(APPLET_ROOT):
        print(f'not ok - applet suite: {APPLET_ROOT} is missing (make applets)')
        print('0 passed, 1 failed')
        return 1
    return {'linux': cmd_linux, 'compare': cmd_compare}[args.cmd](args)


if __name__ == '__main__':
    sys.exit(main())
