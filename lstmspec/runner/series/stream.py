"""Data bigger than memory (`data.stream: true`): the shards of `data.path` streamed through
tf.data, one shard in memory at a time.

One pass over the shards fits the normalisation statistics of the training rows (Chan's
parallel mean and variance, or min and max, combined shard by shard) and counts the samples
of each part. Training then reads the shards again, in an order shuffled per epoch, each shard
prepared exactly as the in-memory path prepares a file (runner/series/prepare.py: gaps,
calendar, transforms) and cut into its own windows (per series inside it), so no window
crosses two files. Under a tf.distribute strategy each input pipeline (each worker) reads its
own share of the FILES, as AutoShardPolicy.FILE would.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import numpy as np

from ...datafacts.windows import PARTS, fractions_of
from ..errors import DataError
from .prepare import prepare_rows
from .reading import read_csv, read_parquet
from .axis import table_axis
from .baselines import resolved_season, scales
from .samples import Statistics, plan_samples

CHUNK = 4096  # windows made at once from a shard


@dataclass
class Moments:
    """Running count, mean, M2, min and max per column (Chan et al.'s pairwise update)."""

    count: np.ndarray
    mean: np.ndarray
    m2: np.ndarray
    low: np.ndarray
    high: np.ndarray

    @classmethod
    def empty(cls, columns: int) -> "Moments":
        zero = np.zeros(columns)
        return cls(zero.copy(), zero.copy(), zero.copy(), np.full(columns, np.inf),
                   np.full(columns, -np.inf))

    def add(self, values: np.ndarray) -> None:
        n = np.sum(~np.isnan(values), axis=0).astype(np.float64)
        if not n.any():
            return
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(n > 0, np.nansum(values, axis=0) / np.maximum(n, 1), 0.0)
            m2 = np.nansum((values - mean) ** 2, axis=0)
            total = self.count + n
            delta = mean - self.mean
            self.mean = np.where(total > 0, self.mean + delta * n / np.maximum(total, 1), 0.0)
            self.m2 = self.m2 + m2 + delta ** 2 * self.count * n / np.maximum(total, 1)
        self.count = total
        self.low = np.fmin(self.low, np.nanmin(np.where(np.isnan(values), np.inf, values), 0))
        self.high = np.fmax(self.high, np.nanmax(np.where(np.isnan(values), -np.inf, values), 0))

    def statistics(self, how: str) -> Statistics:
        columns = len(self.count)
        if how == "none" or not columns:
            return Statistics(np.zeros((1, columns)), np.ones((1, columns)))
        if how == "standard":
            shift, size = self.mean, np.sqrt(self.m2 / np.maximum(self.count, 1))
        else:
            shift, size = self.low, self.high - self.low
        shift = np.where(np.isfinite(shift), shift, 0.0)
        size = np.where(np.isfinite(size) & (size > 0), size, 1.0)
        return Statistics(shift[None], size[None])


@dataclass
class ShardStream:
    files: list
    data: object  # the data section
    window: int
    sequence_output: bool
    x_stats: Statistics = None
    y_stats: Statistics = None
    counts: dict = field(default_factory=lambda: dict.fromkeys(PARTS, 0))
    season: int | None = None  # from data.season or the first file's step
    scales: dict = field(default_factory=dict)  # series id (or file name) -> MASE scale
    streamed: dict = field(default_factory=dict)  # part -> the files its pipeline read here
    time_axis: dict | None = None  # the first file's time axis (series/axis.py)

    def prepared(self, path: str):
        rows = prepare_rows(self.read(path), self.data, os.path.basename(path))
        plan = plan_samples(rows.table.segments, rows.usable, self.window, self.data.horizon,
                            self.data.stride, fractions_of(self.data.split),
                            self.data.split_by)
        return rows, plan

    def read(self, path: str):
        reader = read_parquet if self.data.kind == "parquet" else read_csv
        return reader(path, os.path.basename(path), self.data)

    def fit(self) -> "ShardStream":
        """The one pass: statistics of the training rows and the samples of every part."""
        if self.data.normalize_scope == "series":
            raise DataError("data.stream fits one set of statistics in one pass: use "
                            "normalize_scope: global")
        x_moments = y_moments = None
        for path in self.files:
            rows, plan = self.prepared(path)
            if x_moments is None:
                x_moments = Moments.empty(rows.features.shape[1])
                y_moments = Moments.empty(rows.targets.shape[1])
                self.season = resolved_season(self.data.season, rows.table.step)
                self.time_axis = table_axis(rows.table)
            self.add_scales(path, rows, plan)
            x_moments.add(rows.features[plan.fit_rows])
            y_moments.add(rows.targets[plan.fit_rows])
            for part, starts in plan.starts.items():
                self.counts[part] += len(starts)
        self.x_stats = x_moments.statistics(self.data.normalize)
        self.y_stats = y_moments.statistics(self.data.normalize)
        return self

    def add_scales(self, path: str, rows, plan) -> None:
        """The MASE scale of each series of one file (a series named by data.series, else
        the file)."""
        found = scales(rows.raw_targets, plan.train_rows, rows.table.segments, self.season)
        for name, scale in zip(rows.table.series_names, found):
            self.scales[str(name) if self.data.series else os.path.basename(path)] = scale

    def size(self, part: str) -> int:
        return self.counts[part]

    def sample(self, part: str) -> np.ndarray:
        """Some windows of a part (the first file's first chunk that has any), for checks."""
        for path in self.files:
            for x, _ in self.windows(path, part):
                return x
        return np.zeros((0, self.window, self.x_stats.shift.shape[1] + self.calendar_width),
                        np.float32)

    def windows(self, path: str, part: str):
        """(x, y) chunks of one shard's samples of a part, scaled."""
        yield from self.windows_of(*self.prepared(path), part)

    def streamed_windows(self, path: str, part: str):
        """windows(), for a tf.data pipeline: the file is recorded as read by this process
        (under a strategy, each worker's pipeline reads its own share of the files)."""
        self.streamed.setdefault(part, set()).add(os.path.basename(path))
        yield from self.windows(path, part)

    def read_note(self, part: str = "train") -> str:
        """Which files this process's pipeline read for a part, as the run says it."""
        names = sorted(self.streamed.get(part, ()))
        return (f"Streamed for {part} here: {len(names)} of {len(self.files)} file(s)"
                + (f": {', '.join(names[:20])}" + (", ..." if len(names) > 20 else "")
                   if names else ""))

    def windows_of(self, rows, plan, part: str):
        starts = plan.starts.get(part)
        if starts is None:
            return
        zeros = np.zeros(len(rows.groups), dtype=np.int64)
        inputs = np.column_stack([self.x_stats.apply(rows.features, zeros),
                                  rows.calendar]).astype(np.float32)
        scaled = self.y_stats.apply(rows.targets, zeros).astype(np.float32)
        horizon = self.data.horizon
        for begin in range(0, len(starts), CHUNK):
            chunk = starts[begin:begin + CHUNK]
            x = inputs[chunk[:, None] + np.arange(self.window)]
            y = scaled[chunk[:, None] + self.window + np.arange(horizon)]
            if not self.sequence_output:
                y = y.reshape(len(y), -1)
            yield x, y

    def dataset(self, part: str, batch: int, shuffle: bool, seed: int, pipelines: int = 1,
                pipeline: int = 0):
        """A tf.data pipeline of a part's batches: this pipeline's share of the files, read
        `cycle` shards at a time, windows shuffled within a buffer."""
        import tensorflow as tf

        width = self.window, self.x_stats.shift.shape[1] + self.calendar_width
        outputs = (self.data.horizon, len(self.data.targets)) if self.sequence_output else \
            (self.data.horizon * len(self.data.targets),)
        signature = (tf.TensorSpec((None,) + width, tf.float32),
                     tf.TensorSpec((None,) + outputs, tf.float32))
        files = tf.data.Dataset.from_tensor_slices(self.files)
        if pipelines > 1:
            files = files.shard(pipelines, pipeline)
        if shuffle:
            files = files.shuffle(len(self.files), seed=seed, reshuffle_each_iteration=True)

        def shard(path):
            return tf.data.Dataset.from_generator(
                lambda p: self.streamed_windows(p.decode(), part), args=(path,),
                output_signature=signature).unbatch()

        data = files.interleave(shard, cycle_length=2, num_parallel_calls=1,
                                deterministic=True)
        if pipelines == 1:  # Keras then knows the steps of an epoch
            data = data.apply(tf.data.experimental.assert_cardinality(self.counts[part]))
        if shuffle:
            data = data.shuffle(16 * batch, seed=seed, reshuffle_each_iteration=True)
        options = tf.data.Options()
        options.experimental_distribute.auto_shard_policy = \
            tf.data.experimental.AutoShardPolicy.OFF  # the files are split above
        return data.batch(batch).prefetch(2).with_options(options)

    @property
    def calendar_width(self) -> int:
        return 2 * len(self.data.calendar or ())
