"""Generate motifs.npz: DNA-like sequences labelled by the promoter motif they carry (and
motifs_split.npz: the same samples as x_train/x_val/x_test arrays).

Class 0: no motif; class 1: a TATA box (TATAAA); class 2: a CAAT box (GGCCAATCT). Sequences
are 40 to 80 bases of background DNA (40% GC), token ids A=1 C=2 G=3 T=4, padded with 0 to
80 (the Embedding's mask_zero skips the padding). One motif in ten carries a point mutation,
and class 0 sequences are redrawn until they hold neither motif, so the labels are exact.
Deterministic (seed 2024): `python examples/data/make_motifs.py` rewrites the same file.
"""

from __future__ import annotations

import os

import numpy as np

LENGTH, COUNT, SEED = 80, 1800, 2024
BASES = {"A": 1, "C": 2, "G": 3, "T": 4}
MOTIFS = {1: "TATAAA", 2: "GGCCAATCT"}
BACKGROUND = np.array([0.3, 0.2, 0.2, 0.3])  # A, C, G, T: 40% GC


def encode(text: str) -> np.ndarray:
    return np.array([BASES[b] for b in text], dtype=np.int8)


def contains(sequence: np.ndarray, motif: np.ndarray) -> bool:
    windows = np.lib.stride_tricks.sliding_window_view(sequence, len(motif))
    return bool((windows == motif).all(axis=1).any())


def background(rng, length: int) -> np.ndarray:
    return rng.choice(np.arange(1, 5, dtype=np.int8), size=length, p=BACKGROUND)


def sample(rng, label: int) -> np.ndarray:
    length = int(rng.integers(40, LENGTH + 1))
    motifs = [encode(m) for m in MOTIFS.values()]
    while True:
        sequence = background(rng, length)
        if not any(contains(sequence, m) for m in motifs):
            break
    if label:
        motif = encode(MOTIFS[label]).copy()
        if rng.random() < 0.1:  # a point mutation, as real sites vary
            motif[rng.integers(len(motif))] = rng.integers(1, 5)
        start = int(rng.integers(0, length - len(motif) + 1))
        sequence[start:start + len(motif)] = motif
    return np.pad(sequence, (0, LENGTH - length))


def main() -> None:
    rng = np.random.default_rng(SEED)
    labels = rng.integers(0, 3, size=COUNT).astype(np.int8)
    x = np.stack([sample(rng, int(label)) for label in labels])
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "motifs.npz")
    np.savez_compressed(path, x=x, y=labels)
    print(f"wrote {path}: x {x.shape} {x.dtype}, y {labels.shape}, classes "
          f"{np.bincount(labels).tolist()}")
    # the same samples in the other NPZ layout: the parts given as arrays, in order
    split = os.path.join(os.path.dirname(path), "motifs_split.npz")
    np.savez_compressed(split, x_train=x[:1400], y_train=labels[:1400], x_val=x[1400:1600],
                        y_val=labels[1400:1600], x_test=x[1600:], y_test=labels[1600:])
    print(f"wrote {split}: x_train 1400, x_val 200, x_test 200 of the same samples")


if __name__ == "__main__":
    main()
