"""LS406: the model's output does not have the shape of the targets.

The classic: the last recurrent layer keeps `return_sequences: true`, so the model emits one
value per timestep, (batch, timesteps, 1), while the targets are one value per sample,
(batch, 1). Keras then fails at the first training step, or (for some losses) broadcasts and
trains on nonsense. Also caught: a Dense head of the wrong size for horizon x targets, and
integer labels given to a one-hot loss (or the reverse).

LS431: integer class ids (one per sample) for a head of one unit per class, trained with a
regression loss: the loss that matches the labels is sparse_categorical_crossentropy (the
shapes differ too, but "emit 1 value per sample" would lead to a sigmoid unit regressing
class ids, which LS430 then refuses).
"""

from __future__ import annotations

from ..datafacts.values import integer_range
from ..diagnostics import Finding
from ..datafacts.npz_layout import Y_NAMES
from ..spec.sections.compile import ONE_HOT_LOSSES, REGRESSION_LOSSES, SPARSE_LOSSES
from .last_layer import held_layers, last_layer_path, model_output
from .runner_facts import (
    batch_shape, csv_target_shapes, csv_view, data_view, npz_array, npz_view,
)

CODE = "LS406"
CODES = ("LS406", "LS431")


def check(ctx):
    data, compiled = ctx.model.data, ctx.model.compile
    if data is None or data.kind == "synthetic":
        return
    out = model_output(ctx)
    if data.kind in ("csv", "parquet"):
        if csv_view(ctx) is None:
            return
        flat, sequence = csv_target_shapes(ctx)
        if out not in (flat, sequence):
            count = len(data.targets)
            what = (f"the targets are {batch_shape(flat)} (horizon {data.horizon} x {count} "
                    "target column(s))")
            also = f" (or {batch_shape(sequence)}, for a sequence output)"
            yield mismatch(ctx, out, flat, what, units=flat[0], also=also,
                           loss=compiled.loss if compiled else None)
        return
    facts = npz_view(ctx)
    y = npz_array(facts, Y_NAMES) if facts else None
    if y is None or not y.numeric:  # text: LS411
        return
    got, loss = tuple(y.shape[1:]), compiled.loss if compiled else None
    if fits(out, got, loss):
        return
    labels = y.is_integer and out and out[-1] > 1 and got in (out[:-1], out[:-1] + (1,))
    if labels and loss in REGRESSION_LOSSES:
        found = integer_range(npz_view_path(ctx), y.name)
        ids = f" ({found[0]}..{found[1]})" if found else ""
        yield Finding("LS431", f"array {y.name} holds one integer class id per sample{ids}, "
                      f"and the last layer emits {out[-1]} values per sample, one per class; "
                      f"{loss} would score the ids as quantities: a classifier of class ids is "
                      "trained with sparse_categorical_crossentropy", ("compile", "loss"),
                      fix="write sparse_categorical_crossentropy")
    elif loss in ONE_HOT_LOSSES and y.is_integer and got in (out[:-1], out[:-1] + (1,)):
        yield Finding(CODE, f"array {y.name} holds integer class labels {batch_shape(got)} but "
                      f"{loss} needs one-hot targets {batch_shape(out)}: use loss: "
                      "sparse_categorical_crossentropy", ("compile", "loss"),
                      fix="write sparse_categorical_crossentropy")
    elif loss in SPARSE_LOSSES and got == out and out[-1] > 1:
        yield Finding(CODE, f"array {y.name} holds one-hot targets {batch_shape(got)} but {loss} "
                      f"needs integer class labels {batch_shape(out[:-1])}: use loss: "
                      "categorical_crossentropy", ("compile", "loss"),
                      fix="write categorical_crossentropy")
    else:
        units = None if loss in SPARSE_LOSSES else (got[-1] if got else 1)
        yield mismatch(ctx, out, got, f"array {y.name} holds targets of shape "
                       f"{batch_shape(got)}", units=units, loss=loss)


def npz_view_path(ctx) -> str:
    return data_view(ctx).path


def fits(out: tuple, got: tuple, loss: str | None) -> bool:
    if loss in SPARSE_LOSSES:
        return bool(out) and got in (out[:-1], out[:-1] + (1,))
    return got == out or (got == () and out == (1,))


def sequence_layer(ctx):
    """The recurrent layer whose return_sequences: true put the input's time axis in the
    output, if any (a time axis made by RepeatVector is an encoder-decoder's, not this)."""
    if model_output(ctx)[0] != ctx.model.input.shape[0]:
        return None
    for info in reversed(held_layers(ctx)):
        spec = info.core
        if getattr(spec, "RECURRENT", False):
            if spec.return_sequences and len(info.result.output) == 3:
                return info, spec
            return None
        if len(info.result.output) != 3:
            return None
    return None


def mismatch(ctx, out: tuple, want: tuple, what: str, units: int | None, also: str = "",
             loss: str | None = None) -> Finding:
    """Where the fix goes: the layer whose return_sequences: true put a time axis in the output
    when dropping that axis makes the shapes agree, else the last layer's units."""
    head = f"the model outputs {batch_shape(out)} but {what}"
    drops_time = len(out) == len(want) + 1 or (len(out) >= 2 and fits(out[1:], want, loss))
    found = sequence_layer(ctx) if drops_time else None
    if found is not None:
        info, spec = found
        path = info.core_path
        if "return_sequences" in spec.model_fields_set:
            path += ("return_sequences",)
        return Finding(CODE, f"{head}: the output has a time axis because layer {info.index} "
                       f"'{info.name}' keeps return_sequences: true; set return_sequences: "
                       f"false on layer {info.index}", path,
                       fix=f"set return_sequences: false on layer {info.index}")
    key = "units" if "units" in type(held_layers(ctx)[-1].core).model_fields else None
    if units is None:  # integer class labels: one unit per class, whatever the labels' shape
        hint = "; make the last layer emit one value per class for each label" if key else ""
    else:
        hint = f"; make the last layer emit {units} value(s) per sample" if key else ""
    # one edit makes the shapes agree when only the last axis differs: the last layer's units
    fix = f"set units: {units} on layer {held_layers(ctx)[-1].index}" if key and units \
        and len(out) == len(want) and out[:-1] == tuple(want[:-1]) else None
    return Finding(CODE, f"{head}{also}: the shapes must agree{hint}", last_layer_path(ctx, key),
                   fix=fix)
