#!/usr/bin/env python3
"""The Linux oracle: Debian's Linux 6.1 i386 kernel, booted in the same QEMU
as ours, with a folder of user programs as its initramfs.

    linux_oracle.py [--cache DIR] fetch
        download linux-image-6.1.*-686-unsigned (the newest in Debian's
        bookworm lists for i386) with apt-get download into DIR (default
        ~/.cache/rmapos/linux-6.1), keep boot/vmlinuz and config, drop the
        rest. Does nothing when DIR/vmlinuz is there.
    linux_oracle.py [--cache DIR] modules NAME...
        the modules NAME (e.g. ata_piix sd_mod) and everything they depend
        on (their .modinfo depends=), copied from the same linux-image .deb
        into DIR/modules/ (only those, and DIR/modules/DEPENDS: every module's
        path and dependencies), printed in load order. The .deb is
        downloaded again when one is missing (fetch keeps only the kernel).
    linux_oracle.py [--cache DIR] run --root ROOT --init /bin/PROG [--log F]
            [--timeout S] [--icount] [--mem 128M] [--append ARGS]
        pack ROOT (bin/, lib/, etc/ ...) as a newc cpio with /dev/console,
        /dev/null, /proc, /tmp, boot it with rdinit=PROG, print the serial
        output (or keep it in F). The init's exit panics Linux; with
        panic=-1 and -no-reboot QEMU then exits.

The apt side uses its own state: -oAPT::Architecture=i386
-oAPT::Architectures=i386 -oDir::State::Lists=DIR/apt/lists
-oDir::Cache=DIR/apt/cache, so the host's apt configuration is untouched.
"""
import argparse
import glob
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time

DEFAULT_CACHE = os.path.join(os.path.expanduser('~'), '.cache', 'rmapos', 'linux-6.1')
APPEND = 'console=ttyS0 mitigations=off quiet panic=-1'


def apt_opts(cache):
    return ['-oAPT::Architecture=i386', '-oAPT::Architectures=i386',
            f'-oDir::State::Lists={cache}/apt/lists', f'-oDir::Cache={cache}/apt/cache',
            '-oDebug::NoLocking=1']


def fetch(cache):
    vmlinuz = os.path.join(cache, 'vmlinuz')
    if os.path.exists(vmlinuz):
        return vmlinuz
    for d in ('apt/lists/partial', 'apt/cache/archives/partial'):
        os.makedirs(os.path.join(cache, d), exist_ok=True)
    opts = apt_opts(cache)
    print(f'linux_oracle: fetching Linux 6.1 i386 into {cache}', file=sys.stderr)
    subprocess.run(['apt-get', *opts, '-qq', 'update'], check=True)
    out = subprocess.run(['apt-cache', *opts, 'search', r'^linux-image-6\.1\..*-686-unsigned$'],
                         check=True, capture_output=True, text=True).stdout
    names = sorted({line.split()[0] for line in out.splitlines() if line.strip()},
                   key=lambda n: [int(x) if x.isdigit() else x for x in re.split(r'(\d+)', n)])
    if not names:
        raise SystemExit('linux_oracle: no linux-image-6.1.*-686-unsigned in the i386 lists')
    name = names[-1]
    with tempfile.TemporaryDirectory(prefix='oracle-') as tmp:
        subprocess.run(['apt-get', *opts, '-qq', 'download', name], check=True, cwd=tmp)
        deb = glob.glob(os.path.join(tmp, '*.deb'))[0]
        subprocess.run(['dpkg', '-x', deb, os.path.join(tmp, 'x')], check=True)
        boot = os.path.join(tmp, 'x', 'boot')
        for f in os.listdir(boot):
            if f.startswith('config-'):
                shutil.copy(os.path.join(boot, f), os.path.join(cache, 'config'))
        kernel = glob.glob(os.path.join(boot, 'vmlinuz-*'))[0]
        shutil.copy(kernel, vmlinuz + '.new')
        os.rename(vmlinuz + '.new', vmlinuz)
        with open(os.path.join(cache, 'VERSION'), 'w') as f:
            f.write(os.path.basename(deb) + '\n')
    shutil.rmtree(os.path.join(cache, 'apt', 'cache'), ignore_errors=True)
    return vmlinuz


