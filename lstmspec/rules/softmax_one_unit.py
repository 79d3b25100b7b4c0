"""LS204: the last layer applies softmax over a single unit, so it always outputs 1.0.

Keras builds and trains such a model without a word; its gradient is zero and nothing is
learnt. A warning for a bare stack, since Keras builds it (the contract's rule); once a
`compile:` section names a loss, the pair cannot train and loss_output reports LS407 instead.
"""

from __future__ import annotations

from ..diagnostics import Finding
from .last_layer import final_activation, output_units

CODE = "LS204"


def check(ctx):
    if getattr(ctx.model, "compile", None) is not None:  # a training configuration: LS407
        return
    activation, info, path = final_activation(ctx)
    if activation == "softmax" and output_units(ctx) == 1:
        yield Finding(CODE, f"layer {info.index} '{info.name}' applies softmax over 1 unit, which "
                      "always outputs 1.0, so nothing can be learnt: use activation: sigmoid for "
                      "a yes/no output, or one unit per class", path, fix="write sigmoid")
