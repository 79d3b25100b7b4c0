"""LS205, LS206: training a stateful model as if it were not.

A stateful recurrent layer carries its state from one batch to the next, row i of a batch
continuing row i of the batch before: the batches must come in order (LS205: train.shuffle,
true by default, shuffles them every epoch), and whole (LS206: a part whose samples do not
divide input.batch_size loses its last samples, which the runner drops and now says so).
"""

from __future__ import annotations

import math

from ..datafacts.npz_layout import X_NAMES, npz_parts, part_sizes
from ..datafacts.windows import PARTS, fractions_of, ordered_counts
from ..diagnostics import Finding
from . import data_rows
from .data_rows import series_lengths
from .data_series import need_rows
from .distribute_stateful import stateful_layers
from .runner_facts import csv_view, npz_view

CODE = "LS205"
CODES = ("LS205", "LS206", "LS413")


def check(ctx):
    stateful = next(iter(stateful_layers(ctx)), None)
    if stateful is None or ctx.model.data is None:
        return
    index, kind, path = stateful
    train = ctx.model.train
    if train is None or train.shuffle:
        written = train is not None and "shuffle" in train.model_fields_set
        where = ("train", "shuffle") if written else ("train",) if train is not None else path
        yield Finding("LS205", f"{kind} in layer {index} is stateful: its state carries over "
                      "from one batch to the next, but train.shuffle is true"
                      f"{'' if written else ' (the default)'}, so batches come in a new order "
                      "every epoch and the state carried over belongs to other samples: set "
                      "train.shuffle: false", where, on_key=not written,
                      fix="write false" if written else "set train.shuffle: false")
    yield from whole_batches(ctx, ctx.model.input.batch_size, part_counts(ctx))


def whole_batches(ctx, batch: int, counts: dict):
    """LS206 for a part that loses its last samples; LS413 for one too small for one batch
    (the runner refuses it). The fix: the batch size that divides every part."""
    fix = f"set input.batch_size: {math.gcd(*counts.values())}" if counts else None
    for part, count in counts.items():
        if count < batch:
            yield Finding("LS413", f"the {part} part has {count:,} samples, fewer than one batch "
                          f"of input.batch_size {batch}, which stateful layers need whole: the "
                          "run would stop; use a smaller batch size or more data",
                          ("input", "batch_size"), fix=fix)
        elif count % batch:
            yield Finding("LS206", f"the {part} part has {count:,} samples, not a multiple of "
                          f"input.batch_size {batch} that stateful layers need: the last "
                          f"{count % batch} will not be used (the runner drops them); a batch "
                          f"size that divides {count:,} keeps them all", ("input", "batch_size"),
                          fix=fix)


def part_counts(ctx) -> dict:
    """Samples per part, where lint can count them: synthetic samples, CSV rows, NPZ array
    lengths (the same arithmetic as the runner's)."""
    data = ctx.model.data
    if data.kind == "synthetic":
        counts = ordered_counts(data.samples, fractions_of(data.split))
        return {part: count for part, count in zip(PARTS, counts) if count}
    facts = csv_view(ctx)
    if facts is not None and facts.rows:
        # with gaps filled or dropped only the run can count (by default a gap is an error)
        if data.missing != "error":
            return {}
        need = need_rows(ctx, data)
        lengths = series_lengths(ctx, data) or [facts.rows]
        if not need or max(lengths) < need:
            return {}  # LS413 says so
        counts = data_rows.part_counts(lengths, ctx, data, fractions_of(data.split), need)
        return {part: count for part, count in counts.items() if count}
    facts = npz_view(ctx)
    if facts is None:
        return {}
    lengths = {name: (a.shape[0] if a.shape else 0) for name, a in facts.arrays.items()}
    if not any(name in lengths for name in X_NAMES):
        return {}
    return part_sizes(npz_parts(lengths, fractions_of(data.split),
                                "split" in data.model_fields_set))
