"""The names of the columns that hold predictions, in one place: `predict`, `forecast` and
`predictions.csv` name a value the same way.

- a series target `sst` forecast `h` steps: `sst` (actual) and `sst_predicted` for horizon 1;
  `sst+1`, `sst+1_predicted`, ..., `sst+h_predicted` otherwise;
- with `--interval`, `sst_lower` and `sst_upper` (`sst+2_lower` ...) after the forecast;
- a value at a position of a model output (NPZ runs): `y3`, `y3_predicted`; two axes `y3_0`;
- a class label (sparse categorical cross-entropy): `label` / `predicted_class` per sample, or
  `label_7` / `predicted_class_7` at position 7 of a per-timestep classifier; the probabilities
  only on request, `probability_class_2` or `probability_7_class_2`: never a name that reads
  like a target. With class names (an NPZ's `classes`), the cells hold the names and the
  probability columns are named by them: `probability_class_a`;
- `sample`: the index of a row's sample in the data file, when data.split.shuffle or
  stratify chose the samples of the part.
"""

from __future__ import annotations

import itertools


def series_target(name: str, step: int, horizon: int) -> str:
    """The actual value of target `name`, `step` (1-based) rows after the window."""
    return f"{name}+{step}" if horizon > 1 else name


def predicted(actual_name: str) -> str:
    return f"{actual_name}_predicted"


def actual_and_predicted(targets, horizon: int) -> list[str]:
    """Each step's actual and predicted column of each target, step by step (predictions.csv
    of a series run)."""
    return [column for step in range(1, horizon + 1) for name in targets
            for column in (series_target(name, step, horizon),
                           predicted(series_target(name, step, horizon)))]


def bounds(name: str) -> list[str]:
    """The interval around a forecast column `name` (a target, or `sst+2`): `sst_lower`,
    `sst_upper` (`predict`/`forecast --interval`)."""
    return [f"{name}_lower", f"{name}_upper"]


def positions(shape: tuple) -> list[str]:
    """`_3`, `_3_0`, ... for every index of an array shape (one sample); `` for a scalar."""
    return ["".join(f"_{i}" for i in index) for index in itertools.product(*map(range, shape))]


def value(position: str) -> str:
    """A plain output value at a position: `y3` (position `_3`)."""
    return "y" + position.lstrip("_")


def label(position: str) -> str:
    return f"label{position}"


def predicted_class(position: str) -> str:
    return f"predicted_class{position}"


SAMPLE = "sample"


def probability(position: str, klass) -> str:
    return f"probability{position}_class_{klass}"
