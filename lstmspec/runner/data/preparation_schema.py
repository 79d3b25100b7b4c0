"""The format of preparation.json, checked strictly before any value is used (it is a
contract file, like a config): every key of the `Preparation` value with its type and range,
no other key, and the facts that tie keys together (a scaling per column, a window that is
the model's input length, scales that are positive and finite). A file that fails is one
located line (PreparationInvalid, LS636), never a TypeError or a Keras shape error later.

A field added to `Preparation` is added here too (tests/test_preparation_schema.py compares
the two); a file written before the field existed reads back with the default. The target
transform is the spec's own TargetTransform (spec/sections/series.py): a transform declared
there is read here with the same types, ranges and checks, with no second declaration."""

from __future__ import annotations

import math
from typing import Annotated, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ...spec.sections.series import TargetTransform
from ..series.axis import FORMS

Count = Annotated[int, Field(ge=1)]
Dim = Optional[Annotated[int, Field(ge=1)]]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, hide_input_in_errors=True)


class ScalingFile(Strict):
    columns: list[str] = []
    shift: list[float] = []
    scale: list[float] = []

    @model_validator(mode="after")
    def _aligned(self):
        if not len(self.columns) == len(self.shift) == len(self.scale):
            raise ValueError("columns, shift and scale must have one entry per column")
        if not all(math.isfinite(v) for v in self.shift) or \
                not all(math.isfinite(v) and v > 0 for v in self.scale):
            raise ValueError("every shift must be finite and every scale finite and > 0")
        return self


class InputFile(Strict):
    """One of several inputs: its sample shape and dtype; for a series, the feature columns
    it reads and over which rows (data.inputs)."""

    shape: Annotated[list[Dim], Field(min_length=1)]
    dtype: Literal["float32", "float16", "bfloat16", "int32", "int64"]
    columns: Optional[Annotated[list[str], Field(min_length=1)]] = None
    rows: Optional[Literal["past", "future"]] = None

    @model_validator(mode="after")
    def _both(self):
        if (self.columns is None) != (self.rows is None):
            raise ValueError("columns and rows go together (a series input has both)")
        return self


class StepFile(Strict):
    size: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    unit: Literal["number", "second", "month"]


class TimeAxisFile(Strict):
    """The training data's time axis (runner/series/axis.py)."""

    form: Literal[FORMS]
    how: Annotated[str, Field(min_length=1)]
    step: Optional[StepFile] = None


class PreparationFile(Strict):
    format: Literal[1]
    kind: Literal["csv", "parquet", "npz", "synthetic"]
    input_shape: Annotated[list[Dim], Field(min_length=1)]
    input_dtype: Literal["float32", "float16", "bfloat16", "int32", "int64"]
    output_shape: list[Dim]
    loss: str
    data_path: Optional[str] = None
    features: list[str] = []
    targets: list[str] = []
    time: Optional[str] = None
    window: Annotated[int, Field(ge=0)] = 0
    horizon: Count = 1
    stride: Count = 1
    normalize: Literal["standard", "minmax", "none"] = "none"
    feature_scaling: ScalingFile = ScalingFile()
    target_scaling: ScalingFile = ScalingFile()
    fit_rows: Annotated[list[Annotated[int, Field(ge=0)]], Field(min_length=2, max_length=2)] \
        = [0, 0]
    split: dict[str, Union[bool, float]] = {}  # fractions, and shuffle/stratify (npz)
    split_written: bool = False
    split_seed: Annotated[int, Field(ge=0)] = 0
    series_column: Optional[str] = None
    missing: str = "error"
    max_gap: Optional[Count] = None
    frequency: str = "auto"
    time_format: Optional[str] = None
    calendar: list[str] = []
    time_axis: Optional[TimeAxisFile] = None
    target_transform: Optional[TargetTransform] = None  # the spec's own model: one owner
    split_by: str = "time"
    normalize_scope: Literal["global", "series"] = "global"
    delimiter: Annotated[str, Field(min_length=1, max_length=1)] = ","
    decimal: Annotated[str, Field(min_length=1, max_length=1)] = "."
    per_series_statistics: dict[str, dict[str, list[float]]] = {}
    outputs: dict[str, list[Dim]] = {}
    season: Optional[Count] = None
    mase_scale: dict[str, list[Optional[float]]] = {}
    never_negative: list[str] = []
    classes: list[str] = []  # a classifier's class names, by id (an NPZ's `classes`)
    named_inputs: Annotated[dict[str, InputFile], Field(max_length=64)] = {}

    @model_validator(mode="after")
    def _series(self):
        series = self.kind in ("csv", "parquet")
        if any((spec.columns is not None) != series for spec in self.named_inputs.values()):
            raise ValueError("named_inputs: a series run's inputs have columns and rows, an "
                             "array run's have neither")
        if not series:
            return self
        if not self.features or not self.targets:
            raise ValueError("a series run needs its features and targets")
        if self.window < 1 or (not self.named_inputs and self.input_shape[0] != self.window):
            raise ValueError(f"window ({self.window}) must be >= 1 and the input length "
                             f"(input_shape[0], {self.input_shape[0]})")
        for name, spec in self.named_inputs.items():
            self._input_fits(name, spec)
        if self.feature_scaling.columns != self.features:
            raise ValueError("feature_scaling must have one entry per feature, in order")
        if self.target_scaling.columns != self.targets:
            raise ValueError("target_scaling must have one entry per target, in order")
        return self

    def _input_fits(self, name: str, spec: InputFile) -> None:
        """A series input reads feature columns, `window` rows (past) or `horizon` (future)."""
        if any(c not in self.features for c in spec.columns):
            raise ValueError(f"named_inputs.{name}.columns: a column that is not among the "
                             "features")
        steps = self.window if spec.rows == "past" else self.horizon
        if spec.shape != [steps, len(spec.columns)]:
            raise ValueError(f"named_inputs.{name}.shape: not [{spec.rows} rows ({steps}), "
                             f"its columns ({len(spec.columns)})]")


def check(stored) -> dict:
    """The stored JSON value, checked; ValueError with one line (the key path and what is
    wrong, never the value) when it does not match."""
    try:
        return PreparationFile.model_validate(stored).model_dump()
    except ValidationError as err:
        problems = err.errors(include_url=False, include_input=False)
        first = problems[0]
        where = ".".join(str(p) for p in first["loc"]) or "the file"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        message = first["msg"].removeprefix("Value error, ")
        raise ValueError(f"{where}: {message}{more}") from None
