"""LS131: the data of a model with several `inputs:`: an NPZ with one array per input name
(its samples shaped as that input) and `y`, or a CSV/Parquet series whose `data.inputs` says
which feature columns feed each input, from the window's rows (past) or the forecast's
(future). Synthetic data feeds one input.
LS132: the data of a model with several outputs: an NPZ file with one target array per output,
`y_<reference>` (`y_head`, `y_enc.1`), each holding samples of that output's shape. CSV,
Parquet and synthetic data feed one output."""

from __future__ import annotations

from ..datafacts.npz_layout import PAIRS, output_target
from ..diagnostics import Finding
from .runner_facts import batch_shape, npz_view

CODE = "LS131"
CODES = ("LS131", "LS132")


def check(ctx):
    data = ctx.model.data
    if data is None:
        return
    targets = target_names(ctx)
    if len(targets) > 1:
        yield from check_outputs(ctx, data, targets)
    elif len(ctx.inference.output) > 1:
        yield Finding("LS132", f"`outputs` gives {len(ctx.inference.output)} tensors through "
                      "a reference to a layer with several outputs: list each as its own "
                      "reference (name.0, name.1, ...), so that each has its target array",
                      ("outputs",))
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
    missing = [n for n in names + targets if n not in arrays]
    if missing:
        yield Finding(CODE, f"{data.path} has no array {', '.join(missing)}: a model with "
                      f"inputs {', '.join(names)} reads one array per input name, and "
                      f"{', '.join(targets)}; the "
                      f"file has {', '.join(sorted(arrays)) or 'none'}", ("data", "path"))
        return
    for name in names:
        want, got = tuple(ctx.model.inputs[name].shape), arrays[name].shape[1:]
        fits = len(want) == len(got) and all(w in (None, g) for w, g in zip(want, got))
        if not fits:
            yield Finding(CODE, f"array {name} holds samples of shape {batch_shape(got)} but "
                          f"input '{name}' is {batch_shape(want)}: make inputs.{name}.shape "
                          f"{list(got)}", ("inputs", name, "shape"))
    counts = {n: arrays[n].shape[0] for n in names + targets if arrays[n].shape}
    if len(set(counts.values())) > 1:
        listed = ", ".join(f"{n} {c}" for n, c in counts.items())
        yield Finding(CODE, f"{data.path}: the arrays hold different numbers of samples "
                      f"({listed}); sample i of every array belongs together", ("data", "path"))


def target_names(ctx) -> list:
    """The NPZ arrays that hold the targets: `y`, or `y_<reference>` per output."""
    outputs = ctx.model.outputs or []
    if len(ctx.inference.output) > 1 and len(outputs) == len(ctx.inference.output):
        return [output_target(ref) for ref in outputs]
    return ["y"]


def check_outputs(ctx, data, targets: list):
    """Several outputs: NPZ data, one target array per output in that output's shape."""
    if data.kind != "npz":
        yield Finding("LS132", f"the model has {len(targets)} outputs, and `run` feeds several "
                      f"only from NPZ data ({', '.join(targets)}, one array per output); "
                      f"{data.kind} data feeds one: use an NPZ file, or list one reference in "
                      "`outputs`", ("outputs",))
        return
    facts = npz_view(ctx)
    if facts is None:
        return
    arrays = facts.arrays
    if any(n in arrays for n in PAIRS["train"]):
        yield Finding("LS132", f"{data.path} holds x_train/y_train parts, which a model with "
                      f"several outputs does not read yet: save x (or one array per input) "
                      f"and {', '.join(targets)}, split in order by data.split", ("data", "path"))
        return
    missing = [n for n in targets if n not in arrays]
    if missing:
        yield Finding("LS132", f"{data.path} has no array {', '.join(missing)}: a model with "
                      f"outputs {', '.join(ctx.model.outputs)} reads one target array per "
                      f"output, y_<reference>; the file has {', '.join(sorted(arrays)) or 'none'}",
                      ("data", "path"))
        return
    yield from shared_layer(ctx.model.outputs)
    for index, (name, shape) in enumerate(zip(targets, ctx.inference.output)):
        want, got = tuple(shape[1:]), arrays[name].shape[1:]
        if len(want) != len(got) or any(w not in (None, g) for w, g in zip(want, got)):
            yield Finding("LS132", f"array {name} holds samples of shape {batch_shape(got)} but "
                          f"output '{name[2:]}' is {batch_shape(want)}: save {name} in the "
                          "output's shape", ("outputs", index))


def shared_layer(outputs: list):
    """Two outputs of one layer (enc.0, enc.1): Keras names each output's metrics after its
    layer, so the two would share one name and could not be scored apart."""
    seen = {}
    for index, ref in enumerate(outputs):
        head, _, tail = ref.rpartition(".")
        layer = head if head and tail.isdigit() else ref
        if layer in seen:
            yield Finding("LS132", f"outputs {seen[layer]} and {ref} both come from layer "
                          f"'{layer}': Keras names an output's metrics after its layer, so "
                          f"they cannot be scored apart: read {ref} through a layer of its "
                          f"own ({{name: {layer}_out, type: Activation, activation: linear, "
                          f"from: {ref}}}), list that in `outputs` and name its array y_{layer}_out",
                          ("outputs", index))
        seen.setdefault(layer, ref)


def check_columns(ctx, data, names: list):
    """CSV/Parquet with data.inputs: every input fed, from feature columns, in its shape."""
    from ..datafacts.windows import default_window

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
