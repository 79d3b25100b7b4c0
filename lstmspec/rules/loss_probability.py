"""LS412 (warning): a cross-entropy loss on outputs that are not probabilities.

lstmspec passes the loss by name, so Keras expects probabilities (from_logits=False) and clips
the outputs into (0, 1): with a linear, tanh or relu last layer, training stalls or diverges.
"""

from __future__ import annotations

from ..diagnostics import Finding
from ..spec.sections.compile import BINARY_LOSSES, CROSSENTROPY
from .last_layer import final_activation

CODE = "LS412"
PROBABILITIES = ("sigmoid", "softmax", "hard_sigmoid")


def check(ctx):
    if ctx.model.compile is None or ctx.model.compile.loss not in CROSSENTROPY:
        return
    loss = ctx.model.compile.loss
    activation, info, path = final_activation(ctx)
    if activation in PROBABILITIES:
        return
    wanted = "sigmoid" if loss in BINARY_LOSSES else "softmax"
    yield Finding(CODE, f"{loss} expects probabilities, but layer {info.index} '{info.name}' "
                  f"ends with activation {activation}, which are not: set activation: {wanted} "
                  "on it", path, fix=f"set activation: {wanted}")
