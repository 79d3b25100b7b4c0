"""`lstmspec tune` against a hand-written Optuna + Keras script (bench/plain_optuna.py) on the
same space, data, split, epochs, batch size, sampler and seed, side by side in one run.

(a) trials per hour on a space where every sample is valid (target: lstmspec >= 0.95x).
(b) a space where about a third of the samples break the parameter budget
    (tune.budget.max_params): lstmspec prunes them by lint, before TensorFlow builds anything;
    the script either builds each model and checks count_params() (`build, then check`) or,
    without a check, trains them all (`no check`). Printed: wall time and time saved.

    python bench/bench_tune.py [--trials 9] [--epochs 2] [--samples 2000] [--repeat 1]

Each study is one process (Python and TensorFlow start-up included), alternating sides.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIG = """\
name: bench-tune
input: {{shape: [24, 3]}}
layers:
  - {{name: rnn, type: LSTM, units: 32}}
  - {{name: head, type: Dense, units: 1}}
compile: {{optimizer: {{name: adam, learning_rate: 0.001}}, loss: mse}}
data: {{kind: npz, path: data.npz}}
train: {{epochs: {epochs}, batch_size: 32, seed: 0, deterministic: false}}
output: {{plots: false}}
tune:
  objective: {{metric: val_loss, direction: minimize}}
  budget: {{trials: {trials}{budget}}}
  pruning: {{kind: none}}
  sampler: {{kind: random, seed: 0}}
  space:
    layers.rnn.type: {{type: categorical, choices: [LSTM, GRU]}}
    layers.rnn.units: {{type: int, low: 8, high: 64, step: 8}}
    compile.optimizer.learning_rate: {{type: float, low: 1.0e-4, high: 1.0e-2, log: true}}
