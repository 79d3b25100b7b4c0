"""Walk the stack: each layer's infer() on the shape the previous one gives.

A layer that Keras would refuse becomes an LS1xx finding on that layer, and propagation stops
there (later layers are still schema-checked by validation/). Rank errors are explained with
the layer that produced the shape, since that is usually where the fix goes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..diagnostics import Finding
from ..spec.base import LayerSpec
from ..spec.shapes import RankError, Shape, ShapeError, fmt
from .naming import layer_names
from .table import Inference, LayerInfo, duplicate_names, field_path

if TYPE_CHECKING:
    from ..spec.config import ModelSpec


def input_shape(model: ModelSpec) -> Shape:
    return (model.input.batch_size,) + tuple(model.input.shape)


def producer_text(prev: LayerInfo | None) -> str:
    return "the input" if prev is None else f"layer {prev.index} '{prev.name}'"


def needs_time_axis(err: RankError) -> bool:
    """A 2D output given to a layer that needs a sequence (3D, or at least 3D)."""
    return err.expected in ("3D", "at least 3D") and len(err.shape) == 2


def time_axis_dropper(layers: list) -> LayerInfo | None:
    """The recurrent layer whose last-step output reached the end of `layers` through layers
    that keep the rank (Dropout, Dense, normalizations...): where return_sequences goes."""
    for info in reversed(layers):
        core = getattr(info.spec, "inner", None) or info.spec
        if getattr(core, "RECURRENT", False):
            return None if getattr(core, "return_state", False) else info
        if not (info.spec.KEEPS_RANK and len(info.result.output) == 2):
            return None
    return None


def rank_fix(err: RankError, prev: LayerInfo | None, model: ModelSpec,
             dropper: LayerInfo | None) -> tuple:
    """(advice for the message, fix as an instruction), or Nones: the fix goes to the
    recurrent layer that dropped the time axis, or to input.shape."""
    wants_3d = err.expected == "3D"
    written = list(model.input.shape)
    rank = err.expected[:-1]
    if prev is None and rank.isdigit() and len(err.shape) == int(rank) + 1 and written \
            and written[0] is None:
        shown = ", ".join("null" if d is None else str(d) for d in written[1:])
        return (f"input.shape leaves the batch axis out: write [{shown}] (the batch axis is "
                "added by Keras; set input.batch_size for a fixed batch)",
                f"set input.shape: [{shown}]")
    if prev is None and wants_3d and len(err.shape) == 2:
        steps = model.input.shape[0] if model.input.shape else "timesteps"
        return (f"write input.shape as [timesteps, features], e.g. [{steps}, 1] (the batch axis "
                "is not written)", f"set input.shape: [{steps}, 1]" if model.input.shape
                else None)
    if dropper is not None:
        fix = f"set return_sequences: true on layer {dropper.index}"
        return fix, fix
    recurrent = (getattr(prev.spec, "inner", None) or prev.spec) if prev else None
    if err.expected == "2D" and len(err.shape) == 3 and getattr(recurrent, "RECURRENT", False) \
            and recurrent.return_sequences and not recurrent.return_state:
        fix = f"set return_sequences: false on layer {prev.index}"  # only the last timestep
        return fix, fix
    return None, None


def rank_message(err: RankError, spec: LayerSpec, name: str, layers: list,
                 model: ModelSpec) -> Finding:
    prev = layers[-1] if layers else None
    what = f"{spec.KERAS_CLASS} '{name}' expects {err.expected} input"
    if err.meaning:
        what += f" {err.meaning}"
    dropper = time_axis_dropper(layers) if needs_time_axis(err) else None
    because = ""
    if dropper is not None and dropper is prev:
        because = " because return_sequences is false"
    elif dropper is not None:
        because = (f", since layer {dropper.index} '{dropper.name}' returns only its last step "
                   "(return_sequences is false) and the layers after it keep that shape")
    advice, fix = rank_fix(err, prev, model, dropper)
    message = f"{what} but {producer_text(prev)} gives {fmt(err.shape)}{because}"
    return Finding(err.code, message + (f": {advice}" if advice else ""), fix=fix)


def infer_stack(model: ModelSpec, specs: list) -> Inference:
    names = layer_names(specs)
    result = Inference(input_shape(model), [], [], complete=False)
    stopped = walk(model, specs, names, result)
    if None not in specs:  # the names are only certain when every layer is valid
        result.findings += duplicate_names(specs, names)
    result.complete = not stopped and not result.findings
    return result


def walk(model: ModelSpec, specs: list, names: list, result: Inference) -> bool:
    """Infer layer after layer; True when a layer stopped the walk (its finding recorded)."""
    shape, prev = result.input_shape, None
    for index, (spec, name) in enumerate(zip(specs, names)):
        path = ("layers", index)
        if spec is None:
            return True
        if prev is not None and prev.result.extra_outputs:
            count = len(prev.result.outputs)
            result.findings.append(Finding(
                "LS108", f"{spec.KERAS_CLASS} '{name}' would receive a list of {count} tensors: "
                f"layer {prev.index} '{prev.name}' returns its final states too "
                f"(return_state: true); set return_state: false on layer {prev.index}", path,
                fix=f"set return_state: false on layer {prev.index}"))
            return True
        if spec.INPUTS is not None:
            result.findings.append(Finding(
                "LS127", f"{spec.KERAS_CLASS} '{name}' is called on a list of tensors, but in a "
                "stack it gets one: list what it joins with `from: [a, b]` (layer names)",
                path + ("type",)))
            return True
        try:
            inferred = spec.infer(shape)
        except ShapeError as err:
            result.findings.append(shape_finding(err, spec, name, result.layers, model, path))
            return True
        prev = LayerInfo(index, name, spec, shape, inferred)
        result.layers.append(prev)
        shape = inferred.output
    return False


def shape_finding(err: ShapeError, spec, name: str, layers: list, model, path) -> Finding:
    if isinstance(err, RankError):
        finding = rank_message(err, spec, name, layers, model)
        return Finding(finding.code, finding.message, path, fix=finding.fix)
    message = f"{spec.KERAS_CLASS} '{name}' {err.message}"
    if err.advice:
        message += f": {err.advice}"
    return Finding(err.code, message, path + field_path(err.field), fix=err.fix)


