"""`data:`: where the training data comes from: a CSV time series, NPZ arrays, or synthetic data.

- csv: rows in time order; `features` columns are the inputs, `targets` columns what is
  forecast. Each sample is a window of `window` rows (input.shape[0]) and its targets are the
  next `horizon` rows. The split is by time; normalisation is fitted on the training part only.
- npz: arrays `x` and `y` (split in order by `split`), or `x_train`, `y_train`, `x_val`,
  `y_val`, `x_test`, `y_test`. Read with allow_pickle=False, headers checked before loading.
- synthetic: random inputs shaped from the model and targets that depend on them: a smoke run
  with no data file.

Paths are relative to the config file.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError
from typing_extensions import Annotated

from ..base import StrictModel
from .series import (
    CalendarFeature, Frequency, MissingPolicy, TargetTransform, TimeFormat, calendar_width,
)

Column = Annotated[str, Field(min_length=1, max_length=256)]
# The time column may be the one a CSV header leaves empty (pandas writes its index so:
# `,KSI,label`): it is named by the empty name, quoted (`time: ''`).
TimeColumn = Annotated[str, Field(max_length=256)]
Columns = Annotated[list[Column], Field(min_length=1, max_length=10_000)]
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]

# Which keys each kind takes (the others are errors, so that a misplaced key is not ignored).
SERIES_KEYS = ("series", "missing", "max_gap", "frequency", "time_format", "calendar",
               "target_transform", "split_by", "normalize_scope", "stream", "season")
KIND_KEYS: dict[str, tuple[str, ...]] = {
    "csv": ("path", "features", "targets", "time", "window", "horizon", "stride", "split",
            "normalize", "delimiter", "decimal", "inputs") + SERIES_KEYS,
    "parquet": ("path", "features", "targets", "time", "window", "horizon", "stride", "split",
                "normalize", "inputs") + SERIES_KEYS,
    "npz": ("path", "split"),
    "synthetic": ("samples", "split"),
}
REQUIRED: dict[str, tuple[str, ...]] = {"csv": ("path", "features", "targets"),
                                        "parquet": ("path", "features", "targets"),
                                        "npz": ("path",), "synthetic": ()}
OPTIONAL_KEYS = ("path", "features", "targets", "time", "window", "horizon", "stride",
                 "normalize", "samples", "delimiter", "decimal", "inputs") + SERIES_KEYS


class SplitSpec(StrictModel):
    """Fractions of the data for training, validation and test, taken in order (by time), or
    shuffled or stratified (npz and synthetic data)."""

    train: Annotated[float, Field(gt=0.0, le=1.0)] = 0.7
    """Fraction used for training (the first part)."""
    validation: Fraction = 0.15
    """Fraction used to validate after every epoch (the middle part); 0 for none."""
    test: Optional[Fraction] = None
    """Fraction held out for the final evaluation (the last part); by default the rest."""
    shuffle: bool = False
    """npz and synthetic data: a seeded random partition (by train.seed) instead of cutting
    in order, for samples stored sorted (by class, by source); never for a series, where it
    would train on the future."""
    stratify: bool = False
    """npz and synthetic data with a classification loss: cut each class by the fractions, so
    that every part keeps the class proportions and training sees every class."""

    @model_validator(mode="after")
    def _fractions_add_up(self):
        total = self.train + self.validation + (self.test or 0.0)
        if total > 1.0 + 1e-9 or (self.test is not None and abs(total - 1.0) > 1e-9):
            raise PydanticCustomError(
                "split_sum", "the fractions must add up to 1 (test defaults to the rest); "
                "received train {train} + validation {validation} + test {test} = {total}",
                {"train": self.train, "validation": self.validation,
                 "test": self.test if self.test is not None else 0, "total": round(total, 6)})
        return self

    @property
    def test_fraction(self) -> float:
        rest = round(1.0 - self.train - self.validation, 9)  # 1 - 0.95 - 0.05 is not 0
        return self.test if self.test is not None else max(0.0, rest)


class InputColumns(StrictModel):
    """Which feature columns feed one of the model's `inputs:`, and from which rows."""

    columns: Columns
    """Columns among `features` (they are normalised as features are)."""
    rows: Literal["past", "future"] = "past"
    """past: the `window` rows before the forecast (the encoder's input); future: the
    `horizon` rows forecast, for covariates known in advance (the decoder's input)."""


