"""A data file (or rows in memory: the JSON rows of `lstmspec serve`) read in a trained run's
layout, for predict/forecast/evaluate/export (NumPy only: every check happens before
TensorFlow starts). A file and rows go through the same preparation, so they get the same
answers and the same messages.

Each problem is a DataError with one located line: a missing column, a file of another kind
than the run's, text or NaN where a number belongs (file, line, column), too few rows for one
window, NPZ arrays of the wrong shape.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from ...datafacts.files import npz_facts
from ...datafacts.npz_layout import CLASSES, PAIRS, WHOLE
from ..data.npz_arrays import pick, read_arrays
from ..errors import DataError
from ..data.preparation import Preparation
from ..series.gaps import Rows
from ..series.prepare import prepare_rows
from ..series.reading import read_csv, read_parquet, read_rows, row_columns
from ..series.stored import as_data, not_yet_supported
from . import named_arrays
from ..value_range import FLOAT32_MAX



@dataclass
class SeriesTable:
    """The rows of a CSV in the run's columns, in the original units."""

    features: np.ndarray  # rows x features (target columns transformed as in training)
    targets: np.ndarray | None  # rows x targets, original units; None when one is absent
    times: list | None  # the time column as written, or None when the run has none
    written: str  # the file as the user named it
    calendar: np.ndarray | None = None  # rows x calendar features (data.calendar)
    model_targets: np.ndarray | None = None  # the targets as the model learned them
    segments: tuple = ()  # (begin, end) of each series (data.series); one without
    series_names: tuple = ()  # the id of each series
    usable: np.ndarray | None = None  # per row: every value present (missing: drop leaves
    # gaps; differencing leaves the first rows of each series without a value)
    lines: Rows | None = None  # where each row is in the file, for messages

    @property
    def rows(self) -> int:
        return len(self.features)

    def complete(self, starts: np.ndarray, length: int) -> np.ndarray:
        """Per start: whether the `length` rows from it all have values (windows that touch
        a gap or the rows differencing uses up are not made, as in training)."""
        if self.usable is None:
            return np.ones(len(starts), dtype=bool)
        bad = np.concatenate(([0], np.cumsum(~self.usable)))
        return bad[starts + length] - bad[starts] == 0

    def cut(self, begin: int, end: int, name: str | None = None) -> "SeriesTable":
        """Rows begin..end (one series, named `name`) as a table of its own."""
        def rows(array):
            return None if array is None else array[begin:end]

        return SeriesTable(self.features[begin:end], rows(self.targets), rows(self.times),
                           self.written, rows(self.calendar), rows(self.model_targets),
                           ((0, end - begin),),
                           self.series_names[:1] if name is None else (name,), rows(self.usable),
                           self.lines and Rows(self.lines.lines[begin:end]))

    def parts(self) -> list:
        """(series id, the rows of that series as a table) for each series of the file;
        windows never cross two series."""
        if len(self.segments) <= 1:
            return [(self.series_names[0] if self.series_names else "", self)]
        return [(name, self.cut(begin, end, name))
                for name, (begin, end) in zip(self.series_names, self.segments)]


@dataclass(frozen=True)
class InMemory:
    """Rows in memory (dicts of column -> JSON scalar) in place of a data file's path: what
    `lstmspec serve` reads from a request, named `written` in messages (its row k is line k)."""

    rows: list

    def columns(self) -> list:
        return row_columns(self.rows)

    def read(self, written: str, data):
        return read_rows(self.rows, written, data)

    def arrays(self, written: str) -> dict:
        """An NPZ run's samples: each row {"x": one sample as nested lists (, "y": its
        target)} -> the arrays an NPZ file would hold."""
        out = {}
        for name in row_columns(self.rows):
            given = [i for i, row in enumerate(self.rows) if name in row]
            if len(given) < len(self.rows):
                first = next(i for i in range(len(self.rows)) if name not in self.rows[i])
                raise DataError(f"{written}, line {first + 1}: no {name}, which other rows "
                                f"have: every sample has the same arrays")
            try:
                out[name] = np.array([row[name] for row in self.rows], dtype=np.float64)
            except (ValueError, TypeError):
                raise DataError(f"{written}: {name} is not an array of numbers of one shape "
                                "(a sample of another shape, text, or null): send every "
                                f"sample's {name} as nested lists of numbers") from None
        return out


def data_file(prep: Preparation, run_dir: str, given: str | None) -> tuple[str, str]:
    """(path to open, name for messages): --data, else the run's own training data."""
    if given is not None:
        if os.path.exists(given) and not os.path.isfile(given):
            raise DataError(f"{given}: not a regular file (a folder, a FIFO or a device, which "
                            "lstmspec never reads from): --data names a data file")
        if not os.path.isfile(given):
            raise DataError(f"{given}: no such file (--data names the data file to use)")
        return given, given
    path = prep.data_file(run_dir)
    if path is None:
        raise DataError(f"{run_dir}: this run trained on synthetic data, so there is no data "
                        "file to default to: pass --data FILE.npz with an x array")
    if not os.path.isfile(path):
        raise DataError(f"{prep.data_path}: the run's training data is not found from the run "
                        f"directory (looked for {path}; was the folder moved without it?): "
                        "pass --data FILE")
    return path, path


