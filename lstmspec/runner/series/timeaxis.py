"""The time column: its cells parsed into numbers or datetimes, its frequency inferred (or
taken from `data.frequency`) and checked, and the rows missing from that frequency found.

Recognised without a `time_format`: integers and decimals (a year, a step count), YYYYMMDD
integers (19580329), ISO dates and datetimes (1995-01-31, 1995-01-31T10:00:00), YYYY-MM,
and dates with a month name (Jan-1-1995, 1-Jan-1995). A calendar step (months, quarters,
years) is counted in months, so that 31 January and 28 February are one month apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np

from ..errors import DataError

SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400}
MONTHS = {"month": 1, "quarter": 3, "year": 12}
NAMED_FORMATS = ("%b-%d-%Y", "%d-%b-%Y", "%b %d %Y", "%d %b %Y", "%B %d %Y", "%Y-%m",
                 "%Y/%m/%d", "%d.%m.%Y")
_YYYYMMDD = re.compile(r"^[12][0-9]{3}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$")
_NUMBER = re.compile(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$")
_ISO = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9:.]+)?(Z|[+-][0-9:]+)?$")


@dataclass(frozen=True)
class Times:
    """Parsed time cells: `values` float64 (numbers) or datetime64[s] (dates)."""

    values: np.ndarray
    dates: bool
    how: str  # a description of the format, for messages
    fmt: str | None = None  # the strptime format the cells were read with (None: ISO, numbers)

    def text(self, at: int) -> str:
        value = self.values[at]
        if not self.dates:
            return f"{value:g}"
        day = np.datetime64(value, "D")
        return str(day) if value == day else str(value).replace("T", " ")

    def written_like(self, cell: str, values: np.ndarray) -> list:
        """`values` written in the format of `cell`, one of the parsed cells: YYYYMMDD stays
        YYYYMMDD, an ISO date stays a date, `1700.0` keeps its one decimal."""
        if not self.dates:
            decimals = len(cell.split(".")[1]) if "." in cell and "e" not in cell.lower() else 0
            return [f"{v:.{decimals}f}" for v in values]
        moments = values.astype("datetime64[s]").astype(datetime)
        if self.fmt is not None:
            return [m.strftime(self.fmt) for m in moments]
        if len(cell) == 10:  # a date alone
            return [m.date().isoformat() for m in moments]
        sep = "T" if "T" in cell else " "
        spec = "seconds" if cell.count(":") >= 2 else "minutes"
        return [m.isoformat(sep=sep, timespec=spec) for m in moments]


@dataclass(frozen=True)
class Step:
    """The frequency: `size` seconds, months or plain number units."""

    size: float
    unit: str  # "number", "second" or "month"

    def describe(self) -> str:
        if self.unit == "number":
            return f"{self.size:g}"
        if self.unit == "month":
            names = {1: "1 month", 3: "1 quarter", 12: "1 year"}
            return names.get(int(self.size), f"{int(self.size)} months")
        for name, seconds in reversed(list(SECONDS.items())):
            if self.size % seconds == 0:
                count = int(self.size // seconds)
                return f"{count} {name}{'s' if count != 1 else ''}"
        return f"{self.size:g} seconds"

    def position(self, times: Times) -> np.ndarray:
        """Each time as a count of this unit (months since 1970, seconds, or the number)."""
        if self.unit == "number":
            return times.values.astype(np.float64)
        if self.unit == "month":
            months = times.values.astype("datetime64[M]").astype(np.int64)
            return months.astype(np.float64)
        return times.values.astype(np.int64).astype(np.float64)


def parse_times(cells: list, lines: list, column: str, written: str,
                time_format: str | None = None) -> Times:
    """The time cells of a file, all in one format; a cell that does not fit is a located
    error naming the format the rows before it had."""
    if not cells:
        return Times(np.zeros(0, np.float64), False, "numbers")
    if time_format is not None:
        return _strptime_all(cells, lines, column, written, time_format)
    first = cells[0]
    if _YYYYMMDD.match(first) and all(_YYYYMMDD.match(c) for c in cells):
        return _strptime_all(cells, lines, column, written, "%Y%m%d", "YYYYMMDD integers")
    if _NUMBER.match(first):
        return _numbers(cells, lines, column, written)
    if _ISO.match(first):
        return _iso(cells, lines, column, written)
    for fmt in NAMED_FORMATS:
        try:
            datetime.strptime(first, fmt)
        except ValueError:
            continue
        return _strptime_all(cells, lines, column, written, fmt)
    raise DataError(f"{written}, line {lines[0]}, column '{column}': '{first[:40]}' is not a "
                    "time lstmspec recognises (integers, ISO dates like 1995-01-31, YYYYMMDD, "
                    "YYYY-MM, Jan-1-1995): set data.time_format (a strptime format such as "
                    "'%d/%m/%Y')")


def _numbers(cells, lines, column, written) -> Times:
    for cell, line in zip(cells, lines):
        if not _NUMBER.match(cell):
            raise _mismatch(written, line, column, cell, "numbers", line == lines[0])
    return Times(np.array(cells, dtype=np.float64), False, "numbers")


def _iso(cells, lines, column, written) -> Times:
    try:
        values = np.array([c.rstrip("Z") for c in cells], dtype="datetime64[s]")
    except ValueError:
        values = None
    if values is not None and all(_ISO.match(c) for c in cells) and \
            not any("+" in c[10:] or c[10:].count("-") for c in cells):
        return Times(values, True, "ISO dates")
    out = []
    for cell, line in zip(cells, lines):
        try:
            moment = datetime.fromisoformat(cell.replace("Z", "+00:00"))
        except ValueError:
            raise _mismatch(written, line, column, cell, "ISO dates", line == lines[0]) from None
        if moment.tzinfo is not None:  # aware times: compared and shown in UTC
            moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
        out.append(moment)
    return Times(np.array(out, dtype="datetime64[s]"), True, "ISO dates")


def _strptime_all(cells, lines, column, written, fmt: str, how: str | None = None) -> Times:
    out = []
    for cell, line in zip(cells, lines):
        try:
            out.append(datetime.strptime(cell, fmt))
        except ValueError:
            raise _mismatch(written, line, column, cell, how or f"the format {fmt}",
                            line == lines[0]) from None
    return Times(np.array(out, dtype="datetime64[s]"), True, how or fmt, fmt)


def _mismatch(written, line, column, cell, how, first: bool = False) -> DataError:
    """A cell that does not fit the column's format; on the first row there are no rows
    before it to compare with, so the message says only what was expected."""
    before = "" if first else " like the rows before it"
    return DataError(f"{written}, line {line}, column '{column}': '{cell[:40]}' is not a time "
                     f"in {how}{before}: correct it, or set data.time_format")


def parse_frequency(text: str) -> Step | None:
    """`7 days`, `1 month`, `5 steps` -> Step; auto and irregular -> None."""
    match = re.match(r"^([0-9]+) ?([a-z]+?)s?$", text)
    if text in ("auto", "irregular") or match is None:
        return None
    count, unit = int(match.group(1)), match.group(2)
    if unit in MONTHS:
        return Step(count * MONTHS[unit], "month")
    if unit in SECONDS:
        return Step(count * SECONDS[unit], "second")
    return Step(count, "number")
