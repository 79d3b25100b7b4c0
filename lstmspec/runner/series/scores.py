"""A series model's test errors in the original units, per target and beside the naive
forecast (every step equals the last value of the window, per series), and the rows of its
predictions table."""

from __future__ import annotations

import math

import numpy as np


def _finite(value) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def errors(values: np.ndarray, actual: np.ndarray) -> tuple:
    diff = values - actual
    return _finite(np.abs(diff).mean()), _finite(np.sqrt((diff ** 2).mean()))


def series_scores(dataset, part: str, predicted: np.ndarray) -> dict:
    """metrics.json's `original_units` (as `evaluate` computes them: over all targets, and
    per target when there are several), with `beats_naive`: whether the model's MAE is
    below the naive one for every target."""
    from ..evaluating import original_units

    actual, guess, naive = dataset.actual(part), dataset.original(part, predicted), \
        dataset.naive(part)
    return original_units(tuple(dataset.target_names), actual, guess, naive)


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
