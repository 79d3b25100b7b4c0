"""The time column: its cells parsed into numbers or datetimes, written back in their own
form, and the frequency (from `data.frequency`).

Recognised without a `time_format`: integers and decimals (a year, a step count), YYYYMMDD
integers (19580329), ISO dates and datetimes (1995-01-31, 1995-01-31T10:00:00, with `Z` or a
UTC offset such as +01:00), YYYY-MM, quarters (1970 Q1, 1970-Q1, 1970Q1) and dates with a
month name (Jan-1-1995, 1-Jan-1995). A calendar step (months, quarters, years) is counted in
months, so that 31 January and 28 February are one month apart.

Times written with an offset are instants: `values` holds them in UTC (so that spacing and
order are compared as instants) and `offsets` each row's offset, so that the clock time as
written (`local`: calendar features, month steps) and the written form come back exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from ..errors import DataError

SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400}
MONTHS = {"month": 1, "quarter": 3, "year": 12}
NAMED_FORMATS = ("%b-%d-%Y", "%d-%b-%Y", "%b %d %Y", "%d %b %Y", "%B %d %Y", "%Y-%m",
                 "%Y/%m/%d", "%d.%m.%Y")
_YYYYMMDD = re.compile(r"^[12][0-9]{3}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$")
_NUMBER = re.compile(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$")
_ISO = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9:.]+)?)(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$")
_QUARTER = re.compile(r"^[0-9]{4}( |-|)[Qq][1-4]$")
_OFFSET = re.compile(r"(Z|[+-][0-9]{2}(:?[0-9]{2})?)$")


@dataclass(frozen=True)
class Times:
    """Parsed time cells: `values` float64 (numbers) or datetime64[s] (dates: UTC instants
    when the cells carry an offset, else the time as written)."""

    values: np.ndarray
    dates: bool
    how: str  # a description of the format, for messages
    fmt: str | None = None  # the format the cells were read with (None: ISO, numbers)
    offsets: np.ndarray | None = None  # seconds east of UTC per row; None: no offset written

    @property
    def local(self) -> np.ndarray:
        """The clock time each row was written in (its offset added back)."""
        if self.offsets is None:
            return self.values
        return self.values + self.offsets.astype("timedelta64[s]")

    def text(self, at: int) -> str:
        value = self.values[at]
        if not self.dates:
            return f"{value:g}"
        value = self.local[at]
        day = np.datetime64(value, "D")
        shown = str(day) if value == day and self.offsets is None else \
            str(value).replace("T", " ")
        return shown + (offset_text(int(self.offsets[at])) if self.offsets is not None else "")

    def written_like(self, cell: str, values: np.ndarray) -> list:
        """`values` (as `values` holds them) written in the form of `cell`, one of the parsed
        cells: YYYYMMDD stays YYYYMMDD, an ISO date stays a date, `1700.0` keeps its one
        decimal, a quarter stays a quarter, and the offset of `cell` (`+01:00`, `Z`) is kept:
        the clock time is shifted to it and it is written after."""
        if not self.dates:
            decimals = len(cell.split(".")[1]) if "." in cell and "e" not in cell.lower() else 0
            return [f"{v:.{decimals}f}" for v in values]
        zone = _zone_of(cell, self.fmt) if self.offsets is not None else None
        shift = np.timedelta64(zone[0] if zone else 0, "s")
        moments = (values.astype("datetime64[s]") + shift).astype(datetime)
        if self.fmt is not None:
            fmt = self.fmt.replace("%z", zone[1]) if zone else self.fmt
            return [write_format(m, fmt) for m in moments]
        base = _ISO.match(cell).group(1) if _ISO.match(cell) else cell
        suffix = zone[1] if zone else ""
        if len(base) == 10:  # a date alone
            return [m.date().isoformat() + suffix for m in moments]
        sep = "T" if "T" in base else " "
        spec = "seconds" if base.count(":") >= 2 else "minutes"
        return [m.isoformat(sep=sep, timespec=spec) + suffix for m in moments]


def offset_text(seconds: int) -> str:
    sign = "-" if seconds < 0 else "+"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def _zone_of(cell: str, fmt: str | None) -> tuple | None:
    """(seconds east of UTC, the offset as the cell writes it) of a cell with an offset."""
    if fmt is not None:
        moment = datetime.strptime(cell, fmt)
        seconds = int(moment.utcoffset().total_seconds()) if moment.tzinfo else 0
        forms = ["Z"] if seconds == 0 else []
        forms += [offset_text(seconds), offset_text(seconds).replace(":", "")]
        return seconds, next((f for f in forms if f in cell), forms[-1])
    match = _OFFSET.search(cell)
    if match is None:
        return None
    return _offset_seconds(match.group(1)), match.group(1)


def _offset_seconds(text: str) -> int:
    if text == "Z":
        return 0
    digits = text[1:].replace(":", "")
    seconds = int(digits[:2]) * 3600 + (int(digits[2:4]) * 60 if len(digits) > 2 else 0)
    return -seconds if text[0] == "-" else seconds


def write_format(moment: datetime, fmt: str) -> str:
    """strftime; `%q` (a quarter form lstmspec recognised) is the quarter, 1-4."""
    if "%q" in fmt:
        fmt = fmt.replace("%q", str((moment.month - 1) // 3 + 1))
    return moment.strftime(fmt)


def read_format(cell: str, fmt: str) -> datetime:
    """strptime; the forms of quarters lstmspec recognises itself (`1970 Q1`: `%Y Q%q`,
    `%q` standing for the quarter, 1-4) read as the first month of that quarter."""
    if "%q" not in fmt:
        return datetime.strptime(cell, fmt)
    pattern = re.escape(fmt).replace("%q", "(?P<q>[1-4])").replace("%Y", "(?P<y>[0-9]{4})")
    pattern = pattern.replace("%y", "(?P<yy>[0-9]{2})")
    match = re.fullmatch(pattern, cell, re.IGNORECASE) if "%" not in pattern else None
    if match is None:
        raise ValueError(cell)
    year = match.group("y") if "(?P<y>" in pattern else None
    if year is None:  # two digits, as strptime reads %y: 69-99 -> 1900s, 00-68 -> 2000s
        year = datetime.strptime(match.group("yy"), "%y").year
    return datetime(int(year), 3 * int(match.group("q")) - 2, 1)


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
        """Each time as a count of this unit (months since 1970 of the clock time as
        written, seconds since 1970 UTC, or the number)."""
        if self.unit == "number":
            return times.values.astype(np.float64)
        if self.unit == "month":
            months = times.local.astype("datetime64[M]").astype(np.int64)
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
    if _QUARTER.match(first):
        form = f"%Y{first[4:-1]}%q"  # `1970 Q1` -> `%Y Q%q`: written back the same way
        return _strptime_all(cells, lines, column, written, form, f"quarters like {first}")
    named = any(ch.isalpha() for ch in first)
    for fmt in NAMED_FORMATS:
        if ("%b" in fmt or "%B" in fmt) and not named:
            continue  # a month's name needs letters: strptime would only refuse it, slowly
        if _numpy_read([first], fmt) is None:  # (NumPy reads only what strptime reads)
            try:
                datetime.strptime(first, fmt)
            except ValueError:
                continue
        return _strptime_all(cells, lines, column, written, fmt)
    raise DataError(f"{written}, line {lines[0]}, column '{column}': '{first[:40]}' is not a "
                    "time lstmspec recognises (integers, ISO dates like 1995-01-31, YYYYMMDD, "
                    "YYYY-MM, quarters like 1970 Q1, Jan-1-1995): set data.time_format (a "
                    "strptime format such as '%d/%m/%Y')")


def _numbers(cells, lines, column, written) -> Times:
    for cell, line in zip(cells, lines):
        if not _NUMBER.match(cell):
            raise _mismatch(written, line, column, cell, "numbers", line == lines[0])
    values = np.array(cells, dtype=np.float64)
    _exact_integers(values, cells, lines, column, written)
    return Times(values, False, "numbers")


def _exact_integers(values, cells, lines, column, written) -> None:
    """An integer time beyond 2^53 that float64 does not hold exactly is refused: 10^30 and
    10^30 + 1 are one float, so two distinct years read as a repeat (and steps as uneven)."""
    for at in np.flatnonzero(np.abs(values) > 2.0**53):
        cell = cells[at].lstrip("+")
        if cell.lstrip("-").isdigit() and int(cell) != int(values[at]):
            raise DataError(f"{written}, line {lines[at]}, column '{column}': {cell[:40]} is an "
                            "integer time too large to be read exactly (integers up to 2^53, "
                            "9,007,199,254,740,992): number the rows from a smaller start, "
                            "e.g. subtract the first time")


def _iso(cells, lines, column, written) -> Times:
    """ISO dates and times; with an offset on the first cell, every cell needs one (the
    values are then UTC instants), without, none may have one."""
    zoned = _ISO.match(cells[0]).group(3) is not None
    how = "ISO times with a UTC offset" if zoned else "ISO dates"
    bases, offsets = [], []
    for cell, line in zip(cells, lines):
        match = _ISO.match(cell)
        if match is None or (match.group(3) is not None) != zoned:
            raise _mismatch(written, line, column, cell, how, line == lines[0])
        bases.append(match.group(1))
        if zoned:
            offsets.append(_offset_seconds(match.group(3)))
    try:
        values = np.array(bases, dtype="datetime64[s]")
    except ValueError:
        values = np.array([_one_iso(b, c, ln, column, written, how, ln == lines[0])
                           for b, c, ln in zip(bases, cells, lines)], dtype="datetime64[s]")
    if not zoned:
        return Times(values, True, how)
    seconds = np.array(offsets, dtype=np.int64)
    return Times(values - seconds.astype("timedelta64[s]"), True, how, None, seconds)


def _one_iso(base, cell, line, column, written, how, first: bool) -> datetime:
    try:
        return datetime.fromisoformat(base)
    except ValueError:
        raise _mismatch(written, line, column, cell, how, first) from None


# Formats whose cells NumPy reads in one call, as strptime reads them: a cell of exactly this
# pattern (a year from 1000) -> ISO text; any other cell, or a date NumPy refuses (month 13,
# February 30), goes through strptime, which reads it or says where it is wrong.
_FAST = {"%Y-%m": (re.compile(r"[1-9][0-9]{3}-[0-9]{2}"), "M", lambda c: c),
         "%Y%m%d": (re.compile(r"[1-9][0-9]{7}"), "D",
                    lambda c: f"{c[:4]}-{c[4:6]}-{c[6:]}")}


def _numpy_read(cells: list, fmt: str) -> np.ndarray | None:
    """The cells of a _FAST format as datetime64[s], or None where strptime must read them."""
    spec = _FAST.get(fmt)
    if spec is None:
        return None
    pattern, unit, iso = spec
    if not all(pattern.fullmatch(cell) for cell in cells):
        return None
    try:
        return np.array([iso(cell) for cell in cells], f"datetime64[{unit}]").astype(
            "datetime64[s]")
    except ValueError:
        return None


def _strptime_all(cells, lines, column, written, fmt: str, how: str | None = None) -> Times:
    fast = _numpy_read(cells, fmt)
    if fast is not None:
        return Times(fast, True, how or fmt, fmt, None)
    out, offsets = [], []
    for cell, line in zip(cells, lines):
        try:
            moment = read_format(cell, fmt)
        except ValueError:
            raise _mismatch(written, line, column, cell, how or f"the format {fmt}",
                            line == lines[0]) from None
        if moment.tzinfo is not None:  # %z: an instant, kept in UTC with its offset
            offsets.append(int(moment.utcoffset().total_seconds()))
            moment = moment.replace(tzinfo=None) - timedelta(seconds=offsets[-1])
        out.append(moment)
    zoned = np.array(offsets, dtype=np.int64) if offsets else None
    return Times(np.array(out, dtype="datetime64[s]"), True, how or fmt, fmt, zoned)


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
