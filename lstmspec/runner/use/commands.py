"""predict, forecast, evaluate and export on a trained run directory: open it as one verified
snapshot (verified.py: locked, finished, every file checked against its recorded digest), read
the stored preparation, read and check the data (NumPy only), then load the model (Keras, or
onnxruntime on a verified ONNX export) and write the answer. Each problem is one exception whose message
is one line and whose class carries its code and exit status (runner/errors.py): an OSError
(a file that cannot be read or written) becomes RequestRefused (LS632), an export refused is
ExportFailed (LS633), an export that differs from Keras is ExportDiffers (LS634, exit 3)."""

from __future__ import annotations

import csv
import functools
import io
import json
import os

import numpy as np

from ...source.atomic import sweep, write_bytes, write_text
from .. import batches
from ..data.preparation import Preparation
from ..errors import (
    BaselineNotBeaten, BaselineUnavailable, DataError, ExportDiffers, ExportFailed,
    RequestRefused, request_refused,
)
from ..series import intervals
from ..series.verdict import gate_failure
from . import answers, newdata, predicting, trained
from ..rundir import digests
from ...source.faults import pause
from .verified import VerifiedRun


def command(action):
    """A command on a trained run: an OSError it meets is what was asked that cannot be done
    (a file it reads or writes), RequestRefused (LS632)."""
    @functools.wraps(action)
    def guarded(*args, **kwargs):
        try:
            return action(*args, **kwargs)
        except OSError as err:
            raise request_refused(err) from None
    return guarded


def open_run(run_dir: str, write: bool = False) -> VerifiedRun:
    """The run directory as one verified snapshot, for `with open_run(path) as run:`."""
    return VerifiedRun(run_dir, write)


def csv_text(table: predicting.Table) -> str:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(table.header)
    writer.writerows(table.rows)
    return text.getvalue()


def emit(table: predicting.Table, output: str | None, echo) -> None:
    """CSV to the file (atomically) or to stdout; notes to stderr."""
    for note in table.notes:
        echo(note, err=True)
    if output is None:
        echo(csv_text(table), nl=False)
    else:
        write_text(output, csv_text(table))
        echo(f"Wrote {len(table.rows):,} row(s) to {output}", err=True)


def band(run: VerifiedRun, level: float | None):
    """The run's conformal interval at `level` (None when none is asked), from its
    conformal.npz, verified like every file the command answers from (answers.band_from)."""
    return answers.band_from(run.path, run.preparation, level, lambda: conformal_of(run))


def conformal_of(run: VerifiedRun):
    """The run's validation errors (conformal.npz, verified), or None when it keeps none."""
    if intervals.FILE not in run.state.get(digests.KEY, {}):
        return None
    return intervals.from_bytes(run.verified(intervals.FILE))


@command
def predict(run_dir: str, data: str | None, output: str | None, runtime: str,
            probabilities: bool, echo, interval: float | None = None) -> None:
    with open_run(run_dir) as run:
        predict_from(run, data, output, runtime, probabilities, echo, interval)


def predict_from(run: VerifiedRun, data: str | None, output: str | None, runtime: str,
                 probabilities: bool, echo, interval: float | None = None) -> None:
    run_dir, prep = run.path, run.preparation
    path, written = newdata.data_file(prep, run_dir, data)
    check_output(output, prep)
    bounds = band(run, interval)
    made = answers.prediction(prep, path, written, lambda: loaded(run, runtime, echo),
                              probabilities, bounds)
    if output and output.lower().endswith(".npz"):
        buffer = io.BytesIO()
        np.savez(buffer, **made.arrays)
        write_bytes(output, buffer.getvalue())
        wrote = ", ".join(f"{name} {values.shape}" for name, values in made.arrays.items()
                          if name.startswith("y_pred"))
        echo(f"Wrote {wrote} to {output}", err=True)
        return
    emit(made, output, echo)


def check_output(output: str | None, prep: Preparation) -> None:
    if output is None:
        return
    allowed = (".csv",) if prep.series else (".csv", ".npz")
    if not output.lower().endswith(allowed):
        raise RequestRefused(f"-o {output}: write the predictions to a {' or '.join(allowed)} file")
    folder = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(folder):
        raise RequestRefused(f"-o {output}: the folder {folder} does not exist")
    sweep(output)  # what a killed predict/forecast -o of this file left (no live writer's)


@command
def forecast(run_dir: str, steps: int, data: str | None, output: str | None, runtime: str,
             echo, interval: float | None = None, future: str | None = None) -> None:
    with open_run(run_dir) as run:
        forecast_from(run, steps, data, output, runtime, echo, interval, future)


def forecast_from(run: VerifiedRun, steps: int, data: str | None, output: str | None,
                  runtime: str, echo, interval: float | None = None,
                  future: str | None = None) -> None:
    """The CLI's forecast: answers.forecasted's table, to a file or stdout."""
    run_dir, prep = run.path, run.preparation
    answers.refuse_forecast(run_dir, prep)
    check_output(output, prep)
    path, written = newdata.data_file(prep, run_dir, data)
    if future is not None and not os.path.isfile(future):
        raise DataError(f"{future}: no such file (--future names the file of future "
                        "covariate rows)")
    emit(answers.forecasted(prep, path, written, steps, lambda: loaded(run, runtime, echo),
                            lambda: band(run, interval), future, future), output, echo)


