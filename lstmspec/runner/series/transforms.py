"""Target transforms that predictions undo: log (or log1p, for values with zeros), then
differencing (`difference` times, each the change from `lag` rows before). The model learns
the transformed targets; metrics, predictions, plots and the baselines are given in the
original units.

Differencing runs within each series: its first difference x lag rows have no value (NaN),
so no window uses them. Undoing it for a forecast needs the last difference x lag original
values before the first forecast row, which always lie inside the sample's own history.
"""

from __future__ import annotations

import numpy as np

from ..errors import DataError


def forward(values: np.ndarray, segments: list, spec, names: list, rows, written: str):
    """The transformed target columns (rows, targets); NaN where there is no value."""
    out = values.astype(np.float64).copy()
    if spec.log:
        bad = np.argwhere(~(out > 0) & ~np.isnan(out))
        if len(bad):
            row, column = (int(v) for v in bad[0])
            hint = "use log1p: true for a column with zeros" if values[row, column] == 0 else \
                "remove log, or shift the column"
            raise DataError(f"{written}, {rows.where(row)}, column '{names[column]}': "
                            f"{values[row, column]:g} has no logarithm (target_transform.log "
                            f"needs values > 0): {hint}")
        out = np.log(out)
    if spec.log1p:
        bad = np.argwhere(out < 0)
        if len(bad):
            row, column = (int(v) for v in bad[0])
            raise DataError(f"{written}, {rows.where(row)}, column '{names[column]}': "
                            f"{values[row, column]:g} is negative (target_transform.log1p is "
                            "for values >= 0): remove log1p, or fix the value")
        out = np.log1p(out)
    for _ in range(spec.difference):
        changed = np.full_like(out, np.nan)
        for begin, end in segments:
            changed[begin + spec.lag:end] = out[begin + spec.lag:end] - out[begin:end - spec.lag]
        out = changed
    return out


def inverse(steps: np.ndarray, history: np.ndarray, spec) -> np.ndarray:
    """Original-unit forecasts from transformed ones.

    steps: (samples, horizon, targets) forecasts of the transformed values;
    history: (samples, difference x lag, targets) original values just before the first
    forecast row (empty without differencing).
    """
    base = np.log(history) if spec.log else np.log1p(history) if spec.log1p else \
        history.astype(np.float64)
    levels = [base]  # levels[k]: the k-th difference of the history
    for _ in range(spec.difference):
        levels.append(levels[-1][:, spec.lag:] - levels[-1][:, :-spec.lag])
    # levels[k] holds (difference - k) x lag values; extend every order step by step
    series = [np.asarray(level) for level in levels]
    out = np.empty_like(steps, dtype=np.float64)
    for h in range(steps.shape[1]):
        value = steps[:, h]
        for k in range(spec.difference - 1, -1, -1):
            value = value + series[k][:, -spec.lag]
            series[k] = np.concatenate([series[k], value[:, None]], axis=1)
        out[:, h] = value
    return np.exp(out) if spec.log else np.expm1(out) if spec.log1p else out
