"""What verification costs a `predict`: the SHA-256 of a 50 MB model.keras (and of the run's
small files) against the wall time of the same predict, measured side by side in one run.

A run with a 50 MB model.keras (an LSTM of 1,010 units: 4.1 M float32 parameters, which the
file holds with Adam's two moments beside them) is trained for one epoch on a small synthetic
set; then `lstmspec predict` runs --repeat times as a child
process (its wall time: start-up, TensorFlow, the model, the answer), and the digests that
predict computes are timed alone in this process. Prints both and the ratio; the target is
under 5 % (bench/README.md)."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

CONFIG = """\
name: big
input: {shape: [8, 4]}
layers:
  - {type: LSTM, units: UNITS}
  - {type: Dense, units: 1}
compile: {loss: mse}
data: {kind: synthetic, samples: 64}
train: {epochs: 1, batch_size: 64}
output: {plots: false}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=1010)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": "-1"}
    with tempfile.TemporaryDirectory() as folder:
        config = os.path.join(folder, "big.yaml")
        with open(config, "w") as handle:
            handle.write(CONFIG.replace("UNITS", str(args.units)))
        with open(os.path.join(folder, "pyproject.toml"), "w") as handle:
            handle.write('[tool.lstmspec]\nmax-params = 100000000\nmax-memory = "64GB"\n')
        run = os.path.join(folder, "run")
        subprocess.run([sys.executable, "-m", "lstmspec", "run", config, "-q", "-o", run],
                       check=True, env=env, capture_output=True)
        import numpy as np

        np.savez(os.path.join(folder, "x.npz"), x=np.zeros((256, 8, 4), "float32"))
        size = os.path.getsize(os.path.join(run, "model.keras"))
        walls, digests = [], []
        from lstmspec.runner.rundir import digests as sha

        for _ in range(args.repeat):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "lstmspec", "predict", run, "--data",
                            os.path.join(folder, "x.npz"), "-o", os.path.join(folder, "p.csv")],
                           check=True, env=env, capture_output=True)
            walls.append(time.perf_counter() - started)
            started = time.perf_counter()
            for name in ("config.yaml", "preparation.json", "model.keras"):
                sha.of_file(os.path.join(run, name))
            digests.append(time.perf_counter() - started)
    report(size, walls, digests)


def report(size: int, walls: list, digests: list) -> None:
    """Each predict beside the digests timed right after it (the machine is shared: the
    spread says how much), then the ratio of the medians against the 5 % target."""
    ratios = sorted(d / w for w, d in zip(walls, digests))
    for n, (wall, digest) in enumerate(zip(walls, digests), 1):
        print(f"  round {n}: predict wall {wall:.2f} s, verification {digest * 1000:.0f} ms "
              f"({100 * digest / wall:.2f} %)")
    wall, digest = statistics.median(walls), statistics.median(digests)
    ratio = digest / wall
    print(f"model.keras {size / 1e6:.1f} MB; predict wall median {wall:.2f} s "
          f"({min(walls):.2f}-{max(walls):.2f}); verification (SHA-256 of config.yaml, "
          f"preparation.json, model.keras) median {digest * 1000:.0f} ms "
          f"({min(digests) * 1000:.0f}-{max(digests) * 1000:.0f}) = {100 * ratio:.2f} % of the "
          f"predict (rounds {100 * ratios[0]:.2f}-{100 * ratios[-1]:.2f} %; "
          f"{'met' if ratio < 0.05 else 'not met'}: target < 5 %)")

if __name__ == "__main__":
    main()
