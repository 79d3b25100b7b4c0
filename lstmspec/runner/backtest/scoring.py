"""One fold scored: the fold's trained run forecasts the `horizon` rows from the origin of
each series (the window before it, as `forecast` would), beside the naive and seasonal naive
forecasts, with MASE scaled by the fold's own training part."""

from __future__ import annotations

import io

import numpy as np

from ...source.atomic import write_bytes
from ..series.scores import Forecasts, original_units
from ..use import newdata, trained
from ..use.evaluating import part_forecasts
from ..use.verified import VerifiedRun


def fold_forecasts(run_dir: str, actual_file: str) -> tuple:
    """(Forecasts, the rows of backtest.csv) of the last window of each series of
    `actual_file` (the data up to the origin plus the horizon)."""
    with VerifiedRun(run_dir) as run:
        prep = run.preparation
        table = newdata.read_series(prep, actual_file, actual_file, need_targets=True,
                                    min_rows=prep.window + prep.horizon)
        model = trained.load(run, "keras")
        import tensorflow as tf

        tf.get_logger().setLevel("ERROR")  # one model per fold: Keras's retracing advice
        made, rows = [], []
        for name, part in table.parts():
            own = prep.for_series(name, table.written) if prep.series_column else prep
            first = np.array([part.rows - prep.horizon])
            x = own.inputs(part.features, first - own.window, part.calendar)
            history = own.history(part.targets, first) if own.warmup else None
            guess = own.to_original(model.predict(x), history)
            made.append(part_forecasts(own, name, part, guess, first))
            for step in range(prep.horizon):
                at = int(first[0]) + step
                label = part.times[at] if part.times is not None else str(at + 1)
                rows.append((name, label, part.targets[at], guess[0, step]))
    return Forecasts.joined(made), rows, prep


def score(made: Forecasts, prep) -> dict:
    return original_units(prep.targets, made)


def write_forecasts(path: str, made: Forecasts) -> None:
    arrays = {k: getattr(made, k) for k in ("actual", "guess", "naive", "scale")}
    if made.seasonal is not None:
        arrays["seasonal"] = made.seasonal
    if made.series is not None:
        arrays["series"] = made.series.astype(str)
    buffer = io.BytesIO()
    np.savez(buffer, season=np.array(made.season or 0), **arrays)
    write_bytes(path, buffer.getvalue())


def read_forecasts(path: str) -> Forecasts:
    with np.load(path, allow_pickle=False) as arrays:
        season = int(arrays["season"]) or None
        return Forecasts(arrays["actual"], arrays["guess"], arrays["naive"],
                         arrays["seasonal"] if "seasonal" in arrays else None, arrays["scale"],
                         arrays["series"].astype(object) if "series" in arrays else None,
                         season)
