#!/usr/bin/env python3
"""The test runner's failure paths work: a failing test fails the run and is
named, a test that faults or hits BUG() is reported and the run goes on, a
hung kernel is stopped by the timeout, and an unknown suite name is an error;
under QEMU -cpu max a stray kernel access to a user page (SMAP) and a kernel
jump into one (SMEP) are each reported as the oops of the test that made it;
a kernel stack overflow is reported by name through the double-fault task.

Usage: meta_check.py BUILD_TEST_DIR (holds meta_*.iso built by run_all.py).
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RUN = [sys.executable, os.path.join(HERE, 'ktest_run.py')]
results = []


def check(name, cond, detail=''):
    results.append(cond)
    print(f'{"ok" if cond else "not ok"} - meta: {name}')
    if not cond and detail:
        for line in detail.splitlines()[-25:]:
            print(f'    | {line}')


def run(iso, timeout, extra=()):
    p = subprocess.run(RUN + ['--iso', iso, '--mem', '32M', '--timeout', str(timeout),
                              '--label', 'meta'] + list(extra), capture_output=True, text=True)
    return p.returncode, p.stdout


def run_with_log(iso, timeout, extra=()):
    """run(), plus the whole serial log (the runner shows only its end)."""
    log = iso[:-len('.iso')] + '.log'
    rc, out = run(iso, timeout, list(extra) + ['--log', log])
    try:
        with open(log, errors='replace') as f:
            return rc, out, f.read().replace('\r', '')
    except OSError:
        return rc, out, ''


def in_order(text, *needles):
    """Each needle occurs in text, each after the one before it."""
    at = 0
    for n in needles:
        at = text.find(n, at)
        if at < 0:
            return False
        at += len(n)
    return True


def main():
    d = sys.argv[1]
    rc, out = run(os.path.join(d, 'meta_failures.iso'), 120)
    check('a failing run exits non-zero', rc != 0, out)
    check('the failed expectation is named',
          'not ok - meta: meta_failures.deliberate_expectation_failure' in out, out)
    check('the expectation shows file, line and values',
          'meta_test.c' in out and '(2 vs 3)' in out, out)
    check('a null dereference is reported as a page fault and the test fails',
          'not ok - meta: meta_failures.deliberate_null_dereference' in out
          and 'page fault' in out, out)
    check('BUG() fails only its test',
          'not ok - meta: meta_failures.deliberate_bug' in out, out)
    check('tests after the crashes still run',
          'ok - meta: meta_failures.runs_after_the_crashes' in out
          and 'ok - meta: meta_failures.this_test_passes' in out, out)
    check('the leak check catches the page a test kept',
          'not ok - meta: meta_failures.frees_what_it_allocates' in out
          and 'ok - meta: meta_failures.deliberately_leaks_a_page' in out, out)
    check('the run counts 4 passed, 4 failed (vm_invariants_hold passes)',
          '4 passed, 4 failed' in out, out)

    # SMEP and SMAP (QEMU -cpu max): a stray kernel read of a user page and
    # a kernel jump into one are each that test's oops, named; the run goes on.
    rc, out, log = run_with_log(os.path.join(d, 'meta_smap.iso'), 60,
                                ['--qemu-arg=-cpu', '--qemu-arg=max'])
    check('a stray kernel read of a user page is named (SMAP) and is its test\'s oops',
          in_order(log, '# Subtest: meta_smap',
                   'kernel access to user address 40000000 outside the copy helpers (SMAP)',
                   'Oops: page fault (vector 14)', 'ktest_fn_meta_smap_stray_read_of_a_user_page',
                   'test aborted: page fault', 'not ok 1 stray_read_of_a_user_page')
          and 'not ok - meta: meta_smap.stray_read_of_a_user_page' in out, out)
    check('a kernel jump into a user page is named (SMEP) and is its test\'s oops',
          in_order(log, 'not ok 1 stray_read_of_a_user_page',
                   'kernel instruction fetch from user address 40000000 (SMEP)',
                   'Oops: page fault (vector 14)', 'on instruction fetch from kernel mode',
                   'test aborted: page fault', 'not ok 2 jump_to_a_user_page')
          and 'not ok - meta: meta_smap.jump_to_a_user_page' in out, out)
    check('after both oopses the copy helpers work, nothing leaked, the checker clean',
          'ok - meta: meta_smap.copy_helpers_still_work' in out
          and 'ok - meta: meta_smap.frees_what_it_allocates' in out
          and 'ok - meta: meta_smap.vm_invariants_hold' in out and '3 passed, 2 failed' in out,
          out)

    # Kernel stack overflow: the guard page under the stack makes it a double
    # fault, taken on the double-fault task's own stack, reported by name;
    # the test fails, the run goes on (twice in one boot).
    rc, out, log = run_with_log(os.path.join(d, 'meta_kstack.iso'), 60)
    check('a kernel stack overflow is reported by name, with the oops, as its test\'s failure',
          in_order(log, '# Subtest: meta_kstack', 'kernel stack overflow in task ktest (pid ',
                   'in the guard page below it', 'Oops: double fault (vector 8)', 'recurse+',
                   'Kernel panic: kernel stack overflow in task ktest',
                   'not ok 1 deliberate_stack_overflow', 'ok 2 runs_after_the_overflow')
          and 'not ok - meta: meta_kstack.deliberate_stack_overflow' in out, out)
    check('a second overflow in the same boot is caught the same way, and the run goes on',
          in_order(log, 'ok 2 runs_after_the_overflow', 'kernel stack overflow in task ktest',
                   'Oops: double fault (vector 8)', 'not ok 3 a_second_overflow_is_caught_too',
                   'ok 4 runs_after_the_second_overflow')
          and 'ok - meta: meta_kstack.frees_what_it_allocates' in out
          and 'ok - meta: meta_kstack.vm_invariants_hold' in out
          and '4 passed, 2 failed' in out, out)

    # Bochs models the hardware task switch on its own: the same there.
    rc, out, log = run_with_log(os.path.join(d, 'meta_kstack.iso'), 300, ['--emu', 'bochs'])
    check('in Bochs too: both overflows reported through the double-fault task, the run goes on',
          in_order(log, '# Subtest: meta_kstack', 'kernel stack overflow in task ktest (pid ',
                   'Oops: double fault (vector 8)', 'not ok 1 deliberate_stack_overflow',
                   'ok 2 runs_after_the_overflow', 'kernel stack overflow in task ktest (pid ',
                   'not ok 3 a_second_overflow_is_caught_too',
                   'ok 4 runs_after_the_second_overflow')
          and '4 passed, 2 failed' in out, out)

    rc, out = run(os.path.join(d, 'meta_hang.iso'), 15)
    check('a hung kernel is stopped by the timeout', rc != 0 and 'timed out' in out, out)

    rc, out = run(os.path.join(d, 'meta_unknown.iso'), 60)
    check('an unknown suite name fails the run', rc != 0 and "no suite named 'no_such_suite'"
          in out, out)

    passed = sum(results)
    print(f'{passed} passed, {len(results) - passed} failed')
    return 0 if passed == len(results) else 1


if __name__ == '__main__':
    sys.exit(main())
