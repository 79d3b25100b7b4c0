"""The real-series keys of `data:` (csv, parquet): gaps, the time axis, calendar features,
several series in one file, and target transforms that predictions undo.

Pure declarations (no NumPy): lint counts the calendar features into input.shape[-1] from
here, and the runner reads the same values (lstmspec/runner/data/).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError
from typing_extensions import Annotated

from ..base import StrictModel

MissingPolicy = Literal["error", "drop", "ffill", "interpolate"]
# Each calendar feature is a sine/cosine pair over its period (so December is next to January).
CALENDAR_PERIODS = {"month": 12, "day_of_week": 7, "day_of_year": 365.25, "hour": 24,
                    "minute": 60}
CalendarFeature = Literal["month", "day_of_week", "day_of_year", "hour", "minute"]
FREQUENCY_UNITS = ("step", "second", "minute", "hour", "day", "week", "month", "quarter", "year")
# The usual short forms (pandas' offset aliases, and words), each a unit of FREQUENCY_UNITS:
# month-end and month-start (M, MS) step alike; the data's own cells say which day they fall on.
FREQUENCY_ALIASES = {
    "s": "second", "S": "second", "sec": "second", "secs": "second", "min": "minute",
    "mins": "minute", "T": "minute", "h": "hour", "H": "hour", "hr": "hour", "hrs": "hour", "D": "day", "W": "week", "M": "month", "ME": "month",
    "MS": "month", "Q": "quarter", "QE": "quarter", "QS": "quarter", "Y": "year",
    "YE": "year", "YS": "year", "A": "year", "AS": "year",
}
FREQUENCY_WORDS = {"hourly": "hour", "daily": "day", "weekly": "week", "monthly": "month",
                   "quarterly": "quarter", "yearly": "year", "annual": "year"}
_FREQUENCY = re.compile(r"^(?P<count>[1-9][0-9]{0,5})? ?(?P<unit>[A-Za-z]+)$")
FREQUENCY_FORMS = ("auto, irregular, a count and a unit (`7 days`, `30 minutes`, `1 quarter`, "
                   "`5 steps`; units: step, second, minute, hour, day, week, month, quarter, "
                   "year), an alias with an optional count (`30min`, `30 min`, `1h`, `D`, `W`, "
                   "`MS`, `M`, `QS`, `Q`, `Y`; also s, T, H, ME, QE, YS, YE, A), or a word "
                   "(hourly, daily, weekly, monthly, quarterly, yearly)")


def canonical_frequency(text: str) -> str:
    """`30min`, `30 min`, `1h`, `MS`, `daily` -> `30 minutes`, `1 hour`, `1 month`, `1 day`:
    the form the runner reads; a text that is no frequency is a schema error listing the
    accepted forms."""
    if text in ("auto", "irregular"):
        return text
    match = _FREQUENCY.match(text.strip())
    unit = None
    if match:
        word = match.group("unit")
        singular = word[:-1] if word.endswith("s") and word[:-1] in FREQUENCY_UNITS else word
        unit = singular if singular in FREQUENCY_UNITS else FREQUENCY_ALIASES.get(word)
        if unit is None and match.group("count") is None:
            unit = FREQUENCY_WORDS.get(word)
    if unit is None:
        raise PydanticCustomError("frequency", "'{value}' is not a frequency lstmspec reads; "
                                  "it takes {forms}", {"value": text, "forms": FREQUENCY_FORMS})
    count = int(match.group("count") or 1)
    return f"{count} {unit}" + ("s" if count > 1 else "")


# The JSON Schema's pattern (an editor's hint; the validator above has the last word).
FREQUENCY_PATTERN = (r"^(auto|irregular|[a-z]+ly|annual|([1-9][0-9]{0,5} ?)?([A-Za-z]+))$")
Frequency = Annotated[str, Field(min_length=1, max_length=32,
                                 json_schema_extra={"pattern": FREQUENCY_PATTERN}),
                      AfterValidator(canonical_frequency)]
# The directives datetime.strptime knows (Python's _strptime); any other is refused at lint.
STRPTIME_DIRECTIVES = set("aAwdbBmyYHIpMSfzZjUWcxXGuV%")


def known_directives(text: str) -> str:
    for match in re.finditer(r"%(:?.)?", text):
        directive = match.group(1) or ""
        if directive.lstrip(":") not in STRPTIME_DIRECTIVES or directive == ":" or \
                (directive.startswith(":") and directive != ":z"):
            hint = (" (strptime has no quarter directive; quarters written 1970 Q1, 1970-Q1 or "
                    "1970Q1 are read without a time_format: remove it)") if directive == "q" \
                else ""
            raise PydanticCustomError(
                "time_format", "`{directive}` is not a strptime directive{hint}: write the "
                "format with %Y, %m, %d, %H, %M, %S, %b, %j... (Python's datetime.strptime)",
                {"directive": match.group(0), "hint": hint})
    return text


TimeFormat = Annotated[str, Field(min_length=2, max_length=64, pattern=r"^[^\x00]*%[^\x00]*$"),
                       AfterValidator(known_directives)]


class TargetTransform(StrictModel):
    """How the target columns are transformed before training; predictions, metrics, plots
    and the naive baseline are given back in the original units."""

    log: bool = False
    """Natural log of the targets (all values must be > 0); applied before differencing."""
    log1p: bool = False
    """log(1 + x) of the targets, for non-negative targets with zeros (solar power at night,
    counts); undone with exp(x) - 1. Applied before differencing; not with `log`."""
    difference: Annotated[int, Field(ge=0, le=3)] = 0
    """Order of differencing: 1 forecasts the change from `lag` rows before, 2 the change of
    the change. The first difference x lag rows of each series give no sample."""
    lag: Annotated[int, Field(ge=1, le=100_000)] = 1
    """Rows between the two values of a difference: 1 step to step, 52 for a weekly series'
    year-on-year change."""

    @model_validator(mode="after")
    def _one_logarithm(self):
        if self.log and self.log1p:
            raise PydanticCustomError(
                "two_logs", "log and log1p both take a logarithm: keep log1p for a column "
                "with zeros, log otherwise", {})
        return self

    @property
    def warmup(self) -> int:
        """Rows at the start of each series that have no transformed value."""
        return self.difference * self.lag

    @property
    def active(self) -> bool:
        return self.log or self.log1p or self.difference > 0


def calendar_width(calendar) -> int:
    """Input features that `calendar` adds (two per entry: sine and cosine)."""
    return 2 * len(calendar or ())