def loaded(run: VerifiedRun, runtime: str, echo):
    pause("model")  # the tests stage predict racing `run --overwrite` here
    model = trained.load(run, runtime)
    if model.runtime != "keras":
        echo(f"Runtime: {model.runtime} ({model.source})", err=True)
    return model


@command
def evaluate(run_dir: str, data: str, fmt: str, echo, require_beats: str | None = None) -> dict:
    """The scores on a data file; with `require_beats`, BaselineNotBeaten (status 8) once
    they are printed when the model does not beat that baseline everywhere."""
    with open_run(run_dir) as run:
        return evaluate_from(run, data, fmt, echo, require_beats)


def evaluate_from(run: VerifiedRun, data: str, fmt: str, echo,
                  require_beats: str | None = None) -> dict:
    from . import evaluating

    run_dir, prep = run.path, run.preparation
    if require_beats and not prep.series:
        raise BaselineUnavailable(f"--require-beats {require_beats} compares forecasts of a "
                                  f"series with a baseline; this run was trained on {prep.kind} "
                                  "data: remove --require-beats")
    if require_beats == "seasonal_naive" and not prep.season:
        raise BaselineUnavailable("--require-beats seasonal_naive: this run has no season "
                                  "(years, plain steps, no time column, or data.season: 1): "
                                  "require naive, or train with data.season set")
    path, written = newdata.data_file(prep, run_dir, data)
    if prep.series:
        table = newdata.read_series(prep, path, written, need_targets=True,
                                    min_rows=prep.window + prep.horizon)
        model = trained.load(run, "keras", compile_it=True)
        kept = intervals.FILE in run.state.get(digests.KEY, {})  # metrics.json's `interval`
        metrics = evaluating.evaluate_series(prep, table, model.model, trained.PREDICT_BATCH,
                                             own_data=data is None, band=band(
                                                 run, intervals.REPORTED_LEVEL) if kept
                                             else None)
    else:
        x, y = newdata.read_samples(prep, path, written, need_y=True, own_part=data is None)
        model = trained.load(run, "keras", compile_it=True)
        split = "all" if data is not None else newdata.scored_split(prep, path)
        metrics = evaluating.evaluate_samples(prep, x, y, model.model, trained.PREDICT_BATCH,
                                              written, split)
    if fmt == "json":
        echo(json.dumps(metrics, indent=2))
    else:
        for line in evaluating.describe(metrics):
            echo(line)
    failure = gate_failure(metrics.get("original_units") or {}, require_beats) \
        if require_beats else None
    if failure:
        raise BaselineNotBeaten(failure)
    return metrics


@command
def export(run_dir: str, fmt: str, output: str, data: str | None, tolerance: float, echo):
    """Export, then check on real windows; returns the check, recorded in exports.json when
    it is within the tolerance (ExportDiffers when not)."""
    from . import exporting

    with open_run(run_dir, write=True) as run:  # it records into exports.json
        try:
            exporting.refuse_other_run(run_dir, output)
            result = export_checked(run, fmt, output, data)
        except ExportFailed as err:
            raise ExportFailed(f"cannot export to {fmt}: {err}") from None
        echo(f"Exported {fmt} to {output}; checked on {result.windows} window(s) of the run's "
             f"data with {exporting.FORMATS[fmt].runtime}: max |difference| from Keras "
             f"{result.max_abs_diff:.3g} (tolerance {tolerance:g})")
        if result.max_abs_diff > tolerance:
            exporting.forget(run_dir, fmt, output)
            raise ExportDiffers(f"the {fmt} export differs from Keras by up to "
                                f"{result.max_abs_diff:.3g}, more than --tolerance "
                                f"{tolerance:g}: do not ship it")
        exporting.record(run_dir, fmt, output, result.max_abs_diff, run.recorded("model.keras"))
    return result


def export_checked(run: VerifiedRun, fmt: str, output: str, data: str | None):
    from . import exporting

    run_dir, prep = run.path, run.preparation
    x = check_windows(prep, run_dir, data)
    config = trained.run_config(run)
    exporting.refuse_fixed_batch(config.model)  # before TensorFlow starts
    model = trained.load(run, "keras", result=config)
    expected = exporting.reference(model.model, x)
    exporting.export(model.model, model.spec, fmt, output)
    return exporting.check(fmt, output, x, expected)


def check_windows(prep: Preparation, run_dir: str, data: str | None):
    """Real windows to check an export with: the last ones of the data (the test part); a
    dict input name -> array for a model with several inputs."""
    path, written = newdata.data_file(prep, run_dir, data)
    if prep.series:
        name, table = newdata.read_series(prep, path, written).parts()[-1]
        own = prep.for_series(name, written) if prep.series_column else prep
        last = table.rows - prep.span
        starts = np.arange(max(prep.warmup, last - 31), last + 1)
        return own.inputs(table.features, starts, table.calendar)
    x, _ = newdata.read_samples(prep, path, written)
    count = batches.count(x)
    return batches.rows(x, max(0, count - 32), count)
