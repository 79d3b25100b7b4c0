"""What verification costs a `predict`: the SHA-256 of a 50 MB model.keras (and of the run's
small files) against the wall time of the same predict, measured side by side in one run.

A run with a 50 MB model (an LSTM of 1,760 units: 12.4 M float32 parameters) is trained for
one epoch on a small synthetic set; then `lstmspec predict` runs --repeat times as a child
process (its wall time: start-up, TensorFlow, the model, the answer), and the digests that
predict computes are timed alone in this process. Prints both and the ratio; the target is
under 5 % (bench/README.md)."""

from __future__ import annotations

import argparse
import os
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
    parser.add_argument("--units", type=int, default=1760)
    parser.add_argument("--repeat", type=int, default=3)
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
    wall, digest = min(walls), min(digests)
    print(f"model.keras {size / 1e6:.1f} MB; predict wall {wall:.2f} s (best of "
          f"{args.repeat}); verification (SHA-256 of config.yaml, preparation.json, "
          f"model.keras) {digest * 1000:.0f} ms = {100 * digest / wall:.2f} % of the predict "
          f"({'met' if digest / wall < 0.05 else 'not met'}: target < 5 %)")


if __name__ == "__main__":
    main()