"""
# LSTM(u) + Dense(1) on 3 features: 4u(u + 4) + u + 1; GRU: 3u(u + 5) + u + 1. Over 10,000:
# LSTM from 48 units, GRU from 56: 5 of the 16 (type, units) pairs, about a third.
MAX_PARAMS = 10_000


def write_data(path: str, samples: int) -> None:
    rng = np.random.default_rng(0)
    t = np.arange(samples + 24)
    series = np.stack([np.sin(t / 7.0), np.cos(t / 11.0), rng.normal(0, 0.1, len(t))], axis=1)
    x = np.stack([series[i:i + 24] for i in range(samples)]).astype("float32")
    y = series[24:24 + samples, :1].astype("float32")
    np.savez(path, x=x, y=y)


def timed(command: list, env: dict, cwd: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(command[:4])}... failed:\n{done.stdout}\n{done.stderr}")
    return wall, done.stdout


def run_lstmspec(folder: str, name: str, env: dict) -> dict:
    study = os.path.join(folder, name)
    wall, _ = timed([sys.executable, "-m", "lstmspec", "tune", f"{name}.yaml", "-o", study],
                    env, folder)
    with open(os.path.join(study, "trials.csv"), encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    import optuna  # the trials' own durations, as Optuna records them on both sides

    stored = optuna.load_study(study_name="bench-tune",
                               storage=f"sqlite:///{os.path.join(study, 'study.db')}")
    return {"wall": wall, "trials": len(rows),
            "pruned": sum(r["reason"].startswith("LS501") for r in rows),
            "trial_seconds": sum(t.duration.total_seconds() for t in stored.trials)}


def run_plain(folder: str, args, max_params: int | None, env: dict) -> dict:
    command = [sys.executable, os.path.join(HERE, "plain_optuna.py"),
               os.path.join(folder, "data.npz"), "--trials", str(args.trials),
               "--epochs", str(args.epochs)]
    if max_params:
        command += ["--max-params", str(max_params)]
    wall, out = timed(command, env, folder)
    result = json.loads(out.strip().splitlines()[-1])
    return {"wall": wall, "trials": len(result["states"]),
            "pruned": result["states"].count("PRUNED"), "trial_seconds": sum(result["durations"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=9)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": "-1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    results: dict = {k: [] for k in ("tune_a", "plain_a", "tune_b", "check_b", "plain_b")}
    with tempfile.TemporaryDirectory(prefix="lstmspec-bench-tune-") as folder:
        write_data(os.path.join(folder, "data.npz"), args.samples)
        for name, budget in (("valid", ""), ("third", f", max_params: {MAX_PARAMS}")):
            with open(os.path.join(folder, f"{name}.yaml"), "w", encoding="utf-8") as handle:
                handle.write(CONFIG.format(epochs=args.epochs, trials=args.trials,
                                           budget=budget))
        for index in range(args.repeat):  # alternate, so that drift hits both sides alike
            results["plain_a"].append(run_plain(folder, args, None, env))
            results["tune_a"].append(run_lstmspec(folder, "valid", env))
            results["tune_b"].append(run_lstmspec(folder, "third", env))
            results["check_b"].append(run_plain(folder, args, MAX_PARAMS, env))
            results["plain_b"].append(run_plain(folder, args, None, env))
            for side in ("valid", "third"):  # a fresh study next round
                shutil.rmtree(os.path.join(folder, side), ignore_errors=True)
            print(f"round {index + 1}: " + ", ".join(f"{k} {v[-1]['wall']:.1f} s"
                                                      for k, v in results.items()), flush=True)
    report(results, args)


def median(rows: list, key: str) -> float:
    return statistics.median(r[key] for r in rows)


def report(results: dict, args) -> None:
    per_hour = {k: args.trials / median(v, "wall") * 3600 for k, v in results.items()}
    ratio = per_hour["tune_a"] / per_hour["plain_a"]
    print(f"\n{args.trials} trials of LSTM/GRU(8-64 units) + Dense on {args.samples} windows "
          f"(24 x 3), {args.epochs} epochs, batch 32, random sampler; medians of {args.repeat}; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(f"\n(a) every sample valid{'':22}{'lstmspec tune':>14}{'Optuna+Keras':>14}{'ratio':>8}")
    print(f"{'    wall time (s)':45}{median(results['tune_a'], 'wall'):>14.1f}"
          f"{median(results['plain_a'], 'wall'):>14.1f}")
    print(f"{'    trials per hour (whole wall time)':45}{per_hour['tune_a']:>14.0f}"
          f"{per_hour['plain_a']:>14.0f}{ratio:>8.3f}   target >= 0.95: "
          f"{'PASS' if ratio >= 0.95 else 'not met'}")
    steady = {k: args.trials / median(results[k], "trial_seconds") * 3600
              for k in ("tune_a", "plain_a")}
    steady_ratio = steady["tune_a"] / steady["plain_a"]
    print(f"{'    trials per hour (the trials alone)':45}{steady['tune_a']:>14.0f}"
          f"{steady['plain_a']:>14.0f}{steady_ratio:>8.3f}")
    tune_b, check_b, plain_b = (median(results[k], "wall") for k in ("tune_b", "check_b",
                                                                       "plain_b"))
    pruned = results["tune_b"][0]["pruned"]
    print(f"\n(b) {pruned} of {args.trials} samples over {MAX_PARAMS:,} parameters"
          f"{'':6}{'lstmspec tune':>14}{'build+check':>14}{'no check':>14}")
    print(f"{'    wall time (s)':45}{tune_b:>14.1f}{check_b:>14.1f}{plain_b:>14.1f}")
    print(f"{'    pruned before training':45}{pruned:>14}"
          f"{results['check_b'][0]['pruned']:>14}{results['plain_b'][0]['pruned']:>14}")
    print(f"{'    wall time saved vs no check':45}{plain_b - tune_b:>13.1f}s"
          f" ({(plain_b - tune_b) / plain_b:.0%})")


if __name__ == "__main__":
    main()
