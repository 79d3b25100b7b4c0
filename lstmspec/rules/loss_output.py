"""LS407: the compile section's loss does not fit what the last layer emits.

- binary cross-entropy on a multi-unit softmax (the classes compete, but the loss scores each
  unit as its own yes/no question);
- (sparse) categorical cross-entropy on one unit: one unit is one probability, not a
  distribution over classes;
- any other loss on a softmax over one unit: it always outputs 1.0, so training learns
  nothing (without a compile section the same stack is only the warning LS204).
"""

from __future__ import annotations

from ..datafacts.values import integer_range
from ..diagnostics import Finding
from ..spec.sections.compile import BINARY_LOSSES, ONE_HOT_LOSSES, SPARSE_LOSSES
from .last_layer import held_layers, final_activation, output_units
from ..datafacts.npz_layout import Y_NAMES
from .runner_facts import data_view, npz_array, npz_view

CODE = "LS407"


def check(ctx):
    activation, info, path = final_activation(ctx)
    units = output_units(ctx)
    if ctx.model.compile is None:
        return
    loss, where = ctx.model.compile.loss, ("compile", "loss")
    if activation == "softmax" and units == 1 and loss not in SPARSE_LOSSES + ONE_HOT_LOSSES[:2]:
        yield Finding(CODE, f"layer {info.index} '{info.name}' applies softmax over 1 unit, which "
                      f"always outputs 1.0, so training with {loss} learns nothing: use "
                      "activation: sigmoid for a yes/no output, or one unit per class",
                      path, fix="write sigmoid")
    elif loss in BINARY_LOSSES and activation == "softmax" and units and units > 1:
        yield Finding(CODE, f"{loss} scores each output unit as its own yes/no question, but "
                      f"layer {info.index} '{info.name}' makes its {units} units compete "
                      "(softmax): use categorical_crossentropy (one-hot targets) or "
                      "sparse_categorical_crossentropy (integer labels); or activation: sigmoid "
                      "for independent labels", where, fix=categorical_fix(ctx, units))
    elif loss in SPARSE_LOSSES + ONE_HOT_LOSSES[:2] and units == 1:
        count = class_count(ctx)
        fix = f"set units: {count} on layer {held_layers(ctx)[-1].index}" \
            if count and "units" in type(held_layers(ctx)[-1].core).model_fields else None
        yield Finding(CODE, f"{loss} needs one output unit per class, but the model emits 1 "
                      "unit: for two classes use binary_crossentropy with activation: sigmoid; "
                      "for more, give the last layer one unit per class with activation: "
                      "softmax", where, fix=fix)


def categorical_fix(ctx, units: int) -> str:
    """The categorical loss that fits the targets: integer labels -> sparse, one-hot rows (or
    synthetic data, made to fit the loss) -> categorical; unknown targets: a choice."""
    data = ctx.model.data
    if data is not None and data.kind == "synthetic":
        return "write categorical_crossentropy"
    facts = npz_view(ctx) if data is not None and data.kind == "npz" else None
    y = npz_array(facts, Y_NAMES) if facts else None
    if y is not None and y.is_integer and tuple(y.shape[1:]) in ((), (1,)):
        return "write sparse_categorical_crossentropy"
    if y is not None and tuple(y.shape[1:]) == (units,):
        return "write categorical_crossentropy"
    return ("choose: categorical_crossentropy for one-hot targets, "
            "sparse_categorical_crossentropy for integer labels")


def class_count(ctx) -> int | None:
    """Classes in the data: the largest integer label + 1 (at least 2), from an NPZ's y; 2 for
    synthetic data (made to fit the model)."""
    data = ctx.model.data
    if data is not None and data.kind == "synthetic":
        return 2
    view = data_view(ctx)
    y = npz_array(view.facts, Y_NAMES) if view and view.kind == "npz" and view.facts else None
    found = integer_range(view.path, y.name) if y is not None else None
    return max(2, found[1] + 1) if found and found[0] >= 0 else None
