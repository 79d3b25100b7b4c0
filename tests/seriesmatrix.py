"""The options of docs/series.md as a generated matrix, shared by tests/test_series_matrix.py
(a sample, in the suite) and tools/series_matrix.py (all of it, pairwise, or one cell).

A cell is one value of every dimension below; `Cell.id` names it (`form=quarter-space,
frequency=quarters, series=off, ...`) and `parse_id` reads it back. The time column is a
form (how a time is written) at a frequency; a form writes only some frequencies (a date
alone has no half hours, a quarter no days), and only those cells are in the matrix. For each cell the generator writes a small
series (a few hundred rows, positive, one empty cell and one row missing from the frequency
in each series when the cell has gaps) and a config, knowing the label every row has in the
data's own form and the instant it stands for: the oracle the invariants compare with is
written here, independently of lstmspec's time axis.

Dimensions are ordered, each with its simplest value first: shrinking a failing cell sets
dimensions back to their first value while it still fails.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

ROWS = 150  # per series
WINDOW = 8


def _add_months(day: date, months: int, month_end: bool = False) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if month_end:
        following = date(year + (month == 11), (month + 1) % 12 + 1, 1)
        return following - timedelta(days=1)
    return date(year, month + 1, day.day)


def _clock(step: timedelta):
    return lambda i: T0 + i * step


def _calendar(start: date, months: int, month_end: bool = False):
    def moment(i):
        day = _add_months(start, months * i, month_end)
        return datetime(day.year, day.month, day.day)
    return moment


T0 = datetime(2021, 3, 1)
# Frequencies: row i -> its clock time as written (naive; a form with an offset adds it).
FREQUENCIES = {
    "30min": _clock(timedelta(minutes=30)),
    "hourly": _clock(timedelta(hours=1)),
    "daily": _clock(timedelta(days=1)),
    "weekly": _clock(timedelta(days=7)),
    "month-ends": _calendar(date(1990, 1, 31), 1, month_end=True),
    "months": _calendar(date(1980, 1, 1), 1),
    "quarters": _calendar(date(1960, 1, 1), 3),
    "years": _calendar(date(1900, 1, 1), 12),
    "steps": lambda i: i,  # plain numbers: 5 steps apart
}
CLOCK = ("30min", "hourly")
DATES = ("daily", "weekly", "month-ends", "months", "quarters", "years")
CALENDAR = {"30min": ("hour", "day_of_week"), "hourly": ("hour", "minute"),
            "daily": ("day_of_week",), "weekly": ("day_of_year",)}  # else month


@dataclass(frozen=True)
class Form:
    """How a time is written: `write(moment)` for a naive clock time; `zone` the offset
    written after it (None: no offset); the frequencies the form can express."""

    write: object
    frequencies: tuple
    zone: timezone | None = None
    time_format: str | None = None
    dates: bool = True


def _iso_zone(text: str):
    return lambda m: m.isoformat(timespec="minutes") + text


PLUS1, MINUS5 = timezone(timedelta(hours=1)), timezone(timedelta(hours=-5))
PLUS2 = timezone(timedelta(hours=2))
ALL = CLOCK + DATES
FORMS = {
    "integers": Form(lambda i: str(1900 + i), ("years",), dates=False),
    "integer-steps": Form(lambda i: str(5 * i), ("steps",), dates=False),
    "decimals": Form(lambda i: f"{1990 + i / 4:.2f}", ("quarters",), dates=False),
    "yyyymmdd": Form(lambda m: m.strftime("%Y%m%d"), DATES),
    "iso-date": Form(lambda m: m.date().isoformat(), DATES),
    "datetime": Form(lambda m: m.isoformat(sep=" "), ALL),
    "datetime-T": Form(lambda m: m.isoformat(timespec="minutes"), ALL),
    "offset+01:00": Form(lambda m: m.isoformat(sep=" ") + "+01:00", ALL, PLUS1),
    "offset-Z": Form(lambda m: m.strftime("%Y-%m-%dT%H:%MZ"), ALL, timezone.utc),
    "offset-05:00": Form(_iso_zone("-05:00"), ALL, MINUS5),
    "yyyy-mm": Form(lambda m: m.strftime("%Y-%m"), ("months", "quarters", "years")),
    "month-names": Form(lambda m: m.strftime("%b-%d-%Y"), DATES),
    "quarter-space": Form(lambda m: f"{m.year} Q{(m.month + 2) // 3}", ("quarters", "years")),
    "quarter-dash": Form(lambda m: f"{m.year}-Q{(m.month + 2) // 3}", ("quarters", "years")),
    "quarter-joined": Form(lambda m: f"{m.year}Q{(m.month + 2) // 3}", ("quarters", "years")),
    "format-dmy": Form(lambda m: m.strftime("%d/%m/%Y"), DATES, time_format="%d/%m/%Y"),
    "format-clock": Form(lambda m: m.strftime("%d.%m.%Y %H:%M"), ALL,
                         time_format="%d.%m.%Y %H:%M"),
    "format-offset": Form(lambda m: m.strftime("%d/%m/%Y %H:%M") + " +0200", ALL, PLUS2,
                          time_format="%d/%m/%Y %H:%M %z"),
}


@dataclass(frozen=True)
class Axis:
    """A time column: a form at a frequency. `label(i)`: row i as the file writes it;
    `instant(i)`: what it stands for (an aware datetime with an offset, else naive, or a
    number)."""

    form: str
    frequency: str

    @property
    def spec(self) -> Form:
        return FORMS[self.form]

    def label(self, i: int) -> str:
        if not self.spec.dates:
            return self.spec.write(i)
        return self.spec.write(FREQUENCIES[self.frequency](i))

    def instant(self, i: int):
        if not self.spec.dates:
            return float(self.label(i))
        moment = FREQUENCIES[self.frequency](i)
        return moment.replace(tzinfo=self.spec.zone) if self.spec.zone else moment

    @property
    def dates(self) -> bool:
        return self.spec.dates

    @property
    def time_format(self) -> str | None:
        return self.spec.time_format

    @property
    def calendar(self) -> tuple:
        return CALENDAR.get(self.frequency, ("month",))


DIMENSIONS = {
    "form": list(FORMS),
    "frequency": list(FREQUENCIES),
    "series": ["off", "global", "per-series"],
    "transform": ["none", "log", "log1p", "difference-lag2", "log-difference"],
    "calendar": ["off", "on"],
    "missing": ["error", "drop", "ffill", "interpolate"],
    "horizon": [1, 3],
    "stride": [1, 2],
    "source": ["csv", "parquet"],
    "load": ["memory", "stream"],
    "place": ["here", "moved"],  # the commands run where the run was made, or moved elsewhere
}
# The suite's array: the time axis as its kind (each trained cell then takes an axis of its
# kind in turn), so that every pair of values is trained in ~20 cells rather than >= 92 (one
# per axis); every axis is read, filled and continued by lstmspec's time code without
# TensorFlow (tests/test_series_matrix.py), and the full array runs in tools/series_matrix.py.
KINDS = {
    "numbers": ("integers", "integer-steps", "decimals"),
    "dates": ("yyyymmdd", "iso-date", "yyyy-mm", "month-names", "quarter-space",
              "quarter-dash", "quarter-joined", "format-dmy"),
    "clock": ("datetime", "datetime-T", "format-clock"),
    "offsets": ("offset+01:00", "offset-Z", "offset-05:00", "format-offset"),
}
TRANSFORMS = {"none": None, "log": "{log: true}", "log1p": "{log1p: true}",
              "difference-lag2": "{difference: 1, lag: 2}",
              "log-difference": "{log: true, difference: 1}"}


@dataclass(frozen=True)
class Cell:
    values: tuple  # one value per dimension, in DIMENSIONS' order

    def __getattr__(self, name):
        if name in DIMENSIONS:
            return self.values[list(DIMENSIONS).index(name)]
        raise AttributeError(name)

    @property
    def id(self) -> str:
        return ",".join(f"{k}={v}" for k, v in zip(DIMENSIONS, self.values))

    def replaced(self, **changes) -> "Cell":
        return Cell(tuple(changes.get(k, v) for k, v in zip(DIMENSIONS, self.values)))

    @property
    def axis(self) -> Axis:
        return Axis(self.form, self.frequency)

    @property
    def valid(self) -> bool:
        """Whether the form can write the frequency (a date alone has no half hours)."""
        return self.frequency in FORMS[self.form].frequencies

    @property
    def expected_lint(self) -> str | None:
        """The code lint must refuse this cell with, or None: it must lint clean."""
        if self.load == "stream" and self.series == "per-series":
            return "LS468"  # one pass over streamed files fits one set of statistics
        return None

    @property
    def expected_refusal(self) -> str | None:
        """Why `run` must refuse this cell (one coded line, exit 1), or None: the cell must
        train and satisfy every invariant."""
        if self.calendar == "on" and not self.axis.dates:
            return "calendar needs dates"
        return None


def parse_id(text: str) -> Cell:
    given = dict(part.split("=", 1) for part in text.split(","))
    unknown = set(given) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"unknown dimension(s) {', '.join(sorted(unknown))}")
    values = []
    for name, choices in DIMENSIONS.items():
        first = FORMS[values[0]].frequencies[0] if name == "frequency" else choices[0]
        raw = given.get(name, str(first))
        match = [c for c in choices if str(c) == raw]
        if not match:
            raise ValueError(f"{name}={raw}: choose one of {', '.join(map(str, choices))}")
        values.append(match[0])
    cell = Cell(tuple(values))
    if not cell.valid:
        raise ValueError(f"form={cell.form} cannot write frequency={cell.frequency}: it writes "
                         f"{', '.join(FORMS[cell.form].frequencies)}")
    return cell


def all_cells() -> list:
    """Every cell whose form can write its frequency."""
    cells = (Cell(values) for values in itertools.product(*DIMENSIONS.values()))
    return [cell for cell in cells if cell.valid]


def axes() -> list:
    """Every time axis: (form, frequency) for each frequency the form writes."""
    return [(form, frequency) for form, spec in FORMS.items() for frequency in spec.frequencies]


def total() -> int:
    axes = sum(len(form.frequencies) for form in FORMS.values())
    return axes * math.prod(len(v) for k, v in DIMENSIONS.items()
                            if k not in ("form", "frequency"))


def pairwise(seed: int = 0, candidates: int = 40) -> list:
    """A covering array of strength 2 over every dimension: every pair of values of two
    dimensions is in some cell that trains (greedy, AETG-style: each new cell, of
    `candidates` random ones, covers the most pairs not yet covered); a pair only a refused
    cell can hold (lint or run must refuse it) is covered by one such cell at the end."""
    fits = {(0, 1): lambda form, frequency: frequency in FORMS[form].frequencies}
    rows = covering(DIMENSIONS, fits, _completed, seed, candidates)
    return [Cell(values) for values in rows]


def suite_cells(seed: int = 0, candidates: int = 400) -> list:
    """The suite's array: strength 2 over the time axis's KIND and every other dimension;
    the n-th cell of a kind takes the kind's n-th time axis (in turn, from `seed`)."""
    dims = {"time": list(KINDS), **{k: v for k, v in DIMENSIONS.items()
                                     if k not in ("form", "frequency")}}
    axes = {kind: kind_axes(kind) for kind in KINDS}
    used = dict.fromkeys(KINDS, seed)

    def concrete(values):
        return tuple(axes[values[0]][0]) + tuple(values[1:])

    cells = []
    for values in covering(dims, {}, _as_drawn, seed, candidates,
                           refusal=lambda v: _refused(concrete(v))):
        kind = values[0]
        form, frequency = axes[kind][used[kind] % len(axes[kind])]
        used[kind] += 1
        cells.append(Cell((form, frequency) + tuple(values[1:])))
    return cells


