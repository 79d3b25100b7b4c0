"""Samples of a table of series: windows that never cross two series and never touch a row
without a value, the split (by time within each series, or by whole series), and the
normalisation statistics of the training rows (global, or per series)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...datafacts.windows import PARTS, layout, ordered_counts
from ..errors import DataError


@dataclass(frozen=True)
class Plan:
    starts: dict  # part -> first input row of each sample (rows of the whole table)
    fit_rows: np.ndarray  # bool per row: the training rows, whose statistics normalise
    train_rows: np.ndarray | None = None  # bool per row: the training part, usable or not


def plan_samples(segments: list, usable: np.ndarray, window: int, horizon: int, stride: int,
                 fractions: tuple, split_by: str = "time") -> Plan:
    """Every sample start, by part; a window and its targets lie in one series and use only
    rows where `usable` is true."""
    span = window + horizon
    bad = np.concatenate(([0], np.cumsum(~usable)))  # bad[b] - bad[a]: unusable rows in [a, b)
    starts = {part: [] for part in PARTS}
    fit_rows = np.zeros(len(usable), dtype=bool)
    parts_of = _series_parts(len(segments), fractions) if split_by == "series" else None
    for index, (begin, end) in enumerate(segments):
        length = end - begin
        if parts_of is not None:
            part = parts_of[index]
            found = np.arange(0, max(0, length - span + 1), stride, dtype=np.int64)
            starts[part].append(begin + found)
            if part == "train":
                fit_rows[begin:end] = True
            continue
        plan = layout(length, window, horizon, stride, fractions)
        for part in PARTS:
            starts[part].append(begin + np.asarray(plan.starts(part), dtype=np.int64))
        fit_begin, fit_end = plan.fit_rows
        fit_rows[begin + fit_begin:begin + fit_end] = True
    out = {}
    for part in PARTS:
        found = np.concatenate(starts[part]) if starts[part] else np.zeros(0, np.int64)
        clean = bad[found + span] - bad[found] == 0
        if len(found[clean]):
            out[part] = found[clean]
    return Plan(out, fit_rows & usable, fit_rows)


def _series_parts(count: int, fractions: tuple) -> list:
    sizes = ordered_counts(count, fractions)
    return [part for part, size in zip(PARTS, sizes) for _ in range(size)]


@dataclass(frozen=True)
class Statistics:
    """Per-column shift and scale, one row per series (one row in all when global)."""

    shift: np.ndarray  # (groups, columns)
    scale: np.ndarray

    def rows_of(self, groups: np.ndarray) -> tuple:
        at = groups if len(self.shift) > 1 else np.zeros_like(groups)
        return self.shift[at], self.scale[at]

    def apply(self, values: np.ndarray, groups: np.ndarray) -> np.ndarray:
        shift, scale = self.rows_of(groups)
        return (values - shift) / scale

    def invert(self, values: np.ndarray, groups: np.ndarray) -> np.ndarray:
        """values: (samples, ..., columns), groups: the series of each sample."""
        shift, scale = self.rows_of(groups)
        extra = (1,) * (values.ndim - 2)
        shape = (len(groups),) + extra + (values.shape[-1],)
        return values * scale.reshape(shape) + shift.reshape(shape)


def fit_statistics(values: np.ndarray, fit_rows: np.ndarray, how: str, groups: np.ndarray,
                   per_series: bool, names: list, series_names: list) -> Statistics:
    """Statistics of the training rows (NaN-aware); a group with no training row is an
    error (it cannot be normalised honestly)."""
    count = int(groups.max()) + 1 if per_series and len(groups) else 1
    shift = np.zeros((count, values.shape[1]))
    scale = np.ones((count, values.shape[1]))
    for group in range(count):
        rows = fit_rows & (groups == group) if per_series else fit_rows
        part = values[rows]
        if how == "none" or not values.shape[1]:
            continue
        if not len(part):
            who = f"series '{series_names[group]}'" if per_series else "the data"
            raise DataError(f"{who} has no training row with values to normalise with: "
                            "use a longer series, normalize_scope: global, or normalize: none")
        with np.errstate(invalid="ignore"):
            if how == "standard":
                low, size = np.nanmean(part, axis=0), np.nanstd(part, axis=0)
            else:
                low = np.nanmin(part, axis=0)
                size = np.nanmax(part, axis=0) - low
        shift[group] = np.where(np.isfinite(low), low, 0.0)
        scale[group] = np.where(np.isfinite(size) & (size > 0), size, 1.0)
    return Statistics(shift, scale)
