"""A series model's test errors in the original units, per target and beside the naive
forecast (every step equals the last value of the window, per series), and the rows of its
predictions table."""

from __future__ import annotations

import numpy as np

from ...source.atomic import finite


def errors(values: np.ndarray, actual: np.ndarray) -> tuple:
    diff = values - actual
    return finite(np.abs(diff).mean()), finite(np.sqrt((diff ** 2).mean()))


def series_scores(dataset, part: str, predicted: np.ndarray) -> dict:
    """metrics.json's `original_units` (as `evaluate` computes them: over all targets, and
    per target when there are several), with `beats_naive`: whether the model's MAE is
    below the naive one for every target."""
    actual, guess, naive = dataset.actual(part), dataset.original(part, predicted), \
        dataset.naive(part)
    return original_units(tuple(dataset.target_names), actual, guess, naive)


def error_scores(actual: np.ndarray, guess: np.ndarray, naive: np.ndarray) -> dict:
    """MAE and RMSE of the forecasts and of the naive forecast (arrays of the same shape)."""
    mae, rmse = errors(guess, actual)
    naive_mae, naive_rmse = errors(naive, actual)
    return {"mae": mae, "rmse": rmse, "naive_mae": naive_mae, "naive_rmse": naive_rmse}


def original_units(targets: tuple, actual, guess, naive) -> dict:
    """metrics.json's `original_units`: over all targets, and per target when there are
    several (their units differ: a mean over them mixes degrees with millimetres)."""
    out = error_scores(actual, guess, naive)
    each = {name: error_scores(actual[..., t], guess[..., t], naive[..., t])
            for t, name in enumerate(targets)}
    if len(targets) > 1:
        out["per_target"] = each
    out["beats_naive"] = all(s["mae"] is not None and s["naive_mae"] is not None and
                             s["mae"] < s["naive_mae"] for s in each.values())
    return out


def naive_warning(units: dict) -> str | None:
    """One line when the model does not beat repeating the last value."""
    if units.get("beats_naive", True):
        return None
    per_target = units.get("per_target") or {"": units}
    worse = [(name, s) for name, s in per_target.items()
             if s["mae"] is None or s["naive_mae"] is None or s["mae"] >= s["naive_mae"]]
    shown = "; ".join(f"{repr(name) + ' ' if name else ''}MAE {_num(s['mae'])} vs naive "
                      f"{_num(s['naive_mae'])}" for name, s in worse[:3])
    return (f"warning: the model does not beat the naive forecast (the last value repeated): "
            f"{shown}; try data.target_transform: {{difference: 1}}, a longer window or more "
            "epochs")


def _num(value) -> str:
    return "nan" if value is None else f"{value:.4g}"


def series_table(dataset, part: str, predicted: np.ndarray):
    """The header and rows of predictions.csv: the series id (with data.series), the time
    of the first forecast row, then each target's actual and predicted value per step."""
    actual, guess = dataset.actual(part), dataset.original(part, predicted)
    ids = dataset.series_label(part)
    header = ([dataset.series_column] if ids else []) + [dataset.time_name]
    for step in range(dataset.horizon):
        suffix = f"+{step + 1}" if dataset.horizon > 1 else ""
        for name in dataset.target_names:
            header += [f"{name}{suffix}", f"{name}{suffix}_predicted"]
    rows = []
    for i, first in enumerate(dataset.first_rows[part]):
        row = ([ids[i]] if ids else []) + [dataset.row_labels[int(first)]]
        for step in range(dataset.horizon):
            for t in range(len(dataset.target_names)):
                row += [f"{actual[i, step, t]:.9g}", f"{guess[i, step, t]:.9g}"]
        rows.append(row)
    return header, rows
