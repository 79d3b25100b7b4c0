"""`forecast --future FILE`: the known-future values of the features that are not targets (a
holiday flag, a price, a law), read in the run's layout and checked against it: the run's
columns, each series' time column continued by the frequency from the end of the data, and no
empty cell in a row the forecast feeds back (each problem one located line). NumPy only."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np

from ..data.preparation import Preparation
from ..errors import DataError
from ..series.prepare import prepare_rows
from ..series.reading import read_csv, read_parquet
from ..series.stored import as_data
from ..series.timeaxis import parse_times
from .newdata import InMemory, SeriesTable, file_columns
from .predicting import future_times


@dataclass(frozen=True)
class Future:
    """The future rows of one file: per series id, the covariate values (rows x columns),
    their time cells and their lines in the file."""

    columns: tuple  # the features that are not targets, in the run's feature order
    values: dict
    times: dict
    lines: dict
    written: str


def covariates(prep: Preparation) -> tuple:
    return tuple(f for f in prep.features if f not in prep.targets)


def read_future(prep: Preparation, path: str | InMemory, written: str) -> Future:
    """The file's (or the rows InMemory's) covariate columns by series; a missing column or
    an empty cell is a DataError naming the file (and line)."""
    wanted = covariates(prep)
    if not wanted:
        raise DataError(f"{written}: every feature of this run is a target, so it has no "
                        "known-future covariates to read: leave out --future")
    in_memory = isinstance(path, InMemory)  # the `future` rows of a serve request
    header = path.columns() if in_memory else file_columns(prep, path, written)
    needed = list(wanted) + ([prep.time] if prep.time is not None else []) + \
        ([prep.series_column] if prep.series_column else [])
    absent = [c for c in needed if c not in header]
    if absent:
        raise DataError(f"{written}: no column {', '.join(repr(c) for c in absent)}: --future "
                        f"needs the time column and the features that are not targets "
                        f"({', '.join(needed)})")
    data = SimpleNamespace(**{**vars(as_data(prep, ())), "features": wanted, "targets": (),
                              "calendar": (), "target_transform": None, "missing": "error",
                              "gap_advice": "fill them in the file: every future row the "
                              "forecast feeds back needs its covariates"})
    reader = read_parquet if prep.kind == "parquet" else read_csv
    raw = path.read(written, data) if in_memory else reader(path, written, data)
    rows = prepare_rows(raw, data, written)
    table = rows.table
    values, times, lines = {}, {}, {}
    for name, (begin, end) in zip(table.series_names, table.segments):
        values[str(name)] = rows.features[begin:end]
        times[str(name)] = (rows.labels or [])[begin:end] if prep.time is not None else []
        lines[str(name)] = table.rows.lines[begin:end]
    return Future(wanted, values, times, lines, written)


def future_rows(prep: Preparation, future: Future, name: str, table: SeriesTable,
                count: int) -> np.ndarray:
    """The first `count` future rows of series `name` (rows x covariates), after checking
    that their times continue the data's time column."""
    key = name if prep.series_column else next(iter(future.values))
    have = future.values.get(key)
    who = f"series '{name}'" if prep.series_column else "the series"
    if have is None or len(have) < count:
        found = 0 if have is None else len(have)
        why = (f"the model reads the covariates of the {count} step(s) it forecasts"
               if prep.reads_future else
               f"the forecast feeds back {count} step(s), which need their covariates")
        raise DataError(f"{future.written}: {found} future row(s) for {who}; {why} "
                        f"({', '.join(future.columns)}): add the rows")
    if prep.time is not None:
        check_times(prep, future, key, table, count)
    return have[:count]


def check_times(prep: Preparation, future: Future, key: str, table: SeriesTable,
                count: int) -> None:
    """Each future row's time is the data's time column continued by its frequency."""
    expected = future_times(prep, table, count)
    if expected is None:
        raise DataError(f"{table.written}: the time column '{prep.time}' has no regular step "
                        "at the end of the data, so the future rows cannot be matched to the "
                        "forecast steps")
    cells = future.times[key][:count]
    lines = list(range(1, count + 1))
    got = parse_times(cells, lines, prep.time, future.written, prep.time_format).values
    want = parse_times(expected, lines, prep.time, future.written, prep.time_format).values
    for k in np.flatnonzero(got != want)[:1]:
        raise DataError(f"{future.written}, line {int(future.lines[key][k])}, column "
                        f"'{prep.time}': {cells[k]} is not step {k + 1} after the data, "
                        f"{expected[k]}: the future rows start right after the last row of "
                        "the data, one per step")
