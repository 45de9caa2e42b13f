#!/usr/bin/env python3
"""Quick benchmarks of `journey` against ruff, measured in the same run.

Generates a directory of small journeys and a directory of Python files of
about the same total size, and one large journey and one Python file of about
the same size, then times (best of RUNS, interleaved so that both sides see
the same load):

- dir_vs_ruff: `journey check DIR` / `ruff check --select E,F DIR` (wall time);
- dir_threads: `journey check DIR` on one core / on both cores (the speed-up
  from the second core; one core is the process bound to the first processor
  it may use, where the platform allows, else RAYON_NUM_THREADS=1, which
  leaves the threads that walk, order and render free to use a second core);
- dir_rss_mb: peak resident memory of `journey check DIR`, in MB;
- fmt_vs_ruff: `journey fmt --check FILE` / `ruff format --check FILE.py`;
- compile_vs_check: `journey compile FILE` / `journey check FILE`.

Ratios to a peer measured in the same run hold on a noisy machine where
absolute times do not. With --reference FILE (JSON of the same keys, the
figures recorded in BENCHMARKS.md) it fails when a figure is more than
--slack (default 2) times worse than its reference: a ratio or memory
above reference × slack, a speed-up below reference / slack.

    python3 scripts/quick-bench.py --journey target/release/journey \\
        --ruff target/ci-venv/bin/ruff [--files 2000] [--lines 20000] \\
        [--runs 5] [--reference crates/journey-cli/benches/quick-reference.json]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import timing  # noqa: E402  (beside this script)

# Figures where bigger is better; all others are costs.
HIGHER_IS_BETTER = {"dir_threads"}


def small_journey(i):
    """A 13-line journey with one error (an emotion out of the scale)."""
    return (
        f'team ops{i} "Ops"\n'
        f'persona p{i} "T" {{ data email }}\n'
        f'journey j{i} "J" {{\n'
        '    goal "g"\n'
        f"    owner ops{i}\n"
        f"    for p{i}\n"
        '    stage s1 "D" {\n'
        f'        touchpoint t1 "A" {{ channel email emotion {i % 5 + 1} }}\n'
        "    }\n"
        '    stage s2 "B" {\n'
        '        touchpoint t2 "P" { channel web emotion 9 }\n'
        "    }\n"
        "}\n"
    )


def small_python(i):
    """A 16-line Python module with two findings (an unused import and an
    unused local), about the size of `small_journey`."""
    return (
        "import os\n\n\n"
        f"def journey_{i}(persona, stages):\n"
        f'    """Ops {i}."""\n'
        "    total = 0\n"
        "    for stage in stages:\n"
        "        if stage.emotion < 0:\n"
        "            total += stage.emotion\n"
        "    unused = persona\n"
        f'    return {{"owner": "ops{i}", "total": total}}\n\n\n'
        f"class Team{i}:\n"
        '    name = "Ops"\n'
    )


def canonical_journey(i):
    """A 27-line valid journey in the canonical style (`journey fmt` leaves
    it as it is), with varied emotions."""
    return (
        f'team ops{i} "Ops"\n\n'
        f'persona p{i} "T" {{\n    data email\n}}\n\n'
        f'journey j{i} "J" {{\n'
        '    goal "g"\n'
        f"    owner ops{i}\n"
        f"    for p{i}\n"
        '    stage s1 "D" {\n'
        '        touchpoint t1 "A" {\n'
        "            channel email\n"
        f"            emotion {i % 5 + 1}\n"
        "        }\n"
        "    }\n\n"
        '    stage s2 "B" {\n'
        '        touchpoint t2 "P" {\n'
        "            channel web\n"
        f"            emotion {(i * 3) % 5 + 1}\n"
        "        }\n"
        "    }\n"
        "}\n"
    )


def large_journey(lines):
    """One valid journey file of about `lines` lines."""
    parts = []
    count = 0
    while count < lines:
        parts.append(canonical_journey(len(parts)))
        count += parts[-1].count("\n") + 1
    return "\n".join(parts)


def large_python(size):
    parts = []
    total = 0
    i = 0
    while total < size:
        text = small_python(i).replace("import os\n\n\n", "" if i else "import os\n\n\n")
        parts.append(text)
        total += len(text)
        i += 1
    return "\n\n".join(parts)


def write_tree(root, count, make, suffix):
    total = 0
    for i in range(count):
        folder = os.path.join(root, f"d{i // 500:02d}")
        os.makedirs(folder, exist_ok=True)
        text = make(i)
        total += len(text.encode())
        with open(os.path.join(folder, f"m{i:05d}{suffix}"), "w") as out:
            out.write(text)
    return total


def one_core():
    """How to run a process on one core: (environment, processors to bind it
    to), and what that is called in the report."""
    cpus = timing.one_processor()
    if cpus:
        return None, cpus, "one core"
    return dict(os.environ, RAYON_NUM_THREADS="1"), None, "RAYON_NUM_THREADS=1"


def run(argv, env=None, cpus=None):
    """Wall seconds, CPU seconds and peak RSS (MB) of one process, bound to
    `cpus` when given."""
    measured = timing.run(argv, env, cpus)
    if measured.status not in (0, 1):
        sys.exit(f"`{' '.join(argv)}` failed with exit status {measured.status}")
    return measured.wall, measured.cpu, measured.peak_mib


def best(commands, runs):
    """Best wall time (and the peak RSS of that run) of each command, the
    commands interleaved run by run."""
    results = [None] * len(commands)
    for _ in range(runs):
        for n, command in enumerate(commands):
            measured = run(*command)
            if results[n] is None or measured[0] < results[n][0]:
                results[n] = measured
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journey", required=True)
    parser.add_argument("--ruff", required=True)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--lines", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reference")
    parser.add_argument("--slack", type=float, default=2.0)
    args = parser.parse_args()

    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        journeys = os.path.join(tmp, "journeys")
        python = os.path.join(tmp, "python")
        j_size = write_tree(journeys, args.files, small_journey, ".journey")
        p_size = write_tree(python, args.files, small_python, ".py")
        one_env, one_cpu, one_name = one_core()
        check_dir = [args.journey, "check", "--format", "json", journeys]
        (jw, jc, jm), (j1w, _, _), (rw, rc, rm) = best(
            [
                (check_dir, None),
                (check_dir, one_env, one_cpu),
                ([args.ruff, "check", "--no-cache", "--select", "E,F", python], None),
            ],
            args.runs,
        )
        print(f"directory: {args.files} journeys ({j_size} bytes), {args.files} Python files ({p_size} bytes)")
        print(f"  journey check      {jw * 1000:8.1f} ms wall  {jc * 1000:8.1f} ms CPU  {jm:6.1f} MB")
        print(f"  journey check (1)  {j1w * 1000:8.1f} ms wall ({one_name})")
        print(f"  ruff check E,F     {rw * 1000:8.1f} ms wall  {rc * 1000:8.1f} ms CPU  {rm:6.1f} MB")
        figures["dir_vs_ruff"] = jw / rw
        figures["dir_threads"] = j1w / jw
        figures["dir_rss_mb"] = jm

        big = os.path.join(tmp, "big.journey")
        with open(big, "w") as out:
            out.write(large_journey(args.lines))
        # Both sides check an already formatted file: the generator writes
        # the canonical style, and a change of style must not go unnoticed
        # (an unformatted file would time the listing, not the check).
        if subprocess.run([args.journey, "fmt", "--check", big], stdout=subprocess.DEVNULL).returncode:
            sys.exit("the generated journey is not in the canonical style: update canonical_journey()")
        size = os.path.getsize(big)
        big_py = os.path.join(tmp, "big.py")
        with open(big_py, "w") as out:
            out.write(large_python(size))
        subprocess.run([args.ruff, "format", "--no-cache", "-q", big_py], check=True)
        (fw, _, _), (rfw, _, _), (cw, _, _), (kw, _, km) = best(
            [
                ([args.journey, "fmt", "--check", big], None),
                ([args.ruff, "format", "--no-cache", "--check", big_py], None),
                ([args.journey, "compile", big, "-o", os.path.join(tmp, "big.json")], None),
                ([args.journey, "check", big], None),
            ],
            args.runs,
        )
        with open(big) as f:
            lines = sum(1 for _ in f)
        print(f"one file: {lines} lines ({size} bytes); Python {os.path.getsize(big_py)} bytes")
        print(f"  journey fmt --check {fw * 1000:7.1f} ms")
        print(f"  ruff format --check {rfw * 1000:7.1f} ms")
        print(f"  journey compile     {cw * 1000:7.1f} ms")
        print(f"  journey check       {kw * 1000:7.1f} ms  {km:6.1f} MB")
        figures["fmt_vs_ruff"] = fw / rfw
        figures["compile_vs_check"] = cw / kw

    print("figures: " + json.dumps({k: round(v, 3) for k, v in figures.items()}))
    try:
        load = os.getloadavg()[0]
        print(f"load average (1 min): {load:.2f}")
    except OSError:
        pass
    if not args.reference:
        return 0
    with open(args.reference) as f:
        reference = json.load(f)
    failed = []
    for key, recorded in reference.items():
        if key.startswith("_"):
            continue
        got = figures[key]
        if key in HIGHER_IS_BETTER:
            bad = got < recorded / args.slack
        else:
            bad = got > recorded * args.slack
        verdict = "FAIL" if bad else "ok"
        print(f"  {key:18} {got:8.3f}  (recorded {recorded:.3f}, limit {args.slack}x)  {verdict}")
        if bad:
            failed.append(key)
    if failed:
        print(f"more than {args.slack}x behind the recorded figures: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
