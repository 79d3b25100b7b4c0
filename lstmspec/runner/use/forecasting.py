"""`forecast` on a trained run: the steps after the end of each series, in one shot when the
horizon covers them, else recursively (each forecast fed back as the next window's inputs);
with an interval (series/intervals.py) around the steps the model forecasts directly.

The model is any object with `predict(x) -> array`, so this module never imports TensorFlow.
"""

from __future__ import annotations

import numpy as np

from ..data.preparation import Preparation
from ..errors import DataError, FutureInputUnknown, RequestRefused
from ..series import columns
from ..series.verdict import negative_note
from .future import covariates, future_rows
from .newdata import SeriesTable
from .predicting import (
    Table, bound_cells, by_series, future_times, half_widths, number, window_starts,
)


def forecast(prep: Preparation, table: SeriesTable, model, steps: int, band=None,
             future=None) -> Table:
    """The `steps` rows after the end of each series: one shot when the horizon covers them,
    else recursively, each forecast fed back as the inputs of the next window. With `band`
    (intervals.Band, the run's conformal errors at a level): `<target>_lower` and
    `<target>_upper` for the steps the model forecasts directly. With `future`
    (future.Future): the known-future values of the features that are not targets, which a
    recursive forecast feeds back with its own forecasts."""
    forecast_check(prep, steps, future)
    made = by_series(prep, table,
                     lambda p, t: one_series_forecast(p, t, model, steps, band, future))
    if band is not None:
        made.notes += [note for note in (band.shortfall(), recursive_bounds_note(prep, steps))
                       if note]
    return made


def recursive_bounds_note(prep: Preparation, steps: int) -> str | None:
    if steps <= prep.horizon:
        return None
    return (f"note: the interval covers the {prep.horizon} step(s) the model forecasts "
            "directly; the recursive steps after them have no calibrated interval (their "
            "bounds are left empty)")


