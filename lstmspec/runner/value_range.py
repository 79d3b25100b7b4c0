"""Values that float32 cannot hold: training computes in float32, where 1e308 is `inf` and
the loss is NaN from the first batch. Caught before TensorFlow starts, located."""

from __future__ import annotations

import numpy as np

from ..datafacts.windows import PARTS
from .errors import DataError

FLOAT32_MAX = float(np.finfo(np.float32).max)  # 3.4028235e38


def within_float32(values: np.ndarray, cells, lines, column: str, written: str) -> np.ndarray:
    """A column of numbers (NaN: missing), or a located error for the first one beyond the
    float32 range."""
    with np.errstate(invalid="ignore"):
        bad = np.flatnonzero(np.abs(values) > FLOAT32_MAX)
    if len(bad):
        raise DataError(f"{written}, line {lines[bad[0]]}, column '{column}': "
                        f"{cells[bad[0]]} is beyond the float32 range that training computes "
                        f"in (+-{FLOAT32_MAX:.4g}): rescale the column")
    return values


def check_range(dataset, written: str) -> None:
    """Every float array of every part is finite after its conversion to float32."""
    for part in PARTS:
        for name, values in named_arrays(dataset, part):
            if values.dtype.kind != "f" or np.isfinite(values).all():
                continue
            where = tuple(int(i) for i in np.argwhere(~np.isfinite(values))[0])
            raise DataError(f"{written}: the {part} {name} holds a value beyond the float32 "
                            f"range that training computes in (+-{FLOAT32_MAX:.4g}), first at "
                            f"sample {where[0]} (index {list(where)}): rescale the data")


def named_arrays(dataset, part: str):
    """(name, array) of one part: `x` and `y`, or `x['past']`... for a model with several
    inputs (a graph's data.inputs or NPZ arrays per input name)."""
    for name, arrays in (("x", dataset.x), ("y", dataset.y)):
        values = arrays.get(part)
        if isinstance(values, dict):
            yield from ((f"{name}['{key}']", array) for key, array in values.items())
        elif values is not None:
            yield name, values