def _modinfo_depends(path):
    """The depends= list of a .ko's .modinfo section (names, '-' and '_' kept)."""
    with open(path, 'rb') as f:
        m = re.search(rb'(?:^|\0)depends=([^\0]*)\0', f.read())
    return [d for d in (m.group(1).decode().split(',') if m else []) if d]


def _load_order(table, names, where):
    """Modules NAMES and their dependencies, dependencies first (table: name -> (path, deps))."""
    norm = {k.replace('-', '_'): k for k in table}
    order, seen = [], set()

    def visit(name):
        key = norm.get(name.replace('-', '_'))
        if key is None:
            raise SystemExit(f'linux_oracle: no module {name} in {where}')
        if key not in seen:
            seen.add(key)
            for d in table[key][1]:
                visit(d)
            order.append(table[key][0])

    for n in names:
        visit(n)
    return order


def fetch_modules(cache, names):
    """Paths of the .ko files of NAMES and their dependencies, in load order,
    kept in CACHE/modules/ (only those: the whole tree is ~180 MiB)."""
    mdir = os.path.join(cache, 'modules')
    have = {}
    if os.path.exists(os.path.join(mdir, 'DEPENDS')):
        with open(os.path.join(mdir, 'DEPENDS')) as f:
            for line in f:
                parts = line.split()
                if parts:
                    have[parts[0]] = (parts[1], parts[2].split(',') if len(parts) > 2 else [])
    try:
        rel = _load_order(have, names, mdir)
        if all(os.path.exists(os.path.join(mdir, r)) for r in rel):
            return [os.path.join(mdir, r) for r in rel]
    except SystemExit:
        pass
    fetch(cache)
    with open(os.path.join(cache, 'VERSION')) as f:
        pkg = f.read().strip().split('_')[0]
    os.makedirs(os.path.join(cache, 'apt/cache/archives/partial'), exist_ok=True)
    print(f'linux_oracle: fetching modules of {pkg} into {mdir}', file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix='oracle-') as tmp:
        subprocess.run(['apt-get', *apt_opts(cache), '-qq', 'download', pkg], check=True,
                       cwd=tmp, stderr=subprocess.DEVNULL)
        deb = glob.glob(os.path.join(tmp, '*.deb'))[0]
        subprocess.run(['dpkg', '-x', deb, os.path.join(tmp, 'x')], check=True)
        tree = glob.glob(os.path.join(tmp, 'x', 'lib', 'modules', '*', 'kernel'))[0]
        table = {}
        for dirpath, _, files in os.walk(tree):
            for n in files:
                if n.endswith('.ko'):
                    full = os.path.join(dirpath, n)
                    table[n[:-3]] = (os.path.relpath(full, tree), _modinfo_depends(full))
        kept = [n for n, (r, _) in have.items() if os.path.exists(os.path.join(mdir, r))]
        keep = set(_load_order(table, list(names) + [n for n in kept if n in table], tree))
        new = mdir + '.new'
        shutil.rmtree(new, ignore_errors=True)
        for r in keep:
            os.makedirs(os.path.dirname(os.path.join(new, r)), exist_ok=True)
            shutil.copy(os.path.join(tree, r), os.path.join(new, r))
        with open(os.path.join(new, 'DEPENDS'), 'w') as f:
            for n in sorted(table):
                f.write(f'{n} {table[n][0]} {",".join(table[n][1])}\n')
    shutil.rmtree(mdir, ignore_errors=True)
    os.rename(new, mdir)
    shutil.rmtree(os.path.join(cache, 'apt', 'cache'), ignore_errors=True)
    return [os.path.join(mdir, r) for r in _load_order(table, names, mdir)]


# ---- newc cpio ----
def _cpio_entry(out, name, mode, data=b'', rdev=(0, 0), ino=[1000]):
    ino[0] += 1
    name_b = name.encode() + b'\0'
    hdr = '070701' + ''.join(f'{v:08X}' for v in (
        ino[0], mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(name_b), 0))
    out.write(hdr.encode())
    out.write(name_b)
    out.write(b'\0' * ((4 - (110 + len(name_b)) % 4) % 4))
    out.write(data)
    out.write(b'\0' * ((4 - len(data) % 4) % 4))


