"""LS430: the last layer can never output the targets (a bounded head on a regression target).

The range the head can output (spec/ranges.py: softmax and sigmoid (0, 1), tanh (-1, 1),
relu and softplus >= 0, linear any) against the range of the targets as training will see
them (target_facts.py: an NPZ's target array; a CSV's target columns after target_transform
and normalize). A sigmoid unit trained with mse on standardized targets, or on class ids
0..8, reaches neither: every prediction sticks to the edge, and lint used to call it clean.
(A classification loss on targets that are quantities is LS409's: the loss is the mistake.)
"""

from __future__ import annotations

from ..diagnostics import Finding
from ..spec.ranges import bounded, output_range
from ..spec.sections.compile import REGRESSION_LOSSES
from .data_targets import fits
from .last_layer import final_activation, held_layers, model_output
from ..datafacts.npz_layout import Y_NAMES
from .runner_facts import csv_target_shapes, npz_array, npz_view
from .target_facts import targets

CODE = "LS430"
TOLERANCE = 1e-6  # float32 targets stored at an edge (0.0, 1.0) are reachable


def check(ctx):
    compiled, data = ctx.model.compile, ctx.model.data
    if compiled is None or data is None or len(ctx.inference.output) != 1:
        return
    loss = compiled.loss
    if loss not in REGRESSION_LOSSES:  # classification losses: data_classes.py (LS409)
        return
    if not shapes_fit(ctx, loss):
        return  # LS406 or LS431 first: the targets' shape says what they are
    held = held_layers(ctx)  # a graph's layers on the output's path, the output's last
    # a graph's held layers are no chain: only its output layer's own range counts there
    span, position = output_range([info.spec for info in held[-1 if ctx.inference.graph
                                                               else 0:]])
    position = position if not ctx.inference.graph or position is None else len(held) - 1
    found = targets(ctx) if bounded(span) else None
    if found is None:
        return
    low, high = span
    if found.low >= low - TOLERANCE and found.high <= high + TOLERANCE:
        return
    yield head_finding(ctx, span, held[position], found)


def shapes_fit(ctx, loss: str) -> bool:
    """Whether the targets have the model's output shape (data_targets.py's rule)."""
    out, data = model_output(ctx), ctx.model.data
    if data.kind == "csv":
        return out in csv_target_shapes(ctx)
    facts = npz_view(ctx) if data.kind == "npz" else None
    y = npz_array(facts, Y_NAMES) if facts else None
    return y is not None and fits(out, tuple(y.shape[1:]), loss)


def shown(value: float) -> str:
    return "inf" if value == float("inf") else "-inf" if value == float("-inf") else \
        f"{value:g}"


def head_finding(ctx, span: tuple, info, found) -> Finding:
    activation, _, path = final_activation(ctx)
    spec, index = info.spec, info.index
    low, high = span
    missed = " and ".join(f"{side} {shown(edge)}" for side, edge, out in (
        ("below", low, found.low < low - TOLERANCE), ("above", high, found.high > high + TOLERANCE))
        if out)
    head = (f"layer {index} '{info.name}' outputs values in "
            f"[{shown(low)}, {shown(high)}] ({activation}), but {found.where} run from "
            f"{found.low:.4g} to {found.high:.4g}: the model can never reach the targets "
            f"{missed}, so training cannot fit them")
    units = model_output(ctx)[-1] if model_output(ctx) else 1
    if found.integer and found.distinct > 2 and found.low >= 0 and units == 1:
        classes = int(found.high) + 1
        return Finding(CODE, f"{head}. The targets are whole numbers 0..{int(found.high)}: "
                       "decide what they are", path,
                       fix=f"choose: for {classes} classes, units: {classes} with activation: "
                       "softmax and loss: sparse_categorical_crossentropy; for quantities, "
                       f"activation: linear on layer {index}")
    recurrent = getattr(getattr(spec, "inner", None) or spec, "RECURRENT", False)
    if not recurrent:
        return Finding(CODE, f"{head}: make it linear, which reaches any value", path,
                       fix=f"set activation: linear on layer {index}")
    data = ctx.model.data
    if data.kind == "csv" and data.normalize != "minmax" and low <= 0 and high >= 1:
        return Finding(CODE, f"{head}: scale the targets into [0, 1] with the training rows' "
                       "minimum and maximum, which the layer reaches (or end the model with a "
                       "linear Dense layer)", path, fix="set data.normalize: minmax")
    return Finding(CODE, f"{head}: end the model with a Dense layer of {units} unit(s) and no "
                   "activation (linear), which reaches any value", path,
                   fix=f"choose: add {{type: Dense, units: {units}}} after layer {index}, or "
                   "scale the targets into the layer's range")
