"""The real-series keys of `data:` (csv, parquet): gaps, the time axis, calendar features,
several series in one file, and target transforms that predictions undo.

Pure declarations (no NumPy): lint counts the calendar features into input.shape[-1] from
here, and the runner reads the same values (lstmspec/runner/data/).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from typing_extensions import Annotated

from ..base import StrictModel

MISSING_POLICIES = ("error", "drop", "ffill", "interpolate")
MissingPolicy = Literal["error", "drop", "ffill", "interpolate"]
# Each calendar feature is a sine/cosine pair over its period (so December is next to January).
CALENDAR_PERIODS = {"month": 12, "day_of_week": 7, "day_of_year": 365.25, "hour": 24,
                    "minute": 60}
CalendarFeature = Literal["month", "day_of_week", "day_of_year", "hour", "minute"]
FREQUENCY_UNITS = ("step", "second", "minute", "hour", "day", "week", "month", "quarter", "year")
FREQUENCY_PATTERN = (r"^(auto|irregular|[1-9][0-9]{0,5} ?(step|second|minute|hour|day|week|"
                     r"month|quarter|year)s?)$")
Frequency = Annotated[str, Field(min_length=1, max_length=32, pattern=FREQUENCY_PATTERN)]
TimeFormat = Annotated[str, Field(min_length=2, max_length=64, pattern=r"^[^\x00]*%[^\x00]*$")]


class TargetTransform(StrictModel):
    """How the target columns are transformed before training; predictions, metrics, plots
    and the naive baseline are given back in the original units."""

    log: bool = False
    """Natural log of the targets (all values must be > 0); applied before differencing."""
    difference: Annotated[int, Field(ge=0, le=3)] = 0
    """Order of differencing: 1 forecasts the change from `lag` rows before, 2 the change of
    the change. The first difference x lag rows of each series give no sample."""
    lag: Annotated[int, Field(ge=1, le=100_000)] = 1
    """Rows between the two values of a difference: 1 step to step, 52 for a weekly series'
    year-on-year change."""

    @property
    def warmup(self) -> int:
        """Rows at the start of each series that have no transformed value."""
        return self.difference * self.lag

    @property
    def active(self) -> bool:
        return self.log or self.difference > 0


def calendar_width(calendar) -> int:
    """Input features that `calendar` adds (two per entry: sine and cosine)."""
    return 2 * len(calendar or ())


def calendar_columns(calendar) -> list:
    return [f"{name}_{part}" for name in calendar or () for part in ("sin", "cos")]