def kind_axes(kind: str) -> list:
    """The time axes of a kind, forms interleaved: each form's first frequency, then each
    form's second..., so that cells taking them in turn change form every time."""
    forms = KINDS[kind]
    return [(form, FORMS[form].frequencies[at]) for at in range(len(FREQUENCIES))
            for form in forms if at < len(FORMS[form].frequencies)]


def _refused(values: tuple) -> str | None:
    """Why lint or run must refuse the row (its code or reason), or None."""
    cell = Cell(tuple(values))
    return cell.expected_lint or cell.expected_refusal


def covering(dims: dict, fits: dict, completed, seed: int, candidates: int,
             refusal=None) -> list:
    """Rows (one value per dimension of `dims`) covering every pair of values of two
    dimensions, but the pairs `fits[(a, b)](va, vb)` rules out; `completed(values)` makes a
    drawn row valid (e.g. a frequency the form writes), `refusal(values)` says a row is one
    that lint or run must refuse (its reason, else None): a pair that only such rows hold
    is covered by one refused row per reason, at the end."""
    refusal = refusal or (lambda values: _refused(tuple(values)))
    rng = random.Random(seed)
    names = list(dims)
    wanted = {((a, va), (b, vb)) for a, b in itertools.combinations(range(len(names)), 2)
              for va in dims[names[a]] for vb in dims[names[b]]
              if fits.get((a, b), lambda *_: True)(va, vb)}
    refused = {pair for pair in wanted if _only_refused(dims, pair, completed, refusal)}
    wanted -= refused
    rows = []
    while wanted:
        (a, va), (b, vb) = min(wanted, key=repr)
        best, best_new = None, -1
        for _ in range(candidates):
            values = [rng.choice(dims[n]) for n in names]
            values[a], values[b] = va, vb
            values = list(completed(values, (a, b), rng))
            if refusal(values):
                continue
            new = len(_pairs(values) & wanted)
            if new > best_new:
                best, best_new = values, new
        if best is None:  # every candidate was one lint or run refuses: draw again
            continue
        rows.append(tuple(best))
        wanted -= _pairs(best)
    kinds = {}
    for pair in sorted(refused, key=repr):  # one refused row per reason
        row = _first_with(dims, pair, completed)
        kinds.setdefault(refusal(row), row)
    return rows + list(kinds.values())


