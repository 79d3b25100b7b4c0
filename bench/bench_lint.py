"""Benchmark of `lstmspec lint`, measured side by side in one run (see bench/README.md).

  (a) cold `lstmspec lint FILE` against the bare import of lint's own dependencies
      (`python -c "from pydantic import BaseModel; import yaml, click"`), same interpreter;
  (b) against a TensorFlow build of the same config (lstmspec.runner.keras_build);
  (c) linting 1,000 generated configs in one process against `yamllint` on the same files;
  (d) the peak memory (ru_maxrss) of that one process.

Run it standalone: `python bench/bench_lint.py` (from the repository root or anywhere).
Options: --runs N (cold-start samples, default 21), --tf-runs N (default 3), --files N
(default 1000), --file PATH (the config of (a) and (b); default: an example), --no-tf.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from generated_configs import generate  # bench/ is on sys.path when this file runs

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BARE = "from pydantic import BaseModel; import yaml, click"
# The floor for any tool built on pydantic models: the bare import plus defining and using
# one model with one constrained field (pydantic.fields, pydantic.types, annotated_types and
# pydantic's first-model set-up, which the bare import does not pay), with plugin discovery
# skipped as lstmspec's command line does (cli/startup.py).
ONE_MODEL = (BARE + "\nimport sys, types\n"
             "stub = types.ModuleType('pydantic.plugin._loader')\n"
             "stub.get_plugins = lambda: ()\nsys.modules[stub.__name__] = stub\n"
             "from pydantic import Field\n"
             "class M(BaseModel):\n    units: int = Field(gt=0)\nM.model_validate({'units': 1})")
TARGETS = {"cold": 1.3, "tf": 15.0, "files": 1000.0, "peak": 100.0}
PREFERRED_EXAMPLES = ("stacked_lstm_fixed.yaml", "sine_forecaster.yaml")
FALLBACK = """\
# yaml-language-server: $schema=../schemas/lstmspec.schema.json
version: 1
name: sine-forecaster
input:
  shape: [30, 1]
layers:
  - type: LSTM
    units: 64
    return_sequences: true
  - type: LSTM
    units: 32
  - type: Dense
    units: 1
