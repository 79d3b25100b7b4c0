"""A Parquet file's column names, types and row count, read from its footer without pyarrow
or NumPy (lint stays light): the footer is a Thrift compact-protocol FileMetaData
(parquet-format's parquet.thrift: 2 schema, 3 num_rows; SchemaElement 1 type, 4 name,
5 num_children, 6 converted_type)."""

from __future__ import annotations

import functools
import os
import struct
from dataclasses import dataclass

from ..source.text_file import printable
from .access import open_regular

MAGIC = b"PAR1"
MAX_FOOTER = 64 * 1024**2
NUMERIC_TYPES = {0: "boolean", 1: "int32", 2: "int64", 4: "float", 5: "double"}
TYPE_NAMES = {**NUMERIC_TYPES, 3: "int96", 6: "byte_array", 7: "fixed_len_byte_array"}
DECIMAL, DATE_TYPES = 5, (6, 9, 10)  # converted types: DECIMAL; DATE, TIMESTAMP_*


class ParquetError(Exception):
    """The file is not a Parquet file this reader understands."""


@dataclass(frozen=True)
class ParquetFacts:
    columns: tuple
    rows: int
    types: dict  # column -> physical type name, "decimal" or "date" where annotated

    def numeric(self, column: str) -> bool:
        return self.types.get(column) in NUMERIC_TYPES.values()


def parquet_facts(path: str) -> ParquetFacts:
    st = os.stat(path)
    return _parquet_facts(path, st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=32)
def _parquet_facts(path: str, _mtime: int, size: int) -> ParquetFacts:
    with open_regular(path) as handle:
        if size < 12 or handle.read(4) != MAGIC:
            raise ParquetError("not a Parquet file (no PAR1 header)")
        handle.seek(size - 8)
        length_bytes, magic = handle.read(4), handle.read(4)
        (length,) = struct.unpack("<I", length_bytes)
        if magic != MAGIC or length > min(size - 12, MAX_FOOTER):
            raise ParquetError("not a Parquet file, or a damaged one (no footer)")
        handle.seek(size - 8 - length)
        footer = handle.read(length)
    try:
        meta = Reader(footer).struct()
    except (IndexError, struct.error, RecursionError):
        raise ParquetError("the Parquet footer cannot be read (a damaged file)") from None
    schema, rows = meta.get(2), meta.get(3)
    if not isinstance(schema, list) or not schema or not isinstance(rows, int):
        raise ParquetError("the Parquet footer has no schema")
    columns, types = [], {}
    for element in schema[1:]:  # the first element is the root
        if element.get(5):  # a group (nested column): not a plain column
            continue
        name = element.get(4, b"").decode("utf-8", "replace")
        if not printable(name):
            raise ParquetError("a column name holds control characters (a damaged file?)")
        columns.append(name)
        converted = element.get(6)
        types[name] = "decimal" if converted == DECIMAL else "date" \
            if converted in DATE_TYPES else TYPE_NAMES.get(element.get(1), "unknown")
    return ParquetFacts(tuple(columns), rows, types)


class Reader:
    """Thrift compact protocol: just enough to read structs, lists and scalars."""

    def __init__(self, data: bytes):
        self.data, self.at = data, 0

    def byte(self) -> int:
        value = self.data[self.at]
        self.at += 1
        return value

    def varint(self) -> int:
        shift = result = 0
        while True:
            value = self.byte()
            result |= (value & 0x7F) << shift
            if not value & 0x80:
                return result
            shift += 7
            if shift > 70:
                raise IndexError("varint too long")

    def zigzag(self) -> int:
        value = self.varint()
        return (value >> 1) ^ -(value & 1)

    def value(self, kind: int, depth: int):
        if depth > 32:
            raise RecursionError
        if kind in (1, 2):
            return kind == 1
        if kind == 3:
            return self.byte()
        if kind in (4, 5, 6):
            return self.zigzag()
        if kind == 7:
            self.at += 8
            return None
        if kind == 8:
            size = self.varint()
            self.at += size
            if self.at > len(self.data):
                raise IndexError("binary past the end")
            return self.data[self.at - size:self.at]
        if kind in (9, 10):
            header = self.byte()
            size, element = header >> 4, header & 0x0F
            if size == 15:
                size = self.varint()
            if element in (1, 2):  # booleans in a list: one byte each
                return [self.byte() == 1 for _ in range(size)]
            return [self.value(element, depth + 1) for _ in range(size)]
        if kind == 11:
            size = self.varint()
            if size:
                types = self.byte()
                for _ in range(size):
                    self.value(types >> 4, depth + 1)
                    self.value(types & 0x0F, depth + 1)
            return None
        if kind == 12:
            return self.struct(depth + 1)
        raise IndexError(f"unknown thrift type {kind}")

    def struct(self, depth: int = 0) -> dict:
        fields, last = {}, 0
        while True:
            header = self.byte()
            if header == 0:
                return fields
            delta, kind = header >> 4, header & 0x0F
            last = last + delta if delta else self.zigzag()
            fields[last] = self.value(kind, depth)
