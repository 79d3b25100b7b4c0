"""`predict` and `forecast` on a trained run: windows prepared as training did, the model's
output back in the original units, as a table (header, rows) for CSV or arrays for NPZ.

The model is any object with `predict(x)` (trained.KerasModel or trained.OnnxModel): `x` an
array, or a dict input name -> array (several inputs); the answer an array, or a list in the
order of `outputs:` (several outputs). This module never imports TensorFlow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..batches import by_reference
from ..data.preparation import Preparation
from ..series import columns
from ..series.spacing import continued
from ..series.verdict import negative_note
from .newdata import SeriesTable


@dataclass
class Table:
    header: list
    rows: list
    notes: list = field(default_factory=list)  # lines for the user (stderr), e.g. "recursive"
    skipped: int = 0  # windows left out because they touch a gap (missing: drop)
    arrays: dict | None = None  # an NPZ run's arrays (y_pred, y_true) for an .npz output


def number(value: float) -> str:
    return f"{value:.9g}"


def by_series(prep: Preparation, table: SeriesTable, make) -> Table:
    """`make(prep, table)` for each series of the file (its own statistics with
    normalize_scope: series), the series id first in every row (data.series)."""
    if not prep.series_column:
        return make(prep, table)
    out = None
    for name, part in table.parts():
        made = make(prep.for_series(name, table.written), part)
        if out is None:
            out = Table([prep.series_column] + made.header, [], [])
        out.rows += [[name] + row for row in made.rows]
        out.notes += [note for note in made.notes if note not in out.notes]
        out.skipped += made.skipped
    return out


def series_predictions(prep: Preparation, table: SeriesTable, model, band=None) -> Table:
    """Every complete window of each series (stride 1), its forecast of the next `horizon`
    rows, and the actual targets where the file holds them; with `band` (intervals.Band),
    the interval around each forecast."""
    made = by_series(prep, table, lambda p, t: one_series_predictions(p, t, model, band))
    if made.skipped:
        made.notes.append(f"{made.skipped} window(s) touch a gap and are not predicted: this "
                          f"run (missing: {prep.missing}) leaves them out, as training did")
    return made


def window_starts(prep: Preparation, table: SeriesTable, span: int) -> tuple:
    """(starts, skipped): the starts of the windows whose `span` rows (and the history that
    undoing differencing reads) all have values, and how many touch a gap."""
    starts = np.arange(0, max(0, table.rows - span + 1))
    ok = table.complete(starts, span)
    if prep.warmup and table.targets is not None:
        history = prep.history(table.targets, np.maximum(starts + prep.window, prep.warmup))
        ok &= (starts + prep.window >= prep.warmup) & ~np.isnan(history).any(axis=(1, 2))
    return starts[ok], int((~ok[prep.warmup:]).sum())


def half_widths(band, table: SeriesTable) -> np.ndarray | None:
    """The band's (horizon, targets) half-widths for the series of `table` (NaN: unbounded)."""
    if band is None:
        return None
    name = table.series_names[0] if table.series_names else ""
    return band.of(name)


def bound_cells(value: float, half) -> list:
    """The lower and upper bound of an interval around `value`; empty where unbounded."""
    if half is None or np.isnan(half):
        return ["", ""]
    return [number(value - half), number(value + half)]


def one_series_predictions(prep: Preparation, table: SeriesTable, model, band=None) -> Table:
    starts, skipped = window_starts(prep, table, prep.span)  # an input of the forecast rows
    # (data.inputs rows: future) reads them: only the windows the file holds them for
    first = starts + prep.window  # the row each window forecasts first
    history = prep.history(table.targets, first) if prep.warmup else None
    if len(starts):
        guess = prep.to_original(model.predict(prep.inputs(table.features, starts,
                                                           table.calendar)), history)
    else:  # a series shorter than one window: no row
        guess = np.zeros((0, prep.horizon, len(prep.targets)))
    labels, time_name = row_labels(prep, table, extra=prep.horizon)
    header = [time_name]
    for step in range(1, prep.horizon + 1):
        for name in prep.targets:
            actual = columns.series_target(name, step, prep.horizon)
            header += [actual, columns.predicted(actual)] if table.targets is not None \
                else [columns.predicted(actual)]
            header += columns.bounds(actual) if band is not None else []
    half = half_widths(band, table)
    rows = []
    for i, row in enumerate(first):
        out = [labels[row]]
        for step in range(prep.horizon):
            for t in range(len(prep.targets)):
                if table.targets is not None:
                    at = row + step
                    known = at < table.rows and not np.isnan(table.targets[at, t])
                    out.append(number(table.targets[at, t]) if known else "")
                out.append(number(guess[i, step, t]))
                if band is not None:
                    out += bound_cells(guess[i, step, t], None if half is None
                                       else half[step, t])
        rows.append(out)
    notes = [] if table.targets is not None else \
        [f"{table.written} lacks target column(s) {', '.join(prep.recursive_ready)}: only "
         "the predictions are written"]
    below = negative_note(prep.targets, prep.never_negative, guess)
    return Table(header, rows, notes + ([below] if below else []), skipped)


