"""Write japanese_vowels.npz from UEA JapaneseVowels as the sktime package ships it
(`sktime/datasets/data/JapaneseVowels/JapaneseVowels_TRAIN.ts`): the 270 training utterances,
in the order the archive stores them (sorted by speaker: 30 of speaker 1, then 30 of speaker
2, ...), each 7-29 frames of 12 LPC cepstrum coefficients, zero-padded at the end to 29 frames
(a Masking layer skips the padding).

Arrays: `x` (270, 29, 12) float32, `y` (270,) int64 (speaker 1..9 as class ids 0..8),
`classes` (9,) <U9 ("speaker 1" ... "speaker 9": the names, read without pickle).
Run: `pip install sktime && python examples/data/make_japanese_vowels.py` (rewrites the file).
"""

from __future__ import annotations

import os

import numpy as np


def main() -> None:
    from sktime.datasets import load_japanese_vowels

    frames, labels = load_japanese_vowels(split="train", return_X_y=True)
    length, channels = 29, frames.shape[1]
    x = np.zeros((len(frames), length, channels), dtype=np.float32)
    for i in range(len(frames)):
        series = np.stack([frames.iloc[i, c].to_numpy() for c in range(channels)], axis=1)
        x[i, :len(series)] = series
    y = np.array([int(label) - 1 for label in labels], dtype=np.int64)
    classes = np.array([f"speaker {k}" for k in range(1, 10)])
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "japanese_vowels.npz")
    np.savez_compressed(out, x=x, y=y, classes=classes)
    print(f"{out}: x {x.shape}, y {y.shape} (classes {np.bincount(y).tolist()}), "
          f"classes {classes.dtype}")


if __name__ == "__main__":
    main()
