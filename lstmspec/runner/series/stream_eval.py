"""The test part of streamed data, scored one shard at a time: the model's forecasts back in
the original units (scaling inverted, transforms undone) with the baselines beside them, and
predictions.csv written row by row. Only the forecasts of the part are held (samples x
horizon x targets), never its windows; they are scored as the in-memory path scores them."""

from __future__ import annotations

import csv
import os

import numpy as np

from .. import steady
from . import baselines, columns
from .scores import Forecasts, original_units
from .stream import CHUNK, ShardStream
from .transforms import inverse


def shard_forecasts(stream: ShardStream, model, batch: int, part: str, shard: str, writer):
    """The Forecasts of one shard's samples of a part (None when it has none); their rows
    written to `writer`."""
    data = stream.data
    rows, plan = stream.prepared(shard)
    starts = plan.starts.get(part)
    if starts is None:
        return None
    found = []
    label = os.path.basename(shard)
    for begin, (x, _) in zip(range(0, len(starts), CHUNK), stream.windows_of(rows, plan, part)):
        first = starts[begin:begin + CHUNK] + stream.window
        found.append(chunk_forecasts(stream, rows, first, label,
                                     steady.predict(model, x)))
        made = found[-1]
        ids = [str(rows.table.series_names[g]) for g in rows.groups[first]] \
            if data.series else None  # a series id column beside the file's name
        for i, row in enumerate(first):
            writer.writerow([label] + ([ids[i]] if ids else []) + [rows.labels[int(row)]] + [
                f"{v:.9g}" for step in range(data.horizon) for t in range(len(data.targets))
                for v in (made.actual[i, step, t], made.guess[i, step, t])])
    return Forecasts.joined(found)


def chunk_forecasts(stream: ShardStream, rows, first: np.ndarray, label: str,
                    steps) -> Forecasts:
    """The forecasts of some samples of one shard (`label`: its file name)."""
    data, transform = stream.data, stream.data.target_transform
    steps = steps.reshape(len(first), data.horizon, len(data.targets))
    guess = stream.y_stats.invert(steps.astype(np.float64), np.zeros(len(first), np.int64))
    if transform is not None and transform.active:
        history = first[:, None] - transform.warmup + np.arange(transform.warmup)
        guess = inverse(guess, rows.raw_targets[history], transform)
    raw, groups = rows.raw_targets, rows.groups[first]
    names = [str(n) for n in rows.table.series_names]
    seasonal = None
    if stream.season:
        begins = np.array([b for b, _ in rows.table.segments], dtype=np.int64)[groups]
        seasonal = baselines.seasonal_naive(raw, first, data.horizon, stream.season, begins)
    keys = [names[g] if data.series else label for g in groups]
    unknown = np.full(len(data.targets), np.nan)
    scale = np.array([stream.scales.get(k, unknown) for k in keys], dtype=np.float64)
    return Forecasts(raw[first[:, None] + np.arange(data.horizon)], guess,
                     baselines.naive(raw, first, data.horizon), seasonal, scale,
                     np.array(keys, dtype=object) if data.series else None, stream.season)


def score_stream(stream: ShardStream, model, batch: int, part: str, path: str) -> dict:
    """Original-unit scores of a part; its predictions written to `path` (CSV)."""
    data = stream.data
    temp = path + ".partial"
    found = []
    with open(temp, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header(data))
        for shard in stream.files:
            made = shard_forecasts(stream, model, batch, part, shard, writer)
            if made is not None:
                found.append(made)
    os.replace(temp, path)
    return original_units(tuple(data.targets), Forecasts.joined(found))


def header(data) -> list:
    return ["shard"] + ([data.series] if data.series else []) + \
        ["row" if data.time is None else data.time] + \
        columns.actual_and_predicted(data.targets, data.horizon)
