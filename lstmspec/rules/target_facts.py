"""What training will see of the data, read cheaply (datafacts/values.py) for the rules that
ask whether a model can learn it (LS430-LS437). Not a rule itself.

- NPZ: the target array's values, and the class of each sample in each part (the split as
  datafacts/sampling.py makes it, shuffled or stratified).
- CSV: the target columns over the training samples' target rows, after target_transform and
  normalize (statistics of the training rows, as the runner fits them), and the feature
  columns over the training rows. Only for a file of up to 10 MB whose gaps are errors
  (`missing: error`): its rows are then the runner's rows, one for one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..datafacts.npz_layout import Y_NAMES, has_samples, split_applies
from ..datafacts.sampling import npz_samples, sample_classes
from ..datafacts.values import csv_columns, npz_numbers
from ..datafacts.windows import fractions_of, layout
from ..spec.sections.compile import class_family
from .runner_facts import data_view, npz_array


@dataclass(frozen=True)
class Targets:
    low: float
    high: float
    integer: bool  # every target a whole number
    distinct: int  # distinct values, counted up to 1000
    where: str  # what a message calls them: "the targets (array y)"


def npz_targets(ctx) -> Targets | None:
    view = data_view(ctx)
    if view is None or view.kind != "npz" or view.facts is None:
        return None
    header = npz_array(view.facts, Y_NAMES)
    numbers = npz_numbers(view.path, header.name) if header is not None else None
    if numbers is None or not numbers.finite:
        return None
    integer = numbers.integer or all(v == int(v) for v in numbers.values)
    return Targets(numbers.low, numbers.high, integer, distinct(numbers.values),
                   f"the targets (array {numbers.name})")


def distinct(values, cap: int = 1000) -> int:
    seen: set = set()
    for value in values:
        seen.add(value)
        if len(seen) >= cap:
            break
    return len(seen)


def part_labels(ctx) -> dict | None:
    """part -> the class of each of its samples, for a classification loss on NPZ data whose
    targets give one class per sample; None otherwise (or when the file is too large)."""
    view, compiled = data_view(ctx), ctx.model.compile
    family = class_family(compiled.loss) if compiled is not None else None
    if view is None or view.kind != "npz" or view.facts is None or family is None:
        return None
    arrays = view.facts.arrays
    classes = {}

    def labels_of(name: str):
        if name not in classes:
            found = npz_numbers(view.path, name) if name in arrays else None
            classes[name] = None if found is None else \
                sample_classes(found.shape, found.values, family)
        return classes[name]

    data = ctx.model.data
    lengths = {n: h.shape[0] for n, h in arrays.items() if h.shape and h.numeric}
    if not has_samples(lengths):
        return None
    seed = ctx.model.train.seed if ctx.model.train is not None else 0
    parts = npz_samples(lengths, fractions_of(data.split), "split" in data.model_fields_set,
                        data.split, seed, labels_of)
    if parts is None:
        return None
    out = {}
    for part, (_, y, indices) in parts.items():
        labels = labels_of(y)
        if labels is None:
            return None
        out[part] = [labels[i] for i in indices if i < len(labels)]
    return out


def split_cuts(ctx) -> bool:
    """Whether data.split decides the parts of this NPZ (rather than the file's arrays)."""
    view = data_view(ctx)
    return bool(view and view.facts and split_applies(view.facts.arrays,
                                                       "split" in ctx.model.data.model_fields_set))


# -- CSV ------------------------------------------------------------------------------------

def csv_rows(ctx, columns: tuple):
    """(CsvColumns, [the row indexes of each series, in file order]) of a small CSV whose rows
    are the runner's (missing: error, no stream, split by time); None otherwise. Series are
    in order of first appearance, as the runner groups them."""
    data = ctx.model.data
    view = data_view(ctx)
    if view is None or view.kind != "csv" or view.facts is None or data.missing != "error" \
            or data.stream or data.split_by != "time" or any(c in data.path for c in "*?["):
        return None
    try:
        read = csv_columns(view.path, data.delimiter, data.decimal, tuple(columns),
                           tuple(c for c in (data.series, data.time) if c))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if read is None:
        return None
    if not data.series:
        return read, [range(len(read.lines))]
    groups: dict = {}
    for row, name in enumerate(read.texts[data.series]):
        groups.setdefault(name, []).append(row)
    return read, list(groups.values())


def series_values(read, column: str, rows) -> list:
    values = read.numbers[column]
    return [values[r] for r in rows]


def transformed(values: list, transform) -> list:
    """A series' values after data.target_transform (None where a value has none)."""
    if transform is None or not transform.active:
        return list(values)
    out = [math.log(v) if v is not None and v > 0 else None for v in values] \
        if transform.log else list(values)
    for _ in range(transform.difference):
        lag = transform.lag
        out = [None if i < lag or out[i] is None or out[i - lag] is None
               else out[i] - out[i - lag] for i in range(len(out))]
    return out


def scaling(values: list, how: str) -> tuple[float, float]:
    """(shift, scale) of data.normalize over the given values (the runner's Scaling)."""
    known = [v for v in values if v is not None]
    if how == "none" or not known:
        return 0.0, 1.0
    if how == "standard":
        mean = sum(known) / len(known)
        std = math.sqrt(sum((v - mean) ** 2 for v in known) / len(known))
        return mean, std if std > 0 else 1.0
    low = min(known)
    return low, (max(known) - low) or 1.0


def csv_targets(ctx) -> Targets | None:
    """The CSV targets over the training samples' target rows, as the model is trained on
    them (transformed, then normalised by the training rows' statistics)."""
    data = ctx.model.data
    found = csv_rows(ctx, tuple(data.targets))
    window = data.window or ctx.model.input.shape[0]
    if found is None or not window:
        return None
    read, segments = found
    transform = data.target_transform
    warmup = transform.warmup if transform else 0
    scoped = data.series and data.normalize_scope == "series"
    low = high = None
    for column in data.targets:
        series = [transformed(series_values(read, column, rows), transform)
                  for rows in segments]
        plans = [layout(len(s), window, data.horizon, data.stride, fractions_of(data.split))
                 for s in series]
        fits = [s[slice(*p.fit_rows)] for s, p in zip(series, plans)]
        pooled = scaling([v for f in fits for v in f], data.normalize)
        for values, plan, fit in zip(series, plans, fits):
            shift, scale = scaling(fit, data.normalize) if scoped else pooled
            for start in plan.starts("train"):
                if start < warmup:
                    continue
                for row in range(start + window, start + window + data.horizon):
                    if values[row] is None:
                        continue
                    value = (values[row] - shift) / scale
                    low = value if low is None else min(low, value)
                    high = value if high is None else max(high, value)
    if low is None:
        return None
    names = ", ".join(f"'{c}'" for c in data.targets)
    how = (" after target_transform," if transform and transform.active else "") + \
        f" normalize: {data.normalize}"
    noun = "column" if len(data.targets) == 1 else "columns"
    return Targets(low, high, False, 1000,
                   f"the training targets ({noun} {names},{how})")


def targets(ctx) -> Targets | None:
    data = ctx.model.data
    if data is None:
        return None
    return npz_targets(ctx) if data.kind == "npz" else \
        csv_targets(ctx) if data.kind == "csv" else None
