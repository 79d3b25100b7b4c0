"""A config's data as the runner holds it: train/validation/test arrays (NumPy only), with the
preparation that made them (the scaling that takes a series back to its original units)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ...windows import PARTS
from ..preparation import Preparation, Scaling


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
