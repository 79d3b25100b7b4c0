"""NPZ arrays -> train/validation/test parts. Headers are checked (numbers only, size limit)
before NumPy reads anything, and NumPy reads with allow_pickle=False."""

from __future__ import annotations

import os
import zipfile

import numpy as np

from ...datafacts.files import DataFileError, npz_facts, resolve
from ...datafacts.npz_layout import CLASSES, PAIRS, SPLIT_ARRAYS, WHOLE, has_samples, output_target
from ...datafacts.sampling import npz_samples, sample_classes, split_indices
from ...datafacts.windows import fractions_of
from ...spec.sections.compile import BINARY_LOSSES, SPARSE_LOSSES, class_family
from ..errors import DataError
from .dataset import Dataset


def load_npz(model, specs, config_path: str, output_shape: tuple,
             outputs: dict | None = None) -> Dataset:
    """`outputs`: a model with several outputs, reference -> its shape (batch axis first)."""
    data = model.data
    path = resolve(config_path, data.path)
    if model.inputs is not None or outputs:
        names = list(model.inputs) if model.inputs is not None else [WHOLE[0]]
        targets = [output_target(ref) for ref in outputs] if outputs else [WHOLE[1]]
        arrays = read_arrays(path, data.path, names + targets)
        return load_named(model, arrays, output_shape, outputs or {}, specs)
    arrays = read_arrays(path, data.path)
    if not has_samples(arrays):
        raise DataError(f"{data.path}: needs arrays x and y (or x_train and y_train); it "
                        f"has {', '.join(sorted(npz_facts(path).arrays)) or 'none'}")
    for x, y in [WHOLE] + list(PAIRS.values()):
        if x in arrays and y in arrays and len(arrays[x]) != len(arrays[y]):
            raise DataError(f"{data.path}: {x} has {len(arrays[x])} samples but {y} has "
                            f"{len(arrays[y])}: they must match")
    # which samples make each part: the same rule as lint's (datafacts/sampling.py)
    lengths = {name: len(arrays[name]) for name in SINGLE if name in arrays and
               arrays[name].ndim}
    layout = npz_samples(lengths, fractions_of(data.split), "split" in data.model_fields_set,
                         data.split, model.train.seed, lambda y: labels(arrays[y], model))
    if layout is None:
        raise DataError(f"{data.path}: data.split.stratify needs one class per sample in y "
                        f"(class ids, or one-hot rows for {model.compile.loss})")
    out = Dataset({}, {}, classes=class_names(arrays, output_shape, model, data.path))
    for part, (x_name, y_name, indices) in layout.items():
        x, y = pick(arrays[x_name], indices), pick(arrays[y_name], indices)
        check_pair(x, y, part, data.path)
        out.x[part] = convert_x(x, model, specs, data.path)
        out.y[part] = convert_y(y, model, output_shape, data.path)
        if not isinstance(indices, range):  # shuffled or stratified: say which samples
            out.samples[part] = np.asarray(indices, dtype=np.int64)
    return out


def pick(values, indices):
    """The samples of a part: a slice when they are in order, else a gather."""
    if isinstance(indices, range):
        return values[indices.start:indices.stop]
    return values[np.asarray(indices, dtype=np.int64)]


def labels(y, model) -> list | None:
    """The class of each sample of a target array (for data.split.stratify)."""
    family = class_family(model.compile.loss)
    if family is None:
        return None
    return sample_classes(tuple(y.shape), y.ravel().tolist(), family)


def class_names(arrays: dict, output_shape: tuple, model, written: str) -> tuple:
    """The NPZ's `classes` (text), one name per class of a classifier's last layer; () when
    the file has none or the model is no classifier (the array is then not used)."""
    if CLASSES not in arrays or class_family(model.compile.loss) is None:
        return ()
    names = tuple(str(name) for name in arrays[CLASSES].ravel())
    units = output_shape[-1]
    count = 2 if model.compile.loss in BINARY_LOSSES and units == 1 else units
    if arrays[CLASSES].ndim != 1 or len(names) != count or len(set(names)) != len(names):
        raise DataError(f"{written}: `classes` holds {len(names)} name(s) for {count} classes "
                        "(the last layer's units): give one distinct name per class, in the "
                        "order of the class ids")
    return names


