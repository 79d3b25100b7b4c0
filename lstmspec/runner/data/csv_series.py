"""CSV time series -> windowed samples, split by time, normalised on the training rows only."""

from __future__ import annotations

import csv
import math
import os

import numpy as np

from ...datafiles import resolve
from ...windows import PARTS, fractions_of, layout
from ..errors import DataError
from ..preparation import Preparation, Scaling
from .dataset import Dataset

MISSING = {"", "na", "nan", "n/a", "null", "none"}


def load_csv(model, config_path: str, output_shape: tuple) -> Dataset:
    data = model.data
    path = resolve(config_path, data.path)
    header, rows = read_rows(path, data.path)
    wanted = list(dict.fromkeys(data.features + data.targets))
    index = column_index(header, wanted + ([data.time] if data.time else []), data.path)
    values = parse_columns(rows, index, wanted, data.path)
    window = data.window or model.input.shape[0]
    plan = layout(len(rows), window, data.horizon, data.stride, fractions_of(data.split))
    if len(rows) < window + data.horizon:
        raise DataError(f"{data.path}: {len(rows)} data rows, fewer than one sample needs "
                        f"(window {window} + horizon {data.horizon}): use a longer series or a "
                        "shorter window")
    features = values[:, [wanted.index(c) for c in data.features]]
    targets = values[:, [wanted.index(c) for c in data.targets]]
    prep = fit_preparation(model, path, output_shape, plan.fit_rows, features, targets)
    at = index.get(data.time)
    times = [row[at].strip() if at < len(row) else "" for _, row in rows] if data.time else None
    out = Dataset({}, {}, series=True, target_names=list(data.targets),
                  scaler=prep.target_scaling, horizon=data.horizon, raw_targets=targets,
                  row_labels=times or list(range(1, len(rows) + 1)),
                  time_name=data.time or "row", preparation=prep)
    for part in PARTS:
        starts = np.asarray(plan.starts(part), dtype=np.int64)
        if len(starts) == 0:
            continue
        out.x[part] = prep.inputs(features, starts)
        out.y[part] = prep.scaled_targets(targets, starts + window)
        out.first_rows[part] = starts + window
    return out


def fit_preparation(model, path: str, output_shape: tuple, fit_rows: tuple,
                    features: np.ndarray, targets: np.ndarray) -> Preparation:
    """The preparation of a CSV series, its scaling fitted on the training rows only."""
    data = model.data
    begin, end = fit_rows
    return Preparation(
        kind="csv", input_shape=tuple(model.input.shape), input_dtype=model.input.dtype,
        output_shape=tuple(output_shape[1:]), loss=model.compile.loss,
        data_path=os.path.abspath(path), features=tuple(data.features),
        targets=tuple(data.targets), time=data.time,
        window=data.window or model.input.shape[0], horizon=data.horizon, stride=data.stride,
        normalize=data.normalize,
        feature_scaling=Scaling.fit(data.features, features[begin:end], data.normalize),
        target_scaling=Scaling.fit(data.targets, targets[begin:end], data.normalize),
        fit_rows=(begin, end), split=dict(data.split.model_dump(mode="json"),
                                          test=data.split.test_fraction))


def read_rows(path: str, written: str) -> tuple[list, list]:
    """The header and the (line number, cells) of every non-blank row."""
    if not os.path.isfile(path):
        raise DataError(f"{written}: no such data file (looked for {path}); data.path is "
                        "relative to the config file")
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle, strict=True)
            table = [(reader.line_num, row) for row in reader if row]
    except UnicodeDecodeError:
        raise DataError(f"{written}: not UTF-8 text: save the CSV as UTF-8") from None
    except csv.Error as err:
        raise DataError(f"{written}: the CSV cannot be parsed: {err}") from None
    except OSError as err:
        raise DataError(f"{written}: cannot be read: {err.strerror or err}") from None
    if not table:
        raise DataError(f"{written}: the CSV file is empty: it needs a header row and one row "
                        "per time step")
    return [name.strip() for name in table[0][1]], table[1:]


def column_index(header: list, names: list, written: str) -> dict:
    index = {}
    for name in names:
        if name not in header:
            raise DataError(f"{written}: no column '{name}' (the columns are "
                            f"{', '.join(header[:12])}): correct data.features/targets/time")
        index[name] = header.index(name)
    return index


def parse_columns(rows: list, index: dict, names: list, written: str) -> np.ndarray:
    values = np.empty((len(rows), len(names)), dtype=np.float64)
    for r, (line, row) in enumerate(rows):
        for c, name in enumerate(names):
            position = index[name]
            cell = row[position].strip() if position < len(row) else ""
            values[r, c] = parse_number(cell, written, line, name)
    return values


def parse_number(cell: str, written: str, line: int, name: str) -> float:
    if cell.lower() in MISSING:
        raise DataError(f"{written}, line {line}, column '{name}': missing value "
                        f"({cell or 'empty'}): fill or remove the row")
    try:
        number = float(cell)
    except ValueError:
        raise DataError(f"{written}, line {line}, column '{name}': '{cell[:40]}' is not a "
                        "number: fix or remove the row") from None
    if not math.isfinite(number):
        raise DataError(f"{written}, line {line}, column '{name}': {cell} is not a finite "
                        "number: fix or remove the row")
    return number
