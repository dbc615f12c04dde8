#!/usr/bin/env python3
"""The user suite (tests/user, run by /bin/utest-init) on Linux 6.1 and on
rmapos, and the line-by-line comparison of the two.

    user_suite.py linux
        boot Debian's Linux 6.1 i386 (tools/linux_oracle.py) with
        build/user-root as its initramfs; one line per test
        (`ok - linux-6.1: NAME`), then `N passed, N failed`. Every test must
        pass there: Linux is the oracle, so this proves the tests.
    user_suite.py meta
        the runner's own failure paths (tests/user/meta.list) on Linux:
        utest-init must report a bad exit, a signal, a timeout, an orphan
        holding its pipe and a partial line, and go on.
    user_suite.py compare --iso build/user.iso [--emu bochs]
        the same on rmapos (the ISO boots init=/bin/utest-init), then every
        test's output compared with Linux's, line by line: a test passes when
        it passed on rmapos and printed what it printed on Linux (modulo the
        KNOWN_DIFFERENCES below); a difference shows both lines.

Linux's output is cached under build/test/linux-oracle/ by the checksum of
the user root and the kernel, so a run of make test boots Linux once.
"""
import argparse
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tools'))
import linux_oracle  # noqa: E402

USER_ROOT = os.path.join(ROOT, 'build', 'user-root')
CACHE = os.path.join(ROOT, 'build', 'test', 'linux-oracle')
INIT = '/bin/utest-init'
DONE = r'# utest: \d+ passed, \d+ failed'

RESULT = re.compile(r'^(not ok|ok) (\d+) (.*?)(?: # (.*))?$')
OUTPUT = re.compile(r'^# (.+?): (.*)$')

# Lines where a correct rmapos may print something else than Linux 6.1:
# (test, Linux's line) -> the other accepted line, with the reason.
KNOWN_DIFFERENCES = {
    ('stack-grows-below-esp', 'touch 4 KiB below esp: stack grew'):
        # issue 8 keeps the 2.4 rule (fault address + 32 >= esp); Linux
        # dropped it in 4.20 and grows the stack there.
        'touch 4 KiB below esp: killed by SIGSEGV',
}


def tree_digest(root, extra):
    h = hashlib.sha256(extra.encode())
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for n in sorted(filenames):
            p = os.path.join(dirpath, n)
            st = os.lstat(p)
            h.update(f'{os.path.relpath(p, root)} {st.st_mode:o} {st.st_size}\n'.encode())
            if os.path.isfile(p) and not os.path.islink(p):
                with open(p, 'rb') as f:
                    h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()[:20]


def parse(text):
    """Returns (tests, summary_seen): tests as a list of
    (number, name, ok, directive, [output lines]) in order."""
    tests, pending, begun, summary = [], {}, False, None
    for raw in text.replace('\r', '').splitlines():
        line = raw.rstrip()
        if line == '# utest: begin':
            begun = True
            continue
        if not begun:
            continue
        m = re.match(DONE, line)
        if m:
            summary = line
            break
        m = RESULT.match(line)
        if m:
            name = m.group(3)
            tests.append((int(m.group(2)), name, m.group(1) == 'ok', m.group(4) or '',
                          pending.pop(name, [])))
            continue
        m = OUTPUT.match(line)
        if m:
            pending.setdefault(m.group(1), []).append(m.group(2))
    return tests, begun, summary


def linux_output(cache_dir, timeout, use_cache=True):
    vmlinuz = linux_oracle.fetch(cache_dir)
    key = tree_digest(USER_ROOT, f'{os.path.getsize(vmlinuz)} {linux_oracle.APPEND} {INIT} '
                                 f'{linux_oracle.DEV_NODES}')
    os.makedirs(CACHE, exist_ok=True)
    cached = os.path.join(CACHE, f'{key}.log')
    if use_cache and os.path.exists(cached):
        with open(cached, errors='replace') as f:
            return f.read(), False, True
    with tempfile.TemporaryDirectory(prefix='utest-linux-') as tmp:
        initrd = os.path.join(tmp, 'initrd.cpio')
        linux_oracle.make_cpio(USER_ROOT, initrd)
        log = os.path.join(CACHE, 'last-run.log')
        text, timed_out = linux_oracle.boot(vmlinuz, initrd, f'{linux_oracle.APPEND} rdinit={INIT}',
                                            log, timeout, done=DONE)
    tests, begun, summary = parse(text)
    if summary and not timed_out:
        with open(cached, 'w') as f:
            f.write(text)
    return text, timed_out, False


# The run is over when one of these shows (or the emulator exits).
STOP = re.compile(r'init exited with status \d+|nothing to run|Kernel panic|\bpanic\b|PANIC')