def load_named(model, arrays: dict, output_shape: tuple, outputs: dict, specs) -> Dataset:
    """A model with several inputs (one array per input name) or several outputs (one target
    array per output, `y_<reference>`); split by named_parts. A part's x is a dict (input
    name -> array) with several inputs, its y a dict (output reference -> array) with
    several outputs, in the order of `outputs:` (training passes them to Keras as a list)."""
    data = model.data
    names = list(model.inputs) if model.inputs is not None else [WHOLE[0]]
    targets = {output_target(ref): ref for ref in outputs} or {WHOLE[1]: None}
    missing = [n for n in names + list(targets) if n not in arrays]
    if missing:
        raise DataError(f"{data.path}: needs one array per input ({', '.join(names)}) and "
                        f"{', '.join(targets)}; it has no {', '.join(missing)}")
    layout = named_parts(arrays, list(targets), fractions_of(data.split), data.split.shuffle,
                         data.split.stratify, model.train.seed, model.compile.loss,
                         data.path)
    out = Dataset({}, {})
    for part, indices in layout.items():
        ys = {target: pick(arrays[target], indices) for target in targets}
        x = {}
        for name in names:
            values = pick(arrays[name], indices)
            for y in ys.values():
                check_pair(values, y, part, data.path)
            x[name] = (as_input(values, model.inputs[name].dtype) if model.inputs is not None
                       else convert_x(values, model, specs, data.path))
        out.x[part] = x if model.inputs is not None else x["x"]
        out.y[part] = ({ref: convert_y(ys[t], model, outputs[ref], data.path)
                        for t, ref in targets.items()} if outputs
                       else convert_y(ys["y"], model, output_shape, data.path))
        if not isinstance(indices, range):
            out.samples[part] = np.asarray(indices, dtype=np.int64)
    return out


def named_parts(arrays: dict, targets: list, fractions: tuple, shuffle: bool, stratify: bool,
                seed: int, loss: str, written: str) -> dict:
    """part -> the indices of its samples, for a file with one array per input name (or
    several target arrays): cut in order, or shuffled and stratified with `seed`, by the
    first target array (stratify: with one target array only). Training cuts its parts with
    this, and `evaluate RUN` finds the part metrics.json scored with it."""
    first = targets[0]
    found = None
    if stratify:
        family = class_family(loss)
        found = sample_classes(tuple(arrays[first].shape), arrays[first].ravel().tolist(),
                               family) if family and len(targets) == 1 else None
        if found is None:
            raise DataError(f"{written}: data.split.stratify needs one class per sample in "
                            f"{first}, and one target array")
    return split_indices(len(arrays[first]), fractions, shuffle, stratify, seed, found)


def as_input(values: np.ndarray, dtype: str) -> np.ndarray:
    """One input's array in the dtype the model takes (int32 token ids, else float32)."""
    with np.errstate(over="ignore"):  # beyond float32: inf, which check_range locates
        return values.astype(np.int32 if dtype.startswith("int") else np.float32)


SINGLE = WHOLE + SPLIT_ARRAYS


def read_arrays(path: str, written: str, used=SINGLE) -> dict:
    """The arrays of an NPZ file that the run reads (`used`, those the file has), each
    checked to hold numbers before NumPy loads it, and `classes` when it holds text (the
    class names). An array the run does not read is never loaded, and never refuses the
    file (a `classes` of strings, the ids of the samples, notes)."""
    if not os.path.isfile(path):
        raise DataError(f"{written}: no such data file (looked for {path}); data.path is "
                        "relative to the config file")
    try:
        headers = npz_facts(path).arrays  # every header: within the size limit
        wanted = [name for name in used if name in headers]
        for name in wanted:
            if headers[name].refusal():
                raise DataFileError(headers[name].refusal())
        if CLASSES in headers and headers[CLASSES].is_text:
            wanted.append(CLASSES)
        with np.load(path, allow_pickle=False) as archive:
            return {name: archive[name] for name in wanted}
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
    return first if first.TOKEN_IDS else None


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
