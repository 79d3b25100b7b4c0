"""LS131: the data of a model with several `inputs:`: an NPZ with one array per input name
(its samples shaped as that input) and `y`. CSV, Parquet and synthetic data feed one input.
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
    if data.kind != "npz":
        yield Finding(CODE, f"the model has {len(names)} inputs ({', '.join(names)}), which "
                      f"read NPZ data (one array per input name, and y); {data.kind} data "
                      "feeds a single input: write the windows to an NPZ file and use "
                      "data.kind: npz", ("data", "kind"))
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
