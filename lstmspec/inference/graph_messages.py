"""The findings of a graph walk that name the references that brought the bad shapes, each
with a fix that goes where the shape was made."""

from __future__ import annotations

from ..diagnostics import Finding
from ..spec.shapes import fmt
from .table import field_path


def size_fix(ref, want: int, walk) -> str | None:
    """How to make the tensor `ref` brings end in `want` features, if one argument does it
    (written so that it can be carried out: `set units: 16 on layer 1`)."""
    info = walk.infos.get(ref.name)
    if info is None:
        if ref.name in walk.inputs and walk.model.inputs is not None:
            shape = list(walk.inputs[ref.name][1:-1]) + [want]
            return f"set inputs.{ref.name}.shape: {shape}".replace("None", "null")
        return None
    core = info.core
    argument = core.SIZE_ARGUMENT
    if argument is None:
        return None
    size = want
    if info.spec.COPIES > 1 and info.spec.merge_mode == "concat":
        if want % 2:
            return None
        size = want // 2
    return f"set {argument}: {size} on layer {info.index}"


def inputs_finding(err, spec, name, refs, shapes, path, walk) -> Finding:
    head = f"{spec.KERAS_CLASS} '{name}'"
    picked = err.inputs
    if len(picked) == 2:
        i, j = picked
        message = (f"{head} gets {fmt(shapes[i])} from '{refs[i].text}' and {fmt(shapes[j])} "
                   f"from '{refs[j].text}': {err.message}")
    elif len(picked) == 1:
        i = j = picked[0]
        message = f"{head} {err.message}; it comes from '{refs[i].text}'"
    else:
        message = f"{head} {err.message}"
    fix, advice = err.fix, err.advice
    if fix is None and err.want is not None and picked:
        fix = size_fix(refs[j], err.want, walk)
        advice = f"{fix} ('{refs[j].name}')" if fix and " on layer " in fix else fix
    where = refs[j].path if picked and len(refs[j].path) > 2 else path + field_path(err.field)
    return Finding(err.code, message + (f": {advice}" if advice else ""), where, fix=fix)


def rank_finding(err, spec, name, ref, path, walk) -> Finding:
    what = f"{spec.KERAS_CLASS} '{name}' expects {err.expected} input"
    if err.meaning:
        what += f" {err.meaning}"
    fix = advice = None
    info = walk.infos.get(ref.name)
    wants_3d = err.expected == "3D" and len(err.shape) == 2
    if info is not None and wants_3d and getattr(info.core, "RECURRENT", False):
        fix = f"set return_sequences: true on layer {info.index}"
        advice = f"{fix} ('{info.name}')"
    elif info is None and wants_3d and walk.model.inputs is not None:
        advice = f"write inputs.{ref.name}.shape as [timesteps, features]"
    message = f"{what} but '{ref.text}' gives {fmt(err.shape)}"
    return Finding(err.code, message + (f": {advice}" if advice else ""), path, fix=fix)


def several_outputs(ref, outputs, target, index, names) -> Finding:
    listed = ", ".join(f"'{ref.name}.{k}'" for k in range(len(outputs)))
    written = len(ref.path) > 2  # a `from` entry, not the default (the layer before)
    return Finding("LS108", f"layer {index} '{names[index]}' would receive a list of "
                   f"{len(outputs)} tensors: '{ref.name}' returns its final states too "
                   f"(return_state: true); read one of them: {listed} (.0 is the output)",
                   ref.path, fix=f"write {ref.name}.0" if written else f"set from: {ref.name}.0")
