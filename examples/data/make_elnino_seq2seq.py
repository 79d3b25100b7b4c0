"""Generate elnino_seq2seq.npz from elnino.csv: windows for an encoder-decoder with two inputs.

For every month t with 24 months before it and 6 after (703 samples, in time order):
  past   (24, 3): the 24 months before t: sea surface temperature (standardised) and the
                  month of the year as a sine and a cosine;
  future (6, 2):  the next 6 months' month of the year (sine, cosine): covariates known in
                  advance, for the decoder;
  y      (6, 1):  the next 6 months' standardised temperature, to forecast.
The standardisation uses the mean and standard deviation of the first 70% of the months (the
part the config trains on), so nothing of the later months leaks into training.
Deterministic: `python examples/data/make_elnino_seq2seq.py` rewrites the same file.
"""

from __future__ import annotations

import csv
import os

import numpy as np

PAST, AHEAD, TRAIN = 24, 6, 0.7
HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> None:
    with open(os.path.join(HERE, "elnino.csv"), newline="") as handle:
        rows = list(csv.DictReader(handle))
    sst = np.array([float(r["sst"]) for r in rows])
    month = np.array([int(r["month"][5:7]) for r in rows])
    train = sst[:int(len(sst) * TRAIN)]
    z = (sst - train.mean()) / train.std()
    angle = 2 * np.pi * (month - 1) / 12
    season = np.stack([np.sin(angle), np.cos(angle)], axis=1)
    starts = range(PAST, len(sst) - AHEAD + 1)
    past = np.stack([np.column_stack([z[t - PAST:t], season[t - PAST:t]]) for t in starts])
    future = np.stack([season[t:t + AHEAD] for t in starts])
    y = np.stack([z[t:t + AHEAD, None] for t in starts])
    np.savez_compressed(os.path.join(HERE, "elnino_seq2seq.npz"), past=past.astype(np.float32),
                        future=future.astype(np.float32), y=y.astype(np.float32))


if __name__ == "__main__":
    main()
