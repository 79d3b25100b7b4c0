"""What `predict` and `forecast` answer for data from a file or from rows in memory: the CLI
(commands.py) and `lstmspec serve` answer through these same functions, so that a request
gets the CLI's columns, numbers, notes and refusals. A source is a path or newdata.InMemory,
named `written` in messages. The model, and the conformal errors an interval is made from,
are callables, called once the data has passed its checks (the CLI starts TensorFlow only
then). NumPy only."""

from __future__ import annotations

from ..data.preparation import Preparation
from ..errors import IntervalUnavailable, RequestRefused
from ..series import intervals
from . import forecasting, newdata, predicting
from .future import read_future


def prediction(prep: Preparation, source, written: str, model, probabilities: bool = False,
               bounds=None) -> predicting.Table:
    """Every complete window of each series (with `bounds`, an intervals.Band: its lower and
    upper columns), or every sample of an NPZ run (with `arrays` for an .npz output)."""
    if prep.series:
        table = newdata.read_series(prep, source, written)
        made = predicting.series_predictions(prep, table, model(), bounds)
        if bounds is not None and bounds.shortfall():
            made.notes.append(bounds.shortfall())
        return made
    x, y = newdata.read_samples(prep, source, written)
    made, out = predicting.sample_predictions(prep, x, y, model(), probabilities)
    made.arrays = predicting.prediction_arrays(out, y)
    return made


def refuse_forecast(run_dir: str, prep: Preparation) -> None:
    if not prep.series:
        raise RequestRefused(f"{run_dir}: forecast continues a time series; this run was "
                             f"trained on {prep.kind} data: use `lstmspec predict`")


def forecasted(prep: Preparation, source, written: str, steps: int, model,
               bounds=lambda: None, future=None, future_written: str = "") -> predicting.Table:
    """The `steps` rows after the end of each series; `bounds()` the interval band (or
    None); `future` a source of the known-future covariate rows (or None)."""
    table = newdata.read_series(prep, source, written, min_rows=prep.window)
    known = read_future(prep, future, future_written) if future is not None else None
    forecasting.forecast_check(prep, steps, known)
    band = bounds()
    return forecasting.forecast(prep, table, model(), steps, band, known)


def band_from(run_dir: str, prep: Preparation, level: float | None, conformal):
    """The run's conformal interval at `level` (None when none is asked); `conformal()` the
    run's validation errors (intervals.Conformal), None when it keeps none: refused then
    (IntervalUnavailable, LS652), as for a run that is not a series."""
    if level is None:
        return None
    if not prep.series:
        raise IntervalUnavailable(f"--interval: this run was trained on {prep.kind} data; "
                                  "intervals are made for series forecasts")
    errors = conformal()
    if errors is None:
        raise IntervalUnavailable(
            f"--interval: {run_dir} holds no {intervals.FILE} (the validation part's errors "
            "that intervals are made from): it was trained without a validation part, with "
            "data.stream, or by an lstmspec from before intervals; train it again with "
            "data.split.validation > 0")
    return errors.at(level)
