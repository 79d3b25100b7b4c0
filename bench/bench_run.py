"""`lstmspec run` against a hand-written plain-Keras script doing the same work, side by side.

Both train the same LSTM forecaster on the same CSV windows (same split, normalisation, seed,
epochs, batch size, validation data), evaluate it and save it; each runs in its own process,
alternately, `--repeat` times. Printed: training throughput (samples/s, from each side's own
timing around model.fit; and of the fastest epoch after the first, the figure least disturbed
by other work on the machine) and whole wall time (process start to exit, TensorFlow's start-up
included), as medians, and lstmspec's ratio to plain Keras (target: throughput >= 0.97).

    python bench/bench_run.py [--rows 12000] [--epochs 4] [--repeat 3] [--device cpu]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIG = """\
name: bench-forecaster
input: {{shape: [{window}, 3]}}
layers:
  - {{type: LSTM, units: {units}}}
  - {{type: Dense, units: 1}}
compile: {{optimizer: {{name: adam, learning_rate: 0.001}}, loss: mse, metrics: [mae]}}
data:
  kind: csv
  path: series.csv
  time: step
  features: [a, b, c]
  targets: [a]
train: {{epochs: {epochs}, batch_size: {batch}, seed: 0}}
output: {{plots: false}}
"""


def write_series(path: str, rows: int) -> None:
    """Three noisy periodic signals; `a` is forecast one step ahead."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("step,a,b,c\n")
        for t in range(rows):
            a = math.sin(t / 9.0) + 0.5 * math.sin(t / 31.0) + 0.1 * math.sin(t * 7.3)
            b = math.cos(t / 13.0) + 0.05 * math.sin(t * 3.1)
            c = (t % 50) / 50.0
            handle.write(f"{t},{a:.6f},{b:.6f},{c:.6f}\n")


def timed(command: list, env: dict) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(command[:3])}... failed:\n{done.stdout}\n{done.stderr}")
    return wall, done.stdout


def run_lstmspec(folder: str, index: int, env: dict, device: str) -> dict:
    out = os.path.join(folder, f"lstmspec-{index}")
    wall, _ = timed([sys.executable, "-m", "lstmspec", "run", os.path.join(folder, "bench.yaml"),
                     "--quiet", "--device", device, "--output-dir", out], env)
    with open(os.path.join(out, "run.json"), encoding="utf-8") as handle:
        state = json.load(handle)
    return {"fit_seconds": state["fit_seconds"], "samples_per_second":
            state["samples_per_second"], "epoch_seconds": state["epoch_seconds"],
            "wall_seconds": wall}


def run_plain(folder: str, index: int, env: dict, args) -> dict:
    wall, out = timed([sys.executable, os.path.join(HERE, "plain_keras.py"),
                       os.path.join(folder, "series.csv"), os.path.join(folder, f"plain-{index}"),
                       "--epochs", str(args.epochs), "--batch-size", str(args.batch),
                       "--window", str(args.window), "--units", str(args.units)], env)
    result = json.loads(out.strip().splitlines()[-1])
    result["wall_seconds"] = wall
    return result


def median(results: list, key: str) -> float:
    return statistics.median(r[key] for r in results)


def best_epoch(results: list, samples: int) -> float:
    """Samples/s of the fastest epoch after the first (which traces the step function) of all
    rounds: the figure least disturbed by other work on the machine."""
    return samples / min(min(r["epoch_seconds"][1:] or r["epoch_seconds"]) for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=12000)
    parser.add_argument("--window", type=int, default=48)
    parser.add_argument("--units", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--device", choices=["auto", "cpu"], default="cpu")
    args = parser.parse_args()
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    if args.device == "cpu":
        env["CUDA_VISIBLE_DEVICES"] = "-1"
    with tempfile.TemporaryDirectory(prefix="lstmspec-bench-") as folder:
        write_series(os.path.join(folder, "series.csv"), args.rows)
        with open(os.path.join(folder, "bench.yaml"), "w", encoding="utf-8") as handle:
            handle.write(CONFIG.format(window=args.window, units=args.units,
                                       epochs=args.epochs, batch=args.batch))
        ours, plain = [], []
        for index in range(args.repeat):  # alternate, so that drift hits both sides alike
            plain.append(run_plain(folder, index, env, args))
            ours.append(run_lstmspec(folder, index, env, args.device))
            print(f"round {index + 1}: lstmspec {ours[-1]['samples_per_second']:,.0f} samples/s, "
                  f"{ours[-1]['wall_seconds']:.1f} s; plain Keras "
                  f"{plain[-1]['samples_per_second']:,.0f} samples/s, "
                  f"{plain[-1]['wall_seconds']:.1f} s", flush=True)
    report(ours, plain, args)


def report(ours: list, plain: list, args) -> None:
    speed_ours, speed_plain = median(ours, "samples_per_second"), \
        median(plain, "samples_per_second")
    wall_ours, wall_plain = median(ours, "wall_seconds"), median(plain, "wall_seconds")
    print(f"\nLSTM({args.units}) on {args.rows:,} rows, window {args.window}, {args.epochs} "
          f"epochs, batch {args.batch}, {plain[0]['train_samples']:,} training samples; "
          f"medians of {args.repeat}")
    print(f"{'':24}{'lstmspec run':>14}{'plain Keras':>14}{'ratio':>8}")
    print(f"{'training samples/s':24}{speed_ours:>14,.0f}{speed_plain:>14,.0f}"
          f"{speed_ours / speed_plain:>8.3f}")
    samples = plain[0]["train_samples"]
    best_ours, best_plain = best_epoch(ours, samples), best_epoch(plain, samples)
    print(f"{'  fastest epoch':24}{best_ours:>14,.0f}{best_plain:>14,.0f}"
          f"{best_ours / best_plain:>8.3f}")
    print(f"{'whole wall time (s)':24}{wall_ours:>14.1f}{wall_plain:>14.1f}"
          f"{wall_ours / wall_plain:>8.3f}")
    verdict = "meets" if speed_ours / speed_plain >= 0.97 else "misses"
    print(f"throughput ratio {speed_ours / speed_plain:.3f} {verdict} the 0.97 target")


if __name__ == "__main__":
    main()