def rmapos_output(iso, emu, mem, timeout, log):
    """Boots ISO (QEMU or Bochs, as tests/ktest_run.py does); returns the
    serial text and the seconds it took. Stops early when the kernel says
    it has nothing to run, init exited, or it panicked."""
    sys.path.insert(0, os.path.join(ROOT, 'tests'))
    import ktest_run
    ns = argparse.Namespace(mem=mem, iso=iso, disk=None, icount=False, qemu_arg=None, bochs_cpu=None)
    if os.path.exists(log):
        os.unlink(log)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix='utest-rmapos-') as work:
        cmd = (ktest_run.qemu_command(ns, log) if emu == 'qemu'
               else ktest_run.bochs_command(ns, log, work))
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = started + timeout
        stop_seen = None
        while proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.3)
            if os.path.exists(log):
                with open(log, 'rb') as f:
                    if STOP.search(f.read().decode('utf-8', 'replace')):
                        stop_seen = stop_seen or time.monotonic()
            if stop_seen and time.monotonic() - stop_seen > 3:
                break
        if proc.poll() is None:
            os.killpg(proc.pid, 9)
            proc.wait()
    text = ''
    if os.path.exists(log):
        with open(log, 'rb') as f:
            text = f.read().decode('utf-8', 'replace').replace('\r', '')
    return text, time.monotonic() - started


def tail(text, n=30):
    return '\n'.join(f'    | {line}' for line in text.splitlines()[-n:])


def cmd_linux(args):
    text, timed_out, cached = linux_output(args.oracle_cache, args.timeout, not args.no_cache)
    tests, begun, summary = parse(text)
    passed = failed = 0
    for num, name, ok, directive, out in tests:
        print(f'{"ok" if ok else "not ok"} - linux-6.1: {name}{" # " + directive if directive else ""}')
        if not ok:
            for line in out:
                print(f'    # {line}')
        passed += ok
        failed += not ok
    if not begun or summary is None or timed_out:
        why = 'timed out' if timed_out else 'init did not start' if not begun else 'no summary line'
        print(f'not ok - linux-6.1: the run ({why})')
        print(tail(text))
        failed += 1
    print(f'# linux-6.1: {len(tests)} tests{" (cached result)" if cached else ""}')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


def cmd_compare(args):
    label = f'rmapos-{args.emu}'
    ltext, ltimed, _ = linux_output(args.oracle_cache, args.timeout, not args.no_cache)
    ltests, lbegun, lsummary = parse(ltext)
    if not lbegun or lsummary is None:
        print(f'not ok - {label}: no Linux reference output (the oracle run failed)')
        print(tail(ltext))
        print('0 passed, 1 failed')
        return 1
    log = args.log or os.path.join(ROOT, 'build', 'test', f'user-{label}.log')
    os.makedirs(os.path.dirname(log), exist_ok=True)
    if args.from_log:
        with open(args.from_log, 'rb') as f:
            text, elapsed = f.read().decode('utf-8', 'replace').replace('\r', ''), 0.0
        log = args.from_log
    else:
        text, elapsed = rmapos_output(args.iso, args.emu, args.mem, args.timeout, log)
    tests, begun, summary = parse(text)
    if not begun:
        m = re.search(r'init exited with status (\d+)', text)
        why = (f'init exited with status {m.group(1)} before its first line' if m
               else 'kernel did not start init')
        print(f'not ok - user suite on rmapos ({args.emu}): {why}')
        print(tail(text, 20))
        print(f'# {label}: {elapsed:.0f} s; the serial log is {os.path.relpath(log, ROOT)}')
        print('0 passed, 1 failed')
        return 1
    ours = {t[1]: t for t in tests}
    leaks = {}
    for line in text.splitlines():
        m = re.match(r'^# utest-leak: (.+?): (.*)$', line.rstrip())
        if m:
            leaks[m.group(1)] = m.group(2)
    only = set(args.only.split(',')) if args.only else None
    if args.only_list:
        with open(args.only_list) as f:
            only = {ln.split('#')[0].split()[0] for ln in f if ln.split('#')[0].strip()}
    passed = failed = 0
    for num, name, lok, ldir, lout in ltests:
        if only and name.split()[0] not in only:
            continue
        t = ours.get(name)
        if t is None:
            print(f'not ok - {label}: {name} # did not run (or did not finish)')
            failed += 1
            continue
        _, _, ok, directive, out = t
        problems = []
        if not ok:
            problems.append(f'failed on rmapos: {directive}')
        if name in leaks:
            problems.append(f'leaked (caches dropped, before vs after): {leaks[name]}')
        prog = name.split()[0]
        for i in range(max(len(lout), len(out))):
            a = lout[i] if i < len(lout) else '<no line>'
            b = out[i] if i < len(out) else '<no line>'
            if a == b or KNOWN_DIFFERENCES.get((prog, a)) == b:
                continue
            problems.append(f'line {i + 1} differs:\n      linux:  {a}\n      rmapos: {b}')
            if len(problems) >= 6:
                problems.append('(more differences not shown)')
                break
        if problems:
            print(f'not ok - {label}: {name}')
            for p in problems:
                print(f'    {p}')
            failed += 1
        else:
            print(f'ok - {label}: {name} (same output as Linux 6.1)')
            passed += 1
    m = re.search(r'init exited with status (\d+)', text)
    if summary is None:
        print(f'not ok - {label}: the run ended without the summary line')
        print(tail(text, 20))
        failed += 1
    elif not m:
        print(f'not ok - {label}: no "init exited with status N" line')
        failed += 1
    elif not only and m.group(1) != '0':
        print(f'not ok - {label}: init exited with status {m.group(1)}')
        failed += 1
    print(f'# {label}: {elapsed:.0f} s; the serial log is {os.path.relpath(log, ROOT)}')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


