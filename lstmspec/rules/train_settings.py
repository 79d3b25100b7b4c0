"""LS410, LS414: `train:` settings that contradict the rest of the config.

LS410: train.batch_size differs from input.batch_size (a fixed batch size is part of the
model, for stateful layers). LS414: early stopping or learning-rate reduction watches a value
that training never logs: an unknown metric, or a `val_` value without a validation part.
"""

from __future__ import annotations

from ..datafacts.npz_layout import PAIRS, npz_parts
from ..datafacts.windows import fractions_of
from ..diagnostics import Finding
from .runner_facts import has_split_arrays, npz_view

CODE = "LS410"
CODES = ("LS410", "LS414")


def check(ctx):
    model, train = ctx.model, ctx.model.train
    if train is None:
        return
    fixed = model.input.batch_size
    if fixed is not None and train.batch_size is not None and train.batch_size != fixed:
        yield Finding("LS410", f"train.batch_size is {train.batch_size} but input.batch_size is "
                      f"{fixed}: the model is built for batches of {fixed}; remove "
                      "train.batch_size or make them equal", ("train", "batch_size"),
                      fix="remove it")
    for key in ("early_stopping", "reduce_lr"):
        watcher = getattr(train, key)
        if watcher is not None:
            yield from check_monitor(ctx, key, watcher)


def has_validation(ctx) -> bool:
    data = ctx.model.data
    if data is None:
        return True  # `run` reports the missing section
    facts = npz_view(ctx) if data.kind == "npz" else None
    if facts is not None and has_split_arrays(facts):
        lengths = {name: (a.shape[0] if a.shape else 0) for name, a in facts.arrays.items()}
        parts = npz_parts(lengths, fractions_of(data.split), "split" in data.model_fields_set)
        return "validation" in parts
    return data.split.validation > 0


def no_validation(ctx) -> tuple[str, str]:
    """(why there is no validation part, a fix that gives it one)."""
    data = ctx.model.data
    facts = npz_view(ctx) if data.kind == "npz" else None
    split = data.split
    test = split.test_fraction if split.test_fraction > 1e-9 else 0.0
    if facts is not None and PAIRS["test"][0] in facts.arrays:
        test = 0.0  # the file gives the test part
    train = round(1.0 - test - 0.15, 6)
    fix = (f"set data.split: {{train: {train:g}, validation: 0.15, test: {test:g}}}"
           if train > 0.05 else "set data.split: {train: 0.8, validation: 0.2, test: 0}")
    if facts is not None and has_split_arrays(facts):
        return ("the NPZ file has no x_val/y_val, and data.split, which would cut one from "
                "x_train, is not written"), fix
    return "data.split.validation is 0", fix


def check_monitor(ctx, key: str, watcher):
    monitor = watcher.monitor
    path = ("train", key) + (("monitor",) if "monitor" in watcher.model_fields_set else ())
    compiled = ctx.model.compile
    logged = ["loss"] + (list(compiled.metrics) if compiled else [])
    name = monitor.removeprefix("val_")
    if name not in logged:
        yield Finding("LS414", f"train.{key} watches '{monitor}', which training does not log "
                      f"(it logs {', '.join(logged)}, and val_ of each with a validation part): "
                      "watch val_loss, or add the metric to compile.metrics", path,
                      fix="write val_loss" if path[-1] == "monitor" else None)
    elif monitor.startswith("val_") and not has_validation(ctx):
        why, fix = no_validation(ctx)
        yield Finding("LS414", f"train.{key} watches '{monitor}' but there is no validation "
                      f"part ({why}): watch '{name}', or {fix}", path, fix=fix)
