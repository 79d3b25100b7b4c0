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

Column = Annotated[str, Field(min_length=1, max_length=256)]
Columns = Annotated[list[Column], Field(min_length=1, max_length=10_000)]
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]

# Which keys each kind takes (the others are errors, so that a misplaced key is not ignored).
KIND_KEYS: dict[str, tuple[str, ...]] = {
    "csv": ("path", "features", "targets", "time", "window", "horizon", "stride", "split",
            "normalize"),
    "npz": ("path", "split"),
    "synthetic": ("samples", "split"),
}
REQUIRED: dict[str, tuple[str, ...]] = {"csv": ("path", "features", "targets"),
                                        "npz": ("path",), "synthetic": ()}
OPTIONAL_KEYS = ("path", "features", "targets", "time", "window", "horizon", "stride",
                 "normalize", "samples")


class SplitSpec(StrictModel):
    """Fractions of the data for training, validation and test, taken in order (by time)."""

    train: Annotated[float, Field(gt=0.0, le=1.0)] = 0.7
    """Fraction used for training (the first part)."""
    validation: Fraction = 0.15
    """Fraction used to validate after every epoch (the middle part); 0 for none."""
    test: Optional[Fraction] = None
    """Fraction held out for the final evaluation (the last part); by default the rest."""

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


class DataSpec(StrictModel):
    """The training data: `kind` csv, npz or synthetic, and that kind's keys."""

    kind: Literal["csv", "npz", "synthetic"]
    """csv: a time series turned into windows; npz: arrays x and y; synthetic: random data
    shaped from the model (a smoke run)."""
    path: Optional[Annotated[str, Field(min_length=1, max_length=4096,
                                        pattern=r"^[^\x00]*$")]] = None
    """The data file (csv, npz), relative to this config file."""
    features: Optional[Columns] = None
    """csv: the input columns, in order; their count is input.shape[-1]."""
    targets: Optional[Columns] = None
    """csv: the columns to forecast (may repeat input columns)."""
    time: Optional[Column] = None
    """csv: a column that labels the rows (a year, a date) in the predictions and the plot."""
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

    @field_validator("features", "targets")
    @classmethod
    def _unique(cls, value):
        seen = set()
        for column in value:
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
        return self
