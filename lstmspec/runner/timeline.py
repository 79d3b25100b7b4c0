"""Continuing a time column past the end of the data, when it is regular: integers by their
step (years, 1, 2, 3), dates by their frequency (YYYYMMDD integers, ISO dates `2024-01-31`,
months `2024-01`, date-times `2024-01-31T12:00`), written in the column's own format.

`continued(labels, n)` gives the next n labels, or None when the column is not regular (the
callers then number the steps instead of guessing a time).
"""

from __future__ import annotations

import datetime as dt
import re

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
COMPACT_DATE = re.compile(r"^\d{8}$")
LOOKBACK = 64  # how many of the last labels must agree on one step


def continued(labels: list, n: int) -> list | None:
    """The n labels after `labels`, in their format, or None when there is no regular step."""
    tail = [str(v).strip() for v in labels[-LOOKBACK:]]
    if len(tail) < 2:
        return None
    for reader in (_months, _compact_dates, _integers, _decimal_years, _iso):
        found = reader(tail, n)
        if found is not None:
            return found
    return None


def _steady(values: list):
    """The one difference between consecutive values, or None."""
    steps = {b - a for a, b in zip(values, values[1:])}
    return steps.pop() if len(steps) == 1 else None


def _integers(tail: list, n: int):
    try:
        numbers = [int(v) for v in tail]
    except ValueError:
        return None
    step = _steady(numbers)
    if not step:
        return None
    return [str(numbers[-1] + step * k) for k in range(1, n + 1)]


def _decimal_years(tail: list, n: int):
    """1700.0, 1701.0: whole numbers written with a decimal point."""
    try:
        numbers = [float(v) for v in tail]
    except ValueError:
        return None
    if any(v != int(v) for v in numbers):
        return None
    step = _steady([int(v) for v in numbers])
    return [f"{numbers[-1] + step * k:.1f}" for k in range(1, n + 1)] if step else None


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _months(tail: list, n: int):
    matches = [MONTH.match(v) for v in tail]
    if not all(matches):
        return None
    index = [_month_index(int(m[1]), int(m[2])) for m in matches]
    step = _steady(index)
    if not step:
        return None
    return [f"{(i := index[-1] + step * k) // 12:04d}-{i % 12 + 1:02d}" for k in range(1, n + 1)]


def _compact_dates(tail: list, n: int):
    """YYYYMMDD integers (20240131): dates, not numbers (20240201 follows 20240131)."""
    if not all(COMPACT_DATE.match(v) for v in tail):
        return None
    try:
        dates = [dt.datetime.strptime(v, "%Y%m%d") for v in tail]
    except ValueError:
        return None
    return _by_frequency(dates, n, lambda d: d.strftime("%Y%m%d"))


def _iso(tail: list, n: int):
    try:
        dates = [dt.datetime.fromisoformat(v) for v in tail]
    except ValueError:
        return None
    sample = tail[-1]
    if len(sample) == 10:  # a date alone
        return _by_frequency(dates, n, lambda d: d.date().isoformat())
    sep = "T" if "T" in sample else " "
    spec = "seconds" if sample.count(":") >= 2 else "minutes"
    return _by_frequency(dates, n, lambda d: d.isoformat(sep=sep, timespec=spec))


def _by_frequency(dates: list, n: int, write) -> list | None:
    """Month ends, same day of the month, or a fixed timedelta (days, hours, weeks)."""
    months = [_month_index(d.year, d.month) for d in dates]
    month_step = _steady(months)
    last = dates[-1]
    if month_step and all(_is_month_end(d) for d in dates):
        return [write(_month_end(months[-1] + month_step * k, last)) for k in range(1, n + 1)]
    if month_step and len({d.day for d in dates}) == 1:
        return [write(_month_day(months[-1] + month_step * k, last)) for k in range(1, n + 1)]
    delta = _steady(dates)
    if not delta or delta <= dt.timedelta(0):
        return None
    return [write(last + delta * k) for k in range(1, n + 1)]


def _is_month_end(day: dt.datetime) -> bool:
    return (day + dt.timedelta(days=1)).month != day.month


def _month_end(index: int, like: dt.datetime) -> dt.datetime:
    following = _month_day(index + 1, like.replace(day=1))
    return following - dt.timedelta(days=1)


def _month_day(index: int, like: dt.datetime) -> dt.datetime:
    return like.replace(year=index // 12, month=index % 12 + 1)
