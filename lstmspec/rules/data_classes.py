"""LS409: the class labels in the data do not fit the last layer.

Read from the NPZ labels (y or y_train, when they are integers and small): sparse categorical
labels must lie in [0, units), binary labels in {0, 1}. A label beyond the last unit makes
Keras produce NaN losses or fail in the middle of an epoch.
"""

from __future__ import annotations

from ..datafacts.files import integer_range
from ..diagnostics import Finding
from ..spec.sections.compile import BINARY_LOSSES, SPARSE_LOSSES
from .last_layer import last_layer_path, output_units
from .runner_facts import Y_NAMES, data_view, npz_array

CODE = "LS409"


def check(ctx):
    view, compiled = data_view(ctx), ctx.model.compile
    if view is None or view.kind != "npz" or view.facts is None or compiled is None:
        return
    if compiled.loss not in SPARSE_LOSSES + BINARY_LOSSES:
        return
    y = npz_array(view.facts, Y_NAMES)
    found = integer_range(view.path, y.name) if y is not None else None
    if found is None:
        return
    low, high = found
    units = output_units(ctx) or 1
    if compiled.loss in SPARSE_LOSSES and (low < 0 or high >= units):
        yield Finding(CODE, f"array {y.name} holds class labels {low}..{high} ({high + 1} "
                      f"classes) but the last layer has {units} unit(s), one per class: give it "
                      f"units: {high + 1}" + (" and make the labels >= 0" if low < 0 else ""),
                      last_layer_path(ctx, "units"), fix=f"set units: {high + 1}")
    elif compiled.loss in BINARY_LOSSES and (low < 0 or high > 1):
        yield Finding(CODE, f"{compiled.loss} needs labels 0 and 1, but array {y.name} holds "
                      f"labels {low}..{high}: for {high + 1} classes use "
                      "sparse_categorical_crossentropy with a last layer of "
                      f"{high + 1} softmax units", ("compile", "loss"))
