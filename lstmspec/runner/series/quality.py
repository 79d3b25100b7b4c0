"""The quality gate of a series run: its scores with the baselines (and a note on forecasts
below zero), whether `--require-beats` can be judged before anything trains, and the status
8 when the model does not beat the baseline."""

from __future__ import annotations

from ..errors import BaselineNotBeaten, BaselineUnavailable
from .scores import original_units
from .verdict import gate_failure, negative_note


def series_units(dataset, part: str, predicted) -> dict:
    """metrics.json's `original_units`, and `negative_forecasts` (target -> count) where
    forecasts of a target that the data never has below zero go below zero."""
    made = dataset.forecasts(part, predicted)
    units = original_units(tuple(dataset.target_names), made)
    never = dataset.preparation.never_negative
    below = {name: int((made.guess[..., t] < 0).sum())
             for t, name in enumerate(dataset.target_names) if name in never}
    if any(below.values()):
        units["negative_forecasts"] = {k: v for k, v in below.items() if v}
        units["negative_note"] = negative_note(dataset.target_names, never, made.guess)
    return units


def baseline_available(dataset, baseline: str | None) -> None:
    """--require-beats, checked once the data is loaded and before anything trains."""
    if baseline is None:
        return
    if not dataset.series:
        raise BaselineUnavailable(f"--require-beats {baseline} compares forecasts of a series "
                                  "with a baseline forecast; this run trains on "
                                  f"{dataset.preparation.kind} data: remove --require-beats")
    if baseline == "seasonal_naive" and not dataset.season:
        raise BaselineUnavailable("--require-beats seasonal_naive: this run has no season "
                                  "(years, plain steps, no time column, or data.season: 1): set "
                                  "data.season (rows per season), or require naive")


def require(units: dict, baseline: str) -> None:
    """Status 8 (the run kept) when the model does not beat the baseline everywhere."""
    failure = gate_failure(units, baseline)
    if failure:
        raise BaselineNotBeaten(failure)
