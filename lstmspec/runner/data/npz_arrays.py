"""NPZ arrays -> train/validation/test parts. Headers are checked (numbers only, size limit)
before NumPy reads anything, and NumPy reads with allow_pickle=False."""

from __future__ import annotations

import os
import zipfile

import numpy as np

from ...datafacts.files import DataFileError, npz_facts, resolve
from ...datafacts.npz_layout import PAIRS as SPLIT_NAMES
from ...datafacts.npz_layout import npz_parts
from ...datafacts.windows import PARTS, fractions_of, ordered_counts
from ...spec.sections.compile import SPARSE_LOSSES
from ..errors import DataError
from .dataset import Dataset


def load_npz(model, specs, config_path: str, output_shape: tuple,
             outputs: dict | None = None) -> Dataset:
    """`outputs`: a model with several outputs, reference -> its shape (batch axis first)."""
    data = model.data
    path = resolve(config_path, data.path)
    arrays = read_arrays(path, data.path)
    if model.inputs is not None or outputs:
        return load_named(model, arrays, output_shape, outputs or {}, specs)
    if not ({"x", "y"} <= set(arrays) or {"x_train", "y_train"} <= set(arrays)):
        raise DataError(f"{data.path}: needs arrays x and y (or x_train and y_train); it "
                        f"has {', '.join(sorted(arrays)) or 'none'}")
    for x, y in [("x", "y")] + list(SPLIT_NAMES.values()):
        if x in arrays and y in arrays and len(arrays[x]) != len(arrays[y]):
            raise DataError(f"{data.path}: {x} has {len(arrays[x])} samples but {y} has "
                            f"{len(arrays[y])}: they must match")
    # which samples make each part: the same rule as lint's (datafacts/npz_layout.py)
    lengths = {name: len(values) for name, values in arrays.items() if values.ndim}
    layout = npz_parts(lengths, fractions_of(data.split), "split" in data.model_fields_set)
    parts = {part: (arrays[x][start:stop], arrays[y][start:stop])
             for part, (x, y, start, stop) in layout.items()}
    out = Dataset({}, {})
    for part, (x, y) in parts.items():
        check_pair(x, y, part, data.path)
        out.x[part] = convert_x(x, model, specs, data.path)
        out.y[part] = convert_y(y, model, output_shape, data.path)
    return out


def load_named(model, arrays: dict, output_shape: tuple, outputs: dict, specs) -> Dataset:
    """A model with several inputs (one array per input name) or several outputs (one target
    array per output, `y_<reference>`); split in order. A part's x is a dict (input name ->
    array) with several inputs, its y a dict (output reference -> array) with several
    outputs, in the order of `outputs:` (training passes them to Keras as a list)."""
    data = model.data
    names = list(model.inputs) if model.inputs is not None else ["x"]
    targets = {f"y_{ref}": ref for ref in outputs} or {"y": None}
    missing = [n for n in names + list(targets) if n not in arrays]
    if missing:
        raise DataError(f"{data.path}: needs one array per input ({', '.join(names)}) and "
                        f"{', '.join(targets)}; it has no {', '.join(missing)}")
    first = next(iter(targets))
    counts = ordered_counts(len(arrays[first]), fractions_of(data.split))
    out, start = Dataset({}, {}), 0
    for part, count in zip(PARTS, counts):
        if count:
            stop = start + count
            ys = {target: arrays[target][start:stop] for target in targets}
            x = {}
            for name in names:
                for target, y in ys.items():
                    check_pair(arrays[name][start:stop], y, part, data.path)
                x[name] = (arrays[name][start:stop].astype(
                    np.int32 if model.inputs[name].dtype.startswith("int") else np.float32)
                    if model.inputs is not None
                    else convert_x(arrays[name][start:stop], model, specs, data.path))
            out.x[part] = x if model.inputs is not None else x["x"]
            out.y[part] = ({ref: convert_y(ys[t], model, outputs[ref], data.path)
                            for t, ref in targets.items()} if outputs
                           else convert_y(ys["y"], model, output_shape, data.path))
        start += count
    return out


def read_arrays(path: str, written: str) -> dict:
    if not os.path.isfile(path):
        raise DataError(f"{written}: no such data file (looked for {path}); data.path is "
                        "relative to the config file")
    try:
        npz_facts(path)  # every header: numbers only, within the size limit
        with np.load(path, allow_pickle=False) as archive:
            return {name: archive[name] for name in archive.files}
    except DataFileError as err:
        raise DataError(f"{written}: {err}") from None
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as err:
        raise DataError(f"{written}: cannot be read as NPZ arrays: {err}") from None


def check_pair(x, y, part: str, written: str) -> None:
    if len(x) != len(y):
        raise DataError(f"{written}: the {part} x has {len(x)} samples but its y has {len(y)}")
    for name, values in (("x", x), ("y", y)):
        if values.dtype.kind == "f" and not np.isfinite(values).all():
            where = np.argwhere(~np.isfinite(values))[0]
            raise DataError(f"{written}: the {part} {name} holds NaN or infinite values (first "
                            f"at sample {int(where[0])}): clean the data before training")


def embedding_of(specs):
    first = specs[0]
    first = getattr(first, "inner", None) or first
    return first if first.KERAS_CLASS == "Embedding" else None


def convert_x(x, model, specs, written: str):
    embedding = embedding_of(specs)
    if embedding is None:
        with np.errstate(over="ignore"):  # beyond float32: inf, which check_range locates
            return x.astype(np.int32 if model.input.dtype.startswith("int") else np.float32)
    if x.dtype.kind not in "iub":
        raise DataError(f"{written}: the Embedding needs integer token ids but x holds "
                        f"{x.dtype} values: save the ids as integers")
    if x.size and (x.min() < 0 or x.max() >= embedding.input_dim):
        raise DataError(f"{written}: token ids run from {x.min()} to {x.max()} but the "
                        f"Embedding's input_dim is {embedding.input_dim} (ids 0 to "
                        f"{embedding.input_dim - 1}): raise input_dim to {x.max() + 1}")
    return x.astype(np.int32)


def convert_y(y, model, output_shape: tuple, written: str):
    if model.compile.loss in SPARSE_LOSSES:
        if y.dtype.kind not in "iub" and not np.array_equal(y, np.round(y)):
            raise DataError(f"{written}: {model.compile.loss} needs integer class labels but y "
                            "holds fractions")
        units = output_shape[-1]
        if y.size and (y.min() < 0 or y.max() >= units):
            raise DataError(f"{written}: class labels run from {int(y.min())} to {int(y.max())} "
                            f"but the last layer has {units} unit(s), one per class")
        return y.astype(np.int32)
    with np.errstate(over="ignore"):
        return y.astype(np.float32)
