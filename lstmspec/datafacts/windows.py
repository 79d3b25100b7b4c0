"""How a time series of rows becomes windowed samples, split by time (pure integer arithmetic).

The rows are cut in order into train, validation and test parts. A sample is a window of
`window` rows and the `horizon` rows after it are its targets; it belongs to the part that holds
all its targets, so no target is ever seen in two parts. Its inputs may reach back into the
previous part, as they would in real use (the past is known when the forecast is made).
Samples start every `stride` rows from row 0. Lint and the runner use these same functions.
"""

from __future__ import annotations

from dataclasses import dataclass

PARTS = ("train", "validation", "test")


@dataclass(frozen=True)
class Layout:
    rows: int
    window: int
    horizon: int
    stride: int
    bounds: tuple  # ((start, end) of the rows of each part), in PARTS order

    def starts(self, part: str) -> range:
        """The first input row of each sample of a part."""
        begin, end = self.bounds[PARTS.index(part)]
        low = max(0, begin - self.window) if part != "train" else 0
        high = end - self.window - self.horizon  # last start whose targets end by `end`
        first = -(-low // self.stride) * self.stride  # smallest multiple of stride >= low
        return range(first, high + 1, self.stride) if high >= first else range(0)

    def count(self, part: str) -> int:
        return len(self.starts(part))

    @property
    def fit_rows(self) -> tuple:
        """Rows whose statistics normalise the data: the training part only."""
        return self.bounds[0]


def layout(rows: int, window: int, horizon: int, stride: int,
           fractions: tuple[float, float, float]) -> Layout:
    train = round(rows * fractions[0])
    validation = round(rows * fractions[1])
    test_end = rows if abs(sum(fractions) - 1.0) < 1e-9 else \
        min(rows, train + validation + round(rows * fractions[2]))
    bounds = ((0, train), (train, min(rows, train + validation)),
              (min(rows, train + validation), test_end))
    return Layout(rows, window, horizon, stride, bounds)


def fractions_of(split) -> tuple[float, float, float]:
    """(train, validation, test) of a SplitSpec, test defaulting to the rest."""
    return (split.train, split.validation, split.test_fraction)


def ordered_counts(total: int, fractions: tuple[float, float, float]) -> tuple[int, int, int]:
    """Sizes of the three parts of `total` samples taken in order (NPZ and synthetic data)."""
    train = round(total * fractions[0])
    validation = min(total - train, round(total * fractions[1]))
    rest = total - train - validation
    test = rest if abs(sum(fractions) - 1.0) < 1e-9 else min(rest, round(total * fractions[2]))
    return train, validation, test


def default_window(model) -> int | None:
    """Rows per sample when data.window is not set: input.shape[0], or for a model with
    several inputs fed from a CSV, the length of the first `rows: past` input."""
    if model.input is not None:
        return model.input.shape[0] if model.input.shape else None
    for name, spec in ((model.data.inputs or {}) if model.data else {}).items():
        if spec.rows == "past" and name in (model.inputs or {}) and model.inputs[name].shape:
            return model.inputs[name].shape[0]
    return None
