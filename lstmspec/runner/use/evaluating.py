"""`evaluate` on a trained run: the metrics of its metrics.json on another data file, with
the naive and seasonal naive forecasts beside them, per target and per series, and MASE
scaled by the training part's in-sample error stored with the run."""

from __future__ import annotations

import numpy as np

from ...source.atomic import finite
from ..data.preparation import Preparation
from ..errors import DataError
from ..series import baselines
from ..series.scores import Forecasts, original_units
from ..series.verdict import score_lines, verdict
from .newdata import SeriesTable


def series_windows(prep: Preparation, table: SeriesTable):
    """(x, scaled y, first rows) of every window whose targets the table holds."""
    starts = np.arange(prep.warmup, table.rows - prep.window - prep.horizon + 1)
    first = starts + prep.window
    x = prep.inputs(table.features, starts, table.calendar)
    y = prep.scaled_targets(table.model_targets, first)
    return x, y, first


def mase_scale(prep: Preparation, name: str, written: str) -> np.ndarray:
    """The stored MASE scale of a series: by its id (data.series), the run's one series, or
    the training file of that name (a glob of files); unknown (NaN) otherwise."""
    stored = prep.mase_scale
    if prep.series_column:
        return baselines.scale_of(stored.get(name), len(prep.targets))
    if len(stored) == 1:
        return baselines.scale_of(next(iter(stored.values())), len(prep.targets))
    return baselines.scale_of(stored.get(written.replace("\\", "/").rsplit("/", 1)[-1]),
                              len(prep.targets))


def part_forecasts(prep: Preparation, name: str, part: SeriesTable, guess, first) -> Forecasts:
    """One series' forecasts beside its baselines, in the original units."""
    raw = part.targets
    seasonal = None
    if prep.season:
        seasonal = baselines.seasonal_naive(raw, first, prep.horizon, prep.season,
                                            np.zeros(len(first), dtype=np.int64))
    scale = np.repeat(mase_scale(prep, name, part.written)[None], len(first), axis=0)
    return Forecasts(raw[first[:, None] + np.arange(prep.horizon)], guess,
                     baselines.naive(raw, first, prep.horizon), seasonal, scale,
                     np.array([name] * len(first), dtype=object) if prep.series_column
                     else None, prep.season)


def evaluate_series(prep: Preparation, table: SeriesTable, keras_model, batch: int) -> dict:
    """Every window of each series whose targets the file holds; each series scaled by its
    own statistics (normalize_scope: series) and scored together."""
    xs, ys, made = [], [], []
    for name, part in table.parts():
        own = prep.for_series(name, table.written) if prep.series_column else prep
        x, y, first = series_windows(own, part)
        if not len(x):
            continue
        history = own.history(part.targets, first) if own.warmup else None
        guess = own.to_original(keras_model.predict(x, batch_size=batch, verbose=0), history)
        xs.append(x)
        ys.append(y)
        made.append(part_forecasts(own, name, part, guess, first))
    if not made:
        raise DataError(f"{table.written}: no series holds a window and its targets "
                        f"({prep.window} + {prep.horizon} rows): use a longer file")
    x, y = np.concatenate(xs), np.concatenate(ys)
    scores = keras_model.evaluate(x, y, batch_size=batch, verbose=0, return_dict=True)
    return {"data": table.written, "samples": len(x),
            **{k: finite(v) for k, v in scores.items()},
            "original_units": original_units(prep.targets, Forecasts.joined(made))}


def evaluate_samples(prep: Preparation, x, y, keras_model, batch: int, written: str) -> dict:
    y = y.astype(np.int32 if prep.classifier else np.float32)
    scores = keras_model.evaluate(x, y, batch_size=batch, verbose=0, return_dict=True)
    return {"data": written, "samples": len(x), **{k: finite(v) for k, v in scores.items()}}


def describe(metrics: dict) -> list[str]:
    """The text report: Keras's metrics, then the original units beside the baselines and the
    verdict."""
    shown = ", ".join(f"{k} {v:.4g}" for k, v in metrics.items()
                      if isinstance(v, float) and k != "samples")
    lines = [f"{metrics['data']} ({metrics['samples']} samples): {shown}"]
    units = metrics.get("original_units")
    if units:
        lines += score_lines(units)
        lines.append(f"  {verdict(units)}")
    return lines
