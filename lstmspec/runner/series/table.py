"""A data file's rows as one table: the numeric columns (NaN where a cell is empty), the rows
grouped by series (in order of first appearance), and, with a time column, an empty row
inserted for every row missing from the frequency. Every row keeps its line in the file for
messages (0 for an inserted row)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..errors import DataError
from ..value_range import within_float32
from .axis import check_axis
from .gaps import Rows
from .spacing import Spacing, check_spacing, fill_times, infer_step
from .timeaxis import Step, Times, parse_times

MISSING = {"", "na", "nan", "n/a", "null", "none"}
SHARD_COLUMN = "\x00shard"  # the group key of a shard when the data names no series column


@dataclass
class Table:
    values: np.ndarray  # (rows, columns) float64; NaN = missing
    columns: list
    rows: Rows  # the line of each row in the file
    segments: list  # (begin, end) of each series
    series_names: list  # the id of each series ("" without data.series)
    times: Times | None = None
    step: Step | None = None
    inserted: int = 0  # rows added for times missing from the frequency
    labels: list | None = None  # the time cell of each row (None without a time column)
    observed: Step | None = None  # the step inferred from the file's rows (axis.py)

    def series_of_rows(self) -> np.ndarray:
        out = np.empty(len(self.values), dtype=np.int64)
        for index, (begin, end) in enumerate(self.segments):
            out[begin:end] = index
        return out


@dataclass
class RawColumns:
    """What a source (CSV, Parquet) reads: text cells or numbers per column, and lines."""

    numbers: dict  # column -> list of str cells, or a float64 array (NaN = missing)
    text: dict  # time / series column -> list of str
    lines: np.ndarray


def numeric(cells, lines, column: str, written: str, decimal: str = ".") -> np.ndarray:
    """Text cells -> float64, NaN for the missing ones; text or inf is a located error."""
    if isinstance(cells, np.ndarray):
        bad = np.flatnonzero(np.isinf(cells))
        if len(bad):
            raise _not_finite(written, lines[bad[0]], column, str(cells[bad[0]]))
        return within_float32(cells.astype(np.float64), cells, lines, column, written)
    marked = ["nan" if c.strip().lower() in MISSING else
              (c.replace(",", ".") if decimal == "," else c) for c in cells]
    try:  # Python's float (and NumPy's) reads 1_000 as 1000: text in a CSV cell, refused
        values = None if any("_" in c for c in marked) else np.array(marked, dtype=np.float64)
    except ValueError:
        values = None
    if values is None or np.isinf(values).any():
        for cell, text, line in zip(cells, marked, lines):
            try:
                number = float(text.replace("_", "x"))
            except ValueError:
                raise DataError(f"{written}, line {line}, column '{column}': '{cell[:40]}' is "
                                "not a number: fix or remove the row" +
                                _decimal_hint(cell, decimal)) from None
            if np.isinf(number):
                raise _not_finite(written, line, column, cell)
    return within_float32(values, cells, lines, column, written)


def _decimal_hint(cell: str, decimal: str) -> str:
    if decimal == "." and cell.count(",") == 1 and cell.replace(",", "").strip().isdigit():
        return " (a decimal comma? set data.decimal: ',')"
    return ""


def _not_finite(written, line, column, cell) -> DataError:
    return DataError(f"{written}, line {line}, column '{column}': {cell} is not a finite "
                     "number: fix or remove the row")


def build_table(raw: RawColumns, data, written: str) -> Table:
    """Group by series, parse and check the time column, insert the missing rows."""
    columns = list(raw.numbers)
    values = np.column_stack([numeric(raw.numbers[c], raw.lines, c, written, data.decimal)
                              for c in columns]) if columns else np.zeros((len(raw.lines), 0))
    ids = raw.text.get(data.series) if data.series else raw.text.get(SHARD_COLUMN)
    order, segments, names = group_rows(ids, len(raw.lines))
    values, lines = values[order], raw.lines[order]
    table = Table(values, columns, Rows(lines), segments, names)
    if data.time is None:
        return table
    cells = [raw.text[data.time][i] for i in order]
    where = {"written": written, "column": data.time, "cells": cells}
    if not data.series:
        where["series_note"] = " (several series in one file? name their id column in " \
                               "data.series)"
    times = parse_times(cells, lines.tolist(), data.time, written, data.time_format)
    observed = None if data.frequency == "irregular" else infer_step(times, segments)
    trained = getattr(data, "time_axis", None)  # new data for a trained run: its axis
    if trained:
        check_axis(trained, times, observed, segments, lines.tolist(), where)
    spacing = check_spacing(times, segments, lines.tolist(), where, data.frequency)
    table.times, table.step, table.labels, table.observed = times, spacing.step, cells, observed
    return insert_missing(table, spacing) if spacing.missing_rows else table


def group_rows(ids, count: int) -> tuple[np.ndarray, list, list]:
    """A stable order that puts each series' rows together, the (begin, end) of each, and
    the series ids in order of first appearance (one unnamed series without ids)."""
    if ids is None:
        return np.arange(count, dtype=np.int64), [(0, count)], [""]
    first: dict = {}
    codes = np.array([first.setdefault(i, len(first)) for i in ids], dtype=np.int64)
    order = np.argsort(codes, kind="stable")
    bounds = np.concatenate(([0], np.cumsum(np.bincount(codes, minlength=len(first)))))
    return order, [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:])], list(first)


def insert_missing(table: Table, spacing: Spacing) -> Table:
    """An empty (NaN) row for every time missing from the frequency, inside each series."""
    gaps = spacing.missing_before
    new_position = np.arange(len(gaps)) + np.cumsum(gaps)
    total = len(gaps) + int(gaps.sum())
    values = np.full((total, table.values.shape[1]), np.nan)
    values[new_position] = table.values
    lines = np.zeros(total, dtype=np.int64)
    lines[new_position] = table.rows.lines
    times = np.empty(total, dtype=table.times.values.dtype)
    times[new_position] = table.times.values
    offsets = None if table.times.offsets is None else np.zeros(total, dtype=np.int64)
    if offsets is not None:
        offsets[new_position] = table.times.offsets
    labels = [""] * total
    for old, new in enumerate(new_position):
        labels[new] = table.labels[old]
    for old in np.flatnonzero(gaps):
        new = int(new_position[old])
        count = int(gaps[old])
        filled = fill_times(table.times, spacing.step, old - 1, count)
        times[new - count:new] = filled
        if offsets is not None:  # an inserted row is written at the offset of the row before
            offsets[new - count:new] = table.times.offsets[old - 1]
        labels[new - count:new] = table.times.written_like(table.labels[old - 1], filled)
    segments = [(int(new_position[b]), int(new_position[e - 1]) + 1) for b, e in table.segments]
    return Table(values, table.columns, Rows(lines), segments, table.series_names,
                 replace(table.times, values=times, offsets=offsets), spacing.step,
                 int(gaps.sum()), labels, table.observed)
