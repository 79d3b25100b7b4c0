"""The test part of streamed data, scored without holding it: one shard at a time, the
model's forecasts back in the original units (scaling inverted, transforms undone), the
errors and the naive forecast's summed per target, and predictions.csv written row by row."""

from __future__ import annotations

import csv
import os

import numpy as np

from .stream import CHUNK, ShardStream
from .transforms import inverse


class Sums:
    def __init__(self, targets: int):
        self.count = 0
        self.abs = np.zeros((2, targets))  # model, naive
        self.square = np.zeros((2, targets))

    def add(self, actual, guess, naive) -> None:
        for k, values in enumerate((guess, naive)):
            diff = (values - actual).reshape(-1, actual.shape[-1])
            self.abs[k] += np.abs(diff).sum(axis=0)
            self.square[k] += (diff ** 2).sum(axis=0)
        self.count += actual.shape[0] * actual.shape[1]

    def scores(self, names: list) -> dict:
        def pack(cols):
            n = self.count * len(cols)
            mae, naive_mae = (float(self.abs[k, cols].sum() / n) for k in (0, 1))
            rmse, naive_rmse = (float(np.sqrt(self.square[k, cols].sum() / n)) for k in (0, 1))
            return {"mae": mae, "rmse": rmse, "naive_mae": naive_mae, "naive_rmse": naive_rmse}

        out = pack(list(range(len(names))))
        per = {name: pack([t]) for t, name in enumerate(names)}
        if len(names) > 1:
            out["per_target"] = per
        out["beats_naive"] = all(s["mae"] < s["naive_mae"] for s in per.values())
        return out


def score_stream(stream: ShardStream, model, batch: int, part: str, path: str) -> dict:
    """Original-unit scores of a part; its predictions written to `path` (CSV)."""
    data = stream.data
    transform = data.target_transform
    sums = Sums(len(data.targets))
    temp = path + ".partial"
    with open(temp, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header(data))
        for shard in stream.files:
            rows, plan = stream.prepared(shard)
            starts = plan.starts.get(part)
            if starts is None:
                continue
            chunks = stream.windows_of(rows, plan, part)
            for begin, (x, _) in zip(range(0, len(starts), CHUNK), chunks):
                first = starts[begin:begin + CHUNK] + stream.window
                steps = model.predict(x, batch_size=batch, verbose=0)
                steps = steps.reshape(len(x), data.horizon, len(data.targets))
                guess = stream.y_stats.invert(steps.astype(np.float64),
                                              np.zeros(len(x), np.int64))
                if transform is not None and transform.active:
                    history = first[:, None] - transform.warmup + np.arange(transform.warmup)
                    guess = inverse(guess, rows.raw_targets[history], transform)
                actual = rows.raw_targets[first[:, None] + np.arange(data.horizon)]
                naive = np.repeat(rows.raw_targets[first - 1][:, None, :], data.horizon, 1)
                sums.add(actual, guess, naive)
                label = os.path.basename(shard)
                for i, row in enumerate(first):
                    writer.writerow([label, rows.labels[int(row)]] + [
                        f"{v:.9g}" for step in range(data.horizon)
                        for t in range(len(data.targets))
                        for v in (actual[i, step, t], guess[i, step, t])])
    os.replace(temp, path)
    return sums.scores(list(data.targets))


def header(data) -> list:
    out = ["shard", data.time or "row"]
    for step in range(data.horizon):
        suffix = f"+{step + 1}" if data.horizon > 1 else ""
        for name in data.targets:
            out += [f"{name}{suffix}", f"{name}{suffix}_predicted"]
    return out
