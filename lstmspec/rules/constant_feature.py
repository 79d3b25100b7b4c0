"""LS433 (warning): a feature that is constant over the training rows.

Normalisation scales it by 1 (its spread is 0), and a value that never changes in training
teaches the model nothing: a 0/1 flag that switches on after the training part (a law in
force from 2019) then moves the predictions in a way training never tried. Read from a CSV's
feature columns (files up to 10 MB) and an NPZ's x (up to 4 MB), named with the line or
sample where it first changes.
"""

from __future__ import annotations

from ..datafacts.sampling import npz_samples
from ..datafacts.values import npz_numbers
from ..datafacts.windows import fractions_of, layout
from ..diagnostics import Finding
from ..datafacts.npz_layout import X_NAMES
from .runner_facts import data_view, npz_array
from .target_facts import csv_rows

CODE = "LS433"
MAX_SCANNED = 4 * 1024**2  # bytes of an NPZ x scanned for constant features


def check(ctx):
    data = ctx.model.data
    if data is None:
        return
    if data.kind == "csv" and data.features:
        yield from check_csv(ctx, data)
    elif data.kind == "npz" and ctx.model.inputs is None:
        yield from check_npz(ctx)


def check_csv(ctx, data):
    found = csv_rows(ctx, tuple(data.features))
    window = data.window or ctx.model.input.shape[0]
    if found is None or not window:
        return
    read, segments = found
    plans = [layout(len(rows), window, data.horizon, data.stride, fractions_of(data.split))
             for rows in segments]
    for index, column in enumerate(data.features):
        values = read.numbers[column]
        training = [values[rows[r]] for rows, plan in zip(segments, plans)
                    for r in range(*plan.fit_rows) if values[rows[r]] is not None]
        if len(training) < 2 or any(v != training[0] for v in training):
            continue
        later = next((rows[r] for rows, plan in zip(segments, plans)
                      for r in range(plan.fit_rows[1], len(rows))
                      if values[rows[r]] not in (None, training[0])), None)
        when = f" ({data.time} {read.texts[data.time][later][:40]})" \
            if later is not None and data.time else ""
        changes = f"first changes at line {read.lines[later]}{when}" if later is not None \
            else "never changes in the file"
        yield Finding(CODE, f"column '{column}' is {training[0]:g} in every training row "
                      f"({len(training)} rows) and {changes}: normalisation scales it by 1 and "
                      "the model learns nothing from it (nor what its change does); train on "
                      "rows where it varies, or leave it out of data.features",
                      ("data", "features", index))


def check_npz(ctx):
    view = data_view(ctx)
    header = npz_array(view.facts, X_NAMES) if view and view.facts else None
    if header is None or not header.numeric or header.nbytes > MAX_SCANNED or \
            len(header.shape) < 2:
        return
    x = npz_numbers(view.path, header.name)
    data = ctx.model.data
    lengths = {n: h.shape[0] for n, h in view.facts.arrays.items() if h.shape and h.numeric}
    seed = ctx.model.train.seed if ctx.model.train is not None else 0
    parts = npz_samples(lengths, fractions_of(data.split), "split" in data.model_fields_set,
                        data.split, seed, lambda _: None) if x is not None else None
    if not parts or "train" not in parts or parts["train"][0] != header.name:
        return
    train = parts["train"][2]
    features = header.shape[-1]
    size = len(x.values) // header.shape[0] if header.shape[0] else 0
    for feature in range(features):
        seen = {x.values[i * size + k] for i in train for k in range(feature, size, features)}
        if len(seen) != 1:
            continue
        value = next(iter(seen))
        chosen = set(train)
        later = next((i for i in range(header.shape[0]) if i not in chosen and any(
            x.values[i * size + k] != value for k in range(feature, size, features))), None)
        changes = f"first changes at sample {later}" if later is not None else \
            "never changes in the file"
        yield Finding(CODE, f"feature {feature} of array {header.name} (x[..., {feature}]) is "
                      f"{value:g} in every training sample and {changes}: the model learns "
                      "nothing from it; train on samples where it varies, or drop it from x",
                      ("data", "path"))
