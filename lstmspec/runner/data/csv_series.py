"""Tabular series (CSV, Parquet) -> windowed samples: the rows prepared by runner/series
(gaps, series, time, calendar, target transforms), windows that stay inside one series,
split by time (or by series), normalised with statistics of the training rows only."""

from __future__ import annotations

import dataclasses
import os

import numpy as np

from ...datafacts.files import resolve
from ...datafacts.windows import default_window, fractions_of
from ..errors import DataError
from ..series import baselines
from ..series.axis import table_axis
from ..series.baselines import resolved_season
from ..series.prepare import Prepared, prepare_rows
from ..series.reading import read_csv, read_parquet
from ..series.samples import Plan, Statistics, fit_statistics, plan_samples
from ..series.shards import read_shards, shard_files
from ..series.stream import ShardStream
from .dataset import Dataset
from .preparation import Preparation, Scaling


def load_csv(model, config_path: str, output_shape: tuple) -> Dataset:
    data = model.data
    path = resolve(config_path, data.path)
    files = shard_files(path, data.path)
    window = data.window or default_window(model)
    if data.stream and data.inputs:
        raise DataError("data.stream feeds one input: several inputs need the CSV loaded "
                        "(remove stream)")
    if data.stream:
        return streamed(model, files, path, window, output_shape)
    rows = prepare_files(files, data)
    check_length(rows, window, data)
    plan = plan_samples(rows.table.segments, rows.usable, window, data.horizon, data.stride,
                        fractions_of(data.split), data.split_by)
    per_series = data.normalize_scope == "series"
    names = rows.table.series_names
    x_stats = fit_statistics(rows.features, plan.fit_rows, data.normalize, rows.groups,
                             per_series, list(data.features), names)
    y_stats = fit_statistics(rows.targets, plan.fit_rows, data.normalize, rows.groups,
                             per_series, list(data.targets), names)
    season = resolved_season(data.season, rows.table.step)
    scales = baselines.scales(rows.raw_targets, plan.train_rows, rows.table.segments, season)
    prep = fit_preparation(model, path, output_shape, plan, x_stats, y_stats, names, season,
                           scales)
    prep = dataclasses.replace(prep, never_negative=never_negative(rows.raw_targets,
                                                                   data.targets),
                               time_axis=table_axis(rows.table))
    # float32 before the windows are cut: each row is copied `window` times
    inputs = np.column_stack([x_stats.apply(rows.features, rows.groups),
                              rows.calendar]).astype(np.float32)
    scaled = y_stats.apply(rows.targets, rows.groups).astype(np.float32)
    sequence = len(output_shape) == 3  # (batch, horizon, targets): an encoder-decoder
    out = dataset_of(rows, data, y_stats, prep)
    out.season, out.scales = season, scales
    for part, starts in plan.starts.items():
        first = starts + window
        y = scaled[first[:, None] + np.arange(data.horizon)]
        out.x[part] = prep.windows(inputs, starts)  # as predict cuts new data
        out.y[part] = y if sequence else y.reshape(len(y), -1)
        out.first_rows[part] = first
        out.sample_series[part] = rows.groups[first]
    return out


def prepare_files(files: list, data) -> Prepared:
    """The rows of every file as one table. A problem in a glob's files is reported in the
    file it is in (each file then prepared alone, only to locate it)."""
    reader = read_parquet if data.kind == "parquet" else read_csv
    try:
        return prepare_rows(read_shards(files, data.path, data, reader), data, data.path)
    except DataError:
        if len(files) == 1 or data.series:
            raise
        folder = os.path.dirname(data.path)
        for path in files:  # each file is one series: its own problems are its own
            written = os.path.join(folder, os.path.basename(path))
            prepare_rows(reader(path, written, data), data, written)
        raise


def streamed(model, files: list, path: str, window: int, output_shape: tuple) -> Dataset:
    """data.stream: the statistics and sample counts of one pass; windows made later."""
    data = model.data
    if getattr(data, "inputs", None) is not None:
        raise DataError("data.stream makes one input per window; a model with several inputs "
                        "(data.inputs) needs the data in memory: set stream: false")
    stream = ShardStream(files, data, window, len(output_shape) == 3).fit()
    plan = Plan({}, np.zeros(0, dtype=bool))
    prep = fit_preparation(model, path, output_shape, plan, stream.x_stats, stream.y_stats,
                           list(stream.scales), stream.season, list(stream.scales.values()))
    prep = dataclasses.replace(prep, time_axis=stream.time_axis)
    return Dataset({}, {}, series=True, target_names=list(data.targets), horizon=data.horizon,
                   time_name="row" if data.time is None else data.time, preparation=prep,
                   target_statistics=stream.y_stats, transform=data.target_transform,
                   stream=stream, season=stream.season)


