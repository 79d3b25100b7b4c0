"""The values lint may read of a small data file, without NumPy: an NPZ array's numbers
(labels, targets, features) or fixed-width strings (class names), and a CSV's columns.

Each reader returns None where it cannot read cheaply (a file over the limit, an array of
another kind): the rules that use them then say nothing rather than guess.
"""

from __future__ import annotations

import csv
import functools
import zipfile
from array import array
from dataclasses import dataclass
from math import isfinite, prod

from .access import open_regular
from .files import (
    MAX_COUNTED_CSV_BYTES,
    MAX_HEADER_CHARS,
    _npz_facts,
    _stamp,
    csv_header,
    parse_npy_header,
)

MAX_VALUE_BYTES = 16 * 1024**2  # an NPZ array that lint reads values of, at most
_CODES = {("b", 1): "B", ("i", 1): "b", ("u", 1): "B", ("i", 2): "h", ("u", 2): "H",
          ("i", 4): "i", ("u", 4): "I", ("i", 8): "q", ("u", 8): "Q", ("f", 4): "f",
          ("f", 8): "d"}


@dataclass(frozen=True)
class Numbers:
    """An NPZ array's values in C order (samples first), as Python numbers."""

    name: str
    shape: tuple
    values: object  # array.array, or a list after reordering
    integer: bool

    @property
    def low(self):
        return min(self.values)

    @property
    def high(self):
        return max(self.values)

    @property
    def finite(self) -> bool:
        return self.integer or all(isfinite(v) for v in self.values)

    def sample(self, index: int):
        """The values of one sample, flat."""
        size = prod(self.shape[1:])
        return self.values[index * size:(index + 1) * size]


def npz_numbers(path: str, name: str) -> Numbers | None:
    """The values of a numeric array of an NPZ file of at most MAX_VALUE_BYTES."""
    return _npz_numbers(_stamp(path), name)


@functools.lru_cache(maxsize=32)
def _npz_numbers(stamp: tuple, name: str) -> Numbers | None:
    header = _npz_facts(stamp).arrays.get(name)
    if header is None or not header.numeric or not header.nbytes or \
            header.nbytes > MAX_VALUE_BYTES or (header.kind, header.itemsize) not in _CODES:
        return None
    raw, offset = _member(stamp[0], name, header.nbytes)
    values = array(_CODES[(header.kind, header.itemsize)])
    if values.itemsize != header.itemsize or len(raw) < offset + header.nbytes:
        return None
    values.frombytes(raw[offset:offset + header.nbytes])
    if header.descr[0] == ">":
        values.byteswap()
    if header.fortran and len(header.shape) > 1:
        values = c_order(values, header.shape)
    return Numbers(name, header.shape, values, header.is_integer)


def npz_strings(path: str, name: str) -> tuple | None:
    """The strings of a 1-D fixed-width text array (`<U5`: UTF-32; `|S5`: bytes read as
    UTF-8), as numpy.load reads them without pickle: trailing NULs stripped."""
    return _npz_strings(_stamp(path), name)


@functools.lru_cache(maxsize=32)
def _npz_strings(stamp: tuple, name: str) -> tuple | None:
    header = _npz_facts(stamp).arrays.get(name)
    if header is None or not header.is_text or len(header.shape) != 1 or \
            header.nbytes > MAX_VALUE_BYTES:
        return None
    raw, offset = _member(stamp[0], name, header.nbytes)
    body, width = raw[offset:offset + header.nbytes], header.itemsize
    encoding = ("utf-32-be" if header.descr[0] == ">" else "utf-32-le") \
        if header.kind == "U" else "utf-8"
    try:
        return tuple(body[i:i + width].decode(encoding).rstrip("\x00")
                     for i in range(0, len(body), width))
    except UnicodeDecodeError:
        return None


def _member(path: str, name: str, nbytes: int) -> tuple[bytes, int]:
    with open_regular(path) as handle, zipfile.ZipFile(handle) as archive, \
            archive.open(name + ".npy") as member:
        raw = member.read(nbytes + 65536 + 12)
    return raw, parse_npy_header(raw, name)[1]


def c_order(values, shape: tuple) -> list:
    """Values stored in Fortran order (first axis fastest) listed in C order."""
    strides, step = [], 1
    for size in shape:
        strides.append(step)
        step *= size
    out = [0] * len(values)
    index = [0] * len(shape)
    for position in range(len(values)):
        out[position] = values[sum(i * s for i, s in zip(index, strides))]
        for axis in reversed(range(len(shape))):  # next index in C order: last axis fastest
            index[axis] += 1
            if index[axis] < shape[axis]:
                break
            index[axis] = 0
    return out


def integer_range(path: str, name: str) -> tuple[int, int] | None:
    """(min, max) of a small integer array of an NPZ; None when it is not that."""
    found = npz_numbers(path, name)
    if found is None or not found.integer:
        return None
    return found.low, found.high


# -- CSV ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CsvColumns:
    numbers: dict  # column -> [float | None] (None: empty, or not a number)
    texts: dict  # column -> [str]
    lines: tuple  # the file line of each row


def csv_columns(path: str, delimiter: str, decimal: str, numbers: tuple,
                texts: tuple = ()) -> CsvColumns | None:
    """The named columns of a CSV of at most MAX_COUNTED_CSV_BYTES; None for a larger file or
    one that lacks a column (the column rules report that)."""
    stamp = _stamp(path)
    if stamp[2] > MAX_COUNTED_CSV_BYTES:
        return None
    return _csv_columns(stamp, delimiter, decimal, tuple(numbers), tuple(texts))


@functools.lru_cache(maxsize=16)
def _csv_columns(stamp, delimiter, decimal, numbers, texts) -> CsvColumns | None:
    with open_regular(stamp[0], "r", newline="", encoding="utf-8-sig") as handle:
        header = list(csv_header(handle.readline(MAX_HEADER_CHARS + 1), delimiter))
        names = list(dict.fromkeys(numbers + texts))
        if any(n not in header for n in names):
            return None
        at = [header.index(n) for n in names]
        cells: list = [[] for _ in names]
        lines = []
        for row in csv.reader(handle, strict=True, delimiter=delimiter):
            if not row:
                continue
            lines.append(len(lines) + 2)  # approximate only for quoted line breaks
            for column, position in zip(cells, at):
                column.append(row[position].strip() if position < len(row) else "")
    by_name = dict(zip(names, cells))
    return CsvColumns({n: [number(c, decimal) for c in by_name[n]] for n in numbers},
                      {n: by_name[n] for n in texts}, tuple(lines))


def number(cell: str, decimal: str = ".") -> float | None:
    if decimal == ",":
        cell = cell.replace(",", ".")
    try:
        value = float(cell)
    except ValueError:
        return None
    return value if isfinite(value) else None
