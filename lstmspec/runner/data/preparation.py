"""How raw data becomes model windows, as one value stored with the run (`preparation.json`).

Training fits a Preparation on the training rows and writes it next to `model.keras`;
`predict`, `forecast`, `evaluate` and `export` read it back and prepare new data exactly as
training did: the same columns, window, horizon and stride, the normalisation statistics of
the training part, the time column. NumPy only: no TensorFlow here. The file format is
documented in docs/run-directory.md; a later data option adds one field with a default here
and one row there (a file written without the field reads back with the default).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
from dataclasses import dataclass, field

import numpy as np

from ...spec.sections.compile import SPARSE_LOSSES
from ..errors import DataError, PreparationMissing

FILE = "preparation.json"
FORMAT = 1  # bumped only when a stored field changes meaning; new fields take defaults


@dataclass(frozen=True)
class Scaling:
    """Per-column affine scaling fitted on the training rows: scaled = (value - shift) / scale."""

    columns: tuple = ()
    shift: tuple = ()
    scale: tuple = ()

    @classmethod
    def fit(cls, columns, values: np.ndarray, how: str) -> "Scaling":
        if how == "standard":
            shift, scale = values.mean(axis=0), values.std(axis=0)
        elif how == "minmax":
            shift, scale = values.min(axis=0), values.max(axis=0) - values.min(axis=0)
        else:
            shift, scale = np.zeros(values.shape[1]), np.ones(values.shape[1])
        scale = np.where(scale > 0, scale, 1.0)  # a constant column stays as it is, shifted
        return cls(tuple(columns), tuple(float(v) for v in shift), tuple(float(v) for v in scale))

    def apply(self, values: np.ndarray) -> np.ndarray:
        return (values - np.asarray(self.shift)) / np.asarray(self.scale)

    def invert(self, values: np.ndarray) -> np.ndarray:
        """Back to the original units; the last axis of `values` runs over the columns."""
        return values * np.asarray(self.scale) + np.asarray(self.shift)



@dataclass(frozen=True)
class Preparation:
    """Everything that turns a data file into the model's input, and its output back into the
    original units. Paths are stored relative to the run directory."""

    kind: str  # csv | npz | synthetic
    input_shape: tuple  # one sample, no batch axis (several inputs: the first one's)
    input_dtype: str
    output_shape: tuple  # one sample's model output, no batch axis
    loss: str
    data_path: str | None = None  # the training data, relative to the run directory
    features: tuple = ()
    targets: tuple = ()
    time: str | None = None
    window: int = 0
    horizon: int = 1
    stride: int = 1
    normalize: str = "none"
    feature_scaling: Scaling = field(default_factory=Scaling)
    target_scaling: Scaling = field(default_factory=Scaling)
    fit_rows: tuple = (0, 0)  # the rows whose statistics were fitted (the training part)
    split: dict = field(default_factory=dict)
    split_written: bool = False  # data.split written in the config (npz_layout.npz_parts)
    split_seed: int = 0  # train.seed, which a shuffled or stratified split was drawn with
    # real series (docs/series.md): the same names as the data section's keys
    series_column: str | None = None  # data.series: the id column of a long-format file
    missing: str = "error"
    max_gap: int | None = None
    frequency: str = "auto"
    time_format: str | None = None
    calendar: tuple = ()  # sine/cosine pairs appended after the features
    # the training data's time axis (series/axis.py): {form, how, step: {size, unit} | None};
    # None: no time column, or a run from before it was kept (new data then goes unchecked)
    time_axis: dict | None = None
    target_transform: dict | None = None  # {log, difference, lag}, undone on the outputs
    split_by: str = "time"
    normalize_scope: str = "global"
    delimiter: str = ","
    decimal: str = "."
    per_series_statistics: dict = field(default_factory=dict)  # id -> shifts and scales
    outputs: dict = field(default_factory=dict)  # several outputs: reference -> sample shape
    season: int | None = None  # rows per season of the seasonal naive forecast (None: none)
    mase_scale: dict = field(default_factory=dict)  # series id -> MASE scale per target
    never_negative: tuple = ()  # targets never below zero in the training data
    classes: tuple = ()  # a classifier's class names (the NPZ's `classes`), by class id
    # several inputs, in the model's order: input name -> {shape, dtype} (an NPZ array per
    # input name), plus {columns, rows: past|future} (a series: data.inputs)
    named_inputs: dict = field(default_factory=dict)

    @property
    def series(self) -> bool:
        return self.kind in ("csv", "parquet")

    @property
    def sequence_output(self) -> bool:
        """(horizon, targets) per sample (an encoder-decoder) rather than horizon x targets."""
        return len(self.output_shape) == 2

    @property
    def classifier(self) -> bool:
        return self.loss in SPARSE_LOSSES

    @property
    def columns(self) -> list:
        """The numeric columns a data file must have: the features, then the other targets."""
        return list(dict.fromkeys(self.features + self.targets))

    @property
    def recursive_ready(self) -> list:
        """Targets that are not features: a recursive forecast cannot feed them back."""
        return [t for t in self.targets if t not in self.features]

    @property
    def reads_future(self) -> bool:
        """An input reads the rows forecast (data.inputs rows: future: known-future
        covariates, a decoder's input)."""
        return any(spec.get("rows") == "future" for spec in self.named_inputs.values())

    @property
    def span(self) -> int:
        """Rows one sample's inputs read: the window, and the forecast rows when an input
        reads them."""
        return self.window + (self.horizon if self.reads_future else 0)

    @property
    def future_columns(self) -> list:
        """The feature columns that inputs read over the forecast rows."""
        return list(dict.fromkeys(column for spec in self.named_inputs.values()
                                  if spec.get("rows") == "future"
                                  for column in spec["columns"]))

    @functools.cached_property  # read at every window and step: made once per preparation
    def transform(self):
        """The target transform (log, differencing) the model learned under, or None."""
        from ...spec.sections.series import TargetTransform

        spec = TargetTransform(**self.target_transform) if self.target_transform else None
        return spec if spec is not None and spec.active else None

    @property
    def warmup(self) -> int:
        """Rows at the start of a file that have no transformed value (differencing)."""
        return self.transform.warmup if self.transform is not None else 0

    def inputs(self, features: np.ndarray, starts: np.ndarray,
               calendar: np.ndarray | None = None):
        """The model's inputs for the samples whose window starts at `starts`: feature rows
        (rows x features, transformed as training did) scaled, with the calendar features
        (unscaled) after them, cut by `windows`."""
        scaled = self.feature_scaling.apply(features)
        if calendar is not None and calendar.shape[1]:
            scaled = np.column_stack([scaled, calendar])
        return self.windows(scaled, starts)

    def windows(self, values: np.ndarray, starts: np.ndarray):
        """Windows of prepared rows (rows x (features + calendar), scaled), one sample per
        start: an array of the `window` rows from each start; with several inputs a dict,
        input name -> its columns over the window (rows: past) or over the `horizon` rows
        forecast after it (rows: future). Training cuts its samples with this too
        (csv_series.py), so new data can never be cut differently."""
        if not self.named_inputs:
            cut = values[starts[:, None] + np.arange(self.window)]
            return cut.astype(np.float32, copy=False)
        out = {}
        for name, spec in self.named_inputs.items():
            columns = [self.features.index(c) for c in spec["columns"]]
            offsets = np.arange(self.window) if spec["rows"] == "past" else \
                self.window + np.arange(self.horizon)
            cut = values[:, columns][starts[:, None] + offsets]
            out[name] = cut.astype(np.float32, copy=False)
        return out

    def scaled_targets(self, targets: np.ndarray, first_rows: np.ndarray) -> np.ndarray:
        """The model's targets for samples whose first target row is `first_rows` (`targets`:
        transformed as training did)."""
        scaled = self.target_scaling.apply(targets)
        y = scaled[first_rows[:, None] + np.arange(self.horizon)]
        return (y if self.sequence_output else y.reshape(len(y), -1)).astype(np.float32)

    def to_transformed(self, predicted: np.ndarray) -> np.ndarray:
        """Model outputs as (samples, horizon, targets), scaling undone (still transformed)."""
        steps = predicted.reshape(len(predicted), self.horizon, len(self.targets))
        return self.target_scaling.invert(steps)

    def to_original(self, predicted: np.ndarray, history: np.ndarray | None = None):
        """Model outputs as (samples, horizon, targets) in the original units; `history`:
        the `warmup` original target values before each sample's first forecast row, which
        undoing differencing needs."""
        steps = self.to_transformed(predicted)
        if self.transform is None:
            return steps
        from ..series.transforms import inverse

        if history is None:
            history = np.zeros((len(steps), 0, len(self.targets)))
        return inverse(steps, history, self.transform)

    def history(self, raw_targets: np.ndarray, first_rows: np.ndarray) -> np.ndarray:
        """The `warmup` original target rows before each first forecast row."""
        return raw_targets[first_rows[:, None] - self.warmup + np.arange(self.warmup)]

    def for_series(self, name: str, written: str) -> "Preparation":
        """This preparation with the statistics of one series (normalize_scope: series), or
        itself when the statistics are global."""
        if not self.per_series_statistics:
            return self
        stats = self.per_series_statistics.get(name)
        if stats is None:
            raise DataError(f"{written}: series '{name}' of column '{self.series_column}' was "
                            "not in the training data, so its normalisation statistics are "
                            "unknown (normalize_scope: series): predict only the trained series, "
                            "or train with normalize_scope: global")
        return dataclasses.replace(
            self, feature_scaling=Scaling(self.features, tuple(stats["feature_shift"]),
                                          tuple(stats["feature_scale"])),
            target_scaling=Scaling(self.targets, tuple(stats["target_shift"]),
                                   tuple(stats["target_scale"])))

    def to_json(self) -> dict:
        out = {"format": FORMAT}
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            out[item.name] = dataclasses.asdict(value) if isinstance(value, Scaling) else \
                list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_json(cls, stored: dict) -> "Preparation":
        """From the stored JSON value, checked against its format first (preparation_schema:
        ValueError with the key and what is wrong)."""
        from .preparation_schema import check

        if not isinstance(stored, dict) or stored.get("format") != FORMAT:
            raise ValueError(f"format {stored.get('format') if isinstance(stored, dict) else '?'}"
                             f" (this lstmspec reads format {FORMAT})")
        stored = json.loads(json.dumps(stored))  # as read from the file: lists, not tuples
        stored = {k: v for k, v in check(stored).items() if k in stored}
        values = {}
        for item in dataclasses.fields(cls):
            if item.name not in stored:
                continue
            value = stored[item.name]
            if item.name.endswith("_scaling"):
                value = Scaling(**{k: tuple(v) for k, v in value.items()})
            elif isinstance(value, list):
                value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
            values[item.name] = value
        return cls(**values)

    def data_file(self, run_dir: str) -> str | None:
        """The training data file, found from the run directory."""
        if self.data_path is None:
            return None
        return os.path.normpath(os.path.join(run_dir, self.data_path))


def relative_to(run_dir: str, path: str) -> str:
    """`path` relative to the run directory, with forward slashes (portable in JSON/YAML)."""
    return os.path.relpath(os.path.abspath(path), os.path.abspath(run_dir)).replace(os.sep, "/")


def read(run_dir: str) -> Preparation:
    """The stored preparation of a run; PreparationMissing says how to get one."""
    path = os.path.join(run_dir, FILE)
    if not os.path.isfile(path):
        raise PreparationMissing(
            f"{run_dir} has no {FILE}: it was written by an lstmspec from before runs stored how "
            "their data is prepared, or it is not a run directory: run `lstmspec run "
            f"{os.path.join(run_dir, 'config.yaml')} --overwrite` to train it again")
    try:
        with open(path, encoding="utf-8") as handle:
            return Preparation.from_json(json.load(handle))
    except (OSError, ValueError, TypeError, KeyError) as err:
        raise PreparationMissing(f"{path} cannot be read ({err}): run `lstmspec run` on the "
                                 "run's config.yaml again (with --overwrite)") from None