def future_times(prep: Preparation, table: SeriesTable, count: int) -> list | None:
    """The time cells of the `count` rows after the table, continued as training read the
    column (its format, data.time_format and data.frequency); None when it has no step."""
    return continued(table.times, count, prep.time_format, prep.frequency)


def row_labels(prep: Preparation, table: SeriesTable, extra: int) -> tuple[list, str]:
    """The label of every row, and of `extra` rows after the end (blank when the time column
    cannot be continued)."""
    if prep.time is None:
        return [str(r) for r in range(1, table.rows + extra + 1)], "row"
    after = future_times(prep, table, extra) or [""] * extra
    return list(table.times) + after, prep.time


def sample_predictions(prep: Preparation, x, y, model,
                       probabilities: bool = False) -> tuple[Table, object]:
    """NPZ runs: one row per sample (sample_table) and the model's outputs (an array, or a
    dict output reference -> array with several outputs). `x`: an array, or a dict input
    name -> array with several inputs."""
    out = by_reference(model.predict(x), list(prep.outputs))
    return sample_table(prep, out, y, probabilities), out


def sample_table(prep: Preparation, out, y, probabilities: bool = False,
                 samples=None) -> Table:
    """A classifier's class per position (probabilities on request), a regressor's value per
    output position, the actual values beside them where `y` holds them; several outputs
    (dicts by reference): each output's columns side by side, named `<reference>/<column>`.
    `samples`: each row's sample in the data file, first (a shuffled or stratified split).
    Also `predictions.csv`'s, so that `run` and `predict` write the same columns."""
    if not isinstance(out, dict):
        return output_table(prep, out, y, probabilities, samples)
    parts = [output_table(prep, out[ref], None if y is None else y.get(ref), probabilities)
             for ref in out]
    header = [columns.SAMPLE] if samples is not None else []
    header += [f"{ref}/{name}" for ref, part in zip(out, parts) for name in part.header]
    rows = []
    for i in range(len(parts[0].rows)):
        row = [str(int(samples[i]))] if samples is not None else []
        rows.append(row + [cell for part in parts for cell in part.rows[i]])
    return Table(header, rows)


def output_table(prep: Preparation, out: np.ndarray, y, probabilities: bool,
                 samples=None) -> Table:
    """The columns of one output (sample_table)."""
    if prep.classifier:
        return class_table(out, y, probabilities, prep.classes, samples)
    table = value_table(out, y)
    if samples is None:
        return table
    return Table([columns.SAMPLE] + table.header,
                 [[str(int(s))] + row for s, row in zip(samples, table.rows)])


def prediction_arrays(out, y) -> dict:
    """`predict -o FILE.npz`'s arrays, named as predictions.npz names them: y_pred (and
    y_true), or y_pred_<reference> (and y_true_<reference>) per output."""
    if not isinstance(out, dict):
        return {"y_pred": out, **({"y_true": y} if y is not None else {})}
    arrays = {f"y_pred_{ref}": values for ref, values in out.items()}
    arrays.update({f"y_true_{ref}": values for ref, values in (y or {}).items()})
    return arrays


def value_table(out: np.ndarray, y) -> Table:
    """A regressor's (or one-hot classifier's) outputs, one column per output position, the
    actual values beside them when `y` has the same positions. Also `predictions.csv`'s."""
    where = columns.positions(out.shape[1:])
    flat = out.reshape(len(out), -1)
    header, rows = [], []
    if y is not None and y.reshape(len(y), -1).shape[1] == flat.shape[1]:
        header = [columns.value(p) for p in where]
        truth = y.reshape(len(y), -1)
    else:
        truth = None
    header += [columns.predicted(columns.value(p)) for p in where]
    for i in range(len(flat)):
        row = [number(v) for v in truth[i]] if truth is not None else []
        rows.append(row + [number(v) for v in flat[i]])
    return Table(header, rows)


def class_table(out: np.ndarray, y, probabilities: bool, classes: tuple = (),
                samples=None) -> Table:
    """A sparse classifier's predicted class at each position (`label_7`, `predicted_class_7`
    for a per-timestep tagger), the probabilities only under names that say so. Classes are
    written by name when the data named them (the NPZ's `classes`), by id otherwise; `samples`
    (the index of each row's sample in the data file) leads when the split chose them. Also
    `predictions.csv`'s, so that `run` and `predict` name a column the same way."""
    count = out.shape[-1]
    where = columns.positions(out.shape[1:-1])
    chosen = out.argmax(axis=-1).reshape(len(out), -1)
    probs = out.reshape(len(out), len(where), count)
    truth = y.reshape(len(y), -1) if y is not None and y.size == chosen.size else None
    name = (lambda k: classes[int(k)]) if classes else (lambda k: str(int(k)))
    header = [columns.SAMPLE] if samples is not None else []
    header += [columns.label(p) for p in where] if truth is not None else []
    header += [columns.predicted_class(p) for p in where]
    if probabilities:
        header += [columns.probability(p, name(k)) for p in where for k in range(count)]
    rows = []
    for i in range(len(out)):
        row = [str(int(samples[i]))] if samples is not None else []
        row += [name(v) for v in truth[i]] if truth is not None else []
        row += [name(v) for v in chosen[i]]
        if probabilities:
            row += [f"{v:.6g}" for v in probs[i].ravel()]
        rows.append(row)
    return Table(header, rows)
