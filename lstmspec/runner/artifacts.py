"""What a run leaves behind, each file written atomically: the resolved config, the test
metrics, the predictions (CSV or NPZ) and the plots."""

from __future__ import annotations

import csv
import dataclasses
import io

import numpy as np
import yaml

from . import plots
from ..source.atomic import finite, write_bytes, write_json, write_text
from .data.preparation import FILE as PREPARATION_FILE
from .use.evaluating import per_output
from .use.predicting import prediction_arrays, sample_table
from .data.preparation import Preparation, relative_to
from . import steady
from .rundir.directory import RunDir
from .series.scores import series_table


def write_config(run: RunDir, resolved: dict, source: str, overrides=()) -> None:
    """config.yaml, its paths relative to the run directory (which can then be moved)."""
    head = (f"# The config of this run as lstmspec resolved it from {source}: every default\n"
            "# written out, layer names as Keras gave them. It is a valid config itself; its\n"
            "# paths are relative to this folder.\n")
    head += "".join(f"# with --set {text}\n" for text in overrides)
    movable = {**resolved, "output": {**resolved["output"], "dir": "."}}
    if resolved["data"].get("path"):
        movable["data"] = {**resolved["data"],
                           "path": relative_to(run.path, resolved["data"]["path"])}
    write_text(run.file("config.yaml"), head + yaml.safe_dump(movable, sort_keys=False))
    run.record("config.yaml")


def write_preparation(run: RunDir, prep: Preparation) -> None:
    """preparation.json: how new data is prepared for this run's model (docs/run-directory.md)."""
    if prep.data_path is not None:
        prep = dataclasses.replace(prep, data_path=relative_to(run.path, prep.data_path))
    write_json(run.file(PREPARATION_FILE), prep.to_json())
    run.record(PREPARATION_FILE)


def evaluate(model, dataset, batch: int) -> tuple[str, dict, np.ndarray]:
    """Keras's evaluate on the test part (the validation part when there is no test part),
    and the predictions for it."""
    part = "test" if dataset.size("test") else "validation" if dataset.size("validation") \
        else "train"
    scores = model.evaluate(dataset.x[part], dataset.targets(part), batch_size=batch,
                            verbose=0, return_dict=True)
    predicted = steady.predict(model, dataset.x[part])
    scores = {k: finite(v) for k, v in scores.items()}
    y = dataset.y[part]
    if isinstance(y, dict):  # several outputs: predictions and scores by reference
        predicted = dict(zip(y, predicted))
        scores = dict(scores, per_output=per_output(model, list(y), scores, y, predicted))
    return part, scores, predicted


def write_conformal(run: RunDir, dataset, model, batch: int):
    """conformal.npz: the absolute errors of the model on the validation part, in the
    original units, from which `--interval` takes its quantiles (series/intervals.py); None
    without a validation part."""
    from .series import intervals

    if not dataset.size("validation"):
        return None
    predicted = steady.predict(model, dataset.x["validation"])
    conformal = intervals.errors_of(dataset.forecasts("validation", predicted))
    intervals.write(run.file(intervals.FILE), conformal)
    run.record(intervals.FILE)  # verified by predict/forecast --interval before use
    return conformal


def evaluate_stream(model, dataset, batch: int, run: RunDir) -> tuple[str, dict, dict]:
    """data.stream: Keras's evaluate on the streamed test part (else validation, train),
    and the original-unit scores, predictions.csv written on the way (one shard at a time)."""
    from .series.stream_eval import score_stream

    part = next(p for p in ("test", "validation", "train") if dataset.size(p))
    stream = dataset.stream
    scores = model.evaluate(stream.dataset(part, batch, False, 0), verbose=0,
                            return_dict=True)
    extra = score_stream(stream, model, batch, part, run.file("predictions.csv"))
    return part, {k: finite(v) for k, v in scores.items()}, extra


def write_metrics(run: RunDir, part: str, scores: dict, extra: dict, samples: int,
                  classification: dict | None = None) -> dict:
    metrics = {"split": part, "samples": samples, **scores}
    if extra:
        metrics["original_units"] = extra
    if classification:  # a classifier's per-class scores (use/class_scores.py)
        metrics["classification"] = classification
    write_json(run.file("metrics.json"), metrics)
    return metrics


def write_predictions(run: RunDir, dataset, part: str, predicted, fmt: str) -> str:
    """predictions.csv (or .npz). Several outputs: NPZ arrays `y_true_<reference>` and
    `y_pred_<reference>`; CSV columns prefixed by the output's reference (`head/y0`)."""
    actual = dataset.y[part]
    if fmt == "npz":
        buffer = io.BytesIO()
        arrays = prediction_arrays(predicted, actual)
        if dataset.series:
            arrays.update(y_true_original=dataset.actual(part),
                          y_pred_original=dataset.original(part, predicted),
                          rows=dataset.first_rows[part])
        np.savez(buffer, **arrays)
        write_bytes(run.file("predictions.npz"), buffer.getvalue())
        return "predictions.npz"
    if dataset.series:
        header, rows = series_table(dataset, part, predicted)
    else:  # the columns `lstmspec predict` writes (use/predicting.py), probabilities kept
        table = sample_table(dataset.preparation, predicted, actual, probabilities=True,
                             samples=dataset.samples.get(part))
        header, rows = table.header, table.rows
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    write_text(run.file("predictions.csv"), text.getvalue())
    return "predictions.csv"


def write_plots(run: RunDir, history: dict, dataset, part: str, predicted, name: str,
                classification: dict | None = None) -> list:
    written = []
    if history.get("loss"):
        write_bytes(run.file("learning_curve.png"),
                    plots.learning_curve(history, f"{name}: learning curve"))
        written.append("learning_curve.png")
    if classification:
        write_bytes(run.file("confusion_matrix.png"),
                    plots.confusion_matrix(classification, f"{name}: {part} part"))
        written.append("confusion_matrix.png")
    if dataset.series and dataset.stream is None:
        write_bytes(run.file("forecast.png"),
                    plots.forecast(dataset, part, predicted, f"{name}: {part} part"))
        written.append("forecast.png")
    return written
