"""Loading a config's data into train/validation/test arrays (NumPy only, no TensorFlow).

Data errors (a missing file or column, text where a number belongs, NaN, too few rows) raise
DataError with a one-line message that says what to fix; `run` prints it and exits 1. Loading
happens before TensorFlow is imported, so these errors come back in a fraction of a second.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import numpy as np

from ..datafiles import resolve
from ..windows import PARTS
from .preparation import Preparation, Scaling


class DataError(Exception):
    """The data cannot be used; the message is one line: what is wrong and how to fix it."""


@dataclass
class Dataset:
    x: dict  # part -> array, for the parts that have samples
    y: dict
    series: bool = False  # a CSV time series (forecast plot, original units)
    target_names: list = field(default_factory=list)
    first_rows: dict = field(default_factory=dict)  # part -> row of each sample's 1st target
    row_labels: list = field(default_factory=list)  # the time column (or row number) per row
    time_name: str = "row"  # the name of that column
    raw_targets: object = None  # the target columns of every row, in the original units
    scaler: Scaling | None = None  # of the target columns
    horizon: int = 1
    preparation: Preparation | None = None  # stored with the run: how to prepare new data

    def size(self, part: str) -> int:
        return len(self.x[part]) if part in self.x else 0

    def describe(self) -> str:
        sizes = ", ".join(f"{self.size(p):,} {p}" for p in PARTS)
        return f"{sizes} samples; x {self.x['train'].shape[1:]}, y {self.y['train'].shape[1:]}"

    def steps(self, y: np.ndarray) -> np.ndarray:
        """Series targets or predictions as (samples, horizon, targets), in original units."""
        columns = len(self.target_names)
        return self.scaler.invert(y.reshape(len(y), -1, columns))

    def actual(self, part: str) -> np.ndarray:
        """The targets of a part as (samples, horizon, targets), read back from the rows."""
        rows = self.first_rows[part][:, None] + np.arange(self.horizon)
        return self.raw_targets[rows]

    def naive(self, part: str) -> np.ndarray:
        """The persistence forecast: every step equals the last row of the window."""
        last = self.raw_targets[self.first_rows[part] - 1]
        return np.repeat(last[:, None, :], self.horizon, axis=1)


def load(model, specs, config_path: str, output_shape: tuple) -> Dataset:
    """The data of a validated config (`output_shape`: the model's, batch axis included)."""
    data = model.data
    if data.kind == "csv":
        from .data_csv import load_csv
        dataset = load_csv(model, config_path, output_shape)
    elif data.kind == "npz":
        from .data_npz import load_npz
        dataset = load_npz(model, specs, config_path, output_shape)
    else:
        from .data_synthetic import make_synthetic
        dataset = make_synthetic(model, specs, output_shape)
    if dataset.preparation is None:
        dataset.preparation = array_preparation(model, config_path, output_shape)
    check_parts(dataset, data)
    fit_batch(dataset, model)
    return dataset


def array_preparation(model, config_path: str, output_shape: tuple) -> Preparation:
    """NPZ and synthetic data reach the model as they are: only the shapes are stored."""
    data = model.data
    return Preparation(
        kind=data.kind, input_shape=tuple(model.input.shape), input_dtype=model.input.dtype,
        output_shape=tuple(output_shape[1:]), loss=model.compile.loss,
        data_path=os.path.abspath(resolve(config_path, data.path)) if data.path else None,
        split=dict(data.split.model_dump(mode="json"), test=data.split.test_fraction))


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
    """A fixed input.batch_size (stateful layers) needs whole batches: drop the remainder."""
    fixed = model.input.batch_size
    if fixed is None:
        return
    for part in list(dataset.x):
        keep = len(dataset.x[part]) // fixed * fixed
        if keep == 0:
            raise DataError(f"the {part} part has {len(dataset.x[part])} samples, fewer than one "
                            f"batch of input.batch_size {fixed}: use more data or a smaller "
                            "batch size")
        dataset.x[part], dataset.y[part] = dataset.x[part][:keep], dataset.y[part][:keep]
        if part in dataset.first_rows:
            dataset.first_rows[part] = dataset.first_rows[part][:keep]
