"""The baselines a forecast is judged against, NumPy only: the naive forecast (the last value
of the window repeated), the seasonal naive forecast (the value one season before each
forecast row), the season a frequency implies, and the scale of MASE: the in-sample MAE of
the seasonal naive forecast (lag 1 without a season) over the training part of each series
(Hyndman and Koehler 2006, "Another look at measures of forecast accuracy")."""

from __future__ import annotations

import numpy as np

DAY = 86400
# data.season's default by step (seconds or months): one day of sub-daily rows, a week of
# days, a year of weeks, months or quarters; none for years and plain steps.
SECONDS_SEASON = {1800: 48, 3600: 24, DAY: 7, 7 * DAY: 52}
MONTHS_SEASON = {1: 12, 3: 4}


def default_season(step) -> int | None:
    """The season of a time step (series.timeaxis.Step), or None."""
    if step is None:
        return None
    if step.unit == "month":
        return MONTHS_SEASON.get(int(step.size))
    if step.unit != "second":
        return None
    size = int(step.size)
    if size in SECONDS_SEASON:
        return SECONDS_SEASON[size]
    if 0 < size < DAY and DAY % size == 0:  # 15 minutes, 6 hours: a day of rows
        return DAY // size
    return None


def resolved_season(given: int | None, step) -> int | None:
    """data.season as set (1: no season), else from the step."""
    if given is not None:
        return given if given > 1 else None
    return default_season(step)


def naive(raw: np.ndarray, first: np.ndarray, horizon: int) -> np.ndarray:
    """(samples, horizon, targets): every step equals the row before the first forecast row."""
    return np.repeat(raw[first - 1][:, None, :], horizon, axis=1)


def seasonal_rows(first: np.ndarray, horizon: int, season: int) -> np.ndarray:
    """(samples, horizon): the row one season before each forecast row, stepping back whole
    seasons until it lies before the first forecast row (known at the forecast origin)."""
    steps = np.arange(horizon)
    return first[:, None] + steps - season * (steps // season + 1)


def seasonal_naive(raw: np.ndarray, first: np.ndarray, horizon: int, season: int,
                   begins: np.ndarray) -> np.ndarray:
    """(samples, horizon, targets); NaN where that row lies before the start of the sample's
    series (`begins`: the first row of each sample's series) or is a gap."""
    rows = seasonal_rows(first, horizon, season)
    inside = rows >= begins[:, None]
    out = raw[np.where(inside, rows, 0)].astype(np.float64)
    out[~inside] = np.nan
    return out


def in_sample_scale(raw: np.ndarray, train: np.ndarray, lag: int) -> np.ndarray:
    """(targets,): the mean |y[t] - y[t - lag]| over the rows t of one series where both rows
    are training rows with values; NaN when there is no such pair, 0 for a constant part."""
    if len(raw) <= lag:
        return np.full(raw.shape[1], np.nan)
    diff = np.abs(raw[lag:] - raw[:-lag])
    both = (train[lag:] & train[:-lag])[:, None] & ~np.isnan(diff)
    count = both.sum(axis=0)
    total = np.where(both, diff, 0.0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def scales(raw: np.ndarray, train: np.ndarray, segments: list, season: int | None) -> list:
    """The MASE scale of each series (a list over `segments` of (targets,) arrays)."""
    lag = season or 1
    return [in_sample_scale(raw[begin:end], train[begin:end], lag) for begin, end in segments]


def scale_json(values: np.ndarray) -> list:
    """A scale for JSON: None where it is unknown."""
    return [None if not np.isfinite(v) else float(v) for v in values]


def scale_of(stored: list | None, targets: int) -> np.ndarray:
    """A scale read back from JSON (None -> NaN); all NaN when nothing was stored."""
    if stored is None:
        return np.full(targets, np.nan)
    return np.array([np.nan if v is None else float(v) for v in stored], dtype=np.float64)
