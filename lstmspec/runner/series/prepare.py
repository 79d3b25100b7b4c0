"""From a source's columns to the rows a model's windows are cut from: the table (series
grouped, missing times inserted), gaps handled by `data.missing`, calendar features, and the
targets transformed. Nothing here is fitted: the same steps prepare new data for predict."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .calendar import calendar_features
from .gaps import handle_missing, usable_rows
from .table import RawColumns, Table, build_table
from .transforms import forward


@dataclass
class Prepared:
    table: Table
    features: np.ndarray  # (rows, features): the feature columns, transformed where targets
    calendar: np.ndarray  # (rows, 2 x calendar): sine/cosine pairs, not normalised
    targets: np.ndarray  # (rows, targets) as the model learns them (transformed)
    raw_targets: np.ndarray  # (rows, targets) in the original units (gaps filled)
    usable: np.ndarray  # bool per row: every value present (after fill and transforms)
    groups: np.ndarray  # the series of each row

    @property
    def labels(self) -> list:
        return self.table.labels or [str(i) for i in range(1, len(self.usable) + 1)]


def prepare_rows(raw: RawColumns, data, written: str) -> Prepared:
    """`data`: the data section (or a stored preparation with the same names)."""
    table = build_table(raw, data, written)
    where = {"written": written, "column": data.time}
    values = handle_missing(table.values, table.segments, table.rows, table.columns, where,
                            data.missing, data.max_gap, table.inserted,
                            getattr(data, "gap_advice", None))
    column = {name: i for i, name in enumerate(table.columns)}
    raw_targets = values[:, [column[c] for c in data.targets]]
    transform = data.target_transform
    targets = raw_targets
    if transform is not None and transform.active:
        targets = forward(raw_targets, table.segments, transform, list(data.targets),
                          table.rows, written)
    features = values[:, [column[c] for c in data.features]].copy()
    for t, name in enumerate(data.targets):
        if name in data.features:  # the model reads what it forecasts, transformed alike
            features[:, list(data.features).index(name)] = targets[:, t]
    calendar = calendar_features(table.times, list(data.calendar), where) \
        if data.calendar else np.zeros((len(values), 0))
    usable = usable_rows(np.column_stack([features, targets]))
    return Prepared(table, features, calendar, targets, raw_targets, usable,
                    table.series_of_rows())