"""


def child_env() -> dict:
    """The environment of every measured process: bytecode caches on (a user's normal case),
    TensorFlow quiet."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    return env


class Run(NamedTuple):
    wall: float  # seconds
    cpu: float  # user + system seconds of the process: less sensitive to other load
    peak_kib: int  # ru_maxrss
    status: int


def timed(cmd: list[str]) -> Run:
    """One run of `cmd`, its output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=child_env())
    _, status, usage = os.wait4(proc.pid, 0)
    return Run(time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss,
               os.waitstatus_to_exitcode(status))


def medians(runs: list[Run]) -> Run:
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               max(r.peak_kib for r in runs), max(r.status for r in runs))


def median_runs(cmds: dict[str, list[str]], runs: int) -> dict[str, Run]:
    """Medians of each command, runs interleaved so that other load hits all alike."""
    for cmd in cmds.values():  # warm-up: writes bytecode caches, fills the page cache
        timed(cmd)
    samples: dict[str, list[Run]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            samples[name].append(timed(cmd))
    return {name: medians(values) for name, values in samples.items()}


def pick_file(given: str | None, workdir: Path) -> Path:
    if given:
        return Path(given).resolve()
    examples = ROOT / "examples"
    for name in PREFERRED_EXAMPLES:
        if (examples / name).is_file():
            return examples / name
    from lstmspec.lint import lint_file

    for path in sorted(glob.glob(str(examples / "*.yaml"))):
        result = lint_file(path)
        if result.ok and not result.diagnostics:
            return Path(path)
    path = workdir / "sine_forecaster.yaml"
    path.write_text(FALLBACK)
    return path


def script_path() -> str | None:
    """The `lstmspec` console script next to this interpreter, if installed."""
    candidate = Path(PY).with_name("lstmspec")
    return str(candidate) if candidate.is_file() else shutil.which("lstmspec")


# -- the measurements ----------------------------------------------------------------------
def cold_start(config: Path, runs: int) -> dict[str, Run]:
    """(a): the bare import, one pydantic model, and `lint` through `python -m` and the script."""
    cmds = {"bare": [PY, "-c", BARE], "one_model": [PY, "-c", ONE_MODEL],
            "module": [PY, "-m", "lstmspec", "lint", str(config)]}
    script = script_path()
    if script:
        cmds["script"] = [script, "lint", str(config)]
    status = timed(cmds["module"]).status
    if status != 0:
        sys.exit(f"bench: `lstmspec lint {config}` exited {status}; pick a clean config (--file)")
    return median_runs(cmds, runs)


TF_BUILD = """\
import sys
from lstmspec.lint import lint_file
from lstmspec.runner.keras_build import build_model
result = lint_file(sys.argv[1])
model = build_model(result.model, [info.spec for info in result.inference.layers])
model.count_params()
"""


def tf_build(config: Path, runs: int) -> Run | None:
    """(b): a cold process that imports Keras and builds the config."""
    cmd = [PY, "-c", TF_BUILD, str(config)]
    if timed(cmd).status != 0:
        return None  # TensorFlow missing or the build failed: reported as not measured
    return medians([timed(cmd) for _ in range(runs)])


def many_files(folder: Path, runs: int) -> dict:
    """(c) and (d): one `lstmspec lint DIR` process against one `yamllint DIR` process."""
    lint_cmd = [PY, "-m", "lstmspec", "lint", "--format", "json", str(folder)]
    timed(lint_cmd)  # warm-up
    out = {"count": len(list(folder.glob("*.yaml"))),
           "lint": medians([timed(lint_cmd) for _ in range(runs)]), "yamllint": None,
           "in_process": in_process(folder)}
    if timed([PY, "-m", "yamllint", "--version"]).status == 0:
        yamllint_cmd = [PY, "-m", "yamllint", "-f", "parsable", str(folder)]
        out["yamllint"] = medians([timed(yamllint_cmd) for _ in range(runs)])
    return out


IN_PROCESS = """\
import glob, sys, time
from lstmspec.lint import lint_file
paths = sorted(glob.glob(sys.argv[1] + "/*.yaml"))
start = time.perf_counter()
for path in paths:
    lint_file(path)
print(time.perf_counter() - start)
"""


def in_process(folder: Path) -> float:
    """Seconds to lint the files in an already started process (start-up excluded)."""
    done = subprocess.run([PY, "-c", IN_PROCESS, str(folder)], capture_output=True, text=True,
                          env=child_env(), check=True)
    return float(done.stdout.strip())


# -- the report -----------------------------------------------------------------------------
Row = tuple[str, str, str, str]


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def cold_rows(cold: dict[str, Run]) -> list[Row]:
    bare = cold["bare"]
    out = [("(a) bare import: pydantic, yaml, click", f"{bare.wall * 1000:.0f} ms", "", ""),
           ("(a) the same plus one constrained pydantic model",
            f"{cold['one_model'].wall * 1000:.0f} ms", "", "")]
    for key, label in (("module", "`python -m lstmspec lint FILE`"),
                       ("script", "`lstmspec lint FILE` (console script)")):
        if key in cold:
            run = cold[key]
            ratio = run.wall / bare.wall
            out += [(f"(a) cold {label}", f"{run.wall * 1000:.0f} ms", "", ""),
                    ("(a)   ratio to the bare import (CPU time)",
                     f"{ratio:.2f}x ({run.cpu / bare.cpu:.2f}x)", f"<= {TARGETS['cold']}x",
                     verdict(ratio <= TARGETS["cold"]))]
    return out


def rows(cold: dict[str, Run], tf: Run | None, many: dict) -> list[Row]:
    out = cold_rows(cold)
    lint = cold["module"]
    if tf is None:
        out.append(("(b) TensorFlow build of the same config", "not measured", "", "n/a"))
    else:
        out += [("(b) TensorFlow build of the same config", f"{tf.wall:.2f} s", "", ""),
                ("(b)   lint is faster by (CPU time)",
                 f"{tf.wall / lint.wall:.1f}x ({tf.cpu / lint.cpu:.1f}x)",
                 f">= {TARGETS['tf']:.0f}x", verdict(tf.wall / lint.wall >= TARGETS["tf"]))]
    count, run = many["count"], many["lint"]
    rate = count / run.wall
    out += [(f"(c) `lstmspec lint DIR`, {count} files, one process (by CPU time)",
             f"{rate:.0f} files/s ({count / run.cpu:.0f})", f">= {TARGETS['files']:.0f}/s",
             verdict(rate >= TARGETS["files"])),
            ("(c)   the same, start-up excluded", f"{count / many['in_process']:.0f} files/s",
             "", "")]
    if many["yamllint"] is None:
        out.append(("(c) `yamllint DIR` on the same files", "not installed", "", "n/a"))
    else:
        other = many["yamllint"]
        out += [("(c) `yamllint DIR` on the same files (by CPU time)",
                 f"{count / other.wall:.0f} files/s ({count / other.cpu:.0f})",
                 "slower than lint", verdict(other.wall > run.wall))]
    peak = run.peak_kib / 1024
    out.append(("(d) peak memory (ru_maxrss) of (c)", f"{peak:.1f} MB",
                f"< {TARGETS['peak']:.0f} MB", verdict(peak < TARGETS["peak"])))
    return out


def table(lines: list[tuple[str, str, str, str]]) -> str:
    head = ("measure", "measured", "target", "result")
    widths = [max(len(row[i]) for row in [head, *lines]) for i in range(4)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt.format(*head), rule, *(fmt.format(*row) for row in lines)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="cold-start samples per command")
    parser.add_argument("--tf-runs", type=int, default=3, help="TensorFlow build samples")
    parser.add_argument("--dir-runs", type=int, default=3, help="samples of (c)")
    parser.add_argument("--files", type=int, default=1000, help="generated configs for (c)")
    parser.add_argument("--file", help="the config of (a) and (b) (default: an example)")
    parser.add_argument("--no-tf", action="store_true", help="skip (b)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lstmspec-bench-") as temp:
        workdir = Path(temp)
        config = pick_file(args.file, workdir)
        generated = workdir / "generated"
        generated.mkdir()
        generate(generated, args.files)
        print(f"python {sys.version.split()[0]} ({PY}); load average "
              f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs", flush=True)
        print(f"config of (a) and (b): {config}", flush=True)
        cold = cold_start(config, args.runs)
        tf = None if args.no_tf else tf_build(config, args.tf_runs)
        many = many_files(generated, args.dir_runs)
    print()
    print(table(rows(cold, tf, many)))
    print(f"\n(a) medians of {args.runs} interleaved cold runs each; (b) median of "
          f"{args.tf_runs}; (c) median of {args.dir_runs}, peak the largest.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