def check_kind(prep: Preparation, written: str) -> None:
    is_npz = written.lower().endswith(".npz")
    if prep.series and is_npz:
        raise DataError(f"{written}: this run was trained on a CSV series (columns "
                        f"{', '.join(prep.columns)}): pass a CSV file in that layout")
    if not prep.series and not is_npz:
        arrays = named_arrays.layout(prep) if named_arrays.is_named(prep) else \
            f"an x array of shape (samples, {', '.join(map(str, prep.input_shape))})"
        raise DataError(f"{written}: this run was trained on NPZ arrays: pass an .npz file with "
                        f"{arrays}")


def read_series(prep: Preparation, path: str | InMemory, written: str,
                need_targets: bool = False, min_rows: int | None = None) -> SeriesTable:
    """The run's columns of a CSV (or Parquet) file, or of rows InMemory, read and
    gap-handled as training did (the run's delimiter, decimal mark, time column and `missing`
    policy); targets that are not features are optional unless `need_targets` (evaluate).
    `min_rows`: the rows after differencing's warm-up that one answer needs (default: one
    sample's inputs, prep.span; forecast: the window; evaluate: the window and its
    targets)."""
    in_memory = isinstance(path, InMemory)
    if not in_memory:
        check_kind(prep, written)
    blocked = not_yet_supported(prep)
    if blocked:
        raise DataError(f"{written}: this run was trained with {', '.join(blocked)}, which "
                        "predict, forecast and evaluate do not prepare yet: use the run's own "
                        "predictions.csv and metrics.json, or train without them")
    header = path.columns() if in_memory else file_columns(prep, path, written)
    required = list(prep.features) + ([prep.time] if prep.time is not None else []) + \
        ([prep.series_column] if prep.series_column else [])
    if need_targets:
        required += [t for t in prep.targets if t not in required]
    absent = [c for c in required if c not in header]
    if absent:
        raise DataError(f"{written}: no column {', '.join(repr(c) for c in absent)}: this run "
                        f"needs the columns {', '.join(prep.columns)}"
                        + (f" and the time column '{prep.time}'" if prep.time is not None
                           else "") +
                        f" ({listed(header, required)})")
    targets = tuple(t for t in prep.targets if t in header)
    if len(targets) < len(prep.targets):
        targets = tuple(t for t in targets if t in prep.features)  # only those read as inputs
    data = as_data(prep, targets)
    reader = read_parquet if prep.kind == "parquet" else read_csv
    raw = path.read(written, data) if in_memory else reader(path, written, data)
    prepared = prepare_rows(raw, data, written)
    rows = len(prepared.usable)
    least = prep.warmup + (min_rows or prep.span)
    if rows < least:
        raise DataError(f"{written}: {rows} data row(s), fewer than the {least} this needs "
                        f"(one window is {prep.window} rows"
                        + ("" if least - prep.warmup <= prep.window else
                           f", its targets {prep.horizon} more" if not prep.reads_future else
                           f", then the {prep.horizon} rows it forecasts, which an input "
                           "reads")
                        + (f", after the {prep.warmup} that differencing uses up"
                           if prep.warmup else "") + "): use a longer file")
    full = len(targets) == len(prep.targets)
    if prep.warmup and not full:
        raise DataError(f"{written}: this run forecasts differences of its targets, and turning "
                        "them back into values needs the target columns "
                        f"{', '.join(prep.targets)} in the file")
    table = prepared.table
    return SeriesTable(prepared.features, prepared.raw_targets if full else None,
                       prepared.labels if prep.time is not None else None, written,
                       prepared.calendar,
                       prepared.targets if full else None, tuple(table.segments),
                       tuple(str(n) for n in table.series_names), prepared.usable,
                       table.rows)


def listed(header: list, required: list) -> str:
    """What a message says of the file's columns: the names, if its first line is a header of
    this run's data (datafacts.files.shown_columns); never another file's first line."""
    from ...datafacts.files import shown_columns

    shown = shown_columns(header, required)
    return f"the file has {shown}" if shown else \
        "its first line names none of them: is it a data file of this run?"


def file_columns(prep: Preparation, path: str, written: str) -> list:
    """The column names of a data file, from its header (CSV) or schema (Parquet)."""
    if prep.kind == "parquet":
        from ...datafacts.parquet import ParquetError, parquet_facts

        try:
            return list(parquet_facts(path).columns)
        except (ParquetError, OSError) as err:
            raise DataError(f"{written}: cannot be read as Parquet: {err}") from None
    from ...datafacts.files import DataFileError, csv_facts

    try:
        return list(csv_facts(path, prep.delimiter).columns)
    except (DataFileError, OSError) as err:
        raise DataError(f"{written}: {err}") from None


