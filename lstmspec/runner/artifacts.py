"""What a run leaves behind, each file written atomically: the resolved config, the test
metrics, the predictions (CSV or NPZ) and the plots."""

from __future__ import annotations

import csv
import dataclasses
import io

import numpy as np
import yaml

from ..spec.sections.compile import SPARSE_LOSSES
from . import plots
from .atomic import finite, write_bytes, write_json, write_text
from .preparation import FILE as PREPARATION_FILE
from .predicting import class_table, value_table
from .preparation import Preparation, relative_to
from .rundir import RunDir
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


def write_preparation(run: RunDir, prep: Preparation) -> None:
    """preparation.json: how new data is prepared for this run's model (docs/run-directory.md)."""
    if prep.data_path is not None:
        prep = dataclasses.replace(prep, data_path=relative_to(run.path, prep.data_path))
    write_json(run.file(PREPARATION_FILE), prep.to_json())


def evaluate(model, dataset, batch: int) -> tuple[str, dict, np.ndarray]:
    """Keras's evaluate on the test part (the validation part when there is no test part),
    and the predictions for it."""
    part = "test" if dataset.size("test") else "validation" if dataset.size("validation") \
        else "train"
    scores = model.evaluate(dataset.x[part], dataset.y[part], batch_size=batch, verbose=0,
                            return_dict=True)
    predicted = model.predict(dataset.x[part], batch_size=batch, verbose=0)
    return part, {k: finite(v) for k, v in scores.items()}, predicted


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


def write_metrics(run: RunDir, part: str, scores: dict, extra: dict, samples: int) -> dict:
    metrics = {"split": part, "samples": samples, **scores}
    if extra:
        metrics["original_units"] = extra
    write_json(run.file("metrics.json"), metrics)
    return metrics


def write_predictions(run: RunDir, dataset, part: str, predicted: np.ndarray, fmt: str,
                      loss: str) -> str:
    actual = dataset.y[part]
    if fmt == "npz":
        buffer = io.BytesIO()
        arrays = {"y_true": actual, "y_pred": predicted}
        if dataset.series:
            arrays.update(y_true_original=dataset.actual(part),
                          y_pred_original=dataset.original(part, predicted),
                          rows=dataset.first_rows[part])
        np.savez(buffer, **arrays)
        write_bytes(run.file("predictions.npz"), buffer.getvalue())
        return "predictions.npz"
    header, rows = (series_table(dataset, part, predicted) if dataset.series
                    else plain_table(actual, predicted, loss))
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    write_text(run.file("predictions.csv"), text.getvalue())
    return "predictions.csv"


def plain_table(actual: np.ndarray, predicted: np.ndarray, loss: str):
    """NPZ and synthetic runs: the columns `lstmspec predict` writes (predicting.py, named by
    columns.py): a sparse classifier's label and predicted class per position, with the
    probabilities under names that say so; otherwise each output value beside its target."""
    table = class_table(predicted, actual, probabilities=True) if loss in SPARSE_LOSSES \
        else value_table(predicted, actual)
    return table.header, table.rows


def write_plots(run: RunDir, history: dict, dataset, part: str, predicted, name: str) -> list:
    written = []
    if history.get("loss"):
        write_bytes(run.file("learning_curve.png"),
                    plots.learning_curve(history, f"{name}: learning curve"))
        written.append("learning_curve.png")
    if dataset.series and dataset.stream is None:
        write_bytes(run.file("forecast.png"),
                    plots.forecast(dataset, part, predicted, f"{name}: {part} part"))
        written.append("forecast.png")
    return written
