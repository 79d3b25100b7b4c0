"""The spacing of the time column inside each series: rows in order, no time twice, every
step a whole number of frequency steps. Rows missing from the frequency become gaps: the
table gets an empty row for each, so that windows keep their real spacing."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import DataError
from .timeaxis import Step, Times, parse_frequency, parse_times

TOLERANCE = 1e-6  # of a step: decimal times such as 1995.25 are not exact in binary
LOOKBACK = 64  # how many of the last time cells must agree on one step to continue them


@dataclass(frozen=True)
class Spacing:
    step: Step | None  # None: irregular (no spacing checked)
    missing_before: np.ndarray  # per row: how many rows of the frequency are missing before it

    @property
    def missing_rows(self) -> int:
        return int(self.missing_before.sum())


def check_spacing(times: Times, segments: list, lines: list, where: dict,
                  frequency: str = "auto") -> Spacing:
    """`segments`: (begin, end) rows of each series; `where`: `written` and `column` for
    messages. Unsorted rows and repeated times are errors whatever the frequency."""
    diffs = [np.diff(times.values[b:e]) for b, e in segments]
    for (begin, _), diff in zip(segments, diffs):
        _check_order(times, diff, begin, lines, where)
    empty = np.zeros(len(times.values), dtype=np.int64)
    if frequency == "irregular":
        return Spacing(None, empty)
    step = parse_frequency(frequency) or infer_step(times, segments)
    if step is None:
        return Spacing(None, empty)
    if (step.unit == "number") == times.dates:
        raise DataError(f"{where['written']}: data.frequency '{frequency}' does not fit the "
                        f"time column '{where['column']}', which holds "
                        f"{'dates' if times.dates else 'numbers'}: use "
                        f"{'days, months...' if times.dates else 'steps'}, or auto")
    position = step.position(times)
    for begin, end in segments:
        gaps = np.diff(position[begin:end]) / step.size
        whole = np.round(gaps)
        bad = np.flatnonzero(np.abs(gaps - whole) > TOLERANCE)
        if len(bad):
            at = begin + int(bad[0]) + 1
            raise DataError(f"{where['written']}, line {lines[at]}, column '{where['column']}': "
                            f"{times.text(at)} is not a whole number of steps of "
                            f"{step.describe()} after {times.text(at - 1)} (line "
                            f"{lines[at - 1]}): correct the time, or set data.frequency "
                            "(irregular: no spacing)")
        empty[begin + 1:end] = whole.astype(np.int64) - 1
    if frequency == "auto" and empty.sum() > len(empty):
        raise _mostly_gaps(times, step, empty, lines, where)
    return Spacing(step, empty)


def _mostly_gaps(times: Times, step: Step, empty: np.ndarray, lines: list,
                 where: dict) -> DataError:
    """More rows missing from the inferred frequency than the file holds: the cells are
    read as other times than they say (a quarter read as a month by `%m`), and filling or
    dropping that many rows would train on invented data."""
    first = int(np.flatnonzero(empty)[0])
    hint = " (%m reads a month, not a quarter: quarters such as 1970 Q1 are read without a " \
        "time_format)" if times.fmt and "%m" in times.fmt and "Q" in times.fmt \
        else ""
    shown = f"'{where['cells'][first]}'" if where.get("cells") else times.text(first)
    return DataError(f"{where['written']}, line {lines[first]}, column '{where['column']}': "
                     f"read as {times.how} with a step of {step.describe()}, the time column "
                     f"leaves {int(empty.sum())} rows missing between its {len(empty)} rows, "
                     f"the first before {shown}: the cells are not read as the "
                     f"times they write{hint}: correct data.time_format; if the data is this "
                     f"sparse, set data.frequency: {step.describe()}")


def _check_order(times: Times, diff: np.ndarray, begin: int, lines: list, where: dict):
    bad = np.flatnonzero(diff <= np.zeros((), diff.dtype))
    if not len(bad):
        return
    at = begin + int(bad[0]) + 1
    text, before = times.text(at), times.text(at - 1)
    cells = where.get("cells")
    if times.values[at] == times.values[at - 1] and cells and cells[at] != cells[at - 1]:
        raise DataError(f"{where['written']}, line {lines[at]}, column '{where['column']}': "
                        f"'{cells[at][:40]}' and '{cells[at - 1][:40]}' of line {lines[at - 1]}"
                        f" are read as the same time {text} ({times.how}): the format loses "
                        "part of the time: correct data.time_format, or the rows")
    if times.values[at] == times.values[at - 1]:
        raise DataError(f"{where['written']}, line {lines[at]}, column '{where['column']}': "
                        f"the time {text} repeats line {lines[at - 1]}: one row per time "
                        f"step{where.get('series_note', '')}")
    raise DataError(f"{where['written']}, line {lines[at]}, column '{where['column']}': "
                    f"{text} comes before {before} of line {lines[at - 1]}: sort the rows by "
                    f"time{where.get('series_note', '')}")


def infer_step(times: Times, segments: list, steady: bool = False) -> Step | None:
    """The most common step between consecutive rows; in months when every date falls on the
    same day of its month (or on each month's last day) at midnight. `steady`: the one step
    every pair of rows agrees on, or None."""
    if times.dates and _calendar_aligned(times.local):
        unit = "month"
    else:
        unit = "second" if times.dates else "number"
    position = Step(1, unit).position(times)
    steps = np.concatenate([np.diff(position[b:e]) for b, e in segments] or [np.zeros(0)])
    if steady and (steps <= 0).any():
        return None
    steps = steps[steps > 0]
    if not len(steps):
        return None
    rounded = np.round(steps, 9)
    if (rounded == rounded[0]).all():  # one step throughout (the usual case): no counting
        return Step(float(rounded[0]), unit)
    if steady:
        return None
    values, counts = np.unique(rounded, return_counts=True)
    return Step(float(values[counts.argmax()]), unit)


def _calendar_aligned(values: np.ndarray) -> bool:
    if not len(values):
        return False
    days = values.astype("datetime64[D]")
    if (values != days).any():
        return False
    months = values.astype("datetime64[M]")
    day_of_month = (days - months.astype("datetime64[D]")).astype(np.int64)
    if (day_of_month == day_of_month[0]).all():
        return True
    last = ((months + 1).astype("datetime64[D]") - 1) == days
    return bool(last.all())


def fill_times(times: Times, step: Step, at: int, count: int) -> np.ndarray:
    """The times of `count` rows missing after row `at` (as `times.values` holds them: a
    month step is taken on the clock time as written, at row `at`'s offset)."""
    base = times.values[at]
    offsets = np.arange(1, count + 1)
    if step.unit == "number":
        return base + offsets * step.size
    if step.unit == "month":
        shift = np.timedelta64(int(times.offsets[at]) if times.offsets is not None else 0, "s")
        local = base + shift
        month = local.astype("datetime64[M]")
        later = month + offsets * int(step.size)
        if ((month + 1).astype("datetime64[D]") - 1) == local.astype("datetime64[D]"):
            days = (later + 1).astype("datetime64[D]") - 1
        else:
            days = later.astype("datetime64[D]") + \
                (local.astype("datetime64[D]") - month.astype("datetime64[D]"))
        clock = local - local.astype("datetime64[D]")  # a month step keeps the time of day
        return days.astype("datetime64[s]") + clock - shift
    return base + (offsets * int(step.size)).astype("timedelta64[s]")


def continued(labels: list, count: int, time_format: str | None = None,
              frequency: str = "auto") -> list | None:
    """The `count` time cells after `labels` (a time column as written), in the column's own
    format, read as training reads it (`data.time_format`) and stepped by `data.frequency`,
    or when that is auto or irregular by the one step the last LOOKBACK cells agree on.
    None when there is no such step or the cells are not times (callers then number steps)."""
    tail = [str(v).strip() for v in labels[-LOOKBACK:]]
    if not tail:
        return None
    try:
        times = parse_times(tail, list(range(1, len(tail) + 1)), "", "", time_format)
    except DataError:
        return None
    step = parse_frequency(frequency) or infer_step(times, [(0, len(tail))], steady=True)
    if step is None or (step.unit == "number") == times.dates:
        return None
    return times.written_like(tail[-1], fill_times(times, step, len(tail) - 1, count))
