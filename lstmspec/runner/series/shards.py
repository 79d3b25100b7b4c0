"""Data in several files (`data.path` a glob): the shards in order, and for the in-memory
path their rows read as one table in which every shard is its own series (windows never
cross two files)."""

from __future__ import annotations

import glob
import os

import numpy as np

from ..errors import DataError
from .table import SHARD_COLUMN, RawColumns


def is_glob(path: str) -> bool:
    return any(c in path for c in "*?[")


def shard_files(path: str, written: str) -> list:
    """The files a `data.path` names: itself, or the sorted matches of a glob."""
    if not is_glob(path):
        return [path]
    found = sorted(p for p in glob.glob(path) if os.path.isfile(p))
    if not found:
        raise DataError(f"{written}: the pattern matches no file (looked in "
                        f"{os.path.dirname(path) or '.'}); data.path is relative to the config "
                        "file")
    return found


def read_shards(files: list, written: str, data, reader) -> RawColumns:
    """Every shard read and concatenated; without data.series each shard is one series."""
    folder = os.path.dirname(written)
    parts = [reader(path, os.path.join(folder, os.path.basename(path)) if len(files) > 1
                    else written, data) for path in files]
    if len(parts) == 1:
        return parts[0]
    numbers = {name: _join([p.numbers[name] for p in parts]) for name in parts[0].numbers}
    text = {name: sum((p.text[name] for p in parts), []) for name in parts[0].text}
    if not data.series:
        text[SHARD_COLUMN] = [os.path.basename(f) for f, p in zip(files, parts)
                              for _ in range(len(p.lines))]
    return RawColumns(numbers, text, np.concatenate([p.lines for p in parts]))


def _join(columns: list):
    if all(isinstance(c, np.ndarray) for c in columns):
        return np.concatenate(columns)
    return [cell for column in columns for cell in column]
