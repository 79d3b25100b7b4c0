"""LS416: `data.split` written for an NPZ file that gives its own validation part.
LS434: `data.split.shuffle` or `stratify` where it cannot work.

The split cuts plain `x`/`y` arrays, or cuts the validation (and test) part from `x_train`
when the file has no `x_val` (datafacts/npz_layout.py). A file with `x_val` leaves it nothing to cut,
so the fractions written would be silently ignored: an error, by the contract's rule.

A shuffled split of a series would train on rows that come after the ones it validates on (a
forecast scored on the past it has seen): series are cut by time. Stratifying needs classes:
a classification loss, and targets that give each sample one class.
"""

from __future__ import annotations

from ..datafacts.npz_layout import PAIRS, split_applies
from ..diagnostics import Finding
from ..spec.sections.compile import BINARY_LOSSES, class_family
from .last_layer import model_output
from .runner_facts import npz_view
from .target_facts import part_labels

CODE = "LS416"
CODES = ("LS416", "LS434")


def check(ctx):
    data = ctx.model.data
    if data is None:
        return
    yield from check_shuffle(ctx, data)
    if data.kind != "npz" or "split" not in data.model_fields_set:
        return
    facts = npz_view(ctx)
    if facts is None or split_applies(facts.arrays, True):
        return
    given = ", ".join(x for x, _ in PAIRS.values() if x in facts.arrays)
    yield Finding(CODE, f"data.split is not used: '{data.path}' gives its parts as arrays "
                  f"({given}), so there is nothing to cut; remove data.split (or drop x_val "
                  "and y_val from the file to cut the validation part from x_train)",
                  ("data", "split"), on_key=True, fix="remove it")


def check_shuffle(ctx, data):
    split = data.split
    for key in ("shuffle", "stratify"):
        if getattr(split, key) and data.kind in ("csv", "parquet"):
            yield Finding("LS434", f"data.split.{key} reorders the samples before the split, "
                          f"but {data.kind} data is a series: training would see rows that come "
                          "after the ones it is validated on, and score a forecast of the past "
                          "it has learnt; a series is cut by time", ("data", "split", key),
                          on_key=True, fix="remove it")
    if not split.stratify or data.kind in ("csv", "parquet"):
        return
    compiled = ctx.model.compile
    loss = compiled.loss if compiled is not None else None
    if loss is None or class_family(loss) is None:
        yield Finding("LS434", f"data.split.stratify keeps the class proportions in every part, "
                      f"but {loss or 'the model'} has no classes (a classification loss has: "
                      "sparse_categorical_crossentropy, binary_crossentropy, "
                      "categorical_crossentropy): use shuffle: true to mix the samples",
                      ("data", "split", "stratify"), on_key=True, fix="remove it")
    elif (data.kind == "npz" and npz_view(ctx) is not None and part_labels(ctx) is None
          and labels_readable(ctx)) or (data.kind == "synthetic" and not one_class(ctx, loss)):
        yield Finding("LS434", f"data.split.stratify needs one class per sample, but the "
                      f"targets for {loss} give several (a label per timestep, or several "
                      "labels per sample): use shuffle: true", ("data", "split", "stratify"),
                      on_key=True, fix="remove it")


def one_class(ctx, loss: str) -> bool:
    """Synthetic targets take the model's output shape: one class per sample when it is
    (units,) for a sparse or one-hot loss, (1,) for a binary one."""
    out = model_output(ctx)
    return len(out) == 1 and (out == (1,) or loss not in BINARY_LOSSES)


def labels_readable(ctx) -> bool:
    """Whether lint could read the targets (small enough): only then is 'no class per sample'
    a finding rather than a file too large to read."""
    from ..datafacts.values import npz_numbers
    from ..datafacts.npz_layout import Y_NAMES
    from .runner_facts import data_view, npz_array

    view = data_view(ctx)
    y = npz_array(view.facts, Y_NAMES) if view and view.facts else None
    return y is not None and npz_numbers(view.path, y.name) is not None
