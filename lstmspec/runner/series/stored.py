"""A trained run's stored preparation seen as a data section, so that new data passes
through the same steps as the training data (runner/series/prepare.py)."""

from __future__ import annotations

from types import SimpleNamespace

from ...spec.sections.series import TargetTransform


def as_data(prep, targets: tuple | None = None) -> SimpleNamespace:
    """The keys prepare_rows reads, from a Preparation; `targets`: the target columns the
    new file holds (default: all)."""
    transform = TargetTransform(**prep.target_transform) if prep.target_transform else None
    return SimpleNamespace(
        features=tuple(prep.features), targets=tuple(prep.targets if targets is None
                                                     else targets),
        time=prep.time, series=prep.series_column, missing=prep.missing,
        max_gap=prep.max_gap, frequency=prep.frequency, time_format=prep.time_format,
        calendar=tuple(prep.calendar), target_transform=transform,
        delimiter=prep.delimiter, decimal=prep.decimal, time_axis=prep.time_axis,
        gap_advice="fill them in the file (this run was trained with missing: error; a run "
                   "trained with data.missing: drop, ffill or interpolate handles them)")


def not_yet_supported(prep) -> list:
    """The settings of a run that predict/forecast/evaluate cannot yet honour on new data:
    none since they read each series with its own statistics."""
    return []
