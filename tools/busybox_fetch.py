#!/usr/bin/env python3
"""Debian's i386 busybox-static, fetched once with apt-get download and cached.

    busybox_fetch.py [--cache DIR]
        make sure DIR/busybox (default ~/.cache/rmapos/busybox) holds the
        busybox binary of Debian bookworm's busybox-static for i386, and
        print its path. The package is fetched with the same private apt
        state as the Linux oracle (tools/linux_oracle.py: -oAPT::Architecture=i386
        -oAPT::Architectures=i386, lists under the oracle's cache, reused
        when they are there), unpacked with dpkg -x, and only bin/busybox
        and the package's name (DIR/VERSION) are kept. Nothing is built.
"""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import linux_oracle  # noqa: E402  (apt_opts, DEFAULT_CACHE)

DEFAULT_CACHE = os.path.join(os.path.expanduser('~'), '.cache', 'rmapos', 'busybox')
PACKAGE = 'busybox-static'


def fetch(cache, apt_cache):
    binary = os.path.join(cache, 'busybox')
    if os.path.exists(binary):
        return binary
    os.makedirs(cache, exist_ok=True)
    for d in ('apt/lists/partial', 'apt/cache/archives/partial'):
        os.makedirs(os.path.join(apt_cache, d), exist_ok=True)
    opts = linux_oracle.apt_opts(apt_cache)
    lists = glob.glob(os.path.join(apt_cache, 'apt', 'lists', '*_Packages*'))
    if not lists:
        print(f'busybox_fetch: apt lists for i386 into {apt_cache}', file=sys.stderr)
        subprocess.run(['apt-get', *opts, '-qq', 'update'], check=True)
    print(f'busybox_fetch: fetching {PACKAGE} (i386) into {cache}', file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix='busybox-') as tmp:
        r = subprocess.run(['apt-get', *opts, '-qq', 'download', PACKAGE], cwd=tmp,
                           capture_output=True, text=True)
        if r.returncode:
            # stale lists name a version the mirror dropped: refresh once
            subprocess.run(['apt-get', *opts, '-qq', 'update'], check=True)
            subprocess.run(['apt-get', *opts, '-qq', 'download', PACKAGE], cwd=tmp, check=True)
        deb = glob.glob(os.path.join(tmp, '*.deb'))[0]
        subprocess.run(['dpkg', '-x', deb, os.path.join(tmp, 'x')], check=True)
        shutil.copy(os.path.join(tmp, 'x', 'bin', 'busybox'), binary + '.new')
        os.chmod(binary + '.new', 0o755)
        os.rename(binary + '.new', binary)
        with open(os.path.join(cache, 'VERSION'), 'w') as f:
            f.write(os.path.basename(deb) + '\n')
    shutil.rmtree(os.path.join(apt_cache, 'apt', 'cache'), ignore_errors=True)
    return binary


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--cache', default=DEFAULT_CACHE)
    ap.add_argument('--apt-cache', default=linux_oracle.DEFAULT_CACHE,
                    help='where the private apt lists live (the oracle\'s cache)')
    args = ap.parse_args()
    print(fetch(args.cache, args.apt_cache))
    return 0


if __name__ == '__main__':
    sys.exit(main())
