"""Cheap facts about data files, without NumPy: a CSV's header and row count, an NPZ's array
headers (shape, dtype) and small integer label arrays.

Used by the LS4xx lint rules (which must stay fast and TensorFlow-free) and by the runner,
which checks an NPZ's headers against the size limit before NumPy loads anything.
"""

from __future__ import annotations

import ast
import csv
import functools
import os
import re
import struct
import zipfile
from dataclasses import dataclass, field
from math import prod

from ..source.text_file import printable
from .access import open_regular

MAX_ARRAY_BYTES = 2 * 1024**3  # one NPZ array; larger ones are refused before loading
MAX_COUNTED_CSV_BYTES = 10 * 1024**2  # lint counts rows only of CSV files up to this size
MAX_HEADER_CHARS = 65_536  # a CSV header line longer than this is not parsed
SHOWN_NAME_CHARS = 40  # a column or array name in a message, at most
_MAGIC = b"\x93NUMPY"
_KINDS = {"b": "bool", "i": "int", "u": "uint", "f": "float"}  # what x, y and labels may be
_STRINGS = {"U": 4, "S": 1}  # fixed-width text: bytes per character (read without pickle)
_DESCR = re.compile(r"^[<>|=]([A-Za-z])([0-9]*)$")


class DataFileError(Exception):
    """The file cannot be used: the message says what is wrong and what to do."""


def resolve(config_path: str, data_path: str) -> str:
    """A data path as the config means it: relative to the folder of the config file."""
    if os.path.isabs(data_path) or not config_path or config_path.startswith("<"):
        return data_path
    return os.path.join(os.path.dirname(config_path), data_path)


def _stamp(path: str) -> tuple:
    st = os.stat(path)
    return (path, st.st_mtime_ns, st.st_size)


# -- CSV ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class CsvFacts:
    columns: tuple
    rows: int | None  # data rows after the header; None when the file is too large to count


def csv_facts(path: str, delimiter: str = ",") -> CsvFacts:
    return _csv_facts(_stamp(path), delimiter)


@functools.lru_cache(maxsize=32)
def _csv_facts(stamp: tuple, delimiter: str = ",") -> CsvFacts:
    path, _, size = stamp
    try:
        with open_regular(path, "r", newline="", encoding="utf-8-sig") as handle:
            header = csv_header(handle.readline(MAX_HEADER_CHARS + 1), delimiter)
            reader = csv.reader(handle, strict=True, delimiter=delimiter)
            rows = sum(1 for row in reader if row) if size <= MAX_COUNTED_CSV_BYTES else None
    except UnicodeDecodeError as err:
        raise DataFileError(f"the CSV file is not UTF-8 text (byte {err.start}): save it as "
                            "UTF-8") from None
    except csv.Error as err:
        raise DataFileError(f"the CSV file cannot be parsed: {err}") from None
    return CsvFacts(header, rows)


def csv_header(line: str, delimiter: str) -> tuple:
    """The column names of a CSV header line, only if it is one: printable text of at most
    MAX_HEADER_CHARS characters (a message may list the names, so nothing else is ever kept:
    never a NUL-separated environment, a binary file's first bytes or a terminal escape)."""
    if not line.strip():
        raise DataFileError("the CSV file is empty: it needs a header row of column names and "
                            "one row per time step")
    if len(line) > MAX_HEADER_CHARS:
        raise DataFileError(f"the first line is longer than {MAX_HEADER_CHARS:,} characters: "
                            "it is not a CSV header of column names")
    names = next(csv.reader([line.rstrip("\r\n")], strict=True, delimiter=delimiter), [])
    if not all(printable(name) for name in names):
        raise DataFileError("the first line holds control characters: it is not a CSV header "
                            "of column names (is this a CSV file?)")
    return tuple(name.strip() for name in names)


def shown_name(name: str) -> str:
    """A column or array name as a message quotes it: at most SHOWN_NAME_CHARS characters."""
    return name if len(name) <= SHOWN_NAME_CHARS else name[:SHOWN_NAME_CHARS - 3] + "..."


def shown_columns(columns, expected) -> str | None:
    """A file's column names as a message may list them (the first 12, each cut by
    shown_name), or None when its first line is not shown: only the header of a data file of
    this config is, printable names of which at least one is `expected`. Any other file's
    first line (a password file's, a key's) is never echoed: the message says what to do
    without it."""
    names = [str(c) for c in columns]
    if not any(c in expected for c in names) or not all(printable(c) for c in names):
        return None
    return ", ".join(shown_name(c) if c else "''" for c in names[:12]) + \
        (", ..." if len(names) > 12 else "")


@dataclass(frozen=True)
class SeriesFacts:
    """Per series (the id column's values, in order of first appearance): its row count; and
    the first time that repeats inside one series, as (line, time, earlier line)."""

    lengths: dict
    repeat: tuple | None = None


def csv_series_facts(path: str, delimiter: str, series: str | None,
                     time: str | None) -> SeriesFacts | None:
    """None for a file over the counting limit or without the named columns."""
    stamp = _stamp(path)
    if stamp[2] > MAX_COUNTED_CSV_BYTES:
        return None
    return _csv_series_facts(stamp, delimiter, series, time)


