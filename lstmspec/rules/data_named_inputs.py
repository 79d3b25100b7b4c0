"""LS131: the data of a model with several `inputs:`: an NPZ with one array per input name
(its samples shaped as that input) and `y`, or a CSV/Parquet series whose `data.inputs` says
which feature columns feed each input, from the window's rows (past) or the forecast's
(future). Synthetic data feeds one input.
LS132: a model with several outputs and a data section: `run` trains one output."""

from __future__ import annotations

from ..diagnostics import Finding
from .runner_facts import batch_shape, npz_view

CODE = "LS131"
CODES = ("LS131", "LS132")


def check(ctx):
    data = ctx.model.data
    if data is None:
        return
    if len(ctx.inference.output) > 1:
        yield Finding("LS132", f"the model has {len(ctx.inference.output)} outputs, and `run` "
                      "trains a model with one output (lint, summary and build take several): "
                      "list one reference in `outputs`", ("outputs",))
    if ctx.model.inputs is None:
        return
    names = list(ctx.model.inputs)
    if data.kind in ("csv", "parquet") and data.inputs is not None:
        yield from check_columns(ctx, data, names)
        return
    if data.kind != "npz":
        how = ("add data.inputs (input name -> {columns, rows: past|future})"
               if data.kind in ("csv", "parquet") else "use csv or npz data")
        yield Finding(CODE, f"the model has {len(names)} inputs ({', '.join(names)}): say "
                      f"which data feeds each: {how}, or an NPZ file with one array per input "
                      "name and y", ("data", "kind"))
        return
    facts = npz_view(ctx)
    if facts is None:
        return
    arrays = facts.arrays
    missing = [n for n in names + ["y"] if n not in arrays]
    if missing:
        yield Finding(CODE, f"{data.path} has no array {', '.join(missing)}: a model with "
                      f"inputs {', '.join(names)} reads one array per input name, and y; the "
                      f"file has {', '.join(sorted(arrays)) or 'none'}", ("data", "path"))
        return
    for name in names:
        want, got = tuple(ctx.model.inputs[name].shape), arrays[name].shape[1:]
        fits = len(want) == len(got) and all(w in (None, g) for w, g in zip(want, got))
        if not fits:
            yield Finding(CODE, f"array {name} holds samples of shape {batch_shape(got)} but "
                          f"input '{name}' is {batch_shape(want)}: make inputs.{name}.shape "
                          f"{list(got)}", ("inputs", name, "shape"))
    counts = {n: arrays[n].shape[0] for n in names + ["y"] if arrays[n].shape}
    if len(set(counts.values())) > 1:
        listed = ", ".join(f"{n} {c}" for n, c in counts.items())
        yield Finding(CODE, f"{data.path}: the arrays hold different numbers of samples "
                      f"({listed}); sample i of every array belongs together", ("data", "path"))


def check_columns(ctx, data, names: list):
    """CSV/Parquet with data.inputs: every input fed, from feature columns, in its shape."""
    from ..windows import default_window

    given = data.inputs
    for name in names:
        if name not in given:
            yield Finding(CODE, f"input '{name}' is not in data.inputs: say which columns feed "
                          f"it (data.inputs.{name}: {{columns: [...]}})", ("data", "inputs"))
    if data.calendar:
        yield Finding(CODE, "data.calendar with data.inputs is not supported yet: list "
                      "calendar values as columns of the file", ("data", "calendar"))
    window = data.window or default_window(ctx.model)
    for name, spec in given.items():
        if name not in names:
            yield Finding(CODE, f"data.inputs names '{name}', which is no input of the model "
                          f"({', '.join(names)})", ("data", "inputs", name), on_key=True)
            continue
        unknown = [c for c in spec.columns if c not in (data.features or ())]
        if unknown:
            yield Finding(CODE, f"data.inputs.{name} reads {', '.join(unknown)}, which "
                          "data.features does not list: inputs read feature columns",
                          ("data", "inputs", name, "columns"))
            continue
        steps = window if spec.rows == "past" else data.horizon
        want = [steps, len(spec.columns)]
        shape = list(ctx.model.inputs[name].shape)
        if len(shape) != 2 or any(s not in (None, w) for s, w in zip(shape, want)):
            where = "data.window" if spec.rows == "past" else "data.horizon"
            yield Finding(CODE, f"data.inputs.{name} gives samples of shape [{steps}, "
                          f"{len(spec.columns)}] ({where} rows x {len(spec.columns)} columns) "
                          f"but input '{name}' is {shape}: make inputs.{name}.shape "
                          f"{want}", ("inputs", name, "shape"))
