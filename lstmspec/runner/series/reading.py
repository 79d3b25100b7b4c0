"""Sources of tabular series: a CSV file in its dialect (delimiter, decimal comma, quoted
header names, a byte-order mark, CRLF line ends), a Parquet file (pyarrow, an optional
extra), or rows in memory (the JSON rows of `lstmspec serve`), read into text or number
columns with the line of every row."""

from __future__ import annotations

import csv
import os

import numpy as np

from ...datafacts.files import shown_columns
from ..errors import DataError
from .table import RawColumns


def needed_columns(data) -> tuple[list, list]:
    """(numeric columns, text columns) that a data section reads."""
    numbers = list(dict.fromkeys(list(data.features) + list(data.targets)))
    text = [c for c in (data.time, data.series) if c is not None]
    return numbers, text


def check_file(path: str, written: str) -> None:
    if not os.path.isfile(path):
        raise DataError(f"{written}: no such data file (looked for {path}); data.path is "
                        "relative to the config file")


def read_csv(path: str, written: str, data) -> RawColumns:
    check_file(path, written)
    numbers, text = needed_columns(data)
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle, strict=True, delimiter=data.delimiter)
            header = next((row for row in reader if row), None)
            if header is None:
                raise DataError(f"{written}: the CSV file is empty: it needs a header row and "
                                "one row per time step")
            header = [name.strip() for name in header]
            index = column_index(header, numbers + text, written, data.delimiter)
            names = numbers + text
            at = [index[n] for n in names]
            width = max(at) + 1 if at else 0
            lines: list = []
            cells: list = [[] for _ in names]  # only the columns used, not whole rows
            for row in reader:
                if not row:
                    continue
                lines.append(reader.line_num)
                if len(row) < width:
                    row = row + [""] * (width - len(row))
                for column, position in zip(cells, at):
                    column.append(row[position].strip())
    except UnicodeDecodeError:
        raise DataError(f"{written}: not UTF-8 text: save the CSV as UTF-8") from None
    except csv.Error as err:
        raise DataError(f"{written}: the CSV cannot be parsed: {err}") from None
    except OSError as err:
        raise DataError(f"{written}: cannot be read: {err.strerror or err}") from None
    by_name = dict(zip(names, cells))
    return RawColumns({n: by_name[n] for n in numbers}, {n: by_name[n] for n in text},
                      np.asarray(lines, dtype=np.int64))


def row_columns(rows: list) -> list:
    """The columns of rows in memory: every key of any row, in order of first appearance
    (a CSV's header)."""
    return list(dict.fromkeys(key for row in rows for key in row))


def read_rows(rows: list, written: str, data) -> RawColumns:
    """Rows in memory (dicts of column -> JSON scalar) read as the cells of a CSV in the run's
    layout, so that they pass through the same checks: a number as Python writes it (a float
    round-trips), null or an absent key as an empty cell, true/false and text as they are.
    Row k (from 1) is line k in messages."""
    numbers, text = needed_columns(data)
    cells = {name: [cell_text(row.get(name)) for row in rows] for name in numbers + text}
    return RawColumns({n: cells[n] for n in numbers}, {n: cells[n] for n in text},
                      np.arange(1, len(rows) + 1, dtype=np.int64))


def cell_text(value) -> str:
    """A JSON scalar as the text of a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as the same float
    return str(value).strip()


def column_index(header: list, names: list, written: str, delimiter: str = ",") -> dict:
    index = {}
    for name in names:
        if name not in header:
            hint = ""
            if len(header) == 1 and any(d in header[0] for d in ";\t|"):
                hint = " (one column only: is the delimiter another character? set " \
                       "data.delimiter)"
            shown = shown_columns(header, names)
            columns = f"the columns are {shown}" if shown else \
                "the first line names none of the config's columns"
            raise DataError(f"{written}: no column '{name}' ({columns}){hint}: correct "
                            "data.features/targets/time/series")
        index[name] = header.index(name)
    return index


def read_parquet(path: str, written: str, data) -> RawColumns:
    check_file(path, written)
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise DataError("Parquet data needs pyarrow: pip install 'lstmspec[parquet]'") from None
    numbers, text = needed_columns(data)
    try:
        schema = pq.read_schema(path)
        column_index(list(schema.names), numbers + text, written)
        table = pq.read_table(path, columns=numbers + text)
    except DataError:
        raise
    except Exception as err:  # pyarrow raises ArrowInvalid, OSError... for a damaged file
        raise DataError(f"{written}: cannot be read as Parquet: {str(err)[:200]}") from None
    out = {}
    for name in numbers:
        column = table.column(name)
        try:
            out[name] = column.to_numpy(zero_copy_only=False).astype(np.float64)
        except (ValueError, TypeError):
            raise DataError(f"{written}: column '{name}' holds {column.type} values, not "
                            "numbers: choose numeric columns for features and targets") from None
    texts = {name: ["" if v is None else str(v) for v in table.column(name).to_pylist()]
             for name in text}
    return RawColumns(out, texts, np.arange(1, table.num_rows + 1, dtype=np.int64))
