"""`evaluate` on a trained run: the metrics of its metrics.json on the run's own test part
(the numbers of metrics.json) or on another data file (every window whose targets it holds),
with the naive and seasonal naive forecasts beside them, per target and per series, and MASE
scaled by the training part's in-sample error stored with the run."""

from __future__ import annotations

import numpy as np

from ...source.atomic import finite
from .. import steady
from ..batches import count, joined
from ..data.preparation import Preparation
from ..errors import DataError
from ..series import baselines, intervals
from ..series.scores import Forecasts, original_units
from ..series.verdict import score_lines, verdict
from ...spec.sections.compile import class_family
from .class_scores import class_scores
from .class_scores import describe as describe_classes
from .newdata import SeriesTable
from .predicting import window_starts


def series_windows(prep: Preparation, table: SeriesTable, starts: np.ndarray):
    """(x, scaled y, first rows) of the windows at `starts` (rows of the table)."""
    first = starts + prep.window
    x = prep.inputs(table.features, starts, table.calendar)
    y = prep.scaled_targets(table.model_targets, first)
    return x, y, first


def scored_starts(prep: Preparation, table: SeriesTable, own_data: bool) -> tuple:
    """(split, starts of the windows to score, as rows of the whole table). The run's own
    data: the part metrics.json scored (test, else validation, else train), cut as training
    cut it; another file: every window whose targets it holds."""
    if own_data:
        from ...datafacts.windows import PARTS
        from ..series.samples import plan_samples

        split = prep.split
        plan = plan_samples(list(table.segments), table.usable, prep.window, prep.horizon,
                            prep.stride, (split["train"], split["validation"], split["test"]),
                            prep.split_by)
        part = next((p for p in reversed(PARTS) if p in plan.starts), None)
        return part, plan.starts.get(part, np.zeros(0, np.int64))
    found = []
    for begin, end in table.segments or ((0, table.rows),):
        starts, _ = window_starts(prep, table.cut(begin, end), prep.window + prep.horizon)
        found.append(starts + begin)
    return "all", np.concatenate(found) if found else np.zeros(0, np.int64)


def mase_scale(prep: Preparation, name: str, written: str) -> np.ndarray:
    """The stored MASE scale of a series: by its id (data.series), the run's one series, or
    the training file of that name (a glob of files); unknown (NaN) otherwise."""
    stored = prep.mase_scale
    if prep.series_column:
        return baselines.scale_of(stored.get(name), len(prep.targets))
    if len(stored) == 1:
        return baselines.scale_of(next(iter(stored.values())), len(prep.targets))
    return baselines.scale_of(stored.get(written.replace("\\", "/").rsplit("/", 1)[-1]),
                              len(prep.targets))


def part_forecasts(prep: Preparation, name: str, part: SeriesTable, guess, first) -> Forecasts:
    """One series' forecasts beside its baselines, in the original units."""
    raw = part.targets
    seasonal = None
    if prep.season:
        seasonal = baselines.seasonal_naive(raw, first, prep.horizon, prep.season,
                                            np.zeros(len(first), dtype=np.int64))
    scale = np.repeat(mase_scale(prep, name, part.written)[None], len(first), axis=0)
    return Forecasts(raw[first[:, None] + np.arange(prep.horizon)], guess,
                     baselines.naive(raw, first, prep.horizon), seasonal, scale,
                     np.array([name] * len(first), dtype=object) if prep.series_column
                     else None, prep.season)


def evaluate_series(prep: Preparation, table: SeriesTable, keras_model, batch: int,
                    own_data: bool = False, band=None) -> dict:
    """The windows scored_starts chooses, each series scaled by its own statistics
    (normalize_scope: series) and scored together; with `band` (the run's conformal
    interval at metrics.json's level), its coverage and width on them, as metrics.json."""
    split, starts = scored_starts(prep, table, own_data)
    xs, ys, made = [], [], []
    for (name, part), (begin, end) in zip(table.parts(), table.segments or ((0, table.rows),)):
        own = prep.for_series(name, table.written) if prep.series_column else prep
        x, y, first = series_windows(own, part, starts[(starts >= begin) & (starts < end)] -
                                     begin)
        if not len(x):
            continue
        history = own.history(part.targets, first) if own.warmup else None
        guess = own.to_original(steady.predict(keras_model, x), history)
        xs.append(x)
        ys.append(y)
        made.append(part_forecasts(own, name, part, guess, first))
    if not made:
        raise DataError(f"{table.written}: no series holds a window and its targets "
                        f"({prep.window} + {prep.horizon} rows): use a longer file")
    x, y = joined(xs), np.concatenate(ys)  # x: a dict with several inputs
    scores = keras_model.evaluate(x, y, batch_size=batch, verbose=0, return_dict=True)
    units = original_units(prep.targets, Forecasts.joined(made))
    if band is not None:
        units["interval"] = intervals.coverage(Forecasts.joined(made), band)
    return {"data": table.written, "split": split, "samples": len(y),
            "rows": scored_rows(prep, table, starts),
            **{k: finite(v) for k, v in scores.items()}, "original_units": units}


