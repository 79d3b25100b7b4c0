"""LS407: the compile section's loss does not fit what the last layer emits.

- binary cross-entropy on a multi-unit softmax (the classes compete, but the loss scores each
  unit as its own yes/no question);
- (sparse) categorical cross-entropy on one unit: one unit is one probability, not a
  distribution over classes;
- any other loss on a softmax over one unit: it always outputs 1.0, so training learns
  nothing (without a compile section the same stack is only the warning LS204).
"""

from __future__ import annotations

from ..diagnostics import Finding
from ..spec.sections.compile import BINARY_LOSSES, ONE_HOT_LOSSES, SPARSE_LOSSES
from .last_layer import final_activation, output_units

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
                      "for independent labels", where)
    elif loss in SPARSE_LOSSES + ONE_HOT_LOSSES[:2] and units == 1:
        yield Finding(CODE, f"{loss} needs one output unit per class, but the model emits 1 "
                      "unit: for two classes use binary_crossentropy with activation: sigmoid; "
                      "for more, give the last layer one unit per class with activation: "
                      "softmax", where)