class DataSpec(StrictModel):
    """The training data: `kind` csv, parquet, npz or synthetic, and that kind's keys."""

    kind: Literal["csv", "parquet", "npz", "synthetic"]
    """csv: a time series turned into windows; parquet: the same from a Parquet file (needs
    pyarrow); npz: arrays x and y; synthetic: random data shaped from the model (a smoke
    run)."""
    path: Optional[Annotated[str, Field(min_length=1, max_length=4096,
                                        pattern=r"^[^\x00]*$")]] = None
    """The data file (csv, npz), relative to this config file; csv and parquet may name many
    files with a glob (`shards/*.csv`): each file is then its own series."""
    features: Optional[Columns] = None
    """csv: the input columns, in order; their count is input.shape[-1]."""
    targets: Optional[Columns] = None
    """csv: the columns to forecast (may repeat input columns)."""
    time: Optional[TimeColumn] = None
    """csv: a column that labels the rows (a year, a date) in the predictions and the plot;
    `''` names a column whose header is empty (a pandas index: `,KSI,label`)."""
    window: Optional[Annotated[int, Field(gt=0, le=1_000_000)]] = None
    """csv: rows per sample; by default input.shape[0]. Must equal it when both are set."""
    horizon: Annotated[int, Field(gt=0, le=100_000)] = 1
    """csv: how many rows after each window are forecast."""
    stride: Annotated[int, Field(gt=0, le=1_000_000)] = 1
    """csv: rows between the starts of two consecutive windows."""
    split: SplitSpec = Field(default_factory=SplitSpec)
    """How the samples are divided, in order: {train: 0.7, validation: 0.15, test: rest}."""
    normalize: Literal["standard", "minmax", "none"] = "standard"
    """csv: scale each column with statistics of the training rows only (standard: mean 0,
    std 1; minmax: [0, 1]). Predictions are written back in the original units."""
    samples: Annotated[int, Field(gt=0, le=10_000_000)] = 512
    """synthetic: how many samples to generate."""
    series: Optional[Column] = None
    """csv: an id column: several series in one file (long format). Windows never cross two
    series; each series is split by time (or whole series, with split_by: series)."""
    missing: MissingPolicy = "error"
    """csv: what to do with gaps (empty cells, and rows missing from the time column's
    frequency): error, drop (the windows that touch a gap, never rows), ffill (the last
    value before the gap) or interpolate (a straight line across the gap)."""
    max_gap: Optional[Annotated[int, Field(gt=0, le=1_000_000)]] = None
    """csv: the longest gap (consecutive missing rows of one column) that `missing` may
    drop or fill; a longer one is an error. Default: any length."""
    frequency: Frequency = "auto"
    """csv: the spacing of the time column: auto (the most common step), irregular (no
    spacing checked), or a step such as `7 days`, `1 month`, `1 quarter`, `5 steps`
    (integer times). Rows missing from the frequency are gaps."""
    time_format: Optional[TimeFormat] = None
    """csv: a strptime format of the time column (`%d.%m.%Y`); by default integers, ISO
    dates and times, YYYYMMDD integers, YYYY-MM and `Jan-1-1995` are recognised."""
    calendar: Optional[Annotated[list[CalendarFeature], Field(min_length=1, max_length=5)]] = \
        None
    """csv: features derived from the time column, each a sine/cosine pair appended after
    `features` (so each adds 2 to input.shape[-1]): month, day_of_week, day_of_year, hour,
    minute."""
    target_transform: Optional[TargetTransform] = None
    """csv: {log, difference, lag}: train on transformed targets (the same columns among the
    features too); predictions and metrics are given back in the original units."""
    split_by: Literal["time", "series"] = "time"
    """csv with `series`: time (each series cut by time into the parts) or series (whole
    series go to each part, in order of first appearance)."""
    normalize_scope: Literal["global", "series"] = "global"
    """csv with `series`: one set of statistics for all series, or one per series."""
    season: Optional[Annotated[int, Field(ge=1, le=100_000)]] = None
    """csv, parquet: rows per season, for the seasonal naive forecast and MASE (the value one
    season before each forecast row). Default from the frequency: 48 for 30 minutes, 24
    hourly, 7 daily, 52 weekly, 12 monthly, 4 quarterly, a day's rows for other steps that
    divide a day; none for years and plain steps. 1: no season."""
    stream: bool = False
    """csv, parquet: stream the files of `path` (a glob such as `shards/*.csv`) through
    tf.data, one file in memory at a time, instead of loading them all; each file is its own
    series (windows never cross two files), statistics are fitted in one pass."""
    delimiter: Annotated[str, Field(min_length=1, max_length=1, pattern=r'^[^\x00\r\n"]$')] = ","
    """csv: the character between cells: `,`, `;`, a tab (`"\\t"`), `|`."""
    decimal: Literal[".", ","] = "."
    """csv: the decimal mark of the numbers (`,` needs another delimiter, such as `;`)."""
    inputs: Optional[Annotated[dict[Column, InputColumns], Field(min_length=1,
                                                                 max_length=64)]] = None
    """csv, for a model with several `inputs:`: input name -> {columns, rows: past|future},
    e.g. past values for an encoder and known-future covariates for a decoder."""

    @property
    def input_width(self) -> int:
        """Values per time step that the data gives: the features, then the calendar pairs."""
        return len(self.features or ()) + calendar_width(self.calendar)

    @field_validator(*OPTIONAL_KEYS, "split", mode="after")
    @classmethod
    def _taken_by_this_kind(cls, value, info: ValidationInfo):
        kind = info.data.get("kind")
        if kind in KIND_KEYS and info.field_name not in KIND_KEYS[kind]:
            takers = [k for k, keys in KIND_KEYS.items() if info.field_name in keys]
            raise PydanticCustomError(
                "data_argument", "{kind} data has no `{key}` (only {takers} data does): remove "
                "it", {"kind": kind, "key": info.field_name, "takers": " and ".join(takers)})
        return value

    @field_validator("calendar")
    @classmethod
    def _unique_calendar(cls, value):
        if value is not None and len(set(value)) != len(value):
            raise PydanticCustomError("duplicate_column", "a calendar feature is listed twice: "
                                      "list each once", {})
        return value

    @field_validator("features", "targets")
    @classmethod
    def _unique(cls, value):
        seen = set()
        for column in value or ():  # `features: null`: absent, as written
            if column in seen:
                raise PydanticCustomError("duplicate_column", "column '{column}' is listed "
                                          "twice: list each column once", {"column": column})
            seen.add(column)
        return value

    @model_validator(mode="after")
    def _kind_has_its_keys(self):
        missing = [k for k in REQUIRED[self.kind] if getattr(self, k) is None]
        if missing:
            raise PydanticCustomError(
                "kind_requires", "{kind} data needs {keys}: add {add}",
                {"kind": self.kind, "keys": ", ".join(f"`{k}`" for k in missing),
                 "add": ", ".join(f"`{k}:`" for k in missing)})
        if self.decimal == "," and self.delimiter == ",":
            raise PydanticCustomError(
                "decimal_comma", "decimal: ',' needs another delimiter (the cells would split "
                "inside the numbers): set delimiter: ';'", {})
        return self
