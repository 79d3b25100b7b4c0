"""`evaluate` on a trained run: the metrics of its metrics.json on another data file, with
the naive forecast beside them and, for several targets, each target in its own units."""

from __future__ import annotations

import numpy as np

from ...source.atomic import finite
from ..data.preparation import Preparation
from ..errors import DataError
from ..series.scores import naive_warning, original_units
from .newdata import SeriesTable


def series_windows(prep: Preparation, table: SeriesTable):
    """(x, scaled y, actual, naive) of every window whose targets the table holds."""
    starts = np.arange(prep.warmup, table.rows - prep.window - prep.horizon + 1)
    first = starts + prep.window
    x = prep.inputs(table.features, starts, table.calendar)
    y = prep.scaled_targets(table.model_targets, first)
    actual = table.targets[first[:, None] + np.arange(prep.horizon)]
    naive = np.repeat(table.targets[first - 1][:, None, :], prep.horizon, axis=1)
    return x, y, actual, naive, first


def evaluate_series(prep: Preparation, table: SeriesTable, keras_model, batch: int) -> dict:
    """Every window of each series whose targets the file holds; each series scaled by its
    own statistics (normalize_scope: series) and scored together."""
    parts = []
    for name, part in table.parts():
        own = prep.for_series(name, table.written) if prep.series_column else prep
        x, y, actual, naive, first = series_windows(own, part)
        if len(x):
            parts.append((own, x, y, actual, naive, own.history(part.targets, first)))
    if not parts:
        raise DataError(f"{table.written}: no series holds a window and its targets "
                        f"({prep.window} + {prep.horizon} rows): use a longer file")
    x, y, actual, naive = (np.concatenate([p[i] for p in parts]) for i in range(1, 5))
    scores = keras_model.evaluate(x, y, batch_size=batch, verbose=0, return_dict=True)
    guess = np.concatenate([
        own.to_original(keras_model.predict(px, batch_size=batch, verbose=0),
                        history if own.warmup else None)
        for own, px, _, _, _, history in parts])
    return {"data": table.written, "samples": len(x),
            **{k: finite(v) for k, v in scores.items()},
            "original_units": original_units(prep.targets, actual, guess, naive)}


def evaluate_samples(prep: Preparation, x, y, keras_model, batch: int, written: str) -> dict:
    y = y.astype(np.int32 if prep.classifier else np.float32)
    scores = keras_model.evaluate(x, y, batch_size=batch, verbose=0, return_dict=True)
    return {"data": written, "samples": len(x), **{k: finite(v) for k, v in scores.items()}}


def describe(metrics: dict) -> list[str]:
    """The text report: Keras's metrics, then the original units beside the naive forecast."""
    shown = ", ".join(f"{k} {v:.4g}" for k, v in metrics.items()
                      if isinstance(v, float) and k != "samples")
    lines = [f"{metrics['data']} ({metrics['samples']} samples): {shown}"]
    units = metrics.get("original_units")
    if units:
        lines.append(units_line("in the original units", units))
        for name, scores in units.get("per_target", {}).items():
            lines.append(units_line(f"  {name}", scores))
        warning = naive_warning(units)
        lines += [f"  {warning}"] if warning else []
    return lines


def units_line(what: str, units: dict) -> str:
    return (f"  {what}: MAE {units['mae']:.4g}, RMSE {units['rmse']:.4g} (naive forecast, last "
            f"value repeated: MAE {units['naive_mae']:.4g}, RMSE {units['naive_rmse']:.4g})")
