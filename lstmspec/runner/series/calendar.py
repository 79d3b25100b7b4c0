"""Calendar features from the time column: each a sine/cosine pair over its period, so that
the last month of a year lies next to the first (a plain month number would put them 11
apart). Appended after `data.features`, in the order `data.calendar` lists them; not
normalised (they already lie in [-1, 1]). Computed on the clock time as the file writes it:
`2021-05-07 08:00+02:00` is hour 8 (write the times in UTC, `Z`, for features in UTC)."""

from __future__ import annotations

import numpy as np

from ...spec.sections.series import CALENDAR_PERIODS
from ..errors import DataError


def position_in_period(values: np.ndarray, name: str) -> np.ndarray:
    """Where each datetime64[s] lies in the feature's period, from 0 (inclusive)."""
    days = values.astype("datetime64[D]")
    if name == "month":
        return (values.astype("datetime64[M]").astype(np.int64) % 12).astype(np.float64)
    if name == "day_of_week":  # 1970-01-01 was a Thursday: Monday = 0
        return ((days.astype(np.int64) + 3) % 7).astype(np.float64)
    if name == "day_of_year":
        years = values.astype("datetime64[Y]").astype("datetime64[D]")
        return (days - years).astype(np.int64).astype(np.float64)
    seconds = (values - days).astype(np.int64)
    if name == "hour":
        return seconds / 3600.0
    return (seconds % 3600) / 60.0  # minute


def calendar_features(times, calendar: list, where: dict) -> np.ndarray:
    """(rows, 2 x len(calendar)) sine/cosine pairs; the time column must hold dates."""
    if times is None:
        raise DataError(f"{where['written']}: data.calendar needs the dates of a time "
                        "column: set data.time")
    if not times.dates:
        raise DataError(f"{where['written']}: data.calendar needs dates in the time column "
                        f"'{where['column']}', but it holds numbers ({times.text(0)}): write "
                        "dates (1995-01-31), set data.time_format, or remove calendar")
    out = np.empty((len(times.values), 2 * len(calendar)), dtype=np.float64)
    for i, name in enumerate(calendar):
        angle = 2 * np.pi * position_in_period(times.local, name) / CALENDAR_PERIODS[name]
        out[:, 2 * i], out[:, 2 * i + 1] = np.sin(angle), np.cos(angle)
    return out
