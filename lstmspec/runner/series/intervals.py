"""Prediction intervals by split conformal prediction (Vovk et al. 2005; Lei et al. 2018): the
absolute errors of the trained model on the validation part, which it never trained on, are
kept with the run (`conformal.npz`); an interval at level a around a forecast is +-q, q the
ceil((n + 1) a)-th smallest of the n errors of the same horizon step, target and series.
When validation and later windows are exchangeable, at least a of them fall inside.

NumPy only; the file is written atomically and read without pickle."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import numpy as np

from ...source.atomic import write_bytes

FILE = "conformal.npz"
REPORTED_LEVEL = 0.9  # the level whose coverage and width metrics.json reports


def rank(count: int, level: float) -> int | None:
    """The 1-based order statistic of `count` errors that bounds a level-`level` interval;
    None when there are too few errors for it (the interval would be unbounded)."""
    k = math.ceil((count + 1) * level - 1e-9)
    return k if 1 <= k <= count else None


def quantiles(errors: np.ndarray, level: float) -> np.ndarray:
    """(horizon, targets): the conformal quantile of each step and target of `errors`
    (samples, horizon, targets); NaN where the samples are too few."""
    k = rank(len(errors), level)
    if k is None:
        return np.full(errors.shape[1:], np.nan)
    return np.sort(errors, axis=0)[k - 1]


@dataclass(frozen=True)
class Band:
    """The quantiles of one level, per series ("" without data.series)."""

    level: float
    by_series: dict  # series id -> (horizon, targets) half-widths (NaN: too few errors)
    windows: dict  # series id -> validation windows

    def of(self, name: str) -> np.ndarray | None:
        return self.by_series.get(name)

    def shortfall(self) -> str | None:
        """A note for the series whose validation part is too small for this level."""
        short = [name for name, q in self.by_series.items() if np.isnan(q).any()]
        if not short:
            return None
        need = math.ceil(self.level / (1 - self.level) - 1e-9)
        who = ", ".join(f"'{n}' ({self.windows[n]})" for n in short[:3]) if short != [""] \
            else f"the series ({self.windows['']})"
        return (f"note: a {self.level:g} interval needs at least {need} validation windows; "
                f"{who} {'has' if len(short) == 1 else 'have'} fewer: its bounds are left "
                "empty (a larger data.split.validation, or a lower --interval)")


@dataclass(frozen=True)
class Conformal:
    """The validation errors of a run: (samples, horizon, targets) and each one's series."""

    errors: np.ndarray
    series: np.ndarray  # str per sample

    def at(self, level: float) -> Band:
        names = list(dict.fromkeys(self.series.tolist()))
        return Band(level, {n: quantiles(self.errors[self.series == n], level) for n in names},
                    {n: int((self.series == n).sum()) for n in names})


def errors_of(made) -> Conformal:
    """The validation part's Forecasts (series/scores.py) as conformal errors."""
    series = made.series.astype(str) if made.series is not None else \
        np.full(len(made.actual), "", dtype=str)
    return Conformal(np.abs(made.guess - made.actual), series)


def write(path: str, conformal: Conformal) -> None:
    buffer = io.BytesIO()
    np.savez(buffer, errors=conformal.errors.astype(np.float64),
             series=conformal.series.astype(str))
    write_bytes(path, buffer.getvalue())


def from_bytes(data: bytes) -> Conformal:
    """A conformal.npz's contents (verified by the caller against run.json)."""
    with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
        return Conformal(arrays["errors"], arrays["series"])


def coverage(made, band: Band) -> dict:
    """metrics.json's `interval`: the share of the part's actual values inside the band
    around its forecasts, and the mean width, where the band is bounded."""
    names = made.series.astype(str) if made.series is not None else \
        np.full(len(made.actual), "", dtype=str)
    half = np.stack([band.of(n) if band.of(n) is not None else
                     np.full(made.actual.shape[1:], np.nan) for n in names])
    bounded = ~np.isnan(half)
    inside = np.abs(made.actual - made.guess) <= half
    out = {"level": band.level, "validation_windows": int(sum(band.windows.values())),
           "coverage": float(inside[bounded].mean()) if bounded.any() else None,
           "mean_width": float(2 * half[bounded].mean()) if bounded.any() else None}
    if not bounded.all():
        out["unbounded_values"] = int((~bounded).sum())
    return out