@functools.lru_cache(maxsize=32)
def _csv_series_facts(stamp, delimiter, series, time) -> SeriesFacts | None:
    with open_regular(stamp[0], "r", newline="", encoding="utf-8-sig") as handle:
        header = list(csv_header(handle.readline(MAX_HEADER_CHARS + 1), delimiter))
        reader = csv.reader(handle, strict=True, delimiter=delimiter)
        if any(c is not None and c not in header for c in (series, time)):
            return None
        at_id = header.index(series) if series is not None else None
        at_time = header.index(time) if time is not None else None
        lengths: dict = {}
        seen: dict = {}
        repeat = None
        for row in reader:
            if not row:
                continue
            key = _cell(row, at_id) if at_id is not None else ""
            lengths[key] = lengths.get(key, 0) + 1
            if at_time is not None and repeat is None:
                moment = (key, _cell(row, at_time))
                if moment in seen:
                    repeat = (reader.line_num + 1, moment[1], seen[moment])
                seen[moment] = reader.line_num + 1  # + the header line, read before
    return SeriesFacts(lengths, repeat)


def _cell(row: list, at: int) -> str:
    return row[at].strip() if at < len(row) else ""


# -- NPY headers inside an NPZ -------------------------------------------------------------

@dataclass(frozen=True)
class ArrayHeader:
    name: str
    shape: tuple
    descr: str  # '<f4', '|u1', ...
    fortran: bool

    @property
    def kind(self) -> str:
        return self.descr[1]

    @property
    def itemsize(self) -> int:
        """Bytes per value (0 where the file does not lay values out: object arrays)."""
        match = _DESCR.match(self.descr)
        if not match or not match.group(2) or match.group(1) not in (*_KINDS, *_STRINGS):
            return 0
        return int(match.group(2)) * _STRINGS.get(match.group(1), 1)

    @property
    def nbytes(self) -> int:
        return prod(self.shape) * self.itemsize

    @property
    def dtype(self) -> str:
        """NumPy's name of the element type: float32, int64, bool..."""
        return "bool" if self.kind == "b" else f"{_KINDS[self.kind]}{self.itemsize * 8}"

    @property
    def is_integer(self) -> bool:
        return self.kind in ("i", "u", "b")

    @property
    def numeric(self) -> bool:
        return self.kind in _KINDS and self.itemsize > 0

    @property
    def is_text(self) -> bool:
        """Fixed-width strings (`<U5`, `|S5`): read without pickle, as class names."""
        return self.kind in _STRINGS and self.itemsize > 0

    def refusal(self) -> str | None:
        """Why this array cannot be fed to a model (None: numbers it can)."""
        if self.numeric:
            return None
        what = "text" if self.is_text else "objects" if self.kind == "O" else "values"
        return (f"array '{shown_name(self.name)}' holds {what} ({self.descr[:20]!r}): only "
                "numbers (bool, int, float) are fed to a model" +
                ("; object arrays would need pickle, which lstmspec never loads"
                 if self.kind == "O" else ""))


@dataclass(frozen=True)
class NpzFacts:
    arrays: dict = field(default_factory=dict)  # name -> ArrayHeader


def parse_npy_header(raw: bytes, name: str) -> tuple[ArrayHeader, int]:
    """The header of an .npy member (format versions 1-3) and the offset of its data."""
    if not raw.startswith(_MAGIC) or len(raw) < 10:
        raise DataFileError(f"array '{name}' is not in NumPy's .npy format")
    major = raw[6]
    if major == 1:
        (length,), start = struct.unpack("<H", raw[8:10]), 10
    elif major in (2, 3):
        (length,), start = struct.unpack("<I", raw[8:12]), 12
    else:
        raise DataFileError(f"array '{name}' uses .npy format version {major}, which is unknown")
    try:
        header = ast.literal_eval(raw[start:start + length].decode("latin-1"))
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        raise DataFileError(f"array '{name}' has an unreadable .npy header") from None
    return _checked_header(header, name), start + length


def _checked_header(header, name: str) -> ArrayHeader:
    if not isinstance(header, dict) or set(header) != {"descr", "fortran_order", "shape"}:
        raise DataFileError(f"array '{name}' has an unreadable .npy header")
    descr, shape = header["descr"], header["shape"]
    if not isinstance(descr, str) or not _DESCR.match(descr):
        descr = "|V"  # a structured dtype: recorded, refused only where it would be used
    if not isinstance(shape, tuple) or not all(isinstance(d, int) and d >= 0 for d in shape):
        raise DataFileError(f"array '{name}' has an invalid shape {shape!r}")
    out = ArrayHeader(name, shape, descr, bool(header["fortran_order"]))
    if out.nbytes > MAX_ARRAY_BYTES:
        raise DataFileError(f"array '{name}' {shape} is {out.nbytes / 1024**3:.1f} GiB, over the "
                            f"{MAX_ARRAY_BYTES // 1024**3} GiB limit for one array: use a "
                            "smaller file")
    return out


def npz_facts(path: str) -> NpzFacts:
    return _npz_facts(_stamp(path))


@functools.lru_cache(maxsize=32)
def _npz_facts(stamp: tuple) -> NpzFacts:
    path = stamp[0]
    facts = NpzFacts()
    try:
        with open_regular(path) as handle, zipfile.ZipFile(handle) as archive:
            for info in archive.infolist()[:1000]:
                if not info.filename.endswith(".npy"):
                    continue
                name = info.filename[:-4]
                if not printable(name):
                    raise DataFileError("an array name holds control characters: write the "
                                        "file with numpy.savez and plain names")
                with archive.open(info) as member:
                    raw = member.read(65536 + 12)
                facts.arrays[name] = parse_npy_header(raw, name)[0]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError):
        raise DataFileError("the file is not an NPZ archive (numpy.savez): write it with "
                            "numpy.savez or numpy.savez_compressed") from None
    return facts
