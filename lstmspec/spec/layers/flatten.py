"""Flatten: merges every non-batch axis (keras/src/layers/reshaping/flatten.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from ..base import LayerSpec
from ..shapes import Inferred, Shape, flat_size, fmt


class FlattenSpec(LayerSpec):
    """Flattens the input, keeping the batch axis (keras.layers.Flatten).

    Input shape: (batch, ...). Output shape: (batch, product of the other axes).
    """

    KERAS_CLASS: ClassVar[str] = "Flatten"
    KEEPS_RANGE: ClassVar[bool] = True

    type: Literal["Flatten"]

    def infer(self, shape: Shape) -> Inferred:
        rest = shape[1:]
        return Inferred((shape[0], flat_size(rest) if rest else 1))

    def describe(self, shape: Shape, out: Shape) -> str:
        unknown = " (unknown, since an axis is unknown)" if out[1] is None else ""
        return f"merges all axes but the batch into one of {out[1]}{unknown} -> {fmt(out)}"


SPEC = FlattenSpec