def fed_back(prep: Preparation, steps: int) -> int:
    """Rows a recursive forecast of `steps` feeds back: every block but the last."""
    return (-(-steps // prep.horizon) - 1) * prep.horizon


def known_rows(prep: Preparation, steps: int) -> int:
    """Rows after the end of the data whose covariates a forecast of `steps` reads: those
    it feeds back; with an input of the forecast rows (data.inputs rows: future), every
    block's."""
    return fed_back(prep, steps) + (prep.horizon if prep.reads_future else 0)


def one_series_forecast(prep: Preparation, table: SeriesTable, model, steps: int,
                        band=None, future=None) -> Table:
    if table.rows < prep.warmup + prep.window:
        raise DataError(f"{table.written}: a series of {table.rows} rows, fewer than the "
                        f"{prep.warmup + prep.window} one window needs: forecast needs a "
                        "full window at the end of each series")
    starts, _ = window_starts(prep, table, prep.window)
    if not len(starts) or starts[-1] != table.rows - prep.window:
        raise gap_at_the_end(prep, table)
    made, sources = recursive(prep, table, model, steps, future)
    made = np.array(made[:steps])
    timed = prep.time is not None  # `time: ''` names a column with an empty header
    labels = future_times(prep, table, steps) if timed else None
    half = half_widths(band, table)
    names = [part for name in prep.targets
             for part in [name] + (columns.bounds(name) if band is not None else [])]
    header = ["step"] + ([prep.time] if timed else []) + names + ["source"]
    out = []
    for k in range(steps):
        when = ([labels[k] if labels else ""] if timed else [])
        values = []
        for t, v in enumerate(made[k]):
            values.append(number(v))
            if band is not None:
                values += bound_cells(v, half[k, t] if half is not None and k < prep.horizon
                                      else None)
        out.append([str(k + 1)] + when + values + [sources[k]])
    notes = [forecast_note(prep, steps)]
    below = negative_note(prep.targets, prep.never_negative, made)
    if below:
        notes.append(below)
    if timed and not labels:
        notes.append(f"the time column '{prep.time}' has no regular step at the end of the data"
                     ": its cells are left empty, the steps numbered")
    return Table(header, out, notes)


def recursive(prep: Preparation, table: SeriesTable, model, steps: int, future) -> tuple:
    """The forecast blocks of one series (horizon rows each, original units) until `steps`
    are made, and the source of each row (direct, recursive)."""
    features, raw, calendar = table.features.copy(), table.targets, table.calendar
    count = fed_back(prep, steps)
    ahead = future_calendar(prep, table, count) if prep.calendar and count else None
    known, needed = None, known_rows(prep, steps)
    if needed and covariates(prep):  # forecast_check: future is given
        name = table.series_names[0] if table.series_names else ""
        known = future_rows(prep, future, name, table, needed)
    made, sources = [], []
    while len(made) < steps:
        start = np.array([len(features) - prep.window])
        out = model.predict(prep.inputs(with_forecast_rows(prep, features, known, table.rows),
                                        start, calendar))
        history = prep.history(raw, start + prep.window) if prep.warmup else None
        block = prep.to_original(out, history)[0]  # (horizon, targets), original units
        sources += ["direct" if not made else "recursive"] * len(block)
        made.extend(block)
        if len(made) >= steps:
            break
        fed = prep.to_transformed(out)[0]  # the inputs as the model reads them
        done = len(features) - table.rows
        features = np.concatenate([features, inputs_of(prep, fed, known, done)])
        raw = np.concatenate([raw, block]) if raw is not None else None
        if ahead is not None:  # the calendar features of the rows just forecast
            calendar = np.concatenate([calendar, ahead[done:done + len(fed)]])
    return made, sources


def with_forecast_rows(prep: Preparation, features: np.ndarray, known, data_rows: int):
    """The feature rows, and when an input reads the forecast rows (data.inputs rows:
    future) the next `horizon` rows after them: their covariates from --future, their
    targets unknown (NaN, which no such input reads: forecast_check)."""
    if not prep.reads_future:
        return features
    unknown = np.full((prep.horizon, len(prep.targets)), np.nan)
    done = len(features) - data_rows
    return np.concatenate([features, inputs_of(prep, unknown, known, done)])


def inputs_of(prep: Preparation, fed: np.ndarray, known, done: int) -> np.ndarray:
    """The feature rows of forecast rows: the targets forecast, the covariates known."""
    cols = []
    for name in prep.features:
        if name in prep.targets:
            cols.append(fed[:, prep.targets.index(name)])
        else:
            cols.append(known[done:done + len(fed), covariates(prep).index(name)])
    return np.column_stack(cols)


def future_calendar(prep: Preparation, table: SeriesTable, count: int) -> np.ndarray:
    """The calendar features of the `count` rows after the end of the table, from the time
    column continued by its frequency (a recursive forecast feeds them to later windows)."""
    from ..series.calendar import calendar_features
    from ..series.timeaxis import parse_times

    labels = future_times(prep, table, count)
    if labels is None:
        raise DataError(f"{table.written}: the time column '{prep.time}' has no regular step at "
                        "the end of the data, so the calendar features of the rows after it "
                        f"({', '.join(prep.calendar)}) are unknown, which a recursive forecast "
                        f"needs: use --steps {prep.horizon} or less")
    times = parse_times(labels, list(range(1, count + 1)), prep.time, table.written,
                        prep.time_format)
    return calendar_features(times, list(prep.calendar),
                             {"written": table.written, "column": prep.time})


def gap_at_the_end(prep: Preparation, table: SeriesTable) -> DataError:
    """The last window of a series touches a gap (missing: drop leaves gaps empty)."""
    begin = table.rows - prep.window - prep.warmup
    empty = np.flatnonzero(~table.usable[begin:]) if table.usable is not None else []
    where = table.lines.where(begin + int(empty[-1])) if len(empty) and table.lines \
        else "the end"
    return DataError(f"{table.written}, {where}: a gap in the last window of the series, "
                     f"which this run (missing: {prep.missing}) cannot forecast from: fill "
                     "it in the file, or pass --data with the rows before it")


def forecast_check(prep: Preparation, steps: int, future=None) -> None:
    """Refuse a forecast that would need inputs the model does not forecast and --future
    does not give: the forecast rows an input reads (FutureInputUnknown, LS660), or the
    covariates a recursive forecast feeds back (LS632)."""
    if prep.reads_future:
        future_input_check(prep, future)
    if steps <= prep.horizon:
        return
    blocked = [f for f in prep.features if f not in prep.targets]
    if blocked and future is None:
        raise RequestRefused(
            f"--steps {steps} needs a recursive forecast (the model forecasts {prep.horizon} "
            "step(s) at a time), which feeds each forecast back as the next window's inputs; "
            f"feature(s) {', '.join(blocked)} are not forecast (not among the targets "
            f"{', '.join(prep.targets)}), so their future values are unknown: use --steps "
            f"{prep.horizon} or less, pass them with --future FILE, or train with every "
            "feature also a target")


def forecast_note(prep: Preparation, steps: int) -> str:
    if steps <= prep.horizon:
        return (f"Forecast: {steps} step(s) in one shot (the model forecasts {prep.horizon} "
                "at a time)")
    return (f"Forecast: {steps} steps, recursive: the model forecasts {prep.horizon} step(s) "
            "at a time, and its forecasts are fed back as inputs for the rest (errors "
            "compound; the `source` column marks those steps)")


def future_input_check(prep: Preparation, future) -> None:
    """A model with an input of the forecast rows (data.inputs rows: future) reads their
    columns: known in advance (--future), never a target, whose values are what is
    forecast."""
    readers = [name for name, spec in prep.named_inputs.items() if spec["rows"] == "future"]
    targets = [c for c in prep.future_columns if c in prep.targets]
    if targets:
        raise FutureInputUnknown(
            f"input(s) {', '.join(readers)} read the target(s) {', '.join(targets)} over the "
            "rows forecast (data.inputs rows: future), which a forecast cannot know: predict "
            "windows of a file that holds them (lstmspec predict), or train with inputs of "
            "the forecast rows that read only covariates known in advance")
    if future is None:
        raise FutureInputUnknown(
            f"input(s) {', '.join(readers)} read {', '.join(prep.future_columns)} over the "
            f"{prep.horizon} rows forecast (data.inputs rows: future): pass their values with "
            f"--future FILE (the time column and {', '.join(covariates(prep))}, one row per "
            "step after the data)")
