"""LS402, LS411: the data file named by `data.path` is missing, or cannot be used; LS012: lint
did not read it, since it lies outside the project (datafacts/access.py).

Found at lint time, before anything trains: a run would otherwise fail minutes later (after
TensorFlow has started) or, worse, train on the wrong file.
"""

from __future__ import annotations

from ..diagnostics import Finding
from ..datafacts.npz_layout import PAIRS, SPLIT_ARRAYS, WHOLE, X_NAMES
from .runner_facts import data_view

CODE = "LS402"
CODES = ("LS402", "LS411", "LS012")
OUTSIDE_FIX = "add the data's folder to `data-roots` in [tool.lstmspec], or move the data into " \
    "the project"


def check(ctx):
    view = data_view(ctx)
    if view is None or view.kind == "synthetic":
        return
    path = ("data", "path")
    written = ctx.model.data.path
    if view.error == "outside":
        yield Finding("LS012", f"lint did not read '{written}': it is outside the project, so "
                      "the data checks did not run (lint reads data only under the folder of "
                      "the [tool.lstmspec] settings, the git work tree and `data-roots`)", path,
                      fix=OUTSIDE_FIX)
    elif view.error == "missing" and any(c in written for c in "*?["):
        yield Finding("LS402", f"the pattern '{written}' matches no file (looked for "
                      f"{view.path}); the path is relative to this config file", path,
                      fix="correct data.path")
    elif view.error == "missing":
        yield Finding("LS402", f"the data file '{written}' does not exist (looked for "
                      f"{view.path}); the path is relative to this config file", path,
                      fix="correct data.path")
    elif view.error:
        yield Finding("LS411", f"the data file '{written}' cannot be used: {view.error}", path)
    elif view.kind == "npz":
        # several inputs: LS131; several outputs: LS132
        if ctx.model.inputs is None and not several_outputs(ctx):
            yield from missing_arrays(view.facts.arrays, path, written)
        yield from unreadable_arrays(ctx, view.facts.arrays, path, written)


def unreadable_arrays(ctx, arrays: dict, path: tuple, written: str):
    """An array the run feeds to the model that holds no numbers (text, objects); arrays the
    run does not read (`classes`, notes) never refuse the file."""
    from .data_named_inputs import target_names

    used = list(ctx.model.inputs or ()) + target_names(ctx) + list(X_NAMES) + \
        list(SPLIT_ARRAYS)
    for name in dict.fromkeys(used):
        header = arrays.get(name)
        if header is not None and header.refusal():
            yield Finding("LS411", f"the data file '{written}' cannot be used: "
                          f"{header.refusal()}", path)
            return


def several_outputs(ctx) -> bool:
    return ctx.inference is not None and len(ctx.inference.output) > 1


def missing_arrays(arrays: dict, path: tuple, written: str):
    if any(name in arrays for name in SPLIT_ARRAYS):
        needed = [n for n in PAIRS["train"] if n not in arrays]
        pairs = [(x, y) for x, y in (PAIRS["validation"], PAIRS["test"])
                 if (x in arrays) != (y in arrays)]
        needed += [y if x in arrays else x for x, y in pairs]
    else:
        needed = [n for n in WHOLE if n not in arrays]
    if needed:
        have = ", ".join(sorted(arrays)) or "none"
        yield Finding("LS411", f"the NPZ file '{written}' has no array {', '.join(needed)} "
                      f"(it has: {have}); it needs x and y, or x_train and y_train (with "
                      "x_val/y_val and x_test/y_test optional)", path)
