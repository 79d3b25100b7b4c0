"""LS407: the compile section's loss does not fit what the last layer emits.

- binary cross-entropy on a multi-unit softmax (the classes compete, but the loss scores each
  unit as its own yes/no question);
- (sparse) categorical cross-entropy on one unit: one unit is one probability, not a
  distribution over classes.
"""

from __future__ import annotations

from ..diagnostics import Finding
from .last_layer import final_activation, output_units
from .runner_facts import BINARY_LOSSES, ONE_HOT_LOSSES, SPARSE_LOSSES

CODE = "LS407"
NAME = "loss-output"


def check(ctx):
    activation, info, path = final_activation(ctx)
    units = output_units(ctx)
    if ctx.model.compile is None or (activation == "softmax" and units == 1):  # LS204 says it
        return
    loss, where = ctx.model.compile.loss, ("compile", "loss")
    if loss in BINARY_LOSSES and activation == "softmax" and units and units > 1:
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
