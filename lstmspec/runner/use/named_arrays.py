"""NPZ samples of a model with several inputs or several outputs, read in a trained run's
layout: one array per input name (or `x`), each in its input's shape and dtype, and the
targets `y`, or `y_<reference>` per output, as training read them (npz_arrays.load_named).
`evaluate RUN` scores the part metrics.json scored, cut by training's own named_parts.
Each problem is one located DataError line. NumPy only."""

from __future__ import annotations

import numpy as np

from ...datafacts.files import npz_facts
from ..data.npz_arrays import as_input, named_parts, pick, read_arrays
from ..data.preparation import Preparation
from ..errors import DataError


def is_named(prep: Preparation) -> bool:
    """The run reads arrays by name: several inputs, or several outputs."""
    return bool(prep.named_inputs or prep.outputs)


def input_arrays(prep: Preparation) -> dict:
    """Array name -> (sample shape, dtype) of each input, in the model's order."""
    if prep.named_inputs:
        return {name: (tuple(spec["shape"]), spec["dtype"])
                for name, spec in prep.named_inputs.items()}
    return {"x": (tuple(prep.input_shape), prep.input_dtype)}


def target_arrays(prep: Preparation) -> dict:
    """Array name -> output reference (None: the one output's `y`)."""
    return {f"y_{ref}": ref for ref in prep.outputs} or {"y": None}


def layout(prep: Preparation) -> str:
    """The arrays a file for this run holds, for messages: `past (samples, 24, 3), future
    (samples, 6, 2) and y`."""
    shapes = ", ".join(f"{name} (samples, {', '.join(str(d) for d in shape)})"
                       for name, (shape, _) in input_arrays(prep).items())
    return f"{shapes} and {', '.join(target_arrays(prep))}"


def fits(shape: tuple, want: tuple) -> bool:
    return len(shape) == len(want) and all(w is None or w == g for w, g in zip(want, shape))


def read_named(prep: Preparation, path: str, written: str, need_y: bool = False,
               own_part: bool = False) -> tuple:
    """(x, y or None): x an array (`x`) or a dict input name -> array; y an array (`y`) or a
    dict reference -> array (the targets the file holds; evaluate, `need_y`, needs all).
    `own_part`: the run's own file, only the part its metrics.json scored."""
    inputs, targets = input_arrays(prep), target_arrays(prep)
    arrays = read_arrays(path, written, list(inputs) + list(targets))
    if any(name not in arrays for name in inputs):
        held = ", ".join(sorted(npz_facts(path).arrays)) or "none"
        raise DataError(f"{written}: this run's model reads {layout(prep)}: the file has "
                        f"{held}")
    given = [name for name in targets if name in arrays]
    if need_y and len(given) < len(targets):
        raise DataError(f"{written}: evaluate needs the targets: "
                        f"{', '.join(t for t in targets if t not in arrays)} beside the inputs")
    if own_part:
        part = scored_indices(prep, arrays, written)[1]
        arrays = {name: pick(values, part) for name, values in arrays.items()}
    check_arrays(arrays, inputs, list(inputs) + given, written)
    x = {name: as_input(arrays[name], dtype) for name, (_, dtype) in inputs.items()}
    if prep.outputs:
        y = {targets[name]: arrays[name] for name in given} or None
    else:
        y = arrays.get("y")
    return (x if prep.named_inputs else x["x"]), y


def check_arrays(arrays: dict, inputs: dict, used: list, written: str) -> None:
    """Each input in its shape, every array the same number of samples, no NaN."""
    for name, (want, _) in inputs.items():
        if not fits(arrays[name].shape[1:], want):
            raise DataError(f"{written}: {name} has samples of shape "
                            f"{tuple(arrays[name].shape[1:])} but the model's input '{name}' "
                            f"takes {want}: reshape the array")
    counts = {name: len(arrays[name]) for name in used}
    if len(set(counts.values())) > 1:
        listed = ", ".join(f"{name} {count}" for name, count in counts.items())
        raise DataError(f"{written}: the arrays hold different numbers of samples ({listed});"
                        " sample i of every array belongs together")
    if not next(iter(counts.values())):
        raise DataError(f"{written}: {next(iter(counts))} holds no sample")
    for name in used:
        values = arrays[name]
        if values.dtype.kind == "f" and not np.isfinite(values).all():
            where = np.argwhere(~np.isfinite(values))[0]
            raise DataError(f"{written}: {name} holds NaN or infinite values (first at sample "
                            f"{int(where[0])}): clean the data")


def scored_indices(prep: Preparation, arrays: dict, written: str) -> tuple:
    """(part, indices) of the run's own file that metrics.json scored: its test part, else
    validation, else train, cut as training cut it (npz_arrays.named_parts)."""
    targets = list(target_arrays(prep))
    if targets[0] not in arrays:
        raise DataError(f"{written}: the run's data no longer holds {targets[0]}, which its "
                        "parts are cut by")
    split = prep.split
    parts = named_parts(arrays, targets, (split["train"], split["validation"], split["test"]),
                        bool(split.get("shuffle")), bool(split.get("stratify")),
                        prep.split_seed, prep.loss, written)
    return next((part, parts[part]) for part in ("test", "validation", "train")
                if part in parts)
