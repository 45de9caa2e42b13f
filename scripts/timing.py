"""Timing one whole process, for the benchmark scripts beside this file
(`quick-bench.py`, `compare.py`, `one-core-vs-both.py`).

What a process prints is discarded (written to /dev/null, as hyperfine
does): a reader of a pipe would take CPU time on the cores the process runs
on. A child's peak RSS as the kernel counts it includes the parent's memory
at the fork: a peak at the caller's own size means "at most that".
"""

import os
import subprocess
import sys
import time


class Run:
    """One finished run. (A plain class: a child's peak counts this
    process's memory, and `dataclasses` would add to it.)"""

    __slots__ = ("wall", "user", "system", "peak_mib", "status")

    def __init__(self, wall, user, system, peak_mib, status):
        self.wall = wall
        self.user = user
        self.system = system
        self.peak_mib = peak_mib
        self.status = status

    @property
    def cpu(self):
        return self.user + self.system


def run(argv, env=None, cpus=None):
    """Runs `argv` once, bound to the processors `cpus` when given, and
    measures it: wall seconds from just before the start to just after the
    child is reaped, and the kernel's accounting of the child (`wait4`)."""
    # Every run binds its process, to `cpus` or to every processor this
    # one may use: binding takes the slower way of starting a process
    # (fork, not vfork), and a one-core run must not pay for it alone (it
    # added 1.4 ms to it, and so to the second core's measured gain).
    allowed = cpus or ALLOWED
    bind = (lambda: os.sched_setaffinity(0, allowed)) if allowed else None
    start = time.perf_counter()
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            preexec_fn=bind,
        )
    except OSError as error:
        sys.exit(f"cannot start `{' '.join(argv)}`: {error}")
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    return Run(
        wall=wall,
        user=usage.ru_utime,
        system=usage.ru_stime,
        peak_mib=usage.ru_maxrss / 1024,
        status=os.waitstatus_to_exitcode(status),
    )


# The processors this process may use, where the platform can tell.
ALLOWED = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None


def one_processor():
    """The processors of a one-core run: the lowest this process may use;
    `None` where a process cannot be bound."""
    if hasattr(os, "sched_getaffinity"):
        return {min(os.sched_getaffinity(0))}
    return None
