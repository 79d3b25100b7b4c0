"""LS460-LS466: the real-series keys of `data:` that cannot work together, and what the
file itself shows (counted for CSV files up to 10 MB, without NumPy).

LS460 calendar features without a time column; LS461 a frequency or time format without a
time column; LS462 a gap policy without a time column (rows missing from the file go
unseen); LS463 series options without `data.series`; LS464 per-series statistics with whole
series held out; LS465 series too short for one sample; LS466 a time that repeats inside one
series (quarterly rows labelled by year, or a panel without `data.series`); LS467 a Parquet
feature or target column that does not hold numbers (from the file's schema); LS468
`stream: true` with what streaming cannot do (per-series statistics need every row of a
series at once, a fixed input.batch_size whole batches per part, several inputs).
"""

from __future__ import annotations

import csv

from ..datafacts.files import DataFileError, csv_series_facts
from ..datafacts.parquet import NUMERIC_TYPES, parquet_facts
from ..diagnostics import Finding
from .runner_facts import csv_view, data_view

CODE = "LS460"
CODES = ("LS460", "LS461", "LS462", "LS463", "LS464", "LS465", "LS466", "LS467", "LS468")


def check(ctx):
    data = ctx.model.data
    if data is None or data.kind not in ("csv", "parquet"):
        return
    yield from check_keys(data)
    yield from check_stream(ctx, data)
    yield from check_file(ctx, data)
    yield from check_parquet_types(ctx, data)


def check_keys(data):
    set_keys = data.model_fields_set
    if data.time is None:
        if data.calendar:
            yield Finding("LS460", "data.calendar derives features from the dates of the time "
                          "column, but data.time is not set: name the date column in "
                          "data.time, or remove calendar", ("data", "calendar"))
        for key in ("frequency", "time_format"):
            if key in set_keys:
                yield Finding("LS461", f"data.{key} describes the time column, but data.time "
                              f"is not set: name the time column in data.time, or remove {key}",
                              ("data", key))
        if data.missing != "error":
            yield Finding("LS462", f"missing: {data.missing} handles empty cells, but without "
                          "data.time the rows missing from the file cannot be found (windows "
                          "would silently span them): set data.time", ("data", "missing"))
    if data.series is None:
        for key, value in (("split_by", "series"), ("normalize_scope", "series")):
            if getattr(data, key) == value:
                yield Finding("LS463", f"{key}: series needs several series in the file: name "
                              "their id column in data.series, or remove it", ("data", key))
    elif data.split_by == "series" and data.normalize_scope == "series":
        yield Finding("LS464", "normalize_scope: series fits each series' statistics on its "
                      "training rows, but split_by: series keeps the validation and test "
                      "series out of training entirely: use normalize_scope: global, or "
                      "split_by: time", ("data", "normalize_scope"))


def check_stream(ctx, data):
    if not data.stream:
        return
    found = []
    if data.normalize_scope == "series":
        found.append((("data", "normalize_scope"), "normalize_scope: series (streaming fits "
                      "one set of statistics in one pass): use normalize_scope: global"))
    if ctx.model.input.batch_size is not None:
        found.append((("input", "batch_size"), "a fixed input.batch_size (streamed parts "
                      "cannot be cut into whole batches): remove it, or set stream: false"))
    if getattr(data, "inputs", None) is not None:
        found.append((("data", "inputs"), "several inputs (data.inputs): set stream: false"))
    for path, what in found:
        yield Finding("LS468", f"data.stream cannot work with {what}", path)


def check_parquet_types(ctx, data):
    if data.kind != "parquet" or csv_view(ctx) is None:
        return
    types = parquet_facts(data_view(ctx).path).types
    for key in ("features", "targets"):
        for index, column in enumerate(getattr(data, key)):
            kind = types.get(column)
            if kind is not None and kind not in NUMERIC_TYPES.values():
                yield Finding("LS467", f"column '{column}' of '{data.path}' holds {kind} values "
                              "(from the Parquet schema), not numbers: choose a numeric column, "
                              "or convert it when writing the file", ("data", key, index))


def check_file(ctx, data):
    if csv_view(ctx) is None or data.kind != "csv" or (data.series is None and
                                                          data.time is None):
        return
    try:
        facts = csv_series_facts(data_view(ctx).path, data.delimiter, data.series, data.time)
    except (DataFileError, OSError, UnicodeDecodeError, csv.Error):  # data_file reports it
        return
    if facts is None:
        return
    if facts.repeat is not None:
        line, moment, before = facts.repeat
        hint = ": one row per time step in each series (a time column that names only the " \
            "year of quarterly rows needs full dates)" if data.series else \
            ": one row per time step (several series in one file? name their id column in " \
            "data.series)"
        yield Finding("LS466", f"line {line} of '{data.path}': the time {moment[:40]} repeats "
                      f"line {before}{hint}", ("data", "time"))
    need = need_rows(ctx, data)
    if data.series and need:
        short = {k: n for k, n in facts.lengths.items() if n < need}
        if short and len(short) < len(facts.lengths):
            first = next(iter(short))
            yield Finding("LS465", f"{len(short)} of {len(facts.lengths)} series in "
                          f"'{data.path}' are shorter than one sample needs ({need} rows), so "
                          f"they give no sample: '{first[:40]}' has {short[first]} rows; "
                          "shorten the window, or remove them", ("data", "series"))


def need_rows(ctx, data) -> int | None:
    """Rows one sample needs: window + horizon, plus the rows differencing uses up."""
    window = data.window or ctx.model.input.shape[0]
    if not window:
        return None
    warmup = data.target_transform.warmup if data.target_transform else 0
    return window + data.horizon + warmup
