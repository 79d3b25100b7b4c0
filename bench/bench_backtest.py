"""`lstmspec backtest --folds 5` against the same five fits written by hand with Keras
(bench/plain_backtest.py: same windows, model, seed, epochs), side by side, each in its own
process, alternately, `--repeat` times; and the backtest again with `--jobs 2`. Printed: the
median wall times (process start to exit, TensorFlow's start-up included) and the ratios
(target: --jobs 1 at most 1.1 x the hand-written fits; --jobs 2's speed-up over --jobs 1).

    python bench/bench_backtest.py [--rows 2000] [--epochs 3] [--repeat 2]
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CONFIG = """\
input: {{shape: [{window}, 1]}}
layers:
  - {{type: LSTM, units: {units}}}
  - {{type: Dense, units: {horizon}}}
compile: {{optimizer: adam, loss: mse}}
data:
  kind: csv
  path: series.csv
  time: step
  features: [y]
  targets: [y]
  horizon: {horizon}
train: {{epochs: {epochs}, batch_size: {batch}, seed: 1}}
output: {{plots: false}}
"""


def timed(command: list, cwd: str) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": ROOT})
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    window, horizon, units, batch, folds = 24, 4, 16, 32, 5
    work = tempfile.mkdtemp(prefix="bench-backtest-")
    with open(os.path.join(work, "series.csv"), "w", encoding="utf-8") as handle:
        handle.write("step,y\n")
        for t in range(args.rows):
            handle.write(f"{t},{math.sin(t / 6.0) + 0.3 * math.sin(t * 1.7):.6f}\n")
    with open(os.path.join(work, "bt.yaml"), "w", encoding="utf-8") as handle:
        handle.write(CONFIG.format(window=window, units=units, horizon=horizon,
                                   epochs=args.epochs, batch=batch))
    plain = [sys.executable, os.path.join(HERE, "plain_backtest.py"), "series.csv",
             str(window), str(horizon), str(units), str(args.epochs), str(batch), str(folds)]
    times = {"plain": [], "jobs1": [], "jobs2": []}
    for _ in range(args.repeat):
        times["plain"].append(timed(plain, work))
        for jobs in (1, 2):
            shutil.rmtree(os.path.join(work, "out"), ignore_errors=True)
            times[f"jobs{jobs}"].append(timed(
                [sys.executable, "-m", "lstmspec", "backtest", "bt.yaml", "--folds",
                 str(folds), "--jobs", str(jobs), "-o", "out"], work))
    median = {k: statistics.median(v) for k, v in times.items()}
    print(f"rows {args.rows}, window {window}, horizon {horizon}, {folds} folds, "
          f"{args.epochs} epochs, repeat {args.repeat}")
    print(f"hand-written Keras, 5 fits: {median['plain']:.1f} s")
    print(f"lstmspec backtest --jobs 1: {median['jobs1']:.1f} s "
          f"(ratio {median['jobs1'] / median['plain']:.2f}, target <= 1.10)")
    print(f"lstmspec backtest --jobs 2: {median['jobs2']:.1f} s "
          f"(speed-up over --jobs 1: {median['jobs1'] / median['jobs2']:.2f}x)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
