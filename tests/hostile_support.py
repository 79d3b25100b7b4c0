"""Running the real CLI on a hostile input, in a subprocess, with its time and memory measured.

A crash must show up as a failure: a negative return code (killed by a signal, a segfault) is
one, and so is a Traceback anywhere in the output, a run over TIME_LIMIT seconds (killed at
KILL_AFTER) or a peak resident memory over MEMORY_LIMIT_MB.

Peak memory is the child's own high-water mark (VmHWM), written by the child at exit: on Linux
the rusage of a forked child starts from the parent's resident size, so after a test that
imported TensorFlow every child would seem to use hundreds of MB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from conftest import child_env

TIME_LIMIT = 5.0
KILL_AFTER = 30.0
MEMORY_LIMIT_MB = 300


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    maxrss_mb: float

    @property
    def diagnostics(self) -> list[dict]:
        return json.loads(self.stdout)

    @property
    def triples(self) -> list[tuple]:
        return [(d["code"], d["line"], d["column"]) for d in self.diagnostics]


# `python -m lstmspec ARGS`, plus: at exit, write this process's VmHWM (kB) to $HWM_FILE.
_CHILD = """
import atexit, os, sys
def _hwm():
    try:
        with open("/proc/self/status") as status:
            peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
        with open(os.environ["HWM_FILE"], "w") as out:
            out.write(peak)
    except (OSError, StopIteration):
        pass
atexit.register(_hwm)
sys.argv[0] = "lstmspec"
from lstmspec.cli import main
main()
"""


def child_peak_mb(hwm_file: str, fallback_kb: int) -> float:
    try:
        with open(hwm_file) as handle:
            return int(handle.read()) / 1024
    except (OSError, ValueError):
        return fallback_kb / 1024  # no /proc: the rusage figure, an upper bound


def run_cli(*args: str, cwd: str | None = None, kill_after: float = KILL_AFTER) -> Run:
    """`python -m lstmspec ARGS` with stdout/stderr to files, reaped with os.wait4."""
    hwm = tempfile.NamedTemporaryFile(delete=False)
    hwm.close()
    env = child_env(PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1", HWM_FILE=hwm.name)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", _CHILD, *args], stdout=out,
                                stderr=err, stdin=subprocess.DEVNULL, cwd=cwd, env=env)
        timer = threading.Timer(kill_after, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        peak = child_peak_mb(hwm.name, usage.ru_maxrss)
        os.unlink(hwm.name)
        return Run(proc.returncode, out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"), seconds, peak)


def assert_sound(run: Run, *, time_limit: float = TIME_LIMIT) -> None:
    """No crash, no traceback, within the time and memory bounds."""
    assert run.returncode >= 0, f"killed by signal {-run.returncode}: {run.stderr[-2000:]}"
    assert "Traceback" not in run.stdout + run.stderr, run.stderr[-4000:]
    assert run.seconds < time_limit, f"took {run.seconds:.1f} s"
    assert run.maxrss_mb < MEMORY_LIMIT_MB, f"peak memory {run.maxrss_mb:.0f} MB"


def lint(path: str, *options: str, cwd: str | None = None) -> Run:
    """`lstmspec lint --format json PATH`, checked with assert_sound."""
    run = run_cli("lint", "--format", "json", *options, str(path), cwd=cwd)
    assert_sound(run)
    return run


def write(folder, name: str | bytes, content: bytes | str):
    """Write a file; a bytes name (not UTF-8, say) gives a bytes path."""
    path = os.path.join(os.fsencode(folder) if isinstance(name, bytes) else str(folder), name)
    data = content.encode("utf-8") if isinstance(content, str) else content
    with open(path, "wb") as handle:
        handle.write(data)
    return path


VALID = ("input: {shape: [10, 2]}\nlayers:\n  - {type: LSTM, units: 4}\n"
         "  - {type: Dense, units: 1}\n")
# One known error: LS304 at 3:25 (units must be > 0).
HEAD_ERROR = "input: {shape: [10, 2]}\nlayers:\n  - {type: LSTM, units: 0}\n"
