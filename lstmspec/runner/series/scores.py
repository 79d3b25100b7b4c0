"""A series model's errors in the original units beside its baselines (series/baselines.py):
MAE, RMSE, sMAPE and MASE of the model, the naive and the seasonal naive forecasts, over all
targets and series together (pooled), per target and per series; and whether the model beats
each baseline on every target of every series (`beats_naive`, `beats_seasonal_naive`).

The pooled MAE and RMSE add up errors in each target's and series' own units: they mean
something only when those share a scale. sMAPE (a percentage) and MASE (errors divided by
each series' in-sample naive error) are scale-free, so their pooled values are fair means.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...source.atomic import finite
from . import columns


@dataclass
class Forecasts:
    """One part's forecasts and baselines in the original units, (samples, horizon, targets)."""

    actual: np.ndarray
    guess: np.ndarray
    naive: np.ndarray
    seasonal: np.ndarray | None  # None without a season; NaN where no value one season back
    scale: np.ndarray  # (samples, targets): the MASE scale of each sample's series
    series: np.ndarray | None = None  # (samples,) the series id of each sample (data.series)
    season: int | None = None

    @classmethod
    def joined(cls, parts: list) -> "Forecasts":
        """Several parts (one per series) as one."""
        first = parts[0]
        cat = (lambda name: None if getattr(first, name) is None else
               np.concatenate([getattr(p, name) for p in parts]))
        return cls(cat("actual"), cat("guess"), cat("naive"), cat("seasonal"), cat("scale"),
                   cat("series"), first.season)


def smape(actual: np.ndarray, guess: np.ndarray) -> float | None:
    """Symmetric MAPE in percent (0 to 200): the mean of 2|F - A| / (|A| + |F|), a term
    being 0 where both are 0."""
    if not actual.size:
        return None
    size = np.abs(actual) + np.abs(guess)
    with np.errstate(invalid="ignore", divide="ignore"):
        terms = np.where(size > 0, 2 * np.abs(guess - actual) / size, 0.0)
    return finite(100 * terms.mean())


def scaled_mae(errors: np.ndarray, scale: np.ndarray) -> float | None:
    """Mean of |error| / scale; None when a scale is unknown or zero (said in mase_note)."""
    if not errors.size or not (np.isfinite(scale) & (scale > 0)).all():
        return None
    return finite((np.abs(errors) / scale[:, None, :]).mean())


def mean_abs(errors: np.ndarray) -> float | None:
    return finite(np.abs(errors).mean()) if errors.size else None


def block(f: Forecasts, rows: np.ndarray, cols: list) -> dict:
    """The scores of the samples `rows` (bool mask) and the target columns `cols`."""
    a, g, n = (v[rows][..., cols] for v in (f.actual, f.guess, f.naive))
    scale = f.scale[rows][:, cols]
    out = {"mae": mean_abs(g - a), "rmse": finite(np.sqrt(((g - a) ** 2).mean())),
           "smape": smape(a, g), "mase": scaled_mae(g - a, scale),
           "naive_mae": mean_abs(n - a), "naive_rmse": finite(np.sqrt(((n - a) ** 2).mean())),
           "naive_mase": scaled_mae(n - a, scale)}
    if f.seasonal is not None:
        s = f.seasonal[rows][..., cols]
        known = ~np.isnan(s).reshape(len(s), -1).any(axis=1)  # whole windows only
        out["seasonal_naive_mae"] = mean_abs(s[known] - a[known])
        out["seasonal_naive_mase"] = scaled_mae(s[known] - a[known], scale[known])
        if not known.all():  # compared on the windows that have a value one season back
            out["seasonal_naive_windows"] = int(known.sum())
            out["mae_on_those_windows"] = mean_abs(g[known] - a[known])
    if out["mase"] is None and len(a):
        out["mase_note"] = mase_note(scale)
    return out


def mase_note(scale: np.ndarray) -> str:
    if (scale == 0).any():
        return ("undefined: the training part is constant, so the in-sample naive error that "
                "scales MASE is 0 (any error would be infinitely many times it); see mae")
    return ("undefined: the training part holds no pair of values one season (or, without a "
            "season, one row) apart, or the run did not train on this series; see mae")