def never_negative(raw: np.ndarray, targets) -> tuple:
    """The targets whose values in the data are all >= 0 (a forecast below zero is then
    worth a note)."""
    with np.errstate(invalid="ignore"):
        return tuple(name for t, name in enumerate(targets)
                     if len(raw) and np.nanmin(np.where(np.isnan(raw[:, t]), 0, raw[:, t])) >= 0)


def check_length(rows: Prepared, window: int, data) -> None:
    longest = max(end - begin for begin, end in rows.table.segments)
    if longest < window + data.horizon:
        which = "the longest series has" if data.series else "the data has"
        raise DataError(f"{data.path}: {which} {longest} rows, fewer than one sample needs "
                        f"(window {window} + horizon {data.horizon}): use a longer series or a "
                        "shorter window")


def dataset_of(rows: Prepared, data, y_stats: Statistics, prep: Preparation) -> Dataset:
    table = rows.table
    return Dataset({}, {}, series=True, target_names=list(data.targets),
                   horizon=data.horizon, raw_targets=rows.raw_targets,
                   row_labels=rows.labels,
                   time_name="row" if data.time is None else data.time, preparation=prep,
                   target_statistics=y_stats, transform=data.target_transform,
                   series_column=data.series, series_names=table.series_names,
                   segments=list(table.segments),
                   times=table.times.local if table.times is not None and table.times.dates
                   else None)


def fit_preparation(model, path: str, output_shape: tuple, plan: Plan, x_stats: Statistics,
                    y_stats: Statistics, names: list, season: int | None = None,
                    scales: list = ()) -> Preparation:
    """The preparation of a tabular series, its statistics fitted on the training rows."""
    data = model.data
    rows = np.flatnonzero(plan.fit_rows)
    per_series = {}
    if len(x_stats.shift) > 1:
        per_series = {name: {"feature_shift": x_stats.shift[i].tolist(),
                             "feature_scale": x_stats.scale[i].tolist(),
                             "target_shift": y_stats.shift[i].tolist(),
                             "target_scale": y_stats.scale[i].tolist()}
                      for i, name in enumerate(names)}
    transform = data.target_transform.model_dump() if data.target_transform else None
    first = next(iter(model.input_specs.values()))  # several inputs: named_inputs has each
    return Preparation(
        kind=data.kind, input_shape=tuple(first.shape), input_dtype=first.dtype,
        output_shape=tuple(output_shape[1:]), loss=model.compile.loss,
        data_path=os.path.abspath(path), features=tuple(data.features),
        targets=tuple(data.targets), time=data.time,
        window=data.window or default_window(model), horizon=data.horizon, stride=data.stride,
        normalize=data.normalize,
        feature_scaling=Scaling(tuple(data.features), tuple(x_stats.shift[0].tolist()),
                                tuple(x_stats.scale[0].tolist())),
        target_scaling=Scaling(tuple(data.targets), tuple(y_stats.shift[0].tolist()),
                               tuple(y_stats.scale[0].tolist())),
        fit_rows=(int(rows[0]), int(rows[-1]) + 1) if len(rows) else (0, 0),
        split=dict(data.split.model_dump(mode="json"), test=data.split.test_fraction),
        series_column=data.series, missing=data.missing, max_gap=data.max_gap,
        frequency=data.frequency, time_format=data.time_format,
        calendar=tuple(data.calendar or ()), target_transform=transform,
        split_by=data.split_by, normalize_scope=data.normalize_scope,
        delimiter=data.delimiter, decimal=data.decimal, per_series_statistics=per_series,
        season=season, mase_scale={str(name): baselines.scale_json(scale)
                                   for name, scale in zip(names, scales)},
        named_inputs=series_inputs(model))


def series_inputs(model) -> dict:
    """data.inputs as preparation.json keeps it: input name (in the model's order) -> its
    shape and dtype, the feature columns it reads and over which rows."""
    data = model.data
    if data.inputs is None or model.inputs is None:
        return {}
    window = data.window or default_window(model)
    out = {}
    for name, spec in model.inputs.items():
        given = data.inputs[name]
        steps = window if given.rows == "past" else data.horizon
        out[name] = {"shape": [steps, len(given.columns)], "dtype": spec.dtype,
                     "columns": list(given.columns), "rows": given.rows}
    return out
