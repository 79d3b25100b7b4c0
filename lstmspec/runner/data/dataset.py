"""A config's data as the runner holds it: train/validation/test arrays (NumPy only), with the
preparation that made them (the scaling that takes a series back to its original units)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ...datafacts.windows import PARTS
from .preparation import Preparation


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
    horizon: int = 1
    preparation: Preparation | None = None  # stored with the run: how to prepare new data
    target_statistics: object = None  # series.samples.Statistics of the (transformed) targets
    transform: object = None  # the data.target_transform that predictions undo
    series_column: str | None = None  # data.series: the id column
    series_names: list = field(default_factory=list)  # the id of each series
    sample_series: dict = field(default_factory=dict)  # part -> the series of each sample
    times: object = None  # datetime64 per row when the time column holds dates (plot axes)
    stream: object = None  # series.stream.ShardStream: data.stream, nothing held in memory
    notes: list = field(default_factory=list)  # what loading changed, for the user (dropped)
    season: int | None = None  # rows per season (data.season or the frequency's), or None
    segments: list = field(default_factory=list)  # (begin, end) rows of each series
    scales: list = field(default_factory=list)  # the MASE scale (targets,) of each series
    classes: tuple = ()  # a classifier's class names (NPZ `classes`), in class-id order
    samples: dict = field(default_factory=dict)  # part -> index in the file of each sample,
    # when data.split.shuffle or stratify chose them (else the parts are in the file's order)

    def size(self, part: str) -> int:
        if self.stream is not None:
            return self.stream.size(part)
        if part not in self.y:
            return 0
        y = self.y[part]  # several outputs: reference -> array
        return len(next(iter(y.values()))) if isinstance(y, dict) else len(y)

    def describe(self) -> str:
        sizes = ", ".join(f"{self.size(p):,} {p}" for p in PARTS)
        if self.stream is not None:
            return f"{sizes} samples, streamed from {len(self.stream.files)} file(s)"
        x = self.x["train"]
        shapes = (", ".join(f"{n} {a.shape[1:]}" for n, a in x.items()) if isinstance(x, dict)
                  else f"x {x.shape[1:]}")  # a model with several inputs: name -> array
        y = self.y["train"]
        targets = (", ".join(f"y_{n} {a.shape[1:]}" for n, a in y.items())
                   if isinstance(y, dict) else f"y {y.shape[1:]}")
        return f"{sizes} samples; {shapes}, {targets}"

    def targets(self, part: str):
        """A part's targets as Keras takes them: a tuple in the order of the outputs (not a
        list, which tf.data would stack into one tensor)."""
        y = self.y[part]
        return tuple(y.values()) if isinstance(y, dict) else y

    def original(self, part: str, y: np.ndarray) -> np.ndarray:
        """Model outputs (or scaled targets) of a part's samples as (samples, horizon,
        targets) in the original units: scaling inverted per series, transforms undone."""
        steps = y.reshape(len(y), -1, len(self.target_names)).astype(np.float64)
        steps = self.target_statistics.invert(steps, self.sample_series[part])
        if self.transform is None or not self.transform.active:
            return steps
        from ..series.transforms import inverse

        warmup = self.transform.warmup
        rows = self.first_rows[part][:, None] - warmup + np.arange(warmup)
        return inverse(steps, self.raw_targets[rows], self.transform)

    def series_label(self, part: str) -> list:
        """The series id of each sample of a part (empty without data.series)."""
        if not self.series_column:
            return []
        return [self.series_names[int(g)] for g in self.sample_series[part]]

    def actual(self, part: str) -> np.ndarray:
        """The targets of a part as (samples, horizon, targets), read back from the rows."""
        rows = self.first_rows[part][:, None] + np.arange(self.horizon)
        return self.raw_targets[rows]

    def forecasts(self, part: str, predicted: np.ndarray):
        """A part's forecasts beside the naive and seasonal naive ones (series/scores.py)."""
        from ..series import baselines
        from ..series.scores import Forecasts

        first, groups = self.first_rows[part], self.sample_series[part]
        seasonal = None
        if self.season:
            begins = np.array([b for b, _ in self.segments], dtype=np.int64)[groups]
            seasonal = baselines.seasonal_naive(self.raw_targets, first, self.horizon,
                                                self.season, begins)
        ids = np.array(self.series_label(part), dtype=object) if self.series_column else None
        return Forecasts(self.actual(part), self.original(part, predicted),
                         baselines.naive(self.raw_targets, first, self.horizon), seasonal,
                         np.array(self.scales, dtype=np.float64)[groups], ids, self.season)
