"""Loading a config's data into train/validation/test arrays (NumPy only, no TensorFlow).

One module per source (csv_series, npz_arrays, synthetic), each returning a Dataset
(dataset.py); this module picks the source and checks the parts. Data errors (a missing file
or column, text where a number belongs, NaN, too few rows) raise DataError with a one-line
message that says what to fix; `run` prints it and exits 1. Loading happens before TensorFlow
is imported, so these errors come back in a fraction of a second.
"""

from __future__ import annotations

import os

from ...datafacts.files import resolve
from ..errors import DataError
from .preparation import Preparation
from ..value_range import check_range
from .csv_series import load_csv
from .dataset import Dataset
from .npz_arrays import load_npz
from .synthetic import make_synthetic

def load(model, specs, config_path: str, output_shape: tuple,
         outputs: dict | None = None) -> Dataset:
    """The data of a validated config (`output_shape`: the model's, batch axis included;
    `outputs`: a model with several outputs, reference -> shape, NPZ data only)."""
    data = model.data
    if data.kind in ("csv", "parquet"):
        dataset = load_csv(model, config_path, output_shape)
    elif data.kind == "npz":
        dataset = load_npz(model, specs, config_path, output_shape, outputs)
    else:
        dataset = make_synthetic(model, specs, output_shape)
    if dataset.preparation is None:
        dataset.preparation = array_preparation(model, config_path, output_shape, outputs,
                                                dataset.classes)
    check_parts(dataset, data)
    check_range(dataset, data.path or "the data")
    fit_batch(dataset, model)
    return dataset


def array_preparation(model, config_path: str, output_shape: tuple,
                      outputs: dict | None = None, classes: tuple = ()) -> Preparation:
    """NPZ and synthetic data reach the model as they are: only the shapes are stored (of
    every output, by reference, for a model with several)."""
    data = model.data
    first = next(iter(model.input_specs.values()))  # several inputs: named_inputs has each
    return Preparation(
        kind=data.kind, input_shape=tuple(first.shape), input_dtype=first.dtype,
        output_shape=tuple(output_shape[1:]), loss=model.compile.loss,
        data_path=os.path.abspath(resolve(config_path, data.path)) if data.path else None,
        split=dict(data.split.model_dump(mode="json"), test=data.split.test_fraction),
        split_written="split" in data.model_fields_set,
        split_seed=model.train.seed if model.train else 0,
        outputs={ref: list(shape[1:]) for ref, shape in (outputs or {}).items()},
        classes=tuple(classes),
        named_inputs={name: {"shape": list(spec.shape), "dtype": spec.dtype, "columns": None,
                             "rows": None} for name, spec in (model.inputs or {}).items()})


def check_parts(dataset: Dataset, data) -> None:
    if dataset.size("train") == 0:
        raise DataError("the training part holds no sample: give data.split.train a larger "
                        "fraction, or use more data")
    wanted = {"validation": data.split.validation, "test": data.split.test_fraction}
    for part, fraction in wanted.items():
        if fraction > 0 and dataset.size(part) == 0 and data.kind != "npz":
            raise DataError(f"the {part} part holds no sample: give data.split.{part} a larger "
                            "fraction, or use more data")


def fit_batch(dataset: Dataset, model) -> None:
    """A fixed input.batch_size (stateful layers) needs whole batches: drop the remainder,
    and say so in dataset.notes (lint's LS206 warns of it beforehand)."""
    fixed = next(iter(model.input_specs.values())).batch_size
    if fixed is None:
        return
    if dataset.stream is not None:
        raise DataError("data.stream cannot cut streamed parts into whole batches of "
                        "input.batch_size (stateful layers): load the data into memory "
                        "(stream: false)")
    dropped = []
    for part in list(dataset.x):
        count = dataset.size(part)
        keep = count // fixed * fixed
        if keep < count:
            noun = "training" if part == "train" else part
            dropped.append(f"the last {count - keep:,} of {count:,} {noun} samples")
        if keep == 0:
            raise DataError(f"the {part} part has {dataset.size(part)} samples, fewer than one "
                            f"batch of input.batch_size {fixed}: use more data or a smaller "
                            "batch size")
        x = dataset.x[part]
        dataset.x[part] = ({n: a[:keep] for n, a in x.items()} if isinstance(x, dict)
                           else x[:keep])
        y = dataset.y[part]
        dataset.y[part] = ({n: a[:keep] for n, a in y.items()} if isinstance(y, dict)
                           else y[:keep])
        for rows in (dataset.first_rows, dataset.sample_series, dataset.samples):
            if part in rows:
                rows[part] = rows[part][:keep]
    if dropped:
        dataset.notes.append(f"input.batch_size {fixed} (stateful layers take whole batches): "
                             f"dropped {' and '.join(dropped)}")