def _only_refused(dims: dict, pair, completed, refusal, draws: int = 200) -> bool:
    """Whether every row holding the pair is one lint or run must refuse (tried on
    random rows with the pair forced)."""
    rng = random.Random(repr(pair))
    for _ in range(draws):
        values = [rng.choice(choices) for choices in dims.values()]
        for index, value in pair:
            values[index] = value
        values = completed(values, tuple(i for i, _ in pair), rng)
        if all(values[i] == v for i, v in pair) and not refusal(values):
            return False
    return True


def _as_drawn(values, forced=(), rng=None) -> tuple:
    return tuple(values)


def _completed(values, forced=(0,), rng=None) -> tuple:
    """A drawn row of DIMENSIONS made valid: the form or frequency not forced is redrawn so
    that the form writes the frequency (without `rng`: the form's first frequency)."""
    values = list(values)
    if not Cell(tuple(values)).valid:
        if rng is None:
            values[1] = FORMS[values[0]].frequencies[0]
        elif 0 in forced:
            values[1] = rng.choice(FORMS[values[0]].frequencies)
        else:
            values[0] = rng.choice([f for f, form in FORMS.items()
                                    if values[1] in form.frequencies])
    return tuple(values)


def _first_with(dims: dict, pair, completed) -> tuple:
    """The first value of every dimension but the pair's, made valid."""
    values = [choices[0] for choices in dims.values()]
    for index, value in pair:
        values[index] = value
    return completed(values)


