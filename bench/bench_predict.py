"""`lstmspec predict` side by side with what it replaces, in one run:

(a) 10,000 windows: `lstmspec predict RUN --data NEW.csv -o OUT.csv` (Keras) against
    bench/plain_predict.py, a hand-written script doing the same preparation (statistics of the
    training rows, every window, Keras predict, original units, a CSV out). Each in its own
    process, alternately; windows per second of whole wall time (TensorFlow's start-up
    included) and of CPU time, medians. Target: lstmspec >= 0.95 of the script.
(b) A cold predict of one window: the same command on the run's ONNX export (onnxruntime, no
    TensorFlow) against `--runtime keras`. Target: the ONNX path >= 10x faster end to end.

    python bench/bench_predict.py [--windows 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
WINDOW = 24
CONFIG = f"""\
name: bench-predict
input: {{shape: [{WINDOW}, 3]}}
layers:
  - {{type: LSTM, units: 32}}
  - {{type: Dense, units: 1}}
compile: {{optimizer: adam, loss: mse}}
data: {{kind: csv, path: train.csv, time: step, features: [a, b, c], targets: [a]}}
train: {{epochs: 1, batch_size: 64, seed: 0}}
output: {{dir: run, plots: false}}
"""


def write_series(path: str, first: int, rows: int) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("step,a,b,c\n")
        for t in range(first, first + rows):
            a = math.sin(t / 9.0) + 0.5 * math.sin(t / 31.0) + 0.1 * math.sin(t * 7.3)
            handle.write(f"{t},{a:.6f},{math.cos(t / 13.0):.6f},{(t % 50) / 50.0:.6f}\n")


def timed(command: list, env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) of one process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"bench: {' '.join(command[:4])}... failed:\n{child.stderr.read().decode()}")
    return wall, usage.ru_utime + usage.ru_stime


def lstmspec(*args: str) -> list:
    return [sys.executable, "-m", "lstmspec", *args]


def prepare(folder: str, windows: int, env: dict) -> None:
    write_series(os.path.join(folder, "train.csv"), 0, 3000)
    write_series(os.path.join(folder, "new.csv"), 5000, windows + WINDOW - 1)
    write_series(os.path.join(folder, "one.csv"), 9000, WINDOW)
    with open(os.path.join(folder, "bench.yaml"), "w", encoding="utf-8") as handle:
        handle.write(CONFIG)
    run = os.path.join(folder, "run")
    for step in (["run", os.path.join(folder, "bench.yaml"), "--quiet", "--device", "cpu"],
                 ["export", run, "--format", "onnx", "-o", os.path.join(run, "model.onnx")]):
        timed(lstmspec(*step), env)


def median_pair(samples: list) -> tuple[float, float]:
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--windows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1")
    with tempfile.TemporaryDirectory() as folder:
        prepare(folder, args.windows, env)
        run, f = os.path.join(folder, "run"), lambda name: os.path.join(folder, name)
        ours = lstmspec("predict", run, "--data", f("new.csv"), "-o", f("ours.csv"),
                        "--runtime", "keras")
        plain = [sys.executable, os.path.join(HERE, "plain_predict.py"), f("train.csv"),
                 os.path.join(run, "model.keras"), f("new.csv"), f("plain.csv")]
        cold_onnx = lstmspec("predict", run, "--data", f("one.csv"), "--runtime", "onnx")
        cold_tf = lstmspec("predict", run, "--data", f("one.csv"), "--runtime", "keras")
        timed(ours, env), timed(cold_onnx, env)  # warm-up: bytecode caches, disk cache
        samples = {name: [] for name in ("ours", "plain", "onnx", "tf")}
        for index in range(args.repeat):
            for name, command in (("ours", ours), ("plain", plain), ("onnx", cold_onnx),
                                  ("tf", cold_tf)):
                samples[name].append(timed(command, env))
            print(f"round {index + 1}: " + "; ".join(
                f"{n} {w:.2f} s ({c:.2f} s CPU)" for n, (w, c) in
                ((n, s[-1]) for n, s in samples.items())), flush=True)
        report(args, {name: median_pair(s) for name, s in samples.items()})


def report(args, medians: dict) -> None:
    windows = args.windows
    (ow, oc), (pw, pc) = medians["ours"], medians["plain"]
    (nw, nc), (tw, tc) = medians["onnx"], medians["tf"]
    load = os.getloadavg()[0]
    print(f"\nmedians of {args.repeat}; load average {load:.2f} on {os.cpu_count()} CPUs")
    print(f"{'':44}{'lstmspec':>12}{'plain Keras':>14}{'ratio':>8}")
    print(f"{'(a) windows/s, wall (TF start-up included)':44}{windows / ow:>12,.0f}"
          f"{windows / pw:>14,.0f}{pw / ow:>8.3f}")
    print(f"{'(a) windows/s, CPU time':44}{windows / oc:>12,.0f}{windows / pc:>14,.0f}"
          f"{pc / oc:>8.3f}")
    print(f"{'':44}{'ONNX path':>12}{'TensorFlow':>14}{'speed-up':>9}")
    print(f"{'(b) cold predict of one window, wall (s)':44}{nw:>12.2f}{tw:>14.2f}{tw / nw:>8.1f}x")
    print(f"{'(b) cold predict of one window, CPU (s)':44}{nc:>12.2f}{tc:>14.2f}{tc / nc:>8.1f}x")
    ratio, speedup = pw / ow, tw / nw
    print(f"(a) throughput ratio {ratio:.3f} {'meets' if ratio >= 0.95 else 'does not meet'} "
          "the 0.95 target")
    print(f"(b) ONNX speed-up {speedup:.1f}x {'meets' if speedup >= 10 else 'does not meet'} "
          "the 10x target")


if __name__ == "__main__":
    main()