def read_samples(prep: Preparation, path: str | InMemory, written: str, need_y: bool = False,
                 own_part: bool = False):
    """(x, y or None) of an NPZ file (or rows InMemory) for an NPZ or synthetic run: arrays
    `x` (and `y`), or `x_test` (and `y_test`); `own_part`: the run's own file, cut as
    training cut it, and only the part its metrics.json scored (scored_part). A model with
    several inputs or outputs reads its arrays by name (named_arrays.py): x is then a dict
    input name -> array, y a dict output reference -> array."""
    in_memory = isinstance(path, InMemory)
    if not in_memory:
        check_kind(prep, written)
    if named_arrays.is_named(prep):
        if in_memory:  # a request's row is one sample {"x": ...}: one input
            raise DataError(f"{written}: this run's model has several inputs or outputs "
                            f"({named_arrays.layout(prep)}), which rows of one `x` cannot "
                            "hold: use lstmspec predict with an .npz file")
        return named_arrays.read_named(prep, path, written, need_y, own_part)
    arrays = path.arrays(written) if in_memory else read_arrays(path, written)
    x_name, y_name = next((pair for pair in (WHOLE, PAIRS["test"]) if pair[0] in arrays),
                          (None, None))
    if x_name is None:
        held = arrays if in_memory else npz_facts(path).arrays
        raise DataError(f"{written}: needs an array x (or x_test); it has "
                        f"{', '.join(sorted(held)) or 'none'}")
    x, y = arrays[x_name], arrays.get(y_name)
    if own_part:
        _, (x_name, y_name, indices) = scored_part(prep, arrays)
        x, y = pick(arrays[x_name], indices), pick(arrays.get(y_name, np.zeros(0)), indices)
    if tuple(x.shape[1:]) != tuple(prep.input_shape):
        raise DataError(f"{written}: {x_name} has samples of shape {tuple(x.shape[1:])} but the "
                        f"model takes {tuple(prep.input_shape)}: reshape the array")
    if len(x) == 0:
        raise DataError(f"{written}: {x_name} holds no sample")
    if need_y and y is None:
        raise DataError(f"{written}: evaluate needs the targets: an array {y_name} beside "
                        f"{x_name}")
    for name, values in ((x_name, x), (y_name, y)):
        if values is not None and values.dtype.kind == "f" and not np.isfinite(values).all():
            where = np.argwhere(~np.isfinite(values))[0]
            raise DataError(f"{written}: {name} holds NaN or infinite values (first at sample "
                            f"{int(where[0])}): clean the data")
        if values is not None and values.dtype.kind == "f" and \
                (np.abs(values) > FLOAT32_MAX).any():  # float64 arrays: inf in float32
            where = np.argwhere(np.abs(values) > FLOAT32_MAX)[0]
            raise DataError(f"{written}: {name} holds a value beyond the float32 range the "
                            f"model computes in (+-{FLOAT32_MAX:.4g}), first at sample "
                            f"{int(where[0])}: rescale the data")
    if y is not None and len(y) != len(x):
        raise DataError(f"{written}: {x_name} has {len(x)} samples but {y_name} has {len(y)}: "
                        "they must match")
    dtype = np.int32 if prep.input_dtype.startswith("int") else np.float32
    return x.astype(dtype), y


def scored_part(prep: Preparation, arrays: dict) -> tuple:
    """(part, (x name, y name, indices)) of the run's own NPZ that metrics.json scored: its
    test part, else validation, else train, cut as training cut it (datafacts/sampling.py:
    in order, or shuffled and stratified with the run's seed)."""
    from types import SimpleNamespace

    from ...datafacts.sampling import npz_samples, sample_classes
    from ...spec.sections.compile import class_family

    lengths = {name: len(values) for name, values in arrays.items()
               if values.ndim and name != CLASSES}
    split = prep.split
    family = class_family(prep.loss)
    shuffled = SimpleNamespace(shuffle=bool(split.get("shuffle")),
                               stratify=bool(split.get("stratify")))
    layout = npz_samples(
        lengths, (split["train"], split["validation"], split["test"]), prep.split_written,
        shuffled, prep.split_seed, lambda y: sample_classes(
            tuple(arrays[y].shape), arrays[y].ravel().tolist(), family) if family else None)
    if layout is None:
        raise DataError("the run's data no longer gives one class per sample, which its "
                        "stratified split needs")
    return next((part, layout[part]) for part in ("test", "validation", "train")
                if part in layout)


def scored_split(prep: Preparation, path: str) -> str:
    """The part of the run's own NPZ that metrics.json scored."""
    if named_arrays.is_named(prep):
        targets = list(named_arrays.target_arrays(prep))
        return named_arrays.scored_indices(prep, read_arrays(path, path, targets), path)[0]
    return scored_part(prep, read_arrays(path, path))[0]