DEV_NODES = [('console', 0o600, (5, 1)), ('null', 0o666, (1, 3)), ('zero', 0o666, (1, 5)),
             ('full', 0o666, (1, 7)), ('random', 0o666, (1, 8)), ('urandom', 0o666, (1, 9)),
             ('tty', 0o666, (5, 0)), ('ttyS0', 0o600, (4, 64))]


def make_cpio(root, path):
    """All of ROOT, plus the few nodes a Linux init needs."""
    with open(path, 'wb') as out:
        seen = set()
        for d in ('dev', 'proc', 'sys', 'tmp', 'root'):
            _cpio_entry(out, d, stat.S_IFDIR | 0o755)
            seen.add(d)
        # The character nodes rmapos's devtmpfs serves, with devtmpfs's modes.
        for name, mode, rdev in DEV_NODES:
            _cpio_entry(out, 'dev/' + name, stat.S_IFCHR | mode, rdev=rdev)
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            rel = os.path.relpath(dirpath, root)
            for n in dirnames:
                r = os.path.normpath(os.path.join(rel, n))
                if r not in seen:
                    _cpio_entry(out, r, stat.S_IFDIR | (os.stat(os.path.join(dirpath, n)).st_mode & 0o7777))
            for n in sorted(filenames):
                full = os.path.join(dirpath, n)
                r = os.path.normpath(os.path.join(rel, n))
                st = os.lstat(full)
                if stat.S_ISLNK(st.st_mode):
                    _cpio_entry(out, r, stat.S_IFLNK | 0o777, os.readlink(full).encode())
                elif stat.S_ISREG(st.st_mode):
                    with open(full, 'rb') as f:
                        _cpio_entry(out, r, stat.S_IFREG | (st.st_mode & 0o7777), f.read())
        _cpio_entry(out, 'TRAILER!!!', 0)


def boot(vmlinuz, initrd, append, log, timeout, mem='128M', icount=False, done=None):
    """Boots Linux; returns (serial text, timed_out)."""
    cmd = ['qemu-system-i386', '-m', mem, '-kernel', vmlinuz, '-initrd', initrd,
           '-append', append, '-serial', f'file:{log}', '-display', 'none', '-no-reboot',
           '-monitor', 'none']
    if icount:
        cmd += ['-icount', 'shift=0']
    if os.path.exists(log):
        os.unlink(log)
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + timeout
    timed_out = False
    while proc.poll() is None:
        if time.monotonic() > deadline:
            timed_out = True
            break
        if done and os.path.exists(log):
            with open(log, 'rb') as f:
                if re.search(done.encode(), f.read()):
                    time.sleep(0.5)
                    break
        time.sleep(0.2)
    if proc.poll() is None:
        os.killpg(proc.pid, 9)
        proc.wait()
    text = ''
    if os.path.exists(log):
        with open(log, 'rb') as f:
            text = f.read().decode('utf-8', 'replace').replace('\r', '')
    return text, timed_out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--cache', default=DEFAULT_CACHE)
    sub = ap.add_subparsers(dest='cmd', required=True)
    sub.add_parser('fetch')
    mo = sub.add_parser('modules')
    mo.add_argument('names', nargs='+')
    r = sub.add_parser('run')
    r.add_argument('--root', required=True)
    r.add_argument('--init', required=True)
    r.add_argument('--log')
    r.add_argument('--timeout', type=float, default=600)
    r.add_argument('--mem', default='128M')
    r.add_argument('--icount', action='store_true')
    r.add_argument('--append', default='')
    r.add_argument('--done', default=None, help='stop when the serial log matches this regex')
    args = ap.parse_args()
    vmlinuz = fetch(args.cache)
    if args.cmd == 'fetch':
        print(vmlinuz)
        return 0
    if args.cmd == 'modules':
        print('\n'.join(fetch_modules(args.cache, args.names)))
        return 0
    with tempfile.TemporaryDirectory(prefix='oracle-') as tmp:
        initrd = os.path.join(tmp, 'initrd.cpio')
        make_cpio(args.root, initrd)
        log = args.log or os.path.join(tmp, 'serial.log')
        text, timed_out = boot(vmlinuz, initrd, f'{APPEND} rdinit={args.init} {args.append}'.strip(),
                               log, args.timeout, args.mem, args.icount, args.done)
        if not args.log:
            sys.stdout.write(text)
        if timed_out:
            print(f'linux_oracle: timed out after {args.timeout:.0f} s', file=sys.stderr)
            return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
