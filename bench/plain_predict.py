"""The hand-written way to use a trained forecaster, as a user wrote it before `lstmspec
predict` existed: read the training CSV for the normalisation statistics (the first 70% of its
rows, as training fitted them), read the new CSV, cut every window, predict with Keras, undo the
scaling, write time, actual and predicted values as CSV.

    python bench/plain_predict.py TRAIN.csv MODEL.keras NEW.csv OUT.csv --window 24
"""

from __future__ import annotations

import argparse
import csv
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402

FEATURES, TARGET = ["a", "b", "c"], "a"


def read(path):
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r["step"] for r in rows], np.array([[float(r[c]) for c in FEATURES] for r in rows])


def main():
    parser = argparse.ArgumentParser()
    for name in ("train", "model", "new", "out"):
        parser.add_argument(name)
    parser.add_argument("--window", type=int, default=24)
    args = parser.parse_args()
    _, train = read(args.train)
    fitted = train[:round(len(train) * 0.7)]
    mean, std = fitted.mean(axis=0), fitted.std(axis=0)
    times, values = read(args.new)
    scaled = ((values - mean) / std).astype("float32")
    starts = np.arange(len(values) - args.window + 1)
    x = scaled[starts[:, None] + np.arange(args.window)]
    model = keras.saving.load_model(args.model)
    predicted = model.predict(x, batch_size=1024, verbose=0)[:, 0] * std[0] + mean[0]
    with open(args.out, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["step", TARGET, TARGET + "_predicted"])
        for i, start in enumerate(starts):
            row = start + args.window
            actual = f"{values[row, 0]:.9g}" if row < len(values) else ""
            writer.writerow([times[row] if row < len(times) else "", actual,
                             f"{predicted[i]:.9g}"])


if __name__ == "__main__":
    main()