def beats(scores: dict, baseline: str) -> bool | None:
    """Whether one cell's model error is below the baseline's (None: cannot tell)."""
    if baseline == "naive":
        mine, theirs = scores["mae"], scores["naive_mae"]
    else:
        mine = scores.get("mae_on_those_windows", scores["mae"])
        theirs = scores.get("seasonal_naive_mae")
    if mine is None or theirs is None:
        return None
    return mine < theirs


def cells(f: Forecasts, targets: tuple) -> dict:
    """(series id, target) -> the scores of that one series and target."""
    names = [None] if f.series is None else list(dict.fromkeys(f.series.tolist()))
    everything = np.ones(len(f.actual), dtype=bool)
    return {(name, target): block(f, everything if name is None else f.series == name, [t])
            for name in names for t, target in enumerate(targets)}


def with_verdict(scores: dict, own: list, seasonal: bool) -> dict:
    """`beats_naive`/`beats_seasonal_naive` of a block: every one of its cells beats it
    (None when a cell cannot tell)."""
    for baseline, key in (("naive", "beats_naive"), ("seasonal", "beats_seasonal_naive")):
        if baseline == "seasonal" and not seasonal:
            scores[key] = None
            continue
        verdicts = [beats(cell, baseline) for cell in own]
        scores[key] = None if None in verdicts else all(verdicts)
    return scores


def original_units(targets: tuple, f: Forecasts) -> dict:
    """metrics.json's `original_units`: pooled over everything, `per_target` (several
    targets), `per_series` (data.series, each with its own `per_target`), the season and the
    stronger baseline."""
    table = cells(f, targets)
    seasonal = f.seasonal is not None
    everything = np.ones(len(f.actual), dtype=bool)
    cols = list(range(len(targets)))
    out = with_verdict(block(f, everything, cols), list(table.values()), seasonal)
    if len(targets) > 1:
        out["per_target"] = {target: with_verdict(block(f, everything, [t]),
                                                  [c for (_, n), c in table.items()
                                                   if n == target], seasonal)
                             for t, target in enumerate(targets)}
    if f.series is not None:
        out["per_series"] = {}
        for name in dict.fromkeys(f.series.tolist()):
            own = {target: c for (s, target), c in table.items() if s == name}
            one = with_verdict(block(f, f.series == name, cols), list(own.values()), seasonal)
            if len(targets) > 1:
                one["per_target"] = {t: with_verdict(dict(c), [c], seasonal)
                                     for t, c in own.items()}
            out["per_series"][str(name)] = one
    out["season"] = f.season
    out["stronger_baseline"] = stronger(out)
    return out


def stronger(scores: dict) -> str:
    """The baseline with the lower pooled MASE (MAE when MASE is undefined): seasonal_naive
    or naive."""
    if scores.get("seasonal_naive_mae") is None:
        return "naive"
    key = "mase" if scores.get("naive_mase") is not None and \
        scores.get("seasonal_naive_mase") is not None else "mae"
    naive, seasonal = scores[f"naive_{key}"], scores[f"seasonal_naive_{key}"]
    return "seasonal_naive" if seasonal <= naive else "naive"


def series_table(dataset, part: str, predicted: np.ndarray):
    """The header and rows of predictions.csv: the series id (with data.series), the time
    of the first forecast row, then each target's actual and predicted value per step."""
    actual, guess = dataset.actual(part), dataset.original(part, predicted)
    ids = dataset.series_label(part)
    header = ([dataset.series_column] if ids else []) + [dataset.time_name]
    header += columns.actual_and_predicted(dataset.target_names, dataset.horizon)
    rows = []
    for i, first in enumerate(dataset.first_rows[part]):
        row = ([ids[i]] if ids else []) + [dataset.row_labels[int(first)]]
        for step in range(dataset.horizon):
            for t in range(len(dataset.target_names)):
                row += [f"{actual[i, step, t]:.9g}", f"{guess[i, step, t]:.9g}"]
        rows.append(row)
    return header, rows