def _pairs(values: list) -> set:
    return {((a, values[a]), (b, values[b]))
            for a, b in itertools.combinations(range(len(values)), 2)}


# -- the data of a cell --------------------------------------------------------------------

@dataclass
class Written:
    """What the generator wrote: the rows of each series as (row index, cell text), the
    rows it left out of the file (missing from the frequency) and the config's text."""

    ids: list  # the series ids ("" without series)
    rows: int  # rows per series, including the ones left out of the file
    left_out: dict = field(default_factory=dict)  # series -> row indices not in the file
    empty: dict = field(default_factory=dict)  # series -> row indices with an empty value
    config: str = ""

    def label(self, cell: Cell, row: int) -> str:
        return cell.axis.label(row)


def value(series: int, row: int) -> float:
    """Positive, smooth, a trend and a season; each series on its own scale."""
    scale = (1.0, 40.0)[series % 2]
    return round(scale * (10 + 0.02 * row + 2 * math.sin(row / 4) + math.cos(row / 11)), 4)


def write_data(cell: Cell, folder) -> Written:
    ids = ["a", "b"] if cell.series != "off" else [""]
    gaps = cell.missing != "error"
    written = Written(ids, ROWS)
    table = []
    for s, name in enumerate(ids):
        left = {ROWS // 2 + 7 * s} if gaps else set()
        empty = {ROWS // 3 + 5 * s} if gaps else set()
        written.left_out[name], written.empty[name] = left, empty
        for row in range(ROWS):
            if row in left:
                continue
            cell_value = "" if row in empty else f"{value(s, row)}"
            table.append((name, cell.axis.label(row), cell_value))
    path = folder / ("data.parquet" if cell.source == "parquet" else "data.csv")
    if cell.source == "parquet":
        _write_parquet(path, table, cell.series != "off")
    else:
        with open(path, "w", newline="") as handle:
            handle.write(("id," if cell.series != "off" else "") + "t,v\n")
            for name, label, text in table:
                handle.write((f"{name}," if cell.series != "off" else "") + f"{label},{text}\n")
    written.config = config_text(cell, path.name)
    return written


def _write_parquet(path, table: list, series: bool) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = {"t": pa.array([r[1] for r in table], pa.string()),
               "v": pa.array([float(r[2]) if r[2] else None for r in table], pa.float64())}
    if series:
        columns = {"id": pa.array([r[0] for r in table], pa.string()), **columns}
    pq.write_table(pa.table(columns), path)


def config_text(cell: Cell, data_file: str) -> str:
    axis = cell.axis
    calendar = list(axis.calendar) if cell.calendar == "on" else []
    width = 1 + 2 * len(calendar)
    lines = [f"kind: {cell.source}", f"path: {data_file}", "time: t", "features: [v]",
             "targets: [v]", f"horizon: {cell.horizon}", f"stride: {cell.stride}"]
    if axis.time_format:
        lines.append(f"time_format: '{axis.time_format}'")
    if cell.series != "off":
        lines.append("series: id")
        if cell.series == "per-series":
            lines.append("normalize_scope: series")
    if TRANSFORMS[cell.transform]:
        lines.append(f"target_transform: {TRANSFORMS[cell.transform]}")
    if calendar:
        lines.append(f"calendar: [{', '.join(calendar)}]")
    if cell.missing != "error":
        lines.append(f"missing: {cell.missing}")
    if cell.load == "stream":
        lines.append("stream: true")
    return (f"input: {{shape: [{WINDOW}, {width}]}}\n"
            "layers:\n  - {type: LSTM, units: 3}\n"
            f"  - {{type: Dense, units: {cell.horizon}}}\n"
            "compile: {optimizer: {name: adam, learning_rate: 0.01}, loss: mse}\n"
            "train: {epochs: 1, batch_size: 32, seed: 1}\n"
            "output: {plots: false}\n"
            "data:\n" + "".join(f"  {line}\n" for line in lines))