def scored_rows(prep: Preparation, table: SeriesTable, starts: np.ndarray) -> dict:
    """The first and the last row forecast by the scored windows: their time (or line)."""
    first = int(starts.min()) + prep.window
    last = int(starts.max()) + prep.window + prep.horizon - 1

    def label(row: int) -> str:
        if table.times is not None:
            return str(table.times[row])
        return table.lines.where(row) if table.lines is not None else f"row {row + 1}"

    return {"first": label(first), "last": label(last)}


def evaluate_samples(prep: Preparation, x, y, keras_model, batch: int, written: str,
                     split: str = "all") -> dict:
    """NPZ samples: the part metrics.json scored (`split`), or every sample of a file. `x`
    and `y` may be dicts (several inputs, several outputs: scored per output as run scores
    them, `per_output`)."""
    dtype = np.int32 if prep.classifier else np.float32
    targets = tuple(v.astype(dtype) for v in y.values()) if isinstance(y, dict) \
        else y.astype(dtype)
    scores = keras_model.evaluate(x, targets, batch_size=batch, verbose=0, return_dict=True)
    scores = {k: finite(v) for k, v in scores.items()}
    if isinstance(y, dict):
        predicted = dict(zip(y, keras_model.predict(x, batch_size=batch, verbose=0)))
        scores["per_output"] = per_output(keras_model, list(y), scores,
                                          dict(zip(y, targets)), predicted)
    out = {"data": written, "split": split, "samples": count(x), **scores}
    if class_family(prep.loss) is not None and not isinstance(y, dict):
        predicted = keras_model.predict(x, batch_size=batch, verbose=0)
        classes = class_scores(predicted, targets, prep.loss, prep.classes)
        if classes:
            out["classification"] = classes
    return out


def per_output(keras_model, references: list, scores: dict, y: dict, predicted: dict) -> dict:
    """Keras's `<output name>_<metric>` scores of each output, under its reference in
    `outputs:` (`head`, `enc.1`): metrics.json's `per_output`, and evaluate's. Each output's
    loss is computed over the samples here, and Keras's `<output name>_loss` set to it:
    Keras 3.15 averages an output's loss over the batches without weighting the last,
    partial one (the batch size it passes is unknown in a traced step; measured: 0.2637 for
    0.2675 over 60 samples in batches of 32), while `loss` and the metrics are weighted."""
    from ..tf import import_keras

    keras = import_keras()
    loss = keras.losses.get(keras_model.loss)
    out = {}
    for keras_name, ref in zip(keras_model.output_names, references):
        prefix = f"{keras_name}_"
        own = {k[len(prefix):]: v for k, v in scores.items() if k.startswith(prefix)}
        values = keras.ops.convert_to_numpy(loss(y[ref], predicted[ref]))
        own["loss"] = scores[f"{keras_name}_loss"] = finite(float(np.mean(values,
                                                                          dtype=np.float64)))
        out[ref] = own
    return out


def describe(metrics: dict) -> list[str]:
    """The text report: Keras's metrics, then the original units beside the baselines and the
    verdict."""
    shown = ", ".join(f"{k} {v:.4g}" for k, v in metrics.items()
                      if isinstance(v, float) and k != "samples")
    lines = [f"{metrics['data']} ({scored(metrics)}): {shown}"]
    units = metrics.get("original_units")
    if units:
        lines += score_lines(units)
        lines.append(f"  {verdict(units)}")
    if metrics.get("classification"):
        lines += describe_classes(metrics["classification"])
    return lines


def scored(metrics: dict) -> str:
    """Which windows were scored, in words: `155 samples of the run's test part, as
    metrics.json, forecasts from 2002 Q1 to 2009 Q3`."""
    split, rows = metrics.get("split"), metrics.get("rows")
    which = "every window whose targets the file holds" if split == "all" else \
        f"the run's {split} part, as metrics.json" if split else ""
    span = f", forecasts from {rows['first']} to {rows['last']}" if rows else ""
    return f"{metrics['samples']} samples" + (f" of {which}" if which else "") + span
