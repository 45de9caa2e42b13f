#!/usr/bin/env python3
"""Times two whole commands in turn and prints their ratio, pair by pair.

    python3 scripts/compare.py -n 15 --vs 'B ARG ...' -- A ARG ...

A and B run alternately (A B A B ...) after one warm-up run each, so that a
drift in the machine's speed moves both; each figure is printed as min,
median and max, and the ratios A/B are taken pair by pair (quote the
medians). A run is the whole process, start-up included: wall seconds from
just before the start to just after the child is reaped, user and system
seconds and peak RSS as the kernel accounts them for the child (`wait4`;
a child's peak counts this script's own memory at the fork, so a peak at
the printed floor means "at most that").
What the commands print is discarded (written to /dev/null, as hyperfine
does): a reader of a pipe would take CPU time on the cores the commands run
on. `taskset -c 0 CMD` as B and `taskset -c 0,1 CMD` as A measure a command
on one core against both (each side started the same way: `taskset` adds
about a millisecond to a run; BENCHMARKS.md, "the second core").

Commands are split as a shell splits words, and run without a shell.
"""

import argparse
import os
import resource
import shlex
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import timing  # noqa: E402  (beside this script)


def run(argv):
    """(wall s, user s, system s, peak MiB) of one run of `argv`."""
    measured = timing.run(argv)
    return measured.wall, measured.user, measured.system, measured.peak_mib


def ratio(a, b):
    """a / b, or NaN when b is zero (a command too quick to be counted)."""
    return a / b if b else float("nan")


def spread(values, digits=3):
    """min, median and max, aligned."""
    low, middle, high = min(values), statistics.median(values), max(values)
    return f"{low:11.{digits}f} {middle:11.{digits}f} {high:11.{digits}f}"


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        usage="%(prog)s [-n RUNS] [--vs 'COMMAND_B'] -- COMMAND_A [ARG ...]",
    )
    parser.add_argument("-n", "--runs", type=int, default=11)
    parser.add_argument("--vs", help="the second command (B), one string")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command_a = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command_a:
        parser.error("no command to time")
    commands = [("A", command_a)]
    if args.vs:
        commands.append(("B", shlex.split(args.vs)))

    for _, argv in commands:
        run(argv)
    runs = {name: [] for name, _ in commands}
    for _ in range(max(args.runs, 1)):
        for name, argv in commands:
            runs[name].append(run(argv))

    floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak floor (this script's own) about {floor:.1f} MiB")
    print(f"{'':14}{'min':>11} {'median':>11} {'max':>11}")
    for name, _ in commands:
        measured = runs[name]
        wall, user, system, peak = zip(*measured)
        cpu = [u + s for u, s in zip(user, system)]
        print(f"{name} user s      {spread(user)}")
        print(f"{name} sys s       {spread(system)}")
        print(f"{name} cpu s       {spread(cpu)}")
        print(f"{name} wall s      {spread(wall)}")
        print(f"{name} peak MiB    {spread(peak, 1)}")
    if args.vs:
        pairs = list(zip(runs["A"], runs["B"]))
        for label, index in (("user", 1), ("wall", 0)):
            print(f"A/B {label:9} {spread([ratio(a[index], b[index]) for a, b in pairs], 4)}")
        cpu = [ratio(a[1] + a[2], b[1] + b[2]) for a, b in pairs]
        print(f"A/B cpu       {spread(cpu, 4)}")


if __name__ == "__main__":
    main()
