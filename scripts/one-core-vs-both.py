#!/usr/bin/env python3
"""How much a command gains from the second core, for one or more builds.

    python3 scripts/one-core-vs-both.py -n 21 BIN [BIN ...] -- ARG ...

Each round runs every BIN with ARG ... twice, on one core (bound to the
lowest processor this script may use, as `taskset -c 0` does) and on all of
them, the runs of a round in random order, so that a drift in the
machine's speed moves every command alike. Printed per BIN: the median wall
time on all cores and on one, and one core / all cores as the median of
the per-round ratios and as the ratio of the medians; then, for every BIN
after the first, its wall time over the first's, pair by pair (medians).
Output of the commands is discarded (issue #16: "≥ 1.7× from the second
core"; BENCHMARKS.md).
"""

import argparse
import os
import random
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import timing  # noqa: E402  (beside this script)


def wall(argv, cpus):
    """Wall seconds of one run of `argv`, bound to `cpus` when given."""
    return timing.run(argv, cpus=cpus).wall


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        usage="%(prog)s [-n ROUNDS] BIN [BIN ...] -- ARG ...",
    )
    parser.add_argument("-n", "--rounds", type=int, default=15)
    parser.add_argument("rest", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if "--" not in args.rest:
        parser.error("give the binaries, then -- and their arguments")
    split = args.rest.index("--")
    binaries, arguments = args.rest[:split], args.rest[split + 1 :]
    if not binaries:
        parser.error("no binary to run")
    one = timing.one_processor()
    if not one:
        sys.exit("this platform cannot bind a process to one processor")
    times = {b: {"all": [], "one": []} for b in binaries}
    for b in binaries:
        wall([b, *arguments], None)
    for _ in range(max(args.rounds, 1)):
        runs = [(b, mode) for b in binaries for mode in ("all", "one")]
        random.shuffle(runs)
        for b, mode in runs:
            times[b][mode].append(wall([b, *arguments], one if mode == "one" else None))
    for b in binaries:
        both, alone = times[b]["all"], times[b]["one"]
        per_round = statistics.median(o / a for o, a in zip(alone, both))
        of_medians = statistics.median(alone) / statistics.median(both)
        print(
            f"{b}: all cores {statistics.median(both) * 1000:.1f} ms, "
            f"one core {statistics.median(alone) * 1000:.1f} ms, "
            f"one / all {per_round:.3f} (per round), {of_medians:.3f} (of medians)"
        )
    first = binaries[0]
    for b in binaries[1:]:
        for mode in ("all", "one"):
            pairs = zip(times[first][mode], times[b][mode])
            ratio = statistics.median(later / earlier for earlier, later in pairs)
            print(f"{b} / {first}, {mode} cores: {ratio:.3f}")


if __name__ == "__main__":
    main()
