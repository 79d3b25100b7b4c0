"""Writes two_heads.npz: 400 sequences of 16 steps x 2 channels (`x`) and one target array per
output of examples/graphs/two_heads.yaml: `y_total` (the mean of channel 0 over the sequence)
and `y_peak` (the largest value of channel 1). Seeded: the same file on every run."""

import os

import numpy as np


def make(path: str, samples: int = 400, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(samples, 16, 2)).astype(np.float32)
    np.savez(path, x=x, y_total=x[:, :, 0].mean(axis=1, keepdims=True),
             y_peak=x[:, :, 1].max(axis=1, keepdims=True))


if __name__ == "__main__":
    make(os.path.join(os.path.dirname(os.path.abspath(__file__)), "two_heads.npz"))
