#!/usr/bin/env python3
"""A person at the serial console: `make run` on a pseudo-terminal.

    tty_session.py [--timeout S] [--log FILE]

Starts `make run` (QEMU with the serial line on this program's pty, as a
person's terminal would be), waits for busybox sh's prompt, then types
commands key by key with short pauses and checks what comes back: echo
and line editing (DEL erases), a pipeline, redirection into a file and
cat back, `ls -l /`, a test program in the foreground and in the
background (/bin/ttyinfo reads the terminal's foreground group), ^C
stopping `yes | tail`, ^Z stopping `sleep` and `fg` bringing it back, ^D
ending cat's input, `stty` reading the termios, and `poweroff` ending
QEMU. One `ok` / `not ok` line per check, then `N passed, N failed`.
"""
import argparse
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROMPT = 'root@rmapos:~# '


class Session:
    def __init__(self, log):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(['make', '-s', '--no-print-directory', 'run'], cwd=ROOT,
                                     stdin=slave, stdout=slave, stderr=slave,
                                     start_new_session=True)
        os.close(slave)
        self.text = ''   # everything seen, CRs removed
        self.mark = 0    # where the current command's output starts
        self.log = open(log, 'w') if log else None

    def pump(self, seconds):
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            r, _, _ = select.select([self.master], [], [], left)
            if not r:
                return
            try:
                data = os.read(self.master, 4096)
            except OSError:
                return
            if not data:
                return
            s = data.decode('utf-8', 'replace').replace('\r', '')
            self.text += s
            if self.log:
                self.log.write(s)
                self.log.flush()

    def wait_for(self, pattern, timeout):
        end = time.monotonic() + timeout
        rx = re.compile(pattern, re.M)
        while time.monotonic() < end:
            m = rx.search(self.text, self.mark)
            if m:
                return m
            self.pump(0.2)
        return None

    def type(self, keys, pause=0.02):
        self.mark = len(self.text)
        for ch in keys:
            os.write(self.master, ch.encode())
            time.sleep(pause)
            self.pump(0)

    def since_mark(self):
        return self.text[self.mark:]

    def close(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        os.close(self.master)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--timeout', type=float, default=120, help='seconds to wait for the first prompt')
    ap.add_argument('--log', default=os.path.join(ROOT, 'build', 'test', 'tty-session.log'))
    args = ap.parse_args()
    os.makedirs(os.path.dirname(args.log), exist_ok=True)
    # build first, so the session's output is only the machine's
    b = subprocess.run(['make', '-s', '--no-print-directory', 'run-iso'], cwd=ROOT,
                       capture_output=True, text=True)
    if b.returncode:
        print(b.stdout[-2000:] + b.stderr[-2000:])
        print('not ok - tty session: make run-iso failed')
        print('0 passed, 1 failed')
        return 1

    results = []

    def check(name, ok, detail=''):
        results.append(ok)
        print(f'{"ok" if ok else "not ok"} - tty session: {name}' +
              ('' if ok else f'\n#   saw: {detail!r}'), flush=True)

    s = Session(args.log)
    try:
        check('busybox sh prompt after boot', s.wait_for(re.escape(PROMPT), args.timeout) is not None,
              s.text[-400:])

        def cmd(line, expect, name, timeout=10):
            s.type(line + '\r')
            m = s.wait_for(expect, timeout)
            ok = m is not None and s.wait_for(re.escape(PROMPT), timeout) is not None
            check(name, ok, s.since_mark()[-300:])

        # sh edits its own line (raw mode): DEL still erases
        cmd('echo abX\x7fc', r'^abc$', 'sh line editing: DEL erases')
        cmd('echo hello $((6 * 7))', r'^hello 42$', 'echo with arithmetic')
        cmd('echo one two three | wc -w', r'^3$', 'a pipeline')
        cmd('echo saved text > /tmp/note; cat /tmp/note', r'^saved text$', 'redirection into a file, cat back')
        cmd('ls -l /', r'^drwx\S+\s+\d+ root\s+root\s+\d+ .* sbin$', 'ls -l /')
        cmd('ttyinfo', r'^ttyinfo: foreground$', 'a test program in the foreground group')
        cmd('ttyinfo & wait', r'^ttyinfo: background$', 'the same program in the background')
        cmd('stty -a | head -1', r'speed 38400 baud; .*rows 24; columns 80', 'stty reads termios and winsize')

        # ^C stops a pipeline that would run forever
        s.type('yes | tail -n 1\r')
        time.sleep(1.5)
        s.pump(0.2)
        s.type('\x03')
        ok = s.wait_for(re.escape(PROMPT), 10) is not None
        check('^C stops `yes | tail -n 1`', ok, s.since_mark()[-200:])
        cmd('echo status $?', r'^status 130$', 'the interrupted pipeline exited by SIGINT')

        # ^Z stops a job, fg resumes it, ^C ends it
        s.type('sleep 30\r')
        time.sleep(0.7)
        s.type('\x1a')
        ok = s.wait_for(r'Stopped\s+sleep 30', 10) is not None and s.wait_for(re.escape(PROMPT), 5)
        check('^Z stops `sleep 30`', bool(ok), s.since_mark()[-200:])
        s.type('fg\r')
        ok = s.wait_for(r'^sleep 30$', 5) is not None
        time.sleep(0.5)
        s.type('\x03')
        ok = ok and s.wait_for(re.escape(PROMPT), 10) is not None
        check('fg resumes it and ^C ends it', ok, s.since_mark()[-200:])

        # cat reads in canonical mode: the kernel's line discipline edits and echoes
        s.type('cat\r')
        time.sleep(0.3)
        s.type('typed linX\x7fe\r')
        ok = s.wait_for(r'^typed linX\x08 \x08e\ntyped line$', 5) is not None
        check('canonical mode: echo, DEL rubs out, the line reaches cat', ok, s.since_mark()[-200:])
        s.type('one two\x17three\x15four\r')
        ok = s.wait_for(r'^four$', 5) is not None  # only cat's output line is exactly this
        check('canonical mode: ^W and ^U erase a word and the line', ok, s.since_mark()[-200:])
        s.type('\x04')
        ok = s.wait_for(re.escape(PROMPT), 5) is not None
        check('^D ends cat\'s input', ok, s.since_mark()[-200:])

        # the kernel log through syslog(2): busybox dmesg strips "<level>", keeps the time
        cmd('dmesg | tail -3', r'^\[\s*\d+\.\d{6}\] \S.*$', 'dmesg | tail -3 shows kernel lines')
        cmd('dmesg -c >/dev/null; dmesg | wc -l', r'^0$', 'dmesg -c clears the log')
        cmd('dmesg -n 1 && dmesg -n 7 && echo levels set', r'^levels set$', 'dmesg -n sets the console level')
        cmd('readlink /proc/$$/fd/0; echo x | readlink /proc/self/fd/0',
            r'^/dev/(console|ttyS0)\npipe:\[\d+\]$', "/proc/<pid>/fd: the shell's tty, a pipe")

        s.type('poweroff\r')
        ok = s.wait_for(r'reboot: Power down', 30) is not None
        end = time.monotonic() + 20
        while ok and s.proc.poll() is None and time.monotonic() < end:
            s.pump(0.2)
        check('poweroff powers the emulator off', ok and s.proc.poll() is not None, s.text[-300:])
    finally:
        s.close()
    passed = sum(1 for r in results if r)
    print(f'{passed} passed, {len(results) - passed} failed')
    return 0 if passed == len(results) else 1


if __name__ == '__main__':
    sys.exit(main())