# What utest-init must print for tests/user/meta.list (every way a test
# can go wrong, reported by name).
META_EXPECTED = """\
1..6
# meta-misbehaves exit 3: about to exit 3
not ok 1 meta-misbehaves exit 3 # exit status 3
# meta-misbehaves segv: about to fault
not ok 2 meta-misbehaves segv # killed by signal 11
# meta-misbehaves hang: about to hang
not ok 3 meta-misbehaves hang # timeout after 3 s
# meta-misbehaves orphan: left a grandchild holding the pipe
ok 4 meta-misbehaves orphan
# meta-misbehaves partial: no newline at the end
ok 5 meta-misbehaves partial
# hello after: hello, world
# hello after: arg 1: after
ok 6 hello after
# utest: 3 passed, 3 failed""".splitlines()


def cmd_meta(args):
    """The runner's failure paths, on Linux: utest-init must report each
    misbehaving program as META_EXPECTED says and go on."""
    vmlinuz = linux_oracle.fetch(args.oracle_cache)
    with tempfile.TemporaryDirectory(prefix='utest-meta-') as tmp:
        initrd = os.path.join(tmp, 'initrd.cpio')
        linux_oracle.make_cpio(USER_ROOT, initrd)
        text, timed_out = linux_oracle.boot(vmlinuz, initrd,
                                            f'{linux_oracle.APPEND} rdinit=/bin/utest-meta',
                                            os.path.join(tmp, 'serial.log'), args.timeout, done=DONE)
    lines = text.replace('\r', '').splitlines()
    got = lines[lines.index('# utest: begin') + 1:] if '# utest: begin' in lines else []
    got = [ln for ln in got if not ln.startswith('[')][:len(META_EXPECTED)]
    passed = failed = 0
    for i, want in enumerate(META_EXPECTED):
        have = got[i] if i < len(got) else '<no line>'
        if have == want:
            passed += 1
        else:
            print(f'not ok - utest-init on Linux: line {i + 1}\n      want: {want}\n      have: {have}')
            failed += 1
    if not failed:
        print(f'ok - utest-init on Linux: exit status, signal, timeout, orphan holding the pipe, '
              f'partial line and the summary reported as expected ({passed} lines)')
    print(f'{1 if not failed else 0} passed, {1 if failed else 0} failed')
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--oracle-cache', default=linux_oracle.DEFAULT_CACHE)
    ap.add_argument('--timeout', type=float, default=300)
    ap.add_argument('--no-cache', action='store_true', help='boot Linux even if a result is cached')
    sub = ap.add_subparsers(dest='cmd', required=True)
    sub.add_parser('linux')
    sub.add_parser('meta')
    c = sub.add_parser('compare')
    c.add_argument('--iso', default=os.path.join(ROOT, 'build', 'user.iso'))
    c.add_argument('--emu', choices=['qemu', 'bochs'], default='qemu')
    c.add_argument('--mem', default='128M')
    c.add_argument('--log')
    c.add_argument('--only', help='compare only these programs (comma separated)')
    c.add_argument('--only-list', help='compare only the programs of this list file')
    c.add_argument('--from-log', help="compare this serial log of rmapos instead of booting")
    ap.add_argument('--build', action='store_true',
                    help='first make user (linux) or user-iso (compare); a failed build is one failure')
    args = ap.parse_args()
    if args.build:
        target = ('user' if args.cmd in ('linux', 'meta') else
                  'user-quick-iso' if 'user-quick' in args.iso else 'user-iso')
        r = subprocess.run(['make', '-s', '--no-print-directory', target], cwd=ROOT,
                           capture_output=True, text=True)
        if r.returncode:
            print((r.stdout + r.stderr)[-3000:])
            print(f'not ok - user suite: make {target} failed')
            print('0 passed, 1 failed')
            return 1
    if not os.path.isdir(USER_ROOT):
        print(f'not ok - user suite: {USER_ROOT} is missing (make user)')
        print('0 passed, 1 failed')
        return 1
    return {'linux': cmd_linux, 'meta': cmd_meta, 'compare': cmd_compare}[args.cmd](args)


if __name__ == '__main__':
    sys.exit(main())
